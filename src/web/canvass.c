/* Canvassing assignments (R5) for staff: the list (filters by canvasser,
 * status and unit; overdue next steps first; CSV), an assignment's page with
 * its history and the update form, and the new-assignment form.  Reading
 * needs CAP_CANVASS_READ, writing CAP_CANVASS_WRITE; a unit officer reads
 * the assignments of its subtree's donors only (store/canvass.c). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/date.h"
#include "web/listing.h"
#include "web/page.h"
#include "web/staff.h"

static const struct lcol canvass_cols[] = {
	{"Nhà hảo tâm", LC_TEXT}, {"Đơn vị", LC_CODE}, {"Người vận động", LC_TEXT},
	{"Tình trạng", LC_TEXT}, {"Bước tiếp theo", LC_TEXT}, {"Hạn", LC_DATE},
	{"Ghi chú", LC_TEXT}, {"Cập nhật", LC_TIME},
};

static int canvass_row(void *ctx, const struct canvass_view *c)
{
	struct listing *l = ctx;
	char href[64];
	snprintf(href, sizeof href, "/quan-ly/van-dong/%lld", (long long)c->id);
	const char *vals[] = {c->donor_name, c->unit_code, c->member_name,
		code_label(canvass_statuses, c->status), c->next_step, c->next_date, c->note,
		c->updated_at};
	listing_row(l, vals, href, c->overdue);
	return 0;
}

struct member_options {
	struct html *h;
	int64_t selected;
};

static int member_option(void *ctx, const struct committee_view *m)
{
	struct member_options *o = ctx;
	html_printf(o->h, "<option value=\"%lld\"%s>%s (%s)</option>", (long long)m->id,
		    m->id == o->selected ? " selected" : "", m->name,
		    code_label(committee_roles, m->role));
	return 0;
}

/* <option>s of the committee members, in committee order. */
static int member_options(struct web_req *rq, struct html *h, int64_t selected)
{
	struct member_options o = {h, selected};
	struct committee_query q = {0};
	int64_t total;
	return store_committee_each(rq->db, &q, member_option, &o, &total, &rq->e);
}

int page_canvass(struct web_req *rq, struct web_resp *rs)
{
	struct html h = {BUF_INIT};
	struct listing l;
	struct campaign_row c;
	struct unit_row u = {0};
	struct err e = {0};
	char *status, *unit, *sort, today[11];
	int64_t page, member, total;
	int rc = -1, found, csv = listing_wants_csv(rq);

	if (web_text(rq, "status", "Tình trạng", 20, &status, &e) < 0 ||
	    web_text(rq, "unit", "Đơn vị", CODE_MAX, &unit, &e) < 0 ||
	    web_text(rq, "sort", "Sắp xếp", 10, &sort, &e) < 0 ||
	    web_int(rq, "member", "Người vận động", 0, INT64_MAX, 0, &member, &e) < 0 ||
	    web_int(rq, "page", "Trang", 1, 100000, 1, &page, &e) < 0)
		return web_fail(rq, rs, 400, e.msg);
	if (status && !code_label(canvass_statuses, status)[0])
		return web_fail(rq, rs, 400, "Tình trạng không hợp lệ.");
	if (unit && (found = store_unit_by_code(rq->db, unit, &u, &rq->e)) <= 0)
		return found < 0 ? -1 : web_fail(rq, rs, 400, "Không có đơn vị này.");
	if ((found = store_campaign_latest(rq->db, &c, &rq->e)) < 0)
		return -1;
	core_today(today);
	page_begin(&h, rq, PAGE_STAFF, "Vận động", "canvass");
	html_raw(&h, "<h1>Phân công vận động</h1>");
	if (found)
		html_printf(&h, "<p class=\"lead\">%s — việc quá hạn được xếp lên đầu.</p>", c.name);
	if (rq->who.caps & CAP_CANVASS_WRITE)
		html_raw(&h, "<p class=\"actions\"><a class=\"button\" href=\"/quan-ly/van-dong/moi\">"
			    "+ Phân công mới</a></p>");
	html_raw(&h, "<form class=\"filters\" method=\"get\" action=\"/quan-ly/van-dong\">"
		    "<label>Người vận động<select name=\"member\"><option value=\"\">Tất cả</option>");
	if (member_options(rq, &h, member) < 0)
		goto cleanup;
	html_raw(&h, "</select></label><label>Tình trạng<select name=\"status\">");
	html_options(&h, canvass_statuses, status, "Tất cả");
	html_raw(&h, "</select></label><label>Đơn vị<select name=\"unit\"><option value=\"\">Tất cả"
		    "</option>");
	if (staff_unit_options(rq, &h, u.id) < 0)
		goto cleanup;
	html_printf(&h, "</select></label><label>Sắp xếp<select name=\"sort\"><option value=\"\">"
		    "Theo hạn</option><option value=\"ten\"%s>Theo tên nhà hảo tâm</option></select>"
		    "</label><button type=\"submit\">Lọc</button></form>",
		    sort && !strcmp(sort, "ten") ? " selected" : "");
	listing_csv_link(&h, rq, "/quan-ly/van-dong");
	listing_begin(&l, rq, &h, canvass_cols, 8);
	listing_title(&l, "Phân công vận động", found ? c.name : NULL);
	struct canvass_query q = {.campaign_id = found ? c.id : 0, .scope_unit = rq->who.scope,
				  .unit_id = u.id, .member_id = member, .status = status,
				  .today = today, .by_name = sort && !strcmp(sort, "ten"),
				  .limit = csv ? 0 : WEB_PAGE_DEFAULT,
				  .offset = csv ? 0 : (page - 1) * WEB_PAGE_DEFAULT};
	if (store_canvass_each(rq->db, &q, canvass_row, &l, &total, &rq->e) < 0)
		goto cleanup_list;
	if (csv) {
		rc = listing_send_csv(&l, rs, "van-dong.csv");
		goto cleanup_list;
	}
	listing_end(&l, "Chưa có phân công nào khớp.");
	html_raw(&h, "<p class=\"count\">");
	html_number(&h, total);
	html_raw(&h, " phân công.</p>");
	listing_pager(&h, rq, "/quan-ly/van-dong", page, total, WEB_PAGE_DEFAULT);
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, 200, &h);
cleanup_list:
	listing_free(&l);
cleanup:
	buf_free(&h.b);
	return rc;
}

/* ---- one assignment ---- */

struct one {
	int found, overdue;
	int64_t donor_id, member_id;
	char donor[NAME_MAX_BYTES + 1], member[NAME_MAX_BYTES + 1], unit[CODE_MAX + 1],
		campaign[CODE_MAX + 1], status[16], next_step[CANVASS_TEXT_MAX + 1], next_date[11],
		note[CANVASS_TEXT_MAX + 1];
};

static int copy_one(void *ctx, const struct canvass_view *v)
{
	struct one *o = ctx;
	o->found = 1;
	o->overdue = v->overdue;
	o->donor_id = v->donor_id;
	o->member_id = v->member_id;
	snprintf(o->donor, sizeof o->donor, "%s", v->donor_name);
	snprintf(o->member, sizeof o->member, "%s", v->member_name);
	snprintf(o->unit, sizeof o->unit, "%s", v->unit_code);
	snprintf(o->campaign, sizeof o->campaign, "%s", v->campaign_code);
	snprintf(o->status, sizeof o->status, "%s", v->status);
	snprintf(o->next_step, sizeof o->next_step, "%s", v->next_step);
	snprintf(o->next_date, sizeof o->next_date, "%s", v->next_date);
	snprintf(o->note, sizeof o->note, "%s", v->note);
	return 0;
}

static const struct lcol event_cols[] = {
	{"Lúc", LC_TIME}, {"Người ghi", LC_TEXT}, {"Tình trạng", LC_TEXT},
	{"Bước tiếp theo", LC_TEXT}, {"Hạn", LC_DATE}, {"Ghi chú", LC_TEXT},
};

static int event_row(void *ctx, const struct canvass_event_view *ev)
{
	const char *vals[] = {ev->at, ev->actor, code_label(canvass_statuses, ev->status),
		ev->next_step, ev->next_date, ev->note};
	listing_row(ctx, vals, NULL, 0);
	return 0;
}

/* The date of a stored ISO date as the form shows it (dd/mm/yyyy). */
static const char *vn_date(struct buf *b, const char *iso)
{
	buf_reset(b);
	if (iso && iso[0])
		date_format_vn(b, iso);
	return buf_cstr(b);
}

static int one_page(struct web_req *rq, struct web_resp *rs, int64_t id, int status,
		    const char *error)
{
	struct html h = {BUF_INIT};
	struct listing l;
	struct one o = {0};
	struct buf date = BUF_INIT;
	char today[11], action[64];
	int rc = -1;

	core_today(today);
	if (store_canvass_get(rq->db, id, rq->who.scope, today, copy_one, &o, &rq->e) < 0)
		return -1;
	if (!o.found)
		return web_fail(rq, rs, 404, "Không có phân công này (hoặc ngoài phạm vi của bạn).");
	page_begin(&h, rq, PAGE_STAFF, o.donor, "canvass");
	html_printf(&h, "<p><a href=\"/quan-ly/van-dong\">← Phân công vận động</a></p><h1>%s</h1>"
		    "<dl class=\"facts\"><dt>Đơn vị</dt><dd>%s</dd><dt>Người vận động</dt><dd>"
		    "<a href=\"/quan-ly/ban-chi-dao/%lld\">%s</a></dd><dt>Cuộc vận động</dt><dd>%s</dd>"
		    "<dt>Tình trạng</dt><dd>%s</dd><dt>Bước tiếp theo</dt><dd>%s ",
		    o.donor, o.unit, (long long)o.member_id, o.member, o.campaign,
		    code_label(canvass_statuses, o.status), o.next_step);
	html_printf(&h, "%s", vn_date(&date, o.next_date));
	html_raw_if(&h, o.overdue, " <span class=\"tag\">quá hạn</span>");
	html_printf(&h, "</dd><dt>Ghi chú</dt><dd>%s</dd></dl>", o.note);
	if (error)
		html_notice(&h, "error", error);
	else if (web_raw(rq, "luu"))
		html_notice(&h, "ok", "Đã lưu.");
	if (rq->who.caps & CAP_CANVASS_WRITE) {
		snprintf(action, sizeof action, "/quan-ly/van-dong/%lld", (long long)id);
		html_printf(&h, "<h2>Cập nhật</h2><form method=\"post\" action=\"%s\" class=\"form\">",
			    action);
		html_csrf(&h, rq);
		form_select(&h, "status", "Tình trạng", canvass_statuses,
			    form_value(rq, "status", o.status), NULL);
		form_input(&h, "next_step", "Bước tiếp theo", form_value(rq, "next_step", o.next_step),
			   CANVASS_TEXT_MAX, 0);
		form_input(&h, "next_date", "Hạn (dd/mm/yyyy)",
			   form_value(rq, "next_date", vn_date(&date, o.next_date)), 10, 0);
		form_input(&h, "note", "Ghi chú", form_value(rq, "note", o.note), CANVASS_TEXT_MAX, 0);
		html_raw(&h, "<button type=\"submit\" class=\"primary\">Lưu</button></form>");
	}
	html_raw(&h, "<h2>Lịch sử</h2><div class=\"history\">");
	listing_begin(&l, rq, &h, event_cols, 6);
	l.csv_mode = 0; /* the history is part of this page, never an export */
	if (store_canvass_events(rq->db, id, event_row, &l, &rq->e) < 0)
		goto cleanup;
	listing_end(&l, "Chưa có.");
	html_raw(&h, "</div>");
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, status, &h);
cleanup:
	listing_free(&l);
	buf_free(&date);
	buf_free(&h.b);
	return rc;
}

int page_canvass_one(struct web_req *rq, struct web_resp *rs)
{
	int64_t id = web_path_id(rq);
	if (id == 0)
		return web_fail(rq, rs, 404, "Không có phân công này.");
	return one_page(rq, rs, id, 200, NULL);
}

/* The form's fields into in (strings owned by rq). */
static int canvass_fields(struct web_req *rq, struct canvass_input *in, struct err *e)
{
	char *status, *next, *date, *note;
	if (web_text(rq, "status", "Tình trạng", 20, &status, e) < 0 ||
	    web_text(rq, "next_step", "Bước tiếp theo", CANVASS_TEXT_MAX, &next, e) < 0 ||
	    web_text(rq, "next_date", "Hạn", 12, &date, e) < 0 ||
	    web_text(rq, "note", "Ghi chú", CANVASS_TEXT_MAX, &note, e) < 0)
		return -1;
	in->status = status;
	in->next_step = next;
	in->next_date = date;
	in->note = note;
	return 0;
}

int post_canvass_one(struct web_req *rq, struct web_resp *rs)
{
	struct canvass_input in = {0};
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	char msg[ERR_MSG_MAX + 32], loc[64];
	int64_t id = web_path_id(rq);

	if (id == 0)
		return web_fail(rq, rs, 404, "Không có phân công này.");
	if (canvass_fields(rq, &in, &e) == 0 && in.status == NULL)
		err_fail(&e, "Xin chọn tình trạng.");
	if (err_is_set(&e) || canvass_update(rq->db, &who, rq->who.scope, id, &in, 0, &e) < 0) {
		snprintf(msg, sizeof msg, "Không lưu được: %s", e.msg);
		return one_page(rq, rs, id, 422, msg);
	}
	snprintf(loc, sizeof loc, "/quan-ly/van-dong/%lld?luu=1", (long long)id);
	resp_redirect(rs, loc);
	return 0;
}

/* ---- a new assignment ---- */

static int new_form(struct web_req *rq, struct web_resp *rs, int status, const char *error)
{
	struct html h = {BUF_INIT};
	struct donor_card d;
	int64_t donor = 0, member = 0;
	struct err e = {0};
	int rc = -1, found = 0;

	web_int(rq, "donor", "Nhà hảo tâm", 0, INT64_MAX, 0, &donor, &e);
	web_int(rq, "member", "Người vận động", 0, INT64_MAX, 0, &member, &e);
	if (donor && (found = staff_donor_get(rq, donor, &d)) < 0)
		return -1;
	page_begin(&h, rq, PAGE_STAFF, "Phân công vận động mới", "canvass");
	html_raw(&h, "<section class=\"narrow\"><p><a href=\"/quan-ly/van-dong\">← Phân công vận "
		    "động</a></p><h1>Phân công vận động mới</h1>");
	if (error)
		html_notice(&h, "error", error);
	html_raw(&h, "<form method=\"post\" action=\"/quan-ly/van-dong/moi\" class=\"form\">");
	html_csrf(&h, rq);
	html_printf(&h, "<label for=\"donor\">Mã nhà hảo tâm (doanh nghiệp, tổ chức được vận động)"
		    "</label><input id=\"donor\" name=\"donor\" inputmode=\"numeric\" required "
		    "value=\"%s\">", web_raw(rq, "donor") ? web_raw(rq, "donor") : "");
	if (found)
		html_printf(&h, "<p class=\"hint\">%s — %s</p>", d.name, d.unit_name);
	html_raw(&h, "<p class=\"hint\"><a href=\"/quan-ly/nha-hao-tam\">Tìm mã trong danh sách nhà "
		    "hảo tâm</a></p><label for=\"member\">Người vận động (thành viên Ban Chỉ đạo)</label>"
		    "<select id=\"member\" name=\"member\" required>");
	if (member_options(rq, &h, member) < 0)
		goto cleanup;
	html_raw(&h, "</select>");
	form_select(&h, "status", "Tình trạng", canvass_statuses, web_raw(rq, "status"), NULL);
	form_input(&h, "next_step", "Bước tiếp theo", web_raw(rq, "next_step"), CANVASS_TEXT_MAX, 0);
	form_input(&h, "next_date", "Hạn (dd/mm/yyyy)", web_raw(rq, "next_date"), 10, 0);
	form_input(&h, "note", "Ghi chú", web_raw(rq, "note"), CANVASS_TEXT_MAX, 0);
	html_raw(&h, "<button type=\"submit\" class=\"primary\">Lưu phân công</button></form></section>");
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, status, &h);
cleanup:
	buf_free(&h.b);
	return rc;
}

int page_canvass_new(struct web_req *rq, struct web_resp *rs)
{
	return new_form(rq, rs, 200, NULL);
}

int post_canvass_new(struct web_req *rq, struct web_resp *rs)
{
	struct canvass_input in = {0};
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	char msg[ERR_MSG_MAX + 32], loc[64];
	int64_t id;

	if (web_int(rq, "donor", "Mã nhà hảo tâm", 1, INT64_MAX, 0, &in.donor_id, &e) < 0 ||
	    web_int(rq, "member", "Người vận động", 1, INT64_MAX, 0, &in.member_id, &e) < 0 ||
	    canvass_fields(rq, &in, &e) < 0)
		goto invalid;
	if (in.donor_id == 0 || in.member_id == 0) {
		err_fail(&e, "Xin nhập mã nhà hảo tâm và chọn người vận động.");
		goto invalid;
	}
	if (canvass_add(rq->db, &who, rq->who.scope, &in, &id, &e) < 0)
		goto invalid;
	snprintf(loc, sizeof loc, "/quan-ly/van-dong/%lld?luu=1", (long long)id);
	resp_redirect(rs, loc);
	return 0;
invalid:
	snprintf(msg, sizeof msg, "Không lưu được: %s", e.msg);
	return new_form(rq, rs, 422, msg);
}
