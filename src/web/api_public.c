/* The public JSON API: the same figures and list as the portal, for
 * newspapers' and developers' programs, and for the portal's own
 * search-as-you-type.  Amounts are whole đồng as JSON numbers. */
#include <stdio.h>
#include <string.h>

#include "base/json.h"
#include "core/core.h"
#include "web/portal.h"
#include "web/web.h"

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
	struct buf b = BUF_INIT;
	const struct portal_data *d = portal_data_get(rq->db, &rq->e);
	if (d == NULL)
		return -1;
	if (!d->found) {
		portal_data_release();
		return portal_no_campaign(rq, rs);
	}
	buf_puts(&b, "{\"campaign\":{");
	json_key_text(&b, "code", d->c.code);
	buf_putc(&b, ',');
	json_key_text(&b, "name", d->c.name);
	buf_putc(&b, ',');
	json_key_text(&b, "start", d->c.start);
	buf_putc(&b, ',');
	json_key_text(&b, "end", d->c.end);
	buf_putc(&b, ',');
	json_key_text(&b, "ceremony", d->c.ceremony);
	buf_putc(&b, ',');
	json_key_text(&b, "deadline", d->c.deadline);
	buf_printf(&b, "},\"goal\":%lld,\"received\":%lld,\"percent\":", (long long)d->c.goal,
		   (long long)d->p.total_received);
	json_percent(&b, progress_percent_x100(d->p.total_received, d->c.goal));
	buf_printf(&b, ",\"contributions\":%lld,\"donors\":%lld,\"units\":[",
		   (long long)d->st.contributions, (long long)d->st.donors);
	for (int i = 0; i < d->p.nunits; i++) {
		const struct progress_unit *u = &d->p.units[i];
		const char *parent = NULL;
		for (int j = i - 1; j >= 0 && u->parent_id; j--)
			if (d->p.units[j].id == u->parent_id) {
				parent = d->p.units[j].code;
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
	portal_data_release();
	rs->cache = "public, max-age=30";
	resp_json(rs, 200, &b);
	return 0;
}

struct items {
	struct buf *b;
	int n;
	char last_date[11];
	int64_t last_id;
};

static int item(void *ctx, const struct web_public_contribution *c)
{
	struct items *it = ctx;
	struct buf *b = it->b;
	buf_puts(b, it->n++ ? ",\n{" : "\n{");
	snprintf(it->last_date, sizeof it->last_date, "%s", c->date);
	it->last_id = c->id;
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
	struct err e = {0};
	struct buf b = BUF_INIT, rows = BUF_INIT, key = BUF_INIT;
	struct items it = {.b = &rows};
	const struct portal_data *d = NULL;
	char *unit = NULL;
	int64_t total;
	int rc = -1;

	if (portal_list_input(rq, &pl, &e) < 0 || web_text(rq, "unit", "unit", CODE_MAX, &unit, &e) < 0) {
		rc = web_fail(rq, rs, 400, e.msg);
		goto cleanup;
	}
	if ((d = portal_data_get(rq->db, &rq->e)) == NULL)
		goto cleanup;
	if (!d->found) {
		rc = portal_no_campaign(rq, rs);
		goto cleanup;
	}
	pl.query.campaign_id = d->c.id;
	if (unit) {
		for (int i = 0; i < d->p.nunits && !pl.query.scope_unit; i++)
			if (!strcmp(d->p.units[i].code, unit))
				pl.query.scope_unit = d->p.units[i].id;
		if (!pl.query.scope_unit) {
			rc = web_fail(rq, rs, 404, "no such unit");
			goto cleanup;
		}
	}
	rs->cache = "public, max-age=30";
	portal_list_key(&key, "api", &pl);
	if (portal_cache_get(buf_cstr(&key), d, &b)) {
		resp_json(rs, 200, &b);
		rc = 0;
		goto cleanup;
	}
	int deep = portal_list_run(rq, d, &pl, item, &it, &total);
	if (deep < 0)
		goto cleanup;
	if (deep) {
		char msg[160];
		snprintf(msg, sizeof msg, "page too deep: at most %d rows by page number; follow "
			 "\"next\" (before=) or narrow the search", PORTAL_OFFSET_MAX);
		rc = web_fail(rq, rs, 400, msg);
		goto cleanup;
	}
	buf_printf(&b, "{\"total\":%lld,\"page\":%lld,\"per_page\":%lld,\"next\":",
		   (long long)total, (long long)pl.page, (long long)pl.per_page);
	if (it.n == pl.per_page)
		buf_printf(&b, "\"%s.%lld\"", it.last_date, (long long)it.last_id);
	else
		buf_puts(&b, "null");
	buf_printf(&b, ",\"items\":[%s\n]}\n", buf_cstr(&rows));
	portal_cache_put(buf_cstr(&key), d, b.p, b.len);
	resp_json(rs, 200, &b);
	rc = 0;
cleanup:
	if (d)
		portal_data_release();
	portal_list_free(&pl);
	buf_free(&rows);
	buf_free(&key);
	buf_free(&b);
	return rc;
}
