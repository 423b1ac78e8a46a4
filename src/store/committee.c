/* The steering committee's members (migration 0007, R2). */
#include <stdio.h>

#include "store/scope.h"
#include "store/store.h"

static void bind_opt_i64(struct stmt *s, int idx, int64_t v)
{
	if (v)
		db_bind_i64(s, idx, v);
	else
		db_bind_null(s, idx);
}

static void bind_member(struct stmt *s, const struct committee_row *m)
{
	db_bind_text(s, 1, m->name);
	db_bind_text(s, 2, m->name_fold);
	db_bind_blob(s, 3, m->sort_key, m->sort_key_len);
	db_bind_text(s, 4, m->role);
	db_bind_text(s, 5, m->title);
	db_bind_text(s, 6, m->organisation);
	db_bind_text(s, 7, m->duties);
	bind_opt_i64(s, 8, m->unit_id);
	db_bind_text(s, 9, m->phone);
	bind_opt_i64(s, 10, m->user_id);
}

static const char SQL_INSERT[] =
	"INSERT INTO committee_member(name, name_fold, sort_key, role, title, organisation, duties,"
	" unit_id, phone, user_id, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)";

int store_committee_insert(struct db *db, const struct committee_row *m, const char *now,
			   int64_t *id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_INSERT, e);
	if (s == NULL)
		return -1;
	bind_member(s, m);
	db_bind_text(s, 11, now);
	if (db_step(s, e) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

static const char SQL_UPDATE[] =
	"UPDATE committee_member SET name = ?1, name_fold = ?2, sort_key = ?3, role = ?4, title = ?5,"
	" organisation = ?6, duties = ?7, unit_id = ?8, phone = ?9, user_id = ?10, updated_at = ?11"
	" WHERE id = ?12";

int store_committee_update(struct db *db, int64_t id, const struct committee_row *m,
			   const char *now, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_UPDATE, e);
	if (s == NULL)
		return -1;
	bind_member(s, m);
	db_bind_text(s, 11, now);
	db_bind_i64(s, 12, id);
	return db_step(s, e) < 0 ? -1 : 0;
}

#define ROLE_RANK \
	"CASE m.role WHEN 'head' THEN 0 WHEN 'deputy' THEN 1 WHEN 'member' THEN 2" \
	" WHEN 'assistant' THEN 3 ELSE 4 END"
#define COLS \
	"SELECT m.id, coalesce(m.unit_id, 0), coalesce(m.user_id, 0)," \
	" (SELECT count(*) FROM canvass c WHERE c.member_id = m.id), m.name, m.role," \
	" coalesce(m.title, ''), coalesce(m.organisation, ''), coalesce(m.duties, '')," \
	" coalesce(m.phone, ''), coalesce(u.code, ''), coalesce(u.name, ''), coalesce(w.name, '')"
#define FROM \
	" FROM committee_member m LEFT JOIN unit u ON u.id = m.unit_id" \
	" LEFT JOIN web_user w ON w.id = m.user_id" \
	" WHERE (?1 = 0 OR m.unit_id IS NULL OR m.unit_id IN (SELECT id FROM scope))"
#define FILTER " AND (?2 IS NULL OR m.role = ?2) AND (?3 IS NULL OR instr(m.name_fold, ?3) > 0)"

static const char SQL_EACH[] = SCOPE_CTE("?1") COLS FROM
	FILTER " ORDER BY " ROLE_RANK ", m.sort_key, m.id LIMIT ?4 OFFSET ?5";
static const char SQL_COUNT[] =
	SCOPE_CTE("?1") "SELECT count(*)" FROM FILTER;
static const char SQL_ONE[] =
	SCOPE_CTE("?1") COLS FROM " AND m.id = ?2";

static int member_rows(struct stmt *s, committee_fn fn, void *ctx, struct err *e)
{
	int rc, n = 0;
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct committee_view m = {
			.id = db_col_i64(s, 0),
			.unit_id = db_col_i64(s, 1),
			.user_id = db_col_i64(s, 2),
			.assignments = db_col_i64(s, 3),
			.name = db_col_text(s, 4),
			.role = db_col_text(s, 5),
			.title = db_col_text(s, 6),
			.organisation = db_col_text(s, 7),
			.duties = db_col_text(s, 8),
			.phone = db_col_text(s, 9),
			.unit_code = db_col_text(s, 10),
			.unit_name = db_col_text(s, 11),
			.user_name = db_col_text(s, 12),
		};
		n++;
		if (fn(ctx, &m) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : n;
}

static void bind_query(struct stmt *s, const struct committee_query *q)
{
	db_bind_i64(s, 1, q->scope_unit);
	db_bind_text(s, 2, q->role);
	db_bind_text(s, 3, q->fold);
}

int store_committee_each(struct db *db, const struct committee_query *q, committee_fn fn,
			 void *ctx, int64_t *total, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_COUNT, e);
	if (s == NULL)
		return -1;
	bind_query(s, q);
	if (store_count(s, total, e) < 0)
		return -1;
	if ((s = db_prep(db, SQL_EACH, e)) == NULL)
		return -1;
	bind_query(s, q);
	db_bind_i64(s, 4, q->limit > 0 ? q->limit : -1);
	db_bind_i64(s, 5, q->offset);
	return member_rows(s, fn, ctx, e) < 0 ? -1 : 0;
}

int store_committee_get(struct db *db, int64_t id, int64_t scope_unit, committee_fn fn, void *ctx,
			struct err *e)
{
	struct stmt *s = db_prep(db, SQL_ONE, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, scope_unit);
	db_bind_i64(s, 2, id);
	int n = member_rows(s, fn, ctx, e);
	return n < 0 ? -1 : n > 0;
}
