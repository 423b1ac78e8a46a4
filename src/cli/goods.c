/* ansinh goods add|list|stock|handover|distribute|show. */
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/out.h"
#include "core/money_in.h"

static int goods_add_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct goods_input in = {0};
	char *donor = NULL;
	struct args a;
	const struct arg_spec specs[] = {
		{"donor", ARG_STR, &donor}, {"description", ARG_STR, &in.description},
		{"quantity", ARG_STR, &in.quantity}, {"measure", ARG_STR, &in.measure},
		{"value", ARG_STR, &in.value}, {"valued-by", ARG_STR, &in.valued_by},
		{"campaign", ARG_STR, &in.campaign_code}, {"date", ARG_STR, &in.date},
		{"unit", ARG_STR, &in.unit_code}, {"note", ARG_STR, &in.note},
		{"anonymous", ARG_FLAG, &in.anonymous}, {NULL, 0, NULL},
	};
	struct actor who = {ctx->actor};
	struct buf receipt = BUF_INIT;
	struct db *db;
	int64_t id;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 ||
	    args_id("--donor", donor, &in.donor_id, e) < 0)
		goto cleanup;
	if (!in.description || !in.quantity || !in.measure || !in.value || !in.valued_by) {
		err_usage(e, "--description, --quantity, --measure, --value and --valued-by are required");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL || goods_receive(db, &who, &in, &id, &receipt, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "goods item %lld received: receipt %s\n", (long long)id, receipt.p);
	rc = 0;
cleanup:
	buf_free(&receipt);
	args_free(&a);
	return rc;
}

static const struct out_col item_cols[] = {
	{"id", "Số", COL_INT}, {"date", "Ngày", COL_DATE}, {"receipt", "Biên nhận", COL_TEXT},
	{"donor", "Nhà hảo tâm", COL_TEXT}, {"description", "Hiện vật", COL_TEXT},
	{"quantity", "Số lượng", COL_INT}, {"measure", "ĐVT", COL_TEXT},
	{"value", "Giá trị (đ)", COL_MONEY}, {"valued_by", "Định giá theo", COL_TEXT},
	{"reversed", "Đã hủy", COL_BOOL},
};

static const struct out_col stock_cols[] = {
	{"id", "Số", COL_INT}, {"description", "Hiện vật", COL_TEXT}, {"measure", "ĐVT", COL_TEXT},
	{"received", "Đã nhận", COL_INT}, {"handed_over", "Đã bàn giao", COL_INT},
	{"distributed", "Đã phân phối", COL_INT}, {"at_committee", "Tồn BCĐ", COL_INT},
	{"at_fund_manager", "Tồn ĐV quản lý", COL_INT}, {"value", "Giá trị (đ)", COL_MONEY},
	{"value_at_committee", "GT tồn BCĐ (đ)", COL_MONEY},
	{"value_at_fund_manager", "GT tồn ĐV quản lý (đ)", COL_MONEY},
};

static int item_row(void *ctx, const struct goods_view *g)
{
	char id[24], qty[24], value[24];
	const char *vals[] = {fmt_i64(id, g->id), g->date, g->receipt_no, g->donor_name,
			      g->description, fmt_i64(qty, g->quantity), g->measure,
			      fmt_i64(value, g->value), out_code(ctx, goods_valuations, g->valued_by), g->reversed ? "1" : "0"};
	out_row(ctx, vals);
	return 0;
}

static int stock_row(void *ctx, const struct goods_view *g)
{
	char n[9][24];
	if (g->reversed)
		return 0;
	const char *vals[] = {fmt_i64(n[0], g->id), g->description, g->measure,
			      fmt_i64(n[1], g->quantity), fmt_i64(n[2], g->handed_qty),
			      fmt_i64(n[3], g->given_qty), fmt_i64(n[4], g->quantity - g->handed_qty),
			      fmt_i64(n[5], g->handed_qty - g->given_qty), fmt_i64(n[6], g->value),
			      fmt_i64(n[7], g->value - g->handed_value),
			      fmt_i64(n[8], g->handed_value - g->given_value)};
	out_row(ctx, vals);
	return 0;
}

static int goods_listing(struct cli_ctx *ctx, int argc, char **argv, const struct out_col *cols,
			 int ncols, goods_fn fn, struct err *e)
{
	char *campaign = NULL, *format = NULL;
	struct args a;
	const struct arg_spec specs[] = {
		{"campaign", ARG_STR, &campaign}, {"format", ARG_STR, &format}, {NULL, 0, NULL},
	};
	struct campaign_row c = {0};
	enum out_format f;
	struct out o;
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || out_format_parse(format, &f, e) < 0 ||
	    (db = cli_db(ctx, e)) == NULL ||
	    (campaign && campaign_resolve(db, campaign, NULL, &c, e) < 0))
		goto cleanup;
	out_begin(&o, f, ctx->out, cols, ncols);
	rc = store_goods_each(db, c.id, 0, fn, &o, e) < 0 ? -1 : 0;
	out_end(&o);
cleanup:
	args_free(&a);
	return rc;
}

static int goods_list_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	return goods_listing(ctx, argc, argv, item_cols, 10, item_row, e);
}

static int goods_stock_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	return goods_listing(ctx, argc, argv, stock_cols, 11, stock_row, e);
}

static int goods_move_cmd(struct cli_ctx *ctx, int argc, char **argv, int distribute,
			  struct err *e)
{
	struct goods_move_input in = {0};
	struct args a;
	const struct arg_spec specs[] = {
		{"quantity", ARG_STR, &in.quantity}, {"date", ARG_STR, &in.date},
		{"document", ARG_STR, &in.document}, {"note", ARG_STR, &in.note},
		{"to", ARG_STR, &in.recipient_kind}, {"recipient", ARG_STR, &in.recipient},
		{NULL, 0, NULL},
	};
	struct actor who = {ctx->actor};
	struct db *db;
	int64_t id;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0 ||
	    args_id("item", a.npos == 1 ? a.pos[0] : NULL, &in.item_id, e) < 0)
		goto cleanup;
	if (!distribute && (in.recipient_kind || in.recipient)) {
		err_usage(e, "a handover goes to the fund manager: --to and --recipient are for "
			  "goods distribute");
		goto cleanup;
	}
	if (in.quantity == NULL || (distribute && (!in.recipient_kind || !in.recipient))) {
		err_usage(e, distribute ? "--quantity, --to and --recipient are required"
					: "--quantity is required");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL ||
	    (distribute ? goods_distribute : goods_handover)(db, &who, &in, &id, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "goods item %lld: %s %s (movement %lld)\n", (long long)in.item_id,
		distribute ? "distributed" : "handed over", in.quantity, (long long)id);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static int goods_handover_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	return goods_move_cmd(ctx, argc, argv, 0, e);
}

static int goods_distribute_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	return goods_move_cmd(ctx, argc, argv, 1, e);
}

static const struct out_col move_cols[] = {
	{"id", "Số", COL_INT}, {"date", "Ngày", COL_DATE}, {"kind", "Loại", COL_TEXT},
	{"quantity", "Số lượng", COL_INT}, {"value", "Giá trị (đ)", COL_MONEY},
	{"recipient_kind", "Người nhận là", COL_TEXT}, {"recipient", "Người nhận", COL_TEXT},
	{"document", "Chứng từ", COL_TEXT}, {"entry", "Bút toán", COL_INT},
};

static int move_row(void *ctx, const struct goods_movement_row *m)
{
	char id[24], qty[24], value[24], entry[24];
	const char *vals[] = {fmt_i64(id, m->id), m->date, out_code(ctx, goods_movements, m->kind),
			      fmt_i64(qty, m->quantity), fmt_i64(value, m->value),
			      out_code(ctx, goods_recipients, m->recipient_kind), m->recipient, m->document,
			      m->entry_id ? fmt_i64(entry, m->entry_id) : NULL};
	out_row(ctx, vals);
	return 0;
}

static int no_row(void *ctx, const struct goods_view *g)
{
	(void)ctx;
	(void)g;
	return 0;
}

static int goods_show_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *format = NULL;
	struct args a;
	const struct arg_spec specs[] = {{"format", ARG_STR, &format}, {NULL, 0, NULL}};
	enum out_format f;
	struct out o;
	struct db *db;
	int64_t id;
	int rc = -1, found;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0 || out_format_parse(format, &f, e) < 0 ||
	    args_id("item", a.npos == 1 ? a.pos[0] : NULL, &id, e) < 0 ||
	    (db = cli_db(ctx, e)) == NULL)
		goto cleanup;
	if (f == OUT_TEXT) {
		out_begin(&o, f, ctx->out, item_cols, 10);
		found = store_goods_each(db, 0, id, item_row, &o, e);
		out_end(&o);
		fputc('\n', ctx->out);
	} else {
		found = store_goods_each(db, 0, id, no_row, NULL, e);
	}
	if (found <= 0) {
		if (found == 0)
			err_fail(e, "no goods item %lld", (long long)id);
		goto cleanup;
	}
	out_begin(&o, f, ctx->out, move_cols, 9);
	rc = store_goods_movements(db, id, move_row, &o, e);
	out_end(&o);
cleanup:
	args_free(&a);
	return rc;
}

int cmd_goods(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"add", goods_add_cmd}, {"list", goods_list_cmd}, {"stock", goods_stock_cmd},
		{"handover", goods_handover_cmd}, {"distribute", goods_distribute_cmd},
		{"show", goods_show_cmd}, {NULL, NULL},
	};
	return cli_dispatch(ctx, "goods", argc, argv, subs, e);
}
