#include "cli/args.h"
#include "cli/commands.h"
int cmd_payroll(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{ (void)ctx; (void)argc; (void)argv; return err_fail(e, "not yet"); }
int cmd_import_payroll(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{ (void)ctx; (void)argc; (void)argv; return err_fail(e, "not yet"); }
