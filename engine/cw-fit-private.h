/* cw-fit-private.h — what fit.c (the driver: runs, threads, the final model) and fit-select.c (scoring
 * candidates from their runs, the epoch choice, the time budget) share. */
#ifndef CW_FIT_PRIVATE_H
#define CW_FIT_PRIVATE_H

#include "cw-recipe.h"
#include "cw-roles.h"

#include <pthread.h>
#include <stdatomic.h>

/* One training run: a candidate on one fold (CV), on the training rows with the validation rows
 * (holdout), or one member of the final model. */
typedef struct {
  const cw_recipe *recipe;
  int candidate;
  int fold;            /* CV: the held-out fold; -1 otherwise */
  int member;          /* FINAL: the member; -1 during selection */
  int n_members;       /* FINAL: members planned */
  int id;              /* the run's number within the fit, in planning order */
  bool validate;       /* holdout: score the validation rows every epoch */
  bool with_validation_rows; /* a holdout refit: the validation rows train too */
  int epochs;
  bool restore_best;
  int patience;
  uint64_t seed;
  /* results */
  cw_status status;
  cw_error err;
  cw_model *model;     /* kept when keep_model */
  bool keep_model;
  cw_history hist;
  int n_val;
  int *val_rows;       /* dataset rows scored every epoch (CV fold or validation rows) */
  float *pred_hist;    /* pred_filled x n_val x k user-unit predictions, filled at every epoch end */
  int pred_epochs;     /* epochs pred_hist has room for */
  int pred_filled;     /* epochs filled */
  double work;         /* estimated FLOPs of the run as planned (for the time budget) */
  double seconds;
} fit_run;

typedef struct {
  const cw_fit_config *config;
  const cw_fit_data *data;
  const cw_fit_callbacks *callbacks;
  cw_validate_kind kind;
  pthread_mutex_t lock;  /* around user callbacks and the counters below */
  int runs_done, runs_total;
  double t0;
  atomic_bool aborted;
  int n_val_rows;        /* rows any candidate is scored on (CV: training rows in a fold; holdout: validation) */
  int runs_planned;      /* ids handed out so far */
} fit_driver;

/* fit-runs.c */
double fit_now (void);
uint64_t fit_run_seed (uint64_t base, int fold, int member);
/* Runs every run (in parallel on the config's threads); each run's status is in the run. */
void fit_execute (fit_driver *d, fit_run **runs, int n);
void fit_run_clear (fit_run *r);
/* Forward FLOPs per sample of a recipe's network on this data after its preprocessing (0 when it does
 * not build). */
double fit_recipe_flops (const fit_driver *d, const cw_recipe *recipe);

/* fit-select.c */
/* Fills the candidate's score, epochs and curves from its finished runs (CV folds or the holdout run);
 * false (with the note set) when a run failed. */
bool fit_score_candidate (const fit_driver *d, fit_run **runs, int n_runs, cw_fit_candidate *c);
/* The chosen candidate's validation predictions at its chosen epoch into out (n x k, NAN elsewhere). */
void fit_fill_val_pred (const fit_driver *d, fit_run **runs, int n_runs, int epoch, float *out);
/* True when running a candidate of `work` FLOPs (selection) and then a final model of `final_work` would
 * exceed the budget at the rate measured so far; *estimate receives the seconds it expects. */
bool fit_over_budget (const fit_driver *d, double rate, double work, double final_work, double *estimate);

#endif
