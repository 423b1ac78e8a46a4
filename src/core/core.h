/* The domain: units, campaigns, targets, donors, pledges, contributions and
 * the progress report.  Functions here validate and normalise input, apply
 * the rules, and write through the store and the journal, each write one
 * transaction with its audit event.  Nothing here knows about HTTP or the
 * command line.  Text arguments must already be clean UTF-8 NFC (the CLI's
 * args_parse and the importers ensure it); values are checked again here. */
#ifndef ANSINH_CORE_H
#define ANSINH_CORE_H

#include <stdint.h>
#include <time.h>

#include "base/buf.h"
#include "base/err.h"
#include "ledger/log.h"
#include "store/db.h"
#include "store/model.h"

/* Who acts and when: stamped on journal entries and audit events. */
struct actor {
	const char *name;
};

/* Current UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" (honours $ANSINH_NOW for
 * reproducible tests and demos). */
void core_now(char out[32]);
/* The same clock as a time_t. */
time_t core_time(void);
/* Writes "YYYY-MM-DD" (exactly 10 characters and a NUL). */
void iso_date(char out[11], long y, long m, long d);
/* Today's date in Asia/Ho_Chi_Minh (honours $ANSINH_NOW too). */
void core_today(char out[11]);

int kind_is_unit(const char *k);
int code_check(const char *code, struct err *e);
struct csv_row;
/* Cleans (UTF-8 check, NFC, trim) the mapped cells of a CSV row into
 * cell[0..n): malloc'd, NULL for absent or empty cells.  Errors name
 * FILE:LINE: column. */
int csv_clean_cells(const struct csv_row *row, const char *path, const int idx[],
		    const char *const names[], int n, char *cell[], struct err *e);
void csv_free_cells(char *cell[], int n);
/* The SHA-256 of a file's bytes in hex: how an import knows a file it has
 * seen (import_batch.sha256). */
int file_sha256(const char *path, char hex[65], struct err *e);
/* 1 when s is one or more ASCII digits and nothing else. */
int core_all_digits(const char *s);
/* ISO date plus whole months, the day clamped to the month's length. */
void date_add_months(const char *iso, int months, char out[11]);
int kind_is_donor(const char *k);
int channel_is_valid(const char *c);

/* ---- units (core/unit.c) ---- */
int unit_add(struct db *db, const struct actor *a, const char *code, const char *name,
	     const char *parent_code, const char *kind, int64_t *id, struct err *e);
/* CSV with columns code,name[,parent][,kind]; all or nothing. */
int unit_import(struct db *db, const struct actor *a, const char *path, int64_t *count,
		struct err *e);

/* ---- campaigns (core/campaign.c) ---- */
struct campaign_input {
	const char *code, *name, *start, *end, *ceremony, *deadline, *report, *goal;
};
int campaign_add(struct db *db, const struct actor *a, const struct campaign_input *in,
		 int64_t *id, struct err *e);
/* code given: that campaign; else the one whose period contains date (if
 * date given); else the latest. */
int campaign_resolve(struct db *db, const char *code, const char *date, struct campaign_row *out,
		     struct err *e);

/* ---- targets (core/target.c) ---- */
int target_set(struct db *db, const struct actor *a, const char *campaign_code,
	       const char *unit_code, const char *amount, struct err *e);
/* CSV with columns unit,amount (optionally campaign); all or nothing. */
int target_import(struct db *db, const struct actor *a, const char *campaign_code,
		  const char *path, int64_t *count, struct err *e);

/* ---- donors (core/donor.c) ---- */
struct donor_input {
	const char *name, *kind, *unit_code, *tax_code, *gender, *phone, *email, *address;
	int outside_province; /* 1 = outside the province */
	int anonymous;        /* 1 = do not publish the name */
};
int donor_add(struct db *db, const struct actor *a, const struct donor_input *in, int64_t *id,
	      struct err *e);
/* Inside a transaction: finds the donor (same tax code; else same
 * normalised name + kind + unit) or creates it.  *created tells which. */
int donor_find_or_create(struct db *db, const struct donor_input *in, int64_t unit_id,
			 const char *now, int64_t *id, int *created, struct err *e);

/* Search (core/donor_search.c): ids of donors matching text, exact names
 * first, then whole-word, then prefix matches, each in Vietnamese order;
 * the page [offset, offset + limit).  *ids is malloc'd. */
int donor_search(struct db *db, const char *text, int64_t limit, int64_t offset, int64_t **ids,
		 int64_t *n, struct err *e);
/* Usage error when the text has nothing to search for (only punctuation). */
int donor_search_check(const char *text, struct err *e);

/* Contribution search (core/contribution_search.c), for `contribution list
 * --search` and the staff pages: receipt numbers that start with text (any
 * case), then the contributions of the donors that donor_search finds (best
 * match first, each donor's newest first), then contributions whose note
 * has every typed word as the start of a word, diacritics and case aside
 * (newest first); each once, at most limit (1 to CONTRIBUTION_SEARCH_MAX)
 * in all, in campaign_id only unless 0.  fn is called per row (a
 * contribution_fn of store/store.h); returns the number of rows, or -1 (a
 * usage error when text has nothing to search for). */
#define CONTRIBUTION_SEARCH_MAX 1000
struct contribution_view;
int contribution_search(struct db *db, const char *text, int64_t campaign_id, int64_t limit,
			int (*fn)(void *ctx, const struct contribution_view *c), void *ctx,
			struct err *e);

/* ---- pledges (core/pledge.c) ---- */
struct pledge_input {
	const char *campaign_code, *donor_id, *amount, *goods, *made_at, *date, *due, *canvasser,
		*note;
	/* Instalments "DATE=AMOUNT;DATE=AMOUNT..." (NULL: one due date); they
	 * must add up to the amount, dates rising; the last is the due date. */
	const char *instalments;
	/* A web form's one-time nonce (NULL: none) and the account sending it:
	 * recorded with the pledge, so the form sent twice saves once. */
	const char *nonce;
	int64_t user_id;
};
/* 0 and *id, or 1 and the id saved the first time when the nonce was used
 * before (nothing written), or -1. */
int pledge_add(struct db *db, const struct actor *a, const struct pledge_input *in, int64_t *id,
	       struct err *e);

/* A pledge's collection state, derived from what its contributions paid:
 * the next due date is that of the first instalment not yet covered (or
 * the pledge's due date, else the campaign's collection deadline). */
#define PLEDGE_DUE_SOON_DAYS 14
struct pledge_view;
enum pledge_state { PLEDGE_PAID, PLEDGE_OVERDUE, PLEDGE_DUE_SOON, PLEDGE_OPEN };
struct pledge_status {
	const struct pledge_view *v;
	int64_t outstanding;
	int64_t due_amount;   /* what should be paid by next_due */
	char next_due[DATE_MAX]; /* "" when none */
	long days_left;       /* next_due - today (negative: overdue) */
	enum pledge_state state;
	char ref[16];         /* payment reference P001234 */
};
const char *pledge_state_label(enum pledge_state s); /* Vietnamese */
const char *pledge_state_key(enum pledge_state s);   /* paid overdue due_soon open */
/* Writes the payment reference of a pledge: "P" + the id in 6 digits. */
void pledge_ref(char out[16], int64_t id);
struct pledge_query {
	const char *campaign_code; /* NULL: every campaign */
	const char *unit_code;     /* donors of that unit's subtree */
	int64_t scope_unit;        /* the caller's scope (web), 0 = all */
	const char *canvasser;     /* compared folded; NULL: all */
	int outstanding_only;      /* only pledges with something still to pay */
	int due_within;            /* >= 0: next due date within that many days (or past) */
	int overdue_only;
	int64_t id;                /* one pledge */
	int by_name;               /* Vietnamese order of names */
};
typedef int (*pledge_status_fn)(void *ctx, const struct pledge_status *s);
int pledge_query(struct db *db, const struct pledge_query *q, pledge_status_fn fn, void *ctx,
		 struct err *e);

/* ---- contributions (core/contribution.c) ---- */
struct contribution_input {
	int64_t campaign_id;
	int64_t donor_id;
	int64_t unit_id;    /* 0 = the donor's unit */
	int64_t pledge_id;  /* 0 = none */
	const char *channel;
	int64_t amount;
	const char *date;   /* ISO */
	const char *bank_ref, *goods, *goods_qty, *note;
	int anonymous;
	int64_t import_id;
	/* Optional: the donor's name and tax code exactly as the donor row
	 * holds them (tax NULL: none), for the identity commitment in the
	 * transparency log.  Bulk loads that know them spare a lookup per row;
	 * NULL donor_name: contribution_record reads them. */
	const char *donor_name, *donor_tax_code;
};
/* State carried across the writes of one transaction: the next journal
 * entry id, the receipt counters, and the transparency log's edge and
 * pending strips, read once and saved by write_batch_flush() before the
 * commit, which also signs one checkpoint for the batch.  Zero-initialise
 * it; it holds no heap memory (about 60 KB, fine on a thread's stack), so
 * a batch abandoned on error needs no cleanup. */
#define WRITE_BATCH_CAMPAIGNS 16
struct write_batch {
	int64_t next_entry;
	struct {
		int64_t campaign_id, last;
		char prefix[CODE_MAX + 1];
	} series[WRITE_BATCH_CAMPAIGNS];
	int nseries;
	struct log_batch log;
};
int write_batch_flush(struct db *db, struct write_batch *wb, struct err *e);

/* Inside a transaction: the journal entry, its leaf in the transparency log
 * and the contribution row.  *id and the receipt number (into receipt) are
 * returned. */
int contribution_record(struct db *db, const struct actor *a, const struct contribution_input *in,
			const char *now, struct write_batch *wb, int64_t *id, struct buf *receipt,
			struct err *e);
/* Inside the caller's transaction: bank-reference and campaign-ceiling
 * checks, the entry, the contribution, the checkpoint and the audit event —
 * what every single add does (CLI, web form, API). */
int contribution_write_one(struct db *db, const struct actor *a,
			   const struct contribution_input *in, const char *now, int64_t *id,
			   struct buf *receipt, struct err *e);
/* Own transaction + audit event. */
int contribution_add(struct db *db, const struct actor *a, const struct contribution_input *in,
		     int64_t *id, struct buf *receipt, struct err *e);
int contribution_reverse(struct db *db, const struct actor *a, int64_t id, const char *reason,
			 int64_t *rev_entry, struct err *e);

/* ---- bulk import (core/import_contrib.c) ---- */
struct import_result {
	int64_t rows, stored, skipped, donors_created;
	char imported_before[32]; /* set when the same file was imported already */
};
int import_contributions(struct db *db, const struct actor *a, const char *path,
			 const char *campaign_code, int force, int progress,
			 struct import_result *res, struct err *e);

/* ---- progress report (core/report.c) ---- */
struct progress_unit {
	int64_t id, parent_id;
	char code[CODE_MAX + 1];
	char name[NAME_MAX_BYTES + 1];
	char kind[16];
	int depth;
	int64_t target;    /* own target, 0 when none */
	int64_t received;  /* whole subtree */
	int64_t own;       /* credited to this unit itself */
	int has_target;
};
struct progress {
	struct campaign_row campaign;
	struct progress_unit *units; /* tree order, parents first */
	int nunits;
	int64_t total_received;
	int64_t total_target; /* sum of the roots' targets */
};
int report_progress(struct db *db, const char *campaign_code, struct progress *out, struct err *e);
void progress_free(struct progress *p);
/* percent of received/target in hundredths (12345 = 123,45 %), -1 without target. */
int64_t progress_percent_x100(int64_t received, int64_t target);

/* ---- verification (core/verify.c) ---- */
struct verify_result {
	int64_t entries;
	int64_t balance[ACCOUNT_ID_MAX + 1]; /* per account id, debit positive */
	struct log_verify_result log;
};
int books_verify(struct db *db, struct verify_result *res, struct err *e);

/* ---- one-time form nonces (core/web_support.c) ----
 * A web form that moves money or goods carries a nonce; the write records
 * it in its own transaction, so a second submission of the same form (a
 * double click, a reload, a replayed POST) writes nothing and finds what the
 * first one made.  The CLI passes no nonce. */
struct form_once {
	const char *nonce; /* NULL: no check */
	int64_t user_id;   /* the account submitting the form */
	int done;          /* out: the nonce was used before; nothing was written */
};
/* Inside the write's transaction: 1 when once's nonce was used before (done
 * set, *id the id of the kind the first use recorded, 0 if another kind),
 * 0 when it was not (or there is none), -1 on an error. */
int form_once_seen(struct db *db, struct form_once *once, const char *kind, int64_t *id,
		   struct err *e);
/* Records once's nonce as used for "kind:id", in the same transaction
 * (nothing without a nonce). */
int form_once_record(struct db *db, const struct form_once *once, const char *kind, int64_t id,
		     const char *now, struct err *e);

/* ---- demo (core/demo.c) ---- */
int demo_build(struct db *db, const struct actor *a, int64_t donors, int64_t contributions,
	       int money_only, struct err *e);

#endif
