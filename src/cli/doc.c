/* Documents on the command line: `ansinh receipt`, `ansinh letters`,
 * `ansinh honours` and `ansinh doc` (settings, templates, the record of
 * documents, reproduction). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/out.h"
#include "core/document.h"
#include "doc/render.h"
#include "doc/template.h"
#include "store/document.h"
#include "store/store.h"
#include "text/date.h"
#include "text/money.h"

/* --date/--since/--until into ISO (NULL stays NULL). */
static int opt_date(const char *opt, const char *s, char iso[DATE_ISO_LEN + 1], const char **out,
		    struct err *e)
{
	*out = NULL;
	if (s == NULL)
		return 0;
	if (date_parse(s, iso, e) < 0) {
		err_prefix(e, "--%s: ", opt);
		e->kind = ERR_USAGE;
		return -1;
	}
	*out = iso;
	return 0;
}

static int opt_money(const char *opt, const char *s, int64_t *out, struct err *e)
{
	*out = 0;
	if (s == NULL)
		return 0;
	if (money_parse(s, out, e) < 0) {
		err_prefix(e, "--%s: ", opt);
		e->kind = ERR_USAGE;
		return -1;
	}
	return 0;
}

static void print_result(struct cli_ctx *ctx, const struct doc_result *r, const char *dir)
{
	fprintf(ctx->out, "%lld documents (%lld to %lld) in %s\n", (long long)r->documents,
		(long long)r->first_id, (long long)r->last_id, dir);
	if (r->combined[0])
		fprintf(ctx->out, "for printing: %s\n", r->combined);
}

/* ---- ansinh receipt ---- */

int cmd_receipt(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *out = NULL, *date = NULL, iso[DATE_ISO_LEN + 1];
	const char *d;
	struct args a;
	const struct arg_spec specs[] = {
		{"out", ARG_STR, &out}, {"date", ARG_STR, &date}, {NULL, 0, NULL},
	};
	struct actor who = {ctx->actor};
	struct db *db;
	int64_t id;
	int copy, rc = -1, found;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0 || opt_date("date", date, iso, &d, e) < 0)
		goto cleanup;
	if (a.npos != 1 || out == NULL) {
		err_usage(e, "usage: ansinh receipt N --out FILE (N: receipt number or contribution id)");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL)
		goto cleanup;
	if ((found = doc_receipt(db, &who, a.pos[0], d, 0, out, NULL, &id, &copy, e)) <= 0) {
		if (found == 0)
			err_fail(e, "no receipt or contribution '%s'", a.pos[0]);
		goto cleanup;
	}
	fprintf(ctx->out, "receipt %s written to %s (document %lld%s)\n", a.pos[0], out,
		(long long)id, copy ? ", a copy: BẢN SAO" : ", the original");
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

/* ---- ansinh letters / honours ---- */

struct batch_opts {
	char *campaign, *since, *until, *min, *date, *out, *kind, *unit, *guests;
	int per_donor, certificates;
	char since_iso[DATE_ISO_LEN + 1], until_iso[DATE_ISO_LEN + 1], date_iso[DATE_ISO_LEN + 1];
};

static int batch_request(struct batch_opts *o, struct doc_request *r, struct err *e)
{
	r->campaign_code = o->campaign;
	r->out_dir = o->out;
	r->donor_kind = o->kind;
	r->unit_code = o->unit;
	r->guests = o->guests;
	r->per_donor = o->per_donor;
	r->certificates = o->certificates;
	r->progress = isatty(2);
	if (o->out == NULL)
		return err_usage(e, "--out DIR is required");
	if (o->kind && !kind_is_donor(o->kind))
		return err_usage(e, "--kind: not a kind of donor: '%s'", o->kind);
	return opt_date("since", o->since, o->since_iso, &r->since, e) < 0 ||
			       opt_date("until", o->until, o->until_iso, &r->until, e) < 0 ||
			       opt_date("date", o->date, o->date_iso, &r->date, e) < 0 ||
			       opt_money("min", o->min, &r->min, e) < 0
		       ? -1
		       : 0;
}

int cmd_letters(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct batch_opts o = {0};
	struct args a;
	const struct arg_spec specs[] = {
		{"campaign", ARG_STR, &o.campaign}, {"since", ARG_STR, &o.since},
		{"until", ARG_STR, &o.until},       {"min", ARG_STR, &o.min},
		{"date", ARG_STR, &o.date},         {"out", ARG_STR, &o.out},
		{"kind", ARG_STR, &o.kind},         {"unit", ARG_STR, &o.unit},
		{"guests", ARG_STR, &o.guests},     {"per-donor", ARG_FLAG, &o.per_donor},
		{NULL, 0, NULL},
	};
	struct doc_request r = {0};
	struct doc_result res;
	struct actor who = {ctx->actor};
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0 || batch_request(&o, &r, e) < 0)
		goto cleanup;
	if (a.npos != 1 || (strcmp(a.pos[0], "thanks") && strcmp(a.pos[0], "invite") &&
			    strcmp(a.pos[0], "open"))) {
		err_usage(e, "letters: thanks, invite or open (see `ansinh help letters`)");
		goto cleanup;
	}
	r.kind = a.pos[0];
	if (o.guests && strcmp(r.kind, "invite") != 0) {
		err_usage(e, "--guests: only for invitations (letters invite)");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL || doc_letters(db, &who, &r, &res, e) < 0)
		goto cleanup;
	print_result(ctx, &res, o.out);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

int cmd_honours(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct batch_opts o = {0};
	struct args a;
	const struct arg_spec specs[] = {
		{"campaign", ARG_STR, &o.campaign}, {"since", ARG_STR, &o.since},
		{"until", ARG_STR, &o.until},       {"min", ARG_STR, &o.min},
		{"date", ARG_STR, &o.date},         {"out", ARG_STR, &o.out},
		{"certificates", ARG_FLAG, &o.certificates}, {NULL, 0, NULL},
	};
	struct doc_request r = {0};
	struct doc_result res;
	struct actor who = {ctx->actor};
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || batch_request(&o, &r, e) < 0)
		goto cleanup;
	if ((db = cli_db(ctx, e)) == NULL || doc_honours(db, &who, &r, &res, e) < 0)
		goto cleanup;
	print_result(ctx, &res, o.out);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

/* ---- ansinh doc settings ---- */

static const struct out_col setting_cols[] = {
	{"key", "Khóa", COL_TEXT}, {"value", "Giá trị", COL_TEXT}, {"help", "Ý nghĩa", COL_TEXT},
};

static int settings_show(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *campaign = NULL, *format = NULL;
	struct args a;
	const struct arg_spec specs[] = {
		{"campaign", ARG_STR, &campaign}, {"format", ARG_STR, &format}, {NULL, 0, NULL},
	};
	struct campaign_row c;
	struct vars v = {0};
	enum out_format f;
	struct out o;
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || out_format_parse(format, &f, e) < 0 ||
	    (db = cli_db(ctx, e)) == NULL || campaign_resolve(db, campaign, NULL, &c, e) < 0 ||
	    doc_settings(db, c.id, &v, e) < 0)
		goto cleanup;
	out_begin(&o, f, ctx->out, setting_cols, 3);
	for (const struct tmpl_key *k = tmpl_keys; k->name; k++) {
		if (!k->dflt)
			continue;
		const char *vals[] = {k->name, vars_str(&v, k->name), k->help};
		out_row(&o, vals);
	}
	out_end(&o);
	rc = 0;
cleanup:
	vars_free(&v);
	args_free(&a);
	return rc;
}

static int settings_set(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *campaign = NULL;
	struct args a;
	const struct arg_spec specs[] = {{"campaign", ARG_STR, &campaign}, {NULL, 0, NULL}};
	struct actor who = {ctx->actor};
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 2, e) < 0)
		goto cleanup;
	if (a.npos != 2) {
		err_usage(e, "usage: ansinh doc settings set KEY VALUE [--campaign CODE]");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL ||
	    doc_setting_set(db, &who, campaign, a.pos[0], a.pos[1], e) < 0)
		goto cleanup;
	fprintf(ctx->out, "%s set\n", a.pos[0]);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static int doc_settings_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"show", settings_show}, {"set", settings_set}, {NULL, NULL}};
	return cli_dispatch(ctx, "doc", argc, argv, subs, e);
}

/* ---- ansinh doc template ---- */

static const struct out_col template_cols[] = {
	{"name", "Mẫu", COL_TEXT},         {"version", "Phiên bản", COL_INT},
	{"title", "Văn bản", COL_TEXT},    {"actor", "Người lưu", COL_TEXT},
	{"created_at", "Lúc", COL_TEXT},
};

struct tlist {
	struct out *o;
	const char *name;
	int64_t version;
	struct buf *body;
	int found;
};

static int template_row_out(void *ctx, const struct doc_template_row *t)
{
	struct tlist *l = ctx;
	char ver[24];
	const struct tmpl_default *d = tmpl_default_find(t->name);
	const char *vals[] = {t->name, fmt_i64(ver, t->version), d ? d->title : "", t->actor,
			      t->created_at};
	out_row(l->o, vals);
	return 0;
}

static int template_list(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *format = NULL;
	struct args a;
	const struct arg_spec specs[] = {{"format", ARG_STR, &format}, {NULL, 0, NULL}};
	enum out_format f;
	struct out o;
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0 || out_format_parse(format, &f, e) < 0 ||
	    (db = cli_db(ctx, e)) == NULL)
		goto cleanup;
	struct tlist l = {.o = &o};
	out_begin(&o, f, ctx->out, template_cols, 5);
	if (a.npos == 1) {
		/* every version of one template */
		if (store_doc_template_each(db, a.pos[0], template_row_out, &l, e) < 0)
			goto cleanup;
	} else {
		/* each template: its latest stored version, else the default (version 0) */
		for (const struct tmpl_default *d = tmpl_defaults; d->name; d++) {
			int found = store_doc_template_latest(db, d->name, template_row_out, &l, e);
			if (found < 0)
				goto cleanup;
			if (found == 0) {
				const char *vals[] = {d->name, "0", d->title, "", ""};
				out_row(&o, vals);
			}
		}
	}
	out_end(&o);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static int take_version(void *ctx, const struct doc_template_row *t)
{
	struct tlist *l = ctx;
	if (l->version == 0 || t->version == l->version) {
		if (!l->found)
			buf_puts(l->body, t->body);
		l->found = 1;
	}
	return 0;
}

static int template_show(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *version = NULL;
	struct args a;
	const struct arg_spec specs[] = {{"version", ARG_STR, &version}, {NULL, 0, NULL}};
	struct buf body = BUF_INIT;
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0)
		goto cleanup;
	if (a.npos != 1) {
		err_usage(e, "usage: ansinh doc template show NAME [--version N]");
		goto cleanup;
	}
	struct tlist l = {.name = a.pos[0], .body = &body};
	if (version && (l.version = strtoll(version, NULL, 10)) <= 0) {
		err_usage(e, "--version: a version number (1, 2, ...)");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL ||
	    store_doc_template_each(db, a.pos[0], take_version, &l, e) < 0)
		goto cleanup;
	if (!l.found) {
		const struct tmpl_default *d = tmpl_default_find(a.pos[0]);
		if (d == NULL || l.version > 1) {
			err_fail(e, "no template '%s'%s", a.pos[0], version ? " of that version" : "");
			goto cleanup;
		}
		buf_puts(&body, d->body);
	}
	fputs(buf_cstr(&body), ctx->out);
	rc = 0;
cleanup:
	buf_free(&body);
	args_free(&a);
	return rc;
}

#define TEMPLATE_FILE_MAX (TMPL_BODY_MAX + 1)

static int template_set(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct args a;
	const struct arg_spec specs[] = {{NULL, 0, NULL}};
	struct actor who = {ctx->actor};
	struct buf body = BUF_INIT;
	struct db *db;
	int64_t version;
	int rc = -1;
	FILE *f = NULL;

	if (args_parse(&a, argc, argv, specs, 2, e) < 0)
		goto cleanup;
	if (a.npos != 2) {
		err_usage(e, "usage: ansinh doc template set NAME FILE");
		goto cleanup;
	}
	if ((f = fopen(a.pos[1], "rb")) == NULL) {
		err_fail(e, "%s: cannot open", a.pos[1]);
		goto cleanup;
	}
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && body.len < TEMPLATE_FILE_MAX)
		buf_put(&body, chunk, n);
	if (ferror(f) || body.len >= TEMPLATE_FILE_MAX || memchr(buf_cstr(&body), 0, body.len)) {
		err_fail(e, "%s: not a template (unreadable, binary or over %d bytes)", a.pos[1],
			 TMPL_BODY_MAX);
		goto cleanup;
	}
	/* Errors name the file the user gave, with the line. */
	if ((db = cli_db(ctx, e)) == NULL)
		goto cleanup;
	if (tmpl_check(a.pos[1], buf_cstr(&body), e) < 0 ||
	    doc_template_save(db, &who, a.pos[0], buf_cstr(&body), &version, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "template %s: version %lld saved\n", a.pos[0], (long long)version);
	rc = 0;
cleanup:
	if (f)
		fclose(f);
	buf_free(&body);
	args_free(&a);
	return rc;
}

static int doc_template_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"list", template_list}, {"show", template_show}, {"set", template_set}, {NULL, NULL}};
	return cli_dispatch(ctx, "doc", argc, argv, subs, e);
}

/* ---- ansinh doc list / reproduce ---- */

static const struct out_col doc_cols[] = {
	{"id", "Số", COL_INT},          {"kind", "Loại", COL_TEXT},
	{"campaign", "Cuộc vận động", COL_TEXT}, {"donor", "Nhà hảo tâm", COL_TEXT},
	{"contribution", "Khoản đóng góp", COL_INT}, {"template", "Mẫu", COL_TEXT},
	{"copy", "Bản sao", COL_BOOL},  {"actor", "Người in", COL_TEXT},
	{"created_at", "Lúc", COL_TEXT},
};

static int doc_row_out(void *ctx, const struct document_row *d)
{
	char id[24], contrib[24], tmpl[96];
	if (d->template_id)
		snprintf(tmpl, sizeof tmpl, "%s v%lld", d->template_name,
			 (long long)d->template_version);
	else
		tmpl[0] = 0;
	struct out *o = ctx;
	/* people read "Biên nhận", programs "receipt" (as out_code does) */
	int people = o->fmt == OUT_TEXT || o->fmt == OUT_XLSX;
	const char *kind = people && *doc_kind_label(d->kind) ? doc_kind_label(d->kind) : d->kind;
	const char *vals[] = {fmt_i64(id, d->id), kind, d->campaign_code, d->donor_name,
			      d->contribution_id ? fmt_i64(contrib, d->contribution_id) : NULL,
			      tmpl, d->copy ? "1" : "0", d->actor, d->created_at};
	out_row(o, vals);
	return 0;
}

static int doc_list(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *campaign = NULL, *kind = NULL, *limit = NULL;
	struct out_dest d = {0};
	struct args a;
	const struct arg_spec specs[] = {
		{"campaign", ARG_STR, &campaign}, {"kind", ARG_STR, &kind},
		{"limit", ARG_STR, &limit},       OUT_DEST_SPECS(d), {NULL, 0, NULL},
	};
	struct campaign_row c = {0};
	struct out o;
	struct db *db;
	int64_t n = 0;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || out_dest_check(&d, e) < 0)
		goto cleanup;
	if (kind && !doc_kind_valid(kind)) {
		err_usage(e, "--kind: one of %s", DOC_KINDS);
		goto cleanup;
	}
	if (limit && (n = strtoll(limit, NULL, 10)) <= 0) {
		err_usage(e, "--limit: a number above 0");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL ||
	    (campaign && campaign_resolve(db, campaign, NULL, &c, e) < 0))
		goto cleanup;
	if (out_open(&o, &d, ctx->out, "Văn bản đã in", campaign ? c.name : NULL, doc_cols, 9, e) < 0) {
		out_close(&o, -1, e);
		goto cleanup;
	}
	rc = out_close(&o, store_document_each(db, c.id, kind, n, doc_row_out, &o, e), e);
cleanup:
	args_free(&a);
	return rc;
}

static int doc_reproduce_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *out = NULL;
	struct args a;
	const struct arg_spec specs[] = {{"out", ARG_STR, &out}, {NULL, 0, NULL}};
	struct db *db;
	int64_t id;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0)
		goto cleanup;
	if (a.npos != 1 || out == NULL || (id = strtoll(a.pos[0], NULL, 10)) <= 0) {
		err_usage(e, "usage: ansinh doc reproduce ID --out FILE");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL || doc_reproduce(db, id, out, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "document %lld written to %s\n", (long long)id, out);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

int cmd_doc(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"settings", doc_settings_cmd}, {"template", doc_template_cmd},
		{"list", doc_list},             {"reproduce", doc_reproduce_cmd},
		{NULL, NULL}};
	return cli_dispatch(ctx, "doc", argc, argv, subs, e);
}
