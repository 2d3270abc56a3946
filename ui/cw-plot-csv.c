/* cw-plot-csv.c — the plotted values of the signal plot, parity plot and heatmap as CSV
 * (their CwDrawable dup_csv), kept apart from the drawing code they share nothing with. Curves on a
 * common axis become one column each beside the axis; point clouds, whose points share no x, one line
 * per point with its series named (the scatter plot's is in cw-scatter-plot.c, whose private header
 * cannot share a file with the heatmap's). */
#include "cw-heatmap-private.h"
#include "cw-parity-plot-private.h"
#include "cw-signal-plot-private.h"

static void
append_series_name (GString *csv, const char *label, int index, const char *suffix, gboolean first)
{
  g_autofree char *name = label && *label ? g_strdup_printf ("%s%s", label, suffix)
                                          : g_strdup_printf ("series %d%s", index + 1, suffix);
  cw_drawable_csv_text (csv, name, first);
}

/* ---- signal plot ---- */

/* The axis column with every series and band drawn against it, then an x and a y column for each series
 * that has x values of its own. Shorter columns end in empty cells. */
char *
cw_signal_plot_dup_csv (CwDrawable *drawable)
{
  CwSignalPlot *self = CW_SIGNAL_PLOT (drawable);
  gboolean any_on_axis = self->bands->len > 0;
  int rows = 0;
  for (guint k = 0; k < self->series->len; k++)
    {
      const CwSignalSeries *s = g_ptr_array_index (self->series, k);
      any_on_axis |= s->x == NULL;
      rows = MAX (rows, s->n);
    }
  for (guint b = 0; b < self->bands->len; b++)
    rows = MAX (rows, ((const CwSignalBand *) g_ptr_array_index (self->bands, b))->n);

  GString *csv = g_string_new (NULL);
  gboolean first = TRUE;
  if (any_on_axis)
    {
      cw_drawable_csv_text (csv, self->x_label && *self->x_label ? self->x_label : "x", TRUE);
      first = FALSE;
    }
  for (guint k = 0; k < self->series->len; k++)
    {
      const CwSignalSeries *s = g_ptr_array_index (self->series, k);
      if (s->x)
        {
          append_series_name (csv, s->label, (int) k, " x", first);
          first = FALSE;
        }
      append_series_name (csv, s->label, (int) k, "", FALSE);
    }
  for (guint b = 0; b < self->bands->len; b++)
    {
      g_autofree char *low = g_strdup_printf ("band %u low", b + 1);
      g_autofree char *high = g_strdup_printf ("band %u high", b + 1);
      cw_drawable_csv_text (csv, low, FALSE);
      cw_drawable_csv_text (csv, high, FALSE);
    }
  g_string_append_c (csv, '\n');

  for (int i = 0; i < rows; i++)
    {
      gboolean first_cell = TRUE;
      if (any_on_axis)
        {
          cw_drawable_csv_number (csv, cw_signal_axis_x (self, i), TRUE);
          first_cell = FALSE;
        }
      for (guint k = 0; k < self->series->len; k++)
        {
          const CwSignalSeries *s = g_ptr_array_index (self->series, k);
          if (s->x)
            {
              if (i < s->n)
                cw_drawable_csv_number (csv, s->x[i], first_cell);
              else if (!first_cell)
                g_string_append_c (csv, ',');
              first_cell = FALSE;
            }
          if (i < s->n)
            cw_drawable_csv_float (csv, s->y[i], FALSE);
          else
            g_string_append_c (csv, ',');
        }
      for (guint b = 0; b < self->bands->len; b++)
        {
          const CwSignalBand *band = g_ptr_array_index (self->bands, b);
          if (i < band->n)
            {
              cw_drawable_csv_float (csv, band->lo[i], FALSE);
              cw_drawable_csv_float (csv, band->hi[i], FALSE);
            }
          else
            g_string_append (csv, ",,");
        }
      g_string_append_c (csv, '\n');
    }
  return g_string_free (csv, FALSE);
}

/* ---- parity plot ---- */

/* One line per point: its series, its id, the truth and the prediction (also in residual view, where the
 * residual is their difference). */
char *
cw_parity_plot_dup_csv (CwDrawable *drawable)
{
  CwParityPlot *self = CW_PARITY_PLOT (drawable);
  const char *what = self->axis_label && *self->axis_label ? self->axis_label : "value";
  g_autofree char *true_name = g_strdup_printf ("true %s", what);
  g_autofree char *predicted_name = g_strdup_printf ("predicted %s", what);
  GString *csv = g_string_new (NULL);
  cw_drawable_csv_text (csv, "series", TRUE);
  cw_drawable_csv_text (csv, "id", FALSE);
  cw_drawable_csv_text (csv, true_name, FALSE);
  cw_drawable_csv_text (csv, predicted_name, FALSE);
  g_string_append_c (csv, '\n');
  for (guint k = 0; k < self->series->len; k++)
    {
      const ParitySeries *s = cw_parity_plot_get_series (self, (int) k);
      for (int i = 0; i < s->n; i++)
        {
          cw_drawable_csv_text (csv, s->label, TRUE);
          g_string_append_printf (csv, ",%d", s->ids[i]);
          cw_drawable_csv_float (csv, s->truth[i], FALSE);
          cw_drawable_csv_float (csv, s->pred[i], FALSE);
          g_string_append_c (csv, '\n');
        }
    }
  return g_string_free (csv, FALSE);
}

/* ---- heatmap ---- */

/* The x of each column, then one column per heatmap row ("filter 1", "filter 2", …): the same shape as a
 * signal plot's curves. */
char *
cw_heatmap_dup_csv (CwDrawable *drawable)
{
  CwHeatmap *self = CW_HEATMAP (drawable);
  GString *csv = g_string_new (NULL);
  g_autofree char *x_name = self->x_unit && *self->x_unit ? g_strdup_printf ("x (%s)", self->x_unit)
                                                          : g_strdup ("x");
  cw_drawable_csv_text (csv, x_name, TRUE);
  const char *row_name = self->row_name && *self->row_name ? self->row_name : "row";
  for (int r = 0; r < self->rows; r++)
    {
      g_autofree char *name = g_strdup_printf ("%s %d", row_name, r + 1);
      cw_drawable_csv_text (csv, name, FALSE);
    }
  g_string_append_c (csv, '\n');
  double step = cw_heatmap_column_step (self);
  for (int c = 0; c < self->cols; c++)
    {
      cw_drawable_csv_number (csv, self->x0 + c * step, TRUE);
      for (int r = 0; r < self->rows; r++)
        cw_drawable_csv_float (csv, self->values[(size_t) r * self->cols + c], FALSE);
      g_string_append_c (csv, '\n');
    }
  return g_string_free (csv, FALSE);
}
