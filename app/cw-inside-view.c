/* cw-inside-view.c — the Inside page: how one sample travels through the conv layers.
 * The maps come from the session's snapshots while training (only those captured for the sample shown)
 * and from a one-sample forward pass of the project's model when idle. Heatmap widgets are created once
 * per architecture (number of conv layers); every later update only hands them new values.
 *
 * The network reads the sample after preprocessing (the model's own pipeline when idle, the one the
 * running session fitted while training), and a range selection shortens it: the input plot therefore
 * draws the snapshot's input on that pipeline's output axis, the axis the heatmaps' columns span. Only
 * without any snapshot (no model yet) is the raw row drawn, on the data's axis. */
#include "cw-inside-view.h"
#include "cw-drawable.h"

#include <math.h>

#include "cw-filter-detail.h"
#include "cw-heatmap.h"
#include "cw-plot-style.h"
#include "cw-signal-plot.h"

struct _CwInsideView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkWidget *main_box;
  GtkSpinButton *sample_spin;
  GtkLabel *sample_label;
  GtkLabel *source_label;
  GtkScrolledWindow *maps_scroller;
  GtkBox *maps_box;
  CwSignalPlot *input_plot;
  GtkLabel *maps_placeholder;
  CwFilterDetail *filter_detail;

  /* owned */
  CwProject *project;
  CwTrainingSession *session;
  CwTrainingSnapshot *snapshot; /* whose input and maps are shown (live or captured); NULL when none */
  double *snapshot_axis;        /* the axis of snapshot->input (a pipeline's output), NULL = positions */
  char *snapshot_preprocessing; /* the pipeline text snapshot->input went through, "" = none */
  double *live_axis;            /* the running session's input axis and pipeline, taken when it started */
  int live_axis_length;
  char *live_preprocessing;     /* NULL while idle */
  GPtrArray *heatmaps;          /* CwHeatmap children of maps_box (borrowed widgets), one per conv layer */
  double *data_axis;            /* the data's axis, or NULL when its headers are not all numbers */
  double *plotted_axis;         /* what the input plot was last given, so its view is reset only when */
  int plotted_axis_length;      /* the axis changes (-1 = nothing yet) */
  float *plotted_input;         /* ... and the values it draws, so identical live updates cost nothing */
  gsize plotted_values;
  char *plotted_title;
  char *axis_label;
  char *axis_unit;              /* "nm" from "Wavelength (nm)", for the heatmaps' hover read-out */

  int row;                      /* dataset row shown */
  int selected_map;             /* heatmap whose row was clicked, -1 = none */
  int selected_filter;
  double left_margin, right_margin; /* imposed on the input plot and every heatmap */
  gboolean setting_spin;        /* the spin button is being set from code: not a user choice */
};

G_DEFINE_FINAL_TYPE (CwInsideView, cw_inside_view, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_SAMPLE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void select_row (CwInsideView *self, int row, gboolean by_user);

/* ---- the data's axis and the input plot ---- */

static int
n_samples (CwInsideView *self)
{
  const cw_dataset *ds = cw_project_get_dataset (self->project);
  return ds != NULL ? cw_dataset_n_samples (ds) : 0;
}

/* A copy of axis when it has length values and every one is a number; NULL otherwise: then columns are
 * plotted by position (and the snapshots' x0/x1 are positions too, since the same rule made them). */
static double *
dup_numeric_axis (const double *axis, int length)
{
  if (axis == NULL || length <= 0)
    return NULL;
  for (int i = 0; i < length; i++)
    if (!isfinite (axis[i]))
      return NULL;
  return g_memdup2 (axis, (gsize) length * sizeof (double));
}

/* The data's axis (for the raw row) and its label. A pipeline only cuts a window out of the axis, so the
 * label and unit hold for the preprocessed input too. */
static void
update_axis (CwInsideView *self)
{
  g_clear_pointer (&self->data_axis, g_free);
  g_clear_pointer (&self->axis_label, g_free);
  g_clear_pointer (&self->axis_unit, g_free);
  const cw_dataset *ds = cw_project_get_dataset (self->project);
  if (ds == NULL)
    return;
  int length = cw_dataset_length (ds);
  self->data_axis = dup_numeric_axis (cw_dataset_axis (ds), length);
  gboolean numeric = self->data_axis != NULL;
  self->axis_label = numeric ? cw_project_dup_axis_label (self->project) : g_strdup ("Position");
  const char *open = self->axis_label ? strrchr (self->axis_label, '(') : NULL;
  const char *close = open ? strchr (open, ')') : NULL;
  if (close != NULL && close > open + 1)
    self->axis_unit = g_strndup (open + 1, close - open - 1);
}

static void
update_sample_label (CwInsideView *self)
{
  const cw_dataset *ds = cw_project_get_dataset (self->project);
  if (ds == NULL || self->row < 0 || self->row >= cw_dataset_n_samples (ds))
    {
      gtk_label_set_text (self->sample_label, "No data loaded");
      return;
    }
  GString *text = g_string_new (NULL);
  int target = cw_project_get_target (self->project);
  if (target >= 0)
    {
      float value = cw_dataset_target_values (ds, target)[self->row];
      const char *name = cw_dataset_target_name (ds, target);
      if (!isfinite (value))
        g_string_append_printf (text, "%s: missing", name);
      else if (cw_dataset_target_is_categorical (ds, target))
        g_string_append_printf (text, "%s: %s", name, cw_dataset_class_name (ds, target, (int) value));
      else
        g_string_append_printf (text, "%s = %g", name, value);
    }
  /* A few meta values identify the sample (its name, its split) without crowding the bar. */
  for (int j = 0; j < cw_dataset_n_meta (ds) && j < 3; j++)
    g_string_append_printf (text, "%s%s: %s", text->len > 0 ? "  ·  " : "", cw_dataset_meta_name (ds, j),
                            cw_dataset_meta_value (ds, self->row, j));
  gtk_label_set_text (self->sample_label, text->str);
  g_string_free (text, TRUE);
}

static gboolean
same_axis (const double *a, int a_length, const double *b, int b_length)
{
  if (a_length != b_length || (a == NULL) != (b == NULL))
    return FALSE;
  return a == NULL || memcmp (a, b, (gsize) a_length * sizeof (double)) == 0;
}

/* Forgets what the input plot holds, so the next update redraws it and resets its view. */
static void
forget_plotted_input (CwInsideView *self)
{
  g_clear_pointer (&self->plotted_axis, g_free);
  self->plotted_axis_length = -1;
  g_clear_pointer (&self->plotted_input, g_free);
  self->plotted_values = 0;
  g_clear_pointer (&self->plotted_title, g_free);
}

/* The input the network reads for the shown snapshot, on its axis; the raw row when there is no snapshot
 * (nothing trained yet). While the session has not yet captured a newly chosen row, the snapshot shown
 * (and its title) is still the previous row's, matching the heatmaps under it. */
static void
update_input_plot (CwInsideView *self)
{
  const cw_dataset *ds = cw_project_get_dataset (self->project);
  if (ds == NULL || self->row < 0 || self->row >= cw_dataset_n_samples (ds))
    {
      cw_signal_plot_clear (self->input_plot);
      cw_signal_plot_set_title (self->input_plot, NULL);
      forget_plotted_input (self);
      cw_filter_detail_set_input (self->filter_detail, NULL, 0, 0, NULL, NULL);
      return;
    }

  const CwTrainingSnapshot *snap = self->snapshot != NULL && self->snapshot->input != NULL ? self->snapshot : NULL;
  int channels, length, row;
  const float *x;
  const double *axis;
  g_autofree char *title = NULL;
  if (snap != NULL)
    {
      channels = snap->in_channels;
      length = snap->in_length;
      x = snap->input;
      axis = self->snapshot_axis;
      row = snap->watched;
      title = self->snapshot_preprocessing != NULL && *self->snapshot_preprocessing != '\0'
        ? g_strdup_printf ("Input · sample %d · after %s", row + 1, self->snapshot_preprocessing)
        : g_strdup_printf ("Input · sample %d", row + 1);
    }
  else
    {
      channels = cw_dataset_n_channels (ds);
      length = cw_dataset_length (ds);
      row = self->row;
      x = cw_dataset_signals (ds) + (gsize) row * channels * length;
      axis = self->data_axis;
      /* Say so when the network would read something else. */
      title = *cw_project_get_preprocessing (self->project) != '\0'
        ? g_strdup_printf ("Input · sample %d · raw", row + 1)
        : g_strdup_printf ("Input · sample %d", row + 1);
    }

  gsize values = (gsize) channels * length;
  gboolean axis_changed = !same_axis (axis, length, self->plotted_axis, self->plotted_axis_length);
  if (!axis_changed && self->plotted_input != NULL && values == self->plotted_values
      && g_strcmp0 (title, self->plotted_title) == 0 && memcmp (x, self->plotted_input, values * sizeof (float)) == 0)
    return;

  if (axis_changed)
    {
      /* Another axis (raw -> preprocessed, another window): the old zoom means nothing on it. */
      cw_signal_plot_set_axis (self->input_plot, axis, length, self->axis_label);
      cw_signal_plot_reset_view (self->input_plot);
      g_free (self->plotted_axis);
      self->plotted_axis = axis != NULL ? g_memdup2 (axis, (gsize) length * sizeof (double)) : NULL;
      self->plotted_axis_length = length;
    }
  g_free (self->plotted_input);
  self->plotted_input = g_memdup2 (x, MAX (values, 1) * sizeof (float));
  self->plotted_values = values;
  g_free (self->plotted_title);
  self->plotted_title = g_strdup (title);

  cw_signal_plot_clear (self->input_plot);
  for (int c = 0; c < channels; c++)
    {
      GdkRGBA color;
      cw_palette_color (c, &color);
      g_autofree char *label = channels > 1 ? g_strdup_printf ("channel %d", c + 1) : NULL;
      cw_signal_plot_add_series (self->input_plot, x + (gsize) c * length, length, &color, 1.6,
                                 CW_SERIES_LINE, label);
    }
  cw_signal_plot_set_show_legend (self->input_plot, channels > 1);
  cw_signal_plot_set_title (self->input_plot, title);
  /* The filter detail draws the same input under an activation, and follows the input plot's zoom. */
  cw_filter_detail_set_input (self->filter_detail, x, channels, length, axis, self->axis_label);
  /* set_input keeps the series already drawn (the hint's input trace, or the filter over the old input)
   * while their axis changes under them: draw them again from the new input. */
  const CwActivationMap *map = snap != NULL && self->selected_map >= 0 && self->selected_map < snap->n_maps
                               ? &snap->maps[self->selected_map] : NULL;
  cw_filter_detail_show_filter (self->filter_detail, map, self->selected_map,
                                map != NULL ? self->selected_filter : -1);
  double lo, hi;
  cw_signal_plot_get_x_range (self->input_plot, &lo, &hi);
  cw_filter_detail_set_x_range (self->filter_detail, lo, hi);
}

/* Takes snap (transfer full, may be NULL) as the shown snapshot; its input lies on axis (axis_length
 * values, the pipeline's output) after the pipeline `preprocessing`. */
static void
set_snapshot (CwInsideView *self, CwTrainingSnapshot *snap, const double *axis, int axis_length,
              const char *preprocessing)
{
  g_clear_pointer (&self->snapshot, cw_training_snapshot_unref);
  g_clear_pointer (&self->snapshot_axis, g_free);
  g_clear_pointer (&self->snapshot_preprocessing, g_free);
  self->snapshot = snap;
  if (snap == NULL)
    return;
  /* An axis of another length belongs to another pipeline: positions are honest, a wrong axis is not. */
  if (axis_length == snap->in_length)
    self->snapshot_axis = dup_numeric_axis (axis, axis_length);
  self->snapshot_preprocessing = g_strdup (preprocessing ? preprocessing : "");
}

/* The heatmaps' columns must sit exactly under the input plot's data rectangle, so all of them get the
 * same imposed margins: on the left what the input plot's y tick labels need, on the right what the
 * widest colour scale beside a heatmap needs. Margins only grow (until the layers change), so live
 * updates never make the columns jitter sideways. */
#define MIN_LEFT_MARGIN 56.0
#define MIN_RIGHT_MARGIN 16.0
#define COLORBAR_WIDTH 10.0
#define COLORBAR_ROOM 14.0 /* gap before the bar and padding after its labels */

static void
sync_alignment (CwInsideView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->input_plot));
  int height = gtk_widget_get_height (GTK_WIDGET (self->input_plot));
  if (self->heatmaps->len == 0 || width <= 0 || height <= 0)
    return;

  double lo, hi, y0, y1;
  cw_signal_plot_get_x_range (self->input_plot, &lo, &hi);
  cw_signal_plot_get_y_range (self->input_plot, &y0, &y1);
  cairo_surface_t *scratch = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (scratch);
  CwPlotAxes axes = { .x0 = lo, .x1 = hi, .y0 = y0, .y1 = y1, .x_label = self->axis_label };
  CwPlotRect fitted = cw_plot_layout_frame (cr, width, height, &axes);
  double left = MAX (MIN_LEFT_MARGIN, ceil (fitted.x));
  double right = MIN_RIGHT_MARGIN;
  for (guint i = 0; i < self->heatmaps->len; i++)
    {
      CwHeatmap *heatmap = g_ptr_array_index (self->heatmaps, i);
      double vmin, vmax;
      int h = gtk_widget_get_height (GTK_WIDGET (heatmap));
      if (cw_heatmap_get_value_range (heatmap, &vmin, &vmax))
        right = MAX (right, COLORBAR_ROOM + cw_plot_colorbar_width (cr, COLORBAR_WIDTH, vmin, vmax, NULL,
                                                                    MAX (h - 26, 40)));
    }
  cairo_destroy (cr);
  cairo_surface_destroy (scratch);

  self->left_margin = MAX (self->left_margin, left);
  self->right_margin = MAX (self->right_margin, ceil (right));
  cw_signal_plot_set_margins (self->input_plot, self->left_margin, self->right_margin);
  for (guint i = 0; i < self->heatmaps->len; i++)
    {
      CwHeatmap *heatmap = g_ptr_array_index (self->heatmaps, i);
      cw_heatmap_set_x_range (heatmap, lo, hi);
      cw_heatmap_set_left_margin (heatmap, self->left_margin);
      cw_heatmap_set_right_margin (heatmap, self->right_margin);
    }
}

/* ---- heatmaps ---- */

static void
on_heatmap_row_activated (CwHeatmap *heatmap, int row, CwInsideView *self)
{
  guint index;
  if (!g_ptr_array_find (self->heatmaps, heatmap, &index))
    return;
  self->selected_map = (int) index;
  self->selected_filter = row;
  for (guint i = 0; i < self->heatmaps->len; i++)
    cw_heatmap_set_selected_row (g_ptr_array_index (self->heatmaps, i), i == index ? row : -1);
  const CwActivationMap *map = self->snapshot != NULL && (int) index < self->snapshot->n_maps
                               ? &self->snapshot->maps[index] : NULL;
  cw_filter_detail_show_filter (self->filter_detail, map, (int) index, row);
}

static void
remove_heatmaps (CwInsideView *self)
{
  for (guint i = 0; i < self->heatmaps->len; i++)
    gtk_box_remove (self->maps_box, g_ptr_array_index (self->heatmaps, i));
  g_ptr_array_set_size (self->heatmaps, 0);
  /* Nothing to line up with any more: the input plot fits its own labels again. */
  self->left_margin = 0;
  self->right_margin = 0;
  cw_signal_plot_set_margins (self->input_plot, -1, -1);
}

/* One heatmap per conv layer; rebuilt only when the number of conv layers changes. */
static void
ensure_heatmaps (CwInsideView *self, int n_maps)
{
  if ((int) self->heatmaps->len == n_maps)
    return;
  remove_heatmaps (self);
  self->selected_map = -1;
  self->selected_filter = -1;
  for (int i = 0; i < n_maps; i++)
    {
      GtkWidget *heatmap = cw_heatmap_new ();
      gtk_widget_set_vexpand (heatmap, TRUE);
      cw_heatmap_set_row_name (CW_HEATMAP (heatmap), "filter");
      cw_heatmap_set_diverging (CW_HEATMAP (heatmap), TRUE);
      cw_heatmap_set_x_unit (CW_HEATMAP (heatmap), self->axis_unit);
      /* The last map carries the x tick labels, so the axis reads at the bottom of the column too. */
      cw_heatmap_set_show_x_axis (CW_HEATMAP (heatmap), i == n_maps - 1);
      g_signal_connect (heatmap, "row-activated", G_CALLBACK (on_heatmap_row_activated), self);
      gtk_box_append (self->maps_box, heatmap);
      g_ptr_array_add (self->heatmaps, heatmap);
    }
}

static void
clear_maps (CwInsideView *self, const char *why)
{
  set_snapshot (self, NULL, NULL, 0, NULL);
  remove_heatmaps (self);
  self->selected_map = -1;
  self->selected_filter = -1;
  gtk_label_set_text (self->maps_placeholder, why);
  gtk_widget_set_visible (GTK_WIDGET (self->maps_placeholder), TRUE);
  cw_filter_detail_show_filter (self->filter_detail, NULL, -1, -1);
  cw_filter_detail_set_first_layer (self->filter_detail, NULL);
  update_input_plot (self);
}

/* Hands the current snapshot's maps to the heatmaps and the filter detail. */
static void
show_maps (CwInsideView *self)
{
  const CwTrainingSnapshot *snap = self->snapshot;
  /* The input first: the heatmaps take their x range from the input plot. */
  update_input_plot (self);
  ensure_heatmaps (self, snap->n_maps);
  gtk_widget_set_visible (GTK_WIDGET (self->maps_placeholder), snap->n_maps == 0);
  if (snap->n_maps == 0)
    gtk_label_set_text (self->maps_placeholder, "This architecture has no convolution layer to look inside.");

  for (int i = 0; i < snap->n_maps; i++)
    {
      const CwActivationMap *map = &snap->maps[i];
      CwHeatmap *heatmap = g_ptr_array_index (self->heatmaps, i);
      cw_heatmap_set_title (heatmap, map->title);
      cw_heatmap_set_data (heatmap, map->values, map->channels, map->length, map->x0, map->x1);
    }
  sync_alignment (self);

  cw_filter_detail_set_first_layer (self->filter_detail, snap->n_maps > 0 ? &snap->maps[0] : NULL);
  if (self->selected_map >= 0 && self->selected_map < snap->n_maps
      && self->selected_filter < snap->maps[self->selected_map].channels)
    cw_filter_detail_show_filter (self->filter_detail, &snap->maps[self->selected_map], self->selected_map,
                                  self->selected_filter);
  else if (self->selected_map >= 0)
    {
      self->selected_map = -1;
      cw_filter_detail_show_filter (self->filter_detail, NULL, -1, -1);
    }
}

/* Idle: the maps of the project's trained model for the chosen row (one 1-sample forward pass). */
static void
capture_from_model (CwInsideView *self)
{
  cw_model *model = cw_project_get_model (self->project);
  const cw_dataset *ds = cw_project_get_dataset (self->project);
  if (ds == NULL)
    {
      clear_maps (self, "Open a data file to look inside the network.");
      gtk_label_set_text (self->source_label, "");
      return;
    }
  if (model == NULL)
    {
      clear_maps (self, "Train a model to see what each convolution filter responds to in this signal.");
      gtk_label_set_text (self->source_label, "No trained model yet");
      return;
    }
  /* The network reads the sample through the pipeline it was trained with (range selection shortens it). */
  const cw_pipeline *pipeline = cw_project_get_model_pipeline (self->project);
  g_autofree float *input = g_new (float, (gsize) cw_model_in_channels (model) * cw_model_in_length (model));
  if (pipeline == NULL || cw_model_in_channels (model) != cw_dataset_n_channels (ds)
      || cw_model_in_length (model) != cw_pipeline_out_length (pipeline) || self->row < 0
      || self->row >= cw_dataset_n_samples (ds) || !cw_project_preprocess_row (self->project, self->row, input))
    {
      clear_maps (self, "The trained model does not fit these data: train it again.");
      gtk_label_set_text (self->source_label, "Model out of date");
      return;
    }

  CwTrainingSnapshot *snap = cw_training_snapshot_new ();
  cw_training_snapshot_capture_activations (snap, model, input, self->row, cw_pipeline_out_axis (pipeline));
  set_snapshot (self, snap, cw_pipeline_out_axis (pipeline), cw_pipeline_out_length (pipeline),
                cw_project_get_model_preprocessing (self->project));
  show_maps (self);
  gtk_label_set_text (self->source_label, "Trained model");
}

static gboolean
session_is_idle (CwInsideView *self)
{
  return cw_training_session_get_state (self->session) == CW_SESSION_IDLE;
}

/* ---- session, project and widget signals ---- */

static void
on_session_snapshot (CwTrainingSession *session, CwTrainingSnapshot *snapshot, CwInsideView *self)
{
  if (snapshot == NULL)
    return;
  g_autofree char *source = g_strdup_printf ("Live · epoch %d / %d", snapshot->epoch, snapshot->epochs);
  /* Snapshots taken before the worker saw the new choice still hold the previous sample; one of a run
   * that never trained captured nothing. */
  if (snapshot->watched != self->row || snapshot->input == NULL)
    {
      gtk_label_set_text (self->source_label, snapshot->watched != self->row ? "Waiting for this sample…" : source);
      return;
    }
  /* The axis the running session's network reads; a snapshot emitted without a run (tests) is taken to
   * be on the project's current input axis. */
  if (self->live_preprocessing != NULL)
    set_snapshot (self, cw_training_snapshot_ref (snapshot), self->live_axis, self->live_axis_length,
                  self->live_preprocessing);
  else
    set_snapshot (self, cw_training_snapshot_ref (snapshot), cw_project_get_input_axis (self->project),
                  cw_project_get_input_length (self->project), cw_project_get_preprocessing (self->project));
  show_maps (self);
  gtk_label_set_text (self->source_label, source);
}

/* A run starting: the session fitted the project's pipeline just now, so the project's input axis is the
 * one its snapshots are on, whatever the user does to the preprocessing during the run. */
static void
remember_live_axis (CwInsideView *self)
{
  if (self->live_preprocessing != NULL)
    return;
  self->live_axis_length = cw_project_get_input_length (self->project);
  self->live_axis = dup_numeric_axis (cw_project_get_input_axis (self->project), self->live_axis_length);
  self->live_preprocessing = g_strdup (cw_project_get_preprocessing (self->project));
}

static void
forget_live_axis (CwInsideView *self)
{
  g_clear_pointer (&self->live_axis, g_free);
  g_clear_pointer (&self->live_preprocessing, g_free);
  self->live_axis_length = 0;
}

static void
on_session_state (CwTrainingSession *session, GParamSpec *pspec, CwInsideView *self)
{
  if (session_is_idle (self))
    {
      forget_live_axis (self);
      capture_from_model (self);
    }
  else
    remember_live_axis (self);
}

static void
on_project_model_changed (CwProject *project, CwInsideView *self)
{
  if (session_is_idle (self))
    capture_from_model (self);
}

static void
on_project_data_changed (CwProject *project, CwInsideView *self)
{
  update_axis (self);
  int n = n_samples (self);
  self->setting_spin = TRUE;
  gtk_spin_button_set_range (self->sample_spin, 1, MAX (n, 1));
  gtk_widget_set_sensitive (GTK_WIDGET (self->sample_spin), n > 0);
  self->setting_spin = FALSE;
  for (guint i = 0; i < self->heatmaps->len; i++)
    cw_heatmap_set_x_unit (g_ptr_array_index (self->heatmaps, i), self->axis_unit);
  /* Different data: the maps of the old sample mean nothing any more, whatever the row number, and the
   * input plot starts over on whatever axis comes next (even an equal one: the label may differ). */
  set_snapshot (self, NULL, NULL, 0, NULL);
  forget_plotted_input (self);
  select_row (self, self->row >= 0 && self->row < n ? self->row : 0, FALSE);
}

static void
on_input_view_changed (CwSignalPlot *plot, CwInsideView *self)
{
  double lo, hi;
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  cw_filter_detail_set_x_range (self->filter_detail, lo, hi);
  sync_alignment (self);
}

static void
on_spin_value_changed (GtkSpinButton *spin, CwInsideView *self)
{
  if (self->setting_spin)
    return;
  select_row (self, gtk_spin_button_get_value_as_int (spin) - 1, TRUE);
}

/* Shows row: input, label, maps (captured now when idle; the next live snapshot otherwise). */
static void
select_row (CwInsideView *self, int row, gboolean by_user)
{
  int n = n_samples (self);
  if (n > 0)
    row = CLAMP (row, 0, n - 1);
  gboolean changed = row != self->row;
  self->row = row;

  self->setting_spin = TRUE;
  gtk_spin_button_set_value (self->sample_spin, row + 1);
  self->setting_spin = FALSE;

  update_sample_label (self);
  cw_training_session_set_watched (self->session, row);
  if (session_is_idle (self))
    capture_from_model (self);
  else
    {
      /* Until the session captures this row the previous snapshot stays (input and maps together). */
      update_input_plot (self);
      if (self->snapshot == NULL || self->snapshot->watched != row)
        gtk_label_set_text (self->source_label, "Waiting for this sample…");
    }
  sync_alignment (self);

  if (by_user && changed)
    g_signal_emit (self, signals[SIGNAL_SAMPLE_ACTIVATED], 0, row);
}

/* A single child, laid out by hand rather than by a GtkBinLayout so that every resize can re-align the
 * heatmaps: the input plot's size decides its margins. */
static void
cw_inside_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                        int *natural, int *minimum_baseline, int *natural_baseline)
{
  CwInsideView *self = CW_INSIDE_VIEW (widget);
  gtk_widget_measure (self->main_box, orientation, for_size, minimum, natural, minimum_baseline,
                      natural_baseline);
}

static void
cw_inside_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  CwInsideView *self = CW_INSIDE_VIEW (widget);
  gtk_widget_allocate (self->main_box, width, height, baseline, NULL);
  sync_alignment (self);
}

/* ---- GObject ---- */

static void
cw_inside_view_dispose (GObject *object)
{
  CwInsideView *self = CW_INSIDE_VIEW (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->session);
  g_clear_object (&self->project);
  set_snapshot (self, NULL, NULL, 0, NULL);
  forget_live_axis (self);
  forget_plotted_input (self);
  g_clear_pointer (&self->heatmaps, g_ptr_array_unref);
  g_clear_pointer (&self->data_axis, g_free);
  g_clear_pointer (&self->axis_label, g_free);
  g_clear_pointer (&self->axis_unit, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_INSIDE_VIEW);

  G_OBJECT_CLASS (cw_inside_view_parent_class)->dispose (object);
}

static void
cw_inside_view_class_init (CwInsideViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_inside_view_dispose;
  widget_class->measure = cw_inside_view_measure;
  widget_class->size_allocate = cw_inside_view_size_allocate;

  signals[SIGNAL_SAMPLE_ACTIVATED] =
    g_signal_new ("sample-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  /* The template names these types; the builder cannot look symbols up in a static binary. */
  g_type_ensure (CW_TYPE_SIGNAL_PLOT);
  g_type_ensure (CW_TYPE_FILTER_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cw-inside-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CwInsideView, main_box);
  gtk_widget_class_bind_template_child (widget_class, CwInsideView, sample_spin);
  gtk_widget_class_bind_template_child (widget_class, CwInsideView, sample_label);
  gtk_widget_class_bind_template_child (widget_class, CwInsideView, source_label);
  gtk_widget_class_bind_template_child (widget_class, CwInsideView, maps_scroller);
  gtk_widget_class_bind_template_child (widget_class, CwInsideView, maps_box);
  gtk_widget_class_bind_template_child (widget_class, CwInsideView, input_plot);
  gtk_widget_class_bind_template_child (widget_class, CwInsideView, maps_placeholder);
  gtk_widget_class_bind_template_child (widget_class, CwInsideView, filter_detail);

  gtk_widget_class_set_css_name (widget_class, "insideview");
}

static void
cw_inside_view_init (CwInsideView *self)
{
  self->heatmaps = g_ptr_array_new ();
  self->plotted_axis_length = -1;
  self->row = -1;
  self->selected_map = -1;
  self->selected_filter = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->input_plot), "Input signal");
  g_signal_connect (self->sample_spin, "value-changed", G_CALLBACK (on_spin_value_changed), self);
  g_signal_connect (self->input_plot, "view-changed", G_CALLBACK (on_input_view_changed), self);
}

GtkWidget *
cw_inside_view_new (CwProject *project, CwTrainingSession *session)
{
  g_return_val_if_fail (CW_IS_PROJECT (project), NULL);
  g_return_val_if_fail (CW_IS_TRAINING_SESSION (session), NULL);

  CwInsideView *self = g_object_new (CW_TYPE_INSIDE_VIEW, NULL);
  self->project = g_object_ref (project);
  self->session = g_object_ref (session);

  g_signal_connect (session, "snapshot", G_CALLBACK (on_session_snapshot), self);
  g_signal_connect (session, "notify::state", G_CALLBACK (on_session_state), self);
  g_signal_connect (project, "model-changed", G_CALLBACK (on_project_model_changed), self);
  g_signal_connect (project, "data-changed", G_CALLBACK (on_project_data_changed), self);

  if (!session_is_idle (self))
    remember_live_axis (self);
  on_project_data_changed (project, self);
  CwTrainingSnapshot *current = cw_training_session_get_snapshot (session);
  if (current != NULL && !session_is_idle (self))
    on_session_snapshot (session, current, self);
  return GTK_WIDGET (self);
}

void
cw_inside_view_select_sample (CwInsideView *self, int row)
{
  g_return_if_fail (CW_IS_INSIDE_VIEW (self));
  if (row == self->row)
    return;
  select_row (self, row, FALSE);
}

int
cw_inside_view_get_n_maps_with_data (CwInsideView *self)
{
  g_return_val_if_fail (CW_IS_INSIDE_VIEW (self), 0);
  int n = 0;
  for (guint i = 0; i < self->heatmaps->len; i++)
    {
      CwHeatmap *heatmap = g_ptr_array_index (self->heatmaps, i);
      n += cw_heatmap_get_rows (heatmap) > 0 && cw_heatmap_get_cols (heatmap) > 0;
    }
  return n;
}

GtkWidget *
cw_inside_view_get_input_plot (CwInsideView *self)
{
  g_return_val_if_fail (CW_IS_INSIDE_VIEW (self), NULL);
  return GTK_WIDGET (self->input_plot);
}
