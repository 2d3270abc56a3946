/* cw-model-view.h — the Model page: the layer-stack editor (CwLayerStack) bound to the project's spec with
 * undo/redo, the one-line spec (copy out / paste in), total parameters vs training samples, and the
 * training settings form (epochs, batch, optimizer, learning rate and schedule, loss, validation split,
 * seed, early stopping, augmentation) with task-appropriate defaults. */
#pragma once

#include <gtk/gtk.h>

#include "cw-project.h"

G_BEGIN_DECLS

#define CW_TYPE_MODEL_VIEW (cw_model_view_get_type ())
G_DECLARE_FINAL_TYPE (CwModelView, cw_model_view, CW, MODEL_VIEW, GtkWidget)

GtkWidget *cw_model_view_new (CwProject *project);
/* TRUE when the spec builds for the data: the window enables Train on it (also the "valid" property). */
gboolean cw_model_view_get_valid (CwModelView *self);

G_END_DECLS
