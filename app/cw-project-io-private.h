/* cw-project-io-private.h — what the files of the .cwproj format share:
 * cw-project-io.c       writing (and the JSON writing helpers);
 * cw-project-io-read.c  reading (and the JSON reading helpers that check every member's type);
 * cw-project-io-rows.c  both directions of the rows' roles and the recipe, and the reading of format
 *                       1's validation split;
 * cw-project-io-fit.c   both directions of the fit summary. */
#pragma once

#include <json-glib/json-glib.h>

#include "cw-project-private.h"

G_BEGIN_DECLS

/* ---- writing ---- */
/* JSON has no NaN or infinity: they are written as null. */
void cw_writer_add_double (JsonBuilder *builder, const char *name, double value);
void cw_writer_add_int (JsonBuilder *builder, const char *name, gint64 value);
void cw_writer_add_bool (JsonBuilder *builder, const char *name, gboolean value);
void cw_writer_add_string (JsonBuilder *builder, const char *name, const char *value); /* NULL -> null */
void cw_writer_add_double_array (JsonBuilder *builder, const char *name, const double *values, int n);

/* ---- reading ---- */
/* Reading keeps the file's name and builds every message from it; the first failure sticks. */
typedef struct
{
  const char *name;
  GError **error;
  gboolean failed;
} CwReader;

gboolean cw_reader_fail (CwReader *r, cw_status status, const char *fmt, ...) G_GNUC_PRINTF (3, 4);
/* The member when present with the wanted JSON type; NULL when absent or null (fine for optional
 * fields); a type mismatch fails the whole read naming "section.name". */
JsonNode *cw_reader_member (CwReader *r, JsonObject *object, const char *section, const char *name,
                            GType value_type);
/* Absent members leave *out as it is. */
void cw_reader_int (CwReader *r, JsonObject *object, const char *section, const char *name, int *out);
void cw_reader_float (CwReader *r, JsonObject *object, const char *section, const char *name, float *out);
void cw_reader_bool (CwReader *r, JsonObject *object, const char *section, const char *name, bool *out);
const char *cw_reader_string (CwReader *r, JsonObject *object, const char *section, const char *name);
JsonObject *cw_reader_object (CwReader *r, JsonObject *object, const char *section, const char *name);
/* An array of n numbers (null = NaN), malloc'd (cw_history_clear frees with free); NULL when absent. */
double *cw_reader_double_array (CwReader *r, JsonObject *object, const char *section, const char *name, int n);
/* A 64-bit number kept as text (JSON readers lose precision past 2^53). */
void cw_reader_uint64_text (CwReader *r, JsonObject *object, const char *section, const char *name,
                            guint64 *out);

/* ---- cw-project-io-rows.c ---- */
void cw_project_write_rows (JsonBuilder *builder, const CwRowSettings *rows);
/* The "rows" object of format 2 into *rows (which holds the defaults for absent members). */
void cw_project_read_rows (CwReader *r, JsonObject *object, CwRowSettings *rows);
/* Format 1's "validation" {fraction, meta_column, meta_values}: validated on rows that are now test rows.
 * Its meta rows become the test rows and the training rows are validated on a holdout of the same
 * fraction (0.2 when it was a meta split); *note says so (NULL when nothing changed meaning). */
void cw_project_write_recipe (JsonBuilder *builder, const CwRecipeSettings *recipe);
void cw_project_read_recipe (CwReader *r, JsonObject *object, CwRecipeSettings *recipe);
void cw_project_read_legacy_validation (CwReader *r, JsonObject *object, CwRowSettings *rows, char **note);

/* ---- cw-project-io-fit.c ---- */
void cw_project_write_fit (JsonBuilder *builder, const CwFitSummary *summary);
/* The "fit" object; the summary's targets (y) are left NULL for the project to fill. NULL on failure. */
CwFitSummary *cw_project_read_fit (CwReader *r, JsonObject *object, cw_task task);

G_END_DECLS
