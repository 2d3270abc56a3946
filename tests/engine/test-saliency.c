/* test-saliency.c — gradient × input and 1D Grad-CAM on tiny models whose values are derived by hand,
 * the receptive-field mapping through strides and pooling, the gradient against finite differences of
 * the prediction, and the errors. */
#include "cw.h"

#include <glib.h>
#include <math.h>
#include <string.h>

static cw_model *
make_model (const char *arch, int length, cw_task task, int outputs)
{
  cw_error err;
  cw_spec *spec = cw_spec_parse (arch, &err);
  if (!spec)
    g_error ("%s: %s", arch, err.message);
  cw_model *m = cw_model_new (spec, 1, length, task, outputs, &err);
  if (!m)
    g_error ("%s: %s", arch, err.message);
  cw_spec_free (spec);
  return m;
}

static void
set_layer (cw_model *m, int layer, const float *values, size_t n)
{
  size_t have;
  float *p = cw_model_layer_params (m, layer, &have);
  g_assert_cmpuint (have, ==, n);
  memcpy (p, values, n * sizeof (float));
}

static void
assert_floats (const float *got, const double *want, int n, double eps)
{
  for (int i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (got[i], want[i], eps);
}

static void
assert_grads_zero (cw_model *m)
{
  const float *g = cw_model_grads (m);
  for (size_t i = 0; i < cw_model_n_params (m); i++)
    g_assert_cmpfloat (g[i], ==, 0.0f);
}

/* conv(2,k=2) relu gap dense(1) on x = [1, 2, 0, -1] with
 *   filter 0: w [1, 1], b 0     -> A0 = [3, 2, -1],   R0 = [3, 2, 0]
 *   filter 1: w [1, -1], b 0.5  -> A1 = [-0.5, 2.5, 1.5], R1 = [0, 2.5, 1.5]
 *   dense v = [1, -2], b 0.1    -> out = mean R0 - 2 mean R1 + 0.1 = -0.9 */
static cw_model *
hand_model (void)
{
  cw_model *m = make_model ("conv(2,k=2) relu gap dense(1)", 4, CW_TASK_REGRESSION, 1);
  set_layer (m, 0, (const float[]) { 1, 1, 1, -1, 0, 0.5f }, 6);
  set_layer (m, 3, (const float[]) { 1, -2, 0.1f }, 3);
  return m;
}

static const float hand_x[4] = { 1, 2, 0, -1 };

static void
test_gradient_input_by_hand (void)
{
  cw_model *m = hand_model ();
  float out, grad[4], sal[4];
  cw_error err;
  g_assert_cmpint (cw_model_predict (m, hand_x, 1, &out, &err), ==, CW_OK);
  g_assert_cmpfloat_with_epsilon (out, -0.9, 1e-6);
  /* d out / d x_i = 1/3 sum_{t active in f0} w0[i-t] - 2/3 sum_{t active in f1} w1[i-t]
   *   (f0 active at t = 0, 1; f1 at t = 1, 2) = [1/3, 0, 1/3, 2/3] */
  g_assert_cmpint (cw_saliency_gradient_input (m, hand_x, 0, sal, grad, &err), ==, CW_OK);
  assert_floats (grad, (const double[]) { 1.0 / 3, 0, 1.0 / 3, 2.0 / 3 }, 4, 1e-6);
  assert_floats (sal, (const double[]) { 1.0 / 3, 0, 0, -2.0 / 3 }, 4, 1e-6);
  assert_grads_zero (m);
  /* In target units: a target scale of 2 doubles the gradient; input scaling makes it relative to the
   * mean: saliency = (x - mean) * d out / d x. */
  const float ymean = 10, yscale = 2;
  const float xmean[4] = { 1, 1, 1, 1 }, xscale[4] = { 0.5f, 0.5f, 0.5f, 0.5f };
  cw_model_set_target_scaling (m, &ymean, &yscale);
  cw_model_set_input_scaling (m, xmean, xscale);
  /* x_std = (x - 1) / 0.5 = 2 x - 2; to meet the same activations feed x = (hand_x + 2) / 2. */
  float x2[4];
  for (int i = 0; i < 4; i++)
    x2[i] = (hand_x[i] + 2) / 2;
  g_assert_cmpint (cw_saliency_gradient_input (m, x2, 0, sal, grad, &err), ==, CW_OK);
  /* d out / d x = 2 (target) x 2 (1 / input scale) x [1/3, 0, 1/3, 2/3] */
  assert_floats (grad, (const double[]) { 4.0 / 3, 0, 4.0 / 3, 8.0 / 3 }, 4, 1e-5);
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat_with_epsilon (sal[i], (x2[i] - 1) * grad[i], 1e-5);
  cw_model_free (m);
}

static void
test_gradcam_by_hand (void)
{
  cw_model *m = hand_model ();
  cw_error err;
  /* Default layer: the conv's rectified output (layer 1). alpha_c = mean_t d out / d R = v_c / 3. */
  g_assert_cmpint (cw_saliency_gradcam_layer (m), ==, 1);
  float cam[3], cam_in[4];
  g_assert_cmpint (cw_saliency_gradcam (m, hand_x, 0, 1, cam, cam_in, &err), ==, CW_OK);
  /* relu(1/3 R0 - 2/3 R1) = relu([1, -1, -1]) */
  assert_floats (cam, (const double[]) { 1, 0, 0 }, 3, 1e-6);
  /* Position j of a k=2 valid conv is centred at input j + 0.5: [cam0, (cam0+cam1)/2, (cam1+cam2)/2, cam2]. */
  assert_floats (cam_in, (const double[]) { 1, 0.5, 0, 0 }, 4, 1e-6);
  /* On the pre-activation map: d out / d A = v_c / 3 where A > 0, so alpha = [2/9, -4/9] and
   * cam = relu(2/9 A0 - 4/9 A1) = relu([8/9, -6/9, -8/9]). */
  g_assert_cmpint (cw_saliency_gradcam (m, hand_x, 0, 0, cam, NULL, &err), ==, CW_OK);
  assert_floats (cam, (const double[]) { 8.0 / 9, 0, 0 }, 3, 1e-6);
  assert_grads_zero (m);
  /* Errors: a layer after global pooling, an output that does not exist. */
  g_assert_cmpint (cw_saliency_gradcam (m, hand_x, 0, 3, cam, NULL, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "after gavgpool"));
  g_assert_cmpint (cw_saliency_gradcam (m, hand_x, 1, 1, cam, NULL, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "Output 1 does not exist"));
  g_assert_cmpint (cw_saliency_gradient_input (m, hand_x, -1, NULL, NULL, &err), ==, CW_ERR_INVALID_ARGUMENT);
  cw_model_free (m);
  cw_model *dense = make_model ("flatten dense(2)", 4, CW_TASK_MULTICLASS, 2);
  g_assert_cmpint (cw_saliency_gradcam_layer (dense), ==, -1);
  cw_model_free (dense);
}

/* Classification: the gradient of the logit, not of the probability. */
static void
test_logit_gradient (void)
{
  cw_model *m = make_model ("flatten dense(2) softmax", 3, CW_TASK_MULTICLASS, 2);
  set_layer (m, 1, (const float[]) { 1, 2, 3, -1, 0.5f, 4, 0, 0 }, 8);
  const float x[3] = { 0.2f, -0.4f, 1.0f };
  float grad[3], sal[3];
  g_assert_cmpint (cw_saliency_gradient_input (m, x, 1, sal, grad, NULL), ==, CW_OK);
  assert_floats (grad, (const double[]) { -1, 0.5, 4 }, 3, 1e-6);
  assert_floats (sal, (const double[]) { -0.2, -0.2, 4 }, 3, 1e-6);
  cw_model_free (m);
}

/* Centres through a strided conv and a pool: conv(k=3, s=2, same) on 16 points puts layer position j at
 * input 2j + 1 (no left padding: total padding 1 goes right); maxpool(2) then puts j at 4j + 2. */
static void
test_gradcam_mapping (void)
{
  cw_model *m = make_model ("conv(3,k=3,s=2,pad=same) relu maxpool(2) flatten dense(1)", 16, CW_TASK_REGRESSION, 1);
  cw_model_init_weights (m, 5);
  float x[16], cam[4], cam_in[16];
  for (int t = 0; t < 16; t++)
    x[t] = (float) sin (0.7 * t) + 0.1f * t;
  cw_error err;
  g_assert_cmpint (cw_saliency_gradcam (m, x, 0, 2, cam, cam_in, &err), ==, CW_OK);
  double nonzero = 0;
  for (int j = 0; j < 4; j++)
    {
      nonzero += cam[j];
      g_assert_cmpfloat_with_epsilon (cam_in[4 * j + 2], cam[j], 1e-6);
      if (j < 3)
        for (int s = 1; s < 4; s++)
          g_assert_cmpfloat_with_epsilon (cam_in[4 * j + 2 + s], cam[j] + (cam[j + 1] - cam[j]) * s / 4.0, 1e-6);
    }
  g_assert_cmpfloat (nonzero, >, 0); /* the check above is not vacuous */
  for (int t = 0; t < 2; t++)
    g_assert_cmpfloat (cam_in[t], ==, cam[0]);
  g_assert_cmpfloat (cam_in[15], ==, cam[3]);
  cw_model_free (m);
}

/* The gradient agrees with central differences of cw_model_predict (user units, scaling included). */
static void
test_gradient_finite_differences (void)
{
  cw_model *m = make_model ("conv(4,k=5) tanh avgpool(2) conv(3,k=3,d=2) swish flatten dense(8) tanh dense(1)",
                            30, CW_TASK_REGRESSION, 1);
  cw_model_init_weights (m, 11);
  float mean[30], scale[30];
  for (int t = 0; t < 30; t++)
    {
      mean[t] = 0.1f * t;
      scale[t] = 0.5f + 0.05f * t;
    }
  const float ymean = 85, yscale = 1.5f;
  cw_model_set_input_scaling (m, mean, scale);
  cw_model_set_target_scaling (m, &ymean, &yscale);
  float x[30], grad[30];
  for (int t = 0; t < 30; t++)
    x[t] = (float) (0.1 * t + cos (t));
  g_assert_cmpint (cw_saliency_gradient_input (m, x, 0, NULL, grad, NULL), ==, CW_OK);
  double worst = 0, largest = 0;
  for (int t = 0; t < 30; t++)
    {
      float xp[30], lo, hi;
      const float h = 1e-2f;
      memcpy (xp, x, sizeof xp);
      xp[t] = x[t] + h;
      cw_model_predict (m, xp, 1, &hi, NULL);
      xp[t] = x[t] - h;
      cw_model_predict (m, xp, 1, &lo, NULL);
      double fd = ((double) hi - lo) / (2 * h);
      worst = fmax (worst, fabs (fd - grad[t]));
      largest = fmax (largest, fabs (fd));
    }
  g_test_message ("gradient vs central differences: max error %.3g of max |gradient| %.3g", worst, largest);
  g_assert_cmpfloat (largest, >, 1e-3);
  g_assert_cmpfloat (worst, <, 2e-3 * largest + 1e-4);
  cw_model_free (m);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/saliency/gradient-input/by-hand", test_gradient_input_by_hand);
  g_test_add_func ("/saliency/gradient-input/logit", test_logit_gradient);
  g_test_add_func ("/saliency/gradient-input/finite-differences", test_gradient_finite_differences);
  g_test_add_func ("/saliency/gradcam/by-hand", test_gradcam_by_hand);
  g_test_add_func ("/saliency/gradcam/mapping", test_gradcam_mapping);
  return g_test_run ();
}
