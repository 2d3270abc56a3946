/* cw-parity-plot-private.h — CwParityPlot's state and layout, shared by the widget (cw-parity-plot.c: data,
 * statistics, text, input, hit tests) and its layout and drawing (cw-parity-plot-draw.c: ranges, the square
 * frame, the legend placement, the reference line and the points). */
#pragma once

#include "cw-parity-plot.h"

#include "cw-drawable.h"

#include <math.h>

G_BEGIN_DECLS

typedef struct
{
  char *label;
  GdkRGBA color;
  float *truth;
  float *pred;
  int *ids;
  int n;
  /* over the finite points */
  double rmse, r2;
  int n_finite;
} ParitySeries;

struct _CwParityPlot
{
  GtkWidget parent_instance;

  /* owned */
  GPtrArray *series;  /* of ParitySeries */
  char *axis_label;  /* the quantity, e.g. "octane" */
  char *x_title;     /* the axis titles made from it, kept so the frame can borrow them */
  char *y_title;
  gboolean residuals;
  int selected_id;    /* -1 = none */
  int hover_series;   /* the point under the pointer, -1 = none */
  int hover_index;
};

typedef struct
{
  double width, height;
  double label_width;  /* the widest series label */
  double line_height;
} LegendSize;

typedef struct
{
  CwPlotAxes axes;   /* ranges, labels and the margins that make the parity frame square */
  CwPlotRect rect;   /* the data rectangle */
  LegendSize legend;
  double legend_x, legend_y; /* top-left of the legend box: in a corner, or above the frame */
} ParityLayout;

static inline ParitySeries *
cw_parity_plot_get_series (CwParityPlot *self, int index)
{
  return g_ptr_array_index (self->series, index);
}

static inline gboolean
cw_parity_point_is_finite (const ParitySeries *s, int i)
{
  return isfinite (s->truth[i]) && isfinite (s->pred[i]);
}

/* y of point i: the prediction, or its residual. */
static inline double
cw_parity_point_y (CwParityPlot *self, const ParitySeries *s, int i)
{
  return self->residuals ? (double) s->pred[i] - s->truth[i] : s->pred[i];
}

/* cw-parity-plot.c */
/* The statistics part of a legend line: "RMSE 0.312 · R² 0.972". */
char *cw_parity_plot_stats_text (const ParitySeries *s);

/* cw-parity-plot-draw.c */
/* The padded data ranges: one shared range for parity, symmetric around zero in y for residuals. */
void cw_parity_plot_compute_ranges (CwParityPlot *self, double *x0, double *x1, double *y0, double *y1);
ParityLayout cw_parity_plot_compute_layout (CwParityPlot *self, cairo_t *cr, int width, int height);
/* The layout at the widget's current size, for hit tests between draws. */
ParityLayout cw_parity_plot_current_layout (CwParityPlot *self);
void cw_parity_plot_to_pixels (const ParityLayout *layout, double x, double y, double *px, double *py);
void cw_parity_plot_draw_chart (CwDrawable *drawable, cairo_t *cr, int width, int height);

/* cw-plot-csv.c: the CwDrawable dup_csv */
char *cw_parity_plot_dup_csv (CwDrawable *drawable);

G_END_DECLS
