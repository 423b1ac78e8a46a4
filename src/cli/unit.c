#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/out.h"
#include "core/core.h"
#include "store/store.h"
#include "text/fold.h"

static int unit_add_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *code = NULL, *name = NULL, *parent = NULL, *kind = NULL;
	struct args a;
	const struct arg_spec specs[] = {
		{"code", ARG_STR, &code}, {"name", ARG_STR, &name}, {"parent", ARG_STR, &parent},
		{"kind", ARG_STR, &kind}, {NULL, 0, NULL},
	};
	struct actor who = {ctx->actor};
	struct db *db;
	int64_t id;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0)
		goto cleanup;
	if (code == NULL || name == NULL) {
		err_usage(e, "--code and --name are required");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL || unit_add(db, &who, code, name, parent, kind, &id, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "unit %s added\n", code);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static const struct out_col unit_cols[] = {
	{"code", "Mã", COL_TEXT}, {"name", "Tên đơn vị", COL_TEXT},
	{"kind", "Loại", COL_TEXT}, {"parent", "Trực thuộc", COL_TEXT},
};

struct unit_out {
	struct out o;
	struct db *db;
	const char *query_fold; /* --search, folded; NULL for all */
	struct buf fold;
	struct err *e;
};

static int unit_row_out(void *ctx, const struct unit_row *u)
{
	struct unit_out *uo = ctx;
	struct unit_row parent;
	const char *pcode = NULL;
	if (uo->query_fold) {
		/* units are few: fold each name and match the words in place */
		buf_reset(&uo->fold);
		text_fold(&uo->fold, u->name, strlen(u->name));
		buf_putc(&uo->fold, ' ');
		text_fold(&uo->fold, u->code, strlen(u->code));
		if (text_words_match(uo->fold.p, uo->query_fold) == 0)
			return 0;
	}
	if (u->parent_id) {
		if (store_unit_by_id(uo->db, u->parent_id, &parent, uo->e) < 0)
			return -1;
		pcode = parent.code;
	}
	const char *vals[] = {u->code, u->name, out_code(&uo->o, unit_kinds, u->kind), pcode};
	out_row(&uo->o, vals);
	return 0;
}

static int unit_list_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *search = NULL, *folded = NULL;
	struct out_dest d = {0};
	struct args a;
	const struct arg_spec specs[] = {
		OUT_DEST_SPECS(d), {"search", ARG_STR, &search}, {NULL, 0, NULL},
	};
	struct unit_out uo = {.e = e};
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || out_dest_check(&d, e) < 0)
		goto cleanup;
	if (search) {
		folded = text_fold_dup(search);
		if (!folded[0]) {
			err_usage(e, "--search: '%s' has no letters or digits to search for", search);
			goto cleanup;
		}
		uo.query_fold = folded;
	}
	if ((uo.db = cli_db(ctx, e)) == NULL ||
	    out_open(&uo.o, &d, ctx->out, "Danh sách đơn vị", NULL, unit_cols, 4, e) < 0)
		goto cleanup;
	rc = store_unit_each(uo.db, unit_row_out, &uo, e);
	rc = out_close(&uo.o, rc, e);
cleanup:
	free(folded);
	buf_free(&uo.fold);
	args_free(&a);
	return rc;
}

static int unit_import_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct args a;
	const struct arg_spec specs[] = {{NULL, 0, NULL}};
	struct actor who = {ctx->actor};
	struct db *db;
	int64_t n;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0)
		goto cleanup;
	if (a.npos != 1) {
		err_usage(e, "unit import: which file? (ansinh unit import FILE.csv)");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL || unit_import(db, &who, a.pos[0], &n, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "%lld units imported\n", (long long)n);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

int cmd_unit(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"add", unit_add_cmd}, {"list", unit_list_cmd}, {"import", unit_import_cmd},
		{NULL, NULL},
	};
	return cli_dispatch(ctx, "unit", argc, argv, subs, e);
}
