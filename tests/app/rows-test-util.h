/* rows-test-util.h — the rows' roles as the tests want them: counts and masks of one role. Static
 * inline, so a test that uses only some of them builds without warnings. */
#pragma once

#include "cw-project.h"

/* Rows of `role` under the project's settings (asserts they can be made). */
static inline int
count_role (CwProject *project, cw_role role)
{
  CwRowRoles rows;
  g_autoptr (GError) error = NULL;
  g_assert_true (cw_project_compute_rows (project, NULL, &rows, &error));
  g_assert_no_error (error);
  int count = rows.counts[role];
  cw_row_roles_clear (&rows);
  return count;
}

/* n values: 1 where the row's role is `role` (g_free). */
static inline unsigned char *
dup_role_mask (CwProject *project, cw_role role)
{
  CwRowRoles rows;
  g_assert_true (cw_project_compute_rows (project, NULL, &rows, NULL));
  unsigned char *mask = g_new0 (unsigned char, MAX (rows.n, 1));
  for (int i = 0; i < rows.n; i++)
    mask[i] = rows.roles[i] == role;
  cw_row_roles_clear (&rows);
  return mask;
}

/* n values: 1 where the row is not a training row (validation or test): what fits leave out. */
static inline unsigned char *
dup_left_out_mask (CwProject *project)
{
  g_autoptr (GError) error = NULL;
  unsigned char *mask = cw_project_dup_left_out_rows (project, &error);
  g_assert_no_error (error);
  return mask;
}

/* Sets the test rows to the rows where `column` holds `values`, validated by a random holdout of the
 * training rows (fraction; 0 = none). */
static inline void
set_test_by_meta (CwProject *project, const char *column, const char *values, double holdout)
{
  CwRowSettings s;
  cw_row_settings_copy (&s, cw_project_get_row_settings (project));
  s.test = CW_TEST_META;
  g_free (s.test_column);
  g_free (s.test_values);
  s.test_column = g_strdup (column);
  s.test_values = g_strdup (values);
  s.choose_by = CW_CHOOSE_HOLDOUT;
  s.holdout_fraction = holdout;
  g_autoptr (GError) error = NULL;
  g_assert_true (cw_project_set_row_settings (project, &s, &error));
  g_assert_no_error (error);
  cw_row_settings_clear (&s);
}

/* No test rows; a random holdout of `holdout` of the rows validates (0 = none). */
static inline void
set_holdout_only (CwProject *project, double holdout)
{
  CwRowSettings s;
  cw_row_settings_copy (&s, cw_project_get_row_settings (project));
  s.test = CW_TEST_NONE;
  s.choose_by = CW_CHOOSE_HOLDOUT;
  s.holdout_fraction = holdout;
  g_autoptr (GError) error = NULL;
  g_assert_true (cw_project_set_row_settings (project, &s, &error));
  g_assert_no_error (error);
  cw_row_settings_clear (&s);
}
