/* ansinh: one binary that runs a public social-fund campaign, from the
 * call for contributions to the last đồng spent. */
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/db.h"

#ifndef ANSINH_VERSION
#define ANSINH_VERSION "0.1.0"
#endif

static void usage(FILE *f)
{
	fprintf(f, "usage: ansinh [--db PATH] <command> [options]\n\ncommands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "  %-14s %s\n", c->name, c->summary);
	fprintf(f, "\n`ansinh help COMMAND` explains one.  The database is --db PATH, else $ANSINH_DB,"
		   " else ./ansinh.db.\nError messages are in Vietnamese when the first set of"
		   " $LC_ALL, $LC_MESSAGES, $LANG starts with \"vi\".\n");
}

int cmd_help(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	if (argc == 0) {
		usage(ctx->out);
		return 0;
	}
	const struct command *c = command_find(argv[0]);
	if (c == NULL)
		return err_usage(e, "no command '%s'", argv[0]);
	fprintf(ctx->out, "ansinh %s — %s\n\n%s\n", c->name, c->summary, c->usage);
	return 0;
}

struct db *cli_db(struct cli_ctx *ctx, struct err *e)
{
	if (ctx->db == NULL && db_open(&ctx->db, ctx->db_path, DB_OPEN_EXISTING, e) < 0)
		return NULL;
	return ctx->db;
}

int out_format_parse(const char *s, enum out_format *f, struct err *e)
{
	if (s == NULL || !strcmp(s, "text"))
		*f = OUT_TEXT;
	else if (!strcmp(s, "csv"))
		*f = OUT_CSV;
	else if (!strcmp(s, "json"))
		*f = OUT_JSON;
	else
		return err_usage(e, "--format: '%s' is not text, csv or json", s);
	return 0;
}

static const char *default_actor(void)
{
	const char *a = getenv("ANSINH_USER");
	if (a && *a)
		return a;
	a = getenv("USER");
	return a && *a ? a : "cli";
}

int main(int argc, char **argv)
{
	struct cli_ctx ctx = {.out = stdout};
	struct err e = {0};
	int i = 1, rc;

	setlocale(LC_CTYPE, "C.UTF-8");
	/* Messages in Vietnamese under a vi locale (docs/vietnamese.md). */
	err_lang_set(err_lang_from_env());
	/* SQLite allocates and frees a statement journal around every write;
	 * without this glibc returns that memory to the kernel each time (brk
	 * up, brk down), which cost half the time of a bulk import. */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
	ctx.db_path = getenv("ANSINH_DB");
	if (ctx.db_path == NULL || !*ctx.db_path)
		ctx.db_path = "ansinh.db";
	ctx.actor = default_actor();

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			ctx.db_path = argv[++i];
		} else if (!strncmp(argv[i], "--db=", 5)) {
			ctx.db_path = argv[i] + 5;
		} else if (!strcmp(argv[i], "--version") || !strcmp(argv[i], "-V")) {
			printf("ansinh %s\n", ANSINH_VERSION);
			return 0;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "ansinh: unknown option '%s' (see `ansinh help`)\n", argv[i]);
			return 2;
		}
	}
	if (i == argc) {
		usage(stderr);
		return 2;
	}
	const struct command *c = command_find(argv[i]);
	if (c == NULL) {
		fprintf(stderr, "ansinh: unknown command '%s' (see `ansinh help`)\n", argv[i]);
		return 2;
	}
	rc = c->fn(&ctx, argc - i - 1, argv + i + 1, &e);
	if (fflush(stdout) != 0 && rc == 0)
		rc = err_fail(&e, "cannot write the output");
	db_close(ctx.db);
	if (rc < 0) {
		fprintf(stderr, "ansinh %s: %s\n", c->name,
			e.msg[0] ? e.msg : "failed (no details)");
		return e.kind == ERR_USAGE ? 2 : 1;
	}
	return 0;
}
