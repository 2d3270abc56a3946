/* cw-model-view-private.h — the Model page's state, shared by
 *   cw-model-view.c         the widget, the editable layer stack and the spec entry, validity;
 *   cw-model-view-recipe.c  the recipe bar and the network a built-in recipe or auto shows. */
#pragma once

#include "cw-model-view.h"

#include "cw-layer-stack.h"
#include "cw-training-settings.h"

G_BEGIN_DECLS

struct _CwModelView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkWidget *main_box;             /* the template's root: bound so dispose_template unparents it */
  GtkDropDown *recipe_dropdown;
  GtkSpinButton *ensemble_spin;
  GtkLabel *budget_label;
  GtkSpinButton *budget_spin;
  GtkLabel *budget_unit;
  GtkLabel *recipe_description;
  GtkLabel *network_title;
  GtkStack *network_stack;         /* "custom", "recipe", "auto" */
  CwLayerStack *layer_stack;       /* Custom's, editable */
  CwLayerStack *recipe_stack;      /* a built-in recipe's network, read-only */
  GtkLabel *candidates_label;
  GtkLabel *shape_label;
  GtkWidget *spec_bar;
  GtkEntry *spec_entry;
  GtkButton *copy_button;
  GtkButton *apply_button;
  GtkLabel *status_label;
  GtkScrolledWindow *settings_scroller;

  /* owned */
  CwProject *project;
  char *parse_error;              /* the last Apply's error, shown until the text or the spec changes */
  GtkStringList *recipe_names;    /* auto, the built-in recipes, custom */

  /* borrowed */
  CwTrainingSettings *settings;   /* child of settings_scroller */

  gboolean valid;
  gboolean setting_text;          /* the view writes the entry: not a user edit */
  guint syncing;                  /* > 0 while the view sets the recipe controls */
};

/* cw-model-view.c */
void cw_model_view_update_validity (CwModelView *self);
void cw_model_view_set_status (CwModelView *self, const char *text, gboolean error);

/* cw-model-view-recipe.c */
void cw_model_view_recipe_init (CwModelView *self);   /* the drop-down's items and factories */
/* Puts the project's recipe into the bar and shows its network (the stack, a recipe's or auto's list). */
void cw_model_view_sync_recipe (CwModelView *self);
void cw_model_view_on_recipe_selected (CwModelView *self);
void cw_model_view_on_recipe_numbers (CwModelView *self);

G_END_DECLS
