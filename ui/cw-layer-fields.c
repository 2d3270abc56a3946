/* cw-layer-fields.c — the editable fields of a layer spec and their editors (see cw-layer-fields.h). */
#include "cw-layer-fields.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

typedef struct
{
  const char *name;
  CwEditorKind kind;
  double lower, upper, step;
  int digits;
  int width_chars;
  const char *tooltip;
} FieldInfo;

/* Ranges are what an editor lets through; whether the stack still works with a value (a kernel longer than
 * the signal, rrelu's lower above its upper) is the shape walk's call, shown on the card. */
static const FieldInfo field_info[CW_N_FIELDS] = {
  [CW_FIELD_UNITS] = { "units", CW_EDITOR_INT, 1, 100000, 1, 0, 4, NULL },
  [CW_FIELD_KERNEL] = { "kernel", CW_EDITOR_INT, 1, 100000, 1, 0, 3, NULL },
  [CW_FIELD_STRIDE] = { "stride", CW_EDITOR_INT, 1, 100000, 1, 0, 2, "Step between windows" },
  [CW_FIELD_DILATION] = { "dilation", CW_EDITOR_INT, 1, 10000, 1, 0, 2, "Spacing between kernel taps" },
  [CW_FIELD_PADDING] = { "padding", CW_EDITOR_PADDING, 0, 0, 0, 0, 0,
                         "valid: none · same: output length = input / stride · causal: all zeros on the left" },
  [CW_FIELD_PAD_LEFT] = { "pad-left", CW_EDITOR_INT, 0, 100000, 1, 0, 2, "Zeros added on the left" },
  [CW_FIELD_PAD_RIGHT] = { "pad-right", CW_EDITOR_INT, 0, 100000, 1, 0, 2, "Zeros added on the right" },
  [CW_FIELD_BIAS] = { "bias", CW_EDITOR_BOOL, 0, 0, 0, 0, 0, "Learn an offset per output" },
  [CW_FIELD_RATE] = { "rate", CW_EDITOR_FLOAT, 0, 0.99, 0.05, 2, 4, "Probability of zeroing a value in training" },
  [CW_FIELD_ACTIVATION] = { "activation", CW_EDITOR_ACTIVATION, 0, 0, 0, 0, 0, "Activation function" },
  [CW_FIELD_ALPHA] = { "alpha", CW_EDITOR_FLOAT, 0, 100, 0.01, 3, 5, NULL },
  [CW_FIELD_LOWER] = { "lower", CW_EDITOR_FLOAT, 0, 1, 0.01, 3, 5, "Smallest random negative slope" },
  [CW_FIELD_UPPER] = { "upper", CW_EDITOR_FLOAT, 0, 1, 0.01, 3, 5, "Largest random negative slope" },
  [CW_FIELD_MOMENTUM] = { "momentum", CW_EDITOR_FLOAT, 0, 1, 0.01, 2, 4,
                          "Weight of each batch in the running statistics" },
  [CW_FIELD_EPS] = { "eps", CW_EDITOR_SCIENTIFIC, 1e-12, 1, 1e-6, 6, 6,
                     "Added to the variance before the square root" },
};

/* The activation drop-down lists functions in the palette's order, not the enum's. */
static const cw_activation activation_order[CW_ACT_N] = {
  CW_ACT_RELU, CW_ACT_RELU6, CW_ACT_LEAKY_RELU, CW_ACT_PRELU, CW_ACT_RRELU, CW_ACT_ELU,
  CW_ACT_SWISH, CW_ACT_SOFTPLUS, CW_ACT_SIGMOID, CW_ACT_TANH, CW_ACT_LINEAR, CW_ACT_SOFTMAX,
};

/* ---- names and numbers ---- */

const char *
cw_activation_display_name (cw_activation activation)
{
  static const char *const names[CW_ACT_N] = {
    [CW_ACT_LINEAR] = "Linear", [CW_ACT_RELU] = "ReLU", [CW_ACT_RELU6] = "ReLU6",
    [CW_ACT_SOFTPLUS] = "Softplus", [CW_ACT_LEAKY_RELU] = "Leaky ReLU", [CW_ACT_PRELU] = "PReLU",
    [CW_ACT_RRELU] = "RReLU", [CW_ACT_ELU] = "ELU", [CW_ACT_SWISH] = "Swish", [CW_ACT_SIGMOID] = "Sigmoid",
    [CW_ACT_TANH] = "Tanh", [CW_ACT_SOFTMAX] = "Softmax",
  };
  g_return_val_if_fail (activation >= 0 && activation < CW_ACT_N, "?");
  return names[activation];
}

const char *
cw_layer_display_name (const cw_layer_spec *layer)
{
  static const char *const names[CW_LAYER_N_TYPES] = {
    [CW_LAYER_CONV] = "Conv", [CW_LAYER_MAXPOOL] = "Max pool", [CW_LAYER_AVGPOOL] = "Avg pool",
    [CW_LAYER_GLOBAL_MAXPOOL] = "Global max pool", [CW_LAYER_GLOBAL_AVGPOOL] = "Global avg pool",
    [CW_LAYER_FLATTEN] = "Flatten", [CW_LAYER_DENSE] = "Dense", [CW_LAYER_DROPOUT] = "Dropout",
    [CW_LAYER_BATCHNORM] = "Batch norm",
  };
  g_return_val_if_fail (layer != NULL && layer->type >= 0 && layer->type < CW_LAYER_N_TYPES, "?");
  if (layer->type == CW_LAYER_ACTIVATION)
    return cw_activation_display_name (layer->activation);
  return names[layer->type];
}

void
cw_format_count (guint64 value, char *buf, gsize size)
{
  char digits[32];
  int n = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value);
  GString *out = g_string_sized_new (n + n / 3);
  for (int i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  g_strlcpy (buf, out->str, size);
  g_string_free (out, TRUE);
}

/* ---- fields ---- */

const char *
cw_layer_field_name (CwLayerField field)
{
  g_return_val_if_fail (field >= 0 && field < CW_N_FIELDS, NULL);
  return field_info[field].name;
}

CwLayerField
cw_layer_field_from_name (const char *name)
{
  for (int f = 0; f < CW_N_FIELDS; f++)
    if (g_strcmp0 (name, field_info[f].name) == 0)
      return (CwLayerField) f;
  return CW_N_FIELDS;
}

CwEditorKind
cw_layer_field_editor_kind (CwLayerField field)
{
  g_return_val_if_fail (field >= 0 && field < CW_N_FIELDS, CW_EDITOR_INT);
  return field_info[field].kind;
}

static gboolean
is_pool (const cw_layer_spec *layer)
{
  return layer->type == CW_LAYER_MAXPOOL || layer->type == CW_LAYER_AVGPOOL;
}

double
cw_layer_field_get (const cw_layer_spec *layer, CwLayerField field)
{
  switch (field)
    {
    case CW_FIELD_UNITS: return layer->units;
    case CW_FIELD_KERNEL: return layer->kernel;
    case CW_FIELD_STRIDE: return is_pool (layer) && layer->stride == 0 ? layer->kernel : layer->stride;
    case CW_FIELD_DILATION: return layer->dilation;
    case CW_FIELD_PADDING: return layer->padding;
    case CW_FIELD_PAD_LEFT: return layer->pad_left;
    case CW_FIELD_PAD_RIGHT: return layer->pad_right;
    case CW_FIELD_BIAS: return layer->bias;
    case CW_FIELD_RATE: return layer->rate;
    case CW_FIELD_ACTIVATION: return layer->activation;
    case CW_FIELD_ALPHA: return layer->alpha;
    case CW_FIELD_LOWER: return layer->lower;
    case CW_FIELD_UPPER: return layer->upper;
    case CW_FIELD_MOMENTUM: return layer->momentum;
    case CW_FIELD_EPS: return layer->eps;
    case CW_N_FIELDS: break;
    }
  g_return_val_if_reached (0);
}

void
cw_layer_field_set (cw_layer_spec *layer, CwLayerField field, double value)
{
  int as_int = (int) lround (value);
  switch (field)
    {
    case CW_FIELD_UNITS: layer->units = as_int; break;
    case CW_FIELD_KERNEL:
      if (is_pool (layer) && (layer->stride == 0 || layer->stride == layer->kernel))
        layer->stride = as_int;
      layer->kernel = as_int;
      break;
    case CW_FIELD_STRIDE: layer->stride = as_int; break;
    case CW_FIELD_DILATION: layer->dilation = as_int; break;
    case CW_FIELD_PADDING: layer->padding = (cw_padding) as_int; break;
    case CW_FIELD_PAD_LEFT: layer->pad_left = as_int; break;
    case CW_FIELD_PAD_RIGHT: layer->pad_right = as_int; break;
    case CW_FIELD_BIAS: layer->bias = as_int != 0; break;
    case CW_FIELD_RATE: layer->rate = (float) value; break;
    case CW_FIELD_ACTIVATION: *layer = cw_activation_spec ((cw_activation) as_int); break;
    case CW_FIELD_ALPHA: layer->alpha = (float) value; break;
    case CW_FIELD_LOWER: layer->lower = (float) value; break;
    case CW_FIELD_UPPER: layer->upper = (float) value; break;
    case CW_FIELD_MOMENTUM: layer->momentum = (float) value; break;
    case CW_FIELD_EPS: layer->eps = (float) value; break;
    case CW_N_FIELDS: g_return_if_reached ();
    }
}

gboolean
cw_layer_field_same_as_shown (CwLayerField field, double shown, double current)
{
  const FieldInfo *info = &field_info[field];
  if (info->kind == CW_EDITOR_SCIENTIFIC)
    return fabs (shown - current) <= 1e-5 * fabs (current);
  return fabs (shown - current) < 0.5 * pow (10.0, -info->digits);
}

gboolean
cw_layer_field_parse (CwLayerField field, const char *text, double *value)
{
  const FieldInfo *info = &field_info[field];
  if (info->kind != CW_EDITOR_INT && info->kind != CW_EDITOR_FLOAT && info->kind != CW_EDITOR_SCIENTIFIC)
    return FALSE;
  char *end = NULL;
  errno = 0;
  double parsed = info->kind == CW_EDITOR_INT ? (double) strtol (text, &end, 10) : g_strtod (text, &end);
  if (end == text || errno != 0)
    return FALSE;
  while (g_ascii_isspace (*end))
    end++;
  if (*end != '\0' || parsed < info->lower || parsed > info->upper)
    return FALSE;
  *value = parsed;
  return TRUE;
}

/* ---- editors ---- */

static gboolean
on_scientific_output (GtkSpinButton *spin, gpointer user_data)
{
  char text[32];
  g_snprintf (text, sizeof text, "%g", gtk_spin_button_get_value (spin));
  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static int
on_scientific_input (GtkSpinButton *spin, double *new_value, gpointer user_data)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  char *end = NULL;
  double value = g_strtod (text, &end);
  if (end == text || value <= 0)
    return GTK_INPUT_ERROR;
  *new_value = value;
  return TRUE;
}

GtkWidget *
cw_layer_field_editor_new (CwLayerField field)
{
  g_return_val_if_fail (field >= 0 && field < CW_N_FIELDS, NULL);
  const FieldInfo *info = &field_info[field];
  GtkWidget *editor = NULL;
  switch (info->kind)
    {
    case CW_EDITOR_INT:
    case CW_EDITOR_FLOAT:
    case CW_EDITOR_SCIENTIFIC:
      {
        GtkAdjustment *adjustment = gtk_adjustment_new (info->lower, info->lower, info->upper, info->step,
                                                        info->step * 10, 0);
        editor = gtk_spin_button_new (adjustment, 1, info->digits);
        gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (editor), info->kind != CW_EDITOR_SCIENTIFIC);
        gtk_editable_set_width_chars (GTK_EDITABLE (editor), info->width_chars);
        gtk_editable_set_max_width_chars (GTK_EDITABLE (editor), info->width_chars);
        if (info->kind == CW_EDITOR_SCIENTIFIC)
          {
            g_signal_connect (editor, "output", G_CALLBACK (on_scientific_output), NULL);
            g_signal_connect (editor, "input", G_CALLBACK (on_scientific_input), NULL);
          }
        break;
      }
    case CW_EDITOR_BOOL:
      editor = gtk_check_button_new_with_label ("Bias");
      break;
    case CW_EDITOR_PADDING:
      {
        static const char *const paddings[] = { "valid", "same", "causal", "explicit", NULL };
        editor = gtk_drop_down_new_from_strings (paddings);
        break;
      }
    case CW_EDITOR_ACTIVATION:
      {
        const char *names[CW_ACT_N + 1];
        for (int i = 0; i < CW_ACT_N; i++)
          names[i] = cw_activation_display_name (activation_order[i]);
        names[CW_ACT_N] = NULL;
        editor = gtk_drop_down_new_from_strings (names);
        break;
      }
    }
  gtk_widget_set_valign (editor, GTK_ALIGN_CENTER);
  if (info->tooltip != NULL)
    gtk_widget_set_tooltip_text (editor, info->tooltip);
  return editor;
}

void
cw_layer_field_editor_set (GtkWidget *editor, CwLayerField field, double value)
{
  switch (field_info[field].kind)
    {
    case CW_EDITOR_INT:
    case CW_EDITOR_FLOAT:
    case CW_EDITOR_SCIENTIFIC:
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (editor), value);
      break;
    case CW_EDITOR_BOOL:
      gtk_check_button_set_active (GTK_CHECK_BUTTON (editor), value != 0);
      break;
    case CW_EDITOR_PADDING:
      gtk_drop_down_set_selected (GTK_DROP_DOWN (editor), (guint) value);
      break;
    case CW_EDITOR_ACTIVATION:
      for (guint i = 0; i < G_N_ELEMENTS (activation_order); i++)
        if (activation_order[i] == (cw_activation) value)
          gtk_drop_down_set_selected (GTK_DROP_DOWN (editor), i);
      break;
    }
}

double
cw_layer_field_editor_get (GtkWidget *editor, CwLayerField field)
{
  switch (field_info[field].kind)
    {
    case CW_EDITOR_INT:
    case CW_EDITOR_FLOAT:
    case CW_EDITOR_SCIENTIFIC:
      return gtk_spin_button_get_value (GTK_SPIN_BUTTON (editor));
    case CW_EDITOR_BOOL:
      return gtk_check_button_get_active (GTK_CHECK_BUTTON (editor));
    case CW_EDITOR_PADDING:
      return gtk_drop_down_get_selected (GTK_DROP_DOWN (editor));
    case CW_EDITOR_ACTIVATION:
      {
        guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (editor));
        return selected < G_N_ELEMENTS (activation_order) ? activation_order[selected] : CW_ACT_RELU;
      }
    }
  g_return_val_if_reached (0);
}
