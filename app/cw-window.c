/* cw-window.c — the workbench window: the template, the pages in their stack, the routing of a picked
 * sample to every page, the title, the toast, and which plots the exports take. Actions live in
 * cw-window-actions.c, plot export in cw-window-export.c; opening, saving, recent files, drag and drop and closing in cw-window-files.c. */
#include "cw-window-private.h"

#include "cw-compare-view.h"
#include "cw-data-view.h"
#include "cw-drawable.h"
#include "cw-export.h"
#include "cw-inside-view.h"
#include "cw-model-view.h"
#include "cw-pls-view.h"
#include "cw-preprocess-view.h"
#include "cw-train-view.h"
/* The Lab page and the generator came with the window; a build without them still works. */
#if __has_include ("cw-lab-view.h")
#include "cw-lab-view.h"
#define CW_HAVE_LAB_VIEW 1
#endif

#define BUNDLED_EXAMPLE_URI "resource://" RESOURCE_PREFIX "/data/gasoline.csv"

G_DEFINE_FINAL_TYPE (CwWindow, cw_window, GTK_TYPE_APPLICATION_WINDOW)

enum
{
  FILE_OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- sample routing ---- */

/* A sample picked on any page: every page shows it, and the worker watches it. select_sample never
 * emits "sample-activated", so this does not loop. */
static void
on_sample_activated (GtkWidget *page, int row, CwWindow *self)
{
  if (self->data_view)
    cw_data_view_select_sample (CW_DATA_VIEW (self->data_view), row);
  if (self->preprocess_view)
    cw_preprocess_view_select_sample (CW_PREPROCESS_VIEW (self->preprocess_view), row);
  if (self->train_view)
    cw_train_view_select_sample (CW_TRAIN_VIEW (self->train_view), row);
  if (self->inside_view)
    cw_inside_view_select_sample (CW_INSIDE_VIEW (self->inside_view), row);
  if (self->pls_view)
    cw_pls_view_select_sample (CW_PLS_VIEW (self->pls_view), row);
  if (self->compare_view)
    cw_compare_view_select_sample (CW_COMPARE_VIEW (self->compare_view), row);
  cw_training_session_set_watched (self->session, row);
}

static void
add_page (CwWindow *self, GtkWidget *page, const char *name, const char *title, GtkWidget **slot)
{
  *slot = page;
  GtkStackPage *stack_page = gtk_stack_add_titled (self->stack, page, name, title);
  gtk_stack_page_set_use_underline (stack_page, TRUE);
  if (g_signal_lookup ("sample-activated", G_OBJECT_TYPE (page)) != 0)
    g_signal_connect_object (page, "sample-activated", G_CALLBACK (on_sample_activated), self, 0);
}

static void
remove_pages (CwWindow *self)
{
  GtkWidget **slots[] = { &self->data_view, &self->preprocess_view, &self->model_view, &self->train_view,
                          &self->inside_view, &self->pls_view, &self->compare_view, &self->lab_view };
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    if (*slots[i])
      {
        gtk_stack_remove (self->stack, *slots[i]);
        *slots[i] = NULL;
      }
}

static void
build_pages (CwWindow *self)
{
  add_page (self, cw_data_view_new (self->project), "data", "_Data", &self->data_view);
  add_page (self, cw_preprocess_view_new (self->project), "preprocess", "_Preprocess",
            &self->preprocess_view);
  add_page (self, cw_model_view_new (self->project), "model", "_Model", &self->model_view);
  add_page (self, cw_train_view_new (self->project, self->session), "training", "_Training",
            &self->train_view);
  add_page (self, cw_inside_view_new (self->project, self->session), "inside", "_Inside",
            &self->inside_view);
  add_page (self, cw_pls_view_new (self->project), "pls", "P_LS", &self->pls_view);
  add_page (self, cw_compare_view_new (self->project), "compare", "_Compare", &self->compare_view);
#ifdef CW_HAVE_LAB_VIEW
  add_page (self, cw_lab_view_new (self->project), "lab", "La_b", &self->lab_view);
#endif
}

/* Takes a reference. The pages are made for one project, so a new project (an opened .cwproj) gets new
 * pages; the visible page stays the same one. */
void
cw_window_set_project (CwWindow *self, CwProject *project)
{
  g_return_if_fail (CW_IS_WINDOW (self));
  g_return_if_fail (CW_IS_PROJECT (project));
  if (project == self->project)
    return;

  g_autofree char *visible = g_strdup (gtk_stack_get_visible_child_name (self->stack));
  if (self->project)
    g_signal_handlers_disconnect_by_data (self->project, self);
  remove_pages (self);
  g_set_object (&self->project, project);
  build_pages (self);
  if (visible)
    gtk_stack_set_visible_child_name (self->stack, visible);
  cw_window_actions_connect_project (self);
  cw_window_update_title (self);
  cw_window_actions_update (self);
}

/* ---- title ---- */

/* "Conv1D Workbench — gasoline.csv", with " •" while there are unsaved changes. The name is the
 * project's file once saved, else the data's. */
void
cw_window_update_title (CwWindow *self)
{
  GFile *file = cw_project_get_file (self->project);
  if (!file)
    file = cw_project_get_data_file (self->project);
  g_autofree char *name = file ? g_file_get_basename (file) : NULL;
  if (!name)
    {
      const cw_dataset *ds = cw_project_get_dataset (self->project);
      name = g_strdup (ds && cw_dataset_source (ds) ? cw_dataset_source (ds) : "");
    }
  g_autofree char *title = g_strdup_printf ("Conv1D Workbench%s%s%s", *name ? " — " : "", name,
                                            cw_project_get_modified (self->project) ? " •" : "");
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* ---- errors ---- */

void
cw_window_set_error (CwWindow *self, const char *message)
{
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  if (message)
    g_printerr ("conv1d-workbench: %s\n", message);
}

void
cw_window_show_message (CwWindow *self, const char *primary, const char *secondary)
{
  GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);
  if (secondary)
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- which plot to export ---- */

/* Shown when the page is: visible, and not a hidden child of a stack inside the page. Not "mapped",
 * because a page just made visible is mapped only at the next frame. */
static gboolean
shown_within_page (GtkWidget *widget, GtkWidget *page)
{
  for (GtkWidget *w = widget; w && w != page; w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_visible (w) || !gtk_widget_get_child_visible (w))
      return FALSE;
  return gtk_widget_get_visible (page);
}

static GtkWidget *
find_drawable (GtkWidget *widget, GtkWidget *page)
{
  if (widget != page && (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget)))
    return NULL;
  if (CW_IS_DRAWABLE (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_drawable (child, page);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
page_default_drawable (CwWindow *self, GtkWidget *page)
{
  GtkWidget *plot = NULL;
  if (page == self->data_view)
    plot = cw_data_view_get_plot (CW_DATA_VIEW (page));
  else if (page == self->preprocess_view)
    plot = cw_preprocess_view_get_processed_plot (CW_PREPROCESS_VIEW (page));
  else if (page == self->train_view)
    plot = cw_train_view_get_loss_plot (CW_TRAIN_VIEW (page));
  else if (page == self->inside_view)
    plot = cw_inside_view_get_input_plot (CW_INSIDE_VIEW (page));
  else if (page == self->pls_view)
    plot = cw_pls_view_get_plot (CW_PLS_VIEW (page), "errors");
  else if (page == self->compare_view)
    plot = cw_compare_view_get_parity_plot (CW_COMPARE_VIEW (page));
  if (plot && CW_IS_DRAWABLE (plot) && shown_within_page (plot, page))
    return plot;
  return find_drawable (page, page);
}

GtkWidget *
cw_window_get_export_drawable (CwWindow *self)
{
  g_return_val_if_fail (CW_IS_WINDOW (self), NULL);
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);
  if (!page)
    return NULL;
  GtkWidget *clicked = self->last_clicked_plot;
  if (clicked && gtk_widget_is_ancestor (clicked, page) && shown_within_page (clicked, page))
    return clicked;
  return page_default_drawable (self, page);
}

static void
collect_drawables (GtkWidget *widget, GtkWidget *page, GPtrArray *plots)
{
  if (widget != page && (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget)))
    return;
  if (CW_IS_DRAWABLE (widget))
    {
      g_ptr_array_add (plots, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_drawables (child, page, plots);
}

GPtrArray *
cw_window_list_page_plots (CwWindow *self)
{
  g_return_val_if_fail (CW_IS_WINDOW (self), NULL);
  GPtrArray *plots = g_ptr_array_new ();
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);
  if (page)
    collect_drawables (page, page, plots);
  return plots;
}

/* Remembers the plot under a press, so Export Plot… takes the one the user last clicked anywhere in the window (capture phase: the plot's own gestures still
 * get the press). */
static void
on_window_pressed (GtkGestureClick *gesture, int n_press, double x, double y, CwWindow *self)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);
  while (picked && !CW_IS_DRAWABLE (picked))
    picked = gtk_widget_get_parent (picked);
  if (picked)
    g_set_weak_pointer (&self->last_clicked_plot, picked);
}

gboolean
cw_window_export_plot (CwWindow *self, GFile *file, GError **error)
{
  g_return_val_if_fail (CW_IS_WINDOW (self), FALSE);
  GtkWidget *plot = cw_window_get_export_drawable (self);
  if (!plot)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "The %s page has no plot to export.",
                   gtk_stack_get_visible_child_name (self->stack));
      return FALSE;
    }
  return cw_export_plot (plot, file, error);
}

/* ---- toast ---- */

static gboolean
hide_toast (gpointer data)
{
  CwWindow *self = data;
  self->toast_timeout = 0;
  gtk_revealer_set_reveal_child (self->toast_revealer, FALSE);
  gtk_label_set_text (self->toast_label, "");
  return G_SOURCE_REMOVE;
}

void
cw_window_show_toast (CwWindow *self, const char *text)
{
  g_return_if_fail (CW_IS_WINDOW (self));
  gtk_label_set_text (self->toast_label, text);
  gtk_revealer_set_reveal_child (self->toast_revealer, TRUE);
  g_clear_handle_id (&self->toast_timeout, g_source_remove);
  /* Long enough to read a folder path, short enough not to cover the page for long. */
  self->toast_timeout = g_timeout_add_seconds (6, hide_toast, self);
}

const char *
cw_window_get_toast_text (CwWindow *self)
{
  g_return_val_if_fail (CW_IS_WINDOW (self), NULL);
  return gtk_label_get_text (self->toast_label);
}

/* ---- accessors ---- */

CwProject *
cw_window_get_project (CwWindow *self)
{
  g_return_val_if_fail (CW_IS_WINDOW (self), NULL);
  return self->project;
}

CwTrainingSession *
cw_window_get_session (CwWindow *self)
{
  g_return_val_if_fail (CW_IS_WINDOW (self), NULL);
  return self->session;
}

GtkWidget *
cw_window_get_page (CwWindow *self, const char *name)
{
  g_return_val_if_fail (CW_IS_WINDOW (self), NULL);
  return gtk_stack_get_child_by_name (self->stack, name);
}

void
cw_window_show_page (CwWindow *self, const char *name)
{
  g_return_if_fail (CW_IS_WINDOW (self));
  if (gtk_stack_get_child_by_name (self->stack, name))
    gtk_stack_set_visible_child_name (self->stack, name);
}

const char *
cw_window_get_visible_page_name (CwWindow *self)
{
  g_return_val_if_fail (CW_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
cw_window_get_last_error (CwWindow *self)
{
  g_return_val_if_fail (CW_IS_WINDOW (self), NULL);
  return self->last_error;
}

gboolean
cw_window_is_loading (CwWindow *self)
{
  g_return_val_if_fail (CW_IS_WINDOW (self), FALSE);
  return self->load_cancellable != NULL;
}

/* ---- life cycle ---- */

/* The bundled example, parsed from the GResource (the project reads resource:// URIs like files). */
static void
load_example (CwWindow *self)
{
  g_autoptr(GFile) example = g_file_new_for_uri (BUNDLED_EXAMPLE_URI);
  g_autoptr(GError) error = NULL;
  if (!cw_project_load_data (self->project, example, &error))
    {
      /* Only a broken build gets here: the window still works, empty. */
      cw_window_set_error (self, error->message);
      return;
    }
  cw_project_set_modified (self->project, FALSE);
  cw_project_clear_undo (self->project);
}

CwWindow *
cw_window_new (GtkApplication *app)
{
  return g_object_new (CW_TYPE_WINDOW, "application", app, NULL);
}

static void
cw_window_dispose (GObject *object)
{
  CwWindow *self = CW_WINDOW (object);

  /* A worker still running holds copies, not the window; stop it so the model reaches the project. */
  if (self->session && cw_training_session_get_state (self->session) != CW_SESSION_IDLE)
    {
      cw_training_session_stop (self->session);
      cw_training_session_wait (self->session, 1000);
    }
  cw_window_files_dispose (self);
  cw_window_export_dispose (self);
  g_clear_handle_id (&self->toast_timeout, g_source_remove);
  g_clear_weak_pointer (&self->last_clicked_plot);
  if (self->project)
    g_signal_handlers_disconnect_by_data (self->project, self);
  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->stack)
    remove_pages (self);
  /* No gtk_widget_dispose_template: GtkWindow unparents its titlebar and child itself. */
  G_OBJECT_CLASS (cw_window_parent_class)->dispose (object);
}

static void
cw_window_finalize (GObject *object)
{
  CwWindow *self = CW_WINDOW (object);
  g_clear_object (&self->project);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->last_error, g_free);
  G_OBJECT_CLASS (cw_window_parent_class)->finalize (object);
}

static void
cw_window_class_init (CwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cw_window_dispose;
  object_class->finalize = cw_window_finalize;
  window_class->close_request = cw_window_close_request;

  signals[FILE_OPENED] = g_signal_new ("file-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_FILE, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CwWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, CwWindow, switcher);
  gtk_widget_class_bind_template_child (widget_class, CwWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CwWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, CwWindow, loading_box);
  gtk_widget_class_bind_template_child (widget_class, CwWindow, loading_progress);
  gtk_widget_class_bind_template_child (widget_class, CwWindow, loading_cancel);
  gtk_widget_class_bind_template_child (widget_class, CwWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, CwWindow, train_button);
  gtk_widget_class_bind_template_child (widget_class, CwWindow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, CwWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, CwWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, CwWindow, toast_revealer);
  gtk_widget_class_bind_template_child (widget_class, CwWindow, toast_label);
}

static void
cw_window_init (CwWindow *self)
{
  g_type_ensure (CW_TYPE_PROJECT);
  gtk_widget_init_template (GTK_WIDGET (self));

  GtkGesture *press = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (press), 0);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (press), GTK_PHASE_CAPTURE);
  g_signal_connect (press, "pressed", G_CALLBACK (on_window_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (press));

  /* The shortcuts window as the help overlay: that is how it learns the accelerators of its actions. */
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/ui/shortcuts.ui");
  gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self),
                                           GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "shortcuts")));

  self->session = cw_training_session_new ();
  g_autoptr(CwProject) project = cw_project_new ();
  cw_window_actions_init (self);
  cw_window_files_init (self);
  cw_window_export_init (self);
  /* Load before the pages exist, so each starts on the example instead of redrawing for it. */
  self->project = g_object_ref (project);
  load_example (self);
  g_clear_object (&self->project);
  cw_window_set_project (self, project);
  cw_window_show_page (self, "data");
}

void
cw_window_emit_file_opened (CwWindow *self, GFile *file, gboolean ok)
{
  g_signal_emit (self, signals[FILE_OPENED], 0, file, ok);
}
