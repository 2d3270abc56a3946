/* cli-chemo.h — what `conv1d pls` and `conv1d compare` share: the preprocessing option with a caret
 * under a bad step, test splits and CV folds from their options, PLS data in double precision, metrics
 * of predictions, and axis positions as text. */
#ifndef CLI_CHEMO_H
#define CLI_CHEMO_H

#include "cli-common.h"

/* --cv: none, K (consecutive k-fold), loo, kfold:K[:consecutive|:random[:SEED]],
 * group:META[:K[:random[:SEED]]] (K absent or 0: one fold per group). */
typedef enum { CLI_CV_NONE, CLI_CV_KFOLD, CLI_CV_LOO, CLI_CV_GROUP } cli_cv_kind;

typedef struct {
  cli_cv_kind kind;
  int k;
  bool random;
  uint64_t seed;
  char meta[128];
} cli_cv;

/* Parses --cv text; prints the reason and returns false when it is not one of the forms above. */
bool cli_parse_cv (const char *text, cli_cv *cv);

/* The steps of --preprocess (NULL = none), then the --scale step: "autoscale" appends autoscale unless
 * the chain already ends with it, "center" appends center unless it ends with center or autoscale, "none"
 * or NULL appends nothing. On a bad step prints the message and the text with a caret line under the
 * offending token, and returns NULL. */
cw_pipeline *cli_parse_preprocess (const char *text, const char *scale);
/* False (with the message printed) unless scale is NULL, center, autoscale or none. */
bool cli_check_scale (const char *scale);

/* The test split of --test-meta COL=VALUE[,VALUE...] or --test-rows RANGES (at most one is non-NULL;
 * neither: no test rows), and the folds of cv over the remaining rows. Prints the reason and returns
 * false on failure. `label` receives a description of the test split ("split_vignette=test", "rows 51-60"
 * or "none"). */
bool cli_plan_test (cw_cv_plan *plan, const cw_dataset *ds, const char *test_meta, const char *test_rows,
                    char *label, size_t size);
bool cli_plan_folds (cw_cv_plan *plan, const cw_dataset *ds, const cli_cv *cv);

/* PLS data for `task` from target columns cols: the dataset's signals and numeric targets as parsed
 * doubles (float32 rounding moves RMSEs of gasoline by ~1e-5), classes one-hot (or 0/1 for binary).
 * Free with cw_chemo_data_clear. Prints the reason and returns false on failure. */
bool cli_chemo_data (const cw_dataset *ds, cw_task task, const int *cols, int n_cols, cw_chemo_data *d);

/* Quality of predictions pred against y (n x q, by row) over the rows with want[i] (want NULL: all):
 * RMSE and MAE pooled over rows and responses, R² = 1 - SSE / SST with each response's mean of those
 * rows (as cw_pls_cv_result), accuracy of the classes the rows stand for (argmax, or >= 0.5 for one
 * column) when classification, else NAN. */
typedef struct {
  int n;
  double rmse, mae, r2, accuracy;
} cli_scores;

cli_scores cli_score (const double *y, const double *pred, int n, int q, const unsigned char *want,
                      bool classification);

/* Axis position p of a model input (channel-major, channels x length) as text: the axis value when it is
 * a number, "#t" (1-based) otherwise; "c2:1206" when there are several channels. */
const char *cli_axis_position (const double *axis, int length, int channels, int p, char *buf, size_t size);

/* A text table: header and rows x cols cells, right-aligned by characters (UTF-8 aware) except the first
 * `left` columns; notes (NULL, or one per row, NULL entries for none) are printed after their row. */
typedef char cli_cell[48];
void cli_print_table (FILE *f, const cli_cell *header, int cols, const cli_cell *cells, int rows, int left,
                      const char *const *notes);

/* --algorithm: nipals or simpls; false with a usage error for `command` otherwise. */
bool cli_parse_pls_algorithm (const char *command, const char *text, cw_pls_algorithm *alg);

/* "NIPALS" or "SIMPLS", as the literature writes them. */
const char *cli_pls_algorithm_label (cw_pls_algorithm alg);

/* Rows (1-based) as "3, 17, 40" (at most `max` listed, then "... (N in all)"), or "none". */
void cli_format_rows (const int *rows, int n, int max, char *buf, size_t size);

/* --export-onnx: the PLS model with `components` components behind its fitted pipeline as an ONNX file,
 * named by the responses in columns cols of ds or, for PLS-DA (da), by the classes of cols[0]. False with
 * the message printed when it cannot be written. */
bool cli_export_pls_onnx (const cw_dataset *ds, const int *cols, bool da, const cw_pls *model, int components,
                          const cw_pipeline *pipeline, const char *path);

#endif
