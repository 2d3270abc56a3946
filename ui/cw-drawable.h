/* cw-drawable.h — the interface every chart implements: draw itself with cairo at any size.
 * The widget's snapshot calls its own draw (through gtk_snapshot_append_cairo), and export renders the
 * same drawing into PNG, SVG or PDF surfaces, so an exported figure is exactly what is on screen. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CW_TYPE_DRAWABLE (cw_drawable_get_type ())
G_DECLARE_INTERFACE (CwDrawable, cw_drawable, CW, DRAWABLE, GtkWidget)

struct _CwDrawableInterface
{
  GTypeInterface parent_iface;

  /* Draws the whole chart into cr, in a width x height area starting at (0, 0), using the widget's
   * current data, view range and style (colours from the widget's style context / dark flag). */
  void (*draw) (CwDrawable *self, cairo_t *cr, int width, int height);
};

void cw_drawable_draw (CwDrawable *self, cairo_t *cr, int width, int height);

/* Writes the chart to path; the format follows the extension (.png, .svg, .pdf). width/height <= 0 use
 * the widget's current allocation (or 800 x 500 when unallocated). PNG is rendered at 2x for sharpness. */
gboolean cw_drawable_export (CwDrawable *self, const char *path, int width, int height, GError **error);

/* Helper for implementers: the snapshot vfunc body. */
void cw_drawable_snapshot (CwDrawable *self, GtkSnapshot *snapshot);

G_END_DECLS
