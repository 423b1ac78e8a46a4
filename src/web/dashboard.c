/* The staff dashboard: money received against the goal, days left,
 * progress per unit and the latest contributions.  A unit officer sees its
 * own unit's figures and subtree (the set of units comes from the store's
 * scoped query); everyone else the province. */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "web/page.h"
#include "web/portal.h"
#include "web/staff.h"

struct scope_set {
	int64_t *ids;
	int n, cap;
};

static int collect(void *ctx, const struct unit_row *u)
{
	struct scope_set *s = ctx;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->ids = xrealloc(s->ids, (size_t)s->cap * sizeof *s->ids);
	}
	s->ids[s->n++] = u->id;
	return 0;
}

static int in_set(const struct scope_set *s, int64_t id)
{
	for (int i = 0; i < s->n; i++)
		if (s->ids[i] == id)
			return 1;
	return 0;
}

int page_dashboard(struct web_req *rq, struct web_resp *rs)
{
	struct html h = {BUF_INIT};
	struct scope_set scope = {0};
	const struct progress_unit *own = NULL;
	int rc = -1, rows = 0;
	const struct portal_data *d = portal_data_get(rq->db, &rq->e);

	if (d == NULL)
		return -1;
	page_begin(&h, rq, PAGE_STAFF, "Tổng quan", "dashboard");
	if (!d->found) {
		portal_data_release();
		html_raw(&h, "<h1>Tổng quan</h1><p>Chưa có cuộc vận động nào. Ban Chỉ đạo tạo cuộc vận "
			    "động bằng lệnh <code>ansinh campaign add</code>.</p>");
		page_end(&h, rq, PAGE_STAFF);
		return page_send(rs, 200, &h);
	}
	if (store_web_unit_each_scoped(rq->db, rq->who.scope, collect, &scope, &rq->e) < 0)
		goto cleanup;
	for (int i = 0; i < d->p.nunits; i++)
		if (d->p.units[i].id == rq->who.scope)
			own = &d->p.units[i];

	html_printf(&h, "<h1>Tổng quan</h1><p class=\"lead\">%s</p>", d->c.name);
	html_raw(&h, "<section class=\"figures\" aria-label=\"Số liệu chính\">");
	int64_t received = own ? own->received : d->p.total_received;
	int64_t target = own ? (own->has_target ? own->target : 0) : (d->c.goal ? d->c.goal : d->p.total_target);
	html_printf(&h, "<div class=\"figure main\"><span class=\"label\">Đã tiếp nhận%s%s</span>"
		    "<span class=\"value\">", own ? " — " : "", own ? own->name : "");
	html_money(&h, received);
	html_raw(&h, "</span></div>");
	if (target > 0) {
		html_raw(&h, "<div class=\"figure\"><span class=\"label\">Chỉ tiêu</span><span class=\"value\">");
		html_money(&h, target);
		html_raw(&h, "</span></div><div class=\"figure\"><span class=\"label\">Đạt</span>"
			    "<span class=\"value\">");
		html_percent(&h, progress_percent_x100(received, target));
		html_raw(&h, "</span></div>");
	}
	html_raw(&h, "<div class=\"bar-wide\">");
	html_progress(&h, received, target);
	html_raw(&h, "</div><p class=\"days\">");
	portal_days_left(&h, &d->c);
	if (own) {
		html_raw(&h, " · Toàn tỉnh: ");
		html_money(&h, d->p.total_received);
	}
	html_raw(&h, "</p></section>");
	if (rq->who.caps & CAP_CONTRIB_WRITE)
		html_raw(&h, "<p class=\"actions\"><a class=\"button primary\" href=\"/quan-ly/dong-gop/moi\">"
			    "+ Nhập khoản đóng góp</a></p>");

	html_raw(&h, "<section><h2>Tiến độ theo đơn vị</h2>");
	for (int i = 0; i < d->p.nunits; i++) {
		const struct progress_unit *u = &d->p.units[i];
		/* the province's first level, or the officer's unit and the
		 * level under it */
		int show = own ? (u == own || u->parent_id == own->id) : u->depth == 1;
		if (!show || !in_set(&scope, u->id))
			continue;
		if (rows++ == 0)
			html_raw(&h, "<div class=\"table-wrap\"><table class=\"progress-table\"><thead><tr>"
				    "<th scope=\"col\">Đơn vị</th><th scope=\"col\" class=\"num opt\">Chỉ tiêu</th>"
				    "<th scope=\"col\" class=\"num\">Đã tiếp nhận</th>"
				    "<th scope=\"col\" class=\"num\">Tỷ lệ</th>"
				    "<th scope=\"col\" class=\"bar-col opt\">Tiến độ</th></tr></thead><tbody>");
		int64_t pct = u->has_target ? progress_percent_x100(u->received, u->target) : -1;
		html_raw(&h, "<tr");
		html_raw_if(&h, pct >= 10000, " class=\"done\"");
		html_printf(&h, "><th scope=\"row\">%s</th><td class=\"num opt\">", u->name);
		if (u->has_target)
			html_money(&h, u->target);
		else
			html_raw(&h, "—");
		html_raw(&h, "</td><td class=\"num\">");
		html_money(&h, u->received);
		html_raw(&h, "</td><td class=\"num\">");
		html_percent(&h, pct);
		html_raw(&h, "</td><td class=\"bar-col opt\">");
		html_progress(&h, u->received, u->has_target ? u->target : 0);
		html_raw(&h, "</td></tr>");
	}
	if (rows)
		html_raw(&h, "</tbody></table></div>");
	html_raw(&h, "</section>");

	if (rq->who.caps & CAP_CONTRIB_READ) {
		struct web_list_query q = {.campaign_id = d->c.id, .scope_unit = rq->who.scope, .limit = 10};
		html_raw(&h, "<section><h2>Đóng góp mới nhất</h2>");
		if (staff_contribution_table(rq, &h, &q, 0) < 0)
			goto cleanup;
		html_raw(&h, "<p><a class=\"more\" href=\"/quan-ly/dong-gop\">Tất cả các khoản →</a></p>"
			    "</section>");
	}
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, 200, &h);
cleanup:
	free(scope.ids);
	portal_data_release();
	buf_free(&h.b);
	return rc;
}
