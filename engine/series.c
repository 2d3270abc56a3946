/* series.c — the recording's accessors, the recording-or-wide-data detector, and annotation files. */
#include "cw-csv-private.h"
#include "cw-series-private.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

char *
cw_series_strdup (const char *s)
{
  if (!s)
    return NULL;
  size_t n = strlen (s) + 1;
  char *copy = malloc (n);
  if (copy)
    memcpy (copy, s, n);
  return copy;
}

cw_series *
cw_series_alloc (int n, int n_signals, int n_labels)
{
  assert (n >= 0 && n_signals >= 0 && n_labels >= 0);
  cw_series *s = calloc (1, sizeof *s);
  if (!s)
    return NULL;
  s->n = n;
  s->n_signals = n_signals;
  s->n_labels = n_labels;
  s->rate = 1;
  s->values = malloc ((size_t) (n_signals ? n_signals : 1) * (size_t) (n ? n : 1) * sizeof (double));
  s->time = malloc ((size_t) (n ? n : 1) * sizeof (double));
  s->signal_names = calloc ((size_t) (n_signals ? n_signals : 1), sizeof (char *));
  s->label_names = calloc ((size_t) (n_labels ? n_labels : 1), sizeof (char *));
  s->labels = calloc ((size_t) (n_labels ? n_labels : 1) * (size_t) (n ? n : 1), sizeof (char *));
  if (!s->values || !s->time || !s->signal_names || !s->label_names || !s->labels)
    {
      cw_series_free (s);
      return NULL;
    }
  return s;
}

cw_series *
cw_series_new (int n, int n_signals, const double *signals, const char *const *names, const double *time,
               double rate, const char *source)
{
  assert (n >= 2 && n_signals >= 1 && signals);
  assert (time || rate > 0);
  cw_series *s = cw_series_alloc (n, n_signals, 0);
  if (!s)
    return NULL;
  memcpy (s->values, signals, (size_t) n * (size_t) n_signals * sizeof (double));
  for (int i = 0; i < n; i++)
    s->time[i] = time ? time[i] : i / rate;
  s->rate = time ? (n - 1) / (time[n - 1] - time[0]) : rate;
  s->time_name = time ? cw_series_strdup ("time") : NULL;
  s->source = cw_series_strdup (source ? source : "(values)");
  bool ok = s->source && (!time || s->time_name);
  for (int j = 0; j < n_signals && ok; j++)
    {
      char buf[32];
      snprintf (buf, sizeof buf, "signal %d", j + 1);
      s->signal_names[j] = cw_series_strdup (names && names[j] ? names[j] : buf);
      ok = s->signal_names[j] != NULL;
    }
  if (!ok)
    {
      cw_series_free (s);
      return NULL;
    }
  return s;
}

void
cw_series_free (cw_series *s)
{
  if (!s)
    return;
  if (s->labels)
    for (size_t i = 0; i < (size_t) s->n_labels * (size_t) s->n; i++)
      free (s->labels[i]);
  for (int j = 0; s->signal_names && j < s->n_signals; j++)
    free (s->signal_names[j]);
  for (int j = 0; s->label_names && j < s->n_labels; j++)
    free (s->label_names[j]);
  free (s->labels);
  free (s->signal_names);
  free (s->label_names);
  free (s->values);
  free (s->time);
  free (s->time_name);
  free (s->source);
  free (s);
}

int cw_series_length (const cw_series *s) { assert (s); return s->n; }
int cw_series_n_signals (const cw_series *s) { assert (s); return s->n_signals; }
const double *cw_series_time (const cw_series *s) { assert (s); return s->time; }
const char *cw_series_time_name (const cw_series *s) { assert (s); return s->time_name; }
double cw_series_rate (const cw_series *s) { assert (s); return s->rate; }
const char *cw_series_source (const cw_series *s) { assert (s); return s->source; }
int cw_series_n_label_columns (const cw_series *s) { assert (s); return s->n_labels; }

const char *
cw_series_signal_name (const cw_series *s, int j)
{
  assert (s && j >= 0 && j < s->n_signals);
  return s->signal_names[j];
}

const double *
cw_series_signal (const cw_series *s, int j)
{
  assert (s && j >= 0 && j < s->n_signals);
  return s->values + (size_t) j * (size_t) s->n;
}

int
cw_series_find_signal (const cw_series *s, const char *name)
{
  assert (s && name);
  for (int j = 0; j < s->n_signals; j++)
    if (strcasecmp (s->signal_names[j], name) == 0)
      return j;
  return -1;
}

const char *
cw_series_label_column_name (const cw_series *s, int j)
{
  assert (s && j >= 0 && j < s->n_labels);
  return s->label_names[j];
}

int
cw_series_find_label_column (const cw_series *s, const char *name)
{
  assert (s && name);
  for (int j = 0; j < s->n_labels; j++)
    if (strcasecmp (s->label_names[j], name) == 0)
      return j;
  return -1;
}

const char *
cw_series_label (const cw_series *s, int j, int row)
{
  assert (s && j >= 0 && j < s->n_labels && row >= 0 && row < s->n);
  return s->labels[(size_t) j * (size_t) s->n + (size_t) row];
}

/* ---- recording or wide data? ---- */

bool
cw_series_is_time_name (const char *header)
{
  static const char *const names[] = { "time", "t", "seconds", "second", "sec", "s", "ms", "sample",
                                       "samples", "index", "time_s", "time_ms", "time (s)", "time (ms)",
                                       "time [s]", "elapsed", "timestamp" };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcasecmp (header, names[i]) == 0)
      return true;
  return false;
}

bool
cw_series_looks_like_recording (const char *text, size_t size)
{
  if (!text || size == 0)
    return false;
  size_t limit = size < (1u << 20) ? size : (1u << 20);
  /* The caller may pass the start of a file: a last line without its line break may be cut off, and would
   * read as a short row. Losing one whole row instead changes nothing here. */
  while (limit > 0 && text[limit - 1] != '\n')
    limit--;
  char *buf = malloc (limit + 1);
  if (!buf)
    return false;
  memcpy (buf, text, limit);
  buf[limit] = '\0';
  csv_reader r = { .name = "", .p = buf, .end = buf + limit, .line = 1, .err = NULL };
  if (limit >= 3 && memcmp (buf, "\xEF\xBB\xBF", 3) == 0)
    r.p += 3;
  r.delim = cw_csv_detect_delimiter (r.p, r.end);
  r.c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  csv_field *fields = NULL;
  int cap = 0, line, rows = 0, n_cols = 0, numeric_columns = 0;
  bool looks = false, increasing = true, time_header = false;
  double previous = -INFINITY;
  if (!r.c_locale)
    goto out;
  n_cols = cw_csv_read_record (&r, &fields, &cap, &line);
  if (n_cols < 1 || n_cols > 16)
    goto out;
  /* Which columns hold numbers, judged on the first data row. */
  bool column_numeric[16] = { false }, seen_data_row = false;
  bool header = false;
  for (int c = 0; c < n_cols; c++)
    {
      double v;
      if (!cw_csv_parse_text (&r, fields[c].text, false, &v) && fields[c].len > 0)
        header = true;
      /* The wide format's prefixes say what the file is. */
      if (strncasecmp (fields[c].text, "meta:", 5) == 0 || strncasecmp (fields[c].text, "target:", 7) == 0)
        goto out;
    }
  if (header)
    time_header = cw_series_is_time_name (fields[0].text);
  else
    {
      rows = 1;
      seen_data_row = true;
      for (int c = 0; c < n_cols; c++)
        column_numeric[c] = cw_csv_parse_text (&r, fields[c].text, false, &previous);
      cw_csv_parse_text (&r, fields[0].text, false, &previous);
    }
  for (;;)
    {
      int nf = cw_csv_read_record (&r, &fields, &cap, &line);
      if (nf <= 0)
        break;
      if (nf == 1 && fields[0].len == 0)
        continue; /* a blank line */
      if (nf != n_cols)
        goto out;
      double v;
      if (!cw_csv_parse_text (&r, fields[0].text, false, &v) || !(v > previous))
        increasing = false;
      else
        previous = v;
      if (!seen_data_row)
        for (int c = 0; c < n_cols; c++)
          column_numeric[c] = cw_csv_parse_text (&r, fields[c].text, false, &v);
      seen_data_row = true;
      rows++;
    }
  for (int c = 1; c < n_cols; c++)
    numeric_columns += column_numeric[c];
  if (rows < 100)
    goto out;
  if (n_cols == 1)
    looks = column_numeric[0];
  else
    looks = numeric_columns >= 1 && (time_header || increasing);
out:
  free (fields);
  if (r.c_locale)
    freelocale (r.c_locale);
  free (buf);
  return looks;
}

/* ---- annotations ---- */

void
cw_annotations_free (cw_annotations *a)
{
  if (!a)
    return;
  for (int i = 0; i < a->n; i++)
    free (a->label[i]);
  free (a->label);
  free (a->time);
  free (a);
}

static bool
annotations_push (cw_annotations *a, int *capacity, double time, const char *label)
{
  if (a->n == *capacity)
    {
      int grown = *capacity ? *capacity * 2 : 64;
      double *t = realloc (a->time, (size_t) grown * sizeof (double));
      if (t)
        a->time = t;
      char **l = realloc (a->label, (size_t) grown * sizeof (char *));
      if (l)
        a->label = l;
      if (!t || !l)
        return false;
      *capacity = grown;
    }
  a->label[a->n] = cw_series_strdup (label);
  if (!a->label[a->n])
    return false;
  a->time[a->n++] = time;
  return true;
}

cw_annotations *
cw_annotations_parse_csv (const char *text, size_t size, const char *name, cw_error *err)
{
  assert (text || size == 0);
  cw_error_clear (err);
  if (!name)
    name = "(text)";
  if (size > (size_t) 1 << 31)
    {
      cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "%s: an annotation file over 2 GiB is not supported.", name);
      return NULL;
    }
  char *buf = malloc (size + 1);
  cw_annotations *a = calloc (1, sizeof *a);
  csv_reader r = { .name = name, .p = buf, .end = buf ? buf + size : NULL, .line = 1, .err = err };
  csv_field *fields = NULL;
  int cap = 0, capacity = 0, line;
  if (!buf || !a || !(r.c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0)))
    {
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
      goto fail;
    }
  if (size)
    memcpy (buf, text, size);
  buf[size] = '\0';
  if (size >= 3 && memcmp (buf, "\xEF\xBB\xBF", 3) == 0)
    r.p += 3;
  r.delim = cw_csv_detect_delimiter (r.p, r.end);
  int time_col = 0, label_col = 1;
  bool first = true;
  for (;;)
    {
      int nf = cw_csv_read_record (&r, &fields, &cap, &line);
      if (nf < 0)
        goto fail;
      if (nf == 0)
        break;
      if (nf == 1 && fields[0].len == 0)
        continue;
      double t;
      if (first)
        {
          first = false;
          if (nf < 2)
            {
              cw_error_set (err, CW_ERR_PARSE, line, 0, "%s: line %d: an annotation file needs two columns, time "
                            "and label (e.g. 'time,label' then '0.512,N').", name, line);
              goto fail;
            }
          if (!cw_csv_parse_text (&r, fields[0].text, false, &t))
            {
              /* A header: find the columns by name, else the first two. */
              for (int c = 0; c < nf; c++)
                if (cw_series_is_time_name (fields[c].text))
                  {
                    time_col = c;
                    a->in_samples = strcasecmp (fields[c].text, "sample") == 0
                                    || strcasecmp (fields[c].text, "index") == 0;
                    break;
                  }
              label_col = time_col == 0 ? 1 : 0;
              for (int c = 0; c < nf; c++)
                if (c != time_col && (strcasecmp (fields[c].text, "label") == 0
                                      || strcasecmp (fields[c].text, "type") == 0
                                      || strcasecmp (fields[c].text, "symbol") == 0
                                      || strcasecmp (fields[c].text, "annotation") == 0))
                  label_col = c;
              continue;
            }
        }
      int needed = (time_col > label_col ? time_col : label_col) + 1;
      if (nf < needed)
        {
          cw_error_set (err, CW_ERR_PARSE, line, nf + 1, "%s: line %d, column %d: expected a label after the time.",
                        name, line, nf + 1);
          goto fail;
        }
      char clip[48];
      if (!cw_csv_parse_text (&r, fields[time_col].text, false, &t) || !isfinite (t))
        {
          cw_error_set (err, CW_ERR_PARSE, line, time_col + 1, "%s: line %d, column %d: expected a time in "
                        "seconds, found '%s'.", name, line, time_col + 1,
                        cw_csv_clip (fields[time_col].text, clip, sizeof clip));
          goto fail;
        }
      if (a->n > 0 && t < a->time[a->n - 1])
        {
          cw_error_set (err, CW_ERR_PARSE, line, time_col + 1, "%s: line %d, column %d: the times must be in "
                        "ascending order (%g comes after %g).", name, line, time_col + 1, t, a->time[a->n - 1]);
          goto fail;
        }
      if (fields[label_col].len == 0)
        {
          cw_error_set (err, CW_ERR_PARSE, line, label_col + 1, "%s: line %d, column %d: the label is empty.", name,
                        line, label_col + 1);
          goto fail;
        }
      if (a->n >= CW_SERIES_MAX_ROWS)
        {
          cw_error_set (err, CW_ERR_INVALID_ARGUMENT, line, 0, "%s: more than %d annotations.", name,
                        CW_SERIES_MAX_ROWS);
          goto fail;
        }
      if (!annotations_push (a, &capacity, t, fields[label_col].text))
        {
          cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
          goto fail;
        }
    }
  if (a->n == 0)
    {
      cw_error_set (err, CW_ERR_PARSE, r.line, 0, "%s: no annotations (expected lines such as '0.512,N').", name);
      goto fail;
    }
  free (fields);
  freelocale (r.c_locale);
  free (buf);
  return a;
fail:
  free (fields);
  if (r.c_locale)
    freelocale (r.c_locale);
  free (buf);
  cw_annotations_free (a);
  return NULL;
}

/* The whole file in memory, NUL-terminated; NULL with err filled. */
char *
cw_series_read_file (const char *path, size_t *size, cw_error *err)
{
  FILE *f = fopen (path, "rb");
  if (!f)
    {
      cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot open %s: %s.", path, strerror (errno));
      return NULL;
    }
  size_t capacity = 1 << 16, used = 0;
  char *buf = malloc (capacity + 1);
  while (buf)
    {
      size_t got = fread (buf + used, 1, capacity - used, f);
      used += got;
      if (used < capacity)
        break;
      if (capacity > ((size_t) 1 << 33))
        {
          free (buf);
          fclose (f);
          cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "%s is larger than 8 GiB.", path);
          return NULL;
        }
      char *grown = realloc (buf, capacity * 2 + 1);
      if (!grown)
        {
          free (buf);
          buf = NULL;
          break;
        }
      buf = grown;
      capacity *= 2;
    }
  bool failed = ferror (f);
  fclose (f);
  if (!buf)
    {
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", path);
      return NULL;
    }
  if (failed)
    {
      free (buf);
      cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot read %s.", path);
      return NULL;
    }
  buf[used] = '\0';
  *size = used;
  return buf;
}

cw_annotations *
cw_annotations_load_csv (const char *path, cw_error *err)
{
  assert (path);
  cw_error_clear (err);
  size_t size;
  char *text = cw_series_read_file (path, &size, err);
  if (!text)
    return NULL;
  cw_annotations *a = cw_annotations_parse_csv (text, size, path, err);
  free (text);
  return a;
}

cw_status
cw_annotations_save_csv (const cw_annotations *a, const char *path, cw_error *err)
{
  assert (a && path);
  cw_error_clear (err);
  FILE *f = fopen (path, "w");
  if (!f)
    return cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot write %s: %s.", path, strerror (errno));
  fputs (a->in_samples ? "sample,label\n" : "time,label\n", f);
  for (int i = 0; i < a->n; i++)
    fprintf (f, a->in_samples ? "%.0f,%s\n" : "%.6f,%s\n", a->time[i], a->label[i]);
  if (fclose (f) != 0)
    return cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot write %s.", path);
  return CW_OK;
}
