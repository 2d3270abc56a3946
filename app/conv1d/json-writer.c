/* json-writer.c — a small streaming JSON writer for --json output. */
#include "json-writer.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

void
cli_json_init (cli_json *j, FILE *f)
{
  j->f = f;
  j->depth = 0;
  j->has_items[0] = false;
  j->inline_array[0] = false;
}

void
cli_json_write_escaped (FILE *f, const char *s)
{
  fputc ('"', f);
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      switch (*p)
        {
        case '"': fputs ("\\\"", f); break;
        case '\\': fputs ("\\\\", f); break;
        case '\n': fputs ("\\n", f); break;
        case '\r': fputs ("\\r", f); break;
        case '\t': fputs ("\\t", f); break;
        case '\b': fputs ("\\b", f); break;
        case '\f': fputs ("\\f", f); break;
        default:
          /* Other control characters have no short escape; UTF-8 bytes pass through unchanged. */
          if (*p < 0x20 || *p == 0x7f)
            fprintf (f, "\\u%04x", *p);
          else
            fputc (*p, f);
        }
    }
  fputc ('"', f);
}

static void
indent (cli_json *j)
{
  fputc ('\n', j->f);
  for (int i = 0; i < j->depth; i++)
    fputs ("  ", j->f);
}

/* The separator, line break and key that come before any value. */
static void
begin_value (cli_json *j, const char *key)
{
  if (j->has_items[j->depth])
    fputc (',', j->f);
  if (j->depth > 0)
    {
      if (j->inline_array[j->depth])
        {
          if (j->has_items[j->depth])
            fputc (' ', j->f);
        }
      else
        indent (j);
    }
  j->has_items[j->depth] = true;
  if (key)
    {
      cli_json_write_escaped (j->f, key);
      fputs (": ", j->f);
    }
}

static void
open_container (cli_json *j, const char *key, char bracket, bool compact)
{
  begin_value (j, key);
  fputc (bracket, j->f);
  assert (j->depth + 1 < CLI_JSON_MAX_DEPTH);
  j->depth++;
  j->has_items[j->depth] = false;
  j->inline_array[j->depth] = compact || j->inline_array[j->depth - 1];
}

static void
close_container (cli_json *j, char bracket)
{
  assert (j->depth > 0);
  bool had_items = j->has_items[j->depth];
  bool compact = j->inline_array[j->depth];
  j->depth--;
  if (had_items && !compact)
    indent (j);
  fputc (bracket, j->f);
}

void cli_json_begin_object (cli_json *j, const char *key) { open_container (j, key, '{', false); }
void cli_json_end_object (cli_json *j) { close_container (j, '}'); }
void cli_json_begin_array (cli_json *j, const char *key, bool compact) { open_container (j, key, '[', compact); }
void cli_json_end_array (cli_json *j) { close_container (j, ']'); }

void
cli_json_string (cli_json *j, const char *key, const char *value)
{
  begin_value (j, key);
  if (value)
    cli_json_write_escaped (j->f, value);
  else
    fputs ("null", j->f);
}

void
cli_json_number (cli_json *j, const char *key, double value)
{
  begin_value (j, key);
  if (!isfinite (value))
    {
      fputs ("null", j->f);
      return;
    }
  /* The shortest of 15 or 17 significant digits that reads back as the same double. */
  char buf[40];
  snprintf (buf, sizeof buf, "%.15g", value);
  if (strtod (buf, NULL) != value)
    snprintf (buf, sizeof buf, "%.17g", value);
  fputs (buf, j->f);
}

void
cli_json_float (cli_json *j, const char *key, float value)
{
  begin_value (j, key);
  if (!isfinite (value))
    {
      fputs ("null", j->f);
      return;
    }
  char buf[32];
  for (int digits = 6; digits <= 9; digits++)
    {
      snprintf (buf, sizeof buf, "%.*g", digits, (double) value);
      if (strtof (buf, NULL) == value)
        break;
    }
  fputs (buf, j->f);
}

void
cli_json_int (cli_json *j, const char *key, long long value)
{
  begin_value (j, key);
  fprintf (j->f, "%lld", value);
}

void
cli_json_bool (cli_json *j, const char *key, bool value)
{
  begin_value (j, key);
  fputs (value ? "true" : "false", j->f);
}

void
cli_json_null (cli_json *j, const char *key)
{
  begin_value (j, key);
  fputs ("null", j->f);
}

void
cli_json_finish (cli_json *j)
{
  assert (j->depth == 0);
  fputc ('\n', j->f);
  fflush (j->f);
}
