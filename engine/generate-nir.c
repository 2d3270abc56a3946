/* generate-nir.c — NIR absorbance spectra of meat-like samples (fat + water + protein = 100 %) in which the
 * composition shows nonlinearly, as in real transmission spectra of heterogeneous samples: bands that move
 * and broaden with temperature and content, a path length that changes with the fat content, stray light.
 * The model and its numbers are documented in cw-generate.h (CW_GEN_NIR).
 *
 * Row roles first (exact counts, shuffled), then each row from the same generator stream. Every random
 * number of a row is drawn whatever the nonlinearity, so one seed gives the same samples (composition,
 * temperature, baseline, noise, roles) at every nonlinearity and only their spectra differ. */
#include "cw-generate-private.h"
#include "cw-data-private.h"
#include "cw-numtext-private.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the samples ---- */

/* Temperature: N(25, 4) °C, kept inside [15, 35] and rounded to 0.1 °C (the meta column holds the value
 * the spectrum was made with). */
#define REFERENCE_TEMPERATURE 25.0
#define TEMPERATURE_SD 4.0
#define TEMPERATURE_MIN 15.0
#define TEMPERATURE_MAX 35.0
/* Fat: min + (max - min) u^1.5, skewed to lean samples as meat is (1-50 %: mean 20.6 %, SD 14.7 %).
 * Lean tissue (100 - fat) is water and protein, water's share N(0.775, 0.02) inside [0.70, 0.85]. */
#define FAT_SKEW 1.5
#define LEAN_WATER_MEAN 0.775
#define LEAN_WATER_SD 0.02
#define LEAN_WATER_MIN 0.70
#define LEAN_WATER_MAX 0.85
/* Contents at which the content shifts of the bands are zero (about the means of the defaults). */
static const double reference_content[CW_NIR_N_CONSTITUENTS] = { 20, 62, 18 };

/* ---- the effects at nonlinearity 1 (each scales with the nonlinearity) ---- */

/* Path length L = exp(eta (PATH_SD z + PATH_PER_FAT (fat - 20) / 100)): scatter lengthens the light's
 * way through the sample, and fat scatters more than lean tissue. */
#define PATH_SD 0.08
#define PATH_PER_FAT 0.6
/* Stray light: a fraction eta STRAY_LIGHT of the light reaches the detector unabsorbed, so the measured
 * absorbance -log10(10^-A + s) saturates where A is high. */
#define STRAY_LIGHT 4e-4
/* Background absorbance of the sample matrix and the cell: BACKGROUND + BACKGROUND_SLOPE (nm - 850)/200. */
#define BACKGROUND 2.3
#define BACKGROUND_SLOPE 0.3

/* The bands. Heights are absorbance per 1 % of the constituent, so that at the default composition the
 * constituents add about 0.2-0.5 to the 2.3-2.6 of the background, as in meat spectra (Tecator: 2-5.5). */
static const cw_nir_band bands[] = {
  /* fat: C-H stretch overtones and combinations; bands broaden as fat melts */
  { CW_NIR_FAT, 930, 28, 0.0100, false, 0.05, 0.0, 0.004, "C-H 3rd overtone (CH2)" },
  { CW_NIR_FAT, 912, 22, 0.0045, false, 0.05, 0.0, 0.004, "C-H 3rd overtone (CH3)" },
  { CW_NIR_FAT, 1040, 40, 0.0050, false, 0.05, 0.0, 0.004, "C-H combination" },
  { CW_NIR_FAT, 880, 60, 0.0015, true, 0.0, 0.0, 0.0, "C-H shoulder" },
  /* water: hydrogen bonding weakens with temperature (the O-H band moves to shorter wavelengths and
   * narrows) and with the water content (less bound water) */
  { CW_NIR_WATER, 970, 55, 0.0080, false, -0.45, -0.12, -0.004, "O-H 2nd overtone" },
  { CW_NIR_WATER, 990, 60, 0.0025, true, -0.30, -0.08, -0.004, "O-H shoulder (bound water)" },
  /* protein: N-H, hydrogen-bonded too */
  { CW_NIR_PROTEIN, 1020, 50, 0.0090, false, -0.20, 0.0, 0.0, "N-H 2nd overtone" },
  { CW_NIR_PROTEIN, 905, 45, 0.0030, false, 0.0, 0.0, 0.0, "C-H 3rd overtone (protein)" },
};
#define N_BANDS ((int) (sizeof bands / sizeof bands[0]))

static const char *const constituent_names[CW_NIR_N_CONSTITUENTS] = { "fat", "water", "protein" };
static const char *const role_words[3] = { "train", "monitor", "test" };

const char *
cw_nir_constituent_name (cw_nir_constituent k)
{
  assert (k >= 0 && k < CW_NIR_N_CONSTITUENTS);
  return constituent_names[k];
}

int
cw_nir_bands (const cw_nir_band **out)
{
  if (out)
    *out = bands;
  return N_BANDS;
}

/* The range of constituent k's content (%) over every sample the config can draw. */
static void
content_range (const cw_generator_config *c, int k, double *lo, double *hi)
{
  double lean_lo = 100 - c->fat_max, lean_hi = 100 - c->fat_min;
  switch (k)
    {
    case CW_NIR_FAT:
      *lo = c->fat_min;
      *hi = c->fat_max;
      break;
    case CW_NIR_WATER:
      *lo = lean_lo * LEAN_WATER_MIN;
      *hi = lean_hi * LEAN_WATER_MAX;
      break;
    default:
      *lo = lean_lo * (1 - LEAN_WATER_MAX);
      *hi = lean_hi * (1 - LEAN_WATER_MIN);
      break;
    }
}

/* Centre shift of band b (nm) for a sample; linear in temperature and content, so its extremes lie at the
 * corners of their ranges. */
static double
band_shift (double eta, const cw_nir_band *band, double temperature, double content)
{
  return eta * (band->shift_per_degree * (temperature - REFERENCE_TEMPERATURE)
                + band->shift_per_percent * (content - reference_content[band->constituent]));
}

void
cw_nir_band_centre_range (const cw_generator_config *c, int b, double *lo, double *hi)
{
  assert (b >= 0 && b < N_BANDS);
  const cw_nir_band *band = &bands[b];
  double content_lo, content_hi;
  content_range (c, band->constituent, &content_lo, &content_hi);
  *lo = *hi = band->centre;
  for (int corner = 0; corner < 4; corner++)
    {
      double t = corner & 1 ? TEMPERATURE_MAX : TEMPERATURE_MIN;
      double x = corner & 2 ? content_hi : content_lo;
      double centre = band->centre + band_shift (c->nonlinearity, band, t, x);
      *lo = fmin (*lo, centre);
      *hi = fmax (*hi, centre);
    }
}

/* Gaussian exp(-4 ln2 u^2) or Lorentzian 1 / (1 + 4 u^2), u = (l - centre) / fwhm: 1 at the centre. */
static double
band_profile (bool lorentzian, double centre, double fwhm, double l)
{
  double u = (l - centre) / fwhm;
  return lorentzian ? 1 / (1 + 4 * u * u) : exp (-4 * M_LN2 * u * u);
}

static double
background (double l)
{
  return BACKGROUND + BACKGROUND_SLOPE * (l - 850) / 200;
}

void
cw_nir_pure_spectra (const double *axis, int length, double *spectra)
{
  assert (axis && spectra && length > 0);
  memset (spectra, 0, (size_t) (1 + CW_NIR_N_CONSTITUENTS) * (size_t) length * sizeof (double));
  for (int t = 0; t < length; t++)
    {
      spectra[t] = background (axis[t]);
      for (int b = 0; b < N_BANDS; b++)
        spectra[(size_t) (1 + bands[b].constituent) * (size_t) length + (size_t) t]
          += bands[b].height * band_profile (bands[b].lorentzian, bands[b].centre, bands[b].fwhm, axis[t]);
    }
}

void
cw_nir_split_counts (const cw_generator_config *c, int counts[3])
{
  double total = c->split[0] + c->split[1] + c->split[2];
  double remainder[3];
  int given = 0;
  for (int r = 0; r < 3; r++)
    {
      double share = c->split[r] / total * c->n;
      /* 60/20/20 of 215 is 129/43/43 whatever the rounding of the products */
      counts[r] = (int) floor (share + 1e-9);
      remainder[r] = share - counts[r];
      given += counts[r];
    }
  while (given < c->n)
    {
      int best = 0;
      for (int r = 1; r < 3; r++)
        if (remainder[r] > remainder[best] + 1e-12)
          best = r;
      counts[best]++;
      remainder[best] = -1;
      given++;
    }
}

/* ---- configuration ---- */

void
cw_nir_config_default (cw_generator_config *c)
{
  c->n = 215;
  c->length = 100;
  c->axis_min = 850;
  c->axis_max = 1050;
  c->noise = 0.01;
  c->baseline_offset = 0.2;
  c->baseline_slope = 0.05;
  c->baseline_curvature = 0;
  c->nonlinearity = 1;
  c->fat_min = 1;
  c->fat_max = 50;
  c->split[0] = 60;
  c->split[1] = 20;
  c->split[2] = 20;
}

cw_status
cw_nir_config_check (const cw_generator_config *c, cw_error *err)
{
  if (!(isfinite (c->axis_min) && isfinite (c->axis_max) && c->axis_min > 0 && c->axis_min < c->axis_max))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The wavelength range needs 0 < min < max (got %g .. %g nm).", c->axis_min,
                         c->axis_max);
  if (!(c->nonlinearity >= 0 && c->nonlinearity <= 2))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The nonlinearity must be between 0 (a linear mixture) and 2 (got %g).",
                         c->nonlinearity);
  if (!(c->fat_min >= 0 && c->fat_max <= 100 && c->fat_min < c->fat_max))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The fat range needs 0 <= fat_min < fat_max <= 100 %% (got %g .. %g).", c->fat_min,
                         c->fat_max);
  if (!(c->baseline_offset >= 0 && c->baseline_slope >= 0 && c->baseline_curvature >= 0)
      || !isfinite (c->baseline_offset + c->baseline_slope + c->baseline_curvature))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The baseline SDs (offset, slope, curvature) must be finite and >= 0.");
  for (int r = 0; r < 3; r++)
    if (!(c->split[r] >= 0) || !isfinite (c->split[r]))
      return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                           "The split proportion of the %s rows must be a finite number >= 0 (got %g).",
                           role_words[r], c->split[r]);
  if (!(c->split[0] > 0))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The split needs train rows: its train proportion is 0.");
  return CW_OK;
}

/* ---- one sample ---- */

typedef struct {
  double content[CW_NIR_N_CONSTITUENTS]; /* %, rounded to 0.01 and adding up to 100 */
  double temperature;                   /* °C */
  double path;                          /* relative path length, 1 at nonlinearity 0 */
  double offset, slope, curvature;      /* baseline b0 + b1 u + b2 u^2, u in [-1, 1] across the axis */
} nir_sample;

static double
round_to (double v, double step)
{
  return round (v / step) * step;
}

static double
clamp (double v, double lo, double hi)
{
  return v < lo ? lo : v > hi ? hi : v;
}

/* Draws the sample's variables, always the same 7 numbers whatever the config's nonlinearity. */
static void
draw_sample (cw_rng *rng, const cw_generator_config *c, nir_sample *s)
{
  double u = cw_rng_uniform (rng);
  double lean_water = clamp (LEAN_WATER_MEAN + LEAN_WATER_SD * cw_rng_normal (rng), LEAN_WATER_MIN,
                             LEAN_WATER_MAX);
  double temperature = REFERENCE_TEMPERATURE + TEMPERATURE_SD * cw_rng_normal (rng);
  double path_z = cw_rng_normal (rng);
  s->offset = c->baseline_offset * cw_rng_normal (rng);
  s->slope = c->baseline_slope * cw_rng_normal (rng);
  s->curvature = c->baseline_curvature * cw_rng_normal (rng);

  double fat = round_to (c->fat_min + (c->fat_max - c->fat_min) * pow (u, FAT_SKEW), 0.01);
  double water = round_to ((100 - fat) * lean_water, 0.01);
  s->content[CW_NIR_FAT] = fat;
  s->content[CW_NIR_WATER] = water;
  s->content[CW_NIR_PROTEIN] = round_to (100 - fat - water, 0.01);
  s->temperature = round_to (clamp (temperature, TEMPERATURE_MIN, TEMPERATURE_MAX), 0.1);
  s->path = exp (c->nonlinearity * (PATH_SD * path_z + PATH_PER_FAT * (fat - reference_content[0]) / 100));
}

/* The sample's absorbance spectrum without noise. */
static void
sample_spectrum (const cw_generator_config *c, const nir_sample *s, const double *axis, double *f)
{
  double eta = c->nonlinearity;
  double centre[N_BANDS], fwhm[N_BANDS], height[N_BANDS];
  for (int b = 0; b < N_BANDS; b++)
    {
      double content = s->content[bands[b].constituent];
      centre[b] = bands[b].centre + band_shift (eta, &bands[b], s->temperature, content);
      fwhm[b] = bands[b].fwhm * (1 + eta * bands[b].width_per_degree * (s->temperature - REFERENCE_TEMPERATURE));
      height[b] = bands[b].height * content;
    }
  double stray = eta * STRAY_LIGHT;
  double mid = 0.5 * (c->axis_min + c->axis_max), half = 0.5 * (c->axis_max - c->axis_min);
  for (int t = 0; t < c->length; t++)
    {
      double a = background (axis[t]);
      for (int b = 0; b < N_BANDS; b++)
        a += height[b] * band_profile (bands[b].lorentzian, centre[b], fwhm[b], axis[t]);
      double u = (axis[t] - mid) / half;
      a = s->path * a + s->offset + s->slope * u + s->curvature * u * u;
      /* at nonlinearity 0 the spectrum stays exactly the linear mixture */
      f[t] = stray > 0 ? -log10 (pow (10, -a) + stray) : a;
    }
}

/* ---- the dataset ---- */

static void
free_texts (char **texts, size_t n)
{
  if (!texts)
    return;
  for (size_t i = 0; i < n; i++)
    free (texts[i]);
  free (texts);
}

enum { META_ID, META_TEMPERATURE, META_SPLIT, N_META };

cw_dataset *
cw_nir_generate (const cw_generator_config *c, cw_error *err)
{
  int n = c->n, length = c->length;
  cw_rng rng;
  cw_rng_seed (&rng, c->seed);

  float *x = malloc ((size_t) n * (size_t) length * sizeof (float));
  float *y = malloc ((size_t) CW_NIR_N_CONSTITUENTS * (size_t) n * sizeof (float)); /* by constituent */
  double *axis = malloc ((size_t) length * sizeof (double));
  double *f = malloc ((size_t) length * sizeof (double));
  int *role = malloc ((size_t) n * sizeof (int));
  char **meta = calloc ((size_t) n * N_META, sizeof (char *));
  cw_dataset *ds = NULL;
  bool ok = x && y && axis && f && role && meta;
  if (!ok)
    goto out;

  int counts[3];
  cw_nir_split_counts (c, counts);
  for (int r = 0, i = 0; r < 3; r++)
    for (int k = 0; k < counts[r]; k++)
      role[i++] = r;
  cw_rng_shuffle (&rng, role, n);
  cw_generator_even_axis (c->axis_min, c->axis_max, length, axis);

  int id_digits = snprintf (NULL, 0, "%d", n);
  char buf[40];
  cw_c_numbers cn;
  ok = cw_c_numbers_begin (&cn);
  for (int i = 0; ok && i < n; i++)
    {
      nir_sample s;
      draw_sample (&rng, c, &s);
      sample_spectrum (c, &s, axis, f);
      float *row = x + (size_t) i * (size_t) length;
      for (int t = 0; t < length; t++)
        {
          double noise = c->noise > 0 ? c->noise * cw_rng_normal (&rng) : 0;
          row[t] = (float) (f[t] + noise);
        }
      for (int k = 0; k < CW_NIR_N_CONSTITUENTS; k++)
        y[(size_t) k * (size_t) n + (size_t) i] = (float) s.content[k];
      char **cells = meta + (size_t) i * N_META;
      snprintf (buf, sizeof buf, "s%0*d", id_digits, i + 1);
      ok = (cells[META_ID] = strdup (buf)) != NULL;
      snprintf (buf, sizeof buf, "%.1f", s.temperature);
      ok = ok && (cells[META_TEMPERATURE] = strdup (buf)) != NULL;
      ok = ok && (cells[META_SPLIT] = strdup (role_words[role[i]])) != NULL;
    }
  cw_c_numbers_end (&cn);
  if (!ok)
    goto out;

  char source[64];
  snprintf (source, sizeof source, "generated nir (seed %llu)", (unsigned long long) c->seed);
  static const char *const meta_names[N_META] = { "id", "temperature", "split" };
  cw_dataset_labels labels = {
    .source = source,
    .axis = axis,
    .target_name = constituent_names[0],
    .y = y,
    .n_meta = N_META,
    .meta_names = meta_names,
    .meta_values = (const char *const *) meta,
  };
  ds = cw_dataset_new_labelled (n, 1, length, x, &labels);
  ok = ds != NULL;
  for (int k = 1; ok && k < CW_NIR_N_CONSTITUENTS; k++)
    ok = cw_dataset_add_target (ds, constituent_names[k], y + (size_t) k * (size_t) n);

out:
  if (!ok)
    {
      cw_dataset_free (ds);
      ds = NULL;
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for %d samples of %d points.", n, length);
    }
  free (x);
  free (y);
  free (axis);
  free (f);
  free (role);
  free_texts (meta, (size_t) n * N_META);
  return ds;
}
