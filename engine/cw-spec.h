/* cw-spec.h — an architecture as data: a list of layer specs, its one-line text form, and shape inference.
 *
 * Text form (shared by the CLI and the GUI), tokens separated by spaces:
 *   conv(8,k=9) relu maxpool(2) conv(16,k=9,s=1,d=2,pad=same,bias=false) relu maxpool(3,s=2)
 *   gavgpool gmaxpool flatten dense(64) dropout(0.5) batchnorm leakyrelu(0.01) prelu(0.25)
 *   rrelu(0.125,0.333) elu(1) relu6 softplus swish sigmoid tanh linear softmax
 * conv padding: pad=valid (default) | same | causal | N (both sides) | L:R (explicit).
 * pool stride defaults to the window. Names are case-insensitive; `silu` = swish, `bn` = batchnorm,
 * `globalavgpool`/`gap` = gavgpool, `globalmaxpool`/`gmp` = gmaxpool, `fc` = dense, `conv1d` = conv,
 * `avgpool`, `maxpool`. */
#ifndef CW_SPEC_H
#define CW_SPEC_H

#include "cw-base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  CW_LAYER_CONV,
  CW_LAYER_MAXPOOL,
  CW_LAYER_AVGPOOL,
  CW_LAYER_GLOBAL_MAXPOOL,
  CW_LAYER_GLOBAL_AVGPOOL,
  CW_LAYER_FLATTEN,
  CW_LAYER_DENSE,
  CW_LAYER_DROPOUT,
  CW_LAYER_BATCHNORM,
  CW_LAYER_ACTIVATION,
  CW_LAYER_N_TYPES
} cw_layer_type;

typedef enum {
  CW_ACT_LINEAR,
  CW_ACT_RELU,
  CW_ACT_RELU6,
  CW_ACT_SOFTPLUS,
  CW_ACT_LEAKY_RELU, /* alpha = negative slope */
  CW_ACT_PRELU,      /* alpha = initial learned slope, one per channel */
  CW_ACT_RRELU,      /* slope ~ U(lower, upper) in training, (lower+upper)/2 at inference */
  CW_ACT_ELU,        /* alpha */
  CW_ACT_SWISH,      /* x * sigmoid(x), a.k.a. SiLU */
  CW_ACT_SIGMOID,
  CW_ACT_TANH,
  CW_ACT_SOFTMAX,    /* over channels at each position */
  CW_ACT_N
} cw_activation;

typedef enum {
  CW_PAD_VALID,
  CW_PAD_SAME,     /* output length = ceil(in / stride); extra zero on the right when odd */
  CW_PAD_CAUSAL,   /* all padding on the left: output t sees inputs <= t */
  CW_PAD_EXPLICIT, /* pad_left, pad_right zeros */
} cw_padding;

/* One layer's parameters. Fields a type does not use are ignored (and printed by nobody). */
typedef struct {
  cw_layer_type type;
  int units;          /* conv: filters; dense: units */
  int kernel;         /* conv: kernel size; pooling: window */
  int stride;         /* conv, pooling; 0 for pooling means = kernel */
  int dilation;       /* conv */
  cw_padding padding; /* conv */
  int pad_left, pad_right; /* conv, CW_PAD_EXPLICIT */
  bool bias;          /* conv, dense */
  float rate;         /* dropout: probability of zeroing */
  cw_activation activation; /* activation layers */
  float alpha;        /* leaky/prelu slope, elu alpha */
  float lower, upper; /* rrelu slope range */
  float momentum;     /* batchnorm running-average momentum (PyTorch convention, default 0.1) */
  float eps;          /* batchnorm epsilon (default 1e-5) */
} cw_layer_spec;

/* A layer spec with the defaults of its type (conv: 8 filters k=3 stride 1 valid bias; dense: 16 units;
 * pool: window 2; dropout 0.5; leaky 0.01; prelu 0.25; rrelu 1/8..1/3; elu 1; batchnorm 0.1/1e-5). */
cw_layer_spec cw_layer_spec_default (cw_layer_type type);
cw_layer_spec cw_activation_spec (cw_activation act);
const char *cw_activation_name (cw_activation act);   /* "relu", "leakyrelu", ... */
const char *cw_layer_type_name (cw_layer_type type);  /* "conv", "maxpool", ... */
/* One token of the text form for one layer, e.g. "conv(16,k=9,pad=same)"; defaults are omitted. Caller frees. */
char *cw_layer_spec_to_string (const cw_layer_spec *layer);

typedef struct cw_spec cw_spec;

cw_spec *cw_spec_new (void);
void cw_spec_free (cw_spec *spec);
cw_spec *cw_spec_copy (const cw_spec *spec);
/* NULL on error; err->column is the 1-based character offset of the offending token, err->length its
 * length, err->item its 0-based token index, and err->message says what is wrong with it. */
cw_spec *cw_spec_parse (const char *text, cw_error *err);
char *cw_spec_to_string (const cw_spec *spec); /* the canonical one-line form; caller frees */
int cw_spec_count (const cw_spec *spec);
const cw_layer_spec *cw_spec_get (const cw_spec *spec, int index);
void cw_spec_set (cw_spec *spec, int index, const cw_layer_spec *layer);
void cw_spec_append (cw_spec *spec, const cw_layer_spec *layer);
void cw_spec_insert (cw_spec *spec, int index, const cw_layer_spec *layer);
void cw_spec_remove (cw_spec *spec, int index);
void cw_spec_move (cw_spec *spec, int from, int to);
bool cw_spec_equal (const cw_spec *a, const cw_spec *b);

/* What one layer produces for one sample. */
typedef struct {
  int channels, length;
  size_t params;   /* trainable parameters of this layer */
  double flops;    /* forward FLOPs per sample, 2 x multiply-accumulates (conv and dense only) */
} cw_shape_info;

/* Walks the stack from an input of in_channels x in_length. Fills info[0..count-1] (info may be NULL).
 * On an impossible stack returns CW_ERR_SHAPE with err->item = index of the layer that breaks and a
 * message giving the reason ("conv(8,k=9): input length 5 is shorter than the kernel span 9"). */
cw_status cw_spec_infer (const cw_spec *spec, int in_channels, int in_length, cw_shape_info *info,
                         cw_error *err);

#ifdef __cplusplus
}
#endif
#endif
