/* cw-layer-style.h — the look of the layer-stack editor (cards, drop marks, the flagged card, the summary),
 * as CSS scoped to the .cw-layer-stack class. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Adds the editor's style sheet to display, once (later calls do nothing). NULL is ignored. */
void cw_layer_style_install (GdkDisplay *display);

G_END_DECLS
