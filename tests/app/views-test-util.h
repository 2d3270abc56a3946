/* views-test-util.h — what the Training and Inside page tests share: offscreen images and pixel counts,
 * widget lookups, the gasoline project. Static inline, so a test that uses only some of them builds
 * without -Wunused-function. */
#pragma once

#include <glib/gstdio.h>
#include "app-test-util.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "cw-filter-detail.h"
#include "cw-heatmap.h"
#include "cw-inside-view.h"
#include "cw-loss-plot.h"
#include "cw-parity-plot.h"
#include "cw-plot-style.h"
#include "cw-signal-plot.h"
#include "cw-train-view.h"

#define PAGE_WIDTH 1200
#define PAGE_HEIGHT 800

/* ---- main loop, windows, rendering ---- */

typedef struct
{
  GdkTexture *texture;
  guchar *pixels; /* B G R A */
  gsize stride;
  int width, height;
} Image;

static inline void
image_clear (Image *image)
{
  g_clear_object (&image->texture);
  g_clear_pointer (&image->pixels, g_free);
}

static inline void
render_image (GtkWidget *widget, Image *image)
{
  /* A widget waiting for its next layout (a new title resizes a plot) draws nothing: let the frame clock
   * run until it draws, under a slow machine (or a sanitizer) too. */
  GskRenderNode *node = NULL;
  int width = 0, height = 0;
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!node && g_get_monotonic_time () < deadline)
    {
      spin_ms (30);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_cmpint (width, >, 0);
  if (node == NULL)
    g_printerr ("nothing drawn by %s (%d x %d, mapped %d)\n", G_OBJECT_TYPE_NAME (widget), width, height,
                gtk_widget_get_mapped (widget));
  g_assert_nonnull (node);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  image->texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  image->width = gdk_texture_get_width (image->texture);
  image->height = gdk_texture_get_height (image->texture);
  image->stride = (gsize) image->width * 4;
  image->pixels = g_malloc (image->stride * image->height);
  gdk_texture_download (image->texture, image->pixels, image->stride);
}

static inline int
count_color (const Image *image, const GdkRGBA *color, int tolerance)
{
  int n = 0, r = lround (color->red * 255), g = lround (color->green * 255), b = lround (color->blue * 255);
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        const guchar *p = image->pixels + (gsize) y * image->stride + (gsize) x * 4;
        n += abs (p[2] - r) <= tolerance && abs (p[1] - g) <= tolerance && abs (p[0] - b) <= tolerance;
      }
  return n;
}

/* Pixels that differ between two renderings of the same size. */
static inline int
count_changed (const Image *a, const Image *b)
{
  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);
  int n = 0;
  for (int y = 0; y < a->height; y++)
    for (int x = 0; x < a->width; x++)
      n += memcmp (a->pixels + (gsize) y * a->stride + 4 * x, b->pixels + (gsize) y * b->stride + 4 * x, 4) != 0;
  return n;
}

/* Saves to $SCREENSHOT_DIR/name, and to $PAGES_SCREENSHOT_DIR/name when that is set too. */
static inline void
save_screenshot (const Image *image, const char *name)
{
  const char *dirs[] = { g_getenv ("SCREENSHOT_DIR"), g_getenv ("PAGES_SCREENSHOT_DIR") };
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    if (dirs[i] != NULL && *dirs[i] != '\0')
      {
        g_mkdir_with_parents (dirs[i], 0755);
        g_autofree char *path = g_build_filename (dirs[i], name, NULL);
        g_assert_true (gdk_texture_save_to_png (image->texture, path));
        g_printerr ("screenshot: %s\n", path);
      }
}

static inline void
set_dark (gboolean dark)
{
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
  spin_ms (60);
}

/* First descendant of widget (depth first) of the given type, skipping `skip` matches. */
static inline GtkWidget *
find_descendant (GtkWidget *widget, GType type, int *skip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && (*skip)-- == 0)
        return child;
      GtkWidget *found = find_descendant (child, type, skip);
      if (found)
        return found;
    }
  return NULL;
}

static inline GtkWidget *
nth_descendant (GtkWidget *widget, GType type, int n)
{
  return find_descendant (widget, type, &n);
}

static inline int
count_descendants (GtkWidget *widget, GType type)
{
  int n = 0;
  while (nth_descendant (widget, type, n) != NULL)
    n++;
  return n;
}

static inline const char *
progress_text (CwTrainView *view)
{
  return gtk_progress_bar_get_text (GTK_PROGRESS_BAR (cw_train_view_get_progress_bar (view)));
}

static inline double
progress_fraction (CwTrainView *view)
{
  return gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (cw_train_view_get_progress_bar (view)));
}

/* ---- the gasoline project and hand-made snapshots ---- */

/* The project's own stack and settings (Custom) train, validated on a random 20 % of the training rows
 * (gasoline: 10 of split_vignette's 50; its 10 test rows are scored once at the end). */
static inline void
use_custom_holdout (CwProject *project)
{
  CwRecipeSettings recipe = *cw_project_get_recipe_settings (project);
  recipe.recipe = (char *) CW_RECIPE_CUSTOM;
  g_assert_true (cw_project_set_recipe_settings (project, &recipe, NULL));
  CwRowSettings rows;
  cw_row_settings_copy (&rows, cw_project_get_row_settings (project));
  rows.choose_by = CW_CHOOSE_HOLDOUT;
  rows.holdout_fraction = 0.2;
  g_assert_true (cw_project_set_row_settings (project, &rows, NULL));
  cw_row_settings_clear (&rows);
}

static inline CwProject *
gasoline_project (int epochs)
{
  cw_error err;
  cw_dataset *ds = cw_dataset_load_csv (RESOURCES_DIR "/data/gasoline.csv", NULL, &err);
  g_assert_nonnull (ds);
  CwProject *project = cw_project_new ();
  cw_project_set_dataset (project, ds, NULL);
  int octane = cw_dataset_find_target (cw_project_get_dataset (project), "octane");
  g_assert_cmpint (octane, >=, 0);
  cw_project_set_target (project, octane);
  cw_project_set_task (project, CW_TASK_REGRESSION);
  cw_train_config config = *cw_project_get_train_config (project);
  config.epochs = epochs;
  config.seed = 7;
  cw_project_set_train_config (project, &config);
  cw_project_set_threads (project, 1);
  use_custom_holdout (project);
  return project;
}

static inline int
count_conv_layers (const cw_spec *spec)
{
  int n = 0;
  for (int i = 0; i < cw_spec_count (spec); i++)
    n += cw_spec_get (spec, i)->type == CW_LAYER_CONV;
  return n;
}

/* ---- Inside page lookups ---- */

static inline CwHeatmap *
nth_heatmap (CwInsideView *view, int n)
{
  return CW_HEATMAP (nth_descendant (GTK_WIDGET (view), CW_TYPE_HEATMAP, n));
}

static inline CwFilterDetail *
filter_detail (CwInsideView *view)
{
  return CW_FILTER_DETAIL (nth_descendant (GTK_WIDGET (view), CW_TYPE_FILTER_DETAIL, 0));
}
