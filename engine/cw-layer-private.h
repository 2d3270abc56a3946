/* cw-layer-private.h — the layer function family every layer type implements (kann-style).
 *
 * A layer sees tensors for n samples laid out (n, channels, length). Forward writes y from x; backward
 * gets x, y (its own output) and dy, ADDS parameter gradients into l->grads and, when dx is non-NULL,
 * WRITES dL/dx. Anything a layer must keep between forward and backward (pool argmax, dropout mask,
 * batchnorm statistics, im2col columns) lives in l->ws, sized by ops->workspace for the model's batch.
 * Work is split over samples (or channels) with the engine's pool (parallel.c, l->threads). Nothing a
 * layer computes may depend on the thread count: sums over samples run either whole on one thread or
 * per chunk of cw_grad_chunks (n) (a count fixed by the batch size), the chunks' partials added in chunk
 * order, so any thread count trains bitwise the same model. */
#ifndef CW_LAYER_PRIVATE_H
#define CW_LAYER_PRIVATE_H

#include "cw-spec.h"

typedef struct cw_layer cw_layer;

typedef struct {
  /* Output shape, parameter and state counts, forward FLOPs per sample; CW_ERR_SHAPE with the reason
   * in err->message when the input cannot feed this layer. */
  cw_status (*shape) (const cw_layer_spec *s, int in_c, int in_l, cw_shape_info *out, size_t *n_state,
                      cw_error *err);
  /* Initial parameters/state (params are zero on entry). NULL: nothing to initialise. */
  void (*init) (cw_layer *l, cw_rng *rng);
  /* Floats of workspace needed for batches of up to `batch` samples with `threads` threads. NULL: 0. */
  size_t (*workspace) (const cw_layer *l, int batch, int threads);
  void (*forward) (cw_layer *l, const float *x, float *y, int n, bool training);
  void (*backward) (cw_layer *l, const float *x, const float *y, const float *dy, float *dx, int n);
} cw_layer_ops;

struct cw_layer {
  const cw_layer_ops *ops;
  cw_layer_spec spec;
  int in_c, in_l, out_c, out_l;
  size_t n_params, n_state;
  float *params; /* view into the model's flat parameter vector */
  float *grads;  /* view into the model's flat gradient vector */
  float *state;  /* view into the model's state vector (batchnorm running mean, var) */
  float *ws;     /* this layer's workspace, ops->workspace floats */
  size_t ws_size;
  int threads;
  cw_rng *rng;   /* the model's noise generator (dropout, rrelu) */
  bool glorot_init; /* set by the model: the next activation is not of the ReLU family */
};

/* The ops table of each type; activation layers share one table keyed on spec.activation. */
extern const cw_layer_ops cw_conv_ops;
extern const cw_layer_ops cw_maxpool_ops;
extern const cw_layer_ops cw_avgpool_ops;
extern const cw_layer_ops cw_global_maxpool_ops;
extern const cw_layer_ops cw_global_avgpool_ops;
extern const cw_layer_ops cw_flatten_ops;
extern const cw_layer_ops cw_dense_ops;
extern const cw_layer_ops cw_dropout_ops;
extern const cw_layer_ops cw_batchnorm_ops;
extern const cw_layer_ops cw_activation_ops;

const cw_layer_ops *cw_layer_ops_for (cw_layer_type type);

/* The zeros a built conv layer puts on each side of its input (what its padding mode comes to for its
 * input length and stride). */
void cw_conv_layer_padding (const cw_layer *l, int *pad_left, int *pad_right);

/* Uniform initialisation U(-limit, limit) of n floats. */
void cw_init_uniform (float *w, size_t n, float limit, cw_rng *rng);
/* He-uniform sqrt(6 / fan_in), or Glorot-uniform sqrt(6 / (fan_in + fan_out)) when l->glorot_init. */
float cw_init_limit (const cw_layer *l, size_t fan_in, size_t fan_out);

/* Threads to use for a loop of n independent items. */
static inline int
cw_threads_for (int threads, int n)
{
  return threads < n ? threads : (n > 0 ? n : 1);
}

/* Chunks a batch's per-sample gradient sums are split into. At most 8: enough for the thread counts
 * the engine is run with, while each chunk's partial buffer (zeroed, then added up) stays a small cost
 * next to the samples' own work. */
#define CW_GRAD_CHUNKS 8

/* How many chunks a sum over n samples is split into: it depends on n alone, never on the threads, so
 * the partials — and their fixed-order sum — are the same whichever thread computes which chunk. */
static inline int
cw_grad_chunks (int n)
{
  return n < CW_GRAD_CHUNKS ? (n > 0 ? n : 1) : CW_GRAD_CHUNKS;
}

/* Chunk `chunk` of cw_grad_chunks (n) covers samples [begin, end): sizes differ by at most one and no
 * chunk is empty. */
static inline void
cw_grad_chunk_range (int n, int chunks, int chunk, int *begin, int *end)
{
  *begin = (int) ((long long) chunk * n / chunks);
  *end = (int) ((long long) (chunk + 1) * n / chunks);
}

#endif
