/* fuzz-model.c — model files (engine/model-io.c, cw_model_load_bytes, which cw_model_load and project files
 * use). Each input is loaded as it is, then again with its last four bytes replaced by the CRC-32 of the
 * rest, so that mutated files get past the checksum into the rebuilding of the model. A model that loads
 * must predict (raw rows of zeros through its pipeline and network) and save to bytes that load again. */
#include "fuzz.h"

#include <zlib.h>

static void
check_model (cw_model *m)
{
  cw_error err;
  fuzz_touch_string (cw_model_get_info (m, "recipe"));
  for (int i = 0; i < cw_model_n_info (m); i++)
    fuzz_touch_string (cw_model_get_info (m, cw_model_info_key (m, i)));
  for (int i = 0; i < cw_model_n_class_names (m); i++)
    fuzz_touch_string (cw_model_class_name (m, i));
  for (int i = 0; i < cw_model_n_target_names (m); i++)
    fuzz_touch_string (cw_model_target_name (m, i));

  size_t row = (size_t) cw_model_in_channels (m) * (size_t) cw_model_raw_length (m);
  size_t outs = (size_t) cw_model_n_outputs (m);
  if (row <= (1u << 16) && outs <= (1u << 16) && cw_model_flops (m) < 1e8)
    {
      float *x = calloc (row ? row : 1, sizeof *x);
      float *y = calloc (outs ? outs : 1, sizeof *y);
      if (cw_model_predict_raw (m, x, 1, y, &err) != CW_OK)
        fuzz_check_error (&err);
      for (size_t i = 0; i < outs; i++)
        fuzz_sink += y[i];
      free (x);
      free (y);
    }

  size_t size = 0;
  unsigned char *bytes = cw_model_save_bytes (m, &size, &err);
  if (!bytes)
    fuzz_check_error (&err);
  else
    {
      cw_model *back = cw_model_load_bytes (bytes, size, NULL, &err);
      if (!back)
        fuzz_fail ("a saved model does not load again", err.message);
      cw_model_free (back);
      free (bytes);
    }
}

static void
load (const uint8_t *data, size_t size)
{
  cw_error err;
  cw_model *m = cw_model_load_bytes (data, size, "fuzz.cwm", &err);
  if (!m)
    {
      fuzz_check_error (&err);
      return;
    }
  check_model (m);
  cw_model_free (m);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  load (data, size);
  if (size >= 16)
    {
      uint8_t *fixed = malloc (size);
      memcpy (fixed, data, size);
      uint32_t crc = (uint32_t) crc32 (0L, fixed, (uInt) (size - 4));
      for (int i = 0; i < 4; i++)
        fixed[size - 4 + i] = (uint8_t) (crc >> (8 * i));
      if (memcmp (fixed, data, size) != 0)
        load (fixed, size);
      free (fixed);
    }
  return 0;
}
