#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "store/store.h"

struct walk {
	struct verify_result *res;
	struct err *e;
};

static int check_entry(void *ctx, const struct verify_entry *v)
{
	struct walk *w = ctx;
	w->res->entries++;
	w->res->postings_checked += v->npostings;
	if (v->npostings < 2)
		return err_fail(w->e, "journal entry %lld has %d posting(s); an entry needs at least 2",
				(long long)v->id, v->npostings);
	if (v->sum != 0)
		return err_fail(w->e, "journal entry %lld is unbalanced: its postings sum to %lld",
				(long long)v->id, (long long)v->sum);
	if ((strcmp(v->kind, "reversal") == 0) != (v->reverses_id != 0))
		return err_fail(w->e, "journal entry %lld: kind '%s' does not match its reversal link",
				(long long)v->id, v->kind);
	return 0;
}

/* Recomputes everything the books claim, from the rows as they are now, and
 * names the first difference.  Catches rows changed behind the program's
 * back (with the sqlite3 shell, say) as far as the books alone can tell;
 * the transparency log extends this to any rewrite. */
int books_verify(struct db *db, struct verify_result *res, struct err *e)
{
	static const char *const guards[] = {
		"posting_sealed", "journal_balanced", "journal_no_update", "journal_no_delete",
		"posting_no_update", "posting_no_delete", "contribution_no_update",
		"contribution_no_delete", "audit_no_update", "audit_no_delete", NULL,
	};
	struct walk w = {res, e};
	int64_t bad;
	char what[256];
	int rc;

	memset(res, 0, sizeof *res);
	for (const char *const *g = guards; *g; g++) {
		if ((rc = store_verify_trigger(db, *g, e)) <= 0)
			return rc < 0 ? -1 : err_fail(e, "the append-only guard '%s' is missing from "
						      "the database", *g);
	}
	if (store_verify_entries(db, check_entry, &w, e) < 0)
		return -1;
	if (store_verify_orphan_postings(db, &bad, e) < 0)
		return -1;
	if (bad)
		return err_fail(e, "postings of journal entry %lld exist without the entry",
				(long long)bad);
	if (store_verify_reversals(db, &bad, e) < 0)
		return -1;
	if (bad)
		return err_fail(e, "journal entry %lld does not mirror the entry it reverses",
				(long long)bad);
	if (store_verify_contribution_amounts(db, &bad, e) < 0)
		return -1;
	if (bad)
		return err_fail(e, "contribution %lld does not agree with its journal entry "
				"(amount, campaign or unit)", (long long)bad);
	if ((rc = store_verify_campaign_totals(db, what, sizeof what, e)) != 0)
		return rc < 0 ? -1 : err_fail(e, "campaign %s: ledger income differs from the sum "
					      "of its contributions", what);
	if ((rc = store_verify_foreign_keys(db, what, sizeof what, e)) != 0)
		return rc < 0 ? -1 : err_fail(e, "%s", what);
	return 0;
}
