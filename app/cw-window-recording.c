/* cw-window-recording.c — opening a long recording: a worker reads the start of a data file and asks the
 * engine whether it is a recording (few columns, many rows, a time column); if so (or when the user chose
 * Import as Recording…) it reads the whole file as one and the import dialog opens on it; otherwise the
 * file goes on as wide data. The windows the dialog makes become a new, untitled project. */
#include "cw-background.h"
#include "cw-window-private.h"

#include "cw-series-dialog.h"

/* The detector looks at the first MiB; a recording is read whole only once it was recognised. */
#define SNIFF_BYTES (1 << 20)

typedef struct
{
  GFile *file;
  gboolean as_recording;
} SniffInput;

typedef struct
{
  cw_series *series;     /* NULL: not a recording, open as wide data */
} SniffOutput;

static void
sniff_input_free (SniffInput *input)
{
  g_clear_object (&input->file);
  g_free (input);
}

static void
sniff_output_free (SniffOutput *output)
{
  cw_series_free (output->series);
  g_free (output);
}

static void
sniff_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SniffInput *input = task_data;
  GError *error = NULL;
  SniffOutput *output = g_new0 (SniffOutput, 1);
  gboolean recording = input->as_recording;
  /* A folder (of spectra or clips) is never one recording: the wide loader reads it. */
  if (!recording && g_file_query_file_type (input->file, G_FILE_QUERY_INFO_NONE, cancellable) == G_FILE_TYPE_DIRECTORY)
    {
      g_task_return_pointer (task, output, (GDestroyNotify) sniff_output_free);
      return;
    }
  if (!recording)
    {
      g_autoptr (GFileInputStream) stream = g_file_read (input->file, cancellable, &error);
      g_autofree char *head = g_malloc (SNIFF_BYTES);
      gsize got = 0;
      if (!stream || !g_input_stream_read_all (G_INPUT_STREAM (stream), head, SNIFF_BYTES, &got, cancellable, &error))
        {
          sniff_output_free (output);
          g_task_return_error (task, error);
          return;
        }
      /* Instrument and binary formats (JCAMP-DX, SPC, NumPy, audio) have their own readers. */
      g_autofree char *name = g_file_get_basename (input->file);
      recording = cw_file_format_detect (head, got, name) == CW_FORMAT_CSV
                  && cw_series_looks_like_recording (head, got);
    }
  g_autofree char *local_path = g_file_get_path (input->file);
  if (recording && local_path)
    {
      /* CSV or audio, told apart by the reader */
      cw_error err;
      output->series = cw_series_load (local_path, NULL, &err);
      if (!output->series)
        {
          sniff_output_free (output);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", err.message);
          return;
        }
    }
  else if (recording)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;
      if (!g_file_load_contents (input->file, cancellable, &contents, &length, NULL, &error))
        {
          sniff_output_free (output);
          g_task_return_error (task, error);
          return;
        }
      g_autofree char *name = g_file_get_basename (input->file);
      cw_error err;
      output->series = cw_series_parse_csv (contents, length, name, NULL, &err);
      if (!output->series)
        {
          sniff_output_free (output);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", err.message);
          return;
        }
    }
  g_task_return_pointer (task, output, (GDestroyNotify) sniff_output_free);
}

static void
on_imported (CwSeriesDialog *dialog, CwProject *project, CwWindow *self)
{
  GFile *file = g_object_get_data (G_OBJECT (dialog), "cw-file");
  g_autoptr (GFile) opened = g_object_ref (file);
  /* Windows just cut are not yet work that could be lost. */
  cw_project_set_modified (project, FALSE);
  cw_project_clear_undo (project);
  cw_window_set_project (self, project);
  cw_window_show_page (self, "data");
  g_autoptr (GCancellable) done = g_cancellable_new ();
  /* Recent files and the title as for any open (the file will open through the dialog again). */
  cw_window_set_loading (self, done);
  cw_window_finish_open (self, opened, done, TRUE, NULL);
}

static void
present_dialog (CwWindow *self, GFile *file, cw_series *series)
{
  if (self->series_dialog)
    gtk_window_destroy (GTK_WINDOW (self->series_dialog));
  CwSeriesDialog *dialog = cw_series_dialog_new (GTK_WINDOW (self), series, file);
  g_object_set_data_full (G_OBJECT (dialog), "cw-file", g_object_ref (file), g_object_unref);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (on_imported), self, 0);
  self->series_dialog = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->series_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_sniffed (GObject *no_source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (CwWindow) self = user_data;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  SniffInput *input = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  SniffOutput *output = g_task_propagate_pointer (G_TASK (result), &error);
  /* A newer open (or closing the window) took over. */
  if (self->load_cancellable != cancellable)
    {
      g_clear_pointer (&output, sniff_output_free);
      return;
    }
  if (!output)
    {
      cw_window_finish_open (self, input->file, cancellable, FALSE, error);
      return;
    }
  if (!output->series)
    {
      sniff_output_free (output);
      cw_window_load_wide_data (self, input->file, cancellable);
      return;
    }
  cw_window_set_loading (self, NULL);
  present_dialog (self, input->file, g_steal_pointer (&output->series));
  sniff_output_free (output);
}

void
cw_window_open_data_file (CwWindow *self, GFile *file, GCancellable *cancellable, gboolean as_recording)
{
  SniffInput *input = g_new0 (SniffInput, 1);
  input->file = g_object_ref (file);
  input->as_recording = as_recording;
  /* No source object, the window in user data: it is released on the main thread only. */
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, on_sniffed, g_object_ref (self));
  g_task_set_source_tag (task, cw_window_open_data_file);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, input, (GDestroyNotify) sniff_input_free);
  cw_task_run_in_background (task, sniff_thread);
}

GtkWindow *
cw_window_get_series_dialog (CwWindow *self)
{
  g_return_val_if_fail (CW_IS_WINDOW (self), NULL);
  return self->series_dialog ? GTK_WINDOW (self->series_dialog) : NULL;
}

void
cw_window_recording_dispose (CwWindow *self)
{
  if (self->series_dialog)
    {
      GtkWidget *dialog = self->series_dialog;
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->series_dialog);
      self->series_dialog = NULL;
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}
