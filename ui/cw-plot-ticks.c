/* cw-plot-ticks.c — nice tick positions and number labels that carry just enough decimals for the step. */
#include "cw-plot-style.h"
#include "cw-plot-ticks-private.h"

#include <math.h>
#include <string.h>

/* ---- ticks and numbers ---- */

int
cw_nice_ticks (double lo, double hi, int max_ticks, double *ticks, double *step)
{
  g_return_val_if_fail (ticks != NULL, 0);
  if (!isfinite (lo) || !isfinite (hi))
    {
      lo = 0.0;
      hi = 1.0;
    }
  if (lo > hi)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }
  if (max_ticks < 1)
    max_ticks = 1;

  double span = hi - lo;
  if (span <= fabs (lo) * 1e-12 || span <= 0.0)
    {
      /* A single value: one tick, and a step that still formats it sensibly. */
      double mag = lo != 0.0 ? pow (10.0, floor (log10 (fabs (lo)))) : 1.0;
      ticks[0] = lo;
      if (step)
        *step = mag;
      return 1;
    }

  double raw = span / max_ticks;
  int exponent = (int) floor (log10 (raw));
  double mag = pow (10.0, exponent);
  double r = raw / mag;
  double nice = r <= 1.0 + 1e-9 ? 1.0 : r <= 2.0 + 1e-9 ? 2.0 : r <= 5.0 + 1e-9 ? 5.0 : 10.0;
  double st = nice * mag;

  double first = ceil (lo / st - 1e-9);
  double last = floor (hi / st + 1e-9);
  int n = (int) (last - first) + 1;
  if (n > max_ticks + 2)
    n = max_ticks + 2;
  if (n < 0)
    n = 0;
  /* k * nice / 10^-e rather than k * step: 3 * 0.2 would give 0.6000000000000001. */
  double inv_mag = exponent < 0 ? pow (10.0, -exponent) : 0.0;
  for (int i = 0; i < n; i++)
    {
      double k = first + i;
      double v = inv_mag > 0.0 ? k * nice / inv_mag : k * st;
      ticks[i] = fabs (v) < st * 1e-9 ? 0.0 : v;
    }
  if (step)
    *step = st;
  return n;
}

/* Decimals needed to tell apart multiples of step: 100 -> 0, 2.5 -> 1, 0.25 -> 2, 0.2 -> 1. */
static int
decimals_for_step (double step)
{
  int d = (int) MAX (0.0, -floor (log10 (step) + 1e-9));
  while (d < 12)
    {
      double scaled = step * pow (10.0, d);
      if (fabs (scaled - round (scaled)) <= 1e-6 * scaled)
        break;
      d++;
    }
  return d;
}

/* "−" (U+2212) instead of the hyphen: a typographic minus has the width of a digit and reads as a sign. */
static void
use_typographic_minus (char *buf, gsize size)
{
  if (buf[0] != '-' || strlen (buf) + 3 > size)
    return;
  memmove (buf + 3, buf + 1, strlen (buf)); /* includes the terminating NUL */
  memcpy (buf, "\xe2\x88\x92", 3);
}

void
cw_format_tick (double value, double step, char *buf, gsize size)
{
  g_return_if_fail (buf != NULL && size > 0);
  if (!isfinite (value))
    {
      g_strlcpy (buf, isnan (value) ? "NaN" : value > 0 ? "∞" : "−∞", size);
      return;
    }
  double astep = fabs (step);
  if (!(astep > 0.0) || !isfinite (astep))
    astep = value != 0.0 ? fabs (value) : 1.0;
  if (fabs (value) < astep * 1e-6)
    {
      g_strlcpy (buf, "0", size);
      return;
    }

  char format[16];
  if (astep < 1e-4 || fabs (value) >= 1e6)
    {
      /* Scientific notation with as many mantissa digits as the step resolves. */
      int value_exp = (int) floor (log10 (fabs (value)) + 1e-9);
      int step_exp = (int) floor (log10 (astep) + 1e-9);
      double step_mantissa = astep / pow (10.0, step_exp);
      int digits = value_exp - step_exp + decimals_for_step (step_mantissa);
      digits = CLAMP (digits, 0, 12);
      g_snprintf (format, sizeof format, "%%.%de", digits);
      char tmp[64];
      g_ascii_formatd (tmp, sizeof tmp, format, value);
      /* Strip zeros the mantissa does not need: 2.50e-05 -> 2.5e-05. */
      char *e = strchr (tmp, 'e');
      if (e && strchr (tmp, '.'))
        {
          char *z = e;
          while (z[-1] == '0')
            z--;
          if (z[-1] == '.')
            z--;
          memmove (z, e, strlen (e) + 1);
        }
      g_strlcpy (buf, tmp, size);
    }
  else
    {
      g_snprintf (format, sizeof format, "%%.%df", decimals_for_step (astep));
      g_ascii_formatd (buf, size, format, value);
    }
  use_typographic_minus (buf, size);
}

/* A decade label: plain numbers where they are short (0.001 ... 10000), 10ⁿ beyond. */
void
cw_plot_format_decade (int exponent, char *buf, gsize size)
{
  if (exponent >= -3 && exponent <= 4)
    {
      double v = pow (10.0, exponent);
      cw_format_tick (v, v, buf, size);
      return;
    }
  static const char *superscripts[10] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  GString *s = g_string_new ("10");
  if (exponent < 0)
    g_string_append (s, "⁻");
  char digits[16];
  g_snprintf (digits, sizeof digits, "%d", ABS (exponent));
  for (const char *d = digits; *d; d++)
    g_string_append (s, superscripts[*d - '0']);
  g_strlcpy (buf, s->str, size);
  g_string_free (s, TRUE);
}

