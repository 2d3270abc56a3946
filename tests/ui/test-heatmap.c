/* test-heatmap.c — CwHeatmap: cells land where the x axis says, follow the x range, hit-testing, the
 * read-out, colour scales (viridis, diverging, light and dark), natural height, export. */
#include "cw-drawable.h"
#include "cw-heatmap.h"
#include "cw-heatmap-private.h" /* the colour-image cache, for the invariants of test_large_map_draws_fast */
#include "cw-plot-style.h"
#include "cw-signal-plot.h"

#include "charts-test-util.h"

#define ROWS 4
#define COLS 10
#define HOT_ROW 2
#define HOT_COL 7

typedef struct
{
  GtkWidget *window;
  CwHeatmap *heatmap;
  ChartImage image;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  float values[ROWS * COLS] = { 0 };
  values[HOT_ROW * COLS + HOT_COL] = 1.0f;
  f->heatmap = CW_HEATMAP (cw_heatmap_new ());
  cw_heatmap_set_data (f->heatmap, values, ROWS, COLS, 0.0, 9.0);
  cw_heatmap_set_title (f->heatmap, "conv(4,k=3) · 4 × 10");
  cw_heatmap_set_row_name (f->heatmap, "filter");
  cw_heatmap_set_x_unit (f->heatmap, "nm");
  f->window = chart_test_show (GTK_WIDGET (f->heatmap), 420, 160);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  chart_image_clear (&f->image);
  gtk_window_destroy (GTK_WINDOW (f->window));
  chart_test_set_dark (FALSE);
}

/* Pixel x of data value x for a visible range [lo, hi] in the data rectangle. */
static double
pixel_x (const CwPlotRect *rect, double lo, double hi, double x)
{
  return rect->x + (x - lo) / (hi - lo) * rect->width;
}

/* The hot cell fills exactly [x - 0.5, x + 0.5] x row HOT_ROW of the data rectangle, and nothing else in
 * the rectangle has its colour. */
static void
assert_hot_cell (Fixture *f, double lo, double hi)
{
  CwPlotRect rect = cw_heatmap_get_data_rect (f->heatmap);
  double row_height = rect.height / ROWS;
  double left = pixel_x (&rect, lo, hi, HOT_COL - 0.5), right = pixel_x (&rect, lo, hi, HOT_COL + 0.5);
  double top = rect.y + HOT_ROW * row_height, bottom = top + row_height;
  GdkRGBA hot, cold;
  cw_colormap_viridis (1.0, &hot);
  cw_colormap_viridis (0.0, &cold);

  int centre_x = (int) ((left + right) / 2), centre_y = (int) ((top + bottom) / 2);
  g_assert_true (chart_image_near (&f->image, centre_x, centre_y, &hot, 6));
  int inside = chart_image_count (&f->image, (int) ceil (left), (int) ceil (top), (int) floor (right),
                                  (int) floor (bottom), &hot, 6);
  int expected = ((int) floor (right) - (int) ceil (left)) * ((int) floor (bottom) - (int) ceil (top));
  g_assert_cmpint (expected, >, 100);
  g_assert_cmpint (inside, ==, expected);
  int everywhere = chart_image_count (&f->image, (int) rect.x, (int) rect.y, (int) (rect.x + rect.width),
                                      (int) (rect.y + rect.height), &hot, 6);
  /* Edge pixels of the cell may be either colour, never more than its outline. */
  int outline = 2 * (int) (right - left + bottom - top) + 8;
  g_assert_cmpint (everywhere, <=, expected + outline);
  /* The cells next to it are cold. */
  g_assert_true (chart_image_near (&f->image, (int) (left - 3), (int) ((top + bottom) / 2), &cold, 6));
  g_assert_true (chart_image_near (&f->image, (int) ((left + right) / 2), (int) (top - 3), &cold, 6));
}

static void
test_hot_cell (Fixture *f, gconstpointer data)
{
  chart_test_render (GTK_WIDGET (f->heatmap), &f->image);
  chart_image_save (&f->image, "heatmap-hot-cell.png");
  /* Cell centres at 0 .. 9 fill the whole width: the view is [x0, x1], half cells at both ends. */
  assert_hot_cell (f, 0.0, 9.0);
}

static void
test_x_range_shifts_cells (Fixture *f, gconstpointer data)
{
  CwPlotRect rect = cw_heatmap_get_data_rect (f->heatmap);
  double old_centre = pixel_x (&rect, 0.0, 9.0, HOT_COL);
  cw_heatmap_set_x_range (f->heatmap, 4.5, 9.0);
  chart_test_render (GTK_WIDGET (f->heatmap), &f->image);
  assert_hot_cell (f, 4.5, 9.0);

  /* Where the cell was drawn before there is now column 8, cold. */
  GdkRGBA cold;
  cw_colormap_viridis (0.0, &cold);
  double mid_y = rect.y + (HOT_ROW + 0.5) * rect.height / ROWS;
  g_assert_true (chart_image_near (&f->image, (int) old_centre, (int) mid_y, &cold, 6));
  g_assert_cmpint (cw_heatmap_column_at (f->heatmap, old_centre), ==, 8);

  /* Back to the data range. */
  cw_heatmap_set_x_range (f->heatmap, NAN, NAN);
  chart_image_clear (&f->image);
  chart_test_render (GTK_WIDGET (f->heatmap), &f->image);
  assert_hot_cell (f, 0.0, 9.0);
}

static void
test_margins (Fixture *f, gconstpointer data)
{
  cw_heatmap_set_left_margin (f->heatmap, 80);
  cw_heatmap_set_right_margin (f->heatmap, 30);
  CwPlotRect rect = cw_heatmap_get_data_rect (f->heatmap);
  g_assert_cmpfloat (rect.x, ==, 80);
  g_assert_cmpfloat (rect.x + rect.width, ==, 420 - 30);
  chart_test_render (GTK_WIDGET (f->heatmap), &f->image);
  assert_hot_cell (f, 0.0, 9.0);
  /* 30 px is too narrow for the colour bar: the scale moves into the header (a gradient ending in the
   * top colour), and the margin right of the cells stays empty. */
  GdkRGBA top_color;
  cw_colormap_viridis (1.0, &top_color);
  CwPlotColors colors;
  cw_plot_colors_for_widget (GTK_WIDGET (f->heatmap), &colors);
  g_assert_cmpint (chart_image_count (&f->image, 200, 0, 420, (int) rect.y, &top_color, 20), >, 4);
  int right_edge = (int) (rect.x + rect.width) + 2;
  g_assert_cmpint (chart_image_count (&f->image, right_edge, 0, 420, 160, &colors.background, 2), ==,
                   (420 - right_edge) * 160);
  chart_image_save (&f->image, "heatmap-header-scale.png");

  /* Automatic margins again: the bar stands beside the cells, the header has no gradient. */
  cw_heatmap_set_right_margin (f->heatmap, -1);
  chart_image_clear (&f->image);
  chart_test_render (GTK_WIDGET (f->heatmap), &f->image);
  rect = cw_heatmap_get_data_rect (f->heatmap);
  g_assert_cmpint (chart_image_count (&f->image, 0, 0, 420, (int) rect.y - 1, &top_color, 20), ==, 0);
  g_assert_cmpint (chart_image_count (&f->image, (int) (rect.x + rect.width) + 2, (int) rect.y, 420,
                                      (int) (rect.y + rect.height), &top_color, 20), >, 10);
}

static void
on_row_activated (CwHeatmap *heatmap, int row, int *out)
{
  *out = row;
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

static void
test_row_at_and_click (Fixture *f, gconstpointer data)
{
  CwPlotRect rect = cw_heatmap_get_data_rect (f->heatmap);
  double row_height = rect.height / ROWS;
  for (int r = 0; r < ROWS; r++)
    {
      g_assert_cmpint (cw_heatmap_row_at (f->heatmap, rect.y + (r + 0.1) * row_height), ==, r);
      g_assert_cmpint (cw_heatmap_row_at (f->heatmap, rect.y + (r + 0.9) * row_height), ==, r);
    }
  g_assert_cmpint (cw_heatmap_row_at (f->heatmap, rect.y - 1), ==, -1);
  g_assert_cmpint (cw_heatmap_row_at (f->heatmap, rect.y + rect.height + 1), ==, -1);
  for (int c = 0; c < COLS; c++)
    {
      double inside = c < COLS - 1 ? c + 0.3 : c - 0.3; /* the last cell is half outside the view */
      g_assert_cmpint (cw_heatmap_column_at (f->heatmap, pixel_x (&rect, 0, 9, inside)), ==, c);
    }

  int activated = -1;
  g_signal_connect (f->heatmap, "row-activated", G_CALLBACK (on_row_activated), &activated);
  GtkGesture *click = find_click_gesture (GTK_WIDGET (f->heatmap));
  g_assert_nonnull (click);
  g_signal_emit_by_name (click, "pressed", 1, rect.x + rect.width / 2, rect.y + 3.5 * row_height);
  g_assert_cmpint (activated, ==, 3);
  g_assert_cmpint (cw_heatmap_get_selected_row (f->heatmap), ==, 3);

  /* A click in the title band is not on a row. */
  activated = -1;
  g_signal_emit_by_name (click, "pressed", 1, rect.x + 10, rect.y / 2);
  g_assert_cmpint (activated, ==, -1);
  g_assert_cmpint (cw_heatmap_get_selected_row (f->heatmap), ==, 3);

  /* The selected row is outlined in the foreground colour over a halo, along its top edge. */
  CwPlotColors colors;
  cw_plot_colors_for_widget (GTK_WIDGET (f->heatmap), &colors);
  chart_test_render (GTK_WIDGET (f->heatmap), &f->image);
  chart_image_save (&f->image, "heatmap-selected.png");
  int y_edge = (int) round (rect.y + 3 * row_height) + 2;
  int outlined = chart_image_count (&f->image, (int) rect.x, y_edge - 1, (int) (rect.x + rect.width),
                                    y_edge + 1, &colors.foreground, 8);
  g_assert_cmpint (outlined, >=, 2 * ((int) rect.width - 6));
  /* … and the row above is not. */
  g_assert_cmpint (chart_image_count (&f->image, (int) rect.x, y_edge - 12, (int) (rect.x + rect.width),
                                      y_edge - 6, &colors.foreground, 8), ==, 0);
}

static void
test_describe (Fixture *f, gconstpointer data)
{
  CwPlotRect rect = cw_heatmap_get_data_rect (f->heatmap);
  double row_height = rect.height / ROWS;
  g_autofree char *text = cw_heatmap_describe_at (f->heatmap, pixel_x (&rect, 0, 9, HOT_COL),
                                                  rect.y + (HOT_ROW + 0.5) * row_height);
  g_assert_cmpstr (text, ==, "filter 3 · x = 7 nm · 1.000");
  g_autofree char *cold = cw_heatmap_describe_at (f->heatmap, pixel_x (&rect, 0, 9, 0.2), rect.y + 1);
  g_assert_cmpstr (cold, ==, "filter 1 · x = 0 nm · 0.000");
  g_assert_null (cw_heatmap_describe_at (f->heatmap, rect.x - 5, rect.y + 1));

  /* A fractional axis: the x value gets the decimals of its spacing. */
  float values[3] = { -0.25f, 0.5f, 12345.0f };
  cw_heatmap_set_data (f->heatmap, values, 1, 3, 1.5, 2.5);
  rect = cw_heatmap_get_data_rect (f->heatmap);
  g_autofree char *mid = cw_heatmap_describe_at (f->heatmap, rect.x + rect.width / 2, rect.y + 2);
  g_assert_cmpstr (mid, ==, "filter 1 · x = 2.0 nm · 0.500");
  g_autofree char *last = cw_heatmap_describe_at (f->heatmap, rect.x + rect.width - 1, rect.y + 2);
  g_assert_cmpstr (last, ==, "filter 1 · x = 2.5 nm · 12345.000");
  /* Negative values get the typographic minus of the tick labels. */
  g_autofree char *first = cw_heatmap_describe_at (f->heatmap, rect.x + 1, rect.y + 2);
  g_assert_cmpstr (first, ==, "filter 1 · x = 1.5 nm · −0.250");
}

static void
assert_scale_colors (Fixture *f, gboolean dark, gboolean diverging)
{
  CwPlotRect rect = cw_heatmap_get_data_rect (f->heatmap);
  double row_height = rect.height / 2;
  GdkRGBA low, high;
  if (diverging)
    {
      cw_colormap_diverging (-1, dark, &low);
      cw_colormap_diverging (1, dark, &high);
    }
  else
    {
      cw_colormap_viridis (0, &low);
      cw_colormap_viridis (1, &high);
    }
  int x = (int) (rect.x + rect.width / 2);
  g_assert_true (chart_image_near (&f->image, x, (int) (rect.y + 0.5 * row_height), &low, 6));
  g_assert_true (chart_image_near (&f->image, x, (int) (rect.y + 1.5 * row_height), &high, 6));
}

static void
test_diverging_light_and_dark (Fixture *f, gconstpointer data)
{
  float values[2 * 4] = { -2, -2, -2, -2, 2, 2, 2, 2 };
  cw_heatmap_set_data (f->heatmap, values, 2, 4, 0, 3);
  double lo, hi;
  g_assert_true (cw_heatmap_get_value_range (f->heatmap, &lo, &hi));
  g_assert_cmpfloat (lo, ==, -2);
  g_assert_cmpfloat (hi, ==, 2);

  chart_test_render (GTK_WIDGET (f->heatmap), &f->image);
  assert_scale_colors (f, FALSE, FALSE);

  cw_heatmap_set_diverging (f->heatmap, TRUE);
  chart_image_clear (&f->image);
  chart_test_render (GTK_WIDGET (f->heatmap), &f->image);
  assert_scale_colors (f, FALSE, TRUE);
  CwPlotColors light;
  cw_plot_colors_init (&light, FALSE);
  g_assert_true (chart_image_near (&f->image, 2, 2, &light.background, 2));

  /* The dark theme: dark background, and the diverging map's dark variant (the image is rebuilt). */
  chart_test_set_dark (TRUE);
  g_assert_true (cw_plot_widget_is_dark (GTK_WIDGET (f->heatmap)));
  chart_image_clear (&f->image);
  chart_test_render (GTK_WIDGET (f->heatmap), &f->image);
  CwPlotColors dark;
  cw_plot_colors_init (&dark, TRUE);
  g_assert_true (chart_image_near (&f->image, 2, 2, &dark.background, 2));
  assert_scale_colors (f, TRUE, TRUE);

  /* One-signed data stays on viridis even in diverging mode. */
  float positive[2 * 4] = { 0, 0, 0, 0, 3, 3, 3, 3 };
  cw_heatmap_set_data (f->heatmap, positive, 2, 4, 0, 3);
  chart_image_clear (&f->image);
  chart_test_render (GTK_WIDGET (f->heatmap), &f->image);
  assert_scale_colors (f, TRUE, FALSE);
}

static void
test_natural_height (Fixture *f, gconstpointer data)
{
  int minimum, natural;
  gtk_widget_measure (GTK_WIDGET (f->heatmap), GTK_ORIENTATION_VERTICAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, ==, 60);
  g_assert_cmpint (natural, ==, 22 + 4 + ROWS * 12);

  g_autofree float *many = g_new0 (float, 64 * 4096);
  cw_heatmap_set_data (f->heatmap, many, 64, 4096, 0, 4095);
  gtk_widget_measure (GTK_WIDGET (f->heatmap), GTK_ORIENTATION_VERTICAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, ==, 220);
  g_assert_cmpint (cw_heatmap_get_rows (f->heatmap), ==, 64);
  g_assert_cmpint (cw_heatmap_get_cols (f->heatmap), ==, 4096);

  cw_heatmap_set_data (f->heatmap, NULL, 0, 0, 0, 1);
  gtk_widget_measure (GTK_WIDGET (f->heatmap), GTK_ORIENTATION_VERTICAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, ==, 60);
  g_assert_false (cw_heatmap_get_value_range (f->heatmap, NULL, NULL));
  /* An empty map still draws (a placeholder). */
  chart_test_render (GTK_WIDGET (f->heatmap), &f->image);
}

/* What keeps a large map cheap, checked as invariants rather than timed (speed belongs in benchmarks):
 * the cells become one image of one pixel per cell, whatever the zoom or the drawing size, coloured once
 * per new data and reused by every redraw until the data changes. */
static void
test_large_map_draws_fast (Fixture *f, gconstpointer data)
{
  g_autofree float *values = g_new (float, 64 * 4096);
  for (int i = 0; i < 64 * 4096; i++)
    values[i] = sinf (i * 0.01f);
  cw_heatmap_set_data (f->heatmap, values, 64, 4096, 0, 4095);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900, 220);
  cairo_t *cr = cairo_create (surface);
  /* New data each frame (as during training, where the image is rebuilt), zoomed a little further. */
  for (int i = 0; i < 20; i++)
    {
      values[i] = (float) i;
      cw_heatmap_set_data (f->heatmap, values, 64, 4096, 0, 4095);
      cw_heatmap_set_x_range (f->heatmap, i * 50, 4095 - i * 50);
      cw_drawable_draw (CW_DRAWABLE (f->heatmap), cr, 900, 220);
      g_assert_nonnull (f->heatmap->image);
      g_assert_cmpint (cairo_image_surface_get_width (f->heatmap->image), ==, 4096);
      g_assert_cmpint (cairo_image_surface_get_height (f->heatmap->image), ==, 64);
    }
  /* Redraws without new data, zoomed or not, at other sizes: the same image, not coloured again. */
  cairo_surface_t *image = f->heatmap->image;
  cw_heatmap_set_x_range (f->heatmap, 100, 200);
  cw_drawable_draw (CW_DRAWABLE (f->heatmap), cr, 900, 220);
  cw_drawable_draw (CW_DRAWABLE (f->heatmap), cr, 450, 110);
  g_assert_true (f->heatmap->image == image);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_export (Fixture *f, gconstpointer data)
{
  CHART_TEST_EXPORT_ALL (f->heatmap, "heatmap");
}

/* Realistic activations: 16 filters over 393 positions of a 900–1700 nm spectrum (conv k = 9). */
static GtkWidget *
realistic_heatmap (gboolean diverging)
{
  enum { FILTERS = 16, POSITIONS = 393 };
  g_autofree float *values = g_new (float, FILTERS * POSITIONS);
  GRand *rand = g_rand_new_with_seed (7);
  for (int r = 0; r < FILTERS; r++)
    {
      double phase = g_rand_double_range (rand, 0, 2 * G_PI);
      double freq = g_rand_double_range (rand, 0.01, 0.05);
      double peak = g_rand_double_range (rand, 50, 340), width = g_rand_double_range (rand, 8, 30);
      double gain = g_rand_double_range (rand, 0.4, 1.6);
      for (int c = 0; c < POSITIONS; c++)
        {
          double v = gain * (0.6 * sin (freq * c + phase) + 1.2 * exp (-0.5 * pow ((c - peak) / width, 2)))
                     + 0.05 * g_rand_double_range (rand, -1, 1);
          values[r * POSITIONS + c] = (float) (diverging ? v : MAX (v, 0.0));
        }
    }
  g_rand_free (rand);
  GtkWidget *heatmap = cw_heatmap_new ();
  cw_heatmap_set_data (CW_HEATMAP (heatmap), values, FILTERS, POSITIONS, 908, 1692);
  cw_heatmap_set_title (CW_HEATMAP (heatmap), diverging ? "conv(16,k=9) before ReLU · 16 × 393"
                                                        : "conv(16,k=9) · relu · 16 × 393");
  cw_heatmap_set_row_name (CW_HEATMAP (heatmap), "filter");
  cw_heatmap_set_x_unit (CW_HEATMAP (heatmap), "nm");
  cw_heatmap_set_diverging (CW_HEATMAP (heatmap), diverging);
  cw_heatmap_set_show_x_axis (CW_HEATMAP (heatmap), TRUE);
  return heatmap;
}

static void
test_screenshots (void)
{
  for (int dark = 0; dark <= 1; dark++)
    {
      chart_test_set_dark (dark);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *relu = realistic_heatmap (FALSE), *signed_map = realistic_heatmap (TRUE);
      cw_heatmap_set_selected_row (CW_HEATMAP (relu), 4);
      gtk_box_append (GTK_BOX (box), relu);
      gtk_box_append (GTK_BOX (box), signed_map);
      /* The second map zoomed to 1100–1400 nm, the way it follows a zoomed signal plot. */
      cw_heatmap_set_x_range (CW_HEATMAP (signed_map), 1100, 1400);
      GtkWidget *window = chart_test_show (box, 760, 440);
      ChartImage image = { 0 };
      chart_test_render (box, &image);
      /* The natural height of 16 rows, 4 px of gap, an x axis: 22 + 4 + 18 + 192 = 236, capped at 220. */
      g_assert_cmpint (gtk_widget_get_height (relu), ==, 220);
      chart_image_save (&image, dark ? "charts-heatmap-dark.png" : "charts-heatmap-light.png");
      chart_image_clear (&image);
      gtk_window_destroy (GTK_WINDOW (window));
    }
  chart_test_set_dark (FALSE);
}

/* Under a signal plot with the same margins, a column sits at the pixel where the plot draws its x, at
 * the full range and zoomed; the screenshot shows the Inside view's arrangement. */
static void
test_aligned_with_signal_plot (void)
{
  enum { POINTS = 401, FILTERS = 16, POSITIONS = 393 };
  for (int dark = 0; dark <= 1; dark++)
    {
      chart_test_set_dark (dark);
      double x[POINTS];
      float y[POINTS];
      for (int i = 0; i < POINTS; i++)
        {
          x[i] = 900 + 2 * i;
          y[i] = (float) (0.3 + 0.2 * sin (i * 0.02) + 0.5 * exp (-0.5 * pow ((i - 200) / 12.0, 2))
                          + 0.3 * exp (-0.5 * pow ((i - 310) / 20.0, 2)));
        }
      GtkWidget *plot = cw_signal_plot_new ();
      cw_signal_plot_set_axis (CW_SIGNAL_PLOT (plot), x, POINTS, "Wavelength (nm)");
      cw_signal_plot_set_y_label (CW_SIGNAL_PLOT (plot), "Absorbance");
      cw_signal_plot_set_title (CW_SIGNAL_PLOT (plot), "Input · sample 12");
      GdkRGBA accent;
      CwPlotColors colors;
      cw_plot_colors_init (&colors, dark);
      accent = colors.accent;
      cw_signal_plot_add_series (CW_SIGNAL_PLOT (plot), y, POINTS, &accent, 1.5, CW_SERIES_LINE, "sample 12");
      gtk_widget_set_vexpand (plot, TRUE);

      /* A map whose filter 5 peaks exactly at 1300 nm (column 196). */
      g_autofree float *values = g_new0 (float, FILTERS * POSITIONS);
      for (int r = 0; r < FILTERS; r++)
        for (int c = 0; c < POSITIONS; c++)
          values[r * POSITIONS + c]
            = (float) (0.4 * (1 + sin (c * 0.03 + r)) * exp (-0.5 * pow ((c - 190.0 + 8 * r) / 60, 2)));
      values[4 * POSITIONS + 196] = 3;
      GtkWidget *heatmap = cw_heatmap_new ();
      cw_heatmap_set_data (CW_HEATMAP (heatmap), values, FILTERS, POSITIONS, 908, 1692);
      cw_heatmap_set_title (CW_HEATMAP (heatmap), "conv(16,k=9) · 16 × 393");
      cw_heatmap_set_row_name (CW_HEATMAP (heatmap), "filter");

      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      gtk_box_append (GTK_BOX (box), plot);
      gtk_box_append (GTK_BOX (box), heatmap);
      GtkWidget *window = chart_test_show (box, 760, 480);

      /* The stacking view's recipe: the largest natural margins, imposed on both. */
      double left, right, plot_x, plot_y, plot_w, plot_h;
      cw_heatmap_get_natural_margins (CW_HEATMAP (heatmap), &left, &right);
      g_assert_cmpfloat (right, >, 30); /* room for the colour bar */
      cw_signal_plot_get_data_rect (CW_SIGNAL_PLOT (plot), &plot_x, &plot_y, &plot_w, &plot_h);
      left = MAX (left, plot_x);
      right = MAX (right, gtk_widget_get_width (plot) - plot_x - plot_w);
      cw_signal_plot_set_margins (CW_SIGNAL_PLOT (plot), left, right);
      cw_heatmap_set_left_margin (CW_HEATMAP (heatmap), left);
      cw_heatmap_set_right_margin (CW_HEATMAP (heatmap), right);

      for (int zoom = 0; zoom <= 1; zoom++)
        {
          if (zoom)
            {
              cw_signal_plot_set_x_range (CW_SIGNAL_PLOT (plot), 1200, 1400);
              cw_heatmap_set_x_range (CW_HEATMAP (heatmap), 1200, 1400);
            }
          else
            {
              double lo, hi;
              cw_signal_plot_get_x_range (CW_SIGNAL_PLOT (plot), &lo, &hi);
              cw_heatmap_set_x_range (CW_HEATMAP (heatmap), lo, hi);
            }
          cw_signal_plot_get_data_rect (CW_SIGNAL_PLOT (plot), &plot_x, &plot_y, &plot_w, &plot_h);
          CwPlotRect rect = cw_heatmap_get_data_rect (CW_HEATMAP (heatmap));
          g_assert_cmpfloat_with_epsilon (rect.x, plot_x, 0.01);
          g_assert_cmpfloat_with_epsilon (rect.width, plot_w, 0.01);

          /* The hot cell's centre is at the signal plot's pixel for 1300 nm. */
          double lo, hi;
          cw_signal_plot_get_x_range (CW_SIGNAL_PLOT (plot), &lo, &hi);
          double px = plot_x + (1300 - lo) / (hi - lo) * plot_w;
          g_assert_cmpint (cw_heatmap_column_at (CW_HEATMAP (heatmap), px), ==, 196);
          ChartImage image = { 0 };
          chart_test_render (heatmap, &image);
          GdkRGBA hot;
          cw_colormap_viridis (1, &hot);
          double row_y = rect.y + 4.5 * rect.height / FILTERS;
          g_assert_true (chart_image_near (&image, (int) px, (int) row_y, &hot, 6));
          chart_image_clear (&image);
        }

      cw_heatmap_set_selected_row (CW_HEATMAP (heatmap), 4);
      ChartImage image = { 0 };
      chart_test_render (box, &image);
      chart_image_save (&image, dark ? "charts-heatmap-aligned-dark.png"
                                     : "charts-heatmap-aligned-light.png");
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
#define ADD(path, fn) g_test_add ("/heatmap/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("hot-cell", test_hot_cell);
  ADD ("x-range-shifts-cells", test_x_range_shifts_cells);
  ADD ("margins", test_margins);
  ADD ("row-at-and-click", test_row_at_and_click);
  ADD ("describe", test_describe);
  ADD ("diverging-light-and-dark", test_diverging_light_and_dark);
  ADD ("natural-height", test_natural_height);
  ADD ("large-map-draws-fast", test_large_map_draws_fast);
  ADD ("export", test_export);
#undef ADD
  g_test_add_func ("/heatmap/aligned-with-signal-plot", test_aligned_with_signal_plot);
  g_test_add_func ("/heatmap/screenshots", test_screenshots);
  return g_test_run ();
}
