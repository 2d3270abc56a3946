/* test-scatter-plot.c — CwScatterPlot: points drawn where the axes say, nearest-point and by-column
 * picking, click → "point-activated" and the ring, limit lines by pixels (and the ranges that hold them),
 * colour by value with its colour bar, the read-out text, dark style, export. */
#include "cw-drawable.h"
#include "cw-plot-style.h"
#include "cw-scatter-plot.h"

#include "charts-test-util.h"

#define N 8

static const double xs[N] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const double ys[N] = { 2, 8, 3, 7, 4, 6, 5, 1 };
static const int ids[N] = { 10, 11, 12, 13, 14, 15, 16, 17 };
static const GdkRGBA red = { 0.85, 0.1, 0.1, 1 };
static const GdkRGBA blue = { 0.1, 0.3, 0.9, 1 };

typedef struct
{
  GtkWidget *window;
  CwScatterPlot *plot;
  ChartImage image;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->plot = CW_SCATTER_PLOT (cw_scatter_plot_new ());
  cw_scatter_plot_set_labels (f->plot, "T²", "Q");
  cw_scatter_plot_set_id_label (f->plot, "Sample", 1);
  g_assert_cmpint (cw_scatter_plot_add_series (f->plot, "calibration", &red, xs, ys, ids, N, FALSE), ==, 0);
  f->window = chart_test_show (GTK_WIDGET (f->plot), 520, 400);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  chart_image_clear (&f->image);
  gtk_window_destroy (GTK_WINDOW (f->window));
  chart_test_set_dark (FALSE);
}

/* Where a point must be drawn, from the data rectangle and the ranges alone (not the plot's mapping). */
static void
expected_position (CwScatterPlot *plot, double x, double y, double *px, double *py)
{
  CwPlotRect r = cw_scatter_plot_get_data_rect (plot);
  double x0, x1, y0, y1;
  cw_scatter_plot_get_ranges (plot, &x0, &x1, &y0, &y1);
  *px = r.x + (x - x0) / (x1 - x0) * r.width;
  *py = r.y + r.height - (y - y0) / (y1 - y0) * r.height;
}

static void
test_points_drawn (Fixture *f, gconstpointer data)
{
  chart_test_render (GTK_WIDGET (f->plot), &f->image);
  for (int i = 0; i < N; i++)
    {
      double px, py;
      expected_position (f->plot, xs[i], ys[i], &px, &py);
      /* The fill (90 % over white) around the centre. */
      g_assert_cmpint (chart_image_count (&f->image, px - 1, py - 1, px + 2, py + 2, &red, 40), >=, 6);
    }
  /* Nothing red far from the points: the middle of the empty top-left area. */
  double ex, ey;
  expected_position (f->plot, 1.5, 7.8, &ex, &ey);
  g_assert_cmpint (chart_image_count (&f->image, ex - 3, ey - 3, ex + 3, ey + 3, &red, 40), ==, 0);
}

static void
on_point_activated (CwScatterPlot *plot, int id, int *out)
{
  *out = id;
}

static void
test_pick_and_click (Fixture *f, gconstpointer data)
{
  double px, py;
  expected_position (f->plot, xs[3], ys[3], &px, &py);
  int series = -1, index = -1;
  g_assert_cmpint (cw_scatter_plot_pick (f->plot, px + 3, py - 2, &series, &index), ==, 13);
  g_assert_cmpint (series, ==, 0);
  g_assert_cmpint (index, ==, 3);
  /* 20 px away from every point: nothing. */
  g_assert_cmpint (cw_scatter_plot_pick (f->plot, px, py + 40, NULL, NULL), ==, -1);

  int activated = -1;
  g_signal_connect (f->plot, "point-activated", G_CALLBACK (on_point_activated), &activated);
  g_assert_cmpint (cw_scatter_plot_activate_at (f->plot, px, py), ==, 13);
  g_assert_cmpint (activated, ==, 13);
  g_assert_cmpint (cw_scatter_plot_get_selected (f->plot), ==, 13);
  activated = -1;
  g_assert_cmpint (cw_scatter_plot_activate_at (f->plot, px, py + 40), ==, -1);
  g_assert_cmpint (activated, ==, -1);

  /* The ring: foreground-coloured pixels on a circle of radius ~8 around the selected point only. */
  chart_test_render (GTK_WIDGET (f->plot), &f->image);
  CwPlotColors colors;
  cw_plot_colors_for_widget (GTK_WIDGET (f->plot), &colors);
  g_assert_cmpint (chart_image_count (&f->image, px - 10, py - 10, px + 11, py + 11, &colors.foreground, 40),
                   >=, 20);
  double qx, qy;
  expected_position (f->plot, xs[5], ys[5], &qx, &qy);
  g_assert_cmpint (chart_image_count (&f->image, qx - 10, qy - 10, qx + 11, qy + 11, &colors.foreground, 40),
                   ==, 0);

  g_autofree char *text = cw_scatter_plot_describe_point (f->plot, 0, 3);
  g_assert_cmpstr (text, ==, "Sample 14 · calibration\nT² 4 · Q 7");
}

static void
test_limit_lines (Fixture *f, gconstpointer data)
{
  /* A Q limit above every point and a T² limit beyond them: the ranges must grow to show both. */
  cw_scatter_plot_set_x_limit (f->plot, 9.5, "T² 95 %");
  cw_scatter_plot_set_y_limit (f->plot, 10.0, "Q 95 %");
  double x0, x1, y0, y1;
  cw_scatter_plot_get_ranges (f->plot, &x0, &x1, &y0, &y1);
  g_assert_cmpfloat (x1, >, 9.5);
  g_assert_cmpfloat (y1, >, 10.0);

  chart_test_render (GTK_WIDGET (f->plot), &f->image);
  CwPlotColors colors;
  cw_plot_colors_for_widget (GTK_WIDGET (f->plot), &colors);
  CwPlotRect r = cw_scatter_plot_get_data_rect (f->plot);
  double lx, ly;
  expected_position (f->plot, 9.5, 10.0, &lx, &ly);
  /* Dashed 6 on / 4 off: well over a third of the row (and of the column) is the limit colour. */
  int row = chart_image_count (&f->image, r.x, (int) ly - 1, r.x + r.width, (int) ly + 2, &colors.validation, 60);
  g_assert_cmpint (row, >, (int) (r.width * 0.4));
  int column = chart_image_count (&f->image, (int) lx - 1, r.y, (int) lx + 2, r.y + r.height, &colors.validation,
                                  60);
  g_assert_cmpint (column, >, (int) (r.height * 0.4));
  /* A row through the data rectangle half-way down the Q limit has no long limit-coloured run. */
  int other = chart_image_count (&f->image, r.x, (int) (ly + r.height / 3), r.x + r.width - 20,
                                 (int) (ly + r.height / 3) + 1, &colors.validation, 60);
  g_assert_cmpint (other, <, 10);

  /* Hidden again: the row has no limit colour left. */
  cw_scatter_plot_set_y_limit (f->plot, NAN, NULL);
  cw_scatter_plot_set_y_range (f->plot, 0, 12);
  chart_image_clear (&f->image);
  chart_test_render (GTK_WIDGET (f->plot), &f->image);
  expected_position (f->plot, 9.5, 10.0, &lx, &ly);
  row = chart_image_count (&f->image, r.x, (int) ly - 1, r.x + r.width - 40, (int) ly + 2, &colors.validation, 60);
  g_assert_cmpint (row, <, 10);
  chart_image_save (&f->image, "scatter-limits.png");
}

static void
test_pick_by_x (Fixture *f, gconstpointer data)
{
  /* Two curves over component counts 1..N: a click anywhere in a column picks that count. */
  static const double other[N] = { 9, 9, 9, 9, 9, 9, 9, 9 };
  static const int counts[N] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  cw_scatter_plot_clear (f->plot);
  cw_scatter_plot_add_series (f->plot, "RMSECV", &red, xs, ys, counts, N, TRUE);
  cw_scatter_plot_add_series (f->plot, "RMSEC", &blue, xs, other, counts, N, TRUE);
  cw_scatter_plot_set_pick_by_x (f->plot, TRUE);
  cw_scatter_plot_set_x_integer (f->plot, TRUE);
  CwPlotRect r = cw_scatter_plot_get_data_rect (f->plot);
  double px, py;
  expected_position (f->plot, 5, 0, &px, &py);
  int series = -1;
  g_assert_cmpint (cw_scatter_plot_pick (f->plot, px + 5, r.y + r.height - 3, &series, NULL), ==, 5);
  /* Near the bottom the lower curve (RMSECV, y 4) is nearer than RMSEC (y 9). */
  g_assert_cmpint (series, ==, 0);
  g_assert_cmpint (cw_scatter_plot_pick (f->plot, px, r.y + 2, &series, NULL), ==, 5);
  g_assert_cmpint (series, ==, 1);
  /* Half-way between two counts is farther than the column half-width allows only when columns are wide. */
  double qx, qy;
  expected_position (f->plot, 5.5, 0, &qx, &qy);
  g_assert_cmpint (qx - px, >, 24);
  g_assert_cmpint (cw_scatter_plot_pick (f->plot, qx, r.y + r.height / 2, NULL, NULL), ==, -1);

  /* The joined line: red pixels half-way between points 1 and 2 (y from 2 to 8: 5 at x 1.5). */
  chart_test_render (GTK_WIDGET (f->plot), &f->image);
  double mx, my;
  expected_position (f->plot, 1.5, 5, &mx, &my);
  g_assert_cmpint (chart_image_count (&f->image, mx - 2, my - 2, mx + 3, my + 3, &red, 50), >, 0);
}

static void
test_values_colorbar (Fixture *f, gconstpointer data)
{
  static const double values[N] = { 0, 1, 2, 3, 4, 5, 6, NAN };
  cw_scatter_plot_set_point_values (f->plot, 0, values, "octane");
  chart_test_render (GTK_WIDGET (f->plot), &f->image);
  CwPlotRect r = cw_scatter_plot_get_data_rect (f->plot);
  GdkRGBA low, high;
  cw_colormap_viridis (0, &low);
  cw_colormap_viridis (1, &high);
  /* The colour bar right of the data: its bottom is viridis(0), its top viridis(1). */
  int right = r.x + r.width;
  g_assert_cmpint (chart_image_count (&f->image, right + 8, r.y + r.height - 6, right + 30, r.y + r.height,
                                      &low, 12), >, 10);
  g_assert_cmpint (chart_image_count (&f->image, right + 8, r.y, right + 30, r.y + 6, &high, 12), >, 10);
  /* Point 0 (value 0) in viridis(0), point 6 (value 6, the maximum) in viridis(1), not red any more. */
  double px, py;
  expected_position (f->plot, xs[0], ys[0], &px, &py);
  g_assert_cmpint (chart_image_count (&f->image, px - 1, py - 1, px + 2, py + 2, &low, 40), >=, 6);
  expected_position (f->plot, xs[6], ys[6], &px, &py);
  g_assert_cmpint (chart_image_count (&f->image, px - 1, py - 1, px + 2, py + 2, &high, 40), >=, 6);
  g_assert_cmpint (chart_image_count (&f->image, r.x, r.y, r.x + r.width, r.y + r.height, &red, 30), ==, 0);

  g_autofree char *text = cw_scatter_plot_describe_point (f->plot, 0, 2);
  g_assert_nonnull (strstr (text, "octane 2"));
  chart_image_save (&f->image, "scatter-values.png");

  /* Removing the values removes the colour bar: the data rectangle grows to the right. */
  cw_scatter_plot_set_point_values (f->plot, 0, NULL, NULL);
  CwPlotRect wide = cw_scatter_plot_get_data_rect (f->plot);
  g_assert_cmpfloat (wide.width, >, r.width + 20);
}

static void
test_dark_and_export (Fixture *f, gconstpointer data)
{
  cw_scatter_plot_set_title (f->plot, "Influence");
  cw_scatter_plot_set_x_limit (f->plot, 6.5, "T² limit");
  chart_test_set_dark (TRUE);
  chart_test_render (GTK_WIDGET (f->plot), &f->image);
  CwPlotColors colors;
  cw_plot_colors_init (&colors, TRUE);
  /* The corner is the dark background and the limit line is the dark variant's orange. */
  g_assert_true (chart_image_near (&f->image, 2, f->image.height - 2, &colors.background, 4));
  CwPlotRect r = cw_scatter_plot_get_data_rect (f->plot);
  double lx, ly;
  expected_position (f->plot, 6.5, 0, &lx, &ly);
  g_assert_cmpint (chart_image_count (&f->image, (int) lx - 1, r.y, (int) lx + 2, r.y + r.height,
                                      &colors.validation, 60), >, (int) (r.height * 0.4));
  chart_image_save (&f->image, "scatter-dark.png");
  CHART_TEST_EXPORT_ALL (f->plot, "scatter");
}

int
main (int argc, char **argv)
{
  if (!gtk_init_check ())
    {
      g_printerr ("no display\n");
      return 1;
    }
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/scatter-plot/points-drawn", test_points_drawn);
  ADD ("/scatter-plot/pick-and-click", test_pick_and_click);
  ADD ("/scatter-plot/limit-lines", test_limit_lines);
  ADD ("/scatter-plot/pick-by-x", test_pick_by_x);
  ADD ("/scatter-plot/values-colorbar", test_values_colorbar);
  ADD ("/scatter-plot/dark-and-export", test_dark_and_export);
  return g_test_run ();
}
