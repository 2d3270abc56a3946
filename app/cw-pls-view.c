/* cw-pls-view.c — the PLS page: when to fit, the settings controls and the selected sample.
 *
 * A fit is described by a key made of everything it reads from the project (data generation, target,
 * task, preprocessing, the rows' roles, PLS settings except the chosen number of components). A project
 * change whose key differs from the one fitted schedules a new job after a short pause, cancelling the
 * running one; the page fits only while it is mapped (and once when it is shown with stale inputs).
 * The chosen number of components is not in the key: choosing it only redraws from the result. */
#include "cw-pls-view-private.h"
#include "cw-drawable.h"

#include <math.h>

/* Typing in a spin button or holding its arrow changes settings many times a second: wait this long
 * after the last change before starting a fit. */
#define DEBOUNCE_MS 250

G_DEFINE_FINAL_TYPE (CwPlsView, cw_pls_view, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_SAMPLE_ACTIVATED,
  SIGNAL_RESULT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Positions of validation_dropdown. */
enum
{
  VALIDATION_KFOLD,
  VALIDATION_KFOLD_RANDOM,
  VALIDATION_LOO,
};

/* ---- the job ---- */

static char *
current_key (CwPlsView *self)
{
  CwProject *project = self->project;
  const CwPlsSettings *pls = cw_project_get_pls_settings (project);
  g_autofree char *rows = cw_project_rows_key (project);
  /* The training seed matters only for PLS's own random folds. */
  guint64 seed = pls->cv_random ? cw_project_get_train_config (project)->seed : 0;
  return g_strdup_printf ("%u|%p|%d|%d|%s|%s|%d|%d|%d|%d|%s|%d|%d|%" G_GUINT64_FORMAT, self->data_serial,
                          (const void *) cw_project_get_dataset (project), cw_project_get_target (project),
                          (int) cw_project_get_task (project), cw_project_get_preprocessing (project), rows,
                          pls->max_components, pls->cv_folds, pls->cv_random, (int) pls->algorithm,
                          pls->group_column ? pls->group_column : "", (int) pls->rule,
                          (int) cw_project_get_pls_prep_mode (project), seed);
}

static void
set_busy (CwPlsView *self, gboolean busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
}

static void
cancel_job (CwPlsView *self)
{
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  if (self->cancellable)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      /* The result shown (if any) is not that job's: whatever the inputs are now, they need a fit. */
      g_clear_pointer (&self->job_key, g_free);
    }
  set_busy (self, FALSE);
}

static void
set_result (CwPlsView *self, CwPlsResult *result)
{
  g_clear_pointer (&self->result, cw_pls_result_unref);
  self->result = result;
  self->result_serial++;
  if (result)
    {
      const CwPlsSettings *pls = cw_project_get_pls_settings (self->project);
      int asked = pls->components >= 1 ? pls->components : result->suggested;
      self->components = CLAMP (asked, 1, result->n_components);
    }
  else
    self->components = 0;
  cw_pls_view_show_result (self);
  g_signal_emit (self, signals[SIGNAL_RESULT_CHANGED], 0);
}

static void
on_job_done (GObject *source, GAsyncResult *async_result, gpointer user_data)
{
  g_autoptr (CwPlsView) self = user_data;
  g_autoptr (GError) error = NULL;
  CwPlsResult *result = cw_pls_job_run_finish (async_result, &error);
  /* A cancelled job was replaced (or the page went away): the newer state is not ours to touch. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (!result)
    {
      set_result (self, NULL);
      gtk_label_set_text (self->status_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  set_result (self, result);
}

static void
start_job (CwPlsView *self)
{
  cancel_job (self);
  g_free (self->job_key);
  self->job_key = current_key (self);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_label_set_text (self->status_label, "Fitting PLS…");
  cw_pls_job_run_async (self->project, self->cancellable, on_job_done, g_object_ref (self));
}

static gboolean
on_debounce (gpointer data)
{
  CwPlsView *self = data;
  self->debounce_id = 0;
  start_job (self);
  return G_SOURCE_REMOVE;
}

/* Fits again when the inputs differ from those of the result (or the running job), after the pause. */
static void
schedule_job (CwPlsView *self, gboolean at_once)
{
  g_autofree char *key = current_key (self);
  gboolean stale = g_strcmp0 (key, self->job_key) != 0 || (!self->result && !self->cancellable);
  if (!stale || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (at_once)
    {
      start_job (self);
      return;
    }
  /* The running job answers for inputs that are already outdated: stop it now. */
  cancel_job (self);
  self->debounce_id = g_timeout_add (DEBOUNCE_MS, on_debounce, self);
  set_busy (self, TRUE);
}

/* ---- settings <-> controls ---- */

static gboolean
on_max_output (GtkSpinButton *spin, gpointer user_data)
{
  double value = gtk_spin_button_get_value (spin);
  g_autofree char *text = value <= 0 ? g_strdup ("Auto") : g_strdup_printf ("%.0f", value);
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static int
on_max_input (GtkSpinButton *spin, double *value, gpointer user_data)
{
  if (g_ascii_strcasecmp (gtk_editable_get_text (GTK_EDITABLE (spin)), "Auto") != 0)
    return FALSE;
  *value = 0;
  return TRUE;
}

/* The "Keep together by" choices follow the dataset's meta columns; a column the data lacks shows as
 * None (the fit then says which column is missing). */
static void
sync_group_dropdown (CwPlsView *self, const char *group_column)
{
  const cw_dataset *ds = cw_project_get_dataset (self->project);
  int n_meta = ds ? cw_dataset_n_meta (ds) : 0;
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->group_names));
  gboolean same = n_items == (guint) n_meta + 1;
  for (int j = 0; same && j < n_meta; j++)
    same = g_strcmp0 (gtk_string_list_get_string (self->group_names, j + 1), cw_dataset_meta_name (ds, j)) == 0;
  if (!same)
    {
      g_autofree const char **names = g_new0 (const char *, n_meta + 2);
      names[0] = "None";
      for (int j = 0; j < n_meta; j++)
        names[j + 1] = cw_dataset_meta_name (ds, j);
      gtk_string_list_splice (self->group_names, 0, n_items, names);
    }
  int selected = group_column && ds ? cw_dataset_find_meta (ds, group_column) + 1 : 0;
  gtk_drop_down_set_selected (self->group_dropdown, (guint) MAX (selected, 0));
}

static void
sync_controls (CwPlsView *self)
{
  const CwPlsSettings *pls = cw_project_get_pls_settings (self->project);
  self->syncing = TRUE;
  gtk_spin_button_set_value (self->max_spin, MAX (pls->max_components, 0));
  /* When the CNN cross-validates, PLS chooses its components on the same folds (the Data page's). */
  gboolean cnn_folds = cw_project_get_row_settings (self->project)->choose_by == CW_CHOOSE_CV;
  GtkWidget *own_folds[] = { GTK_WIDGET (self->validation_dropdown), GTK_WIDGET (self->folds_spin),
                             GTK_WIDGET (self->group_dropdown) };
  for (gsize i = 0; i < G_N_ELEMENTS (own_folds); i++)
    {
      /* The template's own tooltip is kept to come back to. */
      if (!g_object_get_data (G_OBJECT (own_folds[i]), "cw-tooltip"))
        g_object_set_data_full (G_OBJECT (own_folds[i]), "cw-tooltip",
                                g_strdup (gtk_widget_get_tooltip_text (own_folds[i])
                                          ? gtk_widget_get_tooltip_text (own_folds[i]) : ""), g_free);
      const char *own = g_object_get_data (G_OBJECT (own_folds[i]), "cw-tooltip");
      gtk_widget_set_tooltip_text (own_folds[i], cnn_folds ? "The CNN cross-validates: PLS chooses its components "
                                                             "on the same folds of the training rows (the Data "
                                                             "page's)"
                                                           : own[0] ? own : NULL);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->validation_dropdown), !cnn_folds);
  gtk_widget_set_sensitive (GTK_WIDGET (self->group_dropdown), !cnn_folds);
  int validation = pls->cv_folds <= 0 ? VALIDATION_LOO : pls->cv_random ? VALIDATION_KFOLD_RANDOM : VALIDATION_KFOLD;
  gtk_drop_down_set_selected (self->validation_dropdown, validation);
  if (pls->cv_folds > 0)
    gtk_spin_button_set_value (self->folds_spin, pls->cv_folds);
  gtk_widget_set_sensitive (GTK_WIDGET (self->folds_spin), pls->cv_folds > 0 && !cnn_folds);
  gtk_drop_down_set_selected (self->algorithm_dropdown, pls->algorithm == CW_PLS_SIMPLS ? 1 : 0);
  gtk_drop_down_set_selected (self->rule_dropdown, (guint) pls->rule);
  gtk_drop_down_set_selected (self->prep_dropdown, (guint) pls->preprocessing);
  static const char *const rule_tips[] = {
    [CW_NCOMP_ONE_SE] = "The fewest components whose RMSECV is within one standard error of the lowest",
    [CW_NCOMP_MIN] = "The number with the lowest RMSECV",
    [CW_NCOMP_FIRST_MIN] = "The first local minimum of RMSECV",
    [CW_NCOMP_WOLD] = "Wold's R: stop when the next component lowers PRESS by less than 5 %",
  };
  if ((int) pls->rule >= 0 && (gsize) pls->rule < G_N_ELEMENTS (rule_tips))
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->suggested_button), rule_tips[pls->rule]);
  sync_group_dropdown (self, pls->group_column);
  if (self->components > 0)
    gtk_spin_button_set_value (self->components_spin, self->components);
  gtk_widget_set_sensitive (GTK_WIDGET (self->suggested_button), pls->components != 0);
  self->syncing = FALSE;
}

/* Writes the controls' values into the project's PLS settings (which emits "settings-changed"). */
static void
store_settings (CwPlsView *self, int components)
{
  if (self->syncing)
    return;
  CwPlsSettings pls = *cw_project_get_pls_settings (self->project);
  pls.max_components = gtk_spin_button_get_value_as_int (self->max_spin);
  guint validation = gtk_drop_down_get_selected (self->validation_dropdown);
  pls.cv_folds = validation == VALIDATION_LOO ? 0 : gtk_spin_button_get_value_as_int (self->folds_spin);
  pls.cv_random = validation == VALIDATION_KFOLD_RANDOM;
  pls.algorithm = gtk_drop_down_get_selected (self->algorithm_dropdown) == 1 ? CW_PLS_SIMPLS : CW_PLS_NIPALS;
  guint rule = gtk_drop_down_get_selected (self->rule_dropdown);
  pls.rule = rule <= CW_NCOMP_WOLD ? (cw_ncomp_rule) rule : CW_NCOMP_ONE_SE;
  guint prep = gtk_drop_down_get_selected (self->prep_dropdown);
  pls.preprocessing = prep <= CW_PLS_PREP_CV ? (CwPlsPrepMode) prep : CW_PLS_PREP_AUTO;
  /* Borrowed from the list (the project keeps its own copy). A column the data lacks shows as None,
   * so the next edit of any control stores None: what the page shows is what is fitted. */
  guint group = gtk_drop_down_get_selected (self->group_dropdown);
  pls.group_column = group >= 1 && group != GTK_INVALID_LIST_POSITION
                       ? (char *) gtk_string_list_get_string (self->group_names, group) : NULL;
  if (components >= 0)
    pls.components = components;
  cw_project_set_pls_settings (self->project, &pls);
}

static void
on_control_changed (CwPlsView *self)
{
  store_settings (self, -1);
}

static void
on_components_changed (GtkSpinButton *spin, CwPlsView *self)
{
  if (self->syncing || !self->result)
    return;
  store_settings (self, gtk_spin_button_get_value_as_int (spin));
}

static void
on_suggested_clicked (GtkButton *button, CwPlsView *self)
{
  store_settings (self, 0);
}

static void
on_scores_axis_changed (GtkSpinButton *spin, CwPlsView *self)
{
  if (!self->syncing)
    cw_pls_view_show_result (self);
}

static void
on_errors_point_activated (CwScatterPlot *plot, int components, CwPlsView *self)
{
  store_settings (self, components);
}

static void
on_sample_point_activated (CwScatterPlot *plot, int row, CwPlsView *self)
{
  cw_pls_view_select_sample (self, row);
  g_signal_emit (self, signals[SIGNAL_SAMPLE_ACTIVATED], 0, row);
}

/* ---- project signals ---- */

static void
on_project_changed (CwPlsView *self)
{
  sync_controls (self);
  /* The chosen number changes only the drawing. */
  if (self->result)
    {
      const CwPlsSettings *pls = cw_project_get_pls_settings (self->project);
      int asked = pls->components >= 1 ? pls->components : self->result->suggested;
      int components = CLAMP (asked, 1, self->result->n_components);
      if (components != self->components)
        {
          self->components = components;
          cw_pls_view_show_result (self);
          sync_controls (self);
        }
    }
  schedule_job (self, FALSE);
}

static void
on_project_data_changed (CwProject *project, CwPlsView *self)
{
  self->data_serial++;
  self->selected_row = -1;
  on_project_changed (self);
}

/* ---- GtkWidget ---- */

static void
cw_pls_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (cw_pls_view_parent_class)->map (widget);
  schedule_job (CW_PLS_VIEW (widget), TRUE);
}

/* The window is going away: a job's reference would keep the page alive until the fit ends. */
static void
cw_pls_view_unrealize (GtkWidget *widget)
{
  cancel_job (CW_PLS_VIEW (widget));
  GTK_WIDGET_CLASS (cw_pls_view_parent_class)->unrealize (widget);
}

static void
cw_pls_view_dispose (GObject *object)
{
  CwPlsView *self = CW_PLS_VIEW (object);

  cancel_job (self);
  if (self->project)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->project);
  g_clear_pointer (&self->result, cw_pls_result_unref);
  g_clear_pointer (&self->job_key, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_PLS_VIEW);

  G_OBJECT_CLASS (cw_pls_view_parent_class)->dispose (object);
}

static void
cw_pls_view_class_init (CwPlsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_pls_view_dispose;
  widget_class->map = cw_pls_view_map;
  widget_class->unrealize = cw_pls_view_unrealize;

  signals[SIGNAL_SAMPLE_ACTIVATED] =
    g_signal_new ("sample-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);
  signals[SIGNAL_RESULT_CHANGED] =
    g_signal_new ("result-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /* The template names these types; the builder cannot look symbols up in a static binary. */
  g_type_ensure (CW_TYPE_SCATTER_PLOT);
  g_type_ensure (CW_TYPE_SIGNAL_PLOT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cw-pls-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, main_box);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, status_label);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, errors_plot);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, scores_plot);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, influence_plot);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, loadings_plot);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, coefficients_plot);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, vip_plot);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, components_spin);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, suggested_button);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, max_spin);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, validation_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, folds_spin);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, group_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, group_names);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, algorithm_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, rule_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, prep_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, test_curve_check);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, choice_label);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, scores_x_spin);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, scores_y_spin);
  gtk_widget_class_bind_template_child (widget_class, CwPlsView, table_grid);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "plsview");
}

static void
cw_pls_view_init (CwPlsView *self)
{
  self->selected_row = -1;
  self->drawn_serial = G_MAXUINT; /* the first drawing sets the axes */
  gtk_widget_init_template (GTK_WIDGET (self));
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->errors_plot), "Error vs components");
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->scores_plot), "Scores");
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->influence_plot), "Influence");
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->loadings_plot), "Loadings");
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->coefficients_plot), "Regression coefficients");
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->vip_plot), "VIP scores");
  set_busy (self, FALSE);

  /* The error plot is a curve over component counts: a click anywhere in a count's column picks it. */
  cw_scatter_plot_set_pick_by_x (self->errors_plot, TRUE);
  cw_scatter_plot_set_x_integer (self->errors_plot, TRUE);
  cw_scatter_plot_set_from_zero (self->errors_plot, FALSE, TRUE);
  cw_scatter_plot_set_id_label (self->errors_plot, "Components", 0);
  /* Samples are named by their 1-based row, as in the data file and the sample list. */
  cw_scatter_plot_set_id_label (self->scores_plot, "Sample", 1);
  cw_scatter_plot_set_id_label (self->influence_plot, "Sample", 1);
  cw_scatter_plot_set_from_zero (self->influence_plot, TRUE, TRUE);

  g_signal_connect_swapped (self->max_spin, "value-changed", G_CALLBACK (on_control_changed), self);
  g_signal_connect_swapped (self->folds_spin, "value-changed", G_CALLBACK (on_control_changed), self);
  g_signal_connect (self->max_spin, "output", G_CALLBACK (on_max_output), NULL);
  g_signal_connect (self->max_spin, "input", G_CALLBACK (on_max_input), NULL);
  g_signal_connect_swapped (self->validation_dropdown, "notify::selected", G_CALLBACK (on_control_changed), self);
  g_signal_connect_swapped (self->algorithm_dropdown, "notify::selected", G_CALLBACK (on_control_changed), self);
  g_signal_connect_swapped (self->group_dropdown, "notify::selected", G_CALLBACK (on_control_changed), self);
  g_signal_connect_swapped (self->rule_dropdown, "notify::selected", G_CALLBACK (on_control_changed), self);
  g_signal_connect_swapped (self->prep_dropdown, "notify::selected", G_CALLBACK (on_control_changed), self);
  g_signal_connect_swapped (self->test_curve_check, "toggled", G_CALLBACK (cw_pls_view_show_result), self);
  g_signal_connect (self->components_spin, "value-changed", G_CALLBACK (on_components_changed), self);
  g_signal_connect (self->suggested_button, "clicked", G_CALLBACK (on_suggested_clicked), self);
  g_signal_connect (self->scores_x_spin, "value-changed", G_CALLBACK (on_scores_axis_changed), self);
  g_signal_connect (self->scores_y_spin, "value-changed", G_CALLBACK (on_scores_axis_changed), self);
  g_signal_connect (self->errors_plot, "point-activated", G_CALLBACK (on_errors_point_activated), self);
  g_signal_connect (self->scores_plot, "point-activated", G_CALLBACK (on_sample_point_activated), self);
  g_signal_connect (self->influence_plot, "point-activated", G_CALLBACK (on_sample_point_activated), self);
}

/* ---- public API ---- */

GtkWidget *
cw_pls_view_new (CwProject *project)
{
  g_return_val_if_fail (CW_IS_PROJECT (project), NULL);
  CwPlsView *self = g_object_new (CW_TYPE_PLS_VIEW, NULL);
  self->project = g_object_ref (project);
  g_signal_connect (project, "data-changed", G_CALLBACK (on_project_data_changed), self);
  g_signal_connect_swapped (project, "settings-changed", G_CALLBACK (on_project_changed), self);
  g_signal_connect_swapped (project, "preprocessing-changed", G_CALLBACK (on_project_changed), self);
  sync_controls (self);
  cw_pls_view_show_result (self);
  return GTK_WIDGET (self);
}

void
cw_pls_view_select_sample (CwPlsView *self, int row)
{
  g_return_if_fail (CW_IS_PLS_VIEW (self));
  self->selected_row = MAX (row, -1);
  cw_scatter_plot_set_selected (self->scores_plot, self->selected_row);
  cw_scatter_plot_set_selected (self->influence_plot, self->selected_row);
}

CwPlsResult *
cw_pls_view_get_result (CwPlsView *self)
{
  g_return_val_if_fail (CW_IS_PLS_VIEW (self), NULL);
  return self->result;
}

int
cw_pls_view_get_components (CwPlsView *self)
{
  g_return_val_if_fail (CW_IS_PLS_VIEW (self), 0);
  return self->components;
}

gboolean
cw_pls_view_is_busy (CwPlsView *self)
{
  g_return_val_if_fail (CW_IS_PLS_VIEW (self), FALSE);
  return self->cancellable != NULL || self->debounce_id != 0;
}

void
cw_pls_view_refresh (CwPlsView *self)
{
  g_return_if_fail (CW_IS_PLS_VIEW (self));
  start_job (self);
}

const char *
cw_pls_view_get_status (CwPlsView *self)
{
  g_return_val_if_fail (CW_IS_PLS_VIEW (self), NULL);
  return gtk_label_get_text (self->status_label);
}

GtkWidget *
cw_pls_view_get_plot (CwPlsView *self, const char *name)
{
  g_return_val_if_fail (CW_IS_PLS_VIEW (self), NULL);
  const struct { const char *name; gpointer plot; } plots[] = {
    { "errors", self->errors_plot }, { "scores", self->scores_plot }, { "influence", self->influence_plot },
    { "loadings", self->loadings_plot }, { "coefficients", self->coefficients_plot }, { "vip", self->vip_plot },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (plots); i++)
    if (g_strcmp0 (name, plots[i].name) == 0)
      return plots[i].plot;
  return NULL;
}

const char *
cw_pls_view_get_table_text (CwPlsView *self, int row, int column)
{
  g_return_val_if_fail (CW_IS_PLS_VIEW (self), NULL);
  if (row < 0 || row >= self->table_rows || column < 0)
    return NULL;
  GtkWidget *child = gtk_grid_get_child_at (self->table_grid, column, row);
  return GTK_IS_LABEL (child) ? gtk_label_get_text (GTK_LABEL (child)) : NULL;
}

void
cw_pls_view_set_show_test_errors (CwPlsView *self, gboolean show)
{
  g_return_if_fail (CW_IS_PLS_VIEW (self));
  gtk_check_button_set_active (self->test_curve_check, show);
}

const char *
cw_pls_view_get_choice_text (CwPlsView *self)
{
  g_return_val_if_fail (CW_IS_PLS_VIEW (self), NULL);
  return gtk_label_get_text (self->choice_label);
}
