/* test-csv.c — the CSV/TSV reader: gasoline.csv against values read independently, delimiter, quoting,
 * line-ending and BOM variants, plain CSV, class targets, and every malformed case with its line and
 * column. */
#include "cw-data.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define GASOLINE SHARED_DIR "/data/gasoline.csv"

static char *
fixture (const char *name)
{
  return g_build_filename (FIXTURES_DIR, name, NULL);
}

static cw_dataset *
load_fixture (const char *name, const cw_csv_options *options, cw_error *err)
{
  char *path = fixture (name);
  cw_dataset *ds = cw_dataset_load_csv (path, options, err);
  g_free (path);
  return ds;
}

static char *
read_text (const char *path, gsize *size)
{
  char *text = NULL;
  GError *error = NULL;
  g_assert_true (g_file_get_contents (path, &text, size, &error));
  g_assert_no_error (error);
  return text;
}

static char *
replace_all (const char *text, const char *from, const char *to)
{
  char **parts = g_strsplit (text, from, -1);
  char *joined = g_strjoinv (to, parts);
  g_strfreev (parts);
  return joined;
}

/* Same shape, axis, signals, targets and meta, bit for bit. */
static void
assert_same_dataset (const cw_dataset *a, const cw_dataset *b)
{
  int n = cw_dataset_n_samples (a), l = cw_dataset_length (a);
  g_assert_cmpint (cw_dataset_n_samples (b), ==, n);
  g_assert_cmpint (cw_dataset_length (b), ==, l);
  g_assert_cmpint (cw_dataset_n_channels (b), ==, cw_dataset_n_channels (a));
  g_assert_cmpmem (cw_dataset_axis (a), l * sizeof (double), cw_dataset_axis (b), l * sizeof (double));
  g_assert_cmpmem (cw_dataset_signals (a), (gsize) n * l * sizeof (float), cw_dataset_signals (b),
                   (gsize) n * l * sizeof (float));
  g_assert_cmpint (cw_dataset_n_targets (b), ==, cw_dataset_n_targets (a));
  for (int j = 0; j < cw_dataset_n_targets (a); j++)
    {
      g_assert_cmpstr (cw_dataset_target_name (b, j), ==, cw_dataset_target_name (a, j));
      g_assert_cmpmem (cw_dataset_target_values (a, j), n * sizeof (float), cw_dataset_target_values (b, j),
                       n * sizeof (float));
    }
  g_assert_cmpint (cw_dataset_n_meta (b), ==, cw_dataset_n_meta (a));
  for (int j = 0; j < cw_dataset_n_meta (a); j++)
    {
      g_assert_cmpstr (cw_dataset_meta_name (b, j), ==, cw_dataset_meta_name (a, j));
      for (int i = 0; i < n; i++)
        g_assert_cmpstr (cw_dataset_meta_value (b, i, j), ==, cw_dataset_meta_value (a, i, j));
    }
}

/* ---- gasoline ---- */

static void
test_gasoline (void)
{
  cw_error err;
  cw_dataset *ds = cw_dataset_load_csv (GASOLINE, NULL, &err);
  g_assert_nonnull (ds);
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 60);
  g_assert_cmpint (cw_dataset_n_channels (ds), ==, 1);
  g_assert_cmpint (cw_dataset_length (ds), ==, 401);
  g_assert_cmpfloat (cw_dataset_axis (ds)[0], ==, 900.0);
  g_assert_cmpfloat (cw_dataset_axis (ds)[1], ==, 902.0);
  g_assert_cmpfloat (cw_dataset_axis (ds)[400], ==, 1700.0);
  g_assert_cmpstr (cw_dataset_axis_label (ds, 400), ==, "1700");
  g_assert_cmpstr (cw_dataset_source (ds), ==, GASOLINE);
  g_assert_cmpint (cw_dataset_n_targets (ds), ==, 1);
  g_assert_cmpstr (cw_dataset_target_name (ds, 0), ==, "octane");
  g_assert_false (cw_dataset_target_is_categorical (ds, 0));
  g_assert_cmpint (cw_dataset_find_target (ds, "octane"), ==, 0);
  g_assert_cmpint (cw_dataset_find_target (ds, "target:octane"), ==, 0);
  g_assert_cmpint (cw_dataset_find_target (ds, "octan"), ==, -1);
  g_assert_cmpint (cw_dataset_n_meta (ds), ==, 2);
  g_assert_cmpstr (cw_dataset_meta_name (ds, 0), ==, "sample");
  g_assert_cmpstr (cw_dataset_meta_name (ds, 1), ==, "split_vignette");
  g_assert_cmpint (cw_dataset_find_meta (ds, "meta:split_vignette"), ==, 1);
  g_assert_cmpint (cw_dataset_find_meta (ds, "split"), ==, -1);

  /* The same values read another way: the first data line with sscanf, the last with a split. */
  gsize size;
  char *text = read_text (GASOLINE, &size);
  char **lines = g_strsplit (text, "\n", -1);
  g_assert_cmpint (g_strv_length (lines), ==, 62); /* header, 60 rows, the empty string after the last \n */
  int sample;
  char split[16];
  double octane, first, second;
  g_assert_cmpint (sscanf (lines[1], "%d,\"%15[^\"]\",%lf,%lf,%lf", &sample, split, &octane, &first, &second),
                   ==, 5);
  g_assert_cmpint (sample, ==, 1);
  g_assert_cmpstr (split, ==, "train");
  const float *x = cw_dataset_signals (ds);
  const float *y = cw_dataset_target_values (ds, 0);
  g_assert_cmpfloat (y[0], ==, (float) octane);
  g_assert_cmpfloat (x[0], ==, (float) first);
  g_assert_cmpfloat (x[1], ==, (float) second);
  g_assert_cmpfloat_with_epsilon (y[0], 85.3, 1e-5);
  g_assert_cmpfloat_with_epsilon (x[0], -0.050193, 1e-8);
  g_assert_cmpstr (cw_dataset_meta_value (ds, 0, 0), ==, "1");
  g_assert_cmpstr (cw_dataset_meta_value (ds, 0, 1), ==, "train");

  char **last = g_strsplit (lines[60], ",", -1);
  g_assert_cmpint (g_strv_length (last), ==, 404);
  g_assert_cmpfloat (y[59], ==, (float) g_ascii_strtod (last[2], NULL));
  g_assert_cmpfloat (x[59 * 401 + 400], ==, (float) g_ascii_strtod (last[403], NULL));
  g_assert_cmpfloat (x[59 * 401 + 200], ==, (float) g_ascii_strtod (last[203], NULL));
  g_assert_cmpstr (cw_dataset_meta_value (ds, 59, 0), ==, "60");
  g_assert_cmpstr (cw_dataset_meta_value (ds, 59, 1), ==, "test");
  g_strfreev (last);

  /* Every cell of every row, against GLib's locale-independent strtod. */
  for (int i = 0; i < 60; i++)
    {
      char **cells = g_strsplit (lines[i + 1], ",", -1);
      g_assert_cmpint (g_strv_length (cells), ==, 404);
      for (int t = 0; t < 401; t++)
        g_assert_cmpfloat (x[i * 401 + t], ==, (float) g_ascii_strtod (cells[t + 3], NULL));
      g_strfreev (cells);
    }
  g_strfreev (lines);
  g_free (text);
  cw_dataset_free (ds);
}

/* The doubles are the parsed cells themselves (PLS's R parity needs them): gasoline's first row and every
 * octane against strtod, the floats those doubles rounded; subsets, array datasets and class columns
 * (class indices, numerically sorted ones included) keep them in step. */
static void
test_gasoline_f64 (void)
{
  cw_error err;
  cw_dataset *ds = cw_dataset_load_csv (GASOLINE, NULL, &err);
  g_assert_nonnull (ds);
  const double *x64 = cw_dataset_signals_f64 (ds);
  const float *x = cw_dataset_signals (ds);
  gsize size;
  char *text = read_text (GASOLINE, &size);
  char **lines = g_strsplit (text, "\n", -1);
  char **cells = g_strsplit (lines[1], ",", -1);
  g_assert_cmpint (g_strv_length (cells), ==, 404);
  for (int t = 0; t < 401; t++)
    {
      double expected = g_ascii_strtod (cells[t + 3], NULL);
      g_assert_cmpmem (&x64[t], sizeof (double), &expected, sizeof (double));
    }
  g_assert_cmpfloat (x64[0], ==, -0.050193);   /* the literal, not its float (-0.0501930006...) */
  g_assert_cmpfloat ((double) x[0], !=, -0.050193);
  for (int i = 0; i < 60 * 401; i++)
    g_assert_cmpfloat (x[i], ==, (float) x64[i]);
  const double *y64 = cw_dataset_target_values_f64 (ds, 0);
  for (int i = 0; i < 60; i++)
    {
      char **row = g_strsplit (lines[i + 1], ",", -1);
      double expected = g_ascii_strtod (row[2], NULL);
      g_assert_cmpmem (&y64[i], sizeof (double), &expected, sizeof (double));
      g_assert_cmpfloat (cw_dataset_target_values (ds, 0)[i], ==, (float) expected);
      g_strfreev (row);
    }
  g_assert_cmpfloat (y64[0], ==, 85.3);

  int rows[] = { 59, 0 };
  cw_dataset *sub = cw_dataset_subset (ds, rows, 2);
  g_assert_cmpmem (cw_dataset_signals_f64 (sub), 401 * sizeof (double), x64 + 59 * 401, 401 * sizeof (double));
  g_assert_cmpmem (cw_dataset_signals_f64 (sub) + 401, 401 * sizeof (double), x64, 401 * sizeof (double));
  g_assert_cmpfloat (cw_dataset_target_values_f64 (sub, 0)[0], ==, y64[59]);
  g_assert_cmpfloat (cw_dataset_target_values_f64 (sub, 0)[1], ==, y64[0]);
  cw_dataset_free (sub);

  float small[] = { 0.1f, -2.5f, 3e-8f }, labels[] = { 10, 2, 10 };
  cw_dataset *arrays = cw_dataset_new_from_arrays (3, 1, 1, small, 1, labels);
  for (int t = 0; t < 3; t++)
    g_assert_cmpfloat (cw_dataset_signals_f64 (arrays)[t], ==, (double) small[t]);
  g_assert_cmpfloat (cw_dataset_target_values_f64 (arrays, 0)[1], ==, 2.0);
  g_assert_cmpint (cw_dataset_make_categorical (arrays, 0, &err), ==, CW_OK);
  for (int i = 0; i < 3; i++) /* classes "2" < "10": indices 1, 0, 1 */
    g_assert_cmpfloat (cw_dataset_target_values_f64 (arrays, 0)[i], ==, i == 1 ? 0.0 : 1.0);
  cw_dataset_free (arrays);

  const char labelled[] = "target:kind,1,2\nb,0.1,0.2\n,0.3,0.4\na,0.5,0.6\n";
  cw_dataset *classes = cw_dataset_parse_csv (labelled, sizeof labelled - 1, "classes", NULL, &err);
  g_assert_nonnull (classes);
  const double *k64 = cw_dataset_target_values_f64 (classes, 0);
  g_assert_cmpfloat (k64[0], ==, 0.0);
  g_assert_true (isnan (k64[1]));
  g_assert_cmpfloat (k64[2], ==, 1.0);
  cw_dataset_free (classes);

  g_strfreev (cells);
  g_strfreev (lines);
  g_free (text);
  cw_dataset_free (ds);
}

/* The resources/ copy is what the app ships; it must load the same. */
static void
test_resources_copy (void)
{
  cw_error err;
  cw_dataset *a = cw_dataset_load_csv (GASOLINE, NULL, &err);
  cw_dataset *b = cw_dataset_load_csv (RESOURCES_DIR "/data/gasoline.csv", NULL, &err);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  assert_same_dataset (a, b);
  cw_dataset_free (a);
  cw_dataset_free (b);
}

/* Tab, semicolon, semicolon with decimal commas, CRLF, BOM, a trailing blank line: all the same data. */
static void
test_variants (void)
{
  gsize size;
  char *text = read_text (GASOLINE, &size);
  cw_error err;
  cw_dataset *ref = cw_dataset_parse_csv (text, size, "gasoline", NULL, &err);
  g_assert_nonnull (ref);

  char *tsv = replace_all (text, ",", "\t");
  char *semi = replace_all (text, ",", ";");
  char *decimal_comma = replace_all (semi, ".", ",");
  char *crlf = replace_all (text, "\n", "\r\n");
  char *bom = g_strconcat ("\xEF\xBB\xBF", crlf, NULL);
  char *blank_lines = g_strconcat (text, "\n\r\n  \n", NULL);
  const char *variants[] = { tsv, semi, decimal_comma, crlf, bom, blank_lines };
  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      cw_dataset *ds = cw_dataset_parse_csv (variants[v], strlen (variants[v]), "variant", NULL, &err);
      if (!ds)
        g_printerr ("variant %u: %s\n", v, err.message);
      g_assert_nonnull (ds);
      assert_same_dataset (ref, ds);
      cw_dataset_free (ds);
    }

  /* The TSV from a file too, with the delimiter given instead of detected. */
  char *dir = g_dir_make_tmp ("cw-csv-XXXXXX", NULL);
  char *path = g_build_filename (dir, "gasoline.tsv", NULL);
  g_assert_true (g_file_set_contents (path, tsv, -1, NULL));
  cw_csv_options options = { .delimiter = '\t' };
  cw_dataset *ds = cw_dataset_load_csv (path, &options, &err);
  g_assert_nonnull (ds);
  assert_same_dataset (ref, ds);
  cw_dataset_free (ds);
  g_remove (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);

  g_free (tsv);
  g_free (semi);
  g_free (decimal_comma);
  g_free (crlf);
  g_free (bom);
  g_free (blank_lines);
  g_free (text);
  cw_dataset_free (ref);
}

static void
test_quoted (void)
{
  cw_error err;
  cw_dataset *ds = load_fixture ("quoted.csv", NULL, &err);
  g_assert_nonnull (ds);
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 3);
  g_assert_cmpint (cw_dataset_length (ds), ==, 3);
  g_assert_cmpfloat (cw_dataset_axis (ds)[0], ==, 1.5);
  g_assert_cmpfloat (cw_dataset_axis (ds)[2], ==, 3.5);
  g_assert_cmpstr (cw_dataset_meta_value (ds, 0, 0), ==, "Smith, \"J\"");
  g_assert_cmpstr (cw_dataset_meta_value (ds, 0, 1), ==, "plain");
  g_assert_cmpstr (cw_dataset_meta_value (ds, 1, 1), ==, "two\nlines");
  g_assert_cmpstr (cw_dataset_meta_value (ds, 2, 0), ==, "");
  const float *x = cw_dataset_signals (ds);
  const float expected[] = { 0.5f, 0.25f, -1e-3f, 1, 2, 3, 4, 5, 6 };
  for (int i = 0; i < 9; i++)
    g_assert_cmpfloat (x[i], ==, expected[i]);
  const float *y = cw_dataset_target_values (ds, 0);
  g_assert_cmpfloat (y[0], ==, 1.25f);
  g_assert_cmpfloat (y[1], ==, 2.5f);
  g_assert_true (isnan (y[2]));
  g_assert_false (cw_dataset_target_is_categorical (ds, 0));
  cw_dataset_free (ds);

  /* Line numbers keep counting through line breaks inside quotes. */
  ds = load_fixture ("quoted-lines.csv", NULL, &err);
  g_assert_null (ds);
  g_assert_cmpint (err.status, ==, CW_ERR_PARSE);
  g_assert_cmpint (err.line, ==, 6);
  g_assert_cmpint (err.column, ==, 3);
  g_assert_nonnull (strstr (err.message, "line 6, column 3 (header '1'): 'x1' is not a number"));
}

static void
test_decimal_comma (void)
{
  cw_error err;
  cw_dataset *ds = load_fixture ("decimal-comma.csv", NULL, &err);
  g_assert_nonnull (ds);
  g_assert_cmpint (cw_dataset_length (ds), ==, 3);
  g_assert_cmpfloat (cw_dataset_axis (ds)[0], ==, 900.5);
  g_assert_cmpfloat (cw_dataset_axis (ds)[2], ==, 902.5);
  g_assert_cmpstr (cw_dataset_axis_label (ds, 1), ==, "901,5");
  const float expected[] = { 0.25f, -1.5e-3f, 2, 0.5f, 3.25f, -4 };
  for (int i = 0; i < 6; i++)
    g_assert_cmpfloat (cw_dataset_signals (ds)[i], ==, expected[i]);
  g_assert_cmpfloat (cw_dataset_target_values (ds, 0)[1], ==, 2.5f);
  cw_dataset_free (ds);
}

/* Plain CSV: the caller names the target; text columns become meta, number columns the signal. */
static void
test_plain (void)
{
  cw_error err;
  const char *names[] = { "octane", "target:octane" };
  for (int k = 0; k < 2; k++)
    {
      cw_csv_options options = { .target = names[k] };
      cw_dataset *ds = load_fixture ("plain.csv", &options, &err);
      g_assert_nonnull (ds);
      g_assert_cmpint (cw_dataset_n_samples (ds), ==, 3);
      g_assert_cmpint (cw_dataset_length (ds), ==, 4);
      g_assert_cmpstr (cw_dataset_axis_label (ds, 0), ==, "A");
      g_assert_cmpstr (cw_dataset_axis_label (ds, 3), ==, "D");
      g_assert_true (isnan (cw_dataset_axis (ds)[0])); /* "A" is not a number, and still loads */
      g_assert_cmpint (cw_dataset_n_targets (ds), ==, 1);
      g_assert_cmpstr (cw_dataset_target_name (ds, 0), ==, "octane");
      g_assert_cmpfloat (cw_dataset_target_values (ds, 0)[2], ==, 87.0f);
      g_assert_cmpint (cw_dataset_n_meta (ds), ==, 2);
      g_assert_cmpstr (cw_dataset_meta_name (ds, 0), ==, "id");
      g_assert_cmpstr (cw_dataset_meta_name (ds, 1), ==, "name");
      g_assert_cmpstr (cw_dataset_meta_value (ds, 1, 0), ==, "S02");
      g_assert_cmpfloat (cw_dataset_signals (ds)[4], ==, 0.5f);
      g_assert_cmpfloat (cw_dataset_signals (ds)[11], ==, 1.2f);
      cw_dataset_free (ds);
    }

  /* A text column named as the target becomes classes. */
  cw_csv_options by_name = { .target = "name" };
  cw_dataset *ds = load_fixture ("plain.csv", &by_name, &err);
  g_assert_nonnull (ds);
  g_assert_true (cw_dataset_target_is_categorical (ds, 0));
  g_assert_cmpint (cw_dataset_n_classes (ds, 0), ==, 3);
  g_assert_cmpstr (cw_dataset_class_name (ds, 0, 2), ==, "third");
  g_assert_cmpint (cw_dataset_length (ds), ==, 5); /* octane is now signal */
  cw_dataset_free (ds);

  /* No target named: unlabelled data. */
  ds = load_fixture ("plain.csv", NULL, &err);
  g_assert_nonnull (ds);
  g_assert_cmpint (cw_dataset_n_targets (ds), ==, 0);
  cw_dataset_free (ds);

  /* A wide file accepts options.target too, with or without the prefix. */
  cw_csv_options wide = { .target = "octane" };
  ds = cw_dataset_load_csv (GASOLINE, &wide, &err);
  g_assert_nonnull (ds);
  g_assert_cmpint (cw_dataset_n_targets (ds), ==, 1);
  g_assert_cmpint (cw_dataset_length (ds), ==, 401);
  cw_dataset_free (ds);
}

static void
test_missing_target_column (void)
{
  cw_error err;
  cw_csv_options options = { .target = "octan" };
  cw_dataset *ds = cw_dataset_load_csv (GASOLINE, &options, &err);
  g_assert_null (ds);
  g_assert_cmpint (err.status, ==, CW_ERR_PARSE);
  g_test_message ("%s", err.message);
  g_assert_nonnull (strstr (err.message, GASOLINE));
  g_assert_nonnull (strstr (err.message, "no column named 'octan'"));
  g_assert_nonnull (strstr (err.message, "columns with numbers: target:octane and 401 signal columns"));
  g_assert_nonnull (strstr (err.message, "did you mean 'target:octane'?"));

  options.target = "Octanes";
  ds = load_fixture ("plain.csv", &options, &err);
  g_assert_null (ds);
  g_test_message ("%s", err.message);
  g_assert_nonnull (strstr (err.message, "columns with numbers: A, B, C, D, octane"));
  g_assert_null (strstr (err.message, "id,")); /* text columns are not offered */
  g_assert_nonnull (strstr (err.message, "did you mean 'octane'?"));

  options.target = "viscosity";
  ds = load_fixture ("plain.csv", &options, &err);
  g_assert_null (ds);
  g_assert_null (strstr (err.message, "did you mean"));

  /* A meta column is not a target just because its name matches without the prefix. */
  options.target = "sample";
  ds = cw_dataset_load_csv (GASOLINE, &options, &err);
  g_assert_null (ds);
  g_assert_nonnull (strstr (err.message, "did you mean 'meta:sample'?"));
}

static void
test_classes (void)
{
  cw_error err;
  cw_dataset *ds = load_fixture ("classes.csv", NULL, &err);
  g_assert_nonnull (ds);
  g_assert_cmpint (cw_dataset_n_targets (ds), ==, 3);
  int grade = cw_dataset_find_target (ds, "grade"), level = cw_dataset_find_target (ds, "level");
  g_assert_true (cw_dataset_target_is_categorical (ds, grade));
  g_assert_cmpint (cw_dataset_n_classes (ds, grade), ==, 3);
  g_assert_cmpstr (cw_dataset_class_name (ds, grade, 0), ==, "mid"); /* order of first appearance */
  g_assert_cmpstr (cw_dataset_class_name (ds, grade, 1), ==, "low");
  g_assert_cmpstr (cw_dataset_class_name (ds, grade, 2), ==, "high");
  const float *g = cw_dataset_target_values (ds, grade);
  const float expected_grade[] = { 0, 1, 2, 0, NAN, 1 }; /* "NA" is a missing value, not a class */
  for (int i = 0; i < 6; i++)
    if (i == 4)
      g_assert_true (isnan (g[i]));
    else
      g_assert_cmpfloat (g[i], ==, expected_grade[i]);

  /* Integer labels load as numbers; as classes they sort numerically: 1, 2, 3, 10. */
  g_assert_false (cw_dataset_target_is_categorical (ds, level));
  g_assert_cmpint (cw_dataset_n_classes (ds, level), ==, 0);
  g_assert_cmpint (cw_dataset_make_categorical (ds, level, &err), ==, CW_OK);
  g_assert_true (cw_dataset_target_is_categorical (ds, level));
  g_assert_cmpint (cw_dataset_n_classes (ds, level), ==, 4);
  const char *names[] = { "1", "2", "3", "10" };
  for (int k = 0; k < 4; k++)
    g_assert_cmpstr (cw_dataset_class_name (ds, level, k), ==, names[k]);
  const float *l = cw_dataset_target_values (ds, level);
  const float expected_level[] = { 2, 0, 3, 1, 2, 0 };
  for (int i = 0; i < 6; i++)
    g_assert_cmpfloat (l[i], ==, expected_level[i]);
  /* Already categorical: nothing changes. */
  g_assert_cmpint (cw_dataset_make_categorical (ds, grade, &err), ==, CW_OK);
  g_assert_cmpint (cw_dataset_n_classes (ds, grade), ==, 3);
  cw_dataset_free (ds);

  /* Non-integer numbers cannot become classes; the message names the line. */
  ds = cw_dataset_load_csv (GASOLINE, NULL, &err);
  g_assert_cmpint (cw_dataset_make_categorical (ds, 0, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_cmpint (err.line, ==, 2);
  g_assert_nonnull (strstr (err.message, "line 2 holds 85.3"));
  g_assert_false (cw_dataset_target_is_categorical (ds, 0));
  cw_dataset_free (ds);
}

/* ---- malformed files ---- */

typedef struct {
  const char *file;
  cw_status status;
  int line, column;
  const char *says;
} bad_case;

static const bad_case bad_cases[] = {
  { "empty.csv", CW_ERR_PARSE, 1, 0, "the file is empty" },
  { "blank.csv", CW_ERR_PARSE, 1, 0, "the file is empty" },
  { "header-only.csv", CW_ERR_PARSE, 2, 0, "a header line but no data rows" },
  { "ragged-short.csv", CW_ERR_PARSE, 7, 7, "line 7 has 6 fields, the header has 7" },
  { "ragged-long.csv", CW_ERR_PARSE, 4, 8, "line 4 has 8 fields, the header has 7" },
  { "bad-number.csv", CW_ERR_PARSE, 12, 4, "line 12, column 4 (header '1010'): 'abc' is not a number" },
  { "nan-signal.csv", CW_ERR_PARSE, 3, 5, "line 3, column 5 (header '1020'): 'NaN' is not a finite number" },
  { "empty-signal.csv", CW_ERR_PARSE, 5, 7, "line 5, column 7 (header '1040'): the cell is empty" },
  { "inf-signal.csv", CW_ERR_PARSE, 6, 3, "line 6, column 3 (header '1000'): '-inf' is not a finite number" },
  { "no-numeric.csv", CW_ERR_PARSE, 1, 0, "no column holds the signal" },
  { "unclosed-quote.csv", CW_ERR_PARSE, 3, 1, "line 3, column 1: a quoted field is never closed" },
  { "after-quote.csv", CW_ERR_PARSE, 4, 1, "line 4, column 1: unexpected text after a closing quote" },
  { "does-not-exist.csv", CW_ERR_IO, 0, 0, "No such file" },
};

static void
test_malformed (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const bad_case *c = &bad_cases[i];
      cw_error err;
      char *path = fixture (c->file);
      cw_dataset *ds = cw_dataset_load_csv (path, NULL, &err);
      g_test_message ("%s -> %s", c->file, err.message);
      g_assert_null (ds);
      g_assert_cmpint (err.status, ==, c->status);
      g_assert_cmpint (err.line, ==, c->line);
      g_assert_cmpint (err.column, ==, c->column);
      g_assert_nonnull (strstr (err.message, path)); /* the file is named */
      g_assert_nonnull (strstr (err.message, c->says));
      /* Without an error record the same input just fails. */
      g_assert_null (cw_dataset_load_csv (path, NULL, NULL));
      g_free (path);
    }

  cw_error err;
  cw_dataset *ds = cw_dataset_load_csv (FIXTURES_DIR, NULL, &err);
  g_assert_null (ds);
  g_assert_cmpint (err.status, ==, CW_ERR_IO);

  /* A signal cell beyond float range is refused rather than turned into infinity. */
  const char *huge = "meta:id,1,2\na,1e39,0\n";
  ds = cw_dataset_parse_csv (huge, strlen (huge), "huge", NULL, &err);
  g_assert_null (ds);
  g_assert_cmpint (err.line, ==, 2);
  g_assert_cmpint (err.column, ==, 2);
  g_assert_nonnull (strstr (err.message, "beyond the single-precision range"));
}

static void
test_allow_missing (void)
{
  cw_csv_options options = { .allow_missing = true };
  struct { const char *file; int row, t; } cases[] = {
    { "nan-signal.csv", 1, 2 }, { "empty-signal.csv", 3, 4 }, { "inf-signal.csv", 4, 0 },
  };
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      cw_error err;
      cw_dataset *ds = load_fixture (cases[k].file, &options, &err);
      g_assert_nonnull (ds);
      g_assert_cmpint (cw_dataset_n_samples (ds), ==, 12);
      /* The one missing cell is filled from its own row: between its neighbours, or the nearest value at
       * either end of the row; the note says so. */
      const double *x = cw_dataset_signals_f64 (ds);
      for (int i = 0; i < 12 * 5; i++)
        g_assert_false (isnan (x[i]));
      const double *row = x + cases[k].row * 5;
      int t = cases[k].t;
      double want = t == 0 ? row[1] : t == 4 ? row[3] : 0.5 * (row[t - 1] + row[t + 1]);
      g_assert_cmpfloat_with_epsilon (row[t], want, 1e-12);
      g_assert_cmpfloat_with_epsilon (cw_dataset_signals (ds)[cases[k].row * 5 + t], (float) want, 1e-6);
      g_assert_cmpstr (cw_dataset_note (ds), ==,
                       "1 missing signal cell (empty or NA) filled by linear interpolation between the "
                       "neighbouring values of the same row.");
      cw_dataset_free (ds);
    }
  /* A row with no value at all cannot be filled: refused naming its line. */
  const char text[] = "target:y,1,2,3\n1,0.1,0.2,0.3\n2,NA,,NA\n";
  cw_error err;
  g_assert_null (cw_dataset_parse_csv (text, sizeof text - 1, "t.csv", &options, &err));
  g_assert_cmpint (err.line, ==, 3);
  g_assert_nonnull (strstr (err.message, "line 3 has no signal value at all"));
}

/* A row without a target value loads (NAN); encoding it for training names the line. */
static void
test_missing_target_value (void)
{
  cw_error err;
  cw_dataset *ds = load_fixture ("missing-target.csv", NULL, &err);
  g_assert_nonnull (ds);
  const float *y = cw_dataset_target_values (ds, 0);
  g_assert_true (isnan (y[2]));
  g_assert_true (isnan (y[4]));
  g_assert_cmpfloat (y[0], ==, 80.1f);
  float *encoded = NULL;
  int k = -1, col = 0;
  g_assert_cmpint (cw_dataset_encode_targets (ds, CW_TASK_REGRESSION, &col, 1, &encoded, &k, &err), ==,
                   CW_ERR_INVALID_ARGUMENT);
  g_assert_null (encoded);
  g_assert_cmpint (err.line, ==, 4);
  g_assert_nonnull (strstr (err.message, "line 4 has no value for target 'y'"));
  cw_dataset_free (ds);
}

/* Numbers: every float the reader produces equals GLib's strtod rounded to float, for many formats. */
static void
test_number_formats (void)
{
  const int rows = 200, cols = 50;
  GString *csv = g_string_new ("meta:id");
  for (int c = 0; c < cols; c++)
    g_string_append_printf (csv, ",%d", c);
  g_string_append_c (csv, '\n');
  GRand *rand = g_rand_new_with_seed (7);
  char **cells = g_new0 (char *, rows * cols + 1);
  for (int r = 0; r < rows; r++)
    {
      g_string_append_printf (csv, "r%d", r);
      for (int c = 0; c < cols; c++)
        {
          double v = g_rand_double_range (rand, -1, 1) * pow (10, g_rand_int_range (rand, -30, 31));
          int digits = g_rand_int_range (rand, 1, 20);
          char *cell;
          switch (g_rand_int_range (rand, 0, 6))
            {
            case 0: cell = g_strdup_printf ("%.*e", digits, v); break;
            case 1: cell = g_strdup_printf ("%.*f", digits % 8, v * 1e-20); break;
            case 2: cell = g_strdup_printf ("%+.*G", digits, v); break;
            case 3: cell = g_strdup_printf ("%d", g_rand_int_range (rand, -100000, 100000)); break;
            default: cell = g_strdup_printf ("%.*g", digits, v); break;
            }
          cells[r * cols + c] = cell;
          g_string_append_printf (csv, ",%s", cell);
        }
      g_string_append_c (csv, '\n');
    }
  /* Forms a hand-rolled parser gets wrong. */
  const char *odd[] = { ".5", "5.", "-0", "1E5", "0x1p-3", "00012.500", "1e-45", "3.4028234e38",
                        "0.000000000000000000000000000001", "123456789012345678901234567890" };
  g_string_append (csv, "odd");
  for (int c = 0; c < cols; c++)
    g_string_append_printf (csv, ",%s", odd[c % G_N_ELEMENTS (odd)]);
  g_string_append_c (csv, '\n');

  cw_error err;
  cw_dataset *ds = cw_dataset_parse_csv (csv->str, csv->len, "numbers", NULL, &err);
  if (!ds)
    g_printerr ("%s\n", err.message);
  g_assert_nonnull (ds);
  const float *x = cw_dataset_signals (ds);
  for (int i = 0; i < rows * cols; i++)
    {
      float expected = (float) g_ascii_strtod (cells[i], NULL);
      if (memcmp (&x[i], &expected, sizeof (float)) != 0)
        g_printerr ("cell '%s': %.9g, expected %.9g\n", cells[i], x[i], expected);
      g_assert_cmpmem (&x[i], sizeof (float), &expected, sizeof (float));
    }
  for (int c = 0; c < cols; c++)
    {
      float expected = (float) g_ascii_strtod (odd[c % G_N_ELEMENTS (odd)], NULL);
      g_assert_cmpmem (&x[rows * cols + c], sizeof (float), &expected, sizeof (float));
    }
  g_assert_true (signbit (x[rows * cols + 2])); /* "-0" keeps its sign */
  /* The doubles are strtod's to the last bit, whatever the number of digits (up to 20 here). */
  const double *x64 = cw_dataset_signals_f64 (ds);
  for (int i = 0; i < rows * cols; i++)
    {
      double expected = g_ascii_strtod (cells[i], NULL);
      if (memcmp (&x64[i], &expected, sizeof (double)) != 0)
        g_printerr ("cell '%s': %.17g, expected %.17g\n", cells[i], x64[i], expected);
      g_assert_cmpmem (&x64[i], sizeof (double), &expected, sizeof (double));
    }
  for (int c = 0; c < cols; c++)
    {
      double expected = g_ascii_strtod (odd[c % G_N_ELEMENTS (odd)], NULL);
      g_assert_cmpmem (&x64[rows * cols + c], sizeof (double), &expected, sizeof (double));
    }
  cw_dataset_free (ds);
  g_strfreev (cells);
  g_rand_free (rand);
  g_string_free (csv, TRUE);
}

/* Broken input of every kind fails cleanly: each prefix of a file and random corruptions either load
 * a consistent dataset or return an error with a message (run under a sanitizer to catch overruns). */
/* Long mantissas (17-19 digits, as %.17g, repr and numpy's %.18e write them), decimal integers at and
 * next to double midpoints in [2^53, 2^63), and 19-digit roundings of midpoints between doubles (exact
 * in long double, printed exactly by glibc), where rounding to 64 bits and then to 53 goes wrong: the
 * doubles must still be strtod's to the bit. */
static void
test_number_precision (void)
{
  const int cols = 64, rows = 400;
  GString *csv = g_string_new ("meta:id");
  for (int c = 0; c < cols; c++)
    g_string_append_printf (csv, ",%d", c);
  g_string_append_c (csv, '\n');
  GRand *rand = g_rand_new_with_seed (11);
  char **cells = g_new0 (char *, rows * cols + 1);
  for (int r = 0; r < rows; r++)
    {
      g_string_append_printf (csv, "r%d", r);
      for (int c = 0; c < cols; c++)
        {
          char *cell;
          if (r % 2 == 0)
            {
              double v = g_rand_double_range (rand, -1, 1) * pow (10, g_rand_int_range (rand, -12, 13));
              const char *formats[] = { "%.17g", "%.18e", "%.16g", "%.19g" };
              cell = g_strdup_printf (formats[c % 4], v);
            }
          else if (c % 2 == 0)
            {
              double d = g_rand_double_range (rand, 1e-3, 1e3);
              long double mid = (long double) d + ((long double) nextafter (d, INFINITY) - d) / 2;
              cell = g_strdup_printf ("%.18Le", mid);
            }
          else
            {
              int shift = g_rand_int_range (rand, 53, 63);
              guint64 ulp = G_GUINT64_CONSTANT (1) << (shift - 52);
              guint64 d = (G_GUINT64_CONSTANT (1) << shift) + ((guint64) g_rand_int (rand) << 20) / ulp * ulp;
              guint64 mid = d + ulp / 2 + (guint64) g_rand_int_range (rand, -1, 2);
              cell = g_strdup_printf ("%" G_GUINT64_FORMAT "%s", mid, c % 3 == 0 ? "e-3" : "");
            }
          cells[r * cols + c] = cell;
          g_string_append_printf (csv, ",%s", cell);
        }
      g_string_append_c (csv, '\n');
    }
  cw_error err;
  cw_dataset *ds = cw_dataset_parse_csv (csv->str, csv->len, "precision", NULL, &err);
  g_assert_nonnull (ds);
  const double *x64 = cw_dataset_signals_f64 (ds);
  for (int i = 0; i < rows * cols; i++)
    {
      double expected = g_ascii_strtod (cells[i], NULL);
      if (memcmp (&x64[i], &expected, sizeof (double)) != 0)
        g_printerr ("cell '%s': %.17g, expected %.17g\n", cells[i], x64[i], expected);
      g_assert_cmpmem (&x64[i], sizeof (double), &expected, sizeof (double));
    }
  cw_dataset_free (ds);
  g_strfreev (cells);
  g_rand_free (rand);
  g_string_free (csv, TRUE);
}

static void
test_robustness (void)
{
  const char *names[] = { "quoted.csv", "classes.csv", "wide-small.csv", "decimal-comma.csv" };
  GRand *rand = g_rand_new_with_seed (11);
  const char noise[] = { '"', ',', ';', '\t', '\n', '\r', ' ', 'x', '1', '.', '\0', (char) 0xEF };
  int loaded = 0, failed = 0;
  for (guint f = 0; f < G_N_ELEMENTS (names); f++)
    {
      char *path = fixture (names[f]);
      gsize size;
      char *text = read_text (path, &size);
      for (int round = 0; round < (int) size + 600; round++)
        {
          char *copy = g_memdup2 (text, size);
          gsize len = size;
          if (round < (int) size)
            len = (gsize) round; /* a truncated file */
          else
            for (int m = g_rand_int_range (rand, 1, 5); m > 0; m--)
              copy[g_rand_int_range (rand, 0, (int) size)] = noise[g_rand_int_range (rand, 0, sizeof noise)];
          cw_error err;
          cw_csv_options options = { .allow_missing = round % 2 == 0, .target = round % 3 ? NULL : "y" };
          cw_dataset *ds = cw_dataset_parse_csv (copy, len, "fuzz", &options, &err);
          if (ds)
            {
              loaded++;
              g_assert_cmpint (err.status, ==, CW_OK);
              g_assert_cmpint (cw_dataset_n_samples (ds), >=, 1);
              g_assert_cmpint (cw_dataset_length (ds), >=, 1);
              for (int j = 0; j < cw_dataset_n_targets (ds); j++)
                for (int i = 0; i < cw_dataset_n_samples (ds); i++)
                  {
                    float v = cw_dataset_target_values (ds, j)[i];
                    if (cw_dataset_target_is_categorical (ds, j) && !isnan (v))
                      g_assert_cmpfloat (v, <, cw_dataset_n_classes (ds, j));
                  }
              cw_dataset_free (ds);
            }
          else
            {
              failed++;
              g_assert_cmpint (err.status, !=, CW_OK);
              g_assert_cmpuint (strlen (err.message), >, 10);
            }
          g_free (copy);
        }
      g_free (text);
      g_free (path);
    }
  g_test_message ("robustness: %d loaded, %d refused", loaded, failed);
  g_assert_cmpint (loaded, >, 0);
  g_assert_cmpint (failed, >, 0);
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv/gasoline", test_gasoline);
  g_test_add_func ("/csv/gasoline-f64", test_gasoline_f64);
  g_test_add_func ("/csv/resources-copy", test_resources_copy);
  g_test_add_func ("/csv/variants", test_variants);
  g_test_add_func ("/csv/quoted", test_quoted);
  g_test_add_func ("/csv/decimal-comma", test_decimal_comma);
  g_test_add_func ("/csv/plain", test_plain);
  g_test_add_func ("/csv/missing-target-column", test_missing_target_column);
  g_test_add_func ("/csv/classes", test_classes);
  g_test_add_func ("/csv/malformed", test_malformed);
  g_test_add_func ("/csv/allow-missing", test_allow_missing);
  g_test_add_func ("/csv/missing-target-value", test_missing_target_value);
  g_test_add_func ("/csv/number-formats", test_number_formats);
  g_test_add_func ("/csv/number-precision", test_number_precision);
  g_test_add_func ("/csv/robustness", test_robustness);
  return g_test_run ();
}
