/* cw-kernel-editor.c — CwKernelEditor: a CwSignalPlot of stems that a drag moves, over a grid of entries.
 *
 * The drag is a capture-phase gesture on the plot: pressing near a stem claims the sequence (so the
 * plot's own pan gesture never sees it), pressing elsewhere leaves the plot alone. The y range of the
 * plot is fixed and symmetric around zero while a drag runs — a range that followed the values would
 * move the stem away from the pointer — and refitted to the values when it ends. */
#include "cw-kernel-editor.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cw-plot-style.h"
#include "cw-signal-plot.h"

/* How far (pixels) from a stem a press still picks it up. */
#define PICK_RADIUS 16.0
/* Room above the largest weight, so a stem can be dragged higher than it is. */
#define RANGE_HEADROOM 1.35
/* Side-by-side stems of several rows at one tap are this far apart (in taps). */
#define ROW_OFFSET 0.16

struct _CwKernelEditor
{
  GtkWidget parent_instance;

  /* template widgets (built in code: the ui library has no resources) */
  CwSignalPlot *plot;
  GtkWidget *scroller;
  GtkGrid *grid;

  /* owned */
  float *values;       /* rows x taps */
  int rows, taps;
  GPtrArray *entries;  /* GtkEntry per value (borrowed from the grid) */
  char **row_labels;   /* NULL-terminated, or NULL */
  char *axis_label;
  double range;        /* the plot's y range is [-range, range] */

  /* state */
  int drag_index;      /* stem being dragged, -1 = none */
  int hover_index;     /* stem under the pointer, -1 = none */
  gboolean updating_entries; /* writing texts: their "changed" is not typing */
};

G_DEFINE_FINAL_TYPE (CwKernelEditor, cw_kernel_editor, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- geometry ---- */

static double
stem_x (CwKernelEditor *self, int index)
{
  int row = index / self->taps, tap = index % self->taps;
  return tap + (row - (self->rows - 1) / 2.0) * ROW_OFFSET;
}

static void
fit_range (CwKernelEditor *self)
{
  double largest = 0.0;
  for (int i = 0; i < self->rows * self->taps; i++)
    largest = MAX (largest, fabs (self->values[i]));
  self->range = largest > 0.0 ? largest * RANGE_HEADROOM : 1.0;
}

/* Plot coordinates <-> data. */
static gboolean
plot_mapping (CwKernelEditor *self, double *rx, double *ry, double *rw, double *rh, double *x0, double *x1,
              double *y0, double *y1)
{
  cw_signal_plot_get_data_rect (self->plot, rx, ry, rw, rh);
  cw_signal_plot_get_x_range (self->plot, x0, x1);
  cw_signal_plot_get_y_range (self->plot, y0, y1);
  return *rw > 0 && *rh > 0 && *x1 > *x0 && *y1 > *y0;
}

void
cw_kernel_editor_stem_position (CwKernelEditor *self, int index, double *x, double *y)
{
  g_return_if_fail (CW_IS_KERNEL_EDITOR (self));
  g_return_if_fail (index >= 0 && index < self->rows * self->taps);
  double rx, ry, rw, rh, x0, x1, y0, y1;
  if (!plot_mapping (self, &rx, &ry, &rw, &rh, &x0, &x1, &y0, &y1))
    {
      *x = *y = NAN;
      return;
    }
  *x = rx + (stem_x (self, index) - x0) / (x1 - x0) * rw;
  *y = ry + rh - (self->values[index] - y0) / (y1 - y0) * rh;
}

double
cw_kernel_editor_value_at (CwKernelEditor *self, double y)
{
  g_return_val_if_fail (CW_IS_KERNEL_EDITOR (self), NAN);
  double rx, ry, rw, rh, x0, x1, y0, y1;
  if (!plot_mapping (self, &rx, &ry, &rw, &rh, &x0, &x1, &y0, &y1))
    return NAN;
  return y0 + (ry + rh - y) / rh * (y1 - y0);
}

int
cw_kernel_editor_pick (CwKernelEditor *self, double x, double y)
{
  g_return_val_if_fail (CW_IS_KERNEL_EDITOR (self), -1);
  double rx, ry, rw, rh, x0, x1, y0, y1;
  if (!plot_mapping (self, &rx, &ry, &rw, &rh, &x0, &x1, &y0, &y1))
    return -1;
  double base = ry + rh - (0.0 - y0) / (y1 - y0) * rh;
  int best = -1;
  double best_distance = PICK_RADIUS;
  for (int i = 0; i < self->rows * self->taps; i++)
    {
      double sx, sy;
      cw_kernel_editor_stem_position (self, i, &sx, &sy);
      /* Distance to the stem's segment from the zero line to its tip. */
      double top = MIN (sy, base), bottom = MAX (sy, base);
      double dy = y < top ? top - y : y > bottom ? y - bottom : 0.0;
      double d = hypot (x - sx, dy);
      if (d <= best_distance)
        {
          best_distance = d;
          best = i;
        }
    }
  return best;
}

void
cw_kernel_editor_get_range (CwKernelEditor *self, double *lo, double *hi)
{
  g_return_if_fail (CW_IS_KERNEL_EDITOR (self));
  if (lo)
    *lo = -self->range;
  if (hi)
    *hi = self->range;
}

/* ---- the plot ---- */

static void
refresh_plot (CwKernelEditor *self)
{
  cw_signal_plot_clear (self->plot);
  g_autofree double *x = g_new (double, self->taps);
  for (int r = 0; r < self->rows; r++)
    {
      GdkRGBA color;
      cw_palette_color (r, &color);
      for (int j = 0; j < self->taps; j++)
        x[j] = stem_x (self, r * self->taps + j);
      const char *label = self->row_labels && r < (int) g_strv_length (self->row_labels) ? self->row_labels[r] : NULL;
      cw_signal_plot_add_series_xy (self->plot, x, self->values + (gsize) r * self->taps, self->taps, &color, 2.5,
                                    CW_SERIES_STEMS, label);
    }
  int active = self->drag_index >= 0 ? self->drag_index : self->hover_index;
  if (active >= 0 && active < self->rows * self->taps)
    {
      /* A ring of the row's colour around the tip that follows the pointer. */
      GdkRGBA color;
      cw_palette_color (active / self->taps, &color);
      color.alpha = 0.35;
      double ax = stem_x (self, active);
      cw_signal_plot_add_series_xy (self->plot, &ax, self->values + active, 1, &color, 6.0, CW_SERIES_POINTS, NULL);
    }
  /* No legend over the stems: the row names beside the entries carry the rows' colours. */
  cw_signal_plot_set_show_legend (self->plot, FALSE);
  cw_signal_plot_set_x_range (self->plot, -0.5 - (self->rows > 1 ? ROW_OFFSET : 0.0),
                              self->taps - 0.5 + (self->rows > 1 ? ROW_OFFSET : 0.0));
  cw_signal_plot_set_y_range (self->plot, -self->range, self->range);
}

/* ---- entries ---- */

static void
format_value (float value, char *buf, gsize size)
{
  /* Four significant digits: what the lab's arithmetic lines show. "-0" reads as a typo. */
  g_snprintf (buf, size, "%.4g", value == 0.0f ? 0.0 : (double) value);
}

static gboolean
parse_value (const char *text, double *value)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  if (!trimmed[0])
    return FALSE;
  /* A typed minus sign is often U+2212 (copied from a document). */
  g_autofree char *ascii = NULL;
  if (g_str_has_prefix (trimmed, "−"))
    ascii = g_strconcat ("-", trimmed + strlen ("−"), NULL);
  char *end = NULL;
  double v = g_ascii_strtod (ascii ? ascii : trimmed, &end);
  if (!end || *end != '\0' || !isfinite (v))
    return FALSE;
  *value = v;
  return TRUE;
}

/* Writes value texts into the entries, except into one being typed in that already says the same. */
static void
sync_entries (CwKernelEditor *self)
{
  self->updating_entries = TRUE;
  for (int i = 0; i < self->rows * self->taps; i++)
    {
      GtkWidget *entry = g_ptr_array_index (self->entries, i);
      double typed;
      if (gtk_widget_has_focus (entry) && parse_value (gtk_editable_get_text (GTK_EDITABLE (entry)), &typed)
          && (float) typed == self->values[i])
        continue;
      char buf[32];
      format_value (self->values[i], buf, sizeof buf);
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), buf) != 0)
        gtk_editable_set_text (GTK_EDITABLE (entry), buf);
      gtk_widget_remove_css_class (entry, "error");
    }
  self->updating_entries = FALSE;
}

static void
on_entry_changed (GtkEditable *editable, CwKernelEditor *self)
{
  if (self->updating_entries)
    return;
  int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (editable), "cw-index"));
  double value;
  /* Half-typed text ("-", "1e") waits for more; the entry says so with its colour. */
  if (!parse_value (gtk_editable_get_text (editable), &value))
    {
      gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  if ((float) value == self->values[index])
    return;
  self->values[index] = (float) value;
  if (fabs (value) * 1.05 > self->range)
    fit_range (self);
  refresh_plot (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Leaving an entry with text that is not a number puts the value back. */
static void
on_entry_focus_leave (GtkEventControllerFocus *controller, CwKernelEditor *self)
{
  sync_entries (self);
}

/* The row's name: its label, or "row N". */
static char *
row_name (CwKernelEditor *self, int r)
{
  if (self->row_labels && r < (int) g_strv_length (self->row_labels))
    return g_strdup (self->row_labels[r]);
  return g_strdup_printf ("row %d", r + 1);
}

static void
rebuild_grid (CwKernelEditor *self)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))))
    gtk_grid_remove (self->grid, child);
  g_ptr_array_set_size (self->entries, 0);

  gboolean named_rows = self->rows > 1 || self->row_labels != NULL;
  int first_column = named_rows ? 1 : 0;
  for (int j = 0; j < self->taps; j++)
    {
      g_autofree char *name = g_strdup_printf ("w[%d]", j);
      GtkWidget *header = gtk_label_new (name);
      gtk_widget_add_css_class (header, "dim-label");
      gtk_widget_add_css_class (header, "caption");
      gtk_grid_attach (self->grid, header, first_column + j, 0, 1, 1);
    }
  for (int r = 0; r < self->rows; r++)
    {
      g_autofree char *name = row_name (self, r);
      if (named_rows)
        {
          GdkRGBA color;
          cw_palette_color (r, &color);
          g_autofree char *color_text = g_strdup_printf ("#%02x%02x%02x", (int) lround (color.red * 255),
                                                         (int) lround (color.green * 255),
                                                         (int) lround (color.blue * 255));
          g_autofree char *markup = g_markup_printf_escaped ("<span foreground=\"%s\">●</span> %s", color_text, name);
          GtkWidget *label = gtk_label_new (NULL);
          gtk_label_set_markup (GTK_LABEL (label), markup);
          gtk_label_set_xalign (GTK_LABEL (label), 0.0);
          gtk_grid_attach (self->grid, label, 0, r + 1, 1, 1);
        }
      for (int j = 0; j < self->taps; j++)
        {
          int index = r * self->taps + j;
          GtkWidget *entry = gtk_entry_new ();
          gtk_editable_set_width_chars (GTK_EDITABLE (entry), 7);
          gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 8);
          gtk_editable_set_alignment (GTK_EDITABLE (entry), 1.0);
          gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
          gtk_widget_add_css_class (entry, "numeric");
          g_autofree char *tip = named_rows ? g_strdup_printf ("Weight w[%d] of %s: type a number, or drag its stem", j, name)
                                            : g_strdup_printf ("Weight w[%d]: type a number, or drag its stem", j);
          gtk_widget_set_tooltip_text (entry, tip);
          g_object_set_data (G_OBJECT (entry), "cw-index", GINT_TO_POINTER (index));
          g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), self);
          GtkEventController *focus = gtk_event_controller_focus_new ();
          g_signal_connect (focus, "leave", G_CALLBACK (on_entry_focus_leave), self);
          gtk_widget_add_controller (entry, focus);
          gtk_grid_attach (self->grid, entry, first_column + j, r + 1, 1, 1);
          g_ptr_array_add (self->entries, entry);
        }
    }
  sync_entries (self);
}

/* ---- dragging ---- */

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, CwKernelEditor *self)
{
  int index = cw_kernel_editor_pick (self, x, y);
  if (index < 0)
    {
      /* Not on a stem: the plot's own gestures (pan) may have it. */
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->drag_index = index;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->plot), "ns-resize");
  cw_kernel_editor_drag_to (self, index, cw_kernel_editor_value_at (self, y));
}

static void
on_drag_update (GtkGestureDrag *gesture, double offset_x, double offset_y, CwKernelEditor *self)
{
  if (self->drag_index < 0)
    return;
  double start_x, start_y;
  gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y);
  cw_kernel_editor_drag_to (self, self->drag_index, cw_kernel_editor_value_at (self, start_y + offset_y));
}

static void
end_drag (CwKernelEditor *self)
{
  if (self->drag_index < 0)
    return;
  self->drag_index = -1;
  /* Room again above the new values, so the next drag can go further. */
  fit_range (self);
  refresh_plot (self);
}

static void
on_drag_end (GtkGestureDrag *gesture, double offset_x, double offset_y, CwKernelEditor *self)
{
  end_drag (self);
}

static void
on_drag_cancel (GtkGesture *gesture, GdkEventSequence *sequence, CwKernelEditor *self)
{
  end_drag (self);
}

static void
on_motion (GtkEventControllerMotion *controller, double x, double y, CwKernelEditor *self)
{
  if (self->drag_index >= 0)
    return;
  int index = cw_kernel_editor_pick (self, x, y);
  if (index == self->hover_index)
    return;
  self->hover_index = index;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->plot), index >= 0 ? "ns-resize" : "crosshair");
  refresh_plot (self);
}

static void
on_leave (GtkEventControllerMotion *controller, CwKernelEditor *self)
{
  if (self->hover_index < 0 || self->drag_index >= 0)
    return;
  self->hover_index = -1;
  refresh_plot (self);
}

/* ---- GObject ---- */

static void
cw_kernel_editor_dispose (GObject *object)
{
  CwKernelEditor *self = CW_KERNEL_EDITOR (object);
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  self->plot = NULL;
  self->grid = NULL;
  self->scroller = NULL;
  G_OBJECT_CLASS (cw_kernel_editor_parent_class)->dispose (object);
}

static void
cw_kernel_editor_finalize (GObject *object)
{
  CwKernelEditor *self = CW_KERNEL_EDITOR (object);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->row_labels, g_strfreev);
  g_clear_pointer (&self->axis_label, g_free);
  G_OBJECT_CLASS (cw_kernel_editor_parent_class)->finalize (object);
}

static void
cw_kernel_editor_class_init (CwKernelEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_kernel_editor_dispose;
  object_class->finalize = cw_kernel_editor_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kerneleditor");
}

static void
cw_kernel_editor_init (CwKernelEditor *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (widget);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 4);

  self->entries = g_ptr_array_new ();
  self->drag_index = -1;
  self->hover_index = -1;
  self->axis_label = g_strdup ("tap j: weight w[j]");

  self->plot = CW_SIGNAL_PLOT (cw_signal_plot_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->plot), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->plot), 200, 110);
  cw_signal_plot_set_axis (self->plot, NULL, 0, self->axis_label);
  gtk_widget_set_parent (GTK_WIDGET (self->plot), widget);

  GtkGesture *drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  g_signal_connect (drag, "cancel", G_CALLBACK (on_drag_cancel), self);
  gtk_widget_add_controller (GTK_WIDGET (self->plot), GTK_EVENT_CONTROLLER (drag));

  GtkEventController *motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->plot), motion);

  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->grid, 3);
  gtk_grid_set_column_spacing (self->grid, 4);
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->grid));
  gtk_widget_set_parent (self->scroller, widget);

  /* A start that means something: the edge detector. */
  const float edge[3] = { -1.0f, 2.0f, -1.0f };
  cw_kernel_editor_set_kernel (self, edge, 1, 3);
}

/* ---- public API ---- */

GtkWidget *
cw_kernel_editor_new (void)
{
  return g_object_new (CW_TYPE_KERNEL_EDITOR, NULL);
}

void
cw_kernel_editor_set_kernel (CwKernelEditor *self, const float *values, int rows, int taps)
{
  g_return_if_fail (CW_IS_KERNEL_EDITOR (self));
  g_return_if_fail (values != NULL && rows >= 1 && taps >= 1);
  gboolean same_shape = rows == self->rows && taps == self->taps;
  if (!same_shape)
    {
      g_free (self->values);
      self->values = g_new (float, (gsize) rows * taps);
      self->rows = rows;
      self->taps = taps;
      self->hover_index = -1;
      self->drag_index = -1;
    }
  memcpy (self->values, values, sizeof (float) * (gsize) rows * taps);
  /* A drag in progress keeps its range; anything else fits the new values. */
  if (self->drag_index < 0)
    fit_range (self);
  if (same_shape)
    sync_entries (self);
  else
    rebuild_grid (self);
  refresh_plot (self);
}

const float *
cw_kernel_editor_get_kernel (CwKernelEditor *self, int *rows, int *taps)
{
  g_return_val_if_fail (CW_IS_KERNEL_EDITOR (self), NULL);
  if (rows)
    *rows = self->rows;
  if (taps)
    *taps = self->taps;
  return self->values;
}

int
cw_kernel_editor_get_n_values (CwKernelEditor *self)
{
  g_return_val_if_fail (CW_IS_KERNEL_EDITOR (self), 0);
  return self->rows * self->taps;
}

float
cw_kernel_editor_get_value (CwKernelEditor *self, int index)
{
  g_return_val_if_fail (CW_IS_KERNEL_EDITOR (self), NAN);
  g_return_val_if_fail (index >= 0 && index < self->rows * self->taps, NAN);
  return self->values[index];
}

void
cw_kernel_editor_set_value (CwKernelEditor *self, int index, double value)
{
  g_return_if_fail (CW_IS_KERNEL_EDITOR (self));
  g_return_if_fail (index >= 0 && index < self->rows * self->taps);
  g_return_if_fail (isfinite (value));
  self->values[index] = (float) value;
  if (fabs (value) * 1.05 > self->range)
    fit_range (self);
  sync_entries (self);
  refresh_plot (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
cw_kernel_editor_drag_to (CwKernelEditor *self, int index, double value)
{
  g_return_if_fail (CW_IS_KERNEL_EDITOR (self));
  g_return_if_fail (index >= 0 && index < self->rows * self->taps);
  if (!isfinite (value))
    return;
  value = CLAMP (value, -self->range, self->range);
  /* Three significant decimals are what a hand can aim at; it keeps the typed numbers short. */
  double quantum = self->range >= 2.0 ? 0.01 : self->range >= 0.2 ? 0.001 : 0.0001;
  value = round (value / quantum) * quantum;
  if ((float) value == self->values[index])
    return;
  self->values[index] = (float) value;
  sync_entries (self);
  refresh_plot (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
cw_kernel_editor_set_row_labels (CwKernelEditor *self, const char *const *labels)
{
  g_return_if_fail (CW_IS_KERNEL_EDITOR (self));
  g_clear_pointer (&self->row_labels, g_strfreev);
  self->row_labels = labels ? g_strdupv ((char **) labels) : NULL;
  rebuild_grid (self);
  refresh_plot (self);
}

void
cw_kernel_editor_set_axis_label (CwKernelEditor *self, const char *label)
{
  g_return_if_fail (CW_IS_KERNEL_EDITOR (self));
  g_free (self->axis_label);
  self->axis_label = g_strdup (label);
  cw_signal_plot_set_axis (self->plot, NULL, 0, label);
}

GtkWidget *
cw_kernel_editor_get_plot (CwKernelEditor *self)
{
  g_return_val_if_fail (CW_IS_KERNEL_EDITOR (self), NULL);
  return GTK_WIDGET (self->plot);
}

GtkWidget *
cw_kernel_editor_get_entry (CwKernelEditor *self, int index)
{
  g_return_val_if_fail (CW_IS_KERNEL_EDITOR (self), NULL);
  g_return_val_if_fail (index >= 0 && index < (int) self->entries->len, NULL);
  return g_ptr_array_index (self->entries, index);
}
