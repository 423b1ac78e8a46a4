/* Store functions: the SQL for each kind of row, with bound parameters.
 * Each returns 0 / -1 (e set); finders return 1 when found, 0 when not.
 * Writers expect the caller to hold a transaction (db_begin). */
#ifndef ANSINH_STORE_H
#define ANSINH_STORE_H

#include "store/db.h"
#include "store/model.h"

/* units (store/unit.c) */
int store_unit_insert(struct db *db, const struct unit_row *u, const void *sort_key,
		      size_t key_len, const char *now, int64_t *id, struct err *e);
int store_unit_by_code(struct db *db, const char *code, struct unit_row *out, struct err *e);
int store_unit_by_id(struct db *db, int64_t id, struct unit_row *out, struct err *e);
typedef int (*unit_fn)(void *ctx, const struct unit_row *u);
/* Every unit, parents before children, siblings in Vietnamese order. */
int store_unit_each(struct db *db, unit_fn fn, void *ctx, struct err *e);

/* campaigns (store/campaign.c) */
int store_campaign_insert(struct db *db, const struct campaign_row *c, const char *now,
			  int64_t *id, struct err *e);
int store_campaign_by_code(struct db *db, const char *code, struct campaign_row *out, struct err *e);
int store_campaign_by_id(struct db *db, int64_t id, struct campaign_row *out, struct err *e);
/* The campaign whose period contains date, latest start first. */
int store_campaign_for_date(struct db *db, const char *date, struct campaign_row *out, struct err *e);
int store_campaign_latest(struct db *db, struct campaign_row *out, struct err *e);
typedef int (*campaign_fn)(void *ctx, const struct campaign_row *c);
int store_campaign_each(struct db *db, campaign_fn fn, void *ctx, struct err *e);

/* targets (store/target.c) */
int store_target_set(struct db *db, int64_t campaign_id, int64_t unit_id, int64_t amount,
		     const char *now, int64_t *old_amount, int *had_old, struct err *e);
struct target_row {
	int64_t unit_id;
	const char *unit_code, *unit_name;
	int64_t amount;
};
typedef int (*target_fn)(void *ctx, const struct target_row *t);
int store_target_each(struct db *db, int64_t campaign_id, target_fn fn, void *ctx, struct err *e);

/* donors (store/donor.c) */
int store_donor_insert(struct db *db, const struct donor_row *d, const char *now, int64_t *id,
		       struct err *e);
int store_donor_by_tax_code(struct db *db, const char *tax_code, int64_t *id, struct err *e);
int store_donor_by_match(struct db *db, const char *name_fold, const char *match_key,
			 const char *kind, int64_t unit_id, int64_t *id, struct err *e);
struct donor_view {
	int64_t id;
	const char *kind, *name, *tax_code, *unit_code, *unit_name, *gender, *phone, *email, *address;
	int in_province, publish_name;
	int64_t given, contributions; /* totals over non-reversed contributions */
};
typedef int (*donor_fn)(void *ctx, const struct donor_view *d);
/* Donors in Vietnamese name order, a page at a time (limit 0 = all). */
int store_donor_each(struct db *db, int64_t limit, int64_t offset, donor_fn fn, void *ctx,
		     struct err *e);
/* Search primitives: FTS5 match (at most cap ids, in id order); every FTS
 * match in id order (fn returns 1 to go on, 0 to stop, -1 on error); a
 * donor's sort key, folded name and tax code; donors whose folded name
 * equals fold exactly. */
int store_donor_index(struct db *db, int64_t id, const char *name_fold, const char *tax_code,
		      struct err *e);
int store_donor_search_ids(struct db *db, const char *match, int64_t cap, int64_t *ids,
			   int64_t *n, struct err *e);
int store_donor_key(struct db *db, int64_t id, struct buf *key, struct buf *fold, struct buf *tax,
		    struct err *e);
int store_donor_search_each(struct db *db, const char *match, int (*fn)(void *ctx, int64_t id),
			    void *ctx, struct err *e);
int store_donor_exact(struct db *db, const char *fold, int64_t cap, int64_t *ids, int64_t *n,
		      struct err *e);
int store_donor_by_id(struct db *db, int64_t id, donor_fn fn, void *ctx, struct err *e);
/* 1 and the donor's unit when the donor exists, 0 when not. */
int store_donor_unit(struct db *db, int64_t id, int64_t *unit_id, struct err *e);

/* pledges (store/pledge.c) */
int store_pledge_insert(struct db *db, const struct pledge_row *p, const char *now, int64_t *id,
			struct err *e);
int store_pledge_exists(struct db *db, int64_t id, int64_t *donor_id, int64_t *campaign_id,
			struct err *e);
struct pledge_view {
	int64_t id;
	const char *campaign_code, *donor_name, *made_at, *pledge_date, *due_date, *canvasser, *note,
		*goods;
	int64_t donor_id, amount, paid;
};
typedef int (*pledge_fn)(void *ctx, const struct pledge_view *p);
int store_pledge_each(struct db *db, int64_t campaign_id, pledge_fn fn, void *ctx, struct err *e);

/* journal (store/journal.c) */
int store_journal_next_id(struct db *db, int64_t *id, struct err *e);
int store_journal_insert(struct db *db, const struct entry_row *en, struct err *e);
int store_journal_get(struct db *db, int64_t id, struct entry_row *out, struct buf *strings,
		      struct err *e);
int store_journal_reversed_by(struct db *db, int64_t entry_id, int64_t *rev_id, struct err *e);

/* contributions (store/contribution.c) */
int store_contribution_insert(struct db *db, const struct contribution_row *c, int64_t *id,
			      struct err *e);
int store_contribution_bank_ref_live(struct db *db, const char *bank_ref, struct err *e);
/* The campaign's receipt series (created on first use): its prefix and the
 * last number taken; and saving a new last number. */
int store_receipt_last(struct db *db, int64_t campaign_id, char *prefix, size_t prefix_len,
		       int64_t *last, struct err *e);
int store_receipt_save(struct db *db, int64_t campaign_id, int64_t last, struct err *e);
struct contribution_view {
	int64_t id, entry_id, donor_id, amount, pledge_id, reversal_entry;
	const char *date, *campaign_code, *donor_name, *donor_kind, *unit_code, *channel, *receipt_no,
		*bank_ref, *goods, *goods_qty, *note;
	int anonymous, publish_name;
};
typedef int (*contribution_fn)(void *ctx, const struct contribution_view *c);
struct contribution_filter {
	int64_t campaign_id; /* 0 = all */
	int64_t donor_id;    /* 0 = all */
	int64_t limit;       /* 0 = no limit */
};
int store_contribution_each(struct db *db, const struct contribution_filter *f, contribution_fn fn,
			    void *ctx, struct err *e);
int store_contribution_by_id(struct db *db, int64_t id, contribution_fn fn, void *ctx,
			     struct err *e);
/* Contributions whose receipt number starts with prefix; returns how many. */
int store_contribution_by_receipt(struct db *db, const char *prefix, int64_t campaign_id,
				  int64_t limit, contribution_fn fn, void *ctx, struct err *e);

/* imports (store/import_batch.c) */
int store_import_find(struct db *db, const char *kind, const char *sha256, char *when,
		      size_t when_len, struct err *e);
int store_import_insert(struct db *db, const char *kind, const char *file, const char *sha256,
			const char *actor, const char *now, int64_t *id, struct err *e);
int store_import_finish(struct db *db, int64_t id, int64_t read, int64_t stored, int64_t skipped,
			struct err *e);

/* audit (store/audit.c) */
int store_audit(struct db *db, const char *now, const char *actor, const char *action,
		const char *object, const char *detail, struct err *e);

/* report (store/report.c): money received per unit (own entries only, not
 * the subtree) from the ledger: minus the balance of the contributions
 * account over contribution and reversal entries. */
typedef int (*unit_amount_fn)(void *ctx, int64_t unit_id, int64_t amount);
int store_received_by_unit(struct db *db, int64_t campaign_id, unit_amount_fn fn, void *ctx,
			   struct err *e);
/* The campaign's whole income so far (contributions less reversals). */
int store_campaign_income(struct db *db, int64_t campaign_id, int64_t *out, struct err *e);

/* verify (store/verify.c): raw walks for ansinh verify. */
struct verify_entry {
	int64_t id, campaign_id, amount, unit_id, reverses_id;
	const char *kind;
	int debit_account, credit_account;
};
typedef int (*verify_entry_fn)(void *ctx, const struct verify_entry *v);
int store_verify_entries(struct db *db, verify_entry_fn fn, void *ctx, struct err *e);
/* Each returns the first offending id in *bad (0 when none). */
int store_verify_reversals(struct db *db, int64_t *bad_id, struct err *e);
int store_verify_contribution_amounts(struct db *db, int64_t *bad_id, struct err *e);
int store_verify_contribution_rows(struct db *db, int64_t *entry_id, struct err *e);
/* 1 with the campaign code when the ledger's income disagrees with the
 * standing contributions of a campaign. */
int store_verify_campaign_totals(struct db *db, char *bad_code, size_t n, struct err *e);
/* 1 when the named trigger is in place. */
int store_verify_trigger(struct db *db, const char *name, struct err *e);
/* 1 with a description when any foreign key points nowhere. */
int store_verify_foreign_keys(struct db *db, char *what, size_t n, struct err *e);

#endif
