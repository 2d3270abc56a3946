/* cw-layer-fields.h — the editable fields of a layer spec, for the layer cards: which fields exist, reading
 * and writing them as numbers, the widget that edits each (spin button, drop-down or check button), and the
 * names a person reads for layer types and activations. Used by CwLayerCard; no widget state lives here. */
#pragma once

#include <gtk/gtk.h>

#include "cw-spec.h"

G_BEGIN_DECLS

typedef enum
{
  CW_FIELD_UNITS,
  CW_FIELD_KERNEL,
  CW_FIELD_STRIDE,
  CW_FIELD_DILATION,
  CW_FIELD_PADDING,
  CW_FIELD_PAD_LEFT,
  CW_FIELD_PAD_RIGHT,
  CW_FIELD_BIAS,
  CW_FIELD_RATE,
  CW_FIELD_ACTIVATION,
  CW_FIELD_ALPHA,
  CW_FIELD_LOWER,
  CW_FIELD_UPPER,
  CW_FIELD_MOMENTUM,
  CW_FIELD_EPS,
  CW_N_FIELDS
} CwLayerField;

typedef enum
{
  CW_EDITOR_INT,        /* GtkSpinButton */
  CW_EDITOR_FLOAT,      /* GtkSpinButton with decimals */
  CW_EDITOR_SCIENTIFIC, /* GtkSpinButton showing "1e-05" */
  CW_EDITOR_BOOL,       /* GtkCheckButton */
  CW_EDITOR_PADDING,    /* GtkDropDown: valid, same, causal, explicit */
  CW_EDITOR_ACTIVATION, /* GtkDropDown of the activation functions */
} CwEditorKind;

/* "units", "kernel", ... "eps"; and back (CW_N_FIELDS when unknown). */
const char *cw_layer_field_name (CwLayerField field);
CwLayerField cw_layer_field_from_name (const char *name);
CwEditorKind cw_layer_field_editor_kind (CwLayerField field);

/* The field as a number (enums and booleans too). Pooling's stride 0 ("= window") reads as the window. */
double cw_layer_field_get (const cw_layer_spec *layer, CwLayerField field);
/* Stores value. A pool whose stride equals its window keeps them equal when the window changes (as the text
 * form "maxpool(3)" does); a new activation function starts from its own defaults. */
void cw_layer_field_set (cw_layer_spec *layer, CwLayerField field, double value);
/* Whether `shown` (an editor's value) is `current` as far as the editor can display it: a spin button rounds
 * 1/3 to "0.333", and committing that text on focus-out is not an edit. */
gboolean cw_layer_field_same_as_shown (CwLayerField field, double shown, double current);
/* Reads an editor's text as typed: TRUE with the value when it is a complete number within range. */
gboolean cw_layer_field_parse (CwLayerField field, const char *text, double *value);

/* A new editor for the field (with its range, digits and tooltip), showing nothing in particular yet. */
GtkWidget *cw_layer_field_editor_new (CwLayerField field);
/* Shows value in an editor made by cw_layer_field_editor_new (emits the editor's own change signals). */
void cw_layer_field_editor_set (GtkWidget *editor, CwLayerField field, double value);
/* The value an editor holds (for drop-downs: the padding or activation enum). */
double cw_layer_field_editor_get (GtkWidget *editor, CwLayerField field);

/* Names a person reads: "Conv", "Max pool", "Leaky ReLU"... (activations by their function). */
const char *cw_layer_display_name (const cw_layer_spec *layer);
const char *cw_activation_display_name (cw_activation activation);
/* "97,633": digits grouped by thousands, whatever the locale (the UI text is English). */
void cw_format_count (guint64 value, char *buf, gsize size);

G_END_DECLS
