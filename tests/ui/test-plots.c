/* test-plots.c — the shared chart style: nice ticks, tick formatting, colour maps and the frame. */
#include "cw-plot-style.h"

#include <math.h>
#include <string.h>

static void
assert_ticks (double lo, double hi, int max_ticks, double want_step, double want_first, int want_n)
{
  double ticks[64], step = 0.0;
  int n = cw_nice_ticks (lo, hi, max_ticks, ticks, &step);
  g_assert_cmpfloat_with_epsilon (step, want_step, want_step * 1e-9);
  g_assert_cmpint (n, ==, want_n);
  g_assert_cmpint (n, <=, max_ticks + 2);
  g_assert_cmpfloat_with_epsilon (ticks[0], want_first, want_step * 1e-9);
  if (lo > hi)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }
  for (int i = 0; i < n; i++)
    {
      g_assert_cmpfloat (ticks[i], >=, lo - step * 1e-9);
      g_assert_cmpfloat (ticks[i], <=, hi + step * 1e-9);
      if (i > 0)
        g_assert_cmpfloat_with_epsilon (ticks[i] - ticks[i - 1], step, step * 1e-6);
    }
}

static void
test_nice_ticks (void)
{
  double ticks[16], step;
  int n = cw_nice_ticks (900, 1700, 8, ticks, &step);
  g_assert_cmpint (n, ==, 9);
  g_assert_cmpfloat (step, ==, 100.0);
  for (int i = 0; i < n; i++)
    g_assert_cmpfloat (ticks[i], ==, 900.0 + 100.0 * i);

  assert_ticks (0, 1, 5, 0.2, 0.0, 6);
  assert_ticks (0, 1, 8, 0.2, 0.0, 6);
  assert_ticks (0, 1, 10, 0.1, 0.0, 11);
  assert_ticks (-3.7, 12.2, 6, 5.0, 0.0, 3);     /* 0, 5, 10 */
  assert_ticks (1e-5, 9e-5, 4, 2e-5, 2e-5, 4);  /* 2e-5 .. 8e-5 */
  assert_ticks (902.3, 907.9, 3, 2.0, 904.0, 2);
  assert_ticks (-1, 1, 4, 0.5, -1.0, 5);
  assert_ticks (1700, 900, 8, 100.0, 900.0, 9); /* reversed range */

  /* 0.6 must be exactly 0.6 (3 x 0.2 in floating point is not). */
  n = cw_nice_ticks (0, 1, 5, ticks, &step);
  g_assert_cmpfloat (ticks[3], ==, 0.6);

  /* A single value gives one tick rather than a division by zero. */
  n = cw_nice_ticks (5, 5, 6, ticks, &step);
  g_assert_cmpint (n, ==, 1);
  g_assert_cmpfloat (ticks[0], ==, 5.0);
}

static void
assert_format (double value, double step, const char *want)
{
  char buf[64];
  cw_format_tick (value, step, buf, sizeof buf);
  if (strcmp (buf, want) != 0)
    g_printerr ("format (%g, %g) = \"%s\", want \"%s\"\n", value, step, buf, want);
  g_assert_cmpstr (buf, ==, want);
}

static void
test_format_tick (void)
{
  assert_format (900, 100, "900");
  assert_format (902.5, 2.5, "902.5");
  assert_format (1.25, 0.25, "1.25");
  assert_format (0.6, 0.2, "0.6");
  assert_format (0.6000000000000001, 0.2, "0.6");
  assert_format (1, 0.2, "1.0");
  assert_format (0, 0.2, "0");
  assert_format (1e-17, 0.2, "0"); /* a rounding residue is zero */
  assert_format (-0.4, 0.2, "\xe2\x88\x92" "0.4");
  assert_format (1e-05, 1e-05, "1e-05");
  assert_format (2e-05, 1e-05, "2e-05");
  assert_format (2.5e-05, 2.5e-06, "2.5e-05");
  assert_format (3000000, 1000000, "3e+06");
  assert_format (1500, 500, "1500");
  assert_format (0.001, 0.001, "0.001");

  /* Formatting ignores the locale's decimal separator. */
  char buf[8];
  cw_format_tick (123456.5, 0.5, buf, sizeof buf); /* truncated, but terminated */
  g_assert_cmpint (strlen (buf), <, sizeof buf);
}

static void
assert_rgb (const GdkRGBA *c, double r, double g, double b)
{
  g_assert_cmpfloat_with_epsilon (c->red, r, 0.004);
  g_assert_cmpfloat_with_epsilon (c->green, g, 0.004);
  g_assert_cmpfloat_with_epsilon (c->blue, b, 0.004);
  g_assert_cmpfloat (c->alpha, ==, 1.0);
}

static void
test_colormaps (void)
{
  GdkRGBA c;
  cw_colormap_viridis (0.0, &c);
  assert_rgb (&c, 0.267004, 0.004874, 0.329415); /* #440154 */
  cw_colormap_viridis (1.0, &c);
  assert_rgb (&c, 0.993248, 0.906157, 0.143936); /* #fde725 */
  cw_colormap_viridis (0.5, &c);
  assert_rgb (&c, 0.128, 0.566, 0.551); /* teal #21918c */
  cw_colormap_viridis (-3.0, &c);
  assert_rgb (&c, 0.267004, 0.004874, 0.329415);
  cw_colormap_viridis (7.0, &c);
  assert_rgb (&c, 0.993248, 0.906157, 0.143936);
  cw_colormap_viridis (NAN, &c);
  assert_rgb (&c, 0.267004, 0.004874, 0.329415);

  /* Viridis gets lighter monotonically. */
  double last = -1;
  for (int i = 0; i <= 100; i++)
    {
      cw_colormap_viridis (i / 100.0, &c);
      double luma = 0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue;
      g_assert_cmpfloat (luma, >, last);
      last = luma;
    }

  /* Diverging: blue at -1, red at +1, neutral in the middle (light grey on light, dark grey on dark). */
  cw_colormap_diverging (-1, FALSE, &c);
  g_assert_cmpfloat (c.blue, >, c.red + 0.3);
  cw_colormap_diverging (1, FALSE, &c);
  g_assert_cmpfloat (c.red, >, c.blue + 0.3);
  cw_colormap_diverging (0, FALSE, &c);
  g_assert_cmpfloat (c.red, >, 0.9);
  g_assert_cmpfloat_with_epsilon (c.red, c.blue, 0.01);
  cw_colormap_diverging (0, TRUE, &c);
  g_assert_cmpfloat (c.red, <, 0.3);
  cw_colormap_diverging (1, TRUE, &c);
  g_assert_cmpfloat (c.red, >, 0.8);

  /* The palette cycles through 10 distinct colours. */
  GdkRGBA a, b;
  cw_palette_color (0, &a);
  cw_palette_color (10, &b);
  g_assert_true (gdk_rgba_equal (&a, &b));
  cw_palette_color (-1, &b);
  cw_palette_color (9, &c);
  g_assert_true (gdk_rgba_equal (&b, &c));
  for (int i = 0; i < 10; i++)
    for (int j = i + 1; j < 10; j++)
      {
        cw_palette_color (i, &a);
        cw_palette_color (j, &b);
        g_assert_false (gdk_rgba_equal (&a, &b));
      }
}

static void
test_colors (void)
{
  CwPlotColors light, dark;
  cw_plot_colors_init (&light, FALSE);
  cw_plot_colors_init (&dark, TRUE);
  g_assert_cmpfloat (light.background.red, >, 0.9);
  g_assert_cmpfloat (light.foreground.red, <, 0.3);
  g_assert_cmpfloat (dark.background.red, <, 0.2);
  g_assert_cmpfloat (dark.foreground.red, >, 0.8);
  g_assert_false (gdk_rgba_equal (&light.train, &light.validation));

  /* A widget in the default (light) theme reads as light; created under the dark preference, as dark
   * (an existing unmapped widget only restyles on its next frame). */
  GtkWidget *window = gtk_window_new ();
  GtkWidget *label = gtk_label_new ("x");
  gtk_window_set_child (GTK_WINDOW (window), label);
  g_assert_false (cw_plot_widget_is_dark (label));
  gtk_window_destroy (GTK_WINDOW (window));

  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", TRUE, NULL);
  window = gtk_window_new ();
  label = gtk_label_new ("x");
  gtk_window_set_child (GTK_WINDOW (window), label);
  g_assert_true (cw_plot_widget_is_dark (label));
  CwPlotColors from_widget;
  cw_plot_colors_for_widget (label, &from_widget);
  g_assert_true (gdk_rgba_equal (&from_widget.background, &dark.background));
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", FALSE, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Counts pixels close to (r, g, b) in a column band [x0, x1) of an image surface. */
static int
count_pixels (cairo_surface_t *surface, int x0, int x1, int y0, int y1, guint8 r, guint8 g, guint8 b)
{
  cairo_surface_flush (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int count = 0;
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 p = *(const guint32 *) (data + y * stride + 4 * x);
        if (abs ((int) ((p >> 16) & 0xff) - r) < 24 && abs ((int) ((p >> 8) & 0xff) - g) < 24
            && abs ((int) (p & 0xff) - b) < 24)
          count++;
      }
  return count;
}

static void
test_frame (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 400);
  cairo_t *cr = cairo_create (surface);
  CwPlotColors colors;
  cw_plot_colors_init (&colors, FALSE);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  CwPlotRect r = cw_plot_draw_frame (cr, 600, 400, &colors, 900, 1700, 0, 1, "Wavelength (nm)",
                                     "Absorbance", FALSE);
  /* Margins leave room for the labels but give most of the area to the data. */
  g_assert_cmpfloat (r.x, >, 30);
  g_assert_cmpfloat (r.x, <, 110);
  g_assert_cmpfloat (r.y, >, 0);
  g_assert_cmpfloat (r.y + r.height, <, 400 - 30);
  g_assert_cmpfloat (r.x + r.width, <=, 600);
  g_assert_cmpfloat (r.width, >, 420);
  g_assert_cmpfloat (r.height, >, 280);

  /* The layout alone gives the same rectangle. */
  CwPlotAxes axes = { .x0 = 900, .x1 = 1700, .y0 = 0, .y1 = 1, .x_label = "Wavelength (nm)",
                      .y_label = "Absorbance" };
  CwPlotRect same = cw_plot_layout_frame (cr, 600, 400, &axes);
  g_assert_cmpfloat (same.x, ==, r.x);
  g_assert_cmpfloat (same.width, ==, r.width);

  /* Text is drawn below the data area (tick labels) and left of it: dark pixels there. */
  int below = count_pixels (surface, (int) r.x, (int) (r.x + r.width), (int) (r.y + r.height) + 6, 400, 0x2b,
                            0x2b, 0x2b);
  int left = count_pixels (surface, 0, (int) r.x - 6, (int) r.y, (int) (r.y + r.height), 0x2b, 0x2b, 0x2b);
  g_assert_cmpint (below, >, 50);
  g_assert_cmpint (left, >, 50);

  /* Fixed margins are honoured (stacked charts line up). */
  axes.left = 123;
  axes.right = 17;
  CwPlotRect fixed = cw_plot_layout_frame (cr, 600, 400, &axes);
  g_assert_cmpfloat (fixed.x, ==, 123);
  g_assert_cmpfloat (fixed.width, ==, 600 - 123 - 17);

  /* Log axis: 1e-4 .. 1 fits in the frame and draws; a narrow frame keeps working. */
  CwPlotRect log_rect = cw_plot_draw_frame (cr, 600, 400, &colors, 1, 50, -4, 0, "Epoch", "Loss", TRUE);
  g_assert_cmpfloat (log_rect.height, >, 200);
  CwPlotRect tiny = cw_plot_draw_frame (cr, 40, 30, &colors, 0, 1, 0, 1, NULL, NULL, FALSE);
  g_assert_cmpfloat (tiny.width, >=, 1);
  g_assert_cmpfloat (tiny.height, >=, 1);

  /* The colour bar: viridis from bottom (dark purple) to top (yellow). */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  double w = cw_plot_colorbar_width (cr, 14, 87, 93, "Octane", 300);
  g_assert_cmpfloat (w, >, 30);
  cw_plot_draw_colorbar (cr, 500, 50, 14, 300, 87, 93, "Octane", FALSE, &colors);
  g_assert_cmpint (count_pixels (surface, 502, 512, 340, 348, 0x44, 0x01, 0x54), >, 20);
  g_assert_cmpint (count_pixels (surface, 502, 512, 52, 60, 0xfd, 0xe7, 0x25), >, 20);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
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
  g_test_add_func ("/plot-style/nice-ticks", test_nice_ticks);
  g_test_add_func ("/plot-style/format-tick", test_format_tick);
  g_test_add_func ("/plot-style/colormaps", test_colormaps);
  g_test_add_func ("/plot-style/colors", test_colors);
  g_test_add_func ("/plot-style/frame", test_frame);
  return g_test_run ();
}
