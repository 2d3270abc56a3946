/* cw-validation.h — validation plans (test split, k-fold, leave-one-out, grouped folds) and the PLS
 * cross-validation driver that refits the preprocessing inside every fold.
 *
 * A plan marks each row as a test row (held out: never used to fit anything, predicted once by the
 * final model) or a calibration row, and puts every calibration row in exactly one CV fold. Set the
 * test split first: changing it clears the folds.
 *
 * A CLI needs four calls:
 *   cw_chemo_data d;  cw_chemo_data_from_dataset (ds, CW_TASK_REGRESSION, &col, 1, &d, &err);
 *   cw_cv_plan plan;  cw_cv_plan_init (&plan, d.n);  cw_cv_plan_kfold (&plan, 10, false, 0, &err);
 *   cw_pls_cv_config cfg = cw_pls_cv_config_default ();  cfg.pipeline = pipe;
 *   cw_pls_cv_result r;  cw_pls_cv_run (&cfg, &d, &plan, &r, &err);
 * then r.rmsecv[a - 1], r.suggested, cw_pls_coefficients (r.model, r.suggested), cw_pls_cv_result_clear. */
#ifndef CW_VALIDATION_H
#define CW_VALIDATION_H

#include "cw-base.h"
#include "cw-data.h"
#include "cw-pls.h"
#include "cw-preprocess.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CW_FOLD_NONE (-1)

typedef struct {
  int n;                  /* rows */
  int n_folds;            /* 0 = no cross-validation */
  int *fold;              /* n: 0..n_folds-1 for calibration rows in a fold, CW_FOLD_NONE otherwise */
  unsigned char *is_test; /* n: 1 = test row */
  char label[96];         /* how the folds were made, e.g. "10-fold consecutive", "leave-one-out" */
} cw_cv_plan;

void cw_cv_plan_init (cw_cv_plan *plan, int n); /* every row calibration, no folds, no test rows */
void cw_cv_plan_clear (cw_cv_plan *plan);
int cw_cv_plan_n_calibration (const cw_cv_plan *plan);
int cw_cv_plan_n_test (const cw_cv_plan *plan);

/* Test splits (each replaces the previous one and clears the folds). */
cw_status cw_cv_plan_test_rows (cw_cv_plan *plan, const unsigned char *is_test, cw_error *err);
/* Rows whose meta column equals one of the comma-separated values, e.g. ("split_vignette", "test"). */
cw_status cw_cv_plan_test_by_meta (cw_cv_plan *plan, const cw_dataset *ds, const char *column,
                                   const char *values, cw_error *err);
/* 1-based row ranges, e.g. "51-60" or "1-5, 9, 20-22"; errors give the 1-based column of the bad part. */
cw_status cw_cv_plan_test_by_ranges (cw_cv_plan *plan, const char *ranges, cw_error *err);

/* Folds over the calibration rows (in row order). k-fold with 2 <= k <= calibration rows: consecutive
 * folds take the rows in order, the first (n mod k) folds one row longer (R pls's cvsegments
 * "consecutive"); random folds do the same after a seeded shuffle (cw_rng_shuffle). */
cw_status cw_cv_plan_kfold (cw_cv_plan *plan, int k, bool random, uint64_t seed, cw_error *err);
cw_status cw_cv_plan_loo (cw_cv_plan *plan, cw_error *err);
/* Grouped folds: rows with the same group id stay together. Groups are taken in order of first
 * appearance (or shuffled by seed when random) and split into k folds as rows are above; k <= 0 or
 * k >= number of groups gives one fold per group (leave-one-group-out). group has n entries. */
cw_status cw_cv_plan_grouped (cw_cv_plan *plan, const int *group, int k, bool random, uint64_t seed,
                              cw_error *err);
cw_status cw_cv_plan_grouped_by_meta (cw_cv_plan *plan, const cw_dataset *ds, const char *column, int k,
                                      bool random, uint64_t seed, cw_error *err);

/* ---- data for PLS ---- */

typedef struct {
  const double *x;    /* n x channels x length */
  int n, channels, length;
  const double *axis; /* length values (NULL = positions 0, 1, ...) */
  const double *y;    /* n x q */
  int q;
} cw_chemo_data;

/* Doubles from a dataset: its signals and axis, and targets encoded for `task` as
 * cw_dataset_encode_targets does (regression values; multiclass one-hot, which is PLS-DA's Y).
 * Free with cw_chemo_data_clear. */
cw_status cw_chemo_data_from_dataset (const cw_dataset *ds, cw_task task, const int *cols, int n_cols,
                                      cw_chemo_data *out, cw_error *err);
void cw_chemo_data_clear (cw_chemo_data *d);

/* ---- the cross-validation driver ---- */

/* How the number of components is chosen from the per-row CV losses (squared error summed over the
 * responses; misclassification for PLS-DA) of 1..A components. */
typedef enum {
  CW_NCOMP_ONE_SE,    /* the fewest components whose mean CV loss is within one standard error (over rows) of
                         the lowest mean (Hastie et al.'s one-standard-error rule; the default) */
  CW_NCOMP_MIN,       /* the lowest mean CV loss */
  CW_NCOMP_FIRST_MIN, /* the first local minimum: stop as soon as one more component does not lower it */
  CW_NCOMP_WOLD,      /* Wold's R criterion: the first a with PRESS(a + 1) / PRESS(a) >= 0.95, i.e. stop when
                         one more component lowers the CV error sum by less than 5 % */
} cw_ncomp_rule;

const char *cw_ncomp_rule_name (cw_ncomp_rule rule); /* "one-se", "min", "first-min", "wold" */
bool cw_ncomp_rule_from_name (const char *name, cw_ncomp_rule *rule);
/* The 1-based count a rule picks from loss[a * n + i], a = 0..a_max-1. */
int cw_choose_components (cw_ncomp_rule rule, const double *loss, int n, int a_max);

typedef struct {
  int max_components;           /* evaluate 1..max_components (default 10) */
  cw_ncomp_rule rule;           /* how `suggested` is chosen (default one-SE) */
  cw_pls_algorithm algorithm;   /* default NIPALS */
  const cw_pipeline *pipeline;  /* preprocessing steps (NULL = none); a copy is fitted on the training
                                   rows of every fold and of the final model, never on held-out rows */
  bool classification;          /* PLS-DA: y one-hot (or 0/1 with q = 1); accuracies are filled in */
  int threads;                  /* folds in parallel; results do not depend on it. 0 = 1 */
} cw_pls_cv_config;

cw_pls_cv_config cw_pls_cv_config_default (void);

/* Per component count a (index a - 1). RMSE = sqrt (mean squared error over the rows and responses
 * evaluated); R² = 1 - sum (y - pred)^2 / sum (y - mean)^2 with the mean of the evaluated rows per
 * response (Q² for the pooled CV predictions). NAN where there is nothing to evaluate (no folds, no
 * test rows, or regression-only / classification-only fields). */
typedef struct {
  int n_components;       /* A actually evaluated (max_components capped by rows and rank) */
  int n, q, n_cal, n_test;
  double *rmsec, *r2c;    /* the final model on its own calibration rows */
  double *rmsecv, *q2;    /* pooled predictions of the CV folds */
  double *rmsecv_se;      /* standard error of RMSECV, from that of the mean squared error (delta method) */
  double *rmsep, *r2p;    /* the final model on the test rows */
  double *acc_c, *acc_cv, *acc_p; /* classification accuracy (0..1) */
  /* Block a - 1 (n x q, by row) for a = 1..n_components; the arrays hold max_components blocks. */
  double *pred_cv;        /* CV prediction of each calibration row (NAN for test rows) */
  double *pred;           /* the final model's fit of the calibration rows and prediction of the test rows */
  /* The suggested number of components, by config->rule from the CV losses (one-SE by default: the
   * smallest a whose CV mean loss is within one standard error, over rows, of the lowest). 0 without CV
   * folds. */
  int suggested;
  cw_pipeline *pipeline;  /* fitted on all calibration rows (never NULL after success) */
  cw_pls *model;          /* fitted on the preprocessed calibration rows (at least n_components) */
} cw_pls_cv_result;

cw_status cw_pls_cv_run (const cw_pls_cv_config *config, const cw_chemo_data *data, const cw_cv_plan *plan,
                         cw_pls_cv_result *result, cw_error *err);
void cw_pls_cv_result_clear (cw_pls_cv_result *result);

/* The pipeline and PLS model of one fold, fitted on that fold's training rows only (the calibration
 * rows outside fold f; f = CW_FOLD_NONE: all calibration rows), with config->max_components. */
cw_status cw_pls_cv_fit_fold (const cw_pls_cv_config *config, const cw_chemo_data *data,
                              const cw_cv_plan *plan, int fold, cw_pipeline **pipeline, cw_pls **model,
                              cw_error *err);

/* The one-standard-error rule on per-row losses, loss[a * n + i] for a = 0..a_max-1: returns the
 * 1-based count (cw_choose_components with CW_NCOMP_ONE_SE). */
int cw_suggest_components (const double *loss, int n, int a_max);

/* ---- nested cross-validation: honest error of "PLS with its components chosen by CV" ----
 * The CV error at the count chosen on that same CV is optimistic (the choice read those predictions).
 * Nested CV holds out each outer fold of `plan` in turn, chooses the components by an inner CV over the
 * remaining calibration rows only (inner_k folds: consecutive, or random by seed; grouped by `groups`,
 * n ids, when given; inner_k <= 0 = leave-one-out, or one fold per group), refits the pipeline and PLS on
 * those rows, and predicts the outer fold with the count it chose. Test rows are never read. */
typedef struct {
  int n_outer;
  int *chosen;            /* per outer fold: the count its inner CV chose */
  double *pred;           /* n x q: each calibration row predicted by its outer fold's model (NAN for test rows) */
  double rmse, r2;        /* of those predictions over the calibration rows in a fold (regression) */
  double accuracy;        /* PLS-DA; NAN for regression */
  int n;                  /* rows predicted */
} cw_pls_nested_result;

cw_status cw_pls_nested_cv (const cw_pls_cv_config *config, const cw_chemo_data *data, const cw_cv_plan *plan,
                            int inner_k, bool inner_random, uint64_t seed, const int *groups,
                            cw_pls_nested_result *result, cw_error *err);

/* ---- choosing among configurations (e.g. preprocessings) by CV ----
 * The score of a configuration is its CV error at the count its rule suggests: RMSECV, or 1 - CV accuracy for
 * PLS-DA; the lowest wins (ties: the earlier). cw_pls_cv_select runs every configuration on the plan's folds and
 * leaves the winner's full result in *result (its index in *chosen; scores[c] per configuration, NAN when it
 * failed: a configuration that cannot be fitted, e.g. a range outside the axis, is skipped, and only when all fail
 * is the first failure returned). cw_pls_nested_cv_select is nested CV of that whole choice: each outer fold is
 * predicted by the winner of an inner CV over the other calibration rows (chosen[o] = its index; result->chosen
 * keeps the component counts). */
double cw_pls_cv_score (const cw_pls_cv_result *result, bool classification);
cw_status cw_pls_cv_select (const cw_pls_cv_config *configs, int n_configs, const cw_chemo_data *data,
                            const cw_cv_plan *plan, cw_pls_cv_result *result, int *chosen, double *scores,
                            cw_error *err);
cw_status cw_pls_nested_cv_select (const cw_pls_cv_config *configs, int n_configs, const cw_chemo_data *data,
                                   const cw_cv_plan *plan, int inner_k, bool inner_random, uint64_t seed,
                                   const int *groups, cw_pls_nested_result *result, int *chosen, cw_error *err);
void cw_pls_nested_result_clear (cw_pls_nested_result *result);

#ifdef __cplusplus
}
#endif
#endif
