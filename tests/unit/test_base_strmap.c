/* base/strmap: the string -> int64 cache used by imports and search.
 * Many keys through several growths, overwrites, explicit-length keys with
 * NUL bytes inside, and lookups of keys never stored. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/strmap.h"

static void test_empty_map(void **state)
{
	(void)state;
	struct strmap m = {0};
	int64_t v = 77;
	assert_int_equal(strmap_get(&m, "a", 1, &v), 0);
	assert_int_equal(strmap_get(&m, "", 0, &v), 0);
	assert_int_equal(v, 77); /* untouched when missing */
	strmap_free(&m);
	strmap_free(&m); /* twice is harmless */
}

/* 100,000 keys: every one found with its value, count exact, the table
 * never more than 3/4 full; then keys never stored are missing. */
static void test_many_keys(void **state)
{
	(void)state;
	struct strmap m = {0};
	char key[32];
	const int n = 100000;
	for (int i = 0; i < n; i++) {
		int len = snprintf(key, sizeof key, "unit-%d", i);
		strmap_put(&m, key, (size_t)len, (int64_t)i * 3 - 5);
		assert_int_equal(m.count, (size_t)i + 1);
		assert_true(m.count * 4 <= m.cap * 3);
	}
	assert_int_equal(m.cap & (m.cap - 1), 0);
	for (int i = 0; i < n; i++) {
		int len = snprintf(key, sizeof key, "unit-%d", i);
		int64_t v = 0;
		if (!strmap_get(&m, key, (size_t)len, &v) || v != (int64_t)i * 3 - 5)
			fail_msg("key %s: got %lld", key, (long long)v);
	}
	for (int i = n; i < n + 1000; i++) {
		int len = snprintf(key, sizeof key, "unit-%d", i);
		int64_t v;
		assert_int_equal(strmap_get(&m, key, (size_t)len, &v), 0);
	}
	/* a prefix or an extension of a stored key is another key */
	int64_t v;
	assert_int_equal(strmap_get(&m, "unit-", 5, &v), 0);
	assert_int_equal(strmap_get(&m, "unit-1x", 7, &v), 0);
	assert_int_equal(strmap_get(&m, "unit-1", 5, &v), 0); /* "unit-" */
	assert_int_equal(strmap_get(&m, "unit-12", 6, &v), 1); /* "unit-1" */
	assert_int_equal(v, 3 - 5);
	strmap_free(&m);
	assert_int_equal(m.count, 0);
	assert_int_equal(m.cap, 0);
	assert_null(m.slots);
}

/* Putting an existing key replaces its value and does not add a key. */
static void test_overwrite(void **state)
{
	(void)state;
	struct strmap m = {0};
	int64_t v;
	strmap_put(&m, "đức", strlen("đức"), 1);
	strmap_put(&m, "duc", 3, 2);
	strmap_put(&m, "đức", strlen("đức"), INT64_MIN);
	assert_int_equal(m.count, 2);
	assert_int_equal(strmap_get(&m, "đức", strlen("đức"), &v), 1);
	assert_true(v == INT64_MIN);
	assert_int_equal(strmap_get(&m, "duc", 3, &v), 1);
	assert_int_equal(v, 2);
	/* overwrite every one of many keys after growth */
	char key[16];
	for (int i = 0; i < 5000; i++)
		strmap_put(&m, key, (size_t)snprintf(key, sizeof key, "k%d", i), i);
	for (int i = 0; i < 5000; i++)
		strmap_put(&m, key, (size_t)snprintf(key, sizeof key, "k%d", i), -i);
	assert_int_equal(m.count, 5002);
	for (int i = 0; i < 5000; i++) {
		assert_int_equal(strmap_get(&m, key, (size_t)snprintf(key, sizeof key, "k%d", i), &v), 1);
		assert_int_equal(v, -i);
	}
	strmap_free(&m);
}

/* Keys are byte strings of explicit length: NUL bytes inside count, the
 * key is copied (the caller's buffer may change), and the empty key is a key. */
static void test_binary_keys(void **state)
{
	(void)state;
	struct strmap m = {0};
	int64_t v;
	char buf[8];
	memcpy(buf, "a\0b", 3);
	strmap_put(&m, buf, 3, 10);
	memcpy(buf, "a\0c", 3);
	strmap_put(&m, buf, 3, 11);
	strmap_put(&m, "a", 1, 12);
	strmap_put(&m, "a\0", 2, 13);
	strmap_put(&m, "", 0, 14);
	memset(buf, 'X', sizeof buf); /* stored keys are copies */
	assert_int_equal(m.count, 5);
	assert_int_equal(strmap_get(&m, "a\0b", 3, &v), 1);
	assert_int_equal(v, 10);
	assert_int_equal(strmap_get(&m, "a\0c", 3, &v), 1);
	assert_int_equal(v, 11);
	assert_int_equal(strmap_get(&m, "a", 1, &v), 1);
	assert_int_equal(v, 12);
	assert_int_equal(strmap_get(&m, "a\0", 2, &v), 1);
	assert_int_equal(v, 13);
	assert_int_equal(strmap_get(&m, "", 0, &v), 1);
	assert_int_equal(v, 14);
	assert_int_equal(strmap_get(&m, "a\0d", 3, &v), 0);
	assert_int_equal(strmap_get(&m, "a\0\0", 3, &v), 0);
	/* 8-byte integer keys, as donor search uses them: zero bytes everywhere */
	for (int64_t id = 0; id < 3000; id++)
		strmap_put(&m, (const char *)&id, sizeof id, id + 1);
	for (int64_t id = 0; id < 3000; id++) {
		assert_int_equal(strmap_get(&m, (const char *)&id, sizeof id, &v), 1);
		assert_int_equal(v, id + 1);
	}
	int64_t absent = 3000;
	assert_int_equal(strmap_get(&m, (const char *)&absent, sizeof absent, &v), 0);
	strmap_free(&m);
}

/* A freed map is reusable. */
static void test_reuse_after_free(void **state)
{
	(void)state;
	struct strmap m = {0};
	int64_t v;
	strmap_put(&m, "x", 1, 1);
	strmap_free(&m);
	assert_int_equal(strmap_get(&m, "x", 1, &v), 0);
	strmap_put(&m, "x", 1, 2);
	assert_int_equal(strmap_get(&m, "x", 1, &v), 1);
	assert_int_equal(v, 2);
	strmap_free(&m);
}

/* hashset: 200,000 transaction numbers through several growths, each new
 * once and seen the second time; the table at most half full; numbers
 * never added are not seen (no collision among these); freed, it starts
 * empty again. */
static void test_hashset(void **state)
{
	(void)state;
	struct hashset h = {0};
	char key[32];
	const int n = 200000;
	for (int i = 0; i < n; i++) {
		int len = snprintf(key, sizeof key, "%09d", i);
		if (hashset_add(&h, key, (size_t)len) != 0)
			fail_msg("%s seen before it was added", key);
		assert_true(h.count * 2 <= h.cap);
	}
	assert_int_equal(h.count, (size_t)n);
	for (int i = 0; i < n; i += 7) {
		int len = snprintf(key, sizeof key, "%09d", i);
		assert_int_equal(hashset_add(&h, key, (size_t)len), 1);
	}
	assert_int_equal(h.count, (size_t)n); /* a repeat adds nothing */
	assert_int_equal(hashset_add(&h, "", 0), 0);
	assert_int_equal(hashset_add(&h, "", 0), 1);
	hashset_free(&h);
	assert_int_equal(h.count, 0);
	assert_int_equal(hashset_add(&h, "000000001", 9), 0);
	hashset_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_map),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_overwrite),
		cmocka_unit_test(test_binary_keys),
		cmocka_unit_test(test_reuse_after_free),
		cmocka_unit_test(test_hashset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
