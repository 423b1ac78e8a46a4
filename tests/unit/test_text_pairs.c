/* text/fold: word-pair tokens of the donor pair index (text_pair_tokens)
 * and the token a query looks up (text_pair_token).  The property that
 * search relies on: for every name and every pair of different words in it,
 * whatever two prefixes people type of them (the first of 3 characters or
 * more, the second of 2 or more), the token looked up is among the name's
 * tokens; typed whole, the whole-pair token is too. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/namegen.h"
#include "text/fold.h"

/* Whether token t is one of the space-separated tokens of s. */
static int has_token(const char *s, const char *t)
{
	size_t n = strlen(t);
	for (const char *p = s; *p;) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && memcmp(p, t, n) == 0)
			return 1;
		if (end == NULL)
			break;
		p = end + 1;
	}
	return 0;
}

static char *tokens_of(const char *words)
{
	struct buf b = BUF_INIT;
	text_pair_tokens(&b, words);
	buf_put(&b, "", 0);
	return buf_detach(&b);
}

static char *token(const char *x, size_t xn, const char *y, size_t yn, int whole)
{
	struct buf b = BUF_INIT;
	text_pair_token(&b, x, xn, y, yn, whole);
	buf_put(&b, "", 0);
	return buf_detach(&b);
}

static void test_tokens_of_a_name(void **state)
{
	(void)state;
	char *t = tokens_of("nguyen thi kim thanh");
	/* whole pairs in memcmp order, each once */
	assert_true(has_token(t, "nguyen_thi_"));
	assert_true(has_token(t, "kim_thanh_"));
	assert_false(has_token(t, "thi_nguyen_"));
	/* first 3 of a, first 2..4 of b */
	assert_true(has_token(t, "ngu_th"));
	assert_true(has_token(t, "ngu_thi"));
	assert_true(has_token(t, "ngu_than"));
	assert_true(has_token(t, "tha_ki"));
	assert_true(has_token(t, "tha_kim"));
	assert_true(has_token(t, "kim_ng"));
	assert_false(has_token(t, "ngu_thanh")); /* at most 4 of b */
	assert_false(has_token(t, "thi_thi"));   /* a word with itself */
	free(t);
	/* repeated words pair once; two-letter words are never a: "le_" */
	t = tokens_of("le van le");
	assert_true(has_token(t, "le_van_"));
	assert_true(has_token(t, "van_le"));
	assert_false(has_token(t, "le_va"));
	free(t);
	/* one word: no pairs */
	t = tokens_of("xuyen");
	assert_string_equal(t, "");
	free(t);
}

static void test_query_tokens(void **state)
{
	(void)state;
	char *t = token("thanh", 5, "kim", 3, 1);
	assert_string_equal(t, "kim_thanh_"); /* whole: in order */
	free(t);
	t = token("thanh", 5, "nguyen", 6, 0);
	assert_string_equal(t, "tha_nguy");
	free(t);
	t = token("thu", 3, "le", 2, 0);
	assert_string_equal(t, "thu_le");
	free(t);
	/* characters, not bytes: other scripts are cut between characters */
	t = token("\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x99\xe5\xa4\xa7", 12, "ab", 2, 0);
	assert_string_equal(t, "\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x99_ab");
	free(t);
	assert_int_equal(text_chars("\xc4\x91" "a", 3), 2);
}

static void test_long_names(void **state)
{
	(void)state;
	struct buf words = BUF_INIT;
	for (int i = 0; i < TEXT_PAIR_WORDS_MAX; i++)
		buf_printf(&words, "%sw%02d", i ? " " : "", i);
	char *t = tokens_of(words.p);
	assert_true(has_token(t, "w00_w31_"));
	free(t);
	buf_puts(&words, " w99");
	t = tokens_of(words.p);
	assert_string_equal(t, TEXT_PAIR_LONG);
	free(t);
	buf_free(&words);
}

/* The property, over generated names (with tax codes as their words). */
static void test_every_typed_pair_is_found(void **state)
{
	(void)state;
	struct rng r;
	rng_seed(&r, 42);
	for (int k = 0; k < 3000; k++) {
		struct gen_donor g;
		namegen_donor(&r, &g);
		struct buf all = BUF_INIT;
		text_fold(&all, g.name, strlen(g.name));
		if (g.tax_code[0]) {
			buf_putc(&all, ' ');
			for (const char *p = g.tax_code; *p; p++)
				buf_putc(&all, *p == '-' ? ' ' : *p);
		}
		buf_put(&all, "", 0);
		char *t = tokens_of(all.p);
		const char *w[64];
		size_t wl[64];
		int n = 0;
		for (const char *p = all.p; *p && n < 64;) {
			const char *end = strchr(p, ' ');
			w[n] = p;
			wl[n++] = end ? (size_t)(end - p) : strlen(p);
			if (end == NULL)
				break;
			p = end + 1;
		}
		if (strcmp(t, TEXT_PAIR_LONG) == 0)
			goto next;
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) {
				if (wl[i] == wl[j] && memcmp(w[i], w[j], wl[i]) == 0)
					continue;
				char *q = token(w[i], wl[i], w[j], wl[j], 1);
				if (!has_token(t, q))
					fail_msg("'%s': whole %s missing", all.p, q);
				free(q);
				for (size_t a = 3; a <= wl[i]; a++)
					for (size_t b = 2; b <= wl[j]; b++) {
						if (text_chars(w[i], a) < 3 || text_chars(w[j], b) < 2)
							continue;
						q = token(w[i], a, w[j], b, 0);
						if (!has_token(t, q))
							fail_msg("'%s': %s missing", all.p, q);
						free(q);
					}
			}
next:
		free(t);
		buf_free(&all);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens_of_a_name),
		cmocka_unit_test(test_query_tokens),
		cmocka_unit_test(test_long_names),
		cmocka_unit_test(test_every_typed_pair_is_found),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
