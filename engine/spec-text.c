/* spec-text.c — STUB: to be replaced by its owner. */
#include "cw-spec.h"
#include <stdlib.h>
#include <string.h>
char *cw_layer_spec_to_string (const cw_layer_spec *layer) { return strdup (cw_layer_type_name (layer->type)); }
cw_spec *cw_spec_parse (const char *text, cw_error *err) { (void) text; cw_error_set (err, CW_ERR_PARSE, 0, 0, "not implemented"); return NULL; }
char *cw_spec_to_string (const cw_spec *spec) { (void) spec; return strdup (""); }
