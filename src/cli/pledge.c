#include "cli/args.h"
#include "cli/commands.h"
#include "cli/out.h"
#include "core/core.h"
#include "store/store.h"

static int pledge_add_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct pledge_input in = {0};
	struct args a;
	const struct arg_spec specs[] = {
		{"campaign", ARG_STR, &in.campaign_code}, {"donor", ARG_STR, &in.donor_id},
		{"amount", ARG_STR, &in.amount}, {"goods", ARG_STR, &in.goods},
		{"at", ARG_STR, &in.made_at}, {"date", ARG_STR, &in.date}, {"due", ARG_STR, &in.due},
		{"canvasser", ARG_STR, &in.canvasser}, {"note", ARG_STR, &in.note}, {NULL, 0, NULL},
	};
	struct actor who = {ctx->actor};
	struct db *db;
	int64_t id;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || (db = cli_db(ctx, e)) == NULL ||
	    pledge_add(db, &who, &in, &id, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "pledge %lld recorded\n", (long long)id);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static const struct out_col pledge_cols[] = {
	{"id", "Số", COL_INT}, {"campaign", "Cuộc vận động", COL_TEXT},
	{"donor_id", "Mã NHT", COL_INT}, {"donor", "Nhà hảo tâm", COL_TEXT},
	{"made_at", "Đăng ký tại", COL_TEXT}, {"date", "Ngày", COL_DATE}, {"due", "Hạn", COL_DATE},
	{"amount", "Đăng ký (đ)", COL_MONEY}, {"paid", "Đã nộp (đ)", COL_MONEY},
	{"outstanding", "Còn lại (đ)", COL_MONEY}, {"goods", "Hiện vật", COL_TEXT},
	{"canvasser", "Người vận động", COL_TEXT},
};
#define NCOLS (int)(sizeof pledge_cols / sizeof pledge_cols[0])

static int pledge_row_out(void *ctx, const struct pledge_view *p)
{
	char id[24], donor[24], amount[24], paid[24], left[24];
	int64_t outstanding = p->amount > p->paid ? p->amount - p->paid : 0;
	const char *vals[NCOLS] = {fmt_i64(id, p->id), p->campaign_code, fmt_i64(donor, p->donor_id),
		p->donor_name, p->made_at, p->pledge_date, p->due_date[0] ? p->due_date : NULL,
		fmt_i64(amount, p->amount), fmt_i64(paid, p->paid), fmt_i64(left, outstanding),
		p->goods[0] ? p->goods : NULL, p->canvasser[0] ? p->canvasser : NULL};
	out_row(ctx, vals);
	return 0;
}

static int pledge_list_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *campaign = NULL;
	struct out_dest d = {0};
	struct args a;
	const struct arg_spec specs[] = {
		{"campaign", ARG_STR, &campaign}, OUT_DEST_SPECS(d), {NULL, 0, NULL},
	};
	struct campaign_row c = {0};
	struct out o;
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || out_dest_check(&d, e) < 0 ||
	    (db = cli_db(ctx, e)) == NULL)
		goto cleanup;
	if (campaign && campaign_resolve(db, campaign, NULL, &c, e) < 0)
		goto cleanup;
	if (out_open(&o, &d, ctx->out, "Danh sách đăng ký ủng hộ", campaign ? c.name : NULL,
		     pledge_cols, NCOLS, e) < 0)
		goto cleanup;
	rc = store_pledge_each(db, c.id, pledge_row_out, &o, e);
	rc = out_close(&o, rc, e);
cleanup:
	args_free(&a);
	return rc;
}

int cmd_pledge(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"add", pledge_add_cmd}, {"list", pledge_list_cmd}, {NULL, NULL},
	};
	return cli_dispatch(ctx, "pledge", argc, argv, subs, e);
}
