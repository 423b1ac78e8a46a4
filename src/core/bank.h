/* Money in from the bank (issue #6 parts 3 and 4): statement profiles, the
 * statement import, the matcher that names who sent each credit line, and
 * the reconciliation queue.  Like core.h, nothing here knows about HTTP or
 * the command line. */
#ifndef ANSINH_CORE_BANK_H
#define ANSINH_CORE_BANK_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/strmap.h"
#include "core/core.h"

/* ---- profiles (core/bank_profile.c) ----
 * A profile names the columns of one bank's statement export.  Profiles
 * are small text files (profiles/bank/NAME.conf, `key = value` lines, #
 * comments), compiled in as defaults and loadable from a path. */
enum bank_col {
	BC_DATE, BC_REF, BC_DEBIT, BC_CREDIT, BC_BALANCE, BC_DESC, BC_SENDER, BC_NCOLS
};
#define BANK_LABEL_MAX 80
struct bank_profile {
	char name[32];
	char bank[BANK_LABEL_MAX];
	char col[BC_NCOLS][BANK_LABEL_MAX]; /* header text; "" = the export has none */
	char account_label[BANK_LABEL_MAX]; /* preamble cell before the account number */
	char ignore[4 * BANK_LABEL_MAX];    /* other headers allowed, comma-separated */
};
/* The profiles compiled in from profiles/bank/ (see the Makefile). */
struct bank_profile_text {
	const char *name; /* "vcb.conf" */
	const char *data;
	size_t len;
};
extern const struct bank_profile_text bank_profile_texts[];
extern const int bank_profile_texts_count;
/* Parses profile text; errors name origin and line. */
int bank_profile_parse(const char *text, size_t len, const char *origin, struct bank_profile *out,
		       struct err *e);
/* A compiled-in profile by name (vcb, bidv, vietinbank, agribank), or a
 * file when spec names one (contains '/' or ends in .conf). */
int bank_profile_get(const char *spec, struct bank_profile *out, struct err *e);
/* The compiled-in profile whose required columns are all in the header
 * cells: 1 and *out, 0 when none fits. */
int bank_profile_detect(const char *const cells[], int n, struct bank_profile *out);
/* Names of the compiled-in profiles, comma-separated, for messages. */
void bank_profile_names(struct buf *out);

/* ---- the matcher (core/bank_match.c) ----
 * Everything it needs is loaded once into memory (donors' folded names,
 * open pledges, sender accounts learnt), so a million lines cost a hash
 * look-up or a few each, not a query. */
#define MATCH_REF 100     /* the payment reference names an existing pledge */
#define MATCH_EXACT 70    /* every word of a donor's name, in order (or given name first) */
#define MATCH_REORDERED 45 /* every word of a donor's name, in another order than its
                              own or given name first: rarely how anyone types their
                              name, so no rival to a name typed in its order */
#define MATCH_PARTIAL 55  /* family and given name, middle name(s) left out: never
                             sure without the sender account (no uniqueness bonus) */
#define MATCH_ACCOUNT 60  /* only the sender account, seen before for the donor */
#define MATCH_ACCOUNT_BONUS 30
#define MATCH_PLEDGE_BONUS 20  /* at most, amount = an open pledge's outstanding amount:
                                  less for amounts many people give */
#define MATCH_PLEDGE_PAYS 0.25 /* share of a pledging donor's transfers that pay it */
#define MATCH_UNIQUE_BONUS 15  /* no other candidate within MATCH_MARGIN */
#define MATCH_MARGIN 15
/* A full name found for exactly one donor may still be a stranger's:
 * strangers are assumed to send MATCH_STRANGER_ODDS transfers for each one
 * from a registered donor, and a stranger bears the name as often as the
 * name's expected number of bearers among as many people as there are
 * donors (from how often its family, middle and given names stand in the
 * donors' names).  The uniqueness bonus is whole while that chance is at
 * most MATCH_STRANGER_ACCEPT and loses 10 points for every factor of ten
 * above; a donor known to send from another account than the line's is
 * MATCH_OTHER_ACCOUNT_ODDS times likelier to be a stranger. */
#define MATCH_STRANGER_ODDS 0.02
#define MATCH_STRANGER_ACCEPT 0.02
#define MATCH_OTHER_ACCOUNT_ODDS 5.0
#define MATCH_THRESHOLD_DEFAULT 85

struct mdonor;
struct mpledge;
struct matcher {
	struct mdonor *d;
	int64_t nd, capd;
	struct mpledge *p;
	int64_t np, capp;
	struct strmap full;     /* sorted words -> first donor index + 1 */
	struct strmap pair;     /* "first last" -> first donor index + 1 */
	struct strmap by_id;    /* donor id -> index */
	struct strmap pledges;  /* pledge id -> index */
	struct strmap senders;  /* sender account -> donor id */
	struct strmap words;    /* position letter + folded word -> number of donors' names with it there */
	struct strmap amounts;  /* amount -> credit lines of it matched so far */
	struct strmap units;    /* unit id -> arena offset of its name (for reasons) */
	int64_t amount_lines;
	struct buf arena;       /* names, folded names and tax codes */
	struct buf key;
	int64_t unidentified;   /* never suggested */
};
void matcher_init(struct matcher *m);
void matcher_free(struct matcher *m);
void matcher_add_donor(struct matcher *m, int64_t id, const char *name, const char *fold,
		       const char *tax, int64_t unit_id);
void matcher_add_pledge(struct matcher *m, int64_t id, int64_t donor_id, int64_t campaign_id,
			int64_t outstanding);
/* A unit's name, shown beside a candidate in a reason instead of its id. */
void matcher_add_unit(struct matcher *m, int64_t id, const char *name);
/* A sender account a clerk confirmed for the donor (the latest wins). */
void matcher_add_sender(struct matcher *m, const char *account, int64_t donor_id);
/* A sender account seen on a line matched with certainty during this run
 * (payment reference, or an unambiguous match at the threshold): learnt for
 * the donor; an account seen this way for two donors is trusted for
 * neither. */
void matcher_learn(struct matcher *m, const char *account, int64_t donor_id);
/* Loads every donor, open pledge and learnt sender account. */
int matcher_load(struct db *db, struct matcher *m, struct err *e);

struct match {
	int64_t donor_id, pledge_id, campaign_id; /* 0 = none */
	int score;       /* 0..100 */
	int ambiguous;   /* another donor within MATCH_MARGIN */
	int candidates;
	char ref[16];    /* the payment reference found, "" when none */
	char sender[24]; /* the sender account found, "" when none */
	struct buf reason;
};
/* Matches one credit line: description as the bank wrote it, the sender
 * account when the statement has one (else NULL: read from the text),
 * amount in đồng.  m->reason is reset and filled. */
void matcher_match(struct matcher *m, const char *desc, const char *sender, int64_t amount,
		   struct match *out);
/* The donor's name and tax code as stored (for the log's commitment) and
 * its unit: 1, or 0 for a donor the matcher does not know. */
int matcher_identity(const struct matcher *m, int64_t donor_id, const char **name,
		     const char **tax, int64_t *unit_id);
/* Money matched to a pledge lowers what is still outstanding on it. */
void matcher_pay(struct matcher *m, int64_t pledge_id, int64_t amount);
/* The words of a description that may be a name, in runs: bank prefixes,
 * numbers and the usual phrases ("chuyen tien", "ung ho quy an sinh")
 * removed; runs separated by '|'.  For tests and the reason text. */
void bank_desc_names(const char *desc, struct buf *out);

/* ---- the import (core/bank_import.c) ---- */
struct bank_import_opts {
	const char *path;
	const char *name;     /* the file's name as recorded (an upload's), NULL: path */
	const char *profile;  /* NULL: recognised from the header */
	const char *account;  /* NULL: from the statement's preamble */
	const char *campaign; /* NULL: by each line's date */
};
struct bank_import_result {
	char profile[32];
	char account[64];
	int64_t lines, credits, debits, known, existing, stored_new;
	int64_t auto_matched, queued, unmatched;
	int64_t credited; /* đồng of the new credit lines */
	/* collection accounts are registered (ansinh account set) and the
	 * statement's account is none of them: most likely the wrong export,
	 * said beside the result (its lines are recorded all the same) */
	int unregistered;
};
int bank_import(struct db *db, const struct actor *a, const struct bank_import_opts *o,
		struct bank_import_result *res, struct err *e);

/* ---- reconciliation (core/reconcile.c) ---- */
/* The auto-match threshold (setting reconcile.auto_threshold, default
 * MATCH_THRESHOLD_DEFAULT; 101 turns automatic matching off). */
int reconcile_threshold(struct db *db, int *out, struct err *e);
int reconcile_set_threshold(struct db *db, const struct actor *a, const char *value,
			    struct err *e);
/* The donor unmatched money is recorded against ("Một nhà hảo tâm chưa xác
 * định"), created on first use under the root unit; inside a transaction. */
int reconcile_unidentified(struct db *db, const char *now, int64_t *id, struct err *e);
/* Confirms lines: line i to donors[i] when given (> 0), else to its
 * suggestion (donors NULL: every line to its suggestion).  All lines in one
 * transaction: the contribution against the unidentified donor (or the
 * wrong one) is reversed and the money recorded anew for the donor, same
 * bank reference; the sender account is learnt. */
int reconcile_confirm(struct db *db, const struct actor *a, const int64_t *lines,
		      const int64_t *donors, int n, struct err *e);
/* Rejects the suggestion: the money goes (back) to the unidentified donor. */
int reconcile_reject(struct db *db, const struct actor *a, const int64_t *lines, int n,
		     struct err *e);
/* Matches the waiting lines again (new donors, pledges, learnt accounts);
 * those now at or above the threshold are moved to their donor. */
int reconcile_auto(struct db *db, const struct actor *a, int64_t *moved, int64_t *waiting,
		   struct err *e);

#endif
