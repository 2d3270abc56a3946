/* cw-model-view.c — the Model page: the layer-stack editor and the one-line spec, both bound to the
 * project's architecture, beside the training settings form; the recipe above them is in
 * cw-model-view-recipe.c.
 *
 * The project is the single source of truth: an edit in the stack or an applied spec goes to
 * cw_project_set_spec (one undo step each), and the project's "spec-changed" (edits, undo, redo, new
 * data) flows back into the stack and the entry. The stack is only reset when its spec differs from the
 * project's, so the card being typed in keeps its focus. */
#include "cw-model-view-private.h"

G_DEFINE_FINAL_TYPE (CwModelView, cw_model_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_PROJECT,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
cw_model_view_set_status (CwModelView *self, const char *text, gboolean error)
{
  gtk_label_set_text (self->status_label, text);
  if (error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
}

/* Custom: valid when the stack accepts the shapes and the project can build a model from it (the project
 * also knows about the target and the task's output function). A recipe: when its networks build. */
void
cw_model_view_update_validity (CwModelView *self)
{
  g_autofree char *problem = NULL;
  gboolean custom = cw_project_is_custom_recipe (self->project);
  gboolean project_ok = cw_project_check_training (self->project, &problem, NULL);
  gboolean stack_ok = !custom || cw_layer_stack_is_valid (self->layer_stack);
  gboolean valid = project_ok && stack_ok;

  if (self->parse_error)
    cw_model_view_set_status (self, self->parse_error, TRUE);
  else if (!project_ok && !cw_project_check_preprocessing (self->project, NULL))
    /* No input length to check the stack against: the stack could only say it lacks one. */
    cw_model_view_set_status (self, problem, TRUE);
  else if (!stack_ok)
    {
      /* The engine's reasons already name the layer ("Layer 3, conv(8,k=500): ..."). */
      const char *reason = cw_layer_stack_get_problem (self->layer_stack, NULL);
      cw_model_view_set_status (self, reason ? reason : "The stack cannot be built.", TRUE);
    }
  else if (!project_ok)
    cw_model_view_set_status (self, problem, TRUE);
  else if (!custom)
    {
      gboolean is_auto = g_strcmp0 (cw_project_get_recipe_settings (self->project)->recipe, CW_RECIPE_AUTO) == 0;
      cw_model_view_set_status (self, is_auto ? "Every candidate builds for these data."
                                              : "The recipe's network builds for these data.", FALSE);
    }
  else
    {
      int n_outputs = cw_project_get_n_outputs (self->project);
      g_autofree char *text = g_strdup_printf ("The stack builds: it ends in %d output%s for the %s task.",
                                               n_outputs, n_outputs == 1 ? "" : "s",
                                               cw_task_name (cw_project_get_task (self->project)));
      cw_model_view_set_status (self, text, FALSE);
    }

  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static void
show_spec_text (CwModelView *self)
{
  g_autofree char *text = cw_spec_to_string (cw_project_get_spec (self->project));
  self->setting_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->spec_entry), text ? text : "");
  self->setting_text = FALSE;
}

static void
on_project_spec_changed (CwModelView *self)
{
  const cw_spec *spec = cw_project_get_spec (self->project);
  if (!cw_spec_equal (spec, cw_layer_stack_get_spec (self->layer_stack)))
    cw_layer_stack_set_spec (self->layer_stack, spec);
  g_clear_pointer (&self->parse_error, g_free);
  show_spec_text (self);
  cw_model_view_update_validity (self);
}

/* The training rows the final model learns from, beside the parameter count; the recipe may change. */
static void
on_project_settings_changed (CwModelView *self)
{
  int n_train = 0, n_validation = 0;
  cw_training_settings_count_split (self->project, &n_train, &n_validation);
  cw_layer_stack_set_n_samples (self->layer_stack, n_train);
  cw_layer_stack_set_n_samples (self->recipe_stack, n_train);
  cw_model_view_sync_recipe (self);
}

/* The network reads the signal after preprocessing, so its input is the pipeline's output: a range
 * selection shortens it. Called for new data, another target or task, and a changed pipeline. */
static void
on_project_data_changed (CwModelView *self)
{
  const cw_dataset *ds = cw_project_get_dataset (self->project);
  int channels = ds ? cw_dataset_n_channels (ds) : 0;
  int file_length = ds ? cw_dataset_length (ds) : 0;
  /* 0 when the pipeline does not fit the data: the stack then checks no length, and the status line
   * (from cw_project_check_spec) says what is wrong with the preprocessing. */
  int length = ds ? cw_project_get_input_length (self->project) : 0;
  int n_outputs = cw_project_get_target (self->project) >= 0 ? cw_project_get_n_outputs (self->project) : 0;
  cw_layer_stack_set_input_shape (self->layer_stack, channels, length);
  cw_layer_stack_set_n_outputs (self->layer_stack, n_outputs);
  cw_layer_stack_set_input_shape (self->recipe_stack, channels, length);
  cw_layer_stack_set_n_outputs (self->recipe_stack, n_outputs);

  g_autofree char *shape = NULL;
  g_autofree char *outputs = g_strdup_printf ("%d output%s (%s)", n_outputs, n_outputs == 1 ? "" : "s",
                                              cw_task_name (cw_project_get_task (self->project)));
  if (!ds)
    shape = g_strdup ("No data loaded");
  else if (length <= 0)
    shape = g_strdup_printf ("Input %d × ? (the preprocessing does not fit these data)  →  %s", channels, outputs);
  else if (length != file_length)
    shape = g_strdup_printf ("Input %d × %d (%d points before preprocessing)  →  %s", channels, length,
                             file_length, outputs);
  else
    shape = g_strdup_printf ("Input %d × %d  →  %s", channels, length, outputs);
  gtk_label_set_text (self->shape_label, shape);
  on_project_settings_changed (self);
}

static void
on_stack_spec_changed (CwModelView *self)
{
  if (!self->project)
    return;
  cw_project_set_spec (self->project, cw_layer_stack_get_spec (self->layer_stack));
}

static void
on_stack_valid_changed (CwModelView *self)
{
  if (self->project)
    cw_model_view_update_validity (self);
}

static void
on_spec_text_changed (CwModelView *self)
{
  if (self->setting_text || !self->parse_error)
    return;
  /* The user is fixing the text: the old message no longer points at what is there. */
  g_clear_pointer (&self->parse_error, g_free);
  cw_model_view_update_validity (self);
}

static void
on_apply_clicked (CwModelView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->spec_entry));
  cw_error err;
  cw_error_clear (&err);
  cw_spec *spec = cw_spec_parse (text, &err);
  if (!spec)
    {
      g_free (self->parse_error);
      /* The engine's message names the column ("Column 18: unknown layer 'bogus' ..."). */
      self->parse_error = g_strdup (err.message);
      cw_model_view_update_validity (self);
      /* Grabbing focus selects the whole text, so select the token afterwards. */
      gtk_widget_grab_focus (GTK_WIDGET (self->spec_entry));
      if (err.column > 0)
        {
          int start = err.column - 1;
          gtk_editable_select_region (GTK_EDITABLE (self->spec_entry), start, start + MAX (err.length, 1));
        }
      return;
    }
  cw_project_set_spec (self->project, spec);
  cw_spec_free (spec);
  /* An unchanged spec emits nothing: still put the canonical text back and drop an old error. */
  g_clear_pointer (&self->parse_error, g_free);
  show_spec_text (self);
  cw_model_view_update_validity (self);
}

static void
on_copy_clicked (CwModelView *self)
{
  g_autofree char *text = cw_spec_to_string (cw_project_get_spec (self->project));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text ? text : "");
}

gboolean
cw_model_view_get_valid (CwModelView *self)
{
  g_return_val_if_fail (CW_IS_MODEL_VIEW (self), FALSE);
  return self->valid;
}

GtkWidget *
cw_model_view_new (CwProject *project)
{
  g_return_val_if_fail (CW_IS_PROJECT (project), NULL);
  return g_object_new (CW_TYPE_MODEL_VIEW, "project", project, NULL);
}

/* ---- GObject ---- */

static void
cw_model_view_constructed (GObject *object)
{
  CwModelView *self = CW_MODEL_VIEW (object);
  G_OBJECT_CLASS (cw_model_view_parent_class)->constructed (object);

  self->settings = CW_TRAINING_SETTINGS (cw_training_settings_new (self->project));
  gtk_scrolled_window_set_child (self->settings_scroller, GTK_WIDGET (self->settings));

  g_signal_connect_object (self->project, "data-changed", G_CALLBACK (on_project_data_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "spec-changed", G_CALLBACK (on_project_spec_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "settings-changed", G_CALLBACK (on_project_settings_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "preprocessing-changed", G_CALLBACK (on_project_data_changed), self,
                           G_CONNECT_SWAPPED);
  on_project_data_changed (self);
  on_project_spec_changed (self);
}

static void
cw_model_view_dispose (GObject *object)
{
  CwModelView *self = CW_MODEL_VIEW (object);

  if (self->project)
    g_signal_handlers_disconnect_by_data (self->project, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_MODEL_VIEW);
  self->settings = NULL;
  g_clear_object (&self->project);
  g_clear_object (&self->recipe_names);
  g_clear_pointer (&self->parse_error, g_free);

  G_OBJECT_CLASS (cw_model_view_parent_class)->dispose (object);
}

static void
cw_model_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CwModelView *self = CW_MODEL_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_model_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CwModelView *self = CW_MODEL_VIEW (object);

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
cw_model_view_class_init (CwModelViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cw_model_view_constructed;
  object_class->dispose = cw_model_view_dispose;
  object_class->get_property = cw_model_view_get_property;
  object_class->set_property = cw_model_view_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, CW_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The template names CwLayerStack: register it before the builder looks it up. */
  g_type_ensure (CW_TYPE_LAYER_STACK);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cw-model-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CwModelView, main_box);
  gtk_widget_class_bind_template_child (widget_class, CwModelView, recipe_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CwModelView, ensemble_spin);
  gtk_widget_class_bind_template_child (widget_class, CwModelView, budget_label);
  gtk_widget_class_bind_template_child (widget_class, CwModelView, budget_spin);
  gtk_widget_class_bind_template_child (widget_class, CwModelView, budget_unit);
  gtk_widget_class_bind_template_child (widget_class, CwModelView, recipe_description);
  gtk_widget_class_bind_template_child (widget_class, CwModelView, network_title);
  gtk_widget_class_bind_template_child (widget_class, CwModelView, network_stack);
  gtk_widget_class_bind_template_child (widget_class, CwModelView, recipe_stack);
  gtk_widget_class_bind_template_child (widget_class, CwModelView, candidates_label);
  gtk_widget_class_bind_template_child (widget_class, CwModelView, spec_bar);
  gtk_widget_class_bind_template_child (widget_class, CwModelView, layer_stack);
  gtk_widget_class_bind_template_child (widget_class, CwModelView, shape_label);
  gtk_widget_class_bind_template_child (widget_class, CwModelView, spec_entry);
  gtk_widget_class_bind_template_child (widget_class, CwModelView, copy_button);
  gtk_widget_class_bind_template_child (widget_class, CwModelView, apply_button);
  gtk_widget_class_bind_template_child (widget_class, CwModelView, status_label);
  gtk_widget_class_bind_template_child (widget_class, CwModelView, settings_scroller);
  gtk_widget_class_bind_template_callback (widget_class, on_stack_spec_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stack_valid_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_spec_text_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cw-model-view");
}

static void
cw_model_view_init (CwModelView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Named for tests, like the template's spec widgets. */
  gtk_widget_set_name (GTK_WIDGET (self->shape_label), "input-shape");
  cw_layer_stack_set_editable (self->recipe_stack, FALSE);
  self->syncing++;
  cw_model_view_recipe_init (self);
  self->syncing--;
}
