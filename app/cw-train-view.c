/* cw-train-view.c — the Training page. Everything shown comes either from the session's latest snapshot
 * (while and right after training) or from the project's trained model, history and fit summary (after a
 * project is opened); what is drawn from them is in cw-train-view-show.c. A snapshot is immutable: the
 * page keeps a ref to the newest, drops the previous one and copies what it needs into the charts; it
 * never trains or predicts the whole data on the main thread. */
#include "cw-train-view-private.h"
#include "cw-drawable.h"

#include <math.h>

G_DEFINE_FINAL_TYPE (CwTrainView, cw_train_view, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_SAMPLE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- session and project signals ---- */

static void
on_session_snapshot (CwTrainingSession *session, CwTrainingSnapshot *snapshot, CwTrainView *self)
{
  if (snapshot == NULL)
    return;
  CwTrainingSnapshot *previous = g_steal_pointer (&self->snapshot);
  self->snapshot = cw_training_snapshot_ref (snapshot);
  if (previous == NULL)
    cw_train_view_update_loss_label (self);
  g_clear_pointer (&previous, cw_training_snapshot_unref);
  cw_train_view_show_snapshot (self);
}

static void
on_session_finished (CwTrainingSession *session, int status, const char *message, CwTrainView *self)
{
  if (message != NULL && *message != '\0')
    cw_train_view_set_status (self, message, status != CW_OK && status != CW_ERR_ABORTED);
  else if (self->snapshot != NULL)
    {
      g_autofree char *text = cw_train_view_final_message (self->snapshot);
      cw_train_view_set_status (self, text, status != CW_OK && status != CW_ERR_ABORTED);
    }
}

static void
on_session_state (CwTrainingSession *session, GParamSpec *pspec, CwTrainView *self)
{
  CwSessionState state = cw_training_session_get_state (session);
  cw_train_view_update_model_note (self);
  if (state == CW_SESSION_RUNNING && (self->snapshot == NULL || self->snapshot->finished))
    {
      /* A new run: the previous run's final message no longer applies. */
      cw_train_view_set_status (self, NULL, FALSE);
      gtk_progress_bar_set_text (self->progress_bar, "Starting…");
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      cw_train_view_forget_parity (self);
      if (cw_project_get_task (self->project) == CW_TASK_REGRESSION)
        cw_train_view_show_placeholder (self, "Validation predictions appear after the first epoch.");
      return;
    }
  if (state == CW_SESSION_IDLE && self->snapshot == NULL)
    cw_train_view_show_project (self);
  else if (self->snapshot != NULL)
    {
      g_autofree char *text = cw_train_view_progress_text (self->snapshot, state);
      gtk_progress_bar_set_text (self->progress_bar, text);
    }
}

static void
on_project_model_changed (CwProject *project, CwTrainView *self)
{
  cw_train_view_update_model_note (self);
  if (cw_training_session_get_state (self->session) != CW_SESSION_IDLE)
    return;
  /* The model of the run just shown: its final snapshot says more (validation predictions) than the
   * history alone. */
  if (self->snapshot != NULL && self->snapshot->finished && cw_project_get_model (project) != NULL)
    return;
  cw_train_view_show_project (self);
}

static void
on_project_data_changed (CwProject *project, CwTrainView *self)
{
  cw_train_view_update_model_note (self);
  if (cw_training_session_get_state (self->session) != CW_SESSION_IDLE)
    return;
  cw_train_view_show_project (self);
}

static void
on_project_settings_changed (CwProject *project, CwTrainView *self)
{
  cw_train_view_update_loss_label (self);
  if (self->snapshot == NULL && cw_project_get_model (project) == NULL)
    {
      const cw_train_config *config = cw_project_get_train_config (project);
      cw_loss_plot_set_total_epochs (self->loss_plot, config ? config->epochs : 0);
    }
}

static void
on_project_preprocessing_changed (CwProject *project, CwTrainView *self)
{
  cw_train_view_update_model_note (self);
}

/* Test rows only on request: redraw the finished fit's results with the other rows. */
static void
on_test_toggled (CwTrainView *self)
{
  cw_train_view_forget_parity (self);
  if (self->snapshot != NULL && self->snapshot->finished)
    cw_train_view_show_snapshot (self);
  else if (self->snapshot == NULL)
    cw_train_view_show_project (self);
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
  g_type_ensure (CW_TYPE_FIT_TABLE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cw-train-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, main_box);
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, status_label);
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, loss_plot);
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, log_scale_button);
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, fit_title);
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, fit_table);
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, metrics_table);
  gtk_widget_class_bind_template_child (widget_class, CwTrainView, test_button);
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
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->loss_plot), "Loss per epoch");
  g_object_bind_property (self->log_scale_button, "active", self->loss_plot, "log-scale",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect (self->parity_plot, "point-activated", G_CALLBACK (on_point_activated), self);
  g_signal_connect_swapped (self->test_button, "toggled", G_CALLBACK (on_test_toggled), self);

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
  cw_train_view_update_model_note (self);

  /* Opened on a session that already has something to show (a window created mid-run). */
  CwTrainingSnapshot *current = cw_training_session_get_snapshot (session);
  if (current != NULL && cw_training_session_get_state (session) != CW_SESSION_IDLE)
    on_session_snapshot (session, current, self);
  else
    cw_train_view_show_project (self);
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
