/* session-test-util.h — what the session tests share: a recorder of snapshots and "finished", bounded
 * main-loop waits, and gasoline trained by the Custom recipe on a holdout of its training rows. */
#pragma once

#include <math.h>
#include <string.h>

#include "cw-training-session.h"
#include "rows-test-util.h"

#define GASOLINE RESOURCES_DIR "/data/gasoline.csv"

static GThread *main_thread; /* set by main */

typedef struct
{
  int snapshots;
  CwTrainingSnapshot *last;
  gint64 times[4096];      /* monotonic time of each delivery */
  gboolean finished_flags[4096];
  int finished;
  int status;
  char *message;
} Recorder;

static G_GNUC_UNUSED void
recorder_clear (Recorder *r)
{
  g_clear_pointer (&r->last, cw_training_snapshot_unref);
  g_clear_pointer (&r->message, g_free);
}

static G_GNUC_UNUSED void
on_snapshot (CwTrainingSession *session, CwTrainingSnapshot *snapshot, Recorder *r)
{
  /* Delivered on the main thread, by the main context. */
  g_assert_true (g_thread_self () == main_thread);
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_assert_true (cw_training_session_get_snapshot (session) == snapshot);
  if (r->snapshots < (int) G_N_ELEMENTS (r->times))
    {
      r->times[r->snapshots] = g_get_monotonic_time ();
      r->finished_flags[r->snapshots] = snapshot->finished;
    }
  r->snapshots++;
  g_clear_pointer (&r->last, cw_training_snapshot_unref);
  r->last = cw_training_snapshot_ref (snapshot);
}

static G_GNUC_UNUSED void
on_finished (CwTrainingSession *session, int status, const char *message, Recorder *r)
{
  g_assert_true (g_thread_self () == main_thread);
  g_assert_cmpint (cw_training_session_get_state (session), ==, CW_SESSION_IDLE);
  r->finished++;
  r->status = status;
  g_free (r->message);
  r->message = g_strdup (message);
}

static G_GNUC_UNUSED CwTrainingSession *
new_session (Recorder *r)
{
  CwTrainingSession *session = cw_training_session_new ();
  g_signal_connect (session, "snapshot", G_CALLBACK (on_snapshot), r);
  g_signal_connect (session, "finished", G_CALLBACK (on_finished), r);
  return session;
}

/* The project's own stack and settings (Custom) train. */
static G_GNUC_UNUSED void
use_custom_recipe (CwProject *project)
{
  CwRecipeSettings recipe = *cw_project_get_recipe_settings (project);
  recipe.recipe = (char *) CW_RECIPE_CUSTOM;
  g_assert_true (cw_project_set_recipe_settings (project, &recipe, NULL));
}

/* Gasoline, Custom: split_vignette's 10 test rows, 10 of the 50 training rows held out to validate. */
static G_GNUC_UNUSED CwProject *
gasoline_project (int epochs, float lr)
{
  CwProject *project = cw_project_new ();
  g_autoptr(GFile) file = g_file_new_for_path (GASOLINE);
  g_assert_true (cw_project_load_data (project, file, NULL));
  use_custom_recipe (project);
  CwRowSettings rows;
  cw_row_settings_copy (&rows, cw_project_get_row_settings (project));
  rows.choose_by = CW_CHOOSE_HOLDOUT;
  rows.holdout_fraction = 0.2;
  g_assert_true (cw_project_set_row_settings (project, &rows, NULL));
  cw_row_settings_clear (&rows);
  cw_train_config config = *cw_project_get_train_config (project);
  config.epochs = epochs;
  config.optimizer.lr = lr;
  cw_project_set_train_config (project, &config);
  cw_project_set_threads (project, 2);
  return project;
}

/* Iterates the main context until *counter > value or the deadline passes. */
static G_GNUC_UNUSED gboolean
wait_for_more (int *counter, int value, double seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  while (*counter <= value && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  return *counter > value;
}

static G_GNUC_UNUSED void
spin (double seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  while (g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

