/* cw-model.h — a network built from a spec: weights, buffers, forward, backward, prediction, files.
 *
 * Tensors are float32, laid out (batch, channels, length), contiguous. Buffers are allocated by
 * cw_model_set_batch() once per model and batch size; forward/backward never allocate.
 * A model trains on standardised inputs/targets: cw_model_predict() applies the remembered input
 * scaling, runs inference, undoes the target scaling and applies the task's output function. */
#ifndef CW_MODEL_H
#define CW_MODEL_H

#include "cw-base.h"
#include "cw-spec.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  CW_TASK_REGRESSION, /* one or several real targets, identity output */
  CW_TASK_BINARY,     /* one output, sigmoid -> P(class 1) */
  CW_TASK_MULTICLASS, /* k outputs, softmax */
  CW_TASK_MULTILABEL, /* k independent sigmoids */
} cw_task;

const char *cw_task_name (cw_task task); /* "regression", "binary", "multiclass", "multilabel" */

typedef struct cw_model cw_model;

/* Builds the stack for inputs of in_channels x in_length. The last layer must produce n_outputs values
 * (channels x length, used flat; normally k x 1 after dense). A trailing softmax/sigmoid activation is
 * allowed for classification and treated as the output function. NULL and
 * CW_ERR_SHAPE (err->item = offending layer) on an impossible stack. Weights start at zero: call
 * cw_model_init_weights(). Threads default to 1. */
cw_model *cw_model_new (const cw_spec *spec, int in_channels, int in_length, cw_task task,
                        int n_outputs, cw_error *err);
void cw_model_free (cw_model *model);
/* What cw_model_new would say about this stack for this input (shapes, output count, memory), without
 * allocating or initialising any weight: for checks that run on every edit. CW_OK when it would build. */
cw_status cw_model_check (const cw_spec *spec, int in_channels, int in_length, cw_task task, int n_outputs,
                          cw_error *err);
/* Refuses, before anything is allocated, a network whose weights, gradients and batch-norm state (4 bytes
 * each, 2 per parameter) do not fit in cw_memory_available(): CW_ERR_NOMEM with a message naming the
 * parameters, the bytes needed and the bytes available. cw_model_new checks this itself. */
cw_status cw_model_check_memory (size_t n_params, size_t n_state, cw_error *err);
/* A deep copy: spec, shapes, task, parameters, batch-norm state, scaling, names, threads, members,
 * pipeline and record.
 * Batch buffers are not copied (the copy has batch 0); its predictions equal the original's. */
cw_model *cw_model_copy (const cw_model *model);

/* Uniform initialisation from seed: He for conv/dense weights followed by a ReLU-family activation,
 * Glorot when followed by tanh/sigmoid/softmax/linear or nothing; biases zero, BN gamma 1, PReLU alpha. */
void cw_model_init_weights (cw_model *model, uint64_t seed);
/* Threads used inside layers. They change the speed only: training gives bitwise the same model on
 * any number of threads. */
void cw_model_set_threads (cw_model *model, int threads);
int cw_model_get_threads (const cw_model *model);
/* Allocates activation/gradient buffers for batches of up to `batch` samples (no-op when unchanged). */
cw_status cw_model_set_batch (cw_model *model, int batch, cw_error *err);
int cw_model_get_batch (const cw_model *model);
/* Seeds the generator used by dropout and RReLU in training mode. */
void cw_model_seed_noise (cw_model *model, uint64_t seed);

const cw_spec *cw_model_spec (const cw_model *model);
cw_task cw_model_task (const cw_model *model);
int cw_model_in_channels (const cw_model *model);
int cw_model_in_length (const cw_model *model);
int cw_model_n_outputs (const cw_model *model);
int cw_model_n_layers (const cw_model *model);
cw_shape_info cw_model_layer_info (const cw_model *model, int layer);
double cw_model_flops (const cw_model *model); /* forward FLOPs per sample */

/* All trainable parameters as one flat vector (layer after layer), and their gradients. */
size_t cw_model_n_params (const cw_model *model);
float *cw_model_params (cw_model *model);
float *cw_model_grads (cw_model *model);
/* One layer's slice of params/grads (NULL and *n = 0 when it has none). Conv weights are
 * (filters, in_channels, kernel) then bias (filters); dense weights (units, inputs) then bias. */
float *cw_model_layer_params (cw_model *model, int layer, size_t *n);
float *cw_model_layer_grads (cw_model *model, int layer, size_t *n);
/* Non-trainable persistent state (batchnorm running mean and variance). */
size_t cw_model_n_state (const cw_model *model);
float *cw_model_state (cw_model *model);

/* Raw network pass on already-standardised x (n <= batch, n x C x L). Returns the last layer's output
 * (n x n_outputs, logits for classification). `training` enables dropout, RReLU noise and batch
 * statistics. */
const float *cw_model_forward (cw_model *model, const float *x, int n, bool training);
/* Output of layer i from the last forward (n x channels x length), for visualisation. */
const float *cw_model_layer_output (const cw_model *model, int layer);
void cw_model_zero_grads (cw_model *model);
/* Back-propagates dL/d(output) (n x n_outputs, for the n of the last forward) and ADDS the parameter
 * gradients into cw_model_grads(). When dx is non-NULL it receives dL/dx (n x C x L). */
void cw_model_backward (cw_model *model, const float *dout, float *dx);
/* Index of the layer whose output is the network output used by the loss (a trailing softmax or
 * sigmoid is skipped so the loss can be fused with it). */
int cw_model_logits_layer (const cw_model *model);

/* Standardisation remembered in the model. mean/scale have in_channels x in_length entries for the
 * input and n_outputs entries for the target; NULL resets to identity. x_std = (x - mean) / scale. */
void cw_model_set_input_scaling (cw_model *model, const float *mean, const float *scale);
void cw_model_set_target_scaling (cw_model *model, const float *mean, const float *scale);
const float *cw_model_input_mean (const cw_model *model);  /* NULL when identity */
const float *cw_model_input_scale (const cw_model *model);
const float *cw_model_target_mean (const cw_model *model);
const float *cw_model_target_scale (const cw_model *model);
void cw_model_standardize_input (const cw_model *model, const float *x, int n, float *out);

/* Names kept with the model: class names (classification) and target names. */
void cw_model_set_class_names (cw_model *model, int n, const char *const *names);
int cw_model_n_class_names (const cw_model *model);
const char *cw_model_class_name (const cw_model *model, int index);
void cw_model_set_target_names (cw_model *model, int n, const char *const *names);
int cw_model_n_target_names (const cw_model *model);
const char *cw_model_target_name (const cw_model *model, int index);

/* Predictions in user units for raw x (n x C x L, any n): regression values, or probabilities
 * (softmax / sigmoid). out has n x n_outputs. Inference mode; batches internally. */
cw_status cw_model_predict (cw_model *model, const float *x, int n, float *out, cw_error *err);

/* ---- ensembles: members averaged ----
 * A model may carry further members: networks of the same spec, input shape, task and outputs, trained
 * with other seeds. cw_model_predict (and predict_raw) average the members' user-unit outputs (values, or
 * probabilities) in member order; everything else (forward, backward, layer outputs, saliency, the
 * parameter vector) is about member 0, the model itself. */
/* Appends a deep copy of `member` (its weights, state and scaling; names are the model's; only its own
 * network: members, pipeline and record it may carry are not taken). Fails with CW_ERR_SHAPE, saying
 * what differs, when spec, shape, task or outputs differ; the model is then unchanged. The model's
 * threads setting applies to its members. */
cw_status cw_model_add_member (cw_model *model, const cw_model *member, cw_error *err);
int cw_model_n_members (const cw_model *model); /* 1 + added members */
/* Member i (0 = the model itself); owned by the model. */
cw_model *cw_model_member (cw_model *model, int index);
/* Member i's own predictions (user units, as cw_model_predict), e.g. for the spread over seeds. */
cw_status cw_model_predict_member (cw_model *model, int index, const float *x, int n, float *out,
                                   cw_error *err);

/* ---- the preprocessing the model was trained behind ---- */
/* A copy of a fitted pipeline (NULL removes it). The model's input is then the pipeline's output:
 * cw_model_predict still takes preprocessed rows; cw_model_predict_raw takes raw ones. The pipeline
 * must be fitted and give in_channels x in_length values (asserted). */
struct cw_pipeline;
void cw_model_set_pipeline (cw_model *model, const struct cw_pipeline *pipeline);
const struct cw_pipeline *cw_model_get_pipeline (const cw_model *model); /* NULL when none */
/* Signal length the model takes before preprocessing: the pipeline's input length, else in_length. */
int cw_model_raw_length (const cw_model *model);
/* Predictions for raw rows (n x channels x cw_model_raw_length): the pipeline (when set), then
 * cw_model_predict. */
cw_status cw_model_predict_raw (cw_model *model, const float *x, int n, float *out, cw_error *err);

/* ---- how the model was made: a record of key/value texts, saved with it ----
 * Keys used by the fit driver and the CLI: "recipe", "preprocess", "split", "validation", "folds",
 * "seeds", "epochs", "kept_weights" (which epoch's weights were kept, and why), "cv_score", "data". */
/* key: a non-empty text (asserted). A new value for a present key keeps its place; NULL removes it. */
void cw_model_set_info (cw_model *model, const char *key, const char *value);
const char *cw_model_get_info (const cw_model *model, const char *key);       /* NULL when absent */
int cw_model_n_info (const cw_model *model);
const char *cw_model_info_key (const cw_model *model, int index);              /* in insertion order */

/* One file holding spec, shapes, task, scaling, names, weights and batchnorm state, the further
 * members (their scaling, weights and state), the pipeline and the record, with a checksum (format 2;
 * format-1 files, without members, pipeline or record, still load). Written atomically. Loading a
 * truncated, corrupt or foreign file fails with CW_ERR_FORMAT and says why and where; no size read from
 * a file is trusted before it is checked against the bytes there. */
cw_status cw_model_save (const cw_model *model, const char *path, cw_error *err);
cw_model *cw_model_load (const char *path, cw_error *err);
/* The same through memory (a project file embeds a model): save_bytes returns malloc'd bytes (NULL and
 * CW_ERR_NOMEM when memory runs out); load_bytes names `name` in its messages (NULL: "the model data"). */
unsigned char *cw_model_save_bytes (const cw_model *model, size_t *size, cw_error *err);
cw_model *cw_model_load_bytes (const unsigned char *data, size_t size, const char *name, cw_error *err);

#ifdef __cplusplus
}
#endif
#endif
