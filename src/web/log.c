/* The transparency log over HTTP, exactly as C2SP tlog-tiles lays it out:
 *   /log/checkpoint                       the latest signed checkpoint
 *   /log/tile/<L>/<N>[.p/<W>]             hashes, height 8
 *   /log/tile/entries/<N>[.p/<W>]         entry bundles
 * Full tiles never change, so a CDN or nginx may keep them for a year; a
 * partial tile is replaced by the full one once its tile fills up, and the
 * checkpoint moves with every write.  The bytes are those `ansinh log
 * export` writes (ledger/log.h: log_tile_bytes). */
#include <string.h>

#include "core/core.h"
#include "ledger/log.h"
#include "web/web.h"

#define CACHE_FULL_TILE "public, max-age=31536000, immutable"
#define CACHE_PARTIAL_TILE "public, max-age=60"
#define CACHE_CHECKPOINT "public, max-age=5"

/* A flush signs at most once a second (LOG_SIGN_INTERVAL_MS), so the tree
 * may be ahead of its latest checkpoint by the entries of the last write;
 * a reader of the log is shown them signed.  Signs only when behind. */
int web_log_fresh(struct web_req *rq)
{
	struct note_checkpoint c;
	int64_t size;
	char now[32];
	int found = 0;

	if (log_size(rq->db, &size, &rq->e) < 0 ||
	    (found = log_checkpoint_latest(rq->db, NULL, &c, &rq->e)) < 0)
		return -1;
	if (size == 0 || (found && c.size >= size))
		return 0;
	core_now(now);
	if (db_begin(rq->db, &rq->e) < 0)
		return -1;
	if (log_sign(rq->db, now, NULL, &rq->e) < 0 || db_commit(rq->db, &rq->e) < 0) {
		db_rollback(rq->db);
		return -1;
	}
	return 0;
}

int page_log(struct web_req *rq, struct web_resp *rs)
{
	const char *path = rq->arg[0];
	struct err e = {0};
	int rc;

	if (strcmp(path, "checkpoint") == 0 && web_log_fresh(rq) < 0)
		return -1;
	rc = log_tile_bytes(rq->db, path, &rs->body, &e);
	if (rc == LOG_BAD_PATH || rc == LOG_NOT_FOUND) {
		buf_free(&rs->body);
		rs->status = rc == LOG_BAD_PATH ? 400 : 404;
		rs->ctype = "text/plain; charset=utf-8";
		rs->cache = "no-store";
		buf_printf(&rs->body, "%s\n", e.msg);
		return 0;
	}
	if (rc < 0) {
		rq->e = e;
		return -1;
	}
	rs->status = 200;
	if (strcmp(path, "checkpoint") == 0) {
		rs->ctype = "text/plain; charset=utf-8";
		rs->cache = CACHE_CHECKPOINT;
	} else {
		rs->ctype = "application/octet-stream";
		rs->cache = strstr(path, ".p/") ? CACHE_PARTIAL_TILE : CACHE_FULL_TILE;
	}
	return 0;
}
