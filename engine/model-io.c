/* model-io.c — the model file: one little-endian binary with a CRC-32, written atomically.
 *
 * Layout (format 1), integers little-endian, floats IEEE-754 binary32 little-endian:
 *   "CW1DMODL"  u32 version
 *   u32 spec_len, spec text (canonical one-line form, no NUL)
 *   i32 in_channels, i32 in_length, u32 task, i32 n_outputs
 *   4 x { u8 present, [floats] }  input mean, input scale (in_channels x in_length each),
 *                                 target mean, target scale (n_outputs each)
 *   u32 n_class_names, { u32 len, bytes } each;  u32 n_target_names, { u32 len, bytes } each
 *   u64 n_params, floats;  u64 n_state, floats
 *   u32 CRC-32 (IEEE, as zlib) of every byte before it */
#include "cw-model-private.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MODEL_MAGIC "CW1DMODL"
#define MODEL_MAGIC_LEN 8
#define MODEL_VERSION 1u

/* CRC-32 with a 16-entry table (a nibble at a time): small, constant, no first-use initialisation. */
static uint32_t
crc32_ieee (const unsigned char *data, size_t n)
{
  static const uint32_t table[16] = {
    0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
    0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c, 0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
  };
  uint32_t crc = 0xffffffffu;
  for (size_t i = 0; i < n; i++)
    {
      crc ^= data[i];
      crc = (crc >> 4) ^ table[crc & 15];
      crc = (crc >> 4) ^ table[crc & 15];
    }
  return ~crc;
}

/* ---- writing ---- */

typedef struct {
  unsigned char *data;
  size_t len, cap;
  bool failed; /* out of memory */
} bytes_out;

static void
put_bytes (bytes_out *b, const void *src, size_t n)
{
  if (b->failed)
    return;
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

static void
put_u8 (bytes_out *b, unsigned v)
{
  unsigned char c = (unsigned char) v;
  put_bytes (b, &c, 1);
}

static void
put_u32 (bytes_out *b, uint32_t v)
{
  unsigned char c[4] = { (unsigned char) v, (unsigned char) (v >> 8), (unsigned char) (v >> 16),
                         (unsigned char) (v >> 24) };
  put_bytes (b, c, 4);
}

static void
put_u64 (bytes_out *b, uint64_t v)
{
  put_u32 (b, (uint32_t) v);
  put_u32 (b, (uint32_t) (v >> 32));
}

static void
put_floats (bytes_out *b, const float *v, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      uint32_t bits;
      memcpy (&bits, &v[i], 4);
      put_u32 (b, bits);
    }
}

static void
put_string (bytes_out *b, const char *s)
{
  size_t n = strlen (s);
  put_u32 (b, (uint32_t) n);
  put_bytes (b, s, n);
}

static void
put_optional_vector (bytes_out *b, const float *v, size_t n)
{
  put_u8 (b, v != NULL);
  if (v)
    put_floats (b, v, n);
}

static void
serialize (const cw_model *m, bytes_out *b)
{
  put_bytes (b, MODEL_MAGIC, MODEL_MAGIC_LEN);
  put_u32 (b, MODEL_VERSION);
  char *spec = cw_spec_to_string (m->spec);
  put_string (b, spec);
  free (spec);
  put_u32 (b, (uint32_t) m->in_c);
  put_u32 (b, (uint32_t) m->in_l);
  put_u32 (b, (uint32_t) m->task);
  put_u32 (b, (uint32_t) m->n_outputs);
  size_t in_size = (size_t) m->in_c * (size_t) m->in_l;
  put_optional_vector (b, m->x_mean, in_size);
  put_optional_vector (b, m->x_scale, in_size);
  put_optional_vector (b, m->y_mean, (size_t) m->n_outputs);
  put_optional_vector (b, m->y_scale, (size_t) m->n_outputs);
  put_u32 (b, (uint32_t) m->n_class_names);
  for (int i = 0; i < m->n_class_names; i++)
    put_string (b, m->class_names[i]);
  put_u32 (b, (uint32_t) m->n_target_names);
  for (int i = 0; i < m->n_target_names; i++)
    put_string (b, m->target_names[i]);
  put_u64 (b, m->n_params);
  put_floats (b, m->params, m->n_params);
  put_u64 (b, m->n_state);
  put_floats (b, m->state, m->n_state);
  if (!b->failed)
    put_u32 (b, crc32_ieee (b->data, b->len));
}

cw_status
cw_model_save (const cw_model *m, const char *path, cw_error *err)
{
  assert (m && path);
  cw_error_clear (err);
  bytes_out b = { 0 };
  serialize (m, &b);
  if (b.failed)
    {
      free (b.data);
      return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to save the model to '%s'.", path);
    }

  /* Written beside the target and renamed over it, so a crash never leaves a half-written model. */
  size_t tmp_len = strlen (path) + 5;
  char *tmp = malloc (tmp_len);
  snprintf (tmp, tmp_len, "%s.tmp", path);
  FILE *f = fopen (tmp, "wb");
  if (!f)
    {
      int e = errno;
      free (b.data);
      free (tmp);
      return cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot write the model file '%s': %s.", path, strerror (e));
    }
  bool ok = fwrite (b.data, 1, b.len, f) == b.len;
  ok = fflush (f) == 0 && ok;
  int e = errno;
  ok = ok && fsync (fileno (f)) == 0;
  if (!ok)
    e = errno;
  if (fclose (f) != 0 && ok)
    {
      ok = false;
      e = errno;
    }
  if (ok && rename (tmp, path) != 0)
    {
      ok = false;
      e = errno;
    }
  if (!ok)
    remove (tmp);
  free (b.data);
  free (tmp);
  if (!ok)
    return cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot write the model file '%s': %s.", path, strerror (e));
  return CW_OK;
}

/* ---- reading ---- */

typedef struct {
  const unsigned char *data;
  size_t size, pos;
  const char *path;
  cw_error *err;
  bool failed;
} bytes_in;

/* True when n more bytes are there; otherwise reports where the file ends. */
static bool
need (bytes_in *r, uint64_t n, const char *what)
{
  if (r->failed)
    return false;
  if (n <= r->size - r->pos)
    return true;
  cw_error_set (r->err, CW_ERR_FORMAT, 0, 0, "The model file '%s' is truncated at byte %zu (it ends inside %s).",
                r->path, r->size, what);
  r->failed = true;
  return false;
}

static uint32_t
get_u32 (bytes_in *r, const char *what)
{
  if (!need (r, 4, what))
    return 0;
  const unsigned char *p = r->data + r->pos;
  r->pos += 4;
  return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

static uint64_t
get_u64 (bytes_in *r, const char *what)
{
  uint64_t lo = get_u32 (r, what);
  uint64_t hi = get_u32 (r, what);
  return lo | hi << 32;
}

/* Position of n floats (or bytes when size is 1) in the file, skipped over; bounds checked first so
 * that a corrupt count never drives an allocation. */
static size_t
skip_items (bytes_in *r, uint64_t n, size_t size, const char *what)
{
  size_t at = r->pos;
  if (r->failed || n > (r->size - r->pos) / size)
    {
      need (r, UINT64_MAX, what);
      return 0;
    }
  r->pos += (size_t) n * size;
  return at;
}

static void
get_floats (const unsigned char *p, float *out, size_t n)
{
  for (size_t i = 0; i < n; i++, p += 4)
    {
      uint32_t bits = (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
      memcpy (&out[i], &bits, 4);
    }
}

/* Where each part of a file lies; filled by the structural pass, used once the checksum is good. */
typedef struct {
  size_t spec_at, spec_len;
  uint32_t in_c, in_l, task, n_outputs;
  size_t vector_at[4]; /* input mean, input scale, target mean, target scale; 0 = absent */
  uint32_t n_names[2]; /* class names, target names */
  size_t *name_at[2], *name_len[2];
  uint64_t n_params, n_state;
  size_t params_at, state_at;
} layout;

static void
layout_clear (layout *lo)
{
  for (int k = 0; k < 2; k++)
    {
      free (lo->name_at[k]);
      free (lo->name_len[k]);
    }
}

static bool
read_names (bytes_in *r, layout *lo, int k, const char *what)
{
  uint32_t n = get_u32 (r, what);
  /* every name takes at least its 4-byte length */
  if (r->failed || n > (r->size - r->pos) / 4)
    return need (r, UINT64_MAX, what);
  lo->n_names[k] = n;
  lo->name_at[k] = calloc (n ? n : 1, sizeof (size_t));
  lo->name_len[k] = calloc (n ? n : 1, sizeof (size_t));
  for (uint32_t i = 0; i < n && !r->failed; i++)
    {
      uint32_t len = get_u32 (r, what);
      lo->name_len[k][i] = len;
      lo->name_at[k][i] = skip_items (r, len, 1, what);
    }
  return !r->failed;
}

static bool
read_layout (bytes_in *r, layout *lo)
{
  uint32_t spec_len = get_u32 (r, "the architecture");
  lo->spec_len = spec_len;
  lo->spec_at = skip_items (r, spec_len, 1, "the architecture");
  lo->in_c = get_u32 (r, "the input shape");
  lo->in_l = get_u32 (r, "the input shape");
  lo->task = get_u32 (r, "the task");
  lo->n_outputs = get_u32 (r, "the task");
  if (r->failed)
    return false;
  if (lo->in_c < 1 || lo->in_c > INT_MAX || lo->in_l < 1 || lo->in_l > INT_MAX || lo->n_outputs < 1
      || lo->n_outputs > INT_MAX)
    {
      cw_error_set (r->err, CW_ERR_FORMAT, 0, 0,
                    "The model file '%s' is corrupt: impossible shapes (%u x %u input, %u outputs).", r->path,
                    lo->in_c, lo->in_l, lo->n_outputs);
      return false;
    }
  static const char *const vector_names[4] = { "the input means", "the input scales", "the target means",
                                               "the target scales" };
  for (int k = 0; k < 4; k++)
    {
      uint64_t n = k < 2 ? (uint64_t) lo->in_c * lo->in_l : lo->n_outputs;
      if (!need (r, 1, vector_names[k]))
        return false;
      unsigned present = r->data[r->pos++];
      if (present > 1)
        {
          cw_error_set (r->err, CW_ERR_FORMAT, 0, 0, "The model file '%s' is corrupt: bad flag at byte %zu.",
                        r->path, r->pos - 1);
          return false;
        }
      lo->vector_at[k] = present ? skip_items (r, n, 4, vector_names[k]) : 0;
    }
  if (!read_names (r, lo, 0, "the class names") || !read_names (r, lo, 1, "the target names"))
    return false;
  lo->n_params = get_u64 (r, "the parameters");
  lo->params_at = skip_items (r, lo->n_params, 4, "the parameters");
  lo->n_state = get_u64 (r, "the batchnorm state");
  lo->state_at = skip_items (r, lo->n_state, 4, "the batchnorm state");
  return !r->failed;
}

/* Reads the whole file; NULL with CW_ERR_IO when it cannot be read. */
static unsigned char *
slurp (const char *path, size_t *size, cw_error *err)
{
  FILE *f = fopen (path, "rb");
  if (!f)
    {
      cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot open the model file '%s': %s.", path, strerror (errno));
      return NULL;
    }
  size_t len = 0, cap = 1 << 16;
  unsigned char *data = malloc (cap);
  bool no_memory = !data;
  while (data)
    {
      len += fread (data + len, 1, cap - len, f);
      if (len < cap)
        break;
      unsigned char *grown = realloc (data, cap * 2);
      if (!grown)
        {
          no_memory = true;
          break;
        }
      data = grown;
      cap *= 2;
    }
  int e = errno;
  bool read_error = !no_memory && ferror (f);
  fclose (f);
  if (no_memory || read_error)
    {
      free (data);
      if (no_memory)
        cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read the model file '%s'.", path);
      else if (e == EISDIR)
        cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot read the model file '%s': it is a directory.", path);
      else
        cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot read the model file '%s': %s.", path, strerror (e));
      return NULL;
    }
  *size = len;
  return data;
}

static char *
copy_name (const unsigned char *data, size_t at, size_t len)
{
  char *s = malloc (len + 1);
  memcpy (s, data + at, len);
  s[len] = '\0';
  return s;
}

static bool
set_names_from (cw_model *m, const unsigned char *data, const layout *lo, int k)
{
  uint32_t n = lo->n_names[k];
  if (n == 0)
    return true;
  char **names = calloc (n, sizeof (char *));
  bool ok = true;
  for (uint32_t i = 0; i < n; i++)
    {
      names[i] = copy_name (data, lo->name_at[k][i], lo->name_len[k][i]);
      ok = ok && strlen (names[i]) == lo->name_len[k][i]; /* no NUL inside a name */
    }
  if (ok && k == 0)
    cw_model_set_class_names (m, (int) n, (const char *const *) names);
  else if (ok)
    cw_model_set_target_names (m, (int) n, (const char *const *) names);
  for (uint32_t i = 0; i < n; i++)
    free (names[i]);
  free (names);
  return ok;
}

static float *
vector_from (const unsigned char *data, size_t at, size_t n)
{
  if (!at)
    return NULL;
  float *v = malloc (n * sizeof (float));
  get_floats (data + at, v, n);
  return v;
}

/* Builds the model a checked file describes; NULL with the reason when the contents do not agree. */
static cw_model *
rebuild (const unsigned char *data, const layout *lo, const char *path, cw_error *err)
{
  if (lo->task > CW_TASK_MULTILABEL)
    {
      cw_error_set (err, CW_ERR_FORMAT, 0, 0, "The model file '%s' has an unknown task (%u).", path, lo->task);
      return NULL;
    }
  char *text = copy_name (data, lo->spec_at, lo->spec_len);
  cw_error inner;
  cw_spec *spec = cw_spec_parse (text, &inner);
  if (!spec)
    {
      cw_error_set (err, CW_ERR_FORMAT, 0, 0, "The model file '%s' holds an architecture this version cannot read: %s",
                    path, inner.message);
      free (text);
      return NULL;
    }
  cw_model *m = cw_model_build (spec, (int) lo->in_c, (int) lo->in_l, (cw_task) lo->task, (int) lo->n_outputs,
                                &inner);
  if (!m)
    {
      cw_error_set (err, CW_ERR_FORMAT, 0, 0, "The model file '%s' holds an impossible architecture '%s': %s",
                    path, text, inner.message);
      free (text);
      return NULL;
    }
  free (text);
  if (lo->n_params != m->n_params || lo->n_state != m->n_state)
    {
      cw_error_set (err, CW_ERR_FORMAT, 0, 0,
                    "The model file '%s' holds %llu parameters and %llu state values, but its architecture "
                    "needs %zu and %zu.", path, (unsigned long long) lo->n_params,
                    (unsigned long long) lo->n_state, m->n_params, m->n_state);
      cw_model_free (m);
      return NULL;
    }
  get_floats (data + lo->params_at, m->params, m->n_params);
  get_floats (data + lo->state_at, m->state, m->n_state);

  size_t in_size = (size_t) m->in_c * (size_t) m->in_l;
  float *v[4];
  for (int k = 0; k < 4; k++)
    v[k] = vector_from (data, lo->vector_at[k], k < 2 ? in_size : (size_t) m->n_outputs);
  m->x_mean = v[0];
  m->x_scale = v[1];
  m->y_mean = v[2];
  m->y_scale = v[3];

  if (!set_names_from (m, data, lo, 0) || !set_names_from (m, data, lo, 1))
    {
      cw_error_set (err, CW_ERR_FORMAT, 0, 0, "The model file '%s' is corrupt: a name contains a NUL byte.", path);
      cw_model_free (m);
      return NULL;
    }
  return m;
}

cw_model *
cw_model_load (const char *path, cw_error *err)
{
  assert (path);
  cw_error_clear (err);
  size_t size = 0;
  unsigned char *data = slurp (path, &size, err);
  if (!data)
    return NULL;

  cw_model *m = NULL;
  bytes_in r = { data, size, 0, path, err, false };
  layout lo = { 0 };
  if (size < MODEL_MAGIC_LEN && size > 0 && memcmp (data, MODEL_MAGIC, size) == 0)
    need (&r, MODEL_MAGIC_LEN, "the file header");
  else if (size < MODEL_MAGIC_LEN || memcmp (data, MODEL_MAGIC, MODEL_MAGIC_LEN) != 0)
    cw_error_set (err, CW_ERR_FORMAT, 0, 0, "'%s' is not a Conv1D Workbench model file.", path);
  else
    {
      r.pos = MODEL_MAGIC_LEN;
      uint32_t version = get_u32 (&r, "the file header");
      if (r.failed)
        ;
      else if (version != MODEL_VERSION)
        cw_error_set (err, CW_ERR_FORMAT, 0, 0,
                      "The model file '%s' uses format %u; this version of Conv1D Workbench reads format %u.",
                      path, version, MODEL_VERSION);
      else if (read_layout (&r, &lo))
        {
          size_t checked = r.pos;
          uint32_t stored = get_u32 (&r, "the checksum");
          if (r.failed)
            ;
          else if (r.pos != size)
            cw_error_set (err, CW_ERR_FORMAT, 0, 0,
                          "The model file '%s' is corrupt: %zu unexpected bytes after byte %zu.", path,
                          size - r.pos, r.pos);
          else if (stored != crc32_ieee (data, checked))
            cw_error_set (err, CW_ERR_FORMAT, 0, 0, "The model file '%s' is corrupt: checksum mismatch.", path);
          else
            m = rebuild (data, &lo, path, err);
        }
    }
  layout_clear (&lo);
  free (data);
  return m;
}
