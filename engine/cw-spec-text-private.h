/* cw-spec-text-private.h — shared by the spec parser (spec-text.c) and printer (spec-print.c). */
#ifndef CW_SPEC_TEXT_PRIVATE_H
#define CW_SPEC_TEXT_PRIVATE_H

#include "cw-spec.h"

/* The shortest "%g" text that reads back (in the C locale) to exactly v, exponent without padding
 * ("1e-5"). Independent of the user's locale. */
void cw_format_float (char out[32], float v);

#endif
