/* cw-layer-stack.h — the architecture editor: a vertical list of layer cards.
 * Add from a palette, remove, reorder (drag and drop, or Alt+Up/Down on a focused card), edit parameters in
 * place. Each card shows its output shape (channels x length) and parameter count, updated as you type; the
 * card that breaks an impossible stack is flagged with the reason. Works on a cw_spec (engine/cw-spec.h) and
 * knows nothing of projects: every user edit emits "spec-changed"; undo/redo belongs to the caller, who calls
 * cw_layer_stack_set_spec to restore a state. */
#pragma once

#include <gtk/gtk.h>

#include "cw-spec.h"

G_BEGIN_DECLS

#define CW_TYPE_LAYER_STACK (cw_layer_stack_get_type ())
G_DECLARE_FINAL_TYPE (CwLayerStack, cw_layer_stack, CW, LAYER_STACK, GtkWidget)

GtkWidget *cw_layer_stack_new (void);
/* Replaces the stack (copied) without emitting "spec-changed". */
void cw_layer_stack_set_spec (CwLayerStack *self, const cw_spec *spec);
/* The current stack (owned by the widget, valid until the next edit). */
const cw_spec *cw_layer_stack_get_spec (CwLayerStack *self);
/* Editable (the default) or read-only: no "Add Layer", cards that cannot be moved, removed or edited (a
 * network shown, not designed, e.g. a built-in recipe's). */
void cw_layer_stack_set_editable (CwLayerStack *self, gboolean editable);
/* Input shape fed to the first layer and outputs the last layer must produce (0 = do not check). */
void cw_layer_stack_set_input_shape (CwLayerStack *self, int channels, int length);
void cw_layer_stack_set_n_outputs (CwLayerStack *self, int n_outputs);
/* Training samples, shown beside the total parameter count. */
void cw_layer_stack_set_n_samples (CwLayerStack *self, int n_samples);
/* TRUE when the stack is possible for the input shape and outputs. */
gboolean cw_layer_stack_is_valid (CwLayerStack *self);
/* The reason the stack is impossible (NULL when valid) and the index of the offending card (-1). */
const char *cw_layer_stack_get_problem (CwLayerStack *self, int *layer);
/* Programmatic edits, used by the palette and tests; each emits "spec-changed". */
void cw_layer_stack_insert (CwLayerStack *self, int index, const cw_layer_spec *layer);
void cw_layer_stack_remove (CwLayerStack *self, int index);
void cw_layer_stack_move (CwLayerStack *self, int from, int to);
void cw_layer_stack_update (CwLayerStack *self, int index, const cw_layer_spec *layer);

/* The card of layer index (a CwLayerCard: its editors, shape and parameter texts), NULL when out of range. */
GtkWidget *cw_layer_stack_get_card (CwLayerStack *self, int index);
/* Trainable parameters of the whole stack; 0 while the shape walk cannot get through it. */
guint64 cw_layer_stack_get_total_params (CwLayerStack *self);
/* The line under the cards: "97,633 parameters · 50 training samples". */
const char *cw_layer_stack_get_summary (CwLayerStack *self);
/* The input card's shape: "1 × 401" ("?" before an input shape is set). */
const char *cw_layer_stack_get_input_text (CwLayerStack *self);

/* Signals:
 *   "spec-changed" (void)            after every user edit (the spec is already updated)
 *   "notify::valid"                  the "valid" boolean property changed
 * Actions: "stack.add" (s: a layer type or activation name of the text form, e.g. "conv", "gavgpool",
 * "leakyrelu") inserts that layer with its defaults after the highlighted card (the last one worked in), or
 * at the end; the "Add Layer" palette uses it. Cards have "card.move-up", "card.move-down" (Alt+Up /
 * Alt+Down) and "card.remove" (Delete).
 * The widget scrolls its cards itself and keeps the summary and "Add Layer" visible below them: put it in a
 * pane as it is, not in another scrolled window. */

G_END_DECLS
