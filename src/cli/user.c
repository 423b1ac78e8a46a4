/* `ansinh user` (staff accounts of the web application) and `ansinh token`
 * (API tokens for programs).  Passwords are read from a file or typed at a
 * prompt without echo, never given on the command line (where `ps` and the
 * shell's history would show them). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/out.h"
#include "core/web_support.h"
#include "store/store.h"

#define PASSWORD_FILE_MAX 4096

/* The first line of a file (without its line end). */
static int password_from_file(const char *path, char *out, size_t n, struct err *e)
{
	FILE *f = fopen(path, "rb");
	size_t len;
	if (f == NULL)
		return err_fail(e, "--password-file: cannot open %s: %s", path, strerror(errno));
	len = fread(out, 1, n - 1, f);
	fclose(f);
	out[len] = '\0';
	if (len == n - 1)
		return err_fail(e, "--password-file: %s is too long for a password", path);
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

/* One line from stdin; on a terminal with a prompt and echo turned off. */
static int read_line(const char *prompt, char *out, size_t n, struct err *e)
{
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO);
	if (tty) {
		fprintf(stderr, "%s", prompt);
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		} else {
			tty = 0;
		}
	}
	char *got = fgets(out, (int)n, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (got == NULL)
		return err_fail(e, "no password given (type it, or use --password-file)");
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

static int get_password(const char *file, const char *name, char *out, size_t n, struct err *e)
{
	char again[PASSWORD_FILE_MAX], prompt[160];
	if (file)
		return password_from_file(file, out, n, e);
	snprintf(prompt, sizeof prompt, "Mật khẩu cho %s: ", name);
	if (read_line(prompt, out, n, e) < 0)
		return -1;
	if (isatty(STDIN_FILENO)) {
		if (read_line("Nhập lại mật khẩu: ", again, sizeof again, e) < 0)
			return -1;
		int same = strcmp(out, again) == 0;
		sodium_memzero(again, sizeof again);
		if (!same)
			return err_fail(e, "the two passwords differ");
	}
	return 0;
}

/* The role names the CLI accepts, for its usage errors. */
static int role_check(const char *role, struct err *e)
{
	if (role_find(role) != NULL)
		return 0;
	return err_usage(e, "--role: '%s' is not one of admin, mobiliser, clerk, propaganda,"
			 " unit_officer, fund_manager, inspector", role);
}

static int user_add(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *role = NULL, *unit = NULL, *file = NULL, pw[PASSWORD_FILE_MAX];
	struct args a;
	const struct arg_spec specs[] = {
		{"role", ARG_STR, &role}, {"unit", ARG_STR, &unit},
		{"password-file", ARG_STR, &file}, {NULL, 0, NULL},
	};
	struct actor who = {ctx->actor};
	struct db *db;
	int64_t id;
	int rc = -1;

	pw[0] = '\0';
	if (args_parse(&a, argc, argv, specs, 1, e) < 0)
		goto cleanup;
	if (a.npos != 1 || role == NULL) {
		err_usage(e, "usage: ansinh user add NAME --role ROLE [--unit CODE] [--password-file F]");
		goto cleanup;
	}
	if (account_name_check(a.pos[0], e) < 0 || role_check(role, e) < 0)
		goto cleanup;
	if ((db = cli_db(ctx, e)) == NULL || get_password(file, a.pos[0], pw, sizeof pw, e) < 0 ||
	    account_add(db, &who, a.pos[0], role, unit, pw, &id, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "user %s added (%s)\n", a.pos[0], role);
	rc = 0;
cleanup:
	sodium_memzero(pw, sizeof pw);
	args_free(&a);
	return rc;
}

static int user_passwd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *file = NULL, pw[PASSWORD_FILE_MAX];
	struct args a;
	const struct arg_spec specs[] = {{"password-file", ARG_STR, &file}, {NULL, 0, NULL}};
	struct actor who = {ctx->actor};
	struct db *db;
	int rc = -1;

	pw[0] = '\0';
	if (args_parse(&a, argc, argv, specs, 1, e) < 0)
		goto cleanup;
	if (a.npos != 1) {
		err_usage(e, "usage: ansinh user passwd NAME [--password-file F]");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL || get_password(file, a.pos[0], pw, sizeof pw, e) < 0 ||
	    account_set_password(db, &who, a.pos[0], pw, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "password of %s changed; its sessions have ended\n", a.pos[0]);
	rc = 0;
cleanup:
	sodium_memzero(pw, sizeof pw);
	args_free(&a);
	return rc;
}

static int user_role(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *unit = NULL;
	struct args a;
	const struct arg_spec specs[] = {{"unit", ARG_STR, &unit}, {NULL, 0, NULL}};
	struct actor who = {ctx->actor};
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 2, e) < 0)
		goto cleanup;
	if (a.npos != 2) {
		err_usage(e, "usage: ansinh user role NAME ROLE [--unit CODE]");
		goto cleanup;
	}
	if (role_check(a.pos[1], e) < 0 || (db = cli_db(ctx, e)) == NULL ||
	    account_set_role(db, &who, a.pos[0], a.pos[1], unit, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "user %s is now %s%s%s; its sessions have ended\n", a.pos[0], a.pos[1],
		unit ? " of " : "", unit ? unit : "");
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static int user_remove(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct args a;
	const struct arg_spec specs[] = {{NULL, 0, NULL}};
	struct actor who = {ctx->actor};
	struct db *db;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0)
		goto cleanup;
	if (a.npos != 1) {
		err_usage(e, "usage: ansinh user remove NAME");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL || account_remove(db, &who, a.pos[0], e) < 0)
		goto cleanup;
	fprintf(ctx->out, "user %s removed: its sessions ended and its tokens revoked\n", a.pos[0]);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

static const struct out_col user_cols[] = {
	{"name", "Tên đăng nhập", COL_TEXT}, {"role", "Vai trò", COL_TEXT},
	{"unit", "Đơn vị", COL_TEXT}, {"created_at", "Tạo lúc", COL_TIME},
	{"removed_at", "Đã xóa lúc", COL_TIME},
};

static int user_row(void *ctx, const struct web_user_row *u, const char *created,
		    const char *disabled)
{
	const char *vals[] = {u->name, u->role, u->unit_code[0] ? u->unit_code : NULL, created,
		disabled[0] ? disabled : NULL};
	out_row(ctx, vals);
	return 0;
}

static int user_each(struct db *db, struct out *o, struct err *e)
{
	return store_web_user_each(db, user_row, o, e);
}

static int user_list(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	return out_list_cmd(ctx, argc, argv, "Danh sách tài khoản", user_cols,
			    (int)(sizeof user_cols / sizeof user_cols[0]), user_each, e);
}

int cmd_user(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"add", user_add}, {"list", user_list}, {"passwd", user_passwd},
		{"role", user_role}, {"remove", user_remove}, {NULL, NULL},
	};
	return cli_dispatch(ctx, "user", argc, argv, subs, e);
}

static int token_add_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	char *user = NULL, *label = NULL;
	struct args a;
	const struct arg_spec specs[] = {{"user", ARG_STR, &user}, {"label", ARG_STR, &label},
					 {NULL, 0, NULL}};
	struct actor who = {ctx->actor};
	struct buf tok = BUF_INIT;
	struct db *db;
	int64_t id;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 0, e) < 0)
		goto cleanup;
	if (user == NULL) {
		err_usage(e, "--user is required");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL || token_add(db, &who, user, label, &tok, &id, e) < 0)
		goto cleanup;
	/* the token alone on stdout, for scripts; it is shown this once */
	fprintf(ctx->out, "%s\n", tok.p);
	fprintf(stderr, "token %lld for %s: keep it secret; it cannot be shown again "
		"(`ansinh token revoke %lld` ends it)\n", (long long)id, user, (long long)id);
	rc = 0;
cleanup:
	if (tok.p)
		sodium_memzero(tok.p, tok.len);
	buf_free(&tok);
	args_free(&a);
	return rc;
}

static const struct out_col token_cols[] = {
	{"id", "Số", COL_INT}, {"user", "Tài khoản", COL_TEXT}, {"label", "Ghi chú", COL_TEXT},
	{"created_at", "Tạo lúc", COL_TIME}, {"created_by", "Người tạo", COL_TEXT},
	{"last_used_at", "Dùng lần cuối", COL_TIME}, {"revoked_at", "Thu hồi lúc", COL_TIME},
};

static int token_row(void *ctx, const struct web_token_view *t)
{
	char id[24];
	const char *vals[] = {fmt_i64(id, t->id), t->user, t->label[0] ? t->label : NULL,
		t->created_at, t->created_by, t->last_used_at[0] ? t->last_used_at : NULL,
		t->revoked_at[0] ? t->revoked_at : NULL};
	out_row(ctx, vals);
	return 0;
}

static int token_each(struct db *db, struct out *o, struct err *e)
{
	return store_web_token_each(db, token_row, o, e);
}

static int token_list_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	return out_list_cmd(ctx, argc, argv, "Danh sách mã truy cập API", token_cols,
			    (int)(sizeof token_cols / sizeof token_cols[0]), token_each, e);
}

static int token_revoke_cmd(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	struct args a;
	const struct arg_spec specs[] = {{NULL, 0, NULL}};
	struct actor who = {ctx->actor};
	struct db *db;
	char *end;
	int rc = -1;

	if (args_parse(&a, argc, argv, specs, 1, e) < 0)
		goto cleanup;
	long long id = a.npos == 1 ? strtoll(a.pos[0], &end, 10) : 0;
	if (a.npos != 1 || *end || id <= 0) {
		err_usage(e, "usage: ansinh token revoke ID");
		goto cleanup;
	}
	if ((db = cli_db(ctx, e)) == NULL || token_revoke(db, &who, id, e) < 0)
		goto cleanup;
	fprintf(ctx->out, "token %lld revoked\n", id);
	rc = 0;
cleanup:
	args_free(&a);
	return rc;
}

int cmd_token(struct cli_ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct subcommand subs[] = {
		{"add", token_add_cmd}, {"list", token_list_cmd}, {"revoke", token_revoke_cmd},
		{NULL, NULL},
	};
	return cli_dispatch(ctx, "token", argc, argv, subs, e);
}
