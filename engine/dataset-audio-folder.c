/* dataset-audio-folder.c — a folder of audio clips as one dataset. A network wants one rate and one length,
 * and clips rarely agree on either, so every clip is resampled to the rate most of them have and then cropped
 * (its start kept) or zero-padded at its end to a fixed length; the dataset's note says what was done, so a
 * user is never surprised that a clip was cut. The folder walk, the targets CSV and the sub-folder labels
 * are dataset-folder.c's; this file turns the clips it found into signals. */
#include "cw-data-private.h"
#include "cw-numtext-private.h"
#include "cw-readers-private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool
has_suffix (const char *name, const char *ext)
{
  size_t n = strlen (name), e = strlen (ext);
  return n > e && name[n - e - 1] == '.' && strcasecmp (name + n - e, ext) == 0;
}

bool
cw_audio_is_file_name (const char *name)
{
  return (has_suffix (name, "wav") || has_suffix (name, "flac") || has_suffix (name, "ogg")
                            || has_suffix (name, "oga") || has_suffix (name, "opus"));
}

/* Frames a clip of `frames` at rate `from` has at rate `to`: the same duration, first and last frames kept. */
static int64_t
resampled_frames (int frames, double from, double to)
{
  if (from == to)
    return frames;
  return (int64_t) floor ((frames - 1) * to / from + 1e-9) + 1;
}

/* Linear interpolation between neighbouring frames. Chosen over a windowed sinc for its simplicity and
 * predictability: it is exact for a rate that divides the other and keeps a sine's amplitude to within a
 * few per cent below a quarter of the rate; downsampling does not low-pass first, so content above the new
 * Nyquist frequency aliases (the note says the clips were resampled, and by which method). */
static void
resample_linear (const double *in, int frames, int channels, double from, double to, double *out, int64_t m)
{
  double step = from / to;
  for (int64_t k = 0; k < m; k++)
    {
      double pos = k * step;
      int64_t i = (int64_t) pos;
      if (i >= frames - 1)
        i = frames > 1 ? frames - 2 : 0;
      double w = frames > 1 ? pos - (double) i : 0;
      if (w > 1)
        w = 1;
      for (int ch = 0; ch < channels; ch++)
        {
          double a = in[(size_t) i * channels + ch];
          double b = frames > 1 ? in[(size_t) (i + 1) * channels + ch] : a;
          out[(size_t) k * channels + ch] = a + w * (b - a);
        }
    }
}

/* The rate most clips have; on a tie the higher, so fewer clips lose bandwidth. */
static double
common_rate (const cw_audio_clip *clips, int n)
{
  double best = clips[0].rate;
  int best_count = 0;
  for (int i = 0; i < n; i++)
    {
      int count = 0;
      for (int j = 0; j < n; j++)
        count += clips[j].rate == clips[i].rate;
      if (count > best_count || (count == best_count && clips[i].rate > best))
        {
          best = clips[i].rate;
          best_count = count;
        }
    }
  return best;
}

cw_dataset *
cw_audio_folder_dataset (const char *dir, const char *const *files, const char *const *labels, int n,
                         int audio_length, cw_error *err)
{
  if (n < 1)
    return cw_error_set (err, CW_ERR_PARSE, 0, 0, "%s holds no audio clips.", dir), NULL;
  if (audio_length < 0 || audio_length > CW_READER_MAX_POINTS)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "An audio length of %d samples; between 1 and %d "
                         "(or 0 for the shortest clip's).", audio_length, CW_READER_MAX_POINTS), NULL;
  cw_audio_clip *clips = calloc ((size_t) n, sizeof *clips);
  cw_dataset *ds = NULL;
  char path[4096];
  if (!clips)
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", dir), NULL;
  size_t total = 0;
  for (int i = 0; i < n; i++)
    {
      if (snprintf (path, sizeof path, "%s/%s", dir, files[i]) >= (int) sizeof path)
        {
          cw_error_set (err, CW_ERR_IO, 0, 0, "%s/%s: the path is too long.", dir, files[i]);
          goto out;
        }
      if (!cw_audio_read_clip (path, &clips[i], err))
        goto out;
      if (clips[i].channels != clips[0].channels)
        {
          cw_error_set (err, CW_ERR_PARSE, 0, 0, "%s: %s has %d channels but %s has %d; the clips of one dataset "
                        "share their channels.", dir, files[i], clips[i].channels, files[0], clips[0].channels);
          goto out;
        }
      /* Decoded clips stay in memory until the dataset is built: bound their sum, not just each. */
      total += (size_t) clips[i].frames * (size_t) clips[i].channels;
      if (total > CW_READER_MAX_VALUES)
        {
          cw_error_set (err, CW_ERR_NOMEM, 0, 0, "%s: the clips up to %s hold more than %zu values.", dir,
                        files[i], CW_READER_MAX_VALUES);
          goto out;
        }
    }
  int channels = clips[0].channels;
  double rate = common_rate (clips, n);
  int resampled = 0, shortest_i = 0;
  int64_t shortest = INT64_MAX;
  for (int i = 0; i < n; i++)
    {
      int64_t m = resampled_frames (clips[i].frames, clips[i].rate, rate);
      if (m > CW_READER_MAX_POINTS)
        {
          cw_error_set (err, CW_ERR_NOMEM, 0, 0, "%s: %s at %g Hz would have %lld frames, more than the %d a clip "
                        "may have.", dir, files[i], rate, (long long) m, CW_READER_MAX_POINTS);
          goto out;
        }
      if (m < shortest)
        shortest = m, shortest_i = i;
      if (clips[i].rate == rate)
        continue;
      double *out = malloc ((size_t) m * (size_t) channels * sizeof *out);
      if (!out)
        {
          cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to resample %s.", files[i]);
          goto out;
        }
      resample_linear (clips[i].values, clips[i].frames, channels, clips[i].rate, rate, out, m);
      free (clips[i].values);
      clips[i].values = out;
      clips[i].frames = (int) m;
      clips[i].rate = rate;
      resampled++;
    }
  int length = audio_length > 0 ? audio_length : (int) shortest;
  if ((size_t) n * (size_t) channels * (size_t) length > CW_READER_MAX_VALUES)
    {
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "%s: %d clips of %d channels x %d samples are too many values.", dir,
                    n, channels, length);
      goto out;
    }
  ds = cw_dataset_alloc (n, channels, length, labels ? 1 : 0, 1);
  bool ok = ds && (ds->source = strdup (dir)) && cw_dataset_set_axis_unit (ds, "Time (s)")
            && (ds->meta_names[0] = strdup ("file"));
  char buf[40];
  for (int t = 0; ok && t < length; t++)
    {
      ds->axis[t] = t / rate;
      cw_format_double (ds->axis[t], buf, sizeof buf);
      ok = (ds->axis_labels[t] = strdup (buf)) != NULL;
    }
  int cropped = 0, padded = 0;
  for (int i = 0; ok && i < n; i++)
    {
      const cw_audio_clip *c = &clips[i];
      int keep = c->frames < length ? c->frames : length;
      cropped += c->frames > length;
      padded += c->frames < length;
      /* x is zeroed by cw_dataset_alloc: the padding is already there. */
      for (int ch = 0; ch < channels; ch++)
        for (int t = 0; t < keep; t++)
          {
            size_t at = ((size_t) i * channels + ch) * length + t;
            ds->x64[at] = c->values[(size_t) t * channels + ch];
            ds->x[at] = (float) ds->x64[at];
          }
      ok = (ds->meta_values[i] = strdup (files[i])) != NULL;
    }
  if (ok && labels)
    {
      ok = (ds->targets[0].name = strdup ("label")) != NULL && cw_dataset_set_classes (ds, 0, labels);
    }
  if (ok && (resampled || cropped || padded))
    {
      char note[768];
      int used = 0;
      if (resampled)
        used += snprintf (note + used, sizeof note - used, "%d of %d clips were resampled (linear interpolation) "
                          "to %g Hz, the rate most clips have. ", resampled, n, rate);
      if (cropped || padded)
        snprintf (note + used, sizeof note - used, "Clips were made %d samples (%g s) long%s%s: %d cropped (start "
                  "kept), %d zero-padded at the end.", length, length / rate,
                  audio_length > 0 ? "" : ", the shortest clip's length, ", audio_length > 0 ? "" : files[shortest_i],
                  cropped, padded);
      ok = (ds->note = strdup (note)) != NULL;
    }
  if (!ok)
    {
      cw_dataset_free (ds);
      ds = NULL;
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", dir);
    }
out:
  for (int i = 0; i < n; i++)
    cw_audio_clip_clear (&clips[i]);
  free (clips);
  return ds;
}
