/* cw-drawable.h — the interface every chart implements: draw itself with cairo at any size, name itself,
 * give its plotted values as CSV, and (for charts that zoom) say whether it is zoomed and reset the view.
 * The widget's snapshot calls its own draw (through gtk_snapshot_append_cairo), and export renders the
 * same drawing into PNG, SVG or PDF surfaces, so an exported figure is exactly what is on screen, under a
 * band with the chart's title. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CW_TYPE_DRAWABLE (cw_drawable_get_type ())
G_DECLARE_INTERFACE (CwDrawable, cw_drawable, CW, DRAWABLE, GtkWidget)

struct _CwDrawableInterface
{
  GTypeInterface parent_iface;

  /* Draws the whole chart into cr, in a width x height area starting at (0, 0), using the widget's
   * current data, view range and style (colours from the widget's style context / dark flag). While
   * cw_drawable_get_title_in_band is TRUE the chart leaves out the title it would draw itself. */
  void (*draw) (CwDrawable *self, cairo_t *cr, int width, int height);

  /* The plotted values as CSV text (header line, then one line per row; "\n" line ends): the axis
   * column(s), then one column per series. Required. */
  char *(*dup_csv) (CwDrawable *self);

  /* The title the chart draws itself (e.g. set with cw_signal_plot_set_title), or NULL. Optional. */
  const char *(*get_own_title) (CwDrawable *self);

  /* Charts that zoom: whether the view is narrower than the data, and back to all of it. Optional; a
   * chart without them never counts as zoomed. */
  gboolean (*get_zoomed) (CwDrawable *self);
  void (*reset_zoom) (CwDrawable *self);

  /* What the chart is called when nobody named it, e.g. "Signal plot". */
  const char *default_title;
};

void cw_drawable_draw (CwDrawable *self, cairo_t *cr, int width, int height);

/* The chart's name: the title it draws itself, else the one its page gave it
 * (cw_drawable_set_fallback_title), else the type's default ("Signal plot", "Loss plot", …). Never NULL. */
const char *cw_drawable_get_title (CwDrawable *self);
/* How the page names the chart when the chart does not draw a title of its own ("Loss per epoch").
 * NULL removes it. */
void cw_drawable_set_fallback_title (CwDrawable *self, const char *title);
/* TRUE while an export draws the chart under its title band (the chart then skips its own title). */
gboolean cw_drawable_get_title_in_band (CwDrawable *self);

/* The plotted values as CSV (see the dup_csv vfunc). Free with g_free. */
char *cw_drawable_dup_csv (CwDrawable *self);

/* TRUE when the chart zooms at all, and whether it is zoomed now. */
gboolean cw_drawable_can_zoom (CwDrawable *self);
gboolean cw_drawable_get_zoomed (CwDrawable *self);
void cw_drawable_reset_zoom (CwDrawable *self);

/* Writes the chart to path; the format follows the extension (.png, .svg, .pdf). width/height <= 0 use
 * the widget's current allocation (or 800 x 500 when unallocated). The title band goes above the chart,
 * so the file is taller than height by cw_drawable_title_band_height; an SVG also carries the title as
 * its <title> element. PNG is rendered at 2x for sharpness. */
gboolean cw_drawable_export (CwDrawable *self, const char *path, int width, int height, GError **error);
/* The height, in user units, of the band an export adds above the chart. */
int cw_drawable_title_band_height (void);

/* A file name stem made from the title: letters, digits, '-' and '_' kept (non-ASCII letters too),
 * everything else folded to single '-', lower case, at most 60 bytes, never empty ("plot"). */
char *cw_drawable_file_stem (const char *title);

/* Helper for implementers: the snapshot vfunc body. */
void cw_drawable_snapshot (CwDrawable *self, GtkSnapshot *snapshot);

/* Helpers for implementers of dup_csv: a cell (quoted when a reader would split or misread it; a ','
 * goes before it unless first), and number cells (empty when not finite; the shortest text that reads
 * back to the same double, or float for data kept as floats, so 0.1f is written "0.1"). */
void cw_drawable_csv_text (GString *csv, const char *text, gboolean first);
void cw_drawable_csv_number (GString *csv, double value, gboolean first);
void cw_drawable_csv_float (GString *csv, float value, gboolean first);

G_END_DECLS
