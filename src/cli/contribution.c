#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/out.h"
#include "core/core.h"
#include "ledger/log.h"
#include "store/store.h"
#include "text/date.h"
#include "text/money.h"

static int contribution_add_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *donor = NULL, *amount = NULL, *channel = NULL, *campaign = NULL, *date = NULL,
	     *unit = NULL, *pledge = NULL, *bank_ref = NULL, *goods = NULL, *qty = NULL, *note = NULL;
	int anonymous = 0;
	struct args a;
	const struct arg_spec specs[] = {
		{"donor", ARG_STR, &donor}, {"amount", ARG_STR, &amount},
		{"channel", ARG_STR, &channel}, {"campaign", ARG_STR, &campaign},
		{"date", ARG_STR, &date}, {"unit", ARG_STR, &unit}, {"pledge", ARG_STR, &pledge},
		{"bank-ref", ARG_STR, &bank_ref}, {"goods", ARG_STR, &goods},
		{"quantity", ARG_STR, &qty}, {"note", ARG_STR, &note},
		{"anonymous", ARG_FLAG, &anonymous}, {NULL, 0, NULL},
	};
	struct contribution_input in = {0};
	struct actor who = {ctx->actor};
	struct campaign_row c;
	struct buf receipt = BUF_INIT, words = BUF_INIT, shown = BUF_INIT, code = BUF_INIT;
	char iso[DATE_MAX];
	struct db *db;
	int64_t id;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0)
		goto cleanup;
	if (donor == NULL || amount == NULL || channel == NULL) {
		err_usage(e, "--donor, --amount and --channel are required");
		goto cleanup;
	}
	if (args_id("--donor", donor, &in.donor_id, e) < 0 ||
	    (pledge && args_id("--pledge", pledge, &in.pledge_id, e) < 0))
		goto cleanup;
	if (money_parse(amount, &in.amount, e) < 0) {
		err_prefix(e, "--amount: ");
		goto cleanup;
	}
	core_today(iso);
	if (date && date_parse(date, iso, e) < 0) {
		err_prefix(e, "--date: ");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL || campaign_resolve(db, campaign, iso, &c, e) < 0)
		goto cleanup;
	if (unit) {
		struct unit_row u;
		int found = store_unit_by_code(db, unit, &u, e);
		if (found <= 0) {
			if (found == 0)
				err_fail(e, "--unit: no unit with code '%s'", unit);
			goto cleanup;
		}
		in.unit_id = u.id;
	}
	in.campaign_id = c.id;
	in.channel = channel;
	in.date = iso;
	in.bank_ref = bank_ref;
	in.goods = goods;
	in.goods_qty = qty;
	in.note = note;
	in.anonymous = anonymous;
	if (contribution_add(db, &who, &in, &id, &receipt, e) < 0)
		goto cleanup;
	money_format(&shown, in.amount);
	if (money_words(&words, in.amount, MONEY_NORTH, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "contribution %lld recorded: receipt %s, %s (%s)\n", (long long)id,
		receipt.p, shown.p, words.p);
	/* what the donor types on the portal to see the entry in the public log */
	if (log_receipt_code(db, receipt.p, &code, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "verification code: %s\n", code.p);
	rc = 0;
cleanup:
	buf_free(&receipt);
	buf_free(&code);
	buf_free(&shown);
	buf_free(&words);
	args_free(&a);
	return rc;
}

#define SEARCH_DEFAULT 100

static const struct out_col contribution_cols[] = {
	{"id", "Số", COL_INT}, {"date", "Ngày", COL_DATE}, {"receipt", "Biên nhận", COL_TEXT},
	{"campaign", "Cuộc vận động", COL_TEXT}, {"donor_id", "Mã NHT", COL_INT},
	{"donor", "Nhà hảo tâm", COL_TEXT}, {"unit", "Đơn vị", COL_TEXT},
	{"channel", "Hình thức", COL_TEXT}, {"amount", "Số tiền (đ)", COL_MONEY},
	{"goods", "Hiện vật", COL_TEXT}, {"bank_ref", "Mã giao dịch", COL_TEXT},
	{"anonymous", "Ẩn danh", COL_BOOL}, {"reversed", "Đã hủy", COL_BOOL},
	{"note", "Ghi chú", COL_TEXT},
};
#define NCOLS (int)(sizeof contribution_cols / sizeof contribution_cols[0])

static int contribution_row_out(void *ctx, const struct contribution_view *c)
{
	char id[24], donor[24], amount[24];
	const char *vals[NCOLS] = {fmt_i64(id, c->id), c->date, c->receipt_no, c->campaign_code,
		fmt_i64(donor, c->donor_id), c->donor_name, c->unit_code,
		out_code(ctx, contribution_channels, c->channel),
		fmt_i64(amount, c->amount), c->goods[0] ? c->goods : NULL,
		c->bank_ref[0] ? c->bank_ref : NULL, c->anonymous ? "1" : "0",
		c->reversal_entry ? "1" : "0", c->note[0] ? c->note : NULL};
	out_row(ctx, vals);
	return 0;
}

#define LIST_TITLE "Danh sách đóng góp"

static int contribution_list_to(struct db *db, const struct contribution_filter *flt,
				const struct out_dest *d, FILE *to, const char *campaign,
				struct err *e)
{
	struct out o;
	if (out_open(&o, d, to, LIST_TITLE, campaign, contribution_cols, NCOLS, e) < 0)
		return -1;
	int rc = store_contribution_each(db, flt, contribution_row_out, &o, e);
	return out_close(&o, rc, e);
}

int contribution_list_out(struct db *db, const struct contribution_filter *flt,
			  enum out_format f, FILE *to, struct err *e)
{
	struct out_dest d = {.fmt = f};
	return contribution_list_to(db, flt, &d, to, NULL, e);
}

/* --search: contribution_search (receipt numbers, donors' names, notes). */
static int contribution_search_out(struct db *db, const char *text,
				   const struct contribution_filter *flt, const struct out_dest *d,
				   FILE *to, const char *campaign, struct err *e)
{
	struct out o;
	/* a refused search prints nothing */
	if (donor_search_check(text, e) < 0)
		return -1;
	if (flt->limit > CONTRIBUTION_SEARCH_MAX)
		return err_usage(e, "--limit: at most %d with --search", CONTRIBUTION_SEARCH_MAX);
	if (out_open(&o, d, to, LIST_TITLE, campaign, contribution_cols, NCOLS, e) < 0)
		return -1;
	int rc = contribution_search(db, text, flt->campaign_id,
				     flt->limit ? flt->limit : SEARCH_DEFAULT, contribution_row_out, &o,
				     e);
	return out_close(&o, rc < 0 ? -1 : 0, e);
}

static int contribution_list_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *campaign = NULL, *donor = NULL, *limit = NULL, *search = NULL;
	struct out_dest d = {0};
	struct args a;
	const struct arg_spec specs[] = {
		{"campaign", ARG_STR, &campaign}, {"donor", ARG_STR, &donor},
		{"limit", ARG_STR, &limit}, OUT_DEST_SPECS(d),
		{"search", ARG_STR, &search}, {NULL, 0, NULL},
	};
	struct contribution_filter flt = {0};
	struct campaign_row c = {0};
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || out_dest_check(&d, e) < 0)
		goto cleanup;
	if ((donor && args_id("--donor", donor, &flt.donor_id, e) < 0) ||
	    (limit && args_id("--limit", limit, &flt.limit, e) < 0))
		goto cleanup;
	if (search && donor) {
		err_usage(e, "--search and --donor do not go together");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL)
		goto cleanup;
	if (campaign) {
		if (campaign_resolve(db, campaign, NULL, &c, e) < 0)
			goto cleanup;
		flt.campaign_id = c.id;
	}
	const char *cname = campaign ? c.name : NULL;
	if (search)
		rc = contribution_search_out(db, search, &flt, &d, ctx->out, cname, e);
	else
		rc = contribution_list_to(db, &flt, &d, ctx->out, cname, e);
cleanup:
	args_free(&a);
	return rc;
}

static int contribution_reverse_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *reason = NULL;
	struct args a;
	const struct arg_spec specs[] = {{"reason", ARG_STR, &reason}, {NULL, 0, NULL}};
	struct actor who = {ctx->actor};
	struct db *db;
	int64_t id = 0, rev = 0;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0)
		goto cleanup;
	if (a.npos != 1) {
		err_usage(e, "contribution reverse: which contribution? (ansinh contribution reverse ID "
			  "--reason TEXT)");
		goto cleanup;
	}
	if (args_id("contribution", a.pos[0], &id, e) < 0 || (db = cli_db(ctx, e)) == NULL ||
	    contribution_reverse(db, &who, id, reason, &rev, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "contribution %lld reversed by journal entry %lld\n", (long long)id,
		(long long)rev);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

int cmd_contribution(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"add", contribution_add_cmd}, {"list", contribution_list_cmd},
		{"reverse", contribution_reverse_cmd}, {NULL, NULL},
	};
	return cli_dispatch(ctx, "contribution", argc, argv, subs, e);
}
