/* cw-layer-palette.c — the "Add Layer" popover of the layer-stack editor (see cw-layer-palette.h). */
#include "cw-layer-palette.h"

#include "cw-layer-fields.h"

/* Looked up rather than parsed: the text form cannot spell conv or dense without their arguments. */
gboolean
cw_layer_palette_default_layer (const char *name, cw_layer_spec *layer)
{
  for (int type = 0; type < CW_LAYER_N_TYPES; type++)
    if (type != CW_LAYER_ACTIVATION && g_strcmp0 (name, cw_layer_type_name (type)) == 0)
      {
        *layer = cw_layer_spec_default (type);
        return TRUE;
      }
  for (int act = 0; act < CW_ACT_N; act++)
    if (g_strcmp0 (name, cw_activation_name (act)) == 0)
      {
        *layer = cw_activation_spec (act);
        return TRUE;
      }
  return FALSE;
}

static GtkWidget *
palette_column (const char *heading, const char *const *labels, const char *const *tokens, int n)
{
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *title = gtk_label_new (heading);
  gtk_widget_add_css_class (title, "caption-heading");
  gtk_widget_add_css_class (title, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (column), title);
  for (int i = 0; i < n; i++)
    {
      GtkWidget *label = gtk_label_new (labels[i]);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      GtkWidget *button = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_add_css_class (button, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "stack.add");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", tokens[i]);
      g_autofree char *tip = g_strdup_printf ("Add %s", tokens[i]);
      gtk_widget_set_tooltip_text (button, tip);
      gtk_box_append (GTK_BOX (column), button);
    }
  return column;
}

GtkWidget *
cw_layer_palette_new (void)
{
  static const char *const layer_labels[] = { "Conv", "Max pool", "Avg pool", "Global avg pool",
                                              "Global max pool", "Flatten", "Dense", "Dropout", "Batch norm" };
  static const char *const layer_tokens[] = { "conv", "maxpool", "avgpool", "gavgpool", "gmaxpool",
                                              "flatten", "dense", "dropout", "batchnorm" };
  static const cw_activation activations[] = { CW_ACT_RELU, CW_ACT_RELU6, CW_ACT_LEAKY_RELU, CW_ACT_PRELU,
                                               CW_ACT_RRELU, CW_ACT_ELU, CW_ACT_SWISH, CW_ACT_SOFTPLUS,
                                               CW_ACT_SIGMOID, CW_ACT_TANH, CW_ACT_LINEAR, CW_ACT_SOFTMAX };
  const char *act_labels[G_N_ELEMENTS (activations)], *act_tokens[G_N_ELEMENTS (activations)];
  for (guint i = 0; i < G_N_ELEMENTS (activations); i++)
    {
      act_labels[i] = cw_activation_display_name (activations[i]);
      act_tokens[i] = cw_activation_name (activations[i]);
    }

  GtkWidget *columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (columns, "palette");
  gtk_box_append (GTK_BOX (columns),
                  palette_column ("Layers", layer_labels, layer_tokens, G_N_ELEMENTS (layer_labels)));
  gtk_box_append (GTK_BOX (columns), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (columns),
                  palette_column ("Activations", act_labels, act_tokens, G_N_ELEMENTS (activations)));
  GtkWidget *popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), columns);
  return popover;
}
