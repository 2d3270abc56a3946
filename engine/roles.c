/* roles.c — placeholder, filled in by this change. */
#include "cw.h"
