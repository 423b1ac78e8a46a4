/* Search folding.  This runs on every donor name of a large import and on
 * every search, so the common cases never reach utf8proc: ASCII is lowered
 * byte by byte, and the Latin letters Vietnamese uses (Latin-1, Latin
 * Extended-A/B up to ư, and the Vietnamese block U+1EA0..U+1EF9) are folded
 * through two small tables.  Everything else goes through utf8proc
 * decomposition with marks stripped and case folded. */
#include "text/fold.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "base/err.h"

/* Generated from Unicode canonical decompositions with marks removed and
 * lower-cased; đ/Đ (which have no decomposition) added by hand as 'd'.
 * One byte per code point; '0' means "not a plain Latin letter: ask
 * utf8proc" (×, ÷, Æ, ß, Ø, ı, Ł, ...). */
#define FOLD_LATIN_LO 0x00C0
#define FOLD_LATIN_HI 0x01B0
static const char fold_latin[] =
	"aaaaaa0ceeeeiiii0nooooo00uuuuy00aaaaaa0ceeeeiiii0nooooo00uuuuy0y"
	"aaaaaaccccccccddddeeeeeeeeeegggggggghh00iiiiiiiii000jjkk0llllll0"
	"000nnnnnn000oooooo00rrrrrrsssssssstttt00uuuuuuuuuuuuwwyyyzzzzzz0"
	"00000000000000000000000000000000oo0000000000000uu";
#define FOLD_VIET_LO 0x1EA0
#define FOLD_VIET_HI 0x1EF9
static const char fold_viet[] =
	"aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooo"
	"oooouuuuuuuuuuuuuuyyyyyyyy";

_Static_assert(sizeof fold_latin - 1 == FOLD_LATIN_HI - FOLD_LATIN_LO + 1, "fold_latin size");
_Static_assert(sizeof fold_viet - 1 == FOLD_VIET_HI - FOLD_VIET_LO + 1, "fold_viet size");

/* Bytes of the well-formed sequence at p, 0 if malformed.  The contract says
 * input is valid, but a bad byte must not make us read past the end. */
static size_t seq_len(const unsigned char *p, size_t n, int32_t *cp)
{
	unsigned char c = p[0];
	if (c >= 0xC2 && c <= 0xDF && n >= 2 && (p[1] & 0xC0) == 0x80) {
		*cp = ((int32_t)(c & 0x1F) << 6) | (p[1] & 0x3F);
		return 2;
	}
	if (c >= 0xE0 && c <= 0xEF && n >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		int32_t v = ((int32_t)(c & 0x0F) << 12) | ((int32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
		if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))
			return 0;
		*cp = v;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4 && n >= 4 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
	    (p[3] & 0xC0) == 0x80) {
		int32_t v = ((int32_t)(c & 0x07) << 18) | ((int32_t)(p[1] & 0x3F) << 12) |
			    ((int32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
		if (v < 0x10000 || v > 0x10FFFF)
			return 0;
		*cp = v;
		return 4;
	}
	return 0;
}

/* Writer state: a separator is only emitted once a following word starts,
 * which collapses runs and trims both ends for free. */
struct fold_out {
	struct buf *b;
	size_t start; /* where this call's output begins in b */
	int sep;
};

static inline void put_byte(struct fold_out *o, char c)
{
	if (o->sep) {
		if (o->b->len > o->start)
			buf_putc(o->b, ' ');
		o->sep = 0;
	}
	buf_putc(o->b, c);
}

static void put_cp(struct fold_out *o, int32_t c)
{
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t n = utf8proc_encode_char(c, enc);
	if (o->sep) {
		if (o->b->len > o->start)
			buf_putc(o->b, ' ');
		o->sep = 0;
	}
	buf_put(o->b, enc, (size_t)n);
}

/* Letters and digits of any script are kept; combining marks vanish without
 * splitting the word (so decomposed "Nguye\u0302\u0303n" folds to "nguyen");
 * anything else separates words. */
static void put_folded_cp(struct fold_out *o, int32_t c)
{
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		put_cp(o, c);
		break;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		break;
	default:
		o->sep = 1;
		break;
	}
}

/* The slow path for one code point outside the tables. */
static void fold_other(struct fold_out *o, int32_t c)
{
	/* 18 code points is utf8proc's longest full decomposition + case fold;
	 * a longer answer is still handled by asking again. */
	utf8proc_int32_t tmp[32];
	utf8proc_int32_t *d = tmp;
	int boundclass = 0;
	const utf8proc_option_t opt = UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD;
	utf8proc_ssize_t n = utf8proc_decompose_char(c, d, 32, opt, &boundclass);
	if (n > 32) {
		d = xmalloc((size_t)n * sizeof *d);
		boundclass = 0;
		n = utf8proc_decompose_char(c, d, n, opt, &boundclass);
	}
	if (n < 0) {
		o->sep = 1;
	} else {
		for (utf8proc_ssize_t i = 0; i < n; i++) {
			if (d[i] < 0x80) {
				unsigned char a = (unsigned char)d[i];
				if ((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9'))
					put_byte(o, (char)a);
				else if (a >= 'A' && a <= 'Z')
					put_byte(o, (char)(a - 'A' + 'a'));
				else
					o->sep = 1;
			} else {
				put_folded_cp(o, d[i]);
			}
		}
	}
	if (d != tmp)
		free(d);
}

void text_fold(struct buf *out, const char *s, size_t len)
{
	struct fold_out o = {out, out->len, 0};
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	buf_grow(out, len); /* folding rarely grows text */
	while (i < len) {
		unsigned char c = p[i];
		if (c < 0x80) {
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				put_byte(&o, (char)c);
			else if (c >= 'A' && c <= 'Z')
				put_byte(&o, (char)(c - 'A' + 'a'));
			else
				o.sep = 1;
			i++;
			continue;
		}
		int32_t cp = 0;
		size_t k = seq_len(p + i, len - i, &cp);
		if (k == 0) {
			o.sep = 1; /* malformed byte: a separator, never a crash */
			i++;
			continue;
		}
		i += k;
		char f = '0';
		if (cp >= FOLD_LATIN_LO && cp <= FOLD_LATIN_HI)
			f = fold_latin[cp - FOLD_LATIN_LO];
		else if (cp >= FOLD_VIET_LO && cp <= FOLD_VIET_HI)
			f = fold_viet[cp - FOLD_VIET_LO];
		if (f != '0')
			put_byte(&o, f);
		else if (cp >= 0x0300 && cp <= 0x036F)
			; /* combining diacritics of decomposed input: drop quickly */
		else
			fold_other(&o, cp);
	}
	/* Terminates even when nothing was written after buf_grow. */
	buf_put(out, "", 0);
}

char *text_fold_dup(const char *s)
{
	struct buf b = BUF_INIT;
	text_fold(&b, s, strlen(s));
	return buf_detach(&b);
}

int text_word_in(const char *s, const char *w, size_t n)
{
	int found = 0;
	for (const char *p = s; *p;) {
		const char *end = strchr(p, ' ');
		size_t wl = end ? (size_t)(end - p) : strlen(p);
		if (wl >= n && memcmp(p, w, n) == 0) {
			if (wl == n)
				return 2;
			found = 1;
		}
		if (end == NULL)
			break;
		p = end + 1;
	}
	return found;
}

int text_words_match(const char *s, const char *q)
{
	int best = 2, any = 0;
	for (const char *p = q; *p;) {
		const char *end = strchr(p, ' ');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n) {
			int m = text_word_in(s, p, n);
			if (m == 0)
				return 0;
			if (m < best)
				best = m;
			any = 1;
		}
		if (end == NULL)
			break;
		p = end + 1;
	}
	return any ? best : 0;
}

size_t text_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* Bytes of the first k characters of the n bytes at s (all n when fewer). */
static size_t chars_prefix(const char *s, size_t n, size_t k)
{
	size_t i = 0;
	for (size_t c = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && c++ == k)
			break;
	}
	return i;
}

void text_pair_token(struct buf *out, const char *x, size_t xn, const char *y, size_t yn,
		     int whole)
{
	if (whole) {
		size_t n = xn < yn ? xn : yn;
		int c = memcmp(x, y, n);
		if (c > 0 || (c == 0 && xn > yn)) {
			const char *t = x;
			size_t tn = xn;
			x = y, xn = yn, y = t, yn = tn;
		}
		buf_put(out, x, xn);
		buf_putc(out, '_');
		buf_put(out, y, yn);
		buf_putc(out, '_');
		return;
	}
	buf_put(out, x, chars_prefix(x, xn, 3));
	buf_putc(out, '_');
	buf_put(out, y, chars_prefix(y, yn, TEXT_PAIR_PREFIX_MAX));
}

struct word {
	const char *p;
	size_t n;
};

struct span {
	size_t off, n;
	const char *base;
};

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->base + x->off, y->base + y->off, n);
	return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* Appends the token of (x, y) to all and records where it is. */
static void add_token(struct buf *all, struct span **sp, size_t *n, size_t *cap, const char *x,
		      size_t xn, const char *y, size_t yn, int whole)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*sp = xrealloc(*sp, *cap * sizeof **sp);
	}
	size_t off = all->len;
	text_pair_token(all, x, xn, y, yn, whole);
	(*sp)[(*n)++] = (struct span){off, all->len - off, NULL};
}

void text_pair_tokens(struct buf *out, const char *words)
{
	struct word w[TEXT_PAIR_WORDS_MAX + 1];
	size_t wc[TEXT_PAIR_WORDS_MAX + 1];
	struct buf all = BUF_INIT;
	struct span *sp = NULL;
	size_t nw = 0, n = 0, cap = 0, from = out->len;

	for (const char *p = words; *p;) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		int dup = 0;
		for (size_t i = 0; i < nw && !dup; i++)
			dup = w[i].n == len && memcmp(w[i].p, p, len) == 0;
		if (len && !dup) {
			if (nw == TEXT_PAIR_WORDS_MAX) {
				buf_puts(out, TEXT_PAIR_LONG);
				return;
			}
			wc[nw] = text_chars(p, len);
			w[nw++] = (struct word){p, len};
		}
		if (end == NULL)
			break;
		p = end + 1;
	}
	for (size_t i = 0; i < nw; i++) {
		for (size_t j = 0; j < nw; j++) {
			if (j == i)
				continue;
			if (j > i) /* both whole, in either order */
				add_token(&all, &sp, &n, &cap, w[i].p, w[i].n, w[j].p, w[j].n, 1);
			if (wc[i] < 3)
				continue;
			/* b's first 2, 3 and 4 characters, as many as it has */
			for (size_t k = 2; k <= TEXT_PAIR_PREFIX_MAX && k <= wc[j]; k++)
				add_token(&all, &sp, &n, &cap, w[i].p, w[i].n, w[j].p,
					  chars_prefix(w[j].p, w[j].n, k), 0);
		}
	}
	/* the same token comes from "thanh" and "thach": write each once */
	for (size_t i = 0; i < n; i++)
		sp[i].base = all.p;
	if (n > 1)
		qsort(sp, n, sizeof *sp, span_cmp);
	for (size_t i = 0; i < n; i++) {
		if (i && span_cmp(&sp[i - 1], &sp[i]) == 0)
			continue;
		if (out->len > from)
			buf_putc(out, ' ');
		buf_put(out, all.p + sp[i].off, sp[i].n);
	}
	free(sp);
	buf_free(&all);
}
