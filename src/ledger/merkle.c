/* RFC 6962 Merkle tree over a flat array of stored hashes, and C2SP
 * tlog-tiles.  A C rendering of the design of Go's sumdb/tlog: each operation
 * first works out which stored hashes it needs (the *_index functions), reads
 * them in one batch, then combines them (the matching *_hash / *_proof
 * functions) walking the same recursion in the same order. */
#include "ledger/merkle.h"

#include "base/buf.h"
#include "base/err.h"

/* SHA256_Init & co. (see "hashing" below) */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <string.h>

/* ---- hashing ------------------------------------------------------------
 * The log hashes two to three times per appended leaf, each digest only two
 * to five blocks, so the per-call cost matters.  OpenSSL 3's EVP interface
 * costs about 30 ns a digest on top of the blocks (provider dispatch, and
 * EVP_DigestInit_ex2 frees and allocates the provider's context each time):
 * a third of a node hash.  SHA256_Init/Update/Final run the same block code
 * (SHA-NI where the CPU has it) on a context on the stack, without it.
 * OpenSSL 3 marks them deprecated, not removed; should a later OpenSSL drop
 * them, this function is the one place to change. */

void merkle_sha256(const void *p, size_t len, uint8_t out[MERKLE_HASH_SIZE])
{
	SHA256_CTX c;
	if (SHA256_Init(&c) != 1 || (len && SHA256_Update(&c, p, len) != 1) ||
	    SHA256_Final(out, &c) != 1)
		fatal("merkle: SHA-256 failed");
}

void merkle_leaf_hash(const uint8_t *data, size_t len, uint8_t out[MERKLE_HASH_SIZE])
{
	static const uint8_t prefix = 0x00;
	SHA256_CTX c;
	if (SHA256_Init(&c) != 1 || SHA256_Update(&c, &prefix, 1) != 1 ||
	    (len && SHA256_Update(&c, data, len) != 1) || SHA256_Final(out, &c) != 1)
		fatal("merkle: SHA-256 failed");
}

void merkle_leaf_hash_prefixed(const uint8_t *p, size_t len_with_prefix,
			       uint8_t out[MERKLE_HASH_SIZE])
{
	if (len_with_prefix == 0 || p[0] != 0x00)
		fatal("merkle_leaf_hash_prefixed: no leaf prefix");
	merkle_sha256(p, len_with_prefix, out);
}

void merkle_node_hash(const uint8_t l[MERKLE_HASH_SIZE], const uint8_t r[MERKLE_HASH_SIZE],
	uint8_t out[MERKLE_HASH_SIZE])
{
	/* One contiguous input: a single update is measurably cheaper than three,
	 * and copying first lets out alias l or r. */
	uint8_t in[1 + 2 * MERKLE_HASH_SIZE];
	in[0] = 0x01;
	memcpy(in + 1, l, MERKLE_HASH_SIZE);
	memcpy(in + 1 + MERKLE_HASH_SIZE, r, MERKLE_HASH_SIZE);
	merkle_sha256(in, sizeof in, out);
}

static void empty_tree_hash(uint8_t out[MERKLE_HASH_SIZE])
{
	merkle_sha256(NULL, 0, out);
}

/* ---- stored hash layout -------------------------------------------------- */

/* Largest power of two strictly less than n, for n >= 2: where RFC 6962
 * splits a tree of n leaves. */
static int64_t split_point(int64_t n)
{
	return (int64_t)1 << (63 - __builtin_clzll((uint64_t)(n - 1)));
}

static int log2_exact(int64_t k)
{
	return __builtin_ctzll((uint64_t)k);
}

static int size_ok(int64_t n)
{
	return n >= 0 && n <= MERKLE_MAX_TREE_SIZE;
}

int64_t merkle_stored_index(int level, int64_t n)
{
	if (level < 0 || level > 62 || n < 0 || n + 1 > (MERKLE_MAX_TREE_SIZE >> level))
		return -1;
	/* Level L's n'th hash is written right after level L-1's (2n+1)'th, so it
	 * sits L places after the leaf x = (n+1)*2^L - 1 that completes it.  Leaf
	 * x is preceded by x + x/2 + x/4 + ... = 2x - popcount(x) hashes. */
	int64_t x = ((n + 1) << level) - 1;
	return 2 * x - __builtin_popcountll((uint64_t)x) + level;
}

int merkle_split_stored_index(int64_t index, int *level, int64_t *n)
{
	if (index < 0 || index >= INT64_MAX)
		return -1;
	/* The leaf x whose append wrote this index satisfies
	 * stored(0, x) <= index < stored(0, x+1), and stored(0, x) <= 2x, so x is
	 * at least index/2 and at most ~62 leaves further. */
	int64_t x = index / 2;
	int64_t at = merkle_stored_index(0, x);
	for (;;) {
		/* Appending leaf x writes 1 + (trailing ones of x) hashes. */
		int64_t next = at + 1 + __builtin_ctzll((uint64_t)(x + 1));
		if (next > index)
			break;
		x++;
		at = next;
	}
	/* The hashes written with leaf x are (0, x), (1, x/2), (2, x/4), ... */
	*level = (int)(index - at);
	*n = x >> *level;
	return 0;
}

int merkle_stored_count(int64_t n, int64_t *out)
{
	if (!size_ok(n))
		return -1;
	/* Level L holds floor(n / 2^L) complete subtrees; the sum over L is
	 * 2n - popcount(n). */
	*out = n - __builtin_popcountll((uint64_t)n) + n; /* no overflow at 2^62 */
	return 0;
}

/* ---- batched reads ------------------------------------------------------- */

/* Indexes one operation needs.  An inclusion or consistency proof reads at
 * most one ragged fringe (<= 62 subtrees) plus one hash per level (<= 63), so
 * 128 is enough; overflowing it is a bug, reported rather than trusted. */
#define MAX_NEED 128

struct need {
	int64_t idx[MAX_NEED];
	int n;
	int overflow;
};

static void need_add(struct need *nd, int64_t index)
{
	if (nd->n == MAX_NEED) {
		nd->overflow = 1;
		return;
	}
	nd->idx[nd->n++] = index;
}

/* The hashes read for a need, consumed front to back in the same order. */
struct got {
	uint8_t (*h)[MERKLE_HASH_SIZE];
	int n;
	int pos;
};

static int read_hashes(const struct merkle_reader *r, const int64_t *idx, int n,
	uint8_t (*out)[MERKLE_HASH_SIZE], struct err *e)
{
	if (n == 0)
		return 0;
	if (r == NULL || r->read == NULL)
		return err_fail(e, "merkle: no hash reader");
	if (r->read(r->ctx, idx, n, out, e) != 0) {
		if (!err_is_set(e))
			err_fail(e, "merkle: reading %d stored hashes failed", n);
		return -1;
	}
	return 0;
}

static int fetch(const struct merkle_reader *r, const struct need *nd,
	uint8_t (*buf)[MERKLE_HASH_SIZE], struct got *g, struct err *e)
{
	if (nd->overflow)
		return err_fail(e, "merkle: internal error: too many hashes needed");
	g->h = buf;
	g->n = nd->n;
	g->pos = 0;
	return read_hashes(r, nd->idx, nd->n, buf, e);
}

/* Records the indexes of the complete subtrees that make up leaves [lo, hi):
 * greedily the largest aligned power of two from the left, which is how RFC
 * 6962 splits a tree and how its hashes were stored. */
static void subtree_need(int64_t lo, int64_t hi, struct need *nd)
{
	while (lo < hi) {
		int64_t k = split_point(hi - lo + 1);
		int level = log2_exact(k);
		need_add(nd, merkle_stored_index(level, lo >> level));
		lo += k;
	}
}

/* Combines the hashes subtree_need(lo, hi) asked for into the hash of leaves
 * [lo, hi): the fringe is folded from the right. */
static void subtree_hash(int64_t lo, int64_t hi, struct got *g, uint8_t out[MERKLE_HASH_SIZE])
{
	int count = 0;
	for (int64_t x = lo; x < hi; x += split_point(hi - x + 1))
		count++;
	const uint8_t (*h)[MERKLE_HASH_SIZE] = g->h + g->pos;
	memcpy(out, h[count - 1], MERKLE_HASH_SIZE);
	for (int i = count - 2; i >= 0; i--)
		merkle_node_hash(h[i], out, out);
	g->pos += count;
}

int merkle_stored_hashes(int64_t n, const uint8_t leaf_hash[MERKLE_HASH_SIZE],
	const struct merkle_reader *r, uint8_t (*out)[MERKLE_HASH_SIZE], int *nout,
	struct err *e)
{
	int64_t idx[MERKLE_MAX_STORED] = {0};
	uint8_t old[MERKLE_MAX_STORED][MERKLE_HASH_SIZE];

	if (n < 0 || n >= MERKLE_MAX_TREE_SIZE)
		return err_fail(e, "merkle: leaf index %lld out of range", (long long)n);
	/* Each trailing one bit of n is a subtree that leaf n completes; its left
	 * sibling is already stored.  Listed largest (leftmost) first so the
	 * reader sees increasing indexes. */
	int m = __builtin_ctzll((uint64_t)(n + 1));
	for (int i = 0; i < m; i++)
		idx[m - 1 - i] = merkle_stored_index(i, (n >> i) - 1);
	if (read_hashes(r, idx, m, old, e) != 0)
		return -1;
	memcpy(out[0], leaf_hash, MERKLE_HASH_SIZE);
	for (int i = 0; i < m; i++)
		merkle_node_hash(old[m - 1 - i], out[i], out[i + 1]);
	*nout = m + 1;
	return 0;
}

int merkle_tree_hash(int64_t n, const struct merkle_reader *r, uint8_t out[MERKLE_HASH_SIZE],
	struct err *e)
{
	struct need nd = {.n = 0};
	uint8_t buf[MAX_NEED][MERKLE_HASH_SIZE];
	struct got g;

	if (!size_ok(n))
		return err_fail(e, "merkle: tree size %lld out of range", (long long)n);
	if (n == 0) {
		empty_tree_hash(out);
		return 0;
	}
	subtree_need(0, n, &nd);
	if (fetch(r, &nd, buf, &g, e) != 0)
		return -1;
	subtree_hash(0, n, &g, out);
	return 0;
}

/* ---- inclusion proofs ---------------------------------------------------- */

/* The indexes for the proof that leaf n is in leaves [lo, hi): down the path
 * to n, the hash of each side not taken. */
static void leaf_proof_need(int64_t lo, int64_t hi, int64_t n, struct need *nd)
{
	if (lo + 1 == hi)
		return;
	int64_t k = split_point(hi - lo);
	if (n < lo + k) {
		leaf_proof_need(lo, lo + k, n, nd);
		subtree_need(lo + k, hi, nd);
	} else {
		subtree_need(lo, lo + k, nd);
		leaf_proof_need(lo + k, hi, n, nd);
	}
}

/* Builds that proof from the hashes read, deepest sibling first. */
static void leaf_proof(int64_t lo, int64_t hi, int64_t n, struct got *g,
	uint8_t (*proof)[MERKLE_HASH_SIZE], int *len)
{
	uint8_t side[MERKLE_HASH_SIZE];

	if (lo + 1 == hi)
		return; /* the verifier knows the leaf hash */
	int64_t k = split_point(hi - lo);
	if (n < lo + k) {
		leaf_proof(lo, lo + k, n, g, proof, len);
		subtree_hash(lo + k, hi, g, side);
	} else {
		subtree_hash(lo, lo + k, g, side);
		leaf_proof(lo + k, hi, n, g, proof, len);
	}
	memcpy(proof[(*len)++], side, MERKLE_HASH_SIZE);
}

int merkle_prove_leaf(int64_t t, int64_t n, const struct merkle_reader *r,
	uint8_t (*proof)[MERKLE_HASH_SIZE], int *len, struct err *e)
{
	struct need nd = {.n = 0};
	uint8_t buf[MAX_NEED][MERKLE_HASH_SIZE];
	struct got g;

	*len = 0;
	if (!size_ok(t) || n < 0 || n >= t)
		return err_fail(e, "merkle: no leaf %lld in a tree of size %lld",
			(long long)n, (long long)t);
	leaf_proof_need(0, t, n, &nd);
	if (fetch(r, &nd, buf, &g, e) != 0)
		return -1;
	leaf_proof(0, t, n, &g, proof, len);
	return 0;
}

/* Runs the proof that leaf n is in leaves [lo, hi): computes the subtree hash
 * it implies into out.  The last proof hash belongs to the top of the range,
 * so recursion consumes the proof from the end.  Returns -1 when the proof
 * has too few or too many hashes for this shape. */
static int run_leaf_proof(const uint8_t (*p)[MERKLE_HASH_SIZE], int len, int64_t lo, int64_t hi,
	int64_t n, const uint8_t leaf[MERKLE_HASH_SIZE], uint8_t out[MERKLE_HASH_SIZE])
{
	uint8_t h[MERKLE_HASH_SIZE];

	if (lo + 1 == hi) {
		if (len != 0)
			return -1;
		memcpy(out, leaf, MERKLE_HASH_SIZE);
		return 0;
	}
	if (len == 0)
		return -1;
	int64_t k = split_point(hi - lo);
	if (n < lo + k) {
		if (run_leaf_proof(p, len - 1, lo, lo + k, n, leaf, h) != 0)
			return -1;
		merkle_node_hash(h, p[len - 1], out);
	} else {
		if (run_leaf_proof(p, len - 1, lo + k, hi, n, leaf, h) != 0)
			return -1;
		merkle_node_hash(p[len - 1], h, out);
	}
	return 0;
}

int merkle_check_leaf(const uint8_t (*proof)[MERKLE_HASH_SIZE], int len, int64_t t,
	const uint8_t root[MERKLE_HASH_SIZE], int64_t n, const uint8_t leaf_hash[MERKLE_HASH_SIZE],
	struct err *e)
{
	uint8_t got[MERKLE_HASH_SIZE];

	if (!size_ok(t) || n < 0 || n >= t)
		return err_fail(e, "merkle: no leaf %lld in a tree of size %lld",
			(long long)n, (long long)t);
	if (len < 0 || len > MERKLE_MAX_PROOF)
		return err_fail(e, "merkle: inclusion proof of %d hashes", len);
	if (run_leaf_proof(proof, len, 0, t, n, leaf_hash, got) != 0 ||
	    memcmp(got, root, MERKLE_HASH_SIZE) != 0)
		return err_fail(e, "merkle: invalid inclusion proof for leaf %lld in tree of size %lld",
			(long long)n, (long long)t);
	return 0;
}

/* ---- consistency proofs -------------------------------------------------- */

/* The indexes for the part of the proof that the old tree of n leaves is a
 * prefix, concerning leaves [lo, hi), lo < n <= hi. */
static void tree_proof_need(int64_t lo, int64_t hi, int64_t n, struct need *nd)
{
	if (n == hi) {
		/* Common ground.  When lo == 0 this is the whole old tree, whose
		 * hash the verifier already has. */
		if (lo != 0)
			subtree_need(lo, hi, nd);
		return;
	}
	int64_t k = split_point(hi - lo);
	if (n <= lo + k) {
		tree_proof_need(lo, lo + k, n, nd);
		subtree_need(lo + k, hi, nd);
	} else {
		subtree_need(lo, lo + k, nd);
		tree_proof_need(lo + k, hi, n, nd);
	}
}

static void tree_proof(int64_t lo, int64_t hi, int64_t n, struct got *g,
	uint8_t (*proof)[MERKLE_HASH_SIZE], int *len)
{
	uint8_t side[MERKLE_HASH_SIZE];

	if (n == hi) {
		if (lo != 0)
			subtree_hash(lo, hi, g, proof[(*len)++]);
		return;
	}
	int64_t k = split_point(hi - lo);
	if (n <= lo + k) {
		tree_proof(lo, lo + k, n, g, proof, len);
		subtree_hash(lo + k, hi, g, side);
	} else {
		subtree_hash(lo, lo + k, g, side);
		tree_proof(lo + k, hi, n, g, proof, len);
	}
	memcpy(proof[(*len)++], side, MERKLE_HASH_SIZE);
}

int merkle_prove_tree(int64_t t, int64_t n, const struct merkle_reader *r,
	uint8_t (*proof)[MERKLE_HASH_SIZE], int *len, struct err *e)
{
	struct need nd = {.n = 0};
	uint8_t buf[MAX_NEED][MERKLE_HASH_SIZE];
	struct got g;

	*len = 0;
	if (!size_ok(t) || n < 1 || n > t)
		return err_fail(e, "merkle: no consistency proof from size %lld to %lld",
			(long long)n, (long long)t);
	tree_proof_need(0, t, n, &nd);
	if (fetch(r, &nd, buf, &g, e) != 0)
		return -1;
	tree_proof(0, t, n, &g, proof, len);
	return 0;
}

/* Runs the consistency sub-proof for leaves [lo, hi): computes the hashes it
 * implies for that range in the old tree (oh) and the new tree (th). */
static int run_tree_proof(const uint8_t (*p)[MERKLE_HASH_SIZE], int len, int64_t lo, int64_t hi,
	int64_t n, const uint8_t old[MERKLE_HASH_SIZE],
	uint8_t oh[MERKLE_HASH_SIZE], uint8_t th[MERKLE_HASH_SIZE])
{
	if (n == hi) {
		if (lo == 0) {
			if (len != 0)
				return -1;
			memcpy(oh, old, MERKLE_HASH_SIZE);
			memcpy(th, old, MERKLE_HASH_SIZE);
			return 0;
		}
		if (len != 1)
			return -1;
		memcpy(oh, p[0], MERKLE_HASH_SIZE);
		memcpy(th, p[0], MERKLE_HASH_SIZE);
		return 0;
	}
	if (len == 0)
		return -1;
	int64_t k = split_point(hi - lo);
	if (n <= lo + k) {
		/* The old tree ends inside the left half: its hash comes from there
		 * alone, the new tree adds the right half. */
		if (run_tree_proof(p, len - 1, lo, lo + k, n, old, oh, th) != 0)
			return -1;
		merkle_node_hash(th, p[len - 1], th);
	} else {
		if (run_tree_proof(p, len - 1, lo + k, hi, n, old, oh, th) != 0)
			return -1;
		merkle_node_hash(p[len - 1], oh, oh);
		merkle_node_hash(p[len - 1], th, th);
	}
	return 0;
}

int merkle_check_tree(const uint8_t (*proof)[MERKLE_HASH_SIZE], int len,
	int64_t t, const uint8_t root_t[MERKLE_HASH_SIZE],
	int64_t n, const uint8_t root_n[MERKLE_HASH_SIZE], struct err *e)
{
	uint8_t oh[MERKLE_HASH_SIZE], th[MERKLE_HASH_SIZE];

	if (!size_ok(t) || n < 1 || n > t)
		return err_fail(e, "merkle: no consistency proof from size %lld to %lld",
			(long long)n, (long long)t);
	if (len < 0 || len > MERKLE_MAX_PROOF)
		return err_fail(e, "merkle: consistency proof of %d hashes", len);
	if (run_tree_proof(proof, len, 0, t, n, root_n, oh, th) != 0 ||
	    memcmp(oh, root_n, MERKLE_HASH_SIZE) != 0 ||
	    memcmp(th, root_t, MERKLE_HASH_SIZE) != 0)
		return err_fail(e, "merkle: invalid consistency proof from size %lld to %lld",
			(long long)n, (long long)t);
	return 0;
}

/* ---- tiles --------------------------------------------------------------- */

#define TILE_H MERKLE_TILE_HEIGHT

/* Tile indexes are written in groups of three decimal digits so that no
 * directory of a file-system copy holds more than ~3000 entries. */
#define PATH_BASE 1000
/* 1000^7 > 2^63: more groups than this cannot be an int64_t. */
#define PATH_MAX_GROUPS 7

static int tile_valid(const struct merkle_tile *t)
{
	return (t->level == MERKLE_TILE_ENTRIES ||
		(t->level >= 0 && t->level <= MERKLE_TILE_MAX_LEVEL)) &&
	       t->n >= 0 && t->width >= 1 && t->width <= MERKLE_TILE_WIDTH;
}

int merkle_tile_path(const struct merkle_tile *t, struct buf *out, struct err *e)
{
	int group[PATH_MAX_GROUPS];
	int ng = 0;

	if (!tile_valid(t))
		return err_fail(e, "merkle: invalid tile (level %d, index %lld, width %d)",
			t->level, (long long)t->n, t->width);
	buf_puts(out, "tile/");
	if (t->level == MERKLE_TILE_ENTRIES)
		buf_puts(out, "entries/");
	else
		buf_printf(out, "%d/", t->level);
	int64_t n = t->n;
	do {
		group[ng++] = (int)(n % PATH_BASE);
		n /= PATH_BASE;
	} while (n > 0);
	while (ng > 1)
		buf_printf(out, "x%03d/", group[--ng]);
	buf_printf(out, "%03d", group[0]);
	if (t->width != MERKLE_TILE_WIDTH)
		buf_printf(out, ".p/%d", t->width);
	return 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Parses a decimal number of 1 to maxlen digits without leading zeros,
 * advancing *s.  Returns the value, or -1. */
static int parse_small(const char **s, int maxlen)
{
	const char *p = *s;
	int v = 0, len = 0;

	while (is_digit(p[len]) && len <= maxlen) {
		v = v * 10 + (p[len] - '0');
		len++;
	}
	if (len == 0 || len > maxlen || (len > 1 && p[0] == '0'))
		return -1;
	*s = p + len;
	return v;
}

static int parse_group(const char *p)
{
	if (!is_digit(p[0]) || !is_digit(p[1]) || !is_digit(p[2]))
		return -1;
	return (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
}

int merkle_tile_parse(const char *path, struct merkle_tile *t, struct err *e)
{
	const char *p = path;
	struct merkle_tile r = {.level = 0, .n = 0, .width = MERKLE_TILE_WIDTH};
	int ngroups = 0;

	if (strncmp(p, "tile/", 5) != 0)
		goto bad;
	p += 5;
	if (strncmp(p, "entries/", 8) == 0) {
		r.level = MERKLE_TILE_ENTRIES;
		p += 8;
	} else {
		r.level = parse_small(&p, 2);
		if (r.level < 0 || r.level > MERKLE_TILE_MAX_LEVEL || *p != '/')
			goto bad;
		p++;
	}
	/* x-prefixed groups, each followed by a slash, then the last group. */
	for (;;) {
		int x = *p == 'x';
		int g = parse_group(p + x);
		if (g < 0)
			goto bad;
		/* A leading x000 group is a second spelling of the same number. */
		if (x && ngroups == 0 && g == 0)
			goto bad;
		if (++ngroups > PATH_MAX_GROUPS || r.n > (INT64_MAX - g) / PATH_BASE)
			goto bad;
		r.n = r.n * PATH_BASE + g;
		p += x + 3;
		if (!x)
			break;
		if (*p++ != '/')
			goto bad;
	}
	if (strncmp(p, ".p/", 3) == 0) {
		p += 3;
		r.width = parse_small(&p, 3);
		if (r.width < 1 || r.width >= MERKLE_TILE_WIDTH)
			goto bad;
	}
	if (*p != '\0')
		goto bad;
	*t = r;
	return 0;
bad:
	return err_fail(e, "merkle: malformed tile path \"%.200s\"", path);
}

int merkle_tile_for_index(int64_t index, struct merkle_tile *t, struct err *e)
{
	int level;
	int64_t n;

	if (merkle_split_stored_index(index, &level, &n) != 0)
		return err_fail(e, "merkle: stored index %lld out of range", (long long)index);
	t->level = level / TILE_H;
	int sub = level - t->level * TILE_H; /* the hash's level inside its tile */
	t->n = (n << sub) >> TILE_H;
	int64_t at = n - ((t->n << TILE_H) >> sub); /* its place among level-sub hashes */
	t->width = (int)((at + 1) << sub);
	return 0;
}

/* Whether the first `width` hashes of tile (level, n) all exist in a tree of
 * tree_size leaves: subtree n*256 + width - 1 at level 8L must be complete.
 * Written as a division so that a huge n cannot overflow. */
static int tile_in_tree(int level, int64_t n, int width, int64_t tree_size)
{
	if (level * TILE_H >= 63)
		return 0;
	int64_t complete = tree_size >> (level * TILE_H);
	if (complete < width)
		return 0;
	return n <= (complete - width) / MERKLE_TILE_WIDTH;
}

int merkle_tile_read(const struct merkle_tile *t, int64_t tree_size,
	const struct merkle_reader *r, struct buf *out, struct err *e)
{
	int64_t idx[MERKLE_TILE_WIDTH];
	uint8_t h[MERKLE_TILE_WIDTH][MERKLE_HASH_SIZE];

	if (!tile_valid(t) || !size_ok(tree_size))
		return err_fail(e, "merkle: invalid tile (level %d, index %lld, width %d)",
			t->level, (long long)t->n, t->width);
	if (t->level == MERKLE_TILE_ENTRIES)
		return err_fail(e, "merkle: entry bundles are not made of hashes");
	if (!tile_in_tree(t->level, t->n, t->width, tree_size))
		return err_fail(e, "merkle: tile %d/%lld of width %d is not in a tree of size %lld",
			t->level, (long long)t->n, t->width, (long long)tree_size);
	for (int i = 0; i < t->width; i++)
		idx[i] = merkle_stored_index(t->level * TILE_H, t->n * MERKLE_TILE_WIDTH + i);
	if (read_hashes(r, idx, t->width, h, e) != 0)
		return -1;
	buf_put(out, h, (size_t)t->width * MERKLE_HASH_SIZE);
	return 0;
}

/* The root of the perfect subtree whose bottom row is the 2^k hashes in data. */
static void tile_subtree_hash(const uint8_t *data, size_t len, uint8_t out[MERKLE_HASH_SIZE])
{
	uint8_t l[MERKLE_HASH_SIZE], r[MERKLE_HASH_SIZE];

	if (len == MERKLE_HASH_SIZE) {
		memcpy(out, data, MERKLE_HASH_SIZE);
		return;
	}
	tile_subtree_hash(data, len / 2, l);
	tile_subtree_hash(data + len / 2, len / 2, r);
	merkle_node_hash(l, r, out);
}

int merkle_hash_from_tile(const struct merkle_tile *t, const uint8_t *data, size_t len,
	int64_t index, uint8_t out[MERKLE_HASH_SIZE], struct err *e)
{
	struct merkle_tile at;
	int level;
	int64_t n;

	if (!tile_valid(t) || t->level == MERKLE_TILE_ENTRIES)
		return err_fail(e, "merkle: invalid tile (level %d, index %lld, width %d)",
			t->level, (long long)t->n, t->width);
	if (len < (size_t)t->width * MERKLE_HASH_SIZE)
		return err_fail(e, "merkle: %zu bytes are too short for a tile of width %d",
			len, t->width);
	if (merkle_split_stored_index(index, &level, &n) != 0 ||
	    merkle_tile_for_index(index, &at, e) != 0)
		return err_fail(e, "merkle: stored index %lld out of range", (long long)index);
	if (at.level != t->level || at.n != t->n || at.width > t->width)
		return err_fail(e, "merkle: stored index %lld is not in tile %d/%lld of width %d",
			(long long)index, t->level, (long long)t->n, t->width);
	/* The hash is the root over the last 2^sub hashes of the narrowest tile
	 * holding it, sub being its level above the tile's own. */
	size_t span = (size_t)1 << (level - t->level * TILE_H);
	size_t end = (size_t)at.width;
	tile_subtree_hash(data + (end - span) * MERKLE_HASH_SIZE, span * MERKLE_HASH_SIZE, out);
	return 0;
}
