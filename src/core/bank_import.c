/* ansinh import bank FILE: a bank statement export into the books.  Every
 * line is stored once (account + transaction number), so overlapping
 * statements import safely; every credit line not yet in the ledger is
 * matched (core/bank_match.c) and recorded at once as a contribution —
 * to its donor when the match is sure, else to the unidentified donor, so
 * the totals are never understated — with the transaction number as the
 * bank reference.  All or nothing, errors as FILE:LINE: column: what. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/checked.h"
#include "base/csv.h"
#include "core/bank.h"
#include "store/bank.h"
#include "store/money_in.h"
#include "text/date.h"
#include "text/fold.h"
#include "text/money.h"
#include "text/utf8.h"

#define PREAMBLE_MAX 30   /* rows before the header that are looked through */
#define ACCOUNT_MAX 40

static const char *const col_names[BC_NCOLS] = {
	"date", "ref", "debit", "credit", "balance", "description", "sender_account",
};
/* The same in Vietnamese, as the catalogue names them in its messages
 * (src/text/messages_vi.c: "ngày: ", "ghi có: ", ...). */
static const char *const col_names_vi[BC_NCOLS] = {
	"ngày", "số giao dịch", "ghi nợ", "ghi có", "số dư", "nội dung", "tài khoản đối ứng",
};

/* The names a message gives the columns, in the thread's language. */
static const char *const *col_labels(void)
{
	return err_lang_get() == ERR_LANG_VI ? col_names_vi : col_names;
}

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

/* The import runs on two threads.  The reader reads the file, cleans and
 * checks each line, looks it up among the lines and bank references
 * stored before this import (through a connection of its own, which sees
 * the database as the writer's transaction found it) and matches it; the
 * writer records what the reader made ready, in file order, in the one
 * transaction of the import.  The reader hands lines over CHUNK_LINES at a
 * time and runs at most CHUNKS chunks ahead.  A transaction number seen
 * twice in the file is caught by the writer, which sees its own rows: the
 * reader keeps a hash of every number it has read and flags a repeat. */
#define CHUNK_LINES 256
#define CHUNKS 4
#define NO_TEXT UINT32_MAX

/* A line made ready by the reader: debit, existing, auto, pending or
 * unmatched (lines imported before are counted, not handed over).  Texts
 * are offsets into its chunk's text, the donor's name and tax code too
 * (the writer never reads the matcher). */
struct prep {
	long line;
	int64_t debit, credit, balance;
	int has_balance;
	int twice;  /* its transaction number's hash was seen before in the file */
	int record; /* a new credit line: record it as a contribution (in) */
	uint32_t txn_no, date, description, sender, reason, donor_name, donor_tax;
	uint32_t bank_ref; /* the contribution's bank reference when not txn_no (has_ref) */
	int has_ref;
	const char *status;
	int64_t suggest_donor, suggest_pledge, contribution_id;
	int score;
	struct contribution_input in;
};

struct chunk {
	struct prep line[CHUNK_LINES];
	int n;
	int last;       /* the reader stops after this chunk */
	struct buf text;
	struct err err; /* set: the reader failed after these lines */
};

/* A stored line as read back (take_line), its texts kept in text. */
struct seen {
	struct bank_line_row row;
	struct buf text;
};

/* What one import keeps between lines. */
struct bank_run {
	enum err_lang lang; /* the calling thread's, for the reader's messages */
	struct db *db; /* the writer's connection, in the transaction */
	struct db *rd; /* the reader's */
	const struct actor *a;
	const struct bank_import_opts *o;
	struct bank_import_result *res;
	const char *now;
	char sha256[65];
	int64_t statement_id;
	/* the reader's */
	struct csv_reader *r;
	int idx[BC_NCOLS];
	char *cell[BC_NCOLS];
	struct matcher m;
	struct match mt;
	struct strmap campaigns; /* date -> campaign id */
	int64_t book_income; /* income of the whole book so far */
	int book_read;       /* book_income read from the store */
	int64_t fixed_campaign, unidentified;
	int threshold;
	struct hashset txns; /* the transaction numbers read */
	struct seen seen_r;
	/* the writer's */
	struct write_batch wb;
	struct buf receipt;
	struct seen seen_w;
	/* between the two */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct chunk *chunk[CHUNKS];
	uint64_t produced, consumed;
	int stop; /* the writer gave up: the reader ends */
	int hashed, loaded; /* sha256 made (by the reader), matcher loaded (by the writer) */
	struct err hash_err; /* set: sha256 could not be made */
};

static int take_line(void *ctx, const struct bank_line_row *l)
{
	struct seen *f = ctx;
	f->row = *l;
	buf_reset(&f->text);
	buf_puts(&f->text, l->description);
	buf_putc(&f->text, '\0');
	buf_puts(&f->text, l->date);
	f->row.description = f->text.p;
	f->row.date = f->text.p + strlen(l->description) + 1;
	f->row.account = f->row.txn_no = f->row.status = f->row.reason = NULL;
	f->row.sender = f->row.suggest_name = f->row.donor_name = NULL;
	return 0;
}

/* l is stored already (as f): an error when it is a second line of this
 * statement or the bank's figures differ; else 0, a known line. */
static int known_line(const struct bank_run *b, const struct bank_line_row *f,
		      const struct bank_line_row *l, struct err *e)
{
	if (f->statement_id == b->statement_id)
		return err_fail(e, "ref: transaction '%s' appears twice in the file (lines "
				"%lld and %lld)", l->txn_no, (long long)f->source_line,
				(long long)l->source_line);
	if (f->debit != l->debit || f->credit != l->credit || strcmp(f->date, l->date) ||
	    strcmp(f->description, l->description))
		return err_fail(e, "ref: transaction '%s' was imported before (statement %lld, "
				"line %lld) with other figures", l->txn_no,
				(long long)f->statement_id, (long long)f->source_line);
	return 0;
}

static uint32_t text_put(struct chunk *c, const char *s)
{
	uint32_t off;
	if (s == NULL)
		return NO_TEXT;
	if (c->text.len > UINT32_MAX / 2)
		fatal("bank import: a chunk's text is too long");
	off = (uint32_t)c->text.len;
	buf_puts(&c->text, s);
	buf_putc(&c->text, '\0');
	return off;
}

static const char *text_at(const struct chunk *c, uint32_t off)
{
	return off == NO_TEXT ? NULL : c->text.p + off;
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
	if (campaign_resolve(b->rd, NULL, date, &c, e) < 0)
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
		if (store_book_income(b->rd, &b->book_income, e) < 0)
			return -1;
		b->book_read = 1;
	}
	if (amount > MONEY_ENTRY_MAX || i64_add(b->book_income, amount, &b->book_income) < 0 ||
	    b->book_income > MONEY_BOOK_MAX)
		return err_fail(e, "credit: would take the books past the largest total they hold "
				"(10^18 đồng, all campaigns together)");
	return 0;
}

/* A new credit line (the reader): already in the ledger, or matched and
 * made ready to be recorded as a contribution. */
static int credit_line(struct bank_run *b, struct chunk *c, struct prep *p, const char *txn_no,
		       const char *date, const char *description, const char *sender,
		       struct err *e)
{
	struct contribution_input *in = &p->in;
	struct match *mt = &b->mt;
	int64_t existing;
	int found = store_bank_ref_contribution(b->rd, txn_no, &existing, e);
	if (found < 0)
		return -1;
	if (found) {
		/* the same number on a line of another account is another transfer
		 * (banks number independently): recorded under ACCOUNT:NUMBER */
		int elsewhere = store_bank_ref_elsewhere(b->rd, txn_no, b->res->account, existing, e);
		if (elsewhere < 0)
			return -1;
		if (elsewhere) {
			struct buf ref = BUF_INIT;
			buf_printf(&ref, "%s:%s", b->res->account, txn_no);
			found = store_bank_ref_contribution(b->rd, ref.p, &existing, e);
			p->bank_ref = text_put(c, ref.p);
			p->has_ref = 1;
			buf_free(&ref);
			if (found < 0)
				return -1;
		}
	}
	if (found) {
		p->status = "existing";
		p->contribution_id = existing;
		p->reason = text_put(c, "số giao dịch đã có trong sổ");
		b->res->existing++;
		return 0;
	}
	matcher_match(&b->m, description, sender, p->credit, mt);
	if (!(sender && sender[0]) && mt->sender[0])
		p->sender = text_put(c, mt->sender); /* "CT tu 0071000123456": kept to learn from */
	int sure = mt->donor_id && !mt->ambiguous && mt->score >= b->threshold;
	p->suggest_donor = mt->donor_id;
	p->suggest_pledge = mt->pledge_id;
	p->score = mt->score;
	p->reason = text_put(c, mt->reason.p ? mt->reason.p : "");
	if (sure) {
		p->status = "auto";
		/* the account on the line, or the one its text gave ("CT tu ...") */
		matcher_learn(&b->m, sender && sender[0] ? sender : mt->sender, mt->donor_id);
		in->donor_id = mt->donor_id;
		in->pledge_id = mt->pledge_id;
		b->res->auto_matched++;
	} else {
		p->status = mt->donor_id ? "pending" : "unmatched";
		in->donor_id = b->unidentified;
		if (mt->donor_id)
			b->res->queued++;
		else
			b->res->unmatched++;
	}
	if (in->pledge_id && mt->campaign_id)
		in->campaign_id = mt->campaign_id;
	else if (campaign_of(b, date, &in->campaign_id, e) < 0)
		return -1;
	if (income_add(b, p->credit, e) < 0)
		return -1;
	const char *name = NULL, *tax = NULL;
	if (!matcher_identity(&b->m, in->donor_id, &name, &tax, &in->unit_id))
		name = tax = NULL; /* contribution_record reads them */
	p->donor_name = text_put(c, name);
	p->donor_tax = text_put(c, tax);
	in->channel = "transfer";
	in->amount = p->credit;
	p->record = 1;
	if (in->pledge_id)
		matcher_pay(&b->m, in->pledge_id, p->credit);
	return 0;
}

static int parse_amount(const char *cell, enum bank_col col, int64_t *out, struct err *e)
{
	*out = 0;
	if (cell == NULL || !strcmp(cell, "0") || !strcmp(cell, "-"))
		return 0;
	if (money_parse(cell, out, e) < 0) {
		err_prefix(e, "%s: ", col_labels()[col]);
		return -1;
	}
	return 0;
}

/* One data row (cells cleaned), by the reader: a line made ready in c, or
 * none when it was imported before.  Messages without the FILE:LINE
 * prefix. */
static int bank_row(struct bank_run *b, struct chunk *c, char *cell[BC_NCOLS], long line,
		    struct err *e)
{
	struct bank_line_row l = {0};
	char date[DATE_MAX], day[32];

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
	if (parse_amount(cell[BC_DEBIT], BC_DEBIT, &l.debit, e) < 0 ||
	    parse_amount(cell[BC_CREDIT], BC_CREDIT, &l.credit, e) < 0)
		return -1;
	if ((l.debit == 0) == (l.credit == 0))
		return err_fail(e, "credit: a line has either a debit or a credit amount (debit %s, "
				"credit %s)", cell[BC_DEBIT] ? cell[BC_DEBIT] : "empty",
				cell[BC_CREDIT] ? cell[BC_CREDIT] : "empty");
	if (cell[BC_BALANCE]) {
		if (parse_amount(cell[BC_BALANCE], BC_BALANCE, &l.balance, e) < 0)
			return -1;
		l.has_balance = 1;
	}
	l.account = b->res->account;
	l.txn_no = cell[BC_REF];
	l.source_line = line;
	l.date = date;
	l.description = cell[BC_DESC] ? cell[BC_DESC] : "";
	b->res->lines++;

	int twice = hashset_add(&b->txns, l.txn_no, strlen(l.txn_no));
	int found = store_bank_line_get(b->rd, 0, l.account, l.txn_no, take_line, &b->seen_r, e);
	if (found < 0)
		return -1;
	if (found) {
		if (known_line(b, &b->seen_r.row, &l, e) < 0)
			return -1;
		b->res->known++;
		return 0;
	}
	struct prep *p = &c->line[c->n];
	memset(p, 0, sizeof *p);
	p->line = line;
	p->debit = l.debit;
	p->credit = l.credit;
	p->balance = l.balance;
	p->has_balance = l.has_balance;
	p->twice = twice;
	p->txn_no = text_put(c, l.txn_no);
	p->date = text_put(c, l.date);
	p->description = text_put(c, l.description);
	p->sender = text_put(c, cell[BC_SENDER]);
	p->reason = p->donor_name = p->donor_tax = NO_TEXT;
	if (l.debit) {
		p->status = "debit";
		b->res->debits++;
	} else {
		b->res->credits++;
		if (credit_line(b, c, p, l.txn_no, l.date, l.description, cell[BC_SENDER], e) < 0)
			return -1;
	}
	c->n++;
	return 0;
}

/* The reader fills c with up to CHUNK_LINES lines; 1 when it is the last
 * (end of the file or an error, in c->err). */
static int fill_chunk(struct bank_run *b, struct chunk *c)
{
	struct csv_row row;
	int got;
	c->n = 0;
	c->last = 0;
	buf_reset(&c->text);
	err_clear(&c->err);
	while (c->n < CHUNK_LINES) {
		if ((got = csv_next(b->r, &row, &c->err)) != 1)
			break;
		if (row.blank)
			continue;
		if (csv_clean_cells(&row, b->o->path, b->idx,
				    col_labels(), BC_NCOLS, b->cell,
				    &c->err) < 0)
			break;
		if (bank_row(b, c, b->cell, row.line, &c->err) < 0) {
			err_prefix(&c->err, "%s:%ld: ", b->o->path, row.line);
			break;
		}
	}
	c->last = c->n < CHUNK_LINES;
	return c->last;
}

/* The reader's start: the file's sha256 while the writer loads the
 * matcher, which the reader waits for. */
static int reader_start(struct bank_run *b)
{
	int rc = file_sha256(b->o->path, b->sha256, &b->hash_err);
	pthread_mutex_lock(&b->mu);
	b->hashed = 1;
	pthread_cond_broadcast(&b->cv);
	while (!b->loaded && !b->stop)
		pthread_cond_wait(&b->cv, &b->mu);
	int stop = b->stop;
	pthread_mutex_unlock(&b->mu);
	return rc < 0 || stop ? -1 : 0;
}

static void *reader_main(void *arg)
{
	struct bank_run *b = arg;
	err_lang_set(b->lang); /* its errors in the caller's language (the web's Vietnamese) */
	if (reader_start(b) < 0)
		return NULL;
	for (int last = 0; !last;) {
		pthread_mutex_lock(&b->mu);
		while (b->produced - b->consumed == CHUNKS && !b->stop)
			pthread_cond_wait(&b->cv, &b->mu);
		int stop = b->stop;
		pthread_mutex_unlock(&b->mu);
		if (stop)
			break;
		last = fill_chunk(b, b->chunk[b->produced % CHUNKS]);
		pthread_mutex_lock(&b->mu);
		b->produced++;
		pthread_cond_broadcast(&b->cv);
		pthread_mutex_unlock(&b->mu);
	}
	return NULL;
}

/* The writer: one line made ready by the reader, stored. */
static int write_line(struct bank_run *b, const struct chunk *c, struct prep *p, struct err *e)
{
	struct bank_line_row l = {0};

	l.account = b->res->account;
	l.txn_no = text_at(c, p->txn_no);
	l.statement_id = b->statement_id;
	l.source_line = p->line;
	l.date = text_at(c, p->date);
	l.description = text_at(c, p->description);
	l.sender = text_at(c, p->sender);
	l.debit = p->debit;
	l.credit = p->credit;
	l.balance = p->balance;
	l.has_balance = p->has_balance;
	l.status = p->status;
	l.reason = text_at(c, p->reason);
	l.suggest_donor = p->suggest_donor;
	l.suggest_pledge = p->suggest_pledge;
	l.score = p->score;
	l.contribution_id = p->contribution_id;
	if (p->twice) { /* the rows kept for writing are read too */
		if (db_defer_flush(b->db, e) < 0)
			return -1;
		int found = store_bank_line_get(b->db, 0, l.account, l.txn_no, take_line, &b->seen_w,
						e);
		if (found < 0 || (found && known_line(b, &b->seen_w.row, &l, e) < 0))
			return -1;
		if (found) /* cannot be: the reader saw no such line before */
			return err_fail(e, "ref: transaction '%s' was stored while importing",
					l.txn_no);
	}
	if (p->record) {
		p->in.date = l.date;
		p->in.bank_ref = p->has_ref ? text_at(c, p->bank_ref) : l.txn_no;
		p->in.donor_name = text_at(c, p->donor_name);
		p->in.donor_tax_code = text_at(c, p->donor_tax);
		if (contribution_record(b->db, b->a, &p->in, b->now, &b->wb, &l.contribution_id,
					&b->receipt, e) < 0)
			return -1;
		b->res->credited += l.credit;
	}
	if (store_bank_line_insert(b->db, &l, e) < 0)
		return -1;
	b->res->stored_new++;
	return 0;
}

/* The writer's side of the pipeline: every chunk in order until the
 * reader's last.  The reader is stopped and joined before returning. */
static int write_all(struct bank_run *b, pthread_t reader, struct err *e)
{
	int rc = 0;
	for (int last = 0; !last && rc == 0;) {
		pthread_mutex_lock(&b->mu);
		while (b->produced == b->consumed)
			pthread_cond_wait(&b->cv, &b->mu);
		pthread_mutex_unlock(&b->mu);
		struct chunk *c = b->chunk[b->consumed % CHUNKS];
		for (int i = 0; i < c->n && rc == 0; i++)
			if (write_line(b, c, &c->line[i], e) < 0) {
				err_prefix(e, "%s:%ld: ", b->o->path, c->line[i].line);
				rc = -1;
			}
		if (rc == 0 && err_is_set(&c->err)) {
			*e = c->err;
			rc = -1;
		}
		last = c->last;
		pthread_mutex_lock(&b->mu);
		b->consumed++;
		b->stop = rc < 0;
		pthread_cond_broadcast(&b->cv);
		pthread_mutex_unlock(&b->mu);
	}
	pthread_join(reader, NULL);
	db_rollback(b->rd); /* its snapshot would hold back the checkpoint of the commit */
	return rc;
}

/* The writer's start, the reader making the file's sha256 meanwhile: the
 * matcher loaded (the donors as the transaction sees them, the
 * unidentified donor included) and handed to the reader, the statement
 * stored.  On an error the reader is told to stop. */
static int writer_start(struct bank_run *b, struct err *e)
{
	int rc = matcher_load(b->db, &b->m, e);
	b->m.unidentified = b->unidentified;
	pthread_mutex_lock(&b->mu);
	b->loaded = 1;
	b->stop = rc < 0;
	pthread_cond_broadcast(&b->cv);
	while (!b->hashed)
		pthread_cond_wait(&b->cv, &b->mu);
	pthread_mutex_unlock(&b->mu);
	if (rc == 0 && err_is_set(&b->hash_err)) {
		*e = b->hash_err;
		rc = -1;
	}
	if (rc == 0)
		rc = store_bank_statement_insert(b->db, b->res->account, b->res->profile,
						 b->o->name ? b->o->name : b->o->path, b->sha256,
						 b->a->name, b->now, &b->statement_id, e);
	if (rc < 0) {
		pthread_mutex_lock(&b->mu);
		b->stop = 1;
		pthread_cond_broadcast(&b->cv);
		pthread_mutex_unlock(&b->mu);
	}
	return rc;
}

/* Inside the transaction: what the reader needs, the reader started, the
 * lines written. */
static int run_pipeline(struct bank_run *b, struct err *e)
{
	pthread_t reader;
	if (reconcile_threshold(b->db, &b->threshold, e) < 0 ||
	    reconcile_unidentified(b->db, b->now, &b->unidentified, e) < 0)
		return -1;
	for (int i = 0; i < CHUNKS; i++)
		b->chunk[i] = xcalloc(1, sizeof *b->chunk[i]);
	b->lang = err_lang_get();
	if (pthread_create(&reader, NULL, reader_main, b) != 0)
		return err_fail(e, "bank import: cannot start the reader thread");
	if (writer_start(b, e) < 0) {
		pthread_join(reader, NULL);
		db_rollback(b->rd);
		return -1;
	}
	return write_all(b, reader, e);
}

struct account_seen {
	const char *account;
	int registered, found;
};

static int see_account(void *ctx, const struct collection_account_row *r)
{
	struct account_seen *as = ctx;
	as->registered++;
	as->found |= strcmp(r->account, as->account) == 0;
	return 0;
}

/* *unregistered: collection accounts are known and this is none of them. */
static int registered_account(struct db *db, const char *account, int *unregistered,
			      struct err *e)
{
	struct account_seen as = {account, 0, 0};
	if (store_collection_account_each(db, 0, see_account, &as, e) < 0)
		return -1;
	*unregistered = as.registered > 0 && !as.found;
	return 0;
}

int bank_import(struct db *db, const struct actor *a, const struct bank_import_opts *o,
		struct bank_import_result *res, struct err *e)
{
	struct bank_run *b = xcalloc(1, sizeof *b);
	struct bank_profile prof;
	char now[32], account[ACCOUNT_MAX], detail[200];
	int rc = -1, in_tx = 0;

	memset(res, 0, sizeof *res);
	b->db = db;
	b->a = a;
	b->o = o;
	b->res = res;
	b->now = now;
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->cv, NULL);
	matcher_init(&b->m);
	core_now(now);
	if (csv_open(&b->r, o->path, e) < 0 || find_header(b->r, o, &prof, b->idx, account, e) < 0)
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
	if (registered_account(db, account, &res->unregistered, e) < 0)
		goto cleanup;
	if (o->campaign && o->campaign[0]) {
		struct campaign_row c;
		if (campaign_resolve(db, o->campaign, NULL, &c, e) < 0)
			goto cleanup;
		b->fixed_campaign = c.id;
	}
	/* the reader's connection, opened before the transaction begins; its
	 * read transaction takes its snapshot at its first read, once the
	 * writer holds the write lock: what the writer's transaction started
	 * from */
	if (db_open(&b->rd, db_path(db), DB_OPEN_EXISTING, e) < 0 || db_begin_read(b->rd, e) < 0)
		goto cleanup;

	db_bulk_mode(db, 1);
	if (db_begin(db, e) < 0) {
		db_bulk_mode(db, 0);
		goto cleanup;
	}
	in_tx = 1;
	db_defer(db);
	if (run_pipeline(b, e) < 0)
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
		 (long long)(res->queued + res->unmatched), b->sha256);
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
	db_close(b->rd);
	csv_free_cells(b->cell, BC_NCOLS);
	csv_close(b->r);
	matcher_free(&b->m);
	buf_free(&b->mt.reason);
	buf_free(&b->receipt);
	buf_free(&b->seen_r.text);
	buf_free(&b->seen_w.text);
	strmap_free(&b->campaigns);
	hashset_free(&b->txns);
	for (int i = 0; i < CHUNKS; i++)
		if (b->chunk[i]) {
			buf_free(&b->chunk[i]->text);
			free(b->chunk[i]);
		}
	pthread_cond_destroy(&b->cv);
	pthread_mutex_destroy(&b->mu);
	free(b);
	return rc;
}
