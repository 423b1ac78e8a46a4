/* out_list_cmd (cli/out.h): a list command with no options of its own.
 * Kept out of out.c so that the listing writer does not pull the command
 * line's database opening (main.c) into programs that only write lists. */
#include "cli/args.h"
#include "cli/out.h"

int out_list_cmd(struct cli_ctx *ctx, int argc, char **argv, const char *title,
		 const struct out_col *cols, int ncols, out_each_fn each, struct err *e)
{
	struct out_dest d = {0};
	struct args a;
	const struct arg_spec specs[] = {OUT_DEST_SPECS(d), {NULL, 0, NULL}};
	struct out o;
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0 || out_dest_check(&d, e) < 0 ||
	    (db = cli_db(ctx, e)) == NULL ||
	    out_open(&o, &d, ctx->out, title, NULL, cols, ncols, e) < 0)
		goto cleanup;
	rc = out_close(&o, each(db, &o, e), e);
cleanup:
	args_free(&a);
	return rc;
}
