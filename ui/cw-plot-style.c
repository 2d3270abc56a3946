/* cw-plot-style.c — colours, colour maps, text and the axis frame shared by every chart (ticks and
 * number formatting are in cw-plot-ticks.c). Text goes through pango-cairo in the system UI font, so labels match the rest of the
 * desktop on screen and in exported figures alike. */
#include "cw-plot-style.h"
#include "cw-plot-ticks-private.h"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

/* Lengths in user units (pixels on screen). */
#define OUTER_PAD 10.0
#define TICK_LENGTH 4.0
#define LABEL_GAP 4.0
#define TICK_FONT_SCALE 0.85
#define AXIS_FONT_SCALE 0.92
#define MIN_TICK_GAP 18.0 /* free space between neighbouring x tick labels */

/* ---- colours ---- */

static void
rgba_from_hex (guint32 hex, double alpha, GdkRGBA *color)
{
  color->red = ((hex >> 16) & 0xff) / 255.0f;
  color->green = ((hex >> 8) & 0xff) / 255.0f;
  color->blue = (hex & 0xff) / 255.0f;
  color->alpha = (float) alpha;
}

void
cw_plot_colors_init (CwPlotColors *colors, gboolean dark)
{
  g_return_if_fail (colors != NULL);
  /* GNOME palette: the blues and oranges of the HIG, lighter shades on dark so lines keep contrast. */
  if (dark)
    {
      rgba_from_hex (0x1e1e1e, 1.0, &colors->background);
      rgba_from_hex (0xe6e6e6, 1.0, &colors->foreground);
      rgba_from_hex (0xffffff, 0.09, &colors->grid);
      rgba_from_hex (0xffffff, 0.42, &colors->axis);
      rgba_from_hex (0x62a0ea, 1.0, &colors->accent);
      rgba_from_hex (0x62a0ea, 1.0, &colors->train);
      rgba_from_hex (0xffa348, 1.0, &colors->validation);
      rgba_from_hex (0x62a0ea, 0.22, &colors->selection);
    }
  else
    {
      rgba_from_hex (0xffffff, 1.0, &colors->background);
      rgba_from_hex (0x2b2b2b, 1.0, &colors->foreground);
      rgba_from_hex (0x000000, 0.075, &colors->grid);
      rgba_from_hex (0x000000, 0.45, &colors->axis);
      rgba_from_hex (0x1c71d8, 1.0, &colors->accent);
      rgba_from_hex (0x1c71d8, 1.0, &colors->train);
      rgba_from_hex (0xe66100, 1.0, &colors->validation);
      rgba_from_hex (0x1c71d8, 0.16, &colors->selection);
    }
}

gboolean
cw_plot_widget_is_dark (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  if (gtk_widget_get_root (widget) == NULL)
    {
      /* Outside a window (an export of a detached chart) the CSS colour is not the theme's: ask the
       * settings which variant the application shows. */
      GtkSettings *settings = gtk_settings_get_default ();
      if (!settings)
        return FALSE;
      gboolean prefer_dark = FALSE;
      g_autofree char *theme = NULL;
      g_object_get (settings, "gtk-application-prefer-dark-theme", &prefer_dark, "gtk-theme-name", &theme, NULL);
      return prefer_dark || (theme && g_str_has_suffix (theme, "-dark"));
    }
  GdkRGBA fg;
  /* gtk_widget_get_color is 4.10; the style context is the 4.8 way to read the computed colour. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  double luma = 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue;
  return luma > 0.5;
}

void
cw_plot_colors_for_widget (GtkWidget *widget, CwPlotColors *colors)
{
  cw_plot_colors_init (colors, widget != NULL && cw_plot_widget_is_dark (widget));
}

void
cw_plot_set_color (cairo_t *cr, const GdkRGBA *color, double alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

void
cw_palette_color (int index, GdkRGBA *color)
{
  /* Tableau 10: distinct hues of similar weight that stay readable on white and on near-black. */
  static const guint32 palette[10] = {
    0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f,
    0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac,
  };
  int i = index % 10;
  if (i < 0)
    i += 10;
  rgba_from_hex (palette[i], 1.0, color);
}

/* matplotlib's viridis resampled at 65 evenly spaced points; linear interpolation between them stays
 * within 0.002 of the 256-entry original. */
static const float viridis_table[65][3] = {
  { 0.2670, 0.0049, 0.3294 }, { 0.2726, 0.0255, 0.3530 }, { 0.2770, 0.0502, 0.3755 },
  { 0.2802, 0.0732, 0.3969 }, { 0.2823, 0.0946, 0.4170 }, { 0.2832, 0.1153, 0.4358 },
  { 0.2829, 0.1354, 0.4530 }, { 0.2815, 0.1553, 0.4688 }, { 0.2789, 0.1749, 0.4830 },
  { 0.2753, 0.1942, 0.4956 }, { 0.2708, 0.2133, 0.5066 }, { 0.2654, 0.2321, 0.5162 },
  { 0.2593, 0.2507, 0.5244 }, { 0.2525, 0.2689, 0.5313 }, { 0.2454, 0.2867, 0.5370 },
  { 0.2379, 0.3042, 0.5417 }, { 0.2302, 0.3213, 0.5455 }, { 0.2225, 0.3381, 0.5486 },
  { 0.2148, 0.3545, 0.5510 }, { 0.2073, 0.3706, 0.5530 }, { 0.2000, 0.3864, 0.5545 },
  { 0.1929, 0.4019, 0.5557 }, { 0.1861, 0.4173, 0.5567 }, { 0.1796, 0.4324, 0.5574 },
  { 0.1733, 0.4474, 0.5579 }, { 0.1672, 0.4623, 0.5581 }, { 0.1613, 0.4770, 0.5581 },
  { 0.1554, 0.4918, 0.5579 }, { 0.1497, 0.5064, 0.5573 }, { 0.1440, 0.5211, 0.5564 },
  { 0.1384, 0.5358, 0.5551 }, { 0.1331, 0.5504, 0.5533 }, { 0.1281, 0.5651, 0.5509 },
  { 0.1239, 0.5798, 0.5479 }, { 0.1209, 0.5945, 0.5442 }, { 0.1195, 0.6091, 0.5397 },
  { 0.1203, 0.6238, 0.5343 }, { 0.1240, 0.6383, 0.5280 }, { 0.1310, 0.6529, 0.5208 },
  { 0.1414, 0.6673, 0.5126 }, { 0.1554, 0.6815, 0.5032 }, { 0.1727, 0.6956, 0.4928 },
  { 0.1930, 0.7096, 0.4812 }, { 0.2160, 0.7232, 0.4685 }, { 0.2415, 0.7366, 0.4545 },
  { 0.2691, 0.7497, 0.4394 }, { 0.2986, 0.7624, 0.4230 }, { 0.3299, 0.7748, 0.4054 },
  { 0.3629, 0.7867, 0.3866 }, { 0.3972, 0.7981, 0.3665 }, { 0.4330, 0.8091, 0.3453 },
  { 0.4700, 0.8194, 0.3228 }, { 0.5081, 0.8292, 0.2992 }, { 0.5472, 0.8384, 0.2745 },
  { 0.5873, 0.8470, 0.2489 }, { 0.6280, 0.8549, 0.2224 }, { 0.6694, 0.8622, 0.1954 },
  { 0.7110, 0.8689, 0.1685 }, { 0.7529, 0.8751, 0.1427 }, { 0.7946, 0.8808, 0.1196 },
  { 0.8359, 0.8861, 0.1025 }, { 0.8766, 0.8912, 0.0953 }, { 0.9166, 0.8961, 0.1008 },
  { 0.9554, 0.9011, 0.1182 }, { 0.9932, 0.9062, 0.1439 },
};

void
cw_colormap_viridis (double t, GdkRGBA *color)
{
  if (!(t > 0.0)) /* also catches NaN */
    t = 0.0;
  if (t > 1.0)
    t = 1.0;
  double x = t * 64.0;
  int i = (int) x;
  if (i > 63)
    i = 63;
  double f = x - i;
  color->red = (float) (viridis_table[i][0] * (1.0 - f) + viridis_table[i + 1][0] * f);
  color->green = (float) (viridis_table[i][1] * (1.0 - f) + viridis_table[i + 1][1] * f);
  color->blue = (float) (viridis_table[i][2] * (1.0 - f) + viridis_table[i + 1][2] * f);
  color->alpha = 1.0f;
}

void
cw_colormap_diverging (double t, gboolean dark, GdkRGBA *color)
{
  /* ColorBrewer RdBu on light; on dark the neutral centre is a dark grey so that magnitude still reads
   * as contrast against the background. Stops at -1, -2/3, -1/3, 0, 1/3, 2/3, 1. */
  static const guint32 light_stops[7] = { 0x2166ac, 0x67a9cf, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xef8a62, 0xb2182b };
  static const guint32 dark_stops[7] = { 0x6cb6ff, 0x3d7cc0, 0x2b4560, 0x303030, 0x63342b, 0xc2513a, 0xff7b5c };
  const guint32 *stops = dark ? dark_stops : light_stops;
  if (!(t > -1.0))
    t = isnan (t) ? 0.0 : -1.0;
  if (t > 1.0)
    t = 1.0;
  double x = (t + 1.0) * 3.0;
  int i = (int) x;
  if (i > 5)
    i = 5;
  double f = x - i;
  GdkRGBA a, b;
  rgba_from_hex (stops[i], 1.0, &a);
  rgba_from_hex (stops[i + 1], 1.0, &b);
  color->red = (float) (a.red * (1.0 - f) + b.red * f);
  color->green = (float) (a.green * (1.0 - f) + b.green * f);
  color->blue = (float) (a.blue * (1.0 - f) + b.blue * f);
  color->alpha = 1.0f;
}

/* ---- text ---- */

PangoLayout *
cw_plot_create_layout (cairo_t *cr, double scale)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autofree char *font_name = NULL;
  GtkSettings *settings = gtk_settings_get_default ();
  if (settings)
    g_object_get (settings, "gtk-font-name", &font_name, NULL);
  PangoFontDescription *desc = pango_font_description_from_string (font_name ? font_name : "Sans 10");
  int size = pango_font_description_get_size (desc);
  if (size <= 0)
    size = 10 * PANGO_SCALE;
  if (pango_font_description_get_size_is_absolute (desc))
    pango_font_description_set_absolute_size (desc, size * scale);
  else
    pango_font_description_set_size (desc, (int) (size * scale));
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  return layout;
}

static void
layout_size (PangoLayout *layout, const char *text, double *width, double *height)
{
  pango_layout_set_text (layout, text, -1);
  PangoRectangle logical;
  pango_layout_get_extents (layout, NULL, &logical);
  if (width)
    *width = (double) logical.width / PANGO_SCALE;
  if (height)
    *height = (double) logical.height / PANGO_SCALE;
}

static void
layout_draw (cairo_t *cr, PangoLayout *layout, const char *text, double x, double y, double xalign,
             double yalign, const GdkRGBA *color)
{
  double w, h;
  layout_size (layout, text, &w, &h);
  cairo_save (cr);
  cw_plot_set_color (cr, color, 1.0);
  cairo_move_to (cr, round (x - xalign * w), round (y - yalign * h));
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

void
cw_plot_text_size (cairo_t *cr, const char *text, double scale, double *width, double *height)
{
  g_autoptr (PangoLayout) layout = cw_plot_create_layout (cr, scale);
  layout_size (layout, text, width, height);
}

void
cw_plot_draw_text (cairo_t *cr, const char *text, double x, double y, double xalign, double yalign,
                   double scale, const GdkRGBA *color)
{
  g_autoptr (PangoLayout) layout = cw_plot_create_layout (cr, scale);
  layout_draw (cr, layout, text, x, y, xalign, yalign, color);
}

/* Draws text rotated a quarter turn counter-clockwise, centred on (x, y). */
static void
layout_draw_vertical (cairo_t *cr, PangoLayout *layout, const char *text, double x, double y,
                      const GdkRGBA *color)
{
  double w, h;
  layout_size (layout, text, &w, &h);
  cairo_save (cr);
  cairo_translate (cr, round (x), round (y));
  cairo_rotate (cr, -G_PI / 2);
  cw_plot_set_color (cr, color, 1.0);
  cairo_move_to (cr, -w / 2, -h / 2);
  pango_cairo_update_layout (cr, layout);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
  pango_cairo_update_layout (cr, layout);
}

/* ---- the frame ---- */

#define MAX_FRAME_TICKS 24

typedef struct
{
  double position; /* axis units: data for x, log10 of the value on a log y axis */
  char label[48];
} Tick;

typedef struct
{
  Tick x[MAX_FRAME_TICKS + 2], y[MAX_FRAME_TICKS + 2];
  int n_x, n_y;
  double x_label_width, y_label_width; /* widest tick label on each axis */
  double minor_y[MAX_FRAME_TICKS * 8]; /* log axis: 2..9 x 10^k */
  int n_minor_y;
  double tick_text_height, axis_text_height;
  CwPlotRect rect;
} FrameLayout;

static void
linear_ticks (double lo, double hi, int max_ticks, Tick *out, int *n_out)
{
  double values[MAX_FRAME_TICKS + 2], step;
  int n = cw_nice_ticks (lo, hi, MIN (max_ticks, MAX_FRAME_TICKS), values, &step);
  for (int i = 0; i < n; i++)
    {
      out[i].position = values[i];
      cw_format_tick (values[i], step, out[i].label, sizeof out[i].label);
    }
  *n_out = n;
}

/* Every multiple of step in [lo, hi], written as k * step so 3 * 0.2 lands on 0.6. */
static void
ticks_at_step (double lo, double hi, double step, Tick *out, int *n_out)
{
  int n = 0;
  for (double k = ceil (lo / step - 1e-9); k * step <= hi + step * 1e-9 && n < MAX_FRAME_TICKS + 2; k++)
    {
      double v = fabs (k) < 0.5 ? 0.0 : k * step;
      out[n].position = v;
      cw_format_tick (v, step, out[n].label, sizeof out[n].label);
      n++;
    }
  *n_out = n;
}

static double
tick_step (const Tick *ticks, int n)
{
  return n >= 2 ? ticks[1].position - ticks[0].position : 0.0;
}

/* Linear ticks, never closer than 1 apart when the axis counts whole things. */
static void
axis_ticks (double lo, double hi, int max_ticks, gboolean integer, Tick *out, int *n_out)
{
  linear_ticks (lo, hi, max_ticks, out, n_out);
  if (!integer || *n_out < 2 || out[1].position - out[0].position >= 1.0 - 1e-9)
    return;
  int n = 0;
  for (double v = ceil (lo - 1e-9); v <= hi + 1e-9 && n < MAX_FRAME_TICKS + 2; v += 1.0)
    {
      out[n].position = v;
      cw_format_tick (v, 1.0, out[n].label, sizeof out[n].label);
      n++;
    }
  *n_out = n;
}

/* Ticks for a log10 axis spanning [lo, hi] (exponents): whole decades when at least two fit, otherwise
 * ordinary ticks on the values themselves placed at their logarithms. */
static void
log_ticks (double lo, double hi, int max_ticks, FrameLayout *fl)
{
  fl->n_y = 0;
  fl->n_minor_y = 0;
  int first = (int) ceil (lo - 1e-9), last = (int) floor (hi + 1e-9);
  if (last - first >= 1)
    {
      int every = 1;
      while ((last - first) / every + 1 > MAX (max_ticks, 2))
        every = every == 1 ? 2 : every == 2 ? 5 : every * 2;
      for (int e = first; e <= last && fl->n_y < MAX_FRAME_TICKS; e++)
        if (e % every == 0 || every == 1)
          {
            fl->y[fl->n_y].position = e;
            cw_plot_format_decade (e, fl->y[fl->n_y].label, sizeof fl->y[fl->n_y].label);
            fl->n_y++;
          }
      if (every == 1)
        for (int e = first - 1; e <= last; e++)
          for (int m = 2; m <= 9 && fl->n_minor_y < (int) G_N_ELEMENTS (fl->minor_y); m++)
            {
              double p = e + log10 (m);
              if (p > lo && p < hi)
                fl->minor_y[fl->n_minor_y++] = p;
            }
      return;
    }
  Tick linear[MAX_FRAME_TICKS + 2];
  int n;
  linear_ticks (pow (10.0, lo), pow (10.0, hi), max_ticks, linear, &n);
  for (int i = 0; i < n; i++)
    if (linear[i].position > 0.0)
      {
        fl->y[fl->n_y] = linear[i];
        fl->y[fl->n_y].position = log10 (linear[i].position);
        fl->n_y++;
      }
}

static double
widest_label (PangoLayout *layout, const Tick *ticks, int n)
{
  double widest = 0.0;
  for (int i = 0; i < n; i++)
    {
      double w;
      layout_size (layout, ticks[i].label, &w, NULL);
      widest = MAX (widest, w);
    }
  return widest;
}

static void
sane_range (double *lo, double *hi)
{
  if (!isfinite (*lo) || !isfinite (*hi))
    {
      *lo = 0.0;
      *hi = 1.0;
    }
  if (*hi - *lo <= fabs (*lo) * 1e-12)
    {
      double pad = *lo != 0.0 ? fabs (*lo) * 0.05 : 0.5;
      *lo -= pad;
      *hi += pad;
    }
}

static void
compute_frame (PangoLayout *tick_layout, PangoLayout *axis_layout, int width, int height,
               const CwPlotAxes *axes, FrameLayout *fl)
{
  memset (fl, 0, sizeof *fl);
  double x0 = axes->x0, x1 = axes->x1, y0 = axes->y0, y1 = axes->y1;
  sane_range (&x0, &x1);
  sane_range (&y0, &y1);
  double th, ah;
  layout_size (tick_layout, "0123456789", NULL, &th);
  layout_size (axis_layout, "Ag", NULL, &ah);
  fl->tick_text_height = th;
  fl->axis_text_height = ah;

  double top = axes->top > 0 ? axes->top : OUTER_PAD + th / 2;
  double bottom = axes->bottom;
  if (bottom <= 0)
    {
      bottom = OUTER_PAD + TICK_LENGTH;
      if (!axes->hide_x_tick_labels)
        bottom += LABEL_GAP + th;
      if (axes->x_label)
        bottom += LABEL_GAP + ah;
    }
  double plot_h = MAX (1.0, height - top - bottom);

  int max_y = (int) CLAMP (plot_h / (th * 2.4), 2, MAX_FRAME_TICKS);
  if (axes->log_y)
    log_ticks (y0, y1, max_y, fl);
  else
    linear_ticks (y0, y1, max_y, fl->y, &fl->n_y);
  fl->y_label_width = widest_label (tick_layout, fl->y, fl->n_y);

  double left = axes->left;
  if (left <= 0)
    left = OUTER_PAD + (axes->y_label ? ah + 1.5 * LABEL_GAP : 0) + fl->y_label_width + LABEL_GAP
           + TICK_LENGTH;
  double right = axes->right > 0 ? axes->right : OUTER_PAD;
  double plot_w = MAX (1.0, width - left - right);

  /* Fewer x ticks until their labels no longer touch: readable at any zoom and any width. */
  int max_x = (int) CLAMP (plot_w / 64.0, 2, MAX_FRAME_TICKS);
  for (int attempt = 0; attempt < 6; attempt++)
    {
      axis_ticks (x0, x1, max_x, axes->x_integer, fl->x, &fl->n_x);
      fl->x_label_width = axes->hide_x_tick_labels ? 0.0 : widest_label (tick_layout, fl->x, fl->n_x);
      if (fl->n_x < 2 || max_x <= 2)
        break;
      double px_per_step = plot_w * fabs (fl->x[1].position - fl->x[0].position) / (x1 - x0);
      if (px_per_step >= fl->x_label_width + MIN_TICK_GAP)
        break;
      max_x = MIN (max_x - 1, (int) (plot_w / (fl->x_label_width + MIN_TICK_GAP)));
      max_x = MAX (max_x, 2);
    }
  /* Square axes over one range read as such only when both count in the same steps: take the coarser
   * (an axis left with a single tick has no step of its own and takes the other's). */
  double x_step = tick_step (fl->x, fl->n_x), y_step = tick_step (fl->y, fl->n_y);
  if (axes->same_xy_step && !axes->log_y && (x_step > 0 || y_step > 0) && x_step != y_step)
    {
      double step = MAX (x_step, y_step);
      ticks_at_step (x0, x1, step, fl->x, &fl->n_x);
      ticks_at_step (y0, y1, step, fl->y, &fl->n_y);
      fl->x_label_width = axes->hide_x_tick_labels ? 0.0 : widest_label (tick_layout, fl->x, fl->n_x);
      fl->y_label_width = widest_label (tick_layout, fl->y, fl->n_y);
    }
  if (axes->right <= 0)
    right = MAX (OUTER_PAD + 2, fl->x_label_width / 2 + 4);

  fl->rect.x = left;
  fl->rect.y = top;
  fl->rect.width = MAX (1.0, width - left - right);
  fl->rect.height = plot_h;
}

CwPlotRect
cw_plot_layout_frame (cairo_t *cr, int width, int height, const CwPlotAxes *axes)
{
  g_autoptr (PangoLayout) tick_layout = cw_plot_create_layout (cr, TICK_FONT_SCALE);
  g_autoptr (PangoLayout) axis_layout = cw_plot_create_layout (cr, AXIS_FONT_SCALE);
  FrameLayout fl;
  compute_frame (tick_layout, axis_layout, width, height, axes, &fl);
  return fl.rect;
}

/* 1-unit lines land on pixel centres so they stay crisp. */
static double
crisp (double v)
{
  return floor (v) + 0.5;
}

CwPlotRect
cw_plot_draw_frame_axes (cairo_t *cr, int width, int height, const CwPlotColors *colors,
                         const CwPlotAxes *axes)
{
  g_autoptr (PangoLayout) tick_layout = cw_plot_create_layout (cr, TICK_FONT_SCALE);
  g_autoptr (PangoLayout) axis_layout = cw_plot_create_layout (cr, AXIS_FONT_SCALE);
  FrameLayout fl;
  compute_frame (tick_layout, axis_layout, width, height, axes, &fl);
  const CwPlotRect r = fl.rect;
  double x0 = axes->x0, x1 = axes->x1, y0 = axes->y0, y1 = axes->y1;
  sane_range (&x0, &x1);
  sane_range (&y0, &y1);
#define MAP_X(v) (r.x + ((v) - x0) / (x1 - x0) * r.width)
#define MAP_Y(v) (r.y + r.height - ((v) - y0) / (y1 - y0) * r.height)

  cairo_save (cr);
  cairo_set_line_width (cr, 1.0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  /* Grid: minor decades fainter than the major lines. */
  cw_plot_set_color (cr, &colors->grid, 0.55);
  for (int i = 0; i < fl.n_minor_y; i++)
    {
      double y = crisp (MAP_Y (fl.minor_y[i]));
      cairo_move_to (cr, r.x, y);
      cairo_line_to (cr, r.x + r.width, y);
    }
  cairo_stroke (cr);
  cw_plot_set_color (cr, &colors->grid, 1.0);
  for (int i = 0; i < fl.n_x; i++)
    {
      double x = crisp (MAP_X (fl.x[i].position));
      cairo_move_to (cr, x, r.y);
      cairo_line_to (cr, x, r.y + r.height);
    }
  for (int i = 0; i < fl.n_y; i++)
    {
      double y = crisp (MAP_Y (fl.y[i].position));
      cairo_move_to (cr, r.x, y);
      cairo_line_to (cr, r.x + r.width, y);
    }
  cairo_stroke (cr);

  /* Axes on the left and at the bottom, a faint box closing the data area. */
  double left = crisp (r.x) - 1.0, bottom = crisp (r.y + r.height);
  cw_plot_set_color (cr, &colors->grid, 1.6);
  cairo_move_to (cr, left, crisp (r.y));
  cairo_line_to (cr, crisp (r.x + r.width), crisp (r.y));
  cairo_line_to (cr, crisp (r.x + r.width), bottom);
  cairo_stroke (cr);
  cw_plot_set_color (cr, &colors->axis, 1.0);
  cairo_move_to (cr, left, crisp (r.y));
  cairo_line_to (cr, left, bottom);
  cairo_line_to (cr, crisp (r.x + r.width), bottom);
  for (int i = 0; i < fl.n_x; i++)
    {
      double x = crisp (MAP_X (fl.x[i].position));
      cairo_move_to (cr, x, bottom);
      cairo_line_to (cr, x, bottom + TICK_LENGTH);
    }
  for (int i = 0; i < fl.n_y; i++)
    {
      double y = crisp (MAP_Y (fl.y[i].position));
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, left - TICK_LENGTH, y);
    }
  cairo_stroke (cr);

  GdkRGBA muted = colors->foreground;
  muted.alpha *= 0.78f;
  if (!axes->hide_x_tick_labels)
    for (int i = 0; i < fl.n_x; i++)
      layout_draw (cr, tick_layout, fl.x[i].label, MAP_X (fl.x[i].position),
                   bottom + TICK_LENGTH + LABEL_GAP, 0.5, 0.0, &muted);
  for (int i = 0; i < fl.n_y; i++)
    layout_draw (cr, tick_layout, fl.y[i].label, left - TICK_LENGTH - LABEL_GAP, MAP_Y (fl.y[i].position),
                 1.0, 0.5, &muted);

  if (axes->x_label)
    {
      double y = bottom + TICK_LENGTH + (axes->hide_x_tick_labels ? 0 : LABEL_GAP + fl.tick_text_height)
                 + LABEL_GAP;
      layout_draw (cr, axis_layout, axes->x_label, r.x + r.width / 2, y, 0.5, 0.0, &colors->foreground);
    }
  if (axes->y_label)
    {
      double x = left - TICK_LENGTH - LABEL_GAP - fl.y_label_width - 1.5 * LABEL_GAP
                 - fl.axis_text_height / 2;
      layout_draw_vertical (cr, axis_layout, axes->y_label, x, r.y + r.height / 2, &colors->foreground);
    }
  cairo_restore (cr);
#undef MAP_X
#undef MAP_Y
  return r;
}

CwPlotRect
cw_plot_draw_frame (cairo_t *cr, int width, int height, const CwPlotColors *colors, double x0, double x1,
                    double y0, double y1, const char *x_label, const char *y_label, gboolean log_y)
{
  CwPlotAxes axes = {
    .x0 = x0, .x1 = x1, .y0 = y0, .y1 = y1,
    .x_label = x_label, .y_label = y_label, .log_y = log_y,
  };
  return cw_plot_draw_frame_axes (cr, width, height, colors, &axes);
}

/* ---- colour bar ---- */

static void
colorbar_color (double value, double vmin, double vmax, gboolean diverging, gboolean dark, GdkRGBA *c)
{
  if (diverging)
    {
      double m = MAX (fabs (vmin), fabs (vmax));
      cw_colormap_diverging (m > 0 ? value / m : 0.0, dark, c);
    }
  else
    cw_colormap_viridis (vmax > vmin ? (value - vmin) / (vmax - vmin) : 0.5, c);
}

static int
colorbar_ticks (double vmin, double vmax, double height, Tick *ticks)
{
  int n;
  linear_ticks (vmin, vmax, (int) CLAMP (height / 36.0, 2, 8), ticks, &n);
  return n;
}

double
cw_plot_colorbar_width (cairo_t *cr, double bar_width, double vmin, double vmax, const char *label,
                        double height)
{
  g_autoptr (PangoLayout) tick_layout = cw_plot_create_layout (cr, TICK_FONT_SCALE);
  Tick ticks[MAX_FRAME_TICKS + 2];
  int n = colorbar_ticks (vmin, vmax, height, ticks);
  double width = bar_width + TICK_LENGTH + LABEL_GAP + widest_label (tick_layout, ticks, n);
  if (label)
    {
      double h;
      cw_plot_text_size (cr, label, AXIS_FONT_SCALE, NULL, &h);
      width += 2 * LABEL_GAP + h;
    }
  return width;
}

void
cw_plot_draw_colorbar (cairo_t *cr, double x, double y, double bar_width, double height, double vmin,
                       double vmax, const char *label, gboolean diverging, const CwPlotColors *colors)
{
  if (!(vmax > vmin))
    vmax = vmin + 1.0;
  gboolean dark = colors->background.red + colors->background.green + colors->background.blue < 1.5;
  g_autoptr (PangoLayout) tick_layout = cw_plot_create_layout (cr, TICK_FONT_SCALE);
  g_autoptr (PangoLayout) axis_layout = cw_plot_create_layout (cr, AXIS_FONT_SCALE);

  cairo_save (cr);
  cairo_pattern_t *gradient = cairo_pattern_create_linear (0, y + height, 0, y);
  for (int i = 0; i <= 32; i++)
    {
      GdkRGBA c;
      colorbar_color (vmin + (vmax - vmin) * i / 32.0, vmin, vmax, diverging, dark, &c);
      cairo_pattern_add_color_stop_rgb (gradient, i / 32.0, c.red, c.green, c.blue);
    }
  cairo_rectangle (cr, x, y, bar_width, height);
  cairo_set_source (cr, gradient);
  cairo_fill (cr);
  cairo_pattern_destroy (gradient);

  cairo_set_line_width (cr, 1.0);
  cw_plot_set_color (cr, &colors->axis, 1.0);
  cairo_rectangle (cr, crisp (x), crisp (y), round (bar_width), round (height) - 1);
  Tick ticks[MAX_FRAME_TICKS + 2];
  int n = colorbar_ticks (vmin, vmax, height, ticks);
  double right = x + bar_width;
  for (int i = 0; i < n; i++)
    {
      double ty = crisp (y + height - (ticks[i].position - vmin) / (vmax - vmin) * height);
      cairo_move_to (cr, right, ty);
      cairo_line_to (cr, right + TICK_LENGTH, ty);
    }
  cairo_stroke (cr);

  GdkRGBA muted = colors->foreground;
  muted.alpha *= 0.78f;
  for (int i = 0; i < n; i++)
    {
      double ty = y + height - (ticks[i].position - vmin) / (vmax - vmin) * height;
      layout_draw (cr, tick_layout, ticks[i].label, right + TICK_LENGTH + LABEL_GAP, ty, 0.0, 0.5, &muted);
    }
  if (label)
    {
      double lx = right + TICK_LENGTH + LABEL_GAP + widest_label (tick_layout, ticks, n) + 2 * LABEL_GAP;
      double h;
      layout_size (axis_layout, label, NULL, &h);
      layout_draw_vertical (cr, axis_layout, label, lx + h / 2, y + height / 2, &colors->foreground);
    }
  cairo_restore (cr);
}

void
cw_plot_add_pointer_controllers (GtkWidget *widget, GCallback on_motion, GCallback on_leave,
                                 GCallback on_pressed, gpointer user_data)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", on_motion, user_data);
  g_signal_connect (motion, "leave", on_leave, user_data);
  gtk_widget_add_controller (widget, motion);

  GtkGesture *click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", on_pressed, user_data);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));
}
