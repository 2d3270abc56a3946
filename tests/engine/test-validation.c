/* test-validation.c — validation plans (fold sizes and order, seeded shuffles, groups kept together,
 * test splits by rows, ranges and meta values, errors), the one-standard-error rule, the CV driver's
 * structure (pooled predictions = per-fold refits, thread count does not matter, PLS-DA accuracy), and
 * leakage: held-out rows never influence preprocessing or fitting. */
#include "cw-validation.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GASOLINE SHARED_DIR "/data/gasoline.csv"

static void
assert_ok (cw_status st, const cw_error *err)
{
  if (st != CW_OK)
    g_printerr ("%s\n", err->message);
  g_assert_cmpint (st, ==, CW_OK);
}

/* ---- plans ---- */

static void
test_kfold_consecutive (void)
{
  cw_error err;
  cw_cv_plan plan;
  cw_cv_plan_init (&plan, 23);
  assert_ok (cw_cv_plan_kfold (&plan, 5, false, 0, &err), &err);
  /* 23 = 5 x 4 + 3: the first three folds take 5 rows, the last two 4, in row order. */
  const int sizes[5] = { 5, 5, 5, 4, 4 };
  int row = 0;
  for (int f = 0; f < 5; f++)
    for (int j = 0; j < sizes[f]; j++)
      g_assert_cmpint (plan.fold[row++], ==, f);
  g_assert_cmpint (plan.n_folds, ==, 5);
  g_assert_cmpstr (plan.label, ==, "5-fold consecutive");
  cw_cv_plan_clear (&plan);

  cw_cv_plan_init (&plan, 60);
  assert_ok (cw_cv_plan_kfold (&plan, 10, false, 0, &err), &err);
  for (int i = 0; i < 60; i++)
    g_assert_cmpint (plan.fold[i], ==, i / 6); /* 1-6, 7-12, ...: the reference's folds */
  g_assert_cmpint (cw_cv_plan_kfold (&plan, 1, false, 0, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_cmpint (cw_cv_plan_kfold (&plan, 61, false, 0, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "from 2 to 60"));
  cw_cv_plan_clear (&plan);
}

static void
test_kfold_random (void)
{
  cw_error err;
  cw_cv_plan a, b, c;
  cw_cv_plan_init (&a, 50);
  cw_cv_plan_init (&b, 50);
  cw_cv_plan_init (&c, 50);
  assert_ok (cw_cv_plan_kfold (&a, 7, true, 42, &err), &err);
  assert_ok (cw_cv_plan_kfold (&b, 7, true, 42, &err), &err);
  assert_ok (cw_cv_plan_kfold (&c, 7, true, 43, &err), &err);
  g_assert_cmpmem (a.fold, 50 * sizeof (int), b.fold, 50 * sizeof (int));
  g_assert_true (memcmp (a.fold, c.fold, 50 * sizeof (int)) != 0);
  /* 50 = 7 x 7 + 1: one fold of 8, six of 7; the folds are not just consecutive blocks. */
  int count[7] = { 0 }, changes = 0;
  for (int i = 0; i < 50; i++)
    {
      g_assert_cmpint (a.fold[i], >=, 0);
      g_assert_cmpint (a.fold[i], <, 7);
      count[a.fold[i]]++;
      changes += i > 0 && a.fold[i] != a.fold[i - 1];
    }
  for (int f = 0; f < 7; f++)
    g_assert_cmpint (count[f], ==, f == 0 ? 8 : 7);
  g_assert_cmpint (changes, >, 20);
  g_assert_cmpstr (a.label, ==, "7-fold random (seed 42)");
  cw_cv_plan_clear (&a);
  cw_cv_plan_clear (&b);
  cw_cv_plan_clear (&c);
}

static void
test_loo_and_test_split (void)
{
  cw_error err;
  cw_cv_plan plan;
  cw_cv_plan_init (&plan, 12);
  assert_ok (cw_cv_plan_test_by_ranges (&plan, "2, 5-6 ,11-12", &err), &err);
  const int test_rows[] = { 1, 4, 5, 10, 11 };
  for (size_t i = 0; i < G_N_ELEMENTS (test_rows); i++)
    g_assert_cmpint (plan.is_test[test_rows[i]], ==, 1);
  g_assert_cmpint (cw_cv_plan_n_test (&plan), ==, 5);
  g_assert_cmpint (cw_cv_plan_n_calibration (&plan), ==, 7);
  assert_ok (cw_cv_plan_loo (&plan, &err), &err);
  g_assert_cmpint (plan.n_folds, ==, 7);
  g_assert_cmpstr (plan.label, ==, "leave-one-out");
  /* Test rows are in no fold; calibration rows take folds 0..6 in order. */
  int next = 0;
  for (int i = 0; i < 12; i++)
    g_assert_cmpint (plan.fold[i], ==, plan.is_test[i] ? CW_FOLD_NONE : next++);
  /* A new test split clears the folds. */
  unsigned char t[12] = { 0 };
  t[0] = 1;
  assert_ok (cw_cv_plan_test_rows (&plan, t, &err), &err);
  g_assert_cmpint (plan.n_folds, ==, 0);
  g_assert_cmpint (plan.fold[3], ==, CW_FOLD_NONE);
  cw_cv_plan_clear (&plan);
}

static void
test_range_errors (void)
{
  const struct {
    const char *text;
    int column;
    cw_status status;
    const char *says;
  } cases[] = {
    { "1-3, 5-x", 6, CW_ERR_PARSE, "'5-x' is not a row number" },
    { "0-3", 1, CW_ERR_INVALID_ARGUMENT, "outside 1-10" },
    { "4,11", 3, CW_ERR_INVALID_ARGUMENT, "outside 1-10" },
    { "6-4", 1, CW_ERR_INVALID_ARGUMENT, "reversed" },
    { " , ", 1, CW_ERR_PARSE, "No test rows" },
    { "1-9", 0, CW_ERR_INVALID_ARGUMENT, "leaves 1 calibration row" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      cw_error err;
      cw_cv_plan plan;
      cw_cv_plan_init (&plan, 10);
      g_assert_cmpint (cw_cv_plan_test_by_ranges (&plan, cases[i].text, &err), ==, cases[i].status);
      if (!strstr (err.message, cases[i].says))
        g_printerr ("'%s': %s\n", cases[i].text, err.message);
      g_assert_nonnull (strstr (err.message, cases[i].says));
      g_assert_cmpint (err.column, ==, cases[i].column);
      g_assert_cmpint (cw_cv_plan_n_test (&plan), ==, 0); /* unchanged on error */
      cw_cv_plan_clear (&plan);
    }
}

static void
test_grouped (void)
{
  cw_error err;
  cw_cv_plan plan;
  /* Four samples measured in replicate (ids 7, 3, 9, 1), in a shuffled order. */
  const int group[10] = { 7, 7, 3, 3, 3, 9, 1, 1, 9, 7 };
  cw_cv_plan_init (&plan, 10);
  assert_ok (cw_cv_plan_grouped (&plan, group, 2, false, 0, &err), &err);
  /* First appearance order 7, 3, 9, 1 in two folds of two groups: {7, 3} and {9, 1}. */
  const int want[10] = { 0, 0, 0, 0, 0, 1, 1, 1, 1, 0 };
  g_assert_cmpmem (plan.fold, sizeof want, want, sizeof want);
  g_assert_cmpstr (plan.label, ==, "2-fold grouped (4 groups)");
  /* k = 0: leave one group out. */
  assert_ok (cw_cv_plan_grouped (&plan, group, 0, false, 0, &err), &err);
  g_assert_cmpint (plan.n_folds, ==, 4);
  const int logo[10] = { 0, 0, 1, 1, 1, 2, 3, 3, 2, 0 };
  g_assert_cmpmem (plan.fold, sizeof logo, logo, sizeof logo);
  /* Shuffled groups still keep replicates together. */
  for (uint64_t seed = 1; seed < 20; seed++)
    {
      assert_ok (cw_cv_plan_grouped (&plan, group, 3, true, seed, &err), &err);
      for (int i = 0; i < 10; i++)
        for (int j = 0; j < 10; j++)
          if (group[i] == group[j])
            g_assert_cmpint (plan.fold[i], ==, plan.fold[j]);
    }
  const int one[10] = { 5, 5, 5, 5, 5, 5, 5, 5, 5, 5 };
  g_assert_cmpint (cw_cv_plan_grouped (&plan, one, 2, false, 0, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "at least 2 groups"));
  cw_cv_plan_clear (&plan);
}

static void
test_plans_from_meta (void)
{
  const char csv[] = "meta:id,meta:set,target:y,1,2,3\n"
                     "a,cal,1,0.1,0.2,0.3\n"
                     "a,cal,2,0.2,0.1,0.3\n"
                     "b,test,3,0.3,0.3,0.1\n"
                     "c,cal,4,0.1,0.5,0.2\n"
                     "c,cal,5,0.4,0.4,0.4\n"
                     "d,cal,6,0.6,0.1,0.2\n";
  cw_error err;
  cw_dataset *ds = cw_dataset_parse_csv (csv, sizeof csv - 1, "meta.csv", NULL, &err);
  g_assert_nonnull (ds);
  cw_cv_plan plan;
  cw_cv_plan_init (&plan, 6);
  assert_ok (cw_cv_plan_test_by_meta (&plan, ds, "set", "test", &err), &err);
  g_assert_cmpint (plan.is_test[2], ==, 1);
  g_assert_cmpint (cw_cv_plan_n_test (&plan), ==, 1);
  assert_ok (cw_cv_plan_grouped_by_meta (&plan, ds, "id", 0, false, 0, &err), &err);
  /* Calibration groups a, c, d (b is all test): three folds. */
  const int want[6] = { 0, 0, CW_FOLD_NONE, 1, 1, 2 };
  g_assert_cmpmem (plan.fold, sizeof want, want, sizeof want);
  g_assert_cmpint (cw_cv_plan_grouped_by_meta (&plan, ds, "batch", 0, false, 0, &err), ==,
                   CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "no meta column 'batch'"));
  cw_cv_plan_clear (&plan);
  cw_dataset_free (ds);
}

/* ---- the suggestion rule ---- */

static void
test_suggest (void)
{
  /* Mean losses 4, 1.0, 0.9, 1.2 over four rows; at the minimum (a = 3) the SE of the mean is
   * sd([0.5, 1.3, 0.9, 0.9]) / 2 = 0.1633, so a = 2 (1.0 <= 1.0633) is the smallest within one SE. */
  const double loss[16] = { 4, 4, 4, 4, 1.0, 1.0, 1.0, 1.0, 0.5, 1.3, 0.9, 0.9, 1.2, 1.2, 1.2, 1.2 };
  g_assert_cmpint (cw_suggest_components (loss, 4, 4), ==, 2);
  /* With identical losses on every row the SE is 0 and the minimum itself is chosen. */
  const double tight[12] = { 3, 3, 2, 2, 1.5, 1.5, 1.4, 1.4, 1.45, 1.45, 1.6, 1.6 };
  g_assert_cmpint (cw_suggest_components (tight, 2, 6), ==, 4);
  /* Ties go to the smaller count. */
  const double tie[4] = { 1, 1, 1, 1 };
  g_assert_cmpint (cw_suggest_components (tie, 2, 2), ==, 1);
}

/* ---- the driver on gasoline ---- */

static void
load_gasoline (cw_chemo_data *d)
{
  cw_error err;
  cw_dataset *ds = cw_dataset_load_csv (GASOLINE, NULL, &err);
  g_assert_nonnull (ds);
  int col = cw_dataset_find_target (ds, "octane");
  assert_ok (cw_chemo_data_from_dataset (ds, CW_TASK_REGRESSION, &col, 1, d, &err), &err);
  cw_dataset_free (ds);
}

static cw_pipeline *
pipeline (const char *text)
{
  cw_error err;
  cw_pipeline *p = cw_pipeline_parse (text, &err);
  g_assert_nonnull (p);
  return p;
}

/* The pooled CV predictions are exactly those of each fold's own refit, the final model is the refit on
 * all calibration rows, and the thread count changes nothing. */
static void
test_driver_structure (void)
{
  cw_chemo_data d;
  load_gasoline (&d);
  cw_error err;
  cw_cv_plan plan;
  cw_cv_plan_init (&plan, d.n);
  assert_ok (cw_cv_plan_test_by_ranges (&plan, "51-60", &err), &err);
  assert_ok (cw_cv_plan_kfold (&plan, 5, true, 9, &err), &err);
  cw_pipeline *pipe = pipeline ("snv sg(11,2,1) range(1000,1600) autoscale");
  cw_pls_cv_config cfg = cw_pls_cv_config_default ();
  cfg.max_components = 8;
  cfg.pipeline = pipe;
  cw_pls_cv_result r1, r2;
  assert_ok (cw_pls_cv_run (&cfg, &d, &plan, &r1, &err), &err);
  cfg.threads = 2;
  assert_ok (cw_pls_cv_run (&cfg, &d, &plan, &r2, &err), &err);
  g_assert_cmpint (r1.n_components, ==, 8);
  g_assert_cmpint (r1.n_cal, ==, 50);
  g_assert_cmpint (r1.n_test, ==, 10);
  g_assert_cmpmem (r1.pred_cv, 8 * 60 * sizeof (double), r2.pred_cv, 8 * 60 * sizeof (double));
  g_assert_cmpmem (r1.rmsecv, 8 * sizeof (double), r2.rmsecv, 8 * sizeof (double));
  g_assert_cmpint (cw_pipeline_out_length (r1.pipeline), ==, 301); /* 1000..1600 nm every 2 */
  for (int f = 0; f < plan.n_folds; f++)
    {
      cw_pipeline *fp;
      cw_pls *fm;
      assert_ok (cw_pls_cv_fit_fold (&cfg, &d, &plan, f, &fp, &fm, &err), &err);
      for (int i = 0; i < d.n; i++)
        if (plan.fold[i] == f)
          {
            double xt[301], pred;
            cw_pipeline_apply (fp, d.x + (size_t) i * 401, 1, xt);
            for (int a = 1; a <= 8; a++)
              {
                cw_pls_predict (fm, a, xt, 1, &pred);
                g_assert_cmpfloat (pred, ==, r1.pred_cv[(size_t) (a - 1) * 60 + i]);
              }
          }
      cw_pipeline_free (fp);
      cw_pls_free (fm);
    }
  /* Test rows get no CV prediction, calibration rows get one from exactly one fold. */
  for (int i = 0; i < 60; i++)
    g_assert_true (isnan (r1.pred_cv[i]) == (i >= 50));
  /* RMSECV recomputed from the pooled predictions, and the suggestion follows the documented rule. */
  double sse = 0, loss[8 * 50];
  for (int i = 0; i < 50; i++)
    sse += pow (d.y[i] - r1.pred_cv[2 * 60 + i], 2);
  g_assert_cmpfloat_with_epsilon (r1.rmsecv[2], sqrt (sse / 50), 1e-12);
  for (int a = 0; a < 8; a++)
    for (int i = 0; i < 50; i++)
      loss[a * 50 + i] = pow (d.y[i] - r1.pred_cv[a * 60 + i], 2);
  g_assert_cmpint (r1.suggested, ==, cw_suggest_components (loss, 50, 8));
  g_test_message ("snv sg(11,2,1) range autoscale, 5-fold random: suggested %d, RMSECV %.4f, RMSEP %.4f",
                  r1.suggested, r1.rmsecv[r1.suggested - 1], r1.rmsep[r1.suggested - 1]);
  g_assert_true (isnan (r1.acc_cv[0]));
  cw_pls_cv_result_clear (&r1);
  cw_pls_cv_result_clear (&r2);
  cw_pipeline_free (pipe);
  cw_cv_plan_clear (&plan);
  cw_chemo_data_clear (&d);
}

/* Held-out rows must not touch preprocessing or fitting. Change the held-out rows' spectra and targets
 * wildly: a fold's fitted pipeline (means, SDs, MSC reference) and its coefficients stay bitwise the
 * same, and so does everything the driver reports about calibration and CV. As a control, changing a
 * training row does change them (so the test can fail). */
static void
test_no_leakage (void)
{
  cw_chemo_data d;
  load_gasoline (&d);
  cw_error err;
  cw_cv_plan plan;
  cw_cv_plan_init (&plan, d.n);
  assert_ok (cw_cv_plan_test_by_ranges (&plan, "51-60", &err), &err);
  assert_ok (cw_cv_plan_kfold (&plan, 5, false, 0, &err), &err);
  cw_pipeline *pipe = pipeline ("msc sg(7,2,1) autoscale");
  cw_pls_cv_config cfg = cw_pls_cv_config_default ();
  cfg.max_components = 6;
  cfg.pipeline = pipe;
  const int fold = 2; /* rows 21-30 */

  double *x2 = g_memdup2 (d.x, 60 * 401 * sizeof (double));
  double *y2 = g_memdup2 (d.y, 60 * sizeof (double));
  cw_rng rng;
  cw_rng_seed (&rng, 1);
  for (int i = 0; i < 60; i++)
    if (plan.fold[i] == fold || plan.is_test[i])
      {
        for (int t = 0; t < 401; t++)
          x2[i * 401 + t] = 1000 * x2[i * 401 + t] + 50 * cw_rng_normal (&rng) + t;
        y2[i] = -1e4;
      }
  cw_chemo_data d2 = d;
  d2.x = x2;
  d2.y = y2;

  cw_pipeline *p1, *p2;
  cw_pls *m1, *m2;
  assert_ok (cw_pls_cv_fit_fold (&cfg, &d, &plan, fold, &p1, &m1, &err), &err);
  assert_ok (cw_pls_cv_fit_fold (&cfg, &d2, &plan, fold, &p2, &m2, &err), &err);
  g_assert_cmpmem (cw_pipeline_step_mean (p1, 0), 401 * sizeof (double), cw_pipeline_step_mean (p2, 0),
                   401 * sizeof (double));
  g_assert_cmpmem (cw_pipeline_step_mean (p1, 2), 401 * sizeof (double), cw_pipeline_step_mean (p2, 2),
                   401 * sizeof (double));
  g_assert_cmpmem (cw_pipeline_step_scale (p1, 2), 401 * sizeof (double), cw_pipeline_step_scale (p2, 2),
                   401 * sizeof (double));
  g_assert_cmpmem (cw_pls_coefficients (m1, 6), 401 * sizeof (double), cw_pls_coefficients (m2, 6),
                   401 * sizeof (double));
  g_assert_cmpmem (cw_pls_y_mean (m1), sizeof (double), cw_pls_y_mean (m2), sizeof (double));

  /* The whole run: calibration and CV numbers are untouched by the test rows. */
  cw_chemo_data d3 = d;
  double *x3 = g_memdup2 (d.x, 60 * 401 * sizeof (double));
  double *y3 = g_memdup2 (d.y, 60 * sizeof (double));
  for (int i = 50; i < 60; i++)
    {
      for (int t = 0; t < 401; t++)
        x3[i * 401 + t] = -x3[i * 401 + t] * 300 + 7;
      y3[i] = 1e6;
    }
  d3.x = x3;
  d3.y = y3;
  cw_pls_cv_result r1, r3;
  assert_ok (cw_pls_cv_run (&cfg, &d, &plan, &r1, &err), &err);
  assert_ok (cw_pls_cv_run (&cfg, &d3, &plan, &r3, &err), &err);
  g_assert_cmpmem (r1.rmsec, 6 * sizeof (double), r3.rmsec, 6 * sizeof (double));
  g_assert_cmpmem (r1.rmsecv, 6 * sizeof (double), r3.rmsecv, 6 * sizeof (double));
  g_assert_cmpmem (r1.q2, 6 * sizeof (double), r3.q2, 6 * sizeof (double));
  g_assert_cmpmem (r1.pred_cv, 6 * 60 * sizeof (double), r3.pred_cv, 6 * 60 * sizeof (double));
  g_assert_cmpmem (cw_pls_coefficients (r1.model, 6), 401 * sizeof (double),
                   cw_pls_coefficients (r3.model, 6), 401 * sizeof (double));
  g_assert_cmpint (r1.suggested, ==, r3.suggested);
  g_assert_cmpfloat (r1.rmsep[0], !=, r3.rmsep[0]); /* the test rows themselves did change */

  /* Control: one training row of the fold changes the fitted state. */
  cw_pipeline *p4;
  cw_pls *m4;
  double *x4 = g_memdup2 (d.x, 60 * 401 * sizeof (double));
  x4[0] += 0.01;
  cw_chemo_data d4 = d;
  d4.x = x4;
  assert_ok (cw_pls_cv_fit_fold (&cfg, &d4, &plan, fold, &p4, &m4, &err), &err);
  g_assert_true (memcmp (cw_pipeline_step_mean (p1, 0), cw_pipeline_step_mean (p4, 0), 401 * sizeof (double)));
  g_assert_true (memcmp (cw_pls_coefficients (m1, 6), cw_pls_coefficients (m4, 6), 401 * sizeof (double)));

  cw_pipeline_free (p1);
  cw_pipeline_free (p2);
  cw_pipeline_free (p4);
  cw_pls_free (m1);
  cw_pls_free (m2);
  cw_pls_free (m4);
  cw_pls_cv_result_clear (&r1);
  cw_pls_cv_result_clear (&r3);
  g_free (x2);
  g_free (y2);
  g_free (x3);
  g_free (y3);
  g_free (x4);
  cw_pipeline_free (pipe);
  cw_cv_plan_clear (&plan);
  cw_chemo_data_clear (&d);
}

/* PLS-DA through the driver: three classes from a CSV with text labels, grouped by replicate. */
static void
test_plsda_cv (void)
{
  GString *csv = g_string_new ("meta:sample,target:kind");
  for (int t = 0; t < 30; t++)
    g_string_append_printf (csv, ",%d", 1000 + 10 * t);
  g_string_append_c (csv, '\n');
  const char *names[3] = { "diesel", "petrol", "kerosene" };
  cw_rng rng;
  cw_rng_seed (&rng, 4);
  for (int s = 0; s < 24; s++)
    for (int rep = 0; rep < 2; rep++)
      {
        int k = s % 3;
        g_string_append_printf (csv, "s%d,%s", s, names[k]);
        for (int t = 0; t < 30; t++)
          g_string_append_printf (csv, ",%.6f",
                                  exp (-0.5 * pow ((t - 6 - 8 * k) / 2.5, 2)) + 0.2 * cw_rng_normal (&rng) + 0.3);
        g_string_append_c (csv, '\n');
      }
  cw_error err;
  cw_dataset *ds = cw_dataset_parse_csv (csv->str, csv->len, "kinds.csv", NULL, &err);
  g_assert_nonnull (ds);
  int col = 0;
  cw_chemo_data d;
  assert_ok (cw_chemo_data_from_dataset (ds, CW_TASK_MULTICLASS, &col, 1, &d, &err), &err);
  g_assert_cmpint (d.q, ==, 3);
  g_assert_cmpfloat (d.y[0 * 3 + 0] + d.y[2 * 3 + 1] + d.y[4 * 3 + 2], ==, 3.0); /* one-hot, by class */
  cw_cv_plan plan;
  cw_cv_plan_init (&plan, d.n);
  assert_ok (cw_cv_plan_grouped_by_meta (&plan, ds, "sample", 6, false, 0, &err), &err);
  cw_pls_cv_config cfg = cw_pls_cv_config_default ();
  cfg.max_components = 4;
  cfg.classification = true;
  cw_pipeline *pipe = pipeline ("snv");
  cfg.pipeline = pipe;
  cw_pls_cv_result r;
  assert_ok (cw_pls_cv_run (&cfg, &d, &plan, &r, &err), &err);
  g_test_message ("PLS-DA CV accuracy by components: %.3f %.3f %.3f %.3f, suggested %d", r.acc_cv[0],
                  r.acc_cv[1], r.acc_cv[2], r.acc_cv[3], r.suggested);
  /* Two components separate three well-spaced peaks. */
  g_assert_cmpfloat (r.acc_cv[1], ==, 1.0);
  g_assert_cmpfloat (r.acc_c[1], ==, 1.0);
  g_assert_true (isnan (r.acc_p[1]));
  g_assert_cmpint (r.suggested, <=, 2);
  /* Accuracy recomputed from the pooled predictions. */
  int correct = 0;
  for (int i = 0; i < d.n; i++)
    {
      const double *p = r.pred_cv + (size_t) 0 * d.n * 3 + (size_t) i * 3;
      int best = p[1] > p[0] ? 1 : 0;
      best = p[2] > p[best] ? 2 : best;
      correct += d.y[i * 3 + best] == 1.0;
    }
  g_assert_cmpfloat_with_epsilon (r.acc_cv[0], (double) correct / d.n, 1e-15);
  cw_pls_cv_result_clear (&r);
  cw_pipeline_free (pipe);
  cw_cv_plan_clear (&plan);
  cw_chemo_data_clear (&d);
  cw_dataset_free (ds);
  g_string_free (csv, TRUE);
}

static void
test_driver_errors (void)
{
  cw_chemo_data d;
  load_gasoline (&d);
  cw_error err;
  cw_cv_plan plan;
  cw_cv_plan_init (&plan, 59);
  cw_pls_cv_config cfg = cw_pls_cv_config_default ();
  cw_pls_cv_result r;
  g_assert_cmpint (cw_pls_cv_run (&cfg, &d, &plan, &r, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "59 rows"));
  cw_cv_plan_clear (&plan);
  cw_cv_plan_init (&plan, 60);
  assert_ok (cw_cv_plan_kfold (&plan, 3, false, 0, &err), &err);
  cw_pipeline *pipe = pipeline ("range(2000,3000)");
  cfg.pipeline = pipe;
  g_assert_cmpint (cw_pls_cv_run (&cfg, &d, &plan, &r, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "no axis value lies in [2000, 3000]"));
  cw_pipeline_free (pipe);
  cw_cv_plan_clear (&plan);
  cw_chemo_data_clear (&d);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/validation/plan/kfold-consecutive", test_kfold_consecutive);
  g_test_add_func ("/validation/plan/kfold-random", test_kfold_random);
  g_test_add_func ("/validation/plan/loo-test-split", test_loo_and_test_split);
  g_test_add_func ("/validation/plan/range-errors", test_range_errors);
  g_test_add_func ("/validation/plan/grouped", test_grouped);
  g_test_add_func ("/validation/plan/meta", test_plans_from_meta);
  g_test_add_func ("/validation/suggest", test_suggest);
  g_test_add_func ("/validation/driver/structure", test_driver_structure);
  g_test_add_func ("/validation/driver/no-leakage", test_no_leakage);
  g_test_add_func ("/validation/driver/plsda", test_plsda_cv);
  g_test_add_func ("/validation/driver/errors", test_driver_errors);
  return g_test_run ();
}
