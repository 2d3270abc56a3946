/* cw-readers-private.h — what the file readers share: spectra collected one by one (JCAMP blocks, SPC
 * subfiles) and turned into a dataset (dataset-load.c), the NumPy array decoder (dataset-npy.c) that
 * the .npz reader and sibling target files use, and each reader's entry point. */
#ifndef CW_READERS_PRIVATE_H
#define CW_READERS_PRIVATE_H

#include "cw-data.h"

#include <stddef.h>
#include <stdint.h>

/* Sizes a reader accepts before allocating: a count beyond these is a corrupt file, not a big one. */
#define CW_READER_MAX_POINTS (1 << 26)     /* points of one spectrum */
#define CW_READER_MAX_VALUES ((size_t) 1 << 30) /* values of a whole dataset */

/* One spectrum as read: length values on its own axis, a name and where it started. */
typedef struct {
  double *x, *y;   /* n each (x may be NULL until the reader fills it) */
  int n;
  char *name;      /* meta:name (JCAMP ##TITLE, SPC subfile), may be NULL */
  int line;        /* 1-based line of its data in a text file, 0 for binary files */
} cw_spectrum;

typedef struct {
  cw_spectrum *items;
  int n, capacity;
} cw_spectrum_list;

/* Appends *s (taking its arrays); false when out of memory (s is freed then). */
bool cw_spectrum_list_add (cw_spectrum_list *list, cw_spectrum *s);
void cw_spectrum_list_clear (cw_spectrum_list *list);
void cw_spectrum_clear (cw_spectrum *s);

/* One dataset of the spectra (one a row), which must share their axis: same count, and every axis value
 * within 1e-6 of the spacing (else an error naming `what` — "block", "subfile" — and both axes).
 * unit: the axis label, or NULL. The dataset's source is `name`. */
cw_dataset *cw_dataset_from_spectra (const cw_spectrum_list *list, const char *name, const char *what,
                                     const char *unit, cw_error *err);

/* A NumPy array decoded to doubles (or, for a text array, strings). */
typedef struct {
  int ndim;
  int64_t shape[3];
  size_t count;        /* product of shape */
  double *values;      /* count values in C order, NULL for text */
  char **texts;        /* count strings (UTF-8) for a unicode or byte-string array, else NULL */
} cw_npy_array;

/* Decodes an .npy file image; `name` is used in messages. Returns false after filling err. */
bool cw_npy_decode (const unsigned char *data, size_t size, const char *name, cw_npy_array *out,
                    cw_error *err);
void cw_npy_array_clear (cw_npy_array *a);

/* The readers: the bytes of one file, `name` for messages. */
cw_dataset *cw_jcamp_parse (const char *text, size_t size, const char *name, cw_error *err);
cw_dataset *cw_spc_parse (const unsigned char *data, size_t size, const char *name, cw_error *err);
cw_dataset *cw_npy_parse (const unsigned char *data, size_t size, const char *name, cw_error *err);
cw_dataset *cw_npz_parse (const unsigned char *data, size_t size, const char *name, cw_error *err);

/* Adds the targets in `a` (n or n x k values or texts) to ds, named `base` (k = 1) or base1..basek;
 * `source` names the array in messages. */
bool cw_dataset_add_target_array (cw_dataset *ds, const cw_npy_array *a, const char *base, const char *source,
                                  cw_error *err);
/* Sets ds's axis from a 1-D array of ds's length. */
bool cw_dataset_set_axis_array (cw_dataset *ds, const cw_npy_array *a, const char *source, cw_error *err);

/* A folder of one-spectrum files as one dataset (dataset-folder.c). */
cw_dataset *cw_dataset_load_folder (const char *dir, const cw_load_options *options, cw_error *err);

/* ---- audio (dataset-audio.c, dataset-audio-folder.c) ---- */

#define CW_AUDIO_MAX_CHANNELS 64
#define CW_AUDIO_MAX_FILE_BYTES ((size_t) 2 << 30)

/* A decoded clip: frames x channels values, interleaved, in [-1, 1). */
typedef struct {
  double *values;
  int frames, channels;
  double rate;     /* samples per second */
} cw_audio_clip;

/* RIFF/RF64 WAVE, FLAC or Ogg magic in the first bytes. */
bool cw_audio_is_magic (const unsigned char *head, size_t size);
/* Decodes a file image with libsndfile; errors name `name` and carry sf_strerror's text. */
bool cw_audio_decode (const unsigned char *data, size_t size, const char *name, cw_audio_clip *out, cw_error *err);
bool cw_audio_read_clip (const char *path, cw_audio_clip *out, cw_error *err);
void cw_audio_clip_clear (cw_audio_clip *c);
cw_dataset *cw_audio_parse (const unsigned char *data, size_t size, const char *name, cw_error *err);
/* Whether a file name is an audio clip's (.wav, .flac, .ogg, .oga, .opus). */
bool cw_audio_is_file_name (const char *name);
/* The clips dir/files[i] (paths under dir) as one dataset: resampled to a common rate, cropped or padded to
 * audio_length (0: the shortest), meta:file = files[i]; labels (NULL, or n entries, NULL = none) become
 * target:label classes. */
cw_dataset *cw_audio_folder_dataset (const char *dir, const char *const *files, const char *const *labels, int n,
                                     int audio_length, cw_error *err);

/* A whole file in memory (caller frees *data), refusing files above max bytes. */
bool cw_read_whole_file (const char *path, size_t max, unsigned char **data, size_t *size, cw_error *err);

#endif
