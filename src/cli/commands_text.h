/* Commands of the text layer (Vietnamese words, formats). */
#ifndef ANSINH_CLI_COMMANDS_TEXT_H
#define ANSINH_CLI_COMMANDS_TEXT_H

#include "base/err.h"
#include "cli/cli.h"

/* `ansinh words N [--dialect north|south]`: prints N đồng in words, as
 * written on receipts and transfer orders. */
int cmd_words(struct cli_ctx *ctx, int argc, char **argv, struct err *e);

#define CMD_WORDS_SUMMARY "print an amount of đồng in words"
#define CMD_WORDS_USAGE \
	"usage: ansinh words N [--dialect north|south]\n" \
	"  N is a whole number of đồng, 0 to 999.999.999.999.999.999, written\n" \
	"  as 1000000, 1.000.000, 1,000,000 or \"1 000 000 đ\".\n" \
	"  --dialect south reads \"lẻ\" and \"ngàn\" for \"linh\" and \"nghìn\".\n"

#endif
