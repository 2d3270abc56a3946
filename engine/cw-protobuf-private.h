/* cw-protobuf-private.h — a minimal Protocol Buffers encoder (wire format only, no schema, no library),
 * enough to write ONNX files (onnx-graph.c).
 *
 * The wire format, from the public encoding description: a message is a sequence of fields, each a key
 * (field number << 3 | wire type) as a varint followed by the value. Wire types used here:
 *   0 VARINT            integers, 7 bits per byte, low group first, high bit = "more bytes follow";
 *                       negative int32/int64 are sign-extended to 64 bits (10 bytes)
 *   2 LENGTH-DELIMITED  a varint byte count then the bytes: strings, bytes, nested messages
 *   5 I32               4 little-endian bytes: float
 * Repeated fields are written as the field repeated (the unpacked form every parser accepts).
 *
 * Writing goes into a cw_bytes_out, which remembers running out of memory (b->failed) instead of failing
 * every call. A nested message is written in place: cw_pb_begin notes where its content starts and
 * cw_pb_end inserts the key and length in front of it once the length is known. */
#ifndef CW_PROTOBUF_PRIVATE_H
#define CW_PROTOBUF_PRIVATE_H

#include "cw-bytes-private.h"

/* The largest message protobuf parsers accept: lengths are signed 32-bit. */
#define CW_PB_MAX_MESSAGE ((size_t) 0x7fffffff)

void cw_pb_varint (cw_bytes_out *b, uint64_t v);
void cw_pb_int (cw_bytes_out *b, uint32_t field, int64_t v);     /* int32 / int64 / enum / bool */
void cw_pb_float (cw_bytes_out *b, uint32_t field, float v);
void cw_pb_bytes (cw_bytes_out *b, uint32_t field, const void *data, size_t n);
void cw_pb_string (cw_bytes_out *b, uint32_t field, const char *s);
/* A nested message copied from another buffer (which must not have failed). */
void cw_pb_message (cw_bytes_out *b, uint32_t field, const cw_bytes_out *message);
/* A nested message written in place: start = cw_pb_begin (b); ...fields...; cw_pb_end (b, field, start). */
size_t cw_pb_begin (const cw_bytes_out *b);
void cw_pb_end (cw_bytes_out *b, uint32_t field, size_t start);

#endif
