/* test-generate.c — the toy dataset generators: bitwise reproducible from the seed, exact class counts,
 * shapes and axes, signals that are what their labels say (densities of unit area, the normal rows
 * Gaussian, the spectra target the generating peak height, ECG morphologies where they belong), the
 * labelled constructor, and the wide CSV written and read back to the same data. */
#include "cw.h"

#include <glib.h>
#include <glib/gstdio.h>
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

static void
assert_same_data (const cw_dataset *a, const cw_dataset *b)
{
  int n = cw_dataset_n_samples (a), l = cw_dataset_length (a);
  g_assert_cmpint (cw_dataset_n_samples (b), ==, n);
  g_assert_cmpint (cw_dataset_n_channels (b), ==, cw_dataset_n_channels (a));
  g_assert_cmpint (cw_dataset_length (b), ==, l);
  g_assert_cmpmem (cw_dataset_signals (a), (size_t) n * l * sizeof (float), cw_dataset_signals (b),
                   (size_t) n * l * sizeof (float));
  g_assert_cmpmem (cw_dataset_axis (a), l * sizeof (double), cw_dataset_axis (b), l * sizeof (double));
  for (int t = 0; t < l; t++)
    g_assert_cmpstr (cw_dataset_axis_label (a, t), ==, cw_dataset_axis_label (b, t));
  g_assert_cmpint (cw_dataset_n_targets (b), ==, cw_dataset_n_targets (a));
  for (int j = 0; j < cw_dataset_n_targets (a); j++)
    {
      g_assert_cmpstr (cw_dataset_target_name (a, j), ==, cw_dataset_target_name (b, j));
      bool cat = cw_dataset_target_is_categorical (a, j);
      g_assert_cmpint (cw_dataset_target_is_categorical (b, j), ==, cat);
      const float *ya = cw_dataset_target_values (a, j), *yb = cw_dataset_target_values (b, j);
      for (int i = 0; i < n; i++)
        if (isnan (ya[i]))
          g_assert_true (isnan (yb[i]));
        else if (cat) /* a file lists classes in order of appearance: compare by name */
          g_assert_cmpstr (cw_dataset_class_name (a, j, (int) ya[i]), ==,
                           cw_dataset_class_name (b, j, (int) yb[i]));
        else
          g_assert_cmpfloat (ya[i], ==, yb[i]);
    }
  g_assert_cmpint (cw_dataset_n_meta (b), ==, cw_dataset_n_meta (a));
  for (int j = 0; j < cw_dataset_n_meta (a); j++)
    {
      g_assert_cmpstr (cw_dataset_meta_name (a, j), ==, cw_dataset_meta_name (b, j));
      for (int i = 0; i < n; i++)
        g_assert_cmpstr (cw_dataset_meta_value (a, i, j), ==, cw_dataset_meta_value (b, i, j));
    }
}

/* ---- reproducibility ---- */

static void
test_reproducible (void)
{
  for (int kind = 0; kind < CW_GEN_N; kind++)
    {
      cw_generator_config c = cw_generator_config_default (kind);
      c.n = 60;
      c.length = 64;
      c.seed = 1234;
      cw_dataset *a = generate (&c), *b = generate (&c);
      assert_same_data (a, b);
      c.seed = 1235;
      cw_dataset *other = generate (&c);
      g_assert_false (memcmp (cw_dataset_signals (a), cw_dataset_signals (other), 60 * 64 * sizeof (float)) == 0);
      cw_dataset_free (a);
      cw_dataset_free (b);
      cw_dataset_free (other);
    }
}

/* ---- class balance ---- */

static int
count_meta (const cw_dataset *ds, const char *column, const char *value)
{
  int j = cw_dataset_find_meta (ds, column), n = 0;
  g_assert_cmpint (j, >=, 0);
  for (int i = 0; i < cw_dataset_n_samples (ds); i++)
    n += strcmp (cw_dataset_meta_value (ds, i, j), value) == 0;
  return n;
}

static int
count_class (const cw_dataset *ds, const char *target, const char *name)
{
  int j = cw_dataset_find_target (ds, target), n = 0;
  g_assert_cmpint (j, >=, 0);
  const float *y = cw_dataset_target_values (ds, j);
  for (int i = 0; i < cw_dataset_n_samples (ds); i++)
    n += strcmp (cw_dataset_class_name (ds, j, (int) y[i]), name) == 0;
  return n;
}

static void
test_balance_pdf (void)
{
  cw_generator_config c = cw_generator_config_default (CW_GEN_NORMAL_PDF);
  c.n = 203;
  c.length = 50;
  c.balance = 0.25; /* round(50.75) = 51 normal; 152 others over 5 shapes: 31 31 30 30 30 */
  cw_dataset *ds = generate (&c);
  int j = cw_dataset_find_target (ds, "class");
  g_assert_cmpint (j, ==, 0);
  g_assert_true (cw_dataset_target_is_categorical (ds, j));
  g_assert_cmpint (cw_dataset_n_classes (ds, j), ==, 2);
  g_assert_cmpstr (cw_dataset_class_name (ds, j, 0), ==, "normal");
  g_assert_cmpstr (cw_dataset_class_name (ds, j, 1), ==, "not-normal");
  g_assert_cmpint (count_class (ds, "class", "normal"), ==, 51);
  g_assert_cmpint (count_class (ds, "class", "not-normal"), ==, 152);
  g_assert_cmpint (count_meta (ds, "shape", "normal"), ==, 51);
  g_assert_cmpint (count_meta (ds, "shape", "bimodal"), ==, 31);
  g_assert_cmpint (count_meta (ds, "shape", "skewed"), ==, 31);
  g_assert_cmpint (count_meta (ds, "shape", "uniform"), ==, 30);
  g_assert_cmpint (count_meta (ds, "shape", "laplace"), ==, 30);
  g_assert_cmpint (count_meta (ds, "shape", "triangular"), ==, 30);
  /* the rows are shuffled, not sorted by class */
  const float *y = cw_dataset_target_values (ds, j);
  int changes = 0;
  for (int i = 1; i < c.n; i++)
    changes += y[i] != y[i - 1];
  g_assert_cmpint (changes, >, 40);

  int counts[CW_GEN_MAX_GROUPS];
  const char *names[CW_GEN_MAX_GROUPS];
  g_assert_cmpint (cw_generator_groups (&c, counts, names), ==, 6);
  g_assert_cmpint (counts[0], ==, 51);
  g_assert_cmpint (counts[5], ==, 30);
  g_assert_cmpstr (names[5], ==, "triangular");
  cw_dataset_free (ds);

  /* only two shapes, all normal, none normal */
  c.shapes = 1u << CW_PDF_UNIFORM | 1u << CW_PDF_LAPLACE;
  c.n = 10;
  c.balance = 0.5;
  ds = generate (&c);
  g_assert_cmpint (count_meta (ds, "shape", "uniform"), ==, 3);
  g_assert_cmpint (count_meta (ds, "shape", "laplace"), ==, 2);
  g_assert_cmpint (count_meta (ds, "shape", "bimodal"), ==, 0);
  cw_dataset_free (ds);
  c.balance = 1;
  ds = generate (&c);
  g_assert_cmpint (count_class (ds, "class", "normal"), ==, 10);
  cw_dataset_free (ds);
  c.balance = 0;
  ds = generate (&c);
  g_assert_cmpint (count_class (ds, "class", "normal"), ==, 0);
  cw_dataset_free (ds);
}

static void
test_balance_ecg (void)
{
  cw_generator_config c = cw_generator_config_default (CW_GEN_ECG);
  c.n = 101;
  c.balance = 0.6; /* round(60.6) = 61 normal, 40 abnormal over 4 classes */
  cw_dataset *ds = generate (&c);
  int j = cw_dataset_find_target (ds, "beat");
  g_assert_cmpint (j, ==, 0);
  g_assert_cmpint (cw_dataset_n_classes (ds, j), ==, 5);
  const char *want[] = { "normal", "wide-qrs", "inverted-t", "missing-p", "st-elevation" };
  int want_count[] = { 61, 10, 10, 10, 10 };
  for (int k = 0; k < 5; k++)
    {
      g_assert_cmpstr (cw_dataset_class_name (ds, j, k), ==, want[k]);
      g_assert_cmpint (count_class (ds, "beat", want[k]), ==, want_count[k]);
    }
  cw_dataset_free (ds);

  c.abnormalities = 1u << CW_ECG_WIDE_QRS | 1u << CW_ECG_ST_ELEVATION;
  c.n = 20;
  c.balance = 0.5;
  ds = generate (&c);
  g_assert_cmpint (cw_dataset_n_classes (ds, 0), ==, 3);
  g_assert_cmpstr (cw_dataset_class_name (ds, 0, 2), ==, "st-elevation");
  g_assert_cmpint (count_class (ds, "beat", "wide-qrs"), ==, 5);
  g_assert_cmpint (count_class (ds, "beat", "st-elevation"), ==, 5);
  cw_dataset_free (ds);
}

/* ---- what the signals are ---- */

static void
test_pdf_signals (void)
{
  cw_generator_config c = cw_generator_config_default (CW_GEN_NORMAL_PDF);
  c.n = 120;
  c.length = 201;
  c.noise = 0;
  cw_dataset *ds = generate (&c);
  g_assert_cmpint (cw_dataset_n_channels (ds), ==, 1);
  g_assert_cmpint (cw_dataset_length (ds), ==, 201);
  const double *x = cw_dataset_axis (ds);
  g_assert_cmpfloat (x[0], ==, -5);
  g_assert_cmpfloat (x[100], ==, 0);
  g_assert_cmpfloat (x[200], ==, 5);
  g_assert_cmpstr (cw_dataset_axis_label (ds, 1), ==, "-4.95");
  double h = 0.05;
  int shape_col = cw_dataset_find_meta (ds, "shape"), normals = 0;
  for (int i = 0; i < c.n; i++)
    {
      const float *f = cw_dataset_signals (ds) + (size_t) i * 201;
      /* a density: non-negative, unit area (trapezoid) */
      double area = 0, m1 = 0, m2 = 0;
      for (int t = 0; t < 201; t++)
        {
          g_assert_cmpfloat (f[t], >=, 0);
          double w = (t == 0 || t == 200) ? 0.5 * h : h;
          area += w * f[t];
          m1 += w * f[t] * x[t];
          m2 += w * f[t] * x[t] * x[t];
        }
      g_assert_cmpfloat_with_epsilon (area, 1, 1e-5);
      const char *shape = cw_dataset_meta_value (ds, i, shape_col);
      if (strcmp (shape, "normal") == 0)
        {
          /* the bell of its own mean and SD, up to the tails cut at +-5 */
          double sd = sqrt (m2 - m1 * m1), peak = 0, worst = 0;
          g_assert_cmpfloat (fabs (m1), <=, 1.51);
          g_assert_cmpfloat (sd, >=, 0.55);
          g_assert_cmpfloat (sd, <=, 1.41);
          for (int t = 0; t < 201; t++)
            {
              double g = exp (-0.5 * (x[t] - m1) * (x[t] - m1) / (sd * sd)) / (sd * sqrt (2 * M_PI));
              worst = fmax (worst, fabs (f[t] - g));
              peak = fmax (peak, f[t]);
            }
          g_assert_cmpfloat (worst, <, 0.05 * peak);
          normals++;
        }
      else if (strcmp (shape, "uniform") == 0)
        {
          float level = 0;
          for (int t = 0; t < 201; t++)
            if (f[t] > 0)
              {
                if (level == 0)
                  level = f[t];
                g_assert_cmpfloat (f[t], ==, level);
              }
        }
      else if (strcmp (shape, "bimodal") == 0)
        {
          int maxima = 0;
          for (int t = 1; t < 200; t++)
            maxima += f[t] > f[t - 1] && f[t] >= f[t + 1];
          g_assert_cmpint (maxima, ==, 2);
        }
    }
  g_assert_cmpint (normals, ==, 60);
  cw_dataset_free (ds);
}

/* Gaussian FWHM w: h exp(-4 ln2 (l - c)^2 / w^2) */
static double
gaussian_peak (double h, double c, double w, double l)
{
  return h * exp (-4 * M_LN2 * (l - c) * (l - c) / (w * w));
}

static void
test_spectra (void)
{
  /* default: 3 overlapping Gaussian peaks, baseline and noise; target = the middle peak's height */
  cw_generator_config c = cw_generator_config_default (CW_GEN_SPECTRA);
  c.n = 50;
  cw_dataset *ds = generate (&c);
  g_assert_cmpint (cw_dataset_length (ds), ==, 256);
  g_assert_cmpfloat (cw_dataset_axis (ds)[0], ==, 400);
  g_assert_cmpfloat (cw_dataset_axis (ds)[255], ==, 700);
  g_assert_cmpstr (cw_dataset_target_name (ds, 0), ==, "peak2_height");
  g_assert_false (cw_dataset_target_is_categorical (ds, 0));
  g_assert_cmpint (cw_dataset_n_meta (ds), ==, 3);
  const float *y = cw_dataset_target_values (ds, 0);
  int h2 = cw_dataset_find_meta (ds, "height2");
  double lo = 1, hi = 0;
  for (int i = 0; i < c.n; i++)
    {
      g_assert_cmpfloat (y[i], ==, strtof (cw_dataset_meta_value (ds, i, h2), NULL));
      lo = fmin (lo, y[i]);
      hi = fmax (hi, y[i]);
    }
  g_assert_cmpfloat (lo, >=, 0.1f);
  g_assert_cmpfloat (hi, <=, 1.0f);
  g_assert_cmpfloat (hi - lo, >, 0.5);
  cw_dataset_free (ds);

  /* no baseline, no noise: the signal is exactly the sum of the peaks the meta columns report */
  c.baseline_offset = c.baseline_slope = c.baseline_curvature = 0;
  c.noise = 0;
  ds = generate (&c);
  const double *axis = cw_dataset_axis (ds);
  for (int i = 0; i < c.n; i++)
    for (int t = 0; t < 256; t++)
      {
        double v = 0;
        for (int k = 0; k < 3; k++)
          v += gaussian_peak (strtod (cw_dataset_meta_value (ds, i, k), NULL), c.peak_positions[k], 40,
                              axis[t]);
        g_assert_cmpfloat_with_epsilon (cw_dataset_signals (ds)[(size_t) i * 256 + t], v, 1e-5);
      }
  cw_dataset_free (ds);

  /* isolated narrow peaks on a 1 nm grid: the value at a peak's centre is the target, and both
   * profiles are at half height half a width away */
  for (int profile = CW_PEAK_GAUSSIAN; profile <= CW_PEAK_LORENTZIAN; profile++)
    {
      c.length = 301;
      c.peak_width = 6;
      c.profile = profile;
      c.target_weights[1] = 0;
      c.target_weights[2] = 1; /* the peak at 625 nm */
      ds = generate (&c);
      g_assert_cmpstr (cw_dataset_target_name (ds, 0), ==, "peak3_height");
      g_assert_cmpfloat (cw_dataset_axis (ds)[225], ==, 625);
      for (int i = 0; i < c.n; i++)
        {
          const float *s = cw_dataset_signals (ds) + (size_t) i * 301;
          float target = cw_dataset_target_values (ds, 0)[i];
          double other = profile == CW_PEAK_GAUSSIAN ? 1e-6 : 3e-3; /* Lorentzian tails reach far */
          g_assert_cmpfloat_with_epsilon (s[225], target, other);
          g_assert_cmpfloat_with_epsilon (s[228], 0.5 * target, other);
        }
      cw_dataset_free (ds);
    }

  /* a linear combination */
  c = cw_generator_config_default (CW_GEN_SPECTRA);
  c.n = 20;
  c.target_weights[0] = 0.5;
  c.target_weights[1] = 0;
  c.target_weights[2] = -2;
  ds = generate (&c);
  g_assert_cmpstr (cw_dataset_target_name (ds, 0), ==, "peak_combination");
  for (int i = 0; i < c.n; i++)
    {
      double want = 0.5 * strtod (cw_dataset_meta_value (ds, i, 0), NULL)
                    - 2 * strtod (cw_dataset_meta_value (ds, i, 2), NULL);
      g_assert_cmpfloat_with_epsilon (cw_dataset_target_values (ds, 0)[i], want, 1e-6);
    }
  cw_dataset_free (ds);
}

static void
test_ecg (void)
{
  /* without jitter or noise every beat of a class has the same waves; look where they should be */
  cw_generator_config c = cw_generator_config_default (CW_GEN_ECG);
  c.n = 50;
  c.length = 201; /* 4 ms per point over 800 ms */
  c.noise = 0;
  c.jitter = 0;
  cw_dataset *ds = generate (&c);
  const double *axis = cw_dataset_axis (ds);
  g_assert_cmpfloat (axis[1], ==, 4);
  g_assert_cmpfloat (axis[200], ==, 800);
  int p = 40, r = 78, st = 106, tw = 136; /* 160, 312, 424, 544 ms */
  const float *y = cw_dataset_target_values (ds, 0);
  const float *normal = NULL;
  for (int i = 0; i < c.n && !normal; i++)
    if (y[i] == 0)
      normal = cw_dataset_signals (ds) + (size_t) i * 201;
  g_assert_nonnull (normal);
  g_assert_cmpfloat_with_epsilon (normal[p], 0.15, 0.01);
  g_assert_cmpfloat (normal[r], >, 1.0);
  g_assert_cmpfloat_with_epsilon (normal[tw], 0.30, 0.02);
  for (int i = 0; i < c.n; i++)
    {
      const float *s = cw_dataset_signals (ds) + (size_t) i * 201;
      switch ((int) y[i])
        {
        case 0:
          g_assert_cmpmem (s, 201 * sizeof (float), normal, 201 * sizeof (float));
          break;
        case 1: /* wide QRS: a lower R and more of it above half height */
          {
            int wide = 0, narrow = 0;
            for (int t = 0; t < 201; t++)
              {
                wide += s[t] > 0.4;
                narrow += normal[t] > 0.4;
              }
            g_assert_cmpfloat (s[r], <, normal[r] - 0.1);
            g_assert_cmpint (wide, >, 2 * narrow);
            break;
          }
        case 2:
          g_assert_cmpfloat (s[tw], <, -0.1);
          g_assert_cmpfloat_with_epsilon (s[p], normal[p], 1e-6);
          break;
        case 3:
          g_assert_cmpfloat (fabs (s[p]), <, 0.01);
          g_assert_cmpfloat_with_epsilon (s[r], normal[r], 1e-6);
          break;
        case 4:
          g_assert_cmpfloat (s[st], >, normal[st] + 0.1);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  cw_dataset_free (ds);
}

/* ---- configuration ---- */

static void
test_config (void)
{
  cw_generator_config c = cw_generator_config_default (CW_GEN_ECG);
  cw_error err;
  g_assert_cmpint (cw_generator_config_check (&c, &err), ==, CW_OK);
  c.balance = 1.5;
  g_assert_null (cw_generate (&c, &err));
  g_assert_cmpint (err.status, ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "balance"));
  c = cw_generator_config_default (CW_GEN_SPECTRA);
  c.n_peaks = 9;
  g_assert_cmpint (cw_generator_config_check (&c, &err), ==, CW_ERR_INVALID_ARGUMENT);
  c = cw_generator_config_default (CW_GEN_NORMAL_PDF);
  c.length = 4;
  g_assert_cmpint (cw_generator_config_check (&c, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "length"));

  cw_generator kind;
  g_assert_true (cw_generator_from_name ("ECG", &kind));
  g_assert_cmpint (kind, ==, CW_GEN_ECG);
  g_assert_false (cw_generator_from_name ("sine", &kind));
  g_assert_cmpint (cw_generator_task (CW_GEN_NORMAL_PDF), ==, CW_TASK_BINARY);
  g_assert_cmpint (cw_generator_task (CW_GEN_SPECTRA), ==, CW_TASK_REGRESSION);
  g_assert_cmpint (cw_generator_task (CW_GEN_ECG), ==, CW_TASK_MULTICLASS);
  g_assert_cmpstr (cw_generator_axis_label (CW_GEN_SPECTRA), ==, "wavelength (nm)");

  c = cw_generator_config_default (CW_GEN_SPECTRA);
  c.n_peaks = 4;
  c.axis_min = 1000;
  c.axis_max = 2000;
  cw_generator_spread_peaks (&c);
  g_assert_cmpfloat (c.peak_positions[0], ==, 1200);
  g_assert_cmpfloat (c.peak_positions[3], ==, 1800);
}

/* ---- CSV round trip ---- */

static void
round_trip (const cw_dataset *ds)
{
  char *dir = g_dir_make_tmp ("cw-generate-XXXXXX", NULL);
  char *path = g_build_filename (dir, "data.csv", NULL);
  cw_error err;
  g_assert_cmpint (cw_dataset_save_csv (ds, path, &err), ==, CW_OK);
  cw_dataset *back = cw_dataset_load_csv (path, NULL, &err);
  if (!back)
    g_printerr ("%s\n", err.message);
  g_assert_nonnull (back);
  assert_same_data (ds, back);

  /* the text is the file */
  size_t size;
  char *text = cw_dataset_to_csv (ds, &size, &err), *contents;
  gsize file_size;
  g_assert_true (g_file_get_contents (path, &contents, &file_size, NULL));
  g_assert_cmpmem (text, size, contents, file_size);
  g_free (contents);
  free (text);
  cw_dataset_free (back);
  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
}

static void
test_csv_round_trip (void)
{
  for (int kind = 0; kind < CW_GEN_N; kind++)
    {
      cw_generator_config c = cw_generator_config_default (kind);
      c.n = 40;
      cw_dataset *ds = generate (&c);
      round_trip (ds);
      cw_dataset_free (ds);
    }
  cw_generator_config c = cw_generator_config_default (CW_GEN_SPECTRA);
  c.n = 5;
  c.length = 9;
  cw_dataset *ds = generate (&c);
  char *text = cw_dataset_to_csv (ds, NULL, NULL);
  g_assert_true (g_str_has_prefix (text, "meta:height1,meta:height2,meta:height3,target:peak2_height,"
                                         "400,437.5,475,512.5,550,587.5,625,662.5,700\n"));
  free (text);
  cw_dataset_free (ds);
}

/* A dataset read from a file is written with the digits it was read with: the doubles survive too. */
static void
test_csv_keeps_file_values (void)
{
  cw_error err;
  cw_dataset *ds = cw_dataset_load_csv (SHARED_DIR "/data/gasoline.csv", NULL, &err);
  if (!ds)
    g_printerr ("%s\n", err.message);
  g_assert_nonnull (ds);
  size_t size;
  char *text = cw_dataset_to_csv (ds, &size, &err);
  g_assert_nonnull (text);
  cw_dataset *back = cw_dataset_parse_csv (text, size, "saved gasoline", NULL, &err);
  g_assert_nonnull (back);
  assert_same_data (ds, back);
  size_t n = (size_t) cw_dataset_n_samples (ds) * (size_t) cw_dataset_length (ds);
  g_assert_cmpmem (cw_dataset_signals_f64 (ds), n * sizeof (double), cw_dataset_signals_f64 (back),
                   n * sizeof (double));
  g_assert_cmpmem (cw_dataset_target_values_f64 (ds, 0), cw_dataset_n_samples (ds) * sizeof (double),
                   cw_dataset_target_values_f64 (back, 0), cw_dataset_n_samples (back) * sizeof (double));
  /* the first row as the file has it (cells unquoted, the same digits) */
  const char *row = strchr (text, '\n') + 1;
  g_assert_true (g_str_has_prefix (row, "1,train,85.3,-0.050193,-0.045903,-0.042187,"));
  free (text);
  cw_dataset_free (back);
  cw_dataset_free (ds);
}

static void
test_labelled (void)
{
  /* names that need quoting, a missing target, a value that needs all 9 digits */
  const float x[] = { 0.1f, 1e-7f, -3, 2.5f, 1.0f / 3, 16777216, 0, -0.0f, 7 };
  const float y[] = { 1, NAN, 0 };
  const double axis[] = { 0.5, 1e-3, 1234567.25 };
  const char *classes[] = { "plain", "with, comma \"quoted\"" };
  const char *meta_names[] = { "batch;id", "note" };
  const char *meta_values[] = { "a", " padded ", "b", NULL, "c", "line" };
  cw_dataset_labels labels = {
    .source = "test", .axis = axis, .target_name = "kind", .y = y, .n_classes = 2,
    .class_names = classes, .n_meta = 2, .meta_names = meta_names, .meta_values = meta_values,
  };
  cw_dataset *ds = cw_dataset_new_labelled (3, 1, 3, x, &labels);
  g_assert_nonnull (ds);
  g_assert_cmpstr (cw_dataset_source (ds), ==, "test");
  g_assert_cmpstr (cw_dataset_axis_label (ds, 1), ==, "0.001");
  g_assert_cmpstr (cw_dataset_axis_label (ds, 2), ==, "1234567.25");
  g_assert_cmpstr (cw_dataset_target_name (ds, 0), ==, "kind");
  g_assert_true (cw_dataset_target_is_categorical (ds, 0));
  g_assert_cmpstr (cw_dataset_class_name (ds, 0, 1), ==, "with, comma \"quoted\"");
  g_assert_true (isnan (cw_dataset_target_values (ds, 0)[1]));
  g_assert_cmpstr (cw_dataset_meta_value (ds, 0, 1), ==, " padded ");
  g_assert_cmpstr (cw_dataset_meta_value (ds, 1, 1), ==, "");

  char *text = cw_dataset_to_csv (ds, NULL, NULL);
  g_assert_true (g_str_has_prefix (text, "\"meta:batch;id\",meta:note,target:kind,0.5,0.001,1234567.25\n"
                                         "a,\" padded \",\"with, comma \"\"quoted\"\"\",0.1,1e-07,-3\n"));
  cw_dataset *back = cw_dataset_parse_csv (text, strlen (text), "text", NULL, NULL);
  g_assert_nonnull (back);
  assert_same_data (ds, back);
  cw_dataset_free (back);
  free (text);

  /* the wide format has one channel */
  cw_dataset *two = cw_dataset_new_from_arrays (1, 2, 3, x, 0, NULL);
  cw_error err;
  g_assert_null (cw_dataset_to_csv (two, NULL, &err));
  g_assert_cmpint (err.status, ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_cmpint (cw_dataset_save_csv (two, "/nonexistent/x.csv", &err), ==, CW_ERR_INVALID_ARGUMENT);
  cw_dataset_free (two);
  g_assert_cmpint (cw_dataset_save_csv (ds, "/nonexistent/x.csv", &err), ==, CW_ERR_IO);
  g_assert_nonnull (strstr (err.message, "/nonexistent/x.csv"));
  cw_dataset_free (ds);
}

/* ---- immediately trainable ---- */

static void
test_trainable (void)
{
  cw_generator_config c = cw_generator_config_default (CW_GEN_NORMAL_PDF);
  c.n = 300;
  c.length = 64;
  cw_dataset *ds = generate (&c);
  int col = 0, k;
  float *y;
  cw_error err;
  g_assert_cmpint (cw_dataset_encode_targets (ds, CW_TASK_BINARY, &col, 1, &y, &k, &err), ==, CW_OK);
  cw_spec *spec = cw_spec_parse ("conv(8,k=5) relu maxpool(2) conv(8,k=5) relu flatten dense(16) relu dense(1)",
                                 &err);
  cw_model *m = cw_model_new (spec, 1, 64, CW_TASK_BINARY, 1, &err);
  g_assert_nonnull (m);
  cw_train_config tc = cw_train_config_default (CW_TASK_BINARY);
  tc.epochs = 40;
  unsigned char *is_val = g_new0 (unsigned char, c.n);
  cw_split_random (c.n, 0.25, 3, is_val);
  cw_xy train = cw_xy_select (cw_dataset_signals (ds), y, c.n, 64, 1, is_val, false);
  cw_xy val = cw_xy_select (cw_dataset_signals (ds), y, c.n, 64, 1, is_val, true);
  cw_history hist;
  g_assert_cmpint (cw_train (m, &tc, train, val, NULL, &hist, &err), ==, CW_OK);
  float *pred = g_new (float, val.n);
  g_assert_cmpint (cw_model_predict (m, val.x, val.n, pred, &err), ==, CW_OK);
  cw_metrics met;
  cw_metrics_compute (CW_TASK_BINARY, pred, val.y, val.n, 1, &met);
  g_test_message ("normal-pdf: validation accuracy %.3f after %d epochs", met.accuracy, tc.epochs);
  g_assert_cmpfloat (met.accuracy, >, 0.8);
  cw_metrics_clear (&met);
  cw_history_clear (&hist);
  g_free (pred);
  cw_xy_free (&train);
  cw_xy_free (&val);
  g_free (is_val);
  free (y);
  cw_model_free (m);
  cw_spec_free (spec);
  cw_dataset_free (ds);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/generate/reproducible", test_reproducible);
  g_test_add_func ("/generate/balance/normal-pdf", test_balance_pdf);
  g_test_add_func ("/generate/balance/ecg", test_balance_ecg);
  g_test_add_func ("/generate/normal-pdf", test_pdf_signals);
  g_test_add_func ("/generate/spectra", test_spectra);
  g_test_add_func ("/generate/ecg", test_ecg);
  g_test_add_func ("/generate/config", test_config);
  g_test_add_func ("/generate/csv-round-trip", test_csv_round_trip);
  g_test_add_func ("/generate/csv-keeps-file-values", test_csv_keeps_file_values);
  g_test_add_func ("/generate/labelled", test_labelled);
  g_test_add_func ("/generate/trainable", test_trainable);
  return g_test_run ();
}
