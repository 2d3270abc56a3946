/* cw-recording.h — what the Data page shows of a recording the windows were cut from: the signal over
 * time, each window's time span and the detected peaks. Immutable once made, reference counted, so the
 * project, the page and a worker can share it. */
#pragma once

#include <glib.h>

#include "cw.h"

G_BEGIN_DECLS

typedef struct
{
  int n;
  double *time;           /* n seconds */
  float *values;          /* n values of the windowed signal */
  char *signal_name;
  char *source_name;      /* the file's name */
  int n_windows;
  double *window_start;   /* n_windows seconds: first and last sample of each window */
  double *window_end;
  int n_peaks;
  double *peak_time;      /* n_peaks seconds (aligned windows), else NULL */
} CwRecording;

/* Copies the signal o->signal of s and the windows o describes (o's peaks as the marks). Any thread. */
CwRecording *cw_recording_new (const cw_series *s, const cw_window_options *o, const char *source_name);
CwRecording *cw_recording_ref (CwRecording *self);
void cw_recording_unref (CwRecording *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CwRecording, cw_recording_unref)

G_END_DECLS
