/* text/fold: search folding. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/fold.h"

/* The 12 Vietnamese vowels, each with its six tones (none, huyền, hỏi, ngã,
 * sắc, nặng), written out by hand so the test does not share the
 * implementation's table. */
struct vowel_row {
	const char *lower;
	const char *upper;
	char base;
};

static const struct vowel_row vowels[] = {
	{"aàảãáạ", "AÀẢÃÁẠ", 'a'},
	{"ăằẳẵắặ", "ĂẰẲẴẮẶ", 'a'},
	{"âầẩẫấậ", "ÂẦẨẪẤẬ", 'a'},
	{"eèẻẽéẹ", "EÈẺẼÉẸ", 'e'},
	{"êềểễếệ", "ÊỀỂỄẾỆ", 'e'},
	{"iìỉĩíị", "IÌỈĨÍỊ", 'i'},
	{"oòỏõóọ", "OÒỎÕÓỌ", 'o'},
	{"ôồổỗốộ", "ÔỒỔỖỐỘ", 'o'},
	{"ơờởỡớợ", "ƠỜỞỠỚỢ", 'o'},
	{"uùủũúụ", "UÙỦŨÚỤ", 'u'},
	{"ưừửữứự", "ƯỪỬỮỨỰ", 'u'},
	{"yỳỷỹýỵ", "YỲỶỸÝỴ", 'y'},
};

/* Splits a UTF-8 string into its code points' byte strings. */
static int split_letters(const char *s, char out[][8], int max)
{
	int n = 0;
	while (*s && n < max) {
		size_t k = 1;
		while ((s[k] & 0xC0) == 0x80)
			k++;
		memcpy(out[n], s, k);
		out[n][k] = '\0';
		n++;
		s += k;
	}
	return n;
}

static void check_fold(const char *in, const char *want)
{
	char *got = text_fold_dup(in);
	char msg[256] = "";
	if (strcmp(got, want) != 0)
		snprintf(msg, sizeof msg, "fold('%s') = '%s', want '%s'", in, got, want);
	free(got);
	if (msg[0])
		fail_msg("%s", msg);
}

static int letters_checked;

/* Each of the 144 letters alone, inside a word, and decomposed (NFD). */
static void test_vowels_all_tones_both_cases(void **state)
{
	(void)state;
	for (size_t v = 0; v < sizeof vowels / sizeof vowels[0]; v++) {
		const char *rows[2] = {vowels[v].lower, vowels[v].upper};
		for (int c = 0; c < 2; c++) {
			char letters[6][8];
			assert_int_equal(split_letters(rows[c], letters, 6), 6);
			for (int t = 0; t < 6; t++) {
				char want[16], in[64];
				snprintf(want, sizeof want, "%c", vowels[v].base);
				check_fold(letters[t], want);

				snprintf(in, sizeof in, "x%sx", letters[t]);
				snprintf(want, sizeof want, "x%cx", vowels[v].base);
				check_fold(in, want);

				utf8proc_uint8_t *nfd = NULL;
				assert_true(utf8proc_map((const utf8proc_uint8_t *)in, 0, &nfd,
							 UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE) > 0);
				check_fold((const char *)nfd, want);
				free(nfd);
				letters_checked++;
			}
		}
	}
	assert_int_equal(letters_checked, 144);
}

static void test_d_stroke(void **state)
{
	(void)state;
	check_fold("đ", "d");
	check_fold("Đ", "d");
	check_fold("Đức", "duc");
	check_fold("ĐỨC", "duc");
	check_fold("Đường", "duong");
	check_fold("đường", "duong");
	check_fold("Đặng Đình Đạt", "dang dinh dat");
}

struct pair {
	const char *in;
	const char *want;
};

static const struct pair fold_cases[] = {
	{"", ""},
	{"   ", ""},
	{"abc", "abc"},
	{"ABC", "abc"},
	{"Nguyễn Văn A", "nguyen van a"},
	{"NGUYỄN", "nguyen"},
	{"Nguye\xcc\x82\xcc\x83n", "nguyen"},        /* e + circumflex + tilde */
	{"Nguy\xc3\xaa\xcc\x83n", "nguyen"},         /* ê + tilde */
	{"Nguye\xcc\x83\xcc\x82n", "nguyen"},        /* the other mark order */
	{"Trần Thị Thu Hương", "tran thi thu huong"},
	{"Phạm Quốc Việt", "pham quoc viet"},
	{"Lê Thị Ánh Tuyết", "le thi anh tuyet"},
	{"Huỳnh Tấn Phát", "huynh tan phat"},
	{"Bùi Thị Xuân", "bui thi xuan"},
	{"Võ Nguyên Giáp", "vo nguyen giap"},
	{"Ngô Bảo Châu", "ngo bao chau"},
	{"Công ty TNHH Hòa Bình", "cong ty tnhh hoa binh"},
	{"  Nguyễn   Văn\tA  ", "nguyen van a"},
	{"\xc2\xa0Nguyễn\xc2\xa0" "A\xc2\xa0", "nguyen a"},  /* NBSP */
	{"Nguyễn-Trần", "nguyen tran"},
	{"O'Brien", "o brien"},
	{"a.b,c;d:e!f?g", "a b c d e f g"},
	{"(Trường THPT số 1)", "truong thpt so 1"},
	{"Quỹ 2024/2025", "quy 2024 2025"},
	{"100.000đ", "100 000d"},
	{"Email: an@example.vn", "email an example vn"},
	{"***", ""},
	{"--a--", "a"},
	{"Tổ dân phố 5 – phường 3", "to dan pho 5 phuong 3"},     /* en dash */
	{"“Ủng hộ”", "ung ho"},                                     /* curly quotes */
	{"Straße", "strasse"},                                      /* ß case folds to ss */
	{"Ærø", "ærø"},                                             /* no decomposition */
	{"Crème Brûlée", "creme brulee"},
	{"Łódź", "łodz"},
	{"ÅNGSTRÖM", "angstrom"},
	{"ΆΛΦΑ", "αλφα"},                                           /* Greek */
	{"Привет Мир", "привет мир"},                               /* Cyrillic */
	{"北京 市", "北京 市"},                                      /* CJK kept */
	{"a\xe2\x80\x8b" "b", "a b"},                               /* ZWSP separates */
	{"x\xcc\x81y", "xy"},                                        /* stray mark vanishes */
	{"\xcc\x81" "a", "a"},                                       /* leading mark */
	{"ǹ", "n"},
	{"ĩ", "i"},
	{"Ỹ", "y"},
	{"ÿ", "y"},
	{"×÷", ""},                                                  /* symbols in the table range */
	{"½", "½"},                                                  /* a number (No): kept, NFD does not split it */
};

static void test_fold_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof fold_cases / sizeof fold_cases[0]; i++)
		check_fold(fold_cases[i].in, fold_cases[i].want);
}

/* Malformed bytes separate words and never crash or overread. */
static void test_invalid_input(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t len;
		const char *want;
	} cases[] = {
		{"a\xff" "b", 3, "a b"},
		{"a\xc3", 2, "a"},
		{"\xe1\xbb", 2, ""},
		{"ab\xed\xa0\x80" "cd", 7, "ab cd"},   /* surrogate */
		{"\xc0\xaf" "x", 3, "x"},              /* overlong */
		{"\xf4\x90\x80\x80" "x", 5, "x"},      /* beyond U+10FFFF */
		{"Nguy\xe1\xbb\x85n", 6, "nguy"},      /* cut mid-letter by len */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf b = BUF_INIT;
		text_fold(&b, cases[i].s, cases[i].len);
		if (strcmp(buf_cstr(&b), cases[i].want) != 0)
			fail_msg("case %zu: got '%s' want '%s'", i, b.p, cases[i].want);
		buf_free(&b);
	}
}

/* text_fold appends: existing contents are kept and not joined by a space. */
static void test_appends(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_puts(&b, "key:");
	text_fold(&b, " Đức ", strlen(" Đức "));
	assert_string_equal(buf_cstr(&b), "key:duc");
	text_fold(&b, "", 0);
	assert_string_equal(buf_cstr(&b), "key:duc");
	buf_reset(&b);
	text_fold(&b, "  ", 2);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

/* Searching works both ways: the folded query is a substring of the folded
 * name whatever the user typed. */
static void test_search_matches(void **state)
{
	(void)state;
	static const struct pair finds[] = {
		{"duc", "Nguyễn Minh Đức"},
		{"duong", "Đường Lê Lợi"},
		{"NGUYEN", "Nguyễn Thị Hạnh"},
		{"hương", "Trần Thị Thu Hương"},
		{"Hướng", "Trần Thị Thu Hương"},   /* wrong tone still found */
		{"thi thu", "TRẦN THỊ THU HƯƠNG"},
	};
	for (size_t i = 0; i < sizeof finds / sizeof finds[0]; i++) {
		char *q = text_fold_dup(finds[i].in);
		char *h = text_fold_dup(finds[i].want);
		if (strstr(h, q) == NULL)
			fail_msg("'%s' does not find '%s'", finds[i].in, finds[i].want);
		free(q);
		free(h);
	}
}

/* Every code point of the fast-path ranges gives the same answer as the
 * general utf8proc path would (decompose, strip marks, case fold), except
 * đ/Đ which Unicode does not decompose. */
static void test_tables_agree_with_utf8proc(void **state)
{
	(void)state;
	static const int32_t ranges[][2] = {{0xC0, 0x24F}, {0x1E00, 0x1EFF}};
	for (size_t r = 0; r < 2; r++) {
		for (int32_t c = ranges[r][0]; c <= ranges[r][1]; c++) {
			if (c == 0x110 || c == 0x111)
				continue;
			utf8proc_uint8_t in[8];
			utf8proc_ssize_t n = utf8proc_encode_char(c, in);
			in[n] = 0;
			utf8proc_uint8_t *ref = NULL;
			assert_true(utf8proc_map(in, 0, &ref,
						 UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE |
							 UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD) >= 0);
			char *got = text_fold_dup((const char *)in);
			/* Only letters are compared; symbols become separators. */
			if (utf8proc_category(c) <= UTF8PROC_CATEGORY_LO && strcmp(got, (char *)ref) != 0)
				fail_msg("U+%04X: fold '%s' utf8proc '%s'", (unsigned)c, got, ref);
			free(got);
			free(ref);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vowels_all_tones_both_cases),
		cmocka_unit_test(test_d_stroke),
		cmocka_unit_test(test_fold_cases),
		cmocka_unit_test(test_invalid_input),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_search_matches),
		cmocka_unit_test(test_tables_agree_with_utf8proc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
