/* text/utf8: validation, NFC, cleaning, lower case, width. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/utf8.h"

/* Byte strings with explicit lengths, so NUL and truncation can be tested. */
struct bytes {
	const char *s;
	size_t len;
	size_t bad_at; /* offset named in the error */
};
#define B(lit, at) {lit, sizeof(lit) - 1, at}

static const struct bytes valid_utf8[] = {
	B("", 0),
	B("abc", 0),
	B("Nguy\xe1\xbb\x85n", 0),          /* Nguyễn */
	B("\xc2\x80", 0),                   /* U+0080, smallest 2-byte */
	B("\xdf\xbf", 0),                   /* U+07FF */
	B("\xe0\xa0\x80", 0),               /* U+0800, smallest 3-byte */
	B("\xed\x9f\xbf", 0),               /* U+D7FF, just below surrogates */
	B("\xee\x80\x80", 0),               /* U+E000, just above surrogates */
	B("\xef\xbf\xbf", 0),               /* U+FFFF */
	B("\xf0\x90\x80\x80", 0),           /* U+10000, smallest 4-byte */
	B("\xf4\x8f\xbf\xbf", 0),           /* U+10FFFF, the last code point */
	B("\xe2\x82\xab", 0),               /* ₫ */
	B("\x7f", 0),
};

static const struct bytes invalid_utf8[] = {
	B("\x00", 0),                       /* NUL */
	B("ab\x00" "cd", 2),                /* NUL inside */
	B("\x80", 0),                       /* lone continuation */
	B("\xbf", 0),
	B("a\xc3", 1),                      /* truncated 2-byte */
	B("\xc3\x28", 0),                   /* bad continuation */
	B("\xc0\x80", 0),                   /* overlong NUL */
	B("\xc0\xaf", 0),                   /* overlong '/' */
	B("\xc1\xbf", 0),                   /* overlong U+007F */
	B("\xe0\x80\xaf", 0),               /* overlong 3-byte '/' */
	B("\xe0\x9f\xbf", 0),               /* overlong U+07FF */
	B("\xf0\x80\x80\xaf", 0),           /* overlong 4-byte '/' */
	B("\xf0\x8f\xbf\xbf", 0),           /* overlong U+FFFF */
	B("\xed\xa0\x80", 0),               /* U+D800 high surrogate */
	B("\xed\xbf\xbf", 0),               /* U+DFFF low surrogate */
	B("\xed\xa0\xbd\xed\xb8\x80", 0),   /* CESU-8 surrogate pair */
	B("\xf4\x90\x80\x80", 0),           /* U+110000 */
	B("\xf5\x80\x80\x80", 0),           /* lead byte beyond range */
	B("\xf8\x88\x80\x80\x80", 0),       /* 5-byte form */
	B("\xfc\x84\x80\x80\x80\x80", 0),   /* 6-byte form */
	B("\xfe", 0),
	B("\xff", 0),
	B("Nguy\xe1\xbb", 4),               /* truncated 3-byte at end */
	B("Nguy\xe1\xbbn", 4),              /* truncated 3-byte mid-string */
	B("\xe1\xbb\x85\xf0\x9f\x98", 3),   /* truncated 4-byte */
	B("abc\xe9t\xe9", 3),               /* Latin-1 "été" */
};

static void test_is_utf8_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof valid_utf8 / sizeof valid_utf8[0]; i++) {
		const struct bytes *b = &valid_utf8[i];
		if (!text_is_utf8(b->s, b->len))
			fail_msg("case %zu should be valid", i);
	}
}

static void test_is_utf8_invalid(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof invalid_utf8 / sizeof invalid_utf8[0]; i++) {
		const struct bytes *b = &invalid_utf8[i];
		if (text_is_utf8(b->s, b->len))
			fail_msg("case %zu should be invalid", i);
	}
}

static void test_nfc_reports_offset(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof invalid_utf8 / sizeof invalid_utf8[0]; i++) {
		const struct bytes *b = &invalid_utf8[i];
		struct err e = {0};
		char want[64];
		snprintf(want, sizeof want, "invalid UTF-8 at byte %zu", b->bad_at);
		char *r = text_nfc(b->s, b->len, &e);
		assert_null(r);
		assert_int_equal(e.kind, ERR_FAIL);
		assert_string_equal(e.msg, want);
		err_clear(&e);
		assert_null(text_clean(b->s, b->len, &e));
		assert_string_equal(e.msg, want);
	}
}

/* Only the given length is read: no NUL needed, none looked for. */
static void test_nfc_respects_length(void **state)
{
	(void)state;
	struct err e = {0};
	char *r = text_nfc("abc\xff", 3, &e);
	assert_string_equal(r, "abc");
	free(r);
	r = text_nfc("Nguy\xe1\xbb\x85n!!", 8, &e);
	assert_string_equal(r, "Nguy\xe1\xbb\x85n");
	free(r);
	assert_int_equal(e.kind, ERR_NONE);
}

struct pair {
	const char *in;
	const char *want;
};

/* What NFC guarantees: every canonically equivalent spelling becomes the one
 * precomposed form.  ễ = U+1EC5 = e + U+0302 (circumflex) + U+0303 (tilde). */
static const struct pair nfc_cases[] = {
	{"Nguy\xe1\xbb\x85n", "Nguy\xe1\xbb\x85n"},              /* precomposed ễ */
	{"Nguye\xcc\x82\xcc\x83n", "Nguy\xe1\xbb\x85n"},         /* e + ◌̂ + ◌̃ */
	{"Nguy\xc3\xaa\xcc\x83n", "Nguy\xe1\xbb\x85n"},          /* ê + ◌̃ */
	/* e + tilde + circumflex is a different letter (ẽ with a circumflex on
	 * top): both marks are above (class 230) so their order is meaningful
	 * and NFC must not reorder them. */
	{"e\xcc\x83\xcc\x82", "\xe1\xba\xbd\xcc\x82"},
	/* Marks of different classes are reordered: dot below (220) goes before
	 * circumflex (230), so these all become ộ U+1ED9. */
	{"o\xcc\x82\xcc\xa3", "\xe1\xbb\x99"},
	{"o\xcc\xa3\xcc\x82", "\xe1\xbb\x99"},
	{"\xe1\xbb\x8d\xcc\x82", "\xe1\xbb\x99"},                /* ọ + ◌̂ */
	{"\xc3\xb4\xcc\xa3", "\xe1\xbb\x99"},                    /* ô + ◌̣ */
	{"Tra\xcc\x80n", "Tr\xc3\xa0n"},                          /* Tràn */
	{"Tra\xcc\x82\xcc\x80n", "Tr\xe1\xba\xa7n"},              /* Trần */
	{"D\xcc\x9b", "D\xcc\x9b"},                               /* no precomposed form */
	{"u\xcc\x9b\xcc\x80", "\xe1\xbb\xab"},                    /* ừ */
	{"U\xcc\x9b\xcc\x81", "\xe1\xbb\xa8"},                    /* Ứ */
	{"a\xcc\x86\xcc\x83", "\xe1\xba\xb5"},                    /* ẵ */
	{"\xe2\x84\xab", "\xc3\x85"},                              /* Angstrom sign -> Å */
	{"\xef\xac\x81", "\xef\xac\x81"},                          /* ﬁ: compatibility only, kept */
	{"\xe1\xbd\xb1", "\xce\xac"},                             /* U+1F71 is a singleton */
	{"a\xcd\x80", "\xc3\xa0"},                                /* U+0340 grave tone mark */
	{"\xe1\x84\x80\xe1\x85\xa1", "\xea\xb0\x80"},          /* Hangul jamo compose */
	{"\xe1\xba\xa0\xcc\x82", "\xe1\xba\xac"},               /* Ạ + ◌̂ -> Ậ */
	{"\xe1\xbb\xb9", "\xe1\xbb\xb9"},                        /* ỹ, last Vietnamese letter */
	{"  a\tb  ", "  a\tb  "},                                  /* white space kept */
	{"", ""},
};

static void test_nfc(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof nfc_cases / sizeof nfc_cases[0]; i++) {
		struct err e = {0};
		char *r = text_nfc(nfc_cases[i].in, strlen(nfc_cases[i].in), &e);
		assert_non_null(r);
		if (strcmp(r, nfc_cases[i].want) != 0)
			fail_msg("case %zu: got '%s' want '%s'", i, r, nfc_cases[i].want);
		free(r);
	}
}

/* text_nfc takes a shortcut for Latin and Vietnamese text; it must agree
 * with utf8proc for every code point below U+3000 and in the Vietnamese
 * block, alone, before a combining circumflex and before a dot below. */
static void test_nfc_agrees_with_utf8proc(void **state)
{
	(void)state;
	static const char *const tails[] = {"", "\xcc\x82", "\xcc\xa3", "a"};
	int checked = 0;
	for (int32_t c = 1; c < 0x3000 + 0x100; c++) {
		int32_t cp = c < 0x3000 ? c : 0x1E00 + (c - 0x3000);
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
			utf8proc_uint8_t in[16];
			utf8proc_ssize_t n = utf8proc_encode_char(cp, in);
			memcpy(in + n, tails[t], strlen(tails[t]) + 1);
			utf8proc_uint8_t *ref = utf8proc_NFC(in);
			struct err e = {0};
			char *got = text_nfc((const char *)in, strlen((const char *)in), &e);
			int same = got != NULL && strcmp(got, (const char *)ref) == 0;
			free(got);
			free(ref);
			if (!same)
				fail_msg("U+%04X + tail %zu differs from utf8proc", (unsigned)cp, t);
			checked++;
		}
	}
	assert_true(checked > 12000);
}

static const struct pair clean_cases[] = {
	{"", ""},
	{"   ", ""},
	{"\t\r\n", ""},
	{"a", "a"},
	{"  Nguy\xe1\xbb\x85n   V\xc4\x83n  A  ", "Nguy\xe1\xbb\x85n V\xc4\x83n A"},
	{"L\xc3\xaa\tTh\xe1\xbb\x8b\r\nHoa", "L\xc3\xaa Th\xe1\xbb\x8b Hoa"},
	{"\xc2\xa0Tr\xe1\xba\xa7n\xc2\xa0\xc2\xa0" "An\xc2\xa0", "Tr\xe1\xba\xa7n An"}, /* NBSP */
	{"a\xe2\x80\xaf" "b", "a b"},                              /* narrow NBSP U+202F */
	{"a\xe2\x80\x83" "b", "a b"},                              /* em space U+2003 */
	{"a\xe3\x80\x80" "b", "a b"},                              /* ideographic space */
	{"a\xe2\x80\xa8" "b", "a b"},                              /* line separator */
	{"a\xe1\x9a\x80" "b", "a b"},                              /* ogham space mark */
	{"a\x0b\x0c" "b", "a b"},                                  /* VT, FF */
	{"a\xc2\x85" "b", "a b"},                                  /* NEL */
	/* ZWSP is neither a space nor allowed: see clean_refused */
	{" Nguye\xcc\x82\xcc\x83n ", "Nguy\xe1\xbb\x85n"},         /* NFC and trim */
	{"x  \xcc\x81", "x \xcc\x81"},                             /* mark after space stays */
	{"a b", "a b"},
	{"\n\nfoo\n", "foo"},
};

static void test_clean(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof clean_cases / sizeof clean_cases[0]; i++) {
		struct err e = {0};
		char *r = text_clean(clean_cases[i].in, strlen(clean_cases[i].in), &e);
		assert_non_null(r);
		if (strcmp(r, clean_cases[i].want) != 0)
			fail_msg("case %zu: got '%s' want '%s'", i, r, clean_cases[i].want);
		free(r);
	}
}

/* One-line fields refuse what hides text or drives a terminal. */
static const char *const clean_refused[] = {
	"T\x01n", "a\x1b" "[31mb", "del\x7f", "c1\xc2\x9bx", "zw\xe2\x80\x8b" "sp",
	"rlo\xe2\x80\xae" "abc", "iso\xe2\x81\xa6x", "\xef\xbb\xbf" "bom", "nul\x00x",
};

static void test_clean_refuses_controls(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof clean_refused / sizeof clean_refused[0]; i++) {
		struct err e = {0};
		size_t n = strlen(clean_refused[i]);
		if (i == sizeof clean_refused / sizeof clean_refused[0] - 1)
			n = 5; /* the embedded NUL */
		char *r = text_clean(clean_refused[i], n, &e);
		if (r != NULL)
			fail_msg("case %zu accepted: '%s'", i, r);
		assert_true(err_is_set(&e));
	}
}

static const struct pair lower_cases[] = {
	{"", ""},
	{"ABC xyz 123", "abc xyz 123"},
	{"NGUY\xe1\xbb\x84N", "nguy\xe1\xbb\x85n"},               /* NGUYỄN -> nguyễn */
	{"\xc4\x90\xe1\xbb\xa8" "C", "\xc4\x91\xe1\xbb\xa9" "c"},  /* ĐỨC -> đức */
	{"TR\xe1\xba\xa6N V\xc4\x82N", "tr\xe1\xba\xa7n v\xc4\x83n"}, /* TRẦN VĂN */
	{"\xc6\xaf\xe1\xbb\x9cNG", "\xc6\xb0\xe1\xbb\x9dng"},      /* ƯỜNG */
	{"\xc6\xa0", "\xc6\xa1"},                                   /* Ơ */
	{"NGUYE\xcc\x82\xcc\x83N", "nguy\xe1\xbb\x85n"},           /* decomposed -> NFC */
	{"\xce\x91\xce\x92\xce\x93", "\xce\xb1\xce\xb2\xce\xb3"},  /* Greek */
	{"\xd0\x9c\xd0\x98\xd0\xa0", "\xd0\xbc\xd0\xb8\xd1\x80"},  /* Cyrillic */
	{"\xe4\xb8\xad\xe6\x96\x87", "\xe4\xb8\xad\xe6\x96\x87"},  /* CJK unchanged */
	{"  Keep  Spaces ", "  keep  spaces "},
};

static void test_lower(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof lower_cases / sizeof lower_cases[0]; i++) {
		char *r = text_lower(lower_cases[i].in);
		if (strcmp(r, lower_cases[i].want) != 0)
			fail_msg("case %zu: got '%s' want '%s'", i, r, lower_cases[i].want);
		free(r);
	}
}

/* Every upper-case Vietnamese letter lowers to its own lower-case form. */
static void test_lower_all_vietnamese(void **state)
{
	(void)state;
	static const char *const up =
		"AÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬEÈẺẼÉẸÊỀỂỄẾỆIÌỈĨÍỊOÒỎÕÓỌÔỒỔỖỐỘƠỜỞỠỚỢUÙỦŨÚỤƯỪỬỮỨỰYỲỶỸÝỴĐ";
	static const char *const lo =
		"aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ";
	char *r = text_lower(up);
	assert_string_equal(r, lo);
	free(r);
	r = text_lower(lo);
	assert_string_equal(r, lo);
	free(r);
}

struct width_case {
	const char *s;
	size_t w;
};

static void test_width(void **state)
{
	(void)state;
	static const struct width_case cases[] = {
		{"", 0},
		{"abc", 3},
		{"Nguy\xe1\xbb\x85n", 6},
		{"Nguye\xcc\x82\xcc\x83n", 6},                  /* marks take no column */
		{"\xe4\xb8\xad\xe6\x96\x87", 4},                /* two wide CJK */
		{"\xea\xb0\x80", 2},                            /* Hangul syllable */
		{"\xc4\x90\xe1\xbb\xa9" "c", 3},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (text_width(cases[i].s) != cases[i].w)
			fail_msg("case %zu: width %zu want %zu", i, text_width(cases[i].s), cases[i].w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_utf8_valid),
		cmocka_unit_test(test_is_utf8_invalid),
		cmocka_unit_test(test_nfc_reports_offset),
		cmocka_unit_test(test_nfc_respects_length),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_nfc_agrees_with_utf8proc),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_clean_refuses_controls),
		cmocka_unit_test(test_lower),
		cmocka_unit_test(test_lower_all_vietnamese),
		cmocka_unit_test(test_width),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
