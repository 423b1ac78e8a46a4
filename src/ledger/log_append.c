/* The transparency log (log.h, docs/transparency-log.md).
 * Appending: a write batch keeps the right edge of the tree and the tile
 * rows being filled in memory, and writes each row once (docs/transparency-log.md,
 * "Storage"); a database from before the log is backfilled. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/log_int.h"
#include "store/store.h"

#define APPEND_LEAF_MAX 2048

_Static_assert(LOG_TILE_UPPER == STORE_LOG_TILE_UPPER && TILE_W == STORE_LOG_TILE_WIDTH,
	       "tile rows of the store and the log");
_Static_assert(LOG_SALTS == STORE_LOG_SALTS && LOG_SALTS == MERKLE_TILE_WIDTH,
	       "a salt row is an entry bundle's");

/* ---- appending ------------------------------------------------------------- */

/* Serves merkle_stored_hashes from the batch's right edge: appending leaf
 * n reads subtrees (i, (n >> i) - 1), exactly the edge's. */
int lg_edge_read(void *ctx, const int64_t *idx, int n, uint8_t (*out)[HASH], struct err *e)
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

static int batch_load(struct db *db, struct log_batch *lb, struct err *e)
{
	struct dbr *r = lg_dbr_new(db);
	int64_t n;
	int rc = -1;

	if (log_size(db, &n, e) < 0)
		goto cleanup;
	for (int level = 0; level < MERKLE_MAX_STORED && (n >> level) > 0; level++)
		if (lg_dbr_hash(r, level, (n >> level) - 1, lb->edge[level], e) < 0)
			goto cleanup;
	for (int tl = 0; tl < LOG_BUFFERED_ROWS; tl++) {
		int64_t bottom = n >> (tl * TILE_H); /* complete bottom hashes of this tile level */
		lb->row[tl].n = bottom / TILE_W;
		lb->row[tl].off = (int)(bottom % TILE_W);
		lb->row[tl].uoff = lg_upper_count(bottom % TILE_W);
		lb->row[tl].cnt = lb->row[tl].ucnt = 0;
	}
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
	if (b->cnt == 0 && b->ucnt == 0)
		return 0;
	if (store_log_row_append(db, tl, b->n, b->off, b->h[b->off], b->cnt, b->uoff, b->u[b->uoff],
				 b->ucnt, e) < 0)
		return -1;
	b->off += b->cnt;
	b->uoff += b->ucnt;
	b->cnt = b->ucnt = 0;
	return 0;
}

/* Puts the hash of subtree k at tree level `level` at the end of its tile
 * row, when the row keeps that level: rows of tile levels 0 and 1 are
 * buffered, the rare hashes above are written at once (one per 32,768
 * leaves). */
static int push_hash(struct db *db, struct log_batch *lb, int level, int64_t k, const uint8_t h[HASH],
		     struct err *e)
{
	struct lg_place p;
	lg_place(level, k, &p);
	if (!lg_kept(p.j))
		return 0;
	/* a bottom hash follows kk others and the upper hashes they complete;
	 * an upper hash follows the bottom hashes of its subtree */
	int upper = p.j > 0, pos = upper ? lg_upper_pos(p.j, p.kk) : p.kk;
	int boff = upper ? (p.kk + 1) << p.j : p.kk, uoff = upper ? pos : lg_upper_count(p.kk);
	if (p.tl >= LOG_BUFFERED_ROWS)
		return store_log_row_append(db, p.tl, p.n, boff, h, !upper, uoff, h, upper, e);
	struct log_pending *b = &lb->row[p.tl];
	if (p.n != b->n || b->off + b->cnt != boff || b->uoff + b->ucnt != uoff)
		return err_fail(e, "log: internal error: hash %lld of level %d out of order",
				(long long)k, level);
	if (!upper) {
		memcpy(b->h[pos], h, HASH);
		b->cnt++;
		return 0;
	}
	memcpy(b->u[pos], h, HASH);
	b->ucnt++;
	if (pos < LOG_TILE_UPPER - 1)
		return 0;
	/* the row's subtree is complete: its root goes to the level above */
	if (write_row(db, lb, p.tl, e) < 0)
		return -1;
	b->n++;
	b->off = b->uoff = 0;
	return 0;
}

/* Appends leaf lb->size: its hash, then one node per subtree it completes
 * (one per trailing one bit of its index), each made from the edge's hash
 * on its left, so no stored hash is read.  The edge then holds the new
 * subtrees. */
static int append_hash(struct db *db, struct log_batch *lb, const uint8_t leaf_hash[HASH],
		       struct err *e)
{
	uint8_t h[HASH], left[HASH];
	int64_t k = lb->size;

	if (k >= MERKLE_MAX_TREE_SIZE)
		return err_fail(e, "log: the tree is full (%lld leaves)", (long long)k);
	memcpy(h, leaf_hash, HASH);
	for (int level = 0;; level++, k >>= 1) {
		int completes = (int)(k & 1);
		if (completes)
			memcpy(left, lb->edge[level], HASH);
		memcpy(lb->edge[level], h, HASH);
		if (push_hash(db, lb, level, k, h, e) < 0)
			return -1;
		if (!completes)
			break;
		merkle_node_hash(left, h, h);
	}
	lb->size++;
	return 0;
}

static int append_loaded(struct db *db, struct log_batch *lb, const uint8_t *data, size_t len,
			 struct err *e)
{
	uint8_t h[HASH];
	if (len > LOG_LEAF_MAX)
		return err_fail(e, "log: a leaf of %zu bytes is longer than %d", len, LOG_LEAF_MAX);
	merkle_leaf_hash(data, len, h);
	return append_hash(db, lb, h, e);
}

int log_batch_write(struct db *db, struct log_batch *lb, struct err *e)
{
	if (!lb->loaded)
		return 0;
	for (int tl = 0; tl < LOG_BUFFERED_ROWS; tl++)
		if (write_row(db, lb, tl, e) < 0)
			return -1;
	return 0;
}

int log_append_data(struct db *db, struct log_batch *lb, const uint8_t *data, size_t len,
		    struct err *e)
{
	struct log_batch *own = NULL;
	int rc = -1;
	if (lb == NULL)
		lb = own = xcalloc(1, sizeof *own);
	if (!lb->loaded && batch_load(db, lb, e) < 0)
		goto cleanup;
	if (append_loaded(db, lb, data, len, e) < 0)
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

int lg_load_accounts(struct db *db, char acc[LOG_ACCOUNTS_MAX][24], struct err *e)
{
	memset(acc, 0, LOG_ACCOUNTS_MAX * 24);
	return store_log_accounts(db, take_account, acc, e);
}

const char *lg_account_code(char acc[LOG_ACCOUNTS_MAX][24], int64_t id)
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

static int out_of_step(int64_t id, int64_t size, struct err *e)
{
	return err_fail(e, "log: journal entry %lld would be leaf %lld of a log of %lld leaves: the "
			"journal's ids must run without gaps, each entry the log's next leaf",
			(long long)id, (long long)id - 1, (long long)size);
}

/* An empty log under a journal from before the log: backfilled through a
 * batch of its own.  *size receives the log's size afterwards. */
int lg_catch_up(struct db *db, int64_t *size, struct err *e)
{
	struct log_batch *own = xcalloc(1, sizeof *own);
	int rc = batch_load(db, own, e) < 0 || (own->size == 0 && lg_backfill(db, own, e) < 0) ||
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
				    (lb->size == 0 && lg_backfill(db, lb, e) < 0)))
			return -1;
		size = lb->size;
	} else {
		if (log_size(db, &size, e) < 0 || (size == 0 && lg_catch_up(db, &size, e) < 0))
			return -1;
	}
	return entry_id == size + 1 ? 0 : out_of_step(entry_id, size, e);
}

/* Copies s into a key field of n bytes: 0 when it does not fit. */
static int key_copy(char *dst, size_t n, const char *s)
{
	size_t len = strlen(s);
	if (len >= n)
		return 0;
	memcpy(dst, s, len + 1);
	return 1;
}

/* The middle lines of entry en's leaf (kind to "amount ") in
 * lb->middle.bytes, *len long: those of the batch's last leaf when made of
 * the same fields (an import's entries share them), else made and checked
 * again. */
static int leaf_middle(struct db *db, struct log_batch *lb, const struct entry_row *en,
		       size_t *len, struct err *e)
{
	struct log_leaf l = {.kind = en->kind, .date = en->entry_date, .recorded = en->recorded_at};
	struct log_middle *m = &lb->middle;
	if (m->len > 0 && m->campaign_id == en->campaign_id && m->debit == en->debit_account &&
	    m->credit == en->credit_account && l.kind && l.date && l.recorded &&
	    strcmp(m->date, l.date) == 0 && strcmp(m->recorded, l.recorded) == 0 &&
	    strcmp(m->kind, l.kind) == 0) {
		*len = (size_t)m->len;
		return 0;
	}
	m->len = 0;
	l.debit = lg_account_code(lb->account, en->debit_account);
	l.credit = lg_account_code(lb->account, en->credit_account);
	if (l.debit == NULL || l.credit == NULL)
		return err_fail(e, "log: journal entry %lld names an unknown account", (long long)en->id);
	if (campaign_code(db, lb, en->campaign_id, &l.campaign, e) < 0)
		return -1;
	if (!lg_field_ok(l.kind) || !lg_field_ok(l.date) || !lg_field_ok(l.recorded))
		return err_fail(e, "log: journal entry %lld has an empty or multi-line field",
				(long long)en->id);
	long n = lg_leaf_middle(&l, m->bytes, sizeof m->bytes);
	if (n < 0)
		return err_fail(e, "log: journal entry %lld does not fit a leaf", (long long)en->id);
	*len = (size_t)n;
	if (key_copy(m->kind, sizeof m->kind, l.kind) && key_copy(m->date, sizeof m->date, l.date) &&
	    key_copy(m->recorded, sizeof m->recorded, l.recorded)) {
		m->campaign_id = en->campaign_id;
		m->debit = en->debit_account;
		m->credit = en->credit_account;
		m->len = (int)n;
	}
	return 0;
}

static int append_entry(struct db *db, struct log_batch *lb, const struct entry_row *en,
			const struct log_extra *x, struct err *e)
{
	struct log_leaf l = {0};
	uint8_t salt[LOG_SALT_SIZE], commit[32], lh[HASH];
	char data[APPEND_LEAF_MAX];
	size_t mid_len = 0;
	int rc = -1;

	if (!lb->loaded && batch_load(db, lb, e) < 0)
		return -1;
	if (en->id != lb->size + 1)
		return out_of_step(en->id, lb->size, e);
	if (!lb->accounts_loaded) {
		if (lg_load_accounts(db, lb->account, e) < 0)
			return -1;
		lb->accounts_loaded = 1;
	}
	if (leaf_middle(db, lb, en, &mid_len, e) < 0 ||
	    (en->unit_id && unit_code(db, lb, en->unit_id, &l.unit, e) < 0))
		return -1;
	if (x && x->receipt_no && !lg_field_ok(x->receipt_no))
		return err_fail(e, "log: journal entry %lld has an empty or multi-line field",
				(long long)en->id);
	l.id = en->id;
	l.amount = en->amount;
	l.reverses = en->reverses_id;
	if (x && x->receipt_no) {
		if (lg_take_salt(db, lb, salt, e) < 0)
			goto cleanup;
		log_identity_commit(salt, x->donor_id, x->donor_name, x->donor_tax_code, commit);
		l.receipt = x->receipt_no;
		l.identity = commit;
	}
	/* the leaf after a byte of room for its hash prefix: one update */
	data[0] = 0x00;
	long len = lg_leaf_format_middle(&l, lb->middle.bytes, mid_len, data + 1, sizeof data - 1);
	if (len < 0) {
		err_fail(e, "log: journal entry %lld does not fit a leaf", (long long)en->id);
		goto cleanup;
	}
	merkle_leaf_hash_prefixed((const uint8_t *)data, (size_t)len + 1, lh);
	rc = append_hash(db, lb, lh, e);
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
void lg_edge_root(const struct log_batch *lb, uint8_t out[HASH])
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
	rc = append_loaded(bf->db, bf->lb, data, len, bf->e);
	sodium_memzero(bf->salt, sizeof bf->salt);
	return rc;
}

/* A database from before the log (journal entries, an empty log and no
 * checkpoint) gets every entry appended into lb, freshly loaded and empty:
 * as if each had been logged when it was recorded, the contributions with
 * new salts.  A log that was emptied after it signed checkpoints is left
 * alone: `ansinh verify` says what happened to it. */
int lg_backfill(struct db *db, struct log_batch *lb, struct err *e)
{
	struct backfill bf = {db, lb, {0}, 0, e};
	struct checkpoint_info last = {0};
	int64_t max_id, count;
	int rc = -1;
	if (store_log_journal_extent(db, &max_id, &count, e) < 0)
		return -1;
	if (max_id == 0)
		return 0;
	if (store_log_checkpoint_latest(db, 0, lg_take_checkpoint, &last, e) < 0)
		goto cleanup;
	if (last.found) {
		rc = 0;
		goto cleanup;
	}
	if (lg_rebuild_ex(db, 1, max_id, backfill_leaf, &bf, &bf, e) < 0)
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
