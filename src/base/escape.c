#include "base/escape.h"

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), or 0. */
size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	unsigned cp = c & (0xFF >> (len + 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

void buf_put_printable(struct buf *b, const char *s, size_t n, size_t max_bytes)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		if (i >= max_bytes) {
			buf_puts(b, "...");
			return;
		}
		size_t len = utf8_seq_len(p + i, n - i);
		/* C1 controls (U+0080..U+009F, encoded C2 80..C2 9F) drive terminals too */
		int c1 = len == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0;
		if (len == 0 || p[i] < 0x20 || p[i] == 0x7F || c1) {
			if (c1) {
				char esc[9] = {'\\', 'x', 'c', '2', '\\', 'x', hex[p[i + 1] >> 4],
					       hex[p[i + 1] & 15], 0};
				buf_puts(b, esc);
				i += 2;
				continue;
			}
			char esc[5] = {'\\', 'x', hex[p[i] >> 4], hex[p[i] & 15], 0};
			buf_puts(b, esc);
			i++;
			continue;
		}
		buf_put(b, p + i, len);
		i += len;
	}
}
