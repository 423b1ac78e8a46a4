#include <stdio.h>
#include <string.h>

#include "store/contribution_view.h"
#include "text/fold.h"

static int store_note_index(struct db *db, int64_t id, const char *note, struct err *e);

static const char SQL_INSERT[] =
	"INSERT INTO contribution(id, campaign_id, donor_id, unit_id, pledge_id, channel, amount,"
	" contrib_date, receipt_no, bank_ref, goods, goods_qty, anonymous, note, import_id)"
	" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

int store_contribution_insert(struct db *db, const struct contribution_row *c, int64_t *id,
			      struct err *e)
{
	const struct db_val v[] = {
		db_val_int(c->entry_id), db_val_int(c->campaign_id), db_val_int(c->donor_id),
		db_val_int(c->unit_id), db_val_id(c->pledge_id), db_val_text(c->channel),
		db_val_int(c->amount), db_val_text(c->date), db_val_text(c->receipt_no),
		db_val_text(c->bank_ref), db_val_text(c->goods), db_val_text(c->goods_qty),
		db_val_int(c->anonymous), db_val_text(c->note), db_val_id(c->import_id),
	};
	if (db_insert(db, SQL_INSERT, v, (int)(sizeof v / sizeof v[0]), e) < 0)
		return -1;
	*id = c->entry_id;
	return c->note && c->note[0] ? store_note_index(db, c->entry_id, c->note, e) : 0;
}

static const char SQL_NOTE_INDEX[] =
	"INSERT INTO contribution_note_search(rowid, text) VALUES (?, ?)";

/* The folded words of a contribution's note in the note index. */
static int store_note_index(struct db *db, int64_t id, const char *note, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_NOTE_INDEX, e);
	struct buf fold = BUF_INIT;
	if (s == NULL)
		return -1;
	text_fold(&fold, note, strlen(note));
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, buf_cstr(&fold));
	int rc = db_step(s, e);
	buf_free(&fold);
	return rc < 0 ? -1 : 0;
}

/* A bank reference counts as "already in the ledger" while the contribution
 * carrying it stands; once reversed, the money can be recorded again. */
static const char SQL_BANK_REF[] =
	"SELECT 1 FROM contribution c WHERE c.bank_ref = ? AND NOT EXISTS"
	" (SELECT 1 FROM journal_entry r WHERE r.reverses_id = c.id) LIMIT 1";

int store_contribution_bank_ref_live(struct db *db, const char *bank_ref, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_BANK_REF, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, bank_ref);
	if ((rc = db_step(s, e)) == DB_ROW)
		db_reset(s);
	return rc;
}

/* Receipt numbers are PREFIX-NNNNNN, PREFIX the campaign code, NNNNNN the
 * next number of the campaign's series.  The caller holds the write lock
 * (BEGIN IMMEDIATE), reads the last number once, counts in memory and saves
 * the new last number before committing, so a series never has gaps or
 * duplicates. */
static const char SQL_SERIES_INIT[] =
	"INSERT INTO receipt_series(campaign_id, prefix, last)"
	" SELECT id, code, 0 FROM campaign WHERE id = ? ON CONFLICT(campaign_id) DO NOTHING";
static const char SQL_SERIES_GET[] = "SELECT prefix, last FROM receipt_series WHERE campaign_id = ?";
static const char SQL_SERIES_SAVE[] = "UPDATE receipt_series SET last = ? WHERE campaign_id = ?";

int store_receipt_last(struct db *db, int64_t campaign_id, char *prefix, size_t prefix_len,
		       int64_t *last, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SERIES_INIT, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	if (db_step(s, e) < 0 || (s = db_prep(db, SQL_SERIES_GET, e)) == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	if ((rc = db_step(s, e)) != DB_ROW)
		return rc < 0 ? -1 : err_fail(e, "no campaign %lld for a receipt series",
					      (long long)campaign_id);
	snprintf(prefix, prefix_len, "%s", db_col_text(s, 0));
	*last = db_col_i64(s, 1);
	db_reset(s);
	return 0;
}

int store_receipt_save(struct db *db, int64_t campaign_id, int64_t last, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SERIES_SAVE, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, last);
	db_bind_i64(s, 2, campaign_id);
	return db_step(s, e) < 0 ? -1 : 0;
}

#define VIEW_SELECT CONTRIBUTION_VIEW_COLS CONTRIBUTION_VIEW_FROM

static const char SQL_EACH[] = VIEW_SELECT
	" WHERE (?1 = 0 OR k.campaign_id = ?1) AND (?2 = 0 OR k.donor_id = ?2)"
	" ORDER BY k.contrib_date DESC, k.id DESC LIMIT ?3";
/* One donor's: through the donor index (the OR above hides it from the
 * planner, which would walk every contribution by date). */
static const char SQL_EACH_OF_DONOR[] = VIEW_SELECT
	" WHERE k.donor_id = ?2 AND (?1 = 0 OR k.campaign_id = ?1)"
	" ORDER BY k.contrib_date DESC, k.id DESC LIMIT ?3";
static const char SQL_BY_ID[] = VIEW_SELECT " WHERE k.id = ?";
/* Receipt numbers by prefix: a range on the unique index. */
static const char SQL_BY_RECEIPT[] = VIEW_SELECT
	" WHERE k.receipt_no >= ?1 AND k.receipt_no < ?1 || char(1114111)"
	" AND (?2 = 0 OR k.campaign_id = ?2) ORDER BY k.receipt_no LIMIT ?3";
/* Notes: the newest first, read from the note index in descending rowid
 * order (FTS5 walks its doclists backwards), so a common word stops at
 * the page. */
static const char SQL_BY_NOTE[] = CONTRIBUTION_VIEW_COLS
	" FROM contribution_note_search m CROSS JOIN contribution k ON k.id = m.rowid"
	" JOIN campaign c ON c.id = k.campaign_id"
	" JOIN donor d ON d.id = k.donor_id JOIN unit u ON u.id = k.unit_id"
	" WHERE m.contribution_note_search MATCH ?1 AND (?2 = 0 OR k.campaign_id = ?2)"
	" ORDER BY m.rowid DESC LIMIT ?3";

int store_contribution_rows(struct stmt *s, contribution_fn fn, void *ctx, struct err *e)
{
	int rc, n = 0;
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct contribution_view c = {
			.id = db_col_i64(s, 0),
			.entry_id = db_col_i64(s, 1),
			.donor_id = db_col_i64(s, 2),
			.amount = db_col_i64(s, 3),
			.pledge_id = db_col_i64(s, 4),
			.reversal_entry = db_col_i64(s, 5),
			.date = db_col_text(s, 6),
			.campaign_code = db_col_text(s, 7),
			.donor_name = db_col_text(s, 8),
			.donor_kind = db_col_text(s, 9),
			.unit_code = db_col_text(s, 10),
			.channel = db_col_text(s, 11),
			.receipt_no = db_col_text(s, 12),
			.bank_ref = db_col_text(s, 13),
			.goods = db_col_text(s, 14),
			.goods_qty = db_col_text(s, 15),
			.note = db_col_text(s, 16),
			.anonymous = (int)db_col_i64(s, 17),
			.publish_name = (int)db_col_i64(s, 18),
		};
		n++;
		if (fn(ctx, &c) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : n;
}

int store_contribution_each(struct db *db, const struct contribution_filter *f, contribution_fn fn,
			    void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, f->donor_id ? SQL_EACH_OF_DONOR : SQL_EACH, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, f->campaign_id);
	db_bind_i64(s, 2, f->donor_id);
	db_bind_i64(s, 3, f->limit > 0 ? f->limit : -1);
	return store_contribution_rows(s, fn, ctx, e) < 0 ? -1 : 0;
}

int store_contribution_by_id(struct db *db, int64_t id, contribution_fn fn, void *ctx,
			     struct err *e)
{
	struct stmt *s = db_prep(db, SQL_BY_ID, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	int n = store_contribution_rows(s, fn, ctx, e);
	return n < 0 ? -1 : n > 0;
}

/* Rows of a search statement: ?1 the text, ?2 the campaign, ?3 the limit. */
static int rows_matching(struct db *db, const char *sql, const char *text, int64_t campaign_id,
			 int64_t limit, contribution_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, sql, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, text);
	db_bind_i64(s, 2, campaign_id);
	db_bind_i64(s, 3, limit > 0 ? limit : -1);
	return store_contribution_rows(s, fn, ctx, e);
}

int store_contribution_by_receipt(struct db *db, const char *prefix, int64_t campaign_id,
				  int64_t limit, contribution_fn fn, void *ctx, struct err *e)
{
	return rows_matching(db, SQL_BY_RECEIPT, prefix, campaign_id, limit, fn, ctx, e);
}

int store_contribution_by_note(struct db *db, const char *match, int64_t campaign_id,
			       int64_t limit, contribution_fn fn, void *ctx, struct err *e)
{
	return rows_matching(db, SQL_BY_NOTE, match, campaign_id, limit, fn, ctx, e);
}
