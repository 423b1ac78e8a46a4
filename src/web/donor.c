/* Donors for staff: the searchable list, the new-donor form and the JSON
 * API (search for the contribution form's look-up, add for programs).  A
 * unit officer finds and adds donors of its own subtree only. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "core/core.h"
#include "web/listing.h"
#include "web/page.h"
#include "web/staff.h"

static void card_from(struct donor_card *c, const struct donor_view *d)
{
	memset(c, 0, sizeof *c);
	c->id = d->id;
	c->given = d->given;
	c->contributions = d->contributions;
	c->publish_name = d->publish_name;
	snprintf(c->name, sizeof c->name, "%s", d->name);
	snprintf(c->kind, sizeof c->kind, "%s", d->kind);
	snprintf(c->unit_code, sizeof c->unit_code, "%s", d->unit_code);
	snprintf(c->unit_name, sizeof c->unit_name, "%s", d->unit_name);
	snprintf(c->tax_code, sizeof c->tax_code, "%s", d->tax_code);
}

static int copy_card(void *ctx, const struct donor_view *d)
{
	card_from(ctx, d);
	return 0;
}

int staff_donor_get(struct web_req *rq, int64_t id, struct donor_card *out)
{
	return store_web_donor_scoped(rq->db, id, rq->who.scope, copy_card, out, &rq->e);
}

struct find {
	int (*fn)(void *ctx, const struct donor_card *d);
	void *ctx;
	int64_t limit, n;
};

static int found_one(void *ctx, const struct donor_view *d)
{
	struct find *f = ctx;
	struct donor_card c;
	if (f->n++ >= f->limit)
		return 0; /* the extra row only says that more follow */
	card_from(&c, d);
	return f->fn(f->ctx, &c);
}

/* Province-wide searches use the ranked search of core/donor_search.c
 * (exact names first); a unit officer's use the scoped store query. */
int staff_donor_find(struct web_req *rq, const char *text, int64_t limit, int64_t offset,
		     int (*fn)(void *ctx, const struct donor_card *d), void *ctx, int *more)
{
	struct find f = {.fn = fn, .ctx = ctx, .limit = limit};
	struct buf match = BUF_INIT;
	int words = text ? search_match(&match, text) : 0;
	int rc = -1;

	if (rq->who.scope == 0 && words > 0) {
		int64_t *ids = NULL, n = 0;
		if (donor_search(rq->db, text, limit + 1, offset, &ids, &n, &rq->e) < 0)
			goto cleanup;
		for (int64_t i = 0; i < n; i++)
			if (store_donor_by_id(rq->db, ids[i], found_one, &f, &rq->e) < 0) {
				free(ids);
				goto cleanup;
			}
		free(ids);
	} else {
		struct web_list_query q = {.scope_unit = rq->who.scope,
					   .match = words > 0 ? match.p : NULL,
					   .limit = limit + 1, .offset = offset};
		if (store_web_donors(rq->db, &q, found_one, &f, NULL, &rq->e) < 0)
			goto cleanup;
	}
	*more = f.n > limit;
	rc = 0;
cleanup:
	buf_free(&match);
	return rc;
}

struct donor_rows {
	struct web_req *rq;
	struct html *h;
	int n;
};

static int donor_row(void *ctx, const struct donor_card *d)
{
	struct donor_rows *r = ctx;
	struct html *h = r->h;
	if (r->n++ == 0)
		html_raw(h, "<div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
			    "<th scope=\"col\">Nhà hảo tâm</th><th scope=\"col\">Loại</th>"
			    "<th scope=\"col\">Đơn vị</th><th scope=\"col\">Mã số thuế</th>"
			    "<th scope=\"col\" class=\"num\">Số lần</th>"
			    "<th scope=\"col\" class=\"num\">Đã đóng góp</th><th scope=\"col\"></th>"
			    "</tr></thead><tbody>");
	html_printf(h, "<tr><td>%s", d->name);
	html_raw_if(h, !d->publish_name, " <span class=\"tag\">không công khai tên</span>");
	html_printf(h, "</td><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%lld</td>"
		    "<td class=\"num\">", donor_kind_label(d->kind), d->unit_code, d->tax_code, (long long)d->contributions);
	html_money(h, d->given);
	html_raw(h, "</td><td>");
	if (r->rq->who.caps & CAP_CONTRIB_WRITE)
		html_printf(h, "<a href=\"/quan-ly/dong-gop/moi?donor=%lld\">Nhập đóng góp</a>",
			    (long long)d->id);
	html_raw(h, "</td></tr>");
	return 0;
}

static const struct lcol donor_cols[] = {
	{"Mã", LC_INT}, {"Nhà hảo tâm", LC_TEXT}, {"Loại", LC_TEXT}, {"Đơn vị", LC_CODE},
	{"Mã số thuế", LC_TEXT}, {"Công khai tên", LC_TEXT}, {"Số lần", LC_INT},
	{"Đã đóng góp", LC_MONEY},
};

static int donor_csv_row(void *ctx, const struct donor_card *d)
{
	char id[24], n[24], given[24];
	snprintf(id, sizeof id, "%lld", (long long)d->id);
	snprintf(n, sizeof n, "%lld", (long long)d->contributions);
	snprintf(given, sizeof given, "%lld", (long long)d->given);
	const char *vals[] = {id, d->name, donor_kind_label(d->kind), d->unit_code, d->tax_code,
		d->publish_name ? "có" : "không", n, given};
	listing_row(ctx, vals, NULL, 0);
	return 0;
}

/* Every donor of the scope as CSV, or with a search the first 999 matches
 * (the ranked search's page limit). */
static int donors_csv(struct web_req *rq, struct web_resp *rs, const char *q)
{
	struct listing l;
	int more, rc = -1;
	listing_begin(&l, rq, NULL, donor_cols, 8);
	listing_title(&l, "Danh sách nhà hảo tâm", NULL);
	if (staff_donor_find(rq, q, q ? 999 : INT32_MAX, 0, donor_csv_row, &l, &more) == 0)
		rc = listing_send_csv(&l, rs, "nha-hao-tam.csv");
	listing_free(&l);
	return rc;
}

int page_donors(struct web_req *rq, struct web_resp *rs)
{
	struct html h = {BUF_INIT};
	struct donor_rows r = {.rq = rq, .h = &h};
	struct err e = {0};
	char *q = NULL;
	int64_t page;
	int more, rc = -1;

	if (web_text(rq, "q", "Từ khóa", 200, &q, &e) < 0 ||
	    web_int(rq, "page", "Trang", 1, 100000, 1, &page, &e) < 0)
		return web_fail(rq, rs, 400, e.msg);
	if (listing_wants_csv(rq))
		return donors_csv(rq, rs, q);
	page_begin(&h, rq, PAGE_STAFF, "Nhà hảo tâm", "donors");
	html_raw(&h, "<h1>Nhà hảo tâm</h1>");
	if (rq->who.caps & CAP_DONOR_WRITE)
		html_raw(&h, "<p class=\"actions\"><a class=\"button\" href=\"/quan-ly/nha-hao-tam/moi\">"
			    "+ Thêm nhà hảo tâm</a></p>");
	html_printf(&h, "<form class=\"search\" method=\"get\" action=\"/quan-ly/nha-hao-tam\" "
		    "role=\"search\"><label for=\"q\">Tìm theo tên hoặc mã số thuế</label>"
		    "<div class=\"search-row\"><input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" "
		    "autocomplete=\"off\" placeholder=\"Ví dụ: nguyen van, 2100\">"
		    "<button type=\"submit\">Tìm</button></div></form>", q ? q : "");
	listing_csv_link(&h, rq, "/quan-ly/nha-hao-tam");
	if (staff_donor_find(rq, q, WEB_PAGE_DEFAULT, (page - 1) * WEB_PAGE_DEFAULT, donor_row, &r,
			     &more) < 0)
		goto cleanup;
	if (r.n)
		html_raw(&h, "</tbody></table></div>");
	else
		html_raw(&h, "<p class=\"empty\">Không có nhà hảo tâm nào khớp.</p>");
	if (page > 1 || more) {
		struct buf qs = BUF_INIT;
		if (q) {
			buf_puts(&qs, "q=");
			url_arg(&qs, q);
			buf_putc(&qs, '&');
		}
		html_raw(&h, "<nav class=\"pager\" aria-label=\"Phân trang\">");
		if (page > 1)
			html_printf(&h, "<a rel=\"prev\" href=\"/quan-ly/nha-hao-tam?%spage=%lld\">← Trang "
				    "trước</a>", buf_cstr(&qs), (long long)(page - 1));
		html_printf(&h, "<span>Trang %lld</span>", (long long)page);
		if (more)
			html_printf(&h, "<a rel=\"next\" href=\"/quan-ly/nha-hao-tam?%spage=%lld\">Trang "
				    "sau →</a>", buf_cstr(&qs), (long long)(page + 1));
		html_raw(&h, "</nav>");
		buf_free(&qs);
	}
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, 200, &h);
cleanup:
	buf_free(&h.b);
	return rc;
}

static int donor_form(struct web_req *rq, struct web_resp *rs, int status, const char *error)
{
	struct html h = {BUF_INIT};
	const char *kind = web_raw(rq, "kind");
	const char *unit = web_raw(rq, "unit");
	struct unit_row u = {0};
	int rc = -1;
	if (unit && store_unit_by_code(rq->db, unit, &u, &rq->e) < 0)
		goto cleanup;
	page_begin(&h, rq, PAGE_STAFF, "Thêm nhà hảo tâm", "donors");
	html_raw(&h, "<section class=\"narrow\"><h1>Thêm nhà hảo tâm</h1>");
	if (error)
		html_notice(&h, "error", error);
	html_raw(&h, "<form method=\"post\" action=\"/quan-ly/nha-hao-tam/moi\" class=\"form\">");
	html_csrf(&h, rq);
	html_printf(&h, "<label for=\"name\">Tên (như sẽ công bố)</label><input id=\"name\" name=\"name\" "
		    "required maxlength=\"300\" value=\"%s\">", web_raw(rq, "name") ? web_raw(rq, "name") : "");
	form_select(&h, "kind", "Loại", donor_kinds, kind, NULL);
	html_raw(&h, "<label for=\"unit\">Đơn vị được tính chỉ tiêu</label>"
		    "<select id=\"unit\" name=\"unit\" required>");
	if (staff_unit_options(rq, &h, u.id) < 0)
		goto cleanup;
	html_printf(&h, "</select><label for=\"tax_code\">Mã số thuế (nếu có)</label><input id=\"tax_code\" "
		    "name=\"tax_code\" inputmode=\"numeric\" maxlength=\"14\" value=\"%s\">"
		    "<label for=\"phone\">Điện thoại</label><input id=\"phone\" name=\"phone\" "
		    "type=\"tel\" maxlength=\"40\" value=\"%s\">"
		    "<label for=\"address\">Địa chỉ</label><input id=\"address\" name=\"address\" "
		    "maxlength=\"300\" value=\"%s\">",
		    web_raw(rq, "tax_code") ? web_raw(rq, "tax_code") : "",
		    web_raw(rq, "phone") ? web_raw(rq, "phone") : "",
		    web_raw(rq, "address") ? web_raw(rq, "address") : "");
	html_printf(&h, "<label class=\"check\"><input type=\"checkbox\" name=\"outside\" value=\"1\"%s> "
		    "Ở ngoài tỉnh</label><label class=\"check\"><input type=\"checkbox\" "
		    "name=\"anonymous\" value=\"1\"%s> Không muốn nêu tên trên cổng thông tin</label>"
		    "<button type=\"submit\" class=\"primary\">Lưu nhà hảo tâm</button></form></section>",
		    web_flag(rq, "outside") ? " checked" : "", web_flag(rq, "anonymous") ? " checked" : "");
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, status, &h);
cleanup:
	buf_free(&h.b);
	return rc;
}

int page_donor_new(struct web_req *rq, struct web_resp *rs)
{
	return donor_form(rq, rs, 200, NULL);
}

/* Reads, checks and adds a donor from the form or JSON body.  Returns the
 * new id, 0 with *status and msg set for the caller's mistake, -1 on a
 * server failure. */
static int64_t donor_from_input(struct web_req *rq, int *status, char *msg, size_t n)
{
	struct donor_input in = {0};
	struct unit_row u;
	struct err e = {0};
	char *name, *kind, *unit, *tax, *gender, *phone, *email, *address;
	int64_t id = 0;
	int found;

	*status = 422;
	if (web_text(rq, "name", field_label(rq, "name", "Tên"), NAME_MAX_BYTES, &name, &e) < 0 ||
	    web_text(rq, "kind", field_label(rq, "kind", "Loại"), 20, &kind, &e) < 0 ||
	    web_text(rq, "unit", field_label(rq, "unit", "Đơn vị"), CODE_MAX, &unit, &e) < 0 ||
	    web_text(rq, "tax_code", field_label(rq, "tax_code", "Mã số thuế"), 20, &tax, &e) < 0 ||
	    web_text(rq, "gender", "gender", 4, &gender, &e) < 0 ||
	    web_text(rq, "phone", field_label(rq, "phone", "Điện thoại"), 40, &phone, &e) < 0 ||
	    web_text(rq, "email", "email", 120, &email, &e) < 0 ||
	    web_text(rq, "address", field_label(rq, "address", "Địa chỉ"), 300, &address, &e) < 0)
		goto invalid;
	if (name == NULL) {
		err_fail(&e, rq->api ? "name: required" : "Xin nhập tên nhà hảo tâm.");
		goto invalid;
	}
	if (kind == NULL || !kind_is_donor(kind)) {
		err_fail(&e, rq->api ? "kind: one of individual, business, cooperative, political_org,"
				       " professional_org, religious_org, collective"
				     : "Xin chọn loại nhà hảo tâm.");
		goto invalid;
	}
	if (unit == NULL) {
		err_fail(&e, rq->api ? "unit: required (a unit code)" : "Xin chọn đơn vị.");
		goto invalid;
	}
	if ((found = store_unit_by_code(rq->db, unit, &u, &rq->e)) < 0)
		return -1;
	if (found)
		found = store_web_unit_in_scope(rq->db, rq->who.scope, u.id, &rq->e);
	if (found < 0)
		return -1;
	if (!found) {
		err_fail(&e, rq->api ? "unit: no unit '%s' in your scope"
				     : "Đơn vị '%s' không có hoặc không thuộc phạm vi của bạn.", unit);
		goto invalid;
	}
	in.name = name;
	in.kind = kind;
	in.unit_code = unit;
	in.tax_code = tax;
	in.gender = gender;
	in.phone = phone;
	in.email = email;
	in.address = address;
	in.outside_province = web_flag(rq, rq->api ? "outside_province" : "outside");
	in.anonymous = web_flag(rq, "anonymous");
	struct actor who = {rq->who.row.name};
	if (donor_add(rq->db, &who, &in, &id, &e) < 0) {
		if (e.kind == ERR_CONFLICT)
			*status = 409;
		goto invalid;
	}
	return id;
invalid:
	snprintf(msg, n, "%s%s", rq->api || *status != 409 ? "" : "Không lưu được: ", e.msg);
	return 0;
}

int post_donor_new(struct web_req *rq, struct web_resp *rs)
{
	char msg[ERR_MSG_MAX + 64], loc[96];
	int status;
	int64_t id = donor_from_input(rq, &status, msg, sizeof msg);
	if (id < 0)
		return -1;
	if (id == 0)
		return donor_form(rq, rs, status, msg);
	if (rq->who.caps & CAP_CONTRIB_WRITE)
		snprintf(loc, sizeof loc, "/quan-ly/dong-gop/moi?donor=%lld", (long long)id);
	else
		snprintf(loc, sizeof loc, "/quan-ly/nha-hao-tam?moi=%lld", (long long)id);
	resp_redirect(rs, loc);
	return 0;
}

int api_donor_add(struct web_req *rq, struct web_resp *rs)
{
	char msg[ERR_MSG_MAX + 64];
	int status;
	int64_t id = donor_from_input(rq, &status, msg, sizeof msg);
	if (id < 0)
		return -1;
	if (id == 0)
		return web_fail(rq, rs, status, msg);
	struct buf b = BUF_INIT;
	buf_printf(&b, "{\"id\":%lld}\n", (long long)id);
	resp_json(rs, 201, &b);
	return 0;
}

struct json_rows {
	struct buf *b;
	int n;
};

static int donor_json(void *ctx, const struct donor_card *d)
{
	struct json_rows *j = ctx;
	struct buf *b = j->b;
	buf_printf(b, "%s{\"id\":%lld,\"name\":", j->n++ ? ",\n" : "\n", (long long)d->id);
	json_string(b, d->name);
	buf_puts(b, ",\"kind\":");
	json_string(b, d->kind);
	buf_puts(b, ",\"unit\":");
	json_string(b, d->unit_code);
	buf_puts(b, ",\"unit_name\":");
	json_string(b, d->unit_name);
	buf_puts(b, ",\"tax_code\":");
	if (d->tax_code[0])
		json_string(b, d->tax_code);
	else
		buf_puts(b, "null");
	buf_printf(b, ",\"publish_name\":%s,\"contributions\":%lld,\"given\":%lld}",
		   d->publish_name ? "true" : "false", (long long)d->contributions,
		   (long long)d->given);
	return 0;
}

int api_donor_search(struct web_req *rq, struct web_resp *rs)
{
	struct buf b = BUF_INIT, rows = BUF_INIT;
	struct json_rows j = {.b = &rows};
	struct err e = {0};
	char *q;
	int64_t limit, offset;
	int more;

	if (web_text(rq, "q", "q", 200, &q, &e) < 0 ||
	    web_int(rq, "limit", "limit", 1, 50, 10, &limit, &e) < 0 ||
	    web_int(rq, "offset", "offset", 0, 1000000, 0, &offset, &e) < 0)
		return web_fail(rq, rs, 400, e.msg);
	if (staff_donor_find(rq, q, limit, offset, donor_json, &j, &more) < 0) {
		buf_free(&rows);
		return -1;
	}
	buf_printf(&b, "{\"more\":%s,\"items\":[%s\n]}\n", more ? "true" : "false", buf_cstr(&rows));
	buf_free(&rows);
	resp_json(rs, 200, &b);
	return 0;
}
