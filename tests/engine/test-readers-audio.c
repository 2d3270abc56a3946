/* test-readers-audio.c — audio through libsndfile: a 16-bit stereo WAV and a FLAC of known sines read back
 * to the PCM quantisation on a time axis; a folder of clips in two sub-folders (classes from the names,
 * lengths equalised, a 22050 Hz clip resampled into a 44100 Hz set keeping its sine's frequency and
 * amplitude); the audio_length option; targets keyed by clip path; a corrupt file naming itself.
 * The fixtures are written here with libsndfile's writer so no binary file sits in the tree. */
#include "cw-data.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sndfile.h>
#include <string.h>

#define QUANTUM (1.0 / 32768)

typedef double (*wave_fn) (int channel, double t);

static double
wave_stereo (int channel, double t)
{
  return channel == 0 ? 0.5 * sin (2 * M_PI * 440 * t) : 0.25 * cos (2 * M_PI * 1000 * t);
}

static double
wave_500 (int channel, double t)
{
  (void) channel;
  return 0.6 * sin (2 * M_PI * 500 * t);
}

/* Writes `frames` frames of fn at `rate` as 16-bit PCM in `format` (SF_FORMAT_WAV, SF_FORMAT_FLAC). The
 * integers are rounded here (v * 32768) rather than by libsndfile's double writer, which scales by 32767
 * while its reader divides by 32768: the file then holds the nearest 16-bit value, and a reader is right
 * when it gives it back within half a quantum. */
static void
write_clip (const char *path, int format, int channels, int rate, int frames, wave_fn fn)
{
  SF_INFO info = { .samplerate = rate, .channels = channels, .format = format | SF_FORMAT_PCM_16 };
  SNDFILE *f = sf_open (path, SFM_WRITE, &info);
  g_assert_nonnull (f);
  short *v = g_new (short, (gsize) frames * channels);
  for (int t = 0; t < frames; t++)
    for (int ch = 0; ch < channels; ch++)
      v[(gsize) t * channels + ch] = (short) CLAMP (lrint (fn (ch, (double) t / rate) * 32768), -32768, 32767);
  g_assert_cmpint (sf_writef_short (f, v, frames), ==, frames);
  g_free (v);
  g_assert_cmpint (sf_close (f), ==, 0);
}

static void
remove_tree (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *entry;
  while (d && (entry = g_dir_read_name (d)))
    {
      char *path = g_build_filename (dir, entry, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_remove (path);
      g_free (path);
    }
  if (d)
    g_dir_close (d);
  g_rmdir (dir);
}

static void
check_clip (const cw_dataset *ds, int channels, int rate, int frames, wave_fn fn)
{
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 1);
  g_assert_cmpint (cw_dataset_n_channels (ds), ==, channels);
  g_assert_cmpint (cw_dataset_length (ds), ==, frames);
  g_assert_cmpstr (cw_dataset_axis_unit (ds), ==, "Time (s)");
  const double *axis = cw_dataset_axis (ds);
  g_assert_cmpfloat_with_epsilon (axis[frames - 1], (double) (frames - 1) / rate, 1e-12);
  const double *x = cw_dataset_signals_f64 (ds);
  for (int ch = 0; ch < channels; ch++)
    for (int t = 0; t < frames; t++)
      g_assert_cmpfloat_with_epsilon (x[(gsize) ch * frames + t], fn (ch, (double) t / rate), QUANTUM / 2);
}

static void
test_wav_stereo (void)
{
  char *dir = g_dir_make_tmp ("cw-audio-XXXXXX", NULL);
  char *path = g_build_filename (dir, "two.wav", NULL);
  write_clip (path, SF_FORMAT_WAV, 2, 8000, 1000, wave_stereo);
  cw_error err;
  cw_dataset *ds = cw_dataset_load (path, NULL, &err);
  g_assert_nonnull (ds);
  check_clip (ds, 2, 8000, 1000, wave_stereo);
  cw_dataset_free (ds);
  /* The bytes alone are recognised by their magic. */
  char *bytes;
  gsize size;
  g_assert_true (g_file_get_contents (path, &bytes, &size, NULL));
  g_assert_cmpint (cw_file_format_detect (bytes, size, "noname"), ==, CW_FORMAT_AUDIO);
  g_free (bytes);
  /* The public reader gives the interleaved values. */
  double *v, rate;
  int64_t frames;
  int channels;
  g_assert_cmpint (cw_audio_read (path, &v, &frames, &channels, &rate, &err), ==, CW_OK);
  g_assert_cmpint (frames, ==, 1000);
  g_assert_cmpint (channels, ==, 2);
  g_assert_cmpfloat (rate, ==, 8000);
  g_assert_cmpfloat_with_epsilon (v[2 * 10 + 1], wave_stereo (1, 10 / 8000.0), QUANTUM);
  free (v);
  remove_tree (dir);
  g_free (path);
  g_free (dir);
}

static void
test_flac (void)
{
  char *dir = g_dir_make_tmp ("cw-audio-XXXXXX", NULL);
  char *path = g_build_filename (dir, "one.flac", NULL);
  write_clip (path, SF_FORMAT_FLAC, 1, 22050, 2000, wave_500);
  cw_error err;
  cw_dataset *ds = cw_dataset_load (path, NULL, &err);
  g_assert_nonnull (ds);
  check_clip (ds, 1, 22050, 2000, wave_500);
  cw_dataset_free (ds);
  remove_tree (dir);
  g_free (path);
  g_free (dir);
}

/* dog/a.wav (44100 Hz, 4410 frames), dog/b.wav (5000), cat/c.wav (22050 Hz, 3000 -> 5999 at 44100),
 * cat/d.flac (44100 Hz, 6000). */
static char *
make_folder (void)
{
  char *dir = g_dir_make_tmp ("cw-audio-XXXXXX", NULL);
  static const struct { const char *name; int format, rate, frames; } clips[] = {
    { "dog/a.wav", SF_FORMAT_WAV, 44100, 4410 },
    { "dog/b.wav", SF_FORMAT_WAV, 44100, 5000 },
    { "cat/c.wav", SF_FORMAT_WAV, 22050, 3000 },
    { "cat/d.flac", SF_FORMAT_FLAC, 44100, 6000 },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (clips); i++)
    {
      char *path = g_build_filename (dir, clips[i].name, NULL);
      char *parent = g_path_get_dirname (path);
      g_mkdir_with_parents (parent, 0700);
      write_clip (path, clips[i].format, 1, clips[i].rate, clips[i].frames, wave_500);
      g_free (parent);
      g_free (path);
    }
  return dir;
}

static void
test_folder_classes (void)
{
  char *dir = make_folder ();
  cw_error err;
  cw_dataset *ds = cw_dataset_load (dir, NULL, &err);
  if (!ds)
    g_error ("%s", err.message);
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 4);
  g_assert_cmpint (cw_dataset_n_channels (ds), ==, 1);
  g_assert_cmpint (cw_dataset_length (ds), ==, 4410); /* the shortest clip */
  g_assert_cmpstr (cw_dataset_axis_unit (ds), ==, "Time (s)");
  g_assert_cmpfloat_with_epsilon (cw_dataset_axis (ds)[4409], 4409 / 44100.0, 1e-12);
  /* Clips in path order: cat/c.wav, cat/d.flac, dog/a.wav, dog/b.wav. */
  int file = cw_dataset_find_meta (ds, "file");
  g_assert_cmpint (file, >=, 0);
  g_assert_cmpstr (cw_dataset_meta_value (ds, 0, file), ==, "cat/c.wav");
  g_assert_cmpstr (cw_dataset_meta_value (ds, 3, file), ==, "dog/b.wav");
  int label = cw_dataset_find_target (ds, "label");
  g_assert_cmpint (label, >=, 0);
  g_assert_true (cw_dataset_target_is_categorical (ds, label));
  g_assert_cmpint (cw_dataset_n_classes (ds, label), ==, 2);
  const float *y = cw_dataset_target_values (ds, label);
  g_assert_cmpstr (cw_dataset_class_name (ds, label, (int) y[0]), ==, "cat");
  g_assert_cmpstr (cw_dataset_class_name (ds, label, (int) y[1]), ==, "cat");
  g_assert_cmpstr (cw_dataset_class_name (ds, label, (int) y[2]), ==, "dog");
  g_assert_cmpstr (cw_dataset_class_name (ds, label, (int) y[3]), ==, "dog");
  /* The 22050 Hz clip at 44100 Hz: the same 500 Hz sine of amplitude 0.6, to linear interpolation's error
   * (0.6 (2 pi 500 / 22050)^2 / 8 ~ 0.0015) plus the quantisation. Its peak and its zero crossings (one
   * per 1 ms half period) check amplitude and frequency on their own. */
  const double *x = cw_dataset_signals_f64 (ds);
  double peak = 0;
  int crossings = 0;
  for (int t = 0; t < 4410; t++)
    {
      g_assert_cmpfloat_with_epsilon (x[t], wave_500 (0, t / 44100.0), 0.002 + QUANTUM);
      peak = fmax (peak, fabs (x[t]));
      if (t > 0 && (x[t - 1] < 0) != (x[t] < 0))
        crossings++;
    }
  g_assert_cmpfloat_with_epsilon (peak, 0.6, 0.003);
  g_assert_cmpint (crossings, >=, 98); /* 0.1 s of 500 Hz: 100 half periods */
  g_assert_cmpint (crossings, <=, 100);
  const char *note = cw_dataset_note (ds);
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "resampled"));
  g_assert_nonnull (strstr (note, "44100 Hz"));
  g_assert_nonnull (strstr (note, "3 cropped"));
  cw_dataset_free (ds);

  /* A fixed length: the shorter clips are zero-padded at the end. */
  cw_load_options options = { .audio_length = 5500 };
  ds = cw_dataset_load (dir, &options, &err);
  g_assert_nonnull (ds);
  g_assert_cmpint (cw_dataset_length (ds), ==, 5500);
  x = cw_dataset_signals_f64 (ds);
  g_assert_cmpfloat (x[2 * 5500 + 4409], !=, 0);  /* dog/a.wav's last frame */
  g_assert_cmpfloat (x[2 * 5500 + 4410], ==, 0);  /* then padding */
  g_assert_nonnull (strstr (cw_dataset_note (ds), "2 zero-padded"));
  cw_dataset_free (ds);
  remove_tree (dir);
  g_free (dir);
}

static void
test_folder_keyed_csv (void)
{
  char *dir = make_folder ();
  char *csv = g_build_filename (dir, "targets.csv", NULL);
  g_assert_true (g_file_set_contents (csv, "file,weight\ndog/b.wav,2.5\ncat/c,1\ndog/a.wav,3\ncat/d.flac,4\n", -1,
                                      NULL));
  cw_error err;
  cw_dataset *ds = cw_dataset_load (dir, NULL, &err);
  if (!ds)
    g_error ("%s", err.message);
  g_assert_cmpint (cw_dataset_find_target (ds, "label"), ==, -1); /* the CSV wins over folder names */
  int w = cw_dataset_find_target (ds, "weight");
  g_assert_cmpint (w, >=, 0);
  const float *y = cw_dataset_target_values (ds, w);
  g_assert_cmpfloat (y[0], ==, 1);
  g_assert_cmpfloat (y[1], ==, 4);
  g_assert_cmpfloat (y[2], ==, 3);
  g_assert_cmpfloat (y[3], ==, 2.5);
  cw_dataset_free (ds);
  remove_tree (dir);
  g_free (csv);
  g_free (dir);
}

static void
test_corrupt (void)
{
  char *dir = g_dir_make_tmp ("cw-audio-XXXXXX", NULL);
  char *path = g_build_filename (dir, "broken.wav", NULL);
  /* RIFF/WAVE magic and then nonsense: libsndfile refuses it, and the message names the file. */
  g_assert_true (g_file_set_contents (path, "RIFF\x24\x00\x00\x00WAVEjunkjunkjunkjunkjunk", 28, NULL));
  cw_error err;
  g_assert_null (cw_dataset_load (path, NULL, &err));
  g_assert_nonnull (strstr (err.message, "broken.wav"));
  /* A folder with it names the clip too. */
  char *sub = g_build_filename (dir, "dog", NULL);
  g_mkdir (sub, 0700);
  char *good = g_build_filename (sub, "ok.wav", NULL);
  write_clip (good, SF_FORMAT_WAV, 1, 8000, 100, wave_500);
  g_assert_null (cw_dataset_load (dir, NULL, &err));
  g_assert_nonnull (strstr (err.message, "broken.wav"));
  /* An empty folder says what it looked for. */
  char *empty = g_build_filename (dir, "empty", NULL);
  g_mkdir (empty, 0700);
  g_assert_null (cw_dataset_load (empty, NULL, &err));
  g_assert_nonnull (strstr (err.message, ".wav"));
  remove_tree (dir);
  g_free (empty);
  g_free (good);
  g_free (sub);
  g_free (path);
  g_free (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/readers/audio/wav-stereo", test_wav_stereo);
  g_test_add_func ("/readers/audio/flac", test_flac);
  g_test_add_func ("/readers/audio/folder-classes", test_folder_classes);
  g_test_add_func ("/readers/audio/folder-keyed-csv", test_folder_keyed_csv);
  g_test_add_func ("/readers/audio/corrupt", test_corrupt);
  return g_test_run ();
}
