/* test-session-fit.c — the session's fit driver beyond one Custom holdout run: auto on a tiny dataset
 * chooses among its candidates by cross-validation and the model's record names the recipe and the kept
 * epoch; Custom cross-validated reports the stage per fold and the CV predictions of every training row;
 * stopping while cross-validating leaves the previous model and says so; and poisoning every test row's
 * target (1e6) changes nothing the session trains: the two models predict every row bit for bit alike. */
#include "session-test-util.h"

/* n rows of 24 points: a peak of height y (the target) on a sloping baseline, every fifth row a test row
 * (meta:split), the test rows' targets replaced by `test_target` when it is not NAN. */
static CwProject *
peaks_project (int n, double test_target)
{
  GString *csv = g_string_new ("meta:id,meta:split,target:y");
  for (int t = 0; t < 24; t++)
    g_string_append_printf (csv, ",%d", 1100 + 10 * t);
  g_string_append_c (csv, '\n');
  GRand *rand = g_rand_new_with_seed (17);
  for (int i = 0; i < n; i++)
    {
      gboolean test = i % 5 == 4;
      double y = g_rand_double_range (rand, 0.5, 2.0);
      double slope = g_rand_double_range (rand, -0.02, 0.02);
      g_string_append_printf (csv, "s%d,%s,%.6f", i + 1, test ? "test" : "train",
                              test && !isnan (test_target) ? test_target : y);
      for (int t = 0; t < 24; t++)
        g_string_append_printf (csv, ",%.6f", y * exp (-0.5 * (t - 12) * (t - 12) / 8.0) + slope * t
                                                  + 0.01 * g_rand_double_range (rand, -1, 1));
      g_string_append_c (csv, '\n');
    }
  g_rand_free (rand);
  cw_error err;
  cw_error_clear (&err);
  cw_dataset *ds = cw_dataset_parse_csv (csv->str, csv->len, "peaks.csv", NULL, &err);
  g_string_free (csv, TRUE);
  if (!ds)
    g_error ("peaks.csv: %s", err.message);
  CwProject *project = cw_project_new ();
  cw_project_set_dataset (project, ds, NULL);
  cw_project_set_threads (project, 2);
  return project;
}

static void
set_cv (CwProject *project, int folds)
{
  CwRowSettings rows;
  cw_row_settings_copy (&rows, cw_project_get_row_settings (project));
  rows.choose_by = CW_CHOOSE_CV;
  rows.cv_folds = folds;
  g_assert_true (cw_project_set_row_settings (project, &rows, NULL));
  cw_row_settings_clear (&rows);
}

/* A small network and few epochs: a few seconds at most. */
static void
use_fast_custom (CwProject *project, int epochs)
{
  use_custom_recipe (project);
  cw_spec *spec = cw_spec_parse ("conv(4,k=5) relu flatten dense(8) relu dense(1)", NULL);
  cw_project_set_spec (project, spec);
  cw_spec_free (spec);
  cw_train_config config = *cw_project_get_train_config (project);
  config.epochs = epochs;
  config.batch = 8;
  config.optimizer.lr = 3e-3f;
  cw_project_set_train_config (project, &config);
}

static void
record_stage (CwTrainingSession *session, CwTrainingSnapshot *snapshot, GPtrArray *stages)
{
  if (snapshot->stage && (stages->len == 0 || g_strcmp0 (g_ptr_array_index (stages, stages->len - 1),
                                                         snapshot->stage) != 0))
    g_ptr_array_add (stages, g_strdup (snapshot->stage));
}

static gboolean
any_stage_with (GPtrArray *stages, const char *prefix, const char *part)
{
  for (guint i = 0; i < stages->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (stages, i), prefix) && strstr (g_ptr_array_index (stages, i), part))
      return TRUE;
  return FALSE;
}

/* Trains to the end; the stages seen on the way go into stages (may be NULL). */
static void
train (CwProject *project, Recorder *r, GPtrArray *stages, double seconds)
{
  g_autoptr(CwTrainingSession) session = new_session (r);
  if (stages)
    g_signal_connect (session, "snapshot", G_CALLBACK (record_stage), stages);
  g_autoptr(GError) error = NULL;
  g_assert_true (cw_training_session_start (session, project, &error));
  g_assert_no_error (error);
  gint64 t0 = g_get_monotonic_time ();
  g_assert_true (cw_training_session_wait (session, (int) (seconds * 1000)));
  g_printerr ("# trained in %.1f s: %s\n", (g_get_monotonic_time () - t0) / 1e6, r->message ? r->message : "ok");
  g_assert_cmpint (r->finished, ==, 1);
  g_assert_cmpint (r->status, ==, CW_OK);
}

/* Auto on 40 rows, 3-fold CV: every candidate is scored on the training rows, the best is refitted, and
 * the model's record says which recipe it follows and which epoch's weights it kept. */
static void
test_auto_tiny (void)
{
  g_autoptr(CwProject) project = peaks_project (40, NAN);
  g_assert_cmpstr (cw_project_get_recipe_settings (project)->recipe, ==, CW_RECIPE_AUTO);
  g_assert_cmpint (cw_project_get_row_settings (project)->test, ==, CW_TEST_SPLIT_COLUMN);
  set_cv (project, 3);
  g_autoptr(GPtrArray) stages = g_ptr_array_new_with_free_func (g_free);
  Recorder r = { 0 };
  train (project, &r, stages, 600);

  CwFitSummary *summary = cw_project_get_fit_summary (project);
  g_assert_nonnull (summary);
  g_assert_cmpint (summary->validation, ==, CW_VALIDATE_CV);
  g_assert_cmpint (summary->n_folds, ==, 3);
  g_assert_cmpint (summary->n_candidates, >=, 2);
  int evaluated = 0;
  for (int c = 0; c < summary->n_candidates; c++)
    {
      const CwFitCandidateSummary *cand = &summary->candidates[c];
      g_printerr ("# %-14s %s %8.4g %4d epochs %6.1f s %s\n", cand->name, cand->evaluated ? "scored" : "skipped",
                  cand->score, cand->epochs, cand->seconds, cand->note ? cand->note : "");
      if (cand->evaluated)
        {
          evaluated++;
          g_assert_true (isfinite (cand->score));
          g_assert_cmpint (cand->epochs, >=, 1);
        }
    }
  g_assert_cmpint (evaluated, >=, 2);
  const CwFitCandidateSummary *chosen = &summary->candidates[summary->chosen];
  g_assert_true (chosen->evaluated);
  for (int c = 0; c < summary->n_candidates; c++)
    if (summary->candidates[c].evaluated)
      g_assert_cmpfloat (chosen->score, <=, summary->candidates[c].score);
  /* CV predictions of every training row; the test rows scored by the final model only. */
  g_assert_cmpint (cw_fit_summary_count (summary, CW_FIT_ROWS_VALIDATION), ==, 32);
  g_assert_cmpint (cw_fit_summary_count (summary, CW_FIT_ROWS_TEST), ==, 8);
  for (int i = 0; i < summary->n; i++)
    if (summary->roles[i] == CW_ROLE_TEST)
      g_assert_true (isnan (summary->val_pred[i]));

  cw_model *model = cw_project_get_model (project);
  g_assert_nonnull (model);
  g_printerr ("# recipe: %s\n# kept: %s\n", cw_model_get_info (model, "recipe"), cw_model_get_info (model, "kept_weights"));
  g_assert_true (g_str_has_prefix (cw_model_get_info (model, "recipe"), chosen->name));
  g_assert_nonnull (strstr (cw_model_get_info (model, "recipe"), "chosen among"));
  g_assert_nonnull (strstr (cw_model_get_info (model, "kept_weights"), "cross-validation"));
  g_assert_cmpstr (cw_model_get_info (model, "kept_weights"), ==, summary->epoch_reason);
  g_assert_cmpint (cw_model_n_members (model), ==, summary->n_members);

  /* The last stage the page shows names the final model's recipe (the folds go by faster than the page's
   * 30 snapshots a second here: test-session-fit's stop test sees them). */
  g_assert_true (any_stage_with (stages, "Final model: ", chosen->name));
  recorder_clear (&r);
}

/* Custom, 4-fold CV: the epochs are chosen on the folds and the model refitted on all training rows. */
static void
test_custom_cv (void)
{
  g_autoptr(CwProject) project = peaks_project (40, NAN);
  use_fast_custom (project, 30);
  set_cv (project, 4);
  g_autoptr(GPtrArray) stages = g_ptr_array_new_with_free_func (g_free);
  Recorder r = { 0 };
  train (project, &r, stages, 120);
  CwFitSummary *summary = cw_project_get_fit_summary (project);
  g_assert_cmpint (summary->validation, ==, CW_VALIDATE_CV);
  g_assert_cmpint (summary->n_candidates, ==, 1);
  g_assert_cmpint (summary->epochs, >=, 1);
  g_assert_cmpint (summary->epochs, <=, 30);
  g_assert_cmpint (summary->curve_len, ==, 30);
  g_assert_cmpint (cw_project_get_history (project)->epochs, ==, summary->epochs);
  g_assert_true (any_stage_with (stages, "Final model: ", "custom"));
  /* The final snapshot shows the CV predictions of the 32 training rows. */
  g_assert_cmpint (r.last->n_val, ==, 32);
  g_assert_cmpint (r.last->val_metrics.n, ==, 32);
  recorder_clear (&r);
}

/* Stopped while the folds are training: no run is a model yet; the project keeps the one it had. */
static void
test_stop_while_cross_validating (void)
{
  g_autoptr(CwProject) project = peaks_project (40, NAN);
  use_fast_custom (project, 100000);
  set_cv (project, 4);
  Recorder r = { 0 };
  g_autoptr(CwTrainingSession) session = new_session (&r);
  g_assert_true (cw_training_session_start (session, project, NULL));
  g_assert_true (wait_for_more (&r.snapshots, 1, 60));
  /* While the folds train, the page says which. */
  g_printerr ("# stage: %s\n", r.last->stage);
  g_assert_true (g_str_has_prefix (r.last->stage, "Choosing: custom · fold "));
  g_assert_nonnull (strstr (r.last->stage, " of 4 · run "));
  g_assert_false (r.last->final_stage);
  cw_training_session_stop (session);
  g_assert_true (cw_training_session_wait (session, 2000));
  g_assert_cmpint (r.status, ==, CW_ERR_ABORTED);
  g_printerr ("# stopped: %s\n", r.message);
  g_assert_nonnull (strstr (r.message, "previous"));
  g_assert_null (cw_project_get_model (project));
  g_assert_true (r.last->finished);
  g_assert_cmpstr (r.last->message, ==, r.message);
  recorder_clear (&r);
}

/* Folds trained side by side on two threads: a pause holds every run (the paused one in should_abort,
 * the others on the driver's lock), resume continues, and stop while paused ends the fit promptly. */
static void
test_pause_resume_parallel_folds (void)
{
  g_autoptr(CwProject) project = peaks_project (40, NAN);
  use_fast_custom (project, 100000);
  set_cv (project, 4);
  g_assert_cmpint (cw_project_get_threads (project), ==, 2);
  Recorder r = { 0 };
  g_autoptr(CwTrainingSession) session = new_session (&r);
  g_assert_true (cw_training_session_start (session, project, NULL));
  g_assert_true (wait_for_more (&r.snapshots, 1, 60));

  cw_training_session_pause (session);
  spin (0.3); /* a snapshot already on its way may still land */
  int paused_count = r.snapshots;
  spin (0.5);
  g_assert_cmpint (r.snapshots, ==, paused_count);
  cw_training_session_resume (session);
  g_assert_true (wait_for_more (&r.snapshots, paused_count, 30));
  g_assert_cmpint (r.finished, ==, 0);

  cw_training_session_pause (session);
  spin (0.1);
  gint64 t0 = g_get_monotonic_time ();
  cw_training_session_stop (session);
  g_assert_true (cw_training_session_wait (session, 2000));
  g_printerr ("# stopped while paused in %.0f ms\n", (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpint (r.status, ==, CW_ERR_ABORTED);
  g_assert_cmpint (cw_training_session_get_state (session), ==, CW_SESSION_IDLE);
  recorder_clear (&r);
}

/* The final model's predictions of every row (raw signals through its own pipeline). */
static float *
predict_all (CwProject *project)
{
  const cw_dataset *ds = cw_project_get_dataset (project);
  int n = cw_dataset_n_samples (ds);
  float *pred = g_new (float, n);
  g_assert_cmpint (cw_model_predict_raw (cw_project_get_model (project), cw_dataset_signals (ds), n, pred, NULL),
                   ==, CW_OK);
  return pred;
}

/* Every test row's target 1e6: whatever the session chose and fitted must not have read it. Custom with
 * a holdout and with CV, and auto with CV. */
static void
test_poisoned_targets (void)
{
  const char *recipes[] = { "custom-holdout", "custom-cv", CW_RECIPE_AUTO };
  for (gsize v = 0; v < G_N_ELEMENTS (recipes); v++)
    {
      float *pred[2] = { NULL, NULL };
      char *record[2] = { NULL, NULL };
      for (int poisoned = 0; poisoned <= 1; poisoned++)
        {
          g_autoptr(CwProject) project = peaks_project (40, poisoned ? 1e6 : NAN);
          if (v < 2)
            use_fast_custom (project, 25);
          if (v == 0)
            {
              CwRowSettings rows;
              cw_row_settings_copy (&rows, cw_project_get_row_settings (project));
              rows.choose_by = CW_CHOOSE_HOLDOUT;
              rows.holdout_fraction = 0.25;
              g_assert_true (cw_project_set_row_settings (project, &rows, NULL));
              cw_row_settings_clear (&rows);
            }
          else
            set_cv (project, 3);
          if (poisoned)
            {
              const cw_dataset *ds = cw_project_get_dataset (project);
              int split = cw_dataset_find_meta (ds, "split");
              for (int i = 0; i < 40; i++)
                if (g_strcmp0 (cw_dataset_meta_value (ds, i, split), "test") == 0)
                  g_assert_cmpfloat (cw_dataset_target_values (ds, 0)[i], ==, 1e6);
            }
          Recorder r = { 0 };
          train (project, &r, NULL, 600);
          pred[poisoned] = predict_all (project);
          CwFitSummary *summary = cw_project_get_fit_summary (project);
          record[poisoned] = g_strdup_printf ("%s | %s | %d members | %.17g", cw_model_get_info (cw_project_get_model (project),
                                                                                    "recipe"),
                                              summary->epoch_reason, summary->n_members, summary->score);
          recorder_clear (&r);
        }
      g_printerr ("# %s: %s\n", recipes[v], record[0]);
      g_assert_cmpstr (record[0], ==, record[1]);
      g_assert_cmpmem (pred[0], 40 * sizeof (float), pred[1], 40 * sizeof (float));
      for (int i = 0; i < 2; i++)
        {
          g_free (pred[i]);
          g_free (record[i]);
        }
    }
}

int
main (int argc, char **argv)
{
  main_thread = g_thread_self ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session-fit/custom-cv", test_custom_cv);
  g_test_add_func ("/session-fit/stop-while-cross-validating", test_stop_while_cross_validating);
  g_test_add_func ("/session-fit/pause-resume-parallel-folds", test_pause_resume_parallel_folds);
  g_test_add_func ("/session-fit/auto-tiny", test_auto_tiny);
  g_test_add_func ("/session-fit/poisoned-targets", test_poisoned_targets);
  return g_test_run ();
}
