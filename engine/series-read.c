/* series-read.c — the recording reader: one column per signal, one row per time point, an optional
 * time column and text columns of per-row labels. The file is held in memory and read in one pass that
 * keeps each cell's text; the columns' kinds are then decided and the cells parsed column by column, so
 * an error names the first bad cell's line and column. */
#include "cw-csv-private.h"
#include "cw-series-private.h"

#include <assert.h>
#include <limits.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
  csv_reader r;
  int n_cols, n_rows, capacity;
  char **headers;       /* n_cols, pointing into the buffer (NULL: no header line) */
  char **cells;         /* capacity x n_cols, row-major, pointing into the buffer */
  int *lines;           /* capacity */
} raw_table;

static bool
raw_reserve (raw_table *t, int rows)
{
  if (rows <= t->capacity)
    return true;
  int capacity = t->capacity ? t->capacity * 2 : 4096;
  if (capacity < rows)
    capacity = rows;
  char **cells = realloc (t->cells, (size_t) capacity * (size_t) t->n_cols * sizeof (char *));
  if (cells)
    t->cells = cells;
  int *lines = realloc (t->lines, (size_t) capacity * sizeof (int));
  if (lines)
    t->lines = lines;
  if (!cells || !lines)
    return false;
  t->capacity = capacity;
  return true;
}

static const char *
column_name (const raw_table *t, int c, char *buf, size_t size)
{
  if (t->headers && t->headers[c][0])
    return cw_csv_clip (t->headers[c], buf, size);
  snprintf (buf, size, "column %d", c + 1);
  return buf;
}

/* Header names: "time", "ms" and "sample" give the unit of a time column. */
static double
time_unit_seconds (const char *header, bool *in_samples)
{
  *in_samples = strcasecmp (header, "sample") == 0 || strcasecmp (header, "samples") == 0
                || strcasecmp (header, "index") == 0;
  size_t n = strlen (header);
  if (strcasecmp (header, "ms") == 0 || (n > 3 && strcasecmp (header + n - 3, "_ms") == 0)
      || (n > 4 && strcasecmp (header + n - 4, "(ms)") == 0))
    return 1e-3;
  return 1;
}

static cw_series *
parse_table (raw_table *t, const cw_series_options *options, cw_error *err)
{
  const char *name = t->r.name;
  char clip[48], clip2[48];
  /* Which column is time. */
  int time_col = -1;
  if (options->time_column && options->time_column[0])
    {
      for (int c = 0; c < t->n_cols && t->headers; c++)
        if (strcasecmp (t->headers[c], options->time_column) == 0)
          time_col = c;
      if (time_col < 0)
        {
          char list[256] = "";
          size_t used = 0;
          for (int c = 0; c < t->n_cols && used < 200; c++)
            {
              int wrote = snprintf (list + used, sizeof list - used, "%s'%s'", c ? ", " : "",
                                    column_name (t, c, clip, sizeof clip));
              used += wrote > 0 ? (size_t) wrote : 0;
            }
          cw_error_set (err, CW_ERR_PARSE, 1, 0, "%s: no column named '%s' for the time; the columns are %s.", name,
                        cw_csv_clip (options->time_column, clip2, sizeof clip2), list);
          return NULL;
        }
    }
  /* Kinds: numbers unless the first non-empty cell is text. */
  bool *numeric = calloc ((size_t) t->n_cols, sizeof (bool));
  if (!numeric)
    {
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
      return NULL;
    }
  int n_numeric = 0;
  for (int c = 0; c < t->n_cols; c++)
    {
      /* A column with no value at all is an (empty) label column, not a signal full of gaps. */
      numeric[c] = false;
      for (int i = 0; i < t->n_rows; i++)
        {
          const char *cell = t->cells[(size_t) i * (size_t) t->n_cols + (size_t) c];
          double v;
          if (!cell[0])
            continue;
          numeric[c] = cw_csv_parse_text (&t->r, cell, false, &v);
          break;
        }
      n_numeric += numeric[c];
    }
  if (time_col < 0 && !(options->time_column && !options->time_column[0]) && n_numeric >= 2 && numeric[0])
    {
      bool named = t->headers && cw_series_is_time_name (t->headers[0]);
      bool increasing = true;
      double previous = -INFINITY;
      for (int i = 0; i < t->n_rows && increasing; i++)
        {
          double v;
          increasing = cw_csv_parse_text (&t->r, t->cells[(size_t) i * (size_t) t->n_cols], false, &v) && v > previous;
          previous = v;
        }
      if (named || increasing)
        time_col = 0;
    }
  if (time_col >= 0 && !numeric[time_col])
    {
      free (numeric);
      cw_error_set (err, CW_ERR_PARSE, t->lines[0], time_col + 1, "%s: line %d, column %d: the time column '%s' "
                    "holds text; expected a number.", name, t->lines[0], time_col + 1,
                    column_name (t, time_col, clip, sizeof clip));
      return NULL;
    }
  int n_signals = n_numeric - (time_col >= 0), n_labels = t->n_cols - n_numeric;
  if (n_signals < 1)
    {
      free (numeric);
      cw_error_set (err, CW_ERR_PARSE, 1, 0, "%s: no column of numbers to use as a signal (a recording has one "
                    "column per signal, one row per time point).", name);
      return NULL;
    }
  cw_series *s = cw_series_alloc (t->n_rows, n_signals, n_labels);
  if (!s)
    {
      free (numeric);
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
      return NULL;
    }
  bool ok = (s->source = cw_series_strdup (name)) != NULL;
  int signal = 0, label = 0;
  for (int c = 0; c < t->n_cols && ok; c++)
    {
      char generated[32];
      const char *header = t->headers && t->headers[c][0] ? t->headers[c] : NULL;
      if (!header)
        {
          snprintf (generated, sizeof generated, c == time_col ? "time" : "column %d", c + 1);
          header = generated;
        }
      if (c == time_col)
        ok = (s->time_name = cw_series_strdup (header)) != NULL;
      else if (numeric[c])
        ok = (s->signal_names[signal] = cw_series_strdup (header)) != NULL;
      else
        ok = (s->label_names[label] = cw_series_strdup (header)) != NULL;
      for (int i = 0; i < t->n_rows && ok; i++)
        {
          const char *cell = t->cells[(size_t) i * (size_t) t->n_cols + (size_t) c];
          int line = t->lines[i];
          if (!numeric[c])
            {
              if (cell[0])
                ok = (s->labels[(size_t) label * (size_t) t->n_rows + (size_t) i] = cw_series_strdup (cell)) != NULL;
              continue;
            }
          double v;
          if (!cell[0] || !cw_csv_parse_text (&t->r, cell, false, &v) || !isfinite (v))
            {
              cw_error_set (err, CW_ERR_PARSE, line, c + 1, "%s: line %d, column %d ('%s'): expected a number, "
                            "found %s%s%s.", name, line, c + 1, column_name (t, c, clip, sizeof clip),
                            cell[0] ? "'" : "an empty cell", cell[0] ? cw_csv_clip (cell, clip2, sizeof clip2) : "",
                            cell[0] ? "'" : "");
              cw_series_free (s);
              free (numeric);
              return NULL;
            }
          if (c == time_col)
            {
              if (i > 0 && !(v > s->time[i - 1]))
                {
                  cw_error_set (err, CW_ERR_PARSE, line, c + 1, "%s: line %d, column %d ('%s'): the time must "
                                "increase from row to row, but %s follows %.9g.", name, line, c + 1,
                                column_name (t, c, clip, sizeof clip), cw_csv_clip (cell, clip2, sizeof clip2),
                                s->time[i - 1]);
                  cw_series_free (s);
                  free (numeric);
                  return NULL;
                }
              s->time[i] = v;
            }
          else
            s->values[(size_t) signal * (size_t) t->n_rows + (size_t) i] = v;
        }
      if (c != time_col && numeric[c])
        signal++;
      else if (c != time_col)
        label++;
    }
  free (numeric);
  if (!ok)
    {
      cw_series_free (s);
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
      return NULL;
    }
  /* Time in seconds: sample numbers need the rate, milliseconds a factor. */
  int n = s->n;
  if (time_col >= 0)
    {
      bool in_samples;
      double unit = time_unit_seconds (s->time_name, &in_samples);
      if (in_samples)
        unit = 1 / (options->rate > 0 ? options->rate : 1);
      for (int i = 0; i < n; i++)
        s->time[i] *= unit;
      s->rate = (n - 1) / (s->time[n - 1] - s->time[0]);
      /* Times written with a few decimals put the estimate a hair off the true rate (359.99999 Hz): a
       * rate within 10 ppm of a whole number is that number. */
      if (fabs (s->rate - round (s->rate)) < 1e-5 * s->rate)
        s->rate = round (s->rate);
    }
  else
    {
      s->rate = options->rate > 0 ? options->rate : 1;
      for (int i = 0; i < n; i++)
        s->time[i] = i / s->rate;
    }
  return s;
}

/* Parses buf[0..size) (one more writable byte) and frees it. */
static cw_series *
parse_buffer (char *buf, size_t size, const char *name, const cw_series_options *options, cw_error *err)
{
  static const cw_series_options defaults = { 0 };
  if (!options)
    options = &defaults;
  buf[size] = '\0';
  raw_table t = { .r = { .name = name, .p = buf, .end = buf + size, .line = 1, .err = err } };
  csv_field *fields = NULL;
  int cap = 0, line;
  cw_series *s = NULL;
  if (size >= 3 && memcmp (buf, "\xEF\xBB\xBF", 3) == 0)
    t.r.p += 3;
  const char *q = t.r.p;
  while (q < t.r.end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
    q++;
  if (q == t.r.end)
    {
      cw_error_set (err, CW_ERR_PARSE, 1, 0, "%s: the file is empty; expected a recording (a header such as "
                    "'time,mv', then one row per time point).", name);
      goto out;
    }
  t.r.delim = options->delimiter ? options->delimiter : cw_csv_detect_delimiter (t.r.p, t.r.end);
  t.r.c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  if (!t.r.c_locale)
    {
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
      goto out;
    }
  /* Skip blank lines before the first record. */
  int nf;
  do
    nf = cw_csv_read_record (&t.r, &fields, &cap, &line);
  while (nf == 1 && fields[0].len == 0);
  if (nf < 0)
    goto out;
  t.n_cols = nf;
  if (nf > CW_SERIES_MAX_COLUMNS)
    {
      cw_error_set (err, CW_ERR_PARSE, line, 0, "%s: line %d has %d columns; a recording has one column per "
                    "signal (at most %d). Is this wide data, one sample per row? Open it as data instead.", name,
                    line, nf, CW_SERIES_MAX_COLUMNS);
      goto out;
    }
  bool header = false;
  for (int c = 0; c < nf; c++)
    {
      double v;
      if (fields[c].len > 0 && !cw_csv_parse_text (&t.r, fields[c].text, false, &v))
        header = true;
    }
  if (!raw_reserve (&t, 1))
    goto nomem;
  if (header)
    {
      t.headers = malloc ((size_t) nf * sizeof (char *));
      if (!t.headers)
        goto nomem;
      for (int c = 0; c < nf; c++)
        t.headers[c] = fields[c].text;
    }
  else
    {
      for (int c = 0; c < nf; c++)
        t.cells[c] = fields[c].text;
      t.lines[0] = line;
      t.n_rows = 1;
    }
  int header_line = line;
  for (;;)
    {
      nf = cw_csv_read_record (&t.r, &fields, &cap, &line);
      if (nf < 0)
        goto out;
      if (nf == 0)
        break;
      if (nf == 1 && fields[0].len == 0)
        continue;
      if (nf != t.n_cols)
        {
          cw_error_set (err, CW_ERR_PARSE, line, nf < t.n_cols ? nf + 1 : t.n_cols + 1, "%s: line %d has %d "
                        "field%s, expected %d like line %d%s.", name, line, nf, nf == 1 ? "" : "s", t.n_cols,
                        header_line, header ? " (the header)" : "");
          goto out;
        }
      if (t.n_rows >= CW_SERIES_MAX_ROWS)
        {
          cw_error_set (err, CW_ERR_INVALID_ARGUMENT, line, 0, "%s: more than %d rows; cut the recording into "
                        "parts.", name, CW_SERIES_MAX_ROWS);
          goto out;
        }
      if (!raw_reserve (&t, t.n_rows + 1))
        goto nomem;
      for (int c = 0; c < nf; c++)
        t.cells[(size_t) t.n_rows * (size_t) t.n_cols + (size_t) c] = fields[c].text;
      t.lines[t.n_rows++] = line;
    }
  if (t.n_rows < 2)
    {
      cw_error_set (err, CW_ERR_PARSE, t.r.line, 0, "%s: %d row%s of values; a recording needs at least two "
                    "time points.", name, t.n_rows, t.n_rows == 1 ? "" : "s");
      goto out;
    }
  s = parse_table (&t, options, err);
  goto out;
nomem:
  cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
out:
  free (fields);
  free (t.headers);
  free (t.cells);
  free (t.lines);
  if (t.r.c_locale)
    freelocale (t.r.c_locale);
  free (buf);
  return s;
}

cw_series *
cw_series_parse_csv (const char *text, size_t size, const char *name, const cw_series_options *options,
                     cw_error *err)
{
  assert (text || size == 0);
  cw_error_clear (err);
  if (!name)
    name = "(text)";
  char *buf = malloc (size + 1);
  if (!buf)
    {
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
      return NULL;
    }
  if (size)
    memcpy (buf, text, size);
  return parse_buffer (buf, size, name, options, err);
}

cw_series *
cw_series_load_csv (const char *path, const cw_series_options *options, cw_error *err)
{
  assert (path);
  cw_error_clear (err);
  size_t size;
  char *buf = cw_series_read_file (path, &size, err);
  if (!buf)
    return NULL;
  return parse_buffer (buf, size, path, options, err);
}

cw_series *
cw_series_load (const char *path, const cw_series_options *options, cw_error *err)
{
  assert (path);
  cw_error_clear (err);
  unsigned char head[16];
  size_t got = 0;
  FILE *f = fopen (path, "rb");
  if (f)
    {
      got = fread (head, 1, sizeof head, f);
      fclose (f);
    }
  if (!f || cw_file_format_detect (head, got, path) != CW_FORMAT_AUDIO)
    return cw_series_load_csv (path, options, err);

  /* An audio file: its channels are the signals, sample i at i / rate. */
  double *values = NULL;
  int64_t frames = 0;
  int channels = 0;
  double rate = 0;
  if (cw_audio_read (path, &values, &frames, &channels, &rate, err) != CW_OK)
    return NULL;
  if (frames < 1 || frames > INT_MAX)
    {
      free (values);
      cw_error_set (err, CW_ERR_FORMAT, 0, 0, "%s: %lld frames cannot be one recording (1 to %d).", path,
                    (long long) frames, INT_MAX);
      return NULL;
    }
  double *columns = malloc ((size_t) frames * (size_t) channels * sizeof *columns);
  if (!columns)
    {
      free (values);
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "%s: not enough memory for %lld frames.", path, (long long) frames);
      return NULL;
    }
  for (int64_t t = 0; t < frames; t++)
    for (int c = 0; c < channels; c++)
      columns[(size_t) c * (size_t) frames + (size_t) t] = values[(size_t) t * channels + c];
  free (values);
  cw_series *s = cw_series_new ((int) frames, channels, columns, NULL, NULL, rate, path);
  free (columns);
  if (!s)
    cw_error_set (err, CW_ERR_NOMEM, 0, 0, "%s: not enough memory for the recording.", path);
  return s;
}

cw_status
cw_series_save_csv (const cw_series *s, const char *path, cw_error *err)
{
  assert (s && path);
  cw_error_clear (err);
  FILE *f = fopen (path, "w");
  if (!f)
    return cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot write %s: %s.", path, strerror (errno));
  fputs (s->time_name ? s->time_name : "time", f);
  for (int j = 0; j < s->n_signals; j++)
    fprintf (f, ",%s", s->signal_names[j]);
  fputc ('\n', f);
  for (int i = 0; i < s->n; i++)
    {
      fprintf (f, "%.6f", s->time[i]);
      for (int j = 0; j < s->n_signals; j++)
        fprintf (f, ",%.7g", s->values[(size_t) j * (size_t) s->n + (size_t) i]);
      fputc ('\n', f);
    }
  if (fclose (f) != 0)
    return cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot write %s.", path);
  return CW_OK;
}
