/* cw-application.c — the application: one window per activation on the bundled example, or per file
 * given; app actions (quit, about, shortcuts, open, new window, dark style) and every accelerator;
 * the style sheet; the recent-files list in GSettings. */
#include "cw-application.h"

#include "cw-window.h"

#define MAX_RECENT 10

struct _CwApplication
{
  GtkApplication parent_instance;

  /* owned */
  GSettings *settings;            /* NULL when the schema is not installed (tests without the schema dir) */
  GtkCssProvider *css_provider;
  gboolean desktop_prefers_dark;  /* what the desktop asked for before our dark-style toggle */
};

G_DEFINE_FINAL_TYPE (CwApplication, cw_application, GTK_TYPE_APPLICATION)

/* Every accelerator in one place: registered at startup, listed by the shortcuts window, checked by tests. */
static const CwAccelEntry accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.shortcuts", { "<Control>question", NULL } },
  { "app.open", { "<Control>o", NULL } },
  { "app.new-window", { "<Control>n", NULL } },
  { "win.train", { "<Control>Return", NULL } },
  { "win.pause", { "<Control>p", NULL } },
  { "win.stop", { "<Control>period", NULL } },
  { "win.save", { "<Control>s", NULL } },
  { "win.save-as", { "<Control><Shift>s", NULL } },
  { "win.export-plot", { "<Control>e", NULL } },
  { "win.export-all-plots", { "<Control><Shift>e", NULL } },
  { "win.undo", { "<Control>z", NULL } },
  { "win.redo", { "<Control><Shift>z", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.show-page::data", { "<Alt>1", NULL } },
  { "win.show-page::preprocess", { "<Alt>2", NULL } },
  { "win.show-page::model", { "<Alt>3", NULL } },
  { "win.show-page::training", { "<Alt>4", NULL } },
  { "win.show-page::inside", { "<Alt>5", NULL } },
  { "win.show-page::pls", { "<Alt>6", NULL } },
  { "win.show-page::compare", { "<Alt>7", NULL } },
  { "win.show-page::lab", { "<Alt>8", NULL } },
};

const CwAccelEntry *
cw_application_get_accels (guint *n_entries)
{
  if (n_entries)
    *n_entries = G_N_ELEMENTS (accels);
  return accels;
}

GSettings *
cw_application_get_settings (CwApplication *self)
{
  g_return_val_if_fail (CW_IS_APPLICATION (self), NULL);
  return self->settings;
}

void
cw_application_add_recent (CwApplication *self, const char *uri)
{
  g_return_if_fail (CW_IS_APPLICATION (self));
  g_return_if_fail (uri != NULL);
  if (!self->settings)
    return;
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-files");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_strv_builder_add (builder, uri);
  int kept = 1;
  for (int i = 0; old[i] && kept < MAX_RECENT; i++)
    {
      if (g_str_equal (old[i], uri))
        continue;
      /* Files deleted or moved since are pruned here, so the list never fills with dead entries. */
      g_autoptr(GFile) file = g_file_new_for_uri (old[i]);
      if (!g_file_query_exists (file, NULL))
        continue;
      g_strv_builder_add (builder, old[i]);
      kept++;
    }
  g_auto(GStrv) recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-files", (const char *const *) recent);
}

GtkWidget *
cw_application_new_window (CwApplication *self)
{
  g_return_val_if_fail (CW_IS_APPLICATION (self), NULL);
  return GTK_WIDGET (cw_window_new (GTK_APPLICATION (self)));
}

/* ---- style ---- */

/* Dark when the desktop asks for it, or when the user turned on "Dark Style". */
static void
update_dark_style (CwApplication *self)
{
  GtkSettings *gtk_settings = gtk_settings_get_default ();
  if (!gtk_settings)
    return;
  gboolean dark = self->desktop_prefers_dark || (self->settings && g_settings_get_boolean (self->settings, "dark-style"));
  g_object_set (gtk_settings, "gtk-application-prefer-dark-theme", dark, NULL);
}

/* ---- actions ---- */

static void
quit_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  /* Each window stops its worker and asks about unsaved changes; the application ends with the last one. */
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);
}

static void
about_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  const char *authors[] = { "The Conv1D Workbench developers", NULL };
  gtk_show_about_dialog (parent,
                         "program-name", "Conv1D Workbench",
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", "Build, train and look inside 1D convolutional networks for spectra, "
                                     "ECG and audio.",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", "https://github.com/conv1d/workbench",
                         "website-label", "Website",
                         "authors", authors,
                         "copyright", "© 2024 The Conv1D Workbench developers",
                         NULL);
}

/* The window's help overlay (set up by CwWindow) resolves the accelerators of the actions it lists. */
static void
shortcuts_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  if (window)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
open_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *window = gtk_application_get_active_window (app);
  if (!window)
    {
      window = GTK_WINDOW (cw_application_new_window (CW_APPLICATION (app)));
      gtk_window_present (window);
    }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL);
}

static void
new_window_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  gtk_window_present (GTK_WINDOW (cw_application_new_window (user_data)));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
  { .name = "shortcuts", .activate = shortcuts_activated },
  { .name = "open", .activate = open_activated },
  { .name = "new-window", .activate = new_window_activated },
};

/* ---- GApplication ---- */

static void
cw_application_startup (GApplication *application)
{
  CwApplication *self = CW_APPLICATION (application);

  G_APPLICATION_CLASS (cw_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);

  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  if (schema)
    {
      self->settings = g_settings_new (APP_ID);
      g_autoptr(GAction) dark = g_settings_create_action (self->settings, "dark-style");
      g_action_map_add_action (G_ACTION_MAP (self), dark);
      g_signal_connect_object (self->settings, "changed::dark-style", G_CALLBACK (update_dark_style), self,
                               G_CONNECT_SWAPPED);
    }
  else
    g_printerr ("conv1d-workbench: the settings schema %s is not installed; recent files and the dark style "
                "will not be remembered (set GSETTINGS_SCHEMA_DIR to run uninstalled)\n", APP_ID);

  GtkSettings *gtk_settings = gtk_settings_get_default ();
  if (gtk_settings)
    g_object_get (gtk_settings, "gtk-application-prefer-dark-theme", &self->desktop_prefers_dark, NULL);
  update_dark_style (self);

  gtk_window_set_default_icon_name (APP_ID);
  self->css_provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (self->css_provider, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (self->css_provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
cw_application_activate (GApplication *application)
{
  gtk_window_present (GTK_WINDOW (cw_application_new_window (CW_APPLICATION (application))));
}

/* `conv1d-workbench a.csv b.cwproj`: one window per file, each starting from the example so a file
 * that cannot be read leaves a usable window with the reason shown. */
static void
cw_application_open (GApplication *application, GFile **files, int n_files, const char *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      GtkWidget *window = cw_application_new_window (CW_APPLICATION (application));
      gtk_window_present (GTK_WINDOW (window));
      cw_window_open_file (CW_WINDOW (window), files[i]);
    }
}

static void
cw_application_shutdown (GApplication *application)
{
  CwApplication *self = CW_APPLICATION (application);
  if (self->css_provider)
    gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                   GTK_STYLE_PROVIDER (self->css_provider));
  G_APPLICATION_CLASS (cw_application_parent_class)->shutdown (application);
}

static void
cw_application_finalize (GObject *object)
{
  CwApplication *self = CW_APPLICATION (object);
  g_clear_object (&self->settings);
  g_clear_object (&self->css_provider);
  G_OBJECT_CLASS (cw_application_parent_class)->finalize (object);
}

static void
cw_application_class_init (CwApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = cw_application_finalize;
  app_class->startup = cw_application_startup;
  app_class->activate = cw_application_activate;
  app_class->open = cw_application_open;
  app_class->shutdown = cw_application_shutdown;
}

static void
cw_application_init (CwApplication *self)
{
  g_set_application_name ("Conv1D Workbench");
}

CwApplication *
cw_application_new (void)
{
  return g_object_new (CW_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
