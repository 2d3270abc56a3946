/* cw-series-dialog.h — "Import recording": a long recording (one column per signal, a row per time point)
 * cut into windows before it becomes data. The window length, a hop or windows aligned on detected peaks
 * (with the time before the peak), where labels come from (none, a text column, an annotation CSV), a
 * preview of the recording with the windows marked and a live count. Peak detection, reading annotations
 * and cutting the windows run on a worker. On Import the windows become a new, untitled project's data
 * ("imported" hands it over); the window switches to it. */
#pragma once

#include <gtk/gtk.h>

#include "cw-project.h"

G_BEGIN_DECLS

#define CW_TYPE_SERIES_DIALOG (cw_series_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CwSeriesDialog, cw_series_dialog, CW, SERIES_DIALOG, GtkWindow)

/* The dialog (modal, transient for parent; not yet presented) for series (ownership taken), read from
 * file (named in the title and the new project). */
CwSeriesDialog *cw_series_dialog_new (GtkWindow *parent, cw_series *series, GFile *file);

/* --- what the controls do, for tests --- */
void cw_series_dialog_set_window_seconds (CwSeriesDialog *self, double seconds);
void cw_series_dialog_set_hop_seconds (CwSeriesDialog *self, double seconds);
void cw_series_dialog_set_align_on_peaks (CwSeriesDialog *self, gboolean align);
void cw_series_dialog_set_before_seconds (CwSeriesDialog *self, double seconds);
/* Labels from an annotation file, read on a worker (the count updates when it is in). */
void cw_series_dialog_set_annotations_file (CwSeriesDialog *self, GFile *file);
/* The windows the settings make; -1 while peaks are being found or the settings are impossible. */
long cw_series_dialog_get_window_count (CwSeriesDialog *self);
/* The line under the preview: "358 windows of 216 samples (0.6 s) · labels N 305, V 53". */
const char *cw_series_dialog_get_count_text (CwSeriesDialog *self);
/* TRUE while a worker runs (peaks, annotations or the windows). */
gboolean cw_series_dialog_is_busy (CwSeriesDialog *self);
/* What Import does: cuts the windows on a worker, then emits "imported" and closes. */
void cw_series_dialog_accept (CwSeriesDialog *self);

/* Signals:
 *   "imported" (CwProject *project)   a new project holding the windows (and the recording)
 */

G_END_DECLS
