/* series-generate.c — a synthetic ECG recording with known beats: normal sinus beats (P, QRS, T) and
 * premature ventricular beats (early, no P wave, a wide QRS, an inverted T, then a compensatory pause),
 * each wave a Gaussian; baseline wander and white noise on top. The annotation of every beat is its R
 * peak's sample, so a detector can be scored against the truth. */
#include "cw-series-private.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

cw_ecg_recording_config
cw_ecg_recording_config_default (void)
{
  return (cw_ecg_recording_config) { .seconds = 300, .rate = 360, .heart_rate = 72, .abnormal = 0.15,
                                     .noise = 0.02, .seed = 1 };
}

typedef struct {
  double at, height, width; /* seconds from the R peak, mV, SD in seconds */
} wave;

static const wave normal_beat[] = {
  { -0.20, 0.15, 0.025 }, /* P */
  { -0.030, -0.12, 0.008 }, /* Q */
  { 0, 1.10, 0.010 },     /* R */
  { 0.030, -0.25, 0.008 },  /* S */
  { 0.28, 0.30, 0.045 },  /* T */
};

static const wave ventricular_beat[] = {
  { 0, 1.40, 0.024 },     /* wide R */
  { 0.065, -0.45, 0.020 },  /* deep S */
  { 0.32, -0.45, 0.060 }, /* inverted T */
};

static void
add_beat (double *signal, int n, double rate, double r_time, const wave *waves, int n_waves, double scale)
{
  int lo = (int) floor ((r_time - 0.5) * rate), hi = (int) ceil ((r_time + 0.7) * rate);
  for (int i = lo < 0 ? 0 : lo; i <= hi && i < n; i++)
    {
      double t = i / rate - r_time;
      for (int w = 0; w < n_waves; w++)
        {
          double z = (t - waves[w].at) / waves[w].width;
          signal[i] += scale * waves[w].height * exp (-0.5 * z * z);
        }
    }
}

cw_series *
cw_series_generate_ecg (const cw_ecg_recording_config *config, cw_annotations **beats, cw_error *err)
{
  assert (config && beats);
  cw_error_clear (err);
  *beats = NULL;
  const cw_ecg_recording_config *c = config;
  if (!(c->rate >= 50 && c->rate <= 10000))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "The rate must be 50 to 10000 Hz."), NULL;
  if (!(c->seconds >= 5 && c->seconds * c->rate <= CW_SERIES_MAX_ROWS))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "The recording must last at least 5 s and hold at "
                         "most %d samples.", CW_SERIES_MAX_ROWS), NULL;
  if (!(c->heart_rate >= 30 && c->heart_rate <= 200))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "The heart rate must be 30 to 200 beats per minute."),
           NULL;
  if (!(c->abnormal >= 0 && c->abnormal <= 0.5) || !(c->noise >= 0 && c->noise <= 1))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "The abnormal share must be 0 to 0.5 and the noise "
                         "0 to 1 mV."), NULL;
  int n = (int) floor (c->seconds * c->rate);
  cw_series *s = cw_series_alloc (n, 1, 0);
  cw_annotations *a = calloc (1, sizeof *a);
  int capacity = (int) (c->seconds * 200 / 60) + 2;
  if (s && a)
    {
      a->time = malloc ((size_t) capacity * sizeof (double));
      a->label = calloc ((size_t) capacity, sizeof (char *));
      s->source = cw_series_strdup ("generated ECG");
      s->time_name = cw_series_strdup ("time");
      s->signal_names[0] = cw_series_strdup ("mv");
    }
  if (!s || !a || !a->time || !a->label || !s->source || !s->time_name || !s->signal_names[0])
    {
      cw_series_free (s);
      cw_annotations_free (a);
      return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for the recording."), NULL;
    }
  s->rate = c->rate;
  double *signal = s->values;
  memset (signal, 0, (size_t) n * sizeof (double));
  for (int i = 0; i < n; i++)
    s->time[i] = i / c->rate;

  cw_rng rng;
  cw_rng_seed (&rng, c->seed);
  double rr = 60 / c->heart_rate;
  double t = 0.6 + 0.3 * cw_rng_uniform (&rng);
  bool after_ventricular = false;
  while (t < c->seconds - 0.8 && a->n < capacity)
    {
      /* No two ventricular beats in a row: each one is followed by its compensatory pause. */
      bool ventricular = !after_ventricular && a->n > 0 && cw_rng_uniform (&rng) < c->abnormal;
      double r_time = t;
      if (ventricular)
        r_time = a->time[a->n - 1] + rr * (0.62 + 0.06 * cw_rng_uniform (&rng));
      int sample = (int) lround (r_time * c->rate);
      r_time = sample / c->rate;
      double scale = 1 + 0.08 * cw_rng_normal (&rng);
      if (ventricular)
        add_beat (signal, n, c->rate, r_time, ventricular_beat, 3, scale);
      else
        add_beat (signal, n, c->rate, r_time, normal_beat, 5, scale);
      a->label[a->n] = cw_series_strdup (ventricular ? "V" : "N");
      if (!a->label[a->n])
        {
          cw_series_free (s);
          cw_annotations_free (a);
          return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for the recording."), NULL;
        }
      a->time[a->n++] = r_time;
      after_ventricular = ventricular;
      /* Sinus rhythm with a little variability; after an early beat the next comes a full pause later. */
      double beat_rr = rr * (1 + 0.05 * cw_rng_normal (&rng));
      t = ventricular ? r_time + 1.35 * rr : r_time + beat_rr;
    }
  /* Baseline wander (breathing) and white noise. */
  double phase1 = 2 * M_PI * cw_rng_uniform (&rng), phase2 = 2 * M_PI * cw_rng_uniform (&rng);
  for (int i = 0; i < n; i++)
    {
      double time = i / c->rate;
      signal[i] += 0.10 * sin (2 * M_PI * 0.25 * time + phase1) + 0.05 * sin (2 * M_PI * 0.07 * time + phase2)
                   + c->noise * cw_rng_normal (&rng);
    }
  *beats = a;
  return s;
}
