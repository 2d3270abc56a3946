/* compare-report.h — the results of `conv1d compare` and their text and JSON reports. */
#ifndef COMPARE_REPORT_H
#define COMPARE_REPORT_H

#include "cli-chemo.h"

/* One model: how it predicts raw spectra, its test scores, its drift curves. */
typedef struct {
  const char *name;
  cw_predictor predictor;
  cli_scores scores;
  double *drift;                /* CW_DRIFT_N_KINDS x CW_DRIFT_STEPS: RMSEP, or accuracy for classes */
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
  char *pipeline;
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
} compare_report;

void compare_print_text (const compare_report *cr);
void compare_print_json (const compare_report *cr);

#endif
