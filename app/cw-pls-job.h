/* cw-pls-job.h — the PLS baseline as a background job (GTask + GCancellable).
 *
 * cw_pls_job_run_async copies everything it needs from the project on the main thread (the signals as
 * doubles, the encoded targets, the test rows, the preprocessing text and the PLS settings), so the worker
 * never touches the project. The worker builds the CV plan on the calibration rows (the CNN's folds when the
 * project cross-validates; otherwise k-fold, leave-one-out, or grouped by a meta column so replicates share a
 * fold; the pipeline is refitted inside every fold) and runs the engine's CV driver for 1..max components:
 * once with the project's preprocessing, or once per candidate preprocessing (cw_pls_cv_select) when PLS
 * chooses its own, the lowest CV error at its rule's count winning. It also runs nested CV of that whole
 * choice (cw_pls_nested_cv_select) on the same outer folds: the honest estimate of "PLS, tuned by CV". Then it derives every
 * diagnostic the PLS page and the comparison page draw from the winner, fitted on all calibration rows.
 * Test rows are never read by a choice: they are predicted once, by the final model. The answer is an
 * immutable, reference-counted CwPlsResult.
 *
 * Cancelling returns G_IO_ERROR_CANCELLED at once (the worker finishes its current stage on its own
 * copy of the data and its answer is dropped): a cancelled job never yields a result. */
#pragma once

#include <gio/gio.h>

#include "cw-project.h"

G_BEGIN_DECLS

/* Confidence of the T² and Q limits in a CwPlsResult. */
#define CW_PLS_LIMIT_CONFIDENCE 0.95

/* Everything is read-only once the job returns it. "Per component" arrays have n_components entries,
 * entry a - 1 for the a-component model (a = 1..n_components). "Blocks" repeat an array once per
 * component count, block a - 1 first. Rows are dataset rows (0-based), calibration and test alike;
 * features are the preprocessed positions, channel-major: feature c * out_length + t. */
typedef struct _CwPlsResult CwPlsResult;
struct _CwPlsResult
{
  /* ---- what was fitted ---- */
  cw_task task;                /* the project's task when the job started */
  gboolean classification;     /* PLS-DA (binary or multiclass task): y is 0/1 or one-hot */
  int target;                  /* the project's target column */
  char *target_name;           /* its name, e.g. "octane" */
  char *pipeline_text;         /* canonical preprocessing text, "" = none */
  char *cv_label;              /* how the CV folds were made, e.g. "10-fold consecutive", "leave-one-out" */
  CwPlsSettings settings;      /* the settings the job ran with (components as asked: 0 = suggested) */

  /* ---- how the preprocessing was chosen ---- */
  CwPlsPrepMode prep_mode;     /* CW_PLS_PREP_PROJECT or CW_PLS_PREP_CV: what the job did */
  int n_prep;                  /* CV: the candidates tried (cw_pls_job_n_prep_candidates); 0 otherwise */
  double *prep_scores;         /* n_prep: each candidate's CV error at the count the rule suggests for it
                                  (RMSECV, or 1 - CV accuracy for PLS-DA); NAN where it could not be fitted */
  int prep_chosen;             /* the winner's index, -1 with the project's preprocessing */

  /* ---- nested CV of the whole choice (preprocessing and components); absent when the data are too small ---- */
  gboolean has_nested;
  int nested_outer;            /* outer folds: the CV folds above */
  int nested_inner_k;          /* folds of each inner CV */
  int nested_n;                /* calibration rows predicted */
  double nested_rmse, nested_r2; /* regression (NAN for PLS-DA) */
  double nested_accuracy;      /* PLS-DA (NAN for regression) */
  int *nested_components;      /* nested_outer: the count each outer fold's inner CV chose */
  int *nested_prep;            /* nested_outer: the candidate each chose (NULL with the project's preprocessing) */

  /* ---- shapes ---- */
  int n_rows;                  /* all dataset rows */
  int n_cal, n_test;           /* calibration rows (CV + final fit) and held-out test rows */
  int channels;                /* signal channels */
  int in_length;               /* raw signal length (what cw_pls_result_predict takes per channel) */
  int out_length;              /* length after preprocessing (range selections shorten it) */
  int n_features;              /* channels * out_length: the PLS model's p */
  int q;                       /* responses: 1 for regression and binary PLS-DA, the classes for multiclass */
  int n_classes;               /* classes of the target (0 for regression) */

  /* ---- per row ---- */
  unsigned char *is_test;      /* n_rows: 1 = held-out test row (never used to fit anything) */
  double *y;                   /* n_rows x q: the targets as PLS saw them (values, or 0/1 / one-hot) */
  int *classes;                /* n_rows: class index of each row (PLS-DA only; NULL for regression) */
  int n_folds;                 /* CV folds of the calibration rows */
  int *fold;                   /* n_rows: the CV fold of each calibration row, 0..n_folds-1; CW_FOLD_NONE
                                  (-1) for test rows */
  int *group;                  /* n_rows: group id of each row when settings.group_column is set (rows with
                                  equal ids share a fold), else NULL */

  /* ---- per component count ---- */
  int n_components;            /* component counts evaluated (max_components capped by rows and rank) */
  int suggested;               /* the CV's suggestion (settings.rule, one-SE by default), 1..n_components */
  int chosen;                  /* settings.components when set (capped to n_components), else suggested */
  double *rmsec, *r2c;         /* final model on its own calibration rows */
  double *rmsecv, *rmsecv_se, *q2; /* pooled CV predictions; rmsecv_se its standard error */
  double *rmsep, *r2p;         /* final model on the test rows (NAN without test rows) */
  double *acc_c, *acc_cv, *acc_p; /* PLS-DA accuracies 0..1 (NAN for regression) */
  double *pred_cv;             /* blocks of n_rows x q: CV prediction of each calibration row (NAN for test rows) */
  double *pred;                /* blocks of n_rows x q: the final model's fit / prediction of every row */

  /* ---- the final model (fitted on all calibration rows) ---- */
  cw_pipeline *pipeline;       /* fitted preprocessing (apply to new raw data with cw_pls_result_predict) */
  cw_pls *model;               /* PLS with n_components components on the preprocessed calibration rows */
  double *axis;                /* out_length axis values of the preprocessed signal */
  double *mean_spectrum;       /* n_features: mean of the preprocessed calibration rows (before PLS centring) */
  double *scores;              /* n_rows x n_components, row-major: scores t of every row */
  double *loadings;            /* n_components x n_features, component-major: X loadings P */
  double *coefficients;        /* blocks of n_features x q: regression coefficients B (y = b0 + x B) */
  double *vip;                 /* blocks of n_features: VIP of the a-component model (sum of squares = p) */
  double *explained_x;         /* per component: fraction (0..1) of X's variance that component explains */
  double *explained_y;         /* per component: the same for Y */
  double *t2;                  /* blocks of n_rows: Hotelling's T² of every row */
  double *qres;                /* blocks of n_rows: Q residual (squared X reconstruction error) of every row */
  double *t2_limit, *q_limit;  /* per component: the CW_PLS_LIMIT_CONFIDENCE limits */

  /* ---- the test rows at the chosen number of components (for the comparison page) ---- */
  int *test_rows;              /* n_test dataset rows, in row order */
  double *test_truth;          /* n_test x q */
  double *test_pred;           /* n_test x q: predictions with `chosen` components */
  int *test_class_truth;       /* n_test class indices (PLS-DA only, else NULL) */
  int *test_class_pred;        /* n_test predicted classes (PLS-DA only, else NULL) */
};

#define CW_TYPE_PLS_RESULT (cw_pls_result_get_type ())
GType cw_pls_result_get_type (void);
CwPlsResult *cw_pls_result_ref (CwPlsResult *result);
void cw_pls_result_unref (CwPlsResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CwPlsResult, cw_pls_result_unref)

/* Applies the fitted pipeline and the a-component PLS model (1 <= a <= n_components) to n rows of raw
 * signals (n x channels x in_length floats, the dataset layout); out receives n x q predictions (for
 * PLS-DA the predicted 0/1 or one-hot scores: take the argmax). Safe from any thread. */
void cw_pls_result_predict (const CwPlsResult *result, int a, const float *raw_x, int n, double *out);
/* The same from doubles (e.g. cw_dataset_signals_f64), which is what the job itself fits on: these
 * predictions of the test rows equal test_pred exactly. */
void cw_pls_result_predict_f64 (const CwPlsResult *result, int a, const double *raw_x, int n, double *out);

/* Convenience accessors for blocks (a = 1..n_components). */
const double *cw_pls_result_coefficients (const CwPlsResult *result, int a); /* n_features x q */
const double *cw_pls_result_vip (const CwPlsResult *result, int a);          /* n_features */
const double *cw_pls_result_t2 (const CwPlsResult *result, int a);           /* n_rows */
const double *cw_pls_result_q (const CwPlsResult *result, int a);            /* n_rows */
const double *cw_pls_result_pred (const CwPlsResult *result, int a);         /* n_rows x q */

/* The preprocessings PLS chooses among (CW_PLS_PREP_CV), in order: none, SNV, MSC, sg(11,2,1),
 * SNV + sg(11,2,1), sg(15,2,2), each followed by centring, as `conv1d compare` does. text: the pipeline
 * ("snv center"); label: its name for people ("SNV"). */
int cw_pls_job_n_prep_candidates (void);
const char *cw_pls_job_prep_candidate (int index, const char **label);

/* Starts the job; the callback runs on the calling thread's main context. Fails (in finish) with
 * CW_PROJECT_ERROR when there is no data or target, the preprocessing text does not fit the data, too
 * few calibration rows remain, or the engine refuses the fit; G_IO_ERROR_CANCELLED when cancelled. */
void cw_pls_job_run_async (CwProject *project, GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data);
/* Transfer full: unref the result. */
CwPlsResult *cw_pls_job_run_finish (GAsyncResult *result, GError **error);

/* The same, blocking on the calling thread (for the CLI-style tests and scripts); takes the project on
 * the calling thread, so call it from the main thread. */
CwPlsResult *cw_pls_job_run (CwProject *project, GCancellable *cancellable, GError **error);

G_END_DECLS
