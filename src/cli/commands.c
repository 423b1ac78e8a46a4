/* The command table: every command with its one-line summary and its help.
 * Adding a command adds a row here. */
#include <string.h>

#include "cli/commands.h"

const struct command commands[] = {
	{"init", cmd_init, "create a new database",
	 "ansinh [--db PATH] init [--force]\n"
	 "  Creates the database (default $ANSINH_DB, then ./ansinh.db) with the current schema.\n"
	 "  Refuses to touch an existing file unless --force is given (which deletes it)."},
	{"campaign", cmd_campaign, "add, list and show campaigns (R1)",
	 "ansinh campaign add --code CODE --name NAME --start DATE --end DATE [--ceremony DATE]\n"
	 "                    [--deadline DATE] [--report DATE] [--goal AMOUNT]\n"
	 "  The deadline for collecting pledges defaults to three months after the ceremony.\n"
	 "ansinh campaign list [--format text|csv|json]\n"
	 "ansinh campaign show CODE [--format text|json]"},
	{"unit", cmd_unit, "add, list and import the tree of units (R16)",
	 "ansinh unit add --code CODE --name NAME [--parent CODE]\n"
	 "                [--kind province|district|commune|department|organisation|party|armed_forces|other]\n"
	 "ansinh unit list [--search TEXT] [--format text|csv|json]\n"
	 "ansinh unit import FILE.csv   (columns code,name[,parent][,kind]; parents before children)"},
	{"target", cmd_target, "set, list and import targets per unit (R3)",
	 "ansinh target set --campaign CODE --unit CODE --amount AMOUNT\n"
	 "ansinh target list [--campaign CODE] [--format text|csv|json]\n"
	 "ansinh target import FILE.csv [--campaign CODE]   (columns unit,amount[,campaign])"},
	{"donor", cmd_donor, "add, search and show donors (R4)",
	 "ansinh donor add --name NAME --kind KIND --unit CODE [--tax-code MST] [--gender M|F]\n"
	 "                 [--phone P] [--email E] [--address A] [--outside-province] [--anonymous]\n"
	 "  KIND: individual business cooperative political_org professional_org religious_org collective\n"
	 "ansinh donor list [--search TEXT] [--limit N] [--offset N] [--format text|csv|json]\n"
	 "  --search: any words, with or without diacritics (duc finds Đức), each a word prefix;\n"
	 "  exact names first, then whole words, then prefixes; 50 results unless --limit.\n"
	 "ansinh donor show ID [--format text|json]"},
	{"pledge", cmd_pledge, "record and list pledges (R6)",
	 "ansinh pledge add --donor ID --amount AMOUNT [--campaign CODE] [--goods TEXT]\n"
	 "                  [--at campaign|ceremony] [--date DATE] [--due DATE] [--canvasser NAME] [--note TEXT]\n"
	 "ansinh pledge list [--campaign CODE] [--format text|csv|json]"},
	{"contribution", cmd_contribution, "record, list and reverse contributions (R7)",
	 "ansinh contribution add --donor ID --amount AMOUNT --channel cash|transfer|payroll|goods\n"
	 "                        [--campaign CODE] [--date DATE] [--unit CODE] [--pledge ID]\n"
	 "                        [--bank-ref REF] [--goods TEXT] [--quantity Q] [--anonymous] [--note TEXT]\n"
	 "ansinh contribution list [--campaign CODE] [--donor ID | --search TEXT] [--limit N]\n"
	 "                         [--format text|csv|json]\n"
	 "  --search: a receipt number or its beginning (tv2019-0001), else donors' names as in\n"
	 "  donor list --search; each matching donor's contributions, best match first.\n"
	 "ansinh contribution reverse ID --reason TEXT\n"
	 "  A reversal posts the opposite journal entry; nothing is edited or deleted."},
	{"import", cmd_import, "bulk-import contributions from CSV",
	 "ansinh import contributions FILE.csv [--campaign CODE] [--force]\n"
	 "  Columns (any order): date donor kind unit amount channel, optional anonymous tax_code\n"
	 "  pledge bank_ref goods note.  All or nothing; a file already imported is refused\n"
	 "  (--force imports it again); rows whose bank_ref is in the ledger are skipped."},
	{"report", cmd_report, "progress per unit against targets (R3, R14)",
	 "ansinh report progress [--campaign CODE] [--format text|csv|json]"},
	{"verify", cmd_verify, "recompute the books and fail on any inconsistency (R13)",
	 "ansinh verify\n"
	 "  Exit 0 when the books are consistent, 1 naming the first problem otherwise."},
	{"demo", cmd_demo, "fill the database with the Trà Vinh demo campaign",
	 "ansinh demo [--donors N] [--contributions N]\n"
	 "  Creates the database if needed, then the Trà Vinh 2019 campaign, the 2017 one,\n"
	 "  the province's units and targets, donors, contributions and pledges (deterministic)."},
	{"words", cmd_words, "an amount of đồng in Vietnamese words",
	 "ansinh words N [--dialect north|south]\n"
	 "  N is a whole number of đồng, 0 to 999.999.999.999.999.999, written as 1000000,\n"
	 "  1.000.000, 1,000,000 or \"1 000 000 đ\".  --dialect south reads \"lẻ\" and \"ngàn\"\n"
	 "  for \"linh\" and \"nghìn\".\n"
	 "  ansinh words 232000000000  ->  Hai trăm ba mươi hai tỷ đồng"},
	{"help", cmd_help, "list the commands, or explain one", "ansinh help [COMMAND]"},
	{NULL, NULL, NULL, NULL},
};

const struct command *command_find(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int cli_dispatch(struct cli_ctx *ctx, const char *cmd, int argc, char **argv,
		 const struct subcommand *subs, struct err *e)
{
	if (argc < 1)
		return err_usage(e, "which one? (see `ansinh help %s`)", cmd);
	for (const struct subcommand *s = subs; s->name; s++)
		if (strcmp(s->name, argv[0]) == 0)
			return s->fn(ctx, argc - 1, argv + 1, e);
	return err_usage(e, "unknown sub-command '%s' (see `ansinh help %s`)", argv[0], cmd);
}
