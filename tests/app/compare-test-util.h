/* compare-test-util.h — the Compare page test's helpers on top of app-test-util.h: colour counts, screenshots, the dark style, finding a button by its label. */
#pragma once

#include "app-test-util.h"

#include <gtk/gtk.h>
#include <math.h>
#include <stdlib.h>

/* Pixels close to an RGB colour inside a rectangle of the texture. */
static inline int
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

static inline void
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

static inline void
set_dark (gboolean dark)
{
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
  spin_ms (50);
}

static inline GtkWidget *
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
