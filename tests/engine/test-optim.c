/* test-optim.c — optimizer steps against hand-derived values, schedules, clipping. */
#include "cw.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#define EPS 1e-6

static void
assert_vec (const float *got, const double *want, int n, double eps)
{
  for (int i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (got[i], want[i], eps);
}

static cw_optimizer_config
plain_sgd (float lr, float momentum, bool nesterov)
{
  cw_optimizer_config c = cw_optimizer_config_default (CW_OPT_SGD);
  c.lr = lr;
  c.momentum = momentum;
  c.nesterov = nesterov;
  return c;
}

static void
test_defaults (void)
{
  cw_optimizer_config a = cw_optimizer_config_default (CW_OPT_ADAM);
  g_assert_cmpfloat_with_epsilon (a.lr, 1e-3, 1e-10);
  g_assert_cmpfloat_with_epsilon (a.beta1, 0.9, 1e-7);
  g_assert_cmpfloat_with_epsilon (a.beta2, 0.999, 1e-7);
  g_assert_cmpfloat_with_epsilon (a.eps, 1e-8, 1e-12);
  g_assert_cmpfloat (a.weight_decay, ==, 0);
  g_assert_cmpfloat (a.clip_norm, ==, 0);
  cw_optimizer_config s = cw_optimizer_config_default (CW_OPT_SGD);
  g_assert_cmpfloat_with_epsilon (s.lr, 1e-2, 1e-9);
  g_assert_cmpfloat_with_epsilon (s.momentum, 0.9, 1e-7);
  g_assert_false (s.nesterov);
}

static void
test_names (void)
{
  cw_optimizer_type t;
  g_assert_cmpstr (cw_optimizer_name (CW_OPT_SGD), ==, "sgd");
  g_assert_cmpstr (cw_optimizer_name (CW_OPT_ADAM), ==, "adam");
  g_assert_true (cw_optimizer_from_name ("ADAM", &t));
  g_assert_cmpint (t, ==, CW_OPT_ADAM);
  g_assert_true (cw_optimizer_from_name ("sgd", &t));
  g_assert_cmpint (t, ==, CW_OPT_SGD);
  g_assert_false (cw_optimizer_from_name ("rmsprop", &t));

  cw_schedule_type s;
  const cw_schedule_type all[] = { CW_SCHED_CONSTANT, CW_SCHED_STEP, CW_SCHED_EXPONENTIAL, CW_SCHED_COSINE,
                                   CW_SCHED_PLATEAU };
  for (unsigned i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_assert_true (cw_schedule_from_name (cw_schedule_name (all[i]), &s));
      g_assert_cmpint (s, ==, all[i]);
    }
  g_assert_cmpstr (cw_schedule_name (CW_SCHED_EXPONENTIAL), ==, "exp");
  g_assert_true (cw_schedule_from_name ("exponential", &s));
  g_assert_cmpint (s, ==, CW_SCHED_EXPONENTIAL);
  g_assert_cmpstr (cw_schedule_name (CW_SCHED_PLATEAU), ==, "plateau");
  g_assert_true (cw_schedule_from_name ("Plateau", &s));
  g_assert_cmpint (s, ==, CW_SCHED_PLATEAU);
  g_assert_false (cw_schedule_from_name ("linear", &s));
}

/* p = [1, -2], g = [0.5, 1], lr 0.1: p - 0.1 g = [0.95, -2.1]; a second step with the same g: [0.9, -2.2]. */
static void
test_sgd_plain (void)
{
  cw_optimizer_config c = plain_sgd (0.1f, 0, false);
  cw_optimizer *opt = cw_optimizer_new (&c, 2);
  float p[2] = { 1, -2 };
  const float g[2] = { 0.5f, 1 };
  cw_optimizer_step (opt, p, g, 0.1f);
  assert_vec (p, (double[]) { 0.95, -2.1 }, 2, EPS);
  cw_optimizer_step (opt, p, g, 0.1f);
  assert_vec (p, (double[]) { 0.9, -2.2 }, 2, EPS);
  g_assert_null (cw_optimizer_moment2 (opt));
  cw_optimizer_free (opt);
}

/* The lr passed to step (from the schedule) is used, not config.lr. */
static void
test_sgd_uses_step_lr (void)
{
  cw_optimizer_config c = plain_sgd (0.1f, 0, false);
  cw_optimizer *opt = cw_optimizer_new (&c, 1);
  float p[1] = { 1 };
  cw_optimizer_step (opt, p, (float[]) { 2 }, 0.25f);
  g_assert_cmpfloat_with_epsilon (p[0], 0.5, EPS);
  cw_optimizer_free (opt);
}

/* Momentum 0.9, lr 0.1, g1 = [1, -2], g2 = [0.5, 0.5]:
 * b1 = g1 = [1, -2], p1 = p0 - 0.1 b1 = [-0.1, 0.2];
 * b2 = 0.9 b1 + g2 = [1.4, -1.3], p2 = p1 - 0.1 b2 = [-0.24, 0.33]. */
static void
test_sgd_momentum (void)
{
  cw_optimizer_config c = plain_sgd (0.1f, 0.9f, false);
  cw_optimizer *opt = cw_optimizer_new (&c, 2);
  float p[2] = { 0, 0 };
  cw_optimizer_step (opt, p, (float[]) { 1, -2 }, 0.1f);
  assert_vec (p, (double[]) { -0.1, 0.2 }, 2, EPS);
  assert_vec (cw_optimizer_moment1 (opt), (double[]) { 1, -2 }, 2, EPS);
  cw_optimizer_step (opt, p, (float[]) { 0.5f, 0.5f }, 0.1f);
  assert_vec (p, (double[]) { -0.24, 0.33 }, 2, EPS);
  assert_vec (cw_optimizer_moment1 (opt), (double[]) { 1.4, -1.3 }, 2, EPS);
  cw_optimizer_free (opt);
}

/* Nesterov, momentum 0.9, lr 0.1, same gradients: update = g + 0.9 b.
 * step 1: b = [1, -2], update = [1.9, -3.8], p1 = [-0.19, 0.38];
 * step 2: b = [1.4, -1.3], update = [0.5 + 1.26, 0.5 - 1.17] = [1.76, -0.67], p2 = [-0.366, 0.447]. */
static void
test_sgd_nesterov (void)
{
  cw_optimizer_config c = plain_sgd (0.1f, 0.9f, true);
  cw_optimizer *opt = cw_optimizer_new (&c, 2);
  float p[2] = { 0, 0 };
  cw_optimizer_step (opt, p, (float[]) { 1, -2 }, 0.1f);
  assert_vec (p, (double[]) { -0.19, 0.38 }, 2, EPS);
  cw_optimizer_step (opt, p, (float[]) { 0.5f, 0.5f }, 0.1f);
  assert_vec (p, (double[]) { -0.366, 0.447 }, 2, EPS);
  cw_optimizer_free (opt);
}

/* Weight decay adds wd p to the gradient: p = 2, g = 1, wd 0.5, lr 0.1 -> 2 - 0.1 (1 + 1) = 1.8. */
static void
test_sgd_weight_decay (void)
{
  cw_optimizer_config c = plain_sgd (0.1f, 0, false);
  c.weight_decay = 0.5f;
  cw_optimizer *opt = cw_optimizer_new (&c, 1);
  float p[1] = { 2 };
  const float g[1] = { 1 };
  cw_optimizer_step (opt, p, g, 0.1f);
  g_assert_cmpfloat_with_epsilon (p[0], 1.8, EPS);
  g_assert_cmpfloat (g[0], ==, 1); /* the caller's gradient is not touched */
  cw_optimizer_free (opt);
}

/* Textbook Adam in double, written independently of the engine's PyTorch form:
 * m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t), p -= lr m_hat / (sqrt(v_hat) + eps). */
static void
reference_adam (double *p, double *m, double *v, const double *g, int n, int t, double lr, double wd)
{
  const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
  for (int i = 0; i < n; i++)
    {
      double d = g[i] + wd * p[i];
      m[i] = b1 * m[i] + (1 - b1) * d;
      v[i] = b2 * v[i] + (1 - b2) * d * d;
      double mh = m[i] / (1 - pow (b1, t)), vh = v[i] / (1 - pow (b2, t));
      p[i] -= lr * mh / (sqrt (vh) + eps);
    }
}

/* Adam's first step is -lr sign(g) whatever the gradient's size (m_hat / sqrt(v_hat) = g / |g|). */
static void
test_adam_first_step (void)
{
  cw_optimizer_config c = cw_optimizer_config_default (CW_OPT_ADAM);
  c.lr = 0.01f;
  cw_optimizer *opt = cw_optimizer_new (&c, 4);
  float p[4] = { 1, 1, 1, 1 };
  cw_optimizer_step (opt, p, (float[]) { 1000, -0.001f, 3, 0 }, 0.01f);
  assert_vec (p, (double[]) { 0.99, 1.01, 0.99, 1 }, 4, 1e-6);
  /* m = (1 - b1) g, v = (1 - b2) g^2 */
  g_assert_cmpfloat_with_epsilon (cw_optimizer_moment1 (opt)[0], 100, 1e-3);
  g_assert_cmpfloat_with_epsilon (cw_optimizer_moment2 (opt)[2], 0.009, 1e-7);
  cw_optimizer_free (opt);
}

/* Five steps with changing gradients and weight decay (over 37 values, so the vector body and the
 * scalar tail both run) against the double reference. */
static void
test_adam_several_steps (void)
{
  enum { N = 37, STEPS = 5 };
  cw_optimizer_config c = cw_optimizer_config_default (CW_OPT_ADAM);
  c.lr = 0.05f;
  c.weight_decay = 0.01f;
  cw_optimizer *opt = cw_optimizer_new (&c, N);
  float p[N], g[N];
  double rp[N], rm[N] = { 0 }, rv[N] = { 0 }, rg[N];
  for (int i = 0; i < N; i++)
    rp[i] = p[i] = 0.1f * (float) (i - 18);
  for (int t = 1; t <= STEPS; t++)
    {
      for (int i = 0; i < N; i++)
        rg[i] = g[i] = (float) sin (0.7 * i + t) * (float) (1 + i % 5);
      cw_optimizer_step (opt, p, g, 0.05f);
      reference_adam (rp, rm, rv, rg, N, t, 0.05, 0.01);
    }
  for (int i = 0; i < N; i++)
    {
      g_assert_cmpfloat_with_epsilon (p[i], rp[i], 2e-6);
      g_assert_cmpfloat_with_epsilon (cw_optimizer_moment1 (opt)[i], rm[i], 1e-6);
      g_assert_cmpfloat_with_epsilon (cw_optimizer_moment2 (opt)[i], rv[i], 1e-6);
    }
  cw_optimizer_free (opt);
}

/* After reset the next step is a first step again: -lr sign(g). */
static void
test_adam_reset (void)
{
  cw_optimizer_config c = cw_optimizer_config_default (CW_OPT_ADAM);
  cw_optimizer *opt = cw_optimizer_new (&c, 1);
  float p[1] = { 0 };
  for (int i = 0; i < 3; i++)
    cw_optimizer_step (opt, p, (float[]) { 5 }, 0.1f);
  cw_optimizer_reset (opt);
  g_assert_cmpfloat (cw_optimizer_moment1 (opt)[0], ==, 0);
  float before = p[0];
  cw_optimizer_step (opt, p, (float[]) { -2 }, 0.1f);
  g_assert_cmpfloat_with_epsilon (p[0] - before, 0.1, 1e-6);
  cw_optimizer_free (opt);
}

/* [3, 4] has norm 5; clipped to 1 it becomes [0.6, 0.8] (PyTorch's factor max / (norm + 1e-6)). */
static void
test_clip_norm (void)
{
  float g[2] = { 3, 4 };
  double norm = cw_clip_grad_norm (g, 2, 1.0f);
  g_assert_cmpfloat_with_epsilon (norm, 5.0, 1e-9);
  assert_vec (g, (double[]) { 0.6, 0.8 }, 2, 1e-6);
  g_assert_cmpfloat_with_epsilon (sqrt (g[0] * g[0] + g[1] * g[1]), 1.0, 1e-6);

  float small[3] = { 0.1f, -0.2f, 0.2f };
  norm = cw_clip_grad_norm (small, 3, 1.0f);
  g_assert_cmpfloat_with_epsilon (norm, 0.3, 1e-7);
  g_assert_cmpfloat (small[1], ==, -0.2f); /* under the limit: untouched */
}

/* Through the optimizer: SGD lr 1 without momentum moves p by exactly the clipped gradient, and the
 * caller's gradient stays as it was. */
static void
test_clip_in_optimizer (void)
{
  cw_optimizer_config c = plain_sgd (1, 0, false);
  c.clip_norm = 1;
  cw_optimizer *opt = cw_optimizer_new (&c, 2);
  float p[2] = { 0, 0 };
  float g[2] = { 3, 4 };
  cw_optimizer_step (opt, p, g, 1);
  assert_vec (p, (double[]) { -0.6, -0.8 }, 2, 1e-6);
  g_assert_cmpfloat (g[0], ==, 3);
  g_assert_cmpfloat (g[1], ==, 4);
  cw_optimizer_free (opt);

  c = plain_sgd (1, 0, false);
  c.clip_value = 1;
  opt = cw_optimizer_new (&c, 4);
  float q[4] = { 0, 0, 0, 0 };
  cw_optimizer_step (opt, q, (float[]) { -3, 0.5f, 2, -1 }, 1);
  assert_vec (q, (double[]) { 1, -0.5, -1, 1 }, 4, 1e-7);
  cw_optimizer_free (opt);

  /* Value clipping first, then the norm: [-3, 4] -> [-1, 1] -> norm sqrt 2 -> scaled to 1. */
  c = plain_sgd (1, 0, false);
  c.clip_value = 1;
  c.clip_norm = 1;
  opt = cw_optimizer_new (&c, 2);
  float r[2] = { 0, 0 };
  cw_optimizer_step (opt, r, (float[]) { -3, 4 }, 1);
  assert_vec (r, (double[]) { M_SQRT1_2, -M_SQRT1_2 }, 2, 1e-6);
  cw_optimizer_free (opt);
}

static void
test_schedules (void)
{
  cw_schedule s = { .type = CW_SCHED_CONSTANT };
  g_assert_cmpfloat_with_epsilon (cw_schedule_lr (&s, 0.01f, 7, 10), 0.01, 1e-9);

  /* step: gamma 0.5 every 2 epochs -> 1, 1, 0.5, 0.5, 0.25 */
  s = (cw_schedule) { .type = CW_SCHED_STEP, .step_epochs = 2, .gamma = 0.5f };
  const double step_want[] = { 1, 1, 0.5, 0.5, 0.25 };
  for (int e = 0; e < 5; e++)
    g_assert_cmpfloat_with_epsilon (cw_schedule_lr (&s, 1, e, 5), step_want[e], 1e-7);

  /* exponential: lr gamma^epoch */
  s = (cw_schedule) { .type = CW_SCHED_EXPONENTIAL, .gamma = 0.9f };
  g_assert_cmpfloat_with_epsilon (cw_schedule_lr (&s, 0.1f, 0, 10), 0.1, 1e-8);
  g_assert_cmpfloat_with_epsilon (cw_schedule_lr (&s, 0.1f, 3, 10), 0.0729, 1e-7);

  /* cosine from 1 to 0.1 over 5 epochs: epoch e -> 0.1 + 0.9 (1 + cos(pi e / 4)) / 2 */
  s = (cw_schedule) { .type = CW_SCHED_COSINE, .min_lr = 0.1f };
  const double cos_want[] = { 1, 0.1 + 0.45 * (1 + M_SQRT1_2), 0.55, 0.1 + 0.45 * (1 - M_SQRT1_2), 0.1 };
  for (int e = 0; e < 5; e++)
    g_assert_cmpfloat_with_epsilon (cw_schedule_lr (&s, 1, e, 5), cos_want[e], 1e-6);
  /* decreasing all the way */
  for (int e = 1; e < 50; e++)
    g_assert_cmpfloat (cw_schedule_lr (&s, 1, e, 50), <, cw_schedule_lr (&s, 1, e - 1, 50));
  /* a single epoch keeps the base rate */
  g_assert_cmpfloat_with_epsilon (cw_schedule_lr (&s, 0.3f, 0, 1), 0.3, 1e-7);

  /* plateau follows the losses, which only the training loop sees: here it is the base rate, exactly
   * (test-train-schedule.c checks the rule itself) */
  s = (cw_schedule) { .type = CW_SCHED_PLATEAU, .step_epochs = 0, .gamma = 0.5f, .min_lr = 0.01f };
  for (int e = 0; e < 5; e++)
    g_assert_cmpfloat (cw_schedule_lr (&s, 0.3f, e, 5), ==, 0.3f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/optim/defaults", test_defaults);
  g_test_add_func ("/optim/names", test_names);
  g_test_add_func ("/optim/sgd/plain", test_sgd_plain);
  g_test_add_func ("/optim/sgd/step-lr", test_sgd_uses_step_lr);
  g_test_add_func ("/optim/sgd/momentum", test_sgd_momentum);
  g_test_add_func ("/optim/sgd/nesterov", test_sgd_nesterov);
  g_test_add_func ("/optim/sgd/weight-decay", test_sgd_weight_decay);
  g_test_add_func ("/optim/adam/first-step", test_adam_first_step);
  g_test_add_func ("/optim/adam/several-steps", test_adam_several_steps);
  g_test_add_func ("/optim/adam/reset", test_adam_reset);
  g_test_add_func ("/optim/clip/norm", test_clip_norm);
  g_test_add_func ("/optim/clip/in-optimizer", test_clip_in_optimizer);
  g_test_add_func ("/optim/schedules", test_schedules);
  return g_test_run ();
}
