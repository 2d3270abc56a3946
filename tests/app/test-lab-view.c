/* test-lab-view.c — the Convolution Lab page and New from Generator….
 * Step-through: [0,3,4,5] with [1,2] at position 1 shows "y[1] = 1*3 + 2*4 = 11", the products table
 * and two output points (drawn, by pixels); true convolution gives the flipped kernel's output; the
 * formula and output length follow stride, padding and dilation as the engine computes them; two
 * channels show both channels' rows; a drawn stroke sets the signal; Play advances on its timeout.
 * Recovery: each classic example, run on the worker, comes within 0.05 of its kernel; an input too
 * short for its kernel is under-determined, says so, and several starting points end at different
 * kernels that all fit; Stop ends a run early. Generator: Generate gives the project a dataset of the
 * size and class balance asked for (normal PDF, ECG; a large one on the worker), with the generator's
 * target and task. Saves /tmp/lab-step.png, /tmp/lab-recover.png, /tmp/generator.png (1200 x 800) and
 * light / dark renderings into SCREENSHOT_DIR. */
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "cw-generator-dialog.h"
#include "cw-kernel-editor.h"
#include "cw-lab-recover.h"
#include "cw-lab-step.h"
#include "cw-lab-view.h"
#include "cw-plot-style.h"
#include "cw-signal-plot.h"

#define PAGE_WIDTH 1200
#define PAGE_HEIGHT 800

/* ---- main loop, windows, rendering ---- */

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin_ms (int ms)
{
  gboolean done = FALSE;
  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition cond, gpointer data, double seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  while (!cond (data) && g_get_monotonic_time () < deadline)
    spin_ms (10);
  return cond (data);
}

static GtkWidget *
show_in_window (GtkWidget *page, int width, int height)
{
  GtkWidget *window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline
         && !(gtk_widget_get_mapped (page) && gtk_widget_get_width (page) == width))
    spin_ms (10);
  g_assert_true (gtk_widget_get_mapped (page));
  spin_ms (50);
  return window;
}

/* The widget as drawn now. A paintable of a widget whose layout is pending is empty: on a busy machine
 * the relayout after a change can take longer than a frame, so wait for it (bounded). */
static GdkTexture *
render (GtkWidget *widget)
{
  spin_ms (40);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  GskRenderNode *node = NULL;
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (!node && g_get_monotonic_time () < deadline)
    {
      g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (!node)
        spin_ms (20);
    }
  g_assert_nonnull (node);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  GdkTexture *texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  return texture;
}

/* Pixels within tolerance of color in columns [x0, x1). */
static int
count_pixels (GdkTexture *texture, int x0, int x1, const GdkRGBA *color, int tolerance)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  int count = 0;
  for (int y = 0; y < height; y++)
    for (int x = MAX (x0, 0); x < MIN (x1, width); x++)
      {
        const guchar *p = pixels + (gsize) y * stride + (gsize) x * 4;
        count += abs (p[2] - (int) lround (color->red * 255)) <= tolerance
                 && abs (p[1] - (int) lround (color->green * 255)) <= tolerance
                 && abs (p[0] - (int) lround (color->blue * 255)) <= tolerance;
      }
  return count;
}

static void
save_png (GdkTexture *texture, const char *path)
{
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_printerr ("# screenshot: %s\n", path);
}

static void
save_screenshot (GdkTexture *texture, const char *name)
{
  const char *dir = g_getenv ("SCREENSHOT_DIR");
  if (!dir || !dir[0])
    return;
  g_mkdir_with_parents (dir, 0755);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  save_png (texture, path);
}

static void
set_dark (gboolean dark)
{
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
  spin_ms (60);
}

/* The pixel column of data x in a signal plot. */
static double
plot_column (CwSignalPlot *plot, double x)
{
  double rx, ry, rw, rh, x0, x1;
  cw_signal_plot_get_data_rect (plot, &rx, &ry, &rw, &rh);
  cw_signal_plot_get_x_range (plot, &x0, &x1);
  return rx + (x - x0) / (x1 - x0) * rw;
}

static CwProject *
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

/* ---- step-through ---- */

static const float classic_x[4] = { 0, 3, 4, 5 };
static const float classic_k[2] = { 1, 2 };

static void
test_step_arithmetic (void)
{
  g_autoptr (CwProject) project = new_gasoline_project ();
  GtkWidget *view = cw_lab_view_new (project);
  GtkWidget *window = show_in_window (view, PAGE_WIDTH, PAGE_HEIGHT);
  CwLabStep *step = CW_LAB_STEP (cw_lab_view_get_step (CW_LAB_VIEW (view)));

  cw_lab_step_set_signal (step, classic_x, 1, 4);
  cw_lab_step_set_kernel (step, classic_k, 1, 2);
  cw_lab_step_set_position (step, 1);
  g_assert_cmpint (cw_lab_step_get_position (step), ==, 1);
  g_assert_cmpstr (cw_lab_step_get_step_text (step), ==, "y[1] = 1*3 + 2*4 = 11");
  g_assert_cmpstr (cw_lab_step_get_formula_text (step), ==, "L_out = floor((4 + 0 + 0 - 1*(2-1) - 1)/1) + 1 = 3");
  g_assert_cmpstr (cw_lab_step_get_error_text (step), ==, "");

  /* The output drawn so far: y[0] = 1*0 + 2*3 = 6 and y[1] = 11. */
  int n = 0;
  const float *shown = cw_lab_step_get_shown_output (step, &n);
  g_assert_cmpint (n, ==, 2);
  g_assert_cmpfloat (shown[0], ==, 6.0f);
  g_assert_cmpfloat (shown[1], ==, 11.0f);

  /* The table: taps, input positions, inputs, weights, products and their sum. */
  g_assert_cmpstr (cw_lab_step_get_table_text (step, 0, 1), ==, "j = 0");
  g_assert_cmpstr (cw_lab_step_get_table_text (step, 1, 1), ==, "1");
  g_assert_cmpstr (cw_lab_step_get_table_text (step, 1, 2), ==, "2");
  g_assert_cmpstr (cw_lab_step_get_table_text (step, 2, 1), ==, "3");
  g_assert_cmpstr (cw_lab_step_get_table_text (step, 2, 2), ==, "4");
  g_assert_cmpstr (cw_lab_step_get_table_text (step, 3, 1), ==, "1");
  g_assert_cmpstr (cw_lab_step_get_table_text (step, 3, 2), ==, "2");
  g_assert_cmpstr (cw_lab_step_get_table_text (step, 4, 1), ==, "3");
  g_assert_cmpstr (cw_lab_step_get_table_text (step, 4, 2), ==, "8");
  g_assert_cmpstr (cw_lab_step_get_table_text (step, 4, 3), ==, "= 11");

  /* Pixels: the output plot has its points at the centres of windows 0 and 1 (x = 0.5, 1.5) and none
   * at window 2's (x = 2.5); the input plot highlights positions 1..2 and draws the stems there. */
  CwSignalPlot *output = CW_SIGNAL_PLOT (cw_lab_step_get_widget (step, "output"));
  GdkRGBA green;
  cw_palette_color (4, &green);
  g_autoptr (GdkTexture) out_pixels = render (GTK_WIDGET (output));
  for (int t = 0; t < 3; t++)
    {
      int column = (int) lround (plot_column (output, t + 0.5));
      int count = count_pixels (out_pixels, column - 4, column + 5, &green, 12);
      if (t < 2)
        g_assert_cmpint (count, >, 10);
      else
        g_assert_cmpint (count, ==, 0);
    }
  CwSignalPlot *input = CW_SIGNAL_PLOT (cw_lab_step_get_widget (step, "input"));
  GdkRGBA stem;
  cw_palette_color (0, &stem);
  g_autoptr (GdkTexture) in_pixels = render (GTK_WIDGET (input));
  int at_1 = (int) lround (plot_column (input, 1)), at_3 = (int) lround (plot_column (input, 3));
  g_assert_cmpint (count_pixels (in_pixels, at_1 - 2, at_1 + 3, &stem, 12), >, 10);
  g_assert_cmpint (count_pixels (in_pixels, at_3 - 2, at_3 + 3, &stem, 12), ==, 0);

  /* Stepping on grows the output by one point; Step stops at the last position. */
  cw_lab_step_step (step);
  cw_lab_step_get_shown_output (step, &n);
  g_assert_cmpint (n, ==, 3);
  g_assert_cmpstr (cw_lab_step_get_step_text (step), ==, "y[2] = 1*4 + 2*5 = 14");
  cw_lab_step_step (step);
  g_assert_cmpint (cw_lab_step_get_position (step), ==, 2);

  /* True convolution applies the flipped kernel [2, 1]. */
  cw_lab_step_set_convolution (step, TRUE);
  cw_lab_step_set_position (step, 1);
  g_assert_cmpstr (cw_lab_step_get_step_text (step), ==, "y[1] = 2*3 + 1*4 = 10");
  const float *flipped = cw_lab_step_get_shown_output (step, &n);
  g_assert_cmpint (n, ==, 2);
  g_assert_cmpfloat (flipped[0], ==, 3.0f);
  g_assert_cmpfloat (flipped[1], ==, 10.0f);
  g_assert_cmpstr (cw_lab_step_get_table_text (step, 3, 1), ==, "2");
  cw_lab_step_set_convolution (step, FALSE);
  g_assert_cmpstr (cw_lab_step_get_step_text (step), ==, "y[1] = 1*3 + 2*4 = 11");

  /* A sample of the data: row 2 of gasoline, all 401 points, a box filter along it. */
  cw_lab_step_set_data_sample (step, 2);
  cw_lab_step_set_kernel_preset (step, CW_LAB_KERNEL_BOX);
  int channels, length;
  const float *signal = cw_lab_step_get_signal (step, &channels, &length);
  const cw_dataset *ds = cw_project_get_dataset (project);
  g_assert_cmpint (channels, ==, 1);
  g_assert_cmpint (length, ==, cw_dataset_length (ds));
  g_assert_cmpmem (signal, sizeof (float) * length, cw_dataset_signals (ds) + 2 * length, sizeof (float) * length);
  const cw_lab_trace *trace = cw_lab_step_get_trace (step);
  g_assert_nonnull (trace);
  g_assert_cmpint (cw_lab_trace_out_length (trace), ==, length - 4);
  cw_lab_step_set_position (step, 100);
  g_autofree char *line = cw_lab_trace_step_text (trace, 100);
  g_assert_cmpstr (cw_lab_step_get_step_text (step), ==, line);
  /* New data in the project: the sample follows it. */
  const float small[2 * 8] = { 1, 2, 3, 4, 5, 6, 7, 8, 8, 7, 6, 5, 4, 3, 2, 1 };
  const float y[2] = { 0, 1 };
  cw_project_set_dataset (project, cw_dataset_new_from_arrays (2, 1, 8, small, 1, y), NULL);
  cw_lab_step_set_data_sample (step, 1);
  signal = cw_lab_step_get_signal (step, NULL, &length);
  g_assert_cmpint (length, ==, 8);
  g_assert_cmpfloat (signal[0], ==, 8.0f);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_step_geometry (void)
{
  g_autoptr (CwProject) project = cw_project_new ();
  CwLabStep *step = CW_LAB_STEP (cw_lab_step_new (project));
  GtkWidget *window = show_in_window (GTK_WIDGET (step), PAGE_WIDTH, PAGE_HEIGHT);

  cw_lab_step_set_builtin (step, CW_LAB_SIGNAL_STEP, 24);
  cw_lab_step_set_kernel_preset (step, CW_LAB_KERNEL_EDGE);
  int channels, k;
  const float *kernel = cw_lab_step_get_kernel (step, &channels, &k);
  g_assert_cmpint (k, ==, 3);
  g_assert_cmpfloat (kernel[0], ==, -1.0f);
  g_assert_cmpfloat (kernel[1], ==, 2.0f);

  /* Each case: the output length and the formula are the engine's for these numbers. */
  struct { cw_padding padding; int stride, dilation, left, right, out_length; } cases[] = {
    { CW_PAD_VALID, 1, 1, 0, 0, 22 },
    { CW_PAD_SAME, 1, 1, 0, 0, 24 },
    { CW_PAD_SAME, 2, 1, 0, 0, 12 },
    { CW_PAD_CAUSAL, 1, 2, 0, 0, 24 },
    { CW_PAD_EXPLICIT, 3, 1, 2, 1, 9 },
    { CW_PAD_VALID, 1, 4, 0, 0, 16 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      cw_lab_settings settings = cw_lab_settings_default ();
      settings.padding = cases[i].padding;
      settings.stride = cases[i].stride;
      settings.dilation = cases[i].dilation;
      settings.pad_left = cases[i].left;
      settings.pad_right = cases[i].right;
      cw_lab_step_set_settings (step, &settings);
      const cw_lab_trace *trace = cw_lab_step_get_trace (step);
      g_assert_nonnull (trace);
      g_assert_cmpint (cw_lab_trace_out_length (trace), ==, cases[i].out_length);
      g_autofree char *formula = cw_lab_formula (&settings, 24, 3);
      g_assert_cmpstr (cw_lab_step_get_formula_text (step), ==, formula);
      /* The last position's line is the engine's. */
      cw_lab_step_set_position (step, 1000);
      g_assert_cmpint (cw_lab_step_get_position (step), ==, cases[i].out_length - 1);
      g_autofree char *line = cw_lab_trace_step_text (trace, cases[i].out_length - 1);
      g_assert_cmpstr (cw_lab_step_get_step_text (step), ==, line);
    }
  /* Padding zeros show in the table as "(pad)": causal, dilation 2 puts taps 0 and 1 of y[0] on zeros. */
  cw_lab_settings causal = cw_lab_settings_default ();
  causal.padding = CW_PAD_CAUSAL;
  causal.dilation = 2;
  cw_lab_step_set_settings (step, &causal);
  cw_lab_step_set_position (step, 0);
  g_assert_cmpstr (cw_lab_step_get_table_text (step, 1, 1), ==, "-4 (pad)");
  g_assert_cmpstr (cw_lab_step_get_table_text (step, 1, 3), ==, "0");

  /* An impossible geometry: no trace, the engine's reason shown. */
  cw_lab_settings impossible = cw_lab_settings_default ();
  impossible.dilation = 16;
  cw_lab_step_set_settings (step, &impossible);
  g_assert_null (cw_lab_step_get_trace (step));
  g_assert_cmpstr (cw_lab_step_get_error_text (step), !=, "");
  g_assert_cmpstr (cw_lab_step_get_step_text (step), ==, "");

  /* Two channels and a 2 x 2 kernel: both channels' rows, their sums added. */
  cw_lab_step_set_settings (step, &(cw_lab_settings) { .stride = 1, .dilation = 1, .padding = CW_PAD_VALID });
  const float two[8] = { 0, 3, 4, 5, 1, 1, 2, 2 };
  cw_lab_step_set_signal (step, two, 2, 4);
  const float kernel2[4] = { 1, 2, 10, 0 };
  cw_lab_step_set_kernel (step, kernel2, 2, 2);
  cw_lab_step_set_position (step, 1);
  g_assert_cmpstr (cw_lab_step_get_step_text (step), ==, "y[1] = (1*3 + 2*4) + (10*1 + 0*2) = 21");
  g_assert_cmpstr (cw_lab_step_get_table_text (step, 4, 3), ==, "= 11");
  g_assert_cmpstr (cw_lab_step_get_table_text (step, 7, 3), ==, "= 10");
  g_assert_cmpstr (cw_lab_step_get_table_text (step, 5, 0), ==, "ch 2 input x[i]");
  g_assert_true (gtk_widget_get_visible (cw_lab_step_get_widget (step, "input2")));

  /* Drawing on channel 1 from (0, 1) to (3, 1) sets every value in between. */
  cw_lab_step_draw_stroke (step, 0, 0.0, 1.0, 3.0, 1.0);
  const float *signal = cw_lab_step_get_signal (step, &channels, NULL);
  g_assert_cmpint (channels, ==, 2);
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat (signal[i], ==, 1.0f);
  g_assert_cmpfloat (signal[4], ==, 1.0f); /* channel 2 untouched */
  g_assert_cmpstr (cw_lab_step_get_step_text (step), ==, "y[1] = (1*1 + 2*1) + (10*1 + 0*2) = 13");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
position_reached (gpointer data)
{
  return cw_lab_step_get_position (CW_LAB_STEP (data)) >= 3;
}

static void
test_step_play (void)
{
  g_autoptr (CwProject) project = cw_project_new ();
  CwLabStep *step = CW_LAB_STEP (cw_lab_step_new (project));
  GtkWidget *window = show_in_window (GTK_WIDGET (step), PAGE_WIDTH, PAGE_HEIGHT);
  cw_lab_step_set_builtin (step, CW_LAB_SIGNAL_RAMP, 12);
  cw_lab_step_set_position (step, 0);
  cw_lab_step_set_playing (step, TRUE);
  g_assert_true (cw_lab_step_get_playing (step));
  /* ~8 steps a second: position 3 within a few seconds. */
  g_assert_true (wait_for (position_reached, step, 5.0));
  cw_lab_step_set_playing (step, FALSE);
  int stopped_at = cw_lab_step_get_position (step);
  spin_ms (400);
  g_assert_cmpint (cw_lab_step_get_position (step), ==, stopped_at);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- kernel recovery ---- */

typedef struct
{
  gboolean finished, cancelled;
} Finished;

static void
on_finished (CwLabRecover *recover, gboolean cancelled, Finished *state)
{
  state->finished = TRUE;
  state->cancelled = cancelled;
}

static gboolean
is_finished (gpointer data)
{
  return ((Finished *) data)->finished;
}

static void
test_recover_presets (void)
{
  CwLabRecover *recover = CW_LAB_RECOVER (cw_lab_recover_new ());
  GtkWidget *window = show_in_window (GTK_WIDGET (recover), PAGE_WIDTH, PAGE_HEIGHT);
  cw_lab_recover_set_animate (recover, FALSE);
  Finished state = { 0 };
  g_signal_connect (recover, "finished", G_CALLBACK (on_finished), &state);
  for (int p = 0; p < CW_RECOVERY_N_PRESETS; p++)
    {
      const cw_recovery_example *ex = cw_recovery_preset_get (p);
      cw_lab_recover_load_preset (recover, p);
      state.finished = FALSE;
      cw_lab_recover_start (recover);
      g_assert_true (cw_lab_recover_is_running (recover));
      g_assert_true (wait_for (is_finished, &state, 60.0));
      g_assert_false (state.cancelled);
      g_assert_false (cw_lab_recover_is_running (recover));
      g_assert_cmpint (cw_lab_recover_get_epoch (recover), ==, ex->epochs);
      int n_weights = 0, n_truth = 0;
      const float *kernel = cw_lab_recover_get_kernel (recover, &n_weights);
      const float *truth = cw_lab_recover_get_truth (recover, &n_truth);
      g_assert_cmpint (n_weights, ==, ex->filters * ex->channels * ex->kernel);
      g_assert_cmpint (n_truth, ==, n_weights);
      for (int i = 0; i < n_weights; i++)
        {
          g_assert_cmpfloat (truth[i], ==, ex->hidden[i]);
          g_assert_cmpfloat_with_epsilon (kernel[i], ex->hidden[i], 0.05);
        }
      g_assert_nonnull (strstr (cw_lab_recover_get_status_text (recover), "(found)"));
      g_printerr ("# %s: loss %.4g after %d epochs\n", ex->name, cw_lab_recover_get_loss (recover), ex->epochs);
    }
  /* The single example: 3 equations, 2 unknowns. */
  cw_lab_recover_load_preset (recover, CW_RECOVERY_SINGLE);
  g_assert_cmpint (cw_lab_recover_get_determination (recover), ==, CW_OVER_DETERMINED);
  g_assert_nonnull (strstr (cw_lab_recover_get_system_text (recover), "3 equations"));
  g_assert_nonnull (strstr (cw_lab_recover_get_system_text (recover), "2 unknowns"));
  g_assert_nonnull (strstr (cw_lab_recover_get_system_text (recover), "over-determined"));

  /* Stop ends a paced run early, reported as cancelled. */
  cw_lab_recover_set_animate (recover, TRUE);
  state.finished = FALSE;
  cw_lab_recover_start (recover);
  spin_ms (300);
  g_assert_true (cw_lab_recover_is_running (recover));
  int epoch = cw_lab_recover_get_epoch (recover);
  g_assert_cmpint (epoch, >, 0);
  g_assert_cmpint (epoch, <, 2000);
  cw_lab_recover_stop (recover);
  g_assert_true (wait_for (is_finished, &state, 5.0));
  g_assert_true (state.cancelled);
  g_assert_cmpint (cw_lab_recover_get_epoch (recover), <, 2000);

  /* Destroying the page while a run goes on is safe: the worker is detached and ends by itself. */
  cw_lab_recover_start (recover);
  spin_ms (100);
  g_assert_true (cw_lab_recover_is_running (recover));
  gtk_window_destroy (GTK_WINDOW (window));
  spin_ms (200);
}

static void
test_recover_underdetermined (void)
{
  CwLabRecover *recover = CW_LAB_RECOVER (cw_lab_recover_new ());
  GtkWidget *window = show_in_window (GTK_WIDGET (recover), PAGE_WIDTH, PAGE_HEIGHT);
  cw_lab_recover_set_animate (recover, FALSE);
  Finished state = { 0 };
  g_signal_connect (recover, "finished", G_CALLBACK (on_finished), &state);

  /* 12 random inputs, kernel of 3: 10 equations, 3 unknowns. */
  const float hidden[3] = { 1.0f, -2.0f, 0.5f };
  cw_lab_recover_set_generated (recover, 12, hidden, 3, 0.0);
  g_assert_cmpint (cw_lab_recover_get_determination (recover), ==, CW_OVER_DETERMINED);
  g_assert_nonnull (strstr (cw_lab_recover_get_system_text (recover), "10 equations"));

  /* Shortened to 4 points: 2 equations for 3 unknowns. */
  cw_lab_recover_set_input_length (recover, 4);
  g_assert_cmpint (cw_lab_recover_get_determination (recover), ==, CW_UNDER_DETERMINED);
  const char *text = cw_lab_recover_get_system_text (recover);
  g_assert_nonnull (strstr (text, "2 equations"));
  g_assert_nonnull (strstr (text, "3 unknowns"));
  g_assert_nonnull (strstr (text, "under-determined"));
  g_assert_nonnull (strstr (text, cw_determination_explanation (CW_UNDER_DETERMINED)));

  /* Several starting points: every one fits (loss near zero) but they end at different kernels. */
  state.finished = FALSE;
  cw_lab_recover_try_seeds (recover, 4);
  g_assert_true (wait_for (is_finished, &state, 60.0));
  g_assert_false (state.cancelled);
  g_assert_cmpint (cw_lab_recover_get_n_results (recover), ==, 4);
  double spread = 0.0;
  const float *first = cw_lab_recover_get_result (recover, 0, NULL);
  for (int i = 0; i < 4; i++)
    {
      double loss;
      const float *kernel = cw_lab_recover_get_result (recover, i, &loss);
      g_printerr ("# start %d: [%.3f, %.3f, %.3f] loss %.4g\n", i, kernel[0], kernel[1], kernel[2], loss);
      g_assert_cmpfloat (loss, <, 0.05);
      for (int w = 0; w < 3; w++)
        spread = MAX (spread, fabs (kernel[w] - first[w]));
    }
  g_assert_cmpfloat (spread, >, 0.1);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- generator ---- */

static gboolean
dialog_idle (gpointer data)
{
  return !cw_generator_dialog_is_busy (CW_GENERATOR_DIALOG (data));
}

/* Rows of the project's target equal to class `name`. */
static int
count_class (CwProject *project, const char *name)
{
  const cw_dataset *ds = cw_project_get_dataset (project);
  int target = cw_project_get_target (project);
  const float *values = cw_dataset_target_values (ds, target);
  int count = 0;
  for (int i = 0; i < cw_dataset_n_samples (ds); i++)
    count += g_strcmp0 (cw_dataset_class_name (ds, target, (int) values[i]), name) == 0;
  return count;
}

static void
count_signal (int *count)
{
  (*count)++;
}

static void
test_generator (void)
{
  g_autoptr (CwProject) project = new_gasoline_project ();
  int data_changed = 0;
  g_signal_connect_swapped (project, "data-changed", G_CALLBACK (count_signal), &data_changed);

  /* Normal PDF: 120 rows, a quarter of them normal. */
  CwGeneratorDialog *dialog = cw_generator_dialog_new (NULL, project);
  g_object_ref (dialog);
  cw_generator_config config = cw_generator_config_default (CW_GEN_NORMAL_PDF);
  config.n = 120;
  config.length = 64;
  config.balance = 0.25;
  config.seed = 3;
  cw_generator_dialog_set_config (dialog, &config);
  cw_generator_config back;
  cw_generator_dialog_get_config (dialog, &back);
  g_assert_cmpint (back.kind, ==, CW_GEN_NORMAL_PDF);
  g_assert_cmpint (back.n, ==, 120);
  g_assert_cmpint (back.length, ==, 64);
  g_assert_cmpfloat (back.balance, ==, 0.25);
  g_assert_cmpuint (back.shapes, ==, (1u << CW_PDF_N_SHAPES) - 1);
  g_assert_cmpstr (cw_generator_dialog_get_counts_text (dialog), ==,
                   "normal 30 · not-normal 90 (bimodal 18 · skewed 18 · uniform 18 · laplace 18 · triangular 18)");
  gtk_window_present (GTK_WINDOW (dialog));
  cw_generator_dialog_generate (dialog);
  g_assert_true (wait_for (dialog_idle, dialog, 10.0));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog))); /* closed */
  g_object_unref (dialog);
  const cw_dataset *ds = cw_project_get_dataset (project);
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 120);
  g_assert_cmpint (cw_dataset_length (ds), ==, 64);
  g_assert_cmpint (cw_project_get_task (project), ==, CW_TASK_BINARY);
  g_assert_cmpint (count_class (project, "normal"), ==, 30);
  g_assert_cmpint (count_class (project, "not-normal"), ==, 90);
  g_assert_cmpint (data_changed, >=, 1);
  /* Immediately trainable: the default architecture fits the new data. */
  g_autofree char *why = NULL;
  g_assert_true (cw_project_check_spec (project, &why, NULL));

  /* ECG: 90 beats, half normal, the rest over three of the abnormal kinds. */
  dialog = cw_generator_dialog_new (NULL, project);
  g_object_ref (dialog);
  config = cw_generator_config_default (CW_GEN_ECG);
  config.n = 90;
  config.abnormalities = (1u << CW_ECG_WIDE_QRS) | (1u << CW_ECG_INVERTED_T) | (1u << CW_ECG_ST_ELEVATION);
  cw_generator_dialog_set_config (dialog, &config);
  g_assert_cmpstr (cw_generator_dialog_get_counts_text (dialog), ==,
                   "normal 45 · wide-qrs 15 · inverted-t 15 · st-elevation 15");
  cw_generator_dialog_generate (dialog);
  g_assert_true (wait_for (dialog_idle, dialog, 10.0));
  g_object_unref (dialog);
  ds = cw_project_get_dataset (project);
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 90);
  g_assert_cmpint (cw_project_get_task (project), ==, CW_TASK_MULTICLASS);
  g_assert_cmpint (count_class (project, "normal"), ==, 45);
  g_assert_cmpint (count_class (project, "wide-qrs"), ==, 15);
  g_assert_cmpint (count_class (project, "missing-p"), ==, 0);

  /* Spectra: regression on the middle peak's height. */
  dialog = cw_generator_dialog_new (NULL, project);
  g_object_ref (dialog);
  config = cw_generator_config_default (CW_GEN_SPECTRA);
  config.n = 40;
  cw_generator_dialog_set_config (dialog, &config);
  cw_generator_dialog_get_config (dialog, &back);
  g_assert_cmpfloat (back.target_weights[1], ==, 1.0);
  g_assert_cmpfloat (back.target_weights[0], ==, 0.0);
  cw_generator_dialog_generate (dialog);
  g_assert_true (wait_for (dialog_idle, dialog, 10.0));
  g_object_unref (dialog);
  ds = cw_project_get_dataset (project);
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 40);
  g_assert_cmpint (cw_project_get_task (project), ==, CW_TASK_REGRESSION);
  g_assert_cmpstr (cw_dataset_target_name (ds, cw_project_get_target (project)), ==, "peak2_height");

  /* A large one runs on the worker; the project switches when it returns. */
  dialog = cw_generator_dialog_new (NULL, project);
  g_object_ref (dialog);
  config = cw_generator_config_default (CW_GEN_NORMAL_PDF);
  config.n = 20000;
  config.length = 128;
  cw_generator_dialog_set_config (dialog, &config);
  cw_generator_dialog_generate (dialog);
  g_assert_true (cw_generator_dialog_is_busy (dialog));
  g_assert_true (wait_for (dialog_idle, dialog, 60.0));
  g_object_unref (dialog);
  ds = cw_project_get_dataset (project);
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 20000);
  g_assert_cmpint (count_class (project, "normal"), ==, 10000);

  /* A bad configuration stays open and says why. */
  dialog = cw_generator_dialog_new (NULL, project);
  g_object_ref (dialog);
  config = cw_generator_config_default (CW_GEN_NORMAL_PDF);
  config.x_min = 2;
  config.x_max = -2;
  cw_generator_dialog_set_config (dialog, &config);
  gtk_window_present (GTK_WINDOW (dialog));
  cw_generator_dialog_generate (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpint (cw_dataset_n_samples (cw_project_get_dataset (project)), ==, 20000);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

/* ---- screenshots ---- */

static gboolean
recover_idle (gpointer data)
{
  return !cw_lab_recover_is_running (CW_LAB_RECOVER (data));
}

static void
test_screenshots (void)
{
  g_autoptr (CwProject) project = new_gasoline_project ();
  GtkWidget *view = cw_lab_view_new (project);
  GtkWidget *window = show_in_window (view, PAGE_WIDTH, PAGE_HEIGHT);

  /* Step-through: Gaussian peaks smoothed by a Gaussian kernel, "same" padding, halfway along. */
  CwLabStep *step = CW_LAB_STEP (cw_lab_view_get_step (CW_LAB_VIEW (view)));
  cw_lab_step_set_builtin (step, CW_LAB_SIGNAL_NOISY_SINE, 32);
  cw_lab_step_set_kernel_preset (step, CW_LAB_KERNEL_EDGE);
  cw_lab_settings settings = cw_lab_settings_default ();
  settings.padding = CW_PAD_SAME;
  cw_lab_step_set_settings (step, &settings);
  cw_lab_step_set_position (step, 13);
  for (int dark = 0; dark <= 1; dark++)
    {
      set_dark (dark);
      g_autoptr (GdkTexture) shot = render (window);
      if (!dark)
        save_png (shot, "/tmp/lab-step.png");
      save_screenshot (shot, dark ? "lab-step-dark.png" : "lab-step.png");
    }

  /* Two channels: a sample of the data and a drawn-over ramp, Savitzky–Golay on both. */
  cw_lab_step_set_kernel_preset (step, CW_LAB_KERNEL_SAVGOL);
  const float two[2 * 40] = { 0 };
  cw_lab_step_set_signal (step, two, 2, 40);
  cw_lab_step_set_builtin (step, CW_LAB_SIGNAL_PEAKS, 40);
  cw_lab_step_draw_stroke (step, 1, 0.0, -0.5, 39.0, 0.8);
  cw_lab_step_set_kernel_preset (step, CW_LAB_KERNEL_SAVGOL);
  cw_lab_step_set_position (step, 20);
  set_dark (FALSE);
  g_autoptr (GdkTexture) two_channels = render (window);
  save_screenshot (two_channels, "lab-step-two-channels.png");

  /* Recovery: the two-channel example, run to the end. */
  cw_lab_view_show_panel (CW_LAB_VIEW (view), "recover");
  CwLabRecover *recover = CW_LAB_RECOVER (cw_lab_view_get_recover (CW_LAB_VIEW (view)));
  cw_lab_recover_set_animate (recover, FALSE);
  cw_lab_recover_load_preset (recover, CW_RECOVERY_TWO_CHANNELS);
  cw_lab_recover_start (recover);
  g_assert_true (wait_for (recover_idle, recover, 60.0));
  spin_ms (100);
  for (int dark = 0; dark <= 1; dark++)
    {
      set_dark (dark);
      g_autoptr (GdkTexture) shot = render (window);
      if (!dark)
        save_png (shot, "/tmp/lab-recover.png");
      save_screenshot (shot, dark ? "lab-recover-dark.png" : "lab-recover.png");
    }

  /* Several starting points on a short input. */
  const float hidden[3] = { 1.0f, -2.0f, 0.5f };
  cw_lab_recover_set_generated (recover, 4, hidden, 3, 0.0);
  cw_lab_recover_try_seeds (recover, 5);
  g_assert_true (wait_for (recover_idle, recover, 60.0));
  set_dark (FALSE);
  g_autoptr (GdkTexture) seeds = render (window);
  save_screenshot (seeds, "lab-recover-seeds.png");
  gtk_window_destroy (GTK_WINDOW (window));

  /* The generator dialog. */
  CwGeneratorDialog *dialog = cw_generator_dialog_new (NULL, project);
  gtk_window_set_default_size (GTK_WINDOW (dialog), PAGE_WIDTH, PAGE_HEIGHT);
  gtk_window_present (GTK_WINDOW (dialog));
  spin_ms (300);
  for (int dark = 0; dark <= 1; dark++)
    {
      set_dark (dark);
      g_autoptr (GdkTexture) shot = render (GTK_WIDGET (dialog));
      if (!dark)
        save_png (shot, "/tmp/generator.png");
      save_screenshot (shot, dark ? "generator-dark.png" : "generator.png");
    }
  cw_generator_config config = cw_generator_config_default (CW_GEN_SPECTRA);
  cw_generator_dialog_set_config (dialog, &config);
  cw_generator_dialog_get_counts_text (dialog);
  set_dark (FALSE);
  g_autoptr (GdkTexture) spectra = render (GTK_WIDGET (dialog));
  save_screenshot (spectra, "generator-spectra.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
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
  g_test_add_func ("/lab/step/arithmetic", test_step_arithmetic);
  g_test_add_func ("/lab/step/geometry", test_step_geometry);
  g_test_add_func ("/lab/step/play", test_step_play);
  g_test_add_func ("/lab/recover/presets", test_recover_presets);
  g_test_add_func ("/lab/recover/underdetermined", test_recover_underdetermined);
  g_test_add_func ("/lab/generator", test_generator);
  g_test_add_func ("/lab/screenshots", test_screenshots);
  return g_test_run ();
}
