/* cw-signal-plot.h — overlaid 1D signals on a real axis (nm, s, m/z): zoom, pan, crosshair, colour bar,
 * mean ± SD bands, stems. Plain data in through setters; knows nothing of projects or threads.
 * Interaction: mouse wheel zooms x around the pointer (Ctrl+wheel zooms y), drag pans, double-click
 * resets, the crosshair shows x and y of the pointer. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CW_TYPE_SIGNAL_PLOT (cw_signal_plot_get_type ())
G_DECLARE_FINAL_TYPE (CwSignalPlot, cw_signal_plot, CW, SIGNAL_PLOT, GtkWidget)

typedef enum
{
  CW_SERIES_LINE,
  CW_SERIES_STEMS,  /* vertical lines from 0 with a dot: kernels */
  CW_SERIES_POINTS,
} CwSeriesStyle;

GtkWidget *cw_signal_plot_new (void);

/* The x value of each index (copied; NULL = 0..n-1) and the axis label (e.g. "Wavelength (nm)"). */
void cw_signal_plot_set_axis (CwSignalPlot *self, const double *x, int n, const char *x_label);
void cw_signal_plot_set_y_label (CwSignalPlot *self, const char *y_label);
const char *cw_signal_plot_get_x_label (CwSignalPlot *self);
void cw_signal_plot_set_title (CwSignalPlot *self, const char *title);

/* Removes all series, bands and the colour bar (the view range is kept unless reset). */
void cw_signal_plot_clear (CwSignalPlot *self);
/* Adds a series of n values drawn against the axis (copied). Returns its index. A series shorter than
 * the axis is drawn over the first n axis values; x may be given per series with _add_series_xy. */
int cw_signal_plot_add_series (CwSignalPlot *self, const float *y, int n, const GdkRGBA *color,
                               double line_width, CwSeriesStyle style, const char *label);
int cw_signal_plot_add_series_xy (CwSignalPlot *self, const double *x, const float *y, int n,
                                  const GdkRGBA *color, double line_width, CwSeriesStyle style,
                                  const char *label);
/* A filled band between lo and hi (e.g. mean ± SD), drawn under the series. */
void cw_signal_plot_add_band (CwSignalPlot *self, const float *lo, const float *hi, int n,
                              const GdkRGBA *color);
/* A vertical colour bar (viridis) labelled from vmin to vmax; hidden when label is NULL. */
void cw_signal_plot_set_colorbar (CwSignalPlot *self, double vmin, double vmax, const char *label);
/* Draws a legend with the series labels (off by default). */
void cw_signal_plot_set_show_legend (CwSignalPlot *self, gboolean show);
/* A highlighted vertical span [x0, x1] (e.g. a convolution window); x0 > x1 hides it. */
void cw_signal_plot_set_highlight (CwSignalPlot *self, double x0, double x1);

/* Marked x intervals [x0[i], x1[i]] (copied), drawn under the series as washes of color that alternate in
 * strength, so windows side by side or overlapping stay apart; n = 0 removes them. Not cleared by _clear. */
void cw_signal_plot_set_spans (CwSignalPlot *self, const double *x0, const double *x1, int n, const GdkRGBA *color);
/* Vertical lines at x[0..n) (copied), drawn over the series (e.g. detected peaks); n = 0 removes them. */
void cw_signal_plot_set_marks (CwSignalPlot *self, const double *x, int n, const GdkRGBA *color);

/* Visible x range (data units). Setting it emits no signal; user zoom/pan/double-click emits
 * "view-changed". reset_view returns to the full data extent (and automatic y) without a signal. */
void cw_signal_plot_set_x_range (CwSignalPlot *self, double lo, double hi);
void cw_signal_plot_get_x_range (CwSignalPlot *self, double *lo, double *hi);
void cw_signal_plot_reset_view (CwSignalPlot *self);

/* --- Additions --- */

/* A fixed y range; lo >= hi (or NaN) returns to automatic: the visible data with 5% padding. */
void cw_signal_plot_set_y_range (CwSignalPlot *self, double lo, double hi);
/* The y range shown for the current x range. */
void cw_signal_plot_get_y_range (CwSignalPlot *self, double *lo, double *hi);
/* Zooms x around x_center (data units) by factor (< 1 zooms in), as the mouse wheel does; zooming out
 * stops at the data extent. Pans by dx data units within the data extent. Neither emits a signal. */
void cw_signal_plot_zoom (CwSignalPlot *self, double x_center, double factor);
void cw_signal_plot_pan (CwSignalPlot *self, double dx);
/* Margins left / right of the data rectangle in pixels (< 0 = fit the labels), so stacked charts line
 * up; and the data rectangle at the widget's current size. */
void cw_signal_plot_set_margins (CwSignalPlot *self, double left, double right);
void cw_signal_plot_get_data_rect (CwSignalPlot *self, double *x, double *y, double *width, double *height);
int cw_signal_plot_get_n_series (CwSignalPlot *self);

/* Signals:
 *   "view-changed" (void)            the user zoomed, panned or reset (other plots can follow)
 *   "hover" (double x, double y)     pointer position in data units (NaN when it leaves)
 */

G_END_DECLS
