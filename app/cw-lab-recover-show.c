/* cw-lab-recover-show.c — drawing what the recovery received: one line per weight against the epoch
 * with the truth as a dashed line of the same colour, the loss per epoch on a log scale, the status
 * line (epoch, loss, kernel, distance to the truth) and the table of the starting points' results. */
#include "cw-lab-recover-private.h"

#include <math.h>

#include "cw-plot-style.h"

/* A recovered weight within this of the truth counts as found (the test suite's tolerance). */
#define FOUND_TOLERANCE 0.05
/* Dashes across the epoch axis of a truth line. */
#define TRUTH_DASHES 48
/* Beyond this many weights a legend would cover the plot. */
#define MAX_LEGEND_WEIGHTS 8

static void
append_number (GString *text, double value)
{
  g_string_append_printf (text, "%.3f", fabs (value) < 5e-4 ? 0.0 : value);
}

char *
cw_lab_recover_format_kernel (CwLabRecover *self, const float *kernel)
{
  GString *text = g_string_new ("[");
  for (int f = 0; f < self->filters; f++)
    for (int c = 0; c < self->channels; c++)
      {
        if (f > 0 && c == 0)
          g_string_append (text, " ; ");
        else if (c > 0)
          g_string_append (text, " | ");
        for (int j = 0; j < self->k; j++)
          {
            if (j)
              g_string_append (text, ", ");
            append_number (text, kernel[(f * self->channels + c) * self->k + j]);
          }
      }
  g_string_append (text, "]");
  return g_string_free (text, FALSE);
}

static char *
weight_name (CwLabRecover *self, int i)
{
  int j = i % self->k, c = (i / self->k) % self->channels, f = i / (self->k * self->channels);
  if (self->filters > 1)
    return g_strdup_printf ("filter %d ch %d w[%d]", f + 1, c + 1, j);
  if (self->channels > 1)
    return g_strdup_printf ("ch %d w[%d]", c + 1, j);
  return g_strdup_printf ("w[%d]", j);
}

static double
largest_error (CwLabRecover *self, const float *kernel)
{
  double worst = 0.0;
  for (int i = 0; i < self->n_weights; i++)
    worst = MAX (worst, fabs ((double) kernel[i] - self->truth[i]));
  return worst;
}

static void
show_weights (CwLabRecover *self)
{
  CwSignalPlot *plot = self->weights_plot;
  cw_signal_plot_clear (plot);
  int n = (int) self->losses->len, total = MAX (self->epochs, 1);
  /* The frame spans the whole run from the start, so the lines grow into it. */
  const double frame_x[2] = { 0.0, total };
  const float frame_y[2] = { NAN, NAN };
  GdkRGBA none = { 0, 0, 0, 0 };
  cw_signal_plot_add_series_xy (plot, frame_x, frame_y, 2, &none, 1.0, CW_SERIES_LINE, NULL);

  if (self->truth)
    {
      double dash_x[3 * TRUTH_DASHES];
      float dash_y[3 * TRUTH_DASHES];
      for (int i = 0; i < self->n_weights; i++)
        {
          GdkRGBA color;
          cw_palette_color (i, &color);
          color.alpha = 0.75;
          /* NaN lifts the pen: a dashed line from a line series. */
          for (int d = 0; d < TRUTH_DASHES; d++)
            {
              dash_x[3 * d] = (double) total * d / TRUTH_DASHES;
              dash_x[3 * d + 1] = (double) total * (d + 0.55) / TRUTH_DASHES;
              dash_x[3 * d + 2] = dash_x[3 * d + 1];
              dash_y[3 * d] = dash_y[3 * d + 1] = self->truth[i];
              dash_y[3 * d + 2] = NAN;
            }
          cw_signal_plot_add_series_xy (plot, dash_x, dash_y, 3 * TRUTH_DASHES, &color, 1.3, CW_SERIES_LINE, NULL);
        }
    }
  if (n > 0)
    {
      g_autofree double *epochs = g_new (double, n);
      g_autofree float *column = g_new (float, n);
      for (int e = 0; e < n; e++)
        epochs[e] = e;
      const float *kernels = (const float *) self->kernels->data;
      for (int i = 0; i < self->n_weights; i++)
        {
          for (int e = 0; e < n; e++)
            column[e] = kernels[(gsize) e * self->n_weights + i];
          GdkRGBA color;
          cw_palette_color (i, &color);
          g_autofree char *name = weight_name (self, i);
          cw_signal_plot_add_series_xy (plot, epochs, column, n, &color, 2.0, CW_SERIES_LINE, name);
        }
    }
  cw_signal_plot_set_show_legend (plot, n > 0 && self->n_weights <= MAX_LEGEND_WEIGHTS);
  cw_signal_plot_set_x_range (plot, 0.0, total);
  g_autofree char *title = NULL;
  const char *truth = self->truth ? " · dashed: the hidden kernel" : " · typed-in target: no known truth";
  if (self->multi && self->n_runs > 0)
    title = g_strdup_printf ("Weights per epoch · start %d of %d (seed %" G_GUINT64_FORMAT ")%s", self->run + 1,
                             self->n_runs, self->run_seed, truth);
  else
    title = g_strdup_printf ("Weights per epoch%s", truth);
  cw_signal_plot_set_title (plot, title);
}

static void
show_loss (CwLabRecover *self)
{
  int n = (int) self->losses->len;
  /* Plot epoch e (1-based) is the loss after e steps; the starting loss is in the status line. */
  const double *losses = (const double *) self->losses->data;
  cw_loss_plot_set_data (self->loss_plot, n > 1 ? losses + 1 : NULL, NULL, MAX (n - 1, 0), 0);
  cw_loss_plot_set_total_epochs (self->loss_plot, MAX (self->epochs, 1));
  gboolean mse = gtk_drop_down_get_selected (self->loss_dropdown) == 1;
  cw_loss_plot_set_y_label (self->loss_plot, mse ? "MSE" : "MAE");
}

static void
show_status (CwLabRecover *self)
{
  int n = (int) self->losses->len;
  GString *text = g_string_new (NULL);
  if (self->problem_error)
    g_string_append (text, "Fix the input and the target first.");
  else if (n == 0)
    g_string_append_printf (text, self->job ? "Starting…" : "Press Start to learn the kernel from a random start.");
  else
    {
      const float *kernel = &g_array_index (self->kernels, float, (gsize) (n - 1) * self->n_weights);
      g_autofree char *kernel_text = cw_lab_recover_format_kernel (self, kernel);
      g_string_append_printf (text, "Epoch %d of %d · loss %.3g · kernel %s", n - 1, self->epochs,
                              g_array_index (self->losses, double, n - 1), kernel_text);
      if (self->truth)
        {
          g_autofree char *truth_text = cw_lab_recover_format_kernel (self, self->truth);
          double worst = largest_error (self, kernel);
          g_string_append_printf (text, " · truth %s · largest difference %.3f%s", truth_text, worst,
                                  worst <= FOUND_TOLERANCE ? " (found)" : "");
        }
      if (self->job)
        g_string_append (text, " · running…");
    }
  if (self->run_error)
    g_string_append_printf (text, " · stopped: %s", self->run_error);
  gtk_label_set_text (self->status_label, text->str);
  g_string_free (text, TRUE);
}

void
cw_lab_recover_show_progress (CwLabRecover *self)
{
  show_weights (self);
  show_loss (self);
  show_status (self);
}

static GtkWidget *
cell (const char *text, gboolean header, gboolean numeric)
{
  GtkWidget *label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0f : 0.0f);
  if (header)
    gtk_widget_add_css_class (label, "dim-label");
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  else if (!header)
    gtk_widget_add_css_class (label, "monospace");
  return label;
}

void
cw_lab_recover_show_results (CwLabRecover *self)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_grid))))
    gtk_grid_remove (self->results_grid, child);
  int n = (int) self->result_losses->len;
  gtk_widget_set_visible (self->results_box, self->multi);
  if (!self->multi)
    return;
  gtk_grid_attach (self->results_grid, cell ("Starting seed", TRUE, FALSE), 0, 0, 1, 1);
  gtk_grid_attach (self->results_grid, cell ("Final kernel", TRUE, FALSE), 1, 0, 1, 1);
  gtk_grid_attach (self->results_grid, cell ("Final loss", TRUE, TRUE), 2, 0, 1, 1);
  if (self->truth)
    gtk_grid_attach (self->results_grid, cell ("Largest difference to the truth", TRUE, TRUE), 3, 0, 1, 1);
  double best = INFINITY, worst = 0.0, spread = 0.0;
  for (int i = 0; i < n; i++)
    {
      const float *kernel = &g_array_index (self->results, float, (gsize) i * self->n_weights);
      double loss = g_array_index (self->result_losses, double, i);
      char buf[64];
      g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, g_array_index (self->result_seeds, guint64, i));
      gtk_grid_attach (self->results_grid, cell (buf, FALSE, TRUE), 0, i + 1, 1, 1);
      g_autofree char *kernel_text = cw_lab_recover_format_kernel (self, kernel);
      gtk_grid_attach (self->results_grid, cell (kernel_text, FALSE, FALSE), 1, i + 1, 1, 1);
      g_snprintf (buf, sizeof buf, "%.3g", loss);
      gtk_grid_attach (self->results_grid, cell (buf, FALSE, TRUE), 2, i + 1, 1, 1);
      if (self->truth)
        {
          g_snprintf (buf, sizeof buf, "%.3f", largest_error (self, kernel));
          gtk_grid_attach (self->results_grid, cell (buf, FALSE, TRUE), 3, i + 1, 1, 1);
        }
      best = MIN (best, loss);
      worst = MAX (worst, loss);
      /* How far apart the final kernels are: the largest difference to the first one. */
      const float *first = (const float *) self->results->data;
      for (int w = 0; w < self->n_weights; w++)
        spread = MAX (spread, fabs ((double) kernel[w] - first[w]));
    }
  const char *note = "";
  g_autofree char *owned = NULL;
  if (n >= 2)
    {
      if (spread > 0.1 && worst < 0.05)
        note = owned = g_strdup_printf ("Different kernels (up to %.2f apart), all with a loss near zero: the data "
                                        "cannot tell them apart.", spread);
      else if (spread <= 0.1)
        note = owned = g_strdup_printf ("Every starting point ends at the same kernel (within %.2f): the data "
                                        "pins it down.", spread);
      else
        note = owned = g_strdup_printf ("The runs end up to %.2f apart with losses from %.3g to %.3g.", spread, best,
                                        worst);
    }
  gtk_label_set_text (self->results_note, note);
}
