/* cw-project-data.c — CwProject's data: reading, hashing and parsing a CSV/TSV off the main thread,
 * the defaults a new dataset gets (target, task, an architecture that builds for its length, settings,
 * the row roles its split column names), the axis label guess, target and task changes, and the arrays
 * a training run starts from. */
#include "cw-background.h"
#include "cw-project-private.h"
#include "cw-tsan-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Up to this many samples a dataset counts as small: training is cheap, so it gets more epochs. */
#define SMALL_DATA_SAMPLES 1000

/* The architecture a new dataset starts with, from the richest to the plainest; the first that builds
 * for the signal length wins. %d is the number of outputs. */
static const char *const default_architectures[] = {
  "conv(8,k=9) relu maxpool(2) conv(16,k=9) relu maxpool(2) flatten dense(64) relu dense(%d)",
  "conv(8,k=5) relu maxpool(2) conv(16,k=5) relu flatten dense(64) relu dense(%d)",
  "conv(8,k=3) relu conv(16,k=3) relu flatten dense(32) relu dense(%d)",
  "conv(8,k=3,pad=same) relu flatten dense(32) relu dense(%d)",
  "flatten dense(32) relu dense(%d)",
};
/* Long signals (audio, long ECG) would give the flatten a huge dense layer: pool hard and average. */
static const char long_signal_architecture[] =
  "conv(8,k=9) relu maxpool(4) conv(16,k=9) relu maxpool(4) conv(32,k=9) relu gavgpool dense(64) relu "
  "dense(%d)";
#define LONG_SIGNAL_LENGTH 4096

/* A numeric target may drive classification once its integer values become classes. */
static void
ensure_categorical (CwProject *self)
{
  if (!self->dataset || self->target < 0 || self->task == CW_TASK_REGRESSION
      || self->task == CW_TASK_MULTILABEL
      || cw_dataset_target_is_categorical (self->dataset, self->target))
    return;
  /* On failure (non-integer values) the target stays numeric and building the training data reports
   * the engine's reason, naming the row. */
  cw_dataset_make_categorical (self->dataset, self->target, NULL);
}

static cw_task
default_task_for_target (CwProject *self, int target)
{
  if (self->dataset && target >= 0 && cw_dataset_target_is_zero_one (self->dataset, target))
    return CW_TASK_BINARY; /* a 0/1 label is a yes/no class, not a quantity */
  if (!self->dataset || target < 0 || !cw_dataset_target_is_categorical (self->dataset, target))
    return CW_TASK_REGRESSION;
  return cw_dataset_n_classes (self->dataset, target) == 2 ? CW_TASK_BINARY : CW_TASK_MULTICLASS;
}

int
cw_project_get_n_outputs (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), 1);
  if (self->task == CW_TASK_MULTICLASS && self->dataset && self->target >= 0
      && cw_dataset_target_is_categorical (self->dataset, self->target))
    return MAX (cw_dataset_n_classes (self->dataset, self->target), 1);
  return 1;
}

static cw_spec *
default_spec_for (int channels, int length, int n_outputs)
{
  if (length >= LONG_SIGNAL_LENGTH)
    {
      g_autofree char *text = g_strdup_printf (long_signal_architecture, n_outputs);
      cw_spec *spec = cw_spec_parse (text, NULL);
      if (spec && cw_spec_infer (spec, channels, length, NULL, NULL) == CW_OK)
        return spec;
      g_clear_pointer (&spec, cw_spec_free);
    }
  for (size_t i = 0; i < G_N_ELEMENTS (default_architectures); i++)
    {
      g_autofree char *text = g_strdup_printf (default_architectures[i], n_outputs);
      cw_spec *spec = cw_spec_parse (text, NULL);
      if (spec && cw_spec_infer (spec, channels, length, NULL, NULL) == CW_OK)
        return spec;
      g_clear_pointer (&spec, cw_spec_free);
    }
  /* The last template (flatten + dense) builds for any length >= 1. */
  g_assert_not_reached ();
  return NULL;
}

cw_spec *
cw_project_dup_default_spec (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  if (!self->dataset)
    return cw_spec_copy (self->spec);
  /* Sized for what the network reads: the signal after preprocessing (a range selection shortens it). */
  int length = cw_project_get_input_length (self);
  if (length < 1)
    length = cw_dataset_length (self->dataset);
  return default_spec_for (cw_dataset_n_channels (self->dataset), MAX (length, 1), cw_project_get_n_outputs (self));
}

/* Switches to a new dataset (ownership taken) with fresh defaults for everything that depends on it. */
static void
apply_dataset_with_recording (CwProject *self, cw_dataset *ds, GFile *file, const char *checksum,
                              CwRecording *recording)
{
  g_clear_pointer (&self->dataset, cw_dataset_free);
  self->dataset = ds;
  g_clear_pointer (&self->recording, cw_recording_unref);
  self->recording = recording;
  g_set_object (&self->data_file, file);
  g_free (self->data_checksum);
  self->data_checksum = g_strdup (checksum);
  g_clear_pointer (&self->axis_label, g_free);

  self->target = cw_dataset_n_targets (ds) > 0 ? 0 : -1;
  self->task = default_task_for_target (self, self->target);
  ensure_categorical (self); /* a 0/1 label's classes are "0" and "1" */
  /* Before the default spec, which is sized for the preprocessed length. */
  gboolean dropped_preprocessing = cw_project_adapt_preprocessing_to_data (self);

  g_clear_pointer (&self->spec, cw_spec_free);
  self->spec = cw_project_dup_default_spec (self);
  cw_project_clear_undo (self);

  self->config = cw_train_config_default (self->task);
  if (cw_dataset_n_samples (ds) <= SMALL_DATA_SAMPLES)
    self->config.epochs = 200;
  cw_row_settings_clear (&self->rows);
  cw_project_guess_row_settings (self, &self->rows);
  /* New data starts with the recipes chosen by validation, whatever the task. */
  cw_project_recipe_settings_clear (&self->recipe);
  cw_project_recipe_settings_init (&self->recipe);

  gboolean had_model = self->model != NULL || self->history.epochs > 0;
  g_clear_pointer (&self->model, cw_model_free);
  cw_history_clear (&self->history);
  cw_project_clear_model_pipeline (self);

  /* Data opened into a project that was never saved is not yet work that could be lost. */
  cw_project_set_modified (self, self->file != NULL);

  g_signal_emit (self, cw_project_signals[CW_PROJECT_DATA_CHANGED], 0);
  g_signal_emit (self, cw_project_signals[CW_PROJECT_SPEC_CHANGED], 0);
  g_signal_emit (self, cw_project_signals[CW_PROJECT_SETTINGS_CHANGED], 0);
  if (dropped_preprocessing)
    g_signal_emit (self, cw_project_signals[CW_PROJECT_PREPROCESSING_CHANGED], 0);
  if (had_model)
    g_signal_emit (self, cw_project_signals[CW_PROJECT_MODEL_CHANGED], 0);
}

static void
apply_dataset (CwProject *self, cw_dataset *ds, GFile *file, const char *checksum)
{
  apply_dataset_with_recording (self, ds, file, checksum, NULL);
}

void
cw_project_set_dataset (CwProject *self, cw_dataset *ds, GFile *file)
{
  g_return_if_fail (CW_IS_PROJECT (self));
  g_return_if_fail (ds != NULL);
  apply_dataset (self, ds, file, NULL);
}

void
cw_project_set_windows (CwProject *self, cw_dataset *ds, CwRecording *recording)
{
  g_return_if_fail (CW_IS_PROJECT (self));
  g_return_if_fail (ds != NULL && recording != NULL);
  /* In place before "data-changed" reaches the Data page. */
  apply_dataset_with_recording (self, ds, NULL, NULL, cw_recording_ref (recording));
}

CwRecording *
cw_project_get_recording (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  return self->recording;
}

const cw_dataset *
cw_project_get_dataset (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  return self->dataset;
}

GFile *
cw_project_get_data_file (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  return self->data_file;
}

const char *
cw_project_get_data_checksum (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  return self->data_checksum;
}

/* A folder of one-spectrum files: the engine reads it; its checksum is that of the data as a wide CSV,
 * which changes when any file's spectrum, the targets or the set of files do. */
static cw_dataset *
read_folder (GFile *file, char **checksum, GError **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_basename (file);
  cw_error err;
  cw_error_clear (&err);
  cw_dataset *ds = path ? cw_dataset_load (path, NULL, &err) : NULL;
  if (!ds)
    {
      g_set_error (error, CW_PROJECT_ERROR, err.status != CW_OK ? (int) err.status : CW_ERR_IO, "%s",
                   err.message[0] ? err.message : "The folder is not on this computer's file system.");
      return NULL;
    }
  size_t size = 0;
  char *csv = cw_dataset_to_csv (ds, &size, &err);
  if (!csv)
    {
      cw_dataset_free (ds);
      g_set_error (error, CW_PROJECT_ERROR, (int) err.status, "%s: %s", name, err.message);
      return NULL;
    }
  *checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) csv, size);
  free (csv);
  return ds;
}

/* How far a read has got, shared by the worker (which writes it) and the main thread's progress timeout
 * (which reads it); in thousandths. */
typedef struct
{
  GCancellable *cancellable; /* not owned */
  int *permille;             /* may be NULL */
} ReadProgress;

static void
report_progress (ReadProgress *progress, double fraction)
{
  if (progress && progress->permille)
    g_atomic_int_set (progress->permille, (int) CLAMP (fraction * 1000, 0, 1000));
}

/* The engine's CSV progress: the bytes are in memory by then, so parsing is the last 80 % of the way. */
static bool
on_parse_progress (double fraction, void *user)
{
  ReadProgress *progress = user;
  report_progress (progress, 0.2 + 0.8 * fraction);
  return !g_cancellable_is_cancelled (progress->cancellable);
}

/* The whole file, in chunks so that a large file shows progress (the first 20 %) and can be cancelled. */
static gboolean
read_contents (GFile *file, ReadProgress *progress, char **contents, gsize *length, GError **error)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, progress->cancellable, error);
  if (!stream)
    return FALSE;
  g_autoptr(GFileInfo) info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                              progress->cancellable, NULL);
  goffset expected = info ? g_file_info_get_size (info) : 0;
  g_autoptr(GByteArray) bytes = g_byte_array_sized_new (expected > 0 && expected < G_MAXUINT - 1 ? (guint) expected + 1 : 4096);
  enum { CHUNK = 4 << 20 };
  for (;;)
    {
      guint used = bytes->len;
      if (G_MAXUINT - used < CHUNK + 1)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "the file is larger than 4 GB");
          return FALSE;
        }
      g_byte_array_set_size (bytes, used + CHUNK);
      gssize got = g_input_stream_read (G_INPUT_STREAM (stream), bytes->data + used, CHUNK, progress->cancellable,
                                        error);
      if (got < 0)
        return FALSE;
      g_byte_array_set_size (bytes, used + (guint) got);
      if (got == 0)
        break;
      if (expected > 0)
        report_progress (progress, 0.2 * MIN (1.0, (double) bytes->len / (double) expected));
    }
  *length = bytes->len;
  g_byte_array_append (bytes, (const guint8 *) "", 1); /* a terminating NUL, as g_file_load_contents gives */
  *contents = (char *) g_byte_array_free (g_steal_pointer (&bytes), FALSE);
  return TRUE;
}

/* Reads the bytes, hashes them and parses them; runs on any thread and touches no project. */
static cw_dataset *
read_dataset (GFile *file, gboolean allow_missing, ReadProgress *progress, char **checksum, GError **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = g_file_get_basename (file);

  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, progress->cancellable) == G_FILE_TYPE_DIRECTORY)
    return read_folder (file, checksum, error);

  if (!read_contents (file, progress, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, CW_PROJECT_ERROR, CW_ERR_IO, "%s could not be read: %s", name,
                     local_error->message);
      return NULL;
    }
  /* The same dispatch as the CLI's: the reader by magic bytes, then extension (CSV the fallback); the
   * local path lets instrument and NumPy files find their sibling targets file. */
  cw_load_options options = { 0 };
  options.csv.allow_missing = allow_missing;
  options.csv.progress = on_parse_progress;
  options.csv.progress_user = progress;
  cw_error err;
  cw_error_clear (&err);
  g_autofree char *path = g_file_get_path (file);
  cw_dataset *ds = cw_dataset_parse (contents, length, name, path, &options, &err);
  if (!ds)
    {
      if (err.status == CW_ERR_ABORTED && g_cancellable_is_cancelled (progress->cancellable))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Reading %s was cancelled.", name);
      else
        g_set_error_literal (error, CW_PROJECT_ERROR, err.status != CW_OK ? (int) err.status : CW_ERR_PARSE,
                             err.message[0] ? err.message : cw_status_name (err.status));
      return NULL;
    }
  /* Hashed after parsing, so a file that does not parse costs no hash. */
  *checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  report_progress (progress, 1.0);
  return ds;
}

gboolean
cw_project_load_data (CwProject *self, GFile *file, GError **error)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  g_autofree char *checksum = NULL;
  ReadProgress progress = { NULL, NULL };
  cw_dataset *ds = read_dataset (file, self->allow_missing, &progress, &checksum, error);
  if (!ds)
    return FALSE;
  apply_dataset (self, ds, file, checksum);
  return TRUE;
}

typedef struct
{
  GFile *file;
  gboolean allow_missing;
  int *permille;         /* shared with the progress timeout (g_atomic_rc_box) */
  cw_dataset *dataset;
  char *checksum;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  HANDOFF_ACQUIRE (job);
  g_clear_object (&job->file);
  /* The counter is freed by whichever side lets it go last (this job or the main thread's feed). */
  HANDOFF_RELEASE (job->permille);
  HANDOFF_ACQUIRE (job->permille);
  g_atomic_rc_box_release (job->permille);
  g_clear_pointer (&job->dataset, cw_dataset_free);
  g_clear_pointer (&job->checksum, g_free);
  g_free (job);
}

static void
load_data_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  LoadJob *job = task_data;
  GError *error = NULL;

  HANDOFF_ACQUIRE (job);
  ReadProgress progress = { cancellable, job->permille };
  gboolean ok = (job->dataset = read_dataset (job->file, job->allow_missing, &progress, &job->checksum, &error)) != NULL;
  HANDOFF_RELEASE (job);
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Main thread: the caller's progress function, fed from the worker's counter ten times a second. */
typedef struct
{
  int *permille;         /* shared with the job */
  int last;
  CwLoadProgressFunc func;
  gpointer data;
  guint timeout;
} ProgressFeed;

static gboolean
feed_progress (gpointer user_data)
{
  ProgressFeed *feed = user_data;
  int permille = g_atomic_int_get (feed->permille);
  if (permille != feed->last)
    {
      feed->last = permille;
      feed->func (permille / 1000.0, feed->data);
    }
  return G_SOURCE_CONTINUE;
}

static void
progress_feed_free (ProgressFeed *feed)
{
  if (!feed)
    return;
  g_clear_handle_id (&feed->timeout, g_source_remove);
  HANDOFF_RELEASE (feed->permille);
  HANDOFF_ACQUIRE (feed->permille);
  g_atomic_rc_box_release (feed->permille);
  g_free (feed);
}

typedef struct
{
  GTask *outer;
  ProgressFeed *feed;
} LoadCaller;

/* Main thread: the worker's task (which holds no project, so its last unref may happen anywhere) is
 * done; switch the project to the data and complete the caller's task, which does hold the project. */
static void
on_data_read (GObject *no_source, GAsyncResult *result, gpointer user_data)
{
  LoadCaller *caller = user_data;
  g_autoptr(GTask) outer = caller->outer;
  progress_feed_free (caller->feed);
  g_free (caller);
  CwProject *self = g_task_get_source_object (outer);
  LoadJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  HANDOFF_ACQUIRE (job);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (outer, error);
  else
    {
      self->allow_missing = job->allow_missing;
      apply_dataset (self, g_steal_pointer (&job->dataset), job->file, job->checksum);
      g_task_return_boolean (outer, TRUE);
    }
  /* The worker's task, and the job with it, may be freed on the worker. */
  HANDOFF_RELEASE (job);
}

void
cw_project_load_data_async (CwProject *self, GFile *file, GCancellable *cancellable, CwLoadProgressFunc progress,
                            gpointer progress_data, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (CW_IS_PROJECT (self));
  g_return_if_fail (G_IS_FILE (file));

  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, cw_project_load_data_async);

  LoadJob *job = g_new0 (LoadJob, 1);
  job->file = g_object_ref (file);
  job->allow_missing = self->allow_missing;
  job->permille = g_atomic_rc_box_new0 (int);
  LoadCaller *caller = g_new0 (LoadCaller, 1);
  caller->outer = outer;
  if (progress)
    {
      caller->feed = g_new0 (ProgressFeed, 1);
      caller->feed->permille = g_atomic_rc_box_acquire (job->permille);
      caller->feed->last = -1;
      caller->feed->func = progress;
      caller->feed->data = progress_data;
      caller->feed->timeout = g_timeout_add (100, feed_progress, caller->feed);
    }
  g_autoptr(GTask) worker = g_task_new (NULL, cancellable, on_data_read, caller);
  g_task_set_source_tag (worker, load_data_thread);
  g_task_set_task_data (worker, job, (GDestroyNotify) load_job_free);
  HANDOFF_RELEASE (job);
  cw_task_run_in_background (worker, load_data_thread);
}

void
cw_project_set_allow_missing (CwProject *self, gboolean allow)
{
  g_return_if_fail (CW_IS_PROJECT (self));
  if (self->allow_missing == !!allow)
    return;
  self->allow_missing = !!allow;
  cw_project_set_modified (self, TRUE);
}

gboolean
cw_project_get_allow_missing (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), FALSE);
  return self->allow_missing;
}

gboolean
cw_project_load_data_finish (CwProject *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The file's own unit when it names one (JCAMP ##XUNITS, SPC fxtype); otherwise an honest guess from the
 * header values: only claim a unit when the numbers make it likely. */
char *
cw_project_dup_axis_label (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  if (self->axis_label)
    return g_strdup (self->axis_label);
  return cw_project_dup_automatic_axis_label (self);
}

void
cw_project_set_axis_label (CwProject *self, const char *label)
{
  g_return_if_fail (CW_IS_PROJECT (self));
  if (label && !*label)
    label = NULL;
  if (g_strcmp0 (label, self->axis_label) == 0)
    return;
  g_free (self->axis_label);
  self->axis_label = g_strdup (label);
  cw_project_set_modified (self, TRUE);
  g_signal_emit (self, cw_project_signals[CW_PROJECT_DATA_CHANGED], 0);
}

const char *
cw_project_get_axis_label_choice (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  return self->axis_label;
}

char *
cw_project_dup_automatic_axis_label (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  if (!self->dataset || cw_dataset_length (self->dataset) < 1)
    return g_strdup ("Index");
  /* Windows of a recording: their axis is seconds, from the peak when they are aligned on peaks. */
  if (self->recording)
    return g_strdup (self->recording->n_peaks > 0 ? "Time from the peak (s)" : "Time in the window (s)");
  if (cw_dataset_axis_unit (self->dataset))
    return g_strdup (cw_dataset_axis_unit (self->dataset));
  const double *axis = cw_dataset_axis (self->dataset);
  int length = cw_dataset_length (self->dataset);
  double lo = INFINITY, hi = -INFINITY;
  gboolean integers_from_zero = TRUE;
  for (int t = 0; t < length; t++)
    {
      if (!isfinite (axis[t]))
        return g_strdup ("Index");
      lo = MIN (lo, axis[t]);
      hi = MAX (hi, axis[t]);
      if (axis[t] != t && axis[t] != t + 1)
        integers_from_zero = FALSE;
    }
  if (integers_from_zero)
    return g_strdup ("Index");
  if (lo >= 200 && hi <= 3000)
    return g_strdup ("Wavelength (nm)");
  if (lo >= 50 && hi > 3000 && hi <= 15000)
    return g_strdup ("Wavenumber (cm⁻¹)");
  return g_strdup ("Position");
}

int
cw_project_get_target (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), -1);
  return self->target;
}

cw_task
cw_project_get_task (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), CW_TASK_REGRESSION);
  return self->task;
}

static gboolean
loss_suits_task (cw_loss loss, cw_task task)
{
  switch (task)
    {
    case CW_TASK_REGRESSION:
      return loss == CW_LOSS_MSE || loss == CW_LOSS_MAE;
    case CW_TASK_BINARY:
      return loss == CW_LOSS_BINARY_CROSS_ENTROPY || loss == CW_LOSS_HINGE || loss == CW_LOSS_EXPONENTIAL;
    case CW_TASK_MULTICLASS:
      return loss == CW_LOSS_CROSS_ENTROPY;
    case CW_TASK_MULTILABEL:
      return loss == CW_LOSS_BINARY_CROSS_ENTROPY;
    default:
      return FALSE;
    }
}

/* After the number of outputs changed, a stack ending in dense(K) gets the new K (an undoable step). */
static void
adapt_output_layer (CwProject *self)
{
  int count = cw_spec_count (self->spec);
  if (count == 0)
    return;
  int last = count - 1;
  const cw_layer_spec *tail = cw_spec_get (self->spec, last);
  if (tail->type == CW_LAYER_ACTIVATION && last > 0
      && (tail->activation == CW_ACT_SOFTMAX || tail->activation == CW_ACT_SIGMOID))
    last--;
  const cw_layer_spec *output = cw_spec_get (self->spec, last);
  int k = cw_project_get_n_outputs (self);
  if (output->type != CW_LAYER_DENSE || output->units == k)
    return;
  cw_spec *spec = cw_spec_copy (self->spec);
  cw_layer_spec changed = *output;
  changed.units = k;
  cw_spec_set (spec, last, &changed);
  cw_project_set_spec (self, spec);
  cw_spec_free (spec);
}

/* Task change without the target-driven default: loss and output layer follow it. */
static void
apply_task (CwProject *self, cw_task task)
{
  self->task = task;
  ensure_categorical (self);
  if (!loss_suits_task (self->config.loss, task))
    {
      self->config.loss = cw_loss_default_for_task (task);
      g_signal_emit (self, cw_project_signals[CW_PROJECT_SETTINGS_CHANGED], 0);
    }
  adapt_output_layer (self);
}

void
cw_project_set_target (CwProject *self, int target)
{
  g_return_if_fail (CW_IS_PROJECT (self));
  g_return_if_fail (target >= -1);
  g_return_if_fail (target == -1 || (self->dataset && target < cw_dataset_n_targets (self->dataset)));
  if (target == self->target)
    return;
  self->target = target;
  apply_task (self, default_task_for_target (self, target));
  cw_project_set_modified (self, TRUE);
  g_signal_emit (self, cw_project_signals[CW_PROJECT_DATA_CHANGED], 0);
}

void
cw_project_set_task (CwProject *self, cw_task task)
{
  g_return_if_fail (CW_IS_PROJECT (self));
  if (task == self->task)
    return;
  apply_task (self, task);
  cw_project_set_modified (self, TRUE);
  g_signal_emit (self, cw_project_signals[CW_PROJECT_DATA_CHANGED], 0);
}

/* Regression on a target that became classes (integer labels): the class names are the numbers. */
static float *
class_names_as_values (const cw_dataset *ds, int target, GError **error)
{
  int n = cw_dataset_n_samples (ds), n_classes = cw_dataset_n_classes (ds, target);
  g_autofree double *numbers = g_new (double, MAX (n_classes, 1));
  for (int c = 0; c < n_classes; c++)
    {
      const char *name = cw_dataset_class_name (ds, target, c);
      char *end = NULL;
      numbers[c] = g_ascii_strtod (name, &end);
      if (end == name || *end != '\0')
        {
          g_set_error (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT,
                       "Target '%s' holds classes such as '%s', which regression cannot use: choose "
                       "binary or multiclass classification.", cw_dataset_target_name (ds, target), name);
          return NULL;
        }
    }
  const float *values = cw_dataset_target_values (ds, target);
  float *y = g_new (float, MAX (n, 1));
  for (int i = 0; i < n; i++)
    y[i] = isnan (values[i]) ? NAN : (float) numbers[(int) values[i]];
  return y;
}

static gboolean
engine_error (GError **error, const cw_error *err)
{
  g_set_error_literal (error, CW_PROJECT_ERROR, err->status != CW_OK ? (int) err->status : CW_ERR_INVALID_ARGUMENT,
                       err->message[0] ? err->message : cw_status_name (err->status));
  return FALSE;
}

gboolean
cw_project_build_training_data (CwProject *self, float **x, float **y, int *k, GError **error)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (y && k, FALSE);
  if (x)
    *x = NULL;
  *y = NULL;
  *k = 0;

  const cw_dataset *ds = self->dataset;
  if (!ds)
    {
      g_set_error_literal (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT, "Load a data file first.");
      return FALSE;
    }
  if (self->target < 0)
    {
      g_set_error_literal (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT,
                           "Choose the target column to predict.");
      return FALSE;
    }
  int n = cw_dataset_n_samples (ds);
  cw_error err;
  cw_error_clear (&err);

  g_autofree float *targets = NULL;
  int n_outputs = 1;
  if (self->task == CW_TASK_REGRESSION && cw_dataset_target_is_categorical (ds, self->target))
    {
      targets = class_names_as_values (ds, self->target, error);
      if (!targets)
        return FALSE;
      for (int i = 0; i < n; i++)
        if (isnan (targets[i]))
          {
            g_set_error (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT,
                         "Row %d has no value for target '%s'.", i + 1, cw_dataset_target_name (ds, self->target));
            return FALSE;
          }
    }
  else
    {
      float *encoded = NULL;
      if (cw_dataset_encode_targets (ds, self->task, &self->target, 1, &encoded, &n_outputs, &err) != CW_OK)
        return engine_error (error, &err);
      targets = g_memdup2 (encoded, (gsize) MAX (n, 1) * (gsize) n_outputs * sizeof (float));
      free (encoded);
    }

  gsize values = (gsize) n * (gsize) cw_dataset_n_channels (ds) * (gsize) cw_dataset_length (ds);
  if (x)
    *x = g_memdup2 (cw_dataset_signals (ds), MAX (values, 1) * sizeof (float));
  *y = g_steal_pointer (&targets);
  *k = n_outputs;
  return TRUE;
}

