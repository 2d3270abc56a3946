/* cw-rows-bar.h — the Data page's bar of row roles, bound to a CwProject: how the test rows are chosen
 * (none, the data's split column, a meta column's values, a random share), how choices are validated on
 * the training rows (a holdout: the split column's validation rows or a random share; or K-fold CV), which
 * meta column keeps replicates together, the seed, and the resulting counts as coloured chips ("Training
 * 129 · Validation 43 · Test 43"). A choice the data cannot meet is shown as a message naming the problem
 * and the project keeps its last good settings; what was typed stays in its entry. */
#pragma once

#include <gtk/gtk.h>

#include "cw-project.h"

G_BEGIN_DECLS

#define CW_TYPE_ROWS_BAR (cw_rows_bar_get_type ())
G_DECLARE_FINAL_TYPE (CwRowsBar, cw_rows_bar, CW, ROWS_BAR, GtkWidget)

GtkWidget *cw_rows_bar_new (CwProject *project);
/* The counts as shown, e.g. "Training 129 · Validation 43 · Test 43" ("" without data). */
const char *cw_rows_bar_get_counts (CwRowsBar *self);
/* The last refusal's message, or NULL when the shown settings are the project's. */
const char *cw_rows_bar_get_error (CwRowsBar *self);

/* The CSS class of a role's chip ("role-training", "role-validation", "role-test"); every chip also has
 * "role-chip". */
const char *cw_rows_bar_role_css_class (cw_role role);

G_END_DECLS
