/* cw-preprocess-steps.c — the Preprocess page's steps editor: one list row per step (its number, name,
 * what it does, its parameters as spin buttons, and move up / move down / remove buttons bound to the
 * page's actions). Every edit is checked by the engine and written to the project as the pipeline's text;
 * the project's "preprocessing-changed" comes back through cw_preprocess_view_sync_steps, which only
 * rebuilds the rows when they show something else, so the spin button being edited keeps its focus. */
#include "cw-preprocess-view-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef enum
{
  FIELD_WINDOW,
  FIELD_POLY,
  FIELD_DERIV,
  FIELD_ORDER,
  FIELD_LO,
  FIELD_HI,
  FIELD_COMPONENTS,
} StepField;

typedef struct
{
  cw_pre_kind kind;
  const char *name;     /* as the text form and the add-step action spell it */
  const char *title;
  const char *summary;
} StepInfo;

static const StepInfo step_info[] = {
  { CW_PRE_CENTER, "center", "Mean centre", "Subtracts the training mean at each point." },
  { CW_PRE_AUTOSCALE, "autoscale", "Autoscale", "Centres, then divides by the training SD at each point." },
  { CW_PRE_SNV, "snv", "SNV", "Standard normal variate: each spectrum to mean 0 and SD 1." },
  { CW_PRE_MSC, "msc", "MSC", "Multiplicative scatter correction against the training mean spectrum." },
  { CW_PRE_SAVGOL, "sg", "Savitzky–Golay", "Smooths (derivative 0) or differentiates with a sliding polynomial." },
  { CW_PRE_DETREND, "detrend", "Detrend", "Subtracts a fitted polynomial baseline from each spectrum." },
  { CW_PRE_RANGE, "range", "Range", "Keeps the points whose axis value lies between the bounds." },
  { CW_PRE_PCA, "pca", "PCA scores", "Scores on the first principal components of the training rows." },
};

static const StepInfo *
info_for (cw_pre_kind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (step_info); i++)
    if (step_info[i].kind == kind)
      return &step_info[i];
  g_return_val_if_reached (&step_info[0]);
}

gboolean
cw_preprocess_view_kind_from_name (const char *name, cw_pre_kind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (step_info); i++)
    if (g_ascii_strcasecmp (name, step_info[i].name) == 0)
      {
        *kind = step_info[i].kind;
        return TRUE;
      }
  return FALSE;
}

/* ---- steps <-> pipeline text ---- */

/* The steps as a checked pipeline, or NULL with the first refused step named in *message. */
static cw_pipeline *
pipeline_from_steps (GArray *steps, char **message)
{
  cw_pipeline *pipe = cw_pipeline_new ();
  for (guint i = 0; i < steps->len; i++)
    {
      const cw_pre_step *step = &g_array_index (steps, cw_pre_step, i);
      cw_error err;
      cw_error_clear (&err);
      if (cw_pipeline_append (pipe, step, &err) != CW_OK)
        {
          *message = g_strdup_printf ("Step %u (%s): %s", i + 1, info_for (step->kind)->title, err.message);
          cw_pipeline_free (pipe);
          return NULL;
        }
    }
  return pipe;
}

static char *
text_of_steps (GArray *steps)
{
  g_autofree char *problem = NULL;
  cw_pipeline *pipe = pipeline_from_steps (steps, &problem);
  if (!pipe)
    return NULL;
  char *printed = cw_pipeline_to_string (pipe);
  cw_pipeline_free (pipe);
  char *text = g_strdup (printed ? printed : "");
  free (printed);
  return text;
}

/* Writes the steps to the project; a step the engine refuses is reported and nothing is written. */
static void
commit_steps (CwPreprocessView *self)
{
  g_clear_pointer (&self->step_error, g_free);
  g_clear_pointer (&self->text_error, g_free);
  g_autofree char *problem = NULL;
  cw_pipeline *pipe = pipeline_from_steps (self->steps, &problem);
  if (!pipe)
    {
      self->step_error = g_steal_pointer (&problem);
      cw_preprocess_view_show_message (self);
      return;
    }
  char *printed = cw_pipeline_to_string (pipe);
  cw_pipeline_free (pipe);
  g_autoptr(GError) error = NULL;
  if (!cw_project_set_preprocessing (self->project, printed ? printed : "", &error))
    self->step_error = g_strdup (error->message);
  free (printed);
  cw_preprocess_view_show_message (self);
}

/* ---- the rows ---- */

static void
on_spin_changed (GtkSpinButton *spin, CwPreprocessView *self)
{
  if (self->syncing)
    return;
  int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (spin), "step-index"));
  StepField field = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (spin), "step-field"));
  if (index < 0 || index >= (int) self->steps->len)
    return;
  cw_pre_step *step = &g_array_index (self->steps, cw_pre_step, index);
  double value = gtk_spin_button_get_value (spin);
  switch (field)
    {
    case FIELD_WINDOW:
      step->window = (int) lround (value);
      break;
    case FIELD_POLY:
      step->poly = (int) lround (value);
      break;
    case FIELD_DERIV:
      step->deriv = (int) lround (value);
      break;
    case FIELD_ORDER:
      step->order = (int) lround (value);
      break;
    case FIELD_LO:
      step->lo = value;
      break;
    case FIELD_HI:
      step->hi = value;
      break;
    case FIELD_COMPONENTS:
      step->components = (int) lround (value);
      break;
    default:
      return;
    }
  commit_steps (self);
}

/* The finite extent of the data's axis and a sensible increment for bounds on it. */
static gboolean
axis_extent (CwPreprocessView *self, double *lo, double *hi, double *step, int *digits)
{
  if (!self->dataset || cw_dataset_length (self->dataset) < 1)
    return FALSE;
  const double *axis = cw_dataset_axis (self->dataset);
  int length = cw_dataset_length (self->dataset);
  *lo = INFINITY;
  *hi = -INFINITY;
  for (int t = 0; t < length; t++)
    {
      if (!isfinite (axis[t]))
        return FALSE;
      *lo = MIN (*lo, axis[t]);
      *hi = MAX (*hi, axis[t]);
    }
  double spacing = length > 1 ? (*hi - *lo) / (length - 1) : 1;
  if (!(spacing > 0))
    spacing = 1;
  /* As many decimals as the spacing needs: none for 2 nm steps, one for 0.5 s. */
  *digits = CLAMP ((int) ceil (-log10 (spacing) - 1e-9), 0, 6);
  *step = spacing;
  return TRUE;
}

static GtkWidget *
labelled_spin (CwPreprocessView *self, GtkGrid *grid, int column, const char *label, const char *tooltip,
               double value, double min, double max, double step, int digits, int index, StepField field)
{
  GtkWidget *caption = gtk_label_new (label);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_grid_attach (grid, caption, column, 0, 1, 1);

  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, step);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), (guint) digits);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  /* Room for a wavenumber or wavelength with its decimals. */
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), field == FIELD_LO || field == FIELD_HI ? 6 + digits : 3);
  gtk_widget_set_tooltip_text (spin, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data (G_OBJECT (spin), "step-index", GINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (spin), "step-field", GINT_TO_POINTER (field));
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (on_spin_changed), self, 0);
  gtk_grid_attach (grid, spin, column, 1, 1, 1);
  return spin;
}

static GtkWidget *
parameters_for (CwPreprocessView *self, const cw_pre_step *step, int index)
{
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (grid, 10);
  gtk_grid_set_row_spacing (grid, 2);
  switch (step->kind)
    {
    case CW_PRE_SAVGOL:
      {
        GtkWidget *window = labelled_spin (self, grid, 0, "Window", "Points in the sliding window (odd)", step->window,
                                           3, 201, 2, 0, index, FIELD_WINDOW);
        /* Odd values only: typing 10 snaps to a neighbour instead of failing. */
        gtk_spin_button_set_snap_to_ticks (GTK_SPIN_BUTTON (window), TRUE);
        labelled_spin (self, grid, 1, "Order", "Order of the fitted polynomial (below the window)", step->poly,
                       0, 10, 1, 0, index, FIELD_POLY);
        labelled_spin (self, grid, 2, "Derivative", "0 smooths; 1 and 2 give derivatives per point (at most the order)",
                       step->deriv, 0, 4, 1, 0, index, FIELD_DERIV);
        break;
      }
    case CW_PRE_DETREND:
      labelled_spin (self, grid, 0, "Order", "1 removes a line, 2 a parabola", step->order, 1, 2, 1, 0, index,
                     FIELD_ORDER);
      break;
    case CW_PRE_RANGE:
      {
        double lo = 0, hi = 0, increment = 1;
        int digits = 0;
        if (!axis_extent (self, &lo, &hi, &increment, &digits))
          {
            lo = -1e6;
            hi = 1e6;
          }
        /* Some room beyond the data, so a saved range outside it shows as it is (and fails visibly). */
        double room = MAX (hi - lo, 1.0);
        double min = MIN (lo - room, isfinite (step->lo) ? step->lo : lo);
        double max = MAX (hi + room, isfinite (step->hi) ? step->hi : hi);
        labelled_spin (self, grid, 0, "From", "Lowest axis value kept", isfinite (step->lo) ? step->lo : lo,
                       min, max, increment, digits, index, FIELD_LO);
        labelled_spin (self, grid, 1, "To", "Highest axis value kept", isfinite (step->hi) ? step->hi : hi,
                       min, max, increment, digits, index, FIELD_HI);
        break;
      }
    case CW_PRE_PCA:
      labelled_spin (self, grid, 0, "Components", "Principal components kept (fewer than the training rows)",
                     step->components, 1, 500, 1, 0, index, FIELD_COMPONENTS);
      break;
    case CW_PRE_CENTER:
    case CW_PRE_AUTOSCALE:
    case CW_PRE_SNV:
    case CW_PRE_MSC:
    default:
      g_object_ref_sink (grid);
      g_object_unref (grid);
      return NULL;
    }
  return GTK_WIDGET (grid);
}

static GtkWidget *
row_button (const char *icon, const char *tooltip, const char *action, int index, gboolean enabled)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  /* Without an action the button stays insensitive (an action would make it sensitive again). */
  if (enabled)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "i", index);
  if (enabled)
    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  else
    gtk_widget_set_sensitive (button, FALSE);
  return button;
}

static GtkWidget *
step_row (CwPreprocessView *self, int index)
{
  const cw_pre_step *step = &g_array_index (self->steps, cw_pre_step, index);
  const StepInfo *info = info_for (step->kind);

  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 10);

  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  g_autofree char *number = g_strdup_printf ("%d", index + 1);
  GtkWidget *number_label = gtk_label_new (number);
  gtk_widget_add_css_class (number_label, "dim-label");
  gtk_widget_add_css_class (number_label, "numeric");
  gtk_label_set_width_chars (GTK_LABEL (number_label), 2);
  gtk_label_set_xalign (GTK_LABEL (number_label), 0);
  gtk_box_append (GTK_BOX (header), number_label);
  GtkWidget *title = gtk_label_new (info->title);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (header), title);
  int count = (int) self->steps->len;
  gtk_box_append (GTK_BOX (header), row_button ("go-up-symbolic", "Move up", "prep.move-step-up", index, index > 0));
  gtk_box_append (GTK_BOX (header),
                  row_button ("go-down-symbolic", "Move down", "prep.move-step-down", index, index < count - 1));
  gtk_box_append (GTK_BOX (header), row_button ("user-trash-symbolic", "Remove", "prep.remove-step", index, TRUE));
  gtk_box_append (GTK_BOX (box), header);

  GtkWidget *summary = gtk_label_new (info->summary);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_widget_add_css_class (summary, "dim-label");
  gtk_widget_set_margin_start (summary, 26);
  gtk_box_append (GTK_BOX (box), summary);

  GtkWidget *parameters = parameters_for (self, step, index);
  if (parameters)
    {
      gtk_widget_set_margin_start (parameters, 26);
      gtk_widget_set_margin_top (parameters, 4);
      gtk_box_append (GTK_BOX (box), parameters);
    }

  GtkWidget *row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, info->title, -1);
  return row;
}

static void
rebuild_rows (CwPreprocessView *self)
{
  self->syncing++;
  GtkListBoxRow *old;
  while ((old = gtk_list_box_get_row_at_index (self->step_list, 0)) != NULL)
    gtk_list_box_remove (self->step_list, GTK_WIDGET (old));
  for (int i = 0; i < (int) self->steps->len; i++)
    gtk_list_box_append (self->step_list, step_row (self, i));
  self->syncing--;
}

void
cw_preprocess_view_sync_steps (CwPreprocessView *self)
{
  const char *text = cw_project_get_preprocessing (self->project);
  g_autofree char *shown = text_of_steps (self->steps);
  if (g_strcmp0 (shown, text) == 0)
    return;
  cw_pipeline *pipe = cw_pipeline_parse (text, NULL);
  g_array_set_size (self->steps, 0);
  for (int i = 0; pipe && i < cw_pipeline_count (pipe); i++)
    g_array_append_val (self->steps, *cw_pipeline_get (pipe, i));
  cw_pipeline_free (pipe);
  g_clear_pointer (&self->step_error, g_free);
  rebuild_rows (self);
}

/* ---- structural edits (the page's actions) ---- */

void
cw_preprocess_view_add_step (CwPreprocessView *self, cw_pre_kind kind)
{
  cw_pre_step step = cw_pre_step_default (kind);
  if (kind == CW_PRE_RANGE)
    {
      /* A range starts as the whole axis: nothing is cut until a bound moves. */
      double lo, hi, increment;
      int digits;
      if (axis_extent (self, &lo, &hi, &increment, &digits))
        {
          step.lo = lo;
          step.hi = hi;
        }
    }
  g_array_append_val (self->steps, step);
  rebuild_rows (self);
  commit_steps (self);
}

void
cw_preprocess_view_remove_step (CwPreprocessView *self, int index)
{
  if (index < 0 || index >= (int) self->steps->len)
    return;
  g_array_remove_index (self->steps, (guint) index);
  rebuild_rows (self);
  commit_steps (self);
}

void
cw_preprocess_view_move_step (CwPreprocessView *self, int index, int delta)
{
  int to = index + delta;
  if (index < 0 || index >= (int) self->steps->len || to < 0 || to >= (int) self->steps->len)
    return;
  cw_pre_step moved = g_array_index (self->steps, cw_pre_step, index);
  g_array_index (self->steps, cw_pre_step, index) = g_array_index (self->steps, cw_pre_step, to);
  g_array_index (self->steps, cw_pre_step, to) = moved;
  rebuild_rows (self);
  commit_steps (self);
  /* Keep the keyboard on the moved step: its button in the new place. */
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->step_list, to);
  if (row)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}
