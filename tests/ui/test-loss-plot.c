/* test-loss-plot.c — CwLossPlot: linear vs log rows of a known curve, the growing frame, missing
 * validation, a single epoch, the best-epoch mark, the hover read-out, the log-scale property, export. */
#include "cw-drawable.h"
#include "cw-loss-plot.h"
#include "cw-plot-style.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define WIDTH 600
#define HEIGHT 400

typedef struct
{
  cairo_surface_t *surface;
  const guint8 *pixels;
  int stride;
} Image;

/* Draws through CwDrawable into an image surface (what export and the screen both use). */
static Image
draw (CwLossPlot *plot)
{
  Image image = { .surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT) };
  cairo_t *cr = cairo_create (image.surface);
  cw_drawable_draw (CW_DRAWABLE (plot), cr, WIDTH, HEIGHT);
  cairo_destroy (cr);
  cairo_surface_flush (image.surface);
  image.pixels = cairo_image_surface_get_data (image.surface);
  image.stride = cairo_image_surface_get_stride (image.surface);
  return image;
}

static gboolean
is_color (const Image *image, int x, int y, const GdkRGBA *c)
{
  if (x < 0 || y < 0 || x >= WIDTH || y >= HEIGHT)
    return FALSE;
  const guint8 *p = image->pixels + y * image->stride + 4 * x;
  return abs (p[2] - (int) (c->red * 255)) < 20 && abs (p[1] - (int) (c->green * 255)) < 20
         && abs (p[0] - (int) (c->blue * 255)) < 20;
}

static int
count_color (const Image *image, int x0, int x1, int y0, int y1, const GdkRGBA *c)
{
  int n = 0;
  for (int y = MAX (y0, 0); y < MIN (y1, HEIGHT); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, WIDTH); x++)
      n += is_color (image, x, y, c);
  return n;
}

/* Mean row of colour c in column x (the centre of the curve's stroke), or -1 when absent. */
static double
curve_row (const Image *image, int x, const GdkRGBA *c)
{
  double sum = 0;
  int n = 0;
  for (int y = 0; y < HEIGHT; y++)
    for (int dx = -1; dx <= 1; dx++)
      if (is_color (image, x + dx, y, c))
        {
          sum += y;
          n++;
        }
  return n ? sum / n : -1;
}

/* The data rectangle the plot uses at WIDTH x HEIGHT, through the same layout as its drawing. */
static CwPlotRect
frame_of (CwLossPlot *plot, double x1, double y0, double y1, gboolean log_y)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (s);
  CwPlotAxes axes = { .x0 = 1, .x1 = x1, .y0 = y0, .y1 = y1, .x_label = "Epoch", .y_label = "Loss",
                      .log_y = log_y, .x_integer = TRUE };
  CwPlotRect r = cw_plot_layout_frame (cr, WIDTH, HEIGHT, &axes);
  cairo_destroy (cr);
  cairo_surface_destroy (s);
  return r;
}

static CwLossPlot *
new_plot (void)
{
  return CW_LOSS_PLOT (g_object_ref_sink (cw_loss_plot_new ()));
}

static void
test_log_scale_rows (void)
{
  CwLossPlot *plot = new_plot ();
  CwPlotColors colors;
  cw_plot_colors_init (&colors, FALSE);
  /* 31 epochs falling from 1 to 1e-3 geometrically: epoch 16 holds 10^-1.5. */
  double train[31];
  for (int i = 0; i < 31; i++)
    train[i] = pow (10.0, -3.0 * i / 30.0);
  cw_loss_plot_set_data (plot, train, NULL, 31, 0);

  /* Linear: y spans 0 .. 1.05 (clamped at 0), so 0.0316 sits near the bottom. */
  Image image = draw (plot);
  CwPlotRect r = frame_of (plot, 31, 0, 1.0 + 0.05 * (1 - 1e-3), FALSE);
  int col = (int) round (r.x + r.width * 15 / 30.0);
  double row_linear = curve_row (&image, col, &colors.train);
  double want_linear = r.y + r.height * (1 - (pow (10, -1.5) - 0) / (1.0 + 0.05 * (1 - 1e-3)));
  g_assert_cmpfloat (row_linear, >, 0);
  g_assert_cmpfloat (fabs (row_linear - want_linear), <, 3.0);
  cairo_surface_destroy (image.surface);

  /* Log: -3 .. 0 padded by 5% each side; 10^-1.5 is exactly in the middle. */
  cw_loss_plot_set_log_scale (plot, TRUE);
  image = draw (plot);
  r = frame_of (plot, 31, -3.15, 0.15, TRUE);
  col = (int) round (r.x + r.width * 15 / 30.0);
  double row_log = curve_row (&image, col, &colors.train);
  g_assert_cmpfloat (fabs (row_log - (r.y + r.height / 2)), <, 3.0);
  g_assert_cmpfloat (row_linear - row_log, >, r.height / 3);
  cairo_surface_destroy (image.surface);
  g_object_unref (plot);
}

static void
count_notify (GObject *object, GParamSpec *pspec, int *count)
{
  (*count)++;
}

static void
test_property (void)
{
  CwLossPlot *plot = new_plot ();
  int notified = 0;
  g_signal_connect (plot, "notify::log-scale", G_CALLBACK (count_notify), &notified);
  g_assert_false (cw_loss_plot_get_log_scale (plot));
  g_object_set (plot, "log-scale", TRUE, NULL);
  g_assert_true (cw_loss_plot_get_log_scale (plot));
  g_assert_cmpint (notified, ==, 1);
  cw_loss_plot_set_log_scale (plot, TRUE); /* no change, no notification */
  g_assert_cmpint (notified, ==, 1);
  gboolean value = FALSE;
  g_object_get (plot, "log-scale", &value, NULL);
  g_assert_true (value);
  cw_loss_plot_set_log_scale (plot, FALSE);
  g_assert_cmpint (notified, ==, 2);
  g_object_unref (plot);
}

static void
test_growing_frame_and_validation (void)
{
  CwLossPlot *plot = new_plot ();
  CwPlotColors colors;
  cw_plot_colors_init (&colors, FALSE);
  double train[10], val[10], none[10];
  for (int i = 0; i < 10; i++)
    {
      train[i] = 1.0 / (i + 1);
      val[i] = 1.2 / (i + 1) + 0.05;
      none[i] = NAN;
    }
  cw_loss_plot_set_total_epochs (plot, 50);
  cw_loss_plot_set_data (plot, train, none, 10, 0);
  Image image = draw (plot);
  /* The rectangle of a WIDTH x HEIGHT drawing, through the same layout the plot uses. */
  CwPlotRect r = frame_of (plot, 50, 0, 1.0 + 0.05 * 0.9, FALSE);
  int last = (int) round (r.x + r.width * 9 / 49.0);
  /* The curve ends at epoch 10 of 50: nothing of the training colour right of it (legend aside). */
  g_assert_cmpint (count_color (&image, last - 4, last + 1, (int) r.y + 60, (int) (r.y + r.height), &colors.train),
                   >, 0);
  g_assert_cmpint (count_color (&image, last + 6, (int) (r.x + r.width), (int) r.y + 60, (int) (r.y + r.height),
                                &colors.train), ==, 0);
  /* All-NaN validation: no validation colour anywhere, not even in the legend. */
  g_assert_cmpint (count_color (&image, 0, WIDTH, 0, HEIGHT, &colors.validation), ==, 0);
  cairo_surface_destroy (image.surface);

  /* NULL validation draws the same; a real one appears. */
  cw_loss_plot_set_data (plot, train, NULL, 10, 0);
  image = draw (plot);
  g_assert_cmpint (count_color (&image, 0, WIDTH, 0, HEIGHT, &colors.validation), ==, 0);
  cairo_surface_destroy (image.surface);
  cw_loss_plot_set_data (plot, train, val, 10, 0);
  image = draw (plot);
  g_assert_cmpint (count_color (&image, (int) r.x, last + 1, (int) r.y + 60, (int) (r.y + r.height),
                                &colors.validation), >, 50);
  cairo_surface_destroy (image.surface);

  /* More epochs than planned widen the frame to n. */
  double more[80];
  for (int i = 0; i < 80; i++)
    more[i] = 1.0 / (i + 1);
  cw_loss_plot_set_data (plot, more, NULL, 80, 0);
  image = draw (plot);
  r = frame_of (plot, 80, 0, 1.0 + 0.05 * (1 - 1.0 / 80), FALSE);
  int end = (int) round (r.x + r.width);
  g_assert_cmpint (count_color (&image, end - 5, end + 1, (int) (r.y + r.height * 0.8), (int) (r.y + r.height),
                                &colors.train), >, 0);
  cairo_surface_destroy (image.surface);
  g_object_unref (plot);
}

static void
test_single_epoch_and_best (void)
{
  CwLossPlot *plot = new_plot ();
  CwPlotColors colors;
  cw_plot_colors_init (&colors, FALSE);
  double one = 0.5;
  cw_loss_plot_set_data (plot, &one, NULL, 1, 1);
  Image image = draw (plot);
  /* One epoch is a dot at the left edge, vertically centred (the range pads around the value). */
  CwPlotRect r = frame_of (plot, 2, 0.45, 0.55, FALSE);
  int cx = (int) round (r.x), cy = (int) round (r.y + r.height / 2);
  g_assert_cmpint (count_color (&image, cx - 6, cx + 7, cy - 6, cy + 7, &colors.train), >, 10);
  cairo_surface_destroy (image.surface);

  /* Log scale with a single epoch and zero/negative losses does not break either. */
  cw_loss_plot_set_log_scale (plot, TRUE);
  double odd[3] = { 0.0, -1.0, NAN };
  cw_loss_plot_set_data (plot, odd, odd, 3, 2);
  image = draw (plot);
  cairo_surface_destroy (image.surface);
  cw_loss_plot_set_log_scale (plot, FALSE);

  /* The best epoch: a ring in the validation colour on the validation curve at that epoch. */
  double train[20], val[20];
  for (int i = 0; i < 20; i++)
    {
      train[i] = 1.0 / (i + 1);
      val[i] = 0.3 + 0.002 * (i - 11) * (i - 11);
    }
  cw_loss_plot_set_data (plot, train, val, 20, 12);
  image = draw (plot);
  double lo = 1.0 / 20, hi = 1.0, pad = (hi - lo) * 0.05;
  r = frame_of (plot, 20, lo - pad, hi + pad, FALSE);
  int bx = (int) round (r.x + r.width * 11 / 19.0);
  int by = (int) round (r.y + r.height * (1 - (0.3 - (lo - pad)) / (hi + pad - (lo - pad))));
  /* The ring's outline (radius 5) is drawn where the curve is, its centre holds the background. */
  g_assert_cmpint (count_color (&image, bx - 7, bx + 8, by - 7, by + 8, &colors.validation), >, 15);
  g_assert_true (is_color (&image, bx, by, &colors.background));
  cairo_surface_destroy (image.surface);
  g_object_unref (plot);
}

static GtkEventController *
find_motion (GtkWidget *widget)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_EVENT_CONTROLLER_MOTION (c))
        return GTK_EVENT_CONTROLLER (c);
    }
  g_assert_not_reached ();
}

static void
test_hover (void)
{
  GtkWidget *window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  GtkWidget *widget = cw_loss_plot_new ();
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (gtk_widget_get_width (widget) != WIDTH && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (gtk_widget_get_width (widget), ==, WIDTH);

  CwLossPlot *plot = CW_LOSS_PLOT (widget);
  double train[12];
  for (int i = 0; i < 12; i++)
    train[i] = 1.0 / (i + 1);
  cw_loss_plot_set_total_epochs (plot, 30);
  cw_loss_plot_set_data (plot, train, NULL, 12, 0);
  double rx, ry, rw, rh;
  cw_loss_plot_get_data_rect (plot, &rx, &ry, &rw, &rh);
  g_assert_cmpfloat (rw, >, WIDTH / 2);

  GtkEventController *motion = find_motion (widget);
  g_assert_cmpint (cw_loss_plot_get_hover_epoch (plot), ==, 0);
  /* Just right of epoch 7: the nearest epoch is 7. */
  g_signal_emit_by_name (motion, "motion", rx + rw * 6.3 / 29.0, ry + rh / 2);
  g_assert_cmpint (cw_loss_plot_get_hover_epoch (plot), ==, 7);
  /* Past the last epoch there is, the read-out stays on the last one. */
  g_signal_emit_by_name (motion, "motion", rx + rw * 25 / 29.0, ry + rh / 2);
  g_assert_cmpint (cw_loss_plot_get_hover_epoch (plot), ==, 12);
  /* Outside the data area (in the axis labels) and on leave: none. */
  g_signal_emit_by_name (motion, "motion", 2.0, ry + rh / 2);
  g_assert_cmpint (cw_loss_plot_get_hover_epoch (plot), ==, 0);
  g_signal_emit_by_name (motion, "motion", rx + rw * 2 / 29.0, ry + rh / 2);
  g_assert_cmpint (cw_loss_plot_get_hover_epoch (plot), ==, 3);
  g_signal_emit_by_name (motion, "leave");
  g_assert_cmpint (cw_loss_plot_get_hover_epoch (plot), ==, 0);
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
  CwLossPlot *plot = new_plot ();
  double train[5] = { 1, 0.5, 0.3, 0.2, 0.15 }, val[5] = { 1.1, 0.6, 0.45, 0.4, 0.41 };
  cw_loss_plot_set_data (plot, train, val, 5, 4);
  g_autofree char *dir = g_dir_make_tmp ("cw-loss-plot-XXXXXX", NULL);
  const char *names[3] = { "loss.png", "loss.svg", "loss.pdf" };
  const char *magic[3] = { "\x89PNG", "<?xml", "%PDF" };
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr (GError) error = NULL;
      g_assert_true (cw_drawable_export (CW_DRAWABLE (plot), path, 0, 0, &error));
      g_assert_no_error (error);
      assert_magic (path, magic[i], i == 1 ? "<svg" : NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
  g_object_unref (plot);
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
  g_test_add_func ("/loss-plot/log-scale-rows", test_log_scale_rows);
  g_test_add_func ("/loss-plot/property", test_property);
  g_test_add_func ("/loss-plot/growing-frame-validation", test_growing_frame_and_validation);
  g_test_add_func ("/loss-plot/single-epoch-best", test_single_epoch_and_best);
  g_test_add_func ("/loss-plot/hover", test_hover);
  g_test_add_func ("/loss-plot/export", test_export);
  return g_test_run ();
}
