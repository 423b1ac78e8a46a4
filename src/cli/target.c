#include "cli/args.h"
#include "cli/commands.h"
#include "cli/out.h"
#include "core/core.h"
#include "store/store.h"

static int target_set_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *campaign = NULL, *unit = NULL, *amount = NULL;
	struct args a;
	const struct arg_spec specs[] = {
		{"campaign", ARG_STR, &campaign}, {"unit", ARG_STR, &unit},
		{"amount", ARG_STR, &amount}, {NULL, 0, NULL},
	};
	struct actor who = {ctx->actor};
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0)
		goto cleanup;
	if (unit == NULL || amount == NULL) {
		err_usage(e, "--unit and --amount are required");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL || target_set(db, &who, campaign, unit, amount, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "target of %s set\n", unit);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static const struct out_col target_cols[] = {
	{"unit", "Mã đơn vị", COL_TEXT}, {"name", "Tên đơn vị", COL_TEXT},
	{"amount", "Chỉ tiêu (đ)", COL_MONEY},
};

static int target_row_out(void *ctx, const struct target_row *t)
{
	char amount[24];
	const char *vals[] = {t->unit_code, t->unit_name, fmt_i64(amount, t->amount)};
	out_row(ctx, vals);
	return 0;
}

static int target_list_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *campaign = NULL;
	struct out_dest d = {0};
	struct args a;
	const struct arg_spec specs[] = {
		{"campaign", ARG_STR, &campaign}, OUT_DEST_SPECS(d), {NULL, 0, NULL},
	};
	struct campaign_row c;
	struct out o;
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || out_dest_check(&d, e) < 0 ||
	    (db = cli_db(ctx, e)) == NULL || campaign_resolve(db, campaign, NULL, &c, e) < 0 ||
	    out_open(&o, &d, ctx->out, "Chỉ tiêu vận động", c.name, target_cols, 3, e) < 0)
		goto cleanup;
	rc = store_target_each(db, c.id, target_row_out, &o, e);
	rc = out_close(&o, rc, e);
cleanup:
	args_free(&a);
	return rc;
}

static int target_import_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *campaign = NULL;
	struct args a;
	const struct arg_spec specs[] = {{"campaign", ARG_STR, &campaign}, {NULL, 0, NULL}};
	struct actor who = {ctx->actor};
	struct db *db;
	int64_t n;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0)
		goto cleanup;
	if (a.npos != 1) {
		err_usage(e, "target import: which file? (ansinh target import FILE.csv)");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL || target_import(db, &who, campaign, a.pos[0], &n, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "%lld targets imported\n", (long long)n);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

int cmd_target(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"set", target_set_cmd}, {"list", target_list_cmd}, {"import", target_import_cmd},
		{NULL, NULL},
	};
	return cli_dispatch(ctx, "target", argc, argv, subs, e);
}
