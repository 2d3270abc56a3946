/* cw-csv-private.h — the CSV tokeniser and number parser (csv-lex.c), used by the reader in
 * dataset-csv.c. */
#ifndef CW_CSV_PRIVATE_H
#define CW_CSV_PRIVATE_H

#include "cw-base.h"

#include <locale.h>
#include <stddef.h>

typedef struct {
  char *text;             /* NUL-terminated in the file buffer */
  size_t len;
  bool quoted;
} csv_field;

typedef struct {
  const char *name;       /* file name for messages */
  char *p, *end;          /* unread text; *end is a writable spare byte */
  int line;               /* 1-based line of p */
  char delim;
  locale_t c_locale;
  cw_error *err;
} csv_reader;

/* The whole of s as a number (no surrounding blanks), independent of the process locale. to_float:
 * the value will be stored as float, so a result within one double ulp is good enough. */
bool cw_csv_parse_number (const char *s, bool to_float, locale_t c_locale, double *out);
/* A cell or header as a number, also accepting a decimal comma when fields are not separated by commas. */
bool cw_csv_parse_text (const csv_reader *r, const char *s, bool to_float, double *out);
/* Reads one record into *fields (grown as needed, *cap its size), unquoting in place. Returns the
 * number of fields, 0 at the end of the text, -1 after filling r->err. */
int cw_csv_read_record (csv_reader *r, csv_field **fields, int *cap, int *record_line);
/* Tab if the header line has one, else ';' or ',' by count, ignoring quoted text. */
char cw_csv_detect_delimiter (const char *p, const char *end);
/* s, or its first size-4 bytes and "..." in buf when longer: cells quoted in messages stay short. */
const char *cw_csv_clip (const char *s, char *buf, size_t size);
/* Case-insensitive Levenshtein distance (1000 for strings over 63 bytes), for "did you mean". */
int cw_csv_edit_distance (const char *a, const char *b);

#endif
