/* test-model-io.c — the model file: exact round trips (bitwise-equal predictions), the documented layout
 * and checksum, reading format 1, and refusal of truncated, corrupt, foreign and missing files (format 2
 * with members, pipeline and record included). Ensemble behaviour is in test-model-ensemble.c. */
#include "cw.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* Reference CRC-32 (IEEE, reflected, as zlib), one bit at a time: independent of the engine's table. */
static guint32
crc32_bitwise (const guint8 *data, gsize n)
{
  guint32 crc = 0xffffffffu;
  for (gsize i = 0; i < n; i++)
    {
      crc ^= data[i];
      for (int b = 0; b < 8; b++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
  return ~crc;
}

static guint32
read_le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static void
write_le32 (guint8 *p, guint32 v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (guint8) (v >> (8 * i));
}

static cw_model *
build (const char *text, int in_c, int in_l, cw_task task, int n_outputs, guint64 seed)
{
  cw_error err;
  cw_spec *spec = cw_spec_parse (text, &err);
  if (!spec)
    g_printerr ("%s\n", err.message);
  g_assert_nonnull (spec);
  cw_model *m = cw_model_new (spec, in_c, in_l, task, n_outputs, &err);
  if (!m)
    g_printerr ("%s\n", err.message);
  g_assert_nonnull (m);
  cw_spec_free (spec);
  cw_model_init_weights (m, seed);
  return m;
}

static float *
random_floats (GRand *rand, size_t n, double lo, double hi)
{
  float *v = g_new (float, n);
  for (size_t i = 0; i < n; i++)
    v[i] = (float) g_rand_double_range (rand, lo, hi);
  return v;
}

/* A classifier with conv, batchnorm (non-trivial running statistics), PReLU, dropout, dense, input
 * scaling and class names. */
static cw_model *
make_classifier (void)
{
  cw_model *m = build ("conv(6,k=5,pad=same) batchnorm(momentum=0.05) prelu(0.1) maxpool(2) "
                       "conv(4,k=3,d=2,bias=false) bn relu dropout(0.3) gavgpool dense(3) softmax",
                       2, 40, CW_TASK_MULTICLASS, 3, 42);
  GRand *rand = g_rand_new_with_seed (1);
  g_assert_cmpuint (cw_model_n_state (m), >, 0);
  float *state = cw_model_state (m);
  for (size_t i = 0; i < cw_model_n_state (m); i++)
    state[i] = (float) g_rand_double_range (rand, 0.5, 1.5);
  float *mean = random_floats (rand, 80, -1, 1), *scale = random_floats (rand, 80, 0.5, 2);
  cw_model_set_input_scaling (m, mean, scale);
  const char *names[] = { "low", "médium", "high" };
  cw_model_set_class_names (m, 3, names);
  g_free (mean);
  g_free (scale);
  g_rand_free (rand);
  return m;
}

/* Everything a model file holds is the same in b as in a, and predictions agree to the bit. */
static void
assert_same_model (cw_model *a, cw_model *b)
{
  char *sa = cw_spec_to_string (cw_model_spec (a)), *sb = cw_spec_to_string (cw_model_spec (b));
  g_assert_cmpstr (sa, ==, sb);
  free (sa);
  free (sb);
  g_assert_cmpint (cw_model_in_channels (a), ==, cw_model_in_channels (b));
  g_assert_cmpint (cw_model_in_length (a), ==, cw_model_in_length (b));
  g_assert_cmpint (cw_model_task (a), ==, cw_model_task (b));
  g_assert_cmpint (cw_model_n_outputs (a), ==, cw_model_n_outputs (b));
  g_assert_cmpuint (cw_model_n_params (a), ==, cw_model_n_params (b));
  g_assert_cmpmem (cw_model_params (a), cw_model_n_params (a) * sizeof (float), cw_model_params (b),
                   cw_model_n_params (b) * sizeof (float));
  g_assert_cmpuint (cw_model_n_state (a), ==, cw_model_n_state (b));
  if (cw_model_n_state (a))
    g_assert_cmpmem (cw_model_state (a), cw_model_n_state (a) * sizeof (float), cw_model_state (b),
                     cw_model_n_state (b) * sizeof (float));

  size_t in_size = (size_t) cw_model_in_channels (a) * cw_model_in_length (a);
  size_t k = (size_t) cw_model_n_outputs (a);
  const float *va[4] = { cw_model_input_mean (a), cw_model_input_scale (a), cw_model_target_mean (a),
                         cw_model_target_scale (a) };
  const float *vb[4] = { cw_model_input_mean (b), cw_model_input_scale (b), cw_model_target_mean (b),
                         cw_model_target_scale (b) };
  for (int i = 0; i < 4; i++)
    {
      size_t n = i < 2 ? in_size : k;
      g_assert_true ((va[i] == NULL) == (vb[i] == NULL));
      if (va[i])
        g_assert_cmpmem (va[i], n * sizeof (float), vb[i], n * sizeof (float));
    }

  g_assert_cmpint (cw_model_n_class_names (a), ==, cw_model_n_class_names (b));
  for (int i = 0; i < cw_model_n_class_names (a); i++)
    g_assert_cmpstr (cw_model_class_name (a, i), ==, cw_model_class_name (b, i));
  g_assert_cmpint (cw_model_n_target_names (a), ==, cw_model_n_target_names (b));
  for (int i = 0; i < cw_model_n_target_names (a); i++)
    g_assert_cmpstr (cw_model_target_name (a, i), ==, cw_model_target_name (b, i));

  GRand *rand = g_rand_new_with_seed (99);
  const int n = 17;
  float *x = random_floats (rand, (size_t) n * in_size, -2, 2);
  float *pa = g_new (float, (size_t) n * k), *pb = g_new (float, (size_t) n * k);
  g_assert_cmpint (cw_model_predict (a, x, n, pa, NULL), ==, CW_OK);
  g_assert_cmpint (cw_model_predict (b, x, n, pb, NULL), ==, CW_OK);
  g_assert_cmpmem (pa, (gsize) n * k * sizeof (float), pb, (gsize) n * k * sizeof (float));
  /* predictions depend on the weights: not all equal, so the comparison above means something */
  gboolean varied = FALSE;
  for (int i = 1; i < n * (int) k; i++)
    varied = varied || pa[i] != pa[0];
  g_assert_true (varied);
  g_free (x);
  g_free (pa);
  g_free (pb);
  g_rand_free (rand);
}

static cw_model *
save_and_load (cw_model *m, const char *name)
{
  char *path = tmp_path (name);
  cw_error err;
  cw_status st = cw_model_save (m, path, &err);
  if (st != CW_OK)
    g_printerr ("%s\n", err.message);
  g_assert_cmpint (st, ==, CW_OK);
  /* written atomically: nothing left beside it */
  char *tmp = g_strconcat (path, ".tmp", NULL);
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
  cw_model *back = cw_model_load (path, &err);
  if (!back)
    g_printerr ("%s\n", err.message);
  g_assert_nonnull (back);
  g_assert_cmpint (err.status, ==, CW_OK);
  g_free (tmp);
  g_free (path);
  return back;
}

static void
test_round_trip_classifier (void)
{
  cw_model *m = make_classifier ();
  cw_model *back = save_and_load (m, "classifier.cwm");
  assert_same_model (m, back);
  g_assert_cmpstr (cw_model_class_name (back, 1), ==, "médium");
  g_assert_cmpint (cw_model_n_target_names (back), ==, 0);
  g_assert_null (cw_model_target_mean (back));
  /* the reloaded model predicts the same with several threads too (the file holds no thread count) */
  cw_model_set_threads (back, 2);
  assert_same_model (m, back);
  cw_model_free (back);
  cw_model_free (m);
}

static void
test_round_trip_regression (void)
{
  cw_model *m = build ("conv(4,k=9) relu maxpool(2) conv(5,k=3,s=2,pad=causal) elu(0.7) flatten dense(8) "
                       "leakyrelu(0.2) dense(2)", 1, 64, CW_TASK_REGRESSION, 2, 7);
  GRand *rand = g_rand_new_with_seed (3);
  /* a mean without a scale: each vector has its own presence flag */
  float *mean = random_floats (rand, 64, -1, 1);
  cw_model_set_input_scaling (m, mean, NULL);
  float y_mean[2] = { 85.3f, -0.125f }, y_scale[2] = { 1.75f, 3e-4f };
  cw_model_set_target_scaling (m, y_mean, y_scale);
  const char *targets[] = { "octane", "" };
  cw_model_set_target_names (m, 2, targets);

  cw_model *back = save_and_load (m, "regression.cwm");
  assert_same_model (m, back);
  g_assert_nonnull (cw_model_input_mean (back));
  g_assert_null (cw_model_input_scale (back));
  g_assert_cmpstr (cw_model_target_name (back, 1), ==, "");

  /* saving again over the file gives the same bytes */
  char *path = tmp_path ("regression.cwm"), *path2 = tmp_path ("regression-2.cwm");
  g_assert_cmpint (cw_model_save (back, path2, NULL), ==, CW_OK);
  g_assert_cmpint (cw_model_save (back, path, NULL), ==, CW_OK);
  gchar *a, *b;
  gsize na, nb;
  g_assert_true (g_file_get_contents (path, &a, &na, NULL));
  g_assert_true (g_file_get_contents (path2, &b, &nb, NULL));
  g_assert_cmpmem (a, na, b, nb);
  g_free (a);
  g_free (b);
  g_free (path);
  g_free (path2);
  g_free (mean);
  g_rand_free (rand);
  cw_model_free (back);
  cw_model_free (m);
}

/* cw_model_copy is deep: the copy matches the original in everything (bitwise predictions, with a
 * batch already allocated on the original and threads carried over), and then owns its parameters,
 * state, scaling and names: scrambling or freeing the original leaves the copy's predictions as they were. */
static void
test_copy (void)
{
  cw_model *m = make_classifier ();
  cw_model_set_threads (m, 2);
  g_assert_cmpint (cw_model_set_batch (m, 5, NULL), ==, CW_OK);
  const char *targets[] = { "octane" };
  cw_model_set_target_names (m, 1, targets);
  cw_model *copy = cw_model_copy (m);
  g_assert_nonnull (copy);
  g_assert_cmpint (cw_model_get_batch (copy), ==, 0);
  g_assert_cmpint (cw_model_get_threads (copy), ==, 2);
  g_assert_true (cw_model_params (copy) != cw_model_params (m));
  assert_same_model (m, copy);

  size_t in_size = (size_t) cw_model_in_channels (m) * cw_model_in_length (m);
  GRand *rand = g_rand_new_with_seed (5);
  const int n = 9;
  float *x = random_floats (rand, (size_t) n * in_size, -2, 2);
  float before[9 * 3], after[9 * 3], changed[9 * 3];
  g_assert_cmpint (cw_model_predict (copy, x, n, before, NULL), ==, CW_OK);

  /* change the original's weights, running statistics, scaling and names */
  float *p = cw_model_params (m);
  for (size_t i = 0; i < cw_model_n_params (m); i++)
    p[i] = (float) g_rand_double_range (rand, -1, 1);
  float *state = cw_model_state (m);
  for (size_t i = 0; i < cw_model_n_state (m); i++)
    state[i] += 0.25f;
  float *mean = random_floats (rand, in_size, -1, 1);
  cw_model_set_input_scaling (m, mean, NULL);
  const char *other[] = { "a", "b", "c" };
  cw_model_set_class_names (m, 3, other);
  g_assert_cmpint (cw_model_predict (m, x, n, changed, NULL), ==, CW_OK);
  g_assert_true (memcmp (changed, before, sizeof before) != 0); /* the change matters */

  g_assert_cmpint (cw_model_predict (copy, x, n, after, NULL), ==, CW_OK);
  g_assert_cmpmem (before, sizeof before, after, sizeof after);
  g_assert_cmpstr (cw_model_class_name (copy, 1), ==, "médium");
  g_assert_cmpstr (cw_model_target_name (copy, 0), ==, "octane");
  g_assert_nonnull (cw_model_input_scale (copy));

  /* the copy outlives the original */
  cw_model_free (m);
  g_assert_cmpint (cw_model_predict (copy, x, n, after, NULL), ==, CW_OK);
  g_assert_cmpmem (before, sizeof before, after, sizeof after);
  g_free (mean);
  g_free (x);
  g_rand_free (rand);
  cw_model_free (copy);
}

/* The header and trailer are as documented: magic, version 2, the spec text, the format-2 tail (no
 * members, no pipeline, no record) and a CRC-32 of the rest. */
static void
test_layout (void)
{
  g_assert_cmpuint (crc32_bitwise ((const guint8 *) "123456789", 9), ==, 0xcbf43926u);

  cw_model *m = build ("flatten dense(2)", 1, 4, CW_TASK_REGRESSION, 2, 1);
  char *path = tmp_path ("small.cwm");
  g_assert_cmpint (cw_model_save (m, path, NULL), ==, CW_OK);
  gchar *data;
  gsize n;
  g_assert_true (g_file_get_contents (path, &data, &n, NULL));
  const guint8 *p = (const guint8 *) data;
  g_assert_cmpmem (p, 8, "CW1DMODL", 8);
  g_assert_cmpuint (read_le32 (p + 8), ==, 2);
  g_assert_cmpuint (read_le32 (p + 12), ==, strlen ("flatten dense(2)"));
  g_assert_cmpmem (p + 16, 16, "flatten dense(2)", 16);
  g_assert_cmpuint (read_le32 (p + 32), ==, 1); /* channels */
  g_assert_cmpuint (read_le32 (p + 36), ==, 4); /* length */
  g_assert_cmpuint (read_le32 (p + 40), ==, CW_TASK_REGRESSION);
  g_assert_cmpuint (read_le32 (p + 44), ==, 2); /* outputs */
  /* 4 absent vectors, no names, 10 parameters (from byte 68), no state, then 0 members, pipeline flag 0,
   * 0 record entries, checksum */
  g_assert_cmpuint (n, ==, 48 + 4 + 4 + 4 + 8 + 10 * 4 + 8 + 4 + 1 + 4 + 4);
  gsize tail = 68 + 10 * 4 + 8;
  g_assert_cmpuint (read_le32 (p + tail), ==, 0);
  g_assert_cmpuint (p[tail + 4], ==, 0);
  g_assert_cmpuint (read_le32 (p + tail + 5), ==, 0);
  const float *params = cw_model_params (m);
  for (int i = 0; i < 10; i++)
    {
      guint32 bits;
      memcpy (&bits, &params[i], 4);
      g_assert_cmpuint (read_le32 (p + 68 + 4 * i), ==, bits);
    }
  g_assert_cmpuint (read_le32 (p + n - 4), ==, crc32_bitwise (p, n - 4));
  g_free (data);
  g_free (path);
  cw_model_free (m);
}

/* A small real model file, its bytes and its size. */
static guint8 *
small_model_file (gsize *n)
{
  cw_model *m = build ("conv(2,k=3) bn relu flatten dense(2) sigmoid", 1, 6, CW_TASK_MULTILABEL, 2, 5);
  float mean[6] = { 0, 1, 2, 3, 4, 5 }, scale[6] = { 1, 1, 2, 2, 3, 3 };
  cw_model_set_input_scaling (m, mean, scale);
  const char *names[] = { "a", "bc" };
  cw_model_set_class_names (m, 2, names);
  cw_model_set_target_names (m, 2, names);
  char *path = tmp_path ("source.cwm");
  g_assert_cmpint (cw_model_save (m, path, NULL), ==, CW_OK);
  gchar *data;
  g_assert_true (g_file_get_contents (path, &data, n, NULL));
  g_free (path);
  cw_model_free (m);
  return (guint8 *) data;
}

static cw_model *
load_bytes (const guint8 *data, gsize n, const char *name, cw_error *err)
{
  char *path = tmp_path (name);
  /* no fsync: hundreds of these are written */
  g_assert_true (g_file_set_contents_full (path, (const gchar *) data, (gssize) n, G_FILE_SET_CONTENTS_NONE,
                                           0644, NULL));
  cw_model *m = cw_model_load (path, err);
  g_free (path);
  return m;
}

static void
test_truncated (void)
{
  gsize n;
  guint8 *data = small_model_file (&n);
  /* the complete file loads */
  cw_error err;
  cw_model *m = load_bytes (data, n, "whole.cwm", &err);
  g_assert_nonnull (m);
  cw_model_free (m);

  for (gsize len = 0; len < n; len++)
    {
      m = load_bytes (data, len, "prefix.cwm", &err);
      g_assert_null (m);
      g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
      g_assert_nonnull (strstr (err.message, "prefix.cwm"));
      if (len == 0)
        g_assert_nonnull (strstr (err.message, "not a Conv1D Workbench model file"));
      else
        {
          char *want = g_strdup_printf ("truncated at byte %" G_GSIZE_FORMAT, len);
          if (!strstr (err.message, want))
            g_printerr ("prefix %" G_GSIZE_FORMAT ": %s\n", len, err.message);
          g_assert_nonnull (strstr (err.message, want));
          g_free (want);
        }
    }
  g_free (data);
}

static void
test_corrupt (void)
{
  gsize n;
  guint8 *data = small_model_file (&n);
  cw_error err;

  /* a flipped bit in the last weight (followed by the state count, the state, the empty format-2 tail of
   * 9 bytes and the checksum) */
  cw_model *intact = load_bytes (data, n, "intact.cwm", &err);
  g_assert_nonnull (intact);
  gsize at = n - 4 - 9 - 4 * cw_model_n_state (intact) - 8 - 2;
  cw_model_free (intact);
  data[at] ^= 0x10;
  g_assert_null (load_bytes (data, n, "flipped.cwm", &err));
  g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
  g_assert_nonnull (strstr (err.message, "corrupt: checksum mismatch"));
  g_assert_nonnull (strstr (err.message, "flipped.cwm"));
  data[at] ^= 0x10;

  /* any byte changed anywhere is refused, never crashes */
  for (gsize i = 0; i < n; i++)
    for (int mask = 1; mask <= 0x80; mask <<= 7)
      {
        data[i] ^= (guint8) mask;
        cw_model *m = load_bytes (data, n, "any.cwm", &err);
        g_assert_null (m);
        g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
        data[i] ^= (guint8) mask;
      }

  /* bytes appended after the checksum */
  guint8 *longer = g_malloc (n + 1);
  memcpy (longer, data, n);
  longer[n] = 0;
  g_assert_null (load_bytes (longer, n + 1, "longer.cwm", &err));
  g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
  g_free (longer);

  /* a future format version */
  write_le32 (data + 8, 3);
  g_assert_null (load_bytes (data, n, "future.cwm", &err));
  g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
  g_assert_nonnull (strstr (err.message, "format 3"));
  g_free (data);
}

/* A well-formed file (good checksum) whose parameter count does not fit its architecture. */
static void
test_param_count_mismatch (void)
{
  cw_model *m = build ("flatten dense(2)", 1, 4, CW_TASK_REGRESSION, 2, 1);
  char *path = tmp_path ("mismatch.cwm");
  g_assert_cmpint (cw_model_save (m, path, NULL), ==, CW_OK);
  gchar *contents;
  gsize n;
  g_assert_true (g_file_get_contents (path, &contents, &n, NULL));
  guint8 *p = (guint8 *) contents;
  write_le32 (p + 36, 5); /* input length 4 -> 5: the architecture now needs 12 parameters */
  write_le32 (p + n - 4, crc32_bitwise (p, n - 4));
  cw_error err;
  g_assert_null (load_bytes (p, n, "mismatch.cwm", &err));
  g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
  g_assert_nonnull (strstr (err.message, "10 parameters"));
  g_assert_nonnull (strstr (err.message, "needs 12"));

  /* and a stored architecture that cannot feed the task's outputs */
  write_le32 (p + 36, 4);
  write_le32 (p + 44, 3);
  write_le32 (p + n - 4, crc32_bitwise (p, n - 4));
  g_assert_null (load_bytes (p, n, "mismatch.cwm", &err));
  g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
  g_assert_nonnull (strstr (err.message, "mismatch.cwm"));
  g_free (contents);
  g_free (path);
  cw_model_free (m);
}

static void
test_foreign (void)
{
  cw_error err;
  const char *csv = RESOURCES_DIR "/data/gasoline.csv";
  g_assert_true (g_file_test (csv, G_FILE_TEST_IS_REGULAR));
  g_assert_null (cw_model_load (csv, &err));
  g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
  g_assert_nonnull (strstr (err.message, "not a Conv1D Workbench model file"));
  g_assert_nonnull (strstr (err.message, "gasoline.csv"));

  const guint8 tiny[] = "CW1D";
  g_assert_null (load_bytes (tiny, 3, "tiny.cwm", &err));
  g_assert_nonnull (strstr (err.message, "truncated at byte 3"));
  g_assert_null (load_bytes ((const guint8 *) "hello", 5, "hello.cwm", &err));
  g_assert_nonnull (strstr (err.message, "not a Conv1D Workbench model file"));
}

static void
test_missing (void)
{
  cw_error err;
  char *path = tmp_path ("does-not-exist.cwm");
  g_assert_null (cw_model_load (path, &err));
  g_assert_cmpint (err.status, ==, CW_ERR_IO);
  g_assert_nonnull (strstr (err.message, "does-not-exist.cwm"));
  g_free (path);

  g_assert_null (cw_model_load (tmp_dir, &err));
  g_assert_cmpint (err.status, ==, CW_ERR_IO);

  /* saving into a directory that does not exist fails cleanly */
  cw_model *m = build ("flatten dense(1)", 1, 3, CW_TASK_REGRESSION, 1, 1);
  char *bad = g_build_filename (tmp_dir, "no-such-dir", "m.cwm", NULL);
  g_assert_cmpint (cw_model_save (m, bad, &err), ==, CW_ERR_IO);
  g_assert_cmpint (err.status, ==, CW_ERR_IO);
  g_assert_nonnull (strstr (err.message, "m.cwm"));
  g_free (bad);
  cw_model_free (m);
}

/* ---- format 1 files ---- */

/* The model of fixtures/model-format1.cwm: that file was written by the format-1 writer (commit 2d9f4a4,
 * before format 2) from exactly this function, whose weights, state and scaling follow simple formulas
 * so the test can rebuild the same model without the file. */
static cw_model *
format1_fixture_model (void)
{
  cw_model *m = build ("conv(3,k=5,pad=same) bn relu maxpool(2) flatten dense(4) tanh dense(2)", 2, 16,
                       CW_TASK_REGRESSION, 2, 1);
  float *p = cw_model_params (m);
  for (size_t i = 0; i < cw_model_n_params (m); i++)
    p[i] = (float) ((int) ((i * 37) % 23) - 11) / 16.0f;
  float *s = cw_model_state (m);
  for (size_t i = 0; i < cw_model_n_state (m); i++)
    s[i] = 0.5f + (float) (i % 4) / 4.0f;
  float mean[32], scale[32];
  for (int j = 0; j < 32; j++)
    {
      mean[j] = (float) (j % 5) / 4.0f - 0.5f;
      scale[j] = 1.0f + (float) (j % 3) / 2.0f;
    }
  cw_model_set_input_scaling (m, mean, scale);
  float y_mean[2] = { 85.25f, -1.5f }, y_scale[2] = { 2.5f, 0.125f };
  cw_model_set_target_scaling (m, y_mean, y_scale);
  const char *names[] = { "octane", "density" };
  cw_model_set_target_names (m, 2, names);
  return m;
}

/* A format-1 file still loads, holds what was saved, predicts to the bit like the model it came from,
 * and has no members, pipeline or record; saving it again writes format 2 that reads back the same. */
static void
test_format1_fixture (void)
{
  const char *path = FIXTURES_DIR "/model-format1.cwm";
  gchar *data;
  gsize n;
  g_assert_true (g_file_get_contents (path, &data, &n, NULL));
  g_assert_cmpuint (read_le32 ((const guint8 *) data + 8), ==, 1);
  g_free (data);

  cw_error err;
  cw_model *old = cw_model_load (path, &err);
  if (!old)
    g_printerr ("%s\n", err.message);
  g_assert_nonnull (old);
  cw_model *expected = format1_fixture_model ();
  assert_same_model (expected, old);
  g_assert_cmpint (cw_model_n_members (old), ==, 1);
  g_assert_null (cw_model_get_pipeline (old));
  g_assert_cmpint (cw_model_n_info (old), ==, 0);
  g_assert_cmpint (cw_model_raw_length (old), ==, 16);

  cw_model *again = save_and_load (old, "format1-resaved.cwm");
  assert_same_model (expected, again);
  cw_model_free (again);
  cw_model_free (old);
  cw_model_free (expected);
}

/* ---- format 2: members, pipeline, record ---- */

/* A regression model on 2 x 16 preprocessed values behind a pipeline of every kind of step fitted on
 * 2 x 24 raw signals, with two further members (own weights, state and scaling) and a record. */
static cw_model *
make_full_model (void)
{
  const int n = 8, c = 2, raw = 24;
  double axis[24];
  for (int t = 0; t < raw; t++)
    axis[t] = 1000 + 10 * t;
  float x[8 * 2 * 24];
  for (int i = 0; i < n; i++)
    for (int j = 0; j < c * raw; j++)
      x[i * c * raw + j] = (float) (sin (0.3 * j + i) + 0.05 * i * j + 0.01 * ((i * 7 + j * 3) % 5));
  cw_error err;
  cw_pipeline *pipe = cw_pipeline_parse ("snv sg(5,2,1) detrend(2) range(1040,1190) msc autoscale center", &err);
  g_assert_nonnull (pipe);
  g_assert_cmpint (cw_pipeline_fit_f (pipe, x, n, c, raw, axis, NULL, &err), ==, CW_OK);
  g_assert_cmpint (cw_pipeline_out_length (pipe), ==, 16);

  cw_model *m = build ("conv(3,k=3) bn relu flatten dense(2)", c, 16, CW_TASK_REGRESSION, 2, 11);
  GRand *rand = g_rand_new_with_seed (21);
  for (int k = 0; k < 3; k++)
    {
      cw_model *member = k == 0 ? m : build ("conv(3,k=3) bn relu flatten dense(2)", c, 16, CW_TASK_REGRESSION,
                                             2, 100 + k);
      float *state = cw_model_state (member);
      for (size_t i = 0; i < cw_model_n_state (member); i++)
        state[i] = (float) g_rand_double_range (rand, 0.5, 1.5);
      float *mean = random_floats (rand, 32, -1, 1), *scale = random_floats (rand, 32, 0.5, 2);
      cw_model_set_input_scaling (member, mean, k == 1 ? NULL : scale);
      float y_mean[2] = { 80.0f + k, -1.0f }, y_scale[2] = { 2.0f, 0.25f * (k + 1) };
      cw_model_set_target_scaling (member, y_mean, y_scale);
      g_free (mean);
      g_free (scale);
      if (k > 0)
        {
          g_assert_cmpint (cw_model_add_member (m, member, &err), ==, CW_OK);
          cw_model_free (member);
        }
    }
  cw_model_set_pipeline (m, pipe);
  cw_model_set_info (m, "recipe", "small-cnn");
  cw_model_set_info (m, "preprocess", "snv sg(5,2,1) detrend(2) range(1040,1190) msc autoscale center");
  cw_model_set_info (m, "cv_score", "RMSECV 0.41 ± 0.03");
  cw_model_set_info (m, "empty", "");
  cw_pipeline_free (pipe);
  g_rand_free (rand);
  return m;
}

/* Through memory and through a file, the same bytes, and the model comes back whole. */
static void
test_format2_bytes (void)
{
  cw_model *m = make_full_model ();
  size_t size = 0;
  cw_error err;
  unsigned char *bytes = cw_model_save_bytes (m, &size, &err);
  g_assert_nonnull (bytes);
  char *path = tmp_path ("full.cwm");
  g_assert_cmpint (cw_model_save (m, path, &err), ==, CW_OK);
  gchar *file;
  gsize n;
  g_assert_true (g_file_get_contents (path, &file, &n, NULL));
  g_assert_cmpmem (bytes, size, file, n);
  g_assert_cmpuint (read_le32 (bytes + size - 4), ==, crc32_bitwise (bytes, size - 4));

  cw_model *back = cw_model_load_bytes (bytes, size, NULL, &err);
  g_assert_nonnull (back);
  g_assert_cmpint (cw_model_n_members (back), ==, 3);
  g_assert_nonnull (cw_model_get_pipeline (back));
  g_assert_cmpint (cw_model_raw_length (back), ==, 24);
  g_assert_cmpint (cw_model_n_info (back), ==, 4);
  g_assert_cmpstr (cw_model_get_info (back, "cv_score"), ==, "RMSECV 0.41 ± 0.03");
  g_assert_cmpstr (cw_model_get_info (back, "empty"), ==, "");
  for (int k = 0; k < 3; k++)
    assert_same_model (cw_model_member (m, k), cw_model_member (back, k));
  cw_model_free (back);
  g_free (file);
  g_free (path);
  free (bytes);
  cw_model_free (m);
}

/* Every proper prefix of a format-2 file with members, pipeline and record is refused, naming where it
 * ends; so is every single flipped bit. */
static void
test_format2_truncated (void)
{
  cw_model *m = make_full_model ();
  size_t n = 0;
  unsigned char *data = cw_model_save_bytes (m, &n, NULL);
  g_assert_nonnull (data);
  cw_model_free (m);
  cw_error err;
  for (size_t len = 0; len < n; len++)
    {
      g_assert_null (cw_model_load_bytes (data, len, "prefix.cwm", &err));
      g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
      g_assert_nonnull (strstr (err.message, "prefix.cwm"));
      if (len == 0)
        continue;
      char *want = g_strdup_printf ("truncated at byte %zu", len);
      if (!strstr (err.message, want))
        g_printerr ("prefix %zu: %s\n", len, err.message);
      g_assert_nonnull (strstr (err.message, want));
      g_free (want);
    }
  for (size_t i = 0; i < n; i++)
    {
      data[i] ^= 0x04;
      g_assert_null (cw_model_load_bytes (data, n, "flipped.cwm", &err));
      g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
      data[i] ^= 0x04;
    }
  free (data);
}

/* Offset of the tail of a model without members, pipeline or record: the u32 member count. */
static size_t
tail_offset (size_t size)
{
  return size - 4 - 4 - 1 - 4; /* checksum, record count, pipeline flag, member count */
}

/* Counts no file can hold are refused from the count alone (before anything that size is allocated),
 * even when the checksum agrees: 2^31 members, a 10^12-byte pipeline, 2^31 record entries. */
static void
test_format2_huge_counts (void)
{
  cw_model *m = build ("flatten dense(1)", 1, 4, CW_TASK_REGRESSION, 1, 1);
  size_t n = 0;
  unsigned char *plain = cw_model_save_bytes (m, &n, NULL);
  g_assert_nonnull (plain);
  size_t tail = tail_offset (n);
  cw_error err;

  guint8 *data = g_memdup2 (plain, n);
  write_le32 (data + tail, 0x80000000u);
  write_le32 (data + n - 4, crc32_bitwise (data, n - 4));
  g_assert_null (cw_model_load_bytes (data, n, "members.cwm", &err));
  g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
  g_assert_nonnull (strstr (err.message, "members.cwm"));
  g_assert_nonnull (strstr (err.message, "2147483648 ensemble members"));
  g_free (data);

  /* the pipeline flag set and a length of 10^12 written in front of the record count */
  data = g_malloc (n + 8);
  memcpy (data, plain, tail + 4);
  data[tail + 4] = 1;
  guint64 big = 1000000000000ull;
  write_le32 (data + tail + 5, (guint32) big);
  write_le32 (data + tail + 9, (guint32) (big >> 32));
  write_le32 (data + tail + 13, 0);
  write_le32 (data + n + 4, crc32_bitwise (data, n + 4));
  g_assert_null (cw_model_load_bytes (data, n + 8, "pipeline.cwm", &err));
  g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
  g_assert_nonnull (strstr (err.message, "1000000000000-byte preprocessing pipeline"));
  g_free (data);

  data = g_memdup2 (plain, n);
  write_le32 (data + tail + 5, 0x80000000u);
  write_le32 (data + n - 4, crc32_bitwise (data, n - 4));
  g_assert_null (cw_model_load_bytes (data, n, "record.cwm", &err));
  g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
  g_assert_nonnull (strstr (err.message, "2147483648 record entries"));
  g_free (data);

  /* and a well-formed pipeline blob that is not a pipeline is named as such */
  data = g_malloc (n + 8 + 4);
  memcpy (data, plain, tail + 4);
  data[tail + 4] = 1;
  write_le32 (data + tail + 5, 4);
  write_le32 (data + tail + 9, 0);
  memcpy (data + tail + 13, "junk", 4);
  write_le32 (data + tail + 17, 0);
  write_le32 (data + n + 8, crc32_bitwise (data, n + 8));
  g_assert_null (cw_model_load_bytes (data, n + 12, "junk.cwm", &err));
  g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
  g_assert_nonnull (strstr (err.message, "junk.cwm"));
  g_assert_nonnull (strstr (err.message, "preprocessing pipeline"));
  g_free (data);
  free (plain);
  cw_model_free (m);
}

static void
remove_tmp_dir (void)
{
  GDir *dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)))
    {
      char *p = tmp_path (name);
      g_remove (p);
      g_free (p);
    }
  if (dir)
    g_dir_close (dir);
  g_rmdir (tmp_dir);
}

/* A device that never ends is refused from its first bytes, not read until memory runs out. */
static void
test_endless_file (void)
{
  /* Debian (the only platform built) always has /dev/zero: its absence is a failure, not a skip. */
  g_assert_true (g_file_test ("/dev/zero", G_FILE_TEST_EXISTS));
  cw_error err;
  g_assert_null (cw_model_load ("/dev/zero", &err));
  g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
  g_assert_nonnull (strstr (err.message, "is not a Conv1D Workbench model file"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("cw-model-io-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  g_test_add_func ("/model-io/round-trip/classifier", test_round_trip_classifier);
  g_test_add_func ("/model-io/round-trip/regression", test_round_trip_regression);
  g_test_add_func ("/model-io/copy", test_copy);
  g_test_add_func ("/model-io/endless-file", test_endless_file);
  g_test_add_func ("/model-io/layout", test_layout);
  g_test_add_func ("/model-io/refuse/truncated", test_truncated);
  g_test_add_func ("/model-io/refuse/corrupt", test_corrupt);
  g_test_add_func ("/model-io/refuse/param-count", test_param_count_mismatch);
  g_test_add_func ("/model-io/refuse/foreign", test_foreign);
  g_test_add_func ("/model-io/refuse/missing", test_missing);
  g_test_add_func ("/model-io/format1/fixture", test_format1_fixture);
  g_test_add_func ("/model-io/format2/bytes", test_format2_bytes);
  g_test_add_func ("/model-io/format2/truncated", test_format2_truncated);
  g_test_add_func ("/model-io/format2/huge-counts", test_format2_huge_counts);
  int status = g_test_run ();
  remove_tmp_dir ();
  g_free (tmp_dir);
  return status;
}
