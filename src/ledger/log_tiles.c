/* The transparency log (log.h, docs/transparency-log.md).
 * Serving: the C2SP tlog-tiles resources (tiles, entry bundles, the
 * checkpoint) and `ansinh log export` of the whole static tree. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ledger/log_int.h"
#include "store/store.h"

/* ---- tiles ----------------------------------------------------------------------------- */

/* The hashes of tile t: the bottom hashes of its row, as stored. */
static int tile_hashes(struct dbr *r, const struct merkle_tile *t, struct buf *out, struct err *e)
{
	int slot;
	if (lg_dbr_row(r, t->level, t->n, &slot, e) < 0)
		return -1;
	if (t->width > r->c[slot].row.nb)
		return err_fail(e, "log: the stored hashes of tile %d/%lld are missing", t->level,
				(long long)t->n);
	buf_put(out, r->c[slot].row.b, (size_t)t->width * HASH);
	return 0;
}

/* Whether tile t is part of the tree of `size` leaves. */
static int tile_in_tree(const struct merkle_tile *t, int64_t size)
{
	int64_t count;
	if (t->level == MERKLE_TILE_ENTRIES) {
		count = size;
	} else {
		if (t->level * TILE_H > 62)
			return 0;
		count = size >> (t->level * TILE_H);
	}
	return count >= t->width && t->n <= (count - t->width) / TILE_W;
}

/* Appends leaf `next` to an entry bundle (a big-endian uint16 length, then
 * the bytes) once it is journal entry next + 1 and still hashes to its
 * stored leaf hash: a row changed behind the program's back fails rather
 * than serves a lie. */
static int bundle_put(struct dbr *r, int64_t next, const struct log_entry_row *row,
		      const uint8_t *data, size_t len, struct buf *out, struct err *e)
{
	uint8_t h[HASH], stored[HASH];
	if (row->id != next + 1)
		return err_fail(e, "journal entry %lld is missing", (long long)next + 1);
	if (lg_dbr_hash(r, 0, next, stored, e) < 0)
		return -1;
	merkle_leaf_hash(data, len, h);
	if (memcmp(h, stored, HASH) != 0)
		return err_fail(e, "journal entry %lld no longer matches its leaf in the "
				"transparency log (run `ansinh verify`)", (long long)row->id);
	uint8_t n2[2] = {(uint8_t)(len >> 8), (uint8_t)len};
	buf_put(out, n2, 2);
	buf_put(out, data, len);
	return 0;
}

/* An entry bundle: the leaves of tile t rebuilt, each checked against its
 * stored leaf hash. */
struct bundle {
	struct dbr *r;
	struct buf *out;
	int64_t next;
	struct err *e;
};

static int bundle_leaf(void *ctx, const struct log_entry_row *row, const uint8_t *data, size_t len,
		       const uint8_t commit[32], enum identity_source src)
{
	struct bundle *b = ctx;
	(void)commit;
	(void)src;
	if (bundle_put(b->r, b->next, row, data, len, b->out, b->e) < 0)
		return -1;
	b->next++;
	return 0;
}

static int entry_bundle(struct db *db, struct dbr *r, const struct merkle_tile *t, struct buf *out,
			struct err *e)
{
	struct bundle b = {r, out, t->n * TILE_W, e};
	int64_t last = t->n * TILE_W + t->width;
	if (lg_rebuild(db, b.next + 1, last, bundle_leaf, &b, e) < 0)
		return -1;
	if (b.next != last)
		return err_fail(e, "journal entry %lld is missing", (long long)b.next + 1);
	return 0;
}

int log_tile_bytes(struct db *db, const char *path, struct buf *out, struct err *e)
{
	struct note_checkpoint c;
	struct merkle_tile t;
	struct dbr *r = NULL;
	int rc = -1, found;

	if (strcmp(path, "checkpoint") == 0) {
		if ((found = log_checkpoint_latest(db, out, NULL, e)) <= 0)
			return found < 0 ? -1 : (err_fail(e, "the log has no checkpoint yet"), LOG_NOT_FOUND);
		return 0;
	}
	if (merkle_tile_parse(path, &t, e) < 0)
		return LOG_BAD_PATH;
	if ((found = log_checkpoint_latest(db, NULL, &c, e)) <= 0)
		return found < 0 ? -1 : (err_fail(e, "the log has no checkpoint yet"), LOG_NOT_FOUND);
	if (!tile_in_tree(&t, c.size)) {
		err_fail(e, "%s is not in the tree of size %lld", path, (long long)c.size);
		return LOG_NOT_FOUND;
	}
	r = lg_dbr_new(db);
	size_t start = out->len;
	if ((t.level == MERKLE_TILE_ENTRIES ? entry_bundle(db, r, &t, out, e)
					    : tile_hashes(r, &t, out, e)) < 0) {
		buf_truncate(out, start);
		goto cleanup;
	}
	rc = 0;
cleanup:
	free(r);
	return rc;
}

/* ---- export ------------------------------------------------------------------------------ */

/* Creates every missing directory of path's parent. */
static int make_parents(char *path, struct err *e)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int bad = mkdir(path, 0755) < 0 && errno != EEXIST;
		int saved = errno;
		*p = '/';
		if (bad)
			return err_fail(e, "cannot create %.*s: %s", (int)(p - path), path, strerror(saved));
	}
	return 0;
}

static int write_file(const char *path, const void *data, size_t len, struct err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return err_fail(e, "cannot write %s: %s", path, strerror(errno));
	const char *p = data;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err_fail(e, "cannot write %s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) < 0)
		return err_fail(e, "cannot write %s: %s", path, strerror(errno));
	return 0;
}

static int export_tile(const char *dir, const struct merkle_tile *t, const struct buf *data,
		       struct buf *path, struct err *e)
{
	buf_reset(path);
	buf_puts(path, dir);
	buf_putc(path, '/');
	if (merkle_tile_path(t, path, e) < 0 || make_parents(path->p, e) < 0)
		return -1;
	return write_file(path->p, data->p, data->len, e);
}

/* The export streams every entry once, in order, filling bundles. */
struct exporter {
	const char *dir;
	struct dbr *r;
	struct buf bundle, path;
	int64_t next, size, bundles;
	int in_bundle;
	struct err *e;
};

static int export_leaf(void *ctx, const struct log_entry_row *row, const uint8_t *data, size_t len,
		       const uint8_t commit[32], enum identity_source src)
{
	struct exporter *x = ctx;
	(void)commit;
	(void)src;
	if (bundle_put(x->r, x->next, row, data, len, &x->bundle, x->e) < 0)
		return -1;
	x->in_bundle++;
	x->next++;
	if (x->in_bundle == TILE_W || x->next == x->size) {
		struct merkle_tile t = {MERKLE_TILE_ENTRIES, (x->next - 1) / TILE_W, x->in_bundle};
		if (export_tile(x->dir, &t, &x->bundle, &x->path, x->e) < 0)
			return -1;
		x->bundles++;
		buf_reset(&x->bundle);
		x->in_bundle = 0;
	}
	return 0;
}

int log_export(struct db *db, const char *dir, struct log_export_result *res, struct err *e)
{
	struct exporter x = {dir, NULL, BUF_INIT, BUF_INIT, 0, 0, 0, 0, e};
	struct buf note = BUF_INIT, data = BUF_INIT, tmp = BUF_INIT;
	struct note_checkpoint c;
	int rc = -1, found;

	memset(res, 0, sizeof *res);
	if ((found = log_checkpoint_latest(db, &note, &c, e)) <= 0) {
		if (found == 0)
			err_fail(e, "the log has no checkpoint yet: nothing to export");
		goto cleanup;
	}
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		err_fail(e, "cannot create %s: %s", dir, strerror(errno));
		goto cleanup;
	}
	x.r = lg_dbr_new(db);
	x.size = c.size;
	for (int level = 0; level * TILE_H <= 62 && (c.size >> (level * TILE_H)) > 0; level++) {
		int64_t count = c.size >> (level * TILE_H);
		for (int64_t n = 0; n * TILE_W < count; n++) {
			int64_t w = count - n * TILE_W;
			struct merkle_tile t = {level, n, (int)(w < TILE_W ? w : TILE_W)};
			buf_reset(&data);
			if (tile_hashes(x.r, &t, &data, e) < 0 ||
			    export_tile(dir, &t, &data, &x.path, e) < 0)
				goto cleanup;
			res->tiles++;
		}
	}
	if (lg_rebuild(db, 1, c.size, export_leaf, &x, e) < 0)
		goto cleanup;
	if (x.next != c.size) {
		err_fail(e, "journal entry %lld is missing", (long long)x.next + 1);
		goto cleanup;
	}
	buf_printf(&tmp, "%s/checkpoint.tmp", dir);
	buf_reset(&x.path);
	buf_printf(&x.path, "%s/checkpoint", dir);
	if (write_file(tmp.p, note.p, note.len, e) < 0)
		goto cleanup;
	if (rename(tmp.p, x.path.p) < 0) {
		err_fail(e, "cannot rename %s: %s", tmp.p, strerror(errno));
		goto cleanup;
	}
	res->size = c.size;
	res->bundles = x.bundles;
	rc = 0;
cleanup:
	free(x.r);
	buf_free(&x.bundle);
	buf_free(&x.path);
	buf_free(&note);
	buf_free(&data);
	buf_free(&tmp);
	return rc;
}
