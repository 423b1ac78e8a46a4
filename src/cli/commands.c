/* The command table: every command with its one-line summary and its help.
 * Adding a command adds a row here. */
#include <string.h>

#include "cli/commands.h"

const struct command commands[] = {
	{"init", cmd_init, "create a new database",
	 "ansinh [--db PATH] init [--force] [--log-origin NAME]\n"
	 "  Creates the database (default $ANSINH_DB, then ./ansinh.db) with the current schema.\n"
	 "  Refuses to touch an existing file unless --force is given (which deletes it).\n"
	 "  Makes the transparency log's Ed25519 key; NAME (default ansinh.<host>/<file>) is its\n"
	 "  origin, the first line of every checkpoint, e.g. quy-ansinh.travinh.gov.vn/2019."},
	{"campaign", cmd_campaign, "add, list and show campaigns (R1)",
	 "ansinh campaign add --code CODE --name NAME --start DATE --end DATE [--ceremony DATE]\n"
	 "                    [--deadline DATE] [--report DATE] [--goal AMOUNT]\n"
	 "  The deadline for collecting pledges defaults to three months after the ceremony.\n"
	 "ansinh campaign list [--format text|csv|json|xlsx] [--out FILE]\n"
	 "ansinh campaign show CODE [--format text|csv|json|xlsx] [--out FILE]"},
	{"unit", cmd_unit, "add, list and import the tree of units (R16)",
	 "ansinh unit add --code CODE --name NAME [--parent CODE]\n"
	 "                [--kind province|district|commune|department|organisation|party|armed_forces|other]\n"
	 "ansinh unit list [--search TEXT] [--format text|csv|json|xlsx] [--out FILE]\n"
	 "ansinh unit import FILE.csv   (columns code,name[,parent][,kind]; parents before children)"},
	{"target", cmd_target, "set, list and import targets per unit (R3)",
	 "ansinh target set --campaign CODE --unit CODE --amount AMOUNT\n"
	 "ansinh target list [--campaign CODE] [--format text|csv|json|xlsx] [--out FILE]\n"
	 "ansinh target import FILE.csv [--campaign CODE]   (columns unit,amount[,campaign])"},
	{"donor", cmd_donor, "add, search and show donors (R4)",
	 "ansinh donor add --name NAME --kind KIND --unit CODE [--tax-code MST] [--gender M|F]\n"
	 "                 [--phone P] [--email E] [--address A] [--outside-province] [--anonymous]\n"
	 "  KIND: individual business cooperative political_org professional_org religious_org collective\n"
	 "ansinh donor list [--search TEXT] [--limit N] [--offset N]\n"
	 "                  [--format text|csv|json|xlsx] [--out FILE]\n"
	 "  --search: any words, with or without diacritics (duc finds Đức), each a word prefix;\n"
	 "  exact names first, then whole words, then prefixes; 50 results unless --limit.\n"
	 "ansinh donor show ID [--format text|csv|json|xlsx] [--out FILE]"},
	{"pledge", cmd_pledge, "record pledges and follow their collection (R6)",
	 "ansinh pledge add --donor ID --amount AMOUNT [--campaign CODE] [--goods TEXT]\n"
	 "                  [--at campaign|ceremony] [--date DATE] [--due DATE] [--canvasser NAME] [--note TEXT]\n"
	 "                  [--instalments \"DATE=AMOUNT;DATE=AMOUNT...\"]\n"
	 "  Due defaults to the campaign's collection deadline (ceremony + 3 months).  Instalments\n"
	 "  add up to the amount; the last one's date is the due date.  Donors pay with the\n"
	 "  reference P + the pledge number in 6 digits (P001234) in the transfer's description.\n"
	 "ansinh pledge list [FILTERS] [--format text|csv|json|xlsx] [--out FILE]\n"
	 "ansinh pledge outstanding [FILTERS] [--format text|csv|json|xlsx] [--out FILE]\n"
	 "  FILTERS: [--campaign CODE] [--canvasser NAME] [--unit CODE] [--due-within DAYS] [--overdue]\n"
	 "  What is paid comes from the contributions matched to the pledge; outstanding lists\n"
	 "  what is still to collect, in Vietnamese name order, with the next due date (the first\n"
	 "  instalment not covered), the amount due by then and the state: overdue, due_soon\n"
	 "  (within 14 days) or open.  --unit: donors of that unit and the units under it."},
	{"contribution", cmd_contribution, "record, list and reverse contributions (R7)",
	 "ansinh contribution add --donor ID --amount AMOUNT --channel cash|transfer|payroll|goods\n"
	 "                        [--campaign CODE] [--date DATE] [--unit CODE] [--pledge ID]\n"
	 "                        [--bank-ref REF] [--goods TEXT] [--quantity Q] [--anonymous] [--note TEXT]\n"
	 "ansinh contribution list [--campaign CODE] [--donor ID | --search TEXT] [--limit N]\n"
	 "                         [--format text|csv|json|xlsx] [--out FILE]\n"
	 "  --search: receipt numbers starting with TEXT (tv2019-0001), then the contributions\n"
	 "  of the donors that donor list --search finds (best match first), then those whose\n"
	 "  note has every word of TEXT as a word start (xay nha finds \"Xây nhà\"); at most\n"
	 "  --limit (default 100, at most 1000), each once.\n"
	 "ansinh contribution reverse ID --reason TEXT\n"
	 "  A reversal posts the opposite journal entry; nothing is edited or deleted."},
	{"import", cmd_import, "bulk-import contributions and bank statements from CSV or .xlsx",
	 "ansinh import contributions FILE.csv [--campaign CODE] [--force]\n"
	 "ansinh import payroll FILE.csv ...   (see `ansinh help payroll`)\n"
	 "  Columns (any order): date donor kind unit amount channel, optional anonymous tax_code\n"
	 "  pledge bank_ref goods note.  All or nothing; a file already imported is refused\n"
	 "  (--force imports it again); rows whose bank_ref is in the ledger are skipped.\n"
	 "ansinh import bank FILE.csv [--profile NAME|FILE.conf] [--account ACC] [--campaign CODE]\n"
	 "  A bank statement export (CSV or .xlsx, first sheet; profiles vcb, bidv, vietinbank,\n"
	 "  agribank built in, recognised from the header; every import reads .xlsx too).\n"
	 "  Lines are stored once per account and transaction number: overlapping\n"
	 "  statements import safely.  Each new credit line becomes a\n"
	 "  contribution (bank_ref = its transaction number): to the donor it names when the\n"
	 "  match is sure, else to the unidentified donor until a clerk confirms (see reconcile).\n"
	 "  A statement for another account than --account is refused."},
	{"reconcile", cmd_reconcile, "match bank credit lines to donors and pledges",
	 "ansinh reconcile list [--status waiting|all|auto|pending|unmatched|rejected|confirmed|\n"
	 "                      debit|existing] [--statement ID] [--limit N] [--format text|csv|json]\n"
	 "  Lines with their match score, suggested donor and why; waiting lines by default.\n"
	 "ansinh reconcile confirm LINE[,LINE...]... [--donor ID]\n"
	 "  Moves each line's money to the suggested donor (or ID): the contribution against the\n"
	 "  unidentified donor is reversed and recorded anew; the sender account is learnt.\n"
	 "ansinh reconcile reject LINE[,LINE...]...   (the money goes back to the unidentified donor)\n"
	 "ansinh reconcile auto      (matches the waiting lines again; sure ones are moved)\n"
	 "ansinh reconcile threshold [N]\n"
	 "  The score (1-100) from which a match is recorded without a clerk; default 85,\n"
	 "  101 turns automatic matching off.  Reference P001234 = 100, full name 70,\n"
	 "  name without middle name 55, known sender account +30, amount = an open pledge +20,\n"
	 "  no other donor within 15 points +15."},
	{"payroll", cmd_payroll, "payroll and collective lists: an agency's members behind one contribution (R3)",
	 "ansinh import payroll FILE.csv --agency UNIT_CODE|DONOR_ID --period TEXT\n"
	 "                      --transfer REF [--amount N] | --transfer AMOUNT\n"
	 "                      [--campaign CODE] [--date DATE] [--force]\n"
	 "  Columns (any order, Vietnamese or English): Họ và tên|name, Số tiền|amount,\n"
	 "  optional Chức vụ|position, Mã số|staff_no, Phòng ban|department, Ghi chú|note, STT.\n"
	 "  One contribution (channel payroll) of the agency for the list's total, which must\n"
	 "  equal the transfer; a transfer REF already in the ledger gets the list attached.\n"
	 "  All or nothing; the same file twice is refused unless --force.\n"
	 "ansinh payroll list [--search NAME] [--format text|csv|json]\n"
	 "  --search lists the members whose name matches (duc finds Đức) with their list.\n"
	 "ansinh payroll show ID [--format text|csv|json]"},
	{"goods", cmd_goods, "goods: received, handed over to the fund manager, distributed (R7, R11)",
	 "ansinh goods add --donor ID --description TEXT --quantity N --measure UNIT\n"
	 "                 --value AMOUNT --valued-by invoice|market|declared|committee\n"
	 "                 [--campaign CODE] [--date DATE] [--unit CODE] [--anonymous] [--note TEXT]\n"
	 "  A contribution in kind (channel goods) worth AMOUNT đồng, N whole units of UNIT.\n"
	 "ansinh goods list [--campaign CODE] [--format text|csv|json]\n"
	 "ansinh goods stock [--campaign CODE] [--format text|csv|json]\n"
	 "  Per item: received, handed over, distributed, and in stock at each stage.\n"
	 "ansinh goods handover ITEM --quantity N [--date DATE] [--document REF] [--note TEXT]\n"
	 "ansinh goods distribute ITEM --quantity N --to household|person|unit --recipient NAME|UNIT\n"
	 "                        [--date DATE] [--document REF] [--note TEXT]\n"
	 "  Only what was handed over is distributed; stock never goes below 0.  The share of\n"
	 "  the item's value moves in the ledger: goods -> goods_handed -> goods_distributed.\n"
	 "ansinh goods show ITEM [--format text|csv|json]   (the item's movements)"},
	{"fund", cmd_fund, "money out: the fund handed over and spent, in the open (R11, R12, R14)",
	 "ansinh fund handover --amount N --document REF --organisation NAME\n"
	 "                     [--source bank|cash] [--campaign CODE] [--date DATE] [--note TEXT]\n"
	 "  Hands money to the unit the Provincial People's Committee assigns (REF: its\n"
	 "  decision or the minutes): bank|cash -> fund_handed.  Never more than the money\n"
	 "  received (cash, transfer, payroll) less what was handed over already.\n"
	 "ansinh fund disburse --amount N --purpose P --to household|person|project|unit\n"
	 "                     --beneficiary NAME --unit CODE --document REF [--public]\n"
	 "                     [--campaign CODE] [--date DATE] [--note TEXT]\n"
	 "  P: policy_family house production_capital heart_surgery bridge_road other.\n"
	 "  fund_handed -> fund_spent; never more than was handed over and not yet spent.\n"
	 "  --unit: the commune or district it went to; --public: the beneficiary agreed to\n"
	 "  be named on the portal (never for heart_surgery).\n"
	 "ansinh fund list [--campaign CODE] [--kind handover|disbursement] [--purpose P]\n"
	 "                 [--unit CODE] [--since DATE] [--until DATE]\n"
	 "                 [--format text|csv|json|xlsx] [--out FILE]\n"
	 "ansinh fund show ID [--format text|csv|json]\n"
	 "ansinh fund reverse ID --reason TEXT\n"
	 "  A correction is a reversing entry; a handover whose money is spent cannot be.\n"
	 "ansinh fund report [--campaign CODE] [--format text|csv|json|xlsx] [--out FILE]\n"
	 "  Received, handed over, spent, left; spent by purpose and by district; households\n"
	 "  supported, reviewed, out of poverty.\n"
	 "ansinh fund outcome DISBURSEMENT --status S --date DATE [--note TEXT]\n"
	 "  What the annual review of poor households found for a disbursement to a household\n"
	 "  (not heart surgery).  S: thoat-ngheo (out of poverty), can-ngheo (out of poverty,\n"
	 "  still near-poor), chua-thoat (still poor).  Append-only: the latest review counts."},
	{"vietqr", cmd_vietqr, "VietQR payload and QR image for a bank transfer",
	 "ansinh vietqr --bin BIN --account ACC [--amount N] [--purpose TEXT] [--png FILE] [--svg FILE]\n"
	 "ansinh vietqr --campaign CODE [--unit CODE] [--amount N] [--purpose TEXT] [--png F] [--svg F]\n"
	 "ansinh vietqr --pledge ID [--png FILE] [--svg FILE]\n"
	 "  Prints the EMVCo/NAPAS payload a banking app reads.  --pledge fills the amount still\n"
	 "  owed, the purpose UH ASXH P001234 and the account of the pledge's unit (or the\n"
	 "  nearest unit above it, or the campaign).  The purpose is folded to ASCII upper case,\n"
	 "  at most 25 characters.  --png writes the QR code (ECC M), --svg the same as SVG."},
	{"account", cmd_account, "collection accounts of campaigns and units (for VietQR)",
	 "ansinh account set [--campaign CODE] [--unit CODE] --bin BIN --account ACC --name NAME\n"
	 "  Without --unit: the campaign's own account.  BIN: the bank's 6 digits (970403 ...).\n"
	 "ansinh account list [--campaign CODE] [--format text|csv|json]"},
	{"report", cmd_report, "progress per unit against targets (R3, R14)",
	 "ansinh report progress [--campaign CODE] [--format text|csv|json|xlsx] [--out FILE]\n"
	 "  Every list and report takes --format and --out (-o): --out FILE writes the file\n"
	 "  whole or not at all; --format xlsx (which needs --out) makes an Excel workbook with a\n"
	 "  title row, typed cells and a frozen header; the report adds a totals row."},
	{"verify", cmd_verify, "recompute the books and fail on any inconsistency (R13)",
	 "ansinh verify\n"
	 "  Exit 0 when the books are consistent, 1 naming the first problem otherwise."},
	{"log", cmd_log, "the transparency log: key, checkpoints, tiles, proofs, receipts, witness",
	 "ansinh log key [export | import FILE | rotate | list]\n"
	 "  The verifier key (Go sumdb/note format) checkpoints are signed with; export prints\n"
	 "  the signing key PRIVATE+KEY+... (a secret); import FILE (- for stdin) and rotate\n"
	 "  replace it, keeping the old verifier key; list shows every key.\n"
	 "ansinh log origin [NAME]   (set only while no checkpoint is signed)\n"
	 "ansinh log checkpoint      (signs one when entries were added since the last)\n"
	 "ansinh log export DIR      (C2SP tlog-tiles: checkpoint, tile/L/N, tile/entries/N)\n"
	 "ansinh log tile PATH       (one of those files to stdout)\n"
	 "ansinh log prove (--leaf I | --entry ID) [--size N]\n"
	 "ansinh log consistency --from M [--to N]\n"
	 "ansinh log verify-proof FILE (--key VKEY | --key-file F) [--old-checkpoint FILE]\n"
	 "  Proofs are checked offline against their signed checkpoint (FILE - is stdin).\n"
	 "ansinh log code RECEIPT    (the verification code printed on a receipt)\n"
	 "ansinh log lookup CODE     (đã được ghi nhận / không tìm thấy, with the proof)\n"
	 "ansinh log erase RECEIPT --reason TEXT   (blanks the donor's salt; the leaf stays)\n"
	 "ansinh log watch URL (--key VKEY | --key-file F) [--state FILE]\n"
	 "  URL: a directory from log export, file://DIR or http://HOST:PORT/PATH.  Checks the\n"
	 "  log's checkpoint against the one kept in FILE (default ansinh-watch.checkpoint) and\n"
	 "  the new entries against the tiles; exit 1 on any inconsistency."},
	{"serve", cmd_serve, "the web application: staff workspace, public portal, JSON API",
	 "ansinh serve [--listen ADDR:PORT] [--threads N] [--trusted-proxy ADDR] [--routes]\n"
	 "  Serves the staff pages (/quan-ly), the public portal (/) and the JSON API (/api/)\n"
	 "  on ADDR:PORT (default 127.0.0.1:8080; port 0 picks a free one, printed on stdout).\n"
	 "  --trusted-proxy: the address of the TLS proxy in front, whose X-Forwarded-For and\n"
	 "  X-Forwarded-Proto are believed.  SIGTERM or SIGINT: requests in flight finish, then\n"
	 "  the database is closed.  One access-log line per request on stderr.\n"
	 "  --routes prints every route with the capability it requires, as JSON."},
	{"user", cmd_user, "staff accounts of the web application",
	 "ansinh user add NAME --role ROLE [--unit CODE] [--password-file F]\n"
	 "  ROLE: admin mobiliser clerk propaganda unit_officer fund_manager inspector;\n"
	 "  a unit_officer needs --unit (it works on that unit and the units under it).\n"
	 "  The password is the first line of F, else typed at a prompt (not echoed).\n"
	 "ansinh user list [--format text|csv|json|xlsx] [--out FILE]\n"
	 "ansinh user passwd NAME [--password-file F]   (ends the account's sessions)\n"
	 "ansinh user role NAME ROLE [--unit CODE]   (new role; ends the account's sessions)\n"
	 "ansinh user remove NAME   (ends its sessions, revokes its tokens; the name stays taken)"},
	{"token", cmd_token, "API tokens for programs using the staff JSON API",
	 "ansinh token add --user NAME [--label TEXT]\n"
	 "  Prints a new token once; send it as `Authorization: Bearer TOKEN`.  It acts with\n"
	 "  the account's role.\n"
	 "ansinh token list [--format text|csv|json|xlsx] [--out FILE]\n"
	 "ansinh token revoke ID"},
	{"committee", cmd_committee, "the steering committee: members, roles and duties (R2)",
	 "ansinh committee add --name NAME --role head|deputy|member|assistant|collaborator\n"
	 "                     [--title T] [--organisation O] [--duties TEXT] [--unit CODE]\n"
	 "                     [--phone P] [--user LOGIN]\n"
	 "  --unit: the area the member is in charge of (none: the whole province);\n"
	 "  --user: the staff account the member signs in with, if any.\n"
	 "ansinh committee list [--role ROLE] [--format text|csv|json]\n"
	 "ansinh committee show ID"},
	{"canvass", cmd_canvass, "canvassing: who approaches which prospect, status, next step (R5)",
	 "ansinh canvass add --donor ID --member ID [--campaign CODE]\n"
	 "                   [--status new|contacted|meeting|pledged|declined]\n"
	 "                   [--next TEXT] [--next-date DATE] [--note TEXT]\n"
	 "  The canvasser is a committee member (ansinh committee list).\n"
	 "ansinh canvass update ID [--status S] [--next TEXT] [--next-date DATE] [--note TEXT]\n"
	 "  Options left out keep their value; every update is kept in the history.\n"
	 "ansinh canvass list [--campaign CODE] [--member ID] [--status S] [--unit CODE]\n"
	 "                    [--format text|csv|json]\n"
	 "  Overdue next steps first, then upcoming ones by date.\n"
	 "ansinh canvass history ID [--format text|csv|json]"},
	{"demo", cmd_demo, "fill the database with the Trà Vinh demo campaign",
	 "ansinh demo [--donors N] [--contributions N] [--money-only]\n"
	 "  Creates the database if needed, then the Trà Vinh 2019 campaign, the 2017 one,\n"
	 "  the province's units and targets, donors, contributions and pledges, and the\n"
	 "  people and goods: steering committee, canvassing of businesses, collection\n"
	 "  accounts, goods received, handed over and distributed, one payroll list\n"
	 "  (deterministic).  --money-only leaves out the people and goods (for tests that\n"
	 "  add their own)."},
	{"words", cmd_words, "an amount of đồng in Vietnamese words",
	 "ansinh words N [--dialect north|south]\n"
	 "  N is a whole number of đồng, 0 to 999.999.999.999.999.999, written as 1000000,\n"
	 "  1.000.000, 1,000,000 or \"1 000 000 đ\".  --dialect south reads \"lẻ\" and \"ngàn\"\n"
	 "  for \"linh\" and \"nghìn\".\n"
	 "  ansinh words 232000000000  ->  Hai trăm ba mươi hai tỷ đồng"},
	{"receipt", cmd_receipt, "print a receipt (biên nhận) as PDF, with its verification QR code",
	 "ansinh receipt N --out FILE [--date DATE]\n"
	 "  N: a receipt number (TV2019-000123) or, all digits, a contribution id.  The first\n"
	 "  print is the original; every later print is marked BẢN SAO.  --date: the date line\n"
	 "  (default: the day the contribution was received)."},
	{"letters", cmd_letters, "thank-you letters, invitations and open letters as PDF (R9)",
	 "ansinh letters thanks|invite|open --out DIR [--campaign CODE] [--since DATE]\n"
	 "               [--until DATE] [--min AMOUNT] [--date DATE] [--per-donor]\n"
	 "               [--kind KIND] [--unit CODE] [--guests FILE.csv]\n"
	 "  thanks: one letter per contribution in the period (--per-donor: per donor, with\n"
	 "  the donor's total); invite: donors whose total is at least --min, and/or the\n"
	 "  guests of --guests (columns name[,gender][,title][,xung_ho]); open: every\n"
	 "  donor (of --kind, in --unit's subtree).  One PDF per letter plus STEM-tat-ca.pdf\n"
	 "  with all of them for printing; each letter is recorded (ansinh doc list).\n"
	 "  --date: the date on the letters (default today)."},
	{"honours", cmd_honours, "the honour roll, the ceremony list and certificates of merit (R10)",
	 "ansinh honours --out DIR [--campaign CODE] [--certificates] [--min AMOUNT]\n"
	 "               [--since DATE] [--until DATE] [--date DATE]\n"
	 "  Donors by tier (setting muc_vinh_danh), by amount then name; the ceremony list\n"
	 "  with the total to announce in figures and words; --certificates: one landscape\n"
	 "  certificate per donor on the roll.  Plus ton-vinh-tat-ca.pdf for printing and\n"
	 "  danh-sach-ton-vinh.xlsx, the roll as a workbook."},
	{"doc", cmd_doc, "document settings, letter templates, the record of documents",
	 "ansinh doc settings show [--campaign CODE] [--format text|csv|json]\n"
	 "ansinh doc settings set KEY VALUE [--campaign CODE]\n"
	 "  The issuing body, header style, signer, public URL, honour tiers ... of a campaign.\n"
	 "ansinh doc template list [NAME] [--format text|csv|json]\n"
	 "ansinh doc template show NAME [--version N]\n"
	 "ansinh doc template set NAME FILE   (a new version; checked first)\n"
	 "  Templates: thu-cam-on thu-moi thu-ngo giay-khen (docs/documents.md).\n"
	 "ansinh doc list [--campaign CODE] [--kind KIND] [--limit N]\n"
	 "               [--format text|csv|json|xlsx] [--out FILE]\n"
	 "ansinh doc reproduce ID --out FILE   (the same document again, byte for byte)"},
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
