/* test-shutdown.c — the workbench exits cleanly: the application runs as main.c runs it
 * (g_application_run), a window trains the gasoline example, shows every page (so the PLS, saliency,
 * drift, preprocessing preview and lab jobs get their chance to start), is closed (Discard), and the
 * application ends and is freed. Not one GLib warning or critical may be logged on the way, the window,
 * its project and its training session must be finalized, and closing while the worker runs must stop
 * it within a second. */
#include <gtk/gtk.h>
#include <stdlib.h>

#include "app-test-util.h"
#include "cw-application.h"
#include "cw-window.h"

/* Every GLib message of level warning or worse, whether or not it is fatal here. */
static int n_warnings;

static GLogWriterOutput
count_warnings (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    n_warnings++;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* ---- main loop ---- */

static gboolean
window_ready (gpointer window)
{
  return gtk_widget_get_mapped (window) && !cw_window_is_loading (window);
}

static gboolean
session_idle (gpointer session)
{
  return cw_training_session_get_state (session) == CW_SESSION_IDLE;
}

static gboolean
has_epochs (gpointer session)
{
  CwTrainingSnapshot *snapshot = cw_training_session_get_snapshot (session);
  return snapshot && snapshot->n_epochs >= 3;
}

/* The unsaved-changes question of a window. */
static GtkDialog *
find_question (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);
      if (GTK_IS_MESSAGE_DIALOG (toplevel) && gtk_window_get_transient_for (toplevel) == window)
        return GTK_DIALOG (toplevel);
    }
  return NULL;
}

static gboolean
has_question (gpointer window)
{
  return find_question (window) != NULL;
}

/* ---- the scenario, run from inside g_application_run ---- */

typedef struct
{
  gboolean mid_training;   /* close while the worker runs, instead of after it finished */
  CwWindow *window;        /* weak pointers: each must be finalized by the end */
  CwProject *project;
  CwTrainingSession *session;
  gboolean worker_running_at_close;
  gint64 close_us;         /* how long closing took while the worker ran */
  gboolean done;
} Scenario;

/* Gasoline, Custom recipe on a holdout of its training rows: a few seconds of training. */
static void
configure_short_training (CwProject *project, int epochs)
{
  CwRecipeSettings recipe = *cw_project_get_recipe_settings (project);
  recipe.recipe = (char *) CW_RECIPE_CUSTOM;
  g_assert_true (cw_project_set_recipe_settings (project, &recipe, NULL));
  CwRowSettings rows;
  cw_row_settings_copy (&rows, cw_project_get_row_settings (project));
  rows.choose_by = CW_CHOOSE_HOLDOUT;
  rows.holdout_fraction = 0.2;
  g_assert_true (cw_project_set_row_settings (project, &rows, NULL));
  cw_row_settings_clear (&rows);
  cw_train_config config = *cw_project_get_train_config (project);
  config.epochs = epochs;
  config.patience = 0;
  cw_project_set_train_config (project, &config);
}

static void
show_every_page (CwWindow *window)
{
  static const char *const pages[] = { "data", "preprocess", "model", "inside", "pls", "compare", "lab",
                                       "training" };
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      cw_window_show_page (window, pages[i]);
      spin_ms (150);
    }
}

static gboolean
drive (gpointer data)
{
  Scenario *s = data;
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  GList *windows = gtk_application_get_windows (app);
  g_assert_cmpuint (g_list_length (windows), ==, 1);
  CwWindow *window = CW_WINDOW (windows->data);
  g_assert_true (wait_for (window_ready, window, 10));
  CwProject *project = cw_window_get_project (window);
  CwTrainingSession *session = cw_window_get_session (window);
  g_set_weak_pointer (&s->window, window);
  g_set_weak_pointer (&s->project, project);
  g_set_weak_pointer (&s->session, session);

  configure_short_training (project, s->mid_training ? 100000 : 15);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  g_assert_cmpint (cw_training_session_get_state (session), ==, CW_SESSION_RUNNING);
  if (s->mid_training)
    {
      g_assert_true (wait_for (has_epochs, session, 60));
      show_every_page (window);
      g_assert_cmpint (cw_training_session_get_state (session), ==, CW_SESSION_RUNNING);
    }
  else
    {
      g_assert_true (wait_for (session_idle, session, 120));
      g_assert_nonnull (cw_project_get_model (project));
      show_every_page (window);
    }

  /* Quit as Ctrl+Q does: the window asks about the unsaved model (the worker already stopped). */
  s->worker_running_at_close = !session_idle (session);
  gint64 start = g_get_monotonic_time ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  s->close_us = g_get_monotonic_time () - start;
  /* Stopped within the second close_request waits (ThreadSanitizer slows an epoch past that: there the
   * worker must still stop, only later). */
#if !defined(__SANITIZE_THREAD__)
  g_assert_true (session_idle (session));
#endif
  g_assert_true (wait_for (session_idle, session, 60));
  g_assert_true (wait_for (has_question, window, 5));
  gtk_dialog_response (find_question (GTK_WINDOW (window)), 1 /* Discard */);
  s->done = TRUE;
  /* The application ends with its last window: g_application_run returns. */
  return G_SOURCE_REMOVE;
}

static gboolean
all_gone (gpointer data)
{
  Scenario *s = data;
  return !s->window && !s->project && !s->session;
}

static void
run_scenario (gboolean mid_training)
{
  n_warnings = 0;
  Scenario s = { .mid_training = mid_training };
  CwApplication *app = cw_application_new ();
  /* No session bus here: a non-unique application registers locally. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_timeout_add (50, drive, &s);
  int status = g_application_run (G_APPLICATION (app), 0, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (s.done);
  g_object_unref (app);
  /* Whatever was left for the main loop (idle deliveries, job callbacks) runs as main.c's exit would
   * leave it; then everything the window owned is gone. */
  wait_for (all_gone, &s, 10);
  g_assert_null (s.window);
  g_assert_null (s.session);
  g_assert_null (s.project);
  spin_ms (100);
  if (mid_training)
    {
      g_assert_true (s.worker_running_at_close);
#if !defined(__SANITIZE_THREAD__)
      g_assert_cmpint (s.close_us, <, 1500 * 1000);
#endif
    }
  g_assert_cmpint (n_warnings, ==, 0);
}

/* One application per process (GLib's application name is set once): each scenario runs in a
 * subprocess of its own, which passes only if it exits cleanly. */
static void
test_exit_after_training (void)
{
  if (g_test_subprocess ())
    {
      run_scenario (FALSE);
      return;
    }
  g_test_trap_subprocess (NULL, 300 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_exit_mid_training (void)
{
  if (g_test_subprocess ())
    {
      run_scenario (TRUE);
      return;
    }
  g_test_trap_subprocess (NULL, 300 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int argc, char *argv[])
{
  g_log_set_writer_func (count_warnings, NULL, NULL);
  if (!gtk_init_check ())
    {
      puts ("1..0 # SKIP no display");
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/shutdown/exit-after-training", test_exit_after_training);
  g_test_add_func ("/shutdown/exit-mid-training", test_exit_mid_training);
  return g_test_run ();
}
