/* test-compare-view.c — the Compare page on gasoline with a quickly trained CNN (20 epochs, fixed seed) and
 * PLS, both after "center": the table's numbers against the PLS job and against cw_model_predict computed
 * here; the parity plot's series; the saliency curves; the drift test at size 0 and PLS's closed form under
 * a baseline offset; clicking a point; the page without a CNN (and its Train button); a changed pipeline;
 * cancelling the stress test; the verdicts; three classes (accuracy, recall, error rate under drift); a range
 * selection (curves on the selected axis). Renders the page at 1200 x 800 (light, dark, without a CNN, with
 * classes) into SCREENSHOT_DIR. */
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "compare-test-util.h"
#include "rows-test-util.h"
#include "cw-compare-table.h"
#include "cw-compare-view.h"
#include "cw-drift-panel.h"
#include "cw-parity-plot.h"
#include "cw-saliency-panel.h"
#include "cw-signal-plot.h"

#define PAGE_WIDTH 1200
#define PAGE_HEIGHT 800
#define TRAIN_SEED 7
#define TRAIN_EPOCHS 20

/* ---- fixtures ---- */

static CwProject *
new_gasoline_project (const char *preprocessing)
{
  cw_error err;
  cw_error_clear (&err);
  cw_dataset *ds = cw_dataset_load_csv (RESOURCES_DIR "/data/gasoline.csv", NULL, &err);
  if (!ds)
    g_error ("gasoline.csv: %s", err.message);
  CwProject *project = cw_project_new ();
  cw_project_set_dataset (project, ds, NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (cw_project_set_preprocessing (project, preprocessing, &error));
  g_assert_no_error (error);
  cw_train_config config = *cw_project_get_train_config (project);
  config.epochs = TRAIN_EPOCHS;
  config.seed = TRAIN_SEED;
  cw_project_set_train_config (project, &config);
  return project;
}

/* What the training session does, on this thread: fit the project's pipeline on the training rows,
 * train on the processed signals, give the model and the pipeline to the project. */
static void
train_cnn (CwProject *project)
{
  g_autofree float *x = NULL;
  g_autofree float *y = NULL;
  int k = 0;
  g_assert_true (cw_project_build_training_data (project, &x, &y, &k, NULL));
  g_autofree unsigned char *left_out = dup_left_out_mask (project);
  g_autofree unsigned char *is_val = dup_role_mask (project, CW_ROLE_VALIDATION);
  g_autoptr (GError) error = NULL;
  cw_pipeline *pipeline = cw_project_fit_preprocessing (project, left_out, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pipeline);
  const cw_dataset *ds = cw_project_get_dataset (project);
  int n = cw_dataset_n_samples (ds), channels = cw_dataset_n_channels (ds);
  int length = cw_pipeline_out_length (pipeline), size = channels * length;
  g_autofree float *xp = g_new (float, (gsize) n * size);
  cw_pipeline_apply_f (pipeline, x, n, xp);

  cw_model *model = cw_model_new (cw_project_get_spec (project), channels, length, cw_project_get_task (project),
                                  k, NULL);
  g_assert_nonnull (model);
  cw_xy train = cw_xy_select (xp, y, n, size, k, left_out, false);
  cw_xy val = cw_xy_select (xp, y, n, size, k, is_val, true);
  cw_history hist;
  g_assert_cmpint (cw_train (model, cw_project_get_train_config (project), train, val, NULL, &hist, NULL), ==, CW_OK);
  cw_project_set_trained_model (project, model, &hist, pipeline);
  cw_history_clear (&hist);
  cw_xy_free (&train);
  cw_xy_free (&val);
}

typedef struct
{
  CwProject *project;
  GtkWidget *window;
  CwCompareView *view;
  int activations;
  int last_row;
  int train_activations;
} Fixture;

static void
on_sample_activated (GtkWidget *view, int row, Fixture *f)
{
  f->activations++;
  f->last_row = row;
}

static void
on_train_action (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  ((Fixture *) data)->train_activations++;
}

static gboolean
view_settled (gpointer data)
{
  Fixture *f = data;
  return !cw_compare_view_is_busy (f->view) && cw_compare_view_get_inputs (f->view) != NULL;
}

static void
open_view (Fixture *f)
{
  f->view = CW_COMPARE_VIEW (cw_compare_view_new (f->project));
  f->last_row = -1;
  g_signal_connect (f->view, "sample-activated", G_CALLBACK (on_sample_activated), f);
  f->window = show_in_window (GTK_WIDGET (f->view), PAGE_WIDTH, PAGE_HEIGHT);
  /* A stand-in for the window's actions: the page's Train button activates win.train. */
  GSimpleActionGroup *group = g_simple_action_group_new ();
  const GActionEntry entries[] = { { .name = "train", .activate = on_train_action } };
  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), f);
  gtk_widget_insert_action_group (f->window, "win", G_ACTION_GROUP (group));
  g_object_unref (group);
  /* Showing the page starts the jobs. */
  g_assert_true (wait_for (view_settled, f, 120));
  /* Whatever the page shows, it fits the window it was given. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->view)), ==, PAGE_WIDTH);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->view)), ==, PAGE_HEIGHT);
}

static void
trained_setup (Fixture *f, gconstpointer data)
{
  f->project = new_gasoline_project ("center");
  train_cnn (f->project);
  open_view (f);
}

static void
untrained_setup (Fixture *f, gconstpointer data)
{
  f->project = new_gasoline_project ("center");
  open_view (f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  spin_ms (10);
  g_clear_object (&f->project);
}

/* ---- reference numbers computed here ---- */

/* RMSEP of the CNN on the test rows: the pipeline the model was trained with, cw_model_predict. */
static double
cnn_rmsep_by_hand (CwProject *project, const CwCompareInputs *inputs)
{
  const cw_pipeline *pipeline = cw_project_get_model_pipeline (project);
  g_assert_nonnull (pipeline);
  cw_model *model = cw_project_get_model (project);
  int length = cw_pipeline_out_length (pipeline);
  g_autofree float *x = g_new (float, (gsize) inputs->n * inputs->channels * length);
  cw_pipeline_apply_f (pipeline, inputs->x, inputs->n, x);
  g_autofree float *pred = g_new (float, inputs->n);
  g_assert_cmpint (cw_model_predict (model, x, inputs->n, pred, NULL), ==, CW_OK);
  double sse = 0;
  for (int i = 0; i < inputs->n; i++)
    sse += (pred[i] - inputs->truth[i]) * (pred[i] - inputs->truth[i]);
  return sqrt (sse / inputs->n);
}

static double
table_value (CwCompareTable *table, const char *metric, int column)
{
  int row = cw_compare_table_find_row (table, metric);
  g_assert_cmpint (row, >, 0);
  const char *text = cw_compare_table_get_text (table, row, column);
  g_assert_nonnull (text);
  return g_ascii_strtod (text, NULL);
}

static void
assert_close (double a, double b, double relative)
{
  g_assert_true (isfinite (a) && isfinite (b));
  if (fabs (a - b) > relative * MAX (fabs (a), fabs (b)))
    g_error ("%.17g and %.17g differ by more than %g relative", a, b, relative);
}

/* ---- tests ---- */

static void
test_metrics (Fixture *f, gconstpointer data)
{
  CwPlsResult *pls = cw_compare_view_get_pls_result (f->view);
  CwSaliencyResult *cnn = cw_compare_view_get_saliency_result (f->view);
  CwCompareInputs *inputs = cw_compare_view_get_inputs (f->view);
  g_assert_nonnull (pls);
  g_assert_nonnull (cnn);
  g_assert_nonnull (inputs->model);
  /* gasoline's split_vignette = test: rows 51-60. */
  g_assert_cmpint (inputs->n, ==, 10);
  g_assert_cmpint (inputs->rows[0], ==, 50);
  g_assert_cmpint (pls->n_test, ==, 10);
  g_assert_nonnull (inputs->pipeline);

  /* PLS: the job run here with the same project gives the same RMSEP at the chosen number of components,
   * and the table shows it. */
  g_autoptr (GError) error = NULL;
  g_autoptr (CwPlsResult) reference = cw_pls_job_run (f->project, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reference->chosen, ==, pls->chosen);
  double pls_rmsep = reference->rmsep[reference->chosen - 1];
  g_assert_cmpfloat (pls->rmsep[pls->chosen - 1], ==, pls_rmsep);
  CwCompareTable *table = CW_COMPARE_TABLE (cw_compare_view_get_table (f->view));
  g_autofree char *pls_text = g_strdup_printf ("%.4g", pls_rmsep);
  g_assert_cmpstr (cw_compare_table_get_text (table, cw_compare_table_find_row (table, "RMSEP"),
                                              CW_COMPARE_COLUMN_PLS), ==, pls_text);
  assert_close (table_value (table, "R²", CW_COMPARE_COLUMN_PLS), reference->r2p[reference->chosen - 1], 1e-3);

  /* CNN: the RMSEP of cw_model_predict on the test rows. */
  double cnn_rmsep = cnn_rmsep_by_hand (f->project, inputs);
  CwCompareMetrics m;
  cw_compare_metrics_regression (inputs->truth, cnn->pred, inputs->n, inputs->k, &m);
  assert_close (m.rmsep, cnn_rmsep, 1e-6);
  assert_close (table_value (table, "RMSEP", CW_COMPARE_COLUMN_CNN), cnn_rmsep, 1e-3);
  g_assert_cmpstr (cw_compare_table_get_text (table, cw_compare_table_find_row (table, "n"), CW_COMPARE_COLUMN_CNN),
                   ==, "10");
  /* MAE and bias of PLS from its own predictions. */
  double sae = 0, sum = 0;
  for (int i = 0; i < pls->n_test; i++)
    {
      sae += fabs (pls->test_pred[i] - pls->test_truth[i]);
      sum += pls->test_pred[i] - pls->test_truth[i];
    }
  assert_close (table_value (table, "MAE", CW_COMPARE_COLUMN_PLS), sae / pls->n_test, 1e-3);
  assert_close (table_value (table, "Bias", CW_COMPARE_COLUMN_PLS), sum / pls->n_test, 1e-3);
  g_autofree char *components = g_strdup_printf ("%d component%s", pls->chosen, pls->chosen == 1 ? "" : "s");
  g_assert_cmpstr (cw_compare_table_get_text (table, cw_compare_table_find_row (table, "Model"),
                                              CW_COMPARE_COLUMN_PLS), ==, components);
  g_assert_nonnull (strstr (cw_compare_table_get_text (table, cw_compare_table_find_row (table, "Model"),
                                                        CW_COMPARE_COLUMN_CNN), "20"));
  cw_compare_metrics_clear (&m);
}

static void
test_parity (Fixture *f, gconstpointer data)
{
  CwParityPlot *plot = CW_PARITY_PLOT (cw_compare_view_get_parity_plot (f->view));
  CwCompareInputs *inputs = cw_compare_view_get_inputs (f->view);
  CwPlsResult *pls = cw_compare_view_get_pls_result (f->view);
  g_assert_cmpint (cw_parity_plot_get_n_series (plot), ==, 2);
  for (int s = 0; s < 2; s++)
    {
      double rmse, r2;
      int n;
      cw_parity_plot_get_series_stats (plot, s, &rmse, &r2, &n);
      g_assert_cmpint (n, ==, 10);
    }
  double rmse;
  cw_parity_plot_get_series_stats (plot, 1, &rmse, NULL, NULL);
  assert_close (rmse, pls->rmsep[pls->chosen - 1], 1e-5);

  /* Both series are drawn in their colours inside the data rectangle. */
  g_autoptr (GdkTexture) texture = render (GTK_WIDGET (plot));
  CwPlotRect rect = cw_parity_plot_get_data_rect (plot);
  for (int s = 0; s < 2; s++)
    {
      GdkRGBA color;
      cw_palette_color (s, &color);
      int pixels = count_colour (texture, &color, (int) rect.x, (int) rect.y, (int) (rect.x + rect.width),
                                 (int) (rect.y + rect.height));
      g_assert_cmpint (pixels, >, 40);
    }

  /* Clicking PLS's point of row 53 reports that row. */
  int index = 3;
  double x0, x1, y0, y1;
  cw_parity_plot_get_ranges (plot, &x0, &x1, &y0, &y1);
  double px = rect.x + (pls->test_truth[index] - x0) / (x1 - x0) * rect.width;
  double py = rect.y + rect.height - (pls->test_pred[index] - y0) / (y1 - y0) * rect.height;
  int series = -1, point = -1;
  int id = cw_parity_plot_pick_point (plot, px, py, &series, &point);
  g_assert_cmpint (id, ==, inputs->rows[index]);
  g_signal_emit_by_name (plot, "point-activated", id);
  g_assert_cmpint (f->activations, ==, 1);
  g_assert_cmpint (f->last_row, ==, 53);
  g_assert_cmpint (cw_parity_plot_get_selected (plot), ==, 53);
  cw_compare_view_select_sample (f->view, 57);
  g_assert_cmpint (cw_parity_plot_get_selected (plot), ==, 57);

  /* The Residuals toggle: the y axis now spans the errors, a fraction of the octane range. */
  GtkWidget *toggle = find_button (GTK_WIDGET (f->view), "_Residuals");
  g_assert_true (GTK_IS_TOGGLE_BUTTON (toggle));
  double span = y1 - y0;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  spin_ms (30);
  cw_parity_plot_get_ranges (plot, &x0, &x1, &y0, &y1);
  g_assert_cmpfloat (y1 - y0, <, span / 2);
  g_assert_cmpfloat (y0, <, 0.0);
  g_assert_cmpfloat (y1, >, 0.0);
}

static void
assert_curve (CwSaliencyPanel *panel, CwSaliencyCurve which, int length, double x0, double x1)
{
  int n = 0;
  const double *x = NULL;
  const float *curve = cw_saliency_panel_get_curve (panel, which, &x, &n);
  g_assert_nonnull (curve);
  g_assert_cmpint (n, ==, length);
  double largest = 0;
  for (int i = 0; i < n; i++)
    {
      g_assert_true (isfinite (curve[i]));
      largest = MAX (largest, fabs (curve[i]));
    }
  g_assert_cmpfloat_with_epsilon (largest, 1.0, 1e-6);
  g_assert_cmpfloat (x[0], ==, x0);
  g_assert_cmpfloat (x[n - 1], ==, x1);
}

static void
test_saliency (Fixture *f, gconstpointer data)
{
  CwSaliencyResult *cnn = cw_compare_view_get_saliency_result (f->view);
  g_assert_cmpint (cnn->length, ==, 401);
  g_assert_cmpint (cnn->gradcam_layer, >=, 0);
  g_assert_nonnull (cnn->gradcam);
  double total = 0;
  for (int t = 0; t < cnn->length; t++)
    {
      g_assert_true (isfinite (cnn->saliency[t]) && cnn->saliency[t] >= 0);
      g_assert_true (isfinite (cnn->gradcam[t]) && cnn->gradcam[t] >= 0);
      total += cnn->saliency[t];
    }
  g_assert_cmpfloat (total, >, 0.0);

  CwSaliencyPanel *panel = CW_SALIENCY_PANEL (cw_compare_view_get_saliency_panel (f->view));
  for (int c = 0; c < CW_SALIENCY_N_CURVES; c++)
    assert_curve (panel, c, 401, 900.0, 1700.0);
  /* PLS's coefficients keep their sign (centred NIR: both signs occur). */
  int n;
  const float *coef = cw_saliency_panel_get_curve (panel, CW_SALIENCY_CURVE_PLS_COEFFICIENTS, NULL, &n);
  gboolean negative = FALSE, positive = FALSE;
  for (int i = 0; i < n; i++)
    {
      negative = negative || coef[i] < 0;
      positive = positive || coef[i] > 0;
    }
  g_assert_true (negative && positive);

  /* Five series plus the mean spectrum's fill; every curve's colour is on screen. */
  CwSignalPlot *plot = CW_SIGNAL_PLOT (cw_saliency_panel_get_plot (panel));
  g_assert_cmpint (cw_signal_plot_get_n_series (plot), ==, CW_SALIENCY_N_CURVES);
  g_autoptr (GdkTexture) texture = render (GTK_WIDGET (plot));
  double x, y, width, height;
  cw_signal_plot_get_data_rect (plot, &x, &y, &width, &height);
  const int palette[] = { 0, 6, 1, 2 };
  for (gsize i = 0; i < G_N_ELEMENTS (palette); i++)
    {
      GdkRGBA color;
      cw_palette_color (palette[i], &color);
      g_assert_cmpint (count_colour (texture, &color, (int) x, (int) y, (int) (x + width), (int) (y + height)), >, 30);
    }
}

static gboolean
drift_done (gpointer data)
{
  return !cw_drift_panel_is_running (data);
}

static void
test_drift (Fixture *f, gconstpointer data)
{
  CwDriftPanel *panel = CW_DRIFT_PANEL (cw_compare_view_get_drift_panel (f->view));
  CwCompareInputs *inputs = cw_compare_view_get_inputs (f->view);
  CwPlsResult *pls = cw_compare_view_get_pls_result (f->view);
  CwSaliencyResult *cnn = cw_compare_view_get_saliency_result (f->view);
  g_assert_null (cw_drift_panel_get_result (panel));
  g_assert_true (cw_drift_panel_run (panel));
  g_assert_true (cw_drift_panel_is_running (panel));
  g_assert_true (wait_for (drift_done, panel, 120));
  CwDriftResult *result = cw_drift_panel_get_result (panel);
  g_assert_nonnull (result);
  g_assert_true (result->has_model[CW_DRIFT_MODEL_CNN] && result->has_model[CW_DRIFT_MODEL_PLS]);
  g_assert_cmpint (result->pls_components, ==, pls->chosen);

  /* Size 0 is no perturbation: each model's own unperturbed test RMSEP, for every kind. */
  CwCompareMetrics m;
  cw_compare_metrics_regression (inputs->truth, cnn->pred, inputs->n, inputs->k, &m);
  for (int kind = 0; kind < CW_DRIFT_N_KINDS; kind++)
    {
      g_assert_cmpfloat (result->sizes[kind][0], ==, 0.0);
      g_assert_cmpfloat (result->error[kind][CW_DRIFT_MODEL_CNN][0], ==, m.rmsep);
      assert_close (result->error[kind][CW_DRIFT_MODEL_PLS][0], pls->rmsep[pls->chosen - 1], 1e-12);
      for (int s = 0; s < CW_DRIFT_STEPS; s++)
        for (int model = 0; model < CW_DRIFT_N_MODELS; model++)
          g_assert_true (isfinite (result->error[kind][model][s]));
    }
  cw_compare_metrics_clear (&m);

  /* After centring, an offset o moves every PLS prediction by o * sum (coefficients). */
  const double *b = cw_pls_result_coefficients (pls, pls->chosen);
  double sum_b = 0;
  for (int j = 0; j < pls->n_features; j++)
    sum_b += b[j];
  for (int s = 1; s < CW_DRIFT_STEPS; s++)
    {
      double offset = result->sizes[CW_DRIFT_OFFSET][s], sse = 0;
      for (int i = 0; i < pls->n_test; i++)
        {
          double e = pls->test_pred[i] + offset * sum_b - pls->test_truth[i];
          sse += e * e;
        }
      assert_close (result->error[CW_DRIFT_OFFSET][CW_DRIFT_MODEL_PLS][s], sqrt (sse / pls->n_test), 1e-9);
    }
  double *offset_pls = result->error[CW_DRIFT_OFFSET][CW_DRIFT_MODEL_PLS];
  g_assert_cmpfloat (offset_pls[CW_DRIFT_STEPS - 1], >=, offset_pls[0]);
  /* The sizes: shift in points, the rest scaled as documented. */
  g_assert_cmpfloat (result->sizes[CW_DRIFT_SHIFT][CW_DRIFT_STEPS - 1], ==, 5.0);
  g_assert_cmpfloat_with_epsilon (result->shown[CW_DRIFT_OFFSET][CW_DRIFT_STEPS - 1], 20.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (result->shown[CW_DRIFT_SCALE][CW_DRIFT_STEPS - 1], 20.0, 1e-9);

  /* Each small plot has two lines (with their points) and a verdict that names its perturbation. */
  const char *words[CW_DRIFT_N_KINDS] = { "shift", "offset", "slope", "scaling", "noise" };
  for (int kind = 0; kind < CW_DRIFT_N_KINDS; kind++)
    {
      CwSignalPlot *plot = CW_SIGNAL_PLOT (cw_drift_panel_get_plot (panel, kind));
      g_assert_cmpint (cw_signal_plot_get_n_series (plot), ==, 4);
      const char *verdict = cw_drift_panel_get_verdict (panel, kind);
      g_assert_nonnull (strstr (verdict, words[kind]));
      g_printerr ("# %s: CNN %.4f -> %.4f, PLS %.4f -> %.4f: %s\n", cw_drift_kind_title (kind),
                  result->error[kind][0][0], result->error[kind][0][CW_DRIFT_STEPS - 1], result->error[kind][1][0],
                  result->error[kind][1][CW_DRIFT_STEPS - 1], verdict);
    }
  GdkRGBA blue, orange;
  cw_palette_color (0, &blue);
  cw_palette_color (1, &orange);
  g_autoptr (GdkTexture) texture = render (cw_drift_panel_get_plot (panel, CW_DRIFT_OFFSET));
  g_assert_cmpint (count_colour (texture, &blue, 0, 0, G_MAXINT, G_MAXINT), >, 30);
  g_assert_cmpint (count_colour (texture, &orange, 0, 0, G_MAXINT, G_MAXINT), >, 30);

  /* The page after a real run, light and dark. */
  save_screenshot (f->window, "compare-page.png");
  set_dark (TRUE);
  save_screenshot (f->window, "compare-page-dark.png");
  set_dark (FALSE);

  /* A new model makes the old curves meaningless: they go. */
  cw_project_set_model (f->project, NULL, NULL);
  g_assert_true (wait_for (view_settled, f, 60));
  g_assert_null (cw_drift_panel_get_result (panel));
}

static void
test_drift_cancel (Fixture *f, gconstpointer data)
{
  CwDriftPanel *panel = CW_DRIFT_PANEL (cw_compare_view_get_drift_panel (f->view));
  g_assert_true (cw_drift_panel_run (panel));
  g_assert_false (cw_drift_panel_run (panel));
  cw_drift_panel_cancel (panel);
  g_assert_true (wait_for (drift_done, panel, 30));
  g_assert_null (cw_drift_panel_get_result (panel));
  g_assert_cmpstr (cw_drift_panel_get_status (panel), ==, "Stress test cancelled.");
  /* It runs to the end the next time. */
  g_assert_true (cw_drift_panel_run (panel));
  g_assert_true (wait_for (drift_done, panel, 120));
  g_assert_nonnull (cw_drift_panel_get_result (panel));
}

static void
test_no_cnn (Fixture *f, gconstpointer data)
{
  CwCompareInputs *inputs = cw_compare_view_get_inputs (f->view);
  g_assert_null (inputs->model);
  g_assert_nonnull (strstr (cw_compare_view_get_status (f->view), "No CNN is trained yet"));
  g_assert_null (cw_compare_view_get_saliency_result (f->view));
  /* PLS alone: its column filled, the CNN's empty, one parity series. */
  CwCompareTable *table = CW_COMPARE_TABLE (cw_compare_view_get_table (f->view));
  int row = cw_compare_table_find_row (table, "RMSEP");
  g_assert_cmpstr (cw_compare_table_get_text (table, row, CW_COMPARE_COLUMN_CNN), ==, "—");
  g_assert_cmpstr (cw_compare_table_get_text (table, row, CW_COMPARE_COLUMN_PLS), !=, "—");
  g_assert_cmpint (cw_parity_plot_get_n_series (CW_PARITY_PLOT (cw_compare_view_get_parity_plot (f->view))), ==, 1);

  save_screenshot (f->window, "compare-page-no-cnn.png");
  /* The Train button is shown and activates the window's train action. */
  GtkWidget *button = find_button (GTK_WIDGET (f->view), "_Train the CNN");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpint (f->train_activations, ==, 1);

  /* Training a model makes the page compare both. */
  train_cnn (f->project);
  g_assert_true (wait_for (view_settled, f, 60));
  g_assert_nonnull (cw_compare_view_get_saliency_result (f->view));
  g_assert_false (gtk_widget_get_visible (button));
  g_assert_cmpint (cw_parity_plot_get_n_series (CW_PARITY_PLOT (cw_compare_view_get_parity_plot (f->view))), ==, 2);
  g_assert_nonnull (strstr (cw_compare_view_get_note (f->view), "Both read the spectra after “center”"));

  /* A new pipeline refits PLS; the CNN keeps the one it was trained with, and the note says so. */
  g_assert_true (cw_project_set_preprocessing (f->project, "snv", NULL));
  g_assert_true (wait_for (view_settled, f, 60));
  g_assert_cmpstr (cw_compare_view_get_pls_result (f->view)->pipeline_text, ==, "snv");
  g_assert_nonnull (strstr (cw_compare_view_get_note (f->view),
                            "the CNN was trained after “center”, PLS fitted after “snv”"));
}

/* With a range selection both models read 1000-1600 nm: their curves live on that axis, the mean
 * spectrum on the whole one, and the stress test still starts from each model's own test error. */
static void
range_setup (Fixture *f, gconstpointer data)
{
  f->project = new_gasoline_project ("center range(1000,1600)");
  train_cnn (f->project);
  open_view (f);
}

static void
test_range (Fixture *f, gconstpointer data)
{
  CwCompareInputs *inputs = cw_compare_view_get_inputs (f->view);
  CwPlsResult *pls = cw_compare_view_get_pls_result (f->view);
  g_assert_cmpint (inputs->model_length, ==, 301);
  g_assert_cmpint (pls->out_length, ==, 301);
  CwSaliencyPanel *panel = CW_SALIENCY_PANEL (cw_compare_view_get_saliency_panel (f->view));
  assert_curve (panel, CW_SALIENCY_CURVE_MEAN, 401, 900.0, 1700.0);
  for (int c = CW_SALIENCY_CURVE_CNN_GRADIENT; c < CW_SALIENCY_N_CURVES; c++)
    assert_curve (panel, c, 301, 1000.0, 1600.0);
  assert_close (cnn_rmsep_by_hand (f->project, inputs),
                table_value (CW_COMPARE_TABLE (cw_compare_view_get_table (f->view)), "RMSEP", CW_COMPARE_COLUMN_CNN), 1e-3);

  CwDriftPanel *drift = CW_DRIFT_PANEL (cw_compare_view_get_drift_panel (f->view));
  g_assert_true (cw_drift_panel_run (drift));
  g_assert_true (wait_for (drift_done, drift, 120));
  CwDriftResult *result = cw_drift_panel_get_result (drift);
  CwCompareMetrics m;
  cw_compare_metrics_regression (inputs->truth, cw_compare_view_get_saliency_result (f->view)->pred, inputs->n, 1, &m);
  g_assert_cmpfloat (result->error[CW_DRIFT_SLOPE][CW_DRIFT_MODEL_CNN][0], ==, m.rmsep);
  assert_close (result->error[CW_DRIFT_SLOPE][CW_DRIFT_MODEL_PLS][0], pls->rmsep[pls->chosen - 1], 1e-12);
  cw_compare_metrics_clear (&m);
}

static void
test_no_test_rows (void)
{
  CwProject *project = new_gasoline_project ("");
  set_holdout_only (project, 0.0);
  GtkWidget *view = cw_compare_view_new (project);
  g_object_ref_sink (view);
  cw_compare_view_refresh (CW_COMPARE_VIEW (view));
  g_assert_null (cw_compare_view_get_inputs (CW_COMPARE_VIEW (view)));
  g_assert_false (cw_compare_view_is_busy (CW_COMPARE_VIEW (view)));
  g_assert_nonnull (strstr (cw_compare_view_get_status (CW_COMPARE_VIEW (view)), "no test rows"));
  g_object_unref (view);
  g_object_unref (project);
}

/* Three classes of 64-point signals: a Gaussian peak at 16, 32 or 48 on a noisy baseline; every fourth row
 * is a test row. */
static CwProject *
new_classes_project (void)
{
  g_autoptr (GString) csv = g_string_new ("meta:split,target:kind");
  for (int t = 0; t < 64; t++)
    g_string_append_printf (csv, ",%d", 1000 + 2 * t);
  g_string_append_c (csv, '\n');
  GRand *rand = g_rand_new_with_seed (11);
  static const char *const names[] = { "alpha", "beta", "gamma" };
  for (int i = 0; i < 60; i++)
    {
      int c = i % 3;
      g_string_append_printf (csv, "%s,%s", i % 4 == 3 ? "test" : "train", names[c]);
      double centre = 16 + 16 * c + g_rand_double_range (rand, -2, 2);
      for (int t = 0; t < 64; t++)
        g_string_append_printf (csv, ",%.5f", exp (-0.5 * (t - centre) * (t - centre) / 9.0)
                                               + 0.05 * g_rand_double_range (rand, -1, 1) + 0.2);
      g_string_append_c (csv, '\n');
    }
  g_rand_free (rand);
  cw_error err;
  cw_error_clear (&err);
  cw_dataset *ds = cw_dataset_parse_csv (csv->str, csv->len, "classes.csv", NULL, &err);
  if (!ds)
    g_error ("classes.csv: %s", err.message);
  CwProject *project = cw_project_new ();
  cw_project_set_dataset (project, ds, NULL);
  cw_project_set_target (project, 0);
  g_assert_cmpint (cw_project_get_task (project), ==, CW_TASK_MULTICLASS);
  set_test_by_meta (project, "split", "test", 0.0);
  cw_train_config config = *cw_project_get_train_config (project);
  config.epochs = 30;
  config.seed = TRAIN_SEED;
  cw_project_set_train_config (project, &config);
  return project;
}

static void
classes_setup (Fixture *f, gconstpointer data)
{
  f->project = new_classes_project ();
  train_cnn (f->project);
  open_view (f);
}

static void
test_classes (Fixture *f, gconstpointer data)
{
  CwCompareInputs *inputs = cw_compare_view_get_inputs (f->view);
  CwPlsResult *pls = cw_compare_view_get_pls_result (f->view);
  CwSaliencyResult *cnn = cw_compare_view_get_saliency_result (f->view);
  g_assert_nonnull (pls);
  g_assert_nonnull (cnn);
  g_assert_cmpint (inputs->n, ==, 15);
  g_assert_cmpint (inputs->n_classes, ==, 3);
  g_assert_true (pls->classification);

  /* Accuracy from the classes each model predicts, as percentages; recall per class by name. */
  int right_cnn = 0, right_pls = 0;
  for (int i = 0; i < inputs->n; i++)
    {
      right_cnn += cnn->classes[i] == inputs->classes[i];
      right_pls += pls->test_class_pred[i] == pls->test_class_truth[i];
      g_assert_cmpint (pls->test_class_truth[i], ==, inputs->classes[i]);
    }
  CwCompareTable *table = CW_COMPARE_TABLE (cw_compare_view_get_table (f->view));
  int row = cw_compare_table_find_row (table, "Accuracy");
  g_autofree char *cnn_text = g_strdup_printf ("%.1f %%", 100.0 * right_cnn / inputs->n);
  g_autofree char *pls_text = g_strdup_printf ("%.1f %%", 100.0 * right_pls / inputs->n);
  g_assert_cmpstr (cw_compare_table_get_text (table, row, CW_COMPARE_COLUMN_CNN), ==, cnn_text);
  g_assert_cmpstr (cw_compare_table_get_text (table, row, CW_COMPARE_COLUMN_PLS), ==, pls_text);
  g_assert_cmpint (cw_compare_table_find_row (table, "gamma"), >, cw_compare_table_find_row (table, "Recall"));
  g_assert_cmpstr (cw_compare_table_get_text (table, cw_compare_table_find_row (table, "gamma"),
                                              CW_COMPARE_COLUMN_PLS), ==, "100.0 %");
  /* PLS-DA's coefficients of three classes are drawn as their mean magnitude: never negative. */
  CwSaliencyPanel *sal = CW_SALIENCY_PANEL (cw_compare_view_get_saliency_panel (f->view));
  int n = 0;
  const float *coef = cw_saliency_panel_get_curve (sal, CW_SALIENCY_CURVE_PLS_COEFFICIENTS, NULL, &n);
  g_assert_cmpint (n, ==, 64);
  for (int t = 0; t < n; t++)
    g_assert_true (isfinite (coef[t]) && coef[t] >= 0);
  g_assert_cmpint (cw_compare_table_find_row (table, "RMSEP"), ==, -1);
  g_printerr ("# accuracy: CNN %s, PLS-DA %s\n", cnn_text, pls_text);

  /* The stress test counts errors: at size 0, the error rate of the table. */
  CwDriftPanel *panel = CW_DRIFT_PANEL (cw_compare_view_get_drift_panel (f->view));
  g_assert_true (cw_drift_panel_run (panel));
  g_assert_true (wait_for (drift_done, panel, 120));
  CwDriftResult *result = cw_drift_panel_get_result (panel);
  g_assert_nonnull (result);
  g_assert_true (result->classification);
  for (int kind = 0; kind < CW_DRIFT_N_KINDS; kind++)
    {
      assert_close (result->error[kind][CW_DRIFT_MODEL_CNN][0] + 1.0, 101.0 - 100.0 * right_cnn / inputs->n, 1e-12);
      assert_close (result->error[kind][CW_DRIFT_MODEL_PLS][0] + 1.0, 101.0 - 100.0 * right_pls / inputs->n, 1e-12);
    }
  save_screenshot (f->window, "compare-page-classes.png");
}

/* The verdict from made-up curves: which model's error grows faster, by how much. */
static void
test_verdicts (void)
{
  CwDriftResult *result = g_atomic_rc_box_new0 (CwDriftResult);
  result->has_model[CW_DRIFT_MODEL_CNN] = result->has_model[CW_DRIFT_MODEL_PLS] = TRUE;
  for (int s = 0; s < CW_DRIFT_STEPS; s++)
    {
      result->error[CW_DRIFT_OFFSET][CW_DRIFT_MODEL_CNN][s] = 0.3 + 0.1 * s;
      result->error[CW_DRIFT_OFFSET][CW_DRIFT_MODEL_PLS][s] = 0.25 + 0.31 * s;
      result->error[CW_DRIFT_SHIFT][CW_DRIFT_MODEL_CNN][s] = 0.3 + 0.5 * s;
      result->error[CW_DRIFT_SHIFT][CW_DRIFT_MODEL_PLS][s] = 0.25 + 0.25 * s;
      result->error[CW_DRIFT_SCALE][CW_DRIFT_MODEL_CNN][s] = 0.3;
      result->error[CW_DRIFT_SCALE][CW_DRIFT_MODEL_PLS][s] = 0.25;
      result->error[CW_DRIFT_NOISE][CW_DRIFT_MODEL_CNN][s] = 0.3;
      result->error[CW_DRIFT_NOISE][CW_DRIFT_MODEL_PLS][s] = 0.25 + 0.2 * s;
      result->error[CW_DRIFT_SLOPE][CW_DRIFT_MODEL_CNN][s] = 0.3 + 0.1 * s;
      result->error[CW_DRIFT_SLOPE][CW_DRIFT_MODEL_PLS][s] = 0.25 + 0.105 * s;
    }
  const char *expected[CW_DRIFT_N_KINDS] = {
    "CNN degrades 2.0× faster under wavelength shift",
    "PLS degrades 3.1× faster under baseline offset",
    "CNN and PLS degrade alike under baseline slope",
    "Neither model is affected by multiplicative scaling",
    "Only PLS degrades under added noise (RMSEP 0.25 → 1.25)",
  };
  for (int kind = 0; kind < CW_DRIFT_N_KINDS; kind++)
    {
      g_autofree char *verdict = cw_drift_result_verdict (result, kind);
      g_assert_cmpstr (verdict, ==, expected[kind]);
    }
  result->has_model[CW_DRIFT_MODEL_CNN] = FALSE;
  g_autofree char *alone = cw_drift_result_verdict (result, CW_DRIFT_SCALE);
  g_assert_cmpstr (alone, ==, "PLS is unaffected by multiplicative scaling");
  cw_drift_result_unref (result);
}

int
main (int argc, char **argv)
{
  if (!gtk_init_check ())
    {
      puts ("1..0 # SKIP no display");
      return 0;
    }
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/compare/verdicts", test_verdicts);
  g_test_add_func ("/compare/no-test-rows", test_no_test_rows);
  g_test_add ("/compare/metrics", Fixture, NULL, trained_setup, test_metrics, teardown);
  g_test_add ("/compare/parity", Fixture, NULL, trained_setup, test_parity, teardown);
  g_test_add ("/compare/saliency", Fixture, NULL, trained_setup, test_saliency, teardown);
  g_test_add ("/compare/drift", Fixture, NULL, trained_setup, test_drift, teardown);
  g_test_add ("/compare/drift-cancel", Fixture, NULL, trained_setup, test_drift_cancel, teardown);
  g_test_add ("/compare/no-cnn", Fixture, NULL, untrained_setup, test_no_cnn, teardown);
  g_test_add ("/compare/classes", Fixture, NULL, classes_setup, test_classes, teardown);
  g_test_add ("/compare/range", Fixture, NULL, range_setup, test_range, teardown);
  return g_test_run ();
}
