/* Account and API-token administration (CAP_USER_ADMIN): the list of
 * accounts (CSV too), a new account with a password the administrator sets
 * and its owner must change at first login, role and unit changes, password
 * resets, removal (its sessions and tokens end at once), and API tokens
 * (shown once, listed, revoked).  Every action goes through the core
 * functions the CLI uses (core/web_support.c), each one transaction with
 * its audit event. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/listing.h"
#include "web/page.h"
#include "web/staff.h"

#define NROLES 8

/* account_roles as code/label pairs for the selects. */
static void role_pairs(struct code_label out[NROLES])
{
	int n = 0;
	for (const struct role_info *r = account_roles; r->name && n < NROLES - 1; r++)
		out[n++] = (struct code_label){r->name, r->label};
	out[n] = (struct code_label){NULL, NULL};
}

static const struct lcol user_cols[] = {
	{"Tên đăng nhập", LC_CODE}, {"Vai trò", LC_TEXT}, {"Đơn vị", LC_CODE},
	{"Đăng nhập lần cuối", LC_TIME}, {"Phiên đang mở", LC_INT}, {"Mã API còn hiệu lực", LC_INT},
	{"Tạo lúc", LC_TIME}, {"Vô hiệu hóa lúc", LC_TIME}, {"Phải đổi mật khẩu", LC_TEXT},
};

static int user_row(void *ctx, const struct web_user_admin_view *u)
{
	struct listing *l = ctx;
	const struct role_info *r = role_find(u->role);
	char href[96], sessions[24], tokens[24];
	snprintf(href, sizeof href, "/quan-ly/tai-khoan/%s", u->name);
	snprintf(sessions, sizeof sessions, "%lld", (long long)u->sessions);
	snprintf(tokens, sizeof tokens, "%lld", (long long)u->tokens);
	const char *vals[] = {u->name, r ? r->label : u->role, u->unit_code, u->last_login_at,
		sessions, tokens, u->created_at, u->disabled_at, u->must_change ? "có" : ""};
	listing_row(l, vals, href, u->disabled_at[0] != 0);
	return 0;
}

static const struct lcol token_cols[] = {
	{"Số", LC_INT}, {"Tài khoản", LC_TEXT}, {"Ghi chú", LC_TEXT}, {"Tạo lúc", LC_TIME},
	{"Người tạo", LC_TEXT}, {"Dùng lần cuối", LC_TIME}, {"Thu hồi lúc", LC_TIME},
};

struct tokens {
	struct listing l;
	struct web_req *rq;
	const char *user; /* NULL: every account's */
};

static int token_row(void *ctx, const struct web_token_view *t)
{
	struct tokens *k = ctx;
	char id[24];
	if (k->user && strcmp(k->user, t->user) != 0)
		return 0;
	snprintf(id, sizeof id, "%lld", (long long)t->id);
	const char *vals[] = {id, t->user, t->label, t->created_at, t->created_by, t->last_used_at,
		t->revoked_at};
	listing_row(&k->l, vals, NULL, t->revoked_at[0] != 0);
	if (!t->revoked_at[0]) {
		/* the revoke button goes under the row's table: one small form each */
		struct html *h = k->l.h;
		html_printf(h, "<tr><td colspan=\"7\"><form method=\"post\" class=\"inline\" "
			    "action=\"/quan-ly/token/%lld/thu-hoi\">", (long long)t->id);
		html_csrf(h, k->rq);
		html_printf(h, "<input type=\"hidden\" name=\"confirm\" value=\"1\"><button "
			    "type=\"submit\" class=\"link\">Thu hồi mã số %lld</button></form></td></tr>",
			    (long long)t->id);
	}
	return 0;
}

/* The tokens table (of one account, or all). */
static int token_table(struct web_req *rq, struct html *h, const char *user)
{
	struct tokens k = {.rq = rq, .user = user};
	listing_begin(&k.l, rq, h, token_cols, 7);
	k.l.csv_mode = 0;
	if (store_web_token_each(rq->db, token_row, &k, &rq->e) < 0)
		return -1;
	listing_end(&k.l, "Chưa có mã truy cập nào.");
	return 0;
}

int page_users(struct web_req *rq, struct web_resp *rs)
{
	struct html h = {BUF_INIT};
	struct listing l;
	struct code_label roles[NROLES];
	struct err e = {0};
	char *role;
	int rc = -1, all = web_flag(rq, "tat-ca"), csv = listing_wants_csv(rq);

	if (web_text(rq, "role", "Vai trò", 20, &role, &e) < 0)
		return web_fail(rq, rs, 400, e.msg);
	if (role && !role_find(role))
		return web_fail(rq, rs, 400, "Vai trò không hợp lệ.");
	role_pairs(roles);
	page_begin(&h, rq, PAGE_STAFF, "Tài khoản", "users");
	html_raw(&h, "<h1>Tài khoản và mã truy cập</h1><p class=\"actions\"><a class=\"button\" "
		    "href=\"/quan-ly/tai-khoan/moi\">+ Thêm tài khoản</a></p>");
	html_raw(&h, "<form class=\"filters\" method=\"get\" action=\"/quan-ly/tai-khoan\"><label>Vai trò"
		    "<select name=\"role\">");
	html_options(&h, roles, role, "Tất cả");
	html_printf(&h, "</select></label><label class=\"check\"><input type=\"checkbox\" name=\"tat-ca\" "
		    "value=\"1\"%s> Cả tài khoản đã vô hiệu hóa</label><button type=\"submit\">Lọc</button>"
		    "</form>", all ? " checked" : "");
	listing_csv_link(&h, rq, "/quan-ly/tai-khoan");
	listing_begin(&l, rq, &h, user_cols, 9);
	listing_title(&l, "Danh sách tài khoản", NULL);
	if (store_web_user_admin_each(rq->db, role, all, user_row, &l, &rq->e) < 0)
		goto cleanup;
	if (csv) {
		rc = listing_send_csv(&l, rs, "tai-khoan.csv");
		goto cleanup;
	}
	listing_end(&l, "Không có tài khoản nào.");
	html_raw(&h, "<h2 id=\"ma-api\">Mã truy cập API</h2><p>Mã cho chương trình gọi API "
		    "(<code>Authorization: Bearer …</code>); tạo trên trang của từng tài khoản.</p>");
	if (token_table(rq, &h, NULL) < 0)
		goto cleanup;
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, 200, &h);
cleanup:
	listing_free(&l);
	buf_free(&h.b);
	return rc;
}

static void password_fields(struct html *h, const char *label)
{
	html_printf(h, "<label for=\"password\">%s (ít nhất %d ký tự)</label><input id=\"password\" "
		    "name=\"password\" type=\"password\" autocomplete=\"new-password\" minlength=\"%d\" "
		    "required><label for=\"password2\">Nhập lại</label><input id=\"password2\" "
		    "name=\"password2\" type=\"password\" autocomplete=\"new-password\" required>", label,
		    PASSWORD_MIN, PASSWORD_MIN);
}

static int new_form(struct web_req *rq, struct web_resp *rs, int status, const char *error)
{
	struct html h = {BUF_INIT};
	struct code_label roles[NROLES];
	int rc = -1;
	role_pairs(roles);
	page_begin(&h, rq, PAGE_STAFF, "Thêm tài khoản", "users");
	html_raw(&h, "<section class=\"narrow\"><p><a href=\"/quan-ly/tai-khoan\">← Tài khoản</a></p>"
		    "<h1>Thêm tài khoản</h1>");
	if (error)
		html_notice(&h, "error", error);
	html_raw(&h, "<form method=\"post\" action=\"/quan-ly/tai-khoan/moi\" class=\"form\">");
	html_csrf(&h, rq);
	form_input(&h, "name", "Tên đăng nhập (a-z, 0-9, '.', '_', '-')", web_raw(rq, "name"),
		   CODE_MAX, 1);
	form_select(&h, "role", "Vai trò", roles, web_raw(rq, "role"), NULL);
	html_raw(&h, "<label for=\"unit\">Đơn vị (chỉ cho cán bộ đơn vị)</label><select id=\"unit\" "
		    "name=\"unit\"><option value=\"\">—</option>");
	if (staff_unit_options(rq, &h, 0) < 0)
		goto cleanup;
	html_raw(&h, "</select>");
	password_fields(&h, "Mật khẩu tạm (người dùng phải đổi khi đăng nhập lần đầu)");
	html_raw(&h, "<button type=\"submit\" class=\"primary\">Tạo tài khoản</button></form></section>");
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, status, &h);
cleanup:
	buf_free(&h.b);
	return rc;
}

int page_user_new(struct web_req *rq, struct web_resp *rs)
{
	return new_form(rq, rs, 200, NULL);
}

/* The two password fields: the password, or NULL with e set. */
static const char *password_input(struct web_req *rq, struct err *e)
{
	const char *pw = web_raw(rq, "password"), *again = web_raw(rq, "password2");
	if (pw == NULL || !pw[0] || again == NULL) {
		err_fail(e, "Xin nhập mật khẩu hai lần.");
		return NULL;
	}
	if (strcmp(pw, again) != 0) {
		err_fail(e, "Hai lần nhập mật khẩu không giống nhau.");
		return NULL;
	}
	return pw;
}

int post_user_new(struct web_req *rq, struct web_resp *rs)
{
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	char *name, *role, *unit, msg[ERR_MSG_MAX + 32], loc[96];
	const char *pw;
	int64_t id;

	if (web_text(rq, "name", "Tên đăng nhập", CODE_MAX, &name, &e) < 0 ||
	    web_text(rq, "role", "Vai trò", 20, &role, &e) < 0 ||
	    web_text(rq, "unit", "Đơn vị", CODE_MAX, &unit, &e) < 0 ||
	    (pw = password_input(rq, &e)) == NULL ||
	    account_add_as(rq->db, &who, name, role, unit, pw, 1, &id, &e) < 0) {
		snprintf(msg, sizeof msg, "Không tạo được: %s", e.msg);
		return new_form(rq, rs, e.kind == ERR_CONFLICT ? 409 : 422, msg);
	}
	snprintf(loc, sizeof loc, "/quan-ly/tai-khoan/%s?luu=1", name);
	resp_redirect(rs, loc);
	return 0;
}

/* An account's page; token (not NULL) is a token just made, shown once. */
static int user_page(struct web_req *rq, struct web_resp *rs, int status, const char *error,
		     const char *token)
{
	struct html h = {BUF_INIT};
	struct web_user_row u;
	struct code_label roles[NROLES];
	struct unit_row unit = {0};
	const char *name = rq->arg[0];
	int rc = -1, found;

	if ((found = store_web_user_by_name(rq->db, name, &u, &rq->e)) < 0)
		return -1;
	if (!found)
		return web_fail(rq, rs, 404, "Không có tài khoản này.");
	if (u.unit_id && store_unit_by_id(rq->db, u.unit_id, &unit, &rq->e) < 0)
		return -1;
	role_pairs(roles);
	const struct role_info *r = role_find(u.role);
	page_begin(&h, rq, PAGE_STAFF, u.name, "users");
	html_printf(&h, "<section class=\"narrow\"><p><a href=\"/quan-ly/tai-khoan\">← Tài khoản</a></p>"
		    "<h1>%s</h1><p class=\"lead\">%s%s%s</p>", u.name, r ? r->label : u.role,
		    u.unit_code[0] ? " · " : "", u.unit_code);
	if (error)
		html_notice(&h, "error", error);
	else if (web_raw(rq, "luu"))
		html_notice(&h, "ok", "Đã lưu.");
	if (token) {
		html_raw(&h, "<div class=\"notice notice-ok\" role=\"status\"><p>Mã truy cập mới — chỉ hiện "
			    "một lần này, xin chép lại ngay:</p>");
		html_printf(&h, "<p><code class=\"token\">%s</code></p></div>", token);
	}
	if (u.disabled) {
		html_raw(&h, "<p class=\"notice notice-info\">Tài khoản này đã bị vô hiệu hóa: không đăng "
			    "nhập được, các mã truy cập đã bị thu hồi.</p>");
		goto tokens;
	}
	html_printf(&h, "<h2>Vai trò và đơn vị</h2><form method=\"post\" "
		    "action=\"/quan-ly/tai-khoan/%s/vai-tro\" class=\"form\">", u.name);
	html_csrf(&h, rq);
	form_select(&h, "role", "Vai trò", roles, form_value(rq, "role", u.role), NULL);
	html_raw(&h, "<label for=\"unit\">Đơn vị (chỉ cho cán bộ đơn vị)</label><select id=\"unit\" "
		    "name=\"unit\"><option value=\"\">—</option>");
	if (staff_unit_options(rq, &h, unit.id) < 0)
		goto cleanup;
	html_printf(&h, "</select><button type=\"submit\">Lưu vai trò</button></form>"
		    "<h2>Đặt lại mật khẩu</h2><form method=\"post\" "
		    "action=\"/quan-ly/tai-khoan/%s/mat-khau\" class=\"form\">", u.name);
	html_csrf(&h, rq);
	password_fields(&h, "Mật khẩu tạm mới");
	html_printf(&h, "<button type=\"submit\">Đặt lại mật khẩu</button></form>"
		    "<h2>Tạo mã truy cập API</h2><form method=\"post\" "
		    "action=\"/quan-ly/tai-khoan/%s/token\" class=\"form\">", u.name);
	html_csrf(&h, rq);
	form_input(&h, "label", "Dùng cho (ví dụ: máy đối soát)", NULL, 300, 1);
	html_printf(&h, "<button type=\"submit\">Tạo mã</button></form>"
		    "<h2>Vô hiệu hóa tài khoản</h2><form method=\"post\" "
		    "action=\"/quan-ly/tai-khoan/%s/vo-hieu\" class=\"form\">", u.name);
	html_csrf(&h, rq);
	html_raw(&h, "<label class=\"check\"><input type=\"checkbox\" name=\"confirm\" value=\"1\" "
		    "required> Tôi xác nhận: tài khoản không đăng nhập được nữa, mọi phiên và mã truy "
		    "cập của nó chấm dứt ngay.</label><button type=\"submit\" class=\"danger\">Vô hiệu "
		    "hóa</button></form>");
tokens:
	html_raw(&h, "<h2>Mã truy cập của tài khoản</h2>");
	if (token_table(rq, &h, u.name) < 0)
		goto cleanup;
	html_raw(&h, "</section>");
	page_end(&h, rq, PAGE_STAFF);
	rc = page_send(rs, status, &h);
cleanup:
	buf_free(&h.b);
	return rc;
}

int page_user(struct web_req *rq, struct web_resp *rs)
{
	return user_page(rq, rs, 200, NULL, NULL);
}

/* After an action on the account of the path: back to its page, or the
 * page again with the error. */
static int user_done(struct web_req *rq, struct web_resp *rs, int ok, const struct err *e)
{
	char msg[ERR_MSG_MAX + 32], loc[96];
	if (!ok) {
		snprintf(msg, sizeof msg, "Không thực hiện được: %s", e->msg);
		return user_page(rq, rs, e->kind == ERR_NOTFOUND ? 404 : 422, msg, NULL);
	}
	snprintf(loc, sizeof loc, "/quan-ly/tai-khoan/%s?luu=1", rq->arg[0]);
	resp_redirect(rs, loc);
	return 0;
}

int post_user_role(struct web_req *rq, struct web_resp *rs)
{
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	char *role, *unit;
	int ok = web_text(rq, "role", "Vai trò", 20, &role, &e) == 0 &&
		 web_text(rq, "unit", "Đơn vị", CODE_MAX, &unit, &e) == 0;
	if (ok && role == NULL)
		ok = err_fail(&e, "Xin chọn vai trò.") == 0;
	if (ok && !strcmp(rq->arg[0], rq->who.row.name))
		ok = err_fail(&e, "Không tự đổi vai trò của chính mình được.") == 0;
	if (ok)
		ok = account_set_role(rq->db, &who, rq->arg[0], role, unit, &e) == 0;
	return user_done(rq, rs, ok, &e);
}

int post_user_password(struct web_req *rq, struct web_resp *rs)
{
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	const char *pw = password_input(rq, &e);
	int ok = pw && account_reset_password(rq->db, &who, rq->arg[0], pw, 1, &e) == 0;
	return user_done(rq, rs, ok, &e);
}

int post_user_disable(struct web_req *rq, struct web_resp *rs)
{
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	int ok = 1;
	if (!web_flag(rq, "confirm"))
		ok = err_fail(&e, "Xin đánh dấu ô xác nhận.") == 0;
	else if (!strcmp(rq->arg[0], rq->who.row.name))
		ok = err_fail(&e, "Không tự vô hiệu hóa tài khoản của chính mình được.") == 0;
	if (ok)
		ok = account_remove(rq->db, &who, rq->arg[0], &e) == 0;
	return user_done(rq, rs, ok, &e);
}

int post_user_token(struct web_req *rq, struct web_resp *rs)
{
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	struct buf tok = BUF_INIT;
	char *label;
	int64_t id;
	int ok = web_text(rq, "label", "Dùng cho", 300, &label, &e) == 0, rc;
	if (ok && label == NULL)
		ok = err_fail(&e, "Xin ghi mã dùng cho việc gì.") == 0;
	if (ok)
		ok = token_add(rq->db, &who, rq->arg[0], label, &tok, &id, &e) == 0;
	if (!ok)
		return user_done(rq, rs, 0, &e);
	/* shown in this response only (no-store), never stored in clear */
	rc = user_page(rq, rs, 201, NULL, buf_cstr(&tok));
	buf_free(&tok);
	return rc;
}

int post_token_revoke(struct web_req *rq, struct web_resp *rs)
{
	struct actor who = {rq->who.row.name};
	struct err e = {0};
	int64_t id = web_path_id(rq);
	if (id == 0)
		return web_fail(rq, rs, 404, "Không có mã truy cập này.");
	if (!web_flag(rq, "confirm"))
		return web_fail(rq, rs, 422, "Thiếu xác nhận thu hồi.");
	if (token_revoke(rq->db, &who, id, &e) < 0)
		return web_fail(rq, rs, e.kind == ERR_NOTFOUND ? 404 : 422, e.msg);
	resp_redirect(rs, "/quan-ly/tai-khoan?thu-hoi=1#ma-api");
	return 0;
}
