/* dataset-audio.c — audio files through libsndfile: a clip decoded from bytes already in memory (so
 * cw_dataset_parse works on audio as on every other format, and the size limits of cw_read_whole_file
 * apply), one clip as a one-sample dataset on a time axis, and the clip's values for other callers. */
#include "cw-data-private.h"
#include "cw-numtext-private.h"
#include "cw-readers-private.h"

#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- libsndfile reading from memory ---- */

typedef struct {
  const unsigned char *data;
  sf_count_t size, pos;
} memory_file;

static sf_count_t
mem_length (void *user)
{
  return ((memory_file *) user)->size;
}

static sf_count_t
mem_seek (sf_count_t offset, int whence, void *user)
{
  memory_file *m = user;
  sf_count_t to = whence == SEEK_SET ? offset : whence == SEEK_CUR ? m->pos + offset : m->size + offset;
  if (to < 0 || to > m->size)
    return -1;
  return m->pos = to;
}

static sf_count_t
mem_read (void *ptr, sf_count_t count, void *user)
{
  memory_file *m = user;
  sf_count_t left = m->size - m->pos;
  if (count > left)
    count = left;
  if (count > 0)
    memcpy (ptr, m->data + m->pos, (size_t) count);
  m->pos += count;
  return count;
}

static sf_count_t
mem_write (const void *ptr, sf_count_t count, void *user)
{
  (void) ptr, (void) count, (void) user;
  return 0; /* opened for reading only */
}

static sf_count_t
mem_tell (void *user)
{
  return ((memory_file *) user)->pos;
}

bool
cw_audio_decode (const unsigned char *data, size_t size, const char *name, cw_audio_clip *out, cw_error *err)
{
  memset (out, 0, sizeof *out);
  memory_file m = { .data = data, .size = (sf_count_t) size };
  SF_VIRTUAL_IO io = { mem_length, mem_seek, mem_read, mem_write, mem_tell };
  SF_INFO info = { 0 };
  SNDFILE *f = sf_open_virtual (&io, SFM_READ, &info, &m);
  if (!f)
    return cw_error_set (err, CW_ERR_PARSE, 0, 0, "%s is not an audio file libsndfile can read: %s", name,
                         sf_strerror (NULL)), false;
  /* Bound everything before allocating: a header can claim any frame count. */
  bool ok = false;
  if (info.channels < 1 || info.channels > CW_AUDIO_MAX_CHANNELS)
    cw_error_set (err, CW_ERR_PARSE, 0, 0, "%s has %d channels; between 1 and %d are read.", name, info.channels,
                  CW_AUDIO_MAX_CHANNELS);
  else if (!(info.samplerate > 0))
    cw_error_set (err, CW_ERR_PARSE, 0, 0, "%s has a sample rate of %d Hz.", name, info.samplerate);
  else if (info.frames < 1)
    cw_error_set (err, CW_ERR_PARSE, 0, 0, "%s holds no audio frames.", name);
  else if (info.frames > CW_READER_MAX_POINTS
           || (uint64_t) info.frames * (uint64_t) info.channels > CW_READER_MAX_VALUES)
    cw_error_set (err, CW_ERR_NOMEM, 0, 0, "%s has %lld frames of %d channels, more than the %d frames (%zu "
                  "values) a clip may have.", name, (long long) info.frames, info.channels, CW_READER_MAX_POINTS,
                  CW_READER_MAX_VALUES);
  else if (!(out->values = malloc ((size_t) info.frames * (size_t) info.channels * sizeof (double))))
    cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
  else
    {
      /* Normalised reading: integer PCM comes as value / 2^(bits-1), so a 16-bit clip is exact in double. */
      sf_command (f, SFC_SET_NORM_DOUBLE, NULL, SF_TRUE);
      sf_count_t got = sf_readf_double (f, out->values, info.frames);
      if (got != info.frames)
        {
          /* A truncated file: libsndfile reads what is there; a short clip would hide the damage. */
          const char *why = sf_error (f) ? sf_strerror (f) : "the file ends early";
          cw_error_set (err, CW_ERR_PARSE, 0, 0, "%s: read %lld of the %lld frames its header announces: %s.",
                        name, (long long) got, (long long) info.frames, why);
        }
      else
        {
          out->frames = (int) info.frames;
          out->channels = info.channels;
          out->rate = info.samplerate;
          ok = true;
        }
    }
  sf_close (f);
  if (!ok)
    cw_audio_clip_clear (out);
  return ok;
}

void
cw_audio_clip_clear (cw_audio_clip *c)
{
  free (c->values);
  memset (c, 0, sizeof *c);
}

bool
cw_audio_is_magic (const unsigned char *b, size_t size)
{
  return (size >= 12 && (memcmp (b, "RIFF", 4) == 0 || memcmp (b, "RF64", 4) == 0) && memcmp (b + 8, "WAVE", 4) == 0)
         || (size >= 4 && (memcmp (b, "fLaC", 4) == 0 || memcmp (b, "OggS", 4) == 0));
}

/* ---- one clip as a dataset ---- */

/* The clip as one sample of `channels` rows on a time axis t / rate (seconds). */
static cw_dataset *
clip_dataset (const cw_audio_clip *c, const char *name, cw_error *err)
{
  cw_dataset *ds = cw_dataset_alloc (1, c->channels, c->frames, 0, 0);
  bool ok = ds && (ds->source = strdup (name)) && cw_dataset_set_axis_unit (ds, "Time (s)");
  char buf[40];
  for (int t = 0; ok && t < c->frames; t++)
    {
      ds->axis[t] = t / c->rate;
      cw_format_double (ds->axis[t], buf, sizeof buf);
      ok = (ds->axis_labels[t] = strdup (buf)) != NULL;
    }
  /* Interleaved frames into the dataset's channel-major rows. */
  for (int ch = 0; ok && ch < c->channels; ch++)
    for (int t = 0; t < c->frames; t++)
      {
        double v = c->values[(size_t) t * c->channels + ch];
        ds->x64[(size_t) ch * c->frames + t] = v;
        ds->x[(size_t) ch * c->frames + t] = (float) v;
      }
  if (!ok)
    {
      cw_dataset_free (ds);
      return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name), NULL;
    }
  return ds;
}

cw_dataset *
cw_audio_parse (const unsigned char *data, size_t size, const char *name, cw_error *err)
{
  cw_audio_clip c;
  if (!cw_audio_decode (data, size, name, &c, err))
    return NULL;
  cw_dataset *ds = clip_dataset (&c, name, err);
  cw_audio_clip_clear (&c);
  return ds;
}

bool
cw_audio_read_clip (const char *path, cw_audio_clip *out, cw_error *err)
{
  unsigned char *data;
  size_t size;
  memset (out, 0, sizeof *out);
  if (!cw_read_whole_file (path, CW_AUDIO_MAX_FILE_BYTES, &data, &size, err))
    return false;
  bool ok = cw_audio_decode (data, size, path, out, err);
  free (data);
  return ok;
}

cw_status
cw_audio_read (const char *path, double **values, int64_t *frames, int *channels, double *rate, cw_error *err)
{
  cw_error local;
  if (!err)
    err = &local; /* the status is wanted even when the text is not */
  cw_error_clear (err);
  cw_audio_clip c;
  *values = NULL;
  *frames = 0;
  *channels = 0;
  *rate = 0;
  if (!cw_audio_read_clip (path, &c, err))
    return err->status;
  *values = c.values;
  *frames = c.frames;
  *channels = c.channels;
  *rate = c.rate;
  return CW_OK;
}
