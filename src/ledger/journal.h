/* The journal: the one way money or goods enter the books.  Every entry is
 * a double-entry transfer of a positive int64_t amount of đồng from one
 * account (credit) to another (debit), so it balances by construction; it is
 * append-only and written inside the caller's transaction together with
 * whatever the entry records (a contribution row, an audit event). */
#ifndef ANSINH_LEDGER_JOURNAL_H
#define ANSINH_LEDGER_JOURNAL_H

#include "ledger/log.h"
#include "store/db.h"
#include "store/model.h"

/* Checks en (amount > 0, known and distinct accounts), assigns en->id and en->recorded_at (from now), and stores it.
 * The caller must hold a transaction.  next_id, when not NULL, carries the
 * next entry id across calls of one transaction (0 = not yet known), which
 * spares a bulk load one query per entry.  The entry is appended to the
 * transparency log at once (a batch of one; journal_post_log says why a
 * contribution must not come this way). */
int journal_post(struct db *db, struct entry_row *en, const char *now, int64_t *next_id,
		 struct err *e);

/* journal_post, appending the entry's leaf to the transparency log in the
 * same transaction through lb (a write batch's log; NULL: a batch of one).
 * x carries what a contribution's leaf holds beyond the entry (its receipt
 * number and its donor's identity for the commitment); it must be given
 * for every contribution, whose leaf `ansinh verify` rebuilds with them. */
int journal_post_log(struct db *db, struct entry_row *en, const struct log_extra *x,
		     const char *now, int64_t *next_id, struct log_batch *lb, struct err *e);

/* Posts the reversing entry of entry_id (debit and credit swapped, same
 * amount, campaign and unit), refusing an entry that is itself a reversal or already reversed.
 * *rev_id receives the new entry's id.  Its leaf (which names the entry it
 * reverses) is appended to the log at once; the caller signs a checkpoint
 * (log_sign) before committing. */
int journal_reverse(struct db *db, int64_t entry_id, const char *date, const char *actor,
		    const char *reason, const char *now, int64_t *rev_id, struct err *e);

/* Checks an entry without touching the database. */
int journal_check(const struct entry_row *en, struct err *e);
/* The balance change an entry makes to an account: +amount for the debit
 * account, -amount for the credit account, 0 for any other. */
int64_t journal_effect(const struct entry_row *en, int account_id);

#endif
