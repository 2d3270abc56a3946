/* series-peaks.c — peak detection in the manner of Pan and Tompkins (1985): band-pass, derivative,
 * squaring and moving-window integration turn each QRS complex (or any sharp event) into one smooth hump;
 * adaptive signal and noise levels set the threshold, a refractory period keeps one peak per event and a
 * search back at half the threshold recovers beats missed after a long pause. The recording is processed
 * offline, so every filter is a centred (zero-phase) moving average: the humps sit on the events, not a
 * filter delay after them. */
#include "cw-series.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

cw_peak_options
cw_peak_options_default (void)
{
  return (cw_peak_options) { .low_hz = 5, .high_hz = 15, .integration_s = 0.15, .refractory_s = 0.2,
                             .search_back = 1.66 };
}

/* out[i] = mean of x over the `width` samples centred on i (fewer at the ends). */
static void
moving_average (const double *x, int n, int width, double *prefix, double *out)
{
  prefix[0] = 0;
  for (int i = 0; i < n; i++)
    prefix[i + 1] = prefix[i] + x[i];
  int half = width / 2;
  for (int i = 0; i < n; i++)
    {
      int lo = i - half < 0 ? 0 : i - half, hi = i + half + 1 > n ? n : i + half + 1;
      out[i] = (prefix[hi] - prefix[lo]) / (hi - lo);
    }
}

/* The width of a moving average whose response falls to half power at hz (0.443 rate / width). */
static int
width_for_cutoff (double rate, double hz)
{
  int w = (int) lround (0.443 * rate / hz);
  return w < 1 ? 1 : w | 1;
}

typedef struct {
  int index;
  double value;
} hump;

int
cw_series_detect_peaks (const double *x, int n, double rate, const cw_peak_options *options, int **peaks,
                        cw_error *err)
{
  assert (x && peaks);
  cw_error_clear (err);
  *peaks = NULL;
  cw_peak_options o = options ? *options : cw_peak_options_default ();
  if (!(rate > 0) || !isfinite (rate))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "The sampling rate must be positive."), -1;
  if (!(o.low_hz > 0 && o.high_hz > o.low_hz && o.high_hz < rate / 2))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "The band-pass %g-%g Hz does not fit a signal "
                         "sampled at %g Hz (it needs 0 < low < high < rate / 2).", o.low_hz, o.high_hz, rate), -1;
  if (!(o.integration_s > 0) || !(o.refractory_s >= 0) || !(o.search_back >= 0))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "The integration window must be positive and the "
                         "refractory period and search back not negative."), -1;
  if (n < rate || n < 16)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "The signal has %d samples: peak detection needs "
                         "at least one second (%.0f samples).", n, ceil (rate)), -1;

  double *prefix = malloc ((size_t) (n + 1) * sizeof (double));
  double *band = malloc ((size_t) n * sizeof (double));
  double *work = malloc ((size_t) n * sizeof (double));
  double *energy = malloc ((size_t) n * sizeof (double));
  hump *humps = malloc ((size_t) (n / 2 + 1) * sizeof (hump));
  int *found = malloc ((size_t) (n / 2 + 1) * sizeof (int));
  int count = -1;
  if (!prefix || !band || !work || !energy || !humps || !found)
    {
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to find peaks in %d samples.", n);
      goto out;
    }
  /* Band-pass: a low-pass moving average minus its own slower moving average. */
  moving_average (x, n, width_for_cutoff (rate, o.high_hz), prefix, band);
  moving_average (band, n, width_for_cutoff (rate, o.low_hz), prefix, work);
  for (int i = 0; i < n; i++)
    band[i] -= work[i];
  /* Five-point derivative, squared, integrated. */
  for (int i = 0; i < n; i++)
    {
      double d = 0;
      if (i >= 2 && i < n - 2)
        d = (2 * band[i + 1] + band[i + 2] - band[i - 2] - 2 * band[i - 1]) * rate / 8;
      work[i] = d * d;
    }
  int integration = (int) lround (o.integration_s * rate) | 1;
  moving_average (work, n, integration, prefix, energy);

  /* Humps: local maxima of the integrated energy, the higher one kept within a refractory period. */
  int refractory = (int) lround (o.refractory_s * rate);
  int n_humps = 0;
  for (int i = 1; i < n - 1; i++)
    if (energy[i] > energy[i - 1] && energy[i] >= energy[i + 1])
      {
        if (n_humps > 0 && i - humps[n_humps - 1].index < refractory)
          {
            if (energy[i] > humps[n_humps - 1].value)
              humps[n_humps - 1] = (hump) { i, energy[i] };
            continue;
          }
        humps[n_humps++] = (hump) { i, energy[i] };
      }

  /* Pan–Tompkins levels, learnt over the first two seconds. */
  int learn = (int) fmin (n, 2 * rate);
  double peak_max = 0, mean = 0;
  for (int i = 0; i < learn; i++)
    {
      peak_max = fmax (peak_max, energy[i]);
      mean += energy[i] / learn;
    }
  double signal_level = 0.25 * peak_max, noise_level = 0.5 * mean;
  double threshold = noise_level + 0.25 * (signal_level - noise_level);
  double rr[8];
  int n_rr = 0, n_found = 0, last_hump = -1; /* index into humps of the last accepted one */
  for (int h = 0; h < n_humps; h++)
    {
      int i = humps[h].index;
      double v = humps[h].value;
      /* Search back: no beat for too long, take the strongest skipped hump above half the threshold. */
      if (n_found > 0 && n_rr > 0 && o.search_back > 0)
        {
          double mean_rr = 0;
          for (int k = 0; k < n_rr; k++)
            mean_rr += rr[k] / n_rr;
          int last = found[n_found - 1];
          if (i - last > o.search_back * mean_rr)
            {
              int best = -1;
              for (int k = last_hump + 1; k < h; k++)
                if (humps[k].index - last >= refractory && i - humps[k].index >= refractory
                    && humps[k].value > threshold / 2 && (best < 0 || humps[k].value > humps[best].value))
                  best = k;
              if (best >= 0)
                {
                  found[n_found++] = humps[best].index;
                  signal_level = 0.25 * humps[best].value + 0.75 * signal_level;
                  last_hump = best;
                }
            }
        }
      if (v > threshold && (n_found == 0 || i - found[n_found - 1] >= refractory))
        {
          if (n_found > 0)
            {
              if (n_rr == 8)
                memmove (rr, rr + 1, 7 * sizeof (double));
              else
                n_rr++;
              rr[n_rr - 1] = i - found[n_found - 1];
            }
          found[n_found++] = i;
          last_hump = h;
          signal_level = 0.125 * v + 0.875 * signal_level;
        }
      else
        noise_level = 0.125 * v + 0.875 * noise_level;
      threshold = noise_level + 0.25 * (signal_level - noise_level);
    }

  /* Each hump onto its event: the largest band-passed deviation within the integration window (its sign
   * is the event's polarity), then the largest deviation of that sign in the high-passed raw signal
   * nearby, where the band-pass's smoothing no longer blurs the position. */
  moving_average (x, n, width_for_cutoff (rate, o.low_hz), prefix, work);
  int reach = integration / 2, fine = (int) lround (0.03 * rate);
  count = 0;
  for (int k = 0; k < n_found; k++)
    {
      int c = found[k], best = c;
      for (int i = c - reach < 0 ? 0 : c - reach; i <= c + reach && i < n; i++)
        if (fabs (band[i]) > fabs (band[best]))
          best = i;
      double sign = band[best] >= 0 ? 1 : -1;
      int at = best;
      for (int i = best - fine < 0 ? 0 : best - fine; i <= best + fine && i < n; i++)
        if (sign * (x[i] - work[i]) > sign * (x[at] - work[at]))
          at = i;
      if (count > 0 && at - found[count - 1] < refractory)
        continue;
      found[count++] = at;
    }
  if (count > 0)
    {
      *peaks = malloc ((size_t) count * sizeof (int));
      if (!*peaks)
        {
          cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to find peaks in %d samples.", n);
          count = -1;
          goto out;
        }
      memcpy (*peaks, found, (size_t) count * sizeof (int));
    }
out:
  free (prefix);
  free (band);
  free (work);
  free (energy);
  free (humps);
  free (found);
  return count;
}
