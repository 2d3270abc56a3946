/* model-io.c — STUB: to be replaced by its owner. */
#include "cw-model-private.h"
cw_status cw_model_save (const cw_model *m, const char *path, cw_error *err) { (void) m; (void) path; return cw_error_set (err, CW_ERR_IO, 0, 0, "not implemented"); }
cw_model *cw_model_load (const char *path, cw_error *err) { (void) path; cw_error_set (err, CW_ERR_IO, 0, 0, "not implemented"); return NULL; }
