/* The transparency log (log.h, docs/transparency-log.md).
 * The text encodings of the log (base64, base32 for receipt codes, decimal
 * counts). */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/log_int.h"
#include "store/store.h"

/* ---- encodings -------------------------------------------------------------- */

void lg_sodium_ready(void)
{
	if (sodium_init() < 0)
		fatal("log: libsodium failed to initialise");
}

void lg_put_b64(struct buf *b, const uint8_t *p, size_t n)
{
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	buf_grow(b, cap);
	sodium_bin2base64(b->p + b->len, cap, p, n, sodium_base64_VARIANT_ORIGINAL);
	b->len += cap - 1;
}

/* Canonical standard base64 only (libsodium refuses bad padding and
 * non-zero leftover bits).  Returns the decoded length or -1. */
long lg_get_b64(const char *s, size_t n, uint8_t *out, size_t max)
{
	const char *end = NULL;
	size_t len = 0;
	if (n == 0 || n % 4 != 0)
		return -1;
	if (sodium_base642bin(out, max, s, n, NULL, &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    end != s + n)
		return -1;
	return (long)len;
}

static const char B32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* RFC 4648 base32 without padding: 32 bytes are 52 characters. */
void lg_put_b32(struct buf *b, const uint8_t *p, size_t n)
{
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		acc = acc << 8 | p[i];
		bits += 8;
		while (bits >= 5) {
			buf_putc(b, B32[(acc >> (bits - 5)) & 31]);
			bits -= 5;
		}
	}
	if (bits > 0)
		buf_putc(b, B32[(acc << (5 - bits)) & 31]);
}

/* Decodes exactly `want` bytes from base32 s[0, n), either case; the
 * unused low bits of the last character must be zero. */
int lg_get_b32(const char *s, size_t n, uint8_t *out, size_t want)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t got = 0;
	if (n != (want * 8 + 4) / 5)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int v;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		const char *at = strchr(B32, c);
		if (c == '\0' || at == NULL)
			return -1;
		v = (int)(at - B32);
		acc = acc << 5 | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			if (got == want)
				return -1;
			out[got++] = (uint8_t)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	if (got != want || (acc & ((1u << bits) - 1)) != 0)
		return -1;
	return 0;
}

/* A decimal number without sign or leading zeros, at most max. */
int lg_get_count(const char *s, size_t n, int64_t max, int64_t *out)
{
	int64_t v = 0;
	if (n == 0 || n > 19 || (n > 1 && s[0] == '0'))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (max - (s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int lg_is_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;
	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}
