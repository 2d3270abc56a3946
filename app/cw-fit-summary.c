/* cw-fit-summary.c — the record of a fit run (see cw-fit-summary.h): built from the driver's result on the
 * session's worker, read by the Training page, saved with the project. */
#include "cw-fit-summary.h"

#include "cw-tsan-private.h"

#include <math.h>
#include <string.h>

G_DEFINE_BOXED_TYPE (CwFitSummary, cw_fit_summary, cw_fit_summary_ref, cw_fit_summary_unref)

static void
cw_fit_summary_clear (CwFitSummary *s)
{
  HANDOFF_ACQUIRE (s); /* every thread's writes before its last unref */
  for (int c = 0; c < s->n_candidates; c++)
    {
      g_free (s->candidates[c].name);
      g_free (s->candidates[c].note);
    }
  g_free (s->candidates);
  g_free (s->member_epochs);
  g_free (s->epoch_reason);
  g_free (s->roles);
  g_free (s->y);
  g_free (s->val_pred);
  g_free (s->pred);
  g_free (s->curve_loss);
  g_free (s->curve);
}

CwFitSummary *
cw_fit_summary_ref (CwFitSummary *summary)
{
  g_return_val_if_fail (summary != NULL, NULL);
  return g_atomic_rc_box_acquire (summary);
}

void
cw_fit_summary_unref (CwFitSummary *summary)
{
  g_return_if_fail (summary != NULL);
  HANDOFF_RELEASE (summary); /* what this thread wrote, to whichever thread clears */
  g_atomic_rc_box_release_full (summary, (GDestroyNotify) cw_fit_summary_clear);
}

CwFitSummary *
cw_fit_summary_new (void)
{
  CwFitSummary *s = g_atomic_rc_box_new0 (CwFitSummary);
  s->score = NAN;
  s->chosen = -1;
  return s;
}

static double *
dup_doubles (const double *values, int n)
{
  return values && n > 0 ? g_memdup2 (values, (gsize) n * sizeof (double)) : NULL;
}

CwFitSummary *
cw_fit_summary_new_from_result (const cw_fit_result *r, const cw_fit_config *config, const cw_fit_data *data,
                                const float *pred, gboolean stopped)
{
  g_return_val_if_fail (r && config && data, NULL);
  CwFitSummary *s = cw_fit_summary_new ();
  s->task = data->task;
  s->validation = r->validation;
  s->n_folds = r->validation == CW_VALIDATE_CV ? data->n_folds : 0;
  s->n_candidates = r->n_candidates;
  s->candidates = g_new0 (CwFitCandidateSummary, MAX (r->n_candidates, 1));
  for (int c = 0; c < r->n_candidates; c++)
    {
      const cw_fit_candidate *from = &r->candidates[c];
      CwFitCandidateSummary *to = &s->candidates[c];
      /* A candidate the driver never reached has no name of its own yet. */
      to->name = g_strdup (from->name[0] ? from->name : config->candidates[c].name);
      to->evaluated = from->evaluated;
      to->note = g_strdup (from->note);
      to->score = from->evaluated ? from->score : NAN;
      to->epochs = from->epochs;
      to->seconds = from->seconds;
    }
  s->chosen = r->model ? r->chosen : -1;
  s->epochs = r->epochs;
  s->n_members = r->n_members;
  s->member_epochs = r->member_epochs ? g_memdup2 (r->member_epochs, (gsize) MAX (r->n_members, 1) * sizeof (int))
                                      : NULL;
  s->epoch_reason = g_strdup (r->epoch_reason);
  s->score = r->score;
  s->seconds = r->seconds;
  s->stopped = stopped;
  s->refit = r->validation == CW_VALIDATE_HOLDOUT && config->holdout_refit && !stopped && r->model
             && r->chosen >= 0 && r->chosen < r->n_candidates && r->candidates[r->chosen].evaluated;

  s->n = data->n;
  s->k = data->k;
  gsize cells = (gsize) MAX (data->n, 1) * (gsize) data->k;
  s->roles = g_new (unsigned char, MAX (data->n, 1));
  for (int i = 0; i < data->n; i++)
    s->roles[i] = data->roles ? data->roles[i] : CW_ROLE_TRAIN;
  s->y = g_memdup2 (data->y, cells * sizeof (float));
  if (r->val_pred)
    s->val_pred = g_memdup2 (r->val_pred, cells * sizeof (float));
  else if (r->validation == CW_VALIDATE_HOLDOUT && r->n_members == 1 && pred && data->roles)
    {
      /* Stopped before the holdout run was scored: the model is that run, so its predictions of the
       * validation rows are the validation predictions. */
      s->val_pred = g_new (float, cells);
      for (gsize c = 0; c < cells; c++)
        s->val_pred[c] = NAN;
      for (int i = 0; i < data->n; i++)
        if (data->roles[i] == CW_ROLE_VALIDATION)
          memcpy (s->val_pred + (gsize) i * data->k, pred + (gsize) i * data->k, (gsize) data->k * sizeof (float));
    }
  if (pred)
    s->pred = g_memdup2 (pred, cells * sizeof (float));
  if (s->chosen >= 0 && s->chosen < r->n_candidates && r->candidates[s->chosen].evaluated)
    {
      const cw_fit_candidate *chosen = &r->candidates[s->chosen];
      s->curve_len = chosen->curve_len;
      s->curve_loss = dup_doubles (chosen->curve_loss, chosen->curve_len);
      s->curve = dup_doubles (chosen->curve, chosen->curve_len);
    }
  return s;
}

/* Whether row i belongs to the rows asked for, and the predictions to read. */
static const float *
predictions_of (const CwFitSummary *s, CwFitRows which)
{
  return which == CW_FIT_ROWS_VALIDATION ? s->val_pred : s->pred;
}

static gboolean
row_in (const CwFitSummary *s, CwFitRows which, int i)
{
  switch (which)
    {
    case CW_FIT_ROWS_TRAINING:
      return s->roles[i] == CW_ROLE_TRAIN || (s->refit && s->roles[i] == CW_ROLE_VALIDATION);
    case CW_FIT_ROWS_TEST:
      return s->roles[i] == CW_ROLE_TEST;
    case CW_FIT_ROWS_VALIDATION:
      /* Validated rows have predictions; test rows never do (the driver does not read them). */
      if (!s->val_pred || s->roles[i] == CW_ROLE_TEST)
        return FALSE;
      for (int j = 0; j < s->k; j++)
        if (!isfinite (s->val_pred[(gsize) i * s->k + j]))
          return FALSE;
      return TRUE;
    }
  return FALSE;
}

int
cw_fit_summary_count (const CwFitSummary *s, CwFitRows which)
{
  g_return_val_if_fail (s != NULL, 0);
  int count = 0;
  for (int i = 0; s->roles && i < s->n; i++)
    count += row_in (s, which, i);
  return count;
}

int
cw_fit_summary_dup_rows (const CwFitSummary *s, CwFitRows which, int **rows, float **truth, float **pred)
{
  g_return_val_if_fail (s != NULL, 0);
  const float *source = predictions_of (s, which);
  int count = source && s->y ? cw_fit_summary_count (s, which) : 0;
  *rows = g_new (int, MAX (count, 1));
  *truth = g_new (float, (gsize) MAX (count, 1) * s->k);
  *pred = g_new (float, (gsize) MAX (count, 1) * s->k);
  if (count == 0)
    return 0;
  for (int i = 0, j = 0; i < s->n; i++)
    if (row_in (s, which, i))
      {
        (*rows)[j] = i;
        memcpy (*truth + (gsize) j * s->k, s->y + (gsize) i * s->k, (gsize) s->k * sizeof (float));
        memcpy (*pred + (gsize) j * s->k, source + (gsize) i * s->k, (gsize) s->k * sizeof (float));
        j++;
      }
  return count;
}

gboolean
cw_fit_summary_metrics (const CwFitSummary *s, CwFitRows which, cw_metrics *m)
{
  g_return_val_if_fail (s != NULL && m != NULL, FALSE);
  memset (m, 0, sizeof *m);
  m->task = s->task;
  g_autofree int *rows = NULL;
  g_autofree float *truth = NULL;
  g_autofree float *pred = NULL;
  int count = cw_fit_summary_dup_rows (s, which, &rows, &truth, &pred);
  if (count == 0)
    return FALSE;
  cw_metrics_compute (s->task, pred, truth, count, s->k, m);
  return TRUE;
}

const char *
cw_fit_summary_score_name (const CwFitSummary *s)
{
  g_return_val_if_fail (s != NULL, "");
  gboolean regression = s->task == CW_TASK_REGRESSION;
  switch (s->validation)
    {
    case CW_VALIDATE_CV: return regression ? "RMSECV" : "CV accuracy";
    case CW_VALIDATE_HOLDOUT: return regression ? "Validation RMSE" : "Validation accuracy";
    case CW_VALIDATE_NONE: break;
    }
  return "";
}
