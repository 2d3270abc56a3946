/* cw-recording.c — the recording behind windowed data, as the Data page draws it. */
#include "cw-recording.h"

#include "cw-tsan-private.h"

typedef struct
{
  CwRecording public;
  gatomicrefcount refs;
} RecordingBox;

CwRecording *
cw_recording_new (const cw_series *s, const cw_window_options *o, const char *source_name)
{
  g_return_val_if_fail (s != NULL && o != NULL, NULL);
  RecordingBox *box = g_new0 (RecordingBox, 1);
  g_atomic_ref_count_init (&box->refs);
  CwRecording *self = &box->public;
  int n = cw_series_length (s);
  const double *signal = cw_series_signal (s, o->signal);
  self->n = n;
  self->time = g_memdup2 (cw_series_time (s), sizeof (double) * (gsize) n);
  self->values = g_new (float, (gsize) n);
  for (int i = 0; i < n; i++)
    self->values[i] = (float) signal[i];
  self->signal_name = g_strdup (cw_series_signal_name (s, o->signal));
  self->source_name = g_strdup (source_name);
  long count = cw_series_count_windows (s, o);
  self->n_windows = count > 0 ? (int) MIN (count, G_MAXINT) : 0;
  self->window_start = g_new (double, (gsize) MAX (self->n_windows, 1));
  self->window_end = g_new (double, (gsize) MAX (self->n_windows, 1));
  const double *time = cw_series_time (s);
  /* Starts in order: one pass, not cw_series_window_start per window (that walks the peaks each time). */
  long k = 0;
  for (int w = 0; w < self->n_windows; w++)
    {
      long start;
      if (o->peaks)
        {
          while (o->peaks[k] - o->before < 0 || o->peaks[k] - o->before + o->length > n)
            k++;
          start = o->peaks[k++] - o->before;
        }
      else
        start = (long) w * o->hop;
      self->window_start[w] = time[start];
      self->window_end[w] = time[start + o->length - 1];
    }
  if (o->peaks && o->n_peaks > 0)
    {
      self->n_peaks = o->n_peaks;
      self->peak_time = g_new (double, (gsize) o->n_peaks);
      for (int p = 0; p < o->n_peaks; p++)
        self->peak_time[p] = time[o->peaks[p]];
    }
  return self;
}

CwRecording *
cw_recording_ref (CwRecording *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&((RecordingBox *) self)->refs);
  return self;
}

void
cw_recording_unref (CwRecording *self)
{
  if (!self)
    return;
  RecordingBox *box = (RecordingBox *) self;
  HANDOFF_RELEASE (box); /* what this thread wrote, to whichever thread frees (GLib's count is invisible) */
  if (!g_atomic_ref_count_dec (&box->refs))
    return;
  HANDOFF_ACQUIRE (box);
  g_free (self->time);
  g_free (self->values);
  g_free (self->signal_name);
  g_free (self->source_name);
  g_free (self->window_start);
  g_free (self->window_end);
  g_free (self->peak_time);
  g_free (box);
}
