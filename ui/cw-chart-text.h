/* cw-chart-text.h — text for the cairo charts (heatmap, parity plot, confusion matrix) beyond what
 * cw-plot-style offers: bold, tabular digits, rotation, ellipsized layouts. Same font as cw-plot-style (the
 * system UI font, GtkSettings:gtk-font-name, times a scale), so every chart's text matches. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Scales of the UI font: tick labels, axis labels and cell text, titles (as in cw-plot-style.c). */
#define CW_CHART_TEXT_SMALL 0.85
#define CW_CHART_TEXT_NORMAL 0.92
#define CW_CHART_TEXT_TITLE 1.0

typedef enum
{
  CW_CHART_TEXT_PLAIN = 0,
  CW_CHART_TEXT_BOLD = 1 << 0,
  CW_CHART_TEXT_TABULAR = 1 << 1, /* digits of equal width, so columns of numbers line up */
} CwChartTextFlags;

PangoLayout *cw_chart_text_layout (cairo_t *cr, const char *text, double scale, CwChartTextFlags flags);
/* Logical size of the text in user units. */
void cw_chart_text_size (cairo_t *cr, const char *text, double scale, CwChartTextFlags flags,
                         double *width, double *height);
/* Draws text with its box anchored at (x, y): xalign/yalign 0 = left/top, 0.5 = centre, 1 = right/bottom.
 * angle (radians, clockwise from the x axis as in cairo) turns the text around the anchor. */
void cw_chart_text_draw (cairo_t *cr, const char *text, double x, double y, double xalign, double yalign,
                         double angle, const GdkRGBA *color, double scale, CwChartTextFlags flags);

/* A context on a tiny image surface, for laying a chart out (measuring text) outside of drawing, e.g. to
 * find what lies under the pointer. Free with cairo_destroy. */
cairo_t *cw_chart_scratch_context (void);

/* Replaces a leading hyphen with "−" (U+2212), as cw_format_tick does, so read-outs match tick labels. */
void cw_chart_typographic_minus (char *buf, gsize size);

/* Relative luminance (0 black .. 1 white), to pick readable text over a filled cell. */
double cw_chart_luminance (const GdkRGBA *color);

G_END_DECLS
