/* cw-data-view-recording.c — windows cut from a recording: above the sample list, the whole recording
 * with every window shaded and the detected peaks marked; selecting samples highlights their windows
 * and brings the first into view. */
#include "cw-data-view-private.h"

/* More windows than this are not shaded one by one (the recording still shows). */
#define MAX_SHADED_WINDOWS 20000
#define FIRST_VIEW_SECONDS 10.0

void
cw_data_view_recording_init (CwDataView *self)
{
  self->recording_plot = CW_SIGNAL_PLOT (cw_signal_plot_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->recording_plot), -1, 170);
  gtk_widget_set_margin_start (GTK_WIDGET (self->recording_plot), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->recording_plot), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->recording_plot), 6);
  gtk_widget_set_visible (GTK_WIDGET (self->recording_plot), FALSE);
  gtk_box_insert_child_after (GTK_BOX (self->content_box), GTK_WIDGET (self->recording_plot),
                              GTK_WIDGET (self->rows_box));
}

void
cw_data_view_recording_update (CwDataView *self)
{
  CwRecording *rec = self->project ? cw_project_get_recording (self->project) : NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->recording_plot), rec != NULL);
  cw_signal_plot_clear (self->recording_plot);
  cw_signal_plot_set_highlight (self->recording_plot, 1, 0);
  if (!rec)
    {
      cw_signal_plot_set_spans (self->recording_plot, NULL, NULL, 0, NULL);
      cw_signal_plot_set_marks (self->recording_plot, NULL, 0, NULL);
      return;
    }
  cw_signal_plot_set_axis (self->recording_plot, rec->time, rec->n, "Time (s)");
  GdkRGBA line = { 0.13, 0.40, 0.75, 1 }, span = { 0.95, 0.55, 0.10, 1 }, mark = { 0.80, 0.15, 0.15, 1 };
  cw_signal_plot_add_series (self->recording_plot, rec->values, rec->n, &line, 1.0, CW_SERIES_LINE,
                             rec->signal_name);
  cw_signal_plot_set_y_label (self->recording_plot, rec->signal_name);
  g_autofree char *title = g_strdup_printf ("%s: %d windows cut from the recording (select samples to find them)",
                                            rec->source_name, rec->n_windows);
  cw_signal_plot_set_title (self->recording_plot, title);
  if (rec->n_windows <= MAX_SHADED_WINDOWS)
    cw_signal_plot_set_spans (self->recording_plot, rec->window_start, rec->window_end, rec->n_windows, &span);
  else
    cw_signal_plot_set_spans (self->recording_plot, NULL, NULL, 0, NULL);
  cw_signal_plot_set_marks (self->recording_plot, rec->peak_time, rec->n_peaks, &mark);
  cw_signal_plot_reset_view (self->recording_plot);
  cw_signal_plot_set_x_range (self->recording_plot, rec->time[0],
                              MIN (rec->time[rec->n - 1], rec->time[0] + FIRST_VIEW_SECONDS));
}

/* The selected rows' windows: highlighted from the first's start to the last's end when they are near
 * one another, else the first alone; the view moves to it when it is out of sight. */
void
cw_data_view_recording_show_rows (CwDataView *self, const GArray *rows)
{
  CwRecording *rec = self->project ? cw_project_get_recording (self->project) : NULL;
  if (!rec || rows->len == 0)
    {
      cw_signal_plot_set_highlight (self->recording_plot, 1, 0);
      return;
    }
  int first = g_array_index (rows, int, 0);
  if (first < 0 || first >= rec->n_windows)
    return;
  double x0 = rec->window_start[first], x1 = rec->window_end[first];
  cw_signal_plot_set_highlight (self->recording_plot, x0, x1);
  double lo, hi;
  cw_signal_plot_get_x_range (self->recording_plot, &lo, &hi);
  if (x0 < lo || x1 > hi)
    {
      double width = MAX (hi - lo, (x1 - x0) * 3);
      double centre = (x0 + x1) / 2;
      cw_signal_plot_set_x_range (self->recording_plot, centre - width / 2, centre + width / 2);
    }
}
