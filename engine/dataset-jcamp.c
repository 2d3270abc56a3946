/* dataset-jcamp.c — the JCAMP-DX reader (versions 4.24 and 5.01): labelled data records, ##XYDATA in
 * AFFN or ASDF (SQZ, DIF, DUP) compression, ##XYPOINTS, and linked files of several blocks, each block
 * with data becoming one sample. The checks a JCAMP file offers are all made: the DIF Y check value at
 * each line start, every line's X against ##FIRSTX/##LASTX/##NPOINTS, the count against ##NPOINTS and a
 * link block's ##BLOCKS against the blocks it holds. */
#include "cw-csv-private.h"
#include "cw-data-private.h"
#include "cw-readers-private.h"

#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DEPTH 8 /* nested ##TITLE blocks: a link block of data blocks needs 2 */

typedef enum { DATA_NONE, DATA_XYDATA, DATA_XYPOINTS } data_kind;

/* Where a line of ##XYDATA starts: its X (file units) and the index of the point it belongs to. */
typedef struct {
  int line;
  double x;
  size_t index;
} line_mark;

typedef struct {
  char *title;
  int title_line;
  char xunits[64];
  double xfactor, yfactor, firstx, lastx, npoints;
  bool has_firstx, has_lastx, has_npoints, is_link;
  long declared_blocks; /* ##BLOCKS of a link block, -1 when not given */
  int child_blocks;
  data_kind kind;
  int data_line;
  double *xs, *ys;      /* values in file units (xs only for ##XYPOINTS) */
  size_t n, capacity;
  line_mark *marks;
  size_t n_marks, marks_capacity;
} block;

typedef enum { SECTION_NONE, SECTION_XYDATA, SECTION_XYPOINTS, SECTION_SKIP } section;

typedef struct {
  const char *name;
  cw_error *err;
  locale_t c_locale;
  block stack[MAX_DEPTH];
  int depth;
  section section;
  int line;
  cw_spectrum_list spectra;
  char unit_text[64];   /* ##XUNITS of the first data block, as written */
  bool have_unit;
  /* ASDF state carried from one line to the next */
  bool previous_line_dif; /* the last line ended in DIF form: this line starts with a Y check value */
  double last_y;
  bool failed;
} parser;

static bool
fail (parser *p, int line, const char *fmt, ...) __attribute__ ((format (printf, 3, 4)));

static bool
fail (parser *p, int line, const char *fmt, ...)
{
  char detail[400];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (detail, sizeof detail, fmt, ap);
  va_end (ap);
  if (line > 0)
    cw_error_set (p->err, CW_ERR_PARSE, line, 0, "%s: line %d: %s", p->name, line, detail);
  else
    cw_error_set (p->err, CW_ERR_PARSE, 0, 0, "%s: %s", p->name, detail);
  p->failed = true;
  return false;
}

static bool
nomem (parser *p)
{
  cw_error_set (p->err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", p->name);
  p->failed = true;
  return false;
}

static void
block_clear (block *b)
{
  free (b->title);
  free (b->xs);
  free (b->ys);
  free (b->marks);
  memset (b, 0, sizeof *b);
}

static void
block_init (block *b, int line)
{
  memset (b, 0, sizeof *b);
  b->title_line = line;
  b->xfactor = 1.0;
  b->yfactor = 1.0;
  b->declared_blocks = -1;
}

/* Label names ignore case, spaces, hyphens, slashes and underscores ("##DATA TYPE" = "##DATATYPE"). */
static void
normalise_label (const char *s, size_t len, char *out, size_t size)
{
  size_t k = 0;
  for (size_t i = 0; i < len && k + 1 < size; i++)
    {
      char c = s[i];
      if (c == ' ' || c == '\t' || c == '-' || c == '/' || c == '_')
        continue;
      out[k++] = (char) toupper ((unsigned char) c);
    }
  out[k] = '\0';
}

static char *
trim (char *s)
{
  while (*s == ' ' || *s == '\t')
    s++;
  size_t n = strlen (s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
    s[--n] = '\0';
  return s;
}

static bool
parse_number_value (parser *p, const char *label, const char *value, double *out)
{
  if (!cw_csv_parse_number (value, false, p->c_locale, out) || !isfinite (*out))
    return fail (p, p->line, "##%s= needs a number, not '%.40s'.", label, value);
  return true;
}

/* ---- the axis unit ---- */

/* ##XUNITS as an axis label the app shows: the usual units by name, anything else as written. */
static void
unit_label (const char *text, char *out, size_t size)
{
  char key[64];
  normalise_label (text, strlen (text), key, sizeof key);
  static const struct {
    const char *key, *label;
  } known[] = {
    { "1CM", "Wavenumber (cm⁻¹)" },     { "CM1", "Wavenumber (cm⁻¹)" },     { "CM^1", "Wavenumber (cm⁻¹)" },
    { "WAVENUMBER", "Wavenumber (cm⁻¹)" }, { "NANOMETERS", "Wavelength (nm)" }, { "NM", "Wavelength (nm)" },
    { "MICROMETERS", "Wavelength (µm)" }, { "MICRONS", "Wavelength (µm)" },  { "UM", "Wavelength (µm)" },
    { "SECONDS", "Time (s)" },          { "SEC", "Time (s)" },               { "S", "Time (s)" },
    { "MINUTES", "Time (min)" },        { "HZ", "Frequency (Hz)" },          { "PPM", "Chemical shift (ppm)" },
    { "MZ", "m/z" },                    { "DEGREES", "Angle (°)" },
  };
  for (size_t i = 0; i < sizeof known / sizeof *known; i++)
    if (strcmp (key, known[i].key) == 0)
      {
        snprintf (out, size, "%s", known[i].label);
        return;
      }
  snprintf (out, size, "%s", text);
}

/* ---- data lines ---- */

static bool
push_value (parser *p, block *b, double x, double y)
{
  size_t limit = b->has_npoints ? (size_t) b->npoints : CW_READER_MAX_POINTS;
  if (b->n >= limit)
    return b->has_npoints ? fail (p, p->line, "the data holds more values than ##NPOINTS=%.0f.", b->npoints)
                          : fail (p, p->line, "the data holds more than %d values.", CW_READER_MAX_POINTS);
  if (b->n == b->capacity)
    {
      size_t capacity = b->capacity ? b->capacity * 2 : 1024;
      double *ys = realloc (b->ys, capacity * sizeof *ys);
      if (!ys)
        return nomem (p);
      b->ys = ys;
      if (b->kind == DATA_XYPOINTS)
        {
          double *xs = realloc (b->xs, capacity * sizeof *xs);
          if (!xs)
            return nomem (p);
          b->xs = xs;
        }
      b->capacity = capacity;
    }
  if (b->kind == DATA_XYPOINTS)
    b->xs[b->n] = x;
  b->ys[b->n++] = y;
  return true;
}

typedef enum { TOKEN_END, TOKEN_VALUE, TOKEN_DIF, TOKEN_DUP } token_kind;

typedef struct {
  token_kind kind;
  double value; /* the value, the difference, or the repeat count */
} token;

/* Reads the next token at *s. `affn`: the line holds no ASDF characters, so an 'E' is an exponent. */
static bool
next_token (parser *p, const char *line_start, const char **s, bool affn, token *t)
{
  const char *q = *s;
  while (*q == ' ' || *q == '\t' || *q == ',' || *q == ';' || *q == '\r')
    q++;
  char buf[72];
  size_t k = 0;
  t->kind = TOKEN_VALUE;
  char c = *q;
  if (c == '\0')
    {
      t->kind = TOKEN_END;
      *s = q;
      return true;
    }
  if (c == '+' || c == '-' || c == '.' || isdigit ((unsigned char) c))
    buf[k++] = *q++;
  else if (c == '@' || (c >= 'A' && c <= 'I') || (c >= 'a' && c <= 'i'))
    {
      /* SQZ: the letter is the sign and first digit of a new value */
      if (c != '@' && c >= 'a')
        buf[k++] = '-';
      buf[k++] = c == '@' ? '0' : (char) ('1' + (c >= 'a' ? c - 'a' : c - 'A'));
      q++;
    }
  else if (c == '%' || (c >= 'J' && c <= 'R') || (c >= 'j' && c <= 'r'))
    {
      /* DIF: the letter is the sign and first digit of a difference from the value before */
      t->kind = TOKEN_DIF;
      if (c != '%' && c >= 'j')
        buf[k++] = '-';
      buf[k++] = c == '%' ? '0' : (char) ('1' + (c >= 'j' ? c - 'j' : c - 'J'));
      q++;
    }
  else if ((c >= 'S' && c <= 'Z') || c == 's')
    {
      /* DUP: the letter is the first digit of how many times the value before occurs in all */
      t->kind = TOKEN_DUP;
      buf[k++] = c == 's' ? '9' : (char) ('1' + (c - 'S'));
      q++;
    }
  else if (c == '?')
    return fail (p, p->line, "column %d: '?' marks a missing value, which a signal cannot have.",
                 (int) (q - line_start) + 1);
  else
    return fail (p, p->line, "column %d: '%c' is neither a number nor an ASDF character (SQZ @A-Ia-i, DIF "
                 "%%J-Rj-r, DUP S-Zs).", (int) (q - line_start) + 1, isprint ((unsigned char) c) ? c : '?');
  bool seen_exponent = false;
  while (k + 1 < sizeof buf)
    {
      char d = *q;
      if (isdigit ((unsigned char) d) || (d == '.' && t->kind != TOKEN_DUP))
        buf[k++] = *q++;
      else if (affn && !seen_exponent && (d == 'E' || d == 'e') && t->kind == TOKEN_VALUE
               && (isdigit ((unsigned char) q[1])
                   || ((q[1] == '+' || q[1] == '-') && isdigit ((unsigned char) q[2]))))
        {
          seen_exponent = true;
          buf[k++] = *q++;
          if (*q == '+' || *q == '-')
            buf[k++] = *q++;
        }
      else
        break;
    }
  if (k + 1 >= sizeof buf)
    return fail (p, p->line, "column %d: a number of more than %d characters.", (int) (*s - line_start) + 1,
                 (int) sizeof buf - 2);
  buf[k] = '\0';
  if (!cw_csv_parse_number (buf, false, p->c_locale, &t->value) || !isfinite (t->value))
    return fail (p, p->line, "column %d: '%s' is not a number.", (int) (*s - line_start) + 1, buf);
  *s = q;
  return true;
}

static bool
line_is_affn (const char *s)
{
  for (; *s; s++)
    if (*s != 'E' && *s != 'e' && (isalpha ((unsigned char) *s) || *s == '@' || *s == '%'))
      return false;
  return true;
}

static bool
add_mark (parser *p, block *b, double x, size_t index)
{
  if (b->n_marks == b->marks_capacity)
    {
      size_t capacity = b->marks_capacity ? b->marks_capacity * 2 : 256;
      line_mark *grown = realloc (b->marks, capacity * sizeof *grown);
      if (!grown)
        return nomem (p);
      b->marks = grown;
      b->marks_capacity = capacity;
    }
  b->marks[b->n_marks++] = (line_mark) { .line = p->line, .x = x, .index = index };
  return true;
}

/* One line of ##XYDATA=(X++(Y..Y)): an X, then Y values in any mix of AFFN and ASDF forms. */
static bool
read_xydata_line (parser *p, block *b, const char *text)
{
  bool affn = line_is_affn (text);
  const char *s = text;
  token t;
  if (!next_token (p, text, &s, affn, &t))
    return false;
  if (t.kind == TOKEN_END)
    return true; /* a blank line */
  if (t.kind != TOKEN_VALUE)
    return fail (p, p->line, "a line of ##XYDATA must start with its X value, not a DIF or DUP character.");
  if (!add_mark (p, b, t.value, b->n))
    return false;
  double current = 0.0, step = 0.0;
  token_kind last = TOKEN_END; /* the kind of the last Y token, for DUP and the next line's check */
  bool first_y = true, have_value = false;
  for (;;)
    {
      if (!next_token (p, text, &s, affn, &t))
        return false;
      if (t.kind == TOKEN_END)
        break;
      if (t.kind == TOKEN_VALUE)
        {
          current = t.value;
          last = TOKEN_VALUE;
          have_value = true;
          if (first_y && p->previous_line_dif)
            {
              /* The Y check: in DIF form a line starts by repeating the last Y of the line before, and
               * its X is that point's. A difference means a lost or corrupted character. */
              if (fabs (current - p->last_y) > 1e-9 * fmax (1.0, fabs (current)))
                return fail (p, p->line, "the DIF check value %.15g does not repeat the last Y value of the "
                             "line before (%.15g): the compressed data is corrupt.", current, p->last_y);
              b->marks[b->n_marks - 1].index = b->n ? b->n - 1 : 0;
            }
          else if (!push_value (p, b, 0.0, current))
            return false;
        }
      else if (t.kind == TOKEN_DIF)
        {
          if (!have_value)
            return fail (p, p->line, "a DIF value needs a Y value before it on the same line.");
          step = t.value;
          current += step;
          last = TOKEN_DIF;
          have_value = true;
          if (!push_value (p, b, 0.0, current))
            return false;
        }
      else /* TOKEN_DUP */
        {
          if (!have_value)
            return fail (p, p->line, "a DUP count needs a value before it.");
          if (t.value < 1)
            return fail (p, p->line, "a DUP count of %.0f; it counts the value itself, so it is at least 1.",
                         t.value);
          if (t.value > CW_READER_MAX_POINTS)
            return fail (p, p->line, "a DUP count of %.0f is more than a spectrum holds.", t.value);
          for (long r = 1; r < (long) t.value; r++)
            {
              if (last == TOKEN_DIF)
                current += step;
              if (!push_value (p, b, 0.0, current))
                return false;
            }
        }
      first_y = false;
    }
  if (last != TOKEN_END)
    {
      p->previous_line_dif = last == TOKEN_DIF;
      p->last_y = current;
    }
  return true;
}

/* One line of ##XYPOINTS=(XY..XY): X, Y pairs (AFFN), possibly several to a line. */
static bool
read_xypoints_line (parser *p, block *b, const char *text, double *pending_x, bool *have_pending)
{
  const char *s = text;
  for (;;)
    {
      token t;
      if (!next_token (p, text, &s, true, &t))
        return false;
      if (t.kind == TOKEN_END)
        return true;
      if (t.kind != TOKEN_VALUE)
        return fail (p, p->line, "##XYPOINTS holds plain X, Y pairs; DIF and DUP compression is not read there.");
      if (!*have_pending)
        {
          *pending_x = t.value;
          *have_pending = true;
          continue;
        }
      *have_pending = false;
      if (b->n == 0 && !add_mark (p, b, *pending_x, 0))
        return false;
      if (!push_value (p, b, *pending_x, t.value))
        return false;
    }
}

/* ---- blocks ---- */

/* The axis spacing from the header values; a line's X may differ from where its point lies by less
 * than one step (or half a file unit when X is written rounded). */
static double
x_tolerance (const block *b, double spacing)
{
  return fmax (fabs (spacing), 0.5 * fabs (b->xfactor)) + 1e-9 * (fabs (b->firstx) + fabs (b->lastx));
}

static bool
finish_xydata (parser *p, block *b, cw_spectrum *s)
{
  if (!b->has_firstx || !b->has_lastx)
    return fail (p, b->data_line - 1, "##XYDATA needs ##FIRSTX= and ##LASTX= (the ends of the axis), which "
                 "block '%s' lacks.", b->title ? b->title : "");
  if (b->has_npoints && (double) b->n != b->npoints)
    return fail (p, b->data_line - 1, "##NPOINTS=%.0f, but the ##XYDATA of block '%s' holds %zu values.",
                 b->npoints, b->title ? b->title : "", b->n);
  double spacing = b->n > 1 ? (b->lastx - b->firstx) / (double) (b->n - 1) : 0.0;
  double tolerance = x_tolerance (b, spacing);
  for (size_t m = 0; m < b->n_marks; m++)
    {
      const line_mark *mark = &b->marks[m];
      double expected = b->firstx + spacing * (double) mark->index;
      double got = mark->x * b->xfactor;
      if (fabs (got - expected) > tolerance)
        return fail (p, mark->line, "the line starts at X = %.10g (%.10g x ##XFACTOR=%g), but its first point "
                     "(number %zu) lies at %.10g by ##FIRSTX=%g, ##LASTX=%g and %zu points: the counts or ends "
                     "disagree.", got, mark->x, b->xfactor, mark->index + 1, expected, b->firstx, b->lastx, b->n);
    }
  s->n = (int) b->n;
  s->x = malloc (b->n * sizeof (double));
  s->y = malloc (b->n * sizeof (double));
  if (!s->x || !s->y)
    return nomem (p);
  for (size_t i = 0; i < b->n; i++)
    {
      s->x[i] = i + 1 == b->n && b->n > 1 ? b->lastx : b->firstx + spacing * (double) i;
      s->y[i] = b->ys[i] * b->yfactor;
    }
  return true;
}

static bool
finish_xypoints (parser *p, block *b, cw_spectrum *s)
{
  if (b->has_npoints && (double) b->n != b->npoints)
    return fail (p, b->data_line - 1, "##NPOINTS=%.0f, but the ##XYPOINTS of block '%s' holds %zu pairs.",
                 b->npoints, b->title ? b->title : "", b->n);
  s->n = (int) b->n;
  s->x = malloc (b->n * sizeof (double));
  s->y = malloc (b->n * sizeof (double));
  if (!s->x || !s->y)
    return nomem (p);
  for (size_t i = 0; i < b->n; i++)
    {
      s->x[i] = b->xs[i] * b->xfactor;
      s->y[i] = b->ys[i] * b->yfactor;
    }
  double range = fabs (s->x[b->n - 1] - s->x[0]);
  double tolerance = 1e-3 * range / (double) (b->n > 1 ? b->n - 1 : 1) + 0.5 * fabs (b->xfactor) * 1e-6
                     + 1e-9 * fabs (s->x[0]);
  if (b->has_firstx && fabs (s->x[0] - b->firstx) > tolerance)
    return fail (p, b->data_line, "the first pair has X = %.10g but ##FIRSTX=%.10g.", s->x[0], b->firstx);
  if (b->has_lastx && fabs (s->x[b->n - 1] - b->lastx) > tolerance)
    return fail (p, b->data_line, "the last pair has X = %.10g but ##LASTX=%.10g.", s->x[b->n - 1], b->lastx);
  return true;
}

/* ##END=: the block's data becomes a spectrum; a link block checks its count of blocks. */
static bool
close_block (parser *p)
{
  block *b = &p->stack[p->depth - 1];
  bool ok = true;
  if (b->declared_blocks >= 0 && b->child_blocks != b->declared_blocks)
    ok = fail (p, p->line, "##BLOCKS=%ld, but the link block '%s' holds %d blocks.", b->declared_blocks,
               b->title ? b->title : "", b->child_blocks);
  if (ok && b->kind != DATA_NONE)
    {
      if (b->n == 0)
        ok = fail (p, b->data_line, "block '%s' has a data record without values.", b->title ? b->title : "");
      cw_spectrum s = { .line = b->data_line };
      ok = ok && (b->kind == DATA_XYDATA ? finish_xydata (p, b, &s) : finish_xypoints (p, b, &s));
      if (ok && b->title && b->title[0] && !(s.name = strdup (b->title)))
        ok = nomem (p);
      if (ok)
        {
          if (!p->have_unit)
            {
              snprintf (p->unit_text, sizeof p->unit_text, "%s", b->xunits);
              p->have_unit = true;
            }
          else if (strcasecmp (p->unit_text, b->xunits) != 0)
            ok = fail (p, b->title_line, "block '%s' has ##XUNITS=%s, but the first block has %s; one dataset "
                       "has one axis.", b->title ? b->title : "", b->xunits, p->unit_text);
        }
      if (ok && !cw_spectrum_list_add (&p->spectra, &s))
        ok = nomem (p);
      cw_spectrum_clear (&s);
    }
  block_clear (b);
  p->depth--;
  if (p->depth > 0)
    p->stack[p->depth - 1].child_blocks++;
  p->section = SECTION_NONE;
  p->previous_line_dif = false;
  return ok;
}

static bool
handle_label (parser *p, const char *label, char *value)
{
  if (strcmp (label, "TITLE") == 0)
    {
      if (p->depth == MAX_DEPTH)
        return fail (p, p->line, "blocks nested more than %d deep.", MAX_DEPTH);
      block *b = &p->stack[p->depth++];
      block_init (b, p->line);
      if (!(b->title = strdup (value)))
        return nomem (p);
      return true;
    }
  if (p->depth == 0)
    return fail (p, p->line, "expected ##TITLE= to open a block before ##%s=.", label);
  block *b = &p->stack[p->depth - 1];
  if (strcmp (label, "END") == 0)
    return close_block (p);
  if (strcmp (label, "DATATYPE") == 0)
    {
      char key[64];
      normalise_label (value, strlen (value), key, sizeof key);
      b->is_link = strstr (key, "LINK") != NULL;
    }
  else if (strcmp (label, "BLOCKS") == 0)
    {
      double v;
      if (!parse_number_value (p, "BLOCKS", value, &v))
        return false;
      if (v < 0 || v > 1e6 || v != floor (v))
        return fail (p, p->line, "##BLOCKS=%s is not a count of blocks.", value);
      b->declared_blocks = (long) v;
    }
  else if (strcmp (label, "XUNITS") == 0)
    snprintf (b->xunits, sizeof b->xunits, "%s", value);
  else if (strcmp (label, "XFACTOR") == 0 || strcmp (label, "YFACTOR") == 0)
    {
      double v;
      if (!parse_number_value (p, label, value, &v))
        return false;
      if (v == 0)
        return fail (p, p->line, "##%s=0 would make every value 0.", label);
      *(label[0] == 'X' ? &b->xfactor : &b->yfactor) = v;
    }
  else if (strcmp (label, "FIRSTX") == 0)
    b->has_firstx = parse_number_value (p, label, value, &b->firstx);
  else if (strcmp (label, "LASTX") == 0)
    b->has_lastx = parse_number_value (p, label, value, &b->lastx);
  else if (strcmp (label, "NPOINTS") == 0)
    {
      if (!parse_number_value (p, label, value, &b->npoints))
        return false;
      if (b->npoints < 1 || b->npoints > CW_READER_MAX_POINTS || b->npoints != floor (b->npoints))
        return fail (p, p->line, "##NPOINTS=%s is not a count between 1 and %d.", value, CW_READER_MAX_POINTS);
      b->has_npoints = true;
    }
  else if (strcmp (label, "XYDATA") == 0 || strcmp (label, "XYPOINTS") == 0)
    {
      char form[32];
      normalise_label (value, strlen (value), form, sizeof form);
      bool xydata = label[2] == 'D';
      if (xydata && strcmp (form, "(X++(Y..Y))") != 0)
        return fail (p, p->line, "##XYDATA=%s: only (X++(Y..Y)) is read.", value);
      if (!xydata && strcmp (form, "(XY..XY)") != 0)
        return fail (p, p->line, "##XYPOINTS=%s: only (XY..XY) is read.", value);
      if (b->kind != DATA_NONE)
        return fail (p, p->line, "block '%s' has a second data record; a block holds one spectrum.",
                     b->title ? b->title : "");
      b->kind = xydata ? DATA_XYDATA : DATA_XYPOINTS;
      b->data_line = p->line + 1;
      p->section = xydata ? SECTION_XYDATA : SECTION_XYPOINTS;
      p->previous_line_dif = false;
      return true;
    }
  else if (strcmp (label, "NTUPLES") == 0)
    return fail (p, p->line, "##NTUPLES (multi-dimensional NMR or MS data) is not read; export the spectrum as "
                 "##XYDATA.");
  /* Anything else — ##PEAK TABLE, ##PEAK ASSIGNMENTS, parameters and comments — is skipped, with the
   * lines that continue it. */
  p->section = SECTION_SKIP;
  return true;
}

static bool
read_lines (parser *p, char *text, size_t size)
{
  char *end = text + size;
  char *line = text;
  if (size >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    line += 3;
  double pending_x = 0;
  bool have_pending = false;
  for (p->line = 1; line < end; p->line++)
    {
      char *nl = memchr (line, '\n', (size_t) (end - line));
      char *next = nl ? nl + 1 : end;
      if (nl)
        *nl = '\0';
      char *comment = strstr (line, "$$");
      if (comment)
        *comment = '\0';
      char *s = trim (line);
      line = next;
      if (s[0] == '#' && s[1] == '#')
        {
          if (p->section == SECTION_XYPOINTS && have_pending)
            return fail (p, p->line - 1, "##XYPOINTS ends with an X value that has no Y.");
          have_pending = false;
          p->section = SECTION_NONE;
          char *eq = strchr (s, '=');
          if (!eq)
            return fail (p, p->line, "'%.40s' is a label without '=' (expected ##LABEL=value).", s);
          char label[64];
          *eq = '\0';
          normalise_label (s + 2, strlen (s + 2), label, sizeof label);
          if (label[0] == '$' || label[0] == '.')
            {
              p->section = SECTION_SKIP; /* user-defined and 5.01 technique labels */
              continue;
            }
          if (!handle_label (p, label, trim (eq + 1)))
            return false;
          continue;
        }
      if (s[0] == '\0')
        continue;
      if (p->depth == 0)
        return fail (p, p->line, "expected ##TITLE= (a JCAMP-DX file is made of ##LABEL=value records), not "
                     "'%.40s'.", s);
      block *b = &p->stack[p->depth - 1];
      if (p->section == SECTION_XYDATA && !read_xydata_line (p, b, s))
        return false;
      if (p->section == SECTION_XYPOINTS && !read_xypoints_line (p, b, s, &pending_x, &have_pending))
        return false;
    }
  /* A file cut short after its data still gets its blocks checked (and the counts tell if data is lost). */
  while (p->depth > 0)
    if (!close_block (p))
      return false;
  return true;
}

cw_dataset *
cw_jcamp_parse (const char *text, size_t size, const char *name, cw_error *err)
{
  parser p = { .name = name, .err = err };
  cw_dataset *ds = NULL;
  char *copy = malloc (size + 1);
  p.c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  if (!copy || !p.c_locale)
    {
      nomem (&p);
      goto out;
    }
  memcpy (copy, text, size);
  copy[size] = '\0';
  if (memchr (copy, '\0', size))
    {
      fail (&p, 0, "the file holds NUL bytes, so it is not JCAMP-DX text.");
      goto out;
    }
  if (!read_lines (&p, copy, size))
    goto out;
  if (p.spectra.n == 0)
    {
      fail (&p, 0, "no block holds ##XYDATA or ##XYPOINTS (a peak table alone is not a spectrum).");
      goto out;
    }
  char unit[64];
  unit_label (p.unit_text, unit, sizeof unit);
  ds = cw_dataset_from_spectra (&p.spectra, name, "block", unit[0] ? unit : NULL, err);
out:
  while (p.depth > 0)
    block_clear (&p.stack[--p.depth]);
  cw_spectrum_list_clear (&p.spectra);
  if (p.c_locale)
    freelocale (p.c_locale);
  free (copy);
  return ds;
}
