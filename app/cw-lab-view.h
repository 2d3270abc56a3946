/* cw-lab-view.h — the Convolution Lab page: a teaching view in two parts, switched by tabs.
 * "Step through" slides a kernel along a signal (built-in, drawn with the mouse, or a sample of the
 * project's data) one output position at a time, showing the products, their sum and the output
 * growing underneath (CwLabStep). "Recover a kernel" learns a kernel by gradient descent from an input
 * and a target and draws the weights converging (or not) to the truth (CwLabRecover). */
#pragma once

#include <gtk/gtk.h>

#include "cw-project.h"

G_BEGIN_DECLS

#define CW_TYPE_LAB_VIEW (cw_lab_view_get_type ())
G_DECLARE_FINAL_TYPE (CwLabView, cw_lab_view, CW, LAB_VIEW, GtkWidget)

GtkWidget *cw_lab_view_new (CwProject *project);

/* --- for the window and tests --- */
/* The two panels (CwLabStep, CwLabRecover; transfer none). */
GtkWidget *cw_lab_view_get_step (CwLabView *self);
GtkWidget *cw_lab_view_get_recover (CwLabView *self);
/* Shows a panel: "step" or "recover". */
void cw_lab_view_show_panel (CwLabView *self, const char *name);

G_END_DECLS
