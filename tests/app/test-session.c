/* test-session.c — training on the worker thread (the fit driver with the Custom recipe, validated on a
 * holdout of gasoline's training rows): snapshots arrive on the main thread (throttled) with the stage,
 * history, validation predictions of validation rows only, and activation maps of the right shapes and
 * axis spans; the loss falls; the model reaches the project with its record; stop joins within a second
 * and the project still gets the model; pause holds the worker and resume continues; a blow-up and bad
 * settings end with the engine's reason and no model; bad starts are refused; the network trains on the
 * preprocessed signal (the snapshot's input is the model's pipeline applied to the row, and a range
 * selection shortens the input and keeps the activation spans inside the range). Auto, the poisoned
 * targets and stopping while cross-validating are in test-session-fit.c. */
#include "session-test-util.h"

static void
test_trains_and_publishes (void)
{
  g_autoptr(CwProject) project = gasoline_project (5, 1e-3f);
  Recorder r = { 0 };
  g_autoptr(CwTrainingSession) session = new_session (&r);
  cw_training_session_set_watched (session, 7);

  g_autoptr(GError) error = NULL;
  g_assert_true (cw_training_session_start (session, project, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cw_training_session_get_state (session), ==, CW_SESSION_RUNNING);
  g_assert_true (cw_training_session_wait (session, 120000));
  g_assert_cmpint (cw_training_session_get_state (session), ==, CW_SESSION_IDLE);
  g_assert_cmpint (r.finished, ==, 1);
  g_assert_cmpint (r.status, ==, CW_OK);
  g_assert_null (r.message);
  g_assert_cmpint (r.snapshots, >=, 1);

  /* The last snapshot is the final one, complete. */
  /* The holdout chose the epoch count; the final model was refitted on the training and validation rows
   * for that many epochs (the engine's default), so its history has no validation loss of its own. */
  CwTrainingSnapshot *s = r.last;
  g_assert_true (s->finished);
  g_assert_cmpint (s->status, ==, CW_OK);
  g_assert_nonnull (s->summary);
  g_assert_true (s->summary->refit);
  g_assert_cmpint (s->summary->epochs, >=, 1);
  g_assert_cmpint (s->summary->epochs, <=, 5);
  g_assert_cmpint (s->n_epochs, ==, s->summary->epochs);
  g_assert_cmpint (s->task, ==, CW_TASK_REGRESSION);
  /* The holdout run's validation loss over its five epochs fell from the first. */
  g_assert_cmpint (s->summary->curve_len, ==, 5);
  double lowest = INFINITY;
  for (int e = 0; e < 5; e++)
    {
      g_assert_true (isfinite (s->summary->curve_loss[e]) && isfinite (s->summary->curve[e]));
      lowest = MIN (lowest, s->summary->curve_loss[e]);
    }
  g_printerr ("# validation loss %g -> lowest %g at the chosen epoch %d, val RMSE %g\n", s->summary->curve_loss[0],
              lowest, s->summary->epochs, s->val_metrics.rmse);
  g_assert_cmpfloat (lowest, <, s->summary->curve_loss[0]);
  g_assert_cmpfloat (s->summary->curve_loss[s->summary->epochs - 1], ==, lowest);
  g_assert_cmpint (s->val_metrics.n, ==, 10);
  g_assert_true (isfinite (s->val_metrics.rmse));

  /* Validation predictions: the ten validation rows taken out of the training rows, never a test row. */
  const cw_dataset *ds = cw_project_get_dataset (project);
  int meta = cw_dataset_find_meta (ds, "split_vignette");
  g_autofree unsigned char *is_val = dup_role_mask (project, CW_ROLE_VALIDATION);
  g_assert_cmpint (s->n_val, ==, 10);
  g_assert_cmpint (s->k, ==, 1);
  for (int i = 0; i < s->n_val; i++)
    {
      g_assert_true (is_val[s->val_ids[i]]);
      g_assert_cmpstr (cw_dataset_meta_value (ds, s->val_ids[i], meta), ==, "train");
      g_assert_cmpfloat (s->val_truth[i], ==, cw_dataset_target_values (ds, 0)[s->val_ids[i]]);
      g_assert_true (isfinite (s->val_pred[i]) && s->val_pred[i] > 70 && s->val_pred[i] < 100);
    }

  /* The fit: one candidate (Custom) validated on the holdout, its epoch kept and why; the final model
   * scored once on the ten test rows. */
  g_assert_nonnull (s->summary);
  g_assert_true (s->summary == cw_project_get_fit_summary (project));
  g_assert_cmpint (s->summary->validation, ==, CW_VALIDATE_HOLDOUT);
  g_assert_cmpint (s->summary->n_candidates, ==, 1);
  g_assert_cmpint (s->summary->chosen, ==, 0);
  g_assert_cmpstr (s->summary->candidates[0].name, ==, "custom");
  g_assert_true (isfinite (s->summary->score));
  g_printerr ("# kept: %s\n", s->summary->epoch_reason);
  g_assert_nonnull (strstr (s->summary->epoch_reason, "validation"));
  g_assert_cmpint (cw_fit_summary_count (s->summary, CW_FIT_ROWS_TEST), ==, 10);
  g_assert_cmpint (cw_fit_summary_count (s->summary, CW_FIT_ROWS_VALIDATION), ==, 10);
  /* The final model learned from the 40 training and, refitted, the 10 validation rows. */
  g_assert_cmpint (cw_fit_summary_count (s->summary, CW_FIT_ROWS_TRAINING), ==, 50);
  cw_metrics test = { 0 };
  g_assert_true (cw_fit_summary_metrics (s->summary, CW_FIT_ROWS_TEST, &test));
  g_assert_cmpint (test.n, ==, 10);
  g_assert_true (isfinite (test.rmse));
  cw_metrics_clear (&test);

  /* The watched sample and both conv layers' maps, aligned with the wavelength axis. */
  g_assert_cmpint (s->watched, ==, 7);
  g_assert_cmpint (s->in_channels, ==, 1);
  g_assert_cmpint (s->in_length, ==, 401);
  g_assert_cmpmem (s->input, 401 * sizeof (float), cw_dataset_signals (ds) + 7 * 401, 401 * sizeof (float));
  g_assert_cmpint (s->n_maps, ==, 2);
  CwActivationMap *m0 = &s->maps[0], *m1 = &s->maps[1];
  g_assert_cmpint (m0->layer, ==, 0);
  g_assert_cmpint (m0->shown_layer, ==, 1);
  g_assert_cmpstr (m0->title, ==, "conv(8,k=9) relu · 8 × 393");
  g_assert_cmpint (m0->channels, ==, 8);
  g_assert_cmpint (m0->length, ==, 393);
  g_assert_cmpint (m0->in_channels, ==, 1);
  g_assert_cmpint (m0->kernel, ==, 9);
  g_assert_cmpfloat_with_epsilon (m0->x0, 908, 1e-9);
  g_assert_cmpfloat_with_epsilon (m0->x1, 1692, 1e-9);
  g_assert_cmpint (m1->layer, ==, 3);
  g_assert_cmpint (m1->shown_layer, ==, 4);
  g_assert_cmpstr (m1->title, ==, "conv(16,k=9) relu · 16 × 188");
  g_assert_cmpint (m1->channels, ==, 16);
  g_assert_cmpint (m1->length, ==, 188);
  g_assert_cmpint (m1->in_channels, ==, 8);
  g_assert_cmpfloat_with_epsilon (m1->x0, 925, 1e-9);
  g_assert_cmpfloat_with_epsilon (m1->x1, 1673, 1e-9);
  /* After ReLU: no negative value, and some positive ones. */
  float max_value = 0;
  for (int i = 0; i < m0->channels * m0->length; i++)
    {
      g_assert_cmpfloat (m0->values[i], >=, 0);
      max_value = MAX (max_value, m0->values[i]);
    }
  g_assert_cmpfloat (max_value, >, 0);

  /* The project got the model, its record and the history; its kernels are the ones shown. */
  cw_model *model = cw_project_get_model (project);
  g_assert_nonnull (model);
  g_assert_cmpstr (cw_model_get_info (model, "recipe"), ==, "custom");
  g_assert_cmpstr (cw_model_get_info (model, "kept_weights"), ==, s->summary->epoch_reason);
  g_assert_nonnull (cw_model_get_pipeline (model));
  g_assert_cmpstr (cw_model_target_name (model, 0), ==, "octane");
  int last = s->n_epochs - 1;
  g_assert_cmpint (cw_project_get_history (project)->epochs, ==, s->n_epochs);
  g_assert_cmpfloat (cw_project_get_history (project)->train_loss[last], ==, s->train_loss_hist[last]);
  size_t n_params = 0;
  const float *kernels = cw_model_layer_params (model, 0, &n_params);
  g_assert_cmpmem (m0->kernels, 8 * 9 * sizeof (float), kernels, 8 * 9 * sizeof (float));
  g_assert_true (cw_project_get_modified (project));

  /* The same capture on the trained model without an axis spans column positions. */
  g_autoptr(CwTrainingSnapshot) idle = cw_training_snapshot_new ();
  cw_training_snapshot_capture_activations (idle, model, cw_dataset_signals (ds) + 7 * 401, 7, NULL);
  g_assert_nonnull (s->stage);
  g_assert_true (g_str_has_prefix (s->stage, "Final model: custom"));
  g_assert_cmpint (idle->n_maps, ==, 2);
  g_assert_cmpfloat_with_epsilon (idle->maps[0].x0, 4, 1e-9);
  g_assert_cmpfloat_with_epsilon (idle->maps[0].x1, 396, 1e-9);
  g_assert_cmpfloat_with_epsilon (idle->maps[1].x0, 12.5, 1e-9);
  g_assert_cmpmem (idle->maps[1].values, 16 * 188 * sizeof (float), m1->values, 16 * 188 * sizeof (float));
  recorder_clear (&r);
}

static void
test_stop_joins_quickly (void)
{
  g_autoptr(CwProject) project = gasoline_project (100000, 1e-3f);
  Recorder r = { 0 };
  g_autoptr(CwTrainingSession) session = new_session (&r);
  g_assert_true (cw_training_session_start (session, project, NULL));
  g_assert_true (wait_for_more (&r.snapshots, 0, 60));
  spin (0.6);
  g_assert_cmpint (r.finished, ==, 0);

  gint64 t0 = g_get_monotonic_time ();
  cw_training_session_stop (session);
  g_assert_cmpint (cw_training_session_get_state (session), ==, CW_SESSION_STOPPING);
  g_assert_true (cw_training_session_wait (session, 1000));
  double seconds = (g_get_monotonic_time () - t0) / 1e6;
  g_printerr ("# stop joined in %.3f s after %d snapshots\n", seconds, r.snapshots);
  g_assert_cmpfloat (seconds, <, 1.0);
  g_assert_cmpint (r.finished, ==, 1);
  g_assert_cmpint (r.status, ==, CW_ERR_ABORTED);
  g_assert_nonnull (r.message);
  g_assert_cmpint (cw_training_session_get_state (session), ==, CW_SESSION_IDLE);
  g_assert_true (r.last->finished);
  g_assert_cmpint (r.last->status, ==, CW_ERR_ABORTED);
  g_printerr ("# stopped: %s\n", r.message);

  /* Nothing is lost: the holdout run is a model already; the project has it and the epochs run so far. */
  g_assert_nonnull (cw_project_get_model (project));
  g_assert_cmpint (cw_project_get_history (project)->epochs, >=, 1);
  g_assert_cmpint (cw_project_get_history (project)->epochs, ==, r.last->n_epochs);

  /* Throttled: about 30 a second, never two within the interval (the final one may come sooner). */
  int n = MIN (r.snapshots, (int) G_N_ELEMENTS (r.times));
  g_assert_cmpint (n, >=, 3);
  for (int i = 1; i < n; i++)
    if (!r.finished_flags[i])
      g_assert_cmpint (r.times[i] - r.times[i - 1], >=, 30000);
  recorder_clear (&r);
}

/* (epoch, batch) as one increasing number. */
static long
position (const CwTrainingSnapshot *s)
{
  return (long) s->epoch * 100000 + s->batch;
}

static void
test_pause_resume (void)
{
  g_autoptr(CwProject) project = gasoline_project (100000, 1e-3f);
  Recorder r = { 0 };
  g_autoptr(CwTrainingSession) session = new_session (&r);
  g_assert_true (cw_training_session_start (session, project, NULL));
  g_assert_true (wait_for_more (&r.snapshots, 0, 60));

  cw_training_session_pause (session);
  g_assert_cmpint (cw_training_session_get_state (session), ==, CW_SESSION_PAUSED);
  spin (0.3); /* a snapshot already on its way may still land */
  int paused_count = r.snapshots;
  long paused_at = position (r.last);
  spin (0.5);
  g_assert_cmpint (r.snapshots, ==, paused_count);
  g_assert_cmpint (position (r.last), ==, paused_at);

  cw_training_session_resume (session);
  g_assert_cmpint (cw_training_session_get_state (session), ==, CW_SESSION_RUNNING);
  g_assert_true (wait_for_more (&r.snapshots, paused_count, 30));
  g_printerr ("# paused at epoch %ld, continued to epoch %d\n", paused_at / 100000, r.last->epoch);
  g_assert_cmpint (position (r.last), >, paused_at);
  g_assert_cmpint (r.finished, ==, 0);

  /* Stop while paused wakes the worker. */
  cw_training_session_pause (session);
  spin (0.1);
  cw_training_session_stop (session);
  g_assert_true (cw_training_session_wait (session, 1000));
  g_assert_cmpint (r.finished, ==, 1);
  g_assert_cmpint (r.status, ==, CW_ERR_ABORTED);
  g_assert_nonnull (cw_project_get_model (project));
  recorder_clear (&r);
}

/* A blow-up fails the only candidate: the driver says which and why, and no model reaches the project. */
static void
test_nonfinite (void)
{
  g_autoptr(CwProject) project = gasoline_project (50, 1e8f);
  Recorder r = { 0 };
  g_autoptr(CwTrainingSession) session = new_session (&r);
  g_assert_true (cw_training_session_start (session, project, NULL));
  g_assert_true (cw_training_session_wait (session, 60000));
  g_assert_cmpint (r.finished, ==, 1);
  g_assert_cmpint (r.status, !=, CW_OK);
  g_assert_nonnull (r.message);
  g_printerr ("# blow-up: %s\n", r.message);
  g_assert_nonnull (strstr (r.message, "custom"));
  g_assert_nonnull (strstr (r.message, "learning rate"));
  g_assert_true (r.last->finished);
  g_assert_cmpint (r.last->status, ==, r.status);
  g_assert_cmpstr (r.last->message, ==, r.message);
  g_assert_null (cw_project_get_model (project));
  recorder_clear (&r);
}

static void
test_invalid_settings (void)
{
  /* The engine refuses the settings on the worker: "finished" carries its reason, the project keeps
   * the model it had (none). */
  g_autoptr(CwProject) project = gasoline_project (5, 1e-3f);
  cw_train_config config = *cw_project_get_train_config (project);
  config.batch = 0;
  cw_project_set_train_config (project, &config);
  Recorder r = { 0 };
  g_autoptr(CwTrainingSession) session = new_session (&r);
  g_assert_true (cw_training_session_start (session, project, NULL));
  g_assert_true (cw_training_session_wait (session, 10000));
  g_assert_cmpint (r.finished, ==, 1);
  g_assert_cmpint (r.status, ==, CW_ERR_INVALID_ARGUMENT);
  g_printerr ("# refused: %s\n", r.message);
  g_assert_nonnull (strstr (r.message, "atch size"));
  g_assert_true (r.last->finished);
  g_assert_cmpint (r.last->n_maps, ==, 0);
  g_assert_null (cw_project_get_model (project));
  recorder_clear (&r);
}

static void
test_refused_starts (void)
{
  g_autoptr(CwProject) project = gasoline_project (100000, 1e-3f);
  Recorder r = { 0 };
  g_autoptr(CwTrainingSession) session = new_session (&r);

  /* No data. */
  g_autoptr(CwProject) empty = cw_project_new ();
  g_autoptr(GError) error = NULL;
  g_assert_false (cw_training_session_start (session, empty, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* An impossible stack. */
  cw_spec *spec = cw_spec_parse ("conv(8,k=500) relu flatten dense(1)", NULL);
  cw_project_set_spec (project, spec);
  cw_spec_free (spec);
  g_assert_false (cw_training_session_start (session, project, &error));
  g_assert_error (error, CW_PROJECT_ERROR, CW_ERR_SHAPE);
  g_clear_error (&error);
  g_assert_cmpint (cw_training_session_get_state (session), ==, CW_SESSION_IDLE);

  /* A second start while running. */
  cw_project_undo (project);
  g_assert_true (cw_training_session_start (session, project, &error));
  g_assert_false (cw_training_session_start (session, project, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "already"));
  cw_training_session_stop (session);
  g_assert_true (cw_training_session_wait (session, 2000));
  g_assert_cmpint (r.finished, ==, 1);
  g_assert_true (cw_training_session_wait (session, 0)); /* idle: returns at once */
  recorder_clear (&r);
}

/* Trains with `preprocessing` for a few epochs, watching row 7; returns the final snapshot (ref). */
static CwTrainingSnapshot *
train_preprocessed (CwProject *project, const char *preprocessing)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (cw_project_set_preprocessing (project, preprocessing, &error));
  g_assert_no_error (error);
  Recorder r = { 0 };
  g_autoptr(CwTrainingSession) session = new_session (&r);
  cw_training_session_set_watched (session, 7);
  g_assert_true (cw_training_session_start (session, project, &error));
  g_assert_no_error (error);
  g_assert_true (cw_training_session_wait (session, 120000));
  g_assert_cmpint (r.finished, ==, 1);
  g_assert_cmpint (r.status, ==, CW_OK);
  g_assert_true (r.last->finished);
  CwTrainingSnapshot *last = cw_training_snapshot_ref (r.last);
  recorder_clear (&r);
  return last;
}

static void
test_preprocessed_input (void)
{
  g_autoptr(CwProject) project = gasoline_project (4, 1e-3f);
  g_autoptr(CwTrainingSnapshot) s = train_preprocessed (project, "snv sg(11,2,1)");
  const cw_dataset *ds = cw_project_get_dataset (project);
  const float *raw = cw_dataset_signals (ds) + 7 * 401;

  /* What the network saw: the watched row through the model's own pipeline, fitted by the driver on the
   * training rows; it is the project's preprocessing fitted on them (within float rounding: the driver
   * fits on the floats the network reads, the project on the file's doubles). */
  const cw_pipeline *model_pipe = cw_model_get_pipeline (cw_project_get_model (project));
  g_assert_nonnull (model_pipe);
  float expected[401];
  cw_pipeline_apply_f (model_pipe, raw, 1, expected);
  g_assert_cmpint (s->watched, ==, 7);
  g_assert_cmpint (s->in_length, ==, 401);
  g_assert_cmpmem (s->input, sizeof expected, expected, sizeof expected);
  g_autofree unsigned char *left_out = cw_project_dup_left_out_rows (project, NULL);
  cw_pipeline *pipe = cw_project_fit_preprocessing (project, left_out, NULL);
  g_assert_nonnull (pipe);
  float fitted_here[401];
  cw_pipeline_apply_f (pipe, raw, 1, fitted_here);
  cw_pipeline_free (pipe);
  for (int t = 0; t < 401; t++)
    g_assert_cmpfloat_with_epsilon (fitted_here[t], expected[t], 1e-4 * (1 + fabsf (expected[t])));
  int differing = 0;
  for (int t = 0; t < 401; t++)
    differing += fabsf (s->input[t] - raw[t]) > 1e-3f;
  g_assert_cmpint (differing, >, 200);
  /* The holdout run learned (its validation loss fell); the refit ran for the epochs it chose. */
  g_assert_nonnull (s->summary);
  g_assert_cmpint (s->summary->curve_len, ==, 4);
  double lowest = s->summary->curve_loss[0];
  for (int e = 1; e < 4; e++)
    lowest = MIN (lowest, s->summary->curve_loss[e]);
  g_assert_cmpfloat (lowest, <, s->summary->curve_loss[0]);
  g_assert_cmpint (s->n_epochs, ==, s->summary->epochs);
  g_assert_true (isfinite (s->val_metrics.rmse));

  /* The project keeps the pipeline with the model, and the idle path reproduces the input. */
  g_assert_cmpstr (cw_project_get_model_preprocessing (project), ==, "snv sg(11,2,1)");
  float row[401];
  g_assert_true (cw_project_preprocess_row (project, 7, row));
  g_assert_cmpmem (row, sizeof row, expected, sizeof expected);
  g_autoptr(CwTrainingSnapshot) idle = cw_training_snapshot_new ();
  cw_training_snapshot_capture_activations (idle, cw_project_get_model (project), row, 7,
                                            cw_pipeline_out_axis (cw_project_get_model_pipeline (project)));
  g_assert_cmpint (idle->n_maps, ==, s->n_maps);
  gsize cells = (gsize) s->maps[0].channels * s->maps[0].length * sizeof (float);
  g_assert_cmpmem (idle->maps[0].values, cells, s->maps[0].values, cells);
}

static void
test_range_selection (void)
{
  g_autoptr(CwProject) project = gasoline_project (2, 1e-3f);
  const cw_dataset *ds = cw_project_get_dataset (project);
  int selected = 0, first = -1;
  for (int t = 0; t < cw_dataset_length (ds); t++)
    if (cw_dataset_axis (ds)[t] >= 1000 && cw_dataset_axis (ds)[t] <= 1600)
      {
        selected++;
        first = first < 0 ? t : first;
      }
  g_assert_cmpint (selected, ==, 301);
  g_autoptr(CwTrainingSnapshot) s = train_preprocessed (project, "range(1000,1600)");

  cw_model *model = cw_project_get_model (project);
  g_assert_cmpint (cw_model_in_length (model), ==, selected);
  g_assert_cmpint (s->in_length, ==, selected);
  /* Range selection alone keeps the values: the input is the selected columns of the raw row. */
  g_assert_cmpmem (s->input, selected * sizeof (float), cw_dataset_signals (ds) + 7 * 401 + first,
                   selected * sizeof (float));
  g_assert_cmpint (s->n_maps, ==, 2);
  for (int i = 0; i < s->n_maps; i++)
    {
      g_printerr ("# %s spans %g .. %g\n", s->maps[i].title, s->maps[i].x0, s->maps[i].x1);
      g_assert_cmpfloat (s->maps[i].x0, >=, 1000);
      g_assert_cmpfloat (s->maps[i].x1, <=, 1600);
      g_assert_cmpfloat (s->maps[i].x0, <, s->maps[i].x1);
    }
  /* conv(8,k=9) on 1000..1600 nm at 2 nm: the first map is centred from 1008 to 1592. */
  g_assert_cmpfloat_with_epsilon (s->maps[0].x0, 1008, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->maps[0].x1, 1592, 1e-9);
  g_assert_cmpint (s->maps[0].length, ==, selected - 8);
}

int
main (int argc, char **argv)
{
  main_thread = g_thread_self ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session/trains-and-publishes", test_trains_and_publishes);
  g_test_add_func ("/session/stop-joins-quickly", test_stop_joins_quickly);
  g_test_add_func ("/session/pause-resume", test_pause_resume);
  g_test_add_func ("/session/nonfinite", test_nonfinite);
  g_test_add_func ("/session/invalid-settings", test_invalid_settings);
  g_test_add_func ("/session/refused-starts", test_refused_starts);
  g_test_add_func ("/session/preprocessed-input", test_preprocessed_input);
  g_test_add_func ("/session/range-selection", test_range_selection);
  return g_test_run ();
}
