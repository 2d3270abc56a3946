/* pages-test-util.h — what the Data and Model page tests share: coloured-pixel counts, screenshots,
 * widget lookups, the gasoline project and the page fixture. Static inline, so a test that uses only
 * some of them builds without -Wunused-function. */
#pragma once

#include "app-test-util.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "cw-data-view.h"
#include "cw-layer-stack.h"
#include "cw-model-view.h"
#include "cw-signal-plot.h"

#define PAGE_WIDTH 1200
#define PAGE_HEIGHT 800

/* ---- main loop, windows, rendering ---- */

/* Pixels that are clearly coloured (not grey, white or black): drawn series, not frame or text. */
static inline int
count_coloured_pixels_in (GdkTexture *texture, int x0, int y0, int x1, int y1)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  int count = 0;
  for (int y = MAX (y0, 0); y < MIN (y1, height); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, width); x++)
      {
        const guchar *p = pixels + y * stride + x * 4;
        int hi = MAX (p[0], MAX (p[1], p[2])), lo = MIN (p[0], MIN (p[1], p[2]));
        count += hi - lo > 60;
      }
  return count;
}

static inline int
count_coloured_pixels (GdkTexture *texture)
{
  return count_coloured_pixels_in (texture, 0, 0, G_MAXINT, G_MAXINT);
}

/* Coloured pixels inside the plot's data rectangle: the series, not the colour bar. */
static inline int
count_series_pixels (CwSignalPlot *plot, GdkTexture *texture)
{
  double x, y, width, height;
  cw_signal_plot_get_data_rect (plot, &x, &y, &width, &height);
  g_assert_cmpfloat (width, >, 100);
  return count_coloured_pixels_in (texture, (int) x, (int) y, (int) (x + width), (int) (y + height));
}

static inline void
save_screenshot (GtkWidget *widget, const char *name, int min_coloured)
{
  const char *dir = g_getenv ("SCREENSHOT_DIR");
  if (!dir || !*dir)
    dir = g_get_tmp_dir ();
  g_mkdir_with_parents (dir, 0755);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GdkTexture) texture = render (widget);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_assert_cmpint (count_coloured_pixels (texture), >, min_coloured);
  g_printerr ("# screenshot %s\n", path);
}

static inline GtkWidget *
find_descendant (GtkWidget *root, GType type, const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (!name || g_strcmp0 (gtk_widget_get_name (root), name) == 0))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type, name);
      if (found)
        return found;
    }
  return NULL;
}

/* ---- fixtures ---- */

static inline CwProject *
new_gasoline_project (void)
{
  cw_error err;
  cw_error_clear (&err);
  cw_dataset *ds = cw_dataset_load_csv (RESOURCES_DIR "/data/gasoline.csv", NULL, &err);
  if (!ds)
    g_error ("gasoline.csv: %s", err.message);
  CwProject *project = cw_project_new ();
  cw_project_set_dataset (project, ds, NULL);
  return project;
}

typedef struct
{
  CwProject *project;
  GtkWidget *window;
  GtkWidget *page;
  int activations;
  int last_row;
  int valid_notifications;
} Fixture;

static inline void
on_sample_activated (GtkWidget *view, int row, Fixture *f)
{
  f->activations++;
  f->last_row = row;
}

static inline void
data_setup (Fixture *f, gconstpointer data)
{
  f->project = new_gasoline_project ();
  f->page = cw_data_view_new (f->project);
  g_signal_connect (f->page, "sample-activated", G_CALLBACK (on_sample_activated), f);
  f->window = show_in_window (f->page, PAGE_WIDTH, PAGE_HEIGHT);
  f->last_row = -1;
}

static inline void
on_valid_notify (GObject *view, GParamSpec *pspec, Fixture *f)
{
  f->valid_notifications++;
}

static inline void
set_recipe (CwProject *project, const char *name)
{
  CwRecipeSettings recipe = *cw_project_get_recipe_settings (project);
  recipe.recipe = (char *) name;
  g_assert_true (cw_project_set_recipe_settings (project, &recipe, NULL));
}

/* The Model page with the Custom recipe: the layer stack and training settings are the project's. */
static inline void
model_setup (Fixture *f, gconstpointer data)
{
  f->project = new_gasoline_project ();
  set_recipe (f->project, data ? (const char *) data : CW_RECIPE_CUSTOM);
  f->page = cw_model_view_new (f->project);
  g_signal_connect (f->page, "notify::valid", G_CALLBACK (on_valid_notify), f);
  f->window = show_in_window (f->page, PAGE_WIDTH, PAGE_HEIGHT);
}

static inline void
teardown (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  spin_ms (10);
  g_clear_object (&f->project);
}

static inline GtkColumnView *
column_view_of (Fixture *f)
{
  GtkWidget *view = find_descendant (f->page, GTK_TYPE_COLUMN_VIEW, NULL);
  g_assert_nonnull (view);
  return GTK_COLUMN_VIEW (view);
}

static inline GtkWidget *
find_label_with_text (GtkWidget *root, const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root)
      && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with_text (child, text);
      if (found)
        return found;
    }
  return NULL;
}

/* ---- drop-downs ---- */

static inline GtkDropDown *
dropdown_with_item (GtkWidget *root, const char *item_text)
{
  /* The drop-downs of the page, told apart by their items. */
  if (GTK_IS_DROP_DOWN (root))
    {
      GListModel *items = gtk_drop_down_get_model (GTK_DROP_DOWN (root));
      for (guint i = 0; items && i < g_list_model_get_n_items (items); i++)
        {
          g_autoptr (GObject) item = g_list_model_get_item (items, i);
          if (GTK_IS_STRING_OBJECT (item)
              && g_strcmp0 (gtk_string_object_get_string (GTK_STRING_OBJECT (item)), item_text) == 0)
            return GTK_DROP_DOWN (root);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkDropDown *found = dropdown_with_item (child, item_text);
      if (found)
        return found;
    }
  return NULL;
}

static inline guint
item_index (GtkDropDown *dropdown, const char *text)
{
  GListModel *items = gtk_drop_down_get_model (dropdown);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (items, i);
      if (g_strcmp0 (gtk_string_object_get_string (GTK_STRING_OBJECT (item)), text) == 0)
        return i;
    }
  g_assert_not_reached ();
  return 0;
}

/* ---- screenshots ---- */

static inline void
set_dark (gboolean dark)
{
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
  spin_ms (100);
}
