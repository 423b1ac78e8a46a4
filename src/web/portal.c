/* The public portal (R8, R15): what anyone may see without logging in —
 * the campaign's total against its goal, progress per unit, and every
 * standing contribution with its receipt number.  A donor who asked not to
 * be named is "Nhà hảo tâm ẩn danh": the store never reads the name for
 * such a row, and the search cannot find it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "text/date.h"
#include "web/page.h"
#include "web/portal.h"

#define ANONYMOUS "Nhà hảo tâm ẩn danh"

int portal_campaign(struct web_req *rq, struct campaign_row *c, int *found)
{
	/* the latest campaign; none yet is a page to show, not a failure */
	int rc = store_campaign_latest(rq->db, c, &rq->e);
	if (rc < 0)
		return -1;
	*found = rc;
	return 0;
}

int portal_no_campaign(struct web_req *rq, struct web_resp *rs)
{
	if (rq->api)
		return web_fail(rq, rs, 404, "no campaign yet");
	struct html h = {BUF_INIT};
	page_begin(&h, rq, PAGE_PUBLIC, "Chưa có cuộc vận động", "home");
	html_raw(&h, "<h1>Chưa có cuộc vận động nào</h1><p>Số liệu sẽ được công bố tại đây khi cuộc "
		    "vận động bắt đầu.</p>");
	page_end(&h, rq, PAGE_PUBLIC);
	return page_send(rs, 200, &h);
}

void portal_days_left(struct html *h, const struct campaign_row *c)
{
	char today[11];
	const char *end = c->deadline[0] ? c->deadline : c->end;
	core_today(today);
	long left = date_days(end) - date_days(today);
	if (strcmp(today, c->start) < 0) {
		html_raw(h, "Cuộc vận động chưa bắt đầu");
	} else if (left >= 0) {
		html_printf(h, "Còn <strong>%ld</strong> ngày đến %s (", left,
			    c->deadline[0] ? "hạn thu dứt điểm" : "hết đợt vận động");
		html_date(h, end);
		html_raw(h, ")");
	} else {
		html_raw(h, "Cuộc vận động đã kết thúc (");
		html_date(h, end);
		html_raw(h, ")");
	}
}

static void period(struct html *h, const struct campaign_row *c)
{
	html_raw(h, "<p class=\"period\">Thời gian vận động: ");
	html_date(h, c->start);
	html_raw(h, " – ");
	html_date(h, c->end);
	if (c->ceremony[0]) {
		html_raw(h, " · Lễ phát động: ");
		html_date(h, c->ceremony);
	}
	if (c->deadline[0]) {
		html_raw(h, " · Hạn thu dứt điểm: ");
		html_date(h, c->deadline);
	}
	html_raw(h, "</p>");
}

/* The headline figures: received, goal, percent, bar, days left. */
static void figures(struct html *h, const struct campaign_row *c, int64_t received,
		    int64_t target, int64_t count)
{
	html_raw(h, "<section class=\"figures\" aria-label=\"Số liệu chính\">");
	html_raw(h, "<div class=\"figure main\"><span class=\"label\">Đã tiếp nhận</span>"
		    "<span class=\"value\">");
	html_money(h, received);
	html_raw(h, "</span></div>");
	if (target > 0) {
		html_raw(h, "<div class=\"figure\"><span class=\"label\">Mục tiêu</span><span class=\"value\">");
		html_money(h, target);
		html_raw(h, "</span></div><div class=\"figure\"><span class=\"label\">Đạt</span>"
			    "<span class=\"value\">");
		html_percent(h, progress_percent_x100(received, target));
		html_raw(h, "</span></div>");
	}
	if (count >= 0) {
		html_raw(h, "<div class=\"figure\"><span class=\"label\">Số khoản đóng góp</span>"
			    "<span class=\"value\">");
		html_number(h, count);
		html_raw(h, "</span></div>");
	}
	html_raw(h, "<div class=\"bar-wide\">");
	html_progress(h, received, target);
	html_raw(h, "</div><p class=\"days\">");
	portal_days_left(h, c);
	html_raw(h, "</p></section>");
}

static const char *group_of(const char *kind)
{
	return !strcmp(kind, "district") || !strcmp(kind, "commune") ? "area" : "org";
}

/* Units one level under parent_id (0: under the root), as a table. */
static void unit_table(struct html *h, const struct progress *p, int64_t parent_id,
		       const char *group, const char *caption)
{
	int rows = 0;
	for (int i = 0; i < p->nunits; i++) {
		const struct progress_unit *u = &p->units[i];
		int root_child = parent_id == 0 && u->depth == 1;
		if (!(root_child || (parent_id && u->parent_id == parent_id)))
			continue;
		if (group && strcmp(group_of(u->kind), group))
			continue;
		if (rows++ == 0) {
			html_printf(h, "<div class=\"table-wrap\"><table class=\"progress-table\">"
				    "<caption>%s</caption><thead><tr><th scope=\"col\">Đơn vị</th>"
				    "<th scope=\"col\" class=\"num opt\">Chỉ tiêu</th>"
				    "<th scope=\"col\" class=\"num\">Đã tiếp nhận</th>"
				    "<th scope=\"col\" class=\"num\">Tỷ lệ</th>"
				    "<th scope=\"col\" class=\"bar-col opt\">Tiến độ</th></tr></thead><tbody>",
				    caption);
		}
		int64_t pct = u->has_target ? progress_percent_x100(u->received, u->target) : -1;
		html_raw(h, "<tr");
		html_raw_if(h, pct >= 10000, " class=\"done\"");
		html_printf(h, "><th scope=\"row\"><a href=\"/don-vi/%s\">%s</a>", u->code, u->name);
		html_raw_if(h, pct >= 10000, " <span class=\"badge\">Vượt chỉ tiêu</span>");
		html_raw(h, "</th>");
		html_raw(h, "<td class=\"num opt\">");
		if (u->has_target)
			html_money(h, u->target);
		else
			html_raw(h, "—");
		html_raw(h, "</td><td class=\"num\">");
		html_money(h, u->received);
		html_raw(h, "</td><td class=\"num\">");
		html_percent(h, pct);
		html_raw(h, "</td><td class=\"bar-col opt\">");
		/* no target, no bar: an empty bar would read as nothing received */
		if (u->has_target && u->target > 0)
			html_progress(h, u->received, u->target);
		html_raw(h, "</td></tr>");
	}
	if (rows)
		html_raw(h, "</tbody></table></div>");
}

struct list_render {
	struct html *h;
	int rows;
	int show_unit;
};

static int public_row(void *ctx, const struct web_public_contribution *c)
{
	struct list_render *l = ctx;
	struct html *h = l->h;
	if (l->rows++ == 0) {
		html_raw(h, "<div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
			    "<th scope=\"col\">Ngày</th><th scope=\"col\">Nhà hảo tâm</th>");
		if (l->show_unit)
			html_raw(h, "<th scope=\"col\" class=\"opt\">Đơn vị</th>");
		html_raw(h, "<th scope=\"col\" class=\"num\">Số tiền</th><th scope=\"col\">Số biên nhận</th>"
			    "</tr></thead><tbody>");
	}
	html_raw(h, "<tr><td class=\"date\">");
	html_date(h, c->date);
	if (c->donor)
		html_printf(h, "</td><td>%s</td>", c->donor);
	else
		html_printf(h, "</td><td class=\"anon\">%s</td>", ANONYMOUS);
	if (l->show_unit)
		html_printf(h, "<td class=\"opt\">%s</td>", c->unit_name);
	html_raw(h, "<td class=\"num\">");
	html_money(h, c->amount);
	html_printf(h, "</td><td class=\"receipt\">%s</td></tr>", c->receipt);
	return 0;
}

int portal_list_input(struct web_req *rq, struct portal_list *pl, struct err *e)
{
	char *before = NULL;
	memset(pl, 0, sizeof *pl);
	if (web_text(rq, "q", rq->api ? "q" : "Từ khóa", 200, &pl->q, e) < 0 ||
	    web_int(rq, "page", rq->api ? "page" : "Trang", 1, 1000000, 1, &pl->page, e) < 0 ||
	    web_int(rq, "per_page", rq->api ? "per_page" : "Số dòng", 1, WEB_PAGE_MAX,
		    WEB_PAGE_DEFAULT, &pl->per_page, e) < 0 ||
	    web_text(rq, "before", "before", 40, &before, e) < 0)
		return -1;
	if (before) {
		/* YYYY-MM-DD.ID, as the previous page's "next" gave it */
		char *end, day[11];
		struct err de = {0};
		long long id = -1;
		if (strlen(before) > 11 && before[10] == '.') {
			id = strtoll(before + 11, &end, 10);
			if (*end)
				id = -1;
		}
		memcpy(day, before, 10);
		day[10] = '\0';
		if (id <= 0 || date_parse(day, pl->before_date, &de) < 0 || strcmp(day, pl->before_date))
			return err_fail(e, "before: '%s' is not a position in the list (YYYY-MM-DD.ID)",
					before);
		pl->query.before_date = pl->before_date;
		pl->query.before_id = id;
		pl->page = 1;
	}
	if (pl->q) {
		/* names are searched by their words: "TV2019-000123" or "Lê-Văn"
		 * are words apart (an FTS5 phrase is not allowed here) */
		char *words = web_keep(rq, xstrdup(pl->q));
		for (char *p = words; *p; p++)
			if (strchr("-_.,;:/\\()[]'\"+*&", *p))
				*p = ' ';
		if (search_match(&pl->match, words) > 0)
			pl->query.match = pl->match.p;
	}
	pl->query.receipt = pl->q;
	pl->query.limit = pl->per_page;
	pl->query.offset = (pl->page - 1) * pl->per_page;
	return 0;
}

void portal_list_key(struct buf *key, const char *kind, const struct portal_list *pl)
{
	buf_printf(key, "%s|%s|%lld|%lld|%lld|%s.%lld", kind, pl->q ? pl->q : "",
		   (long long)pl->page, (long long)pl->per_page, (long long)pl->query.scope_unit,
		   pl->before_date, (long long)pl->query.before_id);
}

struct named_sum {
	const struct portal_data *d;
	int64_t n, receipt_donor;
	int receipt_donor_found;
};

static int add_named(void *ctx, int64_t donor_id)
{
	struct named_sum *s = ctx;
	s->n += portal_donor_named(s->d, donor_id);
	s->receipt_donor_found |= donor_id == s->receipt_donor;
	return 0;
}

/* The rows a query matches, from the counters: a name search adds up the
 * named rows of the donors it finds; a receipt number adds its row unless
 * the names already counted it.  A search within a unit asks the database. */
static int list_total(struct web_req *rq, const struct portal_data *d,
		      const struct web_list_query *q, int64_t *total)
{
	struct named_sum s = {.d = d, .receipt_donor = -1};
	int64_t unit;
	int named = 0, receipt = 0;
	if (!q->match && !q->receipt) {
		*total = portal_unit_rows(d, q->scope_unit);
		return 0;
	}
	if (q->scope_unit)
		return store_web_public_count(rq->db, q, total, &rq->e);
	if (q->receipt && (receipt = store_web_receipt(rq->db, d->c.id, q->receipt, &s.receipt_donor,
						       &named, &unit, &rq->e)) < 0)
		return -1;
	if (q->match && store_web_match_donors(rq->db, q->match, add_named, &s, &rq->e) < 0)
		return -1;
	*total = s.n + (receipt && !(named && s.receipt_donor_found));
	return 0;
}

int portal_list_run(struct web_req *rq, const struct portal_data *d, struct portal_list *pl,
		    web_public_fn fn, void *ctx, int64_t *total)
{
	struct web_list_query *q = &pl->query;
	if (list_total(rq, d, q, total) < 0)
		return -1;
	if (q->offset >= *total && !q->before_date)
		return 0; /* past the end: nothing to read */
	if (q->offset > PORTAL_OFFSET_MAX && !q->before_date)
		return 1;
	/* Few matches among many rows: from the donors to their rows costs
	 * about total; walking the newest rows until the page is full costs
	 * about (offset + limit) * all / total. */
	int64_t all = portal_unit_rows(d, q->scope_unit);
	int64_t want = q->offset + q->limit;
	int donor_plan = q->match && *total * *total < want * all;
	return store_web_public_rows(rq->db, q, donor_plan, fn, ctx, &rq->e);
}

void portal_list_free(struct portal_list *pl)
{
	buf_free(&pl->match);
}

/* The search form and the list under it; path is where the form goes. */
static int list_section(struct web_req *rq, const struct portal_data *d, struct html *h,
			struct portal_list *pl, const char *path, const char *scope_code)
{
	struct html rows = {BUF_INIT};
	struct list_render l = {.h = &rows, .show_unit = 1};
	int64_t total;
	/* the rows are read first (the count comes with them) and placed
	 * under the form */
	int deep = portal_list_run(rq, d, pl, public_row, &l, &total);
	if (deep < 0) {
		buf_free(&rows.b);
		return -1;
	}
	html_printf(h, "<form class=\"search\" method=\"get\" action=\"%s\" role=\"search\">"
		    "<label for=\"q\">Tìm nhà hảo tâm hoặc số biên nhận</label>"
		    "<div class=\"search-row\"><input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" "
		    "autocomplete=\"off\" placeholder=\"Ví dụ: nguyen van an, TV2019-000123\" "
		    "data-live=\"/api/public/contributions\" data-scope=\"%s\">"
		    "<button type=\"submit\">Tìm</button></div>"
		    "<p class=\"hint\">Gõ không dấu cũng được: “duc” tìm thấy “Đức”.</p></form>",
		    path, pl->q ? pl->q : "", scope_code);
	html_raw(h, "<div class=\"results\" id=\"results\">");
	html_raw(h, "<p class=\"count\">");
	html_raw_if(h, pl->q, "Tìm thấy ");
	html_raw(h, "<strong>");
	html_number(h, total);
	html_raw(h, "</strong> khoản đóng góp");
	html_raw_if(h, !pl->q, ", mới nhất trước");
	html_raw(h, ".</p>");
	html_append(h, &rows);
	buf_free(&rows.b);
	if (l.rows)
		html_raw(h, "</tbody></table></div>");
	else if (deep)
		html_printf(h, "<p class=\"empty\">Chỉ xem được %d khoản đầu tiên theo trang. Hãy tìm theo "
			    "tên nhà hảo tâm hoặc số biên nhận.</p>", PORTAL_OFFSET_MAX);
	else
		html_raw(h, "<p class=\"empty\">Không có khoản đóng góp nào khớp.</p>");
	html_pager(h, path, pl->q, pl->page,
		   total < PORTAL_OFFSET_MAX + pl->per_page ? total : PORTAL_OFFSET_MAX + pl->per_page,
		   pl->per_page);
	html_raw(h, "</div>");
	return 0;
}

/* A page's content (between the frame's header and footer) made by fn,
 * or the copy kept from the last time while the figures are the same.
 * The key holds today's date: "days left" changes at midnight. */
typedef int (*content_fn)(struct web_req *rq, const struct portal_data *d, void *arg,
			  struct html *h);
static int content(struct web_req *rq, const struct portal_data *d, const char *key,
		   content_fn fn, void *arg, struct html *h)
{
	struct buf k = BUF_INIT;
	char today[11];
	core_today(today);
	buf_printf(&k, "%s|%s", key, today);
	int rc = 0;
	if (!portal_cache_get(buf_cstr(&k), d, &h->b)) {
		size_t at = h->b.len;
		if ((rc = fn(rq, d, arg, h)) == 0)
			portal_cache_put(buf_cstr(&k), d, h->b.p + at, h->b.len - at);
	}
	buf_free(&k);
	return rc;
}

static int home_content(struct web_req *rq, const struct portal_data *d, void *arg,
			struct html *h)
{
	const struct campaign_row *c = &d->c;
	struct list_render l = {.h = h, .show_unit = 1};
	struct web_list_query q = {.campaign_id = c->id, .limit = 10};
	(void)arg;
	html_printf(h, "<h1>%s</h1>", c->name);
	period(h, c);
	figures(h, c, d->p.total_received, c->goal > 0 ? c->goal : d->p.total_target,
		d->st.contributions);

	html_raw(h, "<section><h2>Tiến độ theo đơn vị</h2>");
	unit_table(h, &d->p, 0, "area", "Huyện, thị xã, thành phố");
	unit_table(h, &d->p, 0, "org", "Sở, ban, ngành, đoàn thể, lực lượng vũ trang");
	html_raw(h, "<p class=\"note\">Số đã tiếp nhận của một đơn vị gồm cả các đơn vị trực thuộc. "
		    "Bấm tên đơn vị để xem chi tiết.</p></section>");

	html_raw(h, "<section><h2>Đóng góp mới nhất</h2>");
	if (store_web_public_rows(rq->db, &q, 0, public_row, &l, &rq->e) < 0)
		return -1;
	if (l.rows)
		html_raw(h, "</tbody></table></div>");
	html_raw(h, "<p><a class=\"more\" href=\"/dong-gop\">Xem và tìm trong cả ");
	html_number(h, d->st.contributions);
	html_raw(h, " khoản đóng góp →</a></p></section>");
	return 0;
}

int page_home(struct web_req *rq, struct web_resp *rs)
{
	struct html h = {BUF_INIT};
	const struct portal_data *d = portal_data_get(rq->db, &rq->e);
	int rc = -1;

	if (d == NULL)
		return -1;
	if (!d->found) {
		portal_data_release();
		return portal_no_campaign(rq, rs);
	}
	rs->cache = "public, max-age=30";
	page_begin(&h, rq, PAGE_PUBLIC, "Trang chủ", "home");
	if (content(rq, d, "home", home_content, NULL, &h) < 0)
		goto cleanup;
	page_end(&h, rq, PAGE_PUBLIC);
	rc = page_send(rs, 200, &h);
cleanup:
	portal_data_release();
	buf_free(&h.b);
	return rc;
}

static int list_content(struct web_req *rq, const struct portal_data *d, void *arg,
			struct html *h)
{
	html_printf(h, "<h1>Danh sách đóng góp</h1><p class=\"lead\">%s</p>", d->c.name);
	return list_section(rq, d, h, arg, "/dong-gop", "");
}

/* The input of a list page, then the page made by fn under the frame. */
static int list_page(struct web_req *rq, struct web_resp *rs, const char *title,
		     const char *active, const char *unit_code, content_fn fn)
{
	struct html h = {BUF_INIT};
	struct portal_list pl;
	struct buf key = BUF_INIT;
	struct err e = {0};
	const struct portal_data *d = NULL;
	int rc = -1;

	if (portal_list_input(rq, &pl, &e) < 0) {
		portal_list_free(&pl);
		return web_fail(rq, rs, 400, e.msg);
	}
	if ((d = portal_data_get(rq->db, &rq->e)) == NULL)
		goto cleanup;
	if (!d->found) {
		rc = portal_no_campaign(rq, rs);
		goto cleanup;
	}
	pl.query.campaign_id = d->c.id;
	if (unit_code) {
		const struct progress_unit *u = NULL;
		for (int i = 0; i < d->p.nunits && !u; i++)
			if (!strcmp(d->p.units[i].code, unit_code))
				u = &d->p.units[i];
		if (u == NULL) {
			rc = web_fail(rq, rs, 404, "Không có đơn vị này.");
			goto cleanup;
		}
		pl.query.scope_unit = u->id;
		title = u->name;
	}
	rs->cache = "public, max-age=30";
	page_begin(&h, rq, PAGE_PUBLIC, title, active);
	portal_list_key(&key, unit_code ? unit_code : "list", &pl);
	if (content(rq, d, buf_cstr(&key), fn, &pl, &h) < 0)
		goto cleanup;
	page_end(&h, rq, PAGE_PUBLIC);
	rc = page_send(rs, 200, &h);
cleanup:
	if (d)
		portal_data_release();
	portal_list_free(&pl);
	buf_free(&key);
	buf_free(&h.b);
	return rc;
}

int page_public_list(struct web_req *rq, struct web_resp *rs)
{
	return list_page(rq, rs, "Danh sách đóng góp", "list", NULL, list_content);
}

static int unit_content(struct web_req *rq, const struct portal_data *d, void *arg,
			struct html *h)
{
	struct portal_list *pl = arg;
	const struct progress_unit *u = NULL, *parent = NULL;
	char path[CODE_MAX + 16];
	for (int i = 0; i < d->p.nunits; i++)
		if (d->p.units[i].id == pl->query.scope_unit)
			u = &d->p.units[i];
	for (int i = 0; i < d->p.nunits; i++)
		if (d->p.units[i].id == u->parent_id)
			parent = &d->p.units[i];
	html_raw(h, "<nav class=\"crumbs\" aria-label=\"Vị trí\"><a href=\"/\">Trang chủ</a>");
	if (parent && parent->parent_id)
		html_printf(h, " › <a href=\"/don-vi/%s\">%s</a>", parent->code, parent->name);
	html_printf(h, " › <span>%s</span></nav>", u->name);
	html_printf(h, "<h1>%s</h1><p class=\"lead\">%s · %s</p>", u->name, unit_kind_label(u->kind),
		    d->c.name);
	figures(h, &d->c, u->received, u->has_target ? u->target : 0,
		portal_unit_rows(d, u->id));
	unit_table(h, &d->p, u->id, NULL, "Các đơn vị trực thuộc");
	html_raw(h, "<section><h2>Các khoản đóng góp</h2>");
	snprintf(path, sizeof path, "/don-vi/%s", u->code);
	if (list_section(rq, d, h, pl, path, u->code) < 0)
		return -1;
	html_raw(h, "</section>");
	return 0;
}

int page_unit(struct web_req *rq, struct web_resp *rs)
{
	struct err e = {0};
	if (code_check(rq->arg[0], &e) < 0)
		return web_fail(rq, rs, 404, "Không có đơn vị này.");
	return list_page(rq, rs, NULL, NULL, rq->arg[0], unit_content);
}
