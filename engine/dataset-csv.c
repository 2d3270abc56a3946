/* dataset-csv.c — the CSV/TSV reader: columns classified from the header, rows parsed in one pass over
 * the file held in memory, then the dataset built (tokenising and numbers are in csv-lex.c). */
#include "cw-csv-private.h"
#include "cw-data-private.h"

#include <assert.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef enum {
  COL_SIGNAL,    /* a number in every cell */
  COL_CANDIDATE, /* plain CSV, a named column: signal if all its cells are numbers, meta otherwise */
  COL_META,
  COL_TARGET,
} column_kind;

typedef struct {
  char *header;           /* as written, unquoted and trimmed */
  column_kind kind;
  int slot;               /* signal/candidate: index among x's columns; target: index among targets */
  int cell_slot;          /* candidate/meta/target: index among the kept cell texts, else -1 */
  bool has_text;          /* a cell that is not a number (candidate: becomes meta; target: becomes classes) */
  int missing_line;       /* candidate: first empty or non-finite cell, for the error if it stays signal */
  int missing_column;
  const char *missing_text;
} column;

typedef struct {
  int n, capacity;
  int n_slots, n_cells, n_targets;
  double *x;              /* capacity x n_slots, as parsed; the dataset's floats are rounded from it */
  double *y;              /* capacity x n_targets */
  char **cells;           /* capacity x n_cells, pointing into the file buffer; NULL = no value */
  int *lines;
} table;

/* ---- messages ---- */

static cw_status
cell_error_va (csv_reader *r, cw_status status, const column *col, int line, int column_number, const char *fmt,
               va_list ap)
{
  if (!r->err)
    return status;
  char detail[384], header[48];
  vsnprintf (detail, sizeof detail, fmt, ap);
  return cw_error_set (r->err, status, line, column_number, "%s: line %d, column %d (header '%s'): %s",
                       r->name, line, column_number, cw_csv_clip (col->header, header, sizeof header),
                       detail);
}

static cw_status __attribute__ ((format (printf, 5, 6)))
cell_error (csv_reader *r, const column *col, int line, int column_number, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  cw_status status = cell_error_va (r, CW_ERR_PARSE, col, line, column_number, fmt, ap);
  va_end (ap);
  return status;
}

/* A cell with no number where the signal needs one: CW_ERR_MISSING_VALUE, so a caller can offer to read
 * the file again with allow_missing. */
static cw_status __attribute__ ((format (printf, 5, 6)))
missing_cell_error (csv_reader *r, const column *col, int line, int column_number, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  cw_status status = cell_error_va (r, CW_ERR_MISSING_VALUE, col, line, column_number, fmt, ap);
  va_end (ap);
  return status;
}

typedef struct {
  char text[512];
  size_t len;
} message;

static void
message_add (message *m, const char *fmt, ...)
{
  if (m->len >= sizeof m->text - 1)
    return;
  va_list ap;
  va_start (ap, fmt);
  int n = vsnprintf (m->text + m->len, sizeof m->text - m->len, fmt, ap);
  va_end (ap);
  if (n > 0)
    m->len += (size_t) n;
  if (m->len > sizeof m->text - 1)
    m->len = sizeof m->text - 1;
}

static const char *
without_prefix (const char *header)
{
  if (strncasecmp (header, "target:", 7) == 0)
    return header + 7;
  if (strncasecmp (header, "meta:", 5) == 0)
    return header + 5;
  return header;
}

static cw_status
missing_target_error (csv_reader *r, const column *cols, int n_cols, const char *wanted)
{
  message m = { .len = 0 };
  char buf[48];
  message_add (&m, "%s: no column named '%s'", r->name, cw_csv_clip (wanted, buf, sizeof buf));
  int listed = 0, n_axis = 0, first_axis = -1, last_axis = -1;
  for (int c = 0; c < n_cols; c++)
    {
      double ignored;
      if (cols[c].kind == COL_META || cols[c].has_text)
        continue;
      if (cw_csv_parse_text (r, cols[c].header, false, &ignored))
        {
          n_axis++;
          if (first_axis < 0)
            first_axis = c;
          last_axis = c;
        }
      else if (listed++ < 12)
        message_add (&m, "%s%s", listed > 1 ? ", " : " — columns with numbers: ",
                     cw_csv_clip (cols[c].header, buf, sizeof buf));
    }
  if (listed > 12)
    message_add (&m, ", ... (%d in all)", listed);
  if (n_axis > 0)
    {
      message_add (&m, listed ? " and " : " — columns with numbers: ");
      message_add (&m, "%d signal column%s", n_axis, n_axis == 1 ? "" : "s");
      message_add (&m, " ('%s'", cw_csv_clip (cols[first_axis].header, buf, sizeof buf));
      message_add (&m, " to '%s')", cw_csv_clip (cols[last_axis].header, buf, sizeof buf));
    }
  const char *want = without_prefix (wanted);
  int best = -1, best_distance = 1000;
  for (int c = 0; c < n_cols; c++)
    {
      double ignored;
      if (cw_csv_parse_text (r, cols[c].header, false, &ignored))
        continue;
      int d = cw_csv_edit_distance (want, without_prefix (cols[c].header));
      if (d < best_distance)
        {
          best_distance = d;
          best = c;
        }
    }
  int allowed = (int) strlen (want) / 3;
  if (best >= 0 && best_distance <= (allowed > 2 ? allowed : 2))
    message_add (&m, "; did you mean '%s'?", cw_csv_clip (cols[best].header, buf, sizeof buf));
  else
    message_add (&m, ".");
  return cw_error_set (r->err, CW_ERR_PARSE, 1, 0, "%s", m.text);
}

/* ---- the table being filled ---- */

static bool
table_reserve (table *t, int rows)
{
  if (rows <= t->capacity)
    return true;
  int capacity = t->capacity ? t->capacity : 16;
  while (capacity < rows)
    capacity = capacity > 1 << 29 ? rows : capacity * 2;
  double *x = realloc (t->x, (size_t) capacity * (size_t) (t->n_slots ? t->n_slots : 1) * sizeof (double));
  if (x)
    t->x = x;
  double *y = realloc (t->y, (size_t) capacity * (size_t) (t->n_targets ? t->n_targets : 1) * sizeof (double));
  if (y)
    t->y = y;
  char **cells = realloc (t->cells, (size_t) capacity * (size_t) (t->n_cells ? t->n_cells : 1)
                                    * sizeof (char *));
  if (cells)
    t->cells = cells;
  int *lines = realloc (t->lines, (size_t) capacity * sizeof (int));
  if (lines)
    t->lines = lines;
  if (!x || !y || !cells || !lines)
    return false;
  t->capacity = capacity;
  return true;
}

static void
table_clear (table *t)
{
  free (t->x);
  free (t->y);
  free (t->cells);
  free (t->lines);
}

typedef enum {
  CELL_NUMBER,
  CELL_MISSING,  /* empty, NA, NaN, infinite, or beyond float range */
  CELL_TEXT,
} cell_class;

/* Values are kept as doubles too, so they must be the correctly rounded ones. A number is missing when
 * its float is not finite, so that both precisions agree on which cells hold values. */
static cell_class
classify_cell (const csv_reader *r, const csv_field *f, double *value)
{
  double v;
  if (cw_csv_parse_text (r, f->text, false, &v))
    {
      *value = v;
      return isfinite ((float) v) ? CELL_NUMBER : CELL_MISSING;
    }
  *value = NAN;
  return cw_is_missing_token (f->text) ? CELL_MISSING : CELL_TEXT;
}

static cw_status
missing_signal_error (csv_reader *r, const column *col, int line, int column_number, const char *text)
{
  char buf[48];
  double v;
  if (text[0] == '\0')
    return missing_cell_error (r, col, line, column_number, "the cell is empty; every signal cell needs a number "
                       "(or allow missing values: they are filled from their row).");
  if (cw_csv_parse_text (r, text, false, &v) && isfinite (v))
    return cell_error (r, col, line, column_number, "'%s' is beyond the single-precision range (about "
                       "3.4e38).", cw_csv_clip (text, buf, sizeof buf));
  return missing_cell_error (r, col, line, column_number, "'%s' is not a finite number; every signal cell needs "
                     "one (or allow missing values: they are filled from their row).", cw_csv_clip (text, buf, sizeof buf));
}

/* Stores one data row; false after filling r->err. */
static bool
store_row (csv_reader *r, const cw_csv_options *options, column *cols, int n_cols, const csv_field *fields,
           table *t, int line)
{
  int row = t->n;
  double *x = t->x + (size_t) row * (size_t) t->n_slots;
  double *y = t->y + (size_t) row * (size_t) t->n_targets;
  char **cells = t->cells + (size_t) row * (size_t) t->n_cells;
  for (int c = 0; c < n_cols; c++)
    {
      column *col = &cols[c];
      const csv_field *f = &fields[c];
      double v = NAN;
      cell_class kind = col->kind == COL_META ? CELL_TEXT : classify_cell (r, f, &v);
      switch (col->kind)
        {
        case COL_SIGNAL:
          if (kind == CELL_TEXT)
            {
              char buf[48];
              cell_error (r, col, line, c + 1, "'%s' is not a number.",
                          cw_csv_clip (f->text, buf, sizeof buf));
              return false;
            }
          if (kind == CELL_MISSING && !options->allow_missing)
            {
              missing_signal_error (r, col, line, c + 1, f->text);
              return false;
            }
          x[col->slot] = kind == CELL_NUMBER ? v : NAN;
          break;
        case COL_CANDIDATE:
          cells[col->cell_slot] = f->text;
          x[col->slot] = kind == CELL_NUMBER ? v : NAN;
          if (kind == CELL_TEXT)
            col->has_text = true;
          else if (kind == CELL_MISSING && !col->missing_line)
            {
              col->missing_line = line;
              col->missing_column = c + 1;
              col->missing_text = f->text;
            }
          break;
        case COL_META:
          cells[col->cell_slot] = f->text;
          break;
        case COL_TARGET:
          /* A row without a target loads (it can still be predicted); training refuses it by line. */
          cells[col->cell_slot] = kind == CELL_MISSING ? NULL : f->text;
          y[col->slot] = kind == CELL_NUMBER ? v : NAN;
          if (kind == CELL_TEXT)
            col->has_text = true;
          break;
        }
    }
  t->lines[row] = line;
  t->n++;
  return true;
}

/* ---- putting it together ---- */

static bool
target_matches (const char *header, const char *wanted)
{
  if (strcmp (header, wanted) == 0)
    return true;
  const char *want = strncasecmp (wanted, "target:", 7) == 0 ? wanted + 7 : wanted;
  const char *have = strncasecmp (header, "target:", 7) == 0 ? header + 7 : header;
  return (have != header || strncasecmp (header, "meta:", 5) != 0) && strcmp (have, want) == 0;
}

static char *
dup_string (const char *s)
{
  size_t n = strlen (s);
  char *d = malloc (n + 1);
  if (d)
    memcpy (d, s, n + 1);
  return d;
}

static cw_dataset *
build_dataset (csv_reader *r, column *cols, int n_cols, table *t)
{
  int n = t->n, length = 0, n_targets = 0, n_meta = 0;
  for (int c = 0; c < n_cols; c++)
    {
      length += cols[c].kind == COL_SIGNAL;
      n_targets += cols[c].kind == COL_TARGET;
      n_meta += cols[c].kind == COL_META;
    }
  cw_dataset *ds = cw_dataset_alloc (n, 1, length, n_targets, n_meta);
  if (!ds)
    return NULL;
  bool ok = (ds->source = dup_string (r->name)) != NULL;
  memcpy (ds->lines, t->lines, (size_t) n * sizeof (int));
  int *signal_slots = malloc ((size_t) length * sizeof (int));
  const char **target_cells = malloc ((size_t) (n ? n : 1) * sizeof (char *));
  ok = ok && signal_slots && target_cells;
  int s = 0, k = 0, m = 0;
  for (int c = 0; ok && c < n_cols; c++)
    {
      column *col = &cols[c];
      if (col->kind == COL_SIGNAL)
        {
          double v;
          ds->axis[s] = cw_csv_parse_text (r, col->header, false, &v) ? v : NAN;
          ok = (ds->axis_labels[s] = dup_string (col->header)) != NULL;
          signal_slots[s++] = col->slot;
        }
      else if (col->kind == COL_META)
        {
          ok = (ds->meta_names[m] = dup_string (without_prefix (col->header))) != NULL;
          for (int i = 0; ok && i < n; i++)
            ok = (ds->meta_values[(size_t) i * (size_t) n_meta + (size_t) m]
                  = dup_string (t->cells[(size_t) i * (size_t) t->n_cells + (size_t) col->cell_slot]))
                 != NULL;
          m++;
        }
      else if (col->kind == COL_TARGET)
        {
          cw_target_column *target = &ds->targets[k];
          const char *name = strncasecmp (col->header, "target:", 7) == 0 ? col->header + 7 : col->header;
          ok = (target->name = dup_string (name)) != NULL;
          for (int i = 0; i < n; i++)
            {
              target->values64[i] = t->y[(size_t) i * (size_t) t->n_targets + (size_t) col->slot];
              target->values[i] = (float) target->values64[i];
            }
          if (ok && col->has_text)
            {
              for (int i = 0; i < n; i++)
                target_cells[i] = t->cells[(size_t) i * (size_t) t->n_cells + (size_t) col->cell_slot];
              ok = cw_dataset_set_classes (ds, k, target_cells);
            }
          k++;
        }
    }
  if (ok && length == t->n_slots)
    {
      /* Every parsed column is signal: hand the table over instead of copying it. */
      double *shrunk = realloc (t->x, (size_t) (n ? n : 1) * (size_t) length * sizeof (double));
      free (ds->x64);
      ds->x64 = shrunk ? shrunk : t->x;
      t->x = NULL;
    }
  for (int i = 0; ok && t->x && i < n; i++)
    {
      const double *src = t->x + (size_t) i * (size_t) t->n_slots;
      double *dst = ds->x64 + (size_t) i * (size_t) length;
      for (int j = 0; j < length; j++)
        dst[j] = src[signal_slots[j]];
    }
  for (size_t i = 0; ok && i < (size_t) n * (size_t) length; i++)
    ds->x[i] = (float) ds->x64[i];
  free (signal_slots);
  free (target_cells);
  if (!ok)
    {
      cw_dataset_free (ds);
      return NULL;
    }
  return ds;
}

/* Parses buf[0..size) (which has one more writable byte) and frees it. */
/* Missing signal cells (empty, NA, NaN) filled from their own row: linear interpolation between the nearest
 * values on either side along the axis, the nearest value at the ends. Row by row, so no other row (and no
 * test row) ever informs a value; a channel of a row with no value at all is refused naming its line. The
 * dataset's note says how many cells were filled. */
static bool
fill_missing_cells (cw_dataset *ds, const char *name, cw_error *err)
{
  long filled = 0;
  int len = ds->length;
  for (int i = 0; i < ds->n; i++)
    for (int c = 0; c < ds->channels; c++)
      {
        double *v = ds->x64 + ((size_t) i * ds->channels + c) * len;
        float *f = ds->x + ((size_t) i * ds->channels + c) * len;
        int prev = -1;
        for (int t = 0; t <= len; t++)
          {
            if (t < len && isnan (v[t]))
              continue;
            /* cells prev+1 .. t-1 are missing */
            if (t - prev > 1)
              {
                if (prev < 0 && t == len)
                  {
                    cw_error_set (err, CW_ERR_PARSE, ds->lines ? ds->lines[i] : 0, 0,
                                  "%s: line %d has no signal value at all to fill its missing cells from.",
                                  name, ds->lines ? ds->lines[i] : i + 2);
                    return false;
                  }
                for (int u = prev + 1; u < t; u++)
                  {
                    double w = prev < 0 ? v[t] : t == len ? v[prev]
                                                          : v[prev] + (v[t] - v[prev]) * (u - prev) / (t - prev);
                    v[u] = w;
                    f[u] = (float) w;
                    filled++;
                  }
              }
            prev = t;
          }
      }
  if (filled > 0)
    {
      char note[200];
      snprintf (note, sizeof note,
                "%ld missing signal cell%s (empty or NA) filled by linear interpolation between the "
                "neighbouring values of the same row.",
                filled, filled == 1 ? "" : "s");
      free (ds->note);
      if (!(ds->note = strdup (note)))
        {
          cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
          return false;
        }
    }
  return true;
}

static cw_dataset *
parse_buffer (char *buf, size_t size, const char *name, const cw_csv_options *options, cw_error *err)
{
  static const cw_csv_options defaults = { 0 };
  if (!options)
    options = &defaults;
  buf[size] = '\0';
  csv_reader r = { .name = name, .p = buf, .end = buf + size, .line = 1, .err = err };
  column *cols = NULL;
  csv_field *fields = NULL;
  table t = { 0 };
  cw_dataset *ds = NULL;
  int n_cols = 0;

  if (size >= 3 && memcmp (buf, "\xEF\xBB\xBF", 3) == 0)
    r.p += 3;
  /* A NUL byte is never part of a text file: the cell would end there silently. */
  const char *nul = memchr (r.p, '\0', (size_t) (r.end - r.p));
  if (nul)
    {
      int nul_line = 1;
      for (const char *q = buf; q < nul; q++)
        nul_line += *q == '\n' || (*q == '\r' && q[1] != '\n');
      cw_error_set (err, CW_ERR_PARSE, nul_line, 0, "%s: line %d holds a NUL byte (at byte %zu): this is not a "
                    "text file.", name, nul_line, (size_t) (nul - buf));
      goto out;
    }
  /* Blank lines before the header are skipped (and counted); a line may end in \n, \r\n or a lone \r. */
  for (char *q = r.p; q < r.end; q++)
    if (*q == '\n' || (*q == '\r' && q + 1 < r.end && q[1] != '\n'))
      {
        r.p = q + 1;
        r.line++;
      }
    else if (*q != ' ' && *q != '\t' && *q != '\r')
      break;
  const char *q = r.p;
  while (q < r.end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
    q++;
  if (q == r.end)
    {
      cw_error_set (err, CW_ERR_PARSE, 1, 0, "%s: the file is empty.", name);
      goto out;
    }
  if (options->delimiter == '"' || options->delimiter == '\n' || options->delimiter == '\r')
    {
      cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "A quote or line break cannot separate fields.");
      goto out;
    }
  r.delim = options->delimiter ? options->delimiter : cw_csv_detect_delimiter (r.p, r.end);
  r.c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  if (!r.c_locale)
    {
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
      goto out;
    }

  int header_line, fields_cap = 0;
  n_cols = cw_csv_read_record (&r, &fields, &fields_cap, &header_line);
  if (n_cols < 0)
    goto out;
  cols = calloc ((size_t) n_cols, sizeof *cols);
  if (!cols)
    {
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
      goto out;
    }
  bool wide = false;
  for (int c = 0; c < n_cols; c++)
    {
      if (!(cols[c].header = dup_string (fields[c].text)))
        {
          cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
          goto out;
        }
      wide = wide || strncasecmp (cols[c].header, "meta:", 5) == 0
             || strncasecmp (cols[c].header, "target:", 7) == 0;
    }
  bool target_found = options->target == NULL;
  for (int c = 0; c < n_cols; c++)
    {
      column *col = &cols[c];
      double ignored;
      col->cell_slot = -1;
      if (options->target && target_matches (col->header, options->target))
        {
          col->kind = COL_TARGET;
          target_found = true;
        }
      else if (strncasecmp (col->header, "target:", 7) == 0)
        col->kind = COL_TARGET;
      else if (strncasecmp (col->header, "meta:", 5) == 0)
        col->kind = COL_META;
      else if (wide || cw_csv_parse_text (&r, col->header, false, &ignored))
        col->kind = COL_SIGNAL;
      else
        col->kind = COL_CANDIDATE;
      if (col->kind == COL_SIGNAL || col->kind == COL_CANDIDATE)
        col->slot = t.n_slots++;
      else if (col->kind == COL_TARGET)
        col->slot = t.n_targets++;
      if (col->kind != COL_SIGNAL)
        col->cell_slot = t.n_cells++;
    }

  /* A first guess at the row count (one per line break) saves growing the table. */
  int estimate = 1;
  for (const char *nl = r.p; (nl = memchr (nl, '\n', (size_t) (r.end - nl))); nl++)
    if (estimate < (1 << 30))
      estimate++;
  if (!table_reserve (&t, estimate))
    {
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
      goto out;
    }
  const char *body = r.p;
  size_t next_report = 0, report_step = (size_t) (r.end - body) / 100 + 1;
  for (;;)
    {
      if (options->progress && (size_t) (r.p - body) >= next_report)
        {
          if (!options->progress ((double) (r.p - body) / (double) (r.end - body + 1), options->progress_user))
            {
              cw_error_set (err, CW_ERR_ABORTED, 0, 0, "Reading %s was cancelled.", name);
              goto out;
            }
          next_report = (size_t) (r.p - body) + report_step;
        }
      int line;
      int nf = cw_csv_read_record (&r, &fields, &fields_cap, &line);
      if (nf < 0)
        goto out;
      if (nf == 0)
        break;
      if (nf == 1 && fields[0].len == 0 && !fields[0].quoted && n_cols > 1)
        continue; /* a blank line */
      if (nf != n_cols)
        {
          cw_error_set (err, CW_ERR_PARSE, line, nf < n_cols ? nf + 1 : n_cols + 1,
                        "%s: line %d has %d field%s, the header has %d.", name, line, nf,
                        nf == 1 ? "" : "s", n_cols);
          goto out;
        }
      if (!table_reserve (&t, t.n + 1))
        {
          cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
          goto out;
        }
      if (!store_row (&r, options, cols, n_cols, fields, &t, line))
        goto out;
    }
  if (t.n == 0)
    {
      cw_error_set (err, CW_ERR_PARSE, 2, 0, "%s: the file has a header line but no data rows.", name);
      goto out;
    }

  /* Plain CSV: a named column with any text is bookkeeping; one with numbers only is signal. */
  for (int c = 0; c < n_cols; c++)
    {
      column *col = &cols[c];
      if (col->kind != COL_CANDIDATE)
        continue;
      if (col->has_text)
        {
          col->kind = COL_META;
          continue;
        }
      col->kind = COL_SIGNAL;
      if (col->missing_line && !options->allow_missing)
        {
          missing_signal_error (&r, col, col->missing_line, col->missing_column, col->missing_text);
          goto out;
        }
    }
  if (!target_found)
    {
      missing_target_error (&r, cols, n_cols, options->target);
      goto out;
    }
  bool any_signal = false;
  for (int c = 0; c < n_cols; c++)
    any_signal = any_signal || cols[c].kind == COL_SIGNAL;
  if (!any_signal)
    {
      cw_error_set (err, CW_ERR_PARSE, 1, 0,
                    "%s: no column holds the signal: every column is meta:, target: or text (signal "
                    "columns hold numbers and are headed by their axis value, e.g. a wavelength).", name);
      goto out;
    }
  ds = build_dataset (&r, cols, n_cols, &t);
  if (!ds)
    cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
  else if (options->allow_missing && !fill_missing_cells (ds, name, err))
    {
      cw_dataset_free (ds);
      ds = NULL;
    }

out:
  if (cols)
    for (int c = 0; c < n_cols; c++)
      free (cols[c].header);
  free (cols);
  free (fields);
  table_clear (&t);
  if (r.c_locale)
    freelocale (r.c_locale);
  free (buf);
  return ds;
}

cw_dataset *
cw_dataset_parse_csv (const char *text, size_t size, const char *name, const cw_csv_options *options,
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

cw_dataset *
cw_dataset_load_csv (const char *path, const cw_csv_options *options, cw_error *err)
{
  assert (path);
  cw_error_clear (err);
  FILE *f = fopen (path, "rb");
  if (!f)
    {
      cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot open %s: %s.", path, strerror (errno));
      return NULL;
    }
  /* The whole file in one buffer: the size from fstat when it is a regular file, growing otherwise. */
  struct stat st;
  size_t capacity = 1 << 16;
  if (fstat (fileno (f), &st) == 0 && S_ISREG (st.st_mode) && st.st_size > 0)
    capacity = (size_t) st.st_size + 1;
  char *buf = malloc (capacity + 1);
  size_t size = 0;
  int read_errno = 0;
  while (buf)
    {
      size_t got = fread (buf + size, 1, capacity - size, f);
      size += got;
      if (got == 0 || size < capacity)
        {
          if (ferror (f))
            read_errno = errno ? errno : EIO;
          if (feof (f) || ferror (f))
            break;
          continue;
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
  fclose (f);
  if (!buf)
    {
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", path);
      return NULL;
    }
  if (read_errno)
    {
      free (buf);
      cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot read %s: %s.", path, strerror (read_errno));
      return NULL;
    }
  return parse_buffer (buf, size, path, options, err);
}
