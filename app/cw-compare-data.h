/* cw-compare-data.h — what the Compare page's background jobs work on: the project's test rows (raw, in
 * float for the CNN and double for PLS), the trained CNN as a private copy with the pipeline it was
 * trained behind, the metrics both models are judged by (engine/cw-compare.h's test statistics) and the
 * paired randomisation test between them. Neither model chose anything on these rows.
 *
 * CwCompareInputs is taken from the project on the main thread and is immutable afterwards, so any number
 * of workers may read it at once. Its CNN is a template that is never run: a worker that predicts makes
 * its own copy (cw_compare_inputs_dup_model), because a cw_model's buffers belong to one caller at a time. */
#pragma once

#include <gio/gio.h>

#include "cw-pls-job.h"
#include "cw-project.h"

G_BEGIN_DECLS

typedef struct
{
  cw_task task;
  int n;                  /* the project's test rows */
  int channels, length;   /* raw signal shape */
  int k;                  /* targets as the CNN sees them: 1 (regression, binary) or the classes (multiclass) */
  int n_classes;          /* classes of the target (0 for regression) */
  int *rows;              /* n dataset rows, in row order */
  float *x;               /* n x channels x length raw signals, as the CNN reads them */
  double *x64;            /* the same rows in double, exactly as the PLS job reads them */
  float *y;               /* n x k targets in the CNN's space (values, 0/1, one-hot) */
  double *truth;          /* n x k regression targets as doubles (NULL for classification) */
  int *classes;           /* n class indices (classification), else NULL */
  double *axis;           /* length raw axis values (positions when the header is not numeric) */
  float *mean_spectrum;   /* length: mean over all dataset rows and channels of the raw signals */
  char *axis_label;       /* e.g. "Wavelength (nm)" */
  char *target_name;      /* e.g. "octane" */
  char **class_names;     /* n_classes names, NULL-terminated (NULL for regression) */
  uint64_t seed;          /* the project's training seed (noise in the drift test) */

  /* The trained CNN; NULL (with cnn_problem saying why) when none is trained or it no longer fits. */
  cw_model *model;        /* private template copy: never run, only copied */
  cw_pipeline *pipeline;  /* fitted pipeline the CNN was trained with (NULL = none) */
  char *model_preprocessing; /* its text form ("" = none) */
  double *model_axis;     /* the CNN's input axis (in_length values: the pipeline's out axis) */
  gboolean model_on_axis; /* the CNN reads the signal over its axis (FALSE after a pca step: it reads scores) */
  int model_length;       /* the CNN's input length */
  int epochs, best_epoch; /* of its training history (0 when unknown) */
  char *cnn_recipe;       /* the model's record: its recipe ("linear (chosen among 4 …)"), NULL when unknown */
  char *cnn_kept;         /* which epoch's weights it kept and why, NULL when unknown */
  char *cnn_validation;   /* the score its choices were made on, e.g. "RMSECV 0.264" (NULL when unknown) */
  int cnn_members;        /* networks averaged */
  char *cnn_problem;      /* why there is no CNN to compare (NULL when there is one) */
} CwCompareInputs;

/* Takes the test rows and a copy of the CNN from the project. NULL with an error when there is no data,
 * no target, no test rows, or several labels per row (multilabel). */
CwCompareInputs *cw_compare_inputs_new (CwProject *project, GError **error);
CwCompareInputs *cw_compare_inputs_ref (CwCompareInputs *inputs);
void cw_compare_inputs_unref (CwCompareInputs *inputs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CwCompareInputs, cw_compare_inputs_unref)

/* FALSE when a pipeline turns the signal into something else than values over its axis (pca scores):
 * saliency, coefficients and VIP then have no place on the signal's axis. NULL keeps the axis. */
gboolean cw_compare_pipeline_keeps_axis (const cw_pipeline *pipeline);

/* A runnable copy of the CNN template (NULL when there is none). Safe from any thread. */
cw_model *cw_compare_inputs_dup_model (const CwCompareInputs *inputs);

/* A copy of a model for inference: same spec, weights, batch-norm state, scaling and names; no buffers. */
cw_model *cw_compare_copy_model (cw_model *model, cw_error *err);

/* ---- metrics, the same formulas for both models ---- */

typedef struct
{
  int n;                 /* rows evaluated */
  double rmsep;          /* sqrt (sum (pred - truth)^2 / (n q)), as cw_drift_curve computes it */
  double r2;             /* 1 - SSE / SST, SST about the mean of these rows */
  double mae;            /* mean |pred - truth| */
  double bias;           /* mean (pred - truth) */
  double sep;            /* bias-corrected standard error of prediction (cw_test_scores) */
  double rpd;            /* SD of the reference values / SEP */
  double accuracy;       /* classification: fraction right (NAN for regression) */
  double *recall;        /* classification: per class (NAN for a class without rows); owned */
  int n_classes;
} CwCompareMetrics;

/* truth, pred: n x q. */
void cw_compare_metrics_regression (const double *truth, const double *pred, int n, int q, CwCompareMetrics *m);
void cw_compare_metrics_classes (const int *truth, const int *pred, int n, int n_classes, CwCompareMetrics *m);
void cw_compare_metrics_clear (CwCompareMetrics *m);

/* The paired randomisation test of the CNN (model 1) against PLS (model 2) on the same test rows: truth
 * and both predictions n x q (regression: values; classification: one-hot or 0/1 and scores). FALSE with
 * *message (free it) when the engine refuses (e.g. a non-finite prediction). */
gboolean cw_compare_paired (const double *truth, const double *cnn, const double *pls, int n, int q,
                            gboolean classification, guint64 seed, cw_paired_comparison *out, char **message);
/* The page's verdict: a short first sentence ("Verdict: no clear winner.", "Verdict: the CNN predicts
 * better.") and one saying by how much on these rows and the test's p-value; significant at 5 %. */
char *cw_compare_verdict (const cw_paired_comparison *c);

/* Class of each of n rows from k model outputs (k = 1: output >= 0.5; else the argmax). */
void cw_compare_classes_from_outputs (const double *out, int n, int k, int *classes);

G_END_DECLS
