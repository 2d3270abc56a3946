/* test-compare-report.c — `conv1d compare`'s report once compare_report_score has scored the test rows:
 * on hand-made predictions with known p-values, the table carries each model's statistics and the
 * sentence under it names the model the paired test favours, says when nothing could be significant,
 * and when the models cannot be told apart; JSON carries the same numbers; a non-finite prediction is
 * refused naming the model and the row. */
#include "compare-report.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  cw_dataset *ds;
  int col;
  cw_history hist;
  char pipeline[8], arch[32];
  compare_report cr;
} fixture;

static void
fixture_init (fixture *f, int n, bool classification)
{
  float x[64 * 4] = { 0 }, y[64] = { 0 };
  g_assert_cmpint (n, <=, 64);
  f->ds = cw_dataset_new_from_arrays (n, 1, 4, x, 1, y);
  f->col = 0;
  f->hist = (cw_history) { .epochs = 3, .best_epoch = 3 };
  strcpy (f->pipeline, "center");
  strcpy (f->arch, "flatten dense(1)");
  f->cr = (compare_report) { .data = "hand.csv", .ds = f->ds, .cols = &f->col, .n_cols = 1,
                             .task = classification ? CW_TASK_BINARY : CW_TASK_REGRESSION,
                             .classification = classification, .split = "rows", .n_train = 20, .n_test = n,
                             .pipeline = f->pipeline, .arch = f->arch, .params = 5, .hist = &f->hist,
                             .components = 2, .components_given = true, .algorithm = CW_PLS_NIPALS };
  f->cr.models[0].name = "CNN";
  f->cr.models[1].name = "PLS";
}

static void
fixture_clear (fixture *f)
{
  cw_dataset_free (f->ds);
}

/* What a print function writes to stdout, with every run of spaces made one (table columns are padded
 * to their widest cell) and the spaces at the start of a line dropped. Caller frees. */
static char *
capture_text (void (*print) (const compare_report *), const compare_report *cr)
{
  fflush (stdout);
  FILE *tmp = tmpfile ();
  g_assert_nonnull (tmp);
  int fd = fileno (tmp), saved = dup (STDOUT_FILENO);
  dup2 (fd, STDOUT_FILENO);
  print (cr);
  fflush (stdout);
  dup2 (saved, STDOUT_FILENO);
  close (saved);
  off_t size = lseek (fd, 0, SEEK_END);
  char *raw = g_malloc0 ((size_t) size + 1);
  g_assert_cmpint (pread (fd, raw, (size_t) size, 0), ==, size);
  fclose (tmp);
  char *text = g_malloc0 ((size_t) size + 1), *out = text;
  for (const char *c = raw; *c; c++)
    if (*c != ' ' || (out > text && out[-1] != ' ' && out[-1] != '\n'))
      *out++ = *c;
  g_free (raw);
  return text;
}

static void
assert_contains (const char *text, const char *part)
{
  if (!strstr (text, part))
    g_error ("missing \"%s\" in:\n%s", part, text);
}

static void
score (fixture *f, const double *y, const double *a, const double *b, int n)
{
  cw_error err;
  cw_status st = compare_report_score (&f->cr, y, a, b, n, 1, 7, &err);
  if (st != CW_OK)
    g_printerr ("%s\n", err.message);
  g_assert_cmpint (st, ==, CW_OK);
  g_assert_true (f->cr.scored);
}

/* The CNN closer on all 12 rows: exactly 2 of the 2^12 sign patterns reach the observed mean. */
static void
test_cnn_better (void)
{
  enum { N = 12 };
  double y[N], cnn[N], pls[N];
  for (int i = 0; i < N; i++)
    {
      y[i] = i;
      cnn[i] = i + 0.125 * (i % 2 ? 1 : -1);
      pls[i] = i + 0.5 * (i % 3 ? 1 : -1);
    }
  fixture f;
  fixture_init (&f, N, false);
  score (&f, y, cnn, pls, N);
  /* cli_scores and the test statistics agree, and the paired test is the engine's. */
  g_assert_cmpfloat (f.cr.models[0].scores.rmse, ==, f.cr.models[0].test.rmsep);
  g_assert_cmpfloat (f.cr.models[0].test.rmsep, ==, 0.125);
  g_assert_cmpfloat (f.cr.models[1].test.rmsep, ==, 0.5);
  g_assert_cmpfloat (f.cr.paired.test.p_value, ==, 2.0 / 4096);
  g_assert_cmpfloat (f.cr.paired.test.mean, ==, 0.125 * 0.125 - 0.25);
  g_assert_cmpfloat (f.cr.paired.rmsep_ratio, ==, 0.25);
  char *text = capture_text (compare_print_text, &f.cr);
  assert_contains (text, "model RMSEP SEP bias R² RPD MAE\nCNN 0.1250 ");
  assert_contains (text, "Squared-error difference CNN − PLS: mean -0.234 (CNN closer on 12 of 12 test rows, "
                         "PLS on 0), p = 0.000488 (paired randomisation test, exact over all 4096 sign "
                         "patterns): CNN is significantly better at the 5 % level.\n");
  /* Every resample keeps the ratio 1/4: the errors are 0.125 and 0.5 on every row. */
  assert_contains (text, "RMSEP ratio CNN / PLS: 0.25, 95 % bootstrap interval 0.25 to 0.25 (2000 resamples "
                         "of the test rows, seed 7).\n");
  g_free (text);
  text = capture_text (compare_print_json, &f.cr);
  assert_contains (text, "\"rmsep\": 0.125,");
  assert_contains (text, "\"sep\": ");
  assert_contains (text, "\"paired_test\": {");
  assert_contains (text, "\"method\": \"sign_flip_randomisation\",");
  assert_contains (text, "\"rows_better\": [12, 0],");
  assert_contains (text, "\"p_value\": 0.00048828125,");
  assert_contains (text, "\"significant\": true,");
  assert_contains (text, "\"rmsep_ratio_interval\": [0.25, 0.25],");
  g_free (text);
  fixture_clear (&f);
}

/* PLS closer on 4 of 5 rows, the fifth a tie: p = 2 / 2^4 = 0.125, and no p-value could be below it. */
static void
test_too_few_rows (void)
{
  const double y[5] = { 1, 2, 3, 4, 5 };
  const double cnn[5] = { 2, 1, 4, 3, 6 };         /* errors 1 */
  const double pls[5] = { 1.5, 2, 2.5, 4.5, 6 };   /* errors 0.5, 0, 0.5, 0.5, 1 */
  fixture f;
  fixture_init (&f, 5, false);
  score (&f, y, cnn, pls, 5);
  char *text = capture_text (compare_print_text, &f.cr);
  assert_contains (text, "Squared-error difference CNN − PLS: mean 0.65 (CNN closer on 0 of 5 test rows, PLS on "
                         "4), p = 0.125 (paired randomisation test, exact over all 16 sign patterns of the 4 "
                         "differing rows): the difference is not significant at the 5 % level (with 4 "
                         "differing rows no p-value can be below 0.125).\n");
  g_free (text);
  fixture_clear (&f);
}

static void
test_identical (void)
{
  const double y[5] = { 1, 2, 3, 4, 5 }, p[5] = { 1.5, 2, 2.5, 4.5, 6 };
  fixture f;
  fixture_init (&f, 5, false);
  score (&f, y, p, p, 5);
  char *text = capture_text (compare_print_text, &f.cr);
  assert_contains (text, "\nCNN and PLS have the same squared errors on every one of the 5 test rows: they "
                         "cannot be told apart.\n");
  g_free (text);
  fixture_clear (&f);
}

/* Classes (one 0/1 column): the CNN wrong on the last 2 of 10 rows, PLS on all of them: 8 discordant
 * rows all against PLS, McNemar p = 2 / 2^8. */
static void
test_classes (void)
{
  enum { N = 10 };
  double y[N], cnn[N], pls[N];
  for (int i = 0; i < N; i++)
    {
      y[i] = i % 2;
      cnn[i] = i < 8 ? 0.3 + 0.5 * y[i] : 1 - y[i];
      pls[i] = 1 - y[i];
    }
  fixture f;
  fixture_init (&f, N, true);
  score (&f, y, cnn, pls, N);
  g_assert_cmpint (f.cr.models[0].test.n_errors, ==, 2);
  g_assert_cmpint (f.cr.models[1].test.n_errors, ==, 10);
  char *text = capture_text (compare_print_text, &f.cr);
  assert_contains (text, "model accuracy% errors\nCNN 80.0 2 of 10 ");
  assert_contains (text, "Error-rate difference CNN − PLS: -80.0 percentage points (CNN alone wrong on 0 test "
                         "rows, PLS alone on 8), p = 0.00781 (exact McNemar test on the 8 discordant rows): "
                         "CNN is significantly better at the 5 % level.\n");
  g_free (text);
  text = capture_text (compare_print_json, &f.cr);
  assert_contains (text, "\"errors\": 10,");
  assert_contains (text, "\"method\": \"exact_mcnemar\",");
  assert_contains (text, "\"p_value\": 0.0078125,");
  g_assert_null (strstr (text, "rmsep_ratio"));
  g_free (text);
  fixture_clear (&f);
}

static void
test_bad_prediction (void)
{
  const double y[5] = { 1, 2, 3, 4, 5 }, cnn[5] = { 1, 2, 3, 4, 5 }, pls[5] = { 1, NAN, 3, 4, 5 };
  fixture f;
  fixture_init (&f, 5, false);
  cw_error err;
  g_assert_cmpint (compare_report_score (&f.cr, y, cnn, pls, 5, 1, 1, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_cmpstr (err.message, ==,
                   "PLS on the test rows: Row 2 of 5: the prediction is nan, not a finite number.");
  g_assert_false (f.cr.scored);
  fixture_clear (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/compare-report/cnn-better", test_cnn_better);
  g_test_add_func ("/compare-report/too-few-rows", test_too_few_rows);
  g_test_add_func ("/compare-report/identical", test_identical);
  g_test_add_func ("/compare-report/classes", test_classes);
  g_test_add_func ("/compare-report/bad-prediction", test_bad_prediction);
  return g_test_run ();
}
