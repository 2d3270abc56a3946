/* cw-fit-table.c — the candidates of a fit as a small grid and the kept-weights sentence (see
 * cw-fit-table.h). Rebuilt from each summary: a fit has a handful of candidates. */
#include "cw-fit-table.h"

#include <math.h>

struct _CwFitTable
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkGrid *grid;
  GtkLabel *kept;
};

G_DEFINE_FINAL_TYPE (CwFitTable, cw_fit_table, GTK_TYPE_WIDGET)

static GtkLabel *
cell_span (CwFitTable *self, const char *text, int column, int row, int width, gboolean header, float xalign)
{
  GtkWidget *label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_add_css_class (label, header ? "dim-label" : "numeric");
  gtk_grid_attach (self->grid, label, column, row, width, 1);
  return GTK_LABEL (label);
}

static GtkLabel *
cell (CwFitTable *self, const char *text, int column, int row, gboolean header, float xalign)
{
  return cell_span (self, text, column, row, 1, header, xalign);
}

static char *
score_text (const CwFitSummary *s, double score)
{
  if (!isfinite (score))
    return g_strdup ("—");
  if (s->task == CW_TASK_REGRESSION)
    return g_strdup_printf ("%.4g", score);
  return g_strdup_printf ("%.1f %%", 100 * score);
}

void
cw_fit_table_set_summary (CwFitTable *self, const CwFitSummary *s)
{
  g_return_if_fail (CW_IS_FIT_TABLE (self));
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  gtk_widget_set_visible (GTK_WIDGET (self), s != NULL);
  if (!s)
    {
      gtk_label_set_text (self->kept, "");
      return;
    }
  const char *score_name = cw_fit_summary_score_name (s);
  cell (self, "Recipe", 0, 0, TRUE, 0.0f);
  cell (self, score_name[0] ? score_name : "Score", 1, 0, TRUE, 1.0f);
  cell (self, "Epochs", 2, 0, TRUE, 1.0f);
  cell (self, "Seconds", 3, 0, TRUE, 1.0f);
  cell (self, "", 4, 0, TRUE, 0.0f);
  for (int c = 0; c < s->n_candidates; c++)
    {
      const CwFitCandidateSummary *cand = &s->candidates[c];
      gboolean chosen = c == s->chosen;
      GtkLabel *name = cell (self, cand->name, 0, c + 1, FALSE, 0.0f);
      if (chosen)
        gtk_widget_add_css_class (GTK_WIDGET (name), "heading");
      if (!cand->evaluated)
        {
          /* Skipped (the time budget) or failed: the note says which, in the row's remaining width. */
          GtkLabel *note = cell_span (self, cand->note && cand->note[0] ? cand->note : "not scored", 1, c + 1, 4,
                                      FALSE, 0.0f);
          /* One line: a wrapping label in the page's pane makes GTK's height-for-width disagree. */
          gtk_label_set_ellipsize (note, PANGO_ELLIPSIZE_END);
          gtk_label_set_max_width_chars (note, 40);
          gtk_widget_set_tooltip_text (GTK_WIDGET (note), gtk_label_get_text (note));
          gtk_widget_add_css_class (GTK_WIDGET (note), "dim-label");
          continue;
        }
      g_autofree char *score = score_text (s, cand->score);
      g_autofree char *epochs = g_strdup_printf ("%d", cand->epochs);
      g_autofree char *seconds = g_strdup_printf ("%.1f", cand->seconds);
      cell (self, score, 1, c + 1, FALSE, 1.0f);
      cell (self, epochs, 2, c + 1, FALSE, 1.0f);
      cell (self, seconds, 3, c + 1, FALSE, 1.0f);
      cell (self, chosen ? "✓ chosen" : "", 4, c + 1, FALSE, 0.0f);
    }
  /* One candidate without validation has nothing to compare: the sentence says it all. */
  gtk_widget_set_visible (GTK_WIDGET (self->grid), s->n_candidates > 1 || s->validation != CW_VALIDATE_NONE);
  g_autofree char *kept = g_strdup_printf ("Kept: %s.", s->epoch_reason && s->epoch_reason[0]
                                                         ? s->epoch_reason : "the last epoch's weights");
  gtk_label_set_text (self->kept, kept);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->kept), kept);
}

const char *
cw_fit_table_get_text (CwFitTable *self, int row, int column)
{
  g_return_val_if_fail (CW_IS_FIT_TABLE (self), NULL);
  GtkWidget *child = gtk_grid_get_child_at (self->grid, column, row);
  return child ? gtk_label_get_text (GTK_LABEL (child)) : NULL;
}

const char *
cw_fit_table_get_kept (CwFitTable *self)
{
  g_return_val_if_fail (CW_IS_FIT_TABLE (self), NULL);
  return gtk_label_get_text (self->kept);
}

static void
cw_fit_table_dispose (GObject *object)
{
  CwFitTable *self = CW_FIT_TABLE (object);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (cw_fit_table_parent_class)->dispose (object);
}

static void
cw_fit_table_class_init (CwFitTableClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cw_fit_table_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "fittable");
}

static void
cw_fit_table_init (CwFitTable *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->grid, 14);
  gtk_grid_set_row_spacing (self->grid, 2);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->grid));
  self->kept = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->kept), "kept-weights");
  gtk_label_set_xalign (self->kept, 0.0f);
  /* One line, the whole sentence in the tooltip (the page's status line has it wrapped): a wrapping label
   * in the page's pane makes GTK's height-for-width measures disagree. */
  gtk_label_set_ellipsize (self->kept, PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->kept));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
cw_fit_table_new (void)
{
  return g_object_new (CW_TYPE_FIT_TABLE, NULL);
}
