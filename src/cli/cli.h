/* The command-line face: one handler shape for every command.
 *
 * A handler parses its own options with args_parse(), opens the database
 * through cli_db() when it needs one, does its work, and returns 0 or -1 with
 * e set (ERR_USAGE -> exit 2, ERR_FAIL -> exit 1).  Handlers never exit(). */
#ifndef ANSINH_CLI_H
#define ANSINH_CLI_H

#include <stdio.h>

#include "base/err.h"

struct db;

struct cli_ctx {
	const char *db_path; /* --db, $ANSINH_DB, or ./ansinh.db */
	const char *actor;   /* who is acting, for the audit trail */
	struct db *db;       /* opened on first cli_db() call */
	FILE *out;           /* stdout */
};

typedef int (*cmd_fn)(struct cli_ctx *ctx, int argc, char **argv, struct err *e);

struct command {
	const char *name;    /* "contribution" */
	cmd_fn fn;
	const char *summary; /* one line for `ansinh help` */
	const char *usage;   /* full help for `ansinh help NAME` */
};

/* The command table (src/cli/commands.c). */
extern const struct command commands[];
const struct command *command_find(const char *name);

/* Opens (and migrates) the database on first use.  Returns NULL with e set
 * when it is missing: commands other than init never create one. */
struct db *cli_db(struct cli_ctx *ctx, struct err *e);

/* Output format shared by listings (xlsx: see cli/out.h). */
enum out_format { OUT_TEXT, OUT_CSV, OUT_JSON, OUT_XLSX };
int out_format_parse(const char *s, enum out_format *f, struct err *e);

#endif
