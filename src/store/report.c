#include <stdio.h>
#include "store/store.h"

/* Received money is read from the ledger, not from the contribution rows:
 * the contributions (income) account is credited by every contribution and
 * debited back by its reversal. */
static const char SQL_RECEIVED[] =
	"SELECT unit_id, sum(CASE WHEN credit_account = 5 THEN amount"
	"                        WHEN debit_account = 5 THEN -amount ELSE 0 END)"
	" FROM journal_entry WHERE campaign_id = ? AND unit_id IS NOT NULL GROUP BY unit_id";

int store_received_by_unit(struct db *db, int64_t campaign_id, unit_amount_fn fn, void *ctx,
			   struct err *e)
{
	struct stmt *s = db_prep(db, SQL_RECEIVED, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	while ((rc = db_step(s, e)) == DB_ROW) {
		if (fn(ctx, db_col_i64(s, 0), db_col_i64(s, 1)) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

static const char SQL_INCOME[] =
	"SELECT coalesce(sum(CASE WHEN credit_account = 5 THEN amount"
	"                        WHEN debit_account = 5 THEN -amount ELSE 0 END), 0)"
	" FROM journal_entry WHERE campaign_id = ?";

static const char SQL_BOOK_INCOME[] =
	"SELECT coalesce(sum(CASE WHEN credit_account = 5 THEN amount"
	"                        WHEN debit_account = 5 THEN -amount ELSE 0 END), 0)"
	" FROM journal_entry";

int store_book_income(struct db *db, int64_t *out, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_BOOK_INCOME, e);
	if (s == NULL || db_step(s, e) < 0)
		return -1;
	*out = db_col_i64(s, 0);
	db_reset(s);
	return 0;
}

int store_campaign_income(struct db *db, int64_t campaign_id, int64_t *out, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_INCOME, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	if ((rc = db_step(s, e)) < 0)
		return -1;
	*out = db_col_i64(s, 0);
	db_reset(s);
	return 0;
}
