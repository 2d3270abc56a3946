/* conv-lab.c — the convolution lab's step-through, built-in signals and kernel presets.
 *
 * y[t] = sum_c sum_j w'[c,j] x[c, t*s + j*d - pad_left], w' = w (cross-correlation) or w reversed
 * (true convolution), positions outside the input reading padding zeros: the conv layer's formula,
 * computed here term by term so every product can be shown. */
#include "cw-conv-lab.h"

#include "cw-preprocess.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

cw_lab_settings
cw_lab_settings_default (void)
{
  return (cw_lab_settings) { .stride = 1, .dilation = 1, .padding = CW_PAD_VALID };
}

const char *
cw_lab_mode_explanation (void)
{
  return "Cross-correlation slides the kernel as written, multiplying w[j] with x[t+j] (what CNN layers "
         "compute); true convolution flips the kernel first, so w[k-1-j] meets x[t+j], which only "
         "matters for kernels that are not symmetric.";
}

cw_status
cw_lab_geometry (const cw_lab_settings *s, int length, int k, int *pad_left, int *pad_right,
                 int *out_length, cw_error *err)
{
  assert (s);
  cw_error_clear (err);
  if (length < 1)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "The input needs at least one value.");
  if (k < 1)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "The kernel needs at least one weight.");
  if (s->stride < 1 || s->dilation < 1)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "Stride and dilation must be at least 1 (got %d and %d).", s->stride, s->dilation);
  int span = s->dilation * (k - 1) + 1, pl = 0, pr = 0;
  switch (s->padding)
    {
    case CW_PAD_VALID:
      break;
    case CW_PAD_SAME:
      {
        /* TensorFlow's rule, as the conv layer: out = ceil(L / s), the odd zero on the right */
        int out = (length + s->stride - 1) / s->stride;
        int total = (out - 1) * s->stride + span - length;
        if (total < 0)
          total = 0;
        pl = total / 2;
        pr = total - pl;
        break;
      }
    case CW_PAD_CAUSAL:
      pl = span - 1;
      break;
    case CW_PAD_EXPLICIT:
      if (s->pad_left < 0 || s->pad_right < 0)
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "Padding must not be negative (got %d:%d).",
                             s->pad_left, s->pad_right);
      pl = s->pad_left;
      pr = s->pad_right;
      break;
    default:
      return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "Unknown padding %d.", (int) s->padding);
    }
  if (length + pl + pr < span)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The kernel spans %d positions (dilation %d x (k %d - 1) + 1) but the padded input "
                         "has only %d (%d + %d + %d): there is no output position.",
                         span, s->dilation, k, length + pl + pr, pl, length, pr);
  if (pad_left)
    *pad_left = pl;
  if (pad_right)
    *pad_right = pr;
  if (out_length)
    *out_length = (length + pl + pr - span) / s->stride + 1;
  return CW_OK;
}

static char *
format_string (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

static char *
format_string (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  int n = vsnprintf (NULL, 0, fmt, ap);
  va_end (ap);
  char *s = malloc ((size_t) n + 1);
  if (!s)
    return NULL;
  va_start (ap, fmt);
  vsnprintf (s, (size_t) n + 1, fmt, ap);
  va_end (ap);
  return s;
}

char *
cw_lab_formula (const cw_lab_settings *s, int length, int k)
{
  int pl, pr, out;
  if (cw_lab_geometry (s, length, k, &pl, &pr, &out, NULL) != CW_OK)
    return NULL;
  return format_string ("L_out = floor((%d + %d + %d - %d*(%d-1) - 1)/%d) + 1 = %d", length, pl, pr,
                        s->dilation, k, s->stride, out);
}

/* ---- the trace ---- */

struct cw_lab_trace {
  cw_lab_settings settings;
  int channels, length, k, out_length, pad_left, pad_right;
  float *x;          /* channels x length */
  float *kernel;     /* channels x k, as applied */
  int *positions;    /* out_length x k */
  int *indices;      /* out_length x k */
  float *products;   /* out_length x channels x k */
  float *sums;       /* out_length x channels */
  float *output;     /* out_length */
  char *formula, *padding_text;
};

void
cw_lab_trace_free (cw_lab_trace *tr)
{
  if (!tr)
    return;
  free (tr->x);
  free (tr->kernel);
  free (tr->positions);
  free (tr->indices);
  free (tr->products);
  free (tr->sums);
  free (tr->output);
  free (tr->formula);
  free (tr->padding_text);
  free (tr);
}

static char *
padding_text (const cw_lab_trace *tr)
{
  const cw_lab_settings *s = &tr->settings;
  switch (s->padding)
    {
    case CW_PAD_VALID:
      return format_string ("valid: no padding, the kernel stays inside the input");
    case CW_PAD_SAME:
      return format_string ("same: %d zero%s on the left, %d on the right, so that L_out = ceil(%d/%d) = %d",
                            tr->pad_left, tr->pad_left == 1 ? "" : "s", tr->pad_right, tr->length,
                            s->stride, tr->out_length);
    case CW_PAD_CAUSAL:
      return format_string ("causal: %d zero%s on the left (dilation x (k - 1)), none on the right, so "
                            "output t never sees an input after t",
                            tr->pad_left, tr->pad_left == 1 ? "" : "s");
    case CW_PAD_EXPLICIT:
      return format_string ("zeros added: %d on the left, %d on the right", tr->pad_left, tr->pad_right);
    }
  return format_string ("?");
}

cw_lab_trace *
cw_lab_trace_new (const float *x, int channels, int length, const float *kernel, int k,
                  const cw_lab_settings *s, cw_error *err)
{
  assert (x && kernel && s);
  if (channels < 1)
    {
      cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "The input needs at least one channel.");
      return NULL;
    }
  int pl, pr, out;
  if (cw_lab_geometry (s, length, k, &pl, &pr, &out, err) != CW_OK)
    return NULL;
  cw_lab_trace *tr = calloc (1, sizeof *tr);
  if (!tr)
    {
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for the trace.");
      return NULL;
    }
  tr->settings = *s;
  tr->channels = channels;
  tr->length = length;
  tr->k = k;
  tr->out_length = out;
  tr->pad_left = pl;
  tr->pad_right = pr;
  size_t ck = (size_t) channels * (size_t) k;
  tr->x = malloc ((size_t) channels * (size_t) length * sizeof (float));
  tr->kernel = malloc (ck * sizeof (float));
  tr->positions = malloc ((size_t) out * (size_t) k * sizeof (int));
  tr->indices = malloc ((size_t) out * (size_t) k * sizeof (int));
  tr->products = malloc ((size_t) out * ck * sizeof (float));
  tr->sums = malloc ((size_t) out * (size_t) channels * sizeof (float));
  tr->output = malloc ((size_t) out * sizeof (float));
  tr->formula = cw_lab_formula (s, length, k);
  tr->padding_text = padding_text (tr);
  if (!tr->x || !tr->kernel || !tr->positions || !tr->indices || !tr->products || !tr->sums || !tr->output
      || !tr->formula || !tr->padding_text)
    {
      cw_lab_trace_free (tr);
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for the trace.");
      return NULL;
    }
  memcpy (tr->x, x, (size_t) channels * (size_t) length * sizeof (float));
  for (int c = 0; c < channels; c++)
    for (int j = 0; j < k; j++)
      tr->kernel[c * k + j] = kernel[c * k + (s->convolution ? k - 1 - j : j)];

  for (int t = 0; t < out; t++)
    {
      int *pos = tr->positions + (size_t) t * (size_t) k, *idx = tr->indices + (size_t) t * (size_t) k;
      for (int j = 0; j < k; j++)
        {
          pos[j] = t * s->stride + j * s->dilation - pl;
          idx[j] = pos[j] >= 0 && pos[j] < length ? pos[j] : -1;
        }
      float *prod = tr->products + (size_t) t * ck, *sum = tr->sums + (size_t) t * (size_t) channels;
      double total = 0;
      for (int c = 0; c < channels; c++)
        {
          double channel_sum = 0;
          for (int j = 0; j < k; j++)
            {
              float v = idx[j] >= 0 ? tr->x[(size_t) c * (size_t) length + (size_t) idx[j]] : 0.0f;
              prod[c * k + j] = tr->kernel[c * k + j] * v;
              channel_sum += (double) tr->kernel[c * k + j] * v;
            }
          sum[c] = (float) channel_sum;
          total += channel_sum;
        }
      tr->output[t] = (float) total;
    }
  return tr;
}

int cw_lab_trace_channels (const cw_lab_trace *tr) { return tr->channels; }
int cw_lab_trace_length (const cw_lab_trace *tr) { return tr->length; }
int cw_lab_trace_kernel_size (const cw_lab_trace *tr) { return tr->k; }
int cw_lab_trace_out_length (const cw_lab_trace *tr) { return tr->out_length; }
int cw_lab_trace_pad_left (const cw_lab_trace *tr) { return tr->pad_left; }
int cw_lab_trace_pad_right (const cw_lab_trace *tr) { return tr->pad_right; }
const cw_lab_settings *cw_lab_trace_settings (const cw_lab_trace *tr) { return &tr->settings; }
const char *cw_lab_trace_formula (const cw_lab_trace *tr) { return tr->formula; }
const char *cw_lab_trace_padding_text (const cw_lab_trace *tr) { return tr->padding_text; }
const float *cw_lab_trace_applied_kernel (const cw_lab_trace *tr) { return tr->kernel; }
const float *cw_lab_trace_output (const cw_lab_trace *tr) { return tr->output; }

const int *
cw_lab_trace_positions (const cw_lab_trace *tr, int t)
{
  assert (t >= 0 && t < tr->out_length);
  return tr->positions + (size_t) t * (size_t) tr->k;
}

const int *
cw_lab_trace_indices (const cw_lab_trace *tr, int t)
{
  assert (t >= 0 && t < tr->out_length);
  return tr->indices + (size_t) t * (size_t) tr->k;
}

const float *
cw_lab_trace_products (const cw_lab_trace *tr, int t)
{
  assert (t >= 0 && t < tr->out_length);
  return tr->products + (size_t) t * (size_t) tr->channels * (size_t) tr->k;
}

const float *
cw_lab_trace_channel_sums (const cw_lab_trace *tr, int t)
{
  assert (t >= 0 && t < tr->out_length);
  return tr->sums + (size_t) t * (size_t) tr->channels;
}

float
cw_lab_trace_value (const cw_lab_trace *tr, int t)
{
  assert (t >= 0 && t < tr->out_length);
  return tr->output[t];
}

double
cw_lab_trace_centre (const cw_lab_trace *tr, int t)
{
  assert (t >= 0 && t < tr->out_length);
  return t * tr->settings.stride - tr->pad_left + 0.5 * tr->settings.dilation * (tr->k - 1);
}

char *
cw_lab_trace_step_text (const cw_lab_trace *tr, int t)
{
  assert (t >= 0 && t < tr->out_length);
  const int *idx = cw_lab_trace_indices (tr, t);
  size_t cap = 64 + (size_t) tr->channels * (size_t) tr->k * 40, len = 0;
  char *s = malloc (cap);
  if (!s)
    return NULL;
  len += (size_t) snprintf (s + len, cap - len, "y[%d] = ", t);
  for (int c = 0; c < tr->channels; c++)
    {
      if (c > 0)
        len += (size_t) snprintf (s + len, cap - len, " + ");
      if (tr->channels > 1)
        len += (size_t) snprintf (s + len, cap - len, "(");
      for (int j = 0; j < tr->k; j++)
        {
          float v = idx[j] >= 0 ? tr->x[(size_t) c * (size_t) tr->length + (size_t) idx[j]] : 0.0f;
          len += (size_t) snprintf (s + len, cap - len, "%s%.4g*%.4g", j ? " + " : "",
                                    (double) tr->kernel[c * tr->k + j], (double) v);
        }
      if (tr->channels > 1)
        len += (size_t) snprintf (s + len, cap - len, ")");
    }
  snprintf (s + len, cap - len, " = %.4g", (double) tr->output[t]);
  return s;
}

/* ---- built-in signals ---- */

static const char *const signal_names[CW_LAB_SIGNAL_N] = { "step", "ramp", "pulses", "noisy-sine", "peaks" };

const char *
cw_lab_signal_name (cw_lab_signal signal)
{
  assert (signal >= 0 && signal < CW_LAB_SIGNAL_N);
  return signal_names[signal];
}

bool
cw_lab_signal_from_name (const char *name, cw_lab_signal *signal)
{
  for (int i = 0; i < CW_LAB_SIGNAL_N; i++)
    if (strcasecmp (name, signal_names[i]) == 0)
      {
        *signal = (cw_lab_signal) i;
        return true;
      }
  return false;
}

void
cw_lab_signal_fill (cw_lab_signal signal, int length, uint64_t seed, float *out)
{
  assert (length >= 1 && out);
  cw_rng rng;
  cw_rng_seed (&rng, seed);
  switch (signal)
    {
    case CW_LAB_SIGNAL_STEP:
      for (int t = 0; t < length; t++)
        out[t] = t < length / 2 ? 0.0f : 1.0f;
      break;
    case CW_LAB_SIGNAL_RAMP:
      for (int t = 0; t < length; t++)
        out[t] = length > 1 ? (float) t / (float) (length - 1) : 0.0f;
      break;
    case CW_LAB_SIGNAL_PULSES:
      {
        int period = length / 4 > 4 ? length / 4 : 4, width = period / 4 > 1 ? period / 4 : 1;
        for (int t = 0; t < length; t++)
          out[t] = t % period < width ? 1.0f : 0.0f;
        break;
      }
    case CW_LAB_SIGNAL_NOISY_SINE:
      /* sin(2 pi 2 t / L) + N(0, 0.15^2) */
      for (int t = 0; t < length; t++)
        out[t] = (float) (sin (4 * M_PI * t / length) + 0.15 * cw_rng_normal (&rng));
      break;
    case CW_LAB_SIGNAL_PEAKS:
      {
        /* sum of three h exp(-(t - c)^2 / (2 w^2)) */
        double c[3], h[3], w[3];
        for (int p = 0; p < 3; p++)
          {
            c[p] = length * (0.1 + 0.8 * cw_rng_uniform (&rng));
            h[p] = 0.5 + 0.5 * cw_rng_uniform (&rng);
            w[p] = fmax (1.0, length * (1.0 / 60 + (1.0 / 20 - 1.0 / 60) * cw_rng_uniform (&rng)));
          }
        for (int t = 0; t < length; t++)
          {
            double v = 0;
            for (int p = 0; p < 3; p++)
              v += h[p] * exp (-0.5 * (t - c[p]) * (t - c[p]) / (w[p] * w[p]));
            out[t] = (float) v;
          }
        break;
      }
    case CW_LAB_SIGNAL_N:
      assert (!"unknown signal");
    }
}

/* ---- kernel presets ---- */

static const char *const kernel_names[CW_LAB_KERNEL_N] = {
  "edge", "box", "gaussian", "derivative", "second-derivative", "savgol",
};

const char *
cw_lab_kernel_name (cw_lab_kernel kind)
{
  assert (kind >= 0 && kind < CW_LAB_KERNEL_N);
  return kernel_names[kind];
}

bool
cw_lab_kernel_from_name (const char *name, cw_lab_kernel *kind)
{
  for (int i = 0; i < CW_LAB_KERNEL_N; i++)
    if (strcasecmp (name, kernel_names[i]) == 0)
      {
        *kind = (cw_lab_kernel) i;
        return true;
      }
  return false;
}

cw_lab_kernel_params
cw_lab_kernel_params_default (cw_lab_kernel kind)
{
  cw_lab_kernel_params p = { .kind = kind, .size = 3, .sigma = 1.0, .poly = 2, .deriv = 0 };
  if (kind == CW_LAB_KERNEL_BOX || kind == CW_LAB_KERNEL_GAUSSIAN)
    p.size = 5;
  else if (kind == CW_LAB_KERNEL_SAVGOL)
    p.size = 7;
  return p;
}

int
cw_lab_kernel_size (const cw_lab_kernel_params *p)
{
  switch (p->kind)
    {
    case CW_LAB_KERNEL_BOX:
    case CW_LAB_KERNEL_GAUSSIAN:
    case CW_LAB_KERNEL_SAVGOL:
      return p->size;
    default:
      return 3;
    }
}

cw_status
cw_lab_kernel_fill (const cw_lab_kernel_params *p, float *out, cw_error *err)
{
  assert (p && out);
  cw_error_clear (err);
  int k = cw_lab_kernel_size (p);
  if (k < 1 || k > 1001)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The kernel size must be between 1 and 1001 (got %d).", k);
  switch (p->kind)
    {
    case CW_LAB_KERNEL_EDGE:
      memcpy (out, (const float[]) { -1, 2, -1 }, 3 * sizeof (float));
      break;
    case CW_LAB_KERNEL_BOX:
      for (int j = 0; j < k; j++)
        out[j] = 1.0f / (float) k;
      break;
    case CW_LAB_KERNEL_GAUSSIAN:
      {
        if (!(p->sigma > 0) || !isfinite (p->sigma))
          return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                               "The Gaussian's sigma must be > 0 (got %g).", p->sigma);
        double c = 0.5 * (k - 1), sum = 0, w[1001];
        for (int j = 0; j < k; j++)
          sum += w[j] = exp (-0.5 * (j - c) * (j - c) / (p->sigma * p->sigma));
        for (int j = 0; j < k; j++)
          out[j] = (float) (w[j] / sum);
        break;
      }
    case CW_LAB_KERNEL_DERIVATIVE:
      memcpy (out, (const float[]) { -0.5f, 0, 0.5f }, 3 * sizeof (float));
      break;
    case CW_LAB_KERNEL_SECOND_DERIVATIVE:
      memcpy (out, (const float[]) { 1, -2, 1 }, 3 * sizeof (float));
      break;
    case CW_LAB_KERNEL_SAVGOL:
      {
        double *coef = malloc ((size_t) k * (size_t) k * sizeof (double));
        if (!coef)
          return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for the kernel.");
        cw_status st = cw_savgol_coefficients (k, p->poly, p->deriv, coef, err);
        /* the centre row: the fitted polynomial (or derivative) at the window's middle */
        if (st == CW_OK)
          for (int j = 0; j < k; j++)
            out[j] = (float) coef[(size_t) (k / 2) * (size_t) k + (size_t) j];
        free (coef);
        return st;
      }
    default:
      return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "Unknown kernel preset %d.", (int) p->kind);
    }
  return CW_OK;
}
