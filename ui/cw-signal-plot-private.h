/* cw-signal-plot-private.h — the instance structure shared by cw-signal-plot.c (data, view, input) and
 * cw-signal-plot-draw.c (rendering). Not part of the widget's API. */
#pragma once

#include "cw-drawable.h"
#include "cw-plot-style.h"
#include "cw-signal-plot.h"

G_BEGIN_DECLS

typedef struct
{
  double *x; /* own x values, or NULL to use the plot's axis */
  float *y;
  int n;
  GdkRGBA color;
  double line_width;
  CwSeriesStyle style;
  char *label;
} CwSignalSeries;

typedef struct
{
  float *lo, *hi; /* against the plot's axis */
  int n;
  GdkRGBA color;
} CwSignalBand;

struct _CwSignalPlot
{
  GtkWidget parent_instance;

  /* owned: data */
  double *axis_x; /* NULL = indices */
  int axis_n;
  char *x_label, *y_label, *title;
  GPtrArray *series; /* of CwSignalSeries */
  GPtrArray *bands;  /* of CwSignalBand */
  double data_x0, data_x1; /* x extent of everything plotted */
  gboolean show_colorbar, show_legend;
  double colorbar_min, colorbar_max;
  char *colorbar_label;
  double highlight_x0, highlight_x1;
  double *span_x0, *span_x1;      /* n_spans marked x intervals (e.g. windows cut from a recording) */
  int n_spans;
  GdkRGBA span_color;
  double *mark_x;                 /* n_marks vertical lines (e.g. detected peaks) */
  int n_marks;
  GdkRGBA mark_color;
  double fixed_left, fixed_right; /* margins; < 0 automatic */

  /* owned: view */
  gboolean x_zoomed; /* FALSE: the view follows the data extent */
  double view_x0, view_x1;
  gboolean y_fixed;  /* FALSE: auto from the visible data */
  double view_y0, view_y1;

  /* owned: interaction */
  gboolean pointer_inside;
  double pointer_x, pointer_y; /* widget coordinates */
  double drag_x0, drag_x1, drag_y0, drag_y1; /* view when the drag began */
  gboolean drawing_on_screen;
  CwPlotRect data_rect;           /* data rectangle of the last on-screen draw */
  double shown_y0, shown_y1;      /* y range of the last on-screen draw */
  int layout_width, layout_height; /* widget size data_rect was computed for */
  GskRenderNode *base_node;        /* the chart without the crosshair, as last drawn on screen */
  int base_width, base_height;
};

/* Per-point x of a series (its own x, the axis, or the index). */
static inline double
cw_signal_series_x (const CwSignalPlot *self, const CwSignalSeries *s, int i)
{
  if (s->x)
    return s->x[i];
  if (self->axis_x && i < self->axis_n)
    return self->axis_x[i];
  return i;
}

static inline double
cw_signal_axis_x (const CwSignalPlot *self, int i)
{
  return self->axis_x && i < self->axis_n ? self->axis_x[i] : i;
}

/* cw-plot-csv.c: the CwDrawable dup_csv */
char *cw_signal_plot_dup_csv (CwDrawable *drawable);

/* cw-signal-plot-draw.c */
void cw_signal_plot_draw_all (CwSignalPlot *self, cairo_t *cr, int width, int height);
/* The crosshair and its read-out for the pointer, over the last on-screen drawing. */
void cw_signal_plot_draw_crosshair (CwSignalPlot *self, cairo_t *cr);
/* The y range the plot shows for x in [x0, x1]: the fixed one, or the visible data with 5% padding. */
void cw_signal_plot_visible_y_range (CwSignalPlot *self, double x0, double x1, double *y0, double *y1);
/* The frame options (labels, margins) for a width x height drawing. */
void cw_signal_plot_frame_axes (CwSignalPlot *self, cairo_t *cr, int width, int height, double x0, double x1,
                                double y0, double y1, CwPlotAxes *axes);

G_END_DECLS
