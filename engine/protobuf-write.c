/* protobuf-write.c — the Protocol Buffers wire-format encoder (see cw-protobuf-private.h). */
#include "cw-protobuf-private.h"

#include <assert.h>
#include <string.h>

enum { WIRE_VARINT = 0, WIRE_LENGTH_DELIMITED = 2, WIRE_I32 = 5 };

/* At most 10 bytes: 64 bits in groups of 7. */
static size_t
encode_varint (uint64_t v, unsigned char out[10])
{
  size_t n = 0;
  do
    {
      unsigned char byte = (unsigned char) (v & 0x7f);
      v >>= 7;
      out[n++] = v ? (unsigned char) (byte | 0x80) : byte;
    }
  while (v);
  return n;
}

void
cw_pb_varint (cw_bytes_out *b, uint64_t v)
{
  unsigned char buf[10];
  cw_put_bytes (b, buf, encode_varint (v, buf));
}

static void
put_key (cw_bytes_out *b, uint32_t field, unsigned wire_type)
{
  /* field numbers are 1 .. 2^29 - 1 */
  assert (field >= 1 && field < (1u << 29));
  cw_pb_varint (b, ((uint64_t) field << 3) | wire_type);
}

void
cw_pb_int (cw_bytes_out *b, uint32_t field, int64_t v)
{
  put_key (b, field, WIRE_VARINT);
  cw_pb_varint (b, (uint64_t) v); /* two's complement: negatives take 10 bytes, as the format says */
}

void
cw_pb_float (cw_bytes_out *b, uint32_t field, float v)
{
  put_key (b, field, WIRE_I32);
  cw_put_floats (b, &v, 1);
}

void
cw_pb_bytes (cw_bytes_out *b, uint32_t field, const void *data, size_t n)
{
  put_key (b, field, WIRE_LENGTH_DELIMITED);
  cw_pb_varint (b, n);
  cw_put_bytes (b, data, n);
}

void
cw_pb_string (cw_bytes_out *b, uint32_t field, const char *s)
{
  cw_pb_bytes (b, field, s, strlen (s));
}

void
cw_pb_message (cw_bytes_out *b, uint32_t field, const cw_bytes_out *message)
{
  if (message->failed)
    {
      b->failed = true;
      return;
    }
  cw_pb_bytes (b, field, message->data, message->len);
}

size_t
cw_pb_begin (const cw_bytes_out *b)
{
  return b->len;
}

void
cw_pb_end (cw_bytes_out *b, uint32_t field, size_t start)
{
  if (b->failed)
    return;
  assert (start <= b->len);
  size_t content = b->len - start;
  unsigned char header[20];
  size_t h = encode_varint (((uint64_t) field << 3) | WIRE_LENGTH_DELIMITED, header);
  h += encode_varint (content, header + h);
  /* grow by the header's size, then slide the content right to make room in front of it */
  cw_put_bytes (b, header, h);
  if (b->failed)
    return;
  memmove (b->data + start + h, b->data + start, content);
  memcpy (b->data + start, header, h);
}
