#include <stdio.h>
#include "ledger/journal.h"

#include "store/store.h"

int journal_check(const struct entry_row *en, struct err *e)
{
	if (en->amount <= 0)
		return err_fail(e, "ledger: an entry moves a positive amount, not %lld",
				(long long)en->amount);
	if (en->amount > MONEY_ENTRY_MAX)
		return err_fail(e, "ledger: %lld đồng is more than one entry may move (%lld)",
				(long long)en->amount, (long long)MONEY_ENTRY_MAX);
	if (!account_is_known(en->debit_account) || !account_is_known(en->credit_account))
		return err_fail(e, "ledger: unknown account %d", !account_is_known(en->debit_account)
				? en->debit_account : en->credit_account);
	if (en->debit_account == en->credit_account)
		return err_fail(e, "ledger: debit and credit are the same account %d", en->debit_account);
	return 0;
}

int64_t journal_effect(const struct entry_row *en, int account_id)
{
	if (account_id == en->debit_account)
		return en->amount;
	if (account_id == en->credit_account)
		return -en->amount;
	return 0;
}

int journal_post(struct db *db, struct entry_row *en, const char *now, int64_t *next_id,
		 struct err *e)
{
	return journal_post_log(db, en, NULL, now, next_id, NULL, e);
}

int journal_post_log(struct db *db, struct entry_row *en, const struct log_extra *x,
		     const char *now, int64_t *next_id, struct log_batch *lb, struct err *e)
{
	if (!db_in_tx(db))
		fatal("journal_post outside a transaction");
	if (journal_check(en, e) < 0)
		return -1;
	if (next_id && *next_id > 0)
		en->id = *next_id;
	else if (store_journal_next_id(db, &en->id, e) < 0)
		return -1;
	en->recorded_at = now;
	/* An id that is not the log's next leaf is refused before anything is
	 * written; then the row, then its leaf, the log appending exactly the
	 * entry that was stored. */
	if (log_check_next(db, lb, en->id, e) < 0 || store_journal_insert(db, en, e) < 0 ||
	    log_append_entry(db, lb, en, x, e) < 0)
		return -1;
	if (next_id)
		*next_id = en->id + 1;
	return 0;
}

int journal_reverse(struct db *db, int64_t entry_id, const char *date, const char *actor,
		    const char *reason, const char *now, int64_t *rev_id, struct err *e)
{
	struct entry_row orig, rev;
	struct buf strings = BUF_INIT;
	int64_t already;
	int rc = -1;

	int found = store_journal_get(db, entry_id, &orig, &strings, e);
	if (found <= 0) {
		if (found == 0)
			err_fail(e, "ledger: no entry %lld", (long long)entry_id);
		goto cleanup;
	}
	if (orig.reverses_id) {
		err_fail(e, "ledger: entry %lld is itself a reversal", (long long)entry_id);
		goto cleanup;
	}
	int r = store_journal_reversed_by(db, entry_id, &already, e);
	if (r < 0)
		goto cleanup;
	if (r == DB_ROW) {
		err_fail(e, "already reversed by entry %lld", (long long)already);
		goto cleanup;
	}
	rev = orig;
	rev.kind = "reversal";
	rev.reverses_id = entry_id;
	rev.entry_date = date;
	rev.actor = actor;
	rev.memo = reason;
	rev.debit_account = orig.credit_account;
	rev.credit_account = orig.debit_account;
	if (journal_post(db, &rev, now, NULL, e) < 0)
		goto cleanup;
	*rev_id = rev.id;
	rc = 0;
cleanup:
	buf_free(&strings);
	return rc;
}
