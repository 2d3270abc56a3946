/* main.c — STUB: to be replaced by its owner. */
#include "cw.h"
#include <stdio.h>
int main (void) { printf ("conv1d %s\n", cw_version ()); return 0; }
