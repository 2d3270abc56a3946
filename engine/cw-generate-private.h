/* cw-generate-private.h — what generate.c (the toy generators, the dispatch) shares with generate-nir.c
 * (the NIR mixture generator). */
#ifndef CW_GENERATE_PRIVATE_H
#define CW_GENERATE_PRIVATE_H

#include "cw-generate.h"

/* An even grid over [lo, hi] with values rounded to three decimals below the step's first digit, so
 * CSV headers are short and read back to the very same doubles. */
void cw_generator_even_axis (double lo, double hi, int length, double *axis);

/* The CW_GEN_NIR parts of cw_generator_config_default, _check (after the checks common to all kinds)
 * and cw_generate (after the check). */
void cw_nir_config_default (cw_generator_config *c);
cw_status cw_nir_config_check (const cw_generator_config *c, cw_error *err);
cw_dataset *cw_nir_generate (const cw_generator_config *c, cw_error *err);

#endif
