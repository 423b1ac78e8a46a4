/* text/date: calendar dates and Vietnamese local time. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/date.h"

struct pair {
	const char *in;
	const char *want;
};

static const struct pair parse_valid[] = {
	{"01/01/2024", "2024-01-01"},
	{"1/1/2024", "2024-01-01"},
	{"1/12/2024", "2024-12-01"},
	{"31/1/2024", "2024-01-31"},
	{"09/10/2023", "2023-10-09"},
	{"31/12/1999", "1999-12-31"},
	{"29/02/2020", "2020-02-29"},          /* leap year */
	{"29/02/2000", "2000-02-29"},          /* divisible by 400 */
	{"29/02/2400", "2400-02-29"},
	{"28/02/2019", "2019-02-28"},
	{"30/04/1975", "1975-04-30"},
	{"02/09/1945", "1945-09-02"},
	{"01/01/1900", "1900-01-01"},          /* range limits */
	{"31/12/2999", "2999-12-31"},
	{"30/06/2024", "2024-06-30"},
	{"31/07/2024", "2024-07-31"},
	{"31/08/2024", "2024-08-31"},
	{"2024-01-31", "2024-01-31"},
	{"2020-02-29", "2020-02-29"},
	{"1900-01-01", "1900-01-01"},
	{"2999-12-31", "2999-12-31"},
	{" 2024-05-01 ", "2024-05-01"},        /* outer blanks */
	{" 1/5/2024", "2024-05-01"},
};

static void test_parse_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof parse_valid / sizeof parse_valid[0]; i++) {
		struct err e = {0};
		char iso[DATE_ISO_LEN + 1] = "";
		if (date_parse(parse_valid[i].in, iso, &e) != 0)
			fail_msg("'%s': %s", parse_valid[i].in, e.msg);
		assert_string_equal(iso, parse_valid[i].want);
	}
}

static const char *const parse_invalid[] = {
	"",
	" ",
	"31/02/2020",
	"30/02/2020",
	"29/02/2019",
	"29/02/1900",         /* 1900 is not a leap year */
	"29/02/2100",
	"31/04/2024",
	"31/06/2024",
	"31/09/2024",
	"31/11/2024",
	"32/01/2024",
	"00/01/2024",
	"01/00/2024",
	"01/13/2024",
	"0/1/2024",
	"31/12/1899",         /* outside 1900..2999 */
	"01/01/3000",
	"1899-12-31",
	"3000-01-01",
	"2024-02-30",
	"2024-13-01",
	"2024-00-10",
	"2024-1-5",           /* ISO needs two digits */
	"2024-01-5",
	"24-01-05",
	"02024-01-05",
	"01/01/24",           /* two-digit years are ambiguous */
	"01/01/02024",
	"001/01/2024",
	"01/001/2024",
	"01-01-2024",
	"01.01.2024",
	"2024/01/01",
	"1/1/2024x",
	"2024-01-01T00:00",
	"2024-01-01 extra",
	"1 / 1 / 2024",
	"-1/1/2024",
	"+1/1/2024",
	"abc",
	"hôm nay",
	"01/01/",
	"01//2024",
	"/01/2024",
};

static void test_parse_invalid(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof parse_invalid / sizeof parse_invalid[0]; i++) {
		struct err e = {0};
		char iso[DATE_ISO_LEN + 1] = "unchanged!";
		if (date_parse(parse_invalid[i], iso, &e) != -1)
			fail_msg("'%s' accepted as %s", parse_invalid[i], iso);
		char want[128];
		snprintf(want, sizeof want, "not a date: '%s'", parse_invalid[i]);
		assert_string_equal(e.msg, want);
		assert_int_equal(e.kind, ERR_FAIL);
	}
}

/* Every day of 1900..2999 in both input forms: the parser accepts exactly
 * the days a month has, checked against a day counter that walks the
 * calendar one day at a time (no shared leap-year code). */
static void test_parse_every_day(void **state)
{
	(void)state;
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	long expect_days = date_days("1900-01-01");
	assert_int_equal(expect_days, -25567);
	int accepted = 0;
	for (int y = 1900; y <= 2999; y++) {
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		for (int m = 1; m <= 12; m++) {
			int n = mdays[m - 1] + (m == 2 && leap);
			for (int d = 1; d <= 31; d++) {
				char in[48], iso[DATE_ISO_LEN + 1], iso2[DATE_ISO_LEN + 1];
				struct err e = {0};
				snprintf(in, sizeof in, "%d/%d/%d", d, m, y);
				int rc = date_parse(in, iso, &e);
				if ((rc == 0) != (d <= n))
					fail_msg("%s: rc %d", in, rc);
				if (rc != 0)
					continue;
				snprintf(in, sizeof in, "%04d-%02d-%02d", y, m, d);
				assert_string_equal(iso, in);
				assert_int_equal(date_parse(in, iso2, &e), 0);
				assert_string_equal(iso2, in);
				if (date_days(iso) != expect_days)
					fail_msg("%s: days %ld want %ld", iso, date_days(iso), expect_days);
				expect_days++;
				accepted++;
			}
		}
	}
	/* 1100 years of 365 days plus 267 leap days (274 multiples of 4 from
	 * 1904 to 2996, less 2100, 2200, 2300, 2500, 2600, 2700, 2900). */
	assert_int_equal(accepted, 401767);
}

static void test_days(void **state)
{
	(void)state;
	assert_int_equal(date_days("1970-01-01"), 0);
	assert_int_equal(date_days("1970-01-02"), 1);
	assert_int_equal(date_days("1969-12-31"), -1);
	assert_int_equal(date_days("2000-03-01"), 11017);
	assert_int_equal(date_days("2024-02-29"), 19782);
	assert_int_equal(date_days("2024-12-31") - date_days("2024-01-01"), 365);
	assert_int_equal(date_days("2023-12-31") - date_days("2023-01-01"), 364);
}

static void test_format_vn(void **state)
{
	(void)state;
	static const struct pair cases[] = {
		{"2024-01-05", "05/01/2024"},
		{"1975-04-30", "30/04/1975"},
		{"2999-12-31", "31/12/2999"},
		{"not a date", "not a date"},      /* shown as stored */
		{"", ""},
		{"2024-01-05T10:00:00Z", "2024-01-05T10:00:00Z"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf b = BUF_INIT;
		date_format_vn(&b, cases[i].in);
		assert_string_equal(buf_cstr(&b), cases[i].want);
		buf_free(&b);
	}
}

static void test_utc_iso(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	time_utc_iso(&b, 0);
	assert_string_equal(b.p, "1970-01-01T00:00:00Z");
	buf_reset(&b);
	time_utc_iso(&b, 1709251199); /* 2024-02-29 23:59:59 UTC */
	assert_string_equal(b.p, "2024-02-29T23:59:59Z");
	buf_reset(&b);
	time_utc_iso(&b, 1735689600);
	assert_string_equal(b.p, "2025-01-01T00:00:00Z");
	buf_free(&b);
}

/* UTC+7 crosses days, months, years and leap days. */
static void test_time_format_vn(void **state)
{
	(void)state;
	static const struct pair cases[] = {
		{"2024-01-05T10:00:00Z", "05/01/2024 17:00"},
		{"2024-01-05T16:59:59Z", "05/01/2024 23:59"},
		{"2024-01-05T17:00:00Z", "06/01/2024 00:00"},
		{"2023-12-31T17:00:00Z", "01/01/2024 00:00"},
		{"2024-02-28T17:30:00Z", "29/02/2024 00:30"},
		{"2023-02-28T17:30:00Z", "01/03/2023 00:30"},
		{"1970-01-01T00:00:00Z", "01/01/1970 07:00"},
		{"1969-12-31T20:00:00Z", "01/01/1970 03:00"},
		{"2024-06-30T23:15:00Z", "01/07/2024 06:15"},
		{"2024-01-05 10:00:00", "05/01/2024 17:00"},      /* SQLite datetime() */
		{"2024-01-05T10:00:00.123Z", "05/01/2024 17:00"},
		{"2024-01-05T10:00Z", "05/01/2024 17:00"},
		{"garbage", "garbage"},
		{"2024-02-30T10:00:00Z", "2024-02-30T10:00:00Z"},
		{"2024-01-05T25:00:00Z", "2024-01-05T25:00:00Z"},
		{"2024-01-05T10:00:00Zjunk", "2024-01-05T10:00:00Zjunk"},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf b = BUF_INIT;
		time_format_vn(&b, cases[i].in);
		if (strcmp(buf_cstr(&b), cases[i].want) != 0)
			fail_msg("'%s': '%s' want '%s'", cases[i].in, b.p, cases[i].want);
		buf_free(&b);
	}
}

/* time_utc_iso and time_format_vn agree with gmtime of t + 7h. */
static void test_round_trip_times(void **state)
{
	(void)state;
	for (time_t t = -86400 * 365; t < (time_t)4102444800; t += 86400 * 37 + 3671) {
		struct buf iso = BUF_INIT, vn = BUF_INIT;
		time_utc_iso(&iso, t);
		time_format_vn(&vn, iso.p);
		time_t l = t + 7 * 3600;
		struct tm tm;
		gmtime_r(&l, &tm);
		char want[64];
		snprintf(want, sizeof want, "%02d/%02d/%04d %02d:%02d", tm.tm_mday, tm.tm_mon + 1,
			 tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
		assert_string_equal(vn.p, want);
		buf_free(&iso);
		buf_free(&vn);
	}
}

static void test_today(void **state)
{
	(void)state;
	char iso[DATE_ISO_LEN + 1], back[DATE_ISO_LEN + 1];
	struct err e = {0};
	time_t before = time(NULL);
	date_today(iso);
	time_t after = time(NULL);
	assert_int_equal(strlen(iso), DATE_ISO_LEN);
	assert_int_equal(date_parse(iso, back, &e), 0);
	assert_string_equal(iso, back);
	/* The local day is the UTC day of now + 7 hours. */
	long d = date_days(iso);
	long lo = (long)((before + 7 * 3600) / 86400), hi = (long)((after + 7 * 3600) / 86400);
	assert_true(d >= lo && d <= hi);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_parse_every_day),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_format_vn),
		cmocka_unit_test(test_utc_iso),
		cmocka_unit_test(test_time_format_vn),
		cmocka_unit_test(test_round_trip_times),
		cmocka_unit_test(test_today),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
