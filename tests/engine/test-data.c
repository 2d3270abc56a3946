/* test-data.c — datasets beyond the reader: arrays, subsets, target encoding for each task, validation
 * splits, and augmentation (identity when off, shifts, noise statistics, determinism). */
#include "cw-data.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#define GASOLINE SHARED_DIR "/data/gasoline.csv"

static cw_dataset *
load (const char *path)
{
  cw_error err;
  cw_dataset *ds = cw_dataset_load_csv (path, NULL, &err);
  if (!ds)
    g_printerr ("%s\n", err.message);
  g_assert_nonnull (ds);
  return ds;
}

static cw_dataset *
load_fixture (const char *name)
{
  char *path = g_build_filename (FIXTURES_DIR, name, NULL);
  cw_dataset *ds = load (path);
  g_free (path);
  return ds;
}

/* ---- arrays and subsets ---- */

static void
test_from_arrays (void)
{
  const int n = 3, c = 2, l = 4;
  float x[3 * 2 * 4], y[3 * 2];
  for (int i = 0; i < n * c * l; i++)
    x[i] = (float) i * 0.5f;
  for (int i = 0; i < n * 2; i++)
    y[i] = (float) (i * 10);
  cw_dataset *ds = cw_dataset_new_from_arrays (n, c, l, x, 2, y);
  x[0] = 99; /* copied, not referenced */
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 3);
  g_assert_cmpint (cw_dataset_n_channels (ds), ==, 2);
  g_assert_cmpint (cw_dataset_length (ds), ==, 4);
  g_assert_cmpfloat (cw_dataset_signals (ds)[0], ==, 0);
  g_assert_cmpfloat (cw_dataset_signals (ds)[23], ==, 11.5f);
  g_assert_cmpfloat (cw_dataset_axis (ds)[3], ==, 3.0);
  g_assert_cmpstr (cw_dataset_axis_label (ds, 3), ==, "3");
  g_assert_cmpint (cw_dataset_n_targets (ds), ==, 2);
  g_assert_cmpstr (cw_dataset_target_name (ds, 1), ==, "y2");
  /* y is row-major n x n_targets: target 1 of row 2 is y[2 * 2 + 1]. */
  g_assert_cmpfloat (cw_dataset_target_values (ds, 1)[2], ==, 50);
  g_assert_cmpfloat (cw_dataset_target_values (ds, 0)[1], ==, 20);
  g_assert_cmpint (cw_dataset_n_meta (ds), ==, 0);

  /* Rows made from arrays are named by number in messages. */
  float *yy = NULL;
  int k = 0, col = 0;
  cw_error err;
  g_assert_cmpint (cw_dataset_encode_targets (ds, CW_TASK_BINARY, &col, 1, &yy, &k, &err), ==,
                   CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "row 2 holds 20"));
  cw_dataset_free (ds);

  ds = cw_dataset_new_from_arrays (n, c, l, x, 2, NULL);
  g_assert_cmpint (cw_dataset_n_targets (ds), ==, 0);
  cw_dataset_free (ds);
}

static void
test_subset (void)
{
  cw_dataset *ds = load_fixture ("classes.csv");
  const int rows[] = { 5, 0, 5 };
  cw_dataset *sub = cw_dataset_subset (ds, rows, 3);
  g_assert_cmpint (cw_dataset_n_samples (sub), ==, 3);
  g_assert_cmpint (cw_dataset_length (sub), ==, cw_dataset_length (ds));
  int l = cw_dataset_length (ds);
  for (int i = 0; i < 3; i++)
    {
      g_assert_cmpmem (cw_dataset_signals (sub) + i * l, l * sizeof (float),
                       cw_dataset_signals (ds) + rows[i] * l, l * sizeof (float));
      g_assert_cmpstr (cw_dataset_meta_value (sub, i, 0), ==, cw_dataset_meta_value (ds, rows[i], 0));
      for (int j = 0; j < cw_dataset_n_targets (ds); j++)
        g_assert_cmpfloat (cw_dataset_target_values (sub, j)[i], ==,
                           cw_dataset_target_values (ds, j)[rows[i]]);
    }
  g_assert_cmpstr (cw_dataset_meta_value (sub, 1, 0), ==, "a");
  g_assert_cmpstr (cw_dataset_axis_label (sub, 2), ==, "3");
  g_assert_cmpstr (cw_dataset_source (sub), ==, cw_dataset_source (ds));
  int grade = cw_dataset_find_target (sub, "grade");
  g_assert_true (cw_dataset_target_is_categorical (sub, grade));
  g_assert_cmpint (cw_dataset_n_classes (sub, grade), ==, 3);   /* all classes kept, even unseen ones */
  g_assert_cmpstr (cw_dataset_class_name (sub, grade, 2), ==, "high");

  /* Lines follow the rows: a subset still names the file's line in messages. */
  int level = cw_dataset_find_target (sub, "level");
  float *y = NULL;
  int k = 0;
  cw_error err;
  g_assert_cmpint (cw_dataset_encode_targets (sub, CW_TASK_BINARY, &level, 1, &y, &k, &err), ==,
                   CW_ERR_INVALID_ARGUMENT);
  g_assert_cmpint (err.line, ==, 2); /* row 1 of the subset is row 0 of the file, line 2, level 3 */
  cw_dataset_free (sub);

  sub = cw_dataset_subset (ds, NULL, 0);
  g_assert_cmpint (cw_dataset_n_samples (sub), ==, 0);
  cw_dataset_free (sub);
  cw_dataset_free (ds);
}

/* ---- target encoding ---- */

static void
test_encode_regression (void)
{
  cw_dataset *ds = load (GASOLINE);
  float *y = NULL;
  int k = 0, col = 0;
  cw_error err;
  g_assert_cmpint (cw_dataset_encode_targets (ds, CW_TASK_REGRESSION, &col, 1, &y, &k, &err), ==, CW_OK);
  g_assert_cmpint (k, ==, 1);
  g_assert_cmpmem (y, 60 * sizeof (float), cw_dataset_target_values (ds, 0), 60 * sizeof (float));
  free (y);

  /* Regression on a class column, or classes from numbers, are refused with a reason. */
  g_assert_cmpint (cw_dataset_encode_targets (ds, CW_TASK_MULTICLASS, &col, 1, &y, &k, &err), ==,
                   CW_ERR_INVALID_ARGUMENT);
  g_assert_null (y);
  g_assert_nonnull (strstr (err.message, "holds numbers, not classes"));
  g_assert_cmpint (cw_dataset_encode_targets (ds, CW_TASK_BINARY, &col, 1, &y, &k, &err), ==,
                   CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "line 2 holds 85.3"));
  int bad = 1;
  g_assert_cmpint (cw_dataset_encode_targets (ds, CW_TASK_REGRESSION, &bad, 1, &y, &k, &err), ==,
                   CW_ERR_INVALID_ARGUMENT);
  g_assert_cmpint (cw_dataset_encode_targets (ds, CW_TASK_REGRESSION, &col, 0, &y, &k, &err), ==,
                   CW_ERR_INVALID_ARGUMENT);
  cw_dataset_free (ds);

  ds = load_fixture ("classes.csv");
  int cols[] = { cw_dataset_find_target (ds, "level"), cw_dataset_find_target (ds, "flag") };
  g_assert_cmpint (cw_dataset_encode_targets (ds, CW_TASK_REGRESSION, cols, 2, &y, &k, &err), ==, CW_OK);
  g_assert_cmpint (k, ==, 2);
  const float expected[] = { 3, 1, 1, 0, 10, 1, 2, 0, 3, 1, 1, 0 };
  for (int i = 0; i < 12; i++)
    g_assert_cmpfloat (y[i], ==, expected[i]);
  free (y);
  int grade = cw_dataset_find_target (ds, "grade");
  g_assert_cmpint (cw_dataset_encode_targets (ds, CW_TASK_REGRESSION, &grade, 1, &y, &k, &err), ==,
                   CW_ERR_INVALID_ARGUMENT);
  /* grade has no value on line 6 ("NA"): that is what stops it first. */
  g_assert_nonnull (strstr (err.message, "line 6 has no value for target 'grade'"));
  cw_dataset_free (ds);
}

static void
test_encode_classes (void)
{
  cw_dataset *ds = load_fixture ("classes.csv");
  /* Drop the row without a grade (line 6) first, as a caller would. */
  const int rows[] = { 0, 1, 2, 3, 5 };
  cw_dataset *sub = cw_dataset_subset (ds, rows, 5);
  int grade = cw_dataset_find_target (sub, "grade"), flag = cw_dataset_find_target (sub, "flag");
  int level = cw_dataset_find_target (sub, "level");
  float *y = NULL;
  int k = 0;
  cw_error err;

  /* Multiclass: one-hot over the classes in their order (mid, low, high). */
  g_assert_cmpint (cw_dataset_encode_targets (sub, CW_TASK_MULTICLASS, &grade, 1, &y, &k, &err), ==, CW_OK);
  g_assert_cmpint (k, ==, 3);
  const float onehot[] = { 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0 };
  g_assert_cmpmem (y, sizeof onehot, onehot, sizeof onehot);
  free (y);

  /* Binary from a 0/1 number column; from a three-class column it is refused. */
  g_assert_cmpint (cw_dataset_encode_targets (sub, CW_TASK_BINARY, &flag, 1, &y, &k, &err), ==, CW_OK);
  g_assert_cmpint (k, ==, 1);
  const float flags[] = { 1, 0, 1, 0, 0 };
  g_assert_cmpmem (y, sizeof flags, flags, sizeof flags);
  free (y);
  g_assert_cmpint (cw_dataset_encode_targets (sub, CW_TASK_BINARY, &grade, 1, &y, &k, &err), ==,
                   CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "has 3 classes"));
  int two[] = { grade, flag };
  g_assert_cmpint (cw_dataset_encode_targets (sub, CW_TASK_BINARY, two, 2, &y, &k, &err), ==,
                   CW_ERR_INVALID_ARGUMENT);

  /* Multiclass from integer labels once they are classes: sorted 1, 2, 3, 10. */
  g_assert_cmpint (cw_dataset_encode_targets (sub, CW_TASK_MULTICLASS, &level, 1, &y, &k, &err), ==,
                   CW_ERR_INVALID_ARGUMENT);
  g_assert_cmpint (cw_dataset_make_categorical (sub, level, &err), ==, CW_OK);
  g_assert_cmpint (cw_dataset_encode_targets (sub, CW_TASK_MULTICLASS, &level, 1, &y, &k, &err), ==, CW_OK);
  g_assert_cmpint (k, ==, 4);
  const float levels[] = { 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0 }; /* 3 1 10 2 1 */
  g_assert_cmpmem (y, sizeof levels, levels, sizeof levels);
  free (y);
  cw_dataset_free (sub);
  cw_dataset_free (ds);

  /* Multilabel: several 0/1 columns side by side; a two-class text column counts as 0/1. */
  const char *text = "meta:id,target:a,target:b,target:c,1,2\n"
                     "r1,1,yes,0,0.5,0.5\n"
                     "r2,0,no,0,0.5,0.5\n"
                     "r3,1,no,1,0.5,0.5\n";
  ds = cw_dataset_parse_csv (text, strlen (text), "labels", NULL, &err);
  g_assert_nonnull (ds);
  int all[] = { 0, 1, 2 };
  g_assert_cmpint (cw_dataset_encode_targets (ds, CW_TASK_MULTILABEL, all, 3, &y, &k, &err), ==, CW_OK);
  g_assert_cmpint (k, ==, 3);
  const float labels[] = { 1, 0, 0, 0, 1, 0, 1, 1, 1 }; /* "yes" is class 0: first seen */
  g_assert_cmpmem (y, sizeof labels, labels, sizeof labels);
  free (y);
  cw_dataset_free (ds);
}

/* A numeric column of only 0 and 1 is a yes/no label; anything else, or a single value, is not. */
static void
test_zero_one (void)
{
  const char *text = "target:flag,target:all_zero,target:count,target:name,target:gappy,1,2\n"
                     "1,0,0,a,1,0.5,0.5\n"
                     "0,0,1,b,,0.5,0.5\n"
                     "1,0,2,a,0,0.5,0.5\n"
                     "0,0,1,b,1,0.5,0.5\n";
  cw_error err;
  cw_error_clear (&err);
  cw_dataset *ds = cw_dataset_parse_csv (text, strlen (text), "flags", NULL, &err);
  g_assert_nonnull (ds);
  g_assert_true (cw_dataset_target_is_zero_one (ds, 0));
  g_assert_false (cw_dataset_target_is_zero_one (ds, 1)); /* only 0: one value is no label */
  g_assert_false (cw_dataset_target_is_zero_one (ds, 2)); /* 0, 1, 2: a count */
  g_assert_false (cw_dataset_target_is_zero_one (ds, 3)); /* text classes are categorical already */
  g_assert_true (cw_dataset_target_is_zero_one (ds, 4));  /* a missing cell aside */
  /* As classes they are "0" and "1", in numeric order. */
  g_assert_cmpint (cw_dataset_make_categorical (ds, 0, &err), ==, CW_OK);
  g_assert_cmpint (cw_dataset_n_classes (ds, 0), ==, 2);
  g_assert_cmpstr (cw_dataset_class_name (ds, 0, 0), ==, "0");
  g_assert_cmpstr (cw_dataset_class_name (ds, 0, 1), ==, "1");
  g_assert_cmpfloat (cw_dataset_target_values (ds, 0)[0], ==, 1);
  g_assert_false (cw_dataset_target_is_zero_one (ds, 0)); /* now categorical */
  cw_dataset_free (ds);
}

/* ---- splits ---- */

static void
test_split_random (void)
{
  const int sizes[] = { 0, 1, 7, 10, 60, 1001 };
  const double fractions[] = { 0, 0.2, 0.25, 0.5, 0.999, 1 };
  unsigned char a[1001], b[1001];
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint f = 0; f < G_N_ELEMENTS (fractions); f++)
      {
        int n = sizes[s];
        cw_split_random (n, fractions[f], 42, a);
        int count = 0;
        for (int i = 0; i < n; i++)
          {
            g_assert_true (a[i] == 0 || a[i] == 1);
            count += a[i];
          }
        g_assert_cmpint (count, ==, (int) lround (fractions[f] * n));
        cw_split_random (n, fractions[f], 42, b);
        g_assert_cmpmem (a, n, b, n); /* same seed, same rows */
      }
  /* 0.25 of 10 is 2.5: rounds to 3; 0.2 of 60 is 12. */
  cw_split_random (10, 0.25, 1, a);
  int count = 0;
  for (int i = 0; i < 10; i++)
    count += a[i];
  g_assert_cmpint (count, ==, 3);

  /* Different seeds pick different rows, and over many seeds every row is picked about equally. */
  cw_split_random (60, 0.2, 1, a);
  cw_split_random (60, 0.2, 2, b);
  g_assert_cmpint (memcmp (a, b, 60), !=, 0);
  int picked[60] = { 0 };
  const int seeds = 5000;
  for (int s = 0; s < seeds; s++)
    {
      cw_split_random (60, 0.2, (uint64_t) s, a);
      for (int i = 0; i < 60; i++)
        picked[i] += a[i];
    }
  /* Each row: Binomial(5000, 0.2): mean 1000, SD 28; 5 SD either side. */
  for (int i = 0; i < 60; i++)
    {
      g_assert_cmpint (picked[i], >, 1000 - 140);
      g_assert_cmpint (picked[i], <, 1000 + 140);
    }
}

static void
test_split_by_meta (void)
{
  cw_dataset *ds = load (GASOLINE);
  unsigned char is_val[60];
  cw_error err;
  g_assert_cmpint (cw_split_by_meta (ds, "split_vignette", "test", is_val, &err), ==, CW_OK);
  int sample = cw_dataset_find_meta (ds, "sample");
  for (int i = 0; i < 60; i++)
    {
      int number = atoi (cw_dataset_meta_value (ds, i, sample));
      g_assert_cmpint (is_val[i], ==, number >= 51 && number <= 60);
    }
  int count = 0;
  for (int i = 0; i < 60; i++)
    count += is_val[i];
  g_assert_cmpint (count, ==, 10);

  /* Several values, the prefix, and blanks around values. */
  g_assert_cmpint (cw_split_by_meta (ds, "meta:split_vignette", " test , train", is_val, &err), ==, CW_OK);
  for (int i = 0; i < 60; i++)
    g_assert_cmpint (is_val[i], ==, 1);
  g_assert_cmpint (cw_split_by_meta (ds, "sample", "1,60,7", is_val, &err), ==, CW_OK);
  count = 0;
  for (int i = 0; i < 60; i++)
    count += is_val[i];
  g_assert_cmpint (count, ==, 3);
  g_assert_true (is_val[0] && is_val[6] && is_val[59]);

  /* Mistakes are named. */
  g_assert_cmpint (cw_split_by_meta (ds, "split", "test", is_val, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "no meta column named 'split'"));
  g_assert_nonnull (strstr (err.message, "split_vignette"));
  g_assert_cmpint (cw_split_by_meta (ds, "split_vignette", "tset", is_val, &err), ==,
                   CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "'train', 'test'"));
  g_assert_cmpint (cw_split_by_meta (ds, "split_vignette", " , ", is_val, &err), ==, CW_ERR_INVALID_ARGUMENT);
  cw_dataset_free (ds);
}

/* ---- augmentation ---- */

static void
test_augment_off (void)
{
  cw_augment off = { 0 };
  g_assert_false (cw_augment_active (&off));
  g_assert_false (cw_augment_active (NULL));
  cw_augment on = { .slope = 0.1f };
  g_assert_true (cw_augment_active (&on));

  cw_dataset *ds = load (GASOLINE);
  gsize bytes = 60 * 401 * sizeof (float);
  float *x = g_memdup2 (cw_dataset_signals (ds), bytes);
  cw_rng rng, before;
  cw_rng_seed (&rng, 9);
  before = rng;
  cw_augment_apply (&off, x, 60, 1, 401, &rng);
  g_assert_cmpmem (x, bytes, cw_dataset_signals (ds), bytes);
  g_assert_cmpmem (&rng, sizeof rng, &before, sizeof before); /* no random numbers used either */
  g_free (x);
  cw_dataset_free (ds);
}

static void
test_augment_shift (void)
{
  /* Each sample of two channels is a ramp 0..L-1 (channel 1 offset by 100); a shift by d gives
   * x'[t] = clamp (t - d), the same d for both channels, edges repeated. */
  const int n = 500, c = 2, l = 16, max = 3;
  float *x = g_new (float, n * c * l);
  for (int i = 0; i < n; i++)
    for (int ch = 0; ch < c; ch++)
      for (int t = 0; t < l; t++)
        x[(i * c + ch) * l + t] = (float) t + 100.0f * ch;
  cw_augment aug = { .shift = max };
  cw_rng rng;
  cw_rng_seed (&rng, 5);
  cw_augment_apply (&aug, x, n, c, l, &rng);
  int seen[2 * 3 + 1] = { 0 };
  for (int i = 0; i < n; i++)
    {
      const float *v = x + i * c * l;
      /* The middle value tells the shift: x'[8] = 8 - d. */
      int d = 8 - (int) v[8];
      g_assert_cmpint (d, >=, -max);
      g_assert_cmpint (d, <=, max);
      seen[d + max]++;
      for (int ch = 0; ch < c; ch++)
        for (int t = 0; t < l; t++)
          {
            int src = CLAMP (t - d, 0, l - 1);
            g_assert_cmpfloat (v[ch * l + t], ==, (float) src + 100.0f * ch);
          }
    }
  /* Every shift in -3..3 occurs (500 draws, 7 values: about 71 each). */
  for (int s = 0; s < 2 * max + 1; s++)
    g_assert_cmpint (seen[s], >, 30);
  g_free (x);
}

static void
mean_sd (const double *v, int n, double *mean, double *sd)
{
  double s = 0, ss = 0;
  for (int i = 0; i < n; i++)
    s += v[i];
  *mean = s / n;
  for (int i = 0; i < n; i++)
    ss += (v[i] - *mean) * (v[i] - *mean);
  *sd = sqrt (ss / (n - 1));
}

static void
test_augment_statistics (void)
{
  const int n = 4000, l = 50;
  float *x = g_new (float, n * l);
  double *stat = g_new (double, n * l);
  cw_rng rng;
  cw_rng_seed (&rng, 77);
  double mean, sd;

  /* Noise on zeros: N(0, 0.3^2) per value, independent between neighbours. */
  memset (x, 0, n * l * sizeof (float));
  cw_augment noise = { .noise = 0.3f };
  cw_augment_apply (&noise, x, n, 1, l, &rng);
  double lag = 0;
  for (int i = 0; i < n * l; i++)
    {
      stat[i] = x[i];
      if (i % l)
        lag += (double) x[i] * x[i - 1];
    }
  mean_sd (stat, n * l, &mean, &sd);
  g_assert_cmpfloat_with_epsilon (mean, 0.0, 0.005); /* SE 0.3 / sqrt (200000) = 0.0007 */
  g_assert_cmpfloat_with_epsilon (sd, 0.3, 0.005);
  g_assert_cmpfloat_with_epsilon (lag / (n * (l - 1)) / (sd * sd), 0.0, 0.02);

  /* Scale on ones: one factor 1 + N(0, 0.1^2) per sample, the same along the signal. */
  for (int i = 0; i < n * l; i++)
    x[i] = 1;
  cw_augment scale = { .scale = 0.1f };
  cw_augment_apply (&scale, x, n, 1, l, &rng);
  for (int i = 0; i < n; i++)
    {
      for (int t = 1; t < l; t++)
        g_assert_cmpfloat (x[i * l + t], ==, x[i * l]);
      stat[i] = x[i * l];
    }
  mean_sd (stat, n, &mean, &sd);
  g_assert_cmpfloat_with_epsilon (mean, 1.0, 0.006); /* SE 0.0016 */
  g_assert_cmpfloat_with_epsilon (sd, 0.1, 0.006);

  /* Offset on zeros: a constant N(0, 0.2^2) per sample. */
  memset (x, 0, n * l * sizeof (float));
  cw_augment offset = { .offset = 0.2f };
  cw_augment_apply (&offset, x, n, 1, l, &rng);
  for (int i = 0; i < n; i++)
    {
      for (int t = 1; t < l; t++)
        g_assert_cmpfloat (x[i * l + t], ==, x[i * l]);
      stat[i] = x[i * l];
    }
  mean_sd (stat, n, &mean, &sd);
  g_assert_cmpfloat_with_epsilon (mean, 0.0, 0.012);
  g_assert_cmpfloat_with_epsilon (sd, 0.2, 0.012);

  /* Slope on zeros: b (t/(L-1) - 1/2): a straight line through zero at the middle, end minus start = b. */
  memset (x, 0, n * l * sizeof (float));
  cw_augment slope = { .slope = 0.5f };
  cw_augment_apply (&slope, x, n, 1, l, &rng);
  for (int i = 0; i < n; i++)
    {
      const float *v = x + i * l;
      double b = (double) v[l - 1] - v[0];
      g_assert_cmpfloat_with_epsilon (v[0], -0.5 * b, 1e-6);
      for (int t = 0; t < l; t++)
        g_assert_cmpfloat_with_epsilon (v[t], b * ((double) t / (l - 1) - 0.5), 1e-5);
      stat[i] = b;
    }
  mean_sd (stat, n, &mean, &sd);
  g_assert_cmpfloat_with_epsilon (mean, 0.0, 0.03);
  g_assert_cmpfloat_with_epsilon (sd, 0.5, 0.03);

  g_free (stat);
  g_free (x);
}

static void
test_augment_determinism (void)
{
  cw_dataset *ds = load (GASOLINE);
  gsize bytes = 60 * 401 * sizeof (float);
  float *a = g_memdup2 (cw_dataset_signals (ds), bytes);
  float *b = g_memdup2 (cw_dataset_signals (ds), bytes);
  float *c = g_memdup2 (cw_dataset_signals (ds), bytes);
  cw_augment aug = { .shift = 4, .noise = 0.01f, .scale = 0.05f, .offset = 0.02f, .slope = 0.03f };
  cw_rng r1, r2, r3;
  cw_rng_seed (&r1, 1234);
  cw_rng_seed (&r2, 1234);
  cw_rng_seed (&r3, 1235);
  cw_augment_apply (&aug, a, 60, 1, 401, &r1);
  cw_augment_apply (&aug, b, 60, 1, 401, &r2);
  cw_augment_apply (&aug, c, 60, 1, 401, &r3);
  g_assert_cmpmem (a, bytes, b, bytes);
  g_assert_cmpint (memcmp (a, c, bytes), !=, 0);
  g_assert_cmpint (memcmp (a, cw_dataset_signals (ds), bytes), !=, 0);
  /* Augmentation perturbs, it does not wreck: every value stays close to the original spectrum. */
  const float *orig = cw_dataset_signals (ds);
  double worst = 0;
  for (int i = 0; i < 60 * 401; i++)
    worst = MAX (worst, fabs (a[i] - orig[i]));
  g_assert_cmpfloat (worst, <, 0.5);
  g_free (a);
  g_free (b);
  g_free (c);
  cw_dataset_free (ds);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/data/from-arrays", test_from_arrays);
  g_test_add_func ("/data/subset", test_subset);
  g_test_add_func ("/data/encode-regression", test_encode_regression);
  g_test_add_func ("/data/encode-classes", test_encode_classes);
  g_test_add_func ("/data/zero-one", test_zero_one);
  g_test_add_func ("/data/split-random", test_split_random);
  g_test_add_func ("/data/split-by-meta", test_split_by_meta);
  g_test_add_func ("/data/augment-off", test_augment_off);
  g_test_add_func ("/data/augment-shift", test_augment_shift);
  g_test_add_func ("/data/augment-statistics", test_augment_statistics);
  g_test_add_func ("/data/augment-determinism", test_augment_determinism);
  return g_test_run ();
}
