/* csv-lex.c — CSV tokenising in place and locale-independent number parsing. */
#include "cw-csv-private.h"

#include <ctype.h>
#include <float.h>
#include <stdlib.h>
#include <string.h>

static inline bool
csv_is_blank (char c, char delim)
{
  return c == ' ' || (c == '\t' && delim != '\t');
}

/* ---- numbers ---- */

static const double powers_of_ten[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

#if LDBL_MANT_DIG == 64 && (defined __x86_64__ || defined __i386__)
/* mantissa * 10^exp10 (|exp10| <= 22) correctly rounded to double, for mantissas beyond 2^53 (the 17-19
 * digits that %.17g, repr and numpy's %.18e write). The x87 operation is exact but for one rounding to
 * 64 bits; rounding that on to 53 bits gives the correct double unless the 64-bit result lies within one
 * of its ulps of a double midpoint (low 11 bits near 0x400), where the true value may sit on the other
 * side: those rare cells return false and go to strtod. (x87 keeps the 64-bit significand, explicit
 * leading bit included, in the first eight bytes.) */
static bool
scale_extended (uint64_t mantissa, int exp10, double *out)
{
  long double m = (long double) mantissa, p = (long double) powers_of_ten[exp10 < 0 ? -exp10 : exp10];
  long double v = exp10 < 0 ? m / p : m * p;
  uint64_t bits;
  memcpy (&bits, &v, sizeof bits);
  unsigned low = (unsigned) (bits & 0x7ff);
  if (low >= 0x3ff && low <= 0x401)
    return false;
  *out = (double) v;
  return true;
}
#else
static bool
scale_extended (uint64_t mantissa, int exp10, double *out)
{
  (void) mantissa, (void) exp10, (void) out;
  return false;
}
#endif

/* Parses the whole of s. Plain decimals take a fast path: with a mantissa up to 2^53 (every 15-digit one,
 * most 16-digit ones) and a power of ten up to 22 both operands are exact doubles, so one multiplication
 * or division rounds correctly (Clinger) and the result is strtod's; longer mantissas go through
 * scale_extended. Cells stored as float take the double path with up to 19 digits: the result is within
 * one double ulp, far below float resolution. Everything else (hex, inf, nan, more than 19 digits) goes
 * to strtod_l in the C locale. */
bool
cw_csv_parse_number (const char *s, bool to_float, locale_t c_locale, double *out)
{
  const char *p = s;
  bool negative = false;
  if (*p == '+' || *p == '-')
    negative = *p++ == '-';
  uint64_t mantissa = 0;
  int digits = 0, exp10 = 0;
  bool any = false, dropped = false;
  for (; *p >= '0' && *p <= '9'; p++)
    {
      any = true;
      if (digits < 19)
        {
          mantissa = mantissa * 10 + (uint64_t) (*p - '0');
          digits += mantissa != 0;
        }
      else
        {
          exp10++;
          dropped = true;
        }
    }
  if (*p == '.')
    for (p++; *p >= '0' && *p <= '9'; p++)
      {
        any = true;
        if (digits < 19)
          {
            mantissa = mantissa * 10 + (uint64_t) (*p - '0');
            digits += mantissa != 0;
            exp10--;
          }
        else
          dropped = true;
      }
  if (!any)
    goto slow;
  if (*p == 'e' || *p == 'E')
    {
      p++;
      bool negative_exp = false;
      if (*p == '+' || *p == '-')
        negative_exp = *p++ == '-';
      if (!(*p >= '0' && *p <= '9'))
        goto slow;
      int e = 0;
      for (; *p >= '0' && *p <= '9'; p++)
        if (e < 100000)
          e = e * 10 + (*p - '0');
      exp10 += negative_exp ? -e : e;
    }
  if (*p != '\0')
    goto slow;
  if (mantissa == 0)
    {
      *out = negative ? -0.0 : 0.0;
      return true;
    }
  if (!dropped && exp10 >= -22 && exp10 <= 22)
    {
      double v = (double) mantissa;
      if (mantissa <= (UINT64_C (1) << 53) || to_float)
        v = exp10 < 0 ? v / powers_of_ten[-exp10] : v * powers_of_ten[exp10];
      else if (!scale_extended (mantissa, exp10, &v))
        goto slow;
      *out = negative ? -v : v;
      return true;
    }
slow:;
  char *end;
  double v = strtod_l (s, &end, c_locale);
  if (end == s || *end != '\0' || isspace ((unsigned char) *s))
    return false;
  *out = v;
  return true;
}

/* A number in the file's conventions: with ';' or tab between fields, "0,25" is a decimal comma. */
bool
cw_csv_parse_text (const csv_reader *r, const char *s, bool to_float, double *out)
{
  if (cw_csv_parse_number (s, to_float, r->c_locale, out))
    return true;
  if (r->delim == ',')
    return false;
  const char *comma = strchr (s, ',');
  if (!comma || strchr (comma + 1, ',') || strchr (s, '.'))
    return false;
  size_t len = strlen (s);
  char copy[64];
  if (len >= sizeof copy)
    return false;
  memcpy (copy, s, len + 1);
  copy[comma - s] = '.';
  return cw_csv_parse_number (copy, to_float, r->c_locale, out);
}

const char *
cw_csv_clip (const char *s, char *buf, size_t size)
{
  size_t n = strlen (s);
  if (n < size)
    return s;
  size_t keep = size - 4;
  while (keep > 0 && ((unsigned char) s[keep] & 0xc0) == 0x80) /* not inside a UTF-8 sequence */
    keep--;
  memcpy (buf, s, keep);
  memcpy (buf + keep, "...", 4);
  return buf;
}

int
cw_csv_edit_distance (const char *a, const char *b)
{
  size_t la = strlen (a), lb = strlen (b);
  if (la > 63 || lb > 63)
    return 1000;
  int row[64];
  for (size_t j = 0; j <= lb; j++)
    row[j] = (int) j;
  for (size_t i = 1; i <= la; i++)
    {
      int diagonal = row[0];
      row[0] = (int) i;
      for (size_t j = 1; j <= lb; j++)
        {
          int above = row[j];
          int cost = tolower ((unsigned char) a[i - 1]) != tolower ((unsigned char) b[j - 1]);
          int best = diagonal + cost;
          if (above + 1 < best)
            best = above + 1;
          if (row[j - 1] + 1 < best)
            best = row[j - 1] + 1;
          row[j] = best;
          diagonal = above;
        }
    }
  return row[lb];
}

/* ---- tokenising ---- */

int
cw_csv_read_record (csv_reader *r, csv_field **fields, int *cap, int *record_line)
{
  char *p = r->p, *end = r->end;
  const char d = r->delim;
  if (p >= end)
    return 0;
  *record_line = r->line;
  int nf = 0;
  for (;;)
    {
      while (p < end && csv_is_blank (*p, d))
        p++;
      char *start = p, *stop;
      bool quoted = p < end && *p == '"';
      if (quoted)
        {
          int quote_line = r->line;
          char *w = p, *q = p + 1;
          for (;;)
            {
              if (q >= end)
                {
                  cw_error_set (r->err, CW_ERR_PARSE, quote_line, nf + 1,
                                "%s: line %d, column %d: a quoted field is never closed.", r->name,
                                quote_line, nf + 1);
                  return -1;
                }
              if (*q == '"')
                {
                  if (q + 1 < end && q[1] == '"')
                    {
                      *w++ = '"';
                      q += 2;
                      continue;
                    }
                  q++;
                  break;
                }
              if (*q == '\n')
                r->line++;
              *w++ = *q++;
            }
          stop = w;
          p = q;
          while (p < end && csv_is_blank (*p, d))
            p++;
          if (p < end && *p != d && *p != '\n' && *p != '\r')
            {
              cw_error_set (r->err, CW_ERR_PARSE, r->line, nf + 1,
                            "%s: line %d, column %d: unexpected text after a closing quote (a quote "
                            "inside a quoted field is written \"\").", r->name, r->line, nf + 1);
              return -1;
            }
        }
      else
        {
          while (p < end && *p != d && *p != '\n' && *p != '\r')
            p++;
          stop = p;
          while (stop > start && csv_is_blank (stop[-1], d))
            stop--;
        }
      char sep = p < end ? *p : '\0';
      *stop = '\0'; /* stop <= p, and the buffer has one spare byte past end */
      if (nf == *cap)
        {
          int grown_cap = *cap ? *cap * 2 : 16;
          csv_field *grown = realloc (*fields, (size_t) grown_cap * sizeof (csv_field));
          if (!grown)
            {
              cw_error_set (r->err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", r->name);
              return -1;
            }
          *fields = grown;
          *cap = grown_cap;
        }
      (*fields)[nf].text = start;
      (*fields)[nf].len = (size_t) (stop - start);
      (*fields)[nf].quoted = quoted;
      nf++;
      if (p < end && sep == d)
        {
          p++;
          continue;
        }
      if (sep == '\r')
        {
          p++;
          if (p < end && *p == '\n')
            p++;
          r->line++;
        }
      else if (sep == '\n')
        {
          p++;
          r->line++;
        }
      break;
    }
  r->p = p;
  return nf;
}

char
cw_csv_detect_delimiter (const char *p, const char *end)
{
  long commas = 0, semicolons = 0, tabs = 0;
  bool in_quotes = false;
  for (; p < end; p++)
    {
      if (*p == '"')
        in_quotes = !in_quotes;
      else if (in_quotes)
        continue;
      else if (*p == '\n' || *p == '\r')
        break;
      else if (*p == ',')
        commas++;
      else if (*p == ';')
        semicolons++;
      else if (*p == '\t')
        tabs++;
    }
  if (tabs > 0)
    return '\t';
  /* Headers such as "900,5;902,5" (decimal commas) hold about as many commas as semicolons. */
  if (semicolons > 0 && semicolons + 1 >= commas)
    return ';';
  return ',';
}
