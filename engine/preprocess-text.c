/* preprocess-text.c — the one-line text form of a preprocessing pipeline: parsing with errors that point
 * at the offending step, and the canonical printer. */
#include "cw-chemo-private.h"
#include "cw-text-private.h"

#include <assert.h>
#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_ARGS 3
#define MAX_QUOTE 60

/* ---- numbers independent of the user's locale ---- */

bool
cw_parse_double_c (const char *s, double *out)
{
  locale_t c = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  char *end;
  double v = c ? strtod_l (s, &end, c) : strtod (s, &end);
  if (c)
    freelocale (c);
  while (*end == ' ' || *end == '\t')
    end++;
  *out = v;
  return end != s && *end == '\0' && isfinite (v);
}

void
cw_format_double (char out[32], double v)
{
  locale_t c = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  locale_t old = c ? uselocale (c) : (locale_t) 0;
  /* Plain decimals for the everyday magnitudes of axis values ("1600.5", not "1.6005e+03"). */
  bool plain = v == 0 || (fabs (v) >= 1e-4 && fabs (v) < 1e15);
  char buf[32] = "";
  for (int precision = plain ? 0 : 1; precision <= 17; precision++)
    {
      snprintf (buf, sizeof buf, plain ? "%.*f" : "%.*g", precision, v);
      if (strtod (buf, NULL) == v)
        break;
    }
  memcpy (out, buf, sizeof buf);
  if (c)
    {
      uselocale (old);
      freelocale (c);
    }
}

/* ---- parsing ---- */

typedef cw_text_token token;

static bool token_fail (const token *t, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

/* Reports an error on the token and returns false. */
static bool
token_fail (const token *t, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  cw_text_vfail (t, MAX_QUOTE, fmt, ap);
  va_end (ap);
  return false;
}

static bool
lookup_kind (const char *name, size_t len, cw_pre_kind *kind)
{
  static const struct {
    const char *name;
    cw_pre_kind kind;
  } names[] = {
    { "center", CW_PRE_CENTER }, { "centre", CW_PRE_CENTER }, { "autoscale", CW_PRE_AUTOSCALE },
    { "snv", CW_PRE_SNV }, { "msc", CW_PRE_MSC }, { "sg", CW_PRE_SAVGOL }, { "savgol", CW_PRE_SAVGOL },
    { "detrend", CW_PRE_DETREND }, { "range", CW_PRE_RANGE }, { "pca", CW_PRE_PCA },
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strlen (names[i].name) == len && strncasecmp (names[i].name, name, len) == 0)
      {
        *kind = names[i].kind;
        return true;
      }
  return false;
}

/* Splits the text between the parentheses on commas into trimmed copies; false with the error set. */
static bool
split_args (const token *t, const char *args, size_t len, char out[MAX_ARGS][64], int *n_out)
{
  *n_out = 0;
  size_t i = 0;
  while (true)
    {
      size_t j = i;
      while (j < len && args[j] != ',')
        j++;
      size_t a = i, b = j;
      while (a < b && cw_text_is_space (args[a]))
        a++;
      while (b > a && cw_text_is_space (args[b - 1]))
        b--;
      if (*n_out == MAX_ARGS)
        return token_fail (t, "too many arguments (at most %d).", MAX_ARGS);
      if (b == a)
        {
          if (len == 0 && *n_out == 0)
            return true; /* "name()" */
          return token_fail (t, "an argument is empty.");
        }
      if (b - a >= 64)
        return token_fail (t, "argument %d is too long.", *n_out + 1);
      memcpy (out[*n_out], args + a, b - a);
      out[*n_out][b - a] = '\0';
      (*n_out)++;
      if (j >= len)
        return true;
      i = j + 1;
    }
}

static bool
int_arg (const token *t, const char *v, const char *what, int *out)
{
  double d;
  if (!cw_parse_double_c (v, &d))
    return token_fail (t, "the %s must be a number, not '%s'.", what, v);
  if (d != floor (d) || fabs (d) > 1e6)
    return token_fail (t, "the %s must be a whole number (got %s).", what, v);
  *out = (int) d;
  return true;
}

/* A range end: a number, or -inf / inf for an open end. */
static bool
parse_bound (const char *v, double *out)
{
  if (cw_parse_double_c (v, out))
    return true;
  if (strcasecmp (v, "inf") == 0 || strcasecmp (v, "+inf") == 0)
    *out = INFINITY;
  else if (strcasecmp (v, "-inf") == 0)
    *out = -INFINITY;
  else
    return false;
  return true;
}

static bool
parse_step (const token *t, const char *name, size_t name_len, const char *args, size_t args_len,
            bool has_parens, cw_pre_step *step)
{
  cw_pre_kind kind;
  if (!lookup_kind (name, name_len, &kind))
    return token_fail (t, "unknown preprocessing step; expected center, autoscale, snv, msc, sg(W,P,D), "
                          "detrend(K), range(LO,HI) or pca(K).");
  *step = cw_pre_step_default (kind);
  char a[MAX_ARGS][64];
  int n = 0;
  if (has_parens && !split_args (t, args, args_len, a, &n))
    return false;
  int min_args = 0, max_args = 0;
  switch (kind)
    {
    case CW_PRE_SAVGOL: min_args = 1, max_args = 3; break;
    case CW_PRE_DETREND: max_args = 1; break;
    case CW_PRE_RANGE: min_args = max_args = 2; break;
    case CW_PRE_PCA: max_args = 1; break;
    default: break;
    }
  if (n < min_args || n > max_args)
    {
      if (max_args == 0)
        return token_fail (t, "%s takes no arguments.", cw_pre_kind_name (kind));
      if (kind == CW_PRE_SAVGOL)
        return token_fail (t, "sg takes a window and optionally a polynomial order and a derivative: "
                              "sg(11,2,1).");
      if (kind == CW_PRE_RANGE)
        return token_fail (t, "range takes the two ends of the axis window: range(1000,1600).");
      if (kind == CW_PRE_PCA)
        return token_fail (t, "pca takes at most the number of components: pca(10).");
      return token_fail (t, "detrend takes at most the polynomial order: detrend(2).");
    }
  switch (kind)
    {
    case CW_PRE_SAVGOL:
      if (!int_arg (t, a[0], "window", &step->window)
          || (n > 1 && !int_arg (t, a[1], "polynomial order", &step->poly))
          || (n > 2 && !int_arg (t, a[2], "derivative", &step->deriv)))
        return false;
      break;
    case CW_PRE_DETREND:
      if (n == 1 && !int_arg (t, a[0], "order", &step->order))
        return false;
      break;
    case CW_PRE_RANGE:
      if (!parse_bound (a[0], &step->lo))
        return token_fail (t, "the low end must be a number, not '%s'.", a[0]);
      if (!parse_bound (a[1], &step->hi))
        return token_fail (t, "the high end must be a number, not '%s'.", a[1]);
      break;
    case CW_PRE_PCA:
      if (n == 1 && !int_arg (t, a[0], "number of components", &step->components))
        return false;
      break;
    default:
      break;
    }
  cw_error reason;
  if (cw_pre_step_check (step, &reason) != CW_OK)
    {
      /* The checker's sentence, starting lower-case after the quoted token. */
      reason.message[0] = (char) tolower ((unsigned char) reason.message[0]);
      return token_fail (t, "%s", reason.message);
    }
  return true;
}

cw_pipeline *
cw_pipeline_parse (const char *text, cw_error *err)
{
  assert (text);
  cw_error_clear (err);
  cw_pipeline *p = cw_pipeline_new ();
  size_t i = 0, len = strlen (text);
  int item = 0;
  while (true)
    {
      while (i < len && cw_text_is_space (text[i]))
        i++;
      if (i >= len)
        break;
      token t = { text, i, i, item, err };
      size_t name_start = i;
      while (i < len && (isalnum ((unsigned char) text[i]) || text[i] == '_' || text[i] == '-'))
        i++;
      size_t name_len = i - name_start;
      bool parens = i < len && text[i] == '(';
      size_t args = 0, args_len = 0;
      if (parens)
        {
          args = i + 1;
          size_t close = args;
          while (close < len && text[close] != ')' && text[close] != '(')
            close++;
          t.end = close < len ? close + 1 : len;
          if (close >= len || text[close] != ')')
            {
              token_fail (&t, "missing ')'.");
              cw_pipeline_free (p);
              return NULL;
            }
          args_len = close - args;
          i = close + 1;
        }
      /* A token runs to the next space; anything glued on is part of it (and an error). */
      size_t tail = i;
      while (i < len && !cw_text_is_space (text[i]))
        i++;
      t.end = i;
      cw_pre_step step;
      bool ok;
      if (name_len == 0)
        ok = token_fail (&t, "expected the name of a preprocessing step.");
      else if (tail != i)
        ok = token_fail (&t, "unexpected characters after the step.");
      else if (item == 0 && !parens && name_len == 4 && strncasecmp (text + name_start, "none", 4) == 0)
        {
          item++;
          continue;
        }
      else
        ok = parse_step (&t, text + name_start, name_len, text + args, args_len, parens, &step);
      if (!ok)
        {
          cw_pipeline_free (p);
          return NULL;
        }
      cw_pipeline_append (p, &step, NULL);
      item++;
    }
  return p;
}

/* ---- printing ---- */

static char *
step_text (const cw_pre_step *s)
{
  char buf[128], lo[32], hi[32];
  switch (s->kind)
    {
    case CW_PRE_SAVGOL:
      snprintf (buf, sizeof buf, "sg(%d,%d,%d)", s->window, s->poly, s->deriv);
      break;
    case CW_PRE_DETREND:
      if (s->order == 1)
        snprintf (buf, sizeof buf, "detrend");
      else
        snprintf (buf, sizeof buf, "detrend(%d)", s->order);
      break;
    case CW_PRE_RANGE:
      cw_format_double (lo, s->lo);
      cw_format_double (hi, s->hi);
      snprintf (buf, sizeof buf, "range(%s,%s)", lo, hi);
      break;
    case CW_PRE_PCA:
      snprintf (buf, sizeof buf, "pca(%d)", s->components);
      break;
    default:
      snprintf (buf, sizeof buf, "%s", cw_pre_kind_name (s->kind));
      break;
    }
  return strdup (buf);
}

char *
cw_pipeline_to_string (const cw_pipeline *p)
{
  size_t cap = 1, used = 0;
  int n = cw_pipeline_count (p);
  char **parts = calloc (n ? (size_t) n : 1, sizeof (char *));
  for (int i = 0; i < n; i++)
    {
      parts[i] = step_text (cw_pipeline_get (p, i));
      cap += strlen (parts[i]) + 1;
    }
  char *s = malloc (cap);
  s[0] = '\0';
  for (int i = 0; i < n; i++)
    {
      size_t l = strlen (parts[i]);
      if (i)
        s[used++] = ' ';
      memcpy (s + used, parts[i], l + 1);
      used += l;
      free (parts[i]);
    }
  free (parts);
  return s;
}
