/* cw-window-files.c — the window's files: opening data or a project (file chooser, drag and drop, recent
 * files; read off the main thread; a bad file leaves the project as it was and says why), saving,
 * the recent-files menu, and closing (stop the worker, then ask about unsaved changes). */
#include "cw-background.h"
#include "cw-window-private.h"

#include "cw-application.h"

#include <string.h>

#define MAX_RECENT_SHOWN 10

static gboolean
is_project_file (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  return name && g_str_has_suffix (name, ".cwproj");
}

static void
add_recent (CwWindow *self, GFile *file)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autofree char *uri = g_file_get_uri (file);
  /* The bundled example is not a file the user can find again. */
  if (CW_IS_APPLICATION (app) && !g_str_has_prefix (uri, "resource:"))
    cw_application_add_recent (CW_APPLICATION (app), uri);
}

void
cw_window_set_loading (CwWindow *self, GCancellable *cancellable)
{
  g_set_object (&self->load_cancellable, cancellable);
  gtk_widget_set_visible (self->loading_box, cancellable != NULL);
  gtk_progress_bar_set_fraction (self->loading_progress, 0);
  gtk_progress_bar_set_text (self->loading_progress, "Reading…");
  cw_window_actions_update (self);
}

/* The reader's progress (main thread, a few times a second). */
static void
on_load_progress (double fraction, gpointer user_data)
{
  CwWindow *self = user_data;
  gtk_progress_bar_set_fraction (self->loading_progress, fraction);
  g_autofree char *text = g_strdup_printf ("Reading… %d %%", (int) (fraction * 100 + 0.5));
  gtk_progress_bar_set_text (self->loading_progress, text);
}

/* Stop: the reader gives up within about 1 % of the file and the project stays as it was. */
static void
on_loading_cancel_clicked (GtkButton *button, CwWindow *self)
{
  if (self->load_cancellable)
    g_cancellable_cancel (self->load_cancellable);
}

void
cw_window_cancel_open (CwWindow *self)
{
  g_return_if_fail (CW_IS_WINDOW (self));
  on_loading_cancel_clicked (NULL, self);
}

/* "gasoline.csv could not be opened" + the engine's located message. */
static void
report_open_error (CwWindow *self, GFile *file, const GError *error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *primary = g_strdup_printf ("%s could not be opened", name);
  /* The engine's messages usually name the file already. */
  g_autofree char *message = g_str_has_prefix (error->message, name) ? g_strdup (error->message)
                                                                    : g_strdup_printf ("%s: %s", name, error->message);
  cw_window_set_error (self, message);
  cw_window_show_message (self, primary, error->message);
}

/* A signal cell with no number: say where, and offer to read the file again filling such cells from their
 * own row (what conv1d --allow-missing does). */
static void
on_fill_missing_response (GtkDialog *dialog, int response, CwWindow *self)
{
  GFile *file = g_object_get_data (G_OBJECT (dialog), "cw-file");
  if (response == GTK_RESPONSE_ACCEPT && file)
    {
      self->open_allow_missing = TRUE;
      cw_window_open_file (self, file);
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
offer_to_fill_missing (CwWindow *self, GFile *file, const GError *error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = g_str_has_prefix (error->message, name) ? g_strdup (error->message)
                                                                    : g_strdup_printf ("%s: %s", name, error->message);
  cw_window_set_error (self, message);
  GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                              "%s has missing values", name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            "%s\n\nEmpty, NA and NaN signal cells can be filled from their own row "
                                            "(linear interpolation between the neighbouring values); a note "
                                            "then says how many were filled, and the project remembers the choice.",
                                            error->message);
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), "_Cancel", GTK_RESPONSE_CANCEL, "_Fill and Open",
                          GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_object_set_data_full (G_OBJECT (dialog), "cw-file", g_object_ref (file), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_fill_missing_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- data files ---- */

typedef struct
{
  CwWindow *window;      /* strong */
  GFile *file;
  GCancellable *cancellable;
  CwProject *project;    /* data files: the new untitled project the data is read into (strong) */
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_clear_object (&job->window);
  g_clear_object (&job->file);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->project);
  g_free (job);
}

static OpenJob *
open_job_new (CwWindow *self, GFile *file, GCancellable *cancellable)
{
  OpenJob *job = g_new0 (OpenJob, 1);
  job->window = g_object_ref (self);
  job->file = g_object_ref (file);
  job->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  return job;
}

void
cw_window_finish_open (CwWindow *self, GFile *file, GCancellable *cancellable, gboolean ok, const GError *error)
{
  /* A newer open (or closing the window) took over: this one is forgotten. */
  if (self->load_cancellable != cancellable)
    return;
  cw_window_set_loading (self, NULL);
  if (ok)
    {
      add_recent (self, file);
      cw_window_update_title (self);
    }
  else if (g_error_matches (error, CW_PROJECT_ERROR, CW_ERR_MISSING_VALUE))
    offer_to_fill_missing (self, file, error);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    report_open_error (self, file, error);
  cw_window_emit_file_opened (self, file, ok);
}

static void
finish_open (OpenJob *job, gboolean ok, const GError *error)
{
  cw_window_finish_open (job->window, job->file, job->cancellable, ok, error);
}

static void
on_data_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  OpenJob *job = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = cw_project_load_data_finish (CW_PROJECT (source), result, &error);
  /* The data becomes a new untitled project: the one open before (saved or asked about already) is left
   * as it was, and saving never writes the new data's settings over its file. */
  if (ok && job->window->load_cancellable == job->cancellable)
    {
      cw_project_set_modified (job->project, FALSE);
      cw_project_clear_undo (job->project);
      cw_window_set_project (job->window, job->project);
      /* e.g. a folder's spectra interpolated onto a common axis: the user should know before fitting. */
      const cw_dataset *ds = cw_project_get_dataset (job->project);
      if (ds && cw_dataset_note (ds))
        cw_window_show_message (job->window, "The data was read with a note", cw_dataset_note (ds));
    }
  finish_open (job, ok, error);
  open_job_free (job);
}

/* ---- project files ---- */

typedef struct
{
  CwProject *project;
  char *warning;
} LoadedProject;

static void
loaded_project_free (LoadedProject *loaded)
{
  g_clear_object (&loaded->project);
  g_free (loaded->warning);
  g_free (loaded);
}

/* Worker: cw_project_load touches nothing but its new project (made and filled here, handed over once). */
static void
load_project_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  GFile *file = task_data;
  LoadedProject *loaded = g_new0 (LoadedProject, 1);
  GError *error = NULL;
  loaded->project = cw_project_load (file, &loaded->warning, &error);
  if (!loaded->project)
    {
      loaded_project_free (loaded);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_project_free);
}

static void
on_project_loaded (GObject *no_source, GAsyncResult *result, gpointer user_data)
{
  OpenJob *job = user_data;
  g_autoptr(GError) error = NULL;
  LoadedProject *loaded = g_task_propagate_pointer (G_TASK (result), &error);
  if (loaded && job->window->load_cancellable == job->cancellable)
    {
      cw_window_set_project (job->window, loaded->project);
      if (loaded->warning)
        cw_window_show_message (job->window, "The project was opened with a warning", loaded->warning);
    }
  finish_open (job, loaded != NULL, error);
  g_clear_pointer (&loaded, loaded_project_free);
  open_job_free (job);
}

static void open_file_now (CwWindow *self, GFile *file, gboolean as_recording);

enum
{
  RESPONSE_DISCARD = 1,
  RESPONSE_SAVE = 2,
};

static void
on_replace_response (GtkDialog *dialog, int response, CwWindow *self)
{
  GFile *file = g_object_get_data (G_OBJECT (dialog), "cw-file");
  g_autoptr(GFile) pending = file ? g_object_ref (file) : NULL;
  gboolean as_recording = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "cw-as-recording"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (!pending)
    return;
  if (response == RESPONSE_DISCARD)
    open_file_now (self, pending, as_recording);
  else if (response == RESPONSE_SAVE)
    {
      /* Opened once the save succeeds (at once for a project with a file, after the chooser otherwise); a
       * cancelled or failed save opens nothing. */
      g_set_object (&self->open_after_save, pending);
      self->open_after_save_as_recording = as_recording;
      cw_window_save (self, FALSE, FALSE);
    }
}

/* The project has unsaved changes: ask before anything replaces it. */
static void
ask_before_replacing (CwWindow *self, GFile *file, gboolean as_recording)
{
  if (self->replace_dialog)
    gtk_window_destroy (GTK_WINDOW (self->replace_dialog));
  GFile *current = cw_project_get_file (self->project);
  g_autofree char *current_name = current ? g_file_get_basename (current) : NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *question = current_name
                                ? g_strdup_printf ("Save changes to “%s” before opening “%s”?", current_name, name)
                                : g_strdup_printf ("Save the project before opening “%s”?", name);
  GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", question);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            is_project_file (file)
                                              ? "The open project has unsaved changes (settings, architecture, "
                                                "trained model or history). Opening another project replaces it."
                                              : "The open project has unsaved changes (settings, architecture, "
                                                "trained model or history). The data opens in a new, untitled "
                                                "project; unsaved changes to this one will be lost.");
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), "_Cancel", GTK_RESPONSE_CANCEL, "_Discard", RESPONSE_DISCARD,
                          "_Save", RESPONSE_SAVE, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), RESPONSE_SAVE);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), RESPONSE_DISCARD),
                            "destructive-action");
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), RESPONSE_SAVE),
                            "suggested-action");
  g_object_set_data_full (G_OBJECT (dialog), "cw-file", g_object_ref (file), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "cw-as-recording", GINT_TO_POINTER (as_recording));
  g_signal_connect (dialog, "response", G_CALLBACK (on_replace_response), self);
  self->replace_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->replace_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Opens a data file (into a new untitled project) or a project file (replacing the project). A project
 * with unsaved changes is never replaced without asking. */
static void
open_file_asking (CwWindow *self, GFile *file, gboolean as_recording)
{
  if (cw_project_get_modified (self->project))
    {
      ask_before_replacing (self, file, as_recording);
      return;
    }
  open_file_now (self, file, as_recording);
}

void
cw_window_open_file (CwWindow *self, GFile *file)
{
  g_return_if_fail (CW_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  open_file_asking (self, file, FALSE);
}

void
cw_window_import_recording (CwWindow *self, GFile *file)
{
  g_return_if_fail (CW_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  open_file_asking (self, file, TRUE);
}

void
cw_window_load_wide_data (CwWindow *self, GFile *file, GCancellable *cancellable)
{
  OpenJob *job = open_job_new (self, file, cancellable);
  job->project = cw_project_new ();
  /* Asked for once (the Open dialog's choice, or Fill and Open): the next file is read without it. */
  cw_project_set_allow_missing (job->project, self->open_allow_missing);
  self->open_allow_missing = FALSE;
  cw_project_load_data_async (job->project, file, job->cancellable, on_load_progress, self, on_data_loaded, job);
}

static void
open_file_now (CwWindow *self, GFile *file, gboolean as_recording)
{
  /* New data under a running worker would get a model trained for the old data: stop it first (it keeps
   * the model so far in the current project, which the user may still save). */
  if (cw_training_session_get_state (self->session) != CW_SESSION_IDLE)
    {
      cw_training_session_stop (self->session);
      cw_training_session_wait (self->session, 1000);
    }
  if (self->load_cancellable)
    g_cancellable_cancel (self->load_cancellable);

  if (!is_project_file (file))
    {
      /* A recording or wide data: cw-window-recording.c looks first. */
      g_autoptr (GCancellable) cancellable = g_cancellable_new ();
      cw_window_set_loading (self, cancellable);
      cw_window_open_data_file (self, file, cancellable, as_recording);
      return;
    }
  OpenJob *job = open_job_new (self, file, NULL);
  cw_window_set_loading (self, job->cancellable);
  /* No source object: the task may be unreffed on the worker, and a window must not be. */
  g_autoptr(GTask) task = g_task_new (NULL, job->cancellable, on_project_loaded, job);
  g_task_set_source_tag (task, cw_window_open_file);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  cw_task_run_in_background (task, load_project_thread);
}

/* ---- the file chooser ---- */

static void
on_open_response (GtkNativeDialog *chooser, int response, CwWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      const char *missing = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "missing");
      self->open_allow_missing = g_strcmp0 (missing, "true") == 0;
      if (file)
        cw_window_open_file (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/* Suffixes without the dot, matched in any case (instruments write SPC as well as spc). */
static void
add_filter (GtkFileChooser *chooser, const char *name, const char *const *suffixes)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, name);
  for (; *suffixes; suffixes++)
    gtk_file_filter_add_suffix (filter, *suffixes);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
on_import_response (GtkNativeDialog *chooser, int response, CwWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (file)
        cw_window_import_recording (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
cw_window_choose_recording_to_import (CwWindow *self)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new ("Import as Recording", GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, "_Open",
                                                               "_Cancel");
  add_filter (GTK_FILE_CHOOSER (chooser), "CSV / TSV data", (const char *[]) { "*.csv", "*.tsv", "*.txt", NULL });
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
cw_window_choose_file_to_open (CwWindow *self)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new ("Open Data or Project", GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, "_Open",
                                                               "_Cancel");
  /* The readers cw_dataset_load dispatches to; it looks at the bytes too, so "All files" opens any. */
  add_filter (GTK_FILE_CHOOSER (chooser), "Data and projects",
              (const char *[]) { "csv", "tsv", "txt", "jdx", "dx", "jcamp", "spc", "npy", "npz", "wav", "flac", "ogg",
                                 "oga", "opus", "cwproj", NULL });
  add_filter (GTK_FILE_CHOOSER (chooser), "CSV / TSV data", (const char *[]) { "csv", "tsv", "txt", NULL });
  add_filter (GTK_FILE_CHOOSER (chooser), "JCAMP-DX spectra", (const char *[]) { "jdx", "dx", "jcamp", NULL });
  add_filter (GTK_FILE_CHOOSER (chooser), "SPC spectra (Galactic / Thermo)", (const char *[]) { "spc", NULL });
  add_filter (GTK_FILE_CHOOSER (chooser), "NumPy arrays", (const char *[]) { "npy", "npz", NULL });
  add_filter (GTK_FILE_CHOOSER (chooser), "Audio clips (WAV, FLAC, Ogg)",
              (const char *[]) { "wav", "flac", "ogg", "oga", "opus", NULL });
  add_filter (GTK_FILE_CHOOSER (chooser), "Workbench projects", (const char *[]) { "cwproj", NULL });
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  gtk_file_filter_set_name (all, "All files");
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  /* A boolean choice: a check button under the file list. */
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "missing",
                               "Fill missing signal values (empty, NA) from their row", NULL, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
cw_window_choose_folder_to_open (CwWindow *self)
{
  /* A folder of one-spectrum files or of audio clips (in sub-folders named by class): cw_dataset_load tells. */
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new ("Open a Folder of Spectra or Audio Clips",
                                                               GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, "_Open",
                                                               "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- drag and drop ---- */

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, CwWindow *self)
{
  GFile *file = NULL;
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);
      file = files ? files->data : NULL;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);
  if (!file)
    return FALSE;
  cw_window_open_file (self, file);
  return TRUE;
}

/* ---- saving ---- */

gboolean
cw_window_save_project (CwWindow *self, GFile *file, GError **error)
{
  g_return_val_if_fail (CW_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  if (!cw_project_save (self->project, file, error))
    return FALSE;
  add_recent (self, file);
  cw_window_update_title (self);
  return TRUE;
}

static gboolean
save_reporting (CwWindow *self, GFile *file)
{
  g_autoptr(GError) error = NULL;
  if (cw_window_save_project (self, file, &error))
    return TRUE;
  cw_window_set_error (self, error->message);
  cw_window_show_message (self, "The project could not be saved", error->message);
  return FALSE;
}

/* A save the user chose in "save before opening?" ended: open the file when it succeeded. */
static void
open_pending (CwWindow *self, gboolean saved)
{
  g_autoptr(GFile) pending = g_steal_pointer (&self->open_after_save);
  if (pending && saved)
    open_file_now (self, pending, self->open_after_save_as_recording);
}

static void
on_save_response (GtkNativeDialog *chooser, int response, CwWindow *self)
{
  gboolean close_after = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "close-after"));
  gboolean saved = FALSE;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      saved = file && save_reporting (self, file);
      if (saved && close_after)
        {
          self->close_confirmed = TRUE;
          gtk_window_close (GTK_WINDOW (self));
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  open_pending (self, saved);
}

void
cw_window_save (CwWindow *self, gboolean choose_file, gboolean close_after)
{
  GFile *current = cw_project_get_file (self->project);
  if (current && !choose_file)
    {
      gboolean saved = save_reporting (self, current);
      if (saved && close_after)
        {
          self->close_confirmed = TRUE;
          gtk_window_close (GTK_WINDOW (self));
        }
      open_pending (self, saved);
      return;
    }

  GtkFileChooserNative *chooser = gtk_file_chooser_native_new ("Save Project", GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, "_Save",
                                                               "_Cancel");
  add_filter (GTK_FILE_CHOOSER (chooser), "Workbench projects", (const char *[]) { "cwproj", NULL });
  if (current)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), current, NULL);
  else
    {
      GFile *data = cw_project_get_data_file (self->project);
      g_autofree char *name = data ? g_file_get_basename (data) : g_strdup ("untitled.csv");
      char *dot = strrchr (name, '.');
      if (dot && dot != name)
        *dot = '\0';
      g_autofree char *suggested = g_strconcat (name, ".cwproj", NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
    }
  g_object_set_data (G_OBJECT (chooser), "close-after", GINT_TO_POINTER (close_after));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- recent files ---- */

void
cw_window_rebuild_recent_menu (CwWindow *self)
{
  g_menu_remove_all (self->recent_section);
  g_auto(GStrv) uris = g_settings_get_strv (self->settings, "recent-files");
  int shown = 0;
  for (int i = 0; uris[i] && shown < MAX_RECENT_SHOWN; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (uris[i]);
      /* Missing files are left out here; the application prunes them from the list itself. */
      if (!g_file_query_exists (file, NULL))
        continue;
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *detailed = g_action_print_detailed_name ("win.open-recent", g_variant_new_string (uris[i]));
      /* Underscores in file names would be taken for mnemonics. */
      g_autoptr(GString) label = g_string_new (name);
      g_string_replace (label, "_", "__", 0);
      g_autoptr(GMenuItem) item = g_menu_item_new (label->str, detailed);
      g_menu_append_item (self->recent_section, item);
      shown++;
    }
  if (shown == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new ("No Recent Files", "win.no-recent-files");
      g_menu_append_item (self->recent_section, item);
    }
}

/* ---- closing ---- */

static void
save_window_state (CwWindow *self)
{
  if (!self->settings)
    return;
  int width = 0, height = 0;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set (self->settings, "window-size", "(ii)", width, height);
  g_settings_set_boolean (self->settings, "maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
}

static void
on_unsaved_response (GtkDialog *dialog, int response, CwWindow *self)
{
  /* Discard (or a save to the project's own file) closes the window from inside the dialog's "response",
   * and the application held the window's last reference: keep it to the end of this handler. The
   * dialog outlives the handler (the emission holds it), so detach it from the window first: its dispose
   * would otherwise disconnect its handlers from the finalized window (GLib warnings at every exit). */
  g_autoptr(CwWindow) keep = g_object_ref (self);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == RESPONSE_DISCARD)
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (response == RESPONSE_SAVE)
    cw_window_save (self, FALSE, TRUE);
}

gboolean
cw_window_close_request (GtkWindow *window)
{
  CwWindow *self = CW_WINDOW (window);

  /* Within a second the worker stops, and the model trained so far is in the project (and unsaved). */
  if (cw_training_session_get_state (self->session) != CW_SESSION_IDLE)
    {
      cw_training_session_stop (self->session);
      if (!cw_training_session_wait (self->session, 1000))
        g_printerr ("conv1d-workbench: the training worker did not stop within a second\n");
    }

  if (self->close_confirmed || !cw_project_get_modified (self->project))
    {
      save_window_state (self);
      if (self->load_cancellable)
        g_cancellable_cancel (self->load_cancellable);
      return GTK_WINDOW_CLASS (g_type_class_peek_parent (G_OBJECT_GET_CLASS (self)))->close_request (window);
    }

  GtkWidget *dialog = gtk_message_dialog_new (window, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                              "Save changes to the project before closing?");
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            "The data settings, architecture, trained model or history "
                                            "changed since the project was last saved. Unsaved changes "
                                            "will be lost.");
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), "_Cancel", GTK_RESPONSE_CANCEL, "_Discard", RESPONSE_DISCARD,
                          "_Save", RESPONSE_SAVE, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), RESPONSE_SAVE);
  GtkWidget *discard = gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), RESPONSE_DISCARD);
  gtk_widget_add_css_class (discard, "destructive-action");
  GtkWidget *save = gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), RESPONSE_SAVE);
  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect (dialog, "response", G_CALLBACK (on_unsaved_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* ---- set-up ---- */

void
cw_window_files_init (CwWindow *self)
{
  g_signal_connect (self->loading_cancel, "clicked", G_CALLBACK (on_loading_cancel_clicked), self);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  /* Without the installed schema (a test binary, an uninstalled run) the window works, minus memory. */
  if (schema)
    {
      self->settings = g_settings_new (APP_ID);
      g_signal_connect_object (self->settings, "changed::recent-files", G_CALLBACK (cw_window_rebuild_recent_menu),
                               self, G_CONNECT_SWAPPED);
      int width = 0, height = 0;
      g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
      if (width > 200 && height > 200)
        gtk_window_set_default_size (GTK_WINDOW (self), width, height);
      if (g_settings_get_boolean (self->settings, "maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      cw_window_rebuild_recent_menu (self);
    }

  /* The placeholder item of an empty recent list is shown, disabled. */
  g_autoptr(GSimpleAction) none = g_simple_action_new ("no-recent-files", NULL);
  g_simple_action_set_enabled (none, FALSE);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (none));

  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, (GType[]) { GDK_TYPE_FILE_LIST, G_TYPE_FILE }, 2);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

void
cw_window_files_dispose (CwWindow *self)
{
  cw_window_recording_dispose (self);
  if (self->load_cancellable)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->open_after_save);
  if (self->replace_dialog)
    {
      GtkWidget *dialog = self->replace_dialog;
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->replace_dialog);
      self->replace_dialog = NULL;
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}
