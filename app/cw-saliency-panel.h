/* cw-saliency-panel.h — "Where the models look": over the signal axis, the mean spectrum (light), the CNN's
 * mean |gradient × input| and mean Grad-CAM over the test rows, and PLS's regression coefficients and VIP,
 * each scaled to max |value| = 1 so they share one axis (the y label says so). */
#pragma once

#include <gtk/gtk.h>

#include "cw-compare-data.h"
#include "cw-saliency-job.h"

G_BEGIN_DECLS

#define CW_TYPE_SALIENCY_PANEL (cw_saliency_panel_get_type ())
G_DECLARE_FINAL_TYPE (CwSaliencyPanel, cw_saliency_panel, CW, SALIENCY_PANEL, GtkWidget)

typedef enum
{
  CW_SALIENCY_CURVE_MEAN,        /* mean raw spectrum of all rows */
  CW_SALIENCY_CURVE_CNN_GRADIENT, /* CNN mean |gradient × input| */
  CW_SALIENCY_CURVE_CNN_GRADCAM, /* CNN mean Grad-CAM of the last conv layer */
  CW_SALIENCY_CURVE_PLS_COEFFICIENTS, /* PLS regression coefficients at the chosen components (signed) */
  CW_SALIENCY_CURVE_PLS_VIP,     /* PLS VIP at the chosen components */
  CW_SALIENCY_N_CURVES
} CwSaliencyCurve;

GtkWidget *cw_saliency_panel_new (void);
/* Any of the three may be NULL (nothing of that model to draw). Data is copied. */
void cw_saliency_panel_set_data (CwSaliencyPanel *self, const CwCompareInputs *inputs, const CwSaliencyResult *cnn,
                                 const CwPlsResult *pls);
/* A line of text over the plot instead of (or while waiting for) the curves; NULL hides it. */
void cw_saliency_panel_set_message (CwSaliencyPanel *self, const char *message);

/* The scaled curve as drawn (NULL and *n = 0 when not shown) and its x values; for tests. */
const float *cw_saliency_panel_get_curve (CwSaliencyPanel *self, CwSaliencyCurve curve, const double **x, int *n);
GtkWidget *cw_saliency_panel_get_plot (CwSaliencyPanel *self);
/* The check buttons above the plot (the legend): a hidden curve keeps its data but is not drawn. */
gboolean cw_saliency_panel_get_curve_visible (CwSaliencyPanel *self, CwSaliencyCurve curve);
void cw_saliency_panel_set_curve_visible (CwSaliencyPanel *self, CwSaliencyCurve curve, gboolean visible);

/* Scales n values in place so that max |value| = 1 (all zero or non-finite: left as they are). */
void cw_saliency_normalise (float *values, int n);

G_END_DECLS
