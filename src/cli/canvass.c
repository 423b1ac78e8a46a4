/* `ansinh committee` (the steering committee, R2) and `ansinh canvass`
 * (canvassing assignments, R5): one file, as one feature — a canvasser is a
 * committee member (src/core/canvass.h says why). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/out.h"
#include "core/canvass.h"
#include "store/store.h"

/* ---- committee ---- */

static int committee_add_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct committee_input in = {0};
	char *name = NULL, *role = NULL, *title = NULL, *org = NULL, *duties = NULL, *unit = NULL,
	     *phone = NULL, *user = NULL;
	struct args a;
	const struct arg_spec specs[] = {
		{"name", ARG_STR, &name}, {"role", ARG_STR, &role}, {"title", ARG_STR, &title},
		{"organisation", ARG_STR, &org}, {"duties", ARG_STR, &duties}, {"unit", ARG_STR, &unit},
		{"phone", ARG_STR, &phone}, {"user", ARG_STR, &user}, {NULL, 0, NULL},
	};
	struct actor who = {ctx->actor};
	struct db *db;
	int64_t id;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0)
		goto cleanup;
	if (name == NULL || role == NULL) {
		err_usage(e, "usage: ansinh committee add --name NAME --role ROLE [--title T] ...");
		goto cleanup;
	}
	in = (struct committee_input){name, role, title, org, duties, unit, phone, user};
	if ((db = cli_db(ctx, e)) == NULL || committee_add(db, &who, &in, &id, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "committee member %lld added (%s)\n", (long long)id,
		code_label(committee_roles, role));
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static const struct out_col member_cols[] = {
	{"id", "Số", COL_INT}, {"name", "Họ và tên", COL_TEXT}, {"role", "Vai trò", COL_TEXT},
	{"title", "Chức vụ", COL_TEXT}, {"organisation", "Cơ quan", COL_TEXT},
	{"unit", "Phụ trách", COL_TEXT}, {"phone", "Điện thoại", COL_TEXT},
	{"user", "Tài khoản", COL_TEXT}, {"assignments", "Số phân công", COL_INT},
	{"duties", "Nhiệm vụ", COL_TEXT},
};

static int member_out(void *ctx, const struct committee_view *m)
{
	struct out *o = ctx;
	char id[24], n[24];
	const char *vals[] = {fmt_i64(id, m->id), m->name,
		out_code(o, committee_roles, m->role), m->title,
		m->organisation, m->unit_code, m->phone, m->user_name, fmt_i64(n, m->assignments),
		m->duties};
	out_row(o, vals);
	return 0;
}

static int committee_list_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *format = NULL, *role = NULL;
	struct args a;
	const struct arg_spec specs[] = {{"format", ARG_STR, &format}, {"role", ARG_STR, &role},
					 {NULL, 0, NULL}};
	enum out_format f;
	struct out o;
	struct db *db;
	int64_t total;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || out_format_parse(format, &f, e) < 0)
		goto cleanup;
	if (role && !code_label(committee_roles, role)[0]) {
		err_usage(e, "--role: one of head, deputy, member, assistant, collaborator");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL)
		goto cleanup;
	struct committee_query q = {.role = role};
	out_begin(&o, f, ctx->out, member_cols, 10);
	rc = store_committee_each(db, &q, member_out, &o, &total, e);
	out_end(&o);
cleanup:
	args_free(&a);
	return rc;
}

static int member_show(void *ctx, const struct committee_view *m)
{
	FILE *f = ctx;
	fprintf(f, "Họ và tên:   %s\nVai trò:     %s\n", m->name, code_label(committee_roles, m->role));
	if (m->title[0])
		fprintf(f, "Chức vụ:     %s\n", m->title);
	if (m->organisation[0])
		fprintf(f, "Cơ quan:     %s\n", m->organisation);
	fprintf(f, "Phụ trách:   %s\n", m->unit_code[0] ? m->unit_name : "toàn tỉnh");
	if (m->phone[0])
		fprintf(f, "Điện thoại:  %s\n", m->phone);
	if (m->user_name[0])
		fprintf(f, "Tài khoản:   %s\n", m->user_name);
	if (m->duties[0])
		fprintf(f, "Nhiệm vụ:    %s\n", m->duties);
	fprintf(f, "Phân công vận động: %lld\n", (long long)m->assignments);
	return 0;
}

static int committee_show_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct args a;
	const struct arg_spec specs[] = {{NULL, 0, NULL}};
	struct db *db;
	int64_t id;
	int rc = -1, found;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0)
		goto cleanup;
	if (a.npos != 1) {
		err_usage(e, "usage: ansinh committee show ID");
		goto cleanup;
	}
	if (args_id("ID", a.pos[0], &id, e) < 0 || (db = cli_db(ctx, e)) == NULL ||
	    (found = store_committee_get(db, id, 0, member_show, ctx->out, e)) < 0)
		goto cleanup;
	if (!found) {
		err_fail(e, "no committee member %lld", (long long)id);
		goto cleanup;
	}
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

int cmd_committee(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"add", committee_add_cmd}, {"list", committee_list_cmd}, {"show", committee_show_cmd},
		{NULL, NULL},
	};
	return cli_dispatch(ctx, "committee", argc, argv, subs, e);
}

/* ---- canvass ---- */

static int canvass_add_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *donor = NULL, *member = NULL, *campaign = NULL, *status = NULL, *next = NULL,
	     *next_date = NULL, *note = NULL;
	struct args a;
	const struct arg_spec specs[] = {
		{"donor", ARG_STR, &donor}, {"member", ARG_STR, &member},
		{"campaign", ARG_STR, &campaign}, {"status", ARG_STR, &status},
		{"next", ARG_STR, &next}, {"next-date", ARG_STR, &next_date}, {"note", ARG_STR, &note},
		{NULL, 0, NULL},
	};
	struct canvass_input in = {0};
	struct actor who = {ctx->actor};
	struct db *db;
	int64_t id;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0)
		goto cleanup;
	if (donor == NULL || member == NULL) {
		err_usage(e, "usage: ansinh canvass add --donor ID --member ID [--status S] ...");
		goto cleanup;
	}
	in = (struct canvass_input){campaign, 0, 0, status, next, next_date, note};
	if ((donor && args_id("--donor", donor, &in.donor_id, e) < 0) ||
	    (member && args_id("--member", member, &in.member_id, e) < 0) ||
	    (db = cli_db(ctx, e)) == NULL ||
	    canvass_add(db, &who, 0, &in, &id, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "canvassing assignment %lld added\n", (long long)id);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static int canvass_update_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *status = NULL, *next = NULL, *next_date = NULL, *note = NULL;
	struct args a;
	const struct arg_spec specs[] = {
		{"status", ARG_STR, &status}, {"next", ARG_STR, &next},
		{"next-date", ARG_STR, &next_date}, {"note", ARG_STR, &note}, {NULL, 0, NULL},
	};
	struct canvass_input in = {0};
	struct actor who = {ctx->actor};
	struct db *db;
	int64_t id;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0)
		goto cleanup;
	if (a.npos != 1) {
		err_usage(e, "usage: ansinh canvass update ID [--status S] [--next TEXT] "
			  "[--next-date DATE] [--note TEXT]");
		goto cleanup;
	}
	in = (struct canvass_input){NULL, 0, 0, status, next, next_date, note};
	if (args_id("ID", a.pos[0], &id, e) < 0 || (db = cli_db(ctx, e)) == NULL ||
	    canvass_update(db, &who, 0, id, &in, 1, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "canvassing assignment %lld updated\n", (long long)id);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static const struct out_col canvass_cols[] = {
	{"id", "Số", COL_INT}, {"campaign", "Cuộc vận động", COL_TEXT},
	{"donor_id", "Mã NHT", COL_INT}, {"donor", "Nhà hảo tâm", COL_TEXT},
	{"unit", "Đơn vị", COL_TEXT}, {"member_id", "Mã NVĐ", COL_INT},
	{"canvasser", "Người vận động", COL_TEXT}, {"status", "Tình trạng", COL_TEXT},
	{"next", "Bước tiếp theo", COL_TEXT}, {"next_date", "Hạn", COL_DATE},
	{"overdue", "Quá hạn", COL_BOOL}, {"note", "Ghi chú", COL_TEXT},
};

static int canvass_out(void *ctx, const struct canvass_view *c)
{
	struct out *o = ctx;
	char id[24], d[24], m[24];
	const char *vals[] = {fmt_i64(id, c->id), c->campaign_code, fmt_i64(d, c->donor_id),
		c->donor_name, c->unit_code, fmt_i64(m, c->member_id), c->member_name,
		out_code(o, canvass_statuses, c->status),
		c->next_step, c->next_date, c->overdue ? "1" : "0", c->note};
	out_row(o, vals);
	return 0;
}

static int canvass_list_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *format = NULL, *campaign = NULL, *member = NULL, *status = NULL, *unit = NULL;
	struct args a;
	const struct arg_spec specs[] = {
		{"format", ARG_STR, &format}, {"campaign", ARG_STR, &campaign},
		{"member", ARG_STR, &member}, {"status", ARG_STR, &status}, {"unit", ARG_STR, &unit},
		{NULL, 0, NULL},
	};
	struct canvass_query q = {0};
	struct campaign_row c;
	struct unit_row u;
	enum out_format f;
	struct out o;
	struct db *db;
	char today[11];
	int64_t total;
	int rc = -1, found;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || out_format_parse(format, &f, e) < 0 ||
	    (member && args_id("--member", member, &q.member_id, e) < 0))
		goto cleanup;
	if (status && !code_label(canvass_statuses, status)[0]) {
		err_usage(e, "--status: one of new, contacted, meeting, pledged, declined");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL ||
	    (campaign && campaign_resolve(db, campaign, NULL, &c, e) < 0))
		goto cleanup;
	if (unit) {
		if ((found = store_unit_by_code(db, unit, &u, e)) <= 0) {
			if (found == 0)
				err_fail(e, "--unit: no unit with code '%s'", unit);
			goto cleanup;
		}
		q.unit_id = u.id;
	}
	core_today(today);
	q.campaign_id = campaign ? c.id : 0;
	q.status = status;
	q.today = today;
	out_begin(&o, f, ctx->out, canvass_cols, 12);
	rc = store_canvass_each(db, &q, canvass_out, &o, &total, e);
	out_end(&o);
cleanup:
	args_free(&a);
	return rc;
}

static int event_out(void *ctx, const struct canvass_event_view *ev)
{
	const char *vals[] = {ev->at, ev->actor, out_code(ctx, canvass_statuses, ev->status), ev->next_step, ev->next_date, ev->note};
	out_row(ctx, vals);
	return 0;
}

static const struct out_col event_cols[] = {
	{"at", "Lúc", COL_TEXT}, {"actor", "Người ghi", COL_TEXT}, {"status", "Tình trạng", COL_TEXT},
	{"next", "Bước tiếp theo", COL_TEXT}, {"next_date", "Hạn", COL_DATE},
	{"note", "Ghi chú", COL_TEXT},
};

static int canvass_history_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *format = NULL;
	struct args a;
	const struct arg_spec specs[] = {{"format", ARG_STR, &format}, {NULL, 0, NULL}};
	enum out_format f;
	struct out o;
	struct db *db;
	int64_t id;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0 || out_format_parse(format, &f, e) < 0)
		goto cleanup;
	if (a.npos != 1) {
		err_usage(e, "usage: ansinh canvass history ID [--format text|csv|json]");
		goto cleanup;
	}
	if (args_id("ID", a.pos[0], &id, e) < 0 || (db = cli_db(ctx, e)) == NULL)
		goto cleanup;
	out_begin(&o, f, ctx->out, event_cols, 6);
	rc = store_canvass_events(db, id, event_out, &o, e);
	out_end(&o);
cleanup:
	args_free(&a);
	return rc;
}

int cmd_canvass(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"add", canvass_add_cmd}, {"list", canvass_list_cmd}, {"update", canvass_update_cmd},
		{"history", canvass_history_cmd}, {NULL, NULL},
	};
	return cli_dispatch(ctx, "canvass", argc, argv, subs, e);
}
