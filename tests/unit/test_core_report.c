/* core/report, core/target and core/contribution: the progress report over a
 * three-level tree with exact numbers, what contributions and their
 * reversals do to it, and progress_percent_x100's arithmetic. */
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
	int64_t campaign, other_campaign;
	int64_t donor[8]; /* one donor per unit, index by unit below */
};

enum { U_TV, U_CL, U_CL_AT, U_CL_BP, U_DH, U_DH_LH, U_BDV, U_N };
static const char *const unit_code[U_N] = {"TV", "CL", "CL.AT", "CL.BP", "DH", "DH.LH", "BDV"};

static void add_unit(struct fx *f, const char *code, const char *name, const char *parent,
		     const char *kind)
{
	struct err e = {0};
	int64_t id;
	if (unit_add(f->db, &actor, code, name, parent, kind, &id, &e) < 0)
		fail_msg("unit_add %s: %s", code, e.msg);
}

static void add_donor(struct fx *f, int u)
{
	struct err e = {0};
	char name[64];
	snprintf(name, sizeof name, "Nhà hảo tâm %s", unit_code[u]);
	struct donor_input in = {.name = name, .kind = "individual", .unit_code = unit_code[u]};
	if (donor_add(f->db, &actor, &in, &f->donor[u], &e) < 0)
		fail_msg("donor_add: %s", e.msg);
}

/* A fresh database: campaign C1 (and C0, another one), the tree
 *   TV Trà Vinh (province)
 *     CL Càng Long (district)      CL.AT An Trường, CL.BP Bình Phú (communes)
 *     DH Duyên Hải (district)      DH.LH Long Hữu (commune)
 *     BDV Ban Dân vận (department: after the districts, whatever its name)
 * and one donor per unit. */
static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e = {0};
	const char *base = getenv("TMPDIR");
	setenv("ANSINH_NOW", NOW, 1);
	snprintf(f->dir, sizeof f->dir, "%s/ansinh-report-XXXXXX", base && *base ? base : "/tmp");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	if (db_open(&f->db, f->path, DB_OPEN_CREATE, &e) < 0) {
		fprintf(stderr, "db_open: %s\n", e.msg);
		return -1;
	}
	struct campaign_input c0 = {.code = "C0", .name = "Năm trước", .start = "2023-10-01",
				    .end = "2023-12-31"};
	struct campaign_input c1 = {.code = "C1", .name = "Tháng cao điểm", .start = "2024-10-17",
				    .end = "2024-12-31", .ceremony = "2024-10-18"};
	if (campaign_add(f->db, &actor, &c0, &f->other_campaign, &e) < 0 ||
	    campaign_add(f->db, &actor, &c1, &f->campaign, &e) < 0) {
		fprintf(stderr, "campaign_add: %s\n", e.msg);
		return -1;
	}
	*state = f;
	add_unit(f, "TV", "Trà Vinh", NULL, NULL);
	add_unit(f, "BDV", "Ban Dân vận", "TV", "department");
	add_unit(f, "DH", "Duyên Hải", "TV", "district");
	add_unit(f, "CL", "Càng Long", "TV", "district");
	add_unit(f, "CL.BP", "Bình Phú", "CL", "commune");
	add_unit(f, "CL.AT", "An Trường", "CL", "commune");
	add_unit(f, "DH.LH", "Long Hữu", "DH", "commune");
	for (int u = 0; u < U_N; u++)
		add_donor(f, u);
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
	rmdir(f->dir);
	free(f);
	return 0;
}

static int64_t scalar(struct db *db, const char *sql)
{
	struct err e = {0};
	int64_t v = -999;
	if (db_scalar_i64(db, sql, NULL, -1, &v, &e) < 0)
		fail_msg("%s: %s", sql, e.msg);
	return v;
}

static void set_target(struct fx *f, const char *campaign, const char *unit, const char *amount)
{
	struct err e = {0};
	if (target_set(f->db, &actor, campaign, unit, amount, &e) < 0)
		fail_msg("target_set %s %s: %s", unit, amount, e.msg);
}

/* Records amount from unit u's donor, credited to unit u; returns the id. */
static int64_t give(struct fx *f, int64_t campaign, int u, int64_t amount, const char *channel)
{
	struct err e = {0};
	struct buf receipt = BUF_INIT;
	int64_t id = 0;
	struct contribution_input in = {
		.campaign_id = campaign,
		.donor_id = f->donor[u],
		.channel = channel,
		.amount = amount,
		.date = "2024-11-01",
		.goods = strcmp(channel, "goods") == 0 ? "Gạo 100 kg" : NULL,
	};
	if (contribution_add(f->db, &actor, &in, &id, &receipt, &e) < 0)
		fail_msg("contribution_add: %s", e.msg);
	buf_free(&receipt);
	return id;
}

static const struct progress_unit *find(const struct progress *p, const char *code)
{
	for (int i = 0; i < p->nunits; i++)
		if (strcmp(p->units[i].code, code) == 0)
			return &p->units[i];
	fail_msg("unit %s not in the report", code);
	return NULL;
}

struct want_unit {
	const char *code;
	int depth;
	int has_target;
	int64_t target, received, own, percent;
};

static void check_report(struct fx *f, const struct want_unit *want, int n, int64_t total_received,
			 int64_t total_target)
{
	struct progress p;
	struct err e = {0};
	if (report_progress(f->db, "C1", &p, &e) < 0)
		fail_msg("report_progress: %s", e.msg);
	assert_string_equal(p.campaign.code, "C1");
	assert_int_equal(p.nunits, n);
	for (int i = 0; i < n; i++) {
		const struct progress_unit *u = &p.units[i];
		const struct want_unit *w = &want[i];
		int64_t pct = u->has_target ? progress_percent_x100(u->received, u->target) : -2;
		if (strcmp(u->code, w->code) != 0 || u->depth != w->depth ||
		    u->has_target != w->has_target || u->target != w->target ||
		    u->received != w->received || u->own != w->own || pct != w->percent)
			fail_msg("row %d: %s depth %d has %d target %lld received %lld own %lld pct "
				 "%lld; want %s %d %d %lld %lld %lld %lld", i, u->code, u->depth,
				 u->has_target, (long long)u->target, (long long)u->received,
				 (long long)u->own, (long long)pct, w->code, w->depth, w->has_target,
				 (long long)w->target, (long long)w->received, (long long)w->own,
				 (long long)w->percent);
	}
	assert_int_equal(p.total_received, total_received);
	assert_int_equal(p.total_target, total_target);
	/* parent ids agree with the tree */
	assert_int_equal(find(&p, "CL.AT")->parent_id, find(&p, "CL")->id);
	assert_int_equal(find(&p, "TV")->parent_id, 0);
	progress_free(&p);
	assert_null(p.units);
}

/* The tree order (kind rank, then Vietnamese name order) with nothing yet. */
static void test_report_empty(void **state)
{
	struct fx *f = *state;
	static const struct want_unit want[] = {
		{"TV", 0, 0, 0, 0, 0, -2},
		{"CL", 1, 0, 0, 0, 0, -2},
		{"CL.AT", 2, 0, 0, 0, 0, -2},
		{"CL.BP", 2, 0, 0, 0, 0, -2},
		{"DH", 1, 0, 0, 0, 0, -2},
		{"DH.LH", 2, 0, 0, 0, 0, -2},
		{"BDV", 1, 0, 0, 0, 0, -2},
	};
	check_report(f, want, 7, 0, 0);
}

/* Received rolls up the subtree; percent truncates; has_target
 * distinguishes "no target" from a target of 0. */
static void test_report_rollup(void **state)
{
	struct fx *f = *state;
	set_target(f, "C1", "TV", "1.000.000");
	set_target(f, "C1", "CL", "600000");
	set_target(f, "C1", "CL.AT", "300 000");
	set_target(f, "C1", "CL.BP", "0");
	set_target(f, "C1", "DH.LH", "7");
	set_target(f, "C0", "DH", "999"); /* another campaign's target is not ours */
	give(f, f->campaign, U_TV, 100000, "cash");
	give(f, f->campaign, U_CL, 50000, "transfer");
	give(f, f->campaign, U_CL_AT, 150000, "payroll");
	give(f, f->campaign, U_CL_AT, 50000, "goods");
	give(f, f->campaign, U_CL_BP, 33333, "cash");
	give(f, f->campaign, U_DH_LH, 7, "cash");
	give(f, f->campaign, U_BDV, 1, "cash");
	give(f, f->other_campaign, U_CL, 5000000, "cash"); /* not in C1's report */
	static const struct want_unit want[] = {
		/* CL: 50000 + 200000 + 33333 = 283333; 283333/600000 = 47.2221% */
		{"TV", 0, 1, 1000000, 383341, 100000, 3833},
		{"CL", 1, 1, 600000, 283333, 50000, 4722},
		{"CL.AT", 2, 1, 300000, 200000, 200000, 6666},
		{"CL.BP", 2, 1, 0, 33333, 33333, -1},
		{"DH", 1, 0, 0, 7, 0, -2},
		{"DH.LH", 2, 1, 7, 7, 7, 10000},
		{"BDV", 1, 0, 0, 1, 1, -2},
	};
	check_report(f, want, 7, 383341, 1000000);

	/* changing a target replaces it, and the audit trail has old -> new */
	set_target(f, "C1", "CL", "283333");
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_event WHERE action = 'target.set'"
				" AND object = 'CL' AND detail = 'C1: 600000 -> 283333'"), 1);
	struct progress p;
	struct err e = {0};
	assert_int_equal(report_progress(f->db, "C1", &p, &e), 0);
	const struct progress_unit *cl = find(&p, "CL");
	assert_int_equal(progress_percent_x100(cl->received, cl->target), 10000);
	progress_free(&p);
}

/* A reversal takes the money back out of the unit and every ancestor. */
static void test_report_after_reversal(void **state)
{
	struct fx *f = *state;
	set_target(f, "C1", "TV", "1000");
	int64_t a = give(f, f->campaign, U_CL_AT, 400, "cash");
	give(f, f->campaign, U_CL_AT, 100, "transfer");
	give(f, f->campaign, U_DH, 250, "cash");
	struct err e = {0};
	int64_t rev = 0;
	if (contribution_reverse(f->db, &actor, a, "nhập sai số tiền", &rev, &e) < 0)
		fail_msg("reverse: %s", e.msg);
	assert_true(rev > a);
	static const struct want_unit want[] = {
		{"TV", 0, 1, 1000, 350, 0, 3500},
		{"CL", 1, 0, 0, 100, 0, -2},
		{"CL.AT", 2, 0, 0, 100, 100, -2},
		{"CL.BP", 2, 0, 0, 0, 0, -2},
		{"DH", 1, 0, 0, 250, 250, -2},
		{"DH.LH", 2, 0, 0, 0, 0, -2},
		{"BDV", 1, 0, 0, 0, 0, -2},
	};
	check_report(f, want, 7, 350, 1000);
	/* the reversing entry is dated today (Asia/Ho_Chi_Minh) and names the reason */
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM journal_entry WHERE id = %lld AND "
		 "reverses_id = %lld AND entry_date = '2024-11-01' AND memo = 'nhập sai số tiền'",
		 (long long)rev, (long long)a);
	assert_int_equal(scalar(f->db, sql), 1);

	/* reversing again, or something that is not a contribution */
	err_clear(&e);
	assert_int_equal(contribution_reverse(f->db, &actor, a, "again", &rev, &e), -1);
	char want_msg[128];
	snprintf(want_msg, sizeof want_msg, "contribution %lld: already reversed by entry", (long long)a);
	assert_memory_equal(e.msg, want_msg, strlen(want_msg));
	err_clear(&e);
	assert_int_equal(contribution_reverse(f->db, &actor, 9999, "x", &rev, &e), -1);
	assert_string_equal(e.msg, "no contribution 9999");
	err_clear(&e);
	assert_int_equal(contribution_reverse(f->db, &actor, a + 1, "", &rev, &e), -1);
	assert_int_equal(e.kind, ERR_USAGE);
	assert_false(db_in_tx(f->db));
	check_report(f, want, 7, 350, 1000);
}

static void test_report_unknown_campaign(void **state)
{
	struct fx *f = *state;
	struct progress p;
	struct err e = {0};
	assert_int_equal(report_progress(f->db, "NOPE", &p, &e), -1);
	assert_string_equal(e.msg, "no campaign with code 'NOPE'");
	assert_null(p.units);
	/* no code: the latest campaign */
	err_clear(&e);
	assert_int_equal(report_progress(f->db, NULL, &p, &e), 0);
	assert_string_equal(p.campaign.code, "C1");
	progress_free(&p);
}

static void test_target_refusals(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	assert_int_equal(target_set(f->db, &actor, "C1", "NOPE", "100", &e), -1);
	assert_string_equal(e.msg, "unit: no unit with code 'NOPE'");
	err_clear(&e);
	assert_int_equal(target_set(f->db, &actor, "C1", "TV", "1.5", &e), -1);
	assert_memory_equal(e.msg, "amount: ", 8);
	err_clear(&e);
	assert_int_equal(target_set(f->db, &actor, "C1", "TV", NULL, &e), -1);
	assert_string_equal(e.msg, "amount: missing amount");
	err_clear(&e);
	assert_int_equal(target_set(f->db, &actor, "C1", "", "1", &e), -1);
	assert_string_equal(e.msg, "unit: missing unit code");
	err_clear(&e);
	assert_int_equal(target_set(f->db, &actor, "NOPE", "TV", "1", &e), -1);
	assert_string_equal(e.msg, "no campaign with code 'NOPE'");
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM target"), 0);
	assert_false(db_in_tx(f->db));
}

struct pct_case {
	int64_t received, target, want;
};

static const struct pct_case pct_cases[] = {
	{0, 100, 0},
	{1, 3, 3333},
	{2, 3, 6666},
	{100, 100, 10000},
	{150, 100, 15000},
	{999999, 1000000, 9999},
	{1, 1000000, 0},
	{283333, 600000, 4722},
	{-50, 100, -5000},
	{-1, 3, -3333},        /* truncates toward zero */
	{5, 0, -1},            /* no target */
	{5, -10, -1},
	{INT64_MAX, 1, INT64_MAX}, /* clamped, no overflow */
	{INT64_MAX, INT64_MAX, 10000},
	{INT64_C(1000000000000000000), INT64_C(1000000000000000000), 10000},
	{INT64_C(1000000000000000000), 3, INT64_MAX},
};

static void test_percent(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof pct_cases / sizeof *pct_cases; i++) {
		const struct pct_case *c = &pct_cases[i];
		int64_t got = progress_percent_x100(c->received, c->target);
		if (got != c->want)
			fail_msg("case %zu: %lld / %lld -> %lld, want %lld", i, (long long)c->received,
				 (long long)c->target, (long long)got, (long long)c->want);
	}
}

static void test_contribution_refusals(void **state)
{
	struct fx *f = *state;
	struct buf receipt = BUF_INIT;
	struct {
		const char *channel;
		int64_t amount;
		const char *goods;
		int64_t donor, pledge;
		const char *want;
	} cases[] = {
		{"cheque", 1, NULL, 0, 0, "channel: 'cheque' is not one of cash, transfer, payroll, goods"},
		{NULL, 1, NULL, 0, 0, "channel: '' is not one of cash, transfer, payroll, goods"},
		{"cash", 0, NULL, 0, 0, "amount: must be more than 0 đồng"},
		{"cash", -5, NULL, 0, 0, "amount: must be more than 0 đồng"},
		{"cash", MONEY_ENTRY_MAX + 1, NULL, 0, 0,
		 "amount: more than 1.000.000 tỷ đồng in one contribution"},
		{"goods", 10, NULL, 0, 0, "goods: a contribution in kind needs a description of the goods"},
		{"goods", 10, "", 0, 0, "goods: a contribution in kind needs a description of the goods"},
		{"cash", 10, "Gạo", 0, 0, "goods: only contributions with channel 'goods' describe goods"},
		{"cash", 10, NULL, 4242, 0, "donor: no donor 4242"},
		{"cash", 10, NULL, 0, 77, "pledge: no pledge 77"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct err e = {0};
		int64_t id = -3;
		struct contribution_input in = {
			.campaign_id = f->campaign,
			.donor_id = cases[i].donor ? cases[i].donor : f->donor[U_TV],
			.pledge_id = cases[i].pledge,
			.channel = cases[i].channel,
			.amount = cases[i].amount,
			.date = "2024-11-01",
			.goods = cases[i].goods,
		};
		assert_int_equal(contribution_add(f->db, &actor, &in, &id, &receipt, &e), -1);
		if (strcmp(e.msg, cases[i].want) != 0)
			fail_msg("case %zu: '%s', want '%s'", i, e.msg, cases[i].want);
		assert_false(db_in_tx(f->db));
	}
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM journal_entry"), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM contribution"), 0);
	buf_free(&receipt);
}

/* Receipts run per campaign without gaps; a bank reference is accepted once
 * while its contribution stands. */
static void test_receipts_and_bank_ref(void **state)
{
	struct fx *f = *state;
	struct buf receipt = BUF_INIT;
	struct err e = {0};
	int64_t id;
	struct contribution_input in = {
		.campaign_id = f->campaign, .donor_id = f->donor[U_CL], .channel = "transfer",
		.amount = 1000, .date = "2024-11-02", .bank_ref = "FT24001",
	};
	assert_int_equal(contribution_add(f->db, &actor, &in, &id, &receipt, &e), 0);
	assert_string_equal(receipt.p, "C1-000001");
	assert_int_equal(contribution_add(f->db, &actor, &in, &id, &receipt, &e), -1);
	assert_string_equal(e.msg, "bank_ref: 'FT24001' is already in the ledger");
	in.bank_ref = NULL;
	err_clear(&e);
	assert_int_equal(contribution_add(f->db, &actor, &in, &id, &receipt, &e), 0);
	assert_string_equal(receipt.p, "C1-000002"); /* the refused one took no number */
	in.campaign_id = f->other_campaign;
	assert_int_equal(contribution_add(f->db, &actor, &in, &id, &receipt, &e), 0);
	assert_string_equal(receipt.p, "C0-000001");
	/* reversed: the bank reference may be recorded again */
	int64_t rev;
	assert_int_equal(contribution_reverse(f->db, &actor, 1, "trùng", &rev, &e), 0);
	in.campaign_id = f->campaign;
	in.bank_ref = "FT24001";
	assert_int_equal(contribution_add(f->db, &actor, &in, &id, &receipt, &e), 0);
	assert_string_equal(receipt.p, "C1-000003");
	/* the contribution's id is its journal entry's */
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM journal_entry j JOIN contribution c ON c.id"
		 " = j.id WHERE c.id = %lld AND j.debit_account = 2 AND j.amount = 1000", (long long)id);
	assert_int_equal(scalar(f->db, sql), 1);
	buf_free(&receipt);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_report_empty),
		T(test_report_rollup),
		T(test_report_after_reversal),
		T(test_report_unknown_campaign),
		T(test_target_refusals),
		cmocka_unit_test(test_percent),
		T(test_contribution_refusals),
		T(test_receipts_and_bank_ref),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
