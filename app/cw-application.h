/* cw-application.h — the GtkApplication: app actions and accelerators, style (CSS, dark style), windows
 * on the bundled example or on the files given on the command line. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CW_TYPE_APPLICATION (cw_application_get_type ())
G_DECLARE_FINAL_TYPE (CwApplication, cw_application, CW, APPLICATION, GtkApplication)

CwApplication *cw_application_new (void);

/* The application's settings (io.github.conv1d.Workbench): recent files, dark style, window size. */
GSettings *cw_application_get_settings (CwApplication *self);

/* A new window on the bundled gasoline example, not yet presented. */
GtkWidget *cw_application_new_window (CwApplication *self);

/* Adds uri at the head of the recent files (moved there when already listed; at most 10). */
void cw_application_add_recent (CwApplication *self, const char *uri);

/* The accelerators of every app.* and win.* action, in one table (shortcuts window and tests use it). */
typedef struct
{
  const char *action;       /* detailed action name, e.g. "win.train" */
  const char *accels[3];    /* NULL-terminated */
} CwAccelEntry;
const CwAccelEntry *cw_application_get_accels (guint *n_entries);

G_END_DECLS
