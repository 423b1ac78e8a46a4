/* doc/: templates, document values, date lines, forms of address, QR. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document.h"
#include "doc/qr.h"
#include "doc/render.h"
#include "doc/template.h"
#include "doc/vars.h"

static const char *const T =
	"# comment\n"
	"tieu_de: THƯ CẢM ƠN\n"
	"kinh_gui: {{ten_goi}}\n"
	"noi_nhan: Như trên;\n"
	"---\n"
	"Cảm ơn **{{ten}}** đã góp\n"
	"{{so_tien}} (*{{ so_tien_bang_chu }}*).\n"
	"\n"
	"\n"
	"Sao \\* thật.\n";

static void test_fill(void **state)
{
	(void)state;
	struct vars v = {0};
	struct tmpl_doc d;
	struct err e = {0};
	vars_set(&v, "ten", "A <b>&</b> \"B\"");
	vars_set(&v, "ten_goi", "Ông A");
	vars_set(&v, "so_tien", "5.000.000 đồng");
	vars_set(&v, "so_tien_bang_chu", "Năm triệu đồng");
	assert_int_equal(tmpl_fill("t", T, &v, &d, &e), 0);
	assert_string_equal(d.title, "THƯ CẢM ƠN");
	assert_string_equal(d.to, "Ông A");
	assert_int_equal(d.nrecipient, 1);
	assert_int_equal(d.npara, 2);
	/* values are text, never markup; lines of a paragraph are joined */
	assert_string_equal(d.para[0], "Cảm ơn <b>A &lt;b&gt;&amp;&lt;/b&gt; &quot;B&quot;</b> đã góp "
				       "5.000.000 đồng (<i>Năm triệu đồng</i>).");
	assert_string_equal(d.para[1], "Sao * thật.");
	struct buf txt = BUF_INIT;
	tmpl_doc_text(&d, &txt);
	assert_non_null(strstr(txt.p, "Cảm ơn A <b>&</b> \"B\" đã góp"));
	buf_free(&txt);
	tmpl_doc_free(&d);
	vars_free(&v);
}

static void test_errors_name_template_and_line(void **state)
{
	(void)state;
	static const struct {
		const char *body, *msg;
	} bad[] = {
		{"tieu_de: X\n---\nA\n\nB {{ho_ten}}\n", "t.txt:5: unknown placeholder {{ho_ten}}"},
		{"---\n**A\n", "t.txt:2: ** (bold) not closed"},
		{"---\nA {{ten\n", "t.txt:2: {{ without }}"},
		{"---\n**a *b** c*\n", "t.txt:2: ** and * overlap"},
		{"tieu de: X\n---\n", "t.txt:1: not a header line"},
		{"tieu_de: X\nA\n", "t.txt:2: not a header line"},
		{"tieu_de: X\n", "t.txt: no line ---"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct err e = {0};
		assert_int_equal(tmpl_check("t.txt", bad[i].body, &e), -1);
		if (strstr(e.msg, bad[i].msg) == NULL)
			fail_msg("%zu: '%s' does not contain '%s'", i, e.msg, bad[i].msg);
	}
	/* every default template passes its own check */
	for (const struct tmpl_default *d = tmpl_defaults; d->name; d++) {
		struct err e = {0};
		if (tmpl_check(d->name, d->body, &e) < 0)
			fail_msg("%s: %s", d->name, e.msg);
	}
}

static void test_vars_round_trip(void **state)
{
	(void)state;
	struct vars a = {0}, b = {0};
	struct buf dump = BUF_INIT;
	struct err e = {0};
	vars_add(&a, "dong", "1\tNguyễn Văn Đức\t5.000.000");
	vars_add(&a, "dong", "line\nbreak \\ back=slash");
	vars_set(&a, "ten", "");
	vars_dump(&a, &dump);
	assert_int_equal(vars_load(&b, dump.p, &e), 0);
	assert_int_equal(b.n, 3);
	for (int i = 0; i < 3; i++) {
		assert_string_equal(a.k[i], b.k[i]);
		assert_string_equal(a.v[i], b.v[i]);
	}
	vars_free(&b);
	assert_int_equal(vars_load(&b, "no equals sign\n", &e), -1);
	buf_free(&dump);
	vars_free(&a);
	vars_free(&b);
}

static void test_date_line(void **state)
{
	(void)state;
	/* Nghị định 30: a 0 before days 1-9 and months 1-2 only */
	static const char *const cases[][3] = {
		{"Trà Vinh", "2020-01-10", "Trà Vinh, ngày 10 tháng 01 năm 2020"},
		{"", "2019-09-05", "Ngày 05 tháng 9 năm 2019"},
		{"Trà Vinh", "2020-02-29", "Trà Vinh, ngày 29 tháng 02 năm 2020"},
		{"Trà Vinh", "2020-12-01", "Trà Vinh, ngày 01 tháng 12 năm 2020"},
		{"Trà Vinh", "2020-03-15", "Trà Vinh, ngày 15 tháng 3 năm 2020"},
	};
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf_reset(&b);
		doc_date_line(&b, cases[i][0], cases[i][1]);
		assert_string_equal(b.p, cases[i][2]);
	}
	buf_free(&b);
	assert_string_equal(doc_campaign_short("Cuộc vận động quỹ An sinh xã hội năm 2020"),
			    "quỹ An sinh xã hội năm 2020");
	assert_string_equal(doc_campaign_short("Quỹ An sinh xã hội năm 2020"),
			    "Quỹ An sinh xã hội năm 2020");
	assert_string_equal(doc_campaign_short("Cuộc vận động "), "Cuộc vận động ");
}

static void test_forms_of_address(void **state)
{
	(void)state;
	assert_string_equal(doc_address_form("individual", "M", "A"), "Ông");
	assert_string_equal(doc_address_form("individual", "F", "A"), "Bà");
	assert_string_equal(doc_address_form("individual", "", "A"), "Ông/Bà");
	assert_string_equal(doc_address_form("business", "", "CÔNG TY CP Ánh Dương"), "Quý Công ty");
	assert_string_equal(doc_address_form("business", "", "Doanh nghiệp tư nhân Hòa"),
			    "Quý doanh nghiệp");
	assert_string_equal(doc_address_form("cooperative", "", "X"), "Quý Hợp tác xã");
	assert_string_equal(doc_address_form("political_org", "", "X"), "Quý cơ quan");
	assert_string_equal(doc_address_form("professional_org", "", "X"), "Quý đơn vị");
	assert_string_equal(doc_address_form("collective", "", "X"), "Quý tập thể");
	assert_string_equal(doc_address_form("religious_org", "", "X"), "Quý cơ sở tôn giáo");
	struct buf b = BUF_INIT;
	doc_addressee(&b, "Quý Công ty", "Công ty TNHH An Phú");
	assert_string_equal(b.p, "Quý Công ty TNHH An Phú");
	buf_reset(&b);
	doc_addressee(&b, "Quý Hợp tác xã", "HỢP TÁC XÃ Mỹ Cẩm");
	assert_string_equal(b.p, "Quý HỢP TÁC XÃ Mỹ Cẩm");
	buf_reset(&b);
	doc_addressee(&b, "Quý cơ sở tôn giáo", "Chùa Âng");
	assert_string_equal(b.p, "Quý cơ sở tôn giáo Chùa Âng");
	buf_free(&b);
}

static void test_tiers(void **state)
{
	(void)state;
	int64_t t[DOC_TIERS_MAX];
	int n;
	struct err e = {0};
	assert_int_equal(doc_tiers_parse("1.000.000.000; 500.000.000;100000000", t, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_true(t[0] == INT64_C(1000000000) && t[2] == INT64_C(100000000));
	assert_int_equal(doc_tiers_parse("100; 500", t, &n, &e), -1);
	err_clear(&e);
	assert_int_equal(doc_tiers_parse("", t, &n, &e), -1);
	err_clear(&e);
	assert_int_equal(doc_tiers_parse("0", t, &n, &e), -1);
}

static void test_qr_svg(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	struct err e = {0};
	assert_int_equal(qr_svg(&b, "http://127.0.0.1:8080/verify?code=TV2019-000001.ABC", &e), 0);
	assert_true(strncmp(b.p, "<svg ", 5) == 0);
	assert_null(strstr(b.p, "<script"));
	assert_non_null(strstr(b.p, "<path "));
	buf_free(&b);
	assert_int_equal(qr_svg(&b, "", &e), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_errors_name_template_and_line),
		cmocka_unit_test(test_vars_round_trip),
		cmocka_unit_test(test_date_line),
		cmocka_unit_test(test_forms_of_address),
		cmocka_unit_test(test_tiers),
		cmocka_unit_test(test_qr_svg),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
