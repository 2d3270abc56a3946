/* cw-training-job.c — what the training session's worker does: cw_fit_run on a copy of the project's data,
 * rows and recipes, then the final model's predictions of every row (test rows scored once, here), and
 * immutable snapshots all along.
 *
 * The driver trains several runs (CV folds, candidates, ensemble members), possibly at once on several
 * threads, and calls back from them one at a time under its own lock. The page shows one run: the most
 * recently started (the key of a run grows in the driver's order), so its curves do not jump between runs
 * trained side by side. Its activation maps come from the run's model on the run's thread; the watched
 * row goes through the candidate's preprocessing fitted on all training rows, which is the run's own for
 * the final model and the holdout, and a close stand-in for a CV fold's (the driver does not hand out
 * the run's fitted pipeline). Pausing blocks a run inside should_abort: the driver's other threads wait
 * on its lock, the main thread never takes it. */
#include "cw-training-session-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct _CwTrainingJob
{
  CwTrainingSession *session;    /* borrowed: the session holds itself alive until the task's callback */
  GCancellable *cancellable;

  /* the copy of the project the driver runs on */
  cw_task task;
  int n, channels, length, k;
  float *x;                      /* n x channels x length raw signals */
  float *y;                      /* n x k model-space targets */
  unsigned char *roles;          /* n CW_ROLE_* */
  int *fold;                     /* n CV folds (NULL without CV) */
  int n_folds;
  double *axis;                  /* raw axis (NULL when the headers are not numbers) */
  cw_recipe *recipes;
  int n_recipes;
  cw_pipeline *pipeline;         /* the project's preprocessing, unfitted: the driver fits a copy per run */
  char *preprocessing;           /* its text, for the project */
  cw_fit_config config;
  cw_fit_data data;
  int target;
  char **class_names;            /* NULL-terminated; NULL for regression */
  char *target_name;

  /* per candidate: its preprocessing fitted on the training rows, for the watched row (NULL on failure) */
  cw_pipeline **display;

  /* the run shown; touched only inside the driver's callbacks (one at a time) */
  GHashTable *started;           /* keys of the runs seen so far: their count numbers the runs */
  long shown_key;
  cw_fit_stage shown_stage;
  int shown_candidate, shown_fold, shown_member;
  int capacity, n_epochs;
  double *train_loss, *val_loss, *train_metric, *val_metric;
  cw_metrics val_metrics;
  int n_val;                     /* the run's validation rows, in dataset order */
  int *val_ids;
  float *val_truth, *val_pred;
  gboolean have_val_pred;
  gint64 last_snapshot_us, epoch_started_us;

  /* result */
  cw_status status;
  char *message;
  cw_fit_result result;
  CwFitSummary *summary;
};

/* ---- main thread: the copy ---- */

static gboolean
engine_error (GError **error, const cw_error *err)
{
  g_set_error_literal (error, CW_PROJECT_ERROR, err->status != CW_OK ? (int) err->status : CW_ERR_INVALID_ARGUMENT,
                       err->message);
  return FALSE;
}

static void
take_names (CwTrainingJob *job, CwProject *project)
{
  const cw_dataset *ds = cw_project_get_dataset (project);
  job->target = cw_project_get_target (project);
  job->target_name = g_strdup (cw_dataset_target_name (ds, job->target));
  if ((job->task == CW_TASK_BINARY || job->task == CW_TASK_MULTICLASS)
      && cw_dataset_target_is_categorical (ds, job->target))
    {
      int n_classes = cw_dataset_n_classes (ds, job->target);
      job->class_names = g_new0 (char *, n_classes + 1);
      for (int c = 0; c < n_classes; c++)
        job->class_names[c] = g_strdup (cw_dataset_class_name (ds, job->target, c));
    }
}

CwTrainingJob *
cw_training_job_new (CwTrainingSession *session, CwProject *project, GCancellable *cancellable, GError **error)
{
  const cw_dataset *ds = cw_project_get_dataset (project);
  CwTrainingJob *job = g_new0 (CwTrainingJob, 1);
  job->session = session;
  job->cancellable = g_object_ref (cancellable);
  job->shown_key = -1;
  job->status = CW_OK;
  CwRowRoles rows = { 0 };
  if (!cw_project_build_training_data (project, &job->x, &job->y, &job->k, error)
      || !cw_project_compute_rows (project, NULL, &rows, error)
      || (job->n_recipes = cw_project_dup_recipes (project, &job->recipes, error)) == 0)
    {
      cw_row_roles_clear (&rows);
      cw_training_job_free (job);
      return NULL;
    }
  job->task = cw_project_get_task (project);
  job->n = cw_dataset_n_samples (ds);
  job->channels = cw_dataset_n_channels (ds);
  job->length = cw_dataset_length (ds);
  job->roles = g_steal_pointer (&rows.roles);
  job->fold = g_steal_pointer (&rows.fold);
  job->n_folds = rows.n_folds;
  cw_row_roles_clear (&rows);
  const double *axis = cw_dataset_axis (ds);
  gboolean numeric = TRUE;
  for (int t = 0; t < job->length; t++)
    numeric = numeric && isfinite (axis[t]);
  job->axis = numeric ? g_memdup2 (axis, (gsize) job->length * sizeof (double)) : NULL;

  job->preprocessing = g_strdup (cw_project_get_preprocessing (project));
  cw_error err;
  cw_error_clear (&err);
  if (!(job->pipeline = cw_pipeline_parse (job->preprocessing, &err)))
    {
      engine_error (error, &err);
      cw_training_job_free (job);
      return NULL;
    }
  take_names (job, project);

  const CwRecipeSettings *recipe = cw_project_get_recipe_settings (project);
  job->config = cw_fit_config_default ();
  job->config.candidates = job->recipes;
  job->config.n_candidates = job->n_recipes;
  job->config.pipeline = job->pipeline;
  job->config.ensemble = recipe->ensemble;
  job->config.threads = cw_project_get_threads (project);
  job->config.time_budget_s = g_strcmp0 (recipe->recipe, CW_RECIPE_AUTO) == 0 ? recipe->time_budget_s : 0;
  job->config.seed = cw_project_get_train_config (project)->seed;

  job->data = (cw_fit_data) { .x = job->x, .n = job->n, .channels = job->channels, .length = job->length,
                              .axis = job->axis, .y = job->y, .k = job->k, .task = job->task,
                              .roles = job->roles, .fold = job->fold, .n_folds = job->n_folds };
  job->display = g_new0 (cw_pipeline *, job->n_recipes);
  job->started = g_hash_table_new (g_direct_hash, g_direct_equal);
  job->val_metrics.task = job->task;
  return job;
}

void
cw_training_job_free (CwTrainingJob *job)
{
  if (!job)
    return;
  HANDOFF_ACQUIRE (job);
  g_clear_object (&job->cancellable);
  g_free (job->x);
  g_free (job->y);
  g_free (job->roles);
  g_free (job->fold);
  g_free (job->axis);
  g_free (job->recipes);
  g_clear_pointer (&job->pipeline, cw_pipeline_free);
  g_free (job->preprocessing);
  g_strfreev (job->class_names);
  g_free (job->target_name);
  for (int c = 0; job->display && c < job->n_recipes; c++)
    cw_pipeline_free (job->display[c]);
  g_free (job->display);
  g_clear_pointer (&job->started, g_hash_table_unref);
  g_free (job->train_loss);
  g_free (job->val_loss);
  g_free (job->train_metric);
  g_free (job->val_metric);
  cw_metrics_clear (&job->val_metrics);
  g_free (job->val_ids);
  g_free (job->val_truth);
  g_free (job->val_pred);
  g_free (job->message);
  cw_fit_result_clear (&job->result);
  g_clear_pointer (&job->summary, cw_fit_summary_unref);
  g_free (job);
}

/* ---- worker ---- */

/* Each candidate's preprocessing (the project's, then the recipe's) fitted on the training rows. */
static void
fit_display_pipelines (CwTrainingJob *job)
{
  size_t sample = (size_t) job->channels * job->length;
  int n_train = 0;
  g_autofree float *x = g_new (float, (size_t) MAX (job->n, 1) * sample);
  for (int i = 0; i < job->n; i++)
    if (job->roles[i] == CW_ROLE_TRAIN)
      memcpy (x + (size_t) n_train++ * sample, job->x + (size_t) i * sample, sample * sizeof (float));
  for (int c = 0; c < job->n_recipes; c++)
    {
      cw_pipeline *pipe = cw_pipeline_copy (job->pipeline);
      cw_pipeline *extra = job->recipes[c].preprocess[0] ? cw_pipeline_parse (job->recipes[c].preprocess, NULL)
                                                         : NULL;
      gboolean ok = TRUE;
      for (int s = 0; extra && ok && s < cw_pipeline_count (extra); s++)
        ok = cw_pipeline_append (pipe, cw_pipeline_get (extra, s), NULL) == CW_OK;
      cw_pipeline_free (extra);
      if (ok && cw_pipeline_fit_f (pipe, x, n_train, job->channels, job->length, job->axis, NULL, NULL) == CW_OK)
        job->display[c] = pipe;
      else
        cw_pipeline_free (pipe);
    }
}

static int
watched_row (CwTrainingJob *job)
{
  cw_training_session_lock (job->session);
  int row = job->session->watched;
  cw_training_session_unlock (job->session);
  if (row < 0 || row >= job->n)
    row = job->n_val > 0 ? job->val_ids[0] : 0;
  return row;
}

/* The watched row as the model reads it (through the pipeline), and the maps of every conv layer. */
static void
capture (CwTrainingJob *job, CwTrainingSnapshot *s, cw_model *model, const cw_pipeline *pipe)
{
  if (!model || !pipe || cw_pipeline_channels (pipe) != cw_model_in_channels (model)
      || cw_pipeline_out_length (pipe) != cw_model_in_length (model) || cw_pipeline_in_length (pipe) != job->length)
    return;
  int row = watched_row (job);
  size_t sample = (size_t) job->channels * job->length;
  g_autofree float *x = g_new (float, (size_t) cw_model_in_channels (model) * cw_model_in_length (model));
  cw_pipeline_apply_f (pipe, job->x + (size_t) row * sample, 1, x);
  cw_training_snapshot_capture_activations (s, model, x, row, cw_pipeline_out_axis (pipe));
}

static double
headline (const cw_metrics *m)
{
  if (m->n == 0)
    return NAN;
  return m->task == CW_TASK_REGRESSION ? m->rmse : m->accuracy;
}

/* A run's place in the driver's order: selection by candidate and fold, then the final members. */
static long
run_key (const cw_fit_progress *p)
{
  if (p->stage == CW_FIT_STAGE_FINAL)
    return 1000000L + p->member;
  return (long) p->candidate * 1000L + (p->fold + 1);
}

static int
members_of (CwTrainingJob *job, int candidate)
{
  if (job->config.ensemble > 0)
    return job->config.ensemble;
  return candidate >= 0 && candidate < job->n_recipes ? job->recipes[candidate].ensemble : 1;
}

/* A new run is shown: its history starts empty, and its validation rows are its fold's (CV) or the
 * holdout's (a run that validates); the final members under CV validate on nothing. */
static void
start_shown_run (CwTrainingJob *job, const cw_fit_progress *p)
{
  job->shown_key = run_key (p);
  job->shown_stage = p->stage;
  job->shown_candidate = p->candidate;
  job->shown_fold = p->fold;
  job->shown_member = p->member;
  job->n_epochs = 0;
  int capacity = MAX (p->train->epochs, 1);
  if (capacity > job->capacity)
    {
      job->capacity = capacity;
      job->train_loss = g_renew (double, job->train_loss, capacity);
      job->val_loss = g_renew (double, job->val_loss, capacity);
      job->train_metric = g_renew (double, job->train_metric, capacity);
      job->val_metric = g_renew (double, job->val_metric, capacity);
    }
  cw_metrics_clear (&job->val_metrics);
  job->val_metrics.task = job->task;
  job->have_val_pred = FALSE;
  g_clear_pointer (&job->val_ids, g_free);
  g_clear_pointer (&job->val_truth, g_free);
  g_clear_pointer (&job->val_pred, g_free);
  job->n_val = 0;
  gboolean holdout = !job->fold && p->fold < 0;
  job->val_ids = g_new (int, MAX (job->n, 1));
  for (int i = 0; i < job->n; i++)
    {
      gboolean validates = p->fold >= 0 ? job->fold && job->fold[i] == p->fold && job->roles[i] == CW_ROLE_TRAIN
                                        : holdout && job->roles[i] == CW_ROLE_VALIDATION;
      if (validates)
        job->val_ids[job->n_val++] = i;
    }
  job->val_truth = g_new (float, (gsize) MAX (job->n_val, 1) * job->k);
  job->val_pred = g_new (float, (gsize) MAX (job->n_val, 1) * job->k);
  for (int j = 0; j < job->n_val; j++)
    memcpy (job->val_truth + (gsize) j * job->k, job->y + (gsize) job->val_ids[j] * job->k,
            (gsize) job->k * sizeof (float));
}

static char *
stage_text (CwTrainingJob *job, const cw_fit_progress *p)
{
  GString *text = g_string_new (NULL);
  /* Runs train side by side: number them by how many have started, not by how many are done. */
  int run = MIN ((int) g_hash_table_size (job->started), MAX (p->runs_total, 1));
  if (p->stage == CW_FIT_STAGE_FINAL)
    {
      int members = members_of (job, p->candidate);
      g_string_append_printf (text, "Final model: %s", p->candidate_name);
      if (members > 1)
        g_string_append_printf (text, " · member %d of %d", p->member + 1, members);
    }
  else
    {
      g_string_append_printf (text, "Choosing: %s", p->candidate_name);
      if (p->n_candidates > 1)
        g_string_append_printf (text, " (%d of %d)", p->candidate + 1, p->n_candidates);
      if (p->fold >= 0)
        g_string_append_printf (text, " · fold %d of %d", p->fold + 1, p->n_folds);
      else
        g_string_append (text, " · on the validation rows");
    }
  g_string_append_printf (text, " · run %d of %d", run, MAX (p->runs_total, 1));
  return g_string_free (text, FALSE);
}

static CwTrainingSnapshot *
build_snapshot (CwTrainingJob *job, const cw_fit_progress *fp, const cw_progress *p)
{
  CwTrainingSnapshot *s = cw_training_snapshot_new ();
  s->stage = stage_text (job, fp);
  s->candidate = g_strdup (fp->candidate_name);
  s->final_stage = fp->stage == CW_FIT_STAGE_FINAL;
  s->runs_done = fp->runs_done;
  s->runs_total = fp->runs_total;
  double within = p->epochs > 0 ? (p->epoch - 1 + (p->batches > 0 ? (double) p->batch / p->batches : 0)) / p->epochs
                                : 0;
  s->fraction = fp->runs_total > 0 ? CLAMP ((fp->runs_done + CLAMP (within, 0, 1)) / fp->runs_total, 0, 1) : 0;
  s->epoch = p->epoch;
  s->epochs = p->epochs;
  s->batch = p->batch;
  s->batches = p->batches;
  s->batch_loss = p->batch_loss;
  s->train_loss = p->train_loss;
  /* Between epoch ends the last validation loss is still the best thing to show. */
  s->val_loss = p->epoch_end || job->n_epochs == 0 ? p->val_loss : job->val_loss[job->n_epochs - 1];
  s->lr = p->lr;
  s->samples_per_s = p->samples_per_s;
  s->elapsed_s = fp->elapsed_s;
  /* The run's own rate says nothing about the runs to come: estimate from the share done so far. */
  s->eta_s = s->fraction > 0.02 ? fp->elapsed_s * (1 - s->fraction) / s->fraction : NAN;
  s->best_epoch = p->best_epoch;
  s->task = job->task;
  s->n_epochs = job->n_epochs;
  gsize bytes = (gsize) job->n_epochs * sizeof (double);
  s->train_loss_hist = g_memdup2 (job->train_loss, bytes);
  s->val_loss_hist = g_memdup2 (job->val_loss, bytes);
  s->train_metric_hist = g_memdup2 (job->train_metric, bytes);
  s->val_metric_hist = g_memdup2 (job->val_metric, bytes);
  cw_training_snapshot_copy_metrics (&s->val_metrics, &job->val_metrics);
  s->k = job->k;
  if (job->have_val_pred && job->n_val > 0)
    {
      gsize cells = (gsize) job->n_val * job->k * sizeof (float);
      s->n_val = job->n_val;
      s->val_ids = g_memdup2 (job->val_ids, (gsize) job->n_val * sizeof (int));
      s->val_truth = g_memdup2 (job->val_truth, cells);
      s->val_pred = g_memdup2 (job->val_pred, cells);
    }
  return s;
}

/* Any of the driver's threads, one at a time, after every batch and every epoch of every run. */
static void
on_fit_progress (const cw_fit_progress *fp, void *user)
{
  CwTrainingJob *job = user;
  const cw_progress *p = fp->train;
  long key = run_key (fp);
  g_hash_table_add (job->started, GINT_TO_POINTER ((int) key));
  if (key > job->shown_key)
    start_shown_run (job, fp);
  else if (key < job->shown_key)
    return; /* a run trained beside the one shown */

  gint64 now = g_get_monotonic_time ();
  gboolean long_epoch = now - job->epoch_started_us >= SNAPSHOT_INTERVAL_US;
  gboolean due;
  if (p->epoch_end)
    {
      if (job->n_epochs < job->capacity)
        {
          int e = job->n_epochs++;
          job->train_loss[e] = p->train_loss;
          job->val_loss[e] = p->val_loss;
          job->train_metric[e] = headline (&p->train_metrics);
          job->val_metric[e] = headline (&p->val_metrics);
        }
      cw_metrics_clear (&job->val_metrics);
      cw_training_snapshot_copy_metrics (&job->val_metrics, &p->val_metrics);
      if (p->val_pred && job->n_val > 0 && p->val_metrics.n == job->n_val)
        {
          memcpy (job->val_pred, p->val_pred, (gsize) job->n_val * job->k * sizeof (float));
          job->have_val_pred = TRUE;
        }
      /* Every end of a long epoch is shown; short epochs at most every interval. */
      due = long_epoch || now - job->last_snapshot_us >= SNAPSHOT_INTERVAL_US || p->epoch == p->epochs;
      job->epoch_started_us = now;
    }
  else
    due = long_epoch && now - job->last_snapshot_us >= SNAPSHOT_INTERVAL_US;
  if (!due)
    return;
  job->last_snapshot_us = now;
  CwTrainingSnapshot *s = build_snapshot (job, fp, p);
  if (fp->candidate >= 0 && fp->candidate < job->n_recipes)
    capture (job, s, fp->model, job->display[fp->candidate]);
  cw_training_session_publish (job->session, s);
}

/* Any of the driver's threads, one at a time, before every batch: a pause parks the run here until
 * resumed or stopped (the driver's other threads wait on its lock meanwhile). */
static bool
should_abort (void *user)
{
  CwTrainingJob *job = user;
  CwTrainingSession *self = job->session;
  cw_training_session_lock (self);
  while (self->paused && !g_cancellable_is_cancelled (job->cancellable))
    {
      HANDOFF_RELEASE (&self->lock); /* g_cond_wait unlocks while it waits */
      g_cond_wait (&self->resume_cond, &self->lock);
      HANDOFF_ACQUIRE (&self->lock);
    }
  cw_training_session_unlock (self);
  return g_cancellable_is_cancelled (job->cancellable);
}

/* The last snapshot: the final model's history, the chosen candidate's validation predictions and the
 * final model's activations. */
static void
publish_final_snapshot (CwTrainingJob *job)
{
  const cw_fit_result *r = &job->result;
  const cw_history *h = &r->history;
  CwTrainingSnapshot *s = cw_training_snapshot_new ();
  s->finished = TRUE;
  s->status = job->status;
  s->message = g_strdup (job->message);
  s->task = job->task;
  s->k = job->k;
  s->fraction = 1;
  s->elapsed_s = r->seconds;
  s->eta_s = 0;
  s->epoch = s->epochs = s->n_epochs = h->epochs;
  s->best_epoch = h->best_epoch;
  if (h->epochs > 0)
    {
      gsize bytes = (gsize) h->epochs * sizeof (double);
      s->train_loss_hist = g_memdup2 (h->train_loss, bytes);
      s->val_loss_hist = g_memdup2 (h->val_loss, bytes);
      s->train_metric_hist = g_memdup2 (h->train_metric, bytes);
      s->val_metric_hist = g_memdup2 (h->val_metric, bytes);
      s->train_loss = h->train_loss[h->epochs - 1];
      s->val_loss = h->val_loss[h->epochs - 1];
    }
  if (job->summary)
    {
      s->summary = cw_fit_summary_ref (job->summary);
      s->candidate = r->model ? g_strdup (job->recipes[r->chosen].name) : NULL;
      s->n_val = cw_fit_summary_dup_rows (job->summary, CW_FIT_ROWS_VALIDATION, &s->val_ids, &s->val_truth,
                                          &s->val_pred);
      if (!cw_fit_summary_metrics (job->summary, CW_FIT_ROWS_VALIDATION, &s->val_metrics))
        s->val_metrics.task = job->task;
    }
  if (r->model)
    {
      s->stage = g_strdup_printf ("Final model: %s", job->recipes[r->chosen].name);
      capture (job, s, r->model, cw_model_get_pipeline (r->model));
    }
  cw_training_session_publish (job->session, s);
}

void
cw_training_job_run (CwTrainingJob *job)
{
  fit_display_pipelines (job);
  cw_fit_callbacks callbacks = { on_fit_progress, should_abort, job };
  cw_error err;
  cw_error_clear (&err);
  job->epoch_started_us = g_get_monotonic_time ();
  job->last_snapshot_us = job->epoch_started_us - SNAPSHOT_INTERVAL_US;
  job->status = cw_fit_run (&job->config, &job->data, &callbacks, &job->result, &err);
  if (job->status != CW_OK)
    job->message = g_strdup (err.message[0] ? err.message : cw_status_name (job->status));

  /* Every choice is made: the final model predicts every row once, test rows included. */
  g_autofree float *pred = NULL;
  if (job->result.model)
    {
      pred = g_new (float, (gsize) MAX (job->n, 1) * job->k);
      cw_error perr;
      cw_error_clear (&perr);
      if (cw_model_predict_raw (job->result.model, job->x, job->n, pred, &perr) != CW_OK)
        g_clear_pointer (&pred, g_free);
    }
  if (job->result.model || job->result.n_candidates > 0)
    job->summary = cw_fit_summary_new_from_result (&job->result, &job->config, &job->data, pred,
                                                   job->status == CW_ERR_ABORTED);
  if (!job->result.model && job->status == CW_ERR_ABORTED)
    {
      /* Stopped while cross-validating: no run was a model yet. The project keeps what it had. */
      char *text = g_strdup_printf ("%s No model was trained; the project keeps its previous one.", job->message);
      g_free (job->message);
      job->message = text;
    }
  publish_final_snapshot (job);
}

/* ---- main thread ---- */

static void
name_outputs (CwTrainingJob *job, cw_model *model)
{
  const char *target_name = job->target_name;
  cw_model_set_target_names (model, 1, &target_name);
  if (job->task == CW_TASK_MULTILABEL)
    cw_model_set_class_names (model, 1, &target_name);
  else if (job->class_names)
    cw_model_set_class_names (model, (int) g_strv_length (job->class_names), (const char *const *) job->class_names);
}

cw_status
cw_training_job_finish (CwTrainingJob *job, CwProject *project, char **message)
{
  cw_model *model = g_steal_pointer (&job->result.model);
  if (model)
    {
      name_outputs (job, model);
      cw_project_set_fit_result (project, model, &job->result.history, job->summary, job->preprocessing);
    }
  *message = g_strdup (job->message);
  return job->status;
}
