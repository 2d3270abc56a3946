/* dataset-load.c — one entry point for every supported file: the format from the magic bytes or the
 * extension, the reader, then targets (and an axis) from sibling files for formats that carry none; and
 * what the readers share: spectra turned into a dataset, target arrays added to one. */
#include "cw-csv-private.h"
#include "cw-data-private.h"
#include "cw-numtext-private.h"
#include "cw-readers-private.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Files above this are refused before reading: 4 GiB of signals is beyond what the workbench trains on. */
#define MAX_FILE_BYTES ((size_t) 4 << 30)

static char *
dup_string (const char *s)
{
  size_t n = strlen (s) + 1;
  char *d = malloc (n);
  if (d)
    memcpy (d, s, n);
  return d;
}

/* ---- formats ---- */

static bool
has_extension (const char *name, const char *ext)
{
  if (!name)
    return false;
  size_t n = strlen (name), e = strlen (ext);
  return n > e && name[n - e - 1] == '.' && strcasecmp (name + n - e, ext) == 0;
}

cw_file_format
cw_file_format_detect (const void *head, size_t size, const char *name)
{
  const unsigned char *b = head;
  if (size >= 6 && memcmp (b, "\x93NUMPY", 6) == 0)
    return CW_FORMAT_NPY;
  if (size >= 4 && memcmp (b, "PK\x03\x04", 4) == 0)
    return CW_FORMAT_NPZ;
  if (cw_audio_is_magic (b, size))
    return CW_FORMAT_AUDIO;
  /* SPC: the version byte (0x4B new, 0x4D old) second. Alone it is weak evidence — a text file can have
   * 'K' or 'M' second — but SPC flags rarely make a printable first byte, and a .spc name settles it. */
  if (size >= 2 && (b[1] == 0x4B || b[1] == 0x4D)
      && (has_extension (name, "spc")
          || (b[0] < 0x20 && b[0] != '\t' && b[0] != '\n' && b[0] != '\r') || b[0] >= 0x7F))
    return CW_FORMAT_SPC;
  /* JCAMP-DX: "##" after optional blank lines and a UTF-8 byte order mark. */
  size_t i = size >= 3 && memcmp (b, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  while (i < size && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
    i++;
  if (i + 1 < size && b[i] == '#' && b[i + 1] == '#')
    return CW_FORMAT_JCAMP;
  if (has_extension (name, "jdx") || has_extension (name, "dx") || has_extension (name, "jcamp"))
    return CW_FORMAT_JCAMP;
  if (has_extension (name, "spc"))
    return CW_FORMAT_SPC;
  if (has_extension (name, "npy"))
    return CW_FORMAT_NPY;
  if (has_extension (name, "npz"))
    return CW_FORMAT_NPZ;
  /* An audio name without audio magic: libsndfile's error then says what is wrong, not the CSV reader's. */
  if (name && cw_audio_is_file_name (name))
    return CW_FORMAT_AUDIO;
  return CW_FORMAT_CSV;
}

const char *
cw_file_format_name (cw_file_format format)
{
  switch (format)
    {
    case CW_FORMAT_AUTO: return "automatic";
    case CW_FORMAT_CSV: return "CSV";
    case CW_FORMAT_JCAMP: return "JCAMP-DX";
    case CW_FORMAT_SPC: return "SPC";
    case CW_FORMAT_NPY: return "NumPy .npy";
    case CW_FORMAT_NPZ: return "NumPy .npz";
    case CW_FORMAT_AUDIO: return "audio";
    }
  return "unknown";
}

/* ---- reading files ---- */

bool
cw_read_whole_file (const char *path, size_t max, unsigned char **data, size_t *size, cw_error *err)
{
  *data = NULL;
  *size = 0;
  FILE *f = fopen (path, "rb");
  if (!f)
    return cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot open %s: %s.", path, strerror (errno)), false;
  struct stat st;
  if (fstat (fileno (f), &st) == 0 && S_ISREG (st.st_mode) && (uint64_t) st.st_size > max)
    {
      fclose (f);
      return cw_error_set (err, CW_ERR_IO, 0, 0, "%s is %llu bytes, more than the %zu a data file may have.",
                           path, (unsigned long long) st.st_size, max), false;
    }
  size_t capacity = S_ISREG (st.st_mode) && st.st_size > 0 ? (size_t) st.st_size + 1 : 1 << 16;
  unsigned char *buf = malloc (capacity + 1);
  size_t used = 0;
  while (buf)
    {
      size_t got = fread (buf + used, 1, capacity - used, f);
      used += got;
      if (used < capacity)
        break;
      if (capacity > max)
        {
          free (buf);
          fclose (f);
          return cw_error_set (err, CW_ERR_IO, 0, 0, "%s is more than the %zu bytes a data file may have.",
                               path, max), false;
        }
      unsigned char *grown = realloc (buf, capacity * 2 + 1);
      if (!grown)
        free (buf);
      buf = grown;
      capacity *= 2;
    }
  bool failed = ferror (f);
  int saved = errno;
  fclose (f);
  if (!buf)
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", path), false;
  if (failed)
    {
      free (buf);
      return cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot read %s: %s.", path, strerror (saved)), false;
    }
  buf[used] = '\0';
  *data = buf;
  *size = used;
  return true;
}

/* ---- spectra ---- */

void
cw_spectrum_clear (cw_spectrum *s)
{
  free (s->x);
  free (s->y);
  free (s->name);
  memset (s, 0, sizeof *s);
}

bool
cw_spectrum_list_add (cw_spectrum_list *list, cw_spectrum *s)
{
  if (list->n == list->capacity)
    {
      int capacity = list->capacity ? list->capacity * 2 : 8;
      cw_spectrum *grown = capacity > (1 << 24) ? NULL : realloc (list->items, (size_t) capacity * sizeof *grown);
      if (!grown)
        {
          cw_spectrum_clear (s);
          return false;
        }
      list->items = grown;
      list->capacity = capacity;
    }
  list->items[list->n++] = *s;
  memset (s, 0, sizeof *s);
  return true;
}

void
cw_spectrum_list_clear (cw_spectrum_list *list)
{
  for (int i = 0; i < list->n; i++)
    cw_spectrum_clear (&list->items[i]);
  free (list->items);
  memset (list, 0, sizeof *list);
}

static void
format_axis_value (double v, char *buf, size_t size)
{
  cw_format_double (v, buf, size);
}

/* Axis values that differ by less than this share of the spacing are the same point. */
#define AXIS_TOLERANCE 1e-6

cw_dataset *
cw_dataset_from_spectra (const cw_spectrum_list *list, const char *name, const char *what, const char *unit,
                         cw_error *err)
{
  if (list->n == 0)
    return cw_error_set (err, CW_ERR_PARSE, 0, 0, "%s holds no spectrum.", name), NULL;
  const cw_spectrum *first = &list->items[0];
  int length = first->n;
  double spacing = length > 1 ? fabs (first->x[length - 1] - first->x[0]) / (length - 1) : 1.0;
  if (!(spacing > 0))
    spacing = 1.0;
  for (int i = 1; i < list->n; i++)
    {
      const cw_spectrum *s = &list->items[i];
      bool same = s->n == length;
      for (int t = 0; same && t < length; t++)
        same = fabs (s->x[t] - first->x[t]) <= AXIS_TOLERANCE * spacing;
      if (!same)
        {
          char place[32] = "";
          if (s->line)
            snprintf (place, sizeof place, " (line %d)", s->line);
          return cw_error_set (err, CW_ERR_PARSE, s->line, 0,
                               "%s: %s %d%s has %d points from %g to %g, but %s 1 has %d from %g to %g; the "
                               "spectra of one dataset must share their axis.", name, what, i + 1, place, s->n,
                               s->x[0], s->x[s->n - 1], what, length, first->x[0], first->x[length - 1]), NULL;
        }
    }
  if ((size_t) list->n * (size_t) length > CW_READER_MAX_VALUES)
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "%s: %d spectra of %d points are too many values.", name,
                         list->n, length), NULL;
  bool named = false;
  for (int i = 0; i < list->n; i++)
    named = named || list->items[i].name;
  cw_dataset *ds = cw_dataset_alloc (list->n, 1, length, 0, named ? 1 : 0);
  bool ok = ds && (ds->source = dup_string (name)) && cw_dataset_set_axis_unit (ds, unit);
  char buf[40];
  for (int t = 0; ok && t < length; t++)
    {
      ds->axis[t] = first->x[t];
      format_axis_value (first->x[t], buf, sizeof buf);
      ok = (ds->axis_labels[t] = dup_string (buf)) != NULL;
    }
  if (ok && named)
    ok = (ds->meta_names[0] = dup_string ("name")) != NULL;
  for (int i = 0; ok && i < list->n; i++)
    {
      const cw_spectrum *s = &list->items[i];
      for (int t = 0; t < length; t++)
        {
          ds->x64[(size_t) i * length + t] = s->y[t];
          ds->x[(size_t) i * length + t] = (float) s->y[t];
        }
      ds->lines[i] = s->line;
      if (named && s->name)
        ok = (ds->meta_values[i] = dup_string (s->name)) != NULL;
    }
  if (!ok)
    {
      cw_dataset_free (ds);
      return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name), NULL;
    }
  return ds;
}

/* ---- targets and axes from arrays ---- */

static bool
append_target (cw_dataset *ds, const char *name)
{
  size_t rows = ds->n ? (size_t) ds->n : 1;
  cw_target_column col = { 0 };
  col.name = dup_string (name);
  col.values = malloc (rows * sizeof (float));
  col.values64 = malloc (rows * sizeof (double));
  cw_target_column *grown = NULL;
  if (col.name && col.values && col.values64)
    grown = realloc (ds->targets, (size_t) (ds->n_targets + 1) * sizeof *grown);
  if (!grown)
    {
      free (col.name);
      free (col.values);
      free (col.values64);
      return false;
    }
  ds->targets = grown;
  ds->targets[ds->n_targets++] = col;
  return true;
}

bool
cw_dataset_add_target_array (cw_dataset *ds, const cw_npy_array *a, const char *base, const char *source,
                             cw_error *err)
{
  if (a->ndim < 1 || a->ndim > 2 || a->shape[0] != ds->n)
    return cw_error_set (err, CW_ERR_PARSE, 0, 0, "%s: the targets must be %d values (or %d rows of values), "
                         "one per sample, but the array has shape (%lld%s%lld).", source, ds->n, ds->n,
                         (long long) a->shape[0], a->ndim > 1 ? ", " : "",
                         a->ndim > 1 ? (long long) a->shape[1] : 0LL), false;
  int k = a->ndim == 2 ? (int) a->shape[1] : 1;
  if (k < 1 || k > 1000)
    return cw_error_set (err, CW_ERR_PARSE, 0, 0, "%s: %d target columns; between 1 and 1000 are read.", source,
                         k), false;
  for (int j = 0; j < k; j++)
    {
      char name[64];
      if (k == 1)
        snprintf (name, sizeof name, "%s", base);
      else
        snprintf (name, sizeof name, "%s%d", base, j + 1);
      if (!append_target (ds, name))
        return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for the targets of %s.", source), false;
      cw_target_column *col = &ds->targets[ds->n_targets - 1];
      if (a->texts)
        {
          const char **cells = malloc ((size_t) (ds->n ? ds->n : 1) * sizeof *cells);
          if (!cells)
            return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for %s.", source), false;
          for (int i = 0; i < ds->n; i++)
            {
              const char *t = a->texts[(size_t) i * k + j];
              cells[i] = cw_is_missing_token (t) ? NULL : t;
            }
          bool ok = cw_dataset_set_classes (ds, ds->n_targets - 1, cells);
          free (cells);
          if (!ok)
            return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for %s.", source), false;
          continue;
        }
      for (int i = 0; i < ds->n; i++)
        {
          double v = a->values[(size_t) i * k + j];
          col->values64[i] = isfinite ((float) v) ? v : NAN;
          col->values[i] = (float) col->values64[i];
        }
    }
  return true;
}

bool
cw_dataset_set_axis_array (cw_dataset *ds, const cw_npy_array *a, const char *source, cw_error *err)
{
  if (a->ndim != 1 || a->shape[0] != ds->length || !a->values)
    return cw_error_set (err, CW_ERR_PARSE, 0, 0, "%s: the axis must be %d numbers, one per point of the "
                         "signals.", source, ds->length), false;
  char buf[40];
  for (int t = 0; t < ds->length; t++)
    {
      format_axis_value (a->values[t], buf, sizeof buf);
      char *label = dup_string (buf);
      if (!label)
        return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for %s.", source), false;
      free (ds->axis_labels[t]);
      ds->axis_labels[t] = label;
      ds->axis[t] = a->values[t];
    }
  return true;
}

/* ---- a targets CSV ---- */

/* Reads a header and one row per sample; meta: columns become meta, the others targets. */
static bool
add_targets_csv (cw_dataset *ds, char *text, size_t size, const char *name, cw_error *err)
{
  csv_reader r = { .name = name, .p = text, .end = text + size, .line = 1, .err = err };
  if (size >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    r.p += 3;
  r.delim = cw_csv_detect_delimiter (r.p, r.end);
  r.c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  csv_field *fields = NULL;
  int cap = 0, line = 0, n_cols = 0;
  char **headers = NULL, **cells = NULL;
  bool ok = false;
  if (!r.c_locale)
    {
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
      goto out;
    }
  n_cols = cw_csv_read_record (&r, &fields, &cap, &line);
  if (n_cols <= 0)
    {
      if (n_cols == 0)
        cw_error_set (err, CW_ERR_PARSE, 1, 0, "%s: the targets file is empty.", name);
      goto out;
    }
  headers = calloc ((size_t) n_cols, sizeof *headers);
  cells = calloc ((size_t) (ds->n ? ds->n : 1) * (size_t) n_cols, sizeof *cells);
  if (!headers || !cells)
    {
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
      goto out;
    }
  for (int c = 0; c < n_cols; c++)
    if (!(headers[c] = dup_string (fields[c].text)))
      {
        cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
        goto out;
      }
  int rows = 0;
  for (;;)
    {
      int nf = cw_csv_read_record (&r, &fields, &cap, &line);
      if (nf < 0)
        goto out;
      if (nf == 0)
        break;
      if (nf == 1 && fields[0].len == 0 && n_cols > 1)
        continue;
      if (nf != n_cols)
        {
          cw_error_set (err, CW_ERR_PARSE, line, 0, "%s: line %d has %d fields, the header has %d.", name, line,
                        nf, n_cols);
          goto out;
        }
      if (rows == ds->n)
        {
          cw_error_set (err, CW_ERR_PARSE, line, 0, "%s: line %d is row %d of targets, but the data has %d "
                        "samples (one row per sample, in order).", name, line, rows + 1, ds->n);
          goto out;
        }
      for (int c = 0; c < n_cols; c++)
        if (!(cells[(size_t) rows * n_cols + c] = dup_string (fields[c].text)))
          {
            cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
            goto out;
          }
      rows++;
    }
  if (rows != ds->n)
    {
      cw_error_set (err, CW_ERR_PARSE, line, 0, "%s has %d rows of targets, but the data has %d samples (one "
                    "row per sample, in order).", name, rows, ds->n);
      goto out;
    }
  for (int c = 0; c < n_cols; c++)
    {
      if (strncasecmp (headers[c], "meta:", 5) == 0)
        continue; /* meta columns of a targets file are not kept: the data's own names stay */
      const char *tname = strncasecmp (headers[c], "target:", 7) == 0 ? headers[c] + 7 : headers[c];
      if (!append_target (ds, tname))
        {
          cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
          goto out;
        }
      int j = ds->n_targets - 1;
      cw_target_column *col = &ds->targets[j];
      bool has_text = false;
      for (int i = 0; i < ds->n; i++)
        {
          const char *cell = cells[(size_t) i * n_cols + c];
          double v;
          if (cw_csv_parse_text (&r, cell, false, &v) && isfinite ((float) v))
            col->values64[i] = v;
          else if (cw_is_missing_token (cell))
            col->values64[i] = NAN;
          else
            has_text = true;
          col->values[i] = (float) col->values64[i];
        }
      if (has_text)
        {
          const char **column = malloc ((size_t) (ds->n ? ds->n : 1) * sizeof *column);
          for (int i = 0; column && i < ds->n; i++)
            {
              const char *cell = cells[(size_t) i * n_cols + c];
              column[i] = cw_is_missing_token (cell) ? NULL : cell;
            }
          bool set = column && cw_dataset_set_classes (ds, j, column);
          free (column);
          if (!set)
            {
              cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
              goto out;
            }
        }
    }
  ok = true;
out:
  if (cells)
    for (size_t i = 0; i < (size_t) ds->n * (size_t) n_cols; i++)
      free (cells[i]);
  free (cells);
  if (headers)
    for (int c = 0; c < n_cols; c++)
      free (headers[c]);
  free (headers);
  free (fields);
  if (r.c_locale)
    freelocale (r.c_locale);
  return ok;
}

/* Targets from a file: a .npy array or a CSV. */
static bool
add_targets_file (cw_dataset *ds, const char *path, cw_error *err)
{
  unsigned char *data;
  size_t size;
  if (!cw_read_whole_file (path, MAX_FILE_BYTES, &data, &size, err))
    return false;
  bool ok;
  if (cw_file_format_detect (data, size, path) == CW_FORMAT_NPY)
    {
      cw_npy_array a = { 0 };
      const char *slash = strrchr (path, '/');
      char base[64];
      const char *file = slash ? slash + 1 : path;
      size_t keep = strlen (file) < sizeof base ? strlen (file) : sizeof base - 1;
      memcpy (base, file, keep);
      base[keep] = '\0';
      char *dot = strrchr (base, '.');
      if (dot)
        *dot = '\0';
      /* "X_y.npy" names its target "y", "labels.npy" "labels". */
      char *under = strrchr (base, '_');
      ok = cw_npy_decode (data, size, path, &a, err)
           && cw_dataset_add_target_array (ds, &a, under && under[1] ? under + 1 : base, path, err);
      cw_npy_array_clear (&a);
    }
  else
    ok = add_targets_csv (ds, (char *) data, size, path, err);
  free (data);
  return ok;
}

static bool
file_exists (const char *path)
{
  struct stat st;
  return stat (path, &st) == 0 && S_ISREG (st.st_mode);
}

/* The first sibling of path that holds targets, into buf; false when there is none. */
static bool
find_sibling_targets (const char *path, char *buf, size_t size)
{
  const char *slash = strrchr (path, '/');
  int dir_len = slash ? (int) (slash - path + 1) : 0;
  const char *file = path + dir_len;
  const char *dot = strrchr (file, '.');
  int stem_len = dot ? (int) (dot - file) : (int) strlen (file);
  static const char *const stem_suffixes[] = { ".targets.csv", "_targets.csv", "-targets.csv", "_y.npy" };
  for (size_t k = 0; k < sizeof stem_suffixes / sizeof *stem_suffixes; k++)
    {
      snprintf (buf, size, "%.*s%.*s%s", dir_len, path, stem_len, file, stem_suffixes[k]);
      if (file_exists (buf))
        return true;
    }
  bool generic = (stem_len == 1 && file[0] == 'X') || (stem_len == 4 && strncasecmp (file, "data", 4) == 0)
                 || (stem_len == 7 && strncasecmp (file, "signals", 7) == 0);
  static const char *const generic_names[] = { "y.npy", "targets.npy", "target.npy", "labels.npy",
                                               "targets.csv", "y.csv" };
  for (size_t k = 0; generic && k < sizeof generic_names / sizeof *generic_names; k++)
    {
      snprintf (buf, size, "%.*s%s", dir_len, path, generic_names[k]);
      if (file_exists (buf))
        return true;
    }
  return false;
}

/* ---- the entry points ---- */

cw_dataset *
cw_dataset_parse (const void *bytes, size_t size, const char *name, const char *path,
                  const cw_load_options *options, cw_error *err)
{
  assert (bytes || size == 0);
  static const cw_load_options defaults = { 0 };
  cw_error_clear (err);
  if (!options)
    options = &defaults;
  if (!name)
    name = path ? path : "(data)";
  cw_file_format format = options->format ? options->format : cw_file_format_detect (bytes, size, path ? path : name);
  cw_dataset *ds = NULL;
  switch (format)
    {
    case CW_FORMAT_AUTO:
    case CW_FORMAT_CSV:
      return cw_dataset_parse_csv (bytes, size, name, &options->csv, err);
    case CW_FORMAT_JCAMP:
      {
        /* The parser wants a NUL after the text. */
        char *text = malloc (size + 1);
        if (!text)
          return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name), NULL;
        memcpy (text, bytes, size);
        text[size] = '\0';
        ds = cw_jcamp_parse (text, size, name, err);
        free (text);
        break;
      }
    case CW_FORMAT_SPC:
      ds = cw_spc_parse (bytes, size, name, err);
      break;
    case CW_FORMAT_NPY:
      ds = cw_npy_parse (bytes, size, name, err);
      break;
    case CW_FORMAT_NPZ:
      ds = cw_npz_parse (bytes, size, name, err);
      break;
    case CW_FORMAT_AUDIO:
      ds = cw_audio_parse (bytes, size, name, err);
      break;
    }
  if (!ds)
    return NULL;
  char sibling[4096];
  const char *targets = options->targets_path;
  if (!targets && path && !options->no_siblings && ds->n_targets == 0 && strlen (path) < 4000
      && find_sibling_targets (path, sibling, sizeof sibling))
    targets = sibling;
  if (targets && !add_targets_file (ds, targets, err))
    {
      cw_dataset_free (ds);
      return NULL;
    }
  return ds;
}

cw_dataset *
cw_dataset_load (const char *path, const cw_load_options *options, cw_error *err)
{
  assert (path);
  cw_error_clear (err);
  struct stat st;
  if (stat (path, &st) == 0 && S_ISDIR (st.st_mode))
    return cw_dataset_load_folder (path, options, err);
  unsigned char *data;
  size_t size;
  if (!cw_read_whole_file (path, MAX_FILE_BYTES, &data, &size, err))
    return NULL;
  cw_dataset *ds = cw_dataset_parse (data, size, path, path, options, err);
  free (data);
  return ds;
}
