/* validation-nested.c — choosing the number of PLS components by rule, and nested cross-validation: the
 * outer folds report, the inner folds (over each outer fold's remaining calibration rows) choose. */
#include "cw-validation.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *
cw_ncomp_rule_name (cw_ncomp_rule rule)
{
  switch (rule)
    {
    case CW_NCOMP_ONE_SE: return "one-se";
    case CW_NCOMP_MIN: return "min";
    case CW_NCOMP_FIRST_MIN: return "first-min";
    case CW_NCOMP_WOLD: return "wold";
    }
  return "?";
}

bool
cw_ncomp_rule_from_name (const char *name, cw_ncomp_rule *rule)
{
  for (int r = CW_NCOMP_ONE_SE; r <= CW_NCOMP_WOLD; r++)
    if (strcasecmp (name, cw_ncomp_rule_name ((cw_ncomp_rule) r)) == 0)
      {
        *rule = (cw_ncomp_rule) r;
        return true;
      }
  return false;
}

int
cw_choose_components (cw_ncomp_rule rule, const double *loss, int n, int a_max)
{
  assert (loss && n >= 1 && a_max >= 1);
  if (rule == CW_NCOMP_ONE_SE)
    return cw_suggest_components (loss, n, a_max);
  /* PRESS(a): the CV loss summed over rows (its mean would do as well for every rule below). */
  double *press = malloc ((size_t) a_max * sizeof (double));
  for (int a = 0; a < a_max; a++)
    {
      double s = 0;
      for (int i = 0; i < n; i++)
        s += loss[(size_t) a * n + i];
      press[a] = s;
    }
  int pick = a_max - 1;
  switch (rule)
    {
    case CW_NCOMP_MIN:
      pick = 0;
      for (int a = 1; a < a_max; a++)
        if (press[a] < press[pick])
          pick = a;
      break;
    case CW_NCOMP_FIRST_MIN:
      for (int a = 0; a + 1 < a_max; a++)
        if (!(press[a + 1] < press[a]))
          {
            pick = a;
            break;
          }
      break;
    case CW_NCOMP_WOLD:
      /* Wold (1978): a component is worth adding while it lowers PRESS by at least 5 %. */
      for (int a = 0; a + 1 < a_max; a++)
        if (!(press[a + 1] / press[a] < 0.95))
          {
            pick = a;
            break;
          }
      break;
    case CW_NCOMP_ONE_SE:
      break;
    }
  free (press);
  return pick + 1;
}

void
cw_pls_nested_result_clear (cw_pls_nested_result *r)
{
  if (!r)
    return;
  free (r->chosen);
  free (r->pred);
  memset (r, 0, sizeof *r);
}

/* The inner plan of outer fold o: the outer fold's rows and the test rows held out, folds over the rest. */
static cw_status
inner_plan (const cw_cv_plan *outer, int o, int inner_k, bool random, uint64_t seed, const int *groups,
            cw_cv_plan *plan, cw_error *err)
{
  int n = outer->n;
  cw_cv_plan_init (plan, n);
  unsigned char *held = malloc ((size_t) n + 1);
  for (int i = 0; i < n; i++)
    held[i] = outer->is_test[i] || outer->fold[i] == o || outer->fold[i] == CW_FOLD_NONE;
  cw_status st = cw_cv_plan_test_rows (plan, held, err);
  free (held);
  if (st != CW_OK)
    return st;
  int n_cal = cw_cv_plan_n_calibration (plan);
  if (groups)
    return cw_cv_plan_grouped (plan, groups, inner_k, random, seed, err);
  if (inner_k <= 0 || inner_k >= n_cal)
    return cw_cv_plan_loo (plan, err);
  return cw_cv_plan_kfold (plan, inner_k, random, seed, err);
}

double
cw_pls_cv_score (const cw_pls_cv_result *r, bool classification)
{
  if (r->suggested < 1)
    return NAN;
  return classification ? 1 - r->acc_cv[r->suggested - 1] : r->rmsecv[r->suggested - 1];
}

cw_status
cw_pls_cv_select (const cw_pls_cv_config *configs, int n_configs, const cw_chemo_data *data, const cw_cv_plan *plan,
                  cw_pls_cv_result *result, int *chosen, double *scores, cw_error *err)
{
  assert (configs && n_configs >= 1 && result && chosen);
  cw_error_clear (err);
  memset (result, 0, sizeof *result);
  *chosen = -1;
  cw_error first = { 0 };
  cw_status first_st = CW_OK;
  double best = INFINITY;
  for (int c = 0; c < n_configs; c++)
    {
      cw_pls_cv_result r;
      cw_error e;
      cw_error_clear (&e);
      cw_status st = cw_pls_cv_run (&configs[c], data, plan, &r, &e);
      double score = st == CW_OK ? cw_pls_cv_score (&r, configs[c].classification) : NAN;
      if (scores)
        scores[c] = score;
      if (st != CW_OK)
        {
          if (first_st == CW_OK)
            {
              first_st = st;
              first = e;
            }
          continue;
        }
      if (*chosen < 0 || score < best)
        {
          cw_pls_cv_result_clear (result);
          *result = r;
          *chosen = c;
          best = score;
        }
      else
        cw_pls_cv_result_clear (&r);
    }
  if (*chosen < 0)
    {
      if (err)
        *err = first;
      return first_st;
    }
  return CW_OK;
}

cw_status
cw_pls_nested_cv (const cw_pls_cv_config *config, const cw_chemo_data *data, const cw_cv_plan *plan, int inner_k,
                  bool inner_random, uint64_t seed, const int *groups, cw_pls_nested_result *r, cw_error *err)
{
  return cw_pls_nested_cv_select (config, 1, data, plan, inner_k, inner_random, seed, groups, r, NULL, err);
}

cw_status
cw_pls_nested_cv_select (const cw_pls_cv_config *configs, int n_configs, const cw_chemo_data *data,
                         const cw_cv_plan *plan, int inner_k, bool inner_random, uint64_t seed, const int *groups,
                         cw_pls_nested_result *r, int *chosen_config, cw_error *err)
{
  assert (configs && n_configs >= 1 && data && plan && r);
  const cw_pls_cv_config *config = &configs[0];
  cw_error_clear (err);
  memset (r, 0, sizeof *r);
  if (plan->n_folds < 2)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "Nested cross-validation needs at least 2 outer folds (got %d).", plan->n_folds);
  const int n = data->n, q = data->q, k = plan->n_folds;
  r->n_outer = k;
  r->chosen = calloc ((size_t) k, sizeof (int));
  r->pred = malloc ((size_t) n * q * sizeof (double));
  for (size_t i = 0; i < (size_t) n * q; i++)
    r->pred[i] = NAN;
  cw_status st = CW_OK;
  for (int o = 0; o < k && st == CW_OK; o++)
    {
      cw_cv_plan inner;
      st = inner_plan (plan, o, inner_k, inner_random, seed, groups, &inner, err);
      cw_pls_cv_result cv = { 0 };
      int pick = 0;
      if (st == CW_OK)
        st = cw_pls_cv_select (configs, n_configs, data, &inner, &cv, &pick, NULL, err);
      if (st == CW_OK)
        {
          if (chosen_config)
            chosen_config[o] = pick;
          /* The inner run held the outer fold out as its "test" rows: its predictions of them, at the count
           * its own CV chose, are the nested predictions. */
          int a = cv.suggested > 0 ? cv.suggested : cv.n_components;
          r->chosen[o] = a;
          const double *pred = cv.pred + (size_t) (a - 1) * n * q;
          for (int i = 0; i < n; i++)
            if (!plan->is_test[i] && plan->fold[i] == o)
              memcpy (r->pred + (size_t) i * q, pred + (size_t) i * q, (size_t) q * sizeof (double));
        }
      else if (err)
        {
          char msg[sizeof err->message];
          snprintf (msg, sizeof msg, "Outer fold %d: %.480s", o + 1, err->message);
          memcpy (err->message, msg, sizeof msg);
        }
      cw_pls_cv_result_clear (&cv);
      cw_cv_plan_clear (&inner);
    }
  if (st != CW_OK)
    {
      cw_pls_nested_result_clear (r);
      return st;
    }
  /* Scores as cw_pls_cv_result pools them: over every predicted value; R² against each response's mean. */
  double sse = 0, right = 0;
  long values = 0;
  double *mean = calloc ((size_t) q, sizeof (double)), *sst = calloc ((size_t) q, sizeof (double));
  int rows = 0;
  for (int i = 0; i < n; i++)
    if (!isnan (r->pred[(size_t) i * q]))
      {
        rows++;
        for (int j = 0; j < q; j++)
          mean[j] += data->y[(size_t) i * q + j];
      }
  for (int j = 0; j < q; j++)
    mean[j] /= rows ? rows : 1;
  for (int i = 0; i < n; i++)
    {
      const double *p = r->pred + (size_t) i * q, *y = data->y + (size_t) i * q;
      if (isnan (p[0]))
        continue;
      for (int j = 0; j < q; j++)
        {
          sse += (p[j] - y[j]) * (p[j] - y[j]);
          sst[j] += (y[j] - mean[j]) * (y[j] - mean[j]);
          values++;
        }
      if (config->classification)
        {
          int a = 0, b = 0;
          if (q == 1)
            {
              a = p[0] >= 0.5;
              b = y[0] >= 0.5;
            }
          else
            for (int j = 1; j < q; j++)
              {
                a = p[j] > p[a] ? j : a;
                b = y[j] > y[b] ? j : b;
              }
          right += a == b;
        }
    }
  double sst_all = 0;
  for (int j = 0; j < q; j++)
    sst_all += sst[j];
  r->n = rows;
  r->rmse = values ? sqrt (sse / values) : NAN;
  r->r2 = sst_all > 0 ? 1 - sse / sst_all : NAN;
  r->accuracy = config->classification && rows ? right / rows : NAN;
  free (mean);
  free (sst);
  return CW_OK;
}
