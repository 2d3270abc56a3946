/* cw-compare-view.c — the Compare page. It takes the test rows and a copy of the CNN from the project
 * (CwCompareInputs), starts the PLS job and the CNN's job side by side, and shows whatever has arrived; the
 * drift panel gets both models once both jobs are done. A refresh supersedes the jobs of the previous one:
 * their answers are recognised by a generation number and dropped. */
#include "cw-compare-view.h"
#include "cw-drawable.h"

#include <math.h>
#include <string.h>

#include "cw-compare-table.h"
#include "cw-confusion-view.h"
#include "cw-drift-panel.h"
#include "cw-parity-plot.h"
#include "cw-plot-style.h"
#include "cw-saliency-panel.h"

/* Edits come in bursts (typing a spin button, undo): wait for a pause before recomputing. */
#define REFRESH_DELAY_MS 300

struct _CwCompareView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkWidget *main_box;
  GtkSpinner *spinner;
  GtkLabel *status_label;
  GtkButton *train_button;
  CwCompareTable *table;
  GtkLabel *verdict_label;
  GtkLabel *note_label;
  GtkLabel *result_title;
  GtkToggleButton *residuals_button;
  GtkStack *result_stack;
  GtkLabel *result_placeholder;
  CwParityPlot *parity_plot;
  CwConfusionView *cnn_confusion;
  CwConfusionView *pls_confusion;
  CwSaliencyPanel *saliency_panel;
  CwDriftPanel *drift_panel;

  /* owned */
  CwProject *project;
  CwCompareInputs *inputs;       /* of the last refresh; NULL when it failed */
  CwPlsResult *pls;              /* NULL until the PLS job answers (or when it failed) */
  CwSaliencyResult *cnn;         /* NULL until the CNN job answers (or without a CNN) */
  char *inputs_error;            /* why there is nothing to compare */
  char *pls_error, *cnn_error;   /* why a model's side is missing */
  GCancellable *cancellable;     /* of the running jobs */
  guint generation;              /* bumped by every refresh */
  int pending;                   /* jobs of this generation still running */
  gboolean dirty;                /* the project changed since the last refresh */
  guint refresh_source;

  int selected_row;
};

G_DEFINE_FINAL_TYPE (CwCompareView, cw_compare_view, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_SAMPLE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- helpers ---- */

/* PLS answers for the same rows the CNN is tested on (they come from the same split, unless the project
 * changed in between, which a refresh is already on its way to fix). */
static gboolean
pls_matches_inputs (CwCompareView *self)
{
  CwPlsResult *pls = self->pls;
  CwCompareInputs *inputs = self->inputs;
  return pls != NULL && inputs != NULL && pls->n_test == inputs->n && pls->chosen >= 1
         && memcmp (pls->test_rows, inputs->rows, (gsize) inputs->n * sizeof (int)) == 0;
}

static gboolean
has_cnn (CwCompareView *self)
{
  return self->inputs != NULL && self->inputs->model != NULL && self->cnn != NULL;
}

static float *
column_as_floats (const double *values, int n, int stride)
{
  float *out = g_new (float, MAX (n, 1));
  for (int i = 0; i < n; i++)
    out[i] = (float) values[(gsize) i * stride];
  return out;
}

/* ---- the metrics table ---- */

static void
cnn_metrics (CwCompareView *self, CwCompareMetrics *m)
{
  CwCompareInputs *inputs = self->inputs;
  if (inputs->task == CW_TASK_REGRESSION)
    cw_compare_metrics_regression (inputs->truth, self->cnn->pred, inputs->n, inputs->k, m);
  else
    cw_compare_metrics_classes (inputs->classes, self->cnn->classes, inputs->n, inputs->n_classes, m);
}

static void
pls_metrics (CwCompareView *self, CwCompareMetrics *m)
{
  CwPlsResult *pls = self->pls;
  if (!pls->classification)
    {
      cw_compare_metrics_regression (pls->test_truth, pls->test_pred, pls->n_test, pls->q, m);
      /* The job's own figures at the chosen size: the ones the PLS page shows. */
      m->rmsep = pls->rmsep[pls->chosen - 1];
      m->r2 = pls->r2p[pls->chosen - 1];
    }
  else
    cw_compare_metrics_classes (pls->test_class_truth, pls->test_class_pred, pls->n_test,
                                self->inputs->n_classes, m);
}

/* The paired randomisation test on the rows both models predicted: one sentence above the note. */
static void
update_verdict (CwCompareView *self, gboolean both)
{
  CwCompareInputs *inputs = self->inputs;
  g_autofree char *text = NULL;
  if (both)
    {
      CwPlsResult *pls = self->pls;
      gsize cells = (gsize) inputs->n * inputs->k;
      g_autofree double *truth = g_new (double, MAX (cells, 1));
      for (gsize i = 0; i < cells; i++)
        truth[i] = inputs->task == CW_TASK_REGRESSION ? inputs->truth[i] : inputs->y[i];
      cw_paired_comparison c;
      g_autofree char *problem = NULL;
      if (pls->q != inputs->k)
        text = g_strdup ("No verdict: the two models give different numbers of outputs.");
      else if (cw_compare_paired (truth, self->cnn->pred, pls->test_pred, inputs->n, inputs->k,
                                  inputs->task != CW_TASK_REGRESSION, inputs->seed, &c, &problem))
        text = cw_compare_verdict (&c);
      else
        text = g_strdup_printf ("No verdict: %s", problem);
    }
  gtk_label_set_text (self->verdict_label, text ? text : "");
  /* The first sentence in bold: the answer; the rest is how sure it is. */
  const char *end = text ? strstr (text, ". ") : NULL;
  PangoAttrList *attrs = pango_attr_list_new ();
  if (end)
    {
      PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
      bold->start_index = 0;
      bold->end_index = (guint) (end - text + 1);
      pango_attr_list_insert (attrs, bold);
    }
  gtk_label_set_attributes (self->verdict_label, attrs);
  pango_attr_list_unref (attrs);
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_label), text != NULL);
}

static void
update_table (CwCompareView *self)
{
  CwCompareInputs *inputs = self->inputs;
  cw_task task = inputs ? inputs->task : cw_project_get_task (self->project);
  CwCompareMetrics cnn = { 0 }, pls = { 0 };
  gboolean show_cnn = inputs != NULL && has_cnn (self);
  gboolean show_pls = pls_matches_inputs (self);
  if (show_cnn)
    cnn_metrics (self, &cnn);
  if (show_pls)
    pls_metrics (self, &pls);

  /* The CNN's recipe by name (its record says how it was chosen) and its members. */
  g_autofree char *cnn_model = NULL;
  if (show_cnn)
    {
      g_autofree char *name = inputs->cnn_recipe ? g_strndup (inputs->cnn_recipe, strcspn (inputs->cnn_recipe, " "))
                                                 : g_strdup_printf ("%d epochs", inputs->epochs);
      cnn_model = inputs->cnn_members > 1 ? g_strdup_printf ("%s ×%d", name, inputs->cnn_members) : g_strdup (name);
    }
  g_autofree char *pls_model = show_pls ? g_strdup_printf ("%d component%s", self->pls->chosen,
                                                           self->pls->chosen == 1 ? "" : "s")
                                        : NULL;
  cw_compare_table_set (self->table, task, show_cnn ? &cnn : NULL, show_pls ? &pls : NULL, cnn_model, pls_model,
                        inputs ? (const char *const *) inputs->class_names : NULL);
  /* What each chose on (training rows only), and the nested CV estimate of the whole choice: labelled
   * apart from the test scores above. */
  gboolean acc = task != CW_TASK_REGRESSION;
  g_autofree char *pls_cv = NULL, *pls_nested = NULL;
  if (show_pls)
    {
      CwPlsResult *r = self->pls;
      double v = acc ? r->acc_cv[r->chosen - 1] : r->rmsecv[r->chosen - 1];
      pls_cv = acc ? g_strdup_printf ("CV accuracy %.1f %%", 100 * v) : g_strdup_printf ("RMSECV %.4g", v);
      if (r->has_nested)
        pls_nested = acc ? g_strdup_printf ("accuracy %.1f %%", 100 * r->nested_accuracy)
                         : g_strdup_printf ("RMSE %.4g", r->nested_rmse);
    }
  cw_compare_table_add_text_row (self->table, "Chosen on", show_cnn ? inputs->cnn_validation : NULL, pls_cv);
  cw_compare_table_add_text_row (self->table, "Nested CV", NULL, pls_nested);
  cw_compare_metrics_clear (&cnn);
  cw_compare_metrics_clear (&pls);
  update_verdict (self, show_cnn && show_pls);

  /* Say what bold means, and how each model made its choices: never on these rows. */
  g_autoptr (GString) note = g_string_new ("Bold: the better of the two. Neither model chose anything on the test "
                                           "rows.");
  if (show_cnn && inputs->cnn_kept)
    g_string_append_printf (note, " The CNN kept the %s.", inputs->cnn_kept);
  if (show_pls && self->pls->settings.components > 0)
    g_string_append_printf (note, " PLS uses the %d components set on the PLS page.", self->pls->chosen);
  else if (show_pls)
    g_string_append_printf (note, " PLS chose its %s by cross-validation (%s) on the training rows.",
                            self->pls->prep_mode == CW_PLS_PREP_CV ? "preprocessing and components" : "components",
                            self->pls->cv_label);
  if (show_pls && self->pls->has_nested)
    g_string_append (note, " Nested CV: each outer fold scored by the choice an inner CV of the other training "
                           "rows made (the CNN's whole recipe search nested: conv1d compare --nested K).");
  /* PLS reads the spectra after the project's preprocessing; the CNN after the same steps, then its
   * recipe's own. Say so when the CNN predates an edit of the preprocessing. */
  const char *cnn_pre = show_cnn && inputs->model_preprocessing ? inputs->model_preprocessing : NULL;
  if (show_pls && cnn_pre != NULL && g_strcmp0 (cnn_pre, self->pls->pipeline_text) != 0)
    g_string_append_printf (note, " Preprocessing differs: the CNN was trained after “%s”, PLS fitted after “%s”.",
                            cnn_pre[0] ? cnn_pre : "none",
                            self->pls->pipeline_text[0] ? self->pls->pipeline_text : "none");
  else if (show_pls && self->pls->pipeline_text[0])
    g_string_append_printf (note, " Both read the spectra after “%s”.", self->pls->pipeline_text);
  gtk_label_set_text (self->note_label, inputs ? note->str : "");
}

/* ---- predictions: parity plot or confusion matrices ---- */

static void
show_placeholder (CwCompareView *self, const char *text)
{
  gtk_label_set_text (self->result_placeholder, text);
  gtk_stack_set_visible_child_name (self->result_stack, "empty");
}

static void
update_parity (CwCompareView *self)
{
  CwCompareInputs *inputs = self->inputs;
  cw_parity_plot_clear (self->parity_plot);
  if (has_cnn (self))
    {
      g_autofree float *truth = column_as_floats (inputs->truth, inputs->n, inputs->k);
      g_autofree float *pred = column_as_floats (self->cnn->pred, inputs->n, inputs->k);
      GdkRGBA color;
      cw_palette_color (0, &color);
      cw_parity_plot_add_series (self->parity_plot, "CNN", &color, truth, pred, inputs->rows, inputs->n);
    }
  if (pls_matches_inputs (self))
    {
      CwPlsResult *pls = self->pls;
      g_autofree float *truth = column_as_floats (pls->test_truth, pls->n_test, pls->q);
      g_autofree float *pred = column_as_floats (pls->test_pred, pls->n_test, pls->q);
      g_autofree char *label = g_strdup_printf ("PLS (%d LV)", pls->chosen);
      GdkRGBA color;
      cw_palette_color (1, &color);
      cw_parity_plot_add_series (self->parity_plot, label, &color, truth, pred, pls->test_rows, pls->n_test);
    }
  cw_parity_plot_set_axis_label (self->parity_plot, inputs->target_name);
  cw_parity_plot_set_selected (self->parity_plot, self->selected_row);
  if (cw_parity_plot_get_n_series (self->parity_plot) > 0)
    gtk_stack_set_visible_child_name (self->result_stack, "parity");
  else
    show_placeholder (self, self->pending > 0 ? "Computing the predictions…" : "No model has predictions yet.");
}

static void
set_confusion (CwConfusionView *view, const int *truth, const int *pred, int n, int k, char **names)
{
  if (truth == NULL || pred == NULL)
    {
      cw_confusion_view_set_data (view, NULL, 0, NULL);
      return;
    }
  g_autofree long *counts = g_new0 (long, (gsize) k * k);
  for (int i = 0; i < n; i++)
    if (truth[i] >= 0 && truth[i] < k && pred[i] >= 0 && pred[i] < k)
      counts[truth[i] * k + pred[i]]++;
  cw_confusion_view_set_data (view, counts, k, (const char *const *) names);
}

static void
update_confusions (CwCompareView *self)
{
  CwCompareInputs *inputs = self->inputs;
  int k = inputs->n_classes;
  set_confusion (self->cnn_confusion, has_cnn (self) ? inputs->classes : NULL,
                 has_cnn (self) ? self->cnn->classes : NULL, inputs->n, k, inputs->class_names);
  gboolean pls = pls_matches_inputs (self);
  set_confusion (self->pls_confusion, pls ? self->pls->test_class_truth : NULL,
                 pls ? self->pls->test_class_pred : NULL, inputs->n, k, inputs->class_names);
  gtk_stack_set_visible_child_name (self->result_stack, "classes");
}

static void
update_results (CwCompareView *self)
{
  gboolean regression = self->inputs == NULL || self->inputs->task == CW_TASK_REGRESSION;
  gtk_label_set_text (self->result_title, regression ? "Predicted vs true" : "Confusion on the test rows");
  gtk_widget_set_visible (GTK_WIDGET (self->residuals_button), regression);
  if (self->inputs == NULL)
    show_placeholder (self, self->inputs_error ? self->inputs_error : "");
  else if (regression)
    update_parity (self);
  else
    update_confusions (self);
}

/* ---- status ---- */

/* One line, ellipsized, the whole text in the tooltip: a wrapping label would make the window ask for
 * the width of the text on one line when GTK fits width to height. */
static void
set_status_text (CwCompareView *self, const char *text)
{
  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), text);
}

static void
update_status (CwCompareView *self)
{
  gboolean busy = self->pending > 0;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);

  CwCompareInputs *inputs = self->inputs;
  gboolean no_cnn = inputs != NULL && inputs->model == NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->train_button), no_cnn);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");

  if (inputs == NULL)
    {
      set_status_text (self, self->inputs_error ? self->inputs_error : "");
      if (self->inputs_error)
        gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      return;
    }
  g_autoptr (GString) text = g_string_new (NULL);
  g_string_append_printf (text, "The same %d test row%s for both models", inputs->n, inputs->n == 1 ? "" : "s");
  g_autofree char *test_choice = cw_project_describe_test_choice (self->project);
  g_string_append_printf (text, " (%s)", test_choice);
  if (no_cnn)
    g_string_append_printf (text, " · %s PLS is shown alone.", inputs->cnn_problem);
  else if (self->cnn_error)
    g_string_append_printf (text, " · CNN: %s", self->cnn_error);
  if (self->pls_error)
    g_string_append_printf (text, " · PLS: %s", self->pls_error);
  else if (self->pls != NULL && !pls_matches_inputs (self) && !busy)
    g_string_append (text, " · PLS was fitted on another split: refreshing…");
  if (busy)
    g_string_append (text, " · computing…");
  set_status_text (self, text->str);
}

static void
update_drift (CwCompareView *self)
{
  /* Only a complete pair goes to the stress test: handing it one model and then two would clear it twice. */
  if (self->pending > 0)
    return;
  CwPlsResult *pls = pls_matches_inputs (self) ? self->pls : NULL;
  cw_drift_panel_set_models (self->drift_panel, self->inputs, pls);
}

static void
update_all (CwCompareView *self)
{
  update_status (self);
  update_table (self);
  update_results (self);
  cw_saliency_panel_set_data (self->saliency_panel, self->inputs, has_cnn (self) ? self->cnn : NULL,
                              pls_matches_inputs (self) ? self->pls : NULL);
  if (self->inputs == NULL)
    cw_saliency_panel_set_message (self->saliency_panel, NULL);
  else if (self->pending > 0)
    cw_saliency_panel_set_message (self->saliency_panel, "Computing saliency and coefficients…");
  else if (self->inputs->model != NULL && !self->inputs->model_on_axis)
    cw_saliency_panel_set_message (self->saliency_panel, "The CNN reads principal component scores (its "
                                                         "preprocessing ends in pca): it has no saliency over the "
                                                         "signal's axis.");
  else
    cw_saliency_panel_set_message (self->saliency_panel, NULL);
  update_drift (self);
}

/* ---- jobs ---- */

typedef struct
{
  CwCompareView *self;  /* a reference */
  guint generation;
} JobCall;

static JobCall *
job_call_new (CwCompareView *self)
{
  JobCall *call = g_new (JobCall, 1);
  call->self = g_object_ref (self);
  call->generation = self->generation;
  self->pending++;
  return call;
}

/* Takes the call; returns the view when the answer is still wanted (the caller drops its ref). */
static CwCompareView *
job_call_finish (JobCall *call)
{
  CwCompareView *self = call->self;
  gboolean current = call->generation == self->generation;
  g_free (call);
  if (!current)
    {
      g_object_unref (self);
      return NULL;
    }
  self->pending--;
  if (self->pending == 0)
    g_clear_object (&self->cancellable);
  return self;
}

static void
on_pls_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CwPlsResult) result = cw_pls_job_run_finish (res, &error);
  g_autoptr (CwCompareView) self = job_call_finish (user_data);
  if (self == NULL)
    return;
  g_clear_pointer (&self->pls, cw_pls_result_unref);
  g_clear_pointer (&self->pls_error, g_free);
  if (result != NULL)
    self->pls = g_steal_pointer (&result);
  else
    self->pls_error = g_strdup (error->message);
  update_all (self);
}

static void
on_cnn_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CwSaliencyResult) result = cw_saliency_job_run_finish (res, &error);
  g_autoptr (CwCompareView) self = job_call_finish (user_data);
  if (self == NULL)
    return;
  g_clear_pointer (&self->cnn, cw_saliency_result_unref);
  g_clear_pointer (&self->cnn_error, g_free);
  if (result != NULL)
    self->cnn = g_steal_pointer (&result);
  else
    self->cnn_error = g_strdup (error->message);
  update_all (self);
}

static void
cancel_jobs (CwCompareView *self)
{
  self->generation++;
  self->pending = 0;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

void
cw_compare_view_refresh (CwCompareView *self)
{
  g_return_if_fail (CW_IS_COMPARE_VIEW (self));
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  cancel_jobs (self);
  self->dirty = FALSE;

  g_clear_pointer (&self->inputs, cw_compare_inputs_unref);
  g_clear_pointer (&self->pls, cw_pls_result_unref);
  g_clear_pointer (&self->cnn, cw_saliency_result_unref);
  g_clear_pointer (&self->inputs_error, g_free);
  g_clear_pointer (&self->pls_error, g_free);
  g_clear_pointer (&self->cnn_error, g_free);

  /* The stress test described the old models: nothing to run until both new answers are in. */
  cw_drift_panel_set_models (self->drift_panel, NULL, NULL);

  g_autoptr (GError) error = NULL;
  self->inputs = cw_compare_inputs_new (self->project, &error);
  if (self->inputs == NULL)
    {
      self->inputs_error = g_strdup (error->message);
      update_all (self);
      return;
    }
  self->cancellable = g_cancellable_new ();
  cw_pls_job_run_async (self->project, self->cancellable, on_pls_done, job_call_new (self));
  if (self->inputs->model != NULL)
    cw_saliency_job_run_async (self->inputs, self->cancellable, on_cnn_done, job_call_new (self));
  update_all (self);
}

static gboolean
refresh_now (gpointer data)
{
  CwCompareView *self = data;
  self->refresh_source = 0;
  cw_compare_view_refresh (self);
  return G_SOURCE_REMOVE;
}

/* Recompute soon when the page is on screen; otherwise when it is next shown. */
static void
mark_dirty (CwCompareView *self)
{
  self->dirty = TRUE;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_now, self);
}

static void
on_project_changed (CwProject *project, CwCompareView *self)
{
  mark_dirty (self);
}

static void
on_map (GtkWidget *widget, CwCompareView *self)
{
  if (self->dirty && self->refresh_source == 0)
    self->refresh_source = g_idle_add (refresh_now, self);
}

/* ---- user actions ---- */

static void
on_point_activated (CwParityPlot *plot, int id, CwCompareView *self)
{
  cw_compare_view_select_sample (self, id);
  g_signal_emit (self, signals[SIGNAL_SAMPLE_ACTIVATED], 0, id);
}

static void
on_residuals_toggled (GtkToggleButton *button, CwCompareView *self)
{
  cw_parity_plot_set_residuals (self->parity_plot, gtk_toggle_button_get_active (button));
}

static void
on_train_clicked (GtkButton *button, CwCompareView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.train", NULL);
}

/* ---- public ---- */

void
cw_compare_view_select_sample (CwCompareView *self, int row)
{
  g_return_if_fail (CW_IS_COMPARE_VIEW (self));
  self->selected_row = row;
  cw_parity_plot_set_selected (self->parity_plot, row);
}

gboolean
cw_compare_view_is_busy (CwCompareView *self)
{
  g_return_val_if_fail (CW_IS_COMPARE_VIEW (self), FALSE);
  return self->pending > 0 || self->refresh_source != 0;
}

CwCompareInputs *
cw_compare_view_get_inputs (CwCompareView *self)
{
  g_return_val_if_fail (CW_IS_COMPARE_VIEW (self), NULL);
  return self->inputs;
}

CwPlsResult *
cw_compare_view_get_pls_result (CwCompareView *self)
{
  g_return_val_if_fail (CW_IS_COMPARE_VIEW (self), NULL);
  return self->pls;
}

CwSaliencyResult *
cw_compare_view_get_saliency_result (CwCompareView *self)
{
  g_return_val_if_fail (CW_IS_COMPARE_VIEW (self), NULL);
  return self->cnn;
}

GtkWidget *
cw_compare_view_get_table (CwCompareView *self)
{
  g_return_val_if_fail (CW_IS_COMPARE_VIEW (self), NULL);
  return GTK_WIDGET (self->table);
}

GtkWidget *
cw_compare_view_get_parity_plot (CwCompareView *self)
{
  g_return_val_if_fail (CW_IS_COMPARE_VIEW (self), NULL);
  return GTK_WIDGET (self->parity_plot);
}

GtkWidget *
cw_compare_view_get_saliency_panel (CwCompareView *self)
{
  g_return_val_if_fail (CW_IS_COMPARE_VIEW (self), NULL);
  return GTK_WIDGET (self->saliency_panel);
}

GtkWidget *
cw_compare_view_get_drift_panel (CwCompareView *self)
{
  g_return_val_if_fail (CW_IS_COMPARE_VIEW (self), NULL);
  return GTK_WIDGET (self->drift_panel);
}

const char *
cw_compare_view_get_status (CwCompareView *self)
{
  g_return_val_if_fail (CW_IS_COMPARE_VIEW (self), NULL);
  return gtk_label_get_text (self->status_label);
}

const char *
cw_compare_view_get_verdict (CwCompareView *self)
{
  g_return_val_if_fail (CW_IS_COMPARE_VIEW (self), NULL);
  return gtk_label_get_text (self->verdict_label);
}

const char *
cw_compare_view_get_note (CwCompareView *self)
{
  g_return_val_if_fail (CW_IS_COMPARE_VIEW (self), NULL);
  return gtk_label_get_text (self->note_label);
}

/* ---- GObject ---- */

static void
cw_compare_view_dispose (GObject *object)
{
  CwCompareView *self = CW_COMPARE_VIEW (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  cancel_jobs (self);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->project);
  g_clear_pointer (&self->inputs, cw_compare_inputs_unref);
  g_clear_pointer (&self->pls, cw_pls_result_unref);
  g_clear_pointer (&self->cnn, cw_saliency_result_unref);
  g_clear_pointer (&self->inputs_error, g_free);
  g_clear_pointer (&self->pls_error, g_free);
  g_clear_pointer (&self->cnn_error, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_COMPARE_VIEW);

  G_OBJECT_CLASS (cw_compare_view_parent_class)->dispose (object);
}

static void
cw_compare_view_class_init (CwCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_compare_view_dispose;

  signals[SIGNAL_SAMPLE_ACTIVATED] =
    g_signal_new ("sample-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  /* The template names these types; the builder cannot look symbols up in a static binary. */
  g_type_ensure (CW_TYPE_COMPARE_TABLE);
  g_type_ensure (CW_TYPE_PARITY_PLOT);
  g_type_ensure (CW_TYPE_CONFUSION_VIEW);
  g_type_ensure (CW_TYPE_SALIENCY_PANEL);
  g_type_ensure (CW_TYPE_DRIFT_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cw-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CwCompareView, main_box);
  gtk_widget_class_bind_template_child (widget_class, CwCompareView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CwCompareView, status_label);
  gtk_widget_class_bind_template_child (widget_class, CwCompareView, train_button);
  gtk_widget_class_bind_template_child (widget_class, CwCompareView, table);
  gtk_widget_class_bind_template_child (widget_class, CwCompareView, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, CwCompareView, note_label);
  gtk_widget_class_bind_template_child (widget_class, CwCompareView, result_title);
  gtk_widget_class_bind_template_child (widget_class, CwCompareView, residuals_button);
  gtk_widget_class_bind_template_child (widget_class, CwCompareView, result_stack);
  gtk_widget_class_bind_template_child (widget_class, CwCompareView, result_placeholder);
  gtk_widget_class_bind_template_child (widget_class, CwCompareView, parity_plot);
  gtk_widget_class_bind_template_child (widget_class, CwCompareView, cnn_confusion);
  gtk_widget_class_bind_template_child (widget_class, CwCompareView, pls_confusion);
  gtk_widget_class_bind_template_child (widget_class, CwCompareView, saliency_panel);
  gtk_widget_class_bind_template_child (widget_class, CwCompareView, drift_panel);
  gtk_widget_class_bind_template_callback (widget_class, on_point_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_residuals_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_train_clicked);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "compareview");
}

static void
cw_compare_view_init (CwCompareView *self)
{
  self->selected_row = -1;
  self->dirty = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->parity_plot), "Predicted vs measured (test rows)");
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->cnn_confusion), "CNN confusion matrix (test rows)");
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->pls_confusion), "PLS confusion matrix (test rows)");
  g_signal_connect (self, "map", G_CALLBACK (on_map), self);
}

GtkWidget *
cw_compare_view_new (CwProject *project)
{
  g_return_val_if_fail (CW_IS_PROJECT (project), NULL);

  CwCompareView *self = g_object_new (CW_TYPE_COMPARE_VIEW, NULL);
  self->project = g_object_ref (project);
  static const char *const changes[] = { "data-changed", "settings-changed", "preprocessing-changed",
                                         "model-changed" };
  for (gsize i = 0; i < G_N_ELEMENTS (changes); i++)
    g_signal_connect (project, changes[i], G_CALLBACK (on_project_changed), self);
  update_all (self);
  return GTK_WIDGET (self);
}
