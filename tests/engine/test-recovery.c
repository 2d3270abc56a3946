/* test-recovery.c — a bare convolution recovers its kernel by gradient descent (Adam lr 0.05, MAE,
 * valid padding, no bias, no scaling, batch 1), for the three examples of the issue. The examples are
 * written time-major (one row per time step, one column per channel or filter), as in the issue; our
 * tensors are (channels, length), so they are transposed here. */
#include "cw.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>

#define TOLERANCE 0.05
/* Adam with a constant rate on an L1 loss does not settle exactly: it ends in a small limit cycle around
 * the solution (within about 0.02 here; the slow two-channel case needs the most epochs, and over 30
 * seeds its worst error after 2000 epochs was 0.05). One epoch is one step (one sample, batch 1). */
#define EPOCHS 2000

/* rows x cols time-major -> cols x rows channel-major */
static float *
transpose (const float *time_major, int rows, int cols)
{
  float *out = g_new (float, rows * cols);
  for (int t = 0; t < rows; t++)
    for (int c = 0; c < cols; c++)
      out[c * rows + t] = time_major[t * cols + c];
  return out;
}

/* Trains conv(filters, k=kernel, bias=false) on one sample and checks the kernel. want is
 * (filters, channels, kernel), the layout of the conv weights. */
static void
recover (int channels, int length, const float *x, int filters, int kernel, const float *y,
         const float *want)
{
  cw_spec *spec = cw_spec_new ();
  cw_layer_spec conv = cw_layer_spec_default (CW_LAYER_CONV);
  conv.units = filters;
  conv.kernel = kernel;
  conv.bias = false;
  conv.padding = CW_PAD_VALID;
  cw_spec_append (spec, &conv);
  int l_out = length - kernel + 1;
  cw_error err;
  cw_model *model = cw_model_new (spec, channels, length, CW_TASK_REGRESSION, filters * l_out, &err);
  g_assert_nonnull (model);
  g_assert_cmpuint (cw_model_n_params (model), ==, (size_t) (filters * channels * kernel));

  cw_train_config cfg = cw_train_config_default (CW_TASK_REGRESSION);
  cfg.epochs = EPOCHS;
  cfg.batch = 1;
  cfg.loss = CW_LOSS_MAE;
  cfg.optimizer = cw_optimizer_config_default (CW_OPT_ADAM);
  cfg.optimizer.lr = 0.05f;
  cfg.input_scaling = CW_SCALE_NONE;
  cfg.standardize_targets = false;
  cfg.restore_best = false; /* the weights gradient descent ends with */
  cfg.seed = 7;
  cw_xy train = { x, y, 1 };
  cw_xy none = { NULL, NULL, 0 };
  cw_history hist;
  cw_status st = cw_train (model, &cfg, train, none, NULL, &hist, &err);
  g_assert_cmpint (st, ==, CW_OK);
  g_assert_cmpint (hist.epochs, ==, EPOCHS);

  const float *w = cw_model_params (model);
  GString *s = g_string_new ("recovered kernel:");
  for (int i = 0; i < filters * channels * kernel; i++)
    g_string_append_printf (s, " %.4f", w[i]);
  g_test_message ("%s (loss %.3g -> %.3g)", s->str, hist.train_loss[0], hist.train_loss[EPOCHS - 1]);
  g_string_free (s, TRUE);
  for (int i = 0; i < filters * channels * kernel; i++)
    g_assert_cmpfloat_with_epsilon (w[i], want[i], TOLERANCE);

  /* The model reproduces the target signal (no scaling, so user units are the raw ones). */
  float *pred = g_new (float, filters * l_out);
  g_assert_cmpint (cw_model_predict (model, x, 1, pred, &err), ==, CW_OK);
  double worst = 0;
  for (int i = 0; i < filters * l_out; i++)
    worst = fmax (worst, fabs (pred[i] - y[i]));
  g_assert_cmpfloat (worst, <, 0.5);
  g_assert_cmpfloat (hist.train_loss[EPOCHS - 1], <, 0.1 * hist.train_loss[0]);

  g_free (pred);
  cw_history_clear (&hist);
  cw_model_free (model);
  cw_spec_free (spec);
}

/* (a) input [0,3,4,5], target [6,11,14]: y_t = 1 x_t + 2 x_{t+1}. */
static void
test_single_channel (void)
{
  const float x[] = { 0, 3, 4, 5 };
  const float y[] = { 6, 11, 14 };
  const float want[] = { 1, 2 };
  recover (1, 4, x, 1, 2, y, want);
}

/* (b) 8 steps x 2 channels, kernel k=3 x C=2 time-major [[1,0],[0,1],[2,0]]:
 * y_t = x0_t + x1_{t+1} + 2 x0_{t+2}. */
static void
test_two_channels (void)
{
  const float x_tm[] = { 0, 0, 3, 6, 4, 7, 5, 8, 1, 2, 4, 5, 2, 0, 0, 1 };
  const float y[] = { 14, 20, 14, 15, 10, 4 };
  const float kernel_tm[] = { 1, 0, 0, 1, 2, 0 };
  float *x = transpose (x_tm, 8, 2);
  float *want = transpose (kernel_tm, 3, 2); /* -> (channels, kernel) for the single filter */
  recover (2, 8, x, 1, 3, y, want);
  g_free (x);
  g_free (want);
}

/* (c) two filters on [0,3,4,5]: time-major [[6,12],[11,25],[14,32]] -> kernels [1,2] and [3,4]. */
static void
test_two_filters (void)
{
  const float x[] = { 0, 3, 4, 5 };
  const float y_tm[] = { 6, 12, 11, 25, 14, 32 };
  const float want[] = { 1, 2, 3, 4 };
  float *y = transpose (y_tm, 3, 2); /* -> (filters, length), used flat as the 6 outputs */
  recover (1, 4, x, 2, 2, y, want);
  g_free (y);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/recovery/single-channel", test_single_channel);
  g_test_add_func ("/recovery/two-channels", test_two_channels);
  g_test_add_func ("/recovery/two-filters", test_two_filters);
  return g_test_run ();
}
