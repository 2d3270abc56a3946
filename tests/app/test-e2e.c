/* test-e2e.c — the end-to-end test: the application's window on the gasoline example, Train
 * through win.train, a few epochs, the loss fell, the Inside page holds data for every conv layer, Stop
 * (win.stop) leaves the worker joined; then a screenshot of every page, light and dark, into
 * $SCREENSHOT_DIR (data.png, preprocess.png, model.png, training.png, inside.png, pls.png, compare.png,
 * lab.png when the page exists; the same with -dark). */
#include <gtk/gtk.h>
#include <string.h>

#include "cw-application.h"
#include "cw-compare-view.h"
#include "cw-data-view.h"
#include "cw-inside-view.h"
#include "cw-pls-view.h"
#include "cw-preprocess-view.h"
#include "cw-window.h"

#define MIN_EPOCHS 8

static CwApplication *app;

/* ---- main loop ---- */

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

static gboolean
wait_until (Condition condition, gpointer data, int timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  while (!condition (data) && g_get_monotonic_time () < deadline)
    spin_ms (10);
  return condition (data);
}

static gboolean
window_mapped (gpointer window)
{
  return gtk_widget_get_mapped (window) && gtk_widget_get_width (window) > 0;
}

static gboolean
enough_epochs (gpointer session)
{
  CwTrainingSnapshot *snapshot = cw_training_session_get_snapshot (session);
  return snapshot && snapshot->n_epochs >= MIN_EPOCHS;
}

static gboolean
session_idle (gpointer session)
{
  return cw_training_session_get_state (session) == CW_SESSION_IDLE;
}

typedef struct
{
  CwWindow *window;
  int wanted;
} MapsWait;

static gboolean
inside_has_all_maps (gpointer data)
{
  MapsWait *wait = data;
  GtkWidget *inside = cw_window_get_page (wait->window, "inside");
  return cw_inside_view_get_n_maps_with_data (CW_INSIDE_VIEW (inside)) == wait->wanted;
}

/* The page's background work (previews, fits, comparisons) is done. */
static gboolean
page_settled (gpointer data)
{
  CwWindow *window = data;
  const char *name = cw_window_get_visible_page_name (window);
  GtkWidget *page = cw_window_get_page (window, name);
  if (!gtk_widget_get_mapped (page))
    return FALSE;
  if (!g_strcmp0 (name, "preprocess"))
    return !cw_preprocess_view_get_busy (CW_PREPROCESS_VIEW (page));
  if (!g_strcmp0 (name, "pls"))
    return !cw_pls_view_is_busy (CW_PLS_VIEW (page)) && cw_pls_view_get_result (CW_PLS_VIEW (page));
  if (!g_strcmp0 (name, "compare"))
    return !cw_compare_view_is_busy (CW_COMPARE_VIEW (page));
  return TRUE;
}

/* ---- rendering ---- */

static GdkTexture *
render (GtkWidget *widget)
{
  int width = 0, height = 0;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  /* A window waiting for its next layout draws nothing (a page that just changed size, a label that
   * just changed text): let the frame clock run until it draws, bounded, as app-test-util.h's render. */
  GskRenderNode *node = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!node && g_get_monotonic_time () < deadline)
    {
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (!node)
        spin_ms (30);
    }
  g_assert_cmpint (width, >, 0);
  g_assert_nonnull (node);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  GdkTexture *texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  return texture;
}

/* Clearly coloured pixels (not grey, white or black): drawn series and heatmaps, not frames or text. */
static int
count_coloured_pixels (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  int count = 0;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = pixels + y * stride + x * 4;
        int hi = MAX (p[0], MAX (p[1], p[2])), lo = MIN (p[0], MIN (p[1], p[2]));
        count += hi - lo > 60;
      }
  return count;
}

static void
screenshot_page (CwWindow *window, const char *page, const char *suffix, int min_coloured)
{
  cw_window_show_page (window, page);
  g_assert_true (wait_until (page_settled, window, 120000));
  spin_ms (400); /* the crossfade and the redraw after the last result */

  const char *dir = g_getenv ("SCREENSHOT_DIR");
  if (!dir || !*dir)
    dir = g_get_tmp_dir ();
  g_mkdir_with_parents (dir, 0755);
  g_autofree char *name = g_strdup_printf ("%s%s.png", page, suffix);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GdkTexture) texture = render (GTK_WIDGET (window));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  int coloured = count_coloured_pixels (texture);
  g_printerr ("# screenshot %s (%d coloured pixels)\n", path, coloured);
  g_assert_cmpint (coloured, >, min_coloured);
}

static int
count_conv_layers (const cw_spec *spec)
{
  int n = 0;
  for (int i = 0; i < cw_spec_count (spec); i++)
    n += cw_spec_get (spec, i)->type == CW_LAYER_CONV;
  return n;
}

/* ---- the test ---- */

static void
test_train_inside_stop_screenshots (void)
{
  CwWindow *window = CW_WINDOW (cw_application_new_window (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_until (window_mapped, window, 5000));
  CwProject *project = cw_window_get_project (window);
  CwTrainingSession *session = cw_window_get_session (window);
  g_assert_cmpint (cw_dataset_n_samples (cw_project_get_dataset (project)), ==, 60);
  int n_conv = count_conv_layers (cw_project_get_spec (project));
  g_assert_cmpint (n_conv, >=, 1);

  /* New data trains auto, cross-validated on the training rows (gasoline's split column names the test
   * rows). The live part trains the Custom stack on a holdout instead: stopped, its run is the model. */
  g_assert_cmpstr (cw_project_get_recipe_settings (project)->recipe, ==, CW_RECIPE_AUTO);
  CwRowSettings defaults;
  cw_row_settings_copy (&defaults, cw_project_get_row_settings (project));
  g_assert_cmpint (defaults.choose_by, ==, CW_CHOOSE_CV);
  CwRecipeSettings recipe = *cw_project_get_recipe_settings (project);
  recipe.recipe = (char *) CW_RECIPE_CUSTOM;
  g_assert_true (cw_project_set_recipe_settings (project, &recipe, NULL));
  CwRowSettings holdout;
  cw_row_settings_copy (&holdout, &defaults);
  holdout.choose_by = CW_CHOOSE_HOLDOUT;
  holdout.holdout_fraction = 0.2;
  g_assert_true (cw_project_set_row_settings (project, &holdout, NULL));
  cw_row_settings_clear (&holdout);

  /* Far more epochs than will run: Stop must end it, not the schedule. */
  cw_train_config config = *cw_project_get_train_config (project);
  config.epochs = 100000;
  config.patience = 0;
  cw_project_set_train_config (project, &config);

  /* The Data page first, every sample overlaid (before one is picked below). */
  GtkSettings *settings = gtk_settings_get_default ();
  screenshot_page (window, "data", "", 5000);
  g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  screenshot_page (window, "data", "-dark", 5000);
  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);

  /* Watch a sample (row 51, a test row) from any page: all pages follow. */
  g_signal_emit_by_name (cw_window_get_page (window, "data"), "sample-activated", 50);

  /* Train through the action, as Ctrl+Return or the header button does. */
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "train"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  g_assert_cmpint (cw_training_session_get_state (session), ==, CW_SESSION_RUNNING);
  g_assert_true (wait_until (enough_epochs, session, 120000));

  /* The loss fell. */
  CwTrainingSnapshot *snapshot = cw_training_session_get_snapshot (session);
  g_assert_false (snapshot->finished);
  double first = snapshot->train_loss_hist[0], last = snapshot->train_loss_hist[snapshot->n_epochs - 1];
  g_printerr ("# train loss %.4g after epoch 1, %.4g after epoch %d\n", first, last, snapshot->n_epochs);
  g_assert_cmpfloat (last, <, first);
  g_assert_cmpint (snapshot->watched, ==, 50);

  /* The Inside page holds data for every conv layer, live. */
  cw_window_show_page (window, "inside");
  MapsWait maps = { window, n_conv };
  g_assert_true (wait_until (inside_has_all_maps, &maps, 10000));
  g_assert_cmpint (snapshot->n_maps, ==, n_conv);

  /* Stop leaves the worker joined within a second; the model so far is the project's. */
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "stop"));
  gint64 stop_start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  g_assert_true (wait_until (session_idle, session, 1000));
  g_printerr ("# stopped in %.0f ms\n", (g_get_monotonic_time () - stop_start) / 1000.0);
  g_assert_nonnull (cw_project_get_model (project));
  const cw_history *history = cw_project_get_history (project);
  g_assert_nonnull (history);
  g_assert_cmpint (history->epochs, >=, MIN_EPOCHS);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "train"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "stop"));
  /* Idle, the Inside page still shows every layer (from the trained model now). Its screenshots show this
   * convolutional network: auto below may well choose one without conv layers. */
  spin_ms (200);
  g_assert_true (wait_until (inside_has_all_maps, &maps, 10000));
  for (int dark = 0; dark <= 1; dark++)
    {
      g_object_set (settings, "gtk-application-prefer-dark-theme", dark, NULL);
      spin_ms (100);
      screenshot_page (window, "inside", dark ? "-dark" : "", 20000);
    }
  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);

  /* For the screenshots, a whole run as a user would start it: auto, 5-fold CV, to the end. A time budget
   * of 30 s skips the costliest candidates (how many depends on the machine, and on a sanitizer). */
  g_assert_true (cw_project_set_row_settings (project, &defaults, NULL));
  cw_row_settings_clear (&defaults);
  recipe.recipe = (char *) CW_RECIPE_AUTO;
  recipe.time_budget_s = 30;
  g_assert_true (cw_project_set_recipe_settings (project, &recipe, NULL));
  cw_window_show_page (window, "model");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  g_assert_cmpstr (cw_window_get_visible_page_name (window), ==, "training");
  g_assert_true (wait_until (session_idle, session, 900000));
  CwFitSummary *summary = cw_project_get_fit_summary (project);
  g_assert_nonnull (summary);
  g_assert_cmpint (summary->n_candidates, >=, 2);
  g_assert_cmpint (summary->validation, ==, CW_VALIDATE_CV);
  g_printerr ("# auto chose %s: %s\n", summary->candidates[summary->chosen].name, summary->epoch_reason);

  /* A screenshot of every other page, light then dark. */
  const char *pages[] = { "preprocess", "model", "training", "pls", "compare", "lab" };
  const int min_coloured[] = { 5000, 200, 2000, 5000, 2000, 500 };
  for (int dark = 0; dark <= 1; dark++)
    {
      g_object_set (settings, "gtk-application-prefer-dark-theme", dark, NULL);
      spin_ms (100);
      for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
        if (cw_window_get_page (window, pages[i]))
          screenshot_page (window, pages[i], dark ? "-dark" : "", min_coloured[i]);
    }
  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);

  cw_project_set_modified (project, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
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

  app = cw_application_new ();
  /* No session bus under the test runner: a non-unique application registers locally (and starts up). */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/e2e/train-inside-stop-screenshots", test_train_inside_stop_screenshots);
  int status = g_test_run ();
  g_object_unref (app);
  return status;
}
