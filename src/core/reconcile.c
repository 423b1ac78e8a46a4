/* The reconciliation queue (issue #6 part 4).  A credit line's money is in
 * the books from the import on; what a clerk decides later only says whose
 * money it is.  Moving it never edits a contribution: the standing one is
 * reversed (journal_reverse) and the money recorded anew for the right
 * donor with the same bank reference, both in the journal and the
 * transparency log, in one transaction with the audit event. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bank.h"
#include "ledger/journal.h"
#include "store/bank.h"

#define SETTING_THRESHOLD "reconcile.auto_threshold"
#define SETTING_UNIDENTIFIED "bank.unidentified_donor"
#define UNIDENTIFIED_NAME "Một nhà hảo tâm chưa xác định"

int reconcile_threshold(struct db *db, int *out, struct err *e)
{
	struct buf v = BUF_INIT;
	int found = store_setting_get(db, SETTING_THRESHOLD, &v, e);
	*out = MATCH_THRESHOLD_DEFAULT;
	if (found > 0)
		*out = atoi(v.p);
	buf_free(&v);
	return found < 0 ? -1 : 0;
}

int reconcile_set_threshold(struct db *db, const struct actor *a, const char *value,
			    struct err *e)
{
	char *end, now[32], v[16];
	long n = strtol(value, &end, 10);
	if (!value[0] || *end || n < 1 || n > 101)
		return err_usage(e, "threshold: '%s' is not a score from 1 to 100 (101 turns "
				 "automatic matching off)", value);
	snprintf(v, sizeof v, "%ld", n);
	core_now(now);
	if (db_begin(db, e) < 0)
		return -1;
	if (store_setting_set(db, SETTING_THRESHOLD, v, e) < 0 ||
	    store_audit(db, now, a->name, "reconcile.threshold", SETTING_THRESHOLD, v, e) < 0 ||
	    db_commit(db, e) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

static int seen(void *ctx, const struct donor_view *d)
{
	(void)ctx;
	(void)d;
	return 0;
}

int reconcile_unidentified(struct db *db, const char *now, int64_t *id, struct err *e)
{
	struct buf v = BUF_INIT;
	int64_t unit;
	int created, found = store_setting_get(db, SETTING_UNIDENTIFIED, &v, e);
	if (found > 0) {
		*id = strtoll(v.p, NULL, 10);
		found = store_donor_by_id(db, *id, seen, NULL, e);
	}
	buf_free(&v);
	if (found != 0)
		return found < 0 ? -1 : 0;
	found = store_bank_root_unit(db, &unit, e);
	if (found <= 0)
		return found < 0 ? -1 : err_fail(e, "no unit yet: add the province first "
						 "(ansinh unit add)");
	struct donor_input in = {.name = UNIDENTIFIED_NAME, .kind = "individual", .anonymous = 1};
	char val[24];
	if (donor_find_or_create(db, &in, unit, now, id, &created, e) < 0)
		return -1;
	snprintf(val, sizeof val, "%lld", (long long)*id);
	return store_setting_set(db, SETTING_UNIDENTIFIED, val, e);
}

/* A line as the queue needs it, copied out of the store's row. */
struct qline {
	int64_t id, credit, suggest_donor, suggest_pledge, contribution_id, donor_id;
	int score;
	char status[16], txn_no[68], date[DATE_MAX], sender[24], account[68];
	char *description;
};

static int copy_line(void *ctx, const struct bank_line_row *l)
{
	struct qline *q = ctx;
	q->id = l->id;
	q->credit = l->credit;
	q->suggest_donor = l->suggest_donor;
	q->suggest_pledge = l->suggest_pledge;
	q->contribution_id = l->contribution_id;
	q->donor_id = l->donor_id;
	q->score = l->score;
	snprintf(q->status, sizeof q->status, "%s", l->status);
	snprintf(q->txn_no, sizeof q->txn_no, "%s", l->txn_no);
	snprintf(q->account, sizeof q->account, "%s", l->account);
	snprintf(q->date, sizeof q->date, "%s", l->date);
	snprintf(q->sender, sizeof q->sender, "%s", l->sender);
	free(q->description);
	q->description = xstrdup(l->description);
	return 0;
}

/* Open pledges of one donor: the one the amount pays (equal to what is
 * outstanding, else the only one open when the amount fits). */
struct pledge_pick {
	int64_t donor_id, amount, exact, only, open, only_left;
	int64_t campaign_exact, campaign_only;
};

static int pick_pledge(void *ctx, int64_t id, int64_t donor_id, int64_t campaign_id,
		       int64_t outstanding)
{
	struct pledge_pick *p = ctx;
	if (donor_id != p->donor_id)
		return 0;
	if (outstanding == p->amount && !p->exact) {
		p->exact = id;
		p->campaign_exact = campaign_id;
	}
	p->open++;
	p->only = id;
	p->only_left = outstanding;
	p->campaign_only = campaign_id;
	return 0;
}

static int pledge_for_donor(struct db *db, int64_t donor_id, int64_t amount, int64_t *pledge,
			    int64_t *campaign, struct err *e)
{
	struct pledge_pick p = {.donor_id = donor_id, .amount = amount};
	*pledge = *campaign = 0;
	if (store_bank_pledges_open(db, pick_pledge, &p, e) < 0)
		return -1;
	if (p.exact) {
		*pledge = p.exact;
		*campaign = p.campaign_exact;
	} else if (p.open == 1 && amount <= p.only_left) {
		*pledge = p.only;
		*campaign = p.campaign_only;
	}
	return 0;
}

/* Moves a line's money to donor (pledge optional) and records the new
 * status.  Inside the caller's transaction. */
static int line_move(struct db *db, const struct actor *a, const char *now, struct qline *q,
		     int64_t donor, int64_t pledge, int64_t campaign, const char *status,
		     const char *reason, struct err *e)
{
	struct contribution_input in = {0};
	struct write_batch wb = {0};
	struct entry_row orig;
	struct buf strings = BUF_INIT, receipt = BUF_INIT;
	char today[11], memo[160], object[32], detail[200];
	int64_t rev = 0, id = q->contribution_id;
	int rc = -1;

	if (!strcmp(q->status, "debit") || !strcmp(q->status, "existing")) {
		err_fail(e, "line %lld: a %s line is not in the queue", (long long)q->id,
			 !strcmp(q->status, "debit") ? "debit" : "bank reference already recorded");
		goto cleanup;
	}
	core_today(today);
	int found = store_journal_get(db, q->contribution_id, &orig, &strings, e);
	if (found <= 0) {
		if (found == 0)
			err_fail(e, "line %lld: contribution %lld is not in the journal",
				 (long long)q->id, (long long)q->contribution_id);
		goto cleanup;
	}
	if (donor != q->donor_id || pledge) {
		/* the new contribution keeps the line's reference: its number, or
		 * ACCOUNT:NUMBER when another account's line holds the number */
		char ref[160];
		int64_t holder = 0;
		int held = store_bank_ref_contribution(db, q->txn_no, &holder, e);
		if (held < 0)
			goto cleanup;
		if (held && holder != q->contribution_id)
			snprintf(ref, sizeof ref, "%s:%s", q->account, q->txn_no);
		else
			snprintf(ref, sizeof ref, "%s", q->txn_no);
		snprintf(memo, sizeof memo, "sao kê dòng %lld (%s): chuyển sang nhà hảo tâm %lld",
			 (long long)q->id, q->txn_no, (long long)donor);
		if (journal_reverse(db, q->contribution_id, today, a->name, memo, now, &rev, e) < 0)
			goto cleanup;
		in.campaign_id = pledge && campaign ? campaign : orig.campaign_id;
		in.donor_id = donor;
		in.pledge_id = pledge;
		in.channel = "transfer";
		in.amount = q->credit;
		in.date = q->date;
		in.bank_ref = ref;
		if (contribution_record(db, a, &in, now, &wb, &id, &receipt, e) < 0 ||
		    write_batch_flush(db, &wb, e) < 0)
			goto cleanup;
	}
	if (store_bank_line_decide(db, q->id, status, q->suggest_donor, q->suggest_pledge, q->score,
				   reason, id, e) < 0)
		goto cleanup;
	snprintf(object, sizeof object, "bank_line:%lld", (long long)q->id);
	snprintf(detail, sizeof detail, "%s: donor %lld, contribution %lld (reverses %lld by %lld)",
		 status, (long long)donor, (long long)id, (long long)q->contribution_id,
		 (long long)rev);
	rc = store_audit(db, now, a->name, "reconcile.move", object, detail, e);
cleanup:
	buf_free(&strings);
	buf_free(&receipt);
	return rc;
}

static int get_line(struct db *db, int64_t id, struct qline *q, struct err *e)
{
	int found = store_bank_line_get(db, id, NULL, NULL, copy_line, q, e);
	if (found == 0)
		return err_fail(e, "no statement line %lld", (long long)id);
	return found < 0 ? -1 : 0;
}

/* Confirms one line (to donor, or its suggestion when donor is 0). */
static int confirm_one(struct db *db, const struct actor *a, const char *now, struct qline *q,
		       int64_t donor, int64_t unidentified, struct err *e)
{
	int64_t pledge = 0, campaign = 0;
	char reason[96];
	if (donor > 0) {
		int found = store_donor_by_id(db, donor, seen, NULL, e);
		if (found <= 0)
			return found < 0 ? -1 : err_fail(e, "donor: no donor with id %lld",
							 (long long)donor);
	} else if (!q->suggest_donor) {
		return err_fail(e, "line %lld: no suggestion to confirm (give --donor ID)",
				(long long)q->id);
	} else {
		donor = q->suggest_donor;
	}
	if (donor == unidentified)
		return err_fail(e, "line %lld: choose a donor other than the unidentified one",
				(long long)q->id);
	if (donor == q->suggest_donor && q->suggest_pledge) {
		int64_t pledge_donor;
		int found = store_pledge_exists(db, q->suggest_pledge, &pledge_donor, &campaign, e);
		if (found < 0)
			return -1;
		if (found && pledge_donor == donor)
			pledge = q->suggest_pledge;
	}
	if (!pledge && pledge_for_donor(db, donor, q->credit, &pledge, &campaign, e) < 0)
		return -1;
	if (donor == q->donor_id && !strcmp(q->status, "confirmed"))
		return 0; /* confirming twice changes nothing */
	if (donor == q->donor_id)
		pledge = 0; /* the standing contribution already carries its pledge */
	q->suggest_donor = donor; /* the clerk's choice stands */
	q->suggest_pledge = pledge;
	snprintf(reason, sizeof reason, "xác nhận bởi %s", a->name);
	if (line_move(db, a, now, q, donor, pledge, campaign, "confirmed", reason, e) < 0)
		return -1;
	return q->sender[0] ? store_bank_sender_learn(db, q->sender, donor, now, e) : 0;
}

/* Rejects one line's suggestion: its money goes to the unidentified donor. */
static int reject_one(struct db *db, const struct actor *a, const char *now, struct qline *q,
		      int64_t unidentified, struct err *e)
{
	char reason[96];
	if (!strcmp(q->status, "rejected"))
		return 0;
	snprintf(reason, sizeof reason, "gợi ý bị từ chối bởi %s", a->name);
	return line_move(db, a, now, q, unidentified, 0, 0, "rejected", reason, e);
}

/* Every line decided in one transaction: all or nothing. */
static int decide(struct db *db, const struct actor *a, const int64_t *lines,
		  const int64_t *donors, int n, int confirm, struct err *e)
{
	struct qline q = {0};
	char now[32];
	int64_t unidentified;
	int rc = -1;

	core_now(now);
	if (db_begin(db, e) < 0)
		return -1;
	if (reconcile_unidentified(db, now, &unidentified, e) < 0)
		goto cleanup;
	for (int i = 0; i < n; i++)
		if (get_line(db, lines[i], &q, e) < 0 ||
		    (confirm ? confirm_one(db, a, now, &q, donors ? donors[i] : 0, unidentified, e)
			     : reject_one(db, a, now, &q, unidentified, e)) < 0)
			goto cleanup;
	rc = db_commit(db, e);
cleanup:
	if (rc < 0)
		db_rollback(db);
	free(q.description);
	return rc;
}

int reconcile_confirm(struct db *db, const struct actor *a, const int64_t *lines,
		      const int64_t *donors, int n, struct err *e)
{
	return decide(db, a, lines, donors, n, 1, e);
}

int reconcile_reject(struct db *db, const struct actor *a, const int64_t *lines, int n,
		     struct err *e)
{
	return decide(db, a, lines, NULL, n, 0, e);
}

/* The waiting lines, copied out before any is changed. */
struct waiting {
	struct qline *l;
	int64_t n, cap;
};

static int collect_waiting(void *ctx, const struct bank_line_row *row)
{
	struct waiting *w = ctx;
	if (!strcmp(row->status, "rejected"))
		return 0; /* a clerk said no: not suggested again */
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 256;
		w->l = xrealloc(w->l, (size_t)w->cap * sizeof *w->l);
	}
	memset(&w->l[w->n], 0, sizeof w->l[0]);
	return copy_line(&w->l[w->n++], row);
}

int reconcile_auto(struct db *db, const struct actor *a, int64_t *moved, int64_t *waiting,
		   struct err *e)
{
	struct matcher m;
	struct match mt = {0};
	struct waiting w = {0};
	struct bank_line_filter f = {0};
	char now[32];
	int threshold, rc = -1;

	*moved = *waiting = 0;
	core_now(now);
	matcher_init(&m);
	if (db_begin(db, e) < 0)
		goto cleanup;
	if (reconcile_threshold(db, &threshold, e) < 0 ||
	    reconcile_unidentified(db, now, &m.unidentified, e) < 0 || matcher_load(db, &m, e) < 0 ||
	    store_bank_lines_each(db, &f, collect_waiting, &w, NULL, e) < 0)
		goto fail;
	for (int64_t i = 0; i < w.n; i++) {
		struct qline *q = &w.l[i];
		matcher_match(&m, q->description, q->sender, q->credit, &mt);
		q->suggest_donor = mt.donor_id;
		q->suggest_pledge = mt.pledge_id;
		q->score = mt.score;
		if (mt.donor_id && !mt.ambiguous && mt.score >= threshold) {
			if (line_move(db, a, now, q, mt.donor_id, mt.pledge_id, mt.campaign_id, "auto",
				      mt.reason.p, e) < 0)
				goto fail;
			if (mt.pledge_id)
				matcher_pay(&m, mt.pledge_id, q->credit);
			matcher_learn(&m, q->sender, mt.donor_id);
			(*moved)++;
		} else {
			if (store_bank_line_decide(db, q->id, mt.donor_id ? "pending" : "unmatched",
						   mt.donor_id, mt.pledge_id, mt.score,
						   mt.reason.p, q->contribution_id, e) < 0)
				goto fail;
			(*waiting)++;
		}
	}
	if (db_commit(db, e) < 0)
		goto fail;
	rc = 0;
	goto cleanup;
fail:
	db_rollback(db);
cleanup:
	for (int64_t i = 0; i < w.n; i++)
		free(w.l[i].description);
	free(w.l);
	buf_free(&mt.reason);
	matcher_free(&m);
	return rc;
}
