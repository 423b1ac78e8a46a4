/* doc/xlsx: the table writer under the CLI's --format xlsx and the web's
 * exports, and base/afile, which makes its files appear whole or not at all.
 * What openpyxl and LibreOffice read back is tested end to end
 * (tests/e2e/test_xlsx.py); here: sheet names, files left (or not) behind,
 * reproducible bytes, and the in-memory form for the web. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/afile.h"
#include "doc/xlsx.h"

static const struct xlsx_col cols[] = {
	{"Mã đơn vị", XLSX_TEXT}, {"Số tiền (đ)", XLSX_MONEY}, {"Ngày", XLSX_DATE},
	{"Tỷ lệ (%)", XLSX_PERCENT}, {"Ẩn danh", XLSX_BOOL},
};
static const char *const cells[] = {
	"TV-CL", "1000000", "2019-09-15", "12.34", "1",
	"TV-CK", "-5", "not a date", NULL, "0",
};
static const struct xlsx_meta meta = {"Danh sách đóng góp", "Quỹ An sinh 2019", 1575169200};

static char *sheet_name(const char *title)
{
	struct buf b = BUF_INIT;
	xlsx_sheet_name(&b, title);
	return buf_detach(&b);
}

static int utf8_chars(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void test_sheet_names(void **state)
{
	(void)state;
	char *s = sheet_name("Danh sách đóng góp");
	assert_string_equal(s, "Danh sách đóng góp");
	free(s);
	s = sheet_name("Thu/chi [2019]: tổng? *a\\b");
	assert_string_equal(s, "Thu-chi -2019-- tổng- -a-b");
	free(s);
	/* 31 characters, not bytes, and never half a character */
	s = sheet_name("Báo cáo tiến độ vận động quỹ An sinh xã hội năm 2019");
	assert_int_equal(utf8_chars(s), 31);
	assert_string_equal(s, "Báo cáo tiến độ vận động quỹ An");
	free(s);
	s = sheet_name("'Quỹ'");
	assert_string_equal(s, "-Quỹ-");
	free(s);
	s = sheet_name("");
	assert_string_equal(s, "Sheet1");
	free(s);
	/* a space where the cut falls is dropped */
	s = sheet_name("Danh sách các nhà hảo tâm trong tỉnh");
	assert_string_equal(s, "Danh sách các nhà hảo tâm trong");
	free(s);
}

static char dir[64];

static int setup_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/ansinh-xlsx-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
	(void)state;
	DIR *d = opendir(dir);
	struct dirent *de;
	char p[512];
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' || (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))) {
			snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
			unlink(p);
		}
	if (d)
		closedir(d);
	return rmdir(dir);
}

/* Names in dir, sorted, joined by spaces. */
static void listing(char *out, size_t n)
{
	struct dirent **names;
	int k = scandir(dir, &names, NULL, alphasort);
	out[0] = '\0';
	for (int i = 0; i < k; i++) {
		if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
			strncat(out, names[i]->d_name, n - strlen(out) - 2);
			strcat(out, " ");
		}
		free(names[i]);
	}
	free(names);
}

static void test_close_writes_the_file_and_nothing_else(void **state)
{
	(void)state;
	char path[128], ls[512];
	struct xlsx_table *t;
	struct err e = {0};
	snprintf(path, sizeof path, "%s/ds.xlsx", dir);
	assert_int_equal(xlsx_open(&t, path, &meta, cols, 5, &e), 0);
	xlsx_row(t, cells);
	xlsx_row(t, cells + 5);
	xlsx_total(t, cells);
	assert_int_equal(xlsx_close(t, &e), 0);
	listing(ls, sizeof ls);
	assert_string_equal(ls, "ds.xlsx ");
	FILE *f = fopen(path, "rb");
	char magic[4];
	assert_non_null(f);
	assert_int_equal(fread(magic, 1, 4, f), 4);
	fclose(f);
	assert_memory_equal(magic, "PK\x03\x04", 4);
	unlink(path);
}

static void test_discard_leaves_nothing(void **state)
{
	(void)state;
	char path[128], ls[512];
	struct xlsx_table *t;
	struct err e = {0};
	snprintf(path, sizeof path, "%s/ds.xlsx", dir);
	assert_int_equal(xlsx_open(&t, path, &meta, cols, 5, &e), 0);
	xlsx_row(t, cells);
	xlsx_discard(t);
	listing(ls, sizeof ls);
	assert_string_equal(ls, "");
}

static void test_open_in_a_missing_directory(void **state)
{
	(void)state;
	struct xlsx_table *t = (struct xlsx_table *)1;
	struct err e = {0};
	assert_int_equal(xlsx_open(&t, "/nonexistent/ansinh/ds.xlsx", &meta, cols, 5, &e), -1);
	assert_null(t);
	assert_non_null(strstr(e.msg, "/nonexistent/ansinh/ds.xlsx"));
}

static int contains(const struct buf *b, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i + n <= b->len; i++)
		if (memcmp(b->p + i, s, n) == 0)
			return 1;
	return 0;
}

/* The web's form (xlsx_temp_open/xlsx_temp_finish) into memory. */
static int to_buf(struct buf *out, const struct xlsx_meta *m, struct err *e)
{
	struct xlsx_table *t;
	if (xlsx_temp_open(&t, m, cols, 5, e) < 0)
		return -1;
	for (int r = 0; r < 2; r++)
		xlsx_row(t, cells + r * 5);
	return xlsx_temp_finish(t, out, e);
}

/* Files left in a directory whose names start with prefix. */
static int count_files(const char *where, const char *prefix)
{
	DIR *d = opendir(where);
	struct dirent *de;
	int n = 0;
	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		n += strncmp(de->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

/* The bytes of a workbook, the same every time for the same table and
 * time; the temporary file is gone after finishing or discarding. */
static void test_to_buf_is_reproducible(void **state)
{
	(void)state;
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct err e = {0};
	char tmpdir[] = "/tmp/ansinh-xlsx-web.XXXXXX";
	assert_non_null(mkdtemp(tmpdir));
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;
	setenv("TMPDIR", tmpdir, 1);
	assert_int_equal(to_buf(&a, &meta, &e), 0);
	assert_int_equal(to_buf(&b, &meta, &e), 0);
	assert_true(a.len > 1000);
	assert_memory_equal(a.p, "PK\x03\x04", 4);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);
	/* zip entry names are stored as they are */
	assert_true(contains(&a, "xl/worksheets/sheet1.xml"));
	struct xlsx_meta later = meta;
	later.now += 60;
	buf_reset(&b);
	assert_int_equal(to_buf(&b, &later, &e), 0);
	assert_true(a.len != b.len || memcmp(a.p, b.p, a.len) != 0);
	assert_int_equal(count_files(tmpdir, "."), 2); /* "." and ".." only */
	struct xlsx_table *t;
	assert_int_equal(xlsx_temp_open(&t, &meta, cols, 5, &e), 0);
	xlsx_row(t, cells);
	assert_true(count_files(tmpdir, ".ansinh") > 0);
	xlsx_discard(t);
	assert_int_equal(count_files(tmpdir, "."), 2);
	rmdir(tmpdir);
	if (saved) {
		setenv("TMPDIR", saved, 1);
		free(saved);
	} else {
		unsetenv("TMPDIR");
	}
	buf_free(&a);
	buf_free(&b);
}

static void test_afile_commit_and_abort(void **state)
{
	(void)state;
	char path[128], ls[512];
	struct afile f;
	struct err e = {0};
	struct stat st;
	snprintf(path, sizeof path, "%s/a.csv", dir);
	mode_t old = umask(027);
	assert_int_equal(afile_open(&f, path, &e), 0);
	fputs("x,y\n", f.f);
	assert_int_equal(stat(path, &st), -1); /* not there until committed */
	assert_int_equal(afile_commit(&f, &e), 0);
	umask(old);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_int_equal(st.st_size, 4);
	assert_int_equal(afile_open(&f, path, &e), 0);
	fputs("half", f.f);
	afile_abort(&f);
	listing(ls, sizeof ls);
	assert_string_equal(ls, "a.csv ");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 4);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sheet_names),
		cmocka_unit_test(test_close_writes_the_file_and_nothing_else),
		cmocka_unit_test(test_discard_leaves_nothing),
		cmocka_unit_test(test_open_in_a_missing_directory),
		cmocka_unit_test(test_to_buf_is_reproducible),
		cmocka_unit_test(test_afile_commit_and_abort),
	};
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
