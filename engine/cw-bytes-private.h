/* cw-bytes-private.h — little-endian binary writing and bounds-checked reading, shared by the model
 * file (model-io.c) and the serialised preprocessing pipeline (preprocess-io.c).
 *
 * Writing grows a buffer and remembers running out of memory instead of failing each call. Reading never
 * steps past the end: every get checks first, the first shortage fills the error ("… is truncated at byte
 * N (it ends inside WHAT)") and later gets return zeros, so a reader can check once at the end of a
 * section. Counts read from the data are checked against the bytes that remain before anything is
 * allocated (cw_bytes_skip). */
#ifndef CW_BYTES_PRIVATE_H
#define CW_BYTES_PRIVATE_H

#include "cw-base.h"

typedef struct {
  unsigned char *data;
  size_t len, cap;
  bool failed; /* out of memory */
} cw_bytes_out;

void cw_put_bytes (cw_bytes_out *b, const void *src, size_t n);
void cw_put_u8 (cw_bytes_out *b, unsigned v);
void cw_put_u32 (cw_bytes_out *b, uint32_t v);
void cw_put_u64 (cw_bytes_out *b, uint64_t v);
void cw_put_floats (cw_bytes_out *b, const float *v, size_t n);   /* binary32 bits */
void cw_put_doubles (cw_bytes_out *b, const double *v, size_t n); /* binary64 bits */
void cw_put_string (cw_bytes_out *b, const char *s);              /* u32 length, bytes, no NUL */

typedef struct {
  const unsigned char *data;
  size_t size, pos;
  const char *kind; /* "model file", "preprocessing pipeline": the subject of messages */
  const char *name; /* its file name, or NULL */
  cw_error *err;
  bool failed;
} cw_bytes_in;

/* True when n more bytes are there; otherwise reports where the data ends, inside `what`. */
bool cw_bytes_need (cw_bytes_in *r, uint64_t n, const char *what);
/* Reports "The KIND 'NAME' is corrupt: REASON" (CW_ERR_FORMAT) and marks the reader failed; false. */
bool cw_bytes_corrupt (cw_bytes_in *r, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));
unsigned cw_get_u8 (cw_bytes_in *r, const char *what);
uint32_t cw_get_u32 (cw_bytes_in *r, const char *what);
uint64_t cw_get_u64 (cw_bytes_in *r, const char *what);
/* Position of n items of `size` bytes, skipped over; checked against the remaining bytes (without
 * overflow) so that a corrupt count never drives an allocation. 0 after a failure. */
size_t cw_bytes_skip (cw_bytes_in *r, uint64_t n, size_t size, const char *what);

/* Decoding at a position cw_bytes_skip returned. */
void cw_decode_floats (const unsigned char *p, float *out, size_t n);
void cw_decode_doubles (const unsigned char *p, double *out, size_t n);
uint32_t cw_decode_u32 (const unsigned char *p);

#endif
