/* The reconciliation queue for clerks (issue #6): bank credit lines whose
 * donor the matcher was not sure of, with its suggestion, score and reason.
 * A clerk confirms a line with one key or button (to the suggestion, or to
 * a donor found with the search box above the table), confirms the lines
 * ticked in one go, or rejects a suggestion.  Keyboard shortcuts come from
 * /static/doi-soat.js; everything works without it.  The money of every
 * line is in the books already (core/bank_import.c): a decision moves it
 * through the journal (core/reconcile.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/afile.h"
#include "core/bank.h"
#include "store/bank.h"
#include "text/date.h"
#include "web/page.h"
#include "web/staff.h"

#define QUEUE_PAGE 20 /* two fields a line: well inside WEB_FIELDS_MAX */

static const char *const views[] = {"waiting", "auto", "confirmed", "rejected", "all", NULL};
static const char *const view_labels[] = {"Chờ xác nhận", "Tự động", "Đã xác nhận", "Đã từ chối",
					  "Tất cả"};

static const char *status_label(const char *s)
{
	static const char *const k[][2] = {
		{"debit", "Ghi nợ"}, {"existing", "Đã có trong sổ"}, {"auto", "Tự động"},
		{"pending", "Có gợi ý"}, {"unmatched", "Chưa rõ"}, {"rejected", "Đã từ chối"},
		{"confirmed", "Đã xác nhận"},
	};
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
		if (!strcmp(k[i][0], s))
			return k[i][1];
	return s;
}

static int line_row(void *ctx, const struct bank_line_row *l)
{
	struct html *h = ctx;
	int waiting = !strcmp(l->status, "pending") || !strcmp(l->status, "unmatched") ||
		      !strcmp(l->status, "rejected");
	int movable = waiting || !strcmp(l->status, "auto") || !strcmp(l->status, "confirmed");
	html_printf(h, "<tr data-line=\"%lld\"><td>", (long long)l->id);
	if (movable)
		html_printf(h, "<input type=\"checkbox\" name=\"line\" value=\"%lld\" "
			    "aria-label=\"Chọn dòng %lld\">", (long long)l->id, (long long)l->id);
	html_printf(h, "</td><td>%lld</td><td>", (long long)l->id);
	html_date(h, l->date);
	html_printf(h, "</td><td>%s</td><td class=\"num\">", l->txn_no);
	html_money(h, l->credit ? l->credit : l->debit);
	html_printf(h, "</td><td class=\"desc\">%s</td><td>", l->description);
	if (l->suggest_donor)
		html_printf(h, "%s <span class=\"tag\">%d điểm</span><br><small>%s</small>",
			    l->suggest_name, l->score, l->reason);
	else
		html_printf(h, "<small>%s</small>", l->reason);
	html_printf(h, "</td><td>%s<br><small>%s</small></td><td>", status_label(l->status),
		    l->donor_name);
	if (movable) {
		html_printf(h, "<input class=\"donor-id\" name=\"donor-%lld\" inputmode=\"numeric\" "
			    "size=\"6\" aria-label=\"Mã nhà hảo tâm cho dòng %lld\" placeholder=\"mã NHT\">"
			    "<button type=\"submit\" name=\"only\" value=\"%lld\" class=\"primary\" "
			    "data-key=\"confirm\">Xác nhận</button>", (long long)l->id, (long long)l->id,
			    (long long)l->id);
		if (l->suggest_donor && strcmp(l->status, "rejected"))
			html_printf(h, " <button type=\"submit\" name=\"only\" value=\"%lld\" "
				    "formaction=\"/quan-ly/doi-soat/tu-choi\" data-key=\"reject\">"
				    "Từ chối</button>", (long long)l->id);
	}
	html_raw(h, "</td></tr>");
	return 0;
}

static int donor_found(void *ctx, const struct donor_card *d)
{
	struct html *h = ctx;
	html_printf(h, "<tr><td class=\"num\">%lld</td><td>%s</td><td>%s</td><td>%s</td></tr>",
		    (long long)d->id, d->name, d->unit_code, d->tax_code);
	return 0;
}

static int queue_page(struct web_req *rq, struct web_resp *rs, int status, const char *error)
{
	struct html h = {BUF_INIT};
	struct err e = {0};
	char *view, *q;
	int64_t page, total = 0;
	int ok = 0, rc = -1, threshold;

	if (web_text(rq, "xem", "Xem", 16, &view, &e) < 0 ||
	    web_text(rq, "q", "Tìm nhà hảo tâm", 200, &q, &e) < 0 ||
	    web_int(rq, "page", "Trang", 1, 100000, 1, &page, &e) < 0)
		return web_fail(rq, rs, 400, e.msg);
	if (view == NULL)
		view = "waiting";
	for (int i = 0; views[i]; i++)
		ok |= !strcmp(views[i], view);
	if (!ok)
		return web_fail(rq, rs, 400, "Xem: không có lựa chọn này.");
	if (reconcile_threshold(rq->db, &threshold, &rq->e) < 0)
		return -1;
	page_begin(&h, rq, PAGE_STAFF, "Đối soát ngân hàng", "reconcile");
	html_printf(&h, "<h1>Đối soát sao kê ngân hàng</h1><p class=\"hint\">Mỗi khoản ghi có đã được "
		    "ghi vào sổ ngay khi nhập sao kê; khoản chưa rõ người nộp được ghi cho “một nhà hảo "
		    "tâm chưa xác định”. Xác nhận chuyển khoản đó sang đúng nhà hảo tâm bằng bút toán "
		    "đảo ngược và ghi lại, không sửa gì. Ngưỡng tự động: %d điểm. Phím tắt: j/k chọn "
		    "dòng, Enter xác nhận, r từ chối, x đánh dấu, / tìm nhà hảo tâm.</p>", threshold);
	if (error)
		html_notice(&h, "error", error);
	else if (web_raw(rq, "ok"))
		html_notice(&h, "ok", "Đã ghi nhận quyết định đối soát.");
	html_raw(&h, "<nav class=\"tabs\" aria-label=\"Lọc\">");
	for (int i = 0; views[i]; i++)
		html_printf(&h, "<a href=\"/quan-ly/doi-soat?xem=%s\"%s>%s</a> ", views[i],
			    !strcmp(views[i], view) ? " aria-current=\"page\"" : "", view_labels[i]);
	html_printf(&h, "</nav><form class=\"search\" method=\"get\" action=\"/quan-ly/doi-soat\" "
		    "role=\"search\"><input type=\"hidden\" name=\"xem\" value=\"%s\">"
		    "<label for=\"q\">Tìm nhà hảo tâm (lấy mã để xác nhận)</label><div class=\"search-row\">"
		    "<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" autocomplete=\"off\">"
		    "<button type=\"submit\">Tìm</button></div></form>", view, q ? q : "");
	if (q) {
		int more;
		html_raw(&h, "<div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
			    "<th scope=\"col\">Mã</th><th scope=\"col\">Nhà hảo tâm</th>"
			    "<th scope=\"col\">Đơn vị</th><th scope=\"col\">Mã số thuế</th></tr></thead>"
			    "<tbody>");
		if (staff_donor_find(rq, q, 10, 0, donor_found, &h, &more) < 0)
			goto cleanup;
		html_raw(&h, "</tbody></table></div>");
	}
	struct bank_line_filter f = {.status = !strcmp(view, "waiting") ? NULL : view,
				     .limit = QUEUE_PAGE, .offset = (page - 1) * QUEUE_PAGE};
	html_raw(&h, "<form method=\"post\" action=\"/quan-ly/doi-soat/xac-nhan\" id=\"queue\">");
	html_csrf(&h, rq);
	html_printf(&h, "<input type=\"hidden\" name=\"xem\" value=\"%s\">", view);
	html_raw(&h, "<div class=\"table-wrap\"><table class=\"list queue\"><thead><tr>"
		    "<th scope=\"col\"></th><th scope=\"col\">Dòng</th><th scope=\"col\">Ngày</th>"
		    "<th scope=\"col\">Số GD</th><th scope=\"col\" class=\"num\">Số tiền</th>"
		    "<th scope=\"col\">Nội dung</th><th scope=\"col\">Gợi ý</th>"
		    "<th scope=\"col\">Hiện ghi cho</th><th scope=\"col\"></th></tr></thead><tbody>");
	if (store_bank_lines_each(rq->db, &f, line_row, &h, &total, &rq->e) < 0)
		goto cleanup;
	html_raw(&h, "</tbody></table></div>");
	if (total == 0)
		html_raw(&h, "<p class=\"empty\">Không có dòng nào.</p>");
	else
		html_raw(&h, "<p class=\"actions\"><button type=\"submit\" class=\"primary\">Xác nhận các "
			    "dòng đã chọn</button> <button type=\"submit\" "
			    "formaction=\"/quan-ly/doi-soat/tu-choi\">Từ chối các dòng đã chọn</button></p>");
	html_raw(&h, "</form>");
	int64_t pages = (total + QUEUE_PAGE - 1) / QUEUE_PAGE;
	if (pages > 1) {
		html_raw(&h, "<nav class=\"pager\" aria-label=\"Phân trang\">");
		if (page > 1)
			html_printf(&h, "<a rel=\"prev\" href=\"/quan-ly/doi-soat?xem=%s&page=%lld\">← "
				    "Trang trước</a>", view, (long long)(page - 1));
		html_printf(&h, "<span>Trang %lld / %lld</span>", (long long)page, (long long)pages);
		if (page < pages)
			html_printf(&h, "<a rel=\"next\" href=\"/quan-ly/doi-soat?xem=%s&page=%lld\">"
				    "Trang sau →</a>", view, (long long)(page + 1));
		html_raw(&h, "</nav>");
	}
	html_printf(&h, "<script src=\"%s\" defer></script>", asset_url("doi-soat.js"));
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, status, &h);
cleanup:
	buf_free(&h.b);
	return rc;
}

int page_reconcile(struct web_req *rq, struct web_resp *rs)
{
	return queue_page(rq, rs, 200, NULL);
}

/* The lines a decision is about: the one button pressed ("only"), else
 * every ticked box; for each, the donor typed beside it (0: none). */
static int chosen_lines(struct web_req *rq, int64_t *lines, int64_t *donors, int *n,
			struct err *e)
{
	const struct web_params *p = web_input(rq);
	const char *only = web_raw(rq, "only");
	*n = 0;
	for (int i = 0; i < p->n && *n < WEB_FIELDS_MAX; i++) {
		const char *k = p->v[i].key, *v = p->v[i].val;
		if (only ? strcmp(k, "only") : strcmp(k, "line"))
			continue;
		char *end, key[40];
		long long id = strtoll(v, &end, 10);
		if (*end || id <= 0)
			return err_fail(e, "Dòng '%s' không hợp lệ.", v);
		snprintf(key, sizeof key, "donor-%lld", id);
		const char *d = web_raw(rq, key);
		long long donor = 0;
		if (d && d[0]) {
			donor = strtoll(d, &end, 10);
			if (*end || donor <= 0)
				return err_fail(e, "Dòng %lld: mã nhà hảo tâm '%s' không hợp lệ.", id, d);
		}
		lines[*n] = id;
		donors[*n] = donor;
		(*n)++;
	}
	return *n ? 0 : err_fail(e, "Chưa chọn dòng nào.");
}

static int decide(struct web_req *rq, struct web_resp *rs, int confirm)
{
	int64_t lines[WEB_FIELDS_MAX], donors[WEB_FIELDS_MAX];
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	char loc[64];
	int n;

	if (chosen_lines(rq, lines, donors, &n, &e) < 0)
		return queue_page(rq, rs, 422, e.msg);
	if ((confirm ? reconcile_confirm(rq->db, &who, lines, donors, n, &e)
		     : reconcile_reject(rq->db, &who, lines, n, &e)) < 0) {
		char msg[ERR_MSG_MAX + 40];
		snprintf(msg, sizeof msg, "Không ghi được: %s", e.msg);
		return queue_page(rq, rs, 422, msg);
	}
	const char *view = web_raw(rq, "xem");
	int known = 0;
	for (int i = 0; views[i] && view; i++)
		known |= !strcmp(views[i], view);
	snprintf(loc, sizeof loc, "/quan-ly/doi-soat?xem=%s&ok=%d", known ? view : "waiting", n);
	resp_redirect(rs, loc);
	return 0;
}

int post_reconcile_confirm(struct web_req *rq, struct web_resp *rs)
{
	return decide(rq, rs, 1);
}

int post_reconcile_reject(struct web_req *rq, struct web_resp *rs)
{
	return decide(rq, rs, 0);
}

/* ---- statements: upload and the list of those imported ---- */

#define STATEMENTS_SHOWN 50

static int statement_row(void *ctx, const struct bank_statement_row *r)
{
	struct html *h = ctx;
	struct buf when = BUF_INIT;
	time_format_vn(&when, r->imported_at);
	/* data-label names the cell on a phone, where the header is hidden */
	html_printf(h, "<tr><td>%s</td><td data-label=\"Tệp\">%s</td><td data-label=\"Tài khoản\">%s"
		    "</td><td data-label=\"Mẫu\">%s</td><td class=\"num counted\" data-label=\"Số dòng\">",
		    buf_cstr(&when), r->file_name, r->account, r->profile);
	html_number(h, r->lines_read);
	html_raw(h, "</td><td class=\"num counted\" data-label=\"Dòng mới\">");
	html_number(h, r->lines_new);
	html_printf(h, "</td><td data-label=\"Người nhập\">%s</td></tr>", r->actor);
	buf_free(&when);
	return 0;
}

/* What one import did, as the clerk reads it. */
static void import_summary(struct html *h, const char *file, const struct bank_import_result *r)
{
	html_printf(h, "<section class=\"result\" aria-live=\"polite\"><h2>Đã nhập %s</h2><p>Sao kê "
		    "tài khoản <strong>%s</strong> (mẫu %s): ", file, r->account, r->profile);
	html_number(h, r->lines);
	html_raw(h, " dòng, trong đó ");
	html_number(h, r->credits);
	html_raw(h, " dòng ghi có mới (");
	html_money(h, r->credited);
	html_raw(h, " vào sổ) và ");
	html_number(h, r->debits);
	html_raw(h, " dòng ghi nợ; ");
	html_number(h, r->known);
	html_raw(h, " dòng đã có từ sao kê trước, không ghi lại");
	if (r->existing) {
		html_raw(h, "; ");
		html_number(h, r->existing);
		html_raw(h, " khoản ghi có đã vào sổ từ trước (cùng số giao dịch)");
	}
	html_raw(h, ".</p><ul><li>Tự động ghi cho đúng nhà hảo tâm: <strong>");
	html_number(h, r->auto_matched);
	html_raw(h, "</strong></li><li>Có gợi ý, chờ xác nhận: <strong>");
	html_number(h, r->queued);
	html_raw(h, "</strong></li><li>Chưa rõ người nộp (đã ghi cho “một nhà hảo tâm chưa xác định”): "
		    "<strong>");
	html_number(h, r->unmatched);
	html_raw(h, "</strong></li></ul>");
	if (r->unregistered) {
		char msg[600];
		snprintf(msg, sizeof msg, "Lưu ý: tài khoản %s không phải tài khoản thu đã đăng ký của "
			 "cuộc vận động nào. Nếu đây không phải sao kê của Quỹ, hãy báo quản trị viên: "
			 "các khoản ghi có đã được ghi vào sổ và chỉ sửa được bằng bút toán đảo ngược.",
			 r->account);
		html_notice(h, "info", msg);
	}
	html_raw(h, "<p><a class=\"button primary\" href=\"/quan-ly/doi-soat\">Mở hàng "
		    "chờ đối soát</a></p></section>");
}

static int statements_page(struct web_req *rq, struct web_resp *rs, int status, const char *error,
			   const char *file, const struct bank_import_result *done)
{
	struct html h = {BUF_INIT};
	int rc = -1;

	page_begin(&h, rq, PAGE_STAFF, "Sao kê ngân hàng", "statements");
	html_raw(&h, "<h1>Sao kê ngân hàng</h1><p class=\"hint\">Tải lên tệp sao kê xuất từ ngân hàng "
		    "(CSV hoặc Excel .xlsx, tối đa 16 MB). Mỗi dòng ghi có được ghi vào sổ ngay và đối "
		    "soát tự động; dòng nào không chắc chắn chờ ở <a href=\"/quan-ly/doi-soat\">hàng chờ "
		    "đối soát</a>. Dòng đã nhập từ một sao kê trước (cùng tài khoản, cùng số giao dịch) "
		    "không được ghi lại, nên nhập chồng các sao kê giao nhau vẫn an toàn. Một lỗi ở bất "
		    "kỳ dòng nào thì cả tệp không được nhập.</p>");
	if (error)
		html_notice(&h, "error", error);
	if (done)
		import_summary(&h, file, done);
	html_raw(&h, "<form class=\"form upload\" method=\"post\" action=\"/quan-ly/sao-ke\" "
		    "enctype=\"multipart/form-data\">");
	html_csrf(&h, rq);
	html_raw(&h, "<label for=\"tep\">Tệp sao kê</label><input id=\"tep\" name=\"tep\" "
		    "type=\"file\" accept=\".csv,.xlsx,text/csv,application/vnd.openxmlformats-"
		    "officedocument.spreadsheetml.sheet\" required><label for=\"mau\">Mẫu sao kê của "
		    "ngân hàng</label><select id=\"mau\" name=\"mau\"><option value=\"\">Tự nhận theo "
		    "dòng tiêu đề</option>");
	for (int i = 0; i < bank_profile_texts_count; i++) {
		struct bank_profile p;
		struct err e = {0};
		if (bank_profile_parse(bank_profile_texts[i].data, bank_profile_texts[i].len,
				       bank_profile_texts[i].name, &p, &e) == 0)
			html_printf(&h, "<option value=\"%s\">%s</option>", p.name, p.bank);
	}
	html_raw(&h, "</select><label for=\"tk\">Số tài khoản nhận (không bắt buộc: để kiểm tra sao kê "
		    "đúng tài khoản)</label><input id=\"tk\" name=\"tk\" inputmode=\"numeric\" "
		    "autocomplete=\"off\"><p class=\"actions\"><button type=\"submit\" class=\"primary\">"
		    "Nhập sao kê</button></p></form>");
	html_raw(&h, "<h2>Sao kê đã nhập</h2><div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
		    "<th scope=\"col\">Nhập lúc</th><th scope=\"col\">Tệp</th><th scope=\"col\">Tài "
		    "khoản</th><th scope=\"col\">Mẫu</th><th scope=\"col\" class=\"num\">Số dòng</th>"
		    "<th scope=\"col\" class=\"num\">Dòng mới</th><th scope=\"col\">Người nhập</th></tr>"
		    "</thead><tbody>");
	if (store_bank_statements_each(rq->db, STATEMENTS_SHOWN, statement_row, &h, &rq->e) < 0)
		goto cleanup;
	html_raw(&h, "</tbody></table></div>");
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, status, &h);
cleanup:
	buf_free(&h.b);
	return rc;
}

int page_statements(struct web_req *rq, struct web_resp *rs)
{
	return statements_page(rq, rs, 200, NULL, NULL, NULL);
}

/* ".csv" or ".xlsx" of the uploaded file's name (what the readers go by),
 * else NULL. */
static const char *upload_ext(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot && !strcasecmp(dot, ".csv"))
		return ".csv";
	if (dot && !strcasecmp(dot, ".xlsx"))
		return ".xlsx";
	return NULL;
}

/* The temporary file's name in a message shown as the clerk's file name. */
static void name_as_uploaded(char *msg, size_t n, const char *tmp, const char *shown)
{
	char out[ERR_MSG_MAX];
	size_t k = 0, tl = strlen(tmp), sl = strlen(shown);
	for (const char *p = msg; *p && k + 1 < sizeof out;) {
		if (!strncmp(p, tmp, tl) && k + sl + 1 < sizeof out) {
			memcpy(out + k, shown, sl);
			k += sl;
			p += tl;
		} else {
			out[k++] = *p++;
		}
	}
	out[k] = '\0';
	snprintf(msg, n, "%s", out);
}

int post_statement(struct web_req *rq, struct web_resp *rs)
{
	const struct web_upload *u = &rq->upload;
	struct bank_import_result res = {0};
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	char *profile, *account, *path = NULL, msg[ERR_MSG_MAX + 64];
	const char *ext;
	int rc;

	if (web_text(rq, "mau", "Mẫu sao kê", 32, &profile, &e) < 0 ||
	    web_text(rq, "tk", "Số tài khoản", 40, &account, &e) < 0)
		return statements_page(rq, rs, 422, e.msg, NULL, NULL);
	if (u->data == NULL || u->filename[0] == '\0')
		return statements_page(rq, rs, 422, "Chưa chọn tệp sao kê.", NULL, NULL);
	if ((ext = upload_ext(u->filename)) == NULL)
		return statements_page(rq, rs, 422, "Tệp sao kê phải là .csv hoặc .xlsx.", NULL, NULL);
	if (u->len == 0)
		return statements_page(rq, rs, 422, "Tệp sao kê trống.", NULL, NULL);
	/* the readers (the xlsx one above all) read files */
	if ((path = afile_temp_with(ext + 1, u->data, u->len, &rq->e)) == NULL)
		return -1;
	struct bank_import_opts o = {.path = path, .name = u->filename, .profile = profile,
				     .account = account};
	rc = bank_import(rq->db, &who, &o, &res, &e);
	unlink(path);
	if (rc < 0) {
		name_as_uploaded(e.msg, sizeof e.msg, path, u->filename);
		free(path);
		snprintf(msg, sizeof msg, "Không nhập được (không dòng nào được ghi): %s", e.msg);
		return statements_page(rq, rs, 422, msg, NULL, NULL);
	}
	free(path);
	return statements_page(rq, rs, 200, NULL, u->filename, &res);
}
