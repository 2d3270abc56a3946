/* cw-scatter-plot-private.h — what the files of CwScatterPlot share: the instance, its series and the
 * layout. cw-scatter-plot.c: the object, input, picking and the API; cw-scatter-plot-draw.c: ranges, layout
 * and drawing. */
#pragma once

#include "cw-drawable.h"
#include "cw-scatter-plot.h"

#include <math.h>

#define PICK_RADIUS 8.0      /* pixels: a click this close to a point picks it */
#define PICK_COLUMN 24.0     /* pixels: picking by x, the column half-width */
#define POINT_RADIUS 3.5
#define HOVER_RADIUS 5.0
#define RING_RADIUS 8.0
#define RANGE_PAD 0.05       /* of the span, on each side */
#define PAD 6.0
#define TITLE_GAP 6.0
#define COLORBAR_GAP 12.0
#define COLORBAR_BAR_WIDTH 12.0
#define INSET 6.0

typedef struct
{
  char *label;
  GdkRGBA color;
  double *x, *y;
  int *ids;
  int n;
  gboolean joined;
  gboolean hollow;       /* rings instead of discs (e.g. held-out rows) */
  GdkRGBA *point_colors; /* n, or NULL */
  double *values;        /* n, or NULL: viridis by value */
} Series;

typedef struct
{
  double value;          /* non-finite = hidden */
  char *label;
} Limit;

struct _CwScatterPlot
{
  GtkWidget parent_instance;

  /* owned */
  GPtrArray *series;     /* of Series */
  char *title;
  char *x_label, *y_label;
  char *id_noun;
  int id_offset;
  char *colorbar_label;  /* NULL = no colour bar */
  Limit x_limit, y_limit;
  double fixed_x0, fixed_x1, fixed_y0, fixed_y1; /* lo >= hi = automatic */
  gboolean x_from_zero, y_from_zero;
  gboolean x_integer;
  gboolean pick_by_x;
  int selected_id;       /* -1 = none */
  int hover_series, hover_index; /* -1 = none */
  char *hover_text;
};


/* Where the legend goes: in a row above the data (beside the title when both fit, else under it), so it
 * never hides a point; inside a corner of the data only when the row would not fit the width. */
typedef enum
{
  LEGEND_NONE,
  LEGEND_ROW,
  LEGEND_CORNER,
} LegendMode;

#define LEGEND_SWATCH 14.0
#define LEGEND_GAP 12.0   /* between the items of a row */

typedef struct
{
  CwPlotAxes axes;
  CwPlotRect rect;
  double vmin, vmax;     /* colour-by-value range */
  LegendMode legend;
  double legend_x, legend_y; /* LEGEND_ROW: top-left of the row */
} ScatterLayout;

static inline Series *
cw_scatter_plot_get_series (CwScatterPlot *self, int index)
{
  return g_ptr_array_index (self->series, index);
}

static inline gboolean
cw_scatter_plot_point_is_finite (const Series *s, int i)
{
  return isfinite (s->x[i]) && isfinite (s->y[i]);
}

/* cw-scatter-plot-draw.c */
/* The axis ranges shown: fixed ones, or the data and visible limits, padded. */
void cw_scatter_plot_compute_ranges (CwScatterPlot *self, double *x0, double *x1, double *y0, double *y1);
/* Ranges, frame, legend placement and the data rectangle for a width x height drawing. */
ScatterLayout cw_scatter_plot_compute_layout (CwScatterPlot *self, cairo_t *cr, int width, int height);
void cw_scatter_plot_layout_to_pixels (const ScatterLayout *layout, double x, double y, double *px, double *py);
/* CwDrawable::draw. */
void cw_scatter_plot_draw_chart (CwDrawable *drawable, cairo_t *cr, int width, int height);
/* The read-out of the hovered point over the chart (screen only, never exported). */
void cw_scatter_plot_draw_hover (CwScatterPlot *self, GtkSnapshot *snapshot, int width, int height);
