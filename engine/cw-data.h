/* cw-data.h — datasets: the wide CSV/TSV reader, the instrument (JCAMP-DX, SPC) and NumPy readers, arrays,
 * splits, target encoding, augmentation.
 *
 * Wide format: one sample per row, a header row; `meta:NAME` columns are bookkeeping (kept as text),
 * `target:NAME` columns are what to predict (numbers -> regression, text -> classes), every other column
 * is one signal value whose header is its axis value (wavelength, time, m/z), in axis order.
 * A plain CSV without prefixes loads too: the caller names the target column (options.target) and the
 * remaining numeric columns become the signal. Delimiter: ',', ';' or tab, detected from the header.
 * Errors name the file, line and column and say what was wrong. */
#ifndef CW_DATA_H
#define CW_DATA_H

#include "cw-base.h"
#include "cw-model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  char delimiter;        /* 0 = detect from the header line */
  const char *target;    /* plain CSV: name of the column to predict (with or without "target:");
                            NULL = use the file's target: columns (none is fine: unlabelled data) */
  bool allow_missing;    /* empty or NaN signal cells become NAN instead of an error */
  /* Called on the reading thread about every 1 % of the rows with the share of the bytes parsed so far
   * (0 to 1); returning false stops the read with CW_ERR_ABORTED. NULL: never called. */
  bool (*progress) (double fraction, void *user);
  void *progress_user;
} cw_csv_options;

typedef struct cw_dataset cw_dataset;

cw_dataset *cw_dataset_load_csv (const char *path, const cw_csv_options *options, cw_error *err);
/* Same parser over a memory buffer; `name` is used in messages in place of a file name. */
cw_dataset *cw_dataset_parse_csv (const char *text, size_t size, const char *name,
                                  const cw_csv_options *options, cw_error *err);
/* ---- any supported file: instrument formats and NumPy arrays ----
 *
 * cw_dataset_load picks the reader by the file's first bytes, then by its extension, and falls back to
 * the CSV/TSV reader:
 *  - JCAMP-DX 4.24 / 5.01 (.jdx, .dx, .jcamp; text starting with "##"): ##XYDATA=(X++(Y..Y)) in AFFN or
 *    ASDF (SQZ, DIF, DUP; the DIF Y check at line starts verified) and ##XYPOINTS=(XY..XY); ##XFACTOR,
 *    ##YFACTOR, ##FIRSTX, ##LASTX, ##NPOINTS checked against the data; a linked file (##BLOCKS) gives one
 *    sample per data block. ##TITLE becomes meta:name, ##XUNITS the axis unit. ##PEAK TABLE is skipped.
 *  - Galactic / Thermo SPC (.spc): new format (0x4B, little-endian) and old (0x4D); single and multifile;
 *    evenly spaced X (ffirst, flast, fnpts), one X array (TXVALS) or X per subfile (TXYXYS); fxtype gives
 *    the axis unit. Subfiles become samples.
 *  - NumPy .npy (magic "\x93NUMPY") and .npz (a zip, stored or deflated): float32/float64 and integer
 *    arrays, either byte order, C or Fortran order; 1-D (one signal), 2-D (samples x points) or 3-D
 *    (samples x channels x points). In an .npz the signals are the array named X, data or signals (or
 *    the only array), targets y, target, targets or labels (1-D, or 2-D samples x targets; text labels
 *    become classes), the axis axis, wavelengths or x.
 * Targets for files that carry none come from options->targets_path or, when that is NULL, a sibling
 * of the file: STEM.targets.csv, STEM_targets.csv, STEM_y.npy, and for a file named X, data or signals
 * also y.npy, targets.npy, labels.npy, targets.csv, y.csv. A targets CSV has a header and one row per
 * sample, in order: meta:NAME columns stay text, every other column is a target (numbers -> regression,
 * text -> classes). Every size read from a file is checked against the bytes there before anything is
 * allocated; errors name the file and the line or byte offset.
 * A folder of one-spectrum JCAMP-DX / SPC files loads as one dataset: a sample per file in name order
 * (meta:file), targets from targets.csv, labels.csv, y.csv or the folder's only .csv, keyed by file name
 * (a column named file or filename, else the first; with or without the extension); spectra on other
 * axes than the first file's are interpolated linearly onto its axis over the range all cover, which
 * cw_dataset_note says.
 * Audio (WAV, FLAC, Ogg Vorbis/Opus through libsndfile; "RIFF"/"RF64"/"fLaC"/"OggS" magic or .wav, .flac,
 * .ogg, .oga, .opus): a clip is one sample with the file's channels, values in [-1, 1) (16-bit PCM / 32768),
 * the axis the time in seconds ("Time (s)"). A folder of clips (no JCAMP-DX / SPC there) is one dataset:
 * the clips of the folder and of its sub-folders one level down, meta:file their path under the folder,
 * targets keyed by that path from a CSV as above, else target:label from the sub-folder's name; clips are
 * resampled (linearly) to the rate most of them have and cropped or zero-padded to options->audio_length
 * points (default the shortest), which the note says. */
typedef enum {
  CW_FORMAT_AUTO = 0,
  CW_FORMAT_CSV,
  CW_FORMAT_JCAMP,
  CW_FORMAT_SPC,
  CW_FORMAT_NPY,
  CW_FORMAT_NPZ,
  CW_FORMAT_AUDIO,  /* WAV, FLAC, Ogg (and whatever else libsndfile reads): see dataset-audio.c */
} cw_file_format;

typedef struct {
  cw_csv_options csv;       /* for CSV/TSV files */
  cw_file_format format;    /* CW_FORMAT_AUTO: by magic bytes, then extension, else CSV */
  const char *targets_path; /* a targets CSV or .npy, one row per sample; NULL: a sibling file if any */
  bool no_siblings;         /* true: never look for sibling files */
  int audio_length;         /* a folder of audio clips: samples per clip after resampling (longer clips are
                               cropped, shorter zero-padded); 0 = the shortest clip's length */
} cw_load_options;

/* The format of a file from its first bytes (head, size of them; 16 or more is plenty) and its name. */
cw_file_format cw_file_format_detect (const void *head, size_t size, const char *name);
const char *cw_file_format_name (cw_file_format format); /* "JCAMP-DX", "SPC", ... */
cw_dataset *cw_dataset_load (const char *path, const cw_load_options *options, cw_error *err);
/* The same over bytes already read: `name` is used in messages; `path` (may be NULL) is where the bytes
 * came from, for sibling target files. */
cw_dataset *cw_dataset_parse (const void *bytes, size_t size, const char *name, const char *path,
                              const cw_load_options *options, cw_error *err);

/* The audio of a file: frames x channels values, interleaved (frame after frame), in [-1, 1); *rate in
 * samples per second. Caller frees *values. Errors name the file and carry libsndfile's text. */
cw_status cw_audio_read (const char *path, double **values, int64_t *frames, int *channels, double *rate,
                         cw_error *err);

/* A dataset from arrays (copied): x is n x channels x length; y is n x n_targets numeric (may be NULL). */
cw_dataset *cw_dataset_new_from_arrays (int n, int channels, int length, const float *x,
                                        int n_targets, const float *y);
/* Names for a dataset made by a program (a generator, the GUI): everything is copied. */
typedef struct {
  const char *source;              /* name used in messages (NULL: "(arrays)") */
  const double *axis;              /* length axis values, headers printed shortest (NULL: 0, 1, ...) */
  const char *target_name;         /* one target column (NULL: unlabelled) */
  const float *y;                  /* n values: numbers, or class indices when n_classes > 0 (NAN = none) */
  int n_classes;
  const char *const *class_names;  /* n_classes names, in class-index order */
  int n_meta;
  const char *const *meta_names;   /* n_meta column names, without "meta:" */
  const char *const *meta_values;  /* n x n_meta texts, row-major (NULL entries = empty) */
} cw_dataset_labels;
cw_dataset *cw_dataset_new_labelled (int n, int channels, int length, const float *x,
                                     const cw_dataset_labels *labels);
/* The dataset as a wide CSV (meta:, target: columns, then one column per axis value; numbers in the C
 * locale, in their shortest form that reads back exactly: a float's for values made from floats, the
 * double's for values parsed from a file), which cw_dataset_load_csv reads back to the same signals
 * (bitwise as floats, and as f64 for data that came from a file), axis, targets, classes and meta.
 * Single-channel datasets only (CW_ERR_INVALID_ARGUMENT otherwise). to_csv returns the text (caller
 * frees) and its size. */
char *cw_dataset_to_csv (const cw_dataset *ds, size_t *size, cw_error *err);
cw_status cw_dataset_save_csv (const cw_dataset *ds, const char *path, cw_error *err);
void cw_dataset_free (cw_dataset *ds);
/* A new dataset holding rows[0..n-1] of ds (all columns, names and classes kept). */
cw_dataset *cw_dataset_subset (const cw_dataset *ds, const int *rows, int n);

int cw_dataset_n_samples (const cw_dataset *ds);
int cw_dataset_n_channels (const cw_dataset *ds);
int cw_dataset_length (const cw_dataset *ds);
const float *cw_dataset_signals (const cw_dataset *ds);        /* n x channels x length */
/* The same signals in double precision: the parsed cell values (strtod-exact), or the widened floats of a
 * dataset made from arrays. PLS wants these: rounding to float moves its results by ~1e-5. */
const double *cw_dataset_signals_f64 (const cw_dataset *ds);   /* n x channels x length */
const double *cw_dataset_axis (const cw_dataset *ds);          /* length values; NAN where a header is not a number */
const char *cw_dataset_axis_label (const cw_dataset *ds, int t); /* the header text of signal column t */
const char *cw_dataset_source (const cw_dataset *ds);          /* file name or name given to parse */
/* The axis as a label from the file, e.g. "Wavenumber (cm⁻¹)", "Wavelength (nm)", "Time (s)" (JCAMP ##XUNITS,
 * SPC fxtype); NULL when the file does not say (a CSV). set copies it (NULL clears); false when out of
 * memory. */
const char *cw_dataset_axis_unit (const cw_dataset *ds);
bool cw_dataset_set_axis_unit (cw_dataset *ds, const char *unit);
/* What the user should know about how the data was read (e.g. spectra of a folder interpolated onto a
 * common axis), or NULL. */
const char *cw_dataset_note (const cw_dataset *ds);

int cw_dataset_n_targets (const cw_dataset *ds);
const char *cw_dataset_target_name (const cw_dataset *ds, int j); /* without the "target:" prefix */
int cw_dataset_find_target (const cw_dataset *ds, const char *name); /* -1 when absent; prefix optional */
/* A target whose cells are text is categorical: its values are class indices 0..n_classes-1 in order
 * of first appearance (numbers that look like integers are sorted numerically instead). */
bool cw_dataset_target_is_categorical (const cw_dataset *ds, int j);
int cw_dataset_n_classes (const cw_dataset *ds, int j);
/* A numeric target holding only 0 and 1 (both present; missing cells aside): a yes/no label that defaults to
 * binary classification rather than regression. */
bool cw_dataset_target_is_zero_one (const cw_dataset *ds, int j);
const char *cw_dataset_class_name (const cw_dataset *ds, int j, int k);
const float *cw_dataset_target_values (const cw_dataset *ds, int j); /* n values (class index or number; NAN = missing) */
/* The same values in double precision: a numeric target's cells as parsed (strtod-exact). */
const double *cw_dataset_target_values_f64 (const cw_dataset *ds, int j);

int cw_dataset_n_meta (const cw_dataset *ds);
const char *cw_dataset_meta_name (const cw_dataset *ds, int j); /* without the "meta:" prefix */
int cw_dataset_find_meta (const cw_dataset *ds, const char *name);
const char *cw_dataset_meta_value (const cw_dataset *ds, int row, int j);
/* Turns numeric target j into classes (e.g. 0/1 integer labels) so it can drive classification. */
cw_status cw_dataset_make_categorical (cw_dataset *ds, int j, cw_error *err);

/* Model-space targets: n x k floats for `task` built from target columns cols[0..n_cols-1]:
 * regression/multilabel use the columns as they are (k = n_cols); binary uses one 0/1 column (k = 1);
 * multiclass one-hot encodes one categorical column (k = n_classes). Caller frees *y. Fails when a
 * row has no value or a class column is not categorical. */
cw_status cw_dataset_encode_targets (const cw_dataset *ds, cw_task task, const int *cols, int n_cols,
                                     float **y, int *k, cw_error *err);

/* Validation splits: is_val[i] = 1 for validation rows. Random: round(fraction * n) rows by seed.
 * By meta: rows whose meta column equals one of the comma-separated values in `values`
 * (e.g. "test" or "test,val"). */
void cw_split_random (int n, double fraction, uint64_t seed, unsigned char *is_val);
cw_status cw_split_by_meta (const cw_dataset *ds, const char *column, const char *values,
                            unsigned char *is_val, cw_error *err);

/* 1D augmentation of training batches; every field 0 = off (the default). */
typedef struct {
  int shift;        /* random circular-free shift by up to +-shift samples (edges repeat) */
  float noise;      /* SD of additive Gaussian noise (in standardised units) */
  float scale;      /* SD of a multiplicative factor 1 + N(0, scale^2) per sample */
  float offset;     /* SD of an additive baseline offset per sample */
  float slope;      /* SD of an additive baseline slope per sample, across the whole signal */
  bool input_units; /* false (default): applied to the standardised inputs, sizes in standardised units.
                       true: applied to the signals as given (after any preprocessing, before the model's
                       own scaling), offset/slope/noise sizes in multiples of the SD of all training
                       signal values: the physical augmentations of spectra (Bjerrum et al. 2017) */
} cw_augment;

bool cw_augment_active (const cw_augment *aug);
/* Augments x (n x channels x length) in place. input_units is not looked at: the sizes are used as they
 * are (cw_train passes cw_augment_scaled sizes and raw rows for input_units). */
void cw_augment_apply (const cw_augment *aug, float *x, int n, int channels, int length, cw_rng *rng);
/* A copy of aug with the additive sizes (offset, slope, noise) multiplied by sd; shift (in points) and
 * scale (a factor) are unitless and stay. For input_units: sd = SD of all training signal values. */
cw_augment cw_augment_scaled (const cw_augment *aug, double sd);

#ifdef __cplusplus
}
#endif
#endif
