/* cw-project.h — the document: data, target and task, architecture (with undo/redo), training settings,
 * trained model and its history. Lives on the main thread; the training session copies what it needs.
 * A failed load or an invalid edit never replaces the last good state. */
#pragma once

#include <gio/gio.h>

#include "cw.h"
#include "cw-recording.h"
#include "cw-fit-summary.h"

G_BEGIN_DECLS

/* The engine's handles in g_autoptr. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cw_pipeline, cw_pipeline_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cw_model, cw_model_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cw_spec, cw_spec_free)

#define CW_TYPE_PROJECT (cw_project_get_type ())
G_DECLARE_FINAL_TYPE (CwProject, cw_project, CW, PROJECT, GObject)

#define CW_PROJECT_ERROR (cw_project_error_quark ())
GQuark cw_project_error_quark (void);
/* GError codes in CW_PROJECT_ERROR are cw_status values; the message is the engine's (file, line, column). */

/* ---- rows: training, validation, test ----
 * Every choice (epochs, early stopping, recipe, PLS components, preprocessing) is made on training rows
 * only: on validation rows taken out of them (a holdout) or by K-fold cross-validation over them. Test
 * rows are scored once, after every choice is made. Nothing here ever makes a test row a validation row. */

/* How the test rows are chosen. */
typedef enum
{
  CW_TEST_NONE,          /* no test rows */
  CW_TEST_SPLIT_COLUMN,  /* a split column's test rows (a meta column of train / val / test words,
                            engine/cw-roles.h); its validation rows make the holdout */
  CW_TEST_META,          /* rows whose meta column holds one of the comma-separated values */
  CW_TEST_RANDOM,        /* a random share of the rows, by seed (groups kept together) */
} CwTestChoice;

/* How choices are validated on the training rows. */
typedef enum
{
  CW_CHOOSE_HOLDOUT,     /* the split column's validation rows when it has them, else a random share of
                            the training rows (holdout_fraction; 0 = no validation) */
  CW_CHOOSE_CV,          /* K-fold cross-validation over the training rows, random by seed */
} CwChooseBy;

typedef struct
{
  CwTestChoice test;
  char *split_column;     /* CW_TEST_SPLIT_COLUMN: its name (without "meta:") */
  char *test_column;      /* CW_TEST_META: e.g. "split_vignette" */
  char *test_values;      /* CW_TEST_META: comma-separated, e.g. "test" */
  double test_fraction;   /* CW_TEST_RANDOM: share of all rows, 0 < f < 1 */
  CwChooseBy choose_by;
  double holdout_fraction; /* CW_CHOOSE_HOLDOUT without a split column's validation rows */
  int cv_folds;           /* CW_CHOOSE_CV: K >= 2 */
  char *group_column;     /* rows with equal values stay together (test share, holdout, folds); NULL = none */
  guint64 seed;           /* the random test share, holdout and folds */
} CwRowSettings;

/* The roles of the current data's rows under some settings, as the engine takes them. */
typedef struct
{
  int n;
  unsigned char *roles;   /* n CW_ROLE_* values */
  int *fold;              /* n CV folds of the training rows (-1 elsewhere); NULL without CV */
  int n_folds;
  int counts[3];          /* rows per role, by cw_role */
  gboolean split_validation; /* the validation rows are the split column's */
} CwRowRoles;

void cw_row_settings_copy (CwRowSettings *dest, const CwRowSettings *src); /* dest uninitialised */
void cw_row_settings_clear (CwRowSettings *settings);
gboolean cw_row_settings_equal (const CwRowSettings *a, const CwRowSettings *b);
void cw_row_roles_clear (CwRowRoles *rows);
/* "Training 129 · Validation 43 · Test 43", "Training 172 (5-fold CV) · Test 43". Free it. */
char *cw_row_roles_describe (const CwRowRoles *rows);

CwProject *cw_project_new (void);

/* ---- data ---- */
/* Reads and parses the data file in a worker thread. On success the project switches to it (target
 * guessed: the first target: column, else the caller must pick); on failure the project keeps its data and
 * the GError names the file, line, column and problem (CW_PROJECT_ERROR, CW_ERR_MISSING_VALUE for a
 * signal cell with no number when missing values are not allowed; G_IO_ERROR_CANCELLED when cancelled,
 * which stops the read within about 1 % of the file). progress (may be NULL) is called on the main thread
 * about ten times a second with the share of the file read and parsed so far. */
typedef void (*CwLoadProgressFunc) (double fraction, gpointer user_data);
void cw_project_load_data_async (CwProject *self, GFile *file, GCancellable *cancellable,
                                 CwLoadProgressFunc progress, gpointer progress_data,
                                 GAsyncReadyCallback callback, gpointer user_data);
gboolean cw_project_load_data_finish (CwProject *self, GAsyncResult *result, GError **error);
/* Whether the next data read fills empty / NA signal cells from their own row (linear interpolation, with a
 * note on the dataset) instead of refusing the file. Saved with the project, so it opens its data the same
 * way. Changing it does not re-read the data. */
void cw_project_set_allow_missing (CwProject *self, gboolean allow);
gboolean cw_project_get_allow_missing (CwProject *self);
/* Takes ownership of ds (used by tests and the generator). file may be NULL. */
void cw_project_set_dataset (CwProject *self, cw_dataset *ds, GFile *file);
const cw_dataset *cw_project_get_dataset (CwProject *self);
/* Windows cut from a recording: the dataset (ownership taken) and the recording they came from (a
 * reference taken), which the Data page shows with the windows marked. Any other new data forgets it. */
void cw_project_set_windows (CwProject *self, cw_dataset *ds, CwRecording *recording);
CwRecording *cw_project_get_recording (CwProject *self); /* NULL unless the data are windows */
GFile *cw_project_get_data_file (CwProject *self);
const char *cw_project_get_data_checksum (CwProject *self); /* SHA-256 hex of the file bytes, or NULL */
char *cw_project_dup_axis_label (CwProject *self);          /* e.g. "Wavelength (nm)" guessed from values */
/* The axis as the file or the guess names it, ignoring the user's choice. Free it. */
char *cw_project_dup_automatic_axis_label (CwProject *self);
/* The user's name for the axis ("m/z"), saved in the project; NULL or "" goes back to the file's unit or
 * the guess. Emits "data-changed" so every plot relabels. New data starts automatic. */
void cw_project_set_axis_label (CwProject *self, const char *label);
const char *cw_project_get_axis_label_choice (CwProject *self); /* NULL when automatic */

/* Target column (index into the dataset's targets; -1 = none chosen) and task. Setting the target picks
 * a default task (numeric -> regression; 2 classes -> binary; more -> multiclass). */
int cw_project_get_target (CwProject *self);
void cw_project_set_target (CwProject *self, int target);
cw_task cw_project_get_task (CwProject *self);
void cw_project_set_task (CwProject *self, cw_task task);
int cw_project_get_n_outputs (CwProject *self); /* 1 for regression/binary, classes for multiclass */

/* ---- architecture (undoable) ---- */
const cw_spec *cw_project_get_spec (CwProject *self);
/* Records an undo step (no-op when equal to the current spec) and emits "spec-changed". */
void cw_project_set_spec (CwProject *self, const cw_spec *spec);
gboolean cw_project_can_undo (CwProject *self);
gboolean cw_project_can_redo (CwProject *self);
void cw_project_undo (CwProject *self);
void cw_project_redo (CwProject *self);
/* TRUE when the spec builds for the data's shape after preprocessing (cw_project_get_input_length) and
 * the outputs; otherwise *message tells why (free it). */
gboolean cw_project_check_spec (CwProject *self, char **message, int *bad_layer);

/* ---- training settings ---- */
const cw_train_config *cw_project_get_train_config (CwProject *self);
void cw_project_set_train_config (CwProject *self, const cw_train_config *config);
/* The row settings; setting them checks them on the current data first: FALSE with a message naming the
 * problem (a meta value no row holds, every row a test row, more folds than training rows...) and the
 * project keeps its last good settings. Emits "settings-changed". */
const CwRowSettings *cw_project_get_row_settings (CwProject *self);
gboolean cw_project_set_row_settings (CwProject *self, const CwRowSettings *settings, GError **error);
/* The roles (and CV folds) of the current data under `settings` (NULL = the project's). */
gboolean cw_project_compute_rows (CwProject *self, const CwRowSettings *settings, CwRowRoles *rows,
                                  GError **error);
/* How the test rows and the validation are chosen, in words ("split column 'split'", "5-fold CV,
 * random (seed 1)"). Free them. */
char *cw_project_describe_test_choice (CwProject *self);
char *cw_project_describe_validation (CwProject *self);
/* The row settings as one line, equal exactly when they are: a key for caches of what depends on them. */
char *cw_project_rows_key (CwProject *self);
/* ---- the recipe: which networks and training the fit driver runs ---- */
#define CW_RECIPE_AUTO "auto"
#define CW_RECIPE_CUSTOM "custom"

typedef struct
{
  char *recipe;          /* CW_RECIPE_AUTO, a built-in recipe's name (cw_recipe_builtin_name), or
                            CW_RECIPE_CUSTOM: the project's layer stack and training settings */
  int ensemble;          /* members averaged in the final model; 0 = the recipe's own */
  double time_budget_s;  /* auto: skip candidates whose cost would overrun it; 0 = no limit */
} CwRecipeSettings;

const CwRecipeSettings *cw_project_get_recipe_settings (CwProject *self);
/* Refuses an unknown recipe name; emits "settings-changed". New data starts with auto. */
gboolean cw_project_set_recipe_settings (CwProject *self, const CwRecipeSettings *settings, GError **error);
gboolean cw_project_is_custom_recipe (CwProject *self);
/* A recipe name for menus: "Auto (chosen by validation)", a built-in recipe's title, "Custom (...)". */
const char *cw_project_recipe_title (const char *name);
/* The recipes the setting trains for the current data, task and preprocessing (auto: its candidates,
 * cheapest first; custom: one made of the project's spec and training settings). Returns how many (0 with
 * an error); *out is g_free'd. */
int cw_project_dup_recipes (CwProject *self, cw_recipe **out, GError **error);
/* TRUE when training can start: custom checks the spec (cw_project_check_spec, *bad_layer set), a recipe
 * that its networks build for the data. Otherwise *message (free it) says why. */
gboolean cw_project_check_training (CwProject *self, char **message, int *bad_layer);

int cw_project_get_threads (CwProject *self);
void cw_project_set_threads (CwProject *self, int threads);

/* Model-space arrays for training: x (n x C x L, raw; pass NULL to skip it) and y (n x k). Caller frees
 * with g_free. The rows' roles come from cw_project_compute_rows. */
gboolean cw_project_build_training_data (CwProject *self, float **x, float **y, int *k, GError **error);

/* ---- preprocessing and PLS (the chemometrics baseline) ---- */
/* The preprocessing pipeline in its one-line text form (engine/cw-preprocess.h), "" = none. It feeds both
 * the CNN and PLS: fitted on the training rows only, applied to every row. */
const char *cw_project_get_preprocessing (CwProject *self);
/* Refuses a bad text with the engine's located message (the project keeps its pipeline); records an undo
 * step is not required. Emits "preprocessing-changed". */
gboolean cw_project_set_preprocessing (CwProject *self, const char *text, GError **error);
/* A new pipeline fitted on the rows where is_val[i] == 0 (is_val NULL = all rows); NULL with an error when
 * the text does not fit the data (e.g. a range outside the axis). Transfer full (cw_pipeline_free). */
cw_pipeline *cw_project_fit_preprocessing (CwProject *self, const unsigned char *is_val, GError **error);

/* Which preprocessing PLS reads the spectra after. */
typedef enum
{
  CW_PLS_PREP_AUTO,       /* new projects: chosen by CV while the project's preprocessing is empty, the project's
                             once it has steps */
  CW_PLS_PREP_PROJECT,    /* the project's preprocessing (what projects saved before the choice existed use) */
  CW_PLS_PREP_CV,         /* chosen by CV on the training rows among the candidates of cw-pls-job.h (none, SNV,
                             MSC, derivatives; each followed by centring), by the same rule as the components */
} CwPlsPrepMode;

typedef struct
{
  int max_components;     /* components evaluated, 1..max; 0 (the default) = min (calibration rows - 1, 30,
                             features after preprocessing) */
  int components;         /* chosen for the model; 0 = the suggested number */
  int cv_folds;           /* k-fold CV on the calibration rows; 0 = leave-one-out. When the CNN cross-
                             validates (CW_CHOOSE_CV), PLS takes the CNN's folds instead */
  gboolean cv_random;     /* random folds by the training seed instead of consecutive */
  cw_pls_algorithm algorithm;
  char *group_column;     /* meta column whose equal values stay in one CV fold (replicates); NULL = none.
                             Owned by the project: the setter copies it, callers keep their own string */
  cw_ncomp_rule rule;     /* how the CV curve suggests the number of components (default one-SE) */
  CwPlsPrepMode preprocessing; /* default CW_PLS_PREP_AUTO */
} CwPlsSettings;

const CwPlsSettings *cw_project_get_pls_settings (CwProject *self);
void cw_project_set_pls_settings (CwProject *self, const CwPlsSettings *settings); /* "settings-changed" */
/* The PLS preprocessing mode in force: CW_PLS_PREP_PROJECT or CW_PLS_PREP_CV (AUTO resolved against the
 * project's preprocessing text). */
CwPlsPrepMode cw_project_get_pls_prep_mode (CwProject *self);

/* ---- trained model and history ---- */
cw_model *cw_project_get_model (CwProject *self);     /* NULL before training */
/* Takes ownership of model; hist is copied (may be NULL). Emits "model-changed". The model takes raw
 * signals; a model trained on preprocessed ones comes with cw_project_set_trained_model. */
void cw_project_set_model (CwProject *self, cw_model *model, const cw_history *hist);
const cw_history *cw_project_get_history (CwProject *self);

/* ---- file ---- */
gboolean cw_project_get_modified (CwProject *self);   /* also the "modified" property */
GFile *cw_project_get_file (CwProject *self);
/* .cwproj (JSON): data file reference (relative to the project when possible) + checksum, target, task,
 * architecture spec, settings, row roles, the model (with its pipeline and record), loss history. Atomic
 * write. */
gboolean cw_project_save (CwProject *self, GFile *file, GError **error);
/* Opens a project and its data file (a changed checksum is reported in *warning, not refused). A corrupt
 * file is refused with a clear message. Runs on the calling thread: use from a GTask. */
CwProject *cw_project_load (GFile *file, char **warning, GError **error);

/* ---- additions (core): used by the project file code, the window and tests ---- */
/* The synchronous form of cw_project_load_data_async: reads, checksums and parses on the calling thread,
 * then switches to the data with the same defaults (target, task, architecture, settings). */
gboolean cw_project_load_data (CwProject *self, GFile *file, GError **error);
/* The default architecture for the current data and task (what a new dataset starts with). Free it. */
cw_spec *cw_project_dup_default_spec (CwProject *self);
void cw_project_set_modified (CwProject *self, gboolean modified);
void cw_project_set_file (CwProject *self, GFile *file);  /* where the project was last saved/opened */
void cw_project_clear_undo (CwProject *self);

/* ---- additions (prep): the pipeline's shape, the model's own pipeline, fitting off the main thread ---- */
/* The rows every fit leaves out under the current row settings (n values, 1 = a validation or test row,
 * 0 = a training row): the mask cw_project_fit_preprocessing takes. NULL with an error when the rows
 * cannot be made (e.g. an unknown meta column). g_free it. */
unsigned char *cw_project_dup_left_out_rows (CwProject *self, GError **error);
/* The signal length and axis after preprocessing (range selection shortens them): what the network's
 * input is. 0 / NULL without data or when the pipeline does not fit the data; then *message (free it)
 * says why. The axis holds cw_project_get_input_length values (NaN where a header is not a number). */
gboolean cw_project_check_preprocessing (CwProject *self, char **message);
int cw_project_get_input_length (CwProject *self);
const double *cw_project_get_input_axis (CwProject *self);

/* What cw_project_fit_preprocessing needs, copied out of the project on the main thread so the fit can
 * run on a worker (the Preprocess page's preview): the pipeline text, the fitting rows and the axis. */
typedef struct _CwPreprocessingFit CwPreprocessingFit;
CwPreprocessingFit *cw_project_prepare_preprocessing_fit (CwProject *self, const unsigned char *is_val);
/* Any thread. The same pipeline cw_project_fit_preprocessing returns for the same rows. */
cw_pipeline *cw_preprocessing_fit_run (const CwPreprocessingFit *fit, GError **error);
int cw_preprocessing_fit_n_rows (const CwPreprocessingFit *fit); /* rows it fits on */
void cw_preprocessing_fit_free (CwPreprocessingFit *fit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CwPreprocessingFit, cw_preprocessing_fit_free)

/* The trained model with the fitted pipeline it was trained behind. The model carries its pipeline
 * (cw_model_get_pipeline) and that one is authoritative: a non-NULL `pipeline` (ownership taken) is
 * attached to the model first; a model without one gets an empty pipeline (it takes raw signals).
 * cw_project_set_model is this without a pipeline. The project's preprocessing text at training time is
 * the pipeline's text. */
void cw_project_set_trained_model (CwProject *self, cw_model *model, const cw_history *hist,
                                   cw_pipeline *pipeline);
/* The result of a training session: the final model (ownership taken; it carries its fitted pipeline and
 * the record of how it was made), the first member's final history, what the fit chose and how the final
 * model scores (summary, referenced; saved with the project), and the project's preprocessing text at
 * training time. Emits "model-changed". */
void cw_project_set_fit_result (CwProject *self, cw_model *model, const cw_history *hist, CwFitSummary *summary,
                                const char *preprocessing);
/* NULL without one (a model set otherwise, or none). Transfer none. */
CwFitSummary *cw_project_get_fit_summary (CwProject *self);
/* The project's preprocessing text the model was trained with ("" = none; NULL without a model): the
 * Training page compares it with cw_project_get_preprocessing to say the model predates the current
 * pipeline. A recipe may add its own steps after it: the model's pipeline holds both. */
const char *cw_project_get_model_preprocessing (CwProject *self);
/* The fitted pipeline the model was trained behind (the model's own): NULL without a model.
 * get: transfer none, main thread; dup: a copy for a worker (cw_pipeline_free). */
const cw_pipeline *cw_project_get_model_pipeline (CwProject *self);
cw_pipeline *cw_project_dup_model_pipeline (CwProject *self);
/* One dataset row through the model's pipeline: out receives channels x
 * cw_pipeline_out_length (cw_project_get_model_pipeline) values. FALSE without a model pipeline. */
gboolean cw_project_preprocess_row (CwProject *self, int row, float *out);
/* Every row through the model's pipeline (n x channels x *length floats, g_free), for predictions
 * (export, comparison, validation parity); NULL without a model pipeline. */
float *cw_project_dup_model_inputs (CwProject *self, int *length);

/* Signals:
 *   "data-changed"      dataset, target or task changed
 *   "spec-changed"      architecture changed (also by undo/redo)
 *   "settings-changed"  training settings, row roles, recipe or PLS settings changed
 *   "preprocessing-changed"  the preprocessing pipeline text changed
 *   "model-changed"     a trained model or history was set (or cleared)
 *   notify::modified
 */

G_END_DECLS
