/* The page frame: head (stylesheet and script are embedded assets; no
 * inline script or style anywhere, so the CSP can forbid them), the header
 * with the navigation for who is looking, and the footer. */
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "web/page.h"

struct nav_item {
	const char *key, *href, *label;
	unsigned cap;
};

static const struct nav_item public_nav[] = {
	{"home", "/", "Trang chủ", CAP_PUBLIC},
	{"list", "/dong-gop", "Danh sách đóng góp", CAP_PUBLIC},
	{"fund", "/su-dung-quy", "Sử dụng quỹ", CAP_PUBLIC},
	{"media", "/bao-chi", "Số liệu cho báo chí", CAP_PUBLIC},
	{"verify", "/xac-minh", "Xác minh biên nhận", CAP_PUBLIC},
	{NULL, NULL, NULL, 0},
};

static const struct nav_item staff_nav[] = {
	{"dashboard", "/quan-ly", "Tổng quan", CAP_STAFF},
	{"contributions", "/quan-ly/dong-gop", "Đóng góp", CAP_CONTRIB_READ},
	{"entry", "/quan-ly/dong-gop/moi", "Nhập đóng góp", CAP_CONTRIB_WRITE},
	{"donors", "/quan-ly/nha-hao-tam", "Nhà hảo tâm", CAP_DONOR_READ},
	{"goods", "/quan-ly/hien-vat", "Hiện vật", CAP_GOODS},
	{"fund", "/quan-ly/su-dung-quy", "Sử dụng quỹ", CAP_FUND_READ},
	{"canvass", "/quan-ly/van-dong", "Vận động", CAP_CANVASS_READ},
	{"committee", "/quan-ly/ban-chi-dao", "Ban Chỉ đạo", CAP_CANVASS_READ},
	{"units", "/quan-ly/don-vi", "Đơn vị", CAP_STAFF},
	{"users", "/quan-ly/tai-khoan", "Tài khoản", CAP_USER_ADMIN},
	{"audit", "/quan-ly/nhat-ky", "Nhật ký", CAP_AUDIT_READ},
	{"pledges", "/quan-ly/cam-ket", "Cam kết", CAP_PLEDGE_READ},
	{"statements", "/quan-ly/sao-ke", "Sao kê", CAP_BANK},
	{"reconcile", "/quan-ly/doi-soat", "Đối soát ngân hàng", CAP_BANK},
	{"templates", "/quan-ly/mau-van-ban", "Mẫu văn bản", CAP_DOC_READ},
	{NULL, NULL, NULL, 0},
};

static void nav(struct html *h, const struct nav_item *items, unsigned caps, const char *active)
{
	html_raw(h, "<nav class=\"menu\" aria-label=\"Điều hướng chính\"><ul>");
	for (const struct nav_item *i = items; i->key; i++) {
		if ((i->cap & caps) != i->cap)
			continue;
		if (active && !strcmp(active, i->key))
			html_printf(h, "<li><a href=\"%s\" aria-current=\"page\">%s</a></li>", i->href,
				    i->label);
		else
			html_printf(h, "<li><a href=\"%s\">%s</a></li>", i->href, i->label);
	}
	html_raw(h, "</ul></nav>");
}

void page_begin(struct html *h, struct web_req *rq, enum page_kind kind, const char *title,
		const char *active)
{
	char root[NAME_MAX_BYTES + 1] = "";
	struct err e = {0};
	/* the organisation's name is the root unit's; a page is still served
	 * without it */
	if (store_web_root_name(rq->db, root, sizeof root, &e) < 0)
		root[0] = '\0';
	html_raw(h, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	html_printf(h, "<title>%s — Quỹ An sinh xã hội%s%s</title>\n", title, root[0] ? " · " : "",
		    root);
	html_printf(h, "<link rel=\"icon\" href=\"%s\" type=\"image/svg+xml\">\n",
		    asset_url("favicon.svg"));
	html_printf(h, "<link rel=\"stylesheet\" href=\"%s\">\n", asset_url("style.css"));
	html_printf(h, "<script src=\"%s\" defer></script>\n", asset_url("app.js"));
	html_printf(h, "</head>\n<body class=\"%s\">\n", kind == PAGE_STAFF ? "staff" : "public");
	html_raw(h, "<a class=\"skip\" href=\"#noi-dung\">Bỏ qua, đến nội dung chính</a>\n");
	html_raw(h, "<header class=\"site\"><div class=\"wrap bar\">");
	html_printf(h, "<a class=\"brand\" href=\"%s\"><span class=\"seal\" aria-hidden=\"true\"></span>"
		    "<span class=\"brand-text\"><strong>Quỹ An sinh xã hội</strong><small>%s</small>"
		    "</span></a>", kind == PAGE_STAFF ? "/quan-ly" : "/",
		    kind == PAGE_STAFF ? "Hệ thống quản lý — dành cho cán bộ" : root);
	if (kind == PAGE_STAFF) {
		nav(h, staff_nav, rq->who.caps, active);
		html_raw(h, "<div class=\"who\">");
		html_printf(h, "<span class=\"who-name\">%s</span> <span class=\"who-role\">%s",
			    rq->who.row.name, rq->who.role ? rq->who.role->label : "");
		if (rq->who.row.unit_code[0])
			html_printf(h, " · %s", rq->who.row.unit_code);
		html_raw(h, "</span> <a href=\"/quan-ly/mat-khau\">Đổi mật khẩu</a>"
			    "<form method=\"post\" action=\"/dang-xuat\" class=\"inline\">");
		html_csrf(h, rq);
		html_raw(h, "<button type=\"submit\" class=\"link\">Đăng xuất</button></form></div>");
	} else {
		nav(h, public_nav, 0, active);
	}
	html_raw(h, "</div></header>\n<main id=\"noi-dung\" class=\"wrap\">\n");
}

void page_end(struct html *h, struct web_req *rq, enum page_kind kind)
{
	(void)rq;
	html_raw(h, "</main>\n<footer class=\"site\"><div class=\"wrap\">");
	if (kind == PAGE_PUBLIC)
		html_raw(h, "<p>Mọi khoản đóng góp được ghi vào sổ kép chỉ được ghi thêm: không khoản nào bị "
			    "sửa hay xoá; một khoản ghi nhầm được hủy bằng bút toán đảo ngược, có ghi rõ "
			    "lý do.</p><p>Nhà hảo tâm không muốn nêu tên được ghi là "
			    "<em>Nhà hảo tâm ẩn danh</em>. <a href=\"/dang-nhap\">Cán bộ đăng nhập</a></p>");
	else
		html_raw(h, "<p>Mọi thao tác được ghi vào nhật ký kiểm tra.</p>");
	html_raw(h, "</div></footer>\n</body>\n</html>\n");
}

int page_send(struct web_resp *rs, int status, struct html *h)
{
	rs->status = status;
	rs->ctype = "text/html; charset=utf-8";
	buf_free(&rs->body);
	rs->body = h->b;
	h->b = (struct buf)BUF_INIT;
	return 0;
}

void html_csrf(struct html *h, struct web_req *rq)
{
	html_printf(h, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", auth_csrf(rq));
}

void html_pager(struct html *h, const char *path, const char *q, int64_t page, int64_t total,
		int64_t per_page)
{
	int64_t pages = per_page > 0 ? (total + per_page - 1) / per_page : 1;
	struct buf qs = BUF_INIT;
	if (pages <= 1)
		return;
	if (q && q[0]) {
		buf_puts(&qs, "q=");
		url_arg(&qs, q);
		buf_putc(&qs, '&');
	}
	html_raw(h, "<nav class=\"pager\" aria-label=\"Phân trang\">");
	if (page > 1)
		html_printf(h, "<a rel=\"prev\" href=\"%s?%spage=%lld\">← Trang trước</a>", path,
			    buf_cstr(&qs), (long long)(page - 1));
	html_printf(h, "<span>Trang %lld / %lld</span>", (long long)page, (long long)pages);
	if (page < pages)
		html_printf(h, "<a rel=\"next\" href=\"%s?%spage=%lld\">Trang sau →</a>", path,
			    buf_cstr(&qs), (long long)(page + 1));
	html_raw(h, "</nav>");
	buf_free(&qs);
}

void html_notice(struct html *h, const char *kind, const char *msg)
{
	html_printf(h, "<div class=\"notice notice-%s\" role=\"%s\">%s</div>", kind,
		    strcmp(kind, "error") ? "status" : "alert", msg);
}
