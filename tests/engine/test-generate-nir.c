/* test-generate-nir.c — the NIR mixture generator (CW_GEN_NIR): bitwise reproducible from the seed, the
 * contents adding up to 100 %, every band inside the axis, exact split counts, spectra that are a linear
 * mixture at nonlinearity 0 (a least-squares fit leaves nothing) and are not above it, and bad configs
 * refused with the field named. */
#include "cw.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static cw_dataset *
generate (const cw_generator_config *c)
{
  cw_error err;
  cw_dataset *ds = cw_generate (c, &err);
  if (!ds)
    g_printerr ("%s\n", err.message);
  g_assert_nonnull (ds);
  return ds;
}

static cw_generator_config
small_config (void)
{
  cw_generator_config c = cw_generator_config_default (CW_GEN_NIR);
  c.n = 60;
  c.seed = 77;
  return c;
}

/* ---- the kind ---- */

static void
test_kind (void)
{
  cw_generator kind;
  g_assert_true (cw_generator_from_name ("nir", &kind));
  g_assert_cmpint (kind, ==, CW_GEN_NIR);
  g_assert_cmpstr (cw_generator_name (CW_GEN_NIR), ==, "nir");
  g_assert_cmpint (cw_generator_task (CW_GEN_NIR), ==, CW_TASK_REGRESSION);
  g_assert_cmpstr (cw_generator_axis_label (CW_GEN_NIR), ==, "wavelength (nm)");
  cw_generator_config c = cw_generator_config_default (CW_GEN_NIR);
  g_assert_cmpint (cw_generator_groups (&c, NULL, NULL), ==, 0);
  char target[32];
  cw_generator_target_name (&c, target, sizeof target);
  g_assert_cmpstr (target, ==, "fat");
  /* the documented defaults: the Tecator meat data's shape */
  g_assert_cmpint (c.n, ==, 215);
  g_assert_cmpint (c.length, ==, 100);
  g_assert_cmpfloat (c.axis_min, ==, 850);
  g_assert_cmpfloat (c.axis_max, ==, 1050);
  g_assert_cmpfloat (c.nonlinearity, ==, 1);
}

/* ---- reproducibility ---- */

static void
test_deterministic (void)
{
  cw_generator_config c = small_config ();
  cw_dataset *a = generate (&c), *b = generate (&c);
  size_t size_a, size_b;
  char *text_a = cw_dataset_to_csv (a, &size_a, NULL), *text_b = cw_dataset_to_csv (b, &size_b, NULL);
  g_assert_nonnull (text_a);
  g_assert_cmpmem (text_a, size_a, text_b, size_b);
  free (text_b);

  c.seed = 78;
  cw_dataset *other = generate (&c);
  text_b = cw_dataset_to_csv (other, &size_b, NULL);
  g_assert_false (size_a == size_b && memcmp (text_a, text_b, size_a) == 0);
  free (text_a);
  free (text_b);

  /* Every random number is drawn whatever the nonlinearity: the same samples, other spectra. */
  c.seed = 77;
  c.nonlinearity = 0.3;
  cw_dataset *bent = generate (&c);
  for (int j = 0; j < 3; j++)
    g_assert_cmpmem (cw_dataset_target_values (a, j), c.n * sizeof (float), cw_dataset_target_values (bent, j),
                     c.n * sizeof (float));
  for (int i = 0; i < c.n; i++)
    for (int j = 0; j < cw_dataset_n_meta (a); j++)
      g_assert_cmpstr (cw_dataset_meta_value (a, i, j), ==, cw_dataset_meta_value (bent, i, j));
  g_assert_false (memcmp (cw_dataset_signals (a), cw_dataset_signals (bent),
                          (size_t) c.n * c.length * sizeof (float)) == 0);
  cw_dataset_free (a);
  cw_dataset_free (b);
  cw_dataset_free (other);
  cw_dataset_free (bent);
}

/* ---- the columns and the contents ---- */

static void
test_columns (void)
{
  cw_generator_config c = small_config ();
  c.n = 12;
  cw_dataset *ds = generate (&c);
  char *text = cw_dataset_to_csv (ds, NULL, NULL);
  g_assert_true (g_str_has_prefix (text, "meta:id,meta:temperature,meta:split,target:fat,target:water,"
                                         "target:protein,850,852.02,"));
  g_assert_nonnull (strstr (text, ",1050\n"));
  free (text);
  g_assert_cmpint (cw_dataset_n_targets (ds), ==, 3);
  g_assert_cmpint (cw_dataset_length (ds), ==, 100);
  g_assert_cmpstr (cw_dataset_meta_value (ds, 0, 0), ==, "s01");
  g_assert_cmpstr (cw_dataset_meta_value (ds, 11, 0), ==, "s12");
  int temperature = cw_dataset_find_meta (ds, "temperature");
  for (int i = 0; i < c.n; i++)
    {
      double t = g_ascii_strtod (cw_dataset_meta_value (ds, i, temperature), NULL);
      g_assert_cmpfloat (t, >=, 15);
      g_assert_cmpfloat (t, <=, 35);
    }
  cw_dataset_free (ds);
}

static void
test_closure (void)
{
  cw_generator_config c = cw_generator_config_default (CW_GEN_NIR);
  c.n = 5000;
  c.length = 16;
  cw_dataset *ds = generate (&c);
  int fat = cw_dataset_find_target (ds, "fat"), water = cw_dataset_find_target (ds, "water");
  int protein = cw_dataset_find_target (ds, "protein");
  g_assert_cmpint (fat, ==, 0);
  g_assert_cmpint (water, ==, 1);
  g_assert_cmpint (protein, ==, 2);
  const double *f = cw_dataset_target_values_f64 (ds, fat), *w = cw_dataset_target_values_f64 (ds, water);
  const double *p = cw_dataset_target_values_f64 (ds, protein);
  double fat_sum = 0, fat_sq = 0;
  for (int i = 0; i < c.n; i++)
    {
      /* three floats of values rounded to 0.01 %: their sum is 100 to float precision */
      g_assert_cmpfloat_with_epsilon (f[i] + w[i] + p[i], 100, 2e-5);
      g_assert_cmpfloat (f[i], >=, 1);
      g_assert_cmpfloat (f[i], <=, 50);
      /* lean tissue is 70-85 % water, the rest protein */
      g_assert_cmpfloat (w[i], >=, 0.70 * (100 - f[i]) - 0.01);
      g_assert_cmpfloat (w[i], <=, 0.85 * (100 - f[i]) + 0.01);
      g_assert_cmpfloat (p[i], >, 0);
      fat_sum += f[i];
      fat_sq += f[i] * f[i];
    }
  /* fat = 1 + 49 u^1.5: mean 1 + 49 / 2.5 = 20.6, SD 49 sqrt(1/4 - 1/6.25) = 14.7; the SEs of the
   * estimates over 5000 rows are 0.21 and ~0.1 */
  double mean = fat_sum / c.n, sd = sqrt (fat_sq / c.n - mean * mean);
  g_assert_cmpfloat_with_epsilon (mean, 20.6, 1.0);
  g_assert_cmpfloat_with_epsilon (sd, 14.7, 0.6);
  cw_dataset_free (ds);
}

/* ---- the bands ---- */

static void
test_bands (void)
{
  const cw_nir_band *bands;
  int n_bands = cw_nir_bands (&bands);
  int per_constituent[CW_NIR_N_CONSTITUENTS] = { 0 };
  for (double eta = 0; eta <= 2; eta += 0.5)
    {
      cw_generator_config c = cw_generator_config_default (CW_GEN_NIR);
      c.nonlinearity = eta;
      for (int b = 0; b < n_bands; b++)
        {
          double lo, hi;
          cw_nir_band_centre_range (&c, b, &lo, &hi);
          g_assert_cmpfloat (lo, <=, bands[b].centre);
          g_assert_cmpfloat (hi, >=, bands[b].centre);
          if (eta == 0)
            g_assert_cmpfloat (hi - lo, ==, 0);
          g_assert_cmpfloat (lo, >=, c.axis_min);
          g_assert_cmpfloat (hi, <=, c.axis_max);
        }
    }
  for (int b = 0; b < n_bands; b++)
    {
      g_assert_cmpfloat (bands[b].fwhm, >=, 20);
      g_assert_cmpfloat (bands[b].fwhm, <=, 60);
      g_assert_cmpfloat (bands[b].height, >, 0);
      per_constituent[bands[b].constituent]++;
    }
  for (int k = 0; k < CW_NIR_N_CONSTITUENTS; k++)
    g_assert_cmpint (per_constituent[k], >=, 2);
  /* the water band moves to shorter wavelengths when warmer (hydrogen bonds weaken) */
  g_assert_cmpfloat (bands[4].shift_per_degree, <, 0);
  g_assert_cmpint (bands[4].constituent, ==, CW_NIR_WATER);

  /* Each pure spectrum peaks at its main band: C-H near 930 nm, O-H near 970, N-H near 1020 (the
   * constituent's other bands pull the maximum by a few nm). 1 nm grid. */
  enum { L = 201 };
  double axis[L], spectra[4 * L];
  for (int t = 0; t < L; t++)
    axis[t] = 850 + t;
  cw_nir_pure_spectra (axis, L, spectra);
  const double expected_peak[CW_NIR_N_CONSTITUENTS] = { 930, 970, 1020 };
  for (int k = 0; k < CW_NIR_N_CONSTITUENTS; k++)
    {
      const double *s = spectra + (size_t) (1 + k) * L;
      int best = 0;
      for (int t = 1; t < L; t++)
        if (s[t] > s[best])
          best = t;
      g_test_message ("%s peaks at %g nm", cw_nir_constituent_name (k), axis[best]);
      g_assert_cmpfloat_with_epsilon (axis[best], expected_peak[k], 5);
    }
  /* background 2.3 + 0.3 (nm - 850) / 200: 2.45 at 950 nm */
  g_assert_cmpfloat_with_epsilon (spectra[100], 2.45, 1e-12);
}

/* ---- the split ---- */

static void
assert_split (int n, double train, double monitor, double test, int expected_train, int expected_monitor,
              int expected_test)
{
  cw_generator_config c = cw_generator_config_default (CW_GEN_NIR);
  c.n = n;
  c.length = 8;
  c.split[0] = train;
  c.split[1] = monitor;
  c.split[2] = test;
  int counts[3];
  cw_nir_split_counts (&c, counts);
  g_assert_cmpint (counts[0], ==, expected_train);
  g_assert_cmpint (counts[1], ==, expected_monitor);
  g_assert_cmpint (counts[2], ==, expected_test);
  cw_dataset *ds = generate (&c);
  int column = cw_dataset_find_meta (ds, "split");
  g_assert_cmpint (column, >=, 0);
  int seen[3] = { 0 }, first_test = -1;
  static const char *const words[3] = { "train", "monitor", "test" };
  for (int i = 0; i < n; i++)
    {
      const char *v = cw_dataset_meta_value (ds, i, column);
      int r = 0;
      while (r < 2 && strcmp (v, words[r]) != 0)
        r++;
      g_assert_cmpstr (v, ==, words[r]);
      seen[r]++;
      if (r == 2 && first_test < 0)
        first_test = i;
    }
  g_assert_cmpmem (seen, sizeof seen, counts, sizeof counts);
  /* shuffled, not in blocks: with 43 test rows of 215 the first one is not the 173rd row */
  if (n == 215)
    g_assert_cmpint (first_test, <, 172);
  cw_dataset_free (ds);
}

static void
test_split (void)
{
  assert_split (215, 60, 20, 20, 129, 43, 43);
  /* 4.2, 1.4, 1.4: one row left over, going to the largest remainder, the earlier role on a tie */
  assert_split (7, 60, 20, 20, 4, 2, 1);
  /* proportions on any scale */
  assert_split (10, 3, 1, 1, 6, 2, 2);
  /* 8.8, 0, 2.2: no monitor rows; the leftover row to train (0.8 > 0.2) */
  assert_split (11, 80, 0, 20, 9, 0, 2);
  assert_split (1, 60, 20, 20, 1, 0, 0);
}

/* ---- linear at nonlinearity 0, not above ---- */

/* Solves the m x m system a z = b (a symmetric positive definite, overwritten) by Cholesky. */
static void
solve_spd (double *a, double *b, int m)
{
  for (int j = 0; j < m; j++)
    {
      for (int k = 0; k < j; k++)
        a[j * m + j] -= a[j * m + k] * a[j * m + k];
      g_assert_cmpfloat (a[j * m + j], >, 0);
      a[j * m + j] = sqrt (a[j * m + j]);
      for (int i = j + 1; i < m; i++)
        {
          for (int k = 0; k < j; k++)
            a[i * m + j] -= a[i * m + k] * a[j * m + k];
          a[i * m + j] /= a[j * m + j];
        }
    }
  for (int i = 0; i < m; i++)
    {
      for (int k = 0; k < i; k++)
        b[i] -= a[i * m + k] * b[k];
      b[i] /= a[i * m + i];
    }
  for (int i = m - 1; i >= 0; i--)
    {
      for (int k = i + 1; k < m; k++)
        b[i] -= a[k * m + i] * b[k];
      b[i] /= a[i * m + i];
    }
}

/* Least-squares fit of every spectrum minus the background on the three pure spectra and a quadratic
 * baseline 1, u, u^2 (u = -1 .. 1 across the axis). Returns the median RMS residual over the rows and
 * the largest difference between a fitted pure-spectrum coefficient and the row's content (%). */
static double
median_mixture_residual (const cw_dataset *ds, double *worst_content)
{
  enum { M = 6 };
  int n = cw_dataset_n_samples (ds), l = cw_dataset_length (ds);
  const double *x = cw_dataset_signals_f64 (ds), *axis = cw_dataset_axis (ds);
  double *pure = g_new (double, 4 * l), *basis = g_new (double, M * l), *rms = g_new (double, n);
  cw_nir_pure_spectra (axis, l, pure);
  for (int t = 0; t < l; t++)
    {
      double u = (axis[t] - axis[0]) / (axis[l - 1] - axis[0]) * 2 - 1;
      for (int k = 0; k < 3; k++)
        basis[k * l + t] = pure[(1 + k) * l + t];
      basis[3 * l + t] = 1;
      basis[4 * l + t] = u;
      basis[5 * l + t] = u * u;
    }
  *worst_content = 0;
  for (int i = 0; i < n; i++)
    {
      const double *row = x + (size_t) i * l;
      double a[M * M] = { 0 }, z[M] = { 0 };
      for (int j = 0; j < M; j++)
        {
          for (int t = 0; t < l; t++)
            z[j] += basis[j * l + t] * (row[t] - pure[t]);
          for (int k = 0; k < M; k++)
            for (int t = 0; t < l; t++)
              a[j * M + k] += basis[j * l + t] * basis[k * l + t];
        }
      solve_spd (a, z, M);
      double ss = 0;
      for (int t = 0; t < l; t++)
        {
          double fit = pure[t];
          for (int j = 0; j < M; j++)
            fit += z[j] * basis[j * l + t];
          ss += (row[t] - fit) * (row[t] - fit);
        }
      rms[i] = sqrt (ss / l);
      for (int k = 0; k < 3; k++)
        *worst_content = fmax (*worst_content, fabs (z[k] - cw_dataset_target_values_f64 (ds, k)[i]));
    }
  /* the median by sorting a copy */
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && rms[j - 1] > rms[j]; j--)
      {
        double swap = rms[j];
        rms[j] = rms[j - 1];
        rms[j - 1] = swap;
      }
  double median = rms[n / 2];
  g_free (pure);
  g_free (basis);
  g_free (rms);
  return median;
}

static void
test_linear_at_zero (void)
{
  cw_generator_config c = small_config ();
  c.noise = 0;
  c.baseline_curvature = 0.02;
  c.nonlinearity = 0;
  cw_dataset *ds = generate (&c);
  double worst_content;
  double residual = median_mixture_residual (ds, &worst_content);
  g_test_message ("nonlinearity 0: median RMS residual %.3g, worst content error %.3g %%", residual,
                  worst_content);
  /* what is left is the rounding of absorbances near 2.5 to float (ulp 2.4e-7) */
  g_assert_cmpfloat (residual, <, 1e-6);
  g_assert_cmpfloat (worst_content, <, 1e-3);
  cw_dataset_free (ds);

  for (double eta = 0.25; eta <= 2; eta *= 2)
    {
      c.nonlinearity = eta;
      ds = generate (&c);
      residual = median_mixture_residual (ds, &worst_content);
      g_test_message ("nonlinearity %g: median RMS residual %.3g, worst content error %.3g %%", eta, residual,
                      worst_content);
      /* over a thousand times the float rounding, and the contents no longer read off the fit */
      g_assert_cmpfloat (residual, >, 1e-3);
      g_assert_cmpfloat (worst_content, >, 1);
      cw_dataset_free (ds);
    }
}

/* The same from the other side, with no knowledge of the pure spectra: at nonlinearity 0 without noise
 * the centred spectra have rank 4 (fat, water — protein is the rest —, baseline offset and slope), so PLS
 * runs out of components at 4 and predicts the test rows' fat to rounding; at the default nonlinearity
 * the spectra have more rank and 5 components leave a real error. Returns the RMSEP and sets the
 * components PLS kept. */
static double
pls_test_rmse (const cw_generator_config *c, int *components)
{
  cw_dataset *ds = generate (c);
  int n = cw_dataset_n_samples (ds), l = cw_dataset_length (ds);
  int split = cw_dataset_find_meta (ds, "split");
  const double *x = cw_dataset_signals_f64 (ds), *fat = cw_dataset_target_values_f64 (ds, 0);
  double *xt = g_new (double, (size_t) n * l), *yt = g_new (double, n);
  int n_train = 0;
  for (int i = 0; i < n; i++)
    if (strcmp (cw_dataset_meta_value (ds, i, split), "train") == 0)
      {
        memcpy (xt + (size_t) n_train * l, x + (size_t) i * l, l * sizeof (double));
        yt[n_train++] = fat[i];
      }
  cw_error err;
  cw_pls *pls = cw_pls_fit (xt, yt, n_train, l, 1, *components, CW_PLS_NIPALS, &err);
  g_assert_nonnull (pls);
  *components = cw_pls_n_components (pls);
  double ss = 0;
  int n_test = 0;
  for (int i = 0; i < n; i++)
    if (strcmp (cw_dataset_meta_value (ds, i, split), "test") == 0)
      {
        double pred;
        cw_pls_predict (pls, *components, x + (size_t) i * l, 1, &pred);
        ss += (pred - fat[i]) * (pred - fat[i]);
        n_test++;
      }
  cw_pls_free (pls);
  g_free (xt);
  g_free (yt);
  cw_dataset_free (ds);
  return sqrt (ss / n_test);
}

static void
test_linear_pls (void)
{
  cw_generator_config c = cw_generator_config_default (CW_GEN_NIR);
  c.noise = 0;
  c.nonlinearity = 0;
  int linear_components = 5, bent_components = 5;
  double linear = pls_test_rmse (&c, &linear_components);
  c.nonlinearity = 1;
  double bent = pls_test_rmse (&c, &bent_components);
  g_test_message ("PLS fat RMSEP without noise: %.3g with %d components at nonlinearity 0, %.3g with %d at 1",
                  linear, linear_components, bent, bent_components);
  g_assert_cmpint (linear_components, ==, 4);
  g_assert_cmpfloat (linear, <, 1e-3);
  g_assert_cmpint (bent_components, ==, 5);
  g_assert_cmpfloat (bent, >, 0.5);
}

/* ---- bad configs ---- */

static void
assert_refused (const cw_generator_config *c, const char *named)
{
  cw_error err;
  g_assert_cmpint (cw_generator_config_check (c, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_test_message ("%s", err.message);
  g_assert_nonnull (strstr (err.message, named));
  g_assert_null (cw_generate (c, &err));
  g_assert_nonnull (strstr (err.message, named));
}

static void
test_bad_config (void)
{
  cw_generator_config good = cw_generator_config_default (CW_GEN_NIR), c;
  cw_error err;
  g_assert_cmpint (cw_generator_config_check (&good, &err), ==, CW_OK);

  c = good, c.nonlinearity = -0.1;
  assert_refused (&c, "nonlinearity");
  c = good, c.nonlinearity = 2.5;
  assert_refused (&c, "nonlinearity");
  c = good, c.nonlinearity = NAN;
  assert_refused (&c, "nonlinearity");
  c = good, c.fat_min = -1;
  assert_refused (&c, "fat");
  c = good, c.fat_max = 101;
  assert_refused (&c, "fat");
  c = good, c.fat_min = 30, c.fat_max = 30;
  assert_refused (&c, "fat_min < fat_max");
  c = good, c.split[1] = -1;
  assert_refused (&c, "monitor");
  c = good, c.split[2] = INFINITY;
  assert_refused (&c, "test");
  c = good, c.split[0] = 0;
  assert_refused (&c, "train");
  c = good, c.axis_min = 0;
  assert_refused (&c, "wavelength range");
  c = good, c.axis_min = 1100;
  assert_refused (&c, "wavelength range");
  c = good, c.baseline_offset = -0.1;
  assert_refused (&c, "baseline");
  c = good, c.noise = -1;
  assert_refused (&c, "noise");
  c = good, c.length = 4;
  assert_refused (&c, "length");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/generate-nir/kind", test_kind);
  g_test_add_func ("/generate-nir/deterministic", test_deterministic);
  g_test_add_func ("/generate-nir/columns", test_columns);
  g_test_add_func ("/generate-nir/closure", test_closure);
  g_test_add_func ("/generate-nir/bands", test_bands);
  g_test_add_func ("/generate-nir/split", test_split);
  g_test_add_func ("/generate-nir/linear-at-zero", test_linear_at_zero);
  g_test_add_func ("/generate-nir/linear-pls", test_linear_pls);
  g_test_add_func ("/generate-nir/bad-config", test_bad_config);
  return g_test_run ();
}
