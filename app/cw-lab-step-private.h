/* cw-lab-step-private.h — what the files of CwLabStep share.
 * cw-lab-step.c: the object, the controls (signal source, kernel preset, geometry, mode), playback and
 * the public API; cw-lab-step-show.c: the trace and everything drawn from it (plots, products table,
 * arithmetic line), and drawing the signal with the mouse. */
#pragma once

#include "cw-kernel-editor.h"
#include "cw-lab-step.h"
#include "cw-signal-plot.h"

/* The entries of the two signal source drop-downs; the first five are cw_lab_signal in order. */
typedef enum
{
  LAB_SOURCE_STEP,
  LAB_SOURCE_RAMP,
  LAB_SOURCE_PULSES,
  LAB_SOURCE_NOISY_SINE,
  LAB_SOURCE_PEAKS,
  LAB_SOURCE_DATA,
  LAB_SOURCE_DRAWN,
} LabSource;

/* The entries of the preset drop-down: cw_lab_kernel in order, then Custom. */
#define LAB_PRESET_CUSTOM CW_LAB_KERNEL_N

/* The entries of the padding drop-down. */
enum
{
  LAB_PADDING_VALID,
  LAB_PADDING_SAME,
  LAB_PADDING_CAUSAL,
  LAB_PADDING_EXPLICIT,
};

#define LAB_MAX_CHANNELS 2

struct _CwLabStep
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkWidget *main_box;
  GtkDropDown *source_dropdown;
  GtkWidget *source2_label;
  GtkDropDown *source2_dropdown;
  GtkWidget *length_label;
  GtkSpinButton *length_spin;
  GtkWidget *sample_label;
  GtkSpinButton *sample_spin;
  GtkWidget *seed_label;
  GtkSpinButton *seed_spin;
  GtkToggleButton *draw_button;
  GtkCheckButton *two_channels_check;
  GtkDropDown *preset_dropdown;
  GtkWidget *taps_label;
  GtkSpinButton *taps_spin;
  GtkWidget *sigma_label;
  GtkSpinButton *sigma_spin;
  GtkWidget *poly_label;
  GtkSpinButton *poly_spin;
  GtkWidget *deriv_label;
  GtkSpinButton *deriv_spin;
  GtkLabel *kernel_error_label;
  GtkSpinButton *stride_spin;
  GtkSpinButton *dilation_spin;
  GtkDropDown *padding_dropdown;
  GtkWidget *pad_left_label;
  GtkSpinButton *pad_left_spin;
  GtkWidget *pad_right_label;
  GtkSpinButton *pad_right_spin;
  GtkLabel *formula_label;
  GtkLabel *padding_label;
  GtkToggleButton *correlation_button;
  GtkToggleButton *convolution_button;
  GtkLabel *mode_label;
  GtkButton *play_button;
  GtkImage *play_icon;
  GtkLabel *play_label;
  GtkButton *back_button;
  GtkButton *step_button;
  GtkRange *scrub_scale;
  GtkLabel *position_label;
  GtkRange *speed_scale;
  GtkLabel *speed_label;
  GtkLabel *error_label;
  GtkWidget *draw_hint_label;
  GtkPaned *paned;
  CwSignalPlot *input_plot;
  CwSignalPlot *input2_plot;
  CwSignalPlot *output_plot;
  CwKernelEditor *kernel_editor;
  GtkLabel *step_title;
  GtkGrid *products_grid;
  GtkLabel *step_label;

  /* owned */
  CwProject *project;
  float *signal;            /* channels x length */
  int channels, length;
  LabSource sources[LAB_MAX_CHANNELS];
  float *kernel;            /* channels x k, as edited (before any flip) */
  int k;
  cw_lab_trace *trace;      /* NULL when the geometry is impossible */
  char *error_text;         /* why there is no trace ("" when there is one) */
  char *step_text;          /* the arithmetic line of the current position */
  int position;             /* output position shown: y[0..position] are drawn */
  guint play_id;            /* the playback timeout */
  int table_channels, table_k; /* shape the products grid was built for */

  /* state */
  gboolean syncing;         /* writing into controls: their signals are not edits */
  gboolean paned_placed;    /* the divider has been put at its first position */
  int drawing_channel;      /* channel being drawn with the mouse, -1 = none */
  double draw_last_x, draw_last_y;
};

/* cw-lab-step-input.c */
/* Spin ranges and the input controls' signals (called once from init). */
void cw_lab_step_init_inputs (CwLabStep *self);
/* TRUE when a channel shows a sample of the project's data. */
gboolean cw_lab_step_uses_data (CwLabStep *self);
/* Which source controls show (seed, sample, second channel) and which are sensitive. */
void cw_lab_step_sync_source_controls (CwLabStep *self);
/* Rebuilds the signal from the sources at the length the controls (or the data) say. */
void cw_lab_step_rebuild_signal (CwLabStep *self);
/* Refills the kernel from the preset the controls describe (every channel the same). */
void cw_lab_step_apply_preset (CwLabStep *self);
/* Shows the parameters the preset uses; reset_values puts its defaults in them. */
void cw_lab_step_sync_preset_controls (CwLabStep *self, gboolean reset_values);
void cw_lab_step_set_kernel_error (CwLabStep *self, const char *message);
void cw_lab_step_show_kernel_in_editor (CwLabStep *self);
/* One or two channels: the second starts as a copy of the first's weights. */
void cw_lab_step_set_channels (CwLabStep *self, int channels);
void cw_lab_step_sync_padding_controls (CwLabStep *self);

/* cw-lab-step-show.c */
/* Traces the current signal, kernel and settings, then shows the current position. */
void cw_lab_step_retrace (CwLabStep *self);
/* Shows self->position of the trace: plots, table, arithmetic line, playback controls. */
void cw_lab_step_show_position (CwLabStep *self);
/* The settings the geometry and mode controls describe. */
void cw_lab_step_read_settings (CwLabStep *self, cw_lab_settings *settings);
/* Adds the drawing gesture to an input plot. */
void cw_lab_step_attach_drawing (CwLabStep *self, CwSignalPlot *plot, int channel);
