/* generate.c — toy datasets: normal vs non-normal densities, synthetic spectra, ECG-like beats; the
 * NIR mixture generator is in generate-nir.c.
 *
 * Row order first (exact class counts, then a Fisher–Yates shuffle), then each row's signal from the
 * same generator stream, so a seed fixes the whole dataset. Axis values are rounded to a few decimals
 * of their step so the CSV headers are short and read back to the very same doubles. */
#include "cw-generate-private.h"

#include "cw-numtext-private.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const generator_names[CW_GEN_N] = { "normal-pdf", "spectra", "ecg", "nir" };
static const char *const generator_titles[CW_GEN_N] = {
  "Is this a normal PDF?",
  "Synthetic spectra (peak height regression)",
  "ECG-like beats (normal and abnormal morphologies)",
  "NIR spectra of meat (fat, water, protein; nonlinear)",
};
static const char *const axis_labels[CW_GEN_N] = { "x", "wavelength (nm)", "time (ms)", "wavelength (nm)" };
static const char *const shape_names[CW_PDF_N_SHAPES] = {
  "bimodal", "skewed", "uniform", "laplace", "triangular",
};
static const char *const abnormality_names[CW_ECG_N_ABNORMAL] = {
  "wide-qrs", "inverted-t", "missing-p", "st-elevation",
};
static const char *const profile_names[] = { "gaussian", "lorentzian", "mixed" };

const char *
cw_generator_name (cw_generator kind)
{
  assert (kind >= 0 && kind < CW_GEN_N);
  return generator_names[kind];
}

bool
cw_generator_from_name (const char *name, cw_generator *kind)
{
  for (int k = 0; k < CW_GEN_N; k++)
    if (strcasecmp (name, generator_names[k]) == 0)
      {
        *kind = (cw_generator) k;
        return true;
      }
  return false;
}

const char *
cw_generator_title (cw_generator kind)
{
  assert (kind >= 0 && kind < CW_GEN_N);
  return generator_titles[kind];
}

const char *
cw_generator_axis_label (cw_generator kind)
{
  assert (kind >= 0 && kind < CW_GEN_N);
  return axis_labels[kind];
}

cw_task
cw_generator_task (cw_generator kind)
{
  switch (kind)
    {
    case CW_GEN_NORMAL_PDF: return CW_TASK_BINARY;
    case CW_GEN_SPECTRA: return CW_TASK_REGRESSION;
    case CW_GEN_NIR: return CW_TASK_REGRESSION;
    case CW_GEN_ECG: return CW_TASK_MULTICLASS;
    case CW_GEN_N: break;
    }
  assert (!"unknown generator");
  return CW_TASK_REGRESSION;
}

const char *
cw_pdf_shape_name (cw_pdf_shape shape)
{
  assert (shape >= 0 && shape < CW_PDF_N_SHAPES);
  return shape_names[shape];
}

const char *
cw_ecg_abnormality_name (cw_ecg_abnormality a)
{
  assert (a >= 0 && a < CW_ECG_N_ABNORMAL);
  return abnormality_names[a];
}

const char *
cw_peak_profile_name (cw_peak_profile profile)
{
  assert (profile >= CW_PEAK_GAUSSIAN && profile <= CW_PEAK_MIXED);
  return profile_names[profile];
}

bool
cw_peak_profile_from_name (const char *name, cw_peak_profile *profile)
{
  for (int p = CW_PEAK_GAUSSIAN; p <= CW_PEAK_MIXED; p++)
    if (strcasecmp (name, profile_names[p]) == 0)
      {
        *profile = (cw_peak_profile) p;
        return true;
      }
  return false;
}

/* ---- configuration ---- */

void
cw_generator_spread_peaks (cw_generator_config *c)
{
  for (int k = 0; k < c->n_peaks && k < CW_GEN_MAX_PEAKS; k++)
    c->peak_positions[k] = c->axis_min + (c->axis_max - c->axis_min) * (k + 1) / (c->n_peaks + 1);
}

cw_generator_config
cw_generator_config_default (cw_generator kind)
{
  assert (kind >= 0 && kind < CW_GEN_N);
  cw_generator_config c;
  memset (&c, 0, sizeof c);
  c.kind = kind;
  c.n = 500;
  c.length = kind == CW_GEN_SPECTRA ? 256 : 200;
  c.seed = 1;
  c.balance = 0.5;
  c.noise = kind == CW_GEN_ECG ? 0.02 : 0.005;
  c.x_min = -5;
  c.x_max = 5;
  c.axis_min = 400;
  c.axis_max = 700;
  c.n_peaks = 3;
  cw_generator_spread_peaks (&c);
  c.peak_width = 40;
  c.profile = CW_PEAK_GAUSSIAN;
  c.height_min = 0.1;
  c.height_max = 1.0;
  c.baseline_offset = 0.05;
  c.baseline_slope = 0.05;
  c.baseline_curvature = 0.02;
  c.target_weights[c.n_peaks / 2] = 1;
  c.beat_ms = 800;
  c.jitter = 1;
  if (kind == CW_GEN_NIR)
    cw_nir_config_default (&c);
  return c;
}

static bool
finite_range (double lo, double hi)
{
  return isfinite (lo) && isfinite (hi) && lo < hi;
}

cw_status
cw_generator_config_check (const cw_generator_config *c, cw_error *err)
{
  cw_error_clear (err);
  if (c->kind < 0 || c->kind >= CW_GEN_N)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "Unknown generator %d.", (int) c->kind);
  if (c->n < 1 || c->n > 10000000)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The number of samples must be between 1 and 10000000 (got %d).", c->n);
  if (c->length < 8 || c->length > 1000000)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The signal length must be between 8 and 1000000 points (got %d).", c->length);
  if ((double) c->n * c->length > 5e8)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "%d samples of %d points are too many values for a toy dataset (at most 5e8).",
                         c->n, c->length);
  if (!(c->noise >= 0) || !isfinite (c->noise))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The noise SD must be a finite number >= 0 (got %g).", c->noise);
  switch (c->kind)
    {
    case CW_GEN_NORMAL_PDF:
    case CW_GEN_ECG:
      if (!(c->balance >= 0 && c->balance <= 1))
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "The balance is the fraction of normal samples, between 0 and 1 (got %g).",
                             c->balance);
      break;
    default:
      break;
    }
  if (c->kind == CW_GEN_NORMAL_PDF)
    {
      if (!finite_range (c->x_min, c->x_max))
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "The grid needs x_min < x_max (got %g .. %g).", c->x_min, c->x_max);
      if (c->shapes && !(c->shapes & ((1u << CW_PDF_N_SHAPES) - 1)))
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "The shape mask 0x%x names no known non-normal shape.", c->shapes);
    }
  else if (c->kind == CW_GEN_SPECTRA)
    {
      if (!finite_range (c->axis_min, c->axis_max))
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "The wavelength range needs min < max (got %g .. %g nm).", c->axis_min,
                             c->axis_max);
      if (c->n_peaks < 1 || c->n_peaks > CW_GEN_MAX_PEAKS)
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "The number of peaks must be between 1 and %d (got %d).", CW_GEN_MAX_PEAKS,
                             c->n_peaks);
      if (!(c->peak_width > 0) || !isfinite (c->peak_width))
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "The peak width (FWHM) must be > 0 nm (got %g).", c->peak_width);
      if (c->profile < CW_PEAK_GAUSSIAN || c->profile > CW_PEAK_MIXED)
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "Unknown peak profile %d.", (int) c->profile);
      if (!(c->height_min <= c->height_max) || !isfinite (c->height_min) || !isfinite (c->height_max))
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "Peak heights need min <= max (got %g .. %g).", c->height_min, c->height_max);
      if (!(c->baseline_offset >= 0 && c->baseline_slope >= 0 && c->baseline_curvature >= 0))
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "Baseline SDs must be >= 0.");
      bool any = false;
      for (int k = 0; k < c->n_peaks; k++)
        {
          if (!isfinite (c->peak_positions[k]) || !isfinite (c->target_weights[k]))
            return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                                 "Peak %d has a non-finite position or target weight.", k + 1);
          any = any || c->target_weights[k] != 0;
        }
      if (!any)
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "The target weights are all zero: give at least one peak a weight.");
    }
  else if (c->kind == CW_GEN_NIR)
    return cw_nir_config_check (c, err);
  else
    {
      if (!(c->beat_ms > 0) || !isfinite (c->beat_ms))
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "The beat duration must be > 0 ms (got %g).", c->beat_ms);
      if (!(c->jitter >= 0) || !isfinite (c->jitter))
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "The jitter must be >= 0 (got %g).", c->jitter);
      if (c->abnormalities && !(c->abnormalities & ((1u << CW_ECG_N_ABNORMAL) - 1)))
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "The abnormality mask 0x%x names no known morphology.", c->abnormalities);
    }
  return CW_OK;
}

void
cw_generator_target_name (const cw_generator_config *c, char *buf, size_t size)
{
  switch (c->kind)
    {
    case CW_GEN_NORMAL_PDF:
      snprintf (buf, size, "class");
      return;
    case CW_GEN_ECG:
      snprintf (buf, size, "beat");
      return;
    case CW_GEN_NIR:
      snprintf (buf, size, "fat"); /* the first of its three targets */
      return;
    default:
      break;
    }
  int picked = -1, nonzero = 0;
  for (int k = 0; k < c->n_peaks && k < CW_GEN_MAX_PEAKS; k++)
    if (c->target_weights[k] != 0)
      {
        nonzero++;
        picked = k;
      }
  if (nonzero == 1 && c->target_weights[picked] == 1)
    snprintf (buf, size, "peak%d_height", picked + 1);
  else
    snprintf (buf, size, "peak_combination");
}

int
cw_generator_groups (const cw_generator_config *c, int *counts, const char **names)
{
  if (c->kind != CW_GEN_NORMAL_PDF && c->kind != CW_GEN_ECG)
    return 0;
  int n_kinds = c->kind == CW_GEN_NORMAL_PDF ? CW_PDF_N_SHAPES : CW_ECG_N_ABNORMAL;
  const char *const *kind_names = c->kind == CW_GEN_NORMAL_PDF ? shape_names : abnormality_names;
  unsigned mask = c->kind == CW_GEN_NORMAL_PDF ? c->shapes : c->abnormalities;
  mask &= (1u << n_kinds) - 1;
  if (!mask)
    mask = (1u << n_kinds) - 1;
  /* half-way counts round up even when balance * n lands a hair below .5 (0.35 x 10) */
  int n_normal = (int) floor (c->balance * c->n + 0.5 + 1e-9);
  if (n_normal > c->n)
    n_normal = c->n;
  if (n_normal < 0)
    n_normal = 0;
  int n_groups = 1;
  if (names)
    names[0] = "normal";
  for (int k = 0; k < n_kinds; k++)
    if (mask & (1u << k))
      {
        if (names)
          names[n_groups] = kind_names[k];
        n_groups++;
      }
  if (counts)
    {
      int rest = c->n - n_normal, others = n_groups - 1;
      counts[0] = n_normal;
      for (int g = 1; g < n_groups; g++)
        counts[g] = rest / others + (g - 1 < rest % others ? 1 : 0);
    }
  return n_groups;
}

/* Which non-normal shape / abnormality enum value group g (>= 1) stands for. */
static int
group_kind (const cw_generator_config *c, int g)
{
  int n_kinds = c->kind == CW_GEN_NORMAL_PDF ? CW_PDF_N_SHAPES : CW_ECG_N_ABNORMAL;
  unsigned mask = (c->kind == CW_GEN_NORMAL_PDF ? c->shapes : c->abnormalities) & ((1u << n_kinds) - 1);
  if (!mask)
    mask = (1u << n_kinds) - 1;
  for (int k = 0; k < n_kinds; k++)
    if ((mask & (1u << k)) && --g == 0)
      return k;
  assert (!"group out of range");
  return 0;
}

/* ---- helpers ---- */

static double
uniform (cw_rng *rng, double lo, double hi)
{
  return lo + (hi - lo) * cw_rng_uniform (rng);
}

void
cw_generator_even_axis (double lo, double hi, int length, double *axis)
{
  double step = (hi - lo) / (length - 1);
  int decimals = (int) ceil (-log10 (step)) + 3;
  if (decimals < 0)
    decimals = 0;
  if (decimals > 15)
    decimals = 15;
  double scale = pow (10, decimals);
  for (int t = 0; t < length; t++)
    {
      double v = lo + step * t;
      axis[t] = round (v * scale) / scale + 0.0; /* + 0.0: no "-0" header */
    }
}

static void
add_noise (cw_rng *rng, double sd, double *v, int length)
{
  if (sd > 0)
    for (int t = 0; t < length; t++)
      v[t] += sd * cw_rng_normal (rng);
}

/* ---- normal or not: densities ---- */

static double
normal_cdf (double z)
{
  return 0.5 * erfc (-z / M_SQRT2);
}

/* One density of group g on the grid, unnormalised; the caller scales it to unit area. */
static void
pdf_shape (cw_rng *rng, int shape, const double *x, int length, double *f)
{
  double mu = uniform (rng, -1.5, 1.5);
  if (shape < 0)
    {
      /* the normal bell: exp(-(x - mu)^2 / (2 sd^2)) */
      double sd = uniform (rng, 0.6, 1.4);
      for (int t = 0; t < length; t++)
        f[t] = exp (-0.5 * (x[t] - mu) * (x[t] - mu) / (sd * sd));
      return;
    }
  switch ((cw_pdf_shape) shape)
    {
    case CW_PDF_BIMODAL:
      {
        /* w N(mu - d, s) + (1 - w) N(mu + d, s); d > s keeps two modes */
        double w = uniform (rng, 0.35, 0.65), d = uniform (rng, 1.2, 2.0), s = uniform (rng, 0.4, 0.8);
        for (int t = 0; t < length; t++)
          {
            double a = (x[t] - mu + d) / s, b = (x[t] - mu - d) / s;
            f[t] = w * exp (-0.5 * a * a) + (1 - w) * exp (-0.5 * b * b);
          }
        break;
      }
    case CW_PDF_SKEWED:
      {
        /* skew-normal 2/w phi(z) Phi(alpha z), z = (x - xi)/w, located so that its mean is mu */
        double alpha = uniform (rng, 4, 10) * (cw_rng_uniform (rng) < 0.5 ? -1 : 1);
        double omega = uniform (rng, 0.8, 1.6);
        double delta = alpha / sqrt (1 + alpha * alpha);
        double xi = mu - omega * delta * sqrt (2 / M_PI);
        for (int t = 0; t < length; t++)
          {
            double z = (x[t] - xi) / omega;
            f[t] = exp (-0.5 * z * z) * normal_cdf (alpha * z);
          }
        break;
      }
    case CW_PDF_UNIFORM:
      {
        /* 1 on [mu - a, mu + a] */
        double a = uniform (rng, 1.0, 2.5);
        for (int t = 0; t < length; t++)
          f[t] = fabs (x[t] - mu) <= a ? 1 : 0;
        break;
      }
    case CW_PDF_LAPLACE:
      {
        /* exp(-|x - mu| / b) */
        double b = uniform (rng, 0.45, 1.0);
        for (int t = 0; t < length; t++)
          f[t] = exp (-fabs (x[t] - mu) / b);
        break;
      }
    case CW_PDF_TRIANGULAR:
      {
        /* rises linearly from mu - a to the mode c, falls to mu + a */
        double a = uniform (rng, 1.5, 3.0);
        double lo = mu - a, hi = mu + a, c = mu + a * uniform (rng, -0.6, 0.6);
        for (int t = 0; t < length; t++)
          f[t] = x[t] <= lo || x[t] >= hi ? 0 : x[t] <= c ? (x[t] - lo) / (c - lo) : (hi - x[t]) / (hi - c);
        break;
      }
    case CW_PDF_N_SHAPES:
      assert (!"unknown shape");
    }
}

/* Scales f to unit area under the trapezoid rule on the grid, as a density sampled there must have. */
static void
normalise_density (double *f, int length, double step)
{
  double area = 0;
  for (int t = 0; t < length; t++)
    area += (t == 0 || t == length - 1) ? 0.5 * f[t] : f[t];
  area *= step;
  if (area > 0)
    for (int t = 0; t < length; t++)
      f[t] /= area;
}

/* ---- spectra ---- */

/* Peak k of height h at centre c, FWHM w: Gaussian h exp(-4 ln2 (l - c)^2 / w^2) or Lorentzian
 * h / (1 + 4 (l - c)^2 / w^2); both equal h at the centre. */
static double
peak_value (cw_peak_profile profile, int k, double h, double c, double w, double l)
{
  double u = (l - c) / w;
  bool lorentzian = profile == CW_PEAK_LORENTZIAN || (profile == CW_PEAK_MIXED && k % 2 == 1);
  return lorentzian ? h / (1 + 4 * u * u) : h * exp (-4 * M_LN2 * u * u);
}

static void
spectrum (cw_rng *rng, const cw_generator_config *c, const double *axis, double *heights, double *f)
{
  for (int k = 0; k < c->n_peaks; k++)
    heights[k] = uniform (rng, c->height_min, c->height_max);
  /* baseline b0 + b1 u + b2 u^2 with u in [-1, 1] across the range */
  double b0 = c->baseline_offset * cw_rng_normal (rng);
  double b1 = c->baseline_slope * cw_rng_normal (rng);
  double b2 = c->baseline_curvature * cw_rng_normal (rng);
  double mid = 0.5 * (c->axis_min + c->axis_max), half = 0.5 * (c->axis_max - c->axis_min);
  for (int t = 0; t < c->length; t++)
    {
      double u = (axis[t] - mid) / half;
      double v = b0 + b1 * u + b2 * u * u;
      for (int k = 0; k < c->n_peaks; k++)
        v += peak_value (c->profile, k, heights[k], c->peak_positions[k], c->peak_width, axis[t]);
      f[t] = v;
    }
}

/* ---- ECG beats ---- */

enum { WAVE_P, WAVE_Q, WAVE_R, WAVE_S, WAVE_T, WAVE_ST, N_WAVES };

/* The normal beat as fractions of the beat duration (centre, SD) and millivolts. */
static const double wave_centre[N_WAVES] = { 0.20, 0.360, 0.390, 0.420, 0.68, 0.53 };
static const double wave_sd[N_WAVES] = { 0.025, 0.010, 0.011, 0.011, 0.050, 0.060 };
static const double wave_amp[N_WAVES] = { 0.15, -0.12, 1.10, -0.25, 0.30, 0.0 };

/* One beat: sum over waves of a exp(-(t - c)^2 / (2 s^2)); abnormality < 0 is the normal beat. */
static void
ecg_beat (cw_rng *rng, const cw_generator_config *c, int abnormality, const double *axis, double *f)
{
  double j = c->jitter;
  double centre[N_WAVES], sd[N_WAVES], amp[N_WAVES];
  double shift = 0.02 * j * cw_rng_normal (rng);
  for (int w = 0; w < N_WAVES; w++)
    {
      centre[w] = wave_centre[w] + shift + 0.004 * j * cw_rng_normal (rng);
      sd[w] = wave_sd[w] * fmax (0.5, 1 + 0.1 * j * cw_rng_normal (rng));
      amp[w] = wave_amp[w] * fmax (0.2, 1 + 0.12 * j * cw_rng_normal (rng));
    }
  double offset = 0.05 * j * cw_rng_normal (rng), wander = 0.05 * j * cw_rng_normal (rng);
  switch (abnormality)
    {
    case CW_ECG_WIDE_QRS:
      for (int w = WAVE_Q; w <= WAVE_S; w++)
        sd[w] *= 2.5;
      centre[WAVE_Q] = centre[WAVE_R] - 0.05;
      centre[WAVE_S] = centre[WAVE_R] + 0.06;
      amp[WAVE_R] *= 0.8;
      break;
    case CW_ECG_INVERTED_T:
      amp[WAVE_T] = -amp[WAVE_T] * uniform (rng, 0.6, 1.0);
      break;
    case CW_ECG_MISSING_P:
      amp[WAVE_P] = 0;
      break;
    case CW_ECG_ST_ELEVATION:
      amp[WAVE_ST] = uniform (rng, 0.15, 0.3);
      break;
    default:
      break;
    }
  for (int t = 0; t < c->length; t++)
    {
      double u = axis[t] / c->beat_ms;
      double v = offset + wander * (u - 0.5);
      for (int w = 0; w < N_WAVES; w++)
        if (amp[w] != 0)
          {
            double z = (u - centre[w]) / sd[w];
            v += amp[w] * exp (-0.5 * z * z);
          }
      f[t] = v;
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

cw_dataset *
cw_generate (const cw_generator_config *c, cw_error *err)
{
  assert (c);
  if (cw_generator_config_check (c, err) != CW_OK)
    return NULL;
  if (c->kind == CW_GEN_NIR)
    return cw_nir_generate (c, err);
  int n = c->n, length = c->length;
  cw_rng rng;
  cw_rng_seed (&rng, c->seed);

  int counts[CW_GEN_MAX_GROUPS];
  const char *names[CW_GEN_MAX_GROUPS];
  int n_groups = cw_generator_groups (c, counts, names);
  int n_meta = c->kind == CW_GEN_NORMAL_PDF ? 1 : c->kind == CW_GEN_SPECTRA ? c->n_peaks : 0;

  float *x = malloc ((size_t) n * (size_t) length * sizeof (float));
  float *y = malloc ((size_t) n * sizeof (float));
  double *axis = malloc ((size_t) length * sizeof (double));
  double *f = malloc ((size_t) length * sizeof (double));
  int *group = malloc ((size_t) n * sizeof (int));
  char **meta = n_meta ? calloc ((size_t) n * (size_t) n_meta, sizeof (char *)) : NULL;
  cw_dataset *ds = NULL;
  bool ok = x && y && axis && f && group && (meta || !n_meta);
  if (!ok)
    goto out;

  if (n_groups)
    {
      for (int g = 0, i = 0; g < n_groups; g++)
        for (int r = 0; r < counts[g]; r++)
          group[i++] = g;
      cw_rng_shuffle (&rng, group, n);
    }
  if (c->kind == CW_GEN_NORMAL_PDF)
    cw_generator_even_axis (c->x_min, c->x_max, length, axis);
  else if (c->kind == CW_GEN_SPECTRA)
    cw_generator_even_axis (c->axis_min, c->axis_max, length, axis);
  else
    cw_generator_even_axis (0, c->beat_ms, length, axis);

  char buf[40];
  cw_c_numbers cn;
  ok = cw_c_numbers_begin (&cn);
  for (int i = 0; ok && i < n; i++)
    {
      int g = n_groups ? group[i] : 0;
      switch (c->kind)
        {
        case CW_GEN_NORMAL_PDF:
          pdf_shape (&rng, g == 0 ? -1 : group_kind (c, g), axis, length, f);
          normalise_density (f, length, (c->x_max - c->x_min) / (length - 1));
          y[i] = g == 0 ? 0.0f : 1.0f;
          ok = (meta[i] = strdup (names[g])) != NULL;
          break;
        case CW_GEN_SPECTRA:
          {
            double heights[CW_GEN_MAX_PEAKS];
            spectrum (&rng, c, axis, heights, f);
            double target = 0;
            for (int k = 0; k < c->n_peaks; k++)
              {
                target += c->target_weights[k] * heights[k];
                /* reads back as the very float a one-peak target column holds */
                cw_format_float ((float) heights[k], buf, sizeof buf);
                ok = ok && (meta[(size_t) i * (size_t) n_meta + (size_t) k] = strdup (buf)) != NULL;
              }
            y[i] = (float) target;
            break;
          }
        case CW_GEN_ECG:
          ecg_beat (&rng, c, g == 0 ? -1 : group_kind (c, g), axis, f);
          y[i] = (float) g;
          break;
        case CW_GEN_NIR:
        case CW_GEN_N:
          assert (!"unknown generator");
        }
      add_noise (&rng, c->noise, f, length);
      float *row = x + (size_t) i * (size_t) length;
      for (int t = 0; t < length; t++)
        row[t] = (float) f[t];
    }
  cw_c_numbers_end (&cn);
  if (!ok)
    goto out;

  char target_name[32], source[64];
  cw_generator_target_name (c, target_name, sizeof target_name);
  snprintf (source, sizeof source, "generated %s (seed %llu)", generator_names[c->kind],
            (unsigned long long) c->seed);
  char meta_names[CW_GEN_MAX_PEAKS][24];
  const char *meta_name_ptrs[CW_GEN_MAX_PEAKS];
  if (c->kind == CW_GEN_NORMAL_PDF)
    meta_name_ptrs[0] = "shape";
  else if (c->kind == CW_GEN_SPECTRA)
    for (int k = 0; k < c->n_peaks; k++)
      {
        snprintf (meta_names[k], sizeof meta_names[k], "height%d", k + 1);
        meta_name_ptrs[k] = meta_names[k];
      }
  static const char *const pdf_classes[] = { "normal", "not-normal" };
  cw_dataset_labels labels = {
    .source = source,
    .axis = axis,
    .target_name = target_name,
    .y = y,
    .n_classes = c->kind == CW_GEN_NORMAL_PDF ? 2 : c->kind == CW_GEN_ECG ? n_groups : 0,
    .class_names = c->kind == CW_GEN_NORMAL_PDF ? pdf_classes : names,
    .n_meta = n_meta,
    .meta_names = meta_name_ptrs,
    .meta_values = (const char *const *) meta,
  };
  ds = cw_dataset_new_labelled (n, 1, length, x, &labels);
  ok = ds != NULL;

out:
  if (!ok)
    cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for %d samples of %d points.", n, length);
  free (x);
  free (y);
  free (axis);
  free (f);
  free (group);
  free_texts (meta, (size_t) n * (size_t) n_meta);
  return ds;
}
