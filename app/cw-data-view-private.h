/* cw-data-view-private.h — the Data page's state, shared by the files that implement it:
 *   cw-data-view.c       the widget, the source / target / task bar, following the project;
 *   cw-data-view-list.c  the sample list: row items, cells, sorting, filtering, selecting a row;
 *   cw-data-view-plot.c  what the plot draws: colour sources, lines or mean ± SD bands, the status line. */
#pragma once

#include "cw-data-view.h"
#include "cw-signal-plot.h"

G_BEGIN_DECLS

/* One row of the sample list: just the dataset row index (cells read the dataset). */
#define CW_TYPE_SAMPLE_ROW (cw_sample_row_get_type ())
G_DECLARE_FINAL_TYPE (CwSampleRow, cw_sample_row, CW, SAMPLE_ROW, GObject)

struct _CwSampleRow
{
  GObject parent_instance;
  int row;
  int role;  /* cw_role under the project's row settings; -1 when they cannot be made ("role" property) */
  int fold;  /* CV fold of a training row, else -1 */
};

CwSampleRow *cw_sample_row_new (int row);
/* Sets role and fold, notifying "role" when either changed (the role cell follows it). */
void cw_sample_row_set_role (CwSampleRow *self, int role, int fold);

typedef enum
{
  COLOUR_NONE,
  COLOUR_TARGET,
  COLOUR_META,
  COLOUR_ROLE,
} ColourKind;

/* What the plot colours the samples by: nothing, target column `index` or meta column `index`. */
typedef struct
{
  ColourKind kind;
  int index;
} ColourSource;

typedef enum
{
  TASK_ITEM_REGRESSION,
  TASK_ITEM_BINARY,
  TASK_ITEM_MULTICLASS,
  TASK_ITEM_MULTILABEL,
  N_TASK_ITEMS
} TaskItem;

struct _CwDataView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkWidget *content_box;          /* the template's root: bound so dispose_template unparents it */
  GtkBox *rows_box;                /* holds rows_bar */
  GtkLabel *source_label;
  GtkLabel *shape_label;
  GtkDropDown *target_dropdown;
  GtkDropDown *task_dropdown;
  GtkDropDown *axis_dropdown;
  GtkStringList *axis_names; /* "Automatic: …", then the usual axes (and a saved one not among them) */
  GtkSearchEntry *search_entry;
  GtkColumnView *column_view;
  GtkLabel *selection_label;
  GtkDropDown *colour_dropdown;
  GtkLabel *channel_label;
  GtkDropDown *channel_dropdown;
  GtkToggleButton *mean_sd_button;
  CwSignalPlot *plot;
  CwSignalPlot *recording_plot;   /* the recording windows were cut from (added in code; hidden otherwise) */

  /* owned */
  CwProject *project;
  GtkWidget *rows_bar;            /* CwRowsBar, child of rows_box */
  GtkSorter *role_sorter;         /* the role column's, told when roles change */
  GListStore *rows;               /* CwSampleRow, in dataset order */
  GtkCustomFilter *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel *sorted;
  GtkMultiSelection *selection;   /* what the column view shows */
  GtkStringList *target_names;
  GtkStringList *task_names;
  GtkStringList *colour_names;
  GtkStringList *channel_names;
  GArray *colour_sources;         /* ColourSource per colour_names item */
  char *filter_key;               /* casefolded search text, NULL = no filter */
  GArray *announced_rows;         /* the selected rows "selection-changed" last announced (int) */

  /* borrowed */
  const cw_dataset *dataset;      /* the project's as last seen: another pointer means new data */

  guint64 categorical_targets;    /* bit j: target j holds classes (a task change can convert it) */
  gboolean task_enabled[N_TASK_ITEMS];
  int n_plotted;
  guint syncing;                  /* > 0 while the view sets its own widgets: ignore their signals */
  gboolean selecting;             /* select_sample at work: no "sample-activated" */
};

/* cw-data-view-list.c */
gboolean cw_data_view_parse_number (const char *text, double *value);
void cw_data_view_list_init (CwDataView *self);
/* Replaces rows and columns for self->dataset (plot updates are the caller's). */
void cw_data_view_list_rebuild (CwDataView *self, const cw_dataset *ds);
void cw_data_view_set_filter_text (CwDataView *self, const char *text);
guint cw_data_view_position_of_row (CwDataView *self, int row);
void cw_data_view_scroll_to_position (CwDataView *self, guint position);
/* Puts the project's current roles into the rows (all -1 when they cannot be made). */
void cw_data_view_update_roles (CwDataView *self);

/* cw-data-view-plot.c */
void cw_data_view_rebuild_colour_sources (CwDataView *self);
guint cw_data_view_colour_item_for_target (CwDataView *self, int target);
ColourSource cw_data_view_current_colour_source (CwDataView *self);
void cw_data_view_update_plot (CwDataView *self);

/* cw-data-view-recording.c */
void cw_data_view_recording_init (CwDataView *self);
void cw_data_view_recording_update (CwDataView *self);
void cw_data_view_recording_show_rows (CwDataView *self, const GArray *rows);

G_END_DECLS
