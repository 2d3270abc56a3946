/* test-spec.c — the one-line architecture text: parsing every layer and option, canonical printing and
 * round trips, token-level errors, and shape inference on the S workload. */
#include "cw.h"
#include "engine-test-util.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#define S_WORKLOAD "conv(8,k=9) relu maxpool(2) conv(16,k=9) relu maxpool(2) flatten dense(64) relu dense(1)"

/* Every field, bitwise for floats: the parser starts from the same defaults as the expectation. */
static void
assert_layer_equal (const cw_layer_spec *got, const cw_layer_spec *want)
{
  g_assert_cmpint (got->type, ==, want->type);
  g_assert_cmpint (got->units, ==, want->units);
  g_assert_cmpint (got->kernel, ==, want->kernel);
  g_assert_cmpint (got->stride, ==, want->stride);
  g_assert_cmpint (got->dilation, ==, want->dilation);
  g_assert_cmpint (got->padding, ==, want->padding);
  g_assert_cmpint (got->pad_left, ==, want->pad_left);
  g_assert_cmpint (got->pad_right, ==, want->pad_right);
  g_assert_cmpint (got->bias, ==, want->bias);
  g_assert_cmpint (got->activation, ==, want->activation);
  g_assert_cmpmem (&got->rate, sizeof (float), &want->rate, sizeof (float));
  g_assert_cmpmem (&got->alpha, sizeof (float), &want->alpha, sizeof (float));
  g_assert_cmpmem (&got->lower, sizeof (float), &want->lower, sizeof (float));
  g_assert_cmpmem (&got->upper, sizeof (float), &want->upper, sizeof (float));
  g_assert_cmpmem (&got->momentum, sizeof (float), &want->momentum, sizeof (float));
  g_assert_cmpmem (&got->eps, sizeof (float), &want->eps, sizeof (float));
}

static cw_spec *
parse_ok (const char *text)
{
  cw_error err;
  cw_spec *spec = cw_spec_parse (text, &err);
  if (!spec)
    g_printerr ("parse of '%s' failed: %s\n", text, err.message);
  g_assert_nonnull (spec);
  g_assert_cmpint (err.status, ==, CW_OK);
  return spec;
}

static void
test_parse_example (void)
{
  cw_spec *spec = parse_ok (S_WORKLOAD);
  g_assert_cmpint (cw_spec_count (spec), ==, 10);

  const cw_layer_spec *c1 = cw_spec_get (spec, 0);
  g_assert_cmpint (c1->type, ==, CW_LAYER_CONV);
  g_assert_cmpint (c1->units, ==, 8);
  g_assert_cmpint (c1->kernel, ==, 9);
  g_assert_cmpint (c1->stride, ==, 1);
  g_assert_cmpint (c1->dilation, ==, 1);
  g_assert_cmpint (c1->padding, ==, CW_PAD_VALID);
  g_assert_true (c1->bias);

  const int relus[] = { 1, 4, 8 };
  for (unsigned i = 0; i < G_N_ELEMENTS (relus); i++)
    {
      const cw_layer_spec *a = cw_spec_get (spec, relus[i]);
      g_assert_cmpint (a->type, ==, CW_LAYER_ACTIVATION);
      g_assert_cmpint (a->activation, ==, CW_ACT_RELU);
    }
  for (int i = 2; i <= 5; i += 3)
    {
      const cw_layer_spec *p = cw_spec_get (spec, i);
      g_assert_cmpint (p->type, ==, CW_LAYER_MAXPOOL);
      g_assert_cmpint (p->kernel, ==, 2);
      g_assert_cmpint (p->stride, ==, 2);
    }

  const cw_layer_spec *c2 = cw_spec_get (spec, 3);
  g_assert_cmpint (c2->type, ==, CW_LAYER_CONV);
  g_assert_cmpint (c2->units, ==, 16);
  g_assert_cmpint (c2->kernel, ==, 9);
  g_assert_cmpint (c2->stride, ==, 1);
  g_assert_cmpint (c2->dilation, ==, 1);
  g_assert_cmpint (c2->padding, ==, CW_PAD_VALID);
  g_assert_true (c2->bias);

  g_assert_cmpint (cw_spec_get (spec, 6)->type, ==, CW_LAYER_FLATTEN);
  const cw_layer_spec *d1 = cw_spec_get (spec, 7);
  g_assert_cmpint (d1->type, ==, CW_LAYER_DENSE);
  g_assert_cmpint (d1->units, ==, 64);
  g_assert_true (d1->bias);
  const cw_layer_spec *d2 = cw_spec_get (spec, 9);
  g_assert_cmpint (d2->type, ==, CW_LAYER_DENSE);
  g_assert_cmpint (d2->units, ==, 1);
  g_assert_true (d2->bias);

  /* the example is already canonical */
  char *text = cw_spec_to_string (spec);
  g_assert_cmpstr (text, ==, S_WORKLOAD);
  free (text);
  cw_spec_free (spec);
}

/* One text, one expected layer. */
typedef struct {
  const char *text;
  cw_layer_spec want;
} layer_case;

static cw_layer_spec
float_spec (cw_layer_type type, cw_activation act, float a, float b)
{
  cw_layer_spec l = type == CW_LAYER_ACTIVATION ? cw_activation_spec (act) : cw_layer_spec_default (type);
  if (type == CW_LAYER_DROPOUT)
    l.rate = a;
  else if (type == CW_LAYER_BATCHNORM)
    {
      l.momentum = a;
      l.eps = b;
    }
  else if (act == CW_ACT_RRELU)
    {
      l.lower = a;
      l.upper = b;
    }
  else
    l.alpha = a;
  return l;
}

static void
test_parse_every_layer (void)
{
  const cw_layer_spec bare_bn = cw_layer_spec_default (CW_LAYER_BATCHNORM);
  const layer_case cases[] = {
    { "conv(8,k=9)", conv (8, 9, 1, 1, CW_PAD_VALID, 0, 0, true) },
    { "conv(8,9)", conv (8, 9, 1, 1, CW_PAD_VALID, 0, 0, true) },
    { "conv(5)", conv (5, 3, 1, 1, CW_PAD_VALID, 0, 0, true) },
    { "conv(filters=6)", conv (6, 3, 1, 1, CW_PAD_VALID, 0, 0, true) },
    { "conv(16,k=9,s=1,d=2,pad=same,bias=false)", conv (16, 9, 1, 2, CW_PAD_SAME, 0, 0, false) },
    { "conv(4,k=5,s=3)", conv (4, 5, 3, 1, CW_PAD_VALID, 0, 0, true) },
    { "conv(4,kernel=5,stride=3,dilation=4)", conv (4, 5, 3, 4, CW_PAD_VALID, 0, 0, true) },
    { "conv(4,pad=valid)", conv (4, 3, 1, 1, CW_PAD_VALID, 0, 0, true) },
    { "conv(4,pad=causal)", conv (4, 3, 1, 1, CW_PAD_CAUSAL, 0, 0, true) },
    { "conv(4,pad=3)", conv (4, 3, 1, 1, CW_PAD_EXPLICIT, 3, 3, true) },
    { "conv(4,pad=2:5)", conv (4, 3, 1, 1, CW_PAD_EXPLICIT, 2, 5, true) },
    { "conv(4,padding=0:1)", conv (4, 3, 1, 1, CW_PAD_EXPLICIT, 0, 1, true) },
    { "conv(4,bias=true)", conv (4, 3, 1, 1, CW_PAD_VALID, 0, 0, true) },
    { "conv(4,bias=no)", conv (4, 3, 1, 1, CW_PAD_VALID, 0, 0, false) },
    { "conv1d(4)", conv (4, 3, 1, 1, CW_PAD_VALID, 0, 0, true) },
    { "maxpool(2)", pool (CW_LAYER_MAXPOOL, 2, 2) },
    { "maxpool", pool (CW_LAYER_MAXPOOL, 2, 2) },
    { "maxpool(3,s=2)", pool (CW_LAYER_MAXPOOL, 3, 2) },
    { "maxpool(3,1)", pool (CW_LAYER_MAXPOOL, 3, 1) },
    { "maxpool(window=4)", pool (CW_LAYER_MAXPOOL, 4, 4) },
    { "avgpool(5)", pool (CW_LAYER_AVGPOOL, 5, 5) },
    { "avgpool(5,stride=2)", pool (CW_LAYER_AVGPOOL, 5, 2) },
    { "gavgpool", cw_layer_spec_default (CW_LAYER_GLOBAL_AVGPOOL) },
    { "globalavgpool", cw_layer_spec_default (CW_LAYER_GLOBAL_AVGPOOL) },
    { "gap", cw_layer_spec_default (CW_LAYER_GLOBAL_AVGPOOL) },
    { "gmaxpool", cw_layer_spec_default (CW_LAYER_GLOBAL_MAXPOOL) },
    { "globalmaxpool", cw_layer_spec_default (CW_LAYER_GLOBAL_MAXPOOL) },
    { "gmp", cw_layer_spec_default (CW_LAYER_GLOBAL_MAXPOOL) },
    { "flatten", cw_layer_spec_default (CW_LAYER_FLATTEN) },
    { "dense(64)", dense (64, true) },
    { "dense(3,bias=false)", dense (3, false) },
    { "fc(7)", dense (7, true) },
    { "dense(units=2)", dense (2, true) },
    { "dropout(0.25)", float_spec (CW_LAYER_DROPOUT, 0, 0.25f, 0) },
    { "dropout", float_spec (CW_LAYER_DROPOUT, 0, 0.5f, 0) },
    { "dropout(0)", float_spec (CW_LAYER_DROPOUT, 0, 0.0f, 0) },
    { "dropout(rate=0.1)", float_spec (CW_LAYER_DROPOUT, 0, 0.1f, 0) },
    { "batchnorm", bare_bn },
    { "bn", bare_bn },
    { "batchnorm()", bare_bn },
    { "batchnorm(momentum=0.01)", float_spec (CW_LAYER_BATCHNORM, 0, 0.01f, 1e-5f) },
    { "batchnorm(eps=1e-3)", float_spec (CW_LAYER_BATCHNORM, 0, 0.1f, 1e-3f) },
    { "bn(momentum=0.2,eps=0.0001)", float_spec (CW_LAYER_BATCHNORM, 0, 0.2f, 1e-4f) },
    { "relu", cw_activation_spec (CW_ACT_RELU) },
    { "relu6", cw_activation_spec (CW_ACT_RELU6) },
    { "softplus", cw_activation_spec (CW_ACT_SOFTPLUS) },
    { "swish", cw_activation_spec (CW_ACT_SWISH) },
    { "silu", cw_activation_spec (CW_ACT_SWISH) },
    { "sigmoid", cw_activation_spec (CW_ACT_SIGMOID) },
    { "tanh", cw_activation_spec (CW_ACT_TANH) },
    { "linear", cw_activation_spec (CW_ACT_LINEAR) },
    { "softmax", cw_activation_spec (CW_ACT_SOFTMAX) },
    { "leakyrelu", float_spec (CW_LAYER_ACTIVATION, CW_ACT_LEAKY_RELU, 0.01f, 0) },
    { "leakyrelu(0.2)", float_spec (CW_LAYER_ACTIVATION, CW_ACT_LEAKY_RELU, 0.2f, 0) },
    { "leaky_relu(alpha=0.3)", float_spec (CW_LAYER_ACTIVATION, CW_ACT_LEAKY_RELU, 0.3f, 0) },
    { "prelu", float_spec (CW_LAYER_ACTIVATION, CW_ACT_PRELU, 0.25f, 0) },
    { "prelu(0.1)", float_spec (CW_LAYER_ACTIVATION, CW_ACT_PRELU, 0.1f, 0) },
    { "elu", float_spec (CW_LAYER_ACTIVATION, CW_ACT_ELU, 1.0f, 0) },
    { "elu(0.5)", float_spec (CW_LAYER_ACTIVATION, CW_ACT_ELU, 0.5f, 0) },
    { "rrelu", float_spec (CW_LAYER_ACTIVATION, CW_ACT_RRELU, 1.0f / 8, 1.0f / 3) },
    { "rrelu(0.125,0.333)", float_spec (CW_LAYER_ACTIVATION, CW_ACT_RRELU, 0.125f, 0.333f) },
    { "rrelu(lower=0.1,upper=0.1)", float_spec (CW_LAYER_ACTIVATION, CW_ACT_RRELU, 0.1f, 0.1f) },
    /* case, blanks inside parentheses */
    { "CONV( 16 , K = 9 , Pad = SAME , Bias = FALSE )", conv (16, 9, 1, 1, CW_PAD_SAME, 0, 0, false) },
    { "MaxPool (3, s=2)", pool (CW_LAYER_MAXPOOL, 3, 2) },
    { "LeakyReLU(0.2)", float_spec (CW_LAYER_ACTIVATION, CW_ACT_LEAKY_RELU, 0.2f, 0) },
    { "Dense( 10 )", dense (10, true) },
  };
  for (unsigned i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %s", cases[i].text);
      cw_spec *spec = parse_ok (cases[i].text);
      g_assert_cmpint (cw_spec_count (spec), ==, 1);
      assert_layer_equal (cw_spec_get (spec, 0), &cases[i].want);
      cw_spec_free (spec);
    }
}

static void
test_parse_separators (void)
{
  cw_spec *plain = parse_ok ("conv(8,k=9) relu flatten dense(1)");
  const char *variants[] = {
    "conv(8,k=9) -> relu -> flatten -> dense(1)",
    "conv(8,k=9)|relu|flatten|dense(1)",
    "  conv(8, k=9)\trelu\n flatten   dense(1)  ",
    "conv(8,k=9)->relu | flatten->dense(1)",
    "Conv(8,K=9) RELU Flatten DENSE(1)",
  };
  for (unsigned i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      cw_spec *v = parse_ok (variants[i]);
      g_assert_cmpint (cw_spec_count (v), ==, 4);
      for (int j = 0; j < 4; j++)
        assert_layer_equal (cw_spec_get (v, j), cw_spec_get (plain, j));
      g_assert_true (cw_spec_equal (v, plain));
      cw_spec_free (v);
    }
  cw_spec_free (plain);
}

/* Texts and their canonical form. */
static void
test_canonical (void)
{
  const char *cases[][2] = {
    { S_WORKLOAD, S_WORKLOAD },
    { "Conv1D( 16 , 9 , S = 2, d=2, pad=Same, bias = False ) -> MaxPool(3,2) | bn(momentum=0.01) "
      "leaky_relu(0.2) dropout(0.25) FC(10) softmax",
      "conv(16,k=9,s=2,d=2,pad=same,bias=false) maxpool(3,s=2) batchnorm(momentum=0.01) leakyrelu(0.2) "
      "dropout(0.25) dense(10) softmax" },
    /* defaults given explicitly disappear, except the size argument of each layer */
    { "conv(8,k=3,s=1,d=1,pad=valid,bias=true) maxpool(2,s=2) dropout(0.5) leakyrelu(0.01) prelu(0.25) "
      "elu(1) rrelu(0.125,0.33333334) batchnorm(momentum=0.1,eps=1e-5) dense(16,bias=true)",
      "conv(8) maxpool(2) dropout(0.5) leakyrelu prelu elu rrelu batchnorm dense(16)" },
    { "conv(4,pad=3) conv(4,pad=2:5) conv(4,pad=causal) conv(4,pad=0) conv(4,pad=1:1)",
      "conv(4,pad=3) conv(4,pad=2:5) conv(4,pad=causal) conv(4,pad=0) conv(4,pad=1)" },
    { "gap gmp globalavgpool globalmaxpool silu swish bn",
      "gavgpool gmaxpool gavgpool gmaxpool swish swish batchnorm" },
    { "batchnorm(eps=1e-3) batchnorm(eps=0.0000001) batchnorm(0.05, 2e-5) elu(1.5e6)",
      "batchnorm(eps=0.001) batchnorm(eps=1e-7) batchnorm(momentum=0.05,eps=2e-5) elu(1.5e6)" },
    { "rrelu(0.2,0.3) rrelu(0.125,0.5) avgpool(4,s=4) avgpool(4,s=1) relu6 softplus sigmoid tanh linear",
      "rrelu(0.2,0.3) rrelu(0.125,0.5) avgpool(4) avgpool(4,s=1) relu6 softplus sigmoid tanh linear" },
  };
  for (unsigned i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      cw_spec *spec = parse_ok (cases[i][0]);
      char *text = cw_spec_to_string (spec);
      g_assert_cmpstr (text, ==, cases[i][1]);
      /* stable: the canonical text parses to the same layers and prints identically */
      cw_spec *again = parse_ok (text);
      char *text2 = cw_spec_to_string (again);
      g_assert_cmpstr (text2, ==, text);
      g_assert_cmpint (cw_spec_count (again), ==, cw_spec_count (spec));
      for (int j = 0; j < cw_spec_count (spec); j++)
        assert_layer_equal (cw_spec_get (again, j), cw_spec_get (spec, j));
      free (text);
      free (text2);
      cw_spec_free (spec);
      cw_spec_free (again);
    }
}

static void
assert_round_trip (const cw_spec *spec)
{
  char *text = cw_spec_to_string (spec);
  cw_spec *back = parse_ok (text);
  g_assert_cmpint (cw_spec_count (back), ==, cw_spec_count (spec));
  for (int j = 0; j < cw_spec_count (spec); j++)
    assert_layer_equal (cw_spec_get (back, j), cw_spec_get (spec, j));
  g_assert_true (cw_spec_equal (back, spec));
  char *text2 = cw_spec_to_string (back);
  g_assert_cmpstr (text2, ==, text);
  free (text);
  free (text2);
  cw_spec_free (back);
}

/* Specs built in code (as the GUI does), every option away from its default, print and parse back. */
static void
test_round_trip_built (void)
{
  cw_spec *spec = cw_spec_new ();
  cw_layer_spec l;
  for (int pad = CW_PAD_VALID; pad <= CW_PAD_EXPLICIT; pad++)
    {
      l = conv (5, 7, 3, 2, (cw_padding) pad, pad == CW_PAD_EXPLICIT ? 1 : 0,
                     pad == CW_PAD_EXPLICIT ? 4 : 0, pad % 2 == 0);
      cw_spec_append (spec, &l);
    }
  l = conv (1, 1, 1, 1, CW_PAD_EXPLICIT, 6, 6, true);
  cw_spec_append (spec, &l);
  l = pool (CW_LAYER_MAXPOOL, 3, 1);
  cw_spec_append (spec, &l);
  l = pool (CW_LAYER_AVGPOOL, 7, 5);
  cw_spec_append (spec, &l);
  for (cw_layer_type t = CW_LAYER_GLOBAL_MAXPOOL; t <= CW_LAYER_FLATTEN; t++)
    {
      l = cw_layer_spec_default (t);
      cw_spec_append (spec, &l);
    }
  l = dense (33, false);
  cw_spec_append (spec, &l);
  l = float_spec (CW_LAYER_DROPOUT, 0, 0.1f, 0);
  cw_spec_append (spec, &l);
  l = float_spec (CW_LAYER_DROPOUT, 0, 1.0f / 3, 0);
  cw_spec_append (spec, &l);
  l = float_spec (CW_LAYER_BATCHNORM, 0, 0.01f, 1e-3f);
  cw_spec_append (spec, &l);
  l = float_spec (CW_LAYER_BATCHNORM, 0, 0.7f, 3.0e-7f);
  cw_spec_append (spec, &l);
  for (cw_activation a = 0; a < CW_ACT_N; a++)
    {
      l = cw_activation_spec (a);
      cw_spec_append (spec, &l);
    }
  l = float_spec (CW_LAYER_ACTIVATION, CW_ACT_LEAKY_RELU, 0.3f, 0);
  cw_spec_append (spec, &l);
  l = float_spec (CW_LAYER_ACTIVATION, CW_ACT_PRELU, 0.07f, 0);
  cw_spec_append (spec, &l);
  l = float_spec (CW_LAYER_ACTIVATION, CW_ACT_ELU, 2.5f, 0);
  cw_spec_append (spec, &l);
  l = float_spec (CW_LAYER_ACTIVATION, CW_ACT_RRELU, 0.01f, 0.9f);
  cw_spec_append (spec, &l);
  assert_round_trip (spec);
  cw_spec_free (spec);

  /* stride 0 means "the window" for pooling: printed as the window, equal to the explicit form */
  cw_spec *zero = cw_spec_new ();
  l = pool (CW_LAYER_MAXPOOL, 3, 0);
  cw_spec_append (zero, &l);
  char *text = cw_spec_to_string (zero);
  g_assert_cmpstr (text, ==, "maxpool(3)");
  cw_spec *back = parse_ok (text);
  g_assert_cmpint (cw_spec_get (back, 0)->stride, ==, 3);
  g_assert_true (cw_spec_equal (back, zero));
  free (text);
  cw_spec_free (back);
  cw_spec_free (zero);
}

/* Arbitrary floats (rates, slopes, epsilons over many magnitudes) survive print + parse bit for bit. */
static void
test_round_trip_floats (void)
{
  GRand *rand = g_rand_new_with_seed (7);
  for (int i = 0; i < 3000; i++)
    {
      cw_spec *spec = cw_spec_new ();
      cw_layer_spec l = float_spec (CW_LAYER_DROPOUT, 0, (float) g_rand_double (rand), 0);
      cw_spec_append (spec, &l);
      float lo = (float) g_rand_double (rand), hi = (float) g_rand_double (rand);
      l = float_spec (CW_LAYER_ACTIVATION, CW_ACT_RRELU, MIN (lo, hi), MAX (lo, hi));
      cw_spec_append (spec, &l);
      l = float_spec (CW_LAYER_ACTIVATION, CW_ACT_ELU, (float) pow (10.0, g_rand_double_range (rand, -30, 30)), 0);
      cw_spec_append (spec, &l);
      l = float_spec (CW_LAYER_BATCHNORM, 0, (float) g_rand_double (rand),
                      (float) pow (10.0, g_rand_double_range (rand, -12, 2)));
      cw_spec_append (spec, &l);
      assert_round_trip (spec);
      cw_spec_free (spec);
    }
  g_rand_free (rand);

  /* the shortest form is used: no "0.100000001" for 0.1f */
  cw_spec *spec = parse_ok ("dropout(0.1) leakyrelu(0.3) bn(eps=1e-6)");
  char *text = cw_spec_to_string (spec);
  g_assert_cmpstr (text, ==, "dropout(0.1) leakyrelu(0.3) batchnorm(eps=1e-6)");
  free (text);
  cw_spec_free (spec);
}

static void
test_layer_to_string (void)
{
  cw_layer_spec l = conv (16, 9, 1, 2, CW_PAD_SAME, 0, 0, false);
  char *s = cw_layer_spec_to_string (&l);
  g_assert_cmpstr (s, ==, "conv(16,k=9,d=2,pad=same,bias=false)");
  free (s);
  l = cw_activation_spec (CW_ACT_SWISH);
  s = cw_layer_spec_to_string (&l);
  g_assert_cmpstr (s, ==, "swish");
  free (s);

  /* cw_spec_equal compares what the text shows: a different option is a different spec */
  cw_spec *a = parse_ok ("conv(8) relu");
  cw_spec *b = parse_ok ("conv(8,bias=false) relu");
  cw_spec *c = parse_ok ("conv(8,k=3) ReLU");
  g_assert_false (cw_spec_equal (a, b));
  g_assert_true (cw_spec_equal (a, c));
  cw_spec_free (a);
  cw_spec_free (b);
  cw_spec_free (c);

  cw_spec *empty = cw_spec_new ();
  s = cw_spec_to_string (empty);
  g_assert_cmpstr (s, ==, "");
  free (s);
  cw_spec_free (empty);
}

typedef struct {
  const char *text;
  int column, length, item;
  const char *message; /* a substring of err.message */
} error_case;

static void
test_errors (void)
{
  const error_case cases[] = {
    { "conv(8,k=9) rleu maxpool(2)", 13, 4, 1, "unknown layer 'rleu' — did you mean 'relu'?" },
    { "conv(8) maxpol(2)", 9, 9, 1, "did you mean 'maxpool'?" },
    { "batchnrom", 1, 9, 0, "did you mean 'batchnorm'?" },
    { "relu leaky(0.2)", 6, 10, 1, "did you mean 'leakyrelu'?" },
    { "relu xyzzy", 6, 5, 1, "unknown layer 'xyzzy' (known layers: conv," },
    { "dense(1) 8", 10, 1, 1, "unknown layer '8'" },
    { "", 0, 0, -1, "empty" },
    { "  -> |  ", 0, 0, -1, "empty" },
    { "conv(8,k=9) relu, dense(1)", 17, 1, 2, "',' does not separate layers" },
    { "conv(8,k=9", 1, 10, 0, "unbalanced parenthesis" },
    { "relu conv(8 dense(1)", 6, 6, 1, "')' is missing" },
    { "relu)", 5, 1, 1, "unbalanced parenthesis" },
    { "relu (8)", 1, 8, 0, "relu takes no arguments" },
    { "relu (", 1, 6, 0, "unbalanced parenthesis" },
    { "(8)", 1, 1, 0, "'(' must follow a layer name" },
    { "conv(8) @", 9, 1, 1, "unexpected character '@'" },
    { "relu  \xc3\xa9", 7, 1, 1, "unexpected character '\xc3\xa9'" },
    { "conv(x)", 1, 7, 0, "the number of filters must be a number, not 'x'" },
    { "conv(8.5)", 1, 9, 0, "the number of filters must be a whole number, not '8.5'" },
    { "conv(0)", 1, 7, 0, "the number of filters must be between 1 and" },
    { "conv(8,k=0)", 1, 11, 0, "the kernel size must be between 1 and" },
    { "conv(8,s=-1)", 1, 12, 0, "the stride must be between 1 and" },
    { "conv(8,d=0)", 1, 11, 0, "the dilation must be between 1 and" },
    { "dense(99999999999)", 1, 18, 0, "the number of units must be between 1 and" },
    { "relu dropout(1)", 6, 10, 1, "the dropout rate must be at least 0 and less than 1 (got 1)" },
    { "dropout(-0.1)", 1, 13, 0, "the dropout rate must be at least 0" },
    { "dropout(inf)", 1, 12, 0, "finite" },
    { "dropout(0.5x)", 1, 13, 0, "must be a number, not '0.5x'" },
    { "batchnorm(eps=0)", 1, 16, 0, "epsilon must be greater than 0" },
    { "bn(momentum=1.5)", 1, 16, 0, "the momentum must be at least 0 and at most 1" },
    { "leakyrelu(-1)", 1, 13, 0, "alpha must be at least 0" },
    { "rrelu(0.5,0.2)", 1, 14, 0, "the lower slope must not exceed the upper slope" },
    { "rrelu(0.1,2)", 1, 12, 0, "the upper slope must be at least 0 and at most 1" },
    { "conv(8,q=3)", 1, 11, 0, "unknown option 'q' (conv takes filters, k, s, d, pad, bias)" },
    { "dense(4,k=3)", 1, 12, 0, "unknown option 'k'" },
    { "conv(8,=3)", 1, 10, 0, "option name is missing" },
    { "conv relu", 1, 4, 0, "conv needs the number of filters" },
    { "relu dense", 6, 5, 1, "dense needs the number of units" },
    { "conv()", 1, 6, 0, "conv needs the number of filters" },
    { "conv(8,k=)", 1, 10, 0, "'k=' needs a value" },
    { "conv(8,,k=3)", 1, 12, 0, "an argument is missing between commas" },
    { "conv(8,k=3,)", 1, 12, 0, "an argument is missing between commas" },
    { "conv(8,9,1)", 1, 11, 0, "conv takes at most 2 positional arguments" },
    { "dense(8,9)", 1, 10, 0, "dense takes at most 1 positional argument" },
    { "conv(8,9,k=3)", 1, 13, 0, "the kernel size is given twice" },
    { "conv(8,pad=wide)", 1, 16, 0, "padding must be valid, same, causal, a number N or L:R, not 'wide'" },
    { "conv(8,pad=1:)", 1, 14, 0, "padding must be valid" },
    { "conv(8,pad=-1)", 1, 14, 0, "padding must be valid" },
    { "conv(8,bias=maybe)", 1, 18, 0, "bias must be true or false, not 'maybe'" },
    { "conv(8) maxpool(0)", 9, 10, 1, "the pooling window must be between 1 and" },
    { "conv(8) maxpool(2,s=0)", 9, 14, 1, "the stride must be between 1 and" },
  };
  for (unsigned i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      cw_error err;
      g_test_message ("case '%s'", cases[i].text);
      cw_spec *spec = cw_spec_parse (cases[i].text, &err);
      g_assert_null (spec);
      g_assert_cmpint (err.status, ==, CW_ERR_PARSE);
      if (!strstr (err.message, cases[i].message))
        g_printerr ("'%s': message '%s' lacks '%s'\n", cases[i].text, err.message, cases[i].message);
      g_assert_nonnull (strstr (err.message, cases[i].message));
      g_assert_cmpint (err.column, ==, cases[i].column);
      g_assert_cmpint (err.length, ==, cases[i].length);
      g_assert_cmpint (err.item, ==, cases[i].item);
      if (cases[i].column > 0)
        {
          /* the message names the place */
          char *where = g_strdup_printf ("Column %d:", cases[i].column);
          g_assert_true (g_str_has_prefix (err.message, where));
          g_free (where);
        }
      /* a NULL error record is allowed */
      g_assert_null (cw_spec_parse (cases[i].text, NULL));
    }
}

static void
test_infer_s_workload (void)
{
  cw_spec *spec = parse_ok (S_WORKLOAD);
  cw_shape_info info[10];
  cw_error err;
  cw_status st = cw_spec_infer (spec, 1, 401, info, &err);
  if (st != CW_OK)
    g_printerr ("infer: %s\n", err.message);
  g_assert_cmpint (st, ==, CW_OK);
  const int want[10][2] = { { 8, 393 }, { 8, 393 }, { 8, 196 }, { 16, 188 }, { 16, 188 },
                            { 16, 94 }, { 1504, 1 }, { 64, 1 }, { 64, 1 }, { 1, 1 } };
  const size_t want_params[10] = { 8 * 9 + 8, 0, 0, 16 * 8 * 9 + 16, 0, 0, 0, 1504 * 64 + 64, 0, 64 + 1 };
  size_t total = 0;
  for (int i = 0; i < 10; i++)
    {
      g_assert_cmpint (info[i].channels, ==, want[i][0]);
      g_assert_cmpint (info[i].length, ==, want[i][1]);
      g_assert_cmpuint (info[i].params, ==, want_params[i]);
      total += info[i].params;
    }
  g_assert_cmpuint (total, ==, 8 * 9 + 8 + 16 * 8 * 9 + 16 + 1504 * 64 + 64 + 64 + 1);
  g_assert_cmpuint (total, ==, 97633);
  /* info may be NULL */
  g_assert_cmpint (cw_spec_infer (spec, 1, 401, NULL, &err), ==, CW_OK);
  cw_spec_free (spec);
}

static void
assert_impossible (const char *text, int channels, int length, int item)
{
  cw_spec *spec = parse_ok (text);
  cw_error err;
  cw_shape_info info[32];
  cw_status st = cw_spec_infer (spec, channels, length, info, &err);
  g_assert_cmpint (st, ==, CW_ERR_SHAPE);
  g_assert_cmpint (err.status, ==, CW_ERR_SHAPE);
  g_assert_cmpint (err.item, ==, item);
  g_assert_cmpuint (strlen (err.message), >, 0);
  g_test_message ("%s: %s", text, err.message);
  cw_spec_free (spec);
}

static void
test_infer_impossible (void)
{
  /* 401 -> 200 -> 100 -> 50 -> 25 -> 12 -> 6 -> 3 -> 1: the ninth pool has nothing left */
  assert_impossible ("maxpool(2) maxpool(2) maxpool(2) maxpool(2) maxpool(2) maxpool(2) maxpool(2) maxpool(2) "
                     "maxpool(2) flatten dense(1)", 1, 401, 8);
  /* 401 -> 393 -> 196 -> 7: the dilated kernel then spans (9 - 1) x 2 + 1 = 17 */
  assert_impossible ("conv(8,k=9) maxpool(2) conv(4,k=190) conv(4,k=9,d=2)", 1, 401, 3);
  assert_impossible ("conv(8,k=9) maxpool(2) conv(8,k=200)", 1, 401, 2);
  /* dense needs a flat input */
  assert_impossible ("conv(8,k=9) dense(4)", 1, 401, 1);
  assert_impossible ("relu dense(4)", 3, 10, 1);

  /* the same stacks made possible */
  cw_spec *spec = parse_ok ("conv(8,k=9) flatten dense(4)");
  cw_shape_info info[3];
  g_assert_cmpint (cw_spec_infer (spec, 1, 401, info, NULL), ==, CW_OK);
  g_assert_cmpint (info[1].channels, ==, 8 * 393);
  g_assert_cmpint (info[2].channels, ==, 4);
  cw_spec_free (spec);
}

/* Sizes past what a layer or the machine can hold are refused before anything is allocated: the fuzzed
 * "conv(100000,k=3) flatten dense(100000) dense(1)" on gasoline's 401 points crashed with SIGSEGV, and
 * summary printed a wrapped flatten size. */
static void
test_too_large (void)
{
  cw_error err;
  cw_spec *spec = cw_spec_parse ("conv(100000,k=3) flatten dense(10)", &err);
  g_assert_nonnull (spec);
  cw_shape_info info[4]; /* one per layer of the longer spec below */
  g_assert_cmpint (cw_spec_infer (spec, 1, 100000, info, &err), ==, CW_ERR_SHAPE);
  g_assert_cmpint (err.item, ==, 0);
  g_assert_nonnull (strstr (err.message, "more than a layer can hold"));
  /* 399 x 100000 = 39.9 M values: fine for a layer, but 4e12 parameters follow. */
  cw_spec_free (spec);
  spec = cw_spec_parse ("conv(100000,k=3) flatten dense(100000) dense(1)", &err);
  g_assert_cmpint (cw_spec_infer (spec, 1, 401, info, &err), ==, CW_OK);
  g_assert_null (cw_model_new (spec, 1, 401, CW_TASK_REGRESSION, 1, &err));
  g_assert_cmpint (err.status, ==, CW_ERR_NOMEM);
  g_assert_nonnull (strstr (err.message, "3990000600001 parameters need 31.9 TB"));
  /* cw_model_check says the same without building anything. */
  g_assert_cmpint (cw_model_check (spec, 1, 401, CW_TASK_REGRESSION, 1, &err), ==, CW_ERR_NOMEM);
  g_assert_nonnull (strstr (err.message, "3990000600001 parameters need 31.9 TB"));
  g_assert_cmpint (cw_model_check (spec, 1, 401, CW_TASK_REGRESSION, 2, &err), ==, CW_ERR_SHAPE);
  g_assert_cmpint (err.item, ==, 3);
  g_assert_nonnull (strstr (err.message, "needs 2 outputs"));
  cw_spec_free (spec);

  /* A model that fits a machine of 1 MB is built; one of 1,002,001 parameters (8.02 MB) is not. */
  g_setenv ("CW_MEMORY_LIMIT", "1000000", TRUE);
  spec = cw_spec_parse ("flatten dense(10) dense(1)", &err);
  g_assert_cmpint (cw_model_check (spec, 1, 100, CW_TASK_REGRESSION, 1, &err), ==, CW_OK);
  cw_model *small = cw_model_new (spec, 1, 100, CW_TASK_REGRESSION, 1, &err);
  g_assert_nonnull (small);
  cw_model_free (small);
  cw_spec_free (spec);
  spec = cw_spec_parse ("flatten dense(1000) dense(1)", &err);
  g_assert_null (cw_model_new (spec, 1, 1000, CW_TASK_REGRESSION, 1, &err));
  g_assert_nonnull (strstr (err.message, "1002001 parameters need 8.02 MB"));
  g_assert_nonnull (strstr (err.message, "1.00 MB of memory is available"));
  cw_spec_free (spec);
  g_unsetenv ("CW_MEMORY_LIMIT");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/spec/parse/example", test_parse_example);
  g_test_add_func ("/spec/parse/every-layer", test_parse_every_layer);
  g_test_add_func ("/spec/parse/separators", test_parse_separators);
  g_test_add_func ("/spec/print/canonical", test_canonical);
  g_test_add_func ("/spec/print/layer", test_layer_to_string);
  g_test_add_func ("/spec/round-trip/built", test_round_trip_built);
  g_test_add_func ("/spec/round-trip/floats", test_round_trip_floats);
  g_test_add_func ("/spec/errors", test_errors);
  g_test_add_func ("/spec/infer/s-workload", test_infer_s_workload);
  g_test_add_func ("/spec/infer/impossible", test_infer_impossible);
  g_test_add_func ("/spec/infer/too-large", test_too_large);
  return g_test_run ();
}
