/* ansinh vietqr: a VietQR payload (and its image) for an account, a
 * campaign's or unit's collection account, or a pledge; ansinh account:
 * the collection accounts themselves. */
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/out.h"
#include "core/money_in.h"
#include "core/vietqr.h"
#include "doc/qr.h"
#include "text/money.h"

#define QR_PNG_MODULE_PX 8

struct account_pick {
	char bin[8], account[24];
};

static int pick_account(void *ctx, const struct collection_account_row *r)
{
	struct account_pick *p = ctx;
	snprintf(p->bin, sizeof p->bin, "%s", r->bin);
	snprintf(p->account, sizeof p->account, "%s", r->account);
	return 0;
}

/* --campaign [--unit]: the collection account money for that unit goes to. */
static int account_of(struct db *db, const char *campaign, const char *unit,
		      struct account_pick *p, struct err *e)
{
	struct campaign_row c;
	struct unit_row u = {0};
	int found;
	if (campaign_resolve(db, campaign, NULL, &c, e) < 0)
		return -1;
	if (unit && (found = store_unit_by_code(db, unit, &u, e)) <= 0)
		return found < 0 ? -1 : err_fail(e, "unit: no unit with code '%s'", unit);
	if ((found = store_collection_account_for(db, c.id, u.id, pick_account, p, e)) <= 0)
		return found < 0 ? -1 : err_fail(e, "no collection account for %s%s%s (set one with "
						 "`ansinh account set`)", c.code, unit ? "/" : "",
						 unit ? unit : "");
	return 0;
}

int cmd_vietqr(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *bin = NULL, *account = NULL, *amount = NULL, *purpose = NULL, *png = NULL, *svg = NULL,
	     *pledge = NULL, *campaign = NULL, *unit = NULL;
	struct args a;
	const struct arg_spec specs[] = {
		{"bin", ARG_STR, &bin}, {"account", ARG_STR, &account}, {"amount", ARG_STR, &amount},
		{"purpose", ARG_STR, &purpose}, {"png", ARG_STR, &png}, {"svg", ARG_STR, &svg},
		{"pledge", ARG_STR, &pledge}, {"campaign", ARG_STR, &campaign},
		{"unit", ARG_STR, &unit}, {NULL, 0, NULL},
	};
	struct buf payload = BUF_INIT, image = BUF_INIT;
	struct account_pick pick = {{0}, {0}};
	struct pledge_qr q;
	struct db *db;
	int64_t amt = 0;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0)
		goto cleanup;
	if (pledge) {
		int64_t id;
		if (bin || account || amount || purpose || campaign || unit) {
			err_usage(e, "--pledge fills bank, account, amount and purpose itself; give it alone");
			goto cleanup;
		}
		if (args_id("--pledge", pledge, &id, e) < 0 || (db = cli_db(ctx, e)) == NULL ||
		    pledge_vietqr(db, id, &q, &payload, e) < 0)
			goto cleanup;
	} else {
		if ((bin == NULL) != (account == NULL)) {
			err_usage(e, "--bin and --account go together");
			goto cleanup;
		}
		if (bin == NULL && campaign == NULL && unit == NULL) {
			err_usage(e, "which account? --bin BIN --account ACC, --campaign CODE [--unit CODE]"
				  " or --pledge ID");
			goto cleanup;
		}
		if (bin == NULL) {
			if ((db = cli_db(ctx, e)) == NULL || account_of(db, campaign, unit, &pick, e) < 0)
				goto cleanup;
			bin = pick.bin;
			account = pick.account;
		}
		if (amount && money_parse(amount, &amt, e) < 0) {
			err_prefix(e, "amount: ");
			goto cleanup;
		}
		if (amount && amt == 0) {
			err_fail(e, "amount: must be more than 0 đồng (leave it out for a code without amount)");
			goto cleanup;
		}
		if (vietqr_payload(&payload, bin, account, amt, purpose, e) < 0)
			goto cleanup;
	}
	if (png && qr_write_png(png, payload.p, QR_PNG_MODULE_PX, e) < 0)
		goto cleanup;
	if (svg) {
		FILE *f;
		if (qr_svg(&image, payload.p, e) < 0)
			goto cleanup;
		if ((f = fopen(svg, "wb")) == NULL) {
			err_fail(e, "%s: cannot write", svg);
			goto cleanup;
		}
		size_t w = fwrite(image.p, 1, image.len, f);
		if (fclose(f) != 0 || w != image.len) {
			err_fail(e, "%s: cannot write", svg);
			goto cleanup;
		}
	}
	fprintf(ctx->out, "%s\n", payload.p);
	rc = 0;
cleanup:
	buf_free(&payload);
	buf_free(&image);
	args_free(&a);
	return rc;
}

static int account_set_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *campaign = NULL, *unit = NULL, *bin = NULL, *account = NULL, *name = NULL;
	struct args a;
	const struct arg_spec specs[] = {
		{"campaign", ARG_STR, &campaign}, {"unit", ARG_STR, &unit}, {"bin", ARG_STR, &bin},
		{"account", ARG_STR, &account}, {"name", ARG_STR, &name}, {NULL, 0, NULL},
	};
	struct actor who = {ctx->actor};
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0)
		goto cleanup;
	if (bin == NULL || account == NULL || name == NULL) {
		err_usage(e, "--bin, --account and --name are required");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL ||
	    collection_account_set(db, &who, campaign, unit, bin, account, name, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "collection account of %s set: %s %s\n", unit ? unit : "the campaign",
		bin, account);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static const struct out_col account_cols[] = {
	{"campaign", "Đợt vận động", COL_TEXT}, {"unit", "Đơn vị", COL_TEXT},
	{"bin", "BIN", COL_TEXT}, {"account", "Số tài khoản", COL_TEXT},
	{"name", "Chủ tài khoản", COL_TEXT},
};

static int account_row_out(void *ctx, const struct collection_account_row *r)
{
	const char *vals[] = {r->campaign_code, r->unit_id ? r->unit_code : NULL, r->bin,
			      r->account, r->name};
	out_row(ctx, vals);
	return 0;
}

static int account_list_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
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
	out_begin(&o, f, ctx->out, account_cols, 5);
	rc = store_collection_account_each(db, c.id, account_row_out, &o, e);
	out_end(&o);
cleanup:
	args_free(&a);
	return rc;
}

int cmd_account(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"set", account_set_cmd}, {"list", account_list_cmd}, {NULL, NULL},
	};
	return cli_dispatch(ctx, "account", argc, argv, subs, e);
}
