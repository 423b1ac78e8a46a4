/* ansinh import payroll, ansinh payroll list|show. */
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/out.h"
#include "core/money_in.h"
#include "text/fold.h"

int cmd_import_payroll(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct payroll_input in = {0};
	struct args a;
	const struct arg_spec specs[] = {
		{"agency", ARG_STR, &in.agency}, {"period", ARG_STR, &in.period},
		{"transfer", ARG_STR, &in.transfer}, {"amount", ARG_STR, &in.amount},
		{"campaign", ARG_STR, &in.campaign_code}, {"date", ARG_STR, &in.date},
		{"force", ARG_FLAG, &in.force}, {NULL, 0, NULL},
	};
	struct actor who = {ctx->actor};
	struct payroll_result res;
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0)
		goto cleanup;
	if (a.npos != 1) {
		err_usage(e, "import payroll: which file? (ansinh import payroll FILE.csv --agency ...)");
		goto cleanup;
	}
	in.path = a.pos[0];
	if ((db = cli_db(ctx, e)) == NULL || payroll_import(db, &who, &in, &res, e) < 0)
		goto cleanup;
	if (res.attached)
		fprintf(ctx->out, "%s: payroll list %lld, %lld members, %lld đồng, attached to "
			"contribution %lld (the transfer)\n", in.path, (long long)res.payroll_id,
			(long long)res.members, (long long)res.total, (long long)res.contribution_id);
	else
		fprintf(ctx->out, "%s: payroll list %lld, %lld members, %lld đồng: contribution %lld, "
			"receipt %s\n", in.path, (long long)res.payroll_id, (long long)res.members,
			(long long)res.total, (long long)res.contribution_id, res.receipt);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static const struct out_col list_cols[] = {
	{"id", "Số", COL_INT}, {"campaign", "Đợt", COL_TEXT}, {"date", "Ngày", COL_DATE},
	{"agency", "Cơ quan", COL_TEXT}, {"unit", "Đơn vị", COL_TEXT},
	{"period", "Kỳ", COL_TEXT}, {"transfer", "Chuyển khoản", COL_TEXT},
	{"receipt", "Biên nhận", COL_TEXT}, {"members", "Số người", COL_INT},
	{"total", "Tổng (đ)", COL_MONEY}, {"reversed", "Đã hủy", COL_BOOL},
};

static int list_row(void *ctx, const struct payroll_view *p)
{
	char id[24], members[24], total[24];
	const char *vals[] = {fmt_i64(id, p->id), p->campaign_code, p->date, p->agency, p->unit_code,
			      p->period, p->transfer_ref, p->receipt_no, fmt_i64(members, p->members),
			      fmt_i64(total, p->total), p->reversed ? "1" : "0"};
	out_row(ctx, vals);
	return 0;
}

static const struct out_col line_cols[] = {
	{"list", "DS", COL_INT}, {"line", "Dòng", COL_INT}, {"name", "Họ và tên", COL_TEXT},
	{"position", "Chức vụ", COL_TEXT}, {"staff_no", "Mã số", COL_TEXT},
	{"department", "Phòng ban", COL_TEXT}, {"amount", "Số tiền (đ)", COL_MONEY},
	{"agency", "Cơ quan", COL_TEXT}, {"period", "Kỳ", COL_TEXT},
};

struct line_out {
	struct out *o;
	const char *query; /* folded search, NULL: every line */
};

static int line_row(void *ctx, const struct payroll_line_row *l, const struct payroll_view *p)
{
	struct line_out *lo = ctx;
	char list[24], line[24], amount[24];
	if (lo->query && !text_words_match(l->name_fold, lo->query))
		return 0;
	const char *vals[] = {fmt_i64(list, l->payroll_id), fmt_i64(line, l->line_no), l->name,
			      l->position, l->staff_no, l->department, fmt_i64(amount, l->amount),
			      p->agency, p->period};
	out_row(lo->o, vals);
	return 0;
}

static int payroll_list_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *format = NULL, *search = NULL, *fold = NULL;
	struct args a;
	const struct arg_spec specs[] = {
		{"format", ARG_STR, &format}, {"search", ARG_STR, &search}, {NULL, 0, NULL},
	};
	enum out_format f;
	struct out o;
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || out_format_parse(format, &f, e) < 0 ||
	    (db = cli_db(ctx, e)) == NULL)
		goto cleanup;
	if (search) {
		fold = text_fold_dup(search);
		if (!fold[0]) {
			err_usage(e, "--search: nothing to search for in '%s'", search);
			goto cleanup;
		}
		/* the store narrows by the first word; every word must start a word */
		char *first = strndup(fold, strcspn(fold, " "));
		struct line_out lo = {&o, fold};
		out_begin(&o, f, ctx->out, line_cols, 9);
		rc = store_payroll_lines(db, 0, first, line_row, &lo, e);
		out_end(&o);
		free(first);
		goto cleanup;
	}
	out_begin(&o, f, ctx->out, list_cols, 11);
	rc = store_payroll_each(db, 0, list_row, &o, e) < 0 ? -1 : 0;
	out_end(&o);
cleanup:
	free(fold);
	args_free(&a);
	return rc;
}

/* The list's heading, in text only. */
static int show_heading(void *ctx, const struct payroll_view *p)
{
	struct cli_ctx *c = ctx;
	if (c)
		fprintf(c->out, "payroll list %lld: %s (%s), %s, contribution %lld, receipt %s, "
			"%lld members, %lld đồng%s\n", (long long)p->id, p->agency, p->unit_code,
			p->period, (long long)p->contribution_id, p->receipt_no,
			(long long)p->members, (long long)p->total, p->reversed ? " (reversed)" : "");
	return 0;
}

static int payroll_show_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *format = NULL;
	struct args a;
	const struct arg_spec specs[] = {{"format", ARG_STR, &format}, {NULL, 0, NULL}};
	enum out_format f;
	struct out o;
	struct line_out lo = {&o, NULL};
	struct db *db;
	int64_t id;
	int rc = -1, found;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0 || out_format_parse(format, &f, e) < 0 ||
	    args_id("payroll", a.npos == 1 ? a.pos[0] : NULL, &id, e) < 0 ||
	    (db = cli_db(ctx, e)) == NULL)
		goto cleanup;
	if ((found = store_payroll_each(db, id, show_heading, f == OUT_TEXT ? ctx : NULL, e)) <= 0) {
		if (found == 0)
			err_fail(e, "no payroll list %lld", (long long)id);
		goto cleanup;
	}
	out_begin(&o, f, ctx->out, line_cols, 9);
	rc = store_payroll_lines(db, id, NULL, line_row, &lo, e);
	out_end(&o);
cleanup:
	args_free(&a);
	return rc;
}

int cmd_payroll(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"list", payroll_list_cmd}, {"show", payroll_show_cmd}, {NULL, NULL},
	};
	return cli_dispatch(ctx, "payroll", argc, argv, subs, e);
}
