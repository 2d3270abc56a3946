/* bytes.c — little-endian writing and bounds-checked reading for the binary formats (see
 * cw-bytes-private.h). */
#include "cw-bytes-private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
cw_put_bytes (cw_bytes_out *b, const void *src, size_t n)
{
  if (b->failed || n == 0)
    return;
  if (n > SIZE_MAX / 2 - b->len)
    {
      b->failed = true;
      return;
    }
  if (b->len + n > b->cap)
    {
      size_t cap = b->cap ? b->cap : 4096;
      while (cap < b->len + n)
        cap *= 2;
      unsigned char *grown = realloc (b->data, cap);
      if (!grown)
        {
          b->failed = true;
          return;
        }
      b->data = grown;
      b->cap = cap;
    }
  memcpy (b->data + b->len, src, n);
  b->len += n;
}

void
cw_put_u8 (cw_bytes_out *b, unsigned v)
{
  unsigned char c = (unsigned char) v;
  cw_put_bytes (b, &c, 1);
}

void
cw_put_u32 (cw_bytes_out *b, uint32_t v)
{
  unsigned char c[4] = { (unsigned char) v, (unsigned char) (v >> 8), (unsigned char) (v >> 16),
                         (unsigned char) (v >> 24) };
  cw_put_bytes (b, c, 4);
}

void
cw_put_u64 (cw_bytes_out *b, uint64_t v)
{
  cw_put_u32 (b, (uint32_t) v);
  cw_put_u32 (b, (uint32_t) (v >> 32));
}

void
cw_put_floats (cw_bytes_out *b, const float *v, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      uint32_t bits;
      memcpy (&bits, &v[i], 4);
      cw_put_u32 (b, bits);
    }
}

void
cw_put_doubles (cw_bytes_out *b, const double *v, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      uint64_t bits;
      memcpy (&bits, &v[i], 8);
      cw_put_u64 (b, bits);
    }
}

void
cw_put_string (cw_bytes_out *b, const char *s)
{
  size_t n = strlen (s);
  cw_put_u32 (b, (uint32_t) n);
  cw_put_bytes (b, s, n);
}

bool
cw_bytes_need (cw_bytes_in *r, uint64_t n, const char *what)
{
  if (r->failed)
    return false;
  if (n <= r->size - r->pos)
    return true;
  if (r->name)
    cw_error_set (r->err, CW_ERR_FORMAT, 0, 0, "The %s '%s' is truncated at byte %zu (it ends inside %s).",
                  r->kind, r->name, r->size, what);
  else
    cw_error_set (r->err, CW_ERR_FORMAT, 0, 0, "The %s is truncated at byte %zu (it ends inside %s).", r->kind,
                  r->size, what);
  r->failed = true;
  return false;
}

bool
cw_bytes_corrupt (cw_bytes_in *r, const char *fmt, ...)
{
  char reason[400];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (reason, sizeof reason, fmt, ap);
  va_end (ap);
  if (r->name)
    cw_error_set (r->err, CW_ERR_FORMAT, 0, 0, "The %s '%s' is corrupt: %s.", r->kind, r->name, reason);
  else
    cw_error_set (r->err, CW_ERR_FORMAT, 0, 0, "The %s is corrupt: %s.", r->kind, reason);
  r->failed = true;
  return false;
}

uint32_t
cw_decode_u32 (const unsigned char *p)
{
  return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

unsigned
cw_get_u8 (cw_bytes_in *r, const char *what)
{
  if (!cw_bytes_need (r, 1, what))
    return 0;
  return r->data[r->pos++];
}

uint32_t
cw_get_u32 (cw_bytes_in *r, const char *what)
{
  if (!cw_bytes_need (r, 4, what))
    return 0;
  uint32_t v = cw_decode_u32 (r->data + r->pos);
  r->pos += 4;
  return v;
}

uint64_t
cw_get_u64 (cw_bytes_in *r, const char *what)
{
  uint64_t lo = cw_get_u32 (r, what);
  uint64_t hi = cw_get_u32 (r, what);
  return lo | hi << 32;
}

size_t
cw_bytes_skip (cw_bytes_in *r, uint64_t n, size_t size, const char *what)
{
  size_t at = r->pos;
  /* n * size could overflow; n > remaining / size cannot */
  if (r->failed || n > (r->size - r->pos) / size)
    {
      cw_bytes_need (r, UINT64_MAX, what);
      return 0;
    }
  r->pos += (size_t) n * size;
  return at;
}

void
cw_decode_floats (const unsigned char *p, float *out, size_t n)
{
  for (size_t i = 0; i < n; i++, p += 4)
    {
      uint32_t bits = cw_decode_u32 (p);
      memcpy (&out[i], &bits, 4);
    }
}

void
cw_decode_doubles (const unsigned char *p, double *out, size_t n)
{
  for (size_t i = 0; i < n; i++, p += 8)
    {
      uint64_t bits = (uint64_t) cw_decode_u32 (p) | (uint64_t) cw_decode_u32 (p + 4) << 32;
      memcpy (&out[i], &bits, 8);
    }
}
