/* cw-training-settings-private.h — the training settings form's state, shared by
 * cw-training-settings.c (binding: form -> project and project -> form) and
 * cw-training-settings-form.c (building the rows). */
#pragma once

#include "cw-training-settings.h"

G_BEGIN_DECLS

typedef enum
{
  FIELD_EPOCHS = 1,
  FIELD_BATCH,
  FIELD_LOSS,
  FIELD_SEED,
  FIELD_THREADS,
  FIELD_OPTIMIZER,
  FIELD_LR,
  FIELD_MOMENTUM,
  FIELD_NESTEROV,
  FIELD_WEIGHT_DECAY,
  FIELD_SCHEDULE,
  FIELD_STEP_EPOCHS,
  FIELD_GAMMA,
  FIELD_MIN_LR,
  FIELD_PATIENCE,
  FIELD_RESTORE_BEST,
  FIELD_SCALING,
  FIELD_STANDARDIZE,
  FIELD_AUGMENT, /* + augmentation index */
} Field;

typedef enum
{
  AUGMENT_SHIFT,
  AUGMENT_NOISE,
  AUGMENT_SCALE,
  AUGMENT_OFFSET,
  AUGMENT_SLOPE,
  N_AUGMENTS
} Augment;

struct _CwTrainingSettings
{
  GtkWidget parent_instance;

  /* widgets (built in code, owned by the widget tree) */
  GtkWidget *box;                 /* the child: grid, recipe_note, custom_grid */
  GtkGrid *grid;                  /* seed and threads: every recipe's */
  GtkLabel *recipe_note;          /* what a built-in recipe or auto sets itself */
  GtkGrid *custom_grid;           /* Custom's training settings */
  GtkGrid *target;                /* the grid rows are added to while building */
  GtkSizeGroup *label_column;
  GtkButton *defaults_button;
  GtkSpinButton *epochs_spin;
  GtkSpinButton *batch_spin;
  GtkDropDown *loss_dropdown;
  GtkSpinButton *seed_spin;
  GtkSpinButton *threads_spin;
  GtkDropDown *optimizer_dropdown;
  GtkSpinButton *lr_spin;
  GtkSpinButton *momentum_spin;
  GtkSwitch *nesterov_switch;
  GtkSpinButton *weight_decay_spin;
  GtkDropDown *schedule_dropdown;
  GtkSpinButton *step_epochs_spin;
  GtkSpinButton *gamma_spin;
  GtkSpinButton *min_lr_spin;
  GtkSpinButton *patience_spin;
  GtkSwitch *restore_best_switch;
  GtkDropDown *scaling_dropdown;
  GtkSwitch *standardize_switch;
  GtkCheckButton *augment_checks[N_AUGMENTS];
  GtkSpinButton *augment_spins[N_AUGMENTS];

  /* owned */
  CwProject *project;
  GtkStringList *loss_names;

  cw_loss losses[CW_LOSS_N];      /* the loss of each loss_names item */
  int n_losses;
  int next_row;
  guint syncing;                  /* > 0 while the form shows the project: ignore the controls' signals */
};

/* cw-training-settings-form.c */
void cw_training_settings_build_form (CwTrainingSettings *self);
/* Shows or hides a control with its row label. */
void cw_training_settings_set_row_visible (gpointer control, gboolean visible);

/* cw-training-settings.c */
void cw_training_settings_field_changed (CwTrainingSettings *self, Field field);
void cw_training_settings_reset_defaults (CwTrainingSettings *self);

G_END_DECLS
