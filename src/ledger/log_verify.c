/* The transparency log (log.h, docs/transparency-log.md).
 * Verification: every leaf rebuilt from the journal, every stored hash
 * recomputed, every checkpoint's signature and root checked. */
#include <stdlib.h>
#include <string.h>

#include "ledger/log_int.h"
#include "store/store.h"

/* ---- verification ------------------------------------------------------------------------- */

struct vcp {
	int64_t id, size;
	uint8_t root[HASH];
};

/* The tile row of one tile level the walk is in. */
struct row_view {
	int loaded;
	int64_t n;
	struct store_log_row row;
};

struct verifier_walk {
	struct db *db;
	struct err *e;
	int64_t n, i, erased;
	struct log_batch *lb; /* its edge serves merkle_stored_hashes */
	struct row_view lv[MERKLE_MAX_STORED / TILE_H + 1];
	struct vcp *cp;
	int ncp, nextcp;
	struct verifiers keys;
	struct buf origin;
};

/* The stored hash of subtree k at level (one a row keeps): 1 and out, 0
 * when it is missing.  The walk goes left to right, so each row is read
 * once. */
static int stored_at(struct verifier_walk *w, int level, int64_t k, uint8_t out[HASH])
{
	struct lg_place p;
	lg_place(level, k, &p);
	struct row_view *v = &w->lv[p.tl];
	if (!v->loaded || v->n != p.n) {
		if (store_log_row_get(w->db, p.tl, p.n, &v->row, w->e) < 0)
			return -1;
		v->loaded = 1;
		v->n = p.n;
	}
	return lg_row_hash(&v->row, p.j, p.kk, out);
}

static int verify_leaf(void *ctx, const struct log_entry_row *r, const uint8_t *data, size_t len,
		       const uint8_t commit[32], enum identity_source src)
{
	struct verifier_walk *w = ctx;
	struct merkle_reader edge = {w->lb, lg_edge_read};
	uint8_t lh[HASH], out[MERKLE_MAX_STORED][HASH], stored[HASH];
	int k, found;

	(void)commit;
	if (r->id != w->i + 1)
		return w->i < w->n
			? err_fail(w->e, "journal entry %lld is missing: its leaf %lld is in the "
				   "transparency log", (long long)w->i + 1, (long long)w->i)
			: err_fail(w->e, "journal entry %lld is missing, and entry %lld is not in the "
				   "transparency log", (long long)w->i + 1, (long long)r->id);
	if (w->i >= w->n && w->n == 0 && w->ncp == 0)
		return err_fail(w->e, "journal entry %lld is not in the transparency log, which is "
				"empty: the database predates it (the next write, or `ansinh log "
				"checkpoint`, logs every entry)", (long long)r->id);
	if (w->i >= w->n)
		return err_fail(w->e, "journal entry %lld is not in the transparency log (which ends "
				"at entry %lld)", (long long)r->id, (long long)w->n);
	if (src == ID_MISSING)
		return err_fail(w->e, "contribution %lld: its donor's salt is missing from the "
				"transparency log, and it was not erased", (long long)r->id);
	w->erased += src == ID_ERASED;
	merkle_leaf_hash(data, len, lh);
	if ((found = stored_at(w, 0, w->i, stored)) < 0)
		return -1;
	if (!found || memcmp(stored, lh, HASH) != 0)
		return err_fail(w->e, "journal entry %lld does not match its leaf %lld in the "
				"transparency log: the entry%s or the log was changed after it was "
				"recorded", (long long)r->id, (long long)w->i,
				r->receipt ? ", its contribution, its donor's name or tax code, its salt," : "");
	w->lb->size = w->i;
	if (merkle_stored_hashes(w->i, lh, &edge, out, &k, w->e) < 0)
		return -1;
	for (int level = 0; level < k; level++) {
		int64_t at = w->i >> level;
		/* levels a row does not keep are recomputed from the ones it does */
		if (level > 0 && lg_kept(level % TILE_H)) {
			if ((found = stored_at(w, level, at, stored)) < 0)
				return -1;
			if (!found || memcmp(stored, out[level], HASH) != 0) {
				int64_t first = (at << level) + 1;
				return err_fail(w->e, "the transparency log's stored hash of entries "
						"%lld to %lld (level %d) was changed", (long long)first,
						(long long)(first + ((int64_t)1 << level) - 1), level);
			}
		}
		memcpy(w->lb->edge[level], out[level], HASH);
	}
	w->i++;
	w->lb->size = w->i;
	while (w->nextcp < w->ncp && w->cp[w->nextcp].size == w->i) {
		uint8_t root[HASH];
		lg_edge_root(w->lb, root);
		if (memcmp(root, w->cp[w->nextcp].root, HASH) != 0)
			return err_fail(w->e, "checkpoint %lld (size %lld) does not have the root of the "
					"first %lld entries: the log was rewritten",
					(long long)w->cp[w->nextcp].id, (long long)w->i, (long long)w->i);
		w->nextcp++;
	}
	return 0;
}

static int take_vcp(void *ctx, const struct log_checkpoint_row *c)
{
	struct verifier_walk *w = ctx;
	struct note_checkpoint nc;
	int k;
	if (w->ncp > 0 && c->size < w->cp[w->ncp - 1].size)
		return err_fail(w->e, "checkpoint %lld (size %lld) is smaller than the one before it",
				(long long)c->id, (long long)c->size);
	for (k = 0; k < w->keys.n; k++)
		if (w->keys.id[k] == c->key_id)
			break;
	if (k == w->keys.n)
		return err_fail(w->e, "checkpoint %lld (size %lld) names key %lld, which the log does "
				"not have", (long long)c->id, (long long)c->size, (long long)c->key_id);
	if (note_checkpoint_open(c->note, c->note_len, &w->keys.v[k], 1, &nc, w->e) < 0) {
		err_prefix(w->e, "checkpoint %lld (size %lld): ", (long long)c->id, (long long)c->size);
		return -1;
	}
	if (c->root == NULL || nc.size != c->size || memcmp(nc.root, c->root, HASH) != 0)
		return err_fail(w->e, "checkpoint %lld: its size or root differs from its signed note",
				(long long)c->id);
	if (strcmp(nc.origin, w->origin.p) != 0)
		return err_fail(w->e, "checkpoint %lld is signed for origin %s, the log's is %s",
				(long long)c->id, nc.origin, w->origin.p);
	if (c->size > w->n)
		return err_fail(w->e, "checkpoint %lld covers %lld entries, the transparency log holds "
				"%lld: the log was cut short", (long long)c->id, (long long)c->size,
				(long long)w->n);
	w->cp = xrealloc(w->cp, sizeof *w->cp * (size_t)(w->ncp + 1));
	w->cp[w->ncp].id = c->id;
	w->cp[w->ncp].size = c->size;
	memcpy(w->cp[w->ncp].root, nc.root, HASH);
	w->ncp++;
	return 0;
}

struct key_check {
	struct err *e;
	int active;
};

/* A key that can still sign must be the key its verifier key names. */
static int check_key(void *ctx, const struct log_key_row *k)
{
	struct key_check *kc = ctx;
	struct note_signer s;
	struct note_verifier v;
	struct buf vk = BUF_INIT;
	int rc = 0;
	if (k->skey == NULL)
		return 0;
	kc->active++;
	if (note_signer_parse(k->skey, &s, kc->e) < 0) {
		err_prefix(kc->e, "log key %lld: ", (long long)k->id);
		return -1;
	}
	note_signer_verifier(&s, &v);
	note_signer_clear(&s);
	note_verifier_format(&v, &vk);
	if (strcmp(vk.p, k->vkey) != 0)
		rc = err_fail(kc->e, "log key %lld: its secret is not the key of its verifier key",
			      (long long)k->id);
	buf_free(&vk);
	return rc;
}

static const char *const log_guards[] = {
	"log_tile_append_only", "log_tile_no_delete", "log_salt_keep", "log_salt_no_delete",
	"log_seed_keep", "log_seed_no_delete",
	"log_erased_no_update", "log_erased_no_delete", "log_key_keep", "log_key_no_delete",
	"log_checkpoint_no_update", "log_checkpoint_no_delete", NULL,
};

int log_verify(struct db *db, struct log_verify_result *res, struct err *e)
{
	struct verifier_walk *w = xcalloc(1, sizeof *w);
	struct key_check kc = {e, 0};
	int64_t max_id, count;
	int rc = -1, found;

	memset(res, 0, sizeof *res);
	w->db = db;
	w->e = e;
	w->keys.e = e;
	w->lb = xcalloc(1, sizeof *w->lb);
	for (const char *const *g = log_guards; *g; g++) {
		if ((found = store_verify_trigger(db, *g, e)) <= 0) {
			if (found == 0)
				err_fail(e, "the append-only guard '%s' is missing from the database", *g);
			goto cleanup;
		}
	}
	if (log_size(db, &w->n, e) < 0 || store_log_journal_extent(db, &max_id, &count, e) < 0 ||
	    log_origin(db, &w->origin, e) < 0 || store_log_key_each(db, lg_take_verifier, &w->keys, e) < 0 ||
	    store_log_key_each(db, check_key, &kc, e) < 0)
		goto cleanup;
	if (kc.active > 1) {
		err_fail(e, "the log has %d active keys; it signs with one", kc.active);
		goto cleanup;
	}
	if (store_log_checkpoint_each(db, take_vcp, w, e) < 0)
		goto cleanup;
	if (lg_rebuild(db, 1, max_id > w->n ? max_id : w->n, verify_leaf, w, e) < 0)
		goto cleanup;
	if (w->i < w->n) {
		err_fail(e, "journal entry %lld is missing: the transparency log holds %lld entries, "
			 "the journal %lld", (long long)w->i + 1, (long long)w->n, (long long)w->i);
		goto cleanup;
	}
	/* Nothing stored beyond the tree: the last row of each tile level holds
	 * exactly what the tree's size gives, and no salt lies past its end. */
	for (int tl = 0; tl <= (MERKLE_MAX_STORED - 1) / TILE_H; tl++) {
		int64_t bottom = w->n >> (tl * TILE_H), last = 0, want_n = 0;
		int have = 0, uhave = 0, want = 0;
		if ((found = store_log_row_last(db, tl, &last, &have, &uhave, e)) < 0)
			goto cleanup;
		if (bottom > 0) {
			want_n = (bottom - 1) / TILE_W;
			want = (int)(bottom - want_n * TILE_W);
		}
		int more = found && (last > want_n || have > want ||
				     (last == want_n && have == want && uhave > lg_upper_count(want)));
		if (found != (bottom > 0) ||
		    (found && (last != want_n || have != want || uhave != lg_upper_count(want)))) {
			err_fail(e, "the transparency log holds %s at tile level %d than a tree of %lld "
				 "entries", more ? "more hashes" : "fewer hashes", tl, (long long)w->n);
			goto cleanup;
		}
	}
	int64_t slast = 0;
	int scount = 0;
	if ((found = store_log_salt_last(db, &slast, &scount, e)) < 0)
		goto cleanup;
	if (found && slast * LOG_SALTS + scount > w->n) {
		err_fail(e, "the transparency log holds salts for %lld entries, but only %lld entries",
			 (long long)(slast * LOG_SALTS + scount), (long long)w->n);
		goto cleanup;
	}
	if (store_log_seed_last(db, &slast, e) < 0)
		goto cleanup;
	if (slast >= w->n) {
		err_fail(e, "the transparency log holds a salt seed for entry %lld, but only %lld "
			 "entries", (long long)slast + 1, (long long)w->n);
		goto cleanup;
	}
	res->leaves = w->n;
	res->checkpoints = w->ncp;
	res->checkpoint_size = w->ncp ? w->cp[w->ncp - 1].size : 0;
	res->erased = w->erased;
	res->keys = w->keys.n;
	rc = 0;
cleanup:
	lg_verifiers_free(&w->keys);
	free(w->cp);
	buf_free(&w->origin);
	free(w->lb);
	free(w);
	return rc;
}
