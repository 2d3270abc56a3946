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

/* "Nice" ticks covering [lo, hi]: values 1, 2 or 5 x 10^k apart, the step the smallest such that [lo, hi]
 * holds at most max_ticks steps (so at most max_ticks + 1 values: 900..1700, 8 -> 900, 1000, ..., 1700),
 * written to ticks (caller provides room for max_ticks + 2), returning the count and the step. */
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

/* --- Additions used by the charts (and available to any of them) --- */

/* The light (dark = FALSE) or dark colour set, without a widget (tests, exports). */
void cw_plot_colors_init (CwPlotColors *colors, gboolean dark);
/* TRUE when the widget's computed foreground colour is light, i.e. it sits on a dark theme. */
gboolean cw_plot_widget_is_dark (GtkWidget *widget);

/* A layout in the system UI font (GtkSettings:gtk-font-name) times `scale`, for text beyond the helpers. */
PangoLayout *cw_plot_create_layout (cairo_t *cr, double scale);
/* Text in the system UI font times `scale`, measured in user units. */
void cw_plot_text_size (cairo_t *cr, const char *text, double scale, double *width, double *height);
/* Draws text anchored at (x, y): xalign / yalign 0 = left / top, 0.5 = centre, 1 = right / bottom. */
void cw_plot_draw_text (cairo_t *cr, const char *text, double x, double y, double xalign, double yalign,
                        double scale, const GdkRGBA *color);

/* The full set of frame options. Margins > 0 are used as given (to line up charts stacked in a column);
 * 0 means "fit the tick labels". */
typedef struct
{
  double x0, x1, y0, y1;
  const char *x_label, *y_label;
  gboolean log_y;
  gboolean hide_x_tick_labels; /* a chart stacked above another with the same x axis */
  double left, right, top, bottom;
  gboolean x_integer; /* x ticks only at whole numbers (epochs, indices) */
  gboolean same_xy_step; /* one tick step on both axes, the coarser of the two (square parity axes) */
} CwPlotAxes;

/* Only the layout: the data rectangle cw_plot_draw_frame_axes would return (for hit-testing). */
CwPlotRect cw_plot_layout_frame (cairo_t *cr, int width, int height, const CwPlotAxes *axes);
CwPlotRect cw_plot_draw_frame_axes (cairo_t *cr, int width, int height, const CwPlotColors *colors,
                                    const CwPlotAxes *axes);

/* A vertical colour bar: the gradient (viridis, or the diverging map over [-1, 1] when diverging) in
 * the bar rectangle, tick labels to its right and the label rotated beside them.
 * cw_plot_colorbar_width is the room the whole thing takes (bar + labels), for layout. */
double cw_plot_colorbar_width (cairo_t *cr, double bar_width, double vmin, double vmax, const char *label,
                               double height);
void cw_plot_draw_colorbar (cairo_t *cr, double x, double y, double bar_width, double height,
                            double vmin, double vmax, const char *label, gboolean diverging,
                            const CwPlotColors *colors);

/* Sets a cairo source colour from a GdkRGBA, optionally with the alpha multiplied. */
void cw_plot_set_color (cairo_t *cr, const GdkRGBA *color, double alpha);

/* The pointer wiring every clickable chart shares: a motion controller ("motion", "leave") and a
 * primary-button click gesture ("pressed"), all with user_data. */
void cw_plot_add_pointer_controllers (GtkWidget *widget, GCallback on_motion, GCallback on_leave,
                                      GCallback on_pressed, gpointer user_data);

G_END_DECLS
