/* Money as people type it and as they expect to read it. */
#include "text/money.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/checked.h"
#include "text/utf8.h"

/* How much of the input is quoted back in an error message. */
#define MONEY_QUOTE_MAX 40

/* Currency words accepted after the number, compared after lower-casing
 * (text_lower also recomposes, so "đồng" typed decomposed matches). */
static const char *const money_suffixes[] = {"đ", "đồng", "vnd", "vnđ", "₫"};

/* Each reason is a whole format of its own so that it can be translated
 * (docs/vietnamese.md). */
static int fail(struct err *e, const char *s)
{
	return err_fail(e, "not an amount: '%.*s'", MONEY_QUOTE_MAX, s);
}

/* Length of a space-like group separator at p: ASCII space, NBSP or narrow
 * NBSP (what spreadsheets put between thousands), else 0. */
static size_t space_sep(const char *p)
{
	if (p[0] == ' ')
		return 1;
	if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
		return 2;
	if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0xAF)
		return 3;
	return 0;
}

static int is_suffix(const char *s, size_t len)
{
	if (len == 0 || len > 16 || !text_is_utf8(s, len))
		return 0;
	char tmp[17];
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	char *low = text_lower(tmp);
	int ok = 0;
	for (size_t i = 0; i < sizeof money_suffixes / sizeof money_suffixes[0]; i++)
		if (strcmp(low, money_suffixes[i]) == 0)
			ok = 1;
	free(low);
	return ok;
}

/* Grammar: DIGITS | GROUP1 (SEP GROUP3)+ with one separator kind throughout
 * ('.', ',' or a space), GROUP1 1-3 digits not starting with 0, then an
 * optional currency word.  The dot is the Vietnamese thousands separator and
 * the comma the English one; either one followed by fewer than three digits
 * at the end is read as a decimal mark, which an amount of đồng never has. */
int money_parse(const char *s, int64_t *out, struct err *e)
{
	const char *p = s;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return err_fail(e, "not an amount: empty");
	if (*p == '-')
		return err_fail(e, "not an amount: '%.*s' (negative)", MONEY_QUOTE_MAX, s);
	if (*p == '+')
		return err_fail(e, "not an amount: '%.*s' (no sign allowed)", MONEY_QUOTE_MAX, s);
	if (*p == '.' || *p == ',')
		return err_fail(e, "not an amount: '%.*s' (misplaced separator)",
				MONEY_QUOTE_MAX, s);
	if (!isdigit((unsigned char)*p))
		return fail(e, s);

	int64_t v = 0;
	int sep = 0;        /* '.', ',' or ' ' once the first separator is seen */
	size_t group = 0;   /* digits in the current group */
	int ngroups = 1;
	int first_zero = *p == '0';
	for (;;) {
		if (isdigit((unsigned char)*p)) {
			if (i64_mul(v, 10, &v) < 0 || i64_add(v, *p - '0', &v) < 0)
				return err_fail(e, "not an amount: '%.*s' (too large)",
						MONEY_QUOTE_MAX, s);
			group++;
			p++;
			continue;
		}
		size_t sl = space_sep(p);
		int this_sep = *p == '.' || *p == ',' ? *p : sl ? ' ' : 0;
		size_t adv = sl ? sl : 1;
		/* A space followed by a non-digit starts the currency word. */
		if (this_sep == 0 || !isdigit((unsigned char)p[adv]))
			break;
		if (sep && this_sep != sep) {
			/* "1.000,5" is a decimal comma, "1.000,000" a real mix. */
			size_t k = 0;
			while (isdigit((unsigned char)p[adv + k]))
				k++;
			if (this_sep != ' ' && k != 3)
				return err_fail(e, "not an amount: '%.*s' (no fractions of a đồng)",
						MONEY_QUOTE_MAX, s);
			return err_fail(e, "not an amount: '%.*s' (mixed separators)",
					MONEY_QUOTE_MAX, s);
		}
		if (ngroups == 1 ? group > 3 : group != 3)
			return err_fail(e, "not an amount: '%.*s' (digits must be grouped by three)",
					MONEY_QUOTE_MAX, s);
		sep = this_sep;
		ngroups++;
		group = 0;
		p += adv;
	}
	if (sep) {
		if (group != 3) {
			if (sep != ' ' && group < 3)
				return err_fail(e, "not an amount: '%.*s' (no fractions of a đồng)",
						MONEY_QUOTE_MAX, s);
			return err_fail(e, "not an amount: '%.*s' (digits must be grouped by three)",
					MONEY_QUOTE_MAX, s);
		}
		if (first_zero)
			return err_fail(e, "not an amount: '%.*s' (no fractions of a đồng)",
					MONEY_QUOTE_MAX, s);
	}

	/* What follows: nothing, or an optional space and a currency word. */
	if (*p == '.' || *p == ',')
		return err_fail(e, "not an amount: '%.*s' (misplaced separator)",
				MONEY_QUOTE_MAX, s);
	for (;;) {
		size_t sl = *p == '\t' ? 1 : space_sep(p);
		if (sl == 0)
			break;
		p += sl;
	}
	if (*p != '\0') {
		size_t n = strlen(p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (!is_suffix(p, n))
			return fail(e, s);
	}
	*out = v;
	return 0;
}

/* Digits of |v| with a dot every three, without sign. */
static void put_grouped(struct buf *out, uint64_t u)
{
	char tmp[32];
	int i = sizeof tmp, n = 0;
	do {
		if (n > 0 && n % 3 == 0)
			tmp[--i] = '.';
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
		n++;
	} while (u);
	buf_put(out, tmp + i, sizeof tmp - (size_t)i);
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

void money_format_plain(struct buf *out, int64_t v)
{
	if (v < 0)
		buf_putc(out, '-');
	put_grouped(out, magnitude(v));
}

void money_format(struct buf *out, int64_t v)
{
	money_format_plain(out, v);
	buf_puts(out, " đ");
}

/* The tenth digit is truncated, not rounded: a total of 999.999.999 must not
 * read "1.000 triệu" (or worse "1 tỷ") on a dashboard that people use to see
 * whether a target has been reached. */
void money_format_short(struct buf *out, int64_t v)
{
	static const struct {
		uint64_t unit;
		const char *name;
	} units[] = {
		{UINT64_C(1000000000), "tỷ"},
		{UINT64_C(1000000), "triệu"},
		{UINT64_C(1000), "nghìn"},
	};
	uint64_t u = magnitude(v);
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (u < units[i].unit)
			continue;
		uint64_t whole = u / units[i].unit;
		uint64_t tenth = u % units[i].unit / (units[i].unit / 10);
		if (v < 0)
			buf_putc(out, '-');
		put_grouped(out, whole);
		if (tenth) {
			buf_putc(out, ',');
			buf_putc(out, (char)('0' + tenth));
		}
		buf_putc(out, ' ');
		buf_puts(out, units[i].name);
		return;
	}
	money_format(out, v);
}

/* ---- Amounts in words ---------------------------------------------------- */

static const char *const digit_words[10] = {
	"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
};

static void put_word(struct buf *out, const char *w)
{
	if (out->len > 0 && out->p[out->len - 1] != ' ')
		buf_putc(out, ' ');
	buf_puts(out, w);
}

/* One group of three digits (1..999).  full: a group that follows a larger
 * non-zero part, which is read with all three places ("không trăm linh
 * năm"); the leading group drops a zero hundreds and a zero tens. */
static void put_group(struct buf *out, int g, int full, enum money_dialect d)
{
	int h = g / 100, t = g / 10 % 10, u = g % 10;
	if (h > 0 || full) {
		put_word(out, digit_words[h]);
		put_word(out, "trăm");
	}
	if (t == 0) {
		if (u == 0)
			return;
		if (h > 0 || full)
			put_word(out, d == MONEY_SOUTH ? "lẻ" : "linh");
		put_word(out, digit_words[u]);
		return;
	}
	put_word(out, t == 1 ? "mười" : digit_words[t]);
	if (t > 1)
		put_word(out, "mươi");
	if (u == 1 && t > 1)
		put_word(out, "mốt");
	else if (u == 5)
		put_word(out, "lăm");
	else if (u > 0)
		put_word(out, digit_words[u]);
}

/* A number below one thousand million (0 reads nothing) as groups with
 * triệu and nghìn.  *started says a larger non-zero part has already been
 * read, so that every later group is read in full. */
static void put_below_billion(struct buf *out, int64_t n, int *started, enum money_dialect d)
{
	const char *scale[3] = {"triệu", d == MONEY_SOUTH ? "ngàn" : "nghìn", NULL};
	int groups[3] = {(int)(n / 1000000), (int)(n / 1000 % 1000), (int)(n % 1000)};
	for (int i = 0; i < 3; i++) {
		if (groups[i] == 0)
			continue;
		put_group(out, groups[i], *started, d);
		if (scale[i])
			put_word(out, scale[i]);
		*started = 1;
	}
}

int money_words(struct buf *out, int64_t v, enum money_dialect d, struct err *e)
{
	if (v < 0 || v > MONEY_WORDS_MAX)
		return err_fail(e, "cannot read %lld đồng in words (0 to 999.999.999.999.999.999)",
				(long long)v);
	size_t start = out->len;
	if (v == 0) {
		buf_puts(out, "không");
	} else {
		/* Past 999 tỷ, Vietnamese does not invent a new unit: the count of
		 * tỷ is itself read as a number ("một nghìn tỷ", "năm triệu tỷ"). */
		int64_t ty = v / 1000000000, rest = v % 1000000000;
		int started = 0;
		/* put_word must not glue onto text the caller already had. */
		struct buf w = BUF_INIT;
		put_below_billion(&w, ty, &started, d);
		if (ty > 0)
			put_word(&w, "tỷ");
		put_below_billion(&w, rest, &started, d);
		buf_put(out, w.p, w.len);
		buf_free(&w);
	}
	buf_puts(out, " đồng");
	/* Every first word starts with an ASCII letter (k, m, h, b, n, s, t, c). */
	out->p[start] = (char)toupper((unsigned char)out->p[start]);
	return 0;
}
