/* cw-series-private.h — the recording's layout, shared by series.c (accessors, annotations),
 * series-read.c, series-window.c and series-generate.c. */
#ifndef CW_SERIES_PRIVATE_H
#define CW_SERIES_PRIVATE_H

#include "cw-series.h"

struct cw_series {
  int n, n_signals, n_labels;
  double *values;        /* n_signals x n, one signal after the other */
  double *time;          /* n seconds */
  char *time_name;       /* NULL: no time column */
  double rate;
  char **signal_names;
  char **label_names;
  char **labels;         /* n_labels x n, NULL = empty; each owned */
  char *source;
};

/* An empty recording of n rows with room for the signals, or NULL (no memory). */
cw_series *cw_series_alloc (int n, int n_signals, int n_labels);
char *cw_series_strdup (const char *s);
/* A header naming a time axis: time, t, seconds, sec, s, ms, sample, index, ... (any case). */
bool cw_series_is_time_name (const char *header);
/* The whole file in memory, NUL-terminated, its size in *size; NULL with err filled. */
char *cw_series_read_file (const char *path, size_t *size, cw_error *err);

#endif
