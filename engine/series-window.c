/* series-window.c — a recording cut into windows, as an ordinary dataset: fixed length and hop, or one
 * window per detected peak starting `before` samples ahead of it; labels from a per-row label column or
 * an annotation file. */
#include "cw-series-private.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A dataset of more values than this is refused before anything is allocated (1 GiB of floats). */
#define MAX_WINDOW_VALUES ((long) 1 << 28)

static bool
options_valid (const cw_series *s, const cw_window_options *o)
{
  if (o->signal < 0 || o->signal >= s->n_signals || o->length < 2 || o->length > s->n)
    return false;
  if (o->peaks)
    return o->n_peaks >= 0 && o->before >= 0 && o->before < o->length;
  return o->hop >= 1;
}

static bool
peak_fits (const cw_series *s, const cw_window_options *o, int peak)
{
  long start = (long) peak - o->before;
  return start >= 0 && start + o->length <= s->n;
}

long
cw_series_count_windows (const cw_series *s, const cw_window_options *o)
{
  assert (s && o);
  if (!options_valid (s, o))
    return -1;
  if (!o->peaks)
    return (s->n - o->length) / o->hop + 1;
  long count = 0;
  for (int k = 0; k < o->n_peaks; k++)
    count += peak_fits (s, o, o->peaks[k]);
  return count;
}

long
cw_series_window_start (const cw_series *s, const cw_window_options *o, long i)
{
  assert (s && o && i >= 0 && options_valid (s, o));
  if (!o->peaks)
    return i * o->hop;
  for (int k = 0; k < o->n_peaks; k++)
    if (peak_fits (s, o, o->peaks[k]) && i-- == 0)
      return (long) o->peaks[k] - o->before;
  assert (!"window index out of range");
  return -1;
}

/* The annotation inside [lo, hi] seconds nearest to `at`, or -1. */
static int
nearest_annotation (const cw_annotations *a, double scale, double lo, double hi, double at)
{
  int first = 0, last = a->n;
  while (first < last)
    {
      int mid = first + (last - first) / 2;
      if (a->time[mid] * scale < lo)
        first = mid + 1;
      else
        last = mid;
    }
  int best = -1;
  for (int k = first; k < a->n && a->time[k] * scale <= hi; k++)
    if (best < 0 || fabs (a->time[k] * scale - at) < fabs (a->time[best] * scale - at))
      best = k;
  return best;
}

/* Class index of `name`, added in order of first appearance; -1 without memory. */
static int
class_of (const char *name, const char ***names, int *n_classes, int *capacity)
{
  for (int k = 0; k < *n_classes; k++)
    if (strcmp ((*names)[k], name) == 0)
      return k;
  if (*n_classes == *capacity)
    {
      int grown = *capacity ? *capacity * 2 : 8;
      const char **more = realloc (*names, (size_t) grown * sizeof (char *));
      if (!more)
        return -1;
      *names = more;
      *capacity = grown;
    }
  (*names)[*n_classes] = name;
  return (*n_classes)++;
}

enum { META_RECORD, META_WINDOW, META_START, META_PEAK, MAX_META };
#define META_TEXT 32

cw_dataset *
cw_series_window (const cw_series *s, const cw_window_options *o, cw_error *err)
{
  assert (s && o);
  cw_error_clear (err);
  if (o->signal < 0 || o->signal >= s->n_signals)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "No signal %d: the recording has %d.", o->signal + 1,
                         s->n_signals), NULL;
  if (o->length < 2 || o->length > s->n)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "A window of %d samples does not fit: it needs 2 to "
                         "%d (the recording's length).", o->length, s->n), NULL;
  if (!o->peaks && o->hop < 1)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "The hop must be at least 1 sample."), NULL;
  if (o->peaks && (o->before < 0 || o->before >= o->length))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "The window starts %d samples before the peak: that "
                         "must be 0 to %d (less than the window).", o->before, o->length - 1), NULL;
  if (o->labels == CW_SERIES_LABELS_COLUMN && (o->label_column < 0 || o->label_column >= s->n_labels))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "No label column %d: the recording has %d.",
                         o->label_column + 1, s->n_labels), NULL;
  if (o->labels == CW_SERIES_LABELS_ANNOTATIONS && !o->annotations)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "Labels from annotations need an annotation file."),
           NULL;
  long count = cw_series_count_windows (s, o);
  if (count <= 0)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, o->peaks ? "No peak has a whole window of %d samples "
                         "inside the recording." : "No window of %d samples fits.", o->length), NULL;
  if (count > INT32_MAX / 2 || count * o->length > MAX_WINDOW_VALUES)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "%ld windows of %d samples would be %.3g values, more "
                         "than %ld: use a longer hop or a shorter window.", count, o->length,
                         (double) count * o->length, MAX_WINDOW_VALUES), NULL;
  int n = (int) count, length = o->length, n_meta = o->peaks ? 4 : 3;
  const double *signal = cw_series_signal (s, o->signal);
  bool labelled = o->labels != CW_SERIES_LABELS_NONE;
  double scale = o->annotations && o->annotations->in_samples ? 1 / s->rate : 1;

  float *x = malloc ((size_t) n * (size_t) length * sizeof (float));
  double *axis = malloc ((size_t) length * sizeof (double));
  float *y = labelled ? malloc ((size_t) n * sizeof (float)) : NULL;
  char *texts = malloc ((size_t) n * MAX_META * META_TEXT);
  const char **meta_values = malloc ((size_t) n * (size_t) n_meta * sizeof (char *));
  const char **class_names = NULL;
  int n_classes = 0, classes_capacity = 0, n_labelled = 0;
  cw_dataset *ds = NULL;
  if (!x || !axis || !texts || !meta_values || (labelled && !y))
    {
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for %d windows of %d samples.", n, length);
      goto out;
    }
  const char *record = o->record;
  if (!record)
    {
      const char *slash = strrchr (s->source, '/');
      record = slash ? slash + 1 : s->source;
    }
  /* Rounded to the microsecond: the headers read -0.197222, not -0.19722222222222222. */
  for (int t = 0; t < length; t++)
    axis[t] = round ((t - (o->peaks ? o->before : 0)) / s->rate * 1e6) / 1e6;
  int k = 0; /* the next peak to look at */
  for (int w = 0; w < n; w++)
    {
      long start = w * (long) (o->peaks ? 0 : o->hop);
      int peak = -1;
      if (o->peaks)
        {
          while (!peak_fits (s, o, o->peaks[k]))
            k++;
          peak = o->peaks[k++];
          start = peak - o->before;
        }
      for (int t = 0; t < length; t++)
        x[(size_t) w * (size_t) length + (size_t) t] = (float) signal[start + t];
      char *row = texts + (size_t) w * MAX_META * META_TEXT;
      snprintf (row + META_WINDOW * META_TEXT, META_TEXT, "%d", w + 1);
      snprintf (row + META_START * META_TEXT, META_TEXT, "%.9g", s->time[start]);
      meta_values[(size_t) w * (size_t) n_meta + META_RECORD] = record;
      meta_values[(size_t) w * (size_t) n_meta + META_WINDOW] = row + META_WINDOW * META_TEXT;
      meta_values[(size_t) w * (size_t) n_meta + META_START] = row + META_START * META_TEXT;
      if (peak >= 0)
        {
          snprintf (row + META_PEAK * META_TEXT, META_TEXT, "%.9g", s->time[peak]);
          meta_values[(size_t) w * (size_t) n_meta + META_PEAK] = row + META_PEAK * META_TEXT;
        }
      if (!labelled)
        continue;
      long centre = peak >= 0 ? peak : start + length / 2;
      const char *label = NULL;
      if (o->labels == CW_SERIES_LABELS_COLUMN)
        label = cw_series_label (s, o->label_column, (int) centre);
      else
        {
          int a = nearest_annotation (o->annotations, scale, s->time[start], s->time[start + length - 1],
                                      s->time[centre]);
          label = a >= 0 ? o->annotations->label[a] : NULL;
        }
      y[w] = NAN;
      if (label)
        {
          int c = class_of (label, &class_names, &n_classes, &classes_capacity);
          if (c < 0)
            {
              cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for the labels.");
              goto out;
            }
          y[w] = (float) c;
          n_labelled++;
        }
    }
  if (labelled && n_labelled == 0)
    {
      if (o->labels == CW_SERIES_LABELS_ANNOTATIONS)
        cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "None of the %d windows holds an annotation: the "
                      "annotations run from %g to %g s, the recording from %g to %g s. Are the annotation times "
                      "in seconds of this recording?", n, o->annotations->time[0] * scale,
                      o->annotations->time[o->annotations->n - 1] * scale, s->time[0], s->time[s->n - 1]);
      else
        cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "The label column '%s' is empty where the windows are.",
                      s->label_names[o->label_column]);
      goto out;
    }
  const char *meta_names[] = { "record", "window", "start_time", "peak_time" };
  cw_dataset_labels names = {
    .source = s->source,
    .axis = axis,
    .target_name = labelled ? "label" : NULL,
    .y = y,
    .n_classes = n_classes,
    .class_names = class_names,
    .n_meta = n_meta,
    .meta_names = meta_names,
    .meta_values = meta_values,
  };
  ds = cw_dataset_new_labelled (n, 1, length, x, &names);
  if (!ds)
    cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for %d windows of %d samples.", n, length);
out:
  free (x);
  free (axis);
  free (y);
  free (texts);
  free (meta_values);
  free (class_names);
  return ds;
}
