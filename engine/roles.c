/* roles.c — training, validation and test rows: split-column recognition, holdouts and folds carved out
 * of the training rows (never out of the test rows), groups that stay together. */
#include "cw-roles.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *
cw_role_name (cw_role role)
{
  switch (role)
    {
    case CW_ROLE_TRAIN: return "training";
    case CW_ROLE_VALIDATION: return "validation";
    case CW_ROLE_TEST: return "test";
    }
  return "?";
}

/* The word without surrounding spaces, lower-cased into buf; false when it does not fit. */
static bool
normalise_word (const char *word, char *buf, size_t size)
{
  if (!word)
    return false;
  while (isspace ((unsigned char) *word))
    word++;
  size_t n = strlen (word);
  while (n > 0 && isspace ((unsigned char) word[n - 1]))
    n--;
  if (n + 1 > size)
    return false;
  for (size_t i = 0; i < n; i++)
    buf[i] = (char) tolower ((unsigned char) word[i]);
  buf[n] = '\0';
  return true;
}

static bool
word_in (const char *w, const char *const *list)
{
  for (; *list; list++)
    if (strcmp (w, *list) == 0)
      return true;
  return false;
}

/* A column that says "this row is for training" with booleans: train, is_train, training, cal, ... */
static bool
is_train_flag_column (const char *column)
{
  char name[64];
  if (!normalise_word (column, name, sizeof name))
    return false;
  static const char *const names[] = {
    "train", "is_train", "istrain", "training", "is_training", "in_train", "train_set", "trainset",
    "cal", "is_cal", "calib", "calibration", "is_calibration", NULL,
  };
  return word_in (name, names);
}

int
cw_role_from_word (const char *column, const char *word)
{
  char w[32];
  if (!normalise_word (word, w, sizeof w))
    return -1;
  static const char *const train[] = {
    "train", "training", "cal", "calib", "calibration", "learn", "learning", "fit", NULL,
  };
  static const char *const validation[] = {
    "val", "valid", "validation", "monitor", "monitoring", "dev", "development", "tune", "tuning", NULL,
  };
  static const char *const test[] = {
    "test", "testing", "holdout", "hold-out", "pred", "prediction", NULL,
  };
  if (word_in (w, train))
    return CW_ROLE_TRAIN;
  if (word_in (w, validation))
    return CW_ROLE_VALIDATION;
  if (word_in (w, test))
    return CW_ROLE_TEST;
  if (column && is_train_flag_column (column))
    {
      static const char *const yes[] = { "true", "yes", "1", "t", "y", NULL };
      static const char *const no[] = { "false", "no", "0", "f", "n", NULL };
      if (word_in (w, yes))
        return CW_ROLE_TRAIN;
      if (word_in (w, no))
        return CW_ROLE_TEST;
    }
  return -1;
}

static bool
is_empty (const char *v)
{
  if (!v)
    return true;
  while (isspace ((unsigned char) *v))
    v++;
  return *v == '\0';
}

/* Roles of meta column j; -1 when a non-empty value is not a role word (*bad_row = its row). */
static int
column_roles (const cw_dataset *ds, int j, unsigned char *roles, int *bad_row)
{
  int n = cw_dataset_n_samples (ds);
  const char *column = cw_dataset_meta_name (ds, j);
  for (int i = 0; i < n; i++)
    {
      const char *v = cw_dataset_meta_value (ds, i, j);
      int r = is_empty (v) ? CW_ROLE_TRAIN : cw_role_from_word (column, v);
      if (r < 0)
        {
          *bad_row = i;
          return -1;
        }
      if (roles)
        roles[i] = (unsigned char) r;
    }
  return 0;
}

int
cw_roles_guess_split_column (const cw_dataset *ds)
{
  assert (ds);
  int n = cw_dataset_n_samples (ds);
  if (n == 0)
    return -1;
  unsigned char *roles = malloc ((size_t) n);
  int found = -1;
  for (int j = 0; j < cw_dataset_n_meta (ds) && found < 0 && roles; j++)
    {
      int bad;
      if (column_roles (ds, j, roles, &bad) < 0)
        continue;
      int counts[3];
      cw_roles_count (roles, n, counts);
      if (counts[CW_ROLE_TRAIN] > 0 && counts[CW_ROLE_VALIDATION] + counts[CW_ROLE_TEST] > 0)
        found = j;
    }
  free (roles);
  return found;
}

cw_status
cw_roles_from_split_column (const cw_dataset *ds, const char *column, unsigned char *roles, cw_error *err)
{
  assert (ds && column);
  cw_error_clear (err);
  int j = cw_dataset_find_meta (ds, column);
  if (j < 0)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "%s: no meta column named '%s'.",
                         cw_dataset_source (ds), column);
  int bad = -1;
  if (column_roles (ds, j, roles, &bad) < 0)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, bad + 2, 0,
                         "%s, row %d: '%s' in meta column '%s' is not a role; a split column holds train "
                         "(or cal, calibration), val (or monitor, validation) and test.",
                         cw_dataset_source (ds), bad + 1, cw_dataset_meta_value (ds, bad, j), column);
  return CW_OK;
}

void
cw_roles_count (const unsigned char *roles, int n, int counts[3])
{
  counts[0] = counts[1] = counts[2] = 0;
  for (int i = 0; i < n; i++)
    {
      int r = roles ? roles[i] : CW_ROLE_TRAIN;
      assert (r >= 0 && r <= 2);
      counts[r]++;
    }
}

/* A row and its text in one meta column, for sorting rows by value. */
typedef struct {
  const char *value;
  int row;
} row_value;

static int
compare_row_values (const void *a, const void *b)
{
  const row_value *x = a, *y = b;
  int c = strcmp (x->value, y->value);
  return c ? c : (x->row > y->row) - (x->row < y->row);
}

/* Group ids of meta column j (see cw_groups_from_meta), by sorting rows on their text: n log n, so a
 * 100,000-row file with as many distinct ids is grouped at once. When stats is not NULL it gets the
 * number of empty cells and the largest group's size. -1 when memory runs out. */
typedef struct {
  int empty_cells;
  int largest_group;
  int repeated_groups; /* groups of two rows or more */
} group_stats;

static int
group_ids (const cw_dataset *ds, int j, int *groups, group_stats *stats)
{
  int n = cw_dataset_n_samples (ds);
  row_value *sorted = malloc ((n ? (size_t) n : 1) * sizeof *sorted);
  int *first = malloc ((n ? (size_t) n : 1) * sizeof *first);
  if (!sorted || !first)
    {
      free (sorted);
      free (first);
      return -1;
    }
  group_stats st = { 0, 0, 0 };
  int m = 0;
  for (int i = 0; i < n; i++)
    {
      const char *v = cw_dataset_meta_value (ds, i, j);
      first[i] = i; /* empty cells are each their own group */
      if (is_empty (v))
        st.empty_cells++;
      else
        sorted[m++] = (row_value) { v, i };
    }
  qsort (sorted, (size_t) m, sizeof *sorted, compare_row_values);
  for (int a = 0; a < m;)
    {
      int b = a + 1;
      while (b < m && strcmp (sorted[b].value, sorted[a].value) == 0)
        first[sorted[b++].row] = sorted[a].row; /* sorted by row within equal text: a's row comes first */
      if (b - a > st.largest_group)
        st.largest_group = b - a;
      if (b - a > 1)
        st.repeated_groups++;
      a = b;
    }
  if (m == 0 && n > 0)
    st.largest_group = 1;
  /* ids in order of first appearance: a row that starts its group takes the next id */
  int n_groups = 0;
  for (int i = 0; i < n; i++)
    groups[i] = first[i] == i ? n_groups++ : groups[first[i]];
  free (sorted);
  free (first);
  if (stats)
    *stats = st;
  return n_groups;
}

int
cw_groups_from_meta (const cw_dataset *ds, const char *column, int *groups, cw_error *err)
{
  assert (ds && column);
  cw_error_clear (err);
  int j = cw_dataset_find_meta (ds, column);
  if (j < 0)
    {
      cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "%s: no meta column named '%s' to group rows by.",
                    cw_dataset_source (ds), column);
      return -1;
    }
  int n_groups = group_ids (ds, j, groups, NULL);
  if (n_groups < 0)
    cw_error_set (err, CW_ERR_NOMEM, 0, 0, "%s: out of memory grouping %d rows by '%s'.",
                  cw_dataset_source (ds), cw_dataset_n_samples (ds), column);
  return n_groups;
}

/* Whether a column's name says it identifies a sample, a patient or a batch: any of these words as a
 * part of the name (split on anything that is not a letter), case-insensitive. */
static bool
names_an_identity (const char *column)
{
  static const char *const words[] = { "sample",  "samples", "patient", "subject",    "replicate", "rep",
                                       "specimen", "group",  "id",      "batch",      "animal",    "donor",
                                       "individual", "lot",  "record",  "participant", "plant",    "tree",
                                       "person",  "mouse",   "rat",     "cow",        "field",     "plot",
                                       NULL };
  char part[64];
  const char *p = column;
  while (*p)
    {
      while (*p && !isalpha ((unsigned char) *p))
        p++;
      size_t len = 0;
      while (isalpha ((unsigned char) p[len]))
        len++;
      if (len > 0 && len < sizeof part)
        {
          for (size_t k = 0; k < len; k++)
            part[k] = (char) tolower ((unsigned char) p[k]);
          part[len] = '\0';
          if (word_in (part, words))
            return true;
        }
      p += len;
    }
  return false;
}

int
cw_roles_guess_group_column (const cw_dataset *ds, int exclude_column)
{
  assert (ds);
  int n = cw_dataset_n_samples (ds);
  if (n < 4)
    return -1;
  int *groups = malloc ((size_t) n * sizeof *groups);
  int best = -1;
  bool best_named = false;
  for (int j = 0; j < cw_dataset_n_meta (ds) && groups && !best_named; j++)
    {
      int bad;
      if (j == exclude_column || column_roles (ds, j, NULL, &bad) == 0)
        continue; /* the split column itself, or another column of role words */
      group_stats st;
      int n_groups = group_ids (ds, j, groups, &st);
      /* Ids repeat (some group holds two rows or more), but there are enough groups to deal into
       * folds, and cells are filled. */
      if (n_groups < 3 || st.repeated_groups == 0 || st.empty_cells > n / 10)
        continue;
      bool named = names_an_identity (cw_dataset_meta_name (ds, j));
      /* Without a telling name, only a replicate pattern counts: many small groups (at most 10 rows
       * each, at least a tenth as many groups as rows, most of them repeated), not a class or an
       * instrument column with a few large groups. */
      bool replicates = st.largest_group <= 10 && n_groups >= 5 && n_groups * 10 >= n
                        && st.repeated_groups * 2 >= n_groups;
      if (named && n_groups < n)
        {
          best = j;
          best_named = true;
        }
      else if (replicates && best < 0)
        best = j;
    }
  free (groups);
  return best;
}

/* Distinct group ids among the rows with role `role`, in order of first appearance. */
static int
groups_of_role (const unsigned char *roles, int n, const int *groups, int role, int *out)
{
  int count = 0, max_id = -1;
  for (int i = 0; i < n; i++)
    if (roles[i] == role && groups[i] > max_id)
      max_id = groups[i];
  unsigned char *seen = calloc ((size_t) max_id + 2, 1);
  for (int i = 0; i < n; i++)
    if (roles[i] == role && !seen[groups[i]])
      {
        seen[groups[i]] = 1;
        out[count++] = groups[i];
      }
  free (seen);
  return count;
}

cw_status
cw_roles_holdout (unsigned char *roles, int n, double fraction, const int *groups, uint64_t seed,
                  cw_error *err)
{
  assert (roles || n == 0);
  cw_error_clear (err);
  if (!(fraction > 0 && fraction < 1))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The validation share must lie between 0 and 1 (got %g).", fraction);
  int counts[3];
  cw_roles_count (roles, n, counts);
  int n_train = counts[CW_ROLE_TRAIN];
  int want = (int) (fraction * n_train + 0.5);
  if (want < 1)
    want = 1;
  if (want >= n_train)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "A validation share of %g of %d training rows leaves no row to train on.", fraction,
                         n_train);
  cw_rng rng;
  cw_rng_seed (&rng, seed);
  if (!groups)
    {
      int *rows = malloc ((size_t) n_train * sizeof (int));
      for (int i = 0, t = 0; i < n; i++)
        if (roles[i] == CW_ROLE_TRAIN)
          rows[t++] = i;
      cw_rng_shuffle (&rng, rows, n_train);
      for (int t = 0; t < want; t++)
        roles[rows[t]] = CW_ROLE_VALIDATION;
      free (rows);
      return CW_OK;
    }
  int *ids = malloc ((size_t) n_train * sizeof (int));
  int n_groups = groups_of_role (roles, n, groups, CW_ROLE_TRAIN, ids);
  if (n_groups < 2)
    {
      free (ids);
      return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                           "The training rows form %d group; a validation set that keeps groups together "
                           "needs at least 2.", n_groups);
    }
  cw_rng_shuffle (&rng, ids, n_groups);
  /* Whole groups until the share is reached, but never every group. */
  int taken = 0;
  for (int g = 0; g < n_groups - 1 && taken < want; g++)
    for (int i = 0; i < n; i++)
      if (roles[i] == CW_ROLE_TRAIN && groups[i] == ids[g])
        {
          roles[i] = CW_ROLE_VALIDATION;
          taken++;
        }
  free (ids);
  return CW_OK;
}

cw_status
cw_roles_folds (const unsigned char *roles, int n, int k, const int *groups, bool random, uint64_t seed,
                int *fold, cw_error *err)
{
  assert (fold || n == 0);
  cw_error_clear (err);
  int counts[3];
  cw_roles_count (roles, n, counts);
  int n_train = counts[CW_ROLE_TRAIN];
  for (int i = 0; i < n; i++)
    fold[i] = -1;
  cw_rng rng;
  cw_rng_seed (&rng, seed);
  if (!groups)
    {
      if (k < 2 || k > n_train)
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "Cross-validation needs between 2 and %d folds for %d training rows (got %d).",
                             n_train, n_train, k);
      int *rows = malloc ((n_train ? (size_t) n_train : 1) * sizeof (int));
      for (int i = 0, t = 0; i < n; i++)
        if (!roles || roles[i] == CW_ROLE_TRAIN)
          rows[t++] = i;
      if (random)
        cw_rng_shuffle (&rng, rows, n_train);
      /* Consecutive blocks, the first (n mod k) one row longer: R pls's cvsegments. */
      int base = n_train / k, extra = n_train % k, t = 0;
      for (int f = 0; f < k; f++)
        for (int r = 0; r < base + (f < extra); r++)
          fold[rows[t++]] = f;
      free (rows);
      return CW_OK;
    }
  unsigned char *all_train = NULL;
  if (!roles)
    all_train = calloc (n ? (size_t) n : 1, 1); /* CW_ROLE_TRAIN is 0 */
  const unsigned char *r = roles ? roles : all_train;
  int *ids = malloc ((n ? (size_t) n : 1) * sizeof (int));
  int n_groups = groups_of_role (r, n, groups, CW_ROLE_TRAIN, ids);
  if (k < 2 || k > n_groups)
    {
      free (ids);
      free (all_train);
      return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                           "Cross-validation that keeps groups together needs between 2 and %d folds for %d "
                           "groups (got %d).", n_groups, n_groups, k);
    }
  if (random)
    cw_rng_shuffle (&rng, ids, n_groups);
  int max_id = 0;
  for (int i = 0; i < n; i++)
    if (r[i] == CW_ROLE_TRAIN && groups[i] > max_id)
      max_id = groups[i];
  int *size = calloc ((size_t) k, sizeof (int));
  int *group_fold = malloc (((size_t) max_id + 1) * sizeof (int));
  int *group_size = calloc ((size_t) max_id + 1, sizeof (int));
  for (int i = 0; i < n; i++)
    if (r[i] == CW_ROLE_TRAIN)
      group_size[groups[i]]++;
  for (int g = 0; g < n_groups; g++)
    {
      int best = 0;
      for (int f = 1; f < k; f++)
        if (size[f] < size[best])
          best = f;
      group_fold[ids[g]] = best;
      size[best] += group_size[ids[g]];
    }
  for (int i = 0; i < n; i++)
    if (r[i] == CW_ROLE_TRAIN)
      fold[i] = group_fold[groups[i]];
  free (size);
  free (group_fold);
  free (group_size);
  free (ids);
  free (all_train);
  return CW_OK;
}
