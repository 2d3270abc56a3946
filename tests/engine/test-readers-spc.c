/* test-readers-spc.c — the SPC reader on the fixtures written by fixtures/spc/make_spc.py (new format with
 * float, 32-bit and 16-bit Y; evenly spaced, one X array and X per subfile; old format single and multi):
 * values, counts and axis units; then truncated and corrupt headers fail naming the byte, before any
 * allocation a corrupt count could drive. */
#include "cw-data.h"

#include <glib.h>
#include <math.h>
#include <string.h>

static char *
fixture_path (const char *name)
{
  return g_build_filename (FIXTURES_DIR, "spc", name, NULL);
}

static cw_dataset *
load (const char *name)
{
  char *path = fixture_path (name);
  cw_error err;
  cw_dataset *ds = cw_dataset_load (path, NULL, &err);
  if (!ds)
    g_error ("%s: %s", name, err.message);
  g_free (path);
  return ds;
}

static void
assert_values (const cw_dataset *ds, int row, const double *want, int n)
{
  g_assert_cmpint (cw_dataset_length (ds), ==, n);
  for (int t = 0; t < n; t++)
    g_assert_cmpfloat (cw_dataset_signals_f64 (ds)[row * n + t], ==, want[t]);
}

static void
test_new_float (void)
{
  cw_dataset *ds = load ("new-float.spc");
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 1);
  double y[] = { 0.5, 0.25, -1.5, 2.0, 3.125, 0.0, (float) 1e-3, 7.75, -0.0625, 12.0 };
  assert_values (ds, 0, y, 10);
  for (int t = 0; t < 10; t++)
    g_assert_cmpfloat_with_epsilon (cw_dataset_axis (ds)[t], 4000 - 2 * t, 1e-9);
  g_assert_cmpstr (cw_dataset_axis_unit (ds), ==, "Wavenumber (cm⁻¹)");
  g_assert_cmpstr (cw_dataset_axis_label (ds, 9), ==, "3982");
  cw_dataset_free (ds);
}

static void
test_new_multi_int (void)
{
  cw_dataset *ds = load ("new-multi-int.spc");
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 3);
  /* 32-bit integers times 2^(16 - 32) */
  double a[] = { 1, 2, -0.5, 0 }, b[] = { 1 / 65536.0, 2 / 65536.0, 3 / 65536.0, 4 / 65536.0 },
         c[] = { -3, 100, 7 / 65536.0, -7 / 65536.0 };
  assert_values (ds, 0, a, 4);
  assert_values (ds, 1, b, 4);
  assert_values (ds, 2, c, 4);
  double axis[] = { 400, 500, 600, 700 };
  for (int t = 0; t < 4; t++)
    g_assert_cmpfloat (cw_dataset_axis (ds)[t], ==, axis[t]);
  g_assert_cmpstr (cw_dataset_axis_unit (ds), ==, "Wavelength (nm)");
  g_assert_cmpint (cw_dataset_n_meta (ds), ==, 1);
  g_assert_cmpstr (cw_dataset_meta_value (ds, 2, 0), ==, "subfile 3");
  cw_dataset_free (ds);
}

static void
test_new_xvals_16bit (void)
{
  cw_dataset *ds = load ("new-xvals-16bit.spc");
  /* 16-bit integers times 2^(8 - 16) */
  double y[] = { 1, -2, 1 / 256.0, 32767 / 256.0, -128 };
  assert_values (ds, 0, y, 5);
  double x[] = { 100, 150, 175, 400.5, 1000.25 };
  for (int t = 0; t < 5; t++)
    g_assert_cmpfloat (cw_dataset_axis (ds)[t], ==, x[t]);
  g_assert_cmpstr (cw_dataset_axis_unit (ds), ==, "Raman shift (cm⁻¹)");
  cw_dataset_free (ds);
}

static void
test_new_xyxy (void)
{
  cw_dataset *ds = load ("new-xyxy.spc");
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 2);
  double a[] = { 1, 2, 3 }, b[] = { -1, -2, -3.5 }, x[] = { 1, 2, 4 };
  assert_values (ds, 0, a, 3);
  assert_values (ds, 1, b, 3);
  for (int t = 0; t < 3; t++)
    g_assert_cmpfloat (cw_dataset_axis (ds)[t], ==, x[t]);
  g_assert_cmpstr (cw_dataset_axis_unit (ds), ==, "m/z");
  cw_dataset_free (ds);

  char *path = fixture_path ("new-xyxy-different.spc");
  cw_error err;
  g_assert_null (cw_dataset_load (path, NULL, &err));
  g_assert_nonnull (strstr (err.message, "subfile 2 has 3 points from 1 to 5, but subfile 1 has 3 from 1 to 4"));
  g_free (path);
}

static void
test_old_format (void)
{
  cw_dataset *ds = load ("old.spc");
  double v[] = { 1, -2, 1.5, 1 / 65536.0 };
  assert_values (ds, 0, v, 4);
  for (int t = 0; t < 4; t++)
    g_assert_cmpfloat (cw_dataset_axis (ds)[t], ==, t);
  g_assert_cmpstr (cw_dataset_axis_unit (ds), ==, "Time (s)");
  cw_dataset_free (ds);

  ds = load ("old-multi.spc");
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 2);
  double w[] = { 0, 5, 1.5, -1 };
  assert_values (ds, 0, v, 4);
  assert_values (ds, 1, w, 4);
  cw_dataset_free (ds);
}

static guchar *
read_fixture (const char *name, gsize *size)
{
  char *path = fixture_path (name);
  char *data;
  g_assert_true (g_file_get_contents (path, &data, size, NULL));
  g_free (path);
  return (guchar *) data;
}

static void
assert_parse_fails (const guchar *data, gsize size, const char *phrase)
{
  cw_error err;
  cw_load_options options = { .format = CW_FORMAT_SPC };
  g_assert_null (cw_dataset_parse (data, size, "bad.spc", NULL, &options, &err));
  g_test_message ("%s", err.message);
  g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
  if (!strstr (err.message, phrase))
    g_error ("'%s' lacks '%s'", err.message, phrase);
}

static void
test_errors (void)
{
  gsize size;
  guchar *data = read_fixture ("new-multi-int.spc", &size);
  /* Cut inside the Y values of the last subfile. */
  assert_parse_fails (data, size - 3, "bad.spc: SPC file, byte 640: the file ends inside the Y values of subfile 3");
  assert_parse_fails (data, 300, "byte 0: the file ends inside the header");
  /* A count of 2^32 - 1 points is refused before anything is allocated. */
  guchar *copy = g_memdup2 (data, size);
  memset (copy + 4, 0xFF, 4);
  assert_parse_fails (copy, size, "byte 4: fnpts = 4294967295 is not a count of points");
  memcpy (copy, data, size);
  memset (copy + 24, 0xFF, 4);
  assert_parse_fails (copy, size, "byte 24: fnsub = 4294967295 is not a count of subfiles");
  memcpy (copy, data, size);
  copy[1] = 0x4C;
  assert_parse_fails (copy, size, "version 0x4C (big-endian new format) is not read");
  copy[1] = 0x41;
  assert_parse_fails (copy, size, "version byte 0x41");
  g_free (copy);
  g_free (data);

  data = read_fixture ("new-xyxy.spc", &size);
  copy = g_memdup2 (data, size);
  memset (copy + 512 + 16, 0xFF, 4); /* the first subfile's subnpts */
  assert_parse_fails (copy, size, "byte 528: subfile 1: subnpts = 4294967295");
  g_free (copy);
  g_free (data);

  /* The version byte picks the reader whatever the name. */
  data = read_fixture ("old.spc", &size);
  g_assert_cmpint (cw_file_format_detect (data, size, "a.bin"), ==, CW_FORMAT_SPC);
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
  const char *names[] = { "new-float.spc", "new-multi-int.spc", "new-xvals-16bit.spc", "new-xyxy.spc", "old.spc",
                          "old-multi.spc" };
  for (size_t k = 0; k < G_N_ELEMENTS (names); k++)
    {
      gsize size;
      guchar *data = read_fixture (names[k], &size);
      assert_robust (data, size, CW_FORMAT_SPC);
      g_free (data);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/spc/new-float", test_new_float);
  g_test_add_func ("/spc/new-multi-int", test_new_multi_int);
  g_test_add_func ("/spc/new-xvals-16bit", test_new_xvals_16bit);
  g_test_add_func ("/spc/new-xyxy", test_new_xyxy);
  g_test_add_func ("/spc/old-format", test_old_format);
  g_test_add_func ("/spc/errors", test_errors);
  g_test_add_func ("/spc/robust", test_robust);
  return g_test_run ();
}
