/* test-project-rows.c — the rows' roles in the document: a train/monitor/test column is found and used as
 * it says, no setting ever makes a test row a validation row (holdout or CV, with or without groups),
 * settings the data cannot meet are refused with the reason while the last good ones stay, and projects
 * written by format 1 (which validated on split = test) open with those rows as test rows and a warning. */
#include <glib/gstdio.h>
#include <string.h>

#include "cw-project.h"
#include "rows-test-util.h"

#define GASOLINE RESOURCES_DIR "/data/gasoline.csv"
/* A project and its model as the workbench before row roles wrote them (format 1 with a format-1 model:
 * "center" fitted on split_vignette = train, validated on split_vignette = test, 3 epochs), and that
 * model's predictions of gasoline's 60 rows. */
#define LEGACY_PROJECT RESOURCES_DIR "/../tests/app/fixtures/legacy-v1.cwproj"
#define LEGACY_PREDICTIONS RESOURCES_DIR "/../tests/app/fixtures/legacy-v1-predictions.txt"

/* n rows of a 6-point signal whose meta:set cycles train, train, train, monitor, test (and a meta:batch
 * of 4-row groups), target y = row. */
static char *
split_csv (int n)
{
  GString *text = g_string_new ("meta:id,meta:set,meta:batch,target:y,1,2,3,4,5,6\n");
  static const char *const words[] = { "train", "Train", "cal", "monitor", "test" };
  for (int i = 0; i < n; i++)
    {
      g_string_append_printf (text, "s%d,%s,b%d,%d", i + 1, words[i % 5], i / 4, i);
      for (int t = 0; t < 6; t++)
        g_string_append_printf (text, ",%g", 0.1 * i + t + 0.01 * (i % 3));
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

static CwProject *
project_from_text (const char *dir, const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_autoptr (GFile) file = g_file_new_for_path (path);
  CwProject *project = cw_project_new ();
  g_autoptr (GError) error = NULL;
  g_assert_true (cw_project_load_data (project, file, &error));
  g_assert_no_error (error);
  return project;
}

static void
assert_no_test_row_validates (CwProject *project, const unsigned char *test_before)
{
  CwRowRoles rows;
  g_autoptr (GError) error = NULL;
  g_assert_true (cw_project_compute_rows (project, NULL, &rows, &error));
  g_assert_no_error (error);
  for (int i = 0; i < rows.n; i++)
    {
      /* the test rows do not depend on how choices are validated */
      g_assert_cmpint (rows.roles[i] == CW_ROLE_TEST, ==, test_before[i]);
      if (rows.roles[i] == CW_ROLE_TEST)
        g_assert_true (!rows.fold || rows.fold[i] < 0);
      if (rows.fold && rows.roles[i] == CW_ROLE_TRAIN)
        g_assert_cmpint (rows.fold[i], >=, 0);
      if (rows.fold)
        g_assert_cmpint (rows.roles[i], !=, CW_ROLE_VALIDATION);
    }
  cw_row_roles_clear (&rows);
}

/* The words decide: train/Train/cal train, monitor validates, test is test. Then every validation the
 * page offers keeps the test rows out. */
static void
test_guess_split_column (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cw-rows-XXXXXX", NULL);
  g_autofree char *text = split_csv (40);
  g_autoptr (CwProject) project = project_from_text (dir, "split.csv", text);

  const CwRowSettings *s = cw_project_get_row_settings (project);
  g_assert_cmpint (s->test, ==, CW_TEST_SPLIT_COLUMN);
  g_assert_cmpstr (s->split_column, ==, "set");
  g_assert_cmpint (s->choose_by, ==, CW_CHOOSE_HOLDOUT);

  CwRowRoles rows;
  g_assert_true (cw_project_compute_rows (project, NULL, &rows, NULL));
  g_assert_true (rows.split_validation);
  g_assert_null (rows.fold);
  for (int i = 0; i < rows.n; i++)
    g_assert_cmpint (rows.roles[i], ==, i % 5 == 4 ? CW_ROLE_TEST : i % 5 == 3 ? CW_ROLE_VALIDATION : CW_ROLE_TRAIN);
  g_assert_cmpint (rows.counts[CW_ROLE_TRAIN], ==, 24);
  g_assert_cmpint (rows.counts[CW_ROLE_VALIDATION], ==, 8);
  g_assert_cmpint (rows.counts[CW_ROLE_TEST], ==, 8);
  g_autofree char *words = cw_row_roles_describe (&rows);
  g_assert_cmpstr (words, ==, "Training 24 · Validation 8 · Test 8");
  g_autofree unsigned char *is_test = g_new0 (unsigned char, rows.n);
  for (int i = 0; i < rows.n; i++)
    is_test[i] = rows.roles[i] == CW_ROLE_TEST;
  cw_row_roles_clear (&rows);

  /* K-fold CV over the training rows: the monitor rows train, the test rows stay out of every fold. */
  CwRowSettings cv;
  cw_row_settings_copy (&cv, s);
  cv.choose_by = CW_CHOOSE_CV;
  cv.cv_folds = 4;
  g_assert_true (cw_project_set_row_settings (project, &cv, NULL));
  g_assert_true (cw_project_compute_rows (project, NULL, &rows, NULL));
  g_assert_cmpint (rows.n_folds, ==, 4);
  g_assert_cmpint (rows.counts[CW_ROLE_TRAIN], ==, 32);
  g_assert_cmpint (rows.counts[CW_ROLE_VALIDATION], ==, 0);
  g_free (words);
  words = cw_row_roles_describe (&rows);
  g_assert_cmpstr (words, ==, "Training 32 (4-fold CV) · Test 8");
  cw_row_roles_clear (&rows);
  assert_no_test_row_validates (project, is_test);

  /* Every combination of validation, share, folds, groups and seed. */
  for (int seed = 1; seed <= 3; seed++)
    for (int groups = 0; groups <= 1; groups++)
      {
        for (int k = 2; k <= 8; k += 3)
          {
            cv.seed = seed;
            g_free (cv.group_column);
            cv.group_column = groups ? g_strdup ("batch") : NULL;
            cv.choose_by = CW_CHOOSE_CV;
            cv.cv_folds = k;
            g_assert_true (cw_project_set_row_settings (project, &cv, NULL));
            assert_no_test_row_validates (project, is_test);
          }
        for (double f = 0.1; f < 0.8; f += 0.2)
          {
            cv.choose_by = CW_CHOOSE_HOLDOUT;
            /* a holdout on a split column that names validation rows takes those: ask for a plain
             * meta test choice to get the random share */
            cv.test = CW_TEST_META;
            g_free (cv.test_column);
            g_free (cv.test_values);
            cv.test_column = g_strdup ("set");
            cv.test_values = g_strdup ("test");
            cv.holdout_fraction = f;
            g_assert_true (cw_project_set_row_settings (project, &cv, NULL));
            assert_no_test_row_validates (project, is_test);
            g_assert_cmpint (count_role (project, CW_ROLE_VALIDATION), >, 0);
            cv.test = CW_TEST_SPLIT_COLUMN;
          }
      }
  cw_row_settings_clear (&cv);

  /* Boolean train flags are a split column too. */
  const char *flags = "meta:is_train,target:y,1,2,3\ntrue,1,1,2,3\ntrue,2,2,3,4\nfalse,3,3,4,5\ntrue,4,4,5,6\n"
                      "true,5,1,1,1\nfalse,6,2,2,2\n";
  g_autoptr (CwProject) flagged = project_from_text (dir, "flags.csv", flags);
  g_assert_cmpint (cw_project_get_row_settings (flagged)->test, ==, CW_TEST_SPLIT_COLUMN);
  g_assert_cmpstr (cw_project_get_row_settings (flagged)->split_column, ==, "is_train");
  g_assert_cmpint (count_role (flagged, CW_ROLE_TEST), ==, 2);
  g_assert_cmpint (count_role (flagged, CW_ROLE_TEST) + count_role (flagged, CW_ROLE_TRAIN)
                   + count_role (flagged, CW_ROLE_VALIDATION), ==, 6);

  g_autofree char *split_path = g_build_filename (dir, "split.csv", NULL);
  g_autofree char *flags_path = g_build_filename (dir, "flags.csv", NULL);
  g_unlink (split_path);
  g_unlink (flags_path);
  g_rmdir (dir);
}

/* A random test share keeps groups together and never overlaps the validation rows. */
static void
test_random_test_share (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cw-rows-XXXXXX", NULL);
  g_autofree char *text = split_csv (60);
  g_autoptr (CwProject) project = project_from_text (dir, "split.csv", text);
  CwRowSettings s;
  cw_row_settings_copy (&s, cw_project_get_row_settings (project));
  s.test = CW_TEST_RANDOM;
  s.test_fraction = 0.25;
  s.group_column = g_strdup ("batch");
  s.choose_by = CW_CHOOSE_HOLDOUT;
  s.holdout_fraction = 0.2;
  g_assert_true (cw_project_set_row_settings (project, &s, NULL));
  cw_row_settings_clear (&s);

  CwRowRoles rows;
  g_assert_true (cw_project_compute_rows (project, NULL, &rows, NULL));
  g_assert_cmpint (rows.counts[CW_ROLE_TEST], >=, 15);
  g_assert_cmpint (rows.counts[CW_ROLE_VALIDATION], >, 0);
  /* batches of 4 rows: one role per batch */
  for (int i = 0; i < rows.n; i++)
    g_assert_cmpint (rows.roles[i], ==, rows.roles[(i / 4) * 4]);
  cw_row_roles_clear (&rows);
  g_autofree char *path = g_build_filename (dir, "split.csv", NULL);
  g_unlink (path);
  g_rmdir (dir);
}

static void
count_signal (gpointer instance, int *count)
{
  (*count)++;
}

/* What the data cannot meet is refused with the reason; the last good settings stay. */
static void
test_invalid_settings_keep_last_good (void)
{
  g_autoptr (CwProject) project = cw_project_new ();
  g_autoptr (GFile) file = g_file_new_for_path (GASOLINE);
  g_assert_true (cw_project_load_data (project, file, NULL));
  int changed = 0;
  g_signal_connect (project, "settings-changed", G_CALLBACK (count_signal), &changed);
  g_autofree char *before = cw_project_rows_key (project);

  CwRowSettings s;
  cw_row_settings_copy (&s, cw_project_get_row_settings (project));
  s.test = CW_TEST_META;
  s.test_column = g_strdup ("split_vignette");
  s.test_values = g_strdup ("tset");
  g_autoptr (GError) error = NULL;
  g_assert_false (cw_project_set_row_settings (project, &s, &error));
  g_printerr ("# typo: %s\n", error->message);
  g_assert_nonnull (strstr (error->message, "tset"));
  g_clear_error (&error);

  /* every row a test row */
  g_free (s.test_values);
  s.test_values = g_strdup ("train,test");
  g_assert_false (cw_project_set_row_settings (project, &s, &error));
  g_printerr ("# all test: %s\n", error->message);
  g_assert_nonnull (strstr (error->message, "Every row is a test row"));
  g_clear_error (&error);

  /* more folds than training rows */
  g_free (s.test_values);
  s.test_values = g_strdup ("test");
  s.choose_by = CW_CHOOSE_CV;
  s.cv_folds = 51;
  g_assert_false (cw_project_set_row_settings (project, &s, &error));
  g_printerr ("# folds: %s\n", error->message);
  g_assert_nonnull (strstr (error->message, "51"));
  g_clear_error (&error);

  /* a column that is not there */
  s.cv_folds = 5;
  s.group_column = g_strdup ("no_such_column");
  g_assert_false (cw_project_set_row_settings (project, &s, &error));
  g_assert_nonnull (strstr (error->message, "no_such_column"));
  g_clear_error (&error);

  g_autofree char *after = cw_project_rows_key (project);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (changed, ==, 0);

  g_clear_pointer (&s.group_column, g_free);
  g_assert_true (cw_project_set_row_settings (project, &s, &error));
  g_assert_no_error (error);
  g_assert_cmpint (changed, ==, 1);
  cw_row_settings_clear (&s);
}

static CwProject *
load_project_text (const char *dir, const char *text, char **warning)
{
  g_autofree char *path = g_build_filename (dir, "old.cwproj", NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  CwProject *project = cw_project_load (file, warning, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);
  g_unlink (path);
  return project;
}

/* A format 1 project validated on split_vignette = test: those rows open as test rows, validation is a
 * holdout of the training rows, and the warning says so. A random split stays a holdout, no warning. */
static void
test_format1_opens (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cw-rows-XXXXXX", NULL);
  g_autofree char *meta = g_strdup_printf ("{\"format\": \"conv1d-workbench-project\", \"version\": 1, "
                                           "\"data\": {\"path\": \"%s\"}, \"target\": \"octane\", "
                                           "\"validation\": {\"fraction\": 0.2, \"meta_column\": \"split_vignette\", "
                                           "\"meta_values\": \"test\"}}", GASOLINE);
  g_autofree char *warning = NULL;
  g_autoptr (CwProject) project = load_project_text (dir, meta, &warning);
  g_assert_nonnull (warning);
  g_printerr ("# format 1: %s\n", warning);
  g_assert_nonnull (strstr (warning, "split_vignette = test"));
  g_assert_nonnull (strstr (warning, "test rows"));
  const CwRowSettings *s = cw_project_get_row_settings (project);
  g_assert_cmpint (s->test, ==, CW_TEST_META);
  g_assert_cmpstr (s->test_column, ==, "split_vignette");
  g_assert_cmpstr (s->test_values, ==, "test");
  g_assert_cmpint (s->choose_by, ==, CW_CHOOSE_HOLDOUT);
  g_assert_cmpint (count_role (project, CW_ROLE_TEST), ==, 10);
  g_assert_cmpint (count_role (project, CW_ROLE_VALIDATION), ==, 10);
  g_autofree unsigned char *is_test = dup_role_mask (project, CW_ROLE_TEST);
  const cw_dataset *ds = cw_project_get_dataset (project);
  int column = cw_dataset_find_meta (ds, "split_vignette");
  for (int i = 0; i < cw_dataset_n_samples (ds); i++)
    g_assert_cmpint (is_test[i], ==, strcmp (cw_dataset_meta_value (ds, i, column), "test") == 0);
  g_assert_false (cw_project_get_modified (project));

  g_autofree char *random = g_strdup_printf ("{\"format\": \"conv1d-workbench-project\", \"version\": 1, "
                                             "\"data\": {\"path\": \"%s\"}, \"target\": \"octane\", "
                                             "\"validation\": {\"fraction\": 0.3, \"meta_column\": null}}",
                                             GASOLINE);
  g_clear_pointer (&warning, g_free);
  g_autoptr (CwProject) plain = load_project_text (dir, random, &warning);
  g_assert_null (warning);
  g_assert_cmpint (cw_project_get_row_settings (plain)->test, ==, CW_TEST_NONE);
  g_assert_cmpint (count_role (plain, CW_ROLE_VALIDATION), ==, 18);
  g_assert_cmpint (count_role (plain, CW_ROLE_TEST), ==, 0);
  g_rmdir (dir);
}

static void
copy_file (const char *from, const char *to)
{
  g_autofree char *bytes = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (from, &bytes, &length, NULL));
  g_assert_true (g_file_set_contents (to, bytes, (gssize) length, NULL));
}

static void
assert_legacy_predictions (CwProject *project)
{
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (LEGACY_PREDICTIONS, &text, NULL, NULL));
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  cw_model *model = cw_project_get_model (project);
  g_assert_nonnull (model);
  const cw_dataset *ds = cw_project_get_dataset (project);
  float pred[60];
  g_assert_cmpint (cw_model_predict_raw (model, cw_dataset_signals (ds), 60, pred, NULL), ==, CW_OK);
  for (int i = 0; i < 60; i++)
    g_assert_cmpfloat (pred[i], ==, (float) g_ascii_strtod (lines[i], NULL));
}

/* A real format 1 project with its format-1 model: it opens, the old validation rows are test rows now
 * (the warning says so, and that the model chose its epoch on them), the model gets its pipeline back
 * (refitted on the saved rows) and predicts exactly as it did; saved again, it is format 2 and opens
 * without a warning, predicting the same. */
static void
test_format1_project_with_model (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cw-rows-XXXXXX", NULL);
  g_autofree char *project_path = g_build_filename (dir, "legacy.cwproj", NULL);
  g_autofree char *data_path = g_build_filename (dir, "gasoline.csv", NULL);
  copy_file (LEGACY_PROJECT, project_path);
  copy_file (GASOLINE, data_path);
  g_autoptr (GFile) file = g_file_new_for_path (project_path);
  g_autofree char *warning = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CwProject) project = cw_project_load (file, &warning, &error);
  g_assert_no_error (error);
  g_assert_nonnull (warning);
  g_printerr ("# legacy: %s\n", warning);
  g_assert_nonnull (strstr (warning, "test rows now"));
  g_assert_nonnull (strstr (warning, "train the model again"));
  g_assert_cmpint (count_role (project, CW_ROLE_TEST), ==, 10);
  g_assert_cmpint (count_role (project, CW_ROLE_VALIDATION), ==, 10);
  g_assert_cmpstr (cw_project_get_preprocessing (project), ==, "center");
  g_assert_cmpstr (cw_project_get_model_preprocessing (project), ==, "center");
  const cw_pipeline *pipeline = cw_project_get_model_pipeline (project);
  g_assert_nonnull (pipeline);
  g_assert_true (pipeline == cw_model_get_pipeline (cw_project_get_model (project)));
  g_assert_cmpint (cw_project_get_history (project)->epochs, ==, 3);
  /* Before recipes the project's own stack trained: it still does. */
  g_assert_true (cw_project_is_custom_recipe (project));
  assert_legacy_predictions (project);

  g_assert_true (cw_project_save (project, file, &error));
  g_assert_no_error (error);
  g_clear_pointer (&warning, g_free);
  g_autoptr (CwProject) again = cw_project_load (file, &warning, &error);
  g_assert_no_error (error);
  g_assert_null (warning);
  assert_legacy_predictions (again);
  g_assert_cmpint (count_role (again, CW_ROLE_TEST), ==, 10);
  g_unlink (project_path);
  g_unlink (data_path);
  g_rmdir (dir);
}

/* The reported file: a TRUE/FALSE meta:train flag and three replicate measurements per sample. The flag
 * gives the test rows, the repeated ids are kept together in every fold, and the page says so. */
static void
test_replicates_kept_together (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cw-rows-XXXXXX", NULL);
  GString *text = g_string_new ("meta:sample,meta:train,target:y,1,2,3,4\n");
  for (int i = 0; i < 60; i++)
    {
      int sample = i / 3;
      g_string_append_printf (text, "S%02d,%s,%d", sample, sample < 15 ? "TRUE" : "FALSE", sample);
      for (int t = 0; t < 4; t++)
        g_string_append_printf (text, ",%g", 0.1 * sample + t + 0.01 * (i % 3));
      g_string_append_c (text, '\n');
    }
  g_autoptr (CwProject) project = project_from_text (dir, "replicates.csv", text->str);
  g_string_free (text, TRUE);

  const CwRowSettings *s = cw_project_get_row_settings (project);
  g_assert_cmpint (s->test, ==, CW_TEST_SPLIT_COLUMN);
  g_assert_cmpstr (s->split_column, ==, "train");
  g_assert_cmpstr (s->group_column, ==, "sample");
  g_assert_cmpint (s->choose_by, ==, CW_CHOOSE_CV);

  CwRowRoles rows;
  g_assert_true (cw_project_compute_rows (project, NULL, &rows, NULL));
  g_assert_cmpint (rows.counts[CW_ROLE_TRAIN], ==, 45);
  g_assert_cmpint (rows.counts[CW_ROLE_TEST], ==, 15);
  g_assert_cmpint (rows.n_folds, ==, s->cv_folds);
  for (int i = 0; i < 60; i += 3)
    for (int r = 1; r < 3; r++)
      {
        g_assert_cmpint (rows.roles[i + r], ==, rows.roles[i]);
        g_assert_cmpint (rows.fold[i + r], ==, rows.fold[i]); /* replicates never straddle folds */
      }
  cw_row_roles_clear (&rows);
  g_autofree char *validation = cw_project_describe_validation (project);
  g_assert_nonnull (strstr (validation, "keeping 'sample' together"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/project-rows/guess-split-column", test_guess_split_column);
  g_test_add_func ("/project-rows/random-test-share", test_random_test_share);
  g_test_add_func ("/project-rows/replicates-kept-together", test_replicates_kept_together);
  g_test_add_func ("/project-rows/invalid-keeps-last-good", test_invalid_settings_keep_last_good);
  g_test_add_func ("/project-rows/format1-opens", test_format1_opens);
  g_test_add_func ("/project-rows/format1-project-with-model", test_format1_project_with_model);
  return g_test_run ();
}
