/* cw-lab-step-input.c — what the step-through traces: the signal (built-in, a data sample or drawn, on
 * one or two channels), the kernel (a preset on every channel, or edited in the kernel editor) and the
 * geometry and mode controls. Each change rebuilds what it affects and retraces.
 *
 * The panel owns the signal and the kernel as plain arrays; controls only say how to rebuild them. A
 * built-in or data source regenerates its channel whenever its controls change; a drawn channel keeps
 * its values (resized with zeros when the length changes). A preset refills the kernel on every row; an
 * edit in the kernel editor makes the kernel Custom and is kept as it is. */
#include "cw-lab-step-private.h"

#include <string.h>

/* ---- the signal ---- */

static gboolean
source_is_builtin (LabSource source)
{
  return source <= LAB_SOURCE_PEAKS;
}

static const cw_dataset *
dataset (CwLabStep *self)
{
  return self->project ? cw_project_get_dataset (self->project) : NULL;
}

gboolean
cw_lab_step_uses_data (CwLabStep *self)
{
  for (int c = 0; c < self->channels; c++)
    if (self->sources[c] == LAB_SOURCE_DATA && dataset (self))
      return TRUE;
  return FALSE;
}

/* Fills channel c of a channels x length buffer from its source (drawn channels from old values). */
static void
fill_channel (CwLabStep *self, int c, float *out, int length, const float *old, int old_length)
{
  LabSource source = self->sources[c];
  const cw_dataset *ds = dataset (self);
  if (source == LAB_SOURCE_DATA && ds)
    {
      int row = CLAMP (gtk_spin_button_get_value_as_int (self->sample_spin) - 1, 0, cw_dataset_n_samples (ds) - 1);
      int data_channels = cw_dataset_n_channels (ds), data_length = cw_dataset_length (ds);
      /* A one-channel file feeds both channels the same row. */
      int channel = MIN (c, data_channels - 1);
      const float *x = cw_dataset_signals (ds) + ((gsize) row * data_channels + channel) * data_length;
      for (int i = 0; i < length; i++)
        out[i] = i < data_length ? x[i] : 0.0f;
      return;
    }
  if (source_is_builtin (source))
    {
      /* The second channel draws other noise and other peaks than the first. */
      guint64 seed = (guint64) gtk_spin_button_get_value_as_int (self->seed_spin) + (guint64) c * 1000;
      cw_lab_signal_fill ((cw_lab_signal) source, length, seed, out);
      return;
    }
  /* Drawn (or data without data): what was there, cut or padded with zeros. old holds as many channels
   * as the signal has now (set_channels resizes it first). */
  for (int i = 0; i < length; i++)
    out[i] = old && i < old_length ? old[(gsize) c * old_length + i] : 0.0f;
}

void
cw_lab_step_sync_source_controls (CwLabStep *self)
{
  gboolean any_seeded = FALSE, data = cw_lab_step_uses_data (self);
  for (int c = 0; c < self->channels; c++)
    any_seeded |= self->sources[c] == LAB_SOURCE_NOISY_SINE || self->sources[c] == LAB_SOURCE_PEAKS;
  gboolean any_data_choice = FALSE;
  for (int c = 0; c < self->channels; c++)
    any_data_choice |= self->sources[c] == LAB_SOURCE_DATA;
  gtk_widget_set_visible (self->seed_label, any_seeded);
  gtk_widget_set_visible (GTK_WIDGET (self->seed_spin), any_seeded);
  gtk_widget_set_visible (self->sample_label, any_data_choice);
  gtk_widget_set_visible (GTK_WIDGET (self->sample_spin), any_data_choice);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sample_spin), data);
  /* The data's length is the data's. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->length_spin), !data);
  gboolean two = self->channels == 2;
  gtk_widget_set_visible (self->source2_label, two);
  gtk_widget_set_visible (GTK_WIDGET (self->source2_dropdown), two);
  gtk_widget_set_visible (GTK_WIDGET (self->input2_plot), two);
}

/* Rebuilds the signal from the sources at the length the controls (or the data) say. */
void
cw_lab_step_rebuild_signal (CwLabStep *self)
{
  const cw_dataset *ds = dataset (self);
  int length = cw_lab_step_uses_data (self) ? cw_dataset_length (ds) : gtk_spin_button_get_value_as_int (self->length_spin);
  if (cw_lab_step_uses_data (self))
    {
      self->syncing = TRUE;
      gtk_spin_button_set_value (self->length_spin, length);
      self->syncing = FALSE;
    }
  float *signal = g_new0 (float, (gsize) self->channels * length);
  for (int c = 0; c < self->channels; c++)
    fill_channel (self, c, signal + (gsize) c * length, length, self->signal, self->length);
  g_free (self->signal);
  self->signal = signal;
  self->length = length;
  cw_lab_step_sync_source_controls (self);
}

static void
on_source_changed (CwLabStep *self)
{
  if (self->syncing)
    return;
  self->sources[0] = gtk_drop_down_get_selected (self->source_dropdown);
  self->sources[1] = gtk_drop_down_get_selected (self->source2_dropdown);
  cw_lab_step_rebuild_signal (self);
  cw_lab_step_retrace (self);
}

static void
on_signal_control_changed (CwLabStep *self)
{
  if (self->syncing)
    return;
  cw_lab_step_rebuild_signal (self);
  cw_lab_step_retrace (self);
}

static void
on_draw_toggled (CwLabStep *self)
{
  gtk_widget_set_visible (self->draw_hint_label, gtk_toggle_button_get_active (self->draw_button));
  const char *cursor = gtk_toggle_button_get_active (self->draw_button) ? "cell" : "crosshair";
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->input_plot), cursor);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->input2_plot), cursor);
}

/* ---- the kernel ---- */

static cw_lab_kernel_params
preset_params (CwLabStep *self, cw_lab_kernel kind)
{
  cw_lab_kernel_params params = cw_lab_kernel_params_default (kind);
  params.size = gtk_spin_button_get_value_as_int (self->taps_spin);
  params.sigma = gtk_spin_button_get_value (self->sigma_spin);
  params.poly = gtk_spin_button_get_value_as_int (self->poly_spin);
  params.deriv = gtk_spin_button_get_value_as_int (self->deriv_spin);
  return params;
}

void
cw_lab_step_set_kernel_error (CwLabStep *self, const char *message)
{
  gtk_label_set_text (self->kernel_error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->kernel_error_label), message != NULL);
}

void
cw_lab_step_show_kernel_in_editor (CwLabStep *self)
{
  cw_kernel_editor_set_kernel (self->kernel_editor, self->kernel, self->channels, self->k);
}

/* Refills the kernel from the preset the controls describe (every channel the same). */
void
cw_lab_step_apply_preset (CwLabStep *self)
{
  guint preset = gtk_drop_down_get_selected (self->preset_dropdown);
  if (preset >= LAB_PRESET_CUSTOM)
    return;
  cw_lab_kernel_params params = preset_params (self, (cw_lab_kernel) preset);
  int k = cw_lab_kernel_size (&params);
  g_autofree float *row = g_new0 (float, MAX (k, 1));
  cw_error err;
  cw_error_clear (&err);
  if (k < 1 || cw_lab_kernel_fill (&params, row, &err) != CW_OK)
    {
      cw_lab_step_set_kernel_error (self, k < 1 ? "The kernel needs at least one tap." : err.message);
      return;
    }
  cw_lab_step_set_kernel_error (self, NULL);
  g_free (self->kernel);
  self->kernel = g_new (float, (gsize) self->channels * k);
  for (int c = 0; c < self->channels; c++)
    memcpy (self->kernel + (gsize) c * k, row, sizeof (float) * k);
  self->k = k;
  cw_lab_step_show_kernel_in_editor (self);
}

/* Shows the parameters the preset uses, with the values it starts from. */
void
cw_lab_step_sync_preset_controls (CwLabStep *self, gboolean reset_values)
{
  guint preset = gtk_drop_down_get_selected (self->preset_dropdown);
  gboolean sized = preset == CW_LAB_KERNEL_BOX || preset == CW_LAB_KERNEL_GAUSSIAN || preset == CW_LAB_KERNEL_SAVGOL
                   || preset == LAB_PRESET_CUSTOM;
  gboolean gaussian = preset == CW_LAB_KERNEL_GAUSSIAN, savgol = preset == CW_LAB_KERNEL_SAVGOL;
  self->syncing = TRUE;
  if (reset_values && preset < LAB_PRESET_CUSTOM)
    {
      cw_lab_kernel_params params = cw_lab_kernel_params_default ((cw_lab_kernel) preset);
      gtk_spin_button_set_value (self->taps_spin, cw_lab_kernel_size (&params));
      if (gaussian)
        gtk_spin_button_set_value (self->sigma_spin, params.sigma);
      if (savgol)
        {
          gtk_spin_button_set_value (self->poly_spin, params.poly);
          gtk_spin_button_set_value (self->deriv_spin, params.deriv);
        }
    }
  /* Savitzky–Golay windows are odd: step by two. */
  gtk_spin_button_set_increments (self->taps_spin, savgol ? 2 : 1, savgol ? 4 : 2);
  self->syncing = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->taps_spin), sized);
  gtk_widget_set_visible (self->sigma_label, gaussian);
  gtk_widget_set_visible (GTK_WIDGET (self->sigma_spin), gaussian);
  gtk_widget_set_visible (self->poly_label, savgol);
  gtk_widget_set_visible (GTK_WIDGET (self->poly_spin), savgol);
  gtk_widget_set_visible (self->deriv_label, savgol);
  gtk_widget_set_visible (GTK_WIDGET (self->deriv_spin), savgol);
}

static void
on_preset_changed (CwLabStep *self)
{
  if (self->syncing)
    return;
  cw_lab_step_sync_preset_controls (self, TRUE);
  cw_lab_step_apply_preset (self);
  cw_lab_step_retrace (self);
}

/* A custom kernel keeps its weights and gains zeros (or loses taps) at the end. */
static void
resize_custom_kernel (CwLabStep *self, int k)
{
  float *kernel = g_new0 (float, (gsize) self->channels * k);
  for (int c = 0; c < self->channels; c++)
    for (int j = 0; j < MIN (k, self->k); j++)
      kernel[c * k + j] = self->kernel[c * self->k + j];
  g_free (self->kernel);
  self->kernel = kernel;
  self->k = k;
  cw_lab_step_show_kernel_in_editor (self);
}

static void
on_kernel_param_changed (CwLabStep *self)
{
  if (self->syncing)
    return;
  guint preset = gtk_drop_down_get_selected (self->preset_dropdown);
  if (preset == LAB_PRESET_CUSTOM)
    resize_custom_kernel (self, gtk_spin_button_get_value_as_int (self->taps_spin));
  else
    cw_lab_step_apply_preset (self);
  cw_lab_step_retrace (self);
}

static void
on_kernel_edited (CwLabStep *self)
{
  int rows, k;
  const float *values = cw_kernel_editor_get_kernel (self->kernel_editor, &rows, &k);
  if (rows != self->channels)
    return;
  g_free (self->kernel);
  self->kernel = g_memdup2 (values, sizeof (float) * (gsize) rows * k);
  self->k = k;
  if (gtk_drop_down_get_selected (self->preset_dropdown) != LAB_PRESET_CUSTOM)
    {
      self->syncing = TRUE;
      gtk_drop_down_set_selected (self->preset_dropdown, LAB_PRESET_CUSTOM);
      self->syncing = FALSE;
      cw_lab_step_sync_preset_controls (self, FALSE);
    }
  cw_lab_step_set_kernel_error (self, NULL);
  cw_lab_step_retrace (self);
}

/* ---- channels ---- */

void
cw_lab_step_set_channels (CwLabStep *self, int channels)
{
  if (channels == self->channels)
    return;
  /* The second channel's weights start as a copy of the first's. */
  float *kernel = g_new (float, (gsize) channels * self->k);
  for (int c = 0; c < channels; c++)
    memcpy (kernel + (gsize) c * self->k, self->kernel, sizeof (float) * self->k);
  g_free (self->kernel);
  self->kernel = kernel;
  float *signal = g_new0 (float, (gsize) channels * self->length);
  memcpy (signal, self->signal, sizeof (float) * (gsize) MIN (channels, self->channels) * self->length);
  g_free (self->signal);
  self->signal = signal;
  int old = self->channels;
  self->channels = channels;
  static const char *const names[] = { "channel 1", "channel 2", NULL };
  cw_kernel_editor_set_row_labels (self->kernel_editor, channels > 1 ? names : NULL);
  self->syncing = TRUE;
  gtk_check_button_set_active (self->two_channels_check, channels == 2);
  self->syncing = FALSE;
  cw_lab_step_show_kernel_in_editor (self);
  if (channels > old)
    cw_lab_step_rebuild_signal (self);
  cw_lab_step_sync_source_controls (self);
}

static void
on_two_channels_toggled (CwLabStep *self)
{
  if (self->syncing)
    return;
  cw_lab_step_set_channels (self, gtk_check_button_get_active (self->two_channels_check) ? 2 : 1);
  cw_lab_step_retrace (self);
}

/* ---- geometry and mode ---- */

void
cw_lab_step_sync_padding_controls (CwLabStep *self)
{
  gboolean explicit_padding = gtk_drop_down_get_selected (self->padding_dropdown) == LAB_PADDING_EXPLICIT;
  gtk_widget_set_visible (self->pad_left_label, explicit_padding);
  gtk_widget_set_visible (GTK_WIDGET (self->pad_left_spin), explicit_padding);
  gtk_widget_set_visible (self->pad_right_label, explicit_padding);
  gtk_widget_set_visible (GTK_WIDGET (self->pad_right_spin), explicit_padding);
}

static void
on_geometry_changed (CwLabStep *self)
{
  if (self->syncing)
    return;
  cw_lab_step_sync_padding_controls (self);
  cw_lab_step_retrace (self);
}

/* ---- setting up ---- */

/* The spin buttons' ranges, steps and first values. */
static const struct
{
  const char *name;
  double lower, upper, value, step, page;
} spin_ranges[] = {
  { "length_spin", 2, 400, 24, 1, 8 },
  { "sample_spin", 1, 1, 1, 1, 10 },
  { "seed_spin", 1, 9999, 1, 1, 10 },
  { "taps_spin", 1, 31, 3, 1, 2 },
  { "sigma_spin", 0.1, 20, 1, 0.1, 1 },
  { "poly_spin", 0, 10, 2, 1, 1 },
  { "deriv_spin", 0, 4, 0, 1, 1 },
  { "stride_spin", 1, 16, 1, 1, 2 },
  { "dilation_spin", 1, 16, 1, 1, 2 },
  { "pad_left_spin", 0, 32, 1, 1, 4 },
  { "pad_right_spin", 0, 32, 1, 1, 4 },
};

void
cw_lab_step_init_inputs (CwLabStep *self)
{
  for (gsize i = 0; i < G_N_ELEMENTS (spin_ranges); i++)
    {
      GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (self), CW_TYPE_LAB_STEP,
                                                                            spin_ranges[i].name));
      gtk_spin_button_set_range (spin, spin_ranges[i].lower, spin_ranges[i].upper);
      gtk_spin_button_set_increments (spin, spin_ranges[i].step, spin_ranges[i].page);
      gtk_spin_button_set_value (spin, spin_ranges[i].value);
    }
  g_signal_connect_swapped (self->source_dropdown, "notify::selected", G_CALLBACK (on_source_changed), self);
  g_signal_connect_swapped (self->source2_dropdown, "notify::selected", G_CALLBACK (on_source_changed), self);
  g_signal_connect_swapped (self->length_spin, "value-changed", G_CALLBACK (on_signal_control_changed), self);
  g_signal_connect_swapped (self->sample_spin, "value-changed", G_CALLBACK (on_signal_control_changed), self);
  g_signal_connect_swapped (self->seed_spin, "value-changed", G_CALLBACK (on_signal_control_changed), self);
  g_signal_connect_swapped (self->draw_button, "toggled", G_CALLBACK (on_draw_toggled), self);
  g_signal_connect_swapped (self->two_channels_check, "toggled", G_CALLBACK (on_two_channels_toggled), self);
  g_signal_connect_swapped (self->preset_dropdown, "notify::selected", G_CALLBACK (on_preset_changed), self);
  g_signal_connect_swapped (self->taps_spin, "value-changed", G_CALLBACK (on_kernel_param_changed), self);
  g_signal_connect_swapped (self->sigma_spin, "value-changed", G_CALLBACK (on_kernel_param_changed), self);
  g_signal_connect_swapped (self->poly_spin, "value-changed", G_CALLBACK (on_kernel_param_changed), self);
  g_signal_connect_swapped (self->deriv_spin, "value-changed", G_CALLBACK (on_kernel_param_changed), self);
  g_signal_connect_swapped (self->kernel_editor, "changed", G_CALLBACK (on_kernel_edited), self);
  g_signal_connect_swapped (self->stride_spin, "value-changed", G_CALLBACK (on_geometry_changed), self);
  g_signal_connect_swapped (self->dilation_spin, "value-changed", G_CALLBACK (on_geometry_changed), self);
  g_signal_connect_swapped (self->padding_dropdown, "notify::selected", G_CALLBACK (on_geometry_changed), self);
  g_signal_connect_swapped (self->pad_left_spin, "value-changed", G_CALLBACK (on_geometry_changed), self);
  g_signal_connect_swapped (self->pad_right_spin, "value-changed", G_CALLBACK (on_geometry_changed), self);
  g_signal_connect_swapped (self->convolution_button, "toggled", G_CALLBACK (on_geometry_changed), self);
}
