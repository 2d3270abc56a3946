/* cw-training-session.c — the session object on the main thread: start() builds the worker's job from the
 * project (cw-training-job.c runs the fit driver there), pause/resume/stop, and the one-slot mailbox a
 * source on the MAIN context empties at most ~30 times a second, emitting "snapshot". Pause blocks the
 * worker's runs on a condition variable; stop cancels them. When the job returns, the task's callback on
 * the main thread hands the model, history and fit summary to the project and emits "finished". */
#include "cw-background.h"
#include "cw-training-session-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_TYPE (CwTrainingSession, cw_training_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  N_PROPS
};

enum
{
  SNAPSHOT,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GType
cw_session_state_get_type (void)
{
  static gsize type = 0;
  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { CW_SESSION_IDLE, "CW_SESSION_IDLE", "idle" },
        { CW_SESSION_RUNNING, "CW_SESSION_RUNNING", "running" },
        { CW_SESSION_PAUSED, "CW_SESSION_PAUSED", "paused" },
        { CW_SESSION_STOPPING, "CW_SESSION_STOPPING", "stopping" },
        { 0, NULL, NULL },
      };
      g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("CwSessionState"), values));
    }
  return type;
}

void
cw_training_session_lock (CwTrainingSession *self)
{
  g_mutex_lock (&self->lock);
  HANDOFF_ACQUIRE (&self->lock);
}

void
cw_training_session_unlock (CwTrainingSession *self)
{
  HANDOFF_RELEASE (&self->lock);
  g_mutex_unlock (&self->lock);
}

static gboolean deliver_pending_cb (gpointer user_data);

/* Worker: puts the snapshot in the mailbox (replacing one the main thread has not taken yet) and
 * makes sure a source on the main context will deliver it, no sooner than the interval allows. */
void
cw_training_session_publish (CwTrainingSession *self, CwTrainingSnapshot *snapshot)
{
  HANDOFF_RELEASE (snapshot);
  cw_training_session_lock (self);
  CwTrainingSnapshot *replaced = self->pending;
  self->pending = snapshot;
  gboolean schedule = !self->delivery_scheduled;
  self->delivery_scheduled = TRUE;
  gint64 since = g_get_monotonic_time () - self->last_delivery_us;
  cw_training_session_unlock (self);
  if (replaced)
    cw_training_snapshot_unref (replaced);
  if (!schedule)
    return;

  /* g_main_context_invoke would run the callback right here when the main thread is not iterating:
   * attach a source to the main context instead. */
  guint delay_ms = since >= SNAPSHOT_INTERVAL_US ? 0 : (guint) ((SNAPSHOT_INTERVAL_US - since) / 1000 + 1);
  GSource *source = delay_ms ? g_timeout_source_new (delay_ms) : g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, deliver_pending_cb, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[conv1d] training snapshot");
  g_source_attach (source, g_main_context_default ());
  g_source_unref (source);
}

static void
train_thread (GTask *task, gpointer no_source, gpointer task_data, GCancellable *cancellable)
{
  CwTrainingJob *job = task_data;
  HANDOFF_ACQUIRE (job);
  cw_training_job_run (job);
  HANDOFF_RELEASE (job);
  g_task_return_boolean (task, TRUE);
}

/* ---- main thread ---- */

static void
set_state (CwTrainingSession *self, CwSessionState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Takes the mailbox's snapshot (if any) and emits it. */
static void
deliver_pending (CwTrainingSession *self)
{
  cw_training_session_lock (self);
  CwTrainingSnapshot *snapshot = g_steal_pointer (&self->pending);
  self->delivery_scheduled = FALSE;
  self->last_delivery_us = g_get_monotonic_time ();
  cw_training_session_unlock (self);
  if (!snapshot)
    return;
  HANDOFF_ACQUIRE (snapshot);
  g_clear_pointer (&self->snapshot, cw_training_snapshot_unref);
  self->snapshot = snapshot;
  g_signal_emit (self, signals[SNAPSHOT], 0, snapshot);
}

static gboolean
deliver_pending_cb (gpointer user_data)
{
  deliver_pending (CW_TRAINING_SESSION (user_data));
  return G_SOURCE_REMOVE;
}

/* Main thread: the worker has ended. Deliver its last snapshot, hand the model to the project (also
 * after stop: the best model finished so far is not lost), then say so. */
static void
on_training_done (GObject *no_source, GAsyncResult *result, gpointer user_data)
{
  CwTrainingSession *self = user_data; /* the reference start() took */
  CwTrainingJob *job = g_task_get_task_data (G_TASK (result));
  HANDOFF_ACQUIRE (job);

  deliver_pending (self);
  g_autofree char *message = NULL;
  cw_status status = cw_training_job_finish (job, self->project, &message);
  self->worker_running = FALSE;
  g_clear_object (&self->project);
  g_clear_object (&self->cancellable);
  cw_training_session_lock (self);
  self->paused = FALSE;
  cw_training_session_unlock (self);
  set_state (self, CW_SESSION_IDLE);
  if (self->held_application)
    {
      g_application_release (self->held_application);
      g_clear_object (&self->held_application);
    }
  /* The task (and with it the job) may be freed on the worker. */
  HANDOFF_RELEASE (job);
  g_signal_emit (self, signals[FINISHED], 0, (int) status, message);
  g_object_unref (self);
}

gboolean
cw_training_session_start (CwTrainingSession *self, CwProject *project, GError **error)
{
  g_return_val_if_fail (CW_IS_TRAINING_SESSION (self), FALSE);
  g_return_val_if_fail (CW_IS_PROJECT (project), FALSE);

  if (self->worker_running)
    {
      g_set_error_literal (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT,
                           "A training session is already running.");
      return FALSE;
    }
  g_autofree char *problem = NULL;
  if (!cw_project_check_training (project, &problem, NULL))
    {
      g_set_error_literal (error, CW_PROJECT_ERROR, CW_ERR_SHAPE, problem);
      return FALSE;
    }
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  CwTrainingJob *job = cw_training_job_new (self, project, cancellable, error);
  if (!job)
    return FALSE;

  self->project = g_object_ref (project);
  self->cancellable = g_steal_pointer (&cancellable);
  cw_training_session_lock (self);
  self->paused = FALSE;
  g_clear_pointer (&self->pending, cw_training_snapshot_unref);
  self->delivery_scheduled = FALSE;
  self->last_delivery_us = 0;
  cw_training_session_unlock (self);
  g_clear_pointer (&self->snapshot, cw_training_snapshot_unref);

  /* No source object: the task's last reference may be dropped on the worker, and no GObject may be
   * finalized there. The session keeps itself (and the application) alive until on_training_done. */
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, on_training_done, g_object_ref (self));
  g_task_set_source_tag (task, cw_training_session_start);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) cw_training_job_free);
  self->worker_running = TRUE;
  GApplication *application = g_application_get_default ();
  if (application)
    {
      self->held_application = g_object_ref (application);
      g_application_hold (application);
    }
  set_state (self, CW_SESSION_RUNNING);
  HANDOFF_RELEASE (job);
  cw_task_run_in_background (task, train_thread);
  return TRUE;
}

void
cw_training_session_pause (CwTrainingSession *self)
{
  g_return_if_fail (CW_IS_TRAINING_SESSION (self));
  if (self->state != CW_SESSION_RUNNING)
    return;
  cw_training_session_lock (self);
  self->paused = TRUE;
  cw_training_session_unlock (self);
  set_state (self, CW_SESSION_PAUSED);
}

void
cw_training_session_resume (CwTrainingSession *self)
{
  g_return_if_fail (CW_IS_TRAINING_SESSION (self));
  if (self->state != CW_SESSION_PAUSED)
    return;
  cw_training_session_lock (self);
  self->paused = FALSE;
  g_cond_broadcast (&self->resume_cond);
  cw_training_session_unlock (self);
  set_state (self, CW_SESSION_RUNNING);
}

void
cw_training_session_stop (CwTrainingSession *self)
{
  g_return_if_fail (CW_IS_TRAINING_SESSION (self));
  if (!self->worker_running || self->state == CW_SESSION_STOPPING)
    return;
  /* Cancel first, then wake a paused worker: it re-checks the cancellable under the lock. */
  g_cancellable_cancel (self->cancellable);
  cw_training_session_lock (self);
  self->paused = FALSE;
  g_cond_broadcast (&self->resume_cond);
  cw_training_session_unlock (self);
  set_state (self, CW_SESSION_STOPPING);
}

static gboolean
wake_up_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
cw_training_session_wait (CwTrainingSession *self, int timeout_ms)
{
  g_return_val_if_fail (CW_IS_TRAINING_SESSION (self), FALSE);
  if (!self->worker_running)
    return TRUE;
  g_object_ref (self);
  gint64 deadline = g_get_monotonic_time () + (gint64) MAX (timeout_ms, 0) * 1000;
  /* A blocking iteration returns at least every 10 ms, so the deadline is honoured. */
  GSource *tick = g_timeout_source_new (10);
  g_source_set_callback (tick, wake_up_cb, NULL, NULL);
  g_source_attach (tick, g_main_context_default ());
  while (self->worker_running && g_get_monotonic_time () < deadline)
    g_main_context_iteration (g_main_context_default (), TRUE);
  g_source_destroy (tick);
  g_source_unref (tick);
  gboolean ended = !self->worker_running;
  g_object_unref (self);
  return ended;
}

CwSessionState
cw_training_session_get_state (CwTrainingSession *self)
{
  g_return_val_if_fail (CW_IS_TRAINING_SESSION (self), CW_SESSION_IDLE);
  return self->state;
}

void
cw_training_session_set_watched (CwTrainingSession *self, int row)
{
  g_return_if_fail (CW_IS_TRAINING_SESSION (self));
  cw_training_session_lock (self);
  self->watched = row;
  cw_training_session_unlock (self);
}

CwTrainingSnapshot *
cw_training_session_get_snapshot (CwTrainingSession *self)
{
  g_return_val_if_fail (CW_IS_TRAINING_SESSION (self), NULL);
  return self->snapshot;
}

/* ---- GObject ---- */

static void
cw_training_session_dispose (GObject *object)
{
  CwTrainingSession *self = CW_TRAINING_SESSION (object);

  /* Only reachable with a worker through g_object_run_dispose: make it end soon. */
  if (self->worker_running)
    cw_training_session_stop (self);
  g_clear_pointer (&self->snapshot, cw_training_snapshot_unref);

  G_OBJECT_CLASS (cw_training_session_parent_class)->dispose (object);
}

static void
cw_training_session_finalize (GObject *object)
{
  CwTrainingSession *self = CW_TRAINING_SESSION (object);

  g_clear_pointer (&self->pending, cw_training_snapshot_unref);
  g_clear_object (&self->project);
  g_clear_object (&self->cancellable);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->resume_cond);

  G_OBJECT_CLASS (cw_training_session_parent_class)->finalize (object);
}

static void
cw_training_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CwTrainingSession *self = CW_TRAINING_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_training_session_class_init (CwTrainingSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cw_training_session_dispose;
  object_class->finalize = cw_training_session_finalize;
  object_class->get_property = cw_training_session_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, CW_TYPE_SESSION_STATE, CW_SESSION_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SNAPSHOT] = g_signal_new ("snapshot", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                    NULL, G_TYPE_NONE, 1, CW_TYPE_TRAINING_SNAPSHOT);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                    NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
}

static void
cw_training_session_init (CwTrainingSession *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->resume_cond);
  self->watched = -1;
  self->state = CW_SESSION_IDLE;
}

CwTrainingSession *
cw_training_session_new (void)
{
  return g_object_new (CW_TYPE_TRAINING_SESSION, NULL);
}
