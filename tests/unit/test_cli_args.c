/* cli/args: long options, and the one-letter form a spec with a one-letter
 * name gives (-o FILE beside --out FILE, as the listings' OUT_DEST_SPECS). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "cli/out.h"

static int parse(int argc, char **argv, struct out_dest *d, struct args *a, struct err *e)
{
	const struct arg_spec specs[] = {OUT_DEST_SPECS(*d), {NULL, 0, NULL}};
	memset(d, 0, sizeof *d);
	return args_parse(a, argc, argv, specs, 1, e);
}

static void test_short_and_long_out(void **state)
{
	(void)state;
	struct out_dest d;
	struct args a;
	struct err e = {0};
	char *v1[] = {"list", "-o", "ds.xlsx", "--format", "xlsx"};
	assert_int_equal(parse(5, v1, &d, &a, &e), 0);
	assert_string_equal(d.path, "ds.xlsx");
	assert_string_equal(a.pos[0], "list");
	assert_int_equal(out_dest_check(&d, &e), 0);
	assert_int_equal(d.fmt, OUT_XLSX);
	args_free(&a);
	char *v2[] = {"--out=ds.csv", "--format=csv"};
	assert_int_equal(parse(2, v2, &d, &a, &e), 0);
	assert_string_equal(d.path, "ds.csv");
	assert_int_equal(out_dest_check(&d, &e), 0);
	assert_int_equal(d.fmt, OUT_CSV);
	args_free(&a);
	/* after --, -o is a positional */
	char *v3[] = {"--", "-o"};
	assert_int_equal(parse(2, v3, &d, &a, &e), 0);
	assert_string_equal(a.pos[0], "-o");
	assert_null(d.path);
	args_free(&a);
}

static void test_errors(void **state)
{
	(void)state;
	struct out_dest d;
	struct args a;
	struct err e = {0};
	char *v1[] = {"-o"};
	assert_int_equal(parse(1, v1, &d, &a, &e), -1);
	assert_int_equal(e.kind, ERR_USAGE);
	assert_string_equal(e.msg, "option -o needs a value");
	args_free(&a);
	err_clear(&e);
	char *v2[] = {"-x", "1"};
	assert_int_equal(parse(2, v2, &d, &a, &e), -1);
	assert_string_equal(e.msg, "unknown option '-x'");
	args_free(&a);
	err_clear(&e);
	/* xlsx without a file, an unknown format */
	char *v3[] = {"--format", "xlsx"};
	assert_int_equal(parse(2, v3, &d, &a, &e), 0);
	assert_int_equal(out_dest_check(&d, &e), -1);
	assert_int_equal(e.kind, ERR_USAGE);
	assert_non_null(strstr(e.msg, "--out FILE.xlsx"));
	args_free(&a);
	err_clear(&e);
	char *v4[] = {"--format", "ods"};
	assert_int_equal(parse(2, v4, &d, &a, &e), 0);
	assert_int_equal(out_dest_check(&d, &e), -1);
	assert_string_equal(e.msg, "--format: 'ods' is not text, csv, json or xlsx");
	args_free(&a);
	/* negative numbers stay positionals */
	char *v5[] = {"-5"};
	assert_int_equal(parse(1, v5, &d, &a, &e), 0);
	assert_string_equal(a.pos[0], "-5");
	args_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_and_long_out),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
