/* test-drift.c — the drift perturbations against exact expected outputs, the default grades, and the
 * RMSEP-per-size driver with a linear predictor (closed-form curves), PLS behind SNV (offset and scale
 * drift cancel exactly), and a CNN through the ready-made predictor. */
#include "cw.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GASOLINE SHARED_DIR "/data/gasoline.csv"

static void
apply_expect (cw_drift_kind kind, double size, const double *x, int n, int c, int l, const double *want)
{
  double *out = g_new (double, n * c * l);
  cw_drift_apply (kind, size, 1, x, n, c, l, out);
  for (int i = 0; i < n * c * l; i++)
    if (fabs (out[i] - want[i]) > 1e-15)
      {
        g_printerr ("%s %g: value %d is %.17g, expected %.17g\n", cw_drift_name (kind), size, i, out[i], want[i]);
        g_assert_not_reached ();
      }
  g_free (out);
}

static void
test_shift (void)
{
  const double x[5] = { 1, 2, 3, 4, 5 };
  apply_expect (CW_DRIFT_SHIFT, 0, x, 1, 1, 5, x);
  apply_expect (CW_DRIFT_SHIFT, 1, x, 1, 1, 5, (const double[]) { 1, 1, 2, 3, 4 });
  apply_expect (CW_DRIFT_SHIFT, -1, x, 1, 1, 5, (const double[]) { 2, 3, 4, 5, 5 });
  apply_expect (CW_DRIFT_SHIFT, 0.5, x, 1, 1, 5, (const double[]) { 1, 1.5, 2.5, 3.5, 4.5 });
  apply_expect (CW_DRIFT_SHIFT, 2.25, x, 1, 1, 5, (const double[]) { 1, 1, 1, 1.75, 2.75 });
  apply_expect (CW_DRIFT_SHIFT, -0.25, x, 1, 1, 5, (const double[]) { 1.25, 2.25, 3.25, 4.25, 5 });
  apply_expect (CW_DRIFT_SHIFT, 10, x, 1, 1, 5, (const double[]) { 1, 1, 1, 1, 1 });
  /* Each channel of each sample moves on its own (edges are its own ends). */
  const double two[12] = { 1, 2, 3, 10, 20, 30, 5, 6, 7, -1, -2, -3 };
  apply_expect (CW_DRIFT_SHIFT, 1, two, 2, 2, 3, (const double[]) { 1, 1, 2, 10, 10, 20, 5, 5, 6, -1, -1, -2 });
  /* In place. */
  double y[5] = { 1, 2, 3, 4, 5 };
  cw_drift_apply (CW_DRIFT_SHIFT, 1, 0, y, 1, 1, 5, y);
  g_assert_cmpfloat (y[0], ==, 1);
  g_assert_cmpfloat (y[4], ==, 4);
}

static void
test_offset_slope_scale (void)
{
  const double x[10] = { 1, 2, 3, 4, 5, 0, 0, 0, 0, 0 };
  apply_expect (CW_DRIFT_OFFSET, 0.5, x, 2, 1, 5, (const double[]) { 1.5, 2.5, 3.5, 4.5, 5.5, .5, .5, .5, .5, .5 });
  apply_expect (CW_DRIFT_SLOPE, 2, x, 2, 1, 5, (const double[]) { 1, 2.5, 4, 5.5, 7, 0, 0.5, 1, 1.5, 2 });
  apply_expect (CW_DRIFT_SLOPE, -0.4, x, 1, 2, 5,
                (const double[]) { 1, 1.9, 2.8, 3.7, 4.6, 0, -0.1, -0.2, -0.3, -0.4 });
  apply_expect (CW_DRIFT_SCALE, 0.1, x, 2, 1, 5, (const double[]) { 1.1, 2.2, 3.3, 4.4, 5.5, 0, 0, 0, 0, 0 });
  apply_expect (CW_DRIFT_SCALE, -1, x, 2, 1, 5, (const double[]) { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
  for (int k = 0; k < CW_DRIFT_N_KINDS; k++)
    apply_expect (k, 0, x, 2, 1, 5, x); /* size 0 is the identity for every kind */
  g_assert_cmpstr (cw_drift_name (CW_DRIFT_SLOPE), ==, "slope");
}

static void
test_noise (void)
{
  /* The exact stream: size * N(0,1) from the seed, in sample, channel, position order. */
  enum { N = 3, C = 2, L = 4 };
  double x[N * C * L], want[N * C * L];
  cw_rng rng;
  cw_rng_seed (&rng, 77);
  for (int i = 0; i < N * C * L; i++)
    {
      x[i] = i * 0.5;
      want[i] = x[i] + 0.03 * cw_rng_normal (&rng);
    }
  double out[N * C * L];
  cw_drift_apply (CW_DRIFT_NOISE, 0.03, 77, x, N, C, L, out);
  g_assert_cmpmem (out, sizeof out, want, sizeof want);
  cw_drift_apply (CW_DRIFT_NOISE, 0.03, 78, x, N, C, L, out);
  g_assert_true (memcmp (out, want, sizeof out) != 0);
  /* And its statistics over many values. */
  enum { M = 200000 };
  double *z = g_new0 (double, M), *o = g_new (double, M);
  cw_drift_apply (CW_DRIFT_NOISE, 2.0, 3, z, 1, 1, M, o);
  double s = 0, ss = 0;
  for (int i = 0; i < M; i++)
    s += o[i], ss += o[i] * o[i];
  double mean = s / M, sd = sqrt (ss / M - mean * mean);
  g_assert_cmpfloat (fabs (mean), <, 5 * 2.0 / sqrt (M));
  g_assert_cmpfloat (fabs (sd - 2.0), <, 0.02);
  g_free (z);
  g_free (o);
}

static void
test_default_sizes (void)
{
  const double x[4] = { -1, 0.5, 2, 3 }; /* range 4 */
  double s[CW_DRIFT_STEPS];
  cw_drift_default_sizes (CW_DRIFT_SHIFT, x, 1, 1, 4, s);
  const double shift[] = { 0, 0.5, 1, 2, 3, 5 };
  g_assert_cmpmem (s, sizeof s, shift, sizeof shift);
  cw_drift_default_sizes (CW_DRIFT_OFFSET, x, 1, 1, 4, s);
  const double offset[] = { 0, 0.04, 0.08, 0.2, 0.4, 0.8 };
  for (int k = 0; k < CW_DRIFT_STEPS; k++)
    g_assert_cmpfloat_with_epsilon (s[k], offset[k], 1e-15);
  cw_drift_default_sizes (CW_DRIFT_NOISE, x, 1, 1, 4, s);
  g_assert_cmpfloat_with_epsilon (s[5], 0.08, 1e-15);
  cw_drift_default_sizes (CW_DRIFT_SCALE, x, 1, 1, 4, s);
  g_assert_cmpfloat_with_epsilon (s[3], 0.05, 1e-15);
}

/* ---- the driver ---- */

/* Predicts the sum of each signal: the drift of the sum is known in closed form. */
static cw_status
predict_sum (void *user, const double *x, int n, double *out, cw_error *err)
{
  int width = *(const int *) user;
  for (int i = 0; i < n; i++)
    {
      out[i] = 0;
      for (int j = 0; j < width; j++)
        out[i] += x[i * width + j];
    }
  return CW_OK;
}

static cw_status
predict_fail (void *user, const double *x, int n, double *out, cw_error *err)
{
  return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "predictor says no");
}

static void
test_curve_closed_form (void)
{
  enum { N = 4, L = 5 };
  double x[N * L], y[N];
  for (int i = 0; i < N; i++)
    {
      y[i] = 0;
      for (int t = 0; t < L; t++)
        y[i] += (x[i * L + t] = i + 0.1 * t * t);
    }
  int width = L;
  const double sizes[3] = { 0, 0.1, 0.3 };
  double rmsep[3];
  cw_error err;
  /* offset d: every sum grows by d L */
  g_assert_cmpint (cw_drift_curve (CW_DRIFT_OFFSET, sizes, 3, 0, x, y, N, 1, L, 1, predict_sum, &width, rmsep, &err),
                   ==, CW_OK);
  for (int s = 0; s < 3; s++)
    g_assert_cmpfloat_with_epsilon (rmsep[s], sizes[s] * L, 1e-12);
  /* slope d: by d sum_t t / (L - 1) = d L / 2 */
  cw_drift_curve (CW_DRIFT_SLOPE, sizes, 3, 0, x, y, N, 1, L, 1, predict_sum, &width, rmsep, &err);
  for (int s = 0; s < 3; s++)
    g_assert_cmpfloat_with_epsilon (rmsep[s], sizes[s] * L / 2, 1e-12);
  /* scale d: by d y, so RMSEP = d sqrt (mean y^2) */
  double my2 = 0;
  for (int i = 0; i < N; i++)
    my2 += y[i] * y[i] / N;
  cw_drift_curve (CW_DRIFT_SCALE, sizes, 3, 0, x, y, N, 1, L, 1, predict_sum, &width, rmsep, &err);
  for (int s = 0; s < 3; s++)
    g_assert_cmpfloat_with_epsilon (rmsep[s], sizes[s] * sqrt (my2), 1e-12);
  g_assert_cmpint (cw_drift_curve (CW_DRIFT_OFFSET, sizes, 3, 0, x, y, N, 1, L, 1, predict_fail, NULL, rmsep, &err),
                   ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_cmpstr (err.message, ==, "predictor says no");
}

static void
test_curve_pls (void)
{
  cw_error err;
  cw_dataset *ds = cw_dataset_load_csv (GASOLINE, NULL, &err);
  g_assert_nonnull (ds);
  int col = 0;
  cw_chemo_data d;
  g_assert_cmpint (cw_chemo_data_from_dataset (ds, CW_TASK_REGRESSION, &col, 1, &d, &err), ==, CW_OK);
  cw_dataset_free (ds);
  const char *preps[2] = { "", "snv" };
  double sizes[CW_DRIFT_STEPS];
  cw_drift_default_sizes (CW_DRIFT_OFFSET, d.x, 50, 1, 401, sizes);
  for (int k = 0; k < 2; k++)
    {
      cw_pipeline *pipe = cw_pipeline_parse (preps[k], &err);
      double *xt = NULL;
      g_assert_cmpint (cw_pipeline_fit (pipe, d.x, 50, 1, 401, d.axis, &xt, &err), ==, CW_OK);
      cw_pls *pls = cw_pls_fit (xt, d.y, 50, 401, 1, 4, CW_PLS_NIPALS, &err);
      cw_predictor pred = { .pipeline = pipe, .pls = pls, .ncomp = 4 };
      double off[CW_DRIFT_STEPS], scale[CW_DRIFT_STEPS], shift[CW_DRIFT_STEPS];
      const double *xtest = d.x + 50 * 401, *ytest = d.y + 50;
      g_assert_cmpint (cw_drift_curve (CW_DRIFT_OFFSET, sizes, CW_DRIFT_STEPS, 1, xtest, ytest, 10, 1, 401, 1,
                                       cw_predictor_predict, &pred, off, &err), ==, CW_OK);
      cw_drift_curve (CW_DRIFT_SCALE, sizes, CW_DRIFT_STEPS, 1, xtest, ytest, 10, 1, 401, 1,
                      cw_predictor_predict, &pred, scale, &err);
      double shifts[CW_DRIFT_STEPS];
      cw_drift_default_sizes (CW_DRIFT_SHIFT, xtest, 10, 1, 401, shifts);
      cw_drift_curve (CW_DRIFT_SHIFT, shifts, CW_DRIFT_STEPS, 1, xtest, ytest, 10, 1, 401, 1,
                      cw_predictor_predict, &pred, shift, &err);
      /* Size 0 is the plain RMSEP of the 4-component model (0.3287 in the R table for centred PLS). */
      if (k == 0)
        g_assert_cmpfloat_with_epsilon (off[0], 0.3287, 0.5e-4 + 1e-5);
      g_test_message ("%-4s offset RMSEP %.4f -> %.4f, scale %.4f -> %.4f, shift 5 points %.4f", preps[k],
                      off[0], off[5], scale[0], scale[5], shift[5]);
      for (int s = 1; s < CW_DRIFT_STEPS; s++)
        {
          if (k == 1)
            {
              /* SNV undoes an offset and a scaling of the whole spectrum exactly. */
              g_assert_cmpfloat_with_epsilon (off[s], off[0], 1e-9);
              g_assert_cmpfloat_with_epsilon (scale[s], scale[0], 1e-9);
            }
          else
            {
              /* Raw PLS is linear in x: an offset d moves every prediction by d sum_j B_j. */
              double sum_b = 0, base[10], sse = 0;
              for (int j = 0; j < 401; j++)
                sum_b += cw_pls_coefficients (pls, 4)[j];
              cw_pls_predict (pls, 4, xtest, 10, base);
              for (int i = 0; i < 10; i++)
                sse += pow (ytest[i] - base[i] - sizes[s] * sum_b, 2);
              g_assert_cmpfloat_with_epsilon (off[s], sqrt (sse / 10), 1e-9);
            }
        }
      free (xt);
      cw_pls_free (pls);
      cw_pipeline_free (pipe);
    }
  cw_chemo_data_clear (&d);
}

static void
test_predictor_cnn (void)
{
  /* A CNN behind a range selection: the predictor equals cw_model_predict on the selected floats. */
  cw_error err;
  cw_spec *spec = cw_spec_parse ("conv(2,k=3) relu flatten dense(1)", &err);
  cw_model *model = cw_model_new (spec, 1, 6, CW_TASK_REGRESSION, 1, &err);
  g_assert_nonnull (model);
  cw_model_init_weights (model, 3);
  const float ymean = 2, yscale = 3;
  cw_model_set_target_scaling (model, &ymean, &yscale);
  double x[2 * 8], axis[8];
  for (int t = 0; t < 8; t++)
    axis[t] = t;
  for (int i = 0; i < 16; i++)
    x[i] = sin (i);
  cw_pipeline *pipe = cw_pipeline_parse ("range(1,6)", &err);
  g_assert_cmpint (cw_pipeline_fit (pipe, x, 2, 1, 8, axis, NULL, &err), ==, CW_OK);
  cw_predictor pred = { .pipeline = pipe, .model = model };
  double out[2];
  g_assert_cmpint (cw_predictor_predict (&pred, x, 2, out, &err), ==, CW_OK);
  float xf[12], of[2];
  for (int i = 0; i < 2; i++)
    for (int t = 0; t < 6; t++)
      xf[i * 6 + t] = (float) x[i * 8 + 1 + t];
  g_assert_cmpint (cw_model_predict (model, xf, 2, of, &err), ==, CW_OK);
  g_assert_cmpfloat (out[0], ==, of[0]);
  g_assert_cmpfloat (out[1], ==, of[1]);
  cw_pipeline_free (pipe);
  cw_model_free (model);
  cw_spec_free (spec);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/drift/shift", test_shift);
  g_test_add_func ("/drift/offset-slope-scale", test_offset_slope_scale);
  g_test_add_func ("/drift/noise", test_noise);
  g_test_add_func ("/drift/default-sizes", test_default_sizes);
  g_test_add_func ("/drift/curve/closed-form", test_curve_closed_form);
  g_test_add_func ("/drift/curve/pls", test_curve_pls);
  g_test_add_func ("/drift/curve/cnn", test_predictor_cnn);
  return g_test_run ();
}
