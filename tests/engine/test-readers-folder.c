/* test-readers-folder.c — a folder of one-spectrum files as one dataset: a sample per file in name order,
 * targets keyed by file name, a spectrum on another axis interpolated onto the first file's (with the
 * note saying so), and the errors: a file of several spectra, a targets row naming no file. */
#include "cw-data.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static const int ethanol[20] = { 100, 105, 112, 112, 112, 120, 131, 145, 145, 150,
                                 148, 140, 133, 133, 133, 133, 120, 110, 101, 95 };

static void
copy_fixture (const char *from, const char *dir, const char *to)
{
  char *src = g_build_filename (FIXTURES_DIR, from, NULL), *dst = g_build_filename (dir, to, NULL);
  char *data;
  gsize size;
  g_assert_true (g_file_get_contents (src, &data, &size, NULL));
  g_assert_true (g_file_set_contents (dst, data, (gssize) size, NULL));
  g_free (data);
  g_free (src);
  g_free (dst);
}

static void
write_file (const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_free (path);
}

/* c.jdx: y = x / 1000 on 1001, 1003, ..., 1041 — another axis than a.jdx's 1000 ... 1038. */
static void
write_shifted (const char *dir)
{
  GString *s = g_string_new ("##TITLE=shifted\n##JCAMP-DX=4.24\n##XUNITS=1/CM\n##YFACTOR=0.001\n"
                             "##FIRSTX=1001\n##LASTX=1041\n##NPOINTS=21\n##XYDATA=(X++(Y..Y))\n");
  for (int t = 0; t < 21; t++)
    g_string_append_printf (s, "%d %d\n", 1001 + 2 * t, 1001 + 2 * t);
  g_string_append (s, "##END=\n");
  write_file (dir, "c.jdx", s->str);
  g_string_free (s, TRUE);
}

static void
remove_folder (char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *entry;
  while ((entry = g_dir_read_name (d)))
    {
      char *path = g_build_filename (dir, entry, NULL);
      g_remove (path);
      g_free (path);
    }
  g_dir_close (d);
  g_rmdir (dir);
  g_free (dir);
}

static void
test_folder (void)
{
  char *dir = g_dir_make_tmp ("cw-folder-XXXXXX", NULL);
  copy_fixture ("jcamp/affn.jdx", dir, "a.jdx");
  copy_fixture ("jcamp/difdup.jdx", dir, "b.jdx");
  write_shifted (dir);
  write_file (dir, "notes.txt", "not data\n");
  write_file (dir, "targets.csv", "file,conc,grade\nc,3.5,low\na.jdx,1.5,high\n");
  cw_error err;
  cw_dataset *ds = cw_dataset_load (dir, NULL, &err);
  if (!ds)
    g_error ("%s", err.message);
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 3);
  g_assert_cmpint (cw_dataset_length (ds), ==, 19);
  g_assert_cmpstr (cw_dataset_meta_name (ds, 0), ==, "file");
  g_assert_cmpstr (cw_dataset_meta_value (ds, 1, 0), ==, "b.jdx");
  g_assert_cmpstr (cw_dataset_axis_unit (ds), ==, "Wavenumber (cm⁻¹)");
  g_assert_cmpstr (cw_dataset_note (ds), ==,
                   "1 of 3 spectra lie on other axes than a.jdx and were interpolated linearly onto its axis, cut "
                   "to the range every file covers: 19 points from 1002 to 1038.");
  const double *x = cw_dataset_signals_f64 (ds);
  for (int t = 0; t < 19; t++)
    {
      g_assert_cmpfloat (cw_dataset_axis (ds)[t], ==, 1002 + 2 * t);
      g_assert_cmpfloat_with_epsilon (x[t], ethanol[t + 1] * 0.001, 1e-12);      /* a.jdx, on its own axis */
      g_assert_cmpfloat_with_epsilon (x[19 + t], ethanol[t + 1] * 0.001, 1e-12); /* b.jdx, the same spectrum */
      g_assert_cmpfloat_with_epsilon (x[38 + t], (1002 + 2 * t) * 0.001, 1e-12); /* c.jdx, halfway between */
    }
  g_assert_cmpint (cw_dataset_n_targets (ds), ==, 2);
  const double *conc = cw_dataset_target_values_f64 (ds, 0);
  g_assert_cmpfloat (conc[0], ==, 1.5);
  g_assert_true (isnan (conc[1]));
  g_assert_cmpfloat (conc[2], ==, 3.5);
  g_assert_true (cw_dataset_target_is_categorical (ds, 1));
  g_assert_cmpstr (cw_dataset_class_name (ds, 1, (int) cw_dataset_target_values (ds, 1)[0]), ==, "high");
  g_assert_true (isnan (cw_dataset_target_values (ds, 1)[1]));
  cw_dataset_free (ds);

  /* A row for a file the folder does not have names its line. */
  write_file (dir, "targets.csv", "file,conc\na,1\nd.jdx,2\n");
  g_assert_null (cw_dataset_load (dir, NULL, &err));
  g_assert_cmpint (err.line, ==, 3);
  g_assert_nonnull (strstr (err.message, "targets.csv: line 3 names 'd.jdx', which is not a spectrum file"));

  /* A file of several spectra is not one sample. */
  copy_fixture ("spc/new-multi-int.spc", dir, "d.spc");
  g_assert_null (cw_dataset_load (dir, NULL, &err));
  g_assert_nonnull (strstr (err.message, "d.spc holds 3 spectra; in a folder every file is one sample"));
  remove_folder (dir);

  /* Spectra on one axis need no interpolation, and no note. */
  dir = g_dir_make_tmp ("cw-folder-XXXXXX", NULL);
  copy_fixture ("jcamp/affn.jdx", dir, "1.jdx");
  copy_fixture ("jcamp/sqz.jdx", dir, "2.JDX");
  ds = cw_dataset_load (dir, NULL, &err);
  if (!ds)
    g_error ("%s", err.message);
  g_assert_cmpint (cw_dataset_length (ds), ==, 20);
  g_assert_null (cw_dataset_note (ds));
  g_assert_cmpint (cw_dataset_n_targets (ds), ==, 0);
  cw_dataset_free (ds);
  remove_folder (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/folder/load", test_folder);
  return g_test_run ();
}
