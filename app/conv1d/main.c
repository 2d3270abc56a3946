/* main.c — `conv1d`: dispatch to the subcommands, top-level help and version. */
#include "cli-common.h"

#include <string.h>

static const char main_usage[] =
  "Usage: conv1d COMMAND [OPTIONS]\n"
  "\n"
  "Define, train and run 1D convolutional networks on signals stored as wide CSV files\n"
  "(one sample per row: meta:NAME and target:NAME columns, then one column per signal point),\n"
  "JCAMP-DX (.jdx, .dx), SPC (.spc) or NumPy (.npy, .npz) files, or audio: WAV, FLAC or Ogg\n"
  "(.wav, .flac, .ogg; one clip is one sample, its channels the input channels).\n"
  "--data also takes a folder: of one-spectrum JCAMP-DX/SPC files, or of audio clips (one a sample,\n"
  "resampled to one rate and cut to the shortest; labels from targets.csv keyed by file name, else\n"
  "from sub-folder names: clips/dog/*.wav, clips/cat/*.wav -> target label).\n"
  "\n"
  "Commands:\n"
  "  train     train a network and report training/validation metrics (--out saves it)\n"
  "  predict   write predictions of a saved model for a CSV\n"
  "  eval      metrics of a saved model on a labelled CSV\n"
  "  export    write a saved model as an ONNX file (onnxruntime, other tools)\n"
  "  summary   layer table (output shapes, parameters, FLOPs) of an architecture\n"
  "  bench     training/inference speed on the fixed benchmark workloads\n"
  "  generate  write a toy dataset (normal-pdf, spectra, ecg, nir) as a CSV to train on, or a\n"
  "            long ECG recording with its beat annotations (ecg-recording)\n"
  "  series    cut a long recording (time, signal columns) into windows, or one per detected beat\n"
  "  pls       PLS regression / PLS-DA with cross-validation, preprocessing and diagnostics\n"
  "  compare   a CNN and PLS on the same split and preprocessing (--drift: robustness to drift)\n"
  "  help      this text, or `conv1d help COMMAND`\n"
  "\n"
  "Options:\n"
  "  -h, --help       this text\n"
  "  -V, --version    the version\n"
  "  --allow-missing  (before or after COMMAND) fill empty / NA signal cells of a CSV from their own row\n"
  "                   (linear interpolation between neighbours) instead of refusing the file\n"
  "\n"
  "Examples:\n"
  "  conv1d train --data resources/data/gasoline.csv --target octane --test-meta split_vignette=test \\\n"
  "               --cv 5 --out octane.cw1d\n"
  "  conv1d predict --model octane.cw1d --data resources/data/gasoline.csv > predictions.csv\n"
  "  conv1d pls --data resources/data/gasoline.csv --target octane --test-meta split_vignette=test --cv loo\n"
  "  conv1d series --data rec.csv --window 0.6s --peaks --labels rec-annotations.csv --out beats.csv\n"
  "  conv1d summary --arch \"conv(8,k=9) relu maxpool(2) flatten dense(1)\" --input-length 401\n"
  "\n"
  "Run `conv1d COMMAND --help` for the options of a command.\n";

typedef struct {
  const char *name;
  int (*run) (int argc, char **argv);
} command;

static const command commands[] = {
  { "train", cli_train },
  { "predict", cli_predict },
  { "eval", cli_eval },
  { "export", cli_export },
  { "summary", cli_summary },
  { "bench", cli_bench },
  { "generate", cli_generate },
  { "pls", cli_pls },
  { "compare", cli_compare },
  { "series", cli_series },
};

static const command *
find_command (const char *name)
{
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp (name, commands[i].name) == 0)
      return &commands[i];
  return NULL;
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fputs (main_usage, stderr);
      return CLI_EXIT_USAGE;
    }
  /* A global option any command's data loading honours; taken out before the command parses its own. */
  int kept = 1;
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "--allow-missing") == 0)
      cli_allow_missing = true;
    else
      argv[kept++] = argv[i];
  argc = kept;
  argv[argc] = NULL;
  if (argc < 2)
    {
      fputs (main_usage, stderr);
      return CLI_EXIT_USAGE;
    }
  const char *name = argv[1];
  if (strcmp (name, "--help") == 0 || strcmp (name, "-h") == 0)
    {
      fputs (main_usage, stdout);
      return CLI_EXIT_OK;
    }
  if (strcmp (name, "--version") == 0 || strcmp (name, "-V") == 0)
    {
      printf ("conv1d %s\n", cw_version ());
      return CLI_EXIT_OK;
    }
  if (strcmp (name, "help") == 0)
    {
      if (argc < 3 || strcmp (argv[2], "--help") == 0 || strcmp (argv[2], "-h") == 0)
        {
          fputs (main_usage, stdout);
          return CLI_EXIT_OK;
        }
      const command *cmd = find_command (argv[2]);
      if (!cmd)
        return cli_usage_error (NULL, "unknown command '%s'.", argv[2]);
      char *help_argv[] = { argv[2], (char *) "--help", NULL };
      return cmd->run (2, help_argv);
    }
  const command *cmd = find_command (name);
  if (!cmd)
    return cli_usage_error (NULL, "unknown command '%s'.", name);
  /* The subcommand sees argv[0] = its own name, as getopt expects. */
  return cmd->run (argc - 1, argv + 1);
}
