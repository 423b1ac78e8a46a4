/* The transparency log (log.h, docs/transparency-log.md).
 * Reading the stored hashes: where a hash of the tree lives in the tile
 * rows of the database, and a merkle_reader over them. */
#include <stdlib.h>
#include <string.h>

#include "ledger/log_int.h"
#include "store/store.h"

/* ---- reading stored hashes -------------------------------------------------- */

void lg_place(int level, int64_t k, struct lg_place *p)
{
	p->j = level % TILE_H;
	p->tl = level / TILE_H;
	p->n = k >> (TILE_H - p->j);
	p->kk = (int)(k - (p->n << (TILE_H - p->j)));
}

int lg_kept(int j)
{
	return j == 0 || j >= LOG_TILE_UPPER_FROM;
}

int lg_upper_pos(int j, int kk)
{
	int jj = j - LOG_TILE_UPPER_FROM;
	unsigned x = ((unsigned)(kk + 1) << jj) - 1;
	return (int)(2 * x) - __builtin_popcount(x) + jj;
}

int lg_upper_count(int64_t m)
{
	int c = 0;
	for (int j = LOG_TILE_UPPER_FROM; j < TILE_H; j++)
		c += (int)(m >> j);
	return c;
}

int lg_row_hash(const struct store_log_row *row, int j, int kk, uint8_t out[HASH])
{
	if (j == 0) {
		if (kk >= row->nb)
			return 0;
		memcpy(out, row->b[kk], HASH);
		return 1;
	}
	if (j >= LOG_TILE_UPPER_FROM) {
		int pos = lg_upper_pos(j, kk);
		if (pos >= row->nu)
			return 0;
		memcpy(out, row->u[pos], HASH);
		return 1;
	}
	/* relative levels 1..4: folded from the 2^j bottom hashes below */
	int w = 1 << j, first = kk << j;
	uint8_t h[1 << (LOG_TILE_UPPER_FROM - 1)][HASH];
	if (first + w > row->nb)
		return 0;
	for (int i = 0; i < w; i += 2)
		merkle_node_hash(row->b[first + i], row->b[first + i + 1], h[i / 2]);
	for (w /= 2; w > 1; w /= 2)
		for (int i = 0; i < w; i += 2)
			merkle_node_hash(h[i], h[i + 1], h[i / 2]);
	memcpy(out, h[0], HASH);
	return 1;
}

int log_size(struct db *db, int64_t *size, struct err *e)
{
	int64_t n = 0;
	int nb = 0, nu = 0;
	int rc = store_log_row_last(db, 0, &n, &nb, &nu, e);
	if (rc < 0)
		return -1;
	*size = rc == 0 ? 0 : n * TILE_W + nb;
	return 0;
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
	if (store_log_row_get(r->db, tl, n, &r->c[i].row, e) < 0)
		return -1;
	r->c[i].tl = tl;
	r->c[i].n = n;
	*slot = i;
	return 0;
}

/* The stored hash of subtree k at level; an error when it is missing. */
int lg_dbr_hash(struct dbr *r, int level, int64_t k, uint8_t out[HASH], struct err *e)
{
	struct lg_place p;
	int slot;
	lg_place(level, k, &p);
	if (lg_dbr_row(r, p.tl, p.n, &slot, e) < 0)
		return -1;
	if (!lg_row_hash(&r->c[slot].row, p.j, p.kk, out))
		return err_fail(e, "log: the stored hash of subtree %lld at level %d is missing",
				(long long)k, level);
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

/* Not zeroed: 36 KB of cache that is only read once written. */
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
