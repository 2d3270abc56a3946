/* test-readers-jcamp.c — the JCAMP-DX reader: one spectrum written by hand in AFFN, SQZ, DIF, DIF+DUP and
 * XYPOINTS reads to the same values; a linked file of three blocks (factors, exponents, a peak table among
 * them) gives three samples; the checks (DIF Y check, NPOINTS, LASTX against the line X values, BLOCKS)
 * fail with the line; and cw_dataset_load picks the reader and a sibling targets CSV. */
#include "cw-data.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

/* The spectrum of the fixtures, in file units (##YFACTOR=0.001), on 1000, 1002, ..., 1038 cm-1. */
static const int ethanol[20] = { 100, 105, 112, 112, 112, 120, 131, 145, 145, 150,
                                 148, 140, 133, 133, 133, 133, 120, 110, 101, 95 };

static cw_dataset *
load (const char *name, cw_error *err)
{
  char *path = g_build_filename (FIXTURES_DIR, "jcamp", name, NULL);
  cw_dataset *ds = cw_dataset_load (path, NULL, err);
  g_free (path);
  return ds;
}

static void
assert_ethanol (const cw_dataset *ds)
{
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 1);
  g_assert_cmpint (cw_dataset_n_channels (ds), ==, 1);
  g_assert_cmpint (cw_dataset_length (ds), ==, 20);
  const double *axis = cw_dataset_axis (ds);
  const double *y = cw_dataset_signals_f64 (ds);
  for (int t = 0; t < 20; t++)
    {
      g_assert_cmpfloat_with_epsilon (axis[t], 1000 + 2 * t, 1e-9);
      g_assert_cmpfloat_with_epsilon (y[t], ethanol[t] * 0.001, 1e-12);
      g_assert_cmpfloat (cw_dataset_signals (ds)[t], ==, (float) y[t]);
    }
  g_assert_cmpstr (cw_dataset_axis_unit (ds), ==, "Wavenumber (cm⁻¹)");
  g_assert_cmpint (cw_dataset_n_meta (ds), ==, 1);
  g_assert_cmpstr (cw_dataset_meta_name (ds, 0), ==, "name");
  g_assert_cmpint (cw_dataset_n_targets (ds), ==, 0);
}

static void
test_forms_agree (void)
{
  cw_error err;
  cw_dataset *affn = load ("affn.jdx", &err);
  g_assert_nonnull (affn);
  assert_ethanol (affn);
  g_assert_cmpstr (cw_dataset_meta_value (affn, 0, 0), ==, "ethanol film, AFFN");
  const char *forms[] = { "sqz.jdx", "dif.jdx", "difdup.jdx", "xypoints.jdx" };
  const char *titles[] = { "ethanol film, SQZ", "ethanol film, DIF", "ethanol film, DIFDUP",
                           "ethanol film, XYPOINTS" };
  for (size_t k = 0; k < G_N_ELEMENTS (forms); k++)
    {
      cw_dataset *ds = load (forms[k], &err);
      if (!ds)
        g_error ("%s: %s", forms[k], err.message);
      assert_ethanol (ds);
      g_assert_cmpstr (cw_dataset_meta_value (ds, 0, 0), ==, titles[k]);
      /* The same numbers in every compression form: bit for bit. */
      g_assert_cmpmem (cw_dataset_signals_f64 (ds), 20 * sizeof (double), cw_dataset_signals_f64 (affn),
                       20 * sizeof (double));
      g_assert_cmpmem (cw_dataset_axis (ds), 20 * sizeof (double), cw_dataset_axis (affn), 20 * sizeof (double));
      cw_dataset_free (ds);
    }
  cw_dataset_free (affn);
}

static void
test_linked_blocks (void)
{
  cw_error err;
  cw_dataset *ds = load ("link.jdx", &err);
  if (!ds)
    g_error ("%s", err.message);
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 3);
  g_assert_cmpint (cw_dataset_length (ds), ==, 6);
  g_assert_cmpstr (cw_dataset_axis_unit (ds), ==, "Wavelength (nm)");
  static const double want[3][6] = { { 0.5, 0.52, 0.55, 0.61, 0.7, 0.85 },
                                     { 0.40, 0.41, 0.43, 0.47, 0.54, 0.66 },
                                     { 0.35, 0.36, 0.37, 0.38, 0.39, 0.40 } };
  const char *names[] = { "sample A", "sample B", "sample C" };
  for (int i = 0; i < 3; i++)
    {
      g_assert_cmpstr (cw_dataset_meta_value (ds, i, 0), ==, names[i]);
      for (int t = 0; t < 6; t++)
        g_assert_cmpfloat_with_epsilon (cw_dataset_signals_f64 (ds)[i * 6 + t], want[i][t], 1e-12);
    }
  for (int t = 0; t < 6; t++)
    g_assert_cmpfloat (cw_dataset_axis (ds)[t], ==, 400 + 2 * t);
  g_assert_cmpstr (cw_dataset_axis_label (ds, 5), ==, "410");
  cw_dataset_free (ds);
}

/* The file fails with `line` and a message containing each of the phrases. */
static void
assert_fails (const char *name, int line, const char *phrase)
{
  cw_error err;
  cw_dataset *ds = load (name, &err);
  g_assert_null (ds);
  g_test_message ("%s: %s", name, err.message);
  g_assert_cmpint (err.status, ==, CW_ERR_PARSE);
  g_assert_cmpint (err.line, ==, line);
  g_assert_nonnull (strstr (err.message, name));
  if (line > 0)
    {
      char *where = g_strdup_printf ("line %d", line);
      g_assert_nonnull (strstr (err.message, where));
      g_free (where);
    }
  if (!strstr (err.message, phrase))
    g_error ("'%s' lacks '%s'", err.message, phrase);
}

static void
test_errors (void)
{
  assert_fails ("dif-corrupt.jdx", 17, "DIF check value 151 does not repeat the last Y value");
  assert_fails ("npoints-wrong.jdx", 15, "##NPOINTS=21, but the ##XYDATA");
  assert_fails ("lastx-wrong.jdx", 17, "counts or ends disagree");
  assert_fails ("link-blocks-wrong.jdx", 52, "##BLOCKS=4, but the link block");
}

/* Hand-written texts through cw_dataset_parse: the error cases that need no file. */
static void
assert_text_fails (const char *text, int line, const char *phrase)
{
  cw_error err;
  cw_load_options options = { .format = CW_FORMAT_JCAMP };
  cw_dataset *ds = cw_dataset_parse (text, strlen (text), "t.jdx", NULL, &options, &err);
  g_assert_null (ds);
  g_test_message ("%s", err.message);
  g_assert_cmpint (err.line, ==, line);
  if (!strstr (err.message, phrase))
    g_error ("'%s' lacks '%s'", err.message, phrase);
}

static void
test_text_errors (void)
{
  const char *head = "##TITLE=t\n##JCAMP-DX=4.24\n##XUNITS=NANOMETERS\n##FIRSTX=1\n##LASTX=4\n##NPOINTS=4\n";
  char *text = g_strconcat (head, "##XYDATA=(X++(Y..Y))\n1 1 2 ? 4\n##END=\n", NULL);
  assert_text_fails (text, 8, "'?' marks a missing value");
  g_free (text);
  text = g_strconcat (head, "##XYDATA=(X++(Y..Y))\n1 1 2 3 4 5\n##END=\n", NULL);
  assert_text_fails (text, 8, "more values than ##NPOINTS=4");
  g_free (text);
  /* A DUP count far beyond the points is refused before anything is allocated for it. */
  text = g_strconcat (head, "##XYDATA=(X++(Y..Y))\n1A1S99999999\n##END=\n", NULL);
  assert_text_fails (text, 8, "DUP count");
  g_free (text);
  text = g_strconcat (head, "##XYDATA=(X++(Y..Y))\n1 1 2 # 4\n##END=\n", NULL);
  assert_text_fails (text, 8, "column 7: '#' is neither a number");
  g_free (text);
  text = g_strconcat (head, "##XYDATA=(X++(R..R))\n1 1 2 3 4\n##END=\n", NULL);
  assert_text_fails (text, 7, "only (X++(Y..Y)) is read");
  g_free (text);
  assert_text_fails ("##TITLE=t\n##PEAK TABLE=(XY..XY)\n1, 2\n##END=\n", 0, "a peak table alone is not a spectrum");
  assert_text_fails ("just text\n", 1, "expected ##TITLE=");
  /* Blocks on different axes cannot share a dataset: both ranges are named. */
  assert_text_fails ("##TITLE=l\n##BLOCKS=2\n##TITLE=a\n##FIRSTX=1\n##LASTX=3\n##XYDATA=(X++(Y..Y))\n1 1 2 3\n"
                     "##END=\n##TITLE=b\n##FIRSTX=1\n##LASTX=5\n##XYDATA=(X++(Y..Y))\n1 1 2 3\n##END=\n##END=\n",
                     13, "block 2 (line 13) has 3 points from 1 to 5, but block 1 has 3 from 1 to 3");
  assert_text_fails ("##TITLE=t\n##NPOINTS=many\n", 2, "##NPOINTS= needs a number, not 'many'");
}

/* Without ##NPOINTS the count comes from the data; a DUP after a DIF repeats the difference. */
static void
test_dup_of_dif (void)
{
  const char *text = "##TITLE=ramp\n##XUNITS=SECONDS\n##FIRSTX=0\n##LASTX=0.5\n##XFACTOR=0.1\n"
                     "##XYDATA=(X++(Y..Y))\n0@JW\n##END=\n";
  cw_error err;
  cw_dataset *ds = cw_dataset_parse (text, strlen (text), "ramp.jdx", NULL, NULL, &err);
  if (!ds)
    g_error ("%s", err.message);
  g_assert_cmpint (cw_dataset_length (ds), ==, 6);
  for (int t = 0; t < 6; t++)
    {
      g_assert_cmpfloat (cw_dataset_signals_f64 (ds)[t], ==, t);
      g_assert_cmpfloat_with_epsilon (cw_dataset_axis (ds)[t], 0.1 * t, 1e-12);
    }
  g_assert_cmpstr (cw_dataset_axis_unit (ds), ==, "Time (s)");
  cw_dataset_free (ds);
}

/* A sibling STEM.targets.csv gives the targets, in order. */
static void
test_sibling_targets (void)
{
  char *dir = g_dir_make_tmp ("cw-jcamp-XXXXXX", NULL);
  char *src = g_build_filename (FIXTURES_DIR, "jcamp", "link.jdx", NULL);
  char *text;
  gsize size;
  g_assert_true (g_file_get_contents (src, &text, &size, NULL));
  char *path = g_build_filename (dir, "three.jdx", NULL);
  char *targets = g_build_filename (dir, "three.targets.csv", NULL);
  g_assert_true (g_file_set_contents (path, text, (gssize) size, NULL));
  g_assert_true (g_file_set_contents (targets, "moisture,grade\n12.5,high\n11,low\nNA,high\n", -1, NULL));
  cw_error err;
  cw_dataset *ds = cw_dataset_load (path, NULL, &err);
  if (!ds)
    g_error ("%s", err.message);
  g_assert_cmpint (cw_dataset_n_targets (ds), ==, 2);
  g_assert_cmpstr (cw_dataset_target_name (ds, 0), ==, "moisture");
  g_assert_cmpfloat (cw_dataset_target_values_f64 (ds, 0)[0], ==, 12.5);
  g_assert_cmpfloat (cw_dataset_target_values_f64 (ds, 0)[1], ==, 11);
  g_assert_true (isnan (cw_dataset_target_values (ds, 0)[2]));
  g_assert_true (cw_dataset_target_is_categorical (ds, 1));
  g_assert_cmpint (cw_dataset_n_classes (ds, 1), ==, 2);
  g_assert_cmpstr (cw_dataset_class_name (ds, 1, 0), ==, "high");
  g_assert_cmpfloat (cw_dataset_target_values (ds, 1)[1], ==, 1);
  cw_dataset_free (ds);

  /* A targets file with the wrong number of rows names itself and the counts. */
  g_assert_true (g_file_set_contents (targets, "moisture\n12.5\n11\n", -1, NULL));
  ds = cw_dataset_load (path, NULL, &err);
  g_assert_null (ds);
  g_assert_nonnull (strstr (err.message, "three.targets.csv has 2 rows of targets, but the data has 3"));
  cw_load_options options = { .no_siblings = true };
  ds = cw_dataset_load (path, &options, &err);
  g_assert_nonnull (ds);
  g_assert_cmpint (cw_dataset_n_targets (ds), ==, 0);
  cw_dataset_free (ds);

  g_assert_cmpint (cw_file_format_detect (text, size, "x.txt"), ==, CW_FORMAT_JCAMP);
  g_assert_cmpint (cw_file_format_detect ("a,b\n1,2\n", 8, "x.csv"), ==, CW_FORMAT_CSV);
  g_remove (targets);
  g_remove (path);
  g_rmdir (dir);
  g_free (text);
  g_free (src);
  g_free (path);
  g_free (targets);
  g_free (dir);
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
  const char *names[] = { "difdup.jdx", "xypoints.jdx", "link.jdx" };
  for (size_t k = 0; k < G_N_ELEMENTS (names); k++)
    {
      char *path = g_build_filename (FIXTURES_DIR, "jcamp", names[k], NULL);
      char *data;
      gsize size;
      g_assert_true (g_file_get_contents (path, &data, &size, NULL));
      assert_robust ((const guchar *) data, size, CW_FORMAT_JCAMP);
      g_free (data);
      g_free (path);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/jcamp/forms-agree", test_forms_agree);
  g_test_add_func ("/jcamp/linked-blocks", test_linked_blocks);
  g_test_add_func ("/jcamp/errors", test_errors);
  g_test_add_func ("/jcamp/text-errors", test_text_errors);
  g_test_add_func ("/jcamp/dup-of-dif", test_dup_of_dif);
  g_test_add_func ("/jcamp/sibling-targets", test_sibling_targets);
  g_test_add_func ("/jcamp/robust", test_robust);
  return g_test_run ();
}
