/* The transparency log (log.h, docs/transparency-log.md).
 * Reading the stored hashes: where a hash of the tree lives in the tile
 * rows of the database, and a merkle_reader over them. */
#include <stdlib.h>
#include <string.h>

#include "ledger/log_int.h"
#include "store/store.h"

/* ---- reading stored hashes -------------------------------------------------- */

/* Where the hash of subtree k at tree level `level` is stored: row (*tl, *n)
 * at position *pos, its place in the post-order of the row's subtree. */
void lg_place(int level, int64_t k, int *tl, int64_t *n, int *pos)
{
	int j = level % TILE_H;
	*tl = level / TILE_H;
	*n = k >> (TILE_H - j);
	int64_t kk = k - (*n << (TILE_H - j));
	int64_t x = ((kk + 1) << j) - 1;
	*pos = (int)(2 * x - __builtin_popcountll((uint64_t)x) + j);
}

/* The hashes in a tile row whose subtree has m (0..256) bottom hashes. */
int lg_row_count(int64_t m)
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
	/* lg_row_count(m) = 2m - popcount(m) below 256: m is just above count / 2 */
	for (int64_t m = count / 2; m <= TILE_W && m <= count / 2 + TILE_H + 1; m++) {
		if (lg_row_count(m) == count) {
			*size = n * TILE_W + m;
			return 0;
		}
	}
	return err_fail(e, "log: tile row 0/%lld holds %d hashes, which no number of leaves gives",
			(long long)n, count);
}

int lg_dbr_row(struct dbr *r, int tl, int64_t n, int *slot, struct err *e)
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
int lg_dbr_hash(struct dbr *r, int level, int64_t k, uint8_t out[HASH], struct err *e)
{
	int tl, pos, slot;
	int64_t n;
	lg_place(level, k, &tl, &n, &pos);
	if (lg_dbr_row(r, tl, n, &slot, e) < 0)
		return -1;
	if (pos >= r->c[slot].count)
		return err_fail(e, "log: the stored hash of subtree %lld at level %d is missing",
				(long long)k, level);
	memcpy(out, r->c[slot].h[pos], HASH);
	return 0;
}

int lg_dbr_read(void *ctx, const int64_t *idx, int n, uint8_t (*out)[HASH], struct err *e)
{
	struct dbr *r = ctx;
	for (int i = 0; i < n; i++) {
		int level;
		int64_t k;
		if (merkle_split_stored_index(idx[i], &level, &k) != 0)
			return err_fail(e, "log: stored index %lld out of range", (long long)idx[i]);
		if (lg_dbr_hash(r, level, k, out[i], e) < 0)
			return -1;
	}
	return 0;
}

/* Not zeroed: 64 KB of cache that is only read once written. */
struct dbr *lg_dbr_new(struct db *db)
{
	struct dbr *r = xmalloc(sizeof *r);
	r->db = db;
	r->nc = r->next = 0;
	return r;
}

void log_reader_open(struct db *db, struct merkle_reader *r)
{
	r->ctx = lg_dbr_new(db);
	r->read = lg_dbr_read;
}

void log_reader_close(struct merkle_reader *r)
{
	free(r->ctx);
	r->ctx = NULL;
}
