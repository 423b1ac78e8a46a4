/* Money out: handovers (bank or cash -> fund_handed) and disbursements
 * (fund_handed -> fund_spent), each a journal entry that shares its id with
 * its fund_use row, corrected by reversal only. */
#include <stdio.h>
#include <string.h>

#include "core/fund.h"
#include "core/money_in.h"
#include "ledger/journal.h"
#include "text/labels.h"
#include "text/date.h"
#include "text/money.h"

#define FUND_TEXT_MAX 300
#define FUND_DOC_MAX 100

int fund_purpose_is_valid(const char *p)
{
	return p && p[0] && code_label(fund_purposes, p)[0];
}

int fund_beneficiary_kind_is_valid(const char *k)
{
	return k && k[0] && code_label(fund_beneficiaries, k)[0];
}

static int parse_amount(const char *s, int64_t *out, struct err *e)
{
	if (core_text_field("amount", s, FUND_TEXT_MAX, 1, e) < 0)
		return -1;
	if (money_parse(s, out, e) < 0) {
		err_prefix(e, "amount: ");
		return -1;
	}
	if (*out <= 0)
		return err_fail(e, "amount: must be more than 0 đồng");
	return 0;
}

/* "1.000.000 đ" into a small buffer, for messages. */
static const char *money_text(char out[40], int64_t v)
{
	struct buf b = BUF_INIT;
	money_format(&b, v);
	snprintf(out, 40, "%s", buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* What a write does once its row is known: the entry, the row, the nonce,
 * the audit event, in the caller's transaction. */
static int post_row(struct db *db, const struct actor *a, struct fund_row *r, int debit,
		    int credit, const char *action, const char *detail, struct form_once *once,
		    const char *now, struct err *e)
{
	struct entry_row en = {0};
	char object[48];
	en.campaign_id = r->campaign_id;
	en.kind = r->kind;
	en.entry_date = r->date;
	en.unit_id = r->unit_id;
	en.actor = a->name;
	en.memo = r->purpose ? r->purpose : "handover";
	en.debit_account = debit;
	en.credit_account = credit;
	en.amount = r->amount;
	if (journal_post(db, &en, now, NULL, e) < 0 || log_sign(db, now, NULL, e) < 0)
		return -1;
	r->id = en.id;
	r->actor = a->name;
	snprintf(object, sizeof object, "fund:%lld", (long long)r->id);
	if (store_fund_insert(db, r, now, e) < 0 ||
	    form_once_record(db, once, "fund", r->id, now, e) < 0 ||
	    store_audit(db, now, a->name, action, object, detail, e) < 0)
		return -1;
	return 0;
}

/* Begins the write: 1 when the form was sent before (nothing to do, *id
 * set, transaction ended), 0 to go on inside the transaction, -1. */
static int begin_once(struct db *db, struct form_once *once, const char *kind, int64_t *id,
		      struct err *e)
{
	int found;
	if (db_begin(db, e) < 0)
		return -1;
	if ((found = form_once_seen(db, once, kind, id, e)) != 0) {
		db_rollback(db);
		return found < 0 ? -1 : 1;
	}
	return 0;
}

int fund_handover(struct db *db, const struct actor *a, const struct fund_handover_input *in,
		  int64_t *id, struct err *e)
{
	char now[32], date[DATE_MAX], detail[200], m1[40], m2[40];
	const char *source = in->source && in->source[0] ? in->source : "bank";
	struct fund_row r = {0};
	struct fund_totals t;
	struct campaign_row c;
	int rc;

	if (parse_amount(in->amount, &r.amount, e) < 0)
		return -1;
	if (strcmp(source, "bank") && strcmp(source, "cash"))
		return err_fail(e, "from: '%s' is not one of bank, cash", source);
	if (core_text_field("document", in->document, FUND_DOC_MAX, 1, e) < 0 ||
	    core_text_field("organisation", in->organisation, FUND_TEXT_MAX, 1, e) < 0 ||
	    core_text_field("note", in->note, FUND_TEXT_MAX, 0, e) < 0 ||
	    core_date_or_today(in->date, date, e) < 0 ||
	    campaign_resolve(db, in->campaign_code, date, &c, e) < 0)
		return -1;
	r.kind = "handover";
	r.campaign_id = c.id;
	r.date = date;
	r.document = in->document;
	r.source = source;
	r.organisation = in->organisation;
	r.note = in->note && in->note[0] ? in->note : NULL;
	core_now(now);
	if ((rc = begin_once(db, in->once, "fund", id, e)) != 0)
		return rc < 0 ? -1 : 0;
	if (store_fund_totals(db, c.id, &t, e) < 0)
		goto fail;
	if (r.amount > t.received - t.handed) {
		err_fail(e, "amount: %s asked, but campaign %s has only %s received and not yet "
			 "handed over", money_text(m1, r.amount), c.code,
			 money_text(m2, t.received - t.handed));
		goto fail;
	}
	snprintf(detail, sizeof detail, "handover %lld đồng from %s, %s", (long long)r.amount,
		 source, in->document);
	if (post_row(db, a, &r, ACC_FUND_HANDED, strcmp(source, "cash") ? ACC_BANK : ACC_CASH,
		     "fund.handover", detail, in->once, now, e) < 0 ||
	    db_commit(db, e) < 0)
		goto fail;
	*id = r.id;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int fund_disburse(struct db *db, const struct actor *a, const struct fund_disburse_input *in,
		  int64_t *id, struct err *e)
{
	char now[32], date[DATE_MAX], detail[200], m1[40], m2[40];
	struct fund_row r = {0};
	struct fund_totals t;
	struct campaign_row c;
	struct unit_row u;
	int rc;

	if (parse_amount(in->amount, &r.amount, e) < 0)
		return -1;
	if (!fund_purpose_is_valid(in->purpose))
		return err_fail(e, "purpose: '%s' is not one of policy_family, house, "
				"production_capital, heart_surgery, bridge_road, other",
				in->purpose ? in->purpose : "");
	if (!fund_beneficiary_kind_is_valid(in->beneficiary_kind))
		return err_fail(e, "to: '%s' is not one of household, person, project, unit",
				in->beneficiary_kind ? in->beneficiary_kind : "");
	if (core_text_field("beneficiary", in->beneficiary, FUND_TEXT_MAX, 1, e) < 0 ||
	    core_text_field("unit", in->unit_code, FUND_TEXT_MAX, 1, e) < 0 ||
	    core_text_field("document", in->document, FUND_DOC_MAX, 1, e) < 0 ||
	    core_text_field("note", in->note, FUND_TEXT_MAX, 0, e) < 0 ||
	    core_date_or_today(in->date, date, e) < 0)
		return -1;
	if ((rc = store_unit_by_code(db, in->unit_code, &u, e)) <= 0)
		return rc < 0 ? -1 : err_fail(e, "unit: no unit with code '%s'", in->unit_code);
	if (campaign_resolve(db, in->campaign_code, date, &c, e) < 0)
		return -1;
	r.kind = "disbursement";
	r.campaign_id = c.id;
	r.date = date;
	r.document = in->document;
	r.purpose = in->purpose;
	r.beneficiary_kind = in->beneficiary_kind;
	r.beneficiary = in->beneficiary;
	r.unit_id = u.id;
	r.publish_name = in->publish_name;
	r.note = in->note && in->note[0] ? in->note : NULL;
	core_now(now);
	if ((rc = begin_once(db, in->once, "fund", id, e)) != 0)
		return rc < 0 ? -1 : 0;
	if (store_fund_used(db, c.id, &t, e) < 0)
		goto fail;
	if (r.amount > t.handed - t.spent) {
		err_fail(e, "amount: %s asked, but campaign %s has only %s handed over and not yet "
			 "spent", money_text(m1, r.amount), c.code, money_text(m2, t.handed - t.spent));
		goto fail;
	}
	snprintf(detail, sizeof detail, "disbursement %lld đồng, %s, %s, unit %s, %s",
		 (long long)r.amount, r.purpose, r.beneficiary_kind, in->unit_code, in->document);
	if (post_row(db, a, &r, ACC_FUND_SPENT, ACC_FUND_HANDED, "fund.disburse", detail, in->once,
		     now, e) < 0 ||
	    db_commit(db, e) < 0)
		goto fail;
	*id = r.id;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

static int copy_row(void *ctx, const struct fund_row *r)
{
	struct fund_row *out = ctx;
	*out = *r;
	/* only numbers are used after the statement moves on */
	out->kind = !strcmp(r->kind, "handover") ? "handover" : "disbursement";
	out->date = out->document = out->note = out->actor = out->source = NULL;
	out->organisation = out->purpose = out->beneficiary_kind = out->beneficiary = NULL;
	out->campaign_code = out->unit_code = out->unit_name = out->district_name = NULL;
	out->created_at = out->outcome = out->outcome_date = NULL;
	return 0;
}

int fund_reverse(struct db *db, const struct actor *a, int64_t id, const char *reason,
		 int64_t *rev_entry, struct err *e)
{
	char now[32], today[DATE_MAX], object[48], m1[40], m2[40];
	struct fund_filter f = {.id = id};
	struct fund_totals t;
	struct fund_row r;
	int found;

	if (reason == NULL || !reason[0])
		return err_usage(e, "--reason is required: say why the entry is reversed");
	core_now(now);
	core_today(today);
	if (db_begin(db, e) < 0)
		return -1;
	if ((found = store_fund_each(db, &f, copy_row, &r, e)) <= 0) {
		if (found == 0)
			err_notfound(e, "no fund handover or disbursement %lld", (long long)id);
		goto fail;
	}
	if (r.reversed_by) {
		err_conflict(e, "fund %lld: already reversed by entry %lld", (long long)id,
			     (long long)r.reversed_by);
		goto fail;
	}
	/* money handed over and spent already cannot be taken back */
	if (!strcmp(r.kind, "handover")) {
		if (store_fund_used(db, r.campaign_id, &t, e) < 0)
			goto fail;
		if (t.handed - t.spent < r.amount) {
			err_fail(e, "fund %lld: the handover of %s cannot be reversed: only %s of the "
				 "money handed over is not yet spent", (long long)id,
				 money_text(m1, r.amount), money_text(m2, t.handed - t.spent));
			goto fail;
		}
	}
	if (journal_reverse(db, id, today, a->name, reason, now, rev_entry, e) < 0) {
		err_prefix(e, "fund %lld: ", (long long)id);
		goto fail;
	}
	snprintf(object, sizeof object, "fund:%lld", (long long)id);
	if (log_sign(db, now, NULL, e) < 0 ||
	    store_audit(db, now, a->name, "fund.reverse", object, reason, e) < 0 ||
	    db_commit(db, e) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int fund_check_unreceive(struct db *db, int64_t contribution_id, struct err *e)
{
	char m1[40], m2[40], m3[40];
	struct fund_totals t;
	int64_t campaign, money;
	if (store_fund_contribution(db, contribution_id, &campaign, &money, e) < 0)
		return -1;
	if (money == 0)
		return 0;
	/* the money received is summed only when some was handed over: a
	 * campaign still collecting pays nothing for this check */
	if (store_fund_used(db, campaign, &t, e) < 0)
		return -1;
	if (t.handed == 0)
		return 0;
	if (store_fund_totals(db, campaign, &t, e) < 0)
		return -1;
	if (t.received - money < t.handed)
		return err_fail(e, "contribution %lld: taking back its %s would leave %s received, less "
				"than the %s handed over to the fund manager", (long long)contribution_id,
				money_text(m1, money), money_text(m2, t.received - money),
				money_text(m3, t.handed));
	return 0;
}

void fund_public_beneficiary(const struct fund_row *r, struct buf *out)
{
	const char *k = r->beneficiary_kind ? r->beneficiary_kind : "";
	int group = !strcmp(k, "project") || !strcmp(k, "unit");
	buf_reset(out);
	if (r->purpose && !strcmp(r->purpose, "heart_surgery")) {
		buf_printf(out, "Một trẻ em ở %s", r->unit_name ? r->unit_name : "");
		return;
	}
	if (group || r->publish_name) {
		buf_puts(out, r->beneficiary ? r->beneficiary : "");
		return;
	}
	buf_printf(out, "%s ở %s", !strcmp(k, "person") ? "Một người" : "Một hộ gia đình",
		   r->unit_name ? r->unit_name : "");
}

/* ---- outcomes ---- */

int fund_outcome_is_valid(const char *status)
{
	return status && status[0] && code_label(fund_outcomes, status)[0];
}

int fund_outcome_is_out(const char *status)
{
	return status && (!strcmp(status, "thoat-ngheo") || !strcmp(status, "can-ngheo"));
}

int fund_outcome_applies(const struct fund_row *r)
{
	return !strcmp(r->kind, "disbursement") && r->beneficiary_kind &&
	       !strcmp(r->beneficiary_kind, "household") && r->purpose &&
	       strcmp(r->purpose, "heart_surgery") != 0;
}

struct outcome_target {
	struct fund_row r;
	char date[DATE_MAX];
	int applies;
};

static int outcome_target(void *ctx, const struct fund_row *r)
{
	struct outcome_target *t = ctx;
	t->applies = fund_outcome_applies(r);
	snprintf(t->date, sizeof t->date, "%s", r->date);
	return copy_row(&t->r, r);
}

int fund_outcome(struct db *db, const struct actor *a, const struct fund_outcome_input *in,
		 int64_t *id, struct err *e)
{
	char now[32], date[DATE_MAX], object[48], detail[120];
	struct fund_filter f = {.id = in->disbursement_id};
	struct fund_outcome_row o = {0};
	struct outcome_target t = {0};
	int found;

	if (in->status == NULL || !in->status[0])
		return err_fail(e, "status: the outcome of the review is required");
	if (!fund_outcome_is_valid(in->status))
		return err_fail(e, "status: '%s' is not one of thoat-ngheo, can-ngheo, chua-thoat",
				in->status);
	if (in->date == NULL || !in->date[0])
		return err_fail(e, "date: the date of the review is required");
	if (date_parse(in->date, date, e) < 0) {
		err_prefix(e, "date: ");
		return -1;
	}
	if (core_text_field("note", in->note, FUND_TEXT_MAX, 0, e) < 0)
		return -1;
	core_now(now);
	if ((found = begin_once(db, in->once, "fund_outcome", id, e)) != 0)
		return found < 0 ? -1 : 0;
	if ((found = store_fund_each(db, &f, outcome_target, &t, e)) <= 0) {
		if (found == 0)
			err_notfound(e, "no fund disbursement %lld", (long long)in->disbursement_id);
		goto fail;
	}
	if (strcmp(t.r.kind, "disbursement")) {
		err_fail(e, "fund %lld is a handover: outcomes are recorded for disbursements to "
			 "households", (long long)in->disbursement_id);
		goto fail;
	}
	if (t.r.reversed_by) {
		err_conflict(e, "fund %lld: reversed by entry %lld, it supported no one",
			     (long long)in->disbursement_id, (long long)t.r.reversed_by);
		goto fail;
	}
	if (!t.applies) {
		err_fail(e, "fund %lld: outcomes are recorded for disbursements to households only "
			 "(not heart surgery)", (long long)in->disbursement_id);
		goto fail;
	}
	if (strcmp(date, t.date) < 0) {
		struct buf d1 = BUF_INIT, d2 = BUF_INIT;
		date_format_vn(&d1, date);
		date_format_vn(&d2, t.date);
		err_fail(e, "date: the review on %s is before the disbursement on %s", buf_cstr(&d1),
			 buf_cstr(&d2));
		buf_free(&d1);
		buf_free(&d2);
		goto fail;
	}
	o.disbursement_id = in->disbursement_id;
	o.status = in->status;
	o.date = date;
	o.note = in->note && in->note[0] ? in->note : NULL;
	o.actor = a->name;
	snprintf(object, sizeof object, "fund:%lld", (long long)in->disbursement_id);
	snprintf(detail, sizeof detail, "outcome %s, reviewed %s", in->status, date);
	if (store_outcome_insert(db, &o, now, id, e) < 0 ||
	    form_once_record(db, in->once, "fund_outcome", *id, now, e) < 0 ||
	    store_audit(db, now, a->name, "fund.outcome", object, detail, e) < 0 ||
	    db_commit(db, e) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

struct counting {
	struct fund_outcome_count *all, cur;
	int (*fn)(void *ctx, const struct fund_outcome_count *c);
	void *ctx;
};

static void count_one(struct fund_outcome_count *c, const struct fund_household *h)
{
	c->households++;
	c->amount += h->amount;
	if (h->status == NULL)
		return;
	c->reviewed++;
	if (fund_outcome_is_out(h->status))
		c->out++;
	if (!strcmp(h->status, "can-ngheo"))
		c->near_poor++;
	if (!strcmp(h->status, "chua-thoat"))
		c->still_poor++;
}

static int count_household(void *ctx, const struct fund_household *h)
{
	struct counting *k = ctx;
	if (strcmp(k->cur.key, h->district_code)) {
		if (k->cur.key[0] && k->fn && k->fn(k->ctx, &k->cur) < 0)
			return -1;
		memset(&k->cur, 0, sizeof k->cur);
		snprintf(k->cur.key, sizeof k->cur.key, "%s", h->district_code);
		snprintf(k->cur.name, sizeof k->cur.name, "%s", h->district_name);
	}
	count_one(&k->cur, h);
	count_one(k->all, h);
	return 0;
}

int fund_outcome_counts(struct db *db, int64_t campaign_id, struct fund_outcome_count *all,
			int (*fn)(void *ctx, const struct fund_outcome_count *c), void *ctx,
			struct err *e)
{
	struct counting k = {.all = all, .fn = fn, .ctx = ctx};
	memset(all, 0, sizeof *all);
	if (store_fund_households(db, campaign_id, count_household, &k, e) < 0)
		return -1;
	if (k.cur.key[0] && fn && fn(ctx, &k.cur) < 0)
		return -1;
	return 0;
}
