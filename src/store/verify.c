#include <stdio.h>
#include "store/store.h"

/* One pass over every entry with its postings aggregated; sums are computed
 * in C by the caller too, so a changed amount is seen whichever side was
 * edited. */
static const char SQL_ENTRIES[] =
	"SELECT j.id, j.campaign_id, coalesce(j.reverses_id,0), j.kind,"
	" (SELECT count(*) FROM posting p WHERE p.entry_id = j.id),"
	" (SELECT coalesce(sum(p.amount),0) FROM posting p WHERE p.entry_id = j.id)"
	" FROM journal_entry j ORDER BY j.id";

int store_verify_entries(struct db *db, verify_entry_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_ENTRIES, e);
	int rc;
	if (s == NULL)
		return -1;
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct verify_entry v = {
			.id = db_col_i64(s, 0),
			.campaign_id = db_col_i64(s, 1),
			.reverses_id = db_col_i64(s, 2),
			.kind = db_col_text(s, 3),
			.npostings = (int)db_col_i64(s, 4),
			.sum = db_col_i64(s, 5),
		};
		if (fn(ctx, &v) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

static const char SQL_ORPHANS[] =
	"SELECT p.entry_id FROM posting p LEFT JOIN journal_entry j ON j.id = p.entry_id"
	" WHERE j.id IS NULL ORDER BY p.entry_id LIMIT 1";

int store_verify_orphan_postings(struct db *db, int64_t *entry_id, struct err *e)
{
	return db_scalar_i64(db, SQL_ORPHANS, NULL, 0, entry_id, e);
}

/* The contribution row must agree with the debit side of its entry (the
 * income account carries exactly -amount). */
static const char SQL_AMOUNTS[] =
	"SELECT k.id FROM contribution k JOIN journal_entry j ON j.id = k.entry_id"
	" WHERE j.kind <> 'contribution' OR j.campaign_id <> k.campaign_id"
	"  OR coalesce(j.unit_id,0) <> k.unit_id"
	"  OR (SELECT coalesce(sum(p.amount),0) FROM posting p WHERE p.entry_id = j.id"
	"      AND p.account_id = 5) <> -k.amount"
	" ORDER BY k.id LIMIT 1";

int store_verify_contribution_amounts(struct db *db, int64_t *bad_id, struct err *e)
{
	return db_scalar_i64(db, SQL_AMOUNTS, NULL, 0, bad_id, e);
}

/* A reversal must mirror the entry it reverses, line by line. */
static const char SQL_REVERSALS[] =
	"SELECT r.id FROM journal_entry r JOIN posting pr ON pr.entry_id = r.id"
	" LEFT JOIN journal_entry o ON o.id = r.reverses_id"
	" LEFT JOIN posting po ON po.entry_id = r.reverses_id AND po.line = pr.line"
	" WHERE r.kind = 'reversal' AND (o.id IS NULL OR o.kind = 'reversal'"
	"  OR o.campaign_id <> r.campaign_id OR coalesce(o.unit_id,0) <> coalesce(r.unit_id,0)"
	"  OR po.amount IS NULL OR po.amount <> -pr.amount OR po.account_id <> pr.account_id"
	"  OR (SELECT count(*) FROM posting x WHERE x.entry_id = o.id) <>"
	"     (SELECT count(*) FROM posting y WHERE y.entry_id = r.id))"
	" ORDER BY r.id LIMIT 1";

int store_verify_reversals(struct db *db, int64_t *bad_id, struct err *e)
{
	return db_scalar_i64(db, SQL_REVERSALS, NULL, 0, bad_id, e);
}

/* The ledger's income per campaign must equal the standing contributions. */
static const char SQL_TOTALS[] =
	"SELECT c.code FROM campaign c WHERE"
	" (SELECT coalesce(-sum(p.amount),0) FROM journal_entry j JOIN posting p ON p.entry_id = j.id"
	"   WHERE j.campaign_id = c.id AND p.account_id = 5) <>"
	" (SELECT coalesce(sum(k.amount),0) FROM contribution k WHERE k.campaign_id = c.id AND NOT"
	"   EXISTS (SELECT 1 FROM journal_entry r WHERE r.reverses_id = k.entry_id))"
	" ORDER BY c.id LIMIT 1";

int store_verify_campaign_totals(struct db *db, char *bad_code, size_t n, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_TOTALS, e);
	int rc;
	if (s == NULL)
		return -1;
	if ((rc = db_step(s, e)) == DB_ROW) {
		snprintf(bad_code, n, "%s", db_col_text(s, 0));
		db_reset(s);
	}
	return rc;
}

/* The append-only guards themselves: dropping a trigger is the first step
 * of rewriting history behind the program's back. */
static const char SQL_TRIGGER[] =
	"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?";

int store_verify_trigger(struct db *db, const char *name, struct err *e)
{
	int64_t n;
	if (db_scalar_i64(db, SQL_TRIGGER, name, 0, &n, e) < 0)
		return -1;
	return n == 1;
}

static const char SQL_FK[] = "PRAGMA foreign_key_check";

int store_verify_foreign_keys(struct db *db, char *what, size_t n, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_FK, e);
	int rc;
	if (s == NULL)
		return -1;
	if ((rc = db_step(s, e)) == DB_ROW) {
		snprintf(what, n, "%s row %lld refers to a missing %s row", db_col_text(s, 0),
			 (long long)db_col_i64(s, 1), db_col_text(s, 2));
		db_reset(s);
	}
	return rc;
}
