/* test-series.c — long recordings: the reader on a generated recording written to a file (values, time,
 * rate), the recording-or-wide detector, window counts floor((n - len) / hop) + 1, the peak detector
 * against the generator's true beats (precision and recall >= 0.98 within 5 samples), windows aligned on
 * peaks with their labels from the annotations and from a label column, and errors that name line and
 * column. */
#include "cw.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  cw_series *series;
  cw_annotations *beats;
  char *dir, *path;
} recording;

static void
recording_make (recording *r, double seconds, uint64_t seed)
{
  cw_ecg_recording_config c = cw_ecg_recording_config_default ();
  c.seconds = seconds;
  c.seed = seed;
  cw_error err;
  r->series = cw_series_generate_ecg (&c, &r->beats, &err);
  if (!r->series)
    g_printerr ("%s\n", err.message);
  g_assert_nonnull (r->series);
  r->dir = g_dir_make_tmp ("test-series-XXXXXX", NULL);
  g_assert_nonnull (r->dir);
  r->path = g_build_filename (r->dir, "rec.csv", NULL);
  g_assert_cmpint (cw_series_save_csv (r->series, r->path, &err), ==, CW_OK);
}

static void
recording_clear (recording *r)
{
  g_remove (r->path);
  g_rmdir (r->dir);
  g_free (r->path);
  g_free (r->dir);
  cw_series_free (r->series);
  cw_annotations_free (r->beats);
}

static cw_series *
parse (const char *text, cw_error *err)
{
  return cw_series_parse_csv (text, strlen (text), "rec.csv", NULL, err);
}

static void
test_read_generated (void)
{
  recording r;
  recording_make (&r, 300, 1);
  g_assert_cmpint (cw_series_length (r.series), ==, 108000);
  cw_error err;
  cw_series *s = cw_series_load_csv (r.path, NULL, &err);
  g_assert_nonnull (s);
  g_assert_cmpint (cw_series_length (s), ==, 108000);
  g_assert_cmpint (cw_series_n_signals (s), ==, 1);
  g_assert_cmpstr (cw_series_signal_name (s, 0), ==, "mv");
  g_assert_cmpstr (cw_series_time_name (s), ==, "time");
  g_assert_cmpfloat_with_epsilon (cw_series_rate (s), 360, 1e-4);
  g_assert_cmpfloat_with_epsilon (cw_series_time (s)[36000], 100, 1e-6);
  /* Written with 7 significant digits. */
  for (int i = 0; i < 108000; i += 997)
    g_assert_cmpfloat (fabs (cw_series_signal (s, 0)[i] - cw_series_signal (r.series, 0)[i]), <=,
                       1e-6 * fmax (1, fabs (cw_series_signal (r.series, 0)[i])));
  /* ~72 beats a minute, about 15 % of them ventricular. */
  g_assert_cmpint (r.beats->n, >=, 330);
  g_assert_cmpint (r.beats->n, <=, 390);
  int v = 0;
  for (int k = 0; k < r.beats->n; k++)
    v += strcmp (r.beats->label[k], "V") == 0;
  g_assert_cmpfloat ((double) v / r.beats->n, >, 0.07);
  g_assert_cmpfloat ((double) v / r.beats->n, <, 0.2);

  gchar *text;
  gsize size;
  g_assert_true (g_file_get_contents (r.path, &text, &size, NULL));
  g_assert_true (cw_series_looks_like_recording (text, size));
  /* The first MiB exactly, as the window reads it: the cut last line is not a ragged row. */
  g_assert_cmpuint (size, >, 1 << 20);
  g_assert_true (text[(1 << 20) - 1] != '\n');
  g_assert_true (cw_series_looks_like_recording (text, 1 << 20));
  g_free (text);
  cw_series_free (s);
  recording_clear (&r);
}

static void
test_detector (void)
{
  /* Wide data: many columns, or the wide format's prefixes. */
  GString *wide = g_string_new ("meta:id,target:y");
  for (int t = 0; t < 50; t++)
    g_string_append_printf (wide, ",%d", 900 + 2 * t);
  g_string_append_c (wide, '\n');
  for (int i = 0; i < 200; i++)
    {
      g_string_append_printf (wide, "%d,%d", i, i % 2);
      for (int t = 0; t < 50; t++)
        g_string_append (wide, ",0.5");
      g_string_append_c (wide, '\n');
    }
  g_assert_false (cw_series_looks_like_recording (wide->str, wide->len));
  g_string_free (wide, TRUE);

  /* A recording: time-named first column, or no header and an increasing first column. */
  GString *rec = g_string_new ("seconds\tecg\n");
  GString *bare = g_string_new ("");
  GString *shuffled = g_string_new ("x,y\n");
  for (int i = 0; i < 150; i++)
    {
      g_string_append_printf (rec, "%g\t%g\n", i / 100.0, sin (i));
      g_string_append_printf (bare, "%g,%g\n", i / 100.0, sin (i));
      g_string_append_printf (shuffled, "%g,%g\n", sin (i), cos (i));
    }
  g_assert_true (cw_series_looks_like_recording (rec->str, rec->len));
  g_assert_true (cw_series_looks_like_recording (bare->str, bare->len));
  /* Two columns of unordered numbers is a table, not a recording. */
  g_assert_false (cw_series_looks_like_recording (shuffled->str, shuffled->len));
  /* Too few rows. */
  g_assert_false (cw_series_looks_like_recording ("time,mv\n0,1\n1,2\n", 16));
  cw_error err;
  cw_series *s = cw_series_parse_csv (rec->str, rec->len, "rec.tsv", NULL, &err);
  g_assert_nonnull (s);
  g_assert_cmpfloat_with_epsilon (cw_series_rate (s), 100, 1e-9);
  g_assert_cmpstr (cw_series_signal_name (s, 0), ==, "ecg");
  cw_series_free (s);
  g_string_free (rec, TRUE);
  g_string_free (bare, TRUE);
  g_string_free (shuffled, TRUE);
}

static void
test_window_counts (void)
{
  double values[1000];
  for (int i = 0; i < 1000; i++)
    values[i] = i;
  cw_series *s = cw_series_new (1000, 1, values, NULL, NULL, 250, "counts");
  int lengths[] = { 2, 100, 250, 999, 1000 }, hops[] = { 1, 7, 50, 250, 1000 };
  for (size_t a = 0; a < G_N_ELEMENTS (lengths); a++)
    for (size_t b = 0; b < G_N_ELEMENTS (hops); b++)
      {
        cw_window_options o = { .length = lengths[a], .hop = hops[b] };
        long expected = (1000 - lengths[a]) / hops[b] + 1;
        g_assert_cmpint (cw_series_count_windows (s, &o), ==, expected);
        cw_error err;
        cw_dataset *ds = cw_series_window (s, &o, &err);
        g_assert_nonnull (ds);
        g_assert_cmpint (cw_dataset_n_samples (ds), ==, expected);
        g_assert_cmpint (cw_dataset_length (ds), ==, lengths[a]);
        /* Window w starts at w * hop: its first value is that sample. */
        int last = (int) expected - 1;
        g_assert_cmpfloat (cw_dataset_signals (ds)[(size_t) last * lengths[a]], ==, last * hops[b]);
        char window_number[16];
        g_snprintf (window_number, sizeof window_number, "%d", last + 1);
        g_assert_cmpstr (cw_dataset_meta_value (ds, last, cw_dataset_find_meta (ds, "window")), ==, window_number);
        const char *start = cw_dataset_meta_value (ds, last, cw_dataset_find_meta (ds, "start_time"));
        g_assert_cmpfloat_with_epsilon (g_ascii_strtod (start, NULL), last * hops[b] / 250.0, 1e-6);
        g_assert_cmpstr (cw_dataset_meta_value (ds, 0, cw_dataset_find_meta (ds, "record")), ==, "counts");
        g_assert_cmpint (cw_dataset_n_targets (ds), ==, 0);
        g_assert_cmpint (cw_dataset_find_meta (ds, "peak_time"), ==, -1);
        cw_dataset_free (ds);
      }
  cw_window_options bad = { .length = 1001, .hop = 1 };
  g_assert_cmpint (cw_series_count_windows (s, &bad), ==, -1);
  cw_error err;
  g_assert_null (cw_series_window (s, &bad, &err));
  g_assert_nonnull (strstr (err.message, "1001"));
  cw_series_free (s);
}

/* Precision and recall of found against the true beats, a match within `tolerance` samples. */
static void
score_peaks (const int *found, int n_found, const cw_annotations *beats, double rate, int tolerance,
             double *precision, double *recall)
{
  int matched = 0, k = 0;
  for (int b = 0; b < beats->n; b++)
    {
      long truth = lround (beats->time[b] * rate);
      while (k < n_found && found[k] < truth - tolerance)
        k++;
      if (k < n_found && labs (found[k] - truth) <= tolerance)
        {
          matched++;
          k++;
        }
    }
  *precision = n_found ? (double) matched / n_found : 0;
  *recall = (double) matched / beats->n;
}

static void
test_peaks_find_beats (void)
{
  for (uint64_t seed = 1; seed <= 3; seed++)
    {
      recording r;
      recording_make (&r, 300, seed);
      int *peaks = NULL;
      cw_error err;
      int n = cw_series_detect_peaks (cw_series_signal (r.series, 0), cw_series_length (r.series), 360, NULL, &peaks,
                                      &err);
      g_assert_cmpint (n, >, 0);
      double precision, recall;
      score_peaks (peaks, n, r.beats, 360, 5, &precision, &recall);
      g_test_message ("seed %d: %d beats, %d found, precision %.4f, recall %.4f", (int) seed, r.beats->n, n,
                      precision, recall);
      g_assert_cmpfloat (precision, >=, 0.98);
      g_assert_cmpfloat (recall, >=, 0.98);
      for (int k = 1; k < n; k++)
        g_assert_cmpint (peaks[k] - peaks[k - 1], >=, 72); /* the refractory period, 0.2 s */
      free (peaks);
      recording_clear (&r);
    }
  /* Inverted, the same beats are found (the polarity comes from the band-passed signal). */
  recording r;
  recording_make (&r, 60, 4);
  int n = cw_series_length (r.series);
  double *inverted = malloc (sizeof (double) * (size_t) n);
  g_assert_nonnull (inverted);
  for (int i = 0; i < n; i++)
    inverted[i] = -cw_series_signal (r.series, 0)[i];
  int *peaks = NULL;
  int found = cw_series_detect_peaks (inverted, n, 360, NULL, &peaks, NULL);
  double precision, recall;
  score_peaks (peaks, found, r.beats, 360, 5, &precision, &recall);
  g_assert_cmpfloat (precision, >=, 0.98);
  g_assert_cmpfloat (recall, >=, 0.98);
  free (peaks);
  free (inverted);
  recording_clear (&r);

  cw_error err;
  double short_signal[100] = { 0 };
  g_assert_cmpint (cw_series_detect_peaks (short_signal, 100, 360, NULL, &peaks, &err), ==, -1);
  g_assert_nonnull (strstr (err.message, "at least one second"));
}

static void
test_windows_on_peaks_with_annotations (void)
{
  recording r;
  recording_make (&r, 120, 5);
  int *peaks = NULL;
  int n_peaks = cw_series_detect_peaks (cw_series_signal (r.series, 0), cw_series_length (r.series), 360, NULL,
                                        &peaks, NULL);
  g_assert_cmpint (n_peaks, >, 100);
  cw_window_options o = { .length = 216, .peaks = peaks, .n_peaks = n_peaks, .before = 72,
                          .labels = CW_SERIES_LABELS_ANNOTATIONS, .annotations = r.beats, .record = "rec-5" };
  long count = cw_series_count_windows (r.series, &o);
  cw_error err;
  cw_dataset *ds = cw_series_window (r.series, &o, &err);
  g_assert_nonnull (ds);
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, count);
  /* Every detected peak is far enough from both ends here. */
  g_assert_cmpint (count, >=, n_peaks - 2);
  g_assert_cmpint (cw_dataset_length (ds), ==, 216);
  /* The axis is seconds from the peak. */
  g_assert_cmpfloat_with_epsilon (cw_dataset_axis (ds)[0], -0.2, 1e-12);
  g_assert_cmpfloat_with_epsilon (cw_dataset_axis (ds)[72], 0, 1e-12);
  int target = cw_dataset_find_target (ds, "label");
  g_assert_cmpint (target, ==, 0);
  g_assert_true (cw_dataset_target_is_categorical (ds, target));
  int peak_col = cw_dataset_find_meta (ds, "peak_time");
  g_assert_cmpint (peak_col, >=, 0);
  /* Each window's label is that of the true beat nearest to its peak. */
  int agree = 0;
  for (int w = 0; w < count; w++)
    {
      double peak_time = g_ascii_strtod (cw_dataset_meta_value (ds, w, peak_col), NULL);
      int nearest = 0;
      for (int b = 1; b < r.beats->n; b++)
        if (fabs (r.beats->time[b] - peak_time) < fabs (r.beats->time[nearest] - peak_time))
          nearest = b;
      int cls = (int) cw_dataset_target_values (ds, target)[w];
      agree += strcmp (cw_dataset_class_name (ds, target, cls), r.beats->label[nearest]) == 0;
      g_assert_cmpstr (cw_dataset_meta_value (ds, w, cw_dataset_find_meta (ds, "record")), ==, "rec-5");
      /* The signal at the window's peak column is the recording at the peak. */
      long sample = lround (peak_time * 360);
      g_assert_cmpfloat (fabs (cw_dataset_signals (ds)[(size_t) w * 216 + 72] - cw_series_signal (r.series, 0)[sample]),
                         <, 1e-5);
    }
  g_assert_cmpint (agree, ==, count);
  g_assert_cmpint (cw_dataset_n_classes (ds, target), ==, 2);
  cw_dataset_free (ds);
  free (peaks);
  recording_clear (&r);
}

static void
test_label_column (void)
{
  GString *text = g_string_new ("t,lead1,lead2,rhythm\n");
  for (int i = 0; i < 400; i++)
    g_string_append_printf (text, "%g,%g,%g,%s\n", i * 0.01, sin (i * 0.1), cos (i * 0.1),
                            i < 200 ? "sinus" : i < 300 ? "" : "afib");
  cw_error err;
  cw_series *s = cw_series_parse_csv (text->str, text->len, "rhythm.csv", NULL, &err);
  g_assert_nonnull (s);
  g_assert_cmpint (cw_series_n_signals (s), ==, 2);
  g_assert_cmpint (cw_series_n_label_columns (s), ==, 1);
  g_assert_cmpint (cw_series_find_signal (s, "LEAD2"), ==, 1);
  int rhythm = cw_series_find_label_column (s, "rhythm");
  g_assert_cmpint (rhythm, ==, 0);
  g_assert_null (cw_series_label (s, rhythm, 250));
  cw_window_options o = { .signal = 1, .length = 100, .hop = 50, .labels = CW_SERIES_LABELS_COLUMN,
                          .label_column = rhythm };
  cw_dataset *ds = cw_series_window (s, &o, &err);
  g_assert_nonnull (ds);
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 7);
  /* Centres at 50, 100, ..., 350: sinus up to 150, none at 250 (empty), afib from 300 on. */
  const char *expected[] = { "sinus", "sinus", "sinus", NULL, NULL, "afib", "afib" };
  /* Window 1 starts at row 50 of lead2 (written with 6 digits by %g). */
  g_assert_cmpfloat_with_epsilon (cw_dataset_signals (ds)[100], cos (50 * 0.1), 1e-6);
  for (int w = 0; w < 7; w++)
    {
      float y = cw_dataset_target_values (ds, 0)[w];
      if (!expected[w])
        {
          g_assert_true (isnan (y));
          continue;
        }
      g_assert_cmpstr (cw_dataset_class_name (ds, 0, (int) y), ==, expected[w]);
    }
  cw_dataset_free (ds);
  cw_series_free (s);
  g_string_free (text, TRUE);
}

static cw_annotations *
parse_annotations (const char *text, cw_error *err)
{
  return cw_annotations_parse_csv (text, strlen (text), "beats.csv", err);
}

static void
expect_error (const char *text, int line, int column, const char *words)
{
  cw_error err;
  cw_series *s = parse (text, &err);
  g_assert_null (s);
  g_test_message ("%s", err.message);
  g_assert_cmpint (err.line, ==, line);
  g_assert_cmpint (err.column, ==, column);
  g_assert_nonnull (strstr (err.message, "rec.csv"));
  g_assert_nonnull (strstr (err.message, words));
}

static void
test_errors (void)
{
  expect_error ("", 1, 0, "the file is empty");
  expect_error ("time,mv\n0,1\n0.1,2,3\n0.2,3\n", 3, 3, "line 3 has 3 fields, expected 2 like line 1");
  expect_error ("time,mv\n0,1\n0.1,2\n0.2,x1\n", 4, 2, "line 4, column 2 ('mv'): expected a number, found 'x1'");
  expect_error ("time,mv\n0,1\n0.1,\n0.2,3\n", 3, 2, "found an empty cell");
  expect_error ("time,mv\n0,1\n0.2,2\n0.1,3\n", 4, 1, "the time must increase");
  expect_error ("time,mv\n0,1\n", 3, 0, "at least two time points");
  cw_error err;
  cw_series_options o = { .time_column = "seconds" };
  const char *two_rows = "time,mv\n0,1\n1,2\n";
  g_assert_null (cw_series_parse_csv (two_rows, strlen (two_rows), "rec.csv", &o, &err));
  g_assert_nonnull (strstr (err.message, "no column named 'seconds' for the time; the columns are 'time', 'mv'"));

  cw_annotations *a = parse_annotations ("time,label\n0.5,N\n0.4,V\n", &err);
  g_assert_null (a);
  g_assert_cmpint (err.line, ==, 3);
  g_assert_nonnull (strstr (err.message, "ascending"));
  a = parse_annotations ("time,label\n0.5,N\nabc,V\n", &err);
  g_assert_null (a);
  g_assert_cmpint (err.line, ==, 3);
  g_assert_cmpint (err.column, ==, 1);
  g_assert_nonnull (strstr (err.message, "expected a time in seconds, found 'abc'"));
  a = parse_annotations ("sample,label\n180,N\n468,V\n", &err);
  g_assert_nonnull (a);
  g_assert_true (a->in_samples);
  g_assert_cmpint (a->n, ==, 2);
  g_assert_cmpstr (a->label[1], ==, "V");
  cw_annotations_free (a);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/series/read-generated", test_read_generated);
  g_test_add_func ("/series/detector", test_detector);
  g_test_add_func ("/series/window-counts", test_window_counts);
  g_test_add_func ("/series/peaks-find-beats", test_peaks_find_beats);
  g_test_add_func ("/series/windows-on-peaks-with-annotations", test_windows_on_peaks_with_annotations);
  g_test_add_func ("/series/label-column", test_label_column);
  g_test_add_func ("/series/errors", test_errors);
  return g_test_run ();
}
