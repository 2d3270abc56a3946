/* cw-lab-recover-job.c — the kernel-recovery worker and its mailbox (see cw-lab-recover-job.h).
 *
 * The worker owns its engine recoveries outright and touches nothing else but the mailbox (a list of
 * chunks under a mutex). The first chunk queued after a delivery attaches one idle source to the MAIN
 * context; the source drains the whole list. The worker publishes at most every FRAME_US, so the main
 * thread is woken at most ~30 times a second however fast the engine runs. */
#include "cw-background.h"
#include "cw-lab-recover-job.h"

#include <math.h>
#include <string.h>

/* GLib's locks are not instrumented: tell ThreadSanitizer where data changes hands. */
#include "cw-tsan-private.h"

/* One published chunk per frame at most: ~30 a second. */
#define FRAME_US 33000
/* Unpaced runs step this many epochs between looks at the clock and the cancellable. */
#define UNPACED_EPOCHS 25

struct _CwLabRecoverJob
{
  gatomicrefcount ref;

  /* the problem, read-only once the worker starts */
  cw_recovery_config config;
  int sequences, channels, length, out_length;
  float *x, *y;
  int epochs;
  guint64 *seeds;
  int n_seeds;
  double seconds_per_run;
  GCancellable *cancellable;

  /* the mailbox */
  GMutex lock;
  GPtrArray *pending;        /* of CwLabRecoverChunk */
  gboolean delivery_queued;

  /* main thread only */
  CwLabRecoverChunkFunc on_chunk;
  CwLabRecoverDoneFunc on_done;
  gpointer user_data;
  gboolean detached;
};

static void
chunk_free (gpointer data)
{
  CwLabRecoverChunk *chunk = data;
  g_free (chunk->kernels);
  g_free (chunk->losses);
  g_free (chunk->error);
  g_free (chunk);
}

static CwLabRecoverJob *
job_ref (CwLabRecoverJob *job)
{
  g_atomic_ref_count_inc (&job->ref);
  return job;
}

static void
job_unref (gpointer data)
{
  CwLabRecoverJob *job = data;
  HANDOFF_RELEASE (job); /* what this thread wrote, to whichever thread frees (GLib's count is invisible) */
  if (!g_atomic_ref_count_dec (&job->ref))
    return;
  HANDOFF_ACQUIRE (job);
  g_free (job->x);
  g_free (job->y);
  g_free (job->seeds);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->pending, g_ptr_array_unref);
  g_mutex_clear (&job->lock);
  g_free (job);
}

/* The mailbox's lock, as ThreadSanitizer should see it: GLib's GMutex is a futex it cannot see, so the
 * chunks (and the mailbox's fields) written under it by one thread would look unordered with the other's. */
static void
mailbox_lock (CwLabRecoverJob *job)
{
  g_mutex_lock (&job->lock);
  HANDOFF_ACQUIRE (&job->lock);
}

static void
mailbox_unlock (CwLabRecoverJob *job)
{
  HANDOFF_RELEASE (&job->lock);
  g_mutex_unlock (&job->lock);
}

/* ---- main thread: delivery ---- */

static void
drain (CwLabRecoverJob *job)
{
  mailbox_lock (job);
  g_autoptr (GPtrArray) chunks = g_steal_pointer (&job->pending);
  job->pending = g_ptr_array_new_with_free_func (chunk_free);
  job->delivery_queued = FALSE;
  mailbox_unlock (job);
  for (guint i = 0; i < chunks->len && !job->detached; i++)
    if (job->on_chunk)
      job->on_chunk (g_ptr_array_index (chunks, i), job->user_data);
}

static gboolean
deliver_cb (gpointer data)
{
  drain (data);
  return G_SOURCE_REMOVE;
}

/* ---- worker ---- */

static void
post (CwLabRecoverJob *job, CwLabRecoverChunk *chunk)
{
  mailbox_lock (job);
  g_ptr_array_add (job->pending, chunk);
  gboolean queue = !job->delivery_queued;
  job->delivery_queued = TRUE;
  mailbox_unlock (job);
  if (!queue)
    return;
  /* The main context, explicitly: g_main_context_invoke from here could run the callback right here. */
  GSource *source = g_idle_source_new ();
  g_source_set_callback (source, deliver_cb, job_ref (job), job_unref);
  g_source_set_static_name (source, "[conv1d] kernel recovery");
  g_source_attach (source, g_main_context_default ());
  g_source_unref (source);
}

/* Copies the trajectory rows the main thread has not seen yet into a chunk. */
static void
publish (CwLabRecoverJob *job, cw_recovery *rec, int run, int *published, gboolean last, const char *error)
{
  int rows = 0;
  const float *kernels = cw_recovery_trajectory (rec, &rows);
  const double *losses = cw_recovery_losses (rec, NULL);
  int n_weights = cw_recovery_n_weights (rec);
  int n = rows - *published;
  if (n <= 0 && !last)
    return;
  CwLabRecoverChunk *chunk = g_new0 (CwLabRecoverChunk, 1);
  chunk->run = run;
  chunk->n_runs = job->n_seeds;
  chunk->seed = job->seeds[run];
  chunk->first_epoch = *published;
  chunk->n = MAX (n, 0);
  chunk->n_weights = n_weights;
  if (chunk->n > 0)
    {
      chunk->kernels = g_memdup2 (kernels + (gsize) *published * n_weights, sizeof (float) * (gsize) n * n_weights);
      chunk->losses = g_memdup2 (losses + *published, sizeof (double) * (gsize) n);
    }
  chunk->last = last;
  chunk->error = g_strdup (error);
  *published = rows;
  post (job, chunk);
}

static void
run_one (CwLabRecoverJob *job, int run, GCancellable *cancellable)
{
  cw_recovery_config config = job->config;
  config.seed = job->seeds[run];
  cw_error err;
  cw_error_clear (&err);
  cw_recovery *rec = cw_recovery_new (&config, job->x, job->sequences, job->channels, job->length, job->y, &err);
  if (!rec)
    {
      CwLabRecoverChunk *chunk = g_new0 (CwLabRecoverChunk, 1);
      chunk->run = run;
      chunk->n_runs = job->n_seeds;
      chunk->seed = job->seeds[run];
      chunk->last = TRUE;
      chunk->error = g_strdup (err.message);
      post (job, chunk);
      return;
    }
  int published = 0;
  publish (job, rec, run, &published, FALSE, NULL); /* the starting kernel */
  gboolean paced = job->seconds_per_run > 0;
  int per_frame = paced ? MAX (1, (int) ceil (job->epochs / (job->seconds_per_run * 1e6 / FRAME_US))) : UNPACED_EPOCHS;
  gint64 next_frame = g_get_monotonic_time () + FRAME_US;
  const char *error = NULL;
  while (cw_recovery_epoch (rec) < job->epochs && !g_cancellable_is_cancelled (cancellable))
    {
      int n = MIN (per_frame, job->epochs - cw_recovery_epoch (rec));
      if (cw_recovery_run (rec, n, &err) != CW_OK)
        {
          error = err.message;
          break;
        }
      gint64 now = g_get_monotonic_time ();
      if (paced)
        {
          publish (job, rec, run, &published, FALSE, NULL);
          if (next_frame > now)
            g_usleep ((gulong) (next_frame - now));
          next_frame = MAX (next_frame + FRAME_US, now);
        }
      else if (now >= next_frame)
        {
          publish (job, rec, run, &published, FALSE, NULL);
          next_frame = now + FRAME_US;
        }
    }
  publish (job, rec, run, &published, TRUE, error);
  cw_recovery_free (rec);
}

static void
worker (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  CwLabRecoverJob *job = task_data;
  HANDOFF_ACQUIRE (job);
  for (int run = 0; run < job->n_seeds && !g_cancellable_is_cancelled (cancellable); run++)
    run_one (job, run, cancellable);
  g_task_return_boolean (task, !g_cancellable_is_cancelled (cancellable));
}

static void
on_task_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CwLabRecoverJob *job = user_data;
  gboolean finished = g_task_propagate_boolean (G_TASK (result), NULL);
  /* Chunks still in the mailbox come before the end. */
  drain (job);
  if (!job->detached && job->on_done)
    job->on_done (!finished, job->user_data);
  job_unref (job);
}

/* ---- public ---- */

CwLabRecoverJob *
cw_lab_recover_job_start (const CwLabRecoverProblem *problem, CwLabRecoverChunkFunc on_chunk,
                          CwLabRecoverDoneFunc on_done, gpointer user_data, GError **error)
{
  g_return_val_if_fail (problem != NULL && problem->n_seeds >= 1 && problem->epochs >= 0, NULL);
  /* The engine checks the shapes and settings; a refused problem never reaches the worker. */
  cw_error err;
  cw_error_clear (&err);
  cw_recovery *probe = cw_recovery_new (&problem->config, problem->x, problem->sequences, problem->channels,
                                        problem->length, problem->y, &err);
  if (!probe)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, err.message);
      return NULL;
    }
  int out_length = cw_recovery_out_length (probe);
  cw_recovery_free (probe);

  CwLabRecoverJob *job = g_new0 (CwLabRecoverJob, 1);
  g_atomic_ref_count_init (&job->ref);
  job->config = problem->config;
  job->sequences = problem->sequences;
  job->channels = problem->channels;
  job->length = problem->length;
  job->out_length = out_length;
  job->x = g_memdup2 (problem->x, sizeof (float) * (gsize) problem->sequences * problem->channels * problem->length);
  job->y = g_memdup2 (problem->y, sizeof (float) * (gsize) problem->sequences * problem->config.filters * out_length);
  job->epochs = problem->epochs;
  job->seeds = g_memdup2 (problem->seeds, sizeof (guint64) * (gsize) problem->n_seeds);
  job->n_seeds = problem->n_seeds;
  job->seconds_per_run = problem->seconds_per_run;
  job->cancellable = g_cancellable_new ();
  g_mutex_init (&job->lock);
  job->pending = g_ptr_array_new_with_free_func (chunk_free);
  job->on_chunk = on_chunk;
  job->on_done = on_done;
  job->user_data = user_data;

  /* No source object: nothing but the job is shared with the worker. */
  g_autoptr (GTask) task = g_task_new (NULL, job->cancellable, on_task_done, job_ref (job));
  g_task_set_source_tag (task, cw_lab_recover_job_start);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job_ref (job), job_unref);
  HANDOFF_RELEASE (job);
  cw_task_run_in_background (task, worker);
  return job;
}

void
cw_lab_recover_job_cancel (CwLabRecoverJob *job)
{
  g_return_if_fail (job != NULL);
  g_cancellable_cancel (job->cancellable);
}

void
cw_lab_recover_job_detach (CwLabRecoverJob *job)
{
  g_return_if_fail (job != NULL);
  job->detached = TRUE;
  g_cancellable_cancel (job->cancellable);
  job_unref (job);
}
