/* cw-drawable-menu.c — the charts' context menu: a GtkPopoverMenu over a GMenu of "drawable." actions,
 * opened by a secondary click or a touch long press. The popover is made when the menu opens and goes
 * when it has closed, so a chart carries no child widget while nobody looks at its menu. */
#include "cw-drawable-menu.h"

typedef struct
{
  CwDrawableExportFunc func;
  gpointer user_data;
} ExportHandler;

typedef struct
{
  GSimpleActionGroup *actions;
  GMenuModel *model;
  GtkWidget *popover; /* the open menu, NULL when closed */
} MenuState;

static GQuark
menu_state_quark (void)
{
  return g_quark_from_static_string ("cw-drawable-menu-state");
}

static GQuark
export_handler_quark (void)
{
  return g_quark_from_static_string ("cw-drawable-menu-export-handler");
}

static MenuState *
get_state (CwDrawable *self)
{
  return g_object_get_qdata (G_OBJECT (self), menu_state_quark ());
}

static void
menu_state_free (gpointer data)
{
  MenuState *state = data;
  g_clear_object (&state->actions);
  g_clear_object (&state->model);
  g_free (state);
}

static const ExportHandler *
find_export_handler (CwDrawable *self)
{
  for (GtkWidget *w = GTK_WIDGET (self); w; w = gtk_widget_get_parent (w))
    {
      const ExportHandler *handler = g_object_get_qdata (G_OBJECT (w), export_handler_quark ());
      if (handler && handler->func)
        return handler;
    }
  return NULL;
}

void
cw_drawable_menu_set_export_handler (GtkWidget *ancestor, CwDrawableExportFunc func, gpointer user_data)
{
  g_return_if_fail (GTK_IS_WIDGET (ancestor));
  ExportHandler *handler = NULL;
  if (func)
    {
      handler = g_new (ExportHandler, 1);
      handler->func = func;
      handler->user_data = user_data;
    }
  g_object_set_qdata_full (G_OBJECT (ancestor), export_handler_quark (), handler, g_free);
}

/* ---- actions ---- */

static void
set_enabled (MenuState *state, const char *name, gboolean enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (state->actions), name);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
update_enabled (CwDrawable *self, MenuState *state)
{
  set_enabled (state, "export", find_export_handler (self) != NULL);
  set_enabled (state, "reset-zoom", cw_drawable_get_zoomed (self));
}

static void
export_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  CwDrawable *self = user_data;
  const ExportHandler *handler = find_export_handler (self);
  if (handler)
    handler->func (self, handler->user_data);
}

static void
copy_csv_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  CwDrawable *self = user_data;
  g_autofree char *csv = cw_drawable_dup_csv (self);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), csv);
}

static void
reset_zoom_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  CwDrawable *self = user_data;
  cw_drawable_reset_zoom (self);
  update_enabled (self, get_state (self));
}

static const GActionEntry menu_actions[] = {
  { .name = "export", .activate = export_activated },
  { .name = "copy-csv", .activate = copy_csv_activated },
  { .name = "reset-zoom", .activate = reset_zoom_activated },
};

static GMenuModel *
build_model (CwDrawable *self)
{
  GMenu *menu = g_menu_new ();
  g_autoptr (GMenu) files = g_menu_new ();
  g_menu_append (files, "_Export…", "drawable.export");
  g_menu_append (files, "_Copy Values as CSV", "drawable.copy-csv");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (files));
  /* Only charts that zoom offer to reset it: a greyed item that can never work is noise. */
  if (cw_drawable_can_zoom (self))
    {
      g_autoptr (GMenu) view = g_menu_new ();
      g_menu_append (view, "_Reset Zoom", "drawable.reset-zoom");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (view));
    }
  return G_MENU_MODEL (menu);
}

/* ---- the popover ---- */

static gboolean
unparent_closed_popover (gpointer data)
{
  g_autoptr (GtkWidget) popover = data;
  if (gtk_widget_get_parent (popover))
    gtk_widget_unparent (popover);
  return G_SOURCE_REMOVE;
}

static void
on_popover_closed (GtkPopover *popover, CwDrawable *self)
{
  MenuState *state = get_state (self);
  if (state && state->popover == GTK_WIDGET (popover))
    state->popover = NULL;
  /* Not now: the item that closed the menu activates its action after this, through the popover's
   * place under the chart. */
  g_idle_add (unparent_closed_popover, g_object_ref (popover));
}

/* Any popover still under the chart (open, or closed and waiting for its idle) leaves with it. */
static void
on_chart_destroy (CwDrawable *self)
{
  MenuState *state = get_state (self);
  if (state)
    state->popover = NULL;
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
  while (child)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);
      if (GTK_IS_POPOVER (child))
        {
          g_signal_handlers_disconnect_by_data (child, self);
          gtk_widget_unparent (child);
        }
      child = next;
    }
}

static gboolean
present_on_tick (GtkWidget *popover, GdkFrameClock *clock, gpointer data)
{
  if (gtk_widget_get_visible (popover))
    gtk_popover_present (GTK_POPOVER (popover));
  return G_SOURCE_CONTINUE;
}

void
cw_drawable_menu_popup (CwDrawable *self, double x, double y)
{
  g_return_if_fail (CW_IS_DRAWABLE (self));
  MenuState *state = get_state (self);
  g_return_if_fail (state != NULL);
  if (state->popover)
    gtk_popover_popdown (GTK_POPOVER (state->popover));
  update_enabled (self, state);
  GtkWidget *popover = gtk_popover_menu_new_from_model (state->model);
  gtk_widget_set_parent (popover, GTK_WIDGET (self));
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_widget_set_halign (popover, GTK_ALIGN_START);
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  g_signal_connect (popover, "closed", G_CALLBACK (on_popover_closed), self);
  state->popover = popover;
  /* The charts have no size_allocate that presents child popovers (as GtkMenuButton does), so the
   * popover presents itself on each frame while it is open: its first layout alone cuts off the last
   * item. */
  gtk_widget_add_tick_callback (popover, present_on_tick, NULL, NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

GtkWidget *
cw_drawable_menu_get_popover (CwDrawable *self)
{
  g_return_val_if_fail (CW_IS_DRAWABLE (self), NULL);
  MenuState *state = get_state (self);
  return state ? state->popover : NULL;
}

GActionGroup *
cw_drawable_menu_get_actions (CwDrawable *self)
{
  g_return_val_if_fail (CW_IS_DRAWABLE (self), NULL);
  MenuState *state = get_state (self);
  g_return_val_if_fail (state != NULL, NULL);
  update_enabled (self, state);
  return G_ACTION_GROUP (state->actions);
}

GMenuModel *
cw_drawable_menu_get_model (CwDrawable *self)
{
  g_return_val_if_fail (CW_IS_DRAWABLE (self), NULL);
  MenuState *state = get_state (self);
  g_return_val_if_fail (state != NULL, NULL);
  return state->model;
}

/* ---- gestures ---- */

static void
on_secondary_pressed (GtkGestureClick *gesture, int n_press, double x, double y, CwDrawable *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  cw_drawable_menu_popup (self, x, y);
}

static void
on_long_pressed (GtkGestureLongPress *gesture, double x, double y, CwDrawable *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  cw_drawable_menu_popup (self, x, y);
}

void
cw_drawable_menu_attach (CwDrawable *self)
{
  g_return_if_fail (CW_IS_DRAWABLE (self));
  g_return_if_fail (get_state (self) == NULL);
  GtkWidget *widget = GTK_WIDGET (self);

  MenuState *state = g_new0 (MenuState, 1);
  state->actions = g_simple_action_group_new ();
  /* The chart as user_data, unowned: the group lives in the chart's qdata and goes with it. */
  g_action_map_add_action_entries (G_ACTION_MAP (state->actions), menu_actions, G_N_ELEMENTS (menu_actions), self);
  state->model = build_model (self);
  g_object_set_qdata_full (G_OBJECT (self), menu_state_quark (), state, menu_state_free);
  gtk_widget_insert_action_group (widget, "drawable", G_ACTION_GROUP (state->actions));
  g_signal_connect (self, "destroy", G_CALLBACK (on_chart_destroy), NULL);

  GtkGesture *click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_secondary_pressed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));

  GtkGesture *long_press = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), TRUE);
  g_signal_connect (long_press, "pressed", G_CALLBACK (on_long_pressed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (long_press));
}
