/* The donor's check of a receipt (/verify, /xac-minh): the verification code
 * printed on the receipt (and in its QR code, as /verify?code=…) names the
 * contribution and carries the salt of its identity commitment.  The page
 * shows the entry as the log committed it, its leaf, and the verdict; the
 * server checks the inclusion proof, and verify.js checks it again in the
 * browser against the checkpoint served at /log/checkpoint, fetching the
 * proof from /api/public/proof.  The donor's name is shown only under the
 * portal's publication rule (never for an anonymous gift). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "ledger/log.h"
#include "web/page.h"
#include "web/portal.h"
#include "web/web.h"

#define CODE_INPUT_MAX 200
#define ANONYMOUS "Nhà hảo tâm ẩn danh"

struct check {
	int status; /* 200 recorded, 404 not found, 400 not a code */
	struct log_lookup l;
	char date[DATE_MAX], receipt[LOG_CODE_RECEIPT_MAX + 1], campaign[CODE_MAX + 1];
	char unit[CODE_MAX + 1], amount_text[24];
	int64_t amount;
	struct unit_row u;
	int has_unit;
	char *donor; /* the public name, NULL when not shown */
};

static void check_free(struct check *k)
{
	log_lookup_free(&k->l);
	free(k->donor);
}

static int public_name(void *ctx, const struct web_public_contribution *c)
{
	char **donor = ctx;
	if (c->donor && !*donor)
		*donor = xstrdup(c->donor);
	return 0;
}

/* Looks the code up (signing the newest entries first, so a receipt
 * printed a moment ago is found).  0 with k->status set, -1 on failure. */
static int check_code(struct web_req *rq, const char *code, struct check *k)
{
	const struct buf *leaf = &k->l.proof.entry;
	struct campaign_row c;
	int found;

	memset(k, 0, sizeof *k);
	if (!log_code_wellformed(code)) {
		k->status = 400;
		return 0;
	}
	if (web_log_fresh(rq) < 0 || (found = log_lookup(rq->db, code, &k->l, &rq->e)) < 0)
		return -1;
	if (!found) {
		k->status = 404;
		return 0;
	}
	k->status = 200;
	if (!log_leaf_field(leaf->p, leaf->len, "date", k->date, sizeof k->date) ||
	    !log_leaf_field(leaf->p, leaf->len, "receipt", k->receipt, sizeof k->receipt) ||
	    !log_leaf_field(leaf->p, leaf->len, "campaign", k->campaign, sizeof k->campaign) ||
	    !log_leaf_field(leaf->p, leaf->len, "amount", k->amount_text, sizeof k->amount_text))
		return err_fail(&rq->e, "leaf %lld lacks a field", (long long)k->l.leaf);
	k->amount = strtoll(k->amount_text, NULL, 10);
	if (log_leaf_field(leaf->p, leaf->len, "unit", k->unit, sizeof k->unit) &&
	    (k->has_unit = store_unit_by_code(rq->db, k->unit, &k->u, &rq->e)) < 0)
		return -1;
	if ((found = store_campaign_by_code(rq->db, k->campaign, &c, &rq->e)) < 0)
		return -1;
	if (found) {
		struct web_list_query q = {.campaign_id = c.id, .receipt = k->receipt, .limit = 1};
		int64_t total;
		if (store_web_public_contributions(rq->db, &q, public_name, &k->donor, &total,
						   &rq->e) < 0)
			return -1;
	}
	return 0;
}

static void b64(struct buf *out, const void *p, size_t n)
{
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *t = xmalloc(cap);
	sodium_bin2base64(t, cap, p, n, sodium_base64_VARIANT_ORIGINAL);
	buf_puts(out, t);
	free(t);
}

static void json_text(struct buf *b, const char *key, const char *v)
{
	buf_printf(b, ",\"%s\":", key);
	if (v)
		json_string(b, v);
	else
		buf_puts(b, "null");
}

/* GET /api/public/proof?code=…[&size=N]: the entry, its leaf's bytes and
 * the inclusion proof against the checkpoint of size N (a size the log has
 * signed, as read from /log/checkpoint; default the latest). */
int api_proof(struct web_req *rq, struct web_resp *rs)
{
	struct check k;
	struct log_proof other = {0};
	struct log_proof *p;
	struct err e = {0};
	struct buf b = BUF_INIT;
	char *code = NULL;
	int64_t size;
	int rc = -1;

	memset(&k, 0, sizeof k);
	if (web_text(rq, "code", "code", CODE_INPUT_MAX, &code, &e) < 0 ||
	    web_int(rq, "size", "size", 1, INT64_MAX / 4, 0, &size, &e) < 0)
		return web_fail(rq, rs, 400, e.msg);
	if (code == NULL)
		return web_fail(rq, rs, 400, "code: the verification code on the receipt is required");
	if (check_code(rq, code, &k) < 0)
		goto cleanup;
	if (k.status != 200) {
		rc = web_fail(rq, rs, k.status, k.status == 400 ? "code: not a verification code"
								 : "không tìm thấy: no such contribution");
		goto cleanup;
	}
	p = &k.l.proof;
	if (size && size != p->size) {
		if (log_prove_leaf(rq->db, k.l.leaf, size, &other, &e) < 0) {
			rc = web_fail(rq, rs, 404, e.msg);
			goto cleanup;
		}
		p = &other;
	}
	buf_printf(&b, "{\"found\":true,\"entry_id\":%lld,\"leaf\":%lld,\"size\":%lld",
		   (long long)k.l.entry_id, (long long)p->index, (long long)p->size);
	buf_puts(&b, ",\"reversed_by\":");
	if (k.l.reversed_by)
		buf_printf(&b, "%lld", (long long)k.l.reversed_by);
	else
		buf_puts(&b, "null");
	buf_puts(&b, ",\"leaf_data\":\"");
	b64(&b, p->entry.p, p->entry.len);
	buf_puts(&b, "\",\"proof\":[");
	for (int i = 0; i < p->nhash; i++) {
		buf_puts(&b, i ? ",\"" : "\"");
		b64(&b, p->hash[i], sizeof p->hash[i]);
		buf_putc(&b, '"');
	}
	buf_puts(&b, "],\"checkpoint\":");
	json_string(&b, buf_cstr(&p->note));
	buf_printf(&b, ",\"entry\":{\"amount\":%lld", (long long)k.amount);
	json_text(&b, "date", k.date);
	json_text(&b, "receipt", k.receipt);
	json_text(&b, "campaign", k.campaign);
	json_text(&b, "unit", k.unit[0] ? k.unit : NULL);
	json_text(&b, "unit_name", k.has_unit ? k.u.name : NULL);
	json_text(&b, "donor", k.donor);
	buf_puts(&b, "}}\n");
	rs->cache = "no-store";
	resp_json(rs, 200, &b);
	rc = 0;
cleanup:
	log_proof_free(&other);
	check_free(&k);
	buf_free(&b);
	return rc;
}

static void code_form(struct html *h, const char *code)
{
	html_printf(h, "<form method=\"get\" action=\"/verify\" class=\"search\" role=\"search\">"
		    "<label for=\"code\">Mã xác minh in trên biên nhận</label> "
		    "<input id=\"code\" name=\"code\" value=\"%s\" required autocomplete=\"off\" "
		    "spellcheck=\"false\" autocapitalize=\"characters\" size=\"70\" "
		    "placeholder=\"TV2019-000010.JDUT24GQ…\"> "
		    "<button type=\"submit\">Kiểm tra</button></form>", code ? code : "");
}

static void found_page(struct html *h, struct check *k, const char *code)
{
	struct log_proof *p = &k->l.proof;
	html_raw(h, "<section id=\"verdict\" class=\"notice notice-ok verdict\" role=\"status\">"
		    "<h2>Đã được ghi nhận</h2><p>Khoản đóng góp này có trong sổ cái công khai của Quỹ. "
		    "Bằng chứng dưới đây đã được <strong>máy chủ kiểm tra</strong> với điểm chốt mới "
		    "nhất của sổ.</p></section>");
	if (k->l.reversed_by)
		html_printf(h, "<div class=\"notice notice-info\" role=\"status\">Khoản này đã được hủy "
			    "(bút toán hủy số %lld, cũng có trong sổ).</div>",
			    (long long)k->l.reversed_by);
	html_raw(h, "<h2>Khoản đóng góp như đã ghi vào sổ</h2><div class=\"table-wrap\">"
		    "<table class=\"facts\"><tbody><tr><th scope=\"row\">Ngày</th><td>");
	html_date(h, k->date);
	html_raw(h, "</td></tr><tr><th scope=\"row\">Số tiền</th><td class=\"amount\">");
	html_money(h, k->amount);
	html_printf(h, "</td></tr><tr><th scope=\"row\">Đơn vị</th><td>%s</td></tr>",
		    k->has_unit ? k->u.name : k->unit[0] ? k->unit : "—");
	html_printf(h, "<tr><th scope=\"row\">Số biên nhận</th><td>%s</td></tr>", k->receipt);
	html_printf(h, "<tr><th scope=\"row\">Nhà hảo tâm</th><td>%s</td></tr>",
		    k->donor ? k->donor : ANONYMOUS);
	html_printf(h, "<tr><th scope=\"row\">Vị trí trong sổ</th><td>mục số %lld (bút toán %lld) "
		    "trong sổ gồm %lld mục</td></tr></tbody></table></div>", (long long)k->l.leaf,
		    (long long)k->l.entry_id, (long long)p->size);
	/* verify.js replaces this with its own result; without JavaScript it
	 * says who checked */
	html_printf(h, "<div id=\"browser-check\" class=\"notice notice-info\" role=\"status\" "
		    "data-state=\"server\" data-code=\"%s\" data-leaf=\"%lld\"><p>Kết quả trên do máy chủ kiểm tra. "
		    "Bật JavaScript để trình duyệt của bạn tự kiểm tra lại bằng chứng.</p></div>",
		    code, (long long)k->l.leaf);
	html_raw(h, "<details class=\"verify-data\"><summary>Dữ liệu của mục trong sổ (để tự kiểm "
		    "tra)</summary>");
	html_printf(h, "<pre>%s</pre>", buf_cstr(&p->entry));
	html_printf(h, "<p>Điểm chốt (checkpoint) đã ký:</p><pre>%s</pre>",
		    buf_cstr(&p->note));
	html_raw(h, "<p>Sổ được công bố theo chuẩn C2SP tlog-tiles tại <a href=\"/log/checkpoint\">"
		    "/log/checkpoint</a>; ai cũng có thể kiểm tra bằng <code>ansinh log watch</code>."
		    "</p></details>");
}

int page_verify(struct web_req *rq, struct web_resp *rs)
{
	struct html h = {BUF_INIT};
	struct check k;
	struct err e = {0};
	char *code = NULL;
	int status = 200, rc = -1;

	memset(&k, 0, sizeof k);
	if (web_text(rq, "code", "Mã xác minh", CODE_INPUT_MAX, &code, &e) < 0)
		status = 400;
	else if (code && check_code(rq, code, &k) < 0)
		goto cleanup;
	else if (code)
		status = k.status;
	rs->cache = "no-store";
	page_begin(&h, rq, PAGE_PUBLIC, "Xác minh đóng góp", "verify");
	html_printf(&h, "<link rel=\"stylesheet\" href=\"%s\">", asset_url("verify.css"));
	html_raw(&h, "<h1>Xác minh đóng góp</h1><p class=\"lead\">Mỗi khoản đóng góp được ghi vào "
		    "một sổ cái công khai không thể sửa đổi. Nhập mã xác minh in trên biên nhận (hoặc "
		    "quét mã QR) để xem khoản của bạn đã được ghi nhận hay chưa.</p>");
	code_form(&h, code);
	if (status == 400)
		html_raw(&h, "<div class=\"notice notice-error\" role=\"alert\"><h2>Mã không đúng dạng"
			    "</h2><p>Mã xác minh gồm số biên nhận, dấu chấm, rồi 52 chữ cái và chữ số "
			    "(A–Z, 2–7), ví dụ <code>TV2019-000010.JDUT24GQ…</code>. Xin kiểm tra lại."
			    "</p></div>");
	else if (status == 404)
		html_raw(&h, "<section id=\"verdict\" class=\"notice notice-error verdict\" "
			    "role=\"alert\"><h2>Không tìm thấy</h2><p>Không có khoản đóng góp nào mang mã "
			    "này trong sổ. Xin kiểm tra lại từng ký tự; nếu vẫn không thấy, xin liên hệ "
			    "Quỹ và mang theo biên nhận.</p></section>");
	else if (code)
		found_page(&h, &k, code);
	html_printf(&h, "<script src=\"%s\" defer></script>", asset_url("verify.js"));
	page_end(&h, rq, PAGE_PUBLIC);
	rc = page_send(rs, status, &h);
cleanup:
	check_free(&k);
	buf_free(&h.b);
	return rc;
}
