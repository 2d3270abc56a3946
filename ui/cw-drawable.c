/* cw-drawable.c — the chart drawing interface and its export to PNG, SVG and PDF. */
#include "cw-drawable.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>

G_DEFINE_INTERFACE (CwDrawable, cw_drawable, GTK_TYPE_WIDGET)

static void
cw_drawable_default_init (CwDrawableInterface *iface)
{
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

  g_autofree char *lower = g_ascii_strdown (path, -1);
  cairo_surface_t *surface;
  gboolean png = FALSE;
  if (g_str_has_suffix (lower, ".svg"))
    surface = cairo_svg_surface_create (path, width, height);
  else if (g_str_has_suffix (lower, ".pdf"))
    surface = cairo_pdf_surface_create (path, width, height);
  else if (g_str_has_suffix (lower, ".png"))
    {
      /* Twice the pixels so the figure stays sharp in documents and on HiDPI screens. */
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 2 * width, 2 * height);
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
  cw_drawable_draw (self, cr, width, height);
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
    }
  cairo_surface_destroy (surface);
  return ok;
}
