/* cw-data-view-list.c — the Data page's sample list.
 *
 * A chain of list models over the dataset's row indices:
 *   GListStore (CwSampleRow) -> GtkFilterListModel (search entry) -> GtkSortListModel (column headers)
 *   -> GtkMultiSelection -> GtkColumnView.
 * Cells and sorters read the project's dataset directly, so nothing is copied per row. */
#include "cw-data-view-private.h"

#include <math.h>
#include <string.h>

G_DEFINE_FINAL_TYPE (CwSampleRow, cw_sample_row, G_TYPE_OBJECT)

static void cw_sample_row_class_init (CwSampleRowClass *klass) {}
static void cw_sample_row_init (CwSampleRow *self) {}

CwSampleRow *
cw_sample_row_new (int row)
{
  CwSampleRow *self = g_object_new (CW_TYPE_SAMPLE_ROW, NULL);
  self->row = row;
  return self;
}

typedef enum
{
  COLUMN_INDEX,
  COLUMN_TARGET,
  COLUMN_META,
} ColumnKind;

/* What a list column shows; one copy per factory and per sorter. */
typedef struct
{
  CwDataView *view; /* borrowed: the columns live inside the view */
  ColumnKind kind;
  int index;        /* target or meta column */
  gboolean numeric; /* right-aligned, tabular figures */
} ColumnInfo;

static char *
cell_text (const cw_dataset *ds, ColumnKind kind, int index, int row)
{
  switch (kind)
    {
    case COLUMN_INDEX:
      return g_strdup_printf ("%d", row + 1);
    case COLUMN_TARGET:
      {
        float value = cw_dataset_target_values (ds, index)[row];
        if (isnan (value))
          return g_strdup ("—");
        if (cw_dataset_target_is_categorical (ds, index))
          return g_strdup (cw_dataset_class_name (ds, index, (int) value));
        return g_strdup_printf ("%g", value);
      }
    case COLUMN_META:
      {
        const char *text = cw_dataset_meta_value (ds, row, index);
        return g_strdup (text ? text : "");
      }
    }
  return g_strdup ("");
}

gboolean
cw_data_view_parse_number (const char *text, double *value)
{
  if (!text || !*text)
    return FALSE;
  char *end = NULL;
  *value = g_ascii_strtod (text, &end);
  return end && *end == '\0';
}

/* Numbers line up on the right; a meta column counts when every cell is a number (sample ids). */
static gboolean
column_is_numeric (const cw_dataset *ds, ColumnKind kind, int index)
{
  switch (kind)
    {
    case COLUMN_INDEX:
      return TRUE;
    case COLUMN_TARGET:
      return !cw_dataset_target_is_categorical (ds, index);
    case COLUMN_META:
      for (int i = 0; i < cw_dataset_n_samples (ds); i++)
        {
          double value;
          if (!cw_data_view_parse_number (cw_dataset_meta_value (ds, i, index), &value))
            return FALSE;
        }
      return TRUE;
    }
  return FALSE;
}

static int
compare_numbers (double a, double b)
{
  /* Missing values sort last whichever way the column is sorted first. */
  if (isnan (a) || isnan (b))
    return isnan (a) - isnan (b);
  return (a > b) - (a < b);
}

static int
compare_rows (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const ColumnInfo *info = user_data;
  const cw_dataset *ds = info->view->dataset;
  int ra = CW_SAMPLE_ROW ((gpointer) a)->row;
  int rb = CW_SAMPLE_ROW ((gpointer) b)->row;
  if (!ds)
    return GTK_ORDERING_EQUAL;

  int order = 0;
  switch (info->kind)
    {
    case COLUMN_INDEX:
      order = (ra > rb) - (ra < rb);
      break;
    case COLUMN_TARGET:
      {
        const float *values = cw_dataset_target_values (ds, info->index);
        if (cw_dataset_target_is_categorical (ds, info->index) && !isnan (values[ra]) && !isnan (values[rb]))
          order = g_utf8_collate (cw_dataset_class_name (ds, info->index, (int) values[ra]),
                                  cw_dataset_class_name (ds, info->index, (int) values[rb]));
        else
          order = compare_numbers (values[ra], values[rb]);
        break;
      }
    case COLUMN_META:
      {
        const char *ta = cw_dataset_meta_value (ds, ra, info->index);
        const char *tb = cw_dataset_meta_value (ds, rb, info->index);
        double va, vb;
        /* Sample numbers kept as meta text should still sort 1, 2, 10. */
        if (cw_data_view_parse_number (ta, &va) && cw_data_view_parse_number (tb, &vb))
          order = compare_numbers (va, vb);
        else
          order = g_utf8_collate (ta ? ta : "", tb ? tb : "");
        break;
      }
    }
  if (order == 0)
    order = (ra > rb) - (ra < rb);
  return order < 0 ? GTK_ORDERING_SMALLER : order > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static gboolean
text_matches (const char *text, const char *key)
{
  if (!text)
    return FALSE;
  g_autofree char *folded = g_utf8_casefold (text, -1);
  return strstr (folded, key) != NULL;
}

static gboolean
row_matches_filter (gpointer item, gpointer user_data)
{
  CwDataView *self = user_data;
  const cw_dataset *ds = self->dataset;
  if (!self->filter_key || !ds)
    return TRUE;

  int row = CW_SAMPLE_ROW (item)->row;
  g_autofree char *number = cell_text (ds, COLUMN_INDEX, 0, row);
  if (text_matches (number, self->filter_key))
    return TRUE;
  for (int j = 0; j < cw_dataset_n_targets (ds); j++)
    {
      g_autofree char *text = cell_text (ds, COLUMN_TARGET, j, row);
      if (text_matches (text, self->filter_key))
        return TRUE;
    }
  for (int j = 0; j < cw_dataset_n_meta (ds); j++)
    if (text_matches (cw_dataset_meta_value (ds, row, j), self->filter_key))
      return TRUE;
  return FALSE;
}

static void
setup_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  const ColumnInfo *info = g_object_get_data (G_OBJECT (factory), "column-info");
  GtkWidget *label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), info->numeric ? 1.0f : 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (info->numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  const ColumnInfo *info = g_object_get_data (G_OBJECT (factory), "column-info");
  CwSampleRow *row = gtk_list_item_get_item (item);
  if (!info->view->dataset || !row)
    return;
  g_autofree char *text = cell_text (info->view->dataset, info->kind, info->index, row->row);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static ColumnInfo *
column_info_new (CwDataView *self, ColumnKind kind, int index)
{
  ColumnInfo *info = g_new0 (ColumnInfo, 1);
  info->view = self;
  info->kind = kind;
  info->index = index;
  info->numeric = column_is_numeric (self->dataset, kind, index);
  return info;
}

static void
append_column (CwDataView *self, const char *title, ColumnKind kind, int index)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_object_set_data_full (G_OBJECT (factory), "column-info", column_info_new (self, kind, index), g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), NULL);

  g_autoptr (GtkColumnViewColumn) column = gtk_column_view_column_new (title, factory);
  g_autoptr (GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows,
                                                                    column_info_new (self, kind, index),
                                                                    g_free));
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_column_set_resizable (column, TRUE);
  /* The last column takes the spare width so the table has no empty strip on the right. */
  gtk_column_view_column_set_expand (column, kind == COLUMN_META);
  gtk_column_view_append_column (self->column_view, column);
}

static void
rebuild_columns (CwDataView *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);
      gtk_column_view_remove_column (self->column_view, column);
    }

  const cw_dataset *ds = self->dataset;
  if (!ds)
    return;
  append_column (self, "#", COLUMN_INDEX, 0);
  for (int j = 0; j < cw_dataset_n_targets (ds); j++)
    append_column (self, cw_dataset_target_name (ds, j), COLUMN_TARGET, j);
  for (int j = 0; j < cw_dataset_n_meta (ds); j++)
    append_column (self, cw_dataset_meta_name (ds, j), COLUMN_META, j);
}

void
cw_data_view_list_init (CwDataView *self)
{
  self->rows = g_list_store_new (CW_TYPE_SAMPLE_ROW);
  self->filter = gtk_custom_filter_new (row_matches_filter, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->rows)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
}

void
cw_data_view_list_rebuild (CwDataView *self, const cw_dataset *ds)
{
  /* Old rows and columns go while no dataset is set, so no cell or sorter reads the new data with old
   * indices. */
  self->dataset = NULL;
  g_list_store_remove_all (self->rows);
  self->dataset = ds;
  rebuild_columns (self);

  int n = ds ? cw_dataset_n_samples (ds) : 0;
  g_autoptr (GPtrArray) items = g_ptr_array_new_full ((guint) n, g_object_unref);
  for (int i = 0; i < n; i++)
    g_ptr_array_add (items, cw_sample_row_new (i));
  g_list_store_splice (self->rows, 0, 0, items->pdata, items->len);
}

void
cw_data_view_set_filter_text (CwDataView *self, const char *text)
{
  g_clear_pointer (&self->filter_key, g_free);
  if (text && *text)
    self->filter_key = g_utf8_casefold (text, -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

guint
cw_data_view_position_of_row (CwDataView *self, int row)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  for (guint position = 0; position < g_list_model_get_n_items (model); position++)
    {
      g_autoptr (CwSampleRow) item = g_list_model_get_item (model, position);
      if (item->row == row)
        return position;
    }
  return GTK_INVALID_LIST_POSITION;
}

void
cw_data_view_scroll_to_position (CwDataView *self, guint position)
{
  /* GTK 4.8's column view has no scroll_to: its inner list view has the "list.scroll-to-item" action. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view)); child;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      {
        gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
        return;
      }
}
