/* The public JSON API: the same figures and list as the portal, for
 * newspapers' and developers' programs, and for the portal's own
 * search-as-you-type.  Amounts are whole đồng as JSON numbers. */
#include <stdio.h>
#include <string.h>

#include "base/json.h"
#include "core/core.h"
#include "web/portal.h"
#include "web/web.h"

static void json_key_text(struct buf *b, const char *key, const char *v)
{
	json_string(b, key);
	buf_putc(b, ':');
	if (v && v[0])
		json_string(b, v);
	else
		buf_puts(b, "null");
}

/* percent in hundredths as a JSON number (90.46), null without target */
static void json_percent(struct buf *b, int64_t pct)
{
	if (pct < 0)
		buf_puts(b, "null");
	else
		buf_printf(b, "%lld.%02lld", (long long)(pct / 100), (long long)(pct % 100));
}

int api_summary(struct web_req *rq, struct web_resp *rs)
{
	struct progress p = {0};
	struct campaign_row c;
	struct web_campaign_stats st;
	struct buf b = BUF_INIT;
	int found;

	if (portal_campaign(rq, &c, &found) < 0)
		return -1;
	if (!found)
		return portal_no_campaign(rq, rs);
	if (report_progress(rq->db, c.code, &p, &rq->e) < 0 ||
	    store_web_campaign_stats(rq->db, c.id, &st, &rq->e) < 0) {
		progress_free(&p);
		return -1;
	}
	buf_puts(&b, "{\"campaign\":{");
	json_key_text(&b, "code", c.code);
	buf_putc(&b, ',');
	json_key_text(&b, "name", c.name);
	buf_putc(&b, ',');
	json_key_text(&b, "start", c.start);
	buf_putc(&b, ',');
	json_key_text(&b, "end", c.end);
	buf_putc(&b, ',');
	json_key_text(&b, "ceremony", c.ceremony);
	buf_putc(&b, ',');
	json_key_text(&b, "deadline", c.deadline);
	buf_printf(&b, "},\"goal\":%lld,\"received\":%lld,\"percent\":", (long long)c.goal,
		   (long long)p.total_received);
	json_percent(&b, progress_percent_x100(p.total_received, c.goal));
	buf_printf(&b, ",\"contributions\":%lld,\"donors\":%lld,\"units\":[",
		   (long long)st.contributions, (long long)st.donors);
	for (int i = 0; i < p.nunits; i++) {
		const struct progress_unit *u = &p.units[i];
		const char *parent = NULL;
		for (int j = i - 1; j >= 0 && u->parent_id; j--)
			if (p.units[j].id == u->parent_id) {
				parent = p.units[j].code;
				break;
			}
		buf_puts(&b, i ? ",\n{" : "\n{");
		json_key_text(&b, "code", u->code);
		buf_putc(&b, ',');
		json_key_text(&b, "name", u->name);
		buf_putc(&b, ',');
		json_key_text(&b, "kind", u->kind);
		buf_putc(&b, ',');
		json_key_text(&b, "parent", parent);
		buf_printf(&b, ",\"depth\":%d,\"target\":%lld,\"received\":%lld,\"percent\":", u->depth,
			   (long long)(u->has_target ? u->target : 0), (long long)u->received);
		json_percent(&b, u->has_target ? progress_percent_x100(u->received, u->target) : -1);
		buf_putc(&b, '}');
	}
	buf_puts(&b, "\n]}\n");
	progress_free(&p);
	rs->cache = "public, max-age=30";
	resp_json(rs, 200, &b);
	return 0;
}

struct items {
	struct buf *b;
	int n;
};

static int item(void *ctx, const struct web_public_contribution *c)
{
	struct items *it = ctx;
	struct buf *b = it->b;
	buf_puts(b, it->n++ ? ",\n{" : "\n{");
	json_key_text(b, "date", c->date);
	buf_putc(b, ',');
	/* a hidden name was never read: only the words shown on the portal */
	json_key_text(b, "donor", c->donor ? c->donor : "Nhà hảo tâm ẩn danh");
	buf_printf(b, ",\"anonymous\":%s,", c->donor ? "false" : "true");
	json_key_text(b, "unit", c->unit_name);
	buf_putc(b, ',');
	json_key_text(b, "unit_code", c->unit_code);
	buf_printf(b, ",\"amount\":%lld,", (long long)c->amount);
	json_key_text(b, "receipt", c->receipt);
	buf_putc(b, '}');
	return 0;
}

int api_public_list(struct web_req *rq, struct web_resp *rs)
{
	struct portal_list pl;
	struct campaign_row c;
	struct unit_row u;
	struct err e = {0};
	struct buf b = BUF_INIT, rows = BUF_INIT;
	struct items it = {.b = &rows};
	char *unit = NULL;
	int64_t total;
	int found, rc = -1;

	if (portal_list_input(rq, &pl, &e) < 0 || web_text(rq, "unit", "unit", CODE_MAX, &unit, &e) < 0) {
		rc = web_fail(rq, rs, 400, e.msg);
		goto cleanup;
	}
	if (portal_campaign(rq, &c, &found) < 0)
		goto cleanup;
	if (!found) {
		rc = portal_no_campaign(rq, rs);
		goto cleanup;
	}
	pl.query.campaign_id = c.id;
	if (unit) {
		if ((found = store_unit_by_code(rq->db, unit, &u, &rq->e)) < 0)
			goto cleanup;
		if (!found) {
			rc = web_fail(rq, rs, 404, "no such unit");
			goto cleanup;
		}
		pl.query.scope_unit = u.id;
	}
	if (store_web_public_contributions(rq->db, &pl.query, item, &it, &total, &rq->e) < 0)
		goto cleanup;
	buf_printf(&b, "{\"total\":%lld,\"page\":%lld,\"per_page\":%lld,\"items\":[%s\n]}\n",
		   (long long)total, (long long)pl.page, (long long)pl.per_page, buf_cstr(&rows));
	rs->cache = "public, max-age=30";
	resp_json(rs, 200, &b);
	rc = 0;
cleanup:
	portal_list_free(&pl);
	buf_free(&rows);
	buf_free(&b);
	return rc;
}
