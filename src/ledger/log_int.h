/* What the files of the transparency log (src/ledger/log_*.c) share and
 * nothing else sees.
 *
 * Storage: the hash of each complete subtree (Go tlog's "stored hash") is
 * in the row of the tile of height 8 below it: row (T, n) holds the 256
 * bottom hashes of tile n of tile level T (tree level 8T), which are the
 * served tile, and the 14 hashes of relative levels 5..7 above them (the
 * subtrees of 32 to 128 bottom hashes) in the order they are made.
 * Relative levels 1..4 are recomputed from at most 16 bottom hashes when
 * read.  Appends only ever add to a
 * row's end; a batch keeps the rows of tile levels 0 and 1 in memory and
 * writes a row once it is full (every 256 leaves) or at flush.  A proof
 * reads one row per tile level (three at ten million leaves) plus the right
 * edge, a tile one row.  A row is 8.6 KB: 34 bytes per leaf. */
#ifndef ANSINH_LEDGER_LOG_INT_H
#define ANSINH_LEDGER_LOG_INT_H

#include "ledger/log.h"
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

/* A merkle_reader over the tile rows of the database, remembering the last
 * few rows it read (a proof asks for several hashes of each). */
#define DBR_CACHE 4
struct dbr {
	struct db *db;
	struct {
		int tl;
		int64_t n;
		struct store_log_row row;
	} c[DBR_CACHE];
	int nc, next;
};

/* Where the hash of subtree k at tree level `level` lives: in row (tl, n),
 * at relative level j (0..7) of the row's subtree, its kk-th there. */
struct lg_place {
	int tl, j, kk;
	int64_t n;
};

struct checkpoint_info {
	int found;
	int64_t id, size, key_id;
	uint8_t root[HASH];
	struct buf note;
};

struct verifiers {
	struct note_verifier *v;
	int64_t *id;
	int n;
	struct err *e;
	int bad;
};

/* One leaf's bytes, checked against its stored leaf hash. */
struct one_leaf {
	int64_t want, donor_id;
	int got;
	struct buf *data;
	uint8_t commit[32];
	enum identity_source src;
};

/* log_append.c */
const char *lg_account_code(char acc[LOG_ACCOUNTS_MAX][24], int64_t id);
/* A database from before the log (journal entries, an empty log and no
 * checkpoint) gets every entry appended into lb, freshly loaded and empty:
 * as if each had been logged when it was recorded, the contributions with
 * new salts.  A log that was emptied after it signed checkpoints is left
 * alone: `ansinh verify` says what happened to it. */
int lg_backfill(struct db *db, struct log_batch *lb, struct err *e);
/* An empty log under a journal from before the log: backfilled through a
 * batch of its own.  *size receives the log's size afterwards. */
int lg_catch_up(struct db *db, int64_t *size, struct err *e);
/* Serves merkle_stored_hashes from the batch's right edge: appending leaf
 * n reads subtrees (i, (n >> i) - 1), exactly the edge's. */
int lg_edge_read(void *ctx, const int64_t *idx, int n, uint8_t (*out)[HASH], struct err *e);
/* The root of the batch's tree: its edge folded from the smallest subtree. */
void lg_edge_root(const struct log_batch *lb, uint8_t out[HASH]);
int lg_load_accounts(struct db *db, char acc[LOG_ACCOUNTS_MAX][24], struct err *e);

/* log_checkpoint.c */
int lg_take_checkpoint(void *ctx, const struct log_checkpoint_row *c);

/* log_codec.c */
/* Decodes exactly `want` bytes from base32 s[0, n), either case; the
 * unused low bits of the last character must be zero. */
int lg_get_b32(const char *s, size_t n, uint8_t *out, size_t want);
/* Canonical standard base64 only (libsodium refuses bad padding and
 * non-zero leftover bits).  Returns the decoded length or -1. */
long lg_get_b64(const char *s, size_t n, uint8_t *out, size_t max);
/* A decimal number without sign or leading zeros, at most max. */
int lg_get_count(const char *s, size_t n, int64_t max, int64_t *out);
int lg_is_zero(const uint8_t *p, size_t n);
/* RFC 4648 base32 without padding: 32 bytes are 52 characters. */
void lg_put_b32(struct buf *b, const uint8_t *p, size_t n);
void lg_put_b64(struct buf *b, const uint8_t *p, size_t n);
/* libsodium initialised (once; fatal when it cannot be). */
void lg_sodium_ready(void);

/* log_donor.c */
int lg_take_verifier(void *ctx, const struct log_key_row *k);
void lg_verifiers_free(struct verifiers *vs);

/* log_hashes.c */
/* The stored hash of subtree k at level; an error when it is missing. */
int lg_dbr_hash(struct dbr *r, int level, int64_t k, uint8_t out[HASH], struct err *e);
/* Not zeroed: 36 KB of cache that is only read once written. */
struct dbr *lg_dbr_new(struct db *db);
int lg_dbr_read(void *ctx, const int64_t *idx, int n, uint8_t (*out)[HASH], struct err *e);
int lg_dbr_row(struct dbr *r, int tl, int64_t n, int *slot, struct err *e);
void lg_place(int level, int64_t k, struct lg_place *p);
/* Whether a row keeps the hashes of relative level j (0 and 5..7): the
 * others (1..4) are recomputed from at most 16 bottom hashes. */
int lg_kept(int j);
/* The position among a row's upper hashes (post-order of relative levels
 * 5..7) of subtree kk at relative level j (5..7). */
int lg_upper_pos(int j, int kk);
/* The upper hashes of a row whose subtree has m (0..256) bottom hashes. */
int lg_upper_count(int64_t m);
/* The hash of subtree kk at relative level j of a row: 1 with out, 0 when
 * the row does not hold it (yet). */
int lg_row_hash(const struct store_log_row *row, int j, int kk, uint8_t out[HASH]);

/* log_salt.c */
/* The salt of leaf lb->size (the next), from the batch's run; the first
 * salt of a run draws its seed and stores it. */
int lg_take_salt(struct db *db, struct log_batch *lb, uint8_t out[LOG_SALT_SIZE], struct err *e);
/* The salts of leaves 256n .. 256n+255: written out, else derived from
 * their run's seed, else zeros (no donor, erased, or missing). */
int lg_salts_load(struct db *db, int64_t n, uint8_t salts[LOG_SALTS][LOG_SALT_SIZE], struct err *e);
/* The salt of one leaf: 1 when there is one, 0 when none (or erased). */
int lg_leaf_salt(struct db *db, int64_t leaf, uint8_t salt[LOG_SALT_SIZE], struct err *e);
/* Destroys the salt of a leaf: blanked where written out, else its run's
 * other contributions' salts are written out and the run's seed blanked.
 * 1 when done, 0 when it had none. */
int lg_salt_erase(struct db *db, int64_t leaf, struct err *e);

/* log_leaf.c */
/* A field an appended leaf may carry: non-empty, one line, no control
 * characters (they would make the format ambiguous). */
int lg_field_ok(const char *s);
int lg_leaf_data(struct db *db, int64_t leaf, struct buf *out, struct one_leaf *o, struct err *e);
/* A leaf's middle lines (kind to the key of the amount line) alone, and a
 * leaf written with them made already: log_leaf_format in two steps, for a
 * batch whose entries share them.  Each returns the length or -1. */
long lg_leaf_middle(const struct log_leaf *l, char *out, size_t cap);
long lg_leaf_format_middle(const struct log_leaf *l, const char *mid, size_t mid_len, char *out,
			   size_t cap);
int lg_rebuild(struct db *db, int64_t from, int64_t to, rebuilt_fn fn, void *ctx, struct err *e);
int lg_rebuild_ex(struct db *db, int64_t from, int64_t to, rebuilt_fn fn, void *ctx, struct backfill *fill, struct err *e);

#endif
