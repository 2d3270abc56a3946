/* cw-metrics-table.c — training, validation and test metrics and per-class precision/recall as two small
 * grids. */
#include "cw-metrics-table.h"

#include <math.h>

enum
{
  METRIC_ROW_RMSE,
  METRIC_ROW_MAE,
  METRIC_ROW_R2,
  METRIC_ROW_ACCURACY,
  N_METRIC_ROWS
};

enum
{
  METRIC_COLUMN_TRAIN,
  METRIC_COLUMN_VALIDATION,
  METRIC_COLUMN_TEST,
  N_METRIC_COLUMNS
};

struct _CwMetricsTable
{
  GtkWidget parent_instance;

  /* child widgets */
  GtkWidget *box;
  GtkGrid *metrics_grid;
  GtkGrid *class_grid;

  /* borrowed: labels inside the grids, rebuilt when the task or the class count changes */
  GtkLabel *metric_values[N_METRIC_ROWS][N_METRIC_COLUMNS];
  GtkLabel **class_values;      /* class_rows x 2: precision, recall (the array is owned) */
  GtkLabel *headers[N_METRIC_COLUMNS];

  int layout;                   /* -1 none, CW_TASK_REGRESSION or CW_TASK_MULTICLASS (any classification) */
  int class_rows;
};

G_DEFINE_FINAL_TYPE (CwMetricsTable, cw_metrics_table, GTK_TYPE_WIDGET)

static char *
format_metric (double value, gboolean percent)
{
  if (!isfinite (value))
    return g_strdup ("—");
  if (percent)
    return g_strdup_printf ("%.1f %%", 100.0 * value);
  return g_strdup_printf ("%.4g", value);
}

static GtkLabel *
grid_label (GtkGrid *grid, const char *text, int column, int row, gboolean header, float xalign)
{
  GtkWidget *label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_add_css_class (label, header ? "dim-label" : "numeric");
  gtk_grid_attach (grid, label, column, row, 1, 1);
  return GTK_LABEL (label);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
ensure_layout (CwMetricsTable *self, cw_task task)
{
  int layout = task == CW_TASK_REGRESSION ? CW_TASK_REGRESSION : CW_TASK_MULTICLASS;
  if (self->layout == layout)
    return;
  self->layout = layout;
  clear_grid (self->metrics_grid);
  memset (self->metric_values, 0, sizeof self->metric_values);

  static const char *const titles[N_METRIC_COLUMNS] = { "Training", "Validation", "Test (scored once)" };
  for (int c = 0; c < N_METRIC_COLUMNS; c++)
    self->headers[c] = grid_label (self->metrics_grid, titles[c], 1 + c, 0, TRUE, 1.0f);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->headers[METRIC_COLUMN_TEST]),
                               "The final model on the test rows, after every choice was made on the training rows");
  static const char *const names[N_METRIC_ROWS] = { "RMSE", "MAE", "R²", "Accuracy" };
  int first = layout == CW_TASK_REGRESSION ? METRIC_ROW_RMSE : METRIC_ROW_ACCURACY;
  int last = layout == CW_TASK_REGRESSION ? METRIC_ROW_R2 : METRIC_ROW_ACCURACY;
  for (int r = first, row = 1; r <= last; r++, row++)
    {
      grid_label (self->metrics_grid, names[r], 0, row, FALSE, 0.0f);
      for (int c = 0; c < N_METRIC_COLUMNS; c++)
        self->metric_values[r][c] = grid_label (self->metrics_grid, "—", 1 + c, row, FALSE, 1.0f);
    }
}

static void
set_metric (CwMetricsTable *self, int row, int column, double value)
{
  GtkLabel *label = self->metric_values[row][column];
  if (label == NULL)
    return;
  g_autofree char *text = format_metric (value, row == METRIC_ROW_ACCURACY);
  gtk_label_set_text (label, text);
}

static void
update_class_grid (CwMetricsTable *self, const cw_metrics *m, const char *const *class_names)
{
  gboolean show = m != NULL && m->n > 0 && m->task != CW_TASK_REGRESSION && m->n_classes > 0;
  gtk_widget_set_visible (GTK_WIDGET (self->class_grid), show);
  if (!show)
    return;

  if (self->class_rows != m->n_classes)
    {
      clear_grid (self->class_grid);
      g_clear_pointer (&self->class_values, g_free);
      self->class_rows = m->n_classes;
      self->class_values = g_new0 (GtkLabel *, 2 * (gsize) m->n_classes);
      grid_label (self->class_grid, m->task == CW_TASK_MULTILABEL ? "Label" : "Class", 0, 0, TRUE, 0.0f);
      grid_label (self->class_grid, "Precision", 1, 0, TRUE, 1.0f);
      grid_label (self->class_grid, "Recall", 2, 0, TRUE, 1.0f);
      for (int i = 0; i < m->n_classes; i++)
        {
          GtkLabel *name = grid_label (self->class_grid, "", 0, i + 1, FALSE, 0.0f);
          gtk_label_set_ellipsize (name, PANGO_ELLIPSIZE_END);
          gtk_label_set_max_width_chars (name, 18);
          self->class_values[2 * i] = grid_label (self->class_grid, "—", 1, i + 1, FALSE, 1.0f);
          self->class_values[2 * i + 1] = grid_label (self->class_grid, "—", 2, i + 1, FALSE, 1.0f);
        }
    }
  for (int i = 0; i < m->n_classes; i++)
    {
      GtkWidget *name = gtk_grid_get_child_at (self->class_grid, 0, i + 1);
      g_autofree char *fallback = g_strdup_printf ("class %d", i);
      gtk_label_set_text (GTK_LABEL (name), class_names && class_names[i] ? class_names[i] : fallback);
      g_autofree char *precision = format_metric (m->precision ? m->precision[i] : NAN, TRUE);
      g_autofree char *recall = format_metric (m->recall ? m->recall[i] : NAN, TRUE);
      gtk_label_set_text (self->class_values[2 * i], precision);
      gtk_label_set_text (self->class_values[2 * i + 1], recall);
    }
}

static void
set_column (CwMetricsTable *self, int column, const cw_metrics *m)
{
  gboolean has = m != NULL && m->n > 0;
  if (self->layout == CW_TASK_REGRESSION)
    {
      set_metric (self, METRIC_ROW_RMSE, column, has ? m->rmse : NAN);
      set_metric (self, METRIC_ROW_MAE, column, has ? m->mae : NAN);
      set_metric (self, METRIC_ROW_R2, column, has ? m->r2 : NAN);
    }
  else
    set_metric (self, METRIC_ROW_ACCURACY, column, has ? m->accuracy : NAN);
}

void
cw_metrics_table_set (CwMetricsTable *self, cw_task task, const cw_metrics *val, double train_metric,
                      const char *const *class_names)
{
  g_return_if_fail (CW_IS_METRICS_TABLE (self));
  ensure_layout (self, task);
  gtk_label_set_text (self->headers[METRIC_COLUMN_VALIDATION], "Validation");
  set_column (self, METRIC_COLUMN_VALIDATION, val);
  set_column (self, METRIC_COLUMN_TRAIN, NULL);
  set_column (self, METRIC_COLUMN_TEST, NULL);
  set_metric (self, task == CW_TASK_REGRESSION ? METRIC_ROW_RMSE : METRIC_ROW_ACCURACY, METRIC_COLUMN_TRAIN,
              train_metric);
  update_class_grid (self, val != NULL && val->n > 0 ? val : NULL, class_names);
}

void
cw_metrics_table_set_all (CwMetricsTable *self, cw_task task, const cw_metrics *train, const cw_metrics *val,
                          const char *val_title, const cw_metrics *test, const char *const *class_names)
{
  g_return_if_fail (CW_IS_METRICS_TABLE (self));
  ensure_layout (self, task);
  gtk_label_set_text (self->headers[METRIC_COLUMN_VALIDATION], val_title ? val_title : "Validation");
  set_column (self, METRIC_COLUMN_TRAIN, train);
  set_column (self, METRIC_COLUMN_VALIDATION, val);
  set_column (self, METRIC_COLUMN_TEST, test);
  update_class_grid (self, val != NULL && val->n > 0 ? val : NULL, class_names);
}

const char *
cw_metrics_table_get_text (CwMetricsTable *self, int row, int column)
{
  g_return_val_if_fail (CW_IS_METRICS_TABLE (self), NULL);
  GtkWidget *child = gtk_grid_get_child_at (self->metrics_grid, column, row);
  return child != NULL ? gtk_label_get_text (GTK_LABEL (child)) : NULL;
}

/* ---- GObject ---- */

static void
cw_metrics_table_dispose (GObject *object)
{
  CwMetricsTable *self = CW_METRICS_TABLE (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->class_values, g_free);

  G_OBJECT_CLASS (cw_metrics_table_parent_class)->dispose (object);
}

static void
cw_metrics_table_class_init (CwMetricsTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_metrics_table_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "metricstable");
}

static GtkGrid *
new_grid (CwMetricsTable *self)
{
  GtkWidget *grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_box_append (GTK_BOX (self->box), grid);
  return GTK_GRID (grid);
}

static void
cw_metrics_table_init (CwMetricsTable *self)
{
  self->layout = -1;
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->metrics_grid = new_grid (self);
  self->class_grid = new_grid (self);
  gtk_widget_set_visible (GTK_WIDGET (self->class_grid), FALSE);
}

GtkWidget *
cw_metrics_table_new (void)
{
  return g_object_new (CW_TYPE_METRICS_TABLE, NULL);
}
