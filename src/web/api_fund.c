/* GET /api/public/fund: the portal's page on the use of the fund (R8, R12,
 * R15) as JSON, for newspapers' and developers' programs — the same figures
 * and the same privacy: a heart-surgery child is never named, a household
 * or a person only with their consent (fund_public_beneficiary), a
 * household out of poverty only when it agreed on every disbursement.
 * Amounts are whole đồng as JSON numbers. */
#include <stdio.h>

#include "base/json.h"
#include "core/fund.h"
#include "text/labels.h"
#include "web/portal.h"
#include "web/web.h"

struct fund_json {
	struct buf *json;
	struct buf name;
	int n;
	const struct code_label *labels; /* a sum's names from its codes; NULL: as given */
};

static int sum_item(void *ctx, const struct fund_sum *s)
{
	struct fund_json *j = ctx;
	buf_puts(j->json, j->n++ ? ",{" : "{");
	json_key_text(j->json, "code", s->key);
	buf_putc(j->json, ',');
	json_key_text(j->json, "name", j->labels ? code_label(j->labels, s->key) : s->name);
	buf_printf(j->json, ",\"count\":%lld,\"amount\":%lld}", (long long)s->count,
		   (long long)s->amount);
	return 0;
}

static void outcome_figures(struct buf *b, const struct fund_outcome_count *c)
{
	buf_printf(b, "\"households\":%lld,\"reviewed\":%lld,\"out_of_poverty\":%lld,"
		   "\"near_poor\":%lld,\"still_poor\":%lld", (long long)c->households,
		   (long long)c->reviewed, (long long)c->out, (long long)c->near_poor,
		   (long long)c->still_poor);
}

static int outcome_item(void *ctx, const struct fund_outcome_count *c)
{
	struct fund_json *j = ctx;
	buf_puts(j->json, j->n++ ? ",{" : "{");
	json_key_text(j->json, "code", c->key);
	buf_putc(j->json, ',');
	json_key_text(j->json, "name", c->name);
	buf_putc(j->json, ',');
	outcome_figures(j->json, c);
	buf_putc(j->json, '}');
	return 0;
}

static int household_item(void *ctx, const struct fund_household *x)
{
	struct fund_json *j = ctx;
	if (!fund_outcome_is_out(x->status))
		return 0;
	struct fund_row r = {.beneficiary_kind = "household", .beneficiary = x->beneficiary,
			     .unit_name = x->unit_name, .publish_name = x->publish_name};
	fund_public_beneficiary(&r, &j->name);
	buf_puts(j->json, j->n++ ? ",{" : "{");
	json_key_text(j->json, "household", buf_cstr(&j->name));
	buf_putc(j->json, ',');
	json_key_text(j->json, "commune", x->unit_name);
	buf_putc(j->json, ',');
	json_key_text(j->json, "district", x->district_name);
	buf_putc(j->json, ',');
	json_key_text(j->json, "status", x->status);
	buf_putc(j->json, ',');
	json_key_text(j->json, "status_name", code_label(fund_outcomes, x->status));
	buf_putc(j->json, ',');
	json_key_text(j->json, "reviewed", x->date);
	buf_putc(j->json, '}');
	return 0;
}

static int disbursement_item(void *ctx, const struct fund_row *r)
{
	struct fund_json *j = ctx;
	fund_public_beneficiary(r, &j->name);
	buf_puts(j->json, j->n++ ? ",\n{" : "\n{");
	buf_printf(j->json, "\"entry\":%lld,", (long long)r->id);
	json_key_text(j->json, "date", r->date);
	buf_putc(j->json, ',');
	json_key_text(j->json, "purpose", r->purpose);
	buf_putc(j->json, ',');
	json_key_text(j->json, "purpose_name", code_label(fund_purposes, r->purpose));
	buf_putc(j->json, ',');
	json_key_text(j->json, "beneficiary", buf_cstr(&j->name));
	buf_putc(j->json, ',');
	json_key_text(j->json, "unit", r->unit_name);
	buf_printf(j->json, ",\"amount\":%lld,", (long long)r->amount);
	json_key_text(j->json, "document", r->document);
	buf_putc(j->json, '}');
	return 0;
}

int api_fund(struct web_req *rq, struct web_resp *rs)
{
	struct buf b = BUF_INIT;
	struct fund_totals t = {0};
	struct fund_outcome_count all;
	struct fund_json j = {&b, BUF_INIT, 0, fund_purposes};
	struct campaign_row c;
	int rc = -1, found = fund_public_totals(rq, rs, &c, &t);

	if (found <= 0)
		return found;
	buf_puts(&b, "{");
	json_key_text(&b, "campaign", c.code);
	buf_printf(&b, ",\"received\":%lld,\"handed_over\":%lld,\"spent\":%lld,"
		   "\"with_committee\":%lld,\"with_fund_manager\":%lld,\"by_purpose\":[",
		   (long long)t.received, (long long)t.handed, (long long)t.spent,
		   (long long)(t.received - t.handed), (long long)(t.handed - t.spent));
	if (store_fund_by_purpose(rq->db, c.id, sum_item, &j, &rq->e) < 0)
		goto cleanup;
	buf_puts(&b, "],\"by_district\":[");
	j.n = 0;
	j.labels = NULL;
	if (store_fund_by_district(rq->db, c.id, sum_item, &j, &rq->e) < 0)
		goto cleanup;
	buf_puts(&b, "],\"outcomes\":{\"districts\":[");
	j.n = 0;
	if (fund_outcome_counts(rq->db, c.id, &all, outcome_item, &j, &rq->e) < 0)
		goto cleanup;
	buf_puts(&b, "],");
	outcome_figures(&b, &all);
	buf_puts(&b, ",\"out_of_poverty_households\":[");
	j.n = 0;
	if (store_fund_households(rq->db, c.id, household_item, &j, &rq->e) < 0)
		goto cleanup;
	buf_puts(&b, "]},\"disbursements\":[");
	j.n = 0;
	struct fund_filter f = {.campaign_id = c.id, .kind = "disbursement", .standing = 1};
	if (store_fund_each(rq->db, &f, disbursement_item, &j, &rq->e) < 0)
		goto cleanup;
	buf_puts(&b, "\n]}\n");
	rs->cache = "public, max-age=60";
	resp_json(rs, 200, &b);
	rc = 0;
cleanup:
	buf_free(&j.name);
	buf_free(&b);
	return rc;
}
