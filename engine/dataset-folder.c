/* dataset-folder.c — a folder of one-spectrum files (JCAMP-DX, SPC) as one dataset: one file a sample in
 * name order, meta:file naming it, targets from a CSV in the folder keyed by file name, and spectra on
 * different axes interpolated (linearly) onto the first file's axis over the range every file covers,
 * which the dataset's note says. A folder without spectra but with audio clips (there or in sub-folders
 * one level down) goes to dataset-audio-folder.c; its targets come from the same CSV, else from the
 * sub-folders' names. */
#include "cw-csv-private.h"
#include "cw-data-private.h"
#include "cw-readers-private.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_FILES 100000

static bool
has_suffix (const char *name, const char *ext)
{
  size_t n = strlen (name), e = strlen (ext);
  return n > e && name[n - e - 1] == '.' && strcasecmp (name + n - e, ext) == 0;
}

static bool
is_spectrum_file (const char *name)
{
  return name[0] != '.' && (has_suffix (name, "jdx") || has_suffix (name, "dx") || has_suffix (name, "jcamp")
                            || has_suffix (name, "spc"));
}

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

typedef struct {
  char **names;
  int n, capacity;
} name_list;

static bool
name_list_add (name_list *l, const char *name)
{
  if (l->n == l->capacity)
    {
      int capacity = l->capacity ? 2 * l->capacity : 64;
      char **grown = realloc (l->names, (size_t) capacity * sizeof *grown);
      if (!grown)
        return false;
      l->names = grown;
      l->capacity = capacity;
    }
  return (l->names[l->n++] = strdup (name)) != NULL;
}

static void
name_list_clear (name_list *l)
{
  for (int i = 0; i < l->n; i++)
    free (l->names[i]);
  free (l->names);
}

/* ---- a common axis ---- */

/* y of a spectrum with axis x (monotonic, n >= 2) at position v, linearly between its neighbours. */
static double
interpolate (const double *x, const double *y, int n, double v)
{
  bool ascending = x[n - 1] > x[0];
  int lo = 0, hi = n - 1;
  while (hi - lo > 1)
    {
      int mid = (lo + hi) / 2;
      if ((x[mid] <= v) == ascending)
        lo = mid;
      else
        hi = mid;
    }
  double span = x[hi] - x[lo];
  double w = span != 0 ? (v - x[lo]) / span : 0;
  w = w < 0 ? 0 : w > 1 ? 1 : w;
  return y[lo] + w * (y[hi] - y[lo]);
}

static bool
is_monotonic (const double *x, int n)
{
  if (n < 2)
    return false;
  bool ascending = x[1] > x[0];
  for (int t = 1; t < n; t++)
    if (ascending ? !(x[t] > x[t - 1]) : !(x[t] < x[t - 1]))
      return false;
  return true;
}

static bool
same_axis (const cw_spectrum *a, const cw_spectrum *b)
{
  if (a->n != b->n)
    return false;
  double spacing = a->n > 1 ? fabs (a->x[a->n - 1] - a->x[0]) / (a->n - 1) : 1;
  for (int t = 0; t < a->n; t++)
    if (fabs (a->x[t] - b->x[t]) > 1e-6 * spacing)
      return false;
  return true;
}

/* Puts every spectrum on the first one's axis, cut to the range all cover; writes the note. */
static bool
align_axes (cw_spectrum_list *list, const char *const *files, char *note, size_t note_size, cw_error *err,
            const char *dir)
{
  const cw_spectrum *ref = &list->items[0];
  int differing = 0;
  for (int i = 1; i < list->n; i++)
    differing += !same_axis (ref, &list->items[i]);
  if (!differing)
    return true;
  double lo = -INFINITY, hi = INFINITY;
  for (int i = 0; i < list->n; i++)
    {
      const cw_spectrum *s = &list->items[i];
      if (!is_monotonic (s->x, s->n))
        return cw_error_set (err, CW_ERR_PARSE, 0, 0, "%s: %s is on another axis than %s, and its axis is not "
                             "monotonic, so it cannot be interpolated onto a common one.", dir, files[i], files[0]),
               false;
      lo = fmax (lo, fmin (s->x[0], s->x[s->n - 1]));
      hi = fmin (hi, fmax (s->x[0], s->x[s->n - 1]));
    }
  double slack = 1e-9 * (fabs (lo) + fabs (hi));
  int kept = 0;
  for (int t = 0; t < ref->n; t++)
    kept += ref->x[t] >= lo - slack && ref->x[t] <= hi + slack;
  if (kept < 2)
    return cw_error_set (err, CW_ERR_PARSE, 0, 0, "%s: the files' axes share no range of two or more of %s's "
                         "points (common range %g to %g), so they cannot become one dataset.", dir, files[0], lo,
                         hi), false;
  int reference_length = ref->n; /* the loop below puts the reference on the grid too */
  double *grid = malloc ((size_t) kept * sizeof *grid);
  if (!grid)
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", dir), false;
  int g = 0;
  for (int t = 0; t < ref->n; t++)
    if (ref->x[t] >= lo - slack && ref->x[t] <= hi + slack)
      grid[g++] = ref->x[t];
  for (int i = 0; i < list->n; i++)
    {
      cw_spectrum *s = &list->items[i];
      double *y = malloc ((size_t) kept * sizeof *y), *x = malloc ((size_t) kept * sizeof *x);
      if (!x || !y)
        {
          free (x);
          free (y);
          free (grid);
          return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", dir), false;
        }
      for (int t = 0; t < kept; t++)
        {
          x[t] = grid[t];
          y[t] = interpolate (s->x, s->y, s->n, grid[t]);
        }
      free (s->x);
      free (s->y);
      s->x = x;
      s->y = y;
      s->n = kept;
    }
  snprintf (note, note_size, "%d of %d spectra lie on other axes than %s and were interpolated linearly onto "
            "its axis%s: %d points from %g to %g.", differing, list->n, files[0],
            kept < reference_length ? ", cut to the range every file covers" : "", kept, grid[0], grid[kept - 1]);
  free (grid);
  return true;
}

/* ---- targets keyed by file name ---- */

static int
find_file (const char *const *files, int n, const char *key)
{
  for (int i = 0; i < n; i++)
    {
      if (strcmp (files[i], key) == 0)
        return i;
      const char *dot = strrchr (files[i], '.');
      size_t stem = dot ? (size_t) (dot - files[i]) : strlen (files[i]);
      if (strlen (key) == stem && strncmp (files[i], key, stem) == 0)
        return i;
    }
  return -1;
}

static bool
is_key_header (const char *h)
{
  if (strncasecmp (h, "meta:", 5) == 0)
    h += 5;
  return strcasecmp (h, "file") == 0 || strcasecmp (h, "filename") == 0 || strcasecmp (h, "file_name") == 0;
}

/* Adds the targets of a CSV whose key column (file, filename, or the first) names the files. */
static bool
add_keyed_targets (cw_dataset *ds, const char *const *files, char *text, size_t size, const char *path,
                   cw_error *err)
{
  csv_reader r = { .name = path, .p = text, .end = text + size, .line = 1, .err = err };
  r.delim = cw_csv_detect_delimiter (r.p, r.end);
  r.c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  csv_field *fields = NULL;
  int cap = 0, line = 0, n_cols = 0, key = 0, first_target = ds->n_targets;
  bool ok = false;
  char **headers = NULL;
  int *row_of = NULL;
  if (!r.c_locale || (n_cols = cw_csv_read_record (&r, &fields, &cap, &line)) <= 0)
    {
      if (n_cols == 0)
        cw_error_set (err, CW_ERR_PARSE, 1, 0, "%s: the targets file is empty.", path);
      else if (!r.c_locale)
        cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", path);
      goto out;
    }
  headers = calloc ((size_t) n_cols, sizeof *headers);
  row_of = malloc ((size_t) ds->n * sizeof *row_of);
  if (!headers || !row_of)
    goto nomem;
  for (int c = 0; c < n_cols; c++)
    {
      if (!(headers[c] = strdup (fields[c].text)))
        goto nomem;
      if (is_key_header (headers[c]))
        key = c;
    }
  for (int i = 0; i < ds->n; i++)
    row_of[i] = -1;
  /* Target columns: every column but the key and meta: ones, NAN (or no class) until a row names the file. */
  for (int c = 0; c < n_cols; c++)
    {
      if (c == key || strncasecmp (headers[c], "meta:", 5) == 0)
        continue;
      cw_target_column col = { 0 };
      const char *name = strncasecmp (headers[c], "target:", 7) == 0 ? headers[c] + 7 : headers[c];
      col.name = strdup (name);
      col.values = malloc ((size_t) ds->n * sizeof (float));
      col.values64 = malloc ((size_t) ds->n * sizeof (double));
      cw_target_column *grown = col.name && col.values && col.values64
                                ? realloc (ds->targets, (size_t) (ds->n_targets + 1) * sizeof *grown) : NULL;
      if (!grown)
        {
          free (col.name);
          free (col.values);
          free (col.values64);
          goto nomem;
        }
      for (int i = 0; i < ds->n; i++)
        col.values[i] = col.values64[i] = NAN;
      ds->targets = grown;
      ds->targets[ds->n_targets++] = col;
    }
  char **cells = calloc ((size_t) ds->n * (size_t) n_cols, sizeof *cells);
  if (!cells)
    goto nomem;
  int nf;
  while ((nf = cw_csv_read_record (&r, &fields, &cap, &line)) > 0)
    {
      if (nf == 1 && fields[0].len == 0 && n_cols > 1)
        continue;
      if (nf != n_cols)
        {
          cw_error_set (err, CW_ERR_PARSE, line, 0, "%s: line %d has %d fields, the header has %d.", path, line,
                        nf, n_cols);
          nf = -1;
          break;
        }
      int i = find_file ((const char *const *) files, ds->n, fields[key].text);
      if (i < 0 || row_of[i] >= 0)
        {
          char buf[48];
          cw_error_set (err, CW_ERR_PARSE, line, key + 1, i < 0
                        ? "%s: line %d names '%s', which is not a spectrum file of the folder."
                        : "%s: line %d names '%s' a second time.", path, line,
                        cw_csv_clip (fields[key].text, buf, sizeof buf));
          nf = -1;
          break;
        }
      row_of[i] = line;
      for (int c = 0; c < n_cols && nf > 0; c++)
        if (!(cells[(size_t) i * n_cols + c] = strdup (fields[c].text)))
          nf = -2;
    }
  if (nf == -2)
    cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", path);
  ok = nf == 0;
  for (int c = 0, j = first_target; ok && c < n_cols; c++)
    {
      if (c == key || strncasecmp (headers[c], "meta:", 5) == 0)
        continue;
      cw_target_column *col = &ds->targets[j];
      bool has_text = false;
      for (int i = 0; i < ds->n; i++)
        {
          const char *cell = cells[(size_t) i * n_cols + c];
          double v;
          if (!cell || cw_is_missing_token (cell))
            continue;
          if (cw_csv_parse_text (&r, cell, false, &v) && isfinite ((float) v))
            col->values[i] = (float) (col->values64[i] = v);
          else
            has_text = true;
        }
      if (has_text)
        {
          const char **column = malloc ((size_t) ds->n * sizeof *column);
          for (int i = 0; column && i < ds->n; i++)
            {
              const char *cell = cells[(size_t) i * n_cols + c];
              column[i] = cell && !cw_is_missing_token (cell) ? cell : NULL;
            }
          ok = column && cw_dataset_set_classes (ds, j, column);
          free (column);
          if (!ok)
            cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", path);
        }
      j++;
    }
  for (size_t k = 0; k < (size_t) ds->n * (size_t) n_cols; k++)
    free (cells[k]);
  free (cells);
  goto out;
nomem:
  cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", path);
out:
  if (headers)
    for (int c = 0; c < n_cols; c++)
      free (headers[c]);
  free (headers);
  free (row_of);
  free (fields);
  if (r.c_locale)
    freelocale (r.c_locale);
  return ok;
}

/* The folder's targets CSV: targets.csv, labels.csv or y.csv, else the only .csv there. */
static bool
find_targets_csv (const char *dir, const name_list *csvs, char *buf, size_t size)
{
  static const char *const preferred[] = { "targets.csv", "labels.csv", "y.csv" };
  for (size_t k = 0; k < sizeof preferred / sizeof *preferred; k++)
    for (int i = 0; i < csvs->n; i++)
      if (strcasecmp (csvs->names[i], preferred[k]) == 0)
        return snprintf (buf, size, "%s/%s", dir, csvs->names[i]) < (int) size;
  if (csvs->n == 1)
    return snprintf (buf, size, "%s/%s", dir, csvs->names[0]) < (int) size;
  return false;
}

static bool
is_folder (const char *dir, const char *name)
{
  char path[4096];
  struct stat st;
  return snprintf (path, sizeof path, "%s/%s", dir, name) < (int) sizeof path && stat (path, &st) == 0
         && S_ISDIR (st.st_mode);
}

/* The audio clips of dir/sub as "sub/name" into clips. */
static bool
add_folder_clips (const char *dir, const char *sub, name_list *clips, cw_error *err)
{
  char path[4096];
  snprintf (path, sizeof path, "%s/%s", dir, sub);
  DIR *d = opendir (path);
  if (!d)
    return cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot open the folder %s.", path), false;
  struct dirent *e;
  bool ok = true;
  while (ok && (e = readdir (d)))
    {
      if (e->d_name[0] == '.' || !cw_audio_is_file_name (e->d_name))
        continue;
      if (clips->n >= MAX_FILES)
        ok = !cw_error_set (err, CW_ERR_IO, 0, 0, "%s holds more than %d clips.", dir, MAX_FILES);
      else if (snprintf (path, sizeof path, "%s/%s", sub, e->d_name) >= (int) sizeof path)
        ok = !cw_error_set (err, CW_ERR_IO, 0, 0, "%s/%s: the path is too long.", sub, e->d_name);
      else
        ok = name_list_add (clips, path) || !cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Out of memory.");
    }
  closedir (d);
  return ok;
}

/* Sub-folder labels: the part of each clip's path before '/', NULL for clips at the top; all NULL (no label
 * column) when no clip is in a sub-folder. */
static char **
folder_labels (const name_list *clips)
{
  bool any = false;
  for (int i = 0; i < clips->n; i++)
    any = any || strchr (clips->names[i], '/');
  char **labels = any ? calloc ((size_t) clips->n, sizeof *labels) : NULL;
  for (int i = 0; labels && i < clips->n; i++)
    {
      const char *slash = strchr (clips->names[i], '/');
      if (slash && !(labels[i] = strndup (clips->names[i], (size_t) (slash - clips->names[i]))))
        {
          for (int k = 0; k < i; k++)
            free (labels[k]);
          free (labels);
          return NULL;
        }
    }
  return labels;
}

cw_dataset *
cw_dataset_load_folder (const char *dir, const cw_load_options *options, cw_error *err)
{
  name_list files = { 0 }, csvs = { 0 }, clips = { 0 }, subs = { 0 };
  char **labels = NULL;
  cw_spectrum_list spectra = { 0 };
  cw_dataset *ds = NULL;
  char unit[128] = "", unit_file[256] = "", path[4096], targets_buf[4096], note[512] = "";
  bool have_unit = false;
  DIR *d = opendir (dir);
  if (!d)
    return cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot open the folder %s.", dir), NULL;
  struct dirent *e;
  bool ok = true;
  while (ok && (e = readdir (d)))
    {
      if (files.n + csvs.n >= MAX_FILES)
        {
          cw_error_set (err, CW_ERR_IO, 0, 0, "%s holds more than %d files.", dir, MAX_FILES);
          ok = false;
        }
      else if (is_spectrum_file (e->d_name))
        ok = name_list_add (&files, e->d_name) || !cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Out of memory.");
      else if (e->d_name[0] != '.' && has_suffix (e->d_name, "csv"))
        ok = name_list_add (&csvs, e->d_name) || !cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Out of memory.");
      else if (e->d_name[0] != '.' && cw_audio_is_file_name (e->d_name))
        ok = name_list_add (&clips, e->d_name) || !cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Out of memory.");
      else if (e->d_name[0] != '.' && is_folder (dir, e->d_name))
        ok = name_list_add (&subs, e->d_name) || !cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Out of memory.");
    }
  closedir (d);
  if (!ok)
    goto out;
  const char *targets = options ? options->targets_path : NULL;
  if (!targets && !(options && options->no_siblings) && find_targets_csv (dir, &csvs, targets_buf, sizeof targets_buf))
    targets = targets_buf;
  if (files.n == 0)
    {
      /* Spectra win over clips: a folder of spectra with a stray recording of the lab stays a spectra folder. */
      for (int i = 0; i < subs.n; i++)
        if (!add_folder_clips (dir, subs.names[i], &clips, err))
          goto out;
      if (clips.n == 0)
        {
          cw_error_set (err, CW_ERR_PARSE, 0, 0, "%s holds no JCAMP-DX or SPC files (.jdx, .dx, .jcamp, .spc) and "
                        "no audio clips (.wav, .flac, .ogg, .oga, .opus; also in sub-folders).", dir);
          goto out;
        }
      qsort (clips.names, (size_t) clips.n, sizeof (char *), compare_strings);
      if (!targets && !(labels = folder_labels (&clips)))
        for (int i = 0; i < clips.n; i++)
          if (strchr (clips.names[i], '/'))
            goto nomem; /* labels were wanted but could not be made */
      ds = cw_audio_folder_dataset (dir, (const char *const *) clips.names, (const char *const *) labels, clips.n,
                                    options ? options->audio_length : 0, err);
      if (ds && targets)
        goto keyed_targets;
      goto out;
    }
  qsort (files.names, (size_t) files.n, sizeof (char *), compare_strings);
  cw_load_options one = { .no_siblings = true };
  for (int i = 0; i < files.n; i++)
    {
      snprintf (path, sizeof path, "%s/%s", dir, files.names[i]);
      cw_dataset *f = cw_dataset_load (path, &one, err);
      if (!f)
        goto out;
      if (f->n != 1 || f->channels != 1)
        {
          cw_error_set (err, CW_ERR_PARSE, 0, 0, "%s holds %d spectra; in a folder every file is one sample.",
                        path, f->n);
          cw_dataset_free (f);
          goto out;
        }
      if (f->axis_unit && !have_unit)
        {
          snprintf (unit, sizeof unit, "%s", f->axis_unit);
          snprintf (unit_file, sizeof unit_file, "%s", files.names[i]);
          have_unit = true;
        }
      else if (f->axis_unit && strcmp (unit, f->axis_unit) != 0)
        {
          cw_error_set (err, CW_ERR_PARSE, 0, 0, "%s: %s's axis is %s but %s's is %s; one dataset has one axis.",
                        dir, files.names[i], f->axis_unit, unit_file, unit);
          cw_dataset_free (f);
          goto out;
        }
      cw_spectrum s = { .n = f->length, .line = 0 };
      s.x = malloc ((size_t) f->length * sizeof (double));
      s.y = malloc ((size_t) f->length * sizeof (double));
      s.name = strdup (files.names[i]);
      if (s.x && s.y)
        {
          memcpy (s.x, f->axis, (size_t) f->length * sizeof (double));
          memcpy (s.y, f->x64, (size_t) f->length * sizeof (double));
        }
      cw_dataset_free (f);
      if (!s.x || !s.y || !s.name || !cw_spectrum_list_add (&spectra, &s))
        {
          cw_spectrum_clear (&s);
          cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", dir);
          goto out;
        }
    }
  if (!align_axes (&spectra, (const char *const *) files.names, note, sizeof note, err, dir))
    goto out;
  if (!(ds = cw_dataset_from_spectra (&spectra, dir, "file", have_unit ? unit : NULL, err)))
    goto out;
  /* The spectra's names are their files: the key of the targets and of every message. */
  free (ds->meta_names[0]);
  if (!(ds->meta_names[0] = strdup ("file")) || (note[0] && !(ds->note = strdup (note))))
    goto nomem;
keyed_targets:
  if (targets)
    {
      unsigned char *text;
      size_t size;
      if (!cw_read_whole_file (targets, (size_t) 1 << 30, &text, &size, err))
        goto fail;
      const name_list *keys = files.n ? &files : &clips;
      bool added = add_keyed_targets (ds, (const char *const *) keys->names, (char *) text, size, targets, err);
      free (text);
      if (!added)
        goto fail;
    }
  goto out;
nomem:
  cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", dir);
fail:
  cw_dataset_free (ds);
  ds = NULL;
out:
  if (labels)
    for (int i = 0; i < clips.n; i++)
      free (labels[i]);
  free (labels);
  name_list_clear (&files);
  name_list_clear (&csvs);
  name_list_clear (&clips);
  name_list_clear (&subs);
  cw_spectrum_list_clear (&spectra);
  return ds;
}
