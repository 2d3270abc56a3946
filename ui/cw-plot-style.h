/* cw-plot-style.h — colours, colour maps, tick placement and number formatting shared by the charts. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Colours that read on both light and dark backgrounds; `dark` selects the variant. */
typedef struct
{
  GdkRGBA background, foreground, grid, axis, accent, train, validation, selection;
} CwPlotColors;

/* Colours for the widget's current style (dark when the widget's foreground colour is light). */
void cw_plot_colors_for_widget (GtkWidget *widget, CwPlotColors *colors);
/* Categorical palette (10 colours, cycling). */
void cw_palette_color (int index, GdkRGBA *color);
/* Perceptually uniform sequential map (viridis), t in [0, 1] (clamped). */
void cw_colormap_viridis (double t, GdkRGBA *color);
/* Diverging map for signed values (blue - white/neutral - red), t in [-1, 1]. */
void cw_colormap_diverging (double t, gboolean dark, GdkRGBA *color);

/* "Nice" ticks covering [lo, hi]: at most max_ticks values that are 1, 2 or 5 x 10^k apart, written to
 * ticks (caller provides room for max_ticks + 2), returning the count and the step. */
int cw_nice_ticks (double lo, double hi, int max_ticks, double *ticks, double *step);
/* Formats a tick value with just enough decimals for the step (e.g. step 0.25 -> "1.25", 1e-5 -> "2e-05"). */
void cw_format_tick (double value, double step, char *buf, gsize size);

/* Plot frame: margins around the data rectangle, chosen to fit tick labels. */
typedef struct
{
  double x, y, width, height; /* data rectangle in widget coordinates */
} CwPlotRect;

/* Draws axes, grid, ticks and labels for x in [x0, x1] and y in [y0, y1] inside a width x height area, and
 * returns the data rectangle. x_label / y_label may be NULL. log_y draws decades (y0, y1 are log10 values). */
CwPlotRect cw_plot_draw_frame (cairo_t *cr, int width, int height, const CwPlotColors *colors,
                               double x0, double x1, double y0, double y1,
                               const char *x_label, const char *y_label, gboolean log_y);

G_END_DECLS
