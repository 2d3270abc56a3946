/* cw-model-view.h — the Model page: the recipe (auto, a built-in one, or custom) with the ensemble size and
 * auto's time budget; under it the network: for Custom the layer-stack editor (CwLayerStack) bound to the
 * project's spec with undo/redo and the one-line spec (copy out / paste in), for a built-in recipe its
 * network read-only, for auto the candidates it chooses among; beside it the training settings form
 * (Custom's epochs, batch, optimizer, schedule, loss, early stopping, augmentation; every recipe's seed
 * and threads). */
#pragma once

#include <gtk/gtk.h>

#include "cw-project.h"

G_BEGIN_DECLS

#define CW_TYPE_MODEL_VIEW (cw_model_view_get_type ())
G_DECLARE_FINAL_TYPE (CwModelView, cw_model_view, CW, MODEL_VIEW, GtkWidget)

GtkWidget *cw_model_view_new (CwProject *project);
/* TRUE when training can start: the spec (Custom) or the recipe's networks build for the data. The
 * window enables Train on it (also the "valid" property). */
gboolean cw_model_view_get_valid (CwModelView *self);

G_END_DECLS
