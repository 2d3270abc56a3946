/* dataset-spc.c — the Galactic / Thermo SPC reader. New format (version byte 0x4B, little-endian, a 512-byte
 * header) and old format (0x4D, a 256-byte header holding the first subfile header, 32-bit integers with
 * their two 16-bit words swapped); single and multifile; X evenly spaced (ffirst, flast, fnpts), one X
 * array for all subfiles (TXVALS) or one per subfile (TXYXYS). Y values are IEEE floats (exponent 0x80) or
 * 32/16-bit integers scaled by 2^(exponent - 32 or 16). Every count and offset is checked against the
 * bytes in the file before it is used. Each subfile becomes a sample; fxtype gives the axis unit. */
#include "cw-data-private.h"
#include "cw-readers-private.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ftflgs bits */
enum {
  FLAG_16BIT_Y = 0x01, /* TSPREC: Y values are 16-bit integers */
  FLAG_MULTI = 0x04,   /* TMULTI: several subfiles */
  FLAG_XYXY = 0x40,    /* TXYXYS: every subfile has its own X values */
  FLAG_XVALUES = 0x80, /* TXVALS: X values follow the header (or each subheader, with TXYXYS) */
};

#define NEW_HEADER_BYTES 512
#define OLD_HEADER_BYTES 256
#define SUBHEADER_BYTES 32
#define MAX_SUBFILES 1000000

typedef struct {
  const unsigned char *data;
  size_t size;
  const char *name;
  cw_error *err;
} reader;

static bool
fail (reader *r, size_t offset, const char *fmt, ...) __attribute__ ((format (printf, 3, 4)));

static bool
fail (reader *r, size_t offset, const char *fmt, ...)
{
  char detail[400];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (detail, sizeof detail, fmt, ap);
  va_end (ap);
  cw_error_set (r->err, CW_ERR_FORMAT, 0, 0, "%s: SPC file, byte %zu: %s", r->name, offset, detail);
  return false;
}

/* True when n items of `size` bytes are there at offset (no overflow); else an error naming `what`. */
static bool
need (reader *r, size_t offset, uint64_t n, size_t size, const char *what)
{
  if (offset <= r->size && n <= (r->size - offset) / size)
    return true;
  return fail (r, offset, "the file ends inside %s (%llu x %zu bytes wanted, %zu there).", what,
               (unsigned long long) n, size, offset <= r->size ? r->size - offset : 0);
}

static uint16_t
u16 (const unsigned char *p)
{
  return (uint16_t) (p[0] | p[1] << 8);
}

static uint32_t
u32 (const unsigned char *p)
{
  return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

static float
f32 (const unsigned char *p)
{
  uint32_t bits = u32 (p);
  float v;
  memcpy (&v, &bits, sizeof v);
  return v;
}

static double
f64 (const unsigned char *p)
{
  uint64_t bits = (uint64_t) u32 (p) | (uint64_t) u32 (p + 4) << 32;
  double v;
  memcpy (&v, &bits, sizeof v);
  return v;
}

/* fxtype as an axis label (NULL for arbitrary units). */
static const char *
axis_unit (unsigned fxtype)
{
  switch (fxtype)
    {
    case 1: return "Wavenumber (cm⁻¹)";
    case 2: return "Wavelength (µm)";
    case 3: return "Wavelength (nm)";
    case 4: return "Time (s)";
    case 5: return "Time (min)";
    case 6: return "Frequency (Hz)";
    case 7: return "Frequency (kHz)";
    case 8: return "Frequency (MHz)";
    case 9: return "m/z";
    case 10: return "Chemical shift (ppm)";
    case 11: return "Time (days)";
    case 12: return "Time (years)";
    case 13: return "Raman shift (cm⁻¹)";
    case 14: return "Energy (eV)";
    case 16: return "Diode number";
    case 17: return "Channel";
    case 18: return "Angle (°)";
    case 19: return "Temperature (°F)";
    case 20: return "Temperature (°C)";
    case 21: return "Temperature (K)";
    case 22: return "Data point";
    case 23: return "Time (ms)";
    case 24: return "Time (µs)";
    case 25: return "Time (ns)";
    case 26: return "Frequency (GHz)";
    case 27: return "Length (cm)";
    case 28: return "Length (m)";
    case 29: return "Length (mm)";
    case 30: return "Time (h)";
    default: return NULL;
    }
}

/* n Y values at offset: floats when exponent is -128, else integers scaled by 2^(exponent - bits). */
static void
decode_y (const unsigned char *p, size_t n, int exponent, bool bits16, bool old_word_order, double *y)
{
  for (size_t i = 0; i < n; i++)
    {
      if (exponent == -128 && !bits16)
        y[i] = f32 (p + 4 * i);
      else if (bits16)
        y[i] = ldexp ((double) (int16_t) u16 (p + 2 * i), exponent - 16);
      else
        {
          const unsigned char *q = p + 4 * i;
          /* The old format stores the high 16-bit word first, each word least significant byte first. */
          uint32_t bits = old_word_order ? (uint32_t) u16 (q) << 16 | u16 (q + 2) : u32 (q);
          y[i] = ldexp ((double) (int32_t) bits, exponent - 32);
        }
    }
}

typedef struct {
  bool old;
  unsigned flags;
  int exponent;       /* the file's exponent (the old format's only one) */
  uint64_t npoints;
  double first, last;
  uint64_t nsub;
  unsigned xtype;
  size_t header_bytes;
} header;

static bool
read_header (reader *r, header *h)
{
  if (!need (r, 0, 1, 2, "the header"))
    return false;
  h->flags = r->data[0];
  unsigned version = r->data[1];
  if (version == 0x4C)
    return fail (r, 1, "version 0x4C (big-endian new format) is not read; save the file as little-endian "
                 "SPC (0x4B).");
  if (version != 0x4B && version != 0x4D)
    return fail (r, 1, "version byte 0x%02X; expected 0x4B (new format) or 0x4D (old format).", version);
  h->old = version == 0x4D;
  h->header_bytes = h->old ? OLD_HEADER_BYTES : NEW_HEADER_BYTES;
  if (!need (r, 0, 1, h->header_bytes, "the header"))
    return false;
  const unsigned char *d = r->data;
  if (h->old)
    {
      h->exponent = (int16_t) u16 (d + 2);
      float npoints = f32 (d + 4);
      if (!(npoints >= 1 && npoints <= CW_READER_MAX_POINTS) || npoints != floorf (npoints))
        return fail (r, 4, "onpts = %g is not a count of points between 1 and %d.", (double) npoints,
                     CW_READER_MAX_POINTS);
      h->npoints = (uint64_t) npoints;
      h->first = f32 (d + 8);
      h->last = f32 (d + 12);
      h->xtype = d[16];
      /* The old format has no subfile count: multifile data runs to the end of the file. */
      h->nsub = h->flags & FLAG_MULTI ? 0 : 1;
      if (h->flags & (FLAG_XYXY | FLAG_XVALUES))
        return fail (r, 0, "an old-format file with X values (flags 0x%02X) is not read.", h->flags);
    }
  else
    {
      h->exponent = (int8_t) d[3];
      h->npoints = u32 (d + 4);
      h->first = f64 (d + 8);
      h->last = f64 (d + 16);
      h->nsub = u32 (d + 24);
      h->xtype = d[28];
      if (!(h->flags & FLAG_MULTI))
        h->nsub = 1;
      if (h->nsub < 1 || h->nsub > MAX_SUBFILES)
        return fail (r, 24, "fnsub = %llu is not a count of subfiles between 1 and %d.",
                     (unsigned long long) h->nsub, MAX_SUBFILES);
      /* With TXYXYS, fnpts is the offset of a directory, not a count: each subheader has its own. */
      if (!(h->flags & FLAG_XYXY) && (h->npoints < 1 || h->npoints > CW_READER_MAX_POINTS))
        return fail (r, 4, "fnpts = %llu is not a count of points between 1 and %d.",
                     (unsigned long long) h->npoints, CW_READER_MAX_POINTS);
    }
  if (!(h->flags & (FLAG_XVALUES | FLAG_XYXY)) && (!isfinite (h->first) || !isfinite (h->last)))
    return fail (r, 8, "the first and last X values (%g, %g) are not finite.", h->first, h->last);
  return true;
}

cw_dataset *
cw_spc_parse (const unsigned char *data, size_t size, const char *name, cw_error *err)
{
  reader r = { .data = data, .size = size, .name = name, .err = err };
  header h = { 0 };
  cw_spectrum_list spectra = { 0 };
  double *shared_x = NULL;
  cw_dataset *ds = NULL;
  if (!read_header (&r, &h))
    goto out;
  size_t offset = h.header_bytes;
  bool xyxy = !h.old && (h.flags & FLAG_XYXY);
  if (!h.old && (h.flags & FLAG_XVALUES) && !xyxy)
    {
      if (!need (&r, offset, h.npoints, 4, "the X values"))
        goto out;
      if (!(shared_x = malloc (h.npoints * sizeof (double))))
        goto nomem;
      for (size_t t = 0; t < h.npoints; t++)
        shared_x[t] = f32 (data + offset + 4 * t);
      offset += 4 * h.npoints;
    }
  bool bits16 = h.flags & FLAG_16BIT_Y;
  for (uint64_t k = 0; h.nsub == 0 ? offset < size : k < h.nsub; k++)
    {
      if (k >= MAX_SUBFILES)
        {
          fail (&r, offset, "more than %d subfiles.", MAX_SUBFILES);
          goto out;
        }
      size_t sub = offset;
      int exponent = h.exponent;
      uint64_t npoints = h.npoints;
      if (h.old && k == 0)
        sub = OLD_HEADER_BYTES - SUBHEADER_BYTES; /* the first subheader is inside the old header */
      else
        {
          char what[48];
          snprintf (what, sizeof what, "the header of subfile %llu", (unsigned long long) k + 1);
          if (!need (&r, offset, 1, SUBHEADER_BYTES, what))
            goto out;
          offset += SUBHEADER_BYTES;
        }
      if (!h.old)
        exponent = (int8_t) data[sub + 1];
      if (xyxy)
        {
          npoints = u32 (data + sub + 16);
          if (npoints < 1 || npoints > CW_READER_MAX_POINTS)
            {
              fail (&r, sub + 16, "subfile %llu: subnpts = %llu is not a count of points between 1 and %d.",
                    (unsigned long long) k + 1, (unsigned long long) npoints, CW_READER_MAX_POINTS);
              goto out;
            }
        }
      cw_spectrum s = { 0 };
      char what[48];
      if (xyxy)
        {
          snprintf (what, sizeof what, "the X values of subfile %llu", (unsigned long long) k + 1);
          if (!need (&r, offset, npoints, 4, what))
            goto out;
        }
      size_t y_offset = offset + (xyxy ? 4 * npoints : 0);
      snprintf (what, sizeof what, "the Y values of subfile %llu", (unsigned long long) k + 1);
      if (!need (&r, y_offset, npoints, bits16 ? 2 : 4, what))
        goto out;
      s.n = (int) npoints;
      s.x = malloc (npoints * sizeof (double));
      s.y = malloc (npoints * sizeof (double));
      char label[32];
      snprintf (label, sizeof label, "subfile %llu", (unsigned long long) k + 1);
      s.name = h.nsub == 1 ? NULL : strdup (label);
      if (!s.x || !s.y || (h.nsub != 1 && !s.name))
        {
          cw_spectrum_clear (&s);
          goto nomem;
        }
      for (size_t t = 0; t < npoints; t++)
        {
          if (xyxy)
            s.x[t] = f32 (data + offset + 4 * t);
          else if (shared_x)
            s.x[t] = shared_x[t];
          else
            s.x[t] = npoints > 1 ? h.first + (h.last - h.first) * (double) t / (double) (npoints - 1) : h.first;
        }
      decode_y (data + y_offset, npoints, exponent, bits16, h.old, s.y);
      for (size_t t = 0; t < npoints; t++)
        if (!isfinite (s.y[t]) || !isfinite (s.x[t]))
          {
            fail (&r, y_offset + (bits16 ? 2 : 4) * t, "subfile %llu, point %zu is not a finite number.",
                  (unsigned long long) k + 1, t + 1);
            cw_spectrum_clear (&s);
            goto out;
          }
      offset = y_offset + (bits16 ? 2 : 4) * npoints;
      if (!cw_spectrum_list_add (&spectra, &s))
        goto nomem;
    }
  ds = cw_dataset_from_spectra (&spectra, name, "subfile", axis_unit (h.xtype), err);
  goto out;
nomem:
  cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read %s.", name);
out:
  free (shared_x);
  cw_spectrum_list_clear (&spectra);
  return ds;
}
