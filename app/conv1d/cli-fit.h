/* cli-fit.h — what `train` and `compare` share for honest model selection: the rows' roles (training,
 * validation, test) from the options and the data's split column, the inner validation (holdout or
 * K-fold CV, groups kept together), the recipe (or auto's candidates) with the CNN options on top, the fit
 * driver with a progress line and Ctrl-C, its report, and predictions written per row. */
#ifndef CLI_FIT_H
#define CLI_FIT_H

#include "cli-chemo.h"

/* getopt codes of the shared options (the CNN options start at 512). */
enum {
  CLI_OPT_TEST_META = 700, CLI_OPT_TEST_ROWS, CLI_OPT_TEST_FRACTION, CLI_OPT_SPLIT_COLUMN, CLI_OPT_VAL,
  CLI_OPT_VAL_META, CLI_OPT_GROUP, CLI_OPT_CV, CLI_OPT_RECIPE, CLI_OPT_ENSEMBLE, CLI_OPT_TIME_BUDGET,
  CLI_OPT_PREPROCESS, CLI_OPT_PREDICTIONS, CLI_OPT_NO_REFIT, CLI_OPT_NESTED,
};

#define CLI_FIT_OPTIONS \
  { "test-meta", required_argument, NULL, CLI_OPT_TEST_META }, \
  { "test-rows", required_argument, NULL, CLI_OPT_TEST_ROWS }, \
  { "test-fraction", required_argument, NULL, CLI_OPT_TEST_FRACTION }, \
  { "split-column", required_argument, NULL, CLI_OPT_SPLIT_COLUMN }, \
  { "val", required_argument, NULL, CLI_OPT_VAL }, \
  { "val-meta", required_argument, NULL, CLI_OPT_VAL_META }, \
  { "group", required_argument, NULL, CLI_OPT_GROUP }, \
  { "cv", required_argument, NULL, CLI_OPT_CV }, \
  { "recipe", required_argument, NULL, CLI_OPT_RECIPE }, \
  { "ensemble", required_argument, NULL, CLI_OPT_ENSEMBLE }, \
  { "time-budget", required_argument, NULL, CLI_OPT_TIME_BUDGET }, \
  { "preprocess", required_argument, NULL, CLI_OPT_PREPROCESS }, \
  { "predictions", required_argument, NULL, CLI_OPT_PREDICTIONS }, \
  { "no-refit", no_argument, NULL, CLI_OPT_NO_REFIT }, \
  { "nested", required_argument, NULL, CLI_OPT_NESTED }

/* The usage lines of those options, for a command's --help. */
extern const char cli_fit_usage_rows[];
extern const char cli_fit_usage_recipe[];

/* NULL / NAN / -1 = not given. */
typedef struct {
  const char *test_meta, *test_rows, *split_column, *val_meta, *group, *cv_text, *recipe, *preprocess,
             *predictions;
  float test_fraction, val;
  int ensemble;
  int nested;             /* outer folds of nested CV; 0 = none */
  bool no_refit;
  float time_budget;
  cli_cv cv;
} cli_fit_args;

void cli_fit_args_init (cli_fit_args *a);
/* Takes getopt's c and optarg: -1 when c is none of these options, 0 when taken, otherwise the exit status
 * (the message printed). */
int cli_fit_parse_option (cli_fit_args *a, const char *command, int c, const char *value);
/* Checks the combination after parsing (alternatives given together, --cv syntax); 0 or the exit status. */
int cli_fit_check_args (cli_fit_args *a, const char *command);

/* The roles of the rows and the inner validation. */
typedef struct {
  int n;
  unsigned char *roles;   /* CW_ROLE_* */
  int *fold;              /* CV fold of each training row, -1 elsewhere (NULL without CV) */
  int n_folds;
  int *groups;            /* group ids of --group (NULL without) */
  char split[256];        /* how the test (and validation) rows were chosen */
  char validation[256];   /* how choices are validated */
} cli_rows;

typedef enum { CLI_DEFAULT_VAL_NONE, CLI_DEFAULT_VAL_HOLDOUT, CLI_DEFAULT_VAL_CV } cli_default_val;

/* Roles from --test-*, --split-column or the data's own split column (recognised values train/val/test,
 * see engine/cw-roles.h), then validation from --cv, --val-meta, --val or the split column's validation
 * rows; when none says anything, `fallback` (a 0.2 holdout or 5 random folds by seed). Prints the reason
 * and returns false on failure. */
bool cli_rows_make (const cw_dataset *ds, const cli_fit_args *a, uint64_t seed, cli_default_val fallback,
                    cli_rows *rows);
void cli_rows_clear (cli_rows *rows);
/* A CV plan for PLS on the same rows: test rows held out, the same folds when the CNN cross-validates,
 * otherwise `cv` (or 5 random folds by seed) over every non-test row. */
bool cli_rows_pls_plan (const cli_rows *rows, const cw_dataset *ds, const cli_cv *cv, uint64_t seed,
                        cw_cv_plan *plan);

/* The recipes to fit: --recipe NAME (default `default_recipe`), "auto"'s candidates, or "custom" (--arch);
 * the CNN options given on the command line override every recipe's settings. Returns the count (0 after
 * printing the reason). channels/length: the input after the caller's preprocessing. */
int cli_fit_recipes (const cli_fit_args *a, const cli_cnn_args *cnn, const char *default_recipe, cw_task task,
                     int channels, int length, int n_train, int k, cw_recipe *out, int max);

/* The signal length after the user's own preprocessing (fitted on the non-test rows only), which the recipes
 * shape their networks for. -1 with a message when the pipeline does not fit the data. */
int cli_preprocessed_length (const cw_pipeline *pipe, const cw_dataset *ds, const unsigned char *roles);
/* The driver's configuration from the options (recipes, the user's pipeline, ensemble, threads, budget, seed,
 * refit) and its data (the dataset's raw signals, y, the rows' roles and folds). */
cw_fit_config cli_fit_config (const cli_fit_args *a, const cli_cnn_args *cnn, const cw_recipe *recipes, int n_recipes,
                              const cw_pipeline *pipeline);
cw_fit_data cli_fit_data (const cw_dataset *ds, const float *y, int k, cw_task task, const cli_rows *rows);

/* cw_fit_run where one Ctrl-C stops cleanly (CW_ERR_ABORTED), with a redrawn progress line on a terminal
 * (or one line per finished run otherwise) unless quiet. */
cw_status cli_fit_interruptible (const cw_fit_config *config, const cw_fit_data *data, bool quiet,
                                 cw_fit_result *result, cw_error *err);

/* The fit in the text report: recipe, validation, candidates with their scores, the epoch kept and why. */
void cli_fit_print_text (FILE *f, const cw_fit_result *r, const cw_fit_config *config);
void cli_fit_json (cli_json *j, const cw_fit_result *r, const cw_fit_config *config);
/* The model's record as JSON object `key`. */
void cli_json_record (cli_json *j, const char *key, const cw_model *model);

/* Nested CV of the whole fit (--nested K): K random outer folds (by seed, groups of --group or --cv
 * group:META kept together) over the non-test rows; inside each, the inner CV of --cv K (else 5 folds) makes
 * every choice. outer_fold receives the folds (n ints, malloc'd) so PLS can be nested on the same ones;
 * inner_k the inner fold count. Prints the reason and returns false on failure. */
bool cli_fit_nested (const cli_fit_args *a, const cli_rows *rows, const cw_dataset *ds, const cw_fit_config *config,
                     const cw_fit_data *data, bool quiet, cw_fit_nested_result *out, int **outer_fold, int *inner_k);
void cli_print_nested (FILE *f, const cw_fit_nested_result *r, const cw_fit_config *config, cw_task task);
void cli_json_nested (cli_json *j, const cw_fit_nested_result *r, const cw_fit_config *config, cw_task task);

/* A CSV of every row: row, the file's meta: columns, `role`, then one column per model and output (headers
 * pred:NAME or pred:MODEL:NAME), 17 significant digits. No targets: two runs that must not have read the test
 * targets write identical files. preds[m] is n x k. False with a message on failure. */
bool cli_write_predictions (const char *path, const cw_dataset *ds, const unsigned char *roles, int n_models,
                            const char *const *model_names, const double *const *preds, int k,
                            const char *const *output_names);

#endif
