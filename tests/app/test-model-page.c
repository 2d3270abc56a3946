/* test-model-page.c — the Model page on the gasoline example: the spec entry (bad text, good text, undo,
 * an impossible stack), the training settings form writing the project's config, a preprocessed input.
 * Also renders the page at 1200 x 800, light and dark, into SCREENSHOT_DIR. */
#include "pages-test-util.h"

/* ---- Model page ---- */

static GtkEntry *
spec_entry_of (Fixture *f)
{
  GtkWidget *entry = find_descendant (f->page, GTK_TYPE_ENTRY, "spec-entry");
  g_assert_nonnull (entry);
  return GTK_ENTRY (entry);
}

static void
apply_spec_text (Fixture *f, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (spec_entry_of (f)), text);
  GtkWidget *apply = find_descendant (f->page, GTK_TYPE_BUTTON, "spec-apply");
  g_assert_nonnull (apply);
  g_signal_emit_by_name (apply, "clicked");
}

static char *
project_spec_text (Fixture *f)
{
  return cw_spec_to_string (cw_project_get_spec (f->project));
}

static void
test_model_shows_spec (Fixture *f, gconstpointer data)
{
  g_autofree char *text = project_spec_text (f);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spec_entry_of (f))), ==, text);
  CwLayerStack *stack = CW_LAYER_STACK (find_descendant (f->page, CW_TYPE_LAYER_STACK, NULL));
  g_assert_nonnull (stack);
  g_assert_true (cw_spec_equal (cw_layer_stack_get_spec (stack), cw_project_get_spec (f->project)));
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  gboolean valid = FALSE;
  g_object_get (f->page, "valid", &valid, NULL);
  g_assert_true (valid);

  /* Copy puts the one-line spec on the clipboard (ours, so it can be read back synchronously). */
  g_signal_emit_by_name (find_descendant (f->page, GTK_TYPE_BUTTON, "spec-copy"), "clicked");
  GdkContentProvider *content = gdk_clipboard_get_content (gtk_widget_get_clipboard (f->page));
  g_assert_nonnull (content);
  GValue value = G_VALUE_INIT;
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  g_assert_cmpstr (g_value_get_string (&value), ==, text);
  g_value_unset (&value);
}

static void
test_model_bad_spec (Fixture *f, gconstpointer data)
{
  g_autofree char *before = project_spec_text (f);
  const char *bad = "conv(8,k=9) relu bogus(3) gavgpool dense(1)";
  apply_spec_text (f, bad);

  g_autofree char *after = project_spec_text (f);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (cw_project_can_undo (f->project));
  /* The text stays for fixing, with the offending token selected: "bogus(3)" starts at column 18. */
  GtkEntry *entry = spec_entry_of (f);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, bad);
  int start = -1, end = -1;
  g_assert_true (gtk_editable_get_selection_bounds (GTK_EDITABLE (entry), &start, &end));
  g_assert_cmpint (start, ==, 17);
  g_assert_cmpint (end, ==, 17 + (int) strlen ("bogus(3)"));
  GtkWidget *status = find_descendant (f->page, GTK_TYPE_LABEL, "spec-status");
  g_assert_nonnull (status);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "Column 18"));
  g_assert_true (gtk_widget_has_css_class (status, "error"));
}

static void
test_model_good_spec_and_undo (Fixture *f, gconstpointer data)
{
  g_autofree char *before = project_spec_text (f);
  CwLayerStack *stack = CW_LAYER_STACK (find_descendant (f->page, CW_TYPE_LAYER_STACK, NULL));
  apply_spec_text (f, "conv(4,k=5)  relu gavgpool dense(1)");

  g_autofree char *after = project_spec_text (f);
  g_assert_cmpstr (after, ==, "conv(4,k=5) relu gavgpool dense(1)");
  g_assert_cmpint (cw_spec_count (cw_layer_stack_get_spec (stack)), ==, 4);
  g_assert_cmpint (cw_spec_get (cw_layer_stack_get_spec (stack), 0)->units, ==, 4);
  /* The entry shows the canonical form. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spec_entry_of (f))), ==, after);
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));

  cw_project_undo (f->project);
  g_autofree char *undone = project_spec_text (f);
  g_assert_cmpstr (undone, ==, before);
  g_assert_true (cw_spec_equal (cw_layer_stack_get_spec (stack), cw_project_get_spec (f->project)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spec_entry_of (f))), ==, before);

  cw_project_redo (f->project);
  g_assert_cmpint (cw_spec_count (cw_layer_stack_get_spec (stack)), ==, 4);

  /* An edit in the stack is one undo step in the project. */
  cw_layer_spec dense = cw_layer_spec_default (CW_LAYER_DROPOUT);
  cw_layer_stack_insert (stack, 3, &dense);
  g_assert_cmpint (cw_spec_count (cw_project_get_spec (f->project)), ==, 5);
  cw_project_undo (f->project);
  g_assert_cmpint (cw_spec_count (cw_project_get_spec (f->project)), ==, 4);
  g_assert_cmpint (cw_spec_count (cw_layer_stack_get_spec (stack)), ==, 4);
}

static void
test_model_impossible_spec (Fixture *f, gconstpointer data)
{
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  int notified = f->valid_notifications;
  /* A kernel longer than the 401-point signal parses but cannot be built. */
  apply_spec_text (f, "conv(8,k=500) gavgpool dense(1)");
  g_autofree char *text = project_spec_text (f);
  g_assert_cmpstr (text, ==, "conv(8,k=500) gavgpool dense(1)");
  g_assert_false (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  g_assert_cmpint (f->valid_notifications, >, notified);
  GtkWidget *status = find_descendant (f->page, GTK_TYPE_LABEL, "spec-status");
  g_assert_true (gtk_widget_has_css_class (status, "error"));

  /* Right shape but the wrong number of outputs is impossible too. */
  apply_spec_text (f, "conv(8,k=9) gavgpool dense(3)");
  g_assert_false (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));

  cw_project_undo (f->project);
  cw_project_undo (f->project);
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  g_assert_false (gtk_widget_has_css_class (status, "error"));
}

static void
test_model_settings (Fixture *f, gconstpointer data)
{
  GtkSpinButton *epochs = GTK_SPIN_BUTTON (find_descendant (f->page, GTK_TYPE_SPIN_BUTTON, "epochs"));
  g_assert_nonnull (epochs);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (epochs), ==, cw_project_get_train_config (f->project)->epochs);

  gtk_spin_button_set_value (epochs, 42);
  g_assert_cmpint (cw_project_get_train_config (f->project)->epochs, ==, 42);
  /* Typing works the same way once the value is committed. */
  gtk_editable_set_text (GTK_EDITABLE (epochs), "77");
  gtk_spin_button_update (epochs);
  g_assert_cmpint (cw_project_get_train_config (f->project)->epochs, ==, 77);

  /* The other way: a change in the project shows in the form. */
  cw_train_config config = *cw_project_get_train_config (f->project);
  config.epochs = 7;
  cw_project_set_train_config (f->project, &config);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (epochs), ==, 7);

  /* SGD: the optimizer's defaults come with it, and its momentum row appears. */
  GtkDropDown *optimizer = dropdown_with_item (f->page, "SGD");
  g_assert_nonnull (optimizer);
  GtkWidget *momentum_label = NULL;
  for (GtkWidget *w = gtk_widget_get_first_child (gtk_widget_get_parent (GTK_WIDGET (optimizer))); w;
       w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_LABEL (w) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (w)), "_Momentum") == 0)
      momentum_label = w;
  g_assert_nonnull (momentum_label);
  g_assert_false (gtk_widget_get_visible (momentum_label));
  gtk_drop_down_set_selected (optimizer, item_index (optimizer, "SGD"));
  const cw_train_config *now = cw_project_get_train_config (f->project);
  g_assert_cmpint (now->optimizer.type, ==, CW_OPT_SGD);
  g_assert_cmpfloat_with_epsilon (now->optimizer.lr, 1e-2, 1e-9);
  g_assert_true (gtk_widget_get_visible (momentum_label));
  g_assert_cmpint (now->epochs, ==, 7);

  /* Regression offers MSE and MAE only. */
  GtkDropDown *loss = dropdown_with_item (f->page, "Mean absolute error");
  g_assert_nonnull (loss);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (loss)), ==, 2);
  gtk_drop_down_set_selected (loss, item_index (loss, "Mean absolute error"));
  g_assert_cmpint (cw_project_get_train_config (f->project)->loss, ==, CW_LOSS_MAE);

  /* Augmentation: ticking noise turns the amount on. */
  GtkWidget *noise = NULL;
  GtkWidget *grid = gtk_widget_get_parent (GTK_WIDGET (optimizer));
  for (GtkWidget *w = gtk_widget_get_first_child (grid); w; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_CHECK_BUTTON (w) && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (w)), "_Noise (SD)") == 0)
      noise = w;
  g_assert_nonnull (noise);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (noise), TRUE);
  g_assert_cmpfloat (cw_project_get_train_config (f->project)->augment.noise, >, 0.0f);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (noise), FALSE);
  g_assert_cmpfloat (cw_project_get_train_config (f->project)->augment.noise, ==, 0.0f);

  /* Defaults for the task put everything back (Adam, 1e-3, the task's loss). */
  GtkWidget *defaults = find_descendant (f->page, GTK_TYPE_BUTTON, "defaults");
  g_signal_emit_by_name (defaults, "clicked");
  now = cw_project_get_train_config (f->project);
  g_assert_cmpint (now->optimizer.type, ==, CW_OPT_ADAM);
  g_assert_cmpint (now->loss, ==, CW_LOSS_MSE);
  g_assert_false (gtk_widget_get_visible (momentum_label));
}

/* The network reads the preprocessed signal: a range selection shortens the input the stack is checked
 * against, and the page re-checks when only the pipeline changes. */
static void
test_model_preprocessed_input (Fixture *f, gconstpointer data)
{
  CwLayerStack *stack = CW_LAYER_STACK (find_descendant (f->page, CW_TYPE_LAYER_STACK, NULL));
  GtkLabel *shape = GTK_LABEL (find_descendant (f->page, GTK_TYPE_LABEL, "input-shape"));
  GtkWidget *status = find_descendant (f->page, GTK_TYPE_LABEL, "spec-status");
  g_assert_nonnull (shape);
  g_assert_cmpstr (cw_layer_stack_get_input_text (stack), ==, "1 × 401");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (shape), "Input 1 × 401  →  1 output"));
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  /* The default stack flattens into a dense layer, whose weights grow with the length. */
  guint64 params_401 = cw_layer_stack_get_total_params (stack);

  g_autoptr (GError) error = NULL;
  g_assert_true (cw_project_set_preprocessing (f->project, "range(1000,1600)", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cw_project_get_input_length (f->project), ==, 301);
  g_assert_cmpstr (cw_layer_stack_get_input_text (stack), ==, "1 × 301");
  g_printerr ("shape: %s\n", gtk_label_get_text (shape));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (shape), "Input 1 × 301 (401 points before preprocessing)"));
  g_assert_cmpuint (cw_layer_stack_get_total_params (stack), <, params_401);
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  save_screenshot (f->window, "pages-model-preprocessed.png", 200);

  /* A kernel of 350 fits 401 points but not the 301 left between 1000 and 1600 nm: the page re-checks
   * when only the pipeline changes. */
  g_assert_true (cw_project_set_preprocessing (f->project, "", &error));
  apply_spec_text (f, "conv(4,k=350) gavgpool dense(1)");
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  int notified = f->valid_notifications;
  g_assert_true (cw_project_set_preprocessing (f->project, "range(1000,1600)", &error));
  g_printerr ("status: %s\n", gtk_label_get_text (GTK_LABEL (status)));
  g_assert_false (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  g_assert_cmpint (f->valid_notifications, >, notified);
  g_assert_true (gtk_widget_has_css_class (status, "error"));
  int bad_layer = -1;
  g_assert_nonnull (cw_layer_stack_get_problem (stack, &bad_layer));
  g_assert_cmpint (bad_layer, ==, 0);

  /* A kernel that fits 301 points: valid again. */
  apply_spec_text (f, "conv(4,k=250) gavgpool dense(1)");
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  g_assert_cmpstr (cw_layer_stack_get_input_text (stack), ==, "1 × 301");
  g_assert_false (gtk_widget_has_css_class (status, "error"));

  /* A window outside the axis leaves no input: the status says it is the preprocessing. */
  g_assert_true (cw_project_set_preprocessing (f->project, "range(2000,3000)", &error));
  g_assert_cmpint (cw_project_get_input_length (f->project), ==, 0);
  g_assert_false (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (shape), "Input 1 × ?"));
  g_printerr ("status: %s\n", gtk_label_get_text (GTK_LABEL (status)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "preprocessing"));

  /* Back to raw signals: the full length. */
  g_assert_true (cw_project_set_preprocessing (f->project, "", &error));
  g_assert_cmpstr (cw_layer_stack_get_input_text (stack), ==, "1 × 401");
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
}

/* ---- recipes ---- */

static const char *
stack_page (Fixture *f)
{
  GtkStack *stack = GTK_STACK (find_descendant (f->page, GTK_TYPE_STACK, "network-stack"));
  g_assert_nonnull (stack);
  return gtk_stack_get_visible_child_name (stack);
}

/* Auto (new data's default) lists its candidates; a built-in recipe shows its network read-only with the
 * project's input shape; the ensemble and the budget reach the project; Custom brings the editable
 * stack and the training settings back. */
static void
test_model_recipes (Fixture *f, gconstpointer data)
{
  g_assert_cmpstr (cw_project_get_recipe_settings (f->project)->recipe, ==, CW_RECIPE_AUTO);
  g_assert_cmpstr (stack_page (f), ==, "auto");
  GtkWidget *candidates = find_descendant (f->page, GTK_TYPE_LABEL, "auto-candidates");
  const char *text = gtk_label_get_text (GTK_LABEL (candidates));
  g_printerr ("# auto: %.200s...\n", text);
  g_assert_nonnull (strstr (text, "linear"));
  g_assert_nonnull (strstr (text, "cui-fearn2018"));
  g_assert_nonnull (strstr (text, "deriv-cnn"));
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
  /* The recipe trains itself: Custom's settings are hidden, the seed stays. */
  g_assert_false (gtk_widget_get_mapped (find_descendant (f->page, GTK_TYPE_SPIN_BUTTON, "epochs")));
  g_assert_true (gtk_widget_get_visible (find_descendant (f->page, GTK_TYPE_LABEL, "recipe-note")));
  GtkWidget *budget = find_descendant (f->page, GTK_TYPE_SPIN_BUTTON, "time-budget");
  g_assert_true (gtk_widget_get_visible (budget));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (budget), 120);
  g_assert_cmpfloat (cw_project_get_recipe_settings (f->project)->time_budget_s, ==, 120);

  GtkDropDown *recipe = GTK_DROP_DOWN (find_descendant (f->page, GTK_TYPE_DROP_DOWN, "recipe"));
  gtk_drop_down_set_selected (recipe, item_index (recipe, "deriv-cnn"));
  g_assert_cmpstr (cw_project_get_recipe_settings (f->project)->recipe, ==, "deriv-cnn");
  g_assert_cmpstr (stack_page (f), ==, "recipe");
  g_assert_false (gtk_widget_get_visible (budget));
  CwLayerStack *shown = CW_LAYER_STACK (find_descendant (f->page, CW_TYPE_LAYER_STACK, "recipe-stack"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (shown), "read-only"));
  cw_recipe expected;
  g_assert_cmpint (cw_recipe_builtin ("deriv-cnn", CW_TASK_REGRESSION, 1, 401, 1, &expected, NULL), ==, CW_OK);
  g_autoptr (cw_spec) spec = cw_spec_parse (expected.arch, NULL);
  g_assert_true (cw_spec_equal (cw_layer_stack_get_spec (shown), spec));
  g_assert_true (cw_layer_stack_is_valid (shown));
  g_assert_cmpstr (cw_layer_stack_get_input_text (shown), ==, "1 × 401");
  GtkWidget *description = find_descendant (f->page, GTK_TYPE_LABEL, "recipe-description");
  g_printerr ("# deriv-cnn: %s\n", gtk_label_get_text (GTK_LABEL (description)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (description)), "sg(11,2,1)"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (description)), "5 members"));
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));

  /* Three members instead of the recipe's five. */
  GtkSpinButton *ensemble = GTK_SPIN_BUTTON (find_descendant (f->page, GTK_TYPE_SPIN_BUTTON, "ensemble"));
  gtk_spin_button_set_value (ensemble, 3);
  g_assert_cmpint (cw_project_get_recipe_settings (f->project)->ensemble, ==, 3);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (description)), "3 members"));

  gtk_drop_down_set_selected (recipe, item_index (recipe, CW_RECIPE_CUSTOM));
  g_assert_true (cw_project_is_custom_recipe (f->project));
  g_assert_cmpstr (stack_page (f), ==, "custom");
  spin_ms (50);
  g_assert_true (gtk_widget_get_mapped (find_descendant (f->page, GTK_TYPE_SPIN_BUTTON, "epochs")));
  g_assert_true (cw_model_view_get_valid (CW_MODEL_VIEW (f->page)));
}

/* ---- screenshots ---- */

static void
test_screenshots (void)
{
  for (int dark = 0; dark <= 1; dark++)
    {
      set_dark (dark);
      Fixture f = { 0 };
      model_setup (&f, NULL);
      /* at least the switches that are on */
      save_screenshot (f.window, dark ? "pages-model-dark.png" : "pages-model.png", 200);
      teardown (&f, NULL);
      model_setup (&f, "bjerrum2017");
      save_screenshot (f.window, dark ? "pages-model-recipe-dark.png" : "pages-model-recipe.png", 200);
      teardown (&f, NULL);
    }
  set_dark (FALSE);
}

int
main (int argc, char **argv)
{
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pages/model/shows-spec", Fixture, NULL, model_setup, test_model_shows_spec, teardown);
  g_test_add ("/pages/model/bad-spec", Fixture, NULL, model_setup, test_model_bad_spec, teardown);
  g_test_add ("/pages/model/good-spec-and-undo", Fixture, NULL, model_setup, test_model_good_spec_and_undo,
              teardown);
  g_test_add ("/pages/model/impossible-spec", Fixture, NULL, model_setup, test_model_impossible_spec, teardown);
  g_test_add ("/pages/model/settings", Fixture, NULL, model_setup, test_model_settings, teardown);
  g_test_add ("/pages/model/preprocessed-input", Fixture, NULL, model_setup, test_model_preprocessed_input,
              teardown);
  g_test_add ("/pages/model/recipes", Fixture, CW_RECIPE_AUTO, model_setup, test_model_recipes, teardown);
  g_test_add_func ("/pages/model/screenshots", test_screenshots);
  return g_test_run ();
}
