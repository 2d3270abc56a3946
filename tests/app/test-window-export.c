/* test-window-export.c — plots out of the window: Export All Plots of This Page writes one PNG per plot
 * shown, named from the plots' titles, and says so in the toast; the export dialog names its plot,
 * suggests a name from the title and starts in the project's folder (the data file's for an untitled
 * project, the working directory for the bundled example); each plot's menu opens it for that plot. */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <string.h>

#include "app-test-util.h"
#include "cw-application.h"
#include "cw-drawable.h"
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

static CwWindow *
new_window (void)
{
  CwWindow *window = cw_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (window_mapped, window, 5));
  spin_ms (50);
  return window;
}

static void
remove_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
assert_same_file (GFile *a, GFile *b)
{
  g_autofree char *pa = g_file_get_path (a), *pb = g_file_get_path (b);
  g_assert_cmpstr (pa, ==, pb);
}

/* ---- every plot of a page ---- */

static void
test_export_page_plots (void)
{
  CwWindow *window = new_window ();
  cw_window_show_page (window, "preprocess");
  spin_ms (300);
  g_autoptr (GPtrArray) plots = cw_window_list_page_plots (window);
  /* The raw and the preprocessed signals. */
  g_assert_cmpuint (plots->len, >=, 2);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "export-all-plots"));

  g_autofree char *dir = g_dir_make_tmp ("cw-export-all-XXXXXX", NULL);
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  g_autoptr (GError) error = NULL;
  int written = cw_window_export_page_plots (window, folder, "png", &error);
  g_assert_no_error (error);
  g_assert_cmpint (written, ==, (int) plots->len);
  /* The toast tells how many files went where. */
  g_autofree char *told = g_strdup_printf ("Wrote %u PNG files to ", plots->len);
  g_assert_true (g_str_has_prefix (cw_window_get_toast_text (window), told));
  g_autofree char *dir_name = g_path_get_basename (dir);
  g_assert_true (g_str_has_suffix (cw_window_get_toast_text (window), dir_name));

  /* One file per plot, each a PNG at twice the plot's size under its title band, named from its title. */
  g_autoptr (GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < plots->len; i++)
    {
      GtkWidget *plot = g_ptr_array_index (plots, i);
      g_autofree char *stem = cw_drawable_file_stem (cw_drawable_get_title (CW_DRAWABLE (plot)));
      char *name = g_strdup_printf ("%s.png", stem);
      for (int n = 2; g_hash_table_contains (expected, name); n++)
        {
          g_free (name);
          name = g_strdup_printf ("%s-%d.png", stem, n);
        }
      g_hash_table_add (expected, name);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 1000);
      g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
      const guchar *ihdr = (const guchar *) contents + 16;
      guint width = (guint) ihdr[0] << 24 | ihdr[1] << 16 | ihdr[2] << 8 | ihdr[3];
      guint height = (guint) ihdr[4] << 24 | ihdr[5] << 16 | ihdr[6] << 8 | ihdr[7];
      g_assert_cmpuint (width, ==, 2 * gtk_widget_get_width (plot));
      g_assert_cmpuint (height, ==, 2 * (gtk_widget_get_height (plot) + cw_drawable_title_band_height ()));
    }
  /* Nothing else in the folder. */
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  int files = 0;
  for (const char *name; (name = g_dir_read_name (d)); files++)
    g_assert_true (g_hash_table_contains (expected, name));
  g_assert_cmpint (files, ==, (int) plots->len);
  /* The page's own names, not the widgets' defaults. */
  g_assert_false (g_hash_table_contains (expected, "signal-plot.png"));

  /* The same through the dialog's answer: the toast tells how many files went where. */
  remove_dir (dir);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-all-plots", NULL);
  GtkFileChooserNative *chooser = cw_window_get_export_chooser (window);
  g_assert_nonnull (chooser);
  g_assert_true (strstr (gtk_native_dialog_get_title (GTK_NATIVE_DIALOG (chooser)), "Preprocess") != NULL);
  /* The folder selected in its parent, once the fallback dialog has read the parent. Answered only when
   * the dialog really holds our folder: anything else would write into a folder that is not ours. */
  gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), folder, NULL);
  GFile *chosen = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!((chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) && g_file_equal (chosen, folder))
         && g_get_monotonic_time () < deadline)
    {
      g_clear_object (&chosen);
      spin_ms (20);
    }
  gboolean answered = chosen != NULL && g_file_equal (chosen, folder);
  g_clear_object (&chosen);
  if (answered)
    {
      gtk_native_dialog_hide (GTK_NATIVE_DIALOG (chooser));
      g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
      g_assert_null (cw_window_get_export_chooser (window));
      g_autofree char *toast = g_strdup_printf ("Wrote %u PNG files to ", plots->len);
      g_assert_true (g_str_has_prefix (cw_window_get_toast_text (window), toast));
      g_autofree char *base = g_path_get_basename (dir);
      g_assert_true (g_str_has_suffix (cw_window_get_toast_text (window), base));
      g_autoptr (GDir) again = g_dir_open (dir, 0, NULL);
      int n = 0;
      while (g_dir_read_name (again))
        n++;
      g_assert_cmpint (n, ==, (int) plots->len);
    }
  else
    g_test_message ("the fallback folder chooser did not take the folder; the dialog's answer is not checked");
  if (cw_window_get_export_chooser (window))
    g_signal_emit_by_name (cw_window_get_export_chooser (window), "response", GTK_RESPONSE_CANCEL);
  remove_dir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- the dialog's folder, title and name ---- */

static void
test_export_dialog_folder (void)
{
  CwWindow *window = new_window ();
  /* The bundled example has no folder: the working directory. */
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr (GFile) cwd_file = g_file_new_for_path (cwd);
  g_autoptr (GFile) start = cw_window_dup_export_folder (window);
  assert_same_file (start, cwd_file);

  /* Untitled, on a data file: the data file's folder. */
  g_autofree char *data_dir = g_dir_make_tmp ("cw-export-data-XXXXXX", NULL);
  g_autofree char *data_path = g_build_filename (data_dir, "small.csv", NULL);
  g_assert_true (g_file_set_contents (data_path,
                                      "target:y,900,902,904,906,908,910,912,914\n"
                                      "1.5,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8\n"
                                      "2.5,0.2,0.2,0.3,0.4,0.5,0.6,0.7,0.9\n"
                                      "3.5,0.3,0.2,0.3,0.4,0.5,0.6,0.7,1.0\n"
                                      "4.5,0.4,0.2,0.3,0.4,0.5,0.6,0.7,1.1\n", -1, NULL));
  g_autoptr (GFile) data_file = g_file_new_for_path (data_path);
  cw_window_open_file (window, data_file);
  g_assert_true (wait_for (window_idle, window, 5));
  g_assert_null (cw_window_get_last_error (window));
  g_autoptr (GFile) data_folder = g_file_new_for_path (data_dir);
  g_autoptr (GFile) start_on_data = cw_window_dup_export_folder (window);
  assert_same_file (start_on_data, data_folder);

  /* Saved as a project elsewhere: the project's folder. */
  g_autofree char *project_dir = g_dir_make_tmp ("cw-export-project-XXXXXX", NULL);
  g_autofree char *project_path = g_build_filename (project_dir, "study.cwproj", NULL);
  g_autoptr (GFile) project_file = g_file_new_for_path (project_path);
  g_autoptr (GError) error = NULL;
  g_assert_true (cw_window_save_project (window, project_file, &error));
  g_assert_no_error (error);
  g_autoptr (GFile) project_folder = g_file_new_for_path (project_dir);
  g_autoptr (GFile) start_on_project = cw_window_dup_export_folder (window);
  assert_same_file (start_on_project, project_folder);

  /* The dialog Export Plot… opens: the plot's name in its title, a file name from it, the project's
   * folder to start in. */
  cw_window_show_page (window, "training");
  spin_ms (300);
  GtkWidget *plot = cw_window_get_export_drawable (window);
  g_assert_nonnull (plot);
  g_assert_cmpstr (cw_drawable_get_title (CW_DRAWABLE (plot)), ==, "Loss per epoch");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-plot", NULL);
  GtkFileChooserNative *chooser = cw_window_get_export_chooser (window);
  g_assert_nonnull (chooser);
  g_assert_cmpstr (gtk_native_dialog_get_title (GTK_NATIVE_DIALOG (chooser)), ==, "Export “Loss per epoch”");
  /* The fallback dialog (no portal here) takes the folder once it has read it. */
  GFile *dialog_folder = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!(dialog_folder = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser)))
         && g_get_monotonic_time () < deadline)
    spin_ms (20);
  g_assert_nonnull (dialog_folder);
  assert_same_file (dialog_folder, project_folder);
  g_object_unref (dialog_folder);
  g_autofree char *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (name, ==, "loss-per-epoch.png");

  /* The answer writes that plot there and says so. */
  g_autofree char *png_path = g_build_filename (project_dir, "loss-per-epoch.png", NULL);
  g_autoptr (GFile) png_file = g_file_new_for_path (png_path);
  if (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), png_file, NULL))
    {
      g_autoptr (GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (chosen && g_file_equal (chosen, png_file))
        {
          gtk_native_dialog_hide (GTK_NATIVE_DIALOG (chooser));
          g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
          g_assert_true (g_file_test (png_path, G_FILE_TEST_EXISTS));
          g_assert_true (g_str_has_prefix (cw_window_get_toast_text (window),
                                           "Exported “Loss per epoch” to loss-per-epoch.png"));
        }
    }
  /* Still open when the fallback dialog did not take the file: cancelled, it writes nothing. */
  chooser = cw_window_get_export_chooser (window);
  if (chooser)
    {
      gtk_native_dialog_hide (GTK_NATIVE_DIALOG (chooser));
      g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_CANCEL);
    }
  g_assert_null (cw_window_get_export_chooser (window));

  /* A plot's own menu opens the dialog for that plot, whichever plot the page exports by default. */
  cw_window_show_page (window, "preprocess");
  spin_ms (300);
  g_autoptr (GPtrArray) plots = cw_window_list_page_plots (window);
  g_assert_cmpuint (plots->len, >=, 2);
  GtkWidget *second = g_ptr_array_index (plots, 1);
  g_assert_true (gtk_widget_activate_action (second, "drawable.export", NULL));
  chooser = cw_window_get_export_chooser (window);
  g_assert_nonnull (chooser);
  g_autofree char *title = g_strdup_printf ("Export “%s”", cw_drawable_get_title (CW_DRAWABLE (second)));
  g_assert_cmpstr (gtk_native_dialog_get_title (GTK_NATIVE_DIALOG (chooser)), ==, title);
  gtk_native_dialog_hide (GTK_NATIVE_DIALOG (chooser));
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_CANCEL);

  gtk_window_destroy (GTK_WINDOW (window));
  remove_dir (project_dir);
  remove_dir (data_dir);
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
  /* No session bus here: a non-unique application registers locally and runs its startup. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_autoptr (GError) error = NULL;
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/window-export/page-plots", test_export_page_plots);
  g_test_add_func ("/window-export/dialog-folder", test_export_dialog_folder);
  int status = g_test_run ();
  g_object_unref (app);
  return status;
}
