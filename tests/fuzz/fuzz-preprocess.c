/* fuzz-preprocess.c — the preprocessing pipeline in both its outside forms: the text the user types or a
 * project stores (cw_pipeline_parse, engine/preprocess-text.c) and the serialised fitted pipeline inside
 * model files ("CWPP", cw_pipeline_deserialize, engine/preprocess-io.c); the input's first bytes pick.
 * A parsed text is printed and parsed back, then fitted on a small synthetic set (the fit may refuse
 * the data, with a message) and applied; a deserialised pipeline is applied when fitted and serialised
 * back, which must deserialise again. */
#include "fuzz.h"

enum { ROWS = 12, LENGTH = 64 };

static void
synthetic (double *x, double *axis)
{
  for (int t = 0; t < LENGTH; t++)
    axis[t] = 1000.0 + 2.0 * t;
  for (int i = 0; i < ROWS; i++)
    for (int t = 0; t < LENGTH; t++)
      x[i * LENGTH + t] = 0.5 + 0.1 * i + 0.01 * t + 0.3 * ((i * 7 + t * 3) % 11) / 11.0;
}

static void
from_text (const uint8_t *data, size_t size)
{
  char *text = fuzz_text (data, size);
  cw_error err;
  cw_pipeline *pipe = cw_pipeline_parse (text, &err);
  free (text);
  if (!pipe)
    {
      fuzz_check_error (&err);
      return;
    }
  char *canonical = cw_pipeline_to_string (pipe);
  cw_pipeline *back = cw_pipeline_parse (canonical, &err);
  if (!back)
    fuzz_fail ("the canonical form of a parsed pipeline does not parse", canonical);
  if (cw_pipeline_count (back) != cw_pipeline_count (pipe))
    fuzz_fail ("the canonical form of a parsed pipeline parses to another pipeline", canonical);
  cw_pipeline_free (back);
  free (canonical);

  double x[ROWS * LENGTH], axis[LENGTH];
  synthetic (x, axis);
  double *out = NULL;
  if (cw_pipeline_fit (pipe, x, ROWS, 1, LENGTH, axis, &out, &err) != CW_OK)
    fuzz_check_error (&err);
  else
    {
      int out_length = cw_pipeline_out_length (pipe);
      double *again = malloc (sizeof *again * ROWS * (size_t) (out_length > 0 ? out_length : 1));
      cw_pipeline_apply (pipe, x, ROWS, again);
      for (int i = 0; i < ROWS * out_length; i++)
        fuzz_sink += again[i] + out[i];
      free (again);
      free (out);
    }
  cw_pipeline_free (pipe);
}

static void
from_bytes (const uint8_t *data, size_t size)
{
  cw_error err;
  cw_pipeline *pipe = cw_pipeline_deserialize (data, size, &err);
  if (!pipe)
    {
      fuzz_check_error (&err);
      return;
    }
  char *text = cw_pipeline_to_string (pipe);
  fuzz_touch_string (text);
  free (text);
  if (cw_pipeline_is_fitted (pipe))
    {
      size_t in = (size_t) cw_pipeline_channels (pipe) * (size_t) cw_pipeline_in_length (pipe);
      size_t out = (size_t) cw_pipeline_channels (pipe) * (size_t) cw_pipeline_out_length (pipe);
      const double *axis = cw_pipeline_out_axis (pipe);
      for (int t = 0; axis && t < cw_pipeline_out_length (pipe); t++)
        fuzz_sink += axis[t];
      if (in <= (1u << 20) && out <= (1u << 20))
        {
          double *x = calloc (in ? in : 1, sizeof *x);
          double *y = calloc (out ? out : 1, sizeof *y);
          for (size_t i = 0; i < in; i++)
            x[i] = 0.25 + 0.001 * (double) (i % 97);
          cw_pipeline_apply (pipe, x, 1, y);
          for (size_t i = 0; i < out; i++)
            fuzz_sink += y[i];
          free (x);
          free (y);
        }
    }
  size_t n = 0;
  unsigned char *bytes = cw_pipeline_serialize (pipe, &n);
  if (bytes)
    {
      cw_pipeline *back = cw_pipeline_deserialize (bytes, n, &err);
      if (!back)
        fuzz_fail ("a serialised pipeline does not deserialise", err.message);
      cw_pipeline_free (back);
      free (bytes);
    }
  cw_pipeline_free (pipe);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size >= 4 && memcmp (data, "CWPP", 4) == 0)
    from_bytes (data, size);
  else
    from_text (data, size);
  return 0;
}
