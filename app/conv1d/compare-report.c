/* compare-report.c — `conv1d compare`'s report: the model table and the drift table as text, or one
 * JSON object. */
#include "compare-report.h"

#include <math.h>
#include <stdlib.h>

/* Drift sizes as a user reads them: shift in points, scale in per cent, the rest in signal units. */
static void
format_size (cw_drift_kind kind, double size, char *buf, size_t n)
{
  switch (kind)
    {
    case CW_DRIFT_SHIFT: snprintf (buf, n, "%g pt", size); break;
    case CW_DRIFT_SCALE: snprintf (buf, n, "%g %%", 100 * size); break;
    case CW_DRIFT_NOISE: snprintf (buf, n, "SD %.3g", size); break;
    default: snprintf (buf, n, "%.3g", size); break;
    }
}

cw_status
compare_report_score (compare_report *cr, const double *y, const double *pred_cnn, const double *pred_pls,
                      int n, int q, uint64_t seed, cw_error *err)
{
  const double *preds[2] = { pred_cnn, pred_pls };
  cr->scored = false;
  for (int m = 0; m < 2; m++)
    {
      cw_error e;
      if (cw_test_scores_compute (y, preds[m], n, q, cr->classification, &cr->models[m].test, &e) != CW_OK)
        return cw_error_set (err, e.status, 0, 0, "%s on the test rows: %s", cr->models[m].name, e.message);
      cr->models[m].scores = cli_score (y, preds[m], n, q, NULL, cr->classification);
    }
  cw_paired_config cfg = cw_paired_config_default ();
  cfg.seed = seed;
  cw_status st = cw_paired_compare (&cfg, y, pred_cnn, pred_pls, n, q, cr->classification, &cr->paired, err);
  cr->scored = st == CW_OK;
  return st;
}

/* The paired test's verdict: which model is better at COMPARE_ALPHA, or that neither is, and when too few
 * rows differ for any p-value to reach the level, that too (a "not significant" that could never have
 * been anything else says nothing about the models). */
static void
format_verdict (const compare_report *cr, char *buf, size_t size)
{
  const cw_sign_flip_result *t = &cr->paired.test;
  if (t->p_value < COMPARE_ALPHA)
    {
      snprintf (buf, size, "%s is significantly better at the %g %% level",
                cr->models[t->mean < 0 ? 0 : 1].name, 100 * COMPARE_ALPHA);
      return;
    }
  int written = snprintf (buf, size, "the difference is not significant at the %g %% level",
                          100 * COMPARE_ALPHA);
  double smallest = ldexp (2, -t->n_nonzero); /* every differing row in one direction: 2 / 2^m */
  if (t->exact && smallest >= COMPARE_ALPHA && written > 0 && (size_t) written < size)
    snprintf (buf + written, size - written, " (with %d differing row%s no p-value can be below %.3g)",
              t->n_nonzero, t->n_nonzero == 1 ? "" : "s", smallest);
}

/* How the p-value was found: "paired randomisation test, exact over all 1024 sign patterns", "...,
 * 9999 random sign flips", "exact McNemar test on the 4 discordant rows". */
static void
format_method (const compare_report *cr, char *buf, size_t size)
{
  const cw_sign_flip_result *t = &cr->paired.test;
  if (cr->classification)
    snprintf (buf, size, "exact McNemar test on the %d discordant row%s", t->n_nonzero,
              t->n_nonzero == 1 ? "" : "s");
  else
    {
      /* Rows where both models err equally cannot be flipped; say so when there are any. */
      char rows[64] = "";
      if (t->n_nonzero < t->n)
        snprintf (rows, sizeof rows, " of the %d differing rows", t->n_nonzero);
      if (t->exact)
        snprintf (buf, size, "paired randomisation test, exact over all %.0f sign patterns%s",
                  ldexp (1, t->n_nonzero), rows);
      else
        snprintf (buf, size, "paired randomisation test, %d random sign flips%s", t->draws, rows);
    }
}

/* The lines under the model table: the paired test as one sentence, and the RMSEP ratio's interval. */
static void
print_paired_text (const compare_report *cr)
{
  const cw_paired_comparison *c = &cr->paired;
  const char *a = cr->models[0].name, *b = cr->models[1].name;
  char method[160], verdict[192];
  format_method (cr, method, sizeof method);
  format_verdict (cr, verdict, sizeof verdict);
  if (c->test.n_nonzero == 0)
    printf ("\n%s and %s have the same %s on every one of the %d test rows: they cannot be told apart.\n", a,
            b, cr->classification ? "errors" : "squared errors", c->n);
  else if (cr->classification)
    printf ("\nError-rate difference %s − %s: %+.1f percentage points (%s alone wrong on %d test row%s, %s "
            "alone on %d), p = %.3g (%s): %s.\n", a, b, 100 * c->test.mean, a, c->second_better,
            c->second_better == 1 ? "" : "s", b, c->first_better, c->test.p_value, method, verdict);
  else
    printf ("\nSquared-error difference %s − %s: mean %.3g (%s closer on %d of %d test rows, %s on %d), "
            "p = %.3g (%s): %s.\n", a, b, c->test.mean, a, c->first_better, c->n, b, c->second_better,
            c->test.p_value, method, verdict);
  if (!cr->classification && c->bootstrap > 0)
    printf ("RMSEP ratio %s / %s: %.3g, %g %% bootstrap interval %.3g to %.3g (%d resamples of the test "
            "rows, seed %llu).\n", a, b, c->rmsep_ratio, 100 * c->level, c->ratio_low, c->ratio_high,
            c->bootstrap, (unsigned long long) c->seed);
}

/* The model table of compare_report_score's statistics: RMSEP, SEP, bias, R², RPD and MAE, or accuracy
 * and errors. */
static void
print_scored_table (const compare_report *cr, const char *const *notes)
{
  cli_cell header[8], cells[2 * 8];
  int cols = cr->classification ? 3 : 7;
  const char *reg_names[7] = { "model", "RMSEP", "SEP", "bias", "R²", "RPD", "MAE" };
  const char *class_names[3] = { "model", "accuracy%", "errors" };
  for (int c = 0; c < cols; c++)
    snprintf (header[c], sizeof header[c], "%s", cr->classification ? class_names[c] : reg_names[c]);
  /* Each model's validation score at its chosen setting, beside the test scores: CNN and PLS compared on
   * RMSECV and RMSEP alike. */
  bool validation = cr->validation_name && cr->models[0].validation != 0 && cr->models[1].validation != 0;
  if (validation)
    snprintf (header[cols], sizeof header[cols], "%s", cr->validation_name);
  for (int m = 0; m < 2; m++)
    {
      const cw_test_scores *s = &cr->models[m].test;
      int width = cols + validation;
      cli_cell *row = cells + m * width;
      snprintf (row[0], sizeof row[0], "%s", cr->models[m].name);
      if (validation)
        snprintf (row[cols], sizeof row[cols], cr->classification ? "%.1f" : "%.4f",
                  cr->classification ? 100 * cr->models[m].validation : cr->models[m].validation);
      if (cr->classification)
        {
          snprintf (row[1], sizeof row[1], "%.1f", 100 * s->accuracy);
          snprintf (row[2], sizeof row[2], "%d of %d", s->n_errors, s->n);
          continue;
        }
      const double values[6] = { s->rmsep, s->sep, s->bias, s->r2, s->rpd, s->mae };
      const char *formats[6] = { "%.4f", "%.4f", "%.4f", "%.4f", "%.2f", "%.4f" };
      for (int v = 0; v < 6; v++)
        snprintf (row[1 + v], sizeof row[1 + v], formats[v], values[v]);
    }
  cli_print_table (stdout, header, cols + validation, cells, 2, 1, notes);
}

/* The model table from cli_scores alone (before compare_report_score is called): RMSEP, R² and MAE, or
 * accuracy. */
static void
print_plain_table (const compare_report *cr, const char *const *notes)
{
  cli_cell header[4], cells[2 * 4];
  int cols = cr->classification ? 2 : 4;
  const char *reg_names[4] = { "model", "RMSEP", "R²", "MAE" };
  const char *class_names[2] = { "model", "accuracy%" };
  for (int c = 0; c < cols; c++)
    snprintf (header[c], sizeof header[c], "%s", cr->classification ? class_names[c] : reg_names[c]);
  for (int m = 0; m < 2; m++)
    {
      const cli_scores *s = &cr->models[m].scores;
      cli_cell *row = cells + m * cols;
      snprintf (row[0], sizeof row[0], "%s", cr->models[m].name);
      if (cr->classification)
        snprintf (row[1], sizeof row[1], "%.1f", 100 * s->accuracy);
      else
        {
          snprintf (row[1], sizeof row[1], "%.4f", s->rmse);
          snprintf (row[2], sizeof row[2], "%.4f", s->r2);
          snprintf (row[3], sizeof row[3], "%.4f", s->mae);
        }
    }
  cli_print_table (stdout, header, cols, cells, 2, 1, notes);
}

void
compare_print_text (const compare_report *cr)
{
  const cw_dataset *ds = cr->ds;
  printf ("Data:        %s: %d samples, %d x %d; target ", cr->data, cw_dataset_n_samples (ds),
          cw_dataset_n_channels (ds), cw_dataset_length (ds));
  for (int i = 0; i < cr->n_cols; i++)
    printf ("%s%s", i ? ", " : "", cw_dataset_target_name (ds, cr->cols[i]));
  printf (" (%s)\n", cw_task_name (cr->task));
  printf ("Split:       %d training, %d test (%s)", cr->n_train, cr->n_test, cr->split);
  if (cr->n_val)
    printf ("; the CNN stops early on %d of the training rows", cr->n_val);
  if (cr->cnn_pipeline)
    printf ("\nPreprocess:  PLS: %s; CNN: %s (each fitted on the training rows only)\n",
            cr->pipeline[0] ? cr->pipeline : "none", cr->cnn_pipeline[0] ? cr->cnn_pipeline : "none");
  else
    printf ("\nPreprocess:  %s (fitted on the training rows; the same fitted steps feed both models)\n",
            cr->pipeline[0] ? cr->pipeline : "none");
  if (cr->pls_choice)
    printf ("PLS steps:   %s\n", cr->pls_choice);
  if (cr->kept)
    printf ("CNN kept:    %s\n", cr->kept);
  printf ("\n");

  char cnn_note[512], pls_note[256];
  if (cr->recipe)
    snprintf (cnn_note, sizeof cnn_note, "%s, %d member%s%s, %zu parameters each: %s", cr->recipe, cr->members,
              cr->members == 1 ? "" : "s", cr->interrupted ? " (interrupted)" : "", cr->params, cr->arch);
  else
    snprintf (cnn_note, sizeof cnn_note, "%d epoch%s%s, %zu parameters: %s", cr->hist->epochs,
              cr->hist->epochs == 1 ? "" : "s", cr->interrupted ? " (interrupted)" : "", cr->params, cr->arch);
  if (cr->components_given)
    snprintf (pls_note, sizeof pls_note, "%d component%s (--components), %s", cr->components,
              cr->components == 1 ? "" : "s", cli_pls_algorithm_label (cr->algorithm));
  else
    snprintf (pls_note, sizeof pls_note, "%d component%s (suggested by %s CV on the training rows), %s",
              cr->components, cr->components == 1 ? "" : "s", cr->validation,
              cli_pls_algorithm_label (cr->algorithm));
  const char *notes[2] = { cnn_note, pls_note };
  if (cr->scored)
    {
      print_scored_table (cr, notes);
      print_paired_text (cr);
    }
  else
    print_plain_table (cr, notes);
  if (cr->nested_cnn && cr->nested_pls)
    {
      const char *what = cr->classification ? "accuracy" : "RMSE";
      double a = cr->nested_cnn->score, b = cr->classification ? cr->nested_pls->accuracy : cr->nested_pls->rmse;
      printf ("\nNested CV on the training rows (%d outer folds; inside each, every choice — recipe and epochs, "
              "components — made again on the other rows): CNN %s %.4g, PLS %s %.4g.\n", cr->nested_cnn->n_outer,
              what, cr->classification ? 100 * a : a, what, cr->classification ? 100 * b : b);
    }
  if (!cr->drift)
    return;

  printf ("\nDrift stress test: %s on the %d test rows, each perturbation applied to the raw spectra\n"
          "(before the preprocessing), sizes in signal units unless marked:\n",
          cr->classification ? "accuracy %" : "RMSEP", cr->n_test);
  int rows = CW_DRIFT_N_KINDS * CW_DRIFT_STEPS;
  cli_cell dh[4];
  cli_cell *dc = calloc ((size_t) rows * 4, sizeof (cli_cell));
  snprintf (dh[0], sizeof dh[0], "drift");
  snprintf (dh[1], sizeof dh[1], "size");
  snprintf (dh[2], sizeof dh[2], "%s", cr->models[0].name);
  snprintf (dh[3], sizeof dh[3], "%s", cr->models[1].name);
  for (int k = 0; k < CW_DRIFT_N_KINDS; k++)
    for (int s = 0; s < CW_DRIFT_STEPS; s++)
      {
        cli_cell *row = dc + (size_t) (k * CW_DRIFT_STEPS + s) * 4;
        snprintf (row[0], sizeof row[0], "%s", cw_drift_name ((cw_drift_kind) k));
        format_size ((cw_drift_kind) k, cr->sizes[k][s], row[1], sizeof row[1]);
        for (int m = 0; m < 2; m++)
          {
            double v = cr->models[m].drift[k * CW_DRIFT_STEPS + s];
            snprintf (row[2 + m], sizeof row[2 + m], cr->classification ? "%.1f" : "%.4f",
                      cr->classification ? 100 * v : v);
          }
      }
  cli_print_table (stdout, dh, 4, dc, rows, 1, NULL);
  free (dc);
}

/* A model's test statistics, inside its object in "models". */
static void
json_test_scores (cli_json *j, const cw_test_scores *s)
{
  if (s->classification)
    {
      cli_json_number (j, "accuracy", s->accuracy);
      cli_json_int (j, "errors", s->n_errors);
      return;
    }
  cli_json_number (j, "rmsep", s->rmsep);
  cli_json_number (j, "r2", s->r2);
  cli_json_number (j, "mae", s->mae);
  cli_json_number (j, "bias", s->bias);
  cli_json_number (j, "sep", s->sep);
  cli_json_number (j, "sd_reference", s->sd_reference);
  cli_json_number (j, "rpd", s->rpd);
  cli_json_number (j, "slope", s->slope);
  cli_json_number (j, "intercept", s->intercept);
}

/* "paired_test": the difference models[0] - models[1] and its p-value, as the text's sentence says. */
static void
json_paired (cli_json *j, const compare_report *cr)
{
  const cw_paired_comparison *c = &cr->paired;
  cli_json_begin_object (j, "paired_test");
  cli_json_begin_array (j, "models", true);
  cli_json_string (j, NULL, cr->models[0].name);
  cli_json_string (j, NULL, cr->models[1].name);
  cli_json_end_array (j);
  cli_json_string (j, "loss", cr->classification ? "misclassification" : "squared_error");
  cli_json_string (j, "method", cr->classification ? "exact_mcnemar" : "sign_flip_randomisation");
  cli_json_int (j, "rows", c->n);
  cli_json_int (j, "rows_differing", c->test.n_nonzero);
  /* Rows where each model's loss is the smaller one, in the order of "models". */
  cli_json_begin_array (j, "rows_better", true);
  cli_json_int (j, NULL, c->first_better);
  cli_json_int (j, NULL, c->second_better);
  cli_json_end_array (j);
  cli_json_number (j, "mean_difference", c->test.mean);
  cli_json_number (j, "p_value", c->test.p_value);
  cli_json_bool (j, "exact", c->test.exact);
  cli_json_int (j, "draws", c->test.draws);
  cli_json_int (j, "seed", (long long) c->seed);
  cli_json_number (j, "alpha", COMPARE_ALPHA);
  cli_json_bool (j, "significant", c->test.p_value < COMPARE_ALPHA);
  if (!cr->classification)
    {
      cli_json_number (j, "rmsep_ratio", c->rmsep_ratio);
      cli_json_begin_array (j, "rmsep_ratio_interval", true);
      cli_json_number (j, NULL, c->ratio_low);
      cli_json_number (j, NULL, c->ratio_high);
      cli_json_end_array (j);
      cli_json_number (j, "interval_level", c->level);
      cli_json_int (j, "bootstrap_resamples", c->bootstrap);
    }
  cli_json_end_object (j);
}

void
compare_print_json (const compare_report *cr)
{
  const cw_dataset *ds = cr->ds;
  cli_json j;
  cli_json_init (&j, stdout);
  cli_json_begin_object (&j, NULL);
  cli_json_string (&j, "command", "compare");
  cli_json_string (&j, "data", cr->data);
  cli_json_int (&j, "samples", cw_dataset_n_samples (ds));
  cli_json_int (&j, "channels", cw_dataset_n_channels (ds));
  cli_json_int (&j, "length", cw_dataset_length (ds));
  cli_json_begin_array (&j, "targets", true);
  for (int i = 0; i < cr->n_cols; i++)
    cli_json_string (&j, NULL, cw_dataset_target_name (ds, cr->cols[i]));
  cli_json_end_array (&j);
  cli_json_string (&j, "task", cw_task_name (cr->task));
  cli_json_begin_object (&j, "split");
  cli_json_string (&j, "by", cr->split);
  cli_json_int (&j, "train", cr->n_train);
  cli_json_int (&j, "test", cr->n_test);
  cli_json_int (&j, "cnn_early_stopping_rows", cr->n_val);
  cli_json_end_object (&j);
  cli_json_string (&j, "preprocess", cr->pipeline);
  if (cr->pls_choice)
    cli_json_string (&j, "pls_preprocess_choice", cr->pls_choice);
  cli_json_begin_array (&j, "models", false);
  for (int m = 0; m < 2; m++)
    {
      const cli_scores *s = &cr->models[m].scores;
      cli_json_begin_object (&j, NULL);
      cli_json_string (&j, "name", cr->models[m].name);
      cli_json_int (&j, "n_test", s->n);
      if (cr->models[m].validation != 0)
        cli_json_number (&j, "validation_score", cr->models[m].validation);
      if (cr->scored)
        json_test_scores (&j, &cr->models[m].test);
      else if (cr->classification)
        cli_json_number (&j, "accuracy", s->accuracy);
      else
        {
          cli_json_number (&j, "rmsep", s->rmse);
          cli_json_number (&j, "r2", s->r2);
          cli_json_number (&j, "mae", s->mae);
        }
      if (m == 0)
        {
          cli_json_string (&j, "arch", cr->arch);
          cli_json_int (&j, "params", (long long) cr->params);
          cli_json_int (&j, "epochs_run", cr->hist->epochs);
          cli_json_int (&j, "best_epoch", cr->hist->best_epoch);
          if (cr->recipe)
            cli_json_string (&j, "recipe", cr->recipe);

          if (cr->kept)
            cli_json_string (&j, "kept_weights", cr->kept);
          if (cr->cnn_pipeline)
            cli_json_string (&j, "preprocess", cr->cnn_pipeline);
          cli_json_int (&j, "members", cr->members);
          cli_json_bool (&j, "interrupted", cr->interrupted);
          cli_json_int (&j, "seed", (long long) cr->seed);
        }
      else
        {
          cli_json_int (&j, "components", cr->components);
          cli_json_string (&j, "components_by", cr->components_given ? "--components" : "cv");
          cli_json_string (&j, "validation", cr->validation);
          cli_json_string (&j, "algorithm", cw_pls_algorithm_name (cr->algorithm));
        }
      cli_json_end_object (&j);
    }
  cli_json_end_array (&j);
  if (cr->scored)
    json_paired (&j, cr);
  if (cr->drift)
    {
      cli_json_begin_object (&j, "drift");
      cli_json_string (&j, "metric", cr->classification ? "accuracy" : "rmsep");
      cli_json_begin_array (&j, "perturbations", false);
      for (int k = 0; k < CW_DRIFT_N_KINDS; k++)
        {
          cli_json_begin_object (&j, NULL);
          cli_json_string (&j, "kind", cw_drift_name ((cw_drift_kind) k));
          cli_json_begin_array (&j, "sizes", true);
          for (int s = 0; s < CW_DRIFT_STEPS; s++)
            cli_json_number (&j, NULL, cr->sizes[k][s]);
          cli_json_end_array (&j);
          for (int m = 0; m < 2; m++)
            {
              cli_json_begin_array (&j, cr->models[m].name, true);
              for (int s = 0; s < CW_DRIFT_STEPS; s++)
                cli_json_number (&j, NULL, cr->models[m].drift[k * CW_DRIFT_STEPS + s]);
              cli_json_end_array (&j);
            }
          cli_json_end_object (&j);
        }
      cli_json_end_array (&j);
      cli_json_end_object (&j);
    }
  if (cr->nested_cnn && cr->nested_pls)
    {
      cli_json_begin_object (&j, "nested");
      cli_json_int (&j, "outer_folds", cr->nested_cnn->n_outer);
      const char *key = cr->classification ? "accuracy" : "rmse";
      cli_json_number (&j, "cnn", cr->nested_cnn->score);
      cli_json_number (&j, "pls", cr->classification ? cr->nested_pls->accuracy : cr->nested_pls->rmse);
      cli_json_string (&j, "measure", key);
      cli_json_begin_array (&j, "cnn_chosen", true);
      for (int o = 0; o < cr->nested_cnn->n_outer; o++)
        cli_json_string (&j, NULL, cr->cnn_config->candidates[cr->nested_cnn->chosen[o]].name);
      cli_json_end_array (&j);
      cli_json_begin_array (&j, "pls_chosen", true);
      for (int o = 0; o < cr->nested_pls->n_outer; o++)
        cli_json_int (&j, NULL, cr->nested_pls->chosen[o]);
      cli_json_end_array (&j);
      cli_json_end_object (&j);
    }
  cli_json_end_object (&j);
  cli_json_finish (&j);
}
