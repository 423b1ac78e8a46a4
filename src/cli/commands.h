/* Every command handler; the table that lists them is src/cli/commands.c. */
#ifndef ANSINH_CLI_COMMANDS_H
#define ANSINH_CLI_COMMANDS_H

#include "cli/cli.h"

int cmd_init(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_campaign(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_unit(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_target(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_donor(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_pledge(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_contribution(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_import(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_import_bank(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_reconcile(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_report(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_verify(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_log(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_serve(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_user(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_token(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_committee(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_canvass(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_demo(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_words(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_vietqr(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_account(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_payroll(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_import_payroll(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_goods(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_fund(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_receipt(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_letters(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_honours(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_doc(struct cli_ctx *ctx, int argc, char **argv, struct err *e);
int cmd_help(struct cli_ctx *ctx, int argc, char **argv, struct err *e);

struct db;
struct contribution_filter;
/* Lists contributions in the given format (shared by contribution list and
 * donor show). */
int contribution_list_out(struct db *db, const struct contribution_filter *flt,
			  enum out_format f, FILE *to, struct err *e);

/* Sub-command dispatch: `ansinh donor add ...` finds "add" in subs. */
struct subcommand {
	const char *name;
	cmd_fn fn;
};
int cli_dispatch(struct cli_ctx *ctx, const char *cmd, int argc, char **argv,
		 const struct subcommand *subs, struct err *e);

#endif
