/* cw-data-view-list.c — the Data page's sample list.
 *
 * A chain of list models over the dataset's row indices:
 *   GListStore (CwSampleRow) -> GtkFilterListModel (search entry) -> GtkSortListModel (column headers)
 *   -> GtkMultiSelection -> GtkColumnView.
 * Cells and sorters read the project's dataset directly, so nothing is copied per row. */
#include "cw-data-view-private.h"

#include <math.h>
#include <string.h>

#include "cw-rows-bar.h"

G_DEFINE_FINAL_TYPE (CwSampleRow, cw_sample_row, G_TYPE_OBJECT)

static GParamSpec *row_role_property;

static void
cw_sample_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  g_value_set_int (value, CW_SAMPLE_ROW (object)->role);
}

static void
cw_sample_row_class_init (CwSampleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->get_property = cw_sample_row_get_property;
  row_role_property = g_param_spec_int ("role", NULL, NULL, -1, CW_ROLE_TEST, -1,
                                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_property (object_class, 1, row_role_property);
}

static void
cw_sample_row_init (CwSampleRow *self)
{
  self->role = -1;
  self->fold = -1;
}

CwSampleRow *
cw_sample_row_new (int row)
{
  CwSampleRow *self = g_object_new (CW_TYPE_SAMPLE_ROW, NULL);
  self->row = row;
  return self;
}

void
cw_sample_row_set_role (CwSampleRow *self, int role, int fold)
{
  if (self->role == role && self->fold == fold)
    return;
  self->role = role;
  self->fold = fold;
  g_object_notify_by_pspec (G_OBJECT (self), row_role_property);
}

typedef enum
{
  COLUMN_INDEX,
  COLUMN_ROLE,
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
    case COLUMN_ROLE:
      return g_strdup (""); /* from the row item, see role_text */
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
    case COLUMN_ROLE:
      return FALSE;
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
    case COLUMN_ROLE:
      {
        int xa = CW_SAMPLE_ROW ((gpointer) a)->role, xb = CW_SAMPLE_ROW ((gpointer) b)->role;
        order = (xa > xb) - (xa < xb);
        break;
      }
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
  int role = CW_SAMPLE_ROW (item)->role;
  if (role >= 0 && text_matches (cw_role_name (role), self->filter_key))
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

/* ---- the role column: a coloured chip that follows the row's "role" ---- */

static void
show_role (CwSampleRow *row, GParamSpec *pspec, GtkWidget *label)
{
  for (int r = CW_ROLE_TRAIN; r <= CW_ROLE_TEST; r++)
    gtk_widget_remove_css_class (label, cw_rows_bar_role_css_class ((cw_role) r));
  if (row->role < 0)
    {
      gtk_label_set_text (GTK_LABEL (label), "—");
      gtk_widget_set_tooltip_text (label, NULL);
      return;
    }
  gtk_widget_add_css_class (label, cw_rows_bar_role_css_class ((cw_role) row->role));
  g_autofree char *text = row->fold >= 0 ? g_strdup_printf ("%s · fold %d", cw_role_name (row->role), row->fold + 1)
                                         : g_strdup (cw_role_name (row->role));
  gtk_label_set_text (GTK_LABEL (label), text);
  g_autofree char *tip = row->fold >= 0 ? g_strdup_printf ("A training row, in cross-validation fold %d", row->fold + 1)
                         : row->role == CW_ROLE_TEST ? g_strdup ("A test row: scored once, after every choice is made")
                         : row->role == CW_ROLE_VALIDATION ? g_strdup ("A validation row: choices are made on it")
                         : g_strdup ("A training row");
  gtk_widget_set_tooltip_text (label, tip);
}

static void
setup_role_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  gtk_widget_add_css_class (label, "role-chip");
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_list_item_set_child (item, label);
}

static void
bind_role_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  CwSampleRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  if (!row)
    return;
  show_role (row, NULL, label);
  g_signal_connect_object (row, "notify::role", G_CALLBACK (show_role), label, 0);
}

static void
unbind_role_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  CwSampleRow *row = gtk_list_item_get_item (item);
  if (row)
    g_signal_handlers_disconnect_by_func (row, show_role, gtk_list_item_get_child (item));
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
  if (kind == COLUMN_ROLE)
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_role_cell), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_role_cell), NULL);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_role_cell), NULL);
    }
  else
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), NULL);
    }

  g_autoptr (GtkColumnViewColumn) column = gtk_column_view_column_new (title, factory);
  g_autoptr (GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows,
                                                                    column_info_new (self, kind, index),
                                                                    g_free));
  gtk_column_view_column_set_sorter (column, sorter);
  if (kind == COLUMN_ROLE)
    g_set_object (&self->role_sorter, sorter);
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
  g_clear_object (&self->role_sorter);

  const cw_dataset *ds = self->dataset;
  if (!ds)
    return;
  append_column (self, "#", COLUMN_INDEX, 0);
  append_column (self, "Role", COLUMN_ROLE, 0);
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

void
cw_data_view_update_roles (CwDataView *self)
{
  CwRowRoles rows = { 0 };
  gboolean ok = self->project && self->dataset && cw_project_compute_rows (self->project, NULL, &rows, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CwSampleRow) item = g_list_model_get_item (G_LIST_MODEL (self->rows), i);
      gboolean known = ok && item->row < rows.n;
      cw_sample_row_set_role (item, known ? rows.roles[item->row] : -1,
                              known && rows.fold ? rows.fold[item->row] : -1);
    }
  cw_row_roles_clear (&rows);
  /* The rows' roles moved under a role-sorted list: sort again. */
  if (self->role_sorter)
    gtk_sorter_changed (self->role_sorter, GTK_SORTER_CHANGE_DIFFERENT);
}
