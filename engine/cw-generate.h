/* cw-generate.h — toy datasets for the workbench, immediately trainable: "is this a normal PDF?"
 * (binary), synthetic spectra whose peak heights set a regression target, and ECG-like beats with normal
 * and abnormal morphologies (multiclass).
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
} cw_generator_config;

/* The defaults of a kind: n 500, length 200 (spectra 256), seed 1, balance 0.5 (ecg: 0.5 normal and
 * the rest shared by the four abnormal classes); normal-pdf on [-5, 5] with noise 0.005; spectra on
 * 400-700 nm, 3 Gaussian peaks of FWHM 40 nm, heights 0.1-1, noise 0.005, target the middle peak; ecg
 * over 800 ms, noise 0.02 mV, jitter 1. */
cw_generator_config cw_generator_config_default (cw_generator kind);
/* Places n_peaks peaks evenly inside [axis_min, axis_max] (at (k + 1) / (K + 1) of the range). */
void cw_generator_spread_peaks (cw_generator_config *config);
/* CW_ERR_INVALID_ARGUMENT and a sentence naming the field when a value is out of range. */
cw_status cw_generator_config_check (const cw_generator_config *config, cw_error *err);

const char *cw_generator_name (cw_generator kind);  /* "normal-pdf", "spectra", "ecg" */
bool cw_generator_from_name (const char *name, cw_generator *kind);
const char *cw_generator_title (cw_generator kind); /* "Is this a normal PDF?", ... for menus */
const char *cw_generator_axis_label (cw_generator kind); /* "x", "wavelength (nm)", "time (ms)" */
/* The task the target calls for: binary, regression, multiclass. */
cw_task cw_generator_task (cw_generator kind);
/* Name of the target column into buf: "class", "beat", or for spectra "peak2_height" (weights picking
 * one peak) or "peak_combination". */
void cw_generator_target_name (const cw_generator_config *config, char *buf, size_t size);
const char *cw_pdf_shape_name (cw_pdf_shape shape);         /* "bimodal", "skewed", ... */
const char *cw_ecg_abnormality_name (cw_ecg_abnormality a); /* "wide-qrs", "inverted-t", ... */
const char *cw_peak_profile_name (cw_peak_profile profile); /* "gaussian", "lorentzian", "mixed" */
bool cw_peak_profile_from_name (const char *name, cw_peak_profile *profile);

/* The groups a config draws and their exact row counts: normal first, then each enabled non-normal
 * shape (normal-pdf, whose target lumps them into "not-normal" and whose meta "shape" names them) or
 * abnormal morphology (ecg, where they are the classes), in enum order. Returns the number of groups
 * (0 for spectra); counts and names (either may be NULL) need CW_GEN_MAX_GROUPS entries. */
#define CW_GEN_MAX_GROUPS 8
int cw_generator_groups (const cw_generator_config *config, int *counts, const char **names);

/* The dataset, or NULL with the reason (a bad config, out of memory). */
cw_dataset *cw_generate (const cw_generator_config *config, cw_error *err);

#ifdef __cplusplus
}
#endif
#endif
