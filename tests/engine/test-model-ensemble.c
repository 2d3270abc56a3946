/* test-model-ensemble.c — what a model carries besides its network: further members whose predictions
 * are averaged, the fitted pipeline in front of it, the record of how it was made; and that copies and
 * saved files keep all three to the bit. The file format's refusals are in test-model-io.c. */
#include "cw.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define ARCH "conv(4,k=5) batchnorm relu maxpool(2) conv(3,k=3) relu flatten dense(2)"
#define C 2
#define RAW 30 /* raw signal length */
#define L 20   /* after the pipeline's range selection */

static char *tmp_dir;

static cw_model *
build (const char *text, int in_c, int in_l, cw_task task, int k, guint64 seed)
{
  cw_error err;
  cw_spec *spec = cw_spec_parse (text, &err);
  g_assert_nonnull (spec);
  cw_model *m = cw_model_new (spec, in_c, in_l, task, k, &err);
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

/* A member as training would leave it: weights from `seed`, non-trivial batch-norm statistics, its own
 * input and target scaling. */
static cw_model *
trained_member (guint64 seed)
{
  cw_model *m = build (ARCH, C, L, CW_TASK_REGRESSION, 2, seed);
  GRand *rand = g_rand_new_with_seed ((guint32) seed);
  float *state = cw_model_state (m);
  for (size_t i = 0; i < cw_model_n_state (m); i++)
    state[i] = (float) g_rand_double_range (rand, 0.5, 1.5);
  float *mean = random_floats (rand, C * L, -0.5, 0.5), *scale = random_floats (rand, C * L, 0.5, 2);
  cw_model_set_input_scaling (m, mean, scale);
  float y_mean[2] = { 87.0f + (float) seed, -2.0f }, y_scale[2] = { 1.5f, 0.5f * (float) seed };
  cw_model_set_target_scaling (m, y_mean, y_scale);
  g_free (mean);
  g_free (scale);
  g_rand_free (rand);
  return m;
}

/* n raw rows of C x RAW: smooth curves with a per-row baseline and slope, like spectra. */
static float *
raw_rows (int n, guint32 seed)
{
  GRand *rand = g_rand_new_with_seed (seed);
  float *x = g_new (float, (size_t) n * C * RAW);
  for (int i = 0; i < n; i++)
    {
      double base = g_rand_double_range (rand, -0.2, 0.2), slope = g_rand_double_range (rand, 0.5, 1.5);
      for (int c = 0; c < C; c++)
        for (int t = 0; t < RAW; t++)
          x[((size_t) i * C + c) * RAW + t]
            = (float) (base + slope * exp (-0.5 * pow ((t - 12.0 - 3 * c) / 4.0, 2))
                       + 0.02 * g_rand_double_range (rand, -1, 1) + 0.01 * t);
    }
  g_rand_free (rand);
  return x;
}

/* "snv sg(5,2,1) range(5,24) center" fitted on 12 raw rows whose axis is 0 .. RAW - 1: C x L out. */
static cw_pipeline *
fitted_pipeline (void)
{
  cw_error err;
  cw_pipeline *p = cw_pipeline_parse ("snv sg(5,2,1) range(5,24) center", &err);
  g_assert_nonnull (p);
  float *x = raw_rows (12, 7);
  g_assert_cmpint (cw_pipeline_fit_f (p, x, 12, C, RAW, NULL, NULL, &err), ==, CW_OK);
  g_assert_cmpint (cw_pipeline_out_length (p), ==, L);
  g_free (x);
  return p;
}

/* Three members trained with different seeds, the pipeline, and a record. */
static cw_model *
full_ensemble (void)
{
  cw_model *m = trained_member (1);
  for (guint64 seed = 2; seed <= 3; seed++)
    {
      cw_model *other = trained_member (seed);
      g_assert_cmpint (cw_model_add_member (m, other, NULL), ==, CW_OK);
      cw_model_free (other);
    }
  cw_pipeline *p = fitted_pipeline ();
  cw_model_set_pipeline (m, p);
  cw_pipeline_free (p);
  cw_model_set_info (m, "recipe", "small-cnn");
  cw_model_set_info (m, "seeds", "1,2,3");
  cw_model_set_info (m, "kept_weights", "epoch 37 (lowest validation loss)");
  return m;
}

/* The mean of the members' own predictions, as the model documents it: summed in member order in double,
 * divided once. */
static float *
mean_of_members (cw_model *m, const float *x, int n)
{
  int k = cw_model_n_outputs (m), members = cw_model_n_members (m);
  double *sum = g_new0 (double, (size_t) n * k);
  float *one = g_new (float, (size_t) n * k), *mean = g_new (float, (size_t) n * k);
  for (int i = 0; i < members; i++)
    {
      g_assert_cmpint (cw_model_predict_member (m, i, x, n, one, NULL), ==, CW_OK);
      for (int j = 0; j < n * k; j++)
        sum[j] += one[j];
    }
  for (int j = 0; j < n * k; j++)
    mean[j] = (float) (sum[j] / members);
  g_free (sum);
  g_free (one);
  return mean;
}

static float *
predict (cw_model *m, const float *x, int n, bool raw)
{
  float *out = g_new (float, (size_t) n * cw_model_n_outputs (m));
  cw_error err;
  cw_status st = raw ? cw_model_predict_raw (m, x, n, out, &err) : cw_model_predict (m, x, n, out, &err);
  if (st != CW_OK)
    g_printerr ("%s\n", err.message);
  g_assert_cmpint (st, ==, CW_OK);
  return out;
}

/* The ensemble predicts exactly the mean of its members; each member predicts exactly what the model it
 * was copied from predicts; the members differ, so the mean is not one of them. */
static void
test_mean_of_members (void)
{
  cw_model *sources[3] = { trained_member (1), trained_member (2), trained_member (3) };
  cw_model *m = cw_model_copy (sources[0]);
  for (int i = 1; i < 3; i++)
    g_assert_cmpint (cw_model_add_member (m, sources[i], NULL), ==, CW_OK);
  g_assert_cmpint (cw_model_n_members (m), ==, 3);
  g_assert_true (cw_model_member (m, 0) == m);

  const int n = 70; /* more than one internal batch of 64 */
  GRand *rand = g_rand_new_with_seed (4);
  float *x = random_floats (rand, (size_t) n * C * L, -2, 2);
  float *got = predict (m, x, n, false);
  float *want = mean_of_members (m, x, n);
  g_assert_cmpmem (got, n * 2 * sizeof (float), want, n * 2 * sizeof (float));

  float *own[3];
  for (int i = 0; i < 3; i++)
    {
      own[i] = predict (sources[i], x, n, false);
      float *member = g_new (float, n * 2);
      g_assert_cmpint (cw_model_predict_member (m, i, x, n, member, NULL), ==, CW_OK);
      g_assert_cmpmem (member, n * 2 * sizeof (float), own[i], n * 2 * sizeof (float));
      g_free (member);
    }
  /* first output of row 0, by hand: (a + b + c) / 3 in double */
  g_assert_cmpfloat (got[0], ==, (float) (((double) own[0][0] + own[1][0] + own[2][0]) / 3));
  g_assert_true (own[0][0] != own[1][0] && own[1][0] != own[2][0]);
  g_assert_true (got[0] != own[0][0]);

  /* the threads setting reaches every member */
  cw_model_set_threads (m, 2);
  for (int i = 0; i < 3; i++)
    g_assert_cmpint (cw_model_get_threads (cw_model_member (m, i)), ==, 2);

  for (int i = 0; i < 3; i++)
    {
      g_free (own[i]);
      cw_model_free (sources[i]);
    }
  g_free (got);
  g_free (want);
  g_free (x);
  g_rand_free (rand);
  cw_model_free (m);
}

/* Averaged probabilities are probabilities: every row of a softmax ensemble sums to 1. */
static void
test_mean_of_probabilities (void)
{
  const char *arch = "conv(3,k=3) relu flatten dense(3) softmax";
  cw_model *m = build (arch, 1, 12, CW_TASK_MULTICLASS, 3, 5);
  for (guint64 seed = 6; seed <= 8; seed++)
    {
      cw_model *other = build (arch, 1, 12, CW_TASK_MULTICLASS, 3, seed);
      g_assert_cmpint (cw_model_add_member (m, other, NULL), ==, CW_OK);
      cw_model_free (other);
    }
  GRand *rand = g_rand_new_with_seed (9);
  float *x = random_floats (rand, 10 * 12, -3, 3);
  float *p = predict (m, x, 10, false);
  float *want = mean_of_members (m, x, 10);
  g_assert_cmpmem (p, 30 * sizeof (float), want, 30 * sizeof (float));
  for (int i = 0; i < 10; i++)
    g_assert_cmpfloat_with_epsilon (p[3 * i] + p[3 * i + 1] + p[3 * i + 2], 1.0, 1e-6);
  g_free (p);
  g_free (want);
  g_free (x);
  g_rand_free (rand);
  cw_model_free (m);
}

/* A member must be the same kind of network; a refusal says what differs and leaves the model as it was. */
static void
test_member_refused (void)
{
  cw_model *m = trained_member (1);
  cw_error err;
  cw_model *wider = build ("conv(5,k=5) batchnorm relu maxpool(2) conv(3,k=3) relu flatten dense(2)", C, L,
                           CW_TASK_REGRESSION, 2, 1);
  g_assert_cmpint (cw_model_add_member (m, wider, &err), ==, CW_ERR_SHAPE);
  g_assert_nonnull (strstr (err.message, "conv(5,k=5)"));
  g_assert_nonnull (strstr (err.message, "conv(4,k=5)"));
  cw_model *longer = build (ARCH, C, L + 2, CW_TASK_REGRESSION, 2, 1);
  g_assert_cmpint (cw_model_add_member (m, longer, &err), ==, CW_ERR_SHAPE);
  g_assert_nonnull (strstr (err.message, "2 x 20 input, not 2 x 22"));
  cw_model *classifier = build (ARCH, C, L, CW_TASK_MULTILABEL, 2, 1);
  g_assert_cmpint (cw_model_add_member (m, classifier, &err), ==, CW_ERR_SHAPE);
  g_assert_nonnull (strstr (err.message, "multilabel"));
  g_assert_cmpint (cw_model_n_members (m), ==, 1);
  cw_model_free (wider);
  cw_model_free (longer);
  cw_model_free (classifier);
  cw_model_free (m);
}

/* A member is a deep copy: changing or freeing the model it came from changes nothing. */
static void
test_member_is_copy (void)
{
  cw_model *m = trained_member (1), *source = trained_member (2);
  g_assert_cmpint (cw_model_add_member (m, source, NULL), ==, CW_OK);
  GRand *rand = g_rand_new_with_seed (10);
  float *x = random_floats (rand, 5 * C * L, -2, 2);
  float *before = predict (m, x, 5, false);
  float *p = cw_model_params (source);
  for (size_t i = 0; i < cw_model_n_params (source); i++)
    p[i] = -p[i];
  cw_model_state (source)[0] += 1;
  cw_model_set_input_scaling (source, NULL, NULL);
  float *after = predict (m, x, 5, false);
  g_assert_cmpmem (before, 10 * sizeof (float), after, 10 * sizeof (float));
  cw_model_free (source);
  g_free (after);
  after = predict (m, x, 5, false);
  g_assert_cmpmem (before, 10 * sizeof (float), after, 10 * sizeof (float));
  g_assert_true (cw_model_params (cw_model_member (m, 1)) != cw_model_params (m));
  g_free (before);
  g_free (after);
  g_free (x);
  g_rand_free (rand);
  cw_model_free (m);
}

/* Raw rows through the model's pipeline give what the pipeline and then cw_model_predict give; the model
 * holds its own copy of the pipeline; without one, predict_raw is predict. */
static void
test_pipeline (void)
{
  cw_model *m = full_ensemble ();
  g_assert_cmpint (cw_model_raw_length (m), ==, RAW);
  const cw_pipeline *held = cw_model_get_pipeline (m);
  g_assert_nonnull (held);
  char *text = cw_pipeline_to_string (held);
  g_assert_cmpstr (text, ==, "snv sg(5,2,1) range(5,24) center");
  free (text);

  const int n = 9;
  float *raw = raw_rows (n, 11);
  float *processed = g_new (float, (size_t) n * C * L);
  cw_pipeline *p = fitted_pipeline ();
  cw_pipeline_apply_f (p, raw, n, processed);
  float *via_raw = predict (m, raw, n, true);
  float *via_processed = predict (m, processed, n, false);
  g_assert_cmpmem (via_raw, n * 2 * sizeof (float), via_processed, n * 2 * sizeof (float));

  /* refitting the caller's pipeline on other rows does not reach the model's copy */
  float *other = raw_rows (12, 99);
  for (int i = 0; i < 12 * C * RAW; i++)
    other[i] *= 3;
  g_assert_cmpint (cw_pipeline_fit_f (p, other, 12, C, RAW, NULL, NULL, NULL), ==, CW_OK);
  float *again = predict (m, raw, n, true);
  g_assert_cmpmem (again, n * 2 * sizeof (float), via_raw, n * 2 * sizeof (float));

  /* removed: the model takes preprocessed rows only */
  cw_model_set_pipeline (m, NULL);
  g_assert_null (cw_model_get_pipeline (m));
  g_assert_cmpint (cw_model_raw_length (m), ==, L);
  float *plain = predict (m, processed, n, true);
  g_assert_cmpmem (plain, n * 2 * sizeof (float), via_processed, n * 2 * sizeof (float));

  g_free (plain);
  g_free (again);
  g_free (other);
  g_free (via_raw);
  g_free (via_processed);
  g_free (processed);
  g_free (raw);
  cw_pipeline_free (p);
  cw_model_free (m);
}

static void
test_record (void)
{
  cw_model *m = trained_member (1);
  g_assert_cmpint (cw_model_n_info (m), ==, 0);
  g_assert_null (cw_model_get_info (m, "recipe"));
  cw_model_set_info (m, "recipe", "small-cnn");
  cw_model_set_info (m, "split", "random 80/20, seed 3");
  cw_model_set_info (m, "epochs", "120");
  /* a new value keeps the key's place; removing closes the gap */
  cw_model_set_info (m, "recipe", "wide-cnn");
  cw_model_set_info (m, "split", NULL);
  cw_model_set_info (m, "absent", NULL);
  g_assert_cmpint (cw_model_n_info (m), ==, 2);
  g_assert_cmpstr (cw_model_info_key (m, 0), ==, "recipe");
  g_assert_cmpstr (cw_model_info_key (m, 1), ==, "epochs");
  g_assert_cmpstr (cw_model_get_info (m, "recipe"), ==, "wide-cnn");
  g_assert_null (cw_model_get_info (m, "split"));
  cw_model_free (m);
}

/* Everything the ensemble holds is the same in b as in a, and it predicts the same bits, raw or not. */
static void
assert_same_ensemble (cw_model *a, cw_model *b)
{
  g_assert_cmpint (cw_model_n_members (a), ==, cw_model_n_members (b));
  for (int i = 0; i < cw_model_n_members (a); i++)
    {
      cw_model *ma = cw_model_member (a, i), *mb = cw_model_member (b, i);
      g_assert_cmpmem (cw_model_params (ma), cw_model_n_params (ma) * sizeof (float), cw_model_params (mb),
                       cw_model_n_params (mb) * sizeof (float));
      g_assert_cmpmem (cw_model_state (ma), cw_model_n_state (ma) * sizeof (float), cw_model_state (mb),
                       cw_model_n_state (mb) * sizeof (float));
      g_assert_cmpmem (cw_model_input_mean (ma), C * L * sizeof (float), cw_model_input_mean (mb),
                       C * L * sizeof (float));
      g_assert_cmpmem (cw_model_target_scale (ma), 2 * sizeof (float), cw_model_target_scale (mb),
                       2 * sizeof (float));
    }
  g_assert_cmpint (cw_model_n_info (a), ==, cw_model_n_info (b));
  for (int i = 0; i < cw_model_n_info (a); i++)
    {
      const char *key = cw_model_info_key (a, i);
      g_assert_cmpstr (cw_model_info_key (b, i), ==, key);
      g_assert_cmpstr (cw_model_get_info (b, key), ==, cw_model_get_info (a, key));
    }
  g_assert_cmpint (cw_model_raw_length (a), ==, cw_model_raw_length (b));
  char *ta = cw_pipeline_to_string (cw_model_get_pipeline (a)), *tb = cw_pipeline_to_string (cw_model_get_pipeline (b));
  g_assert_cmpstr (ta, ==, tb);
  free (ta);
  free (tb);

  const int n = 13;
  float *raw = raw_rows (n, 12);
  float *ra = predict (a, raw, n, true), *rb = predict (b, raw, n, true);
  g_assert_cmpmem (ra, n * 2 * sizeof (float), rb, n * 2 * sizeof (float));
  GRand *rand = g_rand_new_with_seed (13);
  float *x = random_floats (rand, (size_t) n * C * L, -2, 2);
  float *pa = predict (a, x, n, false), *pb = predict (b, x, n, false);
  g_assert_cmpmem (pa, n * 2 * sizeof (float), pb, n * 2 * sizeof (float));
  for (int i = 0; i < cw_model_n_members (a); i++)
    {
      float *one_a = g_new (float, n * 2), *one_b = g_new (float, n * 2);
      g_assert_cmpint (cw_model_predict_member (a, i, x, n, one_a, NULL), ==, CW_OK);
      g_assert_cmpint (cw_model_predict_member (b, i, x, n, one_b, NULL), ==, CW_OK);
      g_assert_cmpmem (one_a, n * 2 * sizeof (float), one_b, n * 2 * sizeof (float));
      g_free (one_a);
      g_free (one_b);
    }
  g_free (pa);
  g_free (pb);
  g_free (ra);
  g_free (rb);
  g_free (x);
  g_free (raw);
  g_rand_free (rand);
}

/* A copy has its own members, pipeline and record: it outlives the original and ignores later changes. */
static void
test_copy (void)
{
  cw_model *m = full_ensemble ();
  cw_model_set_threads (m, 2);
  cw_model *copy = cw_model_copy (m);
  assert_same_ensemble (m, copy);
  g_assert_true (cw_model_member (copy, 2) != cw_model_member (m, 2));
  g_assert_true (cw_model_get_pipeline (copy) != cw_model_get_pipeline (m));
  g_assert_cmpint (cw_model_get_threads (cw_model_member (copy, 2)), ==, 2);

  cw_model *reference = cw_model_copy (m);
  cw_model_set_info (m, "recipe", "changed");
  cw_model_set_pipeline (m, NULL);
  cw_model_free (m);
  g_assert_cmpstr (cw_model_get_info (copy, "recipe"), ==, "small-cnn");
  assert_same_ensemble (reference, copy);
  cw_model_free (reference);
  cw_model_free (copy);
}

/* Saved and loaded, through a file or through memory, the ensemble is the same to the bit. */
static void
test_save_load (void)
{
  cw_model *m = full_ensemble ();
  char *path = g_build_filename (tmp_dir, "ensemble.cwm", NULL);
  cw_error err;
  g_assert_cmpint (cw_model_save (m, path, &err), ==, CW_OK);
  cw_model *back = cw_model_load (path, &err);
  if (!back)
    g_printerr ("%s\n", err.message);
  g_assert_nonnull (back);
  assert_same_ensemble (m, back);

  size_t size = 0;
  unsigned char *bytes = cw_model_save_bytes (back, &size, &err);
  g_assert_nonnull (bytes);
  cw_model *from_memory = cw_model_load_bytes (bytes, size, "embedded", &err);
  g_assert_nonnull (from_memory);
  assert_same_ensemble (m, from_memory);
  /* saving what was loaded gives the same bytes */
  gchar *file;
  gsize n;
  g_assert_true (g_file_get_contents (path, &file, &n, NULL));
  g_assert_cmpmem (file, n, bytes, size);

  g_free (file);
  free (bytes);
  g_remove (path);
  g_free (path);
  cw_model_free (from_memory);
  cw_model_free (back);
  cw_model_free (m);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("cw-model-ensemble-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  g_test_add_func ("/model-ensemble/mean-of-members", test_mean_of_members);
  g_test_add_func ("/model-ensemble/mean-of-probabilities", test_mean_of_probabilities);
  g_test_add_func ("/model-ensemble/member-refused", test_member_refused);
  g_test_add_func ("/model-ensemble/member-is-copy", test_member_is_copy);
  g_test_add_func ("/model-ensemble/pipeline", test_pipeline);
  g_test_add_func ("/model-ensemble/record", test_record);
  g_test_add_func ("/model-ensemble/copy", test_copy);
  g_test_add_func ("/model-ensemble/save-load", test_save_load);
  int status = g_test_run ();
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
