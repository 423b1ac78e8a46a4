/* `ansinh words`: an amount in words, the line cashiers copy onto receipts. */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "cli/args.h"
#include "text/money.h"

int cmd_words(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct args a;
	struct buf out = BUF_INIT;
	char *dialect = NULL;
	const struct arg_spec specs[] = {
		{"dialect", ARG_STR, &dialect},
		{NULL, ARG_STR, NULL},
	};
	enum money_dialect d = MONEY_NORTH;
	int64_t v = 0;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0)
		goto cleanup;
	if (a.npos != 1) {
		err_usage(e, "words: expected one amount (usage: ansinh words N [--dialect north|south])");
		goto cleanup;
	}
	if (dialect != NULL) {
		if (strcmp(dialect, "north") == 0)
			d = MONEY_NORTH;
		else if (strcmp(dialect, "south") == 0)
			d = MONEY_SOUTH;
		else {
			err_usage(e, "--dialect: expected north or south, not '%.40s'", dialect);
			goto cleanup;
		}
	}
	if (money_parse(a.pos[0], &v, e) < 0) {
		e->kind = ERR_USAGE; /* a bad argument, not a failed operation */
		goto cleanup;
	}
	if (v > MONEY_WORDS_MAX) {
		err_usage(e, "too large to read in words: '%.40s' (at most 999.999.999.999.999.999)",
			  a.pos[0]);
		goto cleanup;
	}
	if (money_words(&out, v, d, e) < 0)
		goto cleanup;
	buf_putc(&out, '\n');
	if (fwrite(out.p, 1, out.len, ctx->out) != out.len) {
		err_fail(e, "words: cannot write output");
		goto cleanup;
	}
	rc = 0;
cleanup:
	buf_free(&out);
	args_free(&a);
	return rc;
}
