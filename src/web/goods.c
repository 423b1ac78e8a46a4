/* Goods for staff (CAP_GOODS): the stock at each stage, the form for goods
 * received, and one item's movements with the handover and distribution
 * forms.  The rules (stock never below zero, values in the ledger) are in
 * core/goods.c; these pages read the form, call it, and show the result. */
#include <stdio.h>
#include <string.h>

#include "core/money_in.h"
#include "web/listing.h"
#include "web/page.h"
#include "web/staff.h"

static int stock_row(void *ctx, const struct goods_view *g)
{
	struct html *h = ctx;
	html_printf(h, "<tr><td><a href=\"/quan-ly/hien-vat/%lld\">%s</a>", (long long)g->id,
		    g->description);
	html_raw_if(h, g->reversed, " <span class=\"tag\">đã hủy</span>");
	html_printf(h, "</td><td>%s</td><td>%s</td>", g->donor_name, g->measure);
	const int64_t n[] = {g->quantity, g->quantity - g->handed_qty, g->handed_qty - g->given_qty,
			     g->given_qty};
	for (int i = 0; i < 4; i++) {
		html_raw(h, "<td class=\"num\">");
		html_number(h, n[i]); /* 5.000 kg, as a clerk writes it */
		html_raw(h, "</td>");
	}
	html_raw(h, "<td class=\"num\">");
	html_money(h, g->value);
	html_raw(h, "</td></tr>");
	return 0;
}

int page_goods(struct web_req *rq, struct web_resp *rs)
{
	struct html h = {BUF_INIT};
	int rc = -1, any;
	page_begin(&h, rq, PAGE_STAFF, "Hiện vật", "goods");
	html_raw(&h, "<h1>Hiện vật</h1><p class=\"actions\"><a class=\"button\" "
		    "href=\"/quan-ly/hien-vat/moi\">+ Tiếp nhận hiện vật</a></p>"
		    "<div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
		    "<th scope=\"col\">Hiện vật</th><th scope=\"col\">Nhà hảo tâm</th>"
		    "<th scope=\"col\">Đơn vị tính</th><th scope=\"col\" class=\"num\">Đã nhận</th>"
		    "<th scope=\"col\" class=\"num\">Tồn tại Ban vận động</th>"
		    "<th scope=\"col\" class=\"num\">Tồn tại đơn vị quản lý quỹ</th>"
		    "<th scope=\"col\" class=\"num\">Đã phân phối</th>"
		    "<th scope=\"col\" class=\"num\">Giá trị</th></tr></thead><tbody>");
	if ((any = store_goods_each(rq->db, 0, 0, stock_row, &h, &rq->e)) < 0)
		goto cleanup;
	html_raw(&h, "</tbody></table></div>");
	html_raw_if(&h, !any, "<p class=\"empty\">Chưa tiếp nhận hiện vật nào.</p>");
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, 200, &h);
cleanup:
	buf_free(&h.b);
	return rc;
}

/* A posted form without its one-time nonce (an old page, a forged post). */
#define NO_NONCE "Biểu mẫu thiếu mã xác nhận: xin tải lại trang rồi gửi lại."

static const char *raw_or_empty(struct web_req *rq, const char *key)
{
	const char *v = web_raw(rq, key);
	return v ? v : "";
}

static int new_form(struct web_req *rq, struct web_resp *rs, int status, const char *error)
{
	const char *vb = web_raw(rq, "valued_by");
	struct html h = {BUF_INIT};
	page_begin(&h, rq, PAGE_STAFF, "Tiếp nhận hiện vật", "goods");
	html_raw(&h, "<section class=\"narrow\"><h1>Tiếp nhận hiện vật</h1>");
	if (error)
		html_notice(&h, "error", error);
	html_raw(&h, "<form method=\"post\" action=\"/quan-ly/hien-vat/moi\" class=\"form\">");
	html_csrf(&h, rq);
	staff_nonce_field(&h);
	html_printf(&h, "<label for=\"donor\">Mã nhà hảo tâm</label><input id=\"donor\" name=\"donor\" "
		    "inputmode=\"numeric\" required value=\"%s\">"
		    "<label for=\"description\">Hiện vật</label><input id=\"description\" "
		    "name=\"description\" required maxlength=\"300\" value=\"%s\">"
		    "<label for=\"quantity\">Số lượng</label><input id=\"quantity\" name=\"quantity\" "
		    "inputmode=\"numeric\" required value=\"%s\">"
		    "<label for=\"measure\">Đơn vị tính</label><input id=\"measure\" name=\"measure\" "
		    "required maxlength=\"40\" value=\"%s\">"
		    "<label for=\"value\">Giá trị (đồng)</label><input id=\"value\" name=\"value\" "
		    "required value=\"%s\"><label for=\"valued_by\">Định giá theo</label>"
		    "<select id=\"valued_by\" name=\"valued_by\">",
		    raw_or_empty(rq, "donor"), raw_or_empty(rq, "description"),
		    raw_or_empty(rq, "quantity"), raw_or_empty(rq, "measure"), raw_or_empty(rq, "value"));
	html_options(&h, goods_valuations, vb, NULL);
	html_printf(&h, "</select><label for=\"date\">Ngày nhận</label><input id=\"date\" name=\"date\" "
		    "placeholder=\"dd/mm/yyyy\" value=\"%s\"><button type=\"submit\" class=\"primary\">"
		    "Lưu</button></form></section>", raw_or_empty(rq, "date"));
	page_end(&h, rq, PAGE_STAFF);
	int rc = page_send(rs, status, &h);
	buf_free(&h.b);
	return rc;
}

int page_goods_new(struct web_req *rq, struct web_resp *rs)
{
	return new_form(rq, rs, 200, NULL);
}

int post_goods_new(struct web_req *rq, struct web_resp *rs)
{
	struct goods_input in = {0};
	struct actor who = {rq->who.row.name};
	struct buf receipt = BUF_INIT;
	struct err e = {0};
	char *description, *quantity, *measure, *value, *valued_by, *date, loc[64];
	static const char *const keys[] = {"description", "quantity", "measure", "value",
					   "valued_by", "date", NULL};
	char **dst[] = {&description, &quantity, &measure, &value, &valued_by, &date};
	int64_t donor, item;
	int rc;

	if (web_int(rq, "donor", "Mã nhà hảo tâm", 1, INT64_MAX, 0, &donor, &e) < 0 ||
	    staff_read_fields(rq, keys, dst, &e) < 0)
		return new_form(rq, rs, 422, e.msg);
	if (donor == 0)
		return new_form(rq, rs, 422, "Xin nhập mã nhà hảo tâm.");
	struct form_once once;
	if (staff_form_once(rq, &once) < 0)
		return new_form(rq, rs, 422, NO_NONCE);
	in.once = &once;
	in.donor_id = donor;
	in.description = description;
	in.quantity = quantity;
	in.measure = measure;
	in.value = value;
	in.valued_by = valued_by;
	in.date = date;
	if (goods_receive(rq->db, &who, &in, &item, &receipt, &e) < 0) {
		rc = new_form(rq, rs, 422, e.msg);
	} else {
		/* a form sent again finds the item the first one made */
		snprintf(loc, sizeof loc, "/quan-ly/hien-vat/%lld%s", (long long)item,
			 once.done ? "?da-luu=1" : "");
		resp_redirect(rs, loc);
		rc = 0;
	}
	buf_free(&receipt);
	return rc;
}

static int item_head(void *ctx, const struct goods_view *g)
{
	struct html *h = ctx;
	html_printf(h, "<h1>%s</h1><dl class=\"facts\"><dt>Nhà hảo tâm</dt><dd>%s</dd>"
		    "<dt>Biên nhận</dt><dd>%s</dd><dt>Ngày nhận</dt><dd>", g->description,
		    g->donor_name, g->receipt_no);
	html_date(h, g->date);
	html_raw(h, "</dd><dt>Số lượng</dt><dd>");
	html_number(h, g->quantity);
	html_printf(h, " %s</dd><dt>Giá trị</dt><dd>", g->measure);
	html_money(h, g->value);
	html_printf(h, " (định giá: %s)</dd><dt>Tồn tại Ban vận động</dt><dd>",
		    code_label(goods_valuations, g->valued_by));
	html_number(h, g->quantity - g->handed_qty);
	html_raw(h, "</dd><dt>Tồn tại đơn vị quản lý quỹ</dt><dd>");
	html_number(h, g->handed_qty - g->given_qty);
	html_raw(h, "</dd><dt>Đã phân phối</dt><dd>");
	html_number(h, g->given_qty);
	html_raw(h, "</dd></dl>");
	return 0;
}

static int move_row(void *ctx, const struct goods_movement_row *m)
{
	struct html *h = ctx;
	html_raw(h, "<tr><td>");
	html_date(h, m->date);
	html_printf(h, "</td><td>%s</td><td class=\"num\">", code_label(goods_movements, m->kind));
	html_number(h, m->quantity);
	html_raw(h, "</td><td class=\"num\">");
	html_money(h, m->value);
	/* a handover's recipient is always the fund manager */
	html_printf(h, "</td><td>%s</td><td>%s</td></tr>",
		    m->recipient ? m->recipient : !strcmp(m->kind, "handover") ? "Đơn vị quản lý quỹ" : "",
		    m->document ? m->document : "");
	return 0;
}

static int item_page(struct web_req *rq, struct web_resp *rs, int64_t id, int status,
		     const char *error)
{
	struct html h = {BUF_INIT};
	int rc = -1, found;
	page_begin(&h, rq, PAGE_STAFF, "Hiện vật", "goods");
	if ((found = store_goods_each(rq->db, 0, id, item_head, &h, &rq->e)) <= 0) {
		buf_free(&h.b);
		return found < 0 ? -1 : web_fail(rq, rs, 404, "Không có hiện vật này.");
	}
	if (error)
		html_notice(&h, "error", error);
	else if (web_raw(rq, "da-luu"))
		html_notice(&h, "info", "Biểu mẫu này đã được gửi từ lần bấm trước; không ghi thêm lần nữa.");
	html_raw(&h, "<h2>Bàn giao và phân phối</h2><div class=\"table-wrap\"><table class=\"list\">"
		    "<thead><tr><th scope=\"col\">Ngày</th><th scope=\"col\">Loại</th>"
		    "<th scope=\"col\" class=\"num\">Số lượng</th><th scope=\"col\" class=\"num\">"
		    "Giá trị</th><th scope=\"col\">Người nhận</th><th scope=\"col\">Chứng từ</th>"
		    "</tr></thead><tbody>");
	if (store_goods_movements(rq->db, id, move_row, &h, &rq->e) < 0)
		goto cleanup;
	html_printf(&h, "</tbody></table></div><h2>Bàn giao cho đơn vị quản lý quỹ</h2>"
		    "<form method=\"post\" action=\"/quan-ly/hien-vat/%lld/ban-giao\" class=\"form\">",
		    (long long)id);
	html_csrf(&h, rq);
	staff_nonce_field(&h);
	html_raw(&h, "<label for=\"hq\">Số lượng</label><input id=\"hq\" name=\"quantity\" "
		    "inputmode=\"numeric\" required><label for=\"hd\">Biên bản bàn giao số</label>"
		    "<input id=\"hd\" name=\"document\" maxlength=\"100\"><label for=\"hdate\">Ngày</label>"
		    "<input id=\"hdate\" name=\"date\" placeholder=\"dd/mm/yyyy\">"
		    "<button type=\"submit\" class=\"primary\">Bàn giao</button></form>");
	html_printf(&h, "<h2>Phân phối cho người nhận</h2><form method=\"post\" "
		    "action=\"/quan-ly/hien-vat/%lld/phan-phoi\" class=\"form\">", (long long)id);
	html_csrf(&h, rq);
	staff_nonce_field(&h);
	html_raw(&h, "<label for=\"dq\">Số lượng</label><input id=\"dq\" name=\"quantity\" "
		    "inputmode=\"numeric\" required><label for=\"dk\">Người nhận là</label>"
		    "<select id=\"dk\" name=\"to\">");
	html_options(&h, goods_recipients, NULL, NULL);
	html_raw(&h, "</select><label for=\"dr\">Người nhận (tên hộ, tên người hoặc mã đơn vị)</label>"
		    "<input id=\"dr\" name=\"recipient\" required maxlength=\"300\">"
		    "<label for=\"dd\">Quyết định / chứng từ số</label><input id=\"dd\" name=\"document\" "
		    "maxlength=\"100\"><label for=\"ddate\">Ngày</label><input id=\"ddate\" name=\"date\" "
		    "placeholder=\"dd/mm/yyyy\"><button type=\"submit\" class=\"primary\">Phân phối"
		    "</button></form>");
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, status, &h);
cleanup:
	buf_free(&h.b);
	return rc;
}

int page_goods_item(struct web_req *rq, struct web_resp *rs)
{
	int64_t id;
	if (!staff_path_id(rq, &id))
		return web_fail(rq, rs, 404, "Không có hiện vật này.");
	return item_page(rq, rs, id, 200, NULL);
}

static int post_move(struct web_req *rq, struct web_resp *rs, int distribute)
{
	struct goods_move_input in = {0};
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	char *quantity, *date, *document, *to, *recipient, loc[64];
	static const char *const keys[] = {"quantity", "date", "document", "to", "recipient", NULL};
	char **dst[] = {&quantity, &date, &document, &to, &recipient};
	int64_t id, mid;

	if (!staff_path_id(rq, &id))
		return web_fail(rq, rs, 404, "Không có hiện vật này.");
	if (staff_read_fields(rq, keys, dst, &e) < 0)
		return item_page(rq, rs, id, 422, e.msg);
	struct form_once once;
	if (staff_form_once(rq, &once) < 0)
		return item_page(rq, rs, id, 422, NO_NONCE);
	in.once = &once;
	in.item_id = id;
	in.quantity = quantity;
	in.date = date;
	in.document = document;
	in.recipient_kind = to;
	in.recipient = recipient;
	if ((distribute ? goods_distribute : goods_handover)(rq->db, &who, &in, &mid, &e) < 0) {
		if (e.kind == ERR_NOTFOUND)
			return web_fail(rq, rs, 404, "Không có hiện vật này.");
		return item_page(rq, rs, id, 422, e.msg);
	}
	snprintf(loc, sizeof loc, "/quan-ly/hien-vat/%lld%s", (long long)id,
		 once.done ? "?da-luu=1" : "");
	resp_redirect(rs, loc);
	return 0;
}

int post_goods_handover(struct web_req *rq, struct web_resp *rs)
{
	return post_move(rq, rs, 0);
}

int post_goods_distribute(struct web_req *rq, struct web_resp *rs)
{
	return post_move(rq, rs, 1);
}
