/* core/bank_match and core/bank_import: what the matcher reads out of a
 * description, how it scores, and its precision and recall on 10,000
 * generated lines with known truth (core/bank_gen). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/bank.h"
#include "core/bank_gen.h"
#include "store/bank.h"
#include "text/fold.h"

static const struct actor actor = {"test"};

static void test_desc_names(void **state)
{
	static const struct {
		const char *desc, *names;
	} cases[] = {
		{"MBVCB.3612345678.NGUYEN VAN DUC chuyen tien.CT tu 0071000123456 NGUYEN VAN DUC toi "
		 "0071000999999 QUY AN SINH XA HOI", "nguyen van duc|nguyen van duc"},
		{"IBFT UH ASXH P001234 TRAN THI MAI", "tran thi mai"},
		{"CT nhanh 247 LE MINH TAM ung ho quy an sinh", "le minh tam"},
		{"UNG HO QUY ASXH", ""},
		{"NGUYEN VAN AN ung ho quy an sinh xa hoi", "nguyen van an"},
		/* place names stay: they are part of organisations' names */
		{"CONG DOAN BAO TRA VINH ung ho", "cong doan bao tra vinh"},
		/* names that are also words of the phrases stay names */
		{"HO VAN TIEN chuyen tien", "ho van tien"},
		{"FT19000123 TRAN QUY CK UNG HO ASXH TRA VINH", "tran quy|tra vinh"},
		{"Nguyễn Thị Ánh Tuyết gửi tiền", "nguyen thi anh tuyet"},
		/* a short number between name words belongs to the name */
		{"UNG HO CAN BO CONG CHUC PHUONG 2 THANH PHO TRA VINH",
		 "can bo cong chuc phuong 2 thanh pho tra vinh"},
		{"CT nhanh 247 LE MINH TAM 12", "le minh tam"},
	};
	struct buf b = BUF_INIT;
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bank_desc_names(cases[i].desc, &b);
		assert_string_equal(buf_cstr(&b), cases[i].names);
	}
	buf_free(&b);
}

static void add(struct matcher *m, int64_t id, const char *name)
{
	char *f = text_fold_dup(name);
	matcher_add_donor(m, id, name, f, NULL, 1);
	free(f);
}

static void test_match_scores(void **state)
{
	struct matcher m;
	struct match r = {0};
	(void)state;
	matcher_init(&m);
	add(&m, 1, "Nguyễn Văn Đức");
	add(&m, 2, "Trần Thị Mai");
	add(&m, 3, "Lê Minh Tâm");
	add(&m, 4, "Lê Văn Minh Tâm");
	add(&m, 5, "Trần Thị Mai");
	add(&m, 6, "Công ty TNHH Xây dựng Hưng Thịnh");
	matcher_add_pledge(&m, 1234, 2, 1, 5000000);
	matcher_add_unit(&m, 1, "Xã Long Đức");

	/* full name, unique, any order */
	matcher_match(&m, "MBVCB.1.NGUYEN VAN DUC chuyen tien", NULL, 100000, &r);
	assert_int_equal(r.donor_id, 1);
	assert_int_equal(r.score, MATCH_EXACT + MATCH_UNIQUE_BONUS);
	assert_false(r.ambiguous);
	matcher_match(&m, "DUC NGUYEN VAN ung ho", NULL, 100000, &r);
	assert_int_equal(r.donor_id, 1);
	assert_int_equal(r.score, MATCH_EXACT + MATCH_UNIQUE_BONUS);
	matcher_match(&m, "VAN DUC NGUYEN ung ho", NULL, 100000, &r);
	assert_int_equal(r.donor_id, 1);
	assert_int_equal(r.score, MATCH_REORDERED + MATCH_UNIQUE_BONUS);
	/* a trailing word that is not part of the name */
	matcher_match(&m, "NGUYEN VAN DUC GIA DINH", NULL, 100000, &r);
	assert_int_equal(r.donor_id, 1);
	/* the reference wins, whatever the name */
	matcher_match(&m, "IBFT UH ASXH P001234 AI DO", NULL, 5000000, &r);
	assert_int_equal(r.donor_id, 2);
	assert_int_equal(r.pledge_id, 1234);
	assert_int_equal(r.score, MATCH_REF);
	assert_string_equal(r.ref, "P001234");
	/* a reference to no pledge falls back to the name */
	matcher_match(&m, "UH ASXH P999999 NGUYEN VAN DUC", NULL, 1000, &r);
	assert_int_equal(r.donor_id, 1);
	/* two donors of the same name: ambiguous ... */
	matcher_match(&m, "TRAN THI MAI chuyen tien", NULL, 100000, &r);
	assert_true(r.ambiguous);
	assert_int_equal(r.candidates, 2);
	/* the reason shows the clerk both, their unit by name, and what each
	 * still owes */
	assert_non_null(strstr(r.reason.p, "2 nhà hảo tâm gần giống: Trần Thị Mai (#2, Xã Long Đức, "
				"cam kết còn 5.000.000 đ), Trần Thị Mai (#5, Xã Long Đức)"));
	/* a unit the matcher was not told of is named by its id */
	struct matcher m2;
	struct match r2 = {0};
	matcher_init(&m2);
	add(&m2, 7, "Trần Thị Mai");
	add(&m2, 8, "Trần Thị Mai");
	matcher_match(&m2, "TRAN THI MAI chuyen tien", NULL, 100000, &r2);
	assert_non_null(strstr(r2.reason.p, "Trần Thị Mai (#8, đơn vị 1)"));
	buf_free(&r2.reason);
	matcher_free(&m2);
	/* ... even when the amount is what one of them still owes, as long as
	 * that amount is as common as any ... */
	matcher_match(&m, "TRAN THI MAI chuyen tien", NULL, 5000000, &r);
	assert_true(r.ambiguous);
	/* ... but once many lines show 5,000,000 is rare, it settles it */
	for (int i = 0; i < 2000; i++)
		matcher_match(&m, "UNG HO QUY ASXH", NULL, 100000 + (i % 4) * 100000, &r);
	matcher_match(&m, "TRAN THI MAI chuyen tien", NULL, 200000, &r);
	assert_true(r.ambiguous); /* an amount nobody pledged */
	matcher_match(&m, "TRAN THI MAI chuyen tien", NULL, 5000000, &r);
	assert_false(r.ambiguous);
	assert_int_equal(r.donor_id, 2);
	assert_int_equal(r.pledge_id, 1234);
	/* middle name left out: both Lê Minh Tâm and Lê Văn Minh Tâm fit */
	matcher_match(&m, "CT nhanh 247 LE TAM", NULL, 100000, &r);
	assert_true(r.ambiguous);
	assert_int_equal(r.score, MATCH_PARTIAL);
	/* a known sender account settles it */
	matcher_add_sender(&m, "0123456789", 4);
	matcher_match(&m, "CT tu 0123456789 LE TAM", NULL, 100000, &r);
	assert_int_equal(r.donor_id, 4);
	assert_false(r.ambiguous);
	assert_string_equal(r.sender, "0123456789");
	/* businesses by their full name */
	matcher_match(&m, "CONG TY TNHH XAY DUNG HUNG THINH UNG HO QUY ASXH", NULL, 1, &r);
	assert_int_equal(r.donor_id, 6);
	/* nothing to go on */
	matcher_match(&m, "UNG HO QUY ASXH", NULL, 100000, &r);
	assert_int_equal(r.donor_id, 0);
	assert_int_equal(r.score, 0);
	/* the unidentified donor is never suggested */
	add(&m, 7, "Một nhà hảo tâm chưa xác định");
	m.unidentified = 7;
	matcher_match(&m, "MOT NHA HAO TAM CHUA XAC DINH", NULL, 1, &r);
	assert_int_equal(r.donor_id, 0);
	/* paying the pledge closes it */
	matcher_pay(&m, 1234, 5000000);
	matcher_match(&m, "TRAN THI MAI chuyen tien", NULL, 5000000, &r);
	assert_true(r.ambiguous);
	buf_free(&r.reason);
	matcher_free(&m);
}

/* The signals added for issue #6's recall: accounts learnt while matching,
 * the chance a namesake stranger sent it, names in another order, a place
 * after the fund's name, long organisation names. */
static void test_match_signals(void **state)
{
	struct matcher m;
	struct match r = {0};
	(void)state;
	matcher_init(&m);
	add(&m, 1, "Lê Minh Tâm");
	add(&m, 2, "Lê Văn Minh Tâm");
	add(&m, 3, "Trần Thị Bích Tuyết");
	add(&m, 4, "Trần Thị Tuyết Bích");
	add(&m, 5, "Trà Thanh Vinh");
	add(&m, 6, "Công nhân người lao động Công ty Cổ phần Chế biến Dừa Nam Việt");
	add(&m, 7, "Nguyễn Văn Đức");
	matcher_add_pledge(&m, 50, 5, 1, 100000);

	/* an account learnt from a sure line names the donor of a later one */
	matcher_match(&m, "CT tu 0123456789 LE TAM", NULL, 100000, &r);
	assert_true(r.ambiguous);
	matcher_learn(&m, "0123456789", 2);
	matcher_match(&m, "CT tu 0123456789 LE TAM", NULL, 100000, &r);
	assert_int_equal(r.donor_id, 2);
	assert_false(r.ambiguous);
	assert_true(r.score >= MATCH_THRESHOLD_DEFAULT);
	assert_non_null(strstr(r.reason.p, "tài khoản đã biết"));
	/* ... but not for a line that names somebody else */
	matcher_match(&m, "CT tu 0123456789 NGUYEN VAN DUC", NULL, 100000, &r);
	assert_int_equal(r.donor_id, 7);
	assert_true(r.score < MATCH_EXACT + MATCH_ACCOUNT_BONUS);
	assert_non_null(strstr(r.reason.p, "tài khoản đã gặp với người khác"));
	/* an account learnt for two donors is trusted for neither */
	matcher_learn(&m, "0123456789", 1);
	matcher_match(&m, "CT tu 0123456789 LE TAM", NULL, 100000, &r);
	assert_true(r.ambiguous);
	/* learning the same donor again changes nothing */
	matcher_learn(&m, "0999999999", 2);
	matcher_learn(&m, "0999999999", 2);
	matcher_match(&m, "CT tu 0999999999 LE TAM", NULL, 100000, &r);
	assert_int_equal(r.donor_id, 2);
	assert_false(r.ambiguous);

	/* a name typed in its order is no rival to one in another order */
	matcher_match(&m, "TRAN THI BICH TUYET chuyen tien", NULL, 100000, &r);
	assert_int_equal(r.donor_id, 3);
	assert_false(r.ambiguous);
	/* "TRA VINH" after the fund's name does not outweigh the full name,
	 * even when the amount is what Trà Thanh Vinh owes */
	matcher_match(&m, "FT19000123 NGUYEN VAN DUC CK UNG HO ASXH TRA VINH", NULL, 100000, &r);
	assert_int_equal(r.donor_id, 7);
	assert_false(r.ambiguous);
	/* organisations' names longer than a dozen words */
	matcher_match(&m, "IBFT CONG NHAN NGUOI LAO DONG CONG TY CO PHAN CHE BIEN DUA NAM VIET UNG HO",
		      NULL, 100000, &r);
	assert_int_equal(r.donor_id, 6);
	assert_false(r.ambiguous);
	buf_free(&r.reason);
	matcher_free(&m);
}

/* A full name borne by one donor but common among them is likely a
 * stranger's too: the bonus shrinks with that chance. */
static void test_match_stranger_chance(void **state)
{
	struct matcher m;
	struct match r = {0};
	char name[64];
	(void)state;
	matcher_init(&m);
	add(&m, 1, "Nguyễn Văn Đức");
	add(&m, 2, "Âu Dương Khang");
	add(&m, 3, "Nguyễn Văn Khải");
	/* Nguyễn first in half the names, Đức last in half */
	for (int i = 0; i < 48; i++) {
		snprintf(name, sizeof name, "Nguyễn Văn B%c%c", 'a' + i % 26, 'a' + i / 26);
		add(&m, 10 + i, name);
		snprintf(name, sizeof name, "B%c%c Văn Đức", 'a' + i % 26, 'a' + i / 26);
		add(&m, 100 + i, name);
	}
	matcher_match(&m, "NGUYEN VAN DUC chuyen tien", NULL, 100000, &r);
	assert_int_equal(r.donor_id, 1);
	assert_false(r.ambiguous);
	assert_true(r.score < MATCH_THRESHOLD_DEFAULT);
	assert_non_null(strstr(r.reason.p, "tên phổ biến"));
	/* a rare name among the same donors keeps its whole bonus */
	matcher_match(&m, "AU DUONG KHANG chuyen tien", NULL, 100000, &r);
	assert_int_equal(r.donor_id, 2);
	assert_int_equal(r.score, MATCH_EXACT + MATCH_UNIQUE_BONUS);
	/* the account vouching for the donor outweighs the doubt */
	matcher_add_sender(&m, "0123456789", 1);
	matcher_match(&m, "CT tu 0123456789 NGUYEN VAN DUC", NULL, 100000, &r);
	assert_int_equal(r.donor_id, 1);
	assert_int_equal(r.score, 100);
	/* another account than the donor's known one makes a stranger likelier:
	 * Nguyễn Văn Khải (half a bearer expected) loses part of its bonus */
	matcher_match(&m, "CT tu 0555555555 NGUYEN VAN KHAI", NULL, 100000, &r);
	assert_int_equal(r.donor_id, 3);
	assert_int_equal(r.score, MATCH_EXACT + MATCH_UNIQUE_BONUS);
	matcher_add_sender(&m, "0444444444", 3);
	matcher_match(&m, "CT tu 0555555555 NGUYEN VAN KHAI", NULL, 100000, &r);
	assert_int_equal(r.donor_id, 3);
	assert_true(r.score < MATCH_THRESHOLD_DEFAULT);
	buf_free(&r.reason);
	matcher_free(&m);
}

/* A scratch database with a campaign and the province unit, in a fresh
 * directory; scratch_close removes both. */
struct scratch {
	char dir[256];
	struct db *db;
};

static void scratch_path(const struct scratch *s, const char *name, char *out, size_t n)
{
	snprintf(out, n, "%s/%s", s->dir, name);
}

static void scratch_open(struct scratch *s)
{
	char path[300];
	const char *base = getenv("TMPDIR");
	struct err e = {0};
	int64_t id;
	setenv("ANSINH_NOW", "2019-12-20T03:00:00Z", 1);
	snprintf(s->dir, sizeof s->dir, "%s/ansinh-bank-XXXXXX", base && *base ? base : "/tmp");
	assert_non_null(mkdtemp(s->dir));
	scratch_path(s, "t.db", path, sizeof path);
	struct campaign_input c = {.code = "TV2019", .name = "2019", .start = "2019-08-01",
				   .end = "2019-12-31", .ceremony = "2020-01-10"};
	s->db = NULL;
	if (db_open(&s->db, path, DB_OPEN_CREATE, &e) < 0 ||
	    campaign_add(s->db, &actor, &c, &id, &e) < 0 ||
	    unit_add(s->db, &actor, "TV", "Trà Vinh", NULL, "province", &id, &e) < 0)
		fail_msg("setup: %s", e.msg);
}

static void scratch_close(struct scratch *s)
{
	static const char *const files[] = {"t.db", "t.db-wal", "t.db-shm", "st.csv", "truth.csv"};
	char path[300];
	db_close(s->db);
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		scratch_path(s, files[i], path, sizeof path);
		unlink(path);
	}
	rmdir(s->dir);
}

/* Imports a Vietcombank statement of the given lines (after its header). */
static void import_vcb(struct scratch *sc, const char *lines, struct bank_import_result *res)
{
	char csv[300];
	struct err e = {0};
	scratch_path(sc, "st.csv", csv, sizeof csv);
	FILE *f = fopen(csv, "w");
	assert_non_null(f);
	fputs("NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM\nSAO KÊ TÀI KHOẢN\nSố tài khoản: 0071000123456\n"
	      "Ngày GD,Số CT,Ghi nợ,Ghi có,Số dư,Nội dung\n", f);
	fputs(lines, f);
	fclose(f);
	struct bank_import_opts o = {.path = csv};
	if (bank_import(sc->db, &actor, &o, res, &e) < 0)
		fail_msg("import: %s", e.msg);
}

static int line_status(void *ctx, const struct bank_line_row *l)
{
	struct buf *b = ctx;
	buf_printf(b, "%s:%s:%lld;", l->txn_no, l->status, (long long)l->suggest_donor);
	return 0;
}

/* "txn:status:suggested donor;" for every line, in statement order. */
static void line_statuses(struct db *db, struct buf *out)
{
	struct err e = {0};
	struct bank_line_filter fl = {.status = "all"};
	buf_reset(out);
	assert_int_equal(store_bank_lines_each(db, &fl, line_status, out, NULL, &e), 0);
}

static int64_t donor(struct db *db, const char *name)
{
	struct err e = {0};
	struct donor_input in = {.name = name, .kind = "individual", .unit_code = "TV"};
	int64_t id;
	if (donor_add(db, &actor, &in, &id, &e) < 0)
		fail_msg("donor: %s", e.msg);
	return id;
}

/* During one import, an account seen on a line matched with certainty
 * names the sender of a later line that the name alone cannot; once the
 * account comes with another donor's name it is trusted for neither. */
static void test_import_learns_accounts(void **state)
{
	struct scratch sc;
	struct bank_import_result res;
	struct buf got = BUF_INIT, want = BUF_INIT;
	(void)state;
	scratch_open(&sc);
	int64_t tam = donor(sc.db, "Âu Minh Tâm"), van_tam = donor(sc.db, "Âu Văn Minh Tâm");
	import_vcb(&sc,
		   /* the full name, unique: sure; its account is learnt */
		   "01/09/2019,001,,100.000,100.000,MBVCB.1.AU VAN MINH TAM chuyen tien.CT tu "
		   "0123456789 AU VAN MINH TAM toi 0071000123456\n"
		   /* without the middle name both fit: the account settles it */
		   "02/09/2019,002,,200.000,300.000,MBVCB.2.AU TAM chuyen tien.CT tu 0123456789 AU TAM\n"
		   /* the same account with the other donor's full name: that donor,
		    * the account not trusted for him */
		   "03/09/2019,003,,300.000,600.000,MBVCB.3.AU MINH TAM chuyen tien.CT tu 0123456789 "
		   "AU MINH TAM\n"
		   /* seen with two names now: the account no longer decides */
		   "04/09/2019,004,,400.000,1.000.000,MBVCB.4.AU TAM chuyen tien.CT tu 0123456789 AU TAM\n",
		   &res);
	line_statuses(sc.db, &got);
	buf_printf(&want, "001:auto:%lld;002:auto:%lld;003:auto:%lld;004:pending:", (long long)van_tam,
		   (long long)van_tam, (long long)tam);
	assert_int_equal(strncmp(buf_cstr(&got), buf_cstr(&want), want.len), 0);
	assert_int_equal(res.auto_matched, 3);
	/* the statement's sha256 (made by the reader thread while the matcher
	 * loads) is the file's */
	char csv[300], sha[65];
	struct err e = {0};
	static const char q[] = "SELECT sha256 FROM bank_statement";
	scratch_path(&sc, "st.csv", csv, sizeof csv);
	assert_int_equal(file_sha256(csv, sha, &e), 0);
	struct stmt *s = db_prep(sc.db, q, &e);
	assert_non_null(s);
	assert_int_equal(db_step(s, &e), DB_ROW);
	assert_string_equal(db_col_text(s, 0), sha);
	db_reset(s);
	buf_free(&want);
	buf_free(&got);
	scratch_close(&sc);
}

/* Matching the waiting lines again learns the same way: a line moved to
 * its donor vouches for its account on the lines after it. */
static void test_reconcile_learns_accounts(void **state)
{
	struct scratch sc;
	struct bank_import_result res;
	struct buf got = BUF_INIT, want = BUF_INIT;
	struct err e = {0};
	int64_t moved, waiting;
	(void)state;
	scratch_open(&sc);
	donor(sc.db, "Âu Minh Tâm");
	import_vcb(&sc,
		   "01/09/2019,001,,100.000,100.000,MBVCB.1.AU VAN MINH TAM chuyen tien.CT tu "
		   "0123456789 AU VAN MINH TAM toi 0071000123456\n"
		   "02/09/2019,002,,200.000,300.000,MBVCB.2.AU TAM chuyen tien.CT tu 0123456789 AU TAM\n",
		   &res);
	assert_int_equal(res.auto_matched, 0);
	/* the donor registers; matching again settles both lines */
	int64_t van_tam = donor(sc.db, "Âu Văn Minh Tâm");
	assert_int_equal(reconcile_auto(sc.db, &actor, &moved, &waiting, &e), 0);
	assert_int_equal(moved, 2);
	assert_int_equal(waiting, 0);
	line_statuses(sc.db, &got);
	buf_printf(&want, "001:auto:%lld;002:auto:%lld;", (long long)van_tam, (long long)van_tam);
	assert_string_equal(buf_cstr(&got), buf_cstr(&want));
	buf_free(&want);
	buf_free(&got);
	scratch_close(&sc);
}

/* Precision and recall on 10,000 generated lines, with the figures shown. */
static void test_precision_recall(void **state)
{
	char csv[300], truth[300];
	struct scratch sc;
	struct err e = {0};
	struct bank_gen g;
	struct bank_gen_score s;
	struct bank_import_result res;
	(void)state;
	scratch_open(&sc);
	scratch_path(&sc, "st.csv", csv, sizeof csv);
	scratch_path(&sc, "truth.csv", truth, sizeof truth);
	if (bank_gen_setup(sc.db, &actor, 20000, 2000, 2019, &g, &e) < 0)
		fail_msg("setup: %s", e.msg);
	FILE *out = fopen(csv, "w"), *t = fopen(truth, "w");
	assert_non_null(out);
	assert_non_null(t);
	assert_int_equal(bank_gen_statement(&g, "vcb", "0071000123456", 10000, out, t, &e), 0);
	fclose(out);
	fclose(t);
	struct bank_import_opts o = {.path = csv};
	if (bank_import(sc.db, &actor, &o, &res, &e) < 0)
		fail_msg("import: %s", e.msg);
	assert_int_equal(bank_gen_score(sc.db, truth, &s, &e), 0);
	double precision = s.auto_n ? (double)s.auto_right / (double)s.auto_n : 0;
	double recall = s.with_donor ? (double)s.auto_right / (double)s.with_donor : 0;
	double ceiling = s.with_donor ? (double)s.decidable / (double)s.with_donor : 0;
	printf("matcher on 10,000 lines (%lld credits, %lld from known donors, %lld donors): "
	       "automatic %lld, precision %.2f %%, recall %.2f %% (ceiling %.2f %%); waiting %lld, "
	       "of which the suggestion is right %lld\n", (long long)s.credits,
	       (long long)s.with_donor, (long long)g.nd, (long long)s.auto_n, precision * 100,
	       recall * 100, ceiling * 100, (long long)s.waiting, (long long)s.suggested_right);
	assert_true(s.credits > 9500);
	/* figures on 2026-11-26: precision 99.55 %, recall 86.93 %, ceiling
	 * 89.9 % (docs/benchmarks.md); the goal's precision, and recall a little
	 * under what is reached */
	assert_true(precision >= 0.995);
	assert_true(recall >= 0.85);
	/* the ceiling: the lines whose donor the statement can tell at all
	 * (bank_gen.c, line_decidable) bound what the matcher reaches, and on
	 * these statements they are too few for a recall of 90 % */
	assert_true(recall <= ceiling);
	assert_true(ceiling > 0.85 && ceiling < 0.92);
	bank_gen_free(&g);
	scratch_close(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_desc_names),
		cmocka_unit_test(test_match_scores),
		cmocka_unit_test(test_match_signals),
		cmocka_unit_test(test_match_stranger_chance),
		cmocka_unit_test(test_import_learns_accounts),
		cmocka_unit_test(test_reconcile_learns_accounts),
		cmocka_unit_test(test_precision_recall),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
