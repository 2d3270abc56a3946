/* cw-drawable-menu.h — the context menu every chart has (right click, or a long press on a touch
 * screen): Export…, Copy Values as CSV and Reset Zoom, as actions in a "drawable." group installed on the
 * chart. Export is the application's business, so it is the one item the ui layer cannot carry out: the
 * app hands a handler to an ancestor (the window) and the menu calls the nearest one. */
#pragma once

#include "cw-drawable.h"

G_BEGIN_DECLS

/* Gives the chart its menu, gestures and "drawable." actions: each chart calls it from its init. */
void cw_drawable_menu_attach (CwDrawable *self);

typedef void (*CwDrawableExportFunc) (CwDrawable *drawable, gpointer user_data);
/* Makes Export… of every chart under ancestor call func (NULL removes it). */
void cw_drawable_menu_set_export_handler (GtkWidget *ancestor, CwDrawableExportFunc func, gpointer user_data);

/* The "drawable." actions ("export", "copy-csv", "reset-zoom"), with their enabled states brought up to
 * date: Export needs a handler above the chart, Reset Zoom a zoomed chart. */
GActionGroup *cw_drawable_menu_get_actions (CwDrawable *self);
/* The menu's items, in order. */
GMenuModel *cw_drawable_menu_get_model (CwDrawable *self);
/* Opens the menu at (x, y) in the chart's coordinates, as a right click there does. */
void cw_drawable_menu_popup (CwDrawable *self, double x, double y);
/* The open menu (a GtkPopoverMenu), or NULL when it is closed. */
GtkWidget *cw_drawable_menu_get_popover (CwDrawable *self);

G_END_DECLS
