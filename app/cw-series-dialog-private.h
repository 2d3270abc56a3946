/* cw-series-dialog-private.h — what the import dialog's files share: cw-series-dialog.c (controls,
 * preview, count) and cw-series-dialog-jobs.c (the workers: peaks, annotations, the windows). */
#pragma once

#include "cw-series-dialog.h"
#include "cw-signal-plot.h"

G_BEGIN_DECLS

/* The recording and the annotations are shared with workers, which may outlive the dialog. */
typedef struct
{
  cw_series *series;
} SeriesRef;

typedef struct
{
  cw_annotations *annotations;
} AnnotationsRef;

void cw_series_dialog_series_release (SeriesRef *ref);
void cw_series_dialog_annotations_release (AnnotationsRef *ref);

struct _CwSeriesDialog
{
  GtkWindow parent_instance;

  SeriesRef *series;
  GFile *file;
  double rate;
  int n;

  GtkDropDown *signal_dropdown;
  GtkCheckButton *sliding_check;
  GtkCheckButton *peaks_check;
  GtkSpinButton *window_spin;
  GtkSpinButton *hop_spin;
  GtkSpinButton *before_spin;
  GtkWidget *hop_row_label;
  GtkWidget *before_row_label;
  GtkDropDown *labels_dropdown;   /* None, one item per text column, Annotation file */
  GtkButton *choose_button;
  GtkLabel *annotations_label;
  CwSignalPlot *plot;
  GtkLabel *count_label;
  GtkLabel *error_label;
  GtkSpinner *spinner;
  GtkButton *import_button;

  int *peaks;                     /* of signal peaks_signal; NULL when not found yet */
  int n_peaks;
  int peaks_signal;
  char *peaks_error;
  GCancellable *peaks_cancellable;
  AnnotationsRef *annotations;
  char *annotations_name;
  GCancellable *annotations_cancellable;
  GCancellable *import_cancellable;
  char *count_text;
  int previewed_signal;           /* the signal the preview's curve shows, -1 = none yet */
};

/* cw-series-dialog.c */
/* Everything that follows the settings: sensitivity, peaks to find, the count, the marked windows. */
void cw_series_dialog_update (CwSeriesDialog *self);
/* The window options the controls describe; FALSE while they cannot be used yet (peaks still being found,
 * an annotation file not chosen). */
gboolean cw_series_dialog_current_options (CwSeriesDialog *self, cw_window_options *o);
gboolean cw_series_dialog_any_worker (CwSeriesDialog *self);
void cw_series_dialog_emit_imported (CwSeriesDialog *self, CwProject *project);

/* cw-series-dialog-jobs.c */
void cw_series_dialog_find_peaks (CwSeriesDialog *self, int signal_index);
/* The Choose… button: a file chooser for the annotation file. */
void cw_series_dialog_choose_annotations (CwSeriesDialog *self);

G_END_DECLS
