/* Tests for ledger/merkle: the RFC 6962 reference vectors used by
 * certificate-transparency and Go's tlog, a cross-check against a direct
 * transcription of RFC 6962's recursive definitions (MTH, PATH, PROOF), and
 * property tests on a 100,000-leaf tree where every tampered proof must fail. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "ledger/merkle.h"

typedef uint8_t hash_t[MERKLE_HASH_SIZE];

/* ---- in-memory stored-hash array, the reader the tests use ---------------- */

struct mem {
	hash_t *h;
	int64_t n, cap;
	int64_t leaves;
	int64_t calls;  /* read calls, to check one batch per operation */
	int fail;       /* make the next read fail */
};

static int mem_read(void *ctx, const int64_t *idx, int n, uint8_t (*out)[32], struct err *e)
{
	struct mem *m = ctx;
	m->calls++;
	if (m->fail)
		return err_fail(e, "mem: injected failure");
	for (int i = 0; i < n; i++) {
		/* merkle promises increasing indexes; a database reader relies on it. */
		if (i > 0 && idx[i] <= idx[i - 1])
			return err_fail(e, "mem: indexes out of order at %d", i);
		if (idx[i] < 0 || idx[i] >= m->n)
			return err_fail(e, "mem: index %lld not stored", (long long)idx[i]);
		memcpy(out[i], m->h[idx[i]], 32);
	}
	return 0;
}

static struct merkle_reader mem_reader(struct mem *m)
{
	struct merkle_reader r = {m, mem_read};
	return r;
}

static void mem_append_hash(struct mem *m, const hash_t leaf)
{
	uint8_t out[MERKLE_MAX_STORED][32];
	struct merkle_reader r = mem_reader(m);
	struct err e = {0};
	int n = 0;

	assert_int_equal(merkle_stored_hashes(m->leaves, leaf, &r, out, &n, &e), 0);
	assert_int_equal(merkle_stored_index(0, m->leaves), m->n);
	if (m->n + n > m->cap) {
		m->cap = m->cap ? m->cap * 2 : 1024;
		m->h = realloc(m->h, (size_t)m->cap * sizeof *m->h);
		assert_non_null(m->h);
	}
	memcpy(m->h + m->n, out, (size_t)n * 32);
	m->n += n;
	m->leaves++;
}

static void mem_free(struct mem *m)
{
	free(m->h);
	memset(m, 0, sizeof *m);
}

/* ---- helpers ------------------------------------------------------------- */

static void unhex(const char *s, uint8_t *out, size_t n)
{
	assert_int_equal(strlen(s), 2 * n);
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		assert_int_equal(sscanf(s + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
}

/* splitmix64: reproducible randomness for the property tests. */
static uint64_t rng_state = 0x616e73696e68ULL;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int64_t rnd_range(int64_t lo, int64_t hi) /* [lo, hi] */
{
	return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1));
}

/* ---- RFC 6962 section 2.1, transcribed literally --------------------------- */

static int64_t ref_k(int64_t n)
{
	int64_t k = 1;
	while (k * 2 < n)
		k *= 2;
	return k;
}

static void ref_mth(const hash_t *d, int64_t n, hash_t out)
{
	hash_t l, r;
	if (n == 1) {
		memcpy(out, d[0], 32);
		return;
	}
	int64_t k = ref_k(n);
	ref_mth(d, k, l);
	ref_mth(d + k, n - k, r);
	merkle_node_hash(l, r, out);
}

static void ref_path(int64_t m, const hash_t *d, int64_t n, hash_t *out, int *len)
{
	if (n == 1)
		return;
	int64_t k = ref_k(n);
	if (m < k) {
		ref_path(m, d, k, out, len);
		ref_mth(d + k, n - k, out[(*len)++]);
	} else {
		ref_path(m - k, d + k, n - k, out, len);
		ref_mth(d, k, out[(*len)++]);
	}
}

static void ref_subproof(int64_t m, const hash_t *d, int64_t n, int b, hash_t *out, int *len)
{
	if (m == n) {
		if (!b)
			ref_mth(d, n, out[(*len)++]);
		return;
	}
	int64_t k = ref_k(n);
	if (m <= k) {
		ref_subproof(m, d, k, b, out, len);
		ref_mth(d + k, n - k, out[(*len)++]);
	} else {
		ref_subproof(m - k, d + k, n - k, 0, out, len);
		ref_mth(d, k, out[(*len)++]);
	}
}

/* ---- the certificate-transparency / tlog reference vectors ----------------- */

static const char *ct_leaves[8] = {
	"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
	"606162636465666768696a6b6c6d6e6f",
};

static const char *ct_roots[9] = {
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

struct vector {
	int64_t a, b; /* (leaf, size) or (old size, new size) */
	int len;
	const char *h[3];
};

/* Leaf indexes here are 0-based; transparency-dev lists them 1-based. */
static const struct vector ct_inclusion[] = {
	{0, 8, 3, {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
		   "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		   "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
	{5, 8, 3, {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
		   "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
		   "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
	{2, 3, 1, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
	{1, 5, 3, {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
		   "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		   "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
	{0, 1, 0, {NULL}},
};

static const struct vector ct_consistency[] = {
	{1, 1, 0, {NULL}},
	{1, 8, 3, {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
		   "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		   "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
	{6, 8, 3, {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
		   "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
		   "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
	{2, 5, 2, {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		   "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
	{6, 7, 3, {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
		   "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
		   "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
};

static void ct_tree(struct mem *m, hash_t leaves[8])
{
	uint8_t data[16];
	for (int i = 0; i < 8; i++) {
		size_t n = strlen(ct_leaves[i]) / 2;
		unhex(ct_leaves[i], data, n);
		merkle_leaf_hash(data, n, leaves[i]);
		mem_append_hash(m, leaves[i]);
	}
}

static int leaf_ok(const hash_t *p, int len, int64_t t, const hash_t root, int64_t n,
	const hash_t leaf)
{
	struct err e = {0};
	int rc = merkle_check_leaf(p, len, t, root, n, leaf, &e);
	assert_true(rc == 0 || err_is_set(&e));
	return rc == 0;
}

static int tree_ok(const hash_t *p, int len, int64_t t, const hash_t rt, int64_t n,
	const hash_t rn)
{
	struct err e = {0};
	int rc = merkle_check_tree(p, len, t, rt, n, rn, &e);
	assert_true(rc == 0 || err_is_set(&e));
	return rc == 0;
}

static void test_hashes(void **state)
{
	(void)state;
	hash_t l, r, h, want;
	const uint8_t zero = 0;

	/* Leaf "" is the root of size 1; node(leaf "", leaf 00) of size 2. */
	merkle_leaf_hash(NULL, 0, l);
	unhex(ct_roots[1], want, 32);
	assert_memory_equal(l, want, 32);
	merkle_leaf_hash(&zero, 1, r);
	merkle_node_hash(l, r, h);
	unhex(ct_roots[2], want, 32);
	assert_memory_equal(h, want, 32);
	/* The output may alias either input. */
	merkle_node_hash(l, r, l);
	assert_memory_equal(l, want, 32);
	merkle_leaf_hash(NULL, 0, l);
	merkle_node_hash(l, r, r);
	assert_memory_equal(r, want, 32);
}

/* Each thread hashes with its own digest context (freed when the thread
 * ends): concurrent hashing gives the same answers as serial hashing. */
enum { THREADS = 4, PER_THREAD = 2000 };

static void *hash_many(void *arg)
{
	hash_t *out = arg, l;
	for (uint32_t i = 0; i < PER_THREAD; i++) {
		merkle_leaf_hash((const uint8_t *)&i, sizeof i, l);
		merkle_node_hash(l, l, out[i]);
	}
	return NULL;
}

static void test_hashes_threads(void **state)
{
	(void)state;
	pthread_t th[THREADS];
	hash_t *got = calloc(THREADS * PER_THREAD, sizeof *got), want[PER_THREAD];

	assert_non_null(got);
	hash_many(want);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, hash_many, got + i * PER_THREAD), 0);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	for (int i = 0; i < THREADS; i++)
		assert_memory_equal(got + i * PER_THREAD, want, sizeof want);
	free(got);
}

static void test_ct_roots(void **state)
{
	(void)state;
	struct mem m = {0};
	hash_t leaves[8], root, want;
	struct err e = {0};

	ct_tree(&m, leaves);
	struct merkle_reader r = mem_reader(&m);
	for (int n = 0; n <= 8; n++) {
		int64_t calls = m.calls;
		assert_int_equal(merkle_tree_hash(n, &r, root, &e), 0);
		assert_true(m.calls - calls <= 1);
		unhex(ct_roots[n], want, 32);
		assert_memory_equal(root, want, 32);
	}
	mem_free(&m);
}

static void test_ct_inclusion(void **state)
{
	(void)state;
	struct mem m = {0};
	hash_t leaves[8], root, want[3], proof[MERKLE_MAX_PROOF], bad[MERKLE_MAX_PROOF + 1];
	struct err e = {0};
	int len;

	ct_tree(&m, leaves);
	struct merkle_reader r = mem_reader(&m);
	for (size_t v = 0; v < sizeof ct_inclusion / sizeof *ct_inclusion; v++) {
		const struct vector *tv = &ct_inclusion[v];
		int64_t n = tv->a, t = tv->b;
		for (int i = 0; i < tv->len; i++)
			unhex(tv->h[i], want[i], 32);
		unhex(ct_roots[t], root, 32);

		assert_int_equal(merkle_prove_leaf(t, n, &r, proof, &len, &e), 0);
		assert_int_equal(len, tv->len);
		for (int i = 0; i < len; i++)
			assert_memory_equal(proof[i], want[i], 32);
		assert_true(leaf_ok(proof, len, t, root, n, leaves[n]));

		/* The corruptions transparency-dev's verifier tests try. */
		if (n > 0)
			assert_false(leaf_ok(proof, len, t, root, n - 1, leaves[n]));
		if (n + 1 < t)
			assert_false(leaf_ok(proof, len, t, root, n + 1, leaves[n]));
		if ((n ^ 2) < t)
			assert_false(leaf_ok(proof, len, t, root, n ^ 2, leaves[n]));
		assert_false(leaf_ok(proof, len, t * 2, root, n, leaves[n]));
		if (n < t / 2)
			assert_false(leaf_ok(proof, len, t / 2, root, n, leaves[n]));
		assert_false(leaf_ok(proof, len, t, root, n, leaves[(n + 1) % 8]));
		unhex(ct_roots[0], bad[0], 32);
		assert_false(leaf_ok(proof, len, t, bad[0], n, leaves[n]));
		/* Trailing and preceding extra hashes. */
		memcpy(bad, proof, sizeof proof[0] * (size_t)len);
		memcpy(bad[len], root, 32);
		assert_false(leaf_ok(bad, len + 1, t, root, n, leaves[n]));
		memcpy(bad[0], root, 32);
		memcpy(bad + 1, proof, sizeof proof[0] * (size_t)len);
		assert_false(leaf_ok(bad, len + 1, t, root, n, leaves[n]));
		if (len > 0) {
			assert_false(leaf_ok(proof, len - 1, t, root, n, leaves[n]));
			for (int i = 0; i < len; i++) {
				proof[i][0] ^= 8;
				assert_false(leaf_ok(proof, len, t, root, n, leaves[n]));
				proof[i][0] ^= 8;
			}
		}
	}
	mem_free(&m);
}

static void test_ct_consistency(void **state)
{
	(void)state;
	struct mem m = {0};
	hash_t leaves[8], r1, r2, want[3], proof[MERKLE_MAX_PROOF], bad[MERKLE_MAX_PROOF + 1];
	struct err e = {0};
	int len;

	ct_tree(&m, leaves);
	struct merkle_reader r = mem_reader(&m);
	for (size_t v = 0; v < sizeof ct_consistency / sizeof *ct_consistency; v++) {
		const struct vector *tv = &ct_consistency[v];
		int64_t n = tv->a, t = tv->b;
		for (int i = 0; i < tv->len; i++)
			unhex(tv->h[i], want[i], 32);
		unhex(ct_roots[n], r1, 32);
		unhex(ct_roots[t], r2, 32);

		assert_int_equal(merkle_prove_tree(t, n, &r, proof, &len, &e), 0);
		assert_int_equal(len, tv->len);
		for (int i = 0; i < len; i++)
			assert_memory_equal(proof[i], want[i], 32);
		assert_true(tree_ok(proof, len, t, r2, n, r1));
		if (len == 0)
			continue;

		assert_false(tree_ok(proof, len, t, r2, n - 1 > 0 ? n - 1 : 2, r1));
		if (n + 1 <= t)
			assert_false(tree_ok(proof, len, t, r2, n + 1, r1));
		if ((n ^ 2) >= 1 && (n ^ 2) <= t)
			assert_false(tree_ok(proof, len, t, r2, n ^ 2, r1));
		assert_false(tree_ok(proof, len, t * 2, r2, n, r1));
		if (t / 2 >= n)
			assert_false(tree_ok(proof, len, t / 2, r2, n, r1));
		assert_false(tree_ok(proof, len, t, r1, n, r2)); /* swapped roots */
		assert_false(tree_ok(proof, len, t, r2, n, r2));
		assert_false(tree_ok(proof, len, t, r1, n, r1));
		assert_false(tree_ok(proof, 0, t, r2, n, r1));
		assert_false(tree_ok(proof, len - 1, t, r2, n, r1));
		memcpy(bad, proof, sizeof proof[0] * (size_t)len);
		memcpy(bad[len], r1, 32);
		assert_false(tree_ok(bad, len + 1, t, r2, n, r1));
		memcpy(bad[0], proof[0], 32);
		memcpy(bad + 1, proof, sizeof proof[0] * (size_t)len);
		assert_false(tree_ok(bad, len + 1, t, r2, n, r1));
		for (int i = 0; i < len; i++) {
			proof[i][0] ^= 16;
			assert_false(tree_ok(proof, len, t, r2, n, r1));
			proof[i][0] ^= 16;
		}
	}
	mem_free(&m);
}

/* ---- stored index layout --------------------------------------------------- */

static void test_stored_index(void **state)
{
	(void)state;
	/* The first hashes in storage order: leaf 0, leaf 1, node(0,1), leaf 2,
	 * leaf 3, node(2,3), node(0..3), leaf 4. */
	static const struct { int level; int64_t n, index; } known[] = {
		{0, 0, 0}, {0, 1, 1}, {1, 0, 2}, {0, 2, 3}, {0, 3, 4}, {1, 1, 5}, {2, 0, 6},
		{0, 4, 7}, {0, 5, 8}, {1, 2, 9}, {0, 6, 10}, {0, 7, 11}, {1, 3, 12}, {2, 1, 13},
		{3, 0, 14}, {0, 8, 15},
	};
	for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
		int level;
		int64_t n;
		assert_int_equal(merkle_stored_index(known[i].level, known[i].n), known[i].index);
		assert_int_equal(merkle_split_stored_index(known[i].index, &level, &n), 0);
		assert_int_equal(level, known[i].level);
		assert_int_equal(n, known[i].n);
	}
	/* Every index in a range splits and rebuilds to itself. */
	for (int64_t x = 0; x < 100000; x++) {
		int level;
		int64_t n;
		assert_int_equal(merkle_split_stored_index(x, &level, &n), 0);
		assert_int_equal(merkle_stored_index(level, n), x);
	}
	/* And round trips near the top of the range. */
	for (int level = 0; level <= 62; level++) {
		int64_t top = (MERKLE_MAX_TREE_SIZE >> level) - 1;
		int64_t ns[] = {0, 1, 2, 1000, top / 3, top - 1, top};
		for (size_t i = 0; i < sizeof ns / sizeof *ns; i++) {
			int l2;
			int64_t n2;
			if (ns[i] < 0 || ns[i] > top)
				continue;
			int64_t x = merkle_stored_index(level, ns[i]);
			assert_true(x >= 0);
			assert_int_equal(merkle_split_stored_index(x, &l2, &n2), 0);
			assert_int_equal(l2, level);
			assert_int_equal(n2, ns[i]);
		}
		assert_int_equal(merkle_stored_index(level, top + 1), -1);
	}
	assert_int_equal(merkle_stored_index(62, 0), INT64_MAX - 1);
	assert_int_equal(merkle_stored_index(-1, 0), -1);
	assert_int_equal(merkle_stored_index(63, 0), -1);
	assert_int_equal(merkle_stored_index(0, -1), -1);
	assert_int_equal(merkle_stored_index(0, INT64_MAX), -1);
	int level;
	int64_t n;
	assert_int_equal(merkle_split_stored_index(-1, &level, &n), -1);
	assert_int_equal(merkle_split_stored_index(INT64_MAX, &level, &n), -1);

	int64_t c;
	assert_int_equal(merkle_stored_count(0, &c), 0);
	assert_int_equal(c, 0);
	assert_int_equal(merkle_stored_count(MERKLE_MAX_TREE_SIZE, &c), 0);
	assert_int_equal(c, INT64_MAX);
	assert_int_equal(merkle_stored_count(MERKLE_MAX_TREE_SIZE + 1, &c), -1);
	assert_int_equal(merkle_stored_count(-1, &c), -1);
}

/* Appending leaf by leaf keeps storage exactly merkle_stored_count long, and
 * every operation reads at most once. */
static void test_stored_count_and_batching(void **state)
{
	(void)state;
	struct mem m = {0};
	hash_t h, root, proof[MERKLE_MAX_PROOF];
	struct err e = {0};
	int len;

	struct merkle_reader r = mem_reader(&m);
	for (int64_t i = 0; i < 5000; i++) {
		int64_t c;
		merkle_leaf_hash((const uint8_t *)&i, sizeof i, h);
		int64_t calls = m.calls;
		mem_append_hash(&m, h);
		assert_true(m.calls - calls <= 1);
		assert_int_equal(merkle_stored_count(m.leaves, &c), 0);
		assert_int_equal(c, m.n);

		calls = m.calls;
		assert_int_equal(merkle_tree_hash(m.leaves, &r, root, &e), 0);
		assert_int_equal(merkle_prove_leaf(m.leaves, i / 2, &r, proof, &len, &e), 0);
		assert_int_equal(merkle_prove_tree(m.leaves, i / 3 + 1, &r, proof, &len, &e), 0);
		assert_true(m.calls - calls <= 3);
	}
	mem_free(&m);
}

/* Every tree hash and every proof of every tree up to 100 leaves equals RFC
 * 6962's own recursive definition. */
static void test_against_rfc_definitions(void **state)
{
	(void)state;
	enum { N = 100 };
	struct mem m = {0};
	hash_t leaves[N], root, want, proof[MERKLE_MAX_PROOF], ref[MERKLE_MAX_PROOF];
	struct err e = {0};
	int len, rlen;

	struct merkle_reader r = mem_reader(&m);
	for (int i = 0; i < N; i++) {
		uint8_t data[3] = {(uint8_t)i, (uint8_t)(i * 7), 0x5a};
		merkle_leaf_hash(data, (size_t)(i % 4), leaves[i]);
		mem_append_hash(&m, leaves[i]);
	}
	for (int64_t t = 1; t <= N; t++) {
		ref_mth(leaves, t, want);
		assert_int_equal(merkle_tree_hash(t, &r, root, &e), 0);
		assert_memory_equal(root, want, 32);
		for (int64_t n = 0; n < t; n++) {
			assert_int_equal(merkle_prove_leaf(t, n, &r, proof, &len, &e), 0);
			rlen = 0;
			ref_path(n, leaves, t, ref, &rlen);
			assert_int_equal(len, rlen);
			assert_memory_equal(proof, ref, (size_t)len * 32);
			assert_true(leaf_ok(proof, len, t, root, n, leaves[n]));
		}
		for (int64_t n = 1; n <= t; n++) {
			hash_t old;
			ref_mth(leaves, n, old);
			assert_int_equal(merkle_prove_tree(t, n, &r, proof, &len, &e), 0);
			rlen = 0;
			ref_subproof(n, leaves, t, 1, ref, &rlen);
			assert_int_equal(len, rlen);
			assert_memory_equal(proof, ref, (size_t)len * 32);
			assert_true(tree_ok(proof, len, t, root, n, old));
		}
	}
	mem_free(&m);
}

/* ---- property tests on a large tree ---------------------------------------- */

enum { BIG = 100000 };

struct big {
	struct mem m;
	hash_t *leaves;
	hash_t *roots; /* roots[n] is the hash of the first n leaves */
};

static int big_setup(void **state)
{
	struct big *b = calloc(1, sizeof *b);
	struct err e = {0};

	b->leaves = calloc(BIG, sizeof *b->leaves);
	b->roots = calloc(BIG + 1, sizeof *b->roots);
	if (b == NULL || b->leaves == NULL || b->roots == NULL)
		return -1;
	struct merkle_reader r = mem_reader(&b->m);
	for (int64_t i = 0; i < BIG; i++) {
		char rec[40];
		int len = snprintf(rec, sizeof rec, "entry %lld", (long long)i);
		merkle_leaf_hash((const uint8_t *)rec, (size_t)len, b->leaves[i]);
		mem_append_hash(&b->m, b->leaves[i]);
	}
	for (int64_t n = 0; n <= BIG; n++)
		if (merkle_tree_hash(n, &r, b->roots[n], &e) != 0)
			return -1;
	*state = b;
	return 0;
}

static int big_teardown(void **state)
{
	struct big *b = *state;
	mem_free(&b->m);
	free(b->leaves);
	free(b->roots);
	free(b);
	return 0;
}

static void flip(hash_t h, int bit)
{
	h[bit / 8] ^= (uint8_t)(1u << (bit % 8));
}

static void test_random_inclusion(void **state)
{
	struct big *b = *state;
	struct merkle_reader r = mem_reader(&b->m);
	hash_t proof[MERKLE_MAX_PROOF], leaf, root;
	struct err e = {0};
	int len;

	for (int iter = 0; iter < 3000; iter++) {
		int64_t t = iter < 20 ? BIG - iter : rnd_range(1, BIG);
		int64_t n = rnd_range(0, t - 1);
		assert_int_equal(merkle_prove_leaf(t, n, &r, proof, &len, &e), 0);
		assert_true(len <= MERKLE_MAX_PROOF);
		assert_true(leaf_ok(proof, len, t, b->roots[t], n, b->leaves[n]));

		/* Every bit of every proof hash for the first proofs, one random bit
		 * per hash for the rest. */
		for (int i = 0; i < len; i++) {
			int all = iter < 10;
			for (int bit = all ? 0 : (int)rnd_range(0, 255); bit < 256; bit++) {
				flip(proof[i], bit);
				assert_false(leaf_ok(proof, len, t, b->roots[t], n, b->leaves[n]));
				flip(proof[i], bit);
				if (!all)
					break;
			}
		}
		memcpy(leaf, b->leaves[n], 32);
		flip(leaf, (int)rnd_range(0, 255));
		assert_false(leaf_ok(proof, len, t, b->roots[t], n, leaf));
		memcpy(root, b->roots[t], 32);
		flip(root, (int)rnd_range(0, 255));
		assert_false(leaf_ok(proof, len, t, root, n, b->leaves[n]));
		if (n + 1 < t)
			assert_false(leaf_ok(proof, len, t, b->roots[t], n + 1, b->leaves[n]));
		if (n > 0)
			assert_false(leaf_ok(proof, len, t, b->roots[t], n - 1, b->leaves[n]));
		if (t > 1 && n < t - 1)
			assert_false(leaf_ok(proof, len, t - 1, b->roots[t - 1], n, b->leaves[n]));
		if (len > 0)
			assert_false(leaf_ok(proof, len - 1, t, b->roots[t], n, b->leaves[n]));
	}
}

static void test_random_consistency(void **state)
{
	struct big *b = *state;
	struct merkle_reader r = mem_reader(&b->m);
	hash_t proof[MERKLE_MAX_PROOF], r1, r2;
	struct err e = {0};
	int len;

	for (int iter = 0; iter < 3000; iter++) {
		int64_t t = iter < 20 ? BIG - iter : rnd_range(1, BIG);
		int64_t n = rnd_range(1, t);
		assert_int_equal(merkle_prove_tree(t, n, &r, proof, &len, &e), 0);
		assert_true(len <= MERKLE_MAX_PROOF);
		assert_true(tree_ok(proof, len, t, b->roots[t], n, b->roots[n]));

		for (int i = 0; i < len; i++) {
			int all = iter < 10;
			for (int bit = all ? 0 : (int)rnd_range(0, 255); bit < 256; bit++) {
				flip(proof[i], bit);
				assert_false(tree_ok(proof, len, t, b->roots[t], n, b->roots[n]));
				flip(proof[i], bit);
				if (!all)
					break;
			}
		}
		memcpy(r1, b->roots[n], 32);
		flip(r1, (int)rnd_range(0, 255));
		memcpy(r2, b->roots[t], 32);
		flip(r2, (int)rnd_range(0, 255));
		assert_false(tree_ok(proof, len, t, r2, n, b->roots[n]));
		if (n == t)
			continue; /* an empty proof only says root_n == root_t */
		assert_false(tree_ok(proof, len, t, b->roots[t], n, r1));
		if (n > 1)
			assert_false(tree_ok(proof, len, t, b->roots[t], n - 1, b->roots[n - 1]));
		if (n + 1 < t)
			assert_false(tree_ok(proof, len, t, b->roots[t], n + 1, b->roots[n + 1]));
		assert_false(tree_ok(proof, len - 1, t, b->roots[t], n, b->roots[n]));
	}
}

/* ---- argument checking and reader failures --------------------------------- */

static void test_invalid_arguments(void **state)
{
	(void)state;
	struct mem m = {0};
	hash_t leaves[8], h, proof[MERKLE_MAX_PROOF];
	uint8_t out[MERKLE_MAX_STORED][32];
	struct err e = {0};
	int len, n;

	ct_tree(&m, leaves);
	struct merkle_reader r = mem_reader(&m);

	assert_int_equal(merkle_tree_hash(-1, &r, h, &e), -1);
	assert_non_null(strstr(e.msg, "out of range"));
	err_clear(&e);
	assert_int_equal(merkle_tree_hash(MERKLE_MAX_TREE_SIZE + 1, &r, h, &e), -1);
	err_clear(&e);
	assert_int_equal(merkle_prove_leaf(0, 0, &r, proof, &len, &e), -1);
	err_clear(&e);
	assert_int_equal(merkle_prove_leaf(8, 8, &r, proof, &len, &e), -1);
	err_clear(&e);
	assert_int_equal(merkle_prove_leaf(8, -1, &r, proof, &len, &e), -1);
	err_clear(&e);
	assert_int_equal(merkle_prove_tree(8, 0, &r, proof, &len, &e), -1);
	err_clear(&e);
	assert_int_equal(merkle_prove_tree(8, 9, &r, proof, &len, &e), -1);
	err_clear(&e);
	assert_int_equal(merkle_check_leaf(proof, MERKLE_MAX_PROOF + 1, 8, h, 0, h, &e), -1);
	err_clear(&e);
	assert_int_equal(merkle_check_leaf(proof, -1, 8, h, 0, h, &e), -1);
	err_clear(&e);
	assert_int_equal(merkle_check_tree(proof, 0, 8, h, 0, h, &e), -1);
	err_clear(&e);
	assert_int_equal(merkle_check_tree(proof, MERKLE_MAX_PROOF + 1, 8, h, 1, h, &e), -1);
	err_clear(&e);
	assert_int_equal(merkle_stored_hashes(-1, h, &r, out, &n, &e), -1);
	err_clear(&e);

	/* Proving beyond what is stored: the reader's error comes through. */
	assert_int_equal(merkle_tree_hash(9, &r, h, &e), -1);
	assert_non_null(strstr(e.msg, "not stored"));
	err_clear(&e);

	/* A failing reader fails every operation that reads, with its message. */
	m.fail = 1;
	assert_int_equal(merkle_tree_hash(8, &r, h, &e), -1);
	assert_string_equal(e.msg, "mem: injected failure");
	err_clear(&e);
	assert_int_equal(merkle_prove_leaf(8, 3, &r, proof, &len, &e), -1);
	err_clear(&e);
	assert_int_equal(merkle_prove_tree(8, 3, &r, proof, &len, &e), -1);
	err_clear(&e);
	assert_int_equal(merkle_stored_hashes(7, h, &r, out, &n, &e), -1);
	err_clear(&e);
	/* ... but those that need nothing do not call it. */
	assert_int_equal(merkle_tree_hash(0, &r, h, &e), 0);
	assert_int_equal(merkle_prove_leaf(1, 0, &r, proof, &len, &e), 0);
	assert_int_equal(len, 0);
	assert_int_equal(merkle_stored_hashes(8, h, &r, out, &n, &e), 0);
	assert_int_equal(n, 1);
	struct merkle_reader none = {NULL, NULL};
	assert_int_equal(merkle_tree_hash(8, &none, h, &e), -1);
	assert_non_null(strstr(e.msg, "no hash reader"));
	mem_free(&m);
}

/* ---- tiles ----------------------------------------------------------------- */

static void test_tile_paths(void **state)
{
	(void)state;
	static const struct { const char *path; int level; int64_t n; int width; } good[] = {
		{"tile/0/000", 0, 0, 256},
		{"tile/0/001", 0, 1, 256},
		{"tile/0/999", 0, 999, 256},
		{"tile/0/x001/000", 0, 1000, 256},
		{"tile/0/x001/x234/067", 0, 1234067, 256},
		{"tile/0/x001/x234/067.p/1", 0, 1234067, 1},
		{"tile/3/x123/x456/078.p/255", 3, 123456078, 255},
		{"tile/63/000.p/7", 63, 0, 7},
		{"tile/entries/000", MERKLE_TILE_ENTRIES, 0, 256},
		{"tile/entries/x003/x057/500.p/112", MERKLE_TILE_ENTRIES, 3057500, 112},
		{"tile/1/x009/x223/x372/x036/x854/x775/807", 1, INT64_MAX, 256},
	};
	static const char *bad[] = {
		"", "tile", "tile/", "tile/0", "tile/0/", "tile//000", "/tile/0/000",
		"tile/0/000/", "tile/0/00", "tile/0/0000", "tile/0/1234067",
		"tile/0/x001", "tile/0/x001/", "tile/0/x01/000", "tile/0/001/002",
		"tile/0/x000/001", "tile/0/x000/x001/002", "tile/0/X001/000",
		"tile/00/000", "tile/01/000", "tile/64/000", "tile/-1/000", "tile/100/000",
		"tile/a/000", "tile/data/000", "tile/entries000", "tile/entries/",
		"tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/07", "tile/0/000.p/",
		"tile/0/000.p", "tile/0/000.p/1/", "tile/0/000.p/1x", "tile/0/000.p/+1",
		"tile/0/000.q/1", "tile/0/000 ", "tile/0/-01", "tile/0/x-01/000",
		"tile/1/x009/x223/x372/x036/x854/x775/808",
		"tile/1/x001/x009/x223/x372/x036/x854/x775/807",
		"tiles/0/000", "tile/0/000.p/1000",
	};
	struct buf b = BUF_INIT;
	struct merkle_tile t;
	struct err e = {0};

	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		struct merkle_tile want = {good[i].level, good[i].n, good[i].width};
		buf_reset(&b);
		assert_int_equal(merkle_tile_path(&want, &b, &e), 0);
		assert_string_equal(buf_cstr(&b), good[i].path);
		assert_int_equal(merkle_tile_parse(good[i].path, &t, &e), 0);
		assert_int_equal(t.level, want.level);
		assert_int_equal(t.n, want.n);
		assert_int_equal(t.width, want.width);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		err_clear(&e);
		if (merkle_tile_parse(bad[i], &t, &e) == 0)
			fail_msg("accepted bad tile path \"%s\"", bad[i]);
		assert_non_null(strstr(e.msg, "malformed tile path"));
	}
	/* Groups are exactly three digits, also after an x. */
	assert_int_equal(merkle_tile_parse("tile/10/x000123/456", &t, &e), -1);

	/* Round trips for random tiles. */
	for (int i = 0; i < 20000; i++) {
		struct merkle_tile want = {
			(int)rnd_range(-1, 63), (int64_t)(rnd() >> rnd_range(1, 63)),
			(int)rnd_range(1, 256)};
		buf_reset(&b);
		assert_int_equal(merkle_tile_path(&want, &b, &e), 0);
		assert_int_equal(merkle_tile_parse(buf_cstr(&b), &t, &e), 0);
		assert_int_equal(t.level, want.level);
		assert_int_equal(t.n, want.n);
		assert_int_equal(t.width, want.width);
	}

	struct merkle_tile invalid[] = {{-2, 0, 1}, {64, 0, 1}, {0, -1, 1}, {0, 0, 0}, {0, 0, 257}};
	for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++) {
		err_clear(&e);
		assert_int_equal(merkle_tile_path(&invalid[i], &b, &e), -1);
	}
	buf_free(&b);
}

static void test_tile_for_index(void **state)
{
	(void)state;
	struct merkle_tile t;
	struct err e = {0};

	/* Leaf 0: the first hash of level-0 tile 0. */
	assert_int_equal(merkle_tile_for_index(merkle_stored_index(0, 0), &t, &e), 0);
	assert_int_equal(t.level, 0);
	assert_int_equal(t.n, 0);
	assert_int_equal(t.width, 1);
	/* The subtree of leaves 0..7 sits in level-0 tile 0 as its first 8 hashes. */
	assert_int_equal(merkle_tile_for_index(merkle_stored_index(3, 0), &t, &e), 0);
	assert_int_equal(t.level, 0);
	assert_int_equal(t.width, 8);
	/* Leaves 256..263, likewise, in level-0 tile 1. */
	assert_int_equal(merkle_tile_for_index(merkle_stored_index(3, 32), &t, &e), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.width, 8);
	/* A 256-leaf subtree is a hash of level 1. */
	assert_int_equal(merkle_tile_for_index(merkle_stored_index(8, 300), &t, &e), 0);
	assert_int_equal(t.level, 1);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.width, 45);
	assert_int_equal(merkle_tile_for_index(merkle_stored_index(62, 0), &t, &e), 0);
	assert_int_equal(t.level, 7);
	assert_int_equal(t.n, 0);
	assert_int_equal(t.width, 64);
	assert_int_equal(merkle_tile_for_index(-1, &t, &e), -1);
}

/* The tlog-tiles example: a tree of 70,000 leaves has 273 full level-0 tiles,
 * a level-0 tile of width 112, one full level-1 tile, a level-1 tile of width
 * 17 and a level-2 tile of width 1.  Every tile hash is the root of the 256
 * hashes of the tile below, and every stored hash is recoverable from its
 * tile. */
static void test_tile_read(void **state)
{
	struct big *b = *state;
	struct merkle_reader r = mem_reader(&b->m);
	struct buf l0 = BUF_INIT, l1 = BUF_INIT, l2 = BUF_INIT, tmp = BUF_INIT;
	struct merkle_tile t;
	struct err e = {0};
	const int64_t size = 70000;
	hash_t h;

	/* All level-0 tiles: 273 full, then the partial one. */
	for (int64_t n = 0; n < 273; n++) {
		t = (struct merkle_tile){0, n, 256};
		assert_int_equal(merkle_tile_read(&t, size, &r, &l0, &e), 0);
	}
	t = (struct merkle_tile){0, 273, 256};
	assert_int_equal(merkle_tile_read(&t, size, &r, &tmp, &e), -1);
	assert_non_null(strstr(e.msg, "not in a tree"));
	err_clear(&e);
	t = (struct merkle_tile){0, 273, 113};
	assert_int_equal(merkle_tile_read(&t, size, &r, &tmp, &e), -1);
	err_clear(&e);
	t = (struct merkle_tile){0, 273, 112};
	assert_int_equal(merkle_tile_read(&t, size, &r, &l0, &e), 0);
	assert_int_equal(l0.len, (size_t)size * 32);
	assert_memory_equal(l0.p, b->leaves, (size_t)size * 32);

	t = (struct merkle_tile){1, 0, 256};
	assert_int_equal(merkle_tile_read(&t, size, &r, &l1, &e), 0);
	t = (struct merkle_tile){1, 1, 18};
	assert_int_equal(merkle_tile_read(&t, size, &r, &tmp, &e), -1);
	err_clear(&e);
	t = (struct merkle_tile){1, 1, 17};
	assert_int_equal(merkle_tile_read(&t, size, &r, &l1, &e), 0);
	assert_int_equal(l1.len, 273 * 32);
	t = (struct merkle_tile){2, 0, 1};
	assert_int_equal(merkle_tile_read(&t, size, &r, &l2, &e), 0);
	t = (struct merkle_tile){2, 0, 2};
	assert_int_equal(merkle_tile_read(&t, size, &r, &tmp, &e), -1);
	err_clear(&e);
	t = (struct merkle_tile){3, 0, 1};
	assert_int_equal(merkle_tile_read(&t, size, &r, &tmp, &e), -1);
	err_clear(&e);
	t = (struct merkle_tile){7, INT64_MAX / 2, 1};
	assert_int_equal(merkle_tile_read(&t, size, &r, &tmp, &e), -1);
	err_clear(&e);
	t = (struct merkle_tile){MERKLE_TILE_ENTRIES, 0, 1};
	assert_int_equal(merkle_tile_read(&t, size, &r, &tmp, &e), -1);
	err_clear(&e);
	/* Tiles do not depend on the tree size that serves them. */
	t = (struct merkle_tile){1, 0, 256};
	buf_reset(&tmp);
	assert_int_equal(merkle_tile_read(&t, BIG, &r, &tmp, &e), 0);
	assert_memory_equal(tmp.p, l1.p, 256 * 32);

	/* Each level-1 hash is the root over one full level-0 tile, and is the
	 * tree hash of that 256-leaf range. */
	for (int i = 0; i < 273; i++) {
		/* The two halves of level-0 tile i are level-7 hashes inside it. */
		hash_t left, right;
		const uint8_t *tile0 = (const uint8_t *)l0.p + (size_t)i * 8192;
		t = (struct merkle_tile){0, i, 256};
		assert_int_equal(merkle_hash_from_tile(&t, tile0, 8192,
			merkle_stored_index(7, 2 * i), left, &e), 0);
		assert_int_equal(merkle_hash_from_tile(&t, tile0, 8192,
			merkle_stored_index(7, 2 * i + 1), right, &e), 0);
		merkle_node_hash(left, right, h);
		assert_memory_equal(h, l1.p + (size_t)i * 32, 32);
		/* The level-8 hash itself lives in level-1 tile i/256. */
		int64_t x = merkle_stored_index(8, i);
		t = (struct merkle_tile){1, i / 256, i < 256 ? 256 : 17};
		assert_int_equal(merkle_hash_from_tile(&t,
			(const uint8_t *)l1.p + (size_t)(i / 256) * 8192, t.width * 32, x, h, &e), 0);
		assert_memory_equal(h, l1.p + (size_t)i * 32, 32);
	}
	/* Likewise level 2 over the full level-1 tile: the first 65536 leaves. */
	hash_t left, right;
	t = (struct merkle_tile){1, 0, 256};
	assert_int_equal(merkle_hash_from_tile(&t, (const uint8_t *)l1.p, 8192,
		merkle_stored_index(15, 0), left, &e), 0);
	assert_int_equal(merkle_hash_from_tile(&t, (const uint8_t *)l1.p, 8192,
		merkle_stored_index(15, 1), right, &e), 0);
	merkle_node_hash(left, right, h);
	assert_memory_equal(h, l2.p, 32);
	assert_memory_equal(h, b->roots[65536], 32);
	t = (struct merkle_tile){2, 0, 1};
	assert_int_equal(merkle_hash_from_tile(&t, (const uint8_t *)l2.p, 32,
		merkle_stored_index(16, 0), h, &e), 0);
	assert_memory_equal(h, b->roots[65536], 32);

	/* Random stored hashes of the big tree, recovered from their tiles. */
	int64_t count;
	assert_int_equal(merkle_stored_count(BIG, &count), 0);
	for (int i = 0; i < 3000; i++) {
		int64_t x = rnd_range(0, count - 1);
		assert_int_equal(merkle_tile_for_index(x, &t, &e), 0);
		buf_reset(&tmp);
		assert_int_equal(merkle_tile_read(&t, BIG, &r, &tmp, &e), 0);
		assert_int_equal(merkle_hash_from_tile(&t, (const uint8_t *)tmp.p, tmp.len, x, h, &e), 0);
		assert_memory_equal(h, b->m.h[x], 32);
		/* A wider tile at the same place serves as well, a narrower not. */
		struct merkle_tile wide = t;
		wide.width = 256;
		buf_reset(&tmp);
		if (merkle_tile_read(&wide, BIG, &r, &tmp, &e) == 0) {
			assert_int_equal(merkle_hash_from_tile(&wide, (const uint8_t *)tmp.p, tmp.len,
				x, h, &e), 0);
			assert_memory_equal(h, b->m.h[x], 32);
		}
		err_clear(&e);
		if (t.width > 1) {
			struct merkle_tile narrow = t;
			narrow.width--;
			assert_int_equal(merkle_hash_from_tile(&narrow, (const uint8_t *)tmp.p,
				tmp.len, x, h, &e), -1);
			err_clear(&e);
		}
	}
	t = (struct merkle_tile){0, 0, 256};
	assert_int_equal(merkle_hash_from_tile(&t, (const uint8_t *)l0.p, 8191, 0, h, &e), -1);
	err_clear(&e);
	assert_int_equal(merkle_hash_from_tile(&t, (const uint8_t *)l0.p, 8192,
		merkle_stored_index(0, 256), h, &e), -1);

	buf_free(&l0);
	buf_free(&l1);
	buf_free(&l2);
	buf_free(&tmp);
}

int main(void)
{
	const struct CMUnitTest small[] = {
		cmocka_unit_test(test_hashes),
		cmocka_unit_test(test_hashes_threads),
		cmocka_unit_test(test_ct_roots),
		cmocka_unit_test(test_ct_inclusion),
		cmocka_unit_test(test_ct_consistency),
		cmocka_unit_test(test_stored_index),
		cmocka_unit_test(test_stored_count_and_batching),
		cmocka_unit_test(test_against_rfc_definitions),
		cmocka_unit_test(test_invalid_arguments),
		cmocka_unit_test(test_tile_paths),
		cmocka_unit_test(test_tile_for_index),
	};
	const struct CMUnitTest large[] = {
		cmocka_unit_test(test_random_inclusion),
		cmocka_unit_test(test_random_consistency),
		cmocka_unit_test(test_tile_read),
	};
	int failed = cmocka_run_group_tests_name("merkle", small, NULL, NULL);
	failed += cmocka_run_group_tests_name("merkle_100k", large, big_setup, big_teardown);
	return failed ? 1 : 0;
}
