/* Money out (R11, R12): the fund handed over to the unit the Provincial
 * People's Committee assigns, and spent by that unit on the plan's
 * purposes, in the open (docs/fund-use.md).  Same conventions as core.h:
 * each write is one transaction with its journal entry (appended to the
 * transparency log by journal_post) and its audit event. */
#ifndef ANSINH_CORE_FUND_H
#define ANSINH_CORE_FUND_H

#include "core/core.h"
#include "store/fund.h"

struct fund_handover_input {
	const char *campaign_code, *date;   /* optional: by date / today */
	const char *amount;                 /* đồng, as written: 1.000.000 */
	const char *source;                 /* bank (default) | cash */
	const char *document;               /* decision / minutes number */
	const char *organisation;           /* the receiving unit */
	const char *note;                   /* optional */
	struct form_once *once;             /* the web form's nonce, or NULL */
};
/* Hands money over to the fund manager: never more than the campaign's
 * money received (standing cash, transfer and payroll contributions) less
 * what was handed over already.  *id: the row (= journal entry) id; with
 * in->once, a nonce used before writes nothing (once->done, *id the first
 * submission's row). */
int fund_handover(struct db *db, const struct actor *a, const struct fund_handover_input *in,
		  int64_t *id, struct err *e);

struct fund_disburse_input {
	const char *campaign_code, *date;   /* optional */
	const char *amount, *purpose, *beneficiary_kind, *beneficiary;
	const char *unit_code;              /* the commune or district it went to */
	const char *document, *note;
	int publish_name;                   /* the beneficiary agreed to be named */
	struct form_once *once;
};
/* Spends money handed over: never more than the campaign's money handed
 * over and not yet spent. */
int fund_disburse(struct db *db, const struct actor *a, const struct fund_disburse_input *in,
		  int64_t *id, struct err *e);

/* Reverses a handover or a disbursement (reason required), as contributions
 * are corrected; a handover whose money is spent already is refused.
 * *rev_entry: the reversing entry. */
int fund_reverse(struct db *db, const struct actor *a, int64_t id, const char *reason,
		 int64_t *rev_entry, struct err *e);

/* Inside a contribution's reversal: refuses (-1, e set) when taking its
 * money out would leave the campaign with less received than was handed
 * over to the fund manager already. */
int fund_check_unreceive(struct db *db, int64_t contribution_id, struct err *e);

/* ---- outcomes (R12, R15; docs/fund-use.md "Outcomes") ---- */
struct fund_outcome_input {
	int64_t disbursement_id;
	const char *status;  /* thoat-ngheo | can-ngheo | chua-thoat */
	const char *date;    /* the review's date: required */
	const char *note;    /* optional */
	struct form_once *once;
};
/* Records what the annual review of poor and near-poor households found
 * for a standing disbursement to a household (not heart surgery: a child's
 * health is not followed here), on or after the disbursement's date;
 * append-only (a correction is a new record), with its
 * audit event fund.outcome.  *id: the record's id. */
int fund_outcome(struct db *db, const struct actor *a, const struct fund_outcome_input *in,
		 int64_t *id, struct err *e);
int fund_outcome_is_valid(const char *status);
/* out of poverty: thoat-ngheo or can-ngheo (left the list of poor
 * households, as the review counts them) */
int fund_outcome_is_out(const char *status);
/* the disbursement's outcome can be recorded (household, not heart
 * surgery) */
int fund_outcome_applies(const struct fund_row *r);

/* Households the campaign supported and what became of them. */
struct fund_outcome_count {
	char key[CODE_MAX + 1], name[NAME_MAX_BYTES + 1]; /* district ("" for the total) */
	int64_t households;       /* supported */
	int64_t reviewed;         /* with an outcome */
	int64_t out;              /* out of poverty: thoat-ngheo + can-ngheo */
	int64_t near_poor;        /* of them, still near-poor (can-ngheo) */
	int64_t still_poor;       /* chua-thoat */
	int64_t amount;           /* đồng they received */
};
/* Totals into *all; fn (may be NULL) once per district, in Vietnamese order. */
int fund_outcome_counts(struct db *db, int64_t campaign_id, struct fund_outcome_count *all,
			int (*fn)(void *ctx, const struct fund_outcome_count *c), void *ctx,
			struct err *e);

int fund_purpose_is_valid(const char *p);
int fund_beneficiary_kind_is_valid(const char *k);

/* The beneficiary as the public portal may show it (Decree 13/2023 on
 * personal data): a heart-surgery child is never named (health data); a
 * household or a person only with their consent, else "Một hộ gia đình ở
 * Xã Long Đức"; projects and units always.  Written to out (emptied). */
void fund_public_beneficiary(const struct fund_row *r, struct buf *out);

#endif
