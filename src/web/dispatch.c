/* Every request goes through web_dispatch, in this order:
 *   1. the route (404 unknown path, 405 known path with another method);
 *   2. the body's size (413) — checked before anything is parsed;
 *   3. who is calling (session cookie; Bearer token on /api/; 401 for a bad
 *      token);
 *   4. the route's capability (login page or 401 for nobody, 403 for a
 *      role without it);
 *   5. the input: query arguments and the body, by the route's declared
 *      type (415 for another content type, 400 for malformed or non-UTF-8
 *      input);
 *   6. the CSRF token of any POST made with a session or to the login form
 *      (403 when stale or missing);
 *   7. the handler.
 * So a handler never runs for a caller its route does not admit, and never
 * sees input it did not declare the type of. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/json.h"
#include "text/utf8.h"
#include "web/page.h"
#include "web/web.h"

void resp_header(struct web_resp *rs, const char *name, const char *value)
{
	if (rs->nhdr == WEB_HEADERS_OUT)
		fatal("resp_header: more than %d headers", WEB_HEADERS_OUT);
	rs->hdr[rs->nhdr].name = xstrdup(name);
	rs->hdr[rs->nhdr].value = xstrdup(value);
	rs->nhdr++;
}

void resp_redirect(struct web_resp *rs, const char *location)
{
	rs->status = 303;
	resp_header(rs, "Location", location);
	buf_reset(&rs->body);
	rs->ctype = "text/plain; charset=utf-8";
}

void resp_json(struct web_resp *rs, int status, struct buf *body)
{
	rs->status = status;
	rs->ctype = "application/json; charset=utf-8";
	buf_free(&rs->body);
	rs->body = *body;
	*body = (struct buf)BUF_INIT;
}

void resp_free(struct web_resp *rs)
{
	buf_free(&rs->body);
	for (int i = 0; i < rs->nhdr; i++) {
		free(rs->hdr[i].name);
		free(rs->hdr[i].value);
	}
	rs->nhdr = 0;
}

static const char *status_title(int status)
{
	switch (status) {
	case 400: return "Yêu cầu không hợp lệ";
	case 401: return "Cần đăng nhập";
	case 403: return "Không được phép";
	case 404: return "Không tìm thấy trang";
	case 405: return "Phương thức không được hỗ trợ";
	case 409: return "Xung đột dữ liệu";
	case 413: return "Dữ liệu gửi lên quá lớn";
	case 415: return "Sai kiểu dữ liệu gửi lên";
	case 422: return "Dữ liệu chưa đúng";
	case 429: return "Thử quá nhiều lần";
	default: return "Lỗi máy chủ";
	}
}

int web_fail(struct web_req *rq, struct web_resp *rs, int status, const char *msg)
{
	if (rq->api) {
		struct buf b = BUF_INIT;
		buf_puts(&b, "{\"error\":");
		json_string(&b, msg);
		buf_puts(&b, "}\n");
		resp_json(rs, status, &b);
		return 0;
	}
	struct html h = {BUF_INIT};
	int staff = rq->who.kind == WHO_SESSION;
	page_begin(&h, rq, staff ? PAGE_STAFF : PAGE_PUBLIC, status_title(status), NULL);
	html_printf(&h, "<section class=\"error-page\"><h1>%s</h1><p>%s</p>", status_title(status),
		    msg);
	html_printf(&h, "<p><a href=\"%s\">← Về trang %s</a></p></section>", staff ? "/quan-ly" : "/",
		    staff ? "tổng quan" : "chủ");
	page_end(&h, rq, staff ? PAGE_STAFF : PAGE_PUBLIC);
	return page_send(rs, status, &h);
}

/* The media type of the Content-Type header, without parameters. */
static int content_type_is(struct web_req *rq, const char *want)
{
	const char *ct = web_header(rq, "Content-Type");
	size_t n = strlen(want);
	if (ct == NULL)
		return 0;
	while (*ct == ' ')
		ct++;
	return strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static int parse_body(struct web_req *rq, struct web_resp *rs)
{
	struct err e = {0};
	const struct route *r = rq->route;
	if (r->body == BODY_FORM) {
		if (!content_type_is(rq, "application/x-www-form-urlencoded"))
			return web_fail(rq, rs, 415, "Biểu mẫu phải được gửi dạng "
				      "application/x-www-form-urlencoded."), -1;
		if (params_parse_form(&rq->form, rq->body.p ? rq->body.p : "", rq->body.len, &e) < 0)
			return web_fail(rq, rs, 400, e.msg), -1;
	} else if (r->body == BODY_MULTIPART) {
		if (!content_type_is(rq, "multipart/form-data"))
			return web_fail(rq, rs, 415, "Biểu mẫu gửi tệp phải được gửi dạng "
				      "multipart/form-data."), -1;
		if (multipart_parse(web_header(rq, "Content-Type"), rq->body.p, rq->body.len, &rq->form,
				    &rq->upload, &e) < 0)
			return web_fail(rq, rs, 400, e.msg), -1;
	} else if (r->body == BODY_JSON) {
		if (!content_type_is(rq, "application/json"))
			return web_fail(rq, rs, 415, "the body must be application/json"), -1;
		if (params_parse_json(&rq->form, rq->body.p ? rq->body.p : "", rq->body.len, &e) < 0)
			return web_fail(rq, rs, 400, e.msg), -1;
	}
	return 0;
}

/* POSTs made with a session carry the session's token (form field "csrf" or
 * header X-CSRF-Token); the login form carries the pre-login cookie's.
 * Requests authenticated by a Bearer token carry no ambient credential and
 * need none. */
static int csrf_ok(struct web_req *rq)
{
	const char *want, *got;
	if (strcmp(rq->method, "POST") != 0 || rq->who.kind == WHO_TOKEN)
		return 1;
	want = auth_csrf(rq);
	got = rq->route->body == BODY_FORM || rq->route->body == BODY_MULTIPART ? web_raw(rq, "csrf")
									       : NULL;
	if (got == NULL)
		got = web_header(rq, "X-CSRF-Token");
	return want[0] && got && got[0] && secret_equal(want, got);
}

static void login_redirect(struct web_req *rq, struct web_resp *rs)
{
	struct buf loc = BUF_INIT;
	buf_puts(&loc, "/dang-nhap");
	/* come back here after login (pages read by GET only) */
	if (strcmp(rq->method, "POST") != 0 && strncmp(rq->path, "/quan-ly", 8) == 0) {
		buf_puts(&loc, "?next=");
		url_arg(&loc, rq->path);
	}
	resp_redirect(rs, buf_cstr(&loc));
	buf_free(&loc);
}

void web_dispatch(struct web_req *rq, struct web_resp *rs)
{
	int known = 0, bad_token = 0;

	rs->cache = "no-store";
	rq->api = strncmp(rq->path, "/api/", 5) == 0;
	/* Pages speak Vietnamese, the core's messages too; the JSON API, for
	 * programs, keeps the English ones (docs/vietnamese.md). */
	err_lang_set(rq->api ? ERR_LANG_EN : ERR_LANG_VI);
	if (strlen(rq->path) > WEB_PATH_MAX || !text_is_utf8(rq->path, strlen(rq->path))) {
		web_fail(rq, rs, 400, "Địa chỉ trang không hợp lệ.");
		return;
	}
	rq->route = route_find(rq->method, rq->path, rq->arg, &rq->narg, &known);
	if (rq->route == NULL) {
		if (known) {
			struct buf allow = BUF_INIT;
			route_allow(rq->path, &allow);
			resp_header(rs, "Allow", buf_cstr(&allow));
			buf_free(&allow);
			web_fail(rq, rs, 405, rq->api ? "method not allowed"
						    : "Trang này không nhận phương thức đó.");
		} else {
			web_fail(rq, rs, 404, rq->api ? "no such endpoint"
						    : "Không có trang này. Xin kiểm tra lại địa chỉ.");
		}
		return;
	}
	if (rq->too_big) {
		char msg[160];
		snprintf(msg, sizeof msg, rq->api ? "the body is larger than %zu bytes"
						  : "Dữ liệu gửi lên lớn hơn %zu byte.",
			 rq->route->body != BODY_NONE ? rq->route->body_max : (size_t)WEB_BODY_MAX);
		web_fail(rq, rs, 413, msg);
		return;
	}
	if (auth_resolve(rq, rs, &bad_token) < 0)
		goto internal;
	if (bad_token) {
		resp_header(rs, "WWW-Authenticate", "Bearer");
		web_fail(rq, rs, 401, "the API token is not valid (revoked, or its account removed)");
		return;
	}
	if (rq->route->cap != CAP_PUBLIC) {
		if (rq->who.kind == WHO_NOBODY) {
			if (rq->api) {
				resp_header(rs, "WWW-Authenticate", "Bearer");
				web_fail(rq, rs, 401, "sign in or send an API token");
			} else {
				login_redirect(rq, rs);
			}
			return;
		}
		if ((rq->who.caps & rq->route->cap) != rq->route->cap) {
			web_fail(rq, rs, 403, rq->api ? "your role may not do this"
						    : "Vai trò của bạn không được dùng chức năng này.");
			return;
		}
	}
	/* an account whose password an administrator set chooses its own
	 * before anything else (logging out is allowed) */
	if (rq->who.kind == WHO_SESSION && rq->who.row.must_change && rq->route->fn != page_password &&
	    rq->route->fn != post_password && rq->route->fn != post_logout &&
	    rq->route->fn != page_asset) {
		if (rq->api)
			web_fail(rq, rs, 403, "choose a new password first (/quan-ly/mat-khau)");
		else
			resp_redirect(rs, "/quan-ly/mat-khau?bat-buoc=1");
		return;
	}
	if (err_is_set(&rq->input_err)) {
		web_fail(rq, rs, 400, rq->input_err.msg);
		return;
	}
	if (parse_body(rq, rs) < 0)
		return;
	if (!csrf_ok(rq)) {
		web_fail(rq, rs, 403, rq->api ? "missing or stale CSRF token (X-CSRF-Token)"
					    : "Biểu mẫu đã cũ hoặc phiên làm việc đã thay đổi. "
					      "Xin tải lại trang rồi gửi lại.");
		return;
	}
	if (rq->route->fn(rq, rs) == 0)
		return;
internal:
	fprintf(stderr, "ansinh serve: %s %s: %s\n", rq->method, rq->path,
		rq->e.msg[0] ? rq->e.msg : "failed");
	if (db_in_tx(rq->db))
		db_rollback(rq->db);
	/* a handler may have set headers (cookies) for a response that is now
	 * an error page: drop them */
	resp_free(rs);
	rs->cache = "no-store";
	web_fail(rq, rs, 500, rq->api ? "internal error (logged)"
				    : "Máy chủ gặp lỗi; thao tác chưa được thực hiện. Xin thử lại.");
}
