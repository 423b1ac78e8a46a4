/* ansinh fund handover|disburse|list|show|reverse|report|outcome: money out
 * (R11, R12, R14) and what became of the households it supported (R15). */
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/out.h"
#include "core/fund.h"
#include "text/date.h"

static int fund_handover_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct fund_handover_input in = {0};
	struct args a;
	const struct arg_spec specs[] = {
		{"amount", ARG_STR, &in.amount}, {"document", ARG_STR, &in.document},
		{"organisation", ARG_STR, &in.organisation}, {"source", ARG_STR, &in.source},
		{"campaign", ARG_STR, &in.campaign_code}, {"date", ARG_STR, &in.date},
		{"note", ARG_STR, &in.note}, {NULL, 0, NULL},
	};
	struct actor who = {ctx->actor};
	struct db *db;
	int64_t id;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0)
		goto cleanup;
	if (!in.amount || !in.document || !in.organisation) {
		err_usage(e, "--amount, --document and --organisation are required");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL || fund_handover(db, &who, &in, &id, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "handover %lld recorded (journal entry %lld)\n", (long long)id,
		(long long)id);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static int fund_disburse_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct fund_disburse_input in = {0};
	struct args a;
	const struct arg_spec specs[] = {
		{"amount", ARG_STR, &in.amount}, {"purpose", ARG_STR, &in.purpose},
		{"to", ARG_STR, &in.beneficiary_kind}, {"beneficiary", ARG_STR, &in.beneficiary},
		{"unit", ARG_STR, &in.unit_code}, {"document", ARG_STR, &in.document},
		{"public", ARG_FLAG, &in.publish_name}, {"campaign", ARG_STR, &in.campaign_code},
		{"date", ARG_STR, &in.date}, {"note", ARG_STR, &in.note}, {NULL, 0, NULL},
	};
	struct actor who = {ctx->actor};
	struct db *db;
	int64_t id;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0)
		goto cleanup;
	if (!in.amount || !in.purpose || !in.beneficiary_kind || !in.beneficiary || !in.unit_code ||
	    !in.document) {
		err_usage(e, "--amount, --purpose, --to, --beneficiary, --unit and --document are "
			  "required");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL || fund_disburse(db, &who, &in, &id, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "disbursement %lld recorded (journal entry %lld)\n", (long long)id,
		(long long)id);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static const struct out_col fund_cols[] = {
	{"id", "Số bút toán", COL_INT}, {"date", "Ngày", COL_DATE}, {"kind", "Loại", COL_TEXT},
	{"amount", "Số tiền (đ)", COL_MONEY}, {"purpose", "Mục đích", COL_TEXT},
	{"beneficiary_kind", "Người nhận là", COL_TEXT}, {"beneficiary", "Người nhận", COL_TEXT},
	{"unit", "Nơi nhận", COL_TEXT}, {"district", "Huyện", COL_TEXT},
	{"document", "Quyết định, biên bản số", COL_TEXT}, {"source", "Chi từ", COL_TEXT},
	{"public", "Đồng ý công khai tên", COL_BOOL}, {"reversed_by", "Hủy bởi bút toán", COL_INT},
	{"outcome", "Kết quả rà soát", COL_TEXT}, {"reviewed", "Ngày rà soát", COL_DATE},
	{"note", "Ghi chú", COL_TEXT},
};
#define FUND_NCOLS ((int)(sizeof fund_cols / sizeof fund_cols[0]))

struct list_ctx {
	struct out *o;
};

static int fund_row_out(void *ctx, const struct fund_row *r)
{
	struct list_ctx *l = ctx;
	struct out *o = l->o;
	char id[24], amount[24], rev[24];
	int handover = !strcmp(r->kind, "handover");
	const char *vals[] = {
		fmt_i64(id, r->id), r->date, out_code(o, fund_kinds, r->kind), fmt_i64(amount, r->amount),
		r->purpose ? out_code(o, fund_purposes, r->purpose) : NULL,
		r->beneficiary_kind ? out_code(o, fund_beneficiaries, r->beneficiary_kind) : NULL,
		handover ? r->organisation : r->beneficiary, r->unit_id ? r->unit_name : NULL,
		r->unit_id ? r->district_name : NULL, r->document,
		r->source ? out_code(o, fund_sources, r->source) : NULL, r->publish_name ? "1" : "0",
		r->reversed_by ? fmt_i64(rev, r->reversed_by) : NULL,
		r->outcome ? out_code(o, fund_outcomes, r->outcome) : NULL, r->outcome_date, r->note,
	};
	out_row(o, vals);
	return 0;
}

static int date_opt(const char *opt, const char *in, char out[DATE_MAX], struct err *e)
{
	out[0] = '\0';
	if (in && date_parse(in, out, e) < 0) {
		err_prefix(e, "%s: ", opt);
		return -1;
	}
	return 0;
}

static int fund_list_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *campaign = NULL, *unit = NULL, *since = NULL, *until = NULL;
	char from[DATE_MAX], to[DATE_MAX];
	struct fund_filter f = {.oldest_first = 1};
	struct out_dest d = {0};
	struct args a;
	const struct arg_spec specs[] = {
		{"campaign", ARG_STR, &campaign}, {"kind", ARG_STR, (char **)&f.kind},
		{"purpose", ARG_STR, (char **)&f.purpose}, {"unit", ARG_STR, &unit},
		{"since", ARG_STR, &since}, {"until", ARG_STR, &until}, OUT_DEST_SPECS(d),
		{NULL, 0, NULL},
	};
	struct campaign_row c = {0};
	struct unit_row u = {0};
	struct list_ctx l = {0};
	struct out o;
	struct db *db;
	int rc = -1, found;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || out_dest_check(&d, e) < 0 ||
	    date_opt("--since", since, from, e) < 0 || date_opt("--until", until, to, e) < 0)
		goto cleanup;
	if (f.kind && !code_label(fund_kinds, f.kind)[0]) {
		err_usage(e, "--kind: one of handover, disbursement");
		goto cleanup;
	}
	if (f.purpose && !fund_purpose_is_valid(f.purpose)) {
		err_usage(e, "--purpose: one of policy_family, house, production_capital, "
			  "heart_surgery, bridge_road, other");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL ||
	    (campaign && campaign_resolve(db, campaign, NULL, &c, e) < 0))
		goto cleanup;
	if (unit && (found = store_unit_by_code(db, unit, &u, e)) <= 0) {
		if (found == 0)
			err_fail(e, "unit: no unit with code '%s'", unit);
		goto cleanup;
	}
	f.campaign_id = c.id;
	f.unit_id = u.id;
	f.from = from;
	f.to = to;
	if (out_open(&o, &d, ctx->out, "Sử dụng quỹ An sinh xã hội", campaign ? c.name : NULL,
		     fund_cols, FUND_NCOLS, e) < 0) {
		out_close(&o, -1, e);
		goto cleanup;
	}
	l.o = &o;
	rc = store_fund_each(db, &f, fund_row_out, &l, e) < 0 ? -1 : 0;
	rc = out_close(&o, rc, e);
cleanup:
	args_free(&a);
	return rc;
}

static int outcome_line(void *ctx, const struct fund_outcome_row *r)
{
	FILE *f = ctx;
	struct buf d = BUF_INIT;
	date_format_vn(&d, r->date);
	fprintf(f, "rà soát %s: %s%s%s (%s, bản ghi %lld)\n", buf_cstr(&d),
		code_label(fund_outcomes, r->status), r->note ? " — " : "", r->note ? r->note : "",
		r->actor, (long long)r->id);
	buf_free(&d);
	return 0;
}

static int fund_show_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *format = NULL;
	struct args a;
	const struct arg_spec specs[] = {{"format", ARG_STR, &format}, {NULL, 0, NULL}};
	struct fund_filter f = {0};
	struct list_ctx l = {0};
	enum out_format fmt;
	struct out o;
	struct db *db;
	int rc = -1, found;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0 || out_format_parse(format, &fmt, e) < 0 ||
	    args_id("ID", a.npos == 1 ? a.pos[0] : NULL, &f.id, e) < 0 ||
	    (db = cli_db(ctx, e)) == NULL)
		goto cleanup;
	out_begin(&o, fmt, ctx->out, fund_cols, FUND_NCOLS);
	l.o = &o;
	found = store_fund_each(db, &f, fund_row_out, &l, e);
	out_end(&o);
	if (found <= 0) {
		if (found == 0)
			err_fail(e, "no fund handover or disbursement %lld", (long long)f.id);
		goto cleanup;
	}
	/* in text, every outcome record after the row (csv and json: the
	 * latest, in the row's columns) */
	if (fmt == OUT_TEXT && store_outcome_each(db, f.id, outcome_line, ctx->out, e) < 0)
		goto cleanup;
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static int fund_reverse_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *reason = NULL;
	struct args a;
	const struct arg_spec specs[] = {{"reason", ARG_STR, &reason}, {NULL, 0, NULL}};
	struct actor who = {ctx->actor};
	struct db *db;
	int64_t id, rev;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0 ||
	    args_id("ID", a.npos == 1 ? a.pos[0] : NULL, &id, e) < 0)
		goto cleanup;
	if ((db = cli_db(ctx, e)) == NULL || fund_reverse(db, &who, id, reason, &rev, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "fund %lld reversed by journal entry %lld\n", (long long)id,
		(long long)rev);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static int fund_outcome_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct fund_outcome_input in = {0};
	struct args a;
	const struct arg_spec specs[] = {
		{"status", ARG_STR, (char **)&in.status}, {"date", ARG_STR, (char **)&in.date},
		{"note", ARG_STR, (char **)&in.note}, {NULL, 0, NULL},
	};
	struct actor who = {ctx->actor};
	struct db *db;
	int64_t id;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0 ||
	    args_id("DISBURSEMENT", a.npos == 1 ? a.pos[0] : NULL, &in.disbursement_id, e) < 0)
		goto cleanup;
	if (!in.status || !in.date) {
		err_usage(e, "--status and --date are required");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL || fund_outcome(db, &who, &in, &id, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "outcome %lld recorded for disbursement %lld: %s\n", (long long)id,
		(long long)in.disbursement_id, code_label(fund_outcomes, in.status));
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static const struct out_col report_cols[] = {
	{"section", "Mục", COL_TEXT}, {"code", "Mã", COL_TEXT}, {"label", "Nội dung", COL_TEXT},
	{"count", "Số khoản", COL_INT}, {"amount", "Số tiền (đ)", COL_MONEY},
};

struct report_ctx {
	struct out *o;
	const char *section;
	const struct code_label *labels; /* NULL: the name as given */
};

static void report_line(struct out *o, const char *section, const char *code, const char *label,
			int64_t count, int64_t amount)
{
	char n[24], m[24];
	const char *vals[] = {section, code, label, count >= 0 ? fmt_i64(n, count) : NULL,
			      amount >= 0 ? fmt_i64(m, amount) : NULL};
	out_row(o, vals);
}

static int report_sum(void *ctx, const struct fund_sum *s)
{
	struct report_ctx *r = ctx;
	report_line(r->o, r->section, s->key, r->labels ? code_label(r->labels, s->key) : s->name,
		    s->count, s->amount);
	return 0;
}

static int fund_report_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *campaign = NULL;
	struct out_dest d = {0};
	struct args a;
	const struct arg_spec specs[] = {
		{"campaign", ARG_STR, &campaign}, OUT_DEST_SPECS(d), {NULL, 0, NULL},
	};
	struct campaign_row c;
	struct fund_totals t;
	struct out o;
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || out_dest_check(&d, e) < 0 ||
	    (db = cli_db(ctx, e)) == NULL || campaign_resolve(db, campaign, NULL, &c, e) < 0 ||
	    store_fund_totals(db, c.id, &t, e) < 0)
		goto cleanup;
	if (out_open(&o, &d, ctx->out, "Báo cáo tiếp nhận, quản lý và sử dụng quỹ", c.name,
		     report_cols, 5, e) < 0) {
		out_close(&o, -1, e);
		goto cleanup;
	}
	report_line(&o, "total", "received", "Tiền đã tiếp nhận", -1, t.received);
	report_line(&o, "total", "handed", "Đã bàn giao cho đơn vị quản lý quỹ", -1, t.handed);
	report_line(&o, "total", "spent", "Đã chi hỗ trợ", -1, t.spent);
	report_line(&o, "total", "at_committee", "Còn tại Ban vận động (chưa bàn giao)", -1,
		    t.received - t.handed);
	report_line(&o, "total", "at_fund_manager", "Còn tại đơn vị quản lý quỹ (chưa chi)", -1,
		    t.handed - t.spent);
	struct report_ctx r = {&o, "purpose", fund_purposes};
	rc = store_fund_by_purpose(db, c.id, report_sum, &r, e);
	r.section = "district";
	r.labels = NULL;
	if (rc == 0)
		rc = store_fund_by_district(db, c.id, report_sum, &r, e);
	/* what became of the households supported (R15) */
	struct fund_outcome_count k;
	if (rc == 0 && (rc = fund_outcome_counts(db, c.id, &k, NULL, NULL, e)) == 0) {
		report_line(&o, "outcome", "households", "Hộ gia đình được hỗ trợ", k.households,
			    k.amount);
		report_line(&o, "outcome", "reviewed", "Đã có kết quả rà soát", k.reviewed, -1);
		report_line(&o, "outcome", "out_of_poverty", "Đã thoát nghèo", k.out, -1);
		report_line(&o, "outcome", "near_poor", "trong đó còn cận nghèo", k.near_poor, -1);
		report_line(&o, "outcome", "still_poor", "Chưa thoát nghèo", k.still_poor, -1);
	}
	rc = out_close(&o, rc, e);
cleanup:
	args_free(&a);
	return rc;
}

int cmd_fund(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"handover", fund_handover_cmd}, {"disburse", fund_disburse_cmd},
		{"list", fund_list_cmd},         {"show", fund_show_cmd},
		{"reverse", fund_reverse_cmd},   {"report", fund_report_cmd},
		{"outcome", fund_outcome_cmd},   {NULL, NULL},
	};
	return cli_dispatch(ctx, "fund", argc, argv, subs, e);
}
