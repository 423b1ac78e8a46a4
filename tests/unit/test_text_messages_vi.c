/* The Vietnamese message catalogue (src/text/messages_vi.c) and err.c's use
 * of it: every pair has the same conversion specifications in the same
 * order (a difference would be undefined behaviour in vsnprintf), every
 * Vietnamese text is NFC UTF-8, every English key still occurs in the
 * sources (build/gen/err_formats.inc, made by tools/err-formats.py), and the
 * messages of the directories the web shows are all translated.  Prints the
 * coverage. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "text/utf8.h"

struct source_format {
	const char *file, *fmt;
};

static const struct source_format source_formats[] = {
#include "err_formats.inc"
};
static const size_t nsource = sizeof source_formats / sizeof source_formats[0];

/* Directories whose every message must have Vietnamese: what the web shows. */
static const char *const complete_dirs[] = {
	"src/base/", "src/core/", "src/store/", "src/text/", "src/web/",
};

/* The conversion specifications of fmt, one after another, each as written
 * ("%s", "%.*s", "%04X", "%lld"); %% is none.  -1 for a '%' that does not
 * start a specification printf knows. */
static int specs(const char *fmt, char *out, size_t n)
{
	size_t o = 0;
	out[0] = '\0';
	for (const char *p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		if (p[1] == '%') {
			p++;
			continue;
		}
		const char *q = p + 1;
		q += strspn(q, "-+ #0'");
		if (*q == '*')
			q++;
		else
			q += strspn(q, "0123456789");
		if (*q == '.') {
			q++;
			if (*q == '*')
				q++;
			else
				q += strspn(q, "0123456789");
		}
		q += strspn(q, "hljztL");
		if (*q == '\0' || strchr("diouxXeEfFgGaAcspn", *q) == NULL)
			return -1;
		size_t len = (size_t)(q - p) + 1;
		if (o + len + 2 > n)
			return -1;
		memcpy(out + o, p, len);
		o += len;
		out[o++] = ' ';
		out[o] = '\0';
		p = q;
	}
	return 0;
}

/* A format is written in Vietnamese when it has letters beyond ASCII other
 * than those of the words English messages use too ("1.000 tỷ đồng",
 * "F (nữ)"). */
static int written_in_vietnamese(const char *s)
{
	static const char *const loanwords[] = {"đồng", "tỷ", "nữ"};
	while (*s) {
		size_t i, n = 0;
		for (i = 0; i < sizeof loanwords / sizeof loanwords[0]; i++) {
			n = strlen(loanwords[i]);
			if (strncmp(s, loanwords[i], n) == 0)
				break;
		}
		if (i < sizeof loanwords / sizeof loanwords[0])
			s += n;
		else if ((unsigned char)*s++ >= 0x80)
			return 1;
	}
	return 0;
}

static const char *vi_of(const char *en)
{
	for (size_t i = 0; i < err_msgs_vi_count; i++)
		if (strcmp(err_msgs_vi[i].en, en) == 0)
			return err_msgs_vi[i].vi;
	return NULL;
}

/* 1 when vi may be given the arguments of en. */
static int same_conversions(const char *en, const char *vi)
{
	char a[512], b[512];
	return specs(en, a, sizeof a) == 0 && specs(vi, b, sizeof b) == 0 && strcmp(a, b) == 0;
}

static void test_same_conversions(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < err_msgs_vi_count; i++) {
		const struct err_msg_pair *m = &err_msgs_vi[i];
		if (!same_conversions(m->en, m->vi)) {
			print_error("conversions differ: \"%s\" -> \"%s\"\n", m->en, m->vi);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void test_nfc_utf8(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < err_msgs_vi_count; i++) {
		const char *vi = err_msgs_vi[i].vi;
		struct err e = {0};
		char *nfc = text_is_utf8(vi, strlen(vi)) ? text_nfc(vi, strlen(vi), &e) : NULL;
		if (nfc == NULL || strcmp(nfc, vi) != 0 || vi[0] == '\0') {
			print_error("not NFC UTF-8: \"%s\"\n", vi);
			bad++;
		}
		free(nfc);
	}
	assert_int_equal(bad, 0);
}

/* A message changed or removed in the sources leaves its entry dead: the
 * entry must be changed with it.  One key once. */
static void test_keys_in_sources(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < err_msgs_vi_count; i++) {
		const char *en = err_msgs_vi[i].en;
		size_t j;
		for (j = 0; j < nsource && strcmp(source_formats[j].fmt, en) != 0; j++)
			;
		if (j == nsource) {
			print_error("not in the sources (changed or removed?): \"%s\"\n", en);
			bad++;
		}
		for (j = 0; j < i; j++)
			if (strcmp(err_msgs_vi[j].en, en) == 0) {
				print_error("twice in the catalogue: \"%s\"\n", en);
				bad++;
			}
	}
	assert_int_equal(bad, 0);
}

/* Counts each format once (the first file that has it); formats written in
 * Vietnamese already (non-ASCII) need no entry. */
static void test_coverage(void **state)
{
	(void)state;
	size_t total = 0, translated = 0, written_vi = 0;
	int missing = 0;
	for (size_t i = 0; i < nsource; i++) {
		const struct source_format *f = &source_formats[i];
		size_t j;
		for (j = 0; j < i && strcmp(source_formats[j].fmt, f->fmt) != 0; j++)
			;
		int first = j == i;
		int has = vi_of(f->fmt) != NULL, vi = written_in_vietnamese(f->fmt);
		if (first) {
			total++;
			translated += has;
			written_vi += vi && !has;
		}
		if (has || vi)
			continue;
		for (j = 0; j < sizeof complete_dirs / sizeof complete_dirs[0]; j++)
			if (strncmp(f->file, complete_dirs[j], strlen(complete_dirs[j])) == 0) {
				print_error("%s: no Vietnamese for \"%s\"\n", f->file, f->fmt);
				missing++;
			}
	}
	print_message("catalogue: %zu of %zu formats in the sources have Vietnamese "
		      "(%zu translated, %zu written in Vietnamese), %zu left in English\n",
		      translated + written_vi, total, translated, written_vi,
		      total - translated - written_vi);
	assert_int_equal(missing, 0);
}

static void test_specs_parser(void **state)
{
	(void)state;
	char a[128];
	assert_int_equal(specs("%s: %.*s %lld%% %04X %zu", a, sizeof a), 0);
	assert_string_equal(a, "%s %.*s %lld %04X %zu ");
	assert_int_equal(specs("100%! sure", a, sizeof a), -1);
	assert_int_equal(specs("ends in %", a, sizeof a), -1);
	assert_true(same_conversions("%s: %lld", "%s là %lld"));
	assert_false(same_conversions("%s: %lld", "%lld: %s"));     /* order */
	assert_false(same_conversions("%s: %lld", "%s: %d"));       /* type */
	assert_false(same_conversions("%s: %lld", "%s"));           /* number */
	assert_false(same_conversions("%.*s", "%s"));               /* the precision argument */
	assert_false(same_conversions("100%%", "100% đạt"));        /* a bare % */
	assert_true(same_conversions("100%%", "100%% đạt"));
}

static void test_formats_in_thread_language(void **state)
{
	(void)state;
	struct err e = {0};
	err_fail(&e, "not an amount: empty");
	assert_string_equal(e.msg, "not an amount: empty");
	err_lang_set(ERR_LANG_VI);
	assert_int_equal(err_lang_get(), ERR_LANG_VI);
	err_clear(&e);
	err_fail(&e, "not an amount: empty");
	assert_string_equal(e.msg, "chưa nhập số tiền");
	assert_int_equal(e.kind, ERR_FAIL);
	/* unknown formats stay English */
	err_clear(&e);
	err_usage(&e, "no such message %d", 7);
	assert_string_equal(e.msg, "no such message 7");
	assert_int_equal(e.kind, ERR_USAGE);
	err_lang_set(ERR_LANG_EN);
}

/* The heads of err_prefix are translated too, and the arguments land in
 * the Vietnamese format's places. */
static void test_prefix_and_arguments(void **state)
{
	(void)state;
	struct err e = {0};
	err_lang_set(ERR_LANG_VI);
	err_notfound(&e, "donor: no donor %lld", 12LL);
	assert_int_equal(e.kind, ERR_NOTFOUND);
	assert_string_equal(e.msg, "nhà hảo tâm: không tìm thấy nhà hảo tâm số 12");
	/* the English format stays readable for code that must tell failures apart */
	assert_string_equal(e.fmt, "donor: no donor %lld");
	err_clear(&e);
	err_fail(&e, "not an amount: '%.*s' (negative)", 20, "-5.000");
	err_prefix(&e, "%s:%ld: amount: ", "tệp.csv", 12L);
	assert_string_equal(e.msg, "tệp.csv:12: số tiền: '-5.000' không phải là số tiền "
			    "(số tiền không được âm)");
	assert_string_equal(e.fmt, "not an amount: '%.*s' (negative)");
	err_clear(&e);
	assert_null(e.fmt);
	err_lang_set(ERR_LANG_EN);
}

static void *other_thread(void *arg)
{
	struct err *e = arg;
	err_fail(e, "not an amount: empty");
	return NULL;
}

/* The language is the thread's: a web request does not change the CLI's. */
static void test_language_is_per_thread(void **state)
{
	(void)state;
	struct err e = {0};
	pthread_t t;
	err_lang_set(ERR_LANG_VI);
	assert_int_equal(pthread_create(&t, NULL, other_thread, &e), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_string_equal(e.msg, "not an amount: empty");
	err_lang_set(ERR_LANG_EN);
}

static void test_lang_from_env(void **state)
{
	(void)state;
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
	assert_int_equal(err_lang_from_env(), ERR_LANG_EN);
	setenv("LANG", "vi_VN.UTF-8", 1);
	assert_int_equal(err_lang_from_env(), ERR_LANG_VI);
	setenv("LC_MESSAGES", "C", 1);
	assert_int_equal(err_lang_from_env(), ERR_LANG_EN);
	setenv("LC_ALL", "vi", 1);
	assert_int_equal(err_lang_from_env(), ERR_LANG_VI);
	setenv("LC_ALL", "", 1);
	assert_int_equal(err_lang_from_env(), ERR_LANG_EN);
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_specs_parser),
		cmocka_unit_test(test_same_conversions),
		cmocka_unit_test(test_nfc_utf8),
		cmocka_unit_test(test_keys_in_sources),
		cmocka_unit_test(test_coverage),
		cmocka_unit_test(test_formats_in_thread_language),
		cmocka_unit_test(test_prefix_and_arguments),
		cmocka_unit_test(test_language_is_per_thread),
		cmocka_unit_test(test_lang_from_env),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
