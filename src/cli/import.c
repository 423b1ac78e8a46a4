#include <string.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/core.h"

static int import_contributions_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *campaign = NULL;
	int force = 0;
	struct args a;
	const struct arg_spec specs[] = {
		{"campaign", ARG_STR, &campaign}, {"force", ARG_FLAG, &force}, {NULL, 0, NULL},
	};
	struct actor who = {ctx->actor};
	struct import_result res;
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0)
		goto cleanup;
	if (a.npos != 1) {
		err_usage(e, "import contributions: which file? (ansinh import contributions FILE.csv)");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL ||
	    import_contributions(db, &who, a.pos[0], campaign, force, isatty(2), &res, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "%s: %lld rows, %lld stored, %lld skipped (bank_ref already in the ledger), "
		"%lld new donors\n", a.pos[0], (long long)res.rows, (long long)res.stored,
		(long long)res.skipped, (long long)res.donors_created);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

int cmd_import(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"contributions", import_contributions_cmd},
		{"payroll", cmd_import_payroll},
		{"bank", cmd_import_bank},
		{NULL, NULL},
	};
	return cli_dispatch(ctx, "import", argc, argv, subs, e);
}
