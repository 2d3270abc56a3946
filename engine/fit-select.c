/* fit-select.c — scoring a candidate from its runs: the validation curve pooled over CV folds, the epoch
 * count that minimises it, the holdout's best epoch, and the time budget's arithmetic. */
#include "cw-fit-private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Predictions of run r at epoch e (1-based); a run that stopped early keeps its last epoch's values, a
 * conservative stand-in for epochs it never reached. */
static const float *
run_pred_at (const fit_run *r, int e, int k)
{
  int last = r->hist.epochs;
  int use = e < last ? e : last;
  return r->pred_hist + (size_t) (use - 1) * r->n_val * k;
}

static double
run_loss_at (const fit_run *r, int e)
{
  int last = r->hist.epochs;
  return r->hist.val_loss[(e < last ? e : last) - 1];
}

static bool
row_correct (cw_task task, const float *pred, const float *y, int k, double *fraction)
{
  if (task == CW_TASK_MULTICLASS)
    {
      int a = 0, b = 0;
      for (int j = 1; j < k; j++)
        {
          if (pred[j] > pred[a])
            a = j;
          if (y[j] > y[b])
            b = j;
        }
      *fraction = a == b;
      return true;
    }
  /* binary (k = 1) and multilabel: each output a probability against a 0/1 target */
  int right = 0;
  for (int j = 0; j < k; j++)
    right += (pred[j] >= 0.5f) == (y[j] >= 0.5f);
  *fraction = (double) right / k;
  return true;
}

/* Centred moving average over up to 5 epochs: the fold mean is still noisy from epoch to epoch, and its
 * single lowest point would be chosen by that noise. */
static int
argmin_smoothed (const double *v, int n)
{
  int best = 0;
  double best_value = INFINITY;
  for (int e = 0; e < n; e++)
    {
      int lo = e - 2 < 0 ? 0 : e - 2, hi = e + 2 >= n ? n - 1 : e + 2;
      double s = 0;
      int m = 0;
      for (int j = lo; j <= hi; j++)
        if (isfinite (v[j]))
          {
            s += v[j];
            m++;
          }
      double mean = m ? s / m : INFINITY;
      if (mean < best_value)
        {
          best_value = mean;
          best = e;
        }
    }
  return best;
}

bool
fit_score_candidate (const fit_driver *d, fit_run **runs, int n_runs, cw_fit_candidate *c)
{
  const cw_fit_data *data = d->data;
  const int k = data->k;
  const bool regression = data->task == CW_TASK_REGRESSION;
  c->seconds = 0;
  for (int i = 0; i < n_runs; i++)
    {
      c->seconds += runs[i]->seconds;
      if (runs[i]->status != CW_OK)
        {
          if (runs[i]->fold >= 0)
            snprintf (c->note, sizeof c->note, "fold %d failed: %.130s", runs[i]->fold + 1, runs[i]->err.message);
          else
            snprintf (c->note, sizeof c->note, "failed: %.140s", runs[i]->err.message);
          c->evaluated = false;
          return false;
        }
      if (runs[i]->n_val == 0 || runs[i]->hist.epochs == 0 || runs[i]->pred_filled < runs[i]->hist.epochs)
        {
          snprintf (c->note, sizeof c->note, "no validation rows to score it on");
          c->evaluated = false;
          return false;
        }
    }
  int epochs = 0;
  for (int i = 0; i < n_runs; i++)
    if (runs[i]->hist.epochs > epochs)
      epochs = runs[i]->hist.epochs;
  free (c->curve);
  free (c->curve_loss);
  c->curve = malloc ((size_t) epochs * sizeof (double));
  c->curve_loss = malloc ((size_t) epochs * sizeof (double));
  c->curve_len = epochs;
  for (int e = 1; e <= epochs; e++)
    {
      double sse = 0, right = 0, loss = 0;
      long values = 0, rows = 0;
      for (int i = 0; i < n_runs; i++)
        {
          const fit_run *r = runs[i];
          const float *pred = run_pred_at (r, e, k);
          for (int j = 0; j < r->n_val; j++)
            {
              const float *y = data->y + (size_t) r->val_rows[j] * k;
              const float *p = pred + (size_t) j * k;
              if (regression)
                for (int t = 0; t < k; t++)
                  sse += ((double) p[t] - y[t]) * ((double) p[t] - y[t]);
              else
                {
                  double f;
                  row_correct (data->task, p, y, k, &f);
                  right += f;
                }
            }
          loss += run_loss_at (r, e) * r->n_val;
          values += (long) r->n_val * k;
          rows += r->n_val;
        }
      c->curve[e - 1] = regression ? sqrt (sse / values) : right / rows;
      c->curve_loss[e - 1] = regression ? sse / values : loss / rows;
    }
  int chosen;
  if (d->kind == CW_VALIDATE_HOLDOUT)
    chosen = runs[0]->hist.best_epoch > 0 ? runs[0]->hist.best_epoch - 1 : epochs - 1;
  else
    chosen = argmin_smoothed (c->curve_loss, epochs);
  c->epochs = chosen + 1;
  c->score = c->curve[chosen];
  c->evaluated = true;
  if (d->kind == CW_VALIDATE_HOLDOUT)
    snprintf (c->note, sizeof c->note, "best validation epoch %d of %d", c->epochs, epochs);
  else
    snprintf (c->note, sizeof c->note, "epoch %d of %d minimises the mean validation %s over %d folds", c->epochs,
              epochs, regression ? "error" : "loss", n_runs);
  return true;
}

void
fit_fill_val_pred (const fit_driver *d, fit_run **runs, int n_runs, int epoch, float *out)
{
  const cw_fit_data *data = d->data;
  const int k = data->k;
  for (size_t i = 0; i < (size_t) data->n * k; i++)
    out[i] = NAN;
  for (int i = 0; i < n_runs; i++)
    {
      const fit_run *r = runs[i];
      if (r->pred_filled < r->hist.epochs || r->hist.epochs == 0)
        continue;
      const float *pred = run_pred_at (r, epoch, k);
      for (int j = 0; j < r->n_val; j++)
        memcpy (out + (size_t) r->val_rows[j] * k, pred + (size_t) j * k, (size_t) k * sizeof (float));
    }
}

bool
fit_over_budget (const fit_driver *d, double rate, double work, double final_work, double *estimate)
{
  double budget = d->config->time_budget_s;
  *estimate = rate * (work + final_work);
  if (!(budget > 0) || !isfinite (rate))
    return false;
  return fit_now () - d->t0 + *estimate > budget;
}
