/* cw-lab-step-show.c — the step-through's picture of one position: the engine's trace of the current
 * signal, kernel and settings drawn as the input plot(s) with the window highlighted and the applied
 * weights as stems at the input positions they meet (padding zeros drawn as faint dots), the output
 * plot holding y[0..t] under the centres of their windows, the products table and the arithmetic
 * line. Also drawing the signal with the mouse. */
#include "cw-lab-step-private.h"

#include <math.h>
#include <string.h>

#include "cw-plot-style.h"

/* Beyond this many points per plot the dots merge into a line: draw the line alone. */
#define MAX_DOTTED_POINTS 160

/* ---- the trace ---- */

void
cw_lab_step_read_settings (CwLabStep *self, cw_lab_settings *settings)
{
  *settings = cw_lab_settings_default ();
  settings->stride = gtk_spin_button_get_value_as_int (self->stride_spin);
  settings->dilation = gtk_spin_button_get_value_as_int (self->dilation_spin);
  switch (gtk_drop_down_get_selected (self->padding_dropdown))
    {
    case LAB_PADDING_SAME:
      settings->padding = CW_PAD_SAME;
      break;
    case LAB_PADDING_CAUSAL:
      settings->padding = CW_PAD_CAUSAL;
      break;
    case LAB_PADDING_EXPLICIT:
      settings->padding = CW_PAD_EXPLICIT;
      settings->pad_left = gtk_spin_button_get_value_as_int (self->pad_left_spin);
      settings->pad_right = gtk_spin_button_get_value_as_int (self->pad_right_spin);
      break;
    default:
      settings->padding = CW_PAD_VALID;
      break;
    }
  settings->convolution = gtk_toggle_button_get_active (self->convolution_button);
}

void
cw_lab_step_retrace (CwLabStep *self)
{
  if (!self->signal || !self->kernel)
    return;
  cw_lab_settings settings;
  cw_lab_step_read_settings (self, &settings);
  g_clear_pointer (&self->trace, cw_lab_trace_free);
  cw_error err;
  cw_error_clear (&err);
  self->trace = cw_lab_trace_new (self->signal, self->channels, self->length, self->kernel, self->k, &settings, &err);
  g_free (self->error_text);
  self->error_text = g_strdup (self->trace ? "" : err.message);

  if (self->trace)
    {
      gtk_label_set_text (self->formula_label, cw_lab_trace_formula (self->trace));
      gtk_label_set_text (self->padding_label, cw_lab_trace_padding_text (self->trace));
    }
  else
    {
      g_autofree char *formula = cw_lab_formula (&settings, self->length, self->k);
      gtk_label_set_text (self->formula_label, formula ? formula : "L_out: no output position");
      gtk_label_set_text (self->padding_label, "");
    }

  int out_length = self->trace ? cw_lab_trace_out_length (self->trace) : 0;
  self->position = out_length > 0 ? CLAMP (self->position, 0, out_length - 1) : 0;
  self->syncing = TRUE;
  GtkAdjustment *adjustment = gtk_range_get_adjustment (self->scrub_scale);
  gtk_adjustment_set_upper (adjustment, MAX (out_length - 1, 0));
  self->syncing = FALSE;
  cw_lab_step_show_position (self);
}

/* ---- plots ---- */

static void
format_number (double value, char *buf, gsize size)
{
  g_snprintf (buf, size, "%.4g", value == 0.0 ? 0.0 : value);
}

/* The x range every plot shows: the input, its padding zeros and half a position of room. */
static void
shared_x_range (CwLabStep *self, double *lo, double *hi)
{
  int pad_left = self->trace ? cw_lab_trace_pad_left (self->trace) : 0;
  int pad_right = self->trace ? cw_lab_trace_pad_right (self->trace) : 0;
  *lo = MIN (0, -pad_left) - 0.6;
  *hi = self->length - 1 + MAX (0, pad_right) + 0.6;
}

static void
show_input (CwLabStep *self, CwSignalPlot *plot, int c)
{
  /* A mid grey reads on light and dark backgrounds alike (the series keep their colour when the theme
   * changes); the weights take the kernel editor's row colours. */
  GdkRGBA line = { 0.44f, 0.44f, 0.47f, 1.0f }, faint = line, weights;
  faint.alpha = 0.45;
  cw_palette_color (c, &weights);

  cw_signal_plot_clear (plot);
  const float *x = self->signal + (gsize) c * self->length;
  gboolean dotted = self->length <= MAX_DOTTED_POINTS;
  cw_signal_plot_add_series (plot, x, self->length, &line, 1.5, CW_SERIES_LINE, "signal");
  if (dotted)
    cw_signal_plot_add_series (plot, x, self->length, &line, 2.0, CW_SERIES_POINTS, NULL);

  g_autofree char *title = NULL;
  const char *channel = self->channels > 1 ? (c == 0 ? " (channel 1)" : " (channel 2)") : "";
  if (!self->trace)
    {
      title = g_strdup_printf ("Input x%s", channel);
      cw_signal_plot_set_highlight (plot, 1.0, 0.0);
    }
  else
    {
      const cw_lab_trace *trace = self->trace;
      int k = cw_lab_trace_kernel_size (trace), t = self->position;
      int pad_left = cw_lab_trace_pad_left (trace), pad_right = cw_lab_trace_pad_right (trace);
      /* The padding zeros, faint, where the window can reach them. */
      int n_pad = pad_left + pad_right;
      if (n_pad > 0)
        {
          g_autofree double *px = g_new (double, n_pad);
          g_autofree float *py = g_new0 (float, n_pad);
          for (int i = 0; i < pad_left; i++)
            px[i] = -pad_left + i;
          for (int i = 0; i < pad_right; i++)
            px[pad_left + i] = self->length + i;
          cw_signal_plot_add_series_xy (plot, px, py, n_pad, &faint, 2.5, CW_SERIES_POINTS, "padding");
        }
      /* The inputs under the window, ringed in the weights' colour, and the weights as stems there. */
      const int *positions = cw_lab_trace_positions (trace, t);
      const int *indices = cw_lab_trace_indices (trace, t);
      const float *applied = cw_lab_trace_applied_kernel (trace) + (gsize) c * k;
      g_autofree double *wx = g_new (double, k);
      g_autofree float *touched = g_new (float, k);
      for (int j = 0; j < k; j++)
        {
          wx[j] = positions[j];
          touched[j] = indices[j] >= 0 ? x[indices[j]] : 0.0f;
        }
      GdkRGBA ring = weights;
      ring.alpha = 0.45;
      cw_signal_plot_add_series_xy (plot, wx, touched, k, &ring, 3.5, CW_SERIES_POINTS, NULL);
      cw_signal_plot_add_series_xy (plot, wx, applied, k, &weights, 2.5, CW_SERIES_STEMS, "weights");
      int first = positions[0], last = positions[k - 1];
      cw_signal_plot_set_highlight (plot, MIN (first, last) - 0.5, MAX (first, last) + 0.5);
      const cw_lab_settings *settings = cw_lab_trace_settings (trace);
      g_autofree char *every = settings->dilation > 1 ? g_strdup_printf (", every %d", settings->dilation) : g_strdup ("");
      title = g_strdup_printf ("Input x%s: the window covers positions %d to %d%s; stems are the weights%s", channel,
                               MIN (first, last), MAX (first, last), every,
                               settings->convolution ? " (flipped)" : "");
    }
  cw_signal_plot_set_title (plot, title);
  double lo, hi;
  shared_x_range (self, &lo, &hi);
  cw_signal_plot_set_x_range (plot, lo, hi);
}

static void
show_output (CwLabStep *self)
{
  CwSignalPlot *plot = self->output_plot;
  cw_signal_plot_clear (plot);
  double lo, hi;
  shared_x_range (self, &lo, &hi);
  if (!self->trace)
    {
      cw_signal_plot_set_title (plot, "Output y");
      cw_signal_plot_set_y_range (plot, NAN, NAN);
      cw_signal_plot_set_x_range (plot, lo, hi);
      return;
    }
  const cw_lab_trace *trace = self->trace;
  int out_length = cw_lab_trace_out_length (trace), shown = self->position + 1;
  const float *y = cw_lab_trace_output (trace);
  g_autofree double *centres = g_new (double, out_length);
  for (int t = 0; t < out_length; t++)
    centres[t] = cw_lab_trace_centre (trace, t);

  GdkRGBA color, line;
  cw_palette_color (4, &color);
  line = color;
  line.alpha = 0.6;
  cw_signal_plot_add_series_xy (plot, centres, y, shown, &line, 1.5, CW_SERIES_LINE, NULL);
  if (out_length <= MAX_DOTTED_POINTS)
    cw_signal_plot_add_series_xy (plot, centres, y, shown, &color, 2.2, CW_SERIES_POINTS, "output");
  GdkRGBA current = color;
  current.alpha = 0.5;
  cw_signal_plot_add_series_xy (plot, centres + self->position, y + self->position, 1, &current, 5.0,
                                CW_SERIES_POINTS, NULL);

  /* The frame is the whole output's, so it does not jump while the output grows. */
  double y_lo = 0.0, y_hi = 0.0;
  for (int t = 0; t < out_length; t++)
    if (isfinite (y[t]))
      {
        y_lo = MIN (y_lo, y[t]);
        y_hi = MAX (y_hi, y[t]);
      }
  double pad = y_hi > y_lo ? (y_hi - y_lo) * 0.08 : 1.0;
  cw_signal_plot_set_y_range (plot, y_lo - pad, y_hi + pad);
  cw_signal_plot_set_x_range (plot, lo, hi);

  char value[32];
  format_number (y[self->position], value, sizeof value);
  g_autofree char *title = g_strdup_printf ("Output y: y[%d] = %s, drawn under the centre of its window (%d of %d)",
                                            self->position, value, shown, out_length);
  cw_signal_plot_set_title (plot, title);
}

/* ---- the products table ---- */

static GtkWidget *
table_label (const char *text, gboolean header)
{
  GtkWidget *label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), header ? 0.0f : 1.0f);
  gtk_widget_add_css_class (label, header ? "dim-label" : "numeric");
  return label;
}

/* Row 0: tap headers; row 1: input positions; then per channel: input, weight, product (+ its sum). */
static void
build_table (CwLabStep *self, int channels, int k)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->products_grid))))
    gtk_grid_remove (self->products_grid, child);
  self->table_channels = channels;
  self->table_k = k;
  gtk_grid_attach (self->products_grid, table_label ("", TRUE), 0, 0, 1, 1);
  for (int j = 0; j < k; j++)
    {
      g_autofree char *name = g_strdup_printf ("j = %d", j);
      GtkWidget *label = table_label (name, TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
      gtk_grid_attach (self->products_grid, label, 1 + j, 0, 1, 1);
    }
  GtkWidget *sum_header = table_label ("sum", TRUE);
  gtk_label_set_xalign (GTK_LABEL (sum_header), 1.0f);
  gtk_grid_attach (self->products_grid, sum_header, 1 + k, 0, 1, 1);
  gtk_grid_attach (self->products_grid, table_label ("input position i", TRUE), 0, 1, 1, 1);
  for (int c = 0; c < channels; c++)
    {
      const char *prefix = channels > 1 ? (c == 0 ? "ch 1 " : "ch 2 ") : "";
      const char *names[3] = { "input x[i]", "weight w[j]", "product w×x" };
      for (int r = 0; r < 3; r++)
        {
          g_autofree char *name = g_strconcat (prefix, names[r], NULL);
          gtk_grid_attach (self->products_grid, table_label (name, TRUE), 0, 2 + 3 * c + r, 1, 1);
        }
    }
  for (int row = 1; row < 2 + 3 * channels; row++)
    for (int column = 1; column <= k + 1; column++)
      {
        GtkWidget *label = table_label ("", FALSE);
        /* The sums are what the step adds up to. */
        if (column == k + 1)
          gtk_widget_add_css_class (label, "heading");
        gtk_grid_attach (self->products_grid, label, column, row, 1, 1);
      }
}

static void
set_cell (CwLabStep *self, int row, int column, const char *text)
{
  GtkWidget *child = gtk_grid_get_child_at (self->products_grid, column, row);
  if (GTK_IS_LABEL (child))
    gtk_label_set_text (GTK_LABEL (child), text);
}

static void
show_table (CwLabStep *self)
{
  int k = self->k, channels = self->channels;
  if (channels != self->table_channels || k != self->table_k)
    build_table (self, channels, k);
  const cw_lab_trace *trace = self->trace;
  int t = self->position;
  char buf[48];
  for (int j = 0; j < k; j++)
    {
      if (!trace)
        {
          for (int row = 1; row < 2 + 3 * channels; row++)
            set_cell (self, row, 1 + j, "–");
          continue;
        }
      int position = cw_lab_trace_positions (trace, t)[j], index = cw_lab_trace_indices (trace, t)[j];
      if (index >= 0)
        g_snprintf (buf, sizeof buf, "%d", index);
      else
        g_snprintf (buf, sizeof buf, "%d (pad)", position);
      set_cell (self, 1, 1 + j, buf);
      for (int c = 0; c < channels; c++)
        {
          const float *x = self->signal + (gsize) c * self->length;
          format_number (index >= 0 ? x[index] : 0.0, buf, sizeof buf);
          set_cell (self, 2 + 3 * c, 1 + j, buf);
          format_number (cw_lab_trace_applied_kernel (trace)[c * k + j], buf, sizeof buf);
          set_cell (self, 3 + 3 * c, 1 + j, buf);
          format_number (cw_lab_trace_products (trace, t)[c * k + j], buf, sizeof buf);
          set_cell (self, 4 + 3 * c, 1 + j, buf);
        }
    }
  for (int row = 1; row < 2 + 3 * channels; row++)
    set_cell (self, row, 1 + k, "");
  for (int c = 0; c < channels && trace; c++)
    {
      char value[32];
      format_number (cw_lab_trace_channel_sums (trace, t)[c], value, sizeof value);
      g_snprintf (buf, sizeof buf, "= %s", value);
      set_cell (self, 4 + 3 * c, 1 + k, buf);
    }
}

/* ---- everything ---- */

void
cw_lab_step_show_position (CwLabStep *self)
{
  const cw_lab_trace *trace = self->trace;
  int out_length = trace ? cw_lab_trace_out_length (trace) : 0;

  gboolean missing_data = FALSE;
  for (int c = 0; c < self->channels; c++)
    missing_data |= self->sources[c] == LAB_SOURCE_DATA
                    && !(self->project && cw_project_get_dataset (self->project));
  const char *problem = !trace ? self->error_text
                        : missing_data ? "No data is loaded: open a file (or use New from Generator…) to step through one of its samples."
                        : NULL;
  gtk_label_set_text (self->error_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), problem != NULL);

  show_input (self, self->input_plot, 0);
  if (self->channels > 1)
    show_input (self, self->input2_plot, 1);
  show_output (self);
  show_table (self);

  g_free (self->step_text);
  self->step_text = trace ? cw_lab_trace_step_text (trace, self->position) : g_strdup ("");
  gtk_label_set_text (self->step_label, self->step_text);
  /* A short line is the point of the lesson: large. A long one (many taps, two channels) stays readable
   * at the normal size. */
  if (strlen (self->step_text) <= 64)
    gtk_widget_add_css_class (GTK_WIDGET (self->step_label), "title-4");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->step_label), "title-4");
  g_autofree char *heading = trace ? g_strdup_printf ("This step: output y[%d]", self->position) : g_strdup ("This step");
  gtk_label_set_text (self->step_title, heading);

  g_autofree char *where = trace ? g_strdup_printf ("y[%d] · %d of %d", self->position, self->position + 1, out_length)
                                 : g_strdup ("no output");
  gtk_label_set_text (self->position_label, where);
  self->syncing = TRUE;
  gtk_range_set_value (self->scrub_scale, self->position);
  self->syncing = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->scrub_scale), out_length > 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), trace && self->position > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->step_button), trace && self->position + 1 < out_length);
  gtk_widget_set_sensitive (GTK_WIDGET (self->play_button), out_length > 1);
}

/* ---- drawing with the mouse ---- */

/* Widget coordinates of a plot to data (position, value); FALSE before the plot has a size. */
static gboolean
plot_to_data (CwSignalPlot *plot, double px, double py, double *x, double *y)
{
  double rx, ry, rw, rh, x0, x1, y0, y1;
  cw_signal_plot_get_data_rect (plot, &rx, &ry, &rw, &rh);
  cw_signal_plot_get_x_range (plot, &x0, &x1);
  cw_signal_plot_get_y_range (plot, &y0, &y1);
  if (!(rw > 0 && rh > 0))
    return FALSE;
  *x = x0 + (px - rx) / rw * (x1 - x0);
  *y = y0 + (ry + rh - py) / rh * (y1 - y0);
  *y = CLAMP (*y, y0, y1);
  return TRUE;
}

static void
on_draw_begin (GtkGestureDrag *gesture, double px, double py, CwLabStep *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  int channel = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (gesture), "cw-channel"));
  double x, y;
  if (!gtk_toggle_button_get_active (self->draw_button) || channel >= self->channels
      || !plot_to_data (CW_SIGNAL_PLOT (widget), px, py, &x, &y))
    {
      /* Not drawing: the plot pans as usual. */
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  /* The value scale stays put under the pen; it refits when the stroke ends. */
  double y0, y1;
  cw_signal_plot_get_y_range (CW_SIGNAL_PLOT (widget), &y0, &y1);
  cw_signal_plot_set_y_range (CW_SIGNAL_PLOT (widget), y0, y1);
  self->drawing_channel = channel;
  self->draw_last_x = x;
  self->draw_last_y = y;
  cw_lab_step_draw_stroke (self, channel, x, y, x, y);
}

static void
on_draw_update (GtkGestureDrag *gesture, double offset_x, double offset_y, CwLabStep *self)
{
  if (self->drawing_channel < 0)
    return;
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  double start_x, start_y, x, y;
  gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y);
  if (!plot_to_data (CW_SIGNAL_PLOT (widget), start_x + offset_x, start_y + offset_y, &x, &y))
    return;
  cw_lab_step_draw_stroke (self, self->drawing_channel, self->draw_last_x, self->draw_last_y, x, y);
  self->draw_last_x = x;
  self->draw_last_y = y;
}

static void
on_draw_end (GtkGestureDrag *gesture, double offset_x, double offset_y, CwLabStep *self)
{
  if (self->drawing_channel < 0)
    return;
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  self->drawing_channel = -1;
  cw_signal_plot_set_y_range (CW_SIGNAL_PLOT (widget), NAN, NAN);
}

void
cw_lab_step_attach_drawing (CwLabStep *self, CwSignalPlot *plot, int channel)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_object_set_data (G_OBJECT (drag), "cw-channel", GINT_TO_POINTER (channel));
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_draw_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_draw_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_draw_end), self);
  gtk_widget_add_controller (GTK_WIDGET (plot), GTK_EVENT_CONTROLLER (drag));
}
