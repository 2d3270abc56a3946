/* cw-layer-card.h — one layer of the layer-stack editor: a drag handle, the layer's name, its parameters as
 * in-place editors, its output shape and parameter count, a remove button, and (when the stack breaks here)
 * the reason. The card edits its own copy of the layer spec and says so with "changed"; where it sits in the
 * stack, what it outputs and whether it breaks the stack are told to it by CwLayerStack. */
#pragma once

#include <gtk/gtk.h>

#include "cw-layer-fields.h"
#include "cw-spec.h"

G_BEGIN_DECLS

#define CW_TYPE_LAYER_CARD (cw_layer_card_get_type ())
G_DECLARE_FINAL_TYPE (CwLayerCard, cw_layer_card, CW, LAYER_CARD, GtkWidget)

GtkWidget *cw_layer_card_new (const cw_layer_spec *layer);
/* Replaces the layer's values in place (editors keep focus) without emitting "changed". The type must stay the
 * same: a card never changes what kind of layer it is. */
void cw_layer_card_set_layer (CwLayerCard *self, const cw_layer_spec *layer);
const cw_layer_spec *cw_layer_card_get_layer (CwLayerCard *self);
/* Where the card sits (0-based) among n_layers: enables "card.move-up" / "card.move-down" at the ends and is
 * the value a drag of this card carries. */
void cw_layer_card_set_position (CwLayerCard *self, int index, int n_layers);
int cw_layer_card_get_index (CwLayerCard *self);
/* What the layer produces; NULL when unknown (an earlier layer breaks the stack). */
void cw_layer_card_set_output (CwLayerCard *self, const cw_shape_info *info);
/* Why the stack breaks at this card (adds the "error" style class), or NULL. */
void cw_layer_card_set_problem (CwLayerCard *self, const char *reason);
/* Marks the card new layers are added after (the last one the user worked in). */
void cw_layer_card_set_current (CwLayerCard *self, gboolean current);
/* Read-only: no drag handle, no remove button, editors show their values but take no input. */
void cw_layer_card_set_editable (CwLayerCard *self, gboolean editable);
/* Shares the widths of the name, shape, parameter and remove-button columns with the other cards (and the
 * stack's input card) so they line up. */
void cw_layer_card_add_to_columns (CwLayerCard *self, GtkSizeGroup *name_column, GtkSizeGroup *shape_column,
                                   GtkSizeGroup *params_column, GtkSizeGroup *end_column);

/* For tests and accessibility: the editor of one field ("units", "kernel", "stride", "dilation", "padding",
 * "pad-left", "pad-right", "bias", "rate", "activation", "alpha", "lower", "upper", "momentum", "eps"), NULL
 * when the layer type has no such field. Spin buttons, drop-downs (padding, activation) or a check button. */
GtkWidget *cw_layer_card_get_editor (CwLayerCard *self, const char *field);
const char *cw_layer_card_get_title (CwLayerCard *self);
const char *cw_layer_card_get_shape_text (CwLayerCard *self);  /* "8 × 393", "?" when unknown */
const char *cw_layer_card_get_params_text (CwLayerCard *self); /* "80 params", "–" for none */
const char *cw_layer_card_get_problem (CwLayerCard *self);     /* the reason shown, or NULL */

/* Signals:
 *   "changed" (void)                        the user edited a value; cw_layer_card_get_layer has it
 *   "move-requested" (int delta)            -1 / +1 from "card.move-up" / "card.move-down" (Alt+Up / Alt+Down)
 *   "remove-requested" (void)               "card.remove" (Delete, or the remove button)
 *   "layer-dropped" (int from, gboolean after)  a dragged card (index from) was dropped on this one, before or
 *                                           after it depending on where the pointer was
 */

G_END_DECLS
