/* Pledges through the staff JSON API (the pledge pages come in the next
 * phase).  The donor must lie in the caller's scope; the rules (amount or
 * goods, dates, due date after the pledge) are core/pledge.c's. */
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "web/staff.h"

int api_pledge_add(struct web_req *rq, struct web_resp *rs)
{
	struct pledge_input in = {0};
	struct donor_card d;
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	char *donor, *amount, *campaign, *goods, *at, *date, *due, *canvasser, *note;
	int64_t donor_id, id;
	int found;

	if (web_int(rq, "donor", "donor", 1, INT64_MAX / 2, 0, &donor_id, &e) < 0 ||
	    web_text(rq, "donor", "donor", 24, &donor, &e) < 0 ||
	    web_text(rq, "amount", "amount", 64, &amount, &e) < 0 ||
	    web_text(rq, "campaign", "campaign", CODE_MAX, &campaign, &e) < 0 ||
	    web_text(rq, "goods", "goods", 300, &goods, &e) < 0 ||
	    web_text(rq, "at", "at", 16, &at, &e) < 0 ||
	    web_text(rq, "date", "date", 32, &date, &e) < 0 ||
	    web_text(rq, "due", "due", 32, &due, &e) < 0 ||
	    web_text(rq, "canvasser", "canvasser", NAME_MAX_BYTES, &canvasser, &e) < 0 ||
	    web_text(rq, "note", "note", 1000, &note, &e) < 0)
		return web_fail(rq, rs, 422, e.msg);
	if (donor_id == 0)
		return web_fail(rq, rs, 422, "donor: required (a donor id)");
	if ((found = staff_donor_get(rq, donor_id, &d)) < 0)
		return -1;
	if (!found)
		return web_fail(rq, rs, 422, "donor: no such donor in your scope");
	if (amount == NULL)
		amount = "0";
	in.donor_id = donor;
	in.amount = amount;
	in.campaign_code = campaign;
	in.goods = goods;
	in.made_at = at;
	in.date = date;
	in.due = due;
	in.canvasser = canvasser;
	in.note = note;
	if (pledge_add(rq->db, &who, &in, &id, &e) < 0) {
		/* the core names options as the command line does: --amount */
		const char *msg = e.msg;
		while (*msg == '-')
			msg++;
		return web_fail(rq, rs, 422, msg);
	}
	struct buf b = BUF_INIT;
	buf_printf(&b, "{\"id\":%lld}\n", (long long)id);
	resp_json(rs, 201, &b);
	return 0;
}
