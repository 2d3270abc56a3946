/* test-conv-lab.c — the convolution lab: step-through arithmetic against outputs worked out by hand for
 * each padding, stride and dilation, against the engine's conv layer, true convolution as correlation
 * with the flipped kernel; signals and kernel presets; kernel recovery on the classic examples, counts
 * of equations and unknowns, and an under-determined case that fits with another kernel. */
#include "cw.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- step-through by hand ---- */

static cw_lab_trace *
trace (const float *x, int length, const float *w, int k, cw_padding padding, int pad_left, int pad_right,
       int stride, int dilation, bool convolution)
{
  cw_lab_settings s = cw_lab_settings_default ();
  s.padding = padding;
  s.pad_left = pad_left;
  s.pad_right = pad_right;
  s.stride = stride;
  s.dilation = dilation;
  s.convolution = convolution;
  cw_error err;
  cw_lab_trace *tr = cw_lab_trace_new (x, 1, length, w, k, &s, &err);
  if (!tr)
    g_printerr ("%s\n", err.message);
  g_assert_nonnull (tr);
  return tr;
}

static void
assert_output (const cw_lab_trace *tr, const float *want, int n)
{
  g_assert_cmpint (cw_lab_trace_out_length (tr), ==, n);
  const float *y = cw_lab_trace_output (tr);
  for (int t = 0; t < n; t++)
    {
      g_assert_cmpfloat (y[t], ==, want[t]);
      g_assert_cmpfloat (cw_lab_trace_value (tr, t), ==, want[t]);
      /* the output is the sum of the shown products */
      const float *p = cw_lab_trace_products (tr, t);
      float sum = 0;
      for (int j = 0; j < cw_lab_trace_kernel_size (tr) * cw_lab_trace_channels (tr); j++)
        sum += p[j];
      g_assert_cmpfloat (sum, ==, want[t]);
    }
}

static void
test_valid_classic (void)
{
  const float x[] = { 0, 3, 4, 5 }, w[] = { 1, 2 };
  cw_lab_trace *tr = trace (x, 4, w, 2, CW_PAD_VALID, 0, 0, 1, 1, false);
  const float want[] = { 6, 11, 14 }; /* 0*1+3*2, 3*1+4*2, 4*1+5*2 */
  assert_output (tr, want, 3);
  g_assert_cmpstr (cw_lab_trace_formula (tr), ==, "L_out = floor((4 + 0 + 0 - 1*(2-1) - 1)/1) + 1 = 3");
  const int *idx = cw_lab_trace_indices (tr, 1);
  g_assert_cmpint (idx[0], ==, 1);
  g_assert_cmpint (idx[1], ==, 2);
  const float *p = cw_lab_trace_products (tr, 1);
  g_assert_cmpfloat (p[0], ==, 3);
  g_assert_cmpfloat (p[1], ==, 8);
  char *text = cw_lab_trace_step_text (tr, 1);
  g_assert_cmpstr (text, ==, "y[1] = 1*3 + 2*4 = 11");
  free (text);
  g_assert_cmpfloat (cw_lab_trace_centre (tr, 0), ==, 0.5);
  cw_lab_trace_free (tr);
}

/* x = [1 2 3 4 5], w = [1 2 3] under every padding */
static const float x5[] = { 1, 2, 3, 4, 5 }, w3[] = { 1, 2, 3 };

static void
test_valid (void)
{
  cw_lab_trace *tr = trace (x5, 5, w3, 3, CW_PAD_VALID, 0, 0, 1, 1, false);
  const float want[] = { 14, 20, 26 }; /* 1+4+9, 2+6+12, 3+8+15 */
  assert_output (tr, want, 3);
  g_assert_cmpint (cw_lab_trace_pad_left (tr), ==, 0);
  g_assert_cmpint (cw_lab_trace_pad_right (tr), ==, 0);
  cw_lab_trace_free (tr);
}

static void
test_same (void)
{
  /* padded [0 1 2 3 4 5 0] */
  cw_lab_trace *tr = trace (x5, 5, w3, 3, CW_PAD_SAME, 0, 0, 1, 1, false);
  const float want[] = { 8, 14, 20, 26, 14 }; /* 0+2+6, ..., 4+10+0 */
  assert_output (tr, want, 5);
  g_assert_cmpint (cw_lab_trace_pad_left (tr), ==, 1);
  g_assert_cmpint (cw_lab_trace_pad_right (tr), ==, 1);
  g_assert_cmpstr (cw_lab_trace_formula (tr), ==, "L_out = floor((5 + 1 + 1 - 1*(3-1) - 1)/1) + 1 = 5");
  const int *pos = cw_lab_trace_positions (tr, 0), *idx = cw_lab_trace_indices (tr, 0);
  g_assert_cmpint (pos[0], ==, -1);
  g_assert_cmpint (idx[0], ==, -1);
  g_assert_cmpint (idx[1], ==, 0);
  pos = cw_lab_trace_positions (tr, 4);
  idx = cw_lab_trace_indices (tr, 4);
  g_assert_cmpint (pos[2], ==, 5);
  g_assert_cmpint (idx[2], ==, -1);
  const float *p = cw_lab_trace_products (tr, 4);
  g_assert_cmpfloat (p[0], ==, 4);
  g_assert_cmpfloat (p[1], ==, 10);
  g_assert_cmpfloat (p[2], ==, 0);
  g_assert_cmpfloat (cw_lab_trace_centre (tr, 2), ==, 2.0); /* "same" keeps output t under input t */
  char *text = cw_lab_trace_step_text (tr, 4);
  g_assert_cmpstr (text, ==, "y[4] = 1*4 + 2*5 + 3*0 = 14");
  free (text);
  g_assert_nonnull (strstr (cw_lab_trace_padding_text (tr), "1 zero on the left, 1 on the right"));
  cw_lab_trace_free (tr);
}

static void
test_causal (void)
{
  /* padded [0 0 1 2 3 4 5]: output t sees inputs up to t */
  cw_lab_trace *tr = trace (x5, 5, w3, 3, CW_PAD_CAUSAL, 0, 0, 1, 1, false);
  const float want[] = { 3, 8, 14, 20, 26 };
  assert_output (tr, want, 5);
  g_assert_cmpint (cw_lab_trace_pad_left (tr), ==, 2);
  g_assert_cmpint (cw_lab_trace_pad_right (tr), ==, 0);
  for (int t = 0; t < 5; t++)
    g_assert_cmpint (cw_lab_trace_positions (tr, t)[2], ==, t);
  cw_lab_trace_free (tr);
}

static void
test_explicit (void)
{
  /* one zero left, two right: padded [0 1 2 3 4 5 0 0] */
  cw_lab_trace *tr = trace (x5, 5, w3, 3, CW_PAD_EXPLICIT, 1, 2, 1, 1, false);
  const float want[] = { 8, 14, 20, 26, 14, 5 };
  assert_output (tr, want, 6);
  g_assert_cmpstr (cw_lab_trace_formula (tr), ==, "L_out = floor((5 + 1 + 2 - 1*(3-1) - 1)/1) + 1 = 6");
  cw_lab_trace_free (tr);
}

static void
test_stride (void)
{
  cw_lab_trace *tr = trace (x5, 5, w3, 3, CW_PAD_VALID, 0, 0, 2, 1, false);
  const float want[] = { 14, 26 }; /* windows at 0 and 2 */
  assert_output (tr, want, 2);
  g_assert_cmpstr (cw_lab_trace_formula (tr), ==, "L_out = floor((5 + 0 + 0 - 1*(3-1) - 1)/2) + 1 = 2");
  cw_lab_trace_free (tr);

  /* same with stride 2: ceil(5/2) = 3 outputs, one zero each side: windows at -1, 1, 3 */
  tr = trace (x5, 5, w3, 3, CW_PAD_SAME, 0, 0, 2, 1, false);
  const float want_same[] = { 8, 20, 14 }; /* 0+2+6, 2+6+12, 4+10+0 */
  assert_output (tr, want_same, 3);
  cw_lab_trace_free (tr);
}

static void
test_dilation (void)
{
  const float x7[] = { 1, 2, 3, 4, 5, 6, 7 };
  cw_lab_trace *tr = trace (x7, 7, w3, 3, CW_PAD_VALID, 0, 0, 1, 2, false);
  const float want[] = { 22, 28, 34 }; /* x0+2x2+3x4, x1+2x3+3x5, x2+2x4+3x6 */
  assert_output (tr, want, 3);
  g_assert_cmpstr (cw_lab_trace_formula (tr), ==, "L_out = floor((7 + 0 + 0 - 2*(3-1) - 1)/1) + 1 = 3");
  const int *idx = cw_lab_trace_indices (tr, 1);
  g_assert_cmpint (idx[0], ==, 1);
  g_assert_cmpint (idx[1], ==, 3);
  g_assert_cmpint (idx[2], ==, 5);
  cw_lab_trace_free (tr);

  /* causal with dilation 2: four zeros on the left, y[t] = x[t-4] + 2x[t-2] + 3x[t] */
  tr = trace (x5, 5, w3, 3, CW_PAD_CAUSAL, 0, 0, 1, 2, false);
  const float want_causal[] = { 3, 6, 11, 16, 22 };
  assert_output (tr, want_causal, 5);
  g_assert_cmpint (cw_lab_trace_pad_left (tr), ==, 4);
  cw_lab_trace_free (tr);

  /* the example of the formula */
  cw_lab_settings s = cw_lab_settings_default ();
  s.dilation = 2;
  char *f = cw_lab_formula (&s, 8, 3);
  g_assert_cmpstr (f, ==, "L_out = floor((8 + 0 + 0 - 2*(3-1) - 1)/1) + 1 = 4");
  free (f);
}

static void
test_too_short (void)
{
  cw_lab_settings s = cw_lab_settings_default ();
  s.dilation = 3;
  cw_error err;
  g_assert_null (cw_lab_trace_new (x5, 1, 5, w3, 3, &s, &err));
  g_assert_cmpint (err.status, ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "spans 7"));
  g_assert_null (cw_lab_formula (&s, 5, 3));
  s.padding = CW_PAD_SAME; /* padding rescues it */
  int out = 0;
  g_assert_cmpint (cw_lab_geometry (&s, 5, 3, NULL, NULL, &out, &err), ==, CW_OK);
  g_assert_cmpint (out, ==, 5);
}

static void
test_convolution_flips (void)
{
  /* true convolution: w reversed, [3 2 1] over [1 2 3 4 5] */
  cw_lab_trace *tr = trace (x5, 5, w3, 3, CW_PAD_VALID, 0, 0, 1, 1, true);
  const float want[] = { 10, 16, 22 }; /* 3+4+3, 6+6+4, 9+8+5 */
  assert_output (tr, want, 3);
  const float *applied = cw_lab_trace_applied_kernel (tr);
  g_assert_cmpfloat (applied[0], ==, 3);
  g_assert_cmpfloat (applied[2], ==, 1);
  g_assert_nonnull (strstr (cw_lab_mode_explanation (), "flips"));

  /* = correlation with the flipped kernel, under any settings */
  const float w_flipped[] = { 3, 2, 1 };
  const float x9[] = { 0.5f, -1, 2, 4, -3, 1, 0, 2.5f, 1 };
  cw_padding pads[] = { CW_PAD_VALID, CW_PAD_SAME, CW_PAD_CAUSAL, CW_PAD_EXPLICIT };
  for (int p = 0; p < 4; p++)
    for (int stride = 1; stride <= 2; stride++)
      for (int dilation = 1; dilation <= 2; dilation++)
        {
          cw_lab_trace *a = trace (x9, 9, w3, 3, pads[p], 2, 1, stride, dilation, true);
          cw_lab_trace *b = trace (x9, 9, w_flipped, 3, pads[p], 2, 1, stride, dilation, false);
          g_assert_cmpint (cw_lab_trace_out_length (a), ==, cw_lab_trace_out_length (b));
          for (int t = 0; t < cw_lab_trace_out_length (a); t++)
            g_assert_cmpfloat (cw_lab_trace_value (a, t), ==, cw_lab_trace_value (b, t));
          cw_lab_trace_free (a);
          cw_lab_trace_free (b);
        }
  cw_lab_trace_free (tr);
}

static void
test_two_channels (void)
{
  /* the classic two-channel example, channel-major, kernel [[1,0],[0,1],[2,0]] time-major */
  const cw_recovery_example *ex = cw_recovery_preset_get (CW_RECOVERY_TWO_CHANNELS);
  cw_lab_settings s = cw_lab_settings_default ();
  cw_error err;
  cw_lab_trace *tr = cw_lab_trace_new (ex->x, 2, 8, ex->hidden, 3, &s, &err);
  g_assert_nonnull (tr);
  const float want[] = { 14, 20, 14, 15, 10, 4 };
  assert_output (tr, want, 6);
  /* t = 0: channel 0 gives 1*0 + 0*3 + 2*4 = 8, channel 1 gives 0*0 + 1*6 + 0*7 = 6 */
  const float *sums = cw_lab_trace_channel_sums (tr, 0);
  g_assert_cmpfloat (sums[0], ==, 8);
  g_assert_cmpfloat (sums[1], ==, 6);
  const float *p = cw_lab_trace_products (tr, 0);
  g_assert_cmpfloat (p[2], ==, 8);  /* channel 0, tap 2 */
  g_assert_cmpfloat (p[4], ==, 6);  /* channel 1, tap 1 */
  char *text = cw_lab_trace_step_text (tr, 0);
  g_assert_cmpstr (text, ==, "y[0] = (1*0 + 0*3 + 2*4) + (0*0 + 1*6 + 0*7) = 14");
  free (text);
  cw_lab_trace_free (tr);
}

/* ---- against the engine's conv layer ---- */

static void
compare_with_layer (const float *x, int channels, int length, const float *w, int k, cw_lab_settings s)
{
  cw_error err;
  cw_lab_trace *tr = cw_lab_trace_new (x, channels, length, w, k, &s, &err);
  g_assert_nonnull (tr);

  cw_spec *spec = cw_spec_new ();
  cw_layer_spec conv = cw_layer_spec_default (CW_LAYER_CONV);
  conv.units = 1;
  conv.kernel = k;
  conv.stride = s.stride;
  conv.dilation = s.dilation;
  conv.padding = s.padding;
  conv.pad_left = s.pad_left;
  conv.pad_right = s.pad_right;
  conv.bias = false;
  cw_spec_append (spec, &conv);
  int out = cw_lab_trace_out_length (tr);
  cw_model *m = cw_model_new (spec, channels, length, CW_TASK_REGRESSION, out, &err);
  if (!m)
    g_printerr ("%s\n", err.message);
  g_assert_nonnull (m);
  /* the layer correlates: give it the weights as the trace applied them */
  memcpy (cw_model_params (m), cw_lab_trace_applied_kernel (tr), (size_t) (channels * k) * sizeof (float));
  g_assert_cmpint (cw_model_set_batch (m, 1, &err), ==, CW_OK);
  const float *y = cw_model_forward (m, x, 1, false);
  for (int t = 0; t < out; t++)
    g_assert_cmpfloat_with_epsilon (y[t], cw_lab_trace_value (tr, t), 1e-5 * (1 + fabsf (y[t])));
  cw_model_free (m);
  cw_spec_free (spec);
  cw_lab_trace_free (tr);
}

static void
test_equals_conv_layer (void)
{
  cw_rng rng;
  cw_rng_seed (&rng, 42);
  float x[2 * 13], w[2 * 4];
  for (int i = 0; i < 2 * 13; i++)
    x[i] = (float) cw_rng_normal (&rng);
  for (int i = 0; i < 2 * 4; i++)
    w[i] = (float) cw_rng_normal (&rng);
  cw_padding pads[] = { CW_PAD_VALID, CW_PAD_SAME, CW_PAD_CAUSAL, CW_PAD_EXPLICIT };
  int cases = 0;
  for (int channels = 1; channels <= 2; channels++)
    for (int k = 1; k <= 4; k++)
      for (int p = 0; p < 4; p++)
        for (int stride = 1; stride <= 3; stride++)
          for (int dilation = 1; dilation <= 3; dilation++)
            for (int flip = 0; flip <= 1; flip++)
              {
                cw_lab_settings s = cw_lab_settings_default ();
                s.padding = pads[p];
                s.pad_left = 2;
                s.pad_right = 3;
                s.stride = stride;
                s.dilation = dilation;
                s.convolution = flip;
                if (cw_lab_geometry (&s, 13, k, NULL, NULL, NULL, NULL) != CW_OK)
                  continue;
                compare_with_layer (x, channels, 13, w, k, s);
                cases++;
              }
  g_test_message ("%d settings compared with the conv layer", cases);
  g_assert_cmpint (cases, >, 500);
}

/* ---- signals and kernel presets ---- */

static void
test_signals (void)
{
  float a[16], b[16];
  cw_lab_signal_fill (CW_LAB_SIGNAL_STEP, 16, 1, a);
  g_assert_cmpfloat (a[7], ==, 0);
  g_assert_cmpfloat (a[8], ==, 1);
  cw_lab_signal_fill (CW_LAB_SIGNAL_RAMP, 16, 1, a);
  g_assert_cmpfloat (a[0], ==, 0);
  g_assert_cmpfloat (a[15], ==, 1);
  g_assert_cmpfloat_with_epsilon (a[5], 5.0 / 15, 1e-7);
  cw_lab_signal_fill (CW_LAB_SIGNAL_PULSES, 16, 1, a); /* period 4, width 1 */
  for (int t = 0; t < 16; t++)
    g_assert_cmpfloat (a[t], ==, t % 4 == 0 ? 1 : 0);
  for (int sig = CW_LAB_SIGNAL_NOISY_SINE; sig <= CW_LAB_SIGNAL_PEAKS; sig++)
    {
      cw_lab_signal_fill (sig, 16, 3, a);
      cw_lab_signal_fill (sig, 16, 3, b);
      g_assert_cmpmem (a, sizeof a, b, sizeof b);
      cw_lab_signal_fill (sig, 16, 4, b);
      g_assert_false (memcmp (a, b, sizeof a) == 0);
    }
  cw_lab_signal s;
  g_assert_true (cw_lab_signal_from_name ("noisy-sine", &s));
  g_assert_cmpint (s, ==, CW_LAB_SIGNAL_NOISY_SINE);
  g_assert_false (cw_lab_signal_from_name ("sawtooth", &s));
}

static void
assert_kernel (cw_lab_kernel_params p, const double *want, int k)
{
  float w[32];
  cw_error err;
  g_assert_cmpint (cw_lab_kernel_size (&p), ==, k);
  g_assert_cmpint (cw_lab_kernel_fill (&p, w, &err), ==, CW_OK);
  for (int j = 0; j < k; j++)
    g_assert_cmpfloat_with_epsilon (w[j], want[j], 1e-6);
}

static void
test_kernel_presets (void)
{
  assert_kernel (cw_lab_kernel_params_default (CW_LAB_KERNEL_EDGE), (double[]) { -1, 2, -1 }, 3);
  assert_kernel (cw_lab_kernel_params_default (CW_LAB_KERNEL_BOX), (double[]) { .2, .2, .2, .2, .2 }, 5);
  double e2 = exp (-2), e05 = exp (-0.5), sum = 2 * e2 + 2 * e05 + 1;
  assert_kernel (cw_lab_kernel_params_default (CW_LAB_KERNEL_GAUSSIAN),
                 (double[]) { e2 / sum, e05 / sum, 1 / sum, e05 / sum, e2 / sum }, 5);
  assert_kernel (cw_lab_kernel_params_default (CW_LAB_KERNEL_DERIVATIVE), (double[]) { -0.5, 0, 0.5 }, 3);
  assert_kernel (cw_lab_kernel_params_default (CW_LAB_KERNEL_SECOND_DERIVATIVE), (double[]) { 1, -2, 1 }, 3);
  /* Savitzky–Golay tables: W=5 P=2 [-3 12 17 12 -3]/35, its first derivative [-2 -1 0 1 2]/10,
   * W=7 P=2 [-2 3 6 7 6 3 -2]/21 */
  cw_lab_kernel_params sg = cw_lab_kernel_params_default (CW_LAB_KERNEL_SAVGOL);
  assert_kernel (sg, (double[]) { -2 / 21., 3 / 21., 6 / 21., 7 / 21., 6 / 21., 3 / 21., -2 / 21. }, 7);
  sg.size = 5;
  assert_kernel (sg, (double[]) { -3 / 35., 12 / 35., 17 / 35., 12 / 35., -3 / 35. }, 5);
  sg.deriv = 1;
  assert_kernel (sg, (double[]) { -0.2, -0.1, 0, 0.1, 0.2 }, 5);
  sg.size = 4;
  float w[8];
  cw_error err;
  g_assert_cmpint (cw_lab_kernel_fill (&sg, w, &err), ==, CW_ERR_INVALID_ARGUMENT);
  cw_lab_kernel_params g = cw_lab_kernel_params_default (CW_LAB_KERNEL_GAUSSIAN);
  g.sigma = 0;
  g_assert_cmpint (cw_lab_kernel_fill (&g, w, &err), ==, CW_ERR_INVALID_ARGUMENT);

  /* what they do to a ramp: the derivatives give its slope and 0, smoothing keeps it */
  float ramp[12];
  for (int t = 0; t < 12; t++)
    ramp[t] = (float) (2 * t + 1);
  cw_lab_kernel kinds[] = { CW_LAB_KERNEL_DERIVATIVE, CW_LAB_KERNEL_SECOND_DERIVATIVE, CW_LAB_KERNEL_BOX };
  double want[] = { 2, 0, -1 };
  for (int i = 0; i < 3; i++)
    {
      cw_lab_kernel_params p = cw_lab_kernel_params_default (kinds[i]);
      int k = cw_lab_kernel_size (&p);
      g_assert_cmpint (cw_lab_kernel_fill (&p, w, &err), ==, CW_OK);
      cw_lab_settings s = cw_lab_settings_default ();
      cw_lab_trace *tr = cw_lab_trace_new (ramp, 1, 12, w, k, &s, &err);
      for (int t = 0; t < cw_lab_trace_out_length (tr); t++)
        g_assert_cmpfloat_with_epsilon (cw_lab_trace_value (tr, t), want[i] >= 0 ? want[i] : ramp[t + k / 2],
                                        1e-5);
      cw_lab_trace_free (tr);
    }
}

/* ---- kernel recovery ---- */

static void
test_counts (void)
{
  cw_lab_system s = cw_lab_count (1, 1, 4, 2, 1);
  g_assert_cmpint (s.equations, ==, 3);
  g_assert_cmpint (s.unknowns, ==, 2);
  g_assert_cmpint (s.determination, ==, CW_OVER_DETERMINED);
  g_assert_cmpint (s.rank, ==, -1);
  s = cw_lab_count (1, 2, 8, 3, 1);
  g_assert_cmpint (s.equations, ==, 6);
  g_assert_cmpint (s.unknowns, ==, 6);
  g_assert_cmpint (s.determination, ==, CW_EXACTLY_DETERMINED);
  s = cw_lab_count (1, 1, 4, 2, 2);
  g_assert_cmpint (s.equations, ==, 6); /* 3 positions x 2 filters */
  g_assert_cmpint (s.unknowns, ==, 4);
  s = cw_lab_count (3, 2, 4, 3, 1);
  g_assert_cmpint (s.equations, ==, 6); /* 2 positions x 3 sequences */
  g_assert_cmpint (s.unknowns, ==, 6);
  s = cw_lab_count (1, 1, 2, 2, 1);
  g_assert_cmpint (s.determination, ==, CW_UNDER_DETERMINED);
  g_assert_cmpstr (cw_determination_name (s.determination), ==, "under-determined");
  g_assert_nonnull (strstr (cw_determination_explanation (CW_UNDER_DETERMINED), "many kernels"));
}

static void
test_make_target (void)
{
  for (int p = 0; p < CW_RECOVERY_N_PRESETS; p++)
    {
      const cw_recovery_example *ex = cw_recovery_preset_get (p);
      int out = ex->length - ex->kernel + 1;
      float y[16];
      cw_error err;
      g_assert_cmpint (cw_recovery_make_target (ex->x, ex->sequences, ex->channels, ex->length, ex->hidden,
                                                ex->filters, ex->kernel, 0, 1, y, &err), ==, CW_OK);
      for (int i = 0; i < ex->sequences * ex->filters * out; i++)
        g_assert_cmpfloat (y[i], ==, ex->y[i]);
    }
  /* noise: N(0, 0.1^2) around the clean target */
  enum { L = 4001 };
  float *x = g_new (float, L), *clean = g_new (float, L - 1), *noisy = g_new (float, L - 1);
  for (int t = 0; t < L; t++)
    x[t] = (float) sin (t * 0.1);
  const float w[] = { 1, -0.5f };
  cw_recovery_make_target (x, 1, 1, L, w, 1, 2, 0, 9, clean, NULL);
  cw_recovery_make_target (x, 1, 1, L, w, 1, 2, 0.1, 9, noisy, NULL);
  double sum = 0, sum2 = 0;
  for (int t = 0; t < L - 1; t++)
    {
      double d = noisy[t] - clean[t];
      sum += d;
      sum2 += d * d;
    }
  double mean = sum / (L - 1), sd = sqrt (sum2 / (L - 1) - mean * mean);
  g_assert_cmpfloat (fabs (mean), <, 0.01);
  g_assert_cmpfloat (fabs (sd - 0.1), <, 0.005);
  g_free (x);
  g_free (clean);
  g_free (noisy);
}

static void
run_preset (cw_recovery_preset preset, cw_determination determination)
{
  const cw_recovery_example *ex = cw_recovery_preset_get (preset);
  cw_error err;
  cw_recovery *rec = cw_recovery_new_preset (preset, &err);
  g_assert_nonnull (rec);
  int nw = cw_recovery_n_weights (rec);
  g_assert_cmpint (nw, ==, ex->filters * ex->channels * ex->kernel);
  cw_lab_system sys = cw_recovery_system (rec);
  g_assert_cmpint (sys.determination, ==, determination);
  g_assert_cmpint (sys.rank, ==, ex->channels * ex->kernel);
  g_assert_true (sys.unique);
  double loss0 = cw_recovery_loss (rec);
  g_assert_cmpfloat (cw_recovery_loss_of (rec, ex->hidden), ==, 0); /* the hidden kernel fits exactly */
  g_assert_cmpfloat (cw_recovery_loss (rec), ==, loss0);             /* and the run is untouched */

  /* in two halves, as a GUI worker would run it */
  g_assert_cmpint (cw_recovery_run (rec, ex->epochs / 2, &err), ==, CW_OK);
  g_assert_cmpint (cw_recovery_run (rec, ex->epochs - ex->epochs / 2, &err), ==, CW_OK);
  g_assert_cmpint (cw_recovery_epoch (rec), ==, ex->epochs);
  const float *w = cw_recovery_kernel (rec);
  GString *s = g_string_new ("");
  for (int i = 0; i < nw; i++)
    g_string_append_printf (s, " %.4f", w[i]);
  g_test_message ("%s: kernel%s, loss %.3g -> %.3g", ex->name, s->str, loss0, cw_recovery_loss (rec));
  g_string_free (s, TRUE);
  for (int i = 0; i < nw; i++)
    g_assert_cmpfloat_with_epsilon (w[i], ex->hidden[i], 0.05);
  /* Adam on MAE ends in a small limit cycle around the solution, not exactly on it */
  g_assert_cmpfloat (cw_recovery_loss (rec), <, 0.2 * loss0);

  /* the trajectory: epochs + 1 points, starting at the initial kernel and ending at the current one */
  int n_traj, n_losses;
  const float *traj = cw_recovery_trajectory (rec, &n_traj);
  const double *losses = cw_recovery_losses (rec, &n_losses);
  g_assert_cmpint (n_traj, ==, ex->epochs + 1);
  g_assert_cmpint (n_losses, ==, ex->epochs + 1);
  g_assert_cmpmem (traj + (size_t) ex->epochs * nw, nw * sizeof (float), w, nw * sizeof (float));
  g_assert_cmpfloat (losses[0], ==, loss0);
  g_assert_cmpfloat (losses[ex->epochs], ==, cw_recovery_loss (rec));
  g_assert_cmpfloat (cw_recovery_loss_of (rec, traj), ==, loss0);

  /* the output drawn against the target is the current kernel's convolution */
  const float *out = cw_recovery_output (rec);
  int n_out = ex->filters * cw_recovery_out_length (rec);
  float want[16];
  cw_recovery_make_target (ex->x, 1, ex->channels, ex->length, w, ex->filters, ex->kernel, 0, 1, want, NULL);
  for (int i = 0; i < n_out; i++)
    {
      g_assert_cmpfloat_with_epsilon (out[i], want[i], 1e-5);
      g_assert_cmpfloat_with_epsilon (out[i], ex->y[i], 1.0);
    }

  /* a reset starts again from the same kernel, and the run repeats bit for bit */
  float *first = g_memdup2 (w, nw * sizeof (float));
  cw_recovery_reset (rec, NULL);
  g_assert_cmpint (cw_recovery_epoch (rec), ==, 0);
  g_assert_cmpmem (cw_recovery_kernel (rec), nw * sizeof (float), traj, nw * sizeof (float));
  g_assert_cmpfloat (cw_recovery_loss (rec), ==, loss0);
  g_assert_cmpint (cw_recovery_run (rec, ex->epochs, &err), ==, CW_OK);
  g_assert_cmpmem (cw_recovery_kernel (rec), nw * sizeof (float), first, nw * sizeof (float));
  g_free (first);
  cw_recovery_free (rec);
}

static void
test_recover_single (void)
{
  run_preset (CW_RECOVERY_SINGLE, CW_OVER_DETERMINED);
}

static void
test_recover_two_channels (void)
{
  run_preset (CW_RECOVERY_TWO_CHANNELS, CW_EXACTLY_DETERMINED);
}

static void
test_recover_two_filters (void)
{
  run_preset (CW_RECOVERY_TWO_FILTERS, CW_OVER_DETERMINED);
}

/* [3, 4] -> [11]: one equation 3 a + 4 b = 11, two unknowns. The hidden [1, 2] fits, and so does every
 * kernel on that line; gradient descent from zero stays in the span of the input, so it ends at the
 * minimum-norm solution 11 (3, 4) / 25 = (1.32, 1.76). */
static void
test_under_determined (void)
{
  const float x[] = { 3, 4 }, hidden[] = { 1, 2 };
  float y[1];
  cw_recovery_make_target (x, 1, 1, 2, hidden, 1, 2, 0, 1, y, NULL);
  g_assert_cmpfloat (y[0], ==, 11);
  cw_recovery_config c = cw_recovery_config_default ();
  c.optimizer = cw_optimizer_config_default (CW_OPT_SGD);
  c.optimizer.lr = 0.005f;
  c.loss = CW_LOSS_MSE;
  cw_error err;
  cw_recovery *rec = cw_recovery_new (&c, x, 1, 1, 2, y, &err);
  g_assert_nonnull (rec);
  cw_lab_system sys = cw_recovery_system (rec);
  g_assert_cmpint (sys.equations, ==, 1);
  g_assert_cmpint (sys.unknowns, ==, 2);
  g_assert_cmpint (sys.determination, ==, CW_UNDER_DETERMINED);
  g_assert_cmpint (sys.rank, ==, 1);
  g_assert_false (sys.unique);
  const float zero[] = { 0, 0 };
  cw_recovery_reset (rec, zero);
  g_assert_cmpint (cw_recovery_run (rec, 500, &err), ==, CW_OK);
  const float *w = cw_recovery_kernel (rec);
  g_test_message ("under-determined: kernel %.5f %.5f, loss %.3g", w[0], w[1], cw_recovery_loss (rec));
  g_assert_cmpfloat (cw_recovery_loss (rec), <, 1e-8);
  g_assert_cmpfloat_with_epsilon (w[0], 1.32, 1e-4);
  g_assert_cmpfloat_with_epsilon (w[1], 1.76, 1e-4);
  g_assert_cmpfloat (fabs (w[0] - hidden[0]) + fabs (w[1] - hidden[1]), >, 0.5);
  g_assert_cmpfloat (cw_recovery_loss_of (rec, hidden), ==, 0); /* both fit */
  cw_recovery_free (rec);

  /* the two-channel example shortened to 4 steps: 2 equations, 6 unknowns; Adam from the seeded start
   * also fits the target (almost) exactly with a kernel that is not the hidden one */
  const cw_recovery_example *ex = cw_recovery_preset_get (CW_RECOVERY_TWO_CHANNELS);
  float x4[2 * 4], y2[2];
  for (int ch = 0; ch < 2; ch++)
    memcpy (x4 + ch * 4, ex->x + ch * 8, 4 * sizeof (float));
  cw_recovery_make_target (x4, 1, 2, 4, ex->hidden, 1, 3, 0, 1, y2, NULL);
  c = cw_recovery_config_default ();
  c.kernel = 3;
  c.loss = CW_LOSS_MSE;
  c.optimizer.lr = 0.01f;
  rec = cw_recovery_new (&c, x4, 1, 2, 4, y2, &err);
  g_assert_cmpint (cw_recovery_system (rec).determination, ==, CW_UNDER_DETERMINED);
  g_assert_cmpint (cw_recovery_run (rec, 3000, &err), ==, CW_OK);
  w = cw_recovery_kernel (rec);
  double distance = 0;
  for (int i = 0; i < 6; i++)
    distance = fmax (distance, fabs (w[i] - ex->hidden[i]));
  g_test_message ("shortened two-channel: loss %.3g, max distance from the hidden kernel %.3f",
                  cw_recovery_loss (rec), distance);
  g_assert_cmpfloat (cw_recovery_loss (rec), <, 1e-4);
  g_assert_cmpfloat (distance, >, 0.2);
  cw_recovery_free (rec);
}

static void
test_recovery_errors (void)
{
  const float x[] = { 1, 2, 3 }, y[] = { 1, 2 };
  cw_recovery_config c = cw_recovery_config_default ();
  cw_error err;
  c.kernel = 4;
  g_assert_null (cw_recovery_new (&c, x, 1, 1, 3, y, &err));
  g_assert_cmpint (err.status, ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "shorter than the kernel"));
  c = cw_recovery_config_default ();
  c.loss = CW_LOSS_CROSS_ENTROPY;
  g_assert_null (cw_recovery_new (&c, x, 1, 1, 3, y, &err));
  g_assert_nonnull (strstr (err.message, "MAE or MSE"));
  c = cw_recovery_config_default ();
  c.optimizer.lr = 0;
  g_assert_null (cw_recovery_new (&c, x, 1, 1, 3, y, &err));

  /* SGD with a huge rate on MSE diverges: reported, and the kernel stays finite */
  const float big[] = { 100, -200, 300, -400, 500 }, target[] = { 1, 2, 3, 4 };
  c = cw_recovery_config_default ();
  c.optimizer = cw_optimizer_config_default (CW_OPT_SGD);
  c.optimizer.lr = 10;
  c.loss = CW_LOSS_MSE;
  cw_recovery *rec = cw_recovery_new (&c, big, 1, 1, 5, target, &err);
  g_assert_nonnull (rec);
  g_assert_cmpint (cw_recovery_run (rec, 1000, &err), ==, CW_ERR_NONFINITE);
  g_assert_nonnull (strstr (err.message, "diverged"));
  g_assert_true (isfinite (cw_recovery_loss (rec)));
  g_assert_true (isfinite (cw_recovery_kernel (rec)[0]) && isfinite (cw_recovery_kernel (rec)[1]));
  g_assert_cmpint (cw_recovery_epoch (rec), <, 1000);
  cw_recovery_free (rec);

  cw_recovery_preset p;
  g_assert_true (cw_recovery_preset_from_name ("two-filters", &p));
  g_assert_cmpint (p, ==, CW_RECOVERY_TWO_FILTERS);
  g_assert_false (cw_recovery_preset_from_name ("three", &p));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/conv-lab/trace/valid-classic", test_valid_classic);
  g_test_add_func ("/conv-lab/trace/valid", test_valid);
  g_test_add_func ("/conv-lab/trace/same", test_same);
  g_test_add_func ("/conv-lab/trace/causal", test_causal);
  g_test_add_func ("/conv-lab/trace/explicit", test_explicit);
  g_test_add_func ("/conv-lab/trace/stride", test_stride);
  g_test_add_func ("/conv-lab/trace/dilation", test_dilation);
  g_test_add_func ("/conv-lab/trace/too-short", test_too_short);
  g_test_add_func ("/conv-lab/trace/convolution", test_convolution_flips);
  g_test_add_func ("/conv-lab/trace/two-channels", test_two_channels);
  g_test_add_func ("/conv-lab/trace/equals-conv-layer", test_equals_conv_layer);
  g_test_add_func ("/conv-lab/signals", test_signals);
  g_test_add_func ("/conv-lab/kernel-presets", test_kernel_presets);
  g_test_add_func ("/conv-lab/recovery/counts", test_counts);
  g_test_add_func ("/conv-lab/recovery/make-target", test_make_target);
  g_test_add_func ("/conv-lab/recovery/single", test_recover_single);
  g_test_add_func ("/conv-lab/recovery/two-channels", test_recover_two_channels);
  g_test_add_func ("/conv-lab/recovery/two-filters", test_recover_two_filters);
  g_test_add_func ("/conv-lab/recovery/under-determined", test_under_determined);
  g_test_add_func ("/conv-lab/recovery/errors", test_recovery_errors);
  return g_test_run ();
}
