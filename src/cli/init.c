#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/core.h"
#include "ledger/log.h"
#include "store/db.h"
#include "store/store.h"

/* Removes the database and its WAL companions; missing files are fine. */
static int remove_db(const char *path, struct err *e)
{
	const char *suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[4096];
	for (int i = 0; i < 4; i++) {
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		if (unlink(p) < 0 && errno != ENOENT)
			return err_fail(e, "cannot remove %s: %s", p, strerror(errno));
	}
	return 0;
}

int cmd_init(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	int force = 0;
	char *origin = NULL;
	struct args a;
	const struct arg_spec specs[] = {{"force", ARG_FLAG, &force}, {"log-origin", ARG_STR, &origin},
					 {NULL, 0, NULL}};
	struct buf vkey = BUF_INIT, name = BUF_INIT;
	char now[32];
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0)
		goto cleanup;
	if (access(ctx->db_path, F_OK) == 0) {
		if (!force) {
			err_fail(e, "%s exists already; use --force to replace it (everything in it "
				 "is lost)", ctx->db_path);
			goto cleanup;
		}
		if (remove_db(ctx->db_path, e) < 0)
			goto cleanup;
	}
	if (db_open(&ctx->db, ctx->db_path, DB_OPEN_CREATE, e) < 0)
		goto cleanup;
	core_now(now);
	if (db_begin(ctx->db, e) < 0)
		goto cleanup;
	/* The transparency log's identity: its origin and signing key. */
	if ((origin ? log_set_origin(ctx->db, origin, now, e) : log_key_ensure(ctx->db, now, e)) < 0 ||
	    log_origin(ctx->db, &name, e) < 0 || log_verifier(ctx->db, now, &vkey, e) < 0 ||
	    store_audit(ctx->db, now, ctx->actor, "init", ctx->db_path, NULL, e) < 0 ||
	    db_commit(ctx->db, e) < 0) {
		db_rollback(ctx->db);
		goto cleanup;
	}
	fprintf(ctx->out, "created %s\ntransparency log %s, verifier key %s\n", ctx->db_path,
		name.p, vkey.p);
	rc = 0;
cleanup:
	buf_free(&vkey);
	buf_free(&name);
	args_free(&a);
	return rc;
}
