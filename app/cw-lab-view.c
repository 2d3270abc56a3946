/* cw-lab-view.c — the Convolution Lab page: a stack of the step-through (CwLabStep) and the kernel
 * recovery (CwLabRecover) with a switcher on top. The panels are independent; the page only hosts them. */
#include "cw-lab-view.h"

#include "cw-lab-recover.h"
#include "cw-lab-step.h"

struct _CwLabView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkWidget *main_box;
  GtkStack *stack;

  /* borrowed: the stack's pages */
  GtkWidget *step;
  GtkWidget *recover;
};

G_DEFINE_FINAL_TYPE (CwLabView, cw_lab_view, GTK_TYPE_WIDGET)

static void
cw_lab_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CW_TYPE_LAB_VIEW);
  G_OBJECT_CLASS (cw_lab_view_parent_class)->dispose (object);
}

static void
cw_lab_view_class_init (CwLabViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_lab_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cw-lab-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CwLabView, main_box);
  gtk_widget_class_bind_template_child (widget_class, CwLabView, stack);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "labview");
}

static void
cw_lab_view_init (CwLabView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cw_lab_view_new (CwProject *project)
{
  g_return_val_if_fail (CW_IS_PROJECT (project), NULL);
  CwLabView *self = g_object_new (CW_TYPE_LAB_VIEW, NULL);
  self->step = cw_lab_step_new (project);
  self->recover = cw_lab_recover_new ();
  gtk_stack_add_titled (self->stack, self->step, "step", "Step through a convolution");
  gtk_stack_add_titled (self->stack, self->recover, "recover", "Recover a kernel by gradient descent");
  return GTK_WIDGET (self);
}

GtkWidget *
cw_lab_view_get_step (CwLabView *self)
{
  g_return_val_if_fail (CW_IS_LAB_VIEW (self), NULL);
  return self->step;
}

GtkWidget *
cw_lab_view_get_recover (CwLabView *self)
{
  g_return_val_if_fail (CW_IS_LAB_VIEW (self), NULL);
  return self->recover;
}

void
cw_lab_view_show_panel (CwLabView *self, const char *name)
{
  g_return_if_fail (CW_IS_LAB_VIEW (self));
  gtk_stack_set_visible_child_name (self->stack, name);
}
