/* cw-lab-recover-problem.c — the problem the recovery controls describe: a generated one (inputs drawn
 * from a built-in signal or random values, the target made by the hidden kernel with optional noise) or
 * a typed-in one (numbers separated by commas, channels and filters by semicolons; a classic example's
 * truth holds while its texts are untouched), and the counts of equations and unknowns with what they
 * mean for gradient descent. */
#include "cw-lab-recover-private.h"

#include <math.h>

void
cw_lab_recover_set_data_error (CwLabRecover *self, const char *message)
{
  g_free (self->problem_error);
  self->problem_error = g_strdup (message);
  gtk_label_set_text (self->data_error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->data_error_label), message != NULL);
}

/* Parses "0, 3, 4, 5; 1 2 3 4" into rows of numbers; FALSE with a message naming the bad token. */
static gboolean
parse_rows (const char *text, const char *what, GArray *values, int *rows, int *per_row, char **message)
{
  g_auto (GStrv) parts = g_strsplit (text, ";", -1);
  *rows = 0;
  *per_row = -1;
  for (int r = 0; parts[r]; r++)
    {
      g_auto (GStrv) tokens = g_strsplit_set (parts[r], ", \t", -1);
      int count = 0;
      for (int i = 0; tokens[i]; i++)
        {
          if (!tokens[i][0])
            continue;
          char *end = NULL;
          double v = g_ascii_strtod (tokens[i], &end);
          if (!end || *end || !isfinite (v))
            {
              *message = g_strdup_printf ("%s: “%s” is not a number.", what, tokens[i]);
              return FALSE;
            }
          float f = (float) v;
          g_array_append_val (values, f);
          count++;
        }
      if (count == 0 && !parts[r + 1] && r > 0)
        break; /* a trailing ";" */
      if (count == 0)
        {
          *message = g_strdup_printf ("%s: row %d is empty.", what, r + 1);
          return FALSE;
        }
      if (*per_row >= 0 && count != *per_row)
        {
          *message = g_strdup_printf ("%s: row %d has %d values, row 1 has %d.", what, r + 1, count, *per_row);
          return FALSE;
        }
      *per_row = count;
      (*rows)++;
    }
  if (*rows == 0)
    {
      *message = g_strdup_printf ("%s is empty.", what);
      return FALSE;
    }
  return TRUE;
}

char *
cw_lab_recover_format_rows (const float *values, int rows, int per_row)
{
  GString *text = g_string_new (NULL);
  for (int r = 0; r < rows; r++)
    {
      if (r)
        g_string_append (text, "; ");
      for (int i = 0; i < per_row; i++)
        g_string_append_printf (text, "%s%g", i ? ", " : "", values[r * per_row + i]);
    }
  return g_string_free (text, FALSE);
}

/* The hidden kernel editor holds filters x channels rows of k taps; it keeps what overlaps. */
void
cw_lab_recover_sync_hidden_shape (CwLabRecover *self)
{
  int channels = gtk_spin_button_get_value_as_int (self->channels_spin);
  int filters = gtk_spin_button_get_value_as_int (self->filters_spin);
  int k = gtk_spin_button_get_value_as_int (self->taps_spin);
  int rows = filters * channels, old_rows, old_k;
  const float *old = cw_kernel_editor_get_kernel (self->hidden_editor, &old_rows, &old_k);
  if (rows == old_rows && k == old_k)
    return;
  g_autofree float *values = g_new (float, (gsize) rows * k);
  for (int r = 0; r < rows; r++)
    for (int j = 0; j < k; j++)
      /* New weights get small whole numbers: easy to read back from the plot. */
      values[r * k + j] = r < old_rows && j < old_k ? old[r * old_k + j] : (float) ((r + j) % 3 + 1);
  cw_kernel_editor_set_kernel (self->hidden_editor, values, rows, k);
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);
  for (int f = 0; f < filters; f++)
    for (int c = 0; c < channels; c++)
      g_ptr_array_add (labels, filters > 1 ? g_strdup_printf ("filter %d, ch %d", f + 1, c + 1)
                                           : g_strdup_printf ("channel %d", c + 1));
  g_ptr_array_add (labels, NULL);
  cw_kernel_editor_set_row_labels (self->hidden_editor, rows > 1 ? (const char *const *) labels->pdata : NULL);
  g_ptr_array_unref (labels);
}

static void
fill_input (CwLabRecover *self, float *x)
{
  guint kind = gtk_drop_down_get_selected (self->signal_dropdown);
  guint64 seed = (guint64) gtk_spin_button_get_value_as_int (self->data_seed_spin);
  for (int s = 0; s < self->sequences; s++)
    for (int c = 0; c < self->channels; c++)
      {
        float *row = x + ((gsize) s * self->channels + c) * self->length;
        guint64 row_seed = seed * 1000 + (guint64) s * 10 + (guint64) c;
        if (kind == 0)
          {
            /* Random values in [-1, 1]: every equation independent of the others. */
            cw_rng rng;
            cw_rng_seed (&rng, row_seed);
            for (int i = 0; i < self->length; i++)
              row[i] = (float) (2.0 * cw_rng_uniform (&rng) - 1.0);
          }
        else
          cw_lab_signal_fill ((cw_lab_signal) (kind - 1), self->length, row_seed, row);
      }
}

static gboolean
build_generated (CwLabRecover *self, char **message)
{
  self->length = gtk_spin_button_get_value_as_int (self->length_spin);
  self->sequences = gtk_spin_button_get_value_as_int (self->sequences_spin);
  self->channels = gtk_spin_button_get_value_as_int (self->channels_spin);
  self->filters = gtk_spin_button_get_value_as_int (self->filters_spin);
  self->k = gtk_spin_button_get_value_as_int (self->taps_spin);
  if (self->length < self->k)
    {
      *message = g_strdup_printf ("The input (%d points) is shorter than the kernel (%d taps): there is no output "
                                  "position, so nothing to learn from.", self->length, self->k);
      return FALSE;
    }
  int out_length = self->length - self->k + 1;
  self->x = g_new (float, (gsize) self->sequences * self->channels * self->length);
  fill_input (self, self->x);
  self->truth = g_memdup2 (cw_kernel_editor_get_kernel (self->hidden_editor, NULL, NULL),
                           sizeof (float) * (gsize) self->filters * self->channels * self->k);
  self->y = g_new (float, (gsize) self->sequences * self->filters * out_length);
  cw_error err;
  cw_error_clear (&err);
  if (cw_recovery_make_target (self->x, self->sequences, self->channels, self->length, self->truth, self->filters,
                               self->k, gtk_spin_button_get_value (self->noise_spin),
                               (uint64_t) gtk_spin_button_get_value_as_int (self->data_seed_spin), self->y, &err)
      != CW_OK)
    {
      *message = g_strdup (err.message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
build_typed (CwLabRecover *self, char **message)
{
  const char *x_text = gtk_editable_get_text (GTK_EDITABLE (self->x_entry));
  const char *y_text = gtk_editable_get_text (GTK_EDITABLE (self->y_entry));
  g_autoptr (GArray) x = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr (GArray) y = g_array_new (FALSE, FALSE, sizeof (float));
  int y_rows, y_length;
  if (!parse_rows (x_text, "Input x", x, &self->channels, &self->length, message)
      || !parse_rows (y_text, "Target y", y, &y_rows, &y_length, message))
    return FALSE;
  self->sequences = 1;
  self->filters = y_rows;
  self->k = gtk_spin_button_get_value_as_int (self->taps_spin);
  int out_length = self->length - self->k + 1;
  if (out_length < 1)
    {
      *message = g_strdup_printf ("The input (%d values) is shorter than the kernel (%d taps).", self->length, self->k);
      return FALSE;
    }
  if (y_length != out_length)
    {
      *message = g_strdup_printf ("Each target row needs %d values (input %d − k %d + 1); it has %d.", out_length,
                                  self->length, self->k, y_length);
      return FALSE;
    }
  self->x = (float *) g_array_free (g_steal_pointer (&x), FALSE);
  self->y = (float *) g_array_free (g_steal_pointer (&y), FALSE);
  /* The truth of a preset holds while its texts are untouched. */
  if (self->preset_loaded && g_strcmp0 (x_text, self->preset_x_text) == 0
      && g_strcmp0 (y_text, self->preset_y_text) == 0)
    {
      const cw_recovery_example *ex = cw_recovery_preset_get (self->preset);
      if (ex->kernel == self->k && ex->channels == self->channels && ex->filters == self->filters)
        self->truth = g_memdup2 (ex->hidden, sizeof (float) * (gsize) ex->filters * ex->channels * ex->kernel);
    }
  return TRUE;
}

void
cw_lab_recover_show_system (CwLabRecover *self)
{
  g_clear_pointer (&self->system_text, g_free);
  if (!self->x)
    {
      gtk_label_set_text (self->counts_label, "");
      gtk_label_set_text (self->explanation_label, "");
      return;
    }
  const cw_lab_system *s = &self->system;
  int out_length = self->length - self->k + 1;
  g_autofree char *counts = g_markup_printf_escaped (
    "<b>%ld equations</b> (%d output position%s × %d sequence%s × %d filter%s) and <b>%ld unknowns</b> "
    "(%d filter%s × %d channel%s × %d tap%s): <b>%s</b>.",
    s->equations, out_length, out_length == 1 ? "" : "s", self->sequences, self->sequences == 1 ? "" : "s",
    self->filters, self->filters == 1 ? "" : "s", s->unknowns, self->filters, self->filters == 1 ? "" : "s",
    self->channels, self->channels == 1 ? "" : "s", self->k, self->k == 1 ? "" : "s",
    cw_determination_name (s->determination));
  gtk_label_set_markup (self->counts_label, counts);
  g_autofree char *rank = NULL;
  int per_filter = self->channels * self->k;
  if (s->rank >= 0 && !s->unique)
    rank = g_strdup_printf (" This input's equations have rank %d, fewer than the %d weights of a filter: more than "
                            "one kernel fits exactly, and the starting point decides which one is found — try "
                            "several.", s->rank, per_filter);
  else if (s->rank >= 0 && s->determination != CW_UNDER_DETERMINED)
    rank = g_strdup_printf (" Their rank is %d = the %d weights of a filter: one kernel fits best.", s->rank, per_filter);
  g_autofree char *explanation = g_strconcat (cw_determination_explanation (s->determination), rank ? rank : "", NULL);
  gtk_label_set_text (self->explanation_label, explanation);
  self->system_text = g_strconcat (gtk_label_get_text (self->counts_label), "\n", explanation, NULL);
}

gboolean
cw_lab_recover_build_problem (CwLabRecover *self, gboolean generated, char **message)
{
  return generated ? build_generated (self, message) : build_typed (self, message);
}
