/* cw-project-roles.c — which rows train, which validate the choices and which are test rows.
 *
 * The settings are words (a split column, a meta column's values, random shares, K folds); the roles are
 * computed from them for the current data whenever asked, with the engine's rules (engine/cw-roles.h):
 * test rows first, then validation out of what is left. A test row never becomes a validation row, and
 * settings that cannot be made for the data are refused with the reason, keeping the last good ones. */
#include "cw-project-private.h"

#include <math.h>
#include <string.h>

/* Up to this many training rows the default validation is K-fold CV; above, a holdout is cheaper and
 * already large enough to choose epochs on. */
#define CV_DEFAULT_MAX_ROWS 5000
/* A random test share is proposed for data of at least this many rows without a split column. */
#define RANDOM_TEST_MIN_ROWS 30
#define DEFAULT_FOLDS 5

/* The test share and the validation are drawn from different streams of the one seed, so choosing a
 * test share does not shape which training rows validate. */
#define VALIDATION_SEED_SALT G_GUINT64_CONSTANT (0x76616c6964617465)

void
cw_project_row_settings_init (CwRowSettings *settings)
{
  memset (settings, 0, sizeof *settings);
  settings->test = CW_TEST_NONE;
  settings->test_fraction = 0.2;
  settings->choose_by = CW_CHOOSE_CV;
  settings->holdout_fraction = 0.2;
  settings->cv_folds = DEFAULT_FOLDS;
  settings->seed = 1;
}

static char *
dup_or_null (const char *text)
{
  return text && text[0] ? g_strdup (text) : NULL;
}

void
cw_row_settings_copy (CwRowSettings *dest, const CwRowSettings *src)
{
  *dest = *src;
  dest->split_column = dup_or_null (src->split_column);
  dest->test_column = dup_or_null (src->test_column);
  dest->test_values = dup_or_null (src->test_values);
  dest->group_column = dup_or_null (src->group_column);
}

void
cw_row_settings_clear (CwRowSettings *settings)
{
  g_clear_pointer (&settings->split_column, g_free);
  g_clear_pointer (&settings->test_column, g_free);
  g_clear_pointer (&settings->test_values, g_free);
  g_clear_pointer (&settings->group_column, g_free);
}

static gboolean
same_text (const char *a, const char *b)
{
  return g_strcmp0 (a && a[0] ? a : NULL, b && b[0] ? b : NULL) == 0;
}

gboolean
cw_row_settings_equal (const CwRowSettings *a, const CwRowSettings *b)
{
  return a->test == b->test && same_text (a->split_column, b->split_column)
         && same_text (a->test_column, b->test_column) && same_text (a->test_values, b->test_values)
         && a->test_fraction == b->test_fraction && a->choose_by == b->choose_by
         && a->holdout_fraction == b->holdout_fraction && a->cv_folds == b->cv_folds
         && same_text (a->group_column, b->group_column) && a->seed == b->seed;
}

void
cw_row_roles_clear (CwRowRoles *rows)
{
  g_clear_pointer (&rows->roles, g_free);
  g_clear_pointer (&rows->fold, g_free);
  memset (rows, 0, sizeof *rows);
}

char *
cw_row_roles_describe (const CwRowRoles *rows)
{
  GString *text = g_string_new (NULL);
  const int *c = rows->counts;
  if (rows->fold)
    g_string_append_printf (text, "Training %d (%d-fold CV)", c[CW_ROLE_TRAIN], rows->n_folds);
  else if (c[CW_ROLE_VALIDATION] > 0)
    g_string_append_printf (text, "Training %d · Validation %d", c[CW_ROLE_TRAIN], c[CW_ROLE_VALIDATION]);
  else
    g_string_append_printf (text, "Training %d (no validation)", c[CW_ROLE_TRAIN]);
  if (c[CW_ROLE_TEST] > 0)
    g_string_append_printf (text, " · Test %d", c[CW_ROLE_TEST]);
  else
    g_string_append (text, " · no test rows");
  return g_string_free (text, FALSE);
}

static gboolean
fail (GError **error, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError **error, const char *fmt, ...)
{
  va_list args;
  va_start (args, fmt);
  g_autofree char *message = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_set_error_literal (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT, message);
  return FALSE;
}

static gboolean
fail_engine (GError **error, const char *prefix, const cw_error *err)
{
  return fail (error, "%s%s", prefix, err->message[0] ? err->message : cw_status_name (err->status));
}

/* Test rows into roles (every other row training); *split_validation when a split column also names
 * validation rows (they are kept as such). */
static gboolean
mark_test_rows (const cw_dataset *ds, const CwRowSettings *s, const int *groups, unsigned char *roles,
                gboolean *split_validation, GError **error)
{
  int n = cw_dataset_n_samples (ds);
  cw_error err;
  cw_error_clear (&err);
  *split_validation = FALSE;
  switch (s->test)
    {
    case CW_TEST_NONE:
      return TRUE;
    case CW_TEST_SPLIT_COLUMN:
      if (!s->split_column || !s->split_column[0])
        return fail (error, "Choose the split column that names the test rows.");
      if (cw_roles_from_split_column (ds, s->split_column, roles, &err) != CW_OK)
        return fail_engine (error, "Split column: ", &err);
      for (int i = 0; i < n; i++)
        *split_validation |= roles[i] == CW_ROLE_VALIDATION;
      return TRUE;
    case CW_TEST_META:
      {
        if (!s->test_column || !s->test_column[0])
          return fail (error, "Choose the meta column whose values name the test rows.");
        if (!s->test_values || !s->test_values[0])
          return fail (error, "Give the value of '%s' that names the test rows.", s->test_column);
        g_autofree unsigned char *is_test = g_new0 (unsigned char, MAX (n, 1));
        /* The engine names the values the column does hold when none matches. */
        if (cw_split_by_meta (ds, s->test_column, s->test_values, is_test, &err) != CW_OK)
          return fail_engine (error, "Test rows: ", &err);
        for (int i = 0; i < n; i++)
          if (is_test[i])
            roles[i] = CW_ROLE_TEST;
        return TRUE;
      }
    case CW_TEST_RANDOM:
      if (!(s->test_fraction > 0 && s->test_fraction < 1))
        return fail (error, "The test share must lie between 0 and 1 (it is %g).", s->test_fraction);
      /* A holdout of all rows is a random test share that keeps groups together. */
      if (cw_roles_holdout (roles, n, s->test_fraction, groups, s->seed, &err) != CW_OK)
        return fail_engine (error, "Random test rows: ", &err);
      for (int i = 0; i < n; i++)
        if (roles[i] == CW_ROLE_VALIDATION)
          roles[i] = CW_ROLE_TEST;
      return TRUE;
    }
  return fail (error, "Unknown way to choose test rows.");
}

gboolean
cw_project_compute_rows (CwProject *self, const CwRowSettings *settings, CwRowRoles *rows, GError **error)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (rows != NULL, FALSE);
  memset (rows, 0, sizeof *rows);
  const CwRowSettings *s = settings ? settings : &self->rows;
  const cw_dataset *ds = self->dataset;
  if (!ds)
    return fail (error, "Load a data file first.");
  int n = cw_dataset_n_samples (ds);
  cw_error err;
  cw_error_clear (&err);

  g_autofree int *groups = NULL;
  if (s->group_column && s->group_column[0])
    {
      groups = g_new (int, MAX (n, 1));
      if (cw_groups_from_meta (ds, s->group_column, groups, &err) < 0)
        return fail_engine (error, "Keep together by: ", &err);
    }

  g_autofree unsigned char *roles = g_new0 (unsigned char, MAX (n, 1));
  gboolean split_validation = FALSE;
  if (!mark_test_rows (ds, s, groups, roles, &split_validation, error))
    return FALSE;
  int counts[3];
  cw_roles_count (roles, n, counts);
  if (counts[CW_ROLE_TEST] == n)
    return fail (error, "Every row is a test row: nothing is left to train on.");
  if (counts[CW_ROLE_TRAIN] + counts[CW_ROLE_VALIDATION] < 2)
    return fail (error, "The test rows leave %d row to train on; at least 2 are needed.",
                 counts[CW_ROLE_TRAIN] + counts[CW_ROLE_VALIDATION]);

  /* Validation comes out of the training rows only. A split column's validation rows are the holdout;
   * any other validation makes them training rows again. */
  gboolean use_split_rows = split_validation && s->choose_by == CW_CHOOSE_HOLDOUT;
  if (!use_split_rows)
    for (int i = 0; i < n; i++)
      if (roles[i] == CW_ROLE_VALIDATION)
        roles[i] = CW_ROLE_TRAIN;
  cw_roles_count (roles, n, counts);
  guint64 seed = s->seed ^ VALIDATION_SEED_SALT;

  g_autofree int *fold = NULL;
  int n_folds = 0;
  if (s->choose_by == CW_CHOOSE_CV)
    {
      if (s->cv_folds < 2)
        return fail (error, "Cross-validation needs at least 2 folds (%d were asked for).", s->cv_folds);
      fold = g_new (int, MAX (n, 1));
      if (cw_roles_folds (roles, n, s->cv_folds, groups, true, seed, fold, &err) != CW_OK)
        return fail_engine (error, "", &err);
      n_folds = s->cv_folds;
    }
  else if (!use_split_rows && s->holdout_fraction > 0)
    {
      if (s->holdout_fraction >= 1)
        return fail (error, "The validation share must be below 1 (it is %g).", s->holdout_fraction);
      if (cw_roles_holdout (roles, n, s->holdout_fraction, groups, seed, &err) != CW_OK)
        return fail_engine (error, "Validation rows: ", &err);
    }

  rows->n = n;
  rows->roles = g_steal_pointer (&roles);
  rows->fold = g_steal_pointer (&fold);
  rows->n_folds = n_folds;
  rows->split_validation = use_split_rows;
  cw_roles_count (rows->roles, n, rows->counts);
  return TRUE;
}

const CwRowSettings *
cw_project_get_row_settings (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  return &self->rows;
}

gboolean
cw_project_set_row_settings (CwProject *self, const CwRowSettings *settings, GError **error)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);
  if (cw_row_settings_equal (settings, &self->rows))
    return TRUE;
  if (self->dataset)
    {
      CwRowRoles rows;
      if (!cw_project_compute_rows (self, settings, &rows, error))
        return FALSE;
      cw_row_roles_clear (&rows);
    }
  /* Copy before freeing: the caller may pass our own struct back with one field changed. */
  CwRowSettings copy;
  cw_row_settings_copy (&copy, settings);
  cw_row_settings_clear (&self->rows);
  self->rows = copy;
  cw_project_set_modified (self, TRUE);
  g_signal_emit (self, cw_project_signals[CW_PROJECT_SETTINGS_CHANGED], 0);
  return TRUE;
}

unsigned char *
cw_project_dup_left_out_rows (CwProject *self, GError **error)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  CwRowRoles rows;
  if (!cw_project_compute_rows (self, NULL, &rows, error))
    return NULL;
  unsigned char *left_out = g_new0 (unsigned char, MAX (rows.n, 1));
  for (int i = 0; i < rows.n; i++)
    left_out[i] = rows.roles[i] != CW_ROLE_TRAIN;
  cw_row_roles_clear (&rows);
  return left_out;
}

/* ---- defaults ---- */

void
cw_project_guess_row_settings (CwProject *self, CwRowSettings *s)
{
  cw_project_row_settings_init (s);
  const cw_dataset *ds = self->dataset;
  if (!ds)
    return;
  int n = cw_dataset_n_samples (ds);
  int column = cw_roles_guess_split_column (ds);
  if (column >= 0)
    {
      s->test = CW_TEST_SPLIT_COLUMN;
      s->split_column = g_strdup (cw_dataset_meta_name (ds, column));
    }
  else if (n >= RANDOM_TEST_MIN_ROWS)
    s->test = CW_TEST_RANDOM;
  /* Replicates of one sample (or beats of one patient) split between training and validation make
   * every choice look better than it is: keep a column of repeated ids together when there is one. */
  int group = cw_roles_guess_group_column (ds, column);
  if (group >= 0)
    s->group_column = g_strdup (cw_dataset_meta_name (ds, group));

  /* A split column that names validation rows is somebody's holdout: use it. Otherwise cross-validate
   * (fewer folds when there are few training rows), or hold out a share of large data. */
  CwRowRoles rows;
  s->choose_by = CW_CHOOSE_HOLDOUT;
  if (!cw_project_compute_rows (self, s, &rows, NULL))
    {
      /* e.g. a split column whose test rows leave too few training rows: no test rows then */
      g_autofree char *group_column = g_steal_pointer (&s->group_column);
      cw_row_settings_clear (s);
      cw_project_row_settings_init (s);
      s->choose_by = CW_CHOOSE_HOLDOUT;
      s->group_column = g_steal_pointer (&group_column);
      if (!cw_project_compute_rows (self, s, &rows, NULL))
        {
          g_clear_pointer (&s->group_column, g_free); /* e.g. too few groups to take any out */
          if (!cw_project_compute_rows (self, s, &rows, NULL))
            return;
        }
    }
  gboolean split_validation = rows.split_validation;
  int n_train = rows.counts[CW_ROLE_TRAIN] + rows.counts[CW_ROLE_VALIDATION];
  cw_row_roles_clear (&rows);
  if (split_validation)
    return;
  if (n_train <= CV_DEFAULT_MAX_ROWS)
    {
      s->choose_by = CW_CHOOSE_CV;
      s->cv_folds = n_train >= 10 ? DEFAULT_FOLDS : n_train >= 4 ? 3 : 2;
      if (n_train < 4)
        {
          /* too few rows to take any out: train on all of them for the recipe's epochs */
          s->choose_by = CW_CHOOSE_HOLDOUT;
          s->holdout_fraction = 0;
        }
    }
  /* Whole groups go to one fold: with few groups, fewer folds; with too few for any, no groups. */
  while (s->group_column && !cw_project_compute_rows (self, s, &rows, NULL))
    {
      if (s->choose_by == CW_CHOOSE_CV && s->cv_folds > 2)
        s->cv_folds--;
      else
        g_clear_pointer (&s->group_column, g_free);
    }
  cw_row_roles_clear (&rows);
}

/* ---- in words ---- */

char *
cw_project_describe_test_choice (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  const CwRowSettings *s = &self->rows;
  switch (s->test)
    {
    case CW_TEST_NONE:
      return g_strdup ("no test rows");
    case CW_TEST_SPLIT_COLUMN:
      return g_strdup_printf ("the test rows of split column '%s'", s->split_column ? s->split_column : "?");
    case CW_TEST_META:
      return g_strdup_printf ("%s = %s", s->test_column ? s->test_column : "?",
                              s->test_values ? s->test_values : "?");
    case CW_TEST_RANDOM:
      return g_strdup_printf ("a random %.0f %% of the rows (seed %" G_GUINT64_FORMAT "%s%s)",
                              100 * s->test_fraction, s->seed, s->group_column ? ", by " : "",
                              s->group_column ? s->group_column : "");
    }
  return g_strdup ("?");
}

char *
cw_project_describe_validation (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  const CwRowSettings *s = &self->rows;
  g_autofree char *groups = s->group_column ? g_strdup_printf (", keeping '%s' together", s->group_column)
                                            : g_strdup ("");
  if (s->choose_by == CW_CHOOSE_CV)
    return g_strdup_printf ("%d-fold cross-validation over the training rows (random, seed %" G_GUINT64_FORMAT
                            "%s)", s->cv_folds, s->seed, groups);
  CwRowRoles rows;
  gboolean split_rows = FALSE;
  if (self->dataset && cw_project_compute_rows (self, NULL, &rows, NULL))
    {
      split_rows = rows.split_validation;
      cw_row_roles_clear (&rows);
    }
  if (split_rows)
    return g_strdup_printf ("the validation rows of split column '%s'", s->split_column);
  if (s->holdout_fraction <= 0)
    return g_strdup ("none (the last epoch is kept)");
  return g_strdup_printf ("a random %.0f %% of the training rows (seed %" G_GUINT64_FORMAT "%s)",
                          100 * s->holdout_fraction, s->seed, groups);
}

char *
cw_project_rows_key (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  const CwRowSettings *s = &self->rows;
  return g_strdup_printf ("%d|%s|%s|%s|%.17g|%d|%.17g|%d|%s|%" G_GUINT64_FORMAT, (int) s->test,
                          s->split_column ? s->split_column : "", s->test_column ? s->test_column : "",
                          s->test_values ? s->test_values : "", s->test_fraction, (int) s->choose_by,
                          s->holdout_fraction, s->cv_folds, s->group_column ? s->group_column : "", s->seed);
}
