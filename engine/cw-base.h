/* cw-base.h — status codes, the error record, and the seeded PRNG shared by the whole engine.
 *
 * Conventions for every cw_ function:
 *  - a function that can fail on user input returns cw_status (or NULL) and fills a cw_error the caller
 *    owns (err may be NULL when the caller does not care about the text);
 *  - programmer errors (NULL handles, indices out of range) are asserts, not statuses;
 *  - memory returned as `char *` or arrays documented "caller frees" is released with free(). */
#ifndef CW_BASE_H
#define CW_BASE_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  CW_OK = 0,
  CW_ERR_INVALID_ARGUMENT, /* a value out of its allowed range (e.g. batch 0, lr < 0) */
  CW_ERR_IO,               /* a file could not be opened, read or written */
  CW_ERR_PARSE,            /* malformed text: a CSV cell, a spec token */
  CW_ERR_SHAPE,            /* an impossible layer stack */
  CW_ERR_FORMAT,           /* a model file that is truncated, corrupt or not ours */
  CW_ERR_NOMEM,
  CW_ERR_NONFINITE,        /* training produced a NaN or Inf loss */
  CW_ERR_ABORTED,          /* training or a file read stopped because its abort/progress callback asked */
  CW_ERR_MISSING_VALUE,    /* a data cell with no number (empty, NA, NaN, Inf): readable with allow_missing */
} cw_status;

/* Where and what went wrong, for a message a user can act on. */
typedef struct {
  cw_status status;
  int line;          /* 1-based line in a file, 0 when not applicable */
  int column;        /* 1-based column (CSV field or spec character), 0 when not applicable */
  int length;        /* characters of the offending spec token, 0 when not applicable */
  int item;          /* 0-based index of the offending layer / token, -1 when not applicable */
  char message[512]; /* complete sentence(s), already naming file, line, column when known */
} cw_error;

void cw_error_clear (cw_error *err);
/* Fills err (when non-NULL) and returns status, so callers can `return cw_error_set (...)`. */
cw_status cw_error_set (cw_error *err, cw_status status, int line, int column,
                        const char *fmt, ...) __attribute__ ((format (printf, 5, 6)));
const char *cw_status_name (cw_status status);

/* xoshiro256** — our own generator so that a seed means the same stream on every platform. */
typedef struct {
  uint64_t s[4];
} cw_rng;

void cw_rng_seed (cw_rng *rng, uint64_t seed);
uint64_t cw_rng_next (cw_rng *rng);
double cw_rng_uniform (cw_rng *rng);           /* [0, 1) with 53 random bits */
double cw_rng_normal (cw_rng *rng);            /* N(0, 1), Box–Muller without caching */
uint32_t cw_rng_below (cw_rng *rng, uint32_t n); /* uniform in [0, n), unbiased */
void cw_rng_shuffle (cw_rng *rng, int *items, int n); /* Fisher–Yates */

/* A file written atomically: cw_atomic_open writes into a temporary file beside `path`;
 * cw_atomic_commit flushes it to disk and renames it over `path` (CW_ERR_IO naming the file and the
 * reason on a full disk or any other failure, the previous file left intact); cw_atomic_abort drops it.
 * commit and abort both release af. */
typedef struct {
  FILE *file;
  char *path;
  char *tmp;
} cw_atomic_file;

FILE *cw_atomic_open (cw_atomic_file *af, const char *path, cw_error *err);
cw_status cw_atomic_commit (cw_atomic_file *af, cw_error *err);
void cw_atomic_abort (cw_atomic_file *af);

/* Bytes of memory this process can still take without swapping: Linux's MemAvailable, else the physical
 * pages the system reports free, else SIZE_MAX (unknown). CW_MEMORY_LIMIT (bytes, in the environment)
 * overrides it, so tests and users can try a smaller machine. */
size_t cw_memory_available (void);
/* "1.5 GB", "820 MB", "12 kB" (decimal units, 3 significant digits) into out. */
void cw_format_bytes (double bytes, char out[32]);

/* Engine version string, e.g. "0.1.0". */
const char *cw_version (void);

#ifdef __cplusplus
}
#endif
#endif
