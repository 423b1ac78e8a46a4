/* core/fund: the guards of money out.  A handover never exceeds the money
 * received (standing cash, transfer and payroll; not goods) less what was
 * handed over; a disbursement never exceeds what was handed over and not
 * spent; a spent handover cannot be reversed; a form sent twice records
 * once; the portal never names a heart-surgery child, and names a household
 * only with its consent. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fund.h"
#include "store/store.h"

#define NOW "2024-11-01T03:00:00Z"

static const struct actor actor = {"test"};

struct fx {
	char dir[256], path[300];
	struct db *db;
};

/* Campaign C1, units TV > H1 (district) > X1 (commune); donor 1;
 * money 100 cash + 200 transfer (reversed) + 300 transfer, goods 50:
 * 400 đồng received that can be handed over. */
static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	const char *base = getenv("TMPDIR");
	struct buf receipt = BUF_INIT;
	struct err e = {0};
	int64_t campaign, unit, donor, id, rev;
	setenv("ANSINH_NOW", NOW, 1);
	snprintf(f->dir, sizeof f->dir, "%s/ansinh-fund-XXXXXX", base && *base ? base : "/tmp");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/f.db", f->dir);
	if (db_open(&f->db, f->path, DB_OPEN_CREATE, &e) < 0)
		return -1;
	struct campaign_input c = {.code = "C1", .name = "C", .start = "2024-10-01",
				   .end = "2024-12-31"};
	struct donor_input d = {.name = "Lê Văn Tám", .kind = "individual", .unit_code = "TV"};
	if (campaign_add(f->db, &actor, &c, &campaign, &e) < 0 ||
	    unit_add(f->db, &actor, "TV", "Tỉnh Trà Vinh", NULL, "province", &unit, &e) < 0 ||
	    unit_add(f->db, &actor, "H1", "Huyện Cầu Kè", "TV", "district", &unit, &e) < 0 ||
	    unit_add(f->db, &actor, "X1", "Xã Hòa Ân", "H1", "commune", &unit, &e) < 0 ||
	    donor_add(f->db, &actor, &d, &donor, &e) < 0)
		return -1;
	struct contribution_input in = {.campaign_id = campaign, .donor_id = donor, .channel = "cash",
					.amount = 100, .date = "2024-11-01"};
	if (contribution_add(f->db, &actor, &in, &id, &receipt, &e) < 0)
		return -1;
	in.channel = "transfer";
	in.amount = 200;
	if (contribution_add(f->db, &actor, &in, &id, &receipt, &e) < 0 ||
	    contribution_reverse(f->db, &actor, id, "sai", &rev, &e) < 0)
		return -1;
	in.amount = 300;
	if (contribution_add(f->db, &actor, &in, &id, &receipt, &e) < 0)
		return -1;
	in.channel = "goods";
	in.amount = 50;
	in.goods = "Gạo";
	if (contribution_add(f->db, &actor, &in, &id, &receipt, &e) < 0)
		return -1;
	buf_free(&receipt);
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
	rmdir(f->dir);
	free(f);
	return 0;
}

static int hand(struct db *db, const char *amount, const char *source, int64_t *id, struct err *e)
{
	struct fund_handover_input in = {.amount = amount, .source = source, .document = "QĐ 1",
					 .organisation = "Sở LĐTBXH", .campaign_code = "C1",
					 .date = "2024-11-05"};
	memset(e, 0, sizeof *e); /* a struct err keeps its first message */
	return fund_handover(db, &actor, &in, id, e);
}

static int spend(struct db *db, const char *amount, int64_t *id, struct err *e)
{
	struct fund_disburse_input in = {.amount = amount, .purpose = "house",
					 .beneficiary_kind = "household", .beneficiary = "Hộ A",
					 .unit_code = "X1", .document = "QĐ 2", .campaign_code = "C1",
					 .date = "2024-11-06"};
	memset(e, 0, sizeof *e);
	return fund_disburse(db, &actor, &in, id, e);
}

static struct fund_totals totals(struct db *db)
{
	struct fund_totals t;
	struct err e = {0};
	if (store_fund_totals(db, 1, &t, &e) < 0)
		fail_msg("totals: %s", e.msg);
	return t;
}

static void test_handover_limit(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t id;
	assert_int_equal(totals(f->db).received, 400); /* not the reversed 200, not the goods */
	assert_int_equal(hand(f->db, "401", NULL, &id, &e), -1);
	assert_non_null(strstr(e.msg, "amount: 401 đ asked"));
	assert_int_equal(hand(f->db, "300", NULL, &id, &e), 0);
	assert_int_equal(hand(f->db, "101", "cash", &id, &e), -1);
	assert_int_equal(hand(f->db, "100", "cash", &id, &e), 0);
	struct fund_totals t = totals(f->db);
	assert_int_equal(t.handed, 400);
	assert_int_equal(hand(f->db, "1", NULL, &id, &e), -1);
	assert_int_equal(hand(f->db, "0", NULL, &id, &e), -1);
	assert_non_null(strstr(e.msg, "amount:"));
	assert_int_equal(hand(f->db, "-5", NULL, &id, &e), -1);
	assert_int_equal(hand(f->db, "5", "safe", &id, &e), -1);
	assert_non_null(strstr(e.msg, "from:"));
}

static void test_disbursement_limit_and_reversal(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t h, d, rev;
	assert_int_equal(spend(f->db, "1", &d, &e), -1); /* nothing handed over yet */
	assert_int_equal(hand(f->db, "250", NULL, &h, &e), 0);
	assert_int_equal(spend(f->db, "251", &d, &e), -1);
	assert_non_null(strstr(e.msg, "250 đ handed over and not yet spent"));
	assert_int_equal(spend(f->db, "200", &d, &e), 0);
	/* 200 of the 250 handed over are spent: the handover cannot be undone */
	memset(&e, 0, sizeof e);
	assert_int_equal(fund_reverse(f->db, &actor, h, "nhầm", &rev, &e), -1);
	assert_non_null(strstr(e.msg, "cannot be reversed"));
	memset(&e, 0, sizeof e);
	assert_int_equal(fund_reverse(f->db, &actor, d, "", &rev, &e), -1);
	assert_int_equal(e.kind, ERR_USAGE);
	memset(&e, 0, sizeof e);
	assert_int_equal(fund_reverse(f->db, &actor, d, "trả lại", &rev, &e), 0);
	memset(&e, 0, sizeof e);
	assert_int_equal(fund_reverse(f->db, &actor, d, "trả lại", &rev, &e), -1);
	assert_int_equal(e.kind, ERR_CONFLICT);
	memset(&e, 0, sizeof e);
	assert_int_equal(fund_reverse(f->db, &actor, 999, "x", &rev, &e), -1);
	assert_int_equal(e.kind, ERR_NOTFOUND);
	memset(&e, 0, sizeof e);
	assert_int_equal(fund_reverse(f->db, &actor, h, "nhầm", &rev, &e), 0);
	struct fund_totals t = totals(f->db);
	assert_int_equal(t.handed, 0);
	assert_int_equal(t.spent, 0);
	struct verify_result res;
	if (books_verify(f->db, &res, &e) < 0)
		fail_msg("verify: %s", e.msg);
	assert_int_equal(res.balance[ACC_FUND_HANDED], 0);
	assert_int_equal(res.balance[ACC_FUND_SPENT], 0);
}

static void test_form_sent_twice_records_once(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t h, again, user;
	if (store_web_user_insert(f->db, "quan-ly-quy", "fund_manager", 0, "x", NOW, &user, &e) < 0)
		fail_msg("user: %s", e.msg);
	struct form_once once = {.nonce = "0123456789abcdef", .user_id = user};
	struct fund_handover_input in = {.amount = "100", .document = "QĐ 1", .organisation = "Sở",
					 .campaign_code = "C1", .once = &once};
	if (fund_handover(f->db, &actor, &in, &h, &e) < 0)
		fail_msg("handover: %s", e.msg);
	assert_int_equal(once.done, 0);
	assert_int_equal(fund_handover(f->db, &actor, &in, &again, &e), 0);
	assert_int_equal(once.done, 1);
	assert_int_equal(again, h);
	assert_int_equal(totals(f->db).handed, 100);
}

static void test_public_beneficiary(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	struct fund_row r = {.purpose = "heart_surgery", .beneficiary_kind = "person",
			     .beneficiary = "Cháu Kim Thị Lan", .unit_name = "Xã Hòa Ân",
			     .publish_name = 1};
	fund_public_beneficiary(&r, &b);
	assert_string_equal(buf_cstr(&b), "Một trẻ em ở Xã Hòa Ân"); /* even with consent */
	r.purpose = "house";
	r.beneficiary_kind = "household";
	r.beneficiary = "Hộ ông Thạch Sang";
	r.publish_name = 0;
	fund_public_beneficiary(&r, &b);
	assert_string_equal(buf_cstr(&b), "Một hộ gia đình ở Xã Hòa Ân");
	r.beneficiary_kind = "person";
	fund_public_beneficiary(&r, &b);
	assert_string_equal(buf_cstr(&b), "Một người ở Xã Hòa Ân");
	r.publish_name = 1;
	fund_public_beneficiary(&r, &b);
	assert_string_equal(buf_cstr(&b), "Hộ ông Thạch Sang");
	r.purpose = "bridge_road";
	r.beneficiary_kind = "project";
	r.beneficiary = "Cầu Ô Chát";
	r.publish_name = 0;
	fund_public_beneficiary(&r, &b);
	assert_string_equal(buf_cstr(&b), "Cầu Ô Chát");
	buf_free(&b);
}

static int spend_to(struct db *db, const char *purpose, const char *kind, const char *name,
		    int64_t *id, struct err *e)
{
	struct fund_disburse_input in = {.amount = "10", .purpose = purpose,
					 .beneficiary_kind = kind, .beneficiary = name,
					 .unit_code = "X1", .document = "QĐ 3", .campaign_code = "C1",
					 .date = "2024-11-06"};
	memset(e, 0, sizeof *e);
	return fund_disburse(db, &actor, &in, id, e);
}

static int review(struct db *db, int64_t did, const char *status, const char *date,
		  struct form_once *once, int64_t *id, struct err *e)
{
	struct fund_outcome_input in = {.disbursement_id = did, .status = status, .date = date,
					.once = once};
	memset(e, 0, sizeof *e);
	return fund_outcome(db, &actor, &in, id, e);
}

static int64_t outcomes(struct db *db)
{
	int64_t n;
	struct err e = {0};
	if (db_scalar_i64(db, "SELECT count(*) FROM fund_outcome", NULL, 0, &n, &e) < 0)
		fail_msg("count: %s", e.msg);
	return n;
}

/* Outcomes: for a standing disbursement to a household only; the latest
 * review counts, per household over all its disbursements; a form sent
 * twice records once. */
static void test_outcomes(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	struct fund_outcome_count all;
	int64_t hid, a1, a2, b, child, road, gone, rev, id, first;
	assert_int_equal(hand(f->db, "300", NULL, &hid, &e), 0);
	assert_int_equal(spend_to(f->db, "house", "household", "Hộ A", &a1, &e), 0);
	assert_int_equal(spend_to(f->db, "production_capital", "household", "Hộ A", &a2, &e), 0);
	assert_int_equal(spend_to(f->db, "production_capital", "household", "Hộ B", &b, &e), 0);
	assert_int_equal(spend_to(f->db, "heart_surgery", "household", "Hộ C", &child, &e), 0);
	assert_int_equal(spend_to(f->db, "bridge_road", "project", "Cầu", &road, &e), 0);
	assert_int_equal(spend_to(f->db, "house", "household", "Hộ D", &gone, &e), 0);
	assert_int_equal(fund_reverse(f->db, &actor, gone, "trùng", &rev, &e), 0);

	assert_int_equal(review(f->db, hid, "thoat-ngheo", "2025-12-01", NULL, &id, &e), -1);
	assert_non_null(strstr(e.msg, "is a handover"));
	assert_int_equal(review(f->db, child, "thoat-ngheo", "2025-12-01", NULL, &id, &e), -1);
	assert_non_null(strstr(e.msg, "households only"));
	assert_int_equal(review(f->db, road, "thoat-ngheo", "2025-12-01", NULL, &id, &e), -1);
	assert_int_equal(review(f->db, gone, "thoat-ngheo", "2025-12-01", NULL, &id, &e), -1);
	assert_int_equal(e.kind, ERR_CONFLICT);
	assert_int_equal(review(f->db, 99999, "thoat-ngheo", "2025-12-01", NULL, &id, &e), -1);
	assert_int_equal(e.kind, ERR_NOTFOUND);
	assert_int_equal(review(f->db, a1, "thoat", "2025-12-01", NULL, &id, &e), -1);
	assert_int_equal(review(f->db, a1, "thoat-ngheo", "2024-11-05", NULL, &id, &e), -1);
	assert_non_null(strstr(e.msg, "before the disbursement on 06/11/2024"));
	assert_int_equal(review(f->db, a1, "thoat-ngheo", NULL, NULL, &id, &e), -1);
	assert_int_equal(outcomes(f->db), 0);

	assert_int_equal(fund_outcome_counts(f->db, 1, &all, NULL, NULL, &e), 0);
	assert_int_equal(all.households, 2); /* A (twice), B; not C, the road, nor D */
	assert_int_equal(all.amount, 30);
	assert_int_equal(all.reviewed, 0);

	assert_int_equal(review(f->db, a1, "chua-thoat", "2024-12-15", NULL, &id, &e), 0);
	assert_int_equal(review(f->db, a2, "thoat-ngheo", "2025-12-10", NULL, &id, &e), 0);
	assert_int_equal(review(f->db, b, "thoat-ngheo", "2025-12-10", NULL, &id, &e), 0);
	assert_int_equal(review(f->db, b, "can-ngheo", "2025-12-10", NULL, &id, &e), 0);
	assert_int_equal(fund_outcome_counts(f->db, 1, &all, NULL, NULL, &e), 0);
	assert_int_equal(all.reviewed, 2);
	assert_int_equal(all.out, 2);       /* A: the 2025 review; B: the later record */
	assert_int_equal(all.near_poor, 1); /* B corrected to can-ngheo */
	assert_int_equal(all.still_poor, 0);

	/* a form sent twice records once */
	int64_t user;
	if (store_web_user_insert(f->db, "quan-ly-quy", "fund_manager", 0, "x", NOW, &user, &e) < 0)
		fail_msg("user: %s", e.msg);
	struct form_once once = {.nonce = "0123456789abcdef", .user_id = user};
	if (review(f->db, a1, "thoat-ngheo", "2025-12-11", &once, &first, &e) < 0)
		fail_msg("outcome: %s", e.msg);
	assert_false(once.done);
	int64_t n = outcomes(f->db);
	assert_int_equal(review(f->db, a1, "thoat-ngheo", "2025-12-11", &once, &id, &e), 0);
	assert_true(once.done);
	assert_int_equal(id, first);
	assert_int_equal(outcomes(f->db), n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_handover_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disbursement_limit_and_reversal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_sent_twice_records_once, setup, teardown),
		cmocka_unit_test(test_public_beneficiary),
		cmocka_unit_test_setup_teardown(test_outcomes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
