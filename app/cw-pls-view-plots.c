/* cw-pls-view-plots.c — the PLS page's drawing: everything here reads an immutable CwPlsResult and the
 * number of components shown; nothing computes PLS. */
#include "cw-pls-view-private.h"

#include <math.h>
#include <string.h>

#include "cw-plot-style.h"

/* Series beyond this many (channels x responses) would make the axis plots unreadable. */
#define MAX_AXIS_SERIES 6

/* Palette slots, so a quantity keeps its colour on every plot of the page. */
enum
{
  COLOR_CV = 0,     /* blue: cross-validation, calibration rows */
  COLOR_LIMIT = 1,  /* orange: limits, the chosen number, VIP = 1 */
  COLOR_TEST = 2,   /* red: the test rows, RMSEP */
  COLOR_FIT = 3,    /* teal: RMSEC */
};

static GdkRGBA
palette (int slot)
{
  GdkRGBA c;
  cw_palette_color (slot, &c);
  return c;
}

static float *
to_floats (const double *v, int n, size_t stride)
{
  float *out = g_new (float, MAX (n, 1));
  for (int i = 0; i < n; i++)
    out[i] = (float) v[(size_t) i * stride];
  return out;
}

static char *
class_name (CwPlsView *self, int k)
{
  const cw_dataset *ds = cw_project_get_dataset (self->project);
  CwPlsResult *r = self->result;
  if (ds && r->target < cw_dataset_n_targets (ds) && k < cw_dataset_n_classes (ds, r->target))
    return g_strdup (cw_dataset_class_name (ds, r->target, k));
  return g_strdup_printf ("class %d", k);
}

/* ---- errors per number of components ---- */

/* RMSE for regression; the misclassification rate (1 - accuracy) for PLS-DA. */
static void
error_curve (const CwPlsResult *r, const double *rmse, const double *accuracy, double *out)
{
  for (int a = 0; a < r->n_components; a++)
    out[a] = r->classification ? 1.0 - accuracy[a] : rmse[a];
}

static void
show_errors (CwPlsView *self)
{
  CwScatterPlot *plot = self->errors_plot;
  CwPlsResult *r = self->result;
  cw_scatter_plot_clear (plot);
  cw_scatter_plot_set_title (plot, r && r->classification ? "Error rate vs components" : "RMSE vs components");
  cw_scatter_plot_set_labels (plot, "Components", r && r->classification ? "Misclassified" : "RMSE");
  if (!r)
    return;
  int A = r->n_components;
  g_autofree double *x = g_new (double, A);
  g_autofree double *y = g_new (double, A);
  g_autofree int *ids = g_new (int, A);
  for (int a = 0; a < A; a++)
    {
      x[a] = a + 1;
      ids[a] = a + 1;
    }
  GdkRGBA color = palette (COLOR_FIT);
  error_curve (r, r->rmsec, r->acc_c, y);
  cw_scatter_plot_add_series (plot, r->classification ? "calibration" : "RMSEC", &color, x, y, ids, A, TRUE);
  color = palette (COLOR_CV);
  error_curve (r, r->rmsecv, r->acc_cv, y);
  cw_scatter_plot_add_series (plot, r->classification ? "cross-validation" : "RMSECV", &color, x, y, ids, A, TRUE);
  /* The test curve is opt-in: a curve over the counts invites choosing on the test rows. */
  if (r->n_test > 0 && gtk_check_button_get_active (self->test_curve_check))
    {
      color = palette (COLOR_TEST);
      error_curve (r, r->rmsep, r->acc_p, y);
      cw_scatter_plot_add_series (plot, r->classification ? "test" : "RMSEP", &color, x, y, ids, A, TRUE);
    }
  cw_scatter_plot_set_x_range (plot, 0.5, A + 0.5);
  g_autofree char *label = g_strdup_printf ("chosen: %d", self->components);
  cw_scatter_plot_set_x_limit (plot, self->components, label);
  cw_scatter_plot_set_selected (plot, self->components);
}

/* ---- scores ---- */

static char *
score_axis_label (const CwPlsResult *r, int component)
{
  return g_strdup_printf ("t%d (%.1f %% of X)", component, 100.0 * r->explained_x[component - 1]);
}

/* Rows of one kind (calibration or test, and one class for PLS-DA: class < 0 = any) as a series. */
static int
add_score_series (CwPlsView *self, const char *label, const GdkRGBA *color, gboolean test, int klass,
                  int cx, int cy)
{
  CwPlsResult *r = self->result;
  int A = r->n_components, n = 0;
  g_autofree double *x = g_new (double, MAX (r->n_rows, 1));
  g_autofree double *y = g_new (double, MAX (r->n_rows, 1));
  g_autofree double *values = g_new (double, MAX (r->n_rows, 1));
  g_autofree int *ids = g_new (int, MAX (r->n_rows, 1));
  for (int i = 0; i < r->n_rows; i++)
    {
      if ((r->is_test[i] != 0) != test || (klass >= 0 && r->classes[i] != klass))
        continue;
      x[n] = r->scores[(size_t) i * A + cx - 1];
      y[n] = r->scores[(size_t) i * A + cy - 1];
      values[n] = r->y[(size_t) i * r->q];
      ids[n++] = i;
    }
  if (n == 0)
    return -1;
  int series = cw_scatter_plot_add_series (self->scores_plot, label, color, x, y, ids, n, FALSE);
  cw_scatter_plot_set_series_hollow (self->scores_plot, series, test);
  if (!r->classification)
    cw_scatter_plot_set_point_values (self->scores_plot, series, values, r->target_name);
  return series;
}

static void
show_scores (CwPlsView *self)
{
  CwScatterPlot *plot = self->scores_plot;
  CwPlsResult *r = self->result;
  cw_scatter_plot_clear (plot);
  cw_scatter_plot_set_title (plot, "Scores");
  if (!r)
    {
      cw_scatter_plot_set_labels (plot, "t1", "t2");
      return;
    }
  int cx = CLAMP (gtk_spin_button_get_value_as_int (self->scores_x_spin), 1, r->n_components);
  int cy = CLAMP (gtk_spin_button_get_value_as_int (self->scores_y_spin), 1, r->n_components);
  g_autofree char *x_label = score_axis_label (r, cx);
  g_autofree char *y_label = score_axis_label (r, cy);
  cw_scatter_plot_set_labels (plot, x_label, y_label);
  if (!r->classification)
    {
      GdkRGBA grey = { 0.5, 0.5, 0.5, 1 };
      add_score_series (self, "calibration", &grey, FALSE, -1, cx, cy);
      add_score_series (self, r->n_test > 0 ? "test" : NULL, &grey, TRUE, -1, cx, cy);
    }
  else
    for (int k = 0; k < MAX (r->n_classes, 2); k++)
      {
        GdkRGBA color = palette (k);
        g_autofree char *name = class_name (self, k);
        add_score_series (self, name, &color, FALSE, k, cx, cy);
        add_score_series (self, NULL, &color, TRUE, k, cx, cy);
      }
  cw_scatter_plot_set_selected (plot, self->selected_row);
}

/* ---- T² vs Q ---- */

static void
show_influence (CwPlsView *self)
{
  CwScatterPlot *plot = self->influence_plot;
  CwPlsResult *r = self->result;
  cw_scatter_plot_clear (plot);
  cw_scatter_plot_set_labels (plot, "Hotelling's T²", "Q residual");
  if (!r)
    {
      cw_scatter_plot_set_title (plot, "Influence");
      return;
    }
  int a = self->components;
  g_autofree char *title = g_strdup_printf ("Influence (%d component%s)", a, a == 1 ? "" : "s");
  cw_scatter_plot_set_title (plot, title);
  const double *t2 = cw_pls_result_t2 (r, a), *q = cw_pls_result_q (r, a);
  for (int test = 0; test <= 1; test++)
    {
      int n = 0;
      g_autofree double *x = g_new (double, MAX (r->n_rows, 1));
      g_autofree double *y = g_new (double, MAX (r->n_rows, 1));
      g_autofree int *ids = g_new (int, MAX (r->n_rows, 1));
      for (int i = 0; i < r->n_rows; i++)
        if ((r->is_test[i] != 0) == test)
          {
            x[n] = t2[i];
            y[n] = q[i];
            ids[n++] = i;
          }
      if (n == 0)
        continue;
      GdkRGBA color = palette (test ? COLOR_TEST : COLOR_CV);
      int series = cw_scatter_plot_add_series (plot, test ? "test" : "calibration", &color, x, y, ids, n, FALSE);
      cw_scatter_plot_set_series_hollow (plot, series, test);
    }
  cw_scatter_plot_set_x_limit (plot, r->t2_limit[a - 1], "T² 95 % limit");
  cw_scatter_plot_set_y_limit (plot, r->q_limit[a - 1], "Q 95 % limit");
  cw_scatter_plot_set_selected (plot, self->selected_row);
}

/* ---- over the axis: loadings, coefficients, VIP ---- */

/* Adds one series per channel of a feature vector (channel-major), labelled "<name>" or
 * "<name> · channel c". */
static void
add_feature_series (CwPlsView *self, CwSignalPlot *plot, const double *v, size_t stride, const char *name,
                    const GdkRGBA *color, int *count)
{
  CwPlsResult *r = self->result;
  for (int c = 0; c < r->channels && *count < MAX_AXIS_SERIES; c++, (*count)++)
    {
      g_autofree float *y = to_floats (v + (size_t) c * r->out_length * stride, r->out_length, stride);
      g_autofree char *label = r->channels > 1 ? g_strdup_printf ("%s · channel %d", name, c + 1)
                                               : g_strdup (name);
      GdkRGBA shade = *color;
      shade.alpha = c == 0 ? 1.0f : 0.65f;
      cw_signal_plot_add_series (plot, y, r->out_length, &shade, 1.5, CW_SERIES_LINE, label);
    }
}

static void
add_constant_line (CwSignalPlot *plot, int n, double value, const GdkRGBA *color, const char *label)
{
  g_autofree float *y = g_new (float, MAX (n, 1));
  for (int i = 0; i < n; i++)
    y[i] = (float) value;
  cw_signal_plot_add_series (plot, y, n, color, 1.2, CW_SERIES_LINE, label);
}

/* The signal plot puts its legend in the top-right corner, where spectra often peak: widen the y range
 * by a band above the data for it. values: the feature vectors drawn (n_vectors of n_features). */
static void
leave_room_for_legend (CwSignalPlot *plot, const double *values, int n, double room)
{
  double lo = 0, hi = 0; /* the zero line is drawn too */
  for (int i = 0; i < n; i++)
    if (isfinite (values[i]))
      {
        lo = MIN (lo, values[i]);
        hi = MAX (hi, values[i]);
      }
  double span = hi - lo > 0 ? hi - lo : 1;
  cw_signal_plot_set_y_range (plot, lo - 0.05 * span, hi + room * span);
}

static void
prepare_axis_plot (CwPlsView *self, CwSignalPlot *plot, const char *title, const char *y_label,
                   gboolean new_axis)
{
  cw_signal_plot_clear (plot);
  cw_signal_plot_set_title (plot, title);
  cw_signal_plot_set_y_label (plot, y_label);
  if (!new_axis)
    return;
  g_autofree char *x_label = cw_project_dup_axis_label (self->project);
  CwPlsResult *r = self->result;
  if (r)
    cw_signal_plot_set_axis (plot, r->axis, r->out_length, x_label);
  cw_signal_plot_reset_view (plot);
}

static void
show_axis_plots (CwPlsView *self, gboolean new_axis)
{
  CwPlsResult *r = self->result;
  int a = self->components;
  g_autofree char *coef_title = r ? g_strdup_printf ("Coefficients (%d comp.)", a)
                                  : g_strdup ("Coefficients");
  g_autofree char *vip_title = r ? g_strdup_printf ("VIP (%d component%s)", a, a == 1 ? "" : "s")
                                 : g_strdup ("VIP");
  prepare_axis_plot (self, self->loadings_plot, "Loadings", "Loading", new_axis);
  prepare_axis_plot (self, self->coefficients_plot, coef_title, "Regression coefficient", new_axis);
  prepare_axis_plot (self, self->vip_plot, vip_title, "VIP", new_axis);
  if (!r)
    return;

  GdkRGBA zero = { 0.5, 0.5, 0.5, 0.7 };
  int count = 0;
  int cx = CLAMP (gtk_spin_button_get_value_as_int (self->scores_x_spin), 1, r->n_components);
  int cy = CLAMP (gtk_spin_button_get_value_as_int (self->scores_y_spin), 1, r->n_components);
  add_constant_line (self->loadings_plot, r->out_length, 0, &zero, NULL);
  /* The loadings of the components the scores plot shows, so the two read together. */
  for (int i = 0; i < (cx == cy ? 1 : 2); i++)
    {
      int component = i == 0 ? cx : cy;
      g_autofree char *name = g_strdup_printf ("p%d", component);
      GdkRGBA color = palette (i == 0 ? COLOR_CV : COLOR_TEST);
      add_feature_series (self, self->loadings_plot, r->loadings + (size_t) (component - 1) * r->n_features, 1,
                          name, &color, &count);
    }
  cw_signal_plot_set_show_legend (self->loadings_plot, TRUE);
  {
    g_autofree double *shown = g_new (double, 2 * (size_t) r->n_features);
    memcpy (shown, r->loadings + (size_t) (cx - 1) * r->n_features, r->n_features * sizeof (double));
    memcpy (shown + r->n_features, r->loadings + (size_t) (cy - 1) * r->n_features, r->n_features * sizeof (double));
    leave_room_for_legend (self->loadings_plot, shown, 2 * r->n_features, 0.3);
  }

  count = 0;
  add_constant_line (self->coefficients_plot, r->out_length, 0, &zero, NULL);
  const double *b = cw_pls_result_coefficients (r, a);
  for (int k = 0; k < r->q; k++)
    {
      g_autofree char *name = r->q > 1 ? class_name (self, k) : g_strdup_printf ("b (%d)", a);
      GdkRGBA color = palette (r->q > 1 ? k : COLOR_CV);
      add_feature_series (self, self->coefficients_plot, b + k, r->q, name, &color, &count);
    }
  gboolean coefficient_legend = r->q > 1 || r->channels > 1;
  cw_signal_plot_set_show_legend (self->coefficients_plot, coefficient_legend);
  cw_signal_plot_set_y_range (self->coefficients_plot, NAN, NAN);
  if (coefficient_legend)
    leave_room_for_legend (self->coefficients_plot, b, r->n_features * r->q, 0.1 + 0.1 * MIN (r->q * r->channels, MAX_AXIS_SERIES));

  count = 0;
  GdkRGBA limit = palette (COLOR_LIMIT);
  GdkRGBA vip_color = palette (COLOR_CV);
  add_feature_series (self, self->vip_plot, cw_pls_result_vip (r, a), 1, "VIP", &vip_color, &count);
  add_constant_line (self->vip_plot, r->out_length, 1.0, &limit, "VIP = 1");
  cw_signal_plot_set_show_legend (self->vip_plot, TRUE);
  leave_room_for_legend (self->vip_plot, cw_pls_result_vip (r, a), r->n_features, 0.25);
}

/* ---- the table ---- */

static void
add_cell (CwPlsView *self, int row, int column, const char *text, gboolean bold)
{
  GtkWidget *label = gtk_label_new (NULL);
  if (bold)
    {
      g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", text);
      gtk_label_set_markup (GTK_LABEL (label), markup);
    }
  else
    gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0.0f : 1.0f);
  gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (self->table_grid, label, column, row, 1, 1);
}

static void
format_value (double v, gboolean percent, char *buf, gsize size)
{
  if (!isfinite (v))
    g_strlcpy (buf, "—", size);
  else if (percent)
    g_snprintf (buf, size, "%.1f %%", 100 * v);
  else
    g_snprintf (buf, size, "%.4f", v);
}

static void
show_table (CwPlsView *self)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table_grid))))
    gtk_grid_remove (self->table_grid, child);
  self->table_rows = 0;
  CwPlsResult *r = self->result;
  if (!r)
    return;

  /* Columns: A, calibration, CV, then the test column only when asked for (as the plot's test curve), then
   * Q² for regression. */
  gboolean acc = r->classification;
  gboolean test = r->n_test > 0 && gtk_check_button_get_active (self->test_curve_check);
  const char *headers[5];
  const double *values[5];
  int columns = 0;
  headers[columns] = "A", values[columns++] = NULL;
  headers[columns] = acc ? "Acc. cal." : "RMSEC", values[columns++] = acc ? r->acc_c : r->rmsec;
  headers[columns] = acc ? "Acc. CV" : "RMSECV", values[columns++] = acc ? r->acc_cv : r->rmsecv;
  if (test)
    headers[columns] = acc ? "Acc. test" : "RMSEP", values[columns++] = acc ? r->acc_p : r->rmsep;
  if (!acc)
    headers[columns] = "Q²", values[columns++] = r->q2;
  for (int c = 0; c < columns; c++)
    add_cell (self, 0, c, headers[c], TRUE);
  for (int a = 1; a <= r->n_components; a++)
    {
      gboolean chosen = a == self->components;
      char buf[32];
      g_snprintf (buf, sizeof buf, "%d%s", a, a == r->suggested ? " *" : "");
      add_cell (self, a, 0, buf, chosen);
      for (int c = 1; c < columns; c++)
        {
          format_value (values[c][a - 1], acc && values[c] != r->q2, buf, sizeof buf);
          add_cell (self, a, c, buf, chosen);
        }
    }
  self->table_rows = r->n_components + 1;
}

/* ---- how the choice was made ---- */

static const char *
prep_label (int index)
{
  const char *label = NULL;
  cw_pls_job_prep_candidate (index, &label);
  return label;
}

static void
show_choice (CwPlsView *self)
{
  CwPlsResult *r = self->result;
  if (!r)
    {
      gtk_label_set_text (self->choice_label, "");
      return;
    }
  gboolean acc = r->classification;
  GString *text = g_string_new (NULL);
  char buf[32];
  if (r->prep_mode == CW_PLS_PREP_CV && r->n_prep > 0 && r->prep_chosen >= 0)
    {
      g_string_append_printf (text, "Preprocessing chosen by CV on the training rows: %s. %s at each "
                              "candidate's suggested count:", prep_label (r->prep_chosen),
                              acc ? "CV error rate" : "RMSECV");
      for (int c = 0; c < r->n_prep; c++)
        {
          format_value (r->prep_scores[c], acc, buf, sizeof buf);
          g_string_append_printf (text, "%s %s %s", c ? "," : "", prep_label (c),
                                  isfinite (r->prep_scores[c]) ? buf : "(could not be fitted)");
        }
      g_string_append (text, ".");
    }
  else
    g_string_append (text, "Preprocessing: the Preprocess page's steps.");
  if (r->has_nested)
    {
      format_value (acc ? r->nested_accuracy : r->nested_rmse, acc, buf, sizeof buf);
      g_string_append_printf (text, "\nNested CV (%d outer × %d inner folds, %d rows): %s %s — the honest "
                              "estimate of PLS with %s chosen inside each outer fold. Counts chosen:",
                              r->nested_outer, r->nested_inner_k, r->nested_n, acc ? "accuracy" : "RMSE", buf,
                              r->prep_mode == CW_PLS_PREP_CV ? "its preprocessing and components"
                                                              : "its components");
      for (int o = 0; o < r->nested_outer; o++)
        {
          g_string_append_printf (text, "%s %d", o ? "," : "", r->nested_components[o]);
          if (r->nested_prep && r->prep_mode == CW_PLS_PREP_CV)
            g_string_append_printf (text, " (%s)", prep_label (r->nested_prep[o]));
        }
      g_string_append (text, ".");
    }
  gtk_label_set_text (self->choice_label, text->str);
  g_string_free (text, TRUE);
}

/* ---- status ---- */

static void
show_status (CwPlsView *self)
{
  CwPlsResult *r = self->result;
  if (!r)
    return;
  int a = self->components;
  GString *text = g_string_new (NULL);
  g_string_append_printf (text, "%s · %s · %d calibration", r->target_name,
                          r->pipeline_text[0] ? r->pipeline_text : "no preprocessing", r->n_cal);
  if (r->n_test > 0)
    g_string_append_printf (text, " + %d test rows", r->n_test);
  else
    g_string_append (text, " rows, no test split");
  g_string_append_printf (text, " · %s · %s · suggested %d · showing %d", r->cv_label,
                          r->settings.algorithm == CW_PLS_SIMPLS ? "SIMPLS" : "NIPALS", r->suggested, a);
  char cv[32], test[32];
  gboolean acc = r->classification;
  format_value (acc ? r->acc_cv[a - 1] : r->rmsecv[a - 1], acc, cv, sizeof cv);
  g_string_append_printf (text, ": %s %s", acc ? "CV accuracy" : "RMSECV", cv);
  if (r->has_nested)
    {
      format_value (acc ? r->nested_accuracy : r->nested_rmse, acc, cv, sizeof cv);
      g_string_append_printf (text, " · nested CV %s", cv);
    }
  if (r->n_test > 0)
    {
      format_value (acc ? r->acc_p[a - 1] : r->rmsep[a - 1], acc, test, sizeof test);
      g_string_append_printf (text, " · %s %s (test rows, scored once)", acc ? "test accuracy" : "RMSEP", test);
    }
  gtk_label_set_text (self->status_label, text->str);
  g_string_free (text, TRUE);
}

/* ---- everything ---- */

void
cw_pls_view_show_result (CwPlsView *self)
{
  CwPlsResult *r = self->result;
  gboolean new_axis = self->drawn_serial != self->result_serial;
  self->drawn_serial = self->result_serial;
  if (r)
    {
      self->syncing = TRUE;
      int upper = MAX (r->n_components, 1);
      gtk_spin_button_set_range (self->components_spin, 1, upper);
      gtk_spin_button_set_range (self->scores_x_spin, 1, upper);
      gtk_spin_button_set_range (self->scores_y_spin, 1, upper);
      gtk_spin_button_set_value (self->components_spin, self->components);
      self->syncing = FALSE;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->components_spin), r != NULL);
  show_errors (self);
  show_scores (self);
  show_influence (self);
  show_axis_plots (self, new_axis);
  show_table (self);
  show_choice (self);
  show_status (self);
}

void
cw_pls_view_clear_plots (CwPlsView *self)
{
  g_clear_pointer (&self->result, cw_pls_result_unref);
  self->components = 0;
  self->result_serial++;
  cw_pls_view_show_result (self);
}
