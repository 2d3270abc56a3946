/* test-compare-honest.c — the Compare page and PLS under the three roles, with the CNN trained by the
 * session as a user would: gasoline's split column names the 10 test rows, the 50 training rows are
 * cross-validated. The page tests on exactly the project's test rows; PLS chooses its components on the
 * CNN's very folds, evaluating min (training rows - 1, 30, length) of them; the table's SEP and RPD are
 * the engine's test statistics of each model's predictions; the verdict is the paired randomisation test
 * computed here. Renders the page into SCREENSHOT_DIR. */
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "compare-test-util.h"
#include "cw-compare-table.h"
#include "cw-compare-view.h"
#include "cw-training-session.h"
#include "rows-test-util.h"

#define PAGE_WIDTH 1200
#define PAGE_HEIGHT 800

static CwProject *
trained_gasoline (void)
{
  CwProject *project = cw_project_new ();
  g_autoptr (GFile) file = g_file_new_for_path (RESOURCES_DIR "/data/gasoline.csv");
  g_assert_true (cw_project_load_data (project, file, NULL));
  g_assert_true (cw_project_set_preprocessing (project, "center", NULL));
  CwRecipeSettings recipe = *cw_project_get_recipe_settings (project);
  recipe.recipe = (char *) CW_RECIPE_CUSTOM;
  g_assert_true (cw_project_set_recipe_settings (project, &recipe, NULL));
  cw_spec *spec = cw_spec_parse ("conv(4,k=9) relu maxpool(4) flatten dense(16) relu dense(1)", NULL);
  cw_project_set_spec (project, spec);
  cw_spec_free (spec);
  cw_train_config config = *cw_project_get_train_config (project);
  config.epochs = 40;
  config.seed = 3;
  cw_project_set_train_config (project, &config);
  cw_project_set_threads (project, 2);
  g_assert_cmpint (cw_project_get_row_settings (project)->choose_by, ==, CW_CHOOSE_CV);

  g_autoptr (CwTrainingSession) session = cw_training_session_new ();
  g_autoptr (GError) error = NULL;
  g_assert_true (cw_training_session_start (session, project, &error));
  g_assert_no_error (error);
  g_assert_true (cw_training_session_wait (session, 120000));
  g_assert_nonnull (cw_project_get_model (project));
  return project;
}

static gboolean
settled (gpointer view)
{
  return !cw_compare_view_is_busy (view) && cw_compare_view_get_pls_result (view) != NULL
         && cw_compare_view_get_saliency_result (view) != NULL;
}

static double
table_number (CwCompareTable *table, const char *metric, int column)
{
  int row = cw_compare_table_find_row (table, metric);
  g_assert_cmpint (row, >, 0);
  return g_ascii_strtod (cw_compare_table_get_text (table, row, column), NULL);
}

static void
test_compare_on_test_rows (void)
{
  g_autoptr (CwProject) project = trained_gasoline ();
  CwCompareView *view = CW_COMPARE_VIEW (cw_compare_view_new (project));
  GtkWidget *window = show_in_window (GTK_WIDGET (view), PAGE_WIDTH, PAGE_HEIGHT);
  g_assert_true (wait_for (settled, view, 120));

  /* The page's test rows are the project's, in row order. */
  CwCompareInputs *inputs = cw_compare_view_get_inputs (view);
  g_autofree unsigned char *is_test = dup_role_mask (project, CW_ROLE_TEST);
  g_assert_cmpint (inputs->n, ==, count_role (project, CW_ROLE_TEST));
  g_assert_cmpint (inputs->n, ==, 10);
  for (int j = 0; j < inputs->n; j++)
    g_assert_true (is_test[inputs->rows[j]]);
  g_printerr ("# status: %s\n", cw_compare_view_get_status (view));
  g_assert_nonnull (strstr (cw_compare_view_get_status (view), "The same 10 test rows"));

  /* PLS: the same test rows, the CNN's folds, up to min (50 - 1, 30, 401) = 30 components. */
  CwPlsResult *pls = cw_compare_view_get_pls_result (view);
  g_assert_cmpint (pls->n_test, ==, 10);
  g_assert_cmpmem (pls->test_rows, 10 * sizeof (int), inputs->rows, 10 * sizeof (int));
  CwRowRoles rows;
  g_assert_true (cw_project_compute_rows (project, NULL, &rows, NULL));
  g_assert_nonnull (rows.fold);
  g_assert_cmpint (pls->n_folds, ==, rows.n_folds);
  g_assert_cmpmem (pls->fold, (gsize) rows.n * sizeof (int), rows.fold, (gsize) rows.n * sizeof (int));
  cw_row_roles_clear (&rows);
  g_assert_cmpstr (pls->cv_label, ==, "the CNN's 5 folds");
  g_assert_cmpint (pls->settings.max_components, ==, 30);
  g_printerr ("# PLS: %d components evaluated, %d chosen\n", pls->n_components, pls->chosen);

  /* SEP and RPD: the engine's test statistics of each model's test predictions. */
  CwSaliencyResult *cnn = cw_compare_view_get_saliency_result (view);
  cw_test_scores cnn_scores, pls_scores;
  g_assert_cmpint (cw_test_scores_compute (inputs->truth, cnn->pred, inputs->n, 1, false, &cnn_scores, NULL), ==, CW_OK);
  g_assert_cmpint (cw_test_scores_compute (pls->test_truth, pls->test_pred, pls->n_test, 1, false, &pls_scores, NULL),
                   ==, CW_OK);
  CwCompareTable *table = CW_COMPARE_TABLE (cw_compare_view_get_table (view));
  g_assert_cmpfloat_with_epsilon (table_number (table, "SEP", CW_COMPARE_COLUMN_CNN), cnn_scores.sep, 1e-3 * cnn_scores.sep);
  g_assert_cmpfloat_with_epsilon (table_number (table, "SEP", CW_COMPARE_COLUMN_PLS), pls_scores.sep, 1e-3 * pls_scores.sep);
  g_assert_cmpfloat_with_epsilon (table_number (table, "RPD", CW_COMPARE_COLUMN_CNN), cnn_scores.rpd, 1e-3 * cnn_scores.rpd);
  g_assert_cmpfloat_with_epsilon (table_number (table, "RPD", CW_COMPARE_COLUMN_PLS), pls_scores.rpd, 1e-3 * pls_scores.rpd);
  g_assert_cmpfloat_with_epsilon (table_number (table, "RMSEP", CW_COMPARE_COLUMN_CNN), cnn_scores.rmsep,
                                  1e-3 * cnn_scores.rmsep);
  g_assert_cmpstr (cw_compare_table_get_text (table, cw_compare_table_find_row (table, "n"), CW_COMPARE_COLUMN_CNN), ==, "10");
  g_assert_cmpstr (cw_compare_table_get_text (table, cw_compare_table_find_row (table, "Model"), CW_COMPARE_COLUMN_CNN),
                   ==, "custom");
  /* What each chose on, labelled apart from the test scores: the CNN's record, PLS's RMSECV at its count;
   * PLS's nested CV estimate over the same 5 outer folds. */
  int chosen_row = cw_compare_table_find_row (table, "Chosen on");
  g_assert_cmpint (chosen_row, >, 0);
  g_assert_cmpstr (cw_compare_table_get_text (table, chosen_row, CW_COMPARE_COLUMN_CNN), ==,
                   cw_model_get_info (cw_project_get_model (project), "cv_score"));
  g_assert_true (g_str_has_prefix (cw_compare_table_get_text (table, chosen_row, CW_COMPARE_COLUMN_CNN), "RMSECV "));
  g_autofree char *pls_cv = g_strdup_printf ("RMSECV %.4g", pls->rmsecv[pls->chosen - 1]);
  g_assert_cmpstr (cw_compare_table_get_text (table, chosen_row, CW_COMPARE_COLUMN_PLS), ==, pls_cv);
  g_assert_true (pls->has_nested);
  g_assert_cmpint (pls->nested_outer, ==, 5);
  g_autofree char *pls_nested = g_strdup_printf ("RMSE %.4g", pls->nested_rmse);
  g_assert_cmpstr (cw_compare_table_get_text (table, cw_compare_table_find_row (table, "Nested CV"),
                                              CW_COMPARE_COLUMN_PLS), ==, pls_nested);

  /* The verdict: the paired randomisation test of the CNN against PLS on these rows. */
  cw_paired_config config = cw_paired_config_default ();
  config.seed = inputs->seed;
  cw_paired_comparison c;
  g_assert_cmpint (cw_paired_compare (&config, inputs->truth, cnn->pred, pls->test_pred, 10, 1, false, &c, NULL), ==,
                   CW_OK);
  const char *verdict = cw_compare_view_get_verdict (view);
  g_printerr ("# %s\n# note: %s\n", verdict, cw_compare_view_get_note (view));
  g_assert_true (g_str_has_prefix (verdict, "Verdict: "));
  g_autofree char *p = c.test.p_value < 0.001 ? g_strdup ("p < 0.001") : g_strdup_printf ("p = %.3g", c.test.p_value);
  g_assert_nonnull (strstr (verdict, p));
  g_assert_true (c.test.exact); /* 10 rows: every sign pattern */
  g_assert_nonnull (strstr (verdict, "exact paired sign-flip test"));
  g_assert_nonnull (strstr (cw_compare_view_get_note (view), "Neither model chose anything on the test rows"));
  g_assert_nonnull (strstr (cw_compare_view_get_note (view), "cross-validation folds"));

  save_screenshot (GTK_WIDGET (view), "pages-compare-honest.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/compare-honest/test-rows", test_compare_on_test_rows);
  return g_test_run ();
}
