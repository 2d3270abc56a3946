/* cw-project-private.h — what the files of CwProject share: the instance struct and its signals.
 * cw-project.c: the object, architecture and undo, settings, model, modified flag;
 * cw-project-data.c: data loading, defaults for new data, target and task, training arrays;
 * cw-project-roles.c: the rows' roles (training, validation, test), their defaults and checks;
 * cw-project-recipe.c: the recipe setting and the recipes it makes for the data;
 * cw-project-preprocess.c: the preprocessing pipeline, its shape, the model's own pipeline, PLS settings;
 * cw-project-io.c, cw-project-io-read.c: writing and reading .cwproj files. */
#pragma once

#include "cw-project.h"

struct _CwProject
{
  GObject parent_instance;

  /* owned: data */
  cw_dataset *dataset;
  CwRecording *recording;         /* the recording the dataset's windows were cut from, or NULL */
  GFile *data_file;
  char *data_checksum;
  char *axis_label; /* the user's name for the signal axis; NULL = the file's unit or a guess */
  gboolean allow_missing; /* the data file's missing signal cells are filled from their row when read */
  int target;
  cw_task task;

  /* owned: architecture; the stacks hold cw_spec copies, most recent last */
  cw_spec *spec;
  GPtrArray *undo_stack;
  GPtrArray *redo_stack;

  /* owned: training settings */
  cw_train_config config;
  CwRowSettings rows;
  CwRecipeSettings recipe;
  int threads;

  /* owned: preprocessing (canonical text) and the PLS baseline's settings */
  char *preprocessing;
  CwPlsSettings pls;
  /* owned: cache of the pipeline fitted on a few rows, for the input length and axis; valid while
   * input_shape_known (cleared when the data or the pipeline change) */
  gboolean input_shape_known;
  cw_pipeline *input_shape;       /* NULL when the pipeline does not fit the data */
  char *input_shape_error;

  /* owned: result of the last training; the model carries its fitted pipeline */
  cw_model *model;
  cw_history history;
  char *model_preprocessing;      /* the project's pipeline text at training time; NULL without a model */
  CwFitSummary *fit_summary;      /* what the session's fit chose and scored; NULL when the model came otherwise */

  /* owned: the project file */
  GFile *file;
  gboolean modified;
};

enum
{
  CW_PROJECT_DATA_CHANGED,
  CW_PROJECT_SPEC_CHANGED,
  CW_PROJECT_SETTINGS_CHANGED,
  CW_PROJECT_MODEL_CHANGED,
  CW_PROJECT_PREPROCESSING_CHANGED,
  CW_PROJECT_N_SIGNALS
};

extern guint cw_project_signals[CW_PROJECT_N_SIGNALS];

/* Sets model and history and emits "model-changed"; the model's pipeline is the caller's business. */
void cw_project_install_model (CwProject *self, cw_model *model, const cw_history *hist);

/* cw-project-io.c: what both directions of the file format share */
#define CW_PROJECT_FORMAT "conv1d-workbench-project"
#define CW_PROJECT_FORMAT_VERSION 2
#define CW_PROJECT_N_SCALINGS 3
extern const char *const cw_project_scaling_names[CW_PROJECT_N_SCALINGS]; /* by cw_scaling */
#define CW_PROJECT_N_TEST_CHOICES 4
extern const char *const cw_project_test_choice_names[CW_PROJECT_N_TEST_CHOICES]; /* by CwTestChoice */
#define CW_PROJECT_N_CHOOSE_BY 2
extern const char *const cw_project_choose_by_names[CW_PROJECT_N_CHOOSE_BY];       /* by CwChooseBy */
#define CW_PROJECT_N_PLS_PREP 3
extern const char *const cw_project_pls_prep_names[CW_PROJECT_N_PLS_PREP];           /* by CwPlsPrepMode */

/* cw-project-preprocess.c */
void cw_project_pls_settings_init (CwPlsSettings *settings);
/* Forgets the cached input shape (the data or the pipeline changed). */
void cw_project_invalidate_input_shape (CwProject *self);
void cw_project_clear_model_pipeline (CwProject *self);
/* A model saved by format 1 carries no pipeline: the text refitted on the rows where is_val == 0 gives
 * its fitted state back and is attached to the model (FALSE with *message when it no longer fits; the
 * model then gets an empty pipeline). */
gboolean cw_project_refit_model_pipeline (CwProject *self, const char *text, const unsigned char *is_val,
                                          char **message);
/* Sets the project's preprocessing text the model was trained with (the model must be set). */
void cw_project_set_model_preprocessing (CwProject *self, const char *text);

/* cw-project-recipe.c */
void cw_project_recipe_settings_init (CwRecipeSettings *settings); /* auto, the recipe's ensemble, 600 s */
void cw_project_recipe_settings_clear (CwRecipeSettings *settings);

/* cw-project-roles.c */
void cw_project_row_settings_init (CwRowSettings *settings);
/* Defaults for the current data: its split column when one is found (the holdout is then its validation
 * rows, if any), else a random test share of larger data; validation by 5-fold CV (fewer folds for few
 * rows) unless the split column names validation rows. */
void cw_project_guess_row_settings (CwProject *self, CwRowSettings *settings);
/* A new dataset keeps the pipeline when it still fits, else starts without one. Returns TRUE when the
 * pipeline was dropped (the caller emits "preprocessing-changed"). */
gboolean cw_project_adapt_preprocessing_to_data (CwProject *self);
/* The dataset's parsed doubles of the dataset's rows where is_val[i] == 0 (NULL = all): *n_rows x channels x length. */
double *cw_project_dup_rows_f64 (CwProject *self, const unsigned char *is_val, int *n_rows);
