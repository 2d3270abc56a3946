/* charts-test-util.h — shared by the chart widget tests (heatmap, parity plot, confusion view): show a
 * widget in a window of known size, render it offscreen to pixels, look for colours, save screenshots.
 * The recipe is the one in shared/docs/gui-testing.md (no gtk_widget_snapshot in GTK 4.8). */
#pragma once

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  GdkTexture *texture;
  guchar *pixels; /* B G R A, premultiplied (GDK_MEMORY_DEFAULT) */
  gsize stride;
  int width, height;
} ChartImage;

G_GNUC_UNUSED static gboolean
chart_test_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop for about ms milliseconds. */
G_GNUC_UNUSED static void
chart_test_spin (int ms)
{
  gboolean done = FALSE;
  guint id = g_timeout_add (ms, chart_test_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  (void) id;
}

/* Puts widget alone in a window of width x height and waits (bounded) until it is mapped at that size. */
G_GNUC_UNUSED static GtkWidget *
chart_test_show (GtkWidget *widget, int width, int height)
{
  GtkWidget *window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline
         && !(gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) == width
              && gtk_widget_get_height (widget) == height))
    chart_test_spin (10);
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_cmpint (gtk_widget_get_width (widget), ==, width);
  g_assert_cmpint (gtk_widget_get_height (widget), ==, height);
  return window;
}

G_GNUC_UNUSED static void
chart_image_clear (ChartImage *image)
{
  g_clear_object (&image->texture);
  g_clear_pointer (&image->pixels, g_free);
}

/* Renders the widget as it is now (its snapshot, through the window's renderer) into image. */
G_GNUC_UNUSED static void
chart_test_render (GtkWidget *widget, ChartImage *image)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  /* A widget with a resize or restyle pending (new data, a theme switch) gives no node until the frame
   * clock has run its layout: retry for a bounded while. */
  GskRenderNode *node = NULL;
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (node == NULL && g_get_monotonic_time () < deadline)
    {
      chart_test_spin (20);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
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

/* Colour of a pixel, 0..255 per channel (opaque charts, so premultiplication does not matter). */
G_GNUC_UNUSED static void
chart_image_rgb (const ChartImage *image, int x, int y, int *r, int *g, int *b)
{
  g_assert_true (x >= 0 && x < image->width && y >= 0 && y < image->height);
  const guchar *p = image->pixels + (gsize) y * image->stride + (gsize) x * 4;
  *b = p[0];
  *g = p[1];
  *r = p[2];
}

G_GNUC_UNUSED static gboolean
chart_image_near (const ChartImage *image, int x, int y, const GdkRGBA *color, int tolerance)
{
  int r, g, b;
  chart_image_rgb (image, x, y, &r, &g, &b);
  return abs (r - (int) lround (color->red * 255)) <= tolerance
         && abs (g - (int) lround (color->green * 255)) <= tolerance
         && abs (b - (int) lround (color->blue * 255)) <= tolerance;
}

/* Pixels within tolerance of color in the rectangle [x0, x1) x [y0, y1) (clipped to the image). */
G_GNUC_UNUSED static int
chart_image_count (const ChartImage *image, int x0, int y0, int x1, int y1, const GdkRGBA *color,
                   int tolerance)
{
  int n = 0;
  for (int y = MAX (0, y0); y < MIN (image->height, y1); y++)
    for (int x = MAX (0, x0); x < MIN (image->width, x1); x++)
      n += chart_image_near (image, x, y, color, tolerance);
  return n;
}

/* Saves the rendering to $SCREENSHOT_DIR/name when the variable is set (the meson test env sets it). */
G_GNUC_UNUSED static void
chart_image_save (const ChartImage *image, const char *name)
{
  const char *dir = g_getenv ("SCREENSHOT_DIR");
  if (dir == NULL || dir[0] == '\0')
    return;
  g_mkdir_with_parents (dir, 0755);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (image->texture, path));
  g_printerr ("# screenshot: %s\n", path);
}

G_GNUC_UNUSED static void
chart_test_set_dark (gboolean dark)
{
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
  chart_test_spin (50);
}

/* Checks that the file starts with the magic of its format (PNG, SVG, PDF) and is not tiny. */
G_GNUC_UNUSED static void
chart_test_assert_export (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 200);
  if (g_str_has_suffix (path, ".png"))
    {
      g_assert_true (memcmp (contents, "\x89PNG\r\n\x1a\n", 8) == 0);
      /* IHDR: the export renders at twice the size asked for (640 x 400), under the title band. */
      const guchar *ihdr = (const guchar *) contents + 16;
      g_assert_cmpuint ((guint) ihdr[0] << 24 | ihdr[1] << 16 | ihdr[2] << 8 | ihdr[3], ==, 1280);
      g_assert_cmpuint ((guint) ihdr[4] << 24 | ihdr[5] << 16 | ihdr[6] << 8 | ihdr[7], ==,
                        2 * (400 + cw_drawable_title_band_height ()));
    }
  else if (g_str_has_suffix (path, ".pdf"))
    {
      g_assert_true (g_str_has_prefix (contents, "%PDF-"));
      /* A finished PDF ends with its trailer. */
      gsize tail = MIN (length, 32);
      g_assert_nonnull (memmem (contents + length - tail, tail, "%%EOF", 5));
    }
  else if (g_str_has_suffix (path, ".svg"))
    {
      g_assert_true (g_str_has_prefix (contents, "<?xml"));
      g_assert_nonnull (memmem (contents, length, "<svg", 4));
      g_assert_nonnull (memmem (contents, length, "</svg>", 6));
    }
  else
    g_assert_not_reached ();
}

/* Exports the drawable to PNG, SVG and PDF in a temporary directory and checks each file. */
#define CHART_TEST_EXPORT_ALL(drawable, stem)                                                            \
  G_STMT_START                                                                                           \
  {                                                                                                      \
    g_autofree char *dir_ = g_dir_make_tmp ("cw-charts-XXXXXX", NULL);                                   \
    g_assert_nonnull (dir_);                                                                             \
    static const char *const exts_[] = { "png", "svg", "pdf" };                                          \
    for (guint i_ = 0; i_ < G_N_ELEMENTS (exts_); i_++)                                                  \
      {                                                                                                  \
        g_autofree char *name_ = g_strdup_printf ("%s.%s", stem, exts_[i_]);                            \
        g_autofree char *path_ = g_build_filename (dir_, name_, NULL);                                   \
        g_autoptr (GError) error_ = NULL;                                                                \
        g_assert_true (cw_drawable_export (CW_DRAWABLE (drawable), path_, 640, 400, &error_));          \
        g_assert_no_error (error_);                                                                      \
        chart_test_assert_export (path_);                                                                \
        g_unlink (path_);                                                                                \
      }                                                                                                  \
    g_rmdir (dir_);                                                                                      \
  }                                                                                                      \
  G_STMT_END
