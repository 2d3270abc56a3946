/* cw-series-dialog-jobs.c — the import dialog's workers: finding the peaks of the chosen signal, reading
 * an annotation file, cutting the windows. Each copies or shares (reference counted) what it reads, so the
 * dialog may close while one runs; results come back to the main thread, cancelled ones are dropped. */
#include "cw-background.h"
#include "cw-series-dialog-private.h"

#include "cw-tsan-private.h"

static void
series_ref_clear (gpointer data)
{
  HANDOFF_ACQUIRE (data); /* every thread's writes before its last unref */
  cw_series_free (((SeriesRef *) data)->series);
}

static void
annotations_ref_clear (gpointer data)
{
  HANDOFF_ACQUIRE (data); /* every thread's writes before its last unref */
  cw_annotations_free (((AnnotationsRef *) data)->annotations);
}

void
cw_series_dialog_series_release (SeriesRef *ref)
{
  HANDOFF_RELEASE (ref); /* what this thread wrote, to whichever thread clears */
  g_atomic_rc_box_release_full (ref, series_ref_clear);
}

void
cw_series_dialog_annotations_release (AnnotationsRef *ref)
{
  HANDOFF_RELEASE (ref); /* what this thread wrote, to whichever thread clears */
  g_atomic_rc_box_release_full (ref, annotations_ref_clear);
}

/* ---- peaks, on a worker ---- */

typedef struct
{
  double *signal;
  int n;
  double rate;
  int signal_index;
} PeaksInput;

typedef struct
{
  int *peaks;
  int n_peaks;
} PeaksOutput;

static void
peaks_input_free (PeaksInput *input)
{
  g_free (input->signal);
  g_free (input);
}

static void
peaks_output_free (PeaksOutput *output)
{
  free (output->peaks);
  g_free (output);
}

static void
peaks_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  PeaksInput *input = task_data;
  PeaksOutput *output = g_new0 (PeaksOutput, 1);
  cw_error err;
  output->n_peaks = cw_series_detect_peaks (input->signal, input->n, input->rate, NULL, &output->peaks, &err);
  if (output->n_peaks < 0)
    {
      peaks_output_free (output);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", err.message);
      return;
    }
  g_task_return_pointer (task, output, (GDestroyNotify) peaks_output_free);
}

static void
on_peaks_found (GObject *no_source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (CwSeriesDialog) self = user_data;
  PeaksInput *input = g_task_get_task_data (G_TASK (result));
  int signal_index = input->signal_index;
  g_autoptr (GError) error = NULL;
  PeaksOutput *output = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_clear_pointer (&output, peaks_output_free);
      return;
    }
  g_clear_object (&self->peaks_cancellable);
  g_clear_pointer (&self->peaks, free);
  g_clear_pointer (&self->peaks_error, g_free);
  self->peaks_signal = signal_index;
  if (output)
    {
      self->peaks = g_steal_pointer (&output->peaks);
      self->n_peaks = output->n_peaks;
      if (self->n_peaks == 0)
        self->peaks_error = g_strdup ("No peaks were found in this signal.");
      peaks_output_free (output);
    }
  else
    self->peaks_error = g_strdup (error->message);
  cw_series_dialog_update (self);
}

void
cw_series_dialog_find_peaks (CwSeriesDialog *self, int signal_index)
{
  if (self->peaks_cancellable)
    g_cancellable_cancel (self->peaks_cancellable);
  g_clear_object (&self->peaks_cancellable);
  self->peaks_cancellable = g_cancellable_new ();
  PeaksInput *input = g_new0 (PeaksInput, 1);
  input->n = self->n;
  input->rate = self->rate;
  input->signal_index = signal_index;
  input->signal = g_memdup2 (cw_series_signal (self->series->series, signal_index), sizeof (double) * (gsize) self->n);
  /* No source object: the dialog is never finalised on the worker. */
  g_autoptr (GTask) task = g_task_new (NULL, self->peaks_cancellable, on_peaks_found, g_object_ref (self));
  g_task_set_source_tag (task, cw_series_dialog_find_peaks);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, input, (GDestroyNotify) peaks_input_free);
  cw_task_run_in_background (task, peaks_thread);
}

/* ---- annotations, on a worker ---- */

static void
annotations_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GError *error = NULL;
  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_autofree char *name = g_file_get_basename (file);
  cw_error err;
  cw_annotations *annotations = cw_annotations_parse_csv (contents, length, name, &err);
  if (!annotations)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", err.message);
      return;
    }
  AnnotationsRef *ref = g_atomic_rc_box_new0 (AnnotationsRef);
  ref->annotations = annotations;
  g_task_return_pointer (task, ref, (GDestroyNotify) cw_series_dialog_annotations_release);
}

static void
on_annotations_read (GObject *no_source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (CwSeriesDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  AnnotationsRef *ref = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_clear_pointer (&ref, cw_series_dialog_annotations_release);
      return;
    }
  g_clear_object (&self->annotations_cancellable);
  g_clear_pointer (&self->annotations, cw_series_dialog_annotations_release);
  GFile *file = g_task_get_task_data (G_TASK (result));
  g_free (self->annotations_name);
  self->annotations_name = g_file_get_basename (file);
  if (ref)
    {
      self->annotations = ref;
      g_autofree char *text = g_strdup_printf ("%s: %d annotations", self->annotations_name,
                                               ref->annotations->n);
      gtk_label_set_text (self->annotations_label, text);
    }
  else
    {
      gtk_label_set_text (self->annotations_label, "");
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  cw_series_dialog_update (self);
}

void
cw_series_dialog_set_annotations_file (CwSeriesDialog *self, GFile *file)
{
  g_return_if_fail (CW_IS_SERIES_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));
  guint annotation_item = (guint) cw_series_n_label_columns (self->series->series) + 1;
  if (gtk_drop_down_get_selected (self->labels_dropdown) != annotation_item)
    gtk_drop_down_set_selected (self->labels_dropdown, annotation_item);
  if (self->annotations_cancellable)
    g_cancellable_cancel (self->annotations_cancellable);
  g_clear_object (&self->annotations_cancellable);
  self->annotations_cancellable = g_cancellable_new ();
  gtk_label_set_text (self->annotations_label, "Reading…");
  g_autoptr (GTask) task = g_task_new (NULL, self->annotations_cancellable, on_annotations_read,
                                       g_object_ref (self));
  g_task_set_source_tag (task, cw_series_dialog_set_annotations_file);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  cw_task_run_in_background (task, annotations_thread);
  cw_series_dialog_update (self);
}

static void
on_choose_response (GtkNativeDialog *chooser, int response, CwSeriesDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (file)
        cw_series_dialog_set_annotations_file (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
cw_series_dialog_choose_annotations (CwSeriesDialog *self)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new ("Annotations (time, label)", GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel");
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, "CSV / TSV");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.tsv");
  gtk_file_filter_add_pattern (filter, "*.txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (self->file)
    {
      g_autoptr (GFile) folder = g_file_get_parent (self->file);
      if (folder)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_choose_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- import, on a worker ---- */

typedef struct
{
  SeriesRef *series;
  AnnotationsRef *annotations;
  cw_window_options options;
  int *peaks;
  char *record;
} ImportInput;

typedef struct
{
  cw_dataset *dataset;
  CwRecording *recording;
} ImportOutput;

static void
import_input_free (ImportInput *input)
{
  cw_series_dialog_series_release (input->series);
  g_clear_pointer (&input->annotations, cw_series_dialog_annotations_release);
  g_free (input->peaks);
  g_free (input->record);
  g_free (input);
}

static void
import_output_free (ImportOutput *output)
{
  g_clear_pointer (&output->dataset, cw_dataset_free);
  g_clear_pointer (&output->recording, cw_recording_unref);
  g_free (output);
}

static void
import_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ImportInput *input = task_data;
  cw_error err;
  cw_dataset *ds = cw_series_window (input->series->series, &input->options, &err);
  if (!ds)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", err.message);
      return;
    }
  ImportOutput *output = g_new0 (ImportOutput, 1);
  output->dataset = ds;
  output->recording = cw_recording_new (input->series->series, &input->options, input->record);
  g_task_return_pointer (task, output, (GDestroyNotify) import_output_free);
}

static void
on_imported (GObject *no_source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (CwSeriesDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  ImportOutput *output = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_clear_pointer (&output, import_output_free);
      return;
    }
  g_clear_object (&self->import_cancellable);
  if (!output)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      cw_series_dialog_update (self);
      return;
    }
  g_autoptr (CwProject) project = cw_project_new ();
  cw_project_set_windows (project, g_steal_pointer (&output->dataset), output->recording);
  import_output_free (output);
  cw_series_dialog_emit_imported (self, project);
  gtk_window_destroy (GTK_WINDOW (self));
}

void
cw_series_dialog_accept (CwSeriesDialog *self)
{
  g_return_if_fail (CW_IS_SERIES_DIALOG (self));
  cw_window_options o;
  if (self->import_cancellable || !cw_series_dialog_current_options (self, &o)
      || cw_series_count_windows (self->series->series, &o) <= 0)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  ImportInput *input = g_new0 (ImportInput, 1);
  input->series = g_atomic_rc_box_acquire (self->series);
  input->annotations = self->annotations ? g_atomic_rc_box_acquire (self->annotations) : NULL;
  input->options = o;
  if (o.peaks)
    input->peaks = g_memdup2 (o.peaks, sizeof (int) * (gsize) o.n_peaks);
  input->options.peaks = input->peaks;
  input->record = self->file ? g_file_get_basename (self->file) : g_strdup ("recording");
  input->options.record = input->record;
  self->import_cancellable = g_cancellable_new ();
  g_autoptr (GTask) task = g_task_new (NULL, self->import_cancellable, on_imported, g_object_ref (self));
  g_task_set_source_tag (task, cw_series_dialog_accept);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, input, (GDestroyNotify) import_input_free);
  cw_task_run_in_background (task, import_thread);
  cw_series_dialog_update (self);
}

