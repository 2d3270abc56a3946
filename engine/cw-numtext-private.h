/* cw-numtext-private.h — numbers as text that reads back exactly and in every locale, for the files and
 * labels the engine writes (dataset-write.c, generate.c). */
#ifndef CW_NUMTEXT_PRIVATE_H
#define CW_NUMTEXT_PRIVATE_H

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* A decimal point, never the user's decimal comma. The switch is per thread (uselocale), so a GUI
 * worker writing a file does not disturb its main thread. */
typedef struct {
  locale_t c_locale, previous;
} cw_c_numbers;

static inline bool
cw_c_numbers_begin (cw_c_numbers *cn)
{
  cn->c_locale = newlocale (LC_NUMERIC_MASK, "C", (locale_t) 0);
  if (!cn->c_locale)
    return false;
  cn->previous = uselocale (cn->c_locale);
  return true;
}

static inline void
cw_c_numbers_end (cw_c_numbers *cn)
{
  if (!cn->c_locale)
    return;
  uselocale (cn->previous);
  freelocale (cn->c_locale);
  cn->c_locale = (locale_t) 0;
}

/* The shortest "%.Ng" (N >= 6) that reads back as the same double: short headers such as "402.5". */
static inline void
cw_format_double (double v, char *buf, size_t size)
{
  for (int digits = 6; digits <= 17; digits++)
    {
      snprintf (buf, size, "%.*g", digits, v);
      if (strtod (buf, NULL) == v)
        return;
    }
}

/* The same for a float: at most 9 significant digits always read back as the same float. */
static inline void
cw_format_float (float v, char *buf, size_t size)
{
  for (int digits = 7; digits <= 9; digits++)
    {
      snprintf (buf, size, "%.*g", digits, (double) v);
      if ((float) strtod (buf, NULL) == v)
        return;
    }
}

#endif
