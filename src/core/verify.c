#include <stdio.h>
#include <string.h>

#include "base/checked.h"
#include "core/core.h"
#include "store/fund.h"
#include "store/money_in.h"

#define ACCOUNTS ACCOUNT_ID_MAX

struct walk {
	struct verify_result *res;
	int64_t last_id;
	struct err *e;
};

static int check_entry(void *ctx, const struct verify_entry *v)
{
	struct walk *w = ctx;
	struct verify_result *r = w->res;
	r->entries++;
	if (v->amount <= 0)
		return err_fail(w->e, "journal entry %lld moves %lld đồng; an entry moves a positive "
				"amount", (long long)v->id, (long long)v->amount);
	if (!account_is_known(v->debit_account) || !account_is_known(v->credit_account) ||
	    v->debit_account == v->credit_account)
		return err_fail(w->e, "journal entry %lld names accounts %d and %d", (long long)v->id,
				v->debit_account, v->credit_account);
	if ((strcmp(v->kind, "reversal") == 0) != (v->reverses_id != 0))
		return err_fail(w->e, "journal entry %lld: kind '%s' does not match its reversal link",
				(long long)v->id, v->kind);
	if (i64_add(r->balance[v->debit_account], v->amount, &r->balance[v->debit_account]) < 0 ||
	    i64_sub(r->balance[v->credit_account], v->amount, &r->balance[v->credit_account]) < 0)
		return err_fail(w->e, "journal entry %lld: account balances overflow", (long long)v->id);
	w->last_id = v->id;
	return 0;
}

/* Recomputes everything the books claim, from the rows as they are now, and
 * names the first difference.  The books alone catch rows changed behind
 * the program's back (with the sqlite3 shell, say) when they no longer
 * agree with each other; the transparency log (checked last, so that a
 * disagreement of the books is named as such) catches the rest: a
 * consistent rewrite of an entry and its contribution, a deleted entry, a
 * changed salt, hash or checkpoint. */
int books_verify(struct db *db, struct verify_result *res, struct err *e)
{
	static const char *const guards[] = {
		"journal_no_update", "journal_no_delete", "contribution_no_update",
		"contribution_no_delete", "audit_no_update", "audit_no_delete", "audit_no_replace",
		"fund_use_no_update", "fund_use_no_delete", "fund_outcome_no_update",
		"fund_outcome_no_delete", NULL,
	};
	struct walk w = {res, 0, e};
	int64_t bad, total = 0;
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
	/* Debits equal credits over the whole journal. */
	for (int a = 1; a <= ACCOUNTS; a++)
		if (i64_add(total, res->balance[a], &total) < 0)
			return err_fail(e, "account balances overflow");
	if (total != 0)
		return err_fail(e, "the journal does not balance: accounts sum to %lld",
				(long long)total);
	if (store_verify_reversals(db, &bad, e) < 0)
		return -1;
	if (bad)
		return err_fail(e, "journal entry %lld does not mirror the entry it reverses",
				(long long)bad);
	if (store_verify_contribution_amounts(db, &bad, e) < 0)
		return -1;
	if (bad)
		return err_fail(e, "contribution %lld does not agree with its journal entry "
				"(amount, campaign, unit, or an account that does not fit its channel)", (long long)bad);
	if (store_verify_contribution_rows(db, &bad, e) < 0)
		return -1;
	if (bad)
		return err_fail(e, "journal entry %lld records a contribution that is missing",
				(long long)bad);
	if (store_verify_goods(db, &bad, e) < 0)
		return -1;
	if (bad)
		return err_fail(e, "goods: movement or item %lld does not agree with the ledger, "
				"moves more than was received, or moved after its receipt was "
				"reversed", (long long)bad);
	if (store_verify_fund_rows(db, &bad, e) < 0)
		return -1;
	if (bad)
		return err_fail(e, "fund: handover or disbursement %lld does not agree with its "
				"journal entry (kind, accounts, amount, campaign, unit), or has no row",
				(long long)bad);
	if (store_verify_fund_balances(db, &bad, e) < 0)
		return -1;
	if (bad)
		return err_fail(e, "fund: after journal entry %lld a campaign has spent more than "
				"was handed over, or reversed more than it spent", (long long)bad);
	if (store_verify_fund_outcomes(db, &bad, e) < 0)
		return -1;
	if (bad)
		return err_fail(e, "fund: outcome %lld is not for a disbursement to a household, or "
				"is dated before it", (long long)bad);
	if ((rc = store_verify_campaign_totals(db, what, sizeof what, e)) != 0)
		return rc < 0 ? -1 : err_fail(e, "campaign %s: ledger income differs from the sum "
					      "of its contributions", what);
	if ((rc = store_verify_foreign_keys(db, what, sizeof what, e)) != 0)
		return rc < 0 ? -1 : err_fail(e, "%s", what);
	return log_verify(db, &res->log, e);
}
