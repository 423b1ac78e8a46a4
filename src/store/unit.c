#include <stdio.h>
#include <string.h>

#include "store/store.h"

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src);
}

static void read_unit(struct stmt *s, struct unit_row *u)
{
	u->id = db_col_i64(s, 0);
	copy(u->code, sizeof u->code, db_col_text(s, 1));
	copy(u->name, sizeof u->name, db_col_text(s, 2));
	copy(u->kind, sizeof u->kind, db_col_text(s, 3));
	u->parent_id = db_col_null(s, 4) ? 0 : db_col_i64(s, 4);
}

static const char SQL_INSERT[] =
	"INSERT INTO unit(code, name, kind, parent_id, sort_key, created_at) VALUES (?,?,?,?,?,?)";

int store_unit_insert(struct db *db, const struct unit_row *u, const void *sort_key,
		      size_t key_len, const char *now, int64_t *id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_INSERT, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, u->code);
	db_bind_text(s, 2, u->name);
	db_bind_text(s, 3, u->kind);
	if (u->parent_id)
		db_bind_i64(s, 4, u->parent_id);
	else
		db_bind_null(s, 4);
	db_bind_blob(s, 5, sort_key, key_len);
	db_bind_text(s, 6, now);
	if (db_step(s, e) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

static const char SQL_BY_CODE[] =
	"SELECT id, code, name, kind, parent_id FROM unit WHERE code = ?";
static const char SQL_BY_ID[] =
	"SELECT id, code, name, kind, parent_id FROM unit WHERE id = ?";

static int find_one(struct stmt *s, struct unit_row *out, struct err *e)
{
	int rc = db_step(s, e);
	if (rc == DB_ROW) {
		read_unit(s, out);
		db_reset(s);
	}
	return rc;
}

int store_unit_by_code(struct db *db, const char *code, struct unit_row *out, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_BY_CODE, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, code);
	return find_one(s, out, e);
}

int store_unit_by_id(struct db *db, int64_t id, struct unit_row *out, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_BY_ID, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	return find_one(s, out, e);
}

/* Depth-first order: under each parent, districts first, then communes,
 * departments, organisations, Party committees, armed forces and the rest;
 * within a kind, Vietnamese order of the name (its stored sort key).  Built
 * as a path of (rank, sort key, code) so one ORDER BY gives the whole tree. */
#define UNIT_RANK(u) \
	"CAST(char(48 + CASE " u ".kind WHEN 'province' THEN 0 WHEN 'district' THEN 1" \
	" WHEN 'commune' THEN 2 WHEN 'department' THEN 3 WHEN 'organisation' THEN 4"    \
	" WHEN 'party' THEN 5 WHEN 'armed_forces' THEN 6 ELSE 7 END) AS BLOB)"
#define UNIT_STEP(u) \
	UNIT_RANK(u) " || coalesce(" u ".sort_key, CAST(" u ".name AS BLOB)) || x'00' ||" \
	" CAST(" u ".code AS BLOB)"
static const char SQL_EACH[] =
	"WITH RECURSIVE t(id, path) AS ("
	"  SELECT unit.id, " UNIT_STEP("unit") " FROM unit WHERE parent_id IS NULL"
	"  UNION ALL"
	"  SELECT u.id, t.path || x'01' || " UNIT_STEP("u")
	"  FROM unit u JOIN t ON u.parent_id = t.id)"
	" SELECT u.id, u.code, u.name, u.kind, u.parent_id FROM t JOIN unit u ON u.id = t.id"
	" ORDER BY t.path";

int store_unit_each(struct db *db, unit_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_EACH, e);
	int rc;
	if (s == NULL)
		return -1;
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct unit_row u;
		read_unit(s, &u);
		if (fn(ctx, &u) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc;
}
