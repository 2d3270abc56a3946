/* validation-plan.c — validation plans: test splits (rows, meta values, row ranges) and CV folds
 * (k-fold consecutive or random, leave-one-out, grouped). The CV driver is in validation.c. */
#include "cw-validation.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
cw_cv_plan_init (cw_cv_plan *plan, int n)
{
  assert (plan && n >= 0);
  memset (plan, 0, sizeof *plan);
  plan->n = n;
  plan->fold = malloc ((n ? (size_t) n : 1) * sizeof (int));
  plan->is_test = calloc (n ? (size_t) n : 1, 1);
  for (int i = 0; i < n; i++)
    plan->fold[i] = CW_FOLD_NONE;
  snprintf (plan->label, sizeof plan->label, "no cross-validation");
}

void
cw_cv_plan_clear (cw_cv_plan *plan)
{
  if (!plan)
    return;
  free (plan->fold);
  free (plan->is_test);
  memset (plan, 0, sizeof *plan);
}

int
cw_cv_plan_n_test (const cw_cv_plan *plan)
{
  int c = 0;
  for (int i = 0; i < plan->n; i++)
    c += plan->is_test[i] != 0;
  return c;
}

int
cw_cv_plan_n_calibration (const cw_cv_plan *plan)
{
  return plan->n - cw_cv_plan_n_test (plan);
}

static void
clear_folds (cw_cv_plan *plan)
{
  for (int i = 0; i < plan->n; i++)
    plan->fold[i] = CW_FOLD_NONE;
  plan->n_folds = 0;
  snprintf (plan->label, sizeof plan->label, "no cross-validation");
}

cw_status
cw_cv_plan_test_rows (cw_cv_plan *plan, const unsigned char *is_test, cw_error *err)
{
  cw_error_clear (err);
  int n_test = 0;
  for (int i = 0; i < plan->n; i++)
    n_test += is_test[i] != 0;
  if (plan->n - n_test < 2)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The test split leaves %d calibration row%s; at least 2 are needed to fit.",
                         plan->n - n_test, plan->n - n_test == 1 ? "" : "s");
  for (int i = 0; i < plan->n; i++)
    plan->is_test[i] = is_test[i] != 0;
  clear_folds (plan);
  return CW_OK;
}

cw_status
cw_cv_plan_test_by_meta (cw_cv_plan *plan, const cw_dataset *ds, const char *column, const char *values,
                         cw_error *err)
{
  assert (cw_dataset_n_samples (ds) == plan->n);
  unsigned char *t = calloc (plan->n ? (size_t) plan->n : 1, 1);
  cw_status st = cw_split_by_meta (ds, column, values, t, err);
  if (st == CW_OK)
    st = cw_cv_plan_test_rows (plan, t, err);
  free (t);
  return st;
}

cw_status
cw_cv_plan_test_by_ranges (cw_cv_plan *plan, const char *ranges, cw_error *err)
{
  cw_error_clear (err);
  unsigned char *t = calloc (plan->n ? (size_t) plan->n : 1, 1);
  const char *s = ranges;
  bool any = false;
  while (*s)
    {
      while (*s == ' ' || *s == '\t' || *s == ',')
        s++;
      if (!*s)
        break;
      const char *start = s;
      int column = (int) (start - ranges) + 1;
      char *end;
      long lo = strtol (s, &end, 10), hi = lo;
      bool ok = end != s && isdigit ((unsigned char) *s);
      s = end;
      while (ok && (*s == ' ' || *s == '\t'))
        s++;
      if (ok && *s == '-')
        {
          s++;
          while (*s == ' ' || *s == '\t')
            s++;
          ok = isdigit ((unsigned char) *s);
          hi = strtol (s, &end, 10);
          s = end;
        }
      while (ok && (*s == ' ' || *s == '\t'))
        s++;
      if (!ok || (*s && *s != ','))
        {
          free (t);
          int len = 0;
          while (start[len] && start[len] != ',')
            len++;
          cw_error_set (err, CW_ERR_PARSE, 0, column,
                        "Column %d: '%.*s' is not a row number or a range such as 51-60.", column, len, start);
          if (err)
            err->length = len;
          return CW_ERR_PARSE;
        }
      if (lo < 1 || hi > plan->n || lo > hi)
        {
          free (t);
          cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, column,
                        "Column %d: rows %ld-%ld are outside 1-%d (or reversed).", column, lo, hi, plan->n);
          if (err)
            err->length = (int) (s - start);
          return CW_ERR_INVALID_ARGUMENT;
        }
      for (long r = lo; r <= hi; r++)
        t[r - 1] = 1;
      any = true;
    }
  if (!any)
    {
      free (t);
      return cw_error_set (err, CW_ERR_PARSE, 0, 1, "No test rows given (expected e.g. 51-60).");
    }
  cw_status st = cw_cv_plan_test_rows (plan, t, err);
  free (t);
  return st;
}

/* Assigns items order[0..m-1] to k folds in consecutive chunks, the first (m mod k) one longer. */
static void
chunk (const int *order, int m, int k, int *fold_of_item)
{
  int base = m / k, extra = m % k, pos = 0;
  for (int f = 0; f < k; f++)
    {
      int size = base + (f < extra);
      for (int j = 0; j < size; j++)
        fold_of_item[order[pos++]] = f;
    }
}

/* The calibration rows in order; returns their count. */
static int
calibration_rows (const cw_cv_plan *plan, int *rows)
{
  int m = 0;
  for (int i = 0; i < plan->n; i++)
    if (!plan->is_test[i])
      rows[m++] = i;
  return m;
}

cw_status
cw_cv_plan_kfold (cw_cv_plan *plan, int k, bool random, uint64_t seed, cw_error *err)
{
  cw_error_clear (err);
  int *rows = malloc ((plan->n ? (size_t) plan->n : 1) * sizeof (int));
  int m = calibration_rows (plan, rows);
  if (k < 2 || k > m)
    {
      free (rows);
      return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                           "%d-fold cross-validation needs from 2 to %d folds (one per calibration row at most).",
                           k, m);
    }
  int *order = malloc ((size_t) m * sizeof (int));
  int *fold_of = malloc ((size_t) m * sizeof (int));
  for (int j = 0; j < m; j++)
    order[j] = j;
  if (random)
    {
      cw_rng rng;
      cw_rng_seed (&rng, seed);
      cw_rng_shuffle (&rng, order, m);
    }
  chunk (order, m, k, fold_of);
  clear_folds (plan);
  for (int j = 0; j < m; j++)
    plan->fold[rows[j]] = fold_of[j];
  plan->n_folds = k;
  if (k == m)
    snprintf (plan->label, sizeof plan->label, "leave-one-out");
  else if (random)
    snprintf (plan->label, sizeof plan->label, "%d-fold random (seed %llu)", k, (unsigned long long) seed);
  else
    snprintf (plan->label, sizeof plan->label, "%d-fold consecutive", k);
  free (rows);
  free (order);
  free (fold_of);
  return CW_OK;
}

cw_status
cw_cv_plan_loo (cw_cv_plan *plan, cw_error *err)
{
  return cw_cv_plan_kfold (plan, cw_cv_plan_n_calibration (plan), false, 0, err);
}

cw_status
cw_cv_plan_grouped (cw_cv_plan *plan, const int *group, int k, bool random, uint64_t seed, cw_error *err)
{
  cw_error_clear (err);
  int n = plan->n;
  int *rows = malloc ((n ? (size_t) n : 1) * sizeof (int));
  int m = calibration_rows (plan, rows);
  /* Distinct ids in order of first appearance (quadratic, but datasets have hundreds of rows, not millions
   * — and it keeps the order without sorting). */
  int *ids = malloc ((m ? (size_t) m : 1) * sizeof (int));
  int *group_of = malloc ((m ? (size_t) m : 1) * sizeof (int));
  int g = 0;
  for (int j = 0; j < m; j++)
    {
      int id = group[rows[j]], found = -1;
      for (int h = 0; h < g && found < 0; h++)
        if (ids[h] == id)
          found = h;
      if (found < 0)
        {
          found = g;
          ids[g++] = id;
        }
      group_of[j] = found;
    }
  if (g < 2)
    {
      free (rows);
      free (ids);
      free (group_of);
      return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                           "Grouped cross-validation needs at least 2 groups among the calibration rows (found %d).",
                           g);
    }
  bool logo = k <= 0 || k >= g;
  if (logo)
    k = g;
  int *order = malloc ((size_t) g * sizeof (int));
  int *fold_of_group = malloc ((size_t) g * sizeof (int));
  for (int h = 0; h < g; h++)
    order[h] = h;
  if (random)
    {
      cw_rng rng;
      cw_rng_seed (&rng, seed);
      cw_rng_shuffle (&rng, order, g);
    }
  chunk (order, g, k, fold_of_group);
  clear_folds (plan);
  for (int j = 0; j < m; j++)
    plan->fold[rows[j]] = fold_of_group[group_of[j]];
  plan->n_folds = k;
  if (logo)
    snprintf (plan->label, sizeof plan->label, "leave-one-group-out (%d groups)", g);
  else
    snprintf (plan->label, sizeof plan->label, "%d-fold grouped%s (%d groups)", k, random ? " random" : "", g);
  free (rows);
  free (ids);
  free (group_of);
  free (order);
  free (fold_of_group);
  return CW_OK;
}

cw_status
cw_cv_plan_grouped_by_meta (cw_cv_plan *plan, const cw_dataset *ds, const char *column, int k, bool random,
                            uint64_t seed, cw_error *err)
{
  assert (cw_dataset_n_samples (ds) == plan->n);
  int col = cw_dataset_find_meta (ds, column);
  if (col < 0)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "%s has no meta column '%s' to group by.",
                         cw_dataset_source (ds), column);
  /* Ids by first appearance of the text value. */
  int n = plan->n;
  int *group = malloc ((n ? (size_t) n : 1) * sizeof (int));
  for (int i = 0; i < n; i++)
    {
      const char *v = cw_dataset_meta_value (ds, i, col);
      group[i] = i;
      for (int j = 0; j < i; j++)
        if (strcmp (cw_dataset_meta_value (ds, j, col), v) == 0)
          {
            group[i] = group[j];
            break;
          }
    }
  cw_status st = cw_cv_plan_grouped (plan, group, k, random, seed, err);
  free (group);
  return st;
}
