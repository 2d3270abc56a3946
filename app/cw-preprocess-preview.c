/* cw-preprocess-preview.c — the Preprocess page's live preview: the raw signals of the shown samples
 * above, the same samples after the pipeline below. The pipeline is fitted on the training rows (as
 * training fits it) and applied on a worker thread, from copies taken on the main thread; a newer
 * request cancels the one in flight, and bursts of changes (new data emits several signals) start a
 * single job. Both plots share the x range, so zooming one zooms the other and a range selection shows
 * as the part of the axis that stays. */
#include "cw-background.h"
#include "cw-preprocess-view-private.h"

#include <math.h>
#include <string.h>

#include "cw-plot-style.h"

/* GLib's thread pool is not instrumented: tell ThreadSanitizer where the job changes hands. */
#include "cw-tsan-private.h"

/* Wide enough for the y tick labels of raw and processed values alike ("-0.0015", "1.25e-05"), and the
 * same for both plots, so their data rectangles line up. */
#define PLOT_LEFT_MARGIN 76.0

void
cw_preview_result_free (CwPreviewResult *result)
{
  if (!result)
    return;
  HANDOFF_ACQUIRE (result);
  g_free (result->rows);
  g_free (result->raw);
  g_clear_pointer (&result->fit, cw_preprocessing_fit_free);
  g_free (result->error);
  g_free (result->out_axis);
  g_free (result->processed);
  g_free (result);
}

/* ---- which samples, in which colours ---- */

/* The rows asked for (all when none), capped, with the selected sample added when missing. */
static GArray *
rows_to_show (CwPreprocessView *self)
{
  int n = cw_dataset_n_samples (self->dataset);
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (int));
  gboolean has_selected = FALSE;
  if (self->sample_rows->len == 0)
    for (int i = 0; i < n && (int) rows->len < CW_PREPROCESS_VIEW_MAX_SHOWN; i++)
      g_array_append_val (rows, i);
  else
    for (guint j = 0; j < self->sample_rows->len && (int) rows->len < CW_PREPROCESS_VIEW_MAX_SHOWN; j++)
      {
        int row = g_array_index (self->sample_rows, int, j);
        if (row >= 0 && row < n)
          g_array_append_val (rows, row);
      }
  for (guint j = 0; j < rows->len; j++)
    has_selected |= g_array_index (rows, int, j) == self->selected_row;
  if (!has_selected && self->selected_row >= 0 && self->selected_row < n)
    g_array_append_val (rows, self->selected_row);
  return rows;
}

/* Colours like the Data page's "colour by target": classes from the palette, numbers on viridis over
 * the whole column (so a colour means the same value whatever is shown). */
typedef struct
{
  int target;
  gboolean categorical;
  const float *values;
  double vmin, vmax;
} Colouring;

static void
colouring_init (CwPreprocessView *self, Colouring *c)
{
  memset (c, 0, sizeof *c);
  c->target = cw_project_get_target (self->project);
  if (c->target < 0)
    return;
  c->values = cw_dataset_target_values (self->dataset, c->target);
  c->categorical = cw_dataset_target_is_categorical (self->dataset, c->target);
  c->vmin = INFINITY;
  c->vmax = -INFINITY;
  for (int i = 0; !c->categorical && i < cw_dataset_n_samples (self->dataset); i++)
    if (isfinite (c->values[i]))
      {
        c->vmin = MIN (c->vmin, c->values[i]);
        c->vmax = MAX (c->vmax, c->values[i]);
      }
  if (!c->categorical && !(c->vmin <= c->vmax))
    c->target = -1;
}

static void
colour_of (const Colouring *c, int row, GdkRGBA *colour)
{
  if (c->target < 0)
    cw_palette_color (0, colour);
  else if (!isfinite (c->values[row]))
    *colour = (GdkRGBA){ 0.5f, 0.5f, 0.5f, 1.0f };
  else if (c->categorical)
    cw_palette_color ((int) c->values[row], colour);
  else
    cw_colormap_viridis (c->vmax > c->vmin ? (c->values[row] - c->vmin) / (c->vmax - c->vmin) : 0.5, colour);
}

/* Draws series r (channel 0 of row rows[r], `length` values) against the plot's axis: the selected sample last,
 * thicker, in the text colour so it stands out of any palette; classes named once for the legend. */
static void
add_series (CwPreprocessView *self, CwSignalPlot *plot, const int *rows, int n_rows, const float *values,
            int channels, int length, gboolean name_classes)
{
  Colouring c;
  colouring_init (self, &c);
  double width = n_rows > 20 ? 1.0 : 1.5;
  g_autoptr(GHashTable) named = g_hash_table_new (NULL, NULL);
  int selected_index = -1;
  for (int r = 0; r < n_rows; r++)
    {
      if (rows[r] == self->selected_row)
        {
          selected_index = r;
          continue;
        }
      GdkRGBA colour;
      colour_of (&c, rows[r], &colour);
      g_autofree char *label = NULL;
      if (name_classes && c.target >= 0 && c.categorical && isfinite (c.values[rows[r]])
          && g_hash_table_add (named, GINT_TO_POINTER ((int) c.values[rows[r]] + 1)))
        label = g_strdup (cw_dataset_class_name (self->dataset, c.target, (int) c.values[rows[r]]));
      cw_signal_plot_add_series (plot, values + (size_t) r * channels * length, length, &colour, width,
                                 CW_SERIES_LINE, label);
    }
  if (selected_index >= 0)
    {
      CwPlotColors colours;
      cw_plot_colors_for_widget (GTK_WIDGET (plot), &colours);
      /* Named in the legend only beside classes; otherwise the title says it. */
      g_autofree char *label = name_classes && c.categorical ? g_strdup_printf ("Sample %d", self->selected_row + 1)
                                                             : NULL;
      cw_signal_plot_add_series (plot, values + (size_t) selected_index * channels * length, length,
                                 &colours.foreground, 2.4, CW_SERIES_LINE, label);
    }
  if (c.target >= 0 && !c.categorical)
    cw_signal_plot_set_colorbar (plot, c.vmin, c.vmax, cw_dataset_target_name (self->dataset, c.target));
  cw_signal_plot_set_show_legend (plot, name_classes && g_hash_table_size (named) > 0);
}

/* The axis to draw against: the data's values when they are all numbers, else positions. */
static const double *
numeric_axis (const double *axis, int length)
{
  for (int t = 0; axis && t < length; t++)
    if (!isfinite (axis[t]))
      return NULL;
  return axis;
}

/* ---- the worker ---- */

static void
preview_thread (GTask *task, gpointer no_source, gpointer task_data, GCancellable *cancellable)
{
  CwPreviewResult *job = task_data;
  HANDOFF_ACQUIRE (job);
  g_autoptr(GError) error = NULL;
  cw_pipeline *pipe = cw_preprocessing_fit_run (job->fit, &error);
  job->n_fit_rows = cw_preprocessing_fit_n_rows (job->fit);
  if (!pipe)
    job->error = g_strdup (error->message);
  else
    {
      job->out_length = cw_pipeline_out_length (pipe);
      job->out_axis = g_memdup2 (cw_pipeline_out_axis (pipe), (gsize) job->out_length * sizeof (double));
      job->processed = g_new (float, MAX ((gsize) job->n_rows * job->channels * job->out_length, 1));
      cw_pipeline_apply_f (pipe, job->raw, job->n_rows, job->processed);
      job->needs_fit = cw_pipeline_needs_fit (pipe);
      for (int i = 0; i < cw_pipeline_count (pipe); i++)
        {
          job->has_range |= cw_pipeline_get (pipe, i)->kind == CW_PRE_RANGE;
          job->has_pca |= cw_pipeline_get (pipe, i)->kind == CW_PRE_PCA;
        }
      cw_pipeline_free (pipe);
    }
  HANDOFF_RELEASE (job);
  g_task_return_boolean (task, TRUE);
}

/* ---- the main thread ---- */

static void
set_status (CwPreprocessView *self, const char *text, gboolean error)
{
  g_free (self->status);
  self->status = g_strdup (text);
  gtk_label_set_text (self->status_label, text);
  if (error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
}

static void
show_processed (CwPreprocessView *self)
{
  CwPreviewResult *p = self->preview;
  cw_signal_plot_clear (self->processed_plot);
  const char *text = cw_project_get_preprocessing (self->project);
  g_autofree char *title = g_strdup_printf ("Preprocessed · %s", text[0] ? text : "none (the raw signals)");
  cw_signal_plot_set_title (self->processed_plot, title);
  cw_signal_plot_set_highlight (self->raw_plot, 1, 0);
  if (p->error)
    {
      cw_signal_plot_set_title (self->processed_plot, "Preprocessed");
      set_status (self, p->error, TRUE);
      return;
    }
  const double *axis = numeric_axis (p->out_axis, p->out_length);
  cw_signal_plot_set_axis (self->processed_plot, axis, p->out_length,
                           p->has_pca ? "Principal component" : self->axis_label);
  add_series (self, self->processed_plot, p->rows, p->n_rows, p->processed, p->channels, p->out_length, FALSE);
  /* The same x range as the raw plot: what a range selection dropped shows as empty axis, and the part
   * kept is highlighted above. PCA scores have an axis of their own. */
  double lo, hi;
  cw_signal_plot_get_x_range (self->raw_plot, &lo, &hi);
  if (p->has_pca)
    cw_signal_plot_reset_view (self->processed_plot);
  else
    cw_signal_plot_set_x_range (self->processed_plot, lo, hi);
  if (p->has_range && !p->has_pca && axis)
    cw_signal_plot_set_highlight (self->raw_plot, axis[0], axis[p->out_length - 1]);

  int n_samples = cw_dataset_n_samples (self->dataset);
  g_autoptr(GString) status = g_string_new (NULL);
  g_string_append_printf (status, "%d of %d samples shown", p->n_rows, n_samples);
  if (p->channels > 1)
    g_string_append_printf (status, " (channel 1 of %d)", p->channels);
  if (p->needs_fit)
    g_string_append_printf (status, " · fitted on %d training row%s%s", p->n_fit_rows, p->n_fit_rows == 1 ? "" : "s",
                            p->n_fit_rows < n_samples ? " (validation and test rows left out)" : "");
  g_string_append_printf (status, " · %d → %d points", p->length, p->out_length);
  set_status (self, status->str, FALSE);
}

static void
on_preview_done (GObject *no_source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(CwPreprocessView) self = user_data; /* the reference the request took */
  CwPreviewResult *job = g_task_get_task_data (G_TASK (result));
  HANDOFF_ACQUIRE (job);
  gboolean done = g_task_propagate_boolean (G_TASK (result), NULL);
  /* A cancelled or superseded request, or a page already torn down: nothing to show. */
  if (!done || !self->project || job->generation != self->preview_generation)
    {
      HANDOFF_RELEASE (job);
      return;
    }
  g_clear_pointer (&self->preview, cw_preview_result_free);
  /* Take the results; the task frees the empty shell (perhaps on the worker). */
  self->preview = g_memdup2 (job, sizeof *job);
  memset (job, 0, sizeof *job);
  HANDOFF_RELEASE (job);
  self->preview_running = FALSE;
  g_clear_object (&self->preview_cancellable);
  show_processed (self);
}

static void
show_raw (CwPreprocessView *self, const int *rows, int n_rows)
{
  cw_signal_plot_clear (self->raw_plot);
  int channels = cw_dataset_n_channels (self->dataset), length = cw_dataset_length (self->dataset);
  size_t sample = (size_t) channels * (size_t) length;
  const double *axis = numeric_axis (cw_dataset_axis (self->dataset), length);
  cw_signal_plot_set_axis (self->raw_plot, axis, length, self->axis_label);
  g_autofree float *values = g_new (float, MAX ((size_t) n_rows * sample, 1));
  for (int r = 0; r < n_rows; r++)
    memcpy (values + (size_t) r * sample, cw_dataset_signals (self->dataset) + (size_t) rows[r] * sample,
            sample * sizeof (float));
  add_series (self, self->raw_plot, rows, n_rows, values, channels, length, TRUE);
  g_autoptr(GString) title = g_string_new (NULL);
  g_string_append_printf (title, "Raw · %d sample%s", n_rows, n_rows == 1 ? "" : "s");
  if (self->selected_row >= 0)
    g_string_append_printf (title, " · sample %d drawn bold", self->selected_row + 1);
  cw_signal_plot_set_title (self->raw_plot, title->str);
}

static void
start_preview (CwPreprocessView *self)
{
  cw_preprocess_view_cancel_preview (self);
  if (!self->dataset || cw_dataset_n_samples (self->dataset) == 0)
    {
      cw_signal_plot_clear (self->raw_plot);
      cw_signal_plot_clear (self->processed_plot);
      cw_signal_plot_set_title (self->raw_plot, "Raw");
      cw_signal_plot_set_title (self->processed_plot, "Preprocessed");
      g_clear_pointer (&self->preview, cw_preview_result_free);
      set_status (self, "Open a data file to preview the preprocessing.", FALSE);
      return;
    }
  g_autoptr(GArray) rows = rows_to_show (self);
  show_raw (self, (const int *) rows->data, (int) rows->len);

  /* Fitted as training fits it: on the training rows (validation and test rows left out). Rows that
   * cannot be made (the Data page reports it) still get a preview, fitted on every row. */
  g_autofree unsigned char *is_val = cw_project_dup_left_out_rows (self->project, NULL);
  CwPreviewResult *job = g_new0 (CwPreviewResult, 1);
  job->generation = ++self->preview_generation;
  job->n_rows = (int) rows->len;
  job->rows = g_memdup2 (rows->data, MAX (rows->len, 1) * sizeof (int));
  job->channels = cw_dataset_n_channels (self->dataset);
  job->length = cw_dataset_length (self->dataset);
  size_t sample = (size_t) job->channels * (size_t) job->length;
  job->raw = g_new (float, MAX ((size_t) job->n_rows * sample, 1));
  for (int r = 0; r < job->n_rows; r++)
    memcpy (job->raw + (size_t) r * sample, cw_dataset_signals (self->dataset) + (size_t) job->rows[r] * sample,
            sample * sizeof (float));
  job->fit = cw_project_prepare_preprocessing_fit (self->project, is_val);

  self->preview_cancellable = g_cancellable_new ();
  self->preview_running = TRUE;
  /* No source object: the task's last reference may go on the worker, and no widget may be finalized
   * there. The view's reference is the callback's user data, released on the main thread. */
  g_autoptr(GTask) task = g_task_new (NULL, self->preview_cancellable, on_preview_done, g_object_ref (self));
  g_task_set_source_tag (task, start_preview);
  g_task_set_task_data (task, job, (GDestroyNotify) cw_preview_result_free);
  HANDOFF_RELEASE (job);
  cw_task_run_in_background (task, preview_thread);
}

static gboolean
start_preview_cb (gpointer user_data)
{
  CwPreprocessView *self = user_data;
  self->preview_idle = 0;
  start_preview (self);
  return G_SOURCE_REMOVE;
}

void
cw_preprocess_view_queue_preview (CwPreprocessView *self)
{
  if (self->preview_idle)
    return;
  GSource *source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, start_preview_cb, self, NULL);
  g_source_set_static_name (source, "[conv1d] preprocessing preview");
  self->preview_idle = g_source_attach (source, NULL);
  g_source_unref (source);
}

void
cw_preprocess_view_cancel_preview (CwPreprocessView *self)
{
  g_clear_handle_id (&self->preview_idle, g_source_remove);
  if (self->preview_cancellable)
    g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  self->preview_running = FALSE;
}

void
cw_preprocess_view_reset_plots (CwPreprocessView *self)
{
  g_free (self->axis_label);
  self->axis_label = cw_project_dup_axis_label (self->project);
  cw_signal_plot_reset_view (self->raw_plot);
  cw_signal_plot_reset_view (self->processed_plot);
}

/* Zooming or panning one plot moves the other to the same x range. */
static void
on_view_changed (CwSignalPlot *plot, CwPreprocessView *self)
{
  CwSignalPlot *other = plot == self->raw_plot ? self->processed_plot : self->raw_plot;
  double lo, hi;
  cw_signal_plot_get_x_range (plot, &lo, &hi);
  cw_signal_plot_set_x_range (other, lo, hi);
}

void
cw_preprocess_view_preview_init (CwPreprocessView *self)
{
  cw_signal_plot_set_margins (self->raw_plot, PLOT_LEFT_MARGIN, -1);
  cw_signal_plot_set_margins (self->processed_plot, PLOT_LEFT_MARGIN, -1);
  g_signal_connect_object (self->raw_plot, "view-changed", G_CALLBACK (on_view_changed), self, 0);
  g_signal_connect_object (self->processed_plot, "view-changed", G_CALLBACK (on_view_changed), self, 0);
}

/* ---- public, for tests ---- */

gboolean
cw_preprocess_view_get_busy (CwPreprocessView *self)
{
  g_return_val_if_fail (CW_IS_PREPROCESS_VIEW (self), FALSE);
  return self->preview_idle != 0 || self->preview_running;
}

const float *
cw_preprocess_view_get_processed (CwPreprocessView *self, const int **rows, int *n_rows, int *length)
{
  g_return_val_if_fail (CW_IS_PREPROCESS_VIEW (self), NULL);
  CwPreviewResult *p = self->preview;
  gboolean ok = p && !p->error;
  if (rows)
    *rows = ok ? p->rows : NULL;
  if (n_rows)
    *n_rows = ok ? p->n_rows : 0;
  if (length)
    *length = ok ? p->out_length : 0;
  return ok ? p->processed : NULL;
}

const char *
cw_preprocess_view_get_status (CwPreprocessView *self)
{
  g_return_val_if_fail (CW_IS_PREPROCESS_VIEW (self), NULL);
  return self->status ? self->status : "";
}
