/* cli-report.c — metric reports shared by train and eval: a text table and a JSON object. */
#include "cli-common.h"

#include <math.h>
#include <string.h>

static bool
has (const cw_metrics *m)
{
  return m && m->n > 0;
}

static void
print_row (FILE *f, const char *label, const char *fmt, double scale, double a, bool has_a, double b,
           bool has_b)
{
  /* Pad by characters, not bytes: labels such as R² hold UTF-8. */
  int chars = 0;
  for (const char *p = label; *p; p++)
    chars += ((unsigned char) *p & 0xc0) != 0x80;
  fprintf (f, "  %s%*s", label, chars < 12 ? 12 - chars : 0, "");
  char cell[32];
  if (has_a)
    {
      snprintf (cell, sizeof cell, fmt, a * scale);
      fprintf (f, "%12s", isnan (a) ? "-" : cell);
    }
  if (has_b)
    {
      snprintf (cell, sizeof cell, fmt, b * scale);
      fprintf (f, "%12s", isnan (b) ? "-" : cell);
    }
  fputc ('\n', f);
}

static int
name_width (const cw_model *model, int n)
{
  int w = 8;
  char buf[32];
  for (int c = 0; c < n; c++)
    {
      int len = (int) strlen (cli_output_name (model, c, buf, sizeof buf));
      w = len > w ? len : w;
    }
  return w > 24 ? 24 : w;
}

static const char *
class_label (const cw_model *model, const cw_metrics *m, int c, char *buf, size_t size)
{
  /* Binary metrics have two classes for one output: the names are the model's two class names. */
  if (c < cw_model_n_class_names (model))
    return cw_model_class_name (model, c);
  if (m->task == CW_TASK_BINARY)
    {
      snprintf (buf, size, "%d", c);
      return buf;
    }
  return cli_output_name (model, c, buf, size);
}

static void
print_confusion (FILE *f, const cw_model *model, const cw_metrics *m, const char *which)
{
  int k = m->n_classes;
  int w = name_width (model, k);
  char buf[32];
  fprintf (f, "\nConfusion matrix (%s; rows = true class, columns = predicted):\n", which);
  fprintf (f, "  %-*s", w, "");
  for (int c = 0; c < k; c++)
    fprintf (f, " %*.*s", w, w, class_label (model, m, c, buf, sizeof buf));
  fputc ('\n', f);
  for (int r = 0; r < k; r++)
    {
      fprintf (f, "  %-*.*s", w, w, class_label (model, m, r, buf, sizeof buf));
      for (int c = 0; c < k; c++)
        fprintf (f, " %*ld", w, m->confusion[(size_t) r * k + c]);
      fputc ('\n', f);
    }
}

static void
print_per_class (FILE *f, const cw_model *model, const cw_metrics *m, const char *which)
{
  int k = m->n_classes;
  int w = name_width (model, k);
  char buf[32];
  fprintf (f, "\nPer %s (%s):\n  %-*s %10s %10s\n", m->task == CW_TASK_MULTILABEL ? "label" : "class", which,
           w, "", "precision", "recall");
  for (int c = 0; c < k; c++)
    {
      fprintf (f, "  %-*.*s", w, w, class_label (model, m, c, buf, sizeof buf));
      double v[2] = { m->precision ? m->precision[c] : NAN, m->recall ? m->recall[c] : NAN };
      for (int i = 0; i < 2; i++)
        {
          if (isnan (v[i]))
            fprintf (f, " %10s", "-");
          else
            fprintf (f, " %10.3f", v[i]);
        }
      fputc ('\n', f);
    }
}

void
cli_print_metrics (FILE *f, const cw_model *model, const char *train_label, const cw_metrics *train,
                   const char *val_label, const cw_metrics *val)
{
  bool ht = has (train), hv = has (val);
  if (!ht && !hv)
    return;
  fprintf (f, "  %-12s", "");
  if (ht)
    fprintf (f, "%12s", train_label);
  if (hv)
    fprintf (f, "%12s", val_label);
  fputc ('\n', f);
  const cw_metrics *any = ht ? train : val;
  print_row (f, "samples", "%.0f", 1, ht ? train->n : 0, ht, hv ? val->n : 0, hv);
  if (any->task == CW_TASK_REGRESSION)
    {
      print_row (f, "RMSE", "%.4f", 1, ht ? train->rmse : 0, ht, hv ? val->rmse : 0, hv);
      print_row (f, "MAE", "%.4f", 1, ht ? train->mae : 0, ht, hv ? val->mae : 0, hv);
      print_row (f, "R\xc2\xb2", "%.4f", 1, ht ? train->r2 : 0, ht, hv ? val->r2 : 0, hv);
      return;
    }
  print_row (f, "accuracy", "%.2f %%", 100, ht ? train->accuracy : 0, ht, hv ? val->accuracy : 0, hv);
  /* The detailed view is for the data the model did not learn from, when there is some. */
  const cw_metrics *detail = hv ? val : train;
  const char *which = hv ? val_label : train_label;
  if (detail->confusion && detail->task != CW_TASK_MULTILABEL)
    print_confusion (f, model, detail, which);
  if (detail->precision || detail->recall)
    print_per_class (f, model, detail, which);
}

void
cli_json_metrics (cli_json *j, const char *key, const cw_model *model, const cw_metrics *m)
{
  if (!has (m))
    {
      cli_json_null (j, key);
      return;
    }
  cli_json_begin_object (j, key);
  cli_json_int (j, "n", m->n);
  if (m->task == CW_TASK_REGRESSION)
    {
      cli_json_number (j, "rmse", m->rmse);
      cli_json_number (j, "mae", m->mae);
      cli_json_number (j, "r2", m->r2);
      cli_json_end_object (j);
      return;
    }
  cli_json_number (j, "accuracy", m->accuracy);
  char buf[32];
  int k = m->n_classes;
  cli_json_begin_array (j, m->task == CW_TASK_MULTILABEL ? "labels" : "classes", true);
  for (int c = 0; c < k; c++)
    cli_json_string (j, NULL, class_label (model, m, c, buf, sizeof buf));
  cli_json_end_array (j);
  if (m->confusion && m->task != CW_TASK_MULTILABEL)
    {
      cli_json_begin_array (j, "confusion", false);
      for (int r = 0; r < k; r++)
        {
          cli_json_begin_array (j, NULL, true);
          for (int c = 0; c < k; c++)
            cli_json_int (j, NULL, m->confusion[(size_t) r * k + c]);
          cli_json_end_array (j);
        }
      cli_json_end_array (j);
    }
  if (m->precision)
    {
      cli_json_begin_array (j, "precision", true);
      for (int c = 0; c < k; c++)
        cli_json_number (j, NULL, m->precision[c]);
      cli_json_end_array (j);
    }
  if (m->recall)
    {
      cli_json_begin_array (j, "recall", true);
      for (int c = 0; c < k; c++)
        cli_json_number (j, NULL, m->recall[c]);
      cli_json_end_array (j);
    }
  cli_json_end_object (j);
}
