/* text/money: parsing what people type, formatting what they read. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "text/money.h"

struct parse_ok {
	const char *in;
	int64_t want;
};

static const struct parse_ok parse_valid[] = {
	{"0", 0},
	{"1", 1},
	{"500", 500},
	{"1000", 1000},
	{"1000000", 1000000},
	{"0500", 500},                      /* plain digits may have leading zeros */
	{"1.000", 1000},                    /* a dot groups thousands */
	{"1,000", 1000},                    /* so does a comma */
	{"1 000", 1000},
	{"1.000.000", 1000000},
	{"1,000,000", 1000000},
	{"1 000 000", 1000000},
	{"12.345.678", 12345678},
	{"123.456.789", 123456789},
	{"999.999.999.999.999.999", INT64_C(999999999999999999)},
	{"232.000.000.000", INT64_C(232000000000)},
	{"9223372036854775807", INT64_MAX},
	{"9.223.372.036.854.775.807", INT64_MAX},
	{"1\xc2\xa0" "000\xc2\xa0" "000", 1000000},        /* NBSP groups */
	{"1\xe2\x80\xaf" "000", 1000},                      /* narrow NBSP */
	{"1.000.000 đ", 1000000},
	{"1.000.000đ", 1000000},
	{"1.000.000 Đ", 1000000},
	{"1 000 000 VND", 1000000},
	{"1000000VND", 1000000},
	{"1.000.000 vnd", 1000000},
	{"1.000.000 VNĐ", 1000000},
	{"1.000.000 vnđ", 1000000},
	{"1.000.000 Vnđ", 1000000},
	{"500 đồng", 500},
	{"500đồng", 500},
	{"500 ĐỒNG", 500},
	{"500 Đồng", 500},
	{"500 đo\xcc\x82\xcc\x80ng", 500},                 /* decomposed đồng */
	{"500 ₫", 500},
	{"500₫", 500},
	{"  1.000  ", 1000},                                /* outer blanks */
	{"\t1000\t", 1000},
	{"1.000 đ ", 1000},
	{"1,000,000 VND", 1000000},
	{"1 000đ", 1000},
	{"1\xc2\xa0" "000\xc2\xa0" "đ", 1000},              /* NBSP before the suffix */
};

static void test_parse_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof parse_valid / sizeof parse_valid[0]; i++) {
		const struct parse_ok *c = &parse_valid[i];
		if (c->want < 0)
			continue;
		struct err e = {0};
		int64_t v = -42;
		if (money_parse(c->in, &v, &e) != 0)
			fail_msg("'%s': %s", c->in, e.msg);
		if (v != c->want)
			fail_msg("'%s': got %lld want %lld", c->in, (long long)v, (long long)c->want);
	}
}

struct parse_bad {
	const char *in;
	const char *msg;
};

static const struct parse_bad parse_invalid[] = {
	{"", "not an amount: empty"},
	{"   ", "not an amount: empty"},
	{"đ", "not an amount: 'đ'"},
	{"VNĐ", "not an amount: 'VNĐ'"},
	{"abc", "not an amount: 'abc'"},
	{"-1", "not an amount: '-1' (negative)"},
	{"-1.000", "not an amount: '-1.000' (negative)"},
	{"+1000", "not an amount: '+1000' (no sign allowed)"},
	{"1.5", "not an amount: '1.5' (no fractions of a đồng)"},
	{"1,5", "not an amount: '1,5' (no fractions of a đồng)"},
	{"10.00", "not an amount: '10.00' (no fractions of a đồng)"},
	{"1.50", "not an amount: '1.50' (no fractions of a đồng)"},
	{"1.000,5", "not an amount: '1.000,5' (no fractions of a đồng)"},
	{"1,000.50", "not an amount: '1,000.50' (no fractions of a đồng)"},
	{"1.000.000,00", "not an amount: '1.000.000,00' (no fractions of a đồng)"},
	{"0.500", "not an amount: '0.500' (no fractions of a đồng)"},
	{"0,5", "not an amount: '0,5' (no fractions of a đồng)"},
	{"1.000,000", "not an amount: '1.000,000' (mixed separators)"},
	{"1,000.000", "not an amount: '1,000.000' (mixed separators)"},
	{"1 000.000", "not an amount: '1 000.000' (mixed separators)"},
	{"1.000 000", "not an amount: '1.000 000' (mixed separators)"},
	{"1.00.000", "not an amount: '1.00.000' (digits must be grouped by three)"},
	{"1.0000", "not an amount: '1.0000' (digits must be grouped by three)"},
	{"1000.000", "not an amount: '1000.000' (digits must be grouped by three)"},
	{"1.000.0000", "not an amount: '1.000.0000' (digits must be grouped by three)"},
	{"1 00", "not an amount: '1 00' (digits must be grouped by three)"},
	{"1 0000", "not an amount: '1 0000' (digits must be grouped by three)"},
	{".500", "not an amount: '.500' (misplaced separator)"},
	{",500", "not an amount: ',500' (misplaced separator)"},
	{"1.000.", "not an amount: '1.000.' (misplaced separator)"},
	{"1..000", "not an amount: '1..000' (misplaced separator)"},
	{"1000.", "not an amount: '1000.' (misplaced separator)"},
	{"1.000,", "not an amount: '1.000,' (misplaced separator)"},
	{"1  000", "not an amount: '1  000'"},
	{"9223372036854775808", "not an amount: '9223372036854775808' (too large)"},
	{"9.223.372.036.854.775.808", "not an amount: '9.223.372.036.854.775.808' (too large)"},
	{"99999999999999999999999", "not an amount: '99999999999999999999999' (too large)"},
	{"1000 đ x", "not an amount: '1000 đ x'"},
	{"1000 USD", "not an amount: '1000 USD'"},
	{"1000 dong", "not an amount: '1000 dong'"},
	{"1000 đ đ", "not an amount: '1000 đ đ'"},
	{"1000k", "not an amount: '1000k'"},
	{"1tr", "not an amount: '1tr'"},
	{"12a34", "not an amount: '12a34'"},
	{"1e6", "not an amount: '1e6'"},
	{"0x10", "not an amount: '0x10'"},
	{"đ 1000", "not an amount: 'đ 1000'"},
	{"1000\xff", "not an amount: '1000\xff'"},
	{"một nghìn", "not an amount: 'một nghìn'"},
};

static void test_parse_invalid(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof parse_invalid / sizeof parse_invalid[0]; i++) {
		const struct parse_bad *c = &parse_invalid[i];
		struct err e = {0};
		int64_t v = 77;
		if (money_parse(c->in, &v, &e) != -1)
			fail_msg("'%s' accepted as %lld", c->in, (long long)v);
		assert_int_equal(v, 77); /* untouched on error */
		assert_int_equal(e.kind, ERR_FAIL);
		if (strcmp(e.msg, c->msg) != 0)
			fail_msg("'%s': message '%s' want '%s'", c->in, e.msg, c->msg);
	}
}

/* The message quotes a bounded prefix of the input. */
static void test_parse_long_junk(void **state)
{
	(void)state;
	char in[600];
	memset(in, 'x', sizeof in - 1);
	in[sizeof in - 1] = '\0';
	struct err e = {0};
	int64_t v;
	assert_int_equal(money_parse(in, &v, &e), -1);
	assert_true(strlen(e.msg) < 80);
}

/* Every amount formatted the three ways parses back to itself. */
static void test_parse_round_trip(void **state)
{
	(void)state;
	int64_t v = 1;
	for (int i = 0; i < 300; i++) {
		int64_t vals[3] = {v, v - 1, v + 1};
		for (int k = 0; k < 3; k++) {
			struct buf b = BUF_INIT;
			struct err e = {0};
			int64_t got = -1;
			money_format(&b, vals[k]);
			assert_int_equal(money_parse(b.p, &got, &e), 0);
			assert_int_equal(got, vals[k]);
			buf_reset(&b);
			money_format_plain(&b, vals[k]);
			assert_int_equal(money_parse(b.p, &got, &e), 0);
			assert_int_equal(got, vals[k]);
			buf_free(&b);
		}
		/* A rough geometric walk through the whole range. */
		v = v / 7 * 10 + 3 + i;
		if (v > INT64_MAX / 20)
			v = (int64_t)i * 1000 + 999;
	}
}

struct fmt_case {
	int64_t v;
	const char *plain;
	const char *full;
	const char *shortf;
};

static const struct fmt_case fmt_cases[] = {
	{0, "0", "0 đ", "0 đ"},
	{1, "1", "1 đ", "1 đ"},
	{999, "999", "999 đ", "999 đ"},
	{1000, "1.000", "1.000 đ", "1 nghìn"},
	{1500, "1.500", "1.500 đ", "1,5 nghìn"},
	{1999, "1.999", "1.999 đ", "1,9 nghìn"},            /* truncated, not rounded */
	{12345, "12.345", "12.345 đ", "12,3 nghìn"},
	{100000, "100.000", "100.000 đ", "100 nghìn"},
	{999999, "999.999", "999.999 đ", "999,9 nghìn"},
	{1000000, "1.000.000", "1.000.000 đ", "1 triệu"},
	{1050000, "1.050.000", "1.050.000 đ", "1 triệu"},    /* 1,05: one decimal at most */
	{1100000, "1.100.000", "1.100.000 đ", "1,1 triệu"},
	{850000000, "850.000.000", "850.000.000 đ", "850 triệu"},
	{999999999, "999.999.999", "999.999.999 đ", "999,9 triệu"},
	{1000000000, "1.000.000.000", "1.000.000.000 đ", "1 tỷ"},
	{1500000000, "1.500.000.000", "1.500.000.000 đ", "1,5 tỷ"},
	{INT64_C(232000000000), "232.000.000.000", "232.000.000.000 đ", "232 tỷ"},
	{INT64_C(1234567890123), "1.234.567.890.123", "1.234.567.890.123 đ", "1.234,5 tỷ"},
	{-1, "-1", "-1 đ", "-1 đ"},
	{-1000, "-1.000", "-1.000 đ", "-1 nghìn"},
	{-1500000000, "-1.500.000.000", "-1.500.000.000 đ", "-1,5 tỷ"},
	{-999999999, "-999.999.999", "-999.999.999 đ", "-999,9 triệu"},
	{INT64_MAX, "9.223.372.036.854.775.807", "9.223.372.036.854.775.807 đ",
	 "9.223.372.036,8 tỷ"},
	{INT64_MIN, "-9.223.372.036.854.775.808", "-9.223.372.036.854.775.808 đ",
	 "-9.223.372.036,8 tỷ"},
};

static void test_format(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof fmt_cases / sizeof fmt_cases[0]; i++) {
		const struct fmt_case *c = &fmt_cases[i];
		struct buf b = BUF_INIT;
		money_format_plain(&b, c->v);
		assert_string_equal(b.p, c->plain);
		buf_reset(&b);
		money_format(&b, c->v);
		assert_string_equal(b.p, c->full);
		buf_reset(&b);
		money_format_short(&b, c->v);
		if (strcmp(b.p, c->shortf) != 0)
			fail_msg("short %lld: '%s' want '%s'", (long long)c->v, b.p, c->shortf);
		buf_free(&b);
	}
}

/* Formatting appends to what is already there. */
static void test_format_appends(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_puts(&b, "Tổng: ");
	money_format(&b, 1234567);
	buf_puts(&b, " / ");
	money_format_short(&b, 1234567);
	assert_string_equal(b.p, "Tổng: 1.234.567 đ / 1,2 triệu");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_parse_long_junk),
		cmocka_unit_test(test_parse_round_trip),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_appends),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
