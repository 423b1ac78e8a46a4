/* The ledger's transparency log (see log.h and docs/transparency-log.md).
 *
 * Storage: every stored hash (Go tlog's "stored hash" of each complete
 * subtree) lives in the row of the tile of height 8 below it: row (T, n)
 * holds the 256 bottom hashes of tile n of tile level T (tree level 8T) and
 * every interior hash above them up to tree level 8T+7, 510 hashes in the
 * order they are made (post-order, the order of Go's stored-hash index
 * within the subtree).  Appends only ever add to a row's end; a batch keeps
 * the rows of tile levels 0 and 1 in memory and writes a row once it is
 * full (every 256 leaves) or at flush.  A proof reads one row per tile level
 * (three at ten million leaves) plus the right edge, a tile one row.  A row
 * is 16 KB, which SQLite keeps in overflow pages packed full. */
#include "ledger/log.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

#define HASH MERKLE_HASH_SIZE
#define TILE_W MERKLE_TILE_WIDTH
#define TILE_H MERKLE_TILE_HEIGHT
#define LEAF_MAGIC "ansinh-entry/1\n"
#define IDENTITY_MAGIC "ansinh-identity/1\n"
#define PROOF_MAGIC "ansinh-proof/1 "
/* An appended leaf is built on the stack: its fields are checked codes,
 * dates and numbers, far below this. */
#define APPEND_LEAF_MAX 2048

_Static_assert(LOG_TILE_HASHES == STORE_LOG_TILE_HASHES, "tile rows of the store and the log");
_Static_assert(LOG_SALTS == STORE_LOG_SALTS && LOG_SALTS == MERKLE_TILE_WIDTH,
	       "a salt row is an entry bundle's");

/* ---- SHA-256 for commitments ---------------------------------------------
 * One digest per contribution in a bulk import: a per-thread context and a
 * fetched implementation (SHA-NI where the CPU has it), as in merkle.c. */

static EVP_MD *sha_md;
static pthread_once_t sha_once = PTHREAD_ONCE_INIT;
static pthread_key_t sha_key;
static _Thread_local EVP_MD_CTX *sha_ctx;

static void sha_free(void *p)
{
	EVP_MD_CTX_free(p);
}

static void sha_setup(void)
{
	sha_md = EVP_MD_fetch(NULL, "SHA2-256", NULL);
	if (sha_md == NULL)
		fatal("log: OpenSSL provides no SHA-256");
	if (pthread_key_create(&sha_key, sha_free) != 0)
		fatal("log: pthread_key_create failed");
}

static EVP_MD_CTX *sha_begin(void)
{
	EVP_MD_CTX *c = sha_ctx;
	if (c == NULL) {
		pthread_once(&sha_once, sha_setup);
		if ((c = EVP_MD_CTX_new()) == NULL)
			fatal("log: out of memory for a digest context");
		if (pthread_setspecific(sha_key, c) != 0)
			fatal("log: pthread_setspecific failed");
		sha_ctx = c;
	}
	if (EVP_DigestInit_ex2(c, sha_md, NULL) != 1)
		fatal("log: SHA-256 init failed");
	return c;
}

static void sha_put(EVP_MD_CTX *c, const void *p, size_t n)
{
	if (n && EVP_DigestUpdate(c, p, n) != 1)
		fatal("log: SHA-256 update failed");
}

static void sha_end(EVP_MD_CTX *c, uint8_t out[32])
{
	unsigned int n = 0;
	if (EVP_DigestFinal_ex(c, out, &n) != 1 || n != 32)
		fatal("log: SHA-256 final failed");
}

/* ---- encodings -------------------------------------------------------------- */

static void sodium_ready(void)
{
	if (sodium_init() < 0)
		fatal("log: libsodium failed to initialise");
}

static void put_b64(struct buf *b, const uint8_t *p, size_t n)
{
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	buf_grow(b, cap);
	sodium_bin2base64(b->p + b->len, cap, p, n, sodium_base64_VARIANT_ORIGINAL);
	b->len += cap - 1;
}

/* Canonical standard base64 only (libsodium refuses bad padding and
 * non-zero leftover bits).  Returns the decoded length or -1. */
static long get_b64(const char *s, size_t n, uint8_t *out, size_t max)
{
	const char *end = NULL;
	size_t len = 0;
	if (n == 0 || n % 4 != 0)
		return -1;
	if (sodium_base642bin(out, max, s, n, NULL, &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    end != s + n)
		return -1;
	return (long)len;
}

static const char B32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* RFC 4648 base32 without padding: 32 bytes are 52 characters. */
static void put_b32(struct buf *b, const uint8_t *p, size_t n)
{
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		acc = acc << 8 | p[i];
		bits += 8;
		while (bits >= 5) {
			buf_putc(b, B32[(acc >> (bits - 5)) & 31]);
			bits -= 5;
		}
	}
	if (bits > 0)
		buf_putc(b, B32[(acc << (5 - bits)) & 31]);
}

/* Decodes exactly `want` bytes from base32 s[0, n), either case; the
 * unused low bits of the last character must be zero. */
static int get_b32(const char *s, size_t n, uint8_t *out, size_t want)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t got = 0;
	if (n != (want * 8 + 4) / 5)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int v;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		const char *at = strchr(B32, c);
		if (c == '\0' || at == NULL)
			return -1;
		v = (int)(at - B32);
		acc = acc << 5 | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			if (got == want)
				return -1;
			out[got++] = (uint8_t)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	if (got != want || (acc & ((1u << bits) - 1)) != 0)
		return -1;
	return 0;
}

/* A decimal number without sign or leading zeros, at most max. */
static int get_count(const char *s, size_t n, int64_t max, int64_t *out)
{
	int64_t v = 0;
	if (n == 0 || n > 19 || (n > 1 && s[0] == '0'))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (max - (s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int is_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;
	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

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

static void w_i64(struct w *w, int64_t v)
{
	char tmp[24];
	int i = sizeof tmp;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
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

long log_leaf_format(const struct log_leaf *l, char *out, size_t cap)
{
	struct w w = {out, out + cap, 0};
	W_KEY(&w, LEAF_MAGIC "id ");
	w_i64(&w, l->id);
	W_KEY(&w, "\n");
	W_LINE(&w, "kind ", l->kind);
	W_LINE(&w, "campaign ", l->campaign);
	W_LINE(&w, "date ", l->date);
	W_LINE(&w, "recorded ", l->recorded);
	W_LINE(&w, "debit ", l->debit);
	W_LINE(&w, "credit ", l->credit);
	W_KEY(&w, "amount ");
	w_i64(&w, l->amount);
	W_KEY(&w, "\n");
	if (l->unit)
		W_LINE(&w, "unit ", l->unit);
	if (l->reverses) {
		W_KEY(&w, "reverses ");
		w_i64(&w, l->reverses);
		W_KEY(&w, "\n");
	}
	if (l->receipt) {
		W_LINE(&w, "receipt ", l->receipt);
		W_KEY(&w, "identity ");
		w_b64_32(&w, l->identity);
		W_KEY(&w, "\n");
	}
	return w.full ? -1 : (long)(w.p - out);
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

static void commit_field(EVP_MD_CTX *c, const char *s, size_t n)
{
	uint8_t len[4] = {(uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n};
	sha_put(c, len, 4);
	sha_put(c, s, n);
}

void log_identity_commit(const uint8_t salt[LOG_SALT_SIZE], int64_t donor_id, const char *name,
			 const char *tax_code, uint8_t out[32])
{
	char id[24];
	struct w w = {id, id + sizeof id, 0};
	w_i64(&w, donor_id);
	EVP_MD_CTX *c = sha_begin();
	sha_put(c, salt, LOG_SALT_SIZE);
	sha_put(c, IDENTITY_MAGIC, sizeof IDENTITY_MAGIC - 1);
	commit_field(c, id, (size_t)(w.p - id));
	commit_field(c, name ? name : "", name ? strlen(name) : 0);
	commit_field(c, tax_code ? tax_code : "", tax_code ? strlen(tax_code) : 0);
	sha_end(c, out);
}

/* A field an appended leaf may carry: non-empty, one line, no control
 * characters (they would make the format ambiguous). */
static int field_ok(const char *s)
{
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

/* ---- reading stored hashes -------------------------------------------------- */

/* Where the hash of subtree k at tree level `level` is stored: row (*tl, *n)
 * at position *pos, its place in the post-order of the row's subtree. */
static void place(int level, int64_t k, int *tl, int64_t *n, int *pos)
{
	int j = level % TILE_H;
	*tl = level / TILE_H;
	*n = k >> (TILE_H - j);
	int64_t kk = k - (*n << (TILE_H - j));
	int64_t x = ((kk + 1) << j) - 1;
	*pos = (int)(2 * x - __builtin_popcountll((uint64_t)x) + j);
}

/* The hashes in a tile row whose subtree has m (0..256) bottom hashes. */
static int row_count(int64_t m)
{
	int c = 0;
	for (int j = 0; j < TILE_H; j++)
		c += (int)(m >> j);
	return c;
}

int log_size(struct db *db, int64_t *size, struct err *e)
{
	int64_t n = 0;
	int count = 0;
	int rc = store_log_row_last(db, 0, &n, &count, e);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		*size = 0;
		return 0;
	}
	/* row_count(m) = 2m - popcount(m) below 256: m is just above count / 2 */
	for (int64_t m = count / 2; m <= TILE_W && m <= count / 2 + TILE_H + 1; m++) {
		if (row_count(m) == count) {
			*size = n * TILE_W + m;
			return 0;
		}
	}
	return err_fail(e, "log: tile row 0/%lld holds %d hashes, which no number of leaves gives",
			(long long)n, count);
}

/* A merkle_reader over the tile rows of the database, remembering the last
 * few rows it read (a proof asks for several hashes of each). */
#define DBR_CACHE 4
struct dbr {
	struct db *db;
	struct {
		int tl, count;
		int64_t n;
		uint8_t h[LOG_TILE_HASHES][HASH];
	} c[DBR_CACHE];
	int nc, next;
};

static int dbr_row(struct dbr *r, int tl, int64_t n, int *slot, struct err *e)
{
	for (int i = 0; i < r->nc; i++) {
		if (r->c[i].tl == tl && r->c[i].n == n) {
			*slot = i;
			return 0;
		}
	}
	int i = r->nc < DBR_CACHE ? r->nc++ : r->next;
	r->next = (i + 1) % DBR_CACHE;
	r->c[i].tl = -1;
	int found = store_log_row_get(r->db, tl, n, &r->c[i].h[0][0], &r->c[i].count, e);
	if (found < 0)
		return -1;
	if (found == 0)
		r->c[i].count = 0;
	r->c[i].tl = tl;
	r->c[i].n = n;
	*slot = i;
	return 0;
}

/* The stored hash of subtree k at level; an error when it is missing. */
static int dbr_hash(struct dbr *r, int level, int64_t k, uint8_t out[HASH], struct err *e)
{
	int tl, pos, slot;
	int64_t n;
	place(level, k, &tl, &n, &pos);
	if (dbr_row(r, tl, n, &slot, e) < 0)
		return -1;
	if (pos >= r->c[slot].count)
		return err_fail(e, "log: the stored hash of subtree %lld at level %d is missing",
				(long long)k, level);
	memcpy(out, r->c[slot].h[pos], HASH);
	return 0;
}

static int dbr_read(void *ctx, const int64_t *idx, int n, uint8_t (*out)[HASH], struct err *e)
{
	struct dbr *r = ctx;
	for (int i = 0; i < n; i++) {
		int level;
		int64_t k;
		if (merkle_split_stored_index(idx[i], &level, &k) != 0)
			return err_fail(e, "log: stored index %lld out of range", (long long)idx[i]);
		if (dbr_hash(r, level, k, out[i], e) < 0)
			return -1;
	}
	return 0;
}

/* Not zeroed: 64 KB of cache that is only read once written. */
static struct dbr *dbr_new(struct db *db)
{
	struct dbr *r = xmalloc(sizeof *r);
	r->db = db;
	r->nc = r->next = 0;
	return r;
}

void log_reader_open(struct db *db, struct merkle_reader *r)
{
	r->ctx = dbr_new(db);
	r->read = dbr_read;
}

void log_reader_close(struct merkle_reader *r)
{
	free(r->ctx);
	r->ctx = NULL;
}

/* ---- appending ------------------------------------------------------------- */

/* Serves merkle_stored_hashes from the batch's right edge: appending leaf
 * n reads subtrees (i, (n >> i) - 1), exactly the edge's. */
static int edge_read(void *ctx, const int64_t *idx, int n, uint8_t (*out)[HASH], struct err *e)
{
	struct log_batch *lb = ctx;
	for (int i = 0; i < n; i++) {
		int level;
		int64_t k;
		if (merkle_split_stored_index(idx[i], &level, &k) != 0 ||
		    (lb->size >> level) < 1 || k != (lb->size >> level) - 1)
			return err_fail(e, "log: internal error: hash %lld is not on the tree's edge",
					(long long)idx[i]);
		memcpy(out[i], lb->edge[level], HASH);
	}
	return 0;
}

static int backfill(struct db *db, struct log_batch *lb, struct err *e);

static int batch_load(struct db *db, struct log_batch *lb, struct err *e)
{
	struct dbr *r = dbr_new(db);
	int64_t n;
	int rc = -1;

	if (log_size(db, &n, e) < 0)
		goto cleanup;
	for (int level = 0; level < MERKLE_MAX_STORED && (n >> level) > 0; level++)
		if (dbr_hash(r, level, (n >> level) - 1, lb->edge[level], e) < 0)
			goto cleanup;
	for (int tl = 0; tl < LOG_BUFFERED_ROWS; tl++) {
		int64_t bottom = n >> (tl * TILE_H); /* complete bottom hashes of this tile level */
		lb->row[tl].n = bottom / TILE_W;
		lb->row[tl].off = row_count(bottom % TILE_W);
		lb->row[tl].cnt = 0;
	}
	lb->salt_n = n / LOG_SALTS;
	lb->salt_off = (int)(n % LOG_SALTS);
	lb->salt_cnt = 0;
	lb->base = lb->size = n;
	lb->loaded = 1;
	rc = 0;
cleanup:
	free(r);
	return rc;
}

static int write_row(struct db *db, struct log_batch *lb, int tl, struct err *e)
{
	struct log_pending *b = &lb->row[tl];
	if (b->cnt == 0)
		return 0;
	if (store_log_row_append(db, tl, b->n, b->off, b->h[b->off], b->cnt, e) < 0)
		return -1;
	b->off += b->cnt;
	b->cnt = 0;
	return 0;
}

static int write_salts(struct db *db, struct log_batch *lb, struct err *e)
{
	int off = lb->salt_off, n = lb->salt_cnt;
	if (n == 0)
		return 0;
	/* Leaves without donors have no salt: a row of them stays unwritten. */
	if (!is_zero(lb->salt[off], (size_t)n * LOG_SALT_SIZE) &&
	    store_log_salt_append(db, lb->salt_n, off, lb->salt[off], n, e) < 0)
		return -1;
	sodium_memzero(lb->salt[off], (size_t)n * LOG_SALT_SIZE);
	lb->salt_off += n;
	lb->salt_cnt = 0;
	if (lb->salt_off == LOG_SALTS) {
		lb->salt_n++;
		lb->salt_off = 0;
	}
	return 0;
}

static int push_hash(struct db *db, struct log_batch *lb, int level, int64_t k, const uint8_t h[HASH],
		     struct err *e)
{
	int tl, pos;
	int64_t n;
	place(level, k, &tl, &n, &pos);
	/* Hashes of tile level 2 and up: one per 32,768 leaves, written at once. */
	if (tl >= LOG_BUFFERED_ROWS)
		return store_log_row_append(db, tl, n, pos, h, 1, e);
	struct log_pending *b = &lb->row[tl];
	if (n != b->n || pos != b->off + b->cnt)
		return err_fail(e, "log: internal error: hash %lld of level %d out of order",
				(long long)k, level);
	memcpy(b->h[pos], h, HASH);
	b->cnt++;
	if (pos < LOG_TILE_HASHES - 1)
		return 0;
	/* the row's subtree is complete: its root goes to the level above */
	if (write_row(db, lb, tl, e) < 0)
		return -1;
	b->n++;
	b->off = 0;
	return 0;
}

static int append_loaded(struct db *db, struct log_batch *lb, const uint8_t *data, size_t len,
			 const uint8_t *salt, struct err *e)
{
	uint8_t lh[HASH], out[MERKLE_MAX_STORED][HASH];
	struct merkle_reader edge = {lb, edge_read};
	int k;

	if (len > LOG_LEAF_MAX)
		return err_fail(e, "log: a leaf of %zu bytes is longer than %d", len, LOG_LEAF_MAX);
	merkle_leaf_hash(data, len, lh);
	if (merkle_stored_hashes(lb->size, lh, &edge, out, &k, e) < 0)
		return -1;
	for (int level = 0; level < k; level++) {
		memcpy(lb->edge[level], out[level], HASH);
		if (push_hash(db, lb, level, lb->size >> level, out[level], e) < 0)
			return -1;
	}
	if (salt)
		memcpy(lb->salt[lb->salt_off + lb->salt_cnt], salt, LOG_SALT_SIZE);
	lb->salt_cnt++;
	lb->size++;
	if (lb->salt_off + lb->salt_cnt == LOG_SALTS)
		return write_salts(db, lb, e);
	return 0;
}

int log_batch_write(struct db *db, struct log_batch *lb, struct err *e)
{
	if (!lb->loaded)
		return 0;
	for (int tl = 0; tl < LOG_BUFFERED_ROWS; tl++)
		if (write_row(db, lb, tl, e) < 0)
			return -1;
	return write_salts(db, lb, e);
}

int log_append_data(struct db *db, struct log_batch *lb, const uint8_t *data, size_t len,
		    const uint8_t *salt, struct err *e)
{
	struct log_batch *own = NULL;
	int rc = -1;
	if (lb == NULL)
		lb = own = xcalloc(1, sizeof *own);
	if (!lb->loaded && batch_load(db, lb, e) < 0)
		goto cleanup;
	if (append_loaded(db, lb, data, len, salt, e) < 0)
		goto cleanup;
	if (own && log_batch_write(db, own, e) < 0)
		goto cleanup;
	rc = 0;
cleanup:
	if (own) {
		sodium_memzero(own, sizeof *own);
		free(own);
	}
	return rc;
}

/* Codes by id, cached for the batch. */
static int take_account(void *ctx, int64_t id, const char *code)
{
	char (*acc)[24] = ctx;
	if (id >= 0 && id < LOG_ACCOUNTS_MAX)
		snprintf(acc[id], 24, "%s", code);
	return 0;
}

static int load_accounts(struct db *db, char acc[LOG_ACCOUNTS_MAX][24], struct err *e)
{
	memset(acc, 0, LOG_ACCOUNTS_MAX * 24);
	return store_log_accounts(db, take_account, acc, e);
}

static const char *account_code(char acc[LOG_ACCOUNTS_MAX][24], int64_t id)
{
	if (id < 0 || id >= LOG_ACCOUNTS_MAX || acc[id][0] == '\0')
		return NULL;
	return acc[id];
}

static int campaign_code(struct db *db, struct log_batch *lb, int64_t id, const char **code,
			 struct err *e)
{
	for (int i = 0; i < lb->ncampaign; i++)
		if (lb->campaign[i].id == id) {
			*code = lb->campaign[i].code;
			return 0;
		}
	int i = lb->ncampaign < LOG_CAMPAIGN_CACHE ? lb->ncampaign++ : (int)(id % LOG_CAMPAIGN_CACHE);
	int found = store_log_campaign_code(db, id, lb->campaign[i].code, e);
	if (found <= 0) {
		lb->campaign[i].id = 0;
		return found < 0 ? -1 : err_fail(e, "log: no campaign %lld", (long long)id);
	}
	lb->campaign[i].id = id;
	*code = lb->campaign[i].code;
	return 0;
}

static int unit_code(struct db *db, struct log_batch *lb, int64_t id, const char **code,
		     struct err *e)
{
	int i = (int)(id % LOG_UNIT_CACHE);
	if (lb->unit[i].id != id) {
		int found = store_log_unit_code(db, id, lb->unit[i].code, e);
		if (found <= 0) {
			lb->unit[i].id = 0;
			return found < 0 ? -1 : err_fail(e, "log: no unit %lld", (long long)id);
		}
		lb->unit[i].id = id;
	}
	*code = lb->unit[i].code;
	return 0;
}

/* Salts come from randombytes_buf LOG_SALT_POOL at a time: one system call
 * per 64 contributions instead of one each. */
static void take_salt(struct log_batch *lb, uint8_t out[LOG_SALT_SIZE])
{
	if (lb->pool_n == 0) {
		sodium_ready();
		randombytes_buf(lb->pool, sizeof lb->pool);
		lb->pool_n = LOG_SALT_POOL;
	}
	lb->pool_n--;
	memcpy(out, lb->pool[lb->pool_n], LOG_SALT_SIZE);
	sodium_memzero(lb->pool[lb->pool_n], LOG_SALT_SIZE);
}

static int out_of_step(int64_t id, int64_t size, struct err *e)
{
	return err_fail(e, "log: journal entry %lld would be leaf %lld of a log of %lld leaves: the "
			"journal's ids must run without gaps, each entry the log's next leaf",
			(long long)id, (long long)id - 1, (long long)size);
}

/* An empty log under a journal from before the log: backfilled through a
 * batch of its own.  *size receives the log's size afterwards. */
static int catch_up(struct db *db, int64_t *size, struct err *e)
{
	struct log_batch *own = xcalloc(1, sizeof *own);
	int rc = batch_load(db, own, e) < 0 || (own->size == 0 && backfill(db, own, e) < 0) ||
			 log_batch_write(db, own, e) < 0 ? -1 : 0;
	*size = own->size;
	sodium_memzero(own, sizeof *own);
	free(own);
	return rc;
}

int log_check_next(struct db *db, struct log_batch *lb, int64_t entry_id, struct err *e)
{
	int64_t size;
	if (lb) {
		/* Before the first new row: a journal from before the log is logged first. */
		if (!lb->loaded && (batch_load(db, lb, e) < 0 ||
				    (lb->size == 0 && backfill(db, lb, e) < 0)))
			return -1;
		size = lb->size;
	} else {
		if (log_size(db, &size, e) < 0 || (size == 0 && catch_up(db, &size, e) < 0))
			return -1;
	}
	return entry_id == size + 1 ? 0 : out_of_step(entry_id, size, e);
}

static int append_entry(struct db *db, struct log_batch *lb, const struct entry_row *en,
			const struct log_extra *x, struct err *e)
{
	struct log_leaf l = {0};
	uint8_t salt[LOG_SALT_SIZE], commit[32];
	char data[APPEND_LEAF_MAX];
	int rc = -1;

	if (!lb->loaded && batch_load(db, lb, e) < 0)
		return -1;
	if (en->id != lb->size + 1)
		return out_of_step(en->id, lb->size, e);
	if (!lb->accounts_loaded) {
		if (load_accounts(db, lb->account, e) < 0)
			return -1;
		lb->accounts_loaded = 1;
	}
	l.id = en->id;
	l.kind = en->kind;
	l.date = en->entry_date;
	l.recorded = en->recorded_at;
	l.amount = en->amount;
	l.reverses = en->reverses_id;
	l.debit = account_code(lb->account, en->debit_account);
	l.credit = account_code(lb->account, en->credit_account);
	if (l.debit == NULL || l.credit == NULL)
		return err_fail(e, "log: journal entry %lld names an unknown account", (long long)en->id);
	if (campaign_code(db, lb, en->campaign_id, &l.campaign, e) < 0 ||
	    (en->unit_id && unit_code(db, lb, en->unit_id, &l.unit, e) < 0))
		return -1;
	if (x && x->receipt_no) {
		take_salt(lb, salt);
		log_identity_commit(salt, x->donor_id, x->donor_name, x->donor_tax_code, commit);
		l.receipt = x->receipt_no;
		l.identity = commit;
	}
	if (!field_ok(l.kind) || !field_ok(l.date) || !field_ok(l.recorded) ||
	    (l.receipt && !field_ok(l.receipt))) {
		err_fail(e, "log: journal entry %lld has an empty or multi-line field", (long long)en->id);
		goto cleanup;
	}
	long len = log_leaf_format(&l, data, sizeof data);
	if (len < 0) {
		err_fail(e, "log: journal entry %lld does not fit a leaf", (long long)en->id);
		goto cleanup;
	}
	rc = append_loaded(db, lb, (const uint8_t *)data, (size_t)len, l.receipt ? salt : NULL, e);
cleanup:
	sodium_memzero(salt, sizeof salt);
	return rc;
}

int log_append_entry(struct db *db, struct log_batch *lb, const struct entry_row *en,
		     const struct log_extra *x, struct err *e)
{
	if (lb)
		return append_entry(db, lb, en, x, e);
	struct log_batch *own = xcalloc(1, sizeof *own);
	int rc = append_entry(db, own, en, x, e) < 0 || log_batch_write(db, own, e) < 0 ? -1 : 0;
	sodium_memzero(own, sizeof *own);
	free(own);
	return rc;
}

/* The root of the batch's tree: its edge folded from the smallest subtree. */
static void edge_root(const struct log_batch *lb, uint8_t out[HASH])
{
	int first = 1;
	for (int level = 0; level < MERKLE_MAX_STORED; level++) {
		if (!((lb->size >> level) & 1))
			continue;
		if (first)
			memcpy(out, lb->edge[level], HASH);
		else
			merkle_node_hash(lb->edge[level], out, out);
		first = 0;
	}
}

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

struct checkpoint_info {
	int found;
	int64_t id, size, key_id;
	uint8_t root[HASH];
	struct buf note;
};

static int take_checkpoint(void *ctx, const struct log_checkpoint_row *c)
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
	    store_log_checkpoint_latest(db, 0, take_checkpoint, &last, e) < 0)
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
	sodium_memzero(lb->pool, sizeof lb->pool);
	lb->pool_n = 0;
	if (lb->size == lb->base || !sign_due())
		return 0;
	edge_root(lb, root);
	if (sign_root(db, lb->size, root, now, e) < 0)
		return -1;
	sign_done();
	return 0;
}

int log_sign(struct db *db, const char *now, int64_t *size, struct err *e)
{
	struct dbr *r = dbr_new(db);
	struct merkle_reader mr = {r, dbr_read};
	struct checkpoint_info last = {0};
	uint8_t root[HASH];
	int64_t n;
	int rc = -1;

	if (log_size(db, &n, e) < 0 || (n == 0 && catch_up(db, &n, e) < 0))
		goto cleanup;
	if (n > 0) {
		if (merkle_tree_hash(n, &mr, root, e) < 0 || sign_root(db, n, root, now, e) < 0)
			goto cleanup;
		sign_done();
	}
	if (size) {
		if (store_log_checkpoint_latest(db, 0, take_checkpoint, &last, e) < 0)
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
	    store_log_checkpoint_latest(db, 0, take_checkpoint, &last, e) < 0 ||
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
	if (store_log_checkpoint_latest(db, 0, take_checkpoint, &last, e) < 0)
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

/* ---- leaves rebuilt from the rows -------------------------------------------------- */

/* What a rebuilt contribution leaf's commitment came from. */
enum identity_source {
	ID_NONE,    /* not a contribution */
	ID_SALT,    /* its salt and its donor's record */
	ID_ERASED,  /* the commitment kept when the donor was erased */
	ID_MISSING, /* no salt and no erasure: the leaf cannot be rebuilt */
};

/* Walks journal entries from..to and hands each one's leaf, rebuilt from
 * the rows as they are now, to fn, with its commitment and where that came
 * from. */
typedef int (*rebuilt_fn)(void *ctx, const struct log_entry_row *r, const uint8_t *data,
			  size_t len, const uint8_t commit[32], enum identity_source src);

/* A database from before the log: its entries appended at once, each
 * contribution with a new salt. */
struct backfill {
	struct db *db;
	struct log_batch *lb;
	uint8_t salt[LOG_SALT_SIZE];
	int has_salt;
	struct err *e;
};

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
	int count, found;

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
	l.debit = account_code(rb->acc, r->debit_account);
	if (l.debit == NULL) {
		snprintf(rb->unknown_debit, sizeof rb->unknown_debit, "#%lld", (long long)r->debit_account);
		l.debit = rb->unknown_debit;
	}
	l.credit = account_code(rb->acc, r->credit_account);
	if (l.credit == NULL) {
		snprintf(rb->unknown_credit, sizeof rb->unknown_credit, "#%lld",
			 (long long)r->credit_account);
		l.credit = rb->unknown_credit;
	}
	if (rb->fill)
		rb->fill->has_salt = 0;
	if (r->receipt && rb->fill) {
		take_salt(rb->fill->lb, rb->fill->salt);
		rb->fill->has_salt = 1;
		log_identity_commit(rb->fill->salt, r->donor_id, r->donor_name, r->donor_tax, commit);
		src = ID_SALT;
		l.receipt = r->receipt;
		l.identity = commit;
	} else if (r->receipt) {
		if (!rb->salts_loaded || rb->salt_n != leaf / LOG_SALTS) {
			rb->salt_n = leaf / LOG_SALTS;
			if (store_log_salt_get(rb->db, rb->salt_n, &rb->salts[0][0], &count, rb->e) < 0)
				return -1;
			rb->salts_loaded = 1;
		}
		const uint8_t *salt = rb->salts[leaf % LOG_SALTS];
		if (!is_zero(salt, LOG_SALT_SIZE)) {
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

static int rebuild_ex(struct db *db, int64_t from, int64_t to, rebuilt_fn fn, void *ctx,
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
	if (load_accounts(db, rb->acc, e) < 0)
		goto cleanup;
	rc = store_log_entries(db, from, to, rebuild_row, rb, e);
cleanup:
	sodium_memzero(rb->salts, sizeof rb->salts);
	free(rb->data);
	free(rb);
	return rc;
}

static int rebuild(struct db *db, int64_t from, int64_t to, rebuilt_fn fn, void *ctx,
		   struct err *e)
{
	return rebuild_ex(db, from, to, fn, ctx, NULL, e);
}

static int append_loaded(struct db *db, struct log_batch *lb, const uint8_t *data, size_t len,
			 const uint8_t *salt, struct err *e);

static int backfill_leaf(void *ctx, const struct log_entry_row *r, const uint8_t *data, size_t len,
			 const uint8_t commit[32], enum identity_source src)
{
	struct backfill *bf = ctx;
	int rc;
	(void)commit;
	(void)src;
	if (r->id != bf->lb->size + 1)
		return err_fail(bf->e, "journal entry %lld is missing: the journal's ids must run "
				"without gaps to be logged", (long long)bf->lb->size + 1);
	rc = append_loaded(bf->db, bf->lb, data, len, bf->has_salt ? bf->salt : NULL, bf->e);
	sodium_memzero(bf->salt, sizeof bf->salt);
	return rc;
}

/* A database from before the log (journal entries, an empty log and no
 * checkpoint) gets every entry appended into lb, freshly loaded and empty:
 * as if each had been logged when it was recorded, the contributions with
 * new salts.  A log that was emptied after it signed checkpoints is left
 * alone: `ansinh verify` says what happened to it. */
static int backfill(struct db *db, struct log_batch *lb, struct err *e)
{
	struct backfill bf = {db, lb, {0}, 0, e};
	struct checkpoint_info last = {0};
	int64_t max_id, count;
	int rc = -1;
	if (store_log_journal_extent(db, &max_id, &count, e) < 0)
		return -1;
	if (max_id == 0)
		return 0;
	if (store_log_checkpoint_latest(db, 0, take_checkpoint, &last, e) < 0)
		goto cleanup;
	if (last.found) {
		rc = 0;
		goto cleanup;
	}
	if (rebuild_ex(db, 1, max_id, backfill_leaf, &bf, &bf, e) < 0)
		goto cleanup;
	if (lb->size != max_id) {
		err_fail(e, "journal entry %lld is missing: the journal's ids must run without gaps "
			 "to be logged", (long long)lb->size + 1);
		goto cleanup;
	}
	rc = 0;
cleanup:
	buf_free(&last.note);
	return rc;
}

/* One leaf's bytes, checked against its stored leaf hash. */
struct one_leaf {
	int64_t want, donor_id;
	int got;
	struct buf *data;
	uint8_t commit[32];
	enum identity_source src;
};

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

static int leaf_data(struct db *db, int64_t leaf, struct buf *out, struct one_leaf *o,
		     struct err *e)
{
	struct dbr *r = dbr_new(db);
	uint8_t stored[HASH], h[HASH];
	int rc = -1;
	o->want = leaf + 1;
	o->data = out;
	if (rebuild(db, leaf + 1, leaf + 1, take_one, o, e) < 0)
		goto cleanup;
	if (!o->got) {
		err_fail(e, "journal entry %lld (leaf %lld) is missing", (long long)leaf + 1,
			 (long long)leaf);
		goto cleanup;
	}
	if (dbr_hash(r, 0, leaf, stored, e) < 0)
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

/* ---- proofs ------------------------------------------------------------------------- */

void log_proof_free(struct log_proof *p)
{
	buf_free(&p->entry);
	buf_free(&p->note);
	memset(p, 0, sizeof *p);
}

/* The checkpoint proofs are made against: of that size, or the latest. */
static int proof_checkpoint(struct db *db, int64_t size, struct checkpoint_info *ci,
			    struct err *e)
{
	if (store_log_checkpoint_latest(db, size > 0 ? size : 0, take_checkpoint, ci, e) < 0)
		return -1;
	if (!ci->found)
		return size > 0 ? err_fail(e, "no checkpoint of size %lld (see `ansinh log checkpoint`)",
					   (long long)size)
				: err_fail(e, "the log has no checkpoint yet");
	return 0;
}

int log_prove_leaf(struct db *db, int64_t index, int64_t size, struct log_proof *p, struct err *e)
{
	struct checkpoint_info ci = {0};
	struct one_leaf o = {0};
	struct dbr *r = dbr_new(db);
	struct merkle_reader mr = {r, dbr_read};
	int rc = -1;

	memset(p, 0, sizeof *p);
	p->type = LOG_PROOF_INCLUSION;
	if (proof_checkpoint(db, size, &ci, e) < 0)
		goto cleanup;
	if (index < 0 || index >= ci.size) {
		err_fail(e, "leaf %lld is not in the tree of size %lld", (long long)index,
			 (long long)ci.size);
		goto cleanup;
	}
	p->index = index;
	p->size = ci.size;
	if (merkle_prove_leaf(ci.size, index, &mr, p->hash, &p->nhash, e) < 0 ||
	    leaf_data(db, index, &p->entry, &o, e) < 0)
		goto cleanup;
	buf_put(&p->note, ci.note.p, ci.note.len);
	rc = 0;
cleanup:
	if (rc < 0)
		log_proof_free(p);
	buf_free(&ci.note);
	free(r);
	return rc;
}

int log_prove_tree(struct db *db, int64_t old_size, int64_t size, struct log_proof *p,
		   struct err *e)
{
	struct checkpoint_info ci = {0};
	struct dbr *r = dbr_new(db);
	struct merkle_reader mr = {r, dbr_read};
	int rc = -1;

	memset(p, 0, sizeof *p);
	p->type = LOG_PROOF_CONSISTENCY;
	if (proof_checkpoint(db, size, &ci, e) < 0)
		goto cleanup;
	if (old_size < 1 || old_size > ci.size) {
		err_fail(e, "--from %lld: must be 1 to %lld, the size of the checkpoint",
			 (long long)old_size, (long long)ci.size);
		goto cleanup;
	}
	p->old_size = old_size;
	p->size = ci.size;
	if (merkle_tree_hash(old_size, &mr, p->old_root, e) < 0 ||
	    merkle_prove_tree(ci.size, old_size, &mr, p->hash, &p->nhash, e) < 0)
		goto cleanup;
	buf_put(&p->note, ci.note.p, ci.note.len);
	rc = 0;
cleanup:
	if (rc < 0)
		log_proof_free(p);
	buf_free(&ci.note);
	free(r);
	return rc;
}

void log_proof_format(const struct log_proof *p, struct buf *out)
{
	if (p->type == LOG_PROOF_INCLUSION) {
		buf_printf(out, PROOF_MAGIC "inclusion\nindex %lld\nsize %lld\nentry ",
			   (long long)p->index, (long long)p->size);
		put_b64(out, (const uint8_t *)p->entry.p, p->entry.len);
		buf_putc(out, '\n');
	} else {
		buf_printf(out, PROOF_MAGIC "consistency\nold-size %lld\nold-root ",
			   (long long)p->old_size);
		put_b64(out, p->old_root, HASH);
		buf_printf(out, "\nsize %lld\n", (long long)p->size);
	}
	for (int i = 0; i < p->nhash; i++) {
		buf_puts(out, "hash ");
		put_b64(out, p->hash[i], HASH);
		buf_putc(out, '\n');
	}
	buf_putc(out, '\n');
	buf_put(out, p->note.p, p->note.len);
}

/* The next line of text[*at, len) (without its newline), or NULL at the end
 * or at a line without a newline. */
static const char *next_line(const char *text, size_t len, size_t *at, size_t *n)
{
	if (*at >= len)
		return NULL;
	const char *line = text + *at;
	const char *eol = memchr(line, '\n', len - *at);
	if (eol == NULL)
		return NULL;
	*n = (size_t)(eol - line);
	*at += *n + 1;
	return line;
}

/* "key value" with exactly this key; *v and *vn are the value. */
static int keyed(const char *line, size_t n, const char *key, const char **v, size_t *vn)
{
	size_t k = strlen(key);
	if (n <= k + 1 || memcmp(line, key, k) != 0 || line[k] != ' ')
		return 0;
	*v = line + k + 1;
	*vn = n - k - 1;
	return 1;
}

int log_proof_parse(const char *text, size_t len, struct log_proof *p, struct err *e)
{
	size_t at = 0, n, vn;
	const char *line, *v;
	int lineno = 0;

	memset(p, 0, sizeof *p);
	if (len > LOG_PROOF_MAX)
		return err_fail(e, "proof: longer than %d bytes", LOG_PROOF_MAX);
	if ((line = next_line(text, len, &at, &n)) == NULL)
		return err_fail(e, "proof: empty");
	lineno = 1;
	if (n == sizeof PROOF_MAGIC "inclusion" - 1 &&
	    memcmp(line, PROOF_MAGIC "inclusion", n) == 0)
		p->type = LOG_PROOF_INCLUSION;
	else if (n == sizeof PROOF_MAGIC "consistency" - 1 &&
		 memcmp(line, PROOF_MAGIC "consistency", n) == 0)
		p->type = LOG_PROOF_CONSISTENCY;
	else
		return err_fail(e, "proof: line 1 is not \"ansinh-proof/1 inclusion\" or "
				"\"ansinh-proof/1 consistency\"");

	/* The fields, in the order log_proof_format writes them. */
	static const char *const inclusion[] = {"index", "size", "entry", NULL};
	static const char *const consistency[] = {"old-size", "old-root", "size", NULL};
	const char *const *want = p->type == LOG_PROOF_INCLUSION ? inclusion : consistency;
	for (; *want; want++) {
		line = next_line(text, len, &at, &n);
		lineno++;
		if (line == NULL || !keyed(line, n, *want, &v, &vn)) {
			err_fail(e, "proof: line %d should be \"%s ...\"", lineno, *want);
			goto fail;
		}
		int64_t num;
		if (!strcmp(*want, "index") || !strcmp(*want, "size") || !strcmp(*want, "old-size")) {
			if (get_count(v, vn, MERKLE_MAX_TREE_SIZE, &num) < 0) {
				err_fail(e, "proof: line %d: %s is not a number", lineno, *want);
				goto fail;
			}
			if (!strcmp(*want, "index"))
				p->index = num;
			else if (!strcmp(*want, "size"))
				p->size = num;
			else
				p->old_size = num;
		} else if (!strcmp(*want, "old-root")) {
			if (get_b64(v, vn, p->old_root, HASH) != HASH) {
				err_fail(e, "proof: line %d: old-root is not base64 of 32 bytes", lineno);
				goto fail;
			}
		} else {
			buf_grow(&p->entry, vn);
			long got = get_b64(v, vn, (uint8_t *)p->entry.p, vn);
			if (got < 0 || got > LOG_LEAF_MAX) {
				err_fail(e, "proof: line %d: entry is not base64 of a leaf", lineno);
				goto fail;
			}
			p->entry.len = (size_t)got;
			p->entry.p[got] = '\0';
		}
	}
	for (;;) {
		line = next_line(text, len, &at, &n);
		lineno++;
		if (line == NULL) {
			err_fail(e, "proof: truncated at line %d: no blank line and checkpoint", lineno);
			goto fail;
		}
		if (n == 0)
			break;
		if (!keyed(line, n, "hash", &v, &vn)) {
			err_fail(e, "proof: line %d should be \"hash ...\" or blank", lineno);
			goto fail;
		}
		if (p->nhash == MERKLE_MAX_PROOF) {
			err_fail(e, "proof: more than %d hashes", MERKLE_MAX_PROOF);
			goto fail;
		}
		if (get_b64(v, vn, p->hash[p->nhash], HASH) != HASH) {
			err_fail(e, "proof: line %d: hash is not base64 of 32 bytes", lineno);
			goto fail;
		}
		p->nhash++;
	}
	if (at >= len) {
		err_fail(e, "proof: the checkpoint is missing after the blank line");
		goto fail;
	}
	buf_put(&p->note, text + at, len - at);
	return 0;
fail:
	log_proof_free(p);
	return -1;
}

int log_proof_check(const struct log_proof *p, const struct note_verifier *known, int nknown,
		    const char *old, size_t old_len, struct note_checkpoint *c, struct err *e)
{
	uint8_t lh[HASH];
	if (note_checkpoint_open(p->note.p, p->note.len, known, nknown, c, e) < 0) {
		err_prefix(e, "checkpoint: ");
		return -1;
	}
	if (c->size != p->size)
		return err_fail(e, "the proof is for a tree of size %lld, its checkpoint of size %lld",
				(long long)p->size, (long long)c->size);
	if (p->type == LOG_PROOF_INCLUSION) {
		merkle_leaf_hash((const uint8_t *)p->entry.p, p->entry.len, lh);
		return merkle_check_leaf(p->hash, p->nhash, p->size, c->root, p->index, lh, e);
	}
	if (old) {
		struct note_checkpoint oc;
		if (note_checkpoint_open(old, old_len, known, nknown, &oc, e) < 0) {
			err_prefix(e, "old checkpoint: ");
			return -1;
		}
		if (strcmp(oc.origin, c->origin) != 0)
			return err_fail(e, "the old checkpoint is of log %s, the proof of log %s",
					oc.origin, c->origin);
		if (oc.size != p->old_size || memcmp(oc.root, p->old_root, HASH) != 0)
			return err_fail(e, "the proof starts from a tree of size %lld that is not the "
					"old checkpoint's (size %lld)", (long long)p->old_size,
					(long long)oc.size);
	}
	return merkle_check_tree(p->hash, p->nhash, p->size, c->root, p->old_size, p->old_root, e);
}

/* ---- tiles ----------------------------------------------------------------------------- */

/* The hashes of tile t: the bottom hashes of its row, which sit at
 * post-order positions 2k - popcount(k). */
static int tile_hashes(struct dbr *r, const struct merkle_tile *t, struct buf *out, struct err *e)
{
	int slot;
	if (dbr_row(r, t->level, t->n, &slot, e) < 0)
		return -1;
	buf_grow(out, (size_t)t->width * HASH);
	for (int k = 0; k < t->width; k++) {
		int pos = 2 * k - __builtin_popcount((unsigned)k);
		if (pos >= r->c[slot].count)
			return err_fail(e, "log: the stored hashes of tile %d/%lld are missing",
					t->level, (long long)t->n);
		buf_put(out, r->c[slot].h[pos], HASH);
	}
	return 0;
}

/* Whether tile t is part of the tree of `size` leaves. */
static int tile_in_tree(const struct merkle_tile *t, int64_t size)
{
	int64_t count;
	if (t->level == MERKLE_TILE_ENTRIES) {
		count = size;
	} else {
		if (t->level * TILE_H > 62)
			return 0;
		count = size >> (t->level * TILE_H);
	}
	return count >= t->width && t->n <= (count - t->width) / TILE_W;
}

/* An entry bundle: the leaves of tile t rebuilt, each checked against its
 * stored leaf hash. */
struct bundle {
	struct dbr *r;
	struct buf *out;
	int64_t next;
	struct err *e;
};

static int bundle_leaf(void *ctx, const struct log_entry_row *row, const uint8_t *data, size_t len,
		       const uint8_t commit[32], enum identity_source src)
{
	struct bundle *b = ctx;
	uint8_t h[HASH], stored[HASH];
	(void)commit;
	(void)src;
	if (row->id != b->next + 1)
		return err_fail(b->e, "journal entry %lld is missing", (long long)b->next + 1);
	if (dbr_hash(b->r, 0, b->next, stored, b->e) < 0)
		return -1;
	merkle_leaf_hash(data, len, h);
	if (memcmp(h, stored, HASH) != 0)
		return err_fail(b->e, "journal entry %lld no longer matches its leaf in the "
				"transparency log (run `ansinh verify`)", (long long)row->id);
	uint8_t n2[2] = {(uint8_t)(len >> 8), (uint8_t)len};
	buf_put(b->out, n2, 2);
	buf_put(b->out, data, len);
	b->next++;
	return 0;
}

static int entry_bundle(struct db *db, struct dbr *r, const struct merkle_tile *t, struct buf *out,
			struct err *e)
{
	struct bundle b = {r, out, t->n * TILE_W, e};
	int64_t last = t->n * TILE_W + t->width;
	if (rebuild(db, b.next + 1, last, bundle_leaf, &b, e) < 0)
		return -1;
	if (b.next != last)
		return err_fail(e, "journal entry %lld is missing", (long long)b.next + 1);
	return 0;
}

int log_tile_bytes(struct db *db, const char *path, struct buf *out, struct err *e)
{
	struct note_checkpoint c;
	struct merkle_tile t;
	struct dbr *r = NULL;
	int rc = -1, found;

	if (strcmp(path, "checkpoint") == 0) {
		if ((found = log_checkpoint_latest(db, out, NULL, e)) <= 0)
			return found < 0 ? -1 : (err_fail(e, "the log has no checkpoint yet"), LOG_NOT_FOUND);
		return 0;
	}
	if (merkle_tile_parse(path, &t, e) < 0)
		return LOG_BAD_PATH;
	if ((found = log_checkpoint_latest(db, NULL, &c, e)) <= 0)
		return found < 0 ? -1 : (err_fail(e, "the log has no checkpoint yet"), LOG_NOT_FOUND);
	if (!tile_in_tree(&t, c.size)) {
		err_fail(e, "%s is not in the tree of size %lld", path, (long long)c.size);
		return LOG_NOT_FOUND;
	}
	r = dbr_new(db);
	size_t start = out->len;
	if ((t.level == MERKLE_TILE_ENTRIES ? entry_bundle(db, r, &t, out, e)
					    : tile_hashes(r, &t, out, e)) < 0) {
		buf_truncate(out, start);
		goto cleanup;
	}
	rc = 0;
cleanup:
	free(r);
	return rc;
}

/* ---- export ------------------------------------------------------------------------------ */

/* Creates every missing directory of path's parent. */
static int make_parents(char *path, struct err *e)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int bad = mkdir(path, 0755) < 0 && errno != EEXIST;
		int saved = errno;
		*p = '/';
		if (bad)
			return err_fail(e, "cannot create %.*s: %s", (int)(p - path), path, strerror(saved));
	}
	return 0;
}

static int write_file(const char *path, const void *data, size_t len, struct err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return err_fail(e, "cannot write %s: %s", path, strerror(errno));
	const char *p = data;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err_fail(e, "cannot write %s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) < 0)
		return err_fail(e, "cannot write %s: %s", path, strerror(errno));
	return 0;
}

static int export_tile(const char *dir, const struct merkle_tile *t, const struct buf *data,
		       struct buf *path, struct err *e)
{
	buf_reset(path);
	buf_puts(path, dir);
	buf_putc(path, '/');
	if (merkle_tile_path(t, path, e) < 0 || make_parents(path->p, e) < 0)
		return -1;
	return write_file(path->p, data->p, data->len, e);
}

/* The export streams every entry once, in order, filling bundles. */
struct exporter {
	const char *dir;
	struct dbr *r;
	struct buf bundle, path;
	int64_t next, size, bundles;
	int in_bundle;
	struct err *e;
};

static int export_leaf(void *ctx, const struct log_entry_row *row, const uint8_t *data, size_t len,
		       const uint8_t commit[32], enum identity_source src)
{
	struct exporter *x = ctx;
	uint8_t h[HASH], stored[HASH];
	(void)commit;
	(void)src;
	if (row->id != x->next + 1)
		return err_fail(x->e, "journal entry %lld is missing", (long long)x->next + 1);
	if (dbr_hash(x->r, 0, x->next, stored, x->e) < 0)
		return -1;
	merkle_leaf_hash(data, len, h);
	if (memcmp(h, stored, HASH) != 0)
		return err_fail(x->e, "journal entry %lld no longer matches its leaf in the "
				"transparency log (run `ansinh verify`)", (long long)row->id);
	uint8_t n2[2] = {(uint8_t)(len >> 8), (uint8_t)len};
	buf_put(&x->bundle, n2, 2);
	buf_put(&x->bundle, data, len);
	x->in_bundle++;
	x->next++;
	if (x->in_bundle == TILE_W || x->next == x->size) {
		struct merkle_tile t = {MERKLE_TILE_ENTRIES, (x->next - 1) / TILE_W, x->in_bundle};
		if (export_tile(x->dir, &t, &x->bundle, &x->path, x->e) < 0)
			return -1;
		x->bundles++;
		buf_reset(&x->bundle);
		x->in_bundle = 0;
	}
	return 0;
}

int log_export(struct db *db, const char *dir, struct log_export_result *res, struct err *e)
{
	struct exporter x = {dir, NULL, BUF_INIT, BUF_INIT, 0, 0, 0, 0, e};
	struct buf note = BUF_INIT, data = BUF_INIT, tmp = BUF_INIT;
	struct note_checkpoint c;
	int rc = -1, found;

	memset(res, 0, sizeof *res);
	if ((found = log_checkpoint_latest(db, &note, &c, e)) <= 0) {
		if (found == 0)
			err_fail(e, "the log has no checkpoint yet: nothing to export");
		goto cleanup;
	}
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		err_fail(e, "cannot create %s: %s", dir, strerror(errno));
		goto cleanup;
	}
	x.r = dbr_new(db);
	x.size = c.size;
	for (int level = 0; level * TILE_H <= 62 && (c.size >> (level * TILE_H)) > 0; level++) {
		int64_t count = c.size >> (level * TILE_H);
		for (int64_t n = 0; n * TILE_W < count; n++) {
			int64_t w = count - n * TILE_W;
			struct merkle_tile t = {level, n, (int)(w < TILE_W ? w : TILE_W)};
			buf_reset(&data);
			if (tile_hashes(x.r, &t, &data, e) < 0 ||
			    export_tile(dir, &t, &data, &x.path, e) < 0)
				goto cleanup;
			res->tiles++;
		}
	}
	if (rebuild(db, 1, c.size, export_leaf, &x, e) < 0)
		goto cleanup;
	if (x.next != c.size) {
		err_fail(e, "journal entry %lld is missing", (long long)x.next + 1);
		goto cleanup;
	}
	buf_printf(&tmp, "%s/checkpoint.tmp", dir);
	buf_reset(&x.path);
	buf_printf(&x.path, "%s/checkpoint", dir);
	if (write_file(tmp.p, note.p, note.len, e) < 0)
		goto cleanup;
	if (rename(tmp.p, x.path.p) < 0) {
		err_fail(e, "cannot rename %s: %s", tmp.p, strerror(errno));
		goto cleanup;
	}
	res->size = c.size;
	res->bundles = x.bundles;
	rc = 0;
cleanup:
	free(x.r);
	buf_free(&x.bundle);
	buf_free(&x.path);
	buf_free(&note);
	buf_free(&data);
	buf_free(&tmp);
	return rc;
}

/* ---- donors -------------------------------------------------------------------------------- */

/* The salt of a leaf: 1 when there is one, 0 when none (or erased). */
static int leaf_salt(struct db *db, int64_t leaf, uint8_t salt[LOG_SALT_SIZE], struct err *e)
{
	uint8_t *salts = xmalloc(LOG_SALTS * LOG_SALT_SIZE);
	int count, rc = store_log_salt_get(db, leaf / LOG_SALTS, salts, &count, e);
	if (rc >= 0) {
		memcpy(salt, salts + (leaf % LOG_SALTS) * LOG_SALT_SIZE, LOG_SALT_SIZE);
		rc = !is_zero(salt, LOG_SALT_SIZE);
	}
	sodium_memzero(salts, LOG_SALTS * LOG_SALT_SIZE);
	free(salts);
	return rc;
}

int log_receipt_code(struct db *db, const char *receipt, struct buf *code, struct err *e)
{
	uint8_t salt[LOG_SALT_SIZE];
	int64_t entry, donor;
	int found = store_log_receipt(db, receipt, &entry, &donor, e);
	if (found <= 0)
		return found < 0 ? -1 : err_fail(e, "no receipt %s", receipt);
	if ((found = leaf_salt(db, entry - 1, salt, e)) <= 0)
		return found < 0 ? -1 : err_fail(e, "receipt %s: the donor's link to it was erased",
						 receipt);
	buf_puts(code, receipt);
	buf_putc(code, '.');
	put_b32(code, salt, sizeof salt);
	sodium_memzero(salt, sizeof salt);
	return 0;
}

int log_code_wellformed(const char *code)
{
	uint8_t salt[LOG_SALT_SIZE];
	const char *dot = strrchr(code, '.');
	if (dot == NULL || dot == code || dot - code > LOG_CODE_RECEIPT_MAX)
		return 0;
	for (const char *p = code; p < dot; p++)
		if (*p <= ' ' || *p > '~')
			return 0;
	int ok = get_b32(dot + 1, strlen(dot + 1), salt, sizeof salt) == 0;
	sodium_memzero(salt, sizeof salt);
	return ok;
}

void log_lookup_free(struct log_lookup *l)
{
	log_proof_free(&l->proof);
}

struct verifiers {
	struct note_verifier *v;
	int64_t *id;
	int n;
	struct err *e;
	int bad;
};

static int take_verifier(void *ctx, const struct log_key_row *k)
{
	struct verifiers *vs = ctx;
	vs->v = xrealloc(vs->v, sizeof *vs->v * (size_t)(vs->n + 1));
	vs->id = xrealloc(vs->id, sizeof *vs->id * (size_t)(vs->n + 1));
	if (note_verifier_parse(k->vkey, &vs->v[vs->n], vs->e) < 0) {
		err_prefix(vs->e, "log key %lld: ", (long long)k->id);
		return -1;
	}
	vs->id[vs->n++] = k->id;
	return 0;
}

static void verifiers_free(struct verifiers *vs)
{
	free(vs->v);
	free(vs->id);
}

int log_lookup(struct db *db, const char *code, struct log_lookup *out, struct err *e)
{
	struct verifiers vs = {NULL, NULL, 0, e, 0};
	struct note_checkpoint c;
	struct buf receipt = BUF_INIT;
	uint8_t want[LOG_SALT_SIZE], salt[LOG_SALT_SIZE];
	int64_t donor;
	int rc = -1, found;

	memset(out, 0, sizeof *out);
	const char *dot = strrchr(code, '.');
	if (dot == NULL || dot == code ||
	    get_b32(dot + 1, strlen(dot + 1), want, sizeof want) < 0) {
		rc = 0;
		goto cleanup;
	}
	buf_put(&receipt, code, (size_t)(dot - code));
	found = store_log_receipt(db, receipt.p, &out->entry_id, &donor, e);
	if (found == 0) {
		/* typed in lower case: receipt numbers are usually upper case */
		for (char *p = receipt.p; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
		found = store_log_receipt(db, receipt.p, &out->entry_id, &donor, e);
	}
	if (found <= 0) {
		rc = found < 0 ? -1 : 0;
		goto cleanup;
	}
	out->leaf = out->entry_id - 1;
	if ((found = leaf_salt(db, out->leaf, salt, e)) <= 0 ||
	    sodium_memcmp(salt, want, sizeof want) != 0) {
		rc = found < 0 ? -1 : 0;
		goto cleanup;
	}
	/* The proof carries the leaf rebuilt with this salt and the donor's
	 * record, checked against the stored leaf hash: so it also shows the
	 * commitment still matches. */
	if (log_prove_leaf(db, out->leaf, 0, &out->proof, e) < 0 ||
	    store_log_key_each(db, take_verifier, &vs, e) < 0 ||
	    log_proof_check(&out->proof, vs.v, vs.n, NULL, 0, &c, e) < 0 ||
	    store_journal_reversed_by(db, out->entry_id, &out->reversed_by, e) < 0)
		goto cleanup;
	rc = 1;
cleanup:
	if (rc != 1)
		log_lookup_free(out);
	sodium_memzero(salt, sizeof salt);
	sodium_memzero(want, sizeof want);
	verifiers_free(&vs);
	buf_free(&receipt);
	return rc;
}

int log_erase(struct db *db, const char *receipt, const char *now, int64_t *entry_id,
	      struct err *e)
{
	struct one_leaf o = {0};
	struct buf data = BUF_INIT;
	uint8_t salt[LOG_SALT_SIZE];
	int64_t donor;
	int rc = -1, found = store_log_receipt(db, receipt, entry_id, &donor, e);
	if (found <= 0) {
		if (found == 0)
			err_fail(e, "no receipt %s", receipt);
		goto cleanup;
	}
	int64_t leaf = *entry_id - 1;
	if ((found = leaf_salt(db, leaf, salt, e)) <= 0) {
		if (found == 0)
			err_fail(e, "receipt %s: the donor's link was already erased", receipt);
		goto cleanup;
	}
	/* The commitment kept is the one in the leaf, checked by rebuilding it. */
	if (leaf_data(db, leaf, &data, &o, e) < 0 ||
	    store_log_erased_insert(db, leaf, o.commit, now, e) < 0 ||
	    (found = store_log_salt_blank(db, leaf / LOG_SALTS, (int)(leaf % LOG_SALTS), e)) < 0)
		goto cleanup;
	if (found == 0) {
		err_fail(e, "receipt %s: its salt could not be blanked", receipt);
		goto cleanup;
	}
	rc = 0;
cleanup:
	sodium_memzero(salt, sizeof salt);
	buf_free(&data);
	return rc;
}

/* ---- verification ------------------------------------------------------------------------- */

struct vcp {
	int64_t id, size;
	uint8_t root[HASH];
};

/* The tile row of one tile level the walk is in. */
struct row_view {
	int loaded, count;
	int64_t n;
	uint8_t h[LOG_TILE_HASHES][HASH];
};

struct verifier_walk {
	struct db *db;
	struct err *e;
	int64_t n, i, erased;
	struct log_batch *lb; /* its edge serves merkle_stored_hashes */
	struct row_view lv[MERKLE_MAX_STORED / TILE_H + 1];
	struct vcp *cp;
	int ncp, nextcp;
	struct verifiers keys;
	struct buf origin;
};

/* The stored hash of subtree k at level: 1 and *h, 0 when it is missing.
 * The walk goes left to right, so each row is read once. */
static int stored_at(struct verifier_walk *w, int level, int64_t k, const uint8_t **h)
{
	int tl, pos;
	int64_t n;
	place(level, k, &tl, &n, &pos);
	struct row_view *v = &w->lv[tl];
	if (!v->loaded || v->n != n) {
		int found = store_log_row_get(w->db, tl, n, &v->h[0][0], &v->count, w->e);
		if (found < 0)
			return -1;
		if (found == 0)
			v->count = 0;
		v->loaded = 1;
		v->n = n;
	}
	if (pos >= v->count)
		return 0;
	*h = v->h[pos];
	return 1;
}

static int verify_leaf(void *ctx, const struct log_entry_row *r, const uint8_t *data, size_t len,
		       const uint8_t commit[32], enum identity_source src)
{
	struct verifier_walk *w = ctx;
	struct merkle_reader edge = {w->lb, edge_read};
	uint8_t lh[HASH], out[MERKLE_MAX_STORED][HASH];
	const uint8_t *stored;
	int k, found;

	(void)commit;
	if (r->id != w->i + 1)
		return w->i < w->n
			? err_fail(w->e, "journal entry %lld is missing: its leaf %lld is in the "
				   "transparency log", (long long)w->i + 1, (long long)w->i)
			: err_fail(w->e, "journal entry %lld is missing, and entry %lld is not in the "
				   "transparency log", (long long)w->i + 1, (long long)r->id);
	if (w->i >= w->n && w->n == 0 && w->ncp == 0)
		return err_fail(w->e, "journal entry %lld is not in the transparency log, which is "
				"empty: the database predates it (the next write, or `ansinh log "
				"checkpoint`, logs every entry)", (long long)r->id);
	if (w->i >= w->n)
		return err_fail(w->e, "journal entry %lld is not in the transparency log (which ends "
				"at entry %lld)", (long long)r->id, (long long)w->n);
	if (src == ID_MISSING)
		return err_fail(w->e, "contribution %lld: its donor's salt is missing from the "
				"transparency log, and it was not erased", (long long)r->id);
	w->erased += src == ID_ERASED;
	merkle_leaf_hash(data, len, lh);
	if ((found = stored_at(w, 0, w->i, &stored)) < 0)
		return -1;
	if (!found || memcmp(stored, lh, HASH) != 0)
		return err_fail(w->e, "journal entry %lld does not match its leaf %lld in the "
				"transparency log: the entry%s or the log was changed after it was "
				"recorded", (long long)r->id, (long long)w->i,
				r->receipt ? ", its contribution, its donor's name or tax code, its salt," : "");
	w->lb->size = w->i;
	if (merkle_stored_hashes(w->i, lh, &edge, out, &k, w->e) < 0)
		return -1;
	for (int level = 0; level < k; level++) {
		int64_t at = w->i >> level;
		if (level > 0) {
			if ((found = stored_at(w, level, at, &stored)) < 0)
				return -1;
			if (!found || memcmp(stored, out[level], HASH) != 0) {
				int64_t first = (at << level) + 1;
				return err_fail(w->e, "the transparency log's stored hash of entries "
						"%lld to %lld (level %d) was changed", (long long)first,
						(long long)(first + ((int64_t)1 << level) - 1), level);
			}
		}
		memcpy(w->lb->edge[level], out[level], HASH);
	}
	w->i++;
	w->lb->size = w->i;
	while (w->nextcp < w->ncp && w->cp[w->nextcp].size == w->i) {
		uint8_t root[HASH];
		edge_root(w->lb, root);
		if (memcmp(root, w->cp[w->nextcp].root, HASH) != 0)
			return err_fail(w->e, "checkpoint %lld (size %lld) does not have the root of the "
					"first %lld entries: the log was rewritten",
					(long long)w->cp[w->nextcp].id, (long long)w->i, (long long)w->i);
		w->nextcp++;
	}
	return 0;
}

static int take_vcp(void *ctx, const struct log_checkpoint_row *c)
{
	struct verifier_walk *w = ctx;
	struct note_checkpoint nc;
	int k;
	if (w->ncp > 0 && c->size < w->cp[w->ncp - 1].size)
		return err_fail(w->e, "checkpoint %lld (size %lld) is smaller than the one before it",
				(long long)c->id, (long long)c->size);
	for (k = 0; k < w->keys.n; k++)
		if (w->keys.id[k] == c->key_id)
			break;
	if (k == w->keys.n)
		return err_fail(w->e, "checkpoint %lld (size %lld) names key %lld, which the log does "
				"not have", (long long)c->id, (long long)c->size, (long long)c->key_id);
	if (note_checkpoint_open(c->note, c->note_len, &w->keys.v[k], 1, &nc, w->e) < 0) {
		err_prefix(w->e, "checkpoint %lld (size %lld): ", (long long)c->id, (long long)c->size);
		return -1;
	}
	if (c->root == NULL || nc.size != c->size || memcmp(nc.root, c->root, HASH) != 0)
		return err_fail(w->e, "checkpoint %lld: its size or root differs from its signed note",
				(long long)c->id);
	if (strcmp(nc.origin, w->origin.p) != 0)
		return err_fail(w->e, "checkpoint %lld is signed for origin %s, the log's is %s",
				(long long)c->id, nc.origin, w->origin.p);
	if (c->size > w->n)
		return err_fail(w->e, "checkpoint %lld covers %lld entries, the transparency log holds "
				"%lld: the log was cut short", (long long)c->id, (long long)c->size,
				(long long)w->n);
	w->cp = xrealloc(w->cp, sizeof *w->cp * (size_t)(w->ncp + 1));
	w->cp[w->ncp].id = c->id;
	w->cp[w->ncp].size = c->size;
	memcpy(w->cp[w->ncp].root, nc.root, HASH);
	w->ncp++;
	return 0;
}

struct key_check {
	struct err *e;
	int active;
};

/* A key that can still sign must be the key its verifier key names. */
static int check_key(void *ctx, const struct log_key_row *k)
{
	struct key_check *kc = ctx;
	struct note_signer s;
	struct note_verifier v;
	struct buf vk = BUF_INIT;
	int rc = 0;
	if (k->skey == NULL)
		return 0;
	kc->active++;
	if (note_signer_parse(k->skey, &s, kc->e) < 0) {
		err_prefix(kc->e, "log key %lld: ", (long long)k->id);
		return -1;
	}
	note_signer_verifier(&s, &v);
	note_signer_clear(&s);
	note_verifier_format(&v, &vk);
	if (strcmp(vk.p, k->vkey) != 0)
		rc = err_fail(kc->e, "log key %lld: its secret is not the key of its verifier key",
			      (long long)k->id);
	buf_free(&vk);
	return rc;
}

static const char *const log_guards[] = {
	"log_tile_append_only", "log_tile_no_delete", "log_salt_keep", "log_salt_no_delete",
	"log_erased_no_update", "log_erased_no_delete", "log_key_keep", "log_key_no_delete",
	"log_checkpoint_no_update", "log_checkpoint_no_delete", NULL,
};

int log_verify(struct db *db, struct log_verify_result *res, struct err *e)
{
	struct verifier_walk *w = xcalloc(1, sizeof *w);
	struct key_check kc = {e, 0};
	int64_t max_id, count;
	int rc = -1, found;

	memset(res, 0, sizeof *res);
	w->db = db;
	w->e = e;
	w->keys.e = e;
	w->lb = xcalloc(1, sizeof *w->lb);
	for (const char *const *g = log_guards; *g; g++) {
		if ((found = store_verify_trigger(db, *g, e)) <= 0) {
			if (found == 0)
				err_fail(e, "the append-only guard '%s' is missing from the database", *g);
			goto cleanup;
		}
	}
	if (log_size(db, &w->n, e) < 0 || store_log_journal_extent(db, &max_id, &count, e) < 0 ||
	    log_origin(db, &w->origin, e) < 0 || store_log_key_each(db, take_verifier, &w->keys, e) < 0 ||
	    store_log_key_each(db, check_key, &kc, e) < 0)
		goto cleanup;
	if (kc.active > 1) {
		err_fail(e, "the log has %d active keys; it signs with one", kc.active);
		goto cleanup;
	}
	if (store_log_checkpoint_each(db, take_vcp, w, e) < 0)
		goto cleanup;
	if (rebuild(db, 1, max_id > w->n ? max_id : w->n, verify_leaf, w, e) < 0)
		goto cleanup;
	if (w->i < w->n) {
		err_fail(e, "journal entry %lld is missing: the transparency log holds %lld entries, "
			 "the journal %lld", (long long)w->i + 1, (long long)w->n, (long long)w->i);
		goto cleanup;
	}
	/* Nothing stored beyond the tree: the last row of each tile level holds
	 * exactly what the tree's size gives, and no salt lies past its end. */
	for (int tl = 0; tl <= (MERKLE_MAX_STORED - 1) / TILE_H; tl++) {
		int64_t bottom = w->n >> (tl * TILE_H), last = 0, want_n = 0;
		int have = 0, want = 0;
		if ((found = store_log_row_last(db, tl, &last, &have, e)) < 0)
			goto cleanup;
		if (bottom > 0) {
			want_n = (bottom - 1) / TILE_W;
			want = row_count(bottom - want_n * TILE_W);
		}
		if (found != (bottom > 0) || (found && (last != want_n || have != want))) {
			err_fail(e, "the transparency log holds %s at tile level %d than a tree of %lld "
				 "entries", found && (last > want_n || have > want) ? "more hashes"
										      : "fewer hashes",
				 tl, (long long)w->n);
			goto cleanup;
		}
	}
	int64_t slast = 0;
	int scount = 0;
	if ((found = store_log_salt_last(db, &slast, &scount, e)) < 0)
		goto cleanup;
	if (found && slast * LOG_SALTS + scount > w->n) {
		err_fail(e, "the transparency log holds salts for %lld entries, but only %lld entries",
			 (long long)(slast * LOG_SALTS + scount), (long long)w->n);
		goto cleanup;
	}
	res->leaves = w->n;
	res->checkpoints = w->ncp;
	res->checkpoint_size = w->ncp ? w->cp[w->ncp - 1].size : 0;
	res->erased = w->erased;
	res->keys = w->keys.n;
	rc = 0;
cleanup:
	verifiers_free(&w->keys);
	free(w->cp);
	buf_free(&w->origin);
	free(w->lb);
	free(w);
	return rc;
}

/* ---- witnesses ------------------------------------------------------------------------------ */

#define TILE_CACHE 64
struct tile_reader {
	log_fetch_fn fetch;
	void *ctx;
	int64_t size;
	struct {
		struct merkle_tile t;
		struct buf data;
	} c[TILE_CACHE];
	int n, next;
	struct buf path;
};

/* The tile holding stored hash index as the log serves it for r->size:
 * fetched once, checked for its length. */
static int tr_tile(struct tile_reader *r, struct merkle_tile t, const struct buf **data,
		   struct err *e)
{
	int64_t count = r->size >> (t.level * TILE_H);
	int64_t width = count - t.n * TILE_W;
	if (width > TILE_W)
		width = TILE_W;
	if (width < t.width)
		return err_fail(e, "the tree of size %lld has no tile %d/%lld of width %d",
				(long long)r->size, t.level, (long long)t.n, t.width);
	t.width = (int)width;
	for (int i = 0; i < r->n; i++) {
		if (r->c[i].t.level == t.level && r->c[i].t.n == t.n && r->c[i].t.width == t.width) {
			*data = &r->c[i].data;
			return 0;
		}
	}
	int i = r->n < TILE_CACHE ? r->n++ : r->next;
	r->next = (i + 1) % TILE_CACHE;
	buf_reset(&r->c[i].data);
	r->c[i].t = t;
	r->c[i].t.level = -2; /* not valid until fetched */
	buf_reset(&r->path);
	if (merkle_tile_path(&t, &r->path, e) < 0)
		return -1;
	int got = r->fetch(r->ctx, r->path.p, &r->c[i].data, e);
	if (got == LOG_NOT_FOUND)
		return err_fail(e, "the log does not serve %s", r->path.p);
	if (got < 0)
		return -1;
	if (r->c[i].data.len != (size_t)t.width * HASH)
		return err_fail(e, "%s has %zu bytes, a tile of width %d has %d", r->path.p,
				r->c[i].data.len, t.width, t.width * HASH);
	r->c[i].t = t;
	*data = &r->c[i].data;
	return 0;
}

static int tr_read(void *ctx, const int64_t *idx, int n, uint8_t (*out)[HASH], struct err *e)
{
	struct tile_reader *r = ctx;
	for (int i = 0; i < n; i++) {
		struct merkle_tile t;
		const struct buf *data = NULL;
		if (merkle_tile_for_index(idx[i], &t, e) < 0 || tr_tile(r, t, &data, e) < 0)
			return -1;
		struct merkle_tile served = t;
		served.width = (int)(data->len / HASH);
		if (merkle_hash_from_tile(&served, (const uint8_t *)data->p, data->len, idx[i], out[i],
					  e) < 0)
			return -1;
	}
	return 0;
}

static void tr_free(struct tile_reader *r)
{
	for (int i = 0; i < TILE_CACHE; i++)
		buf_free(&r->c[i].data);
	buf_free(&r->path);
}

/* Fetches the entry bundles covering leaves [from, to) of the tree and checks
 * that each leaf hashes to the leaf hash the tiles serve. */
static int watch_entries(struct tile_reader *tr, int64_t from, int64_t to, int64_t *checked,
			 struct err *e)
{
	struct buf data = BUF_INIT, path = BUF_INIT;
	struct merkle_reader mr = {tr, tr_read};
	int rc = -1;
	for (int64_t n = from / TILE_W; n * TILE_W < to; n++) {
		int64_t w = to - n * TILE_W;
		struct merkle_tile t = {MERKLE_TILE_ENTRIES, n, (int)(w < TILE_W ? w : TILE_W)};
		buf_reset(&path);
		buf_reset(&data);
		if (merkle_tile_path(&t, &path, e) < 0)
			goto cleanup;
		int got = tr->fetch(tr->ctx, path.p, &data, e);
		if (got == LOG_NOT_FOUND) {
			err_fail(e, "the log does not serve %s", path.p);
			goto cleanup;
		}
		if (got < 0)
			goto cleanup;
		size_t at = 0;
		for (int i = 0; i < t.width; i++) {
			int64_t leaf = n * TILE_W + i;
			if (at + 2 > data.len) {
				err_fail(e, "%s ends after %d of its %d entries", path.p, i, t.width);
				goto cleanup;
			}
			size_t len = (size_t)(uint8_t)data.p[at] << 8 | (uint8_t)data.p[at + 1];
			at += 2;
			if (at + len > data.len) {
				err_fail(e, "%s: entry %d is cut short", path.p, i);
				goto cleanup;
			}
			if (leaf >= from) {
				uint8_t h[HASH], served[1][HASH];
				int64_t idx = merkle_stored_index(0, leaf);
				merkle_leaf_hash((const uint8_t *)data.p + at, len, h);
				if (mr.read(mr.ctx, &idx, 1, served, e) < 0)
					goto cleanup;
				if (memcmp(h, served[0], HASH) != 0) {
					err_fail(e, "%s: entry %lld does not hash to the log's leaf %lld",
						 path.p, (long long)leaf + 1, (long long)leaf);
					goto cleanup;
				}
				(*checked)++;
			}
			at += len;
		}
		if (at != data.len) {
			err_fail(e, "%s has %zu bytes after its %d entries", path.p, data.len - at, t.width);
			goto cleanup;
		}
	}
	rc = 0;
cleanup:
	buf_free(&data);
	buf_free(&path);
	return rc;
}

int log_watch(log_fetch_fn fetch, void *ctx, const struct note_verifier *known, int nknown,
	      const char *old, size_t old_len, struct buf *fresh, struct log_watch_result *res,
	      struct err *e)
{
	struct tile_reader *tr = xcalloc(1, sizeof *tr);
	struct merkle_reader mr = {tr, tr_read};
	struct note_checkpoint c, oc;
	struct buf note = BUF_INIT;
	uint8_t proof[MERKLE_MAX_PROOF][HASH], root[HASH];
	int len, rc = -1, got;

	memset(res, 0, sizeof *res);
	tr->fetch = fetch;
	tr->ctx = ctx;
	if ((got = fetch(ctx, "checkpoint", &note, e)) < 0) {
		if (got == LOG_NOT_FOUND)
			err_fail(e, "the log serves no checkpoint");
		goto cleanup;
	}
	if (note_checkpoint_open(note.p, note.len, known, nknown, &c, e) < 0) {
		err_prefix(e, "the log's checkpoint: ");
		goto cleanup;
	}
	res->size = tr->size = c.size;
	if (old) {
		if (note_checkpoint_open(old, old_len, known, nknown, &oc, e) < 0) {
			err_prefix(e, "the checkpoint seen last: ");
			goto cleanup;
		}
		res->old_size = oc.size;
		if (strcmp(oc.origin, c.origin) != 0) {
			err_fail(e, "the log's origin changed from %s to %s", oc.origin, c.origin);
			goto cleanup;
		}
		if (c.size < oc.size) {
			err_fail(e, "the log went back from %lld entries to %lld: it was rewritten",
				 (long long)oc.size, (long long)c.size);
			goto cleanup;
		}
		if (c.size == oc.size && memcmp(c.root, oc.root, HASH) != 0) {
			err_fail(e, "two different trees of %lld entries were signed: the log forked",
				 (long long)c.size);
			goto cleanup;
		}
		if (oc.size > 0 && c.size > oc.size &&
		    (merkle_prove_tree(c.size, oc.size, &mr, proof, &len, e) < 0 ||
		     merkle_check_tree(proof, len, c.size, c.root, oc.size, oc.root, e) < 0)) {
			err_prefix(e, "the log of %lld entries does not extend the one seen at %lld: ",
				   (long long)c.size, (long long)oc.size);
			goto cleanup;
		}
	}
	if (c.size > 0) {
		if (merkle_tree_hash(c.size, &mr, root, e) < 0)
			goto cleanup;
		if (memcmp(root, c.root, HASH) != 0) {
			err_fail(e, "the log's tiles do not hash to its checkpoint's root");
			goto cleanup;
		}
		if (watch_entries(tr, old ? res->old_size : 0, c.size, &res->entries_checked, e) < 0)
			goto cleanup;
	}
	buf_put(fresh, note.p, note.len);
	rc = 0;
cleanup:
	tr_free(tr);
	free(tr);
	buf_free(&note);
	return rc;
}
