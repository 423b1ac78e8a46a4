#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/out.h"
#include "core/core.h"
#include "store/store.h"

static int campaign_add_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct campaign_input in = {0};
	struct args a;
	const struct arg_spec specs[] = {
		{"code", ARG_STR, &in.code}, {"name", ARG_STR, &in.name},
		{"start", ARG_STR, &in.start}, {"end", ARG_STR, &in.end},
		{"ceremony", ARG_STR, &in.ceremony}, {"deadline", ARG_STR, &in.deadline},
		{"report", ARG_STR, &in.report}, {"goal", ARG_STR, &in.goal}, {NULL, 0, NULL},
	};
	struct actor who = {ctx->actor};
	struct db *db;
	int64_t id;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || (db = cli_db(ctx, e)) == NULL)
		goto cleanup;
	if (campaign_add(db, &who, &in, &id, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "campaign %s added\n", in.code);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static const struct out_col campaign_cols[] = {
	{"code", "Mã", COL_TEXT}, {"name", "Tên cuộc vận động", COL_TEXT},
	{"start", "Bắt đầu", COL_DATE}, {"end", "Kết thúc", COL_DATE},
	{"ceremony", "Lễ phát động", COL_DATE}, {"deadline", "Hạn thu", COL_DATE},
	{"report", "Báo cáo", COL_DATE}, {"goal", "Mục tiêu (đ)", COL_MONEY},
};

static int campaign_row_out(void *ctx, const struct campaign_row *c)
{
	char goal[24];
	const char *vals[] = {c->code, c->name, c->start, c->end, c->ceremony[0] ? c->ceremony : NULL,
		c->deadline[0] ? c->deadline : NULL, c->report[0] ? c->report : NULL,
		fmt_i64(goal, c->goal)};
	out_row(ctx, vals);
	return 0;
}

static int campaign_each(struct db *db, struct out *o, struct err *e)
{
	return store_campaign_each(db, campaign_row_out, o, e);
}

static int campaign_list_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	return out_list_cmd(ctx, argc, argv, "Danh sách cuộc vận động", campaign_cols,
			    (int)(sizeof campaign_cols / sizeof campaign_cols[0]), campaign_each, e);
}

static int campaign_show_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct out_dest d = {0};
	struct args a;
	const struct arg_spec specs[] = {OUT_DEST_SPECS(d), {NULL, 0, NULL}};
	struct campaign_row c;
	struct out o;
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0 || out_dest_check(&d, e) < 0)
		goto cleanup;
	if (a.npos != 1) {
		err_usage(e, "campaign show: which campaign? (ansinh campaign show CODE)");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL || campaign_resolve(db, a.pos[0], NULL, &c, e) < 0)
		goto cleanup;
	if (d.fmt == OUT_TEXT && d.path == NULL) {
		fprintf(ctx->out, "%s — %s\n", c.code, c.name);
		fprintf(ctx->out, "  Thời gian:     %s .. %s\n", c.start, c.end);
		if (c.ceremony[0])
			fprintf(ctx->out, "  Lễ phát động:  %s\n", c.ceremony);
		if (c.deadline[0])
			fprintf(ctx->out, "  Hạn thu dứt điểm: %s\n", c.deadline);
		if (c.report[0])
			fprintf(ctx->out, "  Báo cáo:       %s\n", c.report);
		fprintf(ctx->out, "  Mục tiêu:      %lld đ\n", (long long)c.goal);
	} else {
		if (out_open(&o, &d, ctx->out, "Cuộc vận động", c.name, campaign_cols, 8, e) < 0)
			goto cleanup;
		campaign_row_out(&o, &c);
		if (out_close(&o, 0, e) < 0)
			goto cleanup;
	}
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

int cmd_campaign(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"add", campaign_add_cmd}, {"list", campaign_list_cmd}, {"show", campaign_show_cmd},
		{NULL, NULL},
	};
	return cli_dispatch(ctx, "campaign", argc, argv, subs, e);
}
