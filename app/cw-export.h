/* cw-export.h — writing what the window shows to files: a plot (any CwDrawable) as PNG, SVG or PDF by the
 * extension, and the trained model's predictions for every sample as CSV. */
#pragma once

#include <gtk/gtk.h>

#include "cw-project.h"

G_BEGIN_DECLS

/* The plot at its on-screen size (800 x 500 when not shown). Formats by the extension: .png, .svg, .pdf;
 * another extension is refused. */
gboolean cw_export_plot (GtkWidget *drawable, GFile *file, GError **error);

/* One row per sample: row (1-based, as on the Data page), the meta columns, "role" (training /
 * validation / test), the truth and the model's prediction; for classification the predicted class and one probability column per
 * class. NULL with an error when the project has no usable trained model. */
char *cw_export_predictions_csv (CwProject *project, GError **error);
/* The same, written atomically to file. */
gboolean cw_export_predictions (CwProject *project, GFile *file, GError **error);

/* The trained model with its preprocessing as an ONNX file (cw_model_export_onnx), written on a worker
 * thread from a copy of the model, so the project may change meanwhile. Fails at once (in the callback)
 * when the project has no trained model or the file is not local. */
void cw_export_model_onnx_async (CwProject *project, GFile *file, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data);
gboolean cw_export_model_onnx_finish (GAsyncResult *result, GError **error);

G_END_DECLS
