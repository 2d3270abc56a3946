/* layer-conv.c — STUB: to be replaced by its owner. */
#include "cw-layer-private.h"
static cw_status stub_shape (const cw_layer_spec *s, int c, int l, cw_shape_info *o, size_t *ns, cw_error *e) { (void) s; (void) e; o->channels = c; o->length = l; o->params = 0; o->flops = 0; *ns = 0; return CW_OK; }
static void stub_fwd (cw_layer *l, const float *x, float *y, int n, bool t) { (void) l; (void) x; (void) y; (void) n; (void) t; }
static void stub_bwd (cw_layer *l, const float *x, const float *y, const float *dy, float *dx, int n) { (void) l; (void) x; (void) y; (void) dy; (void) dx; (void) n; }
const cw_layer_ops cw_conv_ops = { stub_shape, NULL, NULL, stub_fwd, stub_bwd };
