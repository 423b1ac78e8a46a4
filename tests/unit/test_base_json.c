/* base/json: json_string writes one RFC 8259 string, escaping the two
 * specials, every control character, and < > & (so a body can never close
 * a <script> block); UTF-8 goes through unchanged. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/json.h"

struct json_case {
	const char *in;
	const char *want;
};

static const struct json_case cases[] = {
	{"", "\"\""},
	{"plain", "\"plain\""},
	{"say \"hi\"", "\"say \\\"hi\\\"\""},
	{"a\\b", "\"a\\\\b\""},
	{"\\\"", "\"\\\\\\\"\""},
	{"l1\nl2\r\n\tx", "\"l1\\nl2\\r\\n\\tx\""},
	{"\x01\x08\x0b\x0c\x1f", "\"\\u0001\\u0008\\u000b\\u000c\\u001f\""},
	{"\x1b[0m", "\"\\u001b[0m\""},
	{"</script><script>alert(1)</script>",
	 "\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\""},
	{"a & b", "\"a \\u0026 b\""},
	{"<!--", "\"\\u003c!--\""},
	{"'single'", "\"'single'\""},
	{"/", "\"/\""},
	{"\x7f", "\"\x7f\""},
	{"Nguyễn Văn Đức", "\"Nguyễn Văn Đức\""},
	{"₫ 中文 😀", "\"₫ 中文 😀\""},
	{"\xe2\x80\xa8", "\"\xe2\x80\xa8\""}, /* U+2028 is valid in JSON strings */
	{" ", "\" \""},
};

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct buf b = BUF_INIT;
		json_string(&b, cases[i].in);
		if (strcmp(b.p, cases[i].want) != 0)
			fail_msg("case %zu: got %s, want %s", i, b.p, cases[i].want);
		buf_free(&b);
	}
}

/* Appends: building an object out of several strings. */
static void test_appends(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_putc(&b, '{');
	json_string(&b, "name");
	buf_putc(&b, ':');
	json_string(&b, "Trần \"Bé\" <3");
	buf_putc(&b, '}');
	assert_string_equal(b.p, "{\"name\":\"Trần \\\"Bé\\\" \\u003c3\"}");
	buf_free(&b);
}

/* Every control character 0x01..0x1f is escaped, and the output then has no
 * byte below 0x20. */
static void test_all_controls(void **state)
{
	(void)state;
	char in[32];
	for (int i = 1; i < 32; i++)
		in[i - 1] = (char)i;
	in[31] = '\0';
	struct buf b = BUF_INIT;
	json_string(&b, in);
	for (size_t i = 0; i < b.len; i++)
		assert_true((unsigned char)b.p[i] >= 0x20);
	assert_non_null(strstr(b.p, "\\u0008"));
	assert_non_null(strstr(b.p, "\\n"));
	assert_non_null(strstr(b.p, "\\u001f"));
	buf_free(&b);
}

/* A long string with every special, written in one call. */
static void test_long(void **state)
{
	(void)state;
	struct buf in = BUF_INIT, b = BUF_INIT;
	for (int i = 0; i < 10000; i++)
		buf_puts(&in, "<\"&\\>");
	json_string(&b, in.p);
	assert_int_equal(b.len, 2 + 10000 * (6 + 2 + 6 + 2 + 6));
	assert_memory_equal(b.p, "\"\\u003c\\\"\\u0026\\\\\\u003e", 1 + 22);
	buf_free(&in);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_all_controls),
		cmocka_unit_test(test_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
