/* ledger/log: the transparency log over SQLite.  The leaf format and the
 * identity commitment against vectors computed independently (Python's
 * hashlib); the stored tree against ledger/merkle's reference append over
 * an in-memory array, across batches, flushes and one-shot appends; proofs
 * through their text form, and every way of spoiling one; tiles and entry
 * bundles; a witness over log_tile_bytes, including a forked log; keys,
 * origin, donors' codes and erasure; and log_verify naming what was
 * changed behind the program's back. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "ledger/journal.h"
#include "ledger/log.h"
#include "ledger/log_int.h"
#include "store/migrate.h"
#include "store/store.h"

#define NOW "2019-12-01T03:00:00Z"
#define ORIGIN "test.ansinh/log"

static const struct actor actor = {"test"};

struct fx {
	char dir[256];
	char path[300];
	struct db *db;
	int64_t campaign, unit, donor;
};

static void drop_db(const char *path)
{
	static const char *const sfx[] = {"", "-wal", "-shm"};
	char p[400];
	for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++) {
		snprintf(p, sizeof p, "%s%s", path, sfx[i]);
		unlink(p);
	}
}

static struct db *open_books(const char *path, int64_t *campaign, int64_t *unit, int64_t *donor)
{
	struct db *db = NULL;
	struct err e = {0};
	int64_t c, u, d;
	drop_db(path);
	if (db_open(&db, path, DB_OPEN_CREATE, &e) < 0)
		fail_msg("db_open: %s", e.msg);
	struct campaign_input ci = {.code = "TV2019", .name = "C", .start = "2019-01-01",
				    .end = "2019-12-31"};
	struct donor_input di = {.name = "Nguyễn Văn A", .kind = "individual", .unit_code = "TV-CL",
				 .tax_code = "0123456789"};
	if (db_begin(db, &e) < 0 || log_set_origin(db, ORIGIN, NOW, &e) < 0 || db_commit(db, &e) < 0 ||
	    campaign_add(db, &actor, &ci, &c, &e) < 0 ||
	    unit_add(db, &actor, "TV-CL", "Càng Long", NULL, NULL, &u, &e) < 0 ||
	    donor_add(db, &actor, &di, &d, &e) < 0)
		fail_msg("setup: %s", e.msg);
	if (campaign)
		*campaign = c;
	if (unit)
		*unit = u;
	if (donor)
		*donor = d;
	return db;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	const char *base = getenv("TMPDIR");
	setenv("ANSINH_NOW", NOW, 1);
	snprintf(f->dir, sizeof f->dir, "%s/ansinh-log-XXXXXX", base && *base ? base : "/tmp");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/log.db", f->dir);
	f->db = open_books(f->path, &f->campaign, &f->unit, &f->donor);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	db_close(f->db);
	drop_db(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void exec_ok(struct db *db, const char *sql)
{
	struct err e = {0};
	if (db_exec(db, sql, &e) < 0)
		fail_msg("%s: %s", sql, e.msg);
}

static int64_t add(struct fx *f, int64_t amount, const char *channel)
{
	struct err e = {0};
	struct buf receipt = BUF_INIT;
	int64_t id;
	struct contribution_input in = {.campaign_id = f->campaign, .donor_id = f->donor,
					.channel = channel, .amount = amount, .date = "2019-09-15"};
	if (contribution_add(f->db, &actor, &in, &id, &receipt, &e) < 0)
		fail_msg("contribution_add: %s", e.msg);
	buf_free(&receipt);
	return id;
}

static void sign(struct db *db)
{
	struct err e = {0};
	if (db_begin(db, &e) < 0 || log_sign(db, NOW, NULL, &e) < 0 || db_commit(db, &e) < 0)
		fail_msg("sign: %s", e.msg);
}

static void verify_ok(struct db *db)
{
	struct verify_result v;
	struct err e = {0};
	if (books_verify(db, &v, &e) < 0)
		fail_msg("books_verify: %s", e.msg);
}

/* books_verify fails with a message containing want. */
static void verify_fails(struct db *db, const char *want)
{
	struct verify_result v;
	struct err e = {0};
	int rc = books_verify(db, &v, &e);
	if (rc != -1 || strstr(e.msg, want) == NULL)
		fail_msg("verify: rc %d '%s', want '%s'", rc, e.msg, want);
}

static void vkey(struct db *db, struct note_verifier *v)
{
	struct buf k = BUF_INIT;
	struct err e = {0};
	if (db_begin(db, &e) < 0 || log_verifier(db, NOW, &k, &e) < 0 || db_commit(db, &e) < 0 ||
	    note_verifier_parse(k.p, v, &e) < 0)
		fail_msg("verifier: %s", e.msg);
	buf_free(&k);
}

/* ---- formats ------------------------------------------------------------- */

static void hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static void test_identity_commit(void **state)
{
	(void)state;
	uint8_t salt[32], c[32];
	char h[65];
	for (int i = 0; i < 32; i++)
		salt[i] = (uint8_t)i;
	log_identity_commit(salt, 17, "Nguyễn Văn A", "0123456789", c);
	hex(c, 32, h);
	assert_string_equal(h, "150d4f41d986e9cb9c70cc5470033bbe33eb99419eb9793640bb1c5a77f1a5cf");
	log_identity_commit(salt, 5, "Lê Thị B", NULL, c);
	hex(c, 32, h);
	assert_string_equal(h, "2b7a6bbe12ee469c72fe8a23844b68dca42ecd12eb82266aa3433e47f6dbca46");
}

static void test_leaf_format(void **state)
{
	(void)state;
	uint8_t salt[32], c[32], lh[32];
	char buf[1024], h[65];
	for (int i = 0; i < 32; i++)
		salt[i] = (uint8_t)i;
	log_identity_commit(salt, 17, "Nguyễn Văn A", "0123456789", c);
	struct log_leaf l = {
		.id = 17, .kind = "contribution", .campaign = "TV2019", .date = "2019-09-15",
		.recorded = NOW, .debit = "bank", .credit = "contributions", .amount = 1000000,
		.unit = "TV-CL", .receipt = "TV2019-000017", .identity = c,
	};
	static const char want[] =
		"ansinh-entry/1\nid 17\nkind contribution\ncampaign TV2019\ndate 2019-09-15\n"
		"recorded 2019-12-01T03:00:00Z\ndebit bank\ncredit contributions\namount 1000000\n"
		"unit TV-CL\nreceipt TV2019-000017\nidentity "
		"FQ1PQdmG6cuccMxUcAM7vjPrmUGeuXk2QLscWnfxpc8=\n";
	long n = log_leaf_format(&l, buf, sizeof buf);
	assert_int_equal(n, (long)strlen(want));
	assert_memory_equal(buf, want, (size_t)n);
	merkle_leaf_hash((const uint8_t *)buf, (size_t)n, lh);
	hex(lh, 32, h);
	assert_string_equal(h, "5b3a1e86e4ef41533431427a20c0f293159f5b1947c637ce323cdfc9bafceeb8");
	/* no room: refused, not cut */
	assert_int_equal(log_leaf_format(&l, buf, (size_t)n - 1), -1);
	/* a reversal: no unit, no receipt, the entry it reverses */
	struct log_leaf r = {
		.id = 18, .kind = "reversal", .campaign = "TV2019", .date = "2019-09-16",
		.recorded = NOW, .debit = "contributions", .credit = "bank", .amount = 1000000,
		.reverses = 17,
	};
	n = log_leaf_format(&r, buf, sizeof buf);
	buf[n] = '\0';
	assert_string_equal(buf, "ansinh-entry/1\nid 18\nkind reversal\ncampaign TV2019\n"
			    "date 2019-09-16\nrecorded 2019-12-01T03:00:00Z\ndebit contributions\n"
			    "credit bank\namount 1000000\nreverses 17\n");
	/* the identity's base64 is the standard one, for any bytes */
	for (int k = 0; k < 200; k++) {
		char b64[64];
		randombytes_buf(c, sizeof c);
		n = log_leaf_format(&l, buf, sizeof buf);
		sodium_bin2base64(b64, sizeof b64, c, 32, sodium_base64_VARIANT_ORIGINAL);
		buf[n - 1] = '\0';
		assert_string_equal(strrchr(buf, ' ') + 1, b64);
	}
}

/* ---- the stored tree against merkle's reference ------------------------- */

struct mem {
	uint8_t (*h)[32];
	int64_t n, cap;
};

static int mem_read(void *ctx, const int64_t *idx, int n, uint8_t (*out)[32], struct err *e)
{
	struct mem *m = ctx;
	for (int i = 0; i < n; i++) {
		if (idx[i] < 0 || idx[i] >= m->n)
			return err_fail(e, "mem: %lld not stored", (long long)idx[i]);
		memcpy(out[i], m->h[idx[i]], 32);
	}
	return 0;
}

static void mem_append(struct mem *m, int64_t leaf, const uint8_t *data, size_t len)
{
	uint8_t lh[32], out[MERKLE_MAX_STORED][32];
	struct merkle_reader r = {m, mem_read};
	struct err e = {0};
	int k;
	merkle_leaf_hash(data, len, lh);
	if (merkle_stored_hashes(leaf, lh, &r, out, &k, &e) < 0)
		fail_msg("%s", e.msg);
	if (m->n + k > m->cap) {
		m->cap = (m->n + k) * 2;
		m->h = realloc(m->h, (size_t)m->cap * 32);
	}
	memcpy(m->h[m->n], out, (size_t)k * 32);
	m->n += k;
}

static void test_append_matches_merkle(void **state)
{
	struct fx *f = *state;
	struct mem m = {0};
	struct err e = {0};
	struct merkle_reader r;
	struct log_batch *lb = calloc(1, sizeof *lb);
	uint8_t data[64], want[32], got[32];
	int64_t n = 0, size;
	/* batches of awkward sizes, flushed mid-row, new batches, one-shots */
	static const int64_t batches[] = {1, 1, 254, 1, 300, 5, 0, 70000, 3, 65280, 1, 700};
	for (size_t b = 0; b < sizeof batches / sizeof *batches; b++) {
		assert_int_equal(db_begin(f->db, &e), 0);
		memset(lb, 0, sizeof *lb);
		for (int64_t i = 0; i < batches[b]; i++, n++) {
			memset(data, (int)(n * 7), sizeof data);
			memcpy(data, &n, sizeof n);
			/* every third batch appends one leaf at a time without a batch */
			if (b % 3 == 1) {
				if (log_append_data(f->db, NULL, data, sizeof data, &e) < 0)
					fail_msg("append: %s", e.msg);
			} else if (log_append_data(f->db, lb, data, sizeof data, &e) < 0) {
				fail_msg("append: %s", e.msg);
			}
			if (i == batches[b] / 2 && log_batch_write(f->db, lb, &e) < 0)
				fail_msg("write: %s", e.msg);
			mem_append(&m, n, data, sizeof data);
		}
		if (log_batch_write(f->db, lb, &e) < 0 || db_commit(f->db, &e) < 0)
			fail_msg("commit: %s", e.msg);
		assert_int_equal(log_size(f->db, &size, &e), 0);
		assert_int_equal(size, n);
		/* the root of every size just written, and every stored hash */
		log_reader_open(f->db, &r);
		struct merkle_reader mr = {&m, mem_read};
		if (n > 0) {
			assert_int_equal(merkle_tree_hash(n, &r, got, &e), 0);
			assert_int_equal(merkle_tree_hash(n, &mr, want, &e), 0);
			assert_memory_equal(got, want, 32);
		}
		log_reader_close(&r);
	}
	log_reader_open(f->db, &r);
	for (int64_t i = 0; i < m.n; i++) {
		if (r.read(r.ctx, &i, 1, &got, &e) < 0)
			fail_msg("stored %lld: %s", (long long)i, e.msg);
		assert_memory_equal(got, m.h[i], 32);
	}
	/* one past the end is missing, not made up */
	int64_t past = m.n;
	assert_int_equal(r.read(r.ctx, &past, 1, &got, &e), -1);
	/* proofs read from the rows (levels 1..3 of each tile recomputed) are
	 * the merkle module's over every hash in memory */
	struct merkle_reader mr = {&m, mem_read};
	uint8_t pa[MERKLE_MAX_PROOF][32], pb[MERKLE_MAX_PROOF][32];
	for (int i = 0; i < 300; i++) {
		int64_t sz = 1 + (int64_t)((uint64_t)(i * 2654435761u) % (uint64_t)n), la, lb2;
		int64_t at = (int64_t)((uint64_t)(i * 40503u + 7) % (uint64_t)sz);
		int len_a, len_b;
		assert_int_equal(merkle_prove_leaf(sz, at, &r, pa, &len_a, &e), 0);
		assert_int_equal(merkle_prove_leaf(sz, at, &mr, pb, &len_b, &e), 0);
		assert_int_equal(len_a, len_b);
		assert_memory_equal(pa, pb, (size_t)len_a * 32);
		la = at + 1;
		lb2 = sz;
		assert_int_equal(merkle_prove_tree(lb2, la, &r, pa, &len_a, &e), 0);
		assert_int_equal(merkle_prove_tree(lb2, la, &mr, pb, &len_b, &e), 0);
		assert_int_equal(len_a, len_b);
		assert_memory_equal(pa, pb, (size_t)len_a * 32);
	}
	log_reader_close(&r);
	/* every served tile of every level, full and partial, is the merkle
	 * module's tile over the same hashes */
	struct buf tb = BUF_INIT, tw = BUF_INIT, path = BUF_INIT;
	sign(f->db);
	int tiles = 0;
	for (int level = 0; (n >> (8 * level)) > 0; level++) {
		int64_t count = n >> (8 * level);
		for (int64_t tn = 0; tn * 256 < count; tn++, tiles++) {
			int64_t w = count - tn * 256;
			struct merkle_tile t = {level, tn, w > 256 ? 256 : (int)w};
			buf_reset(&tb);
			buf_reset(&tw);
			buf_reset(&path);
			assert_int_equal(merkle_tile_path(&t, &path, &e), 0);
			if (log_tile_bytes(f->db, path.p, &tb, &e) != 0 ||
			    merkle_tile_read(&t, n, &mr, &tw, &e) < 0)
				fail_msg("tile %s: %s", path.p, e.msg);
			assert_int_equal(tb.len, tw.len);
			assert_memory_equal(tb.p, tw.p, tw.len);
		}
	}
	assert_true(tiles > 500);
	buf_free(&tb);
	buf_free(&tw);
	buf_free(&path);
	free(m.h);
	free(lb);
}

/* ---- proofs -------------------------------------------------------------------- */

static void proof_text(struct db *db, int inclusion, int64_t a, int64_t size, struct buf *out)
{
	struct log_proof p;
	struct err e = {0};
	int rc = inclusion ? log_prove_leaf(db, a, size, &p, &e) : log_prove_tree(db, a, size, &p, &e);
	if (rc < 0)
		fail_msg("prove: %s", e.msg);
	buf_reset(out);
	log_proof_format(&p, out);
	log_proof_free(&p);
}

/* 0 when the proof text checks with v (and old, when given). */
static int check_text(const char *text, size_t len, const struct note_verifier *v, const char *old,
		      struct err *e)
{
	struct log_proof p;
	struct note_checkpoint c;
	if (log_proof_parse(text, len, &p, e) < 0)
		return -1;
	int rc = log_proof_check(&p, v, 1, old, old ? strlen(old) : 0, &c, e);
	log_proof_free(&p);
	return rc;
}

/* Replaces the first occurrence of from with to in b. */
static void edit(struct buf *b, const char *from, const char *to)
{
	char *at = strstr(b->p, from);
	if (at == NULL)
		fail_msg("'%s' not in the proof", from);
	struct buf n = BUF_INIT;
	buf_put(&n, b->p, (size_t)(at - b->p));
	buf_puts(&n, to);
	buf_puts(&n, at + strlen(from));
	buf_free(b);
	*b = n;
}

static void test_proofs(void **state)
{
	struct fx *f = *state;
	struct note_verifier v, other;
	struct buf t = BUF_INIT, old = BUF_INIT, k = BUF_INIT, s = BUF_INIT;
	struct err e = {0};
	for (int i = 0; i < 40; i++)
		add(f, 1000 + i, i % 2 ? "cash" : "transfer");
	sign(f->db);
	assert_int_equal(log_checkpoint_latest(f->db, &old, NULL, &e), 1);
	for (int i = 0; i < 25; i++)
		add(f, 5000 + i, "cash");
	sign(f->db);
	vkey(f->db, &v);

	/* every leaf in every size checkpointed */
	for (int64_t i = 0; i < 65; i++) {
		proof_text(f->db, 1, i, 0, &t);
		if (check_text(t.p, t.len, &v, NULL, &e) < 0)
			fail_msg("leaf %lld: %s", (long long)i, e.msg);
	}
	proof_text(f->db, 1, 3, 40, &t);
	assert_int_equal(check_text(t.p, t.len, &v, NULL, &e), 0);
	for (int64_t m = 1; m <= 65; m++) {
		proof_text(f->db, 0, m, 0, &t);
		if (check_text(t.p, t.len, &v, NULL, &e) < 0)
			fail_msg("consistency from %lld: %s", (long long)m, e.msg);
	}
	proof_text(f->db, 0, 40, 0, &t);
	assert_int_equal(check_text(t.p, t.len, &v, old.p, &e), 0);
	proof_text(f->db, 0, 39, 0, &t);
	err_clear(&e);
	assert_int_equal(check_text(t.p, t.len, &v, old.p, &e), -1);
	assert_non_null(strstr(e.msg, "not the old checkpoint"));

	/* no such checkpoint, no such leaf */
	struct log_proof p;
	err_clear(&e);
	assert_int_equal(log_prove_leaf(f->db, 65, 0, &p, &e), -1);
	err_clear(&e);
	assert_int_equal(log_prove_leaf(f->db, 0, 41, &p, &e), -1);
	assert_non_null(strstr(e.msg, "no checkpoint of size 41"));
	err_clear(&e);
	assert_int_equal(log_prove_tree(f->db, 0, 0, &p, &e), -1);

	/* every way of spoiling an inclusion proof */
	proof_text(f->db, 1, 17, 0, &t);
	struct buf bad = BUF_INIT;
	const char *h = strstr(t.p, "\nhash ") + 6;
	static const struct {
		const char *name, *from, *to;
	} spoil[] = {
		{"index", "index 17", "index 16"},
		{"size", "size 65", "size 64"},
		{"type", "inclusion", "consistency"},
		{"blank line", "\n\n", "\n"},
	};
	for (size_t i = 0; i < sizeof spoil / sizeof *spoil; i++) {
		buf_reset(&bad);
		buf_put(&bad, t.p, t.len);
		edit(&bad, spoil[i].from, spoil[i].to);
		err_clear(&e);
		if (check_text(bad.p, bad.len, &v, NULL, &e) == 0)
			fail_msg("spoilt %s accepted", spoil[i].name);
	}
	/* a hash changed; a hash dropped (truncated proof); the entry changed */
	buf_reset(&bad);
	buf_put(&bad, t.p, t.len);
	bad.p[h - t.p] = bad.p[h - t.p] == 'A' ? 'B' : 'A';
	assert_int_equal(check_text(bad.p, bad.len, &v, NULL, &e), -1);
	buf_reset(&bad);
	buf_put(&bad, t.p, (size_t)(h - t.p) - 6);
	buf_puts(&bad, strchr(h, '\n'));
	err_clear(&e);
	assert_int_equal(check_text(bad.p, bad.len, &v, NULL, &e), -1);
	buf_reset(&bad);
	buf_put(&bad, t.p, t.len / 3);
	err_clear(&e);
	assert_int_equal(check_text(bad.p, bad.len, &v, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "proof:"));
	/* the signature line removed; another key */
	buf_reset(&bad);
	buf_put(&bad, t.p, (size_t)(strstr(t.p, "\xe2\x80\x94 ") - t.p));
	err_clear(&e);
	assert_int_equal(check_text(bad.p, bad.len, &v, NULL, &e), -1);
	assert_int_equal(note_generate_key(ORIGIN, &s, &k, &e), 0);
	assert_int_equal(note_verifier_parse(k.p, &other, &e), 0);
	err_clear(&e);
	assert_int_equal(check_text(t.p, t.len, &other, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "checkpoint"));
	/* a different amount in the entry: the leaf no longer hashes in */
	struct log_proof q;
	assert_int_equal(log_proof_parse(t.p, t.len, &q, &e), 0);
	char *amt = strstr(q.entry.p, "amount ");
	amt[7] = amt[7] == '9' ? '8' : '9';
	struct note_checkpoint c;
	err_clear(&e);
	assert_int_equal(log_proof_check(&q, &v, 1, NULL, 0, &c, &e), -1);
	log_proof_free(&q);
	sodium_memzero(s.p, s.cap);
	buf_free(&s);
	buf_free(&k);
	buf_free(&bad);
	buf_free(&t);
	buf_free(&old);
}

/* ---- tiles --------------------------------------------------------------------- */

static void test_tiles(void **state)
{
	struct fx *f = *state;
	struct buf b = BUF_INIT;
	struct err e = {0};
	assert_int_equal(log_tile_bytes(f->db, "checkpoint", &b, &e), LOG_NOT_FOUND);
	for (int i = 0; i < 300; i++)
		add(f, 100 + i, "cash");
	sign(f->db);
	static const char *const bad[] = {
		"", "tile", "tile/", "tile/0", "tile/0/", "tile/0/1", "tile/0/0001", "tile/00/000",
		"tile/0/x000/001", "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/01",
		"tile/64/000", "tile/-1/000", "tile/entries/", "tile/data/000", "../checkpoint",
		"tile/0/000/", "tile/0/000.p/5/", "checkpoint/", "tile/0/x1/000",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		err_clear(&e);
		if (log_tile_bytes(f->db, bad[i], &b, &e) != LOG_BAD_PATH)
			fail_msg("'%s' was not refused as a bad path", bad[i]);
	}
	static const char *const missing[] = {
		"tile/0/002", "tile/0/001", "tile/0/001.p/45", "tile/1/000", "tile/1/000.p/2",
		"tile/entries/001", "tile/entries/002.p/1", "tile/7/x999/999",
		"tile/0/x001/x234/567", "tile/entries/x999/x999/x999/x999/x999/999",
	};
	for (size_t i = 0; i < sizeof missing / sizeof *missing; i++) {
		err_clear(&e);
		if (log_tile_bytes(f->db, missing[i], &b, &e) != LOG_NOT_FOUND)
			fail_msg("'%s' was not 404", missing[i]);
	}
	assert_int_equal(b.len, 0);
	/* level 0: the leaf hashes; the partial tile is their continuation */
	struct merkle_reader r;
	uint8_t h[32];
	log_reader_open(f->db, &r);
	assert_int_equal(log_tile_bytes(f->db, "tile/0/000", &b, &e), 0);
	assert_int_equal(b.len, 256 * 32);
	assert_int_equal(log_tile_bytes(f->db, "tile/0/001.p/44", &b, &e), 0);
	assert_int_equal(b.len, 300 * 32);
	for (int64_t i = 0; i < 300; i++) {
		int64_t idx = merkle_stored_index(0, i);
		assert_int_equal(r.read(r.ctx, &idx, 1, &h, &e), 0);
		assert_memory_equal(b.p + i * 32, h, 32);
	}
	buf_reset(&b);
	assert_int_equal(log_tile_bytes(f->db, "tile/0/000.p/7", &b, &e), 0);
	assert_int_equal(b.len, 7 * 32);
	buf_reset(&b);
	assert_int_equal(log_tile_bytes(f->db, "tile/1/000.p/1", &b, &e), 0);
	int64_t idx = merkle_stored_index(8, 0);
	assert_int_equal(r.read(r.ctx, &idx, 1, &h, &e), 0);
	assert_memory_equal(b.p, h, 32);
	/* entry bundles: uint16 length + leaf, hashing to the leaf hashes */
	for (int bn = 0; bn < 2; bn++) {
		buf_reset(&b);
		assert_int_equal(log_tile_bytes(f->db, bn ? "tile/entries/001.p/44" : "tile/entries/000",
						&b, &e), 0);
		size_t at = 0;
		for (int64_t i = bn * 256; i < (bn ? 300 : 256); i++) {
			size_t len = (size_t)(uint8_t)b.p[at] << 8 | (uint8_t)b.p[at + 1];
			char want[48];
			snprintf(want, sizeof want, "ansinh-entry/1\nid %lld\n", (long long)i + 1);
			assert_memory_equal(b.p + at + 2, want, strlen(want));
			merkle_leaf_hash((const uint8_t *)b.p + at + 2, len, h);
			int64_t li = merkle_stored_index(0, i);
			uint8_t stored[1][32];
			assert_int_equal(r.read(r.ctx, &li, 1, stored, &e), 0);
			assert_memory_equal(h, stored[0], 32);
			at += 2 + len;
		}
		assert_int_equal(at, b.len);
	}
	log_reader_close(&r);
	/* a row changed behind the program's back: the bundle is refused */
	exec_ok(f->db, "DROP TRIGGER journal_no_update; UPDATE journal_entry SET amount = 1 WHERE id = 3;");
	buf_reset(&b);
	err_clear(&e);
	assert_int_equal(log_tile_bytes(f->db, "tile/entries/000", &b, &e), -1);
	assert_non_null(strstr(e.msg, "journal entry 3 no longer matches"));
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

/* ---- witness -------------------------------------------------------------------- */

static int db_fetch(void *ctx, const char *path, struct buf *out, struct err *e)
{
	return log_tile_bytes(ctx, path, out, e);
}

static void test_watch(void **state)
{
	struct fx *f = *state;
	struct note_verifier v;
	struct log_watch_result r;
	struct buf first = BUF_INIT, second = BUF_INIT, skey = BUF_INIT, vk = BUF_INIT;
	struct err e = {0};
	for (int i = 0; i < 260; i++)
		add(f, 100 + i, "cash");
	sign(f->db);
	vkey(f->db, &v);
	if (log_watch(db_fetch, f->db, &v, 1, NULL, 0, &first, &r, &e) < 0)
		fail_msg("watch: %s", e.msg);
	assert_int_equal(r.size, 260);
	assert_int_equal(r.entries_checked, 260);
	for (int i = 0; i < 300; i++)
		add(f, 7 + i, "transfer");
	sign(f->db);
	if (log_watch(db_fetch, f->db, &v, 1, first.p, first.len, &second, &r, &e) < 0)
		fail_msg("watch again: %s", e.msg);
	assert_int_equal(r.old_size, 260);
	assert_int_equal(r.size, 560);
	assert_int_equal(r.entries_checked, 300);
	/* the same log again: unchanged */
	buf_reset(&first);
	assert_int_equal(log_watch(db_fetch, f->db, &v, 1, second.p, second.len, &first, &r, &e), 0);
	assert_int_equal(r.entries_checked, 0);

	/* Another database with the same key (imported) and other entries: a
	 * forked log, first at the very size the witness saw, then larger. */
	char path2[400];
	snprintf(path2, sizeof path2, "%s/fork.db", f->dir);
	int64_t c2, d2;
	struct db *db2 = open_books(path2, &c2, NULL, &d2);
	assert_int_equal(db_begin(f->db, &e), 0);
	assert_int_equal(log_key_export(f->db, NOW, &skey, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(db_begin(db2, &e), 0);
	if (log_key_import(db2, skey.p, NOW, &vk, &e) < 0)
		fail_msg("import: %s", e.msg);
	assert_int_equal(db_commit(db2, &e), 0);
	struct buf receipt = BUF_INIT, fork560 = BUF_INIT, third = BUF_INIT;
	for (int i = 0; i < 600; i++) {
		int64_t id;
		struct contribution_input in = {.campaign_id = c2, .donor_id = d2, .channel = "cash",
						.amount = 100 + i + (i == 100), .date = "2019-09-15"};
		if (contribution_add(db2, &actor, &in, &id, &receipt, &e) < 0)
			fail_msg("fork: %s", e.msg);
		if (i == 559) {
			sign(db2);
			assert_int_equal(log_checkpoint_latest(db2, &fork560, NULL, &e), 1);
		}
	}
	buf_free(&receipt);
	sign(db2);
	buf_reset(&first);
	err_clear(&e);
	assert_int_equal(log_watch(db_fetch, db2, &v, 1, second.p, second.len, &first, &r, &e), -1);
	assert_non_null(strstr(e.msg, "does not extend"));
	err_clear(&e);
	assert_int_equal(log_watch(db_fetch, f->db, &v, 1, fork560.p, fork560.len, &first, &r, &e), -1);
	assert_non_null(strstr(e.msg, "forked"));
	/* the witness saw 600 entries (of the fork); the log now has 560: rewritten */
	assert_int_equal(log_watch(db_fetch, db2, &v, 1, NULL, 0, &third, &r, &e), 0);
	err_clear(&e);
	assert_int_equal(log_watch(db_fetch, f->db, &v, 1, third.p, third.len, &first, &r, &e), -1);
	assert_non_null(strstr(e.msg, "went back"));
	/* a key the witness does not know */
	struct note_verifier w;
	struct buf ws = BUF_INIT, wv = BUF_INIT;
	assert_int_equal(note_generate_key(ORIGIN, &ws, &wv, &e), 0);
	assert_int_equal(note_verifier_parse(wv.p, &w, &e), 0);
	err_clear(&e);
	assert_int_equal(log_watch(db_fetch, f->db, &w, 1, NULL, 0, &first, &r, &e), -1);
	assert_non_null(strstr(e.msg, "not signed by any known key"));
	buf_free(&ws);
	buf_free(&wv);
	buf_free(&fork560);
	buf_free(&third);
	db_close(db2);
	drop_db(path2);
	sodium_memzero(skey.p, skey.cap);
	buf_free(&skey);
	buf_free(&vk);
	buf_free(&first);
	buf_free(&second);
}

/* ---- keys, origin, donors ------------------------------------------------------------ */

static void test_keys(void **state)
{
	struct fx *f = *state;
	struct buf a = BUF_INIT, b = BUF_INIT, skey = BUF_INIT, s2 = BUF_INIT, v2 = BUF_INIT;
	struct note_signer s;
	struct err e = {0};
	add(f, 1000, "cash");
	sign(f->db);
	assert_int_equal(db_begin(f->db, &e), 0);
	assert_int_equal(log_verifier(f->db, NOW, &a, &e), 0);
	assert_int_equal(log_key_export(f->db, NOW, &skey, &e), 0);
	assert_int_equal(note_signer_parse(skey.p, &s, &e), 0);
	assert_string_equal(s.name, ORIGIN);
	note_signer_clear(&s);
	/* the origin is fixed once a checkpoint names it */
	assert_int_equal(log_set_origin(f->db, "other.example/log", NOW, &e), -1);
	assert_non_null(strstr(e.msg, "can no longer change"));
	err_clear(&e);
	assert_int_equal(log_set_origin(f->db, ORIGIN, NOW, &e), 0);
	assert_int_equal(log_key_rotate(f->db, NOW, &b, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_string_not_equal(a.p, b.p);
	/* old checkpoints still check with the retired key; the latest is by the new one */
	verify_ok(f->db);
	struct note_verifier nv;
	struct note_checkpoint c;
	buf_reset(&a);
	assert_int_equal(note_verifier_parse(b.p, &nv, &e), 0);
	assert_int_equal(log_checkpoint_latest(f->db, &a, NULL, &e), 1);
	assert_int_equal(note_checkpoint_open(a.p, a.len, &nv, 1, &c, &e), 0);
	/* import: a key of another name is refused, the same key twice too, an
	 * old one cannot return */
	assert_int_equal(db_begin(f->db, &e), 0);
	assert_int_equal(note_generate_key("other.example/log", &s2, &v2, &e), 0);
	assert_int_equal(log_key_import(f->db, s2.p, NOW, &a, &e), -1);
	assert_non_null(strstr(e.msg, "origin"));
	err_clear(&e);
	assert_int_equal(log_key_import(f->db, skey.p, NOW, &a, &e), -1);
	assert_non_null(strstr(e.msg, "retired"));
	err_clear(&e);
	assert_int_equal(log_key_import(f->db, "PRIVATE+KEY+garbage", NOW, &a, &e), -1);
	err_clear(&e);
	buf_reset(&s2);
	buf_reset(&v2);
	assert_int_equal(note_generate_key(ORIGIN, &s2, &v2, &e), 0);
	buf_reset(&a);
	assert_int_equal(log_key_import(f->db, s2.p, NOW, &a, &e), 0);
	assert_string_equal(a.p, v2.p);
	assert_int_equal(log_key_import(f->db, s2.p, NOW, &a, &e), -1);
	assert_non_null(strstr(e.msg, "already"));
	db_rollback(f->db);
	err_clear(&e);
	/* origins must be key names */
	assert_int_equal(db_begin(f->db, &e), 0);
	assert_int_equal(log_set_origin(f->db, "has space", NOW, &e), -1);
	err_clear(&e);
	assert_int_equal(log_set_origin(f->db, "a+b", NOW, &e), -1);
	db_rollback(f->db);
	sodium_memzero(skey.p, skey.cap);
	buf_free(&skey);
	buf_free(&s2);
	buf_free(&v2);
	buf_free(&a);
	buf_free(&b);
}

static void test_lookup_erase(void **state)
{
	struct fx *f = *state;
	struct buf code = BUF_INIT;
	struct log_lookup l;
	struct err e = {0};
	int64_t entry;
	add(f, 1000, "cash");
	int64_t id = add(f, 2000, "transfer");
	sign(f->db);
	assert_int_equal(log_receipt_code(f->db, "TV2019-000002", &code, &e), 0);
	assert_int_equal(code.len, strlen("TV2019-000002.") + 52);
	assert_int_equal(log_lookup(f->db, code.p, &l, &e), 1);
	assert_int_equal(l.entry_id, id);
	assert_int_equal(l.leaf, id - 1);
	assert_non_null(strstr(l.proof.entry.p, "receipt TV2019-000002\n"));
	log_lookup_free(&l);
	/* lower case is the same code; another salt, receipt or shape is not */
	for (char *p = code.p + 14; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	assert_int_equal(log_lookup(f->db, code.p, &l, &e), 1);
	log_lookup_free(&l);
	char wrong[128];
	snprintf(wrong, sizeof wrong, "%s", code.p);
	wrong[20] = wrong[20] == 'a' ? 'b' : 'a';
	assert_int_equal(log_lookup(f->db, wrong, &l, &e), 0);
	memcpy(wrong, "TV2019-000001", 13);
	snprintf(wrong + 13, sizeof wrong - 13, "%s", code.p + 13);
	assert_int_equal(log_lookup(f->db, wrong, &l, &e), 0);
	static const char *const junk[] = {"", ".", "TV2019-000002", "TV2019-000002.", "x.1",
		"TV2019-000002.AAAA", "TV2019-000002.!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"};
	for (size_t i = 0; i < sizeof junk / sizeof *junk; i++)
		assert_int_equal(log_lookup(f->db, junk[i], &l, &e), 0);
	/* erased: the log stays whole, the code leads nowhere */
	assert_int_equal(db_begin(f->db, &e), 0);
	assert_int_equal(log_erase(f->db, "TV2019-000002", NOW, &entry, &e), 0);
	assert_int_equal(entry, id);
	assert_int_equal(log_erase(f->db, "TV2019-000002", NOW, &entry, &e), -1);
	err_clear(&e);
	assert_int_equal(log_erase(f->db, "TV2019-999999", NOW, &entry, &e), -1);
	err_clear(&e);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(log_lookup(f->db, code.p, &l, &e), 0);
	buf_reset(&code);
	assert_int_equal(log_receipt_code(f->db, "TV2019-000002", &code, &e), -1);
	struct verify_result v;
	err_clear(&e);
	if (books_verify(f->db, &v, &e) < 0)
		fail_msg("verify after erasure: %s", e.msg);
	assert_int_equal(v.log.erased, 1);
	struct log_proof p;
	assert_int_equal(log_prove_leaf(f->db, id - 1, 0, &p, &e), 0);
	log_proof_free(&p);
	buf_free(&code);
}

/* ---- batches, checkpoints, the journal ---------------------------------------------- */

static int count_checkpoints(struct db *db)
{
	int64_t n;
	struct err e = {0};
	if (db_scalar_i64(db, "SELECT count(*) FROM log_checkpoint", NULL, 0, &n, &e) < 0)
		fail_msg("%s", e.msg);
	return (int)n;
}

static void test_checkpoints_and_gaps(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	add(f, 1000, "cash");
	sign(f->db);
	int before = count_checkpoints(f->db);
	/* within a second of the last signature the batch does not sign... */
	add(f, 2000, "cash");
	assert_int_equal(count_checkpoints(f->db), before);
	verify_ok(f->db);
	/* ...log_sign does, once per tree */
	sign(f->db);
	sign(f->db);
	assert_int_equal(count_checkpoints(f->db), before + 1);
	/* a gap in the journal's ids is refused before anything is written */
	assert_int_equal(db_begin(f->db, &e), 0);
	struct entry_row en = {.campaign_id = f->campaign, .kind = "transfer", .entry_date = "2019-09-15",
			       .debit_account = ACC_CASH, .credit_account = ACC_BANK, .amount = 5,
			       .actor = "test"};
	int64_t next = 10;
	assert_int_equal(journal_post(f->db, &en, NOW, &next, &e), -1);
	assert_non_null(strstr(e.msg, "journal entry 10 would be leaf 9 of a log of 2 leaves"));
	err_clear(&e);
	next = 0;
	assert_int_equal(journal_post(f->db, &en, NOW, &next, &e), 0);
	assert_int_equal(en.id, 3);
	assert_int_equal(db_commit(f->db, &e), 0);
	/* an entry posted outside the log (rows written by hand) is named */
	exec_ok(f->db, "INSERT INTO journal_entry(id, campaign_id, kind, entry_date, recorded_at,"
		" debit_account, credit_account, amount, actor) VALUES (4, 1, 'transfer', '2019-09-15',"
		" '" NOW "', 1, 2, 5, 'x');");
	verify_fails(f->db, "journal entry 4 is not in the transparency log");
}

/* ---- verification ------------------------------------------------------------------- */

struct tamper {
	const char *name, *sql, *want;
};

#define GUARD(t, tbl, what) "CREATE TRIGGER " t " BEFORE " what " ON " tbl \
	" BEGIN SELECT RAISE(ABORT, 'x'); END;"

static const struct tamper tampers[] = {
	{"a consistent rewrite of an entry and its contribution",
	 "DROP TRIGGER journal_no_update; DROP TRIGGER contribution_no_update;"
	 " UPDATE journal_entry SET amount = 777 WHERE id = 2; UPDATE contribution SET amount = 777"
	 " WHERE id = 2;" GUARD("journal_no_update", "journal_entry", "UPDATE")
	 GUARD("contribution_no_update", "contribution", "UPDATE"),
	 "journal entry 2 does not match its leaf 1"},
	{"the receipt number", "DROP TRIGGER contribution_no_update; UPDATE contribution SET"
	 " receipt_no = 'TV2019-999999' WHERE id = 3;" GUARD("contribution_no_update", "contribution",
	 "UPDATE"), "journal entry 3 does not match"},
	{"the donor's name", "UPDATE donor SET name = 'Nguyễn Văn B' WHERE id = 1;",
	 "journal entry 1 does not match"},
	{"a salt seed", "DROP TRIGGER log_seed_keep; UPDATE log_seed SET seed = randomblob(32)"
	 " WHERE leaf = 0;" GUARD("log_seed_keep", "log_seed", "UPDATE"),
	 "journal entry 1 does not match"},
	{"the seed of the last run", "DROP TRIGGER log_seed_keep; UPDATE log_seed SET seed ="
	 " randomblob(32) WHERE leaf = 64;" GUARD("log_seed_keep", "log_seed", "UPDATE"),
	 "journal entry 65 does not match"},
	{"a salt seed blanked without erasure", "UPDATE log_seed SET seed = zeroblob(32) WHERE leaf = 0;",
	 "contribution 1: its donor's salt is missing"},
	{"a salt seed deleted", "DROP TRIGGER log_seed_no_delete; DELETE FROM log_seed WHERE leaf = 64;"
	 GUARD("log_seed_no_delete", "log_seed", "DELETE"), "contribution 65: its donor's salt is missing"},
	{"a salt seed beyond the log", "INSERT INTO log_seed(leaf, seed) VALUES (65, randomblob(32));",
	 "holds a salt seed for entry 66"},
	{"a salt written over a seed", "INSERT INTO log_salt(n, salts) VALUES (0, CAST(zeroblob(64) ||"
	 " randomblob(32) AS BLOB));", "journal entry 3 does not match"},
	{"a seed's guard dropped", "DROP TRIGGER log_seed_keep;", "'log_seed_keep' is missing"},
	{"a leaf hash", "DROP TRIGGER log_tile_append_only; UPDATE log_tile SET hashes ="
	 " CAST(substr(hashes, 1, 64) || zeroblob(32) || substr(hashes, 97) AS BLOB)"
	 " WHERE level = 0 AND n = 0;" GUARD("log_tile_append_only", "log_tile", "UPDATE"),
	 "journal entry 3 does not match its leaf 2"},
	{"an interior hash", "DROP TRIGGER log_tile_append_only; UPDATE log_tile SET upper ="
	 " randomblob(32) WHERE level = 0 AND n = 0;" GUARD("log_tile_append_only", "log_tile", "UPDATE"),
	 "stored hash of entries 1 to 32 (level 5) was changed"},
	{"an interior hash cut", "DROP TRIGGER log_tile_append_only; UPDATE log_tile SET upper = x''"
	 " WHERE level = 0 AND n = 0;" GUARD("log_tile_append_only", "log_tile", "UPDATE"),
	 "stored hash of entries 1 to 32 (level 5) was changed"},
	{"the last leaves cut", "DROP TRIGGER log_tile_append_only; UPDATE log_tile SET hashes ="
	 " CAST(substr(hashes, 1, 32 * 4) AS BLOB) WHERE level = 0 AND n = 0;"
	 GUARD("log_tile_append_only", "log_tile", "UPDATE"), "checkpoint"},
	{"the log deleted", "DROP TRIGGER log_tile_no_delete; DELETE FROM log_tile;"
	 GUARD("log_tile_no_delete", "log_tile", "DELETE"), "checkpoint"},
	{"the last checkpoint's signature", "DROP TRIGGER log_checkpoint_no_update; UPDATE"
	 " log_checkpoint SET note = substr(note, 1, instr(note, char(10) || char(10)))"
	 " WHERE id = (SELECT max(id) FROM log_checkpoint);"
	 GUARD("log_checkpoint_no_update", "log_checkpoint", "UPDATE"), "no signature lines"},
	{"a checkpoint's root", "DROP TRIGGER log_checkpoint_no_update; UPDATE log_checkpoint SET"
	 " root = randomblob(32);" GUARD("log_checkpoint_no_update", "log_checkpoint", "UPDATE"),
	 "differs from its signed note"},
	{"a guard dropped", "DROP TRIGGER log_salt_keep;", "'log_salt_keep' is missing"},
	{"the key's secret swapped", "DROP TRIGGER log_key_keep; UPDATE log_key SET skey ="
	 " 'PRIVATE+KEY+test.ansinh/log+00000000+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';"
	 GUARD("log_key_keep", "log_key", "UPDATE"), "log key 1"},
	{"the last entry deleted with its contribution",
	 "PRAGMA foreign_keys = OFF; DROP TRIGGER journal_no_delete; DROP TRIGGER"
	 " contribution_no_delete; DELETE FROM contribution WHERE id = 65; DELETE FROM journal_entry"
	 " WHERE id = 65;" GUARD("journal_no_delete", "journal_entry", "DELETE")
	 GUARD("contribution_no_delete", "contribution", "DELETE") " PRAGMA foreign_keys = ON;",
	 "journal entry 65 is missing"},
};

/* ---- migration 0011: tile rows of 510 hashes to bottom + upper ------------ */

/* The row (tl, n) as migration 0002 laid it out: every stored hash of its
 * subtree in post-order, as many as the tree of `size` leaves completes. */
static void old_row(struct merkle_reader *r, int tl, int64_t n, int64_t size, struct buf *hex)
{
	static const char digits[] = "0123456789abcdef";
	struct err e = {0};
	buf_reset(hex);
	/* post-order: subtree kk at relative level j is made right after its
	 * last bottom hash; walk the bottom hashes and emit what each completes */
	for (int64_t b = 0; b < 256; b++) {
		for (int j = 0; j < 8; j++) {
			if (j > 0 && ((b + 1) & ((1 << j) - 1)) != 0)
				break;
			int level = tl * 8 + j;
			int64_t k = ((n << 8) + b) >> j;
			if (((k + 1) << level) > size)
				return;
			int64_t idx = merkle_stored_index(level, k);
			uint8_t h[1][32];
			if (r->read(r->ctx, &idx, 1, h, &e) < 0)
				fail_msg("read: %s", e.msg);
			for (int i = 0; i < 32; i++) {
				char c[2] = {digits[h[0][i] >> 4], digits[h[0][i] & 15]};
				buf_put(hex, c, 2);
			}
		}
	}
}

static void test_migration_0011(void **state)
{
	struct fx *f = *state;
	char path[400];
	struct err e = {0};
	struct actor a = {"test"};
	struct buf receipt = BUF_INIT, hex = BUF_INIT, sql = BUF_INIT, t1 = BUF_INIT, t2 = BUF_INIT;
	struct merkle_reader r;
	int64_t c, d, id, n = 70000 + 123, count;
	snprintf(path, sizeof path, "%s/migrate.db", f->dir);
	struct db *db = open_books(path, &c, NULL, &d);
	struct write_batch *wb = calloc(1, sizeof *wb);
	db_bulk_mode(db, 1);
	assert_int_equal(db_begin(db, &e), 0);
	for (int64_t i = 0; i < n; i++) {
		struct contribution_input in = {.campaign_id = c, .donor_id = d, .channel = "cash",
						.amount = 1000 + i, .date = "2019-09-15"};
		if (contribution_record(db, &a, &in, NOW, wb, &id, &receipt, &e) < 0)
			fail_msg("record: %s", e.msg);
	}
	if (write_batch_flush(db, wb, &e) < 0 || db_commit(db, &e) < 0)
		fail_msg("commit: %s", e.msg);
	sign(db);
	verify_ok(db);
	/* every stored hash and the served tiles of the new layout */
	assert_int_equal(merkle_stored_count(n, &count), 0);
	uint8_t (*all)[32] = malloc((size_t)count * 32);
	log_reader_open(db, &r);
	for (int64_t i = 0; i < count; i++)
		if (r.read(r.ctx, &i, 1, &all[i], &e) < 0)
			fail_msg("stored %lld: %s", (long long)i, e.msg);
	static const char *const tiles[] = {"tile/0/000", "tile/0/273.p/235", "tile/1/000",
					    "tile/1/001.p/17", "tile/2/000.p/1"};
	for (size_t i = 0; i < sizeof tiles / sizeof *tiles; i++)
		if (log_tile_bytes(db, tiles[i], &t1, &e) != 0)
			fail_msg("%s: %s", tiles[i], e.msg);
	/* the database as schema 10 had it: rows of 510 hashes in post-order */
	const char *old = NULL;
	for (int i = 0; i < migrations_count; i++)
		if (migrations[i].version == 2)
			old = migrations[i].sql;
	assert_non_null(old);
	const char *from = strstr(old, "CREATE TABLE log_tile("), *to = strstr(old, "-- Personal data");
	assert_true(from && to && from < to);
	buf_puts(&sql, "DROP TABLE log_tile; ");
	buf_put(&sql, from, (size_t)(to - from));
	for (int tl = 0; tl < 3; tl++) {
		for (int64_t rn = 0; (rn << (8 * (tl + 1))) < n; rn++) {
			old_row(&r, tl, rn, n, &hex);
			if (hex.len == 0)
				break;
			buf_printf(&sql, "INSERT INTO log_tile(id, level, n, hashes) VALUES (%lld, %d, %lld, x'",
				   (long long)(((int64_t)tl << 56) + rn), tl, (long long)rn);
			buf_put(&sql, hex.p, hex.len);
			buf_puts(&sql, "');\n");
		}
	}
	log_reader_close(&r);
	buf_puts(&sql, "DELETE FROM schema_migration WHERE version >= 11;");
	exec_ok(db, sql.p);
	db_close(db);
	/* reopened: migrated, every hash where it was, the same tiles, verified */
	assert_int_equal(db_open(&db, path, DB_OPEN_EXISTING, &e), 0);
	int64_t size;
	assert_int_equal(log_size(db, &size, &e), 0);
	assert_int_equal(size, n);
	log_reader_open(db, &r);
	for (int64_t i = 0; i < count; i++) {
		uint8_t h[1][32];
		if (r.read(r.ctx, &i, 1, h, &e) < 0)
			fail_msg("stored %lld after the migration: %s", (long long)i, e.msg);
		assert_memory_equal(h[0], all[i], 32);
	}
	log_reader_close(&r);
	for (size_t i = 0; i < sizeof tiles / sizeof *tiles; i++)
		if (log_tile_bytes(db, tiles[i], &t2, &e) != 0)
			fail_msg("%s: %s", tiles[i], e.msg);
	assert_int_equal(t1.len, t2.len);
	assert_memory_equal(t1.p, t2.p, t1.len);
	verify_ok(db);
	/* and it grows on as before */
	memset(wb, 0, sizeof *wb);
	assert_int_equal(db_begin(db, &e), 0);
	for (int i = 0; i < 300; i++) {
		struct contribution_input in = {.campaign_id = c, .donor_id = d, .channel = "cash",
						.amount = 7, .date = "2019-09-16"};
		if (contribution_record(db, &a, &in, NOW, wb, &id, &receipt, &e) < 0)
			fail_msg("record after the migration: %s", e.msg);
	}
	if (write_batch_flush(db, wb, &e) < 0 || db_commit(db, &e) < 0)
		fail_msg("commit: %s", e.msg);
	sign(db);
	verify_ok(db);
	db_close(db);
	drop_db(path);
	free(all);
	free(wb);
	buf_free(&receipt);
	buf_free(&hex);
	buf_free(&sql);
	buf_free(&t1);
	buf_free(&t2);
}

static void test_tampering(void **state)
{
	struct fx *f = *state;
	char path[400];
	snprintf(path, sizeof path, "%s/tamper.db", f->dir);
	for (size_t i = 0; i < sizeof tampers / sizeof *tampers; i++) {
		int64_t c, d;
		struct db *db = open_books(path, &c, NULL, &d);
		struct buf receipt = BUF_INIT;
		struct err e = {0};
		/* 65 in one batch: a tile row with upper hashes (of 32 and 64 leaves) and one more */
		struct write_batch *wb = calloc(1, sizeof *wb);
		assert_int_equal(db_begin(db, &e), 0);
		for (int k = 0; k < 65; k++) {
			int64_t id;
			struct contribution_input in = {.campaign_id = c, .donor_id = d, .channel = "cash",
							.amount = 1000 * (k + 1), .date = "2019-09-15"};
			if (contribution_record(db, &actor, &in, NOW, wb, &id, &receipt, &e) < 0)
				fail_msg("add: %s", e.msg);
		}
		if (write_batch_flush(db, wb, &e) < 0 || db_commit(db, &e) < 0)
			fail_msg("commit: %s", e.msg);
		free(wb);
		sign(db);
		verify_ok(db);
		exec_ok(db, tampers[i].sql);
		struct verify_result v;
		err_clear(&e);
		int rc = books_verify(db, &v, &e);
		if (rc != -1 || strstr(e.msg, tampers[i].want) == NULL)
			fail_msg("%s: rc %d '%s', want '%s'", tampers[i].name, rc, e.msg, tampers[i].want);
		buf_free(&receipt);
		db_close(db);
		drop_db(path);
	}
}

/* ---- salts from stored seeds (migration 0012) ---------------------------------- */

#define SEED_N 100

/* The verification code of every contribution TV2019-000001 .. n ("" when
 * it has none). */
static void all_codes(struct db *db, int n, struct buf *codes)
{
	struct err e = {0};
	char receipt[32];
	for (int i = 0; i < n; i++) {
		buf_reset(&codes[i]);
		snprintf(receipt, sizeof receipt, "TV2019-%06d", i + 1);
		if (log_receipt_code(db, receipt, &codes[i], &e) < 0) {
			buf_reset(&codes[i]);
			buf_puts(&codes[i], "");
			err_clear(&e);
		}
	}
}

static int64_t count_rows(struct db *db, const char *sql)
{
	struct err e = {0};
	int64_t n;
	if (db_scalar_i64(db, sql, NULL, 0, &n, &e) < 0)
		fail_msg("%s: %s", sql, e.msg);
	return n;
}

static void erase(struct db *db, const char *receipt)
{
	struct err e = {0};
	int64_t entry;
	if (db_begin(db, &e) < 0 || log_erase(db, receipt, NOW, &entry, &e) < 0 ||
	    db_commit(db, &e) < 0)
		fail_msg("erase %s: %s", receipt, e.msg);
}

/* Salts handed out in a batch come back, derived from the stored seed, as
 * the verification codes whose commitments the leaves hold (log_lookup
 * rebuilds the leaf with the salt and checks it against the stored leaf
 * hash); an erasure inside a run keeps the run's other salts, written out;
 * a database of schema 11 (every salt written out) migrates, verifies,
 * keeps its codes and grows with seeds. */
static void test_salt_seeds(void **state)
{
	struct fx *f = *state;
	struct buf receipt = BUF_INIT, codes[SEED_N + 5], again[SEED_N + 5], sql = BUF_INIT;
	struct write_batch *wb = calloc(1, sizeof *wb);
	struct log_lookup l;
	struct err e = {0};
	int64_t id;
	for (int i = 0; i < SEED_N + 5; i++)
		codes[i] = again[i] = (struct buf)BUF_INIT;
	/* one batch of 100, then three batches of one */
	assert_int_equal(db_begin(f->db, &e), 0);
	for (int i = 0; i < SEED_N; i++) {
		struct contribution_input in = {.campaign_id = f->campaign, .donor_id = f->donor,
						.channel = "cash", .amount = 1000 + i, .date = "2019-09-15"};
		if (contribution_record(f->db, &actor, &in, NOW, wb, &id, &receipt, &e) < 0)
			fail_msg("record: %s", e.msg);
	}
	if (write_batch_flush(f->db, wb, &e) < 0 || db_commit(f->db, &e) < 0)
		fail_msg("commit: %s", e.msg);
	for (int i = 0; i < 3; i++)
		add(f, 5000 + i, "transfer");
	sign(f->db);
	verify_ok(f->db);
	/* runs: leaves 0-63 and 64-99 of the batch, then one per batch of one */
	assert_int_equal(count_rows(f->db, "SELECT count(*) FROM log_salt"), 0);
	assert_int_equal(count_rows(f->db, "SELECT count(*) FROM log_seed"), 5);
	assert_int_equal(count_rows(f->db, "SELECT count(*) FROM log_seed WHERE leaf IN (0, 64, 100,"
				    " 101, 102) AND length(seed) = 32 AND seed <> zeroblob(32)"), 5);
	all_codes(f->db, SEED_N + 3, codes);
	for (int i = 0; i < SEED_N + 3; i++) {
		if (log_lookup(f->db, codes[i].p, &l, &e) != 1)
			fail_msg("lookup of %s: %s", codes[i].p, e.msg);
		assert_int_equal(l.leaf, i);
		log_lookup_free(&l);
		for (int k = 0; k < i; k++)
			assert_string_not_equal(codes[i].p, codes[k].p);
	}
	/* erasing leaf 10 (run 0): the others keep their codes */
	erase(f->db, "TV2019-000011");
	assert_int_equal(count_rows(f->db, "SELECT count(*) FROM log_seed WHERE seed = zeroblob(32)"), 1);
	assert_int_equal(count_rows(f->db, "SELECT seed = zeroblob(32) FROM log_seed WHERE leaf = 0"), 1);
	assert_int_equal(count_rows(f->db, "SELECT length(salts) FROM log_salt WHERE n = 0"), 64 * 32);
	assert_int_equal(count_rows(f->db, "SELECT substr(salts, 321, 32) = zeroblob(32) FROM log_salt"),
			 1);
	all_codes(f->db, SEED_N + 3, again);
	for (int i = 0; i < SEED_N + 3; i++)
		assert_string_equal(again[i].p, i == 10 ? "" : codes[i].p);
	assert_int_equal(log_lookup(f->db, codes[10].p, &l, &e), 0);
	verify_ok(f->db);

	/* the same books as schema 11 kept them: every salt written out, no seeds */
	buf_puts(&sql, "DROP TABLE log_seed; UPDATE log_salt SET salts = x'");
	for (int i = 0; i < SEED_N + 3; i++) {
		uint8_t salt[32] = {0};
		const char *dot = strrchr(codes[i].p, '.');
		if (i != 10 && (dot == NULL || lg_get_b32(dot + 1, strlen(dot + 1), salt, 32) < 0))
			fail_msg("code %d", i);
		for (int k = 0; k < 32; k++)
			buf_printf(&sql, "%02x", salt[k]);
	}
	buf_puts(&sql, "' WHERE n = 0; DELETE FROM schema_migration WHERE version >= 12;");
	exec_ok(f->db, sql.p);
	db_close(f->db);
	assert_int_equal(db_open(&f->db, f->path, DB_OPEN_EXISTING, &e), 0);
	assert_int_equal(count_rows(f->db, "SELECT count(*) FROM log_seed"), 0);
	verify_ok(f->db);
	all_codes(f->db, SEED_N + 3, again);
	for (int i = 0; i < SEED_N + 3; i++)
		assert_string_equal(again[i].p, i == 10 ? "" : codes[i].p);
	/* it grows with seeds; an old salt and a new one erase */
	add(f, 7000, "cash");
	add(f, 7001, "cash");
	sign(f->db);
	assert_int_equal(count_rows(f->db, "SELECT count(*) FROM log_seed"), 2);
	verify_ok(f->db);
	erase(f->db, "TV2019-000003");
	erase(f->db, "TV2019-000104");
	all_codes(f->db, SEED_N + 5, again);
	for (int i = 0; i < SEED_N + 3; i++)
		assert_string_equal(again[i].p, i == 10 || i == 2 ? "" : codes[i].p);
	assert_int_equal(again[SEED_N + 3].len, 0);
	assert_true(again[SEED_N + 4].len > 0);
	struct verify_result v;
	if (books_verify(f->db, &v, &e) < 0)
		fail_msg("verify: %s", e.msg);
	assert_int_equal(v.log.erased, 3);
	for (int i = 0; i < SEED_N + 5; i++) {
		buf_free(&codes[i]);
		buf_free(&again[i]);
	}
	buf_free(&receipt);
	buf_free(&sql);
	free(wb);
}

/* One write batch whose entries change campaign, date, account and unit
 * from one to the next, or repeat them: a batch reuses the middle lines of
 * its last leaf only for the same fields, so every leaf equals the one
 * rebuilt from the rows by log_leaf_format (verify). */
static void test_batch_leaves_vary(void **state)
{
	struct fx *f = *state;
	struct campaign_input ci = {.code = "TV2020", .name = "D", .start = "2020-01-01",
				    .end = "2020-12-31"};
	static const char *const dates[] = {"2019-09-15", "2019-09-15", "2019-09-16", "2019-10-01"};
	static const char *const channels[] = {"cash", "transfer", "transfer", "payroll", "cash"};
	struct write_batch *wb = calloc(1, sizeof *wb);
	struct buf receipt = BUF_INIT;
	struct err e = {0};
	int64_t c2, u2, id;
	if (campaign_add(f->db, &actor, &ci, &c2, &e) < 0 ||
	    unit_add(f->db, &actor, "TV-TC", "Tiểu Cần", NULL, NULL, &u2, &e) < 0)
		fail_msg("setup: %s", e.msg);
	assert_int_equal(db_begin(f->db, &e), 0);
	for (int i = 0; i < 60; i++) {
		int second = (i / 7) % 2;
		struct contribution_input in = {
			.campaign_id = second ? c2 : f->campaign, .donor_id = f->donor,
			.unit_id = i % 3 ? f->unit : u2, .channel = channels[i % 5], .amount = 1000 + i,
			.date = second ? "2020-02-02" : dates[(i / 2) % 4]};
		if (contribution_record(f->db, &actor, &in, NOW, wb, &id, &receipt, &e) < 0)
			fail_msg("record %d: %s", i, e.msg);
	}
	if (write_batch_flush(f->db, wb, &e) < 0 || db_commit(f->db, &e) < 0)
		fail_msg("commit: %s", e.msg);
	sign(f->db);
	verify_ok(f->db);
	buf_free(&receipt);
	free(wb);
}

/* Ids and amounts in a leaf are plain decimal, whatever their digits. */
static void test_leaf_numbers(void **state)
{
	static const int64_t values[] = {1, 9, 10, 11, 99, 100, 101, 999, 1000, 1234567, 10000000,
					 99999999, 100000000, 1000000000000000000, INT64_MAX};
	static const uint8_t identity[32] = {0};
	char data[1024], got[32], want[32];
	(void)state;
	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		struct log_leaf l = {.id = values[i], .amount = values[i], .reverses = values[i],
				     .kind = "reversal", .campaign = "C", .date = "2019-09-15",
				     .recorded = NOW, .debit = "bank", .credit = "contributions",
				     .receipt = "R", .identity = identity};
		long n = log_leaf_format(&l, data, sizeof data);
		assert_true(n > 0);
		snprintf(want, sizeof want, "%lld", (long long)values[i]);
		for (int k = 0; k < 3; k++) {
			static const char *const keys[] = {"id", "amount", "reverses"};
			assert_int_equal(log_leaf_field(data, (size_t)n, keys[k], got, sizeof got), 1);
			assert_string_equal(got, want);
		}
	}
}

/* A name longer than the commitment's stack buffer takes the heap path:
 * the same bytes hashed (libsodium's SHA-256 over the input built here). */
static void test_identity_commit_long(void **state)
{
	(void)state;
	uint8_t salt[32], got[32], want[32];
	static char name[3001];
	memset(name, 'a', sizeof name - 1);
	for (int i = 0; i < 32; i++)
		salt[i] = (uint8_t)(7 * i);
	log_identity_commit(salt, 123, name, "", got);
	size_t n = strlen(name);
	uint8_t *in = malloc(32 + 18 + 4 + 3 + 4 + n + 4), *p = in;
	memcpy(p, salt, 32), p += 32;
	memcpy(p, "ansinh-identity/1\n", 18), p += 18;
	memcpy(p, "\0\0\0\3" "123", 7), p += 7;
	*p++ = 0, *p++ = 0, *p++ = (uint8_t)(n >> 8), *p++ = (uint8_t)n;
	memcpy(p, name, n), p += n;
	memset(p, 0, 4), p += 4;
	crypto_hash_sha256(want, in, (unsigned long long)(p - in));
	assert_memory_equal(got, want, 32);
	free(in);
}

static void test_leaf_hash_prefixed(void **state)
{
	(void)state;
	uint8_t a[32], b[32], buf[300] = {0};
	for (int i = 1; i < 300; i++)
		buf[i] = (uint8_t)(i * 31);
	for (size_t n = 0; n < 299; n += 37) {
		merkle_leaf_hash(buf + 1, n, a);
		merkle_leaf_hash_prefixed(buf, n + 1, b);
		assert_memory_equal(a, b, 32);
	}
}

static void test_codes_and_fields(void **state)
{
	(void)state;
	static const char salt[] = "JDUT24GQDSNYUEC7YJG43SCK5Q7GWVXG4HCPS7OJMVSLKP5UWOYQ";
	char code[200], out[32];
	snprintf(code, sizeof code, "TV2019-000010.%s", salt);
	assert_true(log_code_wellformed(code));
	for (char *c = code; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	assert_true(log_code_wellformed(code)); /* either case */
	assert_false(log_code_wellformed(""));
	assert_false(log_code_wellformed("TV2019-000010"));
	assert_false(log_code_wellformed(salt));
	snprintf(code, sizeof code, ".%s", salt);
	assert_false(log_code_wellformed(code));
	snprintf(code, sizeof code, "TV2019-000010.%sA", salt);
	assert_false(log_code_wellformed(code));
	snprintf(code, sizeof code, "TV2019-000010.%.51s1", salt);
	assert_false(log_code_wellformed(code));
	snprintf(code, sizeof code, "TV 2019.%s", salt);
	assert_false(log_code_wellformed(code));
	snprintf(code, sizeof code, "%065d.%s", 1, salt);
	assert_false(log_code_wellformed(code));
	snprintf(code, sizeof code, "%064d.%s", 1, salt);
	assert_true(log_code_wellformed(code));

	static const char leaf[] = "ansinh-entry/1\nid 17\nkind contribution\namount 1000000\n"
				   "unit TV-CL\nreceipt TV2019-000017\n";
	assert_int_equal(log_leaf_field(leaf, strlen(leaf), "amount", out, sizeof out), 1);
	assert_string_equal(out, "1000000");
	assert_int_equal(log_leaf_field(leaf, strlen(leaf), "receipt", out, sizeof out), 1);
	assert_string_equal(out, "TV2019-000017");
	assert_int_equal(log_leaf_field(leaf, strlen(leaf), "unit", out, sizeof out), 1);
	assert_string_equal(out, "TV-CL");
	assert_int_equal(log_leaf_field(leaf, strlen(leaf), "uni", out, sizeof out), 0);
	assert_int_equal(log_leaf_field(leaf, strlen(leaf), "date", out, sizeof out), 0);
	assert_int_equal(log_leaf_field(leaf, strlen(leaf), "receipt", out, 5), 0); /* no room */
	/* the last line without its newline still counts */
	assert_int_equal(log_leaf_field("id 5", 4, "id", out, sizeof out), 1);
	assert_string_equal(out, "5");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity_commit),
		cmocka_unit_test(test_leaf_format),
		cmocka_unit_test(test_identity_commit_long),
		cmocka_unit_test(test_leaf_hash_prefixed),
		cmocka_unit_test(test_codes_and_fields),
		cmocka_unit_test(test_leaf_numbers),
		T(test_append_matches_merkle),
		T(test_proofs),
		T(test_tiles),
		T(test_watch),
		T(test_keys),
		T(test_lookup_erase),
		T(test_checkpoints_and_gaps),
		T(test_tampering),
		T(test_salt_seeds),
		T(test_batch_leaves_vary),
		T(test_migration_0011),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
