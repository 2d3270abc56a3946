/* gradcheck.c — analytic gradients against central differences of the loss.
 *
 * numeric = (L(p + eps) - L(p - eps)) / (2 eps), with the loss accumulated in double and the step
 * measured after rounding p +- eps to float. Every evaluation runs in training mode with the noise
 * generator reseeded to the same value, so dropout masks and RReLU slopes are identical in all of them
 * and in the analytic pass. The model is left as found (parameters, batchnorm running statistics, noise
 * stream), except that cw_model_grads() holds the analytic gradient. */
#include "cw-train.h"

#include "cw-model-private.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Relative errors are measured against max(|a| + |n|, REL_FLOOR): below that, gradients are too small
 * for float32 central differences to resolve and the absolute error is what matters. */
#define REL_FLOOR 1e-2

/* Any fixed value: what matters is that every evaluation uses the same one. */
#define GRADCHECK_NOISE_SEED 0x6a09e667f3bcc909ULL

typedef struct {
  cw_model *model;
  cw_loss loss;
  const float *x; /* the (possibly perturbed) input */
  const float *y;
  int n;
} evaluation;

static double
loss_at (const evaluation *e)
{
  cw_model_seed_noise (e->model, GRADCHECK_NOISE_SEED);
  const float *out = cw_model_forward (e->model, e->x, e->n, true);
  return cw_loss_compute (e->loss, out, e->y, e->n, cw_model_n_outputs (e->model), NULL);
}

/* Central difference of the loss with respect to *v, which is restored exactly afterwards. */
static double
numeric_derivative (const evaluation *e, float *v, double eps)
{
  float orig = *v;
  float up = (float) (orig + eps), down = (float) (orig - eps);
  *v = up;
  double lp = loss_at (e);
  *v = down;
  double lm = loss_at (e);
  *v = orig;
  return (lp - lm) / ((double) up - (double) down);
}

static void
compare (cw_gradcheck_result *r, double analytic, double numeric, int index)
{
  double abs_err = fabs (analytic - numeric);
  double rel_err = abs_err / fmax (fabs (analytic) + fabs (numeric), REL_FLOOR);
  if (rel_err > r->max_rel_error || r->checked == 0)
    {
      r->max_rel_error = rel_err;
      r->worst_index = index;
    }
  if (abs_err > r->max_abs_error)
    r->max_abs_error = abs_err;
  r->checked++;
}

cw_gradcheck_result
cw_gradcheck (cw_model *model, cw_loss loss, const float *x, const float *y, int n, double eps,
              bool check_input)
{
  assert (model && x && y);
  assert (n >= 1 && n <= cw_model_get_batch (model));
  assert (eps > 0);
  cw_gradcheck_result r = { 0, 0, 0, -1 };
  size_t n_params = cw_model_n_params (model), n_state = cw_model_n_state (model);
  size_t in_size = (size_t) cw_model_in_channels (model) * (size_t) cw_model_in_length (model);
  size_t n_in = (size_t) n * in_size;
  int k = cw_model_n_outputs (model);

  cw_rng saved_noise = model->noise;
  float *saved_state = malloc ((n_state ? n_state : 1) * sizeof (float));
  float *xp = malloc (n_in * sizeof (float));
  float *dout = malloc ((size_t) n * k * sizeof (float));
  float *dx = check_input ? malloc (n_in * sizeof (float)) : NULL;
  assert (saved_state && xp && dout && (!check_input || dx));
  memcpy (saved_state, cw_model_state (model), n_state * sizeof (float));
  memcpy (xp, x, n_in * sizeof (float));

  /* Analytic pass. */
  cw_model_seed_noise (model, GRADCHECK_NOISE_SEED);
  const float *out = cw_model_forward (model, xp, n, true);
  cw_loss_compute (loss, out, y, n, k, dout);
  cw_model_zero_grads (model);
  cw_model_backward (model, dout, dx);

  evaluation e = { model, loss, xp, y, n };
  float *params = cw_model_params (model);
  const float *grads = cw_model_grads (model);
  for (size_t j = 0; j < n_params; j++)
    compare (&r, grads[j], numeric_derivative (&e, &params[j], eps), (int) j);
  if (check_input)
    for (size_t j = 0; j < n_in; j++)
      compare (&r, dx[j], numeric_derivative (&e, &xp[j], eps), -1 - (int) j);

  memcpy (cw_model_state (model), saved_state, n_state * sizeof (float));
  model->noise = saved_noise;
  free (saved_state);
  free (xp);
  free (dout);
  free (dx);
  return r;
}
