/* dataset-write.c — datasets made by programs: the labelled constructor (generators, the GUI) and the
 * wide CSV writer, whose output cw_dataset_load_csv reads back to the same data. */
#include "cw-data-private.h"
#include "cw-numtext-private.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *
dup_string (const char *s)
{
  size_t n = strlen (s) + 1;
  char *d = malloc (n);
  if (d)
    memcpy (d, s, n);
  return d;
}

/* A value as its shortest text: a float's shortest form when it is a widened float (arrays, generators),
 * else the double's, so a dataset read from a file is written back with the digits it was read with. */
static void
format_value (double v, char *buf, size_t size)
{
  if ((double) (float) v == v)
    cw_format_float ((float) v, buf, size);
  else
    cw_format_double (v, buf, size);
}

/* Replaces the 1-slot meta arrays of a fresh array dataset with n_meta named columns. */
static bool
add_meta (cw_dataset *ds, int n_meta, const char *const *names, const char *const *values)
{
  size_t rows = ds->n ? (size_t) ds->n : 1;
  char **meta_names = calloc ((size_t) n_meta, sizeof (char *));
  char **meta_values = calloc (rows * (size_t) n_meta, sizeof (char *));
  if (!meta_names || !meta_values)
    {
      free (meta_names);
      free (meta_values);
      return false;
    }
  free (ds->meta_names);
  free (ds->meta_values);
  ds->meta_names = meta_names;
  ds->meta_values = meta_values;
  ds->n_meta = n_meta;
  for (int j = 0; j < n_meta; j++)
    if (!(meta_names[j] = dup_string (names[j])))
      return false;
  for (size_t i = 0; i < (size_t) ds->n * (size_t) n_meta; i++)
    if (values[i] && !(meta_values[i] = dup_string (values[i])))
      return false;
  return true;
}

cw_dataset *
cw_dataset_new_labelled (int n, int channels, int length, const float *x, const cw_dataset_labels *labels)
{
  assert (labels);
  assert (!labels->target_name || labels->y);
  assert (labels->n_classes == 0 || (labels->class_names && labels->target_name));
  assert (labels->n_meta == 0 || (labels->meta_names && (labels->meta_values || n == 0)));
  int n_targets = labels->target_name ? 1 : 0;
  cw_dataset *ds = cw_dataset_new_from_arrays (n, channels, length, x, n_targets, labels->y);
  if (!ds)
    return NULL;
  bool ok = true;
  if (labels->source)
    {
      free (ds->source);
      ok = (ds->source = dup_string (labels->source)) != NULL;
    }
  if (ok && labels->axis)
    {
      cw_c_numbers cn;
      ok = cw_c_numbers_begin (&cn);
      char buf[40];
      for (int t = 0; ok && t < length; t++)
        {
          ds->axis[t] = labels->axis[t];
          cw_format_double (labels->axis[t], buf, sizeof buf);
          free (ds->axis_labels[t]);
          ok = (ds->axis_labels[t] = dup_string (buf)) != NULL;
        }
      cw_c_numbers_end (&cn);
    }
  if (ok && n_targets)
    {
      cw_target_column *col = &ds->targets[0];
      free (col->name);
      ok = (col->name = dup_string (labels->target_name)) != NULL;
      if (ok && labels->n_classes > 0)
        {
          for (int i = 0; i < n; i++)
            assert (isnan (col->values[i])
                    || (col->values[i] >= 0 && col->values[i] < labels->n_classes
                        && col->values[i] == rintf (col->values[i])));
          col->categorical = true;
          ok = (col->classes = calloc ((size_t) labels->n_classes, sizeof (char *))) != NULL;
          if (ok)
            col->n_classes = labels->n_classes;
          for (int k = 0; ok && k < labels->n_classes; k++)
            ok = (col->classes[k] = dup_string (labels->class_names[k])) != NULL;
        }
    }
  if (ok && labels->n_meta > 0)
    ok = add_meta (ds, labels->n_meta, labels->meta_names, labels->meta_values);
  if (!ok)
    {
      cw_dataset_free (ds);
      return NULL;
    }
  return ds;
}

bool
cw_dataset_add_target (cw_dataset *ds, const char *name, const float *values)
{
  assert (ds && name && (values || ds->n == 0));
  size_t rows = ds->n ? (size_t) ds->n : 1;
  cw_target_column col = { 0 };
  col.name = dup_string (name);
  col.values = malloc (rows * sizeof (float));
  col.values64 = malloc (rows * sizeof (double));
  cw_target_column *grown = NULL;
  if (col.name && col.values && col.values64)
    grown = realloc (ds->targets, (size_t) (ds->n_targets + 1) * sizeof (cw_target_column));
  if (!grown)
    {
      free (col.name);
      free (col.values);
      free (col.values64);
      return false;
    }
  for (int i = 0; i < ds->n; i++)
    {
      col.values[i] = values[i];
      col.values64[i] = values[i];
    }
  ds->targets = grown;
  ds->targets[ds->n_targets++] = col;
  return true;
}

/* ---- the writer ---- */

typedef struct {
  char *text;
  size_t len, capacity;
  bool failed;
} text_buffer;

static void
put (text_buffer *b, const char *s, size_t n)
{
  if (b->failed)
    return;
  if (b->len + n + 1 > b->capacity)
    {
      size_t capacity = b->capacity ? b->capacity : 4096;
      while (b->len + n + 1 > capacity)
        capacity *= 2;
      char *grown = realloc (b->text, capacity);
      if (!grown)
        {
          b->failed = true;
          return;
        }
      b->text = grown;
      b->capacity = capacity;
    }
  memcpy (b->text + b->len, s, n);
  b->len += n;
  b->text[b->len] = '\0';
}

/* A cell, quoted when the reader would otherwise split, trim or misread it. */
static void
put_cell (text_buffer *b, const char *prefix, const char *s, bool first)
{
  if (!first)
    put (b, ",", 1);
  size_t n = strlen (s);
  bool quote = n > 0 && (strpbrk (s, ",;\t\"\r\n") || s[0] == ' ' || s[n - 1] == ' ');
  if (quote)
    put (b, "\"", 1);
  put (b, prefix, strlen (prefix));
  for (const char *p = s; *p; p++)
    if (*p == '"')
      put (b, "\"\"", 2); /* a quote inside a quoted field is written twice */
    else
      put (b, p, 1);
  if (quote)
    put (b, "\"", 1);
}

char *
cw_dataset_to_csv (const cw_dataset *ds, size_t *size, cw_error *err)
{
  assert (ds);
  cw_error_clear (err);
  if (ds->channels != 1)
    {
      cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                    "The wide CSV format holds one channel per sample; this dataset has %d.", ds->channels);
      return NULL;
    }
  cw_c_numbers cn;
  if (!cw_c_numbers_begin (&cn))
    {
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to write the dataset.");
      return NULL;
    }
  text_buffer b = { NULL, 0, 0, false };
  bool first = true;
  for (int j = 0; j < ds->n_meta; j++, first = false)
    put_cell (&b, "meta:", ds->meta_names[j], first);
  for (int j = 0; j < ds->n_targets; j++, first = false)
    put_cell (&b, "target:", ds->targets[j].name, first);
  char num[40];
  for (int t = 0; t < ds->length; t++, first = false)
    put_cell (&b, "", ds->axis_labels[t], first);
  /* A header of one empty name would be a blank line, which the reader skips: quote it. */
  if (b.len == 0)
    put (&b, "\"\"", 2);
  put (&b, "\n", 1);
  for (int i = 0; i < ds->n && !b.failed; i++)
    {
      first = true;
      for (int j = 0; j < ds->n_meta; j++, first = false)
        put_cell (&b, "", cw_dataset_meta_value (ds, i, j), first);
      for (int j = 0; j < ds->n_targets; j++, first = false)
        {
          const cw_target_column *col = &ds->targets[j];
          float v = col->values[i];
          if (isnan (v))
            put_cell (&b, "", "", first);
          else if (col->categorical)
            put_cell (&b, "", col->classes[(int) v], first);
          else
            {
              format_value (col->values64[i], num, sizeof num);
              put_cell (&b, "", num, first);
            }
        }
      const double *row = ds->x64 + (size_t) i * (size_t) ds->length;
      for (int t = 0; t < ds->length; t++, first = false)
        {
          if (!first)
            put (&b, ",", 1);
          if (isfinite (row[t]))
            {
              format_value (row[t], num, sizeof num);
              put (&b, num, strlen (num));
            }
          else
            put (&b, "NaN", 3);
        }
      put (&b, "\n", 1);
    }
  cw_c_numbers_end (&cn);
  if (b.failed)
    {
      free (b.text);
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to write %d rows of %d values.", ds->n,
                    ds->length);
      return NULL;
    }
  if (size)
    *size = b.len;
  return b.text;
}

cw_status
cw_dataset_save_csv (const cw_dataset *ds, const char *path, cw_error *err)
{
  assert (ds && path);
  size_t size;
  char *text = cw_dataset_to_csv (ds, &size, err);
  if (!text)
    return err ? err->status : CW_ERR_INVALID_ARGUMENT;
  cw_atomic_file af;
  FILE *f = cw_atomic_open (&af, path, err);
  if (!f)
    {
      free (text);
      return CW_ERR_IO;
    }
  fwrite (text, 1, size, f);
  free (text);
  return cw_atomic_commit (&af, err);
}
