/* web/html, web/http, web/routes: the HTML writer escapes every argument,
 * request bodies parse strictly, and routes match exactly. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/web_support.h"
#include "web/html.h"
#include "web/web.h"

static char *render(void (*fn)(struct html *h, const char *s), const char *s)
{
	struct html h = {BUF_INIT};
	fn(&h, s);
	return buf_detach(&h.b);
}

static void td(struct html *h, const char *s)
{
	html_printf(h, "<td title=\"%s\">%s</td>", s, s);
}

static void escapes_text_and_attributes(void **state)
{
	(void)state;
	struct {
		const char *in, *want;
	} cases[] = {
		{"An", "<td title=\"An\">An</td>"},
		{"<script>", "<td title=\"&lt;script&gt;\">&lt;script&gt;</td>"},
		{"a&b", "<td title=\"a&amp;b\">a&amp;b</td>"},
		{"\"'", "<td title=\"&quot;&#39;\">&quot;&#39;</td>"},
		{"Nguyễn Đức", "<td title=\"Nguyễn Đức\">Nguyễn Đức</td>"},
		/* invalid UTF-8 and control characters become U+FFFD */
		{"a\xff" "b", "<td title=\"a\xEF\xBF\xBD" "b\">a\xEF\xBF\xBD" "b</td>"},
		{"\xc3", "<td title=\"\xEF\xBF\xBD\">\xEF\xBF\xBD</td>"},
		{"\xed\xa0\x80", "<td title=\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\">"
				 "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD</td>"},
		{"a\x1b[31m", "<td title=\"a\xEF\xBF\xBD[31m\">a\xEF\xBF\xBD[31m</td>"},
		{"", "<td title=\"\"></td>"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = render(td, cases[i].in);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
	struct buf b = BUF_INIT;
	html_escape(&b, NULL);
	assert_string_equal(buf_cstr(&b), "");
	buf_free(&b);
}

static void numbers_and_percent(void **state)
{
	(void)state;
	struct html h = {BUF_INIT};
	html_printf(&h, "%d|%u|%ld|%lld|%zu|%%|", -1, 2u, 3L, -4LL, (size_t)5);
	html_raw(&h, "<b>");
	html_money(&h, 1000000);
	html_raw(&h, "|");
	html_percent(&h, 9046);
	html_raw(&h, "|");
	html_percent(&h, -1);
	html_raw(&h, "|");
	html_date(&h, "2019-09-15");
	html_raw(&h, "|");
	html_number(&h, 20223);
	html_raw_if(&h, 0, "never");
	html_raw_if(&h, 1, "!");
	assert_string_equal(buf_cstr(&h.b),
			    "-1|2|3|-4|5|%|<b>1.000.000 đ|90,46&nbsp;%|—|15/09/2019|20.223!");
	buf_free(&h.b);
}

static void progress_has_no_inline_style(void **state)
{
	(void)state;
	struct html h = {BUF_INIT};
	html_progress(&h, 15, 10);
	assert_non_null(strstr(h.b.p, "value=\"10000\""));
	assert_non_null(strstr(h.b.p, "150,00 %"));
	assert_null(strstr(h.b.p, "style"));
	buf_free(&h.b);
}

static void form_parsing(void **state)
{
	(void)state;
	struct web_params p = {0};
	struct err e = {0};
	const char *body = "a=1&b=Nguy%E1%BB%85n+V%C4%83n&c=&d&&e=%3Cx%3E";
	assert_int_equal(params_parse_form(&p, body, strlen(body), &e), 0);
	assert_int_equal(p.n, 5);
	assert_string_equal(p.v[1].val, "Nguyễn Văn");
	assert_string_equal(p.v[2].val, "");
	assert_string_equal(p.v[3].key, "d");
	assert_string_equal(p.v[4].val, "<x>");
	params_free(&p);

	const char *bad[] = {"a=%FF", "a=%G0", "a=%4", "a=%", "a=%C3%28", "%ED%A0%80=1", "a=%00"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct err e2 = {0};
		assert_int_equal(params_parse_form(&p, bad[i], strlen(bad[i]), &e2), -1);
		params_free(&p);
	}
	struct buf many = BUF_INIT;
	for (int i = 0; i <= WEB_FIELDS_MAX; i++)
		buf_printf(&many, "f%d=1&", i);
	struct err e3 = {0};
	assert_int_equal(params_parse_form(&p, many.p, many.len, &e3), -1);
	params_free(&p);
	buf_free(&many);
}

static void json_parsing(void **state)
{
	(void)state;
	struct web_params p = {0};
	struct err e = {0};
	const char *ok = "{\"name\":\"Đức\",\"amount\":5000000,\"anonymous\":true,\"x\":null,\"f\":false}";
	assert_int_equal(params_parse_json(&p, ok, strlen(ok), &e), 0);
	assert_int_equal(p.n, 4);
	assert_string_equal(p.v[0].val, "Đức");
	assert_string_equal(p.v[1].val, "5000000");
	assert_string_equal(p.v[2].val, "1");
	assert_string_equal(p.v[3].val, "0");
	params_free(&p);
	const char *bad[] = {"", "[]", "1", "{", "{\"a\":{}}", "{\"a\":[1]}", "{\"a\":1.5}",
			     "{\"a\":1e300}", "{\"a\":\"\xff\"}"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct err e2 = {0};
		assert_int_equal(params_parse_json(&p, bad[i], strlen(bad[i]), &e2), -1);
		params_free(&p);
	}
}

static void url_arguments(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	url_arg(&b, "nguyễn văn&x=1/?");
	assert_string_equal(buf_cstr(&b), "nguy%E1%BB%85n%20v%C4%83n%26x%3D1%2F%3F");
	buf_free(&b);
}

static void route_matching(void **state)
{
	(void)state;
	char *args[4];
	int n, known;
	const struct route *r = route_find("GET", "/don-vi/TV-CL", args, &n, &known);
	assert_non_null(r);
	assert_int_equal(n, 1);
	assert_string_equal(args[0], "TV-CL");
	free(args[0]);
	r = route_find("HEAD", "/", args, &n, &known);
	assert_non_null(r);
	assert_null(route_find("GET", "/don-vi/", args, &n, &known));
	assert_null(route_find("GET", "/don-vi/a/b", args, &n, &known));
	assert_null(route_find("GET", "/dong-gop/", args, &n, &known));
	assert_null(route_find("DELETE", "/dong-gop", args, &n, &known));
	assert_int_equal(known, 1);
	assert_null(route_find("GET", "/khong-co", args, &n, &known));
	assert_int_equal(known, 0);
	r = route_find("POST", "/quan-ly/dong-gop/17/huy", args, &n, &known);
	assert_non_null(r);
	assert_int_equal(r->cap, CAP_CONTRIB_REVERSE);
	assert_string_equal(args[0], "17");
	free(args[0]);
	/* every route has a capability the roles table knows */
	for (const struct route *x = routes; x->method; x++)
		assert_string_not_equal(cap_name(x->cap), "?");
}

static void search_queries(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_int_equal(search_match(&b, "Nguyễn  ĐỨC"), 2);
	assert_string_equal(buf_cstr(&b), "\"nguyen\"* AND \"duc\"*");
	/* punctuation, quotes included, only separates words */
	assert_int_equal(search_match(&b, "\" OR 1=1 --"), 3);
	assert_string_equal(buf_cstr(&b), "\"or\"* AND \"1\"* AND \"1\"*");
	assert_int_equal(search_match(&b, "!!! ---"), 0);
	assert_int_equal(search_match(&b, "a b c d e f g h i j"), 8);
	buf_free(&b);
}

static void secrets(void **state)
{
	(void)state;
	struct buf a = BUF_INIT, b = BUF_INIT;
	secret_new(&a, "asx_");
	secret_new(&b, "asx_");
	assert_int_equal(strlen(a.p), 4 + 43);
	assert_string_not_equal(a.p, b.p);
	assert_true(secret_equal(a.p, a.p));
	assert_false(secret_equal(a.p, b.p));
	assert_false(secret_equal(a.p, ""));
	buf_free(&a);
	buf_free(&b);
}

static void passwords(void **state)
{
	(void)state;
	char hash[PASSWORD_HASH_MAX];
	struct err e = {0};
	/* "Mật khẩu" composed and decomposed is the same password */
	assert_int_equal(account_hash_password("M\xe1\xba\xadt kh\xe1\xba\xa9u 1", hash, &e), 0);
	assert_int_equal(strncmp(hash, "$argon2id$", 10), 0);
	assert_true(account_verify_password(hash, "M\xe1\xba\xadt kh\xe1\xba\xa9u 1"));
	assert_true(account_verify_password(hash, "Ma\xcc\xa3\xcc\x82t kha\xcc\x82\xcc\x89u 1"));
	assert_false(account_verify_password(hash, "Mat khau 1"));
	assert_false(account_verify_password(hash, ""));
	struct err e2 = {0};
	assert_int_equal(account_hash_password("short", hash, &e2), -1);
	assert_int_equal(account_name_check("can-bo.01", &e2), 0);
	assert_int_equal(account_name_check("Cán bộ", &e2), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_text_and_attributes),
		cmocka_unit_test(numbers_and_percent),
		cmocka_unit_test(progress_has_no_inline_style),
		cmocka_unit_test(form_parsing),
		cmocka_unit_test(json_parsing),
		cmocka_unit_test(url_arguments),
		cmocka_unit_test(route_matching),
		cmocka_unit_test(search_queries),
		cmocka_unit_test(secrets),
		cmocka_unit_test(passwords),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
