/* dataset.c — dataset storage: allocation, accessors, datasets from arrays, subsets, class columns.
 * The CSV reader is in dataset-csv.c; targets, splits and augmentation in dataset-ops.c. */
#include "cw-data-private.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *
dup_string (const char *s)
{
  size_t n = strlen (s) + 1;
  char *d = malloc (n);
  if (d)
    memcpy (d, s, n);
  return d;
}

cw_dataset *
cw_dataset_alloc (int n, int channels, int length, int n_targets, int n_meta)
{
  assert (n >= 0 && channels >= 1 && length >= 1 && n_targets >= 0 && n_meta >= 0);
  cw_dataset *ds = calloc (1, sizeof *ds);
  if (!ds)
    return NULL;
  ds->n = n;
  ds->channels = channels;
  ds->length = length;
  ds->n_targets = n_targets;
  ds->n_meta = n_meta;
  size_t rows = n ? (size_t) n : 1;
  ds->x = calloc (rows * (size_t) channels * (size_t) length, sizeof (float));
  ds->x64 = calloc (rows * (size_t) channels * (size_t) length, sizeof (double));
  ds->axis = calloc ((size_t) length, sizeof (double));
  ds->axis_labels = calloc ((size_t) length, sizeof (char *));
  ds->targets = calloc (n_targets ? (size_t) n_targets : 1, sizeof (cw_target_column));
  ds->meta_names = calloc (n_meta ? (size_t) n_meta : 1, sizeof (char *));
  ds->meta_values = calloc (rows * (n_meta ? (size_t) n_meta : 1), sizeof (char *));
  ds->lines = calloc (rows, sizeof (int));
  bool ok = ds->x && ds->x64 && ds->axis && ds->axis_labels && ds->targets && ds->meta_names && ds->meta_values
            && ds->lines;
  for (int j = 0; ok && j < n_targets; j++)
    {
      ds->targets[j].values = malloc (rows * sizeof (float));
      ds->targets[j].values64 = malloc (rows * sizeof (double));
      ok = ds->targets[j].values != NULL && ds->targets[j].values64 != NULL;
    }
  if (!ok)
    {
      cw_dataset_free (ds);
      return NULL;
    }
  return ds;
}

static void
free_strings (char **s, size_t n)
{
  if (!s)
    return;
  for (size_t i = 0; i < n; i++)
    free (s[i]);
  free (s);
}

void
cw_dataset_free (cw_dataset *ds)
{
  if (!ds)
    return;
  free (ds->source);
  free (ds->axis_unit);
  free (ds->note);
  free (ds->x);
  free (ds->x64);
  free (ds->axis);
  free_strings (ds->axis_labels, (size_t) ds->length);
  if (ds->targets)
    for (int j = 0; j < ds->n_targets; j++)
      {
        free (ds->targets[j].name);
        free (ds->targets[j].values);
        free (ds->targets[j].values64);
        free_strings (ds->targets[j].classes, (size_t) ds->targets[j].n_classes);
      }
  free (ds->targets);
  free_strings (ds->meta_names, (size_t) ds->n_meta);
  free_strings (ds->meta_values, (size_t) ds->n * (size_t) ds->n_meta);
  free (ds->lines);
  free (ds);
}

cw_dataset *
cw_dataset_new_from_arrays (int n, int channels, int length, const float *x, int n_targets, const float *y)
{
  assert (n >= 0 && channels >= 1 && length >= 1 && (x || n == 0));
  if (!y)
    n_targets = 0;
  cw_dataset *ds = cw_dataset_alloc (n, channels, length, n_targets, 0);
  if (!ds)
    return NULL;
  bool ok = (ds->source = dup_string ("(arrays)")) != NULL;
  size_t size = (size_t) n * (size_t) channels * (size_t) length;
  if (n)
    memcpy (ds->x, x, size * sizeof (float));
  for (size_t i = 0; i < size; i++)
    ds->x64[i] = x[i];
  char buf[32];
  for (int t = 0; ok && t < length; t++)
    {
      ds->axis[t] = t;
      snprintf (buf, sizeof buf, "%d", t);
      ok = (ds->axis_labels[t] = dup_string (buf)) != NULL;
    }
  for (int j = 0; ok && j < n_targets; j++)
    {
      snprintf (buf, sizeof buf, "y%d", j + 1);
      ok = (ds->targets[j].name = dup_string (buf)) != NULL;
      for (int i = 0; i < n; i++)
        {
          ds->targets[j].values[i] = y[(size_t) i * (size_t) n_targets + (size_t) j];
          ds->targets[j].values64[i] = ds->targets[j].values[i];
        }
    }
  if (!ok)
    {
      cw_dataset_free (ds);
      return NULL;
    }
  return ds;
}

/* Copies a string array, NULL entries included; false when out of memory. */
static bool
copy_strings (char **dst, char *const *src, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (src[i] && !(dst[i] = dup_string (src[i])))
      return false;
  return true;
}

cw_dataset *
cw_dataset_subset (const cw_dataset *ds, const int *rows, int n)
{
  assert (ds && (rows || n == 0) && n >= 0);
  cw_dataset *sub = cw_dataset_alloc (n, ds->channels, ds->length, ds->n_targets, ds->n_meta);
  if (!sub)
    return NULL;
  size_t sample = (size_t) ds->channels * (size_t) ds->length;
  bool ok = (sub->source = dup_string (ds->source)) != NULL;
  ok = ok && cw_dataset_set_axis_unit (sub, ds->axis_unit);
  ok = ok && (!ds->note || (sub->note = dup_string (ds->note)));
  memcpy (sub->axis, ds->axis, (size_t) ds->length * sizeof (double));
  ok = ok && copy_strings (sub->axis_labels, ds->axis_labels, (size_t) ds->length);
  ok = ok && copy_strings (sub->meta_names, ds->meta_names, (size_t) ds->n_meta);
  for (int j = 0; ok && j < ds->n_targets; j++)
    {
      const cw_target_column *src = &ds->targets[j];
      cw_target_column *dst = &sub->targets[j];
      dst->categorical = src->categorical;
      ok = (dst->name = dup_string (src->name)) != NULL;
      if (ok && src->n_classes)
        {
          ok = (dst->classes = calloc ((size_t) src->n_classes, sizeof (char *))) != NULL;
          if (ok)
            {
              dst->n_classes = src->n_classes;
              ok = copy_strings (dst->classes, src->classes, (size_t) src->n_classes);
            }
        }
    }
  for (int i = 0; ok && i < n; i++)
    {
      int r = rows[i];
      assert (r >= 0 && r < ds->n);
      memcpy (sub->x + (size_t) i * sample, ds->x + (size_t) r * sample, sample * sizeof (float));
      memcpy (sub->x64 + (size_t) i * sample, ds->x64 + (size_t) r * sample, sample * sizeof (double));
      for (int j = 0; j < ds->n_targets; j++)
        {
          sub->targets[j].values[i] = ds->targets[j].values[r];
          sub->targets[j].values64[i] = ds->targets[j].values64[r];
        }
      sub->lines[i] = ds->lines[r];
      ok = copy_strings (sub->meta_values + (size_t) i * (size_t) ds->n_meta,
                         ds->meta_values + (size_t) r * (size_t) ds->n_meta, (size_t) ds->n_meta);
    }
  if (!ok)
    {
      cw_dataset_free (sub);
      return NULL;
    }
  return sub;
}

int cw_dataset_n_samples (const cw_dataset *ds) { return ds->n; }
int cw_dataset_n_channels (const cw_dataset *ds) { return ds->channels; }
int cw_dataset_length (const cw_dataset *ds) { return ds->length; }
const float *cw_dataset_signals (const cw_dataset *ds) { return ds->x; }
const double *cw_dataset_signals_f64 (const cw_dataset *ds) { return ds->x64; }
const double *cw_dataset_axis (const cw_dataset *ds) { return ds->axis; }
const char *cw_dataset_source (const cw_dataset *ds) { return ds->source; }
int cw_dataset_n_targets (const cw_dataset *ds) { return ds->n_targets; }
int cw_dataset_n_meta (const cw_dataset *ds) { return ds->n_meta; }

const char *cw_dataset_axis_unit (const cw_dataset *ds) { return ds->axis_unit; }
const char *cw_dataset_note (const cw_dataset *ds) { return ds->note; }

bool
cw_dataset_set_axis_unit (cw_dataset *ds, const char *unit)
{
  assert (ds);
  char *copy = NULL;
  if (unit && !(copy = dup_string (unit)))
    return false;
  free (ds->axis_unit);
  ds->axis_unit = copy;
  return true;
}

const char *
cw_dataset_axis_label (const cw_dataset *ds, int t)
{
  assert (t >= 0 && t < ds->length);
  return ds->axis_labels[t];
}

const char *
cw_dataset_target_name (const cw_dataset *ds, int j)
{
  assert (j >= 0 && j < ds->n_targets);
  return ds->targets[j].name;
}

static const char *
strip_prefix (const char *name, const char *prefix)
{
  size_t n = strlen (prefix);
  return strncasecmp (name, prefix, n) == 0 ? name + n : name;
}

int
cw_dataset_find_target (const cw_dataset *ds, const char *name)
{
  assert (ds && name);
  name = strip_prefix (name, "target:");
  for (int j = 0; j < ds->n_targets; j++)
    if (strcmp (ds->targets[j].name, name) == 0)
      return j;
  return -1;
}

bool
cw_dataset_target_is_categorical (const cw_dataset *ds, int j)
{
  assert (j >= 0 && j < ds->n_targets);
  return ds->targets[j].categorical;
}

bool
cw_dataset_target_is_zero_one (const cw_dataset *ds, int j)
{
  assert (j >= 0 && j < ds->n_targets);
  const cw_target_column *col = &ds->targets[j];
  if (col->categorical)
    return false;
  bool zero = false, one = false;
  for (int i = 0; i < ds->n; i++)
    {
      float v = col->values[i];
      if (isnan (v))
        continue;
      if (v == 0.0f)
        zero = true;
      else if (v == 1.0f)
        one = true;
      else
        return false;
    }
  return zero && one;
}

int
cw_dataset_n_classes (const cw_dataset *ds, int j)
{
  assert (j >= 0 && j < ds->n_targets);
  return ds->targets[j].n_classes;
}

const char *
cw_dataset_class_name (const cw_dataset *ds, int j, int k)
{
  assert (j >= 0 && j < ds->n_targets);
  assert (k >= 0 && k < ds->targets[j].n_classes);
  return ds->targets[j].classes[k];
}

const float *
cw_dataset_target_values (const cw_dataset *ds, int j)
{
  assert (j >= 0 && j < ds->n_targets);
  return ds->targets[j].values;
}

const double *
cw_dataset_target_values_f64 (const cw_dataset *ds, int j)
{
  assert (j >= 0 && j < ds->n_targets);
  return ds->targets[j].values64;
}

const char *
cw_dataset_meta_name (const cw_dataset *ds, int j)
{
  assert (j >= 0 && j < ds->n_meta);
  return ds->meta_names[j];
}

int
cw_dataset_find_meta (const cw_dataset *ds, const char *name)
{
  assert (ds && name);
  name = strip_prefix (name, "meta:");
  for (int j = 0; j < ds->n_meta; j++)
    if (strcmp (ds->meta_names[j], name) == 0)
      return j;
  return -1;
}

const char *
cw_dataset_meta_value (const cw_dataset *ds, int row, int j)
{
  assert (row >= 0 && row < ds->n);
  assert (j >= 0 && j < ds->n_meta);
  const char *v = ds->meta_values[(size_t) row * (size_t) ds->n_meta + (size_t) j];
  return v ? v : "";
}

void
cw_dataset_row_place (const cw_dataset *ds, int row, char *buf, size_t size)
{
  if (ds->lines[row] > 0)
    snprintf (buf, size, "line %d", ds->lines[row]);
  else
    snprintf (buf, size, "row %d", row + 1);
}

bool
cw_is_missing_token (const char *s)
{
  return s[0] == '\0' || strcasecmp (s, "NA") == 0 || strcasecmp (s, "N/A") == 0
         || strcasecmp (s, "NaN") == 0;
}

/* ---- class columns ---- */

/* FNV-1a: class lookup must stay linear-time even when a column holds thousands of distinct names. */
static uint32_t
hash_string (const char *s)
{
  uint32_t h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (unsigned char) *s) * 16777619u;
  return h;
}

static bool
parse_integer (const char *s, long *out)
{
  char *end;
  errno = 0;
  long v = strtol (s, &end, 10);
  if (end == s || *end != '\0' || errno == ERANGE)
    return false;
  *out = v;
  return true;
}

typedef struct {
  long value;
  int index;
} integer_class;

static int
compare_integer_class (const void *a, const void *b)
{
  long x = ((const integer_class *) a)->value, y = ((const integer_class *) b)->value;
  return (x > y) - (x < y);
}

/* Renumbers classes so that integer names ("1", "2", "10") come in numeric, not textual, order. */
static bool
sort_integer_classes (cw_target_column *col, int n)
{
  integer_class *ic = malloc ((size_t) col->n_classes * sizeof *ic);
  int *new_index = malloc ((size_t) col->n_classes * sizeof (int));
  char **names = malloc ((size_t) col->n_classes * sizeof (char *));
  if (!ic || !new_index || !names)
    {
      free (ic);
      free (new_index);
      free (names);
      return false;
    }
  for (int k = 0; k < col->n_classes; k++)
    {
      parse_integer (col->classes[k], &ic[k].value);
      ic[k].index = k;
    }
  qsort (ic, (size_t) col->n_classes, sizeof *ic, compare_integer_class);
  for (int k = 0; k < col->n_classes; k++)
    {
      new_index[ic[k].index] = k;
      names[k] = col->classes[ic[k].index];
    }
  for (int i = 0; i < n; i++)
    if (!isnan (col->values[i]))
      {
        col->values[i] = (float) new_index[(int) col->values[i]];
        col->values64[i] = col->values[i];
      }
  free (col->classes);
  col->classes = names;
  free (ic);
  free (new_index);
  return true;
}

bool
cw_dataset_set_classes (cw_dataset *ds, int j, const char *const *cells)
{
  assert (j >= 0 && j < ds->n_targets);
  cw_target_column *col = &ds->targets[j];
  free_strings (col->classes, (size_t) col->n_classes);
  col->classes = NULL;
  col->n_classes = 0;
  col->categorical = true;

  size_t n_slots = 16;
  while (n_slots < 2 * (size_t) ds->n)
    n_slots *= 2;
  int *slots = malloc (n_slots * sizeof (int));
  int capacity = 8;
  col->classes = malloc ((size_t) capacity * sizeof (char *));
  if (!slots || !col->classes)
    goto nomem;
  memset (slots, 0xff, n_slots * sizeof (int)); /* -1: empty slot */
  for (int i = 0; i < ds->n; i++)
    {
      if (!cells[i])
        {
          col->values[i] = NAN;
          col->values64[i] = NAN;
          continue;
        }
      size_t h = hash_string (cells[i]) & (n_slots - 1);
      while (slots[h] >= 0 && strcmp (col->classes[slots[h]], cells[i]) != 0)
        h = (h + 1) & (n_slots - 1);
      if (slots[h] < 0)
        {
          if (col->n_classes == capacity)
            {
              capacity *= 2;
              char **grown = realloc (col->classes, (size_t) capacity * sizeof (char *));
              if (!grown)
                goto nomem;
              col->classes = grown;
            }
          if (!(col->classes[col->n_classes] = dup_string (cells[i])))
            goto nomem;
          slots[h] = col->n_classes++;
        }
      col->values[i] = (float) slots[h];
      col->values64[i] = slots[h];
    }
  free (slots);

  bool all_integers = col->n_classes > 0;
  long ignored;
  for (int k = 0; all_integers && k < col->n_classes; k++)
    all_integers = parse_integer (col->classes[k], &ignored);
  if (all_integers && !sort_integer_classes (col, ds->n))
    return false;
  return true;

nomem:
  free (slots);
  return false;
}

cw_status
cw_dataset_make_categorical (cw_dataset *ds, int j, cw_error *err)
{
  assert (ds && j >= 0 && j < ds->n_targets);
  cw_error_clear (err);
  cw_target_column *col = &ds->targets[j];
  if (col->categorical)
    return CW_OK;
  char place[32];
  bool any = false;
  for (int i = 0; i < ds->n; i++)
    {
      float v = col->values[i];
      if (isnan (v))
        continue;
      any = true;
      if (v != rintf (v) || fabsf (v) > 1e9f)
        {
          cw_dataset_row_place (ds, i, place, sizeof place);
          return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, ds->lines[i], 0,
                               "%s: target '%s' cannot become classes: %s holds %g, which is not an "
                               "integer label.", ds->source, col->name, place, (double) v);
        }
    }
  if (!any)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "%s: target '%s' has no values, so it has no classes.", ds->source, col->name);

  /* The integer names make cw_dataset_set_classes sort them numerically. */
  char **cells = calloc (ds->n ? (size_t) ds->n : 1, sizeof (char *));
  bool ok = cells != NULL;
  for (int i = 0; ok && i < ds->n; i++)
    if (!isnan (col->values[i]))
      {
        char buf[24];
        snprintf (buf, sizeof buf, "%ld", (long) col->values[i]);
        ok = (cells[i] = dup_string (buf)) != NULL;
      }
  ok = ok && cw_dataset_set_classes (ds, j, (const char *const *) cells);
  if (cells)
    free_strings (cells, (size_t) ds->n);
  if (!ok)
    {
      col->categorical = false;
      return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to turn target '%s' into classes.",
                           col->name);
    }
  return CW_OK;
}
