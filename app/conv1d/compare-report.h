/* compare-report.h — the results of `conv1d compare` and their text and JSON reports. */
#ifndef COMPARE_REPORT_H
#define COMPARE_REPORT_H

#include "cli-chemo.h"

/* One model: how it predicts raw spectra, its test scores, its drift curves. */
typedef struct {
  const char *name;
  cw_predictor predictor;
  cli_scores scores;
  cw_test_scores test;          /* RMSEP, SEP, bias, R², RPD, ... or accuracy; by compare_report_score */
  double *drift;                /* CW_DRIFT_N_KINDS x CW_DRIFT_STEPS: RMSEP, or accuracy for classes */
  double validation;            /* its validation score at the chosen setting: RMSECV (or the holdout's RMSE), CV
                                   accuracy for classes; 0 = not given (the table leaves the column out) */
} model_result;

typedef struct {
  const char *data;             /* the file as given */
  const cw_dataset *ds;
  const int *cols;
  int n_cols;
  cw_task task;
  bool classification;
  const char *split;
  int n_train, n_test, n_val;   /* n_val: training rows held out for the CNN's early stopping */
  char *pipeline;               /* PLS's fitted steps (the user's, then its centring or autoscaling) */
  const char *cnn_pipeline;     /* the CNN's (the user's, then its recipe's); NULL = the same as PLS's */
  const char *recipe;           /* the CNN's recipe, e.g. "deriv-cnn (chosen among 4 candidates by ...)" */
  const char *kept;             /* which epoch's weights the CNN kept, and why */
  const char *pls_choice;       /* how PLS's preprocessing was chosen, with each candidate's CV score; NULL = given */
  int members;                  /* CNN ensemble members */
  const char *validation_name;  /* header of the models' validation column, e.g. "RMSECV" */
  /* nested CV of both procedures on the same outer folds (--nested); NULL when not run */
  const cw_fit_nested_result *nested_cnn;
  const cw_pls_nested_result *nested_pls;
  const cw_fit_config *cnn_config;
  /* CNN */
  char *arch;
  size_t params;
  const cw_history *hist;
  bool interrupted;
  /* PLS */
  int components;
  bool components_given;        /* --components N, else suggested by CV */
  const char *validation;       /* the CV plan's label */
  cw_pls_algorithm algorithm;
  model_result models[2];       /* CNN, PLS */
  /* the drift test, when `drift`: the sizes of each kind (noise drawn by seed) */
  bool drift;
  uint64_t seed;
  double sizes[CW_DRIFT_N_KINDS][CW_DRIFT_STEPS];
  /* Filled by compare_report_score; without it the reports show cli_scores' RMSEP, R² and MAE only. */
  bool scored;
  cw_paired_comparison paired;  /* models[0] (CNN) against models[1] (PLS) on the test rows */
} compare_report;

/* The significance level the report's sentence judges the paired test at. */
#define COMPARE_ALPHA 0.05

/* Scores both models on the test rows and tests their difference: fills models[m].scores (cli_score),
 * models[m].test (cw_test_scores_compute), paired (cw_paired_compare of CNN against PLS with the default
 * 9999 sign flips and 2000 bootstrap resamples, drawn by `seed`) and sets `scored`, for the reports.
 * y, pred_cnn and pred_pls are n x q by row, as evaluated today (regression values; classes as
 * cw_chemo_data encodes them, the predictions being the models' scores); cr->classification must be
 * set. On a non-finite value returns CW_ERR_INVALID_ARGUMENT with err naming the model and the test
 * row, and leaves `scored` false. */
cw_status compare_report_score (compare_report *cr, const double *y, const double *pred_cnn,
                                const double *pred_pls, int n, int q, uint64_t seed, cw_error *err);

void compare_print_text (const compare_report *cr);
void compare_print_json (const compare_report *cr);

#endif
