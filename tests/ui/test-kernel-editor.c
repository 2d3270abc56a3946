/* test-kernel-editor.c — CwKernelEditor: dragging a stem (cw_kernel_editor_drag_to, what the gesture
 * calls) sets its value, clamps it to the drag range, updates the entry and emits "changed"; typing a
 * number does the same, half-typed text does not; set_kernel is silent; a press on a stem's drawn
 * position picks that stem and a press away from the stems picks none; the stems of every row are
 * drawn in their row's colour. */
#include "cw-kernel-editor.h"
#include "cw-plot-style.h"
#include "cw-signal-plot.h"

#include <math.h>
#include <string.h>

#define WIDTH 420
#define HEIGHT 260

/* ---- helpers ---- */

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

static GtkWidget *
show_in_window (GtkWidget *widget)
{
  GtkWidget *window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline
         && !(gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) == WIDTH))
    spin_ms (10);
  g_assert_true (gtk_widget_get_mapped (widget));
  spin_ms (30);
  return window;
}

/* The widget as drawn now; a paintable of a widget whose relayout is pending is empty, so wait for it. */
static GdkTexture *
render (GtkWidget *widget)
{
  spin_ms (30);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  GskRenderNode *node = NULL;
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (!node && g_get_monotonic_time () < deadline)
    {
      g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (!node)
        spin_ms (20);
    }
  g_assert_nonnull (node);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  GdkTexture *texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  return texture;
}

static int
count_color (GdkTexture *texture, const GdkRGBA *color, int tolerance)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  int count = 0;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = pixels + (gsize) y * stride + (gsize) x * 4;
        count += abs (p[2] - (int) lround (color->red * 255)) <= tolerance
                 && abs (p[1] - (int) lround (color->green * 255)) <= tolerance
                 && abs (p[0] - (int) lround (color->blue * 255)) <= tolerance;
      }
  return count;
}

static void
count_changed (CwKernelEditor *editor, int *count)
{
  (*count)++;
}

/* ---- tests ---- */

static void
test_drag_to (void)
{
  CwKernelEditor *editor = CW_KERNEL_EDITOR (cw_kernel_editor_new ());
  g_object_ref_sink (editor);
  int changed = 0;
  g_signal_connect (editor, "changed", G_CALLBACK (count_changed), &changed);

  const float edge[3] = { -1.0f, 2.0f, -1.0f };
  cw_kernel_editor_set_kernel (editor, edge, 1, 3);
  g_assert_cmpint (changed, ==, 0); /* set_kernel is the caller's own change */
  g_assert_cmpint (cw_kernel_editor_get_n_values (editor), ==, 3);

  cw_kernel_editor_drag_to (editor, 1, 0.5);
  g_assert_cmpint (changed, ==, 1);
  g_assert_cmpfloat (cw_kernel_editor_get_value (editor, 1), ==, 0.5f);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cw_kernel_editor_get_entry (editor, 1))), ==, "0.5");
  /* The others did not move. */
  g_assert_cmpfloat (cw_kernel_editor_get_value (editor, 0), ==, -1.0f);
  g_assert_cmpfloat (cw_kernel_editor_get_value (editor, 2), ==, -1.0f);

  /* The same value again is no change. */
  cw_kernel_editor_drag_to (editor, 1, 0.5);
  g_assert_cmpint (changed, ==, 1);

  /* A drag cannot leave the range it started in: the largest weight (2) with headroom. */
  double lo, hi;
  cw_kernel_editor_get_range (editor, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (hi, 2.0 * 1.35, 1e-9);
  g_assert_cmpfloat_with_epsilon (lo, -hi, 1e-9);
  cw_kernel_editor_drag_to (editor, 0, 1000.0);
  g_assert_cmpint (changed, ==, 2);
  g_assert_cmpfloat_with_epsilon (cw_kernel_editor_get_value (editor, 0), hi, 0.01);

  g_object_unref (editor);
}

static void
test_typing (void)
{
  CwKernelEditor *editor = CW_KERNEL_EDITOR (cw_kernel_editor_new ());
  g_object_ref_sink (editor);
  int changed = 0;
  g_signal_connect (editor, "changed", G_CALLBACK (count_changed), &changed);
  const float box[2] = { 0.5f, 0.5f };
  cw_kernel_editor_set_kernel (editor, box, 1, 2);
  GtkEditable *entry = GTK_EDITABLE (cw_kernel_editor_get_entry (editor, 0));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "0.5");

  gtk_editable_set_text (entry, "1.25");
  g_assert_cmpint (changed, ==, 1);
  g_assert_cmpfloat (cw_kernel_editor_get_value (editor, 0), ==, 1.25f);

  /* Half-typed text waits, marked as an error; the value stays. */
  gtk_editable_set_text (entry, "-");
  g_assert_cmpint (changed, ==, 1);
  g_assert_cmpfloat (cw_kernel_editor_get_value (editor, 0), ==, 1.25f);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  gtk_editable_set_text (entry, "−3"); /* a typographic minus */
  g_assert_cmpint (changed, ==, 2);
  g_assert_cmpfloat (cw_kernel_editor_get_value (editor, 0), ==, -3.0f);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));

  /* set_value writes the entry too. */
  cw_kernel_editor_set_value (editor, 1, -0.125);
  g_assert_cmpint (changed, ==, 3);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cw_kernel_editor_get_entry (editor, 1))), ==, "-0.125");
  g_object_unref (editor);
}

static void
test_pick_and_draw (void)
{
  CwKernelEditor *editor = CW_KERNEL_EDITOR (cw_kernel_editor_new ());
  GtkWidget *window = show_in_window (GTK_WIDGET (editor));
  const float kernel[6] = { 1.0f, -1.0f, 0.5f, 0.25f, 0.75f, -0.5f };
  cw_kernel_editor_set_kernel (editor, kernel, 1, 3);
  spin_ms (30);

  /* A press on the tip of stem 2 picks it; its value at the tip's height is its weight. */
  double x, y;
  cw_kernel_editor_stem_position (editor, 2, &x, &y);
  g_assert_true (isfinite (x) && isfinite (y));
  g_assert_cmpint (cw_kernel_editor_pick (editor, x, y), ==, 2);
  g_assert_cmpint (cw_kernel_editor_pick (editor, x + 3, y + 2), ==, 2);
  g_assert_cmpfloat_with_epsilon (cw_kernel_editor_value_at (editor, y), 0.5, 0.02);
  /* Half-way between stems 0 and 1, near the top, nothing is in reach. */
  double x0, y0, x1, y1;
  cw_kernel_editor_stem_position (editor, 0, &x0, &y0);
  cw_kernel_editor_stem_position (editor, 1, &x1, &y1);
  g_assert_cmpfloat (x1 - x0, >, 60);
  g_assert_cmpint (cw_kernel_editor_pick (editor, (x0 + x1) / 2, y0), ==, -1);
  /* Stem 1 points down: its tip is below the zero line, and a press there picks it. */
  g_assert_cmpfloat (y1, >, y0);
  g_assert_cmpint (cw_kernel_editor_pick (editor, x1, y1), ==, 1);

  /* The stems are drawn in the row's colour; a second row adds the second colour. */
  GtkWidget *plot = cw_kernel_editor_get_plot (editor);
  GdkRGBA first, second;
  cw_palette_color (0, &first);
  cw_palette_color (1, &second);
  g_autoptr (GdkTexture) one_row = render (plot);
  g_assert_cmpint (count_color (one_row, &first, 10), >, 40);
  g_assert_cmpint (count_color (one_row, &second, 10), ==, 0);
  const char *names[] = { "channel 1", "channel 2", NULL };
  cw_kernel_editor_set_row_labels (editor, names);
  cw_kernel_editor_set_kernel (editor, kernel, 2, 3);
  g_assert_nonnull (cw_kernel_editor_get_entry (editor, 5));
  g_autoptr (GdkTexture) two_rows = render (plot);
  g_assert_cmpint (count_color (two_rows, &first, 10), >, 40);
  g_assert_cmpint (count_color (two_rows, &second, 10), >, 40);
  /* Row 2's stems stand beside row 1's, so a press picks the right row. */
  cw_kernel_editor_stem_position (editor, 4, &x, &y);
  g_assert_cmpint (cw_kernel_editor_pick (editor, x, y), ==, 4);
  cw_kernel_editor_stem_position (editor, 1, &x, &y);
  g_assert_cmpint (cw_kernel_editor_pick (editor, x, y), ==, 1);

  const char *dir = g_getenv ("SCREENSHOT_DIR");
  if (dir && dir[0])
    {
      g_mkdir_with_parents (dir, 0755);
      g_autoptr (GdkTexture) whole = render (GTK_WIDGET (editor));
      g_autofree char *path = g_build_filename (dir, "kernel-editor.png", NULL);
      g_assert_true (gdk_texture_save_to_png (whole, path));
      g_printerr ("# screenshot: %s\n", path);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernel-editor/drag-to", test_drag_to);
  g_test_add_func ("/kernel-editor/typing", test_typing);
  g_test_add_func ("/kernel-editor/pick-and-draw", test_pick_and_draw);
  return g_test_run ();
}
