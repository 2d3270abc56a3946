/* cw-drawable.c — the chart interface: its name, its values as CSV, its zoom, and its export to PNG, SVG
 * and PDF under a title band. */
#include "cw-drawable.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cw-chart-text.h"
#include "cw-plot-style.h"

#define TITLE_BAND_HEIGHT 34
#define TITLE_BAND_PAD 12

G_DEFINE_INTERFACE (CwDrawable, cw_drawable, GTK_TYPE_WIDGET)

/* Kept on the instance rather than in each chart's struct: the page's name for a chart and the export
 * flag belong to the interface, and every implementer gets them for free. */
static GQuark fallback_title_quark;
static GQuark title_in_band_quark;

static void
cw_drawable_default_init (CwDrawableInterface *iface)
{
  fallback_title_quark = g_quark_from_static_string ("cw-drawable-fallback-title");
  title_in_band_quark = g_quark_from_static_string ("cw-drawable-title-in-band");
  iface->default_title = "Plot";
}

void
cw_drawable_draw (CwDrawable *self, cairo_t *cr, int width, int height)
{
  g_return_if_fail (CW_IS_DRAWABLE (self));
  CwDrawableInterface *iface = CW_DRAWABLE_GET_IFACE (self);
  g_return_if_fail (iface->draw != NULL);
  iface->draw (self, cr, width, height);
}

void
cw_drawable_snapshot (CwDrawable *self, GtkSnapshot *snapshot)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0)
    return;
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cw_drawable_draw (self, cr, width, height);
  cairo_destroy (cr);
}

/* ---- title ---- */

const char *
cw_drawable_get_title (CwDrawable *self)
{
  g_return_val_if_fail (CW_IS_DRAWABLE (self), NULL);
  CwDrawableInterface *iface = CW_DRAWABLE_GET_IFACE (self);
  const char *own = iface->get_own_title ? iface->get_own_title (self) : NULL;
  if (own && *own)
    return own;
  const char *fallback = g_object_get_qdata (G_OBJECT (self), fallback_title_quark);
  if (fallback && *fallback)
    return fallback;
  return iface->default_title ? iface->default_title : "Plot";
}

void
cw_drawable_set_fallback_title (CwDrawable *self, const char *title)
{
  g_return_if_fail (CW_IS_DRAWABLE (self));
  g_object_set_qdata_full (G_OBJECT (self), fallback_title_quark, g_strdup (title), g_free);
}

gboolean
cw_drawable_get_title_in_band (CwDrawable *self)
{
  g_return_val_if_fail (CW_IS_DRAWABLE (self), FALSE);
  return GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (self), title_in_band_quark));
}

int
cw_drawable_title_band_height (void)
{
  return TITLE_BAND_HEIGHT;
}

char *
cw_drawable_file_stem (const char *title)
{
  GString *stem = g_string_new (NULL);
  gboolean pending_dash = FALSE;
  for (const char *p = title ? title : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (g_unichar_isalnum (c) || c == '_' || c == '-')
        {
          char buf[8];
          int len = g_unichar_to_utf8 (g_unichar_tolower (c), buf);
          /* Whole characters only, so a cut never leaves half of one. */
          if (stem->len + (pending_dash ? 1 : 0) + len > 60)
            break;
          if (pending_dash && stem->len > 0)
            g_string_append_c (stem, '-');
          pending_dash = FALSE;
          g_string_append_len (stem, buf, len);
        }
      else
        pending_dash = TRUE; /* spaces, slashes, dots, quotes, "·": never part of a safe name */
    }
  while (stem->len > 0 && stem->str[stem->len - 1] == '-')
    g_string_truncate (stem, stem->len - 1);
  if (stem->len == 0)
    g_string_assign (stem, "plot");
  return g_string_free (stem, FALSE);
}

/* ---- values ---- */

char *
cw_drawable_dup_csv (CwDrawable *self)
{
  g_return_val_if_fail (CW_IS_DRAWABLE (self), NULL);
  CwDrawableInterface *iface = CW_DRAWABLE_GET_IFACE (self);
  if (!iface->dup_csv)
    return g_strdup ("");
  return iface->dup_csv (self);
}

void
cw_drawable_csv_text (GString *csv, const char *text, gboolean first)
{
  if (!first)
    g_string_append_c (csv, ',');
  if (!text)
    return;
  size_t n = strlen (text);
  gboolean quote = n > 0 && (strpbrk (text, ",;\t\"\r\n") || text[0] == ' ' || text[n - 1] == ' ');
  if (!quote)
    {
      g_string_append (csv, text);
      return;
    }
  g_string_append_c (csv, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

void
cw_drawable_csv_number (GString *csv, double value, gboolean first)
{
  if (!first)
    g_string_append_c (csv, ',');
  if (!isfinite (value))
    return;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (int digits = 6; digits <= 17; digits++)
    {
      char format[8];
      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (csv, buf);
}

void
cw_drawable_csv_float (GString *csv, float value, gboolean first)
{
  if (!first)
    g_string_append_c (csv, ',');
  if (!isfinite (value))
    return;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (int digits = 6; digits <= 9; digits++)
    {
      char format[8];
      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if ((float) g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (csv, buf);
}

/* ---- zoom ---- */

gboolean
cw_drawable_can_zoom (CwDrawable *self)
{
  g_return_val_if_fail (CW_IS_DRAWABLE (self), FALSE);
  return CW_DRAWABLE_GET_IFACE (self)->reset_zoom != NULL;
}

gboolean
cw_drawable_get_zoomed (CwDrawable *self)
{
  g_return_val_if_fail (CW_IS_DRAWABLE (self), FALSE);
  CwDrawableInterface *iface = CW_DRAWABLE_GET_IFACE (self);
  return iface->get_zoomed ? iface->get_zoomed (self) : FALSE;
}

void
cw_drawable_reset_zoom (CwDrawable *self)
{
  g_return_if_fail (CW_IS_DRAWABLE (self));
  CwDrawableInterface *iface = CW_DRAWABLE_GET_IFACE (self);
  if (iface->reset_zoom)
    iface->reset_zoom (self);
}

/* ---- export ---- */

static gboolean
check_surface (cairo_surface_t *surface, const char *path, GError **error)
{
  cairo_status_t st = cairo_surface_status (surface);
  if (st == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write “%s”: %s", path,
               cairo_status_to_string (st));
  return FALSE;
}

/* The band over the chart: the chart's background, the title at the chart's left padding, semibold and a
 * little larger than the chart's own text so it reads as the figure's caption. */
static void
draw_title_band (CwDrawable *self, cairo_t *cr, int width)
{
  CwPlotColors colors;
  cw_plot_colors_for_widget (GTK_WIDGET (self), &colors);
  gdk_cairo_set_source_rgba (cr, &colors.background);
  cairo_rectangle (cr, 0, 0, width, TITLE_BAND_HEIGHT);
  cairo_fill (cr);
  cairo_save (cr);
  cairo_rectangle (cr, TITLE_BAND_PAD, 0, MAX (width - 2 * TITLE_BAND_PAD, 0), TITLE_BAND_HEIGHT);
  cairo_clip (cr);
  cw_chart_text_draw (cr, cw_drawable_get_title (self), TITLE_BAND_PAD, TITLE_BAND_HEIGHT / 2.0 + 2, 0.0, 0.5,
                      0.0, &colors.foreground, 1.15, CW_CHART_TEXT_BOLD);
  cairo_restore (cr);
}

/* The chart below the band, clipped to its own area: charts paint their background with cairo_paint,
 * which would cover the band. */
static void
draw_with_band (CwDrawable *self, cairo_t *cr, int width, int height)
{
  cairo_save (cr);
  cairo_translate (cr, 0, TITLE_BAND_HEIGHT);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  g_object_set_qdata (G_OBJECT (self), title_in_band_quark, GINT_TO_POINTER (TRUE));
  cw_drawable_draw (self, cr, width, height);
  g_object_set_qdata (G_OBJECT (self), title_in_band_quark, NULL);
  cairo_restore (cr);
  draw_title_band (self, cr, width);
}

static cairo_status_t
append_to_string (void *closure, const unsigned char *data, unsigned int length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* cairo writes no <title>; it goes right after the <svg …> start tag, where viewers look for it. */
static gboolean
write_svg_with_title (GString *svg, const char *title, const char *path, GError **error)
{
  const char *root = strstr (svg->str, "<svg");
  const char *end = root ? strchr (root, '>') : NULL;
  if (end)
    {
      g_autofree char *escaped = g_markup_escape_text (title, -1);
      g_autofree char *element = g_strdup_printf ("\n<title>%s</title>", escaped);
      g_string_insert (svg, end + 1 - svg->str, element);
    }
  return g_file_set_contents (path, svg->str, (gssize) svg->len, error);
}

gboolean
cw_drawable_export (CwDrawable *self, const char *path, int width, int height, GError **error)
{
  g_return_val_if_fail (CW_IS_DRAWABLE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (width <= 0 || height <= 0)
    {
      width = gtk_widget_get_width (GTK_WIDGET (self));
      height = gtk_widget_get_height (GTK_WIDGET (self));
      if (width <= 0 || height <= 0)
        {
          width = 800;
          height = 500;
        }
    }
  int full_height = height + TITLE_BAND_HEIGHT;

  g_autofree char *lower = g_ascii_strdown (path, -1);
  g_autoptr (GString) svg = NULL;
  cairo_surface_t *surface;
  gboolean png = FALSE;
  if (g_str_has_suffix (lower, ".svg"))
    {
      svg = g_string_new (NULL);
      surface = cairo_svg_surface_create_for_stream (append_to_string, svg, width, full_height);
    }
  else if (g_str_has_suffix (lower, ".pdf"))
    surface = cairo_pdf_surface_create (path, width, full_height);
  else if (g_str_has_suffix (lower, ".png"))
    {
      /* Twice the pixels so the figure stays sharp in documents and on HiDPI screens. */
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 2 * width, 2 * full_height);
      cairo_surface_set_device_scale (surface, 2, 2);
      png = TRUE;
    }
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s”: choose a file name ending in .png, .svg or .pdf", path);
      return FALSE;
    }
  if (!check_surface (surface, path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }

  cairo_t *cr = cairo_create (surface);
  draw_with_band (self, cr, width, height);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  gboolean ok = TRUE;
  if (png)
    {
      cairo_status_t st = cairo_surface_write_to_png (surface, path);
      if (st != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write “%s”: %s", path,
                       cairo_status_to_string (st));
          ok = FALSE;
        }
    }
  else
    {
      cairo_surface_finish (surface);
      ok = check_surface (surface, path, error);
      if (ok && svg)
        ok = write_svg_with_title (svg, cw_drawable_get_title (self), path, error);
    }
  cairo_surface_destroy (surface);
  return ok;
}
