/* test-parity-plot.c — CwParityPlot: RMSE/R² in the legend, square shared axes, points drawn where the axes
 * say, nearest-point picking, click → "point-activated" and the ring in every series, residual mode,
 * export. */
#include "cw-drawable.h"
#include "cw-parity-plot.h"
#include "cw-plot-style.h"

#include "charts-test-util.h"

#define N 10

static const float truth[N] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
/* CNN: off by ±0.5 alternately. PLS: off by +1.5 (far enough apart to tell the series' pixels apart). */
static const float cnn[N] = { 1.5, 1.5, 3.5, 3.5, 5.5, 5.5, 7.5, 7.5, 9.5, 9.5 };
static const float pls[N] = { 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5 };
static const int ids[N] = { 100, 101, 102, 103, 104, 105, 106, 107, 108, 109 };
static const GdkRGBA red = { 0.85, 0.1, 0.1, 1 };
static const GdkRGBA blue = { 0.1, 0.3, 0.9, 1 };

typedef struct
{
  GtkWidget *window;
  CwParityPlot *plot;
  ChartImage image;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->plot = CW_PARITY_PLOT (cw_parity_plot_new ());
  g_assert_cmpint (cw_parity_plot_add_series (f->plot, "CNN", &red, truth, cnn, ids, N), ==, 0);
  g_assert_cmpint (cw_parity_plot_add_series (f->plot, "PLS", &blue, truth, pls, ids, N), ==, 1);
  cw_parity_plot_set_axis_label (f->plot, "octane");
  f->window = chart_test_show (GTK_WIDGET (f->plot), 520, 420);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  chart_image_clear (&f->image);
  gtk_window_destroy (GTK_WINDOW (f->window));
  chart_test_set_dark (FALSE);
}

/* Where the plot should draw (x, y), from its data rectangle and ranges. */
static void
expected_position (CwParityPlot *plot, double x, double y, double *px, double *py)
{
  CwPlotRect r = cw_parity_plot_get_data_rect (plot);
  double x0, x1, y0, y1;
  cw_parity_plot_get_ranges (plot, &x0, &x1, &y0, &y1);
  *px = r.x + (x - x0) / (x1 - x0) * r.width;
  *py = r.y + r.height - (y - y0) / (y1 - y0) * r.height;
}

/* Independent RMSE and R², as a reader of the plot would compute them. */
static void
reference_stats (const float *t, const float *p, int n, double *rmse, double *r2)
{
  double mean = 0, ss_res = 0, ss_tot = 0;
  for (int i = 0; i < n; i++)
    mean += t[i] / (double) n;
  for (int i = 0; i < n; i++)
    {
      ss_res += (p[i] - t[i]) * (double) (p[i] - t[i]);
      ss_tot += (t[i] - mean) * (t[i] - mean);
    }
  *rmse = sqrt (ss_res / n);
  *r2 = 1 - ss_res / ss_tot;
}

static void
test_legend_stats (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (cw_parity_plot_get_n_series (f->plot), ==, 2);
  double rmse, r2, ref_rmse, ref_r2;
  int n;
  cw_parity_plot_get_series_stats (f->plot, 0, &rmse, &r2, &n);
  reference_stats (truth, cnn, N, &ref_rmse, &ref_r2);
  g_assert_cmpint (n, ==, N);
  g_assert_cmpfloat_with_epsilon (rmse, ref_rmse, 1e-9);
  g_assert_cmpfloat_with_epsilon (r2, ref_r2, 1e-9);
  /* By hand: every error is 0.5, SS_tot of 1..10 is 82.5. */
  g_assert_cmpfloat_with_epsilon (rmse, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (r2, 1 - 2.5 / 82.5, 1e-9);
  g_autofree char *cnn_text = cw_parity_plot_get_legend_text (f->plot, 0);
  g_assert_cmpstr (cnn_text, ==, "CNN · RMSE 0.5 · R² 0.970");

  cw_parity_plot_get_series_stats (f->plot, 1, &rmse, &r2, &n);
  reference_stats (truth, pls, N, &ref_rmse, &ref_r2);
  g_assert_cmpfloat_with_epsilon (rmse, ref_rmse, 1e-9);
  g_assert_cmpfloat_with_epsilon (r2, ref_r2, 1e-9);
  g_autofree char *expected = g_strdup_printf ("PLS · RMSE %.3g · R² %.3f", ref_rmse, ref_r2);
  g_assert_cmpstr (expected, ==, "PLS · RMSE 1.5 · R² 0.727");
  g_autofree char *pls_text = cw_parity_plot_get_legend_text (f->plot, 1);
  g_assert_cmpstr (pls_text, ==, expected);

  /* Non-finite points are left out of the statistics (and of the drawing). */
  float t3[3] = { 1, 2, NAN }, p3[3] = { 1, 4, 3 };
  int k = cw_parity_plot_add_series (f->plot, "one", NULL, t3, p3, NULL, 3);
  cw_parity_plot_get_series_stats (f->plot, k, &rmse, &r2, &n);
  g_assert_cmpint (n, ==, 2);
  g_assert_cmpfloat_with_epsilon (rmse, sqrt (2.0), 1e-9);
  g_assert_cmpfloat_with_epsilon (r2, 1 - 4 / 0.5, 1e-9);
  g_autofree char *one_text = cw_parity_plot_get_legend_text (f->plot, k);
  g_assert_cmpstr (one_text, ==, "one · RMSE 1.41 · R² −7.000");
}

static void
test_square_axes_and_points (Fixture *f, gconstpointer data)
{
  CwPlotRect r = cw_parity_plot_get_data_rect (f->plot);
  g_assert_cmpfloat_with_epsilon (r.width, r.height, 1.0);
  g_assert_cmpfloat (r.width, >, 250);
  double x0, x1, y0, y1;
  cw_parity_plot_get_ranges (f->plot, &x0, &x1, &y0, &y1);
  g_assert_cmpfloat (x0, ==, y0);
  g_assert_cmpfloat (x1, ==, y1);
  g_assert_cmpfloat (x0, <, 1);    /* the lowest true value */
  g_assert_cmpfloat (x1, >, 11.5); /* the highest prediction */

  chart_test_render (GTK_WIDGET (f->plot), &f->image);
  chart_image_save (&f->image, "parity-test.png");
  CwPlotColors colors;
  cw_plot_colors_for_widget (GTK_WIDGET (f->plot), &colors);
  /* Each point's centre has its series colour at 85 % over the background. */
  for (int i = 0; i < N; i++)
    {
      for (int k = 0; k < 2; k++)
        {
          const GdkRGBA *c = k == 0 ? &red : &blue;
          GdkRGBA mixed = { 0.85 * c->red + 0.15 * colors.background.red,
                            0.85 * c->green + 0.15 * colors.background.green,
                            0.85 * c->blue + 0.15 * colors.background.blue, 1 };
          double px, py;
          expected_position (f->plot, truth[i], k == 0 ? cnn[i] : pls[i], &px, &py);
          g_assert_true (chart_image_near (&f->image, (int) px, (int) py, &mixed, 12));
        }
    }
  /* Far from every point (top left, where the legend is not) there is only background. */
  double px, py;
  expected_position (f->plot, 2, 10, &px, &py);
  g_assert_false (chart_image_near (&f->image, (int) px, (int) py, &red, 60));
}

static void
test_pick (Fixture *f, gconstpointer data)
{
  for (int i = 0; i < N; i++)
    {
      double px, py;
      expected_position (f->plot, truth[i], pls[i], &px, &py);
      int series = -1, index = -1;
      g_assert_cmpint (cw_parity_plot_pick_point (f->plot, px, py, &series, &index), ==, ids[i]);
      g_assert_cmpint (series, ==, 1);
      g_assert_cmpint (index, ==, i);
      /* Within 8 px still picks it; 12 px to the left and up, away from both series, picks nothing. */
      g_assert_cmpint (cw_parity_plot_pick (f->plot, px + 5, py + 3), ==, ids[i]);
      g_assert_cmpint (cw_parity_plot_pick (f->plot, px - 12, py - 12), ==, -1);
      expected_position (f->plot, truth[i], cnn[i], &px, &py);
      g_assert_cmpint (cw_parity_plot_pick_point (f->plot, px + 2, py - 2, &series, NULL), ==, ids[i]);
      g_assert_cmpint (series, ==, 0);
    }
}

static void
on_point_activated (CwParityPlot *plot, int id, int *out)
{
  *out = id;
}

static GtkGesture *
find_click_gesture (GtkWidget *widget)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);
      /* The chart's own click, not the context menu's secondary one. */
      if (GTK_IS_GESTURE_CLICK (controller)
          && gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) != GDK_BUTTON_SECONDARY)
        return GTK_GESTURE (controller);
    }
  return NULL;
}

/* Pixels of the foreground colour in a box around (px, py): the selection ring. */
static int
ring_pixels (Fixture *f, double px, double py)
{
  CwPlotColors colors;
  cw_plot_colors_for_widget (GTK_WIDGET (f->plot), &colors);
  return chart_image_count (&f->image, (int) px - 10, (int) py - 10, (int) px + 11, (int) py + 11,
                            &colors.foreground, 40);
}

static void
test_click_selects_everywhere (Fixture *f, gconstpointer data)
{
  int activated = -1;
  g_signal_connect (f->plot, "point-activated", G_CALLBACK (on_point_activated), &activated);
  GtkGesture *click = find_click_gesture (GTK_WIDGET (f->plot));
  g_assert_nonnull (click);

  double cx, cy, px, py;
  expected_position (f->plot, truth[3], cnn[3], &cx, &cy);
  expected_position (f->plot, truth[3], pls[3], &px, &py);
  chart_test_render (GTK_WIDGET (f->plot), &f->image);
  g_assert_cmpint (ring_pixels (f, cx, cy), <, 5);
  g_assert_cmpint (ring_pixels (f, px, py), <, 5);

  g_signal_emit_by_name (click, "pressed", 1, cx + 3, cy + 1);
  g_assert_cmpint (activated, ==, 103);
  g_assert_cmpint (cw_parity_plot_get_selected (f->plot), ==, 103);
  chart_image_clear (&f->image);
  chart_test_render (GTK_WIDGET (f->plot), &f->image);
  /* The sample is ringed in both series. */
  g_assert_cmpint (ring_pixels (f, cx, cy), >, 30);
  g_assert_cmpint (ring_pixels (f, px, py), >, 30);

  /* A click on empty space changes nothing. */
  activated = -1;
  double ex, ey;
  expected_position (f->plot, 2, 10, &ex, &ey);
  g_signal_emit_by_name (click, "pressed", 1, ex, ey);
  g_assert_cmpint (activated, ==, -1);
  g_assert_cmpint (cw_parity_plot_get_selected (f->plot), ==, 103);
  cw_parity_plot_set_selected (f->plot, -1);
  g_assert_cmpint (cw_parity_plot_get_selected (f->plot), ==, -1);
}

static void
test_residuals (Fixture *f, gconstpointer data)
{
  cw_parity_plot_set_residuals (f->plot, TRUE);
  double x0, x1, y0, y1;
  cw_parity_plot_get_ranges (f->plot, &x0, &x1, &y0, &y1);
  /* x: the true values; y: symmetric around zero, covering the largest residual (1.5). */
  g_assert_cmpfloat (x0, <, 1);
  g_assert_cmpfloat (x1, >, 10);
  g_assert_cmpfloat (x1, <, 11);
  g_assert_cmpfloat (y0, ==, -y1);
  g_assert_cmpfloat (y1, >, 1.5);
  g_assert_cmpfloat (y1, <, 2);

  chart_test_render (GTK_WIDGET (f->plot), &f->image);
  chart_image_save (&f->image, "parity-residuals-test.png");
  double px, py;
  expected_position (f->plot, truth[4], pls[4] - truth[4], &px, &py);
  g_assert_cmpint (cw_parity_plot_pick (f->plot, px, py), ==, ids[4]);
  GdkRGBA mixed = { 0.85 * blue.red + 0.15, 0.85 * blue.green + 0.15, 0.85 * blue.blue + 0.15, 1 };
  g_assert_true (chart_image_near (&f->image, (int) px, (int) py, &mixed, 12));
  /* The zero line crosses the plot: axis-coloured pixels along y = 0 between the points. */
  double zx, zy;
  expected_position (f->plot, 0.5 * (truth[4] + truth[5]), 0, &zx, &zy);
  CwPlotRect r = cw_parity_plot_get_data_rect (f->plot);
  int dark_pixels = 0;
  for (int x = (int) r.x + 2; x < (int) (r.x + r.width) - 2; x++)
    {
      int red_, green_, blue_;
      chart_image_rgb (&f->image, x, (int) zy, &red_, &green_, &blue_);
      dark_pixels += red_ < 200 && abs (red_ - green_) < 10 && abs (green_ - blue_) < 10;
    }
  g_assert_cmpint (dark_pixels, >, (int) (r.width * 0.4));
}

static void
test_empty_and_clear (Fixture *f, gconstpointer data)
{
  cw_parity_plot_clear (f->plot);
  g_assert_cmpint (cw_parity_plot_get_n_series (f->plot), ==, 0);
  g_assert_cmpint (cw_parity_plot_pick (f->plot, 100, 100), ==, -1);
  chart_test_render (GTK_WIDGET (f->plot), &f->image);
}

static void
test_export (Fixture *f, gconstpointer data)
{
  cw_parity_plot_set_selected (f->plot, 105);
  CHART_TEST_EXPORT_ALL (f->plot, "parity");
}

/* Gasoline-like octane numbers: 10 validation samples, CNN and PLS. */
static void
test_screenshots (void)
{
  static const float octane[10] = { 83.4, 84.7, 85.3, 85.9, 86.6, 87.1, 87.8, 88.3, 88.9, 89.6 };
  static const float cnn_pred[10] = { 83.7, 84.5, 85.6, 85.7, 86.9, 87.0, 87.6, 88.6, 88.7, 89.3 };
  static const float pls_pred[10] = { 84.1, 84.2, 85.0, 86.5, 86.2, 87.6, 87.3, 88.0, 89.5, 89.0 };
  static const int sample_ids[10] = { 3, 8, 12, 17, 21, 26, 33, 40, 47, 55 };
  for (int dark = 0; dark <= 1; dark++)
    {
      chart_test_set_dark (dark);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      for (int residuals = 0; residuals <= 1; residuals++)
        {
          GtkWidget *plot = cw_parity_plot_new ();
          GdkRGBA c0, c1;
          cw_palette_color (0, &c0);
          cw_palette_color (1, &c1);
          cw_parity_plot_add_series (CW_PARITY_PLOT (plot), "CNN", &c0, octane, cnn_pred, sample_ids, 10);
          cw_parity_plot_add_series (CW_PARITY_PLOT (plot), "PLS", &c1, octane, pls_pred, sample_ids, 10);
          cw_parity_plot_set_axis_label (CW_PARITY_PLOT (plot), "octane");
          cw_parity_plot_set_selected (CW_PARITY_PLOT (plot), 26);
          cw_parity_plot_set_residuals (CW_PARITY_PLOT (plot), residuals);
          double rmse, r2, ref_rmse = 0, mean = 0, ss_tot = 0;
          for (int i = 0; i < 10; i++)
            mean += octane[i] / 10.0;
          for (int i = 0; i < 10; i++)
            {
              ref_rmse += (cnn_pred[i] - octane[i]) * (double) (cnn_pred[i] - octane[i]);
              ss_tot += (octane[i] - mean) * (octane[i] - mean);
            }
          cw_parity_plot_get_series_stats (CW_PARITY_PLOT (plot), 0, &rmse, &r2, NULL);
          g_assert_cmpfloat_with_epsilon (rmse, sqrt (ref_rmse / 10), 1e-6);
          g_assert_cmpfloat_with_epsilon (r2, 1 - ref_rmse / ss_tot, 1e-6);
          gtk_widget_set_hexpand (plot, TRUE);
          gtk_box_append (GTK_BOX (box), plot);
        }
      GtkWidget *window = chart_test_show (box, 900, 420);
      ChartImage image = { 0 };
      chart_test_render (box, &image);
      chart_image_save (&image, dark ? "charts-parity-dark.png" : "charts-parity-light.png");
      chart_image_clear (&image);
      gtk_window_destroy (GTK_WINDOW (window));
    }
  chart_test_set_dark (FALSE);
}

int
main (int argc, char *argv[])
{
  if (!gtk_init_check ())
    {
      puts ("1..0 # SKIP no display");
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/parity-plot/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("legend-stats", test_legend_stats);
  ADD ("square-axes-and-points", test_square_axes_and_points);
  ADD ("pick", test_pick);
  ADD ("click-selects-everywhere", test_click_selects_everywhere);
  ADD ("residuals", test_residuals);
  ADD ("empty-and-clear", test_empty_and_clear);
  ADD ("export", test_export);
#undef ADD
  g_test_add_func ("/parity-plot/screenshots", test_screenshots);
  return g_test_run ();
}
