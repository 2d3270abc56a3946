/* cw-project-io-rows.c — the rows' roles and the recipe in .cwproj files: format 2's "rows" and "recipe"
 * objects, and format 1's "validation", which validated on rows a user would take for test rows
 * (gasoline's split = test): they open as test rows now, scored once, and the training rows are
 * validated on a holdout instead. Format 1 had no recipes: its own stack trains (custom). */
#include "cw-project-io-private.h"

#include <string.h>

void
cw_project_write_rows (JsonBuilder *builder, const CwRowSettings *rows)
{
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_object (builder);
  cw_writer_add_string (builder, "test", cw_project_test_choice_names[rows->test]);
  cw_writer_add_string (builder, "split_column", rows->split_column);
  cw_writer_add_string (builder, "test_column", rows->test_column);
  cw_writer_add_string (builder, "test_values", rows->test_values);
  cw_writer_add_double (builder, "test_fraction", rows->test_fraction);
  cw_writer_add_string (builder, "validation", cw_project_choose_by_names[rows->choose_by]);
  cw_writer_add_double (builder, "holdout_fraction", rows->holdout_fraction);
  cw_writer_add_int (builder, "cv_folds", rows->cv_folds);
  cw_writer_add_string (builder, "group_column", rows->group_column);
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, rows->seed);
  cw_writer_add_string (builder, "seed", seed);
  json_builder_end_object (builder);
}

static int
index_of (const char *const *names, int n, const char *name)
{
  for (int i = 0; name && i < n; i++)
    if (strcmp (names[i], name) == 0)
      return i;
  return -1;
}

static void
read_double (CwReader *r, JsonObject *o, const char *section, const char *name, double *out)
{
  JsonNode *node = cw_reader_member (r, o, section, name, G_TYPE_DOUBLE);
  if (node)
    *out = json_node_get_double (node);
}

/* Strings borrowed from the JSON are copied: the settings own theirs. */
static void
replace_text (char **field, const char *text)
{
  g_free (*field);
  *field = text && text[0] ? g_strdup (text) : NULL;
}

void
cw_project_read_rows (CwReader *r, JsonObject *o, CwRowSettings *rows)
{
  const char *s = "rows";
  const char *test = cw_reader_string (r, o, s, "test");
  if (test)
    {
      int i = index_of (cw_project_test_choice_names, CW_PROJECT_N_TEST_CHOICES, test);
      if (i < 0)
        cw_reader_fail (r, CW_ERR_FORMAT, "unknown way to choose test rows '%s'.", test);
      else
        rows->test = (CwTestChoice) i;
    }
  replace_text (&rows->split_column, cw_reader_string (r, o, s, "split_column"));
  replace_text (&rows->test_column, cw_reader_string (r, o, s, "test_column"));
  replace_text (&rows->test_values, cw_reader_string (r, o, s, "test_values"));
  read_double (r, o, s, "test_fraction", &rows->test_fraction);
  const char *validation = cw_reader_string (r, o, s, "validation");
  if (validation)
    {
      int i = index_of (cw_project_choose_by_names, CW_PROJECT_N_CHOOSE_BY, validation);
      if (i < 0)
        cw_reader_fail (r, CW_ERR_FORMAT, "unknown validation '%s'.", validation);
      else
        rows->choose_by = (CwChooseBy) i;
    }
  read_double (r, o, s, "holdout_fraction", &rows->holdout_fraction);
  cw_reader_int (r, o, s, "cv_folds", &rows->cv_folds);
  replace_text (&rows->group_column, cw_reader_string (r, o, s, "group_column"));
  cw_reader_uint64_text (r, o, s, "seed", &rows->seed);
}

void
cw_project_read_legacy_validation (CwReader *r, JsonObject *o, CwRowSettings *rows, char **note)
{
  *note = NULL;
  double fraction = 0.2;
  read_double (r, o, "validation", "fraction", &fraction);
  const char *column = cw_reader_string (r, o, "validation", "meta_column");
  const char *values = cw_reader_string (r, o, "validation", "meta_values");
  if (r->failed)
    return;
  /* No split column: the old random validation rows were never a test set. */
  replace_text (&rows->split_column, NULL);
  rows->choose_by = CW_CHOOSE_HOLDOUT;
  if (!column || !column[0])
    {
      rows->test = CW_TEST_NONE;
      rows->holdout_fraction = fraction;
      return;
    }
  rows->test = CW_TEST_META;
  replace_text (&rows->test_column, column);
  replace_text (&rows->test_values, values ? values : "");
  rows->holdout_fraction = 0.2;
  *note = g_strdup_printf ("This project was saved by an earlier version, which chose the epochs on the rows "
                           "where %s = %s. Those rows are test rows now, scored once after training, and "
                           "choices are validated on a random 20 %% of the training rows instead; train the "
                           "model again for an honest test score.", column, values ? values : "");
}

void
cw_project_write_recipe (JsonBuilder *builder, const CwRecipeSettings *recipe)
{
  json_builder_set_member_name (builder, "recipe");
  json_builder_begin_object (builder);
  cw_writer_add_string (builder, "name", recipe->recipe);
  cw_writer_add_int (builder, "ensemble", recipe->ensemble);
  cw_writer_add_double (builder, "time_budget_s", recipe->time_budget_s);
  json_builder_end_object (builder);
}

void
cw_project_read_recipe (CwReader *r, JsonObject *o, CwRecipeSettings *recipe)
{
  const char *name = cw_reader_string (r, o, "recipe", "name");
  if (name)
    {
      g_free (recipe->recipe);
      recipe->recipe = g_strdup (name);
    }
  cw_reader_int (r, o, "recipe", "ensemble", &recipe->ensemble);
  read_double (r, o, "recipe", "time_budget_s", &recipe->time_budget_s);
}
