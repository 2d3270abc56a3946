/* dataset.c — STUB: to be replaced by its owner. */
#include "cw-data.h"
#include <stddef.h>
cw_dataset *cw_dataset_load_csv (const char *path, const cw_csv_options *options, cw_error *err) { (void) path; (void) options; cw_error_set (err, CW_ERR_IO, 0, 0, "not implemented"); return NULL; }
