/* cw-window-actions.c — the window's actions (win.*) and when they are enabled: Train needs a valid
 * architecture (the Model page's "valid"), a target and an idle session; Pause (which toggles to Resume)
 * and Stop need a running one; Undo/Redo follow the project; Export Plot and Export All
 * Plots need a plot on the page. */
#include "cw-window-private.h"

#include <string.h>

#include "cw-export.h"
#include "cw-model-view.h"
#if __has_include ("cw-generator-dialog.h")
#include "cw-generator-dialog.h"
#define CW_HAVE_GENERATOR_DIALOG 1
#endif

static void
set_enabled (CwWindow *self, const char *name, gboolean enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);
  if (action)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
cw_window_actions_update (CwWindow *self)
{
  if (!self->project)
    return;
  CwSessionState state = cw_training_session_get_state (self->session);
  gboolean idle = state == CW_SESSION_IDLE;
  gboolean active = state == CW_SESSION_RUNNING || state == CW_SESSION_PAUSED;
  gboolean has_data = cw_project_get_dataset (self->project) != NULL;
  gboolean valid = self->model_view && cw_model_view_get_valid (CW_MODEL_VIEW (self->model_view));
  gboolean loading = self->load_cancellable != NULL;

  set_enabled (self, "train", idle && !loading && has_data && valid && cw_project_get_target (self->project) >= 0);
  set_enabled (self, "pause", active);
  set_enabled (self, "stop", active);
  set_enabled (self, "undo", idle && cw_project_can_undo (self->project));
  set_enabled (self, "redo", idle && cw_project_can_redo (self->project));
  set_enabled (self, "save", has_data && !loading);
  set_enabled (self, "save-as", has_data && !loading);
  set_enabled (self, "export-predictions", has_data && cw_project_get_model (self->project) != NULL);
  set_enabled (self, "export-plot", cw_window_get_export_drawable (self) != NULL);
  g_autoptr (GPtrArray) page_plots = cw_window_list_page_plots (self);
  set_enabled (self, "export-all-plots", page_plots->len > 0);
  set_enabled (self, "export-onnx", cw_project_get_model (self->project) != NULL);
#ifdef CW_HAVE_GENERATOR_DIALOG
  set_enabled (self, "new-from-generator", idle && !loading);
#else
  set_enabled (self, "new-from-generator", FALSE);
#endif

  GAction *pause = g_action_map_lookup_action (G_ACTION_MAP (self), "pause");
  gboolean paused = state == CW_SESSION_PAUSED;
  g_simple_action_set_state (G_SIMPLE_ACTION (pause), g_variant_new_boolean (paused));
  gtk_button_set_icon_name (self->pause_button, paused ? "media-playback-start-symbolic"
                                                       : "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_button),
                               paused ? "Resume training (Ctrl+P)" : "Pause training (Ctrl+P)");
}

/* ---- training ---- */

static void
train_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  CwWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  if (!cw_training_session_start (self->session, self->project, &error))
    {
      cw_window_set_error (self, error->message);
      cw_window_show_message (self, "Training could not start", error->message);
      return;
    }
  /* Show the curves, unless the user is already watching a page that updates live. */
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  if (!g_strcmp0 (page, "data") || !g_strcmp0 (page, "preprocess") || !g_strcmp0 (page, "model"))
    cw_window_show_page (self, "training");
}

static void
pause_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  CwWindow *self = user_data;
  switch (cw_training_session_get_state (self->session))
    {
    case CW_SESSION_RUNNING:
      cw_training_session_pause (self->session);
      break;
    case CW_SESSION_PAUSED:
      cw_training_session_resume (self->session);
      break;
    case CW_SESSION_IDLE:
    case CW_SESSION_STOPPING:
    default:
      break;
    }
}

static void
stop_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  CwWindow *self = user_data;
  cw_training_session_stop (self->session);
}

/* ---- edit ---- */

static void
undo_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  CwWindow *self = user_data;
  cw_project_undo (self->project);
}

static void
redo_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  CwWindow *self = user_data;
  cw_project_redo (self->project);
}

/* ---- files ---- */

static void
open_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  cw_window_choose_file_to_open (user_data);
}

static void
open_folder_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  cw_window_choose_folder_to_open (user_data);
}

static void
open_recent_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));
  cw_window_open_file (user_data, file);
}

static void
save_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  cw_window_save (user_data, FALSE, FALSE);
}

static void
save_as_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  cw_window_save (user_data, TRUE, FALSE);
}

/* ---- export ---- */

static char *
suggested_stem (CwWindow *self)
{
  GFile *file = cw_project_get_data_file (self->project);
  g_autofree char *name = file ? g_file_get_basename (file) : g_strdup ("data");
  char *dot = strrchr (name, '.');
  if (dot && dot != name)
    *dot = '\0';
  return g_steal_pointer (&name);
}

static void
on_export_predictions_response (GtkNativeDialog *chooser, int response, CwWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;
      if (!cw_export_predictions (self->project, file, &error))
        {
          cw_window_set_error (self, error->message);
          cw_window_show_message (self, "The predictions could not be exported", error->message);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
export_predictions_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  CwWindow *self = user_data;
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new ("Export Predictions", GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, "_Export",
                                                               "_Cancel");
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, "CSV table");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_autofree char *stem = suggested_stem (self);
  g_autofree char *name = g_strdup_printf ("%s-predictions.csv", stem);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_autoptr (GFile) folder = cw_window_dup_export_folder (self);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_predictions_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_export_onnx_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(CwWindow) self = user_data; /* held while the file was written */
  g_autoptr(GError) error = NULL;
  if (!cw_export_model_onnx_finish (result, &error))
    {
      cw_window_set_error (self, error->message);
      cw_window_show_message (self, "The model could not be exported as ONNX", error->message);
    }
}

static void
on_export_onnx_response (GtkNativeDialog *chooser, int response, CwWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      cw_export_model_onnx_async (self->project, file, NULL, on_export_onnx_done, g_object_ref (self));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
export_onnx_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  CwWindow *self = user_data;
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new ("Export Model as ONNX", GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, "_Export",
                                                               "_Cancel");
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, "ONNX model");
  gtk_file_filter_add_pattern (filter, "*.onnx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_autofree char *stem = suggested_stem (self);
  g_autofree char *name = g_strdup_printf ("%s-model.onnx", stem);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_onnx_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- pages ---- */

static void
new_from_generator_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
#ifdef CW_HAVE_GENERATOR_DIALOG
  CwWindow *self = user_data;
  cw_generator_dialog_present (GTK_WINDOW (self), self->project);
#endif
}

static void
import_recording_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  cw_window_choose_recording_to_import (user_data);
}

static void
show_page_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  cw_window_show_page (user_data, g_variant_get_string (parameter, NULL));
}

static const GActionEntry window_actions[] = {
  { .name = "train", .activate = train_activated },
  { .name = "pause", .activate = pause_activated, .state = "false" },  /* state TRUE = paused; activating toggles */
  { .name = "stop", .activate = stop_activated },
  { .name = "undo", .activate = undo_activated },
  { .name = "redo", .activate = redo_activated },
  { .name = "open", .activate = open_activated },
  { .name = "open-folder", .activate = open_folder_activated },
  { .name = "open-recent", .activate = open_recent_activated, .parameter_type = "s" },
  { .name = "save", .activate = save_activated },
  { .name = "save-as", .activate = save_as_activated },
  { .name = "export-predictions", .activate = export_predictions_activated },
  { .name = "export-onnx", .activate = export_onnx_activated },
  { .name = "new-from-generator", .activate = new_from_generator_activated },
  { .name = "import-recording", .activate = import_recording_activated },
  { .name = "show-page", .activate = show_page_activated, .parameter_type = "s" },
};

/* ---- what changes the sensitivity ---- */

static void
on_something_changed (CwWindow *self)
{
  cw_window_actions_update (self);
}

static void
on_modified_changed (CwWindow *self)
{
  cw_window_update_title (self);
}

static void
on_data_changed (CwWindow *self)
{
  cw_window_update_title (self);
  cw_window_actions_update (self);
}

/* Called after the pages are (re)built for a project. */
void
cw_window_actions_connect_project (CwWindow *self)
{
  g_signal_connect_object (self->project, "spec-changed", G_CALLBACK (on_something_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "model-changed", G_CALLBACK (on_something_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "data-changed", G_CALLBACK (on_data_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "notify::modified", G_CALLBACK (on_modified_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model_view, "notify::valid", G_CALLBACK (on_something_changed), self,
                           G_CONNECT_SWAPPED);
}

void
cw_window_actions_init (CwWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions, G_N_ELEMENTS (window_actions), self);
  g_signal_connect_object (self->session, "notify::state", G_CALLBACK (on_something_changed), self,
                           G_CONNECT_SWAPPED);
  /* Export Plot depends on the page shown. */
  g_signal_connect_object (self->stack, "notify::visible-child", G_CALLBACK (on_something_changed), self,
                           G_CONNECT_SWAPPED);
}
