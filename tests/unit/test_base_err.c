/* base/err and base/checked: the error slot keeps the first (root-cause)
 * message, prefixes go in front without overflowing ERR_MSG_MAX, and the
 * money arithmetic refuses every result that does not fit int64_t. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/checked.h"
#include "base/err.h"

static void test_first_error_wins(void **state)
{
	(void)state;
	struct err e = {0};
	assert_false(err_is_set(&e));
	assert_int_equal(err_fail(&e, "first %d", 1), -1);
	assert_true(err_is_set(&e));
	assert_int_equal(e.kind, ERR_FAIL);
	assert_int_equal(err_usage(&e, "second"), -1);
	assert_int_equal(err_set(&e, ERR_USAGE, "third"), -1);
	assert_int_equal(e.kind, ERR_FAIL);
	assert_string_equal(e.msg, "first 1");
	err_clear(&e);
	assert_false(err_is_set(&e));
	assert_string_equal(e.msg, "");
	err_usage(&e, "usage %s", "now");
	assert_int_equal(e.kind, ERR_USAGE);
	assert_string_equal(e.msg, "usage now");
}

/* A NULL slot is allowed: the callers that do not care pass NULL. */
static void test_null_slot(void **state)
{
	(void)state;
	assert_int_equal(err_fail(NULL, "ignored %s", "x"), -1);
	assert_int_equal(err_usage(NULL, "ignored"), -1);
	err_prefix(NULL, "nothing: ");
}

/* Prefixes stack outermost-first: the last prefix applied reads first. */
static void test_prefix_order(void **state)
{
	(void)state;
	struct err e = {0};
	err_prefix(&e, "ignored: "); /* no error yet: nothing happens */
	assert_false(err_is_set(&e));
	assert_string_equal(e.msg, "");
	err_fail(&e, "not an amount: '%s'", "1.5");
	err_prefix(&e, "amount: ");
	err_prefix(&e, "%s:%d: ", "file.csv", 12);
	assert_string_equal(e.msg, "file.csv:12: amount: not an amount: '1.5'");
	assert_int_equal(e.kind, ERR_FAIL);
}

/* A message formatted longer than ERR_MSG_MAX is cut, NUL-terminated. */
static void test_long_message_truncated(void **state)
{
	(void)state;
	struct err e = {0};
	char big[3 * ERR_MSG_MAX];
	memset(big, 'm', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	err_fail(&e, "%s", big);
	assert_int_equal(strlen(e.msg), ERR_MSG_MAX - 1);
}

/* Prefix + message longer than ERR_MSG_MAX: the head is kept whole, the
 * tail cut, nothing written past the array (ASan watches the canaries). */
static void test_prefix_truncation(void **state)
{
	(void)state;
	struct {
		struct err e;
		char canary[64];
	} s;
	memset(&s, 0, sizeof s);
	memset(s.canary, 0x5A, sizeof s.canary);
	char tail[ERR_MSG_MAX];
	memset(tail, 't', sizeof tail - 1);
	tail[sizeof tail - 1] = '\0';
	err_fail(&s.e, "%s", tail); /* already ERR_MSG_MAX - 1 long */
	err_prefix(&s.e, "HEAD: ");
	assert_int_equal(strlen(s.e.msg), ERR_MSG_MAX - 1);
	assert_memory_equal(s.e.msg, "HEAD: ttt", 9);
	for (size_t i = 0; i < sizeof s.canary; i++)
		assert_int_equal((unsigned char)s.canary[i], 0x5A);
}

/* A prefix itself longer than ERR_MSG_MAX fills the message, no overflow. */
static void test_prefix_longer_than_max(void **state)
{
	(void)state;
	struct {
		struct err e;
		char canary[64];
	} s;
	memset(&s, 0, sizeof s);
	memset(s.canary, 0x5A, sizeof s.canary);
	char head[2 * ERR_MSG_MAX];
	memset(head, 'h', sizeof head - 1);
	head[sizeof head - 1] = '\0';
	err_fail(&s.e, "cause");
	err_prefix(&s.e, "%s", head);
	assert_int_equal(strlen(s.e.msg), ERR_MSG_MAX - 1);
	for (size_t i = 0; i < ERR_MSG_MAX - 1; i++)
		assert_int_equal(s.e.msg[i], 'h');
	for (size_t i = 0; i < sizeof s.canary; i++)
		assert_int_equal((unsigned char)s.canary[i], 0x5A);
}

/* Prefix exactly filling the room: message of MAX-1-n chars plus an n-char head. */
static void test_prefix_exact_fit(void **state)
{
	(void)state;
	struct err e = {0};
	char msg[ERR_MSG_MAX];
	memset(msg, 'x', ERR_MSG_MAX - 1 - 4);
	msg[ERR_MSG_MAX - 1 - 4] = '\0';
	err_fail(&e, "%s", msg);
	err_prefix(&e, "ab: ");
	assert_int_equal(strlen(e.msg), ERR_MSG_MAX - 1);
	assert_memory_equal(e.msg, "ab: xx", 6);
	assert_int_equal(e.msg[ERR_MSG_MAX - 2], 'x');
}

struct arith_case {
	char op; /* + - * */
	int64_t a, b;
	int ok;
	int64_t want;
};

static const struct arith_case arith[] = {
	{'+', 0, 0, 1, 0},
	{'+', INT64_MAX, 0, 1, INT64_MAX},
	{'+', INT64_MAX, 1, 0, 0},
	{'+', INT64_MAX - 1, 1, 1, INT64_MAX},
	{'+', INT64_MIN, -1, 0, 0},
	{'+', INT64_MIN, 0, 1, INT64_MIN},
	{'+', INT64_MIN, INT64_MAX, 1, -1},
	{'+', INT64_MAX, INT64_MAX, 0, 0},
	{'+', INT64_MIN, INT64_MIN, 0, 0},
	{'+', -5, 3, 1, -2},
	{'-', 0, 0, 1, 0},
	{'-', INT64_MIN, 1, 0, 0},
	{'-', INT64_MIN + 1, 1, 1, INT64_MIN},
	{'-', 0, INT64_MIN, 0, 0},
	{'-', -1, INT64_MIN, 1, INT64_MAX},
	{'-', INT64_MAX, -1, 0, 0},
	{'-', INT64_MAX, INT64_MAX, 1, 0},
	{'-', 5, 7, 1, -2},
	{'*', 0, INT64_MIN, 1, 0},
	{'*', 1, INT64_MIN, 1, INT64_MIN},
	{'*', -1, INT64_MIN, 0, 0},
	{'*', INT64_MIN, -1, 0, 0},
	{'*', -1, INT64_MAX, 1, -INT64_MAX},
	{'*', INT64_C(3037000499), INT64_C(3037000499), 1, INT64_C(9223372030926249001)},
	{'*', INT64_C(3037000500), INT64_C(3037000500), 0, 0},
	{'*', INT64_MAX / 2, 2, 1, INT64_MAX - 1},
	{'*', INT64_MAX / 2 + 1, 2, 0, 0},
	{'*', INT64_MIN / 2, 2, 1, INT64_MIN},
	{'*', INT64_MIN / 2 - 1, 2, 0, 0},
	{'*', INT64_C(1000000000000000), 10000, 0, 0},
	{'*', INT64_C(1000000000000000), 1000, 1, INT64_C(1000000000000000000)},
};

static void test_checked_arith(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof arith / sizeof *arith; i++) {
		const struct arith_case *c = &arith[i];
		int64_t out = 12345;
		int rc = c->op == '+' ? i64_add(c->a, c->b, &out)
		       : c->op == '-' ? i64_sub(c->a, c->b, &out)
				      : i64_mul(c->a, c->b, &out);
		if (c->ok) {
			if (rc != 0 || out != c->want)
				fail_msg("case %zu: %lld %c %lld: rc %d out %lld, want %lld", i,
					 (long long)c->a, c->op, (long long)c->b, rc, (long long)out,
					 (long long)c->want);
		} else {
			if (rc != -1 || out != 12345)
				fail_msg("case %zu: %lld %c %lld should overflow and leave out alone "
					 "(rc %d out %lld)", i, (long long)c->a, c->op, (long long)c->b,
					 rc, (long long)out);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_error_wins),
		cmocka_unit_test(test_null_slot),
		cmocka_unit_test(test_prefix_order),
		cmocka_unit_test(test_long_message_truncated),
		cmocka_unit_test(test_prefix_truncation),
		cmocka_unit_test(test_prefix_longer_than_max),
		cmocka_unit_test(test_prefix_exact_fit),
		cmocka_unit_test(test_checked_arith),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
