/* The transparency log (log.h, docs/transparency-log.md).
 * Witnesses: `ansinh log watch` checks a served log's new checkpoint against
 * the one it kept, from the served tiles alone. */
#include <stdlib.h>
#include <string.h>

#include "ledger/log_int.h"
#include "store/store.h"

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
