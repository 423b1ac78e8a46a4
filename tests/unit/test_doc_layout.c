/* Tests for the layout cache of doc/pdf.c: a layout is reused only for the
 * same markup, width and style, and a page drawn from cached layouts is
 * the page drawn from fresh ones. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <cairo-pdf.h>

#include "doc/pdf.h"

static const char *para = "Sự đóng góp của Ông là nghĩa cử cao đẹp, thể hiện truyền thống "
			  "“tương thân tương ái”, “lá lành đùm lá rách” của dân tộc.";

static double measure(double width, double size, enum pdf_align align, double indent)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(NULL, NULL, PDF_A4_W, PDF_A4_H);
	cairo_t *cr = cairo_create(s);
	struct lay L;
	struct pdf_style st = {.size = size, .align = align, .indent = indent};
	lay_begin(&L, cr, PDF_A4_W, PDF_A4_H);
	double h = lay_measure(&L, para, width, &st);
	lay_end(&L);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return h;
}

static void test_cache_key(void **state)
{
	(void)state;
	struct err e = {0};
	if (pdf_font_check(&e) < 0)
		skip();
	double narrow = measure(150, 14, PDF_LEFT, 0);
	double wide = measure(450, 14, PDF_LEFT, 0);
	double big = measure(150, 20, PDF_LEFT, 0);
	double indented = measure(150, 14, PDF_LEFT, 60);
	assert_true(narrow > wide);
	assert_true(big > narrow);
	assert_true(indented >= narrow);
	/* the same again, now from the cache */
	assert_true(measure(150, 14, PDF_LEFT, 0) == narrow);
	assert_true(measure(450, 14, PDF_LEFT, 0) == wide);
	assert_true(measure(150, 20, PDF_LEFT, 0) == big);
}

static void draw(struct buf *out, const char *text)
{
	struct pdf_file f;
	struct err e = {0};
	struct pdf_style st = {.size = 14, .align = PDF_JUSTIFY, .indent = 28};
	struct lay L;
	assert_int_equal(pdf_file_open_buf(&f, out, PDF_A4_W, PDF_A4_H, "2020-01-10", &e), 0);
	lay_begin(&L, f.cr, PDF_A4_W, PDF_A4_H);
	L.left = L.right = L.top = L.bottom = 60;
	L.y = L.top;
	lay_para(&L, "<b>THƯ CẢM ƠN</b>", &st);
	for (int i = 0; i < 40; i++) /* over two pages */
		lay_para(&L, text, &st);
	lay_end(&L);
	assert_int_equal(pdf_file_close(&f, &e), 0);
}

static void test_cached_page_is_the_same(void **state)
{
	(void)state;
	struct err e = {0};
	if (pdf_font_check(&e) < 0)
		skip();
	struct buf a = BUF_INIT, b = BUF_INIT, again = BUF_INIT;
	draw(&a, para);
	draw(&b, "Kính chúc Ông dồi dào sức khỏe, hạnh phúc và thành công.");
	draw(&again, para);
	assert_true(a.len > 1000);
	assert_true(a.len != b.len || memcmp(a.p, b.p, a.len) != 0);
	assert_int_equal(again.len, a.len);
	assert_memory_equal(again.p, a.p, a.len);
	buf_free(&a);
	buf_free(&b);
	buf_free(&again);
}

/* The same page three times with the memo of compressed streams on (kept
 * the second time, served the third), then off: the same bytes. */
static void test_deflate_memo_page_is_the_same(void **state)
{
	(void)state;
	struct err e = {0};
	if (pdf_font_check(&e) < 0)
		skip();
	struct buf on[3] = {BUF_INIT, BUF_INIT, BUF_INIT}, off = BUF_INIT;
	pdf_deflate_memo(1);
	for (int i = 0; i < 3; i++)
		draw(&on[i], para);
	assert_true(pdf_deflate_stats().hits >= 8); /* the font subsets and their maps */
	pdf_deflate_memo(0);
	draw(&off, para);
	pdf_deflate_memo(1);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(on[i].len, off.len);
		assert_memory_equal(on[i].p, off.p, off.len);
		buf_free(&on[i]);
	}
	buf_free(&off);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cache_key),
		cmocka_unit_test(test_cached_page_is_the_same),
		cmocka_unit_test(test_deflate_memo_page_is_the_same),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
