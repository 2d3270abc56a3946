/* cw-train-view-private.h — the Training page's state, shared by
 *   cw-train-view.c       the widget, the session's and the project's signals, the public calls;
 *   cw-train-view-show.c  what is shown: a run in flight (stage, curves, the run's validation rows),
 *                         a finished fit (candidates, kept weights, training / validation / test
 *                         metrics, the validation or — on request — test parity), or a loaded model. */
#pragma once

#include "cw-train-view.h"

#include "cw-confusion-view.h"
#include "cw-fit-table.h"
#include "cw-loss-plot.h"
#include "cw-metrics-table.h"
#include "cw-parity-plot.h"

G_BEGIN_DECLS

struct _CwTrainView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkWidget *main_box;
  GtkProgressBar *progress_bar;
  GtkLabel *status_label;
  CwLossPlot *loss_plot;
  GtkToggleButton *log_scale_button;
  GtkLabel *fit_title;
  CwFitTable *fit_table;
  CwMetricsTable *metrics_table;
  GtkLabel *result_title;
  GtkToggleButton *test_button;
  GtkStack *result_stack;
  GtkLabel *result_placeholder;
  CwParityPlot *parity_plot;
  CwConfusionView *confusion_view;

  /* built in init, under the status line in main_box */
  GtkWidget *model_note_box;    /* a GtkInfoBar holding model_note, shown when there is something to say */
  GtkLabel *model_note;         /* the model predates the project's preprocessing */

  /* owned */
  CwProject *project;
  CwTrainingSession *session;
  CwTrainingSnapshot *snapshot; /* the one shown; NULL while the project's own history is shown */
  float *parity_truth;          /* what the parity plot holds, to skip identical updates */
  float *parity_pred;
  int parity_n;

  int selected_row;
};

/* cw-train-view-show.c */
void cw_train_view_show_snapshot (CwTrainView *self);
/* Idle without a snapshot of our own: the project's fit summary, its loaded model and history, or nothing. */
void cw_train_view_show_project (CwTrainView *self);
void cw_train_view_update_loss_label (CwTrainView *self);
void cw_train_view_update_model_note (CwTrainView *self);
void cw_train_view_set_status (CwTrainView *self, const char *text, gboolean error);
void cw_train_view_forget_parity (CwTrainView *self);
void cw_train_view_show_placeholder (CwTrainView *self, const char *text);
char *cw_train_view_progress_text (const CwTrainingSnapshot *snap, CwSessionState state);
char *cw_train_view_final_message (const CwTrainingSnapshot *snap);

G_END_DECLS
