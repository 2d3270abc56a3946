/* test-project.c — the document model: asynchronous data loading (success and a ragged file that leaves
 * the project as it was), defaults for a new dataset, target/task switching, undo/redo, the spec check,
 * and .cwproj files (round trip with bitwise-equal predictions, checksum warning, corrupt files). */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "cw-project.h"
#include "rows-test-util.h"

#define GASOLINE RESOURCES_DIR "/data/gasoline.csv"

static GThread *main_thread;

/* Iterates the main context until *done or a deadline (seconds) passes. */
static gboolean
wait_for (gboolean *done, double seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  while (!*done && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  return *done;
}

typedef struct
{
  gboolean done, ok;
  GError *error;
  int data_changed;
} LoadResult;

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LoadResult *r = user_data;
  g_assert_true (g_thread_self () == main_thread);
  r->ok = cw_project_load_data_finish (CW_PROJECT (source), result, &r->error);
  r->done = TRUE;
}

static void
count_signal (gpointer instance, int *count)
{
  g_assert_true (g_thread_self () == main_thread);
  (*count)++;
}

static CwProject *
project_with_gasoline (void)
{
  CwProject *project = cw_project_new ();
  g_autoptr(GFile) file = g_file_new_for_path (GASOLINE);
  g_autoptr(GError) error = NULL;
  g_assert_true (cw_project_load_data (project, file, &error));
  g_assert_no_error (error);
  return project;
}

/* Asserts the training data builds with the project's outputs. */
static void
assert_training_data (CwProject *project)
{
  float *x = NULL, *y = NULL;
  int k = 0;
  g_autoptr(GError) error = NULL;
  g_assert_true (cw_project_build_training_data (project, &x, &y, &k, &error));
  g_assert_no_error (error);
  g_assert_cmpint (k, ==, cw_project_get_n_outputs (project));
  g_free (x);
  g_free (y);
}

static void
test_load_gasoline_async (void)
{
  g_autoptr(CwProject) project = cw_project_new ();
  g_autoptr(GFile) file = g_file_new_for_path (GASOLINE);
  LoadResult r = { 0 };
  g_signal_connect (project, "data-changed", G_CALLBACK (count_signal), &r.data_changed);

  cw_project_load_data_async (project, file, NULL, NULL, NULL, on_loaded, &r);
  g_assert_null (cw_project_get_dataset (project)); /* nothing happens before the worker is done */
  g_assert_true (wait_for (&r.done, 30));
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpint (r.data_changed, ==, 1);

  const cw_dataset *ds = cw_project_get_dataset (project);
  g_assert_nonnull (ds);
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 60);
  g_assert_cmpint (cw_dataset_length (ds), ==, 401);
  g_assert_cmpint (cw_project_get_target (project), ==, 0);
  g_assert_cmpstr (cw_dataset_target_name (ds, cw_project_get_target (project)), ==, "octane");
  g_assert_cmpint (cw_project_get_task (project), ==, CW_TASK_REGRESSION);
  g_assert_cmpint (cw_project_get_n_outputs (project), ==, 1);
  g_assert_true (g_file_equal (cw_project_get_data_file (project), file));

  /* The checksum is the SHA-256 of the bytes on disk. */
  g_autofree char *bytes = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (GASOLINE, &bytes, &length, NULL));
  g_autofree char *expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) bytes, length);
  g_assert_cmpstr (cw_project_get_data_checksum (project), ==, expected);
  g_assert_cmpint (strlen (expected), ==, 64);

  g_autofree char *axis = cw_project_dup_axis_label (project);
  g_assert_cmpstr (axis, ==, "Wavelength (nm)");

  /* Defaults: the split column the file ships with names the 10 test rows; the 50 training rows are
   * cross-validated (it names no validation rows); the full default architecture, 200 epochs. */
  const CwRowSettings *rows = cw_project_get_row_settings (project);
  g_assert_cmpint (rows->test, ==, CW_TEST_SPLIT_COLUMN);
  g_assert_cmpstr (rows->split_column, ==, "split_vignette");
  g_assert_cmpint (rows->choose_by, ==, CW_CHOOSE_CV);
  g_assert_cmpint (rows->cv_folds, ==, 5);
  assert_training_data (project);
  g_assert_cmpint (count_role (project, CW_ROLE_TEST), ==, 10);
  g_assert_cmpint (count_role (project, CW_ROLE_TRAIN), ==, 50);
  g_assert_cmpint (count_role (project, CW_ROLE_VALIDATION), ==, 0);
  g_autofree char *spec = cw_spec_to_string (cw_project_get_spec (project));
  g_assert_cmpstr (spec, ==,
                   "conv(8,k=9) relu maxpool(2) conv(16,k=9) relu maxpool(2) flatten dense(64) relu dense(1)");
  g_assert_true (cw_project_check_spec (project, NULL, NULL));
  g_assert_cmpint (cw_project_get_train_config (project)->epochs, ==, 200);
  g_assert_cmpint (cw_project_get_train_config (project)->loss, ==, CW_LOSS_MSE);
  /* New data is trained by the recipes validation chooses among. */
  g_assert_cmpstr (cw_project_get_recipe_settings (project)->recipe, ==, CW_RECIPE_AUTO);
  g_assert_true (cw_project_check_training (project, NULL, NULL));
  g_assert_false (cw_project_get_modified (project));
  g_assert_false (cw_project_can_undo (project));
  g_assert_null (cw_project_get_model (project));
}

static void
test_load_ragged_keeps_project (void)
{
  g_autoptr(CwProject) project = project_with_gasoline ();
  const cw_dataset *before = cw_project_get_dataset (project);
  g_autofree char *checksum = g_strdup (cw_project_get_data_checksum (project));
  g_autofree char *dir = g_dir_make_tmp ("cw-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ragged.csv", NULL);
  const char *text = "meta:id,target:y,1,2,3\n"
                     "a,1.5,0.1,0.2,0.3\n"
                     "b,2.5,0.1,0.2\n"
                     "c,3.5,0.1,0.2,0.3\n";
  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  LoadResult r = { 0 };
  g_signal_connect (project, "data-changed", G_CALLBACK (count_signal), &r.data_changed);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  cw_project_load_data_async (project, file, NULL, NULL, NULL, on_loaded, &r);
  g_assert_true (wait_for (&r.done, 30));
  g_assert_false (r.ok);
  g_assert_error (r.error, CW_PROJECT_ERROR, CW_ERR_PARSE);
  g_printerr ("# ragged file: %s\n", r.error->message);
  g_assert_nonnull (strstr (r.error->message, "ragged.csv"));
  g_assert_nonnull (strstr (r.error->message, "line 3"));
  g_clear_error (&r.error);

  /* Nothing changed: same dataset, checksum, signals not emitted. */
  g_assert_true (cw_project_get_dataset (project) == before);
  g_assert_cmpint (cw_dataset_n_samples (cw_project_get_dataset (project)), ==, 60);
  g_assert_cmpstr (cw_project_get_data_checksum (project), ==, checksum);
  g_assert_cmpint (r.data_changed, ==, 0);

  /* A missing file is an I/O error naming it. */
  g_autofree char *missing_path = g_build_filename (dir, "missing.csv", NULL);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  LoadResult r2 = { 0 };
  cw_project_load_data_async (project, missing, NULL, NULL, NULL, on_loaded, &r2);
  g_assert_true (wait_for (&r2.done, 30));
  g_assert_error (r2.error, CW_PROJECT_ERROR, CW_ERR_IO);
  g_assert_nonnull (strstr (r2.error->message, "missing.csv"));
  g_clear_error (&r2.error);
  g_assert_true (cw_project_get_dataset (project) == before);

  g_unlink (path);
  g_rmdir (dir);
}

static cw_spec *
parse (const char *text)
{
  cw_error err;
  cw_spec *spec = cw_spec_parse (text, &err);
  g_assert_nonnull (spec);
  return spec;
}

static char *
current_spec (CwProject *project)
{
  return cw_spec_to_string (cw_project_get_spec (project));
}

static void
test_undo_redo (void)
{
  g_autoptr(CwProject) project = project_with_gasoline ();
  g_autofree char *original = current_spec (project);
  int changes = 0;
  g_signal_connect (project, "spec-changed", G_CALLBACK (count_signal), &changes);
  const char *a = "conv(4,k=5) relu flatten dense(1)";
  const char *b = "conv(4,k=5) relu gavgpool dense(1)";
  const char *c = "flatten dense(1)";

  cw_spec *spec = parse (a);
  cw_project_set_spec (project, spec);
  cw_project_set_spec (project, spec); /* equal: no step */
  cw_spec_free (spec);
  g_assert_cmpint (changes, ==, 1);
  g_assert_true (cw_project_get_modified (project));
  spec = parse (b);
  cw_project_set_spec (project, spec);
  cw_spec_free (spec);
  g_assert_cmpint (changes, ==, 2);

  g_autofree char *now = NULL;
  cw_project_undo (project);
  now = current_spec (project);
  g_assert_cmpstr (now, ==, a);
  g_clear_pointer (&now, g_free);
  cw_project_undo (project);
  now = current_spec (project);
  g_assert_cmpstr (now, ==, original);
  g_clear_pointer (&now, g_free);
  g_assert_false (cw_project_can_undo (project));
  g_assert_true (cw_project_can_redo (project));
  cw_project_undo (project); /* nothing left: no change, no signal */
  g_assert_cmpint (changes, ==, 4);

  cw_project_redo (project);
  now = current_spec (project);
  g_assert_cmpstr (now, ==, a);
  g_clear_pointer (&now, g_free);
  g_assert_cmpint (changes, ==, 5);

  /* A new edit drops the redo branch. */
  spec = parse (c);
  cw_project_set_spec (project, spec);
  cw_spec_free (spec);
  g_assert_false (cw_project_can_redo (project));
  cw_project_undo (project);
  now = current_spec (project);
  g_assert_cmpstr (now, ==, a);
  g_clear_pointer (&now, g_free);

  /* The stack is bounded: after 150 edits, 100 undos and no more. */
  for (int i = 0; i < 150; i++)
    {
      g_autofree char *text = g_strdup_printf ("flatten dense(%d) relu dense(1)", i + 2);
      spec = parse (text);
      cw_project_set_spec (project, spec);
      cw_spec_free (spec);
    }
  int undos = 0;
  while (cw_project_can_undo (project))
    {
      cw_project_undo (project);
      undos++;
    }
  g_assert_cmpint (undos, ==, 100);
  now = current_spec (project);
  g_assert_cmpstr (now, ==, "flatten dense(51) relu dense(1)");
}

static void
test_check_spec (void)
{
  g_autoptr(CwProject) project = project_with_gasoline ();
  char *message = NULL;
  int bad = -2;
  g_assert_true (cw_project_check_spec (project, &message, &bad));
  g_assert_null (message);
  g_assert_cmpint (bad, ==, -1);

  /* A kernel longer than the 401-point signal: the first layer breaks. */
  cw_spec *spec = parse ("conv(8,k=500) relu flatten dense(1)");
  cw_project_set_spec (project, spec);
  cw_spec_free (spec);
  g_assert_false (cw_project_check_spec (project, &message, &bad));
  g_printerr ("# impossible spec: %s\n", message);
  g_assert_cmpint (bad, ==, 0);
  g_assert_nonnull (strstr (message, "401"));
  g_assert_nonnull (strstr (message, "500"));
  g_clear_pointer (&message, g_free);

  /* Builds, but ends in 8 x 393 values where one output is needed: the last layer is flagged. */
  spec = parse ("conv(8,k=9) relu");
  cw_project_set_spec (project, spec);
  cw_spec_free (spec);
  g_assert_false (cw_project_check_spec (project, &message, &bad));
  g_assert_cmpint (bad, ==, 1);
  g_assert_nonnull (strstr (message, "8 × 393"));
  g_assert_nonnull (strstr (message, "dense(1)"));
  g_clear_pointer (&message, g_free);

  /* Without data there is nothing to check against. */
  g_autoptr(CwProject) empty = cw_project_new ();
  g_assert_false (cw_project_check_spec (empty, &message, &bad));
  g_assert_cmpint (bad, ==, -1);
  g_assert_nonnull (strstr (message, "data"));
  g_free (message);
}

/* Three classes given as integer labels 0/1/2 on short signals. */
static cw_dataset *
labelled_arrays (int n, int length)
{
  g_autofree float *x = g_new (float, n * length);
  g_autofree float *y = g_new (float, n);
  for (int i = 0; i < n; i++)
    {
      y[i] = (float) (i % 3);
      for (int t = 0; t < length; t++)
        x[i * length + t] = (float) (sin (0.3 * t * (1 + i % 3)) + 0.01 * i);
    }
  return cw_dataset_new_from_arrays (n, 1, length, x, 1, y);
}

/* A 0/1 target opens as binary classification with classes "0" and "1"; a numeric one as regression. */
static void
test_zero_one_target_is_binary (void)
{
  const char *text = "target:defect,target:moisture,900,902,904\n"
                     "1,12.5,0.1,0.2,0.3\n0,11.0,0.2,0.2,0.3\n1,13.1,0.3,0.2,0.3\n0,10.2,0.4,0.2,0.3\n"
                     "0,10.9,0.5,0.2,0.3\n1,12.2,0.6,0.2,0.3\n";
  cw_error err;
  cw_error_clear (&err);
  cw_dataset *ds = cw_dataset_parse_csv (text, strlen (text), "defects.csv", NULL, &err);
  g_assert_nonnull (ds);
  g_autoptr(CwProject) project = cw_project_new ();
  cw_project_set_dataset (project, ds, NULL);
  g_assert_cmpint (cw_project_get_target (project), ==, 0);
  g_assert_cmpint (cw_project_get_task (project), ==, CW_TASK_BINARY);
  ds = (cw_dataset *) cw_project_get_dataset (project);
  g_assert_cmpint (cw_dataset_n_classes (ds, 0), ==, 2);
  g_assert_cmpstr (cw_dataset_class_name (ds, 0, 1), ==, "1");
  g_assert_cmpint (cw_project_get_train_config (project)->loss, !=, CW_LOSS_MSE);
  cw_project_set_target (project, 1);
  g_assert_cmpint (cw_project_get_task (project), ==, CW_TASK_REGRESSION);
  cw_project_set_target (project, 0);
  g_assert_cmpint (cw_project_get_task (project), ==, CW_TASK_BINARY);
}

/* An instrument file opens through the same loader: the reader chosen by its bytes, one sample per
 * JCAMP block, and the axis labelled with the file's unit rather than a guess from the numbers. */
static void
test_load_instrument_file (void)
{
  g_autoptr(CwProject) project = cw_project_new ();
  g_autoptr(GFile) file = g_file_new_for_path (ENGINE_FIXTURES_DIR "/jcamp/link.jdx");
  g_autoptr(GError) error = NULL;
  g_assert_true (cw_project_load_data (project, file, &error));
  g_assert_no_error (error);
  const cw_dataset *ds = cw_project_get_dataset (project);
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 3);
  g_assert_cmpint (cw_dataset_length (ds), ==, 6);
  g_autofree char *axis = cw_project_dup_axis_label (project);
  g_assert_cmpstr (axis, ==, "Wavelength (nm)");

  g_autoptr(GFile) spc = g_file_new_for_path (ENGINE_FIXTURES_DIR "/spc/new-float.spc");
  g_assert_true (cw_project_load_data (project, spc, &error));
  g_autofree char *spc_axis = cw_project_dup_axis_label (project);
  g_assert_cmpstr (spc_axis, ==, "Wavenumber (cm⁻¹)");

  /* A corrupt file keeps the project's data and says where. */
  g_autoptr(GFile) bad = g_file_new_for_path (ENGINE_FIXTURES_DIR "/jcamp/dif-corrupt.jdx");
  g_assert_false (cw_project_load_data (project, bad, &error));
  g_assert_nonnull (strstr (error->message, "dif-corrupt.jdx: line 17: the DIF check value"));
  g_assert_cmpint (cw_dataset_length (cw_project_get_dataset (project)), ==, 10);
  g_clear_error (&error);

  /* A folder of one-spectrum files is one dataset; its checksum is the data's. */
  g_autofree char *dir = g_dir_make_tmp ("cw-project-folder-XXXXXX", NULL);
  const char *names[] = { "affn.jdx", "sqz.jdx" };
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *src = g_build_filename (ENGINE_FIXTURES_DIR, "jcamp", names[i], NULL);
      g_autofree char *dst = g_build_filename (dir, names[i], NULL);
      g_autofree char *text = NULL;
      gsize size = 0;
      g_assert_true (g_file_get_contents (src, &text, &size, NULL));
      g_assert_true (g_file_set_contents (dst, text, (gssize) size, NULL));
    }
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_assert_true (cw_project_load_data (project, folder, &error));
  g_assert_cmpint (cw_dataset_n_samples (cw_project_get_dataset (project)), ==, 2);
  g_assert_cmpint (strlen (cw_project_get_data_checksum (project)), ==, 64);
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *dst = g_build_filename (dir, names[i], NULL);
      g_remove (dst);
    }
  g_rmdir (dir);
}

static void
test_task_switch (void)
{
  g_autoptr(CwProject) project = cw_project_new ();
  cw_project_set_dataset (project, labelled_arrays (30, 12), NULL);
  g_assert_cmpint (cw_project_get_task (project), ==, CW_TASK_REGRESSION);
  g_autofree char *axis = cw_project_dup_axis_label (project);
  g_assert_cmpstr (axis, ==, "Index");
  /* Twelve points are too short for the two-block default: a smaller stack that builds. */
  g_assert_true (cw_project_check_spec (project, NULL, NULL));
  g_autofree char *spec_text = current_spec (project);
  g_assert_null (strstr (spec_text, "k=9"));
  /* No split column, and 30 rows: a random 20 % are test rows, the other 24 are cross-validated. */
  g_assert_cmpint (cw_project_get_row_settings (project)->test, ==, CW_TEST_RANDOM);
  g_assert_cmpint (count_role (project, CW_ROLE_TEST), ==, 6);
  g_assert_cmpint (count_role (project, CW_ROLE_TRAIN), ==, 24);
  assert_training_data (project);

  cw_project_set_task (project, CW_TASK_MULTICLASS);
  g_assert_cmpint (cw_project_get_n_outputs (project), ==, 3);
  g_assert_cmpint (cw_project_get_train_config (project)->loss, ==, CW_LOSS_CROSS_ENTROPY);
  g_assert_true (cw_project_check_spec (project, NULL, NULL)); /* the output layer followed: dense(3) */
  const cw_spec *spec = cw_project_get_spec (project);
  g_assert_cmpint (cw_spec_get (spec, cw_spec_count (spec) - 1)->units, ==, 3);

  float *x = NULL, *y = NULL;
  int k = 0;
  g_assert_true (cw_project_build_training_data (project, &x, &y, &k, NULL));
  g_assert_cmpint (k, ==, 3);
  g_assert_cmpfloat (y[0 * 3 + 0], ==, 1); /* row 0: class 0, one-hot */
  g_assert_cmpfloat (y[2 * 3 + 2], ==, 1);
  g_assert_cmpfloat (y[2 * 3 + 0], ==, 0);
  g_free (x);
  g_free (y);

  /* Back to regression: the labels are numbers again, and one output. */
  cw_project_set_task (project, CW_TASK_REGRESSION);
  g_assert_cmpint (cw_project_get_train_config (project)->loss, ==, CW_LOSS_MSE);
  g_assert_true (cw_project_check_spec (project, NULL, NULL));
  g_assert_true (cw_project_build_training_data (project, &x, &y, &k, NULL));
  g_assert_cmpint (k, ==, 1);
  g_assert_cmpfloat (y[0], ==, 0);
  g_assert_cmpfloat (y[1], ==, 1);
  g_assert_cmpfloat (y[5], ==, 2);
  g_free (x);
  g_free (y);

  /* Classification of a non-integer target cannot work: the reason comes from the engine. */
  g_autoptr(CwProject) gasoline = project_with_gasoline ();
  cw_project_set_task (gasoline, CW_TASK_MULTICLASS);
  g_autoptr(GError) error = NULL;
  g_assert_false (cw_project_build_training_data (gasoline, &x, &y, &k, &error));
  g_assert_nonnull (error);
  g_printerr ("# octane as classes: %s\n", error->message);
}

static void
assert_configs_equal (const cw_train_config *a, const cw_train_config *b)
{
  g_assert_cmpint (a->epochs, ==, b->epochs);
  g_assert_cmpint (a->batch, ==, b->batch);
  g_assert_cmpuint (a->seed, ==, b->seed);
  g_assert_cmpint (a->init_weights, ==, b->init_weights);
  g_assert_cmpint (a->shuffle, ==, b->shuffle);
  g_assert_cmpint (a->loss, ==, b->loss);
  g_assert_cmpint (a->optimizer.type, ==, b->optimizer.type);
  g_assert_cmpfloat (a->optimizer.lr, ==, b->optimizer.lr);
  g_assert_cmpfloat (a->optimizer.momentum, ==, b->optimizer.momentum);
  g_assert_cmpint (a->optimizer.nesterov, ==, b->optimizer.nesterov);
  g_assert_cmpfloat (a->optimizer.beta1, ==, b->optimizer.beta1);
  g_assert_cmpfloat (a->optimizer.beta2, ==, b->optimizer.beta2);
  g_assert_cmpfloat (a->optimizer.eps, ==, b->optimizer.eps);
  g_assert_cmpfloat (a->optimizer.weight_decay, ==, b->optimizer.weight_decay);
  g_assert_cmpfloat (a->optimizer.clip_norm, ==, b->optimizer.clip_norm);
  g_assert_cmpfloat (a->optimizer.clip_value, ==, b->optimizer.clip_value);
  g_assert_cmpint (a->schedule.type, ==, b->schedule.type);
  g_assert_cmpint (a->schedule.step_epochs, ==, b->schedule.step_epochs);
  g_assert_cmpfloat (a->schedule.gamma, ==, b->schedule.gamma);
  g_assert_cmpfloat (a->schedule.min_lr, ==, b->schedule.min_lr);
  g_assert_cmpint (a->patience, ==, b->patience);
  g_assert_cmpfloat (a->min_delta, ==, b->min_delta);
  g_assert_cmpint (a->restore_best, ==, b->restore_best);
  g_assert_cmpint (a->input_scaling, ==, b->input_scaling);
  g_assert_cmpint (a->standardize_targets, ==, b->standardize_targets);
  g_assert_cmpint (a->augment.shift, ==, b->augment.shift);
  g_assert_cmpfloat (a->augment.noise, ==, b->augment.noise);
  g_assert_cmpfloat (a->augment.scale, ==, b->augment.scale);
  g_assert_cmpfloat (a->augment.offset, ==, b->augment.offset);
  g_assert_cmpfloat (a->augment.slope, ==, b->augment.slope);
  g_assert_cmpint (a->threads, ==, b->threads);
  g_assert_cmpint (a->train_metrics, ==, b->train_metrics);
}

/* Trains the project's spec for a few epochs on the calling thread and gives the model to the project. */
static void
train_directly (CwProject *project, int epochs)
{
  float *x = NULL, *y = NULL;
  int k = 0;
  g_assert_true (cw_project_build_training_data (project, &x, &y, &k, NULL));
  g_autofree unsigned char *not_training = dup_left_out_mask (project);
  g_autofree unsigned char *is_val = dup_role_mask (project, CW_ROLE_VALIDATION);
  const cw_dataset *ds = cw_project_get_dataset (project);
  int n = cw_dataset_n_samples (ds), size = cw_dataset_n_channels (ds) * cw_dataset_length (ds);
  cw_model *model = cw_model_new (cw_project_get_spec (project), cw_dataset_n_channels (ds), cw_dataset_length (ds),
                                  cw_project_get_task (project), k, NULL);
  g_assert_nonnull (model);
  cw_train_config config = *cw_project_get_train_config (project);
  config.epochs = epochs;
  cw_xy train = cw_xy_select (x, y, n, size, k, not_training, false);
  cw_xy val = cw_xy_select (x, y, n, size, k, is_val, true);
  cw_history hist;
  g_assert_cmpint (cw_train (model, &config, train, val, NULL, &hist, NULL), ==, CW_OK);
  cw_project_set_model (project, model, &hist);
  cw_history_clear (&hist);
  cw_xy_free (&train);
  cw_xy_free (&val);
  g_free (x);
  g_free (y);
}

static float *
predict_all (CwProject *project)
{
  const cw_dataset *ds = cw_project_get_dataset (project);
  int n = cw_dataset_n_samples (ds);
  cw_model *model = cw_project_get_model (project);
  float *out = g_new (float, n * cw_model_n_outputs (model));
  g_assert_cmpint (cw_model_predict (model, cw_dataset_signals (ds), n, out, NULL), ==, CW_OK);
  return out;
}

static char *
copy_gasoline_into (const char *dir)
{
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_mkdir (data_dir, 0700);
  char *path = g_build_filename (data_dir, "gasoline.csv", NULL);
  g_autofree char *bytes = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (GASOLINE, &bytes, &length, NULL));
  g_assert_true (g_file_set_contents (path, bytes, (gssize) length, NULL));
  return path;
}

static void
test_save_load_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cw-test-XXXXXX", NULL);
  g_autofree char *data_path = copy_gasoline_into (dir);
  g_autofree char *project_path = g_build_filename (dir, "octane.cwproj", NULL);
  g_autoptr(GFile) data_file = g_file_new_for_path (data_path);
  g_autoptr(GFile) project_file = g_file_new_for_path (project_path);

  g_autoptr(CwProject) project = cw_project_new ();
  g_assert_true (cw_project_load_data (project, data_file, NULL));
  cw_spec *spec = parse ("conv(4,k=7) relu maxpool(3) conv(6,k=5,pad=same) relu gavgpool dense(8) relu dense(1)");
  cw_project_set_spec (project, spec);
  cw_spec_free (spec);
  cw_train_config config = *cw_project_get_train_config (project);
  config.batch = 16;
  config.seed = G_GUINT64_CONSTANT (18446744073709551557); /* beyond JSON's safe integers */
  config.optimizer.lr = 0.003f;
  config.optimizer.weight_decay = 1e-4f;
  config.schedule.type = CW_SCHED_COSINE;
  config.schedule.min_lr = 1e-5f;
  config.patience = 7;
  config.augment.noise = 0.01f;
  config.augment.shift = 2;
  config.input_scaling = CW_SCALE_PER_CHANNEL;
  cw_project_set_train_config (project, &config);
  /* Test rows by the vignette's column, a 25 % holdout of the training rows, groups by sample id. */
  CwRowSettings rows;
  cw_row_settings_copy (&rows, cw_project_get_row_settings (project));
  rows.test = CW_TEST_META;
  rows.test_column = g_strdup ("split_vignette");
  rows.test_values = g_strdup ("test");
  rows.choose_by = CW_CHOOSE_HOLDOUT;
  rows.holdout_fraction = 0.25;
  rows.seed = G_GUINT64_CONSTANT (18446744073709551000);
  g_assert_true (cw_project_set_row_settings (project, &rows, NULL));
  cw_row_settings_clear (&rows);
  cw_project_set_threads (project, 3);
  CwRecipeSettings recipe = { (char *) "deriv-cnn", 2, 90.0 };
  g_assert_true (cw_project_set_recipe_settings (project, &recipe, NULL));
  recipe.recipe = (char *) "no-such-recipe";
  g_autoptr(GError) recipe_error = NULL;
  g_assert_false (cw_project_set_recipe_settings (project, &recipe, &recipe_error));
  g_assert_nonnull (strstr (recipe_error->message, "no-such-recipe"));
  train_directly (project, 3);
  g_assert_true (cw_project_get_modified (project));

  g_autoptr(GError) error = NULL;
  g_assert_true (cw_project_save (project, project_file, &error));
  g_assert_no_error (error);
  g_assert_false (cw_project_get_modified (project));
  g_assert_true (g_file_equal (cw_project_get_file (project), project_file));

  /* The data is referenced relative to the project, with its checksum. */
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_file (parser, project_path, NULL));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "conv1d-workbench-project");
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 2);
  JsonObject *data = json_object_get_object_member (root, "data");
  g_assert_cmpstr (json_object_get_string_member (data, "path"), ==, "data/gasoline.csv");
  g_assert_cmpstr (json_object_get_string_member (data, "sha256"), ==, cw_project_get_data_checksum (project));
  g_assert_cmpstr (json_object_get_string_member (root, "target"), ==, "octane");
  g_assert_cmpstr (json_object_get_string_member (root, "task"), ==, "regression");
  g_autofree char *saved_spec = current_spec (project);
  g_assert_cmpstr (json_object_get_string_member (root, "architecture"), ==, saved_spec);
  JsonObject *training = json_object_get_object_member (root, "training");
  g_assert_cmpint (json_object_get_int_member (training, "batch"), ==, 16);
  g_assert_cmpstr (json_object_get_string_member (training, "seed"), ==, "18446744073709551557");
  JsonObject *model_object = json_object_get_object_member (root, "model");
  g_assert_cmpuint (strlen (json_object_get_string_member (model_object, "weights")), >, 1000);
  JsonObject *history = json_object_get_object_member (root, "history");
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (history, "train_loss")), ==, 3);

  g_autofree char *warning = NULL;
  g_autoptr(CwProject) loaded = cw_project_load (project_file, &warning, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_null (warning);
  g_assert_false (cw_project_get_modified (loaded));
  g_assert_false (cw_project_can_undo (loaded));

  g_autofree char *spec_a = current_spec (project);
  g_autofree char *spec_b = current_spec (loaded);
  g_assert_cmpstr (spec_a, ==, spec_b);
  g_assert_cmpint (cw_project_get_target (loaded), ==, cw_project_get_target (project));
  g_assert_cmpint (cw_project_get_task (loaded), ==, cw_project_get_task (project));
  assert_configs_equal (cw_project_get_train_config (loaded), cw_project_get_train_config (project));
  g_assert_true (cw_row_settings_equal (cw_project_get_row_settings (loaded), cw_project_get_row_settings (project)));
  g_assert_cmpuint (cw_project_get_row_settings (loaded)->seed, ==, G_GUINT64_CONSTANT (18446744073709551000));
  g_assert_cmpint (count_role (loaded, CW_ROLE_TEST), ==, 10);
  g_assert_cmpint (count_role (loaded, CW_ROLE_VALIDATION), ==, 13); /* round (0.25 x 50) */
  g_assert_cmpint (cw_project_get_threads (loaded), ==, 3);
  g_assert_cmpstr (cw_project_get_recipe_settings (loaded)->recipe, ==, "deriv-cnn");
  g_assert_cmpint (cw_project_get_recipe_settings (loaded)->ensemble, ==, 2);
  g_assert_cmpfloat (cw_project_get_recipe_settings (loaded)->time_budget_s, ==, 90.0);
  g_assert_cmpstr (cw_project_get_data_checksum (loaded), ==, cw_project_get_data_checksum (project));

  const cw_history *ha = cw_project_get_history (project), *hb = cw_project_get_history (loaded);
  g_assert_cmpint (ha->epochs, ==, 3);
  g_assert_cmpint (hb->epochs, ==, 3);
  g_assert_cmpint (hb->best_epoch, ==, ha->best_epoch);
  for (int e = 0; e < 3; e++)
    {
      g_assert_cmpfloat (hb->train_loss[e], ==, ha->train_loss[e]);
      g_assert_cmpfloat (hb->val_loss[e], ==, ha->val_loss[e]);
      g_assert_cmpfloat (hb->val_metric[e], ==, ha->val_metric[e]);
      g_assert_cmpfloat (hb->lr[e], ==, ha->lr[e]);
    }

  /* The model comes back bit for bit. */
  g_assert_nonnull (cw_project_get_model (loaded));
  g_autofree float *pa = predict_all (project);
  g_autofree float *pb = predict_all (loaded);
  g_assert_cmpmem (pa, 60 * sizeof (float), pb, 60 * sizeof (float));
  g_assert_true (isfinite (pa[0]) && pa[0] != pa[1]);

  /* A changed data file still opens, with a warning. */
  g_autofree char *bytes = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (data_path, &bytes, &length, NULL));
  char *cell = strstr (bytes, "85.3,");
  g_assert_nonnull (cell);
  cell[3] = '4'; /* octane 85.3 -> 85.4 */
  g_assert_true (g_file_set_contents (data_path, bytes, (gssize) length, NULL));
  g_clear_object (&loaded);
  loaded = cw_project_load (project_file, &warning, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_nonnull (warning);
  g_printerr ("# changed data: %s\n", warning);
  g_assert_nonnull (strstr (warning, "gasoline.csv"));
  g_assert_nonnull (strstr (warning, "changed"));

  /* Moved next to the project: still found. */
  g_clear_object (&loaded);
  g_clear_pointer (&warning, g_free);
  g_autofree char *beside = g_build_filename (dir, "gasoline.csv", NULL);
  g_assert_cmpint (g_rename (data_path, beside), ==, 0);
  loaded = cw_project_load (project_file, &warning, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_autofree char *found = g_file_get_path (cw_project_get_data_file (loaded));
  g_assert_cmpstr (found, ==, beside);

  /* The data file gone: refused, naming where it was expected. */
  g_clear_object (&loaded);
  g_clear_pointer (&warning, g_free);
  g_assert_cmpint (g_unlink (beside), ==, 0);
  loaded = cw_project_load (project_file, &warning, &error);
  g_assert_null (loaded);
  g_assert_nonnull (error);
  g_printerr ("# data gone: %s\n", error->message);
  g_assert_nonnull (strstr (error->message, data_path));
  g_assert_nonnull (strstr (error->message, "not found"));
  g_clear_error (&error);

  g_autofree char *data_dir = g_path_get_dirname (data_path);
  g_unlink (project_path);
  g_rmdir (data_dir);
  g_rmdir (dir);
}

static GError *
load_text (const char *dir, const char *text)
{
  g_autofree char *path = g_build_filename (dir, "bad.cwproj", NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GError *error = NULL;
  g_autofree char *warning = NULL;
  CwProject *project = cw_project_load (file, &warning, &error);
  g_assert_null (project);
  g_assert_nonnull (error);
  g_assert_true (error->domain == CW_PROJECT_ERROR);
  g_printerr ("# refused: %s\n", error->message);
  g_unlink (path);
  return error;
}

static void
test_corrupt_project_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cw-test-XXXXXX", NULL);
  GError *error;

  error = load_text (dir, "{\n  \"format\": \"conv1d-workbench-project\",\n  \"version\": 1,,\n}\n");
  g_assert_cmpint (error->code, ==, CW_ERR_FORMAT);
  g_assert_nonnull (strstr (error->message, "bad.cwproj"));
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_assert_nonnull (strstr (error->message, "JSON syntax error"));
  g_error_free (error);

  error = load_text (dir, "{\"name\": \"something else\", \"version\": 1}");
  g_assert_nonnull (strstr (error->message, "not a Conv1D Workbench project"));
  g_error_free (error);

  error = load_text (dir, "[1, 2, 3]");
  g_assert_nonnull (strstr (error->message, "not a Conv1D Workbench project"));
  g_error_free (error);

  error = load_text (dir, "\x89PNG\r\n\x1a\n binary junk");
  g_assert_nonnull (strstr (error->message, "not a Conv1D Workbench project"));
  g_error_free (error);

  error = load_text (dir, "{\"format\": \"conv1d-workbench-project\", \"version\": 9}");
  g_assert_nonnull (strstr (error->message, "newer"));
  g_error_free (error);

  /* Right shape, wrong types or damaged weights. */
  g_autofree char *typed = g_strdup_printf ("{\"format\": \"conv1d-workbench-project\", \"version\": 1, "
                                            "\"data\": {\"path\": \"%s\"}, \"training\": {\"epochs\": \"many\"}}",
                                            GASOLINE);
  error = load_text (dir, typed);
  g_assert_nonnull (strstr (error->message, "training.epochs"));
  g_error_free (error);

  g_autofree char *damaged = g_strdup_printf ("{\"format\": \"conv1d-workbench-project\", \"version\": 1, "
                                              "\"data\": {\"path\": \"%s\"}, \"model\": {\"weights\": \"AAAAAAAA\"}}",
                                              GASOLINE);
  error = load_text (dir, damaged);
  g_assert_nonnull (strstr (error->message, "model"));
  g_error_free (error);

  g_rmdir (dir);
}

/* The window opens on the example compiled into the resources; a project saved from it refers to it
 * by URI. */
static void
test_bundled_example (void)
{
  g_autoptr(CwProject) project = cw_project_new ();
  g_autoptr(GFile) bundled = g_file_new_for_uri ("resource:///io/github/conv1d/Workbench/data/gasoline.csv");
  LoadResult r = { 0 };
  cw_project_load_data_async (project, bundled, NULL, NULL, NULL, on_loaded, &r);
  g_assert_true (wait_for (&r.done, 30));
  g_assert_no_error (r.error);
  g_assert_cmpint (cw_dataset_n_samples (cw_project_get_dataset (project)), ==, 60);
  g_autofree char *bytes = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (GASOLINE, &bytes, &length, NULL));
  g_autofree char *expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) bytes, length);
  g_assert_cmpstr (cw_project_get_data_checksum (project), ==, expected);

  g_autofree char *dir = g_dir_make_tmp ("cw-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "example.cwproj", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_assert_true (cw_project_save (project, file, &error));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  JsonObject *data = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "data");
  g_assert_true (json_object_get_null_member (data, "path"));
  g_assert_cmpstr (json_object_get_string_member (data, "uri"), ==,
                   "resource:///io/github/conv1d/Workbench/data/gasoline.csv");
  g_autoptr(CwProject) loaded = cw_project_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_equal (cw_project_get_data_file (loaded), bundled));
  g_unlink (path);
  g_rmdir (dir);
}

static void
on_modified (GObject *object, GParamSpec *pspec, int *count)
{
  (*count)++;
}

static void
test_modified_flag (void)
{
  g_autoptr(CwProject) project = project_with_gasoline ();
  int notifications = 0;
  g_signal_connect (project, "notify::modified", G_CALLBACK (on_modified), &notifications);
  g_assert_false (cw_project_get_modified (project));
  cw_project_set_threads (project, cw_project_get_threads (project) + 1);
  g_assert_true (cw_project_get_modified (project));
  g_assert_cmpint (notifications, ==, 1);
  cw_project_set_threads (project, cw_project_get_threads (project) + 1);
  g_assert_cmpint (notifications, ==, 1); /* already modified: no second notification */

  g_autofree char *dir = g_dir_make_tmp ("cw-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.cwproj", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_assert_true (cw_project_save (project, file, NULL));
  g_assert_false (cw_project_get_modified (project));
  g_assert_cmpint (notifications, ==, 2);
  /* Saved without a model: loads with none, and the absolute data path outside the folder works. */
  g_autoptr(CwProject) loaded = cw_project_load (file, NULL, NULL);
  g_assert_nonnull (loaded);
  g_assert_null (cw_project_get_model (loaded));
  g_assert_cmpint (cw_project_get_threads (loaded), ==, cw_project_get_threads (project));
  g_unlink (path);
  g_rmdir (dir);
}

/* The Model page's check refuses a stack too large for the machine before anything is allocated (the
 * same stack crashed `conv1d train`), naming parameters and bytes. */
static void
test_spec_too_large (void)
{
  g_autoptr (CwProject) project = project_with_gasoline ();
  cw_spec *spec = parse ("conv(100000,k=3) flatten dense(100000) dense(1)");
  cw_project_set_spec (project, spec);
  cw_spec_free (spec);
  g_autofree char *message = NULL;
  g_assert_false (cw_project_check_spec (project, &message, NULL));
  g_assert_nonnull (strstr (message, "too large for this machine: 3990000600001 parameters"));
}

int
main (int argc, char **argv)
{
  main_thread = g_thread_self ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/project/load-gasoline-async", test_load_gasoline_async);
  g_test_add_func ("/project/load-ragged-keeps-project", test_load_ragged_keeps_project);
  g_test_add_func ("/project/undo-redo", test_undo_redo);
  g_test_add_func ("/project/check-spec", test_check_spec);
  g_test_add_func ("/project/task-switch", test_task_switch);
  g_test_add_func ("/project/load-instrument-file", test_load_instrument_file);
  g_test_add_func ("/project/zero-one-target-is-binary", test_zero_one_target_is_binary);
  g_test_add_func ("/project/spec-too-large", test_spec_too_large);
  g_test_add_func ("/project/save-load-round-trip", test_save_load_round_trip);
  g_test_add_func ("/project/corrupt-project-refused", test_corrupt_project_refused);
  g_test_add_func ("/project/modified-flag", test_modified_flag);
  g_test_add_func ("/project/bundled-example", test_bundled_example);
  return g_test_run ();
}
