/* test-layer-stack-edits.c — edits in the layer-stack editor, each emitting "spec-changed" exactly once:
 * programmatic edits, typing in a card, drop-downs, keyboard moves and removal, the palette, and
 * drag-and-drop's index arithmetic and controllers. */
#include "layer-stack-test-util.h"

/* ---- edits ---- */

static void
test_programmatic_edits (Fixture *f, gconstpointer data)
{
  GtkWidget *relu = GTK_WIDGET (card (f, 1));
  cw_layer_stack_move (f->stack, 1, 2);
  g_assert_cmpint (f->spec_changed, ==, 1);
  assert_spec (f, "conv(8,k=9) maxpool(2) relu conv(16,k=9) relu maxpool(2) flatten dense(64) relu dense(1)");
  /* the card moved, it was not rebuilt */
  g_assert_true (GTK_WIDGET (card (f, 2)) == relu);
  g_assert_cmpint (cw_layer_card_get_index (card (f, 2)), ==, 2);
  g_assert_cmpstr (cw_layer_card_get_shape_text (card (f, 1)), ==, "8 × 196");

  cw_layer_stack_move (f->stack, 2, 2); /* nothing to do, nothing to say */
  g_assert_cmpint (f->spec_changed, ==, 1);

  cw_layer_stack_move (f->stack, 9, 0);
  g_assert_cmpint (f->spec_changed, ==, 2);
  assert_spec (f, "dense(1) conv(8,k=9) maxpool(2) relu conv(16,k=9) relu maxpool(2) flatten dense(64) relu");
  g_assert_false (cw_layer_stack_is_valid (f->stack));
  cw_layer_stack_move (f->stack, 0, 9);
  g_assert_true (cw_layer_stack_is_valid (f->stack));

  cw_layer_stack_remove (f->stack, 2);
  g_assert_cmpint (f->spec_changed, ==, 4);
  assert_spec (f, "conv(8,k=9) maxpool(2) conv(16,k=9) relu maxpool(2) flatten dense(64) relu dense(1)");

  cw_layer_spec conv = parse_layer ("conv(4,k=5,pad=same)");
  GtkWidget *first = GTK_WIDGET (card (f, 0));
  cw_layer_stack_update (f->stack, 0, &conv);
  g_assert_cmpint (f->spec_changed, ==, 5);
  assert_spec (f, "conv(4,k=5,pad=same) maxpool(2) conv(16,k=9) relu maxpool(2) flatten dense(64) relu dense(1)");
  g_assert_true (GTK_WIDGET (card (f, 0)) == first); /* same type: updated in place */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (cw_layer_card_get_editor (card (f, 0), "kernel"))),
                   ==, 5);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (cw_layer_card_get_editor (card (f, 0), "padding"))),
                    ==, CW_PAD_SAME);
  g_assert_cmpstr (cw_layer_card_get_shape_text (card (f, 0)), ==, "4 × 401");

  /* a different type replaces the card */
  cw_layer_spec avg = parse_layer ("avgpool(3)");
  cw_layer_stack_update (f->stack, 1, &avg);
  g_assert_cmpint (f->spec_changed, ==, 6);
  g_assert_cmpstr (cw_layer_card_get_title (card (f, 1)), ==, "Avg pool");
  g_assert_cmpstr (cw_layer_card_get_shape_text (card (f, 1)), ==, "4 × 133");

  cw_layer_spec bn = parse_layer ("batchnorm");
  cw_layer_stack_insert (f->stack, 99, &bn); /* past the end appends */
  g_assert_cmpint (f->spec_changed, ==, 7);
  g_assert_cmpstr (cw_layer_card_get_title (card (f, 9)), ==, "Batch norm");
}

static void
test_typing_in_a_card (Fixture *f, gconstpointer data)
{
  GtkWidget *kernel = cw_layer_card_get_editor (card (f, 0), "kernel");
  g_assert_true (GTK_IS_SPIN_BUTTON (kernel));

  /* an arrow click or a committed value */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (kernel), 5);
  g_assert_cmpint (f->spec_changed, ==, 1);
  assert_spec (f, "conv(8,k=5) relu maxpool(2) conv(16,k=9) relu maxpool(2) flatten dense(64) relu dense(1)");
  g_assert_cmpstr (cw_layer_card_get_shape_text (card (f, 0)), ==, "8 × 397");
  g_assert_cmpstr (cw_layer_card_get_params_text (card (f, 0)), ==, "48 params");
  g_assert_cmpstr (cw_layer_card_get_shape_text (card (f, 6)), ==, "1,520 × 1");
  g_assert_cmpuint (cw_layer_stack_get_total_params (f->stack), ==, 48 + 1168 + 1520 * 64 + 64 + 65);

  /* keystrokes count before Enter: the text is read as it changes */
  gtk_widget_grab_focus (kernel);
  gtk_editable_set_text (GTK_EDITABLE (kernel), "7");
  g_assert_cmpint (f->spec_changed, ==, 2);
  g_assert_cmpstr (cw_layer_card_get_shape_text (card (f, 0)), ==, "8 × 395");
  /* half-typed or out-of-range text is not a value */
  gtk_editable_set_text (GTK_EDITABLE (kernel), "");
  gtk_editable_set_text (GTK_EDITABLE (kernel), "-");
  g_assert_cmpint (f->spec_changed, ==, 2);
  gtk_editable_set_text (GTK_EDITABLE (kernel), "7");
  g_assert_cmpint (f->spec_changed, ==, 2);
  /* Enter / focus-out commits the same value: no second edit */
  gtk_spin_button_update (GTK_SPIN_BUTTON (kernel));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (kernel)), ==, 7);
  g_assert_cmpint (f->spec_changed, ==, 2);

  /* a kernel longer than the signal breaks the stack at this card */
  gtk_editable_set_text (GTK_EDITABLE (kernel), "500");
  g_assert_cmpint (f->spec_changed, ==, 3);
  int layer = -1;
  g_assert_nonnull (cw_layer_stack_get_problem (f->stack, &layer));
  g_assert_cmpint (layer, ==, 0);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (card (f, 0)), "error"));
  gtk_editable_set_text (GTK_EDITABLE (kernel), "9");
  gtk_spin_button_update (GTK_SPIN_BUTTON (kernel));
  g_assert_cmpint (f->spec_changed, ==, 4);
  g_assert_true (cw_layer_stack_is_valid (f->stack));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (card (f, 0)), "error"));
  g_assert_true (focus_is_in (kernel)); /* nothing was rebuilt under the cursor */

  /* a float field: "0.3" is taken as typed, committing "0.30" is the same value */
  cw_layer_spec dropout = parse_layer ("dropout");
  cw_layer_stack_insert (f->stack, 7, &dropout);
  g_assert_cmpint (f->spec_changed, ==, 5);
  GtkWidget *rate = cw_layer_card_get_editor (card (f, 7), "rate");
  gtk_widget_grab_focus (rate);
  gtk_editable_set_text (GTK_EDITABLE (rate), "0.3");
  g_assert_cmpint (f->spec_changed, ==, 6);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rate)), ==, "0.3"); /* not reformatted while typing */
  gtk_spin_button_update (GTK_SPIN_BUTTON (rate));
  g_assert_cmpint (f->spec_changed, ==, 6);
  g_assert_cmpfloat_with_epsilon (cw_spec_get (cw_layer_stack_get_spec (f->stack), 7)->rate, 0.3, 1e-6);

  /* the bias check button */
  GtkWidget *bias = cw_layer_card_get_editor (card (f, 8), "bias");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (bias)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (bias), FALSE);
  g_assert_cmpint (f->spec_changed, ==, 7);
  g_assert_false (cw_spec_get (cw_layer_stack_get_spec (f->stack), 8)->bias);
  g_assert_cmpstr (cw_layer_card_get_params_text (card (f, 8)), ==, "96,256 params");
}

static void
test_pool_stride_follows_window (Fixture *f, gconstpointer data)
{
  GtkWidget *window = cw_layer_card_get_editor (card (f, 2), "kernel");
  GtkWidget *stride = cw_layer_card_get_editor (card (f, 2), "stride");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (stride)), ==, 2);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (window), 3);
  g_assert_cmpint (f->spec_changed, ==, 1);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (stride)), ==, 3);
  g_assert_cmpstr (cw_layer_card_get_shape_text (card (f, 2)), ==, "8 × 131");
  /* a stride of its own stays */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (stride), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (window), 4);
  g_assert_cmpint (f->spec_changed, ==, 3);
  assert_spec (f, "conv(8,k=9) relu maxpool(4,s=1) conv(16,k=9) relu maxpool(2) flatten dense(64) relu dense(1)");
}

static void
test_drop_downs (Fixture *f, gconstpointer data)
{
  /* ReLU -> Leaky ReLU: the title follows, the slope editor appears with leaky's default */
  CwLayerCard *act = card (f, 1);
  GtkWidget *function = cw_layer_card_get_editor (act, "activation");
  GtkWidget *alpha = cw_layer_card_get_editor (act, "alpha");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (function)), ==, 0);
  g_assert_false (gtk_widget_is_visible (alpha));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (function), 2); /* ReLU, ReLU6, Leaky ReLU, ... */
  g_assert_cmpint (f->spec_changed, ==, 1);
  g_assert_cmpstr (cw_layer_card_get_title (act), ==, "Leaky ReLU");
  g_assert_true (gtk_widget_is_visible (alpha));
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (alpha)), 0.01, 1e-9);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (alpha), 0.2);
  g_assert_cmpint (f->spec_changed, ==, 2);
  assert_spec (f, "conv(8,k=9) leakyrelu(0.2) maxpool(2) conv(16,k=9) relu maxpool(2) flatten dense(64) relu "
                  "dense(1)");

  /* explicit padding shows left/right; 2 zeros on the left lengthen the output by 2 */
  CwLayerCard *conv = card (f, 0);
  GtkWidget *padding = cw_layer_card_get_editor (conv, "padding");
  GtkWidget *left = cw_layer_card_get_editor (conv, "pad-left");
  g_assert_false (gtk_widget_is_visible (left));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (padding), CW_PAD_EXPLICIT);
  g_assert_cmpint (f->spec_changed, ==, 3);
  g_assert_true (gtk_widget_is_visible (left));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (left), 2);
  g_assert_cmpint (f->spec_changed, ==, 4);
  g_assert_cmpstr (cw_layer_card_get_shape_text (conv), ==, "8 × 395");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (padding), CW_PAD_SAME);
  g_assert_false (gtk_widget_is_visible (left));
  g_assert_cmpstr (cw_layer_card_get_shape_text (conv), ==, "8 × 401");
  g_assert_cmpint (f->spec_changed, ==, 5);
}

/* ---- keyboard, palette, drag and drop ---- */

static void
test_keyboard_move_and_remove (Fixture *f, gconstpointer data)
{
  GtkWidget *pool = GTK_WIDGET (card (f, 2));
  gtk_widget_grab_focus (pool);
  g_assert_true (gtk_widget_activate_action (pool, "card.move-up", NULL));
  g_assert_cmpint (f->spec_changed, ==, 1);
  assert_spec (f, "conv(8,k=9) maxpool(2) relu conv(16,k=9) relu maxpool(2) flatten dense(64) relu dense(1)");
  g_assert_true (GTK_WIDGET (card (f, 1)) == pool);
  g_assert_true (focus_is_in (pool));
  g_assert_true (gtk_widget_activate_action (pool, "card.move-down", NULL));
  g_assert_true (gtk_widget_activate_action (pool, "card.move-down", NULL));
  g_assert_cmpint (f->spec_changed, ==, 3);
  assert_spec (f, "conv(8,k=9) relu conv(16,k=9) maxpool(2) relu maxpool(2) flatten dense(64) relu dense(1)");
  g_assert_true (GTK_WIDGET (card (f, 3)) == pool);
  g_assert_true (focus_is_in (pool));

  /* the first card cannot go up, the last cannot go down */
  GtkWidget *first = GTK_WIDGET (card (f, 0)), *last = GTK_WIDGET (card (f, 9));
  gtk_widget_activate_action (first, "card.move-up", NULL);
  gtk_widget_activate_action (last, "card.move-down", NULL);
  g_assert_cmpint (f->spec_changed, ==, 3);
  g_assert_true (GTK_WIDGET (card (f, 0)) == first);

  /* Delete on a focused card removes it; the focus goes to the card that took its place */
  GtkWidget *next = GTK_WIDGET (card (f, 4));
  g_assert_true (gtk_widget_activate_action (pool, "card.remove", NULL));
  g_assert_cmpint (f->spec_changed, ==, 4);
  assert_spec (f, "conv(8,k=9) relu conv(16,k=9) relu maxpool(2) flatten dense(64) relu dense(1)");
  g_assert_true (focus_is_in (next));
}

static void
test_palette_adds_after_current (Fixture *f, gconstpointer data)
{
  /* nothing worked in yet: at the end */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->stack), "stack.add", "s", "softmax"));
  g_assert_cmpint (f->spec_changed, ==, 1);
  assert_spec (f, S_WORKLOAD " softmax");
  g_assert_true (focus_is_in (GTK_WIDGET (card (f, 10))));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (card (f, 10)), "current"));

  /* after the card that has the focus, with the type's defaults */
  gtk_widget_grab_focus (cw_layer_card_get_editor (card (f, 0), "units"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (card (f, 0)), "current"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (card (f, 10)), "current"));
  gtk_widget_activate_action (GTK_WIDGET (f->stack), "stack.add", "s", "batchnorm");
  gtk_widget_activate_action (GTK_WIDGET (f->stack), "stack.add", "s", "conv");
  g_assert_cmpint (f->spec_changed, ==, 3);
  assert_spec (f, "conv(8,k=9) batchnorm conv(8) relu maxpool(2) conv(16,k=9) relu maxpool(2) flatten "
                  "dense(64) relu dense(1) softmax");
  g_assert_cmpstr (cw_layer_card_get_shape_text (card (f, 2)), ==, "8 × 391");
  g_assert_true (focus_is_in (GTK_WIDGET (card (f, 2))));
}

static void
test_drop_positions (Fixture *f, gconstpointer data)
{
  /* the first conv dragged onto the lower half of card 5 (the second max pool) lands after it */
  GtkWidget *conv = GTK_WIDGET (card (f, 0));
  g_signal_emit_by_name (card (f, 5), "layer-dropped", 0, TRUE);
  g_assert_cmpint (f->spec_changed, ==, 1);
  assert_spec (f, "relu maxpool(2) conv(16,k=9) relu maxpool(2) conv(8,k=9) flatten dense(64) relu dense(1)");
  g_assert_true (GTK_WIDGET (card (f, 5)) == conv);
  g_assert_true (focus_is_in (conv));
  /* ... and back onto the upper half of the first card */
  g_signal_emit_by_name (card (f, 0), "layer-dropped", 5, FALSE);
  assert_spec (f, S_WORKLOAD);
  /* dropping a card just above its lower neighbour, or on itself, changes nothing */
  g_signal_emit_by_name (card (f, 4), "layer-dropped", 3, FALSE);
  g_signal_emit_by_name (card (f, 3), "layer-dropped", 3, TRUE);
  assert_spec (f, S_WORKLOAD);
  g_assert_cmpint (f->spec_changed, ==, 2);
  /* dense(1) onto the upper half of flatten */
  g_signal_emit_by_name (card (f, 6), "layer-dropped", 9, FALSE);
  assert_spec (f, "conv(8,k=9) relu maxpool(2) conv(16,k=9) relu maxpool(2) dense(1) flatten dense(64) relu");
  g_assert_cmpint (f->spec_changed, ==, 3);
}

static void
test_set_spec_updates_in_place (Fixture *f, gconstpointer data)
{
  GtkWidget *before[10];
  for (int i = 0; i < 10; i++)
    before[i] = GTK_WIDGET (card (f, i));
  cw_spec *wider = parse ("conv(32,k=5) relu maxpool(3) conv(16,k=9) relu maxpool(2) flatten dense(8) relu "
                          "dense(1)");
  cw_layer_stack_set_spec (f->stack, wider);
  for (int i = 0; i < 10; i++)
    g_assert_true (GTK_WIDGET (card (f, i)) == before[i]);
  g_assert_cmpstr (cw_layer_card_get_shape_text (card (f, 0)), ==, "32 × 397");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (cw_layer_card_get_editor (card (f, 0), "units"))),
                   ==, 32);
  g_assert_true (cw_spec_equal (cw_layer_stack_get_spec (f->stack), wider));
  cw_spec_free (wider);

  cw_spec *other = parse ("conv(4,k=3) gavgpool dense(1)");
  cw_layer_stack_set_spec (f->stack, other);
  cw_spec_free (other);
  g_assert_null (cw_layer_stack_get_card (f->stack, 3));
  g_assert_cmpstr (cw_layer_card_get_title (card (f, 1)), ==, "Global avg pool");
  g_assert_cmpstr (cw_layer_card_get_shape_text (card (f, 1)), ==, "4 × 1");
  g_assert_true (cw_layer_stack_is_valid (f->stack));
  g_assert_cmpint (f->spec_changed, ==, 0);
}

/* The drag source on a card's handle and the drop target on the cards, driven through their signals (a real
 * pointer drag needs a window manager's cooperation that Xvfb does not give). */
static gpointer
find_controller (GtkWidget *widget, GType type)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller; /* the widget keeps it alive */
    }
  return NULL;
}

static GtkWidget *
find_descendant (GtkWidget *root, GType type, const char *css_class)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && (css_class == NULL || gtk_widget_has_css_class (child, css_class)))
        return child;
      GtkWidget *found = find_descendant (child, type, css_class);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_drag_and_drop_controllers (Fixture *f, gconstpointer data)
{
  GtkWidget *handle = find_descendant (GTK_WIDGET (card (f, 3)), GTK_TYPE_IMAGE, "drag-handle");
  g_assert_nonnull (handle);
  GtkDragSource *source = find_controller (handle, GTK_TYPE_DRAG_SOURCE);
  g_assert_nonnull (source);
  GdkContentProvider *content = NULL;
  g_signal_emit_by_name (source, "prepare", 4.0, 4.0, &content);
  g_assert_nonnull (content);
  GValue value = G_VALUE_INIT;
  g_value_init (&value, G_TYPE_INT);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  g_assert_cmpint (g_value_get_int (&value), ==, 3); /* a drag carries the card's index */
  g_object_unref (content);

  /* dropped on the upper half of the first card: the second conv goes first */
  GtkWidget *target_card = GTK_WIDGET (card (f, 0));
  GtkDropTarget *target = find_controller (target_card, GTK_TYPE_DROP_TARGET);
  g_assert_nonnull (target);
  gboolean accepted = FALSE;
  g_signal_emit_by_name (target, "drop", &value, 10.0, 2.0, &accepted);
  g_assert_true (accepted);
  g_assert_cmpint (f->spec_changed, ==, 1);
  assert_spec (f, "conv(16,k=9) conv(8,k=9) relu maxpool(2) relu maxpool(2) flatten dense(64) relu dense(1)");
  /* and back, onto the lower half of the (now) first conv(8) card */
  g_value_set_int (&value, 0);
  GtkWidget *below = GTK_WIDGET (card (f, 1));
  target = find_controller (below, GTK_TYPE_DROP_TARGET);
  g_signal_emit_by_name (target, "drop", &value, 10.0, (double) gtk_widget_get_height (below) - 2, &accepted);
  g_assert_cmpint (f->spec_changed, ==, 2);
  assert_spec (f, "conv(8,k=9) conv(16,k=9) relu maxpool(2) relu maxpool(2) flatten dense(64) relu dense(1)");
  g_value_unset (&value);
}

/* The palette's buttons, in reading order (column by column). */
static void
collect_add_buttons (GtkWidget *widget, GPtrArray *buttons)
{
  if (GTK_IS_BUTTON (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "stack.add") == 0)
    g_ptr_array_add (buttons, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_add_buttons (child, buttons);
}

static void
test_palette_popover (Fixture *f, gconstpointer data)
{
  GtkWidget *add = find_descendant (GTK_WIDGET (f->stack), GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_nonnull (add);
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (add)));
  g_assert_nonnull (popover);

  /* every layer type of the palette, then the twelve activations, each adding its own name */
  static const char *const expected[] = { "conv", "maxpool", "avgpool", "gavgpool", "gmaxpool", "flatten",
                                          "dense", "dropout", "batchnorm", "relu", "relu6", "leakyrelu",
                                          "prelu", "rrelu", "elu", "swish", "softplus", "sigmoid", "tanh",
                                          "linear", "softmax" };
  GPtrArray *buttons = g_ptr_array_new ();
  collect_add_buttons (popover, buttons);
  g_assert_cmpuint (buttons->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < buttons->len; i++)
    {
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (g_ptr_array_index (buttons, i)));
      g_assert_cmpstr (g_variant_get_string (target, NULL), ==, expected[i]);
    }

  gtk_menu_button_popup (GTK_MENU_BUTTON (add));
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline && !gtk_widget_get_mapped (popover))
    spin_main_loop (10);
  g_assert_true (gtk_widget_get_mapped (popover));
  spin_main_loop (50);
  const char *dir = g_getenv ("SCREENSHOT_DIR");
  if (dir != NULL && *dir != '\0')
    {
      int width = gtk_widget_get_width (popover), height = gtk_widget_get_height (popover);
      g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (popover);
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      GskRenderNode *node = gtk_snapshot_free_to_node (snapshot);
      g_autoptr (GdkTexture) texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (popover)),
                                                                    node, &GRAPHENE_RECT_INIT (0, 0, width, height));
      gsk_render_node_unref (node);
      g_mkdir_with_parents (dir, 0755);
      g_autofree char *path = g_build_filename (dir, "stack-palette.png", NULL);
      g_assert_true (gdk_texture_save_to_png (texture, path));
      g_printerr ("screenshot: %s\n", path);
    }

  /* clicking "Dropout" adds one after the highlighted card and closes the palette */
  gtk_widget_grab_focus (GTK_WIDGET (card (f, 7)));
  g_signal_emit_by_name (g_ptr_array_index (buttons, 7), "clicked");
  spin_main_loop (20);
  g_assert_cmpint (f->spec_changed, ==, 1);
  assert_spec (f, "conv(8,k=9) relu maxpool(2) conv(16,k=9) relu maxpool(2) flatten dense(64) dropout(0.5) "
                  "relu dense(1)");
  g_assert_false (gtk_widget_get_visible (popover));
  g_ptr_array_unref (buttons);
}

int
main (int argc, char **argv)
{
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  /* The theme animates colour changes (an error border fades in over ~200 ms): without animations the
   * screenshots show the final colours, however busy the machine is when they are taken. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, fn) g_test_add ("/layer-stack/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("programmatic-edits", test_programmatic_edits);
  ADD ("typing-in-a-card", test_typing_in_a_card);
  ADD ("pool-stride-follows-window", test_pool_stride_follows_window);
  ADD ("drop-downs", test_drop_downs);
  ADD ("keyboard-move-and-remove", test_keyboard_move_and_remove);
  ADD ("palette-adds-after-current", test_palette_adds_after_current);
  ADD ("drop-positions", test_drop_positions);
  ADD ("set-spec-updates-in-place", test_set_spec_updates_in_place);
  ADD ("drag-and-drop-controllers", test_drag_and_drop_controllers);
  ADD ("palette-popover", test_palette_popover);
#undef ADD
  return g_test_run ();
}
