/* text/money: amounts in words (money_words) and the `ansinh words` command.
 *
 * Fixed cases pin each rule of issue #3 by hand.  Generated cases are
 * checked two independent ways: against a second formulation written here
 * (a flat walk over six groups instead of "tỷ count + rest"), and by parsing
 * the words back to a number with a reader that also enforces the spelling
 * rules (mốt, lăm, linh, không trăm). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "text/money.h"

struct words_case {
	int64_t v;
	const char *north;
	const char *south; /* NULL: same as north */
};

static const struct words_case fixed[] = {
	{0, "Không đồng", NULL},
	{1, "Một đồng", NULL},
	{2, "Hai đồng", NULL},
	{4, "Bốn đồng", NULL},
	{5, "Năm đồng", NULL},
	{7, "Bảy đồng", NULL},
	{9, "Chín đồng", NULL},
	{10, "Mười đồng", NULL},
	{11, "Mười một đồng", NULL},           /* mốt only after tens >= 2 */
	{14, "Mười bốn đồng", NULL},
	{15, "Mười lăm đồng", NULL},           /* lăm after any tens >= 1 */
	{19, "Mười chín đồng", NULL},
	{20, "Hai mươi đồng", NULL},
	{21, "Hai mươi mốt đồng", NULL},
	{24, "Hai mươi bốn đồng", NULL},       /* bốn, not tư */
	{25, "Hai mươi lăm đồng", NULL},
	{30, "Ba mươi đồng", NULL},
	{41, "Bốn mươi mốt đồng", NULL},
	{55, "Năm mươi lăm đồng", NULL},
	{99, "Chín mươi chín đồng", NULL},
	{100, "Một trăm đồng", NULL},
	{101, "Một trăm linh một đồng", "Một trăm lẻ một đồng"},
	{104, "Một trăm linh bốn đồng", "Một trăm lẻ bốn đồng"},
	{105, "Một trăm linh năm đồng", "Một trăm lẻ năm đồng"}, /* năm after linh */
	{110, "Một trăm mười đồng", NULL},
	{111, "Một trăm mười một đồng", NULL},
	{115, "Một trăm mười lăm đồng", NULL},
	{121, "Một trăm hai mươi mốt đồng", NULL},
	{200, "Hai trăm đồng", NULL},
	{999, "Chín trăm chín mươi chín đồng", NULL},
	{1000, "Một nghìn đồng", "Một ngàn đồng"},
	{1001, "Một nghìn không trăm linh một đồng", "Một ngàn không trăm lẻ một đồng"},
	{1010, "Một nghìn không trăm mười đồng", "Một ngàn không trăm mười đồng"},
	{1015, "Một nghìn không trăm mười lăm đồng", "Một ngàn không trăm mười lăm đồng"},
	{1021, "Một nghìn không trăm hai mươi mốt đồng", "Một ngàn không trăm hai mươi mốt đồng"},
	{1100, "Một nghìn một trăm đồng", "Một ngàn một trăm đồng"},
	{1105, "Một nghìn một trăm linh năm đồng", "Một ngàn một trăm lẻ năm đồng"},
	{10000, "Mười nghìn đồng", "Mười ngàn đồng"},
	{15000, "Mười lăm nghìn đồng", "Mười lăm ngàn đồng"},
	{21000, "Hai mươi mốt nghìn đồng", "Hai mươi mốt ngàn đồng"},
	{100000, "Một trăm nghìn đồng", "Một trăm ngàn đồng"},
	{105000, "Một trăm linh năm nghìn đồng", "Một trăm lẻ năm ngàn đồng"},
	{500000, "Năm trăm nghìn đồng", "Năm trăm ngàn đồng"},
	{1000000, "Một triệu đồng", NULL},
	{1000001, "Một triệu không trăm linh một đồng", "Một triệu không trăm lẻ một đồng"},
	{1000100, "Một triệu một trăm đồng", NULL},
	{1001000, "Một triệu không trăm linh một nghìn đồng",
	 "Một triệu không trăm lẻ một ngàn đồng"},
	{1005000, "Một triệu không trăm linh năm nghìn đồng",
	 "Một triệu không trăm lẻ năm ngàn đồng"},
	{2050000, "Hai triệu không trăm năm mươi nghìn đồng",
	 "Hai triệu không trăm năm mươi ngàn đồng"},
	{3000200, "Ba triệu hai trăm đồng", NULL},   /* zero group skipped */
	{1500000, "Một triệu năm trăm nghìn đồng", "Một triệu năm trăm ngàn đồng"},
	{25000000, "Hai mươi lăm triệu đồng", NULL},
	{850000000, "Tám trăm năm mươi triệu đồng", NULL},
	{999999999, "Chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn "
		    "chín trăm chín mươi chín đồng",
	 "Chín trăm chín mươi chín triệu chín trăm chín mươi chín ngàn "
	 "chín trăm chín mươi chín đồng"},
	{1000000000, "Một tỷ đồng", NULL},
	{1000000001, "Một tỷ không trăm linh một đồng", "Một tỷ không trăm lẻ một đồng"},
	{1010000000, "Một tỷ không trăm mười triệu đồng", NULL},
	{1500000000, "Một tỷ năm trăm triệu đồng", NULL},
	{INT64_C(10000000000), "Mười tỷ đồng", NULL},
	{INT64_C(232000000000), "Hai trăm ba mươi hai tỷ đồng", NULL},
	{INT64_C(1000000000000), "Một nghìn tỷ đồng", "Một ngàn tỷ đồng"},
	{INT64_C(1000000000001), "Một nghìn tỷ không trăm linh một đồng",
	 "Một ngàn tỷ không trăm lẻ một đồng"},
	{INT64_C(1000000005000), "Một nghìn tỷ không trăm linh năm nghìn đồng",
	 "Một ngàn tỷ không trăm lẻ năm ngàn đồng"},
	{INT64_C(1001000000000), "Một nghìn không trăm linh một tỷ đồng",
	 "Một ngàn không trăm lẻ một tỷ đồng"},
	{INT64_C(1500000000000), "Một nghìn năm trăm tỷ đồng", "Một ngàn năm trăm tỷ đồng"},
	{INT64_C(1000000000000000), "Một triệu tỷ đồng", NULL},
	{INT64_C(5000003000000000), "Năm triệu không trăm linh ba tỷ đồng",
	 "Năm triệu không trăm lẻ ba tỷ đồng"},
	{INT64_C(999999999999999999),
	 "Chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi "
	 "chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm "
	 "chín mươi chín đồng",
	 "Chín trăm chín mươi chín triệu chín trăm chín mươi chín ngàn chín trăm chín mươi "
	 "chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín ngàn chín trăm "
	 "chín mươi chín đồng"},
};

static void test_fixed(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		const struct words_case *c = &fixed[i];
		for (int d = 0; d < 2; d++) {
			const char *want = d == 0 || c->south == NULL ? c->north : c->south;
			struct buf b = BUF_INIT;
			struct err e = {0};
			assert_int_equal(money_words(&b, c->v, (enum money_dialect)d, &e), 0);
			if (strcmp(b.p, want) != 0)
				fail_msg("%lld (%s): '%s' want '%s'", (long long)c->v,
					 d ? "south" : "north", b.p, want);
			buf_free(&b);
		}
	}
}

static void test_out_of_range(void **state)
{
	(void)state;
	static const int64_t bad[] = {-1, -1000, INT64_MIN, MONEY_WORDS_MAX + 1, INT64_MAX};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct buf b = BUF_INIT;
		struct err e = {0};
		buf_puts(&b, "x");
		assert_int_equal(money_words(&b, bad[i], MONEY_NORTH, &e), -1);
		assert_int_equal(e.kind, ERR_FAIL);
		assert_string_equal(b.p, "x"); /* nothing appended */
		buf_free(&b);
	}
}

/* Appends after existing text, capitalising only its own first letter. */
static void test_appends(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	struct err e = {0};
	buf_puts(&b, "Bằng chữ: ");
	assert_int_equal(money_words(&b, 21000, MONEY_NORTH, &e), 0);
	assert_string_equal(b.p, "Bằng chữ: Hai mươi mốt nghìn đồng");
	buf_free(&b);
}

/* ---- The second formulation ----------------------------------------------- */

static const char *const ref_digit[10] = {
	"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
};

/* The words for the last two digits when a hundreds place was read before
 * them (or is implied): "linh X", "mười X", "X mươi Y". */
static void ref_tens(char *dst, size_t n, int t, int u, int after_hundreds, int south)
{
	const char *unit = u == 0 ? "" : ref_digit[u];
	if (u == 5 && t >= 1)
		unit = "lăm";
	if (u == 1 && t >= 2)
		unit = "mốt";
	if (t == 0 && u == 0)
		snprintf(dst, n, "%s", "");
	else if (t == 0)
		snprintf(dst, n, "%s%s", after_hundreds ? (south ? "lẻ " : "linh ") : "", unit);
	else if (t == 1)
		snprintf(dst, n, "mười%s%s", u ? " " : "", unit);
	else
		snprintf(dst, n, "%s mươi%s%s", ref_digit[t], u ? " " : "", unit);
}

static void ref_group(char *dst, size_t n, int g, int full, int south)
{
	char tens[64];
	int h = g / 100;
	if (h == 0 && !full) {
		ref_tens(dst, n, g / 10 % 10, g % 10, 0, south);
		return;
	}
	ref_tens(tens, sizeof tens, g / 10 % 10, g % 10, 1, south);
	snprintf(dst, n, "%s trăm%s%s", ref_digit[h], tens[0] ? " " : "", tens);
}

/* Flat walk over the six groups from the top; "tỷ" follows the third group
 * from the bottom whenever anything above a billion was read. */
static void ref_words(char *dst, size_t n, int64_t v, int south)
{
	static const char *const scale_n[6] = {"", "nghìn", "triệu", "", "nghìn", "triệu"};
	static const char *const scale_s[6] = {"", "ngàn", "triệu", "", "ngàn", "triệu"};
	int g[6];
	int64_t x = v;
	for (int i = 0; i < 6; i++) {
		g[i] = (int)(x % 1000);
		x /= 1000;
	}
	char out[900] = "";
	int started = 0;
	for (int i = 5; i >= 0; i--) {
		if (g[i] != 0) {
			char gw[128];
			ref_group(gw, sizeof gw, g[i], started, south);
			const char *sc = (south ? scale_s : scale_n)[i];
			snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s%s%s",
				 started ? " " : "", gw, sc[0] ? " " : "", sc);
			started = 1;
		}
		if (i == 3 && v >= 1000000000)
			snprintf(out + strlen(out), sizeof out - strlen(out), " tỷ");
	}
	if (v == 0)
		snprintf(out, sizeof out, "không");
	snprintf(dst, n, "%s đồng", out);
	dst[0] = (char)toupper((unsigned char)dst[0]);
}

/* ---- Reading the words back ----------------------------------------------- */

static int digit_of(const char *w)
{
	for (int i = 0; i < 10; i++)
		if (strcmp(w, ref_digit[i]) == 0)
			return i;
	return -1;
}

/* Parses the words of money_words back to a number, failing the test when a
 * spelling rule is broken.  Returns the value. */
static int64_t read_back(const char *text, int south)
{
	char tmp[1024];
	snprintf(tmp, sizeof tmp, "%s", text);
	tmp[0] = (char)tolower((unsigned char)tmp[0]);
	const char *linh = south ? "lẻ" : "linh";
	const char *thousand = south ? "ngàn" : "nghìn";
	int64_t before_ty = 0, mid = 0;
	int group = 0, digit = -1, in_group = 0, seen_any_group = 0, nty = 0;
	const char *prev = "";
	int saw_hundreds = 0;
	char *save = NULL;
	size_t len = strlen(tmp);
	assert_true(len > 6 && strcmp(tmp + len - strlen(" đồng"), " đồng") == 0);
	tmp[len - strlen(" đồng")] = '\0';
	if (strcmp(tmp, "không") == 0)
		return 0;
	for (char *w = strtok_r(tmp, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		int dg = digit_of(w);
		if (dg >= 0) {
			/* A bare digit follows nothing, "trăm", "linh", "mươi" or "mười". */
			if (digit >= 0)
				fail_msg("'%s': two digits in a row", text);
			if (strcmp(prev, "mươi") == 0 && dg == 1)
				fail_msg("'%s': 'mươi một' should be 'mươi mốt'", text);
			if ((strcmp(prev, "mươi") == 0 || strcmp(prev, "mười") == 0) && dg == 5)
				fail_msg("'%s': 'mươi/mười năm' should be 'lăm'", text);
			if (dg == 0 && (in_group || !seen_any_group))
				fail_msg("'%s': 'không' misplaced", text);
			digit = dg;
			in_group = 1;
		} else if (strcmp(w, "mốt") == 0) {
			if (strcmp(prev, "mươi") != 0)
				fail_msg("'%s': 'mốt' not after 'mươi'", text);
			digit = 1;
		} else if (strcmp(w, "lăm") == 0) {
			if (strcmp(prev, "mươi") != 0 && strcmp(prev, "mười") != 0)
				fail_msg("'%s': 'lăm' not after tens", text);
			digit = 5;
		} else if (strcmp(w, "trăm") == 0) {
			if (digit < 0)
				fail_msg("'%s': 'trăm' without digit", text);
			group += digit * 100;
			digit = -1;
			saw_hundreds = 1;
		} else if (strcmp(w, linh) == 0) {
			if (strcmp(prev, "trăm") != 0)
				fail_msg("'%s': '%s' not after 'trăm'", text, linh);
		} else if (strcmp(w, "mười") == 0) {
			if (digit >= 0)
				fail_msg("'%s': digit before 'mười'", text);
			group += 10;
			in_group = 1;
		} else if (strcmp(w, "mươi") == 0) {
			if (digit < 2)
				fail_msg("'%s': 'mươi' needs a digit 2..9", text);
			group += digit * 10;
			digit = -1;
		} else if (strcmp(w, thousand) == 0 || strcmp(w, "triệu") == 0 ||
			   strcmp(w, "tỷ") == 0) {
			if (digit >= 0)
				group += digit;
			/* Groups after the first must be read in full. */
			if (group > 0 && seen_any_group && !saw_hundreds)
				fail_msg("'%s': group %d without 'không trăm'", text, group);
			if (strcmp(w, "tỷ") == 0) {
				before_ty = mid + group;
				mid = 0;
				nty++;
			} else {
				mid += (int64_t)group * (w[0] == 't' ? 1000000 : 1000);
				if (group == 0)
					fail_msg("'%s': empty group before '%s'", text, w);
			}
			if (group > 0)
				seen_any_group = 1;
			group = 0;
			digit = -1;
			in_group = 0;
			saw_hundreds = 0;
		} else {
			fail_msg("'%s': unknown word '%s'", text, w);
		}
		prev = w;
	}
	if (digit >= 0)
		group += digit;
	if (group > 0 && seen_any_group && !saw_hundreds)
		fail_msg("'%s': last group %d without 'không trăm'", text, group);
	if (nty > 1)
		fail_msg("'%s': 'tỷ' read twice", text);
	return before_ty * 1000000000 + mid + group;
}

static void check_generated(int64_t v)
{
	for (int d = 0; d < 2; d++) {
		struct buf b = BUF_INIT;
		struct err e = {0};
		char want[1024];
		assert_int_equal(money_words(&b, v, (enum money_dialect)d, &e), 0);
		ref_words(want, sizeof want, v, d);
		if (strcmp(b.p, want) != 0)
			fail_msg("%lld: '%s' want '%s'", (long long)v, b.p, want);
		if (strstr(b.p, "  ") || b.p[0] < 'A' || b.p[0] > 'Z')
			fail_msg("%lld: bad shape '%s'", (long long)v, b.p);
		int64_t back = read_back(b.p, d);
		if (back != v)
			fail_msg("%lld: '%s' reads back as %lld", (long long)v, b.p, (long long)back);
		buf_free(&b);
	}
}

static int generated_count;

/* Around every power of 1000 and 10, with small offsets that hit each
 * reading rule in the group just below and just above the boundary. */
static void test_generated_boundaries(void **state)
{
	(void)state;
	static const int64_t offs[] = {0, 1, 4, 5, 9, 10, 11, 14, 15, 20, 21, 24, 25, 99,
				       100, 101, 105, 110, 111, 115, 121, 999};
	int64_t p = 1;
	for (int k = 0; k <= 17; k++, p *= 10) {
		for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++) {
			int64_t cand[4] = {p + offs[i], p - 1 - offs[i], p * 5 + offs[i],
					   p * 21 + offs[i] * 1000};
			for (int c = 0; c < 4; c++) {
				if (cand[c] < 0 || cand[c] > MONEY_WORDS_MAX)
					continue;
				check_generated(cand[c]);
				generated_count++;
			}
		}
	}
	/* A single non-zero group in each position, every value 1..999 of a
	 * sample of groups, with and without a leading 1 above it. */
	int64_t scale = 1;
	for (int gi = 0; gi < 6; gi++, scale *= 1000) {
		for (int g = 1; g < 1000; g += (g < 130 ? 1 : 37)) {
			check_generated(g * scale);
			if (gi < 5)
				check_generated(scale * 1000 + g * scale);
			generated_count += 2;
		}
	}
	assert_true(generated_count > 300);
}

/* A deterministic pseudo-random walk over the whole range. */
static void test_generated_random(void **state)
{
	(void)state;
	uint64_t x = 0x9E3779B97F4A7C15u;
	for (int i = 0; i < 3000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		/* Vary the size and sprinkle zero groups. */
		int64_t v = (int64_t)(x % (uint64_t)(MONEY_WORDS_MAX + 1));
		int digits = (int)(x >> 58) % 19;
		int64_t mod = 1;
		for (int k = 0; k < digits; k++)
			mod *= 10;
		v %= mod;
		if (x & 1)
			v -= v / 1000 % 1000 * 1000;
		if (x & 2)
			v -= v / 1000000 % 1000 * 1000000;
		check_generated(v);
	}
}

/* ---- The command ---------------------------------------------------------- */

static int run_words(char **argv, int argc, char **out, struct err *e)
{
	size_t len = 0;
	struct cli_ctx ctx = {0};
	ctx.out = open_memstream(out, &len);
	int rc = cmd_words(&ctx, argc, argv, e);
	fclose(ctx.out);
	return rc;
}

static void test_command(void **state)
{
	(void)state;
	static const struct {
		const char *args[4];
		int argc;
		const char *out;
	} ok[] = {
		{{"232000000000"}, 1, "Hai trăm ba mươi hai tỷ đồng\n"},
		{{"232.000.000.000"}, 1, "Hai trăm ba mươi hai tỷ đồng\n"},
		{{"1,005,000"}, 1, "Một triệu không trăm linh năm nghìn đồng\n"},
		{{"1 000 đ"}, 1, "Một nghìn đồng\n"},
		{{"0"}, 1, "Không đồng\n"},
		{{"105", "--dialect", "south"}, 3, "Một trăm lẻ năm đồng\n"},
		{{"--dialect=south", "1000"}, 2, "Một ngàn đồng\n"},
		{{"1000", "--dialect", "north"}, 3, "Một nghìn đồng\n"},
		{{"999.999.999.999.999.999"}, 1,
		 "Chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín "
		 "mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn "
		 "chín trăm chín mươi chín đồng\n"},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		struct err e = {0};
		char *out = NULL;
		if (run_words((char **)ok[i].args, ok[i].argc, &out, &e) != 0)
			fail_msg("case %zu: %s", i, e.msg);
		assert_string_equal(out, ok[i].out);
		free(out);
	}
}

static void test_command_usage_errors(void **state)
{
	(void)state;
	static const struct {
		const char *args[4];
		int argc;
	} bad[] = {
		{{NULL}, 0},
		{{"-5"}, 1},
		{{"abc"}, 1},
		{{"1.5"}, 1},
		{{"1000000000000000000"}, 1},               /* 10^18: one past the limit */
		{{"9223372036854775807"}, 1},
		{{"99999999999999999999"}, 1},               /* overflows int64 */
		{{"1", "2"}, 2},
		{{"1", "--dialect", "east"}, 3},
		{{"1", "--dialect"}, 2},
		{{"1", "--lang", "vi"}, 3},
		{{"1\xff"}, 1},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct err e = {0};
		char *out = NULL;
		if (run_words((char **)bad[i].args, bad[i].argc, &out, &e) != -1)
			fail_msg("case %zu accepted: %s", i, out);
		if (e.kind != ERR_USAGE)
			fail_msg("case %zu: kind %d (%s)", i, e.kind, e.msg);
		assert_string_equal(out, ""); /* nothing printed on error */
		free(out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_generated_boundaries),
		cmocka_unit_test(test_generated_random),
		cmocka_unit_test(test_command),
		cmocka_unit_test(test_command_usage_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
