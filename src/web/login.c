/* Signing in and out, and changing one's password.
 *
 * A login costs one argon2id verification (libsodium's interactive limits:
 * 64 MiB, about a tenth of a second), whether or not the account exists,
 * so the time taken does not tell which names are accounts.  At most
 * WEB_PASSWORD_HASHES run at once.  Failures are counted per account and
 * per address (ratelimit.c); past the limit, the form answers 429 without
 * looking at the password. */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>

#include "base/json.h"
#include "core/core.h"
#include "web/page.h"
#include "web/web.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static sem_t hashing;
static char dummy_hash[PASSWORD_HASH_MAX];

static void login_init(void)
{
	struct err e = {0};
	sem_init(&hashing, 0, WEB_PASSWORD_HASHES);
	if (account_hash_password("not a password of anyone", dummy_hash, &e) < 0)
		fatal("cannot prepare the login check: %s", e.msg);
}

/* 1 when pw is the password of u (NULL: no such account; the work is done
 * all the same). */
static int password_ok(const struct web_user_row *u, const char *pw)
{
	int ok;
	pthread_once(&once, login_init);
	while (sem_wait(&hashing) != 0)
		;
	ok = account_verify_password(u ? u->pw_hash : dummy_hash, pw ? pw : "");
	sem_post(&hashing);
	return u && !u->disabled && ok;
}

/* Only our own staff pages are places to go back to after login. */
static const char *safe_next(const char *next)
{
	if (next == NULL || strncmp(next, "/quan-ly", 8) != 0 || strlen(next) > 200)
		return NULL;
	for (const char *p = next; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '/' || *p == '-'))
			return NULL;
	return next;
}

static int login_form(struct web_req *rq, struct web_resp *rs, int status, const char *error,
		      const char *name)
{
	struct html h = {BUF_INIT};
	const char *next = safe_next(web_raw(rq, "next"));
	if (rq->prelogin[0] == '\0') {
		struct buf v = BUF_INIT;
		secret_new(&v, "");
		snprintf(rq->prelogin, sizeof rq->prelogin, "%s", v.p);
		cookie_set(rq, rs, COOKIE_PRELOGIN, v.p, 3600);
		buf_free(&v);
	}
	page_begin(&h, rq, PAGE_PUBLIC, "Đăng nhập", NULL);
	html_raw(&h, "<section class=\"login\"><h1>Đăng nhập dành cho cán bộ</h1>");
	if (error)
		html_notice(&h, "error", error);
	else if (web_raw(rq, "ra"))
		html_notice(&h, "ok", "Bạn đã đăng xuất.");
	html_raw(&h, "<form method=\"post\" action=\"/dang-nhap\" class=\"form\">");
	html_csrf(&h, rq);
	if (next)
		html_printf(&h, "<input type=\"hidden\" name=\"next\" value=\"%s\">", next);
	html_printf(&h, "<label for=\"name\">Tên đăng nhập</label><input id=\"name\" name=\"name\" "
		    "autocomplete=\"username\" autocapitalize=\"none\" required value=\"%s\">"
		    "<label for=\"password\">Mật khẩu</label><input id=\"password\" name=\"password\" "
		    "type=\"password\" autocomplete=\"current-password\" required>"
		    "<button type=\"submit\" class=\"primary\">Đăng nhập</button></form>"
		    "<p class=\"hint\">Tài khoản do Ban Chỉ đạo cấp. Quên mật khẩu, xin liên hệ "
		    "quản trị viên.</p></section>", name ? name : "");
	page_end(&h, rq, PAGE_PUBLIC);
	return page_send(rs, status, &h);
}

int page_login(struct web_req *rq, struct web_resp *rs)
{
	if (rq->who.kind == WHO_SESSION) {
		resp_redirect(rs, "/quan-ly");
		return 0;
	}
	return login_form(rq, rs, 200, NULL, NULL);
}

int post_login(struct web_req *rq, struct web_resp *rs)
{
	struct web_user_row u;
	struct err e = {0};
	char *name = NULL, ukey[96], akey[96], msg[200];
	const char *pw = web_raw(rq, "password");
	long wait;
	int found;

	if (web_text(rq, "name", "Tên đăng nhập", CODE_MAX, &name, &e) < 0)
		return login_form(rq, rs, 422, e.msg, NULL);
	if (name == NULL || pw == NULL || pw[0] == '\0')
		return login_form(rq, rs, 422, "Xin nhập tên đăng nhập và mật khẩu.", name);
	snprintf(ukey, sizeof ukey, "user:%s", name);
	snprintf(akey, sizeof akey, "addr:%s", rq->addr);
	wait = ratelimit_wait(ukey, LOGIN_FAIL_ACCOUNT_MAX);
	if (wait == 0)
		wait = ratelimit_wait(akey, LOGIN_FAIL_ADDRESS_MAX);
	if (wait > 0) {
		char after[24];
		snprintf(after, sizeof after, "%ld", wait);
		resp_header(rs, "Retry-After", after);
		snprintf(msg, sizeof msg, "Đăng nhập sai quá nhiều lần. Xin thử lại sau %ld phút.",
			 (wait + 59) / 60);
		return login_form(rq, rs, 429, msg, name);
	}
	if ((found = store_web_user_by_name(rq->db, name, &u, &rq->e)) < 0)
		return -1;
	if (!password_ok(found ? &u : NULL, pw)) {
		ratelimit_fail(ukey);
		ratelimit_fail(akey);
		fprintf(stderr, "ansinh serve: failed login for '%s' from %s\n", name, rq->addr);
		resp_header(rs, "WWW-Authenticate", "Form realm=\"ansinh\"");
		return login_form(rq, rs, 401, "Tên đăng nhập hoặc mật khẩu không đúng.", name);
	}
	ratelimit_clear(ukey);
	char now[32];
	core_now(now);
	if (session_start(rq, rs, &u) < 0 || store_web_user_login_stamp(rq->db, u.id, now, &rq->e) < 0)
		return -1;
	const char *next = safe_next(web_raw(rq, "next"));
	/* an account made or reset by an administrator chooses its password first */
	resp_redirect(rs, u.must_change ? "/quan-ly/mat-khau?bat-buoc=1" : next ? next : "/quan-ly");
	return 0;
}

int post_logout(struct web_req *rq, struct web_resp *rs)
{
	if (rq->who.kind == WHO_SESSION && session_end(rq, rs) < 0)
		return -1;
	resp_redirect(rs, "/dang-nhap?ra=1");
	return 0;
}

static int password_form(struct web_req *rq, struct web_resp *rs, int status, const char *error)
{
	struct html h = {BUF_INIT};
	page_begin(&h, rq, PAGE_STAFF, "Đổi mật khẩu", NULL);
	html_raw(&h, "<section class=\"narrow\"><h1>Đổi mật khẩu</h1>");
	if (error)
		html_notice(&h, "error", error);
	else if (web_raw(rq, "ok"))
		html_notice(&h, "ok", "Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.");
	if (rq->who.row.must_change)
		html_notice(&h, "info", "Mật khẩu của tài khoản này do quản trị viên đặt. Xin chọn mật "
			    "khẩu của riêng bạn trước khi làm việc.");
	html_raw(&h, "<form method=\"post\" action=\"/quan-ly/mat-khau\" class=\"form\">");
	html_csrf(&h, rq);
	html_printf(&h, "<label for=\"current\">Mật khẩu hiện tại</label><input id=\"current\" "
		    "name=\"current\" type=\"password\" autocomplete=\"current-password\" required>"
		    "<label for=\"new\">Mật khẩu mới (ít nhất %d ký tự)</label><input id=\"new\" "
		    "name=\"new\" type=\"password\" autocomplete=\"new-password\" minlength=\"%d\" "
		    "required><label for=\"confirm\">Nhập lại mật khẩu mới</label><input id=\"confirm\" "
		    "name=\"confirm\" type=\"password\" autocomplete=\"new-password\" required>"
		    "<button type=\"submit\" class=\"primary\">Đổi mật khẩu</button></form></section>",
		    PASSWORD_MIN, PASSWORD_MIN);
	page_end(&h, rq, PAGE_STAFF);
	return page_send(rs, status, &h);
}

int page_password(struct web_req *rq, struct web_resp *rs)
{
	return password_form(rq, rs, 200, NULL);
}

int post_password(struct web_req *rq, struct web_resp *rs)
{
	const char *cur = web_raw(rq, "current"), *pw = web_raw(rq, "new"),
		   *again = web_raw(rq, "confirm");
	struct web_user_row u;
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	char ukey[96];
	int found;

	if (rq->who.kind != WHO_SESSION)
		return web_fail(rq, rs, 403, "Chỉ đổi mật khẩu được khi đăng nhập bằng trình duyệt.");
	if (!cur || !pw || !again || !cur[0] || !pw[0])
		return password_form(rq, rs, 422, "Xin điền đủ ba ô.");
	if (strcmp(pw, again) != 0)
		return password_form(rq, rs, 422, "Hai lần nhập mật khẩu mới không giống nhau.");
	if (account_password_check(pw, &e) < 0) {
		char msg[160];
		snprintf(msg, sizeof msg, "Mật khẩu mới phải dài từ %d đến %d ký tự.", PASSWORD_MIN,
			 PASSWORD_MAX);
		return password_form(rq, rs, 422, msg);
	}
	snprintf(ukey, sizeof ukey, "user:%s", rq->who.row.name);
	if (ratelimit_wait(ukey, LOGIN_FAIL_ACCOUNT_MAX) > 0)
		return password_form(rq, rs, 429, "Nhập sai quá nhiều lần. Xin thử lại sau.");
	if ((found = store_web_user_by_name(rq->db, rq->who.row.name, &u, &rq->e)) < 0)
		return -1;
	if (!password_ok(found ? &u : NULL, cur)) {
		ratelimit_fail(ukey);
		return password_form(rq, rs, 422, "Mật khẩu hiện tại không đúng.");
	}
	/* every session of the account ends, this one too: start a new one */
	if (account_set_password(rq->db, &who, rq->who.row.name, pw, &rq->e) < 0 ||
	    session_start(rq, rs, &u) < 0)
		return -1;
	resp_redirect(rs, "/quan-ly/mat-khau?ok=1");
	return 0;
}

int api_me(struct web_req *rq, struct web_resp *rs)
{
	struct buf b = BUF_INIT;
	int first = 1;
	buf_puts(&b, "{\"name\":");
	json_string(&b, rq->who.row.name);
	buf_puts(&b, ",\"role\":");
	json_string(&b, rq->who.row.role);
	buf_puts(&b, ",\"unit\":");
	if (rq->who.row.unit_code[0])
		json_string(&b, rq->who.row.unit_code);
	else
		buf_puts(&b, "null");
	buf_printf(&b, ",\"via\":\"%s\",\"capabilities\":[",
		   rq->who.kind == WHO_TOKEN ? "token" : "session");
	for (const struct cap_info *c = cap_names; c->name; c++) {
		if (c->cap == CAP_PUBLIC || !(rq->who.caps & c->cap))
			continue;
		if (!first)
			buf_putc(&b, ',');
		json_string(&b, c->name);
		first = 0;
	}
	buf_puts(&b, "]}\n");
	resp_json(rs, 200, &b);
	return 0;
}
