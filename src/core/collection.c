/* Collection accounts and the VietQR code of a pledge. */
#include <stdio.h>
#include <string.h>

#include "core/money_in.h"
#include "core/vietqr.h"

int collection_account_set(struct db *db, const struct actor *a, const char *campaign_code,
			   const char *unit_code, const char *bin, const char *account,
			   const char *name, struct err *e)
{
	struct campaign_row c;
	struct unit_row u = {0};
	struct buf probe = BUF_INIT;
	char now[32], object[CODE_MAX * 2 + 16], detail[128];
	int had_old, found;

	if (name == NULL || !name[0])
		return err_usage(e, "--name is required: the account holder's name as the bank has it");
	if (strlen(name) > NAME_MAX_BYTES)
		return err_fail(e, "name: longer than %d bytes", NAME_MAX_BYTES);
	/* the same checks a payload makes */
	int bad = vietqr_payload(&probe, bin, account, 0, NULL, e);
	buf_free(&probe);
	if (bad < 0)
		return -1;
	if (campaign_resolve(db, campaign_code, NULL, &c, e) < 0)
		return -1;
	if (unit_code && unit_code[0]) {
		if ((found = store_unit_by_code(db, unit_code, &u, e)) <= 0)
			return found < 0 ? -1 : err_fail(e, "unit: no unit with code '%s'", unit_code);
	}
	core_now(now);
	snprintf(object, sizeof object, "%s%s%s", c.code, u.id ? "/" : "", u.id ? u.code : "");
	if (db_begin(db, e) < 0)
		return -1;
	if (store_collection_account_set(db, c.id, u.id, bin, account, name, now, &had_old, e) < 0)
		goto fail;
	snprintf(detail, sizeof detail, "%s %s %s", had_old ? "replaced by" : "set to", bin, account);
	if (store_audit(db, now, a->name, "account.set", object, detail, e) < 0 ||
	    db_commit(db, e) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

void pledge_reference(char out[16], int64_t pledge_id)
{
	snprintf(out, 16, "P%06lld", (long long)pledge_id);
}

static int take_account(void *ctx, const struct collection_account_row *r)
{
	struct pledge_qr *q = ctx;
	snprintf(q->bin, sizeof q->bin, "%s", r->bin);
	snprintf(q->account, sizeof q->account, "%s", r->account);
	snprintf(q->account_name, sizeof q->account_name, "%s", r->name);
	return 0;
}

int pledge_vietqr(struct db *db, int64_t pledge_id, struct pledge_qr *q, struct buf *payload,
		  struct err *e)
{
	struct pledge_due d;
	int found;

	memset(q, 0, sizeof *q);
	if ((found = store_pledge_due(db, pledge_id, &d, e)) <= 0)
		return found < 0 ? -1 : err_fail(e, "pledge: no pledge %lld", (long long)pledge_id);
	q->pledge_id = pledge_id;
	q->amount = d.amount;
	q->paid = d.paid;
	q->outstanding = d.amount > d.paid ? d.amount - d.paid : 0;
	pledge_reference(q->reference, pledge_id);
	snprintf(q->purpose, sizeof q->purpose, "UH ASXH %s", q->reference);
	if (q->outstanding == 0)
		return err_fail(e, "pledge %lld: nothing outstanding (pledged %lld, paid %lld đồng)",
				(long long)pledge_id, (long long)d.amount, (long long)d.paid);
	if ((found = store_collection_account_for(db, d.campaign_id, d.unit_id, take_account, q,
						  e)) <= 0)
		return found < 0 ? -1 : err_fail(e, "pledge %lld: no collection account for its "
						 "campaign or unit (set one with `ansinh account "
						 "set`)", (long long)pledge_id);
	return vietqr_payload(payload, q->bin, q->account, q->outstanding, q->purpose, e);
}
