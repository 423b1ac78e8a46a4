/* Store functions of the bank statements and reconciliation (issue #6):
 * src/store/bank.c.  Conventions of store.h: 0 / -1 (e set), finders 1
 * when found and 0 when not, writers inside the caller's transaction. */
#ifndef ANSINH_STORE_BANK_H
#define ANSINH_STORE_BANK_H

#include "store/store.h"

/* What the matcher loads: every donor, every pledge still open (amount
 * above what its standing contributions paid), every sender account learnt. */
typedef int (*bank_donor_fn)(void *ctx, int64_t id, const char *name, const char *fold,
			     const char *tax, int64_t unit_id);
int store_bank_donors_each(struct db *db, bank_donor_fn fn, void *ctx, struct err *e);
typedef int (*bank_pledge_fn)(void *ctx, int64_t id, int64_t donor_id, int64_t campaign_id,
			      int64_t outstanding);
int store_bank_pledges_open(struct db *db, bank_pledge_fn fn, void *ctx, struct err *e);
typedef int (*bank_sender_fn)(void *ctx, const char *account, int64_t donor_id);
int store_bank_senders_each(struct db *db, bank_sender_fn fn, void *ctx, struct err *e);
int store_bank_sender_learn(struct db *db, const char *account, int64_t donor_id, const char *now,
			    struct err *e);

int store_bank_statement_insert(struct db *db, const char *account, const char *profile,
				const char *file, const char *sha256, const char *actor,
				const char *now, int64_t *id, struct err *e);
int store_bank_statement_finish(struct db *db, int64_t id, int64_t read, int64_t stored,
				struct err *e);

struct bank_line_row {
	int64_t id, statement_id, source_line;
	const char *account, *txn_no, *date, *description, *sender, *status, *reason;
	int64_t debit, credit, balance;
	int has_balance;
	int64_t suggest_donor, suggest_pledge, contribution_id;
	int score;
	/* read by the listings only */
	const char *suggest_name, *donor_name;
	int64_t donor_id;
};
int store_bank_line_insert(struct db *db, const struct bank_line_row *l, struct err *e);
typedef int (*bank_line_fn)(void *ctx, const struct bank_line_row *l);
/* 1 through fn when the line exists (by id; or by account and txn_no when
 * id is 0), 0 when not. */
int store_bank_line_get(struct db *db, int64_t id, const char *account, const char *txn_no,
			bank_line_fn fn, void *ctx, struct err *e);
/* Records a reconciliation decision on a line (its facts never change). */
int store_bank_line_decide(struct db *db, int64_t id, const char *status, int64_t suggest_donor,
			   int64_t suggest_pledge, int score, const char *reason,
			   int64_t contribution_id, struct err *e);
struct bank_line_filter {
	const char *status; /* NULL: waiting (pending, unmatched, rejected); "all"; or one status */
	int64_t statement_id; /* 0 = all */
	int64_t limit, offset; /* limit 0 = all */
};
/* Lines in statement order (id), with *total the number matching. */
int store_bank_lines_each(struct db *db, const struct bank_line_filter *f, bank_line_fn fn,
			  void *ctx, int64_t *total, struct err *e);
/* The standing contribution carrying this bank reference: 1 and its id. */
int store_bank_ref_contribution(struct db *db, const char *bank_ref, int64_t *id, struct err *e);
/* 1 when the contribution was recorded for a line of another account than
 * account with the same transaction number: two banks' numbers that happen
 * to coincide, not the same money (0 when not, -1 on error). */
int store_bank_ref_elsewhere(struct db *db, const char *txn_no, const char *account,
			     int64_t contribution_id, struct err *e);
/* The first root unit (the province): 1 and its id, 0 when there is none. */
int store_bank_root_unit(struct db *db, int64_t *id, struct err *e);

/* The statements imported, newest first (store/bank_statement.c). */
struct bank_statement_row {
	int64_t id, lines_read, lines_new;
	const char *account, *profile, *file_name, *actor, *imported_at;
};
typedef int (*bank_statement_fn)(void *ctx, const struct bank_statement_row *r);
int store_bank_statements_each(struct db *db, int limit, bank_statement_fn fn, void *ctx,
			       struct err *e);

#endif
