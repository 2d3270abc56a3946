/* cw-training-session.h — the fit driver (engine/cw-recipe.h) on a worker thread (GTask + GCancellable).
 * start() copies everything it needs from the project (the raw signals, targets, the rows' roles and CV
 * folds, the recipes the project's setting makes, the preprocessing text), so the worker never touches
 * it. The driver chooses recipe and epochs on the training rows only (CV or holdout), fits the final
 * model (an ensemble with its fitted pipeline and a record of how it was made), and the worker scores it
 * once on every row, test rows included. It publishes immutable snapshots (the stage, the current run's
 * losses and metrics, its validation predictions, the activations of every conv layer for the watched
 * sample); the main thread receives "snapshot" at most ~30 times a second and swaps them in.
 * pause/resume/stop act within one batch; when the worker ends, the final model, its history and the fit
 * summary go to the project (cw_project_set_fit_result; after stop the best model finished so far, when
 * there is one). */
#pragma once

#include <gio/gio.h>

#include "cw-fit-summary.h"
#include "cw-project.h"

G_BEGIN_DECLS

typedef enum
{
  CW_SESSION_IDLE,
  CW_SESSION_RUNNING,
  CW_SESSION_PAUSED,
  CW_SESSION_STOPPING,
} CwSessionState;

/* One conv layer's activation for the watched sample. */
typedef struct
{
  int layer;            /* index in the spec of the conv layer */
  int shown_layer;      /* the layer whose output is shown (the activation after the conv when present) */
  char *title;          /* e.g. "conv(8,k=9) relu · 8 × 393" */
  int channels, length; /* values: channels x length */
  float *values;
  double x0, x1;        /* axis span the columns cover (aligned with the input's axis) */
  int in_channels, kernel;
  float *kernels;       /* channels x in_channels x kernel weights of the conv */
} CwActivationMap;

typedef struct _CwTrainingSnapshot CwTrainingSnapshot;
struct _CwTrainingSnapshot
{
  /* the fit driver's stage */
  char *stage;             /* e.g. "Choosing: deriv-cnn · fold 2 of 5 · run 7 of 24", "Final model: member 2
                            * of 5 · run 22 of 24"; NULL before the first run */
  char *candidate;         /* the recipe of the run shown */
  gboolean final_stage;    /* the run shown is a member of the final model */
  int runs_done, runs_total;
  double fraction;         /* of the whole fit, 0..1 */
  CwFitSummary *summary;   /* finished only: what the project gets (NULL when nothing was trained) */
  /* progress of the run shown */
  int epoch, epochs, batch, batches;
  double batch_loss, train_loss, val_loss, lr, samples_per_s, elapsed_s, eta_s;
  gboolean finished;
  cw_status status;      /* final status when finished */
  char *message;         /* final message (NULL when OK) */
  /* history up to this point */
  int n_epochs;
  double *train_loss_hist, *val_loss_hist, *train_metric_hist, *val_metric_hist;
  int best_epoch;
  cw_task task;
  cw_metrics val_metrics;  /* owned copy; n = 0 without validation */
  /* validation predictions in user units: n_val rows of k (the run's validation rows: its CV fold or the
   * holdout; finished: the chosen candidate's CV or holdout predictions) */
  int n_val, k;
  int *val_ids;            /* dataset row of each validation sample */
  float *val_truth, *val_pred;
  /* the watched sample, as the network reads it */
  int watched;             /* dataset row */
  int in_channels, in_length; /* in_length: after preprocessing (a range selection shortens it) */
  float *input;            /* the preprocessed sample (before the model's own standardisation),
                            * in_channels x in_length, on the pipeline's output axis */
  int n_maps;
  CwActivationMap *maps;   /* one per conv layer */
};

#define CW_TYPE_TRAINING_SNAPSHOT (cw_training_snapshot_get_type ())
GType cw_training_snapshot_get_type (void);
CwTrainingSnapshot *cw_training_snapshot_ref (CwTrainingSnapshot *snapshot);
void cw_training_snapshot_unref (CwTrainingSnapshot *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CwTrainingSnapshot, cw_training_snapshot_unref)

/* Activations of every conv layer of a model for one sample (standardised with the model's scaling),
 * filled into snapshot->maps/input (used by the worker, and by the views on a trained model when idle;
 * one forward pass of one sample). x is that ONE sample as the model reads it: preprocessed by the
 * pipeline the model was trained with (in_channels x in_length, e.g. from cw_project_preprocess_row).
 * axis: that pipeline's output axis (cw_pipeline_out_axis, in_length values) or NULL for positions; the
 * maps' x0/x1 are on it. row is only recorded as snapshot->watched. Earlier maps/input of the snapshot
 * are replaced. */
void cw_training_snapshot_capture_activations (CwTrainingSnapshot *snapshot, cw_model *model,
                                               const float *x, int row, const double *axis);
/* An empty snapshot (reference count 1, watched = -1), e.g. for capture_activations on a trained model. */
CwTrainingSnapshot *cw_training_snapshot_new (void);
/* Deep copy of metrics (dest is overwritten; free with cw_metrics_clear). */
void cw_training_snapshot_copy_metrics (cw_metrics *dest, const cw_metrics *src);

#define CW_TYPE_SESSION_STATE (cw_session_state_get_type ())
GType cw_session_state_get_type (void);

#define CW_TYPE_TRAINING_SESSION (cw_training_session_get_type ())
G_DECLARE_FINAL_TYPE (CwTrainingSession, cw_training_session, CW, TRAINING_SESSION, GObject)

CwTrainingSession *cw_training_session_new (void);
/* Starts training the project's current data, rows, recipe and settings. FALSE with an error when the
 * spec or recipe is impossible, no target is chosen, the rows cannot be made, or a session is already
 * running. */
gboolean cw_training_session_start (CwTrainingSession *self, CwProject *project, GError **error);
void cw_training_session_pause (CwTrainingSession *self);
void cw_training_session_resume (CwTrainingSession *self);
/* Asks the worker to stop (within one batch). The best model finished so far still reaches the project;
 * stopped while choosing by cross-validation there is none, and the project keeps its previous model. */
void cw_training_session_stop (CwTrainingSession *self);
/* Blocks until the worker has ended (joined), iterating the main context so its last snapshot lands;
 * returns FALSE if it did not end within timeout_ms. */
gboolean cw_training_session_wait (CwTrainingSession *self, int timeout_ms);
CwSessionState cw_training_session_get_state (CwTrainingSession *self); /* also the "state" property */
/* Dataset row whose activations the worker captures (thread-safe). */
void cw_training_session_set_watched (CwTrainingSession *self, int row);
/* The latest snapshot (NULL before the first); transfer none. */
CwTrainingSnapshot *cw_training_session_get_snapshot (CwTrainingSession *self);

/* Signals (main thread):
 *   "snapshot" (CwTrainingSnapshot *)   a new snapshot (throttled to ~30 Hz; the last one always arrives)
 *   "finished" (int status, const char *message)  the worker ended and the project has the model
 *   notify::state
 */

G_END_DECLS
