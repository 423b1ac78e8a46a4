/* The transparency log (log.h, docs/transparency-log.md).
 * Proofs: inclusion and consistency proofs read from the stored hashes, and
 * the `ansinh-proof/1` document (format, parse, check). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/log_int.h"
#include "store/store.h"

/* ---- proofs ------------------------------------------------------------------------- */

void log_proof_free(struct log_proof *p)
{
	buf_free(&p->entry);
	buf_free(&p->note);
	memset(p, 0, sizeof *p);
}

/* The checkpoint proofs are made against: of that size, or the latest. */
static int proof_checkpoint(struct db *db, int64_t size, struct checkpoint_info *ci,
			    struct err *e)
{
	if (store_log_checkpoint_latest(db, size > 0 ? size : 0, lg_take_checkpoint, ci, e) < 0)
		return -1;
	if (!ci->found)
		return size > 0 ? err_fail(e, "no checkpoint of size %lld (see `ansinh log checkpoint`)",
					   (long long)size)
				: err_fail(e, "the log has no checkpoint yet");
	return 0;
}

/* The proof of leaf `from` (inclusion) or from the tree of `from` leaves
 * (consistency) against the checkpoint of size `size` (0: the latest). */
static int prove(struct db *db, enum log_proof_type type, int64_t from, int64_t size,
		 struct log_proof *p, struct err *e)
{
	struct checkpoint_info ci = {0};
	struct one_leaf o = {0};
	struct dbr *r = lg_dbr_new(db);
	struct merkle_reader mr = {r, lg_dbr_read};
	int rc = -1;

	memset(p, 0, sizeof *p);
	p->type = type;
	if (proof_checkpoint(db, size, &ci, e) < 0)
		goto cleanup;
	p->size = ci.size;
	if (type == LOG_PROOF_INCLUSION) {
		if (from < 0 || from >= ci.size) {
			err_fail(e, "leaf %lld is not in the tree of size %lld", (long long)from,
				 (long long)ci.size);
			goto cleanup;
		}
		p->index = from;
		if (merkle_prove_leaf(ci.size, from, &mr, p->hash, &p->nhash, e) < 0 ||
		    lg_leaf_data(db, from, &p->entry, &o, e) < 0)
			goto cleanup;
	} else {
		if (from < 1 || from > ci.size) {
			err_fail(e, "--from %lld: must be 1 to %lld, the size of the checkpoint",
				 (long long)from, (long long)ci.size);
			goto cleanup;
		}
		p->old_size = from;
		if (merkle_tree_hash(from, &mr, p->old_root, e) < 0 ||
		    merkle_prove_tree(ci.size, from, &mr, p->hash, &p->nhash, e) < 0)
			goto cleanup;
	}
	buf_put(&p->note, ci.note.p, ci.note.len);
	rc = 0;
cleanup:
	if (rc < 0)
		log_proof_free(p);
	buf_free(&ci.note);
	free(r);
	return rc;
}

int log_prove_leaf(struct db *db, int64_t index, int64_t size, struct log_proof *p, struct err *e)
{
	return prove(db, LOG_PROOF_INCLUSION, index, size, p, e);
}

int log_prove_tree(struct db *db, int64_t old_size, int64_t size, struct log_proof *p,
		   struct err *e)
{
	return prove(db, LOG_PROOF_CONSISTENCY, old_size, size, p, e);
}

void log_proof_format(const struct log_proof *p, struct buf *out)
{
	if (p->type == LOG_PROOF_INCLUSION) {
		buf_printf(out, PROOF_MAGIC "inclusion\nindex %lld\nsize %lld\nentry ",
			   (long long)p->index, (long long)p->size);
		lg_put_b64(out, (const uint8_t *)p->entry.p, p->entry.len);
		buf_putc(out, '\n');
	} else {
		buf_printf(out, PROOF_MAGIC "consistency\nold-size %lld\nold-root ",
			   (long long)p->old_size);
		lg_put_b64(out, p->old_root, HASH);
		buf_printf(out, "\nsize %lld\n", (long long)p->size);
	}
	for (int i = 0; i < p->nhash; i++) {
		buf_puts(out, "hash ");
		lg_put_b64(out, p->hash[i], HASH);
		buf_putc(out, '\n');
	}
	buf_putc(out, '\n');
	buf_put(out, p->note.p, p->note.len);
}

/* "key value" with exactly this key; *v and *vn are the value. */
static int keyed(const char *line, size_t n, const char *key, const char **v, size_t *vn)
{
	size_t k = strlen(key);
	if (n <= k + 1 || memcmp(line, key, k) != 0 || line[k] != ' ')
		return 0;
	*v = line + k + 1;
	*vn = n - k - 1;
	return 1;
}

int log_proof_parse(const char *text, size_t len, struct log_proof *p, struct err *e)
{
	size_t at = 0, n, vn;
	const char *line, *v;
	int lineno = 0;

	memset(p, 0, sizeof *p);
	if (len > LOG_PROOF_MAX)
		return err_fail(e, "proof: longer than %d bytes", LOG_PROOF_MAX);
	if ((line = note_next_line(text, len, &at, &n)) == NULL)
		return err_fail(e, "proof: empty");
	lineno = 1;
	if (n == sizeof PROOF_MAGIC "inclusion" - 1 &&
	    memcmp(line, PROOF_MAGIC "inclusion", n) == 0)
		p->type = LOG_PROOF_INCLUSION;
	else if (n == sizeof PROOF_MAGIC "consistency" - 1 &&
		 memcmp(line, PROOF_MAGIC "consistency", n) == 0)
		p->type = LOG_PROOF_CONSISTENCY;
	else
		return err_fail(e, "proof: line 1 is not \"ansinh-proof/1 inclusion\" or "
				"\"ansinh-proof/1 consistency\"");

	/* The fields, in the order log_proof_format writes them. */
	static const char *const inclusion[] = {"index", "size", "entry", NULL};
	static const char *const consistency[] = {"old-size", "old-root", "size", NULL};
	const char *const *want = p->type == LOG_PROOF_INCLUSION ? inclusion : consistency;
	for (; *want; want++) {
		line = note_next_line(text, len, &at, &n);
		lineno++;
		if (line == NULL || !keyed(line, n, *want, &v, &vn)) {
			err_fail(e, "proof: line %d should be \"%s ...\"", lineno, *want);
			goto fail;
		}
		int64_t num;
		if (!strcmp(*want, "index") || !strcmp(*want, "size") || !strcmp(*want, "old-size")) {
			if (lg_get_count(v, vn, MERKLE_MAX_TREE_SIZE, &num) < 0) {
				err_fail(e, "proof: line %d: %s is not a number", lineno, *want);
				goto fail;
			}
			if (!strcmp(*want, "index"))
				p->index = num;
			else if (!strcmp(*want, "size"))
				p->size = num;
			else
				p->old_size = num;
		} else if (!strcmp(*want, "old-root")) {
			if (lg_get_b64(v, vn, p->old_root, HASH) != HASH) {
				err_fail(e, "proof: line %d: old-root is not base64 of 32 bytes", lineno);
				goto fail;
			}
		} else {
			buf_grow(&p->entry, vn);
			long got = lg_get_b64(v, vn, (uint8_t *)p->entry.p, vn);
			if (got < 0 || got > LOG_LEAF_MAX) {
				err_fail(e, "proof: line %d: entry is not base64 of a leaf", lineno);
				goto fail;
			}
			p->entry.len = (size_t)got;
			p->entry.p[got] = '\0';
		}
	}
	for (;;) {
		line = note_next_line(text, len, &at, &n);
		lineno++;
		if (line == NULL) {
			err_fail(e, "proof: truncated at line %d: no blank line and checkpoint", lineno);
			goto fail;
		}
		if (n == 0)
			break;
		if (!keyed(line, n, "hash", &v, &vn)) {
			err_fail(e, "proof: line %d should be \"hash ...\" or blank", lineno);
			goto fail;
		}
		if (p->nhash == MERKLE_MAX_PROOF) {
			err_fail(e, "proof: more than %d hashes", MERKLE_MAX_PROOF);
			goto fail;
		}
		if (lg_get_b64(v, vn, p->hash[p->nhash], HASH) != HASH) {
			err_fail(e, "proof: line %d: hash is not base64 of 32 bytes", lineno);
			goto fail;
		}
		p->nhash++;
	}
	if (at >= len) {
		err_fail(e, "proof: the checkpoint is missing after the blank line");
		goto fail;
	}
	buf_put(&p->note, text + at, len - at);
	return 0;
fail:
	log_proof_free(p);
	return -1;
}

int log_proof_check(const struct log_proof *p, const struct note_verifier *known, int nknown,
		    const char *old, size_t old_len, struct note_checkpoint *c, struct err *e)
{
	uint8_t lh[HASH];
	if (note_checkpoint_open(p->note.p, p->note.len, known, nknown, c, e) < 0) {
		err_prefix(e, "checkpoint: ");
		return -1;
	}
	if (c->size != p->size)
		return err_fail(e, "the proof is for a tree of size %lld, its checkpoint of size %lld",
				(long long)p->size, (long long)c->size);
	if (p->type == LOG_PROOF_INCLUSION) {
		merkle_leaf_hash((const uint8_t *)p->entry.p, p->entry.len, lh);
		return merkle_check_leaf(p->hash, p->nhash, p->size, c->root, p->index, lh, e);
	}
	if (old) {
		struct note_checkpoint oc;
		if (note_checkpoint_open(old, old_len, known, nknown, &oc, e) < 0) {
			err_prefix(e, "old checkpoint: ");
			return -1;
		}
		if (strcmp(oc.origin, c->origin) != 0)
			return err_fail(e, "the old checkpoint is of log %s, the proof of log %s",
					oc.origin, c->origin);
		if (oc.size != p->old_size || memcmp(oc.root, p->old_root, HASH) != 0)
			return err_fail(e, "the proof starts from a tree of size %lld that is not the "
					"old checkpoint's (size %lld)", (long long)p->old_size,
					(long long)oc.size);
	}
	return merkle_check_tree(p->hash, p->nhash, p->size, c->root, p->old_size, p->old_root, e);
}
