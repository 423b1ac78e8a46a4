#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "store/store.h"
#include "text/date.h"
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
	int found = store_donor_by_id(db, p.donor_id, donor_seen, NULL, e);
	if (found <= 0) {
		if (found == 0)
			err_fail(e, "--donor: no donor with id %lld", (long long)p.donor_id);
		goto fail;
	}
	if (store_pledge_insert(db, &p, now, id, e) < 0)
		goto fail;
	snprintf(object, sizeof object, "pledge:%lld", (long long)*id);
	snprintf(detail, sizeof detail, "donor %lld: %lld", (long long)p.donor_id,
		 (long long)p.amount);
	if (store_audit(db, now, a->name, "pledge.add", object, detail, e) < 0 ||
	    db_commit(db, e) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}
