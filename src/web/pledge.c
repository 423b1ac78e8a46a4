/* Pledges for staff (R6): the collection list (filters, pages, Vietnamese
 * name order, CSV export), the new-pledge form, one pledge with its
 * schedule, the payments matched to it and its payment reference, and the
 * staff JSON API.  A unit officer sees and adds pledges of donors of its own
 * subtree only: the scope is part of the store's query (store/pledge.c).
 * The rules (amount or goods, dates, instalments) are core/pledge.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "core/core.h"
#include "core/money_in.h"
#include "doc/qr.h"
#include "web/page.h"
#include "web/staff.h"

/* ---- the collection list ---- */

static const char *const states[] = {"all", "outstanding", "due_soon", "overdue", "paid", NULL};
static const char *const state_labels[] = {"Tất cả", "Còn phải thu", "Sắp đến hạn (≤ 14 ngày)",
					   "Quá hạn", "Đã nộp đủ"};

struct list_run {
	struct html *h;
	struct buf *csv;
	const char *state;
	int64_t offset, limit, total;
	int64_t sum_amount, sum_paid, sum_left;
};

static int state_wanted(const char *want, enum pledge_state s)
{
	if (!strcmp(want, "outstanding"))
		return s != PLEDGE_PAID;
	if (!strcmp(want, "due_soon"))
		return s == PLEDGE_DUE_SOON;
	if (!strcmp(want, "overdue"))
		return s == PLEDGE_OVERDUE;
	if (!strcmp(want, "paid"))
		return s == PLEDGE_PAID;
	return 1;
}

static const char *fmt_num(char t[24], int64_t v)
{
	snprintf(t, 24, "%lld", (long long)v);
	return t;
}

static void csv_row(struct buf *b, const struct pledge_status *st)
{
	const struct pledge_view *p = st->v;
	char num[4][24];
	const char *cells[] = {
		fmt_num(num[0], p->id), st->ref, p->campaign_code, p->campaign_deadline,
		p->donor_name, p->unit_code, p->canvasser, p->pledge_date, st->next_due,
		fmt_num(num[1], p->amount), fmt_num(num[2], p->paid), fmt_num(num[3], st->outstanding),
		pledge_state_key(st->state), p->goods,
	};
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		if (i)
			buf_putc(b, ',');
		csv_put_cell(b, cells[i], 1);
	}
	buf_puts(b, "\r\n");
}

static void table_row(struct html *h, const struct pledge_status *st)
{
	const struct pledge_view *p = st->v;
	html_printf(h, "<tr class=\"state-%s\"><td><a href=\"/quan-ly/cam-ket/%lld\">%s</a></td>"
		    "<td>%s</td><td>%s</td><td>%s</td><td>", pledge_state_key(st->state),
		    (long long)p->id, st->ref, p->donor_name, p->unit_code, p->canvasser);
	html_date(h, st->next_due);
	html_raw(h, "</td><td class=\"num\">");
	html_money(h, p->amount);
	html_raw(h, "</td><td class=\"num\">");
	html_money(h, p->paid);
	html_raw(h, "</td><td class=\"num\">");
	html_money(h, st->outstanding);
	html_printf(h, "</td><td>%s</td></tr>", pledge_state_label(st->state));
}

static int list_one(void *ctx, const struct pledge_status *st)
{
	struct list_run *r = ctx;
	if (!state_wanted(r->state, st->state))
		return 0;
	r->sum_amount += st->v->amount;
	r->sum_paid += st->v->paid;
	r->sum_left += st->outstanding;
	if (r->csv)
		csv_row(r->csv, st);
	else if (r->total >= r->offset && r->total < r->offset + r->limit)
		table_row(r->h, st);
	r->total++;
	return 0;
}

/* The query string of the list's filters, for the pager and the export. */
static void filter_args(struct buf *qs, const char *state, const char *canvasser,
			const char *unit, const char *campaign)
{
	const char *keys[] = {"trang-thai", "nguoi-van-dong", "don-vi", "cuoc"};
	const char *vals[] = {state, canvasser, unit, campaign};
	for (int i = 0; i < 4; i++) {
		if (vals[i] == NULL || !vals[i][0])
			continue;
		buf_printf(qs, "%s=", keys[i]);
		url_arg(qs, vals[i]);
		buf_putc(qs, '&');
	}
}

int page_pledges(struct web_req *rq, struct web_resp *rs)
{
	struct html h = {BUF_INIT};
	struct buf csv = BUF_INIT, qs = BUF_INIT;
	struct err e = {0};
	char *state, *canvasser, *unit, *campaign, *format;
	int64_t page;
	int rc = -1, ok = 0;

	if (web_text(rq, "trang-thai", "Tình trạng", 16, &state, &e) < 0 ||
	    web_text(rq, "nguoi-van-dong", "Người vận động", NAME_MAX_BYTES, &canvasser, &e) < 0 ||
	    web_text(rq, "don-vi", "Đơn vị", CODE_MAX, &unit, &e) < 0 ||
	    web_text(rq, "cuoc", "Cuộc vận động", CODE_MAX, &campaign, &e) < 0 ||
	    web_text(rq, "format", "Định dạng", 8, &format, &e) < 0 ||
	    web_int(rq, "page", "Trang", 1, 100000, 1, &page, &e) < 0)
		return web_fail(rq, rs, 400, e.msg);
	if (state == NULL)
		state = "outstanding";
	for (int i = 0; states[i]; i++)
		ok |= !strcmp(states[i], state);
	if (!ok)
		return web_fail(rq, rs, 400, "Tình trạng: không có lựa chọn này.");
	int want_csv = format && !strcmp(format, "csv");
	struct pledge_query q = {.campaign_code = campaign, .unit_code = unit, .canvasser = canvasser,
				 .scope_unit = rq->who.scope, .due_within = -1, .by_name = 1};
	struct list_run r = {.h = &h, .csv = want_csv ? &csv : NULL, .state = state,
			     .offset = (page - 1) * WEB_PAGE_DEFAULT, .limit = WEB_PAGE_DEFAULT};

	if (want_csv) {
		buf_puts(&csv, "\xef\xbb\xbfid,ref,campaign,deadline,donor,unit,canvasser,date,next_due,"
			       "amount,paid,outstanding,state,goods\r\n");
		if (pledge_query(rq->db, &q, list_one, &r, &e) < 0)
			goto bad_filter;
		rs->status = 200;
		rs->ctype = "text/csv; charset=utf-8";
		resp_header(rs, "Content-Disposition", "attachment; filename=\"cam-ket.csv\"");
		buf_free(&rs->body);
		rs->body = csv;
		return 0;
	}
	page_begin(&h, rq, PAGE_STAFF, "Cam kết đóng góp", "pledges");
	html_raw(&h, "<h1>Cam kết đóng góp — theo dõi thu</h1>");
	if (rq->who.caps & CAP_PLEDGE_WRITE)
		html_raw(&h, "<p class=\"actions\"><a class=\"button\" href=\"/quan-ly/cam-ket/moi\">"
			    "+ Ghi nhận cam kết</a></p>");
	html_raw(&h, "<form class=\"search filters\" method=\"get\" action=\"/quan-ly/cam-ket\">"
		    "<label for=\"trang-thai\">Tình trạng</label><select id=\"trang-thai\" "
		    "name=\"trang-thai\">");
	for (int i = 0; states[i]; i++)
		html_printf(&h, "<option value=\"%s\"%s>%s</option>", states[i],
			    !strcmp(states[i], state) ? " selected" : "", state_labels[i]);
	html_printf(&h, "</select><label for=\"nguoi-van-dong\">Người vận động</label>"
		    "<input id=\"nguoi-van-dong\" name=\"nguoi-van-dong\" value=\"%s\">"
		    "<label for=\"don-vi\">Mã đơn vị (cả các đơn vị trực thuộc)</label>"
		    "<input id=\"don-vi\" name=\"don-vi\" value=\"%s\">"
		    "<label for=\"cuoc\">Mã cuộc vận động</label><input id=\"cuoc\" name=\"cuoc\" "
		    "value=\"%s\"><button type=\"submit\">Lọc</button></form>",
		    canvasser ? canvasser : "", unit ? unit : "", campaign ? campaign : "");
	html_raw(&h, "<div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
		    "<th scope=\"col\">Mã thanh toán</th><th scope=\"col\">Nhà hảo tâm</th>"
		    "<th scope=\"col\">Đơn vị</th><th scope=\"col\">Người vận động</th>"
		    "<th scope=\"col\">Hạn kế tiếp</th><th scope=\"col\" class=\"num\">Đăng ký</th>"
		    "<th scope=\"col\" class=\"num\">Đã nộp</th><th scope=\"col\" class=\"num\">Còn lại</th>"
		    "<th scope=\"col\">Tình trạng</th></tr></thead><tbody>");
	if (pledge_query(rq->db, &q, list_one, &r, &e) < 0)
		goto bad_filter;
	html_raw(&h, "</tbody><tfoot><tr><th scope=\"row\" colspan=\"5\">Cộng</th><td class=\"num\">");
	html_money(&h, r.sum_amount);
	html_raw(&h, "</td><td class=\"num\">");
	html_money(&h, r.sum_paid);
	html_raw(&h, "</td><td class=\"num\">");
	html_money(&h, r.sum_left);
	html_raw(&h, "</td><td></td></tr></tfoot></table></div>");
	if (r.total == 0)
		html_raw(&h, "<p class=\"empty\">Không có cam kết nào khớp.</p>");
	filter_args(&qs, state, canvasser, unit, campaign);
	html_printf(&h, "<p>%lld cam kết. <a href=\"/quan-ly/cam-ket?%sformat=csv\">Tải danh sách "
		    "(CSV)</a></p>", (long long)r.total, buf_cstr(&qs));
	int64_t pages = (r.total + WEB_PAGE_DEFAULT - 1) / WEB_PAGE_DEFAULT;
	if (pages > 1) {
		html_raw(&h, "<nav class=\"pager\" aria-label=\"Phân trang\">");
		if (page > 1)
			html_printf(&h, "<a rel=\"prev\" href=\"/quan-ly/cam-ket?%spage=%lld\">← Trang "
				    "trước</a>", buf_cstr(&qs), (long long)(page - 1));
		html_printf(&h, "<span>Trang %lld / %lld</span>", (long long)page, (long long)pages);
		if (page < pages)
			html_printf(&h, "<a rel=\"next\" href=\"/quan-ly/cam-ket?%spage=%lld\">Trang sau "
				    "→</a>", buf_cstr(&qs), (long long)(page + 1));
		html_raw(&h, "</nav>");
	}
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, 200, &h);
	goto cleanup;
bad_filter:
	/* an unknown unit or campaign code is the caller's mistake */
	rc = web_fail(rq, rs, 400, e.msg);
cleanup:
	buf_free(&h.b);
	buf_free(&qs);
	if (want_csv)
		buf_free(&csv);
	return rc;
}

/* ---- one pledge ---- */

struct one {
	int found;
	struct pledge_status st;
	struct pledge_view v;
	struct buf strings;
};

/* Copies the row out of the store's statement. */
static int take_one(void *ctx, const struct pledge_status *st)
{
	struct one *o = ctx;
	const char *const *src[] = {&st->v->campaign_code, &st->v->donor_name, &st->v->made_at,
		&st->v->pledge_date, &st->v->due_date, &st->v->canvasser, &st->v->note,
		&st->v->goods, &st->v->campaign_deadline, &st->v->unit_code, &st->v->unit_name,
		&st->v->schedule};
	size_t off[sizeof src / sizeof src[0]];
	o->found = 1;
	o->st = *st;
	o->v = *st->v;
	o->st.v = &o->v;
	for (size_t i = 0; i < sizeof src / sizeof src[0]; i++) {
		off[i] = o->strings.len;
		buf_puts(&o->strings, *src[i]);
		buf_putc(&o->strings, '\0');
	}
	const char **dst[] = {&o->v.campaign_code, &o->v.donor_name, &o->v.made_at,
		&o->v.pledge_date, &o->v.due_date, &o->v.canvasser, &o->v.note, &o->v.goods,
		&o->v.campaign_deadline, &o->v.unit_code, &o->v.unit_name, &o->v.schedule};
	for (size_t i = 0; i < sizeof dst / sizeof dst[0]; i++)
		*dst[i] = o->strings.p + off[i];
	return 0;
}

static int payment_row(void *ctx, const struct contribution_view *c)
{
	struct html *h = ctx;
	html_printf(h, "<tr><td><a href=\"/quan-ly/dong-gop/%lld\">%s</a></td><td>",
		    (long long)c->id, c->receipt_no);
	html_date(h, c->date);
	html_printf(h, "</td><td>%s</td><td>%s</td><td class=\"num\">", channel_label(c->channel),
		    c->bank_ref);
	html_money(h, c->amount);
	html_printf(h, "</td><td>%s</td></tr>", c->reversal_entry ? "Đã hủy" : "");
	return 0;
}

static void schedule_table(struct html *h, const struct pledge_view *v)
{
	const char *p = v->schedule;
	int64_t cum = 0;
	int n = 0;
	if (!p[0])
		return;
	html_raw(h, "<h2>Lịch nộp</h2><div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
		    "<th scope=\"col\">Đợt</th><th scope=\"col\">Hạn</th>"
		    "<th scope=\"col\" class=\"num\">Số tiền</th><th scope=\"col\">Đã đủ</th>"
		    "</tr></thead><tbody>");
	while (p && *p) {
		char due[DATE_MAX];
		const char *eq = strchr(p, '=');
		if (eq == NULL || eq - p != DATE_MAX - 1)
			break;
		memcpy(due, p, DATE_MAX - 1);
		due[DATE_MAX - 1] = '\0';
		int64_t amount = strtoll(eq + 1, NULL, 10);
		cum += amount;
		html_printf(h, "<tr><td>%d</td><td>", ++n);
		html_date(h, due);
		html_raw(h, "</td><td class=\"num\">");
		html_money(h, amount);
		html_printf(h, "</td><td>%s</td></tr>", v->paid >= cum ? "✓" : "");
		p = strchr(eq, ';');
		p = p ? p + 1 : NULL;
	}
	html_raw(h, "</tbody></table></div>");
}

/* The VietQR code a donor scans to pay what is still owed (amount, account
 * and the purpose "UH ASXH P001234" filled in), or why there is none. */
static void vietqr_block(struct html *h, struct web_req *rq, int64_t id, int64_t outstanding)
{
	struct pledge_qr q = {0};
	struct buf payload = BUF_INIT;
	struct err e = {0};
	html_raw(h, "<h2>Mã VietQR để chuyển khoản</h2>");
	if (outstanding <= 0) {
		html_raw(h, "<p class=\"muted\">Cam kết đã nộp đủ: không cần mã chuyển khoản.</p>");
	} else if (pledge_vietqr(rq->db, id, &q, &payload, &e) < 0) {
		html_raw(h, "<p class=\"muted\">Chưa có mã: chưa khai báo tài khoản thu của đơn vị "
			    "hoặc cuộc vận động (lệnh <code>ansinh account set</code>).</p>");
	} else {
		html_printf(h, "<div class=\"vietqr\"><img src=\"/quan-ly/cam-ket/%lld/vietqr.svg\" "
			    "width=\"220\" height=\"220\" alt=\"Mã VietQR chuyển khoản %s\">"
			    "<p>Tài khoản <strong>%s</strong> — %s<br>Số tiền: ",
			    (long long)id, q.reference, q.account, q.account_name);
		html_money(h, q.amount);
		html_printf(h, "<br>Nội dung: <strong>%s</strong></p></div>", q.purpose);
	}
	buf_free(&payload);
}

/* The pledge's VietQR code as an SVG image, within the caller's scope. */
int page_pledge_vietqr(struct web_req *rq, struct web_resp *rs)
{
	struct one o = {0};
	struct pledge_qr q;
	struct buf payload = BUF_INIT;
	int64_t id;
	int rc = -1;

	if (!staff_path_id(rq, &id))
		return web_fail(rq, rs, 404, "Không có cam kết này.");
	struct pledge_query pq = {.id = id, .scope_unit = rq->who.scope, .due_within = -1};
	if (pledge_query(rq->db, &pq, take_one, &o, &rq->e) < 0)
		goto cleanup;
	if (!o.found) {
		rc = web_fail(rq, rs, 404, "Không có cam kết này trong phạm vi của bạn.");
		goto cleanup;
	}
	struct err e = {0};
	if (pledge_vietqr(rq->db, id, &q, &payload, &e) < 0) {
		rc = web_fail(rq, rs, 404, "Cam kết này không có mã VietQR.");
		goto cleanup;
	}
	if (qr_svg(&rs->body, payload.p, &rq->e) < 0)
		goto cleanup;
	rs->status = 200;
	rs->ctype = "image/svg+xml";
	rc = 0;
cleanup:
	buf_free(&payload);
	buf_free(&o.strings);
	return rc;
}

int page_pledge(struct web_req *rq, struct web_resp *rs)
{
	struct html h = {BUF_INIT};
	struct one o = {0};
	int64_t id;
	int rc = -1;

	if (!staff_path_id(rq, &id))
		return web_fail(rq, rs, 404, "Không có cam kết này.");
	struct pledge_query q = {.id = id, .scope_unit = rq->who.scope, .due_within = -1};
	if (pledge_query(rq->db, &q, take_one, &o, &rq->e) < 0)
		goto cleanup;
	if (!o.found) {
		rc = web_fail(rq, rs, 404, "Không có cam kết này trong phạm vi của bạn.");
		goto cleanup;
	}
	const struct pledge_view *v = &o.v;
	page_begin(&h, rq, PAGE_STAFF, o.st.ref, "pledges");
	html_printf(&h, "<h1>Cam kết %s — %s</h1>", o.st.ref, v->donor_name);
	if (web_raw(rq, "moi"))
		html_notice(&h, "ok", "Đã ghi nhận cam kết.");
	else if (web_raw(rq, "da-luu"))
		html_notice(&h, "info", "Cam kết này đã được lưu từ lần bấm trước; không ghi thêm.");
	html_printf(&h, "<div class=\"table-wrap\"><table class=\"facts\"><tbody>"
		    "<tr><th scope=\"row\">Mã thanh toán</th><td class=\"receipt\">%s — nội dung "
		    "chuyển khoản: <code>UH ASXH %s</code></td></tr>"
		    "<tr><th scope=\"row\">Nhà hảo tâm</th><td>%s (%s)</td></tr>"
		    "<tr><th scope=\"row\">Cuộc vận động</th><td>%s</td></tr>"
		    "<tr><th scope=\"row\">Đăng ký tại</th><td>%s</td></tr>"
		    "<tr><th scope=\"row\">Ngày đăng ký</th><td>",
		    o.st.ref, o.st.ref, v->donor_name, v->unit_name, v->campaign_code,
		    !strcmp(v->made_at, "ceremony") ? "Lễ phát động" : "Trong đợt vận động");
	html_date(&h, v->pledge_date);
	html_raw(&h, "</td></tr><tr><th scope=\"row\">Số tiền đăng ký</th><td class=\"amount\">");
	html_money(&h, v->amount);
	html_raw(&h, "</td></tr><tr><th scope=\"row\">Đã nộp</th><td>");
	html_money(&h, v->paid);
	html_raw(&h, "</td></tr><tr><th scope=\"row\">Còn lại</th><td class=\"amount\">");
	html_money(&h, o.st.outstanding);
	html_printf(&h, "</td></tr><tr><th scope=\"row\">Tình trạng</th><td>%s",
		    pledge_state_label(o.st.state));
	if (o.st.next_due[0]) {
		html_raw(&h, " — hạn kế tiếp ");
		html_date(&h, o.st.next_due);
		html_raw(&h, ", phải nộp ");
		html_money(&h, o.st.due_amount);
	}
	html_raw(&h, "</td></tr><tr><th scope=\"row\">Hạn thu dứt điểm của cuộc vận động</th><td>");
	html_date(&h, v->campaign_deadline);
	html_printf(&h, "</td></tr><tr><th scope=\"row\">Người vận động</th><td>%s</td></tr>",
		    v->canvasser);
	if (v->goods[0])
		html_printf(&h, "<tr><th scope=\"row\">Hiện vật</th><td>%s</td></tr>", v->goods);
	if (v->note[0])
		html_printf(&h, "<tr><th scope=\"row\">Ghi chú</th><td>%s</td></tr>", v->note);
	html_raw(&h, "</tbody></table></div>");
	vietqr_block(&h, rq, id, o.st.outstanding);
	schedule_table(&h, v);
	html_raw(&h, "<h2>Các khoản đã nộp theo cam kết</h2><div class=\"table-wrap\">"
		    "<table class=\"list\"><thead><tr><th scope=\"col\">Biên nhận</th>"
		    "<th scope=\"col\">Ngày</th><th scope=\"col\">Hình thức</th>"
		    "<th scope=\"col\">Mã giao dịch</th><th scope=\"col\" class=\"num\">Số tiền</th>"
		    "<th scope=\"col\"></th></tr></thead><tbody>");
	if (store_pledge_payments(rq->db, id, payment_row, &h, &rq->e) < 0)
		goto cleanup;
	html_raw(&h, "</tbody></table></div><p><a href=\"/quan-ly/cam-ket\">← Danh sách cam kết</a></p>");
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, 200, &h);
cleanup:
	buf_free(&h.b);
	buf_free(&o.strings);
	return rc;
}

/* ---- the new-pledge form ---- */

static const char *typed(struct web_req *rq, const char *key)
{
	const char *v = web_raw(rq, key);
	return v ? v : "";
}

static int pledge_form(struct web_req *rq, struct web_resp *rs, int status, const char *error)
{
	struct html h = {BUF_INIT};
	struct buf nonce = BUF_INIT;
	const char *at = typed(rq, "at");
	secret_new(&nonce, "");
	page_begin(&h, rq, PAGE_STAFF, "Ghi nhận cam kết", "pledges");
	html_raw(&h, "<section class=\"narrow\"><h1>Ghi nhận cam kết đóng góp</h1>");
	if (error)
		html_notice(&h, "error", error);
	html_raw(&h, "<form method=\"post\" action=\"/quan-ly/cam-ket/moi\" class=\"form\">");
	html_csrf(&h, rq);
	html_printf(&h, "<input type=\"hidden\" name=\"nonce\" value=\"%s\">"
		    "<label for=\"donor\">Mã nhà hảo tâm (tìm ở trang Nhà hảo tâm)</label>"
		    "<input id=\"donor\" name=\"donor\" required inputmode=\"numeric\" value=\"%s\">"
		    "<label for=\"amount\">Số tiền đăng ký (đồng)</label>"
		    "<input id=\"amount\" name=\"amount\" inputmode=\"numeric\" value=\"%s\" "
		    "placeholder=\"10.000.000\">"
		    "<label for=\"goods\">Hiện vật (nếu có)</label><input id=\"goods\" name=\"goods\" "
		    "maxlength=\"300\" value=\"%s\">"
		    "<label for=\"at\">Đăng ký tại</label><select id=\"at\" name=\"at\">"
		    "<option value=\"campaign\">Trong đợt vận động</option>"
		    "<option value=\"ceremony\"%s>Lễ phát động</option></select>"
		    "<label for=\"date\">Ngày đăng ký (dd/mm/yyyy)</label><input id=\"date\" "
		    "name=\"date\" value=\"%s\">"
		    "<label for=\"due\">Hạn nộp (để trống: hạn thu của cuộc vận động)</label>"
		    "<input id=\"due\" name=\"due\" value=\"%s\">"
		    "<label for=\"instalments\">Hoặc nộp nhiều đợt: ngày=số tiền;ngày=số tiền</label>"
		    "<input id=\"instalments\" name=\"instalments\" value=\"%s\" "
		    "placeholder=\"15/02/2020=5.000.000;15/03/2020=5.000.000\">"
		    "<label for=\"canvasser\">Người vận động</label><input id=\"canvasser\" "
		    "name=\"canvasser\" maxlength=\"300\" value=\"%s\">"
		    "<label for=\"campaign\">Mã cuộc vận động (để trống: theo ngày)</label>"
		    "<input id=\"campaign\" name=\"campaign\" value=\"%s\">"
		    "<label for=\"note\">Ghi chú</label><input id=\"note\" name=\"note\" "
		    "maxlength=\"1000\" value=\"%s\">"
		    "<button type=\"submit\" class=\"primary\">Lưu cam kết</button></form></section>",
		    nonce.p, typed(rq, "donor"), typed(rq, "amount"), typed(rq, "goods"),
		    !strcmp(at, "ceremony") ? " selected" : "", typed(rq, "date"), typed(rq, "due"),
		    typed(rq, "instalments"), typed(rq, "canvasser"), typed(rq, "campaign"),
		    typed(rq, "note"));
	page_end(&h, rq, PAGE_STAFF);
	buf_free(&nonce);
	return page_send(rs, status, &h);
}

int page_pledge_new(struct web_req *rq, struct web_resp *rs)
{
	return pledge_form(rq, rs, 200, NULL);
}

/* Reads the fields shared by the form and the API into in (strings owned
 * by rq); 0, or -1 with the message in e. */
static int pledge_fields(struct web_req *rq, struct pledge_input *in, struct donor_card *d,
			 struct err *e)
{
	char *donor, *amount, *campaign, *goods, *at, *date, *due, *canvasser, *note, *inst;
	int64_t donor_id;
	int found;

	if (web_int(rq, "donor", field_label(rq, "donor", "Mã nhà hảo tâm"), 1, INT64_MAX / 2, 0,
		    &donor_id, e) < 0 ||
	    web_text(rq, "donor", "donor", 24, &donor, e) < 0 ||
	    web_text(rq, "amount", field_label(rq, "amount", "Số tiền"), 64, &amount, e) < 0 ||
	    web_text(rq, "campaign", "campaign", CODE_MAX, &campaign, e) < 0 ||
	    web_text(rq, "goods", "goods", 300, &goods, e) < 0 ||
	    web_text(rq, "at", "at", 16, &at, e) < 0 ||
	    web_text(rq, "date", "date", 32, &date, e) < 0 ||
	    web_text(rq, "due", "due", 32, &due, e) < 0 ||
	    web_text(rq, "instalments", "instalments", 1000, &inst, e) < 0 ||
	    web_text(rq, "canvasser", "canvasser", NAME_MAX_BYTES, &canvasser, e) < 0 ||
	    web_text(rq, "note", "note", 1000, &note, e) < 0)
		return -1;
	if (donor_id == 0)
		return err_fail(e, "%s: required (a donor id)", field_label(rq, "donor", "Mã nhà hảo tâm"));
	if ((found = staff_donor_get(rq, donor_id, d)) < 0)
		return -2;
	if (!found)
		return err_fail(e, "%s: no such donor in your scope",
				field_label(rq, "donor", "Mã nhà hảo tâm"));
	in->donor_id = donor;
	in->amount = amount ? amount : "0";
	in->campaign_code = campaign;
	in->goods = goods;
	in->made_at = at;
	in->date = date;
	in->due = due;
	in->instalments = inst;
	in->canvasser = canvasser;
	in->note = note;
	return 0;
}

/* The core names options as the command line does (--amount): not here. */
static const char *no_dashes(const char *msg)
{
	while (*msg == '-')
		msg++;
	return msg;
}

int post_pledge_new(struct web_req *rq, struct web_resp *rs)
{
	struct pledge_input in = {0};
	struct donor_card d;
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	char loc[96];
	int64_t id;
	int rc = pledge_fields(rq, &in, &d, &e);

	if (rc == -2)
		return -1;
	if (rc < 0)
		return pledge_form(rq, rs, 422, e.msg);
	in.nonce = web_raw(rq, "nonce");
	if (in.nonce && (strlen(in.nonce) < 16 || strlen(in.nonce) > 64))
		in.nonce = NULL;
	in.user_id = rq->who.row.user_id;
	if ((rc = pledge_add(rq->db, &who, &in, &id, &e)) < 0) {
		char msg[ERR_MSG_MAX + 40];
		snprintf(msg, sizeof msg, "Không lưu được: %s", no_dashes(e.msg));
		return pledge_form(rq, rs, 422, msg);
	}
	snprintf(loc, sizeof loc, "/quan-ly/cam-ket/%lld?%s", (long long)id,
		 rc == 1 ? "da-luu=1" : "moi=1");
	resp_redirect(rs, loc);
	return 0;
}

int api_pledge_add(struct web_req *rq, struct web_resp *rs)
{
	struct pledge_input in = {0};
	struct donor_card d;
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	int64_t id;
	int rc = pledge_fields(rq, &in, &d, &e);

	if (rc == -2)
		return -1;
	if (rc < 0)
		return web_fail(rq, rs, 422, e.msg);
	if (pledge_add(rq->db, &who, &in, &id, &e) < 0)
		return web_fail(rq, rs, 422, no_dashes(e.msg));
	struct buf b = BUF_INIT;
	char ref[16];
	pledge_ref(ref, id);
	buf_printf(&b, "{\"id\":%lld,\"ref\":\"%s\"}\n", (long long)id, ref);
	resp_json(rs, 201, &b);
	return 0;
}
