/* cw-train-view.c — the Training page. Everything shown comes either from the session's latest snapshot
 * (while and right after training) or from the project's trained model and history (after a project is
 * opened). A snapshot is immutable: the page keeps a ref to the newest, drops the previous one and
 * copies what it needs into the charts; it never trains or predicts the whole data on the main thread. */
#include "cw-train-view.h"

#include <math.h>

#include "cw-confusion-view.h"
#include "cw-loss-plot.h"
#include "cw-metrics-table.h"
#include "cw-parity-plot.h"
#include "cw-plot-style.h"

/* Validation predictions of a loaded model are computed on the main thread only when they are this
 * cheap (forward FLOPs x samples), so opening a big project never freezes the window. */
#define IDLE_PREDICTION_FLOP_BUDGET 5e8

struct _CwTrainView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkWidget *main_box;
  GtkProgressBar *progress_bar;
  GtkLabel *status_label;
  CwLossPlot *loss_plot;
  GtkToggleButton *log_scale_button;
  CwMetricsTable *metrics_table;
  GtkLabel *result_title;
  GtkStack *result_stack;
  GtkLabel *result_placeholder;
  CwParityPlot *parity_plot;
  CwConfusionView *confusion_view;

  /* built in init, under the status line in main_box */
  GtkWidget *model_note_box;    /* a GtkInfoBar holding model_note, shown when there is something to say */
  GtkLabel *model_note;         /* the model predates the project's preprocessing */

  /* owned */
  CwProject *project;
  CwTrainingSession *session;
  CwTrainingSnapshot *snapshot; /* the one shown; NULL while the project's own history is shown */
  float *parity_truth;          /* what the parity plot holds, to skip identical updates */
  float *parity_pred;
  int parity_n;

  int selected_row;
};

G_DEFINE_FINAL_TYPE (CwTrainView, cw_train_view, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_SAMPLE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- formatting ---- */

/* "5230.4" -> "5,230": throughput reads at a glance with a thousands separator. */
static void
format_count (double value, char *buf, gsize size)
{
  if (!isfinite (value))
    {
      g_strlcpy (buf, "–", size);
      return;
    }
  char digits[32];
  g_snprintf (digits, sizeof digits, "%.0f", fabs (value));
  g_autoptr (GString) out = g_string_new (value < 0 ? "-" : "");
  int n = (int) strlen (digits);
  for (int i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  g_strlcpy (buf, out->str, size);
}

/* Seconds as m:ss, or h:mm:ss past an hour. */
static void
format_duration (double seconds, char *buf, gsize size)
{
  if (!isfinite (seconds) || seconds < 0)
    {
      g_strlcpy (buf, "–", size);
      return;
    }
  long s = lround (seconds);
  if (s >= 3600)
    g_snprintf (buf, size, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else
    g_snprintf (buf, size, "%ld:%02ld", s / 60, s % 60);
}

/* The text of the progress bar for a snapshot in flight, e.g.
 * "Epoch 12 / 200 · batch 2 / 2 · 5,230 samples/s · ETA 0:41". */
static char *
progress_text (const CwTrainingSnapshot *snap, CwSessionState state)
{
  char rate[32], eta[32];
  format_count (snap->samples_per_s, rate, sizeof rate);
  format_duration (snap->eta_s, eta, sizeof eta);
  GString *text = g_string_new (NULL);
  g_string_append_printf (text, "Epoch %d / %d · batch %d / %d · %s samples/s", snap->epoch, snap->epochs,
                          snap->batch, snap->batches, rate);
  if (snap->finished)
    {
      char elapsed[32];
      format_duration (snap->elapsed_s, elapsed, sizeof elapsed);
      g_string_append_printf (text, " · done in %s", elapsed);
    }
  else
    g_string_append_printf (text, " · ETA %s", eta);
  if (state == CW_SESSION_PAUSED)
    g_string_append (text, " · paused");
  else if (state == CW_SESSION_STOPPING)
    g_string_append (text, " · stopping…");
  return g_string_free (text, FALSE);
}

double
cw_train_view_progress_fraction (int epoch, int epochs, int batch, int batches)
{
  if (epochs <= 0)
    return 0.0;
  double within = batches > 0 ? (double) batch / batches : 0.0;
  return CLAMP ((epoch - 1 + within) / epochs, 0.0, 1.0);
}

/* ---- metrics ---- */

static char *
class_name (CwTrainView *self, int index)
{
  const cw_dataset *ds = cw_project_get_dataset (self->project);
  int target = cw_project_get_target (self->project);
  if (cw_project_get_task (self->project) == CW_TASK_MULTILABEL)
    {
      if (ds != NULL && index < cw_dataset_n_targets (ds))
        return g_strdup (cw_dataset_target_name (ds, index));
    }
  else if (ds != NULL && target >= 0 && cw_dataset_target_is_categorical (ds, target)
           && index < cw_dataset_n_classes (ds, target))
    return g_strdup (cw_dataset_class_name (ds, target, index));
  return g_strdup_printf ("class %d", index);
}

/* Validation metrics, and the history's per-epoch training metric (RMSE or accuracy; the other training
 * metrics are not tracked per epoch). */
static void
update_metrics (CwTrainView *self, cw_task task, const cw_metrics *val, double train_metric)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; val != NULL && i < val->n_classes; i++)
    g_ptr_array_add (names, class_name (self, i));
  g_ptr_array_add (names, NULL);
  cw_metrics_table_set (self->metrics_table, task, val, train_metric, (const char *const *) names->pdata);
}

/* ---- validation results: parity plot or confusion matrix ---- */

static char *
target_label (CwTrainView *self, int output)
{
  const cw_dataset *ds = cw_project_get_dataset (self->project);
  int target = cw_project_get_target (self->project);
  if (ds != NULL && target >= 0 && target + output < cw_dataset_n_targets (ds))
    return g_strdup (cw_dataset_target_name (ds, target + output));
  return g_strdup ("target");
}

static void
show_result_placeholder (CwTrainView *self, const char *text)
{
  gtk_label_set_text (self->result_placeholder, text);
  gtk_stack_set_visible_child_name (self->result_stack, "empty");
}

/* n rows of k values; one parity series per output (k > 1 for several regression targets). */
static void
update_parity (CwTrainView *self, const float *truth, const float *pred, const int *ids, int n, int k)
{
  gtk_label_set_text (self->result_title, "Validation: predicted vs true");
  if (n <= 0 || truth == NULL || pred == NULL)
    {
      show_result_placeholder (self, "No validation samples: choose a validation split on the Model page.");
      return;
    }
  gtk_stack_set_visible_child_name (self->result_stack, "parity");

  /* Predictions only change at epoch ends; the snapshots in between carry the same arrays. */
  gsize bytes = (gsize) n * k * sizeof (float);
  if (self->parity_n == n * k && memcmp (self->parity_truth, truth, bytes) == 0
      && memcmp (self->parity_pred, pred, bytes) == 0)
    return;
  g_free (self->parity_truth);
  g_free (self->parity_pred);
  self->parity_truth = g_memdup2 (truth, bytes);
  self->parity_pred = g_memdup2 (pred, bytes);
  self->parity_n = n * k;

  cw_parity_plot_clear (self->parity_plot);
  g_autofree float *t = g_new (float, n);
  g_autofree float *p = g_new (float, n);
  for (int j = 0; j < k; j++)
    {
      for (int i = 0; i < n; i++)
        {
          t[i] = truth[(gsize) i * k + j];
          p[i] = pred[(gsize) i * k + j];
        }
      g_autofree char *name = target_label (self, j);
      GdkRGBA color;
      cw_palette_color (j, &color);
      cw_parity_plot_add_series (self->parity_plot, k > 1 ? name : "CNN", &color, t, p, ids, n);
      if (j == 0)
        cw_parity_plot_set_axis_label (self->parity_plot, k > 1 ? "target" : name);
    }
  cw_parity_plot_set_selected (self->parity_plot, self->selected_row);
}

static void
forget_parity (CwTrainView *self)
{
  g_clear_pointer (&self->parity_truth, g_free);
  g_clear_pointer (&self->parity_pred, g_free);
  self->parity_n = 0;
  cw_parity_plot_clear (self->parity_plot);
}

static void
update_confusion (CwTrainView *self, const cw_metrics *m)
{
  gtk_label_set_text (self->result_title, "Validation: confusion matrix");
  if (m == NULL || m->n == 0 || m->confusion == NULL)
    {
      show_result_placeholder (self, "No validation samples: choose a validation split on the Model page.");
      return;
    }
  if (m->task == CW_TASK_MULTILABEL)
    {
      show_result_placeholder (self, "Several labels: see each label's precision and recall above.");
      return;
    }
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < m->n_classes; i++)
    g_ptr_array_add (names, class_name (self, i));
  g_ptr_array_add (names, NULL);
  cw_confusion_view_set_data (self->confusion_view, m->confusion, m->n_classes,
                              (const char *const *) names->pdata);
  gtk_stack_set_visible_child_name (self->result_stack, "confusion");
}

static void
update_results (CwTrainView *self, cw_task task, const cw_metrics *val, const float *truth,
                const float *pred, const int *ids, int n, int k)
{
  if (task == CW_TASK_REGRESSION)
    update_parity (self, truth, pred, ids, n, k);
  else
    update_confusion (self, val);
}

/* ---- loss curves ---- */

static void
update_loss_label (CwTrainView *self)
{
  const cw_train_config *config = cw_project_get_train_config (self->project);
  if (config == NULL)
    return;
  const char *name;
  switch (config->loss)
    {
    case CW_LOSS_MSE: name = "MSE"; break;
    case CW_LOSS_MAE: name = "MAE"; break;
    case CW_LOSS_CROSS_ENTROPY: name = "Cross-entropy"; break;
    case CW_LOSS_BINARY_CROSS_ENTROPY: name = "Binary cross-entropy"; break;
    case CW_LOSS_HINGE: name = "Hinge loss"; break;
    case CW_LOSS_EXPONENTIAL: name = "Exponential loss"; break;
    default: name = "Loss"; break;
    }
  /* Regression losses are computed on standardised targets: say so, or the numbers look wrong. */
  gboolean standardised = cw_project_get_task (self->project) == CW_TASK_REGRESSION
                          && config->standardize_targets;
  g_autofree char *label = g_strdup_printf ("%s%s", name, standardised ? " (standardised)" : "");
  cw_loss_plot_set_y_label (self->loss_plot, label);
}

/* ---- what is shown ---- */

/* The model keeps the pipeline it was trained with, so after the user changes the preprocessing its
 * results (here and on the Inside page) still come from the old one until it is trained again. While a
 * run is under way the old model is about to be replaced: nothing to say. */
static void
update_model_note (CwTrainView *self)
{
  const char *trained = cw_project_get_model_preprocessing (self->project);
  const char *current = cw_project_get_preprocessing (self->project);
  gboolean idle = cw_training_session_get_state (self->session) == CW_SESSION_IDLE;
  g_autofree char *text = NULL;
  if (idle && trained != NULL && g_strcmp0 (trained, current) != 0)
    {
      g_autofree char *was = *trained ? g_strdup_printf ("with preprocessing '%s'", trained)
                                      : g_strdup ("without preprocessing");
      g_autofree char *now = *current ? g_strdup_printf ("to use '%s'", current) : g_strdup ("without it");
      text = g_strdup_printf ("The model was trained %s — retrain %s.", was, now);
    }
  gtk_label_set_text (self->model_note, text ? text : "");
  gtk_widget_set_visible (self->model_note_box, text != NULL);
}

static void
set_status (CwTrainView *self, const char *text, gboolean error)
{
  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL && *text != '\0');
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static gboolean
keeps_best_weights (CwTrainView *self)
{
  const cw_train_config *config = cw_project_get_train_config (self->project);
  return config != NULL && config->restore_best;
}

/* The final line for a finished run, from the session's message or composed from the snapshot. */
static char *
final_message (const CwTrainingSnapshot *snap, gboolean kept_best)
{
  if (snap->message != NULL && *snap->message != '\0')
    return g_strdup (snap->message);
  /* Say which weights the model holds: with restore_best they are not the last epoch's. */
  g_autofree char *kept = kept_best && snap->best_epoch > 0 && snap->best_epoch < snap->n_epochs
    ? g_strdup_printf (" The model keeps the weights of epoch %d, the best on validation.", snap->best_epoch)
    : g_strdup ("");
  switch (snap->status)
    {
    case CW_OK:
      return g_strdup_printf ("Finished %d epochs (best %d).%s", snap->n_epochs, snap->best_epoch, kept);
    case CW_ERR_ABORTED:
      return g_strdup_printf ("Stopped at epoch %d (best %d).%s", snap->n_epochs, snap->best_epoch, kept);
    case CW_ERR_NONFINITE:
      return g_strdup ("Training stopped: the loss became NaN or infinite. Try a smaller learning rate.");
    default:
      return g_strdup_printf ("Training ended: %s.", cw_status_name (snap->status));
    }
}

static void
show_snapshot (CwTrainView *self)
{
  const CwTrainingSnapshot *snap = self->snapshot;
  CwSessionState state = cw_training_session_get_state (self->session);

  g_autofree char *text = progress_text (snap, state);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 cw_train_view_progress_fraction (snap->epoch, snap->epochs, snap->batch,
                                                                  snap->batches));

  cw_loss_plot_set_total_epochs (self->loss_plot, snap->epochs);
  cw_loss_plot_set_data (self->loss_plot, snap->train_loss_hist, snap->val_loss_hist, snap->n_epochs,
                         snap->best_epoch);

  /* Next to the validation metrics of the final model, the training metric of the epoch whose weights
   * it holds. */
  int at = snap->n_epochs;
  if (snap->finished && keeps_best_weights (self) && snap->best_epoch >= 1 && snap->best_epoch <= snap->n_epochs)
    at = snap->best_epoch;
  double train_metric = at > 0 && snap->train_metric_hist != NULL ? snap->train_metric_hist[at - 1] : NAN;
  update_metrics (self, snap->task, &snap->val_metrics, train_metric);
  if (snap->n_val > 0 || snap->task != CW_TASK_REGRESSION)
    update_results (self, snap->task, &snap->val_metrics, snap->val_truth, snap->val_pred, snap->val_ids,
                    snap->n_val, snap->k);
  else if (snap->n_epochs > 0 && snap->val_metrics.n == 0)
    show_result_placeholder (self, "No validation samples: choose a validation split on the Model page.");
  else if (self->parity_n == 0)
    show_result_placeholder (self, "Validation predictions appear after the first epoch.");

  if (snap->finished)
    {
      g_autofree char *message = final_message (snap, keeps_best_weights (self));
      set_status (self, message, snap->status != CW_OK && snap->status != CW_ERR_ABORTED);
    }
}

/* Validation predictions of the project's model (after a project was opened), when cheap enough. The
 * model reads the rows through the pipeline it was trained with, which may differ from the project's
 * current preprocessing (and shorten the signal). */
static gboolean
predict_validation (CwTrainView *self, cw_model *model, float **truth, float **pred, int **ids, int *n,
                    int *k, cw_metrics *metrics)
{
  g_autofree float *y = NULL;
  g_autofree unsigned char *is_val = NULL;
  const cw_dataset *ds = cw_project_get_dataset (self->project);
  const cw_pipeline *pipeline = cw_project_get_model_pipeline (self->project);
  if (ds == NULL || pipeline == NULL || cw_model_in_channels (model) != cw_dataset_n_channels (ds)
      || cw_model_in_length (model) != cw_pipeline_out_length (pipeline))
    return FALSE;
  CwRowRoles roles;
  if (!cw_project_build_training_data (self->project, NULL, &y, k, NULL)
      || !cw_project_compute_rows (self->project, NULL, &roles, NULL))
    return FALSE;
  is_val = g_new0 (unsigned char, MAX (roles.n, 1));
  for (int i = 0; i < roles.n; i++)
    is_val[i] = roles.roles[i] == CW_ROLE_VALIDATION;
  cw_row_roles_clear (&roles);
  if (*k != cw_model_n_outputs (model))
    return FALSE;

  int rows = cw_dataset_n_samples (ds);
  int n_val = 0;
  for (int i = 0; i < rows; i++)
    n_val += is_val[i] != 0;
  if (n_val == 0 || cw_model_flops (model) * n_val > IDLE_PREDICTION_FLOP_BUDGET)
    return FALSE;

  /* Only the validation rows go through the pipeline: the rest would be preprocessed for nothing. */
  gsize sample = (gsize) cw_model_in_channels (model) * cw_model_in_length (model);
  g_autofree float *xv = g_new (float, (gsize) n_val * sample);
  g_autofree float *truth_rows = g_new (float, (gsize) n_val * *k);
  g_autofree int *val_ids = g_new (int, n_val);
  for (int i = 0, j = 0; i < rows; i++)
    if (is_val[i])
      {
        if (!cw_project_preprocess_row (self->project, i, xv + j * sample))
          return FALSE;
        memcpy (truth_rows + (gsize) j * *k, y + (gsize) i * *k, (gsize) *k * sizeof (float));
        val_ids[j++] = i;
      }
  g_autofree float *predictions = g_new (float, (gsize) n_val * *k);
  if (cw_model_predict (model, xv, n_val, predictions, NULL) != CW_OK)
    return FALSE;
  cw_metrics_compute (cw_model_task (model), predictions, truth_rows, n_val, *k, metrics);
  *truth = g_steal_pointer (&truth_rows);
  *pred = g_steal_pointer (&predictions);
  *ids = g_steal_pointer (&val_ids);
  *n = n_val;
  return TRUE;
}

/* Idle without a snapshot of our own: the project's trained model and its history, or nothing yet. */
static void
show_project (CwTrainView *self)
{
  g_clear_pointer (&self->snapshot, cw_training_snapshot_unref);
  update_loss_label (self);

  cw_model *model = cw_project_get_model (self->project);
  const cw_history *hist = cw_project_get_history (self->project);
  cw_task task = cw_project_get_task (self->project);
  forget_parity (self);
  set_status (self, NULL, FALSE);

  if (model == NULL || hist == NULL || hist->epochs == 0)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_progress_bar_set_text (self->progress_bar, "Not trained yet");
      cw_loss_plot_set_total_epochs (self->loss_plot, cw_project_get_train_config (self->project)
                                                      ? cw_project_get_train_config (self->project)->epochs : 0);
      cw_loss_plot_set_data (self->loss_plot, NULL, NULL, 0, 0);
      update_metrics (self, task, NULL, NAN);
      gtk_label_set_text (self->result_title, task == CW_TASK_REGRESSION ? "Validation: predicted vs true"
                                                                         : "Validation: confusion matrix");
      show_result_placeholder (self, "Train a model to see its validation predictions here.");
      return;
    }

  char elapsed[32];
  format_duration (hist->seconds, elapsed, sizeof elapsed);
  g_autofree char *text = g_strdup_printf ("Trained %d epochs · best %d%s · %s", hist->epochs, hist->best_epoch,
                                           hist->stopped_early ? " · stopped early" : "", elapsed);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
  cw_loss_plot_set_total_epochs (self->loss_plot, hist->epochs);
  cw_loss_plot_set_data (self->loss_plot, hist->train_loss, hist->val_loss, hist->epochs, hist->best_epoch);

  /* The model holds the best epoch's weights when restore_best is on; its training metric is the one
   * to show next to the validation metrics computed from the model itself. */
  int at = keeps_best_weights (self) && hist->best_epoch >= 1 && hist->best_epoch <= hist->epochs
           ? hist->best_epoch : hist->epochs;
  double train_metric = hist->train_metric ? hist->train_metric[at - 1] : NAN;

  g_autofree float *truth = NULL;
  g_autofree float *pred = NULL;
  g_autofree int *ids = NULL;
  int n = 0, k = 0;
  cw_metrics val = { 0 };
  if (predict_validation (self, model, &truth, &pred, &ids, &n, &k, &val))
    {
      update_metrics (self, cw_model_task (model), &val, train_metric);
      update_results (self, cw_model_task (model), &val, truth, pred, ids, n, k);
      cw_metrics_clear (&val);
    }
  else
    {
      update_metrics (self, task, NULL, train_metric);
      show_result_placeholder (self, "Train the model again to see its validation predictions.");
    }
}

/* ---- session and project signals ---- */

static void
on_session_snapshot (CwTrainingSession *session, CwTrainingSnapshot *snapshot, CwTrainView *self)
{
  if (snapshot == NULL)
    return;
  CwTrainingSnapshot *previous = g_steal_pointer (&self->snapshot);
  self->snapshot = cw_training_snapshot_ref (snapshot);
  if (previous == NULL)
    update_loss_label (self);
  g_clear_pointer (&previous, cw_training_snapshot_unref);
  show_snapshot (self);
}

static void
on_session_finished (CwTrainingSession *session, int status, const char *message, CwTrainView *self)
{
  if (message != NULL && *message != '\0')
    set_status (self, message, status != CW_OK && status != CW_ERR_ABORTED);
  else if (self->snapshot != NULL)
    {
      g_autofree char *text = final_message (self->snapshot, keeps_best_weights (self));
      set_status (self, text, status != CW_OK && status != CW_ERR_ABORTED);
    }
}

static void
on_session_state (CwTrainingSession *session, GParamSpec *pspec, CwTrainView *self)
{
  CwSessionState state = cw_training_session_get_state (session);
  update_model_note (self);
  if (state == CW_SESSION_RUNNING && (self->snapshot == NULL || self->snapshot->finished))
    {
      /* A new run: the previous run's final message no longer applies. */
      set_status (self, NULL, FALSE);
      gtk_progress_bar_set_text (self->progress_bar, "Starting…");
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      forget_parity (self);
      if (cw_project_get_task (self->project) == CW_TASK_REGRESSION)
        show_result_placeholder (self, "Validation predictions appear after the first epoch.");
      return;
    }
  if (state == CW_SESSION_IDLE && self->snapshot == NULL)
    show_project (self);
  else if (self->snapshot != NULL)
    {
      g_autofree char *text = progress_text (self->snapshot, state);
      gtk_progress_bar_set_text (self->progress_bar, text);
    }
}

static void
on_project_model_changed (CwProject *project, CwTrainView *self)
{
  update_model_note (self);
  if (cw_training_session_get_state (self->session) != CW_SESSION_IDLE)
    return;
  /* The model of the run just shown: its final snapshot says more (validation predictions) than the
   * history alone. */
  if (self->snapshot != NULL && self->snapshot->finished && cw_project_get_model (project) != NULL)
    return;
  show_project (self);
}

static void
on_project_data_changed (CwProject *project, CwTrainView *self)
{
  update_model_note (self);
  if (cw_training_session_get_state (self->session) != CW_SESSION_IDLE)
    return;
  show_project (self);
}

static void
on_project_settings_changed (CwProject *project, CwTrainView *self)
{
  update_loss_label (self);
  if (self->snapshot == NULL && cw_project_get_model (project) == NULL)
    {
      const cw_train_config *config = cw_project_get_train_config (project);
      cw_loss_plot_set_total_epochs (self->loss_plot, config ? config->epochs : 0);
    }
}

static void
on_project_preprocessing_changed (CwProject *project, CwTrainView *self)
{
  update_model_note (self);
}

static void
on_point_activated (CwParityPlot *plot, int id, CwTrainView *self)
{
  cw_train_view_select_sample (self, id);
  g_signal_emit (self, signals[SIGNAL_SAMPLE_ACTIVATED], 0, id);
}

/* ---- GObject ---- */

static void
cw_train_view_dispose (GObject *object)
{
  CwTrainView *self = CW_TRAIN_VIEW (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->session);
  g_clear_object (&self->project);
  g_clear_pointer (&self->snapshot, cw_training_snapshot_unref);
  g_clear_pointer (&self->parity_truth, g_free);
  g_clear_pointer (&self->parity_pred, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_TRAIN_VIEW);

  G_OBJECT_CLASS (cw_train_view_parent_class)->dispose (object);
}

static void
cw_train_view_class_init (CwTrainViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_train_view_dispose;

  signals[SIGNAL_SAMPLE_ACTIVATED] =
    g_signal_new ("sample-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  /* The template names these types; the builder cannot look symbols up in a static binary. */
  g_type_ensure (CW_TYPE_LOSS_PLOT);
  g_type_ensure (CW_TYPE_PARITY_PLOT);
  g_type_ensure (CW_TYPE_CONFUSION_VIEW);
  g_type_ensure (CW_TYPE_METRICS_TABLE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cw-train-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, main_box);
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, status_label);
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, loss_plot);
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, log_scale_button);
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, metrics_table);
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, result_title);
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, result_stack);
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, result_placeholder);
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, parity_plot);
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, confusion_view);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "trainview");
}

static void
cw_train_view_init (CwTrainView *self)
{
  self->selected_row = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_bind_property (self->log_scale_button, "active", self->loss_plot, "log-scale",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect (self->parity_plot, "point-activated", G_CALLBACK (on_point_activated), self);

  /* Under the status line: an info bar, as the theme colours no warning label. The label is named so
   * tests can find it. */
  self->model_note_box = gtk_info_bar_new ();
  gtk_info_bar_set_message_type (GTK_INFO_BAR (self->model_note_box), GTK_MESSAGE_WARNING);
  self->model_note = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->model_note), "model-note");
  gtk_label_set_xalign (self->model_note, 0.0f);
  gtk_label_set_wrap (self->model_note, TRUE);
  gtk_label_set_selectable (self->model_note, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->model_note), TRUE);
  gtk_info_bar_add_child (GTK_INFO_BAR (self->model_note_box), GTK_WIDGET (self->model_note));
  gtk_widget_set_visible (self->model_note_box, FALSE);
  gtk_box_insert_child_after (GTK_BOX (self->main_box), self->model_note_box, GTK_WIDGET (self->status_label));
}

GtkWidget *
cw_train_view_new (CwProject *project, CwTrainingSession *session)
{
  g_return_val_if_fail (CW_IS_PROJECT (project), NULL);
  g_return_val_if_fail (CW_IS_TRAINING_SESSION (session), NULL);

  CwTrainView *self = g_object_new (CW_TYPE_TRAIN_VIEW, NULL);
  self->project = g_object_ref (project);
  self->session = g_object_ref (session);

  g_signal_connect (session, "snapshot", G_CALLBACK (on_session_snapshot), self);
  g_signal_connect (session, "finished", G_CALLBACK (on_session_finished), self);
  g_signal_connect (session, "notify::state", G_CALLBACK (on_session_state), self);
  g_signal_connect (project, "model-changed", G_CALLBACK (on_project_model_changed), self);
  g_signal_connect (project, "data-changed", G_CALLBACK (on_project_data_changed), self);
  g_signal_connect (project, "settings-changed", G_CALLBACK (on_project_settings_changed), self);
  g_signal_connect (project, "preprocessing-changed", G_CALLBACK (on_project_preprocessing_changed), self);
  update_model_note (self);

  /* Opened on a session that already has something to show (a window created mid-run). */
  CwTrainingSnapshot *current = cw_training_session_get_snapshot (session);
  if (current != NULL && cw_training_session_get_state (session) != CW_SESSION_IDLE)
    on_session_snapshot (session, current, self);
  else
    show_project (self);
  return GTK_WIDGET (self);
}

void
cw_train_view_select_sample (CwTrainView *self, int row)
{
  g_return_if_fail (CW_IS_TRAIN_VIEW (self));
  self->selected_row = row;
  cw_parity_plot_set_selected (self->parity_plot, row);
}

GtkWidget *
cw_train_view_get_loss_plot (CwTrainView *self)
{
  g_return_val_if_fail (CW_IS_TRAIN_VIEW (self), NULL);
  return GTK_WIDGET (self->loss_plot);
}

GtkWidget *
cw_train_view_get_parity_plot (CwTrainView *self)
{
  g_return_val_if_fail (CW_IS_TRAIN_VIEW (self), NULL);
  return GTK_WIDGET (self->parity_plot);
}

GtkWidget *
cw_train_view_get_progress_bar (CwTrainView *self)
{
  g_return_val_if_fail (CW_IS_TRAIN_VIEW (self), NULL);
  return GTK_WIDGET (self->progress_bar);
}

const char *
cw_train_view_get_status (CwTrainView *self)
{
  g_return_val_if_fail (CW_IS_TRAIN_VIEW (self), NULL);
  return gtk_label_get_text (self->status_label);
}
