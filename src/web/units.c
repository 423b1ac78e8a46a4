/* Units and targets for staff (R3, R16): the tree with each unit's target
 * and progress (search, CSV), the targets of a campaign, and the forms that
 * add a unit, rename it and set its target (CAP_SETUP).  A unit officer sees
 * its own subtree: the set of units shown is read with the scoped query
 * store_web_unit_each_scoped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/fold.h"
#include "text/money.h"
#include "web/listing.h"
#include "web/page.h"
#include "web/staff.h"

/* The ids of the units the caller may see (sorted, for bsearch). */
struct idset {
	int64_t *v;
	size_t n, cap;
};

static int add_id(void *ctx, const struct unit_row *u)
{
	struct idset *s = ctx;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = u->id;
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int scope_ids(struct web_req *rq, struct idset *s)
{
	memset(s, 0, sizeof *s);
	if (store_web_unit_each_scoped(rq->db, rq->who.scope, add_id, s, &rq->e) < 0)
		return -1;
	if (s->n)
		qsort(s->v, s->n, sizeof *s->v, cmp_id);
	return 0;
}

static int in_set(const struct idset *s, int64_t id)
{
	return s->n && bsearch(&id, s->v, s->n, sizeof id, cmp_id) != NULL;
}

/* A campaign chosen by ?campaign=CODE, else the latest: 1 when there is one. */
static int chosen_campaign(struct web_req *rq, struct campaign_row *c, const char *code)
{
	if (code)
		return store_campaign_by_code(rq->db, code, c, &rq->e);
	return store_campaign_latest(rq->db, c, &rq->e);
}

struct campaign_opts {
	struct html *h;
	const char *selected;
};

static int campaign_option(void *ctx, const struct campaign_row *c)
{
	struct campaign_opts *o = ctx;
	html_printf(o->h, "<option value=\"%s\"%s>%s</option>", c->code,
		    !strcmp(o->selected, c->code) ? " selected" : "", c->name);
	return 0;
}

static const struct lcol unit_cols[] = {
	{"Mã", LC_CODE}, {"Đơn vị", LC_TEXT}, {"Loại", LC_TEXT}, {"Thuộc", LC_CODE},
	{"Chỉ tiêu", LC_MONEY}, {"Đã nhận (cả đơn vị cấp dưới)", LC_MONEY}, {"Tỷ lệ", LC_CODE},
};

/* Units, or (targets_only) the units with a target; q searches names and
 * codes without diacritics. */
static int unit_list(struct web_req *rq, struct web_resp *rs, int targets_only)
{
	const char *path = targets_only ? "/quan-ly/chi-tieu" : "/quan-ly/don-vi";
	struct html h = {BUF_INIT};
	struct listing l = {0};
	struct progress p = {0};
	struct campaign_row c;
	struct idset ids = {0};
	struct err e = {0};
	char *q, *campaign, *fold = NULL;
	int64_t page, shown = 0;
	int rc = -1, found, csv = listing_wants_csv(rq);

	if (web_text(rq, "q", "Từ khóa", 200, &q, &e) < 0 ||
	    web_text(rq, "campaign", "Cuộc vận động", CODE_MAX, &campaign, &e) < 0 ||
	    web_int(rq, "page", "Trang", 1, 100000, 1, &page, &e) < 0)
		return web_fail(rq, rs, 400, e.msg);
	if ((found = chosen_campaign(rq, &c, campaign)) < 0)
		return -1;
	if (!found)
		return web_fail(rq, rs, 404, campaign ? "Không có cuộc vận động này."
						      : "Chưa có cuộc vận động nào.");
	if (report_progress(rq->db, c.code, &p, &rq->e) < 0 || scope_ids(rq, &ids) < 0)
		goto cleanup;
	if (q)
		fold = text_fold_dup(q);
	page_begin(&h, rq, PAGE_STAFF, targets_only ? "Chỉ tiêu" : "Đơn vị", "units");
	html_printf(&h, "<h1>%s</h1>", targets_only ? "Chỉ tiêu theo đơn vị" : "Đơn vị và chỉ tiêu");
	html_raw(&h, "<p class=\"actions\">");
	html_printf(&h, "<a href=\"%s\">%s</a> ", targets_only ? "/quan-ly/don-vi" : "/quan-ly/chi-tieu",
		    targets_only ? "Cây đơn vị" : "Chỉ tiêu theo cuộc vận động");
	html_raw_if(&h, rq->who.caps & CAP_SETUP,
		    "<a class=\"button\" href=\"/quan-ly/don-vi/moi\">+ Thêm đơn vị</a>");
	html_printf(&h, "</p><form class=\"filters\" method=\"get\" action=\"%s\"><label>Tìm đơn vị"
		    "<input name=\"q\" type=\"search\" value=\"%s\"></label><label>Cuộc vận động"
		    "<select name=\"campaign\">", path, q ? q : "");
	struct campaign_opts co = {&h, c.code};
	if (store_campaign_each(rq->db, campaign_option, &co, &rq->e) < 0)
		goto cleanup;
	html_raw(&h, "</select></label><button type=\"submit\">Xem</button></form>");
	listing_csv_link(&h, rq, path);
	listing_begin(&l, rq, &h, unit_cols, 7);
	listing_title(&l, targets_only ? "Chỉ tiêu theo đơn vị" : "Đơn vị và chỉ tiêu", c.name);
	for (int i = 0; i < p.nunits; i++) {
		const struct progress_unit *u = &p.units[i];
		if (!in_set(&ids, u->id) || (targets_only && !u->has_target))
			continue;
		if (fold) {
			char *name = text_fold_dup(u->name), *code = text_fold_dup(u->code);
			int hit = strstr(name, fold) || strstr(code, fold);
			free(name);
			free(code);
			if (!hit)
				continue;
		}
		if (!csv && (shown < (page - 1) * WEB_PAGE_MAX || shown >= page * WEB_PAGE_MAX)) {
			shown++;
			continue;
		}
		shown++;
		char target[24], received[24], pct[32] = "", href[96], code[CODE_MAX + 16];
		const char *parent = "";
		for (int j = i - 1; j >= 0 && u->parent_id; j--)
			if (p.units[j].id == u->parent_id) {
				parent = p.units[j].code;
				break;
			}
		snprintf(target, sizeof target, "%lld", (long long)u->target);
		snprintf(received, sizeof received, "%lld", (long long)u->received);
		int64_t x = progress_percent_x100(u->received, u->target);
		if (u->has_target && x >= 0)
			snprintf(pct, sizeof pct, "%lld,%02lld %%", (long long)(x / 100), (long long)(x % 100));
		snprintf(href, sizeof href, "/quan-ly/don-vi/%s", u->code);
		/* the tree shows as dots before the code (not in the CSV) */
		static const char *const dots[] = {"", "· ", "· · ", "· · · "};
		snprintf(code, sizeof code, "%s%s", csv ? "" : dots[u->depth < 3 ? u->depth : 3],
			 u->code);
		const char *vals[] = {code, u->name, code_label(unit_kinds, u->kind), parent,
			u->has_target ? target : NULL, received, pct};
		listing_row(&l, vals, rq->who.caps & CAP_SETUP ? href : NULL, 0);
	}
	if (csv) {
		rc = listing_send_csv(&l, rs, targets_only ? "chi-tieu.csv" : "don-vi.csv");
		goto cleanup;
	}
	listing_end(&l, "Không có đơn vị nào khớp.");
	listing_pager(&h, rq, path, page, shown, WEB_PAGE_MAX);
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, 200, &h);
cleanup:
	listing_free(&l);
	progress_free(&p);
	free(ids.v);
	free(fold);
	buf_free(&h.b);
	return rc;
}

int page_units(struct web_req *rq, struct web_resp *rs)
{
	return unit_list(rq, rs, 0);
}

int page_targets(struct web_req *rq, struct web_resp *rs)
{
	return unit_list(rq, rs, 1);
}

/* ---- forms (CAP_SETUP) ---- */

static int new_form(struct web_req *rq, struct web_resp *rs, int status, const char *error)
{
	struct html h = {BUF_INIT};
	struct unit_row parent = {0};
	const char *pc = web_raw(rq, "parent");
	int rc = -1;
	if (pc && pc[0] && store_unit_by_code(rq->db, pc, &parent, &rq->e) < 0)
		return -1;
	page_begin(&h, rq, PAGE_STAFF, "Thêm đơn vị", "units");
	html_raw(&h, "<section class=\"narrow\"><p><a href=\"/quan-ly/don-vi\">← Đơn vị</a></p>"
		    "<h1>Thêm đơn vị</h1>");
	if (error)
		html_notice(&h, "error", error);
	html_raw(&h, "<form method=\"post\" action=\"/quan-ly/don-vi/moi\" class=\"form\">");
	html_csrf(&h, rq);
	form_input(&h, "code", "Mã đơn vị (chữ không dấu, số, '-')", web_raw(rq, "code"), CODE_MAX, 1);
	form_input(&h, "name", "Tên đơn vị", web_raw(rq, "name"), NAME_MAX_BYTES, 1);
	html_raw(&h, "<label for=\"parent\">Thuộc đơn vị</label><select id=\"parent\" name=\"parent\">"
		    "<option value=\"\">(đơn vị gốc)</option>");
	if (staff_unit_options(rq, &h, parent.id) < 0)
		goto cleanup;
	html_raw(&h, "</select>");
	form_select(&h, "kind", "Loại", unit_kinds, web_raw(rq, "kind"), NULL);
	html_raw(&h, "<button type=\"submit\" class=\"primary\">Lưu đơn vị</button></form></section>");
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, status, &h);
cleanup:
	buf_free(&h.b);
	return rc;
}

int page_unit_new(struct web_req *rq, struct web_resp *rs)
{
	return new_form(rq, rs, 200, NULL);
}

int post_unit_new(struct web_req *rq, struct web_resp *rs)
{
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	char *code, *name, *parent, *kind, msg[ERR_MSG_MAX + 32], loc[CODE_MAX + 32];
	int64_t id;

	if (web_text(rq, "code", "Mã", CODE_MAX, &code, &e) < 0 ||
	    web_text(rq, "name", "Tên", NAME_MAX_BYTES, &name, &e) < 0 ||
	    web_text(rq, "parent", "Thuộc", CODE_MAX, &parent, &e) < 0 ||
	    web_text(rq, "kind", "Loại", 20, &kind, &e) < 0 ||
	    unit_add(rq->db, &who, code ? code : "", name, parent, kind, &id, &e) < 0) {
		snprintf(msg, sizeof msg, "Không lưu được: %s", e.msg);
		return new_form(rq, rs, 422, msg);
	}
	snprintf(loc, sizeof loc, "/quan-ly/don-vi/%s?luu=1", code);
	resp_redirect(rs, loc);
	return 0;
}

struct target_of {
	int64_t unit_id, amount;
	int found;
};

static int find_target(void *ctx, const struct target_row *t)
{
	struct target_of *o = ctx;
	if (t->unit_id == o->unit_id) {
		o->amount = t->amount;
		o->found = 1;
	}
	return 0;
}

static int edit_page(struct web_req *rq, struct web_resp *rs, int status, const char *error)
{
	struct html h = {BUF_INIT};
	struct unit_row u;
	struct campaign_row c;
	struct target_of t = {0};
	struct buf money = BUF_INIT;
	int rc = -1, found, in_scope, have_campaign;

	if ((found = store_unit_by_code(rq->db, rq->arg[0], &u, &rq->e)) < 0)
		return -1;
	if (found && (in_scope = store_web_unit_in_scope(rq->db, rq->who.scope, u.id, &rq->e)) <= 0) {
		if (in_scope < 0)
			return -1;
		found = 0;
	}
	if (!found)
		return web_fail(rq, rs, 404, "Không có đơn vị này.");
	if ((have_campaign = store_campaign_latest(rq->db, &c, &rq->e)) < 0)
		return -1;
	t.unit_id = u.id;
	if (have_campaign && store_target_each(rq->db, c.id, find_target, &t, &rq->e) < 0)
		return -1;
	page_begin(&h, rq, PAGE_STAFF, u.name, "units");
	html_printf(&h, "<section class=\"narrow\"><p><a href=\"/quan-ly/don-vi\">← Đơn vị</a></p>"
		    "<h1>%s</h1><p class=\"lead\">%s · %s</p>", u.name, u.code,
		    code_label(unit_kinds, u.kind));
	if (error)
		html_notice(&h, "error", error);
	else if (web_raw(rq, "luu"))
		html_notice(&h, "ok", "Đã lưu.");
	html_printf(&h, "<h2>Tên và loại</h2><form method=\"post\" action=\"/quan-ly/don-vi/%s\" "
		    "class=\"form\">", u.code);
	html_csrf(&h, rq);
	form_input(&h, "name", "Tên đơn vị", form_value(rq, "name", u.name), NAME_MAX_BYTES, 1);
	form_select(&h, "kind", "Loại", unit_kinds, form_value(rq, "kind", u.kind), NULL);
	html_raw(&h, "<button type=\"submit\" class=\"primary\">Lưu</button></form>");
	if (have_campaign) {
		if (t.found)
			money_format_plain(&money, t.amount);
		html_printf(&h, "<h2>Chỉ tiêu — %s</h2><form method=\"post\" "
			    "action=\"/quan-ly/don-vi/%s/chi-tieu\" class=\"form\">", c.name, u.code);
		html_csrf(&h, rq);
		html_printf(&h, "<input type=\"hidden\" name=\"campaign\" value=\"%s\">", c.code);
		form_input(&h, "amount", "Chỉ tiêu (đồng)", form_value(rq, "amount", buf_cstr(&money)),
			   40, 1);
		html_raw(&h, "<button type=\"submit\" class=\"primary\">Đặt chỉ tiêu</button></form>");
	}
	html_raw(&h, "</section>");
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, status, &h);
	buf_free(&money);
	buf_free(&h.b);
	return rc;
}

int page_unit_edit(struct web_req *rq, struct web_resp *rs)
{
	return edit_page(rq, rs, 200, NULL);
}

static int unit_saved(struct web_req *rq, struct web_resp *rs, int ok, struct err *e)
{
	char msg[ERR_MSG_MAX + 32], loc[CODE_MAX + 32];
	if (!ok) {
		snprintf(msg, sizeof msg, "Không lưu được: %s", e->msg);
		return edit_page(rq, rs, e->kind == ERR_NOTFOUND ? 404 : 422, msg);
	}
	snprintf(loc, sizeof loc, "/quan-ly/don-vi/%s?luu=1", rq->arg[0]);
	resp_redirect(rs, loc);
	return 0;
}

int post_unit_edit(struct web_req *rq, struct web_resp *rs)
{
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	char *name, *kind;
	int ok = web_text(rq, "name", "Tên", NAME_MAX_BYTES, &name, &e) == 0 &&
		 web_text(rq, "kind", "Loại", 20, &kind, &e) == 0 &&
		 unit_update(rq->db, &who, rq->arg[0], name, kind, &e) == 0;
	return unit_saved(rq, rs, ok, &e);
}

int post_unit_target(struct web_req *rq, struct web_resp *rs)
{
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	char *campaign, *amount;
	int ok = web_text(rq, "campaign", "Cuộc vận động", CODE_MAX, &campaign, &e) == 0 &&
		 web_text(rq, "amount", "Chỉ tiêu", 40, &amount, &e) == 0;
	if (ok && amount == NULL)
		ok = err_fail(&e, "Xin nhập số tiền chỉ tiêu.") == 0;
	if (ok)
		ok = target_set(rq->db, &who, campaign, rq->arg[0], amount, &e) == 0;
	return unit_saved(rq, rs, ok, &e);
}
