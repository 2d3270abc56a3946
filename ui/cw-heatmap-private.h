/* cw-heatmap-private.h — CwHeatmap's state and layout, shared by the widget (cw-heatmap.c: data, input,
 * hit tests) and its drawing (cw-heatmap-draw.c: the cell image, the colour scale, the labels). */
#pragma once

#include "cw-heatmap.h"

#include "cw-drawable.h"

G_BEGIN_DECLS

#define HEADER_HEIGHT 22.0
#define BOTTOM_GAP 4.0
#define X_AXIS_HEIGHT 18.0
#define AUTO_LEFT_MARGIN 44.0
#define AUTO_RIGHT_MARGIN 12.0 /* without data, hence without a colour bar */
#define ROW_PIXELS 12          /* natural height of one row */
#define MIN_HEIGHT 60
#define MAX_NATURAL_HEIGHT 220
#define COLORBAR_WIDTH 10.0
#define COLORBAR_GAP 8.0
#define COLORBAR_PAD 6.0
#define LEGEND_BAR_WIDTH 64.0
#define LEGEND_BAR_HEIGHT 8.0

struct _CwHeatmap
{
  GtkWidget parent_instance;

  /* owned: data */
  float *values;        /* rows x cols, row-major */
  int rows;
  int cols;
  double x0, x1;        /* x of the first and the last column's centre */
  double value_min, value_max; /* over the finite values */
  char *title;
  char *row_name;
  char *x_unit;

  /* owned: view */
  gboolean has_x_range; /* FALSE: the view spans [x0, x1] */
  double x_lo, x_hi;
  double left_margin;   /* < 0: automatic */
  double right_margin;
  gboolean diverging;
  gboolean show_x_axis;
  int selected_row;
  int hover_row;        /* the cell under the pointer, -1 when none */
  int hover_col;

  /* owned: cache */
  cairo_surface_t *image;  /* cols x rows pixels; NULL when stale */
  gboolean image_dark;     /* the theme the image was coloured for (the diverging map depends on it) */
};

typedef struct
{
  CwPlotRect rect;           /* the cells */
  gboolean colorbar_beside;  /* the colour scale stands right of the cells; otherwise small in the header */
} HeatmapLayout;

HeatmapLayout cw_heatmap_compute_layout (CwHeatmap *self, cairo_t *cr, double width, double height);
/* The visible x range: set_x_range's, or the data's [x0, x1]. */
void cw_heatmap_visible_range (CwHeatmap *self, double *lo, double *hi);
/* Spacing of the column centres in data units (negative for a descending axis). */
double cw_heatmap_column_step (CwHeatmap *self);
double cw_heatmap_x_to_pixel (CwHeatmap *self, const CwPlotRect *rect, double x);
/* Diverging mode is on and the data has both signs. */
gboolean cw_heatmap_uses_diverging_scale (CwHeatmap *self);
/* A value for the read-out and the legend: 3 decimals, scientific when tiny or huge, "−" for minus. */
void cw_heatmap_format_value (double v, char *buf, gsize size);

/* cw-heatmap-draw.c */
/* Colours the cols x rows image for the current scale and theme (the diverging map has a dark variant). */
void cw_heatmap_rebuild_image (CwHeatmap *self, gboolean dark);
void cw_heatmap_draw_chart (CwDrawable *drawable, cairo_t *cr, int width, int height);

/* cw-plot-csv.c: the CwDrawable dup_csv */
char *cw_heatmap_dup_csv (CwDrawable *drawable);

G_END_DECLS
