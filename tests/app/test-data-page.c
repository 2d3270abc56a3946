/* test-data-page.c — the Data page on the gasoline example: the sample list, the plot of the selection,
 * select_sample, sorting and filtering, the selected rows, colouring and bands, the task chooser.
 * Also renders the page at 1200 x 800, light and dark, into SCREENSHOT_DIR. */
#include "pages-test-util.h"
#include "cw-rows-bar.h"
#include "rows-test-util.h"

/* ---- Data page ---- */

static void
test_data_rows (Fixture *f, gconstpointer data)
{
  GtkColumnView *view = column_view_of (f);
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 60);
  /* #, Role, octane, sample, split_vignette */
  GListModel *columns = gtk_column_view_get_columns (view);
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 5);
  const char *titles[] = { "#", "Role", "octane", "sample", "split_vignette" };
  for (guint i = 0; i < 5; i++)
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
  g_autoptr (GtkColumnViewColumn) octane_column = g_list_model_get_item (gtk_column_view_get_columns (view), 2);
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
  GtkDropDown *colour = GTK_DROP_DOWN (find_descendant (f->page, GTK_TYPE_DROP_DOWN, "colour-by"));
  g_assert_nonnull (colour);
  gtk_drop_down_set_selected (colour, item_index (colour, "split_vignette"));
  g_assert_cmpint (cw_signal_plot_get_n_series (plot), ==, 2);
  /* The sample-number meta column has 60 values: not offered as a colour. */
  GListModel *colours = gtk_drop_down_get_model (colour);
  for (guint i = 0; i < g_list_model_get_n_items (colours); i++)
    {
      g_autoptr (GtkStringObject) item = g_list_model_get_item (colours, i);
      g_assert_cmpstr (gtk_string_object_get_string (item), !=, "sample");
    }

  /* Coloured by role: training and test rows, one band each (gasoline has no validation rows under CV). */
  gtk_drop_down_set_selected (colour, item_index (colour, "Role"));
  g_assert_cmpint (cw_signal_plot_get_n_series (plot), ==, 2);

  gtk_toggle_button_set_active (mean_sd, FALSE);
  g_assert_cmpint (cw_signal_plot_get_n_series (plot), ==, 60);
}

/* Roles of the listed rows, by role. */
static void
count_listed_roles (Fixture *f, int counts[3])
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (column_view_of (f)));
  counts[0] = counts[1] = counts[2] = 0;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (model, i);
      int role = -1;
      g_object_get (item, "role", &role, NULL);
      g_assert_cmpint (role, >=, 0);
      counts[role]++;
    }
}

static GtkWidget *
chip (Fixture *f, const char *role)
{
  g_autofree char *name = g_strdup_printf ("role-count-%s", role);
  GtkWidget *label = find_descendant (f->page, GTK_TYPE_LABEL, name);
  g_assert_nonnull (label);
  return label;
}

/* The counts, the chips in the list and the controls: a holdout, a typo that is refused with its reason
 * (keeping the last good rows and what was typed), a random test share. */
static void
test_data_rows_bar (Fixture *f, gconstpointer data)
{
  CwRowsBar *bar = CW_ROWS_BAR (cw_data_view_get_rows_bar (CW_DATA_VIEW (f->page)));
  g_assert_cmpstr (cw_rows_bar_get_counts (bar), ==, "Training 50 (5-fold CV) · Test 10");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (chip (f, "training"))), ==, "Training 50 · 5-fold CV");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (chip (f, "test"))), ==, "Test 10");
  g_assert_true (gtk_widget_has_css_class (chip (f, "test"), "role-test"));
  g_assert_true (gtk_widget_has_css_class (chip (f, "training"), "role-training"));
  g_assert_false (gtk_widget_get_visible (chip (f, "validation")));
  int counts[3];
  count_listed_roles (f, counts);
  g_assert_cmpint (counts[CW_ROLE_TRAIN], ==, 50);
  g_assert_cmpint (counts[CW_ROLE_TEST], ==, 10);

  /* The list's role cells are chips coloured by role: the first rows are training rows of a fold. */
  GtkWidget *view = GTK_WIDGET (column_view_of (f));
  GtkWidget *cell = NULL;
  for (int fold = 1; fold <= 5 && !cell; fold++)
    {
      g_autofree char *text = g_strdup_printf ("training · fold %d", fold);
      cell = find_label_with_text (view, text);
    }
  g_assert_nonnull (cell);
  g_assert_true (gtk_widget_has_css_class (cell, "role-chip"));
  g_assert_true (gtk_widget_has_css_class (cell, "role-training"));
  cw_data_view_select_sample (CW_DATA_VIEW (f->page), 57);
  spin_ms (100);
  GtkWidget *test_cell = find_label_with_text (view, "test");
  g_assert_nonnull (test_cell);
  g_assert_true (gtk_widget_has_css_class (test_cell, "role-test"));
  g_assert_false (gtk_widget_has_css_class (test_cell, "role-training"));

  /* A holdout of 20 % of the training rows. */
  GtkDropDown *validation = GTK_DROP_DOWN (find_descendant (f->page, GTK_TYPE_DROP_DOWN, "validation-choice"));
  gtk_drop_down_set_selected (validation, item_index (validation, "Holdout"));
  g_assert_cmpint (cw_project_get_row_settings (f->project)->choose_by, ==, CW_CHOOSE_HOLDOUT);
  g_assert_cmpstr (cw_rows_bar_get_counts (bar), ==, "Training 40 · Validation 10 · Test 10");
  g_assert_true (gtk_widget_get_visible (chip (f, "validation")));
  g_assert_true (gtk_widget_has_css_class (chip (f, "validation"), "role-validation"));
  count_listed_roles (f, counts);
  g_assert_cmpint (counts[CW_ROLE_VALIDATION], ==, 10);
  g_assert_cmpint (counts[CW_ROLE_TEST], ==, 10);

  /* Test rows by a meta column's value, typed wrong: refused, the message names the value, the project
   * keeps its rows and the entry keeps the typing. */
  GtkDropDown *test = GTK_DROP_DOWN (find_descendant (f->page, GTK_TYPE_DROP_DOWN, "test-choice"));
  gtk_drop_down_set_selected (test, item_index (test, "Meta column"));
  g_assert_cmpint (cw_project_get_row_settings (f->project)->test, ==, CW_TEST_META);
  g_assert_cmpstr (cw_project_get_row_settings (f->project)->test_column, ==, "split_vignette");
  g_assert_cmpstr (cw_project_get_row_settings (f->project)->test_values, ==, "test");
  GtkWidget *values = find_descendant (f->page, GTK_TYPE_ENTRY, "test-values");
  gtk_editable_set_text (GTK_EDITABLE (values), "tset");
  g_signal_emit_by_name (values, "activate");
  g_assert_nonnull (cw_rows_bar_get_error (bar));
  g_printerr ("# refused: %s\n", cw_rows_bar_get_error (bar));
  g_assert_nonnull (strstr (cw_rows_bar_get_error (bar), "tset"));
  GtkWidget *message = find_descendant (f->page, GTK_TYPE_LABEL, "rows-error");
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (message)), ==, cw_rows_bar_get_error (bar));
  g_assert_cmpstr (cw_project_get_row_settings (f->project)->test_values, ==, "test");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (values)), ==, "tset");
  g_assert_cmpint (count_role (f->project, CW_ROLE_TEST), ==, 10);

  /* Every row a test row: refused too. */
  gtk_editable_set_text (GTK_EDITABLE (values), "train,test");
  g_signal_emit_by_name (values, "activate");
  g_assert_nonnull (strstr (cw_rows_bar_get_error (bar), "Every row is a test row"));

  /* A random quarter of the rows: the message goes. */
  gtk_drop_down_set_selected (test, item_index (test, "Random share"));
  GtkSpinButton *share = GTK_SPIN_BUTTON (find_descendant (f->page, GTK_TYPE_SPIN_BUTTON, "test-share"));
  gtk_spin_button_set_value (share, 25);
  g_assert_null (cw_rows_bar_get_error (bar));
  g_assert_false (gtk_widget_get_visible (message));
  g_assert_cmpint (count_role (f->project, CW_ROLE_TEST), ==, 15);
  count_listed_roles (f, counts);
  g_assert_cmpint (counts[CW_ROLE_TEST], ==, 15);
  g_assert_cmpint (counts[CW_ROLE_VALIDATION], ==, 9); /* 20 % of 45 */
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

/* An m/z axis from 1001 to 9999 looks like wavenumbers to the guess: the user names it on the page, every
 * plot follows, the project saves it, and new data starts from the automatic label again. */
static void
test_data_axis_choice (void)
{
  GString *csv = g_string_new ("target:y");
  for (int t = 0; t < 8; t++)
    g_string_append_printf (csv, ",%d", 1001 + t * 1285);
  g_string_append_c (csv, '\n');
  for (int i = 0; i < 6; i++)
    {
      g_string_append_printf (csv, "%d", i);
      for (int t = 0; t < 8; t++)
        g_string_append_printf (csv, ",%g", 0.1 * i + t);
      g_string_append_c (csv, '\n');
    }
  cw_error err;
  cw_error_clear (&err);
  cw_dataset *ds = cw_dataset_parse_csv (csv->str, csv->len, "maldi.csv", NULL, &err);
  g_string_free (csv, TRUE);
  g_assert_nonnull (ds);
  g_autoptr (CwProject) project = cw_project_new ();
  cw_project_set_dataset (project, ds, NULL);
  GtkWidget *page = cw_data_view_new (project);
  GtkWidget *window = show_in_window (page, 1100, 600);
  CwSignalPlot *plot = CW_SIGNAL_PLOT (cw_data_view_get_plot (CW_DATA_VIEW (page)));
  g_assert_cmpstr (cw_signal_plot_get_x_label (plot), ==, "Wavenumber (cm⁻¹)");

  GtkDropDown *axis = dropdown_with_item (page, "m/z");
  g_assert_nonnull (axis);
  g_assert_cmpuint (gtk_drop_down_get_selected (axis), ==, item_index (axis, "Automatic: Wavenumber (cm⁻¹)"));
  gtk_drop_down_set_selected (axis, item_index (axis, "m/z"));
  g_assert_cmpstr (cw_project_get_axis_label_choice (project), ==, "m/z");
  g_assert_cmpstr (cw_signal_plot_get_x_label (plot), ==, "m/z");
  g_assert_true (cw_project_get_modified (project));

  /* Saved and opened again: still m/z. */
  g_autofree char *dir = g_dir_make_tmp ("cw-axis-XXXXXX", NULL);
  g_autofree char *data_path = g_build_filename (dir, "maldi.csv", NULL);
  g_autoptr (GError) error = NULL;
  g_assert_cmpint (cw_dataset_save_csv (cw_project_get_dataset (project), data_path, &err), ==, CW_OK);
  g_autoptr (GFile) data_file = g_file_new_for_path (data_path);
  g_autoptr (CwProject) saved = cw_project_new ();
  g_assert_true (cw_project_load_data (saved, data_file, &error));
  cw_project_set_axis_label (saved, "m/z");
  g_autofree char *project_path = g_build_filename (dir, "maldi.cwproj", NULL);
  g_autoptr (GFile) project_file = g_file_new_for_path (project_path);
  g_assert_true (cw_project_save (saved, project_file, &error));
  g_assert_no_error (error);
  g_autoptr (CwProject) reopened = cw_project_load (project_file, NULL, &error);
  g_assert_no_error (error);
  g_autofree char *label = cw_project_dup_axis_label (reopened);
  g_assert_cmpstr (label, ==, "m/z");

  /* Back to automatic. */
  gtk_drop_down_set_selected (axis, 0);
  g_assert_null (cw_project_get_axis_label_choice (project));
  g_assert_cmpstr (cw_signal_plot_get_x_label (plot), ==, "Wavenumber (cm⁻¹)");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- screenshots ---- */

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
  g_test_add ("/pages/data/rows-bar", Fixture, NULL, data_setup, test_data_rows_bar, teardown);
  g_test_add ("/pages/data/selected-rows", Fixture, NULL, data_setup, test_data_selected_rows, teardown);
  g_test_add_func ("/pages/data/task-classes", test_data_task_classes);
  g_test_add_func ("/pages/data/axis-choice", test_data_axis_choice);
  g_test_add_func ("/pages/data/screenshots", test_screenshots);
  return g_test_run ();
}
