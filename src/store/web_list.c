/* Listings of the web application: the public contributions list, the
 * staff lists of contributions and donors, the unit scope of a unit officer
 * and the media page's figures.
 *
 * Scope: a unit officer's rows are those of its unit's subtree.  Every query
 * here that a unit officer reaches takes the scope as a bound parameter and
 * filters with the recursive SCOPE_CTE of store/scope.h, so a row outside the subtree
 * is never read, not merely hidden afterwards.  ?S = 0 means the province. */
#include <stdio.h>
#include <string.h>

#include "store/contribution_view.h"
#include "store/scope.h"
#include "store/store.h"

#define STANDING(k) "NOT EXISTS (SELECT 1 FROM journal_entry r WHERE r.reverses_id = " k ".id)"

static const char SQL_IN_SCOPE[] =
	SCOPE_CTE("?1") "SELECT " IN_SCOPE("?1", "?2");

int store_web_unit_in_scope(struct db *db, int64_t scope_unit, int64_t unit_id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_IN_SCOPE, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, scope_unit);
	db_bind_i64(s, 2, unit_id);
	if ((rc = db_step(s, e)) != DB_ROW)
		return rc < 0 ? -1 : 0;
	rc = db_col_i64(s, 0) != 0;
	db_reset(s);
	return rc;
}

/* The tree order of store/unit.c (kind rank, then Vietnamese order of the
 * name), started at the scope's unit instead of the roots. */
#define UNIT_RANK(u) \
	"CAST(char(48 + CASE " u ".kind WHEN 'province' THEN 0 WHEN 'district' THEN 1" \
	" WHEN 'commune' THEN 2 WHEN 'department' THEN 3 WHEN 'organisation' THEN 4"    \
	" WHEN 'party' THEN 5 WHEN 'armed_forces' THEN 6 ELSE 7 END) AS BLOB)"
#define UNIT_STEP(u) \
	UNIT_RANK(u) " || coalesce(" u ".sort_key, CAST(" u ".name AS BLOB)) || x'00' ||" \
	" CAST(" u ".code AS BLOB)"
static const char SQL_UNITS_SCOPED[] =
	"WITH RECURSIVE t(id, path) AS ("
	"  SELECT unit.id, " UNIT_STEP("unit") " FROM unit"
	"  WHERE (?1 = 0 AND parent_id IS NULL) OR id = ?1"
	"  UNION ALL"
	"  SELECT u.id, t.path || x'01' || " UNIT_STEP("u")
	"  FROM unit u JOIN t ON u.parent_id = t.id)"
	" SELECT u.id, u.code, u.name, u.kind, coalesce(u.parent_id, 0)"
	" FROM t JOIN unit u ON u.id = t.id ORDER BY t.path";

int store_web_unit_each_scoped(struct db *db, int64_t scope_unit, unit_fn fn, void *ctx,
			       struct err *e)
{
	struct stmt *s = db_prep(db, SQL_UNITS_SCOPED, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, scope_unit);
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct unit_row u = {0};
		u.id = db_col_i64(s, 0);
		snprintf(u.code, sizeof u.code, "%s", db_col_text(s, 1));
		snprintf(u.name, sizeof u.name, "%s", db_col_text(s, 2));
		snprintf(u.kind, sizeof u.kind, "%s", db_col_text(s, 3));
		u.parent_id = db_col_i64(s, 4);
		if (fn(ctx, &u) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

/* ---- public contributions ----
 * The donor's name is selected only under the publication rule, so a name
 * that must stay hidden never leaves the database.  The search (?3, an FTS5
 * query) is restricted by the same rule: a hidden name cannot be found. */
#define PUB_FROM                                                                             \
	" FROM contribution k JOIN donor d ON d.id = k.donor_id JOIN unit u ON u.id = k.unit_id" \
	" WHERE k.campaign_id = ?1 AND " STANDING("k") " AND " IN_SCOPE("?2", "k.unit_id")
#define PUB_SEARCH                                                                           \
	" AND ((d.publish_name = 1 AND k.anonymous = 0 AND k.donor_id IN"                     \
	"   (SELECT rowid FROM donor_search WHERE donor_search MATCH ?3))"                      \
	"  OR k.receipt_no IN (?4, upper(?4)))"
#define PUB_COLS                                                                             \
	"SELECT k.contrib_date, CASE WHEN d.publish_name = 1 AND k.anonymous = 0 THEN d.name END," \
	" u.code, u.name, k.amount, k.receipt_no, k.id"
#define PUB_ORDER " ORDER BY k.contrib_date DESC, k.id DESC LIMIT ?5 OFFSET ?6"
/* keyset paging: the rows after (?7, ?8) in list order; the range on
 * contrib_date keeps the walk on the index */
#define PUB_AFTER " AND k.contrib_date <= ?7 AND (k.contrib_date < ?7 OR k.id < ?8)"
/* few matches: from the matching donors (and the receipt) to their rows,
 * then sorted */
#define PUB_BY_DONOR                                                                         \
	" AND k.id IN (SELECT k2.id FROM donor_search m CROSS JOIN contribution k2"           \
	"   ON k2.donor_id = m.rowid WHERE donor_search MATCH ?3"                              \
	"  UNION ALL SELECT id FROM contribution WHERE receipt_no IN (?4, upper(?4)))"

static const char SQL_PUB_ALL[] = SCOPE_CTE("?2") PUB_COLS PUB_FROM PUB_ORDER;
static const char SQL_PUB_ALL_COUNT[] = SCOPE_CTE("?2") "SELECT count(*)" PUB_FROM;
static const char SQL_PUB_FIND[] = SCOPE_CTE("?2") PUB_COLS PUB_FROM PUB_SEARCH PUB_ORDER;
static const char SQL_PUB_FIND_COUNT[] = SCOPE_CTE("?2") "SELECT count(*)" PUB_FROM PUB_SEARCH;
static const char SQL_PUB_ALL_AFTER[] = SCOPE_CTE("?2") PUB_COLS PUB_FROM PUB_AFTER PUB_ORDER;
static const char SQL_PUB_FIND_AFTER[] =
	SCOPE_CTE("?2") PUB_COLS PUB_FROM PUB_SEARCH PUB_AFTER PUB_ORDER;
/* "+k.campaign_id" keeps the planner off the campaign/date index, so the
 * rows come from the id list rather than a walk of every row */
#define PUB_FROM_IDS                                                                         \
	" FROM contribution k JOIN donor d ON d.id = k.donor_id JOIN unit u ON u.id = k.unit_id" \
	" WHERE +k.campaign_id = ?1 AND " STANDING("k") " AND " IN_SCOPE("?2", "k.unit_id")
static const char SQL_PUB_FIND_DONOR[] =
	SCOPE_CTE("?2") PUB_COLS PUB_FROM_IDS PUB_SEARCH PUB_BY_DONOR PUB_ORDER;
static const char SQL_PUB_FIND_DONOR_AFTER[] =
	SCOPE_CTE("?2") PUB_COLS PUB_FROM_IDS PUB_SEARCH PUB_BY_DONOR PUB_AFTER PUB_ORDER;

static void bind_query(struct stmt *s, const struct web_list_query *q, int with_page)
{
	db_bind_i64(s, 1, q->campaign_id);
	db_bind_i64(s, 2, q->scope_unit);
	if (q->match || q->receipt) {
		/* an FTS5 query that matches nothing when only a receipt is sought */
		db_bind_text(s, 3, q->match ? q->match : "\"\"");
		db_bind_text(s, 4, q->receipt ? q->receipt : "");
	}
	if (with_page) {
		db_bind_i64(s, 5, q->limit > 0 ? q->limit : -1);
		db_bind_i64(s, 6, q->offset);
	}
	if (with_page && q->before_date) {
		db_bind_text(s, 7, q->before_date);
		db_bind_i64(s, 8, q->before_id);
	}
}

int store_web_public_count(struct db *db, const struct web_list_query *q, int64_t *total,
			   struct err *e)
{
	int find = q->match || q->receipt;
	struct stmt *s = db_prep(db, find ? SQL_PUB_FIND_COUNT : SQL_PUB_ALL_COUNT, e);
	if (s == NULL)
		return -1;
	bind_query(s, q, 0);
	return store_count(s, total, e);
}

int store_web_public_rows(struct db *db, const struct web_list_query *q, int donor_plan,
			  web_public_fn fn, void *ctx, struct err *e)
{
	int find = q->match || q->receipt, after = q->before_date != NULL;
	const char *sql = !find ? (after ? SQL_PUB_ALL_AFTER : SQL_PUB_ALL)
		: donor_plan ? (after ? SQL_PUB_FIND_DONOR_AFTER : SQL_PUB_FIND_DONOR)
		: (after ? SQL_PUB_FIND_AFTER : SQL_PUB_FIND);
	struct stmt *s = db_prep(db, sql, e);
	int rc;
	if (s == NULL)
		return -1;
	bind_query(s, q, 1);
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct web_public_contribution c = {
			.id = db_col_i64(s, 6),
			.date = db_col_text(s, 0),
			.donor = db_col_null(s, 1) ? NULL : db_col_text(s, 1),
			.unit_code = db_col_text(s, 2),
			.unit_name = db_col_text(s, 3),
			.amount = db_col_i64(s, 4),
			.receipt = db_col_text(s, 5),
		};
		if (fn(ctx, &c) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

int store_web_public_contributions(struct db *db, const struct web_list_query *q,
				   web_public_fn fn, void *ctx, int64_t *total, struct err *e)
{
	if (store_web_public_count(db, q, total, e) < 0)
		return -1;
	return store_web_public_rows(db, q, 0, fn, ctx, e);
}

/* ---- staff contributions: every row of the scope, reversed ones too ---- */
#define STAFF_COLS CONTRIBUTION_VIEW_COLS
#define STAFF_FROM                                                                             \
	CONTRIBUTION_VIEW_FROM                                                                 \
	" WHERE k.campaign_id = ?1 AND " IN_SCOPE("?2", "k.unit_id")
/* staff also find contributions by the words of their notes (the portal
 * does not: notes are not published) */
#define STAFF_SEARCH                                                                           \
	" AND (k.donor_id IN (SELECT rowid FROM donor_search WHERE donor_search MATCH ?3)"   \
	"  OR k.id IN (SELECT rowid FROM contribution_note_search"                           \
	"              WHERE contribution_note_search MATCH ?3)"                               \
	"  OR k.receipt_no IN (?4, upper(?4)))"
#define STAFF_BY_DONOR                                                                         \
	" AND k.id IN (SELECT k2.id FROM donor_search m CROSS JOIN contribution k2"           \
	"   ON k2.donor_id = m.rowid WHERE donor_search MATCH ?3"                              \
	"  UNION ALL SELECT rowid FROM contribution_note_search"                              \
	"   WHERE contribution_note_search MATCH ?3"                                           \
	"  UNION ALL SELECT id FROM contribution WHERE receipt_no IN (?4, upper(?4)))"
static const char SQL_STAFF_ALL[] = SCOPE_CTE("?2") STAFF_COLS STAFF_FROM PUB_ORDER;
static const char SQL_STAFF_FIND[] = SCOPE_CTE("?2") STAFF_COLS STAFF_FROM STAFF_SEARCH PUB_ORDER;
/* few matches: from the matching donors (and the receipt) to their rows */
static const char SQL_STAFF_FIND_DONOR[] =
	SCOPE_CTE("?2") STAFF_COLS CONTRIBUTION_VIEW_FROM " WHERE +k.campaign_id = ?1 AND "
	IN_SCOPE("?2", "k.unit_id") STAFF_SEARCH STAFF_BY_DONOR PUB_ORDER;
/* counts stop at ?5 rows: a count of every row costs a walk of every row */
#define STAFF_COUNT_FROM " FROM contribution k WHERE k.campaign_id = ?1 AND " IN_SCOPE("?2", "k.unit_id")
static const char SQL_STAFF_ALL_COUNT[] =
	SCOPE_CTE("?2") "SELECT count(*) FROM (SELECT 1" STAFF_COUNT_FROM " LIMIT ?5)";
/* a search counts from the matching donors to their rows ("+" keeps the
 * campaign's index out of that join), then the notes, then the receipt */
static const char SQL_STAFF_FIND_COUNT[] =
	SCOPE_CTE("?2") "SELECT count(*) FROM (SELECT id FROM (SELECT k.id AS id"
	" FROM donor_search m CROSS JOIN contribution k ON k.donor_id = m.rowid"
	" WHERE donor_search MATCH ?3 AND +k.campaign_id = ?1 AND " IN_SCOPE("?2", "k.unit_id")
	" LIMIT ?5) UNION SELECT k.id FROM contribution_note_search n CROSS JOIN contribution k"
	" ON k.id = n.rowid WHERE contribution_note_search MATCH ?3 AND +k.campaign_id = ?1 AND "
	IN_SCOPE("?2", "k.unit_id")
	" UNION SELECT k.id" STAFF_COUNT_FROM " AND k.receipt_no IN (?4, upper(?4)))";
/* reversed contributions, from the reversals' own index (CROSS JOIN keeps that
 * order): there are few */
static const char SQL_STAFF_REVERSED[] =
	SCOPE_CTE("?2") "SELECT count(*) FROM journal_entry r CROSS JOIN contribution k ON k.id = r.reverses_id"
	" WHERE r.reverses_id IS NOT NULL AND k.campaign_id = ?1 AND " IN_SCOPE("?2", "k.unit_id");
static const char SQL_STAFF_ONE[] =
	SCOPE_CTE("?2") STAFF_COLS CONTRIBUTION_VIEW_FROM
	" WHERE k.id = ?1 AND " IN_SCOPE("?2", "k.unit_id");

int store_web_staff_count(struct db *db, const struct web_list_query *q, int64_t cap,
			  int64_t *n, struct err *e)
{
	int find = q->match || q->receipt;
	struct stmt *s = db_prep(db, find ? SQL_STAFF_FIND_COUNT : SQL_STAFF_ALL_COUNT, e);
	if (s == NULL)
		return -1;
	bind_query(s, q, 0);
	db_bind_i64(s, 5, cap > 0 ? cap + 1 : -1);
	return store_count(s, n, e);
}

int store_web_staff_reversed(struct db *db, const struct web_list_query *q, int64_t *n,
			     struct err *e)
{
	struct stmt *s = db_prep(db, SQL_STAFF_REVERSED, e);
	if (s == NULL)
		return -1;
	bind_query(s, q, 0);
	return store_count(s, n, e);
}

int store_web_staff_rows(struct db *db, const struct web_list_query *q, int donor_plan,
			 contribution_fn fn, void *ctx, struct err *e)
{
	int find = q->match || q->receipt;
	struct stmt *s = db_prep(db, !find ? SQL_STAFF_ALL : donor_plan ? SQL_STAFF_FIND_DONOR
				     : SQL_STAFF_FIND, e);
	if (s == NULL)
		return -1;
	bind_query(s, q, 1);
	return store_contribution_rows(s, fn, ctx, e) < 0 ? -1 : 0;
}

int store_web_staff_contributions(struct db *db, const struct web_list_query *q,
				  contribution_fn fn, void *ctx, int64_t *total, struct err *e)
{
	if (total && store_web_staff_count(db, q, 0, total, e) < 0)
		return -1;
	return store_web_staff_rows(db, q, 0, fn, ctx, e);
}

int store_web_contribution_scoped(struct db *db, int64_t id, int64_t scope_unit,
				  contribution_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_STAFF_ONE, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, scope_unit);
	int n = store_contribution_rows(s, fn, ctx, e);
	return n < 0 ? -1 : n > 0;
}

/* ---- donors of a scope ----
 * The columns of store/donor.c's donor_view, totals over standing
 * contributions. */
#define DONOR_COLS                                                                                \
	"SELECT d.id, d.kind, d.name, coalesce(d.tax_code,''), u.code, u.name,"                  \
	" coalesce(d.gender,''), coalesce(d.phone,''), coalesce(d.email,''),"                    \
	" coalesce(d.address,''), d.in_province, d.publish_name,"                                \
	" (SELECT coalesce(sum(c.amount),0) FROM contribution c WHERE c.donor_id = d.id AND "    \
	STANDING("c") "),"                                                                         \
	" (SELECT count(*) FROM contribution c WHERE c.donor_id = d.id AND " STANDING("c") ")"
#define DONOR_FROM                                                                                \
	" FROM donor d JOIN unit u ON u.id = d.unit_id WHERE " IN_SCOPE("?2", "d.unit_id")
#define DONOR_SEARCH " AND d.id IN (SELECT rowid FROM donor_search WHERE donor_search MATCH ?3)"
#define DONOR_ORDER " ORDER BY d.sort_key, d.id LIMIT ?5 OFFSET ?6"
/* ?1 and ?4 are not used here; binding an index a statement does not use
 * is harmless. */
static const char SQL_DONORS_ALL[] =
	SCOPE_CTE("?2") DONOR_COLS DONOR_FROM "" DONOR_ORDER;
static const char SQL_DONORS_ALL_COUNT[] =
	SCOPE_CTE("?2") "SELECT count(*)" DONOR_FROM "";
static const char SQL_DONORS_FIND[] =
	SCOPE_CTE("?2") DONOR_COLS DONOR_FROM DONOR_SEARCH "" DONOR_ORDER;
static const char SQL_DONORS_FIND_COUNT[] =
	SCOPE_CTE("?2") "SELECT count(*)" DONOR_FROM DONOR_SEARCH "";
static const char SQL_DONOR_ONE[] =
	SCOPE_CTE("?2") DONOR_COLS " FROM donor d JOIN unit u ON u.id = d.unit_id"
	" WHERE d.id = ?1 AND " IN_SCOPE("?2", "d.unit_id");

static int donor_rows(struct stmt *s, donor_fn fn, void *ctx, struct err *e)
{
	int rc, n = 0;
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct donor_view d = {
			.id = db_col_i64(s, 0),
			.kind = db_col_text(s, 1),
			.name = db_col_text(s, 2),
			.tax_code = db_col_text(s, 3),
			.unit_code = db_col_text(s, 4),
			.unit_name = db_col_text(s, 5),
			.gender = db_col_text(s, 6),
			.phone = db_col_text(s, 7),
			.email = db_col_text(s, 8),
			.address = db_col_text(s, 9),
			.in_province = (int)db_col_i64(s, 10),
			.publish_name = (int)db_col_i64(s, 11),
			.given = db_col_i64(s, 12),
			.contributions = db_col_i64(s, 13),
		};
		n++;
		if (fn(ctx, &d) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : n;
}

int store_web_donors(struct db *db, const struct web_list_query *q, donor_fn fn, void *ctx,
		     int64_t *total, struct err *e)
{
	int find = q->match != NULL;
	struct web_list_query qq = *q;
	qq.receipt = NULL;
	struct stmt *s;
	if (total) {
		if ((s = db_prep(db, find ? SQL_DONORS_FIND_COUNT : SQL_DONORS_ALL_COUNT, e)) == NULL)
			return -1;
		bind_query(s, &qq, 0);
		if (store_count(s, total, e) < 0)
			return -1;
	}
	if ((s = db_prep(db, find ? SQL_DONORS_FIND : SQL_DONORS_ALL, e)) == NULL)
		return -1;
	bind_query(s, &qq, 1);
	return donor_rows(s, fn, ctx, e) < 0 ? -1 : 0;
}

int store_web_donor_scoped(struct db *db, int64_t id, int64_t scope_unit, donor_fn fn, void *ctx,
			   struct err *e)
{
	struct stmt *s = db_prep(db, SQL_DONOR_ONE, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, scope_unit);
	int n = donor_rows(s, fn, ctx, e);
	return n < 0 ? -1 : n > 0;
}

/* ---- the media page ---- */
static const char SQL_STATS[] =
	"SELECT count(*), count(DISTINCT k.donor_id),"
	" coalesce(sum(k.anonymous = 1 OR d.publish_name = 0), 0),"
	" coalesce(sum(CASE k.channel WHEN 'cash' THEN k.amount END), 0),"
	" coalesce(sum(CASE k.channel WHEN 'transfer' THEN k.amount END), 0),"
	" coalesce(sum(CASE k.channel WHEN 'payroll' THEN k.amount END), 0),"
	" coalesce(sum(CASE k.channel WHEN 'goods' THEN k.amount END), 0),"
	" coalesce(max(k.amount), 0), coalesce(min(k.contrib_date), ''),"
	" coalesce(max(k.contrib_date), '')"
	" FROM contribution k JOIN donor d ON d.id = k.donor_id"
	" WHERE k.campaign_id = ? AND " STANDING("k");

int store_web_campaign_stats(struct db *db, int64_t campaign_id, struct web_campaign_stats *out,
			     struct err *e)
{
	struct stmt *s = db_prep(db, SQL_STATS, e);
	int rc;
	memset(out, 0, sizeof *out);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	if ((rc = db_step(s, e)) != DB_ROW)
		return rc < 0 ? -1 : 0;
	out->contributions = db_col_i64(s, 0);
	out->donors = db_col_i64(s, 1);
	out->anonymous = db_col_i64(s, 2);
	for (int i = 0; i < 4; i++)
		out->by_channel[i] = db_col_i64(s, 3 + i);
	out->largest = db_col_i64(s, 7);
	snprintf(out->first_date, sizeof out->first_date, "%s", db_col_text(s, 8));
	snprintf(out->last_date, sizeof out->last_date, "%s", db_col_text(s, 9));
	db_reset(s);
	return 0;
}

static const char SQL_ROOT_NAME[] =
	"SELECT name FROM unit WHERE parent_id IS NULL ORDER BY id LIMIT 1";

int store_web_root_name(struct db *db, char *out, size_t n, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_ROOT_NAME, e);
	int rc;
	out[0] = '\0';
	if (s == NULL)
		return -1;
	if ((rc = db_step(s, e)) == DB_ROW) {
		snprintf(out, n, "%s", db_col_text(s, 0));
		db_reset(s);
	}
	return rc < 0 ? -1 : 0;
}

/* ---- the portal's figures, kept up to date from what was written ---- */
static const char SQL_VERSION[] =
	"SELECT (SELECT coalesce(max(id), 0) FROM journal_entry),"
	" (SELECT coalesce(max(id), 0) FROM audit_event)";

int store_web_data_version(struct db *db, struct web_data_version *v, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_VERSION, e);
	int rc;
	memset(v, 0, sizeof *v);
	if (s == NULL)
		return -1;
	if ((rc = db_step(s, e)) != DB_ROW)
		return rc < 0 ? -1 : 0;
	v->journal = db_col_i64(s, 0);
	v->audit = db_col_i64(s, 1);
	db_reset(s);
	return 0;
}

/* A read transaction: every statement until store_web_read_end sees the
 * same state of the database (readers never wait for writers in WAL). */
int store_web_read_begin(struct db *db, struct err *e)
{
	return db_exec(db, "BEGIN DEFERRED", e);
}

void store_web_read_end(struct db *db)
{
	struct err e = {0};
	db_exec(db, "COMMIT", &e);
}

#define FACT_COLS                                                                             \
	" k.id, k.donor_id, k.amount, k.channel, k.contrib_date,"                             \
	" d.publish_name = 1 AND k.anonymous = 0"
static const char SQL_FACT_SCAN[] =
	"SELECT k.id, k.campaign_id, k.unit_id, k.amount, " FACT_COLS ", 1"
	" FROM contribution k JOIN donor d ON d.id = k.donor_id"
	" WHERE k.campaign_id = ?1 AND " STANDING("k") " ORDER BY k.id";
/* the received change mirrors store/report.c's SQL_RECEIVED */
static const char SQL_FACT_AFTER[] =
	"SELECT j.id, j.campaign_id, coalesce(j.unit_id, 0),"
	" CASE WHEN j.unit_id IS NULL THEN 0 WHEN j.credit_account = 5 THEN j.amount"
	"      WHEN j.debit_account = 5 THEN -j.amount ELSE 0 END, " FACT_COLS ","
	" CASE j.kind WHEN 'reversal' THEN -1 ELSE 1 END"
	" FROM journal_entry j"
	" LEFT JOIN contribution k ON k.id = coalesce(j.reverses_id, j.id)"
	" LEFT JOIN donor d ON d.id = k.donor_id"
	" WHERE j.id > ?1 ORDER BY j.id";

static int fact_rows(struct stmt *s, web_fact_fn fn, void *ctx, struct err *e)
{
	int rc;
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct web_contrib_fact f = {
			.entry_id = db_col_i64(s, 0),
			.campaign_id = db_col_i64(s, 1),
			.unit_id = db_col_i64(s, 2),
			.received = db_col_i64(s, 3),
			.contrib_id = db_col_null(s, 4) ? 0 : db_col_i64(s, 4),
			.donor_id = db_col_i64(s, 5),
			.amount = db_col_i64(s, 6),
			.channel = db_col_null(s, 7) ? "" : db_col_text(s, 7),
			.date = db_col_null(s, 8) ? "" : db_col_text(s, 8),
			.named = (int)db_col_i64(s, 9),
			.sign = (int)db_col_i64(s, 10),
		};
		if (fn(ctx, &f) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

int store_web_contrib_scan(struct db *db, int64_t campaign_id, web_fact_fn fn, void *ctx,
			   struct err *e)
{
	struct stmt *s = db_prep(db, SQL_FACT_SCAN, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	return fact_rows(s, fn, ctx, e);
}

int store_web_journal_after(struct db *db, int64_t after_id, web_fact_fn fn, void *ctx,
			    struct err *e)
{
	struct stmt *s = db_prep(db, SQL_FACT_AFTER, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, after_id);
	return fact_rows(s, fn, ctx, e);
}

static const char SQL_AUDIT_AFTER[] = "SELECT action FROM audit_event WHERE id > ?1 ORDER BY id";

int store_web_audit_after(struct db *db, int64_t after_id, web_action_fn fn, void *ctx,
			  struct err *e)
{
	struct stmt *s = db_prep(db, SQL_AUDIT_AFTER, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, after_id);
	while ((rc = db_step(s, e)) == DB_ROW) {
		if (fn(ctx, db_col_text(s, 0)) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

int store_web_tune(struct db *db, int64_t cache_kib, struct err *e)
{
	char sql[96];
	snprintf(sql, sizeof sql, "PRAGMA mmap_size=0; PRAGMA temp_store=FILE; PRAGMA cache_size=-%lld;",
		 (long long)cache_kib);
	return db_exec(db, sql, e);
}

static const char SQL_MATCH_DONORS[] =
	"SELECT rowid FROM donor_search WHERE donor_search MATCH ?1 ORDER BY rowid";

int store_web_match_donors(struct db *db, const char *match, web_id_fn fn, void *ctx,
			   struct err *e)
{
	struct stmt *s = db_prep(db, SQL_MATCH_DONORS, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, match);
	while ((rc = db_step(s, e)) == DB_ROW) {
		if (fn(ctx, db_col_i64(s, 0)) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

static const char SQL_RECEIPT[] =
	"SELECT k.donor_id, d.publish_name = 1 AND k.anonymous = 0, k.unit_id"
	" FROM contribution k JOIN donor d ON d.id = k.donor_id"
	" WHERE k.receipt_no IN (?2, upper(?2)) AND k.campaign_id = ?1 AND " STANDING("k");

int store_web_receipt(struct db *db, int64_t campaign_id, const char *receipt, int64_t *donor_id,
		      int *named, int64_t *unit_id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_RECEIPT, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	db_bind_text(s, 2, receipt);
	if ((rc = db_step(s, e)) != DB_ROW)
		return rc < 0 ? -1 : 0;
	*donor_id = db_col_i64(s, 0);
	*named = (int)db_col_i64(s, 1);
	*unit_id = db_col_i64(s, 2);
	db_reset(s);
	return 1;
}
