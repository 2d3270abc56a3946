/* cw-layer-palette.h — the "Add Layer" popover of the layer-stack editor: a column of layer types (conv,
 * pooling, global pooling, flatten, dense, dropout, batch norm) beside a column of activations. Each button
 * activates "stack.add" with the layer's name, so the popover works inside any widget that installs that
 * action (CwLayerStack does) and knows nothing else about it. */
#pragma once

#include <gtk/gtk.h>

#include "cw-spec.h"

G_BEGIN_DECLS

GtkWidget *cw_layer_palette_new (void);
/* The layer a palette name stands for, with its type's defaults: a layer type of the text form ("conv",
 * "gavgpool", "batchnorm") or an activation ("relu", "leakyrelu"). FALSE for any other name. */
gboolean cw_layer_palette_default_layer (const char *name, cw_layer_spec *layer);

G_END_DECLS
