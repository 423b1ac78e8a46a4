/* The page for the press: the figures a newspaper quotes, each in words a
 * journalist can copy (amounts in full, in short and in words; the date
 * the figures are as of; the households out of poverty with the fund's
 * support, R15), and where the machine-readable data is. */
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "core/fund.h"
#include "text/money.h"
#include "web/page.h"
#include "web/portal.h"

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
	struct buf words = BUF_INIT;
	struct err e = {0};
	char today[11];
	struct fund_outcome_count k;
	int rc = -1, exceeded = 0, with_target = 0;
	const struct portal_data *d = portal_data_get(rq->db, &rq->e);

	if (d == NULL)
		return -1;
	if (!d->found) {
		portal_data_release();
		return portal_no_campaign(rq, rs);
	}
	for (int i = 0; i < d->p.nunits; i++)
		if (d->p.units[i].depth == 1 && d->p.units[i].has_target && d->p.units[i].target > 0) {
			with_target++;
			exceeded += d->p.units[i].received >= d->p.units[i].target;
		}
	/* the households the fund lifted out of poverty (R15), from fund_outcome,
	 * a small table */
	if (fund_outcome_counts(rq->db, d->c.id, &k, NULL, NULL, &rq->e) < 0) {
		portal_data_release();
		return -1;
	}
	core_today(today);
	rs->cache = "public, max-age=60";
	page_begin(&h, rq, PAGE_PUBLIC, "Số liệu cho báo chí", "media");
	html_raw(&h, "<h1>Số liệu cho báo chí</h1><p class=\"lead\">Số liệu tính đến ngày ");
	html_date(&h, today);
	html_printf(&h, ", lấy trực tiếp từ sổ sách của Quỹ. Xin ghi nguồn: <em>Cổng thông tin "
		    "minh bạch Quỹ An sinh xã hội</em>.</p><h2>%s</h2>", d->c.name);
	html_raw(&h, "<div class=\"table-wrap\"><table class=\"facts\"><tbody>");
	html_raw(&h, "<tr><th scope=\"row\">Thời gian vận động</th><td>");
	html_date(&h, d->c.start);
	html_raw(&h, " – ");
	html_date(&h, d->c.end);
	html_raw(&h, "</td></tr>");
	if (d->c.ceremony[0]) {
		html_raw(&h, "<tr><th scope=\"row\">Lễ phát động</th><td>");
		html_date(&h, d->c.ceremony);
		html_raw(&h, "</td></tr>");
	}
	row_money(&h, "Tổng số đã tiếp nhận", d->p.total_received);
	if (money_words(&words, d->p.total_received, MONEY_NORTH, &e) == 0)
		html_printf(&h, "<tr><th scope=\"row\">Bằng chữ</th><td>%s</td></tr>",
			    buf_cstr(&words));
	if (d->c.goal > 0) {
		row_money(&h, "Mục tiêu", d->c.goal);
		html_raw(&h, "<tr><th scope=\"row\">Tỷ lệ đạt</th><td>");
		html_percent(&h, progress_percent_x100(d->p.total_received, d->c.goal));
		html_raw(&h, "</td></tr>");
	}
	html_raw(&h, "<tr><th scope=\"row\">Tiến độ</th><td>");
	portal_days_left(&h, &d->c);
	html_raw(&h, "</td></tr>");
	html_raw(&h, "<tr><th scope=\"row\">Số khoản đóng góp</th><td>");
	html_number(&h, d->st.contributions);
	html_raw(&h, " (trong đó ");
	html_number(&h, d->st.anonymous);
	html_raw(&h, " khoản không nêu tên nhà hảo tâm)</td></tr><tr><th scope=\"row\">Số nhà hảo tâm"
		    "</th><td>");
	html_number(&h, d->st.donors);
	html_raw(&h, "</td></tr>");
	row_money(&h, "Khoản lớn nhất", d->st.largest);
	row_money(&h, "Bằng tiền mặt", d->st.by_channel[0]);
	row_money(&h, "Bằng chuyển khoản", d->st.by_channel[1]);
	row_money(&h, "Trích từ lương", d->st.by_channel[2]);
	row_money(&h, "Bằng hiện vật (quy ra tiền)", d->st.by_channel[3]);
	if (k.households > 0) {
		html_raw(&h, "<tr><th scope=\"row\">Hộ thoát nghèo nhờ sự hỗ trợ của Quỹ</th><td>"
			    "<strong class=\"figure-inline\">");
		html_number(&h, k.out);
		html_raw(&h, " hộ</strong>");
		if (k.near_poor > 0) {
			html_raw(&h, " (trong đó ");
			html_number(&h, k.near_poor);
			html_raw(&h, " hộ còn cận nghèo)");
		}
		html_raw(&h, " trong số ");
		html_number(&h, k.households);
		html_raw(&h, " hộ gia đình được Quỹ hỗ trợ, theo kết quả rà soát hộ nghèo, hộ cận "
			    "nghèo hằng năm (<a href=\"/su-dung-quy#thoat-ngheo\">chi tiết theo huyện</a>)"
			    "</td></tr>");
	}
	if (with_target)
		html_printf(&h, "<tr><th scope=\"row\">Đơn vị đạt, vượt chỉ tiêu</th><td>"
			    "%d / %d đơn vị trực thuộc tỉnh có chỉ tiêu</td></tr>", exceeded, with_target);
	if (d->prev_found) {
		html_printf(&h, "<tr><th scope=\"row\">Cuộc vận động trước</th><td>%s: ",
			    d->prev.name);
		html_money(&h, d->prev_income);
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
	portal_data_release();
	buf_free(&words);
	buf_free(&h.b);
	return rc;
}
