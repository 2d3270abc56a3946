/* metrics.c — quality measures of predictions in user units: regression errors, classification
 * accuracy, confusion matrices, per-class precision and recall. */
#include "cw-train.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Per output j: RMSE = sqrt(SSE/n), MAE = sum|e|/n, R^2 = 1 - SSE/SST around the mean of these rows;
 * each averaged over the k outputs. R^2 is NAN for an output whose targets are all equal. */
static void
regression_metrics (const float *pred, const float *y, int n, int k, cw_metrics *m)
{
  double rmse = 0, mae = 0, r2 = 0;
  for (int j = 0; j < k; j++)
    {
      double mean = 0;
      for (int i = 0; i < n; i++)
        mean += y[(size_t) i * k + j];
      mean /= n;
      double sse = 0, sae = 0, sst = 0;
      for (int i = 0; i < n; i++)
        {
          double t = y[(size_t) i * k + j];
          double e = (double) pred[(size_t) i * k + j] - t;
          sse += e * e;
          sae += fabs (e);
          sst += (t - mean) * (t - mean);
        }
      rmse += sqrt (sse / n);
      mae += sae / n;
      r2 += sst > 0 ? 1.0 - sse / sst : NAN;
    }
  m->rmse = rmse / k;
  m->mae = mae / k;
  m->r2 = r2 / k;
}

static int
argmax (const float *row, int k)
{
  int best = 0;
  for (int j = 1; j < k; j++)
    if (row[j] > row[best])
      best = j;
  return best;
}

/* precision_c = confusion[c][c] / column c, recall_c = confusion[c][c] / row c (NAN on an empty sum). */
static void
precision_recall (const long *conf, int k, double *precision, double *recall)
{
  for (int c = 0; c < k; c++)
    {
      long row = 0, col = 0;
      for (int j = 0; j < k; j++)
        {
          row += conf[(size_t) c * k + j];
          col += conf[(size_t) j * k + c];
        }
      long tp = conf[(size_t) c * k + c];
      precision[c] = col > 0 ? (double) tp / col : NAN;
      recall[c] = row > 0 ? (double) tp / row : NAN;
    }
}

/* A probability (or 0/1 target) counts as the positive class above one half, as sklearn's predict. */
static int
positive (float p)
{
  return p > 0.5f;
}

void
cw_metrics_compute (cw_task task, const float *pred, const float *y, int n, int k, cw_metrics *m)
{
  memset (m, 0, sizeof *m);
  m->task = task;
  m->n = n;
  m->rmse = m->mae = m->r2 = m->accuracy = NAN;
  if (task == CW_TASK_REGRESSION)
    {
      if (n > 0 && k > 0)
        regression_metrics (pred, y, n, k, m);
      return;
    }

  if (task == CW_TASK_MULTILABEL)
    {
      /* Each label is its own binary problem: confusion holds k blocks of 2 x 2 (row = true). */
      m->n_classes = k;
      m->confusion = calloc ((size_t) k * 4, sizeof (long));
      m->precision = malloc ((size_t) k * sizeof (double));
      m->recall = malloc ((size_t) k * sizeof (double));
      long correct = 0;
      for (int i = 0; i < n; i++)
        for (int j = 0; j < k; j++)
          {
            int t = positive (y[(size_t) i * k + j]), p = positive (pred[(size_t) i * k + j]);
            m->confusion[(size_t) j * 4 + t * 2 + p]++;
            correct += t == p;
          }
      for (int j = 0; j < k; j++)
        {
          const long *c = m->confusion + (size_t) j * 4;
          m->precision[j] = c[1] + c[3] > 0 ? (double) c[3] / (c[1] + c[3]) : NAN;
          m->recall[j] = c[2] + c[3] > 0 ? (double) c[3] / (c[2] + c[3]) : NAN;
        }
      if (n > 0 && k > 0)
        m->accuracy = (double) correct / ((double) n * k);
      return;
    }

  /* Binary (one probability, threshold 0.5) or multiclass (argmax of probabilities vs one-hot). */
  int nc = task == CW_TASK_BINARY ? 2 : k;
  m->n_classes = nc;
  m->confusion = calloc ((size_t) nc * nc, sizeof (long));
  m->precision = malloc ((size_t) nc * sizeof (double));
  m->recall = malloc ((size_t) nc * sizeof (double));
  long correct = 0;
  for (int i = 0; i < n; i++)
    {
      int t, p;
      if (task == CW_TASK_BINARY)
        {
          t = positive (y[(size_t) i * k]);
          p = positive (pred[(size_t) i * k]);
        }
      else
        {
          t = argmax (y + (size_t) i * k, k);
          p = argmax (pred + (size_t) i * k, k);
        }
      m->confusion[(size_t) t * nc + p]++;
      correct += t == p;
    }
  precision_recall (m->confusion, nc, m->precision, m->recall);
  if (n > 0)
    m->accuracy = (double) correct / n;
}

void
cw_metrics_clear (cw_metrics *m)
{
  if (!m)
    return;
  free (m->confusion);
  free (m->precision);
  free (m->recall);
  cw_task task = m->task;
  memset (m, 0, sizeof *m);
  m->task = task;
}
