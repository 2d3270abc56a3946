/* test-window.c — the workbench window on the gasoline example: the pages it hosts, every action with its
 * accelerator and when it is enabled, Undo/Redo reaching the project, a bad file refused with a located
 * message while gasoline stays, a good file and a project opened, the recent files, plot export to
 * PNG/SVG/PDF, predictions to CSV, and closing during training (worker stopped, unsaved changes asked). */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>

#include "rows-test-util.h"
#include "cw-application.h"
#include "cw-data-view.h"
#include "cw-export.h"
#include "cw-model-view.h"
#include "cw-window.h"

static CwApplication *app;

/* ---- main loop ---- */

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin_ms (int ms)
{
  gboolean done = FALSE;
  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_until (Condition condition, gpointer data, int timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  while (!condition (data) && g_get_monotonic_time () < deadline)
    spin_ms (10);
  return condition (data);
}

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

static gboolean
has_epochs (gpointer session)
{
  CwTrainingSnapshot *snapshot = cw_training_session_get_snapshot (session);
  return snapshot && snapshot->n_epochs >= 3;
}

static CwWindow *
new_window (void)
{
  CwWindow *window = cw_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_until (window_mapped, window, 5000));
  spin_ms (50);
  return window;
}

/* The message dialogs a window has open (transient for it). */
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

static void
close_message_dialogs (CwWindow *window)
{
  GtkWidget *dialog;
  while ((dialog = find_message_dialog (window)))
    gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
action_enabled (CwWindow *window, const char *name)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (window), name);
  g_assert_nonnull (action);
  return g_action_get_enabled (action);
}

static char *
write_temp (const char *name, const char *contents)
{
  char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

/* The project's own stack and training settings (Custom) train, as they did before recipes. */
static void
use_custom (CwProject *project)
{
  CwRecipeSettings recipe = *cw_project_get_recipe_settings (project);
  recipe.recipe = (char *) CW_RECIPE_CUSTOM;
  g_assert_true (cw_project_set_recipe_settings (project, &recipe, NULL));
}

/* ---- tests ---- */

static void
test_opens_on_gasoline (void)
{
  CwWindow *window = new_window ();
  CwProject *project = cw_window_get_project (window);
  const cw_dataset *ds = cw_project_get_dataset (project);
  g_assert_nonnull (ds);
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 60);
  g_assert_cmpint (cw_dataset_length (ds), ==, 401);
  g_assert_false (cw_project_get_modified (project));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Conv1D Workbench — gasoline.csv");
  g_assert_cmpstr (cw_window_get_visible_page_name (window), ==, "data");
  g_assert_null (cw_window_get_last_error (window));

  const char *pages[] = { "data", "preprocess", "model", "training", "inside", "pls", "compare" };
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_assert_nonnull (cw_window_get_page (window, pages[i]));
      cw_window_show_page (window, pages[i]);
      g_assert_cmpstr (cw_window_get_visible_page_name (window), ==, pages[i]);
    }
  /* The Data page plots every sample when none is selected. */
  cw_window_show_page (window, "data");
  spin_ms (50);
  g_assert_cmpint (cw_data_view_get_n_plotted (CW_DATA_VIEW (cw_window_get_page (window, "data"))), ==, 60);

  /* A fresh gasoline stack is valid: Train is on, Pause/Stop off, nothing to undo. */
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (cw_window_get_page (window, "model"))));
  g_assert_true (action_enabled (window, "train"));
  g_assert_false (action_enabled (window, "pause"));
  g_assert_false (action_enabled (window, "stop"));
  g_assert_false (action_enabled (window, "undo"));
  g_assert_false (action_enabled (window, "redo"));
  g_assert_false (action_enabled (window, "export-predictions"));
  g_assert_false (action_enabled (window, "export-onnx"));
  g_assert_true (action_enabled (window, "export-plot"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_actions_and_accels (void)
{
  CwWindow *window = new_window ();
  guint n = 0;
  const CwAccelEntry *entries = cw_application_get_accels (&n);
  g_assert_cmpuint (n, >=, 12);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GVariant) target = NULL;
      g_assert_true (g_action_parse_detailed_name (entries[i].action, &name, &target, NULL));
      const char *dot = strchr (name, '.');
      g_assert_nonnull (dot);
      GActionGroup *group = g_str_has_prefix (name, "app.") ? G_ACTION_GROUP (app) : G_ACTION_GROUP (window);
      if (!g_str_has_prefix (name, "window."))
        g_assert_true (g_action_group_has_action (group, dot + 1));
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), entries[i].action);
      g_assert_nonnull (accels[0]);
      guint key = 0, wanted_key = 0;
      GdkModifierType mods = 0, wanted_mods = 0;
      g_assert_true (gtk_accelerator_parse (accels[0], &key, &mods));
      g_assert_true (gtk_accelerator_parse (entries[i].accels[0], &wanted_key, &wanted_mods));
      g_assert_cmpuint (key, ==, wanted_key);
      g_assert_cmpuint (mods, ==, wanted_mods);
    }

  /* The accelerators the issue names, by key. */
  struct { const char *accel, *action; } wanted[] = {
    { "<Control>q", "app.quit" }, { "<Control>o", "app.open" }, { "<Control>n", "app.new-window" },
    { "<Control>question", "app.shortcuts" }, { "<Control>Return", "win.train" }, { "<Control>p", "win.pause" },
    { "<Control>period", "win.stop" }, { "<Control>s", "win.save" }, { "<Shift><Control>s", "win.save-as" },
    { "<Control>e", "win.export-plot" }, { "<Control>z", "win.undo" }, { "<Shift><Control>z", "win.redo" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    {
      g_auto(GStrv) actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), wanted[i].accel);
      g_assert_nonnull (actions);
      g_assert_true (g_strv_contains ((const char *const *) actions, wanted[i].action));
    }
  const char *window_actions[] = { "train", "pause", "stop", "undo", "redo", "open", "open-folder", "open-recent",
                                   "save", "save-as", "export-plot", "export-predictions", "export-onnx",
                                   "new-from-generator",
                                   "show-page" };
  for (guint i = 0; i < G_N_ELEMENTS (window_actions); i++)
    g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), window_actions[i]));
  const char *app_actions[] = { "quit", "about", "shortcuts", "open", "new-window", "dark-style" };
  for (guint i = 0; i < G_N_ELEMENTS (app_actions); i++)
    g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), app_actions[i]));

  /* The Dark Style toggle is stored in GSettings and applied to GTK. */
  GtkSettings *gtk_settings = gtk_settings_get_default ();
  gboolean dark = TRUE;
  g_object_get (gtk_settings, "gtk-application-prefer-dark-theme", &dark, NULL);
  g_assert_false (dark);
  g_action_group_activate_action (G_ACTION_GROUP (app), "dark-style", NULL);
  g_assert_true (g_settings_get_boolean (cw_application_get_settings (app), "dark-style"));
  g_object_get (gtk_settings, "gtk-application-prefer-dark-theme", &dark, NULL);
  g_assert_true (dark);
  g_action_group_activate_action (G_ACTION_GROUP (app), "dark-style", NULL);
  g_object_get (gtk_settings, "gtk-application-prefer-dark-theme", &dark, NULL);
  g_assert_false (dark);

  /* The page shortcuts switch the stack. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "inside");
  g_assert_cmpstr (cw_window_get_visible_page_name (window), ==, "inside");

  /* The shortcuts window lists the actions (it shows their accelerators as the window's help overlay). */
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/ui/shortcuts.ui");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "shortcuts")));
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func (g_free);
  GSList *objects = gtk_builder_get_objects (builder);
  for (GSList *l = objects; l; l = l->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      {
        char *action_name = NULL;
        g_object_get (l->data, "action-name", &action_name, NULL);
        if (action_name)
          g_ptr_array_add (listed, action_name);
      }
  g_slist_free (objects);
  const char *documented[] = { "app.open", "win.save", "win.save-as", "win.export-plot", "app.quit",
                               "win.train", "win.pause", "win.stop", "win.undo", "win.redo", "app.shortcuts" };
  for (guint i = 0; i < G_N_ELEMENTS (documented); i++)
    g_assert_true (g_ptr_array_find_with_equal_func (listed, documented[i], g_str_equal, NULL));
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts")));

  /* app.shortcuts shows the window's own overlay. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  spin_ms (100);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_undo_redo (void)
{
  CwWindow *window = new_window ();
  CwProject *project = cw_window_get_project (window);
  use_custom (project);
  g_autofree char *original = cw_spec_to_string (cw_project_get_spec (project));

  /* An edit: one more dense layer before the output. */
  g_autoptr(GError) error = NULL;
  cw_spec *edited = cw_spec_copy (cw_project_get_spec (project));
  cw_layer_spec dropout = cw_layer_spec_default (CW_LAYER_DROPOUT);
  cw_spec_insert (edited, cw_spec_count (edited) - 1, &dropout);
  cw_project_set_spec (project, edited);
  g_autofree char *changed = cw_spec_to_string (edited);
  cw_spec_free (edited);
  g_assert_cmpstr (changed, !=, original);
  g_assert_true (action_enabled (window, "undo"));
  g_assert_false (action_enabled (window, "redo"));
  g_assert_true (g_str_has_suffix (gtk_window_get_title (GTK_WINDOW (window)), " •"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_autofree char *after_undo = cw_spec_to_string (cw_project_get_spec (project));
  g_assert_cmpstr (after_undo, ==, original);
  g_assert_false (action_enabled (window, "undo"));
  g_assert_true (action_enabled (window, "redo"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
  g_autofree char *after_redo = cw_spec_to_string (cw_project_get_spec (project));
  g_assert_cmpstr (after_redo, ==, changed);

  /* An impossible stack (a kernel longer than the signal) disables Train. */
  cw_spec *impossible = cw_spec_copy (cw_project_get_spec (project));
  cw_layer_spec huge = cw_layer_spec_default (CW_LAYER_CONV);
  huge.kernel = 5000;
  cw_spec_insert (impossible, 0, &huge);
  cw_project_set_spec (project, impossible);
  cw_spec_free (impossible);
  spin_ms (20);
  g_assert_false (cw_model_view_get_valid (CW_MODEL_VIEW (cw_window_get_page (window, "model"))));
  g_assert_false (action_enabled (window, "train"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  spin_ms (20);
  g_assert_true (action_enabled (window, "train"));

  cw_project_set_modified (project, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_bad_file_keeps_gasoline (void)
{
  CwWindow *window = new_window ();
  CwProject *project = cw_window_get_project (window);
  const cw_dataset *before = cw_project_get_dataset (project);
  /* Line 3 has one cell too many. */
  g_autofree char *path = write_temp ("cw-test-ragged.csv", "target:y,900,902,904\n1.5,0.1,0.2,0.3\n2.5,0.1,0.2,0.3,0.4\n");
  g_autoptr(GFile) file = g_file_new_for_path (path);

  cw_window_open_file (window, file);
  g_assert_true (cw_window_is_loading (window));
  g_assert_true (wait_until (window_idle, window, 5000));
  spin_ms (20);

  const char *message = cw_window_get_last_error (window);
  g_assert_nonnull (message);
  g_printerr ("# ragged: %s\n", message);
  g_assert_nonnull (strstr (message, "cw-test-ragged.csv"));
  g_assert_nonnull (strstr (message, "line 3"));
  g_assert_true (cw_project_get_dataset (project) == before);
  g_assert_cmpint (cw_dataset_n_samples (cw_project_get_dataset (project)), ==, 60);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Conv1D Workbench — gasoline.csv");

  /* The user is told in a dialog naming the file. */
  GtkWidget *dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  g_autofree char *text = NULL;
  g_object_get (dialog, "text", &text, NULL);
  g_assert_cmpstr (text, ==, "cw-test-ragged.csv could not be opened");
  close_message_dialogs (window);
  g_unlink (path);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A folder of spectra on two axes opens as one dataset, and a dialog notes the interpolation. */
static void
test_open_folder_with_note (void)
{
  CwWindow *window = new_window ();
  g_autofree char *dir = g_dir_make_tmp ("cw-window-folder-XXXXXX", NULL);
  g_autofree char *a = g_build_filename (dir, "a.jdx", NULL), *b = g_build_filename (dir, "b.jdx", NULL);
  g_assert_true (g_file_set_contents (a, "##TITLE=a\n##XUNITS=NANOMETERS\n##FIRSTX=400\n##LASTX=406\n"
                                         "##XYDATA=(X++(Y..Y))\n400 1 2 3 4\n##END=\n", -1, NULL));
  g_assert_true (g_file_set_contents (b, "##TITLE=b\n##XUNITS=NANOMETERS\n##FIRSTX=401\n##LASTX=407\n"
                                         "##XYDATA=(X++(Y..Y))\n401 1 2 3 4\n##END=\n", -1, NULL));
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  cw_window_open_file (window, folder);
  g_assert_true (wait_until (window_idle, window, 5000));
  spin_ms (20);
  const cw_dataset *ds = cw_project_get_dataset (cw_window_get_project (window));
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 2);
  g_assert_cmpint (cw_dataset_length (ds), ==, 3);
  GtkWidget *dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  g_autofree char *text = NULL, *detail = NULL;
  g_object_get (dialog, "text", &text, "secondary-text", &detail, NULL);
  g_assert_cmpstr (text, ==, "The data was read with a note");
  g_assert_nonnull (strstr (detail, "1 of 2 spectra lie on other axes than a.jdx and were interpolated"));
  close_message_dialogs (window);
  cw_project_set_modified (cw_window_get_project (window), FALSE);
  g_unlink (a);
  g_unlink (b);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A 16-bit mono clip of a 500 Hz sine, `frames` long at 8000 Hz, written with libsndfile. */
static void
write_clip (const char *path, int frames)
{
  SF_INFO info = { .samplerate = 8000, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
  SNDFILE *f = sf_open (path, SFM_WRITE, &info);
  g_assert_nonnull (f);
  for (int t = 0; t < frames; t++)
    {
      short v = (short) lrint (10000 * sin (2 * G_PI * 500 * t / 8000.0));
      g_assert_cmpint (sf_writef_short (f, &v, 1), ==, 1);
    }
  sf_close (f);
}

/* Open Folder… on clips in dog/ and cat/: one dataset, classes from the sub-folders, the length note. */
static void
test_open_audio_folder (void)
{
  CwWindow *window = new_window ();
  g_autofree char *dir = g_dir_make_tmp ("cw-window-audio-XXXXXX", NULL);
  g_autofree char *dog = g_build_filename (dir, "dog", NULL), *cat = g_build_filename (dir, "cat", NULL);
  g_autofree char *a = g_build_filename (dog, "a.wav", NULL), *b = g_build_filename (cat, "b.wav", NULL);
  g_mkdir (dog, 0700);
  g_mkdir (cat, 0700);
  write_clip (a, 100);
  write_clip (b, 120);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  cw_window_open_file (window, folder);
  g_assert_true (wait_until (window_idle, window, 5000));
  spin_ms (20);
  const cw_dataset *ds = cw_project_get_dataset (cw_window_get_project (window));
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 2);
  g_assert_cmpint (cw_dataset_length (ds), ==, 100);
  int label = cw_dataset_find_target (ds, "label");
  g_assert_cmpint (label, >=, 0);
  g_assert_cmpint (cw_dataset_n_classes (ds, label), ==, 2);
  GtkWidget *dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  g_autofree char *detail = NULL;
  g_object_get (dialog, "secondary-text", &detail, NULL);
  g_assert_nonnull (strstr (detail, "Clips were made 100 samples"));
  close_message_dialogs (window);
  cw_project_set_modified (cw_window_get_project (window), FALSE);
  g_unlink (a);
  g_unlink (b);
  g_rmdir (dog);
  g_rmdir (cat);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_open_data_project_and_recent (void)
{
  GSettings *settings = cw_application_get_settings (app);
  g_assert_nonnull (settings);
  g_settings_set_strv (settings, "recent-files", NULL);

  CwWindow *window = new_window ();
  g_autofree char *path = write_temp ("cw-test-small.csv",
                                      "target:y,900,902,904,906,908,910,912,914,916,918,920,922\n"
                                      "1.5,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0,1.1,1.2\n"
                                      "2.5,0.2,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0,1.1,1.3\n"
                                      "3.5,0.3,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0,1.1,1.4\n"
                                      "4.5,0.4,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0,1.1,1.5\n");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  cw_window_open_file (window, file);
  g_assert_true (wait_until (window_idle, window, 5000));
  g_assert_null (cw_window_get_last_error (window));
  CwProject *project = cw_window_get_project (window);
  g_assert_cmpint (cw_dataset_n_samples (cw_project_get_dataset (project)), ==, 4);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Conv1D Workbench — cw-test-small.csv");

  g_auto(GStrv) recent = g_settings_get_strv (settings, "recent-files");
  g_autofree char *uri = g_file_get_uri (file);
  g_assert_cmpuint (g_strv_length (recent), ==, 1);
  g_assert_cmpstr (recent[0], ==, uri);

  /* Back to gasoline (through its bundled copy written out), saved as a project, then reopened: the
   * window's project is replaced by the one read from the file. */
  g_autoptr(GBytes) gasoline = g_resources_lookup_data (RESOURCE_PREFIX "/data/gasoline.csv", 0, NULL);
  g_autofree char *gasoline_path = g_build_filename (g_get_tmp_dir (), "cw-test-gasoline.csv", NULL);
  g_assert_true (g_file_set_contents (gasoline_path, g_bytes_get_data (gasoline, NULL), g_bytes_get_size (gasoline), NULL));
  g_autoptr(GFile) gasoline_file = g_file_new_for_path (gasoline_path);
  cw_window_open_file (window, gasoline_file);
  g_assert_true (wait_until (window_idle, window, 5000));
  g_assert_cmpint (cw_dataset_n_samples (cw_project_get_dataset (cw_window_get_project (window))), ==, 60);

  g_autofree char *project_path = g_build_filename (g_get_tmp_dir (), "cw-test-window.cwproj", NULL);
  g_autoptr(GFile) project_file = g_file_new_for_path (project_path);
  g_autoptr(GError) error = NULL;
  g_assert_true (cw_window_save_project (window, project_file, &error));
  g_assert_no_error (error);
  g_assert_false (cw_project_get_modified (cw_window_get_project (window)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Conv1D Workbench — cw-test-window.cwproj");

  CwProject *old_project = cw_window_get_project (window);
  /* Held, so a new page cannot reuse its address. */
  g_autoptr(GtkWidget) old_data_page = g_object_ref (cw_window_get_page (window, "data"));
  cw_window_show_page (window, "model");
  cw_window_open_file (window, project_file);
  g_assert_true (wait_until (window_idle, window, 5000));
  g_assert_null (cw_window_get_last_error (window));
  g_assert_true (cw_window_get_project (window) != old_project);
  g_assert_true (cw_window_get_page (window, "data") != old_data_page);
  g_assert_cmpstr (cw_window_get_visible_page_name (window), ==, "model");
  g_assert_cmpint (cw_dataset_n_samples (cw_project_get_dataset (cw_window_get_project (window))), ==, 60);
  g_assert_true (action_enabled (window, "train"));

  /* Most recent first; no duplicates. */
  g_auto(GStrv) recent_after = g_settings_get_strv (settings, "recent-files");
  g_autofree char *project_uri = g_file_get_uri (project_file);
  g_autofree char *gasoline_uri = g_file_get_uri (gasoline_file);
  g_assert_cmpuint (g_strv_length (recent_after), ==, 3);
  g_assert_cmpstr (recent_after[0], ==, project_uri);
  g_assert_cmpstr (recent_after[1], ==, gasoline_uri);
  g_assert_cmpstr (recent_after[2], ==, uri);

  /* A file that went away is pruned on the next addition. */
  g_unlink (path);
  cw_application_add_recent (app, gasoline_uri);
  g_auto(GStrv) pruned = g_settings_get_strv (settings, "recent-files");
  g_assert_cmpuint (g_strv_length (pruned), ==, 2);
  g_assert_cmpstr (pruned[0], ==, gasoline_uri);
  g_assert_cmpstr (pruned[1], ==, project_uri);

  /* A corrupt project is refused with a clear message; the window keeps its project. */
  CwProject *kept = cw_window_get_project (window);
  g_autofree char *corrupt = write_temp ("cw-test-corrupt.cwproj", "{ \"format\": \"conv1d-workbench\", ");
  g_autoptr(GFile) corrupt_file = g_file_new_for_path (corrupt);
  cw_window_open_file (window, corrupt_file);
  g_assert_true (wait_until (window_idle, window, 5000));
  g_assert_nonnull (cw_window_get_last_error (window));
  g_printerr ("# corrupt: %s\n", cw_window_get_last_error (window));
  g_assert_nonnull (strstr (cw_window_get_last_error (window), "cw-test-corrupt.cwproj"));
  g_assert_true (cw_window_get_project (window) == kept);
  close_message_dialogs (window);

  g_unlink (corrupt);
  g_unlink (project_path);
  g_unlink (gasoline_path);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
assert_file_starts_with (const char *path, const char *prefix, gsize prefix_len)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_cmpmem (contents, prefix_len, prefix, prefix_len);
}

static void
test_export_plot (void)
{
  CwWindow *window = new_window ();
  g_autofree char *dir = g_dir_make_tmp ("cw-export-XXXXXX", NULL);
  const char *names[] = { "plot.png", "plot.svg", "plot.pdf" };
  const char *magic[] = { "\x89PNG", "<?xml", "%PDF" };
  GtkWidget *plot = cw_window_get_export_drawable (window);
  g_assert_true (plot == cw_data_view_get_plot (CW_DATA_VIEW (cw_window_get_page (window, "data"))));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_assert_true (cw_window_export_plot (window, file, &error));
      g_assert_no_error (error);
      assert_file_starts_with (path, magic[i], strlen (magic[i]));
      g_unlink (path);
    }
  /* The PNG is the plot at twice its on-screen size. */
  g_autofree char *png = g_build_filename (dir, "again.png", NULL);
  g_autoptr(GFile) png_file = g_file_new_for_path (png);
  g_assert_true (cw_window_export_plot (window, png_file, NULL));
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (png, NULL);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 2 * gtk_widget_get_width (plot));
  g_unlink (png);

  /* Another extension is refused, saying why. */
  g_autofree char *bad = g_build_filename (dir, "plot.jpg", NULL);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  g_autoptr(GError) error = NULL;
  g_assert_false (cw_window_export_plot (window, bad_file, &error));
  g_assert_nonnull (strstr (error->message, ".png, .svg or .pdf"));

  /* Each page exports its own plot. */
  cw_window_show_page (window, "training");
  spin_ms (300);
  GtkWidget *training_plot = cw_window_get_export_drawable (window);
  g_assert_nonnull (training_plot);
  g_assert_true (gtk_widget_is_ancestor (training_plot, cw_window_get_page (window, "training")));
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_train_predictions_and_close (void)
{
  CwWindow *window = new_window ();
  CwProject *project = cw_window_get_project (window);
  CwTrainingSession *session = cw_window_get_session (window);
  /* Custom on a holdout of the training rows: stopped, its one run is the model. */
  use_custom (project);
  CwRowSettings rows;
  cw_row_settings_copy (&rows, cw_project_get_row_settings (project));
  rows.choose_by = CW_CHOOSE_HOLDOUT;
  rows.holdout_fraction = 0.2;
  g_assert_true (cw_project_set_row_settings (project, &rows, NULL));
  cw_row_settings_clear (&rows);
  cw_train_config config = *cw_project_get_train_config (project);
  config.epochs = 100000;  /* it is stopped long before */
  config.patience = 0;
  cw_project_set_train_config (project, &config);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  g_assert_cmpint (cw_training_session_get_state (session), !=, CW_SESSION_IDLE);
  g_assert_cmpstr (cw_window_get_visible_page_name (window), ==, "training");
  g_assert_false (action_enabled (window, "train"));
  g_assert_true (action_enabled (window, "stop"));
  g_assert_true (wait_until (has_epochs, session, 60000));

  /* Pause toggles to Resume and back. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pause", NULL);
  spin_ms (100);
  g_assert_cmpint (cw_training_session_get_state (session), ==, CW_SESSION_PAUSED);
  g_autoptr(GVariant) paused = g_action_group_get_action_state (G_ACTION_GROUP (window), "pause");
  g_assert_true (g_variant_get_boolean (paused));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pause", NULL);
  spin_ms (100);
  g_assert_cmpint (cw_training_session_get_state (session), ==, CW_SESSION_RUNNING);

  /* Closing while training: the worker stops within a second, the model reaches the project, and the
   * unsaved changes are asked about (the window stays until answered). */
  gint64 start = g_get_monotonic_time ();
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1500 * 1000);
  g_assert_cmpint (cw_training_session_get_state (session), ==, CW_SESSION_IDLE);
  spin_ms (50);
  g_assert_nonnull (cw_project_get_model (project));
  g_assert_true (cw_project_get_modified (project));
  GtkWidget *question = find_message_dialog (window);
  g_assert_nonnull (question);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Cancel keeps the window; predictions of the model so far export. */
  gtk_dialog_response (GTK_DIALOG (question), GTK_RESPONSE_CANCEL);
  spin_ms (20);
  g_assert_null (find_message_dialog (window));
  g_assert_true (action_enabled (window, "export-predictions"));
  g_assert_true (action_enabled (window, "export-onnx"));
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = cw_export_predictions_csv (project, &error);
  g_assert_no_error (error);
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 62);  /* header, 60 rows, the empty end */
  g_printerr ("# predictions: %s\n#              %s\n", lines[0], lines[1]);
  g_assert_true (g_str_has_prefix (lines[0], "row,sample,split_vignette,"));
  g_assert_true (g_str_has_suffix (lines[0], ",role,octane,predicted octane"));
  g_assert_true (g_str_has_prefix (lines[1], "1,"));
  g_assert_nonnull (strstr (lines[1], ",training,85.3,"));
  g_assert_nonnull (strstr (lines[60], ",test,")); /* split_vignette's test rows are the last ten */

  /* Discard closes it. */
  g_autoptr(GtkWidget) weak_guard = g_object_ref (GTK_WIDGET (window));
  gtk_window_close (GTK_WINDOW (window));
  question = find_message_dialog (window);
  g_assert_nonnull (question);
  gtk_dialog_response (GTK_DIALOG (question), 1 /* discard */);
  spin_ms (20);
  g_assert_false (gtk_widget_get_visible (weak_guard));
}

static gboolean
session_finished (gpointer session)
{
  return cw_training_session_get_state (session) == CW_SESSION_IDLE;
}

/* The outcome of cw_export_model_onnx_async, for the test to wait on. */
typedef struct {
  gboolean done, ok;
  char *message;
} onnx_outcome;

static void
on_onnx_exported (GObject *source, GAsyncResult *result, gpointer data)
{
  onnx_outcome *outcome = data;
  g_autoptr(GError) error = NULL;
  outcome->ok = cw_export_model_onnx_finish (result, &error);
  outcome->message = error ? g_strdup (error->message) : NULL;
  outcome->done = TRUE;
}

static gboolean
onnx_export_done (gpointer outcome)
{
  return ((onnx_outcome *) outcome)->done;
}

/* Whether binary data (NUL bytes and all) holds text somewhere. */
static gboolean
holds_text (const char *data, gsize size, const char *text)
{
  gsize n = strlen (text);
  for (gsize i = 0; i + n <= size; i++)
    if (memcmp (data + i, text, n) == 0)
      return TRUE;
  return FALSE;
}

/* Exports the project's model as ONNX to path on the worker thread and waits for it. */
static onnx_outcome
export_onnx (CwProject *project, const char *path)
{
  onnx_outcome outcome = { 0 };
  g_autoptr(GFile) file = g_file_new_for_path (path);
  cw_export_model_onnx_async (project, file, NULL, on_onnx_exported, &outcome);
  g_assert_true (wait_until (onnx_export_done, &outcome, 60000));
  return outcome;
}

/* Predictions of a 3-class model: the predicted class is the most probable one, probabilities sum to 1;
 * the model exports as ONNX (only once there is one). */
static void
test_export_class_predictions (void)
{
  enum { N = 60, L = 64 };
  float x[N * L], y[N];
  for (int i = 0; i < N; i++)
    {
      y[i] = i % 3;
      for (int t = 0; t < L; t++)
        x[i * L + t] = (float) ((t % (4 + 4 * (i % 3))) < 2 + 2 * (i % 3)) + 0.01f * (float) ((i * 7 + t) % 5);
    }
  const char *classes[] = { "low", "mid", "high" };
  cw_dataset_labels labels = { .source = "classes", .target_name = "kind", .y = y, .n_classes = 3,
                               .class_names = classes };
  g_autoptr(CwProject) project = cw_project_new ();
  cw_project_set_dataset (project, cw_dataset_new_labelled (N, 1, L, x, &labels), NULL);
  g_assert_cmpint (cw_project_get_task (project), ==, CW_TASK_MULTICLASS);
  cw_train_config config = *cw_project_get_train_config (project);
  config.epochs = 5;
  cw_project_set_train_config (project, &config);
  set_holdout_only (project, 0.2);
  use_custom (project);

  g_autoptr(GError) error = NULL;
  g_assert_null (cw_export_predictions_csv (project, &error));
  g_assert_nonnull (strstr (error->message, "train one first"));
  g_clear_error (&error);
  g_autofree char *dir = g_dir_make_tmp ("cw-onnx-XXXXXX", NULL);
  g_autofree char *onnx_path = g_build_filename (dir, "classes.onnx", NULL);
  onnx_outcome before = export_onnx (project, onnx_path);
  g_assert_false (before.ok);
  g_assert_nonnull (strstr (before.message, "no trained model"));
  g_free (before.message);

  g_autoptr(CwTrainingSession) session = cw_training_session_new ();
  g_assert_true (cw_training_session_start (session, project, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (session_finished, session, 60000));
  g_assert_nonnull (cw_project_get_model (project));

  g_autofree char *csv = cw_export_predictions_csv (project, &error);
  g_assert_no_error (error);
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, N + 2);
  g_assert_cmpstr (lines[0], ==, "row,role,kind,predicted kind,p(low),p(mid),p(high)");
  int validation_rows = 0;
  for (int i = 1; i <= N; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);
      g_assert_cmpuint (g_strv_length (cells), ==, 7);
      g_assert_cmpint (atoi (cells[0]), ==, i);
      validation_rows += g_str_equal (cells[1], "validation");
      g_assert_cmpstr (cells[2], ==, classes[(i - 1) % 3]);
      double p[3], sum = 0;
      int best = 0;
      for (int c = 0; c < 3; c++)
        {
          p[c] = g_ascii_strtod (cells[4 + c], NULL);
          sum += p[c];
          best = p[c] > p[best] ? c : best;
        }
      g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-4);
      g_assert_cmpstr (cells[3], ==, classes[best]);
    }
  g_assert_cmpint (validation_rows, ==, 12);

  /* An ONNX ModelProto: field 1 (ir_version, varint) = 8 first; the output named for classification. */
  onnx_outcome after = export_onnx (project, onnx_path);
  g_assert_null (after.message);
  g_assert_true (after.ok);
  g_autofree char *bytes = NULL;
  gsize size = 0;
  g_assert_true (g_file_get_contents (onnx_path, &bytes, &size, NULL));
  g_assert_cmpuint (size, >, 100);
  g_assert_cmpint (bytes[0], ==, 0x08);
  g_assert_cmpint (bytes[1], ==, 8);
  g_assert_true (holds_text (bytes, size, "probabilities"));
  g_assert_true (holds_text (bytes, size, "[\"low\",\"mid\",\"high\"]"));
  g_remove (onnx_path);
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
  /* No session bus here: a non-unique application registers locally and runs its startup. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/window/opens-on-gasoline", test_opens_on_gasoline);
  g_test_add_func ("/window/actions-and-accels", test_actions_and_accels);
  g_test_add_func ("/window/undo-redo", test_undo_redo);
  g_test_add_func ("/window/bad-file-keeps-gasoline", test_bad_file_keeps_gasoline);
  g_test_add_func ("/window/open-data-project-recent", test_open_data_project_and_recent);
  g_test_add_func ("/window/open-folder-with-note", test_open_folder_with_note);
  g_test_add_func ("/window/open-audio-folder", test_open_audio_folder);
  g_test_add_func ("/window/export-plot", test_export_plot);
  g_test_add_func ("/window/train-predictions-close", test_train_predictions_and_close);
  g_test_add_func ("/window/export-class-predictions", test_export_class_predictions);
  int status = g_test_run ();
  g_object_unref (app);
  return status;
}
