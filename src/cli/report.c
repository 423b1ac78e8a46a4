#include <string.h>

#include "base/afile.h"
#include "base/json.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/out.h"
#include "core/core.h"
#include "text/date.h"
#include "text/money.h"

static void json_text_field(struct buf *b, const char *key, const char *v, int comma)
{
	json_key_text(b, key, v);
	if (comma)
		buf_putc(b, ',');
}

static void report_json(const struct progress *p, FILE *f)
{
	struct buf b = BUF_INIT;
	char pct[32];
	const struct campaign_row *c = &p->campaign;

	buf_puts(&b, "{\"campaign\":{");
	json_text_field(&b, "code", c->code, 1);
	json_text_field(&b, "name", c->name, 1);
	json_text_field(&b, "start", c->start, 1);
	json_text_field(&b, "end", c->end, 1);
	json_text_field(&b, "ceremony", c->ceremony, 1);
	json_text_field(&b, "deadline", c->deadline, 1);
	json_text_field(&b, "report", c->report, 0);
	buf_printf(&b, "},\"goal\":%lld,\"received\":%lld,\"units\":[", (long long)c->goal,
		   (long long)p->total_received);
	for (int i = 0; i < p->nunits; i++) {
		const struct progress_unit *u = &p->units[i];
		const char *parent = NULL;
		for (int j = i - 1; j >= 0 && u->parent_id; j--)
			if (p->units[j].id == u->parent_id) {
				parent = p->units[j].code;
				break;
			}
		const char *ps = fmt_pct(pct, u->has_target ? progress_percent_x100(u->received, u->target) : -1);
		buf_puts(&b, i ? ",\n{" : "\n{");
		json_text_field(&b, "code", u->code, 1);
		json_text_field(&b, "name", u->name, 1);
		json_text_field(&b, "kind", u->kind, 1);
		json_text_field(&b, "parent", parent, 1);
		buf_printf(&b, "\"depth\":%d,\"target\":%lld,\"received\":%lld,\"own\":%lld,"
			   "\"percent\":%s,\"exceeded\":%s}", u->depth, (long long)u->target,
			   (long long)u->received, (long long)u->own, ps ? ps : "null",
			   u->has_target && u->target > 0 && u->received >= u->target ? "true" : "false");
	}
	buf_puts(&b, "\n]}\n");
	fwrite(b.p, 1, b.len, f);
	buf_free(&b);
}

static const struct out_col progress_cols[] = {
	{"code", "Mã", COL_TEXT}, {"name", "Đơn vị", COL_TEXT}, {"kind", "Loại", COL_TEXT},
	{"depth", "Cấp", COL_INT}, {"target", "Chỉ tiêu (đ)", COL_MONEY},
	{"received", "Đã nhận (đ)", COL_MONEY}, {"percent", "Tỷ lệ (%)", COL_PCT},
	{"exceeded", "Đạt/vượt", COL_BOOL},
};
#define NCOLS (int)(sizeof progress_cols / sizeof progress_cols[0])

/* The units' table, and in xlsx a totals row: the campaign's goal and all
 * it received, as values.  Not SUM() formulas: the rows are a hierarchy (a
 * district's row already includes its communes), so a column's sum would
 * count money twice; and these are the same figures as the text heading. */
static int report_table(const struct progress *p, const struct out_dest *dest, FILE *to,
			struct err *e)
{
	struct out o;
	struct buf name = BUF_INIT;
	char depth[24], target[24], received[24], pct[32];
	enum out_format f = dest->fmt;

	if (out_open(&o, dest, to, "Báo cáo tiến độ vận động", p->campaign.name, progress_cols, NCOLS,
		     e) < 0)
		return -1;
	for (int i = 0; i < p->nunits; i++) {
		const struct progress_unit *u = &p->units[i];
		int exceeded = u->has_target && u->target > 0 && u->received >= u->target;
		buf_reset(&name);
		if (f == OUT_TEXT)
			for (int d = 0; d < u->depth; d++)
				buf_puts(&name, "  ");
		buf_puts(&name, u->name);
		if (f == OUT_TEXT && exceeded)
			buf_puts(&name, " ★");
		const char *vals[NCOLS] = {u->code, name.p, out_code(&o, unit_kinds, u->kind), fmt_i64(depth, u->depth),
			u->has_target ? fmt_i64(target, u->target) : NULL,
			fmt_i64(received, u->received),
			fmt_pct(pct, u->has_target ? progress_percent_x100(u->received, u->target) : -1),
			exceeded ? "1" : "0"};
		out_row(&o, vals);
	}
	const struct campaign_row *c = &p->campaign;
	const char *total[NCOLS] = {NULL, "Tổng cộng", NULL, NULL,
		c->goal > 0 ? fmt_i64(target, c->goal) : NULL, fmt_i64(received, p->total_received),
		fmt_pct(pct, c->goal > 0 ? progress_percent_x100(p->total_received, c->goal) : -1),
		c->goal > 0 && p->total_received >= c->goal ? "1" : "0"};
	out_total(&o, total);
	buf_free(&name);
	return out_close(&o, 0, e);
}

static void report_heading(const struct progress *p, FILE *to)
{
	const struct campaign_row *c = &p->campaign;
	struct buf b = BUF_INIT;
	char today[11], pct[32];

	core_today(today);
	buf_printf(&b, "%s\n", c->name);
	buf_puts(&b, "Thời gian vận động: ");
	date_format_vn(&b, c->start);
	buf_puts(&b, " - ");
	date_format_vn(&b, c->end);
	if (c->ceremony[0]) {
		buf_puts(&b, "; lễ phát động: ");
		date_format_vn(&b, c->ceremony);
	}
	if (c->deadline[0]) {
		buf_puts(&b, "; hạn thu dứt điểm: ");
		date_format_vn(&b, c->deadline);
	}
	buf_puts(&b, "\nTổng đã nhận: ");
	money_format(&b, p->total_received);
	if (c->goal > 0) {
		buf_puts(&b, " / mục tiêu ");
		money_format(&b, c->goal);
		fmt_pct(pct, progress_percent_x100(p->total_received, c->goal));
		*strchr(pct, '.') = ',';
		buf_printf(&b, " (%s%%)", pct);
	}
	const char *end = c->deadline[0] ? c->deadline : c->end;
	long left = date_days(end) - date_days(today);
	if (left >= 0)
		buf_printf(&b, "\nCòn %ld ngày đến %s ", left, c->deadline[0] ? "hạn thu" : "hết đợt");
	else
		buf_puts(&b, "\nĐã kết thúc ");
	buf_puts(&b, "(báo cáo ngày ");
	date_format_vn(&b, today);
	buf_puts(&b, ")\n\n");
	fwrite(b.p, 1, b.len, to);
	buf_free(&b);
}

static int report_progress_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *campaign = NULL;
	struct out_dest d = {0};
	struct args a;
	const struct arg_spec specs[] = {
		{"campaign", ARG_STR, &campaign}, OUT_DEST_SPECS(d), {NULL, 0, NULL},
	};
	struct progress p = {0};
	struct afile file = {0};
	FILE *to = ctx->out;
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || out_dest_check(&d, e) < 0 ||
	    (db = cli_db(ctx, e)) == NULL || report_progress(db, campaign, &p, e) < 0)
		goto cleanup;
	if (d.fmt != OUT_XLSX && d.path) {
		/* the heading and the table go to one file */
		if (afile_open(&file, d.path, e) < 0)
			goto cleanup;
		to = file.f;
		d.path = NULL;
	}
	if (d.fmt == OUT_JSON) {
		report_json(&p, to);
	} else {
		if (d.fmt == OUT_TEXT)
			report_heading(&p, to);
		if (report_table(&p, &d, to, e) < 0)
			goto cleanup;
		if (d.fmt == OUT_TEXT)
			fputs("\n★ đạt và vượt chỉ tiêu\n", to);
	}
	rc = file.f ? afile_commit(&file, e) : 0;
cleanup:
	afile_abort(&file);
	progress_free(&p);
	args_free(&a);
	return rc;
}

int cmd_report(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {{"progress", report_progress_cmd}, {NULL, NULL}};
	return cli_dispatch(ctx, "report", argc, argv, subs, e);
}
