/* layer-stack-test-util.h — what the layer-stack tests share: bounded main-loop waits, spec parsing and
 * checks, the S workload fixture in a mapped window. Static inline, so a test that uses only some of
 * them builds without -Wunused-function. */
#pragma once

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>

#include "cw-layer-card.h"
#include "cw-layer-stack.h"

#define S_WORKLOAD "conv(8,k=9) relu maxpool(2) conv(16,k=9) relu maxpool(2) flatten dense(64) relu dense(1)"

typedef struct
{
  GtkWidget *window;
  CwLayerStack *stack;
  int spec_changed;
  int valid_notified;
} Fixture;

/* ---- helpers ---- */

static inline gboolean
flag_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop for about ms milliseconds. */
static inline void
spin_main_loop (int ms)
{
  gboolean done = FALSE;
  g_timeout_add (ms, flag_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static inline cw_spec *
parse (const char *text)
{
  cw_error err;
  cw_spec *spec = cw_spec_parse (text, &err);
  if (spec == NULL)
    g_printerr ("parse \"%s\": %s\n", text, err.message);
  g_assert_nonnull (spec);
  return spec;
}

static inline cw_layer_spec
parse_layer (const char *token)
{
  cw_spec *spec = parse (token);
  g_assert_cmpint (cw_spec_count (spec), ==, 1);
  cw_layer_spec layer = *cw_spec_get (spec, 0);
  cw_spec_free (spec);
  return layer;
}

static inline void
assert_spec (Fixture *f, const char *expected)
{
  char *text = cw_spec_to_string (cw_layer_stack_get_spec (f->stack));
  g_assert_cmpstr (text, ==, expected);
  free (text);
}

static inline CwLayerCard *
card (Fixture *f, int index)
{
  GtkWidget *widget = cw_layer_stack_get_card (f->stack, index);
  g_assert_nonnull (widget);
  return CW_LAYER_CARD (widget);
}

static inline gboolean
focus_is_in (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));
  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static inline void
on_spec_changed (CwLayerStack *stack, Fixture *f)
{
  f->spec_changed++;
}

static inline void
on_valid_notify (CwLayerStack *stack, GParamSpec *pspec, Fixture *f)
{
  f->valid_notified++;
}

/* The S workload on 1 x 401 inputs, one output, 50 training samples, in a mapped window. */
static inline void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->stack = CW_LAYER_STACK (cw_layer_stack_new ());
  g_signal_connect (f->stack, "spec-changed", G_CALLBACK (on_spec_changed), f);
  g_signal_connect (f->stack, "notify::valid", G_CALLBACK (on_valid_notify), f);
  cw_layer_stack_set_input_shape (f->stack, 1, 401);
  cw_layer_stack_set_n_outputs (f->stack, 1);
  cw_layer_stack_set_n_samples (f->stack, 50);
  cw_spec *spec = parse (S_WORKLOAD);
  cw_layer_stack_set_spec (f->stack, spec);
  cw_spec_free (spec);

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 680, 900);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->stack));
  gtk_window_present (GTK_WINDOW (f->window));
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  GtkWidget *first = cw_layer_stack_get_card (f->stack, 0);
  while (g_get_monotonic_time () < deadline
         && !(gtk_widget_get_mapped (GTK_WIDGET (f->stack)) && gtk_widget_get_height (first) > 0))
    spin_main_loop (10);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->stack)));
  g_assert_cmpint (gtk_widget_get_height (first), >, 0);
  f->spec_changed = 0;
  f->valid_notified = 0;
}

static inline void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  spin_main_loop (10);
}
