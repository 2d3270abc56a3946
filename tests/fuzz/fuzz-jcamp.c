/* fuzz-jcamp.c — the JCAMP-DX reader (engine/dataset-jcamp.c, cw_jcamp_parse): AFFN and ASDF (SQZ, DIF,
 * DUP) data, XYPOINTS, linked blocks. */
#include "fuzz.h"
#include "cw-readers-private.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  cw_error err;
  cw_dataset *ds = cw_jcamp_parse ((const char *) data, size, "fuzz.jdx", &err);
  if (!ds)
    fuzz_check_error (&err);
  else
    {
      fuzz_touch_dataset (ds);
      cw_dataset_free (ds);
    }
  return 0;
}
