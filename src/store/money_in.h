/* Store functions of issue #6 parts 2, 5 and 6 (migration 0004): collection
 * accounts, payroll lists, goods.  Same conventions as store.h: 0 / -1 (e
 * set); finders 1 when found, 0 when not; writers inside the caller's
 * transaction. */
#ifndef ANSINH_STORE_MONEY_IN_H
#define ANSINH_STORE_MONEY_IN_H

#include "store/store.h"

/* ---- collection accounts (store/collection.c) ---- */
struct collection_account_row {
	int64_t campaign_id, unit_id; /* unit_id 0: the campaign's own account */
	const char *campaign_code, *unit_code, *unit_name; /* "" when none */
	const char *bin, *account, *name, *updated_at;
};
typedef int (*collection_account_fn)(void *ctx, const struct collection_account_row *r);
/* Sets (inserts or replaces) the account of campaign x unit (unit 0 = the
 * campaign's); *had_old tells whether one was replaced. */
int store_collection_account_set(struct db *db, int64_t campaign_id, int64_t unit_id,
				 const char *bin, const char *account, const char *name,
				 const char *now, int *had_old, struct err *e);
/* The account money for unit_id should go to: the unit's own, else its
 * nearest ancestor's, else the campaign's (unit_id 0: the campaign's). */
int store_collection_account_for(struct db *db, int64_t campaign_id, int64_t unit_id,
				 collection_account_fn fn, void *ctx, struct err *e);
int store_collection_account_each(struct db *db, int64_t campaign_id, collection_account_fn fn,
				  void *ctx, struct err *e);

/* A pledge with what is still owed on it (paid: standing contributions that
 * name it). */
struct pledge_due {
	int64_t id, campaign_id, donor_id, unit_id, amount, paid;
};
int store_pledge_due(struct db *db, int64_t pledge_id, struct pledge_due *out, struct err *e);

/* ---- payroll lists (store/payroll.c) ---- */
/* The standing contribution with bank reference ref: 1 with its id, donor,
 * amount and whether a payroll list is attached already. */
int store_payroll_transfer(struct db *db, const char *ref, int64_t *contribution_id,
			   int64_t *donor_id, int64_t *amount, int *has_list, struct err *e);
struct payroll_row {
	int64_t id, contribution_id, donor_id, total, members, import_id;
	const char *period, *transfer_ref; /* transfer_ref NULL: none */
};
int store_payroll_insert(struct db *db, const struct payroll_row *p, const char *now, int64_t *id,
			 struct err *e);
struct payroll_line_row {
	int64_t payroll_id, line_no, amount;
	const char *name, *name_fold, *position, *staff_no, *department, *note; /* NULL: none */
};
int store_payroll_line_insert(struct db *db, const struct payroll_line_row *l, struct err *e);
/* A list as shown: with its agency and its contribution. */
struct payroll_view {
	int64_t id, contribution_id, donor_id, total, members;
	const char *agency, *unit_code, *period, *transfer_ref, *date, *receipt_no, *campaign_code;
	int reversed;
};
typedef int (*payroll_fn)(void *ctx, const struct payroll_view *p);
/* Every list (id 0), or the one with that id (1 when found). */
int store_payroll_each(struct db *db, int64_t id, payroll_fn fn, void *ctx, struct err *e);
/* A member's line with the list it is on. */
typedef int (*payroll_line_fn)(void *ctx, const struct payroll_line_row *l,
			       const struct payroll_view *p);
/* The lines of one list in file order (payroll_id > 0), or every line whose
 * folded name contains word (payroll_id 0), for a search to filter. */
int store_payroll_lines(struct db *db, int64_t payroll_id, const char *word, payroll_line_fn fn,
			void *ctx, struct err *e);

/* ---- goods (store/goods.c) ---- */
int store_goods_item_insert(struct db *db, int64_t contribution_id, const char *description,
			    const char *measure, int64_t quantity, const char *valued_by,
			    const char *now, int64_t *id, struct err *e);
/* An item with its stock at each stage (quantities and đồng). */
struct goods_view {
	int64_t id, contribution_id, campaign_id, unit_id, donor_id;
	const char *campaign_code, *unit_code, *donor_name, *date, *receipt_no;
	const char *description, *measure, *valued_by;
	int64_t quantity, value;                 /* received */
	int64_t handed_qty, handed_value;        /* handed over to the fund manager */
	int64_t given_qty, given_value;          /* distributed to recipients */
	int reversed;                            /* the contribution was reversed */
};
typedef int (*goods_fn)(void *ctx, const struct goods_view *g);
/* Every item of a campaign (0: all), or one item (item_id > 0): 1 when any. */
int store_goods_each(struct db *db, int64_t campaign_id, int64_t item_id, goods_fn fn, void *ctx,
		     struct err *e);
struct goods_movement_row {
	int64_t id, item_id, entry_id, quantity, value, recipient_unit; /* 0: none */
	const char *kind, *date, *recipient_kind, *recipient, *document, *note, *actor;
	const char *recipient_unit_code; /* read only */
};
int store_goods_movement_insert(struct db *db, const struct goods_movement_row *m,
				const char *now, int64_t *id, struct err *e);
typedef int (*goods_movement_fn)(void *ctx, const struct goods_movement_row *m);
int store_goods_movements(struct db *db, int64_t item_id, goods_movement_fn fn, void *ctx,
			  struct err *e);
/* How many times the goods received as contribution_id were handed over
 * or distributed (0 when it is not goods). */
int store_goods_moved(struct db *db, int64_t contribution_id, int64_t *n, struct err *e);
/* The first goods movement whose value disagrees with its journal entry
 * (amount, accounts, kind), or an item whose movements exceed it: its id in
 * *bad (0 when none). */
int store_verify_goods(struct db *db, int64_t *bad, struct err *e);

#endif
