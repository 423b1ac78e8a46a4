/* The journal: the one way money or goods enter the books.  Every entry is
 * balanced double-entry (postings sum to zero, in int64_t đồng with overflow
 * checks), append-only, and written inside the caller's transaction together
 * with whatever the entry records (a contribution row, an audit event). */
#ifndef ANSINH_LEDGER_JOURNAL_H
#define ANSINH_LEDGER_JOURNAL_H

#include "store/db.h"
#include "store/model.h"

/* Checks en (balanced, no zero posting, known accounts, at least two
 * postings), assigns en->id and en->recorded_at (from now), and stores it.
 * The caller must hold a transaction. */
int journal_post(struct db *db, struct entry_row *en, const char *now, struct err *e);

/* Posts the reversing entry of entry_id (postings negated, same campaign and
 * unit), refusing an entry that is itself a reversal or already reversed.
 * *rev_id receives the new entry's id. */
int journal_reverse(struct db *db, int64_t entry_id, const char *date, const char *actor,
		    const char *reason, const char *now, int64_t *rev_id, struct err *e);

/* Checks the balance rule without touching the database. */
int journal_check_balanced(const struct entry_row *en, struct err *e);

#endif
