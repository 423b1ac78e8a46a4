#include "cli/args.h"
#include "cli/commands.h"
#include "core/core.h"

int cmd_verify(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct args a;
	const struct arg_spec specs[] = {{NULL, 0, NULL}};
	struct verify_result res;
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || (db = cli_db(ctx, e)) == NULL)
		goto cleanup;
	if (books_verify(db, &res, e) < 0) {
		err_prefix(e, "FAILED: ");
		goto cleanup;
	}
	fprintf(ctx->out, "ok: %lld journal entries balance; contributions agree with the ledger\n",
		(long long)res.entries);
	static const char *const names[ACCOUNT_ID_MAX + 1] = {
		NULL, "cash", "bank", "payroll", "goods", "contributions",
		[ACC_GOODS_HANDED] = "goods_handed", [ACC_GOODS_DISTRIBUTED] = "goods_distributed",
		[ACC_FUND_HANDED] = "fund_handed", [ACC_FUND_SPENT] = "fund_spent"};
	for (int i = 1; i <= ACCOUNT_ID_MAX; i++)
		if (names[i])
			fprintf(ctx->out, "  %-17s %lld\n", names[i], (long long)res.balance[i]);
	fprintf(ctx->out, "ok: the transparency log holds every entry; %lld checkpoint%s, the "
		"latest of size %lld, signed and matching\n", (long long)res.log.checkpoints,
		res.log.checkpoints == 1 ? "" : "s", (long long)res.log.checkpoint_size);
	if (res.log.checkpoint_size < res.log.leaves)
		fprintf(ctx->out, "  %lld entries are not yet in a checkpoint (`ansinh log checkpoint` "
			"signs one)\n", (long long)(res.log.leaves - res.log.checkpoint_size));
	if (res.log.erased)
		fprintf(ctx->out, "  %lld contributions' donors were erased from the log (salt "
			"blanked)\n", (long long)res.log.erased);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}
