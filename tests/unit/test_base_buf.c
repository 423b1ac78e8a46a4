/* base/buf: the one growable byte buffer.  Growth across many appends,
 * printf output longer than any initial capacity, the hand-written integer
 * formatter at its edges, and the empty-buffer cases of detach/free/cstr. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

/* A zeroed buffer is valid and empty; buf_cstr gives "" without appending. */
static void test_zero_is_empty(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	assert_non_null(b.p);
	assert_int_equal(b.len, 0);
	buf_free(&b);
	assert_null(b.p);
	assert_int_equal(b.cap, 0);
}

/* 100,000 appends of mixed sizes: contents exact, always NUL-terminated,
 * capacity stays a power of two above len. */
static void test_growth_many_appends(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	size_t want = 0;
	for (int i = 0; i < 100000; i++) {
		switch (i % 4) {
		case 0: buf_putc(&b, (char)('a' + i % 26)); want += 1; break;
		case 1: buf_puts(&b, "xyz"); want += 3; break;
		case 2: buf_put(&b, "0123456789", (size_t)(i % 11)); want += (size_t)(i % 11); break;
		case 3: buf_put(&b, "", 0); break;
		}
		assert_int_equal(b.len, want);
		assert_true(b.cap > b.len);
		assert_int_equal(b.p[b.len], '\0');
	}
	assert_int_equal(b.cap & (b.cap - 1), 0);
	/* spot-check the content by rebuilding it */
	struct buf c = BUF_INIT;
	for (int i = 0; i < 100000; i++) {
		switch (i % 4) {
		case 0: buf_putc(&c, (char)('a' + i % 26)); break;
		case 1: buf_puts(&c, "xyz"); break;
		case 2: buf_put(&c, "0123456789", (size_t)(i % 11)); break;
		}
	}
	assert_int_equal(c.len, b.len);
	assert_memory_equal(c.p, b.p, b.len);
	buf_free(&b);
	buf_free(&c);
}

/* One append much larger than the default capacity. */
static void test_big_single_append(void **state)
{
	(void)state;
	size_t n = 3 * 1000 * 1000 + 7;
	char *big = malloc(n);
	assert_non_null(big);
	for (size_t i = 0; i < n; i++)
		big[i] = (char)('A' + i % 23);
	struct buf b = BUF_INIT;
	buf_putc(&b, '<');
	buf_put(&b, big, n);
	buf_putc(&b, '>');
	assert_int_equal(b.len, n + 2);
	assert_int_equal(b.p[0], '<');
	assert_memory_equal(b.p + 1, big, n);
	assert_int_equal(b.p[n + 1], '>');
	assert_int_equal(b.p[n + 2], '\0');
	free(big);
	buf_free(&b);
}

/* Binary data with NUL bytes inside is kept (len counts them). */
static void test_put_binary(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_put(&b, "a\0b\0c", 5);
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.p, "a\0b\0c", 6);
	buf_free(&b);
}

/* printf output longer than the current capacity, appended to existing text. */
static void test_printf_long(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	char *arg = malloc(100001);
	assert_non_null(arg);
	memset(arg, 'q', 100000);
	arg[100000] = '\0';
	buf_puts(&b, "head:");
	buf_printf(&b, "[%s]%d", arg, 42);
	assert_int_equal(b.len, 5 + 1 + 100000 + 1 + 2);
	assert_memory_equal(b.p, "head:[", 6);
	assert_int_equal(b.p[6], 'q');
	assert_int_equal(b.p[100005], 'q');
	assert_string_equal(b.p + 100006, "]42");
	/* and again on a now-large buffer: no reallocation needed */
	size_t cap = b.cap;
	buf_reset(&b);
	buf_printf(&b, "%s", "small");
	assert_string_equal(b.p, "small");
	assert_int_equal(b.cap, cap);
	free(arg);
	buf_free(&b);
}

/* Many small printfs each exactly filling to the capacity boundary. */
static void test_printf_boundaries(void **state)
{
	(void)state;
	for (size_t pre = 0; pre < 140; pre++) {
		struct buf b = BUF_INIT;
		for (size_t i = 0; i < pre; i++)
			buf_putc(&b, '.');
		buf_printf(&b, "%05d|%s", 7, "end");
		assert_int_equal(b.len, pre + 9);
		assert_string_equal(b.p + pre, "00007|end");
		assert_int_equal(strlen(b.p), b.len);
		buf_free(&b);
	}
}

static void test_printf_empty(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s", "");
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	buf_free(&b);
}

struct i64_case {
	int64_t v;
	const char *want;
};

static const struct i64_case i64_cases[] = {
	{0, "0"},
	{1, "1"},
	{-1, "-1"},
	{9, "9"},
	{10, "10"},
	{-10, "-10"},
	{1000000, "1000000"},
	{INT64_MAX, "9223372036854775807"},
	{INT64_MIN, "-9223372036854775808"},
	{INT64_MAX - 1, "9223372036854775806"},
	{INT64_MIN + 1, "-9223372036854775807"},
	{INT64_C(1000000000000000000), "1000000000000000000"},
};

static void test_put_i64(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof i64_cases / sizeof *i64_cases; i++) {
		struct buf b = BUF_INIT;
		buf_puts(&b, "x=");
		buf_put_i64(&b, i64_cases[i].v);
		char want[64];
		snprintf(want, sizeof want, "x=%s", i64_cases[i].want);
		if (strcmp(b.p, want) != 0)
			fail_msg("buf_put_i64(%" PRId64 ") gave '%s', want '%s'", i64_cases[i].v, b.p,
				 want);
		/* agrees with printf */
		char pf[32];
		snprintf(pf, sizeof pf, "%" PRId64, i64_cases[i].v);
		assert_string_equal(b.p + 2, pf);
		buf_free(&b);
	}
}

/* Detaching an empty (never allocated) buffer gives a freeable "". */
static void test_detach_empty(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	char *s = buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	free(s);
	/* free of an empty buffer, twice, is harmless */
	buf_free(&b);
	buf_free(&b);
}

static void test_detach_full(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_puts(&b, "hello");
	char *s = buf_detach(&b);
	assert_string_equal(s, "hello");
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	/* the buffer is reusable after detach */
	buf_puts(&b, "again");
	assert_string_equal(b.p, "again");
	free(s);
	buf_free(&b);
}

static void test_truncate(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_truncate(&b, 0); /* empty, unallocated: nothing happens */
	buf_truncate(&b, 10);
	assert_null(b.p);
	buf_puts(&b, "abcdef");
	buf_truncate(&b, 10); /* longer than len: unchanged */
	assert_string_equal(b.p, "abcdef");
	assert_int_equal(b.len, 6);
	buf_truncate(&b, 6);
	assert_string_equal(b.p, "abcdef");
	buf_truncate(&b, 3);
	assert_string_equal(b.p, "abc");
	assert_int_equal(b.len, 3);
	buf_puts(&b, "XY");
	assert_string_equal(b.p, "abcXY");
	buf_truncate(&b, 0);
	assert_string_equal(b.p, "");
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void test_reset_keeps_memory(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_reset(&b); /* on an unallocated buffer */
	assert_null(b.p);
	for (int i = 0; i < 1000; i++)
		buf_puts(&b, "0123456789");
	size_t cap = b.cap;
	char *p = b.p;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.p, "");
	assert_int_equal(b.cap, cap);
	assert_ptr_equal(b.p, p);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zero_is_empty),
		cmocka_unit_test(test_growth_many_appends),
		cmocka_unit_test(test_big_single_append),
		cmocka_unit_test(test_put_binary),
		cmocka_unit_test(test_printf_long),
		cmocka_unit_test(test_printf_boundaries),
		cmocka_unit_test(test_printf_empty),
		cmocka_unit_test(test_put_i64),
		cmocka_unit_test(test_detach_empty),
		cmocka_unit_test(test_detach_full),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_reset_keeps_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
