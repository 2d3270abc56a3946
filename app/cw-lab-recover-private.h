/* cw-lab-recover-private.h — what the files of CwLabRecover share.
 * cw-lab-recover.c: the object, the controls, starting and stopping the job and receiving its chunks;
 * cw-lab-recover-problem.c: building the problem (generated or typed) and counting its equations;
 * cw-lab-recover-show.c: drawing what was received (weights against the truth, loss, status line, the
 * starting points' table). */
#pragma once

#include "cw-kernel-editor.h"
#include "cw-lab-recover-job.h"
#include "cw-lab-recover.h"
#include "cw-loss-plot.h"
#include "cw-signal-plot.h"

/* Entries of mode_dropdown. */
enum
{
  RECOVER_MODE_GENERATED,
  RECOVER_MODE_TYPED,
};

struct _CwLabRecover
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkWidget *main_box;
  GtkButton *single_button;
  GtkLabel *single_label;
  GtkButton *channels_button;
  GtkLabel *channels_label;
  GtkButton *filters_button;
  GtkLabel *filters_label;
  GtkDropDown *mode_dropdown;
  GtkSpinButton *taps_spin;
  GtkWidget *generated_box;
  GtkDropDown *signal_dropdown;
  GtkSpinButton *length_spin;
  GtkSpinButton *sequences_spin;
  GtkSpinButton *channels_spin;
  GtkSpinButton *filters_spin;
  GtkSpinButton *noise_spin;
  GtkSpinButton *data_seed_spin;
  CwKernelEditor *hidden_editor;
  GtkWidget *typed_box;
  GtkEntry *x_entry;
  GtkEntry *y_entry;
  GtkLabel *data_error_label;
  GtkDropDown *optimizer_dropdown;
  GtkSpinButton *lr_spin;
  GtkSpinButton *decay_spin;
  GtkDropDown *loss_dropdown;
  GtkSpinButton *epochs_spin;
  GtkSpinButton *seed_spin;
  GtkButton *start_button;
  GtkImage *start_icon;
  GtkLabel *start_label;
  GtkButton *seeds_button;
  GtkCheckButton *animate_check;
  GtkLabel *status_label;
  GtkLabel *counts_label;
  GtkLabel *explanation_label;
  CwSignalPlot *weights_plot;
  CwLossPlot *loss_plot;
  GtkWidget *results_box;
  GtkLabel *results_title;
  GtkGrid *results_grid;
  GtkLabel *results_note;

  /* owned: the problem the controls describe (x, y NULL when they describe none: see problem_error) */
  int sequences, channels, length, k, filters;
  float *x, *y;
  float *truth;               /* filters x channels x k, NULL when unknown */
  char *problem_error;
  cw_lab_system system;
  char *system_text;          /* the counts and their meaning as shown, without markup */
  gboolean preset_loaded;     /* the typed texts are a preset's while they equal these */
  cw_recovery_preset preset;
  char *preset_x_text, *preset_y_text;

  /* owned: the run */
  CwLabRecoverJob *job;       /* NULL when none runs */
  int epochs;                 /* per run of the job shown */
  gboolean multi;             /* the job tries several starting points */
  int run, n_runs;            /* run being received */
  guint64 run_seed;
  int n_weights;
  GArray *kernels;            /* float, received epochs x n_weights of the current run */
  GArray *losses;             /* double, one per received epoch */
  GArray *results;            /* float, finished runs x n_weights (multi) */
  GArray *result_losses;      /* double */
  GArray *result_seeds;       /* guint64 */
  char *run_error;            /* why the run stopped early, or NULL */

  /* state */
  gboolean syncing;           /* writing into controls: their signals are not edits */
};

/* cw-lab-recover-problem.c */
/* Fills x, y (and the truth when known) and the shapes from the controls; FALSE and why when they
 * describe no problem (the arrays may then be partly set: the caller clears them). */
gboolean cw_lab_recover_build_problem (CwLabRecover *self, gboolean generated, char **message);
/* The hidden kernel editor follows the filters x channels x taps the controls ask for. */
void cw_lab_recover_sync_hidden_shape (CwLabRecover *self);
/* Shows (message) or hides (NULL) the problem's error under the data controls. */
void cw_lab_recover_set_data_error (CwLabRecover *self, const char *message);
/* The counts of equations and unknowns and what they mean, from self->system. */
void cw_lab_recover_show_system (CwLabRecover *self);
/* "0, 3, 4, 5; 1, 2, 3, 4": rows x per_row values as the typed-in entries take them. */
char *cw_lab_recover_format_rows (const float *values, int rows, int per_row);

/* cw-lab-recover-show.c */
/* Redraws the weights, loss and status from what was received. */
void cw_lab_recover_show_progress (CwLabRecover *self);
/* Rebuilds the starting points' table. */
void cw_lab_recover_show_results (CwLabRecover *self);
/* "[1, 2]", with " | " between channels and " ; " between filters. */
char *cw_lab_recover_format_kernel (CwLabRecover *self, const float *kernel);
