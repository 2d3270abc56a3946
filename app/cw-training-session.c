/* cw-training-session.c — cw_train on a worker thread. start() copies what the worker needs out of the
 * project (arrays, spec, settings, the preprocessing fitted on the training rows), so the worker never
 * touches a GObject but the session's lock. The worker runs every row through the pipeline before
 * training (the CNN's own standardisation comes on top), so the network, its snapshots and the model
 * handed back all live on the preprocessed signal and its axis (shortened by a range selection).
 * From the engine's callbacks the worker publishes immutable snapshots into a one-slot mailbox; a source
 * on the MAIN context swaps them in (at most ~30 a second) and emits "snapshot". Pause blocks the
 * worker between batches on a condition variable; stop cancels it. When cw_train returns, the task's
 * callback on the main thread hands the model and its history to the project and emits "finished". */
#include "cw-training-session.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
/* GLib's locks are not instrumented: tell ThreadSanitizer where data changes hands. */
#define HANDOFF_RELEASE(p) __tsan_release (p)
#define HANDOFF_ACQUIRE(p) __tsan_acquire (p)
#else
#define HANDOFF_RELEASE(p) ((void) (p))
#define HANDOFF_ACQUIRE(p) ((void) (p))
#endif

/* ~30 snapshots a second: enough for smooth curves, little enough to leave the main thread idle. */
#define SNAPSHOT_INTERVAL_US 33000

struct _CwTrainingSession
{
  GObject parent_instance;

  /* owned, main thread only */
  CwProject *project;            /* the project being trained; held while the worker runs */
  GCancellable *cancellable;
  GApplication *held_application;
  CwTrainingSnapshot *snapshot;  /* the latest delivered */
  CwSessionState state;
  gboolean worker_running;

  /* shared with the worker: under lock */
  GMutex lock;
  GCond resume_cond;
  gboolean paused;
  int watched;                   /* dataset row; -1 = the first validation row */
  CwTrainingSnapshot *pending;   /* published, not yet delivered */
  gboolean delivery_scheduled;
  gint64 last_delivery_us;
};

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

static void
session_lock (CwTrainingSession *self)
{
  g_mutex_lock (&self->lock);
  HANDOFF_ACQUIRE (&self->lock);
}

static void
session_unlock (CwTrainingSession *self)
{
  HANDOFF_RELEASE (&self->lock);
  g_mutex_unlock (&self->lock);
}

/* ---- what the worker owns ---- */

typedef struct
{
  CwTrainingSession *session;    /* borrowed: the session holds itself alive until the task's callback */
  GCancellable *cancellable;
  cw_model *model;
  cw_train_config config;
  cw_task task;
  int n, channels, length, k;
  float *x;                      /* all rows: raw until the worker preprocesses them (then length values) */
  float *y;                      /* n x k targets, until the worker splits them */
  unsigned char *is_val;         /* n: the validation rows */
  unsigned char *roles;          /* n: CW_ROLE_* */
  cw_pipeline *pipeline;         /* fitted on the training rows; goes to the project with the model */
  double *axis;                  /* the pipeline's output axis: length values */
  cw_xy train, val;
  int n_val;
  int *val_ids;
  /* progress, worker only */
  gint64 last_snapshot_us, epoch_started_us;
  int n_epochs;
  double *train_loss, *val_loss, *train_metric, *val_metric;
  cw_metrics val_metrics;        /* of the last epoch end */
  float *val_pred;               /* of the last epoch end that built a snapshot */
  gboolean have_val_pred;
  cw_progress last_progress;
  /* result */
  cw_status status;
  char *message;
  cw_history history;
} TrainJob;

/* May run on the worker (the task's last reference can be dropped there): plain memory only. */
static void
train_job_free (TrainJob *job)
{
  HANDOFF_ACQUIRE (job);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->model, cw_model_free);
  g_free (job->x);
  g_free (job->y);
  g_free (job->is_val);
  g_free (job->roles);
  g_clear_pointer (&job->pipeline, cw_pipeline_free);
  g_free (job->axis);
  cw_xy_free (&job->train);
  cw_xy_free (&job->val);
  g_free (job->val_ids);
  g_free (job->train_loss);
  g_free (job->val_loss);
  g_free (job->train_metric);
  g_free (job->val_metric);
  cw_metrics_clear (&job->val_metrics);
  g_free (job->val_pred);
  g_free (job->message);
  cw_history_clear (&job->history);
  g_free (job);
}

static double
headline (const cw_metrics *m)
{
  if (m->n == 0)
    return NAN;
  return m->task == CW_TASK_REGRESSION ? m->rmse : m->accuracy;
}

static int
watched_row (TrainJob *job)
{
  session_lock (job->session);
  int row = job->session->watched;
  session_unlock (job->session);
  if (row < 0 || row >= job->n)
    row = job->val.n > 0 ? job->val_ids[0] : 0;
  return row;
}

/* The parts every snapshot has: progress, history so far, validation predictions, activations. */
static CwTrainingSnapshot *
build_snapshot (TrainJob *job, const cw_progress *p, const double *train_loss, const double *val_loss,
                const double *train_metric, const double *val_metric, int n_epochs, gboolean capture)
{
  CwTrainingSnapshot *s = cw_training_snapshot_new ();
  s->epoch = p->epoch;
  s->epochs = p->epochs;
  s->batch = p->batch;
  s->batches = p->batches;
  s->batch_loss = p->batch_loss;
  s->train_loss = p->train_loss;
  /* Between epoch ends the last validation loss is still the best thing to show. */
  s->val_loss = p->epoch_end || n_epochs == 0 ? p->val_loss : val_loss[n_epochs - 1];
  s->lr = p->lr;
  s->samples_per_s = p->samples_per_s;
  s->elapsed_s = p->elapsed_s;
  s->eta_s = p->eta_s;
  s->best_epoch = p->best_epoch;
  s->task = job->task;

  s->n_epochs = n_epochs;
  gsize bytes = (gsize) n_epochs * sizeof (double);
  s->train_loss_hist = g_memdup2 (train_loss, bytes);
  s->val_loss_hist = g_memdup2 (val_loss, bytes);
  s->train_metric_hist = g_memdup2 (train_metric, bytes);
  s->val_metric_hist = g_memdup2 (val_metric, bytes);
  cw_training_snapshot_copy_metrics (&s->val_metrics, &job->val_metrics);

  s->k = job->k;
  if (job->have_val_pred)
    {
      s->n_val = job->val.n;
      gsize cells = (gsize) job->val.n * (gsize) job->k * sizeof (float);
      s->val_ids = g_memdup2 (job->val_ids, (gsize) job->val.n * sizeof (int));
      s->val_truth = g_memdup2 (job->val.y, cells);
      s->val_pred = g_memdup2 (job->val_pred, cells);
    }

  if (capture)
    {
      int row = watched_row (job);
      size_t sample = (size_t) job->channels * (size_t) job->length;
      cw_training_snapshot_capture_activations (s, job->model, job->x + (size_t) row * sample, row, job->axis);
    }
  return s;
}

static gboolean deliver_pending_cb (gpointer user_data);

/* Worker: puts the snapshot in the mailbox (replacing one the main thread has not taken yet) and
 * makes sure a source on the main context will deliver it, no sooner than the interval allows. */
static void
publish (CwTrainingSession *self, CwTrainingSnapshot *snapshot)
{
  HANDOFF_RELEASE (snapshot);
  session_lock (self);
  CwTrainingSnapshot *replaced = self->pending;
  self->pending = snapshot;
  gboolean schedule = !self->delivery_scheduled;
  self->delivery_scheduled = TRUE;
  gint64 since = g_get_monotonic_time () - self->last_delivery_us;
  session_unlock (self);
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

/* Worker, after every batch and every epoch (cw_train's progress callback). */
static void
on_progress (const cw_progress *p, void *user)
{
  TrainJob *job = user;
  gint64 now = g_get_monotonic_time ();
  job->last_progress = *p;
  memset (&job->last_progress.train_metrics, 0, sizeof (cw_metrics));
  memset (&job->last_progress.val_metrics, 0, sizeof (cw_metrics));

  gboolean due;
  gboolean long_epoch = now - job->epoch_started_us >= SNAPSHOT_INTERVAL_US;
  if (p->epoch_end)
    {
      int e = job->n_epochs++;
      job->train_loss[e] = p->train_loss;
      job->val_loss[e] = p->val_loss;
      job->train_metric[e] = headline (&p->train_metrics);
      job->val_metric[e] = headline (&p->val_metrics);
      cw_metrics_clear (&job->val_metrics);
      cw_training_snapshot_copy_metrics (&job->val_metrics, &p->val_metrics);
      /* Every end of a long epoch is shown; short epochs at most every interval. */
      due = long_epoch || now - job->last_snapshot_us >= SNAPSHOT_INTERVAL_US || p->epoch == p->epochs;
      job->epoch_started_us = now;
      if (due && job->val.n > 0)
        job->have_val_pred = cw_model_predict (job->model, job->val.x, job->val.n, job->val_pred, NULL) == CW_OK;
    }
  else
    /* Mid-epoch snapshots only for epochs long enough to need them: short epochs are shown at their
     * ends, where the validation predictions match the metrics. */
    due = long_epoch && now - job->last_snapshot_us >= SNAPSHOT_INTERVAL_US;
  if (!due)
    return;
  job->last_snapshot_us = now;
  publish (job->session, build_snapshot (job, p, job->train_loss, job->val_loss, job->train_metric,
                                         job->val_metric, job->n_epochs, TRUE));
}

/* Worker, before every batch: a pause parks the worker here until resumed or stopped. */
static bool
should_abort (void *user)
{
  TrainJob *job = user;
  CwTrainingSession *self = job->session;
  session_lock (self);
  while (self->paused && !g_cancellable_is_cancelled (job->cancellable))
    {
      HANDOFF_RELEASE (&self->lock); /* g_cond_wait unlocks while it waits */
      g_cond_wait (&self->resume_cond, &self->lock);
      HANDOFF_ACQUIRE (&self->lock);
    }
  session_unlock (self);
  return g_cancellable_is_cancelled (job->cancellable);
}

static gboolean
model_was_trained (cw_status status)
{
  return status == CW_OK || status == CW_ERR_ABORTED || status == CW_ERR_NONFINITE;
}

/* Worker: the last snapshot, from the final weights (the best ones when restore_best) and the
 * authoritative history. */
static void
publish_final_snapshot (TrainJob *job)
{
  cw_progress p = job->last_progress;
  const cw_history *h = &job->history;
  if (p.epochs == 0)
    p.epochs = job->config.epochs;
  p.epoch_end = TRUE;
  if (h->epochs > 0)
    {
      p.train_loss = h->train_loss[h->epochs - 1];
      p.val_loss = h->val_loss[h->epochs - 1];
    }
  p.best_epoch = h->best_epoch;
  p.eta_s = 0;

  if (model_was_trained (job->status) && job->val.n > 0
      && cw_model_predict (job->model, job->val.x, job->val.n, job->val_pred, NULL) == CW_OK)
    {
      job->have_val_pred = TRUE;
      cw_metrics_clear (&job->val_metrics);
      cw_metrics_compute (job->task, job->val_pred, job->val.y, job->val.n, job->k, &job->val_metrics);
    }
  /* A run refused by cw_train (bad settings, missing values) has no weights worth looking inside. */
  CwTrainingSnapshot *s = build_snapshot (job, &p, h->train_loss, h->val_loss, h->train_metric, h->val_metric,
                                          h->epochs, model_was_trained (job->status));
  s->finished = TRUE;
  s->status = job->status;
  s->message = g_strdup (job->message);
  publish (job->session, s);
}

/* Worker: every row through the fitted pipeline (the watched sample too: it is what the network sees),
 * then the training and validation sets from the processed rows. */
static void
prepare_inputs (TrainJob *job)
{
  if (cw_pipeline_count (job->pipeline) > 0)
    {
      size_t values = (size_t) job->n * (size_t) job->channels * (size_t) job->length;
      float *processed = g_new (float, MAX (values, 1));
      cw_pipeline_apply_f (job->pipeline, job->x, job->n, processed);
      g_free (job->x);
      job->x = processed;
    }
  int sample = job->channels * job->length;
  g_autofree unsigned char *not_training = g_new0 (unsigned char, MAX (job->n, 1));
  for (int i = 0; i < job->n; i++)
    not_training[i] = job->roles[i] != CW_ROLE_TRAIN;
  job->train = cw_xy_select (job->x, job->y, job->n, sample, job->k, not_training, false);
  job->val = cw_xy_select (job->x, job->y, job->n, sample, job->k, job->is_val, true);
  g_clear_pointer (&job->y, g_free);
}

static void
train_thread (GTask *task, gpointer no_source, gpointer task_data, GCancellable *cancellable)
{
  TrainJob *job = task_data;
  HANDOFF_ACQUIRE (job);
  cw_train_callbacks callbacks = { on_progress, should_abort, job };
  cw_error err;
  cw_error_clear (&err);

  prepare_inputs (job);
  job->epoch_started_us = g_get_monotonic_time ();
  job->last_snapshot_us = job->epoch_started_us - SNAPSHOT_INTERVAL_US;
  job->status = cw_train (job->model, &job->config, job->train, job->val, &callbacks, &job->history, &err);
  if (job->status != CW_OK)
    job->message = g_strdup (err.message[0] ? err.message : cw_status_name (job->status));
  publish_final_snapshot (job);
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
  session_lock (self);
  CwTrainingSnapshot *snapshot = g_steal_pointer (&self->pending);
  self->delivery_scheduled = FALSE;
  self->last_delivery_us = g_get_monotonic_time ();
  session_unlock (self);
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

static void
name_outputs (cw_model *model, const cw_dataset *ds, cw_task task, int target)
{
  const char *target_name = cw_dataset_target_name (ds, target);
  cw_model_set_target_names (model, 1, &target_name);
  if (task == CW_TASK_MULTILABEL)
    cw_model_set_class_names (model, 1, &target_name);
  else if ((task == CW_TASK_BINARY || task == CW_TASK_MULTICLASS) && cw_dataset_target_is_categorical (ds, target))
    {
      int n_classes = cw_dataset_n_classes (ds, target);
      g_autofree const char **names = g_new (const char *, MAX (n_classes, 1));
      for (int c = 0; c < n_classes; c++)
        names[c] = cw_dataset_class_name (ds, target, c);
      cw_model_set_class_names (model, n_classes, names);
    }
}

/* Main thread: the worker has ended. Deliver its last snapshot, hand the model to the project (also
 * after stop or a blow-up: the weights of the last good batch are not lost), then say so. */
static void
on_training_done (GObject *no_source, GAsyncResult *result, gpointer user_data)
{
  CwTrainingSession *self = user_data; /* the reference start() took */
  TrainJob *job = g_task_get_task_data (G_TASK (result));
  HANDOFF_ACQUIRE (job);

  deliver_pending (self);
  if (model_was_trained (job->status))
    cw_project_set_trained_model (self->project, g_steal_pointer (&job->model), &job->history,
                                  g_steal_pointer (&job->pipeline));

  g_autofree char *message = g_strdup (job->message);
  cw_status status = job->status;
  self->worker_running = FALSE;
  g_clear_object (&self->project);
  g_clear_object (&self->cancellable);
  session_lock (self);
  self->paused = FALSE;
  session_unlock (self);
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
  if (!cw_project_check_spec (project, &problem, NULL))
    {
      g_set_error_literal (error, CW_PROJECT_ERROR, CW_ERR_SHAPE, problem);
      return FALSE;
    }
  const cw_dataset *ds = cw_project_get_dataset (project);
  TrainJob *job = g_new0 (TrainJob, 1);
  job->session = self;
  CwRowRoles rows;
  if (!cw_project_build_training_data (project, &job->x, &job->y, &job->k, error)
      || !cw_project_compute_rows (project, NULL, &rows, error))
    {
      train_job_free (job);
      return FALSE;
    }
  /* Test rows are left out of everything; validation rows validate. */
  job->is_val = g_new0 (unsigned char, MAX (rows.n, 1));
  g_autofree unsigned char *left_out = g_new0 (unsigned char, MAX (rows.n, 1));
  for (int i = 0; i < rows.n; i++)
    {
      job->is_val[i] = rows.roles[i] == CW_ROLE_VALIDATION;
      left_out[i] = rows.roles[i] != CW_ROLE_TRAIN;
    }
  job->roles = g_steal_pointer (&rows.roles);
  cw_row_roles_clear (&rows);
  /* Fitted here, on the rows training learns from; applied to every row on the worker. */
  job->pipeline = cw_project_fit_preprocessing (project, left_out, error);
  if (!job->pipeline)
    {
      g_prefix_error (error, "The preprocessing could not be fitted: ");
      train_job_free (job);
      return FALSE;
    }
  job->task = cw_project_get_task (project);
  job->n = cw_dataset_n_samples (ds);
  job->channels = cw_dataset_n_channels (ds);
  job->length = cw_pipeline_out_length (job->pipeline);
  job->axis = g_memdup2 (cw_pipeline_out_axis (job->pipeline), (gsize) job->length * sizeof (double));
  cw_error err;
  cw_error_clear (&err);
  job->model = cw_model_new (cw_project_get_spec (project), job->channels, job->length, job->task, job->k, &err);
  if (!job->model)
    {
      g_set_error_literal (error, CW_PROJECT_ERROR, err.status, err.message);
      train_job_free (job);
      return FALSE;
    }
  name_outputs (job->model, ds, job->task, cw_project_get_target (project));
  job->config = *cw_project_get_train_config (project);
  job->config.threads = cw_project_get_threads (project);

  for (int i = 0; i < job->n; i++)
    job->n_val += job->is_val[i] != 0;
  job->val_ids = g_new (int, MAX (job->n_val, 1));
  for (int i = 0, j = 0; i < job->n; i++)
    if (job->is_val[i])
      job->val_ids[j++] = i;
  job->val_pred = g_new0 (float, (gsize) MAX (job->n_val, 1) * (gsize) job->k);
  int epochs = MAX (job->config.epochs, 1);
  job->train_loss = g_new (double, epochs);
  job->val_loss = g_new (double, epochs);
  job->train_metric = g_new (double, epochs);
  job->val_metric = g_new (double, epochs);
  job->val_metrics.task = job->task;
  job->val_metrics.rmse = job->val_metrics.mae = job->val_metrics.r2 = job->val_metrics.accuracy = NAN;

  self->project = g_object_ref (project);
  self->cancellable = g_cancellable_new ();
  job->cancellable = g_object_ref (self->cancellable);
  session_lock (self);
  self->paused = FALSE;
  g_clear_pointer (&self->pending, cw_training_snapshot_unref);
  self->delivery_scheduled = FALSE;
  self->last_delivery_us = 0;
  session_unlock (self);
  g_clear_pointer (&self->snapshot, cw_training_snapshot_unref);

  /* No source object: the task's last reference may be dropped on the worker, and no GObject may be
   * finalized there. The session keeps itself (and the application) alive until on_training_done. */
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, on_training_done, g_object_ref (self));
  g_task_set_source_tag (task, cw_training_session_start);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) train_job_free);
  self->worker_running = TRUE;
  GApplication *application = g_application_get_default ();
  if (application)
    {
      self->held_application = g_object_ref (application);
      g_application_hold (application);
    }
  set_state (self, CW_SESSION_RUNNING);
  HANDOFF_RELEASE (job);
  g_task_run_in_thread (task, train_thread);
  return TRUE;
}

void
cw_training_session_pause (CwTrainingSession *self)
{
  g_return_if_fail (CW_IS_TRAINING_SESSION (self));
  if (self->state != CW_SESSION_RUNNING)
    return;
  session_lock (self);
  self->paused = TRUE;
  session_unlock (self);
  set_state (self, CW_SESSION_PAUSED);
}

void
cw_training_session_resume (CwTrainingSession *self)
{
  g_return_if_fail (CW_IS_TRAINING_SESSION (self));
  if (self->state != CW_SESSION_PAUSED)
    return;
  session_lock (self);
  self->paused = FALSE;
  g_cond_broadcast (&self->resume_cond);
  session_unlock (self);
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
  session_lock (self);
  self->paused = FALSE;
  g_cond_broadcast (&self->resume_cond);
  session_unlock (self);
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
  session_lock (self);
  self->watched = row;
  session_unlock (self);
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
