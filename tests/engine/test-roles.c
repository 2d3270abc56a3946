/* test-roles.c — training, validation and test rows: split-column words and their recognition (the bundled
 * gasoline file's split_vignette, train/monitor/test, boolean train flags), holdouts and folds carved out
 * of the training rows only, groups that never straddle two sets, and errors that name row and value. */
#include "cw-roles.h"

#include <glib.h>
#include <string.h>

#define GASOLINE SHARED_DIR "/data/gasoline.csv"

static cw_dataset *
parse (const char *text)
{
  cw_error err;
  cw_dataset *ds = cw_dataset_parse_csv (text, strlen (text), "t.csv", NULL, &err);
  if (!ds)
    g_error ("%s", err.message);
  return ds;
}

static void
test_words (void)
{
  g_assert_cmpint (cw_role_from_word ("split", "train"), ==, CW_ROLE_TRAIN);
  g_assert_cmpint (cw_role_from_word ("split", " Calibration "), ==, CW_ROLE_TRAIN);
  g_assert_cmpint (cw_role_from_word ("split", "cal"), ==, CW_ROLE_TRAIN);
  g_assert_cmpint (cw_role_from_word ("split", "monitor"), ==, CW_ROLE_VALIDATION);
  g_assert_cmpint (cw_role_from_word ("split", "VAL"), ==, CW_ROLE_VALIDATION);
  g_assert_cmpint (cw_role_from_word ("split", "validation"), ==, CW_ROLE_VALIDATION);
  g_assert_cmpint (cw_role_from_word ("split", "test"), ==, CW_ROLE_TEST);
  g_assert_cmpint (cw_role_from_word ("split", "other"), ==, -1);
  /* Booleans mean something only in a column named like a train flag. */
  g_assert_cmpint (cw_role_from_word ("split", "TRUE"), ==, -1);
  g_assert_cmpint (cw_role_from_word ("train", "TRUE"), ==, CW_ROLE_TRAIN);
  g_assert_cmpint (cw_role_from_word ("train", "FALSE"), ==, CW_ROLE_TEST);
  g_assert_cmpint (cw_role_from_word ("is_train", "0"), ==, CW_ROLE_TEST);
  g_assert_cmpint (cw_role_from_word ("sample", "1"), ==, -1);
  g_assert_cmpstr (cw_role_name (CW_ROLE_VALIDATION), ==, "validation");
}

static void
test_guess_gasoline (void)
{
  cw_error err;
  cw_dataset *ds = cw_dataset_load_csv (GASOLINE, NULL, &err);
  g_assert_nonnull (ds);
  /* meta:sample holds 1..60 (not role words); meta:split_vignette holds train/test. */
  int j = cw_roles_guess_split_column (ds);
  g_assert_cmpint (j, >=, 0);
  g_assert_cmpstr (cw_dataset_meta_name (ds, j), ==, "split_vignette");
  unsigned char roles[60];
  g_assert_cmpint (cw_roles_from_split_column (ds, "split_vignette", roles, &err), ==, CW_OK);
  for (int i = 0; i < 60; i++)
    g_assert_cmpint (roles[i], ==, i < 50 ? CW_ROLE_TRAIN : CW_ROLE_TEST);
  int counts[3];
  cw_roles_count (roles, 60, counts);
  g_assert_cmpint (counts[0], ==, 50);
  g_assert_cmpint (counts[1], ==, 0);
  g_assert_cmpint (counts[2], ==, 10);
  cw_dataset_free (ds);
}

static void
test_three_roles_and_flags (void)
{
  cw_dataset *ds = parse ("meta:id,meta:split,target:y,1,2\n"
                          "a,train,1,0,1\n"
                          "b,monitor,2,1,0\n"
                          "c,test,3,1,1\n"
                          "d,Train,4,0,0\n"
                          "e,,5,2,2\n");
  g_assert_cmpint (cw_roles_guess_split_column (ds), ==, 1);
  unsigned char roles[5];
  cw_error err;
  g_assert_cmpint (cw_roles_from_split_column (ds, "split", roles, &err), ==, CW_OK);
  const unsigned char want[5] = { CW_ROLE_TRAIN, CW_ROLE_VALIDATION, CW_ROLE_TEST, CW_ROLE_TRAIN, CW_ROLE_TRAIN };
  g_assert_cmpmem (roles, 5, want, 5);
  /* The id column is not a split column: asking for it names the row and the value. */
  g_assert_cmpint (cw_roles_from_split_column (ds, "id", roles, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "row 1"));
  g_assert_nonnull (strstr (err.message, "'a'"));
  g_assert_cmpint (cw_roles_from_split_column (ds, "nope", roles, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "nope"));
  cw_dataset_free (ds);

  ds = parse ("meta:train,target:y,1\nTRUE,1,0\nFALSE,2,1\nTRUE,3,2\n");
  g_assert_cmpint (cw_roles_guess_split_column (ds), ==, 0);
  g_assert_cmpint (cw_roles_from_split_column (ds, "train", roles, &err), ==, CW_OK);
  g_assert_cmpint (roles[0], ==, CW_ROLE_TRAIN);
  g_assert_cmpint (roles[1], ==, CW_ROLE_TEST);
  cw_dataset_free (ds);

  /* Every value a role word but no row held out: not a split. */
  ds = parse ("meta:split,target:y,1\ntrain,1,0\ntrain,2,1\n");
  g_assert_cmpint (cw_roles_guess_split_column (ds), ==, -1);
  cw_dataset_free (ds);
}

static void
test_holdout (void)
{
  enum { N = 40 };
  unsigned char roles[N];
  for (int i = 0; i < N; i++)
    roles[i] = i >= 30 ? CW_ROLE_TEST : CW_ROLE_TRAIN;
  cw_error err;
  g_assert_cmpint (cw_roles_holdout (roles, N, 0.2, NULL, 7, &err), ==, CW_OK);
  int counts[3];
  cw_roles_count (roles, N, counts);
  /* round(0.2 x 30) = 6 of the 30 training rows; the 10 test rows untouched. */
  g_assert_cmpint (counts[CW_ROLE_VALIDATION], ==, 6);
  g_assert_cmpint (counts[CW_ROLE_TRAIN], ==, 24);
  for (int i = 30; i < N; i++)
    g_assert_cmpint (roles[i], ==, CW_ROLE_TEST);
  /* Same seed, same rows; another seed, other rows. */
  unsigned char again[N], other[N];
  for (int i = 0; i < N; i++)
    again[i] = other[i] = i >= 30 ? CW_ROLE_TEST : CW_ROLE_TRAIN;
  g_assert_cmpint (cw_roles_holdout (again, N, 0.2, NULL, 7, &err), ==, CW_OK);
  g_assert_cmpint (cw_roles_holdout (other, N, 0.2, NULL, 8, &err), ==, CW_OK);
  g_assert_cmpmem (roles, N, again, N);
  g_assert_true (memcmp (roles, other, N) != 0);

  /* Groups of 4 replicates: validation takes whole groups, at least the share. */
  int groups[N];
  for (int i = 0; i < N; i++)
    {
      groups[i] = i / 4;
      roles[i] = i >= 32 ? CW_ROLE_TEST : CW_ROLE_TRAIN;
    }
  g_assert_cmpint (cw_roles_holdout (roles, N, 0.3, groups, 3, &err), ==, CW_OK);
  cw_roles_count (roles, N, counts);
  /* round (0.3 x 32) = 10 rows wanted: whole groups of 4 until there are at least 10, i.e. 3 groups. */
  g_assert_cmpint (counts[CW_ROLE_VALIDATION], ==, 12);
  for (int g = 0; g < N / 4; g++)
    for (int i = 4 * g + 1; i < 4 * g + 4; i++)
      g_assert_cmpint (roles[i], ==, roles[4 * g]);

  g_assert_cmpint (cw_roles_holdout (roles, N, 1.5, NULL, 1, &err), ==, CW_ERR_INVALID_ARGUMENT);
  unsigned char two[2] = { CW_ROLE_TRAIN, CW_ROLE_TEST };
  g_assert_cmpint (cw_roles_holdout (two, 2, 0.5, NULL, 1, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "no row to train on"));
}

static void
test_folds (void)
{
  enum { N = 25 };
  unsigned char roles[N];
  for (int i = 0; i < N; i++)
    roles[i] = i % 5 == 4 ? CW_ROLE_TEST : CW_ROLE_TRAIN; /* 20 training rows */
  int fold[N];
  cw_error err;
  /* Consecutive: the training rows in order, 7 + 7 + 6 (R's cvsegments). */
  g_assert_cmpint (cw_roles_folds (roles, N, 3, NULL, false, 0, fold, &err), ==, CW_OK);
  int t = 0;
  for (int i = 0; i < N; i++)
    {
      if (roles[i] == CW_ROLE_TEST)
        {
          g_assert_cmpint (fold[i], ==, -1);
          continue;
        }
      g_assert_cmpint (fold[i], ==, t < 7 ? 0 : t < 14 ? 1 : 2);
      t++;
    }
  /* Random: sizes differ by at most one, test rows in none. */
  g_assert_cmpint (cw_roles_folds (roles, N, 6, NULL, true, 11, fold, &err), ==, CW_OK);
  int size[6] = { 0 };
  for (int i = 0; i < N; i++)
    if (fold[i] >= 0)
      size[fold[i]]++;
    else
      g_assert_cmpint (roles[i], ==, CW_ROLE_TEST);
  for (int f = 0; f < 6; f++)
    g_assert_true (size[f] == 3 || size[f] == 4);
  /* Groups (pairs of rows) never straddle two folds. */
  int groups[N];
  for (int i = 0; i < N; i++)
    groups[i] = i / 2;
  g_assert_cmpint (cw_roles_folds (roles, N, 4, groups, true, 5, fold, &err), ==, CW_OK);
  for (int i = 0; i + 1 < N; i += 2)
    if (roles[i] == CW_ROLE_TRAIN && roles[i + 1] == CW_ROLE_TRAIN)
      g_assert_cmpint (fold[i], ==, fold[i + 1]);
  g_assert_cmpint (cw_roles_folds (roles, N, 21, NULL, true, 1, fold, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "20 training rows"));
}

static void
test_groups_from_meta (void)
{
  cw_dataset *ds = parse ("meta:patient,target:y,1\np1,1,0\np2,2,1\np1,3,2\n,4,2\np3,5,1\n,6,0\n");
  int groups[6];
  cw_error err;
  /* p1, p2, p1, (empty: own group), p3, (empty: own group) */
  g_assert_cmpint (cw_groups_from_meta (ds, "patient", groups, &err), ==, 5);
  const int want[6] = { 0, 1, 0, 2, 3, 4 };
  g_assert_cmpmem (groups, sizeof groups, want, sizeof want);
  g_assert_cmpint (cw_groups_from_meta (ds, "nope", groups, &err), ==, -1);
  cw_dataset_free (ds);
}

/* CSV text of n rows: meta:split (every 5th row test), meta:instrument (A/B), meta:<id_name> with each id
 * `per_id` times in a row, a target and two signal points. */
static char *
replicate_csv (const char *id_name, int n, int per_id)
{
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, "meta:split,meta:instrument,meta:%s,target:y,1,2\n", id_name);
  for (int i = 0; i < n; i++)
    g_string_append_printf (s, "%s,%c,s%03d,%d,0.%d,1.%d\n", i % 5 == 4 ? "test" : "train", i % 2 ? 'A' : 'B',
                            i / per_id, i, i % 10, i % 7);
  return g_string_free (s, FALSE);
}

static void
test_guess_group_column (void)
{
  /* A column named like an id with repeated values is guessed; the split column and a two-value
   * instrument column are not. */
  g_autofree char *named = replicate_csv ("sample_id", 30, 3);
  cw_dataset *ds = parse (named);
  int split = cw_roles_guess_split_column (ds);
  g_assert_cmpstr (cw_dataset_meta_name (ds, split), ==, "split");
  int j = cw_roles_guess_group_column (ds, split);
  g_assert_cmpint (j, >=, 0);
  g_assert_cmpstr (cw_dataset_meta_name (ds, j), ==, "sample_id");
  g_assert_cmpint (cw_roles_guess_group_column (ds, j), ==, -1); /* excluded: nothing else qualifies */
  cw_dataset_free (ds);

  /* Any name, when the values form a replicate pattern (10 ids of 2 rows). */
  g_autofree char *pairs = replicate_csv ("spectrum", 20, 2);
  ds = parse (pairs);
  j = cw_roles_guess_group_column (ds, -1);
  g_assert_cmpint (j, >=, 0);
  g_assert_cmpstr (cw_dataset_meta_name (ds, j), ==, "spectrum");
  cw_dataset_free (ds);

  /* Large groups under a neutral name are classes, not replicates (5 groups of 12 rows). */
  g_autofree char *classes = replicate_csv ("origin", 60, 12);
  ds = parse (classes);
  g_assert_cmpint (cw_roles_guess_group_column (ds, -1), ==, -1);
  cw_dataset_free (ds);

  /* Ids that never repeat keep nothing together: gasoline's meta:sample is 1..60. */
  cw_error err;
  ds = cw_dataset_load_csv (GASOLINE, NULL, &err);
  g_assert_nonnull (ds);
  g_assert_cmpint (cw_roles_guess_group_column (ds, -1), ==, -1);
  cw_dataset_free (ds);
}

static void
test_groups_many_rows (void)
{
  /* 20,000 rows, ids s0000.. in pairs but in a shuffled order of first appearance: ids follow first
   * appearance and rows with the same text share one. */
  enum { N = 20000 };
  GString *text = g_string_new ("meta:patient,target:y,1\n");
  for (int i = 0; i < N; i++)
    {
      int id = (i / 2) * 7919 % (N / 2); /* 7919 is prime to N/2: a permutation */
      g_string_append_printf (text, "p%05d,%d,0\n", id, i);
    }
  cw_dataset *ds = parse (text->str);
  g_string_free (text, TRUE);
  int *groups = g_new (int, N);
  cw_error err;
  g_assert_cmpint (cw_groups_from_meta (ds, "patient", groups, &err), ==, N / 2);
  for (int i = 0; i < N; i++)
    g_assert_cmpint (groups[i], ==, i / 2);
  g_free (groups);
  cw_dataset_free (ds);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/roles/words", test_words);
  g_test_add_func ("/roles/guess-gasoline", test_guess_gasoline);
  g_test_add_func ("/roles/three-roles-and-flags", test_three_roles_and_flags);
  g_test_add_func ("/roles/holdout", test_holdout);
  g_test_add_func ("/roles/folds", test_folds);
  g_test_add_func ("/roles/groups-from-meta", test_groups_from_meta);
  g_test_add_func ("/roles/groups-many-rows", test_groups_many_rows);
  g_test_add_func ("/roles/guess-group-column", test_guess_group_column);
  return g_test_run ();
}
