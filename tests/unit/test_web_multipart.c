/* web/multipart: the statement upload's body.  Fields and the file come out
 * exactly, the file's name loses any directory, and every malformed body is
 * refused with a reason, never read past its end. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "web/web.h"

#define CT "multipart/form-data; boundary=XyZ"

static const char body[] =
	"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc123\r\n"
	"--XyZ\r\nContent-Disposition: form-data; name=\"mau\"\r\n\r\nvcb\r\n"
	"--XyZ\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"C:\\fakepath\\Sao kê 12.csv\"\r\n"
	"Content-Type: text/csv\r\n\r\nline 1\r\n--Xy not the end\r\nline 3\r\n"
	"--XyZ--\r\nepilogue";

struct parsed {
	struct web_params form;
	struct web_upload file;
	struct err e;
};

static int parse(struct parsed *p, const char *ct, const char *data, size_t n)
{
	memset(p, 0, sizeof *p);
	return multipart_parse(ct, data, n, &p->form, &p->file, &p->e);
}

static void fields_and_file(void **state)
{
	(void)state;
	struct parsed p;
	assert_int_equal(parse(&p, CT, body, sizeof body - 1), 0);
	assert_int_equal(p.form.n, 2);
	assert_string_equal(p.form.v[0].key, "csrf");
	assert_string_equal(p.form.v[0].val, "abc123");
	assert_string_equal(p.form.v[1].val, "vcb");
	assert_string_equal(p.file.field, "tep");
	assert_string_equal(p.file.filename, "Sao kê 12.csv");
	const char want[] = "line 1\r\n--Xy not the end\r\nline 3";
	assert_int_equal(p.file.len, sizeof want - 1);
	assert_memory_equal(p.file.data, want, sizeof want - 1);
	assert_true(p.file.data > body && p.file.data < body + sizeof body); /* not copied */
	params_free(&p.form);
}

static void quoted_boundary_and_no_file(void **state)
{
	(void)state;
	struct parsed p;
	const char b[] = "--a b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--a b--";
	assert_int_equal(parse(&p, "multipart/form-data; boundary=\"a b\"", b, sizeof b - 1), 0);
	assert_int_equal(p.form.n, 1);
	assert_null(p.file.data);
	params_free(&p.form);
}

static void refuses_what_is_malformed(void **state)
{
	(void)state;
	struct parsed p;
	size_t n = sizeof body - 1;
	/* cut anywhere before the closing delimiter's "--": refused, and never
	 * read past the end (each cut is a buffer of exactly that size, for ASan) */
	for (size_t cut = 0; cut < n - strlen("--XyZ--\r\nepilogue") + 5; cut++) {
		char *exact = malloc(cut ? cut : 1);
		memcpy(exact, body, cut);
		assert_int_equal(parse(&p, CT, exact, cut), -1);
		assert_true(p.e.msg[0] != '\0');
		params_free(&p.form);
		free(exact);
	}
	const char *bad_ct[] = {NULL, "multipart/form-data", "multipart/form-data; boundary=",
				"multipart/form-data; boundary=\"open",
				"multipart/form-data; boundary=01234567890123456789012345678901234567890123456789"
				"0123456789012345678901"};
	for (size_t i = 0; i < sizeof bad_ct / sizeof bad_ct[0]; i++) {
		assert_int_equal(parse(&p, bad_ct[i], body, sizeof body - 1), -1);
		params_free(&p.form);
	}
	const char two[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"; filename=\"1.csv\"\r\n\r\nx\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"b\"; filename=\"2.csv\"\r\n\r\ny\r\n--XyZ--";
	assert_int_equal(parse(&p, CT, two, sizeof two - 1), -1);
	assert_non_null(strstr(p.e.msg, "một tệp"));
	params_free(&p.form);
	const char noname[] = "--XyZ\r\nContent-Disposition: form-data; filename=\"1.csv\"\r\n\r\nx\r\n--XyZ--";
	assert_int_equal(parse(&p, CT, noname, sizeof noname - 1), -1);
	const char badutf8[] = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff\xfe\r\n--XyZ--";
	assert_int_equal(parse(&p, CT, badutf8, sizeof badutf8 - 1), -1);
	params_free(&p.form);
}

static void a_file_name_that_is_not_text_is_dropped(void **state)
{
	(void)state;
	struct parsed p;
	const char b[] = "--XyZ\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"a\xff.csv\"\r\n"
			 "\r\nx\r\n--XyZ--";
	assert_int_equal(parse(&p, CT, b, sizeof b - 1), 0);
	assert_string_equal(p.file.filename, ""); /* the handler then asks for a file */
	const char c[] = "--XyZ\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"../../etc/x.csv\"\r\n"
			 "\r\nx\r\n--XyZ--";
	assert_int_equal(parse(&p, CT, c, sizeof c - 1), 0);
	assert_string_equal(p.file.filename, "x.csv");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fields_and_file),
		cmocka_unit_test(quoted_boundary_and_no_file),
		cmocka_unit_test(refuses_what_is_malformed),
		cmocka_unit_test(a_file_name_that_is_not_text_is_dropped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
