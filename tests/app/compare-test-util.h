/* compare-test-util.h — the Compare page test's helpers: bounded main-loop waits, a page in a window of
 * known size, offscreen rendering to pixels (shared/docs/gui-testing.md: no gtk_widget_snapshot in GTK 4.8),
 * colour counts, screenshots, the dark style, finding a button by its label. */
#pragma once

#include <gtk/gtk.h>
#include <math.h>
#include <stdlib.h>

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin_ms (int ms)
{
  gboolean done = FALSE;
  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef gboolean (*Condition) (gpointer data);

/* Iterates the main loop until the condition holds or `seconds` pass; returns whether it holds. */
static gboolean
wait_for (Condition condition, gpointer data, int seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  while (!condition (data) && g_get_monotonic_time () < deadline)
    spin_ms (10);
  return condition (data);
}

static GtkWidget *
show_in_window (GtkWidget *page, int width, int height)
{
  GtkWidget *window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline
         && !(gtk_widget_get_mapped (page) && gtk_widget_get_width (page) == width
              && gtk_widget_get_height (page) == height))
    spin_ms (10);
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_cmpint (gtk_widget_get_width (page), ==, width);
  spin_ms (50);
  return window;
}

static GdkTexture *
render (GtkWidget *widget)
{
  spin_ms (30);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  GskRenderNode *node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  GdkTexture *texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  return texture;
}

/* Pixels close to an RGB colour inside a rectangle of the texture. */
static int
count_colour (GdkTexture *texture, const GdkRGBA *color, int x0, int y0, int x1, int y1)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  int r = (int) lround (color->red * 255), g = (int) lround (color->green * 255), b = (int) lround (color->blue * 255);
  int count = 0;
  for (int y = MAX (y0, 0); y < MIN (y1, height); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, width); x++)
      {
        /* GDK_MEMORY_DEFAULT is B8G8R8A8 premultiplied on little-endian. */
        const guchar *p = pixels + y * stride + x * 4;
        count += abs (p[2] - r) < 40 && abs (p[1] - g) < 40 && abs (p[0] - b) < 40;
      }
  return count;
}

static void
save_screenshot (GtkWidget *widget, const char *name)
{
  const char *dir = g_getenv ("SCREENSHOT_DIR");
  if (!dir || !*dir)
    dir = g_get_tmp_dir ();
  g_mkdir_with_parents (dir, 0755);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GdkTexture) texture = render (widget);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_printerr ("# screenshot %s\n", path);
}

static void
set_dark (gboolean dark)
{
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
  spin_ms (50);
}

static GtkWidget *
find_button (GtkWidget *root, const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found)
        return found;
    }
  return NULL;
}
