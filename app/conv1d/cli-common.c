/* cli-common.c — messages, option values, architecture errors, data loading and target resolution. */
#include "cli-common.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void
cli_error (const char *fmt, ...)
{
  fflush (stdout);
  fputs ("conv1d: ", stderr);
  va_list ap;
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fputc ('\n', stderr);
}

int
cli_usage_error (const char *command, const char *fmt, ...)
{
  fputs ("conv1d: ", stderr);
  va_list ap;
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fprintf (stderr, "\nTry 'conv1d %s%s--help' for more information.\n", command ? command : "",
           command ? " " : "");
  return CLI_EXIT_USAGE;
}

int
cli_option_error (const char *command, int c, char **argv)
{
  const char *arg = argv[optind - 1];
  if (c == ':')
    return cli_usage_error (command, "option '%s' needs a value.", arg);
  if (optopt && strncmp (arg, "--", 2) != 0)
    return cli_usage_error (command, "unknown option '-%c'.", optopt);
  return cli_usage_error (command, "unknown option '%s'.", arg);
}

bool
cli_parse_int (const char *option, const char *text, int min, int max, int *out)
{
  char *end;
  errno = 0;
  long v = strtol (text, &end, 10);
  if (end == text || *end || errno)
    {
      cli_error ("--%s: '%s' is not a whole number.", option, text);
      return false;
    }
  if (v < min || v > max)
    {
      cli_error ("--%s: %ld is out of range (%d to %d).", option, v, min, max);
      return false;
    }
  *out = (int) v;
  return true;
}

bool
cli_parse_float (const char *option, const char *text, double min, double max, float *out)
{
  char *end;
  errno = 0;
  double v = strtod (text, &end);
  if (end == text || *end || errno || !isfinite (v))
    {
      cli_error ("--%s: '%s' is not a number.", option, text);
      return false;
    }
  if (v < min || v > max)
    {
      cli_error ("--%s: %g is out of range (%g to %g).", option, v, min, max);
      return false;
    }
  *out = (float) v;
  return true;
}

bool
cli_parse_u64 (const char *option, const char *text, uint64_t *out)
{
  char *end;
  errno = 0;
  unsigned long long v = strtoull (text, &end, 10);
  if (end == text || *end || errno || text[0] == '-')
    {
      cli_error ("--%s: '%s' is not a non-negative whole number.", option, text);
      return false;
    }
  *out = v;
  return true;
}

bool
cli_parse_task (const char *text, cw_task *task)
{
  static const cw_task tasks[] = { CW_TASK_REGRESSION, CW_TASK_BINARY, CW_TASK_MULTICLASS,
                                   CW_TASK_MULTILABEL };
  for (size_t i = 0; i < sizeof tasks / sizeof tasks[0]; i++)
    if (strcasecmp (text, cw_task_name (tasks[i])) == 0)
      {
        *task = tasks[i];
        return true;
      }
  cli_error ("--task: '%s' is not one of regression, binary, multiclass, multilabel.", text);
  return false;
}

/* ---- architecture text ---- */

/* The spec indented by two spaces (tabs shown as spaces so the caret lines up), then `width` carets
 * under 0-based character `start`. */
static void
print_caret (const char *text, int start, int width)
{
  fputs ("  ", stderr);
  for (const char *p = text; *p; p++)
    fputc (*p == '\t' || *p == '\n' ? ' ' : *p, stderr);
  fputs ("\n  ", stderr);
  for (int i = 0; i < start; i++)
    fputc (' ', stderr);
  for (int i = 0; i < (width > 0 ? width : 1); i++)
    fputc ('^', stderr);
  fputc ('\n', stderr);
}

/* Start and length of token `item`: tokens are separated by blanks outside parentheses, as the spec
 * syntax has them. False when the text has fewer tokens. */
static bool
find_token (const char *text, int item, int *start, int *length)
{
  int index = -1, depth = 0;
  int i = 0;
  while (text[i])
    {
      while (text[i] == ' ' || text[i] == '\t' || text[i] == '\n')
        i++;
      if (!text[i])
        break;
      int s = i;
      depth = 0;
      while (text[i] && (depth > 0 || (text[i] != ' ' && text[i] != '\t' && text[i] != '\n')))
        {
          if (text[i] == '(')
            depth++;
          else if (text[i] == ')' && depth > 0)
            depth--;
          i++;
        }
      if (++index == item)
        {
          *start = s;
          *length = i - s;
          return true;
        }
    }
  return false;
}

void
cli_print_arch_caret (const char *text, int item)
{
  int start, length;
  if (find_token (text, item, &start, &length))
    print_caret (text, start, length);
}

cw_spec *
cli_parse_arch (const char *text)
{
  cw_error err;
  cw_error_clear (&err);
  cw_spec *spec = cw_spec_parse (text, &err);
  if (spec)
    return spec;
  cli_error ("invalid --arch: %s", err.message[0] ? err.message : cw_status_name (err.status));
  if (err.column > 0)
    print_caret (text, err.column - 1, err.length);
  else if (err.item >= 0)
    cli_print_arch_caret (text, err.item);
  return NULL;
}

void
cli_report_arch_error (const char *arch_text, const cw_error *err)
{
  cli_error ("%s", err->message[0] ? err->message : cw_status_name (err->status));
  if (arch_text && err->item >= 0)
    cli_print_arch_caret (arch_text, err->item);
}

char *
cli_default_arch (int in_channels, int in_length, int k)
{
  /* The "default" recipe's network: one place decides it. */
  cw_recipe r;
  cw_recipe_builtin ("default", CW_TASK_REGRESSION, in_channels, in_length, k, &r, NULL);
  return strdup (r.arch);
}

/* ---- data and targets ---- */

bool cli_allow_missing = false;

cw_dataset *
cli_load_data (const char *path, const char *target)
{
  return cli_load_data_length (path, target, 0);
}

cw_dataset *
cli_load_data_length (const char *path, const char *target, int audio_length)
{
  cw_load_options options = { .audio_length = audio_length };
  options.csv.allow_missing = cli_allow_missing;
  /* A list names target: columns, which the reader finds by itself. */
  if (target && !strchr (target, ','))
    options.csv.target = target;
  cw_error err;
  cw_error_clear (&err);
  /* CSV, JCAMP-DX, SPC, NumPy or audio (or a folder of spectra or clips): the reader is chosen by the file's
   * first bytes, then its extension. */
  cw_dataset *ds = cw_dataset_load (path, &options, &err);
  if (!ds)
    cli_error ("%s%s", err.message[0] ? err.message : cw_status_name (err.status),
               err.status == CW_ERR_MISSING_VALUE ? " Add --allow-missing to fill them." : "");
  else if (cw_dataset_note (ds))
    fprintf (stderr, "conv1d: note: %s\n", cw_dataset_note (ds)); /* stdout may be a predictions CSV */
  return ds;
}

/* Appends "a, b, c" (the file's target names) to buf. */
static void
list_targets (const cw_dataset *ds, char *buf, size_t size)
{
  buf[0] = '\0';
  size_t used = 0;
  for (int j = 0; j < cw_dataset_n_targets (ds) && used < size; j++)
    used += (size_t) snprintf (buf + used, size - used, "%s%s", j ? ", " : "",
                               cw_dataset_target_name (ds, j));
  if (!buf[0])
    snprintf (buf, size, "none");
}

static bool
find_target_columns (const cw_dataset *ds, const char *list, int *cols, int *n_cols)
{
  int n = 0;
  if (!list)
    {
      n = cw_dataset_n_targets (ds);
      if (n == 0)
        {
          cli_error ("%s has no target: column; name the column to predict with --target.",
                     cw_dataset_source (ds));
          return false;
        }
      if (n > CLI_MAX_TARGETS)
        {
          cli_error ("%s has %d targets; at most %d can be predicted at once.", cw_dataset_source (ds), n,
                     CLI_MAX_TARGETS);
          return false;
        }
      for (int j = 0; j < n; j++)
        cols[j] = j;
      *n_cols = n;
      return true;
    }
  char *copy = strdup (list);
  char *save = NULL;
  for (char *name = strtok_r (copy, ",", &save); name; name = strtok_r (NULL, ",", &save))
    {
      int j = cw_dataset_find_target (ds, name);
      if (j < 0)
        {
          char names[256];
          list_targets (ds, names, sizeof names);
          cli_error ("%s has no target column '%s' (its targets: %s).", cw_dataset_source (ds), name, names);
          free (copy);
          return false;
        }
      if (n == CLI_MAX_TARGETS)
        {
          cli_error ("--target: at most %d columns.", CLI_MAX_TARGETS);
          free (copy);
          return false;
        }
      cols[n++] = j;
    }
  free (copy);
  if (n == 0)
    {
      cli_error ("--target: no column named.");
      return false;
    }
  *n_cols = n;
  return true;
}

bool
cli_resolve_targets (cw_dataset *ds, const char *list, bool task_given, cw_task *task, int *cols,
                     int *n_cols)
{
  if (!find_target_columns (ds, list, cols, n_cols))
    return false;
  int n = *n_cols;
  const char *first = cw_dataset_target_name (ds, cols[0]);
  if (!task_given)
    {
      if (cw_dataset_target_is_categorical (ds, cols[0]))
        *task = cw_dataset_n_classes (ds, cols[0]) == 2 ? CW_TASK_BINARY : CW_TASK_MULTICLASS;
      else if (n == 1 && cw_dataset_target_is_zero_one (ds, cols[0]))
        *task = CW_TASK_BINARY; /* a 0/1 label is a yes/no class, not a quantity */
      else
        *task = CW_TASK_REGRESSION;
    }
  cw_error err;
  cw_error_clear (&err);
  switch (*task)
    {
    case CW_TASK_BINARY:
    case CW_TASK_MULTICLASS:
      if (n != 1)
        {
          cli_error ("A %s task predicts one column; %d were given (--task multilabel takes several 0/1 "
                     "columns).", cw_task_name (*task), n);
          return false;
        }
      if (!cw_dataset_target_is_categorical (ds, cols[0])
          && cw_dataset_make_categorical (ds, cols[0], &err) != CW_OK)
        {
          cli_error ("%s", err.message);
          return false;
        }
      if (*task == CW_TASK_BINARY && cw_dataset_n_classes (ds, cols[0]) != 2)
        {
          cli_error ("Target '%s' has %d classes; a binary task needs exactly 2 (use --task multiclass).",
                     first, cw_dataset_n_classes (ds, cols[0]));
          return false;
        }
      if (cw_dataset_n_classes (ds, cols[0]) < 2)
        {
          cli_error ("Target '%s' has a single class; there is nothing to learn.", first);
          return false;
        }
      break;
    case CW_TASK_REGRESSION:
    case CW_TASK_MULTILABEL:
      for (int j = 0; j < n; j++)
        if (cw_dataset_target_is_categorical (ds, cols[j]))
          {
            cli_error ("Target '%s' holds text (classes), which a %s task cannot use%s.",
                       cw_dataset_target_name (ds, cols[j]), cw_task_name (*task),
                       n == 1 ? ": use --task multiclass or binary" : "");
            return false;
          }
      break;
    }
  return true;
}

static int
model_class_index (const cw_model *model, const char *name)
{
  for (int c = 0; c < cw_model_n_class_names (model); c++)
    if (strcmp (cw_model_class_name (model, c), name) == 0)
      return c;
  return -1;
}

float *
cli_targets_for_model (const cw_model *model, cw_dataset *ds, const char *list)
{
  cw_task task = cw_model_task (model);
  int k = cw_model_n_outputs (model);
  int n_names = cw_model_n_target_names (model);
  int cols[CLI_MAX_TARGETS], n_cols = 0;
  if (list)
    {
      if (!find_target_columns (ds, list, cols, &n_cols))
        return NULL;
    }
  else if (n_names > 0)
    {
      for (int j = 0; j < n_names && j < CLI_MAX_TARGETS; j++)
        {
          const char *name = cw_model_target_name (model, j);
          cols[n_cols] = cw_dataset_find_target (ds, name);
          if (cols[n_cols] < 0)
            {
              cli_error ("%s has no column '%s' to compare the model's predictions with.",
                         cw_dataset_source (ds), name);
              return NULL;
            }
          n_cols++;
        }
    }
  else if (!find_target_columns (ds, NULL, cols, &n_cols))
    return NULL;

  int expected = (task == CW_TASK_REGRESSION || task == CW_TASK_MULTILABEL) ? k : 1;
  if (n_cols != expected)
    {
      cli_error ("The model predicts %d target%s but %d column%s given.", expected, expected == 1 ? "" : "s",
                 n_cols, n_cols == 1 ? " was" : "s were");
      return NULL;
    }
  int n = cw_dataset_n_samples (ds);
  float *y = calloc ((size_t) n * (size_t) k, sizeof (float));
  cw_error err;
  cw_error_clear (&err);
  if (task == CW_TASK_REGRESSION || task == CW_TASK_MULTILABEL)
    {
      for (int j = 0; j < n_cols; j++)
        {
          if (cw_dataset_target_is_categorical (ds, cols[j]))
            {
              cli_error ("Target '%s' holds text, but the model is %s.", cw_dataset_target_name (ds, cols[j]),
                         cw_task_name (task));
              free (y);
              return NULL;
            }
          const float *v = cw_dataset_target_values (ds, cols[j]);
          for (int i = 0; i < n; i++)
            {
              if (isnan (v[i]))
                {
                  cli_error ("%s: row %d has no value for target '%s'.", cw_dataset_source (ds), i + 1,
                             cw_dataset_target_name (ds, cols[j]));
                  free (y);
                  return NULL;
                }
              y[(size_t) i * k + j] = v[i];
            }
        }
      return y;
    }

  /* Classes: match the file's class names to the model's, since the order of first appearance in
   * this file need not be the one the model was trained with. */
  int col = cols[0];
  if (!cw_dataset_target_is_categorical (ds, col) && cw_dataset_make_categorical (ds, col, &err) != CW_OK)
    {
      cli_error ("%s", err.message);
      free (y);
      return NULL;
    }
  const float *v = cw_dataset_target_values (ds, col);
  for (int i = 0; i < n; i++)
    {
      if (isnan (v[i]))
        {
          cli_error ("%s: row %d has no class for target '%s'.", cw_dataset_source (ds), i + 1,
                     cw_dataset_target_name (ds, col));
          free (y);
          return NULL;
        }
      const char *name = cw_dataset_class_name (ds, col, (int) v[i]);
      int c = cw_model_n_class_names (model) > 0 ? model_class_index (model, name) : (int) v[i];
      int n_classes = task == CW_TASK_BINARY ? 2 : k;
      if (c < 0 || c >= n_classes)
        {
          cli_error ("%s: row %d has class '%s', which the model does not know.", cw_dataset_source (ds),
                     i + 1, name);
          free (y);
          return NULL;
        }
      if (task == CW_TASK_BINARY)
        y[i] = (float) c;
      else
        y[(size_t) i * k + c] = 1.0f;
    }
  return y;
}

const char *
cli_output_name (const cw_model *model, int j, char *buf, size_t size)
{
  if (j < cw_model_n_class_names (model))
    return cw_model_class_name (model, j);
  if (cw_model_task (model) == CW_TASK_REGRESSION && j < cw_model_n_target_names (model))
    return cw_model_target_name (model, j);
  snprintf (buf, size, "%s %d", cw_model_task (model) == CW_TASK_REGRESSION ? "output" : "class", j);
  return buf;
}

/* ---- CNN training options ---- */

void
cli_cnn_args_init (cli_cnn_args *a)
{
  memset (a, 0, sizeof *a);
  a->epochs = a->batch = a->patience = a->threads = a->lr_step = a->plateau_patience = -1;
  a->lr = a->momentum = a->weight_decay = a->clip = a->clip_value = a->lr_gamma = a->lr_min = NAN;
  a->plateau_factor = NAN;
  a->schedule = CW_SCHED_CONSTANT;
  a->seed = 1;
}

static int
usage_unless (bool ok)
{
  return ok ? 0 : CLI_EXIT_USAGE;
}

int
cli_cnn_parse_option (cli_cnn_args *a, const char *command, int c, const char *value)
{
  switch (c)
    {
    case 'a': a->arch = value; return 0;
    case 'e': return usage_unless (cli_parse_int ("epochs", value, 1, 1000000, &a->epochs));
    case 'b': return usage_unless (cli_parse_int ("batch", value, 1, 1 << 20, &a->batch));
    case CLI_OPT_LR: return usage_unless (cli_parse_float ("lr", value, 0, 100, &a->lr));
    case CLI_OPT_OPTIMIZER:
      if (!cw_optimizer_from_name (value, &a->optimizer))
        return cli_usage_error (command, "--optimizer: '%s' is not one of adam, sgd.", value);
      a->optimizer_given = true;
      return 0;
    case CLI_OPT_MOMENTUM: return usage_unless (cli_parse_float ("momentum", value, 0, 1, &a->momentum));
    case CLI_OPT_NESTEROV: a->nesterov = true; return 0;
    case CLI_OPT_WEIGHT_DECAY:
      return usage_unless (cli_parse_float ("weight-decay", value, 0, 1e3, &a->weight_decay));
    case CLI_OPT_CLIP: return usage_unless (cli_parse_float ("clip", value, 0, 1e30, &a->clip));
    case CLI_OPT_CLIP_VALUE: return usage_unless (cli_parse_float ("clip-value", value, 0, 1e30, &a->clip_value));
    case CLI_OPT_LOSS:
      if (!cw_loss_from_name (value, &a->loss))
        return cli_usage_error (command, "--loss: '%s' is not one of mse, mae, crossentropy, bce, hinge, exp.",
                                value);
      a->loss_given = true;
      return 0;
    case CLI_OPT_SCHEDULE:
      if (!cw_schedule_from_name (value, &a->schedule))
        return cli_usage_error (command,
                                "--schedule: '%s' is not one of constant, step, exp, cosine, plateau.", value);
      a->schedule_given = true;
      return 0;
    case CLI_OPT_LR_STEP: return usage_unless (cli_parse_int ("lr-step", value, 1, 1000000, &a->lr_step));
    case CLI_OPT_LR_GAMMA: return usage_unless (cli_parse_float ("lr-gamma", value, 0, 10, &a->lr_gamma));
    case CLI_OPT_LR_MIN: return usage_unless (cli_parse_float ("lr-min", value, 0, 100, &a->lr_min));
    case CLI_OPT_PLATEAU_PATIENCE:
      return usage_unless (cli_parse_int ("plateau-patience", value, 0, 1000000, &a->plateau_patience));
    case CLI_OPT_PLATEAU_FACTOR:
      if (!cli_parse_float ("plateau-factor", value, 0, 1, &a->plateau_factor))
        return CLI_EXIT_USAGE;
      /* 0 would zero the rate, 1 would never lower it */
      if (!(a->plateau_factor > 0 && a->plateau_factor < 1))
        return cli_usage_error (command, "--plateau-factor: %s must lie between 0 and 1, exclusive.", value);
      return 0;
    case CLI_OPT_PATIENCE: return usage_unless (cli_parse_int ("patience", value, 0, 1000000, &a->patience));
    case CLI_OPT_SCALING:
      a->scaling_given = true;
      if (strcmp (value, "feature") == 0)
        a->scaling = CW_SCALE_PER_FEATURE;
      else if (strcmp (value, "channel") == 0)
        a->scaling = CW_SCALE_PER_CHANNEL;
      else if (strcmp (value, "none") == 0)
        a->scaling = CW_SCALE_NONE;
      else
        return cli_usage_error (command, "--scaling: '%s' is not one of feature, channel, none.", value);
      return 0;
    case CLI_OPT_NO_TARGET_SCALING: a->no_target_scaling = true; return 0;
    case CLI_OPT_AUG_SHIFT: return usage_unless (cli_parse_int ("aug-shift", value, 0, 1 << 20, &a->aug.shift));
    case CLI_OPT_AUG_NOISE: return usage_unless (cli_parse_float ("aug-noise", value, 0, 1e6, &a->aug.noise));
    case CLI_OPT_AUG_SCALE: return usage_unless (cli_parse_float ("aug-scale", value, 0, 1e6, &a->aug.scale));
    case CLI_OPT_AUG_OFFSET: return usage_unless (cli_parse_float ("aug-offset", value, 0, 1e6, &a->aug.offset));
    case CLI_OPT_AUG_SLOPE: return usage_unless (cli_parse_float ("aug-slope", value, 0, 1e6, &a->aug.slope));
    case CLI_OPT_AUG_UNITS:
      if (strcmp (value, "input") == 0)
        a->aug.input_units = true;
      else if (strcmp (value, "standardised") == 0 || strcmp (value, "standardized") == 0)
        a->aug.input_units = false;
      else
        return cli_usage_error (command, "--aug-units: '%s' is not one of input, standardised.", value);
      return 0;
    case CLI_OPT_SEED: return usage_unless (cli_parse_u64 ("seed", value, &a->seed));
    case CLI_OPT_THREADS: return usage_unless (cli_parse_int ("threads", value, 1, 1024, &a->threads));
    default: return -1;
    }
}

bool
cli_check_meta_value (const char *command, const char *option, const char *text)
{
  if (strchr (text, '=') && text[0] != '=')
    return true;
  cli_usage_error (command, "--%s wants COLUMN=VALUE, e.g. split_vignette=test.", option);
  return false;
}

/* ---- time ---- */

void
cli_format_duration (double seconds, char *buf, size_t size)
{
  if (!isfinite (seconds) || seconds < 0)
    {
      snprintf (buf, size, "?");
      return;
    }
  long s = lround (seconds);
  if (s >= 3600)
    snprintf (buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    snprintf (buf, size, "%ld:%02ld", s / 60, s % 60);
}

double
cli_now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}
