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
 * equals fold exactly.  The match is against the word index, or against the
 * word-pair index (text_pair_tokens) when it starts with "pairs:". */
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
int store_pledge_instalment_insert(struct db *db, int64_t pledge_id, int seq, const char *due,
				   int64_t amount, struct err *e);
struct pledge_view {
	int64_t id;
	const char *campaign_code, *donor_name, *made_at, *pledge_date, *due_date, *canvasser, *note,
		*goods;
	int64_t donor_id, amount, paid;
	const char *campaign_deadline; /* the campaign's collection deadline, "" when none */
	const char *unit_code, *unit_name;
	const char *schedule;          /* instalments "YYYY-MM-DD=amount;...", "" when none */
};
typedef int (*pledge_fn)(void *ctx, const struct pledge_view *p);
/* Pledges with what their standing contributions paid.  scope_unit: only
 * donors of that unit's subtree (0 = all), in the SQL like the web's
 * listings; id: one pledge (0 = all); by_name: Vietnamese order of the
 * donors' names, else pledge order. */
struct pledge_filter {
	int64_t campaign_id, scope_unit, id;
	int by_name;
};
int store_pledge_each(struct db *db, const struct pledge_filter *f, pledge_fn fn, void *ctx,
		      struct err *e);
struct contribution_view;
typedef int (*contribution_fn)(void *ctx, const struct contribution_view *c);
/* The contributions matched to a pledge, reversed ones too. */
int store_pledge_payments(struct db *db, int64_t pledge_id, contribution_fn fn, void *ctx,
			  struct err *e);

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
/* Contributions whose note matches the FTS5 query on folded note words, the
 * newest first; returns the number of rows, or -1. */
int store_contribution_by_note(struct db *db, const char *match, int64_t campaign_id,
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
/* Income of the whole book, every campaign together (MONEY_BOOK_MAX bounds it). */
int store_book_income(struct db *db, int64_t *out, struct err *e);

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

/* ==== web application (issue #4): accounts, sessions, tokens, listings ====
 * src/store/web_user.c and src/store/web_list.c.  Every listing that a unit
 * officer can reach takes scope_unit: 0 for the whole province, else the id
 * of the unit whose subtree (the unit and every unit under it) the rows must
 * belong to; the filter is part of the SQL, never applied afterwards. */
struct web_user_row {
	int64_t id;
	char name[CODE_MAX + 1];
	char role[16];
	int64_t unit_id;  /* 0 = none */
	char unit_code[CODE_MAX + 1];
	char pw_hash[160];
	int disabled;
	int must_change; /* must choose a new password at the next login */
};
int store_web_user_insert(struct db *db, const char *name, const char *role, int64_t unit_id,
			  const char *pw_hash, const char *now, int64_t *id, struct err *e);
/* 1 and the row (disabled accounts too) when found, 0 when not. */
int store_web_user_by_name(struct db *db, const char *name, struct web_user_row *out,
			   struct err *e);
int store_web_user_set_password(struct db *db, int64_t id, const char *pw_hash, const char *now,
				struct err *e);
/* Disables the account and deletes its sessions and revokes its tokens. */
int store_web_user_disable(struct db *db, int64_t id, const char *now, struct err *e);
typedef int (*web_user_fn)(void *ctx, const struct web_user_row *u, const char *created_at,
			   const char *disabled_at);
int store_web_user_each(struct db *db, web_user_fn fn, void *ctx, struct err *e);

/* Who a session or token belongs to, read in one query with the account
 * (an account that is disabled or gone yields nothing). */
struct web_principal_row {
	int64_t user_id;
	char name[CODE_MAX + 1];
	char role[16];
	int64_t unit_id;
	char unit_code[CODE_MAX + 1];
	char csrf[64];       /* sessions only */
	int must_change;     /* the account must choose a new password first */
	char seen_at[32];    /* sessions only */
	int64_t token_id;    /* tokens only */
};
int store_web_session_insert(struct db *db, const unsigned char hash[32], int64_t user_id,
			     const char *csrf, const char *now, const char *expires,
			     const char *address, struct err *e);
/* 1 and the principal when the session exists, is not expired at now and
 * its account is active. */
int store_web_session_get(struct db *db, const unsigned char hash[32], const char *now,
			  struct web_principal_row *out, struct err *e);
int store_web_session_touch(struct db *db, const unsigned char hash[32], const char *now,
			    const char *expires, struct err *e);
int store_web_session_delete(struct db *db, const unsigned char hash[32], struct err *e);
int store_web_session_delete_user(struct db *db, int64_t user_id, struct err *e);
int store_web_session_purge(struct db *db, const char *now, struct err *e);

int store_web_token_insert(struct db *db, const unsigned char hash[32], int64_t user_id,
			   const char *label, const char *now, const char *by, int64_t *id,
			   struct err *e);
/* 1 and the principal for a live token of an active account. */
int store_web_token_get(struct db *db, const unsigned char hash[32], struct web_principal_row *out,
			struct err *e);
int store_web_token_used(struct db *db, int64_t id, const char *now, struct err *e);
/* 1 when a live token was revoked, 0 when there was none. */
int store_web_token_revoke(struct db *db, int64_t id, const char *now, struct err *e);
struct web_token_view {
	int64_t id;
	const char *user, *label, *created_at, *created_by, *last_used_at, *revoked_at;
};
typedef int (*web_token_fn)(void *ctx, const struct web_token_view *t);
int store_web_token_each(struct db *db, web_token_fn fn, void *ctx, struct err *e);

/* Form nonces: 1 and the object recorded when the nonce was used. */
int store_web_nonce_get(struct db *db, const char *nonce, char *object, size_t n, struct err *e);
int store_web_nonce_put(struct db *db, const char *nonce, int64_t user_id, const char *object,
			const char *now, struct err *e);

/* 1 when unit_id lies in the subtree of scope_unit (always when scope 0). */
int store_web_unit_in_scope(struct db *db, int64_t scope_unit, int64_t unit_id, struct err *e);
/* Units of the subtree (all when scope 0), in tree order. */
int store_web_unit_each_scoped(struct db *db, int64_t scope_unit, unit_fn fn, void *ctx,
			       struct err *e);

/* Contributions as the public sees them: standing (not reversed) ones of a
 * campaign, newest first.  donor is NULL when the donor asked not to be
 * named (donor.publish_name = 0 or contribution.anonymous = 1): the name is
 * not even read from the database then.  match (an FTS5 query over folded
 * names, NULL for none) only finds donors who may be named; receipt (NULL
 * for none) finds one receipt number. */
struct web_public_contribution {
	const char *date, *donor, *unit_code, *unit_name, *receipt;
	int64_t amount;
	int64_t id; /* for keyset paging */
};
typedef int (*web_public_fn)(void *ctx, const struct web_public_contribution *c);
struct web_list_query {
	int64_t campaign_id;
	int64_t scope_unit; /* 0 = every unit */
	const char *match;  /* FTS5 query or NULL */
	const char *receipt;
	int64_t limit, offset;
	const char *before_date; /* keyset paging: rows after (date, id) in list order */
	int64_t before_id;
};
int store_web_public_contributions(struct db *db, const struct web_list_query *q,
				   web_public_fn fn, void *ctx, int64_t *total, struct err *e);

/* Contributions as staff see them (names, anonymous flags, reversals):
 * every row q matches, reversed ones too; *total counted first unless
 * total is NULL (a count walks every row: for exports and small lists). */
int store_web_staff_contributions(struct db *db, const struct web_list_query *q,
				  contribution_fn fn, void *ctx, int64_t *total, struct err *e);
/* The same rows, one page of them, without a count; donor_plan reads them
 * from the matching donors (a search with few matches) instead of walking
 * the newest rows. */
int store_web_staff_rows(struct db *db, const struct web_list_query *q, int donor_plan,
			 contribution_fn fn, void *ctx, struct err *e);
/* How many rows q matches, counting at most cap + 1 (cap 0: all). */
int store_web_staff_count(struct db *db, const struct web_list_query *q, int64_t cap,
			  int64_t *n, struct err *e);
/* How many contributions of q's campaign and scope are reversed (read from
 * the reversals: few). */
int store_web_staff_reversed(struct db *db, const struct web_list_query *q, int64_t *n,
			     struct err *e);
/* One contribution when it lies in the scope: 1, else 0. */
int store_web_contribution_scoped(struct db *db, int64_t id, int64_t scope_unit,
				  contribution_fn fn, void *ctx, struct err *e);

/* Donors of the scope in Vietnamese order; match as above (NULL = all);
 * total NULL: no count. */
int store_web_donors(struct db *db, const struct web_list_query *q, donor_fn fn, void *ctx,
		     int64_t *total, struct err *e);
/* 1 and the donor's unit when the donor lies in the scope. */
int store_web_donor_scoped(struct db *db, int64_t id, int64_t scope_unit, donor_fn fn, void *ctx,
			   struct err *e);

/* Figures for the media page: standing contributions of a campaign. */
struct web_campaign_stats {
	int64_t contributions, donors, anonymous;
	int64_t by_channel[4]; /* cash, transfer, payroll, goods (đồng) */
	int64_t largest;
	char first_date[11], last_date[11];
};
int store_web_campaign_stats(struct db *db, int64_t campaign_id, struct web_campaign_stats *out,
			     struct err *e);
/* The name of the root unit (the province), "" when there is none. */
int store_web_root_name(struct db *db, char *out, size_t n, struct err *e);

/* ---- the portal at scale (issue #4 phase 2): web_list.c ----
 * The portal keeps its figures in memory and brings them up to date from
 * what was written since: the journal and the audit trail only grow, so
 * their last ids say whether anything changed, and the entries after the
 * last id seen say what. */
struct web_data_version {
	int64_t journal, audit; /* last ids, 0 when empty */
};
int store_web_data_version(struct db *db, struct web_data_version *v, struct err *e);
/* A read transaction: its statements all see one state of the database. */
int store_web_read_begin(struct db *db, struct err *e);
void store_web_read_end(struct db *db);
/* One standing (sign +1) or reversed (sign -1) contribution, or a journal
 * entry that moves money of a unit (contrib_id 0). */
struct web_contrib_fact {
	int64_t entry_id, campaign_id, unit_id;
	int64_t received;    /* signed change of the contributions account */
	int64_t contrib_id;  /* 0 when the entry concerns no contribution */
	int64_t donor_id, amount;
	const char *channel, *date;
	int named;           /* the public may see the donor's name */
	int sign;            /* +1 contribution, -1 its reversal */
};
typedef int (*web_fact_fn)(void *ctx, const struct web_contrib_fact *f);
/* Every standing contribution of a campaign (sign +1), in id order. */
int store_web_contrib_scan(struct db *db, int64_t campaign_id, web_fact_fn fn, void *ctx,
			   struct err *e);
/* Every journal entry after after_id, in id order, with the contribution it
 * records or reverses. */
int store_web_journal_after(struct db *db, int64_t after_id, web_fact_fn fn, void *ctx,
			    struct err *e);
/* The actions of the audit events after after_id. */
typedef int (*web_action_fn)(void *ctx, const char *action);
int store_web_audit_after(struct db *db, int64_t after_id, web_action_fn fn, void *ctx,
			  struct err *e);
/* A server's connection: no memory map, large sorts in temporary files,
 * a page cache of cache_kib KiB (the server's memory stays bounded
 * whatever the database's size). */
int store_web_tune(struct db *db, int64_t cache_kib, struct err *e);
/* The public list, choosing by the caller's estimate: when few rows can
 * match (donor_plan), they are found through the matching donors and
 * sorted; otherwise the newest rows are walked until the page is full.
 * The query's before_date/before_id, when set, start after that row
 * (keyset paging). */
int store_web_public_rows(struct db *db, const struct web_list_query *q, int donor_plan,
			  web_public_fn fn, void *ctx, struct err *e);
/* Counts the public rows a query matches (no page): for searches within a
 * unit, which the portal's counters do not cover. */
int store_web_public_count(struct db *db, const struct web_list_query *q, int64_t *total,
			   struct err *e);
/* The donor ids a search (FTS5 query) finds, in id order. */
typedef int (*web_id_fn)(void *ctx, int64_t id);
int store_web_match_donors(struct db *db, const char *match, web_id_fn fn, void *ctx,
			   struct err *e);
/* The standing contribution with this receipt number in the campaign:
 * 1 with its donor and whether the donor is named, 0 when none. */
int store_web_receipt(struct db *db, int64_t campaign_id, const char *receipt, int64_t *donor_id,
		      int *named, int64_t *unit_id, struct err *e);
/* ==== end of the web application's section ==== */

/* ==== staff workspace, phase 2 (issue #4): committee, canvassing, account
 * administration, audit viewer, units (store/committee.c, store/canvass.c,
 * store/web_admin.c).  Listings take a scope like the web listings above. */
struct committee_row {
	const char *name, *name_fold, *role, *title, *organisation, *duties, *phone;
	const void *sort_key;
	size_t sort_key_len;
	int64_t unit_id, user_id; /* 0 = none */
};
int store_committee_insert(struct db *db, const struct committee_row *m, const char *now,
			   int64_t *id, struct err *e);
int store_committee_update(struct db *db, int64_t id, const struct committee_row *m,
			   const char *now, struct err *e);
struct committee_view {
	int64_t id, unit_id, user_id, assignments;
	const char *name, *role, *title, *organisation, *duties, *phone, *unit_code, *unit_name,
		*user_name;
};
typedef int (*committee_fn)(void *ctx, const struct committee_view *m);
struct committee_query {
	int64_t scope_unit; /* members in charge of the scope's units, or of the whole province */
	const char *role;   /* NULL = any */
	const char *fold;   /* folded text found in the folded name (NULL = all) */
	int64_t limit, offset; /* limit 0 = all */
};
/* In committee order (head, deputies, members, assistants, collaborators;
 * Vietnamese name order within each). */
int store_committee_each(struct db *db, const struct committee_query *q, committee_fn fn,
			 void *ctx, int64_t *total, struct err *e);
/* 1 and the member when it exists (within the scope), 0 when not. */
int store_committee_get(struct db *db, int64_t id, int64_t scope_unit, committee_fn fn, void *ctx,
			struct err *e);

struct canvass_row {
	int64_t campaign_id, donor_id, member_id;
	const char *status, *next_step, *next_date, *note; /* NULL = none */
};
/* Inserts the assignment and its first history row. */
int store_canvass_insert(struct db *db, const struct canvass_row *c, const char *now,
			 const char *actor, int64_t *id, struct err *e);
/* Sets status, next step, its date and note, and appends a history row. */
int store_canvass_update(struct db *db, int64_t id, const struct canvass_row *c, const char *now,
			 const char *actor, struct err *e);
/* 1 when the campaign already has this donor assigned to this member. */
int store_canvass_find(struct db *db, const struct canvass_row *c, int64_t *id, struct err *e);
struct canvass_view {
	int64_t id, campaign_id, donor_id, member_id, donor_unit_id;
	const char *campaign_code, *donor_name, *donor_kind, *unit_code, *member_name, *status,
		*next_step, *next_date, *note, *updated_at;
	int overdue; /* next step's date before today and still open */
};
typedef int (*canvass_fn)(void *ctx, const struct canvass_view *c);
struct canvass_query {
	int64_t campaign_id; /* 0 = every campaign */
	int64_t scope_unit;  /* donors of this subtree only (0 = all) */
	int64_t unit_id;     /* filter: donors of this unit's subtree (0 = all) */
	int64_t member_id;   /* 0 = any canvasser */
	const char *status;  /* NULL = any */
	const char *today;   /* ISO, for "overdue" */
	int by_name;         /* order by donor name instead of overdue-first */
	int64_t limit, offset;
};
/* Overdue next steps first (oldest first), then upcoming ones by date,
 * then those without a date, each in Vietnamese order of the donor. */
int store_canvass_each(struct db *db, const struct canvass_query *q, canvass_fn fn, void *ctx,
		       int64_t *total, struct err *e);
int store_canvass_get(struct db *db, int64_t id, int64_t scope_unit, const char *today,
		      canvass_fn fn, void *ctx, struct err *e);
struct canvass_event_view {
	const char *at, *actor, *status, *next_step, *next_date, *note;
};
typedef int (*canvass_event_fn)(void *ctx, const struct canvass_event_view *ev);
int store_canvass_events(struct db *db, int64_t id, canvass_event_fn fn, void *ctx,
			 struct err *e);

/* Accounts as the administrator sees them. */
struct web_user_admin_view {
	int64_t id, sessions, tokens;
	const char *name, *role, *unit_code, *created_at, *last_login_at, *disabled_at;
	int must_change;
};
typedef int (*web_user_admin_fn)(void *ctx, const struct web_user_admin_view *u);
/* Accounts by name; role NULL = any; with_disabled 0 hides removed ones. */
int store_web_user_admin_each(struct db *db, const char *role, int with_disabled,
			      web_user_admin_fn fn, void *ctx, struct err *e);
int store_web_user_set_role(struct db *db, int64_t id, const char *role, int64_t unit_id,
			    struct err *e);
int store_web_user_set_must_change(struct db *db, int64_t id, int must_change, struct err *e);
int store_web_user_login_stamp(struct db *db, int64_t id, const char *now, struct err *e);

/* The audit trail, newest first. */
struct audit_view {
	int64_t id;
	const char *at, *actor, *action, *object, *detail;
};
typedef int (*audit_fn)(void *ctx, const struct audit_view *a);
struct audit_query {
	const char *actor;   /* NULL = anyone */
	const char *kind;    /* action or its prefix before '.' ("user"), NULL = all */
	const char *from, *to; /* ISO dates in Asia/Ho_Chi_Minh, inclusive; NULL = open */
	int64_t limit, offset;
};
int store_audit_each(struct db *db, const struct audit_query *q, audit_fn fn, void *ctx,
		     int64_t *total, struct err *e);
/* The distinct kinds (the part of the action before '.'), in order. */
int store_audit_kinds(struct db *db, int (*fn)(void *ctx, const char *kind), void *ctx,
		      struct err *e);

/* Renames a unit (and its sort key) and sets its kind. */
int store_unit_update(struct db *db, int64_t id, const char *name, const void *sort_key,
		      size_t key_len, const char *kind, struct err *e);
/* ==== end of phase 2 ==== */

/* ==== transparency log (issue #5): src/store/log.c ====
 * The rows of the log's tables as they are; what goes in them (where a hash
 * sits in its tile row, what a leaf says) is decided in src/ledger/log.c.
 * A tile row holds up to STORE_LOG_TILE_WIDTH bottom hashes of 32 bytes and
 * up to STORE_LOG_TILE_UPPER upper ones, a salt row the salts of
 * STORE_LOG_SALTS leaves. */
#define STORE_LOG_TILE_WIDTH 256
#define STORE_LOG_TILE_UPPER 14
#define STORE_LOG_SALTS 256

/* setting rows: 1 and the value when set, 0 when not. */
int store_setting_get(struct db *db, const char *key, struct buf *out, struct err *e);
int store_setting_set(struct db *db, const char *key, const char *value, struct err *e);

/* One tile row (level 0..7, n): nb bottom hashes (the tile), nu upper ones
 * (migrations/0011_log_store.sql says which). */
struct store_log_row {
	int nb, nu;
	uint8_t b[STORE_LOG_TILE_WIDTH][32];
	uint8_t u[STORE_LOG_TILE_UPPER][32];
};
/* get: 1 with the row, 0 when it does not exist (nb = nu = 0).
 * append: adds bcnt bottom hashes at position boff and ucnt upper ones at
 * uoff, refusing (out of step) when the row does not hold exactly boff and
 * uoff of them; boff 0 makes the row.  last: 1 with the highest row of the
 * level and its counts, 0 when the level has none. */
int store_log_row_get(struct db *db, int level, int64_t n, struct store_log_row *out,
		      struct err *e);
int store_log_row_append(struct db *db, int level, int64_t n, int boff, const uint8_t *b, int bcnt,
			 int uoff, const uint8_t *u, int ucnt, struct err *e);
int store_log_row_last(struct db *db, int level, int64_t *n, int *nb, int *nu, struct err *e);

/* Salt rows, the salts written out one by one.  get: 1 with *count salts
 * (the rest of the row reads as zeros: salts needs room for
 * STORE_LOG_SALTS * 32 bytes), 0 when missing.  blank: zeroes one salt; 1
 * when done, 0 when the slot held none.  last: 1 with the highest row and
 * its count, 0 when there is none. */
int store_log_salt_get(struct db *db, int64_t n, uint8_t *salts, int *count, struct err *e);
int store_log_salt_blank(struct db *db, int64_t n, int slot, struct err *e);
int store_log_salt_last(struct db *db, int64_t *n, int *count, struct err *e);
/* put: the whole row n (count salts), made or replaced (an erasure writes
 * out the salts of a run whose seed it blanks). */
int store_log_salt_put(struct db *db, int64_t n, const uint8_t *salts, int count, struct err *e);
/* Salt seeds (migrations/0012_log_salt.sql): one per run of salts, by the
 * run's first leaf.  each: the runs starting in [from, to), in order, to fn
 * (seed NULL when the row is not 32 bytes).  blank: 1 when done, 0 when
 * the seed was blank already or is missing.  last: the highest run's
 * first leaf, -1 when there is none. */
typedef int (*log_seed_fn)(void *ctx, int64_t leaf, const uint8_t *seed);
int store_log_seed_insert(struct db *db, int64_t leaf, const uint8_t seed[32], struct err *e);
int store_log_seeds(struct db *db, int64_t from, int64_t to, log_seed_fn fn, void *ctx,
		    struct err *e);
int store_log_seed_blank(struct db *db, int64_t leaf, struct err *e);
int store_log_seed_last(struct db *db, int64_t *leaf, struct err *e);
/* The commitment of an erased contribution's leaf: 1 when there is one. */
int store_log_erased_insert(struct db *db, int64_t leaf, const uint8_t commitment[32],
			    const char *now, struct err *e);
int store_log_erased_get(struct db *db, int64_t leaf, uint8_t commitment[32], struct err *e);

/* Codes by id: 1 and the code, 0 when there is no such row. */
int store_log_campaign_code(struct db *db, int64_t id, char out[CODE_MAX + 1], struct err *e);
int store_log_unit_code(struct db *db, int64_t id, char out[CODE_MAX + 1], struct err *e);
typedef int (*log_account_fn)(void *ctx, int64_t id, const char *code);
int store_log_accounts(struct db *db, log_account_fn fn, void *ctx, struct err *e);

/* A donor's identity as stored: 1 with name and tax code ("" when none). */
int store_log_donor_identity(struct db *db, int64_t donor_id, struct buf *name, struct buf *tax,
			     struct err *e);
/* The contribution with exactly this receipt number: 1 with its entry and
 * donor, 0 when there is none. */
int store_log_receipt(struct db *db, const char *receipt, int64_t *entry_id, int64_t *donor_id,
		      struct err *e);
/* The highest journal entry id (0 when empty) and the number of entries. */
int store_log_journal_extent(struct db *db, int64_t *max_id, int64_t *count, struct err *e);

/* Journal entries with what their leaves are rebuilt from, in id order,
 * ids from..to.  Strings are NULL when absent (unit, contribution, donor). */
struct log_entry_row {
	int64_t id, amount, reverses_id, donor_id;
	int64_t debit_account, credit_account;
	const char *kind, *date, *recorded, *campaign, *unit;
	const char *receipt;              /* NULL: no contribution row */
	const char *donor_name, *donor_tax;
};
typedef int (*log_entry_fn)(void *ctx, const struct log_entry_row *r);
int store_log_entries(struct db *db, int64_t from, int64_t to, log_entry_fn fn, void *ctx,
		      struct err *e);

/* Keys.  skey and retired_at are NULL for a retired / the active key. */
struct log_key_row {
	int64_t id;
	const char *name, *vkey, *skey, *created_at, *retired_at;
};
typedef int (*log_key_fn)(void *ctx, const struct log_key_row *k);
int store_log_key_each(struct db *db, log_key_fn fn, void *ctx, struct err *e);
/* 1 and the active key through fn, 0 when there is none. */
int store_log_key_active(struct db *db, log_key_fn fn, void *ctx, struct err *e);
int store_log_key_insert(struct db *db, const char *name, const char *vkey, const char *skey,
			 const char *now, int64_t *id, struct err *e);
int store_log_key_retire(struct db *db, int64_t id, const char *now, struct err *e);

/* Checkpoints, in the order they were signed. */
struct log_checkpoint_row {
	int64_t id, size, key_id;
	const uint8_t *root; /* 32 bytes, or NULL when the column is malformed */
	const char *signed_at, *note;
	size_t note_len;
};
typedef int (*log_checkpoint_fn)(void *ctx, const struct log_checkpoint_row *c);
int store_log_checkpoint_insert(struct db *db, int64_t size, const uint8_t root[32], int64_t key_id,
				const char *now, const char *note, size_t note_len, int64_t *id,
				struct err *e);
/* 1 through fn with the last checkpoint signed (of this size when size > 0),
 * 0 when there is none. */
int store_log_checkpoint_latest(struct db *db, int64_t size, log_checkpoint_fn fn, void *ctx,
				struct err *e);
int store_log_checkpoint_each(struct db *db, log_checkpoint_fn fn, void *ctx, struct err *e);
/* ==== end of the transparency log's section ==== */

#endif
