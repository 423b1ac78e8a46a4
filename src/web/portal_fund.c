/* The portal's page on the use of the fund (R8, R12, R15): what was
 * received, handed over to the fund manager, spent and left; the households
 * that rose out of poverty with the fund's support (latest annual review per
 * household), by district; spent by purpose and by district; and every
 * standing disbursement with its ledger entry, so that anyone can find it in
 * the transparency log.
 *
 * Privacy (Decree 13/2023 on personal data): a heart-surgery child is never
 * named (health data), a household or a person only with their consent
 * (core/fund.c fund_public_beneficiary).  The money received comes from the
 * portal's cached figures; the rest from fund_use, a small table. */
#include <stdio.h>
#include <string.h>

#include "core/fund.h"
#include "web/page.h"
#include "web/portal.h"

static void figure(struct html *h, const char *label, int64_t v, int main)
{
	if (main)
		html_printf(h, "<div class=\"figure main\"><span class=\"label\">%s</span>"
			    "<span class=\"value\">", label);
	else
		html_printf(h, "<div class=\"figure\"><span class=\"label\">%s</span>"
			    "<span class=\"value\">", label);
	html_money(h, v);
	html_raw(h, "</span></div>");
}

void fund_figures(struct html *h, const struct fund_totals *t)
{
	html_raw(h, "<section class=\"figures\" aria-label=\"Số liệu sử dụng quỹ\">");
	figure(h, "Tiền đã tiếp nhận", t->received, 1);
	figure(h, "Đã bàn giao cho đơn vị quản lý quỹ", t->handed, 0);
	figure(h, "Đã chi hỗ trợ", t->spent, 0);
	figure(h, "Còn tại Ban vận động (chưa bàn giao)", t->received - t->handed, 0);
	figure(h, "Còn tại đơn vị quản lý quỹ (chưa chi)", t->handed - t->spent, 0);
	html_raw(h, "</section>");
}

struct sum_table {
	struct html *h;
	const struct code_label *labels; /* NULL: the name given */
	int64_t total;
};

static int sum_row(void *ctx, const struct fund_sum *s)
{
	struct sum_table *t = ctx;
	html_printf(t->h, "<tr><td>%s</td><td class=\"num\">",
		    t->labels ? code_label(t->labels, s->key) : s->name);
	html_number(t->h, s->count);
	html_raw(t->h, "</td><td class=\"num\">");
	html_money(t->h, s->amount);
	html_raw(t->h, "</td><td class=\"num\">");
	html_percent(t->h, t->total > 0 ? (int64_t)((__int128)s->amount * 10000 / t->total) : -1);
	html_raw(t->h, "</td></tr>");
	return 0;
}

static int sum_table(struct web_req *rq, struct html *h, const char *title, const char *first,
		     const struct code_label *labels, int64_t campaign_id, int64_t total,
		     int (*each)(struct db *, int64_t, fund_sum_fn, void *, struct err *))
{
	struct sum_table t = {h, labels, total};
	html_printf(h, "<h2>%s</h2><div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">Số khoản</th>"
		    "<th scope=\"col\" class=\"num\">Số tiền</th><th scope=\"col\" class=\"num\">"
		    "Tỷ lệ</th></tr></thead><tbody>", title, first);
	if (each(rq->db, campaign_id, sum_row, &t, &rq->e) < 0)
		return -1;
	html_raw(h, "</tbody></table></div>");
	return 0;
}

struct list_ctx {
	struct html *h;
	struct buf name;
};

static int disbursement_row(void *ctx, const struct fund_row *r)
{
	struct list_ctx *l = ctx;
	fund_public_beneficiary(r, &l->name);
	html_raw(l->h, "<tr><td>");
	html_date(l->h, r->date);
	html_printf(l->h, "</td><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">",
		    code_label(fund_purposes, r->purpose), buf_cstr(&l->name), r->unit_name);
	html_money(l->h, r->amount);
	html_printf(l->h, "</td><td>%s</td><td class=\"num\">%lld</td></tr>", r->document,
		    (long long)r->id);
	return 0;
}

/* ---- what became of the households (R15) ---- */

static int outcome_district(void *ctx, const struct fund_outcome_count *c)
{
	struct html *h = ctx;
	const int64_t v[] = {c->households, c->reviewed, c->out, c->still_poor};
	html_printf(h, "<tr><td>%s</td>", c->name);
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		html_raw(h, "<td class=\"num\">");
		html_number(h, v[i]);
		html_raw(h, "</td>");
	}
	html_raw(h, "</tr>");
	return 0;
}

struct out_list {
	struct html *h;
	struct buf name;
	int n;
};

/* A household out of poverty, named only with its consent (the rule of
 * every disbursement: fund_public_beneficiary). */
static int household_out(void *ctx, const struct fund_household *x)
{
	struct out_list *l = ctx;
	if (!fund_outcome_is_out(x->status))
		return 0;
	struct fund_row r = {.beneficiary_kind = "household", .beneficiary = x->beneficiary,
			     .unit_name = x->unit_name, .publish_name = x->publish_name};
	fund_public_beneficiary(&r, &l->name);
	if (l->n++ == 0)
		html_raw(l->h, "<div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
			    "<th scope=\"col\">Hộ gia đình</th><th scope=\"col\">Nơi ở</th>"
			    "<th scope=\"col\">Huyện</th><th scope=\"col\">Kết quả rà soát</th>"
			    "<th scope=\"col\">Ngày rà soát</th></tr></thead><tbody>");
	html_printf(l->h, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>", buf_cstr(&l->name),
		    x->unit_name, x->district_name, code_label(fund_outcomes, x->status));
	html_date(l->h, x->date);
	html_raw(l->h, "</td></tr>");
	return 0;
}

static int outcomes(struct web_req *rq, struct html *h, int64_t campaign_id)
{
	struct fund_outcome_count all;
	struct out_list l = {h, BUF_INIT, 0};
	struct html rows = {BUF_INIT}; /* the district rows, counted with the totals */
	int rc = -1;
	if (fund_outcome_counts(rq->db, campaign_id, &all, outcome_district, &rows, &rq->e) < 0)
		goto cleanup;
	rc = 0;
	if (all.households == 0)
		goto cleanup;
	html_raw(h, "<h2 id=\"thoat-ngheo\">Hộ thoát nghèo nhờ sự hỗ trợ của Quỹ</h2>"
		    "<p class=\"lead\"><strong>");
	html_number(h, all.out);
	html_raw(h, " hộ đã thoát nghèo nhờ sự hỗ trợ của Quỹ</strong>");
	if (all.near_poor > 0) {
		html_raw(h, " (trong đó ");
		html_number(h, all.near_poor);
		html_raw(h, " hộ còn cận nghèo)");
	}
	html_raw(h, ". Quỹ đã hỗ trợ ");
	html_number(h, all.households);
	html_raw(h, " hộ gia đình (nhà ở, vốn sản xuất, gia đình chính sách). Theo kết quả rà soát "
		    "hộ nghèo, hộ cận nghèo hằng năm của địa phương, ");
	html_number(h, all.reviewed);
	html_raw(h, " hộ đã được rà soát, trong đó ");
	html_number(h, all.still_poor);
	html_raw(h, " hộ chưa thoát nghèo; mỗi hộ được tính theo kết quả rà soát mới nhất.</p>"
		    "<div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
		    "<th scope=\"col\">Địa bàn</th><th scope=\"col\" class=\"num\">Hộ được hỗ trợ</th>"
		    "<th scope=\"col\" class=\"num\">Đã rà soát</th>"
		    "<th scope=\"col\" class=\"num\">Đã thoát nghèo</th>"
		    "<th scope=\"col\" class=\"num\">Chưa thoát nghèo</th></tr></thead><tbody>");
	html_append(h, &rows);
	html_raw(h, "</tbody></table></div>");
	rc = store_fund_households(rq->db, campaign_id, household_out, &l, &rq->e);
	html_raw_if(h, rc == 0 && l.n > 0, "</tbody></table></div>");
cleanup:
	buf_free(&l.name);
	buf_free(&rows.b);
	return rc;
}

int fund_public_totals(struct web_req *rq, struct web_resp *rs, struct campaign_row *c,
		       struct fund_totals *t)
{
	const struct portal_data *d = portal_data_get(rq->db, &rq->e);
	if (d == NULL)
		return -1;
	if (!d->found) {
		portal_data_release();
		return portal_no_campaign(rq, rs) < 0 ? -1 : 0;
	}
	*c = d->c;
	/* money received: cash, transfer, payroll; goods are followed apart */
	t->received = d->st.by_channel[0] + d->st.by_channel[1] + d->st.by_channel[2];
	portal_data_release();
	return store_fund_used(rq->db, c->id, t, &rq->e) < 0 ? -1 : 1;
}

int page_public_fund(struct web_req *rq, struct web_resp *rs)
{
	struct html h = {BUF_INIT};
	struct fund_totals t = {0};
	struct campaign_row c;
	int rc = -1, found = fund_public_totals(rq, rs, &c, &t);

	if (found <= 0)
		return found;
	rs->cache = "public, max-age=60";
	page_begin(&h, rq, PAGE_PUBLIC, "Sử dụng quỹ", "fund");
	html_printf(&h, "<h1>Bàn giao và sử dụng quỹ</h1><p class=\"lead\">%s. Tiền vận động được "
		    "bàn giao cho đơn vị do Ủy ban nhân dân tỉnh giao quản lý và chi đúng mục đích, "
		    "đúng đối tượng; mỗi khoản chi dưới đây là một bút toán trong sổ cái, có trong "
		    "<a href=\"/xac-minh\">nhật ký minh bạch</a>.</p>", c.name);
	fund_figures(&h, &t);
	if (outcomes(rq, &h, c.id) < 0)
		goto cleanup;
	if (t.spent > 0 &&
	    (sum_table(rq, &h, "Đã chi theo mục đích", "Mục đích", fund_purposes, c.id, t.spent,
		       store_fund_by_purpose) < 0 ||
	     sum_table(rq, &h, "Đã chi theo huyện, thị xã, thành phố", "Địa bàn", NULL, c.id, t.spent,
		       store_fund_by_district) < 0))
		goto cleanup;
	html_raw(&h, "<h2>Các khoản chi hỗ trợ</h2><p class=\"muted\">Theo Nghị định 13/2023/NĐ-CP "
		    "về bảo vệ dữ liệu cá nhân: tên trẻ em được hỗ trợ phẫu thuật tim không được công "
		    "bố; tên hộ gia đình, cá nhân chỉ được nêu khi người nhận đồng ý.</p>"
		    "<div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
		    "<th scope=\"col\">Ngày</th><th scope=\"col\">Mục đích</th>"
		    "<th scope=\"col\">Người nhận</th><th scope=\"col\">Nơi nhận</th>"
		    "<th scope=\"col\" class=\"num\">Số tiền</th><th scope=\"col\">Quyết định số</th>"
		    "<th scope=\"col\" class=\"num\">Bút toán</th></tr></thead><tbody>");
	struct list_ctx l = {&h, BUF_INIT};
	struct fund_filter f = {.campaign_id = c.id, .kind = "disbursement", .standing = 1};
	int any = store_fund_each(rq->db, &f, disbursement_row, &l, &rq->e);
	buf_free(&l.name);
	if (any < 0)
		goto cleanup;
	html_raw(&h, "</tbody></table></div>");
	html_raw_if(&h, !any, "<p class=\"empty\">Chưa có khoản chi nào.</p>");
	page_end(&h, rq, PAGE_PUBLIC);
	rc = page_send(rs, 200, &h);
cleanup:
	buf_free(&h.b);
	return rc;
}
