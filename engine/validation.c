/* validation.c — the PLS cross-validation driver: per fold, the preprocessing is fitted on the fold's
 * training rows only, then PLS; pooled CV predictions, calibration and test metrics per number of
 * components, and the suggested count. Plans are in validation-plan.c. */
#include "cw-validation.h"

#include "cw-chemo-private.h"
#include "cw-parallel-private.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- data ---- */

cw_status
cw_chemo_data_from_dataset (const cw_dataset *ds, cw_task task, const int *cols, int n_cols,
                            cw_chemo_data *out, cw_error *err)
{
  assert (ds && out);
  memset (out, 0, sizeof *out);
  float *yf = NULL;
  int k = 0;
  cw_status st = cw_dataset_encode_targets (ds, task, cols, n_cols, &yf, &k, err);
  if (st != CW_OK)
    return st;
  int n = cw_dataset_n_samples (ds), c = cw_dataset_n_channels (ds), l = cw_dataset_length (ds);
  size_t size = (size_t) n * c * l;
  double *x = malloc ((size ? size : 1) * sizeof (double));
  double *y = malloc (((size_t) n * k + 1) * sizeof (double));
  double *axis = malloc ((size_t) l * sizeof (double));
  /* The parsed doubles, not the float32 copies: rounding gasoline to floats moves PLS RMSEs by ~1e-5
   * relative, beyond the 1e-6 agreement with R that the results are held to. */
  memcpy (x, cw_dataset_signals_f64 (ds), size * sizeof (double));
  for (size_t i = 0; i < (size_t) n * k; i++)
    y[i] = yf[i];
  if (task == CW_TASK_REGRESSION && k == n_cols)
    for (int j = 0; j < k; j++)
      {
        const double *v = cw_dataset_target_values_f64 (ds, cols[j]);
        for (int i = 0; i < n; i++)
          y[(size_t) i * k + j] = v[i];
      }
  memcpy (axis, cw_dataset_axis (ds), (size_t) l * sizeof (double));
  free (yf);
  out->x = x;
  out->y = y;
  out->axis = axis;
  out->n = n;
  out->channels = c;
  out->length = l;
  out->q = k;
  return CW_OK;
}

void
cw_chemo_data_clear (cw_chemo_data *d)
{
  if (!d)
    return;
  free ((void *) d->x);
  free ((void *) d->y);
  free ((void *) d->axis);
  memset (d, 0, sizeof *d);
}

/* ---- fitting on a set of rows ---- */

cw_pls_cv_config
cw_pls_cv_config_default (void)
{
  cw_pls_cv_config c;
  memset (&c, 0, sizeof c);
  c.max_components = 10;
  c.algorithm = CW_PLS_NIPALS;
  c.threads = 1;
  return c;
}

static void
gather (const double *src, size_t width, const int *rows, int m, double *dst)
{
  for (int j = 0; j < m; j++)
    memcpy (dst + (size_t) j * width, src + (size_t) rows[j] * width, width * sizeof (double));
}

/* Pipeline then PLS on rows[0..m-1] of the data. The rows are gathered into `work` (the caller's, with room
 * for m rows; NULL: a new array that the model keeps as its calibration X for the Q limits), element-wise
 * preprocessing (center, autoscale) overwrites them and PLS centres them in place: one n x p array per fit.
 * CV folds pass one work array for all their fits, so its pages are faulted in once. */
static cw_status
fit_rows (const cw_pls_cv_config *cfg, const cw_chemo_data *d, const int *rows, int m, double *work,
          cw_pipeline **pipe_out, cw_pls **pls_out, cw_error *err)
{
  size_t width = (size_t) d->channels * d->length;
  double *x = work ? work : malloc (((size_t) m * width + 1) * sizeof (double));
  double *y = malloc (((size_t) m * d->q + 1) * sizeof (double));
  gather (d->x, width, rows, m, x);
  gather (d->y, (size_t) d->q, rows, m, y);
  cw_pipeline *pipe = cfg->pipeline ? cw_pipeline_copy (cfg->pipeline) : cw_pipeline_new ();
  double *xt = NULL;
  cw_status st = cw_pipeline_fit_inplace (pipe, x, m, d->channels, d->length, d->axis, &xt, err);
  cw_pls *pls = NULL;
  if (st == CW_OK)
    {
      /* xt is x, or a new array from a step that changes the length or mixes positions */
      if (xt != x && !work)
        free (x);
      bool ours = xt != work, keep = !work;
      int p = d->channels * cw_pipeline_out_length (pipe);
      pls = cw_pls_fit_inplace (xt, y, m, p, d->q, cfg->max_components, cfg->algorithm, ours && keep, err);
      if (!pls)
        st = err ? err->status : CW_ERR_INVALID_ARGUMENT;
      if (ours && !keep)
        free (xt);
    }
  else if (!work)
    free (x);
  free (y);
  if (st != CW_OK)
    {
      cw_pipeline_free (pipe);
      return st;
    }
  *pipe_out = pipe;
  *pls_out = pls;
  return CW_OK;
}

/* Predictions of rows[0..m-1] for 1..A components into dst (A blocks of n x q, indexed by row), a block of
 * rows at a time so that no n x p copy of the rows is made. */
#define PREDICT_BLOCK 256

static void
predict_rows (const cw_pipeline *pipe, const cw_pls *pls, const cw_chemo_data *d, const int *rows, int m,
              int a_max, double *dst)
{
  if (m == 0)
    return;
  size_t width = (size_t) d->channels * d->length;
  int q = d->q, bm = m < PREDICT_BLOCK ? m : PREDICT_BLOCK;
  double *x = malloc ((size_t) bm * width * sizeof (double));
  double *xt = malloc ((size_t) bm * d->channels * cw_pipeline_out_length (pipe) * sizeof (double));
  double *pred = malloc ((size_t) bm * q * sizeof (double));
  for (int j0 = 0; j0 < m; j0 += bm)
    {
      int rb = m - j0 < bm ? m - j0 : bm;
      gather (d->x, width, rows + j0, rb, x);
      cw_pipeline_apply (pipe, x, rb, xt);
      for (int a = 1; a <= a_max; a++)
        {
          cw_pls_predict (pls, a, xt, rb, pred);
          double *block = dst + (size_t) (a - 1) * d->n * q;
          for (int j = 0; j < rb; j++)
            memcpy (block + (size_t) rows[j0 + j] * q, pred + (size_t) j * q, (size_t) q * sizeof (double));
        }
    }
  free (x);
  free (xt);
  free (pred);
}

/* Rows of the calibration set in fold f (in_fold true) or outside it; f = CW_FOLD_NONE: all of them. */
static int
select_rows (const cw_cv_plan *plan, int f, bool in_fold, int *rows)
{
  int m = 0;
  for (int i = 0; i < plan->n; i++)
    {
      if (plan->is_test[i])
        continue;
      bool in = f != CW_FOLD_NONE && plan->fold[i] == f;
      if (in == in_fold)
        rows[m++] = i;
    }
  return m;
}

static cw_status
fit_fold (const cw_pls_cv_config *cfg, const cw_chemo_data *d, const cw_cv_plan *plan, int fold, double *work,
          cw_pipeline **pipe, cw_pls **pls, cw_error *err)
{
  assert (cfg && d && plan && pipe && pls && plan->n == d->n);
  assert (fold == CW_FOLD_NONE || (fold >= 0 && fold < plan->n_folds));
  cw_error_clear (err);
  *pipe = NULL;
  *pls = NULL;
  if (cfg->max_components < 1)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "At least one PLS component is needed (got %d).",
                         cfg->max_components);
  int *rows = malloc (((size_t) d->n + 1) * sizeof (int));
  int m = select_rows (plan, fold, false, rows);
  cw_status st = fit_rows (cfg, d, rows, m, work, pipe, pls, err);
  free (rows);
  return st;
}

cw_status
cw_pls_cv_fit_fold (const cw_pls_cv_config *cfg, const cw_chemo_data *d, const cw_cv_plan *plan, int fold,
                    cw_pipeline **pipe, cw_pls **pls, cw_error *err)
{
  return fit_fold (cfg, d, plan, fold, NULL, pipe, pls, err);
}

/* ---- metrics ---- */

/* The class a row of Y (or of predictions) stands for: argmax, or >= 0.5 for one 0/1 column. */
static void
is_class (const double *row, int q, int *cls)
{
  int best = 0;
  if (q == 1)
    {
      *cls = row[0] >= 0.5;
      return;
    }
  for (int k = 1; k < q; k++)
    if (row[k] > row[best])
      best = k;
  *cls = best;
}

/* RMSE, R² and accuracy of predictions `pred` (n x q, by row) over the rows with want[i]. */
static void
score_rows (const cw_chemo_data *d, const double *pred, const unsigned char *want, bool classification,
            double *rmse, double *r2, double *acc)
{
  int q = d->q, m = 0;
  double sse = 0, sst = 0;
  long correct = 0;
  for (int k = 0; k < q; k++)
    {
      double mean = 0;
      int cnt = 0;
      for (int i = 0; i < d->n; i++)
        if (want[i])
          mean += d->y[(size_t) i * q + k], cnt++;
      mean /= cnt ? cnt : 1;
      for (int i = 0; i < d->n; i++)
        if (want[i])
          {
            double y = d->y[(size_t) i * q + k];
            double e = y - pred[(size_t) i * q + k];
            sse += e * e;
            sst += (y - mean) * (y - mean);
          }
    }
  for (int i = 0; i < d->n; i++)
    if (want[i])
      {
        m++;
        int ct, cp;
        is_class (d->y + (size_t) i * q, q, &ct);
        is_class (pred + (size_t) i * q, q, &cp);
        correct += ct == cp;
      }
  if (m == 0)
    {
      *rmse = *r2 = *acc = NAN;
      return;
    }
  *rmse = sqrt (sse / ((double) m * q));
  *r2 = sst > 0 ? 1 - sse / sst : NAN;
  *acc = classification ? (double) correct / m : NAN;
}

int
cw_suggest_components (const double *loss, int n, int a_max)
{
  assert (n >= 1 && a_max >= 1);
  double *mean = malloc ((size_t) a_max * sizeof (double));
  int best = 0;
  for (int a = 0; a < a_max; a++)
    {
      double s = 0;
      for (int i = 0; i < n; i++)
        s += loss[(size_t) a * n + i];
      mean[a] = s / n;
      if (mean[a] < mean[best])
        best = a;
    }
  double se = 0;
  if (n > 1)
    {
      double ss = 0;
      for (int i = 0; i < n; i++)
        {
          double dv = loss[(size_t) best * n + i] - mean[best];
          ss += dv * dv;
        }
      se = sqrt (ss / (n - 1)) / sqrt ((double) n);
    }
  int pick = best;
  for (int a = 0; a < best; a++)
    if (mean[a] <= mean[best] + se)
      {
        pick = a;
        break;
      }
  free (mean);
  return pick + 1;
}

/* ---- the driver ---- */

typedef struct {
  const cw_pls_cv_config *cfg;
  const cw_chemo_data *d;
  const cw_cv_plan *plan;
  double *pred_cv;
  int *got;        /* per fold: components fitted */
  cw_error *err;   /* per fold */
} fold_job;

/* Folds [begin, end): refit on the fold's training rows, predict its own rows. */
static void
run_folds (void *ctx, int begin, int end, int part)
{
  fold_job *job = ctx;
  int *rows = malloc (((size_t) job->d->n + 1) * sizeof (int));
  /* One array for the training rows of all these folds (the largest fold fit has at most n rows). */
  double *work = malloc (((size_t) job->d->n * job->d->channels * job->d->length + 1) * sizeof (double));
  for (int f = begin; f < end; f++)
    {
      cw_pipeline *pipe = NULL;
      cw_pls *pls = NULL;
      job->err[f].status = fit_fold (job->cfg, job->d, job->plan, f, work, &pipe, &pls, &job->err[f]);
      if (job->err[f].status == CW_OK)
        {
          int m = select_rows (job->plan, f, true, rows);
          job->got[f] = cw_pls_n_components (pls);
          predict_rows (pipe, pls, job->d, rows, m, job->got[f], job->pred_cv);
        }
      cw_pipeline_free (pipe);
      cw_pls_free (pls);
    }
  free (work);
  free (rows);
}

static double *
nan_array (size_t n)
{
  double *v = malloc ((n ? n : 1) * sizeof (double));
  for (size_t i = 0; i < n; i++)
    v[i] = NAN;
  return v;
}

void
cw_pls_cv_result_clear (cw_pls_cv_result *r)
{
  if (!r)
    return;
  double **arrays[] = { &r->rmsec, &r->r2c, &r->rmsecv, &r->q2, &r->rmsecv_se, &r->rmsep, &r->r2p,
                        &r->acc_c, &r->acc_cv, &r->acc_p, &r->pred_cv, &r->pred };
  for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
    free (*arrays[i]);
  cw_pipeline_free (r->pipeline);
  cw_pls_free (r->model);
  memset (r, 0, sizeof *r);
}

cw_status
cw_pls_cv_run (const cw_pls_cv_config *cfg, const cw_chemo_data *d, const cw_cv_plan *plan,
               cw_pls_cv_result *r, cw_error *err)
{
  assert (cfg && d && plan && r);
  cw_error_clear (err);
  memset (r, 0, sizeof *r);
  if (plan->n != d->n)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The validation plan is for %d rows but the data has %d.", plan->n, d->n);
  int n = d->n, q = d->q, a_max = cfg->max_components;
  r->n = n;
  r->q = q;
  r->n_test = cw_cv_plan_n_test (plan);
  r->n_cal = n - r->n_test;

  /* The folds first, then the final model: the folds' work array is freed before the final model takes its
   * own copy of X, so at most one n x p array beside the data is alive. The final model's failure is reported
   * before a fold's, as when it came first. */
  size_t block = (size_t) n * q;
  r->pred = nan_array (block * a_max);
  r->pred_cv = nan_array (block * a_max);
  /* Folds are independent and write disjoint rows of pred_cv, so any thread count gives the same bits. */
  int k = plan->n_folds;
  fold_job job = { cfg, d, plan, r->pred_cv, calloc ((size_t) (k ? k : 1), sizeof (int)),
                   calloc ((size_t) (k ? k : 1), sizeof (cw_error)) };
  int *fold_got = job.got;
  cw_error *fold_err = job.err;
  int threads = cfg->threads > 1 ? cfg->threads : 1;
  if (k)
    cw_parallel_for (threads < k ? threads : k, k, run_folds, &job);

  cw_status st = cw_pls_cv_fit_fold (cfg, d, plan, CW_FOLD_NONE, &r->pipeline, &r->model, err);
  if (st != CW_OK)
    {
      free (fold_got);
      free (fold_err);
      cw_pls_cv_result_clear (r);
      return st;
    }
  int a_got = cw_pls_n_components (r->model);
  int *rows = malloc (((size_t) n + 1) * sizeof (int));
  int m_cal = select_rows (plan, CW_FOLD_NONE, false, rows);
  predict_rows (r->pipeline, r->model, d, rows, m_cal, a_got, r->pred);
  int m_test = 0;
  for (int i = 0; i < n; i++)
    if (plan->is_test[i])
      rows[m_test++] = i;
  predict_rows (r->pipeline, r->model, d, rows, m_test, a_got, r->pred);
  free (rows);

  for (int f = 0; f < k && st == CW_OK; f++)
    if (fold_err[f].status != CW_OK)
      {
        st = fold_err[f].status;
        if (err)
          {
            *err = fold_err[f];
            char msg[sizeof err->message];
            snprintf (msg, sizeof msg, "CV fold %d: %.480s", f + 1, fold_err[f].message);
            memcpy (err->message, msg, sizeof msg);
          }
      }
  int a = a_got;
  for (int f = 0; f < k; f++)
    a = fold_got[f] < a ? fold_got[f] : a;
  free (fold_got);
  free (fold_err);
  if (st != CW_OK)
    {
      cw_pls_cv_result_clear (r);
      return st;
    }
  r->n_components = a;

  double **arrays[] = { &r->rmsec, &r->r2c, &r->rmsecv, &r->q2, &r->rmsecv_se, &r->rmsep, &r->r2p,
                        &r->acc_c, &r->acc_cv, &r->acc_p };
  for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
    *arrays[i] = nan_array ((size_t) a);
  unsigned char *cal = malloc ((size_t) n + 1), *test = malloc ((size_t) n + 1);
  for (int i = 0; i < n; i++)
    {
      cal[i] = !plan->is_test[i];
      test[i] = plan->is_test[i];
    }
  int n_cv = 0;
  for (int i = 0; i < n; i++)
    n_cv += cal[i] && plan->fold[i] != CW_FOLD_NONE;
  double *loss = k ? malloc ((size_t) a * n_cv * sizeof (double)) : NULL;
  for (int c = 0; c < a; c++)
    {
      const double *pf = r->pred + (size_t) c * block, *pc = r->pred_cv + (size_t) c * block;
      score_rows (d, pf, cal, cfg->classification, &r->rmsec[c], &r->r2c[c], &r->acc_c[c]);
      if (r->n_test)
        score_rows (d, pf, test, cfg->classification, &r->rmsep[c], &r->r2p[c], &r->acc_p[c]);
      if (!k)
        continue;
      score_rows (d, pc, cal, cfg->classification, &r->rmsecv[c], &r->q2[c], &r->acc_cv[c]);
      int j = 0;
      double sum = 0, sum2 = 0;
      for (int i = 0; i < n; i++)
        {
          if (!cal[i] || plan->fold[i] == CW_FOLD_NONE)
            continue;
          double l = 0;
          if (cfg->classification)
            {
              int ct, cp;
              is_class (d->y + (size_t) i * q, q, &ct);
              is_class (pc + (size_t) i * q, q, &cp);
              l = ct != cp;
            }
          else
            for (int o = 0; o < q; o++)
              {
                double e = d->y[(size_t) i * q + o] - pc[(size_t) i * q + o];
                l += e * e;
              }
          loss[(size_t) c * n_cv + j++] = l;
          sum += l;
          sum2 += l * l;
        }
      /* SE of the mean squared error per value, carried to the RMSE: se(RMSE) = se(MSE) / (2 RMSE). */
      double mean = sum / n_cv;
      double var = n_cv > 1 ? (sum2 - n_cv * mean * mean) / (n_cv - 1) : 0;
      double se_mse = sqrt (fmax (var, 0) / n_cv) / q;
      r->rmsecv_se[c] = r->rmsecv[c] > 0 ? se_mse / (2 * r->rmsecv[c]) : NAN;
    }
  if (!cfg->classification)
    for (int c = 0; c < a; c++)
      r->acc_c[c] = r->acc_cv[c] = r->acc_p[c] = NAN;
  r->suggested = k ? cw_choose_components (cfg->rule, loss, n_cv, a) : 0;
  free (loss);
  free (cal);
  free (test);
  return CW_OK;
}
