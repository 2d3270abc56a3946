/* cw-wrap-box.c — children left to right, wrapping to new lines (see cw-wrap-box.h).
 *
 * Height-for-width: the width decides where lines break, and each line is as tall as its tallest child, with
 * the others centred on it. A child never gets less than its minimum width, nor more than its natural width. */
#include "cw-wrap-box.h"

struct _CwWrapBox
{
  GtkWidget parent_instance;

  int column_spacing;
  int line_spacing;
};

G_DEFINE_FINAL_TYPE (CwWrapBox, cw_wrap_box, GTK_TYPE_WIDGET)

typedef struct
{
  GtkWidget *child;
  int x, width, line;
} Placement;

/* Breaks the visible children into lines for `width` (G_MAXINT: one line). Fills placements (when given) and
 * returns the total height; line_heights receives one height per line. */
static int
break_lines (CwWrapBox *self, int width, GArray *placements, GArray *line_heights)
{
  int x = 0, line = 0, line_height = 0, total = 0;
  gboolean line_empty = TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_should_layout (child))
        continue;
      int min_width, nat_width;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &nat_width, NULL, NULL);
      int child_width = MAX (min_width, MIN (nat_width, width));
      if (!line_empty && x + self->column_spacing + child_width > width)
        {
          if (line_heights != NULL)
            g_array_append_val (line_heights, line_height);
          total += line_height + self->line_spacing;
          line++;
          x = 0;
          line_height = 0;
          line_empty = TRUE;
        }
      if (!line_empty)
        x += self->column_spacing;
      int child_height;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_width, NULL, &child_height, NULL, NULL);
      line_height = MAX (line_height, child_height);
      if (placements != NULL)
        {
          Placement p = { child, x, child_width, line };
          g_array_append_val (placements, p);
        }
      x += child_width;
      line_empty = FALSE;
    }
  if (line_empty && line == 0)
    return 0;
  if (line_heights != NULL)
    g_array_append_val (line_heights, line_height);
  return total + line_height;
}

static GtkSizeRequestMode
cw_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
cw_wrap_box_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum, int *natural,
                     int *minimum_baseline, int *natural_baseline)
{
  CwWrapBox *self = CW_WRAP_BOX (widget);
  int min = 0, nat = 0, n = 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* narrowest: the widest child alone on its line; widest: everything on one line */
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          if (!gtk_widget_should_layout (child))
            continue;
          int child_min, child_nat;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
          min = MAX (min, child_min);
          nat += child_nat + (n++ > 0 ? self->column_spacing : 0);
        }
    }
  else
    {
      /* without a width to go by, assume the narrowest: one child per line */
      min = nat = break_lines (self, for_size >= 0 ? for_size : 0, NULL, NULL);
    }
  *minimum = min;
  *natural = nat;
}

static void
cw_wrap_box_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  CwWrapBox *self = CW_WRAP_BOX (widget);
  g_autoptr (GArray) placements = g_array_new (FALSE, FALSE, sizeof (Placement));
  g_autoptr (GArray) line_heights = g_array_new (FALSE, FALSE, sizeof (int));
  break_lines (self, width, placements, line_heights);

  int line = -1, y = 0, line_height = 0;
  for (guint i = 0; i < placements->len; i++)
    {
      const Placement *p = &g_array_index (placements, Placement, i);
      while (line < p->line)
        {
          y += line >= 0 ? line_height + self->line_spacing : 0;
          line++;
          line_height = g_array_index (line_heights, int, line);
        }
      int child_height;
      gtk_widget_measure (p->child, GTK_ORIENTATION_VERTICAL, p->width, NULL, &child_height, NULL, NULL);
      child_height = MIN (child_height, line_height);
      int x = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL ? width - p->x - p->width : p->x;
      gtk_widget_size_allocate (p->child,
                                &(GtkAllocation) { x, y + (line_height - child_height) / 2, p->width, child_height },
                                -1);
    }
}

static void
cw_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (cw_wrap_box_parent_class)->dispose (object);
}

static void
cw_wrap_box_class_init (CwWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = cw_wrap_box_dispose;
  widget_class->get_request_mode = cw_wrap_box_get_request_mode;
  widget_class->measure = cw_wrap_box_measure;
  widget_class->size_allocate = cw_wrap_box_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "wrapbox");
}

static void
cw_wrap_box_init (CwWrapBox *self)
{
}

GtkWidget *
cw_wrap_box_new (int column_spacing, int line_spacing)
{
  CwWrapBox *self = g_object_new (CW_TYPE_WRAP_BOX, NULL);
  self->column_spacing = column_spacing;
  self->line_spacing = line_spacing;
  return GTK_WIDGET (self);
}

void
cw_wrap_box_append (CwWrapBox *self, GtkWidget *child)
{
  g_return_if_fail (CW_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child) && gtk_widget_get_parent (child) == NULL);
  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

void
cw_wrap_box_remove (CwWrapBox *self, GtkWidget *child)
{
  g_return_if_fail (CW_IS_WRAP_BOX (self));
  g_return_if_fail (gtk_widget_get_parent (child) == GTK_WIDGET (self));
  gtk_widget_unparent (child);
}
