/* train-scaling.c — input and target standardisation fitted on the training rows only (so nothing of
 * the validation rows leaks into the model) and remembered by the model for prediction. */
#include "cw-train-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Sample SD (n - 1); a constant feature (or a single row) gets scale 1 so it passes through centred. */
static float
scale_from (double sum_sq_dev, double count)
{
  double sd = count > 1 ? sqrt (sum_sq_dev / (count - 1)) : 0;
  return sd > 0 && isfinite (sd) ? (float) sd : 1.0f;
}

/* Column-wise mean and SD of an n x f row-major matrix, two passes in double. */
static void
column_stats (const float *x, int n, size_t f, double *acc, float *mean, float *scale)
{
  memset (acc, 0, f * sizeof (double));
  for (int i = 0; i < n; i++)
    {
      const float *xi = x + (size_t) i * f;
      for (size_t j = 0; j < f; j++)
        acc[j] += xi[j];
    }
  for (size_t j = 0; j < f; j++)
    mean[j] = (float) (acc[j] / n);
  memset (acc, 0, f * sizeof (double));
  for (int i = 0; i < n; i++)
    {
      const float *xi = x + (size_t) i * f;
      for (size_t j = 0; j < f; j++)
        {
          double d = (double) xi[j] - mean[j];
          acc[j] += d * d;
        }
    }
  for (size_t j = 0; j < f; j++)
    scale[j] = scale_from (acc[j], n);
}

/* One mean and SD per channel over all rows and positions, repeated at every position. */
static void
channel_stats (const float *x, int n, int channels, int length, float *mean, float *scale)
{
  size_t f = (size_t) channels * (size_t) length;
  for (int c = 0; c < channels; c++)
    {
      double sum = 0;
      for (int i = 0; i < n; i++)
        {
          const float *xc = x + (size_t) i * f + (size_t) c * length;
          for (int t = 0; t < length; t++)
            sum += xc[t];
        }
      double count = (double) n * length;
      float mu = (float) (sum / count);
      double ss = 0;
      for (int i = 0; i < n; i++)
        {
          const float *xc = x + (size_t) i * f + (size_t) c * length;
          for (int t = 0; t < length; t++)
            {
              double d = (double) xc[t] - mu;
              ss += d * d;
            }
        }
      float sd = scale_from (ss, count);
      for (int t = 0; t < length; t++)
        {
          mean[(size_t) c * length + t] = mu;
          scale[(size_t) c * length + t] = sd;
        }
    }
}

double
cw_signal_sd (const float *x, int n, size_t f)
{
  size_t count = (size_t) n * f;
  double sum = 0;
  for (size_t i = 0; i < count; i++)
    sum += x[i];
  double mean = sum / (double) count, ss = 0;
  for (size_t i = 0; i < count; i++)
    {
      double d = (double) x[i] - mean;
      ss += d * d;
    }
  double sd = count > 1 ? sqrt (ss / (double) (count - 1)) : 0;
  return sd > 0 && isfinite (sd) ? sd : 1.0;
}

cw_status
cw_fit_scaling (cw_model *model, const cw_train_config *config, cw_xy train, cw_error *err)
{
  int channels = cw_model_in_channels (model), length = cw_model_in_length (model);
  size_t f = (size_t) channels * (size_t) length;
  size_t k = (size_t) cw_model_n_outputs (model);
  size_t big = f > k ? f : k;
  float *mean = malloc (big * sizeof (float));
  float *scale = malloc (big * sizeof (float));
  double *acc = malloc (big * sizeof (double));
  if (!mean || !scale || !acc)
    {
      free (mean);
      free (scale);
      free (acc);
      return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to fit the input scaling.");
    }

  switch (config->input_scaling)
    {
    case CW_SCALE_PER_FEATURE:
      column_stats (train.x, train.n, f, acc, mean, scale);
      cw_model_set_input_scaling (model, mean, scale);
      break;
    case CW_SCALE_PER_CHANNEL:
      channel_stats (train.x, train.n, channels, length, mean, scale);
      cw_model_set_input_scaling (model, mean, scale);
      break;
    case CW_SCALE_NONE:
    default:
      cw_model_set_input_scaling (model, NULL, NULL);
      break;
    }

  if (cw_model_task (model) == CW_TASK_REGRESSION && config->standardize_targets)
    {
      column_stats (train.y, train.n, k, acc, mean, scale);
      cw_model_set_target_scaling (model, mean, scale);
    }
  else
    cw_model_set_target_scaling (model, NULL, NULL);

  free (mean);
  free (scale);
  free (acc);
  return CW_OK;
}

void
cw_standardize_targets (const cw_model *model, const float *y, int n, float *out)
{
  size_t k = (size_t) cw_model_n_outputs (model);
  const float *mean = cw_model_target_mean (model), *scale = cw_model_target_scale (model);
  for (int i = 0; i < n; i++)
    for (size_t j = 0; j < k; j++)
      {
        float v = y[(size_t) i * k + j];
        if (mean)
          v -= mean[j];
        if (scale)
          v /= scale[j];
        out[(size_t) i * k + j] = v;
      }
}
