/* test-signal-plot.c — CwSignalPlot: series land at the right pixels, the view range and its zoom/pan
 * math, stems, automatic y, decimation of long signals, pointer handlers, export formats. */
#include "cw-drawable.h"
#include "cw-plot-style.h"
#include "cw-signal-plot.h"

#include <cairo-svg.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define WIDTH 640
#define HEIGHT 400
#define N_AXIS 401

static const GdkRGBA red = { 1.0f, 0.0f, 0.0f, 1.0f };

static cairo_status_t
append_svg (void *closure, const unsigned char *data, unsigned int length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* ---- helpers ---- */

typedef struct
{
  guint8 *pixels; /* B, G, R, A per pixel (cairo ARGB32 / GDK B8G8R8A8_PREMULTIPLIED on little endian) */
  int width, height, stride;
} Image;

static void
image_clear (Image *image)
{
  g_clear_pointer (&image->pixels, g_free);
}

static gboolean
is_red (const Image *image, int x, int y)
{
  if (x < 0 || y < 0 || x >= image->width || y >= image->height)
    return FALSE;
  const guint8 *p = image->pixels + y * image->stride + 4 * x;
  return p[2] > 200 && p[1] < 90 && p[0] < 90;
}

static int
count_red (const Image *image, int x0, int x1, int y0, int y1)
{
  int n = 0;
  for (int y = MAX (y0, 0); y < MIN (y1, image->height); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, image->width); x++)
      n += is_red (image, x, y);
  return n;
}

static void
wait_until_allocated (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while ((!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) != WIDTH)
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_cmpint (gtk_widget_get_width (widget), ==, WIDTH);
  g_assert_cmpint (gtk_widget_get_height (widget), ==, HEIGHT);
}

static CwSignalPlot *
new_plot_in_window (GtkWidget **window)
{
  *window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (*window), WIDTH, HEIGHT);
  GtkWidget *plot = cw_signal_plot_new ();
  gtk_window_set_child (GTK_WINDOW (*window), plot);
  gtk_window_present (GTK_WINDOW (*window));
  wait_until_allocated (plot);
  return CW_SIGNAL_PLOT (plot);
}

static void
set_flag (gboolean *flag)
{
  *flag = TRUE;
}

/* The widget paintable shows the widget's last rendered frame: let a new one be painted first. */
static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  gboolean painted = FALSE;
  gulong id = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (set_flag), &painted);
  gtk_widget_queue_draw (widget);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!painted && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_signal_handler_disconnect (clock, id);
  g_assert_true (painted);
}

/* The gui-testing recipe: paintable -> snapshot -> render node -> texture, rendered by the window's own
 * renderer, exactly what would be on screen. Saves a copy in $SCREENSHOT_DIR when set. */
static Image
render_widget (GtkWidget *widget, const char *name)
{
  wait_for_frame (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  GskRenderNode *node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_autoptr (GdkTexture) texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gsk_render_node_unref (node);

  const char *dir = g_getenv ("SCREENSHOT_DIR");
  if (dir && name)
    {
      g_mkdir_with_parents (dir, 0755);
      g_autofree char *path = g_strdup_printf ("%s/signal-plot-%s.png", dir, name);
      gdk_texture_save_to_png (texture, path);
    }
  Image image = { .width = gdk_texture_get_width (texture), .height = gdk_texture_get_height (texture) };
  image.stride = 4 * image.width;
  image.pixels = g_malloc ((gsize) image.stride * image.height);
  gdk_texture_download (texture, image.pixels, image.stride);
  return image;
}

static void
data_rect (CwSignalPlot *plot, double *x, double *y, double *w, double *h)
{
  cw_signal_plot_get_data_rect (plot, x, y, w, h);
  g_assert_cmpfloat (*w, >, WIDTH / 2);
  g_assert_cmpfloat (*h, >, HEIGHT / 2);
}

static void
wavelength_axis (double *axis)
{
  for (int i = 0; i < N_AXIS; i++)
    axis[i] = 900.0 + 2.0 * i;
}

static void
count_signal (gpointer instance, gpointer counter)
{
  (*(int *) counter)++;
}

/* ---- tests ---- */

static void
test_peak_column (void)
{
  GtkWidget *window;
  CwSignalPlot *plot = new_plot_in_window (&window);
  double axis[N_AXIS];
  float y[N_AXIS];
  wavelength_axis (axis);
  for (int i = 0; i < N_AXIS; i++)
    y[i] = (float) exp (-pow ((axis[i] - 1300.0) / 8.0, 2));
  cw_signal_plot_set_axis (plot, axis, N_AXIS, "Wavelength (nm)");
  cw_signal_plot_set_y_label (plot, "Absorbance");
  g_assert_cmpint (cw_signal_plot_add_series (plot, y, N_AXIS, &red, 2.0, CW_SERIES_LINE, "peak"), ==, 0);
  g_assert_cmpint (cw_signal_plot_get_n_series (plot), ==, 1);

  double lo, hi;
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 900.0);
  g_assert_cmpfloat (hi, ==, 1700.0);

  Image image = render_widget (GTK_WIDGET (plot), "peak");
  double rx, ry, rw, rh;
  data_rect (plot, &rx, &ry, &rw, &rh);
  int peak_col = (int) round (rx + (1300.0 - 900.0) / 800.0 * rw);
  /* The top of the peak sits 5% of the height below the top of the data area (the padding). */
  int top_row = (int) round (ry + rh * (0.05 / 1.1));
  g_assert_cmpint (count_red (&image, peak_col - 3, peak_col + 4, top_row - 3, top_row + 4), >, 3);
  /* In the upper half of the data area every red pixel belongs to the peak. */
  int upper_all = count_red (&image, 0, WIDTH, (int) ry, (int) (ry + rh / 2));
  int upper_peak = count_red (&image, peak_col - 8, peak_col + 9, (int) ry, (int) (ry + rh / 2));
  g_assert_cmpint (upper_all, >, 20);
  g_assert_cmpint (upper_peak, ==, upper_all);
  /* The baseline runs along the bottom of the data area (y = 0 at the 5% padding). */
  int base_row = (int) round (ry + rh - rh * (0.05 / 1.1));
  g_assert_cmpint (count_red (&image, (int) rx + 10, (int) (rx + rw) - 10, base_row - 2, base_row + 3), >,
                   (int) rw / 2);
  image_clear (&image);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_x_range_hides_peak (void)
{
  GtkWidget *window;
  CwSignalPlot *plot = new_plot_in_window (&window);
  /* A series of its own x: only the peak region, 1250..1350 nm. */
  double x[51];
  float y[51];
  for (int i = 0; i < 51; i++)
    {
      x[i] = 1250.0 + 2.0 * i;
      y[i] = (float) exp (-pow ((x[i] - 1300.0) / 10.0, 2));
    }
  double axis[N_AXIS];
  wavelength_axis (axis);
  cw_signal_plot_set_axis (plot, axis, N_AXIS, "Wavelength (nm)");
  cw_signal_plot_add_series_xy (plot, x, y, 51, &red, 2.0, CW_SERIES_LINE, NULL);

  int view_changed = 0;
  g_signal_connect (plot, "view-changed", G_CALLBACK (count_signal), &view_changed);

  cw_signal_plot_set_x_range (plot, 900, 1100);
  double lo, hi;
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 900.0);
  g_assert_cmpfloat (hi, ==, 1100.0);
  Image image = render_widget (GTK_WIDGET (plot), "range-empty");
  g_assert_cmpint (count_red (&image, 0, WIDTH, 0, HEIGHT), ==, 0);
  image_clear (&image);

  /* Reversed bounds are sorted; the peak is back, centred. */
  cw_signal_plot_set_x_range (plot, 1400, 1200);
  image = render_widget (GTK_WIDGET (plot), "range-peak");
  double rx, ry, rw, rh;
  data_rect (plot, &rx, &ry, &rw, &rh);
  int centre = (int) round (rx + rw / 2);
  g_assert_cmpint (count_red (&image, centre - 3, centre + 4, (int) ry, (int) (ry + rh / 4)), >, 3);
  g_assert_cmpint (count_red (&image, 0, (int) (rx + rw / 4), 0, HEIGHT), ==, 0); /* nothing before 1250 */
  image_clear (&image);

  /* The data extent is the series' own x. */
  cw_signal_plot_reset_view (plot);
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 1250.0);
  g_assert_cmpfloat (hi, ==, 1350.0);
  g_assert_cmpint (view_changed, ==, 0); /* setters are silent */
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_zoom_math (void)
{
  g_autoptr (GtkWidget) widget = g_object_ref_sink (cw_signal_plot_new ());
  CwSignalPlot *plot = CW_SIGNAL_PLOT (widget);
  double axis[N_AXIS];
  float y[N_AXIS] = { 0 };
  wavelength_axis (axis);
  cw_signal_plot_set_axis (plot, axis, N_AXIS, NULL);
  cw_signal_plot_add_series (plot, y, N_AXIS, NULL, 1.0, CW_SERIES_LINE, NULL);

  double lo, hi;
  cw_signal_plot_zoom (plot, 1300, 0.5);
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, 1100, 1e-9);
  g_assert_cmpfloat_with_epsilon (hi, 1500, 1e-9);

  /* Around a point off-centre, that point stays where it was on screen. */
  cw_signal_plot_zoom (plot, 1200, 0.5);
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, 1150, 1e-9);
  g_assert_cmpfloat_with_epsilon (hi, 1350, 1e-9);
  g_assert_cmpfloat_with_epsilon ((1200 - lo) / (hi - lo), 0.25, 1e-12);

  /* Panning stops at the data. */
  cw_signal_plot_pan (plot, -100);
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, 1050, 1e-9);
  cw_signal_plot_pan (plot, -1000);
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, 900, 1e-9);
  g_assert_cmpfloat_with_epsilon (hi, 1100, 1e-9);
  cw_signal_plot_pan (plot, 5000);
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (hi, 1700, 1e-9);

  /* Zooming out near the edge stays inside the data, and far enough shows it all. */
  cw_signal_plot_zoom (plot, 1690, 2.0);
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (hi - lo, 400, 1e-9);
  g_assert_cmpfloat (hi, <=, 1700);
  cw_signal_plot_zoom (plot, 1300, 10.0);
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 900);
  g_assert_cmpfloat (hi, ==, 1700);

  /* Deep zoom bottoms out instead of collapsing. */
  for (int i = 0; i < 200; i++)
    cw_signal_plot_zoom (plot, 1234.5, 0.5);
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat (hi - lo, >, 0);
  g_assert_cmpfloat_with_epsilon (hi - lo, 800 * 1e-6, 1e-9);
  g_assert_cmpfloat (lo, <=, 1234.5);
  g_assert_cmpfloat (hi, >=, 1234.5);

  cw_signal_plot_reset_view (plot);
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 900);
  g_assert_cmpfloat (hi, ==, 1700);
  /* Nothing to pan when everything is shown. */
  cw_signal_plot_pan (plot, 100);
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 900);
}

static void
test_y_range (void)
{
  g_autoptr (GtkWidget) widget = g_object_ref_sink (cw_signal_plot_new ());
  CwSignalPlot *plot = CW_SIGNAL_PLOT (widget);
  float a[5] = { -1, 0, 3, 1, 2 };
  cw_signal_plot_add_series (plot, a, 5, NULL, 1.0, CW_SERIES_LINE, NULL);
  double lo, hi;
  cw_signal_plot_get_y_range (plot, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, -1.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (hi, 3.2, 1e-9);

  /* Only the visible x counts: indices 3..4 hold 1 and 2. */
  cw_signal_plot_set_x_range (plot, 3, 4);
  cw_signal_plot_get_y_range (plot, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, 0.95, 1e-9);
  g_assert_cmpfloat_with_epsilon (hi, 2.05, 1e-9);

  /* Stems include zero. */
  cw_signal_plot_clear (plot);
  cw_signal_plot_reset_view (plot);
  float b[3] = { 2, 4, 3 };
  cw_signal_plot_add_series (plot, b, 3, NULL, 1.0, CW_SERIES_STEMS, NULL);
  cw_signal_plot_get_y_range (plot, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, -0.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (hi, 4.2, 1e-9);

  /* A fixed range wins until it is cleared; NaN values are ignored. */
  cw_signal_plot_set_y_range (plot, -5, 5);
  cw_signal_plot_get_y_range (plot, &lo, &hi);
  g_assert_cmpfloat (lo, ==, -5);
  g_assert_cmpfloat (hi, ==, 5);
  cw_signal_plot_set_y_range (plot, 1, 0);
  cw_signal_plot_clear (plot);
  float c[4] = { NAN, 1, NAN, 1 };
  cw_signal_plot_add_series (plot, c, 4, NULL, 1.0, CW_SERIES_LINE, NULL);
  cw_signal_plot_get_y_range (plot, &lo, &hi);
  g_assert_true (isfinite (lo) && isfinite (hi));
  g_assert_cmpfloat (lo, <, 1);
  g_assert_cmpfloat (hi, >, 1);
}

static void
test_stems (void)
{
  GtkWidget *window;
  CwSignalPlot *plot = new_plot_in_window (&window);
  float w[9] = { 0, 0, 0, 0, 1, 0, 0, -0.5f, 0 };
  cw_signal_plot_set_axis (plot, NULL, 9, "Kernel tap");
  cw_signal_plot_add_series (plot, w, 9, &red, 2.0, CW_SERIES_STEMS, "w");
  Image image = render_widget (GTK_WIDGET (plot), "stems");
  double rx, ry, rw, rh;
  data_rect (plot, &rx, &ry, &rw, &rh);
  double lo, hi;
  cw_signal_plot_get_y_range (plot, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, -0.575, 1e-9);
  g_assert_cmpfloat_with_epsilon (hi, 1.075, 1e-9);
  int zero_row = (int) round (ry + rh * (hi - 0) / (hi - lo));
  int one_row = (int) round (ry + rh * (hi - 1) / (hi - lo));
  int neg_row = (int) round (ry + rh * (hi + 0.5) / (hi - lo));
  /* Half a tap of room on each side keeps the end stems whole. */
  double x0, x1;
  cw_signal_plot_get_x_range (plot, &x0, &x1);
  g_assert_cmpfloat_with_epsilon (x0, -0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (x1, 8.5, 1e-9);
#define TAP_COLUMN(t) ((int) round (rx + rw * ((t) + 0.5) / 9.0))
  int col4 = TAP_COLUMN (4), col7 = TAP_COLUMN (7);

  /* Tap 4 rises from 0 to 1: a red run along its column and nowhere else above the zero line. */
  g_assert_cmpint (count_red (&image, col4 - 2, col4 + 3, one_row + 5, zero_row - 5), >=, zero_row - one_row - 10);
  g_assert_cmpint (count_red (&image, 0, WIDTH, (int) ry, zero_row - 6),
                   ==, count_red (&image, col4 - 6, col4 + 7, (int) ry, zero_row - 6));
  /* Tap 7 goes down to -0.5. */
  g_assert_cmpint (count_red (&image, col7 - 2, col7 + 3, zero_row + 5, neg_row - 5), >=, neg_row - zero_row - 10);
  /* Zero-valued taps show their dot on the zero line. */
  int col1 = TAP_COLUMN (1);
#undef TAP_COLUMN
  g_assert_cmpint (count_red (&image, col1 - 3, col1 + 4, zero_row - 3, zero_row + 4), >, 5);
  image_clear (&image);
  gtk_window_destroy (GTK_WINDOW (window));
}

static double draw_to_surface (CwSignalPlot *plot, cairo_surface_t *surface);

static void
test_points (void)
{
  GtkWidget *window;
  CwSignalPlot *plot = new_plot_in_window (&window);
  float v[5] = { 0, 1, 0, 1, 0 };
  cw_signal_plot_add_series (plot, v, 5, &red, 2.0, CW_SERIES_POINTS, NULL);
  Image image = render_widget (GTK_WIDGET (plot), "points");
  double rx, ry, rw, rh, x0, x1, y0, y1;
  data_rect (plot, &rx, &ry, &rw, &rh);
  cw_signal_plot_get_x_range (plot, &x0, &x1);
  cw_signal_plot_get_y_range (plot, &y0, &y1);
  g_assert_cmpfloat_with_epsilon (x0, -0.5, 1e-9); /* discrete marks get half a step of room */
  for (int i = 0; i < 5; i++)
    {
      int px = (int) round (rx + (i - x0) / (x1 - x0) * rw);
      int py = (int) round (ry + (y1 - v[i]) / (y1 - y0) * rh);
      g_assert_cmpint (count_red (&image, px - 4, px + 5, py - 4, py + 5), >, 8);
    }
  /* Points are not joined: nothing red half way between two of them. */
  int mid_x = (int) round (rx + (0.5 - x0) / (x1 - x0) * rw);
  g_assert_cmpint (count_red (&image, mid_x - 3, mid_x + 4, (int) ry, (int) (ry + rh)), ==, 0);
  image_clear (&image);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Draws the plot into an image surface through the CwDrawable interface, returning the milliseconds. */
static double
draw_to_surface (CwSignalPlot *plot, cairo_surface_t *surface)
{
  cairo_t *cr = cairo_create (surface);
  gint64 start = g_get_monotonic_time ();
  cw_drawable_draw (CW_DRAWABLE (plot), cr, cairo_image_surface_get_width (surface),
                    cairo_image_surface_get_height (surface));
  double ms = (g_get_monotonic_time () - start) / 1000.0;
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return ms;
}

/* Points (move-to and line-to) in the path of the red series as the plot draws it: the drawing is
 * recorded, replayed into an SVG (where each stroked path is one <path> with its colour and d="…"), and
 * the red path's commands counted. */
static int
count_series_path_points (CwSignalPlot *plot, int width, int height)
{
  cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (recording);
  cw_drawable_draw (CW_DRAWABLE (plot), cr, width, height);
  cairo_destroy (cr);
  GString *svg = g_string_new (NULL);
  cairo_surface_t *target = cairo_svg_surface_create_for_stream (append_svg, svg, width, height);
  cairo_t *replay = cairo_create (target);
  cairo_set_source_surface (replay, recording, 0, 0);
  cairo_paint (replay);
  cairo_destroy (replay);
  cairo_surface_finish (target);
  cairo_surface_destroy (target);
  cairo_surface_destroy (recording);

  int points = -1;
  for (const char *p = strstr (svg->str, "<path"); p; p = strstr (p + 5, "<path"))
    {
      const char *end = strchr (p, '>');
      g_autofree char *element = g_strndup (p, end - p);
      if (!strstr (element, "rgb(100%, 0%, 0%)") && !strstr (element, "rgb(100%,0%,0%)"))
        continue;
      const char *d = strstr (element, " d=\"");
      g_assert_nonnull (d);
      int n = 0;
      for (const char *c = d + 4; *c && *c != '"'; c++)
        n += *c == 'M' || *c == 'L';
      points = MAX (points, n);
    }
  g_string_free (svg, TRUE);
  return points;
}

static void
test_decimation (void)
{
  g_autoptr (GtkWidget) widget = g_object_ref_sink (cw_signal_plot_new ());
  CwSignalPlot *plot = CW_SIGNAL_PLOT (widget);
  const int n = 100000;
  float *y = g_new0 (float, n);
  GRand *rand = g_rand_new_with_seed (7);
  for (int i = 0; i < n; i++)
    y[i] = (float) (0.1 * sin (i * 0.01) + 0.01 * g_rand_double (rand));
  y[50001] = 1.0f; /* a single-sample spike must survive decimation */
  g_rand_free (rand);
  cw_signal_plot_add_series (plot, y, n, &red, 1.0, CW_SERIES_LINE, NULL);

  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  draw_to_surface (plot, surface);
  /* The curve's path holds at most four points per pixel column (first, lowest, highest, last), however
   * many samples: that, not a stopwatch, is what keeps drawing 100k points cheap. */
  int points = count_series_path_points (plot, WIDTH, HEIGHT);
  g_printerr ("# 100k points drawn as %d path points\n", points);
  g_assert_cmpint (points, >, WIDTH / 2);
  g_assert_cmpint (points, <=, 4 * WIDTH);

  Image image = { cairo_image_surface_get_data (surface), WIDTH, HEIGHT, cairo_image_surface_get_stride (surface) };
  /* The spike reaches the top padding line in the middle column, nothing else gets near it. */
  g_assert_cmpint (count_red (&image, WIDTH / 2 - 40, WIDTH / 2 + 40, 0, HEIGHT / 4), >, 5);
  g_assert_cmpint (count_red (&image, 0, WIDTH / 2 - 40, 0, HEIGHT / 4), ==, 0);
  g_assert_cmpint (count_red (&image, WIDTH / 2 + 40, WIDTH, 0, HEIGHT / 4), ==, 0);

  /* 60 spectra x 401 points, the gasoline case. */
  cw_signal_plot_clear (plot);
  double axis[N_AXIS];
  wavelength_axis (axis);
  cw_signal_plot_set_axis (plot, axis, N_AXIS, "Wavelength (nm)");
  for (int s = 0; s < 60; s++)
    {
      for (int i = 0; i < N_AXIS; i++)
        y[i] = (float) (sin (i * 0.03 + s * 0.01) + s * 0.01);
      GdkRGBA c = red;
      if (s > 0)
        cw_palette_color (s, &c);
      cw_signal_plot_add_series (plot, y, N_AXIS, &c, 1.0, CW_SERIES_LINE, NULL);
    }
  /* Fewer samples than pixel columns: the red curve keeps (nearly) every point, never more. */
  points = count_series_path_points (plot, WIDTH, HEIGHT);
  g_assert_cmpint (points, >, N_AXIS * 9 / 10);
  g_assert_cmpint (points, <=, N_AXIS);
  g_free (y);
  cairo_surface_destroy (surface);
}

/* 500 spectra of 4096 points (what the Data page draws of a large file): all line series together stay
 * within the plot's vertex budget of 200,000 (each a 500th of it), and a one-sample spike still reaches its
 * height. Before the budget each series kept four points per pixel column: 1.5 M vertices, seconds a frame. */
static void
test_decimation_many_series (void)
{
  g_autoptr (GtkWidget) widget = g_object_ref_sink (cw_signal_plot_new ());
  CwSignalPlot *plot = CW_SIGNAL_PLOT (widget);
  enum { N = 4096, SERIES = 500 };
  float *y = g_new0 (float, N);
  for (int s = 0; s < SERIES; s++)
    {
      for (int i = 0; i < N; i++)
        y[i] = (float) (0.1 * sin (i * 0.01 + s * 0.001));
      if (s == 0)
        y[2049] = 1.0f;
      GdkRGBA c = red;
      if (s > 0)
        cw_palette_color (s, &c);
      cw_signal_plot_add_series (plot, y, N, &c, 1.0, CW_SERIES_LINE, NULL);
    }
  int points = count_series_path_points (plot, WIDTH, HEIGHT);
  g_printerr ("# one of 500 series of 4096 points drawn as %d path points\n", points);
  g_assert_cmpint (points, >=, 40);
  g_assert_cmpint (points, <=, 200000 / SERIES + 8);

  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  draw_to_surface (plot, surface);
  Image image = { cairo_image_surface_get_data (surface), WIDTH, HEIGHT, cairo_image_surface_get_stride (surface) };
  g_assert_cmpint (count_red (&image, WIDTH / 2 - 40, WIDTH / 2 + 40, 0, HEIGHT / 4), >, 5);
  g_free (y);
  cairo_surface_destroy (surface);
}

static GtkEventController *
find_controller (GtkWidget *widget, GType type)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);
      /* The context menu's secondary click is not the plot's own (primary) one. */
      gboolean secondary = GTK_IS_GESTURE_SINGLE (c)
                           && gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (c)) == GDK_BUTTON_SECONDARY;
      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type) && !secondary)
        return GTK_EVENT_CONTROLLER (c); /* the widget keeps it alive */
    }
  g_assert_not_reached ();
}

typedef struct
{
  double x, y;
  int calls;
} Hover;

static void
on_hover (CwSignalPlot *plot, double x, double y, Hover *hover)
{
  hover->x = x;
  hover->y = y;
  hover->calls++;
}

static void
test_pointer (void)
{
  GtkWidget *window;
  CwSignalPlot *plot = new_plot_in_window (&window);
  double axis[N_AXIS];
  float y[N_AXIS];
  wavelength_axis (axis);
  for (int i = 0; i < N_AXIS; i++)
    y[i] = (float) (i % 2); /* y range -0.05 .. 1.05 */
  cw_signal_plot_set_axis (plot, axis, N_AXIS, "Wavelength (nm)");
  cw_signal_plot_add_series (plot, y, N_AXIS, &red, 1.0, CW_SERIES_LINE, NULL);
  Image image = render_widget (GTK_WIDGET (plot), NULL);
  image_clear (&image);
  double rx, ry, rw, rh;
  data_rect (plot, &rx, &ry, &rw, &rh);

  Hover hover = { 0 };
  int view_changed = 0;
  g_signal_connect (plot, "hover", G_CALLBACK (on_hover), &hover);
  g_signal_connect (plot, "view-changed", G_CALLBACK (count_signal), &view_changed);

  /* The pointer a quarter into the data area, half way up: x = 1100 nm, y = 0.5. */
  GtkEventController *motion = find_controller (GTK_WIDGET (plot), GTK_TYPE_EVENT_CONTROLLER_MOTION);
  g_signal_emit_by_name (motion, "motion", rx + rw / 4, ry + rh / 2);
  g_assert_cmpint (hover.calls, ==, 1);
  g_assert_cmpfloat_with_epsilon (hover.x, 1100.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (hover.y, 0.5, 1e-6);

  /* One wheel notch towards the user zooms in by 1.2 around the pointer. */
  GtkEventController *scroll = find_controller (GTK_WIDGET (plot), GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  gboolean handled = FALSE;
  g_signal_emit_by_name (scroll, "scroll", 0.0, -1.0, &handled);
  g_assert_true (handled);
  g_assert_cmpint (view_changed, ==, 1);
  double lo, hi;
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (hi - lo, 800 / 1.2, 1e-6);
  g_assert_cmpfloat_with_epsilon ((1100 - lo) / (hi - lo), 0.25, 1e-9);

  /* Leaving reports NaN. */
  g_signal_emit_by_name (motion, "leave");
  g_assert_cmpint (hover.calls, ==, 2);
  g_assert_true (isnan (hover.x) && isnan (hover.y));

  /* Dragging right by a quarter of the data area moves the view left by a quarter of its span. */
  GtkEventController *drag = find_controller (GTK_WIDGET (plot), GTK_TYPE_GESTURE_DRAG);
  double span = hi - lo, before = lo;
  g_signal_emit_by_name (drag, "drag-begin", rx + rw / 2, ry + rh / 2);
  g_signal_emit_by_name (drag, "drag-update", rw / 4, 0.0);
  g_signal_emit_by_name (drag, "drag-end", rw / 4, 0.0);
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, MAX (900.0, before - span / 4), 1e-6);
  g_assert_cmpint (view_changed, ==, 2);

  /* A double click resets (a single one does nothing). */
  GtkEventController *click = find_controller (GTK_WIDGET (plot), GTK_TYPE_GESTURE_CLICK);
  g_signal_emit_by_name (click, "pressed", 1, rx + 10, ry + 10);
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat (hi - lo, <, 800);
  g_signal_emit_by_name (click, "pressed", 2, rx + 10, ry + 10);
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 900);
  g_assert_cmpfloat (hi, ==, 1700);
  g_assert_cmpint (view_changed, ==, 3);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_overlays (void)
{
  GtkWidget *window;
  CwSignalPlot *plot = new_plot_in_window (&window);
  double axis[N_AXIS];
  wavelength_axis (axis);
  cw_signal_plot_set_axis (plot, axis, N_AXIS, "Wavelength (nm)");
  float y[N_AXIS], lo[N_AXIS], hi[N_AXIS];
  for (int i = 0; i < N_AXIS; i++)
    {
      y[i] = (float) sin (i * 0.02);
      lo[i] = y[i] - 0.2f;
      hi[i] = y[i] + 0.2f;
    }
  GdkRGBA blue = { 0, 0, 1, 1 };
  cw_signal_plot_add_band (plot, lo, hi, N_AXIS, &blue);
  cw_signal_plot_add_series (plot, y, N_AXIS, &red, 1.5, CW_SERIES_LINE, "mean");
  cw_signal_plot_set_colorbar (plot, 83.4, 89.6, "Octane");
  cw_signal_plot_set_show_legend (plot, TRUE);
  cw_signal_plot_set_highlight (plot, 1000, 1040);
  cw_signal_plot_set_title (plot, "Overlays");
  Image image = render_widget (GTK_WIDGET (plot), "overlays");
  double rx, ry, rw, rh;
  data_rect (plot, &rx, &ry, &rw, &rh);
  /* The colour bar takes the right margin: viridis yellow at its top right of the data area. */
  g_assert_cmpfloat (rx + rw, <, WIDTH - 50);
  int yellow = 0;
  for (int yy = (int) ry; yy < ry + 20; yy++)
    for (int xx = (int) (rx + rw); xx < WIDTH; xx++)
      {
        const guint8 *p = image.pixels + yy * image.stride + 4 * xx;
        yellow += p[2] > 220 && p[1] > 200 && p[0] < 80;
      }
  g_assert_cmpint (yellow, >, 30);
  /* The band is a light wash of blue around the line. */
  int wash = 0;
  for (int yy = (int) ry; yy < ry + rh; yy++)
    for (int xx = (int) rx; xx < rx + rw; xx++)
      {
        const guint8 *p = image.pixels + yy * image.stride + 4 * xx;
        wash += p[0] > 230 && p[2] > 150 && p[2] < 225 && p[1] > 150 && p[1] < 225;
      }
  g_assert_cmpint (wash, >, 1000);
  image_clear (&image);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Pixels in columns x0..x1 of the data area that pass `test`. */
typedef gboolean (*PixelTest) (const guint8 *bgra);

static int
count_in_columns (const Image *image, double ry, double rh, int x0, int x1, PixelTest test)
{
  int count = 0;
  for (int yy = (int) ry + 2; yy < ry + rh - 2; yy++)
    for (int xx = x0; xx <= x1; xx++)
      count += test (image->pixels + yy * image->stride + 4 * xx);
  return count;
}

static gboolean
is_green_wash (const guint8 *p)
{
  return p[1] > 240 && p[0] < 240 && p[2] < 240 && abs ((int) p[0] - (int) p[2]) < 12;
}

static gboolean
is_mark_red (const guint8 *p)
{
  return p[2] > 180 && p[1] < 120 && p[0] < 120;
}

static void
test_spans_and_marks (void)
{
  GtkWidget *window;
  CwSignalPlot *plot = new_plot_in_window (&window);
  double axis[N_AXIS];
  wavelength_axis (axis);
  cw_signal_plot_set_axis (plot, axis, N_AXIS, "Time (s)");
  float y[N_AXIS];
  for (int i = 0; i < N_AXIS; i++)
    y[i] = (float) (i % 2);
  GdkRGBA grey = { 0.5, 0.5, 0.5, 1 }, green = { 0, 1, 0, 1 };
  cw_signal_plot_add_series (plot, y, N_AXIS, &grey, 0.5, CW_SERIES_POINTS, NULL);
  double x0[] = { 1000, 1300 }, x1[] = { 1100, 1350 }, marks[] = { 1500, 1600 };
  cw_signal_plot_set_spans (plot, x0, x1, 2, &green);
  cw_signal_plot_set_marks (plot, marks, 2, &red);
  Image image = render_widget (GTK_WIDGET (plot), "spans");
  double rx, ry, rw, rh;
  data_rect (plot, &rx, &ry, &rw, &rh);
#define COLUMN(v) ((int) round (rx + rw * ((v) - 900) / 800))
  /* Inside each window a wash of green over the whole height; the second lighter; none between them. */
  int first = count_in_columns (&image, ry, rh, COLUMN (1020), COLUMN (1080), is_green_wash);
  int second = count_in_columns (&image, ry, rh, COLUMN (1310), COLUMN (1340), is_green_wash);
  int between = count_in_columns (&image, ry, rh, COLUMN (1150), COLUMN (1250), is_green_wash);
  int columns_first = COLUMN (1080) - COLUMN (1020) + 1;
  g_assert_cmpint (first, >, columns_first * (int) (rh - 4) * 8 / 10);
  g_assert_cmpint (second, >, 0);
  g_assert_cmpint (between, ==, 0);
  const guint8 *strong = image.pixels + (int) (ry + rh / 2 + 3) * image.stride + 4 * COLUMN (1050);
  const guint8 *light = image.pixels + (int) (ry + rh / 2 + 3) * image.stride + 4 * COLUMN (1325);
  g_assert_cmpint (strong[0], <, light[0]);
  /* Each mark a red line over most of the height, nothing red elsewhere. */
  int mark = count_in_columns (&image, ry, rh, COLUMN (1500) - 1, COLUMN (1500) + 1, is_mark_red);
  g_assert_cmpint (mark, >, (int) (rh - 4) * 8 / 10);
  g_assert_cmpint (count_in_columns (&image, ry, rh, COLUMN (1550) - 5, COLUMN (1550) + 5, is_mark_red), ==, 0);
  image_clear (&image);

  /* Cleared: no wash, no mark. */
  cw_signal_plot_set_spans (plot, NULL, NULL, 0, NULL);
  cw_signal_plot_set_marks (plot, NULL, 0, NULL);
  image = render_widget (GTK_WIDGET (plot), NULL);
  g_assert_cmpint (count_in_columns (&image, ry, rh, COLUMN (1020), COLUMN (1080), is_green_wash), ==, 0);
  g_assert_cmpint (count_in_columns (&image, ry, rh, COLUMN (1500) - 1, COLUMN (1500) + 1, is_mark_red), ==, 0);
#undef COLUMN
  image_clear (&image);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
assert_magic (const char *path, const char *magic, const char *alt)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 200);
  g_assert_true (memcmp (contents, magic, strlen (magic)) == 0
                 || (alt && memcmp (contents, alt, strlen (alt)) == 0));
}

static void
test_export (void)
{
  g_autoptr (GtkWidget) widget = g_object_ref_sink (cw_signal_plot_new ());
  CwSignalPlot *plot = CW_SIGNAL_PLOT (widget);
  float y[64];
  for (int i = 0; i < 64; i++)
    y[i] = (float) cos (i * 0.2);
  cw_signal_plot_add_series (plot, y, 64, &red, 1.5, CW_SERIES_LINE, "cos");
  g_autofree char *dir = g_dir_make_tmp ("cw-signal-plot-XXXXXX", NULL);
  g_assert_nonnull (dir);
  const char *names[3] = { "plot.png", "plot.svg", "plot.pdf" };
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr (GError) error = NULL;
      g_assert_true (cw_drawable_export (CW_DRAWABLE (plot), path, 600, 400, &error));
      g_assert_no_error (error);
      if (i == 0)
        assert_magic (path, "\x89PNG", NULL);
      else if (i == 1)
        assert_magic (path, "<?xml", "<svg");
      else
        assert_magic (path, "%PDF", NULL);
      g_unlink (path);
    }
  g_autoptr (GError) error = NULL;
  g_autofree char *bad = g_build_filename (dir, "plot.bmp", NULL);
  g_assert_false (cw_drawable_export (CW_DRAWABLE (plot), bad, 600, 400, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_rmdir (dir);
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
  g_test_add_func ("/signal-plot/peak-column", test_peak_column);
  g_test_add_func ("/signal-plot/x-range", test_x_range_hides_peak);
  g_test_add_func ("/signal-plot/zoom-math", test_zoom_math);
  g_test_add_func ("/signal-plot/y-range", test_y_range);
  g_test_add_func ("/signal-plot/stems", test_stems);
  g_test_add_func ("/signal-plot/points", test_points);
  g_test_add_func ("/signal-plot/decimation", test_decimation);
  g_test_add_func ("/signal-plot/decimation-many-series", test_decimation_many_series);
  g_test_add_func ("/signal-plot/pointer", test_pointer);
  g_test_add_func ("/signal-plot/overlays", test_overlays);
  g_test_add_func ("/signal-plot/spans-and-marks", test_spans_and_marks);
  g_test_add_func ("/signal-plot/export", test_export);
  return g_test_run ();
}
