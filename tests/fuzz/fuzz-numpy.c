/* fuzz-numpy.c — NumPy files (engine/dataset-npy.c): an input starting "PK" goes to the .npz reader
 * (cw_npz_parse: the zip directory, stored and deflated members, the arrays in them), any other to the
 * .npy reader (cw_npy_parse: header dictionary, dtypes, byte orders, C and Fortran order). */
#include "fuzz.h"
#include "cw-readers-private.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  cw_error err;
  bool zip = size >= 2 && data[0] == 'P' && data[1] == 'K';
  cw_dataset *ds = zip ? cw_npz_parse (data, size, "fuzz.npz", &err) : cw_npy_parse (data, size, "fuzz.npy", &err);
  if (!ds)
    fuzz_check_error (&err);
  else
    {
      fuzz_touch_dataset (ds);
      cw_dataset_free (ds);
    }
  return 0;
}
