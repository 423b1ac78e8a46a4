/* Contributions for staff: the list, the entry form (donor look-up, amount
 * typed as 5.000.000, a preview with the amount in words before anything is
 * saved), one contribution with its reversal form, and the JSON API.
 *
 * Entry is two steps.  "Xem trước" checks everything and shows what will be
 * written, with a one-time nonce; "Lưu" checks everything again (the
 * preview is not trusted) and saves the contribution together with the
 * nonce in one transaction, so a double click records the money once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "core/core.h"
#include "text/date.h"
#include "text/money.h"
#include "web/listing.h"
#include "web/page.h"
#include "web/portal.h"
#include "web/staff.h"

/* ---- the list ---- */

static const struct lcol contribution_cols[] = {
	{"Ngày", LC_DATE}, {"Biên nhận", LC_CODE}, {"Nhà hảo tâm", LC_TEXT}, {"Đơn vị", LC_CODE},
	{"Hình thức", LC_TEXT}, {"Số tiền", LC_MONEY}, {"Ẩn danh trên cổng", LC_TEXT},
	{"Tình trạng", LC_TEXT}, {"Ghi chú", LC_TEXT},
};

static int contribution_csv_row(void *ctx, const struct contribution_view *c)
{
	char amount[24];
	snprintf(amount, sizeof amount, "%lld", (long long)c->amount);
	const char *vals[] = {c->date, c->receipt_no, c->donor_name, c->unit_code,
		channel_label(c->channel), amount, c->anonymous || !c->publish_name ? "có" : "",
		c->reversal_entry ? "Đã hủy" : "", c->note};
	listing_row(ctx, vals, NULL, 0);
	return 0;
}

/* Every contribution the list's filters match, as CSV. */
static int contributions_csv(struct web_req *rq, struct web_resp *rs, struct web_list_query *lq,
			     const char *campaign)
{
	struct listing l;
	int64_t total;
	int rc = -1;
	listing_begin(&l, rq, NULL, contribution_cols, 9);
	listing_title(&l, "Danh sách đóng góp", campaign);
	lq->limit = 0;
	lq->offset = 0;
	if (store_web_staff_contributions(rq->db, lq, contribution_csv_row, &l, &total, &rq->e) == 0)
		rc = listing_send_csv(&l, rs, "dong-gop.csv");
	listing_free(&l);
	return rc;
}

/* A search counts this many rows at most ("Hơn 2.000 khoản"); a page
 * deeper than STAFF_OFFSET_MAX rows is not read (the export has them all). */
#define STAFF_COUNT_CAP 2000
#define STAFF_OFFSET_MAX 10000

/* How many rows the list holds: without a search, the portal's counters of
 * standing rows in the scope plus the few reversed ones; with one, a count
 * that stops past STAFF_COUNT_CAP (*capped then 1). */
static int contributions_total(struct web_req *rq, const struct portal_data *d,
			       const struct web_list_query *lq, int searching, int64_t *total,
			       int *capped)
{
	int64_t reversed;
	*capped = 0;
	if (searching) {
		if (store_web_staff_count(rq->db, lq, STAFF_COUNT_CAP, total, &rq->e) < 0)
			return -1;
		if (*total > STAFF_COUNT_CAP) {
			*total = STAFF_COUNT_CAP;
			*capped = 1;
		}
		return 0;
	}
	if (store_web_staff_reversed(rq->db, lq, &reversed, &rq->e) < 0)
		return -1;
	*total = portal_unit_rows(d, lq->scope_unit) + reversed;
	return 0;
}

int page_contributions(struct web_req *rq, struct web_resp *rs)
{
	struct html h = {BUF_INIT};
	struct buf match = BUF_INIT;
	struct err e = {0};
	char *q;
	int64_t page, total;
	int capped, rc = -1;
	const struct portal_data *d;

	if (web_text(rq, "q", "Từ khóa", 200, &q, &e) < 0 ||
	    web_int(rq, "page", "Trang", 1, 1000000, 1, &page, &e) < 0)
		return web_fail(rq, rs, 400, e.msg);
	if ((d = portal_data_get(rq->db, &rq->e)) == NULL)
		return -1;
	const struct campaign_row c = d->c;
	page_begin(&h, rq, PAGE_STAFF, "Đóng góp", "contributions");
	html_raw(&h, "<h1>Các khoản đóng góp</h1>");
	if (!d->found) {
		html_raw(&h, "<p>Chưa có cuộc vận động nào.</p>");
		goto done;
	}
	html_printf(&h, "<p class=\"lead\">%s</p>", c.name);
	if (rq->who.caps & CAP_CONTRIB_WRITE)
		html_raw(&h, "<p class=\"actions\"><a class=\"button primary\" href=\"/quan-ly/dong-gop/moi\">"
			    "+ Nhập khoản đóng góp</a></p>");
	html_printf(&h, "<form class=\"search\" method=\"get\" action=\"/quan-ly/dong-gop\" role=\"search\">"
		    "<label for=\"q\">Tìm theo tên nhà hảo tâm, mã số thuế hoặc số biên nhận</label>"
		    "<div class=\"search-row\"><input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" "
		    "autocomplete=\"off\"><button type=\"submit\">Tìm</button></div></form>", q ? q : "");
	struct web_list_query lq = {.campaign_id = c.id, .scope_unit = rq->who.scope,
				    .limit = WEB_PAGE_DEFAULT, .offset = (page - 1) * WEB_PAGE_DEFAULT};
	if (q && search_match(&match, q) > 0)
		lq.match = match.p;
	lq.receipt = q;
	if (listing_wants_csv(rq)) {
		portal_data_release(); /* a long read: the figures may move on meanwhile */
		d = NULL;
		rc = contributions_csv(rq, rs, &lq, c.name);
		goto cleanup;
	}
	listing_csv_link(&h, rq, "/quan-ly/dong-gop");
	if (contributions_total(rq, d, &lq, q != NULL, &total, &capped) < 0)
		goto cleanup;
	if (lq.offset > STAFF_OFFSET_MAX)
		html_printf(&h, "<p class=\"empty\">Chỉ xem được %d khoản đầu tiên theo trang. Hãy tìm theo "
			    "tên nhà hảo tâm hoặc số biên nhận, hoặc xuất cả danh sách ra Excel.</p>",
			    STAFF_OFFSET_MAX);
	else if (staff_contribution_table(rq, &h, &lq, q && !capped) < 0)
		goto cleanup;
	html_raw(&h, "<p class=\"count\">");
	html_raw_if(&h, capped, "Hơn ");
	html_number(&h, total);
	html_raw(&h, " khoản.</p>");
	html_pager(&h, "/quan-ly/dong-gop", q, page,
		   total < STAFF_OFFSET_MAX + WEB_PAGE_DEFAULT ? total : STAFF_OFFSET_MAX + WEB_PAGE_DEFAULT,
		   WEB_PAGE_DEFAULT);
done:
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, 200, &h);
cleanup:
	if (d)
		portal_data_release();
	buf_free(&match);
	buf_free(&h.b);
	return rc;
}

/* ---- reading an entry (form or JSON) ---- */

struct entry {
	struct donor_card donor;
	struct campaign_row campaign;
	struct unit_row unit;
	int64_t amount, pledge_id;
	char date[11];
	char *channel, *bank_ref, *goods, *qty, *note;
	int anonymous;
};

/* Reads and checks every field.  0 when the entry may be saved; 1 with a
 * message in e (the caller's mistake); -1 on a server failure. */
static int entry_read(struct web_req *rq, struct entry *en, struct err *e)
{
	char *campaign = NULL, *unit = NULL;
	int64_t donor_id;
	int present, found;

	memset(en, 0, sizeof *en);
	if (web_int(rq, "donor", field_label(rq, "donor", "Nhà hảo tâm"), 1, INT64_MAX / 2, 0,
		    &donor_id, e) < 0)
		return 1;
	if (donor_id == 0)
		return err_fail(e, rq->api ? "donor: required (a donor id)"
					   : "Xin chọn nhà hảo tâm trước."), 1;
	if ((found = staff_donor_get(rq, donor_id, &en->donor)) < 0)
		return -1;
	if (!found)
		return err_fail(e, rq->api ? "donor: no donor %lld in your scope"
					   : "Không có nhà hảo tâm số %lld trong phạm vi của bạn.",
				(long long)donor_id), 1;
	if (web_money(rq, "amount", field_label(rq, "amount", "Số tiền"), &en->amount, &present, e) < 0)
		return 1;
	if (!present || en->amount <= 0)
		return err_fail(e, rq->api ? "amount: required, more than 0"
					   : "Số tiền: xin nhập số tiền lớn hơn 0 (ví dụ 5.000.000)."), 1;
	if (en->amount > MONEY_ENTRY_MAX)
		return err_fail(e, rq->api ? "amount: more than 1.000.000 tỷ đồng in one contribution"
					   : "Số tiền: vượt quá 1.000.000 tỷ đồng cho một khoản."), 1;
	if (web_text(rq, "channel", field_label(rq, "channel", "Hình thức"), 16, &en->channel, e) < 0)
		return 1;
	if (en->channel == NULL || !channel_is_valid(en->channel))
		return err_fail(e, rq->api ? "channel: one of cash, transfer, payroll, goods"
					   : "Xin chọn hình thức đóng góp."), 1;
	if (web_date(rq, "date", field_label(rq, "date", "Ngày"), en->date, e) < 0)
		return 1;
	if (en->date[0] == '\0')
		core_today(en->date);
	if (web_text(rq, "campaign", "campaign", CODE_MAX, &campaign, e) < 0 ||
	    web_text(rq, "unit", field_label(rq, "unit", "Đơn vị"), CODE_MAX, &unit, e) < 0 ||
	    web_text(rq, "bank_ref", field_label(rq, "bank_ref", "Mã giao dịch"), 100, &en->bank_ref,
		     e) < 0 ||
	    web_text(rq, "goods", field_label(rq, "goods", "Hiện vật"), 300, &en->goods, e) < 0 ||
	    web_text(rq, "quantity", field_label(rq, "quantity", "Số lượng"), 100, &en->qty, e) < 0 ||
	    web_text(rq, "note", field_label(rq, "note", "Ghi chú"), 1000, &en->note, e) < 0 ||
	    web_int(rq, "pledge", field_label(rq, "pledge", "Số đăng ký"), 0, INT64_MAX / 2, 0,
		    &en->pledge_id, e) < 0)
		return 1;
	if (!strcmp(en->channel, "goods") && en->goods == NULL)
		return err_fail(e, rq->api ? "goods: a contribution in kind needs a description"
					   : "Hiện vật: xin ghi rõ hiện vật (ví dụ 500 kg gạo)."), 1;
	if (strcmp(en->channel, "goods") && en->goods)
		return err_fail(e, rq->api ? "goods: only contributions with channel 'goods' have goods"
					   : "Hiện vật: chỉ ghi khi hình thức là hiện vật."), 1;
	struct err why = {0};
	if (campaign_resolve(rq->db, campaign, en->date, &en->campaign, &why) < 0)
		return err_fail(e, rq->api ? "campaign: %s" : "Cuộc vận động: %s", why.msg), 1;
	if (unit) {
		if ((found = store_unit_by_code(rq->db, unit, &en->unit, &rq->e)) < 0)
			return -1;
	} else {
		found = store_unit_by_code(rq->db, en->donor.unit_code, &en->unit, &rq->e);
		if (found < 0)
			return -1;
	}
	if (found)
		found = store_web_unit_in_scope(rq->db, rq->who.scope, en->unit.id, &rq->e);
	if (found < 0)
		return -1;
	if (!found)
		return err_fail(e, rq->api ? "unit: no unit '%s' in your scope"
					   : "Đơn vị '%s' không có hoặc không thuộc phạm vi của bạn.",
				unit ? unit : en->donor.unit_code), 1;
	en->anonymous = web_flag(rq, "anonymous");
	return 0;
}

static void entry_input(const struct entry *en, struct contribution_input *in)
{
	memset(in, 0, sizeof *in);
	in->campaign_id = en->campaign.id;
	in->donor_id = en->donor.id;
	in->unit_id = en->unit.id;
	in->pledge_id = en->pledge_id;
	in->channel = en->channel;
	in->amount = en->amount;
	in->date = en->date;
	in->bank_ref = en->bank_ref;
	in->goods = en->goods;
	in->goods_qty = en->qty;
	in->note = en->note;
	in->anonymous = en->anonymous;
}

/* ---- the entry form ---- */

static void donor_card_html(struct html *h, const struct donor_card *d)
{
	html_printf(h, "<div class=\"card donor\"><strong>%s</strong>", d->name);
	html_raw_if(h, !d->publish_name, " <span class=\"tag\">không công khai tên</span>");
	html_printf(h, "<br><span class=\"muted\">%s · %s (%s)%s%s · đã đóng góp %lld lần, ",
		    donor_kind_label(d->kind), d->unit_name, d->unit_code,
		    d->tax_code[0] ? " · MST " : "", d->tax_code, (long long)d->contributions);
	html_money(h, d->given);
	html_raw(h, "</span></div>");
}

struct pick {
	struct html *h;
	int n;
};

static int pick_row(void *ctx, const struct donor_card *d)
{
	struct pick *p = ctx;
	if (p->n++ == 0)
		html_raw(p->h, "<ul class=\"picks\" id=\"donor-results\">");
	html_printf(p->h, "<li><a href=\"/quan-ly/dong-gop/moi?donor=%lld\">%s</a> <span class=\"muted\">"
		    "%s · %s%s%s</span></li>", (long long)d->id, d->name, donor_kind_label(d->kind),
		    d->unit_code, d->tax_code[0] ? " · MST " : "", d->tax_code);
	return 0;
}

/* The value a field shows: what was typed, else dflt. */
static const char *typed(struct web_req *rq, const char *key, const char *dflt)
{
	const char *v = web_raw(rq, key);
	return v ? v : dflt;
}

static int entry_form(struct web_req *rq, struct web_resp *rs, int status, const char *error,
		      const struct donor_card *donor, const char *donor_q)
{
	struct html h = {BUF_INIT};
	struct buf today_vn = BUF_INIT;
	char today[11];
	int rc = -1;

	page_begin(&h, rq, PAGE_STAFF, "Nhập đóng góp", "entry");
	html_raw(&h, "<h1>Nhập khoản đóng góp</h1>");
	if (error)
		html_notice(&h, "error", error);
	html_raw(&h, "<section class=\"step\"><h2>1. Nhà hảo tâm</h2>");
	if (donor) {
		donor_card_html(&h, donor);
		html_raw(&h, "<p><a href=\"/quan-ly/dong-gop/moi\">Chọn nhà hảo tâm khác</a></p>");
	} else {
		html_printf(&h, "<form method=\"get\" action=\"/quan-ly/dong-gop/moi\" class=\"search\" "
			    "role=\"search\"><label for=\"donor_q\">Tìm theo tên hoặc mã số thuế</label>"
			    "<div class=\"search-row\"><input id=\"donor_q\" name=\"donor_q\" type=\"search\" "
			    "value=\"%s\" autocomplete=\"off\" data-donors=\"/api/staff/donors\">"
			    "<button type=\"submit\">Tìm</button></div></form>", donor_q ? donor_q : "");
		if (donor_q) {
			struct pick p = {.h = &h};
			int more;
			if (staff_donor_find(rq, donor_q, 20, 0, pick_row, &p, &more) < 0)
				goto cleanup;
			if (p.n)
				html_raw(&h, "</ul>");
			else
				html_raw(&h, "<p class=\"empty\" id=\"donor-results\">Không tìm thấy.</p>");
		} else {
			html_raw(&h, "<ul class=\"picks\" id=\"donor-results\"></ul>");
		}
		if (rq->who.caps & CAP_DONOR_WRITE)
			html_raw(&h, "<p>Chưa có trong danh sách? <a href=\"/quan-ly/nha-hao-tam/moi\">"
				    "Thêm nhà hảo tâm mới</a></p>");
	}
	html_raw(&h, "</section>");
	if (donor == NULL)
		goto done;

	core_today(today);
	date_format_vn(&today_vn, today);
	const char *channel = typed(rq, "channel", "cash");
	html_raw(&h, "<section class=\"step\"><h2>2. Khoản đóng góp</h2>"
		    "<form method=\"post\" action=\"/quan-ly/dong-gop/moi\" class=\"form\">");
	html_csrf(&h, rq);
	html_printf(&h, "<input type=\"hidden\" name=\"donor\" value=\"%lld\">"
		    "<label for=\"amount\">Số tiền (đồng)</label><input id=\"amount\" name=\"amount\" "
		    "inputmode=\"numeric\" autocomplete=\"off\" required placeholder=\"5.000.000\" "
		    "value=\"%s\" data-words=\"/api/staff/words\" aria-describedby=\"amount-words\">"
		    "<p class=\"words\" id=\"amount-words\" aria-live=\"polite\"></p>",
		    (long long)donor->id, typed(rq, "amount", ""));
	form_select(&h, "channel", "Hình thức", contribution_channels, channel, NULL);
	html_printf(&h, "<label for=\"date\">Ngày nộp (ngày/tháng/năm)</label><input id=\"date\" "
		    "name=\"date\" required value=\"%s\">", typed(rq, "date", buf_cstr(&today_vn)));
	html_raw(&h, "<label for=\"unit\">Ghi nhận cho đơn vị</label><select id=\"unit\" name=\"unit\">");
	struct unit_row u = {0};
	const char *ucode = typed(rq, "unit", donor->unit_code);
	if (store_unit_by_code(rq->db, ucode, &u, &rq->e) < 0 || staff_unit_options(rq, &h, u.id) < 0)
		goto cleanup;
	html_printf(&h, "</select><label for=\"bank_ref\">Mã giao dịch ngân hàng (nếu chuyển khoản)</label>"
		    "<input id=\"bank_ref\" name=\"bank_ref\" maxlength=\"100\" value=\"%s\">"
		    "<label for=\"goods\">Hiện vật (nếu đóng góp bằng hiện vật)</label>"
		    "<input id=\"goods\" name=\"goods\" maxlength=\"300\" value=\"%s\">"
		    "<label for=\"quantity\">Số lượng hiện vật</label>"
		    "<input id=\"quantity\" name=\"quantity\" maxlength=\"100\" value=\"%s\">"
		    "<label for=\"pledge\">Số phiếu đăng ký (nếu nộp theo đăng ký)</label>"
		    "<input id=\"pledge\" name=\"pledge\" inputmode=\"numeric\" value=\"%s\">"
		    "<label for=\"note\">Ghi chú</label><input id=\"note\" name=\"note\" maxlength=\"1000\" "
		    "value=\"%s\"><label class=\"check\"><input type=\"checkbox\" name=\"anonymous\" "
		    "value=\"1\"%s> Nhà hảo tâm không muốn nêu tên cho khoản này</label>"
		    "<button type=\"submit\" name=\"action\" value=\"preview\" class=\"primary\">"
		    "Xem trước</button></form></section>",
		    typed(rq, "bank_ref", ""), typed(rq, "goods", ""), typed(rq, "quantity", ""),
		    typed(rq, "pledge", ""), typed(rq, "note", ""),
		    web_flag(rq, "anonymous") ? " checked" : "");
done:
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, status, &h);
cleanup:
	buf_free(&today_vn);
	buf_free(&h.b);
	return rc;
}

int page_contribution_new(struct web_req *rq, struct web_resp *rs)
{
	struct donor_card d;
	struct err e = {0};
	char *donor_q;
	int64_t id;
	int found;

	if (web_text(rq, "donor_q", "Từ khóa", 200, &donor_q, &e) < 0 ||
	    web_int(rq, "donor", "Nhà hảo tâm", 0, INT64_MAX / 2, 0, &id, &e) < 0)
		return web_fail(rq, rs, 400, e.msg);
	if (id == 0)
		return entry_form(rq, rs, 200, NULL, NULL, donor_q);
	if ((found = staff_donor_get(rq, id, &d)) < 0)
		return -1;
	if (!found)
		return web_fail(rq, rs, 404, "Không có nhà hảo tâm này trong phạm vi của bạn.");
	return entry_form(rq, rs, 200, NULL, &d, NULL);
}

static void hidden(struct html *h, const char *key, const char *value)
{
	if (value && value[0])
		html_printf(h, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", key, value);
}

static int preview(struct web_req *rq, struct web_resp *rs, const struct entry *en)
{
	struct html h = {BUF_INIT};
	struct buf words = BUF_INIT, nonce = BUF_INIT;
	struct err e = {0};
	char num[24];

	money_words(&words, en->amount, MONEY_NORTH, &e);
	secret_new(&nonce, "");
	page_begin(&h, rq, PAGE_STAFF, "Xem trước khoản đóng góp", "entry");
	html_raw(&h, "<h1>Xem trước khoản đóng góp</h1>");
	html_notice(&h, "info", "Xin kiểm tra lại. Khoản đóng góp chỉ được ghi khi bấm “Lưu”; "
				"sau khi lưu, muốn sửa phải hủy bằng bút toán đảo ngược.");
	html_raw(&h, "<div class=\"table-wrap\"><table class=\"facts\"><tbody><tr><th scope=\"row\">"
		    "Nhà hảo tâm</th><td>");
	html_printf(&h, "%s", en->donor.name);
	if (en->anonymous || !en->donor.publish_name)
		html_raw(&h, " <span class=\"tag\">sẽ hiện là “Nhà hảo tâm ẩn danh” trên cổng</span>");
	html_raw(&h, "</td></tr><tr><th scope=\"row\">Số tiền</th><td class=\"amount\">");
	html_money(&h, en->amount);
	html_printf(&h, "</td></tr><tr><th scope=\"row\">Bằng chữ</th><td class=\"words\">%s</td></tr>",
		    buf_cstr(&words));
	html_printf(&h, "<tr><th scope=\"row\">Hình thức</th><td>%s</td></tr>",
		    channel_label(en->channel));
	html_raw(&h, "<tr><th scope=\"row\">Ngày nộp</th><td>");
	html_date(&h, en->date);
	html_printf(&h, "</td></tr><tr><th scope=\"row\">Cuộc vận động</th><td>%s</td></tr>"
		    "<tr><th scope=\"row\">Ghi nhận cho đơn vị</th><td>%s (%s)</td></tr>",
		    en->campaign.name, en->unit.name, en->unit.code);
	if (en->bank_ref)
		html_printf(&h, "<tr><th scope=\"row\">Mã giao dịch</th><td>%s</td></tr>", en->bank_ref);
	if (en->goods)
		html_printf(&h, "<tr><th scope=\"row\">Hiện vật</th><td>%s %s</td></tr>", en->goods,
			    en->qty ? en->qty : "");
	if (en->pledge_id)
		html_printf(&h, "<tr><th scope=\"row\">Theo phiếu đăng ký số</th><td>%lld</td></tr>",
			    (long long)en->pledge_id);
	if (en->note)
		html_printf(&h, "<tr><th scope=\"row\">Ghi chú</th><td>%s</td></tr>", en->note);
	html_raw(&h, "</tbody></table></div>");
	if (en->amount >= INT64_C(1000000000))
		html_notice(&h, "error", "Số tiền từ 1 tỷ đồng trở lên: xin đối chiếu kỹ với chứng từ.");
	char today[11];
	const char *last = en->campaign.deadline[0] ? en->campaign.deadline : en->campaign.end;
	core_today(today);
	if (strcmp(en->date, today) > 0)
		html_notice(&h, "error", "Ngày nộp ở sau hôm nay: xin kiểm tra lại ngày.");
	else if (strcmp(en->date, en->campaign.start) < 0 || strcmp(en->date, last) > 0)
		html_notice(&h, "error", "Ngày nộp nằm ngoài thời gian của cuộc vận động: xin kiểm tra "
					 "lại ngày.");

	html_raw(&h, "<form method=\"post\" action=\"/quan-ly/dong-gop/moi\" class=\"form actions\">");
	html_csrf(&h, rq);
	snprintf(num, sizeof num, "%lld", (long long)en->donor.id);
	hidden(&h, "donor", num);
	snprintf(num, sizeof num, "%lld", (long long)en->amount);
	hidden(&h, "amount", num);
	hidden(&h, "channel", en->channel);
	struct buf d = BUF_INIT;
	date_format_vn(&d, en->date);
	hidden(&h, "date", d.p);
	buf_free(&d);
	hidden(&h, "campaign", en->campaign.code);
	hidden(&h, "unit", en->unit.code);
	hidden(&h, "bank_ref", en->bank_ref);
	hidden(&h, "goods", en->goods);
	hidden(&h, "quantity", en->qty);
	if (en->pledge_id) {
		snprintf(num, sizeof num, "%lld", (long long)en->pledge_id);
		hidden(&h, "pledge", num);
	}
	hidden(&h, "note", en->note);
	hidden(&h, "anonymous", en->anonymous ? "1" : NULL);
	hidden(&h, "nonce", nonce.p);
	html_raw(&h, "<button type=\"submit\" name=\"action\" value=\"save\" class=\"primary\">"
		    "Lưu khoản đóng góp</button> <button type=\"submit\" name=\"action\" value=\"edit\">"
		    "Sửa lại</button></form>");
	page_end(&h, rq, PAGE_STAFF);
	buf_free(&words);
	buf_free(&nonce);
	return page_send(rs, 200, &h);
}

int post_contribution_new(struct web_req *rq, struct web_resp *rs)
{
	struct entry en;
	struct contribution_input in;
	struct err e = {0};
	struct buf receipt = BUF_INIT;
	const char *action = web_raw(rq, "action");
	char loc[96];
	int64_t id;
	int already, rc;

	if (action == NULL || (strcmp(action, "preview") && strcmp(action, "save") &&
			       strcmp(action, "edit")))
		action = "preview";
	rc = entry_read(rq, &en, &e);
	if (rc < 0)
		return -1;
	if (rc > 0 || !strcmp(action, "edit")) {
		/* back to the form with what was typed */
		if (en.donor.id == 0)
			return entry_form(rq, rs, 422, e.msg, NULL, NULL);
		return entry_form(rq, rs, rc > 0 ? 422 : 200, rc > 0 ? e.msg : NULL, &en.donor, NULL);
	}
	if (!strcmp(action, "preview"))
		return preview(rq, rs, &en);
	const char *nonce = web_raw(rq, "nonce");
	if (!staff_nonce_shape(nonce))
		return entry_form(rq, rs, 422, "Biểu mẫu thiếu mã xác nhận: xin bấm “Xem trước” rồi “Lưu”.",
				  &en.donor, NULL);
	entry_input(&en, &in);
	struct actor who = {rq->who.row.name};
	if (contribution_add_once(rq->db, &who, rq->who.row.user_id, &in, nonce, &id, &receipt,
				  &already, &e) < 0) {
		char msg[ERR_MSG_MAX + 40];
		snprintf(msg, sizeof msg, "Không lưu được: %s", e.msg);
		buf_free(&receipt);
		return entry_form(rq, rs, 422, msg, &en.donor, NULL);
	}
	buf_free(&receipt);
	snprintf(loc, sizeof loc, "/quan-ly/dong-gop/%lld?%s", (long long)id,
		 already ? "da-luu=1" : "moi=1");
	resp_redirect(rs, loc);
	return 0;
}

/* ---- one contribution ---- */

static int copy_view(void *ctx, const struct contribution_view *c)
{
	struct contribution_view *v = ctx;
	*v = *c;
	/* the strings point into the statement's row: keep copies */
	v->date = xstrdup(c->date);
	v->campaign_code = xstrdup(c->campaign_code);
	v->donor_name = xstrdup(c->donor_name);
	v->donor_kind = xstrdup(c->donor_kind);
	v->unit_code = xstrdup(c->unit_code);
	v->channel = xstrdup(c->channel);
	v->receipt_no = xstrdup(c->receipt_no);
	v->bank_ref = xstrdup(c->bank_ref);
	v->goods = xstrdup(c->goods);
	v->goods_qty = xstrdup(c->goods_qty);
	v->note = xstrdup(c->note);
	return 0;
}

static void view_free(struct contribution_view *v)
{
	free((char *)v->date);
	free((char *)v->campaign_code);
	free((char *)v->donor_name);
	free((char *)v->donor_kind);
	free((char *)v->unit_code);
	free((char *)v->channel);
	free((char *)v->receipt_no);
	free((char *)v->bank_ref);
	free((char *)v->goods);
	free((char *)v->goods_qty);
	free((char *)v->note);
}

static int contribution_page(struct web_req *rq, struct web_resp *rs, int64_t id, int status,
			     const char *error)
{
	struct html h = {BUF_INIT};
	struct contribution_view v;
	struct buf words = BUF_INIT;
	struct err e = {0};
	int found;

	memset(&v, 0, sizeof v);
	if ((found = store_web_contribution_scoped(rq->db, id, rq->who.scope, copy_view, &v,
						   &rq->e)) < 0)
		return -1;
	if (!found)
		return web_fail(rq, rs, 404, "Không có khoản đóng góp này trong phạm vi của bạn.");
	money_words(&words, v.amount, MONEY_NORTH, &e);
	page_begin(&h, rq, PAGE_STAFF, v.receipt_no, "contributions");
	html_printf(&h, "<h1>Khoản đóng góp — biên nhận %s</h1>", v.receipt_no);
	if (error)
		html_notice(&h, "error", error);
	else if (web_raw(rq, "moi"))
		html_notice(&h, "ok", "Đã ghi nhận khoản đóng góp.");
	else if (web_raw(rq, "da-luu"))
		html_notice(&h, "info", "Khoản này đã được lưu từ lần bấm trước; không ghi thêm lần nữa.");
	else if (web_raw(rq, "huy"))
		html_notice(&h, "ok", "Đã hủy khoản đóng góp bằng bút toán đảo ngược.");
	html_raw(&h, "<div class=\"table-wrap\"><table class=\"facts\"><tbody>");
	html_printf(&h, "<tr><th scope=\"row\">Số biên nhận</th><td class=\"receipt\">%s", v.receipt_no);
	if ((rq->who.caps & CAP_DOC_READ) && !v.reversal_entry)
		html_printf(&h, " <a href=\"/quan-ly/bien-nhan/%s.pdf\">In biên nhận (PDF)</a>",
			    v.receipt_no);
	html_printf(&h, "</td></tr><tr><th scope=\"row\">Nhà hảo tâm</th><td>%s", v.donor_name);
	html_raw_if(&h, v.anonymous || !v.publish_name, " <span class=\"tag\">ẩn danh trên cổng</span>");
	html_raw(&h, "</td></tr><tr><th scope=\"row\">Số tiền</th><td class=\"amount\">");
	html_money(&h, v.amount);
	html_printf(&h, "</td></tr><tr><th scope=\"row\">Bằng chữ</th><td>%s</td></tr>"
		    "<tr><th scope=\"row\">Hình thức</th><td>%s</td></tr><tr><th scope=\"row\">Ngày nộp</th><td>",
		    buf_cstr(&words), channel_label(v.channel));
	html_date(&h, v.date);
	html_printf(&h, "</td></tr><tr><th scope=\"row\">Cuộc vận động</th><td>%s</td></tr>"
		    "<tr><th scope=\"row\">Đơn vị</th><td>%s</td></tr>", v.campaign_code, v.unit_code);
	if (v.bank_ref[0])
		html_printf(&h, "<tr><th scope=\"row\">Mã giao dịch</th><td>%s</td></tr>", v.bank_ref);
	if (v.goods[0])
		html_printf(&h, "<tr><th scope=\"row\">Hiện vật</th><td>%s %s</td></tr>", v.goods,
			    v.goods_qty);
	if (v.pledge_id)
		html_printf(&h, "<tr><th scope=\"row\">Theo phiếu đăng ký</th><td>%lld</td></tr>",
			    (long long)v.pledge_id);
	if (v.note[0])
		html_printf(&h, "<tr><th scope=\"row\">Ghi chú</th><td>%s</td></tr>", v.note);
	html_printf(&h, "<tr><th scope=\"row\">Tình trạng</th><td>%s</td></tr></tbody></table></div>",
		    v.reversal_entry ? "Đã hủy (bút toán đảo ngược)" : "Đang có hiệu lực");
	if (!v.reversal_entry && (rq->who.caps & CAP_CONTRIB_REVERSE)) {
		html_printf(&h, "<section class=\"danger\"><h2>Hủy khoản này</h2><p>Hủy không xóa gì: một "
			    "bút toán đảo ngược được ghi thêm, có nêu lý do, và khoản này không còn được "
			    "tính vào tổng. Khoản đúng được nhập lại như một khoản mới.</p>"
			    "<form method=\"post\" action=\"/quan-ly/dong-gop/%lld/huy\" class=\"form\">",
			    (long long)v.id);
		html_csrf(&h, rq);
		html_raw(&h, "<label for=\"reason\">Lý do hủy</label><input id=\"reason\" name=\"reason\" "
			    "required maxlength=\"500\"><button type=\"submit\" class=\"danger\">Hủy khoản "
			    "đóng góp</button></form></section>");
	}
	html_raw(&h, "<p><a href=\"/quan-ly/dong-gop\">← Danh sách đóng góp</a></p>");
	page_end(&h, rq, PAGE_STAFF);
	view_free(&v);
	buf_free(&words);
	return page_send(rs, status, &h);
}

int page_contribution(struct web_req *rq, struct web_resp *rs)
{
	int64_t id;
	if (!staff_path_id(rq, &id))
		return web_fail(rq, rs, 404, "Không có khoản đóng góp này.");
	return contribution_page(rq, rs, id, 200, NULL);
}

int post_contribution_reverse(struct web_req *rq, struct web_resp *rs)
{
	struct contribution_view v;
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	char *reason, loc[96];
	int64_t id, rev;
	int found;

	if (!staff_path_id(rq, &id))
		return web_fail(rq, rs, 404, "Không có khoản đóng góp này.");
	memset(&v, 0, sizeof v);
	if ((found = store_web_contribution_scoped(rq->db, id, rq->who.scope, copy_view, &v,
						   &rq->e)) < 0)
		return -1;
	if (found)
		view_free(&v);
	if (!found)
		return web_fail(rq, rs, 404, "Không có khoản đóng góp này trong phạm vi của bạn.");
	if (web_text(rq, "reason", "Lý do", 500, &reason, &e) < 0)
		return contribution_page(rq, rs, id, 422, e.msg);
	if (reason == NULL)
		return contribution_page(rq, rs, id, 422, "Xin ghi lý do hủy.");
	if (contribution_reverse(rq->db, &who, id, reason, &rev, &e) < 0) {
		char msg[ERR_MSG_MAX + 40];
		snprintf(msg, sizeof msg, "Không hủy được: %s", e.msg);
		return contribution_page(rq, rs, id, 409, msg);
	}
	snprintf(loc, sizeof loc, "/quan-ly/dong-gop/%lld?huy=1", (long long)id);
	resp_redirect(rs, loc);
	return 0;
}

/* ---- the JSON API ---- */

int api_contribution_add(struct web_req *rq, struct web_resp *rs)
{
	struct entry en;
	struct contribution_input in;
	struct err e = {0};
	struct buf receipt = BUF_INIT, b = BUF_INIT;
	const char *key = web_header(rq, "Idempotency-Key");
	int64_t id;
	int already, rc;

	if (key && !staff_nonce_shape(key))
		return web_fail(rq, rs, 400, "Idempotency-Key: 16 to 64 of A-Z a-z 0-9 - _");
	if ((rc = entry_read(rq, &en, &e)) != 0)
		return rc < 0 ? -1 : web_fail(rq, rs, 422, e.msg);
	entry_input(&en, &in);
	struct actor who = {rq->who.row.name};
	if (contribution_add_once(rq->db, &who, rq->who.row.user_id, &in, key, &id, &receipt,
				  &already, &e) < 0) {
		buf_free(&receipt);
		return web_fail(rq, rs, 422, e.msg);
	}
	if (already) {
		struct contribution_view v;
		memset(&v, 0, sizeof v);
		if (store_web_contribution_scoped(rq->db, id, 0, copy_view, &v, &rq->e) < 0)
			return -1;
		buf_puts(&receipt, v.receipt_no ? v.receipt_no : "");
		view_free(&v);
	}
	buf_printf(&b, "{\"id\":%lld,\"receipt\":", (long long)id);
	json_string(&b, buf_cstr(&receipt));
	buf_printf(&b, ",\"amount\":%lld,\"date\":\"%s\",\"campaign\":", (long long)en.amount, en.date);
	json_string(&b, en.campaign.code);
	buf_printf(&b, ",\"already\":%s}\n", already ? "true" : "false");
	buf_free(&receipt);
	resp_json(rs, already ? 200 : 201, &b);
	return 0;
}

int api_words(struct web_req *rq, struct web_resp *rs)
{
	struct err e = {0};
	struct buf b = BUF_INIT, words = BUF_INIT, fmt = BUF_INIT;
	int64_t amount;
	int present;
	if (web_money(rq, "amount", "amount", &amount, &present, &e) < 0)
		return web_fail(rq, rs, 400, e.msg);
	if (!present)
		return web_fail(rq, rs, 400, "amount: required");
	if (money_words(&words, amount, MONEY_NORTH, &e) < 0)
		return web_fail(rq, rs, 400, e.msg);
	money_format(&fmt, amount);
	buf_printf(&b, "{\"amount\":%lld,\"formatted\":", (long long)amount);
	json_string(&b, fmt.p);
	buf_puts(&b, ",\"words\":");
	json_string(&b, words.p);
	buf_puts(&b, "}\n");
	buf_free(&words);
	buf_free(&fmt);
	resp_json(rs, 200, &b);
	return 0;
}
