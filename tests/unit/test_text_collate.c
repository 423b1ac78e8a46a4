/* text/collate: Vietnamese sort order through ICU. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/collate.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Written in order by hand.  Letters: a ă â b c d đ e ê g h i k l m n o ô ơ
 * p q r s t u ư v x y, compared letter by letter ("ch" is c then h, as in
 * ICU's standard Vietnamese order); a space sorts before any letter; tones
 * only decide between otherwise equal names. */
static const char *const names_sorted[] = {
	"An",
	"Anh",
	"Ảnh",
	"Ánh",
	"Âu Cơ",
	"Bạch Mai",
	"Bùi Thị Xuân",
	"Cao Văn Lầu",
	"Chu Văn An",
	"Dương Văn Minh",
	"Đàm Vĩnh Hưng",
	"Đặng Thái Sơn",
	"Đinh Bộ Lĩnh",
	"Đoàn Thị Điểm",  /* o before ô: Đoàn before Đỗ */
	"Đỗ Mười",
	"Giáp Văn Khương",
	"Hà Anh",
	"Hạ Bình",
	"Hồ Chí Minh",
	"Hồ Xuân Hương",
	"Huỳnh Tấn Phát",
	"Khúc Thừa Dụ",
	"Lê Lợi",
	"Lê Thị Bình",
	"Lục Vân Tiên",
	"Lương Thế Vinh",
	"Lưu Hữu Phước",
	"Lý Thường Kiệt",
	"Mạc Đăng Dung",
	"Ngô Bảo Châu",
	"Ngô Quyền",
	"Nguyễn Du",
	"Nguyễn Trãi",
	"Nguyễn Văn An",
	"Ông Ích Khiêm",
	"Phạm Văn Đồng",
	"Phan Bội Châu",
	"Quang Trung",
	"Tô Hoài",
	"Tôn Đức Thắng",
	"Trần Hưng Đạo",
	"Trần Phú",
	"Trịnh Công Sơn",
	"Trương Định",
	"Võ Nguyên Giáp",
	"Vũ Trọng Phụng",
};

/* Given name first: the last word decides. */
static const char *const given_sorted[] = {
	"Trần Văn An",
	"Nguyễn Thị Anh",
	"Lê Thị Bình",
	"Phạm Văn Bình",
	"Hoàng Thị Cúc",
	"Trần Dũng",
	"Võ Minh Đức",
	"Nguyễn Hương Giang",
	"Đặng Thu Hà",
	"Lê Hải",
	"Bùi Thị Hạnh",
	"Nam",
	"Đỗ Thị Ơn",
	"Lò Văn Ư",
	"Nguyễn Thị Yến",
};

static const char *const letters_sorted[] = {
	"a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m",
	"n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y",
};

/* none, huyền, hỏi, ngã, sắc, nặng on each vowel. */
static const char *const tones_sorted[][6] = {
	{"a", "à", "ả", "ã", "á", "ạ"},
	{"ă", "ằ", "ẳ", "ẵ", "ắ", "ặ"},
	{"â", "ầ", "ẩ", "ẫ", "ấ", "ậ"},
	{"e", "è", "ẻ", "ẽ", "é", "ẹ"},
	{"ê", "ề", "ể", "ễ", "ế", "ệ"},
	{"i", "ì", "ỉ", "ĩ", "í", "ị"},
	{"o", "ò", "ỏ", "õ", "ó", "ọ"},
	{"ô", "ồ", "ổ", "ỗ", "ố", "ộ"},
	{"ơ", "ờ", "ở", "ỡ", "ớ", "ợ"},
	{"u", "ù", "ủ", "ũ", "ú", "ụ"},
	{"ư", "ừ", "ử", "ữ", "ứ", "ự"},
	{"y", "ỳ", "ỷ", "ỹ", "ý", "ỵ"},
};

/* Tones are weaker than letters: every toned "ma" comes before "mai", and
 * every "ma..." before "mă...". */
static const char *const syllables_sorted[] = {
	"Ma", "Mà", "Mả", "Mã", "Má", "Mạ", "Mai", "Mài", "Mãi", "Mạnh", "Măng", "Mắt", "Mân",
	"Mận", "Mây", "Me", "Mê", "Mi", "Mo", "Mô", "Mơ", "Mu", "Mư", "My",
};

static void shuffle(const char **v, size_t n, uint32_t *seed)
{
	for (size_t i = n; i > 1; i--) {
		*seed = *seed * 1664525u + 1013904223u;
		size_t j = (*seed >> 8) % i;
		const char *t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

static int cmp_collate(const void *a, const void *b)
{
	return collate_cmp(*(const char *const *)a, *(const char *const *)b);
}

struct keyed {
	const char *s;
	struct buf key;
};

static int cmp_keys(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	size_t n = x->key.len < y->key.len ? x->key.len : y->key.len;
	int c = memcmp(x->key.p, y->key.p, n);
	if (c != 0)
		return c;
	return x->key.len < y->key.len ? -1 : x->key.len > y->key.len;
}

/* Shuffles want[] many times and sorts it with collate_cmp and with keys
 * (plain or given-first), expecting want[] back every time. */
static void check_order(const char *const *want, size_t n, int given_first)
{
	const char **v = calloc(n, sizeof *v);
	struct keyed *k = calloc(n, sizeof *k);
	uint32_t seed = 12345;
	for (int round = 0; round < 20; round++) {
		memcpy(v, want, n * sizeof *v);
		shuffle(v, n, &seed);
		if (!given_first) {
			qsort(v, n, sizeof *v, cmp_collate);
			for (size_t i = 0; i < n; i++)
				if (strcmp(v[i], want[i]) != 0)
					fail_msg("collate_cmp: position %zu is '%s', want '%s'", i, v[i],
						 want[i]);
		}
		memcpy(v, want, n * sizeof *v);
		shuffle(v, n, &seed);
		for (size_t i = 0; i < n; i++) {
			k[i].s = v[i];
			buf_reset(&k[i].key);
			if (given_first)
				collate_key_given_first(&k[i].key, v[i]);
			else
				collate_key(&k[i].key, v[i]);
		}
		qsort(k, n, sizeof *k, cmp_keys);
		for (size_t i = 0; i < n; i++)
			if (strcmp(k[i].s, want[i]) != 0)
				fail_msg("keys: position %zu is '%s', want '%s'", i, k[i].s, want[i]);
	}
	for (size_t i = 0; i < n; i++)
		buf_free(&k[i].key);
	free(k);
	free(v);
}

static void test_names(void **state)
{
	(void)state;
	check_order(names_sorted, N_OF(names_sorted), 0);
}

static void test_given_first(void **state)
{
	(void)state;
	check_order(given_sorted, N_OF(given_sorted), 1);
}

static void test_letters(void **state)
{
	(void)state;
	check_order(letters_sorted, N_OF(letters_sorted), 0);
	for (size_t i = 0; i + 1 < N_OF(letters_sorted); i++)
		assert_int_equal(collate_cmp(letters_sorted[i], letters_sorted[i + 1]), -1);
}

static void test_tones(void **state)
{
	(void)state;
	for (size_t v = 0; v < N_OF(tones_sorted); v++) {
		check_order(tones_sorted[v], 6, 0);
		for (int t = 0; t < 5; t++) {
			assert_int_equal(collate_cmp(tones_sorted[v][t], tones_sorted[v][t + 1]), -1);
			assert_int_equal(collate_cmp(tones_sorted[v][t + 1], tones_sorted[v][t]), 1);
		}
		/* The toned forms of one vowel sort before the next base letter. */
		if (v + 1 < N_OF(tones_sorted))
			assert_int_equal(collate_cmp(tones_sorted[v][5], tones_sorted[v + 1][0]), -1);
	}
}

static void test_syllables(void **state)
{
	(void)state;
	check_order(syllables_sorted, N_OF(syllables_sorted), 0);
}

static void test_given_first_examples(void **state)
{
	(void)state;
	struct buf a = BUF_INIT, b = BUF_INIT;
	collate_key_given_first(&a, "Trần Văn An");
	collate_key_given_first(&b, "Lê Thị Bình");
	assert_true(strcmp(a.p, b.p) < 0);
	/* Outer spaces do not matter; a single word is its own given name. */
	buf_reset(&a);
	buf_reset(&b);
	collate_key_given_first(&a, "  Trần Văn An  ");
	collate_key_given_first(&b, "Trần Văn An");
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);
	buf_reset(&a);
	buf_reset(&b);
	collate_key_given_first(&a, "Nam");
	collate_key(&b, "Nam");
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);
	/* The empty name has a (short, non-empty) key below every other. */
	buf_reset(&a);
	buf_reset(&b);
	collate_key_given_first(&a, "");
	collate_key(&b, "");
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);
	buf_reset(&b);
	collate_key(&b, "a");
	assert_true(strcmp(a.p, b.p) < 0);
	buf_free(&a);
	buf_free(&b);
}

static void test_equal_and_case(void **state)
{
	(void)state;
	assert_int_equal(collate_cmp("Nguyễn", "Nguyễn"), 0);
	assert_int_equal(collate_cmp("", ""), 0);
	assert_int_equal(collate_cmp("", "a"), -1);
	/* Decomposed and precomposed spellings are the same name. */
	assert_int_equal(collate_cmp("Nguye\xcc\x82\xcc\x83n", "Nguy\xe1\xbb\x85n"), 0);
	struct buf a = BUF_INIT, b = BUF_INIT;
	collate_key(&a, "Nguye\xcc\x82\xcc\x83n");
	collate_key(&b, "Nguy\xe1\xbb\x85n");
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);
	/* Case is the weakest difference: lower before upper, both before the
	 * next letter. */
	assert_int_equal(collate_cmp("an", "An"), -1);
	assert_int_equal(collate_cmp("An", "ăn"), -1);
	assert_int_equal(collate_cmp("đa", "Đa"), -1);
	assert_int_equal(collate_cmp("Đa", "e"), -1);
	buf_free(&a);
	buf_free(&b);
}

/* Keys append and carry no zero byte, so they work as C strings too. */
static void test_key_shape(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_puts(&b, "x");
	collate_key(&b, "Nguyễn Văn An");
	assert_true(b.len > 2);
	assert_int_equal(b.p[0], 'x');
	assert_int_equal(strlen(b.p), b.len);
	size_t one = b.len - 1;
	buf_reset(&b);
	collate_key(&b, "Nguyễn Văn An");
	assert_int_equal(b.len, one);
	buf_free(&b);
}

/* Long names take the heap path; invalid bytes still get a key. */
static void test_long_and_invalid(void **state)
{
	(void)state;
	struct buf big = BUF_INIT, key = BUF_INIT;
	for (int i = 0; i < 400; i++)
		buf_puts(&big, "Nguyễn ");
	buf_puts(&big, "A");
	collate_key(&key, big.p);
	assert_true(key.len > 800);
	assert_int_equal(collate_cmp(big.p, big.p), 0);
	big.p[big.len - 1] = 'B';
	assert_int_equal(collate_cmp("Nguyễn", big.p), -1);
	buf_reset(&key);
	collate_key(&key, "a\xff" "b");
	assert_true(key.len > 0);
	assert_int_equal(collate_cmp("a\xff" "b", "a\xff" "b"), 0);
	assert_int_equal(collate_cmp("a\xff", "b"), -1);
	buf_free(&big);
	buf_free(&key);
}

/* Threads get their own collator and agree with the main thread. */
struct thread_arg {
	struct buf want[N_OF(names_sorted)];
	int bad;
};

static void *thread_main(void *p)
{
	struct thread_arg *t = p;
	struct buf k = BUF_INIT;
	for (int round = 0; round < 50; round++) {
		for (size_t i = 0; i < N_OF(names_sorted); i++) {
			buf_reset(&k);
			collate_key(&k, names_sorted[i]);
			if (k.len != t->want[i].len || memcmp(k.p, t->want[i].p, k.len) != 0)
				t->bad++;
			if (i > 0 && collate_cmp(names_sorted[i - 1], names_sorted[i]) != -1)
				t->bad++;
		}
	}
	buf_free(&k);
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	static struct thread_arg arg;
	for (size_t i = 0; i < N_OF(names_sorted); i++)
		collate_key(&arg.want[i], names_sorted[i]);
	pthread_t th[8];
	for (int i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&th[i], NULL, thread_main, &arg), 0);
	for (int i = 0; i < 8; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(arg.bad, 0);
	for (size_t i = 0; i < N_OF(names_sorted); i++)
		buf_free(&arg.want[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_given_first),
		cmocka_unit_test(test_letters),
		cmocka_unit_test(test_tones),
		cmocka_unit_test(test_syllables),
		cmocka_unit_test(test_given_first_examples),
		cmocka_unit_test(test_equal_and_case),
		cmocka_unit_test(test_key_shape),
		cmocka_unit_test(test_long_and_invalid),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
