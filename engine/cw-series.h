/* cw-series.h — long recordings (an ECG, a sensor log): read, find the beats, cut into windows.
 *
 * A recording is a CSV/TSV whose rows are time points and whose columns are signals (one value per row),
 * optionally with a time column (the axis, in seconds) and text columns holding a label per row. It is the
 * transpose of the wide format of cw-data.h, and opening one as wide data gives thousands of "signals" of
 * two points; cw_series_looks_like_recording tells the two apart. cw_series_window cuts a recording into
 * windows — fixed length and hop, or aligned on detected peaks (R peaks of an ECG) — that form an ordinary
 * cw_dataset (meta:record, meta:window, meta:start_time, meta:peak_time when aligned, target:label from a
 * label column or an annotation file), which everything else trains on. */
#ifndef CW_SERIES_H
#define CW_SERIES_H

#include "cw-base.h"
#include "cw-data.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bounds of what the reader accepts: more columns is wide data, more rows does not fit a window plan. */
#define CW_SERIES_MAX_COLUMNS 64
#define CW_SERIES_MAX_ROWS 50000000

typedef struct cw_series cw_series;

typedef struct {
  char delimiter;           /* 0 = detect from the first line */
  const char *time_column;  /* the axis column's header; NULL = found by itself (a first column named like
                               time, t, seconds, sample, or strictly increasing); "" = none */
  double rate;              /* samples per second when there is no time column in seconds (0 = from the
                               time column, else 1) */
} cw_series_options;

cw_series *cw_series_load_csv (const char *path, const cw_series_options *options, cw_error *err);
/* A CSV/TSV as above, or an audio file (WAV, FLAC, Ogg through cw_audio_read: one signal per channel at the
 * file's sample rate), told apart by the file's first bytes and name. */
cw_series *cw_series_load (const char *path, const cw_series_options *options, cw_error *err);
/* Same over a memory buffer; `name` is used in messages in place of a file name. */
cw_series *cw_series_parse_csv (const char *text, size_t size, const char *name, const cw_series_options *options,
                                cw_error *err);
/* A recording from values (copied): signals is n_signals x n, column after column; time may be NULL
 * (then sample i is at i / rate). Names may be NULL ("signal 1", ...). */
cw_series *cw_series_new (int n, int n_signals, const double *signals, const char *const *names,
                          const double *time, double rate, const char *source);
void cw_series_free (cw_series *s);

int cw_series_length (const cw_series *s);               /* rows (time points) */
int cw_series_n_signals (const cw_series *s);
const char *cw_series_signal_name (const cw_series *s, int j);
int cw_series_find_signal (const cw_series *s, const char *name); /* -1 when absent */
const double *cw_series_signal (const cw_series *s, int j);       /* n values */
const double *cw_series_time (const cw_series *s);                /* n values in seconds */
const char *cw_series_time_name (const cw_series *s);             /* NULL when the file had no time column */
double cw_series_rate (const cw_series *s);                       /* samples per second */
const char *cw_series_source (const cw_series *s);
/* Text columns: one label per row (empty cells are NULL). */
int cw_series_n_label_columns (const cw_series *s);
const char *cw_series_label_column_name (const cw_series *s, int j);
int cw_series_find_label_column (const cw_series *s, const char *name); /* -1 when absent */
const char *cw_series_label (const cw_series *s, int j, int row);

/* Whether text (the start of a file is enough: up to the first 1 MiB is looked at) reads as a recording
 * rather than wide data: 1 to 16 columns, at least 100 data rows (or all of them in the text given), and
 * a first column named like time (time, t, seconds, sec, s, ms, sample, index) or strictly increasing with
 * one numeric signal column at least. Never fails. */
bool cw_series_looks_like_recording (const char *text, size_t size);

/* ---- annotations: a time,label CSV (header optional; a "sample" header means sample numbers) ---- */

typedef struct {
  int n;
  double *time;     /* seconds (sample numbers when in_samples), ascending */
  char **label;
  bool in_samples;  /* the time column held sample numbers (header "sample" or "index") */
} cw_annotations;

cw_annotations *cw_annotations_load_csv (const char *path, cw_error *err);
cw_annotations *cw_annotations_parse_csv (const char *text, size_t size, const char *name, cw_error *err);
void cw_annotations_free (cw_annotations *a);
/* Writes a time,label CSV (times with 6 decimals). */
cw_status cw_annotations_save_csv (const cw_annotations *a, const char *path, cw_error *err);

/* ---- peaks: Pan–Tompkins style detection on any 1-D signal ---- */

typedef struct {
  double low_hz, high_hz;   /* band-pass (moving-average differences, zero phase); default 5 and 15 Hz */
  double integration_s;     /* moving-window integration; default 0.15 s */
  double refractory_s;      /* no two peaks closer than this; default 0.2 s */
  double search_back;       /* RR multiple after which a missed peak is looked for at half threshold;
                               default 1.66 (0 = never) */
} cw_peak_options;

cw_peak_options cw_peak_options_default (void);
/* Finds the peaks of x[0..n) sampled at rate Hz: band-pass, derivative, squaring, moving-window
 * integration, adaptive signal/noise thresholds with a refractory period and search back; each peak is
 * then placed on the largest deviation of the band-passed signal (either sign) near the integrated one.
 * *peaks receives ascending sample indices (caller frees; NULL when none). Returns the count, or -1 with
 * err filled (a signal shorter than one second, a bad option, no memory). */
int cw_series_detect_peaks (const double *x, int n, double rate, const cw_peak_options *options, int **peaks,
                            cw_error *err);

/* ---- windows ---- */

typedef enum {
  CW_SERIES_LABELS_NONE,        /* exploring: no target */
  CW_SERIES_LABELS_COLUMN,      /* a text column of the recording: the label at the peak (aligned) or at the
                                   window's centre (sliding) */
  CW_SERIES_LABELS_ANNOTATIONS, /* aligned: the annotation nearest to the peak; sliding: the one nearest to
                                   the centre; only annotations inside the window count */
} cw_series_label_source;

typedef struct {
  int signal;                   /* signal index */
  int length;                   /* samples per window */
  int hop;                      /* sliding windows: samples between window starts */
  const int *peaks;             /* aligned windows when non-NULL: start = peak - before */
  int n_peaks;
  int before;                   /* samples before the peak */
  cw_series_label_source labels;
  int label_column;             /* CW_SERIES_LABELS_COLUMN */
  const cw_annotations *annotations; /* CW_SERIES_LABELS_ANNOTATIONS */
  const char *record;           /* meta:record value (NULL: the source's file name without folders) */
} cw_window_options;

/* How many windows the options make (aligned: peaks whose window lies inside the recording). -1 when the
 * length, hop or before is out of range. Cheap: for a live count. */
long cw_series_count_windows (const cw_series *s, const cw_window_options *options);
/* The windows as a dataset: one row per window, the axis in seconds from the window start (aligned: from
 * the peak), meta record, window (1-based), start_time (s), peak_time (s, aligned), target label.
 * NULL with err filled on bad options or a size beyond bounds. */
cw_dataset *cw_series_window (const cw_series *s, const cw_window_options *options, cw_error *err);
/* Window i's first sample (for marking windows over the recording); i < the count. */
long cw_series_window_start (const cw_series *s, const cw_window_options *options, long i);

/* ---- a synthetic ECG recording, so users and tests have data ---- */

typedef struct {
  double seconds;     /* default 300 */
  double rate;        /* default 360 Hz */
  double heart_rate;  /* beats per minute, default 72 */
  double abnormal;    /* share of premature ventricular beats (wide QRS, no P, inverted T), default 0.15 */
  double noise;       /* SD of white noise in mV, default 0.02; plus baseline wander */
  uint64_t seed;
} cw_ecg_recording_config;

cw_ecg_recording_config cw_ecg_recording_config_default (void);
/* The recording (time column "time", signal "mv") and the R-peak annotations (label "N" or "V"), whose
 * times are the R peaks' true positions (also the sample each one is at, times rate). NULL on bad options. */
cw_series *cw_series_generate_ecg (const cw_ecg_recording_config *config, cw_annotations **beats, cw_error *err);
/* Writes the recording as a CSV: time (6 decimals) and the signals (shortest exact form). */
cw_status cw_series_save_csv (const cw_series *s, const char *path, cw_error *err);

#ifdef __cplusplus
}
#endif
#endif
