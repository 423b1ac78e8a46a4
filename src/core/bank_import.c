/* ansinh import bank FILE: a bank statement export into the books.  Every
 * line is stored once (account + transaction number), so overlapping
 * statements import safely; every credit line not yet in the ledger is
 * matched (core/bank_match.c) and recorded at once as a contribution —
 * to its donor when the match is sure, else to the unidentified donor, so
 * the totals are never understated — with the transaction number as the
 * bank reference.  All or nothing, errors as FILE:LINE: column: what. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/checked.h"
#include "base/csv.h"
#include "core/bank.h"
#include "store/bank.h"
#include "text/date.h"
#include "text/fold.h"
#include "text/money.h"
#include "text/utf8.h"

#define PREAMBLE_MAX 30   /* rows before the header that are looked through */
#define ACCOUNT_MAX 40

static const char *const col_names[BC_NCOLS] = {
	"date", "ref", "debit", "credit", "balance", "description", "sender_account",
};

static int fold_eq(const char *a, const char *b)
{
	char *x = text_fold_dup(a), *y = text_fold_dup(b);
	int eq = strcmp(x, y) == 0;
	free(x);
	free(y);
	return eq;
}

static int in_ignore(const struct bank_profile *p, const char *cell)
{
	char *list = xstrdup(p->ignore), *save = NULL;
	int found = 0;
	for (char *t = strtok_r(list, ",", &save); t && !found; t = strtok_r(NULL, ",", &save))
		found = fold_eq(t, cell);
	free(list);
	return found;
}

/* Cells of a row as text (the reader's fields are NUL-terminated). */
static int row_cells(const struct csv_row *row, const char *cells[CSV_MAX_FIELDS])
{
	for (int i = 0; i < row->nfields; i++)
		cells[i] = row->field[i];
	return row->nfields;
}

/* Maps the header row through the profile: every required column present,
 * no column the profile does not know. */
static int map_header(const struct bank_profile *p, const struct csv_row *row, const char *path,
		      int idx[BC_NCOLS], struct err *e)
{
	for (int c = 0; c < BC_NCOLS; c++)
		idx[c] = -1;
	for (int i = 0; i < row->nfields; i++) {
		const char *cell = row->field[i];
		int known = 0;
		if (!text_is_utf8(cell, row->len[i]))
			return err_fail(e, "%s:%ld: header: column %d is not UTF-8", path, row->line,
					i + 1);
		if (strspn(cell, " \t") == row->len[i])
			continue;
		for (int c = 0; c < BC_NCOLS && !known; c++)
			if (p->col[c][0] && idx[c] < 0 && fold_eq(p->col[c], cell)) {
				idx[c] = i;
				known = 1;
			}
		if (!known && !in_ignore(p, cell))
			return err_fail(e, "%s:%ld: %s: unknown column for profile %s (%s)", path,
					row->line, cell, p->name, p->bank);
	}
	for (int c = 0; c < BC_NCOLS; c++)
		if (p->col[c][0] && idx[c] < 0 && c != BC_BALANCE && c != BC_SENDER)
			return err_fail(e, "%s:%ld: %s: column missing (profile %s expects it; is "
					"this a %s statement?)", path, row->line, p->col[c], p->name,
					p->bank);
	return 0;
}

/* "Số tài khoản: 0071000123456" in one cell, or the label and the number
 * in two: the account the statement is for. */
static void preamble_account(const struct csv_row *row, char out[ACCOUNT_MAX])
{
	static const char *const labels[] = {"so tai khoan", "tai khoan", "account", NULL};
	for (int i = 0; i < row->nfields; i++) {
		char *f = text_fold_dup(text_is_utf8(row->field[i], row->len[i]) ? row->field[i] : "");
		for (const char *const *l = labels; *l; l++) {
			size_t n = strlen(*l);
			if (strncmp(f, *l, n) != 0)
				continue;
			const char *rest = f + n;
			while (*rest == ' ')
				rest++;
			/* the number in a later cell (spreadsheets merge the label's
			 * cell over empty ones) */
			for (int j = i + 1; !*rest && j < row->nfields; j++)
				rest = row->field[j];
			size_t k = 0;
			for (const char *q = rest; *q && k + 1 < ACCOUNT_MAX; q++)
				if (*q >= '0' && *q <= '9')
					out[k++] = *q;
				else if (*q != ' ' && *q != '.' && *q != '-')
					break;
			out[k] = '\0';
			if (k >= 6) {
				free(f);
				return;
			}
			out[0] = '\0';
		}
		free(f);
	}
}

/* Reads rows up to the header: the profile given, or the one the header
 * names; the account from the preamble when it says. */
static int find_header(struct csv_reader *r, const struct bank_import_opts *o,
		       struct bank_profile *p, int idx[BC_NCOLS], char account[ACCOUNT_MAX],
		       struct err *e)
{
	struct csv_row row;
	const char *cells[CSV_MAX_FIELDS];
	int got = 0, given = o->profile && o->profile[0];

	account[0] = '\0';
	if (given && bank_profile_get(o->profile, p, e) < 0)
		return -1;
	for (int n = 0; n < PREAMBLE_MAX && (got = csv_next(r, &row, e)) == 1; n++) {
		if (row.blank)
			continue;
		int nc = row_cells(&row, cells);
		int is_header;
		if (given) {
			is_header = 0;
			for (int i = 0; i < nc && !is_header; i++)
				is_header = text_is_utf8(cells[i], row.len[i]) &&
					    (fold_eq(cells[i], p->col[BC_DATE]) ||
					     fold_eq(cells[i], p->col[BC_REF]));
		} else {
			is_header = bank_profile_detect(cells, nc, p);
		}
		if (is_header)
			return map_header(p, &row, o->path, idx, e);
		if (!account[0])
			preamble_account(&row, account);
	}
	if (got < 0)
		return -1;
	if (given)
		return err_fail(e, "%s: no header row with the columns of profile %s (%s, %s, ...): "
				"wrong --profile for this file?", o->path, p->name, p->col[BC_DATE],
				p->col[BC_REF]);
	struct buf names = BUF_INIT;
	bank_profile_names(&names);
	err_fail(e, "%s: no header row of a known bank (%s); give --profile NAME or FILE.conf",
		 o->path, names.p);
	buf_free(&names);
	return -1;
}

/* What one import keeps between lines. */
struct bank_run {
	struct db *db;
	const struct actor *a;
	const struct bank_import_opts *o;
	struct bank_import_result *res;
	struct matcher m;
	struct match mt;
	struct write_batch wb;
	struct buf receipt;
	struct strmap campaigns; /* date -> campaign id */
	int64_t book_income; /* income of the whole book so far */
	int book_read;       /* book_income read from the store */
	int64_t fixed_campaign, unidentified, statement_id;
	int threshold;
	const char *now;
	struct bank_line_row found; /* filled by take_line */
	struct buf found_desc;
};

static int take_line(void *ctx, const struct bank_line_row *l)
{
	struct bank_run *b = ctx;
	b->found = *l;
	buf_reset(&b->found_desc);
	buf_puts(&b->found_desc, l->description);
	buf_putc(&b->found_desc, '\0');
	buf_puts(&b->found_desc, l->date);
	b->found.description = b->found_desc.p;
	b->found.date = b->found_desc.p + strlen(l->description) + 1;
	b->found.account = b->found.txn_no = b->found.status = b->found.reason = NULL;
	b->found.sender = b->found.suggest_name = b->found.donor_name = NULL;
	return 0;
}

static int campaign_of(struct bank_run *b, const char *date, int64_t *id, struct err *e)
{
	struct campaign_row c;
	if (b->fixed_campaign) {
		*id = b->fixed_campaign;
		return 0;
	}
	if (strmap_get(&b->campaigns, date, strlen(date), id))
		return 0;
	if (campaign_resolve(b->db, NULL, date, &c, e) < 0)
		return -1;
	strmap_put(&b->campaigns, date, strlen(date), c.id);
	*id = c.id;
	return 0;
}

/* The ceiling of the books (MONEY_BOOK_MAX, every campaign together),
 * counted in memory from one read. */
static int income_add(struct bank_run *b, int64_t amount, struct err *e)
{
	if (!b->book_read) {
		if (store_book_income(b->db, &b->book_income, e) < 0)
			return -1;
		b->book_read = 1;
	}
	if (amount > MONEY_ENTRY_MAX || i64_add(b->book_income, amount, &b->book_income) < 0 ||
	    b->book_income > MONEY_BOOK_MAX)
		return err_fail(e, "credit: would take the books past the largest total they hold "
				"(10^18 đồng, all campaigns together)");
	return 0;
}

/* A new credit line: matched, recorded as a contribution, described. */
static int credit_line(struct bank_run *b, struct bank_line_row *l, struct err *e)
{
	struct contribution_input in = {0};
	struct match *mt = &b->mt;
	int64_t existing;
	int found = store_bank_ref_contribution(b->db, l->txn_no, &existing, e);
	if (found < 0)
		return -1;
	if (found) {
		l->status = "existing";
		l->contribution_id = existing;
		l->reason = "số giao dịch đã có trong sổ";
		b->res->existing++;
		return 0;
	}
	matcher_match(&b->m, l->description, l->sender, l->credit, mt);
	if (!(l->sender && l->sender[0]) && mt->sender[0])
		l->sender = mt->sender; /* "CT tu 0071000123456": kept to learn from */
	int sure = mt->donor_id && !mt->ambiguous && mt->score >= b->threshold;
	l->suggest_donor = mt->donor_id;
	l->suggest_pledge = mt->pledge_id;
	l->score = mt->score;
	l->reason = mt->reason.p ? mt->reason.p : "";
	if (sure) {
		l->status = "auto";
		matcher_learn(&b->m, l->sender, mt->donor_id);
		in.donor_id = mt->donor_id;
		in.pledge_id = mt->pledge_id;
		b->res->auto_matched++;
	} else {
		l->status = mt->donor_id ? "pending" : "unmatched";
		in.donor_id = b->unidentified;
		if (mt->donor_id)
			b->res->queued++;
		else
			b->res->unmatched++;
	}
	if (in.pledge_id && mt->campaign_id)
		in.campaign_id = mt->campaign_id;
	else if (campaign_of(b, l->date, &in.campaign_id, e) < 0)
		return -1;
	if (income_add(b, l->credit, e) < 0)
		return -1;
	if (!matcher_identity(&b->m, in.donor_id, &in.donor_name, &in.donor_tax_code,
			      &in.unit_id))
		in.donor_name = NULL; /* contribution_record reads them */
	in.channel = "transfer";
	in.amount = l->credit;
	in.date = l->date;
	in.bank_ref = l->txn_no;
	if (contribution_record(b->db, b->a, &in, b->now, &b->wb, &l->contribution_id, &b->receipt,
				e) < 0)
		return -1;
	if (in.pledge_id)
		matcher_pay(&b->m, in.pledge_id, l->credit);
	b->res->credited += l->credit;
	return 0;
}

static int parse_amount(const char *cell, const char *col, int64_t *out, struct err *e)
{
	*out = 0;
	if (cell == NULL || !strcmp(cell, "0") || !strcmp(cell, "-"))
		return 0;
	if (money_parse(cell, out, e) < 0) {
		err_prefix(e, "%s: ", col);
		return -1;
	}
	return 0;
}

/* One data row (cells cleaned).  Messages without the FILE:LINE prefix. */
static int bank_row(struct bank_run *b, char *cell[BC_NCOLS], long line, struct err *e)
{
	struct bank_line_row l = {0};
	char date[DATE_MAX], day[32];
	int64_t id;

	if (cell[BC_DATE] == NULL)
		return err_fail(e, "date: empty");
	snprintf(day, sizeof day, "%.*s", (int)strcspn(cell[BC_DATE], " T"), cell[BC_DATE]);
	if (date_parse(day, date, e) < 0) {
		err_prefix(e, "date: ");
		return -1;
	}
	if (cell[BC_REF] == NULL)
		return err_fail(e, "ref: empty (every line needs its transaction number)");
	if (strlen(cell[BC_REF]) > 64)
		return err_fail(e, "ref: longer than 64 bytes");
	if (parse_amount(cell[BC_DEBIT], "debit", &l.debit, e) < 0 ||
	    parse_amount(cell[BC_CREDIT], "credit", &l.credit, e) < 0)
		return -1;
	if ((l.debit == 0) == (l.credit == 0))
		return err_fail(e, "credit: a line has either a debit or a credit amount (debit %s, "
				"credit %s)", cell[BC_DEBIT] ? cell[BC_DEBIT] : "empty",
				cell[BC_CREDIT] ? cell[BC_CREDIT] : "empty");
	if (cell[BC_BALANCE]) {
		if (parse_amount(cell[BC_BALANCE], "balance", &l.balance, e) < 0)
			return -1;
		l.has_balance = 1;
	}
	l.account = b->res->account;
	l.txn_no = cell[BC_REF];
	l.statement_id = b->statement_id;
	l.source_line = line;
	l.date = date;
	l.description = cell[BC_DESC] ? cell[BC_DESC] : "";
	l.sender = cell[BC_SENDER];
	b->res->lines++;

	int found = store_bank_line_get(b->db, 0, l.account, l.txn_no, take_line, b, e);
	if (found < 0)
		return -1;
	if (found) {
		if (b->found.statement_id == b->statement_id)
			return err_fail(e, "ref: transaction '%s' appears twice in the file (lines "
					"%lld and %ld)", l.txn_no, (long long)b->found.source_line,
					line);
		if (b->found.debit != l.debit || b->found.credit != l.credit ||
		    strcmp(b->found.date, l.date) || strcmp(b->found.description, l.description))
			return err_fail(e, "ref: transaction '%s' was imported before (statement %lld, "
					"line %lld) with other figures", l.txn_no,
					(long long)b->found.statement_id,
					(long long)b->found.source_line);
		b->res->known++;
		return 0;
	}
	if (l.debit) {
		l.status = "debit";
		b->res->debits++;
	} else {
		b->res->credits++;
		if (credit_line(b, &l, e) < 0)
			return -1;
	}
	if (store_bank_line_insert(b->db, &l, &id, e) < 0)
		return -1;
	b->res->stored_new++;
	return 0;
}

int bank_import(struct db *db, const struct actor *a, const struct bank_import_opts *o,
		struct bank_import_result *res, struct err *e)
{
	struct bank_run *b = xcalloc(1, sizeof *b);
	struct bank_profile prof;
	struct csv_reader *r = NULL;
	struct csv_row row;
	char *cell[BC_NCOLS] = {0};
	char sha[65], now[32], account[ACCOUNT_MAX], detail[200];
	int idx[BC_NCOLS], got, rc = -1, in_tx = 0;

	memset(res, 0, sizeof *res);
	b->db = db;
	b->a = a;
	b->o = o;
	b->res = res;
	b->now = now;
	matcher_init(&b->m);
	core_now(now);
	if (file_sha256(o->path, sha, e) < 0 || csv_open(&r, o->path, e) < 0 ||
	    find_header(r, o, &prof, idx, account, e) < 0)
		goto cleanup;
	snprintf(res->profile, sizeof res->profile, "%s", prof.name);
	if (o->account && o->account[0]) {
		if (account[0] && strcmp(account, o->account) != 0) {
			err_fail(e, "%s: the statement is for account %s, not %s (--account)", o->path,
				 account, o->account);
			goto cleanup;
		}
		snprintf(account, sizeof account, "%s", o->account);
	} else if (!account[0]) {
		err_usage(e, "%s: the statement does not say its account number: give --account ACC",
			  o->path);
		goto cleanup;
	}
	snprintf(res->account, sizeof res->account, "%s", account);
	if (o->campaign && o->campaign[0]) {
		struct campaign_row c;
		if (campaign_resolve(db, o->campaign, NULL, &c, e) < 0)
			goto cleanup;
		b->fixed_campaign = c.id;
	}

	db_bulk_mode(db, 1);
	if (db_begin(db, e) < 0) {
		db_bulk_mode(db, 0);
		goto cleanup;
	}
	in_tx = 1;
	if (reconcile_threshold(db, &b->threshold, e) < 0 ||
	    reconcile_unidentified(db, now, &b->unidentified, e) < 0 ||
	    matcher_load(db, &b->m, e) < 0 ||
	    store_bank_statement_insert(db, account, prof.name, o->name ? o->name : o->path, sha,
					a->name, now, &b->statement_id, e) < 0)
		goto cleanup;
	b->m.unidentified = b->unidentified;
	while ((got = csv_next(r, &row, e)) == 1) {
		if (row.blank)
			continue;
		if (csv_clean_cells(&row, o->path, idx, col_names, BC_NCOLS, cell, e) < 0)
			goto cleanup;
		if (bank_row(b, cell, row.line, e) < 0) {
			err_prefix(e, "%s:%ld: ", o->path, row.line);
			goto cleanup;
		}
	}
	if (got < 0)
		goto cleanup;
	if (res->stored_new == 0) { /* a statement imported before: nothing changes */
		db_rollback(db);
		in_tx = 0;
		rc = 0;
		goto cleanup;
	}
	snprintf(detail, sizeof detail, "account %s, profile %s: %lld lines, %lld new, %lld auto, "
		 "%lld waiting, sha256 %.16s", account, prof.name, (long long)res->lines,
		 (long long)res->stored_new, (long long)res->auto_matched,
		 (long long)(res->queued + res->unmatched), sha);
	if (write_batch_flush(db, &b->wb, e) < 0 ||
	    store_bank_statement_finish(db, b->statement_id, res->lines, res->stored_new, e) < 0 ||
	    store_audit(db, now, a->name, "import.bank", o->name ? o->name : o->path, detail, e) < 0 ||
	    db_commit(db, e) < 0)
		goto cleanup;
	in_tx = 0;
	rc = 0;
cleanup:
	if (in_tx)
		db_rollback(db);
	csv_free_cells(cell, BC_NCOLS);
	csv_close(r);
	matcher_free(&b->m);
	buf_free(&b->mt.reason);
	buf_free(&b->receipt);
	buf_free(&b->found_desc);
	strmap_free(&b->campaigns);
	free(b);
	return rc;
}
