/* test-views-training.c — the Training and Inside pages under a real training session on the gasoline
 * example and on synthetic classes: live updates, pause and stop, idle capture, a preprocessed range,
 * a reopened project, and screenshots. */
#include "views-test-util.h"

#include "cw-fit-table.h"
#include "cw-metrics-table.h"

static GtkWidget *
find_named (GtkWidget *root, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);
      if (found)
        return found;
    }
  return NULL;
}

/* ---- real training on gasoline ---- */

/* The live part of the run pauses at epoch 3 from a snapshot handler, on the main thread, while the
 * worker keeps going until the pause lands: under load that can take a while. With far more epochs than
 * could ever run meanwhile the pause always lands mid-run; the test then stops the run itself. */
#define LIVE_EPOCHS 100000
#define MORE_EPOCHS 40 /* run after the pause before the test stops the run */

static void
pause_after_epoch_3 (CwTrainingSession *session, CwTrainingSnapshot *snapshot, gpointer unused)
{
  if (snapshot->n_epochs >= 3 && cw_training_session_get_state (session) == CW_SESSION_RUNNING)
    cw_training_session_pause (session);
}

static void
stop_at_epoch (CwTrainingSession *session, CwTrainingSnapshot *snapshot, const int *epoch)
{
  if (snapshot->n_epochs >= *epoch && cw_training_session_get_state (session) == CW_SESSION_RUNNING)
    cw_training_session_stop (session);
}

/* Waits (bounded) until the session is in state. */
static gboolean
wait_for_state (CwTrainingSession *session, CwSessionState state, int seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  while (cw_training_session_get_state (session) != state && g_get_monotonic_time () < deadline)
    spin_ms (10);
  return cw_training_session_get_state (session) == state;
}

static void
render_page (GtkWidget *page, const char *name)
{
  Image image = { 0 };
  render_image (GTK_WIDGET (gtk_widget_get_native (page)), &image);
  save_screenshot (&image, name);
  image_clear (&image);
}

static void
test_real_training (void)
{
  g_autoptr (CwProject) project = gasoline_project (LIVE_EPOCHS);
  g_autoptr (CwTrainingSession) session = cw_training_session_new ();
  CwTrainView *train = CW_TRAIN_VIEW (cw_train_view_new (project, session));
  CwInsideView *inside = CW_INSIDE_VIEW (cw_inside_view_new (project, session));
  GtkWidget *train_window = show_in_window (GTK_WIDGET (train), PAGE_WIDTH, PAGE_HEIGHT);
  GtkWidget *inside_window = show_in_window (GTK_WIDGET (inside), PAGE_WIDTH, PAGE_HEIGHT);
  int n_conv = count_conv_layers (cw_project_get_spec (project));
  g_assert_cmpint (n_conv, >=, 1);

  /* Watch sample 51 (row 50, a validation sample) from the start. */
  cw_inside_view_select_sample (inside, 50);

  g_autoptr (GError) error = NULL;

  /* Live: a few epochs in (paused there), both pages show the run. */
  gulong pauser = g_signal_connect (session, "snapshot", G_CALLBACK (pause_after_epoch_3), NULL);
  g_assert_true (cw_training_session_start (session, project, &error));
  g_assert_no_error (error);
  g_assert_true (wait_for_state (session, CW_SESSION_PAUSED, 60));
  g_signal_handler_disconnect (session, pauser);
  spin_ms (100); /* the snapshots published before the pause land */
  g_autoptr (CwTrainingSnapshot) live = cw_training_snapshot_ref (cw_training_session_get_snapshot (session));
  g_assert_false (live->finished);
  g_assert_cmpint (live->n_epochs, >=, 3);
  g_autofree char *expected_progress = g_strdup_printf ("Epoch %d / %d · batch %d / %d", live->epoch, LIVE_EPOCHS,
                                                        live->batch, live->batches);
  g_printerr ("live: %s\n", progress_text (train));
  /* The stage, then the run's progress. */
  g_assert_true (g_str_has_prefix (progress_text (train), "Choosing: custom · on the validation rows · run 1 of "));
  g_assert_nonnull (strstr (progress_text (train), expected_progress));
  g_assert_nonnull (strstr (progress_text (train), "paused"));
  g_assert_cmpint (cw_inside_view_get_n_maps_with_data (inside), ==, n_conv);
  g_assert_cmpint (cw_filter_detail_get_first_layer_series (filter_detail (inside)), >, 0);
  Image early_kernels = { 0 };
  render_image (cw_filter_detail_get_first_kernels_plot (filter_detail (inside)), &early_kernels);

  /* Resumed, then stopped once enough epochs went by: the worker is joined and the model so far reaches
   * the project. */
  int stop_epoch = live->n_epochs + MORE_EPOCHS;
  gulong stopper = g_signal_connect (session, "snapshot", G_CALLBACK (stop_at_epoch), &stop_epoch);
  cw_training_session_resume (session);
  g_assert_true (cw_training_session_wait (session, 120000));
  g_signal_handler_disconnect (session, stopper);
  spin_ms (100);
  g_assert_cmpint (cw_training_session_get_state (session), ==, CW_SESSION_IDLE);
  CwTrainingSnapshot *last = cw_training_session_get_snapshot (session);
  g_assert_nonnull (last);
  g_assert_true (last->finished);
  g_assert_cmpint (last->status, ==, CW_ERR_ABORTED);
  g_assert_cmpint (last->n_epochs, >=, stop_epoch);
  g_assert_cmpint (last->n_epochs, <, LIVE_EPOCHS);
  g_printerr ("final: %s | %s\n", progress_text (train), cw_train_view_get_status (train));
  g_assert_nonnull (strstr (cw_train_view_get_status (train), "Stopped"));
  g_assert_cmpint (last->n_val, ==, 10);
  g_assert_nonnull (last->summary);
  /* Test rows on request only: off, the plot shows the validation rows; on, the ten test rows. */
  GtkToggleButton *show_test = GTK_TOGGLE_BUTTON (find_named (GTK_WIDGET (train), "show-test"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (show_test)));
  g_assert_false (gtk_toggle_button_get_active (show_test));
  g_assert_nonnull (cw_project_get_model (project));
  g_assert_cmpint (cw_project_get_history (project)->epochs, ==, last->n_epochs);

  /* Parity plot with the 10 validation points, drawn from the training rows; then the 10 test rows
   * (split_vignette = test), scored once, when asked. */
  GtkStack *results = GTK_STACK (nth_descendant (GTK_WIDGET (train), GTK_TYPE_STACK, 0));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (results), ==, "parity");
  int n_points = 0;
  CwParityPlot *parity = CW_PARITY_PLOT (cw_train_view_get_parity_plot (train));
  cw_parity_plot_get_series_stats (parity, 0, NULL, NULL, &n_points);
  g_assert_cmpint (n_points, ==, 10);
  GtkLabel *result_title = GTK_LABEL (find_named (GTK_WIDGET (train), "result-title"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (result_title), "Validation rows"));
  gtk_toggle_button_set_active (show_test, TRUE);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (result_title), "Test rows (scored once)"));
  cw_parity_plot_get_series_stats (parity, 0, NULL, NULL, &n_points);
  g_assert_cmpint (n_points, ==, 10);
  gtk_toggle_button_set_active (show_test, FALSE);
  /* The metrics: training rows, validation, and the test rows in their own column. */
  CwMetricsTable *table = CW_METRICS_TABLE (find_named (GTK_WIDGET (train), "metrics-table"));
  g_assert_cmpstr (cw_metrics_table_get_text (table, 0, 3), ==, "Test (scored once)");
  g_assert_cmpstr (cw_metrics_table_get_text (table, 0, 2), ==, "Validation");
  g_printerr ("RMSE train %s, validation %s, test %s\n", cw_metrics_table_get_text (table, 1, 1),
              cw_metrics_table_get_text (table, 1, 2), cw_metrics_table_get_text (table, 1, 3));
  g_assert_cmpstr (cw_metrics_table_get_text (table, 1, 3), !=, "—");

  /* Idle now: the maps come from the project's trained model, one per conv layer with the shapes of the
   * run's last snapshot. */
  g_assert_cmpint (cw_inside_view_get_n_maps_with_data (inside), ==, n_conv);
  for (int m = 0; m < n_conv; m++)
    {
      g_assert_cmpint (cw_heatmap_get_rows (nth_heatmap (inside, m)), ==, last->maps[m].channels);
      g_assert_cmpint (cw_heatmap_get_cols (nth_heatmap (inside, m)), ==, last->maps[m].length);
    }
  g_signal_emit_by_name (nth_heatmap (inside, 0), "row-activated", 2);
  g_assert_cmpint (cw_filter_detail_get_activation_length (filter_detail (inside)), ==, last->maps[0].length);
  g_assert_cmpint (cw_filter_detail_get_kernel_taps (filter_detail (inside)), ==, last->maps[0].kernel);

  /* The first layer's kernels moved with training, and the plot with them. */
  Image late_kernels = { 0 };
  render_image (cw_filter_detail_get_first_kernels_plot (filter_detail (inside)), &late_kernels);
  int changed = count_changed (&early_kernels, &late_kernels);
  g_printerr ("first-layer kernels plot: %d pixels changed between epoch %d and the end\n", changed,
              live->n_epochs);
  g_assert_cmpint (changed, >, 50);
  image_clear (&early_kernels);
  image_clear (&late_kernels);

  /* Another sample while idle: captured on the spot. */
  cw_inside_view_select_sample (inside, 3);
  g_assert_cmpint (cw_inside_view_get_n_maps_with_data (inside), ==, n_conv);

  cw_inside_view_select_sample (inside, 50);
  g_signal_emit_by_name (nth_heatmap (inside, 0), "row-activated", 2);
  /* The Training page as a reopened project shows it: the stopped run's history on its own epochs (the
   * live page's axis spans all the epochs asked for). */
  g_autoptr (CwTrainingSession) fresh = cw_training_session_new ();
  CwTrainView *history = CW_TRAIN_VIEW (cw_train_view_new (project, fresh));
  GtkWidget *history_window = show_in_window (GTK_WIDGET (history), PAGE_WIDTH, PAGE_HEIGHT);
  cw_train_view_select_sample (history, 50);
  spin_ms (100);
  render_page (GTK_WIDGET (history), "pages-training.png");
  render_page (GTK_WIDGET (inside), "pages-inside.png");
  set_dark (TRUE);
  render_page (GTK_WIDGET (history), "pages-training-dark.png");
  render_page (GTK_WIDGET (inside), "pages-inside-dark.png");
  set_dark (FALSE);

  gtk_window_destroy (GTK_WINDOW (history_window));
  gtk_window_destroy (GTK_WINDOW (train_window));
  gtk_window_destroy (GTK_WINDOW (inside_window));
}

/* ---- preprocessing: the network reads the signal after the pipeline ---- */

#define RANGE_PIPELINE "range(1000,1600)"
#define RANGE_LENGTH 301 /* 1000..1600 nm in steps of 2 */


/* The x range the input plot shows (its full extent after a reset). */
typedef struct
{
  CwInsideView *inside;
  int snapshots;       /* live snapshots of the watched row seen */
  double lo, hi;       /* the widest x range the input plot had while they were shown */
} LiveRange;

static void
record_live_range (CwTrainingSession *session, CwTrainingSnapshot *snapshot, LiveRange *live)
{
  /* Connected after the page: it has handled this snapshot already. */
  if (snapshot->n_maps == 0 || snapshot->watched != 50)
    return;
  double lo, hi;
  cw_signal_plot_get_x_range (CW_SIGNAL_PLOT (cw_inside_view_get_input_plot (live->inside)), &lo, &hi);
  live->lo = MIN (live->lo, lo);
  live->hi = MAX (live->hi, hi);
  live->snapshots++;
  g_assert_cmpint (snapshot->in_length, ==, RANGE_LENGTH);
}

static gboolean
heatmap_laid_out (gpointer heatmap)
{
  return cw_heatmap_get_data_rect (heatmap).width > 1;
}

static void
assert_input_on_range (CwInsideView *inside)
{
  double lo, hi;
  CwSignalPlot *input = CW_SIGNAL_PLOT (cw_inside_view_get_input_plot (inside));
  cw_signal_plot_get_x_range (input, &lo, &hi);
  g_printerr ("input plot x range: %g .. %g\n", lo, hi);
  g_assert_cmpfloat (lo, >=, 1000);
  g_assert_cmpfloat (hi, <=, 1600);
  g_assert_cmpfloat (hi - lo, >, 500);
  g_assert_cmpint (cw_signal_plot_get_n_series (input), ==, 1);
  /* The heatmaps' columns still line up with the input's data rectangle, once both are laid out (a
   * loaded machine may not have drawn the heatmap yet). */
  gtk_widget_queue_draw (GTK_WIDGET (nth_heatmap (inside, 0)));
  g_assert_true (wait_for (heatmap_laid_out, nth_heatmap (inside, 0), 10));
  double px, py, pw, ph;
  cw_signal_plot_get_data_rect (input, &px, &py, &pw, &ph);
  CwPlotRect rect = cw_heatmap_get_data_rect (nth_heatmap (inside, 0));
  g_assert_cmpfloat_with_epsilon (rect.x, px, 0.5);
  g_assert_cmpfloat_with_epsilon (rect.width, pw, 0.5);
}

/* Trained on 1000..1600 nm only: the Inside page draws the input on that window (live and idle), and the
 * Training page says when the project's pipeline moved on from the model's. */
static void
test_preprocessed_training (void)
{
  g_autoptr (CwProject) project = gasoline_project (12);
  g_autoptr (GError) error = NULL;
  g_assert_true (cw_project_set_preprocessing (project, RANGE_PIPELINE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cw_project_get_input_length (project), ==, RANGE_LENGTH);
  g_autoptr (CwTrainingSession) session = cw_training_session_new ();
  CwTrainView *train = CW_TRAIN_VIEW (cw_train_view_new (project, session));
  CwInsideView *inside = CW_INSIDE_VIEW (cw_inside_view_new (project, session));
  GtkWidget *train_window = show_in_window (GTK_WIDGET (train), PAGE_WIDTH, PAGE_HEIGHT);
  GtkWidget *inside_window = show_in_window (GTK_WIDGET (inside), PAGE_WIDTH, PAGE_HEIGHT);
  cw_inside_view_select_sample (inside, 50);

  /* Before training: the raw row on the data's axis. */
  double lo, hi;
  cw_signal_plot_get_x_range (CW_SIGNAL_PLOT (cw_inside_view_get_input_plot (inside)), &lo, &hi);
  g_assert_cmpfloat (lo, ==, 900);
  g_assert_cmpfloat (hi, ==, 1700);

  LiveRange live = { inside, 0, INFINITY, -INFINITY };
  g_signal_connect (session, "snapshot", G_CALLBACK (record_live_range), &live);
  g_assert_true (cw_training_session_start (session, project, &error));
  g_assert_no_error (error);
  g_assert_true (cw_training_session_wait (session, 120000));
  spin_ms (100);
  g_printerr ("live snapshots of row 50: %d, input x range %g .. %g\n", live.snapshots, live.lo, live.hi);
  g_assert_cmpint (live.snapshots, >, 0);
  g_assert_cmpfloat (live.lo, >=, 1000);
  g_assert_cmpfloat (live.hi, <=, 1600);

  /* Idle: the model's own pipeline, the same window. */
  g_assert_cmpstr (cw_project_get_model_preprocessing (project), ==, RANGE_PIPELINE);
  g_assert_cmpint (cw_inside_view_get_n_maps_with_data (inside), ==, count_conv_layers (cw_project_get_spec (project)));
  assert_input_on_range (inside);
  GtkWidget *note = find_named (GTK_WIDGET (train), "model-note");
  g_assert_nonnull (note);
  g_assert_false (gtk_widget_is_visible (note));
  GtkStack *results = GTK_STACK (nth_descendant (GTK_WIDGET (train), GTK_TYPE_STACK, 0));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (results), ==, "parity");

  /* The user moves on to another pipeline: the model still reads its own, and the page says so. */
  g_assert_true (cw_project_set_preprocessing (project, RANGE_PIPELINE " snv", &error));
  g_assert_true (gtk_widget_is_visible (note));
  g_printerr ("note: %s\n", gtk_label_get_text (GTK_LABEL (note)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (note)), ==,
                   "The model was trained with preprocessing '" RANGE_PIPELINE "' — retrain to use '"
                   RANGE_PIPELINE " snv'.");
  cw_inside_view_select_sample (inside, 4);
  cw_inside_view_select_sample (inside, 50);
  assert_input_on_range (inside);
  spin_ms (50);
  render_page (GTK_WIDGET (train), "pages-training-preprocessed.png");
  render_page (GTK_WIDGET (inside), "pages-inside-preprocessed.png");
  set_dark (TRUE);
  render_page (GTK_WIDGET (train), "pages-training-preprocessed-dark.png");
  render_page (GTK_WIDGET (inside), "pages-inside-preprocessed-dark.png");
  set_dark (FALSE);

  /* Back to the model's pipeline: nothing to say. */
  g_assert_true (cw_project_set_preprocessing (project, RANGE_PIPELINE, &error));
  g_assert_false (gtk_widget_is_visible (note));

  gtk_window_destroy (GTK_WINDOW (train_window));
  gtk_window_destroy (GTK_WINDOW (inside_window));
}

/* A saved project trained on a range reopens with its parity plot: the Training page predicts the
 * validation rows through the model's pipeline (301 points), not the raw 401. */
static void
test_reopened_preprocessed_project (void)
{
  g_autoptr (CwProject) project = cw_project_new ();
  g_autoptr (GFile) data_file = g_file_new_for_path (RESOURCES_DIR "/data/gasoline.csv");
  g_autoptr (GError) error = NULL;
  g_assert_true (cw_project_load_data (project, data_file, &error));
  g_assert_no_error (error);
  cw_train_config config = *cw_project_get_train_config (project);
  config.epochs = 6;
  config.seed = 7;
  cw_project_set_train_config (project, &config);
  cw_project_set_threads (project, 1);
  use_custom_holdout (project);
  g_assert_true (cw_project_set_preprocessing (project, RANGE_PIPELINE, &error));
  g_autoptr (CwTrainingSession) session = cw_training_session_new ();
  g_assert_true (cw_training_session_start (session, project, &error));
  g_assert_no_error (error);
  g_assert_true (cw_training_session_wait (session, 120000));
  g_assert_cmpint (cw_model_in_length (cw_project_get_model (project)), ==, RANGE_LENGTH);

  g_autofree char *dir = g_dir_make_tmp ("cw-views-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (dir, "range.cwproj", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_assert_true (cw_project_save (project, file, &error));
  g_assert_no_error (error);
  g_autofree char *warning = NULL;
  g_autoptr (CwProject) reopened = cw_project_load (file, &warning, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reopened);
  g_assert_null (warning);
  g_assert_cmpstr (cw_project_get_model_preprocessing (reopened), ==, RANGE_PIPELINE);

  g_autoptr (CwTrainingSession) fresh = cw_training_session_new ();
  CwTrainView *train = CW_TRAIN_VIEW (cw_train_view_new (reopened, fresh));
  CwInsideView *inside = CW_INSIDE_VIEW (cw_inside_view_new (reopened, fresh));
  GtkWidget *train_window = show_in_window (GTK_WIDGET (train), PAGE_WIDTH, PAGE_HEIGHT);
  GtkWidget *inside_window = show_in_window (GTK_WIDGET (inside), PAGE_WIDTH, PAGE_HEIGHT);

  GtkStack *results = GTK_STACK (nth_descendant (GTK_WIDGET (train), GTK_TYPE_STACK, 0));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (results), ==, "parity");
  CwParityPlot *parity = CW_PARITY_PLOT (cw_train_view_get_parity_plot (train));
  g_assert_cmpint (cw_parity_plot_get_n_series (parity), ==, 1);
  int n_points = 0;
  double rmse = NAN;
  cw_parity_plot_get_series_stats (parity, 0, &rmse, NULL, &n_points);
  g_printerr ("reopened: %d validation points, RMSE %g\n", n_points, rmse);
  /* The saved fit summary's validation predictions: the holdout's ten rows. */
  g_assert_nonnull (cw_project_get_fit_summary (reopened));
  g_assert_cmpint (n_points, ==, 10);
  g_assert_true (isfinite (rmse));
  /* The same predictions as the run's final snapshot. */
  CwTrainingSnapshot *last = cw_training_session_get_snapshot (session);
  g_assert_cmpint (last->n_val, ==, 10);
  double sum = 0;
  for (int i = 0; i < last->n_val; i++)
    sum += (last->val_pred[i] - last->val_truth[i]) * (double) (last->val_pred[i] - last->val_truth[i]);
  g_assert_cmpfloat_with_epsilon (rmse, sqrt (sum / last->n_val), 1e-3 * MAX (1.0, rmse));
  GtkWidget *note = find_named (GTK_WIDGET (train), "model-note");
  g_assert_false (gtk_widget_is_visible (note));

  cw_inside_view_select_sample (inside, 50);
  g_assert_cmpint (cw_inside_view_get_n_maps_with_data (inside), ==, count_conv_layers (cw_project_get_spec (reopened)));
  assert_input_on_range (inside);

  gtk_window_destroy (GTK_WINDOW (train_window));
  gtk_window_destroy (GTK_WINDOW (inside_window));
  g_object_unref (g_steal_pointer (&reopened));
  g_unlink (path);
  g_autofree char *saved_dir = g_path_get_dirname (path);
  g_rmdir (saved_dir);
}

/* A project that already has a model (as after opening a .cwproj): the history is shown when idle. */
static void
test_idle_project_history (void)
{
  g_autoptr (CwProject) project = gasoline_project (4);
  g_autoptr (CwTrainingSession) session = cw_training_session_new ();
  g_autoptr (GError) error = NULL;
  g_assert_true (cw_training_session_start (session, project, &error));
  g_assert_true (cw_training_session_wait (session, 120000));
  const cw_history *hist = cw_project_get_history (project);
  g_assert_nonnull (hist);

  /* Pages created afterwards, from a fresh session: they know only the project. */
  g_autoptr (CwTrainingSession) fresh = cw_training_session_new ();
  CwTrainView *train = CW_TRAIN_VIEW (cw_train_view_new (project, fresh));
  CwInsideView *inside = CW_INSIDE_VIEW (cw_inside_view_new (project, fresh));
  g_autofree char *expected = g_strdup_printf ("Trained: custom · %d epochs", hist->epochs);
  g_printerr ("idle: %s\n", progress_text (train));
  g_assert_true (g_str_has_prefix (progress_text (train), expected));
  /* The fit's account: the one candidate and the epoch it kept. */
  CwFitTable *fit = CW_FIT_TABLE (find_named (GTK_WIDGET (train), "fit-table"));
  g_assert_cmpstr (cw_fit_table_get_text (fit, 1, 0), ==, "custom");
  g_assert_cmpstr (cw_fit_table_get_text (fit, 0, 1), ==, "Validation RMSE");
  g_printerr ("%s\n", cw_fit_table_get_kept (fit));
  g_assert_true (g_str_has_prefix (cw_fit_table_get_kept (fit), "Kept: last epoch ("));
  g_assert_nonnull (strstr (cw_fit_table_get_kept (fit), "refit on all 50 training and validation rows"));
  g_assert_cmpfloat (progress_fraction (train), ==, 1.0);
  GtkStack *results = GTK_STACK (nth_descendant (GTK_WIDGET (train), GTK_TYPE_STACK, 0));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (results), ==, "parity");
  g_assert_cmpint (cw_inside_view_get_n_maps_with_data (inside), ==,
                   count_conv_layers (cw_project_get_spec (project)));

  g_object_ref_sink (train);
  g_object_ref_sink (inside);
  g_object_unref (train);
  g_object_unref (inside);
}

/* Three classes of synthetic spectra (a peak at one of three places): accuracy, per-class precision and
 * recall, and the confusion matrix after real training. */
static void
test_real_training_classification (void)
{
  enum { N = 90, LENGTH = 160, CLASSES = 3 };
  g_autofree float *x = g_new (float, N * LENGTH);
  float y[N];
  cw_rng rng;
  cw_rng_seed (&rng, 3);
  for (int i = 0; i < N; i++)
    {
      y[i] = (float) (i % CLASSES);
      double centre = 40 + 40 * (i % CLASSES);
      for (int t = 0; t < LENGTH; t++)
        x[i * LENGTH + t] = (float) (exp (-0.5 * pow ((t - centre) / 6.0, 2)) + 0.8 * cw_rng_normal (&rng));
    }
  cw_dataset *ds = cw_dataset_new_from_arrays (N, 1, LENGTH, x, 1, y);
  cw_error err;
  g_assert_cmpint (cw_dataset_make_categorical (ds, 0, &err), ==, CW_OK);
  g_autoptr (CwProject) project = cw_project_new ();
  cw_project_set_dataset (project, ds, NULL);
  cw_project_set_target (project, 0);
  g_assert_cmpint (cw_project_get_task (project), ==, CW_TASK_MULTICLASS);
  cw_train_config config = *cw_project_get_train_config (project);
  config.epochs = 30;
  cw_project_set_train_config (project, &config);
  cw_project_set_threads (project, 1);
  /* Custom, 5-fold CV of the training rows (a random 20 % are test rows). */
  CwRecipeSettings recipe = *cw_project_get_recipe_settings (project);
  recipe.recipe = (char *) CW_RECIPE_CUSTOM;
  g_assert_true (cw_project_set_recipe_settings (project, &recipe, NULL));
  g_assert_cmpint (cw_project_get_row_settings (project)->choose_by, ==, CW_CHOOSE_CV);

  g_autoptr (CwTrainingSession) session = cw_training_session_new ();
  CwTrainView *train = CW_TRAIN_VIEW (cw_train_view_new (project, session));
  GtkWidget *window = show_in_window (GTK_WIDGET (train), PAGE_WIDTH, PAGE_HEIGHT);
  g_autoptr (GError) error = NULL;
  g_assert_true (cw_training_session_start (session, project, &error));
  g_assert_true (cw_training_session_wait (session, 120000));
  spin_ms (100);

  CwTrainingSnapshot *last = cw_training_session_get_snapshot (session);
  g_assert_cmpint (last->val_metrics.n, >, 0);
  GtkStack *results = GTK_STACK (nth_descendant (GTK_WIDGET (train), GTK_TYPE_STACK, 0));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (results), ==, "confusion");
  GtkGrid *metrics = GTK_GRID (nth_descendant (GTK_WIDGET (train), GTK_TYPE_GRID, 0));
  GtkGrid *classes = GTK_GRID (nth_descendant (GTK_WIDGET (train), GTK_TYPE_GRID, 1));
  /* The CV accuracy of the 72 training rows, in the validation column. */
  g_assert_cmpint (last->val_metrics.n, ==, 72);
  g_autofree char *accuracy = g_strdup_printf ("%.1f %%", 100 * last->val_metrics.accuracy);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (metrics, 0, 0))), ==, "Recipe");
  metrics = GTK_GRID (nth_descendant (GTK_WIDGET (train), GTK_TYPE_GRID, 1));
  classes = GTK_GRID (nth_descendant (GTK_WIDGET (train), GTK_TYPE_GRID, 2));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (metrics, 2, 0))), ==, "Cross-validation");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (metrics, 2, 1))), ==, accuracy);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (classes)));
  for (int c = 0; c < CLASSES; c++)
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (classes, 0, c + 1))), ==,
                     cw_dataset_class_name (cw_project_get_dataset (project), 0, c));
  g_assert_null (gtk_grid_get_child_at (classes, 0, CLASSES + 1));
  g_printerr ("classification: %s, accuracy %s\n", progress_text (train), accuracy);
  render_page (GTK_WIDGET (train), "pages-training-classes.png");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  if (!gtk_init_check ())
    {
      puts ("1..0 # SKIP no display");
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/views/real-training", test_real_training);
  g_test_add_func ("/views/idle-project-history", test_idle_project_history);
  g_test_add_func ("/views/real-training-classification", test_real_training_classification);
  g_test_add_func ("/views/preprocessed-training", test_preprocessed_training);
  g_test_add_func ("/views/reopened-preprocessed-project", test_reopened_preprocessed_project);
  return g_test_run ();
}
