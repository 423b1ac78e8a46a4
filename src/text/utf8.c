/* UTF-8 validation, NFC, white-space cleaning, lower case and width.
 *
 * Validation is done here rather than left to utf8proc so that the error can
 * name the byte offset, and so that the rules are exactly those of RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF, and (our own
 * rule) no NUL, which would silently cut C strings short. */
#include "text/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* Length of the well-formed sequence at s[0..len), or 0 when it is not one.
 * Second-byte ranges follow the table in RFC 3629 section 4. */
static size_t seq_len(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	if (c >= 0x01 && c <= 0x7F)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		if (len >= 2 && (s[1] & 0xC0) == 0x80)
			return 2;
		return 0;
	}
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned char lo = 0x80, hi = 0xBF;
		if (c == 0xE0)
			lo = 0xA0; /* overlong below U+0800 */
		else if (c == 0xED)
			hi = 0x9F; /* surrogates U+D800..U+DFFF */
		if (len >= 3 && s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80)
			return 3;
		return 0;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned char lo = 0x80, hi = 0xBF;
		if (c == 0xF0)
			lo = 0x90; /* overlong below U+10000 */
		else if (c == 0xF4)
			hi = 0x8F; /* above U+10FFFF */
		if (len >= 4 && s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 &&
		    (s[3] & 0xC0) == 0x80)
			return 4;
		return 0;
	}
	return 0; /* NUL, continuation byte, 0xC0/0xC1, 0xF5..0xFF */
}

/* Offset of the first invalid byte, or len when all is well. */
static size_t first_invalid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		if (p[i] >= 0x01 && p[i] < 0x80) {
			i++;
			continue;
		}
		size_t n = seq_len(p + i, len - i);
		if (n == 0)
			return i;
		i += n;
	}
	return len;
}

int text_is_utf8(const char *s, size_t len)
{
	return first_invalid(s, len) == len;
}

static int all_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* 1 when valid text is certainly NFC already: every code point is below
 * U+0300 or in Latin Extended Additional (U+1E00..U+1EFF, the precomposed
 * Vietnamese letters).  No such code point changes under NFC, and none is
 * the second half of a canonical composition, so only a combining mark or
 * another script after them could make the text non-NFC.  Checked against
 * the Unicode data when written; this keeps utf8proc (about ten times
 * slower) off the path of ordinary Vietnamese names. */
static int surely_nfc(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len; i++) {
		if (p[i] < 0x80)
			continue;
		if (p[i] < 0xCC) { /* two-byte sequence for U+0080..U+02FF */
			i++;
			continue;
		}
		/* U+1E00..U+1EFF is E1 B8 80 .. E1 BB BF. */
		if (p[i] == 0xE1 && i + 2 < len && p[i + 1] >= 0xB8 && p[i + 1] <= 0xBB) {
			i += 2;
			continue;
		}
		return 0;
	}
	return 1;
}

/* NFC of already validated text, malloc'd.  ASCII and precomposed
 * Vietnamese are their own NFC and are by far the common case, so they skip
 * utf8proc. */
static char *nfc_valid(const char *s, size_t len)
{
	if (surely_nfc(s, len))
		return xstrndup(s, len);
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &dst,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0) {
		/* Input was validated, so only running out of memory is left. */
		fatal("utf8proc_map: %s", utf8proc_errmsg(n));
	}
	return (char *)dst;
}

char *text_nfc(const char *s, size_t len, struct err *e)
{
	size_t bad = first_invalid(s, len);
	if (bad != len) {
		err_fail(e, "invalid UTF-8 at byte %zu", bad);
		return NULL;
	}
	return nfc_valid(s, len);
}

/* Decodes the valid sequence at p (n bytes). */
static int32_t decode(const unsigned char *p, size_t n)
{
	switch (n) {
	case 1:
		return p[0];
	case 2:
		return ((int32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
	case 3:
		return ((int32_t)(p[0] & 0x0F) << 12) | ((int32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
	default:
		return ((int32_t)(p[0] & 0x07) << 18) | ((int32_t)(p[1] & 0x3F) << 12) |
		       ((int32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
	}
}

/* White space for one-line fields: ASCII blanks and line breaks, and every
 * Unicode space separator (NBSP, thin and narrow spaces, ideographic space),
 * line and paragraph separators, and NEL.  People paste names from Word and
 * web pages, which bring NBSP and U+202F with them. */
static int is_space_cp(int32_t c)
{
	if (c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85)
		return 1;
	if (c < 0xA0)
		return 0;
	utf8proc_category_t cat = utf8proc_category(c);
	return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
	       cat == UTF8PROC_CATEGORY_ZP;
}

char *text_clean(const char *s, size_t len, struct err *e)
{
	char *nfc = text_nfc(s, len, e);
	if (nfc == NULL)
		return NULL;

	/* Rewrite in place: the result is never longer than the input. */
	const unsigned char *p = (const unsigned char *)nfc;
	size_t n = strlen(nfc), r = 0, w = 0;
	int pending_space = 0;
	while (r < n) {
		size_t k = p[r] < 0x80 ? 1 : seq_len(p + r, n - r);
		int32_t c = decode(p + r, k);
		if (is_space_cp(c)) {
			pending_space = w > 0; /* drops leading space */
			r += k;
			continue;
		}
		/* C0/C1 controls, DEL, bidi overrides and zero-width characters have
		 * no place in a name or code: they hide text or drive terminals. */
		if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x200B && c <= 0x200F) ||
		    (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF) {
			err_fail(e, "control or invisible character U+%04X at byte %zu", (unsigned)c, r);
			free(nfc);
			return NULL;
		}
		if (pending_space) {
			nfc[w++] = ' ';
			pending_space = 0;
		}
		memmove(nfc + w, nfc + r, k);
		w += k;
		r += k;
	}
	nfc[w] = '\0'; /* trailing space was never written */
	return nfc;
}

char *text_lower(const char *s)
{
	size_t len = strlen(s);
	if (all_ascii(s, len)) {
		char *out = xstrndup(s, len);
		for (size_t i = 0; i < len; i++)
			if (out[i] >= 'A' && out[i] <= 'Z')
				out[i] = (char)(out[i] - 'A' + 'a');
		return out;
	}

	/* Lower case each code point, then recompose: lower-casing a precomposed
	 * letter keeps it precomposed, but decomposed input must still come out
	 * NFC.  Invalid bytes (the contract says there are none) become U+FFFD
	 * rather than being trusted. */
	struct buf b = BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		size_t k = p[i] < 0x80 ? 1 : seq_len(p + i, len - i);
		int32_t c;
		if (k == 0) {
			c = 0xFFFD;
			k = 1;
		} else {
			c = utf8proc_tolower(decode(p + i, k));
		}
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t m = utf8proc_encode_char(c, enc);
		buf_put(&b, enc, (size_t)m);
		i += k;
	}
	char *out = nfc_valid(buf_cstr(&b), b.len);
	buf_free(&b);
	return out;
}

size_t text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, w = 0;
	while (i < len) {
		if (p[i] < 0x80) {
			w += p[i] >= 0x20 && p[i] != 0x7F; /* controls take no column */
			i++;
			continue;
		}
		size_t k = seq_len(p + i, len - i);
		if (k == 0) {
			w++; /* shown as a replacement character */
			i++;
			continue;
		}
		/* utf8proc_charwidth: 0 for combining marks, 2 for East Asian wide. */
		w += (size_t)utf8proc_charwidth(decode(p + i, k));
		i += k;
	}
	return w;
}
