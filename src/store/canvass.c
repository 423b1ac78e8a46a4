/* Canvassing assignments and their append-only history (migration 0007,
 * R5).  A unit officer's rows are those whose donor lies in its subtree:
 * the scope is part of each query. */
#include <stdio.h>

#include "store/scope.h"
#include "store/store.h"

static const char SQL_INSERT[] =
	"INSERT INTO canvass(campaign_id, donor_id, member_id, status, next_step, next_date, note,"
	" created_at, created_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8)";
static const char SQL_UPDATE[] =
	"UPDATE canvass SET status = ?2, next_step = ?3, next_date = ?4, note = ?5, updated_at = ?6"
	" WHERE id = ?1";
static const char SQL_EVENT[] =
	"INSERT INTO canvass_event(canvass_id, at, actor, status, next_step, next_date, note)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_FIND[] =
	"SELECT id FROM canvass WHERE campaign_id = ?1 AND donor_id = ?2 AND member_id = ?3";

static int event(struct db *db, int64_t id, const struct canvass_row *c, const char *now,
		 const char *actor, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_EVENT, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, now);
	db_bind_text(s, 3, actor);
	db_bind_text(s, 4, c->status);
	db_bind_text(s, 5, c->next_step);
	db_bind_text(s, 6, c->next_date);
	db_bind_text(s, 7, c->note);
	return db_step(s, e) < 0 ? -1 : 0;
}

int store_canvass_insert(struct db *db, const struct canvass_row *c, const char *now,
			 const char *actor, int64_t *id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_INSERT, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, c->campaign_id);
	db_bind_i64(s, 2, c->donor_id);
	db_bind_i64(s, 3, c->member_id);
	db_bind_text(s, 4, c->status);
	db_bind_text(s, 5, c->next_step);
	db_bind_text(s, 6, c->next_date);
	db_bind_text(s, 7, c->note);
	db_bind_text(s, 8, now);
	db_bind_text(s, 9, actor);
	if (db_step(s, e) < 0)
		return -1;
	*id = db_last_id(db);
	return event(db, *id, c, now, actor, e);
}

int store_canvass_update(struct db *db, int64_t id, const struct canvass_row *c, const char *now,
			 const char *actor, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_UPDATE, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, c->status);
	db_bind_text(s, 3, c->next_step);
	db_bind_text(s, 4, c->next_date);
	db_bind_text(s, 5, c->note);
	db_bind_text(s, 6, now);
	if (db_step(s, e) < 0)
		return -1;
	return event(db, id, c, now, actor, e);
}

int store_canvass_find(struct db *db, const struct canvass_row *c, int64_t *id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_FIND, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, c->campaign_id);
	db_bind_i64(s, 2, c->donor_id);
	db_bind_i64(s, 3, c->member_id);
	if ((rc = db_step(s, e)) == DB_ROW) {
		*id = db_col_i64(s, 0);
		db_reset(s);
	}
	return rc;
}

/* ?1 scope, ?2 unit filter, ?3 member, ?4 status, ?5 today, ?6 campaign,
 * ?7 limit, ?8 offset. */
#define OPEN "c.status NOT IN ('pledged','declined')"
#define OVERDUE "(c.next_date IS NOT NULL AND c.next_date < ?5 AND " OPEN ")"
#define CTES \
	"WITH RECURSIVE " SCOPE_CTE_NAMED("scope", "?1") ", " SCOPE_CTE_NAMED("within", "?2") " "
#define COLS \
	"SELECT c.id, c.campaign_id, c.donor_id, c.member_id, d.unit_id, k.code, d.name, d.kind," \
	" u.code, m.name, c.status, coalesce(c.next_step, ''), coalesce(c.next_date, '')," \
	" coalesce(c.note, ''), c.updated_at, " OVERDUE
#define FROM \
	" FROM canvass c JOIN donor d ON d.id = c.donor_id JOIN unit u ON u.id = d.unit_id" \
	" JOIN committee_member m ON m.id = c.member_id JOIN campaign k ON k.id = c.campaign_id" \
	" WHERE " IN_SCOPE("?1", "d.unit_id")
#define FILTER \
	" AND " IN_SUBTREE("within", "?2", "d.unit_id") " AND (?3 = 0 OR c.member_id = ?3)" \
	" AND (?4 IS NULL OR c.status = ?4) AND (?6 = 0 OR c.campaign_id = ?6)"
#define ORDER_DUE \
	" ORDER BY " OVERDUE " DESC, c.next_date IS NULL OR NOT " OPEN ", c.next_date," \
	" d.sort_key, c.id LIMIT ?7 OFFSET ?8"
#define ORDER_NAME " ORDER BY d.sort_key, d.id, m.sort_key, c.id LIMIT ?7 OFFSET ?8"

static const char SQL_EACH_DUE[] = CTES COLS FROM FILTER ORDER_DUE;
static const char SQL_EACH_NAME[] = CTES COLS FROM FILTER ORDER_NAME;
static const char SQL_COUNT[] = CTES "SELECT count(*)" FROM FILTER;
static const char SQL_ONE[] = CTES COLS FROM " AND c.id = ?3";

static int canvass_rows(struct stmt *s, canvass_fn fn, void *ctx, struct err *e)
{
	int rc, n = 0;
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct canvass_view c = {
			.id = db_col_i64(s, 0),
			.campaign_id = db_col_i64(s, 1),
			.donor_id = db_col_i64(s, 2),
			.member_id = db_col_i64(s, 3),
			.donor_unit_id = db_col_i64(s, 4),
			.campaign_code = db_col_text(s, 5),
			.donor_name = db_col_text(s, 6),
			.donor_kind = db_col_text(s, 7),
			.unit_code = db_col_text(s, 8),
			.member_name = db_col_text(s, 9),
			.status = db_col_text(s, 10),
			.next_step = db_col_text(s, 11),
			.next_date = db_col_text(s, 12),
			.note = db_col_text(s, 13),
			.updated_at = db_col_text(s, 14),
			.overdue = (int)db_col_i64(s, 15),
		};
		n++;
		if (fn(ctx, &c) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : n;
}

static void bind_query(struct stmt *s, const struct canvass_query *q)
{
	db_bind_i64(s, 1, q->scope_unit);
	db_bind_i64(s, 2, q->unit_id);
	db_bind_i64(s, 3, q->member_id);
	db_bind_text(s, 4, q->status);
	db_bind_text(s, 5, q->today);
	db_bind_i64(s, 6, q->campaign_id);
}

int store_canvass_each(struct db *db, const struct canvass_query *q, canvass_fn fn, void *ctx,
		       int64_t *total, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_COUNT, e);
	if (s == NULL)
		return -1;
	bind_query(s, q);
	if (store_count(s, total, e) < 0)
		return -1;
	if ((s = db_prep(db, q->by_name ? SQL_EACH_NAME : SQL_EACH_DUE, e)) == NULL)
		return -1;
	bind_query(s, q);
	db_bind_i64(s, 7, q->limit > 0 ? q->limit : -1);
	db_bind_i64(s, 8, q->offset);
	return canvass_rows(s, fn, ctx, e) < 0 ? -1 : 0;
}

int store_canvass_get(struct db *db, int64_t id, int64_t scope_unit, const char *today,
		      canvass_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_ONE, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, scope_unit);
	db_bind_i64(s, 2, 0);
	db_bind_i64(s, 3, id);
	db_bind_text(s, 5, today);
	int n = canvass_rows(s, fn, ctx, e);
	return n < 0 ? -1 : n > 0;
}

static const char SQL_EVENTS[] =
	"SELECT at, actor, status, coalesce(next_step, ''), coalesce(next_date, ''),"
	" coalesce(note, '') FROM canvass_event WHERE canvass_id = ? ORDER BY id";

int store_canvass_events(struct db *db, int64_t id, canvass_event_fn fn, void *ctx,
			 struct err *e)
{
	struct stmt *s = db_prep(db, SQL_EVENTS, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct canvass_event_view ev = {db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2),
			db_col_text(s, 3), db_col_text(s, 4), db_col_text(s, 5)};
		if (fn(ctx, &ev) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}
