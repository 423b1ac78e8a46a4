/* The transparency log (log.h, docs/transparency-log.md).
 * Leaves: the canonical `ansinh-entry/1` serialisation of a journal entry,
 * the identity commitment, and the leaves rebuilt from the rows as they are
 * now (for proofs, bundles, export and verification). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/log_int.h"
#include "store/store.h"

/* ---- leaves ----------------------------------------------------------------- */

struct w {
	char *p, *end;
	int full;
};

static void w_put(struct w *w, const char *s, size_t n)
{
	if (w->full || (size_t)(w->end - w->p) < n) {
		w->full = 1;
		return;
	}
	memcpy(w->p, s, n);
	w->p += n;
}

/* Two digits per division: ids and amounts are written for every leaf
 * and commitment, and the chain of divisions is what they cost. */
static void w_i64(struct w *w, int64_t v)
{
	static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233"
				    "34353637383940414243444546474849505152535455565758596061626364656667"
				    "6869707172737475767778798081828384858687888990919293949596979899";
	char tmp[24];
	int i = sizeof tmp;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	while (u >= 100) {
		const char *d = pairs + 2 * (u % 100);
		u /= 100;
		tmp[--i] = d[1];
		tmp[--i] = d[0];
	}
	if (u >= 10) {
		tmp[--i] = pairs[2 * u + 1];
		tmp[--i] = pairs[2 * u];
	} else {
		tmp[--i] = (char)('0' + u);
	}
	if (v < 0)
		tmp[--i] = '-';
	w_put(w, tmp + i, sizeof tmp - (size_t)i);
}

#define W_KEY(w, k) w_put((w), k, sizeof k - 1)

static void w_line(struct w *w, const char *key, size_t klen, const char *v)
{
	w_put(w, key, klen);
	w_put(w, v, strlen(v));
	w_put(w, "\n", 1);
}

#define W_LINE(w, k, v) w_line((w), k, sizeof k - 1, (v))

/* Standard padded base64 of 32 bytes (44 characters).  A commitment is
 * public, so the table lookup libsodium avoids (its encoder is constant
 * time, and a tenth of an append's cost) is fine here. */
static void w_b64_32(struct w *w, const uint8_t in[32])
{
	static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char out[44];
	int o = 0;
	for (int i = 0; i < 30; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		out[o++] = t[v >> 18];
		out[o++] = t[(v >> 12) & 63];
		out[o++] = t[(v >> 6) & 63];
		out[o++] = t[v & 63];
	}
	uint32_t v = (uint32_t)in[30] << 16 | (uint32_t)in[31] << 8;
	out[o++] = t[v >> 18];
	out[o++] = t[(v >> 12) & 63];
	out[o++] = t[(v >> 6) & 63];
	out[o++] = '=';
	w_put(w, out, sizeof out);
}

/* A leaf in three parts: the head (format, id), the middle (kind to the key
 * of the amount line: the same for every entry of a batch with the same
 * kind, campaign, dates and accounts, so a write batch keeps it made) and
 * the tail (amount onwards). */
static void w_head(struct w *w, const struct log_leaf *l)
{
	W_KEY(w, LEAF_MAGIC "id ");
	w_i64(w, l->id);
	W_KEY(w, "\n");
}

static void w_middle(struct w *w, const struct log_leaf *l)
{
	W_LINE(w, "kind ", l->kind);
	W_LINE(w, "campaign ", l->campaign);
	W_LINE(w, "date ", l->date);
	W_LINE(w, "recorded ", l->recorded);
	W_LINE(w, "debit ", l->debit);
	W_LINE(w, "credit ", l->credit);
	W_KEY(w, "amount ");
}

static long w_tail(struct w *w, const struct log_leaf *l, const char *out)
{
	w_i64(w, l->amount);
	W_KEY(w, "\n");
	if (l->unit)
		W_LINE(w, "unit ", l->unit);
	if (l->reverses) {
		W_KEY(w, "reverses ");
		w_i64(w, l->reverses);
		W_KEY(w, "\n");
	}
	if (l->receipt) {
		W_LINE(w, "receipt ", l->receipt);
		W_KEY(w, "identity ");
		w_b64_32(w, l->identity);
		W_KEY(w, "\n");
	}
	return w->full ? -1 : (long)(w->p - out);
}

long log_leaf_format(const struct log_leaf *l, char *out, size_t cap)
{
	struct w w = {out, out + cap, 0};
	w_head(&w, l);
	w_middle(&w, l);
	return w_tail(&w, l, out);
}

long lg_leaf_middle(const struct log_leaf *l, char *out, size_t cap)
{
	struct w w = {out, out + cap, 0};
	w_middle(&w, l);
	return w.full ? -1 : (long)(w.p - out);
}

long lg_leaf_format_middle(const struct log_leaf *l, const char *mid, size_t mid_len, char *out,
			   size_t cap)
{
	struct w w = {out, out + cap, 0};
	w_head(&w, l);
	w_put(&w, mid, mid_len);
	return w_tail(&w, l, out);
}

int log_leaf_field(const char *data, size_t len, const char *key, char *out, size_t cap)
{
	size_t klen = strlen(key), at = 0;
	while (at < len) {
		const char *line = data + at, *nl = memchr(line, '\n', len - at);
		size_t n = nl ? (size_t)(nl - line) : len - at;
		at += n + 1;
		if (n > klen && memcmp(line, key, klen) == 0 && line[klen] == ' ') {
			if (n - klen - 1 >= cap)
				return 0;
			memcpy(out, line + klen + 1, n - klen - 1);
			out[n - klen - 1] = '\0';
			return 1;
		}
	}
	return 0;
}

/* The commitment's input is laid out in one buffer and hashed in a single
 * update: it is hashed once per contribution, and each update call costs
 * about as much as a block. */
#define COMMIT_INPUT_MAX 1024

static void commit_field(uint8_t *buf, size_t *at, const char *s, size_t n)
{
	uint8_t len[4] = {(uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n};
	memcpy(buf + *at, len, 4);
	memcpy(buf + *at + 4, s, n);
	*at += 4 + n;
}

void log_identity_commit(const uint8_t salt[LOG_SALT_SIZE], int64_t donor_id, const char *name,
			 const char *tax_code, uint8_t out[32])
{
	char id[24];
	struct w w = {id, id + sizeof id, 0};
	size_t name_len = name ? strlen(name) : 0, tax_len = tax_code ? strlen(tax_code) : 0;
	size_t need = LOG_SALT_SIZE + sizeof IDENTITY_MAGIC - 1 + 3 * 4 + sizeof id + name_len + tax_len;
	uint8_t stack[COMMIT_INPUT_MAX], *buf = need <= sizeof stack ? stack : xmalloc(need);
	size_t at = 0;

	w_i64(&w, donor_id);
	memcpy(buf, salt, LOG_SALT_SIZE);
	at = LOG_SALT_SIZE;
	memcpy(buf + at, IDENTITY_MAGIC, sizeof IDENTITY_MAGIC - 1);
	at += sizeof IDENTITY_MAGIC - 1;
	commit_field(buf, &at, id, (size_t)(w.p - id));
	commit_field(buf, &at, name ? name : "", name_len);
	commit_field(buf, &at, tax_code ? tax_code : "", tax_len);
	merkle_sha256(buf, at, out);
	sodium_memzero(buf, at);
	if (buf != stack)
		free(buf);
}

/* A field an appended leaf may carry: non-empty, one line, no control
 * characters (they would make the format ambiguous). */
int lg_field_ok(const char *s)
{
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

struct rebuild {
	struct db *db;
	struct err *e;
	rebuilt_fn fn;
	void *ctx;
	struct backfill *fill;
	char acc[LOG_ACCOUNTS_MAX][24];
	int64_t salt_n;
	int salts_loaded;
	uint8_t salts[LOG_SALTS][LOG_SALT_SIZE];
	char *data; /* LOG_LEAF_MAX bytes */
	char unknown_debit[32], unknown_credit[32];
};

static int rebuild_row(void *ctx, const struct log_entry_row *r)
{
	struct rebuild *rb = ctx;
	struct log_leaf l = {0};
	uint8_t commit[32] = {0};
	enum identity_source src = ID_NONE;
	int64_t leaf = r->id - 1;
	int found;

	if (leaf < 0)
		return err_fail(rb->e, "journal entry %lld has an id the log cannot hold",
				(long long)r->id);
	l.id = r->id;
	l.kind = r->kind;
	l.date = r->date;
	l.recorded = r->recorded;
	l.campaign = r->campaign ? r->campaign : "";
	l.amount = r->amount;
	l.reverses = r->reverses_id;
	l.unit = r->unit;
	/* an account that is not in the chart still gives some (wrong) bytes */
	l.debit = lg_account_code(rb->acc, r->debit_account);
	if (l.debit == NULL) {
		snprintf(rb->unknown_debit, sizeof rb->unknown_debit, "#%lld", (long long)r->debit_account);
		l.debit = rb->unknown_debit;
	}
	l.credit = lg_account_code(rb->acc, r->credit_account);
	if (l.credit == NULL) {
		snprintf(rb->unknown_credit, sizeof rb->unknown_credit, "#%lld",
			 (long long)r->credit_account);
		l.credit = rb->unknown_credit;
	}
	if (rb->fill)
		rb->fill->has_salt = 0;
	if (r->receipt && rb->fill) {
		if (lg_take_salt(rb->db, rb->fill->lb, rb->fill->salt, rb->e) < 0)
			return -1;
		rb->fill->has_salt = 1;
		log_identity_commit(rb->fill->salt, r->donor_id, r->donor_name, r->donor_tax, commit);
		src = ID_SALT;
		l.receipt = r->receipt;
		l.identity = commit;
	} else if (r->receipt) {
		if (!rb->salts_loaded || rb->salt_n != leaf / LOG_SALTS) {
			rb->salt_n = leaf / LOG_SALTS;
			if (lg_salts_load(rb->db, rb->salt_n, rb->salts, rb->e) < 0)
				return -1;
			rb->salts_loaded = 1;
		}
		const uint8_t *salt = rb->salts[leaf % LOG_SALTS];
		if (!lg_is_zero(salt, LOG_SALT_SIZE)) {
			log_identity_commit(salt, r->donor_id, r->donor_name, r->donor_tax, commit);
			src = ID_SALT;
		} else if ((found = store_log_erased_get(rb->db, leaf, commit, rb->e)) < 0) {
			return -1;
		} else {
			src = found ? ID_ERASED : ID_MISSING;
		}
		l.receipt = r->receipt;
		l.identity = commit;
	}
	long len = log_leaf_format(&l, rb->data, LOG_LEAF_MAX);
	if (len < 0)
		return err_fail(rb->e, "journal entry %lld no longer fits a leaf (it was changed "
				"after it was recorded)", (long long)r->id);
	return rb->fn(rb->ctx, r, (const uint8_t *)rb->data, (size_t)len, commit, src);
}

int lg_rebuild_ex(struct db *db, int64_t from, int64_t to, rebuilt_fn fn, void *ctx,
		      struct backfill *fill, struct err *e)
{
	struct rebuild *rb = xcalloc(1, sizeof *rb);
	int rc = -1;
	rb->db = db;
	rb->e = e;
	rb->fn = fn;
	rb->ctx = ctx;
	rb->fill = fill;
	rb->data = xmalloc(LOG_LEAF_MAX);
	if (lg_load_accounts(db, rb->acc, e) < 0)
		goto cleanup;
	rc = store_log_entries(db, from, to, rebuild_row, rb, e);
cleanup:
	sodium_memzero(rb->salts, sizeof rb->salts);
	free(rb->data);
	free(rb);
	return rc;
}

int lg_rebuild(struct db *db, int64_t from, int64_t to, rebuilt_fn fn, void *ctx,
		   struct err *e)
{
	return lg_rebuild_ex(db, from, to, fn, ctx, NULL, e);
}

static int take_one(void *ctx, const struct log_entry_row *r, const uint8_t *data, size_t len,
		    const uint8_t commit[32], enum identity_source src)
{
	struct one_leaf *o = ctx;
	if (r->id != o->want)
		return 0;
	o->got = 1;
	buf_put(o->data, data, len);
	o->donor_id = r->donor_id;
	o->src = src;
	memcpy(o->commit, commit, 32);
	return 0;
}

int lg_leaf_data(struct db *db, int64_t leaf, struct buf *out, struct one_leaf *o,
		     struct err *e)
{
	struct dbr *r = lg_dbr_new(db);
	uint8_t stored[HASH], h[HASH];
	int rc = -1;
	o->want = leaf + 1;
	o->data = out;
	if (lg_rebuild(db, leaf + 1, leaf + 1, take_one, o, e) < 0)
		goto cleanup;
	if (!o->got) {
		err_fail(e, "journal entry %lld (leaf %lld) is missing", (long long)leaf + 1,
			 (long long)leaf);
		goto cleanup;
	}
	if (lg_dbr_hash(r, 0, leaf, stored, e) < 0)
		goto cleanup;
	merkle_leaf_hash((const uint8_t *)out->p, out->len, h);
	if (memcmp(h, stored, HASH) != 0) {
		err_fail(e, "journal entry %lld no longer matches its leaf %lld in the transparency "
			 "log (run `ansinh verify`)", (long long)leaf + 1, (long long)leaf);
		goto cleanup;
	}
	rc = 0;
cleanup:
	free(r);
	return rc;
}
