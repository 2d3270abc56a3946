/* make-onnx-model.c — writes one small model for test-cli-onnx.sh: an architecture behind a
 * preprocessing pipeline, with random weights (biases, batchnorm statistics and slopes too, so every
 * parameter matters), input and target scaling, class names and optional ensemble members; the 100
 * signals it was built on, and the predictions cw_model_predict_raw gives for them ("%.9g", one row per
 * line), so the script can check the ONNX file against the engine itself. The signals are synthetic
 * spectra (a few Gaussian bands on a sloping baseline with noise); the pipeline and the input scaling are
 * fitted on the first 60.
 *
 * Usage: make-onnx-model ARCH PREPROCESS TASK CHANNELS LENGTH OUTPUTS MEMBERS OUT.cw1d OUT-signals.txt
 *                        OUT-predictions.txt [OUT-data.csv]
 *   TASK: regression | binary | multiclass | multilabel; PREPROCESS may be "none". The data CSV (one
 *   channel only) is what conv1d predict reads. */
#include "cw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ROWS 100
#define N_FIT 60

static int
fail (const char *what, const cw_error *err)
{
  fprintf (stderr, "make-onnx-model: %s: %s\n", what, err ? err->message : "failed");
  return 1;
}

static void
make_signals (float *x, int channels, int length, cw_rng *rng)
{
  for (int i = 0; i < N_ROWS; i++)
    for (int c = 0; c < channels; c++)
      {
        float *s = x + ((size_t) i * channels + c) * length;
        double slope = 0.5 * cw_rng_uniform (rng), offset = 0.2 + cw_rng_uniform (rng);
        double amp[3], centre[3], width[3];
        for (int b = 0; b < 3; b++)
          {
            amp[b] = 0.5 + cw_rng_uniform (rng);
            centre[b] = length * (0.2 + 0.3 * b + 0.05 * cw_rng_uniform (rng));
            width[b] = length * (0.03 + 0.02 * cw_rng_uniform (rng));
          }
        for (int t = 0; t < length; t++)
          {
            double v = offset + slope * t / length + 0.01 * cw_rng_normal (rng);
            for (int b = 0; b < 3; b++)
              v += amp[b] * exp (-0.5 * pow ((t - centre[b]) / width[b], 2));
            s[t] = (float) v;
          }
      }
}

/* Every parameter and batchnorm statistic moved off its initial value, deterministically. */
static void
randomize (cw_model *m, uint64_t seed)
{
  cw_model_init_weights (m, seed);
  cw_rng rng;
  cw_rng_seed (&rng, seed * 7919 + 1);
  float *p = cw_model_params (m);
  for (size_t i = 0; i < cw_model_n_params (m); i++)
    p[i] += (float) (0.2 * (cw_rng_uniform (&rng) - 0.5));
  float *s = cw_model_state (m);
  for (size_t i = 0; i < cw_model_n_state (m); i++)
    s[i] = (float) (0.5 + cw_rng_uniform (&rng)); /* running means and (positive) variances */
}

static bool
parse_task (const char *text, cw_task *task)
{
  static const cw_task all[] = { CW_TASK_REGRESSION, CW_TASK_BINARY, CW_TASK_MULTICLASS, CW_TASK_MULTILABEL };
  for (size_t i = 0; i < 4; i++)
    if (strcmp (text, cw_task_name (all[i])) == 0)
      {
        *task = all[i];
        return true;
      }
  return false;
}

int
main (int argc, char **argv)
{
  if (argc != 11 && argc != 12)
    {
      fprintf (stderr, "usage: make-onnx-model ARCH PREPROCESS TASK CHANNELS LENGTH OUTPUTS MEMBERS OUT.cw1d "
                       "OUT-signals.txt OUT-predictions.txt [OUT-data.csv]\n");
      return 2;
    }
  cw_task task;
  int channels = atoi (argv[4]), length = atoi (argv[5]), outputs = atoi (argv[6]), members = atoi (argv[7]);
  if (!parse_task (argv[3], &task) || channels < 1 || length < 2 || outputs < 1 || members < 1)
    return fail ("arguments", NULL);
  cw_error err;
  cw_rng rng;
  cw_rng_seed (&rng, 12345);
  size_t per_row = (size_t) channels * length;
  float *x = malloc (N_ROWS * per_row * sizeof (float));
  make_signals (x, channels, length, &rng);

  cw_pipeline *pipe = cw_pipeline_parse (strcmp (argv[2], "none") == 0 ? "" : argv[2], &err);
  float *xt = NULL;
  if (!pipe || cw_pipeline_fit_f (pipe, x, N_FIT, channels, length, NULL, &xt, &err) != CW_OK)
    return fail ("pipeline", &err);
  int in_length = cw_pipeline_out_length (pipe);
  size_t features = (size_t) channels * in_length;

  /* per-feature input scaling over the fitted rows */
  float *mean = calloc (features, sizeof (float)), *scale = calloc (features, sizeof (float));
  for (size_t j = 0; j < features; j++)
    {
      double s = 0, ss = 0;
      for (int i = 0; i < N_FIT; i++)
        s += xt[i * features + j];
      s /= N_FIT;
      for (int i = 0; i < N_FIT; i++)
        ss += (xt[i * features + j] - s) * (xt[i * features + j] - s);
      mean[j] = (float) s;
      scale[j] = ss > 0 ? (float) sqrt (ss / (N_FIT - 1)) : 1.0f;
    }

  cw_spec *spec = cw_spec_parse (argv[1], &err);
  if (!spec)
    return fail ("architecture", &err);
  cw_model *m = NULL;
  for (int k = 0; k < members; k++)
    {
      cw_model *net = cw_model_new (spec, channels, in_length, task, outputs, &err);
      if (!net)
        return fail ("model", &err);
      randomize (net, 11 + (uint64_t) k);
      cw_model_set_input_scaling (net, mean, scale);
      if (task == CW_TASK_REGRESSION)
        {
          float *y_mean = malloc ((size_t) outputs * sizeof (float)), *y_scale = malloc ((size_t) outputs * sizeof (float));
          for (int j = 0; j < outputs; j++)
            {
              y_mean[j] = 10.0f + (float) j + 0.5f * (float) k;
              y_scale[j] = 2.5f + 0.25f * (float) j;
            }
          cw_model_set_target_scaling (net, y_mean, y_scale);
          free (y_mean);
          free (y_scale);
        }
      if (k == 0)
        m = net;
      else
        {
          if (cw_model_add_member (m, net, &err) != CW_OK)
            return fail ("member", &err);
          cw_model_free (net);
        }
    }
  if (task == CW_TASK_BINARY || task == CW_TASK_MULTICLASS)
    {
      int n_classes = task == CW_TASK_BINARY ? 2 : outputs;
      const char *names[] = { "low \"quote\"", "mid", "high", "top", "five", "six", "seven", "eight" };
      cw_model_set_class_names (m, n_classes < 8 ? n_classes : 8, names);
    }
  else
    {
      const char *names[] = { "y", "y2", "y3", "y4" };
      cw_model_set_target_names (m, outputs < 4 ? outputs : 4, names);
    }
  cw_model_set_pipeline (m, pipe);
  cw_model_set_info (m, "recipe", "onnx-test");
  if (cw_model_save (m, argv[8], &err) != CW_OK)
    return fail (argv[8], &err);

  FILE *f = fopen (argv[9], "w");
  for (int i = 0; f && i < N_ROWS; i++)
    for (size_t j = 0; j < per_row; j++)
      fprintf (f, "%.9g%c", x[i * per_row + j], j + 1 == per_row ? '\n' : ',');
  if (!f || fclose (f) != 0)
    return fail (argv[9], NULL);

  float *pred = malloc ((size_t) N_ROWS * outputs * sizeof (float));
  if (cw_model_predict_raw (m, x, N_ROWS, pred, &err) != CW_OK)
    return fail ("predict", &err);
  f = fopen (argv[10], "w");
  for (int i = 0; f && i < N_ROWS; i++)
    for (int j = 0; j < outputs; j++)
      fprintf (f, "%.9g%c", pred[i * outputs + j], j + 1 == outputs ? '\n' : ',');
  if (!f || fclose (f) != 0)
    return fail (argv[10], NULL);

  if (argc == 12)
    {
      if (channels != 1)
        return fail ("the data CSV holds one channel only", NULL);
      cw_dataset *ds = cw_dataset_new_from_arrays (N_ROWS, 1, length, x, 0, NULL);
      if (!ds || cw_dataset_save_csv (ds, argv[11], &err) != CW_OK)
        return fail (argv[11], &err);
      cw_dataset_free (ds);
    }
  free (pred);
  free (mean);
  free (scale);
  free (xt);
  free (x);
  cw_model_free (m);
  cw_spec_free (spec);
  cw_pipeline_free (pipe);
  return 0;
}
