/* fuzz-audio.c — audio clips through libsndfile from memory (engine/dataset-audio.c, cw_audio_parse):
 * WAV, FLAC, Ogg; what libsndfile makes of the bytes and what the engine does with its answer. */
#include "fuzz.h"
#include "cw-readers-private.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  cw_error err;
  cw_dataset *ds = cw_audio_parse (data, size, "fuzz.wav", &err);
  if (!ds)
    fuzz_check_error (&err);
  else
    {
      fuzz_touch_dataset (ds);
      cw_dataset_free (ds);
    }
  return 0;
}
