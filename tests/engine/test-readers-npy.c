/* test-readers-npy.c — the .npy and .npz readers against files numpy itself writes at test time
 * (fixtures/npy/make_npy.py, run with Debian's python3 and python3-numpy): every dtype, byte order and
 * memory order to the same values; 3-D arrays as channels; .npz stored and deflated with targets (numbers,
 * text labels, two columns) and axes found by name; sibling target files; corrupt files failing with the
 * byte and the reason. */
#include "cw-data.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static char *dir; /* where make_npy.py wrote the files */

static cw_dataset *
load (const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  cw_error err;
  cw_dataset *ds = cw_dataset_load (path, NULL, &err);
  if (!ds)
    g_error ("%s: %s", name, err.message);
  g_free (path);
  return ds;
}

static double
value (int i, int c, int t)
{
  return i * 100 + c * 10 + t * 0.5;
}

/* 3 samples x 5 points of value(i, 0, t) * scale, wrapped to 8 bits when wrap. */
static void
assert_matrix (const cw_dataset *ds, double scale, bool wrap)
{
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 3);
  g_assert_cmpint (cw_dataset_n_channels (ds), ==, 1);
  g_assert_cmpint (cw_dataset_length (ds), ==, 5);
  for (int i = 0; i < 3; i++)
    for (int t = 0; t < 5; t++)
      {
        double want = value (i, 0, t) * scale;
        if (wrap)
          want = fmod (want, 256);
        g_assert_cmpfloat (cw_dataset_signals_f64 (ds)[i * 5 + t], ==, want);
      }
}

static void
test_dtypes (void)
{
  const char *names[] = { "f8.npy", "f4.npy", "f8-big.npy", "f4-big.npy", "fortran.npy" };
  for (size_t k = 0; k < G_N_ELEMENTS (names); k++)
    {
      cw_dataset *ds = load (names[k]);
      assert_matrix (ds, 1, false);
      g_assert_null (cw_dataset_axis_unit (ds));
      g_assert_cmpfloat (cw_dataset_axis (ds)[4], ==, 4);
      g_assert_cmpint (cw_dataset_n_targets (ds), ==, 0);
      cw_dataset_free (ds);
    }
  const char *ints[] = { "i2.npy", "i8-big.npy" };
  for (size_t k = 0; k < G_N_ELEMENTS (ints); k++)
    {
      cw_dataset *ds = load (ints[k]);
      assert_matrix (ds, 2, false);
      cw_dataset_free (ds);
    }
  cw_dataset *ds = load ("u1.npy");
  assert_matrix (ds, 2, true);
  cw_dataset_free (ds);

  ds = load ("one.npy");
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 1);
  for (int t = 0; t < 5; t++)
    g_assert_cmpfloat (cw_dataset_signals_f64 (ds)[t], ==, value (1, 0, t));
  cw_dataset_free (ds);
}

static void
test_three_d (void)
{
  const char *names[] = { "three-d.npy", "three-d-fortran.npy" };
  for (size_t k = 0; k < G_N_ELEMENTS (names); k++)
    {
      cw_dataset *ds = load (names[k]);
      g_assert_cmpint (cw_dataset_n_samples (ds), ==, 2);
      g_assert_cmpint (cw_dataset_n_channels (ds), ==, 3);
      g_assert_cmpint (cw_dataset_length (ds), ==, 4);
      for (int i = 0; i < 2; i++)
        for (int c = 0; c < 3; c++)
          for (int t = 0; t < 4; t++)
            g_assert_cmpfloat (cw_dataset_signals (ds)[(i * 3 + c) * 4 + t], ==, (float) value (i, c, t));
      cw_dataset_free (ds);
    }
}

static void
test_npz (void)
{
  cw_dataset *ds = load ("stored.npz");
  assert_matrix (ds, 1, false);
  g_assert_cmpint (cw_dataset_n_targets (ds), ==, 1);
  g_assert_cmpstr (cw_dataset_target_name (ds, 0), ==, "y");
  const double y[] = { 1.5, -2.0, 3.25 };
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat (cw_dataset_target_values_f64 (ds, 0)[i], ==, y[i]);
  for (int t = 0; t < 5; t++)
    g_assert_cmpfloat (cw_dataset_axis (ds)[t], ==, 900 + 200 * t);
  g_assert_cmpstr (cw_dataset_axis_label (ds, 1), ==, "1100");
  cw_dataset_free (ds);

  ds = load ("deflated.npz");
  assert_matrix (ds, 1, false);
  g_assert_cmpstr (cw_dataset_target_name (ds, 0), ==, "labels");
  g_assert_true (cw_dataset_target_is_categorical (ds, 0));
  g_assert_cmpint (cw_dataset_n_classes (ds, 0), ==, 2);
  g_assert_cmpstr (cw_dataset_class_name (ds, 0, 0), ==, "oak");
  g_assert_cmpstr (cw_dataset_class_name (ds, 0, 1), ==, "pine");
  g_assert_cmpfloat (cw_dataset_target_values (ds, 0)[1], ==, 1);
  g_assert_cmpfloat (cw_dataset_target_values (ds, 0)[2], ==, 0);
  g_assert_cmpfloat (cw_dataset_axis (ds)[4], ==, 1700);
  cw_dataset_free (ds);

  ds = load ("two-targets.npz");
  g_assert_cmpint (cw_dataset_n_targets (ds), ==, 2);
  g_assert_cmpstr (cw_dataset_target_name (ds, 1), ==, "targets2");
  g_assert_cmpfloat (cw_dataset_target_values_f64 (ds, 1)[2], ==, 30);
  g_assert_cmpfloat (cw_dataset_target_values_f64 (ds, 0)[1], ==, 2);
  cw_dataset_free (ds);

  ds = load ("unnamed.npz");
  assert_matrix (ds, 1, false);
  cw_dataset_free (ds);

  char *path = g_build_filename (dir, "ambiguous.npz", NULL);
  cw_error err;
  g_assert_null (cw_dataset_load (path, NULL, &err));
  g_assert_nonnull (strstr (err.message, "no array named X, data or signals among 'a', 'b'"));
  g_free (path);
}

static void
test_siblings (void)
{
  cw_dataset *ds = load ("siblings/X.npy");
  g_assert_cmpint (cw_dataset_n_targets (ds), ==, 1);
  g_assert_cmpstr (cw_dataset_target_name (ds, 0), ==, "y");
  g_assert_cmpfloat (cw_dataset_target_values (ds, 0)[0], ==, 0);
  g_assert_cmpfloat (cw_dataset_target_values (ds, 0)[2], ==, 1);
  g_assert_true (cw_dataset_target_is_zero_one (ds, 0));
  cw_dataset_free (ds);

  ds = load ("siblings/spectra.npy");
  g_assert_cmpint (cw_dataset_n_targets (ds), ==, 2);
  g_assert_cmpstr (cw_dataset_target_name (ds, 0), ==, "fat");
  g_assert_cmpfloat (cw_dataset_target_values_f64 (ds, 0)[1], ==, 11.5);
  g_assert_true (isnan (cw_dataset_target_values_f64 (ds, 0)[2]));
  g_assert_true (cw_dataset_target_is_categorical (ds, 1));
  cw_dataset_free (ds);
}

static guchar *
read_file (const char *name, gsize *size)
{
  char *path = g_build_filename (dir, name, NULL);
  char *data;
  g_assert_true (g_file_get_contents (path, &data, size, NULL));
  g_free (path);
  return (guchar *) data;
}

static void
assert_parse_fails (const guchar *data, gsize size, const char *phrase)
{
  cw_error err;
  g_assert_null (cw_dataset_parse (data, size, "bad", NULL, NULL, &err));
  g_test_message ("%s", err.message);
  if (!strstr (err.message, phrase))
    g_error ("'%s' lacks '%s'", err.message, phrase);
}

static void
test_errors (void)
{
  gsize size;
  guchar *data = read_file ("f8.npy", &size);
  assert_parse_fails (data, size - 1, "the array has 15 elements of 8 bytes from byte 128, but the file ends at "
                      "byte 247");
  guchar *copy = g_memdup2 (data, size);
  char *shape = memmem (copy, size, "(3, 5)", 6);
  memcpy (shape, "(3,99)", 6); /* the header keeps its length */
  assert_parse_fails (copy, size, "the array has 297 elements of 8 bytes");
  memcpy (copy, data, size);
  copy[8] = 0xFF; /* header length */
  copy[9] = 0xFF;
  assert_parse_fails (copy, size, "the .npy header claims 65535 bytes at byte 10, but the file has 248");
  memcpy (copy, data, size);
  memcpy (memmem (copy, size, "<f8", 3), "<c8", 3);
  assert_parse_fails (copy, size, "the element type '<c8' is not read");
  g_free (copy);
  g_free (data);

  data = read_file ("deflated.npz", &size);
  copy = g_memdup2 (data, size);
  /* inside the first member's deflate stream, after its local header, name and extra field */
  gsize start = 30 + (copy[26] | copy[27] << 8) + (copy[28] | copy[29] << 8);
  copy[start + 10] ^= 0x55;
  assert_parse_fails (copy, size, "bad: member 'data'");
  assert_parse_fails (data, size - 30, "no zip end-of-directory record");
  g_free (copy);
  g_free (data);
}

/* Every truncation and 200 seeded single-byte corruptions of a file either read or fail with a message:
 * never a crash or a read past the end (the ASan build checks that). */
static void
assert_robust (const guchar *data, gsize size, cw_file_format format)
{
  cw_load_options options = { .format = format, .no_siblings = true };
  cw_error err;
  for (gsize cut = 0; cut < size; cut++)
    {
      guchar *copy = g_memdup2 (data, cut ? cut : 1); /* exactly cut bytes: ASan sees any overread */
      cw_dataset *ds = cw_dataset_parse (copy, cut, "cut", NULL, &options, &err);
      g_assert_true (ds != NULL || err.message[0] != '\0');
      cw_dataset_free (ds);
      g_free (copy);
    }
  GRand *rand = g_rand_new_with_seed (12);
  for (int k = 0; k < 200; k++)
    {
      guchar *copy = g_memdup2 (data, size);
      copy[g_rand_int_range (rand, 0, (gint32) size)] = (guchar) g_rand_int_range (rand, 0, 256);
      cw_dataset *ds = cw_dataset_parse (copy, size, "flip", NULL, &options, &err);
      g_assert_true (ds != NULL || err.message[0] != '\0');
      cw_dataset_free (ds);
      g_free (copy);
    }
  g_rand_free (rand);
}

static void
test_robust (void)
{
  const char *names[] = { "f8.npy", "fortran.npy", "i8-big.npy", "deflated.npz", "stored.npz" };
  for (size_t k = 0; k < G_N_ELEMENTS (names); k++)
    {
      gsize size;
      guchar *data = read_file (names[k], &size);
      assert_robust (data, size, CW_FORMAT_AUTO);
      g_free (data);
    }
}

static bool
make_files (void)
{
  dir = g_dir_make_tmp ("cw-npy-XXXXXX", NULL);
  char *script = g_build_filename (FIXTURES_DIR, "npy", "make_npy.py", NULL);
  char *argv[] = { "/usr/bin/python3", script, dir, NULL };
  int status = -1;
  char *errors = NULL;
  GError *error = NULL;
  bool ok = g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &errors, &status, &error)
            && g_spawn_check_wait_status (status, NULL);
  if (!ok)
    g_printerr ("make_npy.py failed (python3-numpy is needed: scripts/install-deps python3-numpy): %s\n",
                error ? error->message : errors);
  g_clear_error (&error);
  g_free (errors);
  g_free (script);
  return ok;
}

static void
remove_tree (const char *path)
{
  GDir *d = g_dir_open (path, 0, NULL);
  const char *entry;
  while (d && (entry = g_dir_read_name (d)))
    {
      char *child = g_build_filename (path, entry, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
      g_free (child);
    }
  if (d)
    g_dir_close (d);
  g_rmdir (path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!make_files ())
    return 1;
  g_test_add_func ("/npy/dtypes", test_dtypes);
  g_test_add_func ("/npy/three-d", test_three_d);
  g_test_add_func ("/npy/npz", test_npz);
  g_test_add_func ("/npy/siblings", test_siblings);
  g_test_add_func ("/npy/errors", test_errors);
  g_test_add_func ("/npy/robust", test_robust);
  int status = g_test_run ();
  remove_tree (dir);
  g_free (dir);
  return status;
}
