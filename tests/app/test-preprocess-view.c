/* test-preprocess-view.c — the Preprocess page on the gasoline example: the preview's processed series
 * equal cw_pipeline_apply_f of the rows with the pipeline fitted on the training rows, and are drawn;
 * the steps editor's actions and spin buttons write the project's text (a refused parameter leaves it);
 * the text entry refuses a bad pipeline with its column selected; a range shortens the processed
 * signals; the samples shown follow set_samples and select_sample; a pipeline that does not fit the data
 * says why. Renders the page at 1200 x 800, light and dark, into SCREENSHOT_DIR (default /tmp). */
#include "app-test-util.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "cw-preprocess-view.h"
#include "cw-signal-plot.h"

#define PAGE_WIDTH 1200
#define PAGE_HEIGHT 800

/* ---- main loop, windows, rendering ---- */

/* Until the preview is computed (bounded). */
static void
wait_idle (CwPreprocessView *view)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  spin_ms (5);
  while (cw_preprocess_view_get_busy (view) && g_get_monotonic_time () < deadline)
    spin_ms (5);
  g_assert_false (cw_preprocess_view_get_busy (view));
  spin_ms (20);
}

/* Clearly coloured pixels (not grey, white or black) inside the plot's data rectangle: the series. */
static int
count_series_pixels (GtkWidget *plot)
{
  g_autoptr (GdkTexture) texture = render (plot);
  double x, y, w, h;
  cw_signal_plot_get_data_rect (CW_SIGNAL_PLOT (plot), &x, &y, &w, &h);
  g_assert_cmpfloat (w, >, 100);
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  int count = 0;
  for (int py = MAX ((int) y, 0); py < MIN ((int) (y + h), height); py++)
    for (int px = MAX ((int) x, 0); px < MIN ((int) (x + w), width); px++)
      {
        const guchar *p = pixels + py * stride + px * 4;
        int hi = MAX (p[0], MAX (p[1], p[2])), lo = MIN (p[0], MIN (p[1], p[2]));
        count += hi - lo > 60;
      }
  return count;
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

/* The n-th spin button (0-based, in widget order) of step row `index`. */
static GtkSpinButton *
step_spin (GtkWidget *page, int index, int n)
{
  GtkListBox *list = GTK_LIST_BOX (find_descendant (page, GTK_TYPE_LIST_BOX, "prep-steps"));
  GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, index));
  g_assert_nonnull (row);
  GPtrArray *found = g_ptr_array_new ();
  GPtrArray *stack = g_ptr_array_new ();
  g_ptr_array_add (stack, row);
  /* Depth first, in order. */
  while (stack->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);
      if (GTK_IS_SPIN_BUTTON (w))
        {
          g_ptr_array_add (found, w);
          continue;
        }
      g_autoptr (GPtrArray) children = g_ptr_array_new ();
      for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (children, c);
      for (guint i = children->len; i > 0; i--)
        g_ptr_array_add (stack, children->pdata[i - 1]);
    }
  g_assert_cmpuint ((guint) n, <, found->len);
  GtkSpinButton *spin = found->pdata[n];
  g_ptr_array_unref (found);
  g_ptr_array_unref (stack);
  return spin;
}

/* ---- fixture ---- */

typedef struct
{
  CwProject *project;
  GtkWidget *window;
  GtkWidget *page;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  cw_error err;
  cw_error_clear (&err);
  cw_dataset *ds = cw_dataset_load_csv (RESOURCES_DIR "/data/gasoline.csv", NULL, &err);
  if (!ds)
    g_error ("gasoline.csv: %s", err.message);
  f->project = cw_project_new ();
  cw_project_set_dataset (f->project, ds, NULL);
  f->page = cw_preprocess_view_new (f->project);
  f->window = show_in_window (f->page, PAGE_WIDTH, PAGE_HEIGHT);
  wait_idle (CW_PREPROCESS_VIEW (f->page));
}

static void
teardown (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  spin_ms (20);
  g_clear_object (&f->project);
}

static CwPreprocessView *
view_of (Fixture *f)
{
  return CW_PREPROCESS_VIEW (f->page);
}

/* The preview's processed rows equal the pipeline, fitted on the training rows, applied to each row. */
static void
assert_preview_matches_pipeline (Fixture *f, int expected_length)
{
  const int *rows = NULL;
  int n_rows = 0, length = 0;
  const float *processed = cw_preprocess_view_get_processed (view_of (f), &rows, &n_rows, &length);
  g_assert_nonnull (processed);
  g_assert_cmpint (length, ==, expected_length);
  g_autofree unsigned char *is_val = cw_project_dup_left_out_rows (f->project, NULL);
  g_autoptr (GError) error = NULL;
  cw_pipeline *pipe = cw_project_fit_preprocessing (f->project, is_val, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cw_pipeline_out_length (pipe), ==, length);
  const cw_dataset *ds = cw_project_get_dataset (f->project);
  g_autofree float *expected = g_new (float, length);
  for (int r = 0; r < n_rows; r++)
    {
      cw_pipeline_apply_f (pipe, cw_dataset_signals (ds) + (size_t) rows[r] * 401, 1, expected);
      g_assert_cmpmem (processed + (size_t) r * length, length * sizeof (float), expected, length * sizeof (float));
    }
  cw_pipeline_free (pipe);
}

/* ---- tests ---- */

static void
test_preview_equals_pipeline (Fixture *f, gconstpointer data)
{
  GtkWidget *processed_plot = cw_preprocess_view_get_processed_plot (view_of (f));
  /* No pipeline: the processed signals are the raw ones. */
  const int *rows = NULL;
  int n_rows = 0, length = 0;
  const float *processed = cw_preprocess_view_get_processed (view_of (f), &rows, &n_rows, &length);
  g_assert_nonnull (processed);
  g_assert_cmpint (n_rows, ==, 60);
  g_assert_cmpmem (processed, 60 * 401 * sizeof (float), cw_dataset_signals (cw_project_get_dataset (f->project)),
                   60 * 401 * sizeof (float));

  /* A pipeline with fitted state (MSC's reference, the centre's means) from the training rows only. */
  g_assert_true (cw_project_set_preprocessing (f->project, "msc sg(11,2,1) center", NULL));
  g_assert_true (cw_preprocess_view_get_busy (view_of (f)));
  wait_idle (view_of (f));
  assert_preview_matches_pipeline (f, 401);
  const char *status = cw_preprocess_view_get_status (view_of (f));
  g_printerr ("# %s\n", status);
  g_assert_nonnull (strstr (status, "60 of 60 samples shown"));
  g_assert_nonnull (strstr (status, "fitted on 50 training rows"));
  /* All 60 series drawn, in colour (viridis by octane). */
  g_assert_cmpint (cw_signal_plot_get_n_series (CW_SIGNAL_PLOT (processed_plot)), ==, 60);
  g_assert_cmpint (count_series_pixels (processed_plot), >, 2000);
  g_assert_cmpint (count_series_pixels (cw_preprocess_view_get_raw_plot (view_of (f))), >, 2000);
}

static void
test_steps_editor (Fixture *f, gconstpointer data)
{
  GtkWidget *page = f->page;
  g_assert_cmpint (cw_preprocess_view_get_n_step_rows (view_of (f)), ==, 0);
  gtk_widget_activate_action (page, "prep.add-step", "s", "snv");
  g_assert_cmpstr (cw_project_get_preprocessing (f->project), ==, "snv");
  gtk_widget_activate_action (page, "prep.add-step", "s", "sg");
  g_assert_cmpstr (cw_project_get_preprocessing (f->project), ==, "snv sg(11,2,0)");
  g_assert_cmpint (cw_preprocess_view_get_n_step_rows (view_of (f)), ==, 2);

  /* Parameters in place: the window of the Savitzky–Golay step (row 1), then its derivative. */
  gtk_spin_button_set_value (step_spin (page, 1, 0), 15);
  g_assert_cmpstr (cw_project_get_preprocessing (f->project), ==, "snv sg(15,2,0)");
  gtk_spin_button_set_value (step_spin (page, 1, 2), 1);
  g_assert_cmpstr (cw_project_get_preprocessing (f->project), ==, "snv sg(15,2,1)");
  /* Editing kept the rows (and with them the focus), and the text entry follows. */
  g_assert_cmpint (cw_preprocess_view_get_n_step_rows (view_of (f)), ==, 2);
  GtkWidget *entry = cw_preprocess_view_get_text_entry (view_of (f));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "snv sg(15,2,1)");

  /* A derivative above the polynomial order is refused by the engine: reported, not written. */
  gtk_spin_button_set_value (step_spin (page, 1, 2), 3);
  g_assert_cmpstr (cw_project_get_preprocessing (f->project), ==, "snv sg(15,2,1)");
  GtkLabel *message = GTK_LABEL (find_descendant (page, GTK_TYPE_LABEL, "prep-message"));
  g_printerr ("# %s\n", gtk_label_get_text (message));
  g_assert_nonnull (strstr (gtk_label_get_text (message), "Step 2 (Savitzky–Golay)"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (message), "error"));
  gtk_spin_button_set_value (step_spin (page, 1, 2), 2);
  g_assert_cmpstr (cw_project_get_preprocessing (f->project), ==, "snv sg(15,2,2)");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (message), "error"));

  /* Reorder and remove. */
  gtk_widget_activate_action (page, "prep.move-step-up", "i", 1);
  g_assert_cmpstr (cw_project_get_preprocessing (f->project), ==, "sg(15,2,2) snv");
  gtk_widget_activate_action (page, "prep.move-step-down", "i", 0);
  g_assert_cmpstr (cw_project_get_preprocessing (f->project), ==, "snv sg(15,2,2)");
  gtk_widget_activate_action (page, "prep.remove-step", "i", 0);
  g_assert_cmpstr (cw_project_get_preprocessing (f->project), ==, "sg(15,2,2)");
  g_assert_cmpint (cw_preprocess_view_get_n_step_rows (view_of (f)), ==, 1);

  /* A range starts as the whole axis; moving its bounds selects a window. */
  gtk_widget_activate_action (page, "prep.add-step", "s", "range");
  g_assert_cmpstr (cw_project_get_preprocessing (f->project), ==, "sg(15,2,2) range(900,1700)");
  gtk_spin_button_set_value (step_spin (page, 1, 0), 1000);
  gtk_spin_button_set_value (step_spin (page, 1, 1), 1600);
  g_assert_cmpstr (cw_project_get_preprocessing (f->project), ==, "sg(15,2,2) range(1000,1600)");
  wait_idle (view_of (f));
  assert_preview_matches_pipeline (f, 301);

  /* A change from elsewhere (undo of a text, another page) rebuilds the rows. */
  g_assert_true (cw_project_set_preprocessing (f->project, "autoscale", NULL));
  g_assert_cmpint (cw_preprocess_view_get_n_step_rows (view_of (f)), ==, 1);
  wait_idle (view_of (f));
  assert_preview_matches_pipeline (f, 401);
}

static void
test_text_entry (Fixture *f, gconstpointer data)
{
  GtkWidget *page = f->page;
  GtkWidget *entry = cw_preprocess_view_get_text_entry (view_of (f));
  GtkLabel *message = GTK_LABEL (find_descendant (page, GTK_TYPE_LABEL, "prep-message"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "snv bogus(3)");
  gtk_widget_activate_action (page, "prep.apply-text", NULL);
  g_assert_cmpstr (cw_project_get_preprocessing (f->project), ==, "");
  g_printerr ("# %s\n", gtk_label_get_text (message));
  g_assert_nonnull (strstr (gtk_label_get_text (message), "Column 5"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (message), "error"));
  int start = -1, end = -1;
  g_assert_true (gtk_editable_get_selection_bounds (GTK_EDITABLE (entry), &start, &end));
  g_assert_cmpint (start, ==, 4);
  g_assert_cmpint (end, >, 4);
  /* Typing clears the stale message. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "SNV  range(1000,1600)");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (message), "error"));
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (cw_project_get_preprocessing (f->project), ==, "snv range(1000,1600)");
  /* The canonical text comes back into the entry, and the steps editor shows both steps. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "snv range(1000,1600)");
  g_assert_cmpint (cw_preprocess_view_get_n_step_rows (view_of (f)), ==, 2);
  g_assert_cmpfloat (gtk_spin_button_get_value (step_spin (page, 1, 0)), ==, 1000);
  g_assert_cmpfloat (gtk_spin_button_get_value (step_spin (page, 1, 1)), ==, 1600);
  wait_idle (view_of (f));
  assert_preview_matches_pipeline (f, 301);
  g_assert_nonnull (strstr (cw_preprocess_view_get_status (view_of (f)), "401 → 301 points"));
}

static void
test_samples_shown (Fixture *f, gconstpointer data)
{
  g_assert_true (cw_project_set_preprocessing (f->project, "snv", NULL));
  int wanted[] = { 3, 5, 7 };
  cw_preprocess_view_set_samples (view_of (f), wanted, 3);
  wait_idle (view_of (f));
  const int *rows = NULL;
  int n_rows = 0, length = 0;
  g_assert_nonnull (cw_preprocess_view_get_processed (view_of (f), &rows, &n_rows, &length));
  g_assert_cmpint (n_rows, ==, 3);
  g_assert_cmpmem (rows, 3 * sizeof (int), wanted, 3 * sizeof (int));
  assert_preview_matches_pipeline (f, 401);
  GtkWidget *raw = cw_preprocess_view_get_raw_plot (view_of (f));
  g_assert_cmpint (cw_signal_plot_get_n_series (CW_SIGNAL_PLOT (raw)), ==, 3);

  /* A selected sample outside the set joins it, drawn last (on top). */
  cw_preprocess_view_select_sample (view_of (f), 10);
  wait_idle (view_of (f));
  cw_preprocess_view_get_processed (view_of (f), &rows, &n_rows, &length);
  g_assert_cmpint (n_rows, ==, 4);
  g_assert_cmpint (rows[3], ==, 10);
  g_assert_cmpint (cw_signal_plot_get_n_series (CW_SIGNAL_PLOT (raw)), ==, 4);
  g_assert_nonnull (strstr (cw_preprocess_view_get_status (view_of (f)), "4 of 60 samples shown"));

  /* Back to every sample. */
  cw_preprocess_view_set_samples (view_of (f), NULL, 0);
  wait_idle (view_of (f));
  cw_preprocess_view_get_processed (view_of (f), &rows, &n_rows, &length);
  g_assert_cmpint (n_rows, ==, 60);
}

static void
test_pipeline_not_fitting (Fixture *f, gconstpointer data)
{
  g_assert_true (cw_project_set_preprocessing (f->project, "snv range(2000,2100)", NULL));
  wait_idle (view_of (f));
  g_assert_null (cw_preprocess_view_get_processed (view_of (f), NULL, NULL, NULL));
  const char *status = cw_preprocess_view_get_status (view_of (f));
  g_printerr ("# %s\n", status);
  g_assert_nonnull (strstr (status, "no axis value lies in [2000, 2100]"));
  g_assert_cmpint (cw_signal_plot_get_n_series (CW_SIGNAL_PLOT (cw_preprocess_view_get_processed_plot (view_of (f)))),
                   ==, 0);
  /* The raw signals stay in view. */
  g_assert_cmpint (cw_signal_plot_get_n_series (CW_SIGNAL_PLOT (cw_preprocess_view_get_raw_plot (view_of (f)))),
                   ==, 60);
}

/* Changes in quick succession: only the last preview lands, and it matches the last pipeline. */
static void
test_superseded_previews (Fixture *f, gconstpointer data)
{
  const char *texts[] = { "snv", "msc", "sg(21,3,1)", "detrend(2) center", "autoscale" };
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_assert_true (cw_project_set_preprocessing (f->project, texts[i], NULL));
      spin_ms (1);
    }
  wait_idle (view_of (f));
  assert_preview_matches_pipeline (f, 401);
}

static void
set_dark (gboolean dark)
{
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
  spin_ms (100);
}

static void
test_screenshots (void)
{
  const char *dir = g_getenv ("SCREENSHOT_DIR");
  if (!dir || !*dir)
    dir = g_get_tmp_dir ();
  g_mkdir_with_parents (dir, 0755);
  for (int dark = 0; dark <= 1; dark++)
    {
      set_dark (dark);
      Fixture f = { 0 };
      setup (&f, NULL);
      if (!dark)
        {
          /* The empty state: no steps yet, both plots the same. */
          g_autofree char *empty = g_build_filename (dir, "prep-page-empty.png", NULL);
          g_autoptr (GdkTexture) texture = render (f.window);
          g_assert_true (gdk_texture_save_to_png (texture, empty));
          g_printerr ("# screenshot %s\n", empty);
        }
      g_assert_true (cw_project_set_preprocessing (f.project, "snv sg(15,2,1) range(1000,1600)", NULL));
      cw_preprocess_view_select_sample (view_of (&f), 7);
      wait_idle (view_of (&f));
      g_autofree char *path = g_build_filename (dir, dark ? "prep-page-dark.png" : "prep-page.png", NULL);
      g_autoptr (GdkTexture) texture = render (f.window);
      g_assert_true (gdk_texture_save_to_png (texture, path));
      g_assert_cmpint (count_series_pixels (cw_preprocess_view_get_processed_plot (view_of (&f))), >, 2000);
      g_printerr ("# screenshot %s\n", path);
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

  g_test_add ("/preprocess-view/preview-equals-pipeline", Fixture, NULL, setup, test_preview_equals_pipeline,
              teardown);
  g_test_add ("/preprocess-view/steps-editor", Fixture, NULL, setup, test_steps_editor, teardown);
  g_test_add ("/preprocess-view/text-entry", Fixture, NULL, setup, test_text_entry, teardown);
  g_test_add ("/preprocess-view/samples-shown", Fixture, NULL, setup, test_samples_shown, teardown);
  g_test_add ("/preprocess-view/pipeline-not-fitting", Fixture, NULL, setup, test_pipeline_not_fitting, teardown);
  g_test_add ("/preprocess-view/superseded-previews", Fixture, NULL, setup, test_superseded_previews, teardown);
  g_test_add_func ("/preprocess-view/screenshots", test_screenshots);
  return g_test_run ();
}
