/* make-pipeline-model.c — writes the model test-cli-model.sh runs conv1d on: an ensemble of three
 * networks behind a preprocessing pipeline fitted on the 50 training spectra of gasoline.csv, with a
 * record, and the predictions cw_model_predict_raw gives for all 60 raw spectra (one "%.9g" line each,
 * the format conv1d predict writes), so the script can check the tool against the engine.
 *
 * Usage: make-pipeline-model GASOLINE.csv OUT.cw1d OUT-predictions.txt */
#include "cw.h"

#include <stdio.h>
#include <stdlib.h>

#define PREPROCESS "snv sg(11,2,1) range(1100,1300)"

static int
fail (const char *what, const cw_error *err)
{
  fprintf (stderr, "make-pipeline-model: %s: %s\n", what, err->message);
  return 1;
}

int
main (int argc, char **argv)
{
  if (argc != 4)
    {
      fprintf (stderr, "usage: make-pipeline-model GASOLINE.csv OUT.cw1d OUT-predictions.txt\n");
      return 2;
    }
  cw_error err;
  cw_dataset *ds = cw_dataset_load_csv (argv[1], NULL, &err);
  if (!ds)
    return fail (argv[1], &err);
  int n = cw_dataset_n_samples (ds), length = cw_dataset_length (ds);
  const float *x = cw_dataset_signals (ds);

  /* fitted on the vignette's training rows (the first 50), as a fit driver would */
  cw_pipeline *pipe = cw_pipeline_parse (PREPROCESS, &err);
  if (!pipe || cw_pipeline_fit_f (pipe, x, 50, 1, length, cw_dataset_axis (ds), NULL, &err) != CW_OK)
    return fail ("pipeline", &err);

  cw_spec *spec = cw_spec_parse ("conv(4,k=9) relu maxpool(2) flatten dense(1)", &err);
  cw_model *m = NULL;
  for (int k = 0; k < 3; k++)
    {
      cw_model *net = cw_model_new (spec, 1, cw_pipeline_out_length (pipe), CW_TASK_REGRESSION, 1, &err);
      if (!net)
        return fail ("model", &err);
      cw_model_init_weights (net, 3 + (uint64_t) k);
      float y_mean = 87.0f + 0.25f * (float) k, y_scale = 1.5f;
      cw_model_set_target_scaling (net, &y_mean, &y_scale);
      if (k == 0)
        m = net;
      else
        {
          if (cw_model_add_member (m, net, &err) != CW_OK)
            return fail ("member", &err);
          cw_model_free (net);
        }
    }
  const char *target = "octane";
  cw_model_set_target_names (m, 1, &target);
  cw_model_set_pipeline (m, pipe);
  cw_model_set_info (m, "recipe", "cli-test");
  cw_model_set_info (m, "preprocess", PREPROCESS);
  cw_model_set_info (m, "seeds", "3,4,5");
  if (cw_model_save (m, argv[2], &err) != CW_OK)
    return fail (argv[2], &err);

  float *pred = malloc ((size_t) n * sizeof (float));
  if (cw_model_predict_raw (m, x, n, pred, &err) != CW_OK)
    return fail ("predict", &err);
  FILE *f = fopen (argv[3], "w");
  if (!f)
    return 1;
  for (int i = 0; i < n; i++)
    fprintf (f, "%.9g\n", pred[i]);
  int rc = fclose (f) == 0 ? 0 : 1;
  free (pred);
  cw_model_free (m);
  cw_spec_free (spec);
  cw_pipeline_free (pipe);
  cw_dataset_free (ds);
  return rc;
}
