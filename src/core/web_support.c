/* Staff accounts, API tokens, contributions saved once per form, and the
 * search query of the web listings (see web_support.h). */
#include "core/web_support.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "text/fold.h"
#include "text/utf8.h"

const struct role_info account_roles[] = {
	{"admin", "Ban Chỉ đạo (thường trực)"},
	{"mobiliser", "Bộ phận vận động"},
	{"clerk", "Bộ phận tiếp nhận"},
	{"propaganda", "Bộ phận tuyên truyền"},
	{"unit_officer", "Cán bộ đơn vị"},
	{"fund_manager", "Đơn vị quản lý quỹ"},
	{"inspector", "Kiểm tra, giám sát"},
	{NULL, NULL},
};

const struct role_info *role_find(const char *name)
{
	for (const struct role_info *r = account_roles; name && r->name; r++)
		if (strcmp(r->name, name) == 0)
			return r;
	return NULL;
}

static void sodium_ready(void)
{
	if (sodium_init() < 0)
		fatal("libsodium could not be initialised");
}

int account_name_check(const char *name, struct err *e)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n > CODE_MAX)
		return err_usage(e, "user name must be 1 to %d characters", CODE_MAX);
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		      *p == '_' || *p == '-'))
			return err_usage(e, "user name '%s' may only contain a-z, 0-9, '.', '_' and '-'",
					 name);
	return 0;
}

int account_password_check(const char *pw, struct err *e)
{
	size_t n = pw ? strlen(pw) : 0;
	if (n < PASSWORD_MIN)
		return err_fail(e, "password: at least %d characters", PASSWORD_MIN);
	if (n > PASSWORD_MAX)
		return err_fail(e, "password: at most %d bytes", PASSWORD_MAX);
	if (!text_is_utf8(pw, n))
		return err_fail(e, "password: not valid UTF-8");
	return 0;
}

/* Passwords are hashed in NFC, so the same password typed on a keyboard
 * that composes (Windows) or one that decomposes (macOS) logs in alike. */
int account_hash_password(const char *pw, char out[PASSWORD_HASH_MAX], struct err *e)
{
	char *nfc;
	int rc;
	if (account_password_check(pw, e) < 0)
		return -1;
	if ((nfc = text_nfc(pw, strlen(pw), e)) == NULL)
		return -1;
	sodium_ready();
	rc = crypto_pwhash_str(out, nfc, strlen(nfc), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			       crypto_pwhash_MEMLIMIT_INTERACTIVE);
	sodium_memzero(nfc, strlen(nfc));
	free(nfc);
	return rc == 0 ? 0 : err_fail(e, "password: cannot hash (out of memory)");
}

int account_verify_password(const char *hash, const char *pw)
{
	struct err e = {0};
	char *nfc;
	int ok;
	if (pw == NULL || strlen(pw) > PASSWORD_MAX || (nfc = text_nfc(pw, strlen(pw), &e)) == NULL)
		return 0;
	sodium_ready();
	ok = crypto_pwhash_str_verify(hash, nfc, strlen(nfc)) == 0;
	sodium_memzero(nfc, strlen(nfc));
	free(nfc);
	return ok;
}

/* Checks role and unit: 0 with the unit's id in *unit_id (0 for none),
 * inside the caller's transaction when db is given. */
static int role_unit(struct db *db, const char *role, const char *unit_code, int64_t *unit_id,
		     struct err *e)
{
	struct unit_row u;
	int found;
	*unit_id = 0;
	if (role_find(role) == NULL)
		return err_usage(e, "--role: '%s' is not one of admin, mobiliser, clerk, propaganda,"
				 " unit_officer, fund_manager, inspector", role ? role : "");
	if (!strcmp(role, "unit_officer") && !(unit_code && unit_code[0]))
		return err_usage(e, "--unit: a unit officer works for one unit: give its code");
	if (strcmp(role, "unit_officer") && unit_code && unit_code[0])
		return err_usage(e, "--unit: only a unit officer belongs to a unit");
	if (db == NULL || !(unit_code && unit_code[0]))
		return 0;
	if ((found = store_unit_by_code(db, unit_code, &u, e)) <= 0)
		return found < 0 ? -1 : err_fail(e, "--unit: no unit with code '%s'", unit_code);
	*unit_id = u.id;
	return 0;
}

int account_add(struct db *db, const struct actor *a, const char *name, const char *role,
		const char *unit_code, const char *password, int64_t *id, struct err *e)
{
	return account_add_as(db, a, name, role, unit_code, password, 0, id, e);
}

int account_add_as(struct db *db, const struct actor *a, const char *name, const char *role,
		   const char *unit_code, const char *password, int must_change, int64_t *id,
		   struct err *e)
{
	char hash[PASSWORD_HASH_MAX], now[32], object[96];
	struct web_user_row old;
	int64_t unit_id;
	int found;

	if (account_name_check(name, e) < 0 || role_unit(NULL, role, unit_code, &unit_id, e) < 0)
		return -1;
	if (account_hash_password(password, hash, e) < 0)
		return -1;
	core_now(now);
	if (db_begin(db, e) < 0)
		return -1;
	if (role_unit(db, role, unit_code, &unit_id, e) < 0)
		goto fail;
	if ((found = store_web_user_by_name(db, name, &old, e)) != 0) {
		if (found > 0 && old.disabled)
			err_conflict(e, "user '%s' exists already (removed; names are not reused)",
				     name);
		else if (found > 0)
			err_conflict(e, "user '%s' exists already", name);
		goto fail;
	}
	if (store_web_user_insert(db, name, role, unit_id, hash, now, id, e) < 0 ||
	    (must_change && store_web_user_set_must_change(db, *id, 1, e) < 0))
		goto fail;
	snprintf(object, sizeof object, "user:%s", name);
	if (store_audit(db, now, a->name, "user.add", object, role, e) < 0 || db_commit(db, e) < 0)
		goto fail;
	sodium_memzero(hash, sizeof hash);
	return 0;
fail:
	sodium_memzero(hash, sizeof hash);
	db_rollback(db);
	return -1;
}

/* Reads an active account inside the caller's transaction. */
static int active_user(struct db *db, const char *name, struct web_user_row *u, struct err *e)
{
	int found = store_web_user_by_name(db, name, u, e);
	if (found < 0)
		return -1;
	if (found == 0)
		return err_notfound(e, "no user '%s'", name);
	if (u->disabled)
		return err_notfound(e, "no user '%s' (removed)", name);
	return 0;
}

int account_set_password(struct db *db, const struct actor *a, const char *name,
			 const char *password, struct err *e)
{
	return account_reset_password(db, a, name, password, 0, e);
}

int account_reset_password(struct db *db, const struct actor *a, const char *name,
			   const char *password, int must_change, struct err *e)
{
	char hash[PASSWORD_HASH_MAX], now[32], object[96];
	struct web_user_row u;

	if (account_hash_password(password, hash, e) < 0)
		return -1;
	core_now(now);
	if (db_begin(db, e) < 0)
		return -1;
	snprintf(object, sizeof object, "user:%s", name);
	if (active_user(db, name, &u, e) < 0 ||
	    store_web_user_set_password(db, u.id, hash, now, e) < 0 ||
	    (must_change && store_web_user_set_must_change(db, u.id, 1, e) < 0) ||
	    store_web_session_delete_user(db, u.id, e) < 0 ||
	    store_audit(db, now, a->name, must_change ? "user.reset" : "user.password", object,
			NULL, e) < 0 ||
	    db_commit(db, e) < 0) {
		db_rollback(db);
		sodium_memzero(hash, sizeof hash);
		return -1;
	}
	sodium_memzero(hash, sizeof hash);
	return 0;
}

int account_remove(struct db *db, const struct actor *a, const char *name, struct err *e)
{
	char now[32], object[96];
	struct web_user_row u;

	core_now(now);
	if (db_begin(db, e) < 0)
		return -1;
	snprintf(object, sizeof object, "user:%s", name);
	if (active_user(db, name, &u, e) < 0 || store_web_user_disable(db, u.id, now, e) < 0 ||
	    store_audit(db, now, a->name, "user.remove", object, NULL, e) < 0 ||
	    db_commit(db, e) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int account_set_role(struct db *db, const struct actor *a, const char *name, const char *role,
		     const char *unit_code, struct err *e)
{
	char now[32], object[96], detail[160];
	struct web_user_row u;
	int64_t unit_id;

	if (role_unit(NULL, role, unit_code, &unit_id, e) < 0)
		return -1;
	core_now(now);
	if (db_begin(db, e) < 0)
		return -1;
	snprintf(object, sizeof object, "user:%s", name);
	snprintf(detail, sizeof detail, "%s%s%s", role, unit_code && unit_code[0] ? " " : "",
		 unit_code ? unit_code : "");
	/* a new role or unit changes what the open sessions may see: they end */
	if (active_user(db, name, &u, e) < 0 || role_unit(db, role, unit_code, &unit_id, e) < 0 ||
	    store_web_user_set_role(db, u.id, role, unit_id, e) < 0 ||
	    store_web_session_delete_user(db, u.id, e) < 0 ||
	    store_audit(db, now, a->name, "user.role", object, detail, e) < 0 ||
	    db_commit(db, e) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

void secret_new(struct buf *out, const char *prefix)
{
	unsigned char raw[32];
	char b64[sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	sodium_ready();
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	buf_puts(out, prefix);
	buf_puts(out, b64);
	sodium_memzero(raw, sizeof raw);
}

void secret_hash(const char *secret, unsigned char out[32])
{
	sodium_ready();
	crypto_hash_sha256(out, (const unsigned char *)secret, strlen(secret));
}

int secret_equal(const char *a, const char *b)
{
	unsigned char ha[32], hb[32];
	/* hashing first makes the comparison independent of both lengths */
	secret_hash(a, ha);
	secret_hash(b, hb);
	return sodium_memcmp(ha, hb, sizeof ha) == 0;
}

int token_add(struct db *db, const struct actor *a, const char *user, const char *label,
	      struct buf *out, int64_t *id, struct err *e)
{
	struct buf tok = BUF_INIT;
	struct web_user_row u;
	unsigned char hash[32];
	char now[32], object[48];
	int rc = -1;

	if (label && strlen(label) > NAME_MAX_BYTES)
		return err_usage(e, "--label: at most %d bytes", NAME_MAX_BYTES);
	secret_new(&tok, "asx_");
	secret_hash(tok.p, hash);
	core_now(now);
	if (db_begin(db, e) < 0)
		goto cleanup;
	if (active_user(db, user, &u, e) < 0 ||
	    store_web_token_insert(db, hash, u.id, label && label[0] ? label : NULL, now, a->name,
				   id, e) < 0)
		goto fail;
	snprintf(object, sizeof object, "token:%lld", (long long)*id);
	if (store_audit(db, now, a->name, "token.add", object, user, e) < 0 || db_commit(db, e) < 0)
		goto fail;
	buf_puts(out, tok.p);
	rc = 0;
	goto cleanup;
fail:
	db_rollback(db);
cleanup:
	sodium_memzero(tok.p, tok.len);
	buf_free(&tok);
	return rc;
}

int token_revoke(struct db *db, const struct actor *a, int64_t id, struct err *e)
{
	char now[32], object[48];
	int found;

	core_now(now);
	if (db_begin(db, e) < 0)
		return -1;
	if ((found = store_web_token_revoke(db, id, now, e)) <= 0) {
		if (found == 0)
			err_notfound(e, "no live token %lld", (long long)id);
		goto fail;
	}
	snprintf(object, sizeof object, "token:%lld", (long long)id);
	if (store_audit(db, now, a->name, "token.revoke", object, NULL, e) < 0 ||
	    db_commit(db, e) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

/* contribution_write_one (core/contribution.c) with the nonce written in the
 * same transaction: the check and the write cannot be separated by another
 * request because BEGIN IMMEDIATE holds the write lock throughout. */
int form_once_seen(struct db *db, struct form_once *once, const char *kind, int64_t *id,
		   struct err *e)
{
	char used[64];
	size_t n = strlen(kind);
	int found;
	if (once == NULL || once->nonce == NULL)
		return 0;
	if ((found = store_web_nonce_get(db, once->nonce, used, sizeof used, e)) <= 0)
		return found;
	once->done = 1;
	*id = strncmp(used, kind, n) == 0 && used[n] == ':' ? strtoll(used + n + 1, NULL, 10) : 0;
	return 1;
}

int form_once_record(struct db *db, const struct form_once *once, const char *kind, int64_t id,
		     const char *now, struct err *e)
{
	char object[48];
	if (once == NULL || once->nonce == NULL)
		return 0;
	snprintf(object, sizeof object, "%s:%lld", kind, (long long)id);
	return store_web_nonce_put(db, once->nonce, once->user_id, object, now, e);
}

int contribution_add_once(struct db *db, const struct actor *a, int64_t user_id,
			  const struct contribution_input *in, const char *nonce, int64_t *id,
			  struct buf *receipt, int *already, struct err *e)
{
	struct form_once once = {nonce, user_id, 0};
	char now[32];
	int seen;

	*already = 0;
	core_now(now);
	if (db_begin(db, e) < 0)
		return -1;
	if ((seen = form_once_seen(db, &once, "contribution", id, e)) != 0) {
		if (seen < 0)
			goto fail;
		*already = 1;
		db_rollback(db);
		return 0;
	}
	if (contribution_write_one(db, a, in, now, id, receipt, e) < 0 ||
	    form_once_record(db, &once, "contribution", *id, now, e) < 0 || db_commit(db, e) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int search_match(struct buf *out, const char *text)
{
	char *fold = text_fold_dup(text ? text : "");
	int n = 0;
	buf_reset(out);
	for (char *p = fold; *p && n < 8;) {
		char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		/* folded words hold no quotes, so each is a safe FTS5 string */
		buf_printf(out, "%s\"%.*s\"*", n ? " AND " : "", (int)len, p);
		n++;
		if (end == NULL)
			break;
		p = end + 1;
	}
	free(fold);
	return n;
}
