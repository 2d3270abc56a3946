/* cw-series-dialog.c — the recording import dialog: settings, preview with the windows marked, live
 * count; peaks, annotations and the windows themselves are made on workers (GTask), each with its own
 * cancellable, so the main thread only counts and draws. */
#include "cw-series-dialog-private.h"

#include <math.h>

/* More windows than this are counted but not drawn one by one in the preview. */
#define MAX_PREVIEW_SPANS 20000
#define PREVIEW_SECONDS 10.0

G_DEFINE_FINAL_TYPE (CwSeriesDialog, cw_series_dialog, GTK_TYPE_WINDOW)

enum
{
  SIGNAL_IMPORTED,
  N_SIGNALS
};

static guint dialog_signals[N_SIGNALS];

void
cw_series_dialog_emit_imported (CwSeriesDialog *self, CwProject *project)
{
  g_signal_emit (self, dialog_signals[SIGNAL_IMPORTED], 0, project);
}


/* ---- reading the controls ---- */

static int
samples_of (CwSeriesDialog *self, GtkSpinButton *spin)
{
  return (int) lround (gtk_spin_button_get_value (spin) * self->rate);
}

static gboolean
aligned (CwSeriesDialog *self)
{
  return gtk_check_button_get_active (self->peaks_check);
}

static int
current_signal (CwSeriesDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->signal_dropdown);
  return selected == GTK_INVALID_LIST_POSITION ? 0 : (int) selected;
}

/* The labels choice: CW_SERIES_LABELS_* and, for a column, its index. */
static cw_series_label_source
current_labels (CwSeriesDialog *self, int *column)
{
  guint selected = gtk_drop_down_get_selected (self->labels_dropdown);
  int n_columns = cw_series_n_label_columns (self->series->series);
  *column = -1;
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return CW_SERIES_LABELS_NONE;
  if ((int) selected <= n_columns)
    {
      *column = (int) selected - 1;
      return CW_SERIES_LABELS_COLUMN;
    }
  return CW_SERIES_LABELS_ANNOTATIONS;
}

gboolean
cw_series_dialog_current_options (CwSeriesDialog *self, cw_window_options *o)
{
  *o = (cw_window_options) { .signal = current_signal (self), .label_column = -1 };
  o->length = samples_of (self, self->window_spin);
  o->hop = MAX (1, samples_of (self, self->hop_spin));
  o->labels = current_labels (self, &o->label_column);
  if (o->labels == CW_SERIES_LABELS_ANNOTATIONS)
    {
      if (!self->annotations)
        return FALSE;
      o->annotations = self->annotations->annotations;
    }
  if (aligned (self))
    {
      if (!self->peaks || self->peaks_signal != o->signal)
        return FALSE;
      o->peaks = self->peaks;
      o->n_peaks = self->n_peaks;
      o->before = samples_of (self, self->before_spin);
    }
  return TRUE;
}

gboolean
cw_series_dialog_any_worker (CwSeriesDialog *self)
{
  return self->peaks_cancellable || self->annotations_cancellable || self->import_cancellable;
}

/* ---- the preview and the count ---- */

static void
show_signal (CwSeriesDialog *self, int signal_index)
{
  if (self->previewed_signal == signal_index)
    return;
  self->previewed_signal = signal_index;
  const cw_series *s = self->series->series;
  g_autofree float *values = g_new (float, (gsize) self->n);
  const double *signal = cw_series_signal (s, signal_index);
  for (int i = 0; i < self->n; i++)
    values[i] = (float) signal[i];
  cw_signal_plot_clear (self->plot);
  GdkRGBA line = { 0.13, 0.40, 0.75, 1 };
  cw_signal_plot_add_series (self->plot, values, self->n, &line, 1.0, CW_SERIES_LINE,
                             cw_series_signal_name (s, signal_index));
  cw_signal_plot_set_y_label (self->plot, cw_series_signal_name (s, signal_index));
}

static void
mark_windows (CwSeriesDialog *self, const cw_window_options *o, long count)
{
  GdkRGBA span = { 0.95, 0.55, 0.10, 1 }, mark = { 0.80, 0.15, 0.15, 1 };
  const double *time = cw_series_time (self->series->series);
  if (count <= 0 || count > MAX_PREVIEW_SPANS)
    cw_signal_plot_set_spans (self->plot, NULL, NULL, 0, NULL);
  else
    {
      g_autofree double *x0 = g_new (double, (gsize) count);
      g_autofree double *x1 = g_new (double, (gsize) count);
      long k = 0;
      for (long w = 0; w < count; w++)
        {
          long start;
          if (o->peaks)
            {
              while (o->peaks[k] - o->before < 0 || o->peaks[k] - o->before + o->length > self->n)
                k++;
              start = o->peaks[k++] - o->before;
            }
          else
            start = w * o->hop;
          x0[w] = time[start];
          x1[w] = time[start + o->length - 1];
        }
      cw_signal_plot_set_spans (self->plot, x0, x1, (int) count, &span);
    }
  if (o->peaks && o->n_peaks > 0)
    {
      g_autofree double *x = g_new (double, (gsize) o->n_peaks);
      for (int p = 0; p < o->n_peaks; p++)
        x[p] = time[o->peaks[p]];
      cw_signal_plot_set_marks (self->plot, x, o->n_peaks, &mark);
    }
  else
    cw_signal_plot_set_marks (self->plot, NULL, 0, NULL);
}

/* "N 305, V 53" over the annotations. */
static char *
annotation_counts (const cw_annotations *a)
{
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) order = g_ptr_array_new ();
  for (int i = 0; i < a->n; i++)
    {
      gpointer value;
      if (!g_hash_table_lookup_extended (counts, a->label[i], NULL, &value))
        {
          value = GINT_TO_POINTER (0);
          g_ptr_array_add (order, a->label[i]);
        }
      g_hash_table_insert (counts, a->label[i], GINT_TO_POINTER (GPOINTER_TO_INT (value) + 1));
    }
  GString *text = g_string_new (NULL);
  for (guint k = 0; k < order->len && k < 8; k++)
    g_string_append_printf (text, "%s%s %d", k ? ", " : "", (char *) order->pdata[k],
                            GPOINTER_TO_INT (g_hash_table_lookup (counts, order->pdata[k])));
  if (order->len > 8)
    g_string_append_printf (text, ", … (%u labels)", order->len);
  return g_string_free (text, FALSE);
}

static void
set_count_text (CwSeriesDialog *self, const char *text)
{
  g_free (self->count_text);
  self->count_text = g_strdup (text);
  gtk_label_set_text (self->count_label, text);
}

void
cw_series_dialog_update (CwSeriesDialog *self)
{
  int signal_index = current_signal (self);
  show_signal (self, signal_index);
  gboolean align = aligned (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->hop_spin), !align);
  gtk_widget_set_sensitive (self->hop_row_label, !align);
  gtk_widget_set_sensitive (GTK_WIDGET (self->before_spin), align);
  gtk_widget_set_sensitive (self->before_row_label, align);
  int column;
  cw_series_label_source labels = current_labels (self, &column);
  gtk_widget_set_visible (GTK_WIDGET (self->choose_button), labels == CW_SERIES_LABELS_ANNOTATIONS);
  gtk_widget_set_visible (GTK_WIDGET (self->annotations_label), labels == CW_SERIES_LABELS_ANNOTATIONS);
  if (align && self->peaks_signal != signal_index && !self->peaks_cancellable)
    cw_series_dialog_find_peaks (self, signal_index);

  gboolean busy = cw_series_dialog_any_worker (self);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);

  cw_window_options o;
  gboolean ready = cw_series_dialog_current_options (self, &o);
  long count = ready ? cw_series_count_windows (self->series->series, &o) : -1;
  if (align && self->peaks_error && self->peaks_signal == signal_index)
    {
      set_count_text (self, self->peaks_error);
      ready = FALSE;
    }
  else if (align && (!self->peaks || self->peaks_signal != signal_index))
    set_count_text (self, "Finding peaks…");
  else if (labels == CW_SERIES_LABELS_ANNOTATIONS && !self->annotations)
    set_count_text (self, self->annotations_cancellable ? "Reading the annotations…"
                                                        : "Choose the annotation file (time, label).");
  else if (count < 0)
    set_count_text (self, align ? "The time before the peak must be shorter than the window."
                                : "The window must hold 2 samples at least and fit in the recording.");
  else
    {
      GString *text = g_string_new (NULL);
      g_string_append_printf (text, "%ld window%s of %d samples (%.3g s)", count, count == 1 ? "" : "s",
                              o.length, o.length / self->rate);
      if (align)
        g_string_append_printf (text, " on %d peaks found (%.0f per minute)", o.n_peaks,
                                o.n_peaks / (self->n / self->rate / 60));
      if (labels == CW_SERIES_LABELS_ANNOTATIONS)
        {
          g_autofree char *counts = annotation_counts (o.annotations);
          g_string_append_printf (text, " · annotations %s", counts);
        }
      else if (labels == CW_SERIES_LABELS_COLUMN)
        g_string_append_printf (text, " · labels from “%s”",
                                cw_series_label_column_name (self->series->series, column));
      if (count > MAX_PREVIEW_SPANS)
        g_string_append (text, " (too many to mark)");
      set_count_text (self, text->str);
      g_string_free (text, TRUE);
    }
  mark_windows (self, &o, ready ? count : 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), ready && count > 0 && !self->import_cancellable);
}

/* ---- the controls, for tests ---- */

void
cw_series_dialog_set_window_seconds (CwSeriesDialog *self, double seconds)
{
  g_return_if_fail (CW_IS_SERIES_DIALOG (self));
  gtk_spin_button_set_value (self->window_spin, seconds);
}

void
cw_series_dialog_set_hop_seconds (CwSeriesDialog *self, double seconds)
{
  g_return_if_fail (CW_IS_SERIES_DIALOG (self));
  gtk_spin_button_set_value (self->hop_spin, seconds);
}

void
cw_series_dialog_set_align_on_peaks (CwSeriesDialog *self, gboolean align)
{
  g_return_if_fail (CW_IS_SERIES_DIALOG (self));
  gtk_check_button_set_active (align ? self->peaks_check : self->sliding_check, TRUE);
}

void
cw_series_dialog_set_before_seconds (CwSeriesDialog *self, double seconds)
{
  g_return_if_fail (CW_IS_SERIES_DIALOG (self));
  gtk_spin_button_set_value (self->before_spin, seconds);
}

long
cw_series_dialog_get_window_count (CwSeriesDialog *self)
{
  g_return_val_if_fail (CW_IS_SERIES_DIALOG (self), -1);
  cw_window_options o;
  if (!cw_series_dialog_current_options (self, &o))
    return -1;
  return cw_series_count_windows (self->series->series, &o);
}

const char *
cw_series_dialog_get_count_text (CwSeriesDialog *self)
{
  g_return_val_if_fail (CW_IS_SERIES_DIALOG (self), NULL);
  return self->count_text;
}

gboolean
cw_series_dialog_is_busy (CwSeriesDialog *self)
{
  g_return_val_if_fail (CW_IS_SERIES_DIALOG (self), FALSE);
  return cw_series_dialog_any_worker (self);
}

/* ---- GObject ---- */

static void
cancel_workers (CwSeriesDialog *self)
{
  GCancellable **all[] = { &self->peaks_cancellable, &self->annotations_cancellable, &self->import_cancellable };
  for (gsize i = 0; i < G_N_ELEMENTS (all); i++)
    if (*all[i])
      {
        g_cancellable_cancel (*all[i]);
        g_clear_object (all[i]);
      }
}

static void
cw_series_dialog_dispose (GObject *object)
{
  CwSeriesDialog *self = CW_SERIES_DIALOG (object);
  cancel_workers (self);
  G_OBJECT_CLASS (cw_series_dialog_parent_class)->dispose (object);
}

static void
cw_series_dialog_finalize (GObject *object)
{
  CwSeriesDialog *self = CW_SERIES_DIALOG (object);
  g_clear_pointer (&self->series, cw_series_dialog_series_release);
  g_clear_pointer (&self->annotations, cw_series_dialog_annotations_release);
  g_clear_object (&self->file);
  g_clear_pointer (&self->peaks, free);
  g_free (self->peaks_error);
  g_free (self->annotations_name);
  g_free (self->count_text);
  G_OBJECT_CLASS (cw_series_dialog_parent_class)->finalize (object);
}

static void
cw_series_dialog_class_init (CwSeriesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->dispose = cw_series_dialog_dispose;
  object_class->finalize = cw_series_dialog_finalize;
  dialog_signals[SIGNAL_IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                                  NULL, NULL, G_TYPE_NONE, 1, CW_TYPE_PROJECT);
}

static void
cw_series_dialog_init (CwSeriesDialog *self)
{
  self->peaks_signal = -1;
  self->previewed_signal = -1;
}

static GtkWidget *
row_label (GtkGrid *grid, int row, const char *text)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  return label;
}

static GtkSpinButton *
seconds_spin (CwSeriesDialog *self, double value, double lower, double upper)
{
  double step = 1 / self->rate;
  GtkAdjustment *adjustment = gtk_adjustment_new (value, lower, upper, step, step * 10, 0);
  GtkWidget *spin = gtk_spin_button_new (adjustment, step, self->rate >= 1000 ? 4 : 3);
  gtk_widget_set_halign (spin, GTK_ALIGN_START);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 8);
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (cw_series_dialog_update), self);
  return GTK_SPIN_BUTTON (spin);
}

static void
on_import_clicked (CwSeriesDialog *self)
{
  cw_series_dialog_accept (self);
}

static void
on_cancel_clicked (CwSeriesDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
build (CwSeriesDialog *self)
{
  const cw_series *s = self->series->series;
  g_autofree char *name = self->file ? g_file_get_basename (self->file) : g_strdup (cw_series_source (s));
  g_autofree char *title = g_strdup_printf ("Import Recording — %s", name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_window_set_default_size (GTK_WINDOW (self), 900, 620);

  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  gtk_widget_set_margin_start (box, 16);
  gtk_widget_set_margin_end (box, 16);
  gtk_widget_set_margin_top (box, 14);
  gtk_widget_set_margin_bottom (box, 14);
  gtk_window_set_child (GTK_WINDOW (self), box);

  double seconds = cw_series_time (s)[self->n - 1] - cw_series_time (s)[0];
  g_autofree char *summary = g_markup_printf_escaped (
    "<b>%s</b> reads as a recording: %d rows at %.6g Hz (%.1f s)%s%s%s, %d signal%s%s. Cut it into windows; "
    "each window becomes one sample.", name, self->n, self->rate, seconds,
    cw_series_time_name (s) ? ", time column “" : "", cw_series_time_name (s) ? cw_series_time_name (s) : "",
    cw_series_time_name (s) ? "”" : "",
    cw_series_n_signals (s), cw_series_n_signals (s) == 1 ? "" : "s",
    cw_series_n_label_columns (s) ? " and label columns" : "");
  GtkWidget *intro = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (intro), summary);
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_box_append (GTK_BOX (box), intro);

  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (grid, 6);
  gtk_grid_set_column_spacing (grid, 12);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (grid));

  row_label (grid, 0, "_Signal");
  g_autoptr (GtkStringList) signals = gtk_string_list_new (NULL);
  for (int j = 0; j < cw_series_n_signals (s); j++)
    gtk_string_list_append (signals, cw_series_signal_name (s, j));
  self->signal_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (signals)), NULL));
  gtk_widget_set_halign (GTK_WIDGET (self->signal_dropdown), GTK_ALIGN_START);
  gtk_grid_attach (grid, GTK_WIDGET (self->signal_dropdown), 1, 0, 2, 1);

  row_label (grid, 1, "Windows");
  GtkWidget *modes = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->sliding_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic ("_Fixed hop"));
  self->peaks_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic ("Aligned on _peaks (beats)"));
  gtk_check_button_set_group (self->peaks_check, self->sliding_check);
  gtk_check_button_set_active (self->sliding_check, TRUE);
  gtk_box_append (GTK_BOX (modes), GTK_WIDGET (self->sliding_check));
  gtk_box_append (GTK_BOX (modes), GTK_WIDGET (self->peaks_check));
  gtk_grid_attach (grid, modes, 1, 1, 2, 1);

  /* An ECG beat fits in 0.6 s; a slow signal gets 64 samples. Never more than half the recording. */
  double length = self->rate >= 100 ? 0.6 : 64 / self->rate;
  length = MIN (length, (self->n / 2) / self->rate);
  double lower = 2 / self->rate, upper = self->n / self->rate;
  row_label (grid, 2, "Window _length (s)");
  self->window_spin = seconds_spin (self, length, lower, upper);
  gtk_grid_attach (grid, GTK_WIDGET (self->window_spin), 1, 2, 1, 1);
  self->hop_row_label = row_label (grid, 3, "_Hop (s)");
  self->hop_spin = seconds_spin (self, length, 1 / self->rate, upper);
  gtk_grid_attach (grid, GTK_WIDGET (self->hop_spin), 1, 3, 1, 1);
  self->before_row_label = row_label (grid, 4, "_Before the peak (s)");
  self->before_spin = seconds_spin (self, round (length / 3 * self->rate) / self->rate, 0, upper);
  gtk_grid_attach (grid, GTK_WIDGET (self->before_spin), 1, 4, 1, 1);

  row_label (grid, 5, "_Labels");
  g_autoptr (GtkStringList) sources = gtk_string_list_new (NULL);
  gtk_string_list_append (sources, "None (exploring)");
  for (int j = 0; j < cw_series_n_label_columns (s); j++)
    {
      g_autofree char *item = g_strdup_printf ("Column “%s”", cw_series_label_column_name (s, j));
      gtk_string_list_append (sources, item);
    }
  gtk_string_list_append (sources, "Annotation file (time, label)");
  self->labels_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (sources)), NULL));
  GtkWidget *labels_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_box_append (GTK_BOX (labels_box), GTK_WIDGET (self->labels_dropdown));
  self->choose_button = GTK_BUTTON (gtk_button_new_with_mnemonic ("_Choose…"));
  gtk_box_append (GTK_BOX (labels_box), GTK_WIDGET (self->choose_button));
  self->annotations_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_ellipsize (self->annotations_label, PANGO_ELLIPSIZE_MIDDLE);
  gtk_box_append (GTK_BOX (labels_box), GTK_WIDGET (self->annotations_label));
  gtk_grid_attach (grid, labels_box, 1, 5, 2, 1);

  self->plot = CW_SIGNAL_PLOT (cw_signal_plot_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->plot), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->plot), -1, 220);
  cw_signal_plot_set_axis (self->plot, cw_series_time (s), self->n, "Time (s)");
  cw_signal_plot_set_title (self->plot, "The recording, windows shaded (scroll to zoom, drag to pan)");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->plot));

  GtkWidget *status = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_box_append (GTK_BOX (status), GTK_WIDGET (self->spinner));
  self->count_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->count_label, 0);
  gtk_label_set_wrap (self->count_label, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->count_label), TRUE);
  gtk_box_append (GTK_BOX (status), GTK_WIDGET (self->count_label));
  gtk_box_append (GTK_BOX (box), status);
  self->error_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->error_label, 0);
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));

  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  GtkWidget *cancel = gtk_button_new_with_mnemonic ("_Cancel");
  self->import_button = GTK_BUTTON (gtk_button_new_with_mnemonic ("_Import Windows"));
  gtk_widget_add_css_class (GTK_WIDGET (self->import_button), "suggested-action");
  gtk_box_append (GTK_BOX (buttons), cancel);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->import_button));
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->import_button));

  g_signal_connect_swapped (self->signal_dropdown, "notify::selected", G_CALLBACK (cw_series_dialog_update), self);
  g_signal_connect_swapped (self->labels_dropdown, "notify::selected", G_CALLBACK (cw_series_dialog_update), self);
  g_signal_connect_swapped (self->peaks_check, "toggled", G_CALLBACK (cw_series_dialog_update), self);
  g_signal_connect_swapped (self->choose_button, "clicked", G_CALLBACK (cw_series_dialog_choose_annotations), self);
  g_signal_connect_swapped (self->import_button, "clicked", G_CALLBACK (on_import_clicked), self);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (on_cancel_clicked), self);

  show_signal (self, 0);
  cw_signal_plot_set_x_range (self->plot, cw_series_time (s)[0],
                              MIN (cw_series_time (s)[self->n - 1], cw_series_time (s)[0] + PREVIEW_SECONDS));
}

CwSeriesDialog *
cw_series_dialog_new (GtkWindow *parent, cw_series *series, GFile *file)
{
  g_return_val_if_fail (series != NULL, NULL);
  CwSeriesDialog *self = g_object_new (CW_TYPE_SERIES_DIALOG, "modal", TRUE, "transient-for", parent,
                                       "destroy-with-parent", TRUE, NULL);
  self->series = g_atomic_rc_box_new0 (SeriesRef);
  self->series->series = series;
  self->file = file ? g_object_ref (file) : NULL;
  self->rate = cw_series_rate (series);
  self->n = cw_series_length (series);
  build (self);
  cw_series_dialog_update (self);
  return self;
}
