/* base.c — error records, status names and the xoshiro256** generator. */
#include "cw-base.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
cw_error_clear (cw_error *err)
{
  if (!err)
    return;
  memset (err, 0, sizeof *err);
  err->item = -1;
}

cw_status
cw_error_set (cw_error *err, cw_status status, int line, int column, const char *fmt, ...)
{
  if (!err)
    return status;
  err->status = status;
  err->line = line;
  err->column = column;
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (err->message, sizeof err->message, fmt, ap);
  va_end (ap);
  return status;
}

const char *
cw_status_name (cw_status status)
{
  switch (status)
    {
    case CW_OK: return "ok";
    case CW_ERR_INVALID_ARGUMENT: return "invalid argument";
    case CW_ERR_IO: return "input/output error";
    case CW_ERR_PARSE: return "parse error";
    case CW_ERR_SHAPE: return "impossible layer stack";
    case CW_ERR_FORMAT: return "bad model file";
    case CW_ERR_NOMEM: return "out of memory";
    case CW_ERR_NONFINITE: return "non-finite loss";
    case CW_ERR_ABORTED: return "aborted";
    case CW_ERR_MISSING_VALUE: return "missing value";
    }
  return "unknown status";
}

const char *
cw_version (void)
{
  return "0.1.0";
}

static inline uint64_t
rotl (uint64_t x, int k)
{
  return (x << k) | (x >> (64 - k));
}

/* splitmix64 expands one seed into the four state words, as the xoshiro authors recommend. */
static uint64_t
splitmix64 (uint64_t *x)
{
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void
cw_rng_seed (cw_rng *rng, uint64_t seed)
{
  uint64_t x = seed;
  for (int i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
}

uint64_t
cw_rng_next (cw_rng *rng)
{
  uint64_t *s = rng->s;
  const uint64_t result = rotl (s[1] * 5, 7) * 9;
  const uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

double
cw_rng_uniform (cw_rng *rng)
{
  return (double) (cw_rng_next (rng) >> 11) * 0x1.0p-53;
}

double
cw_rng_normal (cw_rng *rng)
{
  double u1 = cw_rng_uniform (rng), u2 = cw_rng_uniform (rng);
  if (u1 < 1e-300)
    u1 = 1e-300;
  return sqrt (-2.0 * log (u1)) * cos (2.0 * M_PI * u2);
}

uint32_t
cw_rng_below (cw_rng *rng, uint32_t n)
{
  /* Lemire's multiply-and-reject: unbiased without a division in the common case. */
  uint64_t m = (uint64_t) (uint32_t) (cw_rng_next (rng) >> 32) * n;
  uint32_t low = (uint32_t) m;
  if (low < n)
    {
      uint32_t threshold = (uint32_t) (-n) % n;
      while (low < threshold)
        {
          m = (uint64_t) (uint32_t) (cw_rng_next (rng) >> 32) * n;
          low = (uint32_t) m;
        }
    }
  return (uint32_t) (m >> 32);
}

void
cw_rng_shuffle (cw_rng *rng, int *items, int n)
{
  for (int i = n - 1; i > 0; i--)
    {
      int j = (int) cw_rng_below (rng, (uint32_t) (i + 1));
      int t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
}

size_t
cw_memory_available (void)
{
  const char *limit = getenv ("CW_MEMORY_LIMIT");
  if (limit && *limit)
    {
      char *end;
      unsigned long long v = strtoull (limit, &end, 10);
      if (*end == '\0')
        return (size_t) v;
    }
  /* MemAvailable counts reclaimable page cache too: what a big allocation can really get. */
  FILE *f = fopen ("/proc/meminfo", "r");
  if (f)
    {
      char line[128];
      unsigned long long kb = 0;
      bool found = false;
      while (!found && fgets (line, sizeof line, f))
        found = sscanf (line, "MemAvailable: %llu kB", &kb) == 1;
      fclose (f);
      if (found)
        return kb > SIZE_MAX / 1024 ? SIZE_MAX : (size_t) kb * 1024;
    }
#if defined(_SC_AVPHYS_PAGES) && defined(_SC_PAGESIZE)
  long pages = sysconf (_SC_AVPHYS_PAGES), page = sysconf (_SC_PAGESIZE);
  if (pages > 0 && page > 0)
    return (size_t) pages * (size_t) page;
#endif
  return SIZE_MAX;
}

void
cw_format_bytes (double bytes, char out[32])
{
  static const char *const units[] = { "bytes", "kB", "MB", "GB", "TB", "PB", "EB" };
  int u = 0;
  while (bytes >= 1000 && u < 6)
    {
      bytes /= 1000;
      u++;
    }
  if (u == 0)
    snprintf (out, 32, "%.0f bytes", bytes);
  else
    snprintf (out, 32, "%.*f %s", bytes < 10 ? 2 : bytes < 100 ? 1 : 0, bytes, units[u]);
}
