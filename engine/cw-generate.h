/* cw-generate.h — toy datasets for the workbench, immediately trainable: "is this a normal PDF?"
 * (binary), synthetic spectra whose peak heights set a regression target, ECG-like beats with normal
 * and abnormal morphologies (multiclass), and NIR spectra of a fat/water/protein mixture whose
 * composition shows in the spectra nonlinearly (regression; see CW_GEN_NIR below).
 *
 * Everything is drawn from one cw_rng seeded by config.seed, so a config gives bitwise the same dataset
 * on every run. Class counts are exact, not sampled: round(balance * n) rows of the normal class, the
 * rest split as evenly as possible over the abnormal classes (the first ones get the odd rows), in a
 * shuffled row order. The result is a single-channel cw_dataset with its axis, one named target column
 * (with class names for classification) and meta columns; cw_dataset_save_csv writes it as wide CSV. */
#ifndef CW_GENERATE_H
#define CW_GENERATE_H

#include "cw-base.h"
#include "cw-data.h"
#include "cw-model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  CW_GEN_NORMAL_PDF, /* target "class": normal / not-normal; meta "shape" */
  CW_GEN_SPECTRA,    /* target: a peak height or a linear combination of them; meta "height1".. */
  CW_GEN_ECG,        /* target "beat": normal and the enabled abnormal morphologies */
  CW_GEN_NIR,        /* targets "fat", "water", "protein" (%); meta "id", "temperature", "split" */
  CW_GEN_N
} cw_generator;

/* The non-normal shapes of the PDF generator (bits of cw_generator_config.shapes). */
typedef enum {
  CW_PDF_BIMODAL,    /* mixture of two bells farther apart than twice their SD */
  CW_PDF_SKEWED,     /* skew-normal, shape |alpha| in [4, 10] */
  CW_PDF_UNIFORM,
  CW_PDF_LAPLACE,
  CW_PDF_TRIANGULAR,
  CW_PDF_N_SHAPES
} cw_pdf_shape;

/* The abnormal beats of the ECG generator (bits of cw_generator_config.abnormalities). */
typedef enum {
  CW_ECG_WIDE_QRS,     /* bundle-branch-block-like: QRS 2.5x wider */
  CW_ECG_INVERTED_T,
  CW_ECG_MISSING_P,
  CW_ECG_ST_ELEVATION, /* a raised segment between S and T */
  CW_ECG_N_ABNORMAL
} cw_ecg_abnormality;

typedef enum {
  CW_PEAK_GAUSSIAN,
  CW_PEAK_LORENTZIAN,
  CW_PEAK_MIXED,       /* peaks alternate Gaussian, Lorentzian, ... */
} cw_peak_profile;

#define CW_GEN_MAX_PEAKS 8

typedef struct {
  cw_generator kind;
  int n;                 /* samples, >= 1 */
  int length;            /* points per signal, >= 8 */
  uint64_t seed;
  double noise;          /* SD of additive white noise in signal units (density, absorbance, mV); >= 0 */
  double balance;        /* normal-pdf, ecg: fraction of rows in the normal class, in [0, 1] */

  /* normal-pdf: densities on an even grid over [x_min, x_max], each normalised to integrate to 1 on
   * the grid (trapezoid rule). Means in [-1.5, 1.5], SDs in [0.6, 1.4]. */
  double x_min, x_max;
  unsigned shapes;       /* bit (1u << cw_pdf_shape) per non-normal shape used; 0 = all */

  /* spectra: baseline + K peaks at fixed positions with random heights + noise, axis in nm. */
  double axis_min, axis_max;
  int n_peaks;                              /* 1 .. CW_GEN_MAX_PEAKS */
  double peak_positions[CW_GEN_MAX_PEAKS];  /* nm (cw_generator_spread_peaks spaces them evenly) */
  double peak_width;                        /* full width at half maximum, nm, > 0 */
  cw_peak_profile profile;
  double height_min, height_max;            /* heights ~ U(min, max) */
  double baseline_offset;                   /* SD of the offset */
  double baseline_slope;                    /* SD of the change across the half-range */
  double baseline_curvature;                /* SD of the quadratic term at the range ends */
  double target_weights[CW_GEN_MAX_PEAKS];  /* target = sum_k w_k height_k (one 1: that peak's height) */

  /* ecg: one beat of P, Q, R, S, T Gaussians on a time axis in ms (0 .. beat_ms). */
  double beat_ms;
  unsigned abnormalities; /* bit (1u << cw_ecg_abnormality) per abnormal class used; 0 = all */
  double jitter;          /* scale of the random variation of wave times, widths and amplitudes (1 = typical) */

  /* nir: meat-like absorbance spectra on axis_min .. axis_max (see CW_GEN_NIR below); noise and the
   * baseline_* SDs above apply too. */
  double nonlinearity;    /* 0 = a linear mixture; scales every nonlinear effect at once, in [0, 2] */
  double fat_min, fat_max; /* range of the fat content, %, 0 <= min < max <= 100 */
  double split[3];        /* proportions of train, monitor and test rows (normalised; train > 0) */
} cw_generator_config;

/* The defaults of a kind: n 500, length 200 (spectra 256), seed 1, balance 0.5 (ecg: 0.5 normal and
 * the rest shared by the four abnormal classes); normal-pdf on [-5, 5] with noise 0.005; spectra on
 * 400-700 nm, 3 Gaussian peaks of FWHM 40 nm, heights 0.1-1, noise 0.005, target the middle peak; ecg
 * over 800 ms, noise 0.02 mV, jitter 1; nir: see CW_GEN_NIR below. */
cw_generator_config cw_generator_config_default (cw_generator kind);
/* Places n_peaks peaks evenly inside [axis_min, axis_max] (at (k + 1) / (K + 1) of the range). */
void cw_generator_spread_peaks (cw_generator_config *config);
/* CW_ERR_INVALID_ARGUMENT and a sentence naming the field when a value is out of range. */
cw_status cw_generator_config_check (const cw_generator_config *config, cw_error *err);

const char *cw_generator_name (cw_generator kind);  /* "normal-pdf", "spectra", "ecg", "nir" */
bool cw_generator_from_name (const char *name, cw_generator *kind);
const char *cw_generator_title (cw_generator kind); /* "Is this a normal PDF?", ... for menus */
const char *cw_generator_axis_label (cw_generator kind); /* "x", "wavelength (nm)", "time (ms)", ... */
/* The task the target calls for: binary, regression, multiclass. */
cw_task cw_generator_task (cw_generator kind);
/* Name of the target column into buf: "class", "beat", "fat" (nir: the first of three), or for spectra
 * "peak2_height" (weights picking one peak) or "peak_combination". */
void cw_generator_target_name (const cw_generator_config *config, char *buf, size_t size);
const char *cw_pdf_shape_name (cw_pdf_shape shape);         /* "bimodal", "skewed", ... */
const char *cw_ecg_abnormality_name (cw_ecg_abnormality a); /* "wide-qrs", "inverted-t", ... */
const char *cw_peak_profile_name (cw_peak_profile profile); /* "gaussian", "lorentzian", "mixed" */
bool cw_peak_profile_from_name (const char *name, cw_peak_profile *profile);

/* The groups a config draws and their exact row counts: normal first, then each enabled non-normal
 * shape (normal-pdf, whose target lumps them into "not-normal" and whose meta "shape" names them) or
 * abnormal morphology (ecg, where they are the classes), in enum order. Returns the number of groups
 * (0 for spectra and nir); counts and names (either may be NULL) need CW_GEN_MAX_GROUPS entries. */
#define CW_GEN_MAX_GROUPS 8
int cw_generator_groups (const cw_generator_config *config, int *counts, const char **names);

/* ---- CW_GEN_NIR ----
 * Transmission NIR absorbance of meat-like samples, shaped like the Tecator meat data (215 samples,
 * 100 channels over 850-1050 nm, absorbance 2-4, fat 1-50 %), where the composition shows in the spectra
 * nonlinearly, so that a nonlinear model can beat PLS as it does on real meat.
 *
 * Each row draws, from the one stream and always in the same order whatever the nonlinearity: fat =
 * fat_min + (fat_max - fat_min) u^1.5 (u uniform; meat is mostly lean: mean 20.6 %, SD 14.7 % for 1-50);
 * water = (100 - fat) w with w ~ N(0.775, 0.02) kept in [0.70, 0.85] (lean tissue's water share);
 * protein = 100 - fat - water (contents rounded to 0.01 %, so the three targets add up to 100); a
 * temperature T ~ N(25, 4) °C kept in [15, 35], rounded to 0.1; a path-length deviate z; a baseline
 * b0 + b1 u + b2 u^2 (u from -1 to 1 across the axis, SDs baseline_offset, _slope, _curvature); then the
 * noise of every point. Its absorbance, with eta = nonlinearity:
 *
 *   A(l) = L (background(l) + sum_bands c_k h_b profile_b(l; centre_b(T, c_k), fwhm_b(T))) + baseline(u)
 *   measured  -log10(10^-A + s) + noise
 *
 * background(l) = 2.3 + 0.3 (l - 850) / 200; bands (cw_nir_bands) are Gaussian or Lorentzian, FWHM 22-60 nm:
 * fat (C-H) at 912, 930, 1040 nm and a shoulder at 880, water (O-H) at 970 and 990, protein (N-H) at 1020
 * and C-H at 905, h_b per 1 % of the constituent. The nonlinear effects, all scaled by eta:
 *  - band centres move by eta (shift_per_degree (T - 25) + shift_per_percent (c_k - c_ref)) nm (water's
 *    O-H band -0.45 nm/°C and -0.12 nm per % water: hydrogen bonding), widths by a factor
 *    1 + eta width_per_degree (T - 25);
 *  - the path length L = exp(eta (0.08 z + 0.6 (fat - 20) / 100)): scatter, stronger with more fat;
 *  - stray light s = eta 4e-4: the measured absorbance saturates where A is high.
 * At eta 0 a spectrum is exactly the linear mixture background + sum_k c_k pure_k + baseline + noise.
 *
 * Defaults: n 215, length 100 over 850-1050 nm, noise 0.01, baseline offset SD 0.2, slope SD 0.05,
 * curvature 0, nonlinearity 1, fat 1-50 %, split 60/20/20. At these (seeds 1-8) PLS on the train +
 * monitor rows, components by 10-fold CV, has a fat RMSEP of 1.8-2.7 % (R² 0.96-0.99) on the test rows
 * and an MLP on 12 PCA scores, stopped on the monitor rows, 1.4-2.8 times less (median 2.4;
 * tools/nir_reference.py); at nonlinearity 0 PLS is the better of the two (RMSEP 0.25 against 0.4).
 *
 * Targets "fat", "water", "protein" (%); meta "id" (s001 ...), "temperature" (°C) and "split": "train",
 * "monitor" or "test", exact counts (cw_nir_split_counts) in a shuffled order. */
typedef enum {
  CW_NIR_FAT,
  CW_NIR_WATER,
  CW_NIR_PROTEIN,
  CW_NIR_N_CONSTITUENTS
} cw_nir_constituent;

/* One absorption band of a constituent at the reference state (25 °C, unit path length). */
typedef struct {
  cw_nir_constituent constituent;
  double centre;          /* nm */
  double fwhm;            /* nm */
  double height;          /* absorbance at the centre per 1 % of the constituent */
  bool lorentzian;        /* else Gaussian */
  double shift_per_degree; /* nm per °C away from 25 °C, times the nonlinearity */
  double shift_per_percent; /* nm per % of the constituent away from its reference content, times it */
  double width_per_degree; /* relative change of the FWHM per °C, times the nonlinearity */
  const char *assignment; /* "C-H 3rd overtone (CH2)", ... */
} cw_nir_band;

const char *cw_nir_constituent_name (cw_nir_constituent k); /* "fat", "water", "protein" */
/* The band table (static storage) and its size. */
int cw_nir_bands (const cw_nir_band **bands);
/* The lowest and highest centre band b can take in any sample of config c (temperature and contents are
 * bounded, so the shifts are). */
void cw_nir_band_centre_range (const cw_generator_config *c, int b, double *lo, double *hi);
/* The linear part of the model on axis[0..length-1]: spectra[0] the background absorbance, spectra[1 + k]
 * constituent k's absorbance per 1 % at the reference state; (1 + CW_NIR_N_CONSTITUENTS) x length. At
 * nonlinearity 0 a spectrum is exactly background + sum_k c_k spectra[1 + k] + baseline + noise. */
void cw_nir_pure_spectra (const double *axis, int length, double *spectra);
/* Rows of each role (train, monitor, test): the proportions of config c times n, rounded by largest
 * remainder (ties to the earlier role), so they add up to n. */
void cw_nir_split_counts (const cw_generator_config *c, int counts[3]);

/* The dataset, or NULL with the reason (a bad config, out of memory). */
cw_dataset *cw_generate (const cw_generator_config *config, cw_error *err);

#ifdef __cplusplus
}
#endif
#endif
