/* cw.h — Conv1D Workbench engine: everything a program needs to define, train and run 1D CNNs.
 * Plain C11, no GLib. Link with libcw (static or shared). */
#ifndef CW_H
#define CW_H

#include "cw-base.h"
#include "cw-spec.h"
#include "cw-model.h"
#include "cw-loss.h"
#include "cw-optim.h"
#include "cw-data.h"
#include "cw-train.h"
#include "cw-preprocess.h"
#include "cw-pls.h"
#include "cw-validation.h"
#include "cw-drift.h"
#include "cw-saliency.h"
#include "cw-generate.h"
#include "cw-conv-lab.h"
#include "cw-roles.h"
#include "cw-recipe.h"
#include "cw-compare.h"
#include "cw-series.h"
#include "cw-onnx.h"

#endif
