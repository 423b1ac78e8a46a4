/* The audit trail (R13) for inspectors and administrators
 * (CAP_AUDIT_READ): who did what, when, to which object; filters by
 * account, kind of action and dates (dd/mm/yyyy, days in Asia/Ho_Chi_Minh);
 * paging; CSV. */
#include <stdio.h>
#include <string.h>

#include "text/date.h"
#include "web/listing.h"
#include "web/page.h"

static const struct lcol audit_cols[] = {
	{"Số", LC_INT}, {"Lúc", LC_TIME}, {"Người thực hiện", LC_TEXT}, {"Thao tác", LC_TEXT},
	{"Đối tượng", LC_TEXT}, {"Chi tiết", LC_TEXT},
};

static int audit_row(void *ctx, const struct audit_view *a)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)a->id);
	const char *vals[] = {id, a->at, a->actor, a->action, a->object, a->detail};
	listing_row(ctx, vals, NULL, 0);
	return 0;
}

struct kinds {
	struct html *h;
	const char *selected;
};

static int kind_option(void *ctx, const char *kind)
{
	struct kinds *k = ctx;
	html_printf(k->h, "<option value=\"%s\"%s>%s</option>", kind,
		    k->selected && !strcmp(k->selected, kind) ? " selected" : "", kind);
	return 0;
}

int page_audit(struct web_req *rq, struct web_resp *rs)
{
	struct html h = {BUF_INIT};
	struct listing l;
	struct err e = {0};
	struct buf from_vn = BUF_INIT, to_vn = BUF_INIT;
	char *actor, *kind, from[11], to[11];
	int64_t page, total;
	int rc = -1, csv = listing_wants_csv(rq);

	if (web_text(rq, "actor", "Người thực hiện", CODE_MAX, &actor, &e) < 0 ||
	    web_text(rq, "kind", "Thao tác", 40, &kind, &e) < 0 ||
	    web_date(rq, "from", "Từ ngày", from, &e) < 0 ||
	    web_date(rq, "to", "Đến ngày", to, &e) < 0 ||
	    web_int(rq, "page", "Trang", 1, 1000000, 1, &page, &e) < 0)
		return web_fail(rq, rs, 400, e.msg);
	if (from[0])
		date_format_vn(&from_vn, from);
	if (to[0])
		date_format_vn(&to_vn, to);
	page_begin(&h, rq, PAGE_STAFF, "Nhật ký", "audit");
	html_raw(&h, "<h1>Nhật ký thao tác</h1><p class=\"lead\">Mọi thao tác ghi dữ liệu, theo thứ tự "
		    "mới nhất trước. Nhật ký chỉ được ghi thêm, không sửa, không xóa.</p>");
	html_printf(&h, "<form class=\"filters\" method=\"get\" action=\"/quan-ly/nhat-ky\">"
		    "<label>Người thực hiện<input name=\"actor\" value=\"%s\"></label>"
		    "<label>Thao tác<select name=\"kind\"><option value=\"\">Tất cả</option>",
		    actor ? actor : "");
	struct kinds k = {&h, kind};
	if (store_audit_kinds(rq->db, kind_option, &k, &rq->e) < 0)
		goto cleanup;
	html_printf(&h, "</select></label><label>Từ ngày<input name=\"from\" placeholder=\"dd/mm/yyyy\" "
		    "value=\"%s\"></label><label>Đến ngày<input name=\"to\" placeholder=\"dd/mm/yyyy\" "
		    "value=\"%s\"></label><button type=\"submit\">Lọc</button></form>",
		    buf_cstr(&from_vn), buf_cstr(&to_vn));
	listing_csv_link(&h, rq, "/quan-ly/nhat-ky");
	listing_begin(&l, rq, &h, audit_cols, 6);
	listing_title(&l, "Nhật ký thao tác", NULL);
	struct audit_query q = {.actor = actor, .kind = kind, .from = from[0] ? from : NULL,
				.to = to[0] ? to : NULL, .limit = csv ? 0 : WEB_PAGE_MAX,
				.offset = csv ? 0 : (page - 1) * WEB_PAGE_MAX};
	if (store_audit_each(rq->db, &q, audit_row, &l, &total, &rq->e) < 0)
		goto cleanup_list;
	if (csv) {
		rc = listing_send_csv(&l, rs, "nhat-ky.csv");
		goto cleanup_list;
	}
	listing_end(&l, "Không có thao tác nào khớp.");
	html_raw(&h, "<p class=\"count\">");
	html_number(&h, total);
	html_raw(&h, " thao tác.</p>");
	listing_pager(&h, rq, "/quan-ly/nhat-ky", page, total, WEB_PAGE_MAX);
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, 200, &h);
cleanup_list:
	listing_free(&l);
cleanup:
	buf_free(&from_vn);
	buf_free(&to_vn);
	buf_free(&h.b);
	return rc;
}
