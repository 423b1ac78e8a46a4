/* Letter templates for the propaganda unit (/quan-ly/mau-van-ban): the
 * list, one template with its placeholders, a preview filled with sample
 * values, the history of versions, and saving a new version; and the
 * download of a receipt as PDF (/quan-ly/bien-nhan/{n}.pdf). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document.h"
#include "doc/template.h"
#include "store/document.h"
#include "web/page.h"

struct versions {
	struct html *h;
	int n;
};

static int version_row(void *ctx, const struct doc_template_row *t)
{
	struct versions *v = ctx;
	v->n++;
	html_printf(v->h, "<tr><td class=\"num\">%lld</td><td>%s</td><td>", (long long)t->version,
		    t->actor);
	html_printf(v->h, "%s</td></tr>", t->created_at);
	return 0;
}

int page_templates(struct web_req *rq, struct web_resp *rs)
{
	struct html h = {BUF_INIT};
	int rc = -1;
	page_begin(&h, rq, PAGE_STAFF, "Mẫu văn bản", "templates");
	html_raw(&h, "<section><h1>Mẫu văn bản</h1><p>Thư cảm ơn, thư mời, thư ngỏ và giấy khen "
		     "được in từ các mẫu dưới đây. Mỗi lần sửa là một phiên bản mới; mỗi văn bản đã "
		     "in ghi lại phiên bản đã dùng.</p><div class=\"table-wrap\"><table><thead><tr>"
		     "<th>Mẫu</th><th>Văn bản</th><th class=\"num\">Phiên bản</th><th>Người lưu</th>"
		     "<th>Lúc</th></tr></thead><tbody>");
	for (const struct tmpl_default *d = tmpl_defaults; d->name; d++) {
		struct html row = {BUF_INIT};
		struct versions v = {&row, 0};
		int found = store_doc_template_latest(rq->db, d->name, version_row, &v, &rq->e);
		if (found < 0) {
			buf_free(&row.b);
			goto cleanup;
		}
		html_printf(&h, "<tr><td><a href=\"/quan-ly/mau-van-ban/%s\">%s</a></td><td>%s</td>",
			    d->name, d->name, d->title);
		if (found)
			html_append(&h, &row);
		else
			html_raw(&h, "<td class=\"num\">mặc định</td><td></td><td></td></tr>");
		buf_free(&row.b);
	}
	html_raw(&h, "</tbody></table></div></section>");
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, 200, &h);
cleanup:
	buf_free(&h.b);
	return rc;
}

struct current {
	struct buf body;
	int64_t version;
};

static int take_current(void *ctx, const struct doc_template_row *t)
{
	struct current *c = ctx;
	buf_reset(&c->body);
	buf_puts(&c->body, t->body);
	c->version = t->version;
	return 0;
}

/* The page of one template: body is the text in the editor (the current
 * version, or what was posted), preview the filled text or NULL, notice a
 * message or NULL. */
static int template_page(struct web_req *rq, struct web_resp *rs, const struct tmpl_default *d,
			 int status, const char *body, int64_t version, const char *notice_kind,
			 const char *notice)
{
	struct html h = {BUF_INIT};
	struct versions v = {&h, 0};
	struct vars sample = {0};
	struct tmpl_doc doc;
	struct buf text = BUF_INIT;
	struct err pe = {0};
	int can_write = (rq->who.caps & CAP_DOC_WRITE) != 0, rc = -1;

	page_begin(&h, rq, PAGE_STAFF, d->title, "templates");
	html_printf(&h, "<section><h1>%s <small>(%s)</small></h1>", d->title, d->name);
	if (version)
		html_printf(&h, "<p>Phiên bản hiện hành: %lld.</p>", (long long)version);
	else
		html_raw(&h, "<p>Đang dùng mẫu mặc định.</p>");
	if (notice)
		html_notice(&h, notice_kind, notice);

	/* the preview, filled with sample values */
	for (const struct tmpl_key *k = tmpl_keys; k->name; k++)
		vars_add(&sample, k->name, k->dflt ? k->dflt : k->help);
	vars_set(&sample, "ten", "Nguyễn Văn Đức");
	vars_set(&sample, "xung_ho", "Ông");
	vars_set(&sample, "ten_goi", "Ông Nguyễn Văn Đức");
	vars_set(&sample, "ten_day_du", "Ông Nguyễn Văn Đức");
	vars_set(&sample, "so_tien", "5.000.000 đồng");
	vars_set(&sample, "so_tien_bang_chu", "Năm triệu đồng");
	if (tmpl_fill(d->name, body, &sample, &doc, &pe) == 0) {
		tmpl_doc_text(&doc, &text);
		tmpl_doc_free(&doc);
		html_printf(&h, "<h2>Xem trước (giá trị mẫu)</h2><pre class=\"preview\">%s</pre>",
			    text.p);
	} else {
		html_notice(&h, "error", pe.msg);
	}

	if (can_write) {
		html_printf(&h, "<form method=\"post\" action=\"/quan-ly/mau-van-ban/%s\" class=\"form\">",
			    d->name);
		html_csrf(&h, rq);
	}
	html_printf(&h, "<label for=\"body\">Nội dung mẫu</label><textarea id=\"body\" name=\"body\" "
		    "rows=\"24\" maxlength=\"4000\" spellcheck=\"false\"%s>%s</textarea>",
		    can_write ? "" : " readonly", body);
	if (can_write)
		html_raw(&h, "<button type=\"submit\" name=\"action\" value=\"preview\">Xem trước</button> "
			     "<button type=\"submit\" name=\"action\" value=\"save\" class=\"primary\">"
			     "Lưu phiên bản mới</button></form>");

	html_raw(&h, "<h2>Các chỗ điền</h2><div class=\"table-wrap\"><table><thead><tr><th>Chỗ điền"
		     "</th><th>Ý nghĩa</th></tr></thead><tbody>");
	for (const struct tmpl_key *k = tmpl_keys; k->name; k++)
		html_printf(&h, "<tr><td><code>{{%s}}</code></td><td>%s</td></tr>", k->name, k->help);
	html_raw(&h, "</tbody></table></div><p>Dòng đầu: <code>tieu_de:</code>, <code>trich_yeu:"
		     "</code>, <code>kinh_gui:</code>, <code>noi_nhan:</code>; dòng <code>---</code> "
		     "rồi nội dung; dòng trống tách đoạn; <code>**đậm**</code>, <code>*nghiêng*</code>."
		     "</p><h2>Lịch sử phiên bản</h2><div class=\"table-wrap\"><table><thead><tr>"
		     "<th class=\"num\">Phiên bản</th><th>Người lưu</th><th>Lúc</th></tr></thead><tbody>");
	if (store_doc_template_each(rq->db, d->name, version_row, &v, &rq->e) < 0)
		goto cleanup;
	html_raw(&h, "</tbody></table></div></section>");
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, status, &h);
cleanup:
	vars_free(&sample);
	buf_free(&text);
	buf_free(&h.b);
	return rc;
}

static const struct tmpl_default *template_arg(struct web_req *rq)
{
	return rq->narg == 1 ? tmpl_default_find(rq->arg[0]) : NULL;
}

int page_template(struct web_req *rq, struct web_resp *rs)
{
	const struct tmpl_default *d = template_arg(rq);
	struct current c = {BUF_INIT, 0};
	int found, rc = -1;
	if (d == NULL)
		return web_fail(rq, rs, 404, "Không có mẫu văn bản này.");
	if ((found = store_doc_template_latest(rq->db, d->name, take_current, &c, &rq->e)) < 0)
		goto cleanup;
	if (!found)
		buf_puts(&c.body, d->body);
	const char *saved = web_raw(rq, "da-luu");
	rc = template_page(rq, rs, d, 200, c.body.p, c.version, "ok",
			   saved ? "Đã lưu phiên bản mới." : NULL);
cleanup:
	buf_free(&c.body);
	return rc;
}

int post_template(struct web_req *rq, struct web_resp *rs)
{
	const struct tmpl_default *d = template_arg(rq);
	const char *body = web_raw(rq, "body"), *action = web_raw(rq, "action");
	struct current c = {BUF_INIT, 0};
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	int64_t version;
	int rc = -1;
	if (d == NULL)
		return web_fail(rq, rs, 404, "Không có mẫu văn bản này.");
	if (store_doc_template_latest(rq->db, d->name, take_current, &c, &rq->e) < 0)
		goto cleanup;
	if (body == NULL || !*body) {
		rc = template_page(rq, rs, d, 422, c.body.len ? c.body.p : d->body, c.version,
				   "error", "Nội dung mẫu trống.");
		goto cleanup;
	}
	if (action && strcmp(action, "preview") == 0) {
		rc = template_page(rq, rs, d, 200, body, c.version, "info",
				   "Chưa lưu: đây là bản xem trước.");
		goto cleanup;
	}
	if (doc_template_save(rq->db, &who, d->name, body, &version, &e) < 0) {
		rc = template_page(rq, rs, d, 422, body, c.version, "error", e.msg);
		goto cleanup;
	}
	char loc[128];
	snprintf(loc, sizeof loc, "/quan-ly/mau-van-ban/%s?da-luu=%lld", d->name, (long long)version);
	resp_redirect(rs, loc);
	rc = 0;
cleanup:
	buf_free(&c.body);
	return rc;
}

/* /quan-ly/bien-nhan/TV2019-000123.pdf or /quan-ly/bien-nhan/17.pdf */
int page_receipt_pdf(struct web_req *rq, struct web_resp *rs)
{
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	int64_t id;
	int copy, found;
	size_t n = rq->narg == 1 ? strlen(rq->arg[0]) : 0;
	if (n <= 4 || n > 100 || strcmp(rq->arg[0] + n - 4, ".pdf") != 0)
		return web_fail(rq, rs, 404, "Không có biên nhận này.");
	char *ref = web_keep(rq, xstrndup(rq->arg[0], n - 4));
	found = doc_receipt(rq->db, &who, ref, NULL, rq->who.scope, NULL, &rs->body, &id, &copy, &e);
	if (found < 0) {
		buf_reset(&rs->body);
		if (e.kind == ERR_CONFLICT)
			return web_fail(rq, rs, 409, "Khoản đóng góp này đã bị hủy; không in biên nhận.");
		rq->e = e;
		return -1;
	}
	if (found == 0)
		return web_fail(rq, rs, 404, "Không có biên nhận này.");
	rs->status = 200;
	rs->ctype = "application/pdf";
	char disp[160];
	snprintf(disp, sizeof disp, "inline; filename=\"bien-nhan-%s.pdf\"", ref);
	resp_header(rs, "Content-Disposition", disp);
	return 0;
}
