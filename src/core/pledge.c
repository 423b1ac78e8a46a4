#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/checked.h"
#include "core/core.h"
#include "store/store.h"
#include "text/date.h"
#include "text/fold.h"
#include "text/money.h"

static int parse_id(const char *field, const char *s, int64_t *out, struct err *e)
{
	char *end;
	if (s == NULL || !s[0])
		return err_usage(e, "%s is required", field);
	long long v = strtoll(s, &end, 10);
	if (*end || v <= 0)
		return err_fail(e, "%s: '%s' is not an id", field, s);
	*out = v;
	return 0;
}

#define INSTALMENTS_MAX 24

struct instalment {
	char due[DATE_MAX];
	int64_t amount;
};

/* "15/02/2020=5.000.000;15/03/2020=5.000.000": dates rising, each not
 * before the pledge, the amounts adding up to the pledge's. */
static int parse_instalments(const char *s, const char *pledge_date, int64_t total,
			     struct instalment *out, int *n, struct err *e)
{
	char *copy = xstrdup(s), *save = NULL;
	int64_t sum = 0;
	int rc = -1;
	*n = 0;
	for (char *t = strtok_r(copy, ";", &save); t; t = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(t, '=');
		struct instalment *it = &out[*n];
		while (*t == ' ')
			t++;
		if (eq == NULL) {
			err_fail(e, "--instalments: '%s' is not DATE=AMOUNT", t);
			goto cleanup;
		}
		*eq = '\0';
		if (*n == INSTALMENTS_MAX) {
			err_fail(e, "--instalments: more than %d instalments", INSTALMENTS_MAX);
			goto cleanup;
		}
		if (date_parse(t, it->due, e) < 0 || money_parse(eq + 1, &it->amount, e) < 0) {
			err_prefix(e, "--instalments: %d: ", *n + 1);
			goto cleanup;
		}
		if (it->amount <= 0 || i64_add(sum, it->amount, &sum) < 0) {
			err_fail(e, "--instalments: %d: the amount must be more than 0 đồng", *n + 1);
			goto cleanup;
		}
		if (strcmp(it->due, pledge_date) < 0 || (*n && strcmp(it->due, out[*n - 1].due) <= 0)) {
			err_fail(e, "--instalments: %d: %s is before the pledge or the previous "
				 "instalment", *n + 1, it->due);
			goto cleanup;
		}
		(*n)++;
	}
	if (*n == 0)
		err_fail(e, "--instalments: none given");
	else if (sum != total)
		err_fail(e, "--instalments: they add up to %lld đồng, the pledge is %lld",
			 (long long)sum, (long long)total);
	else
		rc = 0;
cleanup:
	free(copy);
	return rc;
}

static int donor_seen(void *ctx, const struct donor_view *d)
{
	(void)ctx;
	(void)d;
	return 0;
}

/* R6: a registration made during the campaign or at the ceremony, collected
 * afterwards; due defaults to the campaign's collection deadline. */
int pledge_add(struct db *db, const struct actor *a, const struct pledge_input *in, int64_t *id,
	       struct err *e)
{
	struct pledge_row p = {0};
	struct campaign_row c;
	char date[DATE_MAX], due[DATE_MAX], now[32], object[32], detail[64];

	if (parse_id("--donor", in->donor_id, &p.donor_id, e) < 0)
		return -1;
	if (in->amount == NULL)
		return err_usage(e, "--amount is required");
	if (money_parse(in->amount, &p.amount, e) < 0) {
		err_prefix(e, "--amount: ");
		return -1;
	}
	if (p.amount == 0 && !(in->goods && in->goods[0]))
		return err_fail(e, "--amount: a pledge needs an amount or --goods");
	p.made_at = in->made_at && in->made_at[0] ? in->made_at : "campaign";
	if (strcmp(p.made_at, "campaign") && strcmp(p.made_at, "ceremony"))
		return err_fail(e, "--at: '%s' is not campaign or ceremony", p.made_at);
	core_today(date);
	if (in->date && in->date[0] && date_parse(in->date, date, e) < 0) {
		err_prefix(e, "--date: ");
		return -1;
	}
	if (campaign_resolve(db, in->campaign_code, date, &c, e) < 0)
		return -1;
	due[0] = '\0';
	if (in->due && in->due[0]) {
		if (date_parse(in->due, due, e) < 0) {
			err_prefix(e, "--due: ");
			return -1;
		}
	} else if (c.deadline[0]) {
		snprintf(due, sizeof due, "%s", c.deadline);
	}
	struct instalment inst[INSTALMENTS_MAX];
	int ninst = 0;
	if (in->instalments && in->instalments[0]) {
		if (in->due && in->due[0])
			return err_usage(e, "--due and --instalments: give one or the other");
		if (parse_instalments(in->instalments, date, p.amount, inst, &ninst, e) < 0)
			return -1;
		memcpy(due, inst[ninst - 1].due, sizeof due);
	}
	if (due[0] && strcmp(due, date) < 0)
		return err_fail(e, "--due: %s is before the pledge date %s", due, date);
	p.campaign_id = c.id;
	p.goods = in->goods && in->goods[0] ? in->goods : NULL;
	p.pledge_date = date;
	p.due_date = due[0] ? due : NULL;
	p.canvasser = in->canvasser;
	p.note = in->note;

	core_now(now);
	if (db_begin(db, e) < 0)
		return -1;
	if (in->nonce) { /* a form sent twice records the pledge once */
		char used[64];
		int seen = store_web_nonce_get(db, in->nonce, used, sizeof used, e);
		if (seen < 0)
			goto fail;
		if (seen) {
			*id = strncmp(used, "pledge:", 7) == 0 ? strtoll(used + 7, NULL, 10) : 0;
			db_rollback(db);
			return 1;
		}
	}
	int found = store_donor_by_id(db, p.donor_id, donor_seen, NULL, e);
	if (found <= 0) {
		if (found == 0)
			err_fail(e, "--donor: no donor with id %lld", (long long)p.donor_id);
		goto fail;
	}
	if (store_pledge_insert(db, &p, now, id, e) < 0)
		goto fail;
	for (int i = 0; i < ninst; i++)
		if (store_pledge_instalment_insert(db, *id, i + 1, inst[i].due, inst[i].amount, e) < 0)
			goto fail;
	snprintf(object, sizeof object, "pledge:%lld", (long long)*id);
	snprintf(detail, sizeof detail, "donor %lld: %lld", (long long)p.donor_id,
		 (long long)p.amount);
	if (store_audit(db, now, a->name, "pledge.add", object, detail, e) < 0 ||
	    (in->nonce && store_web_nonce_put(db, in->nonce, in->user_id, object, now, e) < 0) ||
	    db_commit(db, e) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

void pledge_ref(char out[16], int64_t id)
{
	snprintf(out, 16, "P%06lld", (long long)id);
}

const char *pledge_state_key(enum pledge_state s)
{
	static const char *const k[] = {"paid", "overdue", "due_soon", "open"};
	return k[s];
}

const char *pledge_state_label(enum pledge_state s)
{
	static const char *const k[] = {"Đã nộp đủ", "Quá hạn", "Sắp đến hạn", "Chưa đến hạn"};
	return k[s];
}

struct pledge_run {
	const struct pledge_query *q;
	char *canvasser; /* folded */
	char today[DATE_MAX];
	long today_days;
	pledge_status_fn fn;
	void *ctx;
};

/* The first instalment not covered by what was paid: its date, and what
 * should have come in by then. */
static void next_due(const struct pledge_view *v, struct pledge_status *st)
{
	int64_t cum = 0;
	const char *p = v->schedule;
	st->next_due[0] = '\0';
	st->due_amount = st->outstanding;
	while (p && *p) {
		char due[DATE_MAX];
		const char *eq = strchr(p, '=');
		if (eq == NULL || eq - p != DATE_ISO_LEN)
			break;
		memcpy(due, p, DATE_ISO_LEN);
		due[DATE_ISO_LEN] = '\0';
		cum += strtoll(eq + 1, NULL, 10);
		if (cum > v->paid) {
			memcpy(st->next_due, due, sizeof due);
			st->due_amount = cum - v->paid;
			return;
		}
		p = strchr(eq, ';');
		p = p ? p + 1 : NULL;
	}
	snprintf(st->next_due, sizeof st->next_due, "%s",
		 v->due_date[0] ? v->due_date : v->campaign_deadline);
}

static int pledge_one(void *ctx, const struct pledge_view *v)
{
	struct pledge_run *r = ctx;
	const struct pledge_query *q = r->q;
	struct pledge_status st = {.v = v};

	if (r->canvasser) {
		char *f = text_fold_dup(v->canvasser);
		int same = strcmp(f, r->canvasser) == 0;
		free(f);
		if (!same)
			return 0;
	}
	st.outstanding = v->amount > v->paid ? v->amount - v->paid : 0;
	pledge_ref(st.ref, v->id);
	if (st.outstanding == 0) {
		st.state = PLEDGE_PAID;
		st.due_amount = 0;
	} else {
		next_due(v, &st);
		st.days_left = st.next_due[0] ? date_days(st.next_due) - r->today_days : 1L << 20;
		st.state = st.days_left < 0                      ? PLEDGE_OVERDUE
			   : st.days_left <= PLEDGE_DUE_SOON_DAYS ? PLEDGE_DUE_SOON
								   : PLEDGE_OPEN;
	}
	if ((q->outstanding_only || q->overdue_only || q->due_within >= 0) && st.state == PLEDGE_PAID)
		return 0;
	if (q->overdue_only && st.state != PLEDGE_OVERDUE)
		return 0;
	if (q->due_within >= 0 && !(st.next_due[0] && st.days_left <= q->due_within))
		return 0;
	return r->fn(r->ctx, &st);
}

int pledge_query(struct db *db, const struct pledge_query *q, pledge_status_fn fn, void *ctx,
		 struct err *e)
{
	struct pledge_filter f = {.scope_unit = q->scope_unit, .id = q->id, .by_name = q->by_name};
	struct pledge_run r = {.q = q, .fn = fn, .ctx = ctx};
	struct campaign_row c;
	int rc = -1;

	if (q->campaign_code && q->campaign_code[0]) {
		if (campaign_resolve(db, q->campaign_code, NULL, &c, e) < 0)
			return -1;
		f.campaign_id = c.id;
	}
	if (q->unit_code && q->unit_code[0]) {
		struct unit_row u;
		int found = store_unit_by_code(db, q->unit_code, &u, e);
		if (found <= 0)
			return found < 0 ? -1 : err_fail(e, "--unit: no unit with code '%s'",
							 q->unit_code);
		if (q->scope_unit) {
			int in = store_web_unit_in_scope(db, q->scope_unit, u.id, e);
			if (in <= 0)
				return in; /* outside the caller's scope: nothing to show */
		}
		f.scope_unit = u.id;
	}
	if (q->canvasser && q->canvasser[0])
		r.canvasser = text_fold_dup(q->canvasser);
	core_today(r.today);
	r.today_days = date_days(r.today);
	rc = store_pledge_each(db, &f, pledge_one, &r, e);
	free(r.canvasser);
	return rc;
}
