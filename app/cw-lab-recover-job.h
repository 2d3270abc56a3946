/* cw-lab-recover-job.h — kernel recovery by gradient descent on a worker thread (GTask + GCancellable).
 *
 * A job copies its problem (input, target, shapes, the engine's recovery config) and runs one engine
 * recovery per starting seed, one after another. While it runs it publishes chunks — the kernels and
 * losses of the epochs since the last chunk, copied out of the engine's trajectory — into a mailbox; an
 * idle source on the main context hands them to the callback at most ~30 times a second. Paced runs
 * ("animate") spread each run over a few seconds so the weights can be watched converging; unpaced
 * runs go as fast as the engine allows. The callback runs on the main thread only, never after
 * cw_lab_recover_job_detach. */
#pragma once

#include <gio/gio.h>

#include "cw.h"

G_BEGIN_DECLS

typedef struct _CwLabRecoverJob CwLabRecoverJob;

/* Epochs [first_epoch, first_epoch + n) of run `run` (0-based, started from `seed`): n x n_weights
 * kernels and n losses. `last` marks the run's final chunk; `error` (or NULL) why it stopped early
 * (e.g. the loss diverged). */
typedef struct
{
  int run, n_runs;
  guint64 seed;
  int first_epoch, n, n_weights;
  float *kernels;
  double *losses;
  gboolean last;
  char *error;
} CwLabRecoverChunk;

typedef void (*CwLabRecoverChunkFunc) (const CwLabRecoverChunk *chunk, gpointer user_data);
typedef void (*CwLabRecoverDoneFunc) (gboolean cancelled, gpointer user_data);

typedef struct
{
  cw_recovery_config config; /* config.seed is replaced by each run's seed */
  int sequences, channels, length;
  const float *x;            /* sequences x channels x length (copied) */
  const float *y;            /* sequences x filters x (length - k + 1) (copied) */
  int epochs;                /* per run */
  const guint64 *seeds;      /* starting seeds, one run each (copied) */
  int n_seeds;
  double seconds_per_run;    /* > 0: pace each run over about this long; 0: as fast as possible */
} CwLabRecoverProblem;

/* Starts the worker. on_chunk and on_done are called on the main thread with user_data (not
 * referenced: detach before it goes away). NULL and the engine's reason when the problem is refused. */
CwLabRecoverJob *cw_lab_recover_job_start (const CwLabRecoverProblem *problem, CwLabRecoverChunkFunc on_chunk,
                                           CwLabRecoverDoneFunc on_done, gpointer user_data, GError **error);
/* Asks the worker to stop after its current step (on_done follows with cancelled = TRUE). */
void cw_lab_recover_job_cancel (CwLabRecoverJob *job);
/* Cancels and forgets the callbacks: nothing more is called; the worker ends on its own. Drops the
 * caller's reference. */
void cw_lab_recover_job_detach (CwLabRecoverJob *job);

G_END_DECLS
