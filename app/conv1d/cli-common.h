/* cli-common.h — what every conv1d subcommand shares: messages and exit codes, option values,
 * architecture errors with a caret, data loading with target and task resolution, metric reports. */
#ifndef CLI_COMMON_H
#define CLI_COMMON_H

#include "cw.h"
#include "json-writer.h"

#include <stdbool.h>
#include <stdio.h>

enum {
  CLI_EXIT_OK = 0,
  CLI_EXIT_FAILURE = 1,
  CLI_EXIT_USAGE = 2,
  CLI_EXIT_INTERRUPTED = 130,
};

#define CLI_MAX_TARGETS 64

/* "conv1d: MESSAGE" on stderr. */
void cli_error (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));
/* A usage error for `command`: the message, a pointer to --help, and CLI_EXIT_USAGE. */
int cli_usage_error (const char *command, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

/* For getopt_long's '?' and ':' (with opterr = 0 and a leading ':' in the short options): names the
 * unknown option or the one missing its value, and returns CLI_EXIT_USAGE. */
int cli_option_error (const char *command, int c, char **argv);

/* Option values; on a bad value they print "conv1d: --OPT: ..." and return false. */
bool cli_parse_int (const char *option, const char *text, int min, int max, int *out);
bool cli_parse_float (const char *option, const char *text, double min, double max, float *out);
bool cli_parse_u64 (const char *option, const char *text, uint64_t *out);
bool cli_parse_task (const char *text, cw_task *task);

/* Parses --arch text; on a syntax error prints the message, the spec and a caret line under the
 * offending token, and returns NULL. */
cw_spec *cli_parse_arch (const char *text);
/* The spec text with a caret line under layer `item` (0-based), for shape errors. */
void cli_print_arch_caret (const char *text, int item);
/* Prints an error from cw_model_new / cw_spec_infer, pointing at the layer when known. */
void cli_report_arch_error (const char *arch_text, const cw_error *err);
/* The "default" recipe's network for k outputs (shrunk for short inputs). Caller frees. */
char *cli_default_arch (int in_channels, int in_length, int k);

/* Loads a CSV (errors name file, line and column). `target` may be a comma-separated list; a single name
 * is passed to the reader so a plain CSV's label column is not taken for a signal. */
/* conv1d --allow-missing: empty / NA signal cells are filled from their row instead of refused. */
extern bool cli_allow_missing;
cw_dataset *cli_load_data (const char *path, const char *target);
/* The same with clips of a folder of audio cut or padded to audio_length samples (0: the shortest's). */
cw_dataset *cli_load_data_length (const char *path, const char *target, int audio_length);

/* Which columns to predict and how: `list` (comma-separated, NULL = every target: column of the file);
 * the task defaults to regression for numbers, binary for two classes, multiclass otherwise. Numeric
 * columns are turned into classes for binary/multiclass. Prints the reason and returns false on error. */
bool cli_resolve_targets (cw_dataset *ds, const char *list, bool task_given, cw_task *task, int *cols,
                          int *n_cols);

/* Model-space targets for a model on a labelled file, with classes mapped by name onto the model's
 * class order (a file may list classes in another order). Caller frees. NULL with a message when the
 * file lacks a target or holds a class the model does not know. */
float *cli_targets_for_model (const cw_model *model, cw_dataset *ds, const char *list);

/* Class or label name for output j of a model ("class 3" when the model has no names). */
const char *cli_output_name (const cw_model *model, int j, char *buf, size_t size);

/* Reports: a table with one or two columns (text; a NULL or empty metrics is left out; the detailed
 * classification view is of the second when present) and one metrics object (JSON). */
void cli_print_metrics (FILE *f, const cw_model *model, const char *train_label, const cw_metrics *train,
                        const char *val_label, const cw_metrics *val);
void cli_json_metrics (cli_json *j, const char *key, const cw_model *model, const cw_metrics *m);

/* ---- CNN training options, shared by `train` and `compare` ---- */

/* getopt codes of the shared options, above those a command numbers from 256 for its own. */
enum {
  CLI_OPT_LR = 512, CLI_OPT_OPTIMIZER, CLI_OPT_MOMENTUM, CLI_OPT_NESTEROV, CLI_OPT_WEIGHT_DECAY, CLI_OPT_CLIP,
  CLI_OPT_CLIP_VALUE, CLI_OPT_LOSS, CLI_OPT_SCHEDULE, CLI_OPT_LR_STEP, CLI_OPT_LR_GAMMA, CLI_OPT_LR_MIN,
  CLI_OPT_PATIENCE, CLI_OPT_SCALING, CLI_OPT_NO_TARGET_SCALING, CLI_OPT_AUG_SHIFT, CLI_OPT_AUG_NOISE,
  CLI_OPT_AUG_SCALE, CLI_OPT_AUG_OFFSET, CLI_OPT_AUG_SLOPE, CLI_OPT_SEED, CLI_OPT_THREADS,
  CLI_OPT_PLATEAU_PATIENCE, CLI_OPT_PLATEAU_FACTOR, CLI_OPT_AUG_UNITS,
};

/* struct option entries for a command's table (with short options a: e: b:). */
#define CLI_CNN_OPTIONS \
  { "arch", required_argument, NULL, 'a' }, \
  { "epochs", required_argument, NULL, 'e' }, \
  { "batch", required_argument, NULL, 'b' }, \
  { "lr", required_argument, NULL, CLI_OPT_LR }, \
  { "optimizer", required_argument, NULL, CLI_OPT_OPTIMIZER }, \
  { "momentum", required_argument, NULL, CLI_OPT_MOMENTUM }, \
  { "weight-decay", required_argument, NULL, CLI_OPT_WEIGHT_DECAY }, \
  { "loss", required_argument, NULL, CLI_OPT_LOSS }, \
  { "schedule", required_argument, NULL, CLI_OPT_SCHEDULE }, \
  { "lr-step", required_argument, NULL, CLI_OPT_LR_STEP }, \
  { "lr-gamma", required_argument, NULL, CLI_OPT_LR_GAMMA }, \
  { "lr-min", required_argument, NULL, CLI_OPT_LR_MIN }, \
  { "plateau-patience", required_argument, NULL, CLI_OPT_PLATEAU_PATIENCE }, \
  { "plateau-factor", required_argument, NULL, CLI_OPT_PLATEAU_FACTOR }, \
  { "patience", required_argument, NULL, CLI_OPT_PATIENCE }, \
  { "scaling", required_argument, NULL, CLI_OPT_SCALING }, \
  { "no-target-scaling", no_argument, NULL, CLI_OPT_NO_TARGET_SCALING }, \
  { "aug-shift", required_argument, NULL, CLI_OPT_AUG_SHIFT }, \
  { "aug-noise", required_argument, NULL, CLI_OPT_AUG_NOISE }, \
  { "aug-scale", required_argument, NULL, CLI_OPT_AUG_SCALE }, \
  { "aug-offset", required_argument, NULL, CLI_OPT_AUG_OFFSET }, \
  { "aug-slope", required_argument, NULL, CLI_OPT_AUG_SLOPE }, \
  { "aug-units", required_argument, NULL, CLI_OPT_AUG_UNITS }, \
  { "seed", required_argument, NULL, CLI_OPT_SEED }, \
  { "threads", required_argument, NULL, CLI_OPT_THREADS }
/* The gradient options only `train` offers. */
#define CLI_CNN_GRADIENT_OPTIONS \
  { "nesterov", no_argument, NULL, CLI_OPT_NESTEROV }, \
  { "clip", required_argument, NULL, CLI_OPT_CLIP }, \
  { "clip-value", required_argument, NULL, CLI_OPT_CLIP_VALUE }

/* What the command line asked for; NAN / -1 / NULL = not given, so engine defaults stay in charge. */
typedef struct {
  const char *arch;
  int epochs, batch, patience, threads, lr_step, plateau_patience;
  float lr, momentum, weight_decay, clip, clip_value, lr_gamma, lr_min, plateau_factor;
  bool nesterov, optimizer_given, loss_given, scaling_given, no_target_scaling, schedule_given;
  cw_optimizer_type optimizer;
  cw_loss loss;
  cw_schedule_type schedule;
  cw_scaling scaling;
  cw_augment aug;           /* with --aug-units input: aug.input_units */
  uint64_t seed;
} cli_cnn_args;

void cli_cnn_args_init (cli_cnn_args *a);
/* Takes getopt's c and optarg: -1 when c is none of the CNN options, 0 when taken, otherwise the exit
 * status (the message printed). */
int cli_cnn_parse_option (cli_cnn_args *a, const char *command, int c, const char *value);

/* A COLUMN=VALUE option value (--val-meta, --test-meta); false with a usage error otherwise. */
bool cli_check_meta_value (const char *command, const char *option, const char *text);

/* "1:05" / "1:02:03" */
void cli_format_duration (double seconds, char *buf, size_t size);
double cli_now (void); /* monotonic seconds */

/* Subcommands. */
int cli_train (int argc, char **argv);
int cli_predict (int argc, char **argv);
int cli_eval (int argc, char **argv);
int cli_export (int argc, char **argv);
int cli_summary (int argc, char **argv);
int cli_bench (int argc, char **argv);
int cli_bench_auto (int argc, char **argv);
int cli_generate (int argc, char **argv);
int cli_pls (int argc, char **argv);
int cli_compare (int argc, char **argv);
int cli_series (int argc, char **argv);
int cli_generate_ecg_recording (int argc, char **argv);

#endif
