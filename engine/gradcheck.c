/* gradcheck.c — STUB: to be replaced by its owner. */
#include "cw-train.h"
cw_gradcheck_result cw_gradcheck (cw_model *model, cw_loss loss, const float *x, const float *y, int n, double eps, bool check_input) { (void) model; (void) loss; (void) x; (void) y; (void) n; (void) eps; (void) check_input; cw_gradcheck_result r = { 1e9, 1e9, 0, 0 }; return r; }
