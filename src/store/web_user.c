/* Accounts, sessions, API tokens and form nonces of the web application
 * (migration 0003_web.sql).  Only hashes of secrets reach these tables. */
#include <stdio.h>
#include <string.h>

#include "store/store.h"

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src);
}

static const char SQL_USER_INSERT[] =
	"INSERT INTO web_user(name, role, unit_id, pw_hash, created_at, pw_changed_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?5)";

int store_web_user_insert(struct db *db, const char *name, const char *role, int64_t unit_id,
			  const char *pw_hash, const char *now, int64_t *id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_USER_INSERT, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, name);
	db_bind_text(s, 2, role);
	if (unit_id)
		db_bind_i64(s, 3, unit_id);
	else
		db_bind_null(s, 3);
	db_bind_text(s, 4, pw_hash);
	db_bind_text(s, 5, now);
	if (db_step(s, e) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

#define USER_COLS                                                                        \
	"w.id, w.name, w.role, coalesce(w.unit_id, 0), coalesce(u.code, ''), w.pw_hash," \
	" w.disabled_at IS NOT NULL, w.created_at, coalesce(w.disabled_at, ''), w.must_change"

static const char SQL_USER_BY_NAME[] =
	"SELECT " USER_COLS " FROM web_user w LEFT JOIN unit u ON u.id = w.unit_id WHERE w.name = ?";
static const char SQL_USER_EACH[] =
	"SELECT " USER_COLS " FROM web_user w LEFT JOIN unit u ON u.id = w.unit_id ORDER BY w.name";

static void read_user(struct stmt *s, struct web_user_row *u)
{
	u->id = db_col_i64(s, 0);
	copy(u->name, sizeof u->name, db_col_text(s, 1));
	copy(u->role, sizeof u->role, db_col_text(s, 2));
	u->unit_id = db_col_i64(s, 3);
	copy(u->unit_code, sizeof u->unit_code, db_col_text(s, 4));
	copy(u->pw_hash, sizeof u->pw_hash, db_col_text(s, 5));
	u->disabled = (int)db_col_i64(s, 6);
	u->must_change = (int)db_col_i64(s, 9);
}

int store_web_user_by_name(struct db *db, const char *name, struct web_user_row *out,
			   struct err *e)
{
	struct stmt *s = db_prep(db, SQL_USER_BY_NAME, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, name);
	if ((rc = db_step(s, e)) == DB_ROW) {
		read_user(s, out);
		db_reset(s);
	}
	return rc;
}

int store_web_user_each(struct db *db, web_user_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_USER_EACH, e);
	int rc;
	if (s == NULL)
		return -1;
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct web_user_row u;
		read_user(s, &u);
		if (fn(ctx, &u, db_col_text(s, 7), db_col_text(s, 8)) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

static const char SQL_USER_PASSWORD[] =
	"UPDATE web_user SET pw_hash = ?, pw_changed_at = ?, must_change = 0 WHERE id = ?";

int store_web_user_set_password(struct db *db, int64_t id, const char *pw_hash, const char *now,
				struct err *e)
{
	struct stmt *s = db_prep(db, SQL_USER_PASSWORD, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, pw_hash);
	db_bind_text(s, 2, now);
	db_bind_i64(s, 3, id);
	return db_step(s, e) < 0 ? -1 : 0;
}

static const char SQL_USER_DISABLE[] =
	"UPDATE web_user SET disabled_at = ?1 WHERE id = ?2 AND disabled_at IS NULL";
static const char SQL_TOKENS_REVOKE_USER[] =
	"UPDATE web_token SET revoked_at = ?1 WHERE user_id = ?2 AND revoked_at IS NULL";

int store_web_user_disable(struct db *db, int64_t id, const char *now, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_USER_DISABLE, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, now);
	db_bind_i64(s, 2, id);
	if (db_step(s, e) < 0 || store_web_session_delete_user(db, id, e) < 0 ||
	    (s = db_prep(db, SQL_TOKENS_REVOKE_USER, e)) == NULL)
		return -1;
	db_bind_text(s, 1, now);
	db_bind_i64(s, 2, id);
	return db_step(s, e) < 0 ? -1 : 0;
}

/* ---- sessions ---- */

static const char SQL_SESSION_INSERT[] =
	"INSERT INTO web_session(token_hash, user_id, csrf, created_at, seen_at, expires_at, address)"
	" VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)";

int store_web_session_insert(struct db *db, const unsigned char hash[32], int64_t user_id,
			     const char *csrf, const char *now, const char *expires,
			     const char *address, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SESSION_INSERT, e);
	if (s == NULL)
		return -1;
	db_bind_blob(s, 1, hash, 32);
	db_bind_i64(s, 2, user_id);
	db_bind_text(s, 3, csrf);
	db_bind_text(s, 4, now);
	db_bind_text(s, 5, expires);
	db_bind_text(s, 6, address);
	return db_step(s, e) < 0 ? -1 : 0;
}

#define PRINCIPAL_COLS \
	"w.id, w.name, w.role, coalesce(w.unit_id, 0), coalesce(u.code, '')"

static void read_principal(struct stmt *s, struct web_principal_row *p)
{
	memset(p, 0, sizeof *p);
	p->user_id = db_col_i64(s, 0);
	copy(p->name, sizeof p->name, db_col_text(s, 1));
	copy(p->role, sizeof p->role, db_col_text(s, 2));
	p->unit_id = db_col_i64(s, 3);
	copy(p->unit_code, sizeof p->unit_code, db_col_text(s, 4));
}

static const char SQL_SESSION_GET[] =
	"SELECT " PRINCIPAL_COLS ", s.csrf, s.seen_at, w.must_change FROM web_session s"
	" JOIN web_user w ON w.id = s.user_id AND w.disabled_at IS NULL"
	" LEFT JOIN unit u ON u.id = w.unit_id"
	" WHERE s.token_hash = ?1 AND s.expires_at > ?2";

int store_web_session_get(struct db *db, const unsigned char hash[32], const char *now,
			  struct web_principal_row *out, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SESSION_GET, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_blob(s, 1, hash, 32);
	db_bind_text(s, 2, now);
	if ((rc = db_step(s, e)) == DB_ROW) {
		read_principal(s, out);
		copy(out->csrf, sizeof out->csrf, db_col_text(s, 5));
		copy(out->seen_at, sizeof out->seen_at, db_col_text(s, 6));
		out->must_change = (int)db_col_i64(s, 7);
		db_reset(s);
	}
	return rc;
}

static const char SQL_SESSION_TOUCH[] =
	"UPDATE web_session SET seen_at = ?2, expires_at = min(?3,"
	" strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+12 hours')) WHERE token_hash = ?1";

int store_web_session_touch(struct db *db, const unsigned char hash[32], const char *now,
			    const char *expires, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SESSION_TOUCH, e);
	if (s == NULL)
		return -1;
	db_bind_blob(s, 1, hash, 32);
	db_bind_text(s, 2, now);
	db_bind_text(s, 3, expires);
	return db_step(s, e) < 0 ? -1 : 0;
}

static const char SQL_SESSION_DELETE[] = "DELETE FROM web_session WHERE token_hash = ?";
static const char SQL_SESSION_DELETE_USER[] = "DELETE FROM web_session WHERE user_id = ?";
static const char SQL_SESSION_PURGE[] = "DELETE FROM web_session WHERE expires_at <= ?";

int store_web_session_delete(struct db *db, const unsigned char hash[32], struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SESSION_DELETE, e);
	if (s == NULL)
		return -1;
	db_bind_blob(s, 1, hash, 32);
	return db_step(s, e) < 0 ? -1 : 0;
}

int store_web_session_delete_user(struct db *db, int64_t user_id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SESSION_DELETE_USER, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, user_id);
	return db_step(s, e) < 0 ? -1 : 0;
}

int store_web_session_purge(struct db *db, const char *now, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SESSION_PURGE, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, now);
	return db_step(s, e) < 0 ? -1 : 0;
}

/* ---- API tokens ---- */

static const char SQL_TOKEN_INSERT[] =
	"INSERT INTO web_token(token_hash, user_id, label, created_at, created_by)"
	" VALUES (?, ?, ?, ?, ?)";

int store_web_token_insert(struct db *db, const unsigned char hash[32], int64_t user_id,
			   const char *label, const char *now, const char *by, int64_t *id,
			   struct err *e)
{
	struct stmt *s = db_prep(db, SQL_TOKEN_INSERT, e);
	if (s == NULL)
		return -1;
	db_bind_blob(s, 1, hash, 32);
	db_bind_i64(s, 2, user_id);
	db_bind_text(s, 3, label);
	db_bind_text(s, 4, now);
	db_bind_text(s, 5, by);
	if (db_step(s, e) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

static const char SQL_TOKEN_GET[] =
	"SELECT " PRINCIPAL_COLS ", t.id FROM web_token t"
	" JOIN web_user w ON w.id = t.user_id AND w.disabled_at IS NULL"
	" LEFT JOIN unit u ON u.id = w.unit_id"
	" WHERE t.token_hash = ? AND t.revoked_at IS NULL";

int store_web_token_get(struct db *db, const unsigned char hash[32], struct web_principal_row *out,
			struct err *e)
{
	struct stmt *s = db_prep(db, SQL_TOKEN_GET, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_blob(s, 1, hash, 32);
	if ((rc = db_step(s, e)) == DB_ROW) {
		read_principal(s, out);
		out->token_id = db_col_i64(s, 5);
		db_reset(s);
	}
	return rc;
}

/* Recorded at most once a minute per token, so a busy client does not
 * turn every read into a write. */
static const char SQL_TOKEN_USED[] =
	"UPDATE web_token SET last_used_at = ?2 WHERE id = ?1"
	" AND (last_used_at IS NULL OR last_used_at < strftime('%Y-%m-%dT%H:%M:%SZ', ?2, '-1 minute'))";

int store_web_token_used(struct db *db, int64_t id, const char *now, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_TOKEN_USED, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, now);
	return db_step(s, e) < 0 ? -1 : 0;
}

static const char SQL_TOKEN_REVOKE[] =
	"UPDATE web_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";

int store_web_token_revoke(struct db *db, int64_t id, const char *now, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_TOKEN_REVOKE, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, now);
	db_bind_i64(s, 2, id);
	if (db_step(s, e) < 0)
		return -1;
	return db_changes(db) > 0;
}

static const char SQL_TOKEN_EACH[] =
	"SELECT t.id, w.name, coalesce(t.label, ''), t.created_at, t.created_by,"
	" coalesce(t.last_used_at, ''), coalesce(t.revoked_at, '')"
	" FROM web_token t JOIN web_user w ON w.id = t.user_id ORDER BY t.id";

int store_web_token_each(struct db *db, web_token_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_TOKEN_EACH, e);
	int rc;
	if (s == NULL)
		return -1;
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct web_token_view t = {
			.id = db_col_i64(s, 0),
			.user = db_col_text(s, 1),
			.label = db_col_text(s, 2),
			.created_at = db_col_text(s, 3),
			.created_by = db_col_text(s, 4),
			.last_used_at = db_col_text(s, 5),
			.revoked_at = db_col_text(s, 6),
		};
		if (fn(ctx, &t) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

/* ---- form nonces ---- */

static const char SQL_NONCE_GET[] = "SELECT object FROM web_form_nonce WHERE nonce = ?";
static const char SQL_NONCE_PUT[] =
	"INSERT INTO web_form_nonce(nonce, user_id, object, used_at) VALUES (?, ?, ?, ?)";

int store_web_nonce_get(struct db *db, const char *nonce, char *object, size_t n, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_NONCE_GET, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, nonce);
	if ((rc = db_step(s, e)) == DB_ROW) {
		copy(object, n, db_col_text(s, 0));
		db_reset(s);
	}
	return rc;
}

int store_web_nonce_put(struct db *db, const char *nonce, int64_t user_id, const char *object,
			const char *now, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_NONCE_PUT, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, nonce);
	db_bind_i64(s, 2, user_id);
	db_bind_text(s, 3, object);
	db_bind_text(s, 4, now);
	return db_step(s, e) < 0 ? -1 : 0;
}
