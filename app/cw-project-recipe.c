/* cw-project-recipe.c — which recipe trains the CNN: "auto" (the candidates cw_recipe_auto_candidates
 * offers, chosen by validation on the training rows), one of the engine's built-in recipes, or "custom"
 * (the project's own layer stack and training settings), with the ensemble size and auto's time budget;
 * and the recipes that setting makes for the current data, task and preprocessing. */
#include "cw-project-private.h"

#include <string.h>

#define DEFAULT_TIME_BUDGET_S 600.0

void
cw_project_recipe_settings_init (CwRecipeSettings *settings)
{
  settings->recipe = g_strdup (CW_RECIPE_AUTO);
  settings->ensemble = 0;
  settings->time_budget_s = DEFAULT_TIME_BUDGET_S;
}

void
cw_project_recipe_settings_clear (CwRecipeSettings *settings)
{
  g_clear_pointer (&settings->recipe, g_free);
}

const CwRecipeSettings *
cw_project_get_recipe_settings (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  return &self->recipe;
}

static gboolean
known_recipe (const char *name)
{
  if (!name)
    return FALSE;
  if (strcmp (name, CW_RECIPE_AUTO) == 0 || strcmp (name, CW_RECIPE_CUSTOM) == 0)
    return TRUE;
  for (int i = 0; i < cw_recipe_n_builtin (); i++)
    if (strcmp (name, cw_recipe_builtin_name (i)) == 0)
      return TRUE;
  return FALSE;
}

gboolean
cw_project_set_recipe_settings (CwProject *self, const CwRecipeSettings *settings, GError **error)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);
  if (!known_recipe (settings->recipe))
    {
      g_set_error (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT,
                   "No recipe is called '%s'.", settings->recipe ? settings->recipe : "");
      return FALSE;
    }
  int ensemble = CLAMP (settings->ensemble, 0, 100);
  double budget = MAX (settings->time_budget_s, 0.0);
  if (g_strcmp0 (settings->recipe, self->recipe.recipe) == 0 && ensemble == self->recipe.ensemble
      && budget == self->recipe.time_budget_s)
    return TRUE;
  /* The caller may pass our own struct back with one field changed. */
  char *name = g_strdup (settings->recipe);
  g_free (self->recipe.recipe);
  self->recipe.recipe = name;
  self->recipe.ensemble = ensemble;
  self->recipe.time_budget_s = budget;
  cw_project_set_modified (self, TRUE);
  g_signal_emit (self, cw_project_signals[CW_PROJECT_SETTINGS_CHANGED], 0);
  return TRUE;
}

gboolean
cw_project_is_custom_recipe (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), TRUE);
  return g_strcmp0 (self->recipe.recipe, CW_RECIPE_CUSTOM) == 0;
}

const char *
cw_project_recipe_title (const char *name)
{
  if (g_strcmp0 (name, CW_RECIPE_AUTO) == 0)
    return "Auto (chosen by validation)";
  if (g_strcmp0 (name, CW_RECIPE_CUSTOM) == 0)
    return "Custom (the layer stack and settings below)";
  for (int i = 0; name && i < cw_recipe_n_builtin (); i++)
    if (strcmp (name, cw_recipe_builtin_name (i)) == 0)
      return cw_recipe_builtin_title (i);
  return name ? name : "";
}

/* The training rows that remain for the final fit (training rows; with a holdout, without its rows). */
static int
training_rows (CwProject *self)
{
  CwRowRoles rows;
  if (!cw_project_compute_rows (self, NULL, &rows, NULL))
    return 0;
  int n = rows.counts[CW_ROLE_TRAIN];
  cw_row_roles_clear (&rows);
  return n;
}

int
cw_project_dup_recipes (CwProject *self, cw_recipe **out, GError **error)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), 0);
  g_return_val_if_fail (out != NULL, 0);
  *out = NULL;
  if (!self->dataset)
    {
      g_set_error_literal (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT, "Load a data file first.");
      return 0;
    }
  if (self->target < 0)
    {
      g_set_error_literal (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT, "Choose the target column to predict.");
      return 0;
    }
  char *problem = NULL;
  if (!cw_project_check_preprocessing (self, &problem))
    {
      g_set_error_literal (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT, problem);
      g_free (problem);
      return 0;
    }
  /* Recipes shape their networks for the signal after the project's preprocessing. */
  int channels = cw_dataset_n_channels (self->dataset), length = cw_project_get_input_length (self);
  int k = cw_project_get_n_outputs (self);
  const char *name = self->recipe.recipe;
  cw_recipe *recipes = g_new0 (cw_recipe, CW_RECIPE_MAX_AUTO);
  int count = 0;
  cw_error err;
  cw_error_clear (&err);
  if (g_strcmp0 (name, CW_RECIPE_AUTO) == 0)
    {
      count = cw_recipe_auto_candidates (self->task, channels, length, training_rows (self), k, recipes,
                                         CW_RECIPE_MAX_AUTO);
      if (count == 0)
        g_set_error (error, CW_PROJECT_ERROR, CW_ERR_SHAPE, "No built-in recipe fits signals of %d × %d points: "
                     "choose Custom and build a network for them.", channels, length);
    }
  else if (g_strcmp0 (name, CW_RECIPE_CUSTOM) == 0)
    {
      /* The engine's default recipe gives the fields a recipe has; the project's stack and settings
       * replace its network and training. */
      cw_recipe_builtin ("default", self->task, channels, MAX (length, 1), k, &recipes[0], NULL);
      g_strlcpy (recipes[0].name, CW_RECIPE_CUSTOM, sizeof recipes[0].name);
      g_strlcpy (recipes[0].title, "the layer stack and training settings of the Model page",
                 sizeof recipes[0].title);
      recipes[0].preprocess[0] = '\0';
      char *arch = cw_spec_to_string (self->spec);
      g_strlcpy (recipes[0].arch, arch ? arch : "", sizeof recipes[0].arch);
      gboolean fits = arch && strlen (arch) < sizeof recipes[0].arch;
      free (arch);
      if (!fits)
        g_set_error_literal (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT,
                             "The layer stack is too long to train (its text exceeds what a recipe holds).");
      recipes[0].train = self->config;
      recipes[0].ensemble = 1;
      count = fits ? 1 : 0;
    }
  else if (cw_recipe_builtin (name, self->task, channels, length, k, &recipes[0], &err) == CW_OK)
    count = 1;
  else
    g_set_error_literal (error, CW_PROJECT_ERROR, err.status, err.message);
  if (count == 0)
    g_clear_pointer (&recipes, g_free);
  *out = recipes;
  return count;
}

gboolean
cw_project_check_training (CwProject *self, char **message, int *bad_layer)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), FALSE);
  if (message)
    *message = NULL;
  if (bad_layer)
    *bad_layer = -1;
  if (cw_project_is_custom_recipe (self))
    return cw_project_check_spec (self, message, bad_layer);
  g_autoptr (GError) error = NULL;
  g_autofree cw_recipe *recipes = NULL;
  int count = cw_project_dup_recipes (self, &recipes, &error);
  if (count == 0)
    {
      if (message)
        *message = g_strdup (error->message);
      return FALSE;
    }
  /* A recipe's network that does not build for these data (a built-in one on very short signals). */
  int channels = cw_dataset_n_channels (self->dataset), length = cw_project_get_input_length (self);
  for (int i = 0; i < count; i++)
    {
      cw_error err;
      cw_error_clear (&err);
      cw_spec *spec = cw_spec_parse (recipes[i].arch, &err);
      /* Checked without building: a model for long signals would allocate and initialise its weights on the
       * main thread at every edit. */
      gboolean builds = spec && cw_model_check (spec, channels, length, self->task, cw_project_get_n_outputs (self),
                                                &err) == CW_OK;
      cw_spec_free (spec);
      if (!builds)
        {
          if (message)
            *message = g_strdup_printf ("Recipe %s does not build for signals of %d points: %s", recipes[i].name,
                                        length, err.message);
          return FALSE;
        }
    }
  return TRUE;
}
