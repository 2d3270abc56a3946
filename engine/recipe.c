/* recipe.c — the built-in recipes: a preprocessing, a network and a way to train it, each from a paper or
 * from what worked on the bundled and generated spectra, and the candidates "auto" chooses among.
 *
 * Every recipe's epochs are an upper bound: cross-validation or a holdout chooses fewer. Augmentations are
 * in input units (cw_augment.input_units): offsets, slopes and noise are fractions of the training
 * signals' SD, as physical baseline and scatter variation of spectra are. */
#include "cw-recipe.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The network of "default" for inputs long enough for two conv blocks, else a short one (%d = outputs). */
#define DEFAULT_ARCH "conv(8,k=9) relu maxpool(2) conv(16,k=9) relu maxpool(2) flatten dense(64) relu dense(%d)"
#define SHORT_ARCH "conv(8,k=3,pad=same) relu flatten dense(32) relu dense(%d)"

typedef struct {
  const char *name;
  const char *title;
} recipe_entry;

static const recipe_entry builtin[] = {
  { "default", "Two conv blocks and a dense head, 100 epochs (the workbench's first network)" },
  { "bjerrum2017", "Bjerrum et al. 2017: two wide convs, dropout, dense 128; offset/slope/scale augmentation" },
  { "cui-fearn2018", "Cui & Fearn 2018: one conv filter of width 5, ELU dense 36/18/12, L2; SNV then autoscaling" },
  { "deriv-cnn", "Savitzky-Golay 1st derivative, a small CNN with augmentation, averaged over 5 seeds" },
  { "linear", "Preprocessing and one dense layer with L2: a ridge regression or logistic regression" },
  { "pca-mlp", "Thodberg 1996: a small tanh network on the SNV spectra's first K principal component scores "
               "(pca-mlp(K), default 10), averaged over 8 seeds" },
  { "pca-linear", "Principal component regression: one dense layer on the first K principal component scores "
                  "(pca-linear(K), default 10)" },
};
#define N_BUILTIN ((int) (sizeof builtin / sizeof builtin[0]))

int
cw_recipe_n_builtin (void)
{
  return N_BUILTIN;
}

const char *
cw_recipe_builtin_name (int index)
{
  assert (index >= 0 && index < N_BUILTIN);
  return builtin[index].name;
}

const char *
cw_recipe_builtin_title (int index)
{
  assert (index >= 0 && index < N_BUILTIN);
  return builtin[index].title;
}

static bool
arch_fits (const char *arch, int channels, int length)
{
  cw_spec *spec = cw_spec_parse (arch, NULL);
  bool fits = spec && cw_spec_infer (spec, channels, length, NULL, NULL) == CW_OK;
  cw_spec_free (spec);
  return fits;
}

static void
set_arch (cw_recipe *r, const char *format, const char *short_format, int channels, int length, int k)
{
  snprintf (r->arch, sizeof r->arch, format, k);
  if (short_format && !arch_fits (r->arch, channels, length))
    snprintf (r->arch, sizeof r->arch, short_format, k);
}

/* A recipe's training settings start from the task's defaults; regression trains on standardised
 * targets, classification with its fused loss. */
static void
start (cw_recipe *r, const recipe_entry *e, cw_task task)
{
  memset (r, 0, sizeof *r);
  snprintf (r->name, sizeof r->name, "%s", e->name);
  snprintf (r->title, sizeof r->title, "%s", e->title);
  r->train = cw_train_config_default (task);
  r->ensemble = 1;
}

static void
plateau (cw_train_config *c, int patience, float factor, float min_lr)
{
  c->schedule.type = CW_SCHED_PLATEAU;
  c->schedule.step_epochs = patience;
  c->schedule.gamma = factor;
  c->schedule.min_lr = min_lr;
}

cw_status
cw_recipe_builtin (const char *name, cw_task task, int channels, int length, int k, cw_recipe *out,
                   cw_error *err)
{
  assert (name && out && k >= 1);
  cw_error_clear (err);
  int index = -1;
  /* "pca-mlp(K)" is pca-mlp with K components. */
  int components = 10;
  char base[CW_RECIPE_NAME_MAX];
  snprintf (base, sizeof base, "%s", name);
  char *paren = strchr (base, '(');
  if (paren && (strncmp (base, "pca-mlp(", 8) == 0 || strncmp (base, "pca-linear(", 11) == 0))
    {
      char *end = NULL;
      long kk = strtol (paren + 1, &end, 10);
      if (!end || *end != ')' || end[1] != '\0' || kk < 1 || kk > 1000)
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "'%s': %.*s(K) takes a number of components K from 1 to 1000.", name,
                             (int) (paren - base), base);
      components = (int) kk;
      *paren = '\0';
    }
  for (int i = 0; i < N_BUILTIN; i++)
    if (strcmp (base, builtin[i].name) == 0)
      index = i;
  if (index < 0)
    {
      char names[256] = "";
      size_t used = 0;
      for (int i = 0; i < N_BUILTIN && used < sizeof names; i++)
        used += (size_t) snprintf (names + used, sizeof names - used, "%s%s", i ? ", " : "", builtin[i].name);
      return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "No recipe is called '%s'; the recipes are %s "
                           "(and auto, which chooses among them).", name, names);
    }
  cw_recipe *r = out;
  start (r, &builtin[index], task);
  cw_train_config *c = &r->train;
  bool regression = task == CW_TASK_REGRESSION;

  if (strcmp (name, "default") == 0)
    set_arch (r, DEFAULT_ARCH, SHORT_ARCH, channels, length, k);
  else if (strcmp (name, "bjerrum2017") == 0)
    {
      /* Bjerrum, Glahder & Skov (2017), arXiv:1710.01927: Gaussian noise, conv 8 x 32 and 16 x 32 with
       * "same" padding and ReLU, flatten, dropout 0.5, dense 128 ReLU, linear output; the augmentation
       * draws an offset (0.10 SD), a slope and a multiplicative factor per spectrum. */
      set_arch (r, "conv(8,k=32,pad=same) relu conv(16,k=32,pad=same) relu flatten dropout(0.5) dense(128) relu "
                   "dense(%d)", NULL, channels, length, k);
      c->epochs = 300;
      c->batch = 16;
      c->optimizer.lr = 1e-3f;
      plateau (c, 15, 0.5f, 1e-5f);
      c->augment = (cw_augment) { .offset = 0.10f, .slope = 0.05f, .scale = 0.05f, .noise = 0.01f,
                                  .input_units = true };
      r->ensemble = 3;
    }
  else if (strcmp (name, "cui-fearn2018") == 0)
    {
      /* Cui & Fearn (2018), Chemometr. Intell. Lab. 182, 9-20: one convolutional filter of width 5, then
       * dense layers of 36, 18 and 12 ELU units, L2 0.003 (Keras's penalty: weight decay 2 x 0.003),
       * spectra standardised by row (SNV) and then by column (the model's own scaling). */
      snprintf (r->preprocess, sizeof r->preprocess, "snv");
      set_arch (r, "conv(1,k=5,pad=same) elu flatten dense(36) elu dense(18) elu dense(12) elu dense(%d)", NULL,
                channels, length, k);
      c->epochs = 400;
      c->batch = 32;
      c->optimizer.lr = 5e-3f;
      c->optimizer.weight_decay = 0.006f;
      plateau (c, 20, 0.5f, 1e-5f);
      r->ensemble = 3;
    }
  else if (strcmp (name, "deriv-cnn") == 0)
    {
      snprintf (r->preprocess, sizeof r->preprocess, "sg(%d,2,1)", length >= 60 ? 11 : length >= 15 ? 5 : 3);
      set_arch (r, "conv(16,k=7,pad=same) relu maxpool(2) conv(32,k=7,pad=same) relu maxpool(2) flatten dropout(0.2) "
                   "dense(64) relu dense(%d)", SHORT_ARCH, channels, length, k);
      c->epochs = 300;
      c->batch = 16;
      c->optimizer.lr = 1e-3f;
      c->optimizer.weight_decay = 1e-4f;
      plateau (c, 15, 0.5f, 1e-5f);
      c->augment = (cw_augment) { .offset = 0.02f, .slope = 0.02f, .scale = 0.03f, .noise = 0.01f,
                                  .input_units = true };
      r->ensemble = 5;
    }
  else if (strcmp (base, "pca-mlp") == 0)
    {
      /* Borggaard & Thodberg (1992), Thodberg (1996): networks of a few tanh units on the first principal
       * component scores, averaged; scatter removed first (SNV), the scores standardised by the model. */
      if (strcmp (name, "pca-mlp") != 0)
        snprintf (r->name, sizeof r->name, "%s", name);
      snprintf (r->preprocess, sizeof r->preprocess, "snv pca(%d)", components);
      snprintf (r->arch, sizeof r->arch, "flatten dense(8) tanh dense(%d)", k);
      c->epochs = 600;
      c->batch = 16;
      c->optimizer.lr = 1e-2f;
      plateau (c, 20, 0.5f, 1e-5f);
      r->ensemble = 8;
    }
  else if (strcmp (base, "pca-linear") == 0)
    {
      /* Principal component regression (or logistic regression on the scores): the linear model that, like
       * PLS, regularises by keeping few directions, so a small or linear problem has a candidate near PLS. */
      if (strcmp (name, "pca-linear") != 0)
        snprintf (r->name, sizeof r->name, "%s", name);
      snprintf (r->preprocess, sizeof r->preprocess, "pca(%d)", components);
      snprintf (r->arch, sizeof r->arch, "flatten dense(%d)", k);
      c->epochs = 300;
      c->batch = 16;
      c->optimizer.lr = 1e-2f;
      plateau (c, 15, 0.5f, 1e-5f);
      r->ensemble = 1;
    }
  else if (strcmp (name, "linear") == 0)
    {
      /* With standardised inputs and targets, Adam on this is a ridge (or logistic) regression whose
       * penalty is the weight decay; cross-validation picks the epochs, which regularise as well. */
      snprintf (r->arch, sizeof r->arch, "flatten dense(%d)", k);
      c->epochs = 300;
      c->batch = 16;
      c->optimizer.lr = 1e-2f;
      c->optimizer.weight_decay = regression ? 1e-2f : 1e-3f;
      plateau (c, 15, 0.5f, 1e-5f);
      r->ensemble = 1;
    }
  return CW_OK;
}

int
cw_recipe_auto_candidates (cw_task task, int channels, int length, int n_train, int k, cw_recipe *out, int max)
{
  /* Cheapest first, so a time budget drops the expensive ones. */
  static const char *const regression[] = { "pca-linear(5)", "pca-linear(10)", "pca-mlp(6)", "pca-mlp(10)",
                                            "pca-mlp(15)", "cui-fearn2018", "deriv-cnn", "bjerrum2017", NULL };
  static const char *const classification[] = { "linear", "pca-linear(10)", "pca-mlp(10)", "cui-fearn2018",
                                                "deriv-cnn", "bjerrum2017", NULL };
  const char *const *order = task == CW_TASK_REGRESSION ? regression : classification;
  int count = 0;
  for (size_t i = 0; order[i] && count < max; i++)
    {
      /* PCA needs more training rows (in a CV fold's share) than components, and as many points. */
      const char *paren = strchr (order[i], '(');
      int pca = paren ? atoi (paren + 1) : 0;
      if (pca > 0 && (pca > length || pca >= n_train * 4 / 5 - 1))
        continue;
      if (cw_recipe_builtin (order[i], task, channels, length, k, &out[count], NULL) == CW_OK
          && arch_fits (out[count].arch, channels, length))
        count++;
    }
  return count;
}
