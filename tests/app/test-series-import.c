/* test-series-import.c — a long recording opened in the window: the file is recognised as a recording and
 * the import dialog appears (instead of 108,000 samples of 2 points); sliding windows count
 * floor((n - len) / hop) + 1; aligned on the detected peaks with the annotation file as labels, Import
 * makes a new untitled project whose dataset has one window per beat with the annotations' labels, and the
 * Data page shows the recording; a wide file still opens as data; Import as Recording… forces the dialog;
 * a ragged recording is refused with its line named. */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "app-test-util.h"
#include "cw-application.h"
#include "cw-series-dialog.h"
#include "cw-window.h"

static CwApplication *app;
static char *dir;

static gboolean
window_mapped (gpointer window)
{
  return gtk_widget_get_mapped (window) && gtk_widget_get_width (window) > 0;
}

static gboolean
dialog_open (gpointer window)
{
  return cw_window_get_series_dialog (window) != NULL;
}

static gboolean
dialog_gone (gpointer window)
{
  return cw_window_get_series_dialog (window) == NULL;
}

static gboolean
window_idle (gpointer window)
{
  return !cw_window_is_loading (window);
}

static gboolean
dialog_idle (gpointer dialog)
{
  return !cw_series_dialog_is_busy (dialog);
}

static CwWindow *
new_window (void)
{
  CwWindow *window = cw_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (window_mapped, window, 5));
  return window;
}

/* A 180 s generated ECG at 360 Hz (64,800 rows, over the 1 MiB the window looks at first) and its
 * annotations, written once for all tests. */
static char *recording_path, *annotations_path;
static cw_annotations *beats;

static void
write_recording (void)
{
  cw_ecg_recording_config c = cw_ecg_recording_config_default ();
  c.seconds = 180;
  c.seed = 7;
  cw_error err;
  cw_series *s = cw_series_generate_ecg (&c, &beats, &err);
  g_assert_nonnull (s);
  recording_path = g_build_filename (dir, "ecg.csv", NULL);
  annotations_path = g_build_filename (dir, "ecg-annotations.csv", NULL);
  g_assert_cmpint (cw_series_save_csv (s, recording_path, &err), ==, CW_OK);
  g_assert_cmpint (cw_annotations_save_csv (beats, annotations_path, &err), ==, CW_OK);
  GStatBuf st;
  g_assert_cmpint (g_stat (recording_path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 1 << 20);
  cw_series_free (s);
}

static CwSeriesDialog *
open_recording (CwWindow *window, gboolean forced, const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  if (forced)
    cw_window_import_recording (window, file);
  else
    cw_window_open_file (window, file);
  g_assert_true (wait_for (dialog_open, window, 20));
  CwSeriesDialog *dialog = CW_SERIES_DIALOG (cw_window_get_series_dialog (window));
  g_assert_true (wait_for (dialog_idle, dialog, 20));
  return dialog;
}

static void
test_sliding_count (void)
{
  CwWindow *window = new_window ();
  const cw_dataset *before = cw_project_get_dataset (cw_window_get_project (window));
  CwSeriesDialog *dialog = open_recording (window, FALSE, recording_path);
  g_assert_false (cw_window_is_loading (window));
  /* Nothing replaced the project yet. */
  g_assert_true (cw_project_get_dataset (cw_window_get_project (window)) == before);
  /* 2 s windows every 0.5 s: (64800 - 720) / 180 + 1 = 357. */
  cw_series_dialog_set_window_seconds (dialog, 2);
  cw_series_dialog_set_hop_seconds (dialog, 0.5);
  g_assert_cmpint (cw_series_dialog_get_window_count (dialog), ==, 357);
  g_assert_nonnull (strstr (cw_series_dialog_get_count_text (dialog), "357 windows of 720 samples"));
  cw_series_dialog_accept (dialog);
  g_assert_true (wait_for (dialog_gone, window, 20));
  const cw_dataset *ds = cw_project_get_dataset (cw_window_get_project (window));
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 357);
  g_assert_cmpint (cw_dataset_length (ds), ==, 720);
  g_assert_cmpint (cw_dataset_n_targets (ds), ==, 0);
  g_assert_nonnull (cw_project_get_recording (cw_window_get_project (window)));
  g_assert_cmpint (cw_project_get_recording (cw_window_get_project (window))->n_windows, ==, 357);
  g_assert_false (cw_project_get_modified (cw_window_get_project (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_peaks_with_annotations (void)
{
  CwWindow *window = new_window ();
  CwSeriesDialog *dialog = open_recording (window, FALSE, recording_path);
  cw_series_dialog_set_window_seconds (dialog, 0.6);
  cw_series_dialog_set_before_seconds (dialog, 0.2);
  cw_series_dialog_set_align_on_peaks (dialog, TRUE);
  g_assert_cmpint (cw_series_dialog_get_window_count (dialog), ==, -1); /* peaks being found */
  g_assert_true (wait_for (dialog_idle, dialog, 20));
  g_autoptr (GFile) annotations = g_file_new_for_path (annotations_path);
  cw_series_dialog_set_annotations_file (dialog, annotations);
  g_assert_true (wait_for (dialog_idle, dialog, 20));
  long count = cw_series_dialog_get_window_count (dialog);
  /* One window per true beat whose window fits in the recording. */
  int inside = 0;
  for (int b = 0; b < beats->n; b++)
    inside += beats->time[b] >= 0.2 && beats->time[b] + 0.4 < 180;
  g_assert_cmpint (count, ==, inside);
  g_assert_nonnull (strstr (cw_series_dialog_get_count_text (dialog), "annotations N "));

  gtk_widget_set_size_request (GTK_WIDGET (dialog), 900, 620);
  spin_ms (300);
  const char *shots = g_getenv ("CW_SCREENSHOT_DIR");
  if (shots)
    {
      g_autoptr (GdkTexture) texture = render (GTK_WIDGET (dialog));
      g_autofree char *path = g_build_filename (shots, "series-dialog.png", NULL);
      gdk_texture_save_to_png (texture, path);
    }

  cw_series_dialog_accept (dialog);
  g_assert_true (wait_for (dialog_gone, window, 20));
  CwProject *project = cw_window_get_project (window);
  const cw_dataset *ds = cw_project_get_dataset (project);
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, count);
  g_assert_cmpint (cw_dataset_length (ds), ==, 216);
  g_assert_cmpint (cw_project_get_target (project), ==, 0);
  g_assert_cmpstr (cw_dataset_target_name (ds, 0), ==, "label");
  g_assert_true (cw_project_get_task (project) == CW_TASK_BINARY);
  /* Labels as annotated: the window whose peak is at a beat has that beat's label. */
  int peak_col = cw_dataset_find_meta (ds, "peak_time");
  for (int w = 0; w < count; w++)
    {
      double peak = g_ascii_strtod (cw_dataset_meta_value (ds, w, peak_col), NULL);
      int nearest = 0;
      for (int b = 1; b < beats->n; b++)
        if (fabs (beats->time[b] - peak) < fabs (beats->time[nearest] - peak))
          nearest = b;
      g_assert_cmpfloat (fabs (beats->time[nearest] - peak), <=, 5 / 360.0);
      int cls = (int) cw_dataset_target_values (ds, 0)[w];
      g_assert_cmpstr (cw_dataset_class_name (ds, 0, cls), ==, beats->label[nearest]);
    }
  CwRecording *rec = cw_project_get_recording (project);
  g_assert_nonnull (rec);
  g_assert_cmpint (rec->n, ==, 64800);
  g_assert_cmpint (rec->n_windows, ==, count);
  g_assert_cmpint (rec->n_peaks, >=, count);
  g_assert_cmpstr (cw_window_get_visible_page_name (window), ==, "data");
  if (shots)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
      spin_ms (500);
      g_autoptr (GdkTexture) texture = render (GTK_WIDGET (window));
      g_autofree char *path = g_build_filename (shots, "series-data.png", NULL);
      gdk_texture_save_to_png (texture, path);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_wide_data_and_forced_import (void)
{
  CwWindow *window = new_window ();
  /* The bundled wide example still opens as data, without the dialog. */
  g_autoptr (GFile) gasoline = g_file_new_for_path (RESOURCES_DIR "/data/gasoline.csv");
  cw_window_open_file (window, gasoline);
  g_assert_true (wait_for (window_idle, window, 20));
  g_assert_null (cw_window_get_series_dialog (window));
  g_assert_cmpint (cw_dataset_n_samples (cw_project_get_dataset (cw_window_get_project (window))), ==, 60);

  /* A short two-column file is not flagged, but Import as Recording… takes it. */
  g_autofree char *small = g_build_filename (dir, "small.csv", NULL);
  GString *text = g_string_new ("a,b\n");
  for (int i = 0; i < 50; i++)
    g_string_append_printf (text, "%d,%g\n", i, sin (i * 0.3));
  g_assert_true (g_file_set_contents (small, text->str, -1, NULL));
  g_string_free (text, TRUE);
  CwSeriesDialog *dialog = open_recording (window, TRUE, small);
  cw_series_dialog_set_window_seconds (dialog, 10);
  cw_series_dialog_set_hop_seconds (dialog, 5);
  g_assert_cmpint (cw_series_dialog_get_window_count (dialog), ==, 9);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (wait_for (dialog_gone, window, 5));
  g_assert_cmpint (cw_dataset_n_samples (cw_project_get_dataset (cw_window_get_project (window))), ==, 60);

  /* A ragged recording: the open fails and names the line. */
  g_autofree char *ragged = g_build_filename (dir, "ragged.csv", NULL);
  g_assert_true (g_file_set_contents (ragged, "time,mv\n0,1\n0.1,2,3\n", -1, NULL));
  g_autoptr (GFile) ragged_file = g_file_new_for_path (ragged);
  cw_window_import_recording (window, ragged_file);
  g_assert_true (wait_for (window_idle, window, 20));
  g_assert_null (cw_window_get_series_dialog (window));
  g_assert_nonnull (strstr (cw_window_get_last_error (window), "line 3 has 3 fields"));
  g_assert_cmpint (cw_dataset_n_samples (cw_project_get_dataset (cw_window_get_project (window))), ==, 60);
  /* The error dialog. */
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr (GtkWindow) toplevel = g_list_model_get_item (toplevels, i - 1);
      if (GTK_IS_MESSAGE_DIALOG (toplevel))
        gtk_window_destroy (toplevel);
    }
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
  g_autoptr (GError) error = NULL;
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  dir = g_dir_make_tmp ("test-series-import-XXXXXX", NULL);
  write_recording ();

  g_test_add_func ("/series-import/sliding-count", test_sliding_count);
  g_test_add_func ("/series-import/peaks-with-annotations", test_peaks_with_annotations);
  g_test_add_func ("/series-import/wide-data-and-forced-import", test_wide_data_and_forced_import);
  int status = g_test_run ();

  g_remove (recording_path);
  g_remove (annotations_path);
  g_autofree char *small = g_build_filename (dir, "small.csv", NULL);
  g_autofree char *ragged = g_build_filename (dir, "ragged.csv", NULL);
  g_remove (small);
  g_remove (ragged);
  g_rmdir (dir);
  cw_annotations_free (beats);
  g_object_unref (app);
  return status;
}
