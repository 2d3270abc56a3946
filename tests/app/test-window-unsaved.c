/* test-window-unsaved.c — a project is never overwritten by accident. The sequence a user reported: a saved
 * project with a model is open with unsaved changes; opening a data file must ask first (Cancel keeps
 * everything), Discard opens the data in a new untitled project (the title names the data, not the old
 * project file), and Save then asks for a new file instead of writing over the project, whose bytes stay as
 * they were. Choosing Save in the question saves the project to its own file first, then opens the data. */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <string.h>

#include "app-test-util.h"
#include "cw-application.h"
#include "cw-window.h"

static CwApplication *app;

static gboolean
window_idle (gpointer window)
{
  return !cw_window_is_loading (window);
}

static gboolean
window_mapped (gpointer window)
{
  return gtk_widget_get_mapped (window) && gtk_widget_get_width (window) > 0;
}

/* The first toplevel of `type` transient for the window, NULL when none. */
static GtkWidget *
find_transient (CwWindow *window, GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window)
          && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return GTK_WIDGET (toplevel);
    }
  return NULL;
}

static char *
dialog_text (GtkWidget *dialog)
{
  char *text = NULL;
  g_object_get (dialog, "text", &text, NULL);
  return text;
}

static GBytes *
file_bytes (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new (contents, length);
}

static void
change_epochs (CwProject *project, int epochs)
{
  cw_train_config config = *cw_project_get_train_config (project);
  config.epochs = epochs;
  cw_project_set_train_config (project, &config);
  g_assert_true (cw_project_get_modified (project));
}

static void
test_open_data_over_modified_project (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cw-unsaved-XXXXXX", NULL);
  g_autofree char *project_path = g_build_filename (dir, "meat.cwproj", NULL);
  g_autofree char *data_path = g_build_filename (dir, "new-data.csv", NULL);
  g_assert_true (g_file_set_contents (data_path,
                                      "target:y,900,902,904,906,908,910,912,914\n"
                                      "1.5,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8\n"
                                      "2.5,0.2,0.2,0.3,0.4,0.5,0.6,0.7,0.9\n"
                                      "3.5,0.3,0.2,0.3,0.4,0.5,0.6,0.7,1.0\n"
                                      "4.5,0.4,0.2,0.3,0.4,0.5,0.6,0.7,1.1\n", -1, NULL));
  g_autoptr(GFile) project_file = g_file_new_for_path (project_path);
  g_autoptr(GFile) data_file = g_file_new_for_path (data_path);

  CwWindow *window = cw_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (window_mapped, window, 5));

  /* A saved project (gasoline) with a model in it. */
  CwProject *project = cw_window_get_project (window);
  const cw_dataset *ds = cw_project_get_dataset (project);
  cw_model *model = cw_model_new (cw_project_get_spec (project), cw_dataset_n_channels (ds), cw_dataset_length (ds),
                                  CW_TASK_REGRESSION, 1, NULL);
  g_assert_nonnull (model);
  cw_model_init_weights (model, 7);
  cw_project_set_model (project, model, NULL);
  g_autoptr(GError) error = NULL;
  g_assert_true (cw_window_save_project (window, project_file, &error));
  g_assert_no_error (error);
  g_autoptr(GBytes) saved = file_bytes (project_path);
  g_assert_cmpuint (g_bytes_get_size (saved), >, 10000); /* the model's weights are in it */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Conv1D Workbench — meat.cwproj");

  /* Unsaved changes, then Open of a data file: a question, and nothing replaced yet. */
  change_epochs (project, 123);
  cw_window_open_file (window, data_file);
  GtkWidget *question = find_transient (window, GTK_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (question);
  g_autofree char *text = dialog_text (question);
  g_assert_cmpstr (text, ==, "Save changes to “meat.cwproj” before opening “new-data.csv”?");
  g_assert_false (cw_window_is_loading (window));
  g_assert_true (cw_window_get_project (window) == project);

  /* Cancel: everything stays. */
  gtk_dialog_response (GTK_DIALOG (question), GTK_RESPONSE_CANCEL);
  spin_ms (20);
  g_assert_null (find_transient (window, GTK_TYPE_MESSAGE_DIALOG));
  g_assert_true (cw_window_get_project (window) == project);
  g_assert_true (cw_project_get_modified (project));
  g_assert_nonnull (cw_project_get_model (project));

  /* Discard: the data opens in a new untitled project; the old file is untouched. */
  cw_window_open_file (window, data_file);
  question = find_transient (window, GTK_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (question);
  gtk_dialog_response (GTK_DIALOG (question), 1 /* Discard */);
  g_assert_true (wait_for (window_idle, window, 5));
  CwProject *fresh = cw_window_get_project (window);
  g_assert_true (fresh != project);
  g_assert_cmpint (cw_dataset_n_samples (cw_project_get_dataset (fresh)), ==, 4);
  g_assert_null (cw_project_get_file (fresh));
  g_assert_null (cw_project_get_model (fresh));
  g_assert_false (cw_project_get_modified (fresh));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Conv1D Workbench — new-data.csv");

  /* Ctrl+S on the untitled project asks where to save: it never writes over meat.cwproj. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  spin_ms (100);
  g_autoptr(GBytes) after = file_bytes (project_path);
  g_assert_true (g_bytes_equal (saved, after));
  GtkWidget *chooser = find_transient (window, GTK_TYPE_FILE_CHOOSER_DIALOG);
  if (chooser) /* the native chooser falls back to a GTK dialog without a portal */
    {
      gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
      spin_ms (20);
    }
  g_assert_null (cw_project_get_file (fresh));

  /* Save in the question: the project is saved to its own file first, then the data opens. */
  cw_window_open_file (window, project_file);
  g_assert_true (wait_for (window_idle, window, 5));
  CwProject *reopened = cw_window_get_project (window);
  g_assert_nonnull (cw_project_get_model (reopened));
  change_epochs (reopened, 77);
  cw_window_open_file (window, data_file);
  question = find_transient (window, GTK_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (question);
  gtk_dialog_response (GTK_DIALOG (question), 2 /* Save */);
  g_assert_true (wait_for (window_idle, window, 5));
  g_assert_true (cw_window_get_project (window) != reopened);
  g_assert_null (cw_project_get_file (cw_window_get_project (window)));
  g_autoptr(CwProject) on_disk = cw_project_load (project_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cw_project_get_train_config (on_disk)->epochs, ==, 77);
  g_assert_nonnull (cw_project_get_model (on_disk));

  gtk_window_destroy (GTK_WINDOW (window));
  spin_ms (20);
  g_unlink (project_path);
  g_unlink (data_path);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  if (!gtk_init_check ())
    {
      puts ("1..0 # SKIP no display");
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  app = cw_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_test_add_func ("/window/open-data-over-modified-project", test_open_data_over_modified_project);
  int status = g_test_run ();
  g_object_unref (app);
  return status;
}
