/* cw-training-settings.h — the training settings form of the Model page, bound to a CwProject: epochs,
 * batch, optimizer, learning rate and schedule, loss (those that suit the task), validation split (random
 * or by a meta column's value), seed, early stopping, input scaling, augmentation, threads, and a button
 * that restores the defaults of the task. Every edit goes straight to cw_project_set_train_config /
 * _set_validation / _set_threads; "settings-changed" from the project refreshes the form. */
#pragma once

#include <gtk/gtk.h>

#include "cw-project.h"

G_BEGIN_DECLS

#define CW_TYPE_TRAINING_SETTINGS (cw_training_settings_get_type ())
G_DECLARE_FINAL_TYPE (CwTrainingSettings, cw_training_settings, CW, TRAINING_SETTINGS, GtkWidget)

GtkWidget *cw_training_settings_new (CwProject *project);

/* Training and validation rows under the project's split. FALSE (and 0, 0) without data or when the
 * split cannot be made (e.g. a meta column that is gone). */
gboolean cw_training_settings_count_split (CwProject *project, int *n_train, int *n_validation);

G_END_DECLS
