/* The fund's use for staff (CAP_FUND_READ to read, CAP_FUND_WRITE to
 * record): the handovers and disbursements of the campaign with their
 * totals and filters (CSV and Excel too), the forms to record a handover
 * and a disbursement, and one row's page with its reversal form.  The rules
 * (never more than received, handed over; reversal only) are in
 * core/fund.c; these pages read the form, call it, and show the result. */
#include <stdio.h>
#include <string.h>

#include "core/fund.h"
#include "web/listing.h"
#include "web/page.h"
#include "web/portal.h"
#include "web/staff.h"

#define NO_NONCE "Biểu mẫu thiếu mã xác nhận: xin tải lại trang rồi gửi lại."
#define BASE "/quan-ly/su-dung-quy"

static const struct lcol fund_lcols[] = {
	{"Bút toán", LC_INT}, {"Ngày", LC_DATE}, {"Số tiền", LC_MONEY}, {"Nội dung", LC_TEXT},
	{"Người nhận", LC_TEXT}, {"Nơi nhận", LC_TEXT}, {"Huyện", LC_TEXT},
	{"Quyết định, biên bản số", LC_TEXT}, {"Tình trạng", LC_CODE},
	{"Kết quả rà soát", LC_TEXT},
};
#define FUND_NLCOLS ((int)(sizeof fund_lcols / sizeof fund_lcols[0]))

/* A field as sent, or "" (to show a form again as it was filled). */
static const char *raw_or(struct web_req *rq, const char *key)
{
	const char *v = web_raw(rq, key);
	return v ? v : "";
}

static int fund_lrow(void *ctx, const struct fund_row *r)
{
	struct listing *l = ctx;
	char href[64], id[24], amount[24];
	int handover = !strcmp(r->kind, "handover");
	snprintf(href, sizeof href, BASE "/%lld", (long long)r->id);
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	snprintf(amount, sizeof amount, "%lld", (long long)r->amount);
	const char *vals[] = {
		id, r->date, amount,
		handover ? "Bàn giao quỹ" : code_label(fund_purposes, r->purpose),
		handover ? r->organisation : r->beneficiary, r->unit_id ? r->unit_name : NULL,
		r->unit_id ? r->district_name : NULL, r->document,
		r->reversed_by ? "Đã hủy" : "Hiệu lực",
		r->outcome ? code_label(fund_outcomes, r->outcome) : NULL,
	};
	listing_row(l, vals, href, r->reversed_by != 0);
	return 0;
}

int page_fund(struct web_req *rq, struct web_resp *rs)
{
	struct html h = {BUF_INIT};
	struct listing l;
	struct campaign_row c;
	struct unit_row u = {0};
	struct fund_totals t = {0};
	struct err e = {0};
	char *kind, *purpose, *unit, from[11], to[11];
	int rc = -1, found, csv = listing_wants_csv(rq);

	if (web_text(rq, "kind", "Loại", 20, &kind, &e) < 0 ||
	    web_text(rq, "purpose", "Mục đích", 40, &purpose, &e) < 0 ||
	    web_text(rq, "unit", "Đơn vị", CODE_MAX, &unit, &e) < 0 ||
	    web_date(rq, "from", "Từ ngày", from, &e) < 0 ||
	    web_date(rq, "to", "Đến ngày", to, &e) < 0)
		return web_fail(rq, rs, 400, e.msg);
	if ((kind && !code_label(fund_kinds, kind)[0]) ||
	    (purpose && !code_label(fund_purposes, purpose)[0]))
		return web_fail(rq, rs, 400, "Loại hoặc mục đích không hợp lệ.");
	if (unit && (found = store_unit_by_code(rq->db, unit, &u, &rq->e)) <= 0)
		return found < 0 ? -1 : web_fail(rq, rs, 400, "Không có đơn vị này.");
	if ((found = store_campaign_latest(rq->db, &c, &rq->e)) < 0 ||
	    (found && store_fund_totals(rq->db, c.id, &t, &rq->e) < 0))
		return -1;
	page_begin(&h, rq, PAGE_STAFF, "Sử dụng quỹ", "fund");
	html_raw(&h, "<h1>Bàn giao và sử dụng quỹ</h1>");
	if (found)
		html_printf(&h, "<p class=\"lead\">%s</p>", c.name);
	if (rq->who.caps & CAP_FUND_WRITE)
		html_raw(&h, "<p class=\"actions\"><a class=\"button\" href=\"" BASE "/ban-giao\">"
			    "+ Bàn giao quỹ</a> <a class=\"button\" href=\"" BASE "/chi\">+ Chi hỗ trợ"
			    "</a></p>");
	fund_figures(&h, &t);
	html_raw(&h, "<form class=\"filters\" method=\"get\" action=\"" BASE "\"><label>Loại"
		    "<select name=\"kind\">");
	html_options(&h, fund_kinds, kind, "Tất cả");
	html_raw(&h, "</select></label><label>Mục đích<select name=\"purpose\">");
	html_options(&h, fund_purposes, purpose, "Tất cả");
	html_raw(&h, "</select></label><label>Đơn vị<select name=\"unit\"><option value=\"\">Tất cả"
		    "</option>");
	if (staff_unit_options(rq, &h, u.id) < 0)
		goto cleanup;
	html_printf(&h, "</select></label><label>Từ ngày<input name=\"from\" placeholder=\"dd/mm/yyyy\""
		    " value=\"%s\"></label><label>Đến ngày<input name=\"to\" "
		    "placeholder=\"dd/mm/yyyy\" value=\"%s\"></label><button type=\"submit\">Lọc"
		    "</button></form>", raw_or(rq, "from"), raw_or(rq, "to"));
	listing_csv_link(&h, rq, BASE);
	listing_begin(&l, rq, &h, fund_lcols, FUND_NLCOLS);
	listing_title(&l, "Bàn giao và sử dụng quỹ", found ? c.name : NULL);
	struct fund_filter f = {.campaign_id = found ? c.id : -1, .unit_id = u.id, .kind = kind,
				.purpose = purpose, .from = from, .to = to};
	if (store_fund_each(rq->db, &f, fund_lrow, &l, &rq->e) < 0)
		goto cleanup_list;
	if (csv) {
		rc = listing_send_csv(&l, rs, "su-dung-quy.csv");
		goto cleanup_list;
	}
	listing_end(&l, "Chưa có lần bàn giao hay khoản chi nào khớp.");
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, 200, &h);
cleanup_list:
	listing_free(&l);
cleanup:
	buf_free(&h.b);
	return rc;
}

/* ---- the forms ---- */

static int handover_form(struct web_req *rq, struct web_resp *rs, int status, const char *error)
{
	struct html h = {BUF_INIT};
	page_begin(&h, rq, PAGE_STAFF, "Bàn giao quỹ", "fund");
	html_raw(&h, "<section class=\"narrow\"><h1>Bàn giao quỹ cho đơn vị quản lý</h1>"
		    "<p class=\"lead\">Tiền đã tiếp nhận được bàn giao cho đơn vị do Ủy ban nhân dân "
		    "tỉnh giao quản lý, sử dụng quỹ.</p>");
	if (error)
		html_notice(&h, "error", error);
	html_raw(&h, "<form method=\"post\" action=\"" BASE "/ban-giao\" class=\"form\">");
	html_csrf(&h, rq);
	staff_nonce_field(&h);
	form_input(&h, "amount", "Số tiền (đồng)", raw_or(rq, "amount"), 40, 1);
	form_select(&h, "source", "Chi từ", fund_sources, web_raw(rq, "source"), NULL);
	form_input(&h, "document", "Quyết định, biên bản bàn giao số", raw_or(rq, "document"), 100, 1);
	form_input(&h, "organisation", "Đơn vị nhận bàn giao", raw_or(rq, "organisation"), 300, 1);
	html_printf(&h, "<label for=\"date\">Ngày bàn giao</label><input id=\"date\" name=\"date\" "
		    "placeholder=\"dd/mm/yyyy\" value=\"%s\">", raw_or(rq, "date"));
	form_input(&h, "note", "Ghi chú", raw_or(rq, "note"), 300, 0);
	html_raw(&h, "<button type=\"submit\" class=\"primary\">Ghi nhận bàn giao</button></form>"
		    "</section>");
	page_end(&h, rq, PAGE_STAFF);
	int rc = page_send(rs, status, &h);
	buf_free(&h.b);
	return rc;
}

static int disburse_form(struct web_req *rq, struct web_resp *rs, int status, const char *error)
{
	struct html h = {BUF_INIT};
	struct unit_row u = {0};
	const char *unit = web_raw(rq, "unit");
	int rc = -1;
	if (unit && store_unit_by_code(rq->db, unit, &u, &rq->e) < 0)
		return -1;
	page_begin(&h, rq, PAGE_STAFF, "Chi hỗ trợ", "fund");
	html_raw(&h, "<section class=\"narrow\"><h1>Chi hỗ trợ từ quỹ</h1>");
	if (error)
		html_notice(&h, "error", error);
	html_raw(&h, "<form method=\"post\" action=\"" BASE "/chi\" class=\"form\">");
	html_csrf(&h, rq);
	staff_nonce_field(&h);
	form_input(&h, "amount", "Số tiền (đồng)", raw_or(rq, "amount"), 40, 1);
	form_select(&h, "purpose", "Mục đích", fund_purposes, web_raw(rq, "purpose"), NULL);
	form_select(&h, "to", "Người nhận là", fund_beneficiaries, web_raw(rq, "to"), NULL);
	form_input(&h, "beneficiary", "Người nhận (tên hộ, tên người, công trình hoặc đơn vị)",
		   raw_or(rq, "beneficiary"), 300, 1);
	html_raw(&h, "<label for=\"unit\">Nơi nhận (xã, huyện)</label><select id=\"unit\" "
		    "name=\"unit\" required><option value=\"\">— chọn đơn vị —</option>");
	if (staff_unit_options(rq, &h, u.id) < 0)
		goto cleanup;
	html_raw(&h, "</select>");
	form_input(&h, "document", "Quyết định hỗ trợ số", raw_or(rq, "document"), 100, 1);
	html_printf(&h, "<label for=\"date\">Ngày chi</label><input id=\"date\" name=\"date\" "
		    "placeholder=\"dd/mm/yyyy\" value=\"%s\">", raw_or(rq, "date"));
	form_input(&h, "note", "Ghi chú", raw_or(rq, "note"), 300, 0);
	html_printf(&h, "<label class=\"check\"><input type=\"checkbox\" name=\"public\" value=\"1\"%s>"
		    " Người nhận đồng ý công khai tên trên cổng thông tin (không áp dụng cho phẫu "
		    "thuật tim: thông tin sức khỏe không bao giờ công khai)</label>",
		    web_flag(rq, "public") ? " checked" : "");
	html_raw(&h, "<button type=\"submit\" class=\"primary\">Ghi nhận khoản chi</button></form>"
		    "</section>");
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, status, &h);
cleanup:
	buf_free(&h.b);
	return rc;
}

int page_fund_handover(struct web_req *rq, struct web_resp *rs)
{
	return handover_form(rq, rs, 200, NULL);
}

int page_fund_disburse(struct web_req *rq, struct web_resp *rs)
{
	return disburse_form(rq, rs, 200, NULL);
}

/* After a write: the row's page (noting a form sent twice). */
static int to_row(struct web_resp *rs, int64_t id, const struct form_once *once)
{
	char loc[80];
	snprintf(loc, sizeof loc, BASE "/%lld%s", (long long)id, once->done ? "?da-luu=1" : "");
	resp_redirect(rs, loc);
	return 0;
}

/* The campaign the staff pages show: the latest. */
static int latest_code(struct web_req *rq, char code[CODE_MAX + 1])
{
	struct campaign_row c;
	int found = store_campaign_latest(rq->db, &c, &rq->e);
	if (found > 0)
		snprintf(code, CODE_MAX + 1, "%s", c.code);
	return found;
}

int post_fund_handover(struct web_req *rq, struct web_resp *rs)
{
	struct fund_handover_input in = {0};
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	struct form_once once;
	char *amount, *source, *document, *organisation, *date, *note, code[CODE_MAX + 1];
	static const char *const keys[] = {"amount", "source", "document", "organisation", "date",
					   "note", NULL};
	char **dst[] = {&amount, &source, &document, &organisation, &date, &note};
	int64_t id;
	int found;

	if (staff_read_fields(rq, keys, dst, &e) < 0)
		return handover_form(rq, rs, 422, e.msg);
	if (staff_form_once(rq, &once) < 0)
		return handover_form(rq, rs, 422, NO_NONCE);
	if ((found = latest_code(rq, code)) <= 0)
		return found < 0 ? -1 : handover_form(rq, rs, 422, "Chưa có cuộc vận động nào.");
	in = (struct fund_handover_input){.campaign_code = code, .date = date, .amount = amount,
					  .source = source, .document = document,
					  .organisation = organisation, .note = note, .once = &once};
	if (fund_handover(rq->db, &who, &in, &id, &e) < 0)
		return handover_form(rq, rs, 422, e.msg);
	return to_row(rs, id, &once);
}

int post_fund_disburse(struct web_req *rq, struct web_resp *rs)
{
	struct fund_disburse_input in = {0};
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	struct form_once once;
	char *amount, *purpose, *to, *beneficiary, *unit, *document, *date, *note;
	char code[CODE_MAX + 1];
	static const char *const keys[] = {"amount", "purpose", "to", "beneficiary", "unit",
					   "document", "date", "note", NULL};
	char **dst[] = {&amount, &purpose, &to, &beneficiary, &unit, &document, &date, &note};
	int64_t id;
	int found;

	if (staff_read_fields(rq, keys, dst, &e) < 0)
		return disburse_form(rq, rs, 422, e.msg);
	if (staff_form_once(rq, &once) < 0)
		return disburse_form(rq, rs, 422, NO_NONCE);
	if ((found = latest_code(rq, code)) <= 0)
		return found < 0 ? -1 : disburse_form(rq, rs, 422, "Chưa có cuộc vận động nào.");
	in = (struct fund_disburse_input){.campaign_code = code, .date = date, .amount = amount,
					  .purpose = purpose, .beneficiary_kind = to,
					  .beneficiary = beneficiary, .unit_code = unit,
					  .document = document, .note = note,
					  .publish_name = web_flag(rq, "public"), .once = &once};
	if (fund_disburse(rq->db, &who, &in, &id, &e) < 0)
		return disburse_form(rq, rs, 422, e.msg);
	return to_row(rs, id, &once);
}

/* ---- one row ---- */

static int row_facts(void *ctx, const struct fund_row *r)
{
	struct html *h = ctx;
	int handover = !strcmp(r->kind, "handover");
	html_printf(h, "<h1>%s số %lld</h1><dl class=\"facts\"><dt>Ngày</dt><dd>",
		    handover ? "Bàn giao quỹ" : "Khoản chi hỗ trợ", (long long)r->id);
	html_date(h, r->date);
	html_raw(h, "</dd><dt>Số tiền</dt><dd>");
	html_money(h, r->amount);
	html_printf(h, "</dd><dt>Quyết định, biên bản số</dt><dd>%s</dd>", r->document);
	if (handover)
		html_printf(h, "<dt>Đơn vị nhận bàn giao</dt><dd>%s</dd><dt>Chi từ</dt><dd>%s</dd>",
			    r->organisation, code_label(fund_sources, r->source));
	else
		html_printf(h, "<dt>Mục đích</dt><dd>%s</dd><dt>Người nhận</dt><dd>%s (%s)</dd>"
			    "<dt>Nơi nhận</dt><dd>%s, %s</dd><dt>Công khai tên</dt><dd>%s</dd>",
			    code_label(fund_purposes, r->purpose), r->beneficiary,
			    code_label(fund_beneficiaries, r->beneficiary_kind), r->unit_name,
			    r->district_name, r->publish_name ? "Người nhận đồng ý" : "Không");
	html_printf(h, "<dt>Ghi chú</dt><dd>%s</dd><dt>Người ghi</dt><dd>%s</dd>"
		    "<dt>Bút toán sổ cái</dt><dd>%lld (lá %lld của <a href=\"/log/checkpoint\">nhật ký "
		    "minh bạch</a>)</dd>", r->note ? r->note : "", r->actor, (long long)r->id,
		    (long long)(r->id - 1));
	if (r->reversed_by)
		html_printf(h, "<dt>Tình trạng</dt><dd>Đã hủy bởi bút toán %lld</dd>",
			    (long long)r->reversed_by);
	html_raw(h, "</dl>");
	return r->reversed_by ? 1 : 0;
}

struct one {
	struct html *h;
	int reversed;
	int applies; /* a household's disbursement: outcomes recorded */
};

static int one_row(void *ctx, const struct fund_row *r)
{
	struct one *o = ctx;
	o->reversed = row_facts(o->h, r);
	o->applies = fund_outcome_applies(r);
	return 0;
}

static int outcome_tr(void *ctx, const struct fund_outcome_row *r)
{
	struct html *h = ctx;
	html_raw(h, "<tr><td>");
	html_date(h, r->date);
	html_printf(h, "</td><td>%s</td><td>%s</td><td>%s</td></tr>",
		    code_label(fund_outcomes, r->status), r->note ? r->note : "", r->actor);
	return 0;
}

/* What the annual reviews found for the household (R15): every record, the
 * latest last, and the form to add one. */
static int outcome_section(struct web_req *rq, struct html *h, int64_t id, int reversed)
{
	int any;
	html_raw(h, "<h2 id=\"ket-qua\">Kết quả rà soát hộ nghèo, hộ cận nghèo</h2><p class=\"muted\">"
		    "Mỗi lần rà soát hằng năm được ghi thành một bản ghi mới; kết quả mới nhất là kết "
		    "quả được tính.</p><div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
		    "<th scope=\"col\">Ngày rà soát</th><th scope=\"col\">Kết quả</th>"
		    "<th scope=\"col\">Ghi chú</th><th scope=\"col\">Người ghi</th></tr></thead><tbody>");
	if ((any = store_outcome_each(rq->db, id, outcome_tr, h, &rq->e)) < 0)
		return -1;
	html_raw(h, "</tbody></table></div>");
	html_raw_if(h, !any, "<p class=\"empty\">Chưa có kết quả rà soát nào.</p>");
	if (reversed || !(rq->who.caps & CAP_FUND_WRITE))
		return 0;
	html_printf(h, "<form method=\"post\" action=\"" BASE "/%lld/ket-qua\" class=\"form\">",
		    (long long)id);
	html_csrf(h, rq);
	staff_nonce_field(h);
	form_select(h, "status", "Kết quả rà soát", fund_outcomes, web_raw(rq, "status"),
		    "— chọn kết quả —");
	html_printf(h, "<label for=\"outcome-date\">Ngày rà soát</label><input id=\"outcome-date\" "
		    "name=\"date\" placeholder=\"dd/mm/yyyy\" required value=\"%s\">",
		    raw_or(rq, "date"));
	html_printf(h, "<label for=\"outcome-note\">Ghi chú (căn cứ, quyết định công nhận)</label>"
		    "<input id=\"outcome-note\" name=\"note\" maxlength=\"300\" value=\"%s\">",
		    raw_or(rq, "note"));
	html_raw(h, "<button type=\"submit\" class=\"primary\">Ghi kết quả rà soát</button></form>");
	return 0;
}

static int one_page(struct web_req *rq, struct web_resp *rs, int64_t id, int status,
		    const char *error)
{
	struct html h = {BUF_INIT};
	struct one o = {&h, 0, 0};
	struct fund_filter f = {.id = id};
	int rc = -1, found;
	page_begin(&h, rq, PAGE_STAFF, "Sử dụng quỹ", "fund");
	if ((found = store_fund_each(rq->db, &f, one_row, &o, &rq->e)) <= 0) {
		buf_free(&h.b);
		return found < 0 ? -1 : web_fail(rq, rs, 404, "Không có lần bàn giao hay khoản chi này.");
	}
	if (error)
		html_notice(&h, "error", error);
	else if (web_raw(rq, "da-luu"))
		html_notice(&h, "info", "Biểu mẫu này đã được gửi từ lần bấm trước; không ghi thêm lần nữa.");
	else if (web_raw(rq, "huy"))
		html_notice(&h, "ok", "Đã hủy bằng bút toán đảo.");
	else if (web_raw(rq, "ket-qua"))
		html_notice(&h, "ok", "Đã ghi kết quả rà soát.");
	if (o.applies && outcome_section(rq, &h, id, o.reversed) < 0) {
		buf_free(&h.b);
		return -1;
	}
	if (!o.reversed && (rq->who.caps & CAP_FUND_WRITE)) {
		html_printf(&h, "<h2>Hủy (bút toán đảo)</h2><form method=\"post\" action=\"" BASE
			    "/%lld/huy\" class=\"form\">", (long long)id);
		html_csrf(&h, rq);
		html_raw(&h, "<label for=\"reason\">Lý do hủy</label><input id=\"reason\" name=\"reason\" "
			    "required maxlength=\"500\"><button type=\"submit\" class=\"danger\">Hủy"
			    "</button></form>");
	}
	html_raw(&h, "<p><a href=\"" BASE "\">← Danh sách bàn giao và sử dụng quỹ</a></p>");
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, status, &h);
	buf_free(&h.b);
	return rc;
}

int page_fund_one(struct web_req *rq, struct web_resp *rs)
{
	int64_t id;
	if (!staff_path_id(rq, &id))
		return web_fail(rq, rs, 404, "Không có lần bàn giao hay khoản chi này.");
	return one_page(rq, rs, id, 200, NULL);
}

int post_fund_reverse(struct web_req *rq, struct web_resp *rs)
{
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	char *reason, loc[80];
	int64_t id, rev;

	if (!staff_path_id(rq, &id))
		return web_fail(rq, rs, 404, "Không có lần bàn giao hay khoản chi này.");
	if (web_text(rq, "reason", "Lý do", 500, &reason, &e) < 0)
		return one_page(rq, rs, id, 422, e.msg);
	if (reason == NULL)
		return one_page(rq, rs, id, 422, "Xin ghi lý do hủy.");
	if (fund_reverse(rq->db, &who, id, reason, &rev, &e) < 0) {
		char msg[ERR_MSG_MAX + 40];
		if (e.kind == ERR_NOTFOUND)
			return web_fail(rq, rs, 404, "Không có lần bàn giao hay khoản chi này.");
		snprintf(msg, sizeof msg, "Không hủy được: %s", e.msg);
		return one_page(rq, rs, id, 409, msg);
	}
	snprintf(loc, sizeof loc, BASE "/%lld?huy=1", (long long)id);
	resp_redirect(rs, loc);
	return 0;
}

int post_fund_outcome(struct web_req *rq, struct web_resp *rs)
{
	struct fund_outcome_input in = {0};
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	struct form_once once;
	char *status, *date, *note, loc[96];
	static const char *const keys[] = {"status", "date", "note", NULL};
	char **dst[] = {&status, &date, &note};
	int64_t id, oid;

	if (!staff_path_id(rq, &id))
		return web_fail(rq, rs, 404, "Không có lần bàn giao hay khoản chi này.");
	if (staff_read_fields(rq, keys, dst, &e) < 0)
		return one_page(rq, rs, id, 422, e.msg);
	if (staff_form_once(rq, &once) < 0)
		return one_page(rq, rs, id, 422, NO_NONCE);
	if (date == NULL)
		return one_page(rq, rs, id, 422, "Xin ghi ngày rà soát.");
	in = (struct fund_outcome_input){.disbursement_id = id, .status = status, .date = date,
					 .note = note, .once = &once};
	if (fund_outcome(rq->db, &who, &in, &oid, &e) < 0) {
		if (e.kind == ERR_NOTFOUND)
			return web_fail(rq, rs, 404, "Không có lần bàn giao hay khoản chi này.");
		return one_page(rq, rs, id, e.kind == ERR_CONFLICT ? 409 : 422, e.msg);
	}
	snprintf(loc, sizeof loc, BASE "/%lld?%s#ket-qua", (long long)id,
		 once.done ? "da-luu=1" : "ket-qua=1");
	resp_redirect(rs, loc);
	return 0;
}
