/* json-writer.h — a small streaming JSON writer (indented, strings escaped, non-finite numbers as null).
 *
 * Inside an object every value takes a key; inside an array (or at the top) the key is NULL. */
#ifndef JSON_WRITER_H
#define JSON_WRITER_H

#include <stdbool.h>
#include <stdio.h>

#define CLI_JSON_MAX_DEPTH 32

typedef struct {
  FILE *f;
  int depth;
  bool has_items[CLI_JSON_MAX_DEPTH]; /* a comma is due before the next value at this depth */
  bool inline_array[CLI_JSON_MAX_DEPTH]; /* numbers of an array kept on one line */
} cli_json;

void cli_json_init (cli_json *j, FILE *f);
void cli_json_begin_object (cli_json *j, const char *key);
void cli_json_end_object (cli_json *j);
/* `compact`: items on one line, for number rows and matrices. */
void cli_json_begin_array (cli_json *j, const char *key, bool compact);
void cli_json_end_array (cli_json *j);
void cli_json_string (cli_json *j, const char *key, const char *value); /* NULL -> null */
void cli_json_number (cli_json *j, const char *key, double value);     /* NaN/Inf -> null */
/* A float32 setting, written with the fewest digits that read back as the same float (1e-3, not
 * 0.0010000000474974513). */
void cli_json_float (cli_json *j, const char *key, float value);
void cli_json_int (cli_json *j, const char *key, long long value);
void cli_json_bool (cli_json *j, const char *key, bool value);
void cli_json_null (cli_json *j, const char *key);
/* Ends the document with a newline. */
void cli_json_finish (cli_json *j);

/* Writes s as a JSON string literal (with quotes). */
void cli_json_write_escaped (FILE *f, const char *s);

#endif
