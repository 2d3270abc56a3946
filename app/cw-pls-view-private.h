/* cw-pls-view-private.h — what the files of CwPlsView share: the instance struct.
 * cw-pls-view.c: the object, the job (scheduling, cancelling), the settings controls, selection;
 * cw-pls-view-plots.c: filling the six plots, the CV table and the status line from a result. */
#pragma once

#include "cw-pls-view.h"
#include "cw-scatter-plot.h"
#include "cw-signal-plot.h"

struct _CwPlsView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkWidget *main_box;
  GtkSpinner *spinner;
  GtkLabel *status_label;
  CwScatterPlot *errors_plot;
  CwScatterPlot *scores_plot;
  CwScatterPlot *influence_plot;
  CwSignalPlot *loadings_plot;
  CwSignalPlot *coefficients_plot;
  CwSignalPlot *vip_plot;
  GtkSpinButton *components_spin;
  GtkButton *suggested_button;
  GtkSpinButton *max_spin;
  GtkDropDown *validation_dropdown;
  GtkSpinButton *folds_spin;
  GtkDropDown *group_dropdown;
  GtkStringList *group_names;  /* "None", then the dataset's meta columns */
  GtkDropDown *algorithm_dropdown;
  GtkDropDown *rule_dropdown;
  GtkDropDown *prep_dropdown;
  GtkCheckButton *test_curve_check; /* off by default: the test error per component invites choosing on it */
  GtkLabel *choice_label;      /* how the preprocessing was chosen; the nested CV estimate */
  GtkSpinButton *scores_x_spin;
  GtkSpinButton *scores_y_spin;
  GtkGrid *table_grid;

  /* owned */
  CwProject *project;
  CwPlsResult *result;        /* the fit shown; NULL before the first one or after an error */
  GCancellable *cancellable;  /* of the running job; NULL when none runs */
  guint debounce_id;          /* a fit waiting for its inputs to settle */
  char *job_key;              /* the inputs of the running job, or of the result shown */
  guint data_serial;          /* bumped on "data-changed": the key cannot see inside the dataset */
  int components;             /* the number shown, 1..result->n_components (0 without a result) */
  int selected_row;           /* ringed sample, -1 = none */
  guint result_serial;        /* bumped for every new result (or none) */
  guint drawn_serial;         /* the result whose axis the signal plots hold (their zoom is kept) */
  int table_rows;             /* rows of table_grid in use, header included */
  gboolean syncing;           /* settings -> controls in progress: do not echo back */
};

/* cw-pls-view-plots.c */
/* Redraws plots, table and status from self->result at self->components (clears them without one). */
void cw_pls_view_show_result (CwPlsView *self);
void cw_pls_view_clear_plots (CwPlsView *self);
