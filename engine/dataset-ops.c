/* dataset-ops.c — STUB: to be replaced by its owner. */
#include "cw-data.h"
