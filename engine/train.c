/* train.c — STUB: to be replaced by its owner. */
#include "cw-train.h"
#include <string.h>
cw_train_config cw_train_config_default (cw_task task) { cw_train_config c; memset (&c, 0, sizeof c); c.loss = cw_loss_default_for_task (task); return c; }
cw_xy cw_xy_select (const float *x, const float *y, int n, int sample_size, int k, const unsigned char *is_val, bool want_val) { (void) x; (void) y; (void) n; (void) sample_size; (void) k; (void) is_val; (void) want_val; cw_xy r = { 0 }; return r; }
void cw_xy_free (cw_xy *xy) { (void) xy; }
void cw_history_clear (cw_history *h) { (void) h; }
cw_status cw_train (cw_model *model, const cw_train_config *config, cw_xy train, cw_xy val, const cw_train_callbacks *callbacks, cw_history *hist, cw_error *err) { (void) model; (void) config; (void) train; (void) val; (void) callbacks; (void) hist; return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "not implemented"); }
double cw_evaluate_loss (cw_model *model, cw_loss loss, cw_xy data) { (void) model; (void) loss; (void) data; return 0; }
