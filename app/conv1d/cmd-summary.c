/* cmd-summary.c — `conv1d summary`: the layer table of an architecture on an input shape, or why the
 * stack cannot work. */
#include "bench-workloads.h"
#include "cli-common.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char summary_usage[] =
  "Usage: conv1d summary [--arch SPEC] (--input-length L [--channels C] | --data FILE | --workload W)\n"
  "\n"
  "Prints each layer's output shape (channels x length), parameters and forward MFLOPs per sample,\n"
  "or the reason the stack is impossible, pointing at the layer.\n"
  "\n"
  "  -a, --arch SPEC         layers (default: the training default for K outputs)\n"
  "  -l, --input-length L    input length\n"
  "  -c, --channels C        input channels (default 1)\n"
  "  -k, --outputs K         outputs the network must end with (default: from --data, else 1)\n"
  "  -d, --data FILE         take channels, length and outputs from a CSV\n"
  "  -t, --target NAME       with --data: column(s) to predict\n"
  "      --task TASK         with --data: regression | binary | multiclass | multilabel\n"
  "  -w, --workload W        a benchmark workload (S, M, L): its spec and input shape\n"
  "      --json              print one JSON object\n"
  "  -h, --help              this help\n"
  "\n"
  "Spec syntax: layers separated by spaces, e.g.\n"
  "  conv(16,k=9,s=1,d=2,pad=same) relu maxpool(2) batchnorm dropout(0.3) gavgpool dense(3) softmax\n";

enum { OPT_TASK = 256, OPT_JSON };

static const struct option summary_options[] = {
  { "arch", required_argument, NULL, 'a' },
  { "input-length", required_argument, NULL, 'l' },
  { "channels", required_argument, NULL, 'c' },
  { "outputs", required_argument, NULL, 'k' },
  { "data", required_argument, NULL, 'd' },
  { "target", required_argument, NULL, 't' },
  { "task", required_argument, NULL, OPT_TASK },
  { "workload", required_argument, NULL, 'w' },
  { "json", no_argument, NULL, OPT_JSON },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

typedef struct {
  const char *arch, *data, *target;
  const bench_workload *workload;
  int length, channels, outputs;
  bool task_given, json;
  cw_task task;
} summary_args;

static int
parse_args (int argc, char **argv, summary_args *a)
{
  memset (a, 0, sizeof *a);
  a->length = a->channels = a->outputs = -1;
  optind = 1;
  opterr = 0;
  int c;
  while ((c = getopt_long (argc, argv, ":a:l:c:k:d:t:w:h", summary_options, NULL)) != -1)
    {
      bool ok = true;
      switch (c)
        {
        case 'a': a->arch = optarg; break;
        case 'l': ok = cli_parse_int ("input-length", optarg, 1, 1 << 28, &a->length); break;
        case 'c': ok = cli_parse_int ("channels", optarg, 1, 1 << 20, &a->channels); break;
        case 'k': ok = cli_parse_int ("outputs", optarg, 1, 1 << 20, &a->outputs); break;
        case 'd': a->data = optarg; break;
        case 't': a->target = optarg; break;
        case OPT_TASK: ok = cli_parse_task (optarg, &a->task); a->task_given = true; break;
        case 'w':
          if (!(a->workload = bench_find_workload (optarg)))
            return cli_usage_error ("summary", "--workload: '%s' is not S, M or L.", optarg);
          break;
        case OPT_JSON: a->json = true; break;
        case 'h': fputs (summary_usage, stdout); return CLI_EXIT_OK;
        default: return cli_option_error ("summary", c, argv);
        }
      if (!ok)
        return CLI_EXIT_USAGE;
    }
  if (optind < argc)
    return cli_usage_error ("summary", "unexpected argument '%s'.", argv[optind]);
  int sources = (a->length > 0) + (a->data != NULL) + (a->workload != NULL);
  if (sources != 1)
    return cli_usage_error ("summary", "give the input shape with one of --input-length, --data or --workload.");
  return -1;
}

/* Input shape and output count from the data file: C x L of its signals, K of its target(s). */
static bool
shape_from_data (summary_args *a)
{
  cw_dataset *ds = cli_load_data (a->data, a->target);
  if (!ds)
    return false;
  a->channels = cw_dataset_n_channels (ds);
  a->length = cw_dataset_length (ds);
  bool ok = true;
  if (a->outputs < 0 && (a->target || cw_dataset_n_targets (ds) > 0))
    {
      int cols[CLI_MAX_TARGETS], n_cols = 0;
      cw_task task = a->task;
      float *y = NULL;
      int k = 0;
      cw_error err;
      cw_error_clear (&err);
      ok = cli_resolve_targets (ds, a->target, a->task_given, &task, cols, &n_cols);
      if (ok && cw_dataset_encode_targets (ds, task, cols, n_cols, &y, &k, &err) != CW_OK)
        {
          cli_error ("%s", err.message);
          ok = false;
        }
      a->outputs = k;
      free (y);
    }
  cw_dataset_free (ds);
  return ok;
}

static int
column_width (const char *const *tokens, int n, int minimum)
{
  int w = minimum;
  for (int i = 0; i < n; i++)
    {
      int len = (int) strlen (tokens[i]);
      w = len > w ? len : w;
    }
  return w;
}

int
cli_summary (int argc, char **argv)
{
  summary_args a;
  int rc = parse_args (argc, argv, &a);
  if (rc >= 0)
    return rc;
  if (a.workload)
    {
      a.channels = a.workload->in_channels;
      a.length = a.workload->in_length;
      if (a.outputs < 0)
        a.outputs = a.workload->n_outputs;
    }
  else if (a.data && !shape_from_data (&a))
    return CLI_EXIT_FAILURE;
  if (a.channels < 0)
    a.channels = 1;
  bool outputs_known = a.outputs > 0;
  if (!outputs_known)
    a.outputs = 1;

  char *arch = a.arch ? strdup (a.arch)
               : a.workload ? strdup (a.workload->spec) : cli_default_arch (a.channels, a.length, a.outputs);
  cw_spec *spec = cli_parse_arch (arch);
  if (!spec)
    {
      free (arch);
      return CLI_EXIT_FAILURE;
    }
  int n = cw_spec_count (spec);
  cw_shape_info *info = calloc ((size_t) n + 1, sizeof *info);
  char **tokens = calloc ((size_t) n + 1, sizeof *tokens);
  for (int i = 0; i < n; i++)
    tokens[i] = cw_layer_spec_to_string (cw_spec_get (spec, i));
  cw_error err;
  cw_error_clear (&err);
  cw_status st = n ? cw_spec_infer (spec, a.channels, a.length, info, &err)
                   : cw_error_set (&err, CW_ERR_SHAPE, 0, 0, "The architecture has no layers.");
  int good = st == CW_OK ? n : (err.item >= 0 ? err.item : 0);
  size_t total_params = 0;
  double total_flops = 0;
  for (int i = 0; i < good; i++)
    {
      total_params += info[i].params;
      total_flops += info[i].flops;
    }
  const cw_shape_info *last = good > 0 ? &info[good - 1] : NULL;
  bool ends_right = st == CW_OK && last && (long) last->channels * last->length == a.outputs;

  if (a.json)
    {
      cli_json j;
      cli_json_init (&j, stdout);
      cli_json_begin_object (&j, NULL);
      cli_json_string (&j, "command", "summary");
      char *canonical = cw_spec_to_string (spec);
      cli_json_string (&j, "arch", canonical);
      free (canonical);
      cli_json_begin_object (&j, "input");
      cli_json_int (&j, "channels", a.channels);
      cli_json_int (&j, "length", a.length);
      cli_json_end_object (&j);
      cli_json_begin_array (&j, "layers", false);
      for (int i = 0; i < good; i++)
        {
          cli_json_begin_object (&j, NULL);
          cli_json_string (&j, "token", tokens[i]);
          cli_json_int (&j, "channels", info[i].channels);
          cli_json_int (&j, "length", info[i].length);
          cli_json_int (&j, "params", (long long) info[i].params);
          cli_json_number (&j, "flops", info[i].flops);
          cli_json_end_object (&j);
        }
      cli_json_end_array (&j);
      cli_json_int (&j, "total_params", (long long) total_params);
      cli_json_number (&j, "total_flops", total_flops);
      if (outputs_known)
        cli_json_int (&j, "outputs", a.outputs);
      cli_json_bool (&j, "ok", st == CW_OK);
      if (st != CW_OK)
        {
          cli_json_string (&j, "error", err.message);
          cli_json_int (&j, "error_layer", err.item);
        }
      cli_json_end_object (&j);
      cli_json_finish (&j);
    }
  else
    {
      int w = column_width ((const char *const *) tokens, n, 5);
      printf ("Input: %d x %d\n", a.channels, a.length);
      printf ("%3s  %-*s  %13s  %10s  %10s\n", "#", w, "layer", "output (C x L)", "params", "MFLOPs");
      for (int i = 0; i < good; i++)
        {
          char shape[40];
          snprintf (shape, sizeof shape, "%d x %d", info[i].channels, info[i].length);
          printf ("%3d  %-*s  %13s  %10zu  %10.3f\n", i + 1, w, tokens[i], shape, info[i].params,
                  info[i].flops / 1e6);
        }
      if (st == CW_OK)
        printf ("%3s  %-*s  %13s  %10zu  %10.3f\n", "", w, "total", "", total_params, total_flops / 1e6);
      if (st == CW_OK && outputs_known && !ends_right && last)
        printf ("\nNote: the network ends with %d x %d values; %d output%s needed (end with flatten or "
                "global pooling and dense(%d)).\n", last->channels, last->length, a.outputs,
                a.outputs == 1 ? " is" : "s are", a.outputs);
    }
  if (st != CW_OK)
    cli_report_arch_error (arch, &err);

  for (int i = 0; i < n; i++)
    free (tokens[i]);
  free (tokens);
  free (info);
  cw_spec_free (spec);
  free (arch);
  return st == CW_OK ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}
