/* cw-layer-stack.c — the architecture editor: an input card, one CwLayerCard per layer, the parameter
 * summary and the "Add Layer" palette (see cw-layer-stack.h).
 *
 * The stack owns the cw_spec. Value edits arrive from a card's "changed" and only refresh shapes and labels;
 * insert, remove and move add, drop or reorder single card widgets, so whatever has the keyboard focus keeps
 * it. Only set_spec with a different sequence of layer types rebuilds the cards. */
#include "cw-layer-stack.h"

#include "cw-layer-card.h"
#include "cw-layer-palette.h"
#include "cw-layer-style.h"

#include <stdlib.h>
#include <string.h>

struct _CwLayerStack
{
  GtkWidget parent_instance;

  /* template widgets (built in code) */
  GtkWidget *scroller;
  GtkWidget *card_box;
  GtkWidget *input_card;
  GtkWidget *input_detail_label;
  GtkWidget *input_shape_label;
  GtkWidget *input_problem_label;
  GtkWidget *summary_bar;
  GtkWidget *summary_icon;
  GtkWidget *summary_label;
  GtkWidget *add_button;

  /* owned */
  cw_spec *spec;
  cw_shape_info *shapes; /* one per layer; meaningful before the breaking layer */
  char *problem;
  GPtrArray *cards; /* CwLayerCard in stack order; card_box holds the references */
  GtkSizeGroup *name_column;
  GtkSizeGroup *shape_column;
  GtkSizeGroup *params_column;
  GtkSizeGroup *end_column;

  /* borrowed */
  CwLayerCard *current_card; /* the card "Add Layer" inserts after (the last one worked in), or NULL */

  /* state */
  int in_channels, in_length;
  int n_outputs;
  int n_samples;
  int problem_layer;
  gboolean shapes_known; /* the shape walk went through every layer */
  guint64 total_params;
  gboolean valid;
  gboolean read_only;
};

G_DEFINE_FINAL_TYPE (CwLayerStack, cw_layer_stack, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_VALID,
  N_PROPS
};

enum
{
  SIGNAL_SPEC_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* More parameters than this many per training sample draws the overfitting warning. */
#define PARAMS_PER_SAMPLE_WARNING 10

/* ---- cards ---- */

static int
card_index (CwLayerStack *self, CwLayerCard *card)
{
  guint index;
  return g_ptr_array_find (self->cards, card, &index) ? (int) index : -1;
}

static CwLayerCard *
card_at (CwLayerStack *self, int index)
{
  return index >= 0 && index < (int) self->cards->len ? g_ptr_array_index (self->cards, index) : NULL;
}

static gboolean
contains_focus (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
renumber_cards (CwLayerStack *self)
{
  for (guint i = 0; i < self->cards->len; i++)
    cw_layer_card_set_position (card_at (self, (int) i), (int) i, (int) self->cards->len);
}

static void
set_current_card (CwLayerStack *self, CwLayerCard *card)
{
  if (self->current_card == card)
    return;
  if (self->current_card != NULL)
    cw_layer_card_set_current (self->current_card, FALSE);
  self->current_card = card;
  if (card != NULL)
    cw_layer_card_set_current (card, TRUE);
}

/* "Layer 3, dense(16): dense needs a flat input..." reads on its card as "Dense needs a flat input...": the
 * card already says which layer it is. */
static char *
reason_for_card (const char *message, int layer, const cw_spec *spec)
{
  char *token = cw_layer_spec_to_string (cw_spec_get (spec, layer));
  g_autofree char *prefix = g_strdup_printf ("Layer %d, %s: ", layer + 1, token);
  free (token);
  const char *reason = g_str_has_prefix (message, prefix) ? message + strlen (prefix) : message;
  if (*reason == '\0')
    return g_strdup (message);
  g_autofree char *first = g_utf8_strup (reason, g_utf8_next_char (reason) - reason);
  return g_strconcat (first, g_utf8_next_char (reason), NULL);
}

static void
update_summary (CwLayerStack *self)
{
  char params[32], samples[32];
  g_autofree char *params_text = NULL;
  g_autofree char *text = NULL;
  gboolean warn = FALSE;

  if (self->in_length <= 0)
    params_text = g_strdup ("Load data to see shapes and parameters");
  else if (!self->shapes_known)
    params_text = g_strdup ("Parameters unknown until the stack is fixed");
  else
    {
      cw_format_count (self->total_params, params, sizeof params);
      params_text = g_strdup_printf ("%s parameter%s", params, self->total_params == 1 ? "" : "s");
      warn = self->n_samples > 0 && self->total_params > (guint64) PARAMS_PER_SAMPLE_WARNING * self->n_samples;
    }
  if (self->n_samples > 0)
    {
      cw_format_count ((guint64) self->n_samples, samples, sizeof samples);
      text = g_strdup_printf ("%s · %s training sample%s", params_text, samples, self->n_samples == 1 ? "" : "s");
    }
  else
    text = g_steal_pointer (&params_text);
  gtk_label_set_text (GTK_LABEL (self->summary_label), text);

  gtk_widget_set_visible (self->summary_icon, warn);
  if (warn)
    {
      gtk_widget_add_css_class (self->summary_label, "warning");
      char per_sample[32];
      cw_format_count (self->total_params / (guint64) self->n_samples, per_sample, sizeof per_sample);
      g_autofree char *tip = g_strdup_printf ("%s parameters per training sample: the network can memorise the "
                                              "data. Fewer filters, a smaller dense layer or global pooling "
                                              "before it would generalise better.", per_sample);
      gtk_widget_set_tooltip_text (self->summary_bar, tip);
    }
  else
    {
      gtk_widget_remove_css_class (self->summary_label, "warning");
      gtk_widget_set_tooltip_text (self->summary_bar, NULL);
    }
}

static void
update_input_card (CwLayerStack *self, const char *input_reason)
{
  if (self->in_length <= 0 || self->in_channels <= 0)
    {
      gtk_label_set_text (GTK_LABEL (self->input_shape_label), "?");
      gtk_label_set_text (GTK_LABEL (self->input_detail_label), "no data loaded");
    }
  else
    {
      char channels[32], length[32];
      cw_format_count ((guint64) self->in_channels, channels, sizeof channels);
      cw_format_count ((guint64) self->in_length, length, sizeof length);
      g_autofree char *shape = g_strdup_printf ("%s × %s", channels, length);
      g_autofree char *detail = g_strdup_printf ("%s channel%s · %s points", channels,
                                                 self->in_channels == 1 ? "" : "s", length);
      gtk_label_set_text (GTK_LABEL (self->input_shape_label), shape);
      gtk_label_set_text (GTK_LABEL (self->input_detail_label), detail);
    }
  gtk_label_set_text (GTK_LABEL (self->input_problem_label), input_reason != NULL ? input_reason : "");
  gtk_widget_set_visible (self->input_problem_label, input_reason != NULL);
  if (input_reason != NULL)
    gtk_widget_add_css_class (self->input_card, "error");
  else
    gtk_widget_remove_css_class (self->input_card, "error");
}

/* Walks the shapes and tells every card what it outputs and whether the stack breaks there: after each edit. */
static void
refresh (CwLayerStack *self)
{
  int n = cw_spec_count (self->spec);
  g_autofree char *card_reason = NULL;
  int known = 0;

  self->shapes = g_renew (cw_shape_info, self->shapes, MAX (n, 1));
  g_clear_pointer (&self->problem, g_free);
  self->problem_layer = -1;
  self->shapes_known = FALSE;

  if (self->in_length <= 0 || self->in_channels <= 0)
    self->problem = g_strdup ("No input shape yet: load a data set to check the stack.");
  else if (n == 0)
    self->problem = g_strdup ("The stack is empty: add layers with Add Layer.");
  else
    {
      cw_error err;
      if (cw_spec_infer (self->spec, self->in_channels, self->in_length, self->shapes, &err) != CW_OK)
        {
          self->problem_layer = CLAMP (err.item, 0, n - 1);
          self->problem = g_strdup (err.message);
          known = self->problem_layer;
        }
      else
        {
          known = n;
          self->shapes_known = TRUE;
          const cw_shape_info *last = &self->shapes[n - 1];
          gint64 values = (gint64) last->channels * last->length;
          if (self->n_outputs > 0 && values != self->n_outputs)
            {
              char channels[32], length[32];
              cw_format_count ((guint64) last->channels, channels, sizeof channels);
              cw_format_count ((guint64) last->length, length, sizeof length);
              g_autofree char *what = last->length > 1
                ? g_strdup_printf ("ends with %s × %s values but the task needs %d: add flatten/global pooling "
                                   "and dense(%d)", channels, length, self->n_outputs, self->n_outputs)
                : g_strdup_printf ("ends with %s values but the task needs %d: end with dense(%d)", channels,
                                   self->n_outputs, self->n_outputs);
              char *token = cw_layer_spec_to_string (cw_spec_get (self->spec, n - 1));
              self->problem = g_strdup_printf ("Layer %d, %s: the stack %s", n, token, what);
              free (token);
              self->problem_layer = n - 1;
            }
        }
    }
  if (self->problem != NULL && self->problem_layer >= 0)
    card_reason = reason_for_card (self->problem, self->problem_layer, self->spec);

  self->total_params = 0;
  for (int i = 0; i < n; i++)
    {
      CwLayerCard *card = card_at (self, i);
      cw_layer_card_set_output (card, i < known ? &self->shapes[i] : NULL);
      cw_layer_card_set_problem (card, i == self->problem_layer ? card_reason : NULL);
      if (i < known)
        self->total_params += self->shapes[i].params;
    }
  update_input_card (self, self->problem != NULL && self->problem_layer < 0 ? self->problem : NULL);
  update_summary (self);

  gboolean valid = self->problem == NULL;
  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static void
edited (CwLayerStack *self)
{
  refresh (self);
  g_signal_emit (self, signals[SIGNAL_SPEC_CHANGED], 0);
}

static void
on_card_changed (CwLayerCard *card, CwLayerStack *self)
{
  int index = card_index (self, card);
  g_return_if_fail (index >= 0);
  cw_spec_set (self->spec, index, cw_layer_card_get_layer (card));
  edited (self);
}

static void
on_card_move_requested (CwLayerCard *card, int delta, CwLayerStack *self)
{
  int from = card_index (self, card);
  int to = from + delta;
  if (from < 0 || to < 0 || to >= (int) self->cards->len)
    return;
  cw_layer_stack_move (self, from, to);
  if (!contains_focus (GTK_WIDGET (card)))
    gtk_widget_grab_focus (GTK_WIDGET (card));
}

static void
on_card_remove_requested (CwLayerCard *card, CwLayerStack *self)
{
  int index = card_index (self, card);
  if (index >= 0)
    cw_layer_stack_remove (self, index);
}

/* A card dragged by its handle (index from) was dropped before or after `target`. */
static void
on_card_layer_dropped (CwLayerCard *target, int from, gboolean after, CwLayerStack *self)
{
  int over = card_index (self, target);
  CwLayerCard *moved = card_at (self, from);
  if (over < 0 || moved == NULL)
    return;
  /* the index the dragged card ends up at, counted after it left its old place */
  int to = after ? over + 1 : over;
  if (from < to)
    to--;
  cw_layer_stack_move (self, from, to);
  gtk_widget_grab_focus (GTK_WIDGET (moved));
}

static void
on_card_focus_enter (GtkEventControllerFocus *controller, CwLayerStack *self)
{
  set_current_card (self, CW_LAYER_CARD (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller))));
}

static GtkWidget *
create_card (CwLayerStack *self, const cw_layer_spec *layer)
{
  GtkWidget *card = cw_layer_card_new (layer);
  cw_layer_card_set_editable (CW_LAYER_CARD (card), !self->read_only);
  cw_layer_card_add_to_columns (CW_LAYER_CARD (card), self->name_column, self->shape_column,
                                self->params_column, self->end_column);
  g_signal_connect (card, "changed", G_CALLBACK (on_card_changed), self);
  g_signal_connect (card, "move-requested", G_CALLBACK (on_card_move_requested), self);
  g_signal_connect (card, "remove-requested", G_CALLBACK (on_card_remove_requested), self);
  g_signal_connect (card, "layer-dropped", G_CALLBACK (on_card_layer_dropped), self);
  GtkEventController *focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "enter", G_CALLBACK (on_card_focus_enter), self);
  gtk_widget_add_controller (card, focus);
  return card;
}

/* Puts a new card for layer at index, in the box and the list (the spec is the caller's business). */
static GtkWidget *
add_card (CwLayerStack *self, int index, const cw_layer_spec *layer)
{
  GtkWidget *card = create_card (self, layer);
  GtkWidget *before = index == 0 ? self->input_card : GTK_WIDGET (card_at (self, index - 1));
  gtk_box_insert_child_after (GTK_BOX (self->card_box), card, before);
  g_ptr_array_insert (self->cards, index, card);
  return card;
}

static void
drop_card (CwLayerStack *self, int index)
{
  CwLayerCard *card = card_at (self, index);
  if (self->current_card == card)
    set_current_card (self, NULL);
  g_ptr_array_remove_index (self->cards, index);
  gtk_box_remove (GTK_BOX (self->card_box), GTK_WIDGET (card));
}

static gboolean
same_layer_types (CwLayerStack *self, const cw_spec *spec)
{
  if (cw_spec_count (spec) != (int) self->cards->len)
    return FALSE;
  for (int i = 0; i < cw_spec_count (spec); i++)
    if (cw_spec_get (spec, i)->type != cw_layer_card_get_layer (card_at (self, i))->type)
      return FALSE;
  return TRUE;
}

/* ---- palette ---- */

static void
add_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CwLayerStack *self = CW_LAYER_STACK (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  cw_layer_spec layer;
  if (!cw_layer_palette_default_layer (name, &layer))
    {
      g_critical ("stack.add: no layer type or activation is called \"%s\"", name);
      return;
    }
  /* close the palette first: a closing popover hands the focus back to its button */
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->add_button));
  int index = self->current_card != NULL ? card_index (self, self->current_card) + 1 : (int) self->cards->len;
  cw_layer_stack_insert (self, index, &layer);
  CwLayerCard *card = card_at (self, index);
  gtk_widget_grab_focus (GTK_WIDGET (card));
  set_current_card (self, card);
}

/* ---- construction ---- */

static GtkWidget *
build_input_card (CwLayerStack *self)
{
  GtkWidget *grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 10);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_widget_add_css_class (grid, "layer-card");
  gtk_widget_add_css_class (grid, "input");

  /* the handle column of the layer cards, kept empty so the names line up */
  GtkWidget *icon = gtk_image_new ();
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 16);
  gtk_grid_attach (GTK_GRID (grid), icon, 0, 0, 1, 1);

  GtkWidget *title = gtk_label_new ("Input");
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_grid_attach (GTK_GRID (grid), title, 1, 0, 1, 1);
  gtk_size_group_add_widget (self->name_column, title);

  self->input_detail_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->input_detail_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (self->input_detail_label), 0);
  gtk_widget_set_hexpand (self->input_detail_label, TRUE);
  gtk_grid_attach (GTK_GRID (grid), self->input_detail_label, 2, 0, 1, 1);

  self->input_shape_label = gtk_label_new ("?");
  gtk_widget_add_css_class (self->input_shape_label, "numeric");
  gtk_label_set_xalign (GTK_LABEL (self->input_shape_label), 1);
  gtk_widget_set_tooltip_text (self->input_shape_label, "Input: channels × length");
  gtk_grid_attach (GTK_GRID (grid), self->input_shape_label, 3, 0, 1, 1);
  gtk_size_group_add_widget (self->shape_column, self->input_shape_label);

  GtkWidget *params_space = gtk_label_new (NULL);
  gtk_grid_attach (GTK_GRID (grid), params_space, 4, 0, 1, 1);
  gtk_size_group_add_widget (self->params_column, params_space);
  GtkWidget *end_space = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_grid_attach (GTK_GRID (grid), end_space, 5, 0, 1, 1);
  gtk_size_group_add_widget (self->end_column, end_space);

  self->input_problem_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->input_problem_label, "error");
  gtk_label_set_wrap (GTK_LABEL (self->input_problem_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->input_problem_label), 0);
  gtk_widget_set_visible (self->input_problem_label, FALSE);
  gtk_grid_attach (GTK_GRID (grid), self->input_problem_label, 1, 1, 4, 1);
  return grid;
}

static void
build_stack (CwLayerStack *self)
{
  self->card_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (self->card_box, 12);
  gtk_widget_set_margin_end (self->card_box, 12);
  gtk_widget_set_margin_top (self->card_box, 12);
  gtk_widget_set_margin_bottom (self->card_box, 12);
  self->input_card = build_input_card (self);
  gtk_box_append (GTK_BOX (self->card_box), self->input_card);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->card_box);
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  self->summary_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (self->summary_bar, "summary-bar");
  self->summary_icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (self->summary_icon, "summary-icon");
  gtk_widget_set_visible (self->summary_icon, FALSE);
  gtk_box_append (GTK_BOX (self->summary_bar), self->summary_icon);
  self->summary_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->summary_label, "summary");
  gtk_widget_add_css_class (self->summary_label, "numeric");
  gtk_label_set_xalign (GTK_LABEL (self->summary_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->summary_label), TRUE);
  gtk_widget_set_hexpand (self->summary_label, TRUE);
  gtk_box_append (GTK_BOX (self->summary_bar), self->summary_label);

  GtkWidget *add_content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (add_content), gtk_image_new_from_icon_name ("list-add-symbolic"));
  gtk_box_append (GTK_BOX (add_content), gtk_label_new ("Add Layer"));
  self->add_button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (self->add_button), add_content);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->add_button), cw_layer_palette_new ());
  gtk_widget_set_tooltip_text (self->add_button, "Add a layer after the highlighted card");
  gtk_widget_set_valign (self->add_button, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->summary_bar), self->add_button);
  gtk_widget_set_parent (self->summary_bar, GTK_WIDGET (self));
}

static void
cw_layer_stack_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CwLayerStack *self = CW_LAYER_STACK (object);
  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_layer_stack_dispose (GObject *object)
{
  CwLayerStack *self = CW_LAYER_STACK (object);
  self->current_card = NULL;
  g_ptr_array_set_size (self->cards, 0);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->summary_bar, gtk_widget_unparent);
  G_OBJECT_CLASS (cw_layer_stack_parent_class)->dispose (object);
}

static void
cw_layer_stack_finalize (GObject *object)
{
  CwLayerStack *self = CW_LAYER_STACK (object);
  g_clear_pointer (&self->spec, cw_spec_free);
  g_free (self->shapes);
  g_free (self->problem);
  g_ptr_array_unref (self->cards);
  g_clear_object (&self->name_column);
  g_clear_object (&self->shape_column);
  g_clear_object (&self->params_column);
  g_clear_object (&self->end_column);
  G_OBJECT_CLASS (cw_layer_stack_parent_class)->finalize (object);
}

static void
cw_layer_stack_class_init (CwLayerStackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cw_layer_stack_get_property;
  object_class->dispose = cw_layer_stack_dispose;
  object_class->finalize = cw_layer_stack_finalize;

  properties[PROP_VALID] = g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SPEC_CHANGED] = g_signal_new ("spec-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                               NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "stack.add", "s", add_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "layerstack");
}

static void
cw_layer_stack_init (CwLayerStack *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_widget_add_css_class (GTK_WIDGET (self), "cw-layer-stack");
  cw_layer_style_install (gtk_widget_get_display (GTK_WIDGET (self)));

  self->spec = cw_spec_new ();
  self->cards = g_ptr_array_new ();
  self->name_column = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->shape_column = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->params_column = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->end_column = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->in_channels = 1;
  self->problem_layer = -1;
  self->valid = FALSE;
  build_stack (self);
  refresh (self);
}

/* ---- public ---- */

GtkWidget *
cw_layer_stack_new (void)
{
  return g_object_new (CW_TYPE_LAYER_STACK, NULL);
}

void
cw_layer_stack_set_editable (CwLayerStack *self, gboolean editable)
{
  g_return_if_fail (CW_IS_LAYER_STACK (self));
  self->read_only = !editable;
  gtk_widget_set_visible (self->add_button, editable);
  for (guint i = 0; i < self->cards->len; i++)
    cw_layer_card_set_editable (card_at (self, (int) i), editable);
  if (editable)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "read-only");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "read-only");
}

void
cw_layer_stack_set_spec (CwLayerStack *self, const cw_spec *spec)
{
  g_return_if_fail (CW_IS_LAYER_STACK (self));
  cw_spec *copy = spec != NULL ? cw_spec_copy (spec) : cw_spec_new ();
  if (same_layer_types (self, copy))
    {
      for (int i = 0; i < cw_spec_count (copy); i++)
        cw_layer_card_set_layer (card_at (self, i), cw_spec_get (copy, i));
    }
  else
    {
      while (self->cards->len > 0)
        drop_card (self, (int) self->cards->len - 1);
      for (int i = 0; i < cw_spec_count (copy); i++)
        add_card (self, i, cw_spec_get (copy, i));
    }
  cw_spec_free (self->spec);
  self->spec = copy;
  renumber_cards (self);
  refresh (self);
}

const cw_spec *
cw_layer_stack_get_spec (CwLayerStack *self)
{
  g_return_val_if_fail (CW_IS_LAYER_STACK (self), NULL);
  return self->spec;
}

void
cw_layer_stack_set_input_shape (CwLayerStack *self, int channels, int length)
{
  g_return_if_fail (CW_IS_LAYER_STACK (self));
  self->in_channels = channels;
  self->in_length = length;
  refresh (self);
}

void
cw_layer_stack_set_n_outputs (CwLayerStack *self, int n_outputs)
{
  g_return_if_fail (CW_IS_LAYER_STACK (self));
  self->n_outputs = MAX (n_outputs, 0);
  refresh (self);
}

void
cw_layer_stack_set_n_samples (CwLayerStack *self, int n_samples)
{
  g_return_if_fail (CW_IS_LAYER_STACK (self));
  self->n_samples = MAX (n_samples, 0);
  update_summary (self);
}

gboolean
cw_layer_stack_is_valid (CwLayerStack *self)
{
  g_return_val_if_fail (CW_IS_LAYER_STACK (self), FALSE);
  return self->valid;
}

const char *
cw_layer_stack_get_problem (CwLayerStack *self, int *layer)
{
  g_return_val_if_fail (CW_IS_LAYER_STACK (self), NULL);
  if (layer != NULL)
    *layer = self->problem != NULL ? self->problem_layer : -1;
  return self->problem;
}

void
cw_layer_stack_insert (CwLayerStack *self, int index, const cw_layer_spec *layer)
{
  g_return_if_fail (CW_IS_LAYER_STACK (self));
  g_return_if_fail (layer != NULL && layer->type >= 0 && layer->type < CW_LAYER_N_TYPES);
  index = CLAMP (index, 0, cw_spec_count (self->spec));
  cw_spec_insert (self->spec, index, layer);
  add_card (self, index, layer);
  renumber_cards (self);
  edited (self);
}

void
cw_layer_stack_remove (CwLayerStack *self, int index)
{
  g_return_if_fail (CW_IS_LAYER_STACK (self));
  g_return_if_fail (index >= 0 && index < cw_spec_count (self->spec));
  gboolean had_focus = contains_focus (GTK_WIDGET (card_at (self, index)));
  cw_spec_remove (self->spec, index);
  drop_card (self, index);
  renumber_cards (self);
  edited (self);
  /* the keyboard user who pressed Delete carries on from the neighbouring card */
  if (had_focus)
    {
      CwLayerCard *next = card_at (self, MIN (index, (int) self->cards->len - 1));
      gtk_widget_grab_focus (next != NULL ? GTK_WIDGET (next) : self->add_button);
    }
}

void
cw_layer_stack_move (CwLayerStack *self, int from, int to)
{
  g_return_if_fail (CW_IS_LAYER_STACK (self));
  int n = cw_spec_count (self->spec);
  g_return_if_fail (from >= 0 && from < n && to >= 0 && to < n);
  if (from == to)
    return;
  cw_spec_move (self->spec, from, to);
  CwLayerCard *card = card_at (self, from);
  g_ptr_array_remove_index (self->cards, from);
  g_ptr_array_insert (self->cards, to, card);
  /* reordered, not re-added: a card keeps its focus and editor state when it moves */
  GtkWidget *before = to == 0 ? self->input_card : GTK_WIDGET (card_at (self, to - 1));
  gtk_box_reorder_child_after (GTK_BOX (self->card_box), GTK_WIDGET (card), before);
  renumber_cards (self);
  edited (self);
}

void
cw_layer_stack_update (CwLayerStack *self, int index, const cw_layer_spec *layer)
{
  g_return_if_fail (CW_IS_LAYER_STACK (self));
  g_return_if_fail (index >= 0 && index < cw_spec_count (self->spec));
  g_return_if_fail (layer != NULL && layer->type >= 0 && layer->type < CW_LAYER_N_TYPES);
  CwLayerCard *card = card_at (self, index);
  cw_spec_set (self->spec, index, layer);
  if (cw_layer_card_get_layer (card)->type == layer->type)
    cw_layer_card_set_layer (card, layer);
  else
    {
      gboolean was_current = self->current_card == card;
      drop_card (self, index);
      GtkWidget *replacement = add_card (self, index, layer);
      if (was_current)
        set_current_card (self, CW_LAYER_CARD (replacement));
    }
  renumber_cards (self);
  edited (self);
}

GtkWidget *
cw_layer_stack_get_card (CwLayerStack *self, int index)
{
  g_return_val_if_fail (CW_IS_LAYER_STACK (self), NULL);
  return GTK_WIDGET (card_at (self, index));
}

guint64
cw_layer_stack_get_total_params (CwLayerStack *self)
{
  g_return_val_if_fail (CW_IS_LAYER_STACK (self), 0);
  return self->shapes_known ? self->total_params : 0;
}

const char *
cw_layer_stack_get_summary (CwLayerStack *self)
{
  g_return_val_if_fail (CW_IS_LAYER_STACK (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->summary_label));
}

const char *
cw_layer_stack_get_input_text (CwLayerStack *self)
{
  g_return_val_if_fail (CW_IS_LAYER_STACK (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->input_shape_label));
}
