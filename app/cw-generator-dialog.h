/* cw-generator-dialog.h — "New from Generator…": a modal window that configures one of the engine's toy
 * datasets (normal PDF or not, synthetic spectra, ECG-like beats), shows the per-class counts and a few
 * example signals before generating, and on Generate hands the dataset to the project (target and task
 * from the generator) so the workbench switches to it, ready to train. */
#pragma once

#include <gtk/gtk.h>

#include "cw-project.h"

G_BEGIN_DECLS

#define CW_TYPE_GENERATOR_DIALOG (cw_generator_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CwGeneratorDialog, cw_generator_dialog, CW, GENERATOR_DIALOG, GtkWindow)

/* Creates the dialog (modal, transient for parent) and presents it. */
void cw_generator_dialog_present (GtkWindow *parent, CwProject *project);

/* --- for tests --- */
/* The dialog without presenting it (parent may be NULL). */
CwGeneratorDialog *cw_generator_dialog_new (GtkWindow *parent, CwProject *project);
/* Puts a whole configuration into the controls (kind, sizes, options). */
void cw_generator_dialog_set_config (CwGeneratorDialog *self, const cw_generator_config *config);
/* The configuration the controls describe now. */
void cw_generator_dialog_get_config (CwGeneratorDialog *self, cw_generator_config *config);
/* The per-class counts line shown above the buttons (e.g. "normal 250 · not normal 250"). */
const char *cw_generator_dialog_get_counts_text (CwGeneratorDialog *self);
/* What the Generate button does: generates (on a worker when large), gives the dataset to the project
 * and closes the dialog; on a bad configuration shows why and stays open. */
void cw_generator_dialog_generate (CwGeneratorDialog *self);
/* TRUE while a generation runs on the worker. */
gboolean cw_generator_dialog_is_busy (CwGeneratorDialog *self);

G_END_DECLS
