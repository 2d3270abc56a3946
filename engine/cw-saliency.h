/* cw-saliency.h — where a trained CNN looks: gradient × input and 1D Grad-CAM for one sample, on the
 * input axis so they can be drawn beside PLS coefficients and VIP.
 *
 * Both run the model in inference mode on one sample (allocating a batch of 1 when the model has no
 * buffers yet) and leave the parameter gradients zeroed. `output` picks one of the model's outputs:
 * for regression the gradient is that of the prediction in target units; for classification that of the
 * logit (before softmax / sigmoid). */
#ifndef CW_SALIENCY_H
#define CW_SALIENCY_H

#include "cw-base.h"
#include "cw-model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* x: one raw sample (C x L). gradient (optional) receives d out / d x in raw input units; saliency
 * (optional) receives gradient × input relative to the training mean: (x - mean) * d out / d x, which
 * is x_std * d out / d x_std for the model's standardised input (plain x * d out / d x without input
 * scaling). Both C x L. */
cw_status cw_saliency_gradient_input (cw_model *model, const float *x, int output, float *saliency,
                                      float *gradient, cw_error *err);

/* The default Grad-CAM layer: the last conv layer, or the activation layers that directly follow it
 * (the rectified maps Grad-CAM is defined on). -1 when the model has no conv layer. */
int cw_saliency_gradcam_layer (const cw_model *model);

/* 1D Grad-CAM at `layer` (A = its output, channels x length): alpha_c = mean_t d out / d A[c, t],
 * cam[t] = max (0, sum_c alpha_c A[c, t]). cam_layer (optional) gets cam at the layer's length;
 * cam_input (optional) gets it on the input axis: layer position j sits at the centre of its receptive
 * field (exact for conv and pooling strides, dilation and padding), input positions between centres are
 * interpolated linearly and those beyond the first / last centre take its value. CW_ERR_INVALID_ARGUMENT
 * when the layer is not a per-position map (at or after flatten, dense or global pooling). */
cw_status cw_saliency_gradcam (cw_model *model, const float *x, int output, int layer, float *cam_layer,
                               float *cam_input, cw_error *err);

#ifdef __cplusplus
}
#endif
#endif
