/* cw-training-settings.c — the training settings form, bound field by field to the project.
 *
 * Each control writes only its own field (the rows are built in cw-training-settings-form.c, each tagged
 * with the Field it edits), so a value the form cannot show exactly is never rewritten by another edit;
 * the project's "settings-changed" and "data-changed" put the project's values back into every control
 * and show the rows that apply (SGD's momentum, a step schedule's step and factor, a meta split's column
 * and value, target standardisation for regression). */
#include "cw-training-settings-private.h"

#include <math.h>

static const cw_optimizer_type optimizer_of_item[] = { CW_OPT_ADAM, CW_OPT_SGD };
static const cw_schedule_type schedule_of_item[] = {
  CW_SCHED_CONSTANT, CW_SCHED_STEP, CW_SCHED_EXPONENTIAL, CW_SCHED_COSINE, CW_SCHED_PLATEAU,
};
static const cw_scaling scaling_of_item[] = { CW_SCALE_NONE, CW_SCALE_PER_FEATURE, CW_SCALE_PER_CHANNEL };

G_DEFINE_FINAL_TYPE (CwTrainingSettings, cw_training_settings, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_PROJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void sync_from_project (CwTrainingSettings *self);

/* ---- values that the engine keeps in several places ---- */

static float
augment_get (const cw_augment *augment, Augment which)
{
  switch (which)
    {
    case AUGMENT_SHIFT: return (float) augment->shift;
    case AUGMENT_NOISE: return augment->noise;
    case AUGMENT_SCALE: return augment->scale;
    case AUGMENT_OFFSET: return augment->offset;
    case AUGMENT_SLOPE: return augment->slope;
    case N_AUGMENTS: break;
    }
  return 0.0f;
}

static void
augment_set (cw_augment *augment, Augment which, double value)
{
  switch (which)
    {
    case AUGMENT_SHIFT: augment->shift = (int) lround (value); break;
    case AUGMENT_NOISE: augment->noise = (float) value; break;
    case AUGMENT_SCALE: augment->scale = (float) value; break;
    case AUGMENT_OFFSET: augment->offset = (float) value; break;
    case AUGMENT_SLOPE: augment->slope = (float) value; break;
    case N_AUGMENTS: break;
    }
}

static const char *
loss_title (cw_loss loss)
{
  switch (loss)
    {
    case CW_LOSS_MSE: return "Mean squared error";
    case CW_LOSS_MAE: return "Mean absolute error";
    case CW_LOSS_CROSS_ENTROPY: return "Cross-entropy";
    case CW_LOSS_BINARY_CROSS_ENTROPY: return "Binary cross-entropy";
    case CW_LOSS_HINGE: return "Hinge";
    case CW_LOSS_EXPONENTIAL: return "Exponential";
    case CW_LOSS_N: break;
    }
  return "?";
}

/* The losses that make sense for a task (the project resets an unsuitable loss on a task change). */
static int
losses_for_task (cw_task task, cw_loss *losses)
{
  int n = 0;
  switch (task)
    {
    case CW_TASK_REGRESSION:
      losses[n++] = CW_LOSS_MSE;
      losses[n++] = CW_LOSS_MAE;
      break;
    case CW_TASK_BINARY:
      losses[n++] = CW_LOSS_BINARY_CROSS_ENTROPY;
      losses[n++] = CW_LOSS_HINGE;
      losses[n++] = CW_LOSS_EXPONENTIAL;
      break;
    case CW_TASK_MULTICLASS:
      losses[n++] = CW_LOSS_CROSS_ENTROPY;
      break;
    case CW_TASK_MULTILABEL:
      losses[n++] = CW_LOSS_BINARY_CROSS_ENTROPY;
      break;
    }
  return n;
}

gboolean
cw_training_settings_count_split (CwProject *project, int *n_train, int *n_validation)
{
  g_return_val_if_fail (CW_IS_PROJECT (project), FALSE);
  *n_train = 0;
  *n_validation = 0;
  if (!cw_project_get_dataset (project))
    return FALSE;
  CwRowRoles rows;
  if (!cw_project_compute_rows (project, NULL, &rows, NULL))
    return FALSE;
  *n_train = rows.counts[CW_ROLE_TRAIN];
  *n_validation = rows.counts[CW_ROLE_VALIDATION];
  cw_row_roles_clear (&rows);
  return TRUE;
}

/* ---- form -> project ---- */

static guint
dropdown_selected (GtkDropDown *dropdown)
{
  return gtk_drop_down_get_selected (dropdown);
}

void
cw_training_settings_field_changed (CwTrainingSettings *self, Field field)
{
  if (self->syncing || !self->project)
    return;

  cw_train_config config = *cw_project_get_train_config (self->project);
  switch (field)
    {
    case FIELD_EPOCHS:
      config.epochs = gtk_spin_button_get_value_as_int (self->epochs_spin);
      break;
    case FIELD_BATCH:
      config.batch = gtk_spin_button_get_value_as_int (self->batch_spin);
      break;
    case FIELD_LOSS:
      {
        guint item = dropdown_selected (self->loss_dropdown);
        if (item < (guint) self->n_losses)
          config.loss = self->losses[item];
        break;
      }
    case FIELD_SEED:
      config.seed = (uint64_t) gtk_spin_button_get_value (self->seed_spin);
      break;
    case FIELD_THREADS:
      cw_project_set_threads (self->project, gtk_spin_button_get_value_as_int (self->threads_spin));
      break;
    case FIELD_OPTIMIZER:
      {
        guint item = dropdown_selected (self->optimizer_dropdown);
        cw_optimizer_type type = item < G_N_ELEMENTS (optimizer_of_item) ? optimizer_of_item[item] : CW_OPT_ADAM;
        if (type != config.optimizer.type)
          {
            /* Adam and SGD want different learning rates: take the new one's defaults, keep the rest. */
            cw_optimizer_config previous = config.optimizer;
            config.optimizer = cw_optimizer_config_default (type);
            config.optimizer.weight_decay = previous.weight_decay;
            config.optimizer.clip_norm = previous.clip_norm;
            config.optimizer.clip_value = previous.clip_value;
          }
        break;
      }
    case FIELD_LR:
      config.optimizer.lr = (float) gtk_spin_button_get_value (self->lr_spin);
      break;
    case FIELD_MOMENTUM:
      config.optimizer.momentum = (float) gtk_spin_button_get_value (self->momentum_spin);
      break;
    case FIELD_NESTEROV:
      config.optimizer.nesterov = gtk_switch_get_active (self->nesterov_switch);
      break;
    case FIELD_WEIGHT_DECAY:
      config.optimizer.weight_decay = (float) gtk_spin_button_get_value (self->weight_decay_spin);
      break;
    case FIELD_SCHEDULE:
      {
        guint item = dropdown_selected (self->schedule_dropdown);
        if (item < G_N_ELEMENTS (schedule_of_item))
          config.schedule.type = schedule_of_item[item];
        /* A factor of 1 or more would not decay; the exponential schedule needs one close to 1. */
        if (config.schedule.type == CW_SCHED_EXPONENTIAL && (config.schedule.gamma <= 0.5f || config.schedule.gamma >= 1.0f))
          config.schedule.gamma = 0.95f;
        else if ((config.schedule.type == CW_SCHED_STEP || config.schedule.type == CW_SCHED_PLATEAU)
                 && (config.schedule.gamma <= 0.0f || config.schedule.gamma >= 1.0f))
          config.schedule.gamma = 0.5f;
        if (config.schedule.step_epochs < 1)
          config.schedule.step_epochs = MAX (config.epochs / 4, 1);
        break;
      }
    case FIELD_STEP_EPOCHS:
      config.schedule.step_epochs = gtk_spin_button_get_value_as_int (self->step_epochs_spin);
      break;
    case FIELD_GAMMA:
      config.schedule.gamma = (float) gtk_spin_button_get_value (self->gamma_spin);
      break;
    case FIELD_MIN_LR:
      config.schedule.min_lr = (float) gtk_spin_button_get_value (self->min_lr_spin);
      break;
    case FIELD_PATIENCE:
      config.patience = gtk_spin_button_get_value_as_int (self->patience_spin);
      break;
    case FIELD_RESTORE_BEST:
      config.restore_best = gtk_switch_get_active (self->restore_best_switch);
      break;
    case FIELD_SCALING:
      {
        guint item = dropdown_selected (self->scaling_dropdown);
        if (item < G_N_ELEMENTS (scaling_of_item))
          config.input_scaling = scaling_of_item[item];
        break;
      }
    case FIELD_STANDARDIZE:
      config.standardize_targets = gtk_switch_get_active (self->standardize_switch);
      break;
    default:
      if (field >= FIELD_AUGMENT && field < FIELD_AUGMENT + N_AUGMENTS)
        {
          Augment which = (Augment) (field - FIELD_AUGMENT);
          gboolean on = gtk_check_button_get_active (self->augment_checks[which]);
          augment_set (&config.augment, which, on ? gtk_spin_button_get_value (self->augment_spins[which]) : 0.0);
        }
      break;
    }
  cw_project_set_train_config (self->project, &config);
  /* An edit the project refused or that changed nothing still needs the form to show the project. */
  sync_from_project (self);
}

void
cw_training_settings_reset_defaults (CwTrainingSettings *self)
{
  cw_train_config config = cw_train_config_default (cw_project_get_task (self->project));
  cw_project_set_train_config (self->project, &config);
  sync_from_project (self);
}

/* ---- project -> form ---- */

static void
set_spin (GtkSpinButton *spin, double value)
{
  gtk_spin_button_set_value (spin, value);
  /* set_value skips the output handler when the value is unchanged but the text was edited. */
  gtk_spin_button_update (spin);
}

static guint
item_of (const int *items, gsize n, int value)
{
  for (gsize i = 0; i < n; i++)
    if (items[i] == value)
      return (guint) i;
  return 0;
}

/* Replaces the items only when they differ: a splice resets the drop-down's selection and rebinds its
 * rows, which must not happen inside the drop-down's own "notify::selected". */
static void
replace_strings (GtkStringList *list, const char *const *strings)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint count = strings ? g_strv_length ((char **) strings) : 0;
  gboolean same = n == count;
  for (guint i = 0; same && i < n; i++)
    same = g_strcmp0 (gtk_string_list_get_string (list, i), strings[i]) == 0;
  if (!same)
    gtk_string_list_splice (list, 0, n, strings);
}

static void
sync_from_project (CwTrainingSettings *self)
{
  if (!self->project)
    return;
  const cw_train_config *config = cw_project_get_train_config (self->project);
  cw_task task = cw_project_get_task (self->project);
  self->syncing++;

  set_spin (self->epochs_spin, config->epochs);
  set_spin (self->batch_spin, config->batch);
  set_spin (self->seed_spin, (double) config->seed);
  set_spin (self->threads_spin, cw_project_get_threads (self->project));

  self->n_losses = losses_for_task (task, self->losses);
  const char *titles[CW_LOSS_N + 1] = { NULL };
  for (int i = 0; i < self->n_losses; i++)
    titles[i] = loss_title (self->losses[i]);
  replace_strings (self->loss_names, titles);
  guint loss_item = GTK_INVALID_LIST_POSITION;
  for (int i = 0; i < self->n_losses; i++)
    if (self->losses[i] == config->loss)
      loss_item = (guint) i;
  gtk_drop_down_set_selected (self->loss_dropdown, loss_item);
  gtk_widget_set_sensitive (GTK_WIDGET (self->loss_dropdown), self->n_losses > 1);

  gboolean sgd = config->optimizer.type == CW_OPT_SGD;
  gtk_drop_down_set_selected (self->optimizer_dropdown,
                              item_of ((const int *) optimizer_of_item, G_N_ELEMENTS (optimizer_of_item),
                                       config->optimizer.type));
  set_spin (self->lr_spin, config->optimizer.lr);
  set_spin (self->momentum_spin, config->optimizer.momentum);
  gtk_switch_set_active (self->nesterov_switch, config->optimizer.nesterov);
  set_spin (self->weight_decay_spin, config->optimizer.weight_decay);
  cw_training_settings_set_row_visible (self->momentum_spin, sgd);
  cw_training_settings_set_row_visible (self->nesterov_switch, sgd);

  /* A built-in recipe or auto brings its own training: only the seed and threads are the project's. */
  gboolean custom = cw_project_is_custom_recipe (self->project);
  gtk_widget_set_visible (GTK_WIDGET (self->custom_grid), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->defaults_button), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->recipe_note), !custom);
  gtk_label_set_text (self->recipe_note, "The recipe sets the epochs (the most that validation may keep), batch, "
                                         "loss, optimizer, schedule, early stopping, input scaling and augmentation. "
                                         "Choose Custom to set them yourself.");

  cw_schedule_type schedule = config->schedule.type;
  gtk_drop_down_set_selected (self->schedule_dropdown,
                              item_of ((const int *) schedule_of_item, G_N_ELEMENTS (schedule_of_item), schedule));
  set_spin (self->step_epochs_spin, config->schedule.step_epochs);
  set_spin (self->gamma_spin, config->schedule.gamma);
  set_spin (self->min_lr_spin, config->schedule.min_lr);
  /* The plateau schedule's patience, factor and floor are the step, factor and final rows. */
  gboolean plateau = schedule == CW_SCHED_PLATEAU;
  cw_training_settings_set_row_visible (self->step_epochs_spin, schedule == CW_SCHED_STEP || plateau);
  cw_training_settings_set_row_visible (self->gamma_spin,
                                        schedule == CW_SCHED_STEP || schedule == CW_SCHED_EXPONENTIAL || plateau);
  cw_training_settings_set_row_visible (self->min_lr_spin, schedule == CW_SCHED_COSINE || plateau);

  set_spin (self->patience_spin, config->patience);
  gtk_switch_set_active (self->restore_best_switch, config->restore_best);
  gtk_drop_down_set_selected (self->scaling_dropdown,
                              item_of ((const int *) scaling_of_item, G_N_ELEMENTS (scaling_of_item),
                                       config->input_scaling));
  gtk_switch_set_active (self->standardize_switch, config->standardize_targets);
  cw_training_settings_set_row_visible (self->standardize_switch, task == CW_TASK_REGRESSION);

  for (int i = 0; i < N_AUGMENTS; i++)
    {
      float amount = augment_get (&config->augment, (Augment) i);
      gtk_check_button_set_active (self->augment_checks[i], amount > 0.0f);
      /* Off keeps the last amount in the spin button, ready for the next time it is ticked. */
      if (amount > 0.0f)
        set_spin (self->augment_spins[i], amount);
      gtk_widget_set_sensitive (GTK_WIDGET (self->augment_spins[i]), amount > 0.0f);
    }

  self->syncing--;
}

GtkWidget *
cw_training_settings_new (CwProject *project)
{
  g_return_val_if_fail (CW_IS_PROJECT (project), NULL);
  return g_object_new (CW_TYPE_TRAINING_SETTINGS, "project", project, NULL);
}

/* ---- GObject ---- */

static void
cw_training_settings_constructed (GObject *object)
{
  CwTrainingSettings *self = CW_TRAINING_SETTINGS (object);
  G_OBJECT_CLASS (cw_training_settings_parent_class)->constructed (object);

  /* A task change swaps the loss list and the target standardisation row. */
  g_signal_connect_object (self->project, "settings-changed", G_CALLBACK (sync_from_project), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "data-changed", G_CALLBACK (sync_from_project), self,
                           G_CONNECT_SWAPPED);
  sync_from_project (self);
}

static void
cw_training_settings_dispose (GObject *object)
{
  CwTrainingSettings *self = CW_TRAINING_SETTINGS (object);

  if (self->project)
    g_signal_handlers_disconnect_by_data (self->project, self);
  if (self->box)
    {
      gtk_widget_unparent (self->box);
      self->box = NULL;
      self->grid = self->custom_grid = self->target = NULL;
    }
  g_clear_object (&self->label_column);
  g_clear_object (&self->loss_names);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (cw_training_settings_parent_class)->dispose (object);
}

static void
cw_training_settings_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CwTrainingSettings *self = CW_TRAINING_SETTINGS (object);

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
cw_training_settings_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CwTrainingSettings *self = CW_TRAINING_SETTINGS (object);

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
cw_training_settings_class_init (CwTrainingSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cw_training_settings_constructed;
  object_class->dispose = cw_training_settings_dispose;
  object_class->get_property = cw_training_settings_get_property;
  object_class->set_property = cw_training_settings_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, CW_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cw-training-settings");
}

static void
cw_training_settings_init (CwTrainingSettings *self)
{
  /* Building the form fires "value-changed" and "notify::selected": nothing to write back yet. */
  self->syncing++;
  cw_training_settings_build_form (self);
  self->syncing--;
}
