/* cw-training-snapshot.c — the immutable record the training worker publishes (a reference-counted
 * boxed type, so the worker can build it and the main thread release it), and the capture of every
 * conv layer's activations for one sample, with the x span each map covers on the input axis.
 * The sample is what the network reads: the row after the preprocessing pipeline the model is trained
 * with, on that pipeline's output axis (shorter than the data's after a range selection). */
#include "cw-training-session.h"

#include "cw-tsan-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void
activation_map_clear (CwActivationMap *map)
{
  g_clear_pointer (&map->title, g_free);
  g_clear_pointer (&map->values, g_free);
  g_clear_pointer (&map->kernels, g_free);
}

static void
clear_activations (CwTrainingSnapshot *snapshot)
{
  for (int i = 0; i < snapshot->n_maps; i++)
    activation_map_clear (&snapshot->maps[i]);
  g_clear_pointer (&snapshot->maps, g_free);
  snapshot->n_maps = 0;
  g_clear_pointer (&snapshot->input, g_free);
  snapshot->in_channels = snapshot->in_length = 0;
}

static void
snapshot_clear (CwTrainingSnapshot *snapshot)
{
  HANDOFF_ACQUIRE (snapshot); /* every thread's writes before its last unref */
  g_free (snapshot->stage);
  g_free (snapshot->candidate);
  g_clear_pointer (&snapshot->summary, cw_fit_summary_unref);
  g_free (snapshot->message);
  g_free (snapshot->train_loss_hist);
  g_free (snapshot->val_loss_hist);
  g_free (snapshot->train_metric_hist);
  g_free (snapshot->val_metric_hist);
  cw_metrics_clear (&snapshot->val_metrics);
  g_free (snapshot->val_ids);
  g_free (snapshot->val_truth);
  g_free (snapshot->val_pred);
  clear_activations (snapshot);
}

CwTrainingSnapshot *
cw_training_snapshot_new (void)
{
  CwTrainingSnapshot *snapshot = g_atomic_rc_box_new0 (CwTrainingSnapshot);
  snapshot->batch_loss = snapshot->train_loss = snapshot->val_loss = NAN;
  snapshot->watched = -1;
  return snapshot;
}

CwTrainingSnapshot *
cw_training_snapshot_ref (CwTrainingSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, NULL);
  return g_atomic_rc_box_acquire (snapshot);
}

void
cw_training_snapshot_unref (CwTrainingSnapshot *snapshot)
{
  g_return_if_fail (snapshot != NULL);
  HANDOFF_RELEASE (snapshot); /* what this thread wrote, to whichever thread clears */
  g_atomic_rc_box_release_full (snapshot, (GDestroyNotify) snapshot_clear);
}

G_DEFINE_BOXED_TYPE (CwTrainingSnapshot, cw_training_snapshot, cw_training_snapshot_ref,
                     cw_training_snapshot_unref)

/* malloc'd copies: cw_metrics_clear releases them with free(). */
static void *
malloc_copy (const void *source, size_t bytes)
{
  if (!source || bytes == 0)
    return NULL;
  void *copy = malloc (bytes);
  g_assert (copy != NULL);
  memcpy (copy, source, bytes);
  return copy;
}

void
cw_training_snapshot_copy_metrics (cw_metrics *dest, const cw_metrics *src)
{
  g_return_if_fail (dest != NULL && src != NULL);
  *dest = *src;
  size_t classes = src->n_classes > 0 ? (size_t) src->n_classes : 0;
  size_t cells = src->task == CW_TASK_MULTILABEL ? 4 * classes : classes * classes;
  dest->confusion = malloc_copy (src->confusion, cells * sizeof (long));
  dest->precision = malloc_copy (src->precision, classes * sizeof (double));
  dest->recall = malloc_copy (src->recall, classes * sizeof (double));
}

/* Value of the input axis at a fractional column (linear between headers, extended past the ends), or
 * the column itself when there is no usable axis. */
static double
axis_at (const double *axis, int length, double position)
{
  if (!axis || length < 2)
    return axis && length == 1 ? axis[0] + position : position;
  int i = (int) floor (position);
  i = CLAMP (i, 0, length - 2);
  double t = position - i;
  return axis[i] + t * (axis[i + 1] - axis[i]);
}

/* Zeros a conv puts before the input (the same rules as the engine's conv geometry). */
static int
conv_pad_left (const cw_layer_spec *layer, int in_length)
{
  int span = layer->dilation * (layer->kernel - 1) + 1;
  switch (layer->padding)
    {
    case CW_PAD_SAME:
      {
        int out = (in_length + layer->stride - 1) / layer->stride;
        int total = (out - 1) * layer->stride + span - in_length;
        return MAX (total, 0) / 2;
      }
    case CW_PAD_CAUSAL:
      return span - 1;
    case CW_PAD_EXPLICIT:
      return layer->pad_left;
    case CW_PAD_VALID:
    default:
      return 0;
    }
}

/* The layer whose output stands for conv layer `conv`: the activation right after it (across batchnorm
 * and dropout) when there is one and it was computed, else the conv itself. */
static int
shown_layer_for (const cw_model *model, int conv)
{
  const cw_spec *spec = cw_model_spec (model);
  int count = cw_spec_count (spec);
  for (int j = conv + 1; j < count && j <= cw_model_logits_layer (model); j++)
    {
      cw_layer_type type = cw_spec_get (spec, j)->type;
      if (type == CW_LAYER_ACTIVATION)
        return j;
      if (type != CW_LAYER_BATCHNORM && type != CW_LAYER_DROPOUT)
        break;
    }
  return conv;
}

static char *
map_title (const cw_model *model, int conv, int shown)
{
  const cw_spec *spec = cw_model_spec (model);
  g_autoptr(GString) title = g_string_new (NULL);
  for (int j = conv; j <= shown; j++)
    {
      char *token = cw_layer_spec_to_string (cw_spec_get (spec, j));
      if (j > conv)
        g_string_append_c (title, ' ');
      g_string_append (title, token);
      free (token);
    }
  cw_shape_info info = cw_model_layer_info (model, shown);
  g_string_append_printf (title, " · %d × %d", info.channels, info.length);
  return g_string_free (g_steal_pointer (&title), FALSE);
}

void
cw_training_snapshot_capture_activations (CwTrainingSnapshot *snapshot, cw_model *model, const float *x,
                                          int row, const double *axis)
{
  g_return_if_fail (snapshot != NULL && model != NULL && x != NULL);

  clear_activations (snapshot);
  int channels = cw_model_in_channels (model), length = cw_model_in_length (model);
  size_t sample = (size_t) channels * (size_t) length;
  snapshot->watched = row;
  snapshot->in_channels = channels;
  snapshot->in_length = length;
  snapshot->input = g_memdup2 (x, sample * sizeof (float));

  /* A model fresh from a file has no buffers yet; during training they exist (sized for the batch,
   * and a forward of one sample in inference mode only overwrites what the next batch rewrites). */
  if (cw_model_get_batch (model) == 0 && cw_model_set_batch (model, 1, NULL) != CW_OK)
    return;
  g_autofree float *standardized = g_new (float, MAX (sample, 1));
  cw_model_standardize_input (model, x, 1, standardized);
  cw_model_forward (model, standardized, 1, false);

  /* Without a finite axis the columns are positions 0..L-1. */
  gboolean axis_usable = axis != NULL;
  for (int t = 0; axis_usable && t < length; t++)
    axis_usable = isfinite (axis[t]);
  const double *usable_axis = axis_usable ? axis : NULL;

  const cw_spec *spec = cw_model_spec (model);
  int count = cw_spec_count (spec);
  GArray *maps = g_array_new (FALSE, TRUE, sizeof (CwActivationMap));
  /* Column j of the current layer is centred on input column offset + j * stride. */
  double offset = 0, stride = 1;
  gboolean aligned = TRUE;
  for (int i = 0; i < count && i <= cw_model_logits_layer (model); i++)
    {
      const cw_layer_spec *layer = cw_spec_get (spec, i);
      int in_c = i == 0 ? channels : cw_model_layer_info (model, i - 1).channels;
      int in_l = i == 0 ? length : cw_model_layer_info (model, i - 1).length;
      switch (layer->type)
        {
        case CW_LAYER_CONV:
          offset += stride * (-conv_pad_left (layer, in_l) + 0.5 * layer->dilation * (layer->kernel - 1));
          stride *= layer->stride;
          break;
        case CW_LAYER_MAXPOOL:
        case CW_LAYER_AVGPOOL:
          offset += stride * 0.5 * (layer->kernel - 1);
          stride *= layer->stride > 0 ? layer->stride : layer->kernel;
          break;
        case CW_LAYER_GLOBAL_MAXPOOL:
        case CW_LAYER_GLOBAL_AVGPOOL:
        case CW_LAYER_FLATTEN:
        case CW_LAYER_DENSE:
          aligned = FALSE;
          break;
        case CW_LAYER_DROPOUT:
        case CW_LAYER_BATCHNORM:
        case CW_LAYER_ACTIVATION:
        case CW_LAYER_N_TYPES:
        default:
          break;
        }
      if (layer->type != CW_LAYER_CONV)
        continue;

      CwActivationMap map = { 0 };
      map.layer = i;
      map.shown_layer = shown_layer_for (model, i);
      cw_shape_info info = cw_model_layer_info (model, map.shown_layer);
      map.channels = info.channels;
      map.length = info.length;
      map.title = map_title (model, i, map.shown_layer);
      map.values = g_memdup2 (cw_model_layer_output (model, map.shown_layer),
                              (gsize) info.channels * (gsize) info.length * sizeof (float));
      map.in_channels = in_c;
      map.kernel = layer->kernel;
      size_t n_params = 0;
      const float *params = cw_model_layer_params (model, i, &n_params);
      size_t n_weights = (size_t) layer->units * (size_t) in_c * (size_t) layer->kernel;
      g_assert (n_params >= n_weights);
      map.kernels = g_memdup2 (params, n_weights * sizeof (float));
      if (aligned)
        {
          map.x0 = axis_at (usable_axis, length, offset);
          map.x1 = axis_at (usable_axis, length, offset + (info.length - 1) * stride);
        }
      else
        {
          /* After flatten or dense the columns no longer map onto the input: span the whole axis. */
          map.x0 = axis_at (usable_axis, length, 0);
          map.x1 = axis_at (usable_axis, length, length - 1);
        }
      g_array_append_val (maps, map);
    }
  snapshot->n_maps = (int) maps->len;
  snapshot->maps = (CwActivationMap *) g_array_free (maps, snapshot->n_maps == 0);
}
