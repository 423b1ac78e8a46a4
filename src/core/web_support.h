/* Domain support for the web application (issue #4): staff accounts and
 * their passwords, API tokens, contributions saved once per form, and the
 * search query shared by the web listings.  Like core.h, nothing here knows
 * about HTTP; the command line (`ansinh user`, `ansinh token`) and the web
 * server both call it. */
#ifndef ANSINH_CORE_WEB_SUPPORT_H
#define ANSINH_CORE_WEB_SUPPORT_H

#include <stdint.h>

#include "core/core.h"

/* Passwords: 8 to 256 bytes of UTF-8, compared in NFC. */
#define PASSWORD_MIN 8
#define PASSWORD_MAX 256
/* crypto_pwhash_STRBYTES is 128. */
#define PASSWORD_HASH_MAX 128

/* The roles of DESIGN.md, with their Vietnamese names. */
struct role_info {
	const char *name;  /* "unit_officer" */
	const char *label; /* "Cán bộ đơn vị" */
};
extern const struct role_info account_roles[]; /* ends with {NULL, NULL} */
const struct role_info *role_find(const char *name);

/* Login names: 1 to 64 of a-z, 0-9, '.', '_', '-' (lower case, so one
 * person cannot hold "Lan" and "lan"). */
int account_name_check(const char *name, struct err *e);
int account_password_check(const char *pw, struct err *e);
/* argon2id with libsodium's interactive limits; out is NUL-terminated. */
int account_hash_password(const char *pw, char out[PASSWORD_HASH_MAX], struct err *e);
/* 1 when pw matches the stored hash, 0 when not (or the hash is bad). */
int account_verify_password(const char *hash, const char *pw);

/* Each writes one transaction with its audit event. */
int account_add(struct db *db, const struct actor *a, const char *name, const char *role,
		const char *unit_code, const char *password, int64_t *id, struct err *e);
/* account_add, with must_change: the account must choose its own password
 * at its first login (accounts an administrator makes on the web). */
int account_add_as(struct db *db, const struct actor *a, const char *name, const char *role,
		   const char *unit_code, const char *password, int must_change, int64_t *id,
		   struct err *e);
/* New role (and unit, for a unit officer); the account's sessions end. */
int account_set_role(struct db *db, const struct actor *a, const char *name, const char *role,
		     const char *unit_code, struct err *e);
/* An administrator's reset: like account_set_password, and with
 * must_change the account must choose its own password at next login. */
int account_reset_password(struct db *db, const struct actor *a, const char *name,
			   const char *password, int must_change, struct err *e);
/* Sets a new password and ends every session of the account. */
int account_set_password(struct db *db, const struct actor *a, const char *name,
			 const char *password, struct err *e);
/* Disables the account, ends its sessions and revokes its API tokens. */
int account_remove(struct db *db, const struct actor *a, const char *name, struct err *e);

/* Secrets: 256 random bits as "<prefix>" + 43 characters of URL-safe
 * base64, and their SHA-256 (what the database keeps). */
void secret_new(struct buf *out, const char *prefix);
void secret_hash(const char *secret, unsigned char out[32]);
/* Constant-time comparison of two NUL-terminated strings. */
int secret_equal(const char *a, const char *b);

/* Creates an API token for an active account; the token (shown once) is
 * appended to out. */
int token_add(struct db *db, const struct actor *a, const char *user, const char *label,
	      struct buf *out, int64_t *id, struct err *e);
int token_revoke(struct db *db, const struct actor *a, int64_t id, struct err *e);

/* contribution_add, and the form's one-time nonce recorded in the same
 * transaction: when the nonce was used before, nothing is written and
 * *already is set with the id that first use saved. */
int contribution_add_once(struct db *db, const struct actor *a, int64_t user_id,
			  const struct contribution_input *in, const char *nonce, int64_t *id,
			  struct buf *receipt, int *already, struct err *e);

/* The FTS5 query of search text as the donor search reads it: folded words,
 * each a prefix, all required.  Returns the number of words (0: nothing to
 * search for, out left empty); at most 8 words are used. */
int search_match(struct buf *out, const char *text);

#endif
