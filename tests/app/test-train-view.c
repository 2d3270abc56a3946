/* test-train-view.c — the Training and Inside pages driven by hand-made snapshots: exact values in the
 * progress bar, metrics, loss curves, parity plot, confusion matrix, heatmaps and filter detail. */
#include "views-test-util.h"

#include "cw-metrics-table.h"

/* A regression snapshot in the middle of a run: epoch 12 of 200, 11 finished epochs of history,
 * 10 validation rows (dataset rows 50..59) predicted with a small error. */
static CwTrainingSnapshot *
fake_regression_snapshot (void)
{
  CwTrainingSnapshot *s = cw_training_snapshot_new ();
  s->epoch = 12;
  s->epochs = 200;
  s->batch = 1;
  s->batches = 2;
  s->samples_per_s = 5230.4;
  s->eta_s = 41.2;
  s->elapsed_s = 3.0;
  s->n_epochs = 11;
  s->train_loss_hist = g_new (double, s->n_epochs);
  s->val_loss_hist = g_new (double, s->n_epochs);
  s->train_metric_hist = g_new (double, s->n_epochs);
  s->val_metric_hist = g_new (double, s->n_epochs);
  for (int i = 0; i < s->n_epochs; i++)
    {
      s->train_loss_hist[i] = 1.0 / (i + 1);
      s->val_loss_hist[i] = 1.2 / (i + 1);
      s->train_metric_hist[i] = 0.5 / (i + 1);
      s->val_metric_hist[i] = 0.6 / (i + 1);
    }
  s->best_epoch = 11;
  s->task = CW_TASK_REGRESSION;
  s->val_metrics.task = CW_TASK_REGRESSION;
  s->val_metrics.n = 10;
  s->val_metrics.rmse = 0.25;
  s->val_metrics.mae = 0.2;
  s->val_metrics.r2 = 0.97;
  s->n_val = 10;
  s->k = 1;
  s->val_ids = g_new (int, s->n_val);
  s->val_truth = g_new (float, s->n_val);
  s->val_pred = g_new (float, s->n_val);
  for (int i = 0; i < s->n_val; i++)
    {
      s->val_ids[i] = 50 + i;
      s->val_truth[i] = 84.0f + 0.5f * i;
      s->val_pred[i] = s->val_truth[i] + (i % 2 ? 0.2f : -0.2f);
    }
  s->watched = -1;
  return s;
}

/* Maps shaped like the default gasoline stack: conv(8,k=9) on 1 x 401, conv(16,k=9) on 8 x 196.
 * Filter f of layer m has the value f + m everywhere except a peak at column f. */
static void
add_fake_maps (CwTrainingSnapshot *s, int watched)
{
  static const int channels[2] = { 8, 16 }, lengths[2] = { 393, 188 }, in_channels[2] = { 1, 8 };
  s->watched = watched;
  s->in_channels = 1;
  s->in_length = 401;
  s->input = g_new0 (float, 401);
  s->n_maps = 2;
  s->maps = g_new0 (CwActivationMap, 2);
  for (int m = 0; m < 2; m++)
    {
      CwActivationMap *map = &s->maps[m];
      map->layer = m == 0 ? 0 : 3;
      map->shown_layer = map->layer + 1;
      map->title = g_strdup_printf ("conv(%d,k=9) relu · %d × %d", channels[m], channels[m], lengths[m]);
      map->channels = channels[m];
      map->length = lengths[m];
      map->values = g_new0 (float, (gsize) channels[m] * lengths[m]);
      for (int f = 0; f < channels[m]; f++)
        for (int i = 0; i < lengths[m]; i++)
          map->values[f * lengths[m] + i] = i == f ? 10.0f : (float) (f + m);
      map->x0 = m == 0 ? 908 : 924;
      map->x1 = m == 0 ? 1692 : 1676;
      map->in_channels = in_channels[m];
      map->kernel = 9;
      map->kernels = g_new0 (float, (gsize) channels[m] * in_channels[m] * 9);
      for (int j = 0; j < channels[m] * in_channels[m] * 9; j++)
        map->kernels[j] = sinf (0.7f * j);
    }
}

/* ---- Training page ---- */

static void
test_progress_fraction (void)
{
  g_assert_cmpfloat_with_epsilon (cw_train_view_progress_fraction (12, 200, 1, 2), 11.5 / 200, 1e-12);
  g_assert_cmpfloat_with_epsilon (cw_train_view_progress_fraction (1, 10, 0, 4), 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (cw_train_view_progress_fraction (10, 10, 4, 4), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (cw_train_view_progress_fraction (3, 0, 1, 1), 0.0, 1e-12);
}

static void
on_sample_activated (GtkWidget *view, int row, int *out)
{
  *out = row;
}

/* The index-th grid of the metrics table (0: the metrics, 1: per class). */
static GtkWidget *
metrics_grid (CwTrainView *view, int index)
{
  GtkWidget *table = nth_descendant (GTK_WIDGET (view), CW_TYPE_METRICS_TABLE, 0);
  g_assert_nonnull (table);
  return nth_descendant (table, GTK_TYPE_GRID, index);
}

static void
test_train_view_snapshot (void)
{
  g_autoptr (CwProject) project = gasoline_project (200);
  g_autoptr (CwTrainingSession) session = cw_training_session_new ();
  CwTrainView *view = CW_TRAIN_VIEW (cw_train_view_new (project, session));
  GtkWidget *window = show_in_window (GTK_WIDGET (view), PAGE_WIDTH, PAGE_HEIGHT);

  /* Before any training: nothing to show, and the page says so. */
  g_assert_cmpstr (progress_text (view), ==, "Not trained yet");
  g_assert_cmpfloat (progress_fraction (view), ==, 0.0);
  GtkStack *results = GTK_STACK (nth_descendant (GTK_WIDGET (view), GTK_TYPE_STACK, 0));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (results), ==, "empty");

  /* The loss plot draws nothing in the training colour before there is a curve. */
  CwPlotColors colors;
  cw_plot_colors_for_widget (cw_train_view_get_loss_plot (view), &colors);
  Image before = { 0 };
  render_image (cw_train_view_get_loss_plot (view), &before);
  int train_pixels_before = count_color (&before, &colors.train, 40);

  g_autoptr (CwTrainingSnapshot) snap = fake_regression_snapshot ();
  g_signal_emit_by_name (session, "snapshot", snap);

  g_assert_cmpstr (progress_text (view), ==, "Epoch 12 / 200 · batch 1 / 2 · 5,230 samples/s · ETA 0:41");
  g_assert_cmpfloat_with_epsilon (progress_fraction (view), 11.5 / 200, 1e-9);
  g_assert_cmpstr (cw_train_view_get_status (view), ==, "");

  /* The loss curve (11 epochs) is drawn now. */
  Image after = { 0 };
  render_image (cw_train_view_get_loss_plot (view), &after);
  int train_pixels_after = count_color (&after, &colors.train, 40);
  g_printerr ("loss plot: %d training-colour pixels before, %d after\n", train_pixels_before, train_pixels_after);
  g_assert_cmpint (train_pixels_after, >, train_pixels_before + 20);

  /* Regression metrics in the grid, the parity plot with the validation points. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (results), ==, "parity");
  /* Columns: training, validation, test (none while training). */
  GtkWidget *grid = metrics_grid (view, 0);
  GtkWidget *rmse = gtk_grid_get_child_at (GTK_GRID (grid), 2, 1);
  GtkWidget *r2 = gtk_grid_get_child_at (GTK_GRID (grid), 2, 3);
  GtkWidget *train_rmse = gtk_grid_get_child_at (GTK_GRID (grid), 1, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (grid), 3, 0))), ==,
                   "Test (scored once)");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (grid), 3, 1))), ==, "—");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (grid), 0, 1))), ==, "RMSE");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (rmse)), ==, "0.25");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (r2)), ==, "0.97");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (train_rmse)), ==, "0.04545");

  /* Clicking a parity point selects that sample (its dataset row) everywhere. */
  int activated = -1;
  g_signal_connect (view, "sample-activated", G_CALLBACK (on_sample_activated), &activated);
  g_signal_emit_by_name (cw_train_view_get_parity_plot (view), "point-activated", 53);
  g_assert_cmpint (activated, ==, 53);

  /* The end of the run: its message on the status line. */
  g_autoptr (CwTrainingSnapshot) last = fake_regression_snapshot ();
  last->epoch = 87;
  last->batch = 2;
  last->finished = TRUE;
  last->status = CW_OK;
  last->message = g_strdup ("Stopped early at epoch 87 (best 67)");
  g_signal_emit_by_name (session, "snapshot", last);
  g_assert_cmpstr (cw_train_view_get_status (view), ==, "Stopped early at epoch 87 (best 67)");
  g_assert_true (g_str_has_prefix (progress_text (view), "Epoch 87 / 200 · batch 2 / 2"));
  g_assert_cmpfloat_with_epsilon (progress_fraction (view), 87.0 / 200, 1e-9);

  image_clear (&before);
  image_clear (&after);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Classification: accuracy, per-class precision/recall and the confusion matrix instead of parity. */
static void
test_train_view_classification (void)
{
  g_autoptr (CwProject) project = gasoline_project (50);
  g_autoptr (CwTrainingSession) session = cw_training_session_new ();
  CwTrainView *view = CW_TRAIN_VIEW (cw_train_view_new (project, session));
  GtkWidget *window = show_in_window (GTK_WIDGET (view), 900, 600);

  g_autoptr (CwTrainingSnapshot) snap = fake_regression_snapshot ();
  snap->task = CW_TASK_MULTICLASS;
  snap->n_val = 0;
  snap->val_metrics.task = CW_TASK_MULTICLASS;
  snap->val_metrics.n = 12;
  snap->val_metrics.accuracy = 0.75;
  snap->val_metrics.n_classes = 3;
  snap->val_metrics.confusion = g_new0 (long, 9);
  long counts[9] = { 4, 0, 0, 1, 3, 0, 0, 2, 2 };
  memcpy (snap->val_metrics.confusion, counts, sizeof counts);
  snap->val_metrics.precision = g_new (double, 3);
  snap->val_metrics.recall = g_new (double, 3);
  double precision[3] = { 0.8, 0.6, 1.0 }, recall[3] = { 1.0, 0.75, 0.5 };
  memcpy (snap->val_metrics.precision, precision, sizeof precision);
  memcpy (snap->val_metrics.recall, recall, sizeof recall);
  for (int i = 0; i < snap->n_epochs; i++)
    snap->train_metric_hist[i] = 0.9;
  g_signal_emit_by_name (session, "snapshot", snap);

  GtkStack *results = GTK_STACK (nth_descendant (GTK_WIDGET (view), GTK_TYPE_STACK, 0));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (results), ==, "confusion");
  GtkGrid *metrics = GTK_GRID (metrics_grid (view, 0));
  GtkGrid *classes = GTK_GRID (metrics_grid (view, 1));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (metrics, 0, 1))), ==, "Accuracy");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (metrics, 2, 1))), ==, "75.0 %");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (metrics, 1, 1))), ==, "90.0 %");
  g_assert_null (gtk_grid_get_child_at (metrics, 0, 2)); /* no regression rows */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (classes)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (classes, 1, 2))), ==, "60.0 %");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (classes, 2, 3))), ==, "50.0 %");
  g_assert_null (gtk_grid_get_child_at (classes, 0, 4));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- Inside page ---- */

static void
test_inside_view_snapshot (void)
{
  g_autoptr (CwProject) project = gasoline_project (200);
  g_autoptr (CwTrainingSession) session = cw_training_session_new ();
  CwInsideView *view = CW_INSIDE_VIEW (cw_inside_view_new (project, session));
  GtkWidget *window = show_in_window (GTK_WIDGET (view), PAGE_WIDTH, PAGE_HEIGHT);

  /* No model, no snapshot: the input is there, no maps. */
  g_assert_cmpint (cw_inside_view_get_n_maps_with_data (view), ==, 0);
  g_assert_cmpint (count_descendants (GTK_WIDGET (view), CW_TYPE_HEATMAP), ==, 0);
  g_assert_cmpint (cw_signal_plot_get_n_series (CW_SIGNAL_PLOT (cw_inside_view_get_input_plot (view))), ==, 1);

  /* A snapshot watching another sample is not this page's business. */
  g_autoptr (CwTrainingSnapshot) other = fake_regression_snapshot ();
  add_fake_maps (other, 5);
  g_signal_emit_by_name (session, "snapshot", other);
  g_assert_cmpint (cw_inside_view_get_n_maps_with_data (view), ==, 0);

  /* One heatmap per conv layer, rows = filters, columns = positions. */
  g_autoptr (CwTrainingSnapshot) snap = fake_regression_snapshot ();
  add_fake_maps (snap, 0);
  g_signal_emit_by_name (session, "snapshot", snap);
  g_assert_cmpint (cw_inside_view_get_n_maps_with_data (view), ==, 2);
  g_assert_cmpint (count_descendants (GTK_WIDGET (view), CW_TYPE_HEATMAP), ==, 2);
  for (int m = 0; m < 2; m++)
    {
      g_assert_cmpint (cw_heatmap_get_rows (nth_heatmap (view, m)), ==, snap->maps[m].channels);
      g_assert_cmpint (cw_heatmap_get_cols (nth_heatmap (view, m)), ==, snap->maps[m].length);
    }

  /* The heatmaps' cells line up with the input plot's data rectangle. */
  spin_ms (50);
  double px, py, pw, ph;
  cw_signal_plot_get_data_rect (CW_SIGNAL_PLOT (cw_inside_view_get_input_plot (view)), &px, &py, &pw, &ph);
  for (int m = 0; m < 2; m++)
    {
      CwPlotRect rect = cw_heatmap_get_data_rect (nth_heatmap (view, m));
      g_assert_cmpfloat_with_epsilon (rect.x, px, 0.5);
      g_assert_cmpfloat_with_epsilon (rect.width, pw, 0.5);
    }

  /* Nothing chosen yet: the detail shows a hint; the first layer's 8 kernels are plotted. */
  CwFilterDetail *detail = filter_detail (view);
  g_assert_cmpint (cw_filter_detail_get_activation_length (detail), ==, 0);
  g_assert_cmpint (cw_filter_detail_get_first_layer_series (detail), ==, 8);

  /* Clicking a row of the second map: that filter's activation (188 values) over the input, and its
   * kernel as 8 stem series (one per input channel) of 9 taps. */
  g_signal_emit_by_name (nth_heatmap (view, 1), "row-activated", 3);
  g_assert_cmpint (cw_filter_detail_get_activation_length (detail), ==, 188);
  g_assert_cmpint (cw_filter_detail_get_kernel_series (detail), ==, 8);
  g_assert_cmpint (cw_filter_detail_get_kernel_taps (detail), ==, 9);
  g_assert_cmpint (cw_signal_plot_get_n_series (CW_SIGNAL_PLOT (cw_filter_detail_get_kernel_plot (detail))), ==, 8);
  /* input (rescaled) + activation */
  g_assert_cmpint (cw_signal_plot_get_n_series (CW_SIGNAL_PLOT (cw_filter_detail_get_activation_plot (detail))), ==, 2);
  g_assert_cmpint (cw_heatmap_get_selected_row (nth_heatmap (view, 1)), ==, 3);
  g_assert_cmpint (cw_heatmap_get_selected_row (nth_heatmap (view, 0)), ==, -1);

  /* The first layer: one kernel series of 9 taps for its single input channel. */
  g_signal_emit_by_name (nth_heatmap (view, 0), "row-activated", 0);
  g_assert_cmpint (cw_filter_detail_get_activation_length (detail), ==, 393);
  g_assert_cmpint (cw_filter_detail_get_kernel_series (detail), ==, 1);
  g_assert_cmpint (cw_heatmap_get_selected_row (nth_heatmap (view, 1)), ==, -1);

  /* Zooming the input plot moves the heatmaps with it. */
  CwSignalPlot *input = CW_SIGNAL_PLOT (cw_inside_view_get_input_plot (view));
  cw_signal_plot_set_x_range (input, 1000, 1200);
  g_signal_emit_by_name (input, "view-changed");
  int column_at_1100 = cw_heatmap_column_at (nth_heatmap (view, 0), px + pw / 2);
  /* columns span 908..1692 in 393 steps of 2 nm: 1100 nm is column 96 */
  g_assert_cmpint (column_at_1100, ==, 96);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_inside_view_choose_sample (void)
{
  g_autoptr (CwProject) project = gasoline_project (200);
  g_autoptr (CwTrainingSession) session = cw_training_session_new ();
  CwInsideView *view = CW_INSIDE_VIEW (cw_inside_view_new (project, session));
  GtkWidget *window = show_in_window (GTK_WIDGET (view), 900, 600);

  int activated = -1;
  g_signal_connect (view, "sample-activated", G_CALLBACK (on_sample_activated), &activated);
  GtkSpinButton *spin = GTK_SPIN_BUTTON (nth_descendant (GTK_WIDGET (view), GTK_TYPE_SPIN_BUTTON, 0));
  double lo, hi;
  gtk_spin_button_get_range (spin, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 1);
  g_assert_cmpfloat (hi, ==, 60);

  /* The user picks sample 12 (row 11): the page tells the window. */
  gtk_spin_button_set_value (spin, 12);
  g_assert_cmpint (activated, ==, 11);

  /* The window tells the page: no echo back. */
  activated = -1;
  cw_inside_view_select_sample (view, 40);
  g_assert_cmpint ((int) gtk_spin_button_get_value (spin), ==, 41);
  g_assert_cmpint (activated, ==, -1);

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
  g_test_add_func ("/views/train/progress-fraction", test_progress_fraction);
  g_test_add_func ("/views/train/snapshot", test_train_view_snapshot);
  g_test_add_func ("/views/train/classification", test_train_view_classification);
  g_test_add_func ("/views/inside/snapshot", test_inside_view_snapshot);
  g_test_add_func ("/views/inside/choose-sample", test_inside_view_choose_sample);
  return g_test_run ();
}
