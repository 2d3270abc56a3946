/* cmd-predict.c — `conv1d predict` (CSV of predictions) and `conv1d eval` (metrics on a labelled file). */
#include "cli-common.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char predict_usage[] =
  "Usage: conv1d predict --model MODEL --data FILE [--out FILE]\n"
  "\n"
  "Writes one CSV row per sample: the file's meta: columns, its target: columns when present, then the\n"
  "predictions (pred:NAME; for classification the class name and a prob:CLASS column per class).\n"
  "\n"
  "  -m, --model MODEL   a model saved by conv1d train --out\n"
  "  -d, --data FILE     CSV/TSV with the same signal length and channels as the training data\n"
  "  -o, --out FILE      write the CSV there instead of standard output\n"
  "      --threads N     threads (default 1)\n"
  "  -h, --help          this help\n";

static const char eval_usage[] =
  "Usage: conv1d eval --model MODEL --data FILE [--target NAME] [--where COLUMN=VALUE] [--json]\n"
  "\n"
  "Metrics of a saved model on a labelled file: RMSE, MAE and R\xc2\xb2 for regression; accuracy, confusion\n"
  "matrix and per-class precision/recall for classification.\n"
  "\n"
  "  -m, --model MODEL       a model saved by conv1d train --out\n"
  "  -d, --data FILE         labelled CSV/TSV\n"
  "  -t, --target NAME       column(s) holding the truth (default: the model's target names)\n"
  "      --where COL=VALUE   evaluate only rows whose meta column has that value (comma-separated\n"
  "                          values allowed), e.g. split_vignette=test; --val-meta is the same\n"
  "      --threads N         threads (default 1)\n"
  "      --json              print one JSON object\n"
  "  -h, --help              this help\n";

enum { OPT_THREADS = 256, OPT_WHERE, OPT_JSON };

static const struct option predict_options[] = {
  { "model", required_argument, NULL, 'm' },
  { "data", required_argument, NULL, 'd' },
  { "out", required_argument, NULL, 'o' },
  { "target", required_argument, NULL, 't' },
  { "where", required_argument, NULL, OPT_WHERE },
  { "val-meta", required_argument, NULL, OPT_WHERE },
  { "threads", required_argument, NULL, OPT_THREADS },
  { "json", no_argument, NULL, OPT_JSON },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

typedef struct {
  const char *model, *data, *out, *target, *where;
  int threads;
  bool json;
} predict_args;

static int
parse_args (const char *command, const char *usage, bool is_eval, int argc, char **argv, predict_args *a)
{
  memset (a, 0, sizeof *a);
  optind = 1;
  opterr = 0;
  int c;
  while ((c = getopt_long (argc, argv, ":m:d:o:t:h", predict_options, NULL)) != -1)
    {
      switch (c)
        {
        case 'm': a->model = optarg; break;
        case 'd': a->data = optarg; break;
        case 'o':
          if (is_eval)
            return cli_usage_error (command, "--out is for predict.");
          a->out = optarg;
          break;
        case 't':
          if (!is_eval)
            return cli_usage_error (command, "--target is for eval.");
          a->target = optarg;
          break;
        case OPT_WHERE:
          if (!is_eval)
            return cli_usage_error (command, "--where is for eval.");
          if (!strchr (optarg, '=') || optarg[0] == '=')
            return cli_usage_error (command, "--where wants COLUMN=VALUE, e.g. split_vignette=test.");
          a->where = optarg;
          break;
        case OPT_JSON:
          if (!is_eval)
            return cli_usage_error (command, "--json is for eval.");
          a->json = true;
          break;
        case OPT_THREADS:
          if (!cli_parse_int ("threads", optarg, 1, 1024, &a->threads))
            return CLI_EXIT_USAGE;
          break;
        case 'h': fputs (usage, stdout); return CLI_EXIT_OK;
        default: return cli_option_error (command, c, argv);
        }
    }
  if (optind < argc)
    return cli_usage_error (command, "unexpected argument '%s'.", argv[optind]);
  if (!a->model || !a->data)
    return cli_usage_error (command, "--model MODEL and --data FILE are required.");
  return -1;
}

static cw_model *
load_model (const char *path, int threads)
{
  cw_error err;
  cw_error_clear (&err);
  cw_model *model = cw_model_load (path, &err);
  if (!model)
    cli_error ("%s", err.message[0] ? err.message : cw_status_name (err.status));
  else if (threads > 0)
    cw_model_set_threads (model, threads);
  return model;
}

/* The file, read so that a plain CSV's label column (named like the model's target) is not taken for a
 * signal; unlabelled files load too. Its signal must have the shape the model takes: raw signals of
 * cw_model_raw_length when the model carries its preprocessing, else the network's input. */
static cw_dataset *
load_data_for_model (const cw_model *model, const char *path, const char *target)
{
  cw_dataset *ds = NULL;
  /* A folder of clips is cut to the length the model takes, not to its own shortest clip. */
  int audio_length = cw_model_raw_length (model);
  if (!target && cw_model_n_target_names (model) == 1)
    {
      cw_load_options options = { .csv.target = cw_model_target_name (model, 0), .audio_length = audio_length };
      ds = cw_dataset_load (path, &options, NULL);
      if (ds && cw_dataset_note (ds))
        fprintf (stderr, "conv1d: note: %s\n", cw_dataset_note (ds));
    }
  if (!ds)
    ds = cli_load_data_length (path, target, audio_length);
  if (!ds)
    return NULL;
  int channels = cw_model_in_channels (model), length = cw_model_raw_length (model);
  if (cw_dataset_n_channels (ds) != channels || cw_dataset_length (ds) != length)
    {
      const cw_pipeline *pipe = cw_model_get_pipeline (model);
      if (pipe)
        {
          char *steps = cw_pipeline_to_string (pipe);
          cli_error ("%s has signals of %d x %d values but the model takes raw signals of %d x %d (its "
                     "preprocessing '%s' turns them into the %d x %d its network takes).", path,
                     cw_dataset_n_channels (ds), cw_dataset_length (ds), channels, length, steps, channels,
                     cw_model_in_length (model));
          free (steps);
        }
      else
        cli_error ("%s has signals of %d x %d values but the model expects %d x %d.", path,
                   cw_dataset_n_channels (ds), cw_dataset_length (ds), channels, length);
      cw_dataset_free (ds);
      return NULL;
    }
  return ds;
}

/* ---- predict ---- */

static bool
needs_quotes (const char *s)
{
  return s[0] == ' ' || (s[0] && s[strlen (s) - 1] == ' ') || strpbrk (s, ",;\"\t\r\n");
}

static void
write_quoted_part (FILE *f, const char *s)
{
  for (const char *p = s; *p; p++)
    {
      if (*p == '"')
        fputc ('"', f);
      fputc (*p, f);
    }
}

/* One CSV field made of prefix and s, quoted when either holds a delimiter, quote or line break. */
static void
write_field_parts (FILE *f, const char *prefix, const char *s)
{
  if (!needs_quotes (prefix) && !needs_quotes (s))
    {
      fputs (prefix, f);
      fputs (s, f);
      return;
    }
  fputc ('"', f);
  write_quoted_part (f, prefix);
  write_quoted_part (f, s);
  fputc ('"', f);
}

static void
write_field (FILE *f, const char *s)
{
  write_field_parts (f, "", s);
}

static void
write_prefixed (FILE *f, const char *prefix, const char *name)
{
  fputc (',', f);
  write_field_parts (f, prefix, name);
}

static void
write_number (FILE *f, double v)
{
  if (isnan (v))
    fputs (",", f);
  else
    fprintf (f, ",%.9g", v);
}

static int
argmax (const float *p, int k)
{
  int best = 0;
  for (int j = 1; j < k; j++)
    if (p[j] > p[best])
      best = j;
  return best;
}

static void
write_predictions (FILE *f, const cw_model *model, const cw_dataset *ds, const float *pred)
{
  cw_task task = cw_model_task (model);
  int k = cw_model_n_outputs (model), n = cw_dataset_n_samples (ds);
  int n_meta = cw_dataset_n_meta (ds);
  char buf[32];
  /* The file's own target columns, so predictions sit beside the truth. */
  int truth[CLI_MAX_TARGETS], n_truth = 0;
  for (int j = 0; j < cw_dataset_n_targets (ds) && n_truth < CLI_MAX_TARGETS; j++)
    truth[n_truth++] = j;
  const char *pred_name = cw_model_n_target_names (model) > 0 ? cw_model_target_name (model, 0) : "class";

  fputs ("row", f);
  for (int j = 0; j < n_meta; j++)
    write_prefixed (f, "meta:", cw_dataset_meta_name (ds, j));
  for (int t = 0; t < n_truth; t++)
    write_prefixed (f, "target:", cw_dataset_target_name (ds, truth[t]));
  switch (task)
    {
    case CW_TASK_REGRESSION:
      for (int j = 0; j < k; j++)
        write_prefixed (f, "pred:", cli_output_name (model, j, buf, sizeof buf));
      break;
    case CW_TASK_BINARY:
    case CW_TASK_MULTICLASS:
      write_prefixed (f, "pred:", pred_name);
      for (int j = 0; j < (task == CW_TASK_BINARY ? 2 : k); j++)
        write_prefixed (f, "prob:", j < cw_model_n_class_names (model) ? cw_model_class_name (model, j)
                                                                       : (snprintf (buf, sizeof buf, "%d", j), buf));
      break;
    case CW_TASK_MULTILABEL:
      for (int j = 0; j < k; j++)
        write_prefixed (f, "pred:", cli_output_name (model, j, buf, sizeof buf));
      for (int j = 0; j < k; j++)
        write_prefixed (f, "prob:", cli_output_name (model, j, buf, sizeof buf));
      break;
    }
  fputc ('\n', f);

  for (int i = 0; i < n; i++)
    {
      fprintf (f, "%d", i + 1);
      for (int j = 0; j < n_meta; j++)
        {
          fputc (',', f);
          write_field (f, cw_dataset_meta_value (ds, i, j));
        }
      for (int t = 0; t < n_truth; t++)
        {
          float v = cw_dataset_target_values (ds, truth[t])[i];
          if (cw_dataset_target_is_categorical (ds, truth[t]) && !isnan (v))
            {
              fputc (',', f);
              write_field (f, cw_dataset_class_name (ds, truth[t], (int) v));
            }
          else
            write_number (f, v);
        }
      const float *p = pred + (size_t) i * k;
      switch (task)
        {
        case CW_TASK_REGRESSION:
          for (int j = 0; j < k; j++)
            write_number (f, p[j]);
          break;
        case CW_TASK_BINARY:
          {
            int c = p[0] >= 0.5f;
            fputc (',', f);
            write_field (f, c < cw_model_n_class_names (model) ? cw_model_class_name (model, c)
                                                              : (snprintf (buf, sizeof buf, "%d", c), buf));
            write_number (f, 1.0 - p[0]);
            write_number (f, p[0]);
            break;
          }
        case CW_TASK_MULTICLASS:
          fputc (',', f);
          write_field (f, cli_output_name (model, argmax (p, k), buf, sizeof buf));
          for (int j = 0; j < k; j++)
            write_number (f, p[j]);
          break;
        case CW_TASK_MULTILABEL:
          for (int j = 0; j < k; j++)
            fprintf (f, ",%d", p[j] >= 0.5f);
          for (int j = 0; j < k; j++)
            write_number (f, p[j]);
          break;
        }
      fputc ('\n', f);
    }
}

/* Predictions for raw rows: through the model's own preprocessing when it carries one. */
static float *
predict_all (cw_model *model, const float *x, int n)
{
  float *pred = malloc (((size_t) n * (size_t) cw_model_n_outputs (model) + 1) * sizeof (float));
  cw_error err;
  cw_error_clear (&err);
  if (cw_model_predict_raw (model, x, n, pred, &err) != CW_OK)
    {
      cli_error ("%s", err.message);
      free (pred);
      return NULL;
    }
  return pred;
}

int
cli_predict (int argc, char **argv)
{
  predict_args a;
  int rc = parse_args ("predict", predict_usage, false, argc, argv, &a);
  if (rc >= 0)
    return rc;
  int status = CLI_EXIT_FAILURE;
  cw_dataset *ds = NULL;
  float *pred = NULL;
  cw_model *model = load_model (a.model, a.threads);
  if (!model || !(ds = load_data_for_model (model, a.data, NULL)))
    goto out;
  if (!(pred = predict_all (model, cw_dataset_signals (ds), cw_dataset_n_samples (ds))))
    goto out;
  /* A file is replaced only once the whole of it is written: never a 0-byte file on a full disk. */
  cw_atomic_file af;
  cw_error err;
  FILE *f = a.out ? cw_atomic_open (&af, a.out, &err) : stdout;
  if (!f)
    {
      cli_error ("%s", err.message);
      goto out;
    }
  write_predictions (f, model, ds, pred);
  if (a.out ? cw_atomic_commit (&af, &err) != CW_OK : (fflush (f) != 0 || ferror (f)))
    {
      if (a.out)
        cli_error ("%s", err.message);
      else
        cli_error ("standard output: write failed: %m");
      goto out;
    }
  status = CLI_EXIT_OK;
out:
  free (pred);
  cw_dataset_free (ds);
  cw_model_free (model);
  return status;
}

/* ---- eval ---- */

int
cli_eval (int argc, char **argv)
{
  predict_args a;
  int rc = parse_args ("eval", eval_usage, true, argc, argv, &a);
  if (rc >= 0)
    return rc;
  int status = CLI_EXIT_FAILURE;
  cw_dataset *ds = NULL;
  float *y = NULL, *pred = NULL;
  unsigned char *keep = NULL;
  cw_xy rows = { 0 };
  cw_metrics m = { 0 };
  cw_model *model = load_model (a.model, a.threads);
  if (!model || !(ds = load_data_for_model (model, a.data, a.target)))
    goto out;
  if (!(y = cli_targets_for_model (model, ds, a.target)))
    goto out;
  int n = cw_dataset_n_samples (ds), k = cw_model_n_outputs (model);
  int f = cw_model_in_channels (model) * cw_model_raw_length (model);
  /* Without --where every row counts; with it the split marks the rows to keep. */
  keep = malloc ((size_t) n);
  memset (keep, a.where ? 0 : 1, (size_t) n);
  if (a.where)
    {
      char *column = strdup (a.where);
      char *values = strchr (column, '=');
      *values++ = '\0';
      cw_error err;
      cw_error_clear (&err);
      cw_status st = cw_split_by_meta (ds, column, values, keep, &err);
      free (column);
      if (st != CW_OK)
        {
          cli_error ("--where: %s", err.message);
          goto out;
        }
    }
  rows = cw_xy_select (cw_dataset_signals (ds), y, n, f, k, keep, true);
  if (rows.n == 0)
    {
      cli_error ("No rows of %s match --where %s.", a.data, a.where);
      goto out;
    }
  if (!(pred = predict_all (model, rows.x, rows.n)))
    goto out;
  cw_metrics_compute (cw_model_task (model), pred, rows.y, rows.n, k, &m);

  if (a.json)
    {
      cli_json j;
      cli_json_init (&j, stdout);
      cli_json_begin_object (&j, NULL);
      cli_json_string (&j, "command", "eval");
      cli_json_string (&j, "model", a.model);
      cli_json_string (&j, "data", a.data);
      cli_json_string (&j, "where", a.where);
      cli_json_string (&j, "task", cw_task_name (cw_model_task (model)));
      cli_json_begin_object (&j, "record");
      for (int i = 0; i < cw_model_n_info (model); i++)
        {
          const char *key = cw_model_info_key (model, i);
          cli_json_string (&j, key, cw_model_get_info (model, key));
        }
      cli_json_end_object (&j);
      cli_json_metrics (&j, "metrics", model, &m);
      cli_json_end_object (&j);
      cli_json_finish (&j);
    }
  else
    {
      char *arch = cw_spec_to_string (cw_model_spec (model));
      printf ("Model:    %s (%s, %s)\n", a.model, cw_task_name (cw_model_task (model)), arch);
      /* how the model was made, under its name */
      for (int i = 0; i < cw_model_n_info (model); i++)
        {
          const char *key = cw_model_info_key (model, i);
          printf ("          %s: %s\n", key, cw_model_get_info (model, key));
        }
      printf ("Data:     %s, %d of %d rows%s%s\n\n", a.data, rows.n, n, a.where ? " where " : "",
              a.where ? a.where : "");
      free (arch);
      cli_print_metrics (stdout, model, NULL, NULL, "evaluation", &m);
    }
  status = CLI_EXIT_OK;
out:
  cw_metrics_clear (&m);
  cw_xy_free (&rows);
  free (keep);
  free (pred);
  free (y);
  cw_dataset_free (ds);
  cw_model_free (model);
  return status;
}
