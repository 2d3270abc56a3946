/* cw-preprocess-view.c — the Preprocess page: the widget, its actions (add, remove and move steps, apply
 * the typed text), the text entry with located errors, and following the project.
 *
 * The project is the single source of truth, as on the Model page: the steps editor and the entry both
 * write cw_project_set_preprocessing, and the project's "preprocessing-changed" flows back into both and
 * starts a new preview. The steps editor lives in cw-preprocess-steps.c, the preview in
 * cw-preprocess-preview.c. */
#include "cw-preprocess-view-private.h"
#include "cw-drawable.h"

#include <string.h>

G_DEFINE_FINAL_TYPE (CwPreprocessView, cw_preprocess_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_PROJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define HINT "Steps run top to bottom on every signal, for the network and for PLS alike. Centring, " \
             "autoscaling and MSC learn from the training rows only."

/* The message under the entry: an error of the text or of a step, else what the pipeline means. */
void
cw_preprocess_view_show_message (CwPreprocessView *self)
{
  const char *error = self->text_error ? self->text_error : self->step_error;
  gtk_label_set_text (self->message_label, error ? error : HINT);
  if (error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
    }
}

static void
show_text (CwPreprocessView *self)
{
  self->syncing++;
  gtk_editable_set_text (GTK_EDITABLE (self->text_entry), cw_project_get_preprocessing (self->project));
  self->syncing--;
}

static void
on_text_changed (CwPreprocessView *self)
{
  if (self->syncing || !self->text_error)
    return;
  /* The user is fixing the text: the old message no longer points at what is there. */
  g_clear_pointer (&self->text_error, g_free);
  cw_preprocess_view_show_message (self);
}

static void
apply_text (CwPreprocessView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->text_entry));
  g_autoptr(GError) error = NULL;
  g_clear_pointer (&self->step_error, g_free);
  if (!cw_project_set_preprocessing (self->project, text, &error))
    {
      g_free (self->text_error);
      /* The engine's message names the column ("Column 5: 'bogus(3)': unknown preprocessing step ..."). */
      self->text_error = g_strdup (error->message);
      cw_preprocess_view_show_message (self);
      /* Parse again for the offending token's place, and select it (after the focus selected all). */
      cw_error err;
      cw_error_clear (&err);
      cw_pipeline *pipe = cw_pipeline_parse (text, &err);
      cw_pipeline_free (pipe);
      gtk_widget_grab_focus (GTK_WIDGET (self->text_entry));
      if (!pipe && err.column > 0)
        gtk_editable_select_region (GTK_EDITABLE (self->text_entry), err.column - 1,
                                    err.column - 1 + MAX (err.length, 1));
      return;
    }
  /* An unchanged pipeline emits nothing: still show the canonical text and drop an old error. */
  g_clear_pointer (&self->text_error, g_free);
  show_text (self);
  cw_preprocess_view_show_message (self);
}

static void
on_text_activate (CwPreprocessView *self)
{
  apply_text (self);
}

/* ---- following the project ---- */

static void
on_preprocessing_changed (CwPreprocessView *self)
{
  show_text (self);
  cw_preprocess_view_sync_steps (self);
  cw_preprocess_view_show_message (self);
  cw_preprocess_view_queue_preview (self);
}

static void
on_data_changed (CwPreprocessView *self)
{
  const cw_dataset *ds = cw_project_get_dataset (self->project);
  if (ds != self->dataset)
    {
      self->dataset = ds;
      self->selected_row = -1;
      g_array_set_size (self->sample_rows, 0);
      cw_preprocess_view_reset_plots (self);
    }
  /* Also a new target: the colours change. */
  cw_preprocess_view_queue_preview (self);
}

/* ---- actions ---- */

static void
add_step_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CwPreprocessView *self = CW_PREPROCESS_VIEW (widget);
  cw_pre_kind kind;
  if (cw_preprocess_view_kind_from_name (g_variant_get_string (parameter, NULL), &kind))
    cw_preprocess_view_add_step (self, kind);
}

static void
remove_step_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  cw_preprocess_view_remove_step (CW_PREPROCESS_VIEW (widget), g_variant_get_int32 (parameter));
}

static void
move_step_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  int delta = g_str_has_suffix (action_name, "-up") ? -1 : 1;
  cw_preprocess_view_move_step (CW_PREPROCESS_VIEW (widget), g_variant_get_int32 (parameter), delta);
}

static void
apply_text_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  apply_text (CW_PREPROCESS_VIEW (widget));
}

/* ---- public ---- */

GtkWidget *
cw_preprocess_view_new (CwProject *project)
{
  g_return_val_if_fail (CW_IS_PROJECT (project), NULL);
  return g_object_new (CW_TYPE_PREPROCESS_VIEW, "project", project, NULL);
}

void
cw_preprocess_view_select_sample (CwPreprocessView *self, int row)
{
  g_return_if_fail (CW_IS_PREPROCESS_VIEW (self));
  int n = self->dataset ? cw_dataset_n_samples (self->dataset) : 0;
  row = row >= 0 && row < n ? row : -1;
  if (row == self->selected_row)
    return;
  self->selected_row = row;
  cw_preprocess_view_queue_preview (self);
}

void
cw_preprocess_view_set_samples (CwPreprocessView *self, const int *rows, int n_rows)
{
  g_return_if_fail (CW_IS_PREPROCESS_VIEW (self));
  g_return_if_fail (rows != NULL || n_rows == 0);
  g_array_set_size (self->sample_rows, 0);
  if (n_rows > 0)
    g_array_append_vals (self->sample_rows, rows, (guint) n_rows);
  cw_preprocess_view_queue_preview (self);
}

GtkWidget *
cw_preprocess_view_get_raw_plot (CwPreprocessView *self)
{
  g_return_val_if_fail (CW_IS_PREPROCESS_VIEW (self), NULL);
  return GTK_WIDGET (self->raw_plot);
}

GtkWidget *
cw_preprocess_view_get_processed_plot (CwPreprocessView *self)
{
  g_return_val_if_fail (CW_IS_PREPROCESS_VIEW (self), NULL);
  return GTK_WIDGET (self->processed_plot);
}

int
cw_preprocess_view_get_n_step_rows (CwPreprocessView *self)
{
  g_return_val_if_fail (CW_IS_PREPROCESS_VIEW (self), 0);
  int count = 0;
  while (gtk_list_box_get_row_at_index (self->step_list, count) != NULL)
    count++;
  return count;
}

GtkWidget *
cw_preprocess_view_get_text_entry (CwPreprocessView *self)
{
  g_return_val_if_fail (CW_IS_PREPROCESS_VIEW (self), NULL);
  return GTK_WIDGET (self->text_entry);
}

/* ---- GObject ---- */

static void
cw_preprocess_view_constructed (GObject *object)
{
  CwPreprocessView *self = CW_PREPROCESS_VIEW (object);
  G_OBJECT_CLASS (cw_preprocess_view_parent_class)->constructed (object);

  cw_preprocess_view_preview_init (self);
  g_signal_connect_object (self->project, "preprocessing-changed", G_CALLBACK (on_preprocessing_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "data-changed", G_CALLBACK (on_data_changed), self, G_CONNECT_SWAPPED);
  /* The rows' roles decide which rows the pipeline is fitted on. */
  g_signal_connect_object (self->project, "settings-changed", G_CALLBACK (cw_preprocess_view_queue_preview), self,
                           G_CONNECT_SWAPPED);
  on_data_changed (self);
  on_preprocessing_changed (self);
}

static void
cw_preprocess_view_dispose (GObject *object)
{
  CwPreprocessView *self = CW_PREPROCESS_VIEW (object);

  cw_preprocess_view_cancel_preview (self);
  if (self->project)
    g_signal_handlers_disconnect_by_data (self->project, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_PREPROCESS_VIEW);
  g_clear_object (&self->project);
  self->dataset = NULL;

  G_OBJECT_CLASS (cw_preprocess_view_parent_class)->dispose (object);
}

static void
cw_preprocess_view_finalize (GObject *object)
{
  CwPreprocessView *self = CW_PREPROCESS_VIEW (object);

  g_clear_pointer (&self->steps, g_array_unref);
  g_clear_pointer (&self->sample_rows, g_array_unref);
  g_clear_pointer (&self->preview, cw_preview_result_free);
  g_clear_pointer (&self->text_error, g_free);
  g_clear_pointer (&self->step_error, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->axis_label, g_free);

  G_OBJECT_CLASS (cw_preprocess_view_parent_class)->finalize (object);
}

static void
cw_preprocess_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CwPreprocessView *self = CW_PREPROCESS_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_preprocess_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CwPreprocessView *self = CW_PREPROCESS_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_preprocess_view_class_init (CwPreprocessViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cw_preprocess_view_constructed;
  object_class->dispose = cw_preprocess_view_dispose;
  object_class->finalize = cw_preprocess_view_finalize;
  object_class->get_property = cw_preprocess_view_get_property;
  object_class->set_property = cw_preprocess_view_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, CW_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "prep.add-step", "s", add_step_action);
  gtk_widget_class_install_action (widget_class, "prep.remove-step", "i", remove_step_action);
  gtk_widget_class_install_action (widget_class, "prep.move-step-up", "i", move_step_action);
  gtk_widget_class_install_action (widget_class, "prep.move-step-down", "i", move_step_action);
  gtk_widget_class_install_action (widget_class, "prep.apply-text", NULL, apply_text_action);

  /* The template names CwSignalPlot: register it before the builder looks it up. */
  g_type_ensure (CW_TYPE_SIGNAL_PLOT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cw-preprocess-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CwPreprocessView, paned);
  gtk_widget_class_bind_template_child (widget_class, CwPreprocessView, add_button);
  gtk_widget_class_bind_template_child (widget_class, CwPreprocessView, step_list);
  gtk_widget_class_bind_template_child (widget_class, CwPreprocessView, text_entry);
  gtk_widget_class_bind_template_child (widget_class, CwPreprocessView, apply_button);
  gtk_widget_class_bind_template_child (widget_class, CwPreprocessView, message_label);
  gtk_widget_class_bind_template_child (widget_class, CwPreprocessView, status_label);
  gtk_widget_class_bind_template_child (widget_class, CwPreprocessView, raw_plot);
  gtk_widget_class_bind_template_child (widget_class, CwPreprocessView, processed_plot);
  gtk_widget_class_bind_template_callback (widget_class, on_text_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_text_activate);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cw-preprocess-view");
}

static void
cw_preprocess_view_init (CwPreprocessView *self)
{
  self->steps = g_array_new (FALSE, TRUE, sizeof (cw_pre_step));
  self->sample_rows = g_array_new (FALSE, FALSE, sizeof (int));
  self->selected_row = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->raw_plot), "Raw signals");
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->processed_plot), "Preprocessed signals");
}
