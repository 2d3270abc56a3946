/* cw-model-view-recipe.c — the Model page's recipe: the drop-down (auto, each built-in recipe by name with
 * its title in the list, custom), the ensemble size and auto's time budget, and what the page shows under
 * them: Custom's editable stack, a built-in recipe's network read-only with its preprocessing and training
 * in words, or the candidates auto chooses among. */
#include "cw-model-view-private.h"

#include <math.h>
#include <string.h>

static const char *
short_title (const char *name)
{
  if (g_strcmp0 (name, CW_RECIPE_AUTO) == 0)
    return "Auto (chosen by validation)";
  if (g_strcmp0 (name, CW_RECIPE_CUSTOM) == 0)
    return "Custom";
  return name;
}

static const char *
schedule_words (cw_schedule_type type)
{
  switch (type)
    {
    case CW_SCHED_CONSTANT: return "constant rate";
    case CW_SCHED_STEP: return "step decay";
    case CW_SCHED_EXPONENTIAL: return "exponential decay";
    case CW_SCHED_COSINE: return "cosine decay";
    case CW_SCHED_PLATEAU: return "rate halved on plateaus";
    }
  return "";
}

/* "sg(11,2,1) · up to 300 epochs, batch 16, adam 0.001, rate halved on plateaus, weight decay 0.0001,
 * augmented · 5 members". */
static char *
recipe_summary (const cw_recipe *r, int ensemble)
{
  const cw_train_config *c = &r->train;
  GString *text = g_string_new (NULL);
  g_string_append_printf (text, "Preprocessing: %s · ", r->preprocess[0] ? r->preprocess : "none of its own");
  g_string_append_printf (text, "up to %d epochs, batch %d, %s %g, %s", c->epochs, c->batch,
                          cw_optimizer_name (c->optimizer.type), (double) c->optimizer.lr,
                          schedule_words (c->schedule.type));
  if (c->optimizer.weight_decay > 0)
    g_string_append_printf (text, ", weight decay %g", (double) c->optimizer.weight_decay);
  if (cw_augment_active (&c->augment))
    g_string_append (text, ", augmented");
  int members = ensemble > 0 ? ensemble : r->ensemble;
  g_string_append_printf (text, " · %d member%s", members, members == 1 ? "" : "s");
  return g_string_free (text, FALSE);
}

/* ---- the drop-down ---- */

static void
setup_button_item (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_list_item_set_child (item, label);
}

static void
bind_button_item (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  const char *name = gtk_string_object_get_string (gtk_list_item_get_item (item));
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), short_title (name));
}

/* In the open list: the name, and under it what the recipe is. */
static void
setup_list_item (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (name), 0.0f);
  gtk_widget_add_css_class (name, "heading");
  GtkWidget *title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 60);
  gtk_widget_add_css_class (title, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), title);
  gtk_list_item_set_child (item, box);
}

static void
bind_list_item (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  const char *name = gtk_string_object_get_string (gtk_list_item_get_item (item));
  GtkWidget *box = gtk_list_item_get_child (item);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (box)), short_title (name));
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (box)),
                      g_strcmp0 (name, CW_RECIPE_AUTO) == 0
                      ? "Validation on the training rows chooses among the recipes that suit the data"
                      : cw_project_recipe_title (name));
}

static gboolean
on_ensemble_output (GtkSpinButton *spin, gpointer user_data)
{
  double value = gtk_spin_button_get_value (spin);
  g_autofree char *text = value == 0 ? g_strdup ("Recipe's") : g_strdup_printf ("%.0f", value);
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static int
on_ensemble_input (GtkSpinButton *spin, double *value, gpointer user_data)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  if (g_ascii_strncasecmp (text, "recipe", 6) != 0)
    return FALSE;
  *value = 0;
  return TRUE;
}

void
cw_model_view_recipe_init (CwModelView *self)
{
  self->recipe_names = gtk_string_list_new (NULL);
  gtk_string_list_append (self->recipe_names, CW_RECIPE_AUTO);
  for (int i = 0; i < cw_recipe_n_builtin (); i++)
    gtk_string_list_append (self->recipe_names, cw_recipe_builtin_name (i));
  gtk_string_list_append (self->recipe_names, CW_RECIPE_CUSTOM);
  gtk_drop_down_set_model (self->recipe_dropdown, G_LIST_MODEL (self->recipe_names));

  g_autoptr (GtkListItemFactory) button = gtk_signal_list_item_factory_new ();
  g_signal_connect (button, "setup", G_CALLBACK (setup_button_item), NULL);
  g_signal_connect (button, "bind", G_CALLBACK (bind_button_item), NULL);
  gtk_drop_down_set_factory (self->recipe_dropdown, button);
  g_autoptr (GtkListItemFactory) list = gtk_signal_list_item_factory_new ();
  g_signal_connect (list, "setup", G_CALLBACK (setup_list_item), NULL);
  g_signal_connect (list, "bind", G_CALLBACK (bind_list_item), NULL);
  gtk_drop_down_set_list_factory (self->recipe_dropdown, list);

  g_signal_connect (self->ensemble_spin, "output", G_CALLBACK (on_ensemble_output), NULL);
  g_signal_connect (self->ensemble_spin, "input", G_CALLBACK (on_ensemble_input), NULL);
  g_signal_connect_swapped (self->recipe_dropdown, "notify::selected", G_CALLBACK (cw_model_view_on_recipe_selected),
                            self);
  g_signal_connect_swapped (self->ensemble_spin, "value-changed", G_CALLBACK (cw_model_view_on_recipe_numbers), self);
  g_signal_connect_swapped (self->budget_spin, "value-changed", G_CALLBACK (cw_model_view_on_recipe_numbers), self);
}

/* ---- controls -> project ---- */

void
cw_model_view_on_recipe_selected (CwModelView *self)
{
  if (self->syncing || !self->project)
    return;
  GObject *item = gtk_drop_down_get_selected_item (self->recipe_dropdown);
  if (!item)
    return;
  CwRecipeSettings settings = *cw_project_get_recipe_settings (self->project);
  settings.recipe = (char *) gtk_string_object_get_string (GTK_STRING_OBJECT (item));
  cw_project_set_recipe_settings (self->project, &settings, NULL);
}

void
cw_model_view_on_recipe_numbers (CwModelView *self)
{
  if (self->syncing || !self->project)
    return;
  CwRecipeSettings settings = *cw_project_get_recipe_settings (self->project);
  settings.ensemble = gtk_spin_button_get_value_as_int (self->ensemble_spin);
  settings.time_budget_s = gtk_spin_button_get_value (self->budget_spin);
  cw_project_set_recipe_settings (self->project, &settings, NULL);
}

/* ---- project -> page ---- */

/* A built-in recipe's network on the read-only stack, its preprocessing and training in words. */
static void
show_builtin (CwModelView *self, const cw_recipe *recipe, int ensemble, GString *description)
{
  cw_spec *spec = cw_spec_parse (recipe->arch, NULL);
  if (spec)
    {
      cw_layer_stack_set_spec (self->recipe_stack, spec);
      cw_spec_free (spec);
    }
  g_autofree char *summary = recipe_summary (recipe, ensemble);
  g_string_append_printf (description, "\n%s", summary);
}

/* Auto's candidates, cheapest first: name, what it is, its network and training. */
static void
show_candidates (CwModelView *self, const cw_recipe *recipes, int count, int ensemble)
{
  GString *text = g_string_new ("<b>Auto trains each of these on the training rows, scores it on the "
                                "validation rows (or by cross-validation), keeps the best and refits it.</b> "
                                "The cheapest come first; a time budget skips the costly ones at the end.");
  for (int i = 0; i < count; i++)
    {
      g_autofree char *name = g_markup_escape_text (recipes[i].name, -1);
      g_autofree char *title = g_markup_escape_text (recipes[i].title, -1);
      g_autofree char *arch = g_markup_escape_text (recipes[i].arch, -1);
      g_autofree char *summary = recipe_summary (&recipes[i], ensemble);
      g_autofree char *summary_markup = g_markup_escape_text (summary, -1);
      g_string_append_printf (text, "\n\n<b>%d. %s</b> — %s\n<tt>%s</tt>\n<span alpha=\"70%%\">%s</span>", i + 1, name,
                              title, arch, summary_markup);
    }
  gtk_label_set_markup (self->candidates_label, text->str);
  g_string_free (text, TRUE);
}

void
cw_model_view_sync_recipe (CwModelView *self)
{
  if (!self->project)
    return;
  const CwRecipeSettings *settings = cw_project_get_recipe_settings (self->project);
  self->syncing++;
  guint position = 0;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->recipe_names)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->recipe_names, i), settings->recipe) == 0)
      position = i;
  gtk_drop_down_set_selected (self->recipe_dropdown, position);
  gtk_spin_button_set_value (self->ensemble_spin, settings->ensemble);
  gtk_spin_button_set_value (self->budget_spin, settings->time_budget_s);
  gboolean is_auto = g_strcmp0 (settings->recipe, CW_RECIPE_AUTO) == 0;
  gboolean custom = cw_project_is_custom_recipe (self->project);
  gtk_widget_set_visible (GTK_WIDGET (self->budget_label), is_auto);
  gtk_widget_set_visible (GTK_WIDGET (self->budget_spin), is_auto);
  gtk_widget_set_visible (GTK_WIDGET (self->budget_unit), is_auto);
  gtk_widget_set_visible (self->spec_bar, custom);

  /* What the recipe is and how its choices are made: never on test rows. */
  g_autofree char *validation = cw_project_get_dataset (self->project) ? cw_project_describe_validation (self->project)
                                                                         : NULL;
  g_autoptr (GString) description = g_string_new (custom ? "Your layer stack and training settings."
                                                         : is_auto ? "Several recipes; the one that validates best "
                                                                     "is refitted on all training rows."
                                                                   : cw_project_recipe_title (settings->recipe));
  if (description->len > 0 && description->str[description->len - 1] != '.')
    g_string_append_c (description, '.');
  if (validation)
    g_string_append_printf (description, " Epochs%s are chosen by %s; test rows are never read.",
                            custom ? "" : " and weights", validation);

  if (custom)
    {
      gtk_stack_set_visible_child_name (self->network_stack, "custom");
      gtk_label_set_text (self->network_title, "Architecture");
    }
  else
    {
      g_autoptr (GError) error = NULL;
      g_autofree cw_recipe *recipes = NULL;
      int count = cw_project_dup_recipes (self->project, &recipes, &error);
      if (is_auto)
        {
          gtk_stack_set_visible_child_name (self->network_stack, "auto");
          gtk_label_set_text (self->network_title, "Candidates");
          if (count > 0)
            show_candidates (self, recipes, count, settings->ensemble);
          else
            gtk_label_set_text (self->candidates_label, error ? error->message : "");
        }
      else
        {
          gtk_stack_set_visible_child_name (self->network_stack, "recipe");
          g_autofree char *title = g_strdup_printf ("Network of %s", settings->recipe);
          gtk_label_set_text (self->network_title, title);
          if (count > 0)
            show_builtin (self, &recipes[0], settings->ensemble, description);
          else
            {
              g_autoptr (cw_spec) empty = cw_spec_new ();
              cw_layer_stack_set_spec (self->recipe_stack, empty);
              g_string_append_printf (description, "\n%s", error ? error->message : "");
            }
        }
    }
  gtk_label_set_text (self->recipe_description, description->str);
  self->syncing--;
  cw_model_view_update_validity (self);
}
