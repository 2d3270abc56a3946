/* test-confusion-view.c — CwConfusionView: accuracy, counts, recall and precision texts, the summary, cell
 * hit-testing and "cell-activated", row-normalised shading (light and dark), empty matrices, export. */
#include "cw-confusion-view.h"
#include "cw-drawable.h"
#include "cw-plot-style.h"

#include "charts-test-util.h"

#define K 5

static const char *const names[K] = { "gasoline", "diesel", "kerosene", "jet fuel", "heating oil" };
/* rows = true class. Row 4 ("heating oil") is all correct; column 1 ("diesel") gets 3 wrong predictions. */
static const long counts[K * K] = {
  40, 2, 1, 0, 0,
  3, 35, 0, 2, 0,
  0, 1, 28, 4, 0,
  0, 0, 5, 22, 0,
  0, 0, 0, 0, 12,
};

typedef struct
{
  GtkWidget *window;
  CwConfusionView *view;
  ChartImage image;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->view = CW_CONFUSION_VIEW (cw_confusion_view_new ());
  cw_confusion_view_set_data (f->view, counts, K, names);
  f->window = chart_test_show (GTK_WIDGET (f->view), 560, 460);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  chart_image_clear (&f->image);
  gtk_window_destroy (GTK_WINDOW (f->window));
  chart_test_set_dark (FALSE);
}

static char *
reference_percent (long part, long whole)
{
  return g_strdup_printf ("%.1f %%", 100.0 * part / whole);
}

static void
test_texts (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (cw_confusion_view_get_n_classes (f->view), ==, K);
  long total = 0, correct = 0;
  for (int t = 0; t < K; t++)
    for (int p = 0; p < K; p++)
      {
        total += counts[t * K + p];
        correct += t == p ? counts[t * K + p] : 0;
        g_autofree char *cell = cw_confusion_view_get_cell_text (f->view, t, p);
        g_autofree char *expected = g_strdup_printf ("%ld", counts[t * K + p]);
        g_assert_cmpstr (cell, ==, expected);
      }
  g_assert_cmpint (total, ==, 155);
  g_assert_cmpint (correct, ==, 137);
  g_autofree char *title = cw_confusion_view_get_title (f->view);
  g_assert_cmpstr (title, ==, "Accuracy 88.4 % · 137 of 155");

  for (int c = 0; c < K; c++)
    {
      long row = 0, col = 0;
      for (int i = 0; i < K; i++)
        {
          row += counts[c * K + i];
          col += counts[i * K + c];
        }
      g_autofree char *recall = cw_confusion_view_get_recall_text (f->view, c);
      g_autofree char *precision = cw_confusion_view_get_precision_text (f->view, c);
      g_autofree char *ref_recall = reference_percent (counts[c * K + c], row);
      g_autofree char *ref_precision = reference_percent (counts[c * K + c], col);
      g_assert_cmpstr (recall, ==, ref_recall);
      g_assert_cmpstr (precision, ==, ref_precision);
    }
  /* By hand, for two of them: recall of diesel 35/40, precision of diesel 35/38. */
  g_autofree char *diesel_recall = cw_confusion_view_get_recall_text (f->view, 1);
  g_autofree char *diesel_precision = cw_confusion_view_get_precision_text (f->view, 1);
  g_assert_cmpstr (diesel_recall, ==, "87.5 %");
  g_assert_cmpstr (diesel_precision, ==, "92.1 %");

  g_autofree char *summary = cw_confusion_view_get_summary (f->view);
  g_assert_cmpstr (summary, ==,
                   "Accuracy 88.4 % · 137 of 155\n"
                   "true \\ predicted\tgasoline\tdiesel\tkerosene\tjet fuel\theating oil\trecall\n"
                   "gasoline\t40\t2\t1\t0\t0\t93.0 %\n"
                   "diesel\t3\t35\t0\t2\t0\t87.5 %\n"
                   "kerosene\t0\t1\t28\t4\t0\t84.8 %\n"
                   "jet fuel\t0\t0\t5\t22\t0\t81.5 %\n"
                   "heating oil\t0\t0\t0\t0\t12\t100.0 %\n"
                   "precision\t93.0 %\t92.1 %\t82.4 %\t78.6 %\t100.0 %\n");
}

static void
test_undefined_rates (Fixture *f, gconstpointer data)
{
  /* Class 2 has no samples and is never predicted. */
  const long sparse[9] = { 5, 1, 0, 2, 4, 0, 0, 0, 0 };
  cw_confusion_view_set_data (f->view, sparse, 3, NULL);
  g_autofree char *recall = cw_confusion_view_get_recall_text (f->view, 2);
  g_autofree char *precision = cw_confusion_view_get_precision_text (f->view, 2);
  g_assert_cmpstr (recall, ==, "—");
  g_assert_cmpstr (precision, ==, "—");
  g_autofree char *summary = cw_confusion_view_get_summary (f->view);
  g_assert_cmpstr (summary, ==,
                   "Accuracy 75.0 % · 9 of 12\n"
                   "true \\ predicted\t0\t1\t2\trecall\n"
                   "0\t5\t1\t0\t83.3 %\n"
                   "1\t2\t4\t0\t66.7 %\n"
                   "2\t0\t0\t0\t—\n"
                   "precision\t71.4 %\t80.0 %\t—\n");
  chart_test_render (GTK_WIDGET (f->view), &f->image);

  cw_confusion_view_set_data (f->view, NULL, 0, NULL);
  g_assert_cmpint (cw_confusion_view_get_n_classes (f->view), ==, 0);
  g_autofree char *title = cw_confusion_view_get_title (f->view);
  g_assert_cmpstr (title, ==, "Accuracy —");
  g_assert_false (cw_confusion_view_cell_at (f->view, 280, 230, NULL, NULL));
  chart_image_clear (&f->image);
  chart_test_render (GTK_WIDGET (f->view), &f->image);
}

static void
on_cell_activated (CwConfusionView *view, int true_class, int predicted_class, int *out)
{
  out[0] = true_class;
  out[1] = predicted_class;
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
test_cell_at_and_click (Fixture *f, gconstpointer data)
{
  CwPlotRect grid = cw_confusion_view_get_grid_rect (f->view);
  g_assert_cmpfloat (grid.width, ==, grid.height);
  g_assert_cmpfloat (grid.width, >=, K * 40);
  double cell = grid.width / K;
  for (int t = 0; t < K; t++)
    for (int p = 0; p < K; p++)
      {
        int at, ap;
        double x = grid.x + (p + 0.2) * cell, y = grid.y + (t + 0.8) * cell;
        g_assert_true (cw_confusion_view_cell_at (f->view, x, y, &at, &ap));
        g_assert_cmpint (at, ==, t);
        g_assert_cmpint (ap, ==, p);
      }
  g_assert_false (cw_confusion_view_cell_at (f->view, grid.x - 2, grid.y + 2, NULL, NULL));
  g_assert_false (cw_confusion_view_cell_at (f->view, grid.x + 2, grid.y + grid.height + 2, NULL, NULL));
  g_assert_false (cw_confusion_view_cell_at (f->view, grid.x + grid.width + 1, grid.y + 2, NULL, NULL));

  int activated[2] = { -1, -1 };
  g_signal_connect (f->view, "cell-activated", G_CALLBACK (on_cell_activated), activated);
  GtkGesture *click = find_click_gesture (GTK_WIDGET (f->view));
  g_assert_nonnull (click);
  g_signal_emit_by_name (click, "pressed", 1, grid.x + 2.5 * cell, grid.y + 3.5 * cell);
  g_assert_cmpint (activated[0], ==, 3);
  g_assert_cmpint (activated[1], ==, 2);
  int st, sp;
  g_assert_true (cw_confusion_view_get_selected_cell (f->view, &st, &sp));
  g_assert_cmpint (st, ==, 3);
  g_assert_cmpint (sp, ==, 2);

  /* The selected cell is outlined in the foreground colour. */
  CwPlotColors colors;
  cw_plot_colors_for_widget (GTK_WIDGET (f->view), &colors);
  chart_test_render (GTK_WIDGET (f->view), &f->image);
  int top = (int) round (grid.y + 3 * cell) + 1;
  int outline = chart_image_count (&f->image, (int) (grid.x + 2 * cell) + 3, top - 1,
                                   (int) (grid.x + 3 * cell) - 3, top + 1, &colors.foreground, 10);
  g_assert_cmpint (outline, >=, 2 * ((int) cell - 8));

  activated[0] = -1;
  g_signal_emit_by_name (click, "pressed", 1, grid.x - 20, grid.y + 5);
  g_assert_cmpint (activated[0], ==, -1);
}

/* The corner pixel of a cell (away from its text) has the background mixed with the accent by alpha. */
static void
assert_shade (Fixture *f, const CwPlotColors *colors, int t, int p, double alpha)
{
  CwPlotRect grid = cw_confusion_view_get_grid_rect (f->view);
  double cell = grid.width / K;
  GdkRGBA expected = {
    colors->background.red + (colors->accent.red - colors->background.red) * alpha,
    colors->background.green + (colors->accent.green - colors->background.green) * alpha,
    colors->background.blue + (colors->accent.blue - colors->background.blue) * alpha, 1
  };
  g_assert_true (chart_image_near (&f->image, (int) (grid.x + p * cell + 4), (int) (grid.y + t * cell + 4),
                                   &expected, 3));
}

static void
test_shading (Fixture *f, gconstpointer data)
{
  for (int dark = 0; dark <= 1; dark++)
    {
      chart_test_set_dark (dark);
      CwPlotColors colors;
      cw_plot_colors_init (&colors, dark);
      chart_image_clear (&f->image);
      chart_test_render (GTK_WIDGET (f->view), &f->image);
      g_assert_true (chart_image_near (&f->image, 1, 1, &colors.background, 2));
      /* alpha = 0.06 + 0.86 x the row share for a cell with samples, 0 for an empty one. */
      assert_shade (f, &colors, 4, 4, 0.92);                   /* 12 of 12 */
      assert_shade (f, &colors, 4, 0, 0.0);                    /* 0 of 12 */
      assert_shade (f, &colors, 3, 2, 0.06 + 0.86 * 5 / 27.0); /* 5 of 27 */
      assert_shade (f, &colors, 0, 0, 0.06 + 0.86 * 40 / 43.0);
      assert_shade (f, &colors, 0, 2, 0.06 + 0.86 * 1 / 43.0);
    }
}

static void
test_export (Fixture *f, gconstpointer data)
{
  cw_confusion_view_set_selected_cell (f->view, 2, 3);
  CHART_TEST_EXPORT_ALL (f->view, "confusion");
}

static void
test_screenshots (void)
{
  static const char *const short_names[3] = { "low", "mid", "high" };
  static const long three[9] = { 18, 3, 0, 2, 21, 4, 0, 1, 16 };
  for (int dark = 0; dark <= 1; dark++)
    {
      chart_test_set_dark (dark);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *five = cw_confusion_view_new (), *small = cw_confusion_view_new ();
      cw_confusion_view_set_data (CW_CONFUSION_VIEW (five), counts, K, names);
      cw_confusion_view_set_selected_cell (CW_CONFUSION_VIEW (five), 3, 2);
      cw_confusion_view_set_data (CW_CONFUSION_VIEW (small), three, 3, short_names);
      gtk_widget_set_hexpand (five, TRUE);
      gtk_widget_set_hexpand (small, TRUE);
      gtk_box_append (GTK_BOX (box), five);
      gtk_box_append (GTK_BOX (box), small);
      GtkWidget *window = chart_test_show (box, 1000, 480);
      ChartImage image = { 0 };
      chart_test_render (box, &image);
      chart_image_save (&image, dark ? "charts-confusion-dark.png" : "charts-confusion-light.png");
      chart_image_clear (&image);
      gtk_window_destroy (GTK_WINDOW (window));

      /* Narrow: the long class names no longer fit a cell and stand on end. */
      GtkWidget *narrow = cw_confusion_view_new ();
      cw_confusion_view_set_data (CW_CONFUSION_VIEW (narrow), counts, K, names);
      window = chart_test_show (narrow, 360, 420);
      /* Everything fits: the grid, the recall column right of it, the precision rows under it. */
      CwPlotRect grid = cw_confusion_view_get_grid_rect (CW_CONFUSION_VIEW (narrow));
      g_assert_cmpfloat (grid.width / K, >=, 30);
      g_assert_cmpfloat (grid.x + grid.width + 50, <=, 360);
      g_assert_cmpfloat (grid.y + grid.height + 30, <=, 420);
      chart_test_render (narrow, &image);
      chart_image_save (&image, dark ? "charts-confusion-narrow-dark.png"
                                     : "charts-confusion-narrow-light.png");
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
#define ADD(path, fn) \
  g_test_add ("/confusion-view/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("texts", test_texts);
  ADD ("undefined-rates", test_undefined_rates);
  ADD ("cell-at-and-click", test_cell_at_and_click);
  ADD ("shading", test_shading);
  ADD ("export", test_export);
#undef ADD
  g_test_add_func ("/confusion-view/screenshots", test_screenshots);
  return g_test_run ();
}
