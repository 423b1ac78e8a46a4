#include <stdio.h>
#include "ledger/journal.h"

#include "base/checked.h"
#include "store/store.h"

#define ACCOUNT_MAX ACC_CONTRIBUTIONS

int journal_check_balanced(const struct entry_row *en, struct err *e)
{
	int64_t sum = 0;
	if (en->npostings < 2 || en->npostings > JOURNAL_MAX_POSTINGS)
		return err_fail(e, "ledger: an entry needs 2 to %d postings, not %d",
				JOURNAL_MAX_POSTINGS, en->npostings);
	for (int i = 0; i < en->npostings; i++) {
		const struct posting_row *p = &en->postings[i];
		if (p->amount == 0)
			return err_fail(e, "ledger: posting %d has a zero amount", i + 1);
		if (p->account_id < 1 || p->account_id > ACCOUNT_MAX)
			return err_fail(e, "ledger: posting %d names unknown account %d", i + 1,
					p->account_id);
		if (i64_add(sum, p->amount, &sum) < 0)
			return err_fail(e, "ledger: amounts overflow");
	}
	if (sum != 0)
		return err_fail(e, "ledger: unbalanced entry (postings sum to %lld)", (long long)sum);
	return 0;
}

int journal_post(struct db *db, struct entry_row *en, const char *now, struct err *e)
{
	if (!db_in_tx(db))
		fatal("journal_post outside a transaction");
	if (journal_check_balanced(en, e) < 0)
		return -1;
	if (store_journal_next_id(db, &en->id, e) < 0)
		return -1;
	en->recorded_at = now;
	return store_journal_insert(db, en, e);
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
	for (int i = 0; i < rev.npostings; i++)
		rev.postings[i].amount = -orig.postings[i].amount;
	if (journal_post(db, &rev, now, e) < 0)
		goto cleanup;
	*rev_id = rev.id;
	rc = 0;
cleanup:
	buf_free(&strings);
	return rc;
}
