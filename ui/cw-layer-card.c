/* cw-layer-card.c — one layer of the layer-stack editor (see cw-layer-card.h).
 *
 * A card is built once for its layer type and then only updated: every editor the type can need exists from
 * the start and is shown or hidden (explicit padding's left/right, an activation's slope), so changing a
 * value never rebuilds widgets and never takes the focus away from the field being typed in. */
#include "cw-layer-card.h"

#include "cw-layer-fields.h"
#include "cw-wrap-box.h"

struct _CwLayerCard
{
  GtkWidget parent_instance;

  /* template widgets (built in code: which editors exist depends on the layer type) */
  GtkWidget *grid;
  GtkWidget *handle;
  GtkWidget *title_label;
  GtkWidget *inline_box; /* CwWrapBox: editors beside the name */
  GtkWidget *extra_box;  /* CwWrapBox: a second row of editors (conv has more than fit beside its name) */
  GtkWidget *shape_label;
  GtkWidget *params_label;
  GtkWidget *remove_button;
  GtkWidget *problem_label;
  GtkWidget *editors[CW_N_FIELDS];      /* NULL when the type has no such field */
  GtkWidget *field_boxes[CW_N_FIELDS];  /* label + editor, hidden together */
  GtkWidget *field_labels[CW_N_FIELDS]; /* NULL for check buttons */

  /* owned */
  cw_layer_spec layer;
  char *problem;

  /* state */
  int index;
  guint updating_editors : 1; /* set while we write values into editors, so their signals are not edits */
  double drag_hot_x, drag_hot_y;
};

G_DEFINE_FINAL_TYPE (CwLayerCard, cw_layer_card, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_CHANGED,
  SIGNAL_MOVE_REQUESTED,
  SIGNAL_REMOVE_REQUESTED,
  SIGNAL_LAYER_DROPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- editors ---- */

static void
sync_visibility (CwLayerCard *self)
{
  const cw_layer_spec *layer = &self->layer;
  if (self->field_boxes[CW_FIELD_PAD_LEFT] != NULL)
    {
      gboolean explicit_padding = layer->padding == CW_PAD_EXPLICIT;
      gtk_widget_set_visible (self->field_boxes[CW_FIELD_PAD_LEFT], explicit_padding);
      gtk_widget_set_visible (self->field_boxes[CW_FIELD_PAD_RIGHT], explicit_padding);
    }
  if (layer->type == CW_LAYER_ACTIVATION)
    {
      cw_activation act = layer->activation;
      gboolean has_alpha = act == CW_ACT_LEAKY_RELU || act == CW_ACT_PRELU || act == CW_ACT_ELU;
      gtk_widget_set_visible (self->field_boxes[CW_FIELD_ALPHA], has_alpha);
      gtk_label_set_text (GTK_LABEL (self->field_labels[CW_FIELD_ALPHA]),
                          act == CW_ACT_ELU ? "Alpha" : act == CW_ACT_PRELU ? "Initial slope" : "Slope");
      gtk_widget_set_tooltip_text (self->editors[CW_FIELD_ALPHA], act == CW_ACT_ELU
                                                                    ? "Saturation value for negative inputs"
                                                                    : "Slope for negative inputs");
      gtk_widget_set_visible (self->field_boxes[CW_FIELD_LOWER], act == CW_ACT_RRELU);
      gtk_widget_set_visible (self->field_boxes[CW_FIELD_UPPER], act == CW_ACT_RRELU);
    }
  gtk_label_set_text (GTK_LABEL (self->title_label), cw_layer_display_name (layer));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  cw_layer_display_name (layer), -1);
}

/* Whether the user is typing this value in the editor right now (then its text is left alone: rewriting it
 * would reformat "0.3" to "0.30" under the cursor). */
static gboolean
typing_value (GtkWidget *editor, CwLayerField field, double value)
{
  GtkRoot *root = gtk_widget_get_root (editor);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  double typed;
  if (focus == NULL || (focus != editor && !gtk_widget_is_ancestor (focus, editor)) || !GTK_IS_EDITABLE (editor))
    return FALSE;
  return cw_layer_field_parse (field, gtk_editable_get_text (GTK_EDITABLE (editor)), &typed)
         && cw_layer_field_same_as_shown (field, typed, value);
}

/* Writes the layer's values into the editors, except `skip` (the one an edit came from) and one that is
 * being typed in and already reads the value. */
static void
sync_editors (CwLayerCard *self, CwLayerField skip)
{
  self->updating_editors = TRUE;
  for (int f = 0; f < CW_N_FIELDS; f++)
    {
      GtkWidget *editor = self->editors[f];
      double value = cw_layer_field_get (&self->layer, f);
      if (editor != NULL && (CwLayerField) f != skip && !typing_value (editor, f, value))
        cw_layer_field_editor_set (editor, f, value);
    }
  self->updating_editors = FALSE;
  sync_visibility (self);
}

/* Every editor ends here: store the value, refresh what depends on it, say "changed" once. */
static void
apply_edit (CwLayerCard *self, CwLayerField field, double value)
{
  if (self->updating_editors)
    return;
  if (cw_layer_field_same_as_shown (field, value, cw_layer_field_get (&self->layer, field)))
    return;
  cw_layer_field_set (&self->layer, field, value);
  /* the pool stride may have followed the window; a new activation brings its own defaults */
  sync_editors (self, field);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static CwLayerField
editor_field (gpointer editor)
{
  return (CwLayerField) GPOINTER_TO_INT (g_object_get_data (G_OBJECT (editor), "cw-field"));
}

static void
on_editor_changed (GtkWidget *editor, CwLayerCard *self)
{
  CwLayerField field = editor_field (editor);
  apply_edit (self, field, cw_layer_field_editor_get (editor, field));
}

static void
on_drop_down_selected (GtkWidget *drop_down, GParamSpec *pspec, CwLayerCard *self)
{
  on_editor_changed (drop_down, self);
}

/* A spin button commits its text only on Enter or focus-out; shapes should follow each keystroke, so the
 * text is read as it changes, and used when it is a complete number the spin button would accept. */
static void
on_spin_text_changed (GtkEditable *editable, CwLayerCard *self)
{
  double value;
  if (self->updating_editors)
    return;
  CwLayerField field = editor_field (editable);
  if (cw_layer_field_parse (field, gtk_editable_get_text (editable), &value))
    apply_edit (self, field, value);
}

/* A labelled editor, not yet placed. */
static GtkWidget *
make_field (CwLayerCard *self, CwLayerField field, const char *label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *editor = cw_layer_field_editor_new (field);
  g_object_set_data (G_OBJECT (editor), "cw-field", GINT_TO_POINTER (field));
  switch (cw_layer_field_editor_kind (field))
    {
    case CW_EDITOR_INT:
    case CW_EDITOR_FLOAT:
    case CW_EDITOR_SCIENTIFIC:
      g_signal_connect (editor, "value-changed", G_CALLBACK (on_editor_changed), self);
      g_signal_connect (editor, "changed", G_CALLBACK (on_spin_text_changed), self);
      break;
    case CW_EDITOR_BOOL:
      g_signal_connect (editor, "toggled", G_CALLBACK (on_editor_changed), self);
      break;
    case CW_EDITOR_PADDING:
    case CW_EDITOR_ACTIVATION:
      g_signal_connect (editor, "notify::selected", G_CALLBACK (on_drop_down_selected), self);
      break;
    }
  if (label != NULL)
    {
      GtkWidget *caption = gtk_label_new (label);
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_box_append (GTK_BOX (box), caption);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (editor), GTK_ACCESSIBLE_RELATION_LABELLED_BY, caption,
                                      NULL, -1);
      self->field_labels[field] = caption;
    }
  gtk_box_append (GTK_BOX (box), editor);
  self->editors[field] = editor;
  self->field_boxes[field] = box;
  return box;
}

/* A labelled editor in `row` (the inline or the second row's wrap box). */
static void
add_field (CwLayerCard *self, CwLayerField field, const char *label, GtkWidget *row)
{
  cw_wrap_box_append (CW_WRAP_BOX (row), make_field (self, field, label));
}

static void
build_editors (CwLayerCard *self)
{
  GtkWidget *row = self->inline_box;
  switch (self->layer.type)
    {
    case CW_LAYER_CONV:
      add_field (self, CW_FIELD_UNITS, "Filters", row);
      add_field (self, CW_FIELD_KERNEL, "Kernel", row);
      row = self->extra_box;
      add_field (self, CW_FIELD_STRIDE, "Stride", row);
      add_field (self, CW_FIELD_DILATION, "Dilation", row);
      add_field (self, CW_FIELD_PADDING, "Padding", row);
      add_field (self, CW_FIELD_PAD_LEFT, "Left", row);
      add_field (self, CW_FIELD_PAD_RIGHT, "Right", row);
      add_field (self, CW_FIELD_BIAS, NULL, row);
      gtk_widget_set_tooltip_text (self->editors[CW_FIELD_UNITS], "Number of filters (output channels)");
      gtk_widget_set_tooltip_text (self->editors[CW_FIELD_KERNEL], "Kernel size in samples");
      break;
    case CW_LAYER_MAXPOOL:
    case CW_LAYER_AVGPOOL:
      add_field (self, CW_FIELD_KERNEL, "Window", row);
      add_field (self, CW_FIELD_STRIDE, "Stride", row);
      gtk_widget_set_tooltip_text (self->editors[CW_FIELD_KERNEL], "Values pooled into one");
      break;
    case CW_LAYER_DENSE:
      add_field (self, CW_FIELD_UNITS, "Units", row);
      add_field (self, CW_FIELD_BIAS, NULL, row);
      gtk_widget_set_tooltip_text (self->editors[CW_FIELD_UNITS], "Number of outputs");
      break;
    case CW_LAYER_DROPOUT:
      add_field (self, CW_FIELD_RATE, "Rate", row);
      break;
    case CW_LAYER_BATCHNORM:
      add_field (self, CW_FIELD_MOMENTUM, "Momentum", row);
      add_field (self, CW_FIELD_EPS, "Epsilon", row);
      break;
    case CW_LAYER_ACTIVATION:
      /* The function's name is the card's title, and choosing another is done right there; its parameters
       * follow it on the same line. Spanning the name and editor columns, a long name ("Leaky ReLU") does not
       * widen every card's name column. */
      {
        GtkLayoutManager *grid_layout = gtk_widget_get_layout_manager (self->grid);
        GtkLayoutChild *cell = gtk_layout_manager_get_layout_child (grid_layout, row);
        gtk_grid_layout_child_set_column (GTK_GRID_LAYOUT_CHILD (cell), 1);
        gtk_grid_layout_child_set_column_span (GTK_GRID_LAYOUT_CHILD (cell), 2);
      }
      gtk_widget_set_visible (self->title_label, FALSE);
      add_field (self, CW_FIELD_ACTIVATION, NULL, row);
      gtk_widget_add_css_class (self->editors[CW_FIELD_ACTIVATION], "title-menu");
      add_field (self, CW_FIELD_ALPHA, "Slope", row);
      add_field (self, CW_FIELD_LOWER, "Lower", row);
      add_field (self, CW_FIELD_UPPER, "Upper", row);
      break;
    case CW_LAYER_GLOBAL_MAXPOOL:
    case CW_LAYER_GLOBAL_AVGPOOL:
    case CW_LAYER_FLATTEN:
    case CW_LAYER_N_TYPES:
      break;
    }
  gtk_widget_set_visible (self->extra_box, gtk_widget_get_first_child (self->extra_box) != NULL);
}

/* ---- drag and drop ---- */

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source, double x, double y, CwLayerCard *self)
{
  graphene_point_t in_handle = GRAPHENE_POINT_INIT ((float) x, (float) y), in_card;
  if (gtk_widget_compute_point (self->handle, GTK_WIDGET (self), &in_handle, &in_card))
    {
      self->drag_hot_x = in_card.x;
      self->drag_hot_y = in_card.y;
    }
  return gdk_content_provider_new_typed (G_TYPE_INT, self->index);
}

static void
on_drag_begin (GtkDragSource *source, GdkDrag *drag, CwLayerCard *self)
{
  /* a still image of the card as it looks now, before it dims itself as the drag's origin */
  g_autoptr (GdkPaintable) live = gtk_widget_paintable_new (GTK_WIDGET (self));
  g_autoptr (GdkPaintable) still = gdk_paintable_get_current_image (live);
  gtk_drag_source_set_icon (source, still, (int) self->drag_hot_x, (int) self->drag_hot_y);
  gtk_widget_add_css_class (GTK_WIDGET (self), "dragging");
}

static void
on_drag_end (GtkDragSource *source, GdkDrag *drag, gboolean delete_data, CwLayerCard *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "dragging");
}

static gboolean
drop_goes_after (CwLayerCard *self, double y)
{
  return y > gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
}

static void
clear_drop_marks (CwLayerCard *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-before");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-after");
}

static GdkDragAction
on_drop_motion (GtkDropTarget *target, double x, double y, CwLayerCard *self)
{
  gboolean after = drop_goes_after (self, y);
  gtk_widget_add_css_class (GTK_WIDGET (self), after ? "drop-after" : "drop-before");
  gtk_widget_remove_css_class (GTK_WIDGET (self), after ? "drop-before" : "drop-after");
  return GDK_ACTION_MOVE;
}

static void
on_drop_leave (GtkDropTarget *target, CwLayerCard *self)
{
  clear_drop_marks (self);
}

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, CwLayerCard *self)
{
  clear_drop_marks (self);
  if (!G_VALUE_HOLDS_INT (value))
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_LAYER_DROPPED], 0, g_value_get_int (value), drop_goes_after (self, y));
  return TRUE;
}

/* ---- actions ---- */

static void
move_up_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_MOVE_REQUESTED], 0, -1);
}

static void
move_down_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_MOVE_REQUESTED], 0, 1);
}

static void
remove_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_REMOVE_REQUESTED], 0);
}

/* A click on the card's background (not on an editor, which takes focus itself) focuses the card, so the
 * keyboard shortcuts and "add after" apply to it. */
static void
on_background_pressed (GtkGestureClick *gesture, int n_press, double x, double y, CwLayerCard *self)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);
  for (GtkWidget *w = picked; w != NULL && w != GTK_WIDGET (self); w = gtk_widget_get_parent (w))
    if (gtk_widget_get_focusable (w))
      return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* ---- construction ---- */

static void
build_card (CwLayerCard *self)
{
  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 10);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 6);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));

  self->handle = gtk_image_new_from_icon_name ("list-drag-handle-symbolic");
  gtk_widget_add_css_class (self->handle, "drag-handle");
  gtk_widget_add_css_class (self->handle, "dim-label");
  gtk_widget_set_cursor_from_name (self->handle, "grab");
  gtk_widget_set_tooltip_text (self->handle, "Drag to reorder (or Alt+Up / Alt+Down)");
  /* the first row's cells sit at the top, level with the first line of editors when those wrap */
  gtk_widget_add_css_class (self->handle, "row-cell");
  gtk_widget_set_valign (self->handle, GTK_ALIGN_START);
  gtk_grid_attach (GTK_GRID (self->grid), self->handle, 0, 0, 1, 1);

  self->title_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->title_label, "heading");
  gtk_label_set_xalign (GTK_LABEL (self->title_label), 0);
  gtk_widget_add_css_class (self->title_label, "row-cell");
  gtk_widget_set_valign (self->title_label, GTK_ALIGN_START);
  gtk_grid_attach (GTK_GRID (self->grid), self->title_label, 1, 0, 1, 1);

  self->inline_box = cw_wrap_box_new (12, 6);
  gtk_widget_set_hexpand (self->inline_box, TRUE);
  gtk_widget_set_valign (self->inline_box, GTK_ALIGN_START);
  gtk_grid_attach (GTK_GRID (self->grid), self->inline_box, 2, 0, 1, 1);

  self->shape_label = gtk_label_new ("?");
  gtk_widget_add_css_class (self->shape_label, "numeric");
  gtk_label_set_xalign (GTK_LABEL (self->shape_label), 1);
  gtk_widget_set_tooltip_text (self->shape_label, "Output: channels × length");
  gtk_widget_add_css_class (self->shape_label, "row-cell");
  gtk_widget_set_valign (self->shape_label, GTK_ALIGN_START);
  gtk_grid_attach (GTK_GRID (self->grid), self->shape_label, 3, 0, 1, 1);

  self->params_label = gtk_label_new ("–");
  gtk_widget_add_css_class (self->params_label, "numeric");
  gtk_widget_add_css_class (self->params_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (self->params_label), 1);
  gtk_widget_set_tooltip_text (self->params_label, "Trainable parameters");
  gtk_widget_add_css_class (self->params_label, "row-cell");
  gtk_widget_set_valign (self->params_label, GTK_ALIGN_START);
  gtk_grid_attach (GTK_GRID (self->grid), self->params_label, 4, 0, 1, 1);

  self->remove_button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_add_css_class (self->remove_button, "flat");
  gtk_widget_add_css_class (self->remove_button, "circular");
  gtk_widget_set_valign (self->remove_button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (self->remove_button, "Remove layer (Delete)");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->remove_button), "card.remove");
  gtk_grid_attach (GTK_GRID (self->grid), self->remove_button, 5, 0, 1, 1);

  self->extra_box = cw_wrap_box_new (12, 6);
  gtk_grid_attach (GTK_GRID (self->grid), self->extra_box, 2, 1, 3, 1);

  self->problem_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->problem_label, "error");
  gtk_label_set_wrap (GTK_LABEL (self->problem_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->problem_label), 0);
  gtk_widget_set_visible (self->problem_label, FALSE);
  gtk_grid_attach (GTK_GRID (self->grid), self->problem_label, 1, 2, 4, 1);

  GtkDragSource *drag = gtk_drag_source_new ();
  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare), self);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (self->handle, GTK_EVENT_CONTROLLER (drag));

  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INT, GDK_ACTION_MOVE);
  g_signal_connect (drop, "motion", G_CALLBACK (on_drop_motion), self);
  g_signal_connect (drop, "leave", G_CALLBACK (on_drop_leave), self);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  GtkGesture *click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_background_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

static void
cw_layer_card_dispose (GObject *object)
{
  CwLayerCard *self = CW_LAYER_CARD (object);
  g_clear_pointer (&self->grid, gtk_widget_unparent);
  G_OBJECT_CLASS (cw_layer_card_parent_class)->dispose (object);
}

static void
cw_layer_card_finalize (GObject *object)
{
  CwLayerCard *self = CW_LAYER_CARD (object);
  g_free (self->problem);
  G_OBJECT_CLASS (cw_layer_card_parent_class)->finalize (object);
}

static void
cw_layer_card_class_init (CwLayerCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_layer_card_dispose;
  object_class->finalize = cw_layer_card_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                          NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_MOVE_REQUESTED] = g_signal_new ("move-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[SIGNAL_REMOVE_REQUESTED] = g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass),
                                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_LAYER_DROPPED] = g_signal_new ("layer-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT,
                                                G_TYPE_BOOLEAN);

  gtk_widget_class_install_action (widget_class, "card.move-up", NULL, move_up_action);
  gtk_widget_class_install_action (widget_class, "card.move-down", NULL, move_down_action);
  gtk_widget_class_install_action (widget_class, "card.remove", NULL, remove_action);
  /* Class bindings are a shortcut controller in the bubble phase: a spin button's text field sees Delete
   * first and keeps it for editing, so Delete removes the layer only when the card itself has the focus. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "card.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Up, GDK_ALT_MASK, "card.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "card.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Down, GDK_ALT_MASK, "card.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "card.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "card.remove", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "layercard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cw_layer_card_init (CwLayerCard *self)
{
  self->index = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "layer-card");
  build_card (self);
}

GtkWidget *
cw_layer_card_new (const cw_layer_spec *layer)
{
  g_return_val_if_fail (layer != NULL && layer->type >= 0 && layer->type < CW_LAYER_N_TYPES, NULL);
  CwLayerCard *self = g_object_new (CW_TYPE_LAYER_CARD, NULL);
  self->layer = *layer;
  build_editors (self);
  sync_editors (self, CW_N_FIELDS);
  return GTK_WIDGET (self);
}

void
cw_layer_card_set_layer (CwLayerCard *self, const cw_layer_spec *layer)
{
  g_return_if_fail (CW_IS_LAYER_CARD (self));
  g_return_if_fail (layer != NULL && layer->type == self->layer.type);
  self->layer = *layer;
  sync_editors (self, CW_N_FIELDS);
}

const cw_layer_spec *
cw_layer_card_get_layer (CwLayerCard *self)
{
  g_return_val_if_fail (CW_IS_LAYER_CARD (self), NULL);
  return &self->layer;
}

void
cw_layer_card_set_position (CwLayerCard *self, int index, int n_layers)
{
  g_return_if_fail (CW_IS_LAYER_CARD (self));
  self->index = index;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.move-up", index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.move-down", index < n_layers - 1);
}

int
cw_layer_card_get_index (CwLayerCard *self)
{
  g_return_val_if_fail (CW_IS_LAYER_CARD (self), -1);
  return self->index;
}

void
cw_layer_card_set_output (CwLayerCard *self, const cw_shape_info *info)
{
  g_return_if_fail (CW_IS_LAYER_CARD (self));
  if (info == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->shape_label), "?");
      gtk_label_set_text (GTK_LABEL (self->params_label), "–");
      gtk_widget_add_css_class (self->shape_label, "dim-label");
      return;
    }
  char channels[32], length[32], params[32];
  cw_format_count ((guint64) info->channels, channels, sizeof channels);
  cw_format_count ((guint64) info->length, length, sizeof length);
  g_autofree char *shape = g_strdup_printf ("%s × %s", channels, length);
  gtk_label_set_text (GTK_LABEL (self->shape_label), shape);
  gtk_widget_remove_css_class (self->shape_label, "dim-label");
  if (info->params == 0)
    {
      gtk_label_set_text (GTK_LABEL (self->params_label), "–");
      return;
    }
  cw_format_count ((guint64) info->params, params, sizeof params);
  g_autofree char *text = g_strdup_printf ("%s %s", params, info->params == 1 ? "param" : "params");
  gtk_label_set_text (GTK_LABEL (self->params_label), text);
}

void
cw_layer_card_set_problem (CwLayerCard *self, const char *reason)
{
  g_return_if_fail (CW_IS_LAYER_CARD (self));
  if (g_strcmp0 (reason, self->problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (reason);
  gtk_label_set_text (GTK_LABEL (self->problem_label), reason != NULL ? reason : "");
  gtk_widget_set_visible (self->problem_label, reason != NULL);
  if (reason != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
}

void
cw_layer_card_set_current (CwLayerCard *self, gboolean current)
{
  g_return_if_fail (CW_IS_LAYER_CARD (self));
  if (current)
    gtk_widget_add_css_class (GTK_WIDGET (self), "current");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "current");
}

void
cw_layer_card_add_to_columns (CwLayerCard *self, GtkSizeGroup *name_column, GtkSizeGroup *shape_column,
                              GtkSizeGroup *params_column, GtkSizeGroup *end_column)
{
  g_return_if_fail (CW_IS_LAYER_CARD (self));
  if (self->layer.type != CW_LAYER_ACTIVATION)
    gtk_size_group_add_widget (name_column, self->title_label);
  gtk_size_group_add_widget (shape_column, self->shape_label);
  gtk_size_group_add_widget (params_column, self->params_label);
  gtk_size_group_add_widget (end_column, self->remove_button);
}

GtkWidget *
cw_layer_card_get_editor (CwLayerCard *self, const char *field)
{
  g_return_val_if_fail (CW_IS_LAYER_CARD (self), NULL);
  CwLayerField f = cw_layer_field_from_name (field);
  return f < CW_N_FIELDS ? self->editors[f] : NULL;
}

const char *
cw_layer_card_get_title (CwLayerCard *self)
{
  g_return_val_if_fail (CW_IS_LAYER_CARD (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->title_label));
}

const char *
cw_layer_card_get_shape_text (CwLayerCard *self)
{
  g_return_val_if_fail (CW_IS_LAYER_CARD (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->shape_label));
}

const char *
cw_layer_card_get_params_text (CwLayerCard *self)
{
  g_return_val_if_fail (CW_IS_LAYER_CARD (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->params_label));
}

const char *
cw_layer_card_get_problem (CwLayerCard *self)
{
  g_return_val_if_fail (CW_IS_LAYER_CARD (self), NULL);
  return self->problem;
}

void
cw_layer_card_set_editable (CwLayerCard *self, gboolean editable)
{
  g_return_if_fail (CW_IS_LAYER_CARD (self));
  gtk_widget_set_visible (self->handle, editable);
  gtk_widget_set_visible (self->remove_button, editable);
  /* Insensitive editors still show every value, and look like what they are: not for editing. */
  gtk_widget_set_sensitive (self->inline_box, editable);
  gtk_widget_set_sensitive (self->extra_box, editable);
  gtk_widget_set_can_focus (GTK_WIDGET (self), editable);
}
