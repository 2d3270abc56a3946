/* compare-report.c — `conv1d compare`'s report: the model table and the drift table as text, or one
 * JSON object. */
#include "compare-report.h"

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
  printf ("\nPreprocess:  %s (fitted on the training rows; the same fitted steps feed both models)\n\n",
          cr->pipeline[0] ? cr->pipeline : "none");

  char cnn_note[512], pls_note[256];
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
  cli_cell header[4], cells[2 * 4];
  int cols;
  if (cr->classification)
    {
      cols = 2;
      snprintf (header[0], sizeof header[0], "model");
      snprintf (header[1], sizeof header[1], "accuracy%%");
      for (int m = 0; m < 2; m++)
        {
          snprintf (cells[m * cols], sizeof (cli_cell), "%s", cr->models[m].name);
          snprintf (cells[m * cols + 1], sizeof (cli_cell), "%.1f", 100 * cr->models[m].scores.accuracy);
        }
    }
  else
    {
      cols = 4;
      const char *names[] = { "model", "RMSEP", "R²", "MAE" };
      for (int c = 0; c < cols; c++)
        snprintf (header[c], sizeof header[c], "%s", names[c]);
      for (int m = 0; m < 2; m++)
        {
          const cli_scores *s = &cr->models[m].scores;
          snprintf (cells[m * cols], sizeof (cli_cell), "%s", cr->models[m].name);
          snprintf (cells[m * cols + 1], sizeof (cli_cell), "%.4f", s->rmse);
          snprintf (cells[m * cols + 2], sizeof (cli_cell), "%.4f", s->r2);
          snprintf (cells[m * cols + 3], sizeof (cli_cell), "%.4f", s->mae);
        }
    }
  cli_print_table (stdout, header, cols, cells, 2, 1, notes);
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
  cli_json_begin_array (&j, "models", false);
  for (int m = 0; m < 2; m++)
    {
      const cli_scores *s = &cr->models[m].scores;
      cli_json_begin_object (&j, NULL);
      cli_json_string (&j, "name", cr->models[m].name);
      cli_json_int (&j, "n_test", s->n);
      if (cr->classification)
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
  cli_json_end_object (&j);
  cli_json_finish (&j);
}
