/* The ledger's Merkle tree: RFC 6962 hashing with the storage layout of Go's
 * golang.org/x/mod/sumdb/tlog, and C2SP tlog-tiles of height 8.
 *
 * Every hash of every complete subtree is written once, when the leaf that
 * completes it is appended, into a flat array indexed by "stored index"
 * (Crosby and Wallach's post-order layout).  Tree hashes, proofs and tiles
 * are then computed by reading a handful of those hashes back, so nothing is
 * ever recomputed from the leaves.  This file is pure computation: storage is
 * reached only through struct merkle_reader, which the store layer (or a test)
 * implements.
 *
 * Sizes and indexes are int64_t.  Trees hold at most MERKLE_MAX_TREE_SIZE
 * leaves so that every stored index fits in an int64_t; functions taking a
 * size or an index reject values outside that range with an error instead of
 * overflowing. */
#ifndef ANSINH_LEDGER_MERKLE_H
#define ANSINH_LEDGER_MERKLE_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct err;

#define MERKLE_HASH_SIZE 32

/* 2^62 leaves: the stored hash count, about twice the leaf count, must stay
 * below 2^63. */
#define MERKLE_MAX_TREE_SIZE ((int64_t)1 << 62)

/* The longest inclusion or consistency proof of a tree of at most
 * MERKLE_MAX_TREE_SIZE leaves: one hash per level (62) plus, for a
 * consistency proof, the hash of the old tree's last subtree. */
#define MERKLE_MAX_PROOF 63

/* The most hashes one append stores: the leaf hash plus one per subtree that
 * the leaf completes, i.e. 1 + the number of trailing one bits of the leaf's
 * index, and an index below 2^62 has at most 62 of them. */
#define MERKLE_MAX_STORED 63

/* Reads stored hashes by stored index (see merkle_stored_index): fills out[i]
 * with the hash stored at indexes[i] for i in [0, n).  Returns 0, or -1 with
 * the reason in e (for example an index not yet written).  The functions here
 * always ask for indexes in increasing order, in one call per operation, so a
 * database reader can answer with a single range or IN query. */
struct merkle_reader {
	void *ctx;
	int (*read)(void *ctx, const int64_t *indexes, int n,
		uint8_t (*out)[MERKLE_HASH_SIZE], struct err *e);
};

/* SHA-256(0x00 || data): the hash of a leaf (RFC 6962 section 2.1). */
/* SHA-256 of p[0, len) (OpenSSL, without its EVP layer's per-call cost). */
void merkle_sha256(const void *p, size_t len, uint8_t out[MERKLE_HASH_SIZE]);
void merkle_leaf_hash(const uint8_t *data, size_t len, uint8_t out[MERKLE_HASH_SIZE]);
/* The same when p[0] is already the leaf prefix 0x00 and the leaf's bytes
 * follow it: one update, for callers that write the leaf after a byte of
 * room (a quarter of the hashing cost of a short leaf is per call). */
void merkle_leaf_hash_prefixed(const uint8_t *p, size_t len_with_prefix,
			       uint8_t out[MERKLE_HASH_SIZE]);

/* SHA-256(0x01 || l || r): the hash of an interior node.  out may alias l or r. */
void merkle_node_hash(const uint8_t l[MERKLE_HASH_SIZE], const uint8_t r[MERKLE_HASH_SIZE],
	uint8_t out[MERKLE_HASH_SIZE]);

/* The stored index of the hash of the n'th complete subtree at `level` (level
 * 0 is the leaves; level L covers leaves [n*2^L, (n+1)*2^L)).  Returns -1 when
 * level < 0, n < 0, or the subtree would lie beyond MERKLE_MAX_TREE_SIZE. */
int64_t merkle_stored_index(int level, int64_t n);

/* The inverse of merkle_stored_index.  Returns 0, or -1 for a negative index
 * or one beyond the largest tree. */
int merkle_split_stored_index(int64_t index, int *level, int64_t *n);

/* How many hashes are stored for a tree of n leaves (2n - popcount(n)).
 * Returns 0, or -1 when n is outside [0, MERKLE_MAX_TREE_SIZE]. */
int merkle_stored_count(int64_t n, int64_t *out);

/* The hashes to append to storage when leaf n (0-based) is added, given the
 * leaf's hash: out[0] is leaf_hash itself, then the hash of every subtree the
 * leaf completes, smallest first.  They belong at stored indexes
 * merkle_stored_index(0, n), +1, +2, ... which is the current end of storage,
 * so appending them in order keeps the array dense.  Reads up to
 * MERKLE_MAX_STORED - 1 earlier hashes through r.  out must hold
 * MERKLE_MAX_STORED hashes; *nout receives the count. */
int merkle_stored_hashes(int64_t n, const uint8_t leaf_hash[MERKLE_HASH_SIZE],
	const struct merkle_reader *r, uint8_t (*out)[MERKLE_HASH_SIZE], int *nout,
	struct err *e);

/* The root hash of the tree of the first n leaves, from at most 62 stored
 * hashes read in one call.  The empty tree's hash is SHA-256 of the empty
 * string, as RFC 6962 defines it (Go's tlog uses all zeroes instead). */
int merkle_tree_hash(int64_t n, const struct merkle_reader *r, uint8_t out[MERKLE_HASH_SIZE],
	struct err *e);

/* The inclusion proof (RFC 6962 "audit path") that leaf n is in the tree of
 * size t, 0 <= n < t: *len hashes, ordered from the leaf's sibling up to the
 * root's child.  proof must hold MERKLE_MAX_PROOF hashes. */
int merkle_prove_leaf(int64_t t, int64_t n, const struct merkle_reader *r,
	uint8_t (*proof)[MERKLE_HASH_SIZE], int *len, struct err *e);

/* Checks that proof shows leaf n, with hash leaf_hash, in the tree of size t
 * whose root is root.  Returns 0 when it does, -1 otherwise (a malformed or
 * wrong proof, or invalid sizes). */
int merkle_check_leaf(const uint8_t (*proof)[MERKLE_HASH_SIZE], int len, int64_t t,
	const uint8_t root[MERKLE_HASH_SIZE], int64_t n, const uint8_t leaf_hash[MERKLE_HASH_SIZE],
	struct err *e);

/* The consistency proof that the tree of size t extends the tree of size n,
 * 1 <= n <= t (empty when n == t).  proof must hold MERKLE_MAX_PROOF hashes. */
int merkle_prove_tree(int64_t t, int64_t n, const struct merkle_reader *r,
	uint8_t (*proof)[MERKLE_HASH_SIZE], int *len, struct err *e);

/* Checks that proof shows the tree of size t and root root_t to extend the
 * tree of size n and root root_n.  Returns 0 when it does, -1 otherwise. */
int merkle_check_tree(const uint8_t (*proof)[MERKLE_HASH_SIZE], int len,
	int64_t t, const uint8_t root_t[MERKLE_HASH_SIZE],
	int64_t n, const uint8_t root_n[MERKLE_HASH_SIZE], struct err *e);

/* ---- C2SP tlog-tiles ---------------------------------------------------- */

#define MERKLE_TILE_HEIGHT 8
#define MERKLE_TILE_WIDTH 256                                      /* 2^height */
#define MERKLE_TILE_MAX_LEVEL 63
#define MERKLE_TILE_MAX_BYTES (MERKLE_TILE_WIDTH * MERKLE_HASH_SIZE) /* 8192 */
/* The level of an entry bundle, tile/entries/<N>: the leaves' data, which
 * this file does not hold. */
#define MERKLE_TILE_ENTRIES (-1)

/* Tile N at level L lists `width` consecutive hashes of subtrees of 256^L
 * leaves, starting with subtree N*256; that is the stored hashes at tree
 * level 8L, indexes N*256 .. N*256+width-1.  width is 1..256; 256 is a full
 * tile, anything less a partial tile (path suffix .p/<width>). */
struct merkle_tile {
	int level;   /* 0..MERKLE_TILE_MAX_LEVEL, or MERKLE_TILE_ENTRIES */
	int64_t n;   /* index of the tile within its level, >= 0 */
	int width;   /* 1..MERKLE_TILE_WIDTH */
};

/* Appends the tile's path, "tile/<L>/<N>[.p/<W>]" or
 * "tile/entries/<N>[.p/<W>]", with N written as 3-digit groups, all but the
 * last prefixed with x: tile 1234067 is x001/x234/067.  Fails on a tile whose
 * fields are out of range. */
int merkle_tile_path(const struct merkle_tile *t, struct buf *out, struct err *e);

/* Parses a tile or entry bundle path as merkle_tile_path writes it, and only
 * that: no leading zeros in L or W, W in 1..255, every N group exactly three
 * digits, no superfluous leading x000 group, nothing before or after. */
int merkle_tile_parse(const char *path, struct merkle_tile *t, struct err *e);

/* The tile of least width that holds the hash at stored index `index` (a hash
 * at a level that is not a multiple of 8 is held implicitly: it is the root of
 * a run of hashes in the tile below it). */
int merkle_tile_for_index(int64_t index, struct merkle_tile *t, struct err *e);

/* Appends the contents of tile t as served for a tree of tree_size leaves:
 * t->width hashes of 32 bytes.  Fails when the tile is not (yet) complete to
 * that width in the tree, for entry bundles, and when the reader fails. */
int merkle_tile_read(const struct merkle_tile *t, int64_t tree_size,
	const struct merkle_reader *r, struct buf *out, struct err *e);

/* Recomputes the hash at stored index `index` from the contents of tile t
 * (len bytes), where t is merkle_tile_for_index(index) or a wider tile at the
 * same place.  This is how a client checks a tile against its parent. */
int merkle_hash_from_tile(const struct merkle_tile *t, const uint8_t *data, size_t len,
	int64_t index, uint8_t out[MERKLE_HASH_SIZE], struct err *e);

#endif
