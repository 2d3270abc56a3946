/* test-pls.c — PLS on gasoline against R's pls (printed precision) and scikit-learn (full precision, 1e-6
 * relative) for the test split, leave-one-out and 10-fold CV, centred and autoscaled, by NIPALS and
 * SIMPLS; coefficients, explained variance, VIP, T² and Q with their limits; the quantile functions
 * against known values; PLS2 and PLS-DA on constructed data. */
#include "cw.h"
#include "cw-pls.h"
#include "cw-preprocess.h"
#include "cw-validation.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#define GASOLINE SHARED_DIR "/data/gasoline.csv"
#define FIXTURE FIXTURES_DIR "/pls_gasoline_sklearn.txt"
#define REL_TOL 1e-6

/* shared/reference/pls_gasoline.md, R pls: {RMSE center, R2 center, RMSE autoscale, R2 autoscale} per ncomp. */
static const double r_table[4][10][4] = {
  { /* test */
    { 1.1696, 0.4011, 1.2689, 0.2951 },
    { 0.2445, 0.9738, 0.7542, 0.7510 },
    { 0.2341, 0.9760, 0.4396, 0.9154 },
    { 0.3287, 0.9527, 0.1825, 0.9854 },
    { 0.2780, 0.9662, 0.4436, 0.9139 },
    { 0.2703, 0.9680, 0.2857, 0.9643 },
    { 0.3301, 0.9523, 0.3174, 0.9559 },
    { 0.3571, 0.9442, 0.5193, 0.8819 },
    { 0.4090, 0.9268, 0.5796, 0.8529 },
    { 0.6116, 0.8362, 0.6014, 0.8417 },
  },
  { /* loo50 */
    { 1.3570, 0.1969, 1.3211, 0.2388 },
    { 0.2966, 0.9616, 0.7857, 0.7308 },
    { 0.2524, 0.9722, 0.2869, 0.9641 },
    { 0.2476, 0.9733, 0.2254, 0.9778 },
    { 0.2398, 0.9749, 0.2295, 0.9770 },
    { 0.2319, 0.9765, 0.2145, 0.9799 },
    { 0.2386, 0.9752, 0.2287, 0.9772 },
    { 0.2316, 0.9766, 0.2586, 0.9708 },
    { 0.2449, 0.9738, 0.2710, 0.9680 },
    { 0.2673, 0.9688, 0.2695, 0.9683 },
  },
  { /* kfold10 */
    { 1.3804, 0.1723, 1.3961, 0.1534 },
    { 0.4504, 0.9119, 0.8188, 0.7088 },
    { 0.2712, 0.9681, 0.2774, 0.9666 },
    { 0.2566, 0.9714, 0.2392, 0.9751 },
    { 0.2433, 0.9743, 0.2126, 0.9804 },
    { 0.2291, 0.9772, 0.2108, 0.9807 },
    { 0.2264, 0.9777, 0.2181, 0.9793 },
    { 0.2265, 0.9777, 0.2430, 0.9743 },
    { 0.2519, 0.9724, 0.2480, 0.9733 },
    { 0.2571, 0.9713, 0.2372, 0.9756 },
  },
  { /* loo60 */
    { 1.3282, 0.2337, 1.3221, 0.2408 },
    { 0.3813, 0.9368, 0.7715, 0.7414 },
    { 0.2579, 0.9711, 0.2518, 0.9725 },
    { 0.2412, 0.9747, 0.2273, 0.9776 },
    { 0.2412, 0.9747, 0.2140, 0.9801 },
    { 0.2294, 0.9771, 0.2156, 0.9798 },
    { 0.2191, 0.9791, 0.2150, 0.9799 },
    { 0.2280, 0.9774, 0.2378, 0.9754 },
    { 0.2422, 0.9745, 0.2452, 0.9739 },
    { 0.2441, 0.9741, 0.2453, 0.9739 },
  },
};

static const char *protocols[4] = { "test", "loo50", "kfold10", "loo60" };
static const char *preps[2] = { "center", "autoscale" };

/* ---- the fixture ---- */

static char **fixture_lines;

/* The numbers after `key` on the fixture line that starts with it (exactly `expect` of them). */
static double *
fixture (const char *key, int expect)
{
  if (!fixture_lines)
    {
      char *text = NULL;
      GError *error = NULL;
      if (!g_file_get_contents (FIXTURE, &text, NULL, &error))
        g_error ("%s", error->message);
      fixture_lines = g_strsplit (text, "\n", -1);
      g_free (text);
    }
  size_t len = strlen (key);
  for (char **l = fixture_lines; *l; l++)
    if (strncmp (*l, key, len) == 0 && (*l)[len] == ' ')
      {
        char **tok = g_strsplit_set (*l + len, " ", -1);
        double *v = g_new (double, expect);
        int n = 0;
        for (char **t = tok; *t; t++)
          if (**t)
            {
              g_assert_cmpint (n, <, expect);
              v[n++] = g_ascii_strtod (*t, NULL);
            }
        g_assert_cmpint (n, ==, expect);
        g_strfreev (tok);
        return v;
      }
  g_error ("fixture line '%s' not found", key);
  return NULL;
}

/* ---- gasoline, through the dataset reader (its parsed doubles) and parsed again by the test ---- */

static void
load_from_dataset (cw_chemo_data *d)
{
  cw_error err;
  cw_dataset *ds = cw_dataset_load_csv (GASOLINE, NULL, &err);
  if (!ds)
    g_error ("%s", err.message);
  int col = cw_dataset_find_target (ds, "octane");
  g_assert_cmpint (col, >=, 0);
  g_assert_cmpint (cw_chemo_data_from_dataset (ds, CW_TASK_REGRESSION, &col, 1, d, &err), ==, CW_OK);
  cw_dataset_free (ds);
  g_assert_cmpint (d->n, ==, 60);
  g_assert_cmpint (d->length, ==, 401);
}

static char *
unquote (char *s)
{
  size_t n = strlen (s);
  if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
    {
      s[n - 1] = '\0';
      return s + 1;
    }
  return s;
}

static void
load_f64 (cw_chemo_data *d)
{
  char *text = NULL;
  GError *error = NULL;
  if (!g_file_get_contents (GASOLINE, &text, NULL, &error))
    g_error ("%s", error->message);
  char **lines = g_strsplit (text, "\n", -1);
  char **head = g_strsplit (lines[0], ",", -1);
  int cols = (int) g_strv_length (head), target = -1, first = -1;
  for (int j = 0; j < cols; j++)
    {
      const char *h = unquote (head[j]);
      if (strcmp (h, "target:octane") == 0)
        target = j;
      else if (first < 0 && !g_str_has_prefix (h, "meta:") && !g_str_has_prefix (h, "target:"))
        first = j;
    }
  g_assert_cmpint (target, >=, 0);
  int p = cols - first, n = 0;
  double *x = malloc (60 * (size_t) p * sizeof (double)), *y = malloc (60 * sizeof (double));
  double *axis = malloc ((size_t) p * sizeof (double));
  for (int j = 0; j < p; j++)
    axis[j] = g_ascii_strtod (unquote (head[first + j]), NULL);
  for (char **l = lines + 1; *l && **l; l++, n++)
    {
      g_assert_cmpint (n, <, 60);
      char **f = g_strsplit (*l, ",", -1);
      g_assert_cmpint ((int) g_strv_length (f), ==, cols);
      y[n] = g_ascii_strtod (f[target], NULL);
      for (int j = 0; j < p; j++)
        x[(size_t) n * p + j] = g_ascii_strtod (f[first + j], NULL);
      g_strfreev (f);
    }
  g_assert_cmpint (n, ==, 60);
  g_strfreev (head);
  g_strfreev (lines);
  g_free (text);
  *d = (cw_chemo_data) { .x = x, .n = n, .channels = 1, .length = p, .axis = axis, .y = y, .q = 1 };
}

/* ---- the protocols of the reference ---- */

static void
make_plan (cw_cv_plan *plan, int proto)
{
  cw_error err;
  cw_cv_plan_init (plan, 60);
  cw_status st = CW_OK;
  if (proto == 0 || proto == 1)
    st = cw_cv_plan_test_by_ranges (plan, "51-60", &err);
  if (st == CW_OK && proto == 1)
    st = cw_cv_plan_loo (plan, &err);
  if (st == CW_OK && proto == 2)
    st = cw_cv_plan_kfold (plan, 10, false, 0, &err);
  if (st == CW_OK && proto == 3)
    st = cw_cv_plan_loo (plan, &err);
  if (st != CW_OK)
    g_error ("%s", err.message);
}

static void
run_protocol (const cw_chemo_data *d, int proto, int prep, cw_pls_algorithm alg, int threads,
              cw_pls_cv_result *r)
{
  cw_error err;
  cw_cv_plan plan;
  make_plan (&plan, proto);
  cw_pipeline *pipe = cw_pipeline_parse (preps[prep], &err);
  g_assert_nonnull (pipe);
  cw_pls_cv_config cfg = cw_pls_cv_config_default ();
  cfg.max_components = 10;
  cfg.algorithm = alg;
  cfg.pipeline = pipe;
  cfg.threads = threads;
  if (cw_pls_cv_run (&cfg, d, &plan, r, &err) != CW_OK)
    g_error ("%s", err.message);
  g_assert_cmpint (r->n_components, ==, 10);
  cw_pipeline_free (pipe);
  cw_cv_plan_clear (&plan);
}

static double
rel_diff (double got, double want)
{
  return fabs (got - want) / fabs (want);
}

/* Every protocol x preprocessing x component count against the sklearn fixture for `input`, and (for
 * double input) against R's table at its printed precision. */
static void
check_gasoline (const cw_chemo_data *d, const char *input, cw_pls_algorithm alg, bool against_r)
{
  double worst = 0, worst_r = 0;
  for (int proto = 0; proto < 4; proto++)
    for (int prep = 0; prep < 2; prep++)
      {
        cw_pls_cv_result r;
        run_protocol (d, proto, prep, alg, 1, &r);
        for (int a = 1; a <= 10; a++)
          {
            double rmse = proto == 0 ? r.rmsep[a - 1] : r.rmsecv[a - 1];
            double r2 = proto == 0 ? r.r2p[a - 1] : r.q2[a - 1];
            char key[96];
            g_snprintf (key, sizeof key, "cv %s %s %s %d", input, protocols[proto], preps[prep], a);
            double *want = fixture (key, 2);
            double e = fmax (rel_diff (rmse, want[0]), rel_diff (r2, want[1]));
            worst = fmax (worst, e);
            if (e > REL_TOL)
              g_printerr ("%s: got %.12g %.12g, sklearn %.12g %.12g\n", key, rmse, r2, want[0], want[1]);
            g_assert_cmpfloat (e, <=, REL_TOL);
            g_free (want);
            if (against_r)
              {
                /* The table has 4 decimals: the exact value lies within half a unit of the last one. */
                double er = fmax (fabs (rmse - r_table[proto][a - 1][2 * prep]),
                                  fabs (r2 - r_table[proto][a - 1][2 * prep + 1]));
                worst_r = fmax (worst_r, er);
                g_assert_cmpfloat (er, <=, 0.5e-4 + 1e-12);
              }
          }
        /* Without folds there is nothing to cross-validate; with them, RMSEC shrinks as components grow. */
        if (proto == 0)
          g_assert_true (isnan (r.rmsecv[0]) && r.suggested == 0);
        else
          g_assert_cmpint (r.suggested, >=, 1);
        for (int a = 1; a < 10; a++)
          g_assert_cmpfloat (r.rmsec[a], <=, r.rmsec[a - 1] + 1e-12);
        cw_pls_cv_result_clear (&r);
      }
  g_test_message ("%s input, %s: max relative difference to sklearn %.3g%s", input,
                  cw_pls_algorithm_name (alg), worst, against_r ? "" : " (R table not checked)");
  if (against_r)
    g_test_message ("max absolute difference to the R table (4 decimals) %.3g", worst_r);
}

static void
test_gasoline_dataset_nipals (void)
{
  cw_chemo_data d;
  load_from_dataset (&d);
  /* The reader keeps the parsed doubles, so the file path meets R and sklearn at full precision too. */
  check_gasoline (&d, "f64", CW_PLS_NIPALS, true);
  cw_chemo_data_clear (&d);
}

static void
test_gasoline_dataset_simpls (void)
{
  cw_chemo_data d;
  load_from_dataset (&d);
  check_gasoline (&d, "f64", CW_PLS_SIMPLS, true);
  cw_chemo_data_clear (&d);
}

static void
test_gasoline_doubles_nipals (void)
{
  cw_chemo_data d;
  load_f64 (&d);
  check_gasoline (&d, "f64", CW_PLS_NIPALS, true);
  cw_chemo_data_clear (&d);
}

static void
test_gasoline_doubles_simpls (void)
{
  cw_chemo_data d;
  load_f64 (&d);
  check_gasoline (&d, "f64", CW_PLS_SIMPLS, true);
  cw_chemo_data_clear (&d);
}

/* ---- one model on rows 1-50: coefficients, intercepts, diagnostics ---- */

static cw_pls *
fit_first50 (const cw_chemo_data *d, const char *prep, int ncomp, cw_pls_algorithm alg)
{
  cw_error err;
  cw_pipeline *pipe = cw_pipeline_parse (prep, &err);
  double *xt = NULL;
  g_assert_cmpint (cw_pipeline_fit (pipe, d->x, 50, 1, d->length, d->axis, &xt, &err), ==, CW_OK);
  cw_pls *pls = cw_pls_fit (xt, d->y, 50, d->length, 1, ncomp, alg, &err);
  g_assert_nonnull (pls);
  free (xt);
  cw_pipeline_free (pipe);
  return pls;
}

static double
max_abs (const double *v, int n)
{
  double m = 0;
  for (int i = 0; i < n; i++)
    m = fmax (m, fabs (v[i]));
  return m;
}

/* Vectors agree to REL_TOL relative to their largest entry. */
static void
assert_vector_close (const char *what, const double *got, const double *want, int n)
{
  double scale = max_abs (want, n), worst = 0;
  for (int i = 0; i < n; i++)
    worst = fmax (worst, fabs (got[i] - want[i]) / scale);
  if (worst > REL_TOL)
    g_printerr ("%s: max difference %.3g of the largest entry\n", what, worst);
  g_assert_cmpfloat (worst, <=, REL_TOL);
}

static void
test_coefficients (void)
{
  cw_chemo_data d;
  load_f64 (&d);
  const int comps[] = { 1, 3, 6, 10 };
  for (int alg = 0; alg < 2; alg++)
    for (int prep = 0; prep < 2; prep++)
      {
        cw_pls *pls = fit_first50 (&d, prep ? "autoscale" : "", 10, alg);
        g_assert_cmpint (cw_pls_n_components (pls), ==, 10);
        for (size_t c = 0; c < G_N_ELEMENTS (comps); c++)
          {
            char key[64];
            g_snprintf (key, sizeof key, "coef f64 %s %d", preps[prep], comps[c]);
            double *want = fixture (key, 401);
            assert_vector_close (key, cw_pls_coefficients (pls, comps[c]), want, 401);
            g_free (want);
            if (prep == 0)
              {
                double b0;
                g_snprintf (key, sizeof key, "intercept f64 center %d", comps[c]);
                want = fixture (key, 1);
                cw_pls_intercepts (pls, comps[c], &b0);
                g_assert_cmpfloat (rel_diff (b0, want[0]), <=, REL_TOL);
                g_free (want);
                /* y = b0 + x B reproduces the centred form of the prediction */
                double pred, direct = b0;
                cw_pls_predict (pls, comps[c], d.x + 55 * 401, 1, &pred);
                for (int j = 0; j < 401; j++)
                  direct += d.x[55 * 401 + j] * cw_pls_coefficients (pls, comps[c])[j];
                g_assert_cmpfloat_with_epsilon (pred, direct, 1e-9);
              }
          }
        cw_pls_free (pls);
      }
  cw_chemo_data_clear (&d);
}

static void
test_explained_variance (void)
{
  cw_chemo_data d;
  load_f64 (&d);
  double *want = fixture ("explained f64 center 10", 20);
  for (int alg = 0; alg < 2; alg++)
    {
      cw_pls *pls = fit_first50 (&d, "", 10, alg);
      for (int a = 0; a < 10; a++)
        {
          g_assert_cmpfloat (rel_diff (cw_pls_explained_x (pls)[a], want[a]), <=, REL_TOL);
          g_assert_cmpfloat (rel_diff (cw_pls_explained_y (pls)[a], want[10 + a]), <=, REL_TOL);
        }
      cw_pls_free (pls);
    }
  g_free (want);
  cw_chemo_data_clear (&d);
}

static void
test_diagnostics (void)
{
  cw_chemo_data d;
  load_f64 (&d);
  double *vip_want = fixture ("vip f64 center 3", 401);
  double *t2_want = fixture ("t2 f64 center 3", 60);
  double *q_want = fixture ("q f64 center 3", 60);
  for (int alg = 0; alg < 2; alg++)
    {
      cw_pls *pls = fit_first50 (&d, "", 3, alg);
      double vip[401], t2[60], q[60];
      cw_pls_vip (pls, 3, vip);
      if (alg == CW_PLS_NIPALS) /* SIMPLS weighs with its rotations, a different (documented) VIP */
        assert_vector_close ("vip", vip, vip_want, 401);
      /* The VIP identity: the squares sum to the number of variables, for every component count. */
      for (int a = 1; a <= 3; a++)
        {
          cw_pls_vip (pls, a, vip);
          double s = 0;
          for (int j = 0; j < 401; j++)
            s += vip[j] * vip[j];
          g_assert_cmpfloat_with_epsilon (s, 401.0, 1e-9);
        }
      cw_pls_t2_q (pls, 3, d.x, 60, t2, q);
      assert_vector_close ("t2", t2, t2_want, 60);
      assert_vector_close ("q", q, q_want, 60);
      /* T² of the calibration rows sums to a (n - 1): each score's variance is normalised to 1. */
      double s = 0;
      for (int i = 0; i < 50; i++)
        s += t2[i];
      g_assert_cmpfloat_with_epsilon (s, 3.0 * 49, 1e-9);
      /* The scores of the calibration rows are the model's own scores. */
      double sc[3];
      cw_pls_transform (pls, 3, d.x + 7 * 401, 1, sc);
      for (int a = 0; a < 3; a++)
        g_assert_cmpfloat_with_epsilon (sc[a], cw_pls_x_scores (pls)[a * 50 + 7],
                                        1e-9 * fabs (cw_pls_x_scores (pls)[a * 50 + 7]) + 1e-12);
      cw_pls_free (pls);
    }
  g_free (vip_want);
  g_free (t2_want);
  g_free (q_want);
  cw_chemo_data_clear (&d);
}

/* T² and Q limits of the models with 1..10 components (Q: Jackson–Mudholkar where h0 > 0, which gasoline
 * gives for 1, 2, 4 and 7 components, Box elsewhere). */
static void
test_limits (void)
{
  cw_chemo_data d;
  load_f64 (&d);
  cw_pls *pls = fit_first50 (&d, "", 10, CW_PLS_NIPALS);
  int jm = 0;
  for (int a = 1; a <= 10; a++)
    {
      char key[64];
      g_snprintf (key, sizeof key, "limit f64 center %d", a);
      double *want = fixture (key, 3), theta[3];
      cw_pls_q_thetas (pls, a, theta);
      double h0 = 1 - 2 * theta[0] * theta[2] / (3 * theta[1] * theta[1]);
      g_assert_cmpfloat_with_epsilon (h0, want[2], 1e-9);
      g_assert_true ((want[2] > 0) == !isnan (cw_q_limit_jackson_mudholkar (theta, 0.95)));
      jm += want[2] > 0;
      g_assert_cmpfloat (rel_diff (cw_pls_t2_limit (pls, a, 0.95), want[0]), <=, 1e-12);
      g_assert_cmpfloat (rel_diff (cw_pls_q_limit (pls, a, 0.95), want[1]), <=, REL_TOL);
      g_free (want);
    }
  g_assert_cmpint (jm, ==, 4);
  cw_pls_free (pls);
  cw_chemo_data_clear (&d);
}

/* ---- distributions ---- */

static void
test_quantiles (void)
{
  /* Values from scipy.stats 1.10 (ppf), which the implementation does not use. */
  const struct {
    double p, d1, d2, want;
  } f[] = {
    { 0.95, 1, 10, 4.9646027437307145 }, { 0.95, 2, 10, 4.1028210151304005 },
    { 0.95, 5, 20, 2.7108898372096917 }, { 0.99, 3, 46, 4.23830636862545 },
    { 0.95, 3, 47, 2.80235517609617 },   { 0.999, 1, 1, 405284.0679028485 },
    { 0.5, 0.5, 0.7, 0.6037600950524452 },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (f); i++)
    g_assert_cmpfloat (rel_diff (cw_f_quantile (f[i].p, f[i].d1, f[i].d2), f[i].want), <=, 1e-12);
  const struct {
    double p, df, want;
  } c[] = {
    { 0.95, 1, 3.841458820694124 }, { 0.95, 5.5, 11.83755564910178 }, { 0.99, 100, 135.80672317102676 },
    { 0.05, 3, 0.35184631774927144 }, { 0.999, 2, 13.815510557964274 },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (c); i++)
    g_assert_cmpfloat (rel_diff (cw_chi2_quantile (c[i].p, c[i].df), c[i].want), <=, 1e-12);
  g_assert_cmpfloat (rel_diff (cw_normal_quantile (0.975), 1.959963984540054), <=, 1e-14);
  g_assert_cmpfloat (rel_diff (cw_normal_quantile (1e-10), -6.361340902404056), <=, 1e-14);
  g_assert_cmpfloat (cw_normal_quantile (0.5), ==, 0.0);
  /* The incomplete beta: symmetry, a closed form, and the inverse round trip. */
  g_assert_cmpfloat_with_epsilon (cw_beta_inc (2.5, 3.5, 0.3), 1 - cw_beta_inc (3.5, 2.5, 0.7), 1e-15);
  g_assert_cmpfloat_with_epsilon (cw_beta_inc (1, 3, 0.2), 1 - pow (0.8, 3), 1e-15); /* I_x(1,b) = 1-(1-x)^b */
  for (double p = 0.01; p < 1; p += 0.07)
    g_assert_cmpfloat_with_epsilon (cw_beta_inc (4, 9, cw_beta_inc_inverse (4, 9, p)), p, 1e-14);
  g_assert_cmpfloat_with_epsilon (cw_gamma_inc (1, 2), 1 - exp (-2), 1e-15); /* P(1, x) = 1 - e^-x */
}

static void
test_q_limits (void)
{
  /* Ten equal residual eigenvalues 2: Q / 2 is exactly chi-square(10), which Box's form reproduces and
   * Jackson–Mudholkar approximates (value from the formula evaluated by numpy/scipy). */
  double theta[3] = { 20, 40, 80 };
  g_assert_cmpfloat (rel_diff (cw_q_limit_box (theta, 0.95), 2 * 18.307038053275146), <=, 1e-12);
  g_assert_cmpfloat (rel_diff (cw_q_limit_jackson_mudholkar (theta, 0.95), 36.583564130060985), <=, 1e-12);
  /* Uneven eigenvalues that make h0 negative: JM is undefined, Box is what remains. */
  double uneven[3] = { 3.0, 2.5, 4.0 };
  g_assert_true (isnan (cw_q_limit_jackson_mudholkar (uneven, 0.99)));
  g_assert_cmpfloat (rel_diff (cw_q_limit_box (uneven, 0.99), 10.434767511776514), <=, 1e-12);
}

/* ---- constructed data: PLS2 and PLS-DA ---- */

/* Random X (n x p) and Y = X Bt + noise (q responses). */
static void
make_linear (int n, int p, int q, double noise, uint64_t seed, double *x, double *y)
{
  cw_rng rng;
  cw_rng_seed (&rng, seed);
  for (int i = 0; i < n * p; i++)
    x[i] = cw_rng_normal (&rng);
  for (int i = 0; i < n; i++)
    for (int k = 0; k < q; k++)
      {
        double s = 0;
        for (int j = 0; j < p; j++)
          s += x[i * p + j] * ((j + 1.0) * (k + 1) / (j + k + 2.0) - 0.3 * (j == k));
        y[i * q + k] = s + noise * cw_rng_normal (&rng);
      }
}

/* With as many components as variables, PLS is ordinary least squares, whatever the algorithm. */
static void
test_full_rank_is_ols (void)
{
  enum { N = 30, P = 5, Q = 3 };
  double x[N * P], y[N * Q];
  make_linear (N, P, Q, 0.1, 7, x, y);
  /* OLS on centred data: (Xc'Xc) B = Xc'Yc */
  double xm[P] = { 0 }, ym[Q] = { 0 };
  for (int i = 0; i < N; i++)
    {
      for (int j = 0; j < P; j++)
        xm[j] += x[i * P + j] / N;
      for (int k = 0; k < Q; k++)
        ym[k] += y[i * Q + k] / N;
    }
  double xtx[P * P] = { 0 }, xty[P * Q] = { 0 };
  for (int i = 0; i < N; i++)
    for (int j = 0; j < P; j++)
      {
        for (int l = 0; l < P; l++)
          xtx[j * P + l] += (x[i * P + j] - xm[j]) * (x[i * P + l] - xm[l]);
        for (int k = 0; k < Q; k++)
          xty[j * Q + k] += (x[i * P + j] - xm[j]) * (y[i * Q + k] - ym[k]);
      }
  /* Gauss–Jordan, fine for this well-conditioned 5 x 5 system. */
  for (int c = 0; c < P; c++)
    {
      double piv = xtx[c * P + c];
      for (int l = 0; l < P; l++)
        xtx[c * P + l] /= piv;
      for (int k = 0; k < Q; k++)
        xty[c * Q + k] /= piv;
      for (int r = 0; r < P; r++)
        if (r != c)
          {
            double f = xtx[r * P + c];
            for (int l = 0; l < P; l++)
              xtx[r * P + l] -= f * xtx[c * P + l];
            for (int k = 0; k < Q; k++)
              xty[r * Q + k] -= f * xty[c * Q + k];
          }
    }
  for (int alg = 0; alg < 2; alg++)
    {
      cw_error err;
      cw_pls *pls = cw_pls_fit (x, y, N, P, Q, 10, alg, &err);
      g_assert_nonnull (pls);
      g_assert_cmpint (cw_pls_n_components (pls), ==, P); /* capped at p */
      const double *b = cw_pls_coefficients (pls, P);
      for (int i = 0; i < P * Q; i++)
        g_assert_cmpfloat_with_epsilon (b[i], xty[i], 1e-9);
      /* The X blocks are exhausted: explained X fractions add up to 1. */
      double ex = 0;
      for (int a = 0; a < P; a++)
        ex += cw_pls_explained_x (pls)[a];
      g_assert_cmpfloat_with_epsilon (ex, 1.0, 1e-12);
      /* Scores are mutually orthogonal (SIMPLS: orthonormal). */
      const double *t = cw_pls_x_scores (pls);
      for (int a = 0; a < P; a++)
        for (int c = 0; c <= a; c++)
          {
            double s = 0;
            for (int i = 0; i < N; i++)
              s += t[a * N + i] * t[c * N + i];
            if (a != c)
              g_assert_cmpfloat (fabs (s), <, 1e-10);
            else if (alg == CW_PLS_SIMPLS)
              g_assert_cmpfloat_with_epsilon (s, 1.0, 1e-12);
          }
      cw_pls_free (pls);
    }
}

/* PLS2 with fewer components: both algorithms explain most of Y; for one response they coincide. */
static void
test_pls2_and_pls1_agreement (void)
{
  enum { N = 40, P = 12, Q = 2 };
  double x[N * P], y[N * Q], y1[N];
  make_linear (N, P, Q, 0.2, 11, x, y);
  for (int i = 0; i < N; i++)
    y1[i] = y[i * Q];
  cw_pls *a = cw_pls_fit (x, y1, N, P, 1, 4, CW_PLS_NIPALS, NULL);
  cw_pls *b = cw_pls_fit (x, y1, N, P, 1, 4, CW_PLS_SIMPLS, NULL);
  for (int c = 1; c <= 4; c++)
    for (int j = 0; j < P; j++)
      g_assert_cmpfloat_with_epsilon (cw_pls_coefficients (a, c)[j], cw_pls_coefficients (b, c)[j], 1e-10);
  cw_pls_free (a);
  cw_pls_free (b);
  cw_pls *n2 = cw_pls_fit (x, y, N, P, Q, 3, CW_PLS_NIPALS, NULL);
  cw_pls *s2 = cw_pls_fit (x, y, N, P, Q, 3, CW_PLS_SIMPLS, NULL);
  double en = 0, es = 0;
  for (int c = 0; c < 3; c++)
    {
      en += cw_pls_explained_y (n2)[c];
      es += cw_pls_explained_y (s2)[c];
    }
  g_test_message ("PLS2 Y explained by 3 components: NIPALS %.6f, SIMPLS %.6f", en, es);
  g_assert_cmpfloat (en, >, 0.9);
  g_assert_cmpfloat (es, >, 0.9);
  /* The first component of both is the dominant direction of X'Y: the same up to sign. */
  double d = 0;
  for (int j = 0; j < P; j++)
    d += cw_pls_x_weights (n2)[j] * cw_pls_x_weights (s2)[j];
  g_assert_cmpfloat_with_epsilon (fabs (d), 1.0, 1e-9);
  /* Fitted values equal T Q' + mean for the calibration rows (checks the rotations). */
  double pred[N * Q];
  cw_pls_predict (n2, 3, x, N, pred);
  const double *t = cw_pls_x_scores (n2), *ql = cw_pls_y_loadings (n2);
  for (int i = 0; i < N; i++)
    for (int k = 0; k < Q; k++)
      {
        double v = cw_pls_y_mean (n2)[k];
        for (int c = 0; c < 3; c++)
          v += t[c * N + i] * ql[c * Q + k];
        g_assert_cmpfloat_with_epsilon (pred[i * Q + k], v, 1e-10);
      }
  cw_pls_free (n2);
  cw_pls_free (s2);
}

static void
test_plsda (void)
{
  /* Three classes of 20 signals, each a class-specific peak plus noise. */
  enum { N = 60, P = 30, K = 3 };
  double x[N * P];
  int cls[N], got[N];
  cw_rng rng;
  cw_rng_seed (&rng, 3);
  for (int i = 0; i < N; i++)
    {
      cls[i] = i % K;
      for (int j = 0; j < P; j++)
        x[i * P + j] = exp (-0.5 * pow ((j - 5 - 10 * cls[i]) / 2.0, 2)) + 0.3 * cw_rng_normal (&rng);
    }
  double *y = cw_plsda_one_hot (cls, N, K);
  g_assert_cmpfloat (y[4 * K + 1], ==, 1.0); /* row 4 is class 1 */
  g_assert_cmpfloat (y[4 * K + 0] + y[4 * K + 2], ==, 0.0);
  cw_pls *pls = cw_pls_fit (x, y, N, P, K, 2, CW_PLS_NIPALS, NULL);
  cw_plsda_predict (pls, 2, x, N, got);
  int correct = 0;
  for (int i = 0; i < N; i++)
    correct += got[i] == cls[i];
  g_assert_cmpint (correct, ==, N);
  cw_pls_free (pls);
  free (y);
  /* Two classes as one 0/1 column. */
  double y01[N];
  for (int i = 0; i < N; i++)
    y01[i] = cls[i] == 2;
  pls = cw_pls_fit (x, y01, N, P, 1, 2, CW_PLS_SIMPLS, NULL);
  cw_plsda_predict (pls, 2, x, N, got);
  for (int i = 0; i < N; i++)
    g_assert_cmpint (got[i], ==, cls[i] == 2);
  cw_pls_free (pls);
}

static void
test_errors (void)
{
  cw_error err;
  double x[6] = { 1, 2, 3, 4, 5, 6 }, y[3] = { 1, 1, 1 };
  g_assert_null (cw_pls_fit (x, y, 1, 2, 1, 1, CW_PLS_NIPALS, &err));
  g_assert_nonnull (strstr (err.message, "at least 2"));
  g_assert_null (cw_pls_fit (x, y, 3, 2, 1, 1, CW_PLS_NIPALS, &err));
  g_assert_nonnull (strstr (err.message, "response is the same"));
  double yv[3] = { 1, 2, 4 };
  x[3] = NAN;
  g_assert_null (cw_pls_fit (x, yv, 3, 2, 1, 1, CW_PLS_NIPALS, &err));
  g_assert_nonnull (strstr (err.message, "row 2, position 2"));
  /* Rank: two rows give one component whatever is asked. */
  double x2[4] = { 0, 1, 2, 5 }, y2[2] = { 0, 1 };
  cw_pls *pls = cw_pls_fit (x2, y2, 2, 2, 1, 5, CW_PLS_NIPALS, &err);
  g_assert_cmpint (cw_pls_n_components (pls), ==, 1);
  cw_pls_free (pls);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pls/gasoline/dataset-nipals", test_gasoline_dataset_nipals);
  g_test_add_func ("/pls/gasoline/dataset-simpls", test_gasoline_dataset_simpls);
  g_test_add_func ("/pls/gasoline/doubles-nipals", test_gasoline_doubles_nipals);
  g_test_add_func ("/pls/gasoline/doubles-simpls", test_gasoline_doubles_simpls);
  g_test_add_func ("/pls/gasoline/coefficients", test_coefficients);
  g_test_add_func ("/pls/gasoline/explained-variance", test_explained_variance);
  g_test_add_func ("/pls/gasoline/vip-t2-q", test_diagnostics);
  g_test_add_func ("/pls/gasoline/limits", test_limits);
  g_test_add_func ("/pls/quantiles", test_quantiles);
  g_test_add_func ("/pls/q-limits", test_q_limits);
  g_test_add_func ("/pls/full-rank-is-ols", test_full_rank_is_ols);
  g_test_add_func ("/pls/pls2", test_pls2_and_pls1_agreement);
  g_test_add_func ("/pls/plsda", test_plsda);
  g_test_add_func ("/pls/errors", test_errors);
  int status = g_test_run ();
  g_strfreev (fixture_lines);
  return status;
}
