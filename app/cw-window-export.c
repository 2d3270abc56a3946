/* cw-window-export.c — plots out of the window: Export Plot… (the plot last clicked, or the page's main
 * one, and every plot's context menu), Export All Plots of This Page…, and the folder those dialogs start
 * in. The dialog names the plot it writes and suggests a file name from the plot's title, so the user
 * never has to guess which of a page's plots ends up in the file. */
#include "cw-window-private.h"

#include <string.h>

#include "cw-drawable-menu.h"
#include "cw-drawable.h"
#include "cw-export.h"

#define PLOT_KEY "cw-export-plot" /* on the chooser: a GWeakRef to the plot it exports */

/* ---- where to start ---- */

static GFile *
local_parent (GFile *file)
{
  if (!file || !g_file_is_native (file))
    return NULL; /* the bundled example lives in the GResource: no folder to start in */
  return g_file_get_parent (file);
}

GFile *
cw_window_dup_export_folder (CwWindow *self)
{
  g_return_val_if_fail (CW_IS_WINDOW (self), NULL);
  GFile *folder = local_parent (cw_project_get_file (self->project));
  if (!folder)
    folder = local_parent (cw_project_get_data_file (self->project));
  if (!folder)
    {
      g_autofree char *cwd = g_get_current_dir ();
      folder = g_file_new_for_path (cwd);
    }
  return folder;
}

GtkFileChooserNative *
cw_window_get_export_chooser (CwWindow *self)
{
  g_return_val_if_fail (CW_IS_WINDOW (self), NULL);
  return self->export_chooser;
}

static GtkFileChooserNative *
new_chooser (CwWindow *self, const char *title, GtkFileChooserAction action, const char *accept)
{
  if (self->export_chooser)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->export_chooser));
      g_clear_object (&self->export_chooser);
    }
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, "_Cancel");
  g_autoptr (GFile) folder = cw_window_dup_export_folder (self);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  self->export_chooser = chooser; /* owned until its response */
  return chooser;
}

static void
finish_chooser (CwWindow *self, GtkNativeDialog *chooser)
{
  gtk_native_dialog_destroy (chooser);
  if (self->export_chooser == GTK_FILE_CHOOSER_NATIVE (chooser))
    g_clear_object (&self->export_chooser);
}

static void
report_failure (CwWindow *self, const char *primary, const GError *error)
{
  cw_window_set_error (self, error->message);
  cw_window_show_message (self, primary, error->message);
}

/* "~/data/plots" rather than "/home/ana/data/plots": shorter in a toast, and still exact. */
static char *
display_folder (GFile *folder)
{
  g_autofree char *path = g_file_get_path (folder);
  if (!path)
    return g_file_get_parse_name (folder);
  const char *home = g_get_home_dir ();
  size_t n = home ? strlen (home) : 0;
  if (n > 1 && g_str_has_prefix (path, home) && (path[n] == '/' || path[n] == '\0'))
    return g_strdup_printf ("~%s", path + n);
  return g_steal_pointer (&path);
}

/* ---- one plot ---- */

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
on_plot_chooser_response (GtkNativeDialog *chooser, int response, CwWindow *self)
{
  GWeakRef *ref = g_object_get_data (G_OBJECT (chooser), PLOT_KEY);
  g_autoptr (GtkWidget) plot = ref ? g_weak_ref_get (ref) : NULL;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr (GError) error = NULL;
      if (!plot)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             "The plot is gone (the page was rebuilt while the dialog was open).");
      if (!plot || !cw_export_plot (plot, file, &error))
        report_failure (self, "The plot could not be exported", error);
      else
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autoptr (GFile) parent = g_file_get_parent (file);
          g_autofree char *where = parent ? display_folder (parent) : g_strdup ("");
          g_autofree char *text = g_strdup_printf ("Exported “%s” to %s in %s",
                                                   cw_drawable_get_title (CW_DRAWABLE (plot)), name, where);
          cw_window_show_toast (self, text);
        }
    }
  finish_chooser (self, chooser);
}

void
cw_window_choose_plot_export (CwWindow *self, GtkWidget *plot)
{
  g_return_if_fail (CW_IS_WINDOW (self));
  g_return_if_fail (CW_IS_DRAWABLE (plot));
  const char *plot_title = cw_drawable_get_title (CW_DRAWABLE (plot));
  g_autofree char *title = g_strdup_printf ("Export “%s”", plot_title);
  GtkFileChooserNative *chooser = new_chooser (self, title, GTK_FILE_CHOOSER_ACTION_SAVE, "_Export");
  const char *kinds[][2] = { { "PNG image", "*.png" }, { "SVG drawing", "*.svg" }, { "PDF document", "*.pdf" } };
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, kinds[i][0]);
      gtk_file_filter_add_pattern (filter, kinds[i][1]);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  g_autofree char *stem = cw_drawable_file_stem (plot_title);
  g_autofree char *name = g_strdup_printf ("%s.png", stem);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  GWeakRef *ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, plot);
  g_object_set_data_full (G_OBJECT (chooser), PLOT_KEY, ref, weak_ref_free);
  g_signal_connect (chooser, "response", G_CALLBACK (on_plot_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- every plot of the page ---- */

int
cw_window_export_page_plots (CwWindow *self, GFile *folder, const char *extension, GError **error)
{
  g_return_val_if_fail (CW_IS_WINDOW (self), -1);
  g_return_val_if_fail (G_IS_FILE (folder), -1);
  g_return_val_if_fail (extension != NULL, -1);
  g_autoptr (GPtrArray) plots = cw_window_list_page_plots (self);
  /* Two plots with one title ("Loss per epoch" twice) get "-2", "-3": nothing in the batch overwrites
   * another of its files. */
  g_autoptr (GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int written = 0;
  for (guint i = 0; i < plots->len; i++)
    {
      GtkWidget *plot = g_ptr_array_index (plots, i);
      g_autofree char *stem = cw_drawable_file_stem (cw_drawable_get_title (CW_DRAWABLE (plot)));
      g_autofree char *name = g_strdup_printf ("%s.%s", stem, extension);
      for (int n = 2; g_hash_table_contains (used, name); n++)
        {
          g_free (name);
          name = g_strdup_printf ("%s-%d.%s", stem, n, extension);
        }
      g_autoptr (GFile) file = g_file_get_child (folder, name);
      g_hash_table_add (used, g_steal_pointer (&name));
      if (!cw_export_plot (plot, file, error))
        return -1;
      written++;
    }
  g_autofree char *where = display_folder (folder);
  g_autofree char *upper = g_ascii_strup (extension, -1);
  g_autofree char *text = g_strdup_printf (written == 1 ? "Wrote %d %s file to %s" : "Wrote %d %s files to %s",
                                           written, upper, where);
  cw_window_show_toast (self, text);
  return written;
}

static const char *const format_ids[] = { "png", "svg", "pdf", NULL };
static const char *const format_labels[] = { "PNG images", "SVG drawings", "PDF documents", NULL };

/* The page's name as the switcher shows it, without its mnemonic underscore. */
static char *
page_title (CwWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);
  const char *title = page ? gtk_stack_page_get_title (gtk_stack_get_page (self->stack, page)) : NULL;
  GString *plain = g_string_new (NULL);
  for (const char *p = title ? title : ""; *p; p++)
    if (*p != '_')
      g_string_append_c (plain, *p);
  return g_string_free (plain, FALSE);
}

static void
on_page_chooser_response (GtkNativeDialog *chooser, int response, CwWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      const char *format = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "format");
      if (!g_strv_contains (format_ids, format ? format : ""))
        format = "png";
      g_autoptr (GError) error = NULL;
      int written = folder ? cw_window_export_page_plots (self, folder, format, &error) : -1;
      if (written < 0)
        {
          if (!error)
            g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No folder was chosen.");
          report_failure (self, "The plots could not be exported", error);
        }
    }
  finish_chooser (self, chooser);
}

void
cw_window_choose_page_export (CwWindow *self)
{
  g_return_if_fail (CW_IS_WINDOW (self));
  g_autofree char *page = page_title (self);
  g_autofree char *title = g_strdup_printf ("Export All Plots of the %s Page", page);
  GtkFileChooserNative *chooser = new_chooser (self, title, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, "_Export");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "format", "Format", (const char **) format_ids,
                               (const char **) format_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "format", "png");
  g_signal_connect (chooser, "response", G_CALLBACK (on_page_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- actions and the plots' menus ---- */

static void
export_plot_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  CwWindow *self = user_data;
  GtkWidget *plot = cw_window_get_export_drawable (self);
  if (plot)
    cw_window_choose_plot_export (self, plot);
}

static void
export_all_plots_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  cw_window_choose_page_export (user_data);
}

static void
on_plot_menu_export (CwDrawable *plot, gpointer user_data)
{
  cw_window_choose_plot_export (user_data, GTK_WIDGET (plot));
}

static const GActionEntry export_actions[] = {
  { .name = "export-plot", .activate = export_plot_activated },
  { .name = "export-all-plots", .activate = export_all_plots_activated },
};

void
cw_window_export_init (CwWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), export_actions, G_N_ELEMENTS (export_actions), self);
  cw_drawable_menu_set_export_handler (GTK_WIDGET (self), on_plot_menu_export, self);
}

void
cw_window_export_dispose (CwWindow *self)
{
  if (self->export_chooser)
    {
      g_signal_handlers_disconnect_by_data (self->export_chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->export_chooser));
      g_clear_object (&self->export_chooser);
    }
  cw_drawable_menu_set_export_handler (GTK_WIDGET (self), NULL, NULL);
}
