/* core/import_contrib: the bulk-import contract — all or nothing, the same
 * file refused the second time unless forced, bank references already in
 * the ledger skipped, donors recognised across rows, errors as
 * FILE:LINE: column: what.  Each test writes its CSV files with mkstemp. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "store/store.h"

#define NOW "2024-11-01T03:00:00Z"

static const struct actor actor = {"test"};

struct fx {
	char dir[256];
	char path[300];
	struct db *db;
	char *files[16];
	int nfiles;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e = {0};
	const char *base = getenv("TMPDIR");
	int64_t id;
	setenv("ANSINH_NOW", NOW, 1);
	snprintf(f->dir, sizeof f->dir, "%s/ansinh-import-XXXXXX", base && *base ? base : "/tmp");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	struct campaign_input c23 = {.code = "C23", .name = "2023", .start = "2023-10-01",
				     .end = "2023-12-31"};
	struct campaign_input c24 = {.code = "C24", .name = "2024", .start = "2024-10-01",
				     .end = "2024-12-31"};
	if (db_open(&f->db, f->path, DB_OPEN_CREATE, &e) < 0 ||
	    campaign_add(f->db, &actor, &c24, &id, &e) < 0 ||
	    campaign_add(f->db, &actor, &c23, &id, &e) < 0 ||
	    unit_add(f->db, &actor, "TV", "Trà Vinh", NULL, NULL, &id, &e) < 0 ||
	    unit_add(f->db, &actor, "CL", "Càng Long", "TV", "district", &id, &e) < 0) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	static const char *const sfx[] = {"", "-wal", "-shm"};
	char p[400];
	db_close(f->db);
	for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++) {
		snprintf(p, sizeof p, "%s%s", f->path, sfx[i]);
		unlink(p);
	}
	for (int i = 0; i < f->nfiles; i++) {
		unlink(f->files[i]);
		free(f->files[i]);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Writes a CSV file in the test's directory; the fixture removes it. */
static const char *csv_file(struct fx *f, const char *content)
{
	assert_true(f->nfiles < 16);
	char *path = malloc(400);
	snprintf(path, 400, "%s/import-XXXXXX", f->dir);
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t n = strlen(content);
	assert_int_equal(write(fd, content, n), (ssize_t)n);
	close(fd);
	f->files[f->nfiles++] = path;
	return path;
}

static int64_t scalar(struct db *db, const char *sql)
{
	struct err e = {0};
	int64_t v = -999;
	if (db_scalar_i64(db, sql, NULL, -1, &v, &e) < 0)
		fail_msg("%s: %s", sql, e.msg);
	return v;
}

static void import_ok(struct fx *f, const char *path, const char *campaign, int force,
		      struct import_result *res)
{
	struct err e = {0};
	if (import_contributions(f->db, &actor, path, campaign, force, 0, res, &e) < 0)
		fail_msg("import %s: %s", path, e.msg);
	assert_false(db_in_tx(f->db));
}

/* Imports expecting failure with exactly "PATH<rest>" (rest starts with ':'). */
static void import_fails(struct fx *f, const char *path, const char *rest)
{
	struct err e = {0};
	struct import_result res;
	assert_int_equal(import_contributions(f->db, &actor, path, NULL, 0, 0, &res, &e), -1);
	char want[1024];
	snprintf(want, sizeof want, "%s%s", path, rest);
	if (strcmp(e.msg, want) != 0)
		fail_msg("got '%s', want '%s'", e.msg, want);
	assert_int_equal(res.stored, 0);
	assert_false(db_in_tx(f->db));
}

static void books_ok(struct fx *f)
{
	struct verify_result v;
	struct err e = {0};
	if (books_verify(f->db, &v, &e) < 0)
		fail_msg("books_verify: %s", e.msg);
}

#define HEADER "date,donor,kind,unit,amount,channel,bank_ref,tax_code,note\n"

static void test_import_basic(void **state)
{
	struct fx *f = *state;
	const char *path = csv_file(f, HEADER
		"15/11/2024,Nguyễn Văn An,individual,CL,\"1.000.000\",cash,,,\n"
		"2024-11-16,Công ty A,business,TV,500000,transfer,FT001,0301234567,\n"
		"16/11/2024,  nguyễn   văn an ,individual,CL,200 000 đ,cash,,,\"ghi chú\n2 dòng\"\n"
		"2024-11-17,Cty A,business,CL,1,transfer,FT002,0301234567,\n");
	struct import_result res;
	import_ok(f, path, NULL, 0, &res);
	assert_int_equal(res.rows, 4);
	assert_int_equal(res.stored, 4);
	assert_int_equal(res.skipped, 0);
	assert_int_equal(res.donors_created, 2); /* case and spacing; tax code */
	assert_string_equal(res.imported_before, "");
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM donor"), 2);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM contribution"), 4);
	assert_int_equal(scalar(f->db, "SELECT sum(amount) FROM contribution"), 1700001);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM contribution WHERE note = 'ghi chú 2 dòng'"),
			 1); /* cells are cleaned: inner white space collapsed */
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM contribution c JOIN campaign k ON"
				" k.id = c.campaign_id WHERE k.code = 'C24'"), 4);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM import_batch WHERE rows_read = 4 AND"
				" rows_stored = 4 AND rows_skipped = 0 AND actor = 'test' AND"
				" imported_at = '" NOW "'"), 1);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM contribution WHERE import_id IS NOT NULL"),
			 4);
	/* receipt numbers continue from the import */
	struct buf receipt = BUF_INIT;
	struct err e = {0};
	int64_t id;
	struct contribution_input in = {.campaign_id = 1, .donor_id = 1, .channel = "cash",
					.amount = 5, .date = "2024-11-20"};
	assert_int_equal(contribution_add(f->db, &actor, &in, &id, &receipt, &e), 0);
	assert_string_equal(receipt.p, "C24-000005");
	/* six digits at least, then as many as it takes */
	assert_int_equal(db_exec(f->db, "UPDATE receipt_series SET last = 999998", &e), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(contribution_add(f->db, &actor, &in, &id, &receipt, &e), 0);
	assert_string_equal(receipt.p, "C24-1000000");
	buf_free(&receipt);
	books_ok(f);
	/* the report sees the money */
	struct progress p;
	assert_int_equal(report_progress(f->db, "C24", &p, &e), 0);
	assert_int_equal(p.total_received, 1700016);
	progress_free(&p);
}

/* A bad last row: nothing at all is stored, and the error names its line. */
static void test_all_or_nothing(void **state)
{
	struct fx *f = *state;
	const char *path = csv_file(f, HEADER
		"2024-11-15,An,individual,CL,100,cash,,,\n"
		"2024-11-15,Bình,individual,TV,200,transfer,FT9,,\"a\nb\nc\"\n"
		"2024-11-15,Công ty C,business,TV,300,cash,,0301234567,\n"
		"2024-11-15,Dũng,individual,CL,abc,cash,,,\n");
	import_fails(f, path, ":7: amount: not an amount: 'abc'");
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM journal_entry"), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM contribution"), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM donor"), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM import_batch"), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM receipt_series WHERE last > 0"), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_event WHERE action LIKE 'import%'"),
			 0);
	/* not remembered as imported: the same file fails the same way */
	import_fails(f, path, ":7: amount: not an amount: 'abc'");
	/* foreign keys are back on after the failed bulk transaction */
	assert_int_equal(scalar(f->db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(scalar(f->db, "PRAGMA synchronous"), 2);
	books_ok(f);
}

struct bad_row {
	const char *row;
	const char *rest; /* after the path; line 2 */
};

static const struct bad_row bad_rows[] = {
	{"31/02/2024,An,individual,CL,100,cash,,,", ":2: date: not a date: '31/02/2024'"},
	{",An,individual,CL,100,cash,,,", ":2: date: "},
	{"2024-11-15,An,individual,XX,100,cash,,,", ":2: unit: no unit with code 'XX'"},
	{"2024-11-15,An,individual,,100,cash,,,", ":2: unit: empty"},
	{"2024-11-15,An,individual,CL,,cash,,,", ":2: amount: empty"},
	{"2024-11-15,An,individual,CL,0,cash,,,", ":2: amount: must be more than 0 đồng"},
	{"2024-11-15,An,individual,CL,100,cheque,,,",
	 ":2: channel: 'cheque' is not one of cash, transfer, payroll, goods"},
	{"2024-11-15,An,person,CL,100,cash,,,", ":2: kind: 'person' is not one of "},
	{"2024-11-15,,individual,CL,100,cash,,,", ":2: donor: missing name"},
	{"2024-11-15,An,business,CL,100,cash,,123,", ":2: tax_code: '123' is not a tax code"},
	{"2024-11-15,An,individual,CL,100,goods,,,", ":2: goods: a contribution in kind needs"},
	{"2024-11-15,An\x1b[31m,individual,CL,100,cash,,,", ":2: donor: control or invisible"},
	{"2024-11-15,An,individual,CL,100,cash,,,,extra", ":2: 10 columns, but the header has only 9"},
	{"2024-11-15,\"An,individual,CL,100,cash,,,", ":2: unterminated quoted field"},
	{"2024-11-15,An,individual,CL,1.000.000.000.000.001,cash,,,",
	 ":2: amount: 1.000.000.000.000.001 is more than one entry holds"},
};

static void test_row_errors(void **state)
{
	struct fx *f = *state;
	for (size_t i = 0; i < sizeof bad_rows / sizeof *bad_rows; i++) {
		char content[512];
		snprintf(content, sizeof content, HEADER "%s\n", bad_rows[i].row);
		const char *path = csv_file(f, content);
		struct err e = {0};
		struct import_result res;
		assert_int_equal(import_contributions(f->db, &actor, path, NULL, 0, 0, &res, &e), -1);
		char want[1024];
		snprintf(want, sizeof want, "%s%s", path, bad_rows[i].rest);
		if (strncmp(e.msg, want, strlen(want)) != 0)
			fail_msg("case %zu: '%s', want '%s...'", i, e.msg, want);
		assert_false(db_in_tx(f->db));
		unlink(path);
		free(f->files[--f->nfiles]);
	}
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM journal_entry"), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM donor"), 0);
}

static void test_header_errors(void **state)
{
	struct fx *f = *state;
	import_fails(f, csv_file(f, ""), ":1: empty file (expected a header row)");
	import_fails(f, csv_file(f, "date,donor,kind,unit,amount\n"),
		     ":1: missing required column 'channel'");
	import_fails(f, csv_file(f, "date,donor,kind,unit,amount,channel,colour\n"),
		     ":1: unknown column 'colour' (columns: date, donor, kind, unit, amount, channel, "
		     "anonymous, tax_code, pledge, bank_ref, goods, note)");
	struct err e = {0};
	struct import_result res;
	assert_int_equal(import_contributions(f->db, &actor, "/nonexistent/x.csv", NULL, 0, 0, &res,
					      &e), -1);
	assert_non_null(strstr(e.msg, "/nonexistent/x.csv"));
}

/* The same bytes are refused the second time, unless forced; forced, rows
 * whose bank_ref is in the ledger are skipped and counted. */
static void test_same_file_twice(void **state)
{
	struct fx *f = *state;
	const char *path = csv_file(f, HEADER
		"2024-11-15,An,individual,CL,100,transfer,FT1,,\n"
		"2024-11-15,Bình,individual,CL,200,cash,,,\n"
		"2024-11-15,Chi,individual,CL,300,transfer,FT2,,\n");
	struct import_result res;
	import_ok(f, path, NULL, 0, &res);
	assert_int_equal(res.stored, 3);
	struct err e = {0};
	assert_int_equal(import_contributions(f->db, &actor, path, NULL, 0, 0, &res, &e), -1);
	char want[1024];
	snprintf(want, sizeof want, "%s: this file was already imported on " NOW " (use --force to "
		 "import it again; rows whose bank_ref is in the ledger are skipped)", path);
	assert_string_equal(e.msg, want);
	assert_string_equal(res.imported_before, NOW);
	assert_false(db_in_tx(f->db));
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM contribution"), 3);

	/* a copy under another name is the same file */
	const char *copy = csv_file(f, HEADER
		"2024-11-15,An,individual,CL,100,transfer,FT1,,\n"
		"2024-11-15,Bình,individual,CL,200,cash,,,\n"
		"2024-11-15,Chi,individual,CL,300,transfer,FT2,,\n");
	err_clear(&e);
	assert_int_equal(import_contributions(f->db, &actor, copy, NULL, 0, 0, &res, &e), -1);
	assert_non_null(strstr(e.msg, "already imported"));

	import_ok(f, path, NULL, 1, &res);
	assert_int_equal(res.rows, 3);
	assert_int_equal(res.stored, 1); /* only the row without a bank_ref */
	assert_int_equal(res.skipped, 2);
	assert_int_equal(res.donors_created, 0);
	assert_string_equal(res.imported_before, NOW);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM contribution"), 4);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM import_batch"), 2);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM import_batch WHERE rows_read = 3 AND"
				" rows_stored = 1 AND rows_skipped = 2"), 1);
	books_ok(f);
}

/* A bank_ref repeated inside one file is stored once; one reversed since is
 * live again. */
static void test_bank_ref_skips(void **state)
{
	struct fx *f = *state;
	const char *path = csv_file(f, HEADER
		"2024-11-15,An,individual,CL,100,transfer,FT1,,\n"
		"2024-11-15,An,individual,CL,100,transfer,FT1,,\n"
		"2024-11-15,An,individual,CL,100,transfer,FT2,,\n"
		"2024-11-15,An,individual,CL,100,transfer,FT1,,\n");
	struct import_result res;
	import_ok(f, path, NULL, 0, &res);
	assert_int_equal(res.rows, 4);
	assert_int_equal(res.stored, 2);
	assert_int_equal(res.skipped, 2);
	assert_int_equal(res.donors_created, 1);
	/* reverse FT1's contribution: a new file with FT1 stores it again */
	int64_t ft1 = scalar(f->db, "SELECT id FROM contribution WHERE bank_ref = 'FT1'");
	int64_t rev;
	struct err e = {0};
	assert_int_equal(contribution_reverse(f->db, &actor, ft1, "hoàn tiền", &rev, &e), 0);
	const char *again = csv_file(f, HEADER
		"2024-11-18,An,individual,CL,100,transfer,FT1,,\n"
		"2024-11-18,An,individual,CL,100,transfer,FT2,,\n");
	import_ok(f, again, NULL, 0, &res);
	assert_int_equal(res.stored, 1);
	assert_int_equal(res.skipped, 1);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM contribution WHERE bank_ref = 'FT1'"), 2);
	books_ok(f);
}

/* Rows find their campaign by date (else the latest); --campaign fixes it. */
static void test_campaign_by_date(void **state)
{
	struct fx *f = *state;
	const char *path = csv_file(f, HEADER
		"2023-11-15,An,individual,CL,1,cash,,,\n"
		"2024-11-15,An,individual,CL,10,cash,,,\n"
		"2022-01-01,An,individual,CL,100,cash,,,\n");
	struct import_result res;
	import_ok(f, path, NULL, 0, &res);
	assert_int_equal(scalar(f->db, "SELECT sum(c.amount) FROM contribution c JOIN campaign k ON"
				" k.id = c.campaign_id WHERE k.code = 'C23'"), 1);
	assert_int_equal(scalar(f->db, "SELECT sum(c.amount) FROM contribution c JOIN campaign k ON"
				" k.id = c.campaign_id WHERE k.code = 'C24'"), 110);
	/* receipts per campaign */
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM contribution WHERE receipt_no IN"
				" ('C23-000001', 'C24-000001', 'C24-000002')"), 3);
	const char *fixed = csv_file(f, HEADER "2024-11-20,An,individual,CL,7,cash,,,\n");
	import_ok(f, fixed, "C23", 0, &res);
	assert_int_equal(scalar(f->db, "SELECT sum(c.amount) FROM contribution c JOIN campaign k ON"
				" k.id = c.campaign_id WHERE k.code = 'C23'"), 8);
	struct err e = {0};
	const char *unknown = csv_file(f, HEADER "2024-11-21,An,individual,CL,7,cash,,,\n");
	assert_int_equal(import_contributions(f->db, &actor, unknown, "NOPE", 0, 0, &res, &e), -1);
	assert_string_equal(e.msg, "no campaign with code 'NOPE'");
	books_ok(f);
}

/* Blank rows (",,,," and empty lines) are skipped and not counted; a BOM and
 * CRLF are fine; optional columns may be left out; line numbers count the
 * physical lines. */
static void test_blank_rows_bom_crlf(void **state)
{
	struct fx *f = *state;
	const char *path = csv_file(f, "\xEF\xBB\xBF" "Date,Donor,Kind,Unit,Amount,Channel,Anonymous\r\n"
		"2024-11-15,An,individual,CL,100,cash,1\r\n"
		",,,,,,\r\n"
		"\r\n"
		"2024-11-15,Bình,individual,CL,200,cash\r\n");
	struct import_result res;
	import_ok(f, path, NULL, 0, &res);
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.stored, 2);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM contribution WHERE anonymous = 1"), 1);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM donor WHERE publish_name = 0"), 1);

	const char *bad = csv_file(f, "date,donor,kind,unit,amount,channel,anonymous\n"
		",,,,,,\n"
		"\n"
		"2024-11-15,An,individual,CL,100,cash,yes\n");
	import_fails(f, bad, ":4: anonymous: 'yes' is not 0 or 1");
}

/* Writes rows of 10^15 đồng (MONEY_ENTRY_MAX) dated in year y, n of them. */
static void put_max_rows(struct buf *b, int y, int n)
{
	for (int i = 0; i < n; i++)
		buf_printf(b, "%d-06-01,An,individual,CL,1000000000000000,cash,,,\n", y);
}

/* The import holds the book to MONEY_BOOK_MAX (10^18): exactly the limit
 * is accepted, one entry more is refused. */
static void test_campaign_limit(void **state)
{
	struct fx *f = *state;
	struct buf b = BUF_INIT;
	buf_puts(&b, HEADER);
	put_max_rows(&b, 2024, 1000);
	struct import_result res;
	import_ok(f, csv_file(f, b.p), "C24", 0, &res);
	assert_int_equal(res.stored, 1000);
	buf_reset(&b);
	buf_puts(&b, HEADER "2024-11-01,An,individual,CL,1,cash,,,\n");
	import_fails(f, csv_file(f, b.p), ":2: amount: 1 would take the books past the largest "
		     "total they hold (10^18 đồng, all campaigns together)");
	buf_free(&b);
	books_ok(f);
}

/* contribution_add holds the book to MONEY_BOOK_MAX as the import
 * does, and refuses without storing anything. */
static void test_campaign_limit_contribution_add(void **state)
{
	struct fx *f = *state;
	struct buf b = BUF_INIT;
	buf_puts(&b, HEADER);
	put_max_rows(&b, 2024, 1000);
	struct import_result res;
	import_ok(f, csv_file(f, b.p), "C24", 0, &res);
	buf_free(&b);
	struct buf receipt = BUF_INIT;
	struct err e = {0};
	int64_t id;
	struct contribution_input in = {.campaign_id = 1, .donor_id = 1, .channel = "cash",
					.amount = MONEY_ENTRY_MAX, .date = "2024-11-20"};
	int64_t before = scalar(f->db, "SELECT count(*) FROM journal_entry");
	int rc = contribution_add(f->db, &actor, &in, &id, &receipt, &e);
	buf_free(&receipt);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(e.msg, "amount: would take the books past"));
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM journal_entry"), before);
}

static int ignore_donor(void *ctx, const struct donor_view *d)
{
	(void)ctx;
	(void)d;
	return 0;
}

/* The ceiling is the whole book's, not each campaign's: ten campaigns
 * holding 10^17 each fill it, verify accepts the books and a donor's total
 * across campaigns reads back; then one more đồng is refused in any
 * campaign, by the import and by a single add alike, storing nothing. */
static void test_ten_campaigns_share_the_ceiling(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	struct buf b = BUF_INIT;
	buf_puts(&b, HEADER);
	for (int y = 2010; y < 2020; y++) {
		char code[24], start[24], end[24];
		snprintf(code, sizeof code, "Y%d", y);
		snprintf(start, sizeof start, "%d-01-01", y);
		snprintf(end, sizeof end, "%d-12-31", y);
		struct campaign_input c = {.code = code, .name = code, .start = start, .end = end};
		int64_t id;
		if (campaign_add(f->db, &actor, &c, &id, &e) < 0)
			fail_msg("campaign_add: %s", e.msg);
		put_max_rows(&b, y, 100);
	}
	struct import_result res;
	import_ok(f, csv_file(f, b.p), NULL, 0, &res);
	assert_int_equal(res.stored, 1000);
	books_ok(f);
	assert_int_equal(store_donor_by_id(f->db, 1, ignore_donor, NULL, &e), 1);
	assert_int_equal(scalar(f->db, "SELECT sum(amount) FROM contribution"), MONEY_BOOK_MAX);

	int64_t before = scalar(f->db, "SELECT count(*) FROM journal_entry");
	buf_reset(&b);
	buf_puts(&b, HEADER "2024-11-01,An,individual,CL,1,cash,,,\n");
	import_fails(f, csv_file(f, b.p), ":2: amount: 1 would take the books past the largest "
		     "total they hold (10^18 đồng, all campaigns together)");
	buf_free(&b);
	struct buf receipt = BUF_INIT;
	int64_t id;
	struct contribution_input in = {.campaign_id = 3, .donor_id = 1, .channel = "cash",
					.amount = 1, .date = "2012-11-20"};
	assert_int_equal(contribution_add(f->db, &actor, &in, &id, &receipt, &e), -1);
	buf_free(&receipt);
	assert_non_null(strstr(e.msg, "amount: would take the books past"));
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM journal_entry"), before);
	books_ok(f);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_import_basic),
		T(test_all_or_nothing),
		T(test_row_errors),
		T(test_header_errors),
		T(test_same_file_twice),
		T(test_bank_ref_skips),
		T(test_campaign_by_date),
		T(test_blank_rows_bom_crlf),
		T(test_campaign_limit),
		T(test_campaign_limit_contribution_add),
		T(test_ten_campaigns_share_the_ceiling),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
