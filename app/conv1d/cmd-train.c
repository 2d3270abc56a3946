/* cmd-train.c — `conv1d train`: load a labelled CSV, split, train with live progress, report, save. */
#include "cli-common.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char train_usage[] =
  "Usage: conv1d train --data FILE [--target NAME[,NAME...]] [OPTIONS]\n"
  "\n"
  "Trains a 1D CNN on a wide CSV (one sample per row) and reports training and validation metrics.\n"
  "\n"
  "Data and task:\n"
  "  -d, --data FILE          CSV/TSV with meta:, target: and signal columns\n"
  "  -t, --target NAME        column(s) to predict (default: every target: column)\n"
  "      --task TASK          regression | binary | multiclass | multilabel (default: regression for\n"
  "                           numbers, binary/multiclass for classes)\n"
  "      --val FRACTION       random validation share (default 0.2; 0 = none)\n"
  "      --val-meta COL=VALUE validation rows by a meta column, e.g. split_vignette=test\n"
  "      --scaling MODE       input scaling: feature (default) | channel | none\n"
  "      --no-target-scaling  do not standardise regression targets\n"
  "Network:\n"
  "  -a, --arch SPEC          layers, e.g. \"conv(8,k=9) relu maxpool(2) flatten dense(1)\"\n"
  "                           (default: conv(8,k=9) relu maxpool(2) conv(16,k=9) relu maxpool(2)\n"
  "                            flatten dense(64) relu dense(K), K = number of outputs)\n"
  "Training:\n"
  "  -e, --epochs N           epochs (default 100)\n"
  "  -b, --batch N            batch size (default 32)\n"
  "      --lr RATE            learning rate (default 1e-3 for adam, 1e-2 for sgd)\n"
  "      --optimizer NAME     adam (default) | sgd\n"
  "      --momentum M         sgd momentum (default 0.9)\n"
  "      --nesterov           sgd with Nesterov momentum\n"
  "      --weight-decay W     L2 penalty added to the gradient\n"
  "      --clip NORM          clip the gradient's L2 norm\n"
  "      --clip-value V       clamp each gradient component to [-V, V]\n"
  "      --loss NAME          mse | mae | crossentropy | bce | hinge | exp (default: the task's)\n"
  "      --schedule NAME      constant (default) | step | exp | cosine | plateau\n"
  "      --lr-step N          step schedule: epochs between decays (default 30)\n"
  "      --lr-gamma G         step/exp schedule: decay factor (default 0.1 step, 0.95 exp)\n"
  "      --lr-min RATE        cosine schedule: final rate; plateau: lowest rate (default 0)\n"
  "      --plateau-patience N plateau schedule (ReduceLROnPlateau on the training loss): epochs without\n"
  "                           a 1e-4 relative improvement tolerated before the rate drops (default 10)\n"
  "      --plateau-factor F   plateau schedule: the rate is multiplied by F at a drop (default 0.5)\n"
  "      --patience N         stop after N epochs without validation improvement (default: off)\n"
  "      --seed N             seed for weights, split, shuffling and noise (default 1)\n"
  "      --threads N          threads (default 1)\n"
  "Augmentation (training batches only):\n"
  "      --aug-shift N        random shift by up to N points\n"
  "      --aug-noise SD       additive Gaussian noise\n"
  "      --aug-scale SD       multiplicative factor 1 + N(0, SD^2)\n"
  "      --aug-offset SD      baseline offset\n"
  "      --aug-slope SD       baseline slope\n"
  "      --aug-units UNITS    standardised (default): applied to the scaled input, sizes in its units;\n"
  "                           input: applied to the signals before the input scaling, offset, slope and\n"
  "                           noise sizes in SDs of all training signal values\n"
  "Output:\n"
  "  -o, --out MODEL          save the trained model\n"
  "      --json               print one JSON object instead of the text report\n"
  "  -q, --quiet              no progress on stderr\n"
  "  -h, --help               this help\n"
  "\n"
  "Ctrl-C stops training within a batch; the model trained so far is still reported and saved.\n"
  "Example:\n"
  "  conv1d train --data resources/data/gasoline.csv --target octane --val-meta split_vignette=test\n";

enum {
  OPT_TASK = 256, OPT_VAL, OPT_VAL_META, OPT_JSON,
};

static const struct option train_options_table[] = {
  { "data", required_argument, NULL, 'd' },
  { "target", required_argument, NULL, 't' },
  { "task", required_argument, NULL, OPT_TASK },
  { "val", required_argument, NULL, OPT_VAL },
  { "val-meta", required_argument, NULL, OPT_VAL_META },
  CLI_CNN_OPTIONS,
  CLI_CNN_GRADIENT_OPTIONS,
  { "out", required_argument, NULL, 'o' },
  { "json", no_argument, NULL, OPT_JSON },
  { "quiet", no_argument, NULL, 'q' },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

/* What the command line asked for; NAN / NULL = not given. */
typedef struct {
  const char *data, *target, *out, *val_meta;
  bool task_given;
  cw_task task;
  float val;
  cli_cnn_args cnn;
  bool json, quiet;
} train_args;

/* 0 = parsed, otherwise the exit status (help printed, or a bad option). */
static int
parse_args (int argc, char **argv, train_args *a)
{
  memset (a, 0, sizeof *a);
  a->val = NAN;
  cli_cnn_args_init (&a->cnn);
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long (argc, argv, ":d:t:a:e:b:o:qh", train_options_table, NULL)) != -1)
    {
      bool ok = true;
      switch (c)
        {
        case 'd': a->data = optarg; break;
        case 't': a->target = optarg; break;
        case 'o': a->out = optarg; break;
        case 'q': a->quiet = true; break;
        case OPT_JSON: a->json = true; break;
        case OPT_TASK: ok = cli_parse_task (optarg, &a->task); a->task_given = true; break;
        case OPT_VAL: ok = cli_parse_float ("val", optarg, 0, 0.95, &a->val); break;
        case OPT_VAL_META:
          a->val_meta = optarg;
          ok = cli_check_meta_value ("train", "val-meta", optarg);
          break;
        case 'h': fputs (train_usage, stdout); return CLI_EXIT_OK;
        default:
          {
            int rc = cli_cnn_parse_option (&a->cnn, "train", c, optarg);
            if (rc < 0)
              return cli_option_error ("train", c, argv);
            if (rc > 0)
              return rc;
          }
        }
      if (!ok)
        return CLI_EXIT_USAGE;
    }
  if (optind < argc)
    return cli_usage_error ("train", "unexpected argument '%s'.", argv[optind]);
  if (!a->data)
    return cli_usage_error ("train", "--data FILE is required.");
  if (a->val_meta && !isnan (a->val))
    return cli_usage_error ("train", "--val and --val-meta are alternatives; give one.");
  return -1;
}

/* ---- progress ---- */

typedef struct {
  bool tty, quiet;
  bool line_open;   /* a \r-redrawn line is on screen and needs a newline before anything else */
  double last_draw;
  double val_loss, val_metric, train_metric;
  cw_task task;
} progress_state;

static const char *
metric_name (cw_task task)
{
  return task == CW_TASK_REGRESSION ? "RMSE" : "acc";
}

static double
epoch_metric (cw_task task, const cw_metrics *m)
{
  if (m->n == 0)
    return NAN;
  return task == CW_TASK_REGRESSION ? m->rmse : m->accuracy;
}

static void
on_progress (const cw_progress *p, void *user)
{
  progress_state *s = user;
  if (s->quiet)
    return;
  if (p->epoch_end)
    {
      s->val_loss = p->val_loss;
      s->val_metric = epoch_metric (s->task, &p->val_metrics);
      s->train_metric = epoch_metric (s->task, &p->train_metrics);
    }
  if (!s->tty)
    {
      if (!p->epoch_end)
        return;
      fprintf (stderr, "epoch %*d/%d  loss %.5g", p->epochs >= 1000 ? 5 : 3, p->epoch, p->epochs, p->train_loss);
      if (!isnan (s->train_metric))
        fprintf (stderr, "  %s %.4g", metric_name (s->task), s->train_metric);
      if (!isnan (p->val_loss))
        fprintf (stderr, "  val loss %.5g", p->val_loss);
      if (!isnan (s->val_metric))
        fprintf (stderr, "  val %s %.4g", metric_name (s->task), s->val_metric);
      fprintf (stderr, "  lr %.3g  %.0f samples/s\n", p->lr, p->samples_per_s);
      return;
    }
  /* Redrawing more than ~10 times a second costs time and flickers; the final state is always shown. */
  double now = cli_now ();
  bool last = p->epoch_end && p->epoch == p->epochs;
  if (!last && now - s->last_draw < 0.1)
    return;
  s->last_draw = now;
  char eta[32];
  cli_format_duration (p->eta_s, eta, sizeof eta);
  fprintf (stderr, "\r\033[Kepoch %d/%d  batch %d/%d  loss %.4g", p->epoch, p->epochs, p->batch, p->batches,
           p->train_loss);
  if (!isnan (s->val_loss))
    fprintf (stderr, "  val %.4g", s->val_loss);
  if (!isnan (s->val_metric))
    fprintf (stderr, " (%s %.4g)", metric_name (s->task), s->val_metric);
  fprintf (stderr, "  %.0f samples/s  ETA %s", p->samples_per_s, eta);
  fflush (stderr);
  s->line_open = true;
}

/* ---- results ---- */

static void
compute_metrics (cw_model *model, cw_xy xy, int k, cw_metrics *m)
{
  memset (m, 0, sizeof *m);
  m->task = cw_model_task (model);
  if (xy.n == 0)
    return;
  float *pred = malloc ((size_t) xy.n * (size_t) k * sizeof (float));
  cw_error err;
  cw_error_clear (&err);
  if (cw_model_predict (model, xy.x, xy.n, pred, &err) == CW_OK)
    cw_metrics_compute (cw_model_task (model), pred, xy.y, xy.n, k, m);
  else
    cli_error ("%s", err.message);
  free (pred);
}

static void
json_history (cli_json *j, const cw_history *h)
{
  const struct { const char *key; const double *v; } series[] = {
    { "train_loss", h->train_loss }, { "val_loss", h->val_loss }, { "train_metric", h->train_metric },
    { "val_metric", h->val_metric }, { "lr", h->lr },
  };
  cli_json_begin_object (j, "history");
  for (size_t s = 0; s < sizeof series / sizeof series[0]; s++)
    {
      if (!series[s].v)
        continue;
      cli_json_begin_array (j, series[s].key, true);
      /* The learning rate is a float setting; print it as one. */
      for (int e = 0; e < h->epochs; e++)
        if (series[s].v == h->lr)
          cli_json_float (j, NULL, (float) series[s].v[e]);
        else
          cli_json_number (j, NULL, series[s].v[e]);
      cli_json_end_array (j);
    }
  cli_json_end_object (j);
}

typedef struct {
  const train_args *args;
  const cw_dataset *ds;
  const int *cols;
  int n_cols;
  cw_model *model;
  const cw_train_config *cfg;
  const char *split;
  cw_xy train, val;
  const cw_history *hist;
  cw_status status;
  const cw_metrics *train_m, *val_m;
} train_report;

static void
print_json (const train_report *r)
{
  cli_json j;
  cli_json_init (&j, stdout);
  cli_json_begin_object (&j, NULL);
  cli_json_string (&j, "command", "train");
  cli_json_string (&j, "data", r->args->data);
  cli_json_int (&j, "samples", cw_dataset_n_samples (r->ds));
  cli_json_int (&j, "channels", cw_dataset_n_channels (r->ds));
  cli_json_int (&j, "length", cw_dataset_length (r->ds));
  cli_json_begin_array (&j, "targets", true);
  for (int i = 0; i < r->n_cols; i++)
    cli_json_string (&j, NULL, cw_dataset_target_name (r->ds, r->cols[i]));
  cli_json_end_array (&j);
  cli_json_string (&j, "task", cw_task_name (cw_model_task (r->model)));
  cli_json_int (&j, "outputs", cw_model_n_outputs (r->model));
  char *arch = cw_spec_to_string (cw_model_spec (r->model));
  cli_json_string (&j, "arch", arch);
  free (arch);
  cli_json_int (&j, "params", (long long) cw_model_n_params (r->model));
  cli_json_number (&j, "flops_per_sample", cw_model_flops (r->model));
  cli_json_begin_object (&j, "split");
  cli_json_string (&j, "by", r->split);
  cli_json_int (&j, "train", r->train.n);
  cli_json_int (&j, "validation", r->val.n);
  cli_json_end_object (&j);
  cli_json_begin_object (&j, "config");
  cli_json_int (&j, "epochs", r->cfg->epochs);
  cli_json_int (&j, "batch", r->cfg->batch);
  cli_json_string (&j, "optimizer", cw_optimizer_name (r->cfg->optimizer.type));
  cli_json_float (&j, "lr", r->cfg->optimizer.lr);
  cli_json_string (&j, "loss", cw_loss_name (r->cfg->loss));
  cli_json_string (&j, "schedule", cw_schedule_name (r->cfg->schedule.type));
  cli_json_int (&j, "patience", r->cfg->patience);
  cli_json_int (&j, "seed", (long long) r->cfg->seed);
  cli_json_int (&j, "threads", cw_model_get_threads (r->model));
  cli_json_end_object (&j);
  cli_json_string (&j, "status", r->status == CW_ERR_ABORTED ? "interrupted" : "ok");
  cli_json_int (&j, "epochs_run", r->hist->epochs);
  cli_json_int (&j, "best_epoch", r->hist->best_epoch);
  cli_json_bool (&j, "stopped_early", r->hist->stopped_early);
  cli_json_number (&j, "seconds", r->hist->seconds);
  cli_json_string (&j, "model", r->args->out);
  cli_json_metrics (&j, "train", r->model, r->train_m);
  cli_json_metrics (&j, "validation", r->model, r->val_m);
  json_history (&j, r->hist);
  cli_json_end_object (&j);
  cli_json_finish (&j);
}

static void
print_text (const train_report *r)
{
  const cw_dataset *ds = r->ds;
  printf ("Data:     %s: %d samples, %d x %d; target ", r->args->data, cw_dataset_n_samples (ds),
          cw_dataset_n_channels (ds), cw_dataset_length (ds));
  for (int i = 0; i < r->n_cols; i++)
    printf ("%s%s", i ? ", " : "", cw_dataset_target_name (ds, r->cols[i]));
  printf (" (%s)\n", cw_task_name (cw_model_task (r->model)));
  printf ("Split:    %d train, %d validation (%s)\n", r->train.n, r->val.n, r->split);
  char *arch = cw_spec_to_string (cw_model_spec (r->model));
  printf ("Network:  %s\n          %zu parameters, %.3f MFLOP per sample\n", arch,
          cw_model_n_params (r->model), cw_model_flops (r->model) / 1e6);
  free (arch);
  printf ("Training: %s %g, batch %d, %s loss; %d epoch%s in %.1f s", cw_optimizer_name (r->cfg->optimizer.type),
          r->cfg->optimizer.lr, r->cfg->batch, cw_loss_name (r->cfg->loss), r->hist->epochs,
          r->hist->epochs == 1 ? "" : "s", r->hist->seconds);
  if (r->hist->best_epoch > 0 && r->val.n > 0)
    printf (", best epoch %d%s", r->hist->best_epoch,
            r->cfg->restore_best && r->hist->best_epoch != r->hist->epochs ? " (weights restored)" : "");
  if (r->hist->stopped_early)
    printf (", stopped early");
  if (r->status == CW_ERR_ABORTED)
    printf (", interrupted");
  printf ("\n");
  if (r->args->out)
    printf ("Saved:    %s\n", r->args->out);
  printf ("\n");
  cli_print_metrics (stdout, r->model, "train", r->train_m, "validation", r->val_m);
}

/* Names travel with the model so predict and eval can print and match them. */
static void
name_outputs (cw_model *model, const cw_dataset *ds, cw_task task, const int *cols, int n_cols)
{
  const char *names[CLI_MAX_TARGETS];
  for (int i = 0; i < n_cols; i++)
    names[i] = cw_dataset_target_name (ds, cols[i]);
  cw_model_set_target_names (model, n_cols, names);
  if (task == CW_TASK_MULTILABEL)
    cw_model_set_class_names (model, n_cols, names);
  else if (task == CW_TASK_BINARY || task == CW_TASK_MULTICLASS)
    {
      int k = cw_dataset_n_classes (ds, cols[0]);
      const char **classes = malloc ((size_t) k * sizeof *classes);
      for (int c = 0; c < k; c++)
        classes[c] = cw_dataset_class_name (ds, cols[0], c);
      cw_model_set_class_names (model, k, classes);
      free (classes);
    }
}

int
cli_train (int argc, char **argv)
{
  train_args a;
  int rc = parse_args (argc, argv, &a);
  if (rc >= 0)
    return rc;

  int status = CLI_EXIT_FAILURE;
  cw_dataset *ds = NULL;
  cw_model *model = NULL;
  float *y = NULL;
  unsigned char *is_val = NULL;
  char split[256];
  cw_xy train = { 0 }, val = { 0 };
  cw_history hist = { 0 };
  cw_metrics train_m = { 0 }, val_m = { 0 };
  cw_error err;
  cw_error_clear (&err);

  if (!(ds = cli_load_data (a.data, a.target)))
    goto out;
  int cols[CLI_MAX_TARGETS], n_cols = 0;
  cw_task task = a.task;
  if (!cli_resolve_targets (ds, a.target, a.task_given, &task, cols, &n_cols))
    goto out;
  int k = 0;
  if (cw_dataset_encode_targets (ds, task, cols, n_cols, &y, &k, &err) != CW_OK)
    {
      cli_error ("%s", err.message);
      goto out;
    }

  int n = cw_dataset_n_samples (ds), C = cw_dataset_n_channels (ds), L = cw_dataset_length (ds);
  if (!(model = cli_cnn_model (&a.cnn, C, L, task, k)))
    goto out;
  name_outputs (model, ds, task, cols, n_cols);

  is_val = calloc ((size_t) n, 1);
  if (a.val_meta)
    {
      char *column = strdup (a.val_meta);
      char *values = strchr (column, '=');
      *values++ = '\0';
      cw_status st = cw_split_by_meta (ds, column, values, is_val, &err);
      free (column);
      if (st != CW_OK)
        {
          cli_error ("--val-meta: %s", err.message);
          goto out;
        }
      snprintf (split, sizeof split, "%s", a.val_meta);
    }
  else
    {
      double fraction = isnan (a.val) ? 0.2 : a.val;
      cw_split_random (n, fraction, a.cnn.seed, is_val);
      snprintf (split, sizeof split, "random %g", fraction);
    }
  train = cw_xy_select (cw_dataset_signals (ds), y, n, C * L, k, is_val, false);
  val = cw_xy_select (cw_dataset_signals (ds), y, n, C * L, k, is_val, true);
  if (train.n == 0)
    {
      cli_error ("No training rows are left after the validation split (%s).", split);
      goto out;
    }

  cw_train_config cfg = cli_cnn_config (&a.cnn, task);
  progress_state ps = { .tty = isatty (STDERR_FILENO), .quiet = a.quiet, .val_loss = NAN, .val_metric = NAN,
                        .train_metric = NAN, .task = task };
  cw_status st = cli_train_interruptible (model, &cfg, train, val, on_progress, &ps, &hist, &err);
  if (ps.line_open)
    fputc ('\n', stderr);
  if (st != CW_OK && st != CW_ERR_ABORTED)
    {
      cli_error ("training failed: %s", err.message[0] ? err.message : cw_status_name (st));
      goto out;
    }
  if (st == CW_ERR_ABORTED && !a.quiet)
    fprintf (stderr, "Interrupted after %d epoch%s; reporting the model as it is.\n", hist.epochs,
             hist.epochs == 1 ? "" : "s");

  compute_metrics (model, train, k, &train_m);
  compute_metrics (model, val, k, &val_m);
  if (a.out && cw_model_save (model, a.out, &err) != CW_OK)
    {
      cli_error ("%s", err.message);
      goto out;
    }
  train_report r = { .args = &a, .ds = ds, .cols = cols, .n_cols = n_cols, .model = model, .cfg = &cfg,
                     .split = split, .train = train, .val = val, .hist = &hist, .status = st,
                     .train_m = &train_m, .val_m = &val_m };
  if (a.json)
    print_json (&r);
  else
    print_text (&r);
  status = st == CW_ERR_ABORTED ? CLI_EXIT_INTERRUPTED : CLI_EXIT_OK;

out:
  cw_metrics_clear (&train_m);
  cw_metrics_clear (&val_m);
  cw_history_clear (&hist);
  cw_xy_free (&train);
  cw_xy_free (&val);
  free (is_val);
  free (y);
  cw_model_free (model);
  cw_dataset_free (ds);
  return status;
}
