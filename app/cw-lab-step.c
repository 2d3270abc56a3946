/* cw-lab-step.c — the step-through panel: the object, playback, the divider, the project's data and the
 * public API. The signal, kernel and geometry controls are in cw-lab-step-input.c; everything drawn from
 * the trace is in cw-lab-step-show.c. */
#include "cw-lab-step-private.h"
#include "cw-drawable.h"

#include <math.h>
#include <string.h>

G_DEFINE_FINAL_TYPE (CwLabStep, cw_lab_step, GTK_TYPE_WIDGET)

/* ---- playback ---- */

static void
stop_playing (CwLabStep *self)
{
  g_clear_handle_id (&self->play_id, g_source_remove);
  gtk_image_set_from_icon_name (self->play_icon, "media-playback-start-symbolic");
  gtk_label_set_text (self->play_label, "Play");
}

static gboolean
on_play_tick (gpointer data)
{
  CwLabStep *self = data;
  int out_length = self->trace ? cw_lab_trace_out_length (self->trace) : 0;
  if (self->position + 1 >= out_length)
    {
      self->play_id = 0;
      stop_playing (self);
      return G_SOURCE_REMOVE;
    }
  self->position++;
  cw_lab_step_show_position (self);
  return G_SOURCE_CONTINUE;
}

static void
start_playing (CwLabStep *self)
{
  g_clear_handle_id (&self->play_id, g_source_remove);
  int out_length = self->trace ? cw_lab_trace_out_length (self->trace) : 0;
  if (out_length == 0)
    return;
  /* Play at the end starts over. */
  if (self->position + 1 >= out_length)
    {
      self->position = 0;
      cw_lab_step_show_position (self);
    }
  double speed = gtk_range_get_value (self->speed_scale);
  self->play_id = g_timeout_add ((guint) lround (1000.0 / MAX (speed, 1.0)), on_play_tick, self);
  gtk_image_set_from_icon_name (self->play_icon, "media-playback-pause-symbolic");
  gtk_label_set_text (self->play_label, "Pause");
}

static void
on_play_clicked (CwLabStep *self)
{
  cw_lab_step_set_playing (self, self->play_id == 0);
}

static void
on_back_clicked (CwLabStep *self)
{
  stop_playing (self);
  cw_lab_step_set_position (self, self->position - 1);
}

static void
on_step_clicked (CwLabStep *self)
{
  stop_playing (self);
  cw_lab_step_step (self);
}

static void
on_scrub_changed (CwLabStep *self)
{
  if (self->syncing)
    return;
  int t = (int) lround (gtk_range_get_value (self->scrub_scale));
  if (t != self->position)
    {
      self->position = t;
      cw_lab_step_show_position (self);
    }
}

static void
on_speed_changed (CwLabStep *self)
{
  int speed = (int) lround (gtk_range_get_value (self->speed_scale));
  g_autofree char *text = g_strdup_printf ("%d step%s/s", speed, speed == 1 ? "" : "s");
  gtk_label_set_text (self->speed_label, text);
  if (self->play_id)
    start_playing (self);
}

/* ---- layout ---- */

/* Once the page has a height, the divider leaves the kernel editor and the arithmetic this much; after
 * that it is the user's (and a taller window grows the plots). */
#define BOTTOM_HEIGHT 285

static void
on_paned_max_position (CwLabStep *self)
{
  /* max-position is the height less the bottom's minimum; the height itself is already allocated. */
  int max = 0, height = gtk_widget_get_height (GTK_WIDGET (self->paned));
  g_object_get (self->paned, "max-position", &max, NULL);
  /* Too short for plots and bottom alike: leave it to the paned until there is room. */
  if (self->paned_placed || height < BOTTOM_HEIGHT + 240)
    return;
  self->paned_placed = TRUE;
  gtk_paned_set_position (self->paned, MIN (max, height - BOTTOM_HEIGHT));
}

/* ---- project ---- */

static void
sync_sample_range (CwLabStep *self)
{
  const cw_dataset *ds = self->project ? cw_project_get_dataset (self->project) : NULL;
  int n = ds ? cw_dataset_n_samples (ds) : 1;
  self->syncing = TRUE;
  gtk_spin_button_set_range (self->sample_spin, 1, MAX (n, 1));
  self->syncing = FALSE;
}

static void
on_project_data_changed (CwLabStep *self)
{
  sync_sample_range (self);
  if (cw_lab_step_uses_data (self) || self->sources[0] == LAB_SOURCE_DATA || self->sources[1] == LAB_SOURCE_DATA)
    {
      cw_lab_step_rebuild_signal (self);
      cw_lab_step_retrace (self);
    }
}

/* ---- GtkWidget ---- */

static void
cw_lab_step_unmap (GtkWidget *widget)
{
  /* Nobody watches a hidden page play. */
  stop_playing (CW_LAB_STEP (widget));
  GTK_WIDGET_CLASS (cw_lab_step_parent_class)->unmap (widget);
}

static void
cw_lab_step_dispose (GObject *object)
{
  CwLabStep *self = CW_LAB_STEP (object);
  g_clear_handle_id (&self->play_id, g_source_remove);
  if (self->project)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->project);
  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_LAB_STEP);
  G_OBJECT_CLASS (cw_lab_step_parent_class)->dispose (object);
}

static void
cw_lab_step_finalize (GObject *object)
{
  CwLabStep *self = CW_LAB_STEP (object);
  g_clear_pointer (&self->trace, cw_lab_trace_free);
  g_clear_pointer (&self->signal, g_free);
  g_clear_pointer (&self->kernel, g_free);
  g_clear_pointer (&self->error_text, g_free);
  g_clear_pointer (&self->step_text, g_free);
  G_OBJECT_CLASS (cw_lab_step_parent_class)->finalize (object);
}

static void
cw_lab_step_class_init (CwLabStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_lab_step_dispose;
  object_class->finalize = cw_lab_step_finalize;
  widget_class->unmap = cw_lab_step_unmap;

  /* The template names these types; the builder cannot look symbols up in a static binary. */
  g_type_ensure (CW_TYPE_SIGNAL_PLOT);
  g_type_ensure (CW_TYPE_KERNEL_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cw-lab-step.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CwLabStep, name)
  BIND (main_box);
  BIND (source_dropdown);
  BIND (source2_label);
  BIND (source2_dropdown);
  BIND (length_label);
  BIND (length_spin);
  BIND (sample_label);
  BIND (sample_spin);
  BIND (seed_label);
  BIND (seed_spin);
  BIND (draw_button);
  BIND (two_channels_check);
  BIND (preset_dropdown);
  BIND (taps_label);
  BIND (taps_spin);
  BIND (sigma_label);
  BIND (sigma_spin);
  BIND (poly_label);
  BIND (poly_spin);
  BIND (deriv_label);
  BIND (deriv_spin);
  BIND (kernel_error_label);
  BIND (stride_spin);
  BIND (dilation_spin);
  BIND (padding_dropdown);
  BIND (pad_left_label);
  BIND (pad_left_spin);
  BIND (pad_right_label);
  BIND (pad_right_spin);
  BIND (formula_label);
  BIND (padding_label);
  BIND (correlation_button);
  BIND (convolution_button);
  BIND (mode_label);
  BIND (play_button);
  BIND (play_icon);
  BIND (play_label);
  BIND (back_button);
  BIND (step_button);
  BIND (scrub_scale);
  BIND (position_label);
  BIND (speed_scale);
  BIND (speed_label);
  BIND (error_label);
  BIND (draw_hint_label);
  BIND (paned);
  BIND (input_plot);
  BIND (input2_plot);
  BIND (output_plot);
  BIND (kernel_editor);
  BIND (step_title);
  BIND (products_grid);
  BIND (step_label);
#undef BIND

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "labstep");
}

static void
cw_lab_step_init (CwLabStep *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->input_plot), "Input");
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->input2_plot), "Second input");
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->output_plot), "Output");
  self->drawing_channel = -1;
  self->channels = 1;
  self->sources[0] = LAB_SOURCE_STEP;
  self->sources[1] = LAB_SOURCE_RAMP;
  gtk_drop_down_set_selected (self->source2_dropdown, LAB_SOURCE_RAMP);
  gtk_drop_down_set_selected (self->padding_dropdown, LAB_PADDING_VALID);
  gtk_label_set_text (self->mode_label, cw_lab_mode_explanation ());

  /* Stacked plots share one x axis: the same margins line their data areas up. */
  CwSignalPlot *plots[] = { self->input_plot, self->input2_plot, self->output_plot };
  for (gsize i = 0; i < G_N_ELEMENTS (plots); i++)
    cw_signal_plot_set_margins (plots[i], 64, 16);
  cw_lab_step_attach_drawing (self, self->input_plot, 0);
  cw_lab_step_attach_drawing (self, self->input2_plot, 1);

  cw_lab_step_init_inputs (self);
  g_signal_connect_swapped (self->paned, "notify::max-position", G_CALLBACK (on_paned_max_position), self);
  g_signal_connect_swapped (self->play_button, "clicked", G_CALLBACK (on_play_clicked), self);
  g_signal_connect_swapped (self->back_button, "clicked", G_CALLBACK (on_back_clicked), self);
  g_signal_connect_swapped (self->step_button, "clicked", G_CALLBACK (on_step_clicked), self);
  g_signal_connect_swapped (self->scrub_scale, "value-changed", G_CALLBACK (on_scrub_changed), self);
  g_signal_connect_swapped (self->speed_scale, "value-changed", G_CALLBACK (on_speed_changed), self);

  /* The first lesson: an edge detector on a step. */
  gtk_drop_down_set_selected (self->preset_dropdown, CW_LAB_KERNEL_EDGE);
  cw_lab_step_sync_preset_controls (self, TRUE);
  cw_lab_step_sync_padding_controls (self);
  on_speed_changed (self);
  cw_lab_step_rebuild_signal (self);
  cw_lab_step_apply_preset (self);
  cw_lab_step_retrace (self);
}

/* ---- public API ---- */

GtkWidget *
cw_lab_step_new (CwProject *project)
{
  g_return_val_if_fail (project == NULL || CW_IS_PROJECT (project), NULL);
  CwLabStep *self = g_object_new (CW_TYPE_LAB_STEP, NULL);
  if (project)
    {
      self->project = g_object_ref (project);
      g_signal_connect_swapped (project, "data-changed", G_CALLBACK (on_project_data_changed), self);
      sync_sample_range (self);
    }
  return GTK_WIDGET (self);
}

void
cw_lab_step_set_signal (CwLabStep *self, const float *x, int channels, int length)
{
  g_return_if_fail (CW_IS_LAB_STEP (self));
  g_return_if_fail (x != NULL && channels >= 1 && channels <= LAB_MAX_CHANNELS && length >= 1);
  cw_lab_step_set_channels (self, channels);
  g_free (self->signal);
  self->signal = g_memdup2 (x, sizeof (float) * (gsize) channels * length);
  self->length = length;
  self->syncing = TRUE;
  for (int c = 0; c < channels; c++)
    self->sources[c] = LAB_SOURCE_DRAWN;
  gtk_drop_down_set_selected (self->source_dropdown, LAB_SOURCE_DRAWN);
  gtk_drop_down_set_selected (self->source2_dropdown, LAB_SOURCE_DRAWN);
  gtk_spin_button_set_value (self->length_spin, length);
  self->syncing = FALSE;
  cw_lab_step_sync_source_controls (self);
  cw_lab_step_retrace (self);
}

void
cw_lab_step_set_builtin (CwLabStep *self, cw_lab_signal signal, int length)
{
  g_return_if_fail (CW_IS_LAB_STEP (self));
  g_return_if_fail (signal >= 0 && signal < CW_LAB_SIGNAL_N && length >= 2);
  self->syncing = TRUE;
  for (int c = 0; c < self->channels; c++)
    self->sources[c] = (LabSource) signal;
  gtk_drop_down_set_selected (self->source_dropdown, signal);
  gtk_drop_down_set_selected (self->source2_dropdown, signal);
  gtk_spin_button_set_value (self->length_spin, length);
  self->syncing = FALSE;
  cw_lab_step_rebuild_signal (self);
  cw_lab_step_retrace (self);
}

void
cw_lab_step_set_data_sample (CwLabStep *self, int row)
{
  g_return_if_fail (CW_IS_LAB_STEP (self));
  g_return_if_fail (row >= 0);
  self->syncing = TRUE;
  for (int c = 0; c < self->channels; c++)
    self->sources[c] = LAB_SOURCE_DATA;
  gtk_drop_down_set_selected (self->source_dropdown, LAB_SOURCE_DATA);
  gtk_drop_down_set_selected (self->source2_dropdown, LAB_SOURCE_DATA);
  gtk_spin_button_set_value (self->sample_spin, row + 1);
  self->syncing = FALSE;
  cw_lab_step_rebuild_signal (self);
  cw_lab_step_retrace (self);
}

void
cw_lab_step_set_kernel (CwLabStep *self, const float *kernel, int channels, int k)
{
  g_return_if_fail (CW_IS_LAB_STEP (self));
  g_return_if_fail (kernel != NULL && channels == self->channels && k >= 1);
  g_free (self->kernel);
  self->kernel = g_memdup2 (kernel, sizeof (float) * (gsize) channels * k);
  self->k = k;
  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->preset_dropdown, LAB_PRESET_CUSTOM);
  gtk_spin_button_set_value (self->taps_spin, k);
  self->syncing = FALSE;
  cw_lab_step_sync_preset_controls (self, FALSE);
  cw_lab_step_set_kernel_error (self, NULL);
  cw_lab_step_show_kernel_in_editor (self);
  cw_lab_step_retrace (self);
}

void
cw_lab_step_set_kernel_preset (CwLabStep *self, cw_lab_kernel kind)
{
  g_return_if_fail (CW_IS_LAB_STEP (self));
  g_return_if_fail (kind >= 0 && kind < CW_LAB_KERNEL_N);
  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->preset_dropdown, kind);
  self->syncing = FALSE;
  cw_lab_step_sync_preset_controls (self, TRUE);
  cw_lab_step_apply_preset (self);
  cw_lab_step_retrace (self);
}

void
cw_lab_step_set_settings (CwLabStep *self, const cw_lab_settings *settings)
{
  g_return_if_fail (CW_IS_LAB_STEP (self));
  g_return_if_fail (settings != NULL);
  self->syncing = TRUE;
  gtk_spin_button_set_value (self->stride_spin, settings->stride);
  gtk_spin_button_set_value (self->dilation_spin, settings->dilation);
  guint padding = settings->padding == CW_PAD_SAME ? LAB_PADDING_SAME
                  : settings->padding == CW_PAD_CAUSAL ? LAB_PADDING_CAUSAL
                  : settings->padding == CW_PAD_EXPLICIT ? LAB_PADDING_EXPLICIT : LAB_PADDING_VALID;
  gtk_drop_down_set_selected (self->padding_dropdown, padding);
  gtk_spin_button_set_value (self->pad_left_spin, settings->pad_left);
  gtk_spin_button_set_value (self->pad_right_spin, settings->pad_right);
  gtk_toggle_button_set_active (settings->convolution ? self->convolution_button : self->correlation_button, TRUE);
  self->syncing = FALSE;
  cw_lab_step_sync_padding_controls (self);
  cw_lab_step_retrace (self);
}

void
cw_lab_step_set_convolution (CwLabStep *self, gboolean convolution)
{
  g_return_if_fail (CW_IS_LAB_STEP (self));
  /* The toggled handler retraces. */
  gtk_toggle_button_set_active (convolution ? self->convolution_button : self->correlation_button, TRUE);
}

void
cw_lab_step_set_position (CwLabStep *self, int t)
{
  g_return_if_fail (CW_IS_LAB_STEP (self));
  int out_length = self->trace ? cw_lab_trace_out_length (self->trace) : 0;
  self->position = out_length > 0 ? CLAMP (t, 0, out_length - 1) : 0;
  cw_lab_step_show_position (self);
}

int
cw_lab_step_get_position (CwLabStep *self)
{
  g_return_val_if_fail (CW_IS_LAB_STEP (self), 0);
  return self->position;
}

void
cw_lab_step_step (CwLabStep *self)
{
  g_return_if_fail (CW_IS_LAB_STEP (self));
  cw_lab_step_set_position (self, self->position + 1);
}

void
cw_lab_step_set_playing (CwLabStep *self, gboolean playing)
{
  g_return_if_fail (CW_IS_LAB_STEP (self));
  if (playing)
    start_playing (self);
  else
    stop_playing (self);
}

gboolean
cw_lab_step_get_playing (CwLabStep *self)
{
  g_return_val_if_fail (CW_IS_LAB_STEP (self), FALSE);
  return self->play_id != 0;
}

void
cw_lab_step_draw_stroke (CwLabStep *self, int channel, double x0, double y0, double x1, double y1)
{
  g_return_if_fail (CW_IS_LAB_STEP (self));
  g_return_if_fail (channel >= 0 && channel < self->channels);
  if (!isfinite (x0) || !isfinite (y0) || !isfinite (x1) || !isfinite (y1))
    return;
  if (self->sources[channel] != LAB_SOURCE_DRAWN)
    {
      /* The drawing starts from what is shown. */
      self->sources[channel] = LAB_SOURCE_DRAWN;
      self->syncing = TRUE;
      gtk_drop_down_set_selected (channel == 0 ? self->source_dropdown : self->source2_dropdown, LAB_SOURCE_DRAWN);
      self->syncing = FALSE;
      cw_lab_step_sync_source_controls (self);
    }
  if (x1 < x0)
    {
      double t = x0;
      x0 = x1;
      x1 = t;
      t = y0;
      y0 = y1;
      y1 = t;
    }
  int first = MAX ((int) ceil (x0 - 0.5), 0), last = MIN ((int) floor (x1 + 0.5), self->length - 1);
  float *row = self->signal + (gsize) channel * self->length;
  for (int i = first; i <= last; i++)
    {
      double f = x1 > x0 ? CLAMP ((i - x0) / (x1 - x0), 0.0, 1.0) : 1.0;
      row[i] = (float) (y0 + f * (y1 - y0));
    }
  cw_lab_step_retrace (self);
}

const cw_lab_trace *
cw_lab_step_get_trace (CwLabStep *self)
{
  g_return_val_if_fail (CW_IS_LAB_STEP (self), NULL);
  return self->trace;
}

const float *
cw_lab_step_get_signal (CwLabStep *self, int *channels, int *length)
{
  g_return_val_if_fail (CW_IS_LAB_STEP (self), NULL);
  if (channels)
    *channels = self->channels;
  if (length)
    *length = self->length;
  return self->signal;
}

const float *
cw_lab_step_get_kernel (CwLabStep *self, int *channels, int *k)
{
  g_return_val_if_fail (CW_IS_LAB_STEP (self), NULL);
  if (channels)
    *channels = self->channels;
  if (k)
    *k = self->k;
  return self->kernel;
}

const char *
cw_lab_step_get_step_text (CwLabStep *self)
{
  g_return_val_if_fail (CW_IS_LAB_STEP (self), NULL);
  return gtk_label_get_text (self->step_label);
}

const char *
cw_lab_step_get_formula_text (CwLabStep *self)
{
  g_return_val_if_fail (CW_IS_LAB_STEP (self), NULL);
  return gtk_label_get_text (self->formula_label);
}

const char *
cw_lab_step_get_error_text (CwLabStep *self)
{
  g_return_val_if_fail (CW_IS_LAB_STEP (self), NULL);
  return self->error_text ? self->error_text : "";
}

const char *
cw_lab_step_get_table_text (CwLabStep *self, int row, int column)
{
  g_return_val_if_fail (CW_IS_LAB_STEP (self), NULL);
  if (row < 0 || column < 0)
    return NULL;
  GtkWidget *child = gtk_grid_get_child_at (self->products_grid, column, row);
  return GTK_IS_LABEL (child) ? gtk_label_get_text (GTK_LABEL (child)) : NULL;
}

const float *
cw_lab_step_get_shown_output (CwLabStep *self, int *n)
{
  g_return_val_if_fail (CW_IS_LAB_STEP (self), NULL);
  if (n)
    *n = self->trace ? self->position + 1 : 0;
  return self->trace ? cw_lab_trace_output (self->trace) : NULL;
}

GtkWidget *
cw_lab_step_get_widget (CwLabStep *self, const char *name)
{
  g_return_val_if_fail (CW_IS_LAB_STEP (self), NULL);
  if (g_strcmp0 (name, "input") == 0)
    return GTK_WIDGET (self->input_plot);
  if (g_strcmp0 (name, "input2") == 0)
    return GTK_WIDGET (self->input2_plot);
  if (g_strcmp0 (name, "output") == 0)
    return GTK_WIDGET (self->output_plot);
  if (g_strcmp0 (name, "kernel") == 0)
    return GTK_WIDGET (self->kernel_editor);
  return NULL;
}
