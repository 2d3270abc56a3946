/* cw-window.h — the workbench window: a header bar (Open, the page switcher, Train / Pause / Stop, the
 * primary menu) over a stack of every page, one project and one training session. Routes a sample picked
 * on any page to all pages and to the session's watched sample; opens, saves and exports. */
#pragma once

#include <gtk/gtk.h>

#include "cw-project.h"
#include "cw-training-session.h"

G_BEGIN_DECLS

#define CW_TYPE_WINDOW (cw_window_get_type ())
G_DECLARE_FINAL_TYPE (CwWindow, cw_window, CW, WINDOW, GtkApplicationWindow)

/* A window on the bundled gasoline example (not yet presented). */
CwWindow *cw_window_new (GtkApplication *app);

/* Opens a data file (CSV/TSV) or a project (.cwproj) off the main thread: the same path as the file
 * chooser, drag and drop and the recent files. A bad file gets a dialog and leaves the project as it was. */
void cw_window_open_file (CwWindow *self, GFile *file);
/* Opens a CSV/TSV as a long recording (one column per signal, a row per time point) through the import
 * dialog, even when it does not look like one; cw_window_open_file shows that dialog by itself for files
 * that do. */
void cw_window_import_recording (CwWindow *self, GFile *file);
/* The recording import dialog while it is open, else NULL: for tests. */
GtkWindow *cw_window_get_series_dialog (CwWindow *self);
/* TRUE while a file is being read. */
gboolean cw_window_is_loading (CwWindow *self);
/* Stops the file being opened (the Stop button beside the progress): the project stays as it was. */
void cw_window_cancel_open (CwWindow *self);
/* The message of the last failed open, save or export (NULL when none failed yet): for tests. */
const char *cw_window_get_last_error (CwWindow *self);

/* Saves the project to file (atomic), remembers it as the project's file and in the recent files. */
gboolean cw_window_save_project (CwWindow *self, GFile *file, GError **error);
/* Exports the visible page's plot (PNG, SVG or PDF by the extension). FALSE when the page has none. */
gboolean cw_window_export_plot (CwWindow *self, GFile *file, GError **error);

CwProject *cw_window_get_project (CwWindow *self);
CwTrainingSession *cw_window_get_session (CwWindow *self);

/* Pages by name: "data", "preprocess", "model", "training", "inside", "pls", "compare", "lab". */
GtkWidget *cw_window_get_page (CwWindow *self, const char *name);
void cw_window_show_page (CwWindow *self, const char *name);
const char *cw_window_get_visible_page_name (CwWindow *self);
/* The plot Export Plot… writes for the visible page (NULL when the page has none). */
GtkWidget *cw_window_get_export_drawable (CwWindow *self);
/* Every plot shown on the visible page, in the page's order (borrowed widgets). */
GPtrArray *cw_window_list_page_plots (CwWindow *self);
/* Writes every plot shown on the visible page into folder, named from their titles (unique, safe
 * names; extension "png", "svg" or "pdf"), and tells the user how many went where in the toast. Returns
 * how many were written, -1 with error on failure. */
int cw_window_export_page_plots (CwWindow *self, GFile *folder, const char *extension, GError **error);
/* Where the export dialogs start: the project's folder, else the data file's, else the working
 * directory. */
GFile *cw_window_dup_export_folder (CwWindow *self);
/* The export dialog while it is open (NULL otherwise), and the toast's text ("" when none): for tests. */
GtkFileChooserNative *cw_window_get_export_chooser (CwWindow *self);
const char *cw_window_get_toast_text (CwWindow *self);

/* Signals:
 *   "file-opened" (GFile *file, gboolean ok)   an open finished (ok = FALSE: refused, dialog shown)
 */

G_END_DECLS
