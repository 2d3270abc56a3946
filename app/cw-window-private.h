/* cw-window-private.h — what the window's files share: the instance struct, and the functions
 * cw-window-actions.c (actions and their sensitivity) and cw-window-files.c (open, save, recent files,
 * drag and drop, closing) give to cw-window.c. */
#pragma once

#include "cw-window.h"

G_BEGIN_DECLS

struct _CwWindow
{
  GtkApplicationWindow parent_instance;

  /* template widgets */
  GtkHeaderBar *header_bar;
  GtkStackSwitcher *switcher;
  GtkStack *stack;
  GtkButton *open_button;
  GtkWidget *loading_box;          /* progress and Stop, shown while a file is read */
  GtkProgressBar *loading_progress;
  GtkButton *loading_cancel;
  GtkMenuButton *primary_menu_button;
  GtkButton *train_button;
  GtkButton *pause_button;
  GtkButton *stop_button;
  GMenu *recent_section;
  GtkRevealer *toast_revealer;
  GtkLabel *toast_label;

  /* owned */
  CwProject *project;
  CwTrainingSession *session;
  GSettings *settings;
  GCancellable *load_cancellable;  /* the open in progress; NULL when none */
  gboolean open_allow_missing;     /* the next data file opened fills its missing cells (the Open dialog's
                                      choice, or "Fill and Open" after a refusal) */
  char *last_error;
  gboolean close_confirmed;        /* unsaved changes were discarded (or saved): let the close through */
  GFile *open_after_save;          /* the file to open once the Save the user chose before opening it is done */
  gboolean open_after_save_as_recording;
  GtkWidget *series_dialog;        /* weak: the open recording import dialog, NULL when none */
  GtkWidget *replace_dialog;       /* weak: the open "save before opening?" question, NULL when none */

  /* borrowed: the pages, owned by the stack (rebuilt when a project file replaces the project) */
  GtkWidget *data_view;
  GtkWidget *preprocess_view;
  GtkWidget *model_view;
  GtkWidget *train_view;
  GtkWidget *inside_view;
  GtkWidget *pls_view;
  GtkWidget *compare_view;
  GtkWidget *lab_view;             /* NULL when the build has no Lab page */
  GtkWidget *last_clicked_plot;    /* weak: the plot under the last press, for Export Plot… */
  guint toast_timeout;             /* hides the toast; 0 when none is shown */
  GtkFileChooserNative *export_chooser; /* the open Export dialog (plot or folder), NULL when none */
};

/* cw-window.c */
void cw_window_set_project (CwWindow *self, CwProject *project);
void cw_window_update_title (CwWindow *self);
void cw_window_set_error (CwWindow *self, const char *message);
/* A modal message dialog (primary text, secondary text) that destroys itself on response. */
void cw_window_show_message (CwWindow *self, const char *primary, const char *secondary);
void cw_window_emit_file_opened (CwWindow *self, GFile *file, gboolean ok);
/* A short note over the bottom of the page that goes by itself after a few seconds. */
void cw_window_show_toast (CwWindow *self, const char *text);

/* cw-window-actions.c */
void cw_window_actions_init (CwWindow *self);
void cw_window_actions_update (CwWindow *self);
void cw_window_actions_connect_project (CwWindow *self);

/* cw-window-export.c */
void cw_window_export_init (CwWindow *self);
void cw_window_export_dispose (CwWindow *self);
/* Opens the Export dialog for plot (a CwDrawable). */
void cw_window_choose_plot_export (CwWindow *self, GtkWidget *plot);
void cw_window_choose_page_export (CwWindow *self);

/* cw-window-files.c */
void cw_window_files_init (CwWindow *self);
void cw_window_files_dispose (CwWindow *self);
void cw_window_rebuild_recent_menu (CwWindow *self);
void cw_window_choose_file_to_open (CwWindow *self);
void cw_window_choose_recording_to_import (CwWindow *self);
void cw_window_set_loading (CwWindow *self, GCancellable *cancellable);
/* Ends the open that `cancellable` belongs to (unless a newer one took over): recent files and title on
 * success, the error dialog otherwise, then "file-opened". */
void cw_window_finish_open (CwWindow *self, GFile *file, GCancellable *cancellable, gboolean ok, const GError *error);
/* Reads file as wide data into a new project, under the open's cancellable. */
void cw_window_load_wide_data (CwWindow *self, GFile *file, GCancellable *cancellable);

/* cw-window-recording.c */
/* Looks at a data file on a worker: a recording (or as_recording) opens the import dialog, anything else
 * goes on as wide data. */
void cw_window_open_data_file (CwWindow *self, GFile *file, GCancellable *cancellable, gboolean as_recording);
void cw_window_recording_dispose (CwWindow *self);
/* A folder of one-spectrum JCAMP-DX / SPC files, read as one dataset (a sample per file). */
void cw_window_choose_folder_to_open (CwWindow *self);
/* Saves to the project's file, or asks for one first (choose_file, or no file yet); closes the window
 * after a successful save when close_after. */
void cw_window_save (CwWindow *self, gboolean choose_file, gboolean close_after);
gboolean cw_window_close_request (GtkWindow *window);

G_END_DECLS
