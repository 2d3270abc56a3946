/* cw-rows-bar.c — the row-role controls of the Data page (see cw-rows-bar.h).
 *
 * Built in code: a wrap box of small labelled groups whose visibility follows the choices (a split column's
 * name, a meta column and its values, a share, K), then the counts as chips and a line for the message of
 * a refused choice. Each control edits one field of a copy of the project's settings and hands the copy
 * to cw_project_set_row_settings, which checks it on the data; "settings-changed" brings the project's
 * settings back into every control. */
#include "cw-rows-bar.h"

#include "cw-wrap-box.h"

#include <string.h>

typedef enum
{
  FIELD_TEST = 1,
  FIELD_SPLIT_COLUMN,
  FIELD_TEST_COLUMN,
  FIELD_TEST_VALUES,
  FIELD_TEST_SHARE,
  FIELD_VALIDATION,
  FIELD_HOLDOUT_SHARE,
  FIELD_FOLDS,
  FIELD_GROUP,
  FIELD_SEED,
} Field;

/* Items of the test and validation drop-downs, in CwTestChoice / CwChooseBy order. */
static const char *const test_items[] = { "No test rows", "Split column", "Meta column", "Random share", NULL };
static const char *const validation_items[] = { "Holdout", "K-fold CV", NULL };

struct _CwRowsBar
{
  GtkWidget parent_instance;

  GtkWidget *box;                 /* the child: wrap box, chips line, message */
  GtkDropDown *test_dropdown;
  GtkWidget *split_group;
  GtkDropDown *split_dropdown;
  GtkWidget *meta_group;
  GtkDropDown *test_column_dropdown;
  GtkEntry *test_values_entry;
  GtkWidget *share_group;
  GtkSpinButton *test_share_spin;
  GtkDropDown *validation_dropdown;
  GtkWidget *holdout_group;
  GtkSpinButton *holdout_spin;
  GtkLabel *split_rows_label;
  GtkWidget *folds_group;
  GtkSpinButton *folds_spin;
  GtkWidget *group_group;
  GtkDropDown *group_dropdown;
  GtkWidget *seed_group;
  GtkSpinButton *seed_spin;
  GtkLabel *chips[3];             /* by cw_role */
  GtkLabel *error_label;

  CwProject *project;
  GtkStringList *meta_names;      /* the data's meta columns */
  GtkStringList *group_names;     /* "Nothing", then the meta columns */
  char *counts;
  char *error;
  guint syncing;
};

G_DEFINE_FINAL_TYPE (CwRowsBar, cw_rows_bar, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_PROJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void sync_from_project (CwRowsBar *self, gboolean keep_typed);

const char *
cw_rows_bar_role_css_class (cw_role role)
{
  switch (role)
    {
    case CW_ROLE_TRAIN: return "role-training";
    case CW_ROLE_VALIDATION: return "role-validation";
    case CW_ROLE_TEST: return "role-test";
    }
  return "role-training";
}

/* ---- helpers ---- */

static const cw_dataset *
dataset (CwRowsBar *self)
{
  return self->project ? cw_project_get_dataset (self->project) : NULL;
}

static const char *
selected_string (GtkDropDown *dropdown)
{
  GObject *item = gtk_drop_down_get_selected_item (dropdown);
  return item ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : NULL;
}

static guint
find_string (GtkStringList *list, const char *text)
{
  for (guint i = 0; text && i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (list, i), text) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static gboolean
column_has (const cw_dataset *ds, int column, const char *value)
{
  for (int i = 0; i < cw_dataset_n_samples (ds); i++)
    if (g_ascii_strcasecmp (cw_dataset_meta_value (ds, i, column) ? cw_dataset_meta_value (ds, i, column) : "",
                            value) == 0)
      return TRUE;
  return FALSE;
}

/* A value of the column that names test rows (a split word), else its last distinct value. */
static char *
guess_test_value (const cw_dataset *ds, int column)
{
  const char *const words[] = { "test", "testing", "holdout", "pred", "prediction" };
  for (gsize w = 0; w < G_N_ELEMENTS (words); w++)
    for (int i = 0; i < cw_dataset_n_samples (ds); i++)
      {
        const char *value = cw_dataset_meta_value (ds, i, column);
        if (value && g_ascii_strcasecmp (value, words[w]) == 0)
          return g_strdup (value);
      }
  int n = cw_dataset_n_samples (ds);
  const char *last = n > 0 ? cw_dataset_meta_value (ds, n - 1, column) : NULL;
  return g_strdup (last ? last : "");
}

/* The meta column a test choice starts from: the data's split column, else one that holds "test". */
static int
guess_test_column (const cw_dataset *ds)
{
  int split = cw_roles_guess_split_column (ds);
  if (split >= 0)
    return split;
  for (int j = 0; j < cw_dataset_n_meta (ds); j++)
    if (column_has (ds, j, "test"))
      return j;
  return cw_dataset_n_meta (ds) > 0 ? 0 : -1;
}

static void
replace_text (char **field, const char *text)
{
  g_free (*field);
  *field = text && text[0] ? g_strdup (text) : NULL;
}

/* ---- controls -> project ---- */

static void
show_error (CwRowsBar *self, const char *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The settings with the field the user changed taken from its control. */
static void
edit_field (CwRowsBar *self, Field field, CwRowSettings *s)
{
  const cw_dataset *ds = dataset (self);
  switch (field)
    {
    case FIELD_TEST:
      {
        guint item = gtk_drop_down_get_selected (self->test_dropdown);
        if (item > CW_TEST_RANDOM)
          return;
        s->test = (CwTestChoice) item;
        int column = ds ? guess_test_column (ds) : -1;
        /* A choice that needs a column starts from the likeliest one. */
        if (s->test == CW_TEST_SPLIT_COLUMN && !s->split_column && column >= 0)
          s->split_column = g_strdup (cw_dataset_meta_name (ds, column));
        if (s->test == CW_TEST_META && !s->test_column && column >= 0)
          s->test_column = g_strdup (cw_dataset_meta_name (ds, column));
        if (s->test == CW_TEST_META && !s->test_values && s->test_column)
          {
            int j = cw_dataset_find_meta (ds, s->test_column);
            s->test_values = j >= 0 ? guess_test_value (ds, j) : NULL;
          }
        break;
      }
    case FIELD_SPLIT_COLUMN:
      replace_text (&s->split_column, selected_string (self->split_dropdown));
      break;
    case FIELD_TEST_COLUMN:
      {
        const char *name = selected_string (self->test_column_dropdown);
        int j = ds && name ? cw_dataset_find_meta (ds, name) : -1;
        replace_text (&s->test_column, name);
        /* The values typed for another column rarely fit this one. */
        if (j >= 0 && (!s->test_values || !column_has (ds, j, s->test_values)))
          {
            g_free (s->test_values);
            s->test_values = guess_test_value (ds, j);
          }
        break;
      }
    case FIELD_TEST_VALUES:
      {
        g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->test_values_entry))));
        replace_text (&s->test_values, text);
        break;
      }
    case FIELD_TEST_SHARE:
      s->test_fraction = gtk_spin_button_get_value (self->test_share_spin) / 100.0;
      break;
    case FIELD_VALIDATION:
      {
        guint item = gtk_drop_down_get_selected (self->validation_dropdown);
        if (item <= CW_CHOOSE_CV)
          s->choose_by = (CwChooseBy) item;
        break;
      }
    case FIELD_HOLDOUT_SHARE:
      s->holdout_fraction = gtk_spin_button_get_value (self->holdout_spin) / 100.0;
      break;
    case FIELD_FOLDS:
      s->cv_folds = gtk_spin_button_get_value_as_int (self->folds_spin);
      break;
    case FIELD_GROUP:
      {
        guint item = gtk_drop_down_get_selected (self->group_dropdown);
        replace_text (&s->group_column, item >= 1 && item != GTK_INVALID_LIST_POSITION
                                        ? selected_string (self->group_dropdown) : NULL);
        break;
      }
    case FIELD_SEED:
      s->seed = (guint64) gtk_spin_button_get_value (self->seed_spin);
      break;
    }
}

static void
field_changed (CwRowsBar *self, Field field)
{
  if (self->syncing || !self->project || !dataset (self))
    return;
  CwRowSettings s;
  cw_row_settings_copy (&s, cw_project_get_row_settings (self->project));
  edit_field (self, field, &s);
  g_autoptr (GError) error = NULL;
  gboolean ok = cw_project_set_row_settings (self->project, &s, &error);
  cw_row_settings_clear (&s);
  show_error (self, ok ? NULL : error->message);
  /* Refused: the controls show the project's settings again, but what was typed stays to be fixed. */
  sync_from_project (self, !ok && field == FIELD_TEST_VALUES);
}

static Field
field_of (gpointer widget)
{
  return (Field) GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), "cw-field"));
}

static void
on_notify_selected (GObject *dropdown, GParamSpec *pspec, CwRowsBar *self)
{
  field_changed (self, field_of (dropdown));
}

static void
on_spin_changed (GtkSpinButton *spin, CwRowsBar *self)
{
  field_changed (self, field_of (spin));
}

static void
on_values_activate (GtkEntry *entry, CwRowsBar *self)
{
  field_changed (self, FIELD_TEST_VALUES);
}

static void
on_values_leave (GtkEventControllerFocus *focus, CwRowsBar *self)
{
  if (self->syncing || !self->project)
    return;
  const CwRowSettings *s = cw_project_get_row_settings (self->project);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->test_values_entry));
  if (g_strcmp0 (text, s->test_values ? s->test_values : "") != 0)
    field_changed (self, FIELD_TEST_VALUES);
}

/* ---- project -> controls ---- */

static void
set_spin (GtkSpinButton *spin, double value)
{
  gtk_spin_button_set_value (spin, value);
  gtk_spin_button_update (spin);
}

static void
replace_strings (GtkStringList *list, const char *const *strings)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint count = strings ? g_strv_length ((char **) strings) : 0;
  gboolean same = n == count;
  for (guint i = 0; same && i < n; i++)
    same = g_strcmp0 (gtk_string_list_get_string (list, i), strings[i]) == 0;
  if (!same)
    gtk_string_list_splice (list, 0, n, strings);
}

static void
update_counts (CwRowsBar *self)
{
  CwRowRoles rows;
  gboolean ok = dataset (self) && cw_project_compute_rows (self->project, NULL, &rows, NULL);
  g_free (self->counts);
  self->counts = ok ? cw_row_roles_describe (&rows) : g_strdup ("");
  for (int r = 0; r < 3; r++)
    gtk_widget_set_visible (GTK_WIDGET (self->chips[r]), ok);
  if (!ok)
    return;
  g_autofree char *train = rows.fold
    ? g_strdup_printf ("Training %d · %d-fold CV", rows.counts[CW_ROLE_TRAIN], rows.n_folds)
    : g_strdup_printf ("Training %d", rows.counts[CW_ROLE_TRAIN]);
  g_autofree char *validation = g_strdup_printf ("Validation %d", rows.counts[CW_ROLE_VALIDATION]);
  g_autofree char *test = rows.counts[CW_ROLE_TEST] > 0 ? g_strdup_printf ("Test %d", rows.counts[CW_ROLE_TEST])
                                                        : g_strdup ("No test rows");
  gtk_label_set_text (self->chips[CW_ROLE_TRAIN], train);
  gtk_label_set_text (self->chips[CW_ROLE_VALIDATION], validation);
  gtk_label_set_text (self->chips[CW_ROLE_TEST], test);
  /* No validation rows with a holdout: say it plainly rather than "Validation 0". */
  gtk_widget_set_visible (GTK_WIDGET (self->chips[CW_ROLE_VALIDATION]), rows.counts[CW_ROLE_VALIDATION] > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->chips[CW_ROLE_TRAIN]),
                               rows.fold ? "Rows the models learn from; every choice is made by K-fold "
                                           "cross-validation over them, then the model is refitted on all"
                                         : "Rows the models learn from");
  gtk_label_set_text (self->split_rows_label, rows.split_validation ? "the split column's validation rows" : "");
  gtk_widget_set_visible (GTK_WIDGET (self->split_rows_label), rows.split_validation);
  const CwRowSettings *s = cw_project_get_row_settings (self->project);
  gtk_widget_set_visible (GTK_WIDGET (self->holdout_spin), !rows.split_validation && s->choose_by == CW_CHOOSE_HOLDOUT);
  /* The split column's own validation rows draw nothing at random. */
  if (rows.split_validation && s->test != CW_TEST_RANDOM)
    gtk_widget_set_visible (self->seed_group, FALSE);
  cw_row_roles_clear (&rows);
}

static void
sync_from_project (CwRowsBar *self, gboolean keep_typed)
{
  if (!self->project)
    return;
  const cw_dataset *ds = dataset (self);
  const CwRowSettings *s = cw_project_get_row_settings (self->project);
  self->syncing++;

  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) groups = g_strv_builder_new ();
  g_strv_builder_add (groups, "Nothing");
  for (int j = 0; ds && j < cw_dataset_n_meta (ds); j++)
    {
      g_strv_builder_add (names, cw_dataset_meta_name (ds, j));
      g_strv_builder_add (groups, cw_dataset_meta_name (ds, j));
    }
  g_auto (GStrv) name_strv = g_strv_builder_end (names);
  g_auto (GStrv) group_strv = g_strv_builder_end (groups);
  replace_strings (self->meta_names, (const char *const *) name_strv);
  replace_strings (self->group_names, (const char *const *) group_strv);

  gtk_widget_set_sensitive (self->box, ds != NULL);
  gtk_drop_down_set_selected (self->test_dropdown, (guint) s->test);
  gtk_widget_set_visible (self->split_group, s->test == CW_TEST_SPLIT_COLUMN);
  gtk_widget_set_visible (self->meta_group, s->test == CW_TEST_META);
  gtk_widget_set_visible (self->share_group, s->test == CW_TEST_RANDOM);
  gtk_drop_down_set_selected (self->split_dropdown, find_string (self->meta_names, s->split_column));
  gtk_drop_down_set_selected (self->test_column_dropdown, find_string (self->meta_names, s->test_column));
  if (!keep_typed)
    gtk_editable_set_text (GTK_EDITABLE (self->test_values_entry), s->test_values ? s->test_values : "");
  set_spin (self->test_share_spin, 100 * s->test_fraction);

  gtk_drop_down_set_selected (self->validation_dropdown, (guint) s->choose_by);
  gtk_widget_set_visible (self->holdout_group, s->choose_by == CW_CHOOSE_HOLDOUT);
  gtk_widget_set_visible (self->folds_group, s->choose_by == CW_CHOOSE_CV);
  set_spin (self->holdout_spin, 100 * s->holdout_fraction);
  set_spin (self->folds_spin, s->cv_folds);

  gtk_widget_set_visible (self->group_group, ds && cw_dataset_n_meta (ds) > 0);
  guint group = find_string (self->group_names, s->group_column);
  gtk_drop_down_set_selected (self->group_dropdown, group == GTK_INVALID_LIST_POSITION ? 0 : group);
  /* The seed matters where something is drawn at random. */
  gboolean random = s->test == CW_TEST_RANDOM || s->choose_by == CW_CHOOSE_CV
                    || (s->choose_by == CW_CHOOSE_HOLDOUT && s->holdout_fraction > 0);
  gtk_widget_set_visible (self->seed_group, random);
  set_spin (self->seed_spin, (double) MIN (s->seed, (guint64) G_MAXINT32));
  update_counts (self);
  self->syncing--;
}

static void
on_settings_changed (CwRowsBar *self)
{
  sync_from_project (self, FALSE);
}

static void
on_data_changed (CwRowsBar *self)
{
  /* New data comes with its own defaults: an old message no longer applies. */
  show_error (self, NULL);
  sync_from_project (self, FALSE);
}

const char *
cw_rows_bar_get_counts (CwRowsBar *self)
{
  g_return_val_if_fail (CW_IS_ROWS_BAR (self), NULL);
  return self->counts ? self->counts : "";
}

const char *
cw_rows_bar_get_error (CwRowsBar *self)
{
  g_return_val_if_fail (CW_IS_ROWS_BAR (self), NULL);
  return self->error;
}

GtkWidget *
cw_rows_bar_new (CwProject *project)
{
  g_return_val_if_fail (CW_IS_PROJECT (project), NULL);
  return g_object_new (CW_TYPE_ROWS_BAR, "project", project, NULL);
}

/* ---- building ---- */

/* A caption and its controls, kept together when the bar wraps. */
static GtkWidget *
add_group (CwRowsBar *self, GtkWidget *wrap, const char *mnemonic, GtkWidget *first)
{
  GtkWidget *group = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  if (mnemonic)
    {
      GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), first);
      gtk_box_append (GTK_BOX (group), label);
    }
  gtk_box_append (GTK_BOX (group), first);
  cw_wrap_box_append (CW_WRAP_BOX (wrap), group);
  return group;
}

static GtkDropDown *
new_dropdown (CwRowsBar *self, Field field, GListModel *model, const char *name, const char *tooltip)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (gtk_drop_down_new (model, NULL));
  g_object_set_data (G_OBJECT (dropdown), "cw-field", GINT_TO_POINTER (field));
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_notify_selected), self);
  gtk_widget_set_name (GTK_WIDGET (dropdown), name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (dropdown), tooltip);
  return dropdown;
}

static GtkSpinButton *
new_spin (CwRowsBar *self, Field field, double min, double max, double step, const char *name,
          const char *tooltip)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (min, max, step));
  gtk_spin_button_set_digits (spin, 0);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 4);
  g_object_set_data (G_OBJECT (spin), "cw-field", GINT_TO_POINTER (field));
  g_signal_connect (spin, "value-changed", G_CALLBACK (on_spin_changed), self);
  gtk_widget_set_name (GTK_WIDGET (spin), name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (spin), tooltip);
  return spin;
}

static GtkLabel *
new_chip (cw_role role)
{
  GtkLabel *chip = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (chip), "role-chip");
  gtk_widget_add_css_class (GTK_WIDGET (chip), cw_rows_bar_role_css_class (role));
  gtk_widget_add_css_class (GTK_WIDGET (chip), "numeric");
  g_autofree char *name = g_strdup_printf ("role-count-%s", cw_role_name (role));
  gtk_widget_set_name (GTK_WIDGET (chip), name);
  gtk_widget_set_valign (GTK_WIDGET (chip), GTK_ALIGN_CENTER);
  return chip;
}

static void
build (CwRowsBar *self)
{
  self->meta_names = gtk_string_list_new (NULL);
  self->group_names = gtk_string_list_new (NULL);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (self->box), line);
  GtkWidget *wrap = cw_wrap_box_new (18, 6);
  gtk_widget_set_hexpand (wrap, TRUE);
  gtk_box_append (GTK_BOX (line), wrap);

  GtkStringList *tests = gtk_string_list_new (test_items);
  self->test_dropdown = new_dropdown (self, FIELD_TEST, G_LIST_MODEL (tests), "test-choice",
                                      "Test rows are scored once, after every choice is made; nothing is "
                                      "chosen on them");
  GtkWidget *test_group = add_group (self, wrap, "_Test rows", GTK_WIDGET (self->test_dropdown));

  self->split_dropdown = new_dropdown (self, FIELD_SPLIT_COLUMN, G_LIST_MODEL (g_object_ref (self->meta_names)),
                                       "split-column", "A meta column of train / validation / test words "
                                       "(train, cal; val, monitor; test)");
  self->split_group = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->split_group), GTK_WIDGET (self->split_dropdown));
  gtk_box_append (GTK_BOX (test_group), self->split_group);

  self->test_column_dropdown = new_dropdown (self, FIELD_TEST_COLUMN,
                                             G_LIST_MODEL (g_object_ref (self->meta_names)), "test-column",
                                             "The meta column whose values name the test rows");
  self->test_values_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (self->test_values_entry), "test-values");
  gtk_editable_set_width_chars (GTK_EDITABLE (self->test_values_entry), 8);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->test_values_entry),
                               "Rows holding this value are test rows (several: separate them with commas)");
  g_signal_connect (self->test_values_entry, "activate", G_CALLBACK (on_values_activate), self);
  GtkEventController *focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (on_values_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->test_values_entry), focus);
  self->meta_group = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->meta_group), GTK_WIDGET (self->test_column_dropdown));
  gtk_box_append (GTK_BOX (self->meta_group), gtk_label_new ("="));
  gtk_box_append (GTK_BOX (self->meta_group), GTK_WIDGET (self->test_values_entry));
  gtk_box_append (GTK_BOX (test_group), self->meta_group);

  self->test_share_spin = new_spin (self, FIELD_TEST_SHARE, 1, 90, 5, "test-share",
                                    "Share of all rows drawn at random as test rows (by the seed)");
  self->share_group = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_box_append (GTK_BOX (self->share_group), GTK_WIDGET (self->test_share_spin));
  gtk_box_append (GTK_BOX (self->share_group), gtk_label_new ("%"));
  gtk_box_append (GTK_BOX (test_group), self->share_group);

  GtkStringList *validations = gtk_string_list_new (validation_items);
  self->validation_dropdown = new_dropdown (self, FIELD_VALIDATION, G_LIST_MODEL (validations),
                                            "validation-choice", "How epochs, early stopping, the recipe and PLS "
                                            "components are chosen: on rows held out of the training rows, or by "
                                            "cross-validation over them");
  GtkWidget *validation_group = add_group (self, wrap, "_Validation", GTK_WIDGET (self->validation_dropdown));
  self->holdout_spin = new_spin (self, FIELD_HOLDOUT_SHARE, 0, 90, 5, "holdout-share",
                                 "Share of the training rows held out to validate (0 = none: the last epoch "
                                 "is kept)");
  self->split_rows_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->split_rows_label), "dim-label");
  self->holdout_group = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_box_append (GTK_BOX (self->holdout_group), GTK_WIDGET (self->holdout_spin));
  gtk_box_append (GTK_BOX (self->holdout_group), GTK_WIDGET (self->split_rows_label));
  gtk_box_append (GTK_BOX (validation_group), self->holdout_group);
  self->folds_spin = new_spin (self, FIELD_FOLDS, 2, 100, 1, "cv-folds", "Folds of the training rows (K)");
  self->folds_group = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_box_append (GTK_BOX (self->folds_group), gtk_label_new ("K"));
  gtk_box_append (GTK_BOX (self->folds_group), GTK_WIDGET (self->folds_spin));
  gtk_box_append (GTK_BOX (validation_group), self->folds_group);

  self->group_dropdown = new_dropdown (self, FIELD_GROUP, G_LIST_MODEL (g_object_ref (self->group_names)),
                                       "group-column", "Rows with the same value of this meta column (replicates "
                                       "of one sample) stay together: all training, all validation, all test, "
                                       "or in one fold");
  self->group_group = add_group (self, wrap, "_Keep together", GTK_WIDGET (self->group_dropdown));
  self->seed_spin = new_spin (self, FIELD_SEED, 0, G_MAXINT32, 1, "rows-seed",
                              "Draws the random test share, holdout and folds");
  gtk_editable_set_width_chars (GTK_EDITABLE (self->seed_spin), 5);
  self->seed_group = add_group (self, wrap, "S_eed", GTK_WIDGET (self->seed_spin));

  GtkWidget *chips = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (chips, GTK_ALIGN_START);
  for (int r = 0; r < 3; r++)
    {
      self->chips[r] = new_chip ((cw_role) r);
      gtk_box_append (GTK_BOX (chips), GTK_WIDGET (self->chips[r]));
    }
  gtk_box_append (GTK_BOX (line), chips);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->error_label), "rows-error");
  gtk_label_set_xalign (self->error_label, 0.0f);
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_selectable (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->error_label));
}

/* ---- GObject ---- */

static void
cw_rows_bar_constructed (GObject *object)
{
  CwRowsBar *self = CW_ROWS_BAR (object);
  G_OBJECT_CLASS (cw_rows_bar_parent_class)->constructed (object);
  g_signal_connect_object (self->project, "settings-changed", G_CALLBACK (on_settings_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "data-changed", G_CALLBACK (on_data_changed), self, G_CONNECT_SWAPPED);
  sync_from_project (self, FALSE);
}

static void
cw_rows_bar_dispose (GObject *object)
{
  CwRowsBar *self = CW_ROWS_BAR (object);
  if (self->project)
    g_signal_handlers_disconnect_by_data (self->project, self);
  /* Widgets going away may still signal: nothing to write back any more. */
  self->syncing++;
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->meta_names);
  g_clear_object (&self->group_names);
  g_clear_object (&self->project);
  G_OBJECT_CLASS (cw_rows_bar_parent_class)->dispose (object);
}

static void
cw_rows_bar_finalize (GObject *object)
{
  CwRowsBar *self = CW_ROWS_BAR (object);
  g_free (self->counts);
  g_free (self->error);
  G_OBJECT_CLASS (cw_rows_bar_parent_class)->finalize (object);
}

static void
cw_rows_bar_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CwRowsBar *self = CW_ROWS_BAR (object);
  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_rows_bar_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CwRowsBar *self = CW_ROWS_BAR (object);
  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_rows_bar_class_init (CwRowsBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->constructed = cw_rows_bar_constructed;
  object_class->dispose = cw_rows_bar_dispose;
  object_class->finalize = cw_rows_bar_finalize;
  object_class->set_property = cw_rows_bar_set_property;
  object_class->get_property = cw_rows_bar_get_property;
  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, CW_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cw-rows-bar");
}

static void
cw_rows_bar_init (CwRowsBar *self)
{
  self->syncing++;
  build (self);
  self->syncing--;
}
