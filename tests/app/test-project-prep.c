/* test-project-prep.c — the project's preprocessing: a bad text is refused with its column and the old
 * pipeline kept; the input length and the spec check follow a range selection; fitting leaves the
 * validation rows out; the model keeps the pipeline it was trained with; preprocessing, PLS settings
 * and the model's pipeline survive save and load (refitted to the same state), and older files without
 * them still load. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "cw-project.h"

#define GASOLINE RESOURCES_DIR "/data/gasoline.csv"

static CwProject *
project_with_gasoline (const char *dir)
{
  CwProject *project = cw_project_new ();
  g_autofree char *path = NULL;
  if (dir)
    {
      /* A private copy next to the project file, so saving references it relatively. */
      path = g_build_filename (dir, "gasoline.csv", NULL);
      g_autofree char *bytes = NULL;
      gsize length = 0;
      g_assert_true (g_file_get_contents (GASOLINE, &bytes, &length, NULL));
      g_assert_true (g_file_set_contents (path, bytes, (gssize) length, NULL));
    }
  g_autoptr(GFile) file = g_file_new_for_path (path ? path : GASOLINE);
  g_autoptr(GError) error = NULL;
  g_assert_true (cw_project_load_data (project, file, &error));
  g_assert_no_error (error);
  return project;
}

static void
count_signal (gpointer instance, int *count)
{
  (*count)++;
}

static int
axis_count_in (CwProject *project, double lo, double hi)
{
  const cw_dataset *ds = cw_project_get_dataset (project);
  const double *axis = cw_dataset_axis (ds);
  int count = 0;
  for (int t = 0; t < cw_dataset_length (ds); t++)
    count += axis[t] >= lo && axis[t] <= hi;
  return count;
}

static void
test_bad_text_refused (void)
{
  g_autoptr(CwProject) project = project_with_gasoline (NULL);
  int changes = 0;
  g_signal_connect (project, "preprocessing-changed", G_CALLBACK (count_signal), &changes);
  g_assert_cmpstr (cw_project_get_preprocessing (project), ==, "");
  g_assert_false (cw_project_get_modified (project));

  /* Names are case-insensitive and the text is kept in canonical form. */
  g_autoptr(GError) error = NULL;
  g_assert_true (cw_project_set_preprocessing (project, "SNV  sg(11,2,1)", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cw_project_get_preprocessing (project), ==, "snv sg(11,2,1)");
  g_assert_cmpint (changes, ==, 1);
  g_assert_true (cw_project_get_modified (project));
  /* The same pipeline written differently changes nothing. */
  g_assert_true (cw_project_set_preprocessing (project, "snv savgol(11,2,1)", NULL));
  g_assert_cmpint (changes, ==, 1);

  /* "bogus(3)" starts at character 5: the message says so, and the project keeps its pipeline. */
  g_assert_false (cw_project_set_preprocessing (project, "snv bogus(3)", &error));
  g_assert_error (error, CW_PROJECT_ERROR, CW_ERR_PARSE);
  g_printerr ("# %s\n", error->message);
  g_assert_nonnull (strstr (error->message, "Column 5"));
  g_assert_nonnull (strstr (error->message, "bogus"));
  g_assert_cmpstr (cw_project_get_preprocessing (project), ==, "snv sg(11,2,1)");
  g_assert_cmpint (changes, ==, 1);
  g_clear_error (&error);
  /* An impossible argument is refused the same way. */
  g_assert_false (cw_project_set_preprocessing (project, "sg(10,2,0)", &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (cw_project_get_preprocessing (project), ==, "snv sg(11,2,1)");

  g_assert_true (cw_project_set_preprocessing (project, "", NULL));
  g_assert_cmpstr (cw_project_get_preprocessing (project), ==, "");
  g_assert_cmpint (changes, ==, 2);
}

static void
test_input_shape_follows_range (void)
{
  g_autoptr(CwProject) project = project_with_gasoline (NULL);
  g_assert_cmpint (cw_project_get_input_length (project), ==, 401);
  g_assert_true (cw_project_check_preprocessing (project, NULL));

  /* A kernel of 350 fits 401 points but not the 301 of 1000..1600 nm. */
  cw_spec *spec = cw_spec_parse ("conv(2,k=350) relu flatten dense(1)", NULL);
  cw_project_set_spec (project, spec);
  cw_spec_free (spec);
  g_assert_true (cw_project_check_spec (project, NULL, NULL));

  g_assert_true (cw_project_set_preprocessing (project, "snv range(1000,1600)", NULL));
  int expected = axis_count_in (project, 1000, 1600);
  g_assert_cmpint (expected, ==, 301);
  g_assert_cmpint (cw_project_get_input_length (project), ==, expected);
  const double *axis = cw_project_get_input_axis (project);
  g_assert_cmpfloat (axis[0], ==, 1000);
  g_assert_cmpfloat (axis[expected - 1], ==, 1600);
  g_autofree char *message = NULL;
  int bad_layer = -2;
  g_assert_false (cw_project_check_spec (project, &message, &bad_layer));
  g_printerr ("# %s\n", message);
  g_assert_cmpint (bad_layer, ==, 0);

  /* A range beside the axis parses but does not fit the data: the spec check says why. */
  g_assert_true (cw_project_set_preprocessing (project, "range(2000,2100)", NULL));
  g_assert_cmpint (cw_project_get_input_length (project), ==, 0);
  g_clear_pointer (&message, g_free);
  g_assert_false (cw_project_check_preprocessing (project, &message));
  g_printerr ("# %s\n", message);
  g_assert_nonnull (strstr (message, "no axis value"));
  g_clear_pointer (&message, g_free);
  g_assert_false (cw_project_check_spec (project, &message, &bad_layer));
  g_assert_cmpint (bad_layer, ==, -1);
  g_autoptr(GError) error = NULL;
  g_assert_null (cw_project_fit_preprocessing (project, NULL, &error));
  g_assert_nonnull (error);
}

static void
test_fit_leaves_validation_out (void)
{
  g_autoptr(CwProject) project = project_with_gasoline (NULL);
  g_assert_true (cw_project_set_preprocessing (project, "center", NULL));
  g_autofree unsigned char *is_val = cw_project_dup_left_out_rows (project, NULL);
  const cw_dataset *ds = cw_project_get_dataset (project);
  int n = cw_dataset_n_samples (ds), length = cw_dataset_length (ds);
  g_autoptr(GError) error = NULL;
  cw_pipeline *pipe = cw_project_fit_preprocessing (project, is_val, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pipe);

  /* The fitted mean is the mean of the training rows only (the 50 'train' rows of split_vignette). */
  /* The project fits on the dataset's parsed doubles. */
  const double *x = cw_dataset_signals_f64 (ds);
  const double *mean = cw_pipeline_step_mean (pipe, 0);
  int n_train = 0;
  for (int i = 0; i < n; i++)
    n_train += !is_val[i];
  g_assert_cmpint (n_train, ==, 50);
  for (int t = 0; t < length; t += 50)
    {
      double sum = 0, sum_all = 0;
      for (int i = 0; i < n; i++)
        {
          sum_all += x[(size_t) i * length + t];
          if (!is_val[i])
            sum += x[(size_t) i * length + t];
        }
      g_assert_cmpfloat_with_epsilon (mean[t], sum / n_train, 1e-12);
      g_assert_cmpfloat (fabs (mean[t] - sum_all / n), >, 1e-9);
    }
  cw_pipeline_free (pipe);
}

static void
train_with_pipeline (CwProject *project, int epochs)
{
  float *x = NULL, *y = NULL;
  int k = 0;
  g_assert_true (cw_project_build_training_data (project, &x, &y, &k, NULL));
  unsigned char *is_val = cw_project_dup_left_out_rows (project, NULL);
  cw_pipeline *pipe = cw_project_fit_preprocessing (project, is_val, NULL);
  g_assert_nonnull (pipe);
  const cw_dataset *ds = cw_project_get_dataset (project);
  int n = cw_dataset_n_samples (ds), length = cw_pipeline_out_length (pipe);
  g_autofree float *xp = g_new (float, (gsize) n * length);
  cw_pipeline_apply_f (pipe, x, n, xp);
  cw_model *model = cw_model_new (cw_project_get_spec (project), 1, length, cw_project_get_task (project), k, NULL);
  g_assert_nonnull (model);
  cw_train_config config = *cw_project_get_train_config (project);
  config.epochs = epochs;
  cw_xy train = cw_xy_select (xp, y, n, length, k, is_val, false);
  cw_xy val = cw_xy_select (xp, y, n, length, k, is_val, true);
  cw_history hist;
  g_assert_cmpint (cw_train (model, &config, train, val, NULL, &hist, NULL), ==, CW_OK);
  cw_project_set_trained_model (project, model, &hist, pipe);
  cw_history_clear (&hist);
  cw_xy_free (&train);
  cw_xy_free (&val);
  g_free (x);
  g_free (y);
  g_free (is_val);
}

static float *
predict_through_model_pipeline (CwProject *project)
{
  int length = 0;
  g_autofree float *inputs = cw_project_dup_model_inputs (project, &length);
  g_assert_nonnull (inputs);
  cw_model *model = cw_project_get_model (project);
  g_assert_cmpint (cw_model_in_length (model), ==, length);
  float *out = g_new (float, 60);
  g_assert_cmpint (cw_model_predict (model, inputs, 60, out, NULL), ==, CW_OK);
  return out;
}

static void
test_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cw-test-XXXXXX", NULL);
  g_autoptr(CwProject) project = project_with_gasoline (dir);
  g_autofree char *path = g_build_filename (dir, "prep.cwproj", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  /* A pipeline with fitted state (msc's reference, the centre's means) and a range. */
  const char *text = "msc sg(11,2,1) range(1000,1600) center";
  g_assert_true (cw_project_set_preprocessing (project, text, NULL));
  cw_spec *spec = cw_spec_parse ("conv(4,k=9) relu maxpool(4) flatten dense(1)", NULL);
  cw_project_set_spec (project, spec);
  cw_spec_free (spec);
  g_assert_true (cw_project_check_spec (project, NULL, NULL));
  const CwPlsSettings *defaults = cw_project_get_pls_settings (project);
  g_assert_cmpint (defaults->max_components, ==, 0); /* min (training rows - 1, 30, features) */
  g_assert_cmpint (defaults->components, ==, 0);
  g_assert_cmpint (defaults->cv_folds, ==, 10);
  g_assert_false (defaults->cv_random);
  g_assert_cmpint (defaults->algorithm, ==, CW_PLS_NIPALS);
  g_assert_null (defaults->group_column);
  /* the project copies the group column: the caller's buffer may change or go */
  char group_column[] = "sample";
  g_assert_cmpint (defaults->rule, ==, CW_NCOMP_ONE_SE);
  g_assert_cmpint (defaults->preprocessing, ==, CW_PLS_PREP_AUTO);
  /* Automatic: PLS reads the Preprocess page's steps once there are some (and chooses by CV without). */
  g_assert_cmpint (cw_project_get_pls_prep_mode (project), ==, CW_PLS_PREP_PROJECT);
  CwPlsSettings pls = { 12, 4, 0, TRUE, CW_PLS_SIMPLS, group_column, CW_NCOMP_WOLD, CW_PLS_PREP_CV };
  int settings_changes = 0;
  g_signal_connect (project, "settings-changed", G_CALLBACK (count_signal), &settings_changes);
  cw_project_set_pls_settings (project, &pls);
  g_assert_cmpint (settings_changes, ==, 1);
  g_assert_true (cw_project_get_pls_settings (project)->group_column != group_column);
  group_column[0] = 'X';
  g_assert_cmpstr (cw_project_get_pls_settings (project)->group_column, ==, "sample");
  /* setting back the project's own settings (sharing its string) changes nothing and frees nothing twice */
  CwPlsSettings same = *cw_project_get_pls_settings (project);
  cw_project_set_pls_settings (project, &same);
  g_assert_cmpint (settings_changes, ==, 1);
  same.cv_folds = 5;
  cw_project_set_pls_settings (project, &same);
  g_assert_cmpint (settings_changes, ==, 2);
  g_assert_cmpstr (cw_project_get_pls_settings (project)->group_column, ==, "sample");
  same = *cw_project_get_pls_settings (project);
  same.cv_folds = 0;
  cw_project_set_pls_settings (project, &same);
  g_assert_cmpint (settings_changes, ==, 3);
  group_column[0] = 's';
  train_with_pipeline (project, 3);
  g_assert_cmpstr (cw_project_get_model_preprocessing (project), ==, text);

  /* Changing the pipeline afterwards keeps the model and the pipeline it was trained with. */
  g_assert_true (cw_project_set_preprocessing (project, "snv", NULL));
  g_assert_nonnull (cw_project_get_model (project));
  g_assert_cmpstr (cw_project_get_model_preprocessing (project), ==, text);
  g_assert_cmpint (cw_pipeline_out_length (cw_project_get_model_pipeline (project)), ==, 301);

  g_autoptr(GError) error = NULL;
  g_assert_true (cw_project_save (project, file, &error));
  g_assert_no_error (error);

  g_autoptr(JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "preprocessing"), ==, "snv");
  JsonObject *model_object = json_object_get_object_member (root, "model");
  g_assert_cmpstr (json_object_get_string_member (model_object, "preprocessing"), ==, text);
  /* Format 2: the model file carries its fitted pipeline (fitted on gasoline's 50 training rows), so no
   * rows to refit on are stored. */
  g_assert_false (json_object_has_member (model_object, "preprocessing_fit_rows"));
  {
    gsize size = 0;
    g_autofree guchar *bytes = g_base64_decode (json_object_get_string_member (model_object, "weights"), &size);
    g_autoptr (cw_model) stored = cw_model_load_bytes (bytes, size, "stored", NULL);
    g_assert_nonnull (stored);
    g_assert_nonnull (cw_model_get_pipeline (stored));
    g_assert_cmpint (cw_pipeline_out_length (cw_model_get_pipeline (stored)), ==, 301);
  }
  JsonObject *pls_object = json_object_get_object_member (root, "pls");
  g_assert_cmpstr (json_object_get_string_member (pls_object, "group_column"), ==, "sample");
  g_assert_cmpstr (json_object_get_string_member (pls_object, "rule"), ==, "wold");
  g_assert_cmpstr (json_object_get_string_member (pls_object, "preprocessing"), ==, "cv");

  g_autofree char *warning = NULL;
  g_autoptr(CwProject) loaded = cw_project_load (file, &warning, &error);
  g_assert_no_error (error);
  g_assert_null (warning);
  g_assert_false (cw_project_get_modified (loaded));
  g_assert_cmpstr (cw_project_get_preprocessing (loaded), ==, "snv");
  const CwPlsSettings *loaded_pls = cw_project_get_pls_settings (loaded);
  g_assert_cmpint (loaded_pls->max_components, ==, 12);
  g_assert_cmpint (loaded_pls->components, ==, 4);
  g_assert_cmpint (loaded_pls->cv_folds, ==, 0);
  g_assert_true (loaded_pls->cv_random);
  g_assert_cmpint (loaded_pls->rule, ==, CW_NCOMP_WOLD);
  g_assert_cmpint (loaded_pls->preprocessing, ==, CW_PLS_PREP_CV);
  /* chosen by CV even though the Preprocess page now has steps */
  g_assert_cmpint (cw_project_get_pls_prep_mode (loaded), ==, CW_PLS_PREP_CV);
  g_assert_cmpint (loaded_pls->algorithm, ==, CW_PLS_SIMPLS);
  g_assert_cmpstr (loaded_pls->group_column, ==, "sample");
  g_assert_cmpstr (cw_project_get_model_preprocessing (loaded), ==, text);

  /* The stored pipeline has the same state, so predictions are bit for bit the same. */
  const cw_pipeline *a = cw_project_get_model_pipeline (project), *b = cw_project_get_model_pipeline (loaded);
  g_assert_cmpint (cw_pipeline_out_length (b), ==, 301);
  g_assert_cmpmem (cw_pipeline_step_mean (a, 0), 401 * sizeof (double), cw_pipeline_step_mean (b, 0),
                   401 * sizeof (double));
  g_assert_cmpmem (cw_pipeline_step_mean (a, 3), 301 * sizeof (double), cw_pipeline_step_mean (b, 3),
                   301 * sizeof (double));
  g_autofree float *pa = predict_through_model_pipeline (project);
  g_autofree float *pb = predict_through_model_pipeline (loaded);
  g_assert_cmpmem (pa, 60 * sizeof (float), pb, 60 * sizeof (float));
  g_autofree float *row = g_new (float, 301);
  g_assert_true (cw_project_preprocess_row (loaded, 7, row));
  int length = 0;
  g_autofree float *all = cw_project_dup_model_inputs (loaded, &length);
  g_assert_cmpmem (row, 301 * sizeof (float), all + 7 * 301, 301 * sizeof (float));

  /* Without the project's preprocessing and PLS members it loads with none; its model still reads the
   * spectra through the pipeline it carries. */
  json_object_remove_member (root, "preprocessing");
  json_object_remove_member (root, "pls");
  json_object_remove_member (model_object, "preprocessing");
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  json_generator_set_root (generator, json_parser_get_root (parser));
  g_assert_true (json_generator_to_file (generator, path, NULL));
  g_autoptr(CwProject) old = cw_project_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cw_project_get_preprocessing (old), ==, "");
  g_assert_cmpint (cw_project_get_pls_settings (old)->cv_folds, ==, 10);
  g_assert_null (cw_project_get_pls_settings (old)->group_column);
  g_assert_cmpstr (cw_project_get_model_preprocessing (old), ==, "");
  g_assert_cmpint (cw_pipeline_out_length (cw_project_get_model_pipeline (old)), ==, 301);
  g_autofree float *pc = predict_through_model_pipeline (old);
  g_assert_cmpmem (pa, 60 * sizeof (float), pc, 60 * sizeof (float));

  g_autofree char *data_path = g_build_filename (dir, "gasoline.csv", NULL);
  g_unlink (path);
  g_unlink (data_path);
  g_rmdir (dir);
}

static void
test_new_data_keeps_fitting_pipeline (void)
{
  g_autoptr(CwProject) project = project_with_gasoline (NULL);
  g_assert_true (cw_project_set_preprocessing (project, "snv range(1000,1600)", NULL));
  /* The default architecture of new data is sized for the preprocessed length. */
  g_autoptr(GFile) file = g_file_new_for_path (GASOLINE);
  int changes = 0;
  g_signal_connect (project, "preprocessing-changed", G_CALLBACK (count_signal), &changes);
  g_assert_true (cw_project_load_data (project, file, NULL));
  g_assert_cmpstr (cw_project_get_preprocessing (project), ==, "snv range(1000,1600)");
  g_assert_cmpint (changes, ==, 0);
  g_assert_true (cw_project_check_spec (project, NULL, NULL));

  /* Data whose axis the range misses starts without the pipeline, and says so. */
  g_autofree char *dir = g_dir_make_tmp ("cw-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "short.csv", NULL);
  g_assert_true (g_file_set_contents (path, "target:y,1,2,3,4\n1,0.1,0.2,0.3,0.4\n2,0.2,0.1,0.4,0.3\n"
                                      "3,0.3,0.3,0.1,0.2\n", -1, NULL));
  g_autoptr(GFile) short_file = g_file_new_for_path (path);
  g_assert_true (cw_project_load_data (project, short_file, NULL));
  g_assert_cmpstr (cw_project_get_preprocessing (project), ==, "");
  g_assert_cmpint (changes, ==, 1);
  g_assert_cmpint (cw_project_get_input_length (project), ==, 4);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/project-prep/bad-text-refused", test_bad_text_refused);
  g_test_add_func ("/project-prep/input-shape-follows-range", test_input_shape_follows_range);
  g_test_add_func ("/project-prep/fit-leaves-validation-out", test_fit_leaves_validation_out);
  g_test_add_func ("/project-prep/round-trip", test_round_trip);
  g_test_add_func ("/project-prep/new-data-keeps-fitting-pipeline", test_new_data_keeps_fitting_pipeline);
  return g_test_run ();
}
