/* conv-lab-recovery.c — learning a kernel back from input and target by gradient descent, on the
 * engine itself: a bias-free valid conv layer in a cw_model, cw_loss for the loss and its gradient,
 * cw_optimizer for the update. One epoch is one step on all sequences at once. */
#include "cw-conv-lab.h"

#include "cw-model.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- counting equations and unknowns ---- */

const char *
cw_determination_name (cw_determination d)
{
  switch (d)
    {
    case CW_UNDER_DETERMINED: return "under-determined";
    case CW_EXACTLY_DETERMINED: return "exactly determined";
    case CW_OVER_DETERMINED: return "over-determined";
    }
  return "?";
}

const char *
cw_determination_explanation (cw_determination d)
{
  switch (d)
    {
    case CW_UNDER_DETERMINED:
      return "Fewer equations than unknown weights: many kernels reproduce the target exactly, and "
             "gradient descent stops at whichever one its starting point leads to.";
    case CW_EXACTLY_DETERMINED:
      return "As many equations as unknown weights: when the input's equations are independent, exactly "
             "one kernel fits, and gradient descent heads for it.";
    case CW_OVER_DETERMINED:
      return "More equations than unknown weights: a kernel that made the target still fits all of them, "
             "but noise makes them disagree, and gradient descent settles on the best compromise "
             "(least squares for MSE, least absolute deviations for MAE).";
    }
  return "?";
}

cw_lab_system
cw_lab_count (int sequences, int channels, int length, int k, int filters)
{
  cw_lab_system s = { .rank = -1 };
  long out = length - k + 1 > 0 ? length - k + 1 : 0;
  s.equations = out * sequences * filters;
  s.unknowns = (long) filters * channels * k;
  s.determination = s.equations < s.unknowns ? CW_UNDER_DETERMINED
                    : s.equations == s.unknowns ? CW_EXACTLY_DETERMINED : CW_OVER_DETERMINED;
  return s;
}

/* Rank of one filter's system A w = y, A[(s, t), (c, j)] = x[s, c, t + j], by Gaussian elimination with
 * partial pivoting; a pivot below a tolerance relative to the largest entry counts as zero. -1 when the
 * system is too large to bother. */
static int
system_rank (const float *x, int sequences, int channels, int length, int k)
{
  int out = length - k + 1, rows = sequences * out, cols = channels * k;
  if ((double) rows * cols > 4e6)
    return -1;
  double *a = malloc ((size_t) rows * (size_t) cols * sizeof (double));
  if (!a)
    return -1;
  double biggest = 0;
  for (int s = 0; s < sequences; s++)
    for (int t = 0; t < out; t++)
      for (int c = 0; c < channels; c++)
        for (int j = 0; j < k; j++)
          {
            double v = x[((size_t) s * (size_t) channels + (size_t) c) * (size_t) length + (size_t) (t + j)];
            a[(size_t) (s * out + t) * (size_t) cols + (size_t) (c * k + j)] = v;
            biggest = fmax (biggest, fabs (v));
          }
  double tol = biggest * 1e-9 * (rows > cols ? rows : cols);
  int rank = 0;
  for (int col = 0; col < cols && rank < rows; col++)
    {
      int pivot = rank;
      for (int r = rank + 1; r < rows; r++)
        if (fabs (a[(size_t) r * cols + col]) > fabs (a[(size_t) pivot * cols + col]))
          pivot = r;
      if (!(fabs (a[(size_t) pivot * cols + col]) > tol))
        continue;
      if (pivot != rank)
        for (int c = 0; c < cols; c++)
          {
            double tmp = a[(size_t) pivot * cols + c];
            a[(size_t) pivot * cols + c] = a[(size_t) rank * cols + c];
            a[(size_t) rank * cols + c] = tmp;
          }
      for (int r = rank + 1; r < rows; r++)
        {
          double f = a[(size_t) r * cols + col] / a[(size_t) rank * cols + col];
          for (int c = col; c < cols; c++)
            a[(size_t) r * cols + c] -= f * a[(size_t) rank * cols + c];
        }
      rank++;
    }
  free (a);
  return rank;
}

cw_status
cw_recovery_make_target (const float *x, int sequences, int channels, int length, const float *kernels,
                         int filters, int k, double noise, uint64_t seed, float *y, cw_error *err)
{
  assert (x && kernels && y);
  cw_error_clear (err);
  if (sequences < 1 || channels < 1 || filters < 1 || k < 1)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "Sequences, channels, filters and kernel size must all be at least 1.");
  if (length < k)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The input (%d values) is shorter than the kernel (%d).", length, k);
  if (!(noise >= 0) || !isfinite (noise))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "The noise SD must be >= 0 (got %g).", noise);
  cw_rng rng;
  cw_rng_seed (&rng, seed);
  int out = length - k + 1;
  for (int s = 0; s < sequences; s++)
    for (int f = 0; f < filters; f++)
      for (int t = 0; t < out; t++)
        {
          /* y[s,f,t] = sum_c sum_j w[f,c,j] x[s,c,t+j] */
          double v = 0;
          for (int c = 0; c < channels; c++)
            for (int j = 0; j < k; j++)
              v += (double) kernels[((size_t) f * (size_t) channels + (size_t) c) * (size_t) k + (size_t) j]
                   * x[((size_t) s * (size_t) channels + (size_t) c) * (size_t) length + (size_t) (t + j)];
          if (noise > 0)
            v += noise * cw_rng_normal (&rng);
          y[((size_t) s * (size_t) filters + (size_t) f) * (size_t) out + (size_t) t] = (float) v;
        }
  return CW_OK;
}

/* ---- the run ---- */

struct cw_recovery {
  cw_recovery_config config;
  int sequences, channels, length, out_length, n_weights, n_out; /* n_out: filters x out_length */
  float *x, *y;
  cw_model *model;
  cw_optimizer *opt;
  float *dout;        /* sequences x n_out: d(loss)/d(output) */
  float *output;      /* the current kernel's output */
  float *initial;     /* the seeded initial kernel */
  float *previous;    /* the kernel before the last step, to step back from a non-finite loss */
  double loss;
  int epoch;
  int capacity;       /* points the trajectory arrays can hold */
  float *trajectory;  /* (epoch + 1) x n_weights */
  double *losses;     /* epoch + 1 */
  int rank;
};

cw_recovery_config
cw_recovery_config_default (void)
{
  cw_recovery_config c;
  memset (&c, 0, sizeof c);
  c.kernel = 2;
  c.filters = 1;
  c.optimizer = cw_optimizer_config_default (CW_OPT_ADAM);
  c.optimizer.lr = 0.05f;
  c.lr_decay = 1;
  c.loss = CW_LOSS_MAE;
  c.seed = 7;
  return c;
}

void
cw_recovery_free (cw_recovery *rec)
{
  if (!rec)
    return;
  cw_model_free (rec->model);
  cw_optimizer_free (rec->opt);
  free (rec->x);
  free (rec->y);
  free (rec->dout);
  free (rec->output);
  free (rec->initial);
  free (rec->previous);
  free (rec->trajectory);
  free (rec->losses);
  free (rec);
}

/* Forward in inference mode: the current kernel's output and loss. */
static void
evaluate (cw_recovery *rec)
{
  const float *out = cw_model_forward (rec->model, rec->x, rec->sequences, false);
  size_t n = (size_t) rec->sequences * (size_t) rec->n_out;
  memcpy (rec->output, out, n * sizeof (float));
  rec->loss = cw_loss_compute (rec->config.loss, out, rec->y, rec->sequences, rec->n_out, NULL);
}

/* Appends the current kernel and loss as trajectory point `epoch`. */
static bool
record (cw_recovery *rec)
{
  if (rec->epoch + 1 > rec->capacity)
    {
      int capacity = rec->capacity ? rec->capacity * 2 : 256;
      float *traj = realloc (rec->trajectory, (size_t) capacity * (size_t) rec->n_weights * sizeof (float));
      if (traj)
        rec->trajectory = traj;
      double *losses = realloc (rec->losses, (size_t) capacity * sizeof (double));
      if (losses)
        rec->losses = losses;
      if (!traj || !losses)
        return false;
      rec->capacity = capacity;
    }
  memcpy (rec->trajectory + (size_t) rec->epoch * (size_t) rec->n_weights, cw_model_params (rec->model),
          (size_t) rec->n_weights * sizeof (float));
  rec->losses[rec->epoch] = rec->loss;
  return true;
}

void
cw_recovery_reset (cw_recovery *rec, const float *kernel)
{
  memcpy (cw_model_params (rec->model), kernel ? kernel : rec->initial,
          (size_t) rec->n_weights * sizeof (float));
  cw_optimizer_reset (rec->opt);
  rec->epoch = 0;
  evaluate (rec);
  bool ok = record (rec);
  assert (ok && "the first trajectory point always fits after cw_recovery_new");
  (void) ok;
}

cw_recovery *
cw_recovery_new (const cw_recovery_config *cfg, const float *x, int sequences, int channels, int length,
                 const float *y, cw_error *err)
{
  assert (cfg && x && y);
  cw_error_clear (err);
  if (sequences < 1 || channels < 1 || cfg->filters < 1 || cfg->kernel < 1)
    {
      cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                    "Sequences, channels, filters and kernel size must all be at least 1.");
      return NULL;
    }
  if (length < cfg->kernel)
    {
      cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                    "The input (%d values) is shorter than the kernel (%d): there is no output to fit.",
                    length, cfg->kernel);
      return NULL;
    }
  if (cfg->loss != CW_LOSS_MAE && cfg->loss != CW_LOSS_MSE)
    {
      cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                    "Kernel recovery fits values: use the MAE or MSE loss (got %s).", cw_loss_name (cfg->loss));
      return NULL;
    }
  if (!(cfg->optimizer.lr > 0) || !isfinite (cfg->optimizer.lr))
    {
      cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "The learning rate must be > 0 (got %g).",
                    (double) cfg->optimizer.lr);
      return NULL;
    }
  if (!(cfg->lr_decay > 0 && cfg->lr_decay <= 1))
    {
      cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                    "The learning-rate decay is a factor per epoch in (0, 1] (got %g).", cfg->lr_decay);
      return NULL;
    }
  cw_recovery *rec = calloc (1, sizeof *rec);
  if (!rec)
    goto nomem;
  rec->config = *cfg;
  rec->sequences = sequences;
  rec->channels = channels;
  rec->length = length;
  rec->out_length = length - cfg->kernel + 1;
  rec->n_weights = cfg->filters * channels * cfg->kernel;
  rec->n_out = cfg->filters * rec->out_length;

  cw_spec *spec = cw_spec_new ();
  cw_layer_spec conv = cw_layer_spec_default (CW_LAYER_CONV);
  conv.units = cfg->filters;
  conv.kernel = cfg->kernel;
  conv.stride = 1;
  conv.dilation = 1;
  conv.padding = CW_PAD_VALID;
  conv.bias = false;
  cw_spec_append (spec, &conv);
  rec->model = cw_model_new (spec, channels, length, CW_TASK_REGRESSION, rec->n_out, err);
  cw_spec_free (spec);
  if (!rec->model)
    {
      cw_recovery_free (rec);
      return NULL;
    }
  assert (cw_model_n_params (rec->model) == (size_t) rec->n_weights);
  if (cw_model_set_batch (rec->model, sequences, err) != CW_OK)
    {
      cw_recovery_free (rec);
      return NULL;
    }
  cw_model_init_weights (rec->model, cfg->seed);
  rec->opt = cw_optimizer_new (&cfg->optimizer, (size_t) rec->n_weights);
  size_t nx = (size_t) sequences * (size_t) channels * (size_t) length;
  size_t ny = (size_t) sequences * (size_t) rec->n_out;
  rec->x = malloc (nx * sizeof (float));
  rec->y = malloc (ny * sizeof (float));
  rec->dout = malloc (ny * sizeof (float));
  rec->output = malloc (ny * sizeof (float));
  rec->initial = malloc ((size_t) rec->n_weights * sizeof (float));
  rec->previous = malloc ((size_t) rec->n_weights * sizeof (float));
  if (!rec->opt || !rec->x || !rec->y || !rec->dout || !rec->output || !rec->initial || !rec->previous)
    goto nomem;
  memcpy (rec->x, x, nx * sizeof (float));
  memcpy (rec->y, y, ny * sizeof (float));
  memcpy (rec->initial, cw_model_params (rec->model), (size_t) rec->n_weights * sizeof (float));
  rec->rank = system_rank (x, sequences, channels, length, cfg->kernel);
  evaluate (rec);
  if (!record (rec))
    goto nomem;
  return rec;

nomem:
  cw_recovery_free (rec);
  cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for the kernel recovery.");
  return NULL;
}

cw_status
cw_recovery_run (cw_recovery *rec, int epochs, cw_error *err)
{
  assert (rec && epochs >= 0);
  cw_error_clear (err);
  float *params = cw_model_params (rec->model);
  for (int e = 0; e < epochs; e++)
    {
      const float *out = cw_model_forward (rec->model, rec->x, rec->sequences, true);
      cw_loss_compute (rec->config.loss, out, rec->y, rec->sequences, rec->n_out, rec->dout);
      cw_model_zero_grads (rec->model);
      cw_model_backward (rec->model, rec->dout, NULL);
      memcpy (rec->previous, params, (size_t) rec->n_weights * sizeof (float));
      float lr = (float) (rec->config.optimizer.lr * pow (rec->config.lr_decay, rec->epoch));
      cw_optimizer_step (rec->opt, params, cw_model_grads (rec->model), lr);
      evaluate (rec);
      if (!isfinite (rec->loss))
        {
          memcpy (params, rec->previous, (size_t) rec->n_weights * sizeof (float));
          evaluate (rec);
          return cw_error_set (err, CW_ERR_NONFINITE, 0, 0,
                               "The loss diverged at epoch %d: the learning rate %g is too large for this "
                               "input (try a smaller one, or Adam).",
                               rec->epoch + 1, (double) rec->config.optimizer.lr);
        }
      rec->epoch++;
      if (!record (rec))
        {
          rec->epoch--;
          return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to record the trajectory.");
        }
    }
  return CW_OK;
}

int cw_recovery_epoch (const cw_recovery *rec) { return rec->epoch; }
int cw_recovery_n_weights (const cw_recovery *rec) { return rec->n_weights; }
int cw_recovery_out_length (const cw_recovery *rec) { return rec->out_length; }
const cw_recovery_config *cw_recovery_get_config (const cw_recovery *rec) { return &rec->config; }
double cw_recovery_loss (const cw_recovery *rec) { return rec->loss; }
const float *cw_recovery_output (const cw_recovery *rec) { return rec->output; }

const float *
cw_recovery_kernel (const cw_recovery *rec)
{
  return rec->trajectory + (size_t) rec->epoch * (size_t) rec->n_weights;
}

const float *
cw_recovery_trajectory (const cw_recovery *rec, int *n)
{
  if (n)
    *n = rec->epoch + 1;
  return rec->trajectory;
}

const double *
cw_recovery_losses (const cw_recovery *rec, int *n)
{
  if (n)
    *n = rec->epoch + 1;
  return rec->losses;
}

double
cw_recovery_loss_of (cw_recovery *rec, const float *kernel)
{
  float *params = cw_model_params (rec->model);
  memcpy (params, kernel, (size_t) rec->n_weights * sizeof (float));
  const float *out = cw_model_forward (rec->model, rec->x, rec->sequences, false);
  double loss = cw_loss_compute (rec->config.loss, out, rec->y, rec->sequences, rec->n_out, NULL);
  memcpy (params, cw_recovery_kernel (rec), (size_t) rec->n_weights * sizeof (float));
  evaluate (rec); /* the model's buffers hold the current kernel's forward again */
  return loss;
}

cw_lab_system
cw_recovery_system (const cw_recovery *rec)
{
  cw_lab_system s = cw_lab_count (rec->sequences, rec->channels, rec->length, rec->config.kernel,
                                  rec->config.filters);
  s.rank = rec->rank;
  s.unique = rec->rank == rec->channels * rec->config.kernel;
  return s;
}

/* ---- the classic examples (channel-major; the issue writes them time-major) ---- */

static const float single_x[] = { 0, 3, 4, 5 };
static const float single_y[] = { 6, 11, 14 };
static const float single_w[] = { 1, 2 };
/* time-major [[0,0],[3,6],[4,7],[5,8],[1,2],[4,5],[2,0],[0,1]] */
static const float two_channels_x[] = { 0, 3, 4, 5, 1, 4, 2, 0, /* channel 1 */ 0, 6, 7, 8, 2, 5, 0, 1 };
static const float two_channels_y[] = { 14, 20, 14, 15, 10, 4 };
/* time-major [[1,0],[0,1],[2,0]] */
static const float two_channels_w[] = { 1, 0, 2, /* channel 1 */ 0, 1, 0 };
/* time-major [[6,12],[11,25],[14,32]] */
static const float two_filters_y[] = { 6, 11, 14, /* filter 1 */ 12, 25, 32 };
static const float two_filters_w[] = { 1, 2, /* filter 1 */ 3, 4 };

static const cw_recovery_example examples[CW_RECOVERY_N_PRESETS] = {
  { "single", "[0,3,4,5] -> [6,11,14]: kernel [1,2]", 1, 1, 4, 2, 1, single_x, single_y, single_w, 2000 },
  { "two-channels", "two channels, 8 steps -> [14,20,14,15,10,4]: kernel [[1,0],[0,1],[2,0]]", 1, 2, 8, 3,
    1, two_channels_x, two_channels_y, two_channels_w, 2000 },
  { "two-filters", "[0,3,4,5] -> two outputs: kernels [1,2] and [3,4]", 1, 1, 4, 2, 2, single_x,
    two_filters_y, two_filters_w, 2000 },
};

const cw_recovery_example *
cw_recovery_preset_get (cw_recovery_preset preset)
{
  assert (preset >= 0 && preset < CW_RECOVERY_N_PRESETS);
  return &examples[preset];
}

bool
cw_recovery_preset_from_name (const char *name, cw_recovery_preset *preset)
{
  for (int p = 0; p < CW_RECOVERY_N_PRESETS; p++)
    if (strcmp (name, examples[p].name) == 0)
      {
        *preset = (cw_recovery_preset) p;
        return true;
      }
  return false;
}

cw_recovery_config
cw_recovery_preset_config (cw_recovery_preset preset)
{
  const cw_recovery_example *ex = cw_recovery_preset_get (preset);
  cw_recovery_config c = cw_recovery_config_default ();
  c.kernel = ex->kernel;
  c.filters = ex->filters;
  return c;
}

cw_recovery *
cw_recovery_new_preset (cw_recovery_preset preset, cw_error *err)
{
  const cw_recovery_example *ex = cw_recovery_preset_get (preset);
  cw_recovery_config c = cw_recovery_preset_config (preset);
  return cw_recovery_new (&c, ex->x, ex->sequences, ex->channels, ex->length, ex->y, err);
}
