#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/out.h"
#include "core/core.h"
#include "store/store.h"

static int donor_add_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct donor_input in = {0};
	struct args a;
	const struct arg_spec specs[] = {
		{"name", ARG_STR, &in.name}, {"kind", ARG_STR, &in.kind},
		{"unit", ARG_STR, &in.unit_code}, {"tax-code", ARG_STR, &in.tax_code},
		{"gender", ARG_STR, &in.gender}, {"phone", ARG_STR, &in.phone},
		{"email", ARG_STR, &in.email}, {"address", ARG_STR, &in.address},
		{"outside-province", ARG_FLAG, &in.outside_province},
		{"anonymous", ARG_FLAG, &in.anonymous}, {NULL, 0, NULL},
	};
	struct actor who = {ctx->actor};
	struct db *db;
	int64_t id;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0)
		goto cleanup;
	if (in.name == NULL || in.kind == NULL) {
		err_usage(e, "--name and --kind are required");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL || donor_add(db, &who, &in, &id, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "donor %lld added\n", (long long)id);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static const struct out_col donor_cols[] = {
	{"id", "Số", COL_INT}, {"name", "Tên", COL_TEXT}, {"kind", "Loại", COL_TEXT},
	{"unit", "Đơn vị", COL_TEXT}, {"tax_code", "Mã số thuế", COL_TEXT},
	{"in_province", "Trong tỉnh", COL_BOOL}, {"publish_name", "Công khai tên", COL_BOOL},
	{"contributions", "Số lần", COL_INT}, {"given", "Đã đóng góp (đ)", COL_MONEY},
};

static int donor_row_out(void *ctx, const struct donor_view *d)
{
	char id[24], n[24], given[24];
	const char *vals[] = {fmt_i64(id, d->id), d->name, out_code(ctx, donor_kinds, d->kind), d->unit_code,
		d->tax_code[0] ? d->tax_code : NULL, d->in_province ? "1" : "0",
		d->publish_name ? "1" : "0", fmt_i64(n, d->contributions), fmt_i64(given, d->given)};
	out_row(ctx, vals);
	return 0;
}

static int donor_list_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *search = NULL, *limit = NULL, *offset = NULL;
	struct out_dest d = {0};
	struct args a;
	const struct arg_spec specs[] = {
		{"search", ARG_STR, &search}, OUT_DEST_SPECS(d),
		{"limit", ARG_STR, &limit}, {"offset", ARG_STR, &offset}, {NULL, 0, NULL},
	};
	struct out o;
	struct db *db;
	int64_t max = 0, from = 0, *ids = NULL, n = 0;
	int rc = -1, started = 0;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || out_dest_check(&d, e) < 0)
		goto cleanup;
	if ((limit && args_count("--limit", limit, 1, &max, e) < 0) ||
	    (offset && args_count("--offset", offset, 0, &from, e) < 0))
		goto cleanup;
	if (search && donor_search_check(search, e) < 0)
		goto cleanup;
	if ((db = cli_db(ctx, e)) == NULL ||
	    out_open(&o, &d, ctx->out, "Danh sách nhà hảo tâm", NULL, donor_cols, 9, e) < 0)
		goto cleanup;
	started = 1;
	if (search == NULL) {
		rc = store_donor_each(db, max, from, donor_row_out, &o, e);
		goto cleanup;
	}
	if (donor_search(db, search, max ? max : 50, from, &ids, &n, e) < 0)
		goto cleanup;
	for (int64_t i = 0; i < n; i++)
		if (store_donor_by_id(db, ids[i], donor_row_out, &o, e) < 0)
			goto cleanup;
	rc = 0;
cleanup:
	if (started)
		rc = out_close(&o, rc, e);
	free(ids);
	args_free(&a);
	return rc;
}

static int donor_show_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct out_dest d = {0};
	struct args a;
	const struct arg_spec specs[] = {OUT_DEST_SPECS(d), {NULL, 0, NULL}};
	struct out o;
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0 || out_dest_check(&d, e) < 0)
		goto cleanup;
	char *end = NULL;
	long long id = a.npos == 1 ? strtoll(a.pos[0], &end, 10) : 0;
	if (a.npos != 1 || *end || id <= 0) {
		err_usage(e, "donor show: which donor? (ansinh donor show ID)");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL)
		goto cleanup;
	int64_t unit_id;
	int found = store_donor_unit(db, id, &unit_id, e);
	if (found == 0)
		err_fail(e, "no donor %lld", id);
	if (found <= 0)
		goto cleanup;
	if (out_open(&o, &d, ctx->out, "Nhà hảo tâm", NULL, donor_cols, 9, e) < 0)
		goto cleanup;
	found = store_donor_by_id(db, id, donor_row_out, &o, e);
	if (out_close(&o, found, e) < 0)
		goto cleanup;
	if (d.fmt == OUT_TEXT && d.path == NULL) {
		struct contribution_filter flt = {.donor_id = id};
		fputc('\n', ctx->out);
		if (contribution_list_out(db, &flt, OUT_TEXT, ctx->out, e) < 0)
			goto cleanup;
	}
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

int cmd_donor(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"add", donor_add_cmd}, {"list", donor_list_cmd}, {"show", donor_show_cmd},
		{NULL, NULL},
	};
	return cli_dispatch(ctx, "donor", argc, argv, subs, e);
}
