/* spec-print.c — the canonical text form of a layer and of an architecture: defaults omitted, floats in
 * their shortest round-trip form, so that parsing the text gives the same spec back. */
#include "cw-spec-text-private.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Shortest %g form that reads back to the same float, with the exponent tidied ("1e-05" -> "1e-5"). */
void
cw_format_float (char out[32], float v)
{
  locale_t c = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  locale_t old = c ? uselocale (c) : (locale_t) 0;
  for (int precision = 1; precision <= 9; precision++)
    {
      snprintf (out, 32, "%.*g", precision, (double) v);
      float back = strtof (out, NULL);
      if (memcmp (&back, &v, sizeof v) == 0)
        break;
    }
  if (c)
    {
      uselocale (old);
      freelocale (c);
    }
  char *e = strchr (out, 'e');
  if (e)
    {
      char *digits = e + 1;
      char *dst = e + 1;
      if (*digits == '-')
        *dst++ = *digits++;
      else if (*digits == '+')
        digits++;
      while (*digits == '0' && digits[1])
        digits++;
      memmove (dst, digits, strlen (digits) + 1);
    }
}

/* ---- growing string ---- */

typedef struct {
  char *buf;
  size_t len, cap;
} strbuf;

static void sb_printf (strbuf *sb, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

static void
sb_printf (strbuf *sb, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  int n = vsnprintf (NULL, 0, fmt, ap);
  va_end (ap);
  if (n < 0)
    return;
  if (sb->len + (size_t) n + 1 > sb->cap)
    {
      size_t cap = sb->cap ? sb->cap : 32;
      while (cap < sb->len + (size_t) n + 1)
        cap *= 2;
      sb->buf = realloc (sb->buf, cap);
      sb->cap = cap;
    }
  va_start (ap, fmt);
  vsnprintf (sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
  va_end (ap);
  sb->len += (size_t) n;
}

static char *
sb_finish (strbuf *sb)
{
  if (!sb->buf)
    return strdup ("");
  return sb->buf;
}

/* ---- printing ---- */

/* Opens the argument list on the first argument, separates the others with commas. */
static void sb_arg (strbuf *sb, int *n_args, const char *fmt, ...) __attribute__ ((format (printf, 3, 4)));

static void
sb_arg (strbuf *sb, int *n_args, const char *fmt, ...)
{
  char piece[96];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (piece, sizeof piece, fmt, ap);
  va_end (ap);
  sb_printf (sb, "%s%s", *n_args ? "," : "(", piece);
  (*n_args)++;
}

static void
print_layer (strbuf *sb, const cw_layer_spec *s)
{
  int n_args = 0;
  char a[32], b[32];
  switch (s->type)
    {
    case CW_LAYER_CONV:
      sb_printf (sb, "conv");
      sb_arg (sb, &n_args, "%d", s->units);
      if (s->kernel != 3)
        sb_arg (sb, &n_args, "k=%d", s->kernel);
      if (s->stride != 1)
        sb_arg (sb, &n_args, "s=%d", s->stride);
      if (s->dilation != 1)
        sb_arg (sb, &n_args, "d=%d", s->dilation);
      if (s->padding == CW_PAD_SAME)
        sb_arg (sb, &n_args, "pad=same");
      else if (s->padding == CW_PAD_CAUSAL)
        sb_arg (sb, &n_args, "pad=causal");
      else if (s->padding == CW_PAD_EXPLICIT && s->pad_left == s->pad_right)
        sb_arg (sb, &n_args, "pad=%d", s->pad_left);
      else if (s->padding == CW_PAD_EXPLICIT)
        sb_arg (sb, &n_args, "pad=%d:%d", s->pad_left, s->pad_right);
      if (!s->bias)
        sb_arg (sb, &n_args, "bias=false");
      break;
    case CW_LAYER_MAXPOOL:
    case CW_LAYER_AVGPOOL:
      sb_printf (sb, "%s", cw_layer_type_name (s->type));
      sb_arg (sb, &n_args, "%d", s->kernel);
      /* stride 0 is the "same as the window" shorthand of cw_layer_spec */
      if (s->stride != s->kernel && s->stride != 0)
        sb_arg (sb, &n_args, "s=%d", s->stride);
      break;
    case CW_LAYER_DENSE:
      sb_printf (sb, "dense");
      sb_arg (sb, &n_args, "%d", s->units);
      if (!s->bias)
        sb_arg (sb, &n_args, "bias=false");
      break;
    case CW_LAYER_DROPOUT:
      cw_format_float (a, s->rate);
      sb_printf (sb, "dropout");
      sb_arg (sb, &n_args, "%s", a);
      break;
    case CW_LAYER_BATCHNORM:
      {
        cw_layer_spec d = cw_layer_spec_default (CW_LAYER_BATCHNORM);
        sb_printf (sb, "batchnorm");
        if (s->momentum != d.momentum)
          {
            cw_format_float (a, s->momentum);
            sb_arg (sb, &n_args, "momentum=%s", a);
          }
        if (s->eps != d.eps)
          {
            cw_format_float (a, s->eps);
            sb_arg (sb, &n_args, "eps=%s", a);
          }
      }
      break;
    case CW_LAYER_ACTIVATION:
      {
        cw_layer_spec d = cw_activation_spec (s->activation);
        sb_printf (sb, "%s", cw_activation_name (s->activation));
        if ((s->activation == CW_ACT_LEAKY_RELU || s->activation == CW_ACT_PRELU
             || s->activation == CW_ACT_ELU)
            && s->alpha != d.alpha)
          {
            cw_format_float (a, s->alpha);
            sb_arg (sb, &n_args, "%s", a);
          }
        else if (s->activation == CW_ACT_RRELU && (s->lower != d.lower || s->upper != d.upper))
          {
            cw_format_float (a, s->lower);
            cw_format_float (b, s->upper);
            sb_arg (sb, &n_args, "%s", a);
            sb_arg (sb, &n_args, "%s", b);
          }
      }
      break;
    case CW_LAYER_GLOBAL_MAXPOOL:
    case CW_LAYER_GLOBAL_AVGPOOL:
    case CW_LAYER_FLATTEN:
    case CW_LAYER_N_TYPES:
      sb_printf (sb, "%s", cw_layer_type_name (s->type));
      break;
    }
  if (n_args)
    sb_printf (sb, ")");
}

char *
cw_layer_spec_to_string (const cw_layer_spec *layer)
{
  strbuf sb = { 0 };
  print_layer (&sb, layer);
  return sb_finish (&sb);
}

char *
cw_spec_to_string (const cw_spec *spec)
{
  strbuf sb = { 0 };
  for (int i = 0; i < cw_spec_count (spec); i++)
    {
      if (i)
        sb_printf (&sb, " ");
      print_layer (&sb, cw_spec_get (spec, i));
    }
  return sb_finish (&sb);
}
