/* cw-fit-summary.h — what a training run of the fit driver chose and how the final model scores: the
 * candidates with their validation scores, epochs and seconds, which one was chosen, which epoch's weights
 * were kept and why, the roles the rows had, the validation predictions (CV predictions of every training
 * row, or the holdout rows') and the final model's prediction of every row, test rows included: those
 * are scored once, here, after every choice was made.
 *
 * Immutable and reference-counted: the session builds it on its worker, the project keeps it (and saves
 * it in the .cwproj), the Training page reads it. */
#pragma once

#include <glib-object.h>

#include "cw.h"

G_BEGIN_DECLS

typedef struct
{
  char *name;          /* the recipe's */
  gboolean evaluated;  /* FALSE: skipped (note says why) */
  char *note;
  double score;        /* RMSECV or validation RMSE (user units), or accuracy 0..1; NAN without validation */
  int epochs;          /* epochs this candidate would train for */
  double seconds;
} CwFitCandidateSummary;

typedef struct _CwFitSummary CwFitSummary;
struct _CwFitSummary
{
  cw_task task;
  cw_validate_kind validation;     /* none, holdout, cross-validation */
  int n_folds;                     /* CV folds (0 otherwise) */
  int n_candidates;
  CwFitCandidateSummary *candidates;
  int chosen;                      /* index of the candidate the final model follows */
  int epochs;                      /* the chosen epoch count (CV), the recipe's (none), most run (holdout) */
  int n_members;
  int *member_epochs;              /* the epoch whose weights each member kept */
  char *epoch_reason;              /* which epoch's weights were kept, and why */
  double score;                    /* the chosen candidate's (NAN without validation) */
  double seconds;
  gboolean stopped;                /* stopped by the user: the model is the best finished so far */
  gboolean refit;                  /* holdout: the final model was refitted on the training and the validation
                                      rows for the chosen epoch count (the engine's default) */

  /* per row */
  int n, k;
  unsigned char *roles;            /* n CW_ROLE_* values the fit ran with */
  float *y;                        /* n x k model-space targets (NULL when not known, e.g. the data changed) */
  float *val_pred;                 /* n x k validation predictions of the chosen candidate at its chosen epoch
                                      (NAN where a row was not validated); NULL without validation */
  float *pred;                     /* n x k: the final model's prediction of every row; NULL without a model */

  /* the chosen candidate's validation curve (CV: fold-pooled; holdout: the validation rows') */
  int curve_len;
  double *curve_loss;              /* per epoch: mean validation loss (what the epoch choice minimises) */
  double *curve;                   /* per epoch: validation RMSE, or accuracy for classes */
};

#define CW_TYPE_FIT_SUMMARY (cw_fit_summary_get_type ())
GType cw_fit_summary_get_type (void);
CwFitSummary *cw_fit_summary_ref (CwFitSummary *summary);
void cw_fit_summary_unref (CwFitSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CwFitSummary, cw_fit_summary_unref)

/* An empty summary (reference count 1) to fill, e.g. when reading a project. */
CwFitSummary *cw_fit_summary_new (void);
/* From the driver's result, the data it ran on (roles, targets) and the final model's predictions of
 * every row (n x k, copied; NULL without a model). Any thread. */
CwFitSummary *cw_fit_summary_new_from_result (const cw_fit_result *result, const cw_fit_config *config,
                                              const cw_fit_data *data, const float *pred, gboolean stopped);

/* The rows a report is about, and the predictions it uses. */
typedef enum
{
  CW_FIT_ROWS_TRAINING,    /* the rows the final model learned from (training rows, and the validation rows
                              after a holdout refit), its predictions */
  CW_FIT_ROWS_VALIDATION,  /* rows validated while choosing (CV: every training row; holdout: the validation
                              rows), the chosen candidate's predictions at its chosen epoch */
  CW_FIT_ROWS_TEST,        /* test rows, the final model's predictions: scored once, after every choice */
} CwFitRows;

int cw_fit_summary_count (const CwFitSummary *summary, CwFitRows which);
/* Metrics of those rows. FALSE (m->n = 0) when there are none, or the targets or predictions are
 * unknown. Free m with cw_metrics_clear. */
gboolean cw_fit_summary_metrics (const CwFitSummary *summary, CwFitRows which, cw_metrics *m);
/* Their dataset rows, truths and predictions (n x k each, g_free), for a parity plot; the count. */
int cw_fit_summary_dup_rows (const CwFitSummary *summary, CwFitRows which, int **rows, float **truth,
                             float **pred);
/* "RMSECV", "Validation RMSE", "CV accuracy", "Validation accuracy", or "" without validation. */
const char *cw_fit_summary_score_name (const CwFitSummary *summary);

G_END_DECLS
