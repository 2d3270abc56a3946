/* cw-text-private.h — what the two small text languages (layer specs in spec-text.c, preprocessing chains
 * in preprocess-text.c) share: the token under the parser, its column in characters, and the located
 * parse error. */
#ifndef CW_TEXT_PRIVATE_H
#define CW_TEXT_PRIVATE_H

#include "cw-base.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

typedef struct {
  const char *text;
  size_t start, end; /* byte range of the token */
  int item;
  cw_error *err;
} cw_text_token;

/* Characters, not bytes, so that a GUI entry can select the token in UTF-8 text. */
static inline int
cw_text_char_count (const char *s, size_t bytes)
{
  int n = 0;
  for (size_t i = 0; i < bytes && s[i]; i++)
    if (((unsigned char) s[i] & 0xc0) != 0x80)
      n++;
  return n;
}

static inline bool
cw_text_is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* A CW_ERR_PARSE on the token (column, length in characters, item): "Column N: " then, with quote > 0, the
 * token's first `quote` bytes in quotes, then the message. Returns false for the caller to pass on. */
static inline bool
cw_text_vfail (const cw_text_token *t, size_t quote, const char *fmt, va_list ap)
{
  if (!t->err)
    return false;
  char what[420];
  vsnprintf (what, sizeof what, fmt, ap);
  int column = cw_text_char_count (t->text, t->start) + 1;
  size_t n = t->end - t->start;
  if (quote > 0)
    cw_error_set (t->err, CW_ERR_PARSE, 0, column, "Column %d: '%.*s': %s", column,
                  (int) (n > quote ? quote : n), t->text + t->start, what);
  else
    cw_error_set (t->err, CW_ERR_PARSE, 0, column, "Column %d: %s", column, what);
  t->err->length = cw_text_char_count (t->text + t->start, n);
  t->err->item = t->item;
  return false;
}

#endif
