/* The page for the press: the figures a newspaper quotes, each in words a
 * journalist can copy (amounts in full, in short and in words; the date
 * the figures are as of), and where the machine-readable data is. */
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "text/money.h"
#include "web/page.h"
#include "web/portal.h"

struct previous {
	const struct campaign_row *current;
	struct campaign_row best;
	int found;
};

/* The latest campaign that started before the current one. */
static int previous_campaign(void *ctx, const struct campaign_row *c)
{
	struct previous *p = ctx;
	if (strcmp(c->start, p->current->start) < 0 && (!p->found || strcmp(c->start, p->best.start) > 0)) {
		p->best = *c;
		p->found = 1;
	}
	return 0;
}

static void row_money(struct html *h, const char *label, int64_t v)
{
	html_printf(h, "<tr><th scope=\"row\">%s</th><td><strong class=\"figure-inline\">", label);
	html_money(h, v);
	html_raw(h, "</strong>");
	if (v >= 1000000) {
		html_raw(h, " <span class=\"muted\">(");
		html_money_short(h, v);
		html_raw(h, ")</span>");
	}
	html_raw(h, "</td></tr>");
}

int page_media(struct web_req *rq, struct web_resp *rs)
{
	struct html h = {BUF_INIT};
	struct progress p = {0};
	struct campaign_row c;
	struct web_campaign_stats st;
	struct previous prev = {.current = &c};
	struct buf words = BUF_INIT;
	struct err e = {0};
	char today[11];
	int found, rc = -1, exceeded = 0, with_target = 0;

	if (portal_campaign(rq, &c, &found) < 0)
		return -1;
	if (!found)
		return portal_no_campaign(rq, rs);
	if (report_progress(rq->db, c.code, &p, &rq->e) < 0 ||
	    store_web_campaign_stats(rq->db, c.id, &st, &rq->e) < 0 ||
	    store_campaign_each(rq->db, previous_campaign, &prev, &rq->e) < 0)
		goto cleanup;
	for (int i = 0; i < p.nunits; i++)
		if (p.units[i].depth == 1 && p.units[i].has_target && p.units[i].target > 0) {
			with_target++;
			exceeded += p.units[i].received >= p.units[i].target;
		}
	core_today(today);
	rs->cache = "public, max-age=60";
	page_begin(&h, rq, PAGE_PUBLIC, "Số liệu cho báo chí", "media");
	html_raw(&h, "<h1>Số liệu cho báo chí</h1><p class=\"lead\">Số liệu tính đến ngày ");
	html_date(&h, today);
	html_printf(&h, ", lấy trực tiếp từ sổ sách của Quỹ. Xin ghi nguồn: <em>Cổng thông tin "
		    "minh bạch Quỹ An sinh xã hội</em>.</p><h2>%s</h2>", c.name);
	html_raw(&h, "<div class=\"table-wrap\"><table class=\"facts\"><tbody>");
	html_raw(&h, "<tr><th scope=\"row\">Thời gian vận động</th><td>");
	html_date(&h, c.start);
	html_raw(&h, " – ");
	html_date(&h, c.end);
	html_raw(&h, "</td></tr>");
	if (c.ceremony[0]) {
		html_raw(&h, "<tr><th scope=\"row\">Lễ phát động</th><td>");
		html_date(&h, c.ceremony);
		html_raw(&h, "</td></tr>");
	}
	row_money(&h, "Tổng số đã tiếp nhận", p.total_received);
	if (money_words(&words, p.total_received, MONEY_NORTH, &e) == 0)
		html_printf(&h, "<tr><th scope=\"row\">Bằng chữ</th><td>%s</td></tr>",
			    buf_cstr(&words));
	if (c.goal > 0) {
		row_money(&h, "Mục tiêu", c.goal);
		html_raw(&h, "<tr><th scope=\"row\">Tỷ lệ đạt</th><td>");
		html_percent(&h, progress_percent_x100(p.total_received, c.goal));
		html_raw(&h, "</td></tr>");
	}
	html_raw(&h, "<tr><th scope=\"row\">Tiến độ</th><td>");
	portal_days_left(&h, &c);
	html_raw(&h, "</td></tr>");
	html_raw(&h, "<tr><th scope=\"row\">Số khoản đóng góp</th><td>");
	html_number(&h, st.contributions);
	html_raw(&h, " (trong đó ");
	html_number(&h, st.anonymous);
	html_raw(&h, " khoản không nêu tên nhà hảo tâm)</td></tr><tr><th scope=\"row\">Số nhà hảo tâm"
		    "</th><td>");
	html_number(&h, st.donors);
	html_raw(&h, "</td></tr>");
	row_money(&h, "Khoản lớn nhất", st.largest);
	row_money(&h, "Bằng tiền mặt", st.by_channel[0]);
	row_money(&h, "Bằng chuyển khoản", st.by_channel[1]);
	row_money(&h, "Trích từ lương", st.by_channel[2]);
	row_money(&h, "Bằng hiện vật (quy ra tiền)", st.by_channel[3]);
	if (with_target)
		html_printf(&h, "<tr><th scope=\"row\">Đơn vị đạt, vượt chỉ tiêu</th><td>"
			    "%d / %d đơn vị trực thuộc tỉnh có chỉ tiêu</td></tr>", exceeded, with_target);
	if (prev.found) {
		int64_t income;
		if (store_campaign_income(rq->db, prev.best.id, &income, &rq->e) < 0)
			goto cleanup;
		html_printf(&h, "<tr><th scope=\"row\">Cuộc vận động trước</th><td>%s: ",
			    prev.best.name);
		html_money(&h, income);
		html_raw(&h, "</td></tr>");
	}
	html_raw(&h, "</tbody></table></div>");
	html_raw(&h, "<h2>Dữ liệu để dùng lại</h2><ul class=\"links\">"
		    "<li><a href=\"/api/public/summary\">Tổng hợp theo đơn vị (JSON)</a></li>"
		    "<li><a href=\"/api/public/contributions?per_page=100\">Danh sách đóng góp (JSON, "
		    "có phân trang)</a></li><li><a href=\"/dong-gop\">Tra cứu từng khoản đóng góp</a></li>"
		    "</ul>");
	page_end(&h, rq, PAGE_PUBLIC);
	rc = page_send(rs, 200, &h);
cleanup:
	progress_free(&p);
	buf_free(&words);
	buf_free(&h.b);
	return rc;
}
