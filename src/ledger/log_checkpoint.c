/* The transparency log (log.h, docs/transparency-log.md).
 * The log's origin, its Ed25519 keys (Go note format) and its signed
 * checkpoints. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ledger/log_int.h"
#include "store/store.h"

/* ---- origin and keys -------------------------------------------------------------- */

/* What the log allows in an origin (which is also its key's name): a
 * schema-less URL of printable ASCII without spaces or '+'. */
static int origin_check(const char *s, struct err *e)
{
	size_t n = strlen(s);
	if (n == 0 || n > NOTE_ORIGIN_MAX)
		return err_fail(e, "log origin must be 1 to %d characters", NOTE_ORIGIN_MAX);
	for (const char *p = s; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '+')
			return err_fail(e, "log origin '%s': only printable ASCII without spaces or '+' "
					"(for example example.org/ansinh)", s);
	return 0;
}

static void put_sanitised(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			 c == '.' || c == '-' || c == '_';
		buf_putc(b, ok ? c : '-');
	}
}

static void default_origin(struct db *db, struct buf *out)
{
	char host[256] = "";
	const char *path = db_path(db), *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n > 3 && strcmp(base + n - 3, ".db") == 0)
		n -= 3;
	if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0')
		snprintf(host, sizeof host, "localhost");
	buf_reset(out);
	buf_puts(out, "ansinh.");
	put_sanitised(out, host, strnlen(host, 64));
	buf_putc(out, '/');
	if (n == 0)
		buf_puts(out, "ansinh");
	else
		put_sanitised(out, base, n < 64 ? n : 64);
}

int log_origin(struct db *db, struct buf *out, struct err *e)
{
	int found = store_setting_get(db, LOG_ORIGIN_SETTING, out, e);
	if (found < 0)
		return -1;
	if (found == 0)
		default_origin(db, out);
	return 0;
}

struct key_info {
	int found;
	int64_t id;
	char name[NOTE_NAME_MAX + 1];
	struct buf vkey, skey;
};

static int take_key(void *ctx, const struct log_key_row *k)
{
	struct key_info *ki = ctx;
	ki->found = 1;
	ki->id = k->id;
	snprintf(ki->name, sizeof ki->name, "%s", k->name);
	buf_reset(&ki->vkey);
	buf_puts(&ki->vkey, k->vkey);
	buf_reset(&ki->skey);
	/* grown first, so no copy of the secret is left behind by a realloc */
	buf_grow(&ki->skey, 512);
	if (k->skey)
		buf_puts(&ki->skey, k->skey);
	return 0;
}

static void key_info_free(struct key_info *ki)
{
	buf_free(&ki->vkey);
	if (ki->skey.p)
		sodium_memzero(ki->skey.p, ki->skey.cap);
	buf_free(&ki->skey);
}

/* The active key, made (named after the origin, which is then stored)
 * when there is none. */
static int active_key(struct db *db, const char *now, struct key_info *ki, struct err *e)
{
	struct buf origin = BUF_INIT, skey = BUF_INIT, vkey = BUF_INIT;
	int rc = -1, found;

	if ((found = store_log_key_active(db, take_key, ki, e)) != 0) {
		rc = found < 0 ? -1 : 0;
		goto cleanup;
	}
	if (log_origin(db, &origin, e) < 0 ||
	    store_setting_set(db, LOG_ORIGIN_SETTING, origin.p, e) < 0)
		goto cleanup;
	buf_grow(&skey, 512);
	if (note_generate_key(origin.p, &skey, &vkey, e) < 0 ||
	    store_log_key_insert(db, origin.p, vkey.p, skey.p, now, &ki->id, e) < 0)
		goto cleanup;
	if (store_log_key_active(db, take_key, ki, e) <= 0) {
		err_fail(e, "log: the new key did not become active");
		goto cleanup;
	}
	rc = 0;
cleanup:
	if (skey.p)
		sodium_memzero(skey.p, skey.cap);
	buf_free(&skey);
	buf_free(&vkey);
	buf_free(&origin);
	return rc;
}

int log_key_ensure(struct db *db, const char *now, struct err *e)
{
	struct key_info ki = {0};
	int rc = active_key(db, now, &ki, e);
	key_info_free(&ki);
	return rc;
}

int log_verifier(struct db *db, const char *now, struct buf *vkey, struct err *e)
{
	struct key_info ki = {0};
	int rc = active_key(db, now, &ki, e);
	if (rc == 0)
		buf_puts(vkey, ki.vkey.p);
	key_info_free(&ki);
	return rc;
}

int log_key_export(struct db *db, const char *now, struct buf *skey, struct err *e)
{
	struct key_info ki = {0};
	int rc = active_key(db, now, &ki, e);
	if (rc == 0) {
		buf_grow(skey, ki.skey.len + 1);
		buf_puts(skey, ki.skey.p);
	}
	key_info_free(&ki);
	return rc;
}

int lg_take_checkpoint(void *ctx, const struct log_checkpoint_row *c)
{
	struct checkpoint_info *ci = ctx;
	ci->found = 1;
	ci->id = c->id;
	ci->size = c->size;
	ci->key_id = c->key_id;
	if (c->root)
		memcpy(ci->root, c->root, HASH);
	else
		memset(ci->root, 0, HASH);
	buf_reset(&ci->note);
	buf_put(&ci->note, c->note, c->note_len);
	return 0;
}

/* Signs (size, root) with the active key unless the latest checkpoint
 * already says exactly that with that key. */
static int sign_root(struct db *db, int64_t size, const uint8_t root[HASH], const char *now,
		     struct err *e)
{
	struct key_info ki = {0};
	struct checkpoint_info last = {0};
	struct note_signer s;
	struct note_checkpoint c = {0};
	struct buf origin = BUF_INIT, note = BUF_INIT;
	int rc = -1;
	int64_t id;

	memset(&s, 0, sizeof s);
	if (size <= 0)
		return 0;
	if (active_key(db, now, &ki, e) < 0 ||
	    store_log_checkpoint_latest(db, 0, lg_take_checkpoint, &last, e) < 0)
		goto cleanup;
	if (last.found && size < last.size) {
		err_fail(e, "log: the tree of %lld leaves is smaller than the latest checkpoint (%lld)",
			 (long long)size, (long long)last.size);
		goto cleanup;
	}
	if (last.found && size == last.size && last.key_id == ki.id) {
		if (memcmp(last.root, root, HASH) != 0) {
			err_fail(e, "log: the tree of %lld leaves no longer has the root of its "
				 "checkpoint %lld", (long long)size, (long long)last.id);
			goto cleanup;
		}
		rc = 0;
		goto cleanup;
	}
	if (log_origin(db, &origin, e) < 0 || note_signer_parse(ki.skey.p, &s, e) < 0)
		goto cleanup;
	if (strcmp(s.name, origin.p) != 0) {
		err_fail(e, "log: the key is named %s but the log's origin is %s (rotate the key)",
			 s.name, origin.p);
		goto cleanup;
	}
	snprintf(c.origin, sizeof c.origin, "%s", origin.p);
	c.size = size;
	memcpy(c.root, root, HASH);
	if (note_checkpoint_sign(&c, &s, &note, e) < 0 ||
	    store_log_checkpoint_insert(db, size, root, ki.id, now, note.p, note.len, &id, e) < 0)
		goto cleanup;
	rc = 0;
cleanup:
	note_signer_clear(&s);
	key_info_free(&ki);
	buf_free(&last.note);
	buf_free(&origin);
	buf_free(&note);
	return rc;
}

/* At most one checkpoint a second per process: under load the web server
 * would otherwise sign (and store) one per request. */
static pthread_mutex_t sign_mu = PTHREAD_MUTEX_INITIALIZER;
static int64_t sign_last_ms = -1;

static int64_t monotonic_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int sign_due(void)
{
	pthread_mutex_lock(&sign_mu);
	int due = sign_last_ms < 0 || monotonic_ms() - sign_last_ms >= LOG_SIGN_INTERVAL_MS;
	pthread_mutex_unlock(&sign_mu);
	return due;
}

static void sign_done(void)
{
	pthread_mutex_lock(&sign_mu);
	sign_last_ms = monotonic_ms();
	pthread_mutex_unlock(&sign_mu);
}

int log_batch_flush(struct db *db, struct log_batch *lb, const char *now, struct err *e)
{
	uint8_t root[HASH];
	if (!lb->loaded)
		return 0;
	if (log_batch_write(db, lb, e) < 0)
		return -1;
	/* the run's salts not taken are forgotten; a later append starts another */
	sodium_memzero(lb->run, sizeof lb->run);
	lb->run_end = 0;
	if (lb->size == lb->base || !sign_due())
		return 0;
	lg_edge_root(lb, root);
	if (sign_root(db, lb->size, root, now, e) < 0)
		return -1;
	sign_done();
	return 0;
}

int log_sign(struct db *db, const char *now, int64_t *size, struct err *e)
{
	struct dbr *r = lg_dbr_new(db);
	struct merkle_reader mr = {r, lg_dbr_read};
	struct checkpoint_info last = {0};
	uint8_t root[HASH];
	int64_t n;
	int rc = -1;

	if (log_size(db, &n, e) < 0 || (n == 0 && lg_catch_up(db, &n, e) < 0))
		goto cleanup;
	if (n > 0) {
		if (merkle_tree_hash(n, &mr, root, e) < 0 || sign_root(db, n, root, now, e) < 0)
			goto cleanup;
		sign_done();
	}
	if (size) {
		if (store_log_checkpoint_latest(db, 0, lg_take_checkpoint, &last, e) < 0)
			goto cleanup;
		*size = last.found ? last.size : 0;
	}
	rc = 0;
cleanup:
	buf_free(&last.note);
	free(r);
	return rc;
}

/* Retires the active key (if any) and makes the given one active, then
 * signs the tree with it so the latest checkpoint is always by the key a
 * verifier is told to use. */
static int key_activate(struct db *db, const char *name, const char *skey, const char *vkey,
			const char *now, struct err *e)
{
	struct key_info ki = {0};
	int64_t id;
	int rc = -1, found = store_log_key_active(db, take_key, &ki, e);
	if (found < 0)
		goto cleanup;
	if (found && store_log_key_retire(db, ki.id, now, e) < 0)
		goto cleanup;
	if (store_log_key_insert(db, name, vkey, skey, now, &id, e) < 0 || log_sign(db, now, NULL, e) < 0)
		goto cleanup;
	rc = 0;
cleanup:
	key_info_free(&ki);
	return rc;
}

int log_key_rotate(struct db *db, const char *now, struct buf *vkey, struct err *e)
{
	struct buf origin = BUF_INIT, skey = BUF_INIT, v = BUF_INIT;
	int rc = -1;
	buf_grow(&skey, 512);
	if (log_origin(db, &origin, e) < 0 ||
	    store_setting_set(db, LOG_ORIGIN_SETTING, origin.p, e) < 0 ||
	    note_generate_key(origin.p, &skey, &v, e) < 0 ||
	    key_activate(db, origin.p, skey.p, v.p, now, e) < 0)
		goto cleanup;
	buf_puts(vkey, v.p);
	rc = 0;
cleanup:
	sodium_memzero(skey.p, skey.cap);
	buf_free(&skey);
	buf_free(&v);
	buf_free(&origin);
	return rc;
}

struct key_match {
	const char *vkey;
	int64_t id;
	int active;
};

static int match_key(void *ctx, const struct log_key_row *k)
{
	struct key_match *m = ctx;
	if (strcmp(k->vkey, m->vkey) == 0) {
		m->id = k->id;
		m->active = k->retired_at == NULL;
	}
	return 0;
}

int log_key_import(struct db *db, const char *skey, const char *now, struct buf *vkey,
		   struct err *e)
{
	struct note_signer s;
	struct note_verifier v;
	struct buf origin = BUF_INIT, vk = BUF_INIT;
	int rc = -1;

	memset(&s, 0, sizeof s);
	if (note_signer_parse(skey, &s, e) < 0 || log_origin(db, &origin, e) < 0)
		goto cleanup;
	if (strcmp(s.name, origin.p) != 0) {
		err_fail(e, "the key is named %s, but the log's origin is %s (the key's name must be "
			 "the origin: see `ansinh log origin`)", s.name, origin.p);
		goto cleanup;
	}
	note_signer_verifier(&s, &v);
	note_verifier_format(&v, &vk);
	struct key_match m = {vk.p, 0, 0};
	if (store_log_key_each(db, match_key, &m, e) < 0)
		goto cleanup;
	if (m.id) {
		err_fail(e, m.active ? "this key is already the log's key"
				     : "this key was retired (key %lld): a retired key cannot return",
			 (long long)m.id);
		goto cleanup;
	}
	if (store_setting_set(db, LOG_ORIGIN_SETTING, origin.p, e) < 0 ||
	    key_activate(db, s.name, skey, vk.p, now, e) < 0)
		goto cleanup;
	buf_puts(vkey, vk.p);
	rc = 0;
cleanup:
	note_signer_clear(&s);
	buf_free(&origin);
	buf_free(&vk);
	return rc;
}

int log_set_origin(struct db *db, const char *origin, const char *now, struct err *e)
{
	struct checkpoint_info last = {0};
	struct key_info ki = {0};
	struct buf vkey = BUF_INIT, cur = BUF_INIT;
	int rc = -1, found;

	if (origin_check(origin, e) < 0 ||
	    store_log_checkpoint_latest(db, 0, lg_take_checkpoint, &last, e) < 0 ||
	    log_origin(db, &cur, e) < 0)
		goto cleanup;
	if (last.found && strcmp(cur.p, origin) != 0) {
		err_fail(e, "the log has signed checkpoints as %s: its origin can no longer change",
			 cur.p);
		goto cleanup;
	}
	if (store_setting_set(db, LOG_ORIGIN_SETTING, origin, e) < 0 ||
	    (found = store_log_key_active(db, take_key, &ki, e)) < 0)
		goto cleanup;
	if (found && strcmp(ki.name, origin) != 0 && log_key_rotate(db, now, &vkey, e) < 0)
		goto cleanup;
	if (!found && log_key_ensure(db, now, e) < 0)
		goto cleanup;
	rc = 0;
cleanup:
	buf_free(&last.note);
	key_info_free(&ki);
	buf_free(&vkey);
	buf_free(&cur);
	return rc;
}

/* The signed text of a note ends at its first blank line (a checkpoint's
 * text has none inside). */
static size_t note_text_len(const char *note, size_t len)
{
	for (size_t i = 1; i < len; i++)
		if (note[i] == '\n' && note[i - 1] == '\n')
			return i;
	return len;
}

int log_checkpoint_latest(struct db *db, struct buf *note, struct note_checkpoint *c,
			  struct err *e)
{
	struct checkpoint_info last = {0};
	int rc = -1;
	if (store_log_checkpoint_latest(db, 0, lg_take_checkpoint, &last, e) < 0)
		goto cleanup;
	if (!last.found) {
		rc = 0;
		goto cleanup;
	}
	if (c && note_checkpoint_parse(last.note.p, note_text_len(last.note.p, last.note.len), c,
				       e) < 0) {
		err_prefix(e, "log: checkpoint %lld: ", (long long)last.id);
		goto cleanup;
	}
	if (note)
		buf_put(note, last.note.p, last.note.len);
	rc = 1;
cleanup:
	buf_free(&last.note);
	return rc;
}
