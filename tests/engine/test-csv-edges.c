/* test-csv-edges.c — edge cases of the CSV reader and writer that fuzzing found (tests/fuzz/fuzz-csv; the
 * inputs themselves are replayed from tests/fuzz/regressions/csv). */
#include "cw-data.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* Found by tests/fuzz/fuzz-csv: a NUL byte ended a cell silently ("3\0x" read as 3), and a blank line ending in
 * a lone CR before the header became a header of one empty name, which the writer put out as a blank line. */
static void
test_nul_and_lone_cr (void)
{
  cw_error err;
  const char nul[] = "a,b\n1,2\n3\0x,4\n";
  g_assert_null (cw_dataset_parse_csv (nul, sizeof nul - 1, "nul.csv", NULL, &err));
  g_assert_cmpint (err.status, ==, CW_ERR_PARSE);
  g_assert_cmpint (err.line, ==, 3);
  g_assert_nonnull (strstr (err.message, "nul.csv: line 3 holds a NUL byte (at byte 9)"));

  const char lone_cr[] = "\r\n\r900,902\n1,2\n";
  cw_dataset *ds = cw_dataset_parse_csv (lone_cr, sizeof lone_cr - 1, "cr.csv", NULL, &err);
  g_assert_nonnull (ds);
  g_assert_cmpint (cw_dataset_n_samples (ds), ==, 1);
  g_assert_cmpint (cw_dataset_length (ds), ==, 2);
  cw_dataset_free (ds);

  /* One column named "" writes a quoted header and reads back. */
  const char empty_name[] = "\"\"\n3\n";
  ds = cw_dataset_parse_csv (empty_name, sizeof empty_name - 1, "empty.csv", NULL, &err);
  g_assert_nonnull (ds);
  size_t size;
  char *text = cw_dataset_to_csv (ds, &size, &err);
  g_assert_cmpstr (text, ==, "\"\"\n3\n");
  cw_dataset *back = cw_dataset_parse_csv (text, size, "back.csv", NULL, &err);
  g_assert_nonnull (back);
  g_assert_cmpint (cw_dataset_n_samples (back), ==, 1);
  cw_dataset_free (back);
  free (text);
  cw_dataset_free (ds);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv-edges/nul-and-lone-cr", test_nul_and_lone_cr);
  return g_test_run ();
}
