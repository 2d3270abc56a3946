/* cw-wrap-box.h — a container that lines its children up left to right and starts a new line when the next
 * one does not fit (GTK 4.8 has none; libadwaita's AdwWrapBox is not available). The layer cards put their
 * editors in one, so a conv layer's fields take one line in a wide pane and two or three in a narrow one. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CW_TYPE_WRAP_BOX (cw_wrap_box_get_type ())
G_DECLARE_FINAL_TYPE (CwWrapBox, cw_wrap_box, CW, WRAP_BOX, GtkWidget)

/* column_spacing between neighbours on a line, line_spacing between lines (pixels). */
GtkWidget *cw_wrap_box_new (int column_spacing, int line_spacing);
void cw_wrap_box_append (CwWrapBox *self, GtkWidget *child);
void cw_wrap_box_remove (CwWrapBox *self, GtkWidget *child);

G_END_DECLS
