/* bench-gui.c — how responsive the window stays on a large data file: the longest the main loop was held
 * (a 5 ms timer's lateness) while the file is read and the pages set up, then the time from switching to
 * each page until it is painted, idle and during training. Not a test (timings do not belong in tests):
 *
 *   xvfb-run -a -s "-screen 0 1600x1000x24" build/tools/bench-gui data.csv [training-seconds]
 *
 * with the GUI test environment (GSK_RENDERER=cairo GDK_DEBUG=gl-disable GTK_A11Y=none GDK_BACKEND=x11
 * GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=build/resources). Prints milliseconds. */
#include <gtk/gtk.h>

#include "cw-application.h"
#include "cw-window.h"
#include "cw-window-private.h"

typedef struct
{
  gint64 last;
  gint64 worst;      /* the longest lateness seen, in microseconds */
  guint id;
} Stall;

static gboolean
on_tick (gpointer data)
{
  Stall *s = data;
  gint64 now = g_get_monotonic_time ();
  gint64 late = now - s->last - 5000;
  if (late > s->worst)
    s->worst = late;
  s->last = now;
  return G_SOURCE_CONTINUE;
}

static void
stall_start (Stall *s)
{
  s->last = g_get_monotonic_time ();
  s->worst = 0;
  s->id = g_timeout_add (5, on_tick, s);
}

static double
stall_stop (Stall *s)
{
  g_clear_handle_id (&s->id, g_source_remove);
  return s->worst / 1000.0;
}

static void
spin_ms (int ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

typedef struct
{
  gboolean painted;
} Painted;

static void
on_after_paint (GdkFrameClock *clock, Painted *p)
{
  p->painted = TRUE;
}

/* From making the page visible to the end of the first paint that shows it. */
static double
switch_to (CwWindow *window, GtkWidget *page)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  Painted p = { FALSE };
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &p);
  gint64 t0 = g_get_monotonic_time ();
  gtk_stack_set_visible_child (window->stack, page);
  gint64 deadline = t0 + 20 * G_USEC_PER_SEC;
  while (!p.painted && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  double ms = (g_get_monotonic_time () - t0) / 1000.0;
  g_signal_handler_disconnect (clock, id);
  return ms;
}

static void
switch_all (CwWindow *window, const char *when)
{
  GtkWidget *pages[] = { window->preprocess_view, window->model_view, window->train_view, window->inside_view,
                         window->pls_view, window->compare_view, window->data_view };
  const char *names[] = { "Preprocess", "Model", "Training", "Inside", "PLS", "Compare", "Data" };
  double worst = 0;
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      double ms = switch_to (window, pages[i]);
      worst = MAX (worst, ms);
      g_print ("  %-10s %-11s %7.1f ms\n", when, names[i], ms);
      spin_ms (300);
    }
  g_print ("  %-10s worst page switch %.1f ms\n", when, worst);
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      g_printerr ("usage: bench-gui DATA-FILE [TRAINING-SECONDS]\n");
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("bench-gui: no display\n");
      return 1;
    }
  int training_seconds = argc > 2 ? atoi (argv[2]) : 10;
  setvbuf (stdout, NULL, _IOLBF, 0);
  CwApplication *app = cw_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  CwWindow *window = cw_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  spin_ms (1000);

  Stall stall;
  stall_start (&stall);
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[1]);
  gint64 t0 = g_get_monotonic_time ();
  cw_window_open_file (window, file);
  while (cw_window_is_loading (window))
    g_main_context_iteration (NULL, TRUE);
  double load_s = (g_get_monotonic_time () - t0) / 1e6;
  spin_ms (3000); /* the pages' own jobs (preview, PLS) start and run */
  const cw_dataset *ds = cw_project_get_dataset (cw_window_get_project (window));
  g_print ("loaded %s: %d x %d in %.2f s; main loop held at most %.1f ms (load and set-up)\n", argv[1],
           ds ? cw_dataset_n_samples (ds) : 0, ds ? cw_dataset_length (ds) : 0, load_s, stall_stop (&stall));

  stall_start (&stall);
  switch_all (window, "idle");
  g_print ("  idle: main loop held at most %.1f ms\n", stall_stop (&stall));

  if (training_seconds > 0)
    {
      g_action_group_activate_action (G_ACTION_GROUP (window), "train", NULL);
      spin_ms (2000);
      stall_start (&stall);
      gint64 end = g_get_monotonic_time () + (gint64) training_seconds * G_USEC_PER_SEC;
      while (g_get_monotonic_time () < end)
        switch_all (window, "training");
      g_print ("  training: main loop held at most %.1f ms\n", stall_stop (&stall));
      g_action_group_activate_action (G_ACTION_GROUP (window), "stop", NULL);
      spin_ms (1000);
    }
  cw_project_set_modified (cw_window_get_project (window), FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  spin_ms (500);
  g_object_unref (app);
  return 0;
}
