/* cw-onnx.h — a trained network or a PLS model, with its preprocessing, as an ONNX file.
 *
 * The files are ONNX ModelProto, IR version 8, operator set 13 of the default domain, written by our own
 * protobuf encoder (no library), so onnxruntime, onnx.checker and other ONNX tools read them.
 *
 * Network (cw_model_export_onnx):
 *   input  "signal"         float32 [N, C, L]: N raw rows of C channels x L points, exactly what
 *                           cw_model_predict_raw takes (C = 1 still has its axis: reshape x to [N, 1, L])
 *   output "prediction"     float32 [N, k]: regression values in the target's units (unscaled), or
 *          "probabilities"  float32 [N, k]: classification (binary: k = 1, P(second class); multiclass: a
 *                           softmax over k classes; multilabel: k independent sigmoids)
 *   The graph holds the model's whole path: its preprocessing pipeline (computed in double, as the engine
 *   does, then cast to float), the input standardisation, every layer at inference (dropout vanishes,
 *   RReLU uses its mean slope, batchnorm its running statistics), the output function and the target
 *   unscaling; an ensemble becomes every member's path and their Mean.
 * PLS (cw_pls_export_onnx):
 *   input  "signal"      float64 [N, C, L] raw rows; output "prediction" float64 [N, q]: the responses
 *                        (PLS-DA: the class scores) of the model with the chosen number of components,
 *                        b0 + pipeline(x) B. Double precision because PLS predicts in double and its
 *                        coefficients may be large with alternating signs.
 * metadata_props name the task, the architecture or PLS model, the preprocessing, the input layout, the
 * outputs' names ("target_names" or "class_labels", as a JSON array of strings) and the model's record.
 *
 * Failures: CW_ERR_INVALID_ARGUMENT naming the pipeline step when a step cannot be written (a linear
 * step so long that its matrix would not fit in the 2 GiB an ONNX file can hold), CW_ERR_NOMEM, CW_ERR_IO
 * with the reason. The file is written atomically. */
#ifndef CW_ONNX_H
#define CW_ONNX_H

#include "cw-model.h"
#include "cw-pls.h"
#include "cw-preprocess.h"

#ifdef __cplusplus
extern "C" {
#endif

cw_status cw_model_export_onnx (const cw_model *model, const char *path, cw_error *err);

/* The PLS model with `components` components (1 .. cw_pls_n_components) behind `pipeline`, the fitted
 * pipeline whose output (channels x out_length, flattened) the model was fitted on. names: n_names names
 * for the metadata (none when 0): the q responses, or with `classes` the PLS-DA class labels (two for a
 * single 0/1 score). */
cw_status cw_pls_export_onnx (const cw_pls *pls, int components, const cw_pipeline *pipeline, int n_names,
                              const char *const *names, bool classes, const char *path, cw_error *err);

#ifdef __cplusplus
}
#endif
#endif
