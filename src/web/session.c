/* Who is calling: browser sessions (cookie) and API tokens (Bearer).
 *
 * A session cookie holds 256 random bits; the database keeps only their
 * SHA-256, so a copy of the database opens no session.  The cookie is
 * HttpOnly and SameSite=Strict, Secure when the request came over TLS.
 * Each session has its own CSRF token, which every form (and every API
 * write made with the session) must echo.  Before login, the login form's
 * CSRF token is a random value in a short-lived cookie (double submit). */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/core.h"
#include "text/date.h"
#include "web/web.h"

/* now + offset seconds as "YYYY-MM-DDTHH:MM:SSZ", on the clock core_now()
 * reads ($ANSINH_NOW in tests). */
static void stamp(char out[32], long offset)
{
	char now[32];
	struct tm tm = {0};
	struct buf b = BUF_INIT;
	core_now(now);
	if (sscanf(now, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec) != 6) {
		snprintf(out, 32, "%s", now);
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_utc_iso(&b, timegm(&tm) + offset);
	snprintf(out, 32, "%s", buf_cstr(&b));
	buf_free(&b);
}

/* Tokens we issue are URL-safe base64 (and a prefix); anything else is not
 * looked up at all. */
static int token_shape(const char *t)
{
	size_t n = strlen(t);
	if (n < 16 || n > 80)
		return 0;
	for (const char *p = t; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return 0;
	return 1;
}

void cookie_set(struct web_req *rq, struct web_resp *rs, const char *name, const char *value,
		long max_age)
{
	char c[256];
	snprintf(c, sizeof c, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Strict%s", name, value,
		 max_age, rq->secure ? "; Secure" : "");
	resp_header(rs, "Set-Cookie", c);
}

static void fill_principal(struct web_req *rq)
{
	rq->who.role = role_find(rq->who.row.role);
	rq->who.caps = role_caps(rq->who.row.role);
	/* a unit officer's scope is its unit; everyone else sees the province */
	rq->who.scope = strcmp(rq->who.row.role, "unit_officer") == 0 ? rq->who.row.unit_id : 0;
	if (rq->who.caps == 0 || (rq->who.role && !strcmp(rq->who.row.role, "unit_officer") &&
				  rq->who.scope == 0))
		memset(&rq->who, 0, sizeof rq->who);
}

static int resolve_token(struct web_req *rq, const char *h, int *bad_token)
{
	unsigned char hash[32];
	char now[32];
	int found;

	if (strncasecmp(h, "Bearer ", 7) != 0) {
		*bad_token = 1;
		return 0;
	}
	h += 7;
	while (*h == ' ')
		h++;
	if (!token_shape(h)) {
		*bad_token = 1;
		return 0;
	}
	secret_hash(h, hash);
	if ((found = store_web_token_get(rq->db, hash, &rq->who.row, &rq->e)) < 0)
		return -1;
	if (found == 0) {
		*bad_token = 1;
		return 0;
	}
	rq->who.kind = WHO_TOKEN;
	fill_principal(rq);
	core_now(now);
	/* last use is a convenience for the admin; a busy database must not
	 * fail the request over it */
	struct err ignore = {0};
	store_web_token_used(rq->db, rq->who.row.token_id, now, &ignore);
	return 0;
}

int auth_resolve(struct web_req *rq, struct web_resp *rs, int *bad_token)
{
	const char *cookie;
	char now[32], stale[32], expires[32];
	int found;

	memset(&rq->who, 0, sizeof rq->who);
	*bad_token = 0;
	if (rq->api) {
		const char *h = web_header(rq, "Authorization");
		if (h)
			return resolve_token(rq, h, bad_token);
	}
	if ((cookie = web_cookie(rq, COOKIE_PRELOGIN)) && token_shape(cookie))
		snprintf(rq->prelogin, sizeof rq->prelogin, "%s", cookie);
	if ((cookie = web_cookie(rq, COOKIE_SESSION)) == NULL)
		return 0;
	if (!token_shape(cookie)) {
		cookie_set(rq, rs, COOKIE_SESSION, "", 0);
		return 0;
	}
	secret_hash(cookie, rq->who.session_hash);
	core_now(now);
	if ((found = store_web_session_get(rq->db, rq->who.session_hash, now, &rq->who.row,
					   &rq->e)) < 0)
		return -1;
	if (found == 0) {
		/* expired, logged out, or its account removed: forget the cookie */
		memset(&rq->who, 0, sizeof rq->who);
		cookie_set(rq, rs, COOKIE_SESSION, "", 0);
		return 0;
	}
	rq->who.kind = WHO_SESSION;
	fill_principal(rq);
	/* sliding expiry, written at most every five minutes */
	stamp(stale, -300);
	if (rq->who.kind == WHO_SESSION && strcmp(rq->who.row.seen_at, stale) < 0) {
		struct err ignore = {0};
		stamp(expires, SESSION_IDLE_S);
		store_web_session_touch(rq->db, rq->who.session_hash, now, expires, &ignore);
	}
	return 0;
}

const char *auth_csrf(struct web_req *rq)
{
	if (rq->who.kind == WHO_SESSION)
		return rq->who.row.csrf;
	return rq->prelogin;
}

int session_start(struct web_req *rq, struct web_resp *rs, const struct web_user_row *u)
{
	struct buf token = BUF_INIT, csrf = BUF_INIT;
	unsigned char hash[32];
	char now[32], expires[32], object[96];
	int rc = -1;

	secret_new(&token, "");
	secret_new(&csrf, "");
	secret_hash(token.p, hash);
	core_now(now);
	stamp(expires, SESSION_IDLE_S);
	snprintf(object, sizeof object, "user:%s", u->name);
	if (db_begin(rq->db, &rq->e) < 0)
		goto cleanup;
	/* each login also sweeps away expired sessions */
	if (store_web_session_purge(rq->db, now, &rq->e) < 0 ||
	    store_web_session_insert(rq->db, hash, u->id, csrf.p, now, expires, rq->addr, &rq->e) < 0 ||
	    store_audit(rq->db, now, u->name, "login", object, rq->addr, &rq->e) < 0 ||
	    db_commit(rq->db, &rq->e) < 0) {
		db_rollback(rq->db);
		goto cleanup;
	}
	cookie_set(rq, rs, COOKIE_SESSION, token.p, SESSION_ABSOLUTE_S);
	if (rq->prelogin[0])
		cookie_set(rq, rs, COOKIE_PRELOGIN, "", 0);
	rc = 0;
cleanup:
	buf_free(&token);
	buf_free(&csrf);
	return rc;
}

int session_end(struct web_req *rq, struct web_resp *rs)
{
	char now[32], object[96];
	core_now(now);
	snprintf(object, sizeof object, "user:%s", rq->who.row.name);
	if (db_begin(rq->db, &rq->e) < 0)
		return -1;
	if (store_web_session_delete(rq->db, rq->who.session_hash, &rq->e) < 0 ||
	    store_audit(rq->db, now, rq->who.row.name, "logout", object, rq->addr, &rq->e) < 0 ||
	    db_commit(rq->db, &rq->e) < 0) {
		db_rollback(rq->db);
		return -1;
	}
	cookie_set(rq, rs, COOKIE_SESSION, "", 0);
	return 0;
}
