/* cw-saliency-panel.c — the CNN's saliency beside PLS's coefficients and VIP, over the mean spectrum. */
#include "cw-saliency-panel.h"
#include "cw-drawable.h"

#include <math.h>
#include <string.h>

#include "cw-plot-style.h"
#include "cw-signal-plot.h"
#include "cw-wrap-box.h"

typedef struct
{
  float *y;   /* scaled to max |value| = 1 */
  double *x;
  int n;
} Curve;

struct _CwSaliencyPanel
{
  GtkWidget parent_instance;

  /* child widgets */
  GtkWidget *box;
  GtkLabel *message_label;
  GtkCheckButton *toggles[CW_SALIENCY_N_CURVES];
  CwSignalPlot *plot;

  /* owned */
  Curve curves[CW_SALIENCY_N_CURVES];
  double *axis;        /* the plot's axis (the raw one), for redraws after a toggle */
  int axis_n;
  char *axis_label;
};

G_DEFINE_FINAL_TYPE (CwSaliencyPanel, cw_saliency_panel, GTK_TYPE_WIDGET)

static const char *const curve_labels[CW_SALIENCY_N_CURVES] = {
  "Mean spectrum",
  "CNN |gradient × input|",
  "CNN Grad-CAM",
  "PLS coefficients",
  "PLS VIP",
};

/* Palette entries: CNN in blue and PLS in orange as everywhere on the page, their second curve in a
 * neighbouring hue. */
static const int curve_palette[CW_SALIENCY_N_CURVES] = { -1, 0, 6, 1, 2 };
static const GdkRGBA mean_line = { 0.5, 0.5, 0.5, 0.8 };
static const GdkRGBA mean_fill = { 0.5, 0.5, 0.5, 0.16 };

static void
curve_color (CwSaliencyCurve which, GdkRGBA *color)
{
  if (curve_palette[which] < 0)
    *color = mean_line;
  else
    cw_palette_color (curve_palette[which], color);
}

void
cw_saliency_normalise (float *values, int n)
{
  double largest = 0;
  for (int i = 0; i < n; i++)
    if (isfinite (values[i]))
      largest = MAX (largest, fabs (values[i]));
  if (largest <= 0)
    return;
  for (int i = 0; i < n; i++)
    values[i] = (float) (values[i] / largest);
}

static void
clear_curves (CwSaliencyPanel *self)
{
  for (int c = 0; c < CW_SALIENCY_N_CURVES; c++)
    {
      g_clear_pointer (&self->curves[c].y, g_free);
      g_clear_pointer (&self->curves[c].x, g_free);
      self->curves[c].n = 0;
    }
}

static void
take_curve (CwSaliencyPanel *self, CwSaliencyCurve which, float *y, const double *x, int n)
{
  cw_saliency_normalise (y, n);
  self->curves[which].y = y;
  self->curves[which].x = g_memdup2 (x, (gsize) n * sizeof (double));
  self->curves[which].n = n;
}

/* PLS's coefficients at its chosen size, one value per axis position: averaged over channels, and for
 * several responses (PLS-DA classes) the mean magnitude, since the signs differ between classes. */
static float *
pls_coefficient_curve (const CwPlsResult *pls)
{
  const double *b = cw_pls_result_coefficients (pls, pls->chosen);
  int length = pls->out_length, q = pls->q;
  float *curve = g_new0 (float, length);
  for (int t = 0; t < length; t++)
    {
      double sum = 0;
      for (int c = 0; c < pls->channels; c++)
        for (int j = 0; j < q; j++)
          {
            double v = b[((gsize) c * length + t) * q + j];
            sum += q == 1 ? v : fabs (v);
          }
      curve[t] = (float) (sum / ((double) pls->channels * q));
    }
  return curve;
}

static float *
pls_vip_curve (const CwPlsResult *pls)
{
  const double *vip = cw_pls_result_vip (pls, pls->chosen);
  int length = pls->out_length;
  float *curve = g_new0 (float, length);
  for (int t = 0; t < length; t++)
    {
      double sum = 0;
      for (int c = 0; c < pls->channels; c++)
        sum += vip[(gsize) c * length + t];
      curve[t] = (float) (sum / pls->channels);
    }
  return curve;
}

static gboolean
curve_shown (CwSaliencyPanel *self, CwSaliencyCurve which)
{
  return self->curves[which].n > 0 && gtk_check_button_get_active (self->toggles[which]);
}

static void
redraw (CwSaliencyPanel *self)
{
  cw_signal_plot_clear (self->plot);
  cw_signal_plot_set_axis (self->plot, self->axis, self->axis_n, self->axis_label);

  Curve *mean = &self->curves[CW_SALIENCY_CURVE_MEAN];
  if (curve_shown (self, CW_SALIENCY_CURVE_MEAN))
    {
      /* The spectrum is the backdrop: a light fill down to zero under a thin grey line. */
      g_autofree float *lo = g_new (float, mean->n);
      g_autofree float *hi = g_new (float, mean->n);
      for (int i = 0; i < mean->n; i++)
        {
          lo[i] = MIN (0.0f, mean->y[i]);
          hi[i] = MAX (0.0f, mean->y[i]);
        }
      cw_signal_plot_add_band (self->plot, lo, hi, mean->n, &mean_fill);
      cw_signal_plot_add_series_xy (self->plot, mean->x, mean->y, mean->n, &mean_line, 1.0, CW_SERIES_LINE,
                                    curve_labels[CW_SALIENCY_CURVE_MEAN]);
    }
  for (int c = CW_SALIENCY_CURVE_CNN_GRADIENT; c < CW_SALIENCY_N_CURVES; c++)
    {
      Curve *curve = &self->curves[c];
      if (!curve_shown (self, c))
        continue;
      GdkRGBA color;
      curve_color (c, &color);
      cw_signal_plot_add_series_xy (self->plot, curve->x, curve->y, curve->n, &color, 1.6, CW_SERIES_LINE,
                                    curve_labels[c]);
    }
  /* Fixed, so the scale does not jump as curves are switched on and off. */
  cw_signal_plot_set_y_range (self->plot, -1.08, 1.08);
}

static void
sync_toggles (CwSaliencyPanel *self)
{
  for (int c = 0; c < CW_SALIENCY_N_CURVES; c++)
    gtk_widget_set_sensitive (GTK_WIDGET (self->toggles[c]), self->curves[c].n > 0);
}

void
cw_saliency_panel_set_data (CwSaliencyPanel *self, const CwCompareInputs *inputs, const CwSaliencyResult *cnn,
                            const CwPlsResult *pls)
{
  g_return_if_fail (CW_IS_SALIENCY_PANEL (self));
  clear_curves (self);

  if (inputs != NULL)
    take_curve (self, CW_SALIENCY_CURVE_MEAN, g_memdup2 (inputs->mean_spectrum, (gsize) inputs->length * sizeof (float)),
                inputs->axis, inputs->length);
  if (inputs != NULL && inputs->model != NULL && cnn != NULL && cnn->length == inputs->model_length
      && inputs->model_on_axis)
    {
      take_curve (self, CW_SALIENCY_CURVE_CNN_GRADIENT, g_memdup2 (cnn->saliency, (gsize) cnn->length * sizeof (float)),
                  inputs->model_axis, cnn->length);
      if (cnn->gradcam != NULL)
        take_curve (self, CW_SALIENCY_CURVE_CNN_GRADCAM,
                    g_memdup2 (cnn->gradcam, (gsize) cnn->length * sizeof (float)), inputs->model_axis, cnn->length);
    }
  if (pls != NULL && pls->chosen >= 1 && pls->axis != NULL && cw_compare_pipeline_keeps_axis (pls->pipeline))
    {
      take_curve (self, CW_SALIENCY_CURVE_PLS_COEFFICIENTS, pls_coefficient_curve (pls), pls->axis, pls->out_length);
      take_curve (self, CW_SALIENCY_CURVE_PLS_VIP, pls_vip_curve (pls), pls->axis, pls->out_length);
    }

  g_clear_pointer (&self->axis, g_free);
  g_clear_pointer (&self->axis_label, g_free);
  self->axis_n = 0;
  if (inputs != NULL)
    {
      self->axis = g_memdup2 (inputs->axis, (gsize) inputs->length * sizeof (double));
      self->axis_n = inputs->length;
      self->axis_label = g_strdup (inputs->axis_label);
    }
  sync_toggles (self);
  redraw (self);
  cw_signal_plot_reset_view (self->plot);
  cw_signal_plot_set_y_range (self->plot, -1.08, 1.08);
}

gboolean
cw_saliency_panel_get_curve_visible (CwSaliencyPanel *self, CwSaliencyCurve curve)
{
  g_return_val_if_fail (CW_IS_SALIENCY_PANEL (self), FALSE);
  g_return_val_if_fail (curve >= 0 && curve < CW_SALIENCY_N_CURVES, FALSE);
  return curve_shown (self, curve);
}

void
cw_saliency_panel_set_curve_visible (CwSaliencyPanel *self, CwSaliencyCurve curve, gboolean visible)
{
  g_return_if_fail (CW_IS_SALIENCY_PANEL (self));
  g_return_if_fail (curve >= 0 && curve < CW_SALIENCY_N_CURVES);
  gtk_check_button_set_active (self->toggles[curve], visible);
}

void
cw_saliency_panel_set_message (CwSaliencyPanel *self, const char *message)
{
  g_return_if_fail (CW_IS_SALIENCY_PANEL (self));
  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && *message != '\0');
}

const float *
cw_saliency_panel_get_curve (CwSaliencyPanel *self, CwSaliencyCurve curve, const double **x, int *n)
{
  g_return_val_if_fail (CW_IS_SALIENCY_PANEL (self), NULL);
  g_return_val_if_fail (curve >= 0 && curve < CW_SALIENCY_N_CURVES, NULL);
  if (x != NULL)
    *x = self->curves[curve].x;
  if (n != NULL)
    *n = self->curves[curve].n;
  return self->curves[curve].y;
}

GtkWidget *
cw_saliency_panel_get_plot (CwSaliencyPanel *self)
{
  g_return_val_if_fail (CW_IS_SALIENCY_PANEL (self), NULL);
  return GTK_WIDGET (self->plot);
}

/* ---- GObject ---- */

static void
cw_saliency_panel_dispose (GObject *object)
{
  CwSaliencyPanel *self = CW_SALIENCY_PANEL (object);

  clear_curves (self);
  g_clear_pointer (&self->axis, g_free);
  g_clear_pointer (&self->axis_label, g_free);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (cw_saliency_panel_parent_class)->dispose (object);
}

static void
cw_saliency_panel_class_init (CwSaliencyPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_saliency_panel_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "saliencypanel");
}

static void
on_toggle (GtkCheckButton *button, CwSaliencyPanel *self)
{
  /* Redraw keeps the user's zoom: only the set of curves changed. */
  double lo, hi;
  cw_signal_plot_get_x_range (self->plot, &lo, &hi);
  redraw (self);
  cw_signal_plot_set_x_range (self->plot, lo, hi);
}

/* A check button whose label starts with a swatch of the curve's colour: the plot's legend, and the way
 * to hide a curve that covers another. */
static GtkCheckButton *
new_toggle (CwSaliencyPanel *self, CwSaliencyCurve which)
{
  GdkRGBA color;
  curve_color (which, &color);
  g_autofree char *hex = g_strdup_printf ("#%02x%02x%02x", (int) lround (color.red * 255),
                                          (int) lround (color.green * 255), (int) lround (color.blue * 255));
  g_autofree char *escaped = g_markup_escape_text (curve_labels[which], -1);
  g_autofree char *markup = g_strdup_printf ("<span foreground=\"%s\" weight=\"bold\">━━</span> %s", hex, escaped);
  GtkWidget *label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), markup);
  GtkWidget *button = gtk_check_button_new ();
  gtk_check_button_set_child (GTK_CHECK_BUTTON (button), label);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (button), TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_widget_set_tooltip_text (button, "Show or hide this curve");
  g_signal_connect (button, "toggled", G_CALLBACK (on_toggle), self);
  return GTK_CHECK_BUTTON (button);
}

static void
cw_saliency_panel_init (CwSaliencyPanel *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_label_set_max_width_chars (self->message_label, 50);
  gtk_label_set_xalign (self->message_label, 0.0f);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->message_label));

  /* The CNN's curves, PLS's, then the backdrop; lines wrap when the page is narrow. */
  GtkWidget *legend = cw_wrap_box_new (12, 0);
  static const CwSaliencyCurve order[CW_SALIENCY_N_CURVES] = {
    CW_SALIENCY_CURVE_CNN_GRADIENT, CW_SALIENCY_CURVE_CNN_GRADCAM, CW_SALIENCY_CURVE_PLS_COEFFICIENTS,
    CW_SALIENCY_CURVE_PLS_VIP, CW_SALIENCY_CURVE_MEAN,
  };
  for (int i = 0; i < CW_SALIENCY_N_CURVES; i++)
    {
      self->toggles[order[i]] = new_toggle (self, order[i]);
      cw_wrap_box_append (CW_WRAP_BOX (legend), GTK_WIDGET (self->toggles[order[i]]));
    }
  gtk_box_append (GTK_BOX (self->box), legend);

  self->plot = CW_SIGNAL_PLOT (cw_signal_plot_new ());
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->plot), "Saliency");
  gtk_widget_set_vexpand (GTK_WIDGET (self->plot), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->plot), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->plot), 300, 200);
  cw_signal_plot_set_y_label (self->plot, "Scaled to max |value| = 1");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->plot));
  sync_toggles (self);
}

GtkWidget *
cw_saliency_panel_new (void)
{
  return g_object_new (CW_TYPE_SALIENCY_PANEL, NULL);
}
