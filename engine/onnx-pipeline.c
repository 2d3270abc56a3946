/* onnx-pipeline.c — a fitted preprocessing pipeline as ONNX operators, in double precision as the engine
 * computes it (cw_pipeline_apply_f converts to double, applies, converts back).
 *
 * Tensors are [N, C, L]: N rows, C channels, L points; every step acts on each (row, channel) signal, or
 * on each column (channel, position) for centring and autoscaling.
 *   center      y = x - m                      Sub by the training means m [C, L]
 *   autoscale   y = (x - m) / s                Sub, Div by the training SDs s [C, L]
 *   snv         y = (x - mean(x)) * r,         ReduceMean over L, Sub, Mul, ReduceSum, Div, Sqrt;
 *               r = 1 / sd(x) (n - 1),         r = 1 where sd = 0 (a flat signal stays flat), by Where
 *   msc         y = (x - a) * r, r = 1 / b     b = sum((x - mean x)(ref - mean ref)) / sum((ref - mean ref)^2),
 *                                              a = mean x - b mean ref; ref, mean ref and the denominator
 *                                              are constants of the fit; r = 1 where b = 0, by Where
 *   range       y = x[..., keep]               Gather on axis 2 by the kept positions
 *   sg, detrend, pca: affine maps of each signal, y_c = x_c M_c + o_c. The engine's own step is applied to
 *               the zero signal (giving o_c) and to every unit signal e_j (giving row j of M_c plus o_c),
 *               so M and o are exactly what the engine computes, Savitzky–Golay edges included; then
 *               MatMul by M [L, L'] (one matrix shared by all channels) or, when the channels differ
 *               (pca loadings), Unsqueeze to [N, C, 1, L], MatMul by [C, L, L'] and Squeeze; Add o when
 *               it is not zero. */
#include "cw-chemo-private.h"
#include "cw-onnx-private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cw_onnx_name
reduce_mean_last (cw_onnx_graph *g, cw_onnx_name x)
{
  /* ReduceMean-13 takes its axes as an attribute */
  cw_bytes_out attrs = { 0 };
  int64_t axis = 2;
  cw_onnx_attr_ints (&attrs, "axes", &axis, 1);
  cw_onnx_attr_int (&attrs, "keepdims", 1);
  cw_onnx_name y = cw_onnx_node (g, "ReduceMean", 1, &x, &attrs);
  free (attrs.data);
  return y;
}

static cw_onnx_name
reduce_sum_last (cw_onnx_graph *g, cw_onnx_name x)
{
  /* ReduceSum-13 takes its axes as a second input */
  int64_t axis = 2, one = 1;
  cw_onnx_name in[2] = { x, cw_onnx_int64s (g, "axes", &axis, 1, &one) };
  cw_bytes_out attrs = { 0 };
  cw_onnx_attr_int (&attrs, "keepdims", 1);
  cw_onnx_name y = cw_onnx_node (g, "ReduceSum", 2, in, &attrs);
  free (attrs.data);
  return y;
}

/* 1 / v, or 1 where v is zero (cond says where v may be used). */
static cw_onnx_name
reciprocal_where (cw_onnx_graph *g, cw_onnx_name cond, cw_onnx_name v)
{
  cw_onnx_name one = cw_onnx_scalar (g, "one", CW_ONNX_DOUBLE, 1.0);
  cw_onnx_name in[3] = { cond, v, one };
  cw_onnx_name safe = cw_onnx_node (g, "Where", 3, in, NULL);
  return cw_onnx_op2 (g, "Div", one, safe);
}

static cw_onnx_name
snv (cw_onnx_graph *g, cw_onnx_name x, int length)
{
  cw_onnx_name d = cw_onnx_op2 (g, "Sub", x, reduce_mean_last (g, x));
  cw_onnx_name ss = reduce_sum_last (g, cw_onnx_op2 (g, "Mul", d, d));
  cw_onnx_name var = cw_onnx_op2 (g, "Div", ss, cw_onnx_scalar (g, "n_minus_1", CW_ONNX_DOUBLE, length - 1));
  cw_onnx_name sd = cw_onnx_op1 (g, "Sqrt", var);
  cw_onnx_name positive = cw_onnx_op2 (g, "Greater", sd, cw_onnx_scalar (g, "zero", CW_ONNX_DOUBLE, 0.0));
  return cw_onnx_op2 (g, "Mul", d, reciprocal_where (g, positive, sd));
}

static cw_onnx_name
msc (cw_onnx_graph *g, cw_onnx_name x, const double *ref, int channels, int length)
{
  /* the reference's mean, centred reference and sum of squares per channel, as msc_signal computes them */
  double *centred = malloc ((size_t) channels * length * sizeof (double));
  double *ref_mean = malloc ((size_t) channels * sizeof (double));
  double *ref_ss = malloc ((size_t) channels * sizeof (double));
  if (!centred || !ref_mean || !ref_ss)
    {
      free (centred);
      free (ref_mean);
      free (ref_ss);
      g->nodes.failed = true;
      return x;
    }
  for (int c = 0; c < channels; c++)
    {
      const double *r = ref + (size_t) c * length;
      double mr = 0, srr = 0;
      for (int t = 0; t < length; t++)
        mr += r[t];
      mr /= length;
      for (int t = 0; t < length; t++)
        {
          centred[(size_t) c * length + t] = r[t] - mr;
          srr += (r[t] - mr) * (r[t] - mr);
        }
      ref_mean[c] = mr;
      ref_ss[c] = srr;
    }
  int64_t dims_cl[2] = { channels, length }, dims_c1[2] = { channels, 1 };
  cw_onnx_name rc = cw_onnx_doubles (g, "msc_centred_reference", centred, 2, dims_cl);
  cw_onnx_name mr = cw_onnx_doubles (g, "msc_reference_mean", ref_mean, 2, dims_c1);
  cw_onnx_name srr = cw_onnx_doubles (g, "msc_reference_ss", ref_ss, 2, dims_c1);
  free (centred);
  free (ref_mean);
  free (ref_ss);

  cw_onnx_name mx = reduce_mean_last (g, x);
  cw_onnx_name sxr = reduce_sum_last (g, cw_onnx_op2 (g, "Mul", cw_onnx_op2 (g, "Sub", x, mx), rc));
  cw_onnx_name b = cw_onnx_op2 (g, "Div", sxr, srr);
  cw_onnx_name a = cw_onnx_op2 (g, "Sub", mx, cw_onnx_op2 (g, "Mul", b, mr));
  cw_onnx_name zero = cw_onnx_op2 (g, "Equal", b, cw_onnx_scalar (g, "zero", CW_ONNX_DOUBLE, 0.0));
  cw_onnx_name nonzero = cw_onnx_op1 (g, "Not", zero);
  return cw_onnx_op2 (g, "Mul", cw_onnx_op2 (g, "Sub", x, a), reciprocal_where (g, nonzero, b));
}

static cw_onnx_name
gather_positions (cw_onnx_graph *g, cw_onnx_name x, const int *keep, int kept)
{
  int64_t *idx = malloc ((size_t) kept * sizeof (int64_t));
  if (!idx)
    {
      g->nodes.failed = true;
      return x;
    }
  for (int t = 0; t < kept; t++)
    idx[t] = keep[t];
  int64_t dims = kept;
  cw_onnx_name in[2] = { x, cw_onnx_int64s (g, "range_positions", idx, 1, &dims) };
  free (idx);
  cw_bytes_out attrs = { 0 };
  cw_onnx_attr_int (&attrs, "axis", 2);
  cw_onnx_name y = cw_onnx_node (g, "Gather", 2, in, &attrs);
  free (attrs.data);
  return y;
}

/* a * b * c with a check that it fits in size_t */
static bool
product (size_t a, size_t b, size_t c, size_t *out)
{
  if (b && a > SIZE_MAX / b)
    return false;
  if (c && a * b > SIZE_MAX / c)
    return false;
  *out = a * b * c;
  return true;
}

/* Unit signals probed per call of the engine's step: bounds the probe's memory for long signals. */
#define PROBE_ROWS 256

/* sg, detrend, pca: the affine map read off the engine's own step (see the header comment). matrix gets
 * channels x li x lo values, offset channels x lo; false when memory runs out. */
static bool
probe_affine_step (const cw_pipeline *p, int index, double *matrix, double *offset, bool *has_offset,
                   bool *shared)
{
  const cw_fitted_step *f = &p->steps[index];
  int channels = p->channels, li = f->in_length, lo = f->out_length;
  size_t row_in = (size_t) channels * li, row_out = (size_t) channels * lo;
  double *probe = calloc ((size_t) PROBE_ROWS * row_in, sizeof (double));
  double *response = malloc ((size_t) PROBE_ROWS * row_out * sizeof (double));
  if (!probe || !response)
    {
      free (probe);
      free (response);
      return false;
    }
  /* the zero signal gives the offset o */
  cw_pipeline_apply_step (p, index, probe, 1, response);
  memcpy (offset, response, row_out * sizeof (double));
  *has_offset = false;
  for (size_t k = 0; k < row_out; k++)
    *has_offset = *has_offset || offset[k] != 0.0;
  /* the unit signal e_j (on every channel) gives row j of M plus o */
  for (int first = 0; first < li; first += PROBE_ROWS)
    {
      int rows = li - first < PROBE_ROWS ? li - first : PROBE_ROWS;
      memset (probe, 0, (size_t) rows * row_in * sizeof (double));
      for (int r = 0; r < rows; r++)
        for (int c = 0; c < channels; c++)
          probe[(size_t) r * row_in + (size_t) c * li + first + r] = 1.0;
      cw_pipeline_apply_step (p, index, probe, rows, response);
      for (int r = 0; r < rows; r++)
        for (int c = 0; c < channels; c++)
          for (int t = 0; t < lo; t++)
            matrix[((size_t) c * li + first + r) * lo + t]
              = response[(size_t) r * row_out + (size_t) c * lo + t] - offset[(size_t) c * lo + t];
    }
  *shared = true;
  for (int c = 1; c < channels && *shared; c++)
    *shared = memcmp (matrix, matrix + (size_t) c * li * lo, (size_t) li * lo * sizeof (double)) == 0;
  free (probe);
  free (response);
  return true;
}

static cw_status
affine_step (cw_onnx_graph *g, const cw_pipeline *p, int index, cw_onnx_name x, cw_onnx_name *out,
             cw_error *err)
{
  const cw_fitted_step *f = &p->steps[index];
  int channels = p->channels, li = f->in_length, lo = f->out_length;
  size_t matrix_values;
  if (!product ((size_t) channels, (size_t) li, (size_t) lo, &matrix_values)
      || matrix_values > CW_ONNX_MAX_CONSTANT_BYTES / sizeof (double))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "Step %d (%s) cannot be exported to ONNX: as a linear map of %d points to %d it is a "
                         "%d x %d matrix per channel, %.1f GB in all, more than an ONNX file (at most 2 GiB) "
                         "can hold. Crop the signal with range(LO,HI) first, or shorten it.", index + 1,
                         cw_pre_kind_name (f->step.kind), li, lo, li, lo,
                         (double) channels * li * lo * sizeof (double) / 1e9);

  double *matrix = malloc (matrix_values * sizeof (double));
  double *offset = malloc ((size_t) channels * lo * sizeof (double));
  bool has_offset = false, shared = true;
  if (!matrix || !offset || !probe_affine_step (p, index, matrix, offset, &has_offset, &shared))
    {
      free (matrix);
      free (offset);
      return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to export step %d (%s) to ONNX.",
                           index + 1, cw_pre_kind_name (f->step.kind));
    }

  cw_onnx_name y;
  if (shared)
    {
      int64_t dims[2] = { li, lo };
      y = cw_onnx_op2 (g, "MatMul", x, cw_onnx_doubles (g, "step_matrix", matrix, 2, dims));
    }
  else
    {
      int64_t axis = 2, one = 1, dims[3] = { channels, li, lo };
      cw_onnx_name axes = cw_onnx_int64s (g, "axes", &axis, 1, &one);
      cw_onnx_name x4 = cw_onnx_op2 (g, "Unsqueeze", x, axes);
      cw_onnx_name y4 = cw_onnx_op2 (g, "MatMul", x4, cw_onnx_doubles (g, "step_matrices", matrix, 3, dims));
      y = cw_onnx_op2 (g, "Squeeze", y4, axes);
    }
  if (has_offset)
    {
      int64_t dims[2] = { channels, lo };
      y = cw_onnx_op2 (g, "Add", y, cw_onnx_doubles (g, "step_offset", offset, 2, dims));
    }
  free (matrix);
  free (offset);
  *out = y;
  return CW_OK;
}

cw_status
cw_onnx_pipeline (cw_onnx_graph *g, const cw_pipeline *p, cw_onnx_name x, cw_onnx_name *out, cw_error *err)
{
  int channels = p->channels;
  for (int i = 0; i < p->count; i++)
    {
      const cw_fitted_step *f = &p->steps[i];
      int64_t dims[2] = { channels, f->in_length };
      switch (f->step.kind)
        {
        case CW_PRE_CENTER:
          x = cw_onnx_op2 (g, "Sub", x, cw_onnx_doubles (g, "center_mean", f->mean, 2, dims));
          break;
        case CW_PRE_AUTOSCALE:
          x = cw_onnx_op2 (g, "Sub", x, cw_onnx_doubles (g, "autoscale_mean", f->mean, 2, dims));
          x = cw_onnx_op2 (g, "Div", x, cw_onnx_doubles (g, "autoscale_sd", f->scale, 2, dims));
          break;
        case CW_PRE_SNV:
          x = snv (g, x, f->in_length);
          break;
        case CW_PRE_MSC:
          x = msc (g, x, f->mean, channels, f->in_length);
          break;
        case CW_PRE_RANGE:
          x = gather_positions (g, x, f->keep, f->out_length);
          break;
        case CW_PRE_SAVGOL:
        case CW_PRE_DETREND:
        case CW_PRE_PCA:
          {
            cw_status st = affine_step (g, p, i, x, &x, err);
            if (st != CW_OK)
              return st;
            break;
          }
        default:
          return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                               "Step %d (%s) has no ONNX form in this version.", i + 1,
                               cw_pre_kind_name (f->step.kind));
        }
    }
  *out = x;
  return CW_OK;
}
