/* cw-training-settings-form.c — the rows of the training settings form.
 *
 * The form is built in code rather than from a template: it is a long, uniform list of label + control
 * rows in one grid (so labels align across sections), each control tagged with the Field it edits; the
 * binding in cw-training-settings.c reads that tag. */
#include "cw-training-settings-private.h"

static const struct
{
  const char *label;
  const char *tooltip;
  double min, max, step, initial;
  int digits;
} augment_info[N_AUGMENTS] = {
  { "_Shift (points)", "Moves each training signal left or right by up to this many points", 1, 1000, 1, 3, 0 },
  { "_Noise (SD)", "Adds Gaussian noise of this standard deviation (in standardised units)",
    0.001, 10, 0.005, 0.02, 3 },
  { "Sc_ale (SD)", "Multiplies each signal by 1 + a random factor of this standard deviation",
    0.001, 1, 0.01, 0.05, 3 },
  { "_Offset (SD)", "Adds a random baseline offset of this standard deviation", 0.001, 10, 0.01, 0.05, 3 },
  { "Sl_ope (SD)", "Adds a random baseline slope of this standard deviation across the signal",
    0.001, 10, 0.01, 0.05, 3 },
};

static Field
field_of (gpointer widget)
{
  return (Field) GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), "cw-field"));
}

void
cw_training_settings_set_row_visible (gpointer widget, gboolean visible)
{
  gtk_widget_set_visible (GTK_WIDGET (widget), visible);
  GtkWidget *label = g_object_get_data (G_OBJECT (widget), "cw-row-label");
  if (label)
    gtk_widget_set_visible (label, visible);
}

static GtkWidget *
add_heading (CwTrainingSettings *self, const char *title)
{
  GtkWidget *label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "heading");
  if (self->next_row > 0 || self->target != self->grid)
    gtk_widget_set_margin_top (label, 18);
  gtk_grid_attach (self->target, label, 0, self->next_row++, 2, 1);
  return label;
}

/* A grid of label + control rows; the labels of every grid share one width. */
static GtkGrid *
new_grid (CwTrainingSettings *self)
{
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (grid, 12);
  gtk_grid_set_row_spacing (grid, 6);
  return grid;
}

/* One "Label   control" row; the label's mnemonic focuses the control and hides with it. */
static gpointer
add_row (CwTrainingSettings *self, const char *mnemonic, gpointer control, const char *tooltip)
{
  GtkWidget *widget = GTK_WIDGET (control);
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_widget_set_hexpand (widget, TRUE);
  if (GTK_IS_SWITCH (widget))
    {
      gtk_widget_set_hexpand (widget, FALSE);
      gtk_widget_set_halign (widget, GTK_ALIGN_START);
      gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
    }
  if (tooltip)
    {
      gtk_widget_set_tooltip_text (label, tooltip);
      gtk_widget_set_tooltip_text (widget, tooltip);
    }
  g_object_set_data (G_OBJECT (widget), "cw-row-label", label);
  gtk_size_group_add_widget (self->label_column, label);
  gtk_grid_attach (self->target, label, 0, self->next_row, 1, 1);
  gtk_grid_attach (self->target, widget, 1, self->next_row++, 1, 1);
  return control;
}

static void
on_spin_value_changed (GtkSpinButton *spin, CwTrainingSettings *self)
{
  cw_training_settings_field_changed (self, field_of (spin));
}

static void
on_control_notify (GObject *control, GParamSpec *pspec, CwTrainingSettings *self)
{
  cw_training_settings_field_changed (self, field_of (control));
}

static void
on_check_toggled (GtkCheckButton *check, CwTrainingSettings *self)
{
  cw_training_settings_field_changed (self, field_of (check));
}

static GtkSpinButton *
new_spin (CwTrainingSettings *self, Field field, double min, double max, double step, int digits)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (min, max, step));
  gtk_spin_button_set_digits (spin, (guint) digits);
  gtk_spin_button_set_numeric (spin, FALSE); /* "1e-3" and "Off" must be typeable */
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 8);
  g_object_set_data (G_OBJECT (spin), "cw-field", GINT_TO_POINTER (field));
  g_signal_connect (spin, "value-changed", G_CALLBACK (on_spin_value_changed), self);
  return spin;
}

/* Learning rates span decades: show 0.001 and 1e-05 rather than a fixed number of decimals (and 0.9
 * rather than 0.900 for the others). */
static gboolean
on_output_general (GtkSpinButton *spin, gpointer user_data)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd (text, sizeof text, "%g", gtk_spin_button_get_value (spin));
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static gboolean
on_output_off_when_zero (GtkSpinButton *spin, gpointer user_data)
{
  double value = gtk_spin_button_get_value (spin);
  g_autofree char *text = value == 0.0 ? g_strdup ("Off") : g_strdup_printf ("%.0f", value);
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static int
on_input_off_when_zero (GtkSpinButton *spin, double *value, gpointer user_data)
{
  if (g_ascii_strcasecmp (gtk_editable_get_text (GTK_EDITABLE (spin)), "Off") != 0)
    return FALSE; /* a number: the default parser */
  *value = 0.0;
  return TRUE;
}

static GtkDropDown *
new_dropdown (CwTrainingSettings *self, Field field, const char *const *items)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (items));
  g_object_set_data (G_OBJECT (dropdown), "cw-field", GINT_TO_POINTER (field));
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_control_notify), self);
  return dropdown;
}

static GtkDropDown *
new_dropdown_with_model (CwTrainingSettings *self, Field field, GtkStringList *model)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (gtk_drop_down_new (g_object_ref (G_LIST_MODEL (model)), NULL));
  g_object_set_data (G_OBJECT (dropdown), "cw-field", GINT_TO_POINTER (field));
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_control_notify), self);
  return dropdown;
}

static GtkSwitch *
new_switch (CwTrainingSettings *self, Field field)
{
  GtkSwitch *toggle = GTK_SWITCH (gtk_switch_new ());
  g_object_set_data (G_OBJECT (toggle), "cw-field", GINT_TO_POINTER (field));
  g_signal_connect (toggle, "notify::active", G_CALLBACK (on_control_notify), self);
  return toggle;
}

void
cw_training_settings_build_form (CwTrainingSettings *self)
{
  /* The seed and threads apply to every recipe; the rest of the form is Custom's own training. */
  self->label_column = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_margin_start (self->box, 18);
  gtk_widget_set_margin_end (self->box, 18);
  gtk_widget_set_margin_top (self->box, 12);
  gtk_widget_set_margin_bottom (self->box, 18);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->grid = new_grid (self);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->grid));
  self->target = self->grid;

  /* The first heading shares its row with the defaults button. */
  GtkWidget *title = gtk_label_new ("Training");
  gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
  gtk_widget_add_css_class (title, "heading");
  gtk_grid_attach (self->grid, title, 0, self->next_row, 1, 1);
  self->defaults_button = GTK_BUTTON (gtk_button_new_with_mnemonic ("_Defaults for Task"));
  gtk_widget_set_halign (GTK_WIDGET (self->defaults_button), GTK_ALIGN_END);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->defaults_button),
                               "Reset every training setting to the defaults of the current task");
  g_signal_connect_swapped (self->defaults_button, "clicked", G_CALLBACK (cw_training_settings_reset_defaults), self);
  gtk_widget_set_name (GTK_WIDGET (self->defaults_button), "defaults");
  gtk_grid_attach (self->grid, GTK_WIDGET (self->defaults_button), 1, self->next_row++, 1, 1);

  self->seed_spin = add_row (self, "_Seed", new_spin (self, FIELD_SEED, 0, G_MAXINT32, 1, 0),
                             "Initial weights, shuffling, dropout and augmentation; the seeds of every run "
                             "(folds, ensemble members) derive from it");
  self->threads_spin = add_row (self, "_Threads",
                                new_spin (self, FIELD_THREADS, 1, MAX (g_get_num_processors (), 1), 1, 0),
                                "Training runs (folds, candidates, ensemble members) at once; the result does "
                                "not depend on it");
  self->recipe_note = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->recipe_note), "recipe-note");
  gtk_label_set_xalign (self->recipe_note, 0.0f);
  gtk_label_set_wrap (self->recipe_note, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->recipe_note), "dim-label");
  gtk_widget_set_margin_top (GTK_WIDGET (self->recipe_note), 12);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->recipe_note));

  self->custom_grid = new_grid (self);
  gtk_widget_set_margin_top (GTK_WIDGET (self->custom_grid), 6);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->custom_grid));
  self->target = self->custom_grid;
  self->next_row = 0;
  self->epochs_spin = add_row (self, "_Epochs", new_spin (self, FIELD_EPOCHS, 1, 100000, 10, 0),
                               "The most passes over the training rows; validation chooses how many count");
  gtk_widget_set_name (GTK_WIDGET (self->epochs_spin), "epochs"); /* found by name in tests */
  self->batch_spin = add_row (self, "_Batch size", new_spin (self, FIELD_BATCH, 1, 65536, 1, 0),
                              "Samples per gradient step");
  self->loss_names = gtk_string_list_new (NULL);
  self->loss_dropdown = add_row (self, "_Loss", new_dropdown_with_model (self, FIELD_LOSS, self->loss_names),
                                 "Only the losses that suit the task are offered");

  add_heading (self, "Optimizer");
  const char *const optimizers[] = { "Adam", "SGD", NULL };
  self->optimizer_dropdown = add_row (self, "_Optimizer", new_dropdown (self, FIELD_OPTIMIZER, optimizers), NULL);
  self->lr_spin = add_row (self, "Learning _rate", new_spin (self, FIELD_LR, 1e-7, 10, 1e-4, 7), NULL);
  g_signal_connect (self->lr_spin, "output", G_CALLBACK (on_output_general), NULL);
  self->momentum_spin = add_row (self, "_Momentum", new_spin (self, FIELD_MOMENTUM, 0, 0.999, 0.05, 3), NULL);
  g_signal_connect (self->momentum_spin, "output", G_CALLBACK (on_output_general), NULL);
  self->nesterov_switch = add_row (self, "_Nesterov", new_switch (self, FIELD_NESTEROV),
                                   "Nesterov momentum: the gradient is taken after the momentum step");
  self->weight_decay_spin = add_row (self, "_Weight decay", new_spin (self, FIELD_WEIGHT_DECAY, 0, 1, 1e-4, 7),
                                     "L2 penalty added to the gradient");
  g_signal_connect (self->weight_decay_spin, "output", G_CALLBACK (on_output_general), NULL);

  add_heading (self, "Learning-Rate Schedule");
  const char *const schedules[] = { "Constant", "Step", "Exponential", "Cosine", "On plateau", NULL };
  self->schedule_dropdown = add_row (self, "Sc_hedule", new_dropdown (self, FIELD_SCHEDULE, schedules), NULL);
  self->step_epochs_spin = add_row (self, "Step e_very (epochs)",
                                    new_spin (self, FIELD_STEP_EPOCHS, 1, 100000, 1, 0),
                                    "Multiply the learning rate by the factor every this many epochs");
  self->gamma_spin = add_row (self, "_Factor", new_spin (self, FIELD_GAMMA, 0.001, 1, 0.05, 3),
                              "Multiplier of the learning rate at each step (exponential: every epoch)");
  g_signal_connect (self->gamma_spin, "output", G_CALLBACK (on_output_general), NULL);
  self->min_lr_spin = add_row (self, "_Final learning rate", new_spin (self, FIELD_MIN_LR, 0, 10, 1e-5, 7),
                               "The cosine schedule ends at this learning rate");
  g_signal_connect (self->min_lr_spin, "output", G_CALLBACK (on_output_general), NULL);

  add_heading (self, "Early Stopping");
  self->patience_spin = add_row (self, "P_atience (epochs)", new_spin (self, FIELD_PATIENCE, 0, 10000, 1, 0),
                                 "Stop after this many epochs without a better validation loss (0 = off)");
  g_signal_connect (self->patience_spin, "output", G_CALLBACK (on_output_off_when_zero), NULL);
  g_signal_connect (self->patience_spin, "input", G_CALLBACK (on_input_off_when_zero), NULL);
  self->restore_best_switch = add_row (self, "Restore _best weights", new_switch (self, FIELD_RESTORE_BEST),
                                       "End with the weights of the epoch with the best validation loss");

  add_heading (self, "Input");
  const char *const scalings[] = { "None", "Per point (autoscale)", "Per channel", NULL };
  self->scaling_dropdown = add_row (self, "Input _scaling", new_dropdown (self, FIELD_SCALING, scalings),
                                    "Fitted on the training samples and stored in the model");
  self->standardize_switch = add_row (self, "Standardise _targets", new_switch (self, FIELD_STANDARDIZE),
                                      "Regression: train on targets scaled to mean 0 and SD 1");

  add_heading (self, "Augmentation");
  for (int i = 0; i < N_AUGMENTS; i++)
    {
      GtkCheckButton *check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (augment_info[i].label));
      g_object_set_data (G_OBJECT (check), "cw-field", GINT_TO_POINTER (FIELD_AUGMENT + i));
      g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled), self);
      gtk_widget_set_tooltip_text (GTK_WIDGET (check), augment_info[i].tooltip);
      GtkSpinButton *spin = new_spin (self, FIELD_AUGMENT + i, augment_info[i].min, augment_info[i].max,
                                      augment_info[i].step, augment_info[i].digits);
      if (augment_info[i].digits > 0)
        g_signal_connect (spin, "output", G_CALLBACK (on_output_general), NULL);
      gtk_spin_button_set_value (spin, augment_info[i].initial);
      gtk_widget_set_hexpand (GTK_WIDGET (spin), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (spin), FALSE);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY, check, NULL, -1);
      gtk_size_group_add_widget (self->label_column, GTK_WIDGET (check));
      gtk_grid_attach (self->target, GTK_WIDGET (check), 0, self->next_row, 1, 1);
      gtk_grid_attach (self->target, GTK_WIDGET (spin), 1, self->next_row++, 1, 1);
      self->augment_checks[i] = check;
      self->augment_spins[i] = spin;
    }
}
