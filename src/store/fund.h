/* Store functions of the fund's use (R11, R12; migration 0014): handovers
 * to the fund manager and disbursements, one fund_use row per journal
 * entry.  Same conventions as store.h: 0 / -1 (e set); writers inside the
 * caller's transaction. */
#ifndef ANSINH_STORE_FUND_H
#define ANSINH_STORE_FUND_H

#include "store/store.h"

struct fund_row {
	int64_t id;          /* = its journal entry's id */
	int64_t campaign_id, amount;
	int64_t unit_id;     /* disbursement: where it went; 0 for a handover */
	const char *kind;    /* "handover" | "disbursement" */
	const char *date, *document, *note, *actor;
	const char *source, *organisation;                  /* handover */
	const char *purpose, *beneficiary_kind, *beneficiary; /* disbursement */
	int publish_name;    /* the beneficiary agreed to be named publicly */
	/* read only */
	const char *campaign_code, *unit_code, *unit_name, *district_name, *created_at;
	int64_t reversed_by; /* the reversing entry, 0 when the row stands */
	/* a household's disbursement: the latest outcome (migration 0015), or
	 * NULL when none was recorded */
	const char *outcome, *outcome_date;
};
int store_fund_insert(struct db *db, const struct fund_row *r, const char *now, struct err *e);

/* Which rows: 0 / NULL / "" means any. */
struct fund_filter {
	int64_t campaign_id, id;
	int64_t unit_id;        /* the unit's subtree */
	const char *kind, *purpose;
	const char *from, *to;  /* ISO dates, inclusive */
	int standing;           /* 1: leave out reversed rows */
	int oldest_first;       /* else newest first */
};
typedef int (*fund_fn)(void *ctx, const struct fund_row *r);
/* The rows that pass f; 1 when any, 0 when none. */
int store_fund_each(struct db *db, const struct fund_filter *f, fund_fn fn, void *ctx,
		    struct err *e);

/* A campaign's standing totals, đồng.  received: its standing money
 * contributions (cash, transfer, payroll; goods are not money to hand
 * over); handed, spent: its standing handovers and disbursements. */
struct fund_totals {
	int64_t received, handed, spent;
};
int store_fund_totals(struct db *db, int64_t campaign_id, struct fund_totals *t, struct err *e);
/* handed and spent only (received left as it is): for a caller that knows
 * the money received already. */
int store_fund_used(struct db *db, int64_t campaign_id, struct fund_totals *t, struct err *e);

/* The campaign of contribution id and the money it brought (0 for goods
 * and for a contribution reversed already),
 * for the reversal's check; 0 when there is no such contribution. */
int store_fund_contribution(struct db *db, int64_t id, int64_t *campaign_id, int64_t *money,
			    struct err *e);

/* Standing disbursements summed by purpose (key: the purpose code) or by
 * district (the district the unit lies in, or the unit itself outside any
 * district; key: its code, name: its name), largest first. */
struct fund_sum {
	const char *key, *name;
	int64_t amount, count;
};
typedef int (*fund_sum_fn)(void *ctx, const struct fund_sum *s);
int store_fund_by_purpose(struct db *db, int64_t campaign_id, fund_sum_fn fn, void *ctx,
			  struct err *e);
int store_fund_by_district(struct db *db, int64_t campaign_id, fund_sum_fn fn, void *ctx,
			   struct err *e);

/* ---- outcomes (R12, R15; migration 0015) ----
 * What the annual review of poor and near-poor households found for a
 * household the fund supported: append-only, the latest (review date, then
 * id) counts. */
struct fund_outcome_row {
	int64_t id, disbursement_id;
	const char *status;  /* thoat-ngheo | can-ngheo | chua-thoat */
	const char *date;    /* the review's date, ISO */
	const char *note, *actor, *created_at;
};
/* *id: the new record's id. */
int store_outcome_insert(struct db *db, const struct fund_outcome_row *r, const char *now,
			 int64_t *id, struct err *e);
typedef int (*fund_outcome_fn)(void *ctx, const struct fund_outcome_row *r);
/* A disbursement's outcome records, oldest first; 1 when any, 0 when none. */
int store_outcome_each(struct db *db, int64_t disbursement_id, fund_outcome_fn fn, void *ctx,
		       struct err *e);

/* One household the campaign supported: its standing disbursements to
 * kind household (heart surgery left out) grouped by commune and name as
 * recorded, with its latest outcome over all of them. */
struct fund_household {
	int64_t unit_id, amount, count; /* đồng received, disbursements */
	int64_t last_id;                /* its latest disbursement */
	const char *beneficiary, *unit_name, *district_code, *district_name;
	int publish_name;               /* every one of its disbursements agreed */
	const char *status, *date;      /* latest outcome; NULL when never reviewed */
};
typedef int (*fund_household_fn)(void *ctx, const struct fund_household *h);
/* In Vietnamese order of district and commune (their sort keys), then name. */
int store_fund_households(struct db *db, int64_t campaign_id, fund_household_fn fn, void *ctx,
			  struct err *e);

/* verify: the first outcome record that is for no standing-or-reversed
 * disbursement to a household (heart surgery excluded), or is dated before
 * its disbursement (0 when none). */
int store_verify_fund_outcomes(struct db *db, int64_t *bad, struct err *e);
/* verify: the first fund row that disagrees with its journal entry (kind,
 * accounts, amount, campaign, unit) or an entry on the fund's accounts
 * without its row: its id in *bad (0 when none). */
int store_verify_fund_rows(struct db *db, int64_t *bad, struct err *e);
/* verify: the first entry after which a campaign's money handed over and
 * not spent, or its money spent, is below zero (0 when none). */
int store_verify_fund_balances(struct db *db, int64_t *bad, struct err *e);

#endif
