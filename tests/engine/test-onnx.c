/* test-onnx.c — the protobuf encoder against hand-encoded bytes (varints, negative integers, floats,
 * nested messages whose length takes two bytes), and the ONNX export's contract: a ModelProto that starts
 * with ir_version 8 and names its input and output, the reason when the file cannot be written, a
 * pipeline step too long for an ONNX file refused by name, a PLS model exported. Running the files is
 * tests/app/test-cli-onnx.sh's job (ONNX Runtime and onnx.checker). */
#include "cw-protobuf-private.h"
#include "cw.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static void
assert_bytes (const cw_bytes_out *b, const unsigned char *want, size_t n)
{
  g_assert_false (b->failed);
  g_assert_cmpmem (b->data, b->len, want, n);
}

static void
test_varints (void)
{
  struct {
    uint64_t v;
    unsigned char bytes[10];
    size_t n;
  } cases[] = {
    { 0, { 0x00 }, 1 },
    { 1, { 0x01 }, 1 },
    { 127, { 0x7f }, 1 },
    { 128, { 0x80, 0x01 }, 2 },
    { 300, { 0xac, 0x02 }, 2 },
    { UINT64_MAX, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 }, 10 },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      cw_bytes_out b = { 0 };
      cw_pb_varint (&b, cases[i].v);
      assert_bytes (&b, cases[i].bytes, cases[i].n);
      free (b.data);
    }
}

static void
test_fields (void)
{
  cw_bytes_out b = { 0 };
  cw_pb_int (&b, 1, 8);   /* key 1 << 3 | 0 */
  cw_pb_int (&b, 2, -1);  /* int64 -1: ten bytes of two's complement */
  cw_pb_float (&b, 2, 1.0f);
  cw_pb_string (&b, 8, "ab");
  static const unsigned char want[] = { 0x08, 0x08,
                                        0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
                                        0x15, 0x00, 0x00, 0x80, 0x3f,
                                        0x42, 0x02, 'a', 'b' };
  assert_bytes (&b, want, sizeof want);
  free (b.data);
}

static void
test_nested (void)
{
  /* message 7 { message 1 { field 1 "ab" } } */
  cw_bytes_out b = { 0 };
  cw_pb_int (&b, 1, 3);
  size_t outer = cw_pb_begin (&b);
  size_t inner = cw_pb_begin (&b);
  cw_pb_string (&b, 1, "ab");
  cw_pb_end (&b, 1, inner);
  cw_pb_end (&b, 7, outer);
  static const unsigned char want[] = { 0x08, 0x03, 0x3a, 0x06, 0x0a, 0x04, 0x0a, 0x02, 'a', 'b' };
  assert_bytes (&b, want, sizeof want);
  free (b.data);

  /* a 200-byte body: its length is the two-byte varint c8 01, and the body moves behind it intact */
  char body[201];
  memset (body, 'x', 200);
  body[200] = '\0';
  body[0] = 'A';
  body[199] = 'Z';
  cw_bytes_out c = { 0 };
  size_t at = cw_pb_begin (&c);
  cw_pb_string (&c, 2, body); /* 0x12, 0xc8 0x01, 200 bytes */
  cw_pb_end (&c, 5, at);      /* 0x2a, 203 = 0xcb 0x01 */
  g_assert_cmpuint (c.len, ==, 3 + 3 + 200);
  static const unsigned char head[] = { 0x2a, 0xcb, 0x01, 0x12, 0xc8, 0x01, 'A' };
  g_assert_cmpmem (c.data, sizeof head, head, sizeof head);
  g_assert_cmpint (c.data[c.len - 1], ==, 'Z');
  free (c.data);
}

static gboolean
holds (const char *data, gsize size, const char *text)
{
  gsize n = strlen (text);
  for (gsize i = 0; i + n <= size; i++)
    if (memcmp (data + i, text, n) == 0)
      return TRUE;
  return FALSE;
}

/* A fitted pipeline over n random-ish rows of `length` points. */
static cw_pipeline *
fitted_pipeline (const char *text, int n, int length)
{
  cw_error err;
  cw_pipeline *pipe = cw_pipeline_parse (text, &err);
  g_assert_nonnull (pipe);
  float *x = g_new (float, (gsize) n * length);
  for (int i = 0; i < n; i++)
    for (int t = 0; t < length; t++)
      x[(gsize) i * length + t] = (float) (1.0 + 0.01 * t + 0.1 * ((i * 7 + t * 3) % 11));
  g_assert_cmpint (cw_pipeline_fit_f (pipe, x, n, 1, length, NULL, NULL, &err), ==, CW_OK);
  g_free (x);
  return pipe;
}

static void
test_export_network (void)
{
  cw_error err;
  cw_spec *spec = cw_spec_parse ("conv(2,k=3) relu flatten dense(2) softmax", &err);
  cw_pipeline *pipe = fitted_pipeline ("snv sg(5,2,1)", 8, 32);
  cw_model *m = cw_model_new (spec, 1, 32, CW_TASK_MULTICLASS, 2, &err);
  g_assert_nonnull (m);
  cw_model_init_weights (m, 1);
  cw_model_set_pipeline (m, pipe);
  const char *classes[] = { "a", "b" };
  cw_model_set_class_names (m, 2, classes);

  g_autofree char *dir = g_dir_make_tmp ("cw-onnx-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "m.onnx", NULL);
  g_assert_cmpint (cw_model_export_onnx (m, path, &err), ==, CW_OK);
  g_autofree char *data = NULL;
  gsize size = 0;
  g_assert_true (g_file_get_contents (path, &data, &size, NULL));
  g_assert_cmpint (data[0], ==, 0x08); /* ModelProto.ir_version = 8 */
  g_assert_cmpint (data[1], ==, 8);
  g_assert_true (holds (data, size, "signal"));
  g_assert_true (holds (data, size, "probabilities"));
  g_assert_false (holds (data, size, "prediction"));
  g_assert_true (holds (data, size, "[\"a\",\"b\"]"));
  g_assert_true (holds (data, size, "snv sg(5,2,1)"));

  /* a file that cannot be written says where and why, and leaves nothing behind */
  g_autofree char *bad = g_build_filename (dir, "no-such-dir", "m.onnx", NULL);
  g_assert_cmpint (cw_model_export_onnx (m, bad, &err), ==, CW_ERR_IO);
  g_assert_nonnull (strstr (err.message, bad));
  g_assert_nonnull (strstr (err.message, "No such file"));

  g_remove (path);
  g_rmdir (dir);
  cw_model_free (m);
  cw_pipeline_free (pipe);
  cw_spec_free (spec);
}

/* sg over 16500 points is a 16500 x 16500 matrix of doubles, 2.2 GB: more than one ONNX file holds. */
static void
test_step_too_long (void)
{
  cw_error err;
  cw_spec *spec = cw_spec_parse ("conv(1,k=3) gavgpool dense(1)", &err);
  cw_pipeline *pipe = fitted_pipeline ("center sg(5,2,0)", 2, 16500);
  cw_model *m = cw_model_new (spec, 1, 16500, CW_TASK_REGRESSION, 1, &err);
  cw_model_set_pipeline (m, pipe);
  g_autofree char *dir = g_dir_make_tmp ("cw-onnx-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "long.onnx", NULL);
  g_assert_cmpint (cw_model_export_onnx (m, path, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "Step 2 (sg) cannot be exported to ONNX"));
  g_assert_nonnull (strstr (err.message, "2 GiB"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
  cw_model_free (m);
  cw_pipeline_free (pipe);
  cw_spec_free (spec);
}

static void
test_export_pls (void)
{
  enum { N = 12, L = 20 };
  cw_pipeline *pipe = fitted_pipeline ("msc range(3,15) center", N, L);
  int p = cw_pipeline_out_length (pipe);
  g_assert_cmpint (p, ==, 13);
  double x[N * L], xt[N * 13], y[N];
  for (int i = 0; i < N; i++)
    {
      for (int t = 0; t < L; t++)
        x[i * L + t] = 1.0 + 0.01 * t + 0.1 * ((i * 7 + t * 3) % 11);
      y[i] = i;
    }
  cw_pipeline_apply (pipe, x, N, xt);
  cw_error err;
  cw_pls *pls = cw_pls_fit (xt, y, N, p, 1, 3, CW_PLS_NIPALS, &err);
  g_assert_nonnull (pls);
  g_autofree char *dir = g_dir_make_tmp ("cw-onnx-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "pls.onnx", NULL);
  const char *names[] = { "y" };
  g_assert_cmpint (cw_pls_export_onnx (pls, 2, pipe, 1, names, false, path, &err), ==, CW_OK);
  g_autofree char *data = NULL;
  gsize size = 0;
  g_assert_true (g_file_get_contents (path, &data, &size, NULL));
  g_assert_cmpint (data[0], ==, 0x08);
  g_assert_true (holds (data, size, "pls_coefficients"));
  g_assert_true (holds (data, size, "2 components"));
  g_assert_true (holds (data, size, "[\"y\"]"));
  g_remove (path);
  g_rmdir (dir);
  cw_pls_free (pls);
  cw_pipeline_free (pipe);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/protobuf/varints", test_varints);
  g_test_add_func ("/protobuf/fields", test_fields);
  g_test_add_func ("/protobuf/nested", test_nested);
  g_test_add_func ("/onnx/network", test_export_network);
  g_test_add_func ("/onnx/step-too-long", test_step_too_long);
  g_test_add_func ("/onnx/pls", test_export_pls);
  return g_test_run ();
}
