#include <stdlib.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/core.h"
#include "store/db.h"

static int parse_count(const char *opt, const char *s, int64_t *out, struct err *e)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end || v < 0 || v > 100000000)
		return err_usage(e, "%s: '%s' is not a count", opt, s);
	*out = v;
	return 0;
}

int cmd_demo(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *donors = NULL, *contributions = NULL;
	int money_only = 0;
	struct args a;
	const struct arg_spec specs[] = {
		{"donors", ARG_STR, &donors}, {"contributions", ARG_STR, &contributions},
		{"money-only", ARG_FLAG, &money_only}, {NULL, 0, NULL},
	};
	struct actor who = {ctx->actor};
	int64_t nd = 2000, nc = 20000;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 ||
	    (donors && parse_count("--donors", donors, &nd, e) < 0) ||
	    (contributions && parse_count("--contributions", contributions, &nc, e) < 0))
		goto cleanup;
	if (access(ctx->db_path, F_OK) != 0 &&
	    db_open(&ctx->db, ctx->db_path, DB_OPEN_CREATE, e) < 0)
		goto cleanup;
	if (cli_db(ctx, e) == NULL || demo_build(ctx->db, &who, nd, nc, money_only, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "demo campaign TV2019 created in %s\n", ctx->db_path);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}
