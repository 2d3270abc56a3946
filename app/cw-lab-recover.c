/* cw-lab-recover.c — the kernel-recovery panel: the object, its controls, and the job that learns the
 * kernel. Building the problem and counting its equations is in cw-lab-recover-problem.c, drawing in
 * cw-lab-recover-show.c.
 *
 * The problem is rebuilt from the controls whenever one of them changes (it is tiny): the input x, the
 * target y and, when known, the truth. A change of the problem stops a running job and forgets the
 * trajectory, which belonged to the old problem; a change of the gradient-descent settings only applies
 * to the next run. */
#include "cw-lab-recover-private.h"
#include "cw-drawable.h"

#include <math.h>
#include <string.h>

/* Slow motion: one run spread over this long; each of several starting points over less. */
#define SECONDS_PER_RUN 4.0
#define SECONDS_PER_SEEDED_RUN 1.5
#define DEFAULT_SEEDS 5
/* Between one starting seed and the next: far apart, so the starting kernels differ. */
#define SEED_STRIDE 101

G_DEFINE_FINAL_TYPE (CwLabRecover, cw_lab_recover, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_run (CwLabRecover *self)
{
  g_array_set_size (self->kernels, 0);
  g_array_set_size (self->losses, 0);
  g_clear_pointer (&self->run_error, g_free);
  self->run = 0;
  self->n_runs = 0;
}

static void
stop_job (CwLabRecover *self)
{
  if (!self->job)
    return;
  g_clear_pointer (&self->job, cw_lab_recover_job_detach);
  gtk_image_set_from_icon_name (self->start_icon, "media-playback-start-symbolic");
  gtk_label_set_text (self->start_label, "Start");
  gtk_widget_set_sensitive (GTK_WIDGET (self->seeds_button), TRUE);
}

/* Rebuilds the problem from the controls; the old trajectory goes with the old problem. */
static void
rebuild_problem (CwLabRecover *self)
{
  gboolean was_running = self->job != NULL;
  stop_job (self);
  if (was_running)
    g_signal_emit (self, signals[SIGNAL_FINISHED], 0, TRUE);
  g_clear_pointer (&self->x, g_free);
  g_clear_pointer (&self->y, g_free);
  g_clear_pointer (&self->truth, g_free);
  gboolean generated = gtk_drop_down_get_selected (self->mode_dropdown) == RECOVER_MODE_GENERATED;
  gtk_widget_set_visible (self->generated_box, generated);
  gtk_widget_set_visible (self->typed_box, !generated);
  if (generated)
    cw_lab_recover_sync_hidden_shape (self);

  g_autofree char *message = NULL;
  gboolean ok = cw_lab_recover_build_problem (self, generated, &message);
  if (!ok)
    {
      g_clear_pointer (&self->x, g_free);
      g_clear_pointer (&self->y, g_free);
      g_clear_pointer (&self->truth, g_free);
    }
  cw_lab_recover_set_data_error (self, ok ? NULL : message);
  if (ok)
    {
      self->system = cw_lab_count (self->sequences, self->channels, self->length, self->k, self->filters);
      /* The rank needs the data: ask a throwaway recovery on it. */
      cw_recovery_config config = cw_recovery_config_default ();
      config.kernel = self->k;
      config.filters = self->filters;
      cw_recovery *probe = cw_recovery_new (&config, self->x, self->sequences, self->channels, self->length, self->y, NULL);
      if (probe)
        {
          self->system = cw_recovery_system (probe);
          cw_recovery_free (probe);
        }
    }
  cw_lab_recover_show_system (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_button), ok);
  gtk_widget_set_sensitive (GTK_WIDGET (self->seeds_button), ok);
  clear_run (self);
  g_array_set_size (self->results, 0);
  g_array_set_size (self->result_losses, 0);
  g_array_set_size (self->result_seeds, 0);
  self->multi = FALSE;
  self->n_weights = ok ? self->filters * self->channels * self->k : 0;
  self->epochs = gtk_spin_button_get_value_as_int (self->epochs_spin);
  cw_lab_recover_show_progress (self);
  cw_lab_recover_show_results (self);
}

static void
on_problem_changed (CwLabRecover *self)
{
  if (self->syncing)
    return;
  rebuild_problem (self);
}

/* ---- running ---- */

static void
read_config (CwLabRecover *self, cw_recovery_config *config)
{
  *config = cw_recovery_config_default ();
  config->kernel = self->k;
  config->filters = self->filters;
  cw_optimizer_type type = gtk_drop_down_get_selected (self->optimizer_dropdown) == 1 ? CW_OPT_SGD : CW_OPT_ADAM;
  config->optimizer = cw_optimizer_config_default (type);
  config->optimizer.lr = (float) gtk_spin_button_get_value (self->lr_spin);
  config->lr_decay = gtk_spin_button_get_value (self->decay_spin);
  config->loss = gtk_drop_down_get_selected (self->loss_dropdown) == 1 ? CW_LOSS_MSE : CW_LOSS_MAE;
  config->seed = (uint64_t) gtk_spin_button_get_value_as_int (self->seed_spin);
}

static void
on_chunk (const CwLabRecoverChunk *chunk, gpointer user_data)
{
  CwLabRecover *self = user_data;
  if (chunk->run != self->run || self->n_runs == 0)
    {
      g_array_set_size (self->kernels, 0);
      g_array_set_size (self->losses, 0);
      self->run = chunk->run;
    }
  self->n_runs = chunk->n_runs;
  self->run_seed = chunk->seed;
  if (chunk->n > 0 && chunk->n_weights == self->n_weights && chunk->first_epoch == (int) self->losses->len)
    {
      g_array_append_vals (self->kernels, chunk->kernels, (guint) (chunk->n * chunk->n_weights));
      g_array_append_vals (self->losses, chunk->losses, (guint) chunk->n);
    }
  if (chunk->error)
    {
      g_free (self->run_error);
      self->run_error = g_strdup (chunk->error);
    }
  if (chunk->last && self->multi && self->losses->len > 0)
    {
      const float *final = &g_array_index (self->kernels, float, (self->losses->len - 1) * self->n_weights);
      g_array_append_vals (self->results, final, (guint) self->n_weights);
      g_array_append_val (self->result_losses, g_array_index (self->losses, double, self->losses->len - 1));
      g_array_append_val (self->result_seeds, chunk->seed);
      cw_lab_recover_show_results (self);
    }
  cw_lab_recover_show_progress (self);
}

static void
on_done (gboolean cancelled, gpointer user_data)
{
  CwLabRecover *self = user_data;
  stop_job (self);
  cw_lab_recover_show_progress (self);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, cancelled);
}

static void
start_job (CwLabRecover *self, int n_seeds)
{
  if (!self->x)
    return;
  stop_job (self);
  cw_recovery_config config;
  read_config (self, &config);
  g_autofree guint64 *seeds = g_new (guint64, n_seeds);
  for (int i = 0; i < n_seeds; i++)
    seeds[i] = config.seed + (guint64) i * SEED_STRIDE;
  gboolean animate = gtk_check_button_get_active (self->animate_check);
  CwLabRecoverProblem problem = {
    .config = config,
    .sequences = self->sequences, .channels = self->channels, .length = self->length,
    .x = self->x, .y = self->y,
    .epochs = gtk_spin_button_get_value_as_int (self->epochs_spin),
    .seeds = seeds, .n_seeds = n_seeds,
    .seconds_per_run = animate ? (n_seeds > 1 ? SECONDS_PER_SEEDED_RUN : SECONDS_PER_RUN) : 0.0,
  };
  clear_run (self);
  self->multi = n_seeds > 1;
  if (self->multi)
    {
      g_array_set_size (self->results, 0);
      g_array_set_size (self->result_losses, 0);
      g_array_set_size (self->result_seeds, 0);
    }
  self->epochs = problem.epochs;
  self->n_weights = self->filters * self->channels * self->k;
  g_autoptr (GError) error = NULL;
  self->job = cw_lab_recover_job_start (&problem, on_chunk, on_done, self, &error);
  if (!self->job)
    {
      self->run_error = g_strdup (error->message);
      cw_lab_recover_show_progress (self);
      return;
    }
  gtk_image_set_from_icon_name (self->start_icon, "media-playback-stop-symbolic");
  gtk_label_set_text (self->start_label, "Stop");
  gtk_widget_set_sensitive (GTK_WIDGET (self->seeds_button), FALSE);
  cw_lab_recover_show_results (self);
  cw_lab_recover_show_progress (self);
}

static void
on_start_clicked (CwLabRecover *self)
{
  if (self->job)
    cw_lab_recover_stop (self);
  else
    cw_lab_recover_start (self);
}

static void
on_seeds_clicked (CwLabRecover *self)
{
  cw_lab_recover_try_seeds (self, DEFAULT_SEEDS);
}

static void
on_preset_clicked (GtkButton *button, CwLabRecover *self)
{
  cw_recovery_preset preset = button == self->single_button ? CW_RECOVERY_SINGLE
                              : button == self->channels_button ? CW_RECOVERY_TWO_CHANNELS : CW_RECOVERY_TWO_FILTERS;
  cw_lab_recover_load_preset (self, preset);
}

static void
on_epochs_changed (CwLabRecover *self)
{
  if (!self->job)
    {
      self->epochs = gtk_spin_button_get_value_as_int (self->epochs_spin);
      cw_lab_recover_show_progress (self);
    }
}

/* ---- GtkWidget ---- */

static void
cw_lab_recover_unrealize (GtkWidget *widget)
{
  /* The window is closing: the worker must not outlive the page's interest in it. */
  stop_job (CW_LAB_RECOVER (widget));
  GTK_WIDGET_CLASS (cw_lab_recover_parent_class)->unrealize (widget);
}

static void
cw_lab_recover_dispose (GObject *object)
{
  CwLabRecover *self = CW_LAB_RECOVER (object);
  stop_job (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_LAB_RECOVER);
  G_OBJECT_CLASS (cw_lab_recover_parent_class)->dispose (object);
}

static void
cw_lab_recover_finalize (GObject *object)
{
  CwLabRecover *self = CW_LAB_RECOVER (object);
  g_clear_pointer (&self->x, g_free);
  g_clear_pointer (&self->y, g_free);
  g_clear_pointer (&self->truth, g_free);
  g_clear_pointer (&self->problem_error, g_free);
  g_clear_pointer (&self->system_text, g_free);
  g_clear_pointer (&self->preset_x_text, g_free);
  g_clear_pointer (&self->preset_y_text, g_free);
  g_clear_pointer (&self->kernels, g_array_unref);
  g_clear_pointer (&self->losses, g_array_unref);
  g_clear_pointer (&self->results, g_array_unref);
  g_clear_pointer (&self->result_losses, g_array_unref);
  g_clear_pointer (&self->result_seeds, g_array_unref);
  g_clear_pointer (&self->run_error, g_free);
  G_OBJECT_CLASS (cw_lab_recover_parent_class)->finalize (object);
}

static void
cw_lab_recover_class_init (CwLabRecoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_lab_recover_dispose;
  object_class->finalize = cw_lab_recover_finalize;
  widget_class->unrealize = cw_lab_recover_unrealize;

  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  g_type_ensure (CW_TYPE_SIGNAL_PLOT);
  g_type_ensure (CW_TYPE_LOSS_PLOT);
  g_type_ensure (CW_TYPE_KERNEL_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cw-lab-recover.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CwLabRecover, name)
  BIND (main_box);
  BIND (single_button);
  BIND (single_label);
  BIND (channels_button);
  BIND (channels_label);
  BIND (filters_button);
  BIND (filters_label);
  BIND (mode_dropdown);
  BIND (taps_spin);
  BIND (generated_box);
  BIND (signal_dropdown);
  BIND (length_spin);
  BIND (sequences_spin);
  BIND (channels_spin);
  BIND (filters_spin);
  BIND (noise_spin);
  BIND (data_seed_spin);
  BIND (hidden_editor);
  BIND (typed_box);
  BIND (x_entry);
  BIND (y_entry);
  BIND (data_error_label);
  BIND (optimizer_dropdown);
  BIND (lr_spin);
  BIND (decay_spin);
  BIND (loss_dropdown);
  BIND (epochs_spin);
  BIND (seed_spin);
  BIND (start_button);
  BIND (start_icon);
  BIND (start_label);
  BIND (seeds_button);
  BIND (animate_check);
  BIND (status_label);
  BIND (counts_label);
  BIND (explanation_label);
  BIND (weights_plot);
  BIND (loss_plot);
  BIND (results_box);
  BIND (results_title);
  BIND (results_grid);
  BIND (results_note);
#undef BIND

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "labrecover");
}

static void
cw_lab_recover_init (CwLabRecover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->weights_plot), "Kernel weights");
  cw_drawable_set_fallback_title (CW_DRAWABLE (self->loss_plot), "Recovery loss per step");
  self->kernels = g_array_new (FALSE, FALSE, sizeof (float));
  self->losses = g_array_new (FALSE, FALSE, sizeof (double));
  self->results = g_array_new (FALSE, FALSE, sizeof (float));
  self->result_losses = g_array_new (FALSE, FALSE, sizeof (double));
  self->result_seeds = g_array_new (FALSE, FALSE, sizeof (guint64));

  gtk_label_set_text (self->single_label, cw_recovery_preset_get (CW_RECOVERY_SINGLE)->title);
  gtk_label_set_text (self->channels_label, cw_recovery_preset_get (CW_RECOVERY_TWO_CHANNELS)->title);
  gtk_label_set_text (self->filters_label, cw_recovery_preset_get (CW_RECOVERY_TWO_FILTERS)->title);
  cw_kernel_editor_set_axis_label (self->hidden_editor, "tap j");
  const float hidden[2] = { 1.0f, 2.0f };
  cw_kernel_editor_set_kernel (self->hidden_editor, hidden, 1, 2);
  cw_loss_plot_set_log_scale (self->loss_plot, TRUE);

  g_signal_connect (self->single_button, "clicked", G_CALLBACK (on_preset_clicked), self);
  g_signal_connect (self->channels_button, "clicked", G_CALLBACK (on_preset_clicked), self);
  g_signal_connect (self->filters_button, "clicked", G_CALLBACK (on_preset_clicked), self);
  g_signal_connect_swapped (self->mode_dropdown, "notify::selected", G_CALLBACK (on_problem_changed), self);
  g_signal_connect_swapped (self->taps_spin, "value-changed", G_CALLBACK (on_problem_changed), self);
  g_signal_connect_swapped (self->signal_dropdown, "notify::selected", G_CALLBACK (on_problem_changed), self);
  g_signal_connect_swapped (self->length_spin, "value-changed", G_CALLBACK (on_problem_changed), self);
  g_signal_connect_swapped (self->sequences_spin, "value-changed", G_CALLBACK (on_problem_changed), self);
  g_signal_connect_swapped (self->channels_spin, "value-changed", G_CALLBACK (on_problem_changed), self);
  g_signal_connect_swapped (self->filters_spin, "value-changed", G_CALLBACK (on_problem_changed), self);
  g_signal_connect_swapped (self->noise_spin, "value-changed", G_CALLBACK (on_problem_changed), self);
  g_signal_connect_swapped (self->data_seed_spin, "value-changed", G_CALLBACK (on_problem_changed), self);
  g_signal_connect_swapped (self->hidden_editor, "changed", G_CALLBACK (on_problem_changed), self);
  g_signal_connect_swapped (self->x_entry, "changed", G_CALLBACK (on_problem_changed), self);
  g_signal_connect_swapped (self->y_entry, "changed", G_CALLBACK (on_problem_changed), self);
  g_signal_connect_swapped (self->loss_dropdown, "notify::selected", G_CALLBACK (cw_lab_recover_show_progress), self);
  g_signal_connect_swapped (self->epochs_spin, "value-changed", G_CALLBACK (on_epochs_changed), self);
  g_signal_connect_swapped (self->start_button, "clicked", G_CALLBACK (on_start_clicked), self);
  g_signal_connect_swapped (self->seeds_button, "clicked", G_CALLBACK (on_seeds_clicked), self);

  /* The first lesson is the classic one: [0,3,4,5] -> [6,11,14]. */
  cw_lab_recover_load_preset (self, CW_RECOVERY_SINGLE);
}

/* ---- public API ---- */

GtkWidget *
cw_lab_recover_new (void)
{
  return g_object_new (CW_TYPE_LAB_RECOVER, NULL);
}

void
cw_lab_recover_load_preset (CwLabRecover *self, cw_recovery_preset preset)
{
  g_return_if_fail (CW_IS_LAB_RECOVER (self));
  g_return_if_fail (preset >= 0 && preset < CW_RECOVERY_N_PRESETS);
  const cw_recovery_example *ex = cw_recovery_preset_get (preset);
  cw_recovery_config config = cw_recovery_preset_config (preset);
  int out_length = ex->length - ex->kernel + 1;
  g_free (self->preset_x_text);
  g_free (self->preset_y_text);
  self->preset_x_text = cw_lab_recover_format_rows (ex->x, ex->sequences * ex->channels, ex->length);
  self->preset_y_text = cw_lab_recover_format_rows (ex->y, ex->sequences * ex->filters, out_length);
  self->preset = preset;
  self->preset_loaded = TRUE;

  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->mode_dropdown, RECOVER_MODE_TYPED);
  gtk_spin_button_set_value (self->taps_spin, ex->kernel);
  gtk_editable_set_text (GTK_EDITABLE (self->x_entry), self->preset_x_text);
  gtk_editable_set_text (GTK_EDITABLE (self->y_entry), self->preset_y_text);
  gtk_drop_down_set_selected (self->optimizer_dropdown, config.optimizer.type == CW_OPT_SGD ? 1 : 0);
  gtk_spin_button_set_value (self->lr_spin, config.optimizer.lr);
  gtk_spin_button_set_value (self->decay_spin, config.lr_decay);
  gtk_drop_down_set_selected (self->loss_dropdown, config.loss == CW_LOSS_MSE ? 1 : 0);
  gtk_spin_button_set_value (self->epochs_spin, ex->epochs);
  gtk_spin_button_set_value (self->seed_spin, (double) config.seed);
  self->syncing = FALSE;
  rebuild_problem (self);
}

void
cw_lab_recover_set_generated (CwLabRecover *self, int length, const float *hidden, int k, double noise)
{
  g_return_if_fail (CW_IS_LAB_RECOVER (self));
  g_return_if_fail (hidden != NULL && k >= 1 && length >= 1);
  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->mode_dropdown, RECOVER_MODE_GENERATED);
  gtk_spin_button_set_value (self->channels_spin, 1);
  gtk_spin_button_set_value (self->filters_spin, 1);
  gtk_spin_button_set_value (self->taps_spin, k);
  gtk_spin_button_set_value (self->length_spin, length);
  gtk_spin_button_set_value (self->noise_spin, noise);
  cw_kernel_editor_set_kernel (self->hidden_editor, hidden, 1, k);
  cw_kernel_editor_set_row_labels (self->hidden_editor, NULL);
  self->syncing = FALSE;
  rebuild_problem (self);
}

void
cw_lab_recover_set_input_length (CwLabRecover *self, int length)
{
  g_return_if_fail (CW_IS_LAB_RECOVER (self));
  /* The value-changed handler rebuilds. */
  gtk_spin_button_set_value (self->length_spin, length);
}

void
cw_lab_recover_set_animate (CwLabRecover *self, gboolean animate)
{
  g_return_if_fail (CW_IS_LAB_RECOVER (self));
  gtk_check_button_set_active (self->animate_check, animate);
}

void
cw_lab_recover_start (CwLabRecover *self)
{
  g_return_if_fail (CW_IS_LAB_RECOVER (self));
  start_job (self, 1);
}

void
cw_lab_recover_stop (CwLabRecover *self)
{
  g_return_if_fail (CW_IS_LAB_RECOVER (self));
  if (!self->job)
    return;
  /* on_done reports the end (cancelled) when the worker has stopped. */
  cw_lab_recover_job_cancel (self->job);
}

void
cw_lab_recover_try_seeds (CwLabRecover *self, int n_seeds)
{
  g_return_if_fail (CW_IS_LAB_RECOVER (self));
  g_return_if_fail (n_seeds >= 1);
  start_job (self, n_seeds);
}

gboolean
cw_lab_recover_is_running (CwLabRecover *self)
{
  g_return_val_if_fail (CW_IS_LAB_RECOVER (self), FALSE);
  return self->job != NULL;
}

const float *
cw_lab_recover_get_kernel (CwLabRecover *self, int *n_weights)
{
  g_return_val_if_fail (CW_IS_LAB_RECOVER (self), NULL);
  if (n_weights)
    *n_weights = self->n_weights;
  if (self->losses->len == 0)
    return NULL;
  return &g_array_index (self->kernels, float, (self->losses->len - 1) * self->n_weights);
}

int
cw_lab_recover_get_epoch (CwLabRecover *self)
{
  g_return_val_if_fail (CW_IS_LAB_RECOVER (self), 0);
  return self->losses->len > 0 ? (int) self->losses->len - 1 : 0;
}

double
cw_lab_recover_get_loss (CwLabRecover *self)
{
  g_return_val_if_fail (CW_IS_LAB_RECOVER (self), NAN);
  return self->losses->len > 0 ? g_array_index (self->losses, double, self->losses->len - 1) : NAN;
}

const float *
cw_lab_recover_get_truth (CwLabRecover *self, int *n_weights)
{
  g_return_val_if_fail (CW_IS_LAB_RECOVER (self), NULL);
  if (n_weights)
    *n_weights = self->truth ? self->n_weights : 0;
  return self->truth;
}

cw_determination
cw_lab_recover_get_determination (CwLabRecover *self)
{
  g_return_val_if_fail (CW_IS_LAB_RECOVER (self), CW_EXACTLY_DETERMINED);
  return self->system.determination;
}

const char *
cw_lab_recover_get_system_text (CwLabRecover *self)
{
  g_return_val_if_fail (CW_IS_LAB_RECOVER (self), NULL);
  return self->system_text ? self->system_text : "";
}

const char *
cw_lab_recover_get_status_text (CwLabRecover *self)
{
  g_return_val_if_fail (CW_IS_LAB_RECOVER (self), NULL);
  return gtk_label_get_text (self->status_label);
}

int
cw_lab_recover_get_n_results (CwLabRecover *self)
{
  g_return_val_if_fail (CW_IS_LAB_RECOVER (self), 0);
  return (int) self->result_losses->len;
}

const float *
cw_lab_recover_get_result (CwLabRecover *self, int i, double *loss)
{
  g_return_val_if_fail (CW_IS_LAB_RECOVER (self), NULL);
  g_return_val_if_fail (i >= 0 && i < (int) self->result_losses->len, NULL);
  if (loss)
    *loss = g_array_index (self->result_losses, double, i);
  return &g_array_index (self->results, float, (gsize) i * self->n_weights);
}

GtkWidget *
cw_lab_recover_get_widget (CwLabRecover *self, const char *name)
{
  g_return_val_if_fail (CW_IS_LAB_RECOVER (self), NULL);
  if (g_strcmp0 (name, "weights") == 0)
    return GTK_WIDGET (self->weights_plot);
  if (g_strcmp0 (name, "loss") == 0)
    return GTK_WIDGET (self->loss_plot);
  if (g_strcmp0 (name, "hidden") == 0)
    return GTK_WIDGET (self->hidden_editor);
  return NULL;
}
