/* The steering committee (R2) for staff: the list with its filters and CSV,
 * a member's page, and the forms that add and edit members (CAP_SETUP).  A
 * unit officer sees the members in charge of its subtree or of the whole
 * province (store/committee.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/fold.h"
#include "web/listing.h"
#include "web/page.h"
#include "web/staff.h"

static const struct lcol member_cols[] = {
	{"Họ và tên", LC_TEXT}, {"Vai trò", LC_TEXT}, {"Chức vụ", LC_TEXT}, {"Cơ quan", LC_TEXT},
	{"Phụ trách", LC_TEXT}, {"Điện thoại", LC_TEXT}, {"Nhiệm vụ", LC_TEXT},
	{"Số phân công vận động", LC_INT},
};

static int member_row(void *ctx, const struct committee_view *m)
{
	struct listing *l = ctx;
	char href[64], n[24];
	snprintf(href, sizeof href, "/quan-ly/ban-chi-dao/%lld", (long long)m->id);
	snprintf(n, sizeof n, "%lld", (long long)m->assignments);
	const char *vals[] = {m->name, code_label(committee_roles, m->role), m->title,
		m->organisation, m->unit_code[0] ? m->unit_name : "Toàn tỉnh", m->phone, m->duties, n};
	listing_row(l, vals, href, 0);
	return 0;
}

int page_committee(struct web_req *rq, struct web_resp *rs)
{
	struct html h = {BUF_INIT};
	struct listing l;
	struct err e = {0};
	char *q, *role, *fold = NULL;
	int64_t page, total;
	int rc = -1, csv = listing_wants_csv(rq);

	if (web_text(rq, "q", "Từ khóa", 200, &q, &e) < 0 ||
	    web_text(rq, "role", "Vai trò", 20, &role, &e) < 0 ||
	    web_int(rq, "page", "Trang", 1, 100000, 1, &page, &e) < 0)
		return web_fail(rq, rs, 400, e.msg);
	if (role && !code_label(committee_roles, role)[0])
		return web_fail(rq, rs, 400, "Vai trò không hợp lệ.");
	if (q)
		fold = text_fold_dup(q);
	page_begin(&h, rq, PAGE_STAFF, "Ban Chỉ đạo", "committee");
	html_raw(&h, "<h1>Ban Chỉ đạo vận động</h1>");
	if (rq->who.caps & CAP_SETUP)
		html_raw(&h, "<p class=\"actions\"><a class=\"button\" href=\"/quan-ly/ban-chi-dao/moi\">"
			    "+ Thêm thành viên</a></p>");
	html_printf(&h, "<form class=\"filters\" method=\"get\" action=\"/quan-ly/ban-chi-dao\">"
		    "<label>Tên<input name=\"q\" type=\"search\" value=\"%s\"></label><label>Vai trò"
		    "<select name=\"role\">", q ? q : "");
	html_options(&h, committee_roles, role, "Tất cả");
	html_raw(&h, "</select></label><button type=\"submit\">Lọc</button></form>");
	listing_csv_link(&h, rq, "/quan-ly/ban-chi-dao");
	listing_begin(&l, rq, &h, member_cols, 8);
	listing_title(&l, "Ban Chỉ đạo vận động", NULL);
	struct committee_query cq = {.scope_unit = rq->who.scope, .role = role, .fold = fold,
				     .limit = csv ? 0 : WEB_PAGE_DEFAULT,
				     .offset = csv ? 0 : (page - 1) * WEB_PAGE_DEFAULT};
	if (store_committee_each(rq->db, &cq, member_row, &l, &total, &rq->e) < 0)
		goto cleanup;
	if (csv) {
		rc = listing_send_csv(&l, rs, "ban-chi-dao.csv");
		goto cleanup;
	}
	listing_end(&l, "Chưa có thành viên nào.");
	listing_pager(&h, rq, "/quan-ly/ban-chi-dao", page, total, WEB_PAGE_DEFAULT);
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, 200, &h);
cleanup:
	listing_free(&l);
	free(fold);
	buf_free(&h.b);
	return rc;
}

/* A member copied out of the store's row. */
struct member {
	int found;
	char name[NAME_MAX_BYTES + 1], role[16], title[COMMITTEE_TEXT_MAX + 1],
		organisation[COMMITTEE_TEXT_MAX + 1], duties[COMMITTEE_DUTIES_MAX + 1], phone[48],
		unit_code[CODE_MAX + 1], unit_name[NAME_MAX_BYTES + 1], user[CODE_MAX + 1];
	int64_t assignments, unit_id;
};

static int copy_member(void *ctx, const struct committee_view *v)
{
	struct member *m = ctx;
	m->found = 1;
	snprintf(m->name, sizeof m->name, "%s", v->name);
	snprintf(m->role, sizeof m->role, "%s", v->role);
	snprintf(m->title, sizeof m->title, "%s", v->title);
	snprintf(m->organisation, sizeof m->organisation, "%s", v->organisation);
	snprintf(m->duties, sizeof m->duties, "%s", v->duties);
	snprintf(m->phone, sizeof m->phone, "%s", v->phone);
	snprintf(m->unit_code, sizeof m->unit_code, "%s", v->unit_code);
	snprintf(m->unit_name, sizeof m->unit_name, "%s", v->unit_name);
	snprintf(m->user, sizeof m->user, "%s", v->user_name);
	m->assignments = v->assignments;
	m->unit_id = v->unit_id;
	return 0;
}

/* The add or edit form; m is the member being edited (NULL: a new one). */
static int member_form(struct web_req *rq, struct html *h, const char *action,
		       const struct member *m)
{
	struct unit_row u = {0};
	const char *unit = form_value(rq, "unit", m ? m->unit_code : NULL);
	if (unit && unit[0] && store_unit_by_code(rq->db, unit, &u, &rq->e) < 0)
		return -1;
	html_printf(h, "<form method=\"post\" action=\"%s\" class=\"form\">", action);
	html_csrf(h, rq);
	form_input(h, "name", "Họ và tên", form_value(rq, "name", m ? m->name : NULL), 300, 1);
	form_select(h, "role", "Vai trò trong Ban Chỉ đạo", committee_roles,
		    form_value(rq, "role", m ? m->role : "member"), NULL);
	form_input(h, "title", "Chức vụ", form_value(rq, "title", m ? m->title : NULL), 300, 0);
	form_input(h, "organisation", "Cơ quan, đơn vị công tác",
		   form_value(rq, "organisation", m ? m->organisation : NULL), 300, 0);
	form_input(h, "duties", "Nhiệm vụ được phân công",
		   form_value(rq, "duties", m ? m->duties : NULL), COMMITTEE_DUTIES_MAX, 0);
	html_raw(h, "<label for=\"unit\">Địa bàn, đơn vị phụ trách</label><select id=\"unit\" "
		    "name=\"unit\"><option value=\"\">Toàn tỉnh</option>");
	if (staff_unit_options(rq, h, u.id) < 0)
		return -1;
	html_raw(h, "</select>");
	form_input(h, "phone", "Điện thoại", form_value(rq, "phone", m ? m->phone : NULL), 40, 0);
	form_input(h, "user", "Tài khoản đăng nhập (nếu có)",
		   form_value(rq, "user", m ? m->user : NULL), 64, 0);
	html_raw(h, "<button type=\"submit\" class=\"primary\">Lưu</button></form>");
	return 0;
}

static int member_page(struct web_req *rq, struct web_resp *rs, int64_t id, int status,
		       const char *error)
{
	struct html h = {BUF_INIT};
	struct member m = {0};
	char action[64];
	int rc = -1;

	if (id && store_committee_get(rq->db, id, rq->who.scope, copy_member, &m, &rq->e) < 0)
		return -1;
	if (id && !m.found)
		return web_fail(rq, rs, 404, "Không có thành viên này (hoặc ngoài phạm vi của bạn).");
	page_begin(&h, rq, PAGE_STAFF, id ? m.name : "Thêm thành viên Ban Chỉ đạo", "committee");
	html_raw(&h, "<section class=\"narrow\"><p><a href=\"/quan-ly/ban-chi-dao\">← Ban Chỉ đạo</a></p>");
	if (id) {
		html_printf(&h, "<h1>%s</h1><dl class=\"facts\"><dt>Vai trò</dt><dd>%s</dd>", m.name,
			    code_label(committee_roles, m.role));
		html_printf(&h, "<dt>Chức vụ</dt><dd>%s</dd><dt>Cơ quan</dt><dd>%s</dd>"
			    "<dt>Phụ trách</dt><dd>%s</dd><dt>Điện thoại</dt><dd>%s</dd>"
			    "<dt>Nhiệm vụ</dt><dd>%s</dd><dt>Phân công vận động</dt><dd>"
			    "<a href=\"/quan-ly/van-dong?member=%lld\">%lld</a></dd></dl>", m.title,
			    m.organisation, m.unit_code[0] ? m.unit_name : "Toàn tỉnh", m.phone, m.duties,
			    (long long)id, (long long)m.assignments);
	} else {
		html_raw(&h, "<h1>Thêm thành viên Ban Chỉ đạo</h1>");
	}
	if (error)
		html_notice(&h, "error", error);
	else if (web_raw(rq, "luu"))
		html_notice(&h, "ok", "Đã lưu.");
	if (rq->who.caps & CAP_SETUP) {
		if (id)
			html_raw(&h, "<h2>Sửa thông tin</h2>");
		snprintf(action, sizeof action, id ? "/quan-ly/ban-chi-dao/%lld" : "/quan-ly/ban-chi-dao/moi",
			 (long long)id);
		if (member_form(rq, &h, action, id ? &m : NULL) < 0)
			goto cleanup;
	}
	html_raw(&h, "</section>");
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, status, &h);
cleanup:
	buf_free(&h.b);
	return rc;
}

int page_committee_new(struct web_req *rq, struct web_resp *rs)
{
	return member_page(rq, rs, 0, 200, NULL);
}

int page_committee_member(struct web_req *rq, struct web_resp *rs)
{
	int64_t id = web_path_id(rq);
	if (id == 0)
		return web_fail(rq, rs, 404, "Không có thành viên này.");
	return member_page(rq, rs, id, 200, NULL);
}

/* Reads the form into in (strings owned by rq); -1 with e on bad input. */
static int member_input(struct web_req *rq, struct committee_input *in, struct err *e)
{
	memset(in, 0, sizeof *in);
	char *name, *role, *title, *org, *duties, *unit, *phone, *user;
	if (web_text(rq, "name", "Họ và tên", COMMITTEE_TEXT_MAX, &name, e) < 0 ||
	    web_text(rq, "role", "Vai trò", 20, &role, e) < 0 ||
	    web_text(rq, "title", "Chức vụ", COMMITTEE_TEXT_MAX, &title, e) < 0 ||
	    web_text(rq, "organisation", "Cơ quan", COMMITTEE_TEXT_MAX, &org, e) < 0 ||
	    web_text(rq, "duties", "Nhiệm vụ", COMMITTEE_DUTIES_MAX, &duties, e) < 0 ||
	    web_text(rq, "unit", "Đơn vị", CODE_MAX, &unit, e) < 0 ||
	    web_text(rq, "phone", "Điện thoại", 40, &phone, e) < 0 ||
	    web_text(rq, "user", "Tài khoản", CODE_MAX, &user, e) < 0)
		return -1;
	if (name == NULL)
		return err_fail(e, "Xin nhập họ và tên.");
	if (role == NULL)
		return err_fail(e, "Xin chọn vai trò.");
	*in = (struct committee_input){name, role, title, org, duties, unit, phone, user};
	return 0;
}

static int member_save(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	struct committee_input in;
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	char loc[96], msg[ERR_MSG_MAX + 32];

	if (member_input(rq, &in, &e) < 0 ||
	    (id ? committee_update(rq->db, &who, id, &in, &e)
		: committee_add(rq->db, &who, &in, &id, &e)) < 0) {
		snprintf(msg, sizeof msg, "Không lưu được: %s", e.msg);
		return member_page(rq, rs, id, 422, msg);
	}
	snprintf(loc, sizeof loc, "/quan-ly/ban-chi-dao/%lld?luu=1", (long long)id);
	resp_redirect(rs, loc);
	return 0;
}

int post_committee_new(struct web_req *rq, struct web_resp *rs)
{
	return member_save(rq, rs, 0);
}

int post_committee_member(struct web_req *rq, struct web_resp *rs)
{
	int64_t id = web_path_id(rq);
	if (id == 0)
		return web_fail(rq, rs, 404, "Không có thành viên này.");
	return member_save(rq, rs, id);
}
