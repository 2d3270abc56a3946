/* app-test-util.h — what the workbench page tests share: bounded main-loop waits, a page in a window of
 * known size, and offscreen rendering of a widget to a texture. Static inline, so a test that uses only
 * some of them builds without warnings. */
#pragma once

#include <gtk/gtk.h>

static inline gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static inline void
spin_ms (int ms)
{
  gboolean done = FALSE;
  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef gboolean (*Condition) (gpointer data);

/* Iterates the main loop until the condition holds or `seconds` pass; returns whether it holds. */
static inline gboolean
wait_for (Condition condition, gpointer data, double seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  while (!condition (data) && g_get_monotonic_time () < deadline)
    spin_ms (10);
  return condition (data);
}

static inline GtkWidget *
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

/* Offscreen rendering to pixels (shared/docs/gui-testing.md: no gtk_widget_snapshot in GTK 4.8). */
static inline GdkTexture *
render (GtkWidget *widget)
{
  /* A widget waiting for its next layout (a new title or colour bar resizes it) draws nothing: let the
   * frame clock run until it draws, under a loaded machine too. */
  GskRenderNode *node = NULL;
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  int width = 0, height = 0;
  while (!node && g_get_monotonic_time () < deadline)
    {
      spin_ms (30);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  g_assert_cmpint (width, >, 0);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  GdkTexture *texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  return texture;
}
