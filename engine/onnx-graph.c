/* onnx-graph.c — ONNX graphs as protobuf bytes: nodes, attributes, constant tensors, the ModelProto
 * around them, and the file (see cw-onnx-private.h for the field numbers). */
#include "cw-onnx-private.h"
#include "cw-protobuf-private.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* AttributeProto.AttributeType values */
enum { ATTR_FLOAT = 1, ATTR_INT = 2, ATTR_INTS = 7 };

cw_onnx_name
cw_onnx_fresh (cw_onnx_graph *g, const char *hint)
{
  cw_onnx_name n;
  snprintf (n.text, sizeof n.text, "%s%s_%d", g->prefix ? g->prefix : "", hint, g->next_id++);
  return n;
}

cw_onnx_name
cw_onnx_named (const char *text)
{
  cw_onnx_name n;
  assert (strlen (text) < sizeof n.text);
  snprintf (n.text, sizeof n.text, "%s", text);
  return n;
}

/* ---- attributes ---- */

void
cw_onnx_attr_int (cw_bytes_out *attrs, const char *name, int64_t v)
{
  size_t at = cw_pb_begin (attrs);
  cw_pb_string (attrs, 1, name);
  cw_pb_int (attrs, 3, v);
  cw_pb_int (attrs, 20, ATTR_INT);
  cw_pb_end (attrs, 5, at);
}

void
cw_onnx_attr_ints (cw_bytes_out *attrs, const char *name, const int64_t *v, int n)
{
  size_t at = cw_pb_begin (attrs);
  cw_pb_string (attrs, 1, name);
  for (int i = 0; i < n; i++)
    cw_pb_int (attrs, 8, v[i]);
  cw_pb_int (attrs, 20, ATTR_INTS);
  cw_pb_end (attrs, 5, at);
}

void
cw_onnx_attr_float (cw_bytes_out *attrs, const char *name, float v)
{
  size_t at = cw_pb_begin (attrs);
  cw_pb_string (attrs, 1, name);
  cw_pb_float (attrs, 2, v);
  cw_pb_int (attrs, 20, ATTR_FLOAT);
  cw_pb_end (attrs, 5, at);
}

/* ---- nodes ---- */

void
cw_onnx_node_to (cw_onnx_graph *g, const char *op, int n_in, const cw_onnx_name *in, const cw_bytes_out *attrs,
                 const char *out)
{
  cw_bytes_out *b = &g->nodes;
  size_t at = cw_pb_begin (b);
  for (int i = 0; i < n_in; i++)
    cw_pb_string (b, 1, in[i].text);
  cw_pb_string (b, 2, out);
  char node_name[80];
  snprintf (node_name, sizeof node_name, "%s_node", out);
  cw_pb_string (b, 3, node_name);
  cw_pb_string (b, 4, op);
  if (attrs)
    {
      if (attrs->failed)
        b->failed = true;
      else
        cw_put_bytes (b, attrs->data, attrs->len); /* already keyed as field 5 */
    }
  cw_pb_end (b, 1, at);
}

cw_onnx_name
cw_onnx_node (cw_onnx_graph *g, const char *op, int n_in, const cw_onnx_name *in, const cw_bytes_out *attrs)
{
  cw_onnx_name out = cw_onnx_fresh (g, op);
  cw_onnx_node_to (g, op, n_in, in, attrs, out.text);
  return out;
}

cw_onnx_name
cw_onnx_op1 (cw_onnx_graph *g, const char *op, cw_onnx_name a)
{
  return cw_onnx_node (g, op, 1, &a, NULL);
}

cw_onnx_name
cw_onnx_op2 (cw_onnx_graph *g, const char *op, cw_onnx_name a, cw_onnx_name b)
{
  cw_onnx_name in[2] = { a, b };
  return cw_onnx_node (g, op, 2, in, NULL);
}

/* ---- constants ---- */

/* The product of the dims, SIZE_MAX when it overflows. */
static size_t
element_count (int rank, const int64_t *dims)
{
  size_t count = 1;
  for (int i = 0; i < rank; i++)
    {
      assert (dims[i] >= 0);
      if (dims[i] > 0 && count > SIZE_MAX / (size_t) dims[i])
        return SIZE_MAX;
      count *= (size_t) dims[i];
    }
  return count;
}

/* A TensorProto with raw little-endian data written by put (count elements of v). */
static cw_onnx_name
constant (cw_onnx_graph *g, const char *hint, int elem_type, size_t element_size, const void *v, int rank,
          const int64_t *dims)
{
  cw_onnx_name name = cw_onnx_fresh (g, hint);
  size_t count = element_count (rank, dims);
  if (count > (CW_ONNX_MAX_CONSTANT_BYTES - g->constant_bytes) / element_size)
    {
      if (!g->oversized[0])
        snprintf (g->oversized, sizeof g->oversized, "%s", name.text);
      return name;
    }
  g->constant_bytes += count * element_size;
  cw_bytes_out *b = &g->initializers;
  size_t at = cw_pb_begin (b);
  for (int i = 0; i < rank; i++)
    cw_pb_int (b, 1, dims[i]);
  cw_pb_int (b, 2, elem_type);
  cw_pb_string (b, 8, name.text);
  /* raw_data (field 9): the key, the byte count, then the values */
  cw_pb_varint (b, (9u << 3) | 2u);
  cw_pb_varint (b, count * element_size);
  if (elem_type == CW_ONNX_FLOAT)
    cw_put_floats (b, v, count);
  else if (elem_type == CW_ONNX_DOUBLE)
    cw_put_doubles (b, v, count);
  else
    for (size_t i = 0; i < count; i++)
      cw_put_u64 (b, (uint64_t) ((const int64_t *) v)[i]);
  cw_pb_end (b, 5, at);
  return name;
}

cw_onnx_name
cw_onnx_floats (cw_onnx_graph *g, const char *hint, const float *v, int rank, const int64_t *dims)
{
  return constant (g, hint, CW_ONNX_FLOAT, sizeof (float), v, rank, dims);
}

cw_onnx_name
cw_onnx_doubles (cw_onnx_graph *g, const char *hint, const double *v, int rank, const int64_t *dims)
{
  return constant (g, hint, CW_ONNX_DOUBLE, sizeof (double), v, rank, dims);
}

cw_onnx_name
cw_onnx_int64s (cw_onnx_graph *g, const char *hint, const int64_t *v, int rank, const int64_t *dims)
{
  return constant (g, hint, CW_ONNX_INT64, sizeof (int64_t), v, rank, dims);
}

cw_onnx_name
cw_onnx_scalar (cw_onnx_graph *g, const char *hint, int elem_type, double v)
{
  if (elem_type == CW_ONNX_FLOAT)
    {
      float f = (float) v;
      return cw_onnx_floats (g, hint, &f, 0, NULL);
    }
  assert (elem_type == CW_ONNX_DOUBLE);
  return cw_onnx_doubles (g, hint, &v, 0, NULL);
}

cw_onnx_name
cw_onnx_reshape (cw_onnx_graph *g, cw_onnx_name x, int rank, const int64_t *shape)
{
  int64_t dims[1] = { rank };
  cw_onnx_name in[2] = { x, cw_onnx_int64s (g, "shape", shape, 1, dims) };
  return cw_onnx_node (g, "Reshape", 2, in, NULL);
}

void
cw_onnx_graph_clear (cw_onnx_graph *g)
{
  free (g->nodes.data);
  free (g->initializers.data);
  memset (g, 0, sizeof *g);
}

/* ---- the model ---- */

/* ValueInfoProto {name, type: TypeProto {tensor_type {elem_type, shape {dim...}}}} as graph field `field`. */
static void
put_value_info (cw_bytes_out *b, uint32_t field, const cw_onnx_value *v)
{
  size_t info = cw_pb_begin (b);
  cw_pb_string (b, 1, v->name);
  size_t type = cw_pb_begin (b);
  size_t tensor = cw_pb_begin (b);
  cw_pb_int (b, 1, v->elem_type);
  size_t shape = cw_pb_begin (b);
  for (int i = 0; i < v->rank; i++)
    {
      size_t dim = cw_pb_begin (b);
      if (v->dims[i] < 0)
        cw_pb_string (b, 2, "N");
      else
        cw_pb_int (b, 1, v->dims[i]);
      cw_pb_end (b, 1, dim);
    }
  cw_pb_end (b, 2, shape);
  cw_pb_end (b, 1, tensor);
  cw_pb_end (b, 2, type);
  cw_pb_end (b, field, info);
}

static cw_status
write_atomically (const unsigned char *data, size_t len, const char *path, cw_error *err)
{
  size_t tmp_len = strlen (path) + 5;
  char *tmp = malloc (tmp_len);
  if (!tmp)
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to write '%s'.", path);
  snprintf (tmp, tmp_len, "%s.tmp", path);
  FILE *f = fopen (tmp, "wb");
  if (!f)
    {
      int e = errno;
      free (tmp);
      return cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot write the ONNX file '%s': %s.", path, strerror (e));
    }
  bool ok = fwrite (data, 1, len, f) == len;
  ok = fflush (f) == 0 && ok;
  int e = errno;
  if (fclose (f) != 0 && ok)
    {
      ok = false;
      e = errno;
    }
  if (ok && rename (tmp, path) != 0)
    {
      ok = false;
      e = errno;
    }
  if (!ok)
    remove (tmp);
  free (tmp);
  if (!ok)
    return cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot write the ONNX file '%s': %s.", path, strerror (e));
  return CW_OK;
}

cw_status
cw_onnx_write_model (cw_onnx_graph *g, const char *graph_name, const cw_onnx_value *input,
                     const cw_onnx_value *output, const cw_onnx_meta *meta, int n_meta, const char *doc,
                     const char *path, cw_error *err)
{
  if (g->oversized[0])
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The model's constants (from '%s' on) pass the 2 GiB one ONNX file (one protobuf "
                         "message) can hold.", g->oversized);
  if (g->nodes.failed || g->initializers.failed)
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to build the ONNX graph.");
  size_t graph_size = g->nodes.len + g->initializers.len;
  if (graph_size < g->nodes.len || graph_size > CW_PB_MAX_MESSAGE - (1u << 20))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The ONNX graph would take %.2f GB, but an ONNX file (one protobuf message) holds at "
                         "most 2 GiB.", (double) graph_size / 1e9);

  cw_bytes_out model = { 0 };
  cw_pb_int (&model, 1, CW_ONNX_IR_VERSION);
  cw_pb_string (&model, 2, "Conv1D Workbench");
  cw_pb_string (&model, 3, cw_version ());
  if (doc)
    cw_pb_string (&model, 6, doc);
  size_t graph = cw_pb_begin (&model);
  cw_put_bytes (&model, g->nodes.data, g->nodes.len);
  cw_pb_string (&model, 2, graph_name);
  cw_put_bytes (&model, g->initializers.data, g->initializers.len);
  put_value_info (&model, 11, input);
  put_value_info (&model, 12, output);
  cw_pb_end (&model, 7, graph);
  size_t opset = cw_pb_begin (&model);
  cw_pb_string (&model, 1, ""); /* the default domain, ai.onnx */
  cw_pb_int (&model, 2, CW_ONNX_OPSET);
  cw_pb_end (&model, 8, opset);
  for (int i = 0; i < n_meta; i++)
    {
      size_t entry = cw_pb_begin (&model);
      cw_pb_string (&model, 1, meta[i].key);
      cw_pb_string (&model, 2, meta[i].value);
      cw_pb_end (&model, 14, entry);
    }
  if (model.failed)
    {
      free (model.data);
      return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to build the ONNX model.");
    }
  cw_status st = write_atomically (model.data, model.len, path, err);
  free (model.data);
  return st;
}
