/* cw-training-session-private.h — what the session (cw-training-session.c: the GObject, start, pause,
 * stop, delivery on the main thread) and its worker's job (cw-training-job.c: the fit driver's run,
 * progress and snapshots) share. */
#pragma once

#include "cw-training-session.h"

G_BEGIN_DECLS

/* GLib's locks are not instrumented: tell ThreadSanitizer where data changes hands. */
#include "cw-tsan-private.h"

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

void cw_training_session_lock (CwTrainingSession *self);
void cw_training_session_unlock (CwTrainingSession *self);
/* Worker: puts the snapshot (ownership taken) in the mailbox, replacing one not yet delivered, and makes
 * sure a source on the main context delivers it. */
void cw_training_session_publish (CwTrainingSession *self, CwTrainingSnapshot *snapshot);

/* cw-training-job.c: the worker's job */
typedef struct _CwTrainingJob CwTrainingJob;
/* Main thread: copies what the worker needs from the project. NULL with an error when training cannot
 * start (the recipe, the rows, the targets or the preprocessing). */
CwTrainingJob *cw_training_job_new (CwTrainingSession *session, CwProject *project, GCancellable *cancellable,
                                    GError **error);
void cw_training_job_free (CwTrainingJob *job);      /* any thread: plain memory only */
/* Worker: runs the fit driver, scores the final model, publishes the last snapshot. */
void cw_training_job_run (CwTrainingJob *job);
/* Main thread, after run: hands the final model, its history and summary to the project (when a model
 * was trained) and gives the status and message. */
cw_status cw_training_job_finish (CwTrainingJob *job, CwProject *project, char **message);

G_END_DECLS
