/* cw-roles.h — the three roles a row can play: training, validation, test.
 *
 * Every choice (epochs, early stopping, recipe, PLS components, preprocessing) is made on training rows
 * only: on validation rows carved out of them (a holdout: given by a split column, random, or random by
 * groups so that replicates stay together) or by K-fold cross-validation over them. Test rows are scored
 * once, after every choice is made, for the report. Nothing in this header ever turns a test row into a
 * validation row.
 *
 * Split columns: a meta column whose values are all recognised role words is a split column. Words
 * (case-insensitive, surrounding spaces ignored):
 *   training:   train, training, cal, calib, calibration, learn, fit, true, yes, 1 (boolean train flags)
 *   validation: val, valid, validation, monitor, monitoring, dev, development, tune, tuning
 *   test:       test, testing, holdout, hold-out, pred, prediction, false, no, 0
 * The boolean forms count only in a column named like a train flag (e.g. "train", "is_train", "training",
 * "cal", "calibration"), where TRUE means training and FALSE test. */
#ifndef CW_ROLES_H
#define CW_ROLES_H

#include "cw-base.h"
#include "cw-data.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  CW_ROLE_TRAIN = 0,
  CW_ROLE_VALIDATION = 1,
  CW_ROLE_TEST = 2,
} cw_role;

const char *cw_role_name (cw_role role); /* "training", "validation", "test" */

/* The role a split column's cell names, or -1 when the word is not recognised (see above). `column`
 * is the column's name (without "meta:"), which decides whether true/false and 1/0 are train flags. */
int cw_role_from_word (const char *column, const char *word);

/* The first meta column of ds that is a split column: every non-empty value recognised, at least one
 * test or validation row, at least one training row. -1 when there is none. */
int cw_roles_guess_split_column (const cw_dataset *ds);

/* roles[i] from split column `column`: each recognised word gives its role. Fails naming the row and the
 * value when a value is not a role word (empty cells are training rows). */
cw_status cw_roles_from_split_column (const cw_dataset *ds, const char *column, unsigned char *roles,
                                      cw_error *err);

/* Counts of each role over n rows. */
void cw_roles_count (const unsigned char *roles, int n, int counts[3]);

/* Holdout validation out of the training rows: marks round(fraction * training rows) of the rows whose
 * role is CW_ROLE_TRAIN as CW_ROLE_VALIDATION, by seed. With groups (n ids, NULL = none) whole groups
 * are taken, in a seeded random order, until at least that many rows are validation; groups are never
 * split. Test rows and rows already in validation are left as they are. Fails when the training rows
 * would be left empty or (with groups) when there is only one group. */
cw_status cw_roles_holdout (unsigned char *roles, int n, double fraction, const int *groups, uint64_t seed,
                            cw_error *err);

/* Group ids from a meta column: rows with equal text share an id (0, 1, ... in order of first
 * appearance; empty cells are each their own group). groups has n entries. Returns the number of
 * groups, or -1 with err filled when the column does not exist. */
int cw_groups_from_meta (const cw_dataset *ds, const char *column, int *groups, cw_error *err);

/* A meta column that looks like sample, patient or replicate ids, whose rows should stay together in
 * every split; -1 when none does. Its ids repeat (some id has two rows or more) over at least three
 * groups, and almost every cell is filled; a column named like an id (sample, patient, subject,
 * replicate, specimen, batch, group, id, ...) is taken first, otherwise one holding a replicate pattern
 * (groups of at most 10 rows, at least n/10 of them, most repeated). Split columns and the column
 * `exclude_column` (-1 for none) are never guessed. Rows are grouped in O(n log n). */
int cw_roles_guess_group_column (const cw_dataset *ds, int exclude_column);

/* K folds over the training rows (role CW_ROLE_TRAIN; every other row gets -1), for cross-validation.
 * Random: rows in a seeded random order dealt into folds whose sizes differ by at most one; not random:
 * consecutive blocks in row order (R pls's cvsegments "consecutive"). With groups (NULL = none), whole
 * groups go to one fold: groups in order of first appearance (random: shuffled by seed), each dealt to
 * the fold with the fewest rows so far (ties: the lowest fold). k must lie in [2, training rows] (or
 * [2, groups]); otherwise an error names the numbers. */
cw_status cw_roles_folds (const unsigned char *roles, int n, int k, const int *groups, bool random,
                          uint64_t seed, int *fold, cw_error *err);

#ifdef __cplusplus
}
#endif
#endif
