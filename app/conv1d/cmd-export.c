/* cmd-export.c — `conv1d export`: a saved model, with its preprocessing, as a file other tools run. */
#include "cli-common.h"

#include <getopt.h>
#include <string.h>

static const char export_usage[] =
  "Usage: conv1d export --model MODEL --format onnx --out FILE\n"
  "\n"
  "Writes a model saved by conv1d train --out as an ONNX file (IR 8, opset 13) that onnxruntime and other\n"
  "ONNX tools run: the model's preprocessing, input scaling, every layer at inference, the output function\n"
  "and the target unscaling are all in the graph, and an ensemble's members are averaged in it.\n"
  "\n"
  "  input  \"signal\"         float32 [N, C, L]: raw rows as in the CSV (C = 1 still has its axis)\n"
  "  output \"prediction\"     float32 [N, k]: regression values in the target's units, or\n"
  "         \"probabilities\"  float32 [N, k]: classification (binary: k = 1, the second class's\n"
  "                          probability)\n"
  "  metadata: task, architecture, preprocessing, layout, class_labels or target_names (JSON), record.*\n"
  "\n"
  "  -m, --model MODEL   a model saved by conv1d train --out\n"
  "  -f, --format NAME   onnx (the only format)\n"
  "  -o, --out FILE      the file to write, e.g. model.onnx\n"
  "  -h, --help          this help\n"
  "\n"
  "PLS models are exported where they are fitted: conv1d pls ... --export-onnx FILE.\n"
  "Example:\n"
  "  conv1d export --model octane.cw1d --format onnx --out octane.onnx\n";

static const struct option export_options[] = {
  { "model", required_argument, NULL, 'm' },
  { "format", required_argument, NULL, 'f' },
  { "out", required_argument, NULL, 'o' },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

int
cli_export (int argc, char **argv)
{
  const char *model_path = NULL, *format = NULL, *out = NULL;
  optind = 1;
  opterr = 0;
  int c;
  while ((c = getopt_long (argc, argv, ":m:f:o:h", export_options, NULL)) != -1)
    {
      switch (c)
        {
        case 'm': model_path = optarg; break;
        case 'f': format = optarg; break;
        case 'o': out = optarg; break;
        case 'h': fputs (export_usage, stdout); return CLI_EXIT_OK;
        default: return cli_option_error ("export", c, argv);
        }
    }
  if (optind < argc)
    return cli_usage_error ("export", "unexpected argument '%s'.", argv[optind]);
  if (!model_path || !out)
    return cli_usage_error ("export", "--model MODEL and --out FILE are required.");
  if (format && strcmp (format, "onnx") != 0)
    return cli_usage_error ("export", "--format: '%s' is not a format conv1d writes (onnx).", format);

  cw_error err;
  cw_error_clear (&err);
  cw_model *model = cw_model_load (model_path, &err);
  if (!model)
    {
      cli_error ("%s", err.message[0] ? err.message : cw_status_name (err.status));
      return CLI_EXIT_FAILURE;
    }
  cw_status st = cw_model_export_onnx (model, out, &err);
  cw_model_free (model);
  if (st != CW_OK)
    {
      cli_error ("%s: %s", model_path, err.message[0] ? err.message : cw_status_name (err.status));
      return CLI_EXIT_FAILURE;
    }
  return CLI_EXIT_OK;
}
