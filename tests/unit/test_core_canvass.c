/* core/canvass and core/committee, and base/csv's writer: the rules of the
 * committee register and of canvassing assignments on a fresh temporary
 * database (ANSINH_NOW fixed), and the CSV cell with its formula guard. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/csv.h"
#include "core/canvass.h"
#include "store/store.h"

#define NOW "2019-12-01T03:00:00Z"

static const struct actor actor = {"test"};

struct fx {
	char dir[256];
	char path[300];
	struct db *db;
	int64_t donor_cl, donor_ck, head, collab;
};

static int64_t scalar(struct db *db, const char *sql)
{
	struct err e = {0};
	int64_t v = -1;
	assert_int_equal(db_scalar_i64(db, sql, NULL, -1, &v, &e), 0);
	return v;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e = {0};
	const char *base = getenv("TMPDIR");
	int64_t id;
	setenv("ANSINH_NOW", NOW, 1);
	snprintf(f->dir, sizeof f->dir, "%s/ansinh-canvass-XXXXXX", base && *base ? base : "/tmp");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	if (db_open(&f->db, f->path, DB_OPEN_CREATE, &e) < 0)
		return -1;
	struct campaign_input c = {"C19", "Quỹ 2019", "2019-08-01", "2019-12-31", NULL, NULL, NULL,
				   "1000000"};
	struct donor_input d1 = {.name = "Công ty Cầu Kè", .kind = "business", .unit_code = "CK"};
	struct donor_input d2 = {.name = "Công ty Càng Long", .kind = "business", .unit_code = "CL"};
	struct committee_input head = {.name = "Lê Văn Hẳn", .role = "head"};
	struct committee_input collab = {.name = "Nguyễn Thị Ánh", .role = "collaborator",
					 .unit_code = "CL"};
	if (campaign_add(f->db, &actor, &c, &id, &e) < 0 ||
	    unit_add(f->db, &actor, "TV", "Tỉnh Trà Vinh", NULL, "province", &id, &e) < 0 ||
	    unit_add(f->db, &actor, "CL", "Huyện Càng Long", "TV", "district", &id, &e) < 0 ||
	    unit_add(f->db, &actor, "CK", "Huyện Cầu Kè", "TV", "district", &id, &e) < 0 ||
	    donor_add(f->db, &actor, &d1, &f->donor_ck, &e) < 0 ||
	    donor_add(f->db, &actor, &d2, &f->donor_cl, &e) < 0 ||
	    committee_add(f->db, &actor, &head, &f->head, &e) < 0 ||
	    committee_add(f->db, &actor, &collab, &f->collab, &e) < 0) {
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
	rmdir(f->dir);
	free(f);
	return 0;
}

static void test_committee_rules(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t id;
	struct committee_input bad_role = {.name = "A", .role = "boss"};
	struct committee_input no_name = {.role = "member"};
	struct committee_input bad_unit = {.name = "A", .role = "member", .unit_code = "XX"};
	struct committee_input bad_user = {.name = "A", .role = "member", .user = "nobody"};
	int64_t before = scalar(f->db, "SELECT count(*) FROM committee_member");
	e = (struct err){0};
	assert_int_equal(committee_add(f->db, &actor, &bad_role, &id, &e), -1);
	assert_non_null(strstr(e.msg, "role"));
	e = (struct err){0};
	assert_int_equal(committee_add(f->db, &actor, &no_name, &id, &e), -1);
	e = (struct err){0};
	assert_int_equal(committee_add(f->db, &actor, &bad_unit, &id, &e), -1);
	assert_non_null(strstr(e.msg, "XX"));
	e = (struct err){0};
	assert_int_equal(committee_add(f->db, &actor, &bad_user, &id, &e), -1);
	e = (struct err){0};
	assert_int_equal(committee_update(f->db, &actor, 999, &bad_unit, &e), -1);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM committee_member"), before);
	struct committee_input deputy = {.name = "Trần Văn Ba", .role = "deputy"};
	e = (struct err){0};
	assert_int_equal(committee_update(f->db, &actor, f->collab, &deputy, &e), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM committee_member WHERE role = 'deputy'"
				       " AND unit_id IS NULL AND name_fold = 'tran van ba'"), 1);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_event WHERE action LIKE 'committee.%'"),
			 3);
}

static int n_rows;
static int count_row(void *ctx, const struct canvass_view *c)
{
	(void)ctx;
	(void)c;
	n_rows++;
	return 0;
}

static void test_canvass_scope_and_history(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t a1, a2, cl_unit = scalar(f->db, "SELECT id FROM unit WHERE code = 'CL'"), total;
	struct canvass_input in = {.donor_id = f->donor_cl, .member_id = f->collab,
				   .next_step = "Gọi điện", .next_date = "15/11/2019"};
	e = (struct err){0};
	assert_int_equal(canvass_add(f->db, &actor, cl_unit, &in, &a1, &e), 0);
	/* the same pair again; a donor outside the scope; a bad date; bad status */
	e = (struct err){0};
	assert_int_equal(canvass_add(f->db, &actor, cl_unit, &in, &a2, &e), -1);
	assert_non_null(strstr(e.msg, "already"));
	struct canvass_input out = {.donor_id = f->donor_ck, .member_id = f->head};
	e = (struct err){0};
	assert_int_equal(canvass_add(f->db, &actor, cl_unit, &out, &a2, &e), -1);
	assert_non_null(strstr(e.msg, "scope"));
	struct canvass_input date = {.donor_id = f->donor_ck, .member_id = f->head,
				     .next_date = "31/02/2019"};
	e = (struct err){0};
	assert_int_equal(canvass_add(f->db, &actor, 0, &date, &a2, &e), -1);
	struct canvass_input status = {.donor_id = f->donor_ck, .member_id = f->head,
				       .status = "won"};
	e = (struct err){0};
	assert_int_equal(canvass_add(f->db, &actor, 0, &status, &a2, &e), -1);
	e = (struct err){0};
	assert_int_equal(canvass_add(f->db, &actor, 0, &out, &a2, &e), 0);
	/* an officer of CL cannot update CK's assignment */
	struct canvass_input up = {.status = "pledged"};
	e = (struct err){0};
	assert_int_equal(canvass_update(f->db, &actor, cl_unit, a2, &up, 1, &e), -1);
	/* update keeping the other fields, then clearing them */
	e = (struct err){0};
	assert_int_equal(canvass_update(f->db, &actor, cl_unit, a1, &up, 1, &e), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM canvass WHERE status = 'pledged'"
				       " AND next_step = 'Gọi điện' AND next_date = '2019-11-15'"), 1);
	e = (struct err){0};
	assert_int_equal(canvass_update(f->db, &actor, 0, a1, &up, 0, &e), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM canvass WHERE next_step IS NULL"), 2);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM canvass_event"), 4);
	/* the list: scope filters, overdue only while open */
	struct canvass_query q = {.today = "2019-12-01"};
	n_rows = 0;
	assert_int_equal(store_canvass_each(f->db, &q, count_row, NULL, &total, &e), 0);
	assert_int_equal(n_rows, 2);
	q.scope_unit = cl_unit;
	n_rows = 0;
	assert_int_equal(store_canvass_each(f->db, &q, count_row, NULL, &total, &e), 0);
	assert_int_equal(n_rows, 1);
	assert_int_equal(total, 1);
}

static void test_csv_cell_guard(void **state)
{
	(void)state;
	static const char *const cases[][3] = {
		/* input, plain, guarded */
		{"Đức", "Đức", "Đức"},
		{"a,b", "\"a,b\"", "\"a,b\""},
		{"say \"hi\"", "\"say \"\"hi\"\"\"", "\"say \"\"hi\"\"\""},
		{"=1+2", "=1+2", "\"'=1+2\""},
		{"+84", "+84", "\"'+84\""},
		{"-5", "-5", "\"'-5\""},
		{"@SUM(A1)", "@SUM(A1)", "\"'@SUM(A1)\""},
		{"\tx", "\tx", "\"'\tx\""},
		{"=A1,\"x\"", "\"=A1,\"\"x\"\"\"", "\"'=A1,\"\"x\"\"\""},
		{"", "", ""},
		{"a=b", "a=b", "a=b"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		for (int guard = 0; guard < 2; guard++) {
			struct buf b = BUF_INIT;
			csv_put_cell(&b, cases[i][0], guard);
			assert_string_equal(buf_cstr(&b), cases[i][1 + guard]);
			buf_free(&b);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_committee_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_canvass_scope_and_history, setup, teardown),
		cmocka_unit_test(test_csv_cell_guard),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
