/* cw-data-view.c — the Data page: what was loaded, which column to predict, and how the signals look.
 * This file holds the widget, the source / target / task bar and the reactions to the project; the
 * sample list is in cw-data-view-list.c and the plot's content in cw-data-view-plot.c. */
#include "cw-data-view-private.h"
#include "cw-drawable.h"

#include <math.h>
#include <string.h>

#include "cw-rows-bar.h"

G_DEFINE_FINAL_TYPE (CwDataView, cw_data_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_PROJECT,
  N_PROPS
};

enum
{
  SAMPLE_ACTIVATED,
  SELECTION_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const cw_task task_of_item[N_TASK_ITEMS] = {
  CW_TASK_REGRESSION, CW_TASK_BINARY, CW_TASK_MULTICLASS, CW_TASK_MULTILABEL,
};

/* ---- target and task choices ---- */

/* Distinct values of numeric target j when they are all integers (the project turns such a column into
 * classes for classification); -1 when some value is not an integer. */
static int
count_integer_values (const cw_dataset *ds, int j)
{
  const float *values = cw_dataset_target_values (ds, j);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (int i = 0; i < cw_dataset_n_samples (ds); i++)
    {
      if (isnan (values[i]))
        continue;
      if (values[i] != floorf (values[i]) || fabsf (values[i]) > 1e6f)
        return -1;
      g_hash_table_add (seen, GINT_TO_POINTER ((int) values[i]));
    }
  return (int) g_hash_table_size (seen);
}

static gboolean
class_names_are_numbers (const cw_dataset *ds, int j)
{
  double value;
  for (int k = 0; k < cw_dataset_n_classes (ds, j); k++)
    if (!cw_data_view_parse_number (cw_dataset_class_name (ds, j, k), &value))
      return FALSE;
  return TRUE;
}

static gboolean
values_are_zero_one (const cw_dataset *ds, int j)
{
  const float *values = cw_dataset_target_values (ds, j);
  for (int i = 0; i < cw_dataset_n_samples (ds); i++)
    if (values[i] != 0.0f && values[i] != 1.0f)
      return FALSE;
  return TRUE;
}

/* The tasks the project can build training data for from the chosen target (the same rules as
 * cw_project_build_training_data and cw_dataset_encode_targets). */
static void
compute_task_enabled (CwDataView *self)
{
  const cw_dataset *ds = self->dataset;
  int target = self->project ? cw_project_get_target (self->project) : -1;
  memset (self->task_enabled, 0, sizeof self->task_enabled);
  if (!ds || target < 0 || target >= cw_dataset_n_targets (ds))
    return;

  if (cw_dataset_target_is_categorical (ds, target))
    {
      int classes = cw_dataset_n_classes (ds, target);
      self->task_enabled[TASK_ITEM_REGRESSION] = class_names_are_numbers (ds, target);
      self->task_enabled[TASK_ITEM_BINARY] = classes == 2;
      self->task_enabled[TASK_ITEM_MULTICLASS] = classes >= 2;
      self->task_enabled[TASK_ITEM_MULTILABEL] = classes == 2;
    }
  else
    {
      int distinct = count_integer_values (ds, target);
      self->task_enabled[TASK_ITEM_REGRESSION] = TRUE;
      self->task_enabled[TASK_ITEM_BINARY] = distinct == 2;
      self->task_enabled[TASK_ITEM_MULTICLASS] = distinct >= 2;
      self->task_enabled[TASK_ITEM_MULTILABEL] = values_are_zero_one (ds, target);
    }
}

static void
setup_task_item (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_list_item_set_child (item, label);
}

static void
bind_task_item (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  CwDataView *self = user_data;
  guint position = gtk_list_item_get_position (item);
  gboolean enabled = position < N_TASK_ITEMS && self->task_enabled[position];
  GtkWidget *label = gtk_list_item_get_child (item);
  gtk_label_set_text (GTK_LABEL (label), gtk_string_object_get_string (gtk_list_item_get_item (item)));
  /* A greyed-out row that cannot be hovered into selection nor clicked. */
  gtk_widget_set_sensitive (label, enabled);
  gtk_list_item_set_selectable (item, enabled);
  gtk_list_item_set_activatable (item, enabled);
}

static guint
task_item_of (cw_task task)
{
  for (guint i = 0; i < N_TASK_ITEMS; i++)
    if (task_of_item[i] == task)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* The axes people name most; anything else comes from the file's own unit (JCAMP, SPC, audio). */
static const char *const common_axes[] = { "Wavelength (nm)", "Wavenumber (cm⁻¹)", "Raman shift (cm⁻¹)", "m/z",
                                           "Time (s)", "Time (ms)", "Frequency (Hz)", "Chemical shift (ppm)",
                                           "Energy (eV)", "2θ (°)", "Index", NULL };

/* Item 0 names what "automatic" gives for these data; the project's own choice is selected (and added
 * when it is not a common one, e.g. from a saved project). */
static void
sync_axis (CwDataView *self)
{
  g_autofree char *automatic = self->dataset ? cw_project_dup_automatic_axis_label (self->project) : NULL;
  g_autofree char *first = g_strdup_printf ("Automatic: %s", automatic ? automatic : "—");
  const char *choice = cw_project_get_axis_label_choice (self->project);
  gboolean common = FALSE;
  for (int i = 0; choice && common_axes[i]; i++)
    common |= strcmp (choice, common_axes[i]) == 0;
  GPtrArray *items = g_ptr_array_new ();
  g_ptr_array_add (items, first);
  for (int i = 0; common_axes[i]; i++)
    g_ptr_array_add (items, (gpointer) common_axes[i]);
  if (choice && !common)
    g_ptr_array_add (items, (gpointer) choice);
  g_ptr_array_add (items, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->axis_names));
  gtk_string_list_splice (self->axis_names, 0, n, (const char *const *) items->pdata);
  guint selected = 0;
  for (guint i = 1; choice && i + 1 < items->len; i++)
    if (strcmp (choice, items->pdata[i]) == 0)
      selected = i;
  g_ptr_array_unref (items);
  gtk_widget_set_sensitive (GTK_WIDGET (self->axis_dropdown), self->dataset != NULL);
  gtk_drop_down_set_selected (self->axis_dropdown, selected);
}

static void
on_axis_selected (CwDataView *self)
{
  if (self->syncing)
    return;
  guint position = gtk_drop_down_get_selected (self->axis_dropdown);
  if (position == GTK_INVALID_LIST_POSITION)
    return;
  const char *label = position == 0 ? NULL : gtk_string_list_get_string (self->axis_names, position);
  g_autofree char *copy = g_strdup (label); /* the list is rebuilt while the project tells everyone */
  cw_project_set_axis_label (self->project, copy);
}

/* Puts the project's target and task into the bar; the task rows are rebuilt so the enabled state of
 * each is bound again. */
static void
sync_choices (CwDataView *self)
{
  const cw_dataset *ds = self->dataset;
  self->syncing++;

  int target = cw_project_get_target (self->project);
  gtk_widget_set_sensitive (GTK_WIDGET (self->target_dropdown), ds && cw_dataset_n_targets (ds) > 0);
  gtk_drop_down_set_selected (self->target_dropdown,
                              target >= 0 ? (guint) target : GTK_INVALID_LIST_POSITION);

  gboolean was_enabled[N_TASK_ITEMS];
  memcpy (was_enabled, self->task_enabled, sizeof was_enabled);
  compute_task_enabled (self);
  /* New items make the drop-down bind every row again with its enabled state. */
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->task_names));
  if (n_items == 0 || memcmp (was_enabled, self->task_enabled, sizeof was_enabled) != 0)
    {
      const char *const task_labels[] = { "Regression", "Binary classification", "Multiclass classification",
                                          "Multi-label classification", NULL };
      gtk_string_list_splice (self->task_names, 0, n_items, task_labels);
    }
  gboolean any = FALSE;
  for (int i = 0; i < N_TASK_ITEMS; i++)
    any |= self->task_enabled[i];
  gtk_widget_set_sensitive (GTK_WIDGET (self->task_dropdown), any);
  gtk_drop_down_set_selected (self->task_dropdown,
                              target >= 0 ? task_item_of (cw_project_get_task (self->project))
                                          : GTK_INVALID_LIST_POSITION);
  sync_axis (self);
  self->syncing--;
}

static void
on_target_selected (CwDataView *self)
{
  if (self->syncing)
    return;
  guint position = gtk_drop_down_get_selected (self->target_dropdown);
  if (position != GTK_INVALID_LIST_POSITION)
    cw_project_set_target (self->project, (int) position);
}

static void
on_task_selected (CwDataView *self)
{
  if (self->syncing)
    return;
  guint position = gtk_drop_down_get_selected (self->task_dropdown);
  if (position < N_TASK_ITEMS && self->task_enabled[position])
    cw_project_set_task (self->project, task_of_item[position]);
  else
    sync_choices (self); /* reached a disabled row by keyboard: put the project's task back */
}

/* ---- the selected rows ---- */

static int
compare_rows (gconstpointer a, gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;
  return (x > y) - (x < y);
}

GArray *
cw_data_view_dup_selected_rows (CwDataView *self)
{
  g_return_val_if_fail (CW_IS_DATA_VIEW (self), NULL);
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (int));
  if (!self->selection)
    return rows;
  GListModel *model = G_LIST_MODEL (self->selection);
  g_autoptr (GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GtkBitsetIter iter;
  guint position;
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr (CwSampleRow) item = g_list_model_get_item (model, position);
      if (item)
        g_array_append_val (rows, item->row);
    }
  g_array_sort (rows, compare_rows);
  return rows;
}

/* Emits "selection-changed" when the selected rows differ from the last ones announced: the list's own
 * signals also fire for sorting, and for searches that hide nothing selected. */
static void
announce_selection (CwDataView *self)
{
  g_autoptr (GArray) rows = cw_data_view_dup_selected_rows (self);
  if (self->announced_rows && self->announced_rows->len == rows->len
      && (rows->len == 0
          || memcmp (self->announced_rows->data, rows->data, rows->len * sizeof (int)) == 0))
    return;
  g_clear_pointer (&self->announced_rows, g_array_unref);
  self->announced_rows = g_array_ref (rows);
  cw_data_view_recording_show_rows (self, rows);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

/* ---- reacting to the project and the widgets ---- */

static guint64
categorical_targets_of (const cw_dataset *ds)
{
  guint64 bits = 0;
  for (int j = 0; ds && j < MIN (cw_dataset_n_targets (ds), 64); j++)
    if (cw_dataset_target_is_categorical (ds, j))
      bits |= G_GUINT64_CONSTANT (1) << j;
  return bits;
}

/* The data's axis under the project's label (the file's unit, a guess, or the user's choice). */
static void
set_plot_axis (CwDataView *self, const cw_dataset *ds)
{
  g_autofree char *axis_label = cw_project_dup_axis_label (self->project);
  const double *axis = ds ? cw_dataset_axis (ds) : NULL;
  int length = ds ? cw_dataset_length (ds) : 0;
  for (int t = 0; axis && t < length; t++)
    if (isnan (axis[t]))
      axis = NULL; /* headers that are not numbers: plot against the point index */
  cw_signal_plot_set_axis (self->plot, axis, length, axis_label);
}

static void
rebuild_for_dataset (CwDataView *self, const cw_dataset *ds)
{
  int n = ds ? cw_dataset_n_samples (ds) : 0;

  /* The plot is redrawn once at the end, not for every change of the list. */
  self->syncing++;
  cw_data_view_list_rebuild (self, ds);
  cw_data_view_update_roles (self);
  self->categorical_targets = categorical_targets_of (ds);
  self->syncing--;

  if (ds)
    {
      g_autofree char *name = g_path_get_basename (cw_dataset_source (ds));
      int channels = cw_dataset_n_channels (ds);
      g_autofree char *shape = channels > 1
        ? g_strdup_printf ("%d samples × %d channels × %d points", n, channels, cw_dataset_length (ds))
        : g_strdup_printf ("%d samples × %d points", n, cw_dataset_length (ds));
      gtk_label_set_text (self->source_label, name);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->source_label), cw_dataset_source (ds));
      gtk_label_set_text (self->shape_label, shape);
    }
  else
    {
      gtk_label_set_text (self->source_label, "No data");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->source_label), NULL);
      gtk_label_set_text (self->shape_label, "Open a CSV or TSV file with one sample per row");
    }

  self->syncing++;
  g_autoptr (GStrvBuilder) targets = g_strv_builder_new ();
  for (int j = 0; ds && j < cw_dataset_n_targets (ds); j++)
    g_strv_builder_add (targets, cw_dataset_target_name (ds, j));
  g_auto (GStrv) target_strv = g_strv_builder_end (targets);
  gtk_string_list_splice (self->target_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->target_names)),
                          (const char *const *) target_strv);

  int channels = ds ? cw_dataset_n_channels (ds) : 1;
  g_autoptr (GStrvBuilder) channel_builder = g_strv_builder_new ();
  for (int c = 0; c < channels; c++)
    {
      g_autofree char *label = g_strdup_printf ("%d", c + 1);
      g_strv_builder_add (channel_builder, label);
    }
  g_auto (GStrv) channel_strv = g_strv_builder_end (channel_builder);
  gtk_string_list_splice (self->channel_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->channel_names)),
                          (const char *const *) channel_strv);
  gtk_drop_down_set_selected (self->channel_dropdown, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->channel_dropdown), channels > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->channel_label), channels > 1);

  cw_data_view_rebuild_colour_sources (self);
  gtk_drop_down_set_selected (self->colour_dropdown,
                              cw_data_view_colour_item_for_target (self, cw_project_get_target (self->project)));
  self->syncing--;

  set_plot_axis (self, ds);
  cw_signal_plot_reset_view (self->plot);

  sync_choices (self);
  cw_data_view_update_plot (self);
  cw_data_view_recording_update (self);
  /* New data starts with nothing selected. */
  announce_selection (self);
}

static void
on_data_changed (CwDataView *self)
{
  const cw_dataset *ds = cw_project_get_dataset (self->project);
  /* New data, or a numeric target turned into classes for classification: cells, sorting and colours
   * all change, so start over. */
  if (ds != self->dataset || categorical_targets_of (ds) != self->categorical_targets)
    {
      rebuild_for_dataset (self, ds);
      return;
    }

  /* Same data, another target, task or axis label: keep the list and its selection. */
  set_plot_axis (self, ds);
  ColourSource source = cw_data_view_current_colour_source (self);
  int target = cw_project_get_target (self->project);
  sync_choices (self);
  self->syncing++;
  if (source.kind == COLOUR_TARGET && target >= 0)
    gtk_drop_down_set_selected (self->colour_dropdown, cw_data_view_colour_item_for_target (self, target));
  self->syncing--;
  cw_data_view_update_plot (self);
}

/* The rows' roles changed (test rows, validation): chips in the list, and the plot when it shows them. */
static void
on_settings_changed (CwDataView *self)
{
  cw_data_view_update_roles (self);
  if (cw_data_view_current_colour_source (self).kind == COLOUR_ROLE)
    cw_data_view_update_plot (self);
}

static void
on_selection_changed (CwDataView *self)
{
  if (self->syncing)
    return;
  cw_data_view_update_plot (self);
  announce_selection (self);
  if (self->selecting)
    return;
  g_autoptr (GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (selected))
    return;
  g_autoptr (CwSampleRow) item = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                        gtk_bitset_get_minimum (selected));
  g_signal_emit (self, signals[SAMPLE_ACTIVATED], 0, item->row);
}

static void
on_search_changed (CwDataView *self)
{
  if (self->syncing)
    return;
  /* The list's items-changed redraws the plot. */
  cw_data_view_set_filter_text (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_plot_option_changed (CwDataView *self)
{
  if (!self->syncing)
    cw_data_view_update_plot (self);
}

/* The search hid or showed rows: selected ones among them leave or rejoin the selection. */
static void
on_list_changed (CwDataView *self)
{
  if (self->syncing)
    return;
  cw_data_view_update_plot (self);
  announce_selection (self);
}

void
cw_data_view_select_sample (CwDataView *self, int row)
{
  g_return_if_fail (CW_IS_DATA_VIEW (self));
  if (!self->dataset || row < 0 || row >= cw_dataset_n_samples (self->dataset))
    return;

  guint position = cw_data_view_position_of_row (self, row);
  if (position == GTK_INVALID_LIST_POSITION)
    {
      /* Filtered out: clear the filter now rather than after the entry's search delay. */
      self->selecting = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      cw_data_view_set_filter_text (self, NULL);
      self->selecting = FALSE;
      position = cw_data_view_position_of_row (self, row);
    }
  if (position == GTK_INVALID_LIST_POSITION)
    return;

  self->selecting = TRUE;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  self->selecting = FALSE;
  cw_data_view_scroll_to_position (self, position);
}

GtkWidget *
cw_data_view_get_rows_bar (CwDataView *self)
{
  g_return_val_if_fail (CW_IS_DATA_VIEW (self), NULL);
  return self->rows_bar;
}

GtkWidget *
cw_data_view_get_plot (CwDataView *self)
{
  g_return_val_if_fail (CW_IS_DATA_VIEW (self), NULL);
  return GTK_WIDGET (self->plot);
}

int
cw_data_view_get_n_plotted (CwDataView *self)
{
  g_return_val_if_fail (CW_IS_DATA_VIEW (self), 0);
  return self->n_plotted;
}

GtkWidget *
cw_data_view_new (CwProject *project)
{
  g_return_val_if_fail (CW_IS_PROJECT (project), NULL);
  return g_object_new (CW_TYPE_DATA_VIEW, "project", project, NULL);
}

/* ---- GObject ---- */

static void
cw_data_view_constructed (GObject *object)
{
  CwDataView *self = CW_DATA_VIEW (object);
  G_OBJECT_CLASS (cw_data_view_parent_class)->constructed (object);

  g_signal_connect_object (self->project, "data-changed", G_CALLBACK (on_data_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "settings-changed", G_CALLBACK (on_settings_changed), self,
                           G_CONNECT_SWAPPED);
  self->rows_bar = cw_rows_bar_new (self->project);
  gtk_box_append (self->rows_box, self->rows_bar);
  rebuild_for_dataset (self, cw_project_get_dataset (self->project));
}

static void
cw_data_view_dispose (GObject *object)
{
  CwDataView *self = CW_DATA_VIEW (object);

  if (self->project)
    g_signal_handlers_disconnect_by_data (self->project, self);
  if (self->selection)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  /* Widgets going away may still signal (a pending search): nothing to update any more. */
  self->syncing++;
  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_DATA_VIEW);
  self->rows_bar = NULL;
  g_clear_object (&self->role_sorter);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->rows);
  g_clear_object (&self->target_names);
  g_clear_object (&self->task_names);
  g_clear_object (&self->axis_names);
  g_clear_object (&self->colour_names);
  g_clear_object (&self->channel_names);
  g_clear_object (&self->project);
  self->dataset = NULL;

  G_OBJECT_CLASS (cw_data_view_parent_class)->dispose (object);
}

static void
cw_data_view_finalize (GObject *object)
{
  CwDataView *self = CW_DATA_VIEW (object);

  g_clear_pointer (&self->colour_sources, g_array_unref);
  g_clear_pointer (&self->filter_key, g_free);
  g_clear_pointer (&self->announced_rows, g_array_unref);

  G_OBJECT_CLASS (cw_data_view_parent_class)->finalize (object);
}

static void
cw_data_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CwDataView *self = CW_DATA_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_data_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CwDataView *self = CW_DATA_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_data_view_class_init (CwDataViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cw_data_view_constructed;
  object_class->dispose = cw_data_view_dispose;
  object_class->finalize = cw_data_view_finalize;
  object_class->get_property = cw_data_view_get_property;
  object_class->set_property = cw_data_view_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, CW_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAMPLE_ACTIVATED] =
    g_signal_new ("sample-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  /* The template names CwSignalPlot: register it before the builder looks it up. */
  g_type_ensure (CW_TYPE_SIGNAL_PLOT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cw-data-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CwDataView, content_box);
  gtk_widget_class_bind_template_child (widget_class, CwDataView, source_label);
  gtk_widget_class_bind_template_child (widget_class, CwDataView, shape_label);
  gtk_widget_class_bind_template_child (widget_class, CwDataView, rows_box);
  gtk_widget_class_bind_template_child (widget_class, CwDataView, target_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CwDataView, task_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CwDataView, axis_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CwDataView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CwDataView, column_view);
  gtk_widget_class_bind_template_child (widget_class, CwDataView, selection_label);
  gtk_widget_class_bind_template_child (widget_class, CwDataView, colour_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CwDataView, channel_label);
  gtk_widget_class_bind_template_child (widget_class, CwDataView, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CwDataView, mean_sd_button);
  gtk_widget_class_bind_template_child (widget_class, CwDataView, plot);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_plot_option_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_target_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_task_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_axis_selected);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cw-data-view");
}

static void
cw_data_view_init (CwDataView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->plot), "Signals");
  /* Setting the models below notifies "selected": nothing to react to until the project is set. */
  self->syncing++;

  self->colour_sources = g_array_new (FALSE, FALSE, sizeof (ColourSource));
  self->announced_rows = g_array_new (FALSE, FALSE, sizeof (int));
  self->target_names = gtk_string_list_new (NULL);
  self->task_names = gtk_string_list_new (NULL);
  self->colour_names = gtk_string_list_new (NULL);
  self->channel_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->target_dropdown, G_LIST_MODEL (self->target_names));
  gtk_drop_down_set_model (self->task_dropdown, G_LIST_MODEL (self->task_names));
  self->axis_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->axis_dropdown, G_LIST_MODEL (self->axis_names));
  gtk_drop_down_set_model (self->colour_dropdown, G_LIST_MODEL (self->colour_names));
  gtk_drop_down_set_model (self->channel_dropdown, G_LIST_MODEL (self->channel_names));

  g_autoptr (GtkListItemFactory) task_factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (task_factory, "setup", G_CALLBACK (setup_task_item), self);
  g_signal_connect (task_factory, "bind", G_CALLBACK (bind_task_item), self);
  gtk_drop_down_set_factory (self->task_dropdown, task_factory);

  cw_data_view_list_init (self);
  cw_data_view_recording_init (self);

  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
  /* The list shrinking under a filter changes what "nothing selected" draws, and what is selected. */
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (on_list_changed), self);
  self->syncing--;
}
