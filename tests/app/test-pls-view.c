/* test-pls-view.c — the PLS job and page on the gasoline example.
 * Job: RMSEP per component on the pls vignette's test split (samples 51-60) equals R's pls to 4 decimals;
 * 10-fold consecutive RMSECV on the 50 calibration rows falls and then rises; LOO equals R's LOO-on-50;
 * the test rows' predictions match cw_pls_result_predict; a cancelled job returns no result.
 * Page: fits when shown, marks the chosen number (ring and line, by pixels), a click on the error plot
 * chooses another number without refitting, a click on a T² / Q point emits "sample-activated" with its
 * row, a settings change refits (debounced), disposing during a fit is safe. Saves /tmp/pls-page.png
 * (1200 x 800) and light / dark renderings into SCREENSHOT_DIR. */
#include "rows-test-util.h"
#include "app-test-util.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "cw-pls-job.h"
#include "cw-pls-view.h"
#include "cw-plot-style.h"
#include "cw-scatter-plot.h"

#define PAGE_WIDTH 1200
#define PAGE_HEIGHT 800

/* /work/shared/reference/pls_gasoline.md, R pls 2.8: "center" columns. */
static const double rmsep_center_test[10] = { 1.1696, 0.2445, 0.2341, 0.3287, 0.2780,
                                               0.2703, 0.3301, 0.3571, 0.4090, 0.6116 };
static const double rmsecv_center_loo50[10] = { 1.3570, 0.2966, 0.2524, 0.2476, 0.2398,
                                                0.2319, 0.2386, 0.2316, 0.2449, 0.2673 };

/* ---- main loop, windows, rendering ---- */

/* Pixels within tolerance of color in [x0, x1) x [y0, y1). */
static int
count_pixels (GdkTexture *texture, int x0, int y0, int x1, int y1, const GdkRGBA *color, int tolerance)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  int count = 0;
  for (int y = MAX (y0, 0); y < MIN (y1, height); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, width); x++)
      {
        const guchar *p = pixels + (gsize) y * stride + (gsize) x * 4;
        count += abs (p[2] - (int) lround (color->red * 255)) <= tolerance
                 && abs (p[1] - (int) lround (color->green * 255)) <= tolerance
                 && abs (p[0] - (int) lround (color->blue * 255)) <= tolerance;
      }
  return count;
}

static void
save_png (GdkTexture *texture, const char *path)
{
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_printerr ("# screenshot: %s\n", path);
}

static void
save_screenshot (GdkTexture *texture, const char *name)
{
  const char *dir = g_getenv ("SCREENSHOT_DIR");
  if (!dir || !dir[0])
    return;
  g_mkdir_with_parents (dir, 0755);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  save_png (texture, path);
}

/* ---- the project ---- */

static CwProject *
new_gasoline_project (int cv_folds)
{
  cw_error err;
  cw_error_clear (&err);
  cw_dataset *ds = cw_dataset_load_csv (RESOURCES_DIR "/data/gasoline.csv", NULL, &err);
  if (!ds)
    g_error ("gasoline.csv: %s", err.message);
  CwProject *project = cw_project_new ();
  cw_project_set_dataset (project, ds, NULL);
  cw_project_set_target (project, cw_dataset_find_target (ds, "octane"));
  cw_project_set_task (project, CW_TASK_REGRESSION);
  g_autoptr (GError) error = NULL;
  g_assert_true (cw_project_set_preprocessing (project, "center", &error));
  g_assert_no_error (error);
  set_test_by_meta (project, "split_vignette", "test", 0.0);
  CwPlsSettings pls = *cw_project_get_pls_settings (project);
  pls.max_components = 10;
  pls.components = 0;
  pls.cv_folds = cv_folds;
  pls.cv_random = FALSE;
  pls.algorithm = CW_PLS_NIPALS;
  cw_project_set_pls_settings (project, &pls);
  return project;
}

/* ---- the job ---- */

static void
test_job_test_split (void)
{
  g_autoptr (CwProject) project = new_gasoline_project (10);
  g_autoptr (GError) error = NULL;
  g_autoptr (CwPlsResult) r = cw_pls_job_run (project, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);

  g_assert_cmpint (r->n_rows, ==, 60);
  g_assert_cmpint (r->n_cal, ==, 50);
  g_assert_cmpint (r->n_test, ==, 10);
  g_assert_cmpint (r->n_components, ==, 10);
  g_assert_cmpint (r->q, ==, 1);
  g_assert_false (r->classification);
  g_assert_cmpstr (r->pipeline_text, ==, "center");
  g_assert_cmpstr (r->cv_label, ==, "10-fold consecutive");
  for (int a = 0; a < 10; a++)
    {
      g_printerr ("# a=%d RMSEP %.6f (R %.4f) RMSECV %.6f\n", a + 1, r->rmsep[a], rmsep_center_test[a], r->rmsecv[a]);
      g_assert_cmpfloat_with_epsilon (r->rmsep[a], rmsep_center_test[a], 5e-5);
    }

  /* 10-fold consecutive CV on the calibration rows: finite, falling at first, rising somewhere later. */
  int first_fall = -1, later_rise = -1;
  for (int a = 0; a < 10; a++)
    g_assert_true (isfinite (r->rmsecv[a]) && r->rmsecv[a] > 0);
  for (int a = 1; a < 10; a++)
    {
      if (first_fall < 0 && r->rmsecv[a] < r->rmsecv[a - 1])
        first_fall = a;
      if (first_fall >= 0 && later_rise < 0 && r->rmsecv[a] > r->rmsecv[a - 1])
        later_rise = a;
    }
  g_assert_cmpint (first_fall, ==, 1);
  g_assert_cmpint (later_rise, >, first_fall);
  g_assert_cmpint (r->suggested, >=, 1);
  g_assert_cmpint (r->suggested, <=, 10);
  g_assert_cmpint (r->chosen, ==, r->suggested);

  /* The test rows are samples 51-60 (rows 50-59) with their octane, predicted with `chosen`. */
  const cw_dataset *ds = cw_project_get_dataset (project);
  const double *octane = cw_dataset_target_values_f64 (ds, r->target);
  const double *pred = cw_pls_result_pred (r, r->chosen);
  for (int t = 0; t < 10; t++)
    {
      g_assert_cmpint (r->test_rows[t], ==, 50 + t);
      g_assert_cmpfloat (r->test_truth[t], ==, octane[50 + t]);
      g_assert_cmpfloat (r->test_pred[t], ==, pred[50 + t]);
    }
  /* Raw signals through the result's own pipeline and model give the same predictions: exactly from
   * the doubles the job fitted on, to float precision from the float copy of the signals. */
  int length = cw_dataset_length (ds);
  double out[10];
  cw_pls_result_predict_f64 (r, r->chosen, cw_dataset_signals_f64 (ds) + (size_t) 50 * length, 10, out);
  for (int t = 0; t < 10; t++)
    g_assert_cmpfloat (out[t], ==, r->test_pred[t]);
  cw_pls_result_predict (r, r->chosen, cw_dataset_signals (ds) + (size_t) 50 * length, 10, out);
  for (int t = 0; t < 10; t++)
    g_assert_cmpfloat_with_epsilon (out[t], r->test_pred[t], 1e-4);

  /* Diagnostics have their shapes and sensible values. */
  g_assert_cmpint (r->n_features, ==, length);
  g_assert_cmpfloat (r->axis[0], ==, 900);
  for (int a = 1; a <= r->n_components; a++)
    {
      double sum_sq = 0;
      const double *vip = cw_pls_result_vip (r, a);
      for (int j = 0; j < r->n_features; j++)
        sum_sq += vip[j] * vip[j];
      g_assert_cmpfloat_with_epsilon (sum_sq / r->n_features, 1.0, 1e-9);
      g_assert_true (r->t2_limit[a - 1] > 0 && r->q_limit[a - 1] > 0);
    }
  double explained = 0;
  for (int a = 0; a < r->n_components; a++)
    explained += r->explained_x[a];
  g_assert_cmpfloat (explained, >, 0.9);
  g_assert_cmpfloat (explained, <=, 1.0 + 1e-9);
}

/* gasoline.csv with every test row's octane replaced by `test_octane` (NAN: unchanged). */
static CwProject *
gasoline_with_test_targets (double test_octane)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (RESOURCES_DIR "/data/gasoline.csv", &text, &length, NULL));
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_auto (GStrv) header = g_strsplit (lines[0], ",", -1);
  int target_col = -1, split_col = -1;
  for (int j = 0; header[j]; j++)
    {
      /* the file quotes its headers and texts */
      if (strcmp (header[j], "\"target:octane\"") == 0)
        target_col = j;
      if (strcmp (header[j], "\"meta:split_vignette\"") == 0)
        split_col = j;
    }
  g_assert_cmpint (target_col, >=, 0);
  g_assert_cmpint (split_col, >=, 0);
  GString *csv = g_string_new (lines[0]);
  int changed = 0;
  for (int i = 1; lines[i] && lines[i][0]; i++)
    {
      g_auto (GStrv) fields = g_strsplit (lines[i], ",", -1);
      if (!isnan (test_octane) && strcmp (fields[split_col], "\"test\"") == 0)
        {
          g_free (fields[target_col]);
          fields[target_col] = g_strdup_printf ("%.1f", test_octane);
          changed++;
        }
      g_autofree char *line = g_strjoinv (",", fields);
      g_string_append_printf (csv, "\n%s", line);
    }
  g_assert_cmpint (changed, ==, isnan (test_octane) ? 0 : 10);
  cw_error err;
  cw_error_clear (&err);
  cw_dataset *ds = cw_dataset_parse_csv (csv->str, csv->len, "gasoline.csv", NULL, &err);
  g_string_free (csv, TRUE);
  g_assert_nonnull (ds);
  CwProject *project = cw_project_new ();
  cw_project_set_dataset (project, ds, NULL);
  cw_project_set_target (project, cw_dataset_find_target (ds, "octane"));
  cw_project_set_task (project, CW_TASK_REGRESSION);
  set_test_by_meta (project, "split_vignette", "test", 0.0);
  return project;
}

/* With no steps on the Preprocess page PLS chooses its preprocessing by CV (Automatic), then nests the
 * whole choice. Test rows never steer it: with every test octane poisoned to 1000, the candidates'
 * scores, the winner, the suggested count, the CV curve, the nested estimate and every calibration row's
 * prediction are bit for bit the same; only the test error changes. */
static void
test_job_prep_chosen_by_cv (void)
{
  CwPlsResult *results[2];
  for (int poisoned = 0; poisoned <= 1; poisoned++)
    {
      g_autoptr (CwProject) project = gasoline_with_test_targets (poisoned ? 1000.0 : NAN);
      g_assert_cmpstr (cw_project_get_preprocessing (project), ==, "");
      g_assert_cmpint (cw_project_get_pls_prep_mode (project), ==, CW_PLS_PREP_CV);
      g_autoptr (GError) error = NULL;
      results[poisoned] = cw_pls_job_run (project, NULL, &error);
      g_assert_no_error (error);
    }
  CwPlsResult *r = results[0], *p = results[1];
  g_assert_cmpint (r->prep_mode, ==, CW_PLS_PREP_CV);
  g_assert_cmpint (r->n_prep, ==, cw_pls_job_n_prep_candidates ());
  g_assert_cmpint (r->n_prep, ==, 6);
  /* The lowest CV error wins, and the final model is fitted with that candidate's steps. */
  int best = 0;
  for (int c = 0; c < r->n_prep; c++)
    {
      const char *label;
      const char *text = cw_pls_job_prep_candidate (c, &label);
      g_printerr ("# %-18s RMSECV %.4f\n", label, r->prep_scores[c]);
      g_assert_true (isfinite (r->prep_scores[c]));
      if (r->prep_scores[c] < r->prep_scores[best])
        best = c;
      g_assert_nonnull (text);
    }
  g_assert_cmpint (r->prep_chosen, ==, best);
  {
    cw_error err;
    cw_error_clear (&err);
    cw_pipeline *pipeline = cw_pipeline_parse (cw_pls_job_prep_candidate (best, NULL), &err);
    g_assert_nonnull (pipeline);
    char *normal = cw_pipeline_to_string (pipeline);
    g_assert_cmpstr (r->pipeline_text, ==, normal);
    free (normal);
    cw_pipeline_free (pipeline);
  }
  /* The winner's score is its RMSECV at its suggested count. */
  g_assert_cmpfloat (r->prep_scores[best], ==, r->rmsecv[r->suggested - 1]);
  /* Default limit: min (50 - 1, 30, 401). */
  g_assert_cmpint (r->n_components, ==, 30);
  g_assert_true (r->has_nested);
  g_assert_cmpint (r->nested_outer, ==, 10);
  g_assert_cmpint (r->nested_inner_k, ==, 10);
  g_assert_cmpint (r->nested_n, ==, 50);
  g_assert_true (isfinite (r->nested_rmse) && r->nested_rmse > 0);
  g_printerr ("# chosen %d, %d components, RMSECV %.4f, nested %.4f, RMSEP %.4f (poisoned %.1f)\n",
              r->prep_chosen, r->suggested, r->rmsecv[r->suggested - 1], r->nested_rmse,
              r->rmsep[r->chosen - 1], p->rmsep[p->chosen - 1]);

  g_assert_cmpint (p->prep_chosen, ==, r->prep_chosen);
  g_assert_cmpint (memcmp (p->prep_scores, r->prep_scores, r->n_prep * sizeof (double)), ==, 0);
  g_assert_cmpint (p->suggested, ==, r->suggested);
  g_assert_cmpint (memcmp (p->rmsecv, r->rmsecv, r->n_components * sizeof (double)), ==, 0);
  g_assert_cmpfloat (p->nested_rmse, ==, r->nested_rmse);
  g_assert_cmpint (memcmp (p->nested_components, r->nested_components, r->nested_outer * sizeof (int)), ==, 0);
  g_assert_cmpint (memcmp (p->nested_prep, r->nested_prep, r->nested_outer * sizeof (int)), ==, 0);
  const double *pred_r = cw_pls_result_pred (r, r->chosen), *pred_p = cw_pls_result_pred (p, p->chosen);
  g_assert_cmpint (memcmp (pred_r, pred_p, (size_t) r->n_rows * r->q * sizeof (double)), ==, 0);
  g_assert_cmpfloat (p->rmsep[p->chosen - 1], >, 100 * r->rmsep[r->chosen - 1]);
  cw_pls_result_unref (r);
  cw_pls_result_unref (p);
}

static void
test_job_loo (void)
{
  g_autoptr (CwProject) project = new_gasoline_project (0);
  g_autoptr (GError) error = NULL;
  g_autoptr (CwPlsResult) r = cw_pls_job_run (project, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r->cv_label, ==, "leave-one-out");
  for (int a = 0; a < 10; a++)
    g_assert_cmpfloat_with_epsilon (r->rmsecv[a], rmsecv_center_loo50[a], 5e-5);
}

typedef struct
{
  gboolean done;
  CwPlsResult *result;
  GError *error;
} AsyncOutcome;

static void
on_job_done (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncOutcome *outcome = data;
  outcome->result = cw_pls_job_run_finish (result, &outcome->error);
  outcome->done = TRUE;
}

static gboolean
outcome_done (gpointer data)
{
  return ((AsyncOutcome *) data)->done;
}

static void
test_job_async_and_cancel (void)
{
  g_autoptr (CwProject) project = new_gasoline_project (0);

  /* Uncancelled: the same numbers as the blocking call. */
  AsyncOutcome outcome = { 0 };
  cw_pls_job_run_async (project, NULL, on_job_done, &outcome);
  g_assert_true (wait_for (outcome_done, &outcome, 60));
  g_assert_no_error (outcome.error);
  g_assert_nonnull (outcome.result);
  g_assert_cmpfloat_with_epsilon (outcome.result->rmsecv[2], rmsecv_center_loo50[2], 5e-5);
  g_clear_pointer (&outcome.result, cw_pls_result_unref);

  /* Cancelled while it runs (LOO with 20 components takes a while): no result, a CANCELLED error. */
  CwPlsSettings pls = *cw_project_get_pls_settings (project);
  pls.max_components = 20;
  cw_project_set_pls_settings (project, &pls);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  AsyncOutcome cancelled = { 0 };
  cw_pls_job_run_async (project, cancellable, on_job_done, &cancelled);
  g_cancellable_cancel (cancellable);
  g_assert_true (wait_for (outcome_done, &cancelled, 10));
  g_assert_null (cancelled.result);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cancelled.error);

  /* Cancelled before it starts: the same. The abandoned workers finish on their own copies. */
  AsyncOutcome early = { 0 };
  g_autoptr (GCancellable) already = g_cancellable_new ();
  g_cancellable_cancel (already);
  cw_pls_job_run_async (project, already, on_job_done, &early);
  g_assert_true (wait_for (outcome_done, &early, 10));
  g_assert_null (early.result);
  g_assert_error (early.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&early.error);
  spin_ms (300);
}

/* Gasoline with a replicate column: calibration rows i and i + 25 (i < 25) are "measured twice" (same
 * id), so consecutive folds would split every pair; test rows get ids of their own. */
static CwProject *
new_replicates_project (int cv_folds)
{
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (RESOURCES_DIR "/data/gasoline.csv", &text, NULL, NULL));
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GString *csv = g_string_new ("meta:rep,");
  g_string_append (csv, lines[0]);
  g_string_append_c (csv, '\n');
  for (int i = 1; lines[i] && lines[i][0]; i++)
    {
      int row = i - 1;
      if (row < 50)
        g_string_append_printf (csv, "r%d,%s\n", row % 25, lines[i]);
      else
        g_string_append_printf (csv, "t%d,%s\n", row, lines[i]);
    }
  g_autofree char *dir = g_dir_make_tmp ("cw-pls-groups-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "replicates.csv", NULL);
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));
  g_string_free (csv, TRUE);
  cw_error err;
  cw_error_clear (&err);
  cw_dataset *ds = cw_dataset_load_csv (path, NULL, &err);
  if (!ds)
    g_error ("%s: %s", path, err.message);
  g_unlink (path);
  g_rmdir (dir);
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 60);
  CwProject *project = cw_project_new ();
  cw_project_set_dataset (project, ds, NULL);
  cw_project_set_target (project, cw_dataset_find_target (ds, "octane"));
  cw_project_set_task (project, CW_TASK_REGRESSION);
  set_test_by_meta (project, "split_vignette", "test", 0.0);
  CwPlsSettings pls = *cw_project_get_pls_settings (project);
  pls.max_components = 6;
  pls.cv_folds = cv_folds;
  pls.cv_random = FALSE;
  cw_project_set_pls_settings (project, &pls);
  return project;
}

/* Pairs split across folds among the calibration rows i, i + 25. */
static int
count_split_pairs (const CwPlsResult *r)
{
  int split = 0;
  for (int i = 0; i < 25; i++)
    {
      g_assert_cmpint (r->fold[i], >=, 0);
      g_assert_cmpint (r->fold[i], <, r->n_folds);
      split += r->fold[i] != r->fold[i + 25];
    }
  return split;
}

static void
test_job_grouped_folds (void)
{
  g_autoptr (CwProject) project = new_replicates_project (10);

  /* Without grouping, consecutive 10-fold CV puts every pair in two folds. */
  g_autoptr (GError) error = NULL;
  g_autoptr (CwPlsResult) plain = cw_pls_job_run (project, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plain->n_folds, ==, 10);
  g_assert_null (plain->group);
  g_assert_cmpint (count_split_pairs (plain), ==, 25);
  for (int i = 50; i < 60; i++)
    g_assert_cmpint (plain->fold[i], ==, CW_FOLD_NONE);

  /* Kept together by "rep": 25 groups in 10 folds, no pair split, test rows still out of every fold. */
  CwPlsSettings pls = *cw_project_get_pls_settings (project);
  pls.group_column = (char *) "rep";
  cw_project_set_pls_settings (project, &pls);
  g_autoptr (CwPlsResult) grouped = cw_pls_job_run (project, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (grouped->settings.group_column, ==, "rep");
  g_assert_nonnull (grouped->group);
  g_assert_cmpint (grouped->n_cal, ==, 50);
  g_assert_cmpint (grouped->n_folds, ==, 10);
  g_assert_cmpint (count_split_pairs (grouped), ==, 0);
  for (int i = 50; i < 60; i++)
    g_assert_cmpint (grouped->fold[i], ==, CW_FOLD_NONE);
  int fold_rows[10] = { 0 };
  for (int i = 0; i < 50; i++)
    fold_rows[grouped->fold[i]]++;
  for (int f = 0; f < 10; f++)
    g_assert_cmpint (fold_rows[f], >=, 2); /* every fold holds whole pairs: 3 or 2 groups */
  g_printerr ("# grouped: %s, RMSECV(3) %.4f vs ungrouped %.4f\n", grouped->cv_label, grouped->rmsecv[2],
              plain->rmsecv[2]);
  /* the CV predictions come from other folds: grouped and ungrouped differ */
  g_assert_true (grouped->rmsecv[2] != plain->rmsecv[2]);

  /* Leave-one-out with a group column leaves one pair out at a time: 25 + nothing for test rows. */
  pls = *cw_project_get_pls_settings (project);
  pls.cv_folds = 0;
  cw_project_set_pls_settings (project, &pls);
  g_autoptr (CwPlsResult) logo = cw_pls_job_run (project, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (logo->n_folds, ==, 25);
  g_assert_cmpint (count_split_pairs (logo), ==, 0);

  /* A column the data lacks is refused by name. */
  pls.group_column = (char *) "batch";
  cw_project_set_pls_settings (project, &pls);
  g_autoptr (CwPlsResult) none = cw_pls_job_run (project, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "“batch”"));
}

/* The page's "Keep together by" lists None and the meta columns, and choosing one sets the project. */
static void
test_view_group_dropdown (void)
{
  g_autoptr (CwProject) project = new_replicates_project (10);
  GtkWidget *view = g_object_ref_sink (cw_pls_view_new (project));
  GtkDropDown *dropdown = NULL;
  for (GtkWidget *w = view; w; )
    {
      if (GTK_IS_DROP_DOWN (w) && g_strcmp0 (gtk_widget_get_tooltip_text (w), NULL) != 0
          && strstr (gtk_widget_get_tooltip_text (w), "replicates"))
        {
          dropdown = GTK_DROP_DOWN (w);
          break;
        }
      /* depth-first walk */
      GtkWidget *next = gtk_widget_get_first_child (w);
      while (!next && w && w != view)
        {
          next = gtk_widget_get_next_sibling (w);
          if (!next)
            w = gtk_widget_get_parent (w);
        }
      w = next;
    }
  g_assert_nonnull (dropdown);
  GListModel *names = gtk_drop_down_get_model (dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 4); /* None, rep, sample, split_vignette */
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==, "None");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 1), ==, "rep");
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 0);

  gtk_drop_down_set_selected (dropdown, 1);
  g_assert_cmpstr (cw_project_get_pls_settings (project)->group_column, ==, "rep");
  gtk_drop_down_set_selected (dropdown, 0);
  g_assert_null (cw_project_get_pls_settings (project)->group_column);
  /* the project -> the page */
  CwPlsSettings pls = *cw_project_get_pls_settings (project);
  pls.group_column = (char *) "sample";
  cw_project_set_pls_settings (project, &pls);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 2);
  g_assert_cmpstr (cw_project_get_pls_settings (project)->group_column, ==, "sample");
  g_object_unref (view);
}

static void
test_job_errors (void)
{
  g_autoptr (CwProject) project = new_gasoline_project (10);
  /* A range outside the axis cannot be fitted: a message, no result. */
  g_autoptr (GError) error = NULL;
  g_assert_true (cw_project_set_preprocessing (project, "range(3000,4000)", &error));
  g_assert_no_error (error);
  g_autoptr (CwPlsResult) r = cw_pls_job_run (project, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT);
  g_printerr ("# %s\n", error->message);
}

/* Three classes of 40-point signals with a bump at a class-specific place, plus deterministic noise;
 * every fifth row is a test row. */
static CwProject *
new_classes_project (void)
{
  GString *csv = g_string_new ("meta:split,target:kind");
  for (int t = 0; t < 40; t++)
    g_string_append_printf (csv, ",%d", 1000 + 10 * t);
  g_string_append_c (csv, '\n');
  static const char *const kinds[] = { "olive", "sunflower", "rapeseed" };
  guint32 state = 12345;
  for (int i = 0; i < 60; i++)
    {
      int k = i % 3;
      g_string_append_printf (csv, "%s,%s", i % 5 == 4 ? "test" : "train", kinds[k]);
      for (int t = 0; t < 40; t++)
        {
          state = state * 1664525u + 1013904223u;
          double noise = ((state >> 8) / 16777216.0 - 0.5) * 0.4;
          double bump = exp (-0.5 * pow ((t - (10 + 10 * k)) / 3.0, 2));
          g_string_append_printf (csv, ",%.5f", 1.0 + bump + noise + 0.01 * t);
        }
      g_string_append_c (csv, '\n');
    }
  cw_error err;
  cw_error_clear (&err);
  cw_dataset *ds = cw_dataset_parse_csv (csv->str, csv->len, "oils.csv", NULL, &err);
  g_string_free (csv, TRUE);
  if (!ds)
    g_error ("oils.csv: %s", err.message);
  CwProject *project = cw_project_new ();
  cw_project_set_dataset (project, ds, NULL);
  cw_project_set_target (project, 0);
  g_assert_cmpint (cw_project_get_task (project), ==, CW_TASK_MULTICLASS);
  set_test_by_meta (project, "split", "test", 0.0);
  g_autoptr (GError) error = NULL;
  g_assert_true (cw_project_set_preprocessing (project, "snv", &error));
  return project;
}

static void
test_job_plsda (void)
{
  g_autoptr (CwProject) project = new_classes_project ();
  g_autoptr (GError) error = NULL;
  g_autoptr (CwPlsResult) r = cw_pls_job_run (project, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (r->classification);
  g_assert_cmpint (r->q, ==, 3);
  g_assert_cmpint (r->n_classes, ==, 3);
  g_assert_cmpint (r->n_test, ==, 12);
  /* The classes are easy: the chosen model classifies the test rows (almost) perfectly. */
  g_assert_cmpfloat (r->acc_cv[r->chosen - 1], >=, 0.9);
  g_assert_cmpfloat (r->acc_p[r->chosen - 1], >=, 0.9);
  int right = 0;
  for (int t = 0; t < r->n_test; t++)
    {
      g_assert_cmpint (r->test_class_truth[t], ==, r->test_rows[t] % 3);
      right += r->test_class_pred[t] == r->test_class_truth[t];
    }
  g_assert_cmpfloat ((double) right / r->n_test, ==, r->acc_p[r->chosen - 1]);
  g_assert_true (isnan (r->rmsep[0]) || r->rmsep[0] > 0);
}

static gboolean
page_has_result (gpointer data)
{
  CwPlsView *view = data;
  return !cw_pls_view_is_busy (view) && cw_pls_view_get_result (view) != NULL;
}

static void
test_view_plsda (void)
{
  g_autoptr (CwProject) project = new_classes_project ();
  CwPlsView *view = CW_PLS_VIEW (cw_pls_view_new (project));
  GtkWidget *window = show_in_window (GTK_WIDGET (view), PAGE_WIDTH, PAGE_HEIGHT);
  g_assert_true (wait_for (page_has_result, view, 60));
  g_assert_cmpstr (cw_pls_view_get_table_text (view, 0, 2), ==, "Acc. CV");
  CwScatterPlot *scores = CW_SCATTER_PLOT (cw_pls_view_get_plot (view, "scores"));
  /* One filled and one ringed series per class. */
  g_assert_cmpint (cw_scatter_plot_get_n_series (scores), ==, 6);
  g_autofree char *text = cw_scatter_plot_describe_point (scores, 0, 0);
  g_assert_true (g_str_has_prefix (text, "Sample 1 · olive"));
  g_autoptr (GdkTexture) texture = render (window);
  save_screenshot (texture, "pls-page-plsda.png");
  gtk_window_destroy (GTK_WINDOW (window));
  spin_ms (20);
}

/* ---- the page ---- */

typedef struct
{
  CwProject *project;
  GtkWidget *window;
  CwPlsView *view;
  int activations, last_row, results;
} Fixture;

static void
on_sample_activated (CwPlsView *view, int row, Fixture *f)
{
  f->activations++;
  f->last_row = row;
}

static void
on_result_changed (CwPlsView *view, Fixture *f)
{
  f->results++;
}

static gboolean
view_has_result (gpointer data)
{
  Fixture *f = data;
  return !cw_pls_view_is_busy (f->view) && cw_pls_view_get_result (f->view) != NULL;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->project = new_gasoline_project (10);
  f->view = CW_PLS_VIEW (cw_pls_view_new (f->project));
  f->last_row = -1;
  g_signal_connect (f->view, "sample-activated", G_CALLBACK (on_sample_activated), f);
  g_signal_connect (f->view, "result-changed", G_CALLBACK (on_result_changed), f);
  f->window = show_in_window (GTK_WIDGET (f->view), PAGE_WIDTH, PAGE_HEIGHT);
  g_assert_true (wait_for (view_has_result, f, 60));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", FALSE, NULL);
  gtk_window_destroy (GTK_WINDOW (f->window));
  spin_ms (20);
  g_clear_object (&f->project);
}

static void
test_view_shows_fit (Fixture *f, gconstpointer data)
{
  CwPlsResult *r = cw_pls_view_get_result (f->view);
  g_assert_cmpint (f->results, ==, 1);
  g_assert_cmpint (cw_pls_view_get_components (f->view), ==, r->suggested);
  g_assert_nonnull (strstr (cw_pls_view_get_status (f->view), "RMSEP"));

  /* The CV table: a header and one row per component, with the job's numbers. The test error per
   * component is hidden until asked for (column 3 is Q², the error plot has RMSEC and RMSECV only). */
  g_assert_cmpstr (cw_pls_view_get_table_text (f->view, 0, 2), ==, "RMSECV");
  g_assert_cmpstr (cw_pls_view_get_table_text (f->view, 0, 3), ==, "Q²");
  CwScatterPlot *errors_plot = CW_SCATTER_PLOT (cw_pls_view_get_plot (f->view, "errors"));
  g_assert_cmpint (cw_scatter_plot_get_n_series (errors_plot), ==, 2);
  cw_pls_view_set_show_test_errors (f->view, TRUE);
  g_assert_cmpint (cw_scatter_plot_get_n_series (errors_plot), ==, 3);
  g_assert_cmpstr (cw_pls_view_get_table_text (f->view, 0, 3), ==, "RMSEP");
  g_assert_cmpstr (cw_pls_view_get_table_text (f->view, 0, 4), ==, "Q²");
  char expected[32];
  g_snprintf (expected, sizeof expected, "%.4f", r->rmsep[2]);
  g_assert_cmpstr (cw_pls_view_get_table_text (f->view, 3, 3), ==, expected);
  g_assert_cmpstr (cw_pls_view_get_table_text (f->view, 3, 3), ==, "0.2341");
  g_assert_nonnull (cw_pls_view_get_table_text (f->view, 10, 0));
  g_assert_null (cw_pls_view_get_table_text (f->view, 11, 0));
  /* The project's "center" is PLS's preprocessing (Automatic, with steps); nested CV on the 10 folds. */
  g_assert_cmpint (r->prep_mode, ==, CW_PLS_PREP_PROJECT);
  g_assert_true (r->has_nested);
  g_assert_cmpint (r->nested_outer, ==, 10);
  g_assert_cmpint (r->nested_n, ==, 50);
  const char *choice = cw_pls_view_get_choice_text (f->view);
  g_assert_nonnull (strstr (choice, "the Preprocess page's steps"));
  g_assert_nonnull (strstr (choice, "Nested CV (10 outer × 10 inner folds, 50 rows): RMSE "));
  g_snprintf (expected, sizeof expected, "%.4f", r->nested_rmse);
  g_assert_nonnull (strstr (choice, expected));
  g_assert_nonnull (strstr (cw_pls_view_get_status (f->view), "nested CV"));
  cw_pls_view_set_show_test_errors (f->view, FALSE);

  /* The chosen number is marked: ringed in the error plot, and a limit-coloured vertical line there. */
  CwScatterPlot *errors = CW_SCATTER_PLOT (cw_pls_view_get_plot (f->view, "errors"));
  int chosen = cw_pls_view_get_components (f->view);
  g_assert_cmpint (cw_scatter_plot_get_selected (errors), ==, chosen);
  g_autoptr (GdkTexture) texture = render (GTK_WIDGET (errors));
  CwPlotRect rect = cw_scatter_plot_get_data_rect (errors);
  double px, py;
  cw_scatter_plot_to_pixels (errors, chosen, 0, &px, &py);
  GdkRGBA orange;
  cw_palette_color (1, &orange);
  CwPlotColors colors;
  cw_plot_colors_for_widget (GTK_WIDGET (errors), &colors);
  int line = count_pixels (texture, (int) px - 1, rect.y, (int) px + 2, rect.y + rect.height, &colors.validation, 60);
  g_assert_cmpint (line, >, (int) (rect.height * 0.3));
  /* No such line at another count. */
  double other_x, other_y;
  cw_scatter_plot_to_pixels (errors, chosen == 1 ? 2 : 1, 0, &other_x, &other_y);
  int none = count_pixels (texture, (int) other_x - 1, rect.y + rect.height / 2, (int) other_x + 2,
                           rect.y + rect.height, &colors.validation, 60);
  g_assert_cmpint (none, <, 10);
}

static void
test_view_choose_components (Fixture *f, gconstpointer data)
{
  CwScatterPlot *errors = CW_SCATTER_PLOT (cw_pls_view_get_plot (f->view, "errors"));
  CwPlsResult *before = cw_pls_view_get_result (f->view);
  int wanted = cw_pls_view_get_components (f->view) == 5 ? 6 : 5;
  /* A click in the column of `wanted`, anywhere in its height. */
  double px, py;
  cw_scatter_plot_to_pixels (errors, wanted, 0, &px, &py);
  CwPlotRect rect = cw_scatter_plot_get_data_rect (errors);
  g_assert_cmpint (cw_scatter_plot_activate_at (errors, px + 4, rect.y + rect.height / 2), ==, wanted);
  g_assert_cmpint (cw_project_get_pls_settings (f->project)->components, ==, wanted);
  g_assert_cmpint (cw_pls_view_get_components (f->view), ==, wanted);
  g_assert_cmpint (cw_scatter_plot_get_selected (errors), ==, wanted);
  /* Drawing only: no new job, the same result. */
  g_assert_false (cw_pls_view_is_busy (f->view));
  g_assert_true (cw_pls_view_get_result (f->view) == before);
  g_autofree char *cv = g_strdup_printf ("%.4f", before->rmsecv[wanted - 1]);
  g_assert_cmpstr (cw_pls_view_get_table_text (f->view, wanted, 2), ==, cv);
  g_assert_nonnull (strstr (cw_pls_view_get_status (f->view), cv));
  /* The status line scores the test rows once, at the count shown. */
  g_autofree char *test = g_strdup_printf ("RMSEP %.4f (test rows, scored once)", before->rmsep[wanted - 1]);
  g_assert_nonnull (strstr (cw_pls_view_get_status (f->view), test));
}

static void
test_view_sample_activated (Fixture *f, gconstpointer data)
{
  CwPlsResult *r = cw_pls_view_get_result (f->view);
  CwScatterPlot *influence = CW_SCATTER_PLOT (cw_pls_view_get_plot (f->view, "influence"));
  int a = cw_pls_view_get_components (f->view);
  const double *t2 = cw_pls_result_t2 (r, a), *q = cw_pls_result_q (r, a);
  /* The row farthest out in T² is alone where it is drawn. */
  int target = 0;
  for (int i = 1; i < r->n_rows; i++)
    if (t2[i] > t2[target])
      target = i;
  double px, py;
  cw_scatter_plot_to_pixels (influence, t2[target], q[target], &px, &py);
  g_assert_cmpint (cw_scatter_plot_activate_at (influence, px + 2, py - 1), ==, target);
  g_assert_cmpint (f->activations, ==, 1);
  g_assert_cmpint (f->last_row, ==, target);
  /* Ringed in both sample plots. */
  g_assert_cmpint (cw_scatter_plot_get_selected (influence), ==, target);
  CwScatterPlot *scores = CW_SCATTER_PLOT (cw_pls_view_get_plot (f->view, "scores"));
  g_assert_cmpint (cw_scatter_plot_get_selected (scores), ==, target);

  cw_pls_view_select_sample (f->view, 7);
  g_assert_cmpint (cw_scatter_plot_get_selected (influence), ==, 7);
  g_assert_cmpint (cw_scatter_plot_get_selected (scores), ==, 7);
  g_assert_cmpint (f->activations, ==, 1);
}

static void
test_view_refits_on_change (Fixture *f, gconstpointer data)
{
  /* Several quick changes: one fit after they settle, with the last settings. */
  CwPlsSettings pls = *cw_project_get_pls_settings (f->project);
  for (int max = 9; max >= 6; max--)
    {
      pls.max_components = max;
      cw_project_set_pls_settings (f->project, &pls);
      spin_ms (20);
      g_assert_true (cw_pls_view_is_busy (f->view));
    }
  g_assert_true (wait_for (view_has_result, f, 60));
  g_assert_cmpint (f->results, ==, 2);
  CwPlsResult *r = cw_pls_view_get_result (f->view);
  g_assert_cmpint (r->n_components, ==, 6);
  g_assert_nonnull (cw_pls_view_get_table_text (f->view, 6, 0));
  g_assert_null (cw_pls_view_get_table_text (f->view, 7, 0));

  /* Preprocessing changes refit too; autoscaling gives R's autoscale RMSEP at 4 components. */
  g_autoptr (GError) error = NULL;
  g_assert_true (cw_project_set_preprocessing (f->project, "autoscale", &error));
  g_assert_true (cw_pls_view_is_busy (f->view));
  g_assert_true (wait_for (view_has_result, f, 60));
  g_assert_cmpfloat_with_epsilon (cw_pls_view_get_result (f->view)->rmsep[3], 0.1825, 5e-5);

  /* A bad pipeline: the status says why, the plots are empty. */
  g_assert_true (cw_project_set_preprocessing (f->project, "range(3000,4000)", &error));
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while ((cw_pls_view_is_busy (f->view) || cw_pls_view_get_result (f->view)) && g_get_monotonic_time () < deadline)
    spin_ms (10);
  g_assert_null (cw_pls_view_get_result (f->view));
  g_printerr ("# status: %s\n", cw_pls_view_get_status (f->view));
  g_assert_null (cw_pls_view_get_table_text (f->view, 1, 0));
}

static void
test_view_dispose_while_fitting (Fixture *f, gconstpointer data)
{
  CwPlsSettings pls = *cw_project_get_pls_settings (f->project);
  pls.cv_folds = 0;
  pls.max_components = 20;
  cw_project_set_pls_settings (f->project, &pls);
  cw_pls_view_refresh (f->view);
  g_assert_true (cw_pls_view_is_busy (f->view));
  /* The page goes away mid-fit: the job is cancelled, nothing arrives for the dead page. */
  int results = f->results;
  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = gtk_window_new ();
  spin_ms (500);
  g_assert_cmpint (f->results, ==, results);
}

static void
test_view_screenshots (Fixture *f, gconstpointer data)
{
  CwPlsResult *r = cw_pls_view_get_result (f->view);
  /* Ring a sample, as after a click, so the screenshot shows the selection too. */
  cw_pls_view_select_sample (f->view, r->test_rows[0]);
  /* The window, not the page alone: its background is what the page sits on. */
  g_autoptr (GdkTexture) light = render (f->window);
  g_assert_cmpint (gdk_texture_get_width (light), ==, PAGE_WIDTH);
  g_assert_cmpint (gdk_texture_get_height (light), ==, PAGE_HEIGHT);
  save_png (light, "/tmp/pls-page.png");
  save_screenshot (light, "pls-page.png");

  /* Every plot has drawn data: viridis-coloured scores, the accent-blue VIP curve. */
  GdkRGBA blue;
  cw_palette_color (0, &blue);
  GtkWidget *vip = cw_pls_view_get_plot (f->view, "vip");
  graphene_rect_t bounds;
  g_assert_true (gtk_widget_compute_bounds (vip, GTK_WIDGET (f->view), &bounds));
  g_assert_cmpint (count_pixels (light, bounds.origin.x, bounds.origin.y, bounds.origin.x + bounds.size.width,
                                 bounds.origin.y + bounds.size.height, &blue, 30), >, 200);

  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", TRUE, NULL);
  spin_ms (100);
  g_autoptr (GdkTexture) dark = render (f->window);
  save_screenshot (dark, "pls-page-dark.png");
  CwPlotColors colors;
  cw_plot_colors_init (&colors, TRUE);
  g_assert_cmpint (count_pixels (dark, bounds.origin.x, bounds.origin.y, bounds.origin.x + bounds.size.width,
                                 bounds.origin.y + bounds.size.height, &colors.background, 3),
                   >, (int) (bounds.size.width * bounds.size.height / 2));
}

int
main (int argc, char **argv)
{
  if (!gtk_init_check ())
    {
      g_printerr ("no display\n");
      return 1;
    }
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pls-job/test-split", test_job_test_split);
  g_test_add_func ("/pls-job/loo", test_job_loo);
  g_test_add_func ("/pls-job/prep-chosen-by-cv", test_job_prep_chosen_by_cv);
  g_test_add_func ("/pls-job/async-and-cancel", test_job_async_and_cancel);
  g_test_add_func ("/pls-job/errors", test_job_errors);
  g_test_add_func ("/pls-job/grouped-folds", test_job_grouped_folds);
  g_test_add_func ("/pls-view/group-dropdown", test_view_group_dropdown);
  g_test_add_func ("/pls-job/plsda", test_job_plsda);
  g_test_add_func ("/pls-view/plsda", test_view_plsda);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/pls-view/shows-fit", test_view_shows_fit);
  ADD ("/pls-view/choose-components", test_view_choose_components);
  ADD ("/pls-view/sample-activated", test_view_sample_activated);
  ADD ("/pls-view/refits-on-change", test_view_refits_on_change);
  ADD ("/pls-view/dispose-while-fitting", test_view_dispose_while_fitting);
  ADD ("/pls-view/screenshots", test_view_screenshots);
  return g_test_run ();
}
