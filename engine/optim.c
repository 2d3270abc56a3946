/* optim.c — STUB: to be replaced by its owner. */
#include "cw-optim.h"
#include <string.h>
cw_optimizer_config cw_optimizer_config_default (cw_optimizer_type type) { cw_optimizer_config c; memset (&c, 0, sizeof c); c.type = type; return c; }
const char *cw_optimizer_name (cw_optimizer_type type) { (void) type; return "?"; }
bool cw_optimizer_from_name (const char *name, cw_optimizer_type *type) { (void) name; (void) type; return false; }
cw_optimizer *cw_optimizer_new (const cw_optimizer_config *config, size_t n_params) { (void) config; (void) n_params; return NULL; }
void cw_optimizer_free (cw_optimizer *opt) { (void) opt; }
void cw_optimizer_reset (cw_optimizer *opt) { (void) opt; }
void cw_optimizer_step (cw_optimizer *opt, float *params, const float *grads, float lr) { (void) opt; (void) params; (void) grads; (void) lr; }
const float *cw_optimizer_moment1 (const cw_optimizer *opt) { (void) opt; return NULL; }
const float *cw_optimizer_moment2 (const cw_optimizer *opt) { (void) opt; return NULL; }
const char *cw_schedule_name (cw_schedule_type type) { (void) type; return "?"; }
bool cw_schedule_from_name (const char *name, cw_schedule_type *type) { (void) name; (void) type; return false; }
float cw_schedule_lr (const cw_schedule *schedule, float base_lr, int epoch, int total_epochs) { (void) schedule; (void) epoch; (void) total_epochs; return base_lr; }
double cw_clip_grad_norm (float *grads, size_t n, float max_norm) { (void) grads; (void) n; (void) max_norm; return 0; }
