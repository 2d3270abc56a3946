/* cw-drift-panel.c — runs the drift stress test and draws it as small multiples, one per perturbation. */
#include "cw-drift-panel.h"

#include <math.h>

#include "cw-plot-style.h"
#include "cw-signal-plot.h"

#define IDLE_HINT "Shifts, offsets, tilts, scales and adds noise to the raw test spectra in graded steps, then " \
                  "predicts with each model."

struct _CwDriftPanel
{
  GtkWidget parent_instance;

  /* child widgets */
  GtkWidget *box;
  GtkButton *run_button;
  GtkLabel *legend_label;
  GtkProgressBar *progress_bar;
  GtkLabel *status_label;
  CwSignalPlot *plots[CW_DRIFT_N_KINDS];
  GtkLabel *verdicts[CW_DRIFT_N_KINDS];

  /* owned */
  CwCompareInputs *inputs;
  CwPlsResult *pls;
  CwDriftResult *result;
  GCancellable *cancellable;   /* of the running test; NULL when idle */
};

G_DEFINE_FINAL_TYPE (CwDriftPanel, cw_drift_panel, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- what is shown ---- */

static void
set_status (CwDriftPanel *self, const char *text, gboolean error)
{
  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL && *text != '\0');
  if (error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
}

static gboolean
has_models (CwDriftPanel *self)
{
  return self->inputs != NULL && (self->inputs->model != NULL || self->pls != NULL);
}

static void
sync_controls (CwDriftPanel *self)
{
  gboolean running = self->cancellable != NULL;
  gtk_button_set_label (self->run_button, running ? "_Cancel" : self->result ? "_Run Again" : "_Run Stress Test");
  gtk_widget_set_sensitive (GTK_WIDGET (self->run_button), running || has_models (self));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
  if (running)
    gtk_widget_remove_css_class (GTK_WIDGET (self->run_button), "suggested-action");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->run_button), "suggested-action");
}

static void
clear_plots (CwDriftPanel *self)
{
  for (int kind = 0; kind < CW_DRIFT_N_KINDS; kind++)
    {
      cw_signal_plot_clear (self->plots[kind]);
      cw_signal_plot_set_axis (self->plots[kind], NULL, 0, cw_drift_kind_axis_label (kind));
      gtk_label_set_text (self->verdicts[kind], "");
    }
}

static char *
swatch (int palette_index, const char *text)
{
  GdkRGBA color;
  cw_palette_color (palette_index, &color);
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  return g_strdup_printf ("<span foreground=\"#%02x%02x%02x\" weight=\"bold\">━━</span> %s",
                          (int) lround (color.red * 255), (int) lround (color.green * 255),
                          (int) lround (color.blue * 255), escaped);
}

static void
update_legend (CwDriftPanel *self)
{
  CwDriftResult *result = self->result;
  if (result == NULL)
    {
      gtk_label_set_text (self->legend_label, "");
      return;
    }
  g_autoptr (GString) markup = g_string_new (NULL);
  if (result->has_model[CW_DRIFT_MODEL_CNN])
    {
      g_autofree char *cnn = swatch (0, "CNN");
      g_string_append (markup, cnn);
    }
  if (result->has_model[CW_DRIFT_MODEL_PLS])
    {
      g_autofree char *text = g_strdup_printf ("PLS (%d LV)", result->pls_components);
      g_autofree char *pls = swatch (1, text);
      g_string_append_printf (markup, "%s%s", markup->len > 0 ? "    " : "", pls);
    }
  g_autofree char *metric = g_markup_escape_text (result->metric_label, -1);
  g_string_append_printf (markup, "    <span alpha=\"60%%\">%s of the perturbed test rows</span>", metric);
  gtk_label_set_markup (self->legend_label, markup->str);
}

static void
show_result (CwDriftPanel *self)
{
  CwDriftResult *result = self->result;
  clear_plots (self);
  update_legend (self);
  if (result == NULL)
    return;
  for (int kind = 0; kind < CW_DRIFT_N_KINDS; kind++)
    {
      CwSignalPlot *plot = self->plots[kind];
      double top = 0;
      for (int m = 0; m < CW_DRIFT_N_MODELS; m++)
        {
          if (!result->has_model[m])
            continue;
          float values[CW_DRIFT_STEPS];
          for (int s = 0; s < CW_DRIFT_STEPS; s++)
            {
              values[s] = (float) result->error[kind][m][s];
              if (isfinite (values[s]))
                top = MAX (top, values[s]);
            }
          GdkRGBA color;
          cw_palette_color (m == CW_DRIFT_MODEL_CNN ? 0 : 1, &color);
          g_autofree char *label = m == CW_DRIFT_MODEL_PLS
                                   ? g_strdup_printf ("PLS (%d LV)", result->pls_components)
                                   : g_strdup ("CNN");
          cw_signal_plot_add_series_xy (plot, result->shown[kind], values, CW_DRIFT_STEPS, &color, 2.0,
                                        CW_SERIES_LINE, label);
          cw_signal_plot_add_series_xy (plot, result->shown[kind], values, CW_DRIFT_STEPS, &color, 2.0,
                                        CW_SERIES_POINTS, NULL);
        }
      cw_signal_plot_set_y_label (plot, result->classification ? "Error rate (%)" : "RMSEP");
      cw_signal_plot_reset_view (plot);
      /* From zero, so the slopes compare honestly between the two models. */
      cw_signal_plot_set_y_range (plot, 0.0, top > 0 ? top * 1.1 : 1.0);
      g_autofree char *verdict = cw_drift_result_verdict (result, kind);
      gtk_label_set_text (self->verdicts[kind], verdict);
    }
}

/* ---- running ---- */

static void
on_progress (double fraction, const char *what, gpointer user_data)
{
  CwDriftPanel *self = user_data;
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_progress_bar_set_text (self->progress_bar, what);
}

static void
on_test_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (CwDriftPanel) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CwDriftResult) result = cw_drift_job_run_finish (res, &error);

  /* A test that was superseded (cancelled, models changed) says nothing any more. */
  if (g_task_get_cancellable (G_TASK (res)) != self->cancellable)
    return;
  /* Belt and braces: a progress report still queued for this run now stays silent. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (result != NULL)
    {
      g_clear_pointer (&self->result, cw_drift_result_unref);
      self->result = g_steal_pointer (&result);
      set_status (self, NULL, FALSE);
      show_result (self);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_status (self, "Stress test cancelled.", FALSE);
  else
    set_status (self, error->message, TRUE);
  sync_controls (self);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

gboolean
cw_drift_panel_run (CwDriftPanel *self)
{
  g_return_val_if_fail (CW_IS_DRIFT_PANEL (self), FALSE);
  if (self->cancellable != NULL || !has_models (self))
    return FALSE;
  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, "Starting…");
  set_status (self, "Running the stress test…", FALSE);
  sync_controls (self);
  cw_drift_job_run_async (self->inputs, self->pls, self->cancellable, on_progress, self, on_test_done,
                          g_object_ref (self));
  return TRUE;
}

void
cw_drift_panel_cancel (CwDriftPanel *self)
{
  g_return_if_fail (CW_IS_DRIFT_PANEL (self));
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
on_run_clicked (GtkButton *button, CwDriftPanel *self)
{
  if (self->cancellable != NULL)
    cw_drift_panel_cancel (self);
  else
    cw_drift_panel_run (self);
}

void
cw_drift_panel_set_models (CwDriftPanel *self, CwCompareInputs *inputs, CwPlsResult *pls)
{
  g_return_if_fail (CW_IS_DRIFT_PANEL (self));
  if (inputs == self->inputs && pls == self->pls)
    return;
  /* The running test and the result describe the old models. */
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  g_clear_pointer (&self->inputs, cw_compare_inputs_unref);
  g_clear_pointer (&self->pls, cw_pls_result_unref);
  g_clear_pointer (&self->result, cw_drift_result_unref);
  self->inputs = inputs ? cw_compare_inputs_ref (inputs) : NULL;
  self->pls = pls ? cw_pls_result_ref (pls) : NULL;
  show_result (self);
  set_status (self, has_models (self) ? IDLE_HINT : "Train the CNN or fit PLS to test how they stand up to drift.",
              FALSE);
  sync_controls (self);
}

gboolean
cw_drift_panel_is_running (CwDriftPanel *self)
{
  g_return_val_if_fail (CW_IS_DRIFT_PANEL (self), FALSE);
  return self->cancellable != NULL;
}

CwDriftResult *
cw_drift_panel_get_result (CwDriftPanel *self)
{
  g_return_val_if_fail (CW_IS_DRIFT_PANEL (self), NULL);
  return self->result;
}

GtkWidget *
cw_drift_panel_get_plot (CwDriftPanel *self, cw_drift_kind kind)
{
  g_return_val_if_fail (CW_IS_DRIFT_PANEL (self), NULL);
  g_return_val_if_fail (kind >= 0 && kind < CW_DRIFT_N_KINDS, NULL);
  return GTK_WIDGET (self->plots[kind]);
}

const char *
cw_drift_panel_get_verdict (CwDriftPanel *self, cw_drift_kind kind)
{
  g_return_val_if_fail (CW_IS_DRIFT_PANEL (self), NULL);
  g_return_val_if_fail (kind >= 0 && kind < CW_DRIFT_N_KINDS, NULL);
  return gtk_label_get_text (self->verdicts[kind]);
}

const char *
cw_drift_panel_get_status (CwDriftPanel *self)
{
  g_return_val_if_fail (CW_IS_DRIFT_PANEL (self), NULL);
  return gtk_label_get_text (self->status_label);
}

/* ---- GObject ---- */

static void
cw_drift_panel_dispose (GObject *object)
{
  CwDriftPanel *self = CW_DRIFT_PANEL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->inputs, cw_compare_inputs_unref);
  g_clear_pointer (&self->pls, cw_pls_result_unref);
  g_clear_pointer (&self->result, cw_drift_result_unref);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (cw_drift_panel_parent_class)->dispose (object);
}

static void
cw_drift_panel_class_init (CwDriftPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_drift_panel_dispose;

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "driftpanel");
}

static GtkWidget *
build_header (CwDriftPanel *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *title = gtk_label_new ("Drift stress test");
  gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (header), title);

  /* One legend for the five plots, which all carry the same two lines. */
  self->legend_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->legend_label, 0.0f);
  gtk_widget_set_hexpand (GTK_WIDGET (self->legend_label), TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->legend_label), 12);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->legend_label));

  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->progress_bar), 260, -1);
  gtk_widget_set_valign (GTK_WIDGET (self->progress_bar), GTK_ALIGN_CENTER);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->progress_bar));

  self->run_button = GTK_BUTTON (gtk_button_new_with_mnemonic ("_Run Stress Test"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->run_button),
                               "Perturb the test spectra (shift, offset, slope, scale, noise) and measure each "
                               "model's error");
  g_signal_connect (self->run_button, "clicked", G_CALLBACK (on_run_clicked), self);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->run_button));
  return header;
}

static GtkWidget *
build_plots (CwDriftPanel *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
  gtk_widget_set_vexpand (row, TRUE);
  for (int kind = 0; kind < CW_DRIFT_N_KINDS; kind++)
    {
      GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      self->plots[kind] = CW_SIGNAL_PLOT (cw_signal_plot_new ());
      cw_signal_plot_set_title (self->plots[kind], cw_drift_kind_title (kind));
      cw_signal_plot_set_axis (self->plots[kind], NULL, 0, cw_drift_kind_axis_label (kind));
      gtk_widget_set_size_request (GTK_WIDGET (self->plots[kind]), 160, 200);
      gtk_widget_set_vexpand (GTK_WIDGET (self->plots[kind]), TRUE);
      gtk_box_append (GTK_BOX (cell), GTK_WIDGET (self->plots[kind]));

      self->verdicts[kind] = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_wrap (self->verdicts[kind], TRUE);
      gtk_label_set_justify (self->verdicts[kind], GTK_JUSTIFY_CENTER);
      gtk_label_set_lines (self->verdicts[kind], 2);
      gtk_label_set_max_width_chars (self->verdicts[kind], 20);
      gtk_widget_set_size_request (GTK_WIDGET (self->verdicts[kind]), -1, 36);
      gtk_widget_set_valign (GTK_WIDGET (self->verdicts[kind]), GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (cell), GTK_WIDGET (self->verdicts[kind]));
      gtk_box_append (GTK_BOX (row), cell);
    }
  return row;
}

static void
cw_drift_panel_init (CwDriftPanel *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_box_append (GTK_BOX (self->box), build_header (self));

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status_label, 0.0f);
  /* One line, the whole text in the tooltip: a wrapping label would make the window ask for the width of
   * its text on one line when GTK fits width to height. */
  gtk_label_set_ellipsize (self->status_label, PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->status_label));

  gtk_box_append (GTK_BOX (self->box), build_plots (self));
  set_status (self, "Train the CNN or fit PLS to test how they stand up to drift.", FALSE);
  sync_controls (self);
}

GtkWidget *
cw_drift_panel_new (void)
{
  return g_object_new (CW_TYPE_DRIFT_PANEL, NULL);
}
