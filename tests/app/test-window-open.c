/* test-window-open.c — opening data files in the window: a file with missing signal cells is refused with
 * an offer to fill them (accepted: the data opens with a note and the saved project remembers the choice);
 * a large file shows its progress and Stop leaves the project as it was. */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <string.h>

#include "app-test-util.h"
#include "cw-application.h"
#include "cw-window.h"
#include "cw-window-private.h"

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

static CwWindow *
new_window (void)
{
  CwWindow *window = cw_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (window_mapped, window, 5));
  spin_ms (50);
  return window;
}

static GtkWidget *
find_message_dialog (CwWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);
      if (GTK_IS_MESSAGE_DIALOG (toplevel) && gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
        return GTK_WIDGET (toplevel);
    }
  return NULL;
}

static gboolean
has_message_dialog (gpointer window)
{
  return find_message_dialog (window) != NULL;
}

static char *
dialog_text (GtkWidget *dialog, const char *property)
{
  char *text = NULL;
  g_object_get (dialog, property, &text, NULL);
  return text;
}

/* Two empty cells and an NA: refused with the first one located and an offer to fill them; accepted, the data
 * opens with the cells interpolated, a note says so, and the saved project reads its data the same way. */
static void
test_missing_values_offered (void)
{
  CwWindow *window = new_window ();
  const cw_dataset *gasoline = cw_project_get_dataset (cw_window_get_project (window));
  g_autofree char *dir = g_dir_make_tmp ("cw-open-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "holes.csv", NULL);
  g_assert_true (g_file_set_contents (path,
                                      "target:y,900,902,904,906\n"
                                      "1.5,0.1,0.2,0.3,0.4\n"
                                      "2.5,0.1,,0.5,0.7\n"
                                      "3.5,0.2,0.4,NA,0.8\n"
                                      "4.5,0.3,0.5,0.7,0.9\n", -1, NULL));
  g_autoptr(GFile) file = g_file_new_for_path (path);

  cw_window_open_file (window, file);
  g_assert_true (wait_for (window_idle, window, 10));
  g_assert_true (wait_for (has_message_dialog, window, 5));
  g_assert_true (cw_project_get_dataset (cw_window_get_project (window)) == gasoline);
  GtkWidget *dialog = find_message_dialog (window);
  g_autofree char *primary = dialog_text (dialog, "text");
  g_autofree char *secondary = dialog_text (dialog, "secondary-text");
  g_assert_cmpstr (primary, ==, "holes.csv has missing values");
  g_assert_nonnull (strstr (secondary, "line 3, column 3 (header '902'): the cell is empty"));
  g_assert_nonnull (strstr (cw_window_get_last_error (window), "line 3, column 3"));

  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_assert_true (wait_for (window_idle, window, 10));
  spin_ms (20);
  CwProject *project = cw_window_get_project (window);
  const cw_dataset *ds = cw_project_get_dataset (project);
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 4);
  g_assert_true (cw_project_get_allow_missing (project));
  const double *x = cw_dataset_signals_f64 (ds);
  g_assert_cmpfloat_with_epsilon (x[1 * 4 + 1], 0.3, 1e-12); /* between 0.1 and 0.5 */
  g_assert_cmpfloat_with_epsilon (x[2 * 4 + 2], 0.6, 1e-12); /* between 0.4 and 0.8 */
  /* The note is shown (the dialog now open is that one). */
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  g_autofree char *note = dialog_text (dialog, "secondary-text");
  g_assert_nonnull (strstr (note, "2 missing signal cells"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Saved and opened again: the project reads its data filling the same cells. */
  g_autofree char *project_path = g_build_filename (dir, "holes.cwproj", NULL);
  g_autoptr(GFile) project_file = g_file_new_for_path (project_path);
  g_autoptr(GError) error = NULL;
  g_assert_true (cw_project_save (project, project_file, &error));
  g_assert_no_error (error);
  g_autofree char *json = NULL;
  g_assert_true (g_file_get_contents (project_path, &json, NULL, NULL));
  g_assert_nonnull (strstr (json, "\"allow_missing\" : true"));
  g_autoptr(CwProject) reopened = cw_project_load (project_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cw_project_get_allow_missing (reopened));
  g_assert_cmpfloat_with_epsilon (cw_dataset_signals_f64 (cw_project_get_dataset (reopened))[1 * 4 + 1], 0.3, 1e-12);

  /* The choice was for that file: the next one with a hole is refused again. */
  cw_window_open_file (window, file);
  g_assert_true (wait_for (window_idle, window, 10));
  g_assert_true (wait_for (has_message_dialog, window, 5));
  dialog = find_message_dialog (window);
  g_autofree char *again = dialog_text (dialog, "text");
  g_assert_cmpstr (again, ==, "holes.csv has missing values");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  spin_ms (20);
  g_assert_true (cw_project_get_dataset (cw_window_get_project (window)) == ds);

  g_unlink (project_path);
  g_unlink (path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  CwWindow *window;
  double fraction;
} Progress;

static gboolean
progress_shown (gpointer data)
{
  Progress *p = data;
  p->fraction = gtk_progress_bar_get_fraction (p->window->loading_progress);
  return p->fraction > 0 || !cw_window_is_loading (p->window);
}

/* A file of 6000 x 1500 values (about 60 MB): the header shows how far the read is, and Stop ends it
 * with the project untouched and no error. */
static void
test_progress_and_stop (void)
{
  CwWindow *window = new_window ();
  const cw_dataset *gasoline = cw_project_get_dataset (cw_window_get_project (window));
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "cw-test-large.csv", NULL);
  GString *text = g_string_new ("target:y");
  for (int j = 0; j < 1500; j++)
    g_string_append_printf (text, ",%d", 1000 + j);
  g_string_append_c (text, '\n');
  for (int i = 0; i < 6000; i++)
    {
      g_string_append_printf (text, "%d", i);
      for (int j = 0; j < 1500; j++)
        g_string_append_printf (text, ",0.%05d", (i * 7919 + j * 104729) % 100000);
      g_string_append_c (text, '\n');
    }
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, NULL));
  g_string_free (text, TRUE);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  cw_window_open_file (window, file);
  g_assert_true (cw_window_is_loading (window));
  g_assert_true (gtk_widget_get_visible (window->loading_box));
  Progress progress = { window, 0 };
  g_assert_true (wait_for (progress_shown, &progress, 30));
  /* A machine fast enough to read it all before the first report would leave nothing to stop. */
  if (cw_window_is_loading (window))
    {
      g_printerr ("# progress %.3f\n", progress.fraction);
      g_assert_cmpfloat (progress.fraction, >, 0);
      g_assert_cmpfloat (progress.fraction, <, 1);
      g_autofree char *label = g_strdup (gtk_progress_bar_get_text (window->loading_progress));
      g_assert_true (g_str_has_prefix (label, "Reading… "));
      g_signal_emit_by_name (window->loading_cancel, "clicked");
      g_assert_true (wait_for (window_idle, window, 5));
      spin_ms (20);
      g_assert_false (gtk_widget_get_visible (window->loading_box));
      g_assert_true (cw_project_get_dataset (cw_window_get_project (window)) == gasoline);
      g_assert_null (find_message_dialog (window));
      g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Conv1D Workbench — gasoline.csv");
    }
  else
    g_test_message ("the file was read before the first progress report");
  g_unlink (path);
  gtk_window_destroy (GTK_WINDOW (window));
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

  g_test_add_func ("/window-open/missing-values-offered", test_missing_values_offered);
  g_test_add_func ("/window-open/progress-and-stop", test_progress_and_stop);
  int status = g_test_run ();
  g_object_unref (app);
  return status;
}
