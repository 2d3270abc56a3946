/* dataset-npy.c — NumPy files: the .npy array format (versions 1-3; floats, integers and booleans of either
 * byte order, text arrays for labels; C or Fortran order) and .npz archives (a zip of .npy files, stored
 * or deflated through zlib). Every size in a header is checked against the bytes in the file before
 * anything is allocated, and an archive member's inflated size against what deflate can produce. */
#include "cw-data-private.h"
#include "cw-readers-private.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MAX_HEADER_BYTES (1 << 20)
#define MAX_MEMBERS 10000
#define MAX_TEXT_CHARS 4096         /* characters of one element of a text array */
#define MAX_INFLATED ((size_t) 4 << 30)
#define DEFLATE_MAX_RATIO 1032      /* deflate never expands more than this (258 bytes from 2 bits) */

static bool
fail (cw_error *err, const char *name, const char *fmt, ...) __attribute__ ((format (printf, 3, 4)));

static bool
fail (cw_error *err, const char *name, const char *fmt, ...)
{
  char detail[400];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (detail, sizeof detail, fmt, ap);
  va_end (ap);
  cw_error_set (err, CW_ERR_FORMAT, 0, 0, "%s: %s", name, detail);
  return false;
}

void
cw_npy_array_clear (cw_npy_array *a)
{
  free (a->values);
  if (a->texts)
    for (size_t i = 0; i < a->count; i++)
      free (a->texts[i]);
  free (a->texts);
  memset (a, 0, sizeof *a);
}

/* ---- the .npy header: a Python dict literal ---- */

/* The text after 'key': in the header, or NULL. */
static const char *
find_key (const char *header, const char *key)
{
  char quoted[32];
  for (int q = 0; q < 2; q++)
    {
      snprintf (quoted, sizeof quoted, q ? "\"%s\"" : "'%s'", key);
      const char *at = strstr (header, quoted);
      if (at)
        {
          at += strlen (quoted);
          while (*at == ' ')
            at++;
          if (*at == ':')
            {
              at++;
              while (*at == ' ')
                at++;
              return at;
            }
        }
    }
  return NULL;
}

typedef struct {
  char order;   /* '<' little, '>' big */
  char kind;    /* 'f', 'i', 'u', 'b', 'U', 'S' */
  size_t size;  /* bytes per element (characters for 'U' times 4) */
} dtype;

static bool
parse_descr (const char *at, const char *name, dtype *t, cw_error *err)
{
  if (!at || (*at != '\'' && *at != '"'))
    return fail (err, name, "the .npy header has no 'descr' string (structured arrays are not read).");
  char quote = *at++;
  const char *end = strchr (at, quote);
  if (!end || end - at < 2 || end - at > 16)
    return fail (err, name, "the .npy header's 'descr' is not a type such as '<f8'.");
  char text[24];
  memcpy (text, at, (size_t) (end - at));
  text[end - at] = '\0';
  const char *p = text;
  t->order = '<';
  if (*p == '<' || *p == '>' || *p == '|' || *p == '=')
    t->order = *p == '>' ? '>' : '<';
  if (*p == '<' || *p == '>' || *p == '|' || *p == '=')
    p++;
  t->kind = *p++;
  char *rest;
  unsigned long n = strtoul (p, &rest, 10);
  if (*rest || n == 0 || n > MAX_TEXT_CHARS)
    return fail (err, name, "the element type '%s' is not read.", text);
  t->size = t->kind == 'U' ? n * 4 : n;
  bool ok = (t->kind == 'f' && (n == 2 || n == 4 || n == 8)) || ((t->kind == 'i' || t->kind == 'u')
            && (n == 1 || n == 2 || n == 4 || n == 8)) || (t->kind == 'b' && n == 1) || t->kind == 'U'
            || t->kind == 'S';
  if (!ok)
    return fail (err, name, "the element type '%s' is not read (floats, integers, booleans and text are).",
                 text);
  return true;
}

static bool
parse_shape (const char *at, const char *name, cw_npy_array *a, cw_error *err)
{
  if (!at || *at != '(')
    return fail (err, name, "the .npy header has no 'shape' tuple.");
  at++;
  a->ndim = 0;
  a->count = 1;
  for (;;)
    {
      while (*at == ' ' || *at == ',')
        at++;
      if (*at == ')')
        break;
      if (!isdigit ((unsigned char) *at))
        return fail (err, name, "the .npy header's 'shape' is not a tuple of sizes.");
      char *end;
      unsigned long long v = strtoull (at, &end, 10);
      at = end;
      if (*at == 'L')
        at++;
      if (a->ndim == 3)
        return fail (err, name, "the array has more than 3 dimensions; signals are 1-D (one signal), 2-D "
                     "(samples x points) or 3-D (samples x channels x points).");
      if (v > INT32_MAX)
        return fail (err, name, "a dimension of %llu is more than the reader takes.", v);
      a->shape[a->ndim++] = (int64_t) v;
      if (v && a->count > SIZE_MAX / v)
        return fail (err, name, "the shape's sizes multiply beyond what memory can hold.");
      a->count *= (size_t) v;
    }
  return true;
}

static uint64_t
load_unsigned (const unsigned char *p, size_t size, char order)
{
  uint64_t v = 0;
  for (size_t i = 0; i < size; i++)
    v |= (uint64_t) p[order == '<' ? i : size - 1 - i] << (8 * i);
  return v;
}

static double
half_to_double (uint16_t h)
{
  int exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF;
  double v = exponent == 0 ? ldexp (mantissa, -24)
             : exponent == 31 ? (mantissa ? NAN : INFINITY) : ldexp (mantissa | 0x400, exponent - 25);
  return h & 0x8000 ? -v : v;
}

static double
element_value (const unsigned char *p, const dtype *t)
{
  uint64_t bits = load_unsigned (p, t->size, t->order);
  switch (t->kind)
    {
    case 'f':
      if (t->size == 2)
        return half_to_double ((uint16_t) bits);
      if (t->size == 4)
        {
          uint32_t b32 = (uint32_t) bits;
          float f;
          memcpy (&f, &b32, sizeof f);
          return f;
        }
      else
        {
          double d;
          memcpy (&d, &bits, sizeof d);
          return d;
        }
    case 'i':
      {
        int shift = 64 - 8 * (int) t->size;
        return (double) ((int64_t) (bits << shift) >> shift);
      }
    default: /* 'u', 'b' */
      return (double) bits;
    }
}

/* A text element as UTF-8: 'U' holds UTF-32 code points, 'S' bytes; trailing NULs pad both. */
static char *
element_text (const unsigned char *p, const dtype *t)
{
  size_t chars = t->kind == 'U' ? t->size / 4 : t->size;
  char *out = malloc (chars * 4 + 1);
  if (!out)
    return NULL;
  size_t k = 0;
  for (size_t i = 0; i < chars; i++)
    {
      uint32_t c = t->kind == 'U' ? (uint32_t) load_unsigned (p + 4 * i, 4, t->order) : p[i];
      if (c == 0)
        break;
      if (c < 0x80)
        out[k++] = (char) c;
      else if (c < 0x800)
        {
          out[k++] = (char) (0xC0 | c >> 6);
          out[k++] = (char) (0x80 | (c & 0x3F));
        }
      else if (c < 0x10000)
        {
          out[k++] = (char) (0xE0 | c >> 12);
          out[k++] = (char) (0x80 | ((c >> 6) & 0x3F));
          out[k++] = (char) (0x80 | (c & 0x3F));
        }
      else
        {
          out[k++] = (char) (0xF0 | (c >> 18 & 0x07));
          out[k++] = (char) (0x80 | ((c >> 12) & 0x3F));
          out[k++] = (char) (0x80 | ((c >> 6) & 0x3F));
          out[k++] = (char) (0x80 | (c & 0x3F));
        }
    }
  out[k] = '\0';
  return out;
}

/* The position in the file of C-order element i when the array is stored in Fortran order. */
static size_t
fortran_index (const cw_npy_array *a, size_t i)
{
  size_t index = 0, stride = 1;
  size_t coords[3];
  for (int d = a->ndim - 1; d >= 0; d--)
    {
      coords[d] = i % (size_t) a->shape[d];
      i /= (size_t) a->shape[d];
    }
  for (int d = 0; d < a->ndim; d++)
    {
      index += coords[d] * stride;
      stride *= (size_t) a->shape[d];
    }
  return index;
}

bool
cw_npy_decode (const unsigned char *data, size_t size, const char *name, cw_npy_array *out, cw_error *err)
{
  memset (out, 0, sizeof *out);
  if (size < 10 || memcmp (data, "\x93NUMPY", 6) != 0)
    return fail (err, name, "not a .npy file (it does not start with \\x93NUMPY).");
  unsigned major = data[6];
  size_t header_len, header_start;
  if (major == 1)
    {
      header_len = (size_t) data[8] | (size_t) data[9] << 8;
      header_start = 10;
    }
  else if (major == 2 || major == 3)
    {
      if (size < 12)
        return fail (err, name, "the file ends at byte %zu, inside the .npy header.", size);
      header_len = (size_t) data[8] | (size_t) data[9] << 8 | (size_t) data[10] << 16 | (size_t) data[11] << 24;
      header_start = 12;
    }
  else
    return fail (err, name, ".npy format version %u is not read (1, 2 and 3 are).", major);
  if (header_len > MAX_HEADER_BYTES || header_len > size - header_start)
    return fail (err, name, "the .npy header claims %zu bytes at byte %zu, but the file has %zu.", header_len,
                 header_start, size);
  char *header = malloc (header_len + 1);
  if (!header)
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name), false;
  memcpy (header, data + header_start, header_len);
  header[header_len] = '\0';
  dtype t = { 0 };
  const char *fortran = find_key (header, "fortran_order");
  bool ok = parse_descr (find_key (header, "descr"), name, &t, err)
            && parse_shape (find_key (header, "shape"), name, out, err);
  bool fortran_order = fortran && strncmp (fortran, "True", 4) == 0;
  if (ok && !fortran)
    ok = fail (err, name, "the .npy header has no 'fortran_order'.");
  free (header);
  if (!ok)
    return false;
  size_t offset = header_start + header_len;
  if (out->count > (size - offset) / t.size)
    return fail (err, name, "the array has %zu elements of %zu bytes from byte %zu, but the file ends at byte "
                 "%zu.", out->count, t.size, offset, size);
  if (out->count > CW_READER_MAX_VALUES)
    return fail (err, name, "%zu elements are more than the reader takes.", out->count);
  size_t slots = out->count ? out->count : 1;
  bool text = t.kind == 'U' || t.kind == 'S';
  if (text ? !(out->texts = calloc (slots, sizeof (char *))) : !(out->values = malloc (slots * sizeof (double))))
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name), false;
  for (size_t i = 0; i < out->count; i++)
    {
      const unsigned char *p = data + offset + t.size * (fortran_order ? fortran_index (out, i) : i);
      if (!text)
        out->values[i] = element_value (p, &t);
      else if (!(out->texts[i] = element_text (p, &t)))
        {
          cw_npy_array_clear (out);
          return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name), false;
        }
    }
  return true;
}

/* ---- arrays to a dataset ---- */

static cw_dataset *
dataset_from_array (const cw_npy_array *a, const char *name, cw_error *err)
{
  if (!a->values)
    return fail (err, name, "the signals are text; they must be numbers."), NULL;
  if (a->ndim == 0)
    return fail (err, name, "the array is a single number, not signals."), NULL;
  int n = a->ndim == 1 ? 1 : (int) a->shape[0];
  int channels = a->ndim == 3 ? (int) a->shape[1] : 1;
  int length = (int) a->shape[a->ndim - 1];
  if (n < 1 || channels < 1 || length < 1)
    return fail (err, name, "the array is empty (shape has a 0)."), NULL;
  for (size_t i = 0; i < a->count; i++)
    if (!isfinite ((float) a->values[i]))
      {
        size_t per_sample = (size_t) channels * (size_t) length;
        return fail (err, name, "sample %zu, %spoint %zu is %g; signals must be finite numbers.",
                     i / per_sample + 1, channels > 1 ? "channel and " : "", i % per_sample + 1, a->values[i]),
               NULL;
      }
  cw_dataset *ds = cw_dataset_alloc (n, channels, length, 0, 0);
  bool ok = ds && (ds->source = strdup (name));
  char buf[24];
  for (int t = 0; ok && t < length; t++)
    {
      ds->axis[t] = t;
      snprintf (buf, sizeof buf, "%d", t);
      ok = (ds->axis_labels[t] = strdup (buf)) != NULL;
    }
  for (size_t i = 0; ok && i < a->count; i++)
    {
      ds->x64[i] = a->values[i];
      ds->x[i] = (float) a->values[i];
    }
  if (!ok)
    {
      cw_dataset_free (ds);
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
      return NULL;
    }
  return ds;
}

cw_dataset *
cw_npy_parse (const unsigned char *data, size_t size, const char *name, cw_error *err)
{
  cw_npy_array a;
  if (!cw_npy_decode (data, size, name, &a, err))
    return NULL;
  cw_dataset *ds = dataset_from_array (&a, name, err);
  cw_npy_array_clear (&a);
  return ds;
}

/* ---- .npz: a zip archive ---- */

typedef struct {
  char name[128];       /* without ".npy" */
  unsigned method;
  uint32_t crc;
  uint64_t compressed, uncompressed, local_offset;
} member;

static uint32_t
le32 (const unsigned char *p)
{
  return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

static uint16_t
le16 (const unsigned char *p)
{
  return (uint16_t) (p[0] | p[1] << 8);
}

static uint64_t
le64 (const unsigned char *p)
{
  return (uint64_t) le32 (p) | (uint64_t) le32 (p + 4) << 32;
}

/* The central directory: where it starts and how many entries (zip64 aware). */
static bool
find_directory (const unsigned char *d, size_t size, const char *name, uint64_t *offset, uint64_t *entries,
                cw_error *err)
{
  if (size < 22)
    return fail (err, name, "the .npz (zip) file is only %zu bytes; its end record is missing.", size);
  size_t lowest = size > 22 + 65535 ? size - 22 - 65535 : 0;
  size_t end = SIZE_MAX;
  for (size_t i = size - 22 + 1; i-- > lowest;)
    if (memcmp (d + i, "PK\x05\x06", 4) == 0)
      {
        end = i;
        break;
      }
  if (end == SIZE_MAX)
    return fail (err, name, "no zip end-of-directory record: the .npz file is truncated or not a zip.");
  *entries = le16 (d + end + 10);
  *offset = le32 (d + end + 16);
  if ((*entries == 0xFFFF || *offset == 0xFFFFFFFF) && end >= 20 && memcmp (d + end - 20, "PK\x06\x07", 4) == 0)
    {
      uint64_t at = le64 (d + end - 20 + 8);
      if (at > size || size - at < 56 || memcmp (d + at, "PK\x06\x06", 4) != 0)
        return fail (err, name, "the zip64 end record at byte %llu is missing or truncated.",
                     (unsigned long long) at);
      *entries = le64 (d + at + 32);
      *offset = le64 (d + at + 48);
    }
  if (*entries > MAX_MEMBERS)
    return fail (err, name, "the archive lists %llu members; at most %d are read.",
                 (unsigned long long) *entries, MAX_MEMBERS);
  if (*offset > size)
    return fail (err, name, "the zip directory starts at byte %llu, past the end of the file (%zu bytes).",
                 (unsigned long long) *offset, size);
  return true;
}

static bool
read_members (const unsigned char *d, size_t size, const char *name, member **out, int *n_out, cw_error *err)
{
  uint64_t offset = 0, entries = 0;
  if (!find_directory (d, size, name, &offset, &entries, err))
    return false;
  member *members = calloc (entries ? entries : 1, sizeof *members);
  if (!members)
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name), false;
  size_t at = (size_t) offset;
  for (uint64_t k = 0; k < entries; k++)
    {
      if (size - at < 46 || memcmp (d + at, "PK\x01\x02", 4) != 0)
        {
          free (members);
          return fail (err, name, "zip directory entry %llu at byte %zu is missing or truncated.",
                       (unsigned long long) k + 1, at);
        }
      member *m = &members[k];
      m->method = le16 (d + at + 10);
      m->crc = le32 (d + at + 16);
      m->compressed = le32 (d + at + 20);
      m->uncompressed = le32 (d + at + 24);
      size_t name_len = le16 (d + at + 28), extra_len = le16 (d + at + 30), comment_len = le16 (d + at + 32);
      m->local_offset = le32 (d + at + 42);
      if (size - at - 46 < name_len + extra_len + comment_len)
        {
          free (members);
          return fail (err, name, "zip directory entry %llu at byte %zu is truncated.", (unsigned long long) k + 1,
                       at);
        }
      const unsigned char *entry_name = d + at + 46;
      size_t keep = name_len < sizeof m->name ? name_len : sizeof m->name - 1;
      memcpy (m->name, entry_name, keep);
      m->name[keep] = '\0';
      size_t stem = strlen (m->name);
      if (stem > 4 && strcmp (m->name + stem - 4, ".npy") == 0)
        m->name[stem - 4] = '\0';
      /* zip64: the sizes and offset that do not fit 32 bits are in extra field 0x0001, in this order. */
      const unsigned char *extra = entry_name + name_len, *extra_end = extra + extra_len;
      while (extra_end - extra >= 4)
        {
          unsigned id = le16 (extra), len = le16 (extra + 2);
          const unsigned char *field = extra + 4, *field_end = field + len;
          if (field_end > extra_end)
            break;
          if (id == 0x0001)
            {
              uint64_t *wanted[] = { &m->uncompressed, &m->compressed, &m->local_offset };
              for (int w = 0; w < 3; w++)
                if (*wanted[w] == 0xFFFFFFFF && field_end - field >= 8)
                  {
                    *wanted[w] = le64 (field);
                    field += 8;
                  }
            }
          extra = field_end;
        }
      at += 46 + name_len + extra_len + comment_len;
    }
  *out = members;
  *n_out = (int) entries;
  return true;
}

/* The member's bytes, inflated when deflated; caller frees. */
static unsigned char *
extract (const unsigned char *d, size_t size, const char *name, const member *m, cw_error *err)
{
  size_t at = (size_t) m->local_offset;
  if (m->local_offset > size || size - at < 30 || memcmp (d + at, "PK\x03\x04", 4) != 0)
    return fail (err, name, "member '%s': its local header at byte %zu is missing.", m->name, at), NULL;
  size_t start = at + 30 + le16 (d + at + 26) + le16 (d + at + 28);
  if (start > size || m->compressed > size - start)
    return fail (err, name, "member '%s': %llu bytes from byte %zu run past the end of the file.", m->name,
                 (unsigned long long) m->compressed, start), NULL;
  if (m->method != 0 && m->method != 8)
    return fail (err, name, "member '%s' is compressed with method %u; stored (0) and deflate (8) are read.",
                 m->name, m->method), NULL;
  if (m->uncompressed > MAX_INFLATED
      || (m->method == 8 && m->uncompressed > m->compressed * DEFLATE_MAX_RATIO + 1024)
      || (m->method == 0 && m->uncompressed != m->compressed))
    return fail (err, name, "member '%s' claims %llu bytes from %llu compressed: the sizes are corrupt.",
                 m->name, (unsigned long long) m->uncompressed, (unsigned long long) m->compressed), NULL;
  unsigned char *out = malloc (m->uncompressed ? (size_t) m->uncompressed : 1);
  if (!out)
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name), NULL;
  if (m->method == 0)
    memcpy (out, d + start, (size_t) m->uncompressed);
  else
    {
      z_stream z = { 0 };
      if (inflateInit2 (&z, -MAX_WBITS) != Z_OK)
        {
          free (out);
          return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to inflate %s.", name), NULL;
        }
      /* zlib counts in uInt: feed and drain in pieces so members over 4 GiB would work too. */
      const unsigned char *in = d + start;
      size_t in_left = (size_t) m->compressed, out_done = 0;
      int status = Z_OK;
      while (status == Z_OK)
        {
          z.next_in = (Bytef *) in;
          z.avail_in = (uInt) (in_left < (1u << 30) ? in_left : (1u << 30));
          z.next_out = out + out_done;
          size_t room = (size_t) m->uncompressed - out_done;
          z.avail_out = (uInt) (room < (1u << 30) ? room : (1u << 30));
          uInt in_before = z.avail_in, out_before = z.avail_out;
          status = inflate (&z, Z_NO_FLUSH);
          in += in_before - z.avail_in;
          in_left -= in_before - z.avail_in;
          out_done += out_before - z.avail_out;
          if (status == Z_OK && in_before == z.avail_in && out_before == z.avail_out)
            status = Z_BUF_ERROR;
        }
      inflateEnd (&z);
      if (status != Z_STREAM_END || out_done != m->uncompressed)
        {
          free (out);
          return fail (err, name, "member '%s' does not inflate to its %llu bytes: the deflate data is corrupt.",
                       m->name, (unsigned long long) m->uncompressed), NULL;
        }
    }
  uLong crc = crc32 (0L, Z_NULL, 0);
  for (size_t done = 0; done < m->uncompressed;)
    {
      size_t piece = (size_t) m->uncompressed - done < (1u << 30) ? (size_t) m->uncompressed - done : (1u << 30);
      crc = crc32 (crc, out + done, (uInt) piece);
      done += piece;
    }
  if ((uint32_t) crc != m->crc)
    {
      free (out);
      return fail (err, name, "member '%s' fails its CRC-32 check: the archive is corrupt.", m->name), NULL;
    }
  return out;
}

static int
find_member (const member *members, int n, const char *const *names)
{
  for (const char *const *want = names; *want; want++)
    for (int k = 0; k < n; k++)
      if (strcmp (members[k].name, *want) == 0)
        return k;
  return -1;
}

static bool
decode_member (const unsigned char *d, size_t size, const char *name, const member *m, cw_npy_array *a,
               cw_error *err)
{
  unsigned char *bytes = extract (d, size, name, m, err);
  if (!bytes)
    return false;
  char what[300];
  snprintf (what, sizeof what, "%s, array '%s'", name, m->name);
  bool ok = cw_npy_decode (bytes, (size_t) m->uncompressed, what, a, err);
  free (bytes);
  return ok;
}

cw_dataset *
cw_npz_parse (const unsigned char *data, size_t size, const char *name, cw_error *err)
{
  static const char *const signal_names[] = { "X", "data", "signals", NULL };
  static const char *const target_names[] = { "y", "target", "targets", "labels", NULL };
  static const char *const axis_names[] = { "axis", "wavelengths", "x", NULL };
  member *members = NULL;
  int n = 0;
  cw_dataset *ds = NULL;
  cw_npy_array a = { 0 };
  if (!read_members (data, size, name, &members, &n, err))
    return NULL;
  int signals = find_member (members, n, signal_names);
  if (signals < 0 && n == 1)
    signals = 0;
  if (signals < 0)
    {
      char list[256] = "";
      size_t used = 0;
      for (int k = 0; k < n && used < sizeof list - 1; k++)
        used += (size_t) snprintf (list + used, sizeof list - used, "%s'%s'", k ? ", " : "", members[k].name);
      fail (err, name, "no array named X, data or signals among %s (the signals are one of these, or the only "
            "array).", n ? list : "none");
      goto out;
    }
  if (!decode_member (data, size, name, &members[signals], &a, err))
    goto out;
  char what[300];
  snprintf (what, sizeof what, "%s, array '%s'", name, members[signals].name);
  ds = dataset_from_array (&a, what, err);
  cw_npy_array_clear (&a);
  if (!ds)
    goto out;
  free (ds->source);
  if (!(ds->source = strdup (name)))
    goto nomem;
  int targets = find_member (members, n, target_names);
  if (targets >= 0)
    {
      snprintf (what, sizeof what, "%s, array '%s'", name, members[targets].name);
      if (!decode_member (data, size, name, &members[targets], &a, err)
          || !cw_dataset_add_target_array (ds, &a, members[targets].name, what, err))
        goto fail;
      cw_npy_array_clear (&a);
    }
  int axis = find_member (members, n, axis_names);
  if (axis >= 0)
    {
      snprintf (what, sizeof what, "%s, array '%s'", name, members[axis].name);
      if (!decode_member (data, size, name, &members[axis], &a, err) || !cw_dataset_set_axis_array (ds, &a, what, err))
        goto fail;
      cw_npy_array_clear (&a);
    }
  goto out;
nomem:
  cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
fail:
  cw_dataset_free (ds);
  ds = NULL;
out:
  cw_npy_array_clear (&a);
  free (members);
  return ds;
}
