/* cli-chemo.c — the options and helpers `conv1d pls` and `conv1d compare` share. */
#include "cli-chemo.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- --cv ---- */

static bool
parse_count (const char *text, int *out)
{
  char *end;
  errno = 0;
  long v = strtol (text, &end, 10);
  if (end == text || *end || errno || v < 0 || v > 1000000)
    return false;
  *out = (int) v;
  return true;
}

static bool
parse_seed (const char *text, uint64_t *out)
{
  char *end;
  errno = 0;
  unsigned long long v = strtoull (text, &end, 10);
  if (end == text || *end || errno || text[0] == '-')
    return false;
  *out = v;
  return true;
}

/* "[consecutive|random[:SEED]]" after a fold count. */
static bool
parse_order (char *rest, cli_cv *cv)
{
  if (!rest)
    return true;
  char *seed = strchr (rest, ':');
  if (seed)
    *seed++ = '\0';
  if (strcasecmp (rest, "consecutive") == 0 && !seed)
    return true;
  if (strcasecmp (rest, "random") != 0)
    return false;
  cv->random = true;
  return !seed || parse_seed (seed, &cv->seed);
}

bool
cli_parse_cv (const char *text, cli_cv *cv)
{
  memset (cv, 0, sizeof *cv);
  cv->seed = 1;
  char copy[256];
  snprintf (copy, sizeof copy, "%s", text);
  char *rest = strchr (copy, ':');
  if (rest)
    *rest++ = '\0';
  bool ok = false;
  if ((strcasecmp (copy, "none") == 0 || strcmp (copy, "0") == 0) && !rest)
    {
      cv->kind = CLI_CV_NONE;
      ok = true;
    }
  else if (strcasecmp (copy, "loo") == 0 && !rest)
    {
      cv->kind = CLI_CV_LOO;
      ok = true;
    }
  else if (parse_count (copy, &cv->k) && !rest)
    {
      cv->kind = CLI_CV_KFOLD;
      ok = cv->k >= 2;
    }
  else if (strcasecmp (copy, "kfold") == 0 && rest)
    {
      cv->kind = CLI_CV_KFOLD;
      char *order = strchr (rest, ':');
      if (order)
        *order++ = '\0';
      ok = parse_count (rest, &cv->k) && cv->k >= 2 && parse_order (order, cv);
    }
  else if (strcasecmp (copy, "group") == 0 && rest && *rest && *rest != ':')
    {
      cv->kind = CLI_CV_GROUP;
      char *count = strchr (rest, ':');
      if (count)
        *count++ = '\0';
      snprintf (cv->meta, sizeof cv->meta, "%s", rest);
      ok = true;
      if (count)
        {
          char *order = strchr (count, ':');
          if (order)
            *order++ = '\0';
          ok = parse_count (count, &cv->k) && parse_order (order, cv);
        }
    }
  if (!ok)
    cli_error ("--cv: '%s' is not one of none, K (at least 2), loo, kfold:K[:random[:SEED]], "
               "group:META[:K[:random[:SEED]]].", text);
  return ok;
}

/* ---- --preprocess and --scale ---- */

bool
cli_check_scale (const char *scale)
{
  if (!scale || strcmp (scale, "center") == 0 || strcmp (scale, "autoscale") == 0 || strcmp (scale, "none") == 0)
    return true;
  cli_error ("--scale: '%s' is not one of center, autoscale, none.", scale);
  return false;
}

/* The text indented by two spaces, then `width` carets under 1-based character `column`. */
static void
print_caret (const char *text, int column, int width)
{
  fputs ("  ", stderr);
  for (const char *p = text; *p; p++)
    fputc (*p == '\t' || *p == '\n' ? ' ' : *p, stderr);
  fputs ("\n  ", stderr);
  for (int i = 1; i < column; i++)
    fputc (' ', stderr);
  for (int i = 0; i < (width > 0 ? width : 1); i++)
    fputc ('^', stderr);
  fputc ('\n', stderr);
}

cw_pipeline *
cli_parse_preprocess (const char *text, const char *scale)
{
  if (!text)
    text = "";
  cw_error err;
  cw_error_clear (&err);
  cw_pipeline *pipe = cw_pipeline_parse (text, &err);
  if (!pipe)
    {
      cli_error ("invalid --preprocess: %s", err.message[0] ? err.message : cw_status_name (err.status));
      if (err.column > 0)
        print_caret (text, err.column, err.length);
      return NULL;
    }
  int count = cw_pipeline_count (pipe);
  cw_pre_kind last = count ? cw_pipeline_get (pipe, count - 1)->kind : CW_PRE_SNV;
  cw_pre_step step;
  bool append = false;
  if (scale && strcmp (scale, "autoscale") == 0)
    {
      step = cw_pre_step_default (CW_PRE_AUTOSCALE);
      append = !count || last != CW_PRE_AUTOSCALE;
    }
  else if (scale && strcmp (scale, "center") == 0)
    {
      step = cw_pre_step_default (CW_PRE_CENTER);
      append = !count || (last != CW_PRE_CENTER && last != CW_PRE_AUTOSCALE);
    }
  if (append && cw_pipeline_append (pipe, &step, &err) != CW_OK)
    {
      cli_error ("--scale: %s", err.message);
      cw_pipeline_free (pipe);
      return NULL;
    }
  return pipe;
}

/* ---- splits and folds ---- */

bool
cli_plan_test (cw_cv_plan *plan, const cw_dataset *ds, const char *test_meta, const char *test_rows,
               char *label, size_t size)
{
  cw_error err;
  cw_error_clear (&err);
  snprintf (label, size, "none");
  if (test_meta)
    {
      char *column = strdup (test_meta);
      char *values = strchr (column, '=');
      *values++ = '\0';
      cw_status st = cw_cv_plan_test_by_meta (plan, ds, column, values, &err);
      free (column);
      if (st != CW_OK)
        {
          cli_error ("--test-meta: %s", err.message);
          return false;
        }
      snprintf (label, size, "%s", test_meta);
    }
  else if (test_rows)
    {
      if (cw_cv_plan_test_by_ranges (plan, test_rows, &err) != CW_OK)
        {
          cli_error ("--test-rows: %s", err.message);
          if (err.column > 0)
            print_caret (test_rows, err.column, 1);
          return false;
        }
      snprintf (label, size, "rows %s", test_rows);
    }
  if (cw_cv_plan_n_calibration (plan) < 2)
    {
      cli_error ("The test split (%s) leaves %d calibration row%s; at least 2 are needed.", label,
                 cw_cv_plan_n_calibration (plan), cw_cv_plan_n_calibration (plan) == 1 ? "" : "s");
      return false;
    }
  return true;
}

bool
cli_plan_folds (cw_cv_plan *plan, const cw_dataset *ds, const cli_cv *cv)
{
  cw_error err;
  cw_error_clear (&err);
  cw_status st = CW_OK;
  switch (cv->kind)
    {
    case CLI_CV_NONE: return true;
    case CLI_CV_KFOLD: st = cw_cv_plan_kfold (plan, cv->k, cv->random, cv->seed, &err); break;
    case CLI_CV_LOO: st = cw_cv_plan_loo (plan, &err); break;
    case CLI_CV_GROUP:
      st = cw_cv_plan_grouped_by_meta (plan, ds, cv->meta, cv->k, cv->random, cv->seed, &err);
      break;
    }
  if (st != CW_OK)
    cli_error ("--cv: %s", err.message);
  return st == CW_OK;
}

/* ---- data ---- */

bool
cli_chemo_data (const cw_dataset *ds, cw_task task, const int *cols, int n_cols, cw_chemo_data *d)
{
  cw_error err;
  cw_error_clear (&err);
  if (cw_chemo_data_from_dataset (ds, task, cols, n_cols, d, &err) != CW_OK)
    {
      cli_error ("%s", err.message);
      return false;
    }
  /* cw_chemo_data_from_dataset widens the float copies; put the parsed doubles in their place. */
  size_t size = (size_t) d->n * d->channels * d->length;
  memcpy ((double *) d->x, cw_dataset_signals_f64 (ds), size * sizeof (double));
  if (task == CW_TASK_REGRESSION || task == CW_TASK_MULTILABEL)
    for (int j = 0; j < n_cols; j++)
      {
        const double *v = cw_dataset_target_values_f64 (ds, cols[j]);
        for (int i = 0; i < d->n; i++)
          ((double *) d->y)[(size_t) i * d->q + j] = v[i];
      }
  return true;
}

/* ---- metrics ---- */

static int
row_class (const double *row, int q)
{
  if (q == 1)
    return row[0] >= 0.5;
  int best = 0;
  for (int k = 1; k < q; k++)
    if (row[k] > row[best])
      best = k;
  return best;
}

cli_scores
cli_score (const double *y, const double *pred, int n, int q, const unsigned char *want, bool classification)
{
  cli_scores s = { .n = 0, .rmse = NAN, .mae = NAN, .r2 = NAN, .accuracy = NAN };
  double sse = 0, sae = 0, sst = 0;
  long correct = 0;
  for (int k = 0; k < q; k++)
    {
      double mean = 0;
      int m = 0;
      for (int i = 0; i < n; i++)
        if (!want || want[i])
          mean += y[(size_t) i * q + k], m++;
      mean /= m ? m : 1;
      for (int i = 0; i < n; i++)
        if (!want || want[i])
          {
            double e = y[(size_t) i * q + k] - pred[(size_t) i * q + k];
            double dv = y[(size_t) i * q + k] - mean;
            sse += e * e;
            sae += fabs (e);
            sst += dv * dv;
          }
    }
  for (int i = 0; i < n; i++)
    if (!want || want[i])
      {
        s.n++;
        correct += row_class (y + (size_t) i * q, q) == row_class (pred + (size_t) i * q, q);
      }
  if (s.n == 0)
    return s;
  double count = (double) s.n * q;
  s.rmse = sqrt (sse / count);
  s.mae = sae / count;
  s.r2 = sst > 0 ? 1 - sse / sst : NAN;
  if (classification)
    s.accuracy = (double) correct / s.n;
  return s;
}

/* ---- text ---- */

const char *
cli_axis_position (const double *axis, int length, int channels, int p, char *buf, size_t size)
{
  int c = p / length, t = p % length;
  char channel[16] = "";
  if (channels > 1)
    snprintf (channel, sizeof channel, "c%d:", c + 1);
  if (axis && isfinite (axis[t]))
    snprintf (buf, size, "%s%g", channel, axis[t]);
  else
    snprintf (buf, size, "%s#%d", channel, t + 1);
  return buf;
}

static int
utf8_width (const char *s)
{
  int n = 0;
  for (; *s; s++)
    n += ((unsigned char) *s & 0xc0) != 0x80;
  return n;
}

static void
print_cell (FILE *f, const char *text, int width, bool left)
{
  int pad = width - utf8_width (text);
  if (!left)
    fprintf (f, "%*s", pad > 0 ? pad : 0, "");
  fputs (text, f);
  if (left)
    fprintf (f, "%*s", pad > 0 ? pad : 0, "");
}

void
cli_print_table (FILE *f, const cli_cell *header, int cols, const cli_cell *cells, int rows, int left,
                 const char *const *notes)
{
  int width[32];
  assert (cols <= 32);
  for (int c = 0; c < cols; c++)
    {
      width[c] = utf8_width (header[c]);
      for (int r = 0; r < rows; r++)
        {
          int w = utf8_width (cells[(size_t) r * cols + c]);
          width[c] = w > width[c] ? w : width[c];
        }
    }
  fputs (" ", f);
  for (int c = 0; c < cols; c++)
    {
      fputs ("  ", f);
      print_cell (f, header[c], width[c], c < left);
    }
  fputc ('\n', f);
  for (int r = 0; r < rows; r++)
    {
      fputs (" ", f);
      for (int c = 0; c < cols; c++)
        {
          fputs ("  ", f);
          print_cell (f, cells[(size_t) r * cols + c], width[c], c < left);
        }
      if (notes && notes[r])
        fprintf (f, "  %s", notes[r]);
      fputc ('\n', f);
    }
}

const char *
cli_pls_algorithm_label (cw_pls_algorithm alg)
{
  return alg == CW_PLS_SIMPLS ? "SIMPLS" : "NIPALS";
}

void
cli_format_rows (const int *rows, int n, int max, char *buf, size_t size)
{
  if (n == 0)
    {
      snprintf (buf, size, "none");
      return;
    }
  size_t used = 0;
  buf[0] = '\0';
  for (int i = 0; i < n && i < max && used < size; i++)
    used += (size_t) snprintf (buf + used, size - used, "%s%d", i ? ", " : "", rows[i]);
  if (n > max && used < size)
    snprintf (buf + used, size - used, ", ... (%d in all)", n);
}

bool
cli_parse_pls_algorithm (const char *command, const char *text, cw_pls_algorithm *alg)
{
  if (strcmp (text, "nipals") == 0)
    *alg = CW_PLS_NIPALS;
  else if (strcmp (text, "simpls") == 0)
    *alg = CW_PLS_SIMPLS;
  else
    {
      cli_usage_error (command, "--algorithm: '%s' is not one of nipals, simpls.", text);
      return false;
    }
  return true;
}

bool
cli_export_pls_onnx (const cw_dataset *ds, const int *cols, bool da, const cw_pls *model, int components,
                     const cw_pipeline *pipeline, const char *path)
{
  enum { MAX_NAMES = 256 };
  const char *names[MAX_NAMES];
  int n_names = da ? cw_dataset_n_classes (ds, cols[0]) : cw_pls_n_responses (model);
  if (n_names > MAX_NAMES)
    n_names = 0; /* too many to list: the file goes without their names */
  for (int j = 0; j < n_names; j++)
    names[j] = da ? cw_dataset_class_name (ds, cols[0], j) : cw_dataset_target_name (ds, cols[j]);
  cw_error err;
  cw_error_clear (&err);
  if (cw_pls_export_onnx (model, components, pipeline, n_names, names, da, path, &err) != CW_OK)
    {
      cli_error ("--export-onnx: %s", err.message);
      return false;
    }
  return true;
}
