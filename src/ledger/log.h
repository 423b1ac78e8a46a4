/* The transparency log of the ledger (docs/transparency-log.md).
 *
 * Journal entry i is leaf i - 1 of an RFC 6962 Merkle tree.  A leaf is the
 * entry written out in a small, versioned text format ("ansinh-entry/1",
 * below) without personal data: a contribution carries a commitment
 * SHA-256(salt || canonical identity of the donor), the 32-byte salt kept
 * apart so that it can be erased.  Leaves are appended in the transaction
 * that posts the entry; the hashes of complete subtrees are stored as they
 * are made (each tile's bottom hashes and a few levels above them), so
 * appends cost O(log n), tiles are read and a proof recomputes at most 26
 * hashes per tile level.  Checkpoints (C2SP tlog-checkpoint in C2SP signed notes, Ed25519)
 * are signed per write batch and all kept.  The log serves C2SP tlog-tiles:
 * log_tile_bytes() for a web server, log_export() for static files.
 *
 * This file is the only one that knows what the log's rows mean; the SQL is
 * in src/store/log.c, the hashing and the proofs in ledger/merkle.c, the
 * notes and keys in ledger/note.c. */
#ifndef ANSINH_LEDGER_LOG_H
#define ANSINH_LEDGER_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "store/db.h"
#include "store/model.h"

#define LOG_LEAF_MAX 65535     /* bytes in a leaf: entry bundles use uint16 lengths */
#define LOG_SALT_SIZE 32
#define LOG_TILE_UPPER 14      /* upper hashes in a tile row: relative levels 5..7 */
#define LOG_TILE_UPPER_FROM 5  /* the lowest relative level stored above the bottom */
#define LOG_SALTS 256          /* salts in a stored salt row (STORE_LOG_SALTS) */
#define LOG_BUFFERED_ROWS 2    /* tile levels whose current row a batch keeps */
#define LOG_SALT_RUN 64        /* salts drawn under one stored seed, at most */
#define LOG_LEAF_MIDDLE_MAX 1024 /* bytes of a leaf's lines from kind to amount */
#define LOG_CAMPAIGN_CACHE 16
#define LOG_UNIT_CACHE 128
#define LOG_ACCOUNTS_MAX 32
#define LOG_PROOF_MAX (256 * 1024) /* bytes of a proof document we read */
/* A verification code: the receipt number, '.', the salt in base32 (52). */
#define LOG_CODE_SALT_CHARS 52
#define LOG_ORIGIN_SETTING "log.origin"

/* Return codes of log_tile_bytes() and fetchers, beside 0 and -1. */
#define LOG_NOT_FOUND (-2) /* well-formed, but not (yet) in the tree: HTTP 404 */
#define LOG_BAD_PATH (-3)  /* not a path the log serves: HTTP 400 */

/* ---- leaves ------------------------------------------------------------- */

/* The fields of a leaf, by code (never by database id, never by name).
 * Written as "ansinh-entry/1\n" then one "key value\n" line per field, in
 * this order; unit, reverses, receipt and identity only when present:
 *   id N, kind K, campaign CODE, date YYYY-MM-DD, recorded YYYY-MM-DDTHH:MM:SSZ,
 *   debit ACCOUNT, credit ACCOUNT, amount N, unit CODE, reverses N,
 *   receipt NUMBER, identity BASE64(commitment) */
struct log_leaf {
	int64_t id, amount, reverses;  /* reverses 0: none */
	const char *kind, *campaign, *date, *recorded, *debit, *credit;
	const char *unit;              /* NULL: none */
	const char *receipt;           /* NULL: not a contribution */
	const uint8_t *identity;       /* 32 bytes; set exactly when receipt is */
};

/* Writes the leaf's bytes into out (cap bytes).  Returns the length, or -1
 * when it does not fit. */
long log_leaf_format(const struct log_leaf *l, char *out, size_t cap);
/* The value of line `key` of a leaf's bytes into out (cap bytes, NUL
 * terminated): 1 when present and it fits, else 0. */
int log_leaf_field(const char *data, size_t len, const char *key, char *out, size_t cap);

/* The identity commitment of a contribution:
 *   SHA-256(salt || "ansinh-identity/1\n" || F(donor id) || F(name) || F(tax code))
 * where F(s) is the 4-byte big-endian length of s then s, the donor id is in
 * decimal, the name is the donor's NFC name as stored and the tax code ""
 * when the donor has none. */
void log_identity_commit(const uint8_t salt[LOG_SALT_SIZE], int64_t donor_id, const char *name,
			 const char *tax_code, uint8_t out[32]);

/* What a contribution's leaf adds to its journal entry. */
struct log_extra {
	const char *receipt_no;
	int64_t donor_id;
	const char *donor_name, *donor_tax_code; /* as stored; tax NULL = none */
};

/* ---- appending ---------------------------------------------------------- */

/* A tile row being filled: off bottom hashes (uoff upper ones) are in the
 * database, cnt (ucnt) more pending after them. */
struct log_pending {
	int64_t n;
	int off, cnt, uoff, ucnt;
	uint8_t h[MERKLE_TILE_WIDTH][MERKLE_HASH_SIZE];
	uint8_t u[LOG_TILE_UPPER][MERKLE_HASH_SIZE];
};

/* The middle lines of a batch's last leaf (kind to "amount "), kept while
 * the next entries share the fields they are made of.  len 0: none. */
struct log_middle {
	int len;
	int debit, credit;
	int64_t campaign_id;
	char kind[24], date[16], recorded[32];
	char bytes[LOG_LEAF_MIDDLE_MAX];
};

/* The log's side of a write batch: the right edge of the tree, the rows
 * being filled and a few caches, so that an append costs two hashes and no
 * database round trip (a row is written when full, about once per 256
 * leaves, and at flush).  Zero-initialise it; it owns no memory, so a batch
 * abandoned by a rollback needs no cleanup.  It lives in one transaction. */
struct log_batch {
	int loaded;               /* the tree's state was read */
	int64_t base;             /* leaves in the database when loaded */
	int64_t size;             /* leaves including this batch's */
	uint8_t edge[MERKLE_MAX_STORED][MERKLE_HASH_SIZE]; /* level L: subtree (size>>L) - 1 */
	struct log_pending row[LOG_BUFFERED_ROWS];
	/* The salts of the current run (its seed stored, docs "Salts"): leaf i
	 * < run_end takes run[i % LOG_SALT_RUN], zeroed once taken.  run_end 0:
	 * no run yet. */
	int64_t run_end;
	uint8_t run[LOG_SALT_RUN][LOG_SALT_SIZE];
	struct log_middle middle;
	int accounts_loaded;
	char account[LOG_ACCOUNTS_MAX][24];
	struct {
		int64_t id;
		char code[CODE_MAX + 1];
	} campaign[LOG_CAMPAIGN_CACHE], unit[LOG_UNIT_CACHE];
	int ncampaign;
};

/* Appends journal entry en (already stored, en->id the next leaf) to the
 * log, with x for a contribution (NULL otherwise).  lb NULL: a batch of one,
 * written at once (no checkpoint). */
int log_append_entry(struct db *db, struct log_batch *lb, const struct entry_row *en,
		     const struct log_extra *x, struct err *e);
/* Refuses (before anything is written) an entry id that would not be the
 * log's next leaf: leaf i is always journal entry i + 1, so the journal's
 * ids run without gaps.  lb as for log_append_entry. */
int log_check_next(struct db *db, struct log_batch *lb, int64_t entry_id, struct err *e);
/* The layer below: appends a leaf's bytes (its salt, if any, already
 * taken from the batch's run). */
int log_append_data(struct db *db, struct log_batch *lb, const uint8_t *data, size_t len,
		    struct err *e);
/* Writes the batch's pending strips.  The batch may go on appending. */
int log_batch_write(struct db *db, struct log_batch *lb, struct err *e);
/* log_batch_write, then a checkpoint of the new tree unless this process
 * signed one less than a second ago (LOG_SIGN_INTERVAL_MS; the next flush or
 * log_sign() then covers these entries).  Inside the batch's transaction. */
#define LOG_SIGN_INTERVAL_MS 1000
int log_batch_flush(struct db *db, struct log_batch *lb, const char *now, struct err *e);

/* The number of leaves in the database. */
int log_size(struct db *db, int64_t *size, struct err *e);

/* A merkle_reader over the stored hashes of the database, for computing
 * proofs and tree hashes with ledger/merkle.h.  Close it with
 * log_reader_close. */
void log_reader_open(struct db *db, struct merkle_reader *r);
void log_reader_close(struct merkle_reader *r);

/* ---- keys, origin, checkpoints ------------------------------------------ */

/* The origin line of the checkpoints (and the key name): the setting
 * log.origin, else the default "ansinh.<host name>/<database file name>". */
int log_origin(struct db *db, struct buf *out, struct err *e);
/* Sets the origin; only while the log has no checkpoint (it names the log
 * to every verifier).  A key of another name is replaced. */
int log_set_origin(struct db *db, const char *origin, const char *now, struct err *e);
/* A new active key named after the origin (the old one is retired: its
 * verifier key is kept, its secret dropped).  Signs the current tree with
 * it.  *vkey receives the new verifier key. */
int log_key_rotate(struct db *db, const char *now, struct buf *vkey, struct err *e);
/* The same with a key given in Go's note format PRIVATE+KEY+<name>+<hash>+<key>,
 * whose name must be the origin. */
int log_key_import(struct db *db, const char *skey, const char *now, struct buf *vkey,
		   struct err *e);
/* The active signer key (a secret) or verifier key; a key is made first when
 * there is none yet. */
int log_key_export(struct db *db, const char *now, struct buf *skey, struct err *e);
int log_verifier(struct db *db, const char *now, struct buf *vkey, struct err *e);
/* Makes the first key when there is none (ansinh init). */
int log_key_ensure(struct db *db, const char *now, struct err *e);

/* Signs a checkpoint of the tree in the database when it is ahead of the
 * latest one (or was signed with a key now retired).  *size (may be NULL)
 * receives the size of the latest checkpoint afterwards, 0 for none.  Inside a
 * transaction. */
int log_sign(struct db *db, const char *now, int64_t *size, struct err *e);
/* The latest checkpoint: 1 with its signed note in note, 0 when none. */
int log_checkpoint_latest(struct db *db, struct buf *note, struct note_checkpoint *c,
			  struct err *e);

/* ---- proofs --------------------------------------------------------------- */

/* A proof document (text; docs/transparency-log.md):
 *   ansinh-proof/1 inclusion          ansinh-proof/1 consistency
 *   index I                           old-size M
 *   size N                            old-root BASE64
 *   entry BASE64(leaf bytes)          size N
 *   hash BASE64 ...                   hash BASE64 ...
 *   <blank line>
 *   <the signed checkpoint of size N, verbatim> */
enum log_proof_type { LOG_PROOF_INCLUSION = 1, LOG_PROOF_CONSISTENCY = 2 };
struct log_proof {
	enum log_proof_type type;
	int64_t index, size, old_size;
	uint8_t old_root[32];
	struct buf entry;          /* inclusion: the leaf's bytes */
	uint8_t hash[MERKLE_MAX_PROOF][MERKLE_HASH_SIZE];
	int nhash;
	struct buf note;           /* the signed checkpoint */
};
void log_proof_free(struct log_proof *p);
/* The proof that leaf `index` is in the tree of the checkpoint of size
 * `size` (0: the latest checkpoint). */
int log_prove_leaf(struct db *db, int64_t index, int64_t size, struct log_proof *p, struct err *e);
/* The proof that the tree of the checkpoint of size `size` (0: the latest)
 * extends the tree of old_size leaves. */
int log_prove_tree(struct db *db, int64_t old_size, int64_t size, struct log_proof *p,
		   struct err *e);
void log_proof_format(const struct log_proof *p, struct buf *out);
int log_proof_parse(const char *text, size_t len, struct log_proof *p, struct err *e);
/* Checks the checkpoint's signature (by one of known), that the proof is
 * for it, and the proof itself.  old (may be NULL): a signed checkpoint the
 * verifier kept, which a consistency proof must start from.  *c receives the
 * proof's checkpoint. */
int log_proof_check(const struct log_proof *p, const struct note_verifier *known, int nknown,
		    const char *old, size_t old_len, struct note_checkpoint *c, struct err *e);

/* ---- serving -------------------------------------------------------------- */

/* The bytes of a C2SP tlog-tiles resource of the latest checkpoint's tree:
 * "checkpoint", "tile/<L>/<N>[.p/<W>]" (hashes) or "tile/entries/<N>[.p/<W>]"
 * (entry bundle: per leaf a big-endian uint16 length then the leaf).  Returns
 * 0 with the bytes appended to out, LOG_BAD_PATH for a path the log never
 * serves, LOG_NOT_FOUND for a tile not in that tree (yet), -1 on failure
 * (including rows that no longer match their leaves).  Read-only. */
int log_tile_bytes(struct db *db, const char *path, struct buf *out, struct err *e);

struct log_export_result {
	int64_t size, tiles, bundles;
};
/* Writes the static tree of the latest checkpoint into dir: every tile and
 * entry bundle, then `checkpoint` (last, renamed into place, so a reader of
 * the directory never sees a checkpoint without its tiles). */
int log_export(struct db *db, const char *dir, struct log_export_result *r, struct err *e);

/* ---- donors ------------------------------------------------------------------ */

/* The verification code printed on a receipt: "<receipt>.<base32 salt>". */
int log_receipt_code(struct db *db, const char *receipt, struct buf *code, struct err *e);
/* Whether code has the shape of one (a receipt number of at most
 * LOG_CODE_RECEIPT_MAX printable ASCII characters, a dot, the salt in
 * base32): what is not is a typing mistake (HTTP 400), not "not found". */
#define LOG_CODE_RECEIPT_MAX 64
int log_code_wellformed(const char *code);
struct log_lookup {
	int64_t entry_id, leaf, reversed_by;
	struct log_proof proof;    /* inclusion in the latest checkpoint, checked */
};
void log_lookup_free(struct log_lookup *l);
/* 1 when code names a recorded contribution (its leaf proven in the latest
 * checkpoint and checked), 0 when not (unknown receipt, wrong or erased
 * salt, malformed code).  The latest checkpoint must cover the entry
 * (log_sign first). */
int log_lookup(struct db *db, const char *code, struct log_lookup *out, struct err *e);
/* Blanks the salt of the contribution with this receipt (Decree 13/2023),
 * keeping its commitment: its leaf stays, the donor can no longer be
 * linked to it. */
int log_erase(struct db *db, const char *receipt, const char *now, int64_t *entry_id,
	      struct err *e);

/* ---- verification -------------------------------------------------------------- */

struct log_verify_result {
	int64_t leaves, checkpoints, checkpoint_size, erased, keys;
};
/* Rebuilds every leaf from the journal, the contributions, the donors and
 * the salts, recomputes every stored hash, and checks every checkpoint's
 * signature and root.  Names the first difference. */
int log_verify(struct db *db, struct log_verify_result *r, struct err *e);

/* ---- witnesses ------------------------------------------------------------------- */

/* Reads a resource of a served log ("checkpoint", "tile/...") into out.
 * Returns 0, LOG_NOT_FOUND, or -1. */
typedef int (*log_fetch_fn)(void *ctx, const char *path, struct buf *out, struct err *e);
struct log_watch_result {
	int64_t old_size, size, entries_checked;
};
/* Fetches the log's checkpoint and checks it against the one seen last
 * (old, NULL the first time): signed by known, same origin, not smaller,
 * the same root at the same size, else a consistency proof computed from
 * the served tiles; the new entry bundles must hash to the served leaves and
 * the tiles to the new root.  On success fresh holds the new checkpoint. */
int log_watch(log_fetch_fn fetch, void *ctx, const struct note_verifier *known, int nknown,
	      const char *old, size_t old_len, struct buf *fresh, struct log_watch_result *r,
	      struct err *e);

#endif
