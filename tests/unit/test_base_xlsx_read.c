/* base/xlsx_read: the .xlsx reader under every import (through csv_open).
 * Each test writes a workbook with libxlsxwriter (shared strings, or inline
 * strings in its constant-memory mode), reads it back through the CSV
 * reader's interface and checks the cells and the spreadsheet row numbers;
 * broken files are refused naming the file. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/err.h"
#include "base/xlsx_read.h"

static char *tmp_path(const char *ext)
{
	const char *dir = getenv("TMPDIR");
	char *path = malloc(512);
	assert_non_null(path);
	snprintf(path, 512, "%s/ansinh-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	strcat(path, ext);
	return path;
}

/* Every row of the file as "LINE: a|b|c\n". */
static char *dump(const char *path, struct err *e)
{
	struct csv_reader *r;
	struct csv_row row;
	struct buf b = BUF_INIT;
	int got;
	if (csv_open(&r, path, e) < 0)
		return NULL;
	while ((got = csv_next(r, &row, e)) == 1) {
		buf_printf(&b, "%ld:", row.line);
		for (int i = 0; i < row.nfields; i++)
			buf_printf(&b, "%s%s", i ? "|" : " ", row.field[i]);
		buf_putc(&b, '\n');
	}
	csv_close(r);
	if (got < 0) {
		buf_free(&b);
		return NULL;
	}
	buf_cstr(&b);
	return buf_detach(&b);
}

/* A statement the way Vietnamese banks export one: title rows, a gap, the
 * header on row 5, then lines with dates, numbers and text amounts. */
static void write_statement(const char *path, int constant_memory)
{
	lxw_workbook_options opt = {.constant_memory = (uint8_t)constant_memory};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Sao kê");
	lxw_format *date = workbook_add_format(wb), *dt = workbook_add_format(wb),
		   *money = workbook_add_format(wb), *bold = workbook_add_format(wb);
	format_set_num_format(date, "dd/mm/yyyy");
	format_set_num_format(dt, "dd/mm/yyyy hh:mm:ss");
	format_set_num_format(money, "#,##0");
	format_set_bold(bold);
	worksheet_write_string(ws, 0, 0, "NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM", bold);
	worksheet_write_string(ws, 1, 0, "Số tài khoản:", NULL);
	worksheet_write_string(ws, 1, 1, "0071000123456", NULL);
	worksheet_write_string(ws, 4, 0, "Ngày GD", bold);
	worksheet_write_string(ws, 4, 1, "Số tiền", bold);
	worksheet_write_string(ws, 4, 3, "Nội dung", bold);
	lxw_datetime d1 = {2026, 3, 1, 0, 0, 0}, d2 = {2026, 3, 2, 14, 5, 6};
	worksheet_write_datetime(ws, 5, 0, &d1, date);
	worksheet_write_number(ws, 5, 1, 1000000, money);
	worksheet_write_number(ws, 5, 2, 1.5, NULL);
	worksheet_write_string(ws, 5, 3, "Ủng hộ quỹ", NULL);
	worksheet_write_datetime(ws, 6, 0, &d2, dt);
	worksheet_write_string(ws, 6, 1, "1.000.000", NULL);
	worksheet_write_number(ws, 6, 2, 1e20, NULL);
	worksheet_write_boolean(ws, 6, 3, 1, NULL);
	worksheet_write_number(ws, 7, 1, -250000, NULL);
	worksheet_write_number(ws, 7, 2, 0.1 + 0.2, NULL);
	worksheet_write_blank(ws, 7, 5, money); /* formatted but empty: left out */
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static const char statement_rows[] =
	"1: NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM\n"
	"2: Số tài khoản:|0071000123456\n"
	"5: Ngày GD|Số tiền||Nội dung\n"
	"6: 01/03/2026|1000000|1.5|Ủng hộ quỹ\n"
	"7: 02/03/2026 14:05:06|1.000.000|100000000000000000000|TRUE\n"
	"8: |-250000|0.3\n";

static void test_shared_strings_numbers_dates_gaps(void **state)
{
	(void)state;
	struct err e = {0};
	char *path = tmp_path(".xlsx");
	write_statement(path, 0);
	char *got = dump(path, &e);
	assert_non_null(got);
	assert_string_equal(got, statement_rows);
	free(got);
	unlink(path);
	free(path);
}

static void test_inline_strings(void **state)
{
	(void)state;
	struct err e = {0};
	char *path = tmp_path(".xlsx");
	write_statement(path, 1); /* constant memory: inline strings */
	char *got = dump(path, &e);
	assert_non_null(got);
	assert_string_equal(got, statement_rows);
	free(got);
	unlink(path);
	free(path);
}

static void test_rich_text_and_formula_strings(void **state)
{
	(void)state;
	struct err e = {0};
	char *path = tmp_path(".bin"); /* found by its zip signature, not its name */
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_rich_string_tuple a = {.format = bold, .string = "Nguyễn "},
			      b = {.format = NULL, .string = "Văn An"};
	lxw_rich_string_tuple *runs[] = {&a, &b, NULL};
	worksheet_write_rich_string(ws, 0, 0, runs, NULL);
	worksheet_write_formula_str(ws, 0, 1, "=\"Trà\"&\" Vinh\"", NULL, "Trà Vinh");
	worksheet_write_formula_num(ws, 0, 2, "=1+1", NULL, 2);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	char *got = dump(path, &e);
	assert_non_null(got);
	assert_string_equal(got, "1: Nguyễn Văn An|Trà Vinh|2\n");
	free(got);
	unlink(path);
	free(path);
}

static void test_header_mapped_below_the_width(void **state)
{
	(void)state;
	struct err e = {0};
	char *path = tmp_path(".xlsx");
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	worksheet_write_string(ws, 0, 0, "name", NULL);
	worksheet_write_string(ws, 0, 1, "amount", NULL);
	worksheet_write_string(ws, 1, 0, "An", NULL);
	worksheet_write_number(ws, 1, 1, 5, NULL);
	worksheet_write_string(ws, 3, 2, "extra", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	static const char *const names[] = {"name", "amount"};
	static const int required[] = {1, 1};
	int idx[2];
	struct csv_reader *r;
	struct csv_row row;
	assert_int_equal(csv_open_mapped(&r, path, names, required, 2, idx, &e), 0);
	assert_int_equal(csv_next(r, &row, &e), 1);
	assert_int_equal(row.line, 2);
	assert_string_equal(row.field[idx[1]], "5");
	assert_int_equal(csv_next(r, &row, &e), -1);
	char want[600];
	snprintf(want, sizeof want, "%s:4: 3 columns, but the header has only 2", path);
	assert_string_equal(e.msg, want);
	csv_close(r);
	unlink(path);
	free(path);
}

/* A zip with one member, written with libzip. */
static void write_zip(const char *path, const char *name, const char *text)
{
	int err = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(z);
	zip_source_t *s = zip_source_buffer(z, text, strlen(text), 0);
	assert_true(zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8) >= 0);
	assert_int_equal(zip_close(z), 0);
}

static void expect_refused(const char *path, const char *what)
{
	struct err e = {0};
	char *got = dump(path, &e);
	assert_null(got);
	if (strstr(e.msg, what) == NULL || strncmp(e.msg, path, strlen(path)) != 0)
		fail_msg("message '%s' lacks '%s'", e.msg, what);
}

static void test_broken_files_refused(void **state)
{
	(void)state;
	char *path = tmp_path(".xlsx");
	FILE *f = fopen(path, "wb");
	fputs("PK\003\004 truncated, not a zip", f);
	fclose(f);
	expect_refused(path, "not a readable .xlsx workbook");

	write_zip(path, "hello.txt", "hi");
	expect_refused(path, "not an Excel workbook (.xlsx): no xl/workbook.xml");

	write_zip(path, "xl/workbook.xml", "<workbook><sheets><sheet r:id=\"rId1\"/>");
	expect_refused(path, "xl/workbook.xml: bad XML at line 1");

	write_zip(path, "xl/workbook.xml", "<workbook/>");
	expect_refused(path, "no sheet xl/worksheets/sheet1.xml");

	/* a good workbook with its sheet's bytes damaged inside the zip */
	write_statement(path, 0);
	zip_t *z = zip_open(path, 0, NULL);
	zip_source_t *s = zip_source_buffer(z, "<worksheet><sheetData><row r=\"2\"/><row r=\"1\"/>"
					    "</sheetData></worksheet>", 71, 0);
	assert_true(zip_file_add(z, "xl/worksheets/sheet1.xml", s, ZIP_FL_OVERWRITE) >= 0);
	assert_int_equal(zip_close(z), 0);
	expect_refused(path, ":2: xl/worksheets/sheet1.xml: row number 1 out of order");

	f = fopen(path, "wb");
	fwrite("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 1, 8, f);
	fclose(f);
	expect_refused(path, "an old Excel .xls file");
	unlink(path);
	free(path);
}

static void test_corrupt_deflate_refused(void **state)
{
	(void)state;
	char *path = tmp_path(".xlsx");
	write_statement(path, 0);
	/* flip bytes in the middle of the file: inside some member's data */
	FILE *f = fopen(path, "r+b");
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	for (long at = 200; at < n - 400; at += 97) {
		fseek(f, at, SEEK_SET);
		fputc(0x55, f);
	}
	fclose(f);
	expect_refused(path, ": ");
	unlink(path);
	free(path);
}

static void test_serial_dates(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	xlsx_serial_date(&b, 1, 0, 0);
	buf_putc(&b, ' ');
	xlsx_serial_date(&b, 59, 0, 0);
	buf_putc(&b, ' ');
	xlsx_serial_date(&b, 61, 0, 0);
	buf_putc(&b, ' ');
	xlsx_serial_date(&b, 45000.75, 0, 1);
	buf_putc(&b, ' ');
	xlsx_serial_date(&b, 0, 1, 0);
	buf_putc(&b, ' ');
	xlsx_serial_date(&b, 0.999999, -1, 1);
	assert_string_equal(buf_cstr(&b),
			    "01/01/1900 28/02/1900 01/03/1900 15/03/2023 18:00:00 01/01/1904 "
			    "00:00:00");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared_strings_numbers_dates_gaps),
		cmocka_unit_test(test_inline_strings),
		cmocka_unit_test(test_rich_text_and_formula_strings),
		cmocka_unit_test(test_header_mapped_below_the_width),
		cmocka_unit_test(test_broken_files_refused),
		cmocka_unit_test(test_corrupt_deflate_refused),
		cmocka_unit_test(test_serial_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
