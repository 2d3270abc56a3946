/* test-plot-menu.c — what every chart offers through CwDrawable and its context menu: a title (the
 * type's default, the page's fallback, the chart's own), its plotted values as CSV with the right header
 * and numbers, Reset Zoom only while zoomed, the menu's items and actions, copying to the clipboard, the
 * popover opening on a right click, and the title in exported files. */
#include "cw-confusion-view.h"
#include "cw-drawable-menu.h"
#include "cw-drawable.h"
#include "cw-heatmap.h"
#include "cw-loss-plot.h"
#include "cw-parity-plot.h"
#include "cw-scatter-plot.h"
#include "cw-signal-plot.h"

#include "charts-test-util.h"

static const GdkRGBA red = { 1.0f, 0.0f, 0.0f, 1.0f };

static GtkWidget *
sink (GtkWidget *widget)
{
  return g_object_ref_sink (widget);
}

/* The CSV split into lines (the last, empty one after the final "\n" dropped) and cells. */
static GStrv
csv_lines (CwDrawable *drawable)
{
  g_autofree char *csv = cw_drawable_dup_csv (drawable);
  g_assert_nonnull (csv);
  g_assert_true (g_str_has_suffix (csv, "\n"));
  csv[strlen (csv) - 1] = '\0';
  return g_strsplit (csv, "\n", -1);
}

static double
cell_number (const char *line, int column)
{
  g_auto (GStrv) cells = g_strsplit (line, ",", -1);
  g_assert_cmpint ((int) g_strv_length (cells), >, column);
  char *end = NULL;
  double v = g_ascii_strtod (cells[column], &end);
  g_assert_true (end != cells[column] && *end == '\0');
  return v;
}

static void
assert_titles (CwDrawable *drawable, const char *default_title)
{
  g_assert_cmpstr (cw_drawable_get_title (drawable), ==, default_title);
  cw_drawable_set_fallback_title (drawable, "Named by the page");
  g_assert_cmpstr (cw_drawable_get_title (drawable), ==, "Named by the page");
  cw_drawable_set_fallback_title (drawable, NULL);
  g_assert_cmpstr (cw_drawable_get_title (drawable), ==, default_title);
}

/* ---- per chart ---- */

static void
test_signal_plot (void)
{
  g_autoptr (GtkWidget) widget = sink (cw_signal_plot_new ());
  CwSignalPlot *plot = CW_SIGNAL_PLOT (widget);
  CwDrawable *drawable = CW_DRAWABLE (widget);
  assert_titles (drawable, "Signal plot");
  /* A title the chart draws itself wins over the page's fallback: it says more. */
  cw_drawable_set_fallback_title (drawable, "Signals");
  cw_signal_plot_set_title (plot, "Sample 7");
  g_assert_cmpstr (cw_drawable_get_title (drawable), ==, "Sample 7");
  cw_signal_plot_set_title (plot, NULL);
  g_assert_cmpstr (cw_drawable_get_title (drawable), ==, "Signals");

  double axis[4] = { 900, 902, 904, 906 };
  float a[4] = { 0.5f, 0.25f, -1.0f, 0.1f };
  float b[4] = { 1, 2, 3, 4 };
  cw_signal_plot_set_axis (plot, axis, 4, "Wavelength (nm)");
  cw_signal_plot_add_series (plot, a, 4, &red, 1.0, CW_SERIES_LINE, "sample 1");
  cw_signal_plot_add_series (plot, b, 4, &red, 1.0, CW_SERIES_LINE, NULL);
  g_auto (GStrv) lines = csv_lines (drawable);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_cmpstr (lines[0], ==, "Wavelength (nm),sample 1,series 2");
  /* floats written as the shortest text that reads back to them: 0.1f is "0.1" */
  g_assert_cmpstr (lines[1], ==, "900,0.5,1");
  g_assert_cmpstr (lines[3], ==, "904,-1,3");
  g_assert_cmpstr (lines[4], ==, "906,0.1,4");

  /* A series with its own x gets an x column of its own; shorter columns end in empty cells. */
  double own_x[2] = { 1.5, 2.5 };
  float own_y[2] = { 7, 8 };
  cw_signal_plot_add_series_xy (plot, own_x, own_y, 2, &red, 1.0, CW_SERIES_POINTS, "mean");
  g_auto (GStrv) more = csv_lines (drawable);
  g_assert_cmpstr (more[0], ==, "Wavelength (nm),sample 1,series 2,mean x,mean");
  g_assert_cmpstr (more[2], ==, "902,0.25,2,2.5,8");
  g_assert_cmpstr (more[3], ==, "904,-1,3,,");

  /* Zoom: only a narrower view counts, and the reset brings back all of it. */
  g_assert_true (cw_drawable_can_zoom (drawable));
  g_assert_false (cw_drawable_get_zoomed (drawable));
  double lo, hi;
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  double full = hi - lo;
  cw_signal_plot_zoom (plot, 903, 0.5);
  g_assert_true (cw_drawable_get_zoomed (drawable));
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (hi - lo, full / 2, 1e-9);
  cw_drawable_reset_zoom (drawable);
  g_assert_false (cw_drawable_get_zoomed (drawable));
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat (lo, <=, 1.5);
  g_assert_cmpfloat (hi, >=, 906.0);
  /* A fixed y range (Ctrl+wheel) is a zoom too. */
  cw_signal_plot_set_y_range (plot, 0.0, 1.0);
  g_assert_true (cw_drawable_get_zoomed (drawable));
  cw_drawable_reset_zoom (drawable);
  g_assert_false (cw_drawable_get_zoomed (drawable));
}

static void
test_loss_plot (void)
{
  g_autoptr (GtkWidget) widget = sink (cw_loss_plot_new ());
  CwDrawable *drawable = CW_DRAWABLE (widget);
  assert_titles (drawable, "Loss plot");
  double train[3] = { 1.0, 0.5, 0.25 }, val[3] = { 1.5, 0.75, 0.8 };
  cw_loss_plot_set_data (CW_LOSS_PLOT (widget), train, val, 3, 2);
  cw_loss_plot_set_validation_name (CW_LOSS_PLOT (widget), "CV mean");
  g_auto (GStrv) lines = csv_lines (drawable);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, "epoch,training,CV mean");
  g_assert_cmpstr (lines[1], ==, "1,1,1.5");
  g_assert_cmpstr (lines[3], ==, "3,0.25,0.8");
  /* The log scale changes the drawing, not the values. */
  cw_loss_plot_set_log_scale (CW_LOSS_PLOT (widget), TRUE);
  g_auto (GStrv) again = csv_lines (drawable);
  g_assert_cmpstr (again[2], ==, "2,0.5,0.75");
  g_assert_false (cw_drawable_can_zoom (drawable));
  g_assert_false (cw_drawable_get_zoomed (drawable));

  /* Without validation there is no validation column. */
  cw_loss_plot_set_data (CW_LOSS_PLOT (widget), train, NULL, 3, 0);
  g_auto (GStrv) alone = csv_lines (drawable);
  g_assert_cmpstr (alone[0], ==, "epoch,training");
  g_assert_cmpfloat (cell_number (alone[2], 1), ==, 0.5);
}

static void
test_parity_plot (void)
{
  g_autoptr (GtkWidget) widget = sink (cw_parity_plot_new ());
  CwDrawable *drawable = CW_DRAWABLE (widget);
  assert_titles (drawable, "Predicted vs true");
  float truth[3] = { 85.5f, 87.25f, 88 }, pred[3] = { 85, 88, 88.5f };
  int ids[3] = { 4, 9, 11 };
  cw_parity_plot_add_series (CW_PARITY_PLOT (widget), "test", &red, truth, pred, ids, 3);
  cw_parity_plot_set_axis_label (CW_PARITY_PLOT (widget), "octane");
  g_auto (GStrv) lines = csv_lines (drawable);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, "series,id,true octane,predicted octane");
  g_assert_cmpstr (lines[1], ==, "test,4,85.5,85");
  g_assert_cmpstr (lines[2], ==, "test,9,87.25,88");
  /* The residual view plots differences, but the values stay the truth and the prediction. */
  cw_parity_plot_set_residuals (CW_PARITY_PLOT (widget), TRUE);
  g_auto (GStrv) residual = csv_lines (drawable);
  g_assert_cmpstr (residual[3], ==, "test,11,88,88.5");
}

static void
test_scatter_plot (void)
{
  g_autoptr (GtkWidget) widget = sink (cw_scatter_plot_new ());
  CwScatterPlot *plot = CW_SCATTER_PLOT (widget);
  CwDrawable *drawable = CW_DRAWABLE (widget);
  assert_titles (drawable, "Scatter plot");
  cw_scatter_plot_set_title (plot, "Scores");
  g_assert_cmpstr (cw_drawable_get_title (drawable), ==, "Scores");
  cw_scatter_plot_set_labels (plot, "t1", "t2");
  cw_scatter_plot_set_id_label (plot, "Row", 1);
  double x[2] = { -0.125, 3 }, y[2] = { 2, 1e-3 }, values[2] = { 10, 20 };
  int ids[2] = { 0, 5 };
  cw_scatter_plot_add_series (plot, "calibration", &red, x, y, ids, 2, FALSE);
  g_auto (GStrv) lines = csv_lines (drawable);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[0], ==, "series,Row,t1,t2");
  g_assert_cmpstr (lines[1], ==, "calibration,1,-0.125,2");
  g_assert_cmpstr (lines[2], ==, "calibration,6,3,0.001");
  /* With a colour bar, the colouring value is a column too. */
  cw_scatter_plot_set_point_values (plot, 0, values, "octane");
  g_auto (GStrv) coloured = csv_lines (drawable);
  g_assert_cmpstr (coloured[0], ==, "series,Row,t1,t2,octane");
  g_assert_cmpfloat (cell_number (coloured[2], 4), ==, 20.0);
}

static void
test_heatmap (void)
{
  g_autoptr (GtkWidget) widget = sink (cw_heatmap_new ());
  CwHeatmap *heatmap = CW_HEATMAP (widget);
  CwDrawable *drawable = CW_DRAWABLE (widget);
  assert_titles (drawable, "Heatmap");
  cw_heatmap_set_title (heatmap, "conv(2,k=3)");
  g_assert_cmpstr (cw_drawable_get_title (drawable), ==, "conv(2,k=3)");
  cw_heatmap_set_row_name (heatmap, "filter");
  cw_heatmap_set_x_unit (heatmap, "nm");
  /* 2 rows x 3 columns over x = 1000, 1010, 1020 */
  float values[6] = { 1, 2, 3, -4, -5, 0.5f };
  cw_heatmap_set_data (heatmap, values, 2, 3, 1000, 1020);
  g_auto (GStrv) lines = csv_lines (drawable);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, "x (nm),filter 1,filter 2");
  g_assert_cmpstr (lines[1], ==, "1000,1,-4");
  g_assert_cmpstr (lines[2], ==, "1010,2,-5");
  g_assert_cmpstr (lines[3], ==, "1020,3,0.5");
}

static void
test_confusion_view (void)
{
  g_autoptr (GtkWidget) widget = sink (cw_confusion_view_new ());
  CwDrawable *drawable = CW_DRAWABLE (widget);
  assert_titles (drawable, "Confusion matrix");
  long counts[4] = { 5, 1, 2, 7 };
  const char *names[2] = { "low", "high, premium" };
  cw_confusion_view_set_data (CW_CONFUSION_VIEW (widget), counts, 2, names);
  g_auto (GStrv) lines = csv_lines (drawable);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  /* A class name with a comma is quoted, so the columns stay put. */
  g_assert_cmpstr (lines[0], ==, "true \\ predicted,low,\"high, premium\"");
  g_assert_cmpstr (lines[1], ==, "low,5,1");
  g_assert_cmpstr (lines[2], ==, "\"high, premium\",2,7");
}

/* ---- the menu ---- */

static int exports_requested;
static CwDrawable *export_requested_for;

static void
on_export (CwDrawable *drawable, gpointer user_data)
{
  exports_requested++;
  export_requested_for = drawable;
  g_assert_true (user_data == &exports_requested);
}

typedef struct
{
  char *text;
  gboolean done;
} ClipboardRead;

static void
on_text_read (GObject *source, GAsyncResult *result, gpointer data)
{
  ClipboardRead *read = data;
  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static void
test_menu (void)
{
  GtkWidget *plot = cw_signal_plot_new ();
  GtkWidget *window = chart_test_show (plot, 480, 300);
  CwDrawable *drawable = CW_DRAWABLE (plot);
  float y[5] = { 0, 1, 4, 9, 16 };
  cw_signal_plot_add_series (CW_SIGNAL_PLOT (plot), y, 5, &red, 1.0, CW_SERIES_LINE, "squares");

  /* The items, in order. */
  GMenuModel *model = cw_drawable_menu_get_model (drawable);
  const char *expected[][2] = { { "_Export…", "drawable.export" },
                                { "_Copy Values as CSV", "drawable.copy-csv" },
                                { "_Reset Zoom", "drawable.reset-zoom" } };
  guint found = 0;
  for (int section = 0; section < g_menu_model_get_n_items (model); section++)
    {
      GMenuModel *items = g_menu_model_get_item_link (model, section, G_MENU_LINK_SECTION);
      for (int i = 0; i < g_menu_model_get_n_items (items); i++, found++)
        {
          g_autofree char *label = NULL, *action = NULL;
          g_assert_true (g_menu_model_get_item_attribute (items, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
          g_assert_true (g_menu_model_get_item_attribute (items, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
          g_assert_cmpuint (found, <, G_N_ELEMENTS (expected));
          g_assert_cmpstr (label, ==, expected[found][0]);
          g_assert_cmpstr (action, ==, expected[found][1]);
        }
      g_object_unref (items);
    }
  g_assert_cmpuint (found, ==, G_N_ELEMENTS (expected));

  /* Export needs a handler above the chart; Reset Zoom a zoomed chart. */
  GActionGroup *actions = cw_drawable_menu_get_actions (drawable);
  g_assert_false (g_action_group_get_action_enabled (actions, "export"));
  g_assert_false (g_action_group_get_action_enabled (actions, "reset-zoom"));
  g_assert_true (g_action_group_get_action_enabled (actions, "copy-csv"));
  cw_drawable_menu_set_export_handler (window, on_export, &exports_requested);
  cw_signal_plot_zoom (CW_SIGNAL_PLOT (plot), 2.0, 0.5);
  actions = cw_drawable_menu_get_actions (drawable);
  g_assert_true (g_action_group_get_action_enabled (actions, "export"));
  g_assert_true (g_action_group_get_action_enabled (actions, "reset-zoom"));

  /* The actions are reachable from the chart as "drawable.*". */
  g_assert_true (gtk_widget_activate_action (plot, "drawable.export", NULL));
  g_assert_cmpint (exports_requested, ==, 1);
  g_assert_true (export_requested_for == drawable);
  g_assert_true (gtk_widget_activate_action (plot, "drawable.reset-zoom", NULL));
  g_assert_false (cw_drawable_get_zoomed (drawable));
  g_assert_false (g_action_group_get_action_enabled (actions, "reset-zoom"));

  /* Copy puts the CSV on the clipboard. */
  g_assert_true (gtk_widget_activate_action (plot, "drawable.copy-csv", NULL));
  ClipboardRead read = { 0 };
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (plot), NULL, on_text_read, &read);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!read.done && g_get_monotonic_time () < deadline)
    chart_test_spin (10);
  g_assert_true (read.done);
  g_assert_cmpstr (read.text, ==, "x,squares\n0,0\n1,1\n2,4\n3,9\n4,16\n");
  g_free (read.text);

  /* A right click opens the menu at the pointer; closing it lets it go. */
  g_assert_null (cw_drawable_menu_get_popover (drawable));
  cw_drawable_menu_popup (drawable, 100, 80);
  GtkWidget *popover = cw_drawable_menu_get_popover (drawable);
  g_assert_true (GTK_IS_POPOVER_MENU (popover));
  g_assert_true (gtk_widget_get_parent (popover) == plot);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!gtk_widget_get_mapped (popover) && g_get_monotonic_time () < deadline)
    chart_test_spin (10);
  g_assert_true (gtk_widget_get_mapped (popover));
  gtk_popover_popdown (GTK_POPOVER (popover));
  /* The popover leaves from an idle: under load that may take more than a few iterations. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (gtk_widget_get_first_child (plot) && g_get_monotonic_time () < deadline)
    chart_test_spin (10);
  g_assert_null (cw_drawable_menu_get_popover (drawable));
  g_assert_null (gtk_widget_get_first_child (plot));

  /* Opened and never closed: the chart takes the popover with it. */
  cw_drawable_menu_popup (drawable, 10, 10);
  gtk_window_destroy (GTK_WINDOW (window));
  chart_test_spin (50);
}

/* ---- the title in exports ---- */

static void
test_export_title (void)
{
  g_autoptr (GtkWidget) widget = sink (cw_loss_plot_new ());
  double train[3] = { 1.0, 0.5, 0.25 };
  cw_loss_plot_set_data (CW_LOSS_PLOT (widget), train, NULL, 3, 0);
  cw_drawable_set_fallback_title (CW_DRAWABLE (widget), "Loss <per> epoch");
  g_autofree char *dir = g_dir_make_tmp ("cw-plot-menu-XXXXXX", NULL);
  g_autofree char *svg_path = g_build_filename (dir, "loss.svg", NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (cw_drawable_export (CW_DRAWABLE (widget), svg_path, 400, 300, &error));
  g_assert_no_error (error);
  g_autofree char *svg = NULL;
  g_assert_true (g_file_get_contents (svg_path, &svg, NULL, NULL));
  /* The title as the SVG's own <title>, escaped, right inside the root element. */
  const char *title = strstr (svg, "<title>Loss &lt;per&gt; epoch</title>");
  g_assert_nonnull (title);
  g_assert_true (strstr (svg, "<svg") < title);
  g_assert_nonnull (strstr (svg, "height=\"334"));

  /* The PNG: the band's extra height, and text in it (dark pixels on the light background). */
  g_autofree char *png_path = g_build_filename (dir, "loss.png", NULL);
  g_assert_true (cw_drawable_export (CW_DRAWABLE (widget), png_path, 400, 300, &error));
  g_autoptr (GdkTexture) texture = gdk_texture_new_from_filename (png_path, &error);
  g_assert_no_error (error);
  int band = cw_drawable_title_band_height ();
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 800);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 2 * (300 + band));
  gsize stride = 4 * 800;
  g_autofree guchar *pixels = g_malloc (stride * gdk_texture_get_height (texture));
  gdk_texture_download (texture, pixels, stride);
  int dark = 0;
  for (int y = 0; y < 2 * band; y++)
    for (int x = 0; x < 800; x++)
      {
        const guchar *p = pixels + y * stride + 4 * x;
        dark += p[0] < 100 && p[1] < 100 && p[2] < 100;
      }
  g_assert_cmpint (dark, >, 100);
  g_unlink (svg_path);
  g_unlink (png_path);
  g_rmdir (dir);
}

static void
test_file_stem (void)
{
  g_autofree char *a = cw_drawable_file_stem ("Predicted vs measured (test rows)");
  g_assert_cmpstr (a, ==, "predicted-vs-measured-test-rows");
  g_autofree char *b = cw_drawable_file_stem ("conv(8,k=9) · 8 × 393 / ../x");
  g_assert_cmpstr (b, ==, "conv-8-k-9-8-393-x");
  g_autofree char *c = cw_drawable_file_stem ("  ·/  ");
  g_assert_cmpstr (c, ==, "plot");
  g_autofree char *d = cw_drawable_file_stem ("Größe");
  g_assert_cmpstr (d, ==, "größe");
  g_autofree char *e = cw_drawable_file_stem ("A very long title that goes on and on about the plot it names, far too long");
  g_assert_cmpuint (strlen (e), <=, 60);
  g_assert_false (g_str_has_suffix (e, "-"));
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
  g_test_add_func ("/plot-menu/signal-plot", test_signal_plot);
  g_test_add_func ("/plot-menu/loss-plot", test_loss_plot);
  g_test_add_func ("/plot-menu/parity-plot", test_parity_plot);
  g_test_add_func ("/plot-menu/scatter-plot", test_scatter_plot);
  g_test_add_func ("/plot-menu/heatmap", test_heatmap);
  g_test_add_func ("/plot-menu/confusion-view", test_confusion_view);
  g_test_add_func ("/plot-menu/menu", test_menu);
  g_test_add_func ("/plot-menu/export-title", test_export_title);
  g_test_add_func ("/plot-menu/file-stem", test_file_stem);
  return g_test_run ();
}
