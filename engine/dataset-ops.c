/* dataset-ops.c — model-space targets, validation splits and 1D augmentation. */
#include "cw-data-private.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- targets ---- */

/* Binary/multilabel columns are 0/1: numbers that are exactly 0 or 1, or a column of two classes. */
static cw_status
check_binary_column (const cw_dataset *ds, int c, cw_task task, cw_error *err)
{
  const cw_target_column *col = &ds->targets[c];
  if (col->categorical)
    {
      if (col->n_classes != 2)
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "%s: target '%s' has %d class%s; a %s target needs exactly two (or numbers "
                             "0/1).", ds->source, col->name, col->n_classes, col->n_classes == 1 ? "" : "es",
                             cw_task_name (task));
      return CW_OK;
    }
  for (int i = 0; i < ds->n; i++)
    if (col->values[i] != 0.0f && col->values[i] != 1.0f)
      {
        char place[32];
        cw_dataset_row_place (ds, i, place, sizeof place);
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, ds->lines[i], 0,
                             "%s: %s holds %g in target '%s'; a %s target holds 0 or 1 (or two classes).",
                             ds->source, place, (double) col->values[i], col->name, cw_task_name (task));
      }
  return CW_OK;
}

cw_status
cw_dataset_encode_targets (const cw_dataset *ds, cw_task task, const int *cols, int n_cols, float **y,
                           int *k, cw_error *err)
{
  assert (ds && y && k && (cols || n_cols == 0));
  cw_error_clear (err);
  *y = NULL;
  *k = 0;
  if (n_cols < 1)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "No target column was chosen for the %s task.",
                         cw_task_name (task));
  for (int j = 0; j < n_cols; j++)
    if (cols[j] < 0 || cols[j] >= ds->n_targets)
      return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                           "%s: there is no target column %d (the data has %d target%s).", ds->source,
                           cols[j], ds->n_targets, ds->n_targets == 1 ? "" : "s");
  if ((task == CW_TASK_BINARY || task == CW_TASK_MULTICLASS) && n_cols != 1)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "A %s task predicts one target column, not %d.", cw_task_name (task), n_cols);

  for (int j = 0; j < n_cols; j++)
    {
      const cw_target_column *col = &ds->targets[cols[j]];
      for (int i = 0; i < ds->n; i++)
        if (isnan (col->values[i]))
          {
            char place[32];
            cw_dataset_row_place (ds, i, place, sizeof place);
            return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, ds->lines[i], 0,
                                 "%s: %s has no value for target '%s'; every row used for training needs "
                                 "one (remove the row or fill in the value).", ds->source, place, col->name);
          }
      cw_status st = CW_OK;
      if (task == CW_TASK_REGRESSION && col->categorical)
        st = cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                           "%s: target '%s' holds classes (text such as '%s'); regression needs numbers, "
                           "use a classification task.", ds->source, col->name,
                           col->n_classes ? col->classes[0] : "");
      else if (task == CW_TASK_MULTICLASS && !col->categorical)
        st = cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                           "%s: target '%s' holds numbers, not classes; turn integer labels into classes "
                           "first, or use regression.", ds->source, col->name);
      else if (task == CW_TASK_MULTICLASS && col->n_classes < 2)
        st = cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                           "%s: target '%s' has only %d class; classification needs at least two.",
                           ds->source, col->name, col->n_classes);
      else if (task == CW_TASK_BINARY || task == CW_TASK_MULTILABEL)
        st = check_binary_column (ds, cols[j], task, err);
      if (st != CW_OK)
        return st;
    }

  int width = task == CW_TASK_MULTICLASS ? ds->targets[cols[0]].n_classes : n_cols;
  float *out = calloc ((size_t) (ds->n ? ds->n : 1) * (size_t) width, sizeof (float));
  if (!out)
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for the targets.");
  for (int i = 0; i < ds->n; i++)
    {
      float *row = out + (size_t) i * (size_t) width;
      if (task == CW_TASK_MULTICLASS)
        row[(int) ds->targets[cols[0]].values[i]] = 1.0f;
      else
        for (int j = 0; j < n_cols; j++)
          row[j] = ds->targets[cols[j]].values[i];
    }
  *y = out;
  *k = width;
  return CW_OK;
}

/* ---- splits ---- */

void
cw_split_random (int n, double fraction, uint64_t seed, unsigned char *is_val)
{
  assert (n >= 0 && (is_val || n == 0));
  if (!(fraction > 0)) /* also NaN */
    fraction = 0;
  if (fraction > 1)
    fraction = 1;
  int want = (int) lround (fraction * n);
  cw_rng rng;
  cw_rng_seed (&rng, seed);
  /* Selection sampling (Knuth's algorithm S): row i is chosen with probability (still wanted) / (rows
   * left), which picks exactly `want` rows, each subset equally likely, without a permutation array. */
  int chosen = 0;
  for (int i = 0; i < n; i++)
    {
      bool take = (int) cw_rng_below (&rng, (uint32_t) (n - i)) < want - chosen;
      is_val[i] = take;
      chosen += take;
    }
}

static bool
token_equals (const char *token, size_t len, const char *value)
{
  return strlen (value) == len && memcmp (token, value, len) == 0;
}

/* Finds the next comma-separated value in *p, trimmed; false when there is none. */
static bool
next_value (const char **p, const char **token, size_t *len)
{
  const char *s = *p;
  while (*s)
    {
      const char *comma = strchr (s, ',');
      const char *stop = comma ? comma : s + strlen (s);
      const char *a = s, *b = stop;
      while (a < b && (*a == ' ' || *a == '\t'))
        a++;
      while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
        b--;
      s = comma ? comma + 1 : stop;
      if (b > a)
        {
          *token = a;
          *len = (size_t) (b - a);
          *p = s;
          return true;
        }
    }
  *p = s;
  return false;
}

cw_status
cw_split_by_meta (const cw_dataset *ds, const char *column, const char *values, unsigned char *is_val,
                  cw_error *err)
{
  assert (ds && column && values && (is_val || ds->n == 0));
  cw_error_clear (err);
  int j = cw_dataset_find_meta (ds, column);
  if (j < 0)
    {
      char names[256] = "";
      size_t used = 0;
      for (int m = 0; m < ds->n_meta && used < sizeof names - 1; m++)
        used += (size_t) snprintf (names + used, sizeof names - used, "%s%s", m ? ", " : "",
                                   ds->meta_names[m]);
      return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "%s: no meta column named '%s' (%s%s).",
                           ds->source, column, ds->n_meta ? "meta columns: " : "the data has none",
                           names);
    }
  const char *p = values, *token;
  size_t len;
  if (!next_value (&p, &token, &len))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "No value of meta column '%s' was given to pick the validation rows.", column);
  int matched = 0;
  for (int i = 0; i < ds->n; i++)
    {
      const char *v = cw_dataset_meta_value (ds, i, j);
      bool hit = false;
      p = values;
      while (!hit && next_value (&p, &token, &len))
        hit = token_equals (token, len, v);
      is_val[i] = hit;
      matched += hit;
    }
  if (matched == 0 && ds->n > 0)
    {
      /* Name the values that do occur: the usual cause is a typo or a different spelling. */
      char seen[256] = "";
      size_t used = 0;
      int listed = 0;
      for (int i = 0; i < ds->n && listed < 8 && used < sizeof seen - 1; i++)
        {
          const char *v = cw_dataset_meta_value (ds, i, j);
          bool repeat = false;
          for (int r = 0; r < i && !repeat; r++)
            repeat = strcmp (cw_dataset_meta_value (ds, r, j), v) == 0;
          if (!repeat)
            used += (size_t) snprintf (seen + used, sizeof seen - used, "%s'%s'", listed++ ? ", " : "", v);
        }
      return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                           "%s: no row has %s = '%s' (values found: %s).", ds->source, ds->meta_names[j],
                           values, seen);
    }
  return CW_OK;
}

/* ---- augmentation ---- */

bool
cw_augment_active (const cw_augment *aug)
{
  return aug && (aug->shift != 0 || aug->noise != 0 || aug->scale != 0 || aug->offset != 0
                 || aug->slope != 0);
}

/* x'[t] = x[clamp (t - d)]: the signal moves right by d, the edge values fill the gap. In place: moving
 * right reads lower indices, so it walks down; moving left walks up. */
static void
shift_signal (float *x, int length, int d)
{
  if (d > 0)
    for (int t = length - 1; t >= 0; t--)
      x[t] = x[t - d > 0 ? t - d : 0];
  else if (d < 0)
    for (int t = 0; t < length; t++)
      x[t] = x[t - d < length - 1 ? t - d : length - 1];
}

void
cw_augment_apply (const cw_augment *aug, float *x, int n, int channels, int length, cw_rng *rng)
{
  assert (aug && rng && (x || n == 0));
  if (!cw_augment_active (aug))
    return;
  int max_shift = aug->shift < 0 ? -aug->shift : aug->shift;
  for (int i = 0; i < n; i++)
    {
      /* One draw of each per sample, shared by its channels (they are aligned views of one object). */
      int d = max_shift ? (int) cw_rng_below (rng, (uint32_t) (2 * max_shift + 1)) - max_shift : 0;
      double s = aug->scale != 0 ? 1.0 + aug->scale * cw_rng_normal (rng) : 1.0;
      double o = aug->offset != 0 ? aug->offset * cw_rng_normal (rng) : 0.0;
      double b = aug->slope != 0 ? aug->slope * cw_rng_normal (rng) : 0.0;
      for (int c = 0; c < channels; c++)
        {
          float *v = x + ((size_t) i * (size_t) channels + (size_t) c) * (size_t) length;
          shift_signal (v, length, d);
          /* x' = s x + o + b (t/(L-1) - 1/2) + noise: the slope pivots on the middle of the signal. */
          for (int t = 0; t < length; t++)
            {
              double ramp = length > 1 ? (double) t / (length - 1) - 0.5 : 0.0;
              double value = s * v[t] + o + b * ramp;
              if (aug->noise != 0)
                value += aug->noise * cw_rng_normal (rng);
              v[t] = (float) value;
            }
        }
    }
}

cw_augment
cw_augment_scaled (const cw_augment *aug, double sd)
{
  assert (aug);
  cw_augment scaled = *aug;
  scaled.offset = (float) (aug->offset * sd);
  scaled.slope = (float) (aug->slope * sd);
  scaled.noise = (float) (aug->noise * sd);
  return scaled;
}
