/* fuzz-csv.c — the wide CSV/TSV reader (engine/dataset-csv.c, cw_dataset_parse_csv), strict and with
 * --allow-missing. A dataset it returns is written back (cw_dataset_to_csv) and must read back with the same
 * shape: the writer promises that. */
#include "fuzz.h"

static void
parse (const uint8_t *data, size_t size, bool allow_missing)
{
  cw_csv_options options = { 0 };
  options.allow_missing = allow_missing;
  cw_error err;
  cw_dataset *ds = cw_dataset_parse_csv ((const char *) data, size, "fuzz.csv", &options, &err);
  if (!ds)
    {
      fuzz_check_error (&err);
      return;
    }
  fuzz_touch_dataset (ds);
  if (cw_dataset_n_channels (ds) == 1)
    {
      size_t csv_size = 0;
      char *csv = cw_dataset_to_csv (ds, &csv_size, &err);
      if (!csv)
        fuzz_check_error (&err);
      else
        {
          cw_csv_options again = { 0 };
          again.allow_missing = true; /* missing cells are written empty */
          cw_dataset *back = cw_dataset_parse_csv (csv, csv_size, "written.csv", &again, &err);
          if (!back)
            fuzz_fail ("a dataset written by cw_dataset_to_csv does not read back", err.message);
          if (cw_dataset_n_samples (back) != cw_dataset_n_samples (ds)
              || cw_dataset_length (back) != cw_dataset_length (ds)
              || cw_dataset_n_targets (back) != cw_dataset_n_targets (ds)
              || cw_dataset_n_meta (back) != cw_dataset_n_meta (ds))
            fuzz_fail ("a dataset written by cw_dataset_to_csv reads back with another shape", NULL);
          cw_dataset_free (back);
          free (csv);
        }
    }
  cw_dataset_free (ds);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  parse (data, size, false);
  parse (data, size, true);
  return 0;
}
