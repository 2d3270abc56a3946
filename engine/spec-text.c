/* spec-text.c — parsing the one-line text form of an architecture, with errors that point at the
 * offending token. The printer is in spec-print.c. */
#include "cw-spec-text-private.h"
#include "cw-text-private.h"

#include <assert.h>
#include <ctype.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Large enough for any sensible 1D CNN, small enough that counts multiply without overflow. */
#define MAX_INT_ARG 1000000
#define MAX_NAME 32
#define MAX_VALUE 64
#define MAX_QUOTE 60

/* ---- numbers independent of the user's locale (a GUI may run under a decimal-comma locale) ---- */

static bool
parse_float_c (const char *s, float *out)
{
  locale_t c = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  locale_t old = c ? uselocale (c) : (locale_t) 0;
  char *end;
  float v = strtof (s, &end);
  bool ok = end != s && *end == '\0';
  if (c)
    {
      uselocale (old);
      freelocale (c);
    }
  *out = v;
  return ok;
}

/* ---- what the parser knows: options and layer names ---- */

typedef enum {
  OPT_FILTERS,
  OPT_UNITS,
  OPT_KERNEL,
  OPT_WINDOW,
  OPT_STRIDE,
  OPT_DILATION,
  OPT_PAD,
  OPT_BIAS,
  OPT_RATE,
  OPT_MOMENTUM,
  OPT_EPS,
  OPT_ALPHA,
  OPT_LOWER,
  OPT_UPPER,
  OPT_N
} option_id;

#define OPT_BIT(o) (1u << (o))

static const struct {
  const char *keys[4]; /* the first key is the canonical one, used in messages */
  const char *what;
} options[OPT_N] = {
  [OPT_FILTERS] = { { "filters" }, "the number of filters" },
  [OPT_UNITS] = { { "units" }, "the number of units" },
  [OPT_KERNEL] = { { "k", "kernel", "kernel_size" }, "the kernel size" },
  [OPT_WINDOW] = { { "window", "k", "size", "pool_size" }, "the pooling window" },
  [OPT_STRIDE] = { { "s", "stride" }, "the stride" },
  [OPT_DILATION] = { { "d", "dilation" }, "the dilation" },
  [OPT_PAD] = { { "pad", "padding" }, "the padding" },
  [OPT_BIAS] = { { "bias" }, "bias" },
  [OPT_RATE] = { { "rate", "p" }, "the dropout rate" },
  [OPT_MOMENTUM] = { { "momentum" }, "the momentum" },
  [OPT_EPS] = { { "eps", "epsilon" }, "epsilon" },
  [OPT_ALPHA] = { { "alpha" }, "alpha" },
  [OPT_LOWER] = { { "lower" }, "the lower slope" },
  [OPT_UPPER] = { { "upper" }, "the upper slope" },
};

/* What a layer name accepts: positional arguments in order, and every option it knows. */
typedef struct {
  int n_positional;
  option_id positional[2];
  unsigned allowed;
  int required; /* an option that must be given, or -1 */
  const char *example;
} signature;

static const signature sig_none = { 0, { 0 }, 0, -1, NULL };
static const signature sig_conv = {
  2, { OPT_FILTERS, OPT_KERNEL },
  OPT_BIT (OPT_FILTERS) | OPT_BIT (OPT_KERNEL) | OPT_BIT (OPT_STRIDE) | OPT_BIT (OPT_DILATION)
    | OPT_BIT (OPT_PAD) | OPT_BIT (OPT_BIAS),
  OPT_FILTERS, "conv(8,k=9)"
};
static const signature sig_pool = {
  2, { OPT_WINDOW, OPT_STRIDE }, OPT_BIT (OPT_WINDOW) | OPT_BIT (OPT_STRIDE), -1, "maxpool(2)"
};
static const signature sig_dense = {
  1, { OPT_UNITS }, OPT_BIT (OPT_UNITS) | OPT_BIT (OPT_BIAS), OPT_UNITS, "dense(64)"
};
static const signature sig_dropout = { 1, { OPT_RATE }, OPT_BIT (OPT_RATE), -1, "dropout(0.5)" };
static const signature sig_batchnorm = {
  2, { OPT_MOMENTUM, OPT_EPS }, OPT_BIT (OPT_MOMENTUM) | OPT_BIT (OPT_EPS), -1, NULL
};
static const signature sig_alpha = { 1, { OPT_ALPHA }, OPT_BIT (OPT_ALPHA), -1, NULL };
static const signature sig_rrelu = {
  2, { OPT_LOWER, OPT_UPPER }, OPT_BIT (OPT_LOWER) | OPT_BIT (OPT_UPPER), -1, NULL
};

/* Names are matched in lower case with underscores removed, so "Leaky_ReLU" finds "leakyrelu".
 * Canonical names come first: a misspelling is matched against them before the aliases. */
typedef struct {
  const char *name;
  cw_layer_type type;
  cw_activation act;
  const signature *sig;
} layer_name;

static const layer_name layer_names[] = {
  { "conv", CW_LAYER_CONV, 0, &sig_conv },
  { "maxpool", CW_LAYER_MAXPOOL, 0, &sig_pool },
  { "avgpool", CW_LAYER_AVGPOOL, 0, &sig_pool },
  { "gmaxpool", CW_LAYER_GLOBAL_MAXPOOL, 0, &sig_none },
  { "gavgpool", CW_LAYER_GLOBAL_AVGPOOL, 0, &sig_none },
  { "flatten", CW_LAYER_FLATTEN, 0, &sig_none },
  { "dense", CW_LAYER_DENSE, 0, &sig_dense },
  { "dropout", CW_LAYER_DROPOUT, 0, &sig_dropout },
  { "batchnorm", CW_LAYER_BATCHNORM, 0, &sig_batchnorm },
  { "relu", CW_LAYER_ACTIVATION, CW_ACT_RELU, &sig_none },
  { "relu6", CW_LAYER_ACTIVATION, CW_ACT_RELU6, &sig_none },
  { "leakyrelu", CW_LAYER_ACTIVATION, CW_ACT_LEAKY_RELU, &sig_alpha },
  { "prelu", CW_LAYER_ACTIVATION, CW_ACT_PRELU, &sig_alpha },
  { "rrelu", CW_LAYER_ACTIVATION, CW_ACT_RRELU, &sig_rrelu },
  { "elu", CW_LAYER_ACTIVATION, CW_ACT_ELU, &sig_alpha },
  { "swish", CW_LAYER_ACTIVATION, CW_ACT_SWISH, &sig_none },
  { "sigmoid", CW_LAYER_ACTIVATION, CW_ACT_SIGMOID, &sig_none },
  { "tanh", CW_LAYER_ACTIVATION, CW_ACT_TANH, &sig_none },
  { "softplus", CW_LAYER_ACTIVATION, CW_ACT_SOFTPLUS, &sig_none },
  { "softmax", CW_LAYER_ACTIVATION, CW_ACT_SOFTMAX, &sig_none },
  { "linear", CW_LAYER_ACTIVATION, CW_ACT_LINEAR, &sig_none },
  /* aliases */
  { "conv1d", CW_LAYER_CONV, 0, &sig_conv },
  { "silu", CW_LAYER_ACTIVATION, CW_ACT_SWISH, &sig_none },
  { "bn", CW_LAYER_BATCHNORM, 0, &sig_batchnorm },
  { "globalavgpool", CW_LAYER_GLOBAL_AVGPOOL, 0, &sig_none },
  { "gap", CW_LAYER_GLOBAL_AVGPOOL, 0, &sig_none },
  { "globalmaxpool", CW_LAYER_GLOBAL_MAXPOOL, 0, &sig_none },
  { "gmp", CW_LAYER_GLOBAL_MAXPOOL, 0, &sig_none },
  { "fc", CW_LAYER_DENSE, 0, &sig_dense },
};

#define N_LAYER_NAMES ((int) (sizeof layer_names / sizeof layer_names[0]))

/* Optimal string alignment distance: edits plus adjacent swaps, so "rleu" is one step from "relu". */
static int
edit_distance (const char *a, const char *b)
{
  int la = (int) strlen (a), lb = (int) strlen (b);
  int d[MAX_NAME + 1][MAX_NAME + 1];
  if (la > MAX_NAME || lb > MAX_NAME)
    return INT_MAX;
  for (int i = 0; i <= la; i++)
    d[i][0] = i;
  for (int j = 0; j <= lb; j++)
    d[0][j] = j;
  for (int i = 1; i <= la; i++)
    for (int j = 1; j <= lb; j++)
      {
        int cost = a[i - 1] != b[j - 1];
        int best = d[i - 1][j - 1] + cost;
        if (d[i - 1][j] + 1 < best)
          best = d[i - 1][j] + 1;
        if (d[i][j - 1] + 1 < best)
          best = d[i][j - 1] + 1;
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
          best = d[i - 2][j - 2] + 1;
        d[i][j] = best;
      }
  return d[la][lb];
}

/* The known name a typo most likely meant, or NULL when nothing is close. */
static const char *
closest_name (const char *typed)
{
  size_t len = strlen (typed);
  int limit = len <= 4 ? 1 : 2;
  const char *best = NULL;
  int best_d = INT_MAX;
  for (int i = 0; i < N_LAYER_NAMES; i++)
    {
      int d = edit_distance (typed, layer_names[i].name);
      if (d < best_d)
        {
          best_d = d;
          best = layer_names[i].name;
        }
    }
  if (best_d <= limit)
    return best;
  /* a truncated name such as "leaky" or "batch" */
  if (len >= 3)
    for (int i = 0; i < N_LAYER_NAMES; i++)
      if (strncmp (layer_names[i].name, typed, len) == 0)
        return layer_names[i].name;
  return NULL;
}

static const layer_name *
find_layer_name (const char *normalized)
{
  for (int i = 0; i < N_LAYER_NAMES; i++)
    if (strcmp (layer_names[i].name, normalized) == 0)
      return &layer_names[i];
  return NULL;
}

/* ---- the token being parsed, for error reports ---- */

typedef cw_text_token token;

static bool token_fail (const token *t, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

/* Reports an error on the token and returns false. */
static bool
token_fail (const token *t, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  cw_text_vfail (t, 0, fmt, ap);
  va_end (ap);
  return false;
}

static int
quote_len (const token *t)
{
  size_t n = t->end - t->start;
  return (int) (n > MAX_QUOTE ? MAX_QUOTE : n);
}

#define TOKEN_QUOTE(t) quote_len (t), (t)->text + (t)->start

static bool
is_name_char (char c)
{
  return isalnum ((unsigned char) c) || c == '_';
}

/* Copies a trimmed piece of argument text, lower-cased; false when it does not fit. */
static bool
copy_trimmed (char *dst, size_t cap, const char *src, size_t len, bool lower)
{
  while (len && cw_text_is_space (*src))
    src++, len--;
  while (len && cw_text_is_space (src[len - 1]))
    len--;
  if (len + 1 > cap)
    return false;
  for (size_t i = 0; i < len; i++)
    dst[i] = lower ? (char) tolower ((unsigned char) src[i]) : src[i];
  dst[len] = '\0';
  return true;
}

/* ---- argument values ---- */

static bool
parse_int_value (const token *t, option_id opt, const char *v, int min, int *out)
{
  const char *p = v;
  if (*p == '+' || *p == '-')
    p++;
  bool digits = *p != '\0';
  for (const char *q = p; *q; q++)
    if (!isdigit ((unsigned char) *q))
      digits = false;
  if (!digits)
    {
      float f;
      if (parse_float_c (v, &f))
        return token_fail (t, "'%.*s': %s must be a whole number, not '%s'.", TOKEN_QUOTE (t),
                           options[opt].what, v);
      return token_fail (t, "'%.*s': %s must be a number, not '%s'.", TOKEN_QUOTE (t), options[opt].what,
                         v);
    }
  long n = strtol (v, NULL, 10);
  if (n < min || n > MAX_INT_ARG || strlen (p) > 9)
    return token_fail (t, "'%.*s': %s must be between %d and %d (got %s).", TOKEN_QUOTE (t),
                       options[opt].what, min, MAX_INT_ARG, v);
  *out = (int) n;
  return true;
}

static bool
parse_float_value (const token *t, option_id opt, const char *v, float *out)
{
  if (!parse_float_c (v, out))
    return token_fail (t, "'%.*s': %s must be a number, not '%s'.", TOKEN_QUOTE (t), options[opt].what, v);
  if (!isfinite (*out))
    return token_fail (t, "'%.*s': %s must be a finite number (got %s).", TOKEN_QUOTE (t),
                       options[opt].what, v);
  return true;
}

static bool
parse_bool_value (const token *t, const char *v, bool *out)
{
  static const char *const yes[] = { "true", "yes", "on", "1" };
  static const char *const no[] = { "false", "no", "off", "0" };
  for (int i = 0; i < 4; i++)
    if (strcmp (v, yes[i]) == 0 || strcmp (v, no[i]) == 0)
      {
        *out = strcmp (v, yes[i]) == 0;
        return true;
      }
  return token_fail (t, "'%.*s': bias must be true or false, not '%s'.", TOKEN_QUOTE (t), v);
}

static bool
parse_pad_value (const token *t, const char *v, cw_layer_spec *s)
{
  if (strcmp (v, "valid") == 0)
    s->padding = CW_PAD_VALID;
  else if (strcmp (v, "same") == 0)
    s->padding = CW_PAD_SAME;
  else if (strcmp (v, "causal") == 0)
    s->padding = CW_PAD_CAUSAL;
  else
    {
      char left[MAX_VALUE], right[MAX_VALUE];
      const char *colon = strchr (v, ':');
      size_t ll = colon ? (size_t) (colon - v) : strlen (v);
      copy_trimmed (left, sizeof left, v, ll, true);
      copy_trimmed (right, sizeof right, colon ? colon + 1 : v, colon ? strlen (colon + 1) : ll, true);
      bool numeric = left[0] && right[0];
      for (const char *q = left; *q; q++)
        numeric = numeric && isdigit ((unsigned char) *q);
      for (const char *q = right; *q; q++)
        numeric = numeric && isdigit ((unsigned char) *q);
      if (!numeric)
        return token_fail (t, "'%.*s': padding must be valid, same, causal, a number N or L:R, not '%s'.",
                           TOKEN_QUOTE (t), v);
      if (!parse_int_value (t, OPT_PAD, left, 0, &s->pad_left)
          || !parse_int_value (t, OPT_PAD, right, 0, &s->pad_right))
        return false;
      s->padding = CW_PAD_EXPLICIT;
    }
  return true;
}

static bool
check_range (const token *t, option_id opt, float v, float lo, bool lo_open, float hi, bool hi_open,
             const char *v_text)
{
  bool ok = (lo_open ? v > lo : v >= lo) && (hi_open ? v < hi : v <= hi);
  if (ok)
    return true;
  char a[32], b[32];
  cw_format_float (a, lo);
  cw_format_float (b, hi);
  if (isinf (hi))
    return token_fail (t, "'%.*s': %s must be %s %s (got %s).", TOKEN_QUOTE (t), options[opt].what,
                       lo_open ? "greater than" : "at least", a, v_text);
  return token_fail (t, "'%.*s': %s must be %s %s and %s %s (got %s).", TOKEN_QUOTE (t), options[opt].what,
                     lo_open ? "greater than" : "at least", a, hi_open ? "less than" : "at most", b, v_text);
}

/* Applies one option value to the layer; v is trimmed and lower-cased. */
static bool
apply_option (const token *t, option_id opt, const char *v, cw_layer_spec *s)
{
  switch (opt)
    {
    case OPT_FILTERS:
    case OPT_UNITS:
      return parse_int_value (t, opt, v, 1, &s->units);
    case OPT_KERNEL:
    case OPT_WINDOW:
      return parse_int_value (t, opt, v, 1, &s->kernel);
    case OPT_STRIDE:
      return parse_int_value (t, opt, v, 1, &s->stride);
    case OPT_DILATION:
      return parse_int_value (t, opt, v, 1, &s->dilation);
    case OPT_PAD:
      return parse_pad_value (t, v, s);
    case OPT_BIAS:
      return parse_bool_value (t, v, &s->bias);
    case OPT_RATE:
      return parse_float_value (t, opt, v, &s->rate) && check_range (t, opt, s->rate, 0, false, 1, true, v);
    case OPT_MOMENTUM:
      return parse_float_value (t, opt, v, &s->momentum)
             && check_range (t, opt, s->momentum, 0, false, 1, false, v);
    case OPT_EPS:
      return parse_float_value (t, opt, v, &s->eps) && check_range (t, opt, s->eps, 0, true, INFINITY, false, v);
    case OPT_ALPHA:
      return parse_float_value (t, opt, v, &s->alpha)
             && check_range (t, opt, s->alpha, 0, false, INFINITY, false, v);
    case OPT_LOWER:
      return parse_float_value (t, opt, v, &s->lower) && check_range (t, opt, s->lower, 0, false, 1, false, v);
    case OPT_UPPER:
      return parse_float_value (t, opt, v, &s->upper) && check_range (t, opt, s->upper, 0, false, 1, false, v);
    case OPT_N:
      break;
    }
  return false;
}

static void
list_options (char *out, size_t cap, const signature *sig)
{
  out[0] = '\0';
  for (int o = 0; o < OPT_N; o++)
    if (sig->allowed & OPT_BIT (o))
      {
        size_t len = strlen (out);
        snprintf (out + len, cap - len, "%s%s", len ? ", " : "", options[o].keys[0]);
      }
}

static int
find_option (const signature *sig, const char *key)
{
  for (int o = 0; o < OPT_N; o++)
    if (sig->allowed & OPT_BIT (o))
      for (int k = 0; k < 4 && options[o].keys[k]; k++)
        if (strcmp (options[o].keys[k], key) == 0)
          return o;
  return -1;
}

/* Parses "a, k=v, ..." (the text between the parentheses) into s. */
static bool
parse_arguments (const token *t, const char *name, const signature *sig, const char *args, size_t len,
                 cw_layer_spec *s)
{
  unsigned given = 0;
  int n_positional = 0;
  bool blank = true;
  for (size_t i = 0; i < len; i++)
    blank = blank && cw_text_is_space (args[i]);
  if (len && !blank && !sig->allowed)
    return token_fail (t, "'%.*s': %s takes no arguments.", TOKEN_QUOTE (t), name);

  for (size_t pos = 0; len && !blank && pos <= len;)
    {
      const char *piece = args + pos;
      const char *comma = memchr (piece, ',', len - pos);
      size_t plen = comma ? (size_t) (comma - piece) : len - pos;
      pos += plen + 1;

      const char *eq = memchr (piece, '=', plen);
      char key[MAX_VALUE], value[MAX_VALUE];
      int opt;
      if (eq)
        {
          if (!copy_trimmed (key, sizeof key, piece, (size_t) (eq - piece), true) || !key[0])
            return token_fail (t, "'%.*s': an option name is missing before '='.", TOKEN_QUOTE (t));
          opt = find_option (sig, key);
          if (opt < 0)
            {
              char known[160];
              list_options (known, sizeof known, sig);
              return token_fail (t, "'%.*s': unknown option '%s' (%s takes %s).", TOKEN_QUOTE (t), key, name,
                                 known);
            }
          if (!copy_trimmed (value, sizeof value, eq + 1, plen - (size_t) (eq + 1 - piece), true))
            return token_fail (t, "'%.*s': the value of '%s' is too long.", TOKEN_QUOTE (t), key);
          if (!value[0])
            return token_fail (t, "'%.*s': '%s=' needs a value.", TOKEN_QUOTE (t), key);
        }
      else
        {
          if (!copy_trimmed (value, sizeof value, piece, plen, true))
            return token_fail (t, "'%.*s': argument %d is too long.", TOKEN_QUOTE (t), n_positional + 1);
          if (!value[0])
            return token_fail (t, "'%.*s': an argument is missing between commas.", TOKEN_QUOTE (t));
          if (n_positional >= sig->n_positional)
            return token_fail (t, "'%.*s': %s takes at most %d positional argument%s.", TOKEN_QUOTE (t), name,
                               sig->n_positional, sig->n_positional == 1 ? "" : "s");
          opt = sig->positional[n_positional++];
        }
      if (given & OPT_BIT (opt))
        return token_fail (t, "'%.*s': %s is given twice.", TOKEN_QUOTE (t), options[opt].what);
      given |= OPT_BIT (opt);
      if (!apply_option (t, (option_id) opt, value, s))
        return false;
    }

  if (sig->required >= 0 && !(given & OPT_BIT (sig->required)))
    return token_fail (t, "'%.*s': %s needs %s, e.g. %s.", TOKEN_QUOTE (t), name,
                       options[sig->required].what, sig->example);
  if ((s->type == CW_LAYER_MAXPOOL || s->type == CW_LAYER_AVGPOOL) && !(given & OPT_BIT (OPT_STRIDE)))
    s->stride = s->kernel;
  if (s->type == CW_LAYER_ACTIVATION && s->activation == CW_ACT_RRELU && s->lower > s->upper)
    return token_fail (t, "'%.*s': the lower slope must not exceed the upper slope.", TOKEN_QUOTE (t));
  return true;
}

/* ---- the token scanner ---- */

/* Skips blanks and the optional "->" / "|" separators; stops at anything else. */
static size_t
skip_separators (const char *text, size_t pos)
{
  for (;;)
    {
      if (cw_text_is_space (text[pos]) || text[pos] == '|')
        pos++;
      else if (text[pos] == '-' && text[pos + 1] == '>')
        pos += 2;
      else
        return pos;
    }
}

static size_t
skip_spaces (const char *text, size_t pos)
{
  while (cw_text_is_space (text[pos]))
    pos++;
  return pos;
}

static bool
parse_token (token *t, size_t *pos_inout, cw_layer_spec *out)
{
  const char *text = t->text;
  size_t pos = *pos_inout;
  t->start = pos;

  if (!is_name_char (text[pos]))
    {
      t->end = pos + 1;
      while (text[t->end] && ((unsigned char) text[t->end] & 0xc0) == 0x80)
        t->end++;
      if (text[pos] == ',')
        return token_fail (t, "',' does not separate layers: separate them with spaces (or '->' or '|').");
      if (text[pos] == ')')
        return token_fail (t, "unbalanced parenthesis: ')' without a matching '('.");
      if (text[pos] == '(')
        return token_fail (t, "'(' must follow a layer name, as in conv(8,k=9).");
      return token_fail (t, "unexpected character '%.*s': expected a layer name.", (int) (t->end - pos),
                         text + pos);
    }

  while (is_name_char (text[pos]))
    pos++;
  size_t name_end = pos;
  t->end = name_end;

  char typed[MAX_NAME + 1], normalized[MAX_NAME + 1];
  size_t name_len = name_end - t->start, n_norm = 0;
  size_t shown = name_len < MAX_NAME ? name_len : MAX_NAME;
  memcpy (typed, text + t->start, shown);
  typed[shown] = '\0';
  for (size_t i = 0; i < name_len && n_norm < MAX_NAME; i++)
    if (text[t->start + i] != '_')
      normalized[n_norm++] = (char) tolower ((unsigned char) text[t->start + i]);
  normalized[n_norm] = '\0';

  const char *args = NULL;
  size_t args_len = 0;
  size_t p = skip_spaces (text, pos);
  if (text[p] == '(')
    {
      size_t q = p + 1;
      while (text[q] && text[q] != ')' && text[q] != '(')
        q++;
      if (text[q] != ')')
        {
          /* The token runs to the end of the text, or up to the layer whose '(' came too early. */
          size_t e = q;
          if (text[q] == '(')
            while (e > p + 1 && is_name_char (text[e - 1]))
              e--;
          while (e > p + 1 && cw_text_is_space (text[e - 1]))
            e--;
          t->end = e;
          return token_fail (t, "'%.*s': unbalanced parenthesis, ')' is missing.", TOKEN_QUOTE (t));
        }
      args = text + p + 1;
      args_len = q - p - 1;
      pos = q + 1;
      t->end = pos;
    }

  const layer_name *ln = name_len <= MAX_NAME ? find_layer_name (normalized) : NULL;
  if (!ln)
    {
      const char *guess = closest_name (normalized);
      if (guess)
        return token_fail (t, "unknown layer '%s' — did you mean '%s'?", typed, guess);
      return token_fail (t, "unknown layer '%s' (known layers: conv, maxpool, avgpool, gmaxpool, gavgpool, "
                         "flatten, dense, dropout, batchnorm, relu, relu6, leakyrelu, prelu, rrelu, elu, swish, "
                         "sigmoid, tanh, softplus, softmax, linear).", typed);
    }

  *out = ln->type == CW_LAYER_ACTIVATION ? cw_activation_spec (ln->act) : cw_layer_spec_default (ln->type);
  if (!parse_arguments (t, ln->name, ln->sig, args, args_len, out))
    return false;
  *pos_inout = pos;
  return true;
}

cw_spec *
cw_spec_parse (const char *text, cw_error *err)
{
  assert (text);
  cw_error_clear (err);
  cw_spec *spec = cw_spec_new ();
  token t = { .text = text, .err = err };
  size_t pos = 0;
  for (;;)
    {
      pos = skip_separators (text, pos);
      if (!text[pos])
        break;
      cw_layer_spec layer;
      t.item = cw_spec_count (spec);
      if (!parse_token (&t, &pos, &layer))
        {
          cw_spec_free (spec);
          return NULL;
        }
      cw_spec_append (spec, &layer);
    }
  if (cw_spec_count (spec) == 0)
    {
      cw_spec_free (spec);
      cw_error_set (err, CW_ERR_PARSE, 0, 0,
                    "The architecture is empty: give at least one layer, e.g. conv(8,k=9) relu flatten "
                    "dense(1).");
      return NULL;
    }
  return spec;
}
