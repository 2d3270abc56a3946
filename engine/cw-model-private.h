/* cw-model-private.h — the model struct, shared by model.c, model-ensemble.c, model-record.c,
 * model-io.c and the training loop. */
#ifndef CW_MODEL_PRIVATE_H
#define CW_MODEL_PRIVATE_H

#include "cw-layer-private.h"
#include "cw-model.h"

struct cw_model {
  /* architecture */
  cw_spec *spec;
  int in_c, in_l;
  cw_task task;
  int n_outputs;
  int n_layers;
  cw_layer *layers;
  cw_shape_info *info;
  int logits_layer;           /* last layer run by forward (a fused trailing softmax/sigmoid is skipped) */

  /* parameters, gradients, persistent state: one allocation each, layers hold views */
  size_t n_params, n_state;
  float *params, *grads, *state;

  /* buffers for `batch` samples, allocated by cw_model_set_batch */
  int batch;
  int threads;
  float *input;               /* copy of the last forward's x */
  float **outputs;            /* per layer, batch x out_c x out_l */
  float *dbuf[2];             /* gradient ping-pong, sized for the largest activation */
  float *predict_buf;         /* standardised inputs for cw_model_predict */
  int last_n;
  bool last_training;

  /* remembered preprocessing and names */
  float *x_mean, *x_scale;    /* in_c x in_l, NULL = identity */
  float *y_mean, *y_scale;    /* n_outputs, NULL = identity */
  int n_class_names, n_target_names;
  char **class_names, **target_names;

  cw_rng noise;

  /* further ensemble members (member 0 is this model): whole networks of the same spec and shapes, each
   * with its own weights, state and scaling; they have no names, members, pipeline or record */
  int n_extra;
  cw_model **extra;
  /* the fitted preprocessing in front of the input (its output is in_c x in_l), NULL when none */
  struct cw_pipeline *pipeline;
  /* how the model was made: n_info key/value pairs in insertion order */
  int n_info;
  char **info_keys, **info_values;
};

/* Builds layers/params for an existing spec copy; used by new and by load. */
cw_model *cw_model_build (cw_spec *spec_owned, int in_c, int in_l, cw_task task, int n_outputs,
                          cw_error *err);

/* A deep copy of the network alone: spec, shapes, parameters, gradients, state, scaling, noise and
 * threads; no names, members, pipeline or record. NULL only when memory runs out. */
cw_model *cw_model_copy_network (const cw_model *model);
/* One network's predictions in user units (what cw_model_predict does for a model without members). */
cw_status cw_model_predict_network (cw_model *model, const float *x, int n, float *out, cw_error *err);
/* The mean of all members' predictions (model-ensemble.c). */
cw_status cw_model_predict_ensemble (cw_model *model, const float *x, int n, float *out, cw_error *err);

/* Members, pipeline and record: copied from src into dst (which has none), and freed. */
void cw_model_copy_extras (cw_model *dst, const cw_model *src);
void cw_model_free_extras (cw_model *model);
void cw_model_copy_record (cw_model *dst, const cw_model *src);
void cw_model_free_record (cw_model *model);

#endif
