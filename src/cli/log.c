/* ansinh log ...: the transparency log from the command line — its key and
 * origin, checkpoints, the static tile tree, proofs and their offline
 * check, donors' verification codes, and a witness (`log watch`) that reads
 * an exported directory or a log served over HTTP. */
#include <errno.h>
#include <netdb.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/core.h"
#include "ledger/log.h"
#include "store/store.h"

/* The largest resource a witness fetches: an entry bundle of 256 leaves of
 * at most 65,535 bytes each, with their lengths. */
#define FETCH_MAX (256 * (65535 + 2) + 1024)
#define HTTP_TIMEOUT_S 10
#define DEFAULT_STATE "ansinh-watch.checkpoint"

/* ---- small helpers ---------------------------------------------------------- */

/* Parses the options of specs and exactly one positional argument, which
 * usage describes. */
static int one_arg(struct args *a, int argc, char **argv, const struct arg_spec *specs,
		   const char *usage, struct err *e)
{
	if (args_parse(a, argc, argv, specs, 1, e) < 0)
		return -1;
	if (a->npos != 1)
		return err_usage(e, "%s", usage);
	return 0;
}

/* Reads a whole file (or stdin for "-") of at most max bytes into out.
 * Returns 0, LOG_NOT_FOUND when it does not exist, or -1. */
static int slurp(const char *path, size_t max, struct buf *out, struct err *e)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char chunk[1 << 16];
	size_t n;
	int rc = 0;
	if (f == NULL) {
		if (errno == ENOENT)
			return LOG_NOT_FOUND;
		return err_fail(e, "cannot read %s: %s", path, strerror(errno));
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (out->len + n > max) {
			rc = err_fail(e, "%s is larger than %zu bytes", path, max);
			break;
		}
		buf_put(out, chunk, n);
	}
	if (rc == 0 && ferror(f))
		rc = err_fail(e, "cannot read %s", path);
	if (f != stdin)
		fclose(f);
	return rc;
}

/* Prints a leaf's lines, indented. */
static void print_leaf(FILE *f, const struct buf *leaf)
{
	const char *p = leaf->p, *end = leaf->p + leaf->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		fprintf(f, "  %.*s\n", (int)n, p);
		p += n + 1;
	}
}

/* The verifier keys a command trusts: --key VKEY and/or --key-file F (one
 * key a line). */
static int load_verifiers(const char *key, const char *key_file, struct note_verifier **v, int *n,
			  struct err *e)
{
	struct buf text = BUF_INIT;
	int rc = -1;
	*v = NULL;
	*n = 0;
	if (key == NULL && key_file == NULL) {
		err_usage(e, "--key VKEY or --key-file F: the log's verifier key (`ansinh log key`)");
		goto cleanup;
	}
	if (key_file) {
		int got = slurp(key_file, 1 << 16, &text, e);
		if (got == LOG_NOT_FOUND)
			err_fail(e, "no key file %s", key_file);
		if (got < 0)
			goto cleanup;
	}
	if (key) {
		buf_puts(&text, "\n");
		buf_puts(&text, key);
	}
	for (char *line = text.p, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		size_t len = strlen(line);
		while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
			line[--len] = '\0';
		if (len == 0)
			continue;
		*v = xrealloc(*v, sizeof **v * (size_t)(*n + 1));
		if (note_verifier_parse(line, &(*v)[*n], e) < 0)
			goto cleanup;
		(*n)++;
	}
	if (*n == 0) {
		err_fail(e, "no verifier key in %s", key_file ? key_file : "--key");
		goto cleanup;
	}
	rc = 0;
cleanup:
	if (rc < 0) {
		free(*v);
		*v = NULL;
	}
	buf_free(&text);
	return rc;
}

/* Runs fn inside a write transaction (the log signs and records as it
 * goes), committing when it succeeds. */
static int in_tx(struct db *db, int (*fn)(struct db *db, void *ctx, struct err *e), void *ctx,
		 struct err *e)
{
	if (db_begin(db, e) < 0)
		return -1;
	if (fn(db, ctx, e) < 0 || db_commit(db, e) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

static int sign_tx(struct db *db, void *ctx, struct err *e)
{
	char now[32];
	core_now(now);
	return log_sign(db, now, ctx, e);
}

/* Signs a checkpoint when the tree has grown past the latest one, so what
 * follows speaks of every entry recorded. */
static int sign_now(struct db *db, int64_t *size, struct err *e)
{
	return in_tx(db, sign_tx, size, e);
}

/* ---- key and origin ----------------------------------------------------------- */

struct key_cmd {
	struct cli_ctx *ctx;
	const char *action, *file;
	struct buf out;
};

static int print_key_row(void *ctx, const struct log_key_row *k)
{
	FILE *f = ctx;
	fprintf(f, "%lld\t%s\t%s\t%s\n", (long long)k->id, k->created_at,
		k->retired_at ? k->retired_at : "active", k->vkey);
	return 0;
}

static int key_tx(struct db *db, void *vctx, struct err *e)
{
	struct key_cmd *k = vctx;
	struct buf skey = BUF_INIT;
	char now[32];
	int rc = -1;
	core_now(now);
	if (k->action == NULL) {
		rc = log_verifier(db, now, &k->out, e);
	} else if (!strcmp(k->action, "export")) {
		if (log_key_export(db, now, &k->out, e) < 0 ||
		    store_audit(db, now, k->ctx->actor, "log.key.export", "log", NULL, e) < 0)
			goto cleanup;
		rc = 0;
	} else if (!strcmp(k->action, "rotate")) {
		if (log_key_rotate(db, now, &k->out, e) < 0 ||
		    store_audit(db, now, k->ctx->actor, "log.key.rotate", "log", k->out.p, e) < 0)
			goto cleanup;
		rc = 0;
	} else if (!strcmp(k->action, "import")) {
		buf_grow(&skey, 1024);
		int got = slurp(k->file, 4096, &skey, e);
		if (got == LOG_NOT_FOUND)
			err_fail(e, "no key file %s", k->file);
		if (got < 0)
			goto cleanup;
		while (skey.len && (skey.p[skey.len - 1] == '\n' || skey.p[skey.len - 1] == '\r'))
			skey.p[--skey.len] = '\0';
		if (log_key_import(db, skey.p, now, &k->out, e) < 0 ||
		    store_audit(db, now, k->ctx->actor, "log.key.import", "log", k->out.p, e) < 0)
			goto cleanup;
		rc = 0;
	} else if (!strcmp(k->action, "list")) {
		rc = log_key_ensure(db, now, e) < 0 ? -1
						      : store_log_key_each(db, print_key_row, k->ctx->out, e);
	} else {
		err_usage(e, "log key: unknown action '%s' (export, import FILE, rotate, list)", k->action);
	}
cleanup:
	if (skey.p)
		sodium_memzero(skey.p, skey.cap);
	buf_free(&skey);
	return rc;
}

static int log_key_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct args a;
	const struct arg_spec specs[] = {{NULL, 0, NULL}};
	struct key_cmd k = {ctx, NULL, NULL, BUF_INIT};
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 2, e) < 0)
		goto cleanup;
	k.action = a.npos > 0 ? a.pos[0] : NULL;
	if (k.action && !strcmp(k.action, "import")) {
		if (a.npos != 2) {
			err_usage(e, "log key import FILE: the key in Go's note format "
				  "(PRIVATE+KEY+<name>+<hash>+<key>), - for standard input");
			goto cleanup;
		}
		k.file = a.pos[1];
	} else if (a.npos > 1) {
		err_usage(e, "log key: too many arguments");
		goto cleanup;
	}
	buf_grow(&k.out, 512);
	if ((db = cli_db(ctx, e)) == NULL || in_tx(db, key_tx, &k, e) < 0)
		goto cleanup;
	if (k.out.len)
		fprintf(ctx->out, "%s\n", k.out.p);
	rc = 0;
cleanup:
	if (k.out.p)
		sodium_memzero(k.out.p, k.out.cap);
	buf_free(&k.out);
	args_free(&a);
	return rc;
}

struct origin_cmd {
	struct cli_ctx *ctx;
	const char *name;
	struct buf out;
};

static int origin_tx(struct db *db, void *vctx, struct err *e)
{
	struct origin_cmd *o = vctx;
	char now[32];
	core_now(now);
	if (o->name && (log_set_origin(db, o->name, now, e) < 0 ||
			store_audit(db, now, o->ctx->actor, "log.origin", "log", o->name, e) < 0))
		return -1;
	return log_origin(db, &o->out, e);
}

static int log_origin_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct args a;
	const struct arg_spec specs[] = {{NULL, 0, NULL}};
	struct origin_cmd o = {ctx, NULL, BUF_INIT};
	struct db *db;
	int rc = -1;
	if (args_parse(&a, argc, argv, specs, 1, e) < 0)
		goto cleanup;
	o.name = a.npos ? a.pos[0] : NULL;
	if ((db = cli_db(ctx, e)) == NULL || in_tx(db, origin_tx, &o, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "%s\n", o.out.p);
	rc = 0;
cleanup:
	buf_free(&o.out);
	args_free(&a);
	return rc;
}

/* ---- checkpoints, tiles, export --------------------------------------------------- */

static int log_checkpoint_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct args a;
	const struct arg_spec specs[] = {{NULL, 0, NULL}};
	struct buf note = BUF_INIT;
	struct db *db;
	int rc = -1, found;
	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || (db = cli_db(ctx, e)) == NULL ||
	    sign_now(db, NULL, e) < 0 || (found = log_checkpoint_latest(db, &note, NULL, e)) < 0)
		goto cleanup;
	if (found == 0) {
		err_fail(e, "the log is empty: no checkpoint yet");
		goto cleanup;
	}
	fwrite(note.p, 1, note.len, ctx->out);
	rc = 0;
cleanup:
	buf_free(&note);
	args_free(&a);
	return rc;
}

static int log_tile_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct args a;
	const struct arg_spec specs[] = {{NULL, 0, NULL}};
	struct buf out = BUF_INIT;
	struct db *db;
	int rc = -1;
	if (one_arg(&a, argc, argv, specs, "log tile PATH: checkpoint, tile/L/N[.p/W] or tile/entries/N[.p/W]", e) < 0)
		goto cleanup;
	if ((db = cli_db(ctx, e)) == NULL)
		goto cleanup;
	int got = log_tile_bytes(db, a.pos[0], &out, e);
	if (got == LOG_BAD_PATH || got == LOG_NOT_FOUND) {
		/* 400 and 404 of a web server: both a failure here, said apart */
		err_prefix(e, got == LOG_BAD_PATH ? "bad path: " : "not found: ");
		goto cleanup;
	}
	if (got < 0)
		goto cleanup;
	fwrite(out.p, 1, out.len, ctx->out);
	rc = 0;
cleanup:
	buf_free(&out);
	args_free(&a);
	return rc;
}

static int log_export_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct args a;
	const struct arg_spec specs[] = {{NULL, 0, NULL}};
	struct log_export_result r;
	struct db *db;
	int rc = -1;
	if (one_arg(&a, argc, argv, specs, "log export DIR: the directory to write the tiles into", e) < 0)
		goto cleanup;
	if ((db = cli_db(ctx, e)) == NULL || sign_now(db, NULL, e) < 0 ||
	    log_export(db, a.pos[0], &r, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "exported the log of %lld entries to %s: %lld tiles, %lld entry bundles, "
		"checkpoint\n", (long long)r.size, a.pos[0], (long long)r.tiles, (long long)r.bundles);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

/* ---- proofs -------------------------------------------------------------------------- */

/* Prints the proof of leaf `from` (inclusion) or from the tree of `from`
 * leaves (consistency) against the checkpoint of size n (0: the latest). */
static int print_proof(struct cli_ctx *ctx, enum log_proof_type type, int64_t from, int64_t n,
		       struct err *e)
{
	struct log_proof p = {0};
	struct buf out = BUF_INIT;
	struct db *db;
	int rc = -1;
	if ((db = cli_db(ctx, e)) == NULL || sign_now(db, NULL, e) < 0 ||
	    (type == LOG_PROOF_INCLUSION ? log_prove_leaf(db, from, n, &p, e)
					 : log_prove_tree(db, from, n, &p, e)) < 0)
		goto cleanup;
	log_proof_format(&p, &out);
	fwrite(out.p, 1, out.len, ctx->out);
	rc = 0;
cleanup:
	log_proof_free(&p);
	buf_free(&out);
	return rc;
}

static int log_prove_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *leaf = NULL, *entry = NULL, *size = NULL;
	struct args a;
	const struct arg_spec specs[] = {
		{"leaf", ARG_STR, &leaf}, {"entry", ARG_STR, &entry}, {"size", ARG_STR, &size},
		{NULL, 0, NULL},
	};
	int64_t index = 0, n = 0;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0)
		goto cleanup;
	if ((leaf == NULL) == (entry == NULL)) {
		err_usage(e, "give --leaf I (0-based) or --entry ID (leaf ID - 1)");
		goto cleanup;
	}
	if ((leaf && args_count("--leaf", leaf, 0, &index, e) < 0) ||
	    (entry && args_count("--entry", entry, 1, &index, e) < 0) ||
	    (size && args_count("--size", size, 1, &n, e) < 0))
		goto cleanup;
	if (entry)
		index--;
	rc = print_proof(ctx, LOG_PROOF_INCLUSION, index, n, e);
cleanup:
	args_free(&a);
	return rc;
}

static int log_consistency_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *from = NULL, *to = NULL;
	struct args a;
	const struct arg_spec specs[] = {{"from", ARG_STR, &from}, {"to", ARG_STR, &to},
					 {NULL, 0, NULL}};
	int64_t m = 0, n = 0;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0)
		goto cleanup;
	if (from == NULL) {
		err_usage(e, "--from M: the size of the older tree");
		goto cleanup;
	}
	if (args_count("--from", from, 1, &m, e) < 0 || (to && args_count("--to", to, 1, &n, e) < 0))
		goto cleanup;
	rc = print_proof(ctx, LOG_PROOF_CONSISTENCY, m, n, e);
cleanup:
	args_free(&a);
	return rc;
}

static int log_verify_proof_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *key = NULL, *key_file = NULL, *old = NULL;
	struct args a;
	const struct arg_spec specs[] = {
		{"key", ARG_STR, &key}, {"key-file", ARG_STR, &key_file},
		{"old-checkpoint", ARG_STR, &old}, {NULL, 0, NULL},
	};
	struct note_verifier *v = NULL;
	struct note_checkpoint c;
	struct log_proof p = {0};
	struct buf text = BUF_INIT, oldtext = BUF_INIT;
	int nv = 0, rc = -1, got;

	if (one_arg(&a, argc, argv, specs, "log verify-proof FILE: a proof from `ansinh log prove` or `log "
			  "consistency`, - for standard input", e) < 0)
		goto cleanup;
	if (load_verifiers(key, key_file, &v, &nv, e) < 0)
		goto cleanup;
	if ((got = slurp(a.pos[0], LOG_PROOF_MAX, &text, e)) < 0) {
		if (got == LOG_NOT_FOUND)
			err_fail(e, "no proof file %s", a.pos[0]);
		goto cleanup;
	}
	if (old && (got = slurp(old, NOTE_MAX_SIZE, &oldtext, e)) < 0) {
		if (got == LOG_NOT_FOUND)
			err_fail(e, "no checkpoint file %s", old);
		goto cleanup;
	}
	if (log_proof_parse(text.p ? text.p : "", text.len, &p, e) < 0)
		goto cleanup;
	if (old && p.type != LOG_PROOF_CONSISTENCY) {
		err_usage(e, "--old-checkpoint goes with a consistency proof");
		goto cleanup;
	}
	if (log_proof_check(&p, v, nv, old ? oldtext.p : NULL, oldtext.len, &c, e) < 0) {
		err_prefix(e, "FAILED: ");
		goto cleanup;
	}
	if (p.type == LOG_PROOF_INCLUSION) {
		fprintf(ctx->out, "ok: leaf %lld (journal entry %lld) is in the log %s of %lld "
			"entries\n", (long long)p.index, (long long)p.index + 1, c.origin,
			(long long)c.size);
		print_leaf(ctx->out, &p.entry);
	} else {
		fprintf(ctx->out, "ok: the log %s of %lld entries extends its tree of %lld entries%s\n",
			c.origin, (long long)c.size, (long long)p.old_size,
			old ? " (the old checkpoint given)" : "");
	}
	rc = 0;
cleanup:
	log_proof_free(&p);
	free(v);
	buf_free(&text);
	buf_free(&oldtext);
	args_free(&a);
	return rc;
}

/* ---- donors ------------------------------------------------------------------------------ */

static int log_code_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct args a;
	const struct arg_spec specs[] = {{NULL, 0, NULL}};
	struct buf code = BUF_INIT;
	struct db *db;
	int rc = -1;
	if (one_arg(&a, argc, argv, specs, "log code RECEIPT: a receipt number", e) < 0)
		goto cleanup;
	if ((db = cli_db(ctx, e)) == NULL || log_receipt_code(db, a.pos[0], &code, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "%s\n", code.p);
	rc = 0;
cleanup:
	if (code.p)
		sodium_memzero(code.p, code.cap);
	buf_free(&code);
	args_free(&a);
	return rc;
}

static int log_lookup_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct args a;
	const struct arg_spec specs[] = {{NULL, 0, NULL}};
	struct log_lookup l = {0};
	struct buf out = BUF_INIT;
	struct db *db;
	int rc = -1, found;

	if (one_arg(&a, argc, argv, specs, "log lookup CODE: the verification code on a receipt", e) < 0)
		goto cleanup;
	if ((db = cli_db(ctx, e)) == NULL || sign_now(db, NULL, e) < 0 ||
	    (found = log_lookup(db, a.pos[0], &l, e)) < 0)
		goto cleanup;
	if (found == 0) {
		err_fail(e, "không tìm thấy: no contribution has this verification code");
		goto cleanup;
	}
	fprintf(ctx->out, "đã được ghi nhận: journal entry %lld, leaf %lld of the transparency log "
		"of %lld entries (inclusion proof checked)\n", (long long)l.entry_id,
		(long long)l.leaf, (long long)l.proof.size);
	print_leaf(ctx->out, &l.proof.entry);
	fprintf(ctx->out, "  donor: the identity commitment matches the donor's record\n");
	if (l.reversed_by)
		fprintf(ctx->out, "  reversed by journal entry %lld (leaf %lld)\n",
			(long long)l.reversed_by, (long long)l.reversed_by - 1);
	fputc('\n', ctx->out);
	log_proof_format(&l.proof, &out);
	fwrite(out.p, 1, out.len, ctx->out);
	rc = 0;
cleanup:
	log_lookup_free(&l);
	buf_free(&out);
	args_free(&a);
	return rc;
}

struct erase_cmd {
	struct cli_ctx *ctx;
	const char *receipt, *reason;
	int64_t entry;
};

static int erase_tx(struct db *db, void *vctx, struct err *e)
{
	struct erase_cmd *x = vctx;
	char now[32], object[48];
	core_now(now);
	if (log_erase(db, x->receipt, now, &x->entry, e) < 0)
		return -1;
	snprintf(object, sizeof object, "contribution:%lld", (long long)x->entry);
	return store_audit(db, now, x->ctx->actor, "log.erase", object, x->reason, e);
}

static int log_erase_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *reason = NULL;
	struct args a;
	const struct arg_spec specs[] = {{"reason", ARG_STR, &reason}, {NULL, 0, NULL}};
	struct erase_cmd x = {ctx, NULL, NULL, 0};
	struct db *db;
	int rc = -1;
	if (args_parse(&a, argc, argv, specs, 1, e) < 0)
		goto cleanup;
	if (a.npos != 1 || reason == NULL || !*reason) {
		err_usage(e, "log erase RECEIPT --reason TEXT");
		goto cleanup;
	}
	x.receipt = a.pos[0];
	x.reason = reason;
	if ((db = cli_db(ctx, e)) == NULL || in_tx(db, erase_tx, &x, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "erased the donor's link to receipt %s (journal entry %lld): its leaf "
		"stays in the log\n", x.receipt, (long long)x.entry);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

/* ---- witness ------------------------------------------------------------------------------ */

/* Where a watched log is read from: a directory (a path or file://PATH, the
 * output of `log export`), or http://HOST[:PORT][/PATH] with one HTTP/1.1
 * GET per resource. */
struct source {
	int http;
	struct buf base;    /* directory, or the URL's path without a final / */
	char host[256], port[16];
};

static int source_parse(const char *url, struct source *s, struct err *e)
{
	memset(s, 0, sizeof *s);
	if (strncmp(url, "http://", 7) == 0) {
		const char *h = url + 7, *slash = strchr(h, '/');
		size_t hl = slash ? (size_t)(slash - h) : strlen(h);
		const char *colon = memchr(h, ':', hl);
		size_t nl = colon ? (size_t)(colon - h) : hl;
		if (nl == 0 || nl >= sizeof s->host)
			return err_usage(e, "%s: no host", url);
		memcpy(s->host, h, nl);
		if (colon) {
			size_t pl = hl - nl - 1;
			if (pl == 0 || pl >= sizeof s->port || strspn(colon + 1, "0123456789") < pl)
				return err_usage(e, "%s: bad port", url);
			memcpy(s->port, colon + 1, pl);
		} else {
			snprintf(s->port, sizeof s->port, "80");
		}
		s->http = 1;
		buf_puts(&s->base, slash ? slash : "");
	} else if (strncmp(url, "file://", 7) == 0) {
		buf_puts(&s->base, url + 7);
	} else if (strstr(url, "://")) {
		return err_usage(e, "%s: only http://, file:// and directories are supported", url);
	} else {
		buf_puts(&s->base, url);
	}
	while (s->base.len > (s->http ? 0u : 1u) && s->base.p[s->base.len - 1] == '/')
		buf_truncate(&s->base, s->base.len - 1);
	if (!s->http && s->base.len == 0)
		return err_usage(e, "%s: no directory", url);
	return 0;
}

static int fetch_dir(struct source *s, const char *path, struct buf *out, struct err *e)
{
	struct buf p = BUF_INIT;
	buf_printf(&p, "%s/%s", s->base.p, path);
	int rc = slurp(p.p, FETCH_MAX, out, e);
	if (rc == LOG_NOT_FOUND)
		err_fail(e, "%s does not exist", p.p);
	buf_free(&p);
	return rc;
}

/* Decodes a chunked body in place (RFC 9112 section 7.1). */
static int dechunk(struct buf *b, struct err *e)
{
	size_t in = 0, out = 0;
	for (;;) {
		char *end;
		unsigned long n = strtoul(b->p + in, &end, 16);
		char *crlf = strstr(b->p + in, "\r\n");
		if (end == b->p + in || crlf == NULL)
			return err_fail(e, "HTTP: malformed chunked body");
		in = (size_t)(crlf - b->p) + 2;
		if (n == 0)
			break;
		if (n > b->len - in || b->len - in - n < 2)
			return err_fail(e, "HTTP: chunk runs past the body");
		memmove(b->p + out, b->p + in, n);
		out += n;
		in += n + 2;
	}
	buf_truncate(b, out);
	return 0;
}

static int fetch_http(struct source *s, const char *path, struct buf *out, struct err *e)
{
	struct addrinfo hints = {0}, *res = NULL;
	struct buf req = BUF_INIT, resp = BUF_INIT;
	struct timeval tv = {HTTP_TIMEOUT_S, 0};
	int fd = -1, rc = -1, status = 0;
	char chunk[1 << 16];

	hints.ai_socktype = SOCK_STREAM;
	int g = getaddrinfo(s->host, s->port, &hints, &res);
	if (g != 0) {
		err_fail(e, "%s: %s", s->host, gai_strerror(g));
		goto cleanup;
	}
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		close(fd);
		fd = -1;
	}
	if (fd < 0) {
		err_fail(e, "cannot connect to %s:%s: %s", s->host, s->port, strerror(errno));
		goto cleanup;
	}
	buf_printf(&req, "GET %s/%s HTTP/1.1\r\nHost: %s:%s\r\nUser-Agent: ansinh-log-watch\r\n"
		   "Accept: */*\r\nConnection: close\r\n\r\n", s->base.p, path, s->host, s->port);
	for (size_t sent = 0; sent < req.len;) {
		ssize_t n = send(fd, req.p + sent, req.len - sent, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err_fail(e, "%s:%s: cannot send: %s", s->host, s->port, strerror(errno));
			goto cleanup;
		}
		sent += (size_t)n;
	}
	for (;;) {
		ssize_t n = recv(fd, chunk, sizeof chunk, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_fail(e, "%s:%s: %s", s->host, s->port,
				 errno == EAGAIN ? "no answer in time" : strerror(errno));
			goto cleanup;
		}
		if (n == 0)
			break;
		if (resp.len + (size_t)n > FETCH_MAX) {
			err_fail(e, "%s/%s: the answer is larger than %d bytes", s->base.p, path, FETCH_MAX);
			goto cleanup;
		}
		buf_put(&resp, chunk, (size_t)n);
	}
	char *head_end = resp.p ? strstr(resp.p, "\r\n\r\n") : NULL;
	if (resp.len < 12 || strncmp(resp.p, "HTTP/1.", 7) != 0 || head_end == NULL ||
	    sscanf(resp.p + 9, "%3d", &status) != 1) {
		err_fail(e, "%s:%s: not an HTTP answer", s->host, s->port);
		goto cleanup;
	}
	if (status == 404) {
		err_fail(e, "http://%s:%s%s/%s: 404 not found", s->host, s->port, s->base.p, path);
		rc = LOG_NOT_FOUND;
		goto cleanup;
	}
	if (status != 200) {
		err_fail(e, "http://%s:%s%s/%s: HTTP status %d", s->host, s->port, s->base.p, path,
			 status);
		goto cleanup;
	}
	*head_end = '\0';
	int chunked = 0;
	long long length = -1;
	for (char *h = strstr(resp.p, "\r\n"); h && h < head_end; h = strstr(h + 2, "\r\n")) {
		if (strncasecmp(h + 2, "transfer-encoding:", 18) == 0 && strstr(h + 20, "chunked"))
			chunked = 1;
		if (strncasecmp(h + 2, "content-length:", 15) == 0)
			length = strtoll(h + 17, NULL, 10);
	}
	size_t body = (size_t)(head_end - resp.p) + 4;
	struct buf b = BUF_INIT;
	buf_put(&b, resp.p + body, resp.len - body);
	if (chunked && dechunk(&b, e) < 0) {
		buf_free(&b);
		goto cleanup;
	}
	if (!chunked && length >= 0) {
		if ((size_t)length > b.len) {
			err_fail(e, "%s/%s: the answer was cut short", s->base.p, path);
			buf_free(&b);
			goto cleanup;
		}
		buf_truncate(&b, (size_t)length);
	}
	buf_put(out, b.p ? b.p : "", b.len);
	buf_free(&b);
	rc = 0;
cleanup:
	if (fd >= 0)
		close(fd);
	if (res)
		freeaddrinfo(res);
	buf_free(&req);
	buf_free(&resp);
	return rc;
}

static int fetch(void *ctx, const char *path, struct buf *out, struct err *e)
{
	struct source *s = ctx;
	return s->http ? fetch_http(s, path, out, e) : fetch_dir(s, path, out, e);
}

/* Replaces the state file atomically: a crash leaves the old one. */
static int save_state(const char *path, const struct buf *note, struct err *e)
{
	struct buf tmp = BUF_INIT;
	FILE *f;
	int rc = -1;
	buf_printf(&tmp, "%s.tmp", path);
	if ((f = fopen(tmp.p, "wb")) == NULL) {
		err_fail(e, "cannot write %s: %s", tmp.p, strerror(errno));
		goto cleanup;
	}
	size_t n = fwrite(note->p, 1, note->len, f);
	if (fclose(f) != 0 || n != note->len || rename(tmp.p, path) < 0) {
		err_fail(e, "cannot write %s: %s", path, strerror(errno));
		goto cleanup;
	}
	rc = 0;
cleanup:
	buf_free(&tmp);
	return rc;
}

static int log_watch_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *key = NULL, *key_file = NULL, *state = NULL;
	struct args a;
	const struct arg_spec specs[] = {
		{"key", ARG_STR, &key}, {"key-file", ARG_STR, &key_file}, {"state", ARG_STR, &state},
		{NULL, 0, NULL},
	};
	struct note_verifier *v = NULL;
	struct source src = {0};
	struct buf old = BUF_INIT, fresh = BUF_INIT;
	struct log_watch_result r;
	int nv = 0, rc = -1, got;

	if (one_arg(&a, argc, argv, specs, "log watch URL: an exported directory, file://DIR or http://HOST:PORT/PATH", e) < 0)
		goto cleanup;
	if (state == NULL)
		state = DEFAULT_STATE;
	if (source_parse(a.pos[0], &src, e) < 0 || load_verifiers(key, key_file, &v, &nv, e) < 0)
		goto cleanup;
	if ((got = slurp(state, NOTE_MAX_SIZE, &old, e)) < 0 && got != LOG_NOT_FOUND)
		goto cleanup;
	int first = got == LOG_NOT_FOUND;
	if (log_watch(fetch, &src, v, nv, first ? NULL : old.p, old.len, &fresh, &r, e) < 0) {
		err_prefix(e, "FAILED: %s: ", a.pos[0]);
		goto cleanup;
	}
	if (save_state(state, &fresh, e) < 0)
		goto cleanup;
	if (first)
		fprintf(ctx->out, "first checkpoint seen: %lld entries (%lld checked against the "
			"tiles); kept in %s\n", (long long)r.size, (long long)r.entries_checked, state);
	else if (r.size == r.old_size)
		fprintf(ctx->out, "ok: unchanged at %lld entries\n", (long long)r.size);
	else
		fprintf(ctx->out, "ok: grew from %lld to %lld entries, consistently (%lld new entries "
			"checked); kept in %s\n", (long long)r.old_size, (long long)r.size,
			(long long)r.entries_checked, state);
	rc = 0;
cleanup:
	free(v);
	buf_free(&src.base);
	buf_free(&old);
	buf_free(&fresh);
	args_free(&a);
	return rc;
}

int cmd_log(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"key", log_key_cmd}, {"origin", log_origin_cmd},
		{"checkpoint", log_checkpoint_cmd}, {"tile", log_tile_cmd},
		{"export", log_export_cmd}, {"prove", log_prove_cmd},
		{"consistency", log_consistency_cmd}, {"verify-proof", log_verify_proof_cmd},
		{"code", log_code_cmd}, {"lookup", log_lookup_cmd}, {"erase", log_erase_cmd},
		{"watch", log_watch_cmd}, {NULL, NULL},
	};
	return cli_dispatch(ctx, "log", argc, argv, subs, e);
}
