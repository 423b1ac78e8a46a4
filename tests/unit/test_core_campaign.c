/* core/campaign and core/unit: what a campaign and a unit must be, through
 * the core API on a fresh temporary database (ANSINH_NOW fixed). */
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

#define NOW "2024-06-01T03:00:00Z"

static const struct actor actor = {"test"};

struct fx {
	char dir[256];
	char path[300];
	struct db *db;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e = {0};
	const char *base = getenv("TMPDIR");
	setenv("ANSINH_NOW", NOW, 1);
	snprintf(f->dir, sizeof f->dir, "%s/ansinh-core-XXXXXX", base && *base ? base : "/tmp");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	if (db_open(&f->db, f->path, DB_OPEN_CREATE, &e) < 0) {
		fprintf(stderr, "db_open: %s\n", e.msg);
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

static int64_t scalar(struct db *db, const char *sql)
{
	struct err e = {0};
	int64_t v = -999;
	if (db_scalar_i64(db, sql, NULL, -1, &v, &e) < 0)
		fail_msg("%s: %s", sql, e.msg);
	return v;
}

static struct campaign_input campaign(const char *code)
{
	return (struct campaign_input){
		.code = code, .name = "Tháng cao điểm", .start = "2024-10-17", .end = "2024-12-31",
	};
}

static void test_campaign_add_and_read(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	struct campaign_input in = campaign("ASXH-2024");
	in.ceremony = "18/10/2024";
	in.report = "2025-01-15";
	in.goal = "232.000.000.000";
	int64_t id = 0;
	if (campaign_add(f->db, &actor, &in, &id, &e) < 0)
		fail_msg("campaign_add: %s", e.msg);
	assert_int_equal(id, 1);
	struct campaign_row c;
	assert_int_equal(campaign_resolve(f->db, "ASXH-2024", NULL, &c, &e), 0);
	assert_int_equal(c.id, 1);
	assert_string_equal(c.name, "Tháng cao điểm");
	assert_string_equal(c.start, "2024-10-17");
	assert_string_equal(c.end, "2024-12-31");
	assert_string_equal(c.ceremony, "2024-10-18");
	assert_string_equal(c.deadline, "2025-01-18"); /* ceremony + 3 months */
	assert_string_equal(c.report, "2025-01-15");
	assert_true(c.goal == INT64_C(232000000000));
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_event WHERE action ="
				" 'campaign.add' AND object = 'ASXH-2024' AND actor = 'test' AND at = '"
				NOW "'"), 1);
}

struct deadline_case {
	const char *ceremony, *deadline, *want;
};

static const struct deadline_case deadline_cases[] = {
	{"2024-10-18", NULL, "2025-01-18"},
	{"2024-11-30", NULL, "2025-02-28"}, /* clamped to the month */
	{"2023-11-30", NULL, "2024-02-29"}, /* leap year */
	{"2024-09-15", NULL, "2024-12-15"}, /* stays in the year */
	{"2024-10-31", NULL, "2025-01-31"},
	{"2024-10-18", "2024-11-01", "2024-11-01"}, /* given: kept */
	{NULL, NULL, ""},                          /* no ceremony: no deadline */
};

static void test_deadline_default(void **state)
{
	struct fx *f = *state;
	for (size_t i = 0; i < sizeof deadline_cases / sizeof *deadline_cases; i++) {
		const struct deadline_case *c = &deadline_cases[i];
		char code[16];
		snprintf(code, sizeof code, "D%zu", i);
		struct campaign_input in = campaign(code);
		in.start = "2023-01-01";
		in.end = "2025-12-31";
		in.ceremony = c->ceremony;
		in.deadline = c->deadline;
		struct err e = {0};
		int64_t id;
		if (campaign_add(f->db, &actor, &in, &id, &e) < 0)
			fail_msg("case %zu: %s", i, e.msg);
		struct campaign_row row;
		assert_int_equal(campaign_resolve(f->db, code, NULL, &row, &e), 0);
		if (strcmp(row.deadline, c->want) != 0)
			fail_msg("case %zu: deadline '%s', want '%s'", i, row.deadline, c->want);
	}
}

struct bad_campaign {
	const char *code, *name, *start, *end, *ceremony, *deadline, *report, *goal;
	enum err_kind kind;
	const char *want;
};

static const struct bad_campaign bad_campaigns[] = {
	{NULL, "N", "2024-01-01", "2024-12-31", NULL, NULL, NULL, NULL, ERR_USAGE,
	 "--code is required"},
	{"X", NULL, "2024-01-01", "2024-12-31", NULL, NULL, NULL, NULL, ERR_USAGE,
	 "--name is required"},
	{"X", "", "2024-01-01", "2024-12-31", NULL, NULL, NULL, NULL, ERR_USAGE,
	 "--name is required"},
	{"X", "N", NULL, "2024-12-31", NULL, NULL, NULL, NULL, ERR_USAGE,
	 "--start and --end are required"},
	{"bad code", "N", "2024-01-01", "2024-12-31", NULL, NULL, NULL, NULL, ERR_FAIL,
	 "--code: code 'bad code' may only contain letters A-Z, digits, '-', '_' and '.'"},
	{"X", "N", "2024-02-01", "2024-01-31", NULL, NULL, NULL, NULL, ERR_FAIL,
	 "--end: 2024-01-31 is before the start 2024-02-01"},
	{"X", "N", "2024-02-01", "2024-12-31", "2024-01-31", NULL, NULL, NULL, ERR_FAIL,
	 "--ceremony: 2024-01-31 is before the start 2024-02-01"},
	{"X", "N", "2024-02-01", "2024-12-31", NULL, "2024-01-01", NULL, NULL, ERR_FAIL,
	 "--deadline: 2024-01-01 is before the start 2024-02-01"},
	{"X", "N", "2024-02-01", "2024-12-31", NULL, NULL, "2023-12-31", NULL, ERR_FAIL,
	 "--report: 2023-12-31 is before the start 2024-02-01"},
	{"X", "N", "2024-02-30", "2024-12-31", NULL, NULL, NULL, NULL, ERR_FAIL, "--start: "},
	{"X", "N", "2024-01-01", "someday", NULL, NULL, NULL, NULL, ERR_FAIL, "--end: "},
	{"X", "N", "2024-01-01", "2024-12-31", NULL, NULL, NULL, "1.5", ERR_FAIL, "--goal: "},
	{"X", "N", "2024-01-01", "2024-12-31", NULL, NULL, NULL, "-5", ERR_FAIL, "--goal: "},
};

static void test_campaign_refusals(void **state)
{
	struct fx *f = *state;
	for (size_t i = 0; i < sizeof bad_campaigns / sizeof *bad_campaigns; i++) {
		const struct bad_campaign *c = &bad_campaigns[i];
		struct campaign_input in = {c->code, c->name, c->start, c->end, c->ceremony,
					    c->deadline, c->report, c->goal};
		struct err e = {0};
		int64_t id = -7;
		assert_int_equal(campaign_add(f->db, &actor, &in, &id, &e), -1);
		size_t n = strlen(c->want);
		int prefix_only = c->want[n - 1] == ' ';
		if ((prefix_only ? strncmp(e.msg, c->want, n) : strcmp(e.msg, c->want)) != 0 ||
		    e.kind != c->kind)
			fail_msg("case %zu: '%s' (kind %d), want '%s' (kind %d)", i, e.msg, e.kind,
				 c->want, c->kind);
		assert_int_equal(id, -7);
	}
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM campaign"), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_event"), 0);
	assert_false(db_in_tx(f->db));
}

static void test_campaign_duplicate(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t id;
	struct campaign_input in = campaign("C1");
	assert_int_equal(campaign_add(f->db, &actor, &in, &id, &e), 0);
	in.name = "Another";
	assert_int_equal(campaign_add(f->db, &actor, &in, &id, &e), -1);
	assert_string_equal(e.msg, "--code: a campaign with code 'C1' exists already");
	assert_false(db_in_tx(f->db));
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM campaign"), 1);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_event"), 1);
}

/* Resolution: by code; else the campaign containing the date; else the latest. */
static void test_campaign_resolve(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	struct campaign_row c;
	int64_t id;
	assert_int_equal(campaign_resolve(f->db, NULL, NULL, &c, &e), -1);
	assert_string_equal(e.msg, "no campaign yet (add one with `ansinh campaign add`)");
	struct campaign_input a = campaign("A2023"), b = campaign("B2024");
	a.start = "2023-10-01";
	a.end = "2023-12-31";
	b.start = "2024-10-01";
	b.end = "2024-12-31";
	err_clear(&e);
	assert_int_equal(campaign_add(f->db, &actor, &b, &id, &e), 0);
	assert_int_equal(campaign_add(f->db, &actor, &a, &id, &e), 0);
	assert_int_equal(campaign_resolve(f->db, NULL, "2023-11-05", &c, &e), 0);
	assert_string_equal(c.code, "A2023");
	assert_int_equal(campaign_resolve(f->db, NULL, NULL, &c, &e), 0);
	assert_string_equal(c.code, "B2024");
	assert_int_equal(campaign_resolve(f->db, NULL, "2022-01-01", &c, &e), 0);
	assert_string_equal(c.code, "B2024");
	assert_int_equal(campaign_resolve(f->db, "A2023", "2024-11-01", &c, &e), 0);
	assert_string_equal(c.code, "A2023");
	assert_int_equal(campaign_resolve(f->db, "NOPE", NULL, &c, &e), -1);
	assert_string_equal(e.msg, "no campaign with code 'NOPE'");
}

static void test_unit_add_tree(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t p, d, c;
	assert_int_equal(unit_add(f->db, &actor, "TV", "Trà Vinh", NULL, NULL, &p, &e), 0);
	assert_int_equal(unit_add(f->db, &actor, "CL", "Càng Long", "TV", "district", &d, &e), 0);
	assert_int_equal(unit_add(f->db, &actor, "CL.AT", "An Trường", "CL", "commune", &c, &e), 0);
	struct unit_row u;
	assert_int_equal(store_unit_by_code(f->db, "TV", &u, &e), 1);
	assert_string_equal(u.kind, "province"); /* a root defaults to province */
	assert_int_equal(u.parent_id, 0);
	assert_int_equal(store_unit_by_code(f->db, "CL.AT", &u, &e), 1);
	assert_int_equal(u.parent_id, d);
	assert_string_equal(u.name, "An Trường");
	int64_t o;
	assert_int_equal(unit_add(f->db, &actor, "X-1", "Khác", "TV", "", &o, &e), 0);
	assert_int_equal(store_unit_by_code(f->db, "X-1", &u, &e), 1);
	assert_string_equal(u.kind, "other"); /* a child defaults to other */
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_event WHERE action = 'unit.add'"),
			 4);
}

static void test_unit_kinds(void **state)
{
	struct fx *f = *state;
	static const char *const kinds[] = {"province", "district", "commune", "department",
		"organisation", "party", "armed_forces", "other"};
	struct err e = {0};
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		char code[16];
		int64_t id;
		snprintf(code, sizeof code, "K%zu", i);
		if (unit_add(f->db, &actor, code, kinds[i], NULL, kinds[i], &id, &e) < 0)
			fail_msg("kind %s: %s", kinds[i], e.msg);
		assert_true(kind_is_unit(kinds[i]));
	}
	assert_false(kind_is_unit("city"));
	assert_false(kind_is_unit("Province"));
	assert_false(kind_is_unit(""));
}

struct bad_unit {
	const char *code, *name, *parent, *kind;
	const char *want;
};

static const struct bad_unit bad_units[] = {
	{"", "N", NULL, NULL, "code: code must be 1 to 64 characters"},
	{"a b", "N", NULL, NULL,
	 "code: code 'a b' may only contain letters A-Z, digits, '-', '_' and '.'"},
	{"Đ1", "N", NULL, NULL,
	 "code: code 'Đ1' may only contain letters A-Z, digits, '-', '_' and '.'"},
	{"a/b", "N", NULL, NULL,
	 "code: code 'a/b' may only contain letters A-Z, digits, '-', '_' and '.'"},
	{"a'b", "N", NULL, NULL,
	 "code: code 'a'b' may only contain letters A-Z, digits, '-', '_' and '.'"},
	{"X", "", NULL, NULL, "name: must be 1 to 300 bytes"},
	{"X", NULL, NULL, NULL, "name: must be 1 to 300 bytes"},
	{"X", "N", "NOPE", NULL, "parent: no unit with code 'NOPE'"},
	{"X", "N", NULL, "city",
	 "kind: unknown unit kind 'city' (province, district, commune, department, "
	 "organisation, party, armed_forces, other)"},
	{"TV", "Again", NULL, NULL, "code: a unit with code 'TV' exists already"},
};

static void test_unit_refusals(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t id;
	assert_int_equal(unit_add(f->db, &actor, "TV", "Trà Vinh", NULL, NULL, &id, &e), 0);
	for (size_t i = 0; i < sizeof bad_units / sizeof *bad_units; i++) {
		const struct bad_unit *u = &bad_units[i];
		err_clear(&e);
		assert_int_equal(unit_add(f->db, &actor, u->code, u->name, u->parent, u->kind, &id, &e),
				 -1);
		if (strcmp(e.msg, u->want) != 0)
			fail_msg("case %zu: '%s', want '%s'", i, e.msg, u->want);
		assert_false(db_in_tx(f->db));
	}
	/* codes at the length limit */
	char code[80];
	memset(code, 'c', 64);
	code[64] = '\0';
	err_clear(&e);
	assert_int_equal(unit_add(f->db, &actor, code, "Long", NULL, NULL, &id, &e), 0);
	code[64] = 'c';
	code[65] = '\0';
	assert_int_equal(unit_add(f->db, &actor, code, "Longer", NULL, NULL, &id, &e), -1);
	assert_string_equal(e.msg, "code: code must be 1 to 64 characters");
	/* a name of 301 bytes */
	char name[302];
	memset(name, 'n', 301);
	name[301] = '\0';
	err_clear(&e);
	assert_int_equal(unit_add(f->db, &actor, "N301", name, NULL, NULL, &id, &e), -1);
	assert_string_equal(e.msg, "name: must be 1 to 300 bytes");
	name[300] = '\0';
	assert_int_equal(unit_add(f->db, &actor, "N300", name, NULL, NULL, &id, &e), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM unit"), 3);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_event"), 3);
}

static void test_code_check(void **state)
{
	(void)state;
	static const char *const ok[] = {"a", "Z", "0", "TV.CL-1_x", "ASXH-2024"};
	static const char *const bad[] = {"", " ", "a b", "a\tb", "é", "a,b", "a\"b", "<x>"};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		struct err e = {0};
		assert_int_equal(code_check(ok[i], &e), 0);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct err e = {0};
		assert_int_equal(code_check(bad[i], &e), -1);
	}
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_campaign_add_and_read),
		T(test_deadline_default),
		T(test_campaign_refusals),
		T(test_campaign_duplicate),
		T(test_campaign_resolve),
		T(test_unit_add_tree),
		T(test_unit_kinds),
		T(test_unit_refusals),
		T(test_code_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
