#include <stdio.h>

#include "store/store.h"

/* Every entry in id order, as stored: ansinh verify recomputes from these. */
static const char SQL_ENTRIES[] =
	"SELECT id, campaign_id, kind, debit_account, credit_account, amount, coalesce(unit_id,0),"
	" coalesce(reverses_id,0) FROM journal_entry ORDER BY id";

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
			.kind = db_col_text(s, 2),
			.debit_account = (int)db_col_i64(s, 3),
			.credit_account = (int)db_col_i64(s, 4),
			.amount = db_col_i64(s, 5),
			.unit_id = db_col_i64(s, 6),
			.reverses_id = db_col_i64(s, 7),
		};
		if (fn(ctx, &v) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

/* A reversal must mirror the entry it reverses: same campaign, unit and
 * amount, debit and credit swapped, and the reversed entry not a reversal. */
static const char SQL_REVERSALS[] =
	"SELECT r.id FROM journal_entry r LEFT JOIN journal_entry o ON o.id = r.reverses_id"
	" WHERE r.kind = 'reversal' AND (o.id IS NULL OR o.kind = 'reversal' OR o.id >= r.id"
	"  OR o.campaign_id <> r.campaign_id OR coalesce(o.unit_id,0) <> coalesce(r.unit_id,0)"
	"  OR o.amount <> r.amount OR o.debit_account <> r.credit_account"
	"  OR o.credit_account <> r.debit_account)"
	" ORDER BY r.id LIMIT 1";

int store_verify_reversals(struct db *db, int64_t *bad_id, struct err *e)
{
	return db_scalar_i64(db, SQL_REVERSALS, NULL, 0, bad_id, e);
}

/* The contribution row must agree with its journal entry, and every
 * contribution entry must have its row. */
static const char SQL_CONTRIBUTIONS[] =
	"SELECT k.id FROM contribution k LEFT JOIN journal_entry j ON j.id = k.id"
	" WHERE j.id IS NULL OR j.kind <> 'contribution' OR j.campaign_id <> k.campaign_id"
	"  OR coalesce(j.unit_id,0) <> k.unit_id OR j.amount <> k.amount OR j.credit_account <> 5"
	"  OR j.debit_account <> CASE k.channel WHEN 'cash' THEN 1 WHEN 'transfer' THEN 2"
	"                        WHEN 'payroll' THEN 3 WHEN 'goods' THEN 4 END"
	" ORDER BY k.id LIMIT 1";
static const char SQL_MISSING[] =
	"SELECT j.id FROM journal_entry j WHERE j.kind = 'contribution' AND NOT EXISTS"
	" (SELECT 1 FROM contribution k WHERE k.id = j.id) ORDER BY j.id LIMIT 1";

int store_verify_contribution_amounts(struct db *db, int64_t *bad_id, struct err *e)
{
	return db_scalar_i64(db, SQL_CONTRIBUTIONS, NULL, 0, bad_id, e);
}

int store_verify_contribution_rows(struct db *db, int64_t *entry_id, struct err *e)
{
	return db_scalar_i64(db, SQL_MISSING, NULL, 0, entry_id, e);
}

/* The ledger's income per campaign must equal the standing contributions. */
static const char SQL_TOTALS[] =
	"SELECT c.code FROM campaign c WHERE"
	" (SELECT coalesce(sum(CASE WHEN credit_account = 5 THEN amount"
	"                          WHEN debit_account = 5 THEN -amount ELSE 0 END),0)"
	"  FROM journal_entry j WHERE j.campaign_id = c.id) <>"
	" (SELECT coalesce(sum(k.amount),0) FROM contribution k WHERE k.campaign_id = c.id AND NOT"
	"   EXISTS (SELECT 1 FROM journal_entry r WHERE r.reverses_id = k.id))"
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
