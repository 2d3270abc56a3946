/* test-recipe.c — the built-in recipes: each builds a network for NIR-like (100 and 401 points) and short
 * inputs, the published ones are the papers' networks and training settings, unknown names are refused with
 * the list, and auto's candidates are those recipes, cheapest first. */
#include "cw-recipe.h"

#include <glib.h>
#include <string.h>

static int
n_layers_of (const char *arch)
{
  cw_spec *spec = cw_spec_parse (arch, NULL);
  g_assert_nonnull (spec);
  int n = cw_spec_count (spec);
  cw_spec_free (spec);
  return n;
}

static void
test_every_recipe_builds (void)
{
  const int lengths[] = { 401, 100, 24 };
  const cw_task tasks[] = { CW_TASK_REGRESSION, CW_TASK_MULTICLASS, CW_TASK_BINARY };
  const int outputs[] = { 1, 4, 1 };
  for (int i = 0; i < cw_recipe_n_builtin (); i++)
    for (size_t l = 0; l < G_N_ELEMENTS (lengths); l++)
      for (size_t t = 0; t < G_N_ELEMENTS (tasks); t++)
        {
          cw_recipe r;
          cw_error err;
          const char *name = cw_recipe_builtin_name (i);
          g_assert_cmpint (cw_recipe_builtin (name, tasks[t], 1, lengths[l], outputs[t], &r, &err), ==, CW_OK);
          g_assert_cmpstr (r.name, ==, name);
          g_assert_cmpint (r.ensemble, >=, 1);
          g_assert_cmpint (r.train.epochs, >=, 1);
          cw_spec *spec = cw_spec_parse (r.arch, &err);
          g_assert_nonnull (spec);
          cw_model *m = cw_model_new (spec, 1, lengths[l], tasks[t], outputs[t], &err);
          if (!m)
            g_error ("%s on %d points: %s", name, lengths[l], err.message);
          cw_model_free (m);
          cw_spec_free (spec);
          if (r.preprocess[0])
            {
              cw_pipeline *p = cw_pipeline_parse (r.preprocess, &err);
              g_assert_nonnull (p);
              cw_pipeline_free (p);
            }
        }
}

static void
test_published_recipes (void)
{
  cw_recipe r;
  cw_error err;
  /* Bjerrum et al. 2017: conv 8 x 32 and 16 x 32 "same" ReLU, flatten, dropout 0.5, dense 128 ReLU, dense 1,
   * with offset, slope and multiplicative augmentation of the spectra themselves. */
  g_assert_cmpint (cw_recipe_builtin ("bjerrum2017", CW_TASK_REGRESSION, 1, 100, 1, &r, &err), ==, CW_OK);
  cw_spec *spec = cw_spec_parse (r.arch, &err);
  const cw_layer_spec *l = cw_spec_get (spec, 0);
  g_assert_cmpint (l->type, ==, CW_LAYER_CONV);
  g_assert_cmpint (l->units, ==, 8);
  g_assert_cmpint (l->kernel, ==, 32);
  g_assert_cmpint (l->padding, ==, CW_PAD_SAME);
  g_assert_cmpint (cw_spec_get (spec, 2)->units, ==, 16);
  g_assert_cmpint (cw_spec_get (spec, 5)->type, ==, CW_LAYER_DROPOUT);
  g_assert_cmpfloat (cw_spec_get (spec, 5)->rate, ==, 0.5f);
  g_assert_cmpint (cw_spec_get (spec, 6)->units, ==, 128);
  cw_spec_free (spec);
  g_assert_true (r.train.augment.input_units);
  g_assert_cmpfloat (r.train.augment.offset, >, 0);
  g_assert_cmpfloat (r.train.augment.slope, >, 0);
  g_assert_cmpfloat (r.train.augment.scale, >, 0);
  /* Cui & Fearn 2018: SNV, one filter of width 5, ELU dense 36/18/12, L2 0.003 (= weight decay 0.006). */
  g_assert_cmpint (cw_recipe_builtin ("cui-fearn2018", CW_TASK_REGRESSION, 1, 100, 1, &r, &err), ==, CW_OK);
  g_assert_cmpstr (r.preprocess, ==, "snv");
  g_assert_cmpint (r.train.input_scaling, ==, CW_SCALE_PER_FEATURE);
  g_assert_cmpfloat (r.train.optimizer.weight_decay, ==, 0.006f);
  spec = cw_spec_parse (r.arch, &err);
  g_assert_cmpint (cw_spec_get (spec, 0)->units, ==, 1);
  g_assert_cmpint (cw_spec_get (spec, 0)->kernel, ==, 5);
  int dense[3], n_dense = 0;
  for (int i = 0; i < cw_spec_count (spec); i++)
    if (cw_spec_get (spec, i)->type == CW_LAYER_DENSE && n_dense < 3)
      dense[n_dense++] = cw_spec_get (spec, i)->units;
  g_assert_cmpint (n_dense, ==, 3);
  g_assert_cmpint (dense[0], ==, 36);
  g_assert_cmpint (dense[1], ==, 18);
  g_assert_cmpint (dense[2], ==, 12);
  cw_spec_free (spec);
  /* linear is flatten and one dense layer: a ridge (or logistic) regression. */
  g_assert_cmpint (cw_recipe_builtin ("linear", CW_TASK_MULTICLASS, 1, 100, 6, &r, &err), ==, CW_OK);
  g_assert_cmpint (n_layers_of (r.arch), ==, 2);
  g_assert_cmpfloat (r.train.optimizer.weight_decay, >, 0);
}

static void
test_unknown_and_auto (void)
{
  cw_recipe r[CW_RECIPE_MAX_AUTO];
  cw_error err;
  g_assert_cmpint (cw_recipe_builtin ("resnet", CW_TASK_REGRESSION, 1, 100, 1, r, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "'resnet'"));
  g_assert_nonnull (strstr (err.message, "bjerrum2017"));
  int n = cw_recipe_auto_candidates (CW_TASK_REGRESSION, 1, 100, 172, 1, r, CW_RECIPE_MAX_AUTO);
  g_assert_cmpint (n, >=, 3);
  /* Principal component regression first: cheap, and near PLS when the problem is small or linear. */
  g_assert_cmpstr (r[0].name, ==, "pca-linear(5)");
  g_assert_cmpstr (r[0].preprocess, ==, "pca(5)");
  /* A logistic-regression-like candidate for classes. */
  n = cw_recipe_auto_candidates (CW_TASK_MULTICLASS, 1, 100, 120, 6, r, CW_RECIPE_MAX_AUTO);
  g_assert_cmpstr (r[0].name, ==, "linear");
  /* Too few rows for 15 components in a fold: that candidate is left out. */
  n = cw_recipe_auto_candidates (CW_TASK_REGRESSION, 1, 401, 20, 1, r, CW_RECIPE_MAX_AUTO);
  for (int i = 0; i < n; i++)
    g_assert_cmpstr (r[i].name, !=, "pca-mlp(15)");
  /* K in the name. */
  g_assert_cmpint (cw_recipe_builtin ("pca-mlp(7)", CW_TASK_REGRESSION, 1, 100, 1, r, &err), ==, CW_OK);
  g_assert_cmpstr (r[0].preprocess, ==, "snv pca(7)");
  g_assert_cmpint (cw_recipe_builtin ("pca-mlp(0)", CW_TASK_REGRESSION, 1, 100, 1, r, &err), ==,
                   CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "pca-mlp(K)"));
  n = cw_recipe_auto_candidates (CW_TASK_REGRESSION, 1, 100, 172, 1, r, CW_RECIPE_MAX_AUTO);
  bool seen_bjerrum = false;
  for (int i = 0; i < n; i++)
    seen_bjerrum |= strcmp (r[i].name, "bjerrum2017") == 0;
  g_assert_true (seen_bjerrum);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/recipe/every-recipe-builds", test_every_recipe_builds);
  g_test_add_func ("/recipe/published", test_published_recipes);
  g_test_add_func ("/recipe/unknown-and-auto", test_unknown_and_auto);
  return g_test_run ();
}
