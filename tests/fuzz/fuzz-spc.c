/* fuzz-spc.c — the Galactic / Thermo SPC reader (engine/dataset-spc.c, cw_spc_parse): new (0x4B) and old
 * (0x4D) formats, single and multifile, evenly spaced X, TXVALS and TXYXYS. */
#include "fuzz.h"
#include "cw-readers-private.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  cw_error err;
  cw_dataset *ds = cw_spc_parse (data, size, "fuzz.spc", &err);
  if (!ds)
    fuzz_check_error (&err);
  else
    {
      fuzz_touch_dataset (ds);
      cw_dataset_free (ds);
    }
  return 0;
}
