/* cw-data-private.h — the dataset struct, shared by dataset.c (storage, accessors), dataset-csv.c (the
 * reader) and dataset-ops.c (targets, splits). */
#ifndef CW_DATA_PRIVATE_H
#define CW_DATA_PRIVATE_H

#include "cw-data.h"

typedef struct {
  char *name;          /* without the "target:" prefix */
  float *values;       /* n: a number, a class index, or NAN when the row has no value */
  double *values64;    /* the same in double: numbers as parsed */
  bool categorical;
  int n_classes;
  char **classes;      /* n_classes names */
} cw_target_column;

struct cw_dataset {
  char *source;
  int n, channels, length;
  float *x;                     /* n x channels x length */
  double *x64;                  /* the same values as parsed (or widened from floats), for PLS */
  double *axis;                 /* length */
  char **axis_labels;           /* length */
  int n_targets;
  cw_target_column *targets;
  int n_meta;
  char **meta_names;
  char **meta_values;           /* n x n_meta, row-major */
  int *lines;                   /* n: the 1-based source line of each row, 0 for rows made from arrays */
  char *axis_unit;              /* axis label from the file ("Wavelength (nm)"), NULL when unknown */
  char *note;                   /* how the data was read, when the user should know (interpolation), or NULL */
};

/* An empty dataset with all arrays allocated for n rows (x and x64 zeroed, strings NULL); NULL when out of
 * memory. */
cw_dataset *cw_dataset_alloc (int n, int channels, int length, int n_targets, int n_meta);

/* Turns the text cells of target column j into class indices: classes in order of first appearance, or
 * sorted numerically when every class name is an integer. cells[i] == NULL marks a row without a value.
 * Returns false when out of memory. */
bool cw_dataset_set_classes (cw_dataset *ds, int j, const char *const *cells);

/* Appends a numeric target column `name` with n values (copied; NAN = no value) to a dataset made by a
 * program (cw_dataset_new_labelled holds one target; generators with several add the others). Returns
 * false when out of memory, leaving ds as it was. */
bool cw_dataset_add_target (cw_dataset *ds, const char *name, const float *values);

/* Where row i came from, for messages: "line 12" or "row 12" (1-based) for data made from arrays. */
void cw_dataset_row_place (const cw_dataset *ds, int row, char *buf, size_t size);

/* "NA", "N/A", "NaN" and the empty cell mean "no value" in any column. */
bool cw_is_missing_token (const char *s);

#endif
