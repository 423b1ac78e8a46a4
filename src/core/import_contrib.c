/* ansinh import contributions FILE.csv — the bulk-import contract of issue
 * #2: all or nothing, safe to run twice, errors as FILE:LINE: column: what. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/checked.h"
#include "base/csv.h"
#include "base/strmap.h"
#include "core/core.h"
#include "store/store.h"
#include "text/date.h"
#include "text/money.h"

enum {
	C_DATE, C_DONOR, C_KIND, C_UNIT, C_AMOUNT, C_CHANNEL, C_ANONYMOUS, C_TAX_CODE, C_PLEDGE,
	C_BANK_REF, C_GOODS, C_NOTE, C_NCOLS
};
static const char *const col_names[C_NCOLS] = {
	"date", "donor", "kind", "unit", "amount", "channel", "anonymous", "tax_code", "pledge",
	"bank_ref", "goods", "note",
};
static const int col_required[C_NCOLS] = {1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0};

#define MAX_CAMPAIGNS 256

/* Campaigns are few; rows pick theirs by date without a query each. */
struct campaigns {
	struct campaign_row c[MAX_CAMPAIGNS];
	int n;
	int fixed; /* --campaign given: c[0] for every row */
};

static int collect_campaign(void *ctx, const struct campaign_row *c)
{
	struct campaigns *cs = ctx;
	if (cs->n < MAX_CAMPAIGNS)
		cs->c[cs->n++] = *c;
	return 0;
}

static const struct campaign_row *campaign_for(const struct campaigns *cs, const char *date)
{
	const struct campaign_row *best = NULL, *latest = NULL;
	if (cs->fixed)
		return &cs->c[0];
	for (int i = 0; i < cs->n; i++) {
		const struct campaign_row *c = &cs->c[i];
		if (strcmp(date, c->start) >= 0 && strcmp(date, c->end) <= 0 &&
		    (best == NULL || strcmp(c->start, best->start) >= 0))
			best = c;
		if (latest == NULL || strcmp(c->start, latest->start) >= 0)
			latest = c;
	}
	return best ? best : latest;
}

static void progress_draw(const struct csv_reader *r, int64_t rows, int done)
{
	uint64_t size = csv_size(r), off = csv_offset(r);
	int pct = size ? (int)(off * 100 / size) : 100;
	int bar = pct * 30 / 100;
	fprintf(stderr, "\r[%.*s%*s] %3d%% %lld rows", bar, "##############################",
		30 - bar, "", pct, (long long)rows);
	if (done)
		fputc('\n', stderr);
	fflush(stderr);
}

static int parse_flag01(const char *s, int *out, struct err *e)
{
	if (s == NULL) {
		*out = 0;
		return 0;
	}
	if (!strcmp(s, "0") || !strcmp(s, "1")) {
		*out = s[0] == '1';
		return 0;
	}
	return err_fail(e, "anonymous: '%s' is not 0 or 1", s);
}

static int parse_pledge(const char *s, int64_t *out, struct err *e)
{
	char *end;
	*out = 0;
	if (s == NULL)
		return 0;
	long long v = strtoll(s, &end, 10);
	if (*end || v <= 0)
		return err_fail(e, "pledge: '%s' is not a pledge number", s);
	*out = v;
	return 0;
}

/* A donor as the transparency log commits to it: id, name and tax code
 * exactly as stored (tax NULL: none). */
struct donor_ident {
	int64_t id;
	char *name, *tax;
};

/* What one import remembers between rows: units by code, donors by what
 * identified them (the map gives an index into ident), and the write batch
 * (entry ids, receipt counters, the log's edge). */
struct import_state {
	int64_t book_total; /* income of every campaign so far, -1 = not read yet */
	struct strmap units;
	struct strmap donors;
	struct donor_ident *ident;
	int64_t nident, cap_ident;
	struct buf key;
	struct write_batch wb;
	struct hashset refs; /* bank references met in the file */
};

static int unit_for(struct db *db, struct import_state *st, const char *code, int64_t *id,
		    struct err *e)
{
	size_t n = strlen(code);
	if (strmap_get(&st->units, code, n, id))
		return 0;
	struct unit_row u;
	int found = store_unit_by_code(db, code, &u, e);
	if (found <= 0)
		return found < 0 ? -1 : err_fail(e, "unit: no unit with code '%s'", code);
	strmap_put(&st->units, code, n, u.id);
	*id = u.id;
	return 0;
}

/* The donor a row names: by tax code when given, else by exact name + kind
 * + unit as typed in this file; only the first sighting asks the database
 * (donor_find_or_create also matches spellings differing in case, which is
 * why a donor found, not created, has its stored name read once).  *ix is
 * the donor's place in st->ident. */
static int donor_for(struct db *db, struct import_state *st, const struct donor_input *d,
		     int64_t unit_id, const char *now, int64_t *ix, int *created, struct err *e)
{
	struct buf *k = &st->key;
	struct buf name = BUF_INIT, tax = BUF_INIT;
	struct donor_ident di = {0};
	int rc = -1;

	buf_reset(k);
	if (d->tax_code) {
		buf_puts(k, "t\x1f");
		buf_puts(k, d->tax_code);
	} else {
		buf_printf(k, "n\x1f%s\x1f%lld\x1f", d->kind ? d->kind : "", (long long)unit_id);
		buf_puts(k, d->name ? d->name : "");
	}
	*created = 0;
	if (strmap_get(&st->donors, k->p, k->len, ix))
		return 0;
	if (donor_find_or_create(db, d, unit_id, now, &di.id, created, e) < 0)
		goto cleanup;
	if (*created) {
		di.name = xstrdup(d->name);
		di.tax = d->tax_code ? xstrdup(d->tax_code) : NULL;
	} else {
		int found = store_log_donor_identity(db, di.id, &name, &tax, e);
		if (found <= 0) {
			if (found == 0)
				err_fail(e, "donor: no donor %lld", (long long)di.id);
			goto cleanup;
		}
		di.name = xstrdup(name.p);
		di.tax = tax.len ? xstrdup(tax.p) : NULL;
	}
	if (st->nident == st->cap_ident) {
		st->cap_ident = st->cap_ident ? st->cap_ident * 2 : 1024;
		st->ident = xrealloc(st->ident, sizeof *st->ident * (size_t)st->cap_ident);
	}
	*ix = st->nident;
	st->ident[st->nident++] = di;
	strmap_put(&st->donors, k->p, k->len, *ix);
	rc = 0;
cleanup:
	buf_free(&name);
	buf_free(&tax);
	return rc;
}

/* One row, inside the import's transaction.  Returns 1 stored, 0 skipped,
 * -1 error (message without the FILE:LINE prefix). */
static int import_row(struct db *db, const struct actor *a, char *cell[], const struct campaigns *cs,
		      struct import_state *st, int64_t import_id, const char *now,
		      struct buf *receipt, struct import_result *res, struct err *e)
{
	char date[DATE_MAX];
	struct contribution_input in = {0};
	int64_t unit_id;
	int created;

	if (date_parse(cell[C_DATE] ? cell[C_DATE] : "", date, e) < 0) {
		err_prefix(e, "date: ");
		return -1;
	}
	if (cell[C_AMOUNT] == NULL)
		return err_fail(e, "amount: empty");
	if (money_parse(cell[C_AMOUNT], &in.amount, e) < 0) {
		err_prefix(e, "amount: ");
		return -1;
	}
	if (cell[C_UNIT] == NULL)
		return err_fail(e, "unit: empty");
	if (unit_for(db, st, cell[C_UNIT], &unit_id, e) < 0)
		return -1;
	if (parse_flag01(cell[C_ANONYMOUS], &in.anonymous, e) < 0 ||
	    parse_pledge(cell[C_PLEDGE], &in.pledge_id, e) < 0)
		return -1;
	if (cell[C_CHANNEL] == NULL || !channel_is_valid(cell[C_CHANNEL]))
		return err_fail(e, "channel: '%s' is not one of cash, transfer, payroll, goods",
				cell[C_CHANNEL] ? cell[C_CHANNEL] : "");
	if (cell[C_BANK_REF]) {
		/* The rows of this import are written in batches (db_defer): a
		 * reference met before in the file may be in a row not written
		 * yet.  Any other is in the database or nowhere. */
		if (hashset_add(&st->refs, cell[C_BANK_REF], strlen(cell[C_BANK_REF])) &&
		    db_defer_flush(db, e) < 0)
			return -1;
		int live = store_contribution_bank_ref_live(db, cell[C_BANK_REF], e);
		if (live < 0)
			return -1;
		if (live > 0) {
			res->skipped++;
			return 0;
		}
	}
	struct donor_input d = {
		.name = cell[C_DONOR],
		.kind = cell[C_KIND],
		.tax_code = cell[C_TAX_CODE],
		.anonymous = in.anonymous,
	};
	int64_t ix;
	if (donor_for(db, st, &d, unit_id, now, &ix, &created, e) < 0)
		return -1;
	res->donors_created += created;
	in.donor_id = st->ident[ix].id;
	in.donor_name = st->ident[ix].name;
	in.donor_tax_code = st->ident[ix].tax;

	const struct campaign_row *c = campaign_for(cs, date);
	int64_t *total = &st->book_total;
	if (*total < 0 && store_book_income(db, total, e) < 0)
		return -1;
	if (in.amount > MONEY_ENTRY_MAX)
		return err_fail(e, "amount: %s is more than one entry holds (1.000.000 tỷ đồng)",
				cell[C_AMOUNT]);
	if (i64_add(*total, in.amount, total) < 0 || *total > MONEY_BOOK_MAX)
		return err_fail(e, "amount: %s would take the books past the largest total they "
				"hold (10^18 đồng, all campaigns together)", cell[C_AMOUNT]);
	in.campaign_id = c->id;
	in.unit_id = unit_id;
	in.channel = cell[C_CHANNEL];
	in.date = date;
	in.bank_ref = cell[C_BANK_REF];
	in.goods = cell[C_GOODS];
	in.note = cell[C_NOTE];
	in.import_id = import_id;
	int64_t id;
	if (contribution_record(db, a, &in, now, &st->wb, &id, receipt, e) < 0)
		return -1;
	res->stored++;
	return 1;
}

int import_contributions(struct db *db, const struct actor *a, const char *path,
			 const char *campaign_code, int force, int progress,
			 struct import_result *res, struct err *e)
{
	struct csv_reader *r = NULL;
	struct csv_row row;
	struct campaigns *cs = xcalloc(1, sizeof *cs);
	struct buf receipt = BUF_INIT;
	struct import_state st = {0};
	st.book_total = -1;
	char *cell[C_NCOLS] = {0};
	char sha[65], now[32], detail[160];
	int idx[C_NCOLS], got, rc = -1, in_tx = 0;
	int64_t import_id;

	memset(res, 0, sizeof *res);
	core_now(now);
	if (file_sha256(path, sha, e) < 0)
		goto cleanup;
	if (campaign_code && campaign_code[0]) {
		if (campaign_resolve(db, campaign_code, NULL, &cs->c[0], e) < 0)
			goto cleanup;
		cs->n = 1;
		cs->fixed = 1;
	} else if (store_campaign_each(db, collect_campaign, cs, e) < 0) {
		goto cleanup;
	} else if (cs->n == 0) {
		err_fail(e, "no campaign yet (add one with `ansinh campaign add`)");
		goto cleanup;
	}
	if (csv_open_mapped(&r, path, col_names, col_required, C_NCOLS, idx, e) < 0)
		goto cleanup;

	db_bulk_mode(db, 1);
	if (db_begin(db, e) < 0) {
		db_bulk_mode(db, 0);
		goto cleanup;
	}
	in_tx = 1;
	db_defer(db);
	int before = store_import_find(db, "contributions", sha, res->imported_before,
				       sizeof res->imported_before, e);
	if (before < 0)
		goto cleanup;
	if (before > 0 && !force) {
		err_fail(e, "%s: this file was already imported on %s (use --force to import it "
			 "again; rows whose bank_ref is in the ledger are skipped)", path,
			 res->imported_before);
		goto cleanup;
	}
	if (store_import_insert(db, "contributions", path, sha, a->name, now, &import_id, e) < 0)
		goto cleanup;
	while ((got = csv_next(r, &row, e)) == 1) {
		if (row.blank)
			continue; /* blank line */
		res->rows++;
		if (csv_clean_cells(&row, path, idx, col_names, C_NCOLS, cell, e) < 0)
			goto cleanup;
		if (import_row(db, a, cell, cs, &st, import_id, now, &receipt, res, e) < 0) {
			err_prefix(e, "%s:%ld: ", path, row.line);
			goto cleanup;
		}
		if (progress && (res->rows & 4095) == 0)
			progress_draw(r, res->rows, 0);
	}
	if (got < 0)
		goto cleanup;
	if (progress)
		progress_draw(r, res->rows, 1);
	snprintf(detail, sizeof detail, "%lld rows, %lld stored, %lld skipped, sha256 %.16s",
		 (long long)res->rows, (long long)res->stored, (long long)res->skipped, sha);
	if (write_batch_flush(db, &st.wb, e) < 0 ||
	    store_import_finish(db, import_id, res->rows, res->stored, res->skipped, e) < 0 ||
	    store_audit(db, now, a->name, "import.contributions", path, detail, e) < 0 ||
	    db_commit(db, e) < 0)
		goto cleanup;
	in_tx = 0;
	rc = 0;
cleanup:
	if (in_tx)
		db_rollback(db);
	if (rc < 0) {
		res->stored = res->skipped = res->donors_created = 0;
		if (progress && r)
			fputc('\n', stderr);
	}
	csv_free_cells(cell, C_NCOLS);
	csv_close(r);
	buf_free(&receipt);
	buf_free(&st.key);
	strmap_free(&st.units);
	strmap_free(&st.donors);
	hashset_free(&st.refs);
	for (int64_t i = 0; i < st.nident; i++) {
		free(st.ident[i].name);
		free(st.ident[i].tax);
	}
	free(st.ident);
	free(cs);
	return rc;
}
