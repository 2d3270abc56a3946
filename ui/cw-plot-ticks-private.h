/* cw-plot-ticks-private.h — tick helpers shared inside ui/ beyond the public cw-plot-style.h ones. */
#pragma once

#include <glib.h>

/* "10⁻³"-style label for the decade 10^exponent (log axes). */
void cw_plot_format_decade (int exponent, char *buf, gsize size);
