/* fuzz.h — what the fuzz harnesses share. Each fuzz-NAME.c defines LLVMFuzzerTestOneInput for one reader
 * of outside bytes; it is linked either with libFuzzer (clang -fsanitize=fuzzer, meson -Dfuzz=true) or
 * with replay.c, which feeds it the corpus and the regression inputs in the ordinary test suite.
 *
 * Besides "does not crash", the harnesses check the contract of cw-base.h: a failure returns a status
 * other than CW_OK with a message, and whatever a reader returns can be read back in full (every value
 * is touched, so AddressSanitizer sees a short allocation). A broken contract aborts. */
#ifndef FUZZ_H
#define FUZZ_H

#include "cw.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Aborts with a message on stderr: a harness found a broken contract. */
static inline void
fuzz_fail (const char *what, const char *detail)
{
  fprintf (stderr, "fuzz: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  abort ();
}

/* A reader that returned nothing must have said why. */
static inline void
fuzz_check_error (const cw_error *err)
{
  if (err->status == CW_OK)
    fuzz_fail ("failure reported with status CW_OK", err->message);
  if (memchr (err->message, '\0', sizeof err->message) == NULL || err->message[0] == '\0')
    fuzz_fail ("failure without a message", NULL);
}

/* A NUL-terminated copy of the input, for parsers that take C strings (caller frees). */
static inline char *
fuzz_text (const uint8_t *data, size_t size)
{
  char *text = malloc (size + 1);
  if (!text)
    abort ();
  if (size)
    memcpy (text, data, size);
  text[size] = '\0';
  return text;
}

/* Something the compiler cannot drop, so every value read below is really read. */
static volatile double fuzz_sink;

static inline void
fuzz_touch_string (const char *s)
{
  if (s)
    fuzz_sink += (double) strlen (s);
}

/* Reads every value and name of a dataset. */
static inline void
fuzz_touch_dataset (const cw_dataset *ds)
{
  int n = cw_dataset_n_samples (ds), c = cw_dataset_n_channels (ds), len = cw_dataset_length (ds);
  if (n < 0 || c < 0 || len < 0)
    fuzz_fail ("negative dataset dimensions", NULL);
  size_t count = (size_t) n * (size_t) c * (size_t) len;
  const float *x = cw_dataset_signals (ds);
  const double *x64 = cw_dataset_signals_f64 (ds);
  double sum = 0;
  for (size_t i = 0; i < count; i++)
    sum += (double) x[i] + (x64 ? x64[i] : 0);
  const double *axis = cw_dataset_axis (ds);
  for (int t = 0; t < len; t++)
    {
      sum += axis ? axis[t] : 0;
      fuzz_touch_string (cw_dataset_axis_label (ds, t));
    }
  fuzz_touch_string (cw_dataset_source (ds));
  fuzz_touch_string (cw_dataset_axis_unit (ds));
  fuzz_touch_string (cw_dataset_note (ds));
  for (int j = 0; j < cw_dataset_n_targets (ds); j++)
    {
      fuzz_touch_string (cw_dataset_target_name (ds, j));
      const float *y = cw_dataset_target_values (ds, j);
      for (int i = 0; i < n; i++)
        sum += y[i];
      if (cw_dataset_target_is_categorical (ds, j))
        for (int k = 0; k < cw_dataset_n_classes (ds, j); k++)
          fuzz_touch_string (cw_dataset_class_name (ds, j, k));
    }
  for (int j = 0; j < cw_dataset_n_meta (ds); j++)
    {
      fuzz_touch_string (cw_dataset_meta_name (ds, j));
      for (int i = 0; i < n; i++)
        fuzz_touch_string (cw_dataset_meta_value (ds, i, j));
    }
  fuzz_sink += sum;
}

#endif
