/* What the administrator's pages read and change: accounts with their last
 * login and live sessions and tokens, the audit trail with filters, and
 * unit names (migration 0007). */
#include <stdio.h>

#include "store/scope.h"
#include "store/store.h"

static const char SQL_USERS[] =
	"SELECT w.id, (SELECT count(*) FROM web_session s WHERE s.user_id = w.id),"
	" (SELECT count(*) FROM web_token t WHERE t.user_id = w.id AND t.revoked_at IS NULL),"
	" w.name, w.role, coalesce(u.code, ''), w.created_at, coalesce(w.last_login_at, ''),"
	" coalesce(w.disabled_at, ''), w.must_change"
	" FROM web_user w LEFT JOIN unit u ON u.id = w.unit_id"
	" WHERE (?1 IS NULL OR w.role = ?1) AND (?2 OR w.disabled_at IS NULL) ORDER BY w.name";

int store_web_user_admin_each(struct db *db, const char *role, int with_disabled,
			      web_user_admin_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_USERS, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, role);
	db_bind_i64(s, 2, with_disabled != 0);
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct web_user_admin_view u = {
			.id = db_col_i64(s, 0),
			.sessions = db_col_i64(s, 1),
			.tokens = db_col_i64(s, 2),
			.name = db_col_text(s, 3),
			.role = db_col_text(s, 4),
			.unit_code = db_col_text(s, 5),
			.created_at = db_col_text(s, 6),
			.last_login_at = db_col_text(s, 7),
			.disabled_at = db_col_text(s, 8),
			.must_change = (int)db_col_i64(s, 9),
		};
		if (fn(ctx, &u) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

static const char SQL_SET_ROLE[] =
	"UPDATE web_user SET role = ?3, unit_id = nullif(?2, 0) WHERE id = ?1";
static const char SQL_MUST_CHANGE[] = "UPDATE web_user SET must_change = ?2 WHERE id = ?1";
static const char SQL_LOGIN_STAMP[] = "UPDATE web_user SET last_login_at = ?2 WHERE id = ?1";

int store_web_user_set_role(struct db *db, int64_t id, const char *role, int64_t unit_id,
			    struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SET_ROLE, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, unit_id);
	db_bind_text(s, 3, role);
	return db_step(s, e) < 0 ? -1 : 0;
}

int store_web_user_set_must_change(struct db *db, int64_t id, int must_change, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_MUST_CHANGE, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, must_change != 0);
	return db_step(s, e) < 0 ? -1 : 0;
}

int store_web_user_login_stamp(struct db *db, int64_t id, const char *now, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_LOGIN_STAMP, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, now);
	return db_step(s, e) < 0 ? -1 : 0;
}

/* ---- the audit trail ----
 * Dates are days in Asia/Ho_Chi_Minh: a day starts at 17:00 UTC the day
 * before. */
#define AUDIT_FROM \
	" FROM audit_event a WHERE (?1 IS NULL OR a.actor = ?1)" \
	" AND (?2 IS NULL OR a.action = ?2 OR a.action LIKE ?2 || '.%')" \
	" AND (?3 IS NULL OR a.at >= strftime('%Y-%m-%dT%H:%M:%SZ', ?3, '-7 hours'))" \
	" AND (?4 IS NULL OR a.at < strftime('%Y-%m-%dT%H:%M:%SZ', ?4, '+1 day', '-7 hours'))"
static const char SQL_AUDIT[] =
	"SELECT a.id, a.at, a.actor, a.action, coalesce(a.object, ''), coalesce(a.detail, '')"
	AUDIT_FROM " ORDER BY a.id DESC LIMIT ?5 OFFSET ?6";
static const char SQL_AUDIT_COUNT[] = "SELECT count(*)" AUDIT_FROM;
static const char SQL_AUDIT_KINDS[] =
	"SELECT DISTINCT CASE WHEN instr(action, '.') > 0 THEN substr(action, 1, instr(action, '.') - 1)"
	" ELSE action END AS k FROM audit_event ORDER BY k";

static void bind_audit(struct stmt *s, const struct audit_query *q)
{
	db_bind_text(s, 1, q->actor);
	db_bind_text(s, 2, q->kind);
	db_bind_text(s, 3, q->from);
	db_bind_text(s, 4, q->to);
}

int store_audit_each(struct db *db, const struct audit_query *q, audit_fn fn, void *ctx,
		     int64_t *total, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_AUDIT_COUNT, e);
	int rc;
	if (s == NULL)
		return -1;
	bind_audit(s, q);
	if (store_count(s, total, e) < 0)
		return -1;
	if ((s = db_prep(db, SQL_AUDIT, e)) == NULL)
		return -1;
	bind_audit(s, q);
	db_bind_i64(s, 5, q->limit > 0 ? q->limit : -1);
	db_bind_i64(s, 6, q->offset);
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct audit_view a = {db_col_i64(s, 0), db_col_text(s, 1), db_col_text(s, 2),
			db_col_text(s, 3), db_col_text(s, 4), db_col_text(s, 5)};
		if (fn(ctx, &a) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

int store_audit_kinds(struct db *db, int (*fn)(void *ctx, const char *kind), void *ctx,
		      struct err *e)
{
	struct stmt *s = db_prep(db, SQL_AUDIT_KINDS, e);
	int rc;
	if (s == NULL)
		return -1;
	while ((rc = db_step(s, e)) == DB_ROW)
		if (fn(ctx, db_col_text(s, 0)) < 0) {
			db_reset(s);
			return -1;
		}
	return rc < 0 ? -1 : 0;
}

static const char SQL_UNIT_UPDATE[] =
	"UPDATE unit SET name = ?2, sort_key = ?3, kind = ?4 WHERE id = ?1";

int store_unit_update(struct db *db, int64_t id, const char *name, const void *sort_key,
		      size_t key_len, const char *kind, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_UNIT_UPDATE, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, name);
	db_bind_blob(s, 3, sort_key, key_len);
	db_bind_text(s, 4, kind);
	return db_step(s, e) < 0 ? -1 : 0;
}
