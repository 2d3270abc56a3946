/* cw-preprocess-view-private.h — the Preprocess page's state, shared by the files that implement it:
 *   cw-preprocess-view.c     the widget, its actions, the text entry, following the project;
 *   cw-preprocess-steps.c    the steps editor: one row per step with its parameters, add/remove/move;
 *   cw-preprocess-preview.c  the preview: raw and processed plots, the pipeline fitted and applied on a
 *                            worker (GTask), colours by target. */
#pragma once

#include "cw-preprocess-view.h"
#include "cw-signal-plot.h"

G_BEGIN_DECLS

/* What a preview worker produced (plain memory: it may be freed on the worker). */
typedef struct
{
  guint generation;       /* which request it answers */
  int n_rows;
  int *rows;              /* dataset rows shown */
  int channels, length;   /* raw signal shape */
  float *raw;             /* n_rows x channels x length, copied on the main thread */
  CwPreprocessingFit *fit;
  /* results */
  char *error;            /* the pipeline does not fit the data */
  int n_fit_rows;
  int out_length;
  double *out_axis;       /* out_length values */
  float *processed;       /* n_rows x channels x out_length */
  gboolean has_range;
  gboolean has_pca;       /* the output axis is component numbers, not the raw axis */
  gboolean needs_fit;     /* a step learns from the training rows (centre, autoscale, MSC) */
} CwPreviewResult;

void cw_preview_result_free (CwPreviewResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CwPreviewResult, cw_preview_result_free)

struct _CwPreprocessView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkWidget *paned;                /* the template's root: bound so dispose_template unparents it */
  GtkMenuButton *add_button;
  GtkListBox *step_list;
  GtkEntry *text_entry;
  GtkButton *apply_button;
  GtkLabel *message_label;
  GtkLabel *status_label;
  CwSignalPlot *raw_plot;
  CwSignalPlot *processed_plot;

  /* owned */
  CwProject *project;
  GArray *steps;                   /* cw_pre_step: what the steps editor shows */
  char *text_error;                /* the last applied text's error, shown until the text changes */
  char *step_error;                /* a parameter the engine refused, shown until the next edit */
  GArray *sample_rows;             /* int: the rows asked for; empty = every sample */
  GCancellable *preview_cancellable;
  CwPreviewResult *preview;        /* the last finished preview */
  char *status;
  char *axis_label;

  /* borrowed */
  const cw_dataset *dataset;       /* the project's as last seen: another pointer means new data */

  int selected_row;                /* -1 = none */
  guint preview_generation;
  guint preview_idle;              /* source that starts the next preview */
  gboolean preview_running;
  guint syncing;                   /* > 0 while the view writes its own widgets: not user edits */
};

/* cw-preprocess-view.c */
void cw_preprocess_view_show_message (CwPreprocessView *self);

/* cw-preprocess-steps.c */
/* Reads the project's pipeline into the editor; rebuilds the rows only when it differs from what they
 * show, so a spin button being typed in keeps its focus. */
void cw_preprocess_view_sync_steps (CwPreprocessView *self);
void cw_preprocess_view_add_step (CwPreprocessView *self, cw_pre_kind kind);
void cw_preprocess_view_remove_step (CwPreprocessView *self, int index);
void cw_preprocess_view_move_step (CwPreprocessView *self, int index, int delta);
/* Parses a step name as the add-step action takes it. */
gboolean cw_preprocess_view_kind_from_name (const char *name, cw_pre_kind *kind);

/* cw-preprocess-preview.c */
void cw_preprocess_view_preview_init (CwPreprocessView *self);
/* Schedules a preview (coalescing bursts of changes); the raw plot is redrawn with it. */
void cw_preprocess_view_queue_preview (CwPreprocessView *self);
void cw_preprocess_view_cancel_preview (CwPreprocessView *self);
/* New data: forget the zoom. */
void cw_preprocess_view_reset_plots (CwPreprocessView *self);

G_END_DECLS
