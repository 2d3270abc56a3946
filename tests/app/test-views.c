/* test-views.c — the Training and Inside pages, driven by hand-made snapshots (exact values) and by a
 * real training session on the gasoline example (live updates, idle capture, screenshots). */
#include <glib/gstdio.h>
#include "app-test-util.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "cw-filter-detail.h"
#include "cw-heatmap.h"
#include "cw-inside-view.h"
#include "cw-loss-plot.h"
#include "cw-parity-plot.h"
#include "cw-plot-style.h"
#include "cw-signal-plot.h"
#include "cw-train-view.h"

#define PAGE_WIDTH 1200
#define PAGE_HEIGHT 800

/* ---- main loop, windows, rendering ---- */

typedef struct
{
  GdkTexture *texture;
  guchar *pixels; /* B G R A */
  gsize stride;
  int width, height;
} Image;

static void
image_clear (Image *image)
{
  g_clear_object (&image->texture);
  g_clear_pointer (&image->pixels, g_free);
}

static void
render_image (GtkWidget *widget, Image *image)
{
  spin_ms (30);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  GskRenderNode *node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    g_printerr ("nothing drawn by %s (%d x %d, mapped %d)\n", G_OBJECT_TYPE_NAME (widget), width, height,
                gtk_widget_get_mapped (widget));
  g_assert_nonnull (node);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  image->texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  image->width = gdk_texture_get_width (image->texture);
  image->height = gdk_texture_get_height (image->texture);
  image->stride = (gsize) image->width * 4;
  image->pixels = g_malloc (image->stride * image->height);
  gdk_texture_download (image->texture, image->pixels, image->stride);
}

static int
count_color (const Image *image, const GdkRGBA *color, int tolerance)
{
  int n = 0, r = lround (color->red * 255), g = lround (color->green * 255), b = lround (color->blue * 255);
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        const guchar *p = image->pixels + (gsize) y * image->stride + (gsize) x * 4;
        n += abs (p[2] - r) <= tolerance && abs (p[1] - g) <= tolerance && abs (p[0] - b) <= tolerance;
      }
  return n;
}

/* Pixels that differ between two renderings of the same size. */
static int
count_changed (const Image *a, const Image *b)
{
  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);
  int n = 0;
  for (int y = 0; y < a->height; y++)
    for (int x = 0; x < a->width; x++)
      n += memcmp (a->pixels + (gsize) y * a->stride + 4 * x, b->pixels + (gsize) y * b->stride + 4 * x, 4) != 0;
  return n;
}

/* Saves to $SCREENSHOT_DIR/name, and to $PAGES_SCREENSHOT_DIR/name when that is set too. */
static void
save_screenshot (const Image *image, const char *name)
{
  const char *dirs[] = { g_getenv ("SCREENSHOT_DIR"), g_getenv ("PAGES_SCREENSHOT_DIR") };
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    if (dirs[i] != NULL && *dirs[i] != '\0')
      {
        g_mkdir_with_parents (dirs[i], 0755);
        g_autofree char *path = g_build_filename (dirs[i], name, NULL);
        g_assert_true (gdk_texture_save_to_png (image->texture, path));
        g_printerr ("screenshot: %s\n", path);
      }
}

static void
set_dark (gboolean dark)
{
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
  spin_ms (60);
}

/* First descendant of widget (depth first) of the given type, skipping `skip` matches. */
static GtkWidget *
find_descendant (GtkWidget *widget, GType type, int *skip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && (*skip)-- == 0)
        return child;
      GtkWidget *found = find_descendant (child, type, skip);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
nth_descendant (GtkWidget *widget, GType type, int n)
{
  return find_descendant (widget, type, &n);
}

static int
count_descendants (GtkWidget *widget, GType type)
{
  int n = 0;
  while (nth_descendant (widget, type, n) != NULL)
    n++;
  return n;
}

static const char *
progress_text (CwTrainView *view)
{
  return gtk_progress_bar_get_text (GTK_PROGRESS_BAR (cw_train_view_get_progress_bar (view)));
}

static double
progress_fraction (CwTrainView *view)
{
  return gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (cw_train_view_get_progress_bar (view)));
}

/* ---- the gasoline project and hand-made snapshots ---- */

static CwProject *
gasoline_project (int epochs)
{
  cw_error err;
  cw_dataset *ds = cw_dataset_load_csv (RESOURCES_DIR "/data/gasoline.csv", NULL, &err);
  g_assert_nonnull (ds);
  CwProject *project = cw_project_new ();
  cw_project_set_dataset (project, ds, NULL);
  int octane = cw_dataset_find_target (cw_project_get_dataset (project), "octane");
  g_assert_cmpint (octane, >=, 0);
  cw_project_set_target (project, octane);
  cw_project_set_task (project, CW_TASK_REGRESSION);
  cw_train_config config = *cw_project_get_train_config (project);
  config.epochs = epochs;
  config.seed = 7;
  cw_project_set_train_config (project, &config);
  cw_project_set_threads (project, 1);
  return project;
}

static int
count_conv_layers (const cw_spec *spec)
{
  int n = 0;
  for (int i = 0; i < cw_spec_count (spec); i++)
    n += cw_spec_get (spec, i)->type == CW_LAYER_CONV;
  return n;
}


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
  GtkWidget *grid = nth_descendant (GTK_WIDGET (view), GTK_TYPE_GRID, 0);
  GtkWidget *rmse = gtk_grid_get_child_at (GTK_GRID (grid), 1, 1);
  GtkWidget *r2 = gtk_grid_get_child_at (GTK_GRID (grid), 1, 3);
  GtkWidget *train_rmse = gtk_grid_get_child_at (GTK_GRID (grid), 2, 1);
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
  GtkGrid *metrics = GTK_GRID (nth_descendant (GTK_WIDGET (view), GTK_TYPE_GRID, 0));
  GtkGrid *classes = GTK_GRID (nth_descendant (GTK_WIDGET (view), GTK_TYPE_GRID, 1));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (metrics, 0, 1))), ==, "Accuracy");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (metrics, 1, 1))), ==, "75.0 %");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (metrics, 2, 1))), ==, "90.0 %");
  g_assert_null (gtk_grid_get_child_at (metrics, 0, 2)); /* no regression rows */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (classes)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (classes, 1, 2))), ==, "60.0 %");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (classes, 2, 3))), ==, "50.0 %");
  g_assert_null (gtk_grid_get_child_at (classes, 0, 4));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- Inside page ---- */

static CwHeatmap *
nth_heatmap (CwInsideView *view, int n)
{
  return CW_HEATMAP (nth_descendant (GTK_WIDGET (view), CW_TYPE_HEATMAP, n));
}

static CwFilterDetail *
filter_detail (CwInsideView *view)
{
  return CW_FILTER_DETAIL (nth_descendant (GTK_WIDGET (view), CW_TYPE_FILTER_DETAIL, 0));
}

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
  g_assert_true (g_str_has_prefix (progress_text (train), expected_progress));
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
  g_assert_nonnull (strstr (cw_train_view_get_status (train), "stopped"));
  g_assert_cmpint (last->n_val, ==, 10);
  g_assert_nonnull (cw_project_get_model (project));
  g_assert_cmpint (cw_project_get_history (project)->epochs, ==, last->n_epochs);

  /* Parity plot with the 10 validation points (split_vignette = test). */
  GtkStack *results = GTK_STACK (nth_descendant (GTK_WIDGET (train), GTK_TYPE_STACK, 0));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (results), ==, "parity");
  int n_points = 0;
  cw_parity_plot_get_series_stats (CW_PARITY_PLOT (cw_train_view_get_parity_plot (train)), 0, NULL, NULL,
                                   &n_points);
  g_assert_cmpint (n_points, ==, 10);

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
  /* The heatmaps' columns still line up with the input's data rectangle. */
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
  g_autofree char *expected = g_strdup_printf ("Trained %d epochs · best %d", hist->epochs, hist->best_epoch);
  g_assert_true (g_str_has_prefix (progress_text (train), expected));
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
  g_autofree char *accuracy = g_strdup_printf ("%.1f %%", 100 * last->val_metrics.accuracy);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (metrics, 1, 1))), ==, accuracy);
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
  g_test_add_func ("/views/train/progress-fraction", test_progress_fraction);
  g_test_add_func ("/views/train/snapshot", test_train_view_snapshot);
  g_test_add_func ("/views/train/classification", test_train_view_classification);
  g_test_add_func ("/views/inside/snapshot", test_inside_view_snapshot);
  g_test_add_func ("/views/inside/choose-sample", test_inside_view_choose_sample);
  g_test_add_func ("/views/real-training", test_real_training);
  g_test_add_func ("/views/idle-project-history", test_idle_project_history);
  g_test_add_func ("/views/real-training-classification", test_real_training_classification);
  g_test_add_func ("/views/preprocessed-training", test_preprocessed_training);
  g_test_add_func ("/views/reopened-preprocessed-project", test_reopened_preprocessed_project);
  return g_test_run ();
}
