/* test-pages.c — the Data and Model pages on the gasoline example: the sample list, the plot of the
 * selection, select_sample, sorting and filtering, the task chooser; the spec entry (bad text, good text,
 * undo, an impossible stack), and the training settings form writing the project's config.
 * Also renders both pages at 1200 x 800, light and dark, into SCREENSHOT_DIR. */
#include "app-test-util.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "cw-data-view.h"
#include "cw-layer-stack.h"
#include "cw-model-view.h"
#include "cw-signal-plot.h"

#define PAGE_WIDTH 1200
#define PAGE_HEIGHT 800

/* ---- main loop, windows, rendering ---- */

/* Pixels that are clearly coloured (not grey, white or black): drawn series, not frame or text. */
static int
count_coloured_pixels_in (GdkTexture *texture, int x0, int y0, int x1, int y1)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  int count = 0;
  for (int y = MAX (y0, 0); y < MIN (y1, height); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, width); x++)
      {
        const guchar *p = pixels + y * stride + x * 4;
        int hi = MAX (p[0], MAX (p[1], p[2])), lo = MIN (p[0], MIN (p[1], p[2]));
        count += hi - lo > 60;
      }
  return count;
}

static int
count_coloured_pixels (GdkTexture *texture)
{
  return count_coloured_pixels_in (texture, 0, 0, G_MAXINT, G_MAXINT);
}

/* Coloured pixels inside the plot's data rectangle: the series, not the colour bar. */
static int
count_series_pixels (CwSignalPlot *plot, GdkTexture *texture)
{
  double x, y, width, height;
  cw_signal_plot_get_data_rect (plot, &x, &y, &width, &height);
  g_assert_cmpfloat (width, >, 100);
  return count_coloured_pixels_in (texture, (int) x, (int) y, (int) (x + width), (int) (y + height));
}

static void
save_screenshot (GtkWidget *widget, const char *name, int min_coloured)
{
  const char *dir = g_getenv ("SCREENSHOT_DIR");
  if (!dir || !*dir)
    dir = g_get_tmp_dir ();
  g_mkdir_with_parents (dir, 0755);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GdkTexture) texture = render (widget);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_assert_cmpint (count_coloured_pixels (texture), >, min_coloured);
  g_printerr ("# screenshot %s\n", path);
}

static GtkWidget *
find_descendant (GtkWidget *root, GType type, const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (!name || g_strcmp0 (gtk_widget_get_name (root), name) == 0))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type, name);
      if (found)
        return found;
    }
  return NULL;
}

/* ---- fixtures ---- */

static CwProject *
new_gasoline_project (void)
{
  cw_error err;
  cw_error_clear (&err);
  cw_dataset *ds = cw_dataset_load_csv (RESOURCES_DIR "/data/gasoline.csv", NULL, &err);
  if (!ds)
    g_error ("gasoline.csv: %s", err.message);
  CwProject *project = cw_project_new ();
  cw_project_set_dataset (project, ds, NULL);
  return project;
}

typedef struct
{
  CwProject *project;
  GtkWidget *window;
  GtkWidget *page;
  int activations;
  int last_row;
  int valid_notifications;
} Fixture;

static void
on_sample_activated (GtkWidget *view, int row, Fixture *f)
{
  f->activations++;
  f->last_row = row;
}

static void
data_setup (Fixture *f, gconstpointer data)
{
  f->project = new_gasoline_project ();
  f->page = cw_data_view_new (f->project);
  g_signal_connect (f->page, "sample-activated", G_CALLBACK (on_sample_activated), f);
  f->window = show_in_window (f->page, PAGE_WIDTH, PAGE_HEIGHT);
  f->last_row = -1;
}

static void
on_valid_notify (GObject *view, GParamSpec *pspec, Fixture *f)
{
  f->valid_notifications++;
}

static void
model_setup (Fixture *f, gconstpointer data)
{
  f->project = new_gasoline_project ();
  f->page = cw_model_view_new (f->project);
  g_signal_connect (f->page, "notify::valid", G_CALLBACK (on_valid_notify), f);
  f->window = show_in_window (f->page, PAGE_WIDTH, PAGE_HEIGHT);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  spin_ms (10);
  g_clear_object (&f->project);
}

static GtkColumnView *
column_view_of (Fixture *f)
{
  GtkWidget *view = find_descendant (f->page, GTK_TYPE_COLUMN_VIEW, NULL);
  g_assert_nonnull (view);
  return GTK_COLUMN_VIEW (view);
}

static GtkWidget *
find_label_with_text (GtkWidget *root, const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root)
      && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with_text (child, text);
      if (found)
        return found;
    }
  return NULL;
}

/* ---- Data page ---- */

static void
test_data_rows (Fixture *f, gconstpointer data)
{
  GtkColumnView *view = column_view_of (f);
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 60);
  /* #, octane, sample, split_vignette */
  GListModel *columns = gtk_column_view_get_columns (view);
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 4);
  const char *titles[] = { "#", "octane", "sample", "split_vignette" };
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, titles[i]);
    }
  /* Nothing selected: every sample is drawn. */
  CwSignalPlot *plot = CW_SIGNAL_PLOT (cw_data_view_get_plot (CW_DATA_VIEW (f->page)));
  g_assert_cmpint (cw_data_view_get_n_plotted (CW_DATA_VIEW (f->page)), ==, 60);
  g_assert_cmpint (cw_signal_plot_get_n_series (plot), ==, 60);
  double lo, hi;
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, 900.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (hi, 1700.0, 1e-9);

  /* The cells show the data: the first rows' octane values (gasoline.csv lines 2 and 3) and split. */
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (view), "85.3"));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (view), "85.25"));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (view), "train"));
  /* The bar above says what was loaded. */
  g_assert_nonnull (find_label_with_text (f->page, "gasoline.csv"));
  g_assert_nonnull (find_label_with_text (f->page, "60 samples × 401 points"));
}

static void
test_data_select (Fixture *f, gconstpointer data)
{
  GtkSelectionModel *selection = gtk_column_view_get_model (column_view_of (f));
  CwSignalPlot *plot = CW_SIGNAL_PLOT (cw_data_view_get_plot (CW_DATA_VIEW (f->page)));
  g_autoptr (GdkTexture) all = render (GTK_WIDGET (plot));

  g_assert_true (gtk_selection_model_select_item (selection, 3, TRUE));
  g_assert_true (gtk_selection_model_select_item (selection, 5, FALSE));
  g_assert_cmpint (cw_data_view_get_n_plotted (CW_DATA_VIEW (f->page)), ==, 2);
  g_assert_cmpint (cw_signal_plot_get_n_series (plot), ==, 2);
  /* "sample-activated" names the first selected sample. */
  g_assert_cmpint (f->activations, ==, 2);
  g_assert_cmpint (f->last_row, ==, 3);

  /* Two viridis lines colour far fewer pixels than sixty, but some. */
  g_autoptr (GdkTexture) two = render (GTK_WIDGET (plot));
  int coloured_all = count_series_pixels (plot, all), coloured_two = count_series_pixels (plot, two);
  g_printerr ("# coloured pixels: 60 samples %d, 2 samples %d\n", coloured_all, coloured_two);
  g_assert_cmpint (coloured_two, >, 200);
  g_assert_cmpint (coloured_all, >, 3 * coloured_two);

  gtk_selection_model_unselect_all (selection);
  g_assert_cmpint (cw_data_view_get_n_plotted (CW_DATA_VIEW (f->page)), ==, 60);
}

static void
test_data_select_sample (Fixture *f, gconstpointer data)
{
  GtkColumnView *view = column_view_of (f);
  GtkSelectionModel *selection = gtk_column_view_get_model (view);
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (view),
                                                                              GTK_TYPE_SCROLLED_WINDOW));
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (scroller);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, 0.0);

  cw_data_view_select_sample (CW_DATA_VIEW (f->page), 55);
  g_autoptr (GtkBitset) selected = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
  g_assert_true (gtk_bitset_contains (selected, 55));
  g_assert_cmpint (f->activations, ==, 0);
  g_assert_cmpint (cw_data_view_get_n_plotted (CW_DATA_VIEW (f->page)), ==, 1);

  /* Row 56 of 60 is below the fold of an 800-pixel page: the list scrolled to it. */
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (gtk_adjustment_get_value (vadjustment) == 0.0 && g_get_monotonic_time () < deadline)
    spin_ms (10);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), >, 0.0);

  /* Out of range: nothing changes. */
  cw_data_view_select_sample (CW_DATA_VIEW (f->page), 60);
  g_autoptr (GtkBitset) still = gtk_selection_model_get_selection (selection);
  g_assert_true (gtk_bitset_contains (still, 55));
}

static void
test_data_sort_and_filter (Fixture *f, gconstpointer data)
{
  GtkColumnView *view = column_view_of (f);
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  const cw_dataset *ds = cw_project_get_dataset (f->project);
  const float *octane = cw_dataset_target_values (ds, 0);
  float highest = -INFINITY;
  int highest_row = -1;
  for (int i = 0; i < 60; i++)
    if (octane[i] > highest)
      {
        highest = octane[i];
        highest_row = i;
      }

  /* Sort by octane, highest first: the first listed sample is the highest one. Select it through the
   * list and check which sample the view reports. */
  g_autoptr (GtkColumnViewColumn) octane_column = g_list_model_get_item (gtk_column_view_get_columns (view), 1);
  gtk_column_view_sort_by_column (view, octane_column, GTK_SORT_DESCENDING);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), 0, TRUE);
  g_assert_cmpint (f->last_row, ==, highest_row);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), 59, TRUE);
  g_assert_cmpfloat (octane[f->last_row], <=, octane[highest_row]);
  for (int i = 0; i < 60; i++)
    g_assert_cmpfloat (octane[f->last_row], <=, octane[i]);
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (model));

  /* Filter on the split column's "test" value. */
  int split = cw_dataset_find_meta (ds, "split_vignette");
  g_assert_cmpint (split, >=, 0);
  guint n_test = 0;
  for (int i = 0; i < 60; i++)
    n_test += g_strcmp0 (cw_dataset_meta_value (ds, i, split), "test") == 0;
  g_assert_cmpuint (n_test, >, 0);
  g_assert_cmpuint (n_test, <, 60);
  GtkWidget *search = find_descendant (f->page, GTK_TYPE_SEARCH_ENTRY, "sample-filter");
  gtk_editable_set_text (GTK_EDITABLE (search), "test");
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_list_model_get_n_items (model) == 60 && g_get_monotonic_time () < deadline)
    spin_ms (10);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_test);
  /* Nothing selected: the plot draws what the filter lists. */
  g_assert_cmpint (cw_data_view_get_n_plotted (CW_DATA_VIEW (f->page)), ==, (int) n_test);

  /* select_sample on a filtered-out row clears the filter to show it. */
  int train_row = -1;
  for (int i = 0; i < 60 && train_row < 0; i++)
    if (g_strcmp0 (cw_dataset_meta_value (ds, i, split), "test") != 0)
      train_row = i;
  cw_data_view_select_sample (CW_DATA_VIEW (f->page), train_row);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 60);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "");
  g_assert_cmpint (cw_data_view_get_n_plotted (CW_DATA_VIEW (f->page)), ==, 1);
}

static void
count_selection_changes (GtkWidget *view, int *changes)
{
  (*changes)++;
}

static void
assert_selected_rows (CwDataView *view, const int *expected, guint n)
{
  g_autoptr (GArray) rows = cw_data_view_dup_selected_rows (view);
  g_assert_cmpuint (rows->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (rows, int, i), ==, expected[i]);
}

/* What the window forwards to the Preprocess page: the selected rows, announced when they change. */
static void
test_data_selected_rows (Fixture *f, gconstpointer data)
{
  CwDataView *page = CW_DATA_VIEW (f->page);
  GtkSelectionModel *selection = gtk_column_view_get_model (column_view_of (f));
  const cw_dataset *ds = cw_project_get_dataset (f->project);
  int changes = 0;
  g_signal_connect (page, "selection-changed", G_CALLBACK (count_selection_changes), &changes);
  assert_selected_rows (page, NULL, 0);

  /* One test row and one calibration row, picked in the list last first: ascending rows come back. */
  int split = cw_dataset_find_meta (ds, "split_vignette");
  int test_row = -1, train_row = -1;
  for (int i = 0; i < 60; i++)
    {
      gboolean is_test = g_strcmp0 (cw_dataset_meta_value (ds, i, split), "test") == 0;
      if (is_test && test_row < 0)
        test_row = i;
      else if (!is_test && train_row < 0)
        train_row = i;
    }
  g_assert_cmpint (test_row, >=, 0);
  g_assert_cmpint (train_row, >=, 0);
  gtk_selection_model_select_item (selection, MAX (test_row, train_row), TRUE);
  gtk_selection_model_select_item (selection, MIN (test_row, train_row), FALSE);
  g_assert_cmpint (changes, ==, 2);
  assert_selected_rows (page, (int[]) { MIN (test_row, train_row), MAX (test_row, train_row) }, 2);
  /* Selecting what is selected already changes nothing. */
  gtk_selection_model_select_item (selection, test_row, FALSE);
  g_assert_cmpint (changes, ==, 2);

  /* A search that hides the calibration row takes it out of what is selected. */
  GtkWidget *search = find_descendant (f->page, GTK_TYPE_SEARCH_ENTRY, "sample-filter");
  gtk_editable_set_text (GTK_EDITABLE (search), "test");
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_list_model_get_n_items (G_LIST_MODEL (selection)) == 60 && g_get_monotonic_time () < deadline)
    spin_ms (10);
  g_assert_cmpint (changes, ==, 3);
  assert_selected_rows (page, (int[]) { test_row }, 1);

  /* Another page selects a sample: the selection is that row, announced, with no "sample-activated". */
  int activations = f->activations;
  cw_data_view_select_sample (page, 20);
  assert_selected_rows (page, (int[]) { 20 }, 1);
  g_assert_cmpint (changes, ==, 4);
  g_assert_cmpint (f->activations, ==, activations);

  /* New data starts with nothing selected. */
  cw_error err;
  cw_dataset *again = cw_dataset_load_csv (RESOURCES_DIR "/data/gasoline.csv", NULL, &err);
  g_assert_nonnull (again);
  cw_project_set_dataset (f->project, again, NULL);
  assert_selected_rows (page, NULL, 0);
  g_assert_cmpint (changes, ==, 5);
}

static GtkDropDown *
dropdown_with_item (GtkWidget *root, const char *item_text)
{
  /* The drop-downs of the page, told apart by their items. */
  if (GTK_IS_DROP_DOWN (root))
    {
      GListModel *items = gtk_drop_down_get_model (GTK_DROP_DOWN (root));
      for (guint i = 0; items && i < g_list_model_get_n_items (items); i++)
        {
          g_autoptr (GObject) item = g_list_model_get_item (items, i);
          if (GTK_IS_STRING_OBJECT (item)
              && g_strcmp0 (gtk_string_object_get_string (GTK_STRING_OBJECT (item)), item_text) == 0)
            return GTK_DROP_DOWN (root);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkDropDown *found = dropdown_with_item (child, item_text);
      if (found)
        return found;
    }
  return NULL;
}

static guint
item_index (GtkDropDown *dropdown, const char *text)
{
  GListModel *items = gtk_drop_down_get_model (dropdown);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (items, i);
      if (g_strcmp0 (gtk_string_object_get_string (GTK_STRING_OBJECT (item)), text) == 0)
        return i;
    }
  g_assert_not_reached ();
  return 0;
}

static void
test_data_colour_and_bands (Fixture *f, gconstpointer data)
{
  CwSignalPlot *plot = CW_SIGNAL_PLOT (cw_data_view_get_plot (CW_DATA_VIEW (f->page)));
  GtkToggleButton *mean_sd = GTK_TOGGLE_BUTTON (find_descendant (f->page, GTK_TYPE_TOGGLE_BUTTON, "mean-sd"));
  g_assert_nonnull (mean_sd);

  /* Coloured by octane (a number): one overall band and its mean line. */
  gtk_toggle_button_set_active (mean_sd, TRUE);
  g_assert_cmpint (cw_signal_plot_get_n_series (plot), ==, 1);
  g_assert_cmpint (cw_data_view_get_n_plotted (CW_DATA_VIEW (f->page)), ==, 60);

  /* Coloured by the split column: one mean per value (train, test). */
  GtkDropDown *colour = dropdown_with_item (f->page, "split_vignette");
  g_assert_nonnull (colour);
  gtk_drop_down_set_selected (colour, item_index (colour, "split_vignette"));
  g_assert_cmpint (cw_signal_plot_get_n_series (plot), ==, 2);
  /* The sample-number meta column has 60 values: not offered as a colour. */
  g_assert_null (dropdown_with_item (f->page, "sample"));

  gtk_toggle_button_set_active (mean_sd, FALSE);
  g_assert_cmpint (cw_signal_plot_get_n_series (plot), ==, 60);
}

static void
test_data_task_choice (Fixture *f, gconstpointer data)
{
  GtkDropDown *task = dropdown_with_item (f->page, "Regression");
  g_assert_nonnull (task);
  g_assert_cmpuint (gtk_drop_down_get_selected (task), ==, item_index (task, "Regression"));

  /* Octane is a measured number (85.3, 88.45...): classification cannot be chosen. */
  gtk_drop_down_set_selected (task, item_index (task, "Binary classification"));
  g_assert_cmpint (cw_project_get_task (f->project), ==, CW_TASK_REGRESSION);
  g_assert_cmpuint (gtk_drop_down_get_selected (task), ==, item_index (task, "Regression"));
  gtk_drop_down_set_selected (task, item_index (task, "Multiclass classification"));
  g_assert_cmpint (cw_project_get_task (f->project), ==, CW_TASK_REGRESSION);
}

/* A dataset whose target has classes: binary and multiclass become choices, regression does not. */
static void
test_data_task_classes (void)
{
  const char csv[] = "target:kind,1,2,3\n"
                     "a,0.1,0.2,0.3\nb,0.3,0.2,0.1\na,0.1,0.1,0.1\nb,0.2,0.2,0.2\n";
  cw_error err;
  cw_error_clear (&err);
  cw_dataset *ds = cw_dataset_parse_csv (csv, sizeof csv - 1, "kinds.csv", NULL, &err);
  g_assert_nonnull (ds);
  g_autoptr (CwProject) project = cw_project_new ();
  cw_project_set_dataset (project, ds, NULL);
  GtkWidget *page = cw_data_view_new (project);
  GtkWidget *window = show_in_window (page, 900, 600);

  GtkDropDown *task = dropdown_with_item (page, "Regression");
  g_assert_cmpint (cw_project_get_task (project), ==, CW_TASK_BINARY);
  g_assert_cmpuint (gtk_drop_down_get_selected (task), ==, item_index (task, "Binary classification"));
  gtk_drop_down_set_selected (task, item_index (task, "Multiclass classification"));
  g_assert_cmpint (cw_project_get_task (project), ==, CW_TASK_MULTICLASS);
  gtk_drop_down_set_selected (task, item_index (task, "Regression"));
  g_assert_cmpint (cw_project_get_task (project), ==, CW_TASK_MULTICLASS);
  g_assert_cmpuint (gtk_drop_down_get_selected (task), ==, item_index (task, "Multiclass classification"));

  /* Coloured by class: one legend entry per class, so only two series carry a label. */
  CwSignalPlot *plot = CW_SIGNAL_PLOT (cw_data_view_get_plot (CW_DATA_VIEW (page)));
  g_assert_cmpint (cw_signal_plot_get_n_series (plot), ==, 4);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- Model page ---- */

static GtkEntry *
spec_entry_of (Fixture *f)
{
  GtkWidget *entry = find_descendant (f->page, GTK_TYPE_ENTRY, "spec-entry");
  g_assert_nonnull (entry);
  return GTK_ENTRY (entry);
}

static void
apply_spec_text (Fixture *f, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (spec_entry_of (f)), text);
  GtkWidget *apply = find_descendant (f->page, GTK_TYPE_BUTTON, "spec-apply");
  g_assert_nonnull (apply);
  g_signal_emit_by_name (apply, "clicked");
}

static char *
project_spec_text (Fixture *f)
{
  return cw_spec_to_string (cw_project_get_spec (f->project));
}

static void
test_model_shows_spec (Fixture *f, gconstpointer data)
{
  g_autofree char *text = project_spec_text (f);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spec_entry_of (f))), ==, text);
  CwLayerStack *stack = CW_LAYER_STACK (find_descendant (f->page, CW_TYPE_LAYER_STACK, NULL));
  g_assert_nonnull (stack);
  g_assert_true (cw_spec_equal (cw_layer_stack_get_spec (stack), cw_project_get_spec (f->project)));
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  gboolean valid = FALSE;
  g_object_get (f->page, "valid", &valid, NULL);
  g_assert_true (valid);

  /* Copy puts the one-line spec on the clipboard (ours, so it can be read back synchronously). */
  g_signal_emit_by_name (find_descendant (f->page, GTK_TYPE_BUTTON, "spec-copy"), "clicked");
  GdkContentProvider *content = gdk_clipboard_get_content (gtk_widget_get_clipboard (f->page));
  g_assert_nonnull (content);
  GValue value = G_VALUE_INIT;
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  g_assert_cmpstr (g_value_get_string (&value), ==, text);
  g_value_unset (&value);
}

static void
test_model_bad_spec (Fixture *f, gconstpointer data)
{
  g_autofree char *before = project_spec_text (f);
  const char *bad = "conv(8,k=9) relu bogus(3) gavgpool dense(1)";
  apply_spec_text (f, bad);

  g_autofree char *after = project_spec_text (f);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (cw_project_can_undo (f->project));
  /* The text stays for fixing, with the offending token selected: "bogus(3)" starts at column 18. */
  GtkEntry *entry = spec_entry_of (f);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, bad);
  int start = -1, end = -1;
  g_assert_true (gtk_editable_get_selection_bounds (GTK_EDITABLE (entry), &start, &end));
  g_assert_cmpint (start, ==, 17);
  g_assert_cmpint (end, ==, 17 + (int) strlen ("bogus(3)"));
  GtkWidget *status = find_descendant (f->page, GTK_TYPE_LABEL, "spec-status");
  g_assert_nonnull (status);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "Column 18"));
  g_assert_true (gtk_widget_has_css_class (status, "error"));
}

static void
test_model_good_spec_and_undo (Fixture *f, gconstpointer data)
{
  g_autofree char *before = project_spec_text (f);
  CwLayerStack *stack = CW_LAYER_STACK (find_descendant (f->page, CW_TYPE_LAYER_STACK, NULL));
  apply_spec_text (f, "conv(4,k=5)  relu gavgpool dense(1)");

  g_autofree char *after = project_spec_text (f);
  g_assert_cmpstr (after, ==, "conv(4,k=5) relu gavgpool dense(1)");
  g_assert_cmpint (cw_spec_count (cw_layer_stack_get_spec (stack)), ==, 4);
  g_assert_cmpint (cw_spec_get (cw_layer_stack_get_spec (stack), 0)->units, ==, 4);
  /* The entry shows the canonical form. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spec_entry_of (f))), ==, after);
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));

  cw_project_undo (f->project);
  g_autofree char *undone = project_spec_text (f);
  g_assert_cmpstr (undone, ==, before);
  g_assert_true (cw_spec_equal (cw_layer_stack_get_spec (stack), cw_project_get_spec (f->project)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spec_entry_of (f))), ==, before);

  cw_project_redo (f->project);
  g_assert_cmpint (cw_spec_count (cw_layer_stack_get_spec (stack)), ==, 4);

  /* An edit in the stack is one undo step in the project. */
  cw_layer_spec dense = cw_layer_spec_default (CW_LAYER_DROPOUT);
  cw_layer_stack_insert (stack, 3, &dense);
  g_assert_cmpint (cw_spec_count (cw_project_get_spec (f->project)), ==, 5);
  cw_project_undo (f->project);
  g_assert_cmpint (cw_spec_count (cw_project_get_spec (f->project)), ==, 4);
  g_assert_cmpint (cw_spec_count (cw_layer_stack_get_spec (stack)), ==, 4);
}

static void
test_model_impossible_spec (Fixture *f, gconstpointer data)
{
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  int notified = f->valid_notifications;
  /* A kernel longer than the 401-point signal parses but cannot be built. */
  apply_spec_text (f, "conv(8,k=500) gavgpool dense(1)");
  g_autofree char *text = project_spec_text (f);
  g_assert_cmpstr (text, ==, "conv(8,k=500) gavgpool dense(1)");
  g_assert_false (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  g_assert_cmpint (f->valid_notifications, >, notified);
  GtkWidget *status = find_descendant (f->page, GTK_TYPE_LABEL, "spec-status");
  g_assert_true (gtk_widget_has_css_class (status, "error"));

  /* Right shape but the wrong number of outputs is impossible too. */
  apply_spec_text (f, "conv(8,k=9) gavgpool dense(3)");
  g_assert_false (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));

  cw_project_undo (f->project);
  cw_project_undo (f->project);
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  g_assert_false (gtk_widget_has_css_class (status, "error"));
}

static void
test_model_settings (Fixture *f, gconstpointer data)
{
  GtkSpinButton *epochs = GTK_SPIN_BUTTON (find_descendant (f->page, GTK_TYPE_SPIN_BUTTON, "epochs"));
  g_assert_nonnull (epochs);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (epochs), ==, cw_project_get_train_config (f->project)->epochs);

  gtk_spin_button_set_value (epochs, 42);
  g_assert_cmpint (cw_project_get_train_config (f->project)->epochs, ==, 42);
  /* Typing works the same way once the value is committed. */
  gtk_editable_set_text (GTK_EDITABLE (epochs), "77");
  gtk_spin_button_update (epochs);
  g_assert_cmpint (cw_project_get_train_config (f->project)->epochs, ==, 77);

  /* The other way: a change in the project shows in the form. */
  cw_train_config config = *cw_project_get_train_config (f->project);
  config.epochs = 7;
  cw_project_set_train_config (f->project, &config);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (epochs), ==, 7);

  /* SGD: the optimizer's defaults come with it, and its momentum row appears. */
  GtkDropDown *optimizer = dropdown_with_item (f->page, "SGD");
  g_assert_nonnull (optimizer);
  GtkWidget *momentum_label = NULL;
  for (GtkWidget *w = gtk_widget_get_first_child (gtk_widget_get_parent (GTK_WIDGET (optimizer))); w;
       w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_LABEL (w) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (w)), "_Momentum") == 0)
      momentum_label = w;
  g_assert_nonnull (momentum_label);
  g_assert_false (gtk_widget_get_visible (momentum_label));
  gtk_drop_down_set_selected (optimizer, item_index (optimizer, "SGD"));
  const cw_train_config *now = cw_project_get_train_config (f->project);
  g_assert_cmpint (now->optimizer.type, ==, CW_OPT_SGD);
  g_assert_cmpfloat_with_epsilon (now->optimizer.lr, 1e-2, 1e-9);
  g_assert_true (gtk_widget_get_visible (momentum_label));
  g_assert_cmpint (now->epochs, ==, 7);

  /* Regression offers MSE and MAE only. */
  GtkDropDown *loss = dropdown_with_item (f->page, "Mean absolute error");
  g_assert_nonnull (loss);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (loss)), ==, 2);
  gtk_drop_down_set_selected (loss, item_index (loss, "Mean absolute error"));
  g_assert_cmpint (cw_project_get_train_config (f->project)->loss, ==, CW_LOSS_MAE);

  /* Validation by the split column, then a random fraction. */
  GtkDropDown *split = dropdown_with_item (f->page, "By meta column");
  const CwValidation *validation = cw_project_get_validation (f->project);
  g_assert_cmpuint (gtk_drop_down_get_selected (split), ==, validation->meta_column ? 1 : 0);
  gtk_drop_down_set_selected (split, 0);
  g_assert_null (cw_project_get_validation (f->project)->meta_column);
  gtk_drop_down_set_selected (split, 1);
  g_assert_cmpstr (cw_project_get_validation (f->project)->meta_column, ==, "split_vignette");
  g_assert_cmpstr (cw_project_get_validation (f->project)->meta_values, ==, "test");

  /* Augmentation: ticking noise turns the amount on. */
  GtkWidget *noise = NULL;
  GtkWidget *grid = gtk_widget_get_parent (GTK_WIDGET (optimizer));
  for (GtkWidget *w = gtk_widget_get_first_child (grid); w; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_CHECK_BUTTON (w) && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (w)), "_Noise (SD)") == 0)
      noise = w;
  g_assert_nonnull (noise);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (noise), TRUE);
  g_assert_cmpfloat (cw_project_get_train_config (f->project)->augment.noise, >, 0.0f);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (noise), FALSE);
  g_assert_cmpfloat (cw_project_get_train_config (f->project)->augment.noise, ==, 0.0f);

  /* Defaults for the task put everything back (Adam, 1e-3, the task's loss). */
  GtkWidget *defaults = find_descendant (f->page, GTK_TYPE_BUTTON, "defaults");
  g_signal_emit_by_name (defaults, "clicked");
  now = cw_project_get_train_config (f->project);
  g_assert_cmpint (now->optimizer.type, ==, CW_OPT_ADAM);
  g_assert_cmpint (now->loss, ==, CW_LOSS_MSE);
  g_assert_false (gtk_widget_get_visible (momentum_label));
}

/* The network reads the preprocessed signal: a range selection shortens the input the stack is checked
 * against, and the page re-checks when only the pipeline changes. */
static void
test_model_preprocessed_input (Fixture *f, gconstpointer data)
{
  CwLayerStack *stack = CW_LAYER_STACK (find_descendant (f->page, CW_TYPE_LAYER_STACK, NULL));
  GtkLabel *shape = GTK_LABEL (find_descendant (f->page, GTK_TYPE_LABEL, "input-shape"));
  GtkWidget *status = find_descendant (f->page, GTK_TYPE_LABEL, "spec-status");
  g_assert_nonnull (shape);
  g_assert_cmpstr (cw_layer_stack_get_input_text (stack), ==, "1 × 401");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (shape), "Input 1 × 401  →  1 output"));
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  /* The default stack flattens into a dense layer, whose weights grow with the length. */
  guint64 params_401 = cw_layer_stack_get_total_params (stack);

  g_autoptr (GError) error = NULL;
  g_assert_true (cw_project_set_preprocessing (f->project, "range(1000,1600)", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cw_project_get_input_length (f->project), ==, 301);
  g_assert_cmpstr (cw_layer_stack_get_input_text (stack), ==, "1 × 301");
  g_printerr ("shape: %s\n", gtk_label_get_text (shape));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (shape), "Input 1 × 301 (401 points before preprocessing)"));
  g_assert_cmpuint (cw_layer_stack_get_total_params (stack), <, params_401);
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  save_screenshot (f->window, "pages-model-preprocessed.png", 200);

  /* A kernel of 350 fits 401 points but not the 301 left between 1000 and 1600 nm: the page re-checks
   * when only the pipeline changes. */
  g_assert_true (cw_project_set_preprocessing (f->project, "", &error));
  apply_spec_text (f, "conv(4,k=350) gavgpool dense(1)");
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  int notified = f->valid_notifications;
  g_assert_true (cw_project_set_preprocessing (f->project, "range(1000,1600)", &error));
  g_printerr ("status: %s\n", gtk_label_get_text (GTK_LABEL (status)));
  g_assert_false (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  g_assert_cmpint (f->valid_notifications, >, notified);
  g_assert_true (gtk_widget_has_css_class (status, "error"));
  int bad_layer = -1;
  g_assert_nonnull (cw_layer_stack_get_problem (stack, &bad_layer));
  g_assert_cmpint (bad_layer, ==, 0);

  /* A kernel that fits 301 points: valid again. */
  apply_spec_text (f, "conv(4,k=250) gavgpool dense(1)");
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  g_assert_cmpstr (cw_layer_stack_get_input_text (stack), ==, "1 × 301");
  g_assert_false (gtk_widget_has_css_class (status, "error"));

  /* A window outside the axis leaves no input: the status says it is the preprocessing. */
  g_assert_true (cw_project_set_preprocessing (f->project, "range(2000,3000)", &error));
  g_assert_cmpint (cw_project_get_input_length (f->project), ==, 0);
  g_assert_false (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (shape), "Input 1 × ?"));
  g_printerr ("status: %s\n", gtk_label_get_text (GTK_LABEL (status)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "preprocessing"));

  /* Back to raw signals: the full length. */
  g_assert_true (cw_project_set_preprocessing (f->project, "", &error));
  g_assert_cmpstr (cw_layer_stack_get_input_text (stack), ==, "1 × 401");
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
}

/* ---- screenshots ---- */

static void
set_dark (gboolean dark)
{
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
  spin_ms (100);
}

static void
test_screenshots (void)
{
  for (int dark = 0; dark <= 1; dark++)
    {
      set_dark (dark);
      Fixture f = { 0 };
      data_setup (&f, NULL);
      GtkSelectionModel *selection = gtk_column_view_get_model (column_view_of (&f));
      for (guint i = 0; i < 60; i += 6)
        gtk_selection_model_select_item (selection, i, FALSE);
      /* the viridis lines, colour bar and selected rows */
      save_screenshot (f.window, dark ? "pages-data-dark.png" : "pages-data.png", 10000);
      teardown (&f, NULL);

      model_setup (&f, NULL);
      /* at least the switches that are on */
      save_screenshot (f.window, dark ? "pages-model-dark.png" : "pages-model.png", 200);
      teardown (&f, NULL);
    }
  set_dark (FALSE);
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

  g_test_add ("/pages/data/rows", Fixture, NULL, data_setup, test_data_rows, teardown);
  g_test_add ("/pages/data/select", Fixture, NULL, data_setup, test_data_select, teardown);
  g_test_add ("/pages/data/select-sample", Fixture, NULL, data_setup, test_data_select_sample, teardown);
  g_test_add ("/pages/data/sort-and-filter", Fixture, NULL, data_setup, test_data_sort_and_filter, teardown);
  g_test_add ("/pages/data/colour-and-bands", Fixture, NULL, data_setup, test_data_colour_and_bands, teardown);
  g_test_add ("/pages/data/task-choice", Fixture, NULL, data_setup, test_data_task_choice, teardown);
  g_test_add ("/pages/data/selected-rows", Fixture, NULL, data_setup, test_data_selected_rows, teardown);
  g_test_add_func ("/pages/data/task-classes", test_data_task_classes);
  g_test_add ("/pages/model/shows-spec", Fixture, NULL, model_setup, test_model_shows_spec, teardown);
  g_test_add ("/pages/model/bad-spec", Fixture, NULL, model_setup, test_model_bad_spec, teardown);
  g_test_add ("/pages/model/good-spec-and-undo", Fixture, NULL, model_setup, test_model_good_spec_and_undo,
              teardown);
  g_test_add ("/pages/model/impossible-spec", Fixture, NULL, model_setup, test_model_impossible_spec, teardown);
  g_test_add ("/pages/model/settings", Fixture, NULL, model_setup, test_model_settings, teardown);
  g_test_add ("/pages/model/preprocessed-input", Fixture, NULL, model_setup, test_model_preprocessed_input,
              teardown);
  g_test_add_func ("/pages/screenshots", test_screenshots);
  return g_test_run ();
}
