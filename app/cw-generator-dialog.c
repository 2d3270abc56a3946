/* cw-generator-dialog.c — New from Generator…: the engine's toy dataset generators behind a form.
 *
 * The controls describe a cw_generator_config; every change (after a short pause, as spin buttons fire
 * many times while held) checks it with the engine, shows the exact rows per class and draws a handful
 * of example signals generated with the same settings. Generate runs the generator — on a worker when
 * the dataset is large — and hands the result to the project, whose views all switch to it. */
#include "cw-background.h"
#include "cw-generator-dialog.h"

#include <math.h>

#include "cw-plot-style.h"
#include "cw-signal-plot.h"

/* Above this many values the generator runs on a worker (about 50 ms of work). */
#define THREAD_THRESHOLD_VALUES 2000000.0
#define PREVIEW_ROWS 10
#define UPDATE_DELAY_MS 120

struct _CwGeneratorDialog
{
  GtkWindow parent_instance;

  /* template widgets */
  GtkButton *cancel_button;
  GtkButton *generate_button;
  GtkSpinner *spinner;
  GtkDropDown *kind_dropdown;
  GtkSpinButton *samples_spin;
  GtkSpinButton *length_spin;
  GtkSpinButton *seed_spin;
  GtkSpinButton *noise_spin;
  GtkWidget *balance_label;
  GtkSpinButton *balance_spin;
  GtkLabel *description_label;
  GtkStack *options_stack;
  GtkSpinButton *x_min_spin;
  GtkSpinButton *x_max_spin;
  GtkCheckButton *shape_bimodal_check;
  GtkCheckButton *shape_skewed_check;
  GtkCheckButton *shape_uniform_check;
  GtkCheckButton *shape_laplace_check;
  GtkCheckButton *shape_triangular_check;
  GtkSpinButton *axis_min_spin;
  GtkSpinButton *axis_max_spin;
  GtkSpinButton *peaks_spin;
  GtkSpinButton *width_spin;
  GtkDropDown *profile_dropdown;
  GtkSpinButton *height_min_spin;
  GtkSpinButton *height_max_spin;
  GtkSpinButton *offset_spin;
  GtkSpinButton *slope_spin;
  GtkSpinButton *curvature_spin;
  GtkDropDown *target_dropdown;
  GtkSpinButton *beat_spin;
  GtkSpinButton *jitter_spin;
  GtkCheckButton *ecg_wide_check;
  GtkCheckButton *ecg_inverted_check;
  GtkCheckButton *ecg_missing_check;
  GtkCheckButton *ecg_st_check;
  GtkButton *defaults_button;
  CwSignalPlot *preview_plot;
  GtkLabel *counts_title;
  GtkLabel *counts_label;
  GtkLabel *task_label;
  GtkLabel *error_label;

  /* owned */
  CwProject *project;
  GCancellable *cancellable;  /* of a generation on the worker; NULL when none runs */
  guint update_id;            /* a pending check + preview */
  int target_peaks;           /* peaks the target drop-down lists */

  /* state */
  gboolean syncing;           /* writing into controls: their signals are not edits */
};

G_DEFINE_FINAL_TYPE (CwGeneratorDialog, cw_generator_dialog, GTK_TYPE_WINDOW)

static GtkCheckButton *
shape_check (CwGeneratorDialog *self, int shape)
{
  GtkCheckButton *checks[CW_PDF_N_SHAPES] = { self->shape_bimodal_check, self->shape_skewed_check,
                                              self->shape_uniform_check, self->shape_laplace_check,
                                              self->shape_triangular_check };
  return checks[shape];
}

static GtkCheckButton *
abnormal_check (CwGeneratorDialog *self, int a)
{
  GtkCheckButton *checks[CW_ECG_N_ABNORMAL] = { self->ecg_wide_check, self->ecg_inverted_check,
                                                self->ecg_missing_check, self->ecg_st_check };
  return checks[a];
}

/* The kinds this dialog has a form for, in enum order: the NIR mixture (CW_GEN_NIR) is made with
 * `conv1d generate nir` only, for now. */
#define DIALOG_KINDS (CW_GEN_ECG + 1)

static cw_generator
current_kind (CwGeneratorDialog *self)
{
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  return kind < DIALOG_KINDS ? (cw_generator) kind : CW_GEN_NORMAL_PDF;
}

/* ---- the spectra target ---- */

/* One entry per peak ("Height of peak 2, at 550 nm"), then the sum of them all. */
static void
rebuild_target_model (CwGeneratorDialog *self, const cw_generator_config *config, guint selected)
{
  g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);
  for (int p = 0; p < config->n_peaks; p++)
    {
      g_autofree char *item = g_strdup_printf ("Height of peak %d (at %.0f nm)", p + 1, config->peak_positions[p]);
      gtk_string_list_append (model, item);
    }
  gtk_string_list_append (model, "Sum of all peak heights");
  gtk_drop_down_set_model (self->target_dropdown, G_LIST_MODEL (model));
  gtk_drop_down_set_selected (self->target_dropdown, MIN (selected, (guint) config->n_peaks));
  self->target_peaks = config->n_peaks;
}

static void update_now (CwGeneratorDialog *self);

/* ---- controls <-> config ---- */

static void
sync_kind_widgets (CwGeneratorDialog *self)
{
  cw_generator kind = current_kind (self);
  gtk_stack_set_visible_child_name (self->options_stack, cw_generator_name (kind));
  gboolean classes = kind != CW_GEN_SPECTRA;
  gtk_widget_set_visible (self->balance_label, classes);
  gtk_widget_set_visible (GTK_WIDGET (self->balance_spin), classes);
  static const char *const descriptions[DIALOG_KINDS] = {
    "Each row is a probability density on a grid: a Gaussian bell (class “normal”) or one of the other shapes "
    "below (class “not-normal”). Binary classification.",
    "Each row is a spectrum: a random baseline plus peaks at fixed wavelengths whose heights vary from row to "
    "row; the target is a peak height. Regression.",
    "Each row is one heartbeat (P wave, QRS complex, T wave): normal, or one of the abnormal morphologies "
    "below, each its own class. Multiclass classification.",
  };
  gtk_label_set_text (self->description_label, descriptions[kind]);
}

void
cw_generator_dialog_set_config (CwGeneratorDialog *self, const cw_generator_config *config)
{
  g_return_if_fail (CW_IS_GENERATOR_DIALOG (self));
  g_return_if_fail (config != NULL && config->kind >= 0 && config->kind < DIALOG_KINDS);
  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->kind_dropdown, config->kind);
  gtk_spin_button_set_value (self->samples_spin, config->n);
  gtk_spin_button_set_value (self->length_spin, config->length);
  gtk_spin_button_set_value (self->seed_spin, (double) config->seed);
  gtk_spin_button_set_value (self->noise_spin, config->noise);
  gtk_spin_button_set_value (self->balance_spin, config->balance);
  gtk_spin_button_set_value (self->x_min_spin, config->x_min);
  gtk_spin_button_set_value (self->x_max_spin, config->x_max);
  for (int s = 0; s < CW_PDF_N_SHAPES; s++)
    gtk_check_button_set_active (shape_check (self, s), config->shapes == 0 || (config->shapes & (1u << s)));
  gtk_spin_button_set_value (self->axis_min_spin, config->axis_min);
  gtk_spin_button_set_value (self->axis_max_spin, config->axis_max);
  gtk_spin_button_set_value (self->peaks_spin, config->n_peaks);
  gtk_spin_button_set_value (self->width_spin, config->peak_width);
  gtk_drop_down_set_selected (self->profile_dropdown, config->profile);
  gtk_spin_button_set_value (self->height_min_spin, config->height_min);
  gtk_spin_button_set_value (self->height_max_spin, config->height_max);
  gtk_spin_button_set_value (self->offset_spin, config->baseline_offset);
  gtk_spin_button_set_value (self->slope_spin, config->baseline_slope);
  gtk_spin_button_set_value (self->curvature_spin, config->baseline_curvature);
  /* One weight of 1: that peak's height; anything else is shown as the sum. */
  guint target = (guint) config->n_peaks;
  int ones = 0, zeros = 0;
  for (int p = 0; p < config->n_peaks; p++)
    {
      ones += config->target_weights[p] == 1.0;
      zeros += config->target_weights[p] == 0.0;
      if (config->target_weights[p] == 1.0)
        target = (guint) p;
    }
  if (!(ones == 1 && zeros == config->n_peaks - 1))
    target = (guint) config->n_peaks;
  rebuild_target_model (self, config, target);
  gtk_spin_button_set_value (self->beat_spin, config->beat_ms);
  gtk_spin_button_set_value (self->jitter_spin, config->jitter);
  for (int a = 0; a < CW_ECG_N_ABNORMAL; a++)
    gtk_check_button_set_active (abnormal_check (self, a),
                                 config->abnormalities == 0 || (config->abnormalities & (1u << a)));
  self->syncing = FALSE;
  sync_kind_widgets (self);
  update_now (self);
}

void
cw_generator_dialog_get_config (CwGeneratorDialog *self, cw_generator_config *config)
{
  g_return_if_fail (CW_IS_GENERATOR_DIALOG (self));
  g_return_if_fail (config != NULL);
  cw_generator kind = current_kind (self);
  *config = cw_generator_config_default (kind);
  config->n = gtk_spin_button_get_value_as_int (self->samples_spin);
  config->length = gtk_spin_button_get_value_as_int (self->length_spin);
  config->seed = (uint64_t) gtk_spin_button_get_value (self->seed_spin);
  config->noise = gtk_spin_button_get_value (self->noise_spin);
  config->balance = gtk_spin_button_get_value (self->balance_spin);
  config->x_min = gtk_spin_button_get_value (self->x_min_spin);
  config->x_max = gtk_spin_button_get_value (self->x_max_spin);
  config->shapes = 0;
  for (int s = 0; s < CW_PDF_N_SHAPES; s++)
    if (gtk_check_button_get_active (shape_check (self, s)))
      config->shapes |= 1u << s;
  config->axis_min = gtk_spin_button_get_value (self->axis_min_spin);
  config->axis_max = gtk_spin_button_get_value (self->axis_max_spin);
  config->n_peaks = gtk_spin_button_get_value_as_int (self->peaks_spin);
  cw_generator_spread_peaks (config);
  config->peak_width = gtk_spin_button_get_value (self->width_spin);
  config->profile = (cw_peak_profile) gtk_drop_down_get_selected (self->profile_dropdown);
  config->height_min = gtk_spin_button_get_value (self->height_min_spin);
  config->height_max = gtk_spin_button_get_value (self->height_max_spin);
  config->baseline_offset = gtk_spin_button_get_value (self->offset_spin);
  config->baseline_slope = gtk_spin_button_get_value (self->slope_spin);
  config->baseline_curvature = gtk_spin_button_get_value (self->curvature_spin);
  guint target = gtk_drop_down_get_selected (self->target_dropdown);
  for (int p = 0; p < CW_GEN_MAX_PEAKS; p++)
    config->target_weights[p] = p < config->n_peaks && (target >= (guint) config->n_peaks || (guint) p == target);
  config->beat_ms = gtk_spin_button_get_value (self->beat_spin);
  config->jitter = gtk_spin_button_get_value (self->jitter_spin);
  config->abnormalities = 0;
  for (int a = 0; a < CW_ECG_N_ABNORMAL; a++)
    if (gtk_check_button_get_active (abnormal_check (self, a)))
      config->abnormalities |= 1u << a;
}

/* The engine's check, plus what the mask fields cannot say: 0 means "all" to the engine, not "none". */
static gboolean
check_config (CwGeneratorDialog *self, const cw_generator_config *config, char **message)
{
  if (config->kind == CW_GEN_NORMAL_PDF && config->shapes == 0 && config->balance < 1.0)
    {
      *message = g_strdup ("Tick at least one other shape for the “not-normal” rows (or set the normal fraction to 1).");
      return FALSE;
    }
  if (config->kind == CW_GEN_ECG && config->abnormalities == 0 && config->balance < 1.0)
    {
      *message = g_strdup ("Tick at least one abnormal beat (or set the normal fraction to 1).");
      return FALSE;
    }
  cw_error err;
  cw_error_clear (&err);
  if (cw_generator_config_check (config, &err) != CW_OK)
    {
      *message = g_strdup (err.message);
      return FALSE;
    }
  return TRUE;
}

/* ---- counts and examples ---- */

static char *
counts_text (const cw_generator_config *config)
{
  int counts[CW_GEN_MAX_GROUPS];
  const char *names[CW_GEN_MAX_GROUPS];
  int groups = cw_generator_groups (config, counts, names);
  char target[64];
  cw_generator_target_name (config, target, sizeof target);
  if (groups == 0)
    return g_strdup_printf ("%d spectra, each with its own value of “%s” to predict.", config->n, target);
  GString *text = g_string_new (NULL);
  if (config->kind == CW_GEN_NORMAL_PDF)
    {
      int other = config->n - counts[0];
      g_string_append_printf (text, "normal %d · not-normal %d", counts[0], other);
      if (groups > 1 && other > 0)
        {
          g_string_append (text, " (");
          for (int g = 1; g < groups; g++)
            g_string_append_printf (text, "%s%s %d", g > 1 ? " · " : "", names[g], counts[g]);
          g_string_append (text, ")");
        }
    }
  else
    for (int g = 0; g < groups; g++)
      g_string_append_printf (text, "%s%s %d", g ? " · " : "", names[g], counts[g]);
  return g_string_free (text, FALSE);
}

static char *
task_text (const cw_generator_config *config)
{
  char target[64];
  cw_generator_target_name (config, target, sizeof target);
  cw_task task = cw_generator_task (config->kind);
  int groups = cw_generator_groups (config, NULL, NULL);
  const char *what = task == CW_TASK_REGRESSION ? "regression"
                     : task == CW_TASK_BINARY ? "binary classification" : "multiclass classification";
  g_autofree char *classes = task == CW_TASK_MULTICLASS ? g_strdup_printf (" (%d classes)", groups) : g_strdup ("");
  return g_strdup_printf ("Target “%s”, %s%s. Generate opens it in the workbench, ready to train.", target, what,
                          classes);
}

static void
show_preview (CwGeneratorDialog *self, const cw_generator_config *config)
{
  CwSignalPlot *plot = self->preview_plot;
  cw_signal_plot_clear (plot);
  cw_generator_config small = *config;
  small.n = MIN (config->n, PREVIEW_ROWS);
  cw_error err;
  cw_error_clear (&err);
  cw_dataset *ds = cw_generate (&small, &err);
  if (!ds)
    return;
  int n = cw_dataset_n_samples (ds), length = cw_dataset_length (ds);
  cw_signal_plot_set_axis (plot, cw_dataset_axis (ds), length, cw_generator_axis_label (config->kind));
  cw_signal_plot_set_y_label (plot, config->kind == CW_GEN_NORMAL_PDF ? "density"
                                    : config->kind == CW_GEN_SPECTRA ? "absorbance" : "mV");
  const float *x = cw_dataset_signals (ds);
  const float *target = cw_dataset_target_values (ds, 0);
  if (config->kind == CW_GEN_SPECTRA)
    {
      /* A regression target: coloured by its value. */
      double lo = INFINITY, hi = -INFINITY;
      for (int i = 0; i < n; i++)
        {
          lo = MIN (lo, target[i]);
          hi = MAX (hi, target[i]);
        }
      for (int i = 0; i < n; i++)
        {
          GdkRGBA color;
          cw_colormap_viridis (hi > lo ? (target[i] - lo) / (hi - lo) : 0.5, &color);
          cw_signal_plot_add_series (plot, x + (gsize) i * length, length, &color, 1.5, CW_SERIES_LINE, NULL);
        }
      char name[64];
      cw_generator_target_name (config, name, sizeof name);
      cw_signal_plot_set_colorbar (plot, lo, hi, name);
      cw_signal_plot_set_show_legend (plot, FALSE);
    }
  else
    {
      /* Classes: one colour per group (the PDF's shapes come from its meta column), named once. */
      const char *names[CW_GEN_MAX_GROUPS];
      int groups = cw_generator_groups (config, NULL, names);
      int shape_meta = config->kind == CW_GEN_NORMAL_PDF ? cw_dataset_find_meta (ds, "shape") : -1;
      gboolean named[CW_GEN_MAX_GROUPS] = { FALSE };
      for (int i = 0; i < n; i++)
        {
          const char *group = shape_meta >= 0 ? cw_dataset_meta_value (ds, i, shape_meta)
                                              : cw_dataset_class_name (ds, 0, (int) target[i]);
          int g = 0;
          while (g < groups && g_strcmp0 (names[g], group) != 0)
            g++;
          GdkRGBA color;
          cw_palette_color (g, &color);
          const char *label = g < groups && !named[g] ? group : NULL;
          if (g < groups)
            named[g] = TRUE;
          cw_signal_plot_add_series (plot, x + (gsize) i * length, length, &color, 1.5, CW_SERIES_LINE, label);
        }
      cw_signal_plot_set_colorbar (plot, 0, 1, NULL);
      cw_signal_plot_set_show_legend (plot, TRUE);
    }
  g_autofree char *title = g_strdup_printf ("%d of the %d rows, generated with these settings", n, config->n);
  cw_signal_plot_set_title (plot, title);
  cw_signal_plot_reset_view (plot);
  cw_dataset_free (ds);
}

static void
update_now (CwGeneratorDialog *self)
{
  g_clear_handle_id (&self->update_id, g_source_remove);
  cw_generator_config config;
  cw_generator_dialog_get_config (self, &config);
  /* The peak list follows the number of peaks, and its positions the wavelength range. */
  if (config.kind == CW_GEN_SPECTRA)
    {
      guint target = gtk_drop_down_get_selected (self->target_dropdown);
      guint keep = target >= (guint) self->target_peaks ? (guint) config.n_peaks
                                                        : MIN (target, (guint) config.n_peaks - 1);
      self->syncing = TRUE;
      rebuild_target_model (self, &config, keep);
      self->syncing = FALSE;
      cw_generator_dialog_get_config (self, &config);
    }
  g_autofree char *message = NULL;
  gboolean ok = check_config (self, &config, &message);
  gtk_label_set_text (self->error_label, ok ? "" : message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), !ok);
  gtk_widget_set_sensitive (GTK_WIDGET (self->generate_button), ok && !self->cancellable);
  if (!ok)
    {
      gtk_label_set_text (self->counts_label, "—");
      gtk_label_set_text (self->task_label, "");
      cw_signal_plot_clear (self->preview_plot);
      return;
    }
  g_autofree char *counts = counts_text (&config);
  g_autofree char *task = task_text (&config);
  gtk_label_set_text (self->counts_title, config.kind == CW_GEN_SPECTRA ? "Rows" : "Rows per class");
  gtk_label_set_text (self->counts_label, counts);
  gtk_label_set_text (self->task_label, task);
  show_preview (self, &config);
}

static gboolean
on_update_timeout (gpointer data)
{
  CwGeneratorDialog *self = data;
  self->update_id = 0;
  update_now (self);
  return G_SOURCE_REMOVE;
}

static void
on_control_changed (CwGeneratorDialog *self)
{
  if (self->syncing)
    return;
  g_clear_handle_id (&self->update_id, g_source_remove);
  self->update_id = g_timeout_add (UPDATE_DELAY_MS, on_update_timeout, self);
}

/* A new kind starts from its own defaults; the size and the seed the user chose are kept. */
static void
on_kind_changed (CwGeneratorDialog *self)
{
  if (self->syncing)
    return;
  cw_generator_config config = cw_generator_config_default (current_kind (self));
  config.n = gtk_spin_button_get_value_as_int (self->samples_spin);
  config.seed = (uint64_t) gtk_spin_button_get_value (self->seed_spin);
  cw_generator_dialog_set_config (self, &config);
}

static void
on_defaults_clicked (CwGeneratorDialog *self)
{
  cw_generator_config config = cw_generator_config_default (current_kind (self));
  cw_generator_dialog_set_config (self, &config);
}

/* ---- generating ---- */

static void
set_busy (CwGeneratorDialog *self, gboolean busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->generate_button), !busy);
}

/* The project switches to the data: target and task from the generator, everything else its defaults. */
static void
hand_to_project (CwGeneratorDialog *self, cw_dataset *ds, cw_generator kind)
{
  cw_project_set_dataset (self->project, ds, NULL);
  if (cw_project_get_target (self->project) != 0)
    cw_project_set_target (self->project, 0);
  cw_task task = cw_generator_task (kind);
  if (cw_project_get_task (self->project) != task)
    cw_project_set_task (self->project, task);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
generate_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  const cw_generator_config *config = task_data;
  cw_error err;
  cw_error_clear (&err);
  cw_dataset *ds = cw_generate (config, &err);
  if (ds)
    g_task_return_pointer (task, ds, (GDestroyNotify) cw_dataset_free);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", err.message);
}

static void
on_generated (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (CwGeneratorDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  const cw_generator_config *config = g_task_get_task_data (G_TASK (result));
  cw_generator kind = config->kind;
  cw_dataset *ds = g_task_propagate_pointer (G_TASK (result), &error);
  gboolean cancelled = g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result)));
  g_clear_object (&self->cancellable);
  if (cancelled)
    {
      g_clear_pointer (&ds, cw_dataset_free);
      return;
    }
  set_busy (self, FALSE);
  if (!ds)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  hand_to_project (self, ds, kind);
}

void
cw_generator_dialog_generate (CwGeneratorDialog *self)
{
  g_return_if_fail (CW_IS_GENERATOR_DIALOG (self));
  if (self->cancellable)
    return;
  cw_generator_config config;
  cw_generator_dialog_get_config (self, &config);
  g_autofree char *message = NULL;
  if (!check_config (self, &config, &message))
    {
      gtk_label_set_text (self->error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  if ((double) config.n * config.length < THREAD_THRESHOLD_VALUES)
    {
      cw_error err;
      cw_error_clear (&err);
      cw_dataset *ds = cw_generate (&config, &err);
      if (!ds)
        {
          gtk_label_set_text (self->error_label, err.message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
          return;
        }
      hand_to_project (self, ds, config.kind);
      return;
    }
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  /* No source object: the dialog is never finalised on the worker. */
  g_autoptr (GTask) task = g_task_new (NULL, self->cancellable, on_generated, g_object_ref (self));
  g_task_set_source_tag (task, cw_generator_dialog_generate);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, g_memdup2 (&config, sizeof config), g_free);
  cw_task_run_in_background (task, generate_thread);
}

static void
on_generate_clicked (CwGeneratorDialog *self)
{
  cw_generator_dialog_generate (self);
}

static void
on_cancel_clicked (CwGeneratorDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* ---- GObject ---- */

static gboolean
cw_generator_dialog_close_request (GtkWindow *window)
{
  CwGeneratorDialog *self = CW_GENERATOR_DIALOG (window);
  /* A generation still running is dropped when it returns. */
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (cw_generator_dialog_parent_class)->close_request (window);
}

static void
cw_generator_dialog_dispose (GObject *object)
{
  CwGeneratorDialog *self = CW_GENERATOR_DIALOG (object);
  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->project);
  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_GENERATOR_DIALOG);
  G_OBJECT_CLASS (cw_generator_dialog_parent_class)->dispose (object);
}

static void
cw_generator_dialog_class_init (CwGeneratorDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cw_generator_dialog_dispose;
  window_class->close_request = cw_generator_dialog_close_request;

  g_type_ensure (CW_TYPE_SIGNAL_PLOT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cw-generator-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CwGeneratorDialog, name)
  BIND (cancel_button);
  BIND (generate_button);
  BIND (spinner);
  BIND (kind_dropdown);
  BIND (samples_spin);
  BIND (length_spin);
  BIND (seed_spin);
  BIND (noise_spin);
  BIND (balance_label);
  BIND (balance_spin);
  BIND (description_label);
  BIND (options_stack);
  BIND (x_min_spin);
  BIND (x_max_spin);
  BIND (shape_bimodal_check);
  BIND (shape_skewed_check);
  BIND (shape_uniform_check);
  BIND (shape_laplace_check);
  BIND (shape_triangular_check);
  BIND (axis_min_spin);
  BIND (axis_max_spin);
  BIND (peaks_spin);
  BIND (width_spin);
  BIND (profile_dropdown);
  BIND (height_min_spin);
  BIND (height_max_spin);
  BIND (offset_spin);
  BIND (slope_spin);
  BIND (curvature_spin);
  BIND (target_dropdown);
  BIND (beat_spin);
  BIND (jitter_spin);
  BIND (ecg_wide_check);
  BIND (ecg_inverted_check);
  BIND (ecg_missing_check);
  BIND (ecg_st_check);
  BIND (defaults_button);
  BIND (preview_plot);
  BIND (counts_title);
  BIND (counts_label);
  BIND (task_label);
  BIND (error_label);
#undef BIND

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/* The spin buttons' ranges and steps (the values come from cw_generator_dialog_set_config). */
static const struct
{
  const char *name;
  double lower, upper, step, page;
} spin_ranges[] = {
  { "samples_spin", 1, 1000000, 10, 100 },
  { "length_spin", 8, 100000, 8, 64 },
  { "seed_spin", 0, 2147483647, 1, 10 },
  { "noise_spin", 0, 10, 0.001, 0.01 },
  { "balance_spin", 0, 1, 0.05, 0.1 },
  { "x_min_spin", -100, 100, 0.5, 1 },
  { "x_max_spin", -100, 100, 0.5, 1 },
  { "axis_min_spin", 0, 100000, 10, 100 },
  { "axis_max_spin", 0, 100000, 10, 100 },
  { "peaks_spin", 1, CW_GEN_MAX_PEAKS, 1, 1 },
  { "width_spin", 0.1, 10000, 1, 10 },
  { "height_min_spin", 0, 100, 0.05, 0.5 },
  { "height_max_spin", 0, 100, 0.05, 0.5 },
  { "offset_spin", 0, 10, 0.005, 0.05 },
  { "slope_spin", 0, 10, 0.005, 0.05 },
  { "curvature_spin", 0, 10, 0.005, 0.05 },
  { "beat_spin", 100, 5000, 10, 100 },
  { "jitter_spin", 0, 5, 0.1, 0.5 },
};

static void
connect_changed (CwGeneratorDialog *self, gpointer widget)
{
  const char *signal = GTK_IS_SPIN_BUTTON (widget) ? "value-changed"
                       : GTK_IS_CHECK_BUTTON (widget) ? "toggled" : "notify::selected";
  g_signal_connect_swapped (widget, signal, G_CALLBACK (on_control_changed), self);
}

static void
cw_generator_dialog_init (CwGeneratorDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  for (gsize i = 0; i < G_N_ELEMENTS (spin_ranges); i++)
    {
      GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (self), CW_TYPE_GENERATOR_DIALOG,
                                                                            spin_ranges[i].name));
      gtk_spin_button_set_range (spin, spin_ranges[i].lower, spin_ranges[i].upper);
      gtk_spin_button_set_increments (spin, spin_ranges[i].step, spin_ranges[i].page);
    }

  g_autoptr (GtkStringList) kinds = gtk_string_list_new (NULL);
  for (int k = 0; k < DIALOG_KINDS; k++)
    gtk_string_list_append (kinds, cw_generator_title ((cw_generator) k));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));

  gpointer controls[] = {
    self->samples_spin, self->length_spin, self->seed_spin, self->noise_spin, self->balance_spin,
    self->x_min_spin, self->x_max_spin, self->shape_bimodal_check, self->shape_skewed_check,
    self->shape_uniform_check, self->shape_laplace_check, self->shape_triangular_check,
    self->axis_min_spin, self->axis_max_spin, self->peaks_spin, self->width_spin, self->profile_dropdown,
    self->height_min_spin, self->height_max_spin, self->offset_spin, self->slope_spin, self->curvature_spin,
    self->target_dropdown, self->beat_spin, self->jitter_spin, self->ecg_wide_check, self->ecg_inverted_check,
    self->ecg_missing_check, self->ecg_st_check,
  };
  for (gsize i = 0; i < G_N_ELEMENTS (controls); i++)
    connect_changed (self, controls[i]);
  g_signal_connect_swapped (self->kind_dropdown, "notify::selected", G_CALLBACK (on_kind_changed), self);
  g_signal_connect_swapped (self->defaults_button, "clicked", G_CALLBACK (on_defaults_clicked), self);
  g_signal_connect_swapped (self->generate_button, "clicked", G_CALLBACK (on_generate_clicked), self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (on_cancel_clicked), self);

  cw_generator_config config = cw_generator_config_default (CW_GEN_NORMAL_PDF);
  cw_generator_dialog_set_config (self, &config);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->generate_button));
}

/* ---- public API ---- */

CwGeneratorDialog *
cw_generator_dialog_new (GtkWindow *parent, CwProject *project)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CW_IS_PROJECT (project), NULL);
  CwGeneratorDialog *self = g_object_new (CW_TYPE_GENERATOR_DIALOG, "transient-for", parent,
                                          "destroy-with-parent", TRUE, NULL);
  self->project = g_object_ref (project);
  return self;
}

void
cw_generator_dialog_present (GtkWindow *parent, CwProject *project)
{
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (CW_IS_PROJECT (project));
  CwGeneratorDialog *self = cw_generator_dialog_new (parent, project);
  gtk_window_present (GTK_WINDOW (self));
}

const char *
cw_generator_dialog_get_counts_text (CwGeneratorDialog *self)
{
  g_return_val_if_fail (CW_IS_GENERATOR_DIALOG (self), NULL);
  /* The text of what the controls say now, not of a pending update. */
  if (self->update_id)
    update_now (self);
  return gtk_label_get_text (self->counts_label);
}

gboolean
cw_generator_dialog_is_busy (CwGeneratorDialog *self)
{
  g_return_val_if_fail (CW_IS_GENERATOR_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}
