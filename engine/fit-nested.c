/* fit-nested.c — nested cross-validation of the whole fit: the outer folds report, the inner folds choose
 * (recipe and epochs), so the reported error is that of the procedure on rows no choice has seen. */
#include "cw-recipe.h"
#include "cw-roles.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
cw_fit_nested_result_clear (cw_fit_nested_result *r)
{
  if (!r)
    return;
  free (r->pred);
  free (r->chosen);
  free (r->epochs);
  memset (r, 0, sizeof *r);
}

static bool
is_right (cw_task task, const float *p, const float *y, int k)
{
  if (task == CW_TASK_MULTICLASS)
    {
      int a = 0, b = 0;
      for (int j = 1; j < k; j++)
        {
          a = p[j] > p[a] ? j : a;
          b = y[j] > y[b] ? j : b;
        }
      return a == b;
    }
  for (int j = 0; j < k; j++)
    if ((p[j] >= 0.5f) != (y[j] >= 0.5f))
      return false;
  return true;
}

cw_status
cw_fit_nested (const cw_fit_config *config, const cw_fit_data *data, const int *outer_fold, int n_outer, int inner_k,
               const int *groups, const cw_fit_callbacks *callbacks, cw_fit_nested_result *r, cw_error *err)
{
  assert (config && data && outer_fold && r);
  cw_error_clear (err);
  memset (r, 0, sizeof *r);
  if (n_outer < 2)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "Nested cross-validation needs at least 2 outer folds (got %d).", n_outer);
  const int n = data->n, k = data->k, C = data->channels, L = data->length;
  r->n_outer = n_outer;
  r->pred = malloc ((size_t) n * k * sizeof (float));
  r->chosen = calloc ((size_t) n_outer, sizeof (int));
  r->epochs = calloc ((size_t) n_outer, sizeof (int));
  for (size_t i = 0; i < (size_t) n * k; i++)
    r->pred[i] = NAN;
  unsigned char *roles = malloc ((size_t) n + 1);
  int *fold = malloc ((size_t) n * sizeof (int) + 1);
  float *x = malloc ((size_t) n * C * L * sizeof (float) + 1), *pred = malloc ((size_t) n * k * sizeof (float) + 1);
  cw_status st = CW_OK;
  for (int o = 0; o < n_outer && st == CW_OK; o++)
    {
      /* The outer fold joins the test rows: the inner fit may not read it. */
      for (int i = 0; i < n; i++)
        {
          bool test = (data->roles && data->roles[i] == CW_ROLE_TEST) || outer_fold[i] == o;
          roles[i] = test ? CW_ROLE_TEST : CW_ROLE_TRAIN;
        }
      st = cw_roles_folds (roles, n, inner_k, groups, true, config->seed, fold, err);
      if (st != CW_OK)
        break;
      cw_fit_data inner = *data;
      inner.roles = roles;
      inner.fold = fold;
      inner.n_folds = inner_k;
      cw_fit_result fit = { 0 };
      st = cw_fit_run (config, &inner, callbacks, &fit, err);
      if (st == CW_OK)
        {
          r->chosen[o] = fit.chosen;
          r->epochs[o] = fit.epochs;
          int m = 0;
          size_t w = (size_t) C * L;
          for (int i = 0; i < n; i++)
            if (outer_fold[i] == o && !(data->roles && data->roles[i] == CW_ROLE_TEST))
              memcpy (x + (size_t) m++ * w, data->x + (size_t) i * w, w * sizeof (float));
          st = cw_model_predict_raw (fit.model, x, m, pred, err);
          for (int i = 0, j = 0; st == CW_OK && i < n; i++)
            if (outer_fold[i] == o && !(data->roles && data->roles[i] == CW_ROLE_TEST))
              memcpy (r->pred + (size_t) i * k, pred + (size_t) j++ * k, (size_t) k * sizeof (float));
        }
      else if (err && st != CW_ERR_ABORTED)
        {
          char msg[sizeof err->message];
          snprintf (msg, sizeof msg, "Outer fold %d: %.480s", o + 1, err->message);
          memcpy (err->message, msg, sizeof msg);
        }
      cw_fit_result_clear (&fit);
    }
  free (roles);
  free (fold);
  free (x);
  free (pred);
  if (st != CW_OK)
    {
      cw_fit_nested_result_clear (r);
      return st;
    }
  double sse = 0, right = 0;
  long values = 0;
  for (int i = 0; i < n; i++)
    {
      const float *p = r->pred + (size_t) i * k, *y = data->y + (size_t) i * k;
      if (isnan (p[0]))
        continue;
      r->n++;
      if (data->task == CW_TASK_REGRESSION)
        for (int j = 0; j < k; j++, values++)
          sse += ((double) p[j] - y[j]) * ((double) p[j] - y[j]);
      else
        right += is_right (data->task, p, y, k);
    }
  r->score = data->task == CW_TASK_REGRESSION ? sqrt (sse / (values ? values : 1)) : right / (r->n ? r->n : 1);
  return CW_OK;
}
