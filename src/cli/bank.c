/* ansinh import bank and ansinh reconcile: bank statements in, and the
 * queue of credit lines whose donor a clerk confirms (core/bank.h). */
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/out.h"
#include "core/bank.h"
#include "store/bank.h"
#include "text/money.h"

int cmd_import_bank(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct bank_import_opts o = {0};
	char *profile = NULL, *account = NULL, *campaign = NULL;
	struct args a;
	const struct arg_spec specs[] = {
		{"profile", ARG_STR, &profile}, {"account", ARG_STR, &account},
		{"campaign", ARG_STR, &campaign}, {NULL, 0, NULL},
	};
	struct actor who = {ctx->actor};
	struct bank_import_result res;
	struct buf money = BUF_INIT;
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0)
		goto cleanup;
	if (a.npos != 1) {
		err_usage(e, "import bank: which file? (ansinh import bank FILE.csv)");
		goto cleanup;
	}
	o.path = a.pos[0];
	o.profile = profile;
	o.account = account;
	o.campaign = campaign;
	if ((db = cli_db(ctx, e)) == NULL || bank_import(db, &who, &o, &res, e) < 0)
		goto cleanup;
	money_format(&money, res.credited);
	fprintf(ctx->out,
		"%s: account %s, profile %s: %lld lines (%lld already imported), %lld new: "
		"%lld credits (%s), %lld debits\n"
		"  matched automatically %lld, waiting for a clerk %lld (suggested %lld, unmatched "
		"%lld), bank reference already in the ledger %lld\n",
		o.path, res.account, res.profile, (long long)res.lines, (long long)res.known,
		(long long)res.stored_new, (long long)res.credits, money.p, (long long)res.debits,
		(long long)res.auto_matched, (long long)(res.queued + res.unmatched),
		(long long)res.queued, (long long)res.unmatched, (long long)res.existing);
	if (res.unregistered)
		fprintf(stderr, "ansinh import: warning: %s: account %s is not a collection account "
			"of any campaign (ansinh account list): is this the fund's statement?\n",
			o.path, res.account);
	rc = 0;
cleanup:
	buf_free(&money);
	args_free(&a);
	return rc;
}

static const struct out_col line_cols[] = {
	{"line", "Dòng", COL_INT}, {"date", "Ngày", COL_DATE}, {"txn", "Số GD", COL_TEXT},
	{"credit", "Ghi có (đ)", COL_MONEY}, {"debit", "Ghi nợ (đ)", COL_MONEY},
	{"status", "Trạng thái", COL_TEXT}, {"score", "Điểm", COL_INT},
	{"suggest_donor", "Gợi ý", COL_INT}, {"suggest_name", "Tên gợi ý", COL_TEXT},
	{"suggest_pledge", "Cam kết", COL_INT}, {"donor", "Ghi cho", COL_INT},
	{"contribution", "Đóng góp", COL_INT}, {"reason", "Lý do", COL_TEXT},
	{"description", "Nội dung", COL_TEXT},
};
#define NLINE_COLS (int)(sizeof line_cols / sizeof line_cols[0])

static const char *id_or_null(char tmp[24], int64_t v)
{
	return v ? fmt_i64(tmp, v) : NULL;
}

static int line_out(void *ctx, const struct bank_line_row *l)
{
	char id[24], credit[24], debit[24], score[24], sd[24], sp[24], donor[24], contrib[24];
	const char *vals[NLINE_COLS] = {
		fmt_i64(id, l->id), l->date, l->txn_no, id_or_null(credit, l->credit),
		id_or_null(debit, l->debit), l->status, fmt_i64(score, l->score),
		id_or_null(sd, l->suggest_donor), l->suggest_name[0] ? l->suggest_name : NULL,
		id_or_null(sp, l->suggest_pledge), id_or_null(donor, l->donor_id),
		id_or_null(contrib, l->contribution_id), l->reason[0] ? l->reason : NULL,
		l->description,
	};
	out_row(ctx, vals);
	return 0;
}

static int parse_count(const char *opt, const char *s, int64_t dflt, int64_t *out, struct err *e)
{
	char *end;
	*out = dflt;
	if (s == NULL)
		return 0;
	long long v = strtoll(s, &end, 10);
	if (!s[0] || *end || v < 0)
		return err_usage(e, "--%s: '%s' is not a whole number", opt, s);
	*out = v;
	return 0;
}

static int reconcile_list_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *status = NULL, *statement = NULL, *limit = NULL, *format = NULL;
	struct args a;
	const struct arg_spec specs[] = {
		{"status", ARG_STR, &status}, {"statement", ARG_STR, &statement},
		{"limit", ARG_STR, &limit}, {"format", ARG_STR, &format}, {NULL, 0, NULL},
	};
	static const char *const statuses[] = {"waiting", "all", "debit", "existing", "auto",
		"pending", "unmatched", "rejected", "confirmed", NULL};
	struct bank_line_filter f = {0};
	enum out_format fmt;
	struct out o;
	struct db *db;
	int rc = -1, ok = 0;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || out_format_parse(format, &fmt, e) < 0 ||
	    parse_count("statement", statement, 0, &f.statement_id, e) < 0 ||
	    parse_count("limit", limit, 0, &f.limit, e) < 0)
		goto cleanup;
	for (const char *const *s = statuses; *s && status; s++)
		ok |= !strcmp(*s, status);
	if (status && !ok) {
		err_usage(e, "--status: '%s' is not one of waiting, all, debit, existing, auto, "
			  "pending, unmatched, rejected, confirmed", status);
		goto cleanup;
	}
	f.status = status && strcmp(status, "waiting") ? status : NULL;
	if ((db = cli_db(ctx, e)) == NULL)
		goto cleanup;
	out_begin(&o, fmt, ctx->out, line_cols, NLINE_COLS);
	rc = store_bank_lines_each(db, &f, line_out, &o, NULL, e);
	out_end(&o);
cleanup:
	args_free(&a);
	return rc;
}

/* Line ids: positionals, each a number or a comma-separated list. */
static int line_ids(const struct args *a, int64_t **ids, int *n, struct err *e)
{
	*ids = NULL;
	*n = 0;
	for (int i = 0; i < a->npos; i++) {
		char *save = NULL, *copy = xstrdup(a->pos[i]);
		for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			char *end;
			long long v = strtoll(t, &end, 10);
			if (*end || v <= 0) {
				free(copy);
				return err_usage(e, "'%s' is not a statement line number", t);
			}
			*ids = xrealloc(*ids, (size_t)(*n + 1) * sizeof **ids);
			(*ids)[(*n)++] = v;
		}
		free(copy);
	}
	return *n ? 0 : err_usage(e, "which lines? (line numbers from `ansinh reconcile list`)");
}

static int reconcile_decide_cmd(struct cli_ctx *ctx, int argc, char **argv, int confirm,
				struct err *e)
{
	char *donor = NULL;
	struct args a;
	const struct arg_spec specs[] = {{"donor", ARG_STR, &donor}, {NULL, 0, NULL}};
	const struct arg_spec no_specs[] = {{NULL, 0, NULL}};
	struct actor who = {ctx->actor};
	int64_t *ids = NULL, *donors = NULL, donor_id = 0;
	int n, rc = -1;
	struct db *db;

	if (args_parse(&a, argc, argv, confirm ? specs : no_specs, ARGS_MAX_POS, e) < 0 ||
	    line_ids(&a, &ids, &n, e) < 0)
		goto cleanup;
	if (donor && (parse_count("donor", donor, 0, &donor_id, e) < 0 || donor_id == 0)) {
		err_usage(e, "--donor: '%s' is not a donor id", donor);
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL)
		goto cleanup;
	donors = xcalloc((size_t)n, sizeof *donors);
	for (int i = 0; i < n; i++)
		donors[i] = donor_id;
	if (confirm ? reconcile_confirm(db, &who, ids, donors, n, e)
		    : reconcile_reject(db, &who, ids, n, e))
		goto cleanup;
	fprintf(ctx->out, "%d line%s %s\n", n, n == 1 ? "" : "s", confirm ? "confirmed" : "rejected");
	rc = 0;
cleanup:
	free(ids);
	free(donors);
	args_free(&a);
	return rc;
}

static int reconcile_confirm_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	return reconcile_decide_cmd(ctx, argc, argv, 1, e);
}

static int reconcile_reject_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	return reconcile_decide_cmd(ctx, argc, argv, 0, e);
}

static int reconcile_auto_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct args a;
	const struct arg_spec specs[] = {{NULL, 0, NULL}};
	struct actor who = {ctx->actor};
	int64_t moved, waiting;
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || (db = cli_db(ctx, e)) == NULL ||
	    reconcile_auto(db, &who, &moved, &waiting, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "%lld lines matched automatically, %lld still waiting\n",
		(long long)moved, (long long)waiting);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static int reconcile_threshold_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct args a;
	const struct arg_spec specs[] = {{NULL, 0, NULL}};
	struct actor who = {ctx->actor};
	struct db *db;
	int rc = -1, t;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0 || (db = cli_db(ctx, e)) == NULL)
		goto cleanup;
	if (a.npos == 1 && reconcile_set_threshold(db, &who, a.pos[0], e) < 0)
		goto cleanup;
	if (reconcile_threshold(db, &t, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "reconcile.auto_threshold = %d%s\n", t,
		t > 100 ? " (automatic matching off)" : "");
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

int cmd_reconcile(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"list", reconcile_list_cmd}, {"confirm", reconcile_confirm_cmd},
		{"reject", reconcile_reject_cmd}, {"auto", reconcile_auto_cmd},
		{"threshold", reconcile_threshold_cmd}, {NULL, NULL},
	};
	return cli_dispatch(ctx, "reconcile", argc, argv, subs, e);
}
