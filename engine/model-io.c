/* model-io.c — the model file: one little-endian binary with a CRC-32, written atomically.
 *
 * Layout (format 2), integers little-endian, floats IEEE-754 binary32 little-endian:
 *   "CW1DMODL"  u32 version (2)
 *   u32 spec_len, spec text (canonical one-line form, no NUL)
 *   i32 in_channels, i32 in_length, u32 task, i32 n_outputs
 *   4 x { u8 present, [floats] }  input mean, input scale (in_channels x in_length each),
 *                                 target mean, target scale (n_outputs each)
 *   u32 n_class_names, { u32 len, bytes } each;  u32 n_target_names, { u32 len, bytes } each
 *   u64 n_params, floats;  u64 n_state, floats
 *   --- format 1 ends here (then the CRC) ---
 *   u32 n_members (beyond the model itself), each { 4 x { u8 present, [floats] } as above,
 *                                                  u64 n_params, floats;  u64 n_state, floats }
 *   u8 pipeline present, [u64 len, the pipeline as cw_pipeline_serialize writes it]
 *   u32 n_record, { u32 len, key bytes, u32 len, value bytes } each
 *   u32 CRC-32 (IEEE, as zlib) of every byte before it
 * Format 1 files (no members, pipeline or record) are still read.
 *
 * Reading is two passes: a structural one that checks every count against the bytes that remain (so a
 * corrupt or hostile count never drives an allocation) and notes where each part lies, then, once the
 * checksum agrees, the model is built from those parts. */
#include "cw-bytes-private.h"
#include "cw-model-private.h"
#include "cw-preprocess.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MODEL_MAGIC "CW1DMODL"
#define MODEL_MAGIC_LEN 8
#define MODEL_VERSION 2u
#define MEMBER_MIN_BYTES (4 + 8 + 8) /* four absent-vector flags, empty parameters and state */

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

static void
put_optional_vector (cw_bytes_out *b, const float *v, size_t n)
{
  cw_put_u8 (b, v != NULL);
  if (v)
    cw_put_floats (b, v, n);
}

/* A network's scaling vectors, as the header and each member hold them. */
static void
put_scaling (cw_bytes_out *b, const cw_model *m)
{
  size_t in_size = (size_t) m->in_c * (size_t) m->in_l;
  put_optional_vector (b, m->x_mean, in_size);
  put_optional_vector (b, m->x_scale, in_size);
  put_optional_vector (b, m->y_mean, (size_t) m->n_outputs);
  put_optional_vector (b, m->y_scale, (size_t) m->n_outputs);
}

static void
put_weights (cw_bytes_out *b, const cw_model *m)
{
  cw_put_u64 (b, m->n_params);
  cw_put_floats (b, m->params, m->n_params);
  cw_put_u64 (b, m->n_state);
  cw_put_floats (b, m->state, m->n_state);
}

static void
serialize (const cw_model *m, cw_bytes_out *b)
{
  cw_put_bytes (b, MODEL_MAGIC, MODEL_MAGIC_LEN);
  cw_put_u32 (b, MODEL_VERSION);
  char *spec = cw_spec_to_string (m->spec);
  cw_put_string (b, spec);
  free (spec);
  cw_put_u32 (b, (uint32_t) m->in_c);
  cw_put_u32 (b, (uint32_t) m->in_l);
  cw_put_u32 (b, (uint32_t) m->task);
  cw_put_u32 (b, (uint32_t) m->n_outputs);
  put_scaling (b, m);
  cw_put_u32 (b, (uint32_t) m->n_class_names);
  for (int i = 0; i < m->n_class_names; i++)
    cw_put_string (b, m->class_names[i]);
  cw_put_u32 (b, (uint32_t) m->n_target_names);
  for (int i = 0; i < m->n_target_names; i++)
    cw_put_string (b, m->target_names[i]);
  put_weights (b, m);

  cw_put_u32 (b, (uint32_t) m->n_extra);
  for (int i = 0; i < m->n_extra; i++)
    {
      put_scaling (b, m->extra[i]);
      put_weights (b, m->extra[i]);
    }
  cw_put_u8 (b, m->pipeline != NULL);
  if (m->pipeline)
    {
      size_t len = 0;
      unsigned char *pipe = cw_pipeline_serialize (m->pipeline, &len);
      if (!pipe)
        b->failed = true;
      cw_put_u64 (b, len);
      cw_put_bytes (b, pipe, len);
      free (pipe);
    }
  cw_put_u32 (b, (uint32_t) m->n_info);
  for (int i = 0; i < m->n_info; i++)
    {
      cw_put_string (b, m->info_keys[i]);
      cw_put_string (b, m->info_values[i]);
    }
  if (!b->failed)
    cw_put_u32 (b, crc32_ieee (b->data, b->len));
}

unsigned char *
cw_model_save_bytes (const cw_model *m, size_t *size, cw_error *err)
{
  assert (m && size);
  cw_error_clear (err);
  cw_bytes_out b = { 0 };
  serialize (m, &b);
  if (b.failed)
    {
      free (b.data);
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to save the model.");
      return NULL;
    }
  *size = b.len;
  return b.data;
}

cw_status
cw_model_save (const cw_model *m, const char *path, cw_error *err)
{
  assert (m && path);
  cw_error_clear (err);
  size_t len = 0;
  unsigned char *data = cw_model_save_bytes (m, &len, NULL);
  if (!data)
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to save the model to '%s'.", path);

  /* Written beside the target and renamed over it, so a crash never leaves a half-written model. */
  cw_atomic_file af;
  FILE *f = cw_atomic_open (&af, path, err);
  if (!f)
    {
      free (data);
      return CW_ERR_IO;
    }
  fwrite (data, 1, len, f);
  free (data);
  return cw_atomic_commit (&af, err);
}

/* ---- reading: where each part lies ---- */

/* One network's scaling and weights in the file. */
typedef struct {
  size_t vector_at[4]; /* input mean, input scale, target mean, target scale; 0 = absent */
  uint64_t n_params, n_state;
  size_t params_at, state_at;
} net_layout;

/* Filled by the structural pass, used once the checksum is good. */
typedef struct {
  uint32_t version;
  size_t spec_at, spec_len;
  uint32_t in_c, in_l, task, n_outputs;
  net_layout net;      /* the model itself (member 0) */
  uint32_t n_names[2]; /* class names, target names */
  size_t *name_at[2], *name_len[2];
  uint32_t n_extra;    /* further members */
  net_layout *extra;
  bool has_pipeline;
  size_t pipeline_at, pipeline_len;
  uint32_t n_info;
  size_t *info_at, *info_len; /* 2 n_info: key, value, key, value, ... */
} layout;

static void
layout_clear (layout *lo)
{
  for (int k = 0; k < 2; k++)
    {
      free (lo->name_at[k]);
      free (lo->name_len[k]);
    }
  free (lo->extra);
  free (lo->info_at);
  free (lo->info_len);
}

/* Reports that the memory for noting a part's position ran out. */
static bool
no_memory (cw_bytes_in *r)
{
  cw_error_set (r->err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read the model.");
  r->failed = true;
  return false;
}

/* n length-prefixed strings: their positions and lengths into at/len (each n long, allocated here). */
static bool
read_strings (cw_bytes_in *r, uint64_t n, size_t **at, size_t **len, const char *what)
{
  /* every string takes at least its 4-byte length: bounded before allocating */
  if (r->failed || n > (r->size - r->pos) / 4)
    return cw_bytes_need (r, UINT64_MAX, what);
  *at = calloc (n ? (size_t) n : 1, sizeof (size_t));
  *len = calloc (n ? (size_t) n : 1, sizeof (size_t));
  if (!*at || !*len)
    return no_memory (r);
  for (uint64_t i = 0; i < n && !r->failed; i++)
    {
      uint32_t l = cw_get_u32 (r, what);
      (*len)[i] = l;
      (*at)[i] = cw_bytes_skip (r, l, 1, what);
    }
  return !r->failed;
}

static bool
read_scaling (cw_bytes_in *r, const layout *lo, net_layout *net)
{
  static const char *const vector_names[4] = { "the input means", "the input scales", "the target means",
                                               "the target scales" };
  for (int k = 0; k < 4; k++)
    {
      uint64_t n = k < 2 ? (uint64_t) lo->in_c * lo->in_l : lo->n_outputs;
      unsigned present = cw_get_u8 (r, vector_names[k]);
      if (r->failed)
        return false;
      if (present > 1)
        return cw_bytes_corrupt (r, "bad flag at byte %zu", r->pos - 1);
      net->vector_at[k] = present ? cw_bytes_skip (r, n, 4, vector_names[k]) : 0;
    }
  return !r->failed;
}

static bool
read_weights (cw_bytes_in *r, net_layout *net)
{
  net->n_params = cw_get_u64 (r, "the parameters");
  net->params_at = cw_bytes_skip (r, net->n_params, 4, "the parameters");
  net->n_state = cw_get_u64 (r, "the batchnorm state");
  net->state_at = cw_bytes_skip (r, net->n_state, 4, "the batchnorm state");
  return !r->failed;
}

/* What format 2 adds: members, pipeline, record. */
static bool
read_extras (cw_bytes_in *r, layout *lo)
{
  char what[96];
  uint32_t n = cw_get_u32 (r, "the ensemble members");
  if (r->failed)
    return false;
  snprintf (what, sizeof what, "the %u ensemble members it claims", n);
  if (n > (r->size - r->pos) / MEMBER_MIN_BYTES)
    return cw_bytes_need (r, UINT64_MAX, what);
  if (n >= INT_MAX)
    return cw_bytes_corrupt (r, "it claims %u ensemble members", n);
  lo->n_extra = n;
  lo->extra = calloc (n ? n : 1, sizeof *lo->extra);
  if (!lo->extra)
    return no_memory (r);
  for (uint32_t i = 0; i < n; i++)
    if (!read_scaling (r, lo, &lo->extra[i]) || !read_weights (r, &lo->extra[i]))
      return false;

  unsigned present = cw_get_u8 (r, "the preprocessing pipeline");
  if (r->failed)
    return false;
  if (present > 1)
    return cw_bytes_corrupt (r, "bad pipeline flag at byte %zu", r->pos - 1);
  lo->has_pipeline = present;
  if (present)
    {
      uint64_t len = cw_get_u64 (r, "the preprocessing pipeline");
      snprintf (what, sizeof what, "the %llu-byte preprocessing pipeline it claims", (unsigned long long) len);
      lo->pipeline_len = (size_t) len;
      lo->pipeline_at = cw_bytes_skip (r, len, 1, what);
      if (r->failed)
        return false;
    }

  uint32_t n_info = cw_get_u32 (r, "the record");
  if (r->failed)
    return false;
  snprintf (what, sizeof what, "the %u record entries it claims", n_info);
  /* key and value each take at least their 4-byte length */
  if (n_info > (r->size - r->pos) / 8)
    return cw_bytes_need (r, UINT64_MAX, what);
  lo->n_info = n_info;
  return read_strings (r, 2 * (uint64_t) n_info, &lo->info_at, &lo->info_len, what);
}

static bool
read_layout (cw_bytes_in *r, layout *lo)
{
  uint32_t spec_len = cw_get_u32 (r, "the architecture");
  lo->spec_len = spec_len;
  lo->spec_at = cw_bytes_skip (r, spec_len, 1, "the architecture");
  lo->in_c = cw_get_u32 (r, "the input shape");
  lo->in_l = cw_get_u32 (r, "the input shape");
  lo->task = cw_get_u32 (r, "the task");
  lo->n_outputs = cw_get_u32 (r, "the task");
  if (r->failed)
    return false;
  if (lo->in_c < 1 || lo->in_c > INT_MAX || lo->in_l < 1 || lo->in_l > INT_MAX || lo->n_outputs < 1
      || lo->n_outputs > INT_MAX)
    return cw_bytes_corrupt (r, "impossible shapes (%u x %u input, %u outputs)", lo->in_c, lo->in_l,
                             lo->n_outputs);
  if (!read_scaling (r, lo, &lo->net))
    return false;
  for (int k = 0; k < 2; k++)
    {
      const char *what = k == 0 ? "the class names" : "the target names";
      lo->n_names[k] = cw_get_u32 (r, what);
      if (!read_strings (r, lo->n_names[k], &lo->name_at[k], &lo->name_len[k], what))
        return false;
    }
  if (!read_weights (r, &lo->net))
    return false;
  return lo->version < 2 || read_extras (r, lo);
}

/* ---- reading: building the model ---- */

/* Reads the whole file; NULL with CW_ERR_IO when it cannot be read. */
/* What a model read from a pipe or a device may hold at most (a real model is far smaller). */
#define MAX_STREAM_BYTES ((size_t) 1 << 30)

static unsigned char *
slurp (const char *path, size_t *size, cw_error *err)
{
  FILE *f = fopen (path, "rb");
  if (!f)
    {
      cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot open the model file '%s': %s.", path, strerror (errno));
      return NULL;
    }
  /* Bounded: a regular file by its size (it may not grow while read), anything else (a pipe, a device
   * such as /dev/zero that never ends) by MAX_STREAM_BYTES; neither past the memory available. */
  struct stat st;
  size_t limit = MAX_STREAM_BYTES;
  if (fstat (fileno (f), &st) == 0 && S_ISREG (st.st_mode))
    limit = (size_t) st.st_size;
  size_t available = cw_memory_available ();
  if (limit > available / 2)
    limit = available / 2;
  size_t len = 0, cap = 1 << 16;
  unsigned char *data = malloc (cap);
  bool no_memory = !data;
  while (data)
    {
      len += fread (data + len, 1, cap - len, f);
      if (len < cap)
        break;
      /* Not a model from its first bytes: no need to read on (the loader says what it is not). */
      if (memcmp (data, MODEL_MAGIC, MODEL_MAGIC_LEN) != 0)
        break;
      if (len > limit)
        {
          fclose (f);
          free (data);
          char limit_text[32];
          cw_format_bytes ((double) limit, limit_text);
          cw_error_set (err, CW_ERR_FORMAT, 0, 0,
                        "The model file '%s' goes on past %s without ending: it is not a model file.", path,
                        limit_text);
          return NULL;
        }
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
copy_text (const unsigned char *data, size_t at, size_t len)
{
  char *s = malloc (len + 1);
  if (!s)
    return NULL;
  memcpy (s, data + at, len);
  s[len] = '\0';
  return s;
}

/* The n strings at at/len; NULL when one holds a NUL byte (it would not read back the same). */
static char **
copy_texts (const unsigned char *data, const size_t *at, const size_t *len, size_t n)
{
  char **texts = calloc (n ? n : 1, sizeof (char *));
  if (!texts)
    return NULL;
  bool ok = true;
  for (size_t i = 0; i < n && ok; i++)
    {
      texts[i] = copy_text (data, at[i], len[i]);
      ok = texts[i] && strlen (texts[i]) == len[i];
    }
  if (ok)
    return texts;
  for (size_t i = 0; i < n; i++)
    free (texts[i]);
  free (texts);
  return NULL;
}

static void
free_texts (char **texts, size_t n)
{
  for (size_t i = 0; texts && i < n; i++)
    free (texts[i]);
  free (texts);
}

static bool
set_names_from (cw_model *m, const unsigned char *data, const layout *lo, int k)
{
  uint32_t n = lo->n_names[k];
  if (n == 0)
    return true;
  char **names = copy_texts (data, lo->name_at[k], lo->name_len[k], n);
  if (!names)
    return false;
  if (k == 0)
    cw_model_set_class_names (m, (int) n, (const char *const *) names);
  else
    cw_model_set_target_names (m, (int) n, (const char *const *) names);
  free_texts (names, n);
  return true;
}

static float *
vector_from (const unsigned char *data, size_t at, size_t n)
{
  if (!at)
    return NULL;
  float *v = malloc ((n ? n : 1) * sizeof (float));
  if (v)
    cw_decode_floats (data + at, v, n);
  return v;
}

/* Fills a built network with the weights and scaling `net` locates; false when the counts do not fit
 * its architecture. */
static bool
fill_network (cw_model *m, const unsigned char *data, const net_layout *net, const char *subject,
              const char *which, cw_error *err)
{
  if (net->n_params != m->n_params || net->n_state != m->n_state)
    {
      cw_error_set (err, CW_ERR_FORMAT, 0, 0,
                    "%s holds %llu parameters and %llu state values%s, but its architecture needs %zu and %zu.",
                    subject, (unsigned long long) net->n_params, (unsigned long long) net->n_state, which,
                    m->n_params, m->n_state);
      return false;
    }
  cw_decode_floats (data + net->params_at, m->params, m->n_params);
  cw_decode_floats (data + net->state_at, m->state, m->n_state);
  size_t in_size = (size_t) m->in_c * (size_t) m->in_l;
  float *v[4];
  bool ok = true;
  for (int k = 0; k < 4; k++)
    {
      v[k] = vector_from (data, net->vector_at[k], k < 2 ? in_size : (size_t) m->n_outputs);
      ok = ok && (v[k] || !net->vector_at[k]);
    }
  m->x_mean = v[0];
  m->x_scale = v[1];
  m->y_mean = v[2];
  m->y_scale = v[3];
  if (!ok)
    cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for the scaling of %s.", subject);
  return ok;
}

/* Members, pipeline and record of a checked format-2 file. */
static bool
rebuild_extras (cw_model *m, const unsigned char *data, const layout *lo, const char *subject, cw_error *err)
{
  for (uint32_t i = 0; i < lo->n_extra; i++)
    {
      cw_spec *spec = cw_spec_copy (m->spec);
      cw_model *member = spec ? cw_model_build (spec, m->in_c, m->in_l, m->task, m->n_outputs, err) : NULL;
      char which[64];
      snprintf (which, sizeof which, " for ensemble member %u", i + 1);
      if (!member || !fill_network (member, data, &lo->extra[i], subject, which, err))
        {
          if (!spec)
            cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for the ensemble of %s.", subject);
          cw_model_free (member);
          return false;
        }
      cw_model **grown = realloc (m->extra, (size_t) (m->n_extra + 1) * sizeof *m->extra);
      if (!grown)
        {
          cw_model_free (member);
          cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for the ensemble of %s.", subject);
          return false;
        }
      m->extra = grown;
      m->extra[m->n_extra++] = member;
    }

  if (lo->has_pipeline)
    {
      cw_error inner;
      cw_pipeline *pipe = cw_pipeline_deserialize (data + lo->pipeline_at, lo->pipeline_len, &inner);
      if (!pipe)
        {
          cw_error_set (err, CW_ERR_FORMAT, 0, 0, "%s holds a preprocessing pipeline that cannot be read: %s",
                        subject, inner.message);
          return false;
        }
      if (!cw_pipeline_is_fitted (pipe) || cw_pipeline_channels (pipe) != m->in_c
          || cw_pipeline_out_length (pipe) != m->in_l)
        {
          cw_error_set (err, CW_ERR_FORMAT, 0, 0,
                        "%s is corrupt: its preprocessing pipeline gives %d x %d values but the network takes "
                        "%d x %d.", subject, cw_pipeline_channels (pipe), cw_pipeline_out_length (pipe), m->in_c,
                        m->in_l);
          cw_pipeline_free (pipe);
          return false;
        }
      m->pipeline = pipe;
    }

  size_t n_texts = 2 * (size_t) lo->n_info;
  char **texts = copy_texts (data, lo->info_at, lo->info_len, n_texts);
  if (!texts)
    {
      cw_error_set (err, CW_ERR_FORMAT, 0, 0, "%s is corrupt: a record entry contains a NUL byte.", subject);
      return false;
    }
  bool ok = true;
  for (size_t i = 0; i < n_texts && ok; i += 2)
    {
      if (texts[i][0] == '\0' || cw_model_get_info (m, texts[i]))
        {
          cw_error_set (err, CW_ERR_FORMAT, 0, 0, "%s is corrupt: record entry %zu has %s key '%s'.", subject,
                        i / 2 + 1, texts[i][0] ? "the repeated" : "an empty", texts[i]);
          ok = false;
        }
      else
        cw_model_set_info (m, texts[i], texts[i + 1]);
    }
  free_texts (texts, n_texts);
  return ok;
}

/* Builds the model a checked file describes; NULL with the reason when the contents do not agree. */
static cw_model *
rebuild (const unsigned char *data, const layout *lo, const char *subject, cw_error *err)
{
  if (lo->task > CW_TASK_MULTILABEL)
    {
      cw_error_set (err, CW_ERR_FORMAT, 0, 0, "%s has an unknown task (%u).", subject, lo->task);
      return NULL;
    }
  char *text = copy_text (data, lo->spec_at, lo->spec_len);
  if (!text)
    {
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", subject);
      return NULL;
    }
  cw_error inner;
  cw_spec *spec = cw_spec_parse (text, &inner);
  if (!spec)
    {
      cw_error_set (err, CW_ERR_FORMAT, 0, 0, "%s holds an architecture this version cannot read: %s", subject,
                    inner.message);
      free (text);
      return NULL;
    }
  cw_model *m = cw_model_build (spec, (int) lo->in_c, (int) lo->in_l, (cw_task) lo->task, (int) lo->n_outputs,
                                &inner);
  if (!m)
    {
      cw_error_set (err, CW_ERR_FORMAT, 0, 0, "%s holds an impossible architecture '%s': %s", subject, text,
                    inner.message);
      free (text);
      return NULL;
    }
  free (text);
  if (!fill_network (m, data, &lo->net, subject, "", err))
    {
      cw_model_free (m);
      return NULL;
    }
  if (!set_names_from (m, data, lo, 0) || !set_names_from (m, data, lo, 1))
    {
      cw_error_set (err, CW_ERR_FORMAT, 0, 0, "%s is corrupt: a name contains a NUL byte.", subject);
      cw_model_free (m);
      return NULL;
    }
  if (lo->version >= 2 && !rebuild_extras (m, data, lo, subject, err))
    {
      cw_model_free (m);
      return NULL;
    }
  return m;
}

cw_model *
cw_model_load_bytes (const unsigned char *data, size_t size, const char *name, cw_error *err)
{
  assert (data || size == 0);
  cw_error_clear (err);
  /* Messages name the file when there is one: "The model file 'x.cwm' is ...", else "The model data is". */
  char subject[320];
  if (name)
    snprintf (subject, sizeof subject, "The model file '%s'", name);
  else
    snprintf (subject, sizeof subject, "The model data");

  cw_model *m = NULL;
  cw_bytes_in r = { data, size, 0, name ? "model file" : "model data", name, err, false };
  layout lo = { 0 };
  if (size < MODEL_MAGIC_LEN && size > 0 && memcmp (data, MODEL_MAGIC, size) == 0)
    cw_bytes_need (&r, MODEL_MAGIC_LEN, "the file header");
  else if (size < MODEL_MAGIC_LEN || memcmp (data, MODEL_MAGIC, MODEL_MAGIC_LEN) != 0)
    {
      if (name)
        cw_error_set (err, CW_ERR_FORMAT, 0, 0, "'%s' is not a Conv1D Workbench model file.", name);
      else
        cw_error_set (err, CW_ERR_FORMAT, 0, 0, "The data is not a Conv1D Workbench model.");
    }
  else
    {
      r.pos = MODEL_MAGIC_LEN;
      lo.version = cw_get_u32 (&r, "the file header");
      if (r.failed)
        ;
      else if (lo.version < 1 || lo.version > MODEL_VERSION)
        cw_error_set (err, CW_ERR_FORMAT, 0, 0,
                      "%s uses format %u; this version of Conv1D Workbench reads formats 1 to %u.", subject,
                      lo.version, MODEL_VERSION);
      else if (read_layout (&r, &lo))
        {
          size_t checked = r.pos;
          uint32_t stored = cw_get_u32 (&r, "the checksum");
          if (r.failed)
            ;
          else if (r.pos != size)
            cw_error_set (err, CW_ERR_FORMAT, 0, 0, "%s is corrupt: %zu unexpected bytes after byte %zu.", subject,
                          size - r.pos, r.pos);
          else if (stored != crc32_ieee (data, checked))
            cw_error_set (err, CW_ERR_FORMAT, 0, 0, "%s is corrupt: checksum mismatch.", subject);
          else
            m = rebuild (data, &lo, subject, err);
        }
    }
  layout_clear (&lo);
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
  cw_model *m = cw_model_load_bytes (data, size, path, err);
  free (data);
  return m;
}
