/* cw-recipe.h — recipes (a preprocessing, a network and how to train it) and the fit driver that makes
 * every choice on training rows only: which recipe, how many epochs, then the final model (an ensemble
 * of seeds, with its pipeline and a record of how it was made).
 *
 * Validation, from the roles and folds of cw_fit_data (cw-roles.h):
 *   - cross-validation (n_folds >= 2): each candidate trains once per fold on the other folds' rows and
 *     is scored on its own fold every epoch; the epoch count is the minimum of the fold-mean validation
 *     loss (smoothed over 5 epochs); the candidate with the lowest pooled CV error (RMSECV, or the
 *     highest CV accuracy) wins; the final model is refitted on all training rows for that many epochs.
 *   - holdout (validation rows, no folds): each run trains on the training rows and is scored on the
 *     validation rows every epoch; the candidate with the lowest validation error at its best epoch wins;
 *     the final model is refitted on the training and validation rows for that many epochs (or, without
 *     holdout_refit, keeps each member's best-validation weights).
 *   - none: one candidate, trained for its epochs; the last epoch's weights are kept.
 * Test rows are never read: not for a choice, not for a fit, not for a report (callers score them once
 * on the final model).
 *
 * Training runs (folds, ensemble members) run in parallel on up to `threads` threads, each run on one
 * thread with its own seed, so the result is bitwise the same on any number of threads. */
#ifndef CW_RECIPE_H
#define CW_RECIPE_H

#include "cw-base.h"
#include "cw-model.h"
#include "cw-preprocess.h"
#include "cw-train.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CW_RECIPE_NAME_MAX 32

typedef struct {
  char name[CW_RECIPE_NAME_MAX]; /* "bjerrum2017", "cui-fearn2018", ... or "custom" */
  char title[192];               /* one line for menus and reports */
  char preprocess[160];          /* pipeline text applied after the caller's pipeline ("" = none) */
  char arch[384];                /* the network for the task's outputs (spec text) */
  cw_train_config train;         /* train.epochs: the most epochs tried (CV and holdout choose fewer) */
  int ensemble;                  /* members averaged in the final model, >= 1 */
} cw_recipe;

/* Built-in recipes, in menu order. */
int cw_recipe_n_builtin (void);
const char *cw_recipe_builtin_name (int index);
const char *cw_recipe_builtin_title (int index);
/* A built-in recipe made for a task, input shape (after the caller's preprocessing) and k outputs.
 * CW_ERR_INVALID_ARGUMENT naming the known recipes when `name` is not one; some adapt their network to
 * short inputs. "auto" is not a recipe but the candidate list of cw_recipe_auto_candidates. */
cw_status cw_recipe_builtin (const char *name, cw_task task, int channels, int length, int k,
                             cw_recipe *out, cw_error *err);
/* The candidates "auto" chooses among for this task and data size, cheapest first; returns how many
 * (at most max) were written to out. */
int cw_recipe_auto_candidates (cw_task task, int channels, int length, int n_train, int k, cw_recipe *out,
                               int max);
#define CW_RECIPE_MAX_AUTO 8

/* ---- the fit driver ---- */

typedef struct {
  const float *x;             /* n x channels x length raw signals (user units) */
  int n, channels, length;
  const double *axis;         /* length axis values (NULL = positions) */
  const float *y;             /* n x k model-space targets (cw_dataset_encode_targets) */
  int k;
  cw_task task;
  const unsigned char *roles; /* n CW_ROLE_* values; NULL = every row trains */
  const int *fold;            /* n fold indices (-1 = in no fold) for CV over the training rows; NULL = no CV */
  int n_folds;
} cw_fit_data;

typedef struct {
  const cw_recipe *candidates;
  int n_candidates;             /* >= 1; more than one needs validation (holdout or CV) */
  const cw_pipeline *pipeline;  /* the caller's preprocessing; a copy is fitted on the training rows of every
                                   run (never on validation, fold or test rows). NULL = none */
  int ensemble;                 /* members of the final model; 0 = the chosen recipe's */
  int threads;                  /* training runs at once (0 = 1); results do not depend on it */
  double time_budget_s;         /* > 0: candidates (in the given order) whose estimated cost would overrun the
                                   budget are skipped (the first always runs); 0 = no limit */
  uint64_t seed;                /* run seeds derive from it: fold f of candidate c, member m */
  bool holdout_refit;           /* holdout: train the final members on the training and the validation rows for
                                   the winner's best epoch count (default true), instead of keeping each
                                   member's best-validation weights from the training rows alone */
} cw_fit_config;

cw_fit_config cw_fit_config_default (void); /* no candidates, seed 1, 1 thread, no budget, holdout refit */

typedef enum { CW_FIT_STAGE_SELECT, CW_FIT_STAGE_FINAL } cw_fit_stage;

typedef struct {
  cw_fit_stage stage;
  int candidate, n_candidates;  /* index into the candidates */
  const char *candidate_name;
  int fold, n_folds;            /* SELECT under CV: 0-based fold, else -1 / 0 */
  int member, n_members;        /* FINAL: 0-based member and the members planned; -1 / 0 while choosing */
  int run;                      /* the run's number, unique within the fit, in the order runs are planned */
  int runs_done, runs_total;    /* training runs finished and planned (the plan can shrink on budget) */
  double elapsed_s, budget_s;
  const cw_progress *train;     /* this run's own progress (epoch, batch, losses, metrics) */
  cw_model *model;              /* this run's model: valid during the callback, on the callback's thread */
  const cw_pipeline *pipeline;  /* its preprocessing, fitted on this run's training rows (same validity) */
} cw_fit_progress;

/* Called from the threads that train (one at a time: the driver holds a lock around each call). */
typedef struct {
  void (*progress) (const cw_fit_progress *p, void *user);
  bool (*should_abort) (void *user);
  void *user;
} cw_fit_callbacks;

typedef struct {
  char name[CW_RECIPE_NAME_MAX];
  bool evaluated;               /* false: skipped (note says why) */
  char note[160];
  double score;                 /* RMSECV (holdout: validation RMSE) in user units, or CV accuracy */
  int epochs;                   /* epochs this candidate would train for */
  int curve_len;
  double *curve;                /* per epoch: fold-pooled validation RMSE (accuracy for classes) */
  double *curve_loss;           /* per epoch: fold-mean validation loss (what the epoch choice minimises) */
  double seconds;
} cw_fit_candidate;

typedef enum { CW_VALIDATE_NONE, CW_VALIDATE_HOLDOUT, CW_VALIDATE_CV } cw_validate_kind;

typedef struct {
  cw_validate_kind validation;
  int n_candidates;
  cw_fit_candidate *candidates;
  int chosen;                   /* index of the recipe the final model follows */
  int epochs;                   /* CV and holdout refit: the chosen count; none: the recipe's; holdout without
                                   refit: the most epochs a member ran */
  int n_members;
  int *member_epochs;           /* the epoch whose weights each member kept */
  char epoch_reason[256];       /* e.g. "epoch 137: minimum of the mean validation loss over 5 CV folds" */
  double score;                 /* the chosen candidate's (NAN without validation) */
  float *val_pred;              /* n x k user units: CV predictions (holdout: validation predictions) of the
                                   chosen candidate at its chosen epoch; NAN for rows not validated */
  cw_model *model;              /* the final model: members averaged, pipeline attached, record filled */
  cw_history history;           /* the first member's final training */
  double seconds;
} cw_fit_result;

/* Runs the choice and the final fit. CW_ERR_ABORTED when should_abort said so: then result->model is
 * the best model finished so far (NULL if none). On other errors err says which candidate and fold. */
cw_status cw_fit_run (const cw_fit_config *config, const cw_fit_data *data, const cw_fit_callbacks *callbacks,
                      cw_fit_result *result, cw_error *err);
void cw_fit_result_clear (cw_fit_result *result);

/* ---- nested cross-validation of the whole fit ----
 * The score of the recipe and epochs chosen on some validation is optimistic: the choice read it. Nested CV
 * holds out each outer fold of the training rows in turn, runs the whole fit (every choice, by inner_k-fold
 * CV over the remaining training rows, grouped by `groups` when given) and predicts the outer fold with the
 * final model it made. The pooled predictions estimate how the procedure does on rows no choice saw. Test rows
 * are never read; validation rows of `data` count as training rows here. */
typedef struct {
  int n_outer;
  float *pred;            /* n x k user units: each row of an outer fold predicted by that fold's model; NAN elsewhere */
  int n;                  /* rows predicted */
  double score;           /* RMSE over them (regression), or accuracy */
  int *chosen;            /* per outer fold: the candidate its inner CV chose */
  int *epochs;            /* per outer fold: the epoch count it chose */
} cw_fit_nested_result;

cw_status cw_fit_nested (const cw_fit_config *config, const cw_fit_data *data, const int *outer_fold, int n_outer,
                         int inner_k, const int *groups, const cw_fit_callbacks *callbacks,
                         cw_fit_nested_result *result, cw_error *err);
void cw_fit_nested_result_clear (cw_fit_nested_result *result);

#ifdef __cplusplus
}
#endif
#endif
