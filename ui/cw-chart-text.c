/* cw-chart-text.c — Pango text for the cairo charts. */
#include "cw-chart-text.h"

#include <math.h>
#include <string.h>

PangoLayout *
cw_chart_text_layout (cairo_t *cr, const char *text, double scale, CwChartTextFlags flags)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autofree char *font_name = NULL;
  GtkSettings *settings = gtk_settings_get_default ();
  if (settings != NULL)
    g_object_get (settings, "gtk-font-name", &font_name, NULL);
  g_autoptr (PangoFontDescription) font
    = pango_font_description_from_string (font_name != NULL ? font_name : "Sans 10");
  int size = pango_font_description_get_size (font);
  if (size <= 0)
    size = 10 * PANGO_SCALE;
  if (pango_font_description_get_size_is_absolute (font))
    pango_font_description_set_absolute_size (font, size * scale);
  else
    pango_font_description_set_size (font, (int) (size * scale));
  if (flags & CW_CHART_TEXT_BOLD)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  if (flags & CW_CHART_TEXT_TABULAR)
    {
      PangoAttrList *attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

void
cw_chart_text_size (cairo_t *cr, const char *text, double scale, CwChartTextFlags flags,
                    double *width, double *height)
{
  g_autoptr (PangoLayout) layout = cw_chart_text_layout (cr, text, scale, flags);
  int w, h;
  pango_layout_get_pixel_size (layout, &w, &h);
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
}

void
cw_chart_text_draw (cairo_t *cr, const char *text, double x, double y, double xalign, double yalign,
                    double angle, const GdkRGBA *color, double scale, CwChartTextFlags flags)
{
  if (text == NULL || text[0] == '\0')
    return;
  g_autoptr (PangoLayout) layout = cw_chart_text_layout (cr, text, scale, flags);
  int w, h;
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  if (angle != 0.0)
    cairo_rotate (cr, angle);
  /* Whole pixels keep small text crisp when it is not rotated. */
  double dx = -xalign * w, dy = -yalign * h;
  if (angle == 0.0)
    {
      double ux = dx, uy = dy;
      cairo_user_to_device (cr, &ux, &uy);
      double rx = round (ux), ry = round (uy);
      cairo_device_to_user (cr, &rx, &ry);
      dx = rx;
      dy = ry;
    }
  cairo_move_to (cr, dx, dy);
  gdk_cairo_set_source_rgba (cr, color);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

cairo_t *
cw_chart_scratch_context (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  cairo_surface_destroy (surface);
  return cr;
}

static double
linear_channel (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

double
cw_chart_luminance (const GdkRGBA *color)
{
  return 0.2126 * linear_channel (color->red) + 0.7152 * linear_channel (color->green)
         + 0.0722 * linear_channel (color->blue);
}

void
cw_chart_typographic_minus (char *buf, gsize size)
{
  gsize length = strlen (buf);
  if (buf[0] != '-' || length + 3 > size)
    return;
  memmove (buf + 3, buf + 1, length); /* with the terminating NUL */
  memcpy (buf, "\xe2\x88\x92", 3);
}
