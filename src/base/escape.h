/* Quoting untrusted bytes into messages: error messages quote what the user
 * gave (a CSV header cell, an option), and must stay valid UTF-8 text on one
 * line whatever those bytes were. */
#ifndef ANSINH_ESCAPE_H
#define ANSINH_ESCAPE_H

#include <stddef.h>

#include "base/buf.h"

/* Appends s[0..n): well-formed UTF-8 sequences as they are; every other
 * byte, and control characters, as \xNN; at most max_bytes of input (then
 * "..."). */
/* Length of the well-formed UTF-8 sequence at s (at most n bytes; RFC 3629:
 * no overlongs, surrogates or code points above U+10FFFF), or 0. */
size_t utf8_seq_len(const unsigned char *s, size_t n);

void buf_put_printable(struct buf *b, const char *s, size_t n, size_t max_bytes);

#endif
