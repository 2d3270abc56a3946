/* cw-data-view-plot.c — what the Data page's plot draws: the selected samples (or all listed ones) as
 * lines coloured by a target value (viridis and a colour bar) or by class / meta value (palette and a
 * legend naming each group once), or one mean ± SD band per group; and the status line under the list. */
#include "cw-data-view-private.h"
#include "cw-drawable.h"

#include <math.h>
#include <string.h>

#include "cw-plot-style.h"

/* Beyond this many series the plot stops being readable and redraws get slow: draw the first ones. */
#define MAX_PLOTTED 500
/* A meta column with more distinct values than this is an identifier, not something to colour by. */
#define MAX_COLOUR_GROUPS 12

/* ---- colour sources ---- */

static int
count_distinct_meta (const cw_dataset *ds, int j, int limit)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (int i = 0; i < cw_dataset_n_samples (ds) && (int) g_hash_table_size (seen) <= limit; i++)
    {
      const char *value = cw_dataset_meta_value (ds, i, j);
      g_hash_table_add (seen, (gpointer) (value ? value : ""));
    }
  return (int) g_hash_table_size (seen);
}

void
cw_data_view_rebuild_colour_sources (CwDataView *self)
{
  const cw_dataset *ds = self->dataset;
  g_array_set_size (self->colour_sources, 0);
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();

  ColourSource none = { COLOUR_NONE, 0 };
  g_array_append_val (self->colour_sources, none);
  g_strv_builder_add (names, "None");
  if (ds)
    {
      ColourSource role = { COLOUR_ROLE, 0 };
      g_array_append_val (self->colour_sources, role);
      g_strv_builder_add (names, "Role");
    }
  for (int j = 0; ds && j < cw_dataset_n_targets (ds); j++)
    {
      ColourSource source = { COLOUR_TARGET, j };
      g_array_append_val (self->colour_sources, source);
      g_strv_builder_add (names, cw_dataset_target_name (ds, j));
    }
  for (int j = 0; ds && j < cw_dataset_n_meta (ds); j++)
    if (count_distinct_meta (ds, j, MAX_COLOUR_GROUPS) <= MAX_COLOUR_GROUPS)
      {
        ColourSource source = { COLOUR_META, j };
        g_array_append_val (self->colour_sources, source);
        g_strv_builder_add (names, cw_dataset_meta_name (ds, j));
      }

  g_auto (GStrv) strv = g_strv_builder_end (names);
  self->syncing++;
  gtk_string_list_splice (self->colour_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->colour_names)),
                          (const char *const *) strv);
  self->syncing--;
}

guint
cw_data_view_colour_item_for_target (CwDataView *self, int target)
{
  for (guint i = 0; i < self->colour_sources->len; i++)
    {
      const ColourSource *source = &g_array_index (self->colour_sources, ColourSource, i);
      if (source->kind == COLOUR_TARGET && source->index == target)
        return i;
    }
  return 0;
}

ColourSource
cw_data_view_current_colour_source (CwDataView *self)
{
  guint position = gtk_drop_down_get_selected (self->colour_dropdown);
  if (position >= self->colour_sources->len)
    return (ColourSource){ COLOUR_NONE, 0 };
  return g_array_index (self->colour_sources, ColourSource, position);
}

/* How samples fall into colour groups: classes of a categorical target or values of a meta column
 * (group[i] >= 0), a numeric target (value[i] on a colour scale), or nothing. */
typedef struct
{
  gboolean by_value;
  int n_groups;
  int *group;          /* n rows, -1 = missing */
  GPtrArray *names;    /* group names */
  const guint32 *colours; /* RGB of each group (roles: the chips' hues), else the palette */
  const float *value;  /* numeric target */
  double vmin, vmax;
  const char *label;
} Colouring;

static void
colouring_clear (Colouring *c)
{
  g_clear_pointer (&c->group, g_free);
  g_clear_pointer (&c->names, g_ptr_array_unref);
}

static void
colouring_compute (CwDataView *self, Colouring *c)
{
  const cw_dataset *ds = self->dataset;
  int n = cw_dataset_n_samples (ds);
  ColourSource source = cw_data_view_current_colour_source (self);
  memset (c, 0, sizeof *c);

  if (source.kind == COLOUR_TARGET && !cw_dataset_target_is_categorical (ds, source.index))
    {
      c->by_value = TRUE;
      c->value = cw_dataset_target_values (ds, source.index);
      c->label = cw_dataset_target_name (ds, source.index);
      c->vmin = INFINITY;
      c->vmax = -INFINITY;
      /* The scale spans the whole column so a colour means the same value whatever is selected. */
      for (int i = 0; i < n; i++)
        if (!isnan (c->value[i]))
          {
            c->vmin = MIN (c->vmin, c->value[i]);
            c->vmax = MAX (c->vmax, c->value[i]);
          }
      if (c->vmin > c->vmax)
        c->by_value = FALSE;
      return;
    }

  if (source.kind == COLOUR_NONE)
    return;

  c->group = g_new (int, n);
  c->names = g_ptr_array_new_with_free_func (g_free);
  if (source.kind == COLOUR_ROLE)
    {
      /* The hues of the list's role chips (resources/style.css). */
      static const guint32 role_colours[3] = { 0x4e79a7, 0xf28e2b, 0xb07aa1 };
      c->colours = role_colours;
      c->n_groups = 3;
      for (int r = 0; r < 3; r++)
        g_ptr_array_add (c->names, g_strdup (cw_role_name ((cw_role) r)));
      for (int i = 0; i < n; i++)
        c->group[i] = -1;
      GListModel *rows = G_LIST_MODEL (self->rows);
      for (guint p = 0; p < g_list_model_get_n_items (rows); p++)
        {
          g_autoptr (CwSampleRow) item = g_list_model_get_item (rows, p);
          if (item->row < n)
            c->group[item->row] = item->role;
        }
      c->label = "Role";
    }
  else if (source.kind == COLOUR_TARGET)
    {
      const float *values = cw_dataset_target_values (ds, source.index);
      c->n_groups = cw_dataset_n_classes (ds, source.index);
      for (int k = 0; k < c->n_groups; k++)
        g_ptr_array_add (c->names, g_strdup (cw_dataset_class_name (ds, source.index, k)));
      for (int i = 0; i < n; i++)
        c->group[i] = isnan (values[i]) ? -1 : (int) values[i];
      c->label = cw_dataset_target_name (ds, source.index);
    }
  else
    {
      g_autoptr (GHashTable) index_of = g_hash_table_new (g_str_hash, g_str_equal);
      for (int i = 0; i < n; i++)
        {
          const char *value = cw_dataset_meta_value (ds, i, source.index);
          value = value ? value : "";
          gpointer found;
          if (!g_hash_table_lookup_extended (index_of, value, NULL, &found))
            {
              found = GINT_TO_POINTER (c->n_groups++);
              g_hash_table_insert (index_of, (gpointer) value, found);
              g_ptr_array_add (c->names, g_strdup (*value ? value : "(empty)"));
            }
          c->group[i] = GPOINTER_TO_INT (found);
        }
      c->label = cw_dataset_meta_name (ds, source.index);
    }
}

/* ---- the plot ---- */

static void
group_colour (const Colouring *c, int group, GdkRGBA *colour)
{
  if (!c->colours)
    {
      cw_palette_color (group, colour);
      return;
    }
  guint32 rgb = c->colours[group];
  *colour = (GdkRGBA){ ((rgb >> 16) & 0xff) / 255.0f, ((rgb >> 8) & 0xff) / 255.0f, (rgb & 0xff) / 255.0f, 1.0f };
}

/* Dataset rows to draw: the selection in list order, or every listed row when nothing is selected. */
static GArray *
collect_plotted_rows (CwDataView *self, guint *n_selected)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (int));
  GListModel *model = G_LIST_MODEL (self->selection);
  g_autoptr (GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  *n_selected = (guint) gtk_bitset_get_size (selected);

  if (*n_selected > 0)
    {
      GtkBitsetIter iter;
      guint position;
      for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
           ok = gtk_bitset_iter_next (&iter, &position))
        {
          g_autoptr (CwSampleRow) item = g_list_model_get_item (model, position);
          g_array_append_val (rows, item->row);
        }
    }
  else
    for (guint position = 0; position < g_list_model_get_n_items (model); position++)
      {
        g_autoptr (CwSampleRow) item = g_list_model_get_item (model, position);
        g_array_append_val (rows, item->row);
      }
  return rows;
}

static void
add_mean_bands (CwDataView *self, const Colouring *c, const int *rows, int n_rows, int channel)
{
  const cw_dataset *ds = self->dataset;
  int length = cw_dataset_length (ds);
  int channels = cw_dataset_n_channels (ds);
  const float *samples = cw_dataset_signals (ds);
  int n_groups = c->group ? c->n_groups : 1;
  g_autofree double *sum = g_new (double, length);
  g_autofree double *sum_sq = g_new (double, length);
  g_autofree float *mean = g_new (float, length);
  g_autofree float *lo = g_new (float, length);
  g_autofree float *hi = g_new (float, length);

  for (int group = 0; group < n_groups; group++)
    {
      int count = 0;
      memset (sum, 0, sizeof (double) * length);
      memset (sum_sq, 0, sizeof (double) * length);
      for (int r = 0; r < n_rows; r++)
        {
          if (c->group && c->group[rows[r]] != group)
            continue;
          const float *y = samples + ((size_t) rows[r] * channels + channel) * length;
          for (int t = 0; t < length; t++)
            {
              sum[t] += y[t];
              sum_sq[t] += (double) y[t] * y[t];
            }
          count++;
        }
      if (count == 0)
        continue;
      for (int t = 0; t < length; t++)
        {
          double m = sum[t] / count;
          double var = count > 1 ? MAX (0.0, (sum_sq[t] - count * m * m) / (count - 1)) : 0.0;
          mean[t] = (float) m;
          lo[t] = (float) (m - sqrt (var));
          hi[t] = (float) (m + sqrt (var));
        }
      GdkRGBA colour;
      group_colour (c, group, &colour);
      GdkRGBA band = colour;
      band.alpha = 0.25f;
      cw_signal_plot_add_band (self->plot, lo, hi, length, &band);
      g_autofree char *label = g_strdup_printf ("%s (n = %d)",
                                                c->group ? (const char *) c->names->pdata[group] : "All",
                                                count);
      cw_signal_plot_add_series (self->plot, mean, length, &colour, 2.0, CW_SERIES_LINE, label);
    }
}

static void
add_sample_lines (CwDataView *self, const Colouring *c, const int *rows, int n_rows, int channel)
{
  const cw_dataset *ds = self->dataset;
  int length = cw_dataset_length (ds);
  int channels = cw_dataset_n_channels (ds);
  const float *samples = cw_dataset_signals (ds);
  double width = n_rows > 20 ? 1.0 : 1.5;
  /* Only the first sample of each group is named, so the legend lists groups, not samples. */
  g_autofree gboolean *named = g_new0 (gboolean, c->group ? c->n_groups + 1 : 1);

  for (int r = 0; r < n_rows; r++)
    {
      int row = rows[r];
      GdkRGBA colour;
      g_autofree char *label = NULL;
      if (c->by_value)
        {
          double span = c->vmax - c->vmin;
          double t = span > 0 ? (c->value[row] - c->vmin) / span : 0.5;
          cw_colormap_viridis (isnan (c->value[row]) ? 0.0 : t, &colour);
        }
      else if (c->group)
        {
          int group = c->group[row];
          if (group >= 0)
            group_colour (c, group, &colour);
          else
            colour = (GdkRGBA){ 0.5f, 0.5f, 0.5f, 1.0f };
          int slot = group >= 0 ? group : c->n_groups;
          if (!named[slot])
            {
              named[slot] = TRUE;
              label = g_strdup (group >= 0 ? (const char *) c->names->pdata[group] : "missing");
            }
        }
      else if (n_rows <= 10)
        {
          cw_palette_color (r, &colour);
          label = g_strdup_printf ("Sample %d", row + 1);
        }
      else
        cw_palette_color (0, &colour);
      const float *y = samples + ((size_t) row * channels + channel) * length;
      cw_signal_plot_add_series (self->plot, y, length, &colour, width, CW_SERIES_LINE, label);
    }
}

static void
update_selection_label (CwDataView *self, guint n_selected, guint n_listed, guint n_wanted, int n_drawn)
{
  const cw_dataset *ds = self->dataset;
  int n = ds ? cw_dataset_n_samples (ds) : 0;
  g_autoptr (GString) text = g_string_new (NULL);
  if (!ds)
    g_string_append (text, "No samples");
  else if (n_selected > 0)
    g_string_append_printf (text, "%u of %d selected", n_selected, n);
  else if ((int) n_listed < n)
    g_string_append_printf (text, "%u of %d match the filter", n_listed, n);
  else
    g_string_append_printf (text, "%d samples · select rows to compare them", n);
  if (ds && (guint) n_drawn < n_wanted)
    g_string_append_printf (text, " · first %d drawn", n_drawn);
  gtk_label_set_text (self->selection_label, text->str);
}

void
cw_data_view_update_plot (CwDataView *self)
{
  cw_signal_plot_clear (self->plot);
  self->n_plotted = 0;
  const cw_dataset *ds = self->dataset;
  if (!ds || cw_dataset_n_samples (ds) == 0)
    {
      update_selection_label (self, 0, 0, 0, 0);
      return;
    }

  guint n_selected = 0;
  g_autoptr (GArray) rows = collect_plotted_rows (self, &n_selected);
  guint n_listed = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  int n_rows = MIN ((int) rows->len, MAX_PLOTTED);
  guint channel = gtk_drop_down_get_selected (self->channel_dropdown);
  if (channel == GTK_INVALID_LIST_POSITION || (int) channel >= cw_dataset_n_channels (ds))
    channel = 0;

  Colouring colouring;
  colouring_compute (self, &colouring);
  gboolean mean_sd = gtk_toggle_button_get_active (self->mean_sd_button);
  if (mean_sd)
    add_mean_bands (self, &colouring, (const int *) rows->data, n_rows, (int) channel);
  else
    add_sample_lines (self, &colouring, (const int *) rows->data, n_rows, (int) channel);
  if (colouring.by_value && !mean_sd)
    cw_signal_plot_set_colorbar (self->plot, colouring.vmin, colouring.vmax, colouring.label);
  cw_signal_plot_set_show_legend (self->plot, mean_sd || colouring.group != NULL || n_rows <= 10);
  colouring_clear (&colouring);

  /* What the plot shows, for its exports and menu: "Signals (mean ± SD)", "Signals (12 selected)". */
  g_autofree char *title = mean_sd ? g_strdup ("Signals (mean ± SD)")
                           : n_selected > 0 ? g_strdup_printf ("Signals (%u selected)", n_selected)
                                            : g_strdup ("Signals");
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->plot), title);

  self->n_plotted = n_rows;
  update_selection_label (self, n_selected, n_listed, rows->len, n_rows);
}
