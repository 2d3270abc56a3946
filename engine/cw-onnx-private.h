/* cw-onnx-private.h — building an ONNX graph (nodes and constant tensors) and writing it as a ModelProto
 * (onnx-graph.c), shared by the network and PLS export (onnx-export.c) and the preprocessing steps
 * (onnx-pipeline.c).
 *
 * Field numbers are those of the public onnx.proto: ModelProto {ir_version 1, producer_name 2,
 * producer_version 3, doc_string 6, graph 7, opset_import 8, metadata_props 14}, GraphProto {node 1, name 2,
 * initializer 5, input 11, output 12}, NodeProto {input 1, output 2, name 3, op_type 4, attribute 5},
 * AttributeProto {name 1, f 2, i 3, ints 8, type 20}, TensorProto {dims 1, data_type 2, name 8, raw_data 9},
 * ValueInfoProto {name 1, type 2}, TypeProto {tensor_type 1}, TypeProto.Tensor {elem_type 1, shape 2},
 * TensorShapeProto {dim 1}, Dimension {dim_value 1, dim_param 2}, OperatorSetIdProto {domain 1, version 2},
 * StringStringEntryProto {key 1, value 2}. */
#ifndef CW_ONNX_PRIVATE_H
#define CW_ONNX_PRIVATE_H

#include "cw-base.h"
#include "cw-bytes-private.h"

#define CW_ONNX_IR_VERSION 8
#define CW_ONNX_OPSET 13
/* All constant tensors together may take at most this many bytes: the whole file is one protobuf message,
 * which cannot pass 2 GiB, and the nodes and names need some room too. */
#define CW_ONNX_MAX_CONSTANT_BYTES ((size_t) 0x7fffffff - ((size_t) 64 << 20))

/* TensorProto.DataType values */
enum { CW_ONNX_FLOAT = 1, CW_ONNX_INT64 = 7, CW_ONNX_DOUBLE = 11 };

/* A tensor's name in the graph. */
typedef struct {
  char text[64];
} cw_onnx_name;

typedef struct {
  cw_bytes_out nodes;        /* NodeProto messages, each already keyed as GraphProto field 1 */
  cw_bytes_out initializers; /* TensorProto messages, keyed as GraphProto field 5 */
  int next_id;               /* for fresh names */
  const char *prefix;        /* put before fresh names (one ensemble member's tensors), "" for none */
  size_t constant_bytes;     /* raw bytes of all constants so far */
  char oversized[64];        /* the first constant too large for an ONNX file ("" when none): left out,
                              * and cw_onnx_write_model refuses the graph naming it */
} cw_onnx_graph;

/* A name not used before: prefix, hint, a number. */
cw_onnx_name cw_onnx_fresh (cw_onnx_graph *g, const char *hint);
cw_onnx_name cw_onnx_named (const char *text);

/* Attributes go into a buffer of AttributeProto messages (keyed as NodeProto field 5). */
void cw_onnx_attr_int (cw_bytes_out *attrs, const char *name, int64_t v);
void cw_onnx_attr_ints (cw_bytes_out *attrs, const char *name, const int64_t *v, int n);
void cw_onnx_attr_float (cw_bytes_out *attrs, const char *name, float v);

/* A node of `op` reading n_in tensors (an empty name leaves an optional input out) and writing one new
 * tensor, whose name it returns; attrs may be NULL. */
cw_onnx_name cw_onnx_node (cw_onnx_graph *g, const char *op, int n_in, const cw_onnx_name *in,
                           const cw_bytes_out *attrs);
/* The same writing to the given output name (the graph's outputs). */
void cw_onnx_node_to (cw_onnx_graph *g, const char *op, int n_in, const cw_onnx_name *in,
                      const cw_bytes_out *attrs, const char *out);
cw_onnx_name cw_onnx_op1 (cw_onnx_graph *g, const char *op, cw_onnx_name a);
cw_onnx_name cw_onnx_op2 (cw_onnx_graph *g, const char *op, cw_onnx_name a, cw_onnx_name b);

/* Constant tensors (initializers) of `rank` dims; the values are copied (little-endian raw data). */
cw_onnx_name cw_onnx_floats (cw_onnx_graph *g, const char *hint, const float *v, int rank, const int64_t *dims);
cw_onnx_name cw_onnx_doubles (cw_onnx_graph *g, const char *hint, const double *v, int rank,
                              const int64_t *dims);
cw_onnx_name cw_onnx_int64s (cw_onnx_graph *g, const char *hint, const int64_t *v, int rank,
                             const int64_t *dims);
/* A scalar of the given element type (float or double). */
cw_onnx_name cw_onnx_scalar (cw_onnx_graph *g, const char *hint, int elem_type, double v);
/* Reshape x to `shape` (0 keeps that dim of x, -1 takes what is left). */
cw_onnx_name cw_onnx_reshape (cw_onnx_graph *g, cw_onnx_name x, int rank, const int64_t *shape);

void cw_onnx_graph_clear (cw_onnx_graph *g);

/* A graph input or output: name, element type, dims (-1 = the batch, named "N"). */
typedef struct {
  const char *name;
  int elem_type;
  int rank;
  int64_t dims[4];
} cw_onnx_value;

typedef struct {
  const char *key, *value;
} cw_onnx_meta;

/* Writes the ModelProto (IR version 8, default-domain opset 13) holding g to path, atomically (a
 * temporary file beside it renamed over it). CW_ERR_INVALID_ARGUMENT when the file would pass the 2 GiB a
 * protobuf message can hold, CW_ERR_NOMEM, CW_ERR_IO with the reason. */
cw_status cw_onnx_write_model (cw_onnx_graph *g, const char *graph_name, const cw_onnx_value *input,
                               const cw_onnx_value *output, const cw_onnx_meta *meta, int n_meta,
                               const char *doc, const char *path, cw_error *err);

/* The fitted pipeline's steps on x, a tensor of doubles [N, channels, in_length]; *out is [N, channels,
 * out_length] doubles (x itself for an empty pipeline). Fails naming the step when one cannot be written
 * (a linear step whose matrix would not fit in an ONNX file). onnx-pipeline.c. */
struct cw_pipeline;
cw_status cw_onnx_pipeline (cw_onnx_graph *g, const struct cw_pipeline *pipe, cw_onnx_name x, cw_onnx_name *out,
                            cw_error *err);

#endif
