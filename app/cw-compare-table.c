/* cw-compare-table.c — CNN vs PLS metrics as one small grid. */
#include "cw-compare-table.h"

#include <math.h>

struct _CwCompareTable
{
  GtkWidget parent_instance;

  /* child widgets */
  GtkGrid *grid;

  int n_rows;
};

G_DEFINE_FINAL_TYPE (CwCompareTable, cw_compare_table, GTK_TYPE_WIDGET)

typedef enum
{
  BETTER_LOWER,
  BETTER_HIGHER,
  BETTER_NEARER_ZERO,
  BETTER_NONE,
} Better;

static void
clear_grid (CwCompareTable *self)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  self->n_rows = 0;
}

static GtkLabel *
add_cell (CwCompareTable *self, const char *text, int column, int row, gboolean header)
{
  GtkWidget *label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), column == CW_COMPARE_COLUMN_NAME ? 0.0f : 1.0f);
  if (header)
    gtk_widget_add_css_class (label, "dim-label");
  else if (column != CW_COMPARE_COLUMN_NAME)
    gtk_widget_add_css_class (label, "numeric");
  if (column == CW_COMPARE_COLUMN_NAME)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 8);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 22);
    }
  gtk_grid_attach (self->grid, label, column, row, 1, 1);
  self->n_rows = MAX (self->n_rows, row + 1);
  return GTK_LABEL (label);
}

static char *
format_value (double value, gboolean percent)
{
  if (!isfinite (value))
    return g_strdup ("—");
  if (percent)
    return g_strdup_printf ("%.1f %%", 100.0 * value);
  return g_strdup_printf ("%.4g", value);
}

static gboolean
is_better (double a, double b, Better better)
{
  if (!isfinite (a) || !isfinite (b) || a == b)
    return FALSE;
  switch (better)
    {
    case BETTER_LOWER: return a < b;
    case BETTER_HIGHER: return a > b;
    case BETTER_NEARER_ZERO: return fabs (a) < fabs (b);
    default: return FALSE;
    }
}

/* One metric row; the better of the two values in bold. */
static void
add_metric (CwCompareTable *self, const char *name, double cnn, double pls, gboolean percent, Better better)
{
  int row = self->n_rows;
  add_cell (self, name, CW_COMPARE_COLUMN_NAME, row, FALSE);
  const double values[2] = { cnn, pls };
  for (int m = 0; m < 2; m++)
    {
      g_autofree char *text = format_value (values[m], percent);
      GtkLabel *label = add_cell (self, text, CW_COMPARE_COLUMN_CNN + m, row, FALSE);
      if (is_better (values[m], values[1 - m], better))
        {
          PangoAttrList *attrs = pango_attr_list_new ();
          pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
          gtk_label_set_attributes (label, attrs);
          pango_attr_list_unref (attrs);
        }
    }
}

static void
add_text_row (CwCompareTable *self, const char *name, const char *cnn, const char *pls)
{
  int row = self->n_rows;
  add_cell (self, name, CW_COMPARE_COLUMN_NAME, row, FALSE);
  add_cell (self, cnn ? cnn : "—", CW_COMPARE_COLUMN_CNN, row, FALSE);
  add_cell (self, pls ? pls : "—", CW_COMPARE_COLUMN_PLS, row, FALSE);
}

void
cw_compare_table_set (CwCompareTable *self, cw_task task, const CwCompareMetrics *cnn, const CwCompareMetrics *pls,
                      const char *cnn_model, const char *pls_model, const char *const *class_names)
{
  g_return_if_fail (CW_IS_COMPARE_TABLE (self));
  clear_grid (self);
  add_cell (self, "Metric", CW_COMPARE_COLUMN_NAME, 0, TRUE);
  add_cell (self, "CNN", CW_COMPARE_COLUMN_CNN, 0, TRUE);
  add_cell (self, "PLS", CW_COMPARE_COLUMN_PLS, 0, TRUE);

  if (task == CW_TASK_REGRESSION)
    {
      add_metric (self, "RMSEP", cnn ? cnn->rmsep : NAN, pls ? pls->rmsep : NAN, FALSE, BETTER_LOWER);
      add_metric (self, "SEP", cnn ? cnn->sep : NAN, pls ? pls->sep : NAN, FALSE, BETTER_LOWER);
      add_metric (self, "Bias", cnn ? cnn->bias : NAN, pls ? pls->bias : NAN, FALSE, BETTER_NEARER_ZERO);
      add_metric (self, "R²", cnn ? cnn->r2 : NAN, pls ? pls->r2 : NAN, FALSE, BETTER_HIGHER);
      add_metric (self, "RPD", cnn ? cnn->rpd : NAN, pls ? pls->rpd : NAN, FALSE, BETTER_HIGHER);
      add_metric (self, "MAE", cnn ? cnn->mae : NAN, pls ? pls->mae : NAN, FALSE, BETTER_LOWER);
    }
  else
    {
      add_metric (self, "Accuracy", cnn ? cnn->accuracy : NAN, pls ? pls->accuracy : NAN, TRUE, BETTER_HIGHER);
      int n_classes = MAX (cnn ? cnn->n_classes : 0, pls ? pls->n_classes : 0);
      /* "Recall" once, then the class names indented under it: short names keep the columns narrow. */
      if (n_classes > 0)
        add_cell (self, "Recall", CW_COMPARE_COLUMN_NAME, self->n_rows, TRUE);
      for (int c = 0; c < n_classes; c++)
        {
          g_autofree char *fallback = g_strdup_printf ("class %d", c);
          g_autofree char *name = g_strdup_printf ("   %s", class_names && class_names[c] ? class_names[c] : fallback);
          double a = cnn && c < cnn->n_classes ? cnn->recall[c] : NAN;
          double b = pls && c < pls->n_classes ? pls->recall[c] : NAN;
          add_metric (self, name, a, b, TRUE, BETTER_HIGHER);
        }
    }
  g_autofree char *n_cnn = cnn ? g_strdup_printf ("%d", cnn->n) : NULL;
  g_autofree char *n_pls = pls ? g_strdup_printf ("%d", pls->n) : NULL;
  add_text_row (self, "n", n_cnn, n_pls);
  add_text_row (self, "Model", cnn_model, pls_model);
}

void
cw_compare_table_add_text_row (CwCompareTable *self, const char *name, const char *cnn, const char *pls)
{
  g_return_if_fail (CW_IS_COMPARE_TABLE (self));
  add_text_row (self, name, cnn, pls);
}

const char *
cw_compare_table_get_text (CwCompareTable *self, int row, int column)
{
  g_return_val_if_fail (CW_IS_COMPARE_TABLE (self), NULL);
  GtkWidget *child = gtk_grid_get_child_at (self->grid, column, row);
  return child != NULL ? gtk_label_get_text (GTK_LABEL (child)) : NULL;
}

int
cw_compare_table_find_row (CwCompareTable *self, const char *name)
{
  g_return_val_if_fail (CW_IS_COMPARE_TABLE (self), -1);
  for (int row = 1; row < self->n_rows; row++)
    {
      const char *text = cw_compare_table_get_text (self, row, CW_COMPARE_COLUMN_NAME);
      while (text != NULL && *text == ' ')
        text++;
      if (g_strcmp0 (text, name) == 0)
        return row;
    }
  return -1;
}

/* ---- GObject ---- */

static void
cw_compare_table_dispose (GObject *object)
{
  CwCompareTable *self = CW_COMPARE_TABLE (object);

  if (self->grid != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->grid));
      self->grid = NULL;
    }

  G_OBJECT_CLASS (cw_compare_table_parent_class)->dispose (object);
}

static void
cw_compare_table_class_init (CwCompareTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_compare_table_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "comparetable");
}

static void
cw_compare_table_init (CwCompareTable *self)
{
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->grid, 18);
  gtk_grid_set_row_spacing (self->grid, 3);
  gtk_widget_set_parent (GTK_WIDGET (self->grid), GTK_WIDGET (self));
  cw_compare_table_set (self, CW_TASK_REGRESSION, NULL, NULL, NULL, NULL, NULL);
}

GtkWidget *
cw_compare_table_new (void)
{
  return g_object_new (CW_TYPE_COMPARE_TABLE, NULL);
}
