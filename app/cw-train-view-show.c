/* cw-train-view-show.c — what the Training page shows. While a fit runs: the stage line and the run's
 * progress, its loss curves and metrics, and the parity plot (or confusion matrix) of the run's own
 * validation rows. After it: the candidates and the kept-weights sentence, the metrics of the training
 * rows, the validation (CV predictions of the training rows, or the holdout rows) and the test rows
 * (scored once by the final model), and the validation parity — the test rows only when the user asks.
 * A project opened with a model but no fit summary (an older file) shows its history and the model's
 * predictions of the validation rows, when cheap. Nothing here trains or predicts the whole data. */
#include "cw-train-view-private.h"
#include "cw-drawable.h"

#include <math.h>

#include "cw-plot-style.h"

/* Predictions of a loaded model without a summary are computed on the main thread only when they are
 * this cheap (forward FLOPs x samples), so opening a big project never freezes the window. */
#define IDLE_PREDICTION_FLOP_BUDGET 5e8

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

/* The text of the progress bar, e.g. "Choosing: deriv-cnn · fold 2 of 5 · run 7 of 24 · epoch 12 / 300 ·
 * 5,230 samples/s · ETA 0:41", or "Final model: linear · done in 0:12". */
char *
cw_train_view_progress_text (const CwTrainingSnapshot *snap, CwSessionState state)
{
  char rate[32], eta[32], elapsed[32];
  format_count (snap->samples_per_s, rate, sizeof rate);
  format_duration (snap->eta_s, eta, sizeof eta);
  format_duration (snap->elapsed_s, elapsed, sizeof elapsed);
  GString *text = g_string_new (NULL);
  if (snap->finished && snap->stage)
    g_string_append_printf (text, "%s · %d epoch%s · done in %s", snap->stage, snap->n_epochs,
                            snap->n_epochs == 1 ? "" : "s", elapsed);
  else
    {
      /* A run's stage first, then where the run is. */
      if (snap->stage)
        g_string_append_printf (text, "%s · ", snap->stage);
      g_string_append_printf (text, "Epoch %d / %d · batch %d / %d · %s samples/s", snap->epoch, snap->epochs,
                              snap->batch, snap->batches, rate);
      if (snap->finished)
        g_string_append_printf (text, " · done in %s", elapsed);
      else
        g_string_append_printf (text, " · ETA %s", eta);
    }
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

/* The final line for a finished fit: the session's message (stopped, failed), or what was chosen. */
char *
cw_train_view_final_message (const CwTrainingSnapshot *snap)
{
  if (snap->message != NULL && *snap->message != '\0')
    return g_strdup (snap->message);
  const CwFitSummary *s = snap->summary;
  if (snap->status == CW_OK && s && s->chosen >= 0)
    {
      const char *name = s->candidates[s->chosen].name;
      g_autofree char *members = s->n_members > 1 ? g_strdup_printf (", %d members averaged", s->n_members)
                                                  : g_strdup ("");
      g_autofree char *kept = s->epoch_reason && s->epoch_reason[0]
                              ? g_strdup_printf (" Kept: %s.", s->epoch_reason) : g_strdup ("");
      if (s->n_candidates > 1)
        return g_strdup_printf ("Finished: %s, chosen among %d recipes by %s%s.%s", name, s->n_candidates,
                                s->validation == CW_VALIDATE_CV ? "cross-validation" : "the validation rows",
                                members, kept);
      return g_strdup_printf ("Finished: %s%s.%s", name, members, kept);
    }
  switch (snap->status)
    {
    case CW_OK:
      return g_strdup_printf ("Finished %d epochs.", snap->n_epochs);
    case CW_ERR_NONFINITE:
      return g_strdup ("Training stopped: the loss became NaN or infinite. Try a smaller learning rate.");
    default:
      return g_strdup_printf ("Training ended: %s.", cw_status_name (snap->status));
    }
}

/* ---- names ---- */

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

static GPtrArray *
class_names (CwTrainView *self, int n)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < n; i++)
    g_ptr_array_add (names, class_name (self, i));
  g_ptr_array_add (names, NULL);
  return names;
}

static char *
target_label (CwTrainView *self, int output)
{
  const cw_dataset *ds = cw_project_get_dataset (self->project);
  int target = cw_project_get_target (self->project);
  if (ds != NULL && target >= 0 && target + output < cw_dataset_n_targets (ds))
    return g_strdup (cw_dataset_target_name (ds, target + output));
  return g_strdup ("target");
}

/* ---- results: parity plot or confusion matrix ---- */

void
cw_train_view_show_placeholder (CwTrainView *self, const char *text)
{
  gtk_label_set_text (self->result_placeholder, text);
  gtk_stack_set_visible_child_name (self->result_stack, "empty");
}

void
cw_train_view_forget_parity (CwTrainView *self)
{
  g_clear_pointer (&self->parity_truth, g_free);
  g_clear_pointer (&self->parity_pred, g_free);
  self->parity_n = 0;
  cw_parity_plot_clear (self->parity_plot);
}

/* n rows of k values; one parity series per output (k > 1 for several regression targets). */
static void
update_parity (CwTrainView *self, const char *series, const float *truth, const float *pred, const int *ids, int n,
               int k)
{
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
      cw_parity_plot_add_series (self->parity_plot, k > 1 ? name : series, &color, t, p, ids, n);
      if (j == 0)
        cw_parity_plot_set_axis_label (self->parity_plot, k > 1 ? "target" : name);
    }
  cw_parity_plot_set_selected (self->parity_plot, self->selected_row);
}

static void
update_confusion (CwTrainView *self, const cw_metrics *m)
{
  if (m->task == CW_TASK_MULTILABEL || m->confusion == NULL)
    {
      cw_train_view_show_placeholder (self, "Several labels: see each label's precision and recall above.");
      return;
    }
  g_autoptr (GPtrArray) names = class_names (self, m->n_classes);
  cw_confusion_view_set_data (self->confusion_view, m->confusion, m->n_classes, (const char *const *) names->pdata);
  gtk_stack_set_visible_child_name (self->result_stack, "confusion");
}

/* Rows and predictions as one result: parity for regression, the confusion matrix otherwise. */
static void
show_results (CwTrainView *self, cw_task task, const char *title, const char *series, const cw_metrics *m,
              const float *truth, const float *pred, const int *ids, int n, int k)
{
  g_autofree char *full = g_strdup_printf ("%s: %s", title, task == CW_TASK_REGRESSION ? "predicted vs true"
                                                                                       : "confusion matrix");
  gtk_label_set_text (self->result_title, full);
  /* The plots carry the same name into their exports and menus. */
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->parity_plot), full);
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->confusion_view), full);
  if (task == CW_TASK_REGRESSION)
    update_parity (self, series, truth, pred, ids, n, k);
  else
    update_confusion (self, m);
}

/* ---- loss curves ---- */

void
cw_train_view_update_loss_label (CwTrainView *self)
{
  const cw_train_config *config = cw_project_get_train_config (self->project);
  if (config == NULL)
    return;
  /* A recipe trains with its task's loss; Custom with the one chosen. */
  cw_loss loss = cw_project_is_custom_recipe (self->project) ? config->loss
                                                              : cw_loss_default_for_task (cw_project_get_task (self->project));
  const char *name;
  switch (loss)
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
                          && (!cw_project_is_custom_recipe (self->project) || config->standardize_targets);
  g_autofree char *label = g_strdup_printf ("%s%s", name, standardised ? " (standardised)" : "");
  cw_loss_plot_set_y_label (self->loss_plot, label);
}

/* The final model's training curve, with the validation curve the epochs were chosen on: the holdout's
 * (in the history) or, when the final model was refitted without validation rows (CV, or a holdout
 * refit), the chosen candidate's validation loss while it was chosen (it runs on to the most epochs
 * tried; the chosen count is marked). */
static void
show_fit_curves (CwTrainView *self, const cw_history *h, const CwFitSummary *s)
{
  gboolean history_validated = FALSE;
  for (int e = 0; h->val_loss && e < h->epochs; e++)
    history_validated |= isfinite (h->val_loss[e]);
  gboolean cv = s && !history_validated && s->curve_loss && s->curve_len > 0;
  cw_loss_plot_set_validation_name (self->loss_plot, !cv ? NULL
                                                    : s->validation == CW_VALIDATE_CV ? "Validation (CV mean)"
                                                                                      : "Validation (holdout run)");
  int n = MAX (h->epochs, cv ? s->curve_len : 0);
  if (n == 0)
    {
      cw_loss_plot_set_data (self->loss_plot, NULL, NULL, 0, 0);
      return;
    }
  g_autofree double *train = g_new (double, n);
  g_autofree double *val = g_new (double, n);
  for (int e = 0; e < n; e++)
    {
      train[e] = e < h->epochs && h->train_loss ? h->train_loss[e] : NAN;
      val[e] = cv ? (e < s->curve_len ? s->curve_loss[e] : NAN) : (e < h->epochs && h->val_loss ? h->val_loss[e] : NAN);
    }
  cw_loss_plot_set_total_epochs (self->loss_plot, n);
  cw_loss_plot_set_data (self->loss_plot, train, val, n, cv ? s->epochs : h->best_epoch);
  /* Curves over several decades (a first epoch far above the rest) read only on a log axis: switch it on
   * for such a result (the toggle above the plot follows; the user may switch it off). */
  double lo = INFINITY, hi = 0;
  for (int e = 0; e < n; e++)
    for (int c = 0; c < 2; c++)
      {
        double v = c ? val[e] : train[e];
        if (isfinite (v) && v > 0)
          {
            lo = MIN (lo, v);
            hi = MAX (hi, v);
          }
      }
  if (hi > 1000 * lo)
    cw_loss_plot_set_log_scale (self->loss_plot, TRUE);
}

/* ---- status lines ---- */

/* The model keeps the pipeline it was trained with, so after the user changes the preprocessing its
 * results (here and on the Inside page) still come from the old one until it is trained again. While a
 * run is under way the old model is about to be replaced: nothing to say. */
void
cw_train_view_update_model_note (CwTrainView *self)
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

void
cw_train_view_set_status (CwTrainView *self, const char *text, gboolean error)
{
  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL && *text != '\0');
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

/* ---- a finished fit ---- */

static const char *
validation_title (const CwFitSummary *s)
{
  switch (s->validation)
    {
    case CW_VALIDATE_CV: return "Cross-validation";
    case CW_VALIDATE_HOLDOUT: return "Validation";
    case CW_VALIDATE_NONE: break;
    }
  return "Validation";
}

/* Validation predictions by default; the test rows, scored once, only when asked for. */
static void
show_summary_results (CwTrainView *self, const CwFitSummary *s)
{
  int n_test = cw_fit_summary_count (s, CW_FIT_ROWS_TEST);
  gtk_widget_set_visible (GTK_WIDGET (self->test_button), n_test > 0 && s->pred != NULL);
  gboolean test = n_test > 0 && gtk_toggle_button_get_active (self->test_button);
  CwFitRows which = test ? CW_FIT_ROWS_TEST : CW_FIT_ROWS_VALIDATION;
  g_autofree int *ids = NULL;
  g_autofree float *truth = NULL;
  g_autofree float *pred = NULL;
  int n = cw_fit_summary_dup_rows (s, which, &ids, &truth, &pred);
  cw_metrics m = { 0 };
  cw_fit_summary_metrics (s, which, &m);
  const char *title = test ? "Test rows (scored once)"
                      : s->validation == CW_VALIDATE_CV ? "Cross-validation predictions" : "Validation rows";
  if (n == 0)
    {
      gtk_label_set_text (self->result_title, title);
      cw_train_view_show_placeholder (self, test ? "No test rows: choose them on the Data page."
                                                 : "No validation predictions: the fit had no validation rows "
                                                   "(choose a holdout or K-fold CV on the Data page).");
    }
  else
    show_results (self, s->task, title, test ? "Test" : s->validation == CW_VALIDATE_CV ? "CV" : "Validation", &m,
                  truth, pred, ids, n, s->k);
  cw_metrics_clear (&m);
}

static void
show_summary (CwTrainView *self, const CwFitSummary *s, const cw_history *h)
{
  gtk_widget_set_visible (GTK_WIDGET (self->fit_title), s->n_candidates > 1 || s->validation != CW_VALIDATE_NONE);
  gtk_label_set_text (self->fit_title, s->n_candidates > 1 ? "Recipes tried" : "Recipe");
  cw_fit_table_set_summary (self->fit_table, s);
  cw_metrics train = { 0 }, val = { 0 }, test = { 0 };
  cw_fit_summary_metrics (s, CW_FIT_ROWS_TRAINING, &train);
  cw_fit_summary_metrics (s, CW_FIT_ROWS_VALIDATION, &val);
  cw_fit_summary_metrics (s, CW_FIT_ROWS_TEST, &test);
  g_autoptr (GPtrArray) names = class_names (self, val.n_classes);
  cw_metrics_table_set_all (self->metrics_table, s->task, &train, &val, validation_title (s), &test,
                            (const char *const *) names->pdata);
  cw_metrics_clear (&train);
  cw_metrics_clear (&val);
  cw_metrics_clear (&test);
  show_fit_curves (self, h, s);
  show_summary_results (self, s);
}

static void
hide_summary (CwTrainView *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->fit_title), FALSE);
  cw_fit_table_set_summary (self->fit_table, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->test_button), FALSE);
}

/* ---- a run in flight, or its end ---- */

void
cw_train_view_show_snapshot (CwTrainView *self)
{
  const CwTrainingSnapshot *snap = self->snapshot;
  CwSessionState state = cw_training_session_get_state (self->session);

  g_autofree char *text = cw_train_view_progress_text (snap, state);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 snap->finished && snap->stage ? 1.0
                                 : snap->stage ? snap->fraction
                                 : cw_train_view_progress_fraction (snap->epoch, snap->epochs, snap->batch,
                                                                    snap->batches));
  if (snap->finished && snap->summary)
    {
      cw_history h = { .epochs = snap->n_epochs, .train_loss = snap->train_loss_hist, .val_loss = snap->val_loss_hist,
                       .best_epoch = snap->best_epoch };
      show_summary (self, snap->summary, &h);
    }
  else
    {
      hide_summary (self);
      cw_loss_plot_set_validation_name (self->loss_plot, NULL);
      cw_loss_plot_set_total_epochs (self->loss_plot, snap->epochs);
      cw_loss_plot_set_data (self->loss_plot, snap->train_loss_hist, snap->val_loss_hist, snap->n_epochs,
                             snap->best_epoch);
      double train_metric = snap->n_epochs > 0 ? snap->train_metric_hist[snap->n_epochs - 1] : NAN;
      g_autoptr (GPtrArray) names = class_names (self, snap->val_metrics.n_classes);
      cw_metrics_table_set (self->metrics_table, snap->task, &snap->val_metrics, train_metric,
                            (const char *const *) names->pdata);
      /* The run's own validation rows: its CV fold, or the holdout. */
      const char *title = snap->final_stage ? "The final model's validation rows" : "This run's validation rows";
      gboolean have = snap->task == CW_TASK_REGRESSION
                      ? snap->n_val > 0 && snap->val_truth != NULL && snap->val_pred != NULL
                      : snap->val_metrics.n > 0;
      if (have)
        show_results (self, snap->task, title, "CNN", &snap->val_metrics, snap->val_truth, snap->val_pred,
                      snap->val_ids, snap->n_val, snap->k);
      else
        {
          gtk_label_set_text (self->result_title, title);
          if (snap->n_epochs > 0 && snap->val_metrics.n == 0)
            cw_train_view_show_placeholder (self, snap->final_stage
                                                    ? "The final model learns from every row it may: its epoch "
                                                      "count was chosen by validation before."
                                                    : "No validation rows in this run.");
          else if (self->parity_n == 0)
            cw_train_view_show_placeholder (self, "Validation predictions appear after the first epoch.");
        }
    }
  if (snap->finished)
    {
      g_autofree char *message = cw_train_view_final_message (snap);
      cw_train_view_set_status (self, message, snap->status != CW_OK && snap->status != CW_ERR_ABORTED);
    }
}

/* ---- a project's model ---- */

/* Predictions of the project's model on the rows of a role (an older project without a fit summary),
 * when cheap enough. The model reads the rows through the pipeline it was trained with. */
static gboolean
predict_rows (CwTrainView *self, cw_model *model, cw_role role, float **truth, float **pred, int **ids, int *n,
              int *k, cw_metrics *metrics)
{
  g_autofree float *y = NULL;
  const cw_dataset *ds = cw_project_get_dataset (self->project);
  if (ds == NULL || cw_model_in_channels (model) != cw_dataset_n_channels (ds)
      || cw_model_raw_length (model) != cw_dataset_length (ds))
    return FALSE;
  CwRowRoles roles;
  if (!cw_project_build_training_data (self->project, NULL, &y, k, NULL)
      || !cw_project_compute_rows (self->project, NULL, &roles, NULL))
    return FALSE;
  int count = roles.counts[role];
  if (*k != cw_model_n_outputs (model) || count == 0 || cw_model_flops (model) * count > IDLE_PREDICTION_FLOP_BUDGET)
    {
      cw_row_roles_clear (&roles);
      return FALSE;
    }
  gsize sample = (gsize) cw_dataset_n_channels (ds) * cw_dataset_length (ds);
  g_autofree float *x = g_new (float, (gsize) count * sample);
  g_autofree float *rows_truth = g_new (float, (gsize) count * *k);
  g_autofree int *rows = g_new (int, count);
  for (int i = 0, j = 0; i < roles.n; i++)
    if (roles.roles[i] == role)
      {
        memcpy (x + j * sample, cw_dataset_signals (ds) + i * sample, sample * sizeof (float));
        memcpy (rows_truth + (gsize) j * *k, y + (gsize) i * *k, (gsize) *k * sizeof (float));
        rows[j++] = i;
      }
  cw_row_roles_clear (&roles);
  g_autofree float *predictions = g_new (float, (gsize) count * *k);
  if (cw_model_predict_raw (model, x, count, predictions, NULL) != CW_OK)
    return FALSE;
  cw_metrics_compute (cw_model_task (model), predictions, rows_truth, count, *k, metrics);
  *truth = g_steal_pointer (&rows_truth);
  *pred = g_steal_pointer (&predictions);
  *ids = g_steal_pointer (&rows);
  *n = count;
  return TRUE;
}

void
cw_train_view_show_project (CwTrainView *self)
{
  g_clear_pointer (&self->snapshot, cw_training_snapshot_unref);
  cw_train_view_update_loss_label (self);

  cw_model *model = cw_project_get_model (self->project);
  const cw_history *hist = cw_project_get_history (self->project);
  CwFitSummary *summary = cw_project_get_fit_summary (self->project);
  cw_task task = cw_project_get_task (self->project);
  cw_train_view_forget_parity (self);
  cw_train_view_set_status (self, NULL, FALSE);
  cw_loss_plot_set_validation_name (self->loss_plot, NULL);

  if (model == NULL || hist == NULL || hist->epochs == 0)
    {
      hide_summary (self);
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_progress_bar_set_text (self->progress_bar, "Not trained yet");
      cw_loss_plot_set_total_epochs (self->loss_plot, cw_project_get_train_config (self->project)
                                                      ? cw_project_get_train_config (self->project)->epochs : 0);
      cw_loss_plot_set_data (self->loss_plot, NULL, NULL, 0, 0);
      cw_metrics_table_set_all (self->metrics_table, task, NULL, NULL, NULL, NULL, NULL);
      gtk_label_set_text (self->result_title, task == CW_TASK_REGRESSION ? "Validation: predicted vs true"
                                                                         : "Validation: confusion matrix");
      cw_train_view_show_placeholder (self, "Train a model to see its validation predictions here.");
      return;
    }

  char elapsed[32];
  format_duration (summary ? summary->seconds : hist->seconds, elapsed, sizeof elapsed);
  const char *recipe = cw_model_get_info (model, "recipe");
  g_autofree char *text = g_strdup_printf ("Trained%s%s · %d epochs%s · %s", recipe ? ": " : "", recipe ? recipe : "",
                                           hist->epochs, hist->stopped_early ? " · stopped early" : "", elapsed);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
  if (summary)
    {
      show_summary (self, summary, hist);
      g_autofree char *kept = g_strdup_printf ("%sKept: %s.", summary->stopped ? "Training was stopped: this is "
                                                                                 "the best model finished by then. "
                                                                               : "",
                                               summary->epoch_reason && summary->epoch_reason[0]
                                               ? summary->epoch_reason : "the last epoch's weights");
      cw_train_view_set_status (self, kept, FALSE);
      return;
    }

  /* An older project: its history, and the model on the validation rows when that is cheap. */
  hide_summary (self);
  cw_loss_plot_set_total_epochs (self->loss_plot, hist->epochs);
  cw_loss_plot_set_data (self->loss_plot, hist->train_loss, hist->val_loss, hist->epochs, hist->best_epoch);
  g_autofree float *truth = NULL;
  g_autofree float *pred = NULL;
  g_autofree int *ids = NULL;
  int n = 0, k = 0;
  cw_metrics val = { 0 };
  if (predict_rows (self, model, CW_ROLE_VALIDATION, &truth, &pred, &ids, &n, &k, &val))
    {
      g_autoptr (GPtrArray) names = class_names (self, val.n_classes);
      cw_metrics_table_set_all (self->metrics_table, cw_model_task (model), NULL, &val, "Validation", NULL,
                                (const char *const *) names->pdata);
      show_results (self, cw_model_task (model), "Validation rows", "CNN", &val, truth, pred, ids, n, k);
      cw_metrics_clear (&val);
    }
  else
    {
      cw_metrics_table_set_all (self->metrics_table, task, NULL, NULL, NULL, NULL, NULL);
      gtk_label_set_text (self->result_title, "Validation rows");
      cw_train_view_show_placeholder (self, "Train the model again to see its validation and test results.");
    }
}
