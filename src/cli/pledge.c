#include <stdlib.h>

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
		{"canvasser", ARG_STR, &in.canvasser}, {"note", ARG_STR, &in.note},
		{"instalments", ARG_STR, &in.instalments}, {NULL, 0, NULL},
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
	{"id", "Số", COL_INT}, {"ref", "Mã TT", COL_TEXT}, {"campaign", "Cuộc vận động", COL_TEXT},
	{"deadline", "Hạn thu", COL_DATE}, {"donor_id", "Mã NHT", COL_INT},
	{"donor", "Nhà hảo tâm", COL_TEXT}, {"unit", "Đơn vị", COL_TEXT},
	{"made_at", "Đăng ký tại", COL_TEXT}, {"date", "Ngày", COL_DATE}, {"due", "Hạn", COL_DATE},
	{"next_due", "Hạn kế tiếp", COL_DATE}, {"amount", "Đăng ký (đ)", COL_MONEY},
	{"paid", "Đã nộp (đ)", COL_MONEY}, {"outstanding", "Còn lại (đ)", COL_MONEY},
	{"due_amount", "Phải nộp đến hạn (đ)", COL_MONEY}, {"state", "Tình trạng", COL_TEXT},
	{"goods", "Hiện vật", COL_TEXT}, {"canvasser", "Người vận động", COL_TEXT},
};
#define NCOLS (int)(sizeof pledge_cols / sizeof pledge_cols[0])

static int pledge_row_out(void *ctx, const struct pledge_status *st)
{
	const struct pledge_view *p = st->v;
	char id[24], donor[24], amount[24], paid[24], left[24], due[24];
	const char *vals[NCOLS] = {fmt_i64(id, p->id), st->ref, p->campaign_code,
		p->campaign_deadline[0] ? p->campaign_deadline : NULL, fmt_i64(donor, p->donor_id),
		p->donor_name, p->unit_code, p->made_at, p->pledge_date,
		p->due_date[0] ? p->due_date : NULL, st->next_due[0] ? st->next_due : NULL, fmt_i64(amount, p->amount),
		fmt_i64(paid, p->paid), fmt_i64(left, st->outstanding), fmt_i64(due, st->due_amount),
		pledge_state_key(st->state), p->goods[0] ? p->goods : NULL,
		p->canvasser[0] ? p->canvasser : NULL};
	out_row(ctx, vals);
	return 0;
}

/* list and outstanding: the same listing, outstanding keeps what is still
 * to be collected. */
static int pledge_listing(struct cli_ctx *ctx, int argc, char **argv, int outstanding,
			  struct err *e)
{
	char *campaign = NULL, *canvasser = NULL, *unit = NULL, *within = NULL;
	int overdue = 0;
	struct out_dest d = {0};
	struct args a;
	const struct arg_spec specs[] = {
		{"campaign", ARG_STR, &campaign}, OUT_DEST_SPECS(d),
		{"canvasser", ARG_STR, &canvasser}, {"unit", ARG_STR, &unit},
		{"due-within", ARG_STR, &within}, {"overdue", ARG_FLAG, &overdue}, {NULL, 0, NULL},
	};
	struct pledge_query q = {.due_within = -1, .outstanding_only = outstanding};
	struct campaign_row c = {0};
	struct out o;
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || out_dest_check(&d, e) < 0)
		goto cleanup;
	if (within) {
		char *end;
		long days = strtol(within, &end, 10);
		if (!within[0] || *end || days < 0 || days > 3650) {
			err_usage(e, "--due-within: '%s' is not a number of days (0 to 3650)", within);
			goto cleanup;
		}
		q.due_within = (int)days;
	}
	q.campaign_code = campaign;
	q.canvasser = canvasser;
	q.unit_code = unit;
	q.overdue_only = overdue;
	q.by_name = outstanding;
	if ((db = cli_db(ctx, e)) == NULL)
		goto cleanup;
	if (campaign && campaign_resolve(db, campaign, NULL, &c, e) < 0)
		goto cleanup;
	if (out_open(&o, &d, ctx->out,
		     outstanding ? "Cam kết còn phải thu" : "Danh sách đăng ký ủng hộ",
		     campaign ? c.name : NULL, pledge_cols, NCOLS, e) < 0)
		goto cleanup;
	rc = pledge_query(db, &q, pledge_row_out, &o, e);
	rc = out_close(&o, rc, e);
cleanup:
	args_free(&a);
	return rc;
}

static int pledge_list_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	return pledge_listing(ctx, argc, argv, 0, e);
}

static int pledge_outstanding_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	return pledge_listing(ctx, argc, argv, 1, e);
}

int cmd_pledge(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"add", pledge_add_cmd}, {"list", pledge_list_cmd},
		{"outstanding", pledge_outstanding_cmd}, {NULL, NULL},
	};
	return cli_dispatch(ctx, "pledge", argc, argv, subs, e);
}
