/* The web face of ansinh: one request type, one response type, one handler
 * shape, and the route table that names every page and API endpoint with the
 * capability it requires.
 *
 * A request goes: server.c (libmicrohttpd, limits, access log) ->
 * dispatch.c (route, authenticate, authorise, parse and check input, CSRF)
 * -> the route's handler (query, act in one transaction, render) -> back.
 * Handlers never see a request that their route's capability forbids, nor a
 * body of the wrong type or size, nor text that is not UTF-8. */
#ifndef ANSINH_WEB_H
#define ANSINH_WEB_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "core/web_support.h"
#include "store/store.h"

/* ---- named limits ---- */
#define WEB_BODY_MAX (64 * 1024)           /* a form or a JSON body */
#define WEB_UPLOAD_MAX (16 * 1024 * 1024)  /* a file upload (a bank statement: ~150,000 lines) */
#define WEB_DISCARD_MAX (64 * 1024 * 1024) /* body read and dropped before hanging up */
#define WEB_HEADERS_MAX (32 * 1024)        /* request line + headers (431 beyond) */
#define WEB_FIELD_MAX 4000                 /* one form field, query argument or JSON string */
#define WEB_FIELDS_MAX 64                  /* fields in one form, query or JSON object */
#define WEB_PATH_MAX 1024                  /* the path of a URL */
#define WEB_TIMEOUT_S 30                   /* an idle or slow connection is closed */
#define WEB_THREADS 4                      /* worker threads, one database connection each */
#define WEB_CONNECTIONS_MAX 512
#define WEB_SHUTDOWN_GRACE_S 20            /* requests in flight may finish within this */
#define WEB_PAGE_DEFAULT 20
#define WEB_PAGE_MAX 100
#define WEB_PASSWORD_HASHES 2              /* argon2id computations at once (64 MiB each) */

/* Sessions end after 2 hours without a request, 12 hours after login. */
#define SESSION_IDLE_S (2 * 3600)
#define SESSION_ABSOLUTE_S (12 * 3600)
/* Logins: after this many failures in the window, the account (or the
 * address) must wait for the window to pass. */
#define LOGIN_FAIL_ACCOUNT_MAX 5
#define LOGIN_FAIL_ADDRESS_MAX 20
#define LOGIN_FAIL_WINDOW_S (15 * 60)

/* ---- capabilities (src/web/roles.c says which role has which) ---- */
enum cap {
	CAP_PUBLIC = 0,               /* anyone, no login */
	CAP_STAFF = 1u << 0,          /* any signed-in account */
	CAP_DONOR_READ = 1u << 1,
	CAP_DONOR_WRITE = 1u << 2,
	CAP_PLEDGE_WRITE = 1u << 3,
	CAP_CONTRIB_READ = 1u << 4,
	CAP_CONTRIB_WRITE = 1u << 5,
	CAP_CONTRIB_REVERSE = 1u << 6,
	CAP_PLEDGE_READ = 1u << 7,    /* pledges and their collection lists */
	CAP_BANK = 1u << 8,           /* bank statements, reconciliation queue */
	CAP_GOODS = 1u << 9,          /* goods in stock, handed over, distributed */
	CAP_DOC_READ = 1u << 10,      /* generate receipts, letters, honours */
	CAP_DOC_WRITE = 1u << 11,     /* edit letter templates and document settings */
	CAP_USER_ADMIN = 1u << 12,    /* accounts and API tokens */
	CAP_CANVASS_READ = 1u << 13,  /* canvassing assignments, steering committee */
	CAP_CANVASS_WRITE = 1u << 14,
	CAP_AUDIT_READ = 1u << 15,    /* the audit trail */
	CAP_SETUP = 1u << 16,         /* campaigns, units, targets, committee */
	CAP_FUND_READ = 1u << 17,     /* the fund handed over and spent, beneficiaries named */
	CAP_FUND_WRITE = 1u << 18,    /* record handovers and disbursements, reverse them */
};
struct cap_info {
	unsigned cap;
	const char *name;
};
extern const struct cap_info cap_names[]; /* ends with {0, NULL} */
const char *cap_name(unsigned cap);
/* The capabilities of a role (0 for an unknown role). */
unsigned role_caps(const char *role);

/* ---- requests ---- */
struct web_param {
	char *key, *val; /* NUL-terminated, valid UTF-8 */
};
/* The file part of a multipart/form-data body: its bytes stay in the
 * request's body. */
struct web_upload {
	char field[64];     /* the form field's name */
	char filename[256]; /* as the sender's computer named it, without directories */
	const char *data;
	size_t len;
};
struct web_params {
	struct web_param v[WEB_FIELDS_MAX];
	int n;
};

enum principal_kind { WHO_NOBODY = 0, WHO_SESSION, WHO_TOKEN };
struct principal {
	enum principal_kind kind;
	struct web_principal_row row;
	const struct role_info *role;
	unsigned caps;
	int64_t scope;                 /* unit subtree of a unit officer, 0 = all */
	unsigned char session_hash[32];
};

struct route;
struct web_req {
	const char *method, *path;
	const struct route *route;
	char *arg[4];        /* the {…} parts of the route's pattern, in order */
	int narg;
	struct web_params query; /* ?a=b of the URL */
	struct web_params form;  /* a form body, or a JSON object's members */
	struct buf body;
	struct web_upload upload; /* a multipart body's file (data NULL when none) */
	int too_big;
	struct db *db;
	struct principal who;
	char prelogin[64];   /* the pre-login CSRF cookie's value, "" when none */
	char addr[64];       /* the client's address */
	int secure;          /* came over TLS (through the trusted proxy) */
	int api;             /* path under /api/: JSON errors, Bearer tokens */
	void *conn;          /* the MHD_Connection, for headers */
	char *owned[32];     /* strings freed with the request (web_keep) */
	int nowned;
	struct err input_err; /* the query could not be read (400) */
	struct err e;        /* an internal failure, logged, shown as 500 */
};

#define WEB_HEADERS_OUT 8
struct web_resp {
	int status;
	const char *ctype;
	struct buf body;
	const char *cache; /* Cache-Control; "no-store" unless a handler says otherwise */
	struct {
		char *name, *value;
	} hdr[WEB_HEADERS_OUT];
	int nhdr;
};

/* 0 with rs filled in (an error page is a response too), or -1 with rq->e
 * set for a failure that is the server's fault (500). */
typedef int (*web_handler)(struct web_req *rq, struct web_resp *rs);

enum body_kind { BODY_NONE, BODY_FORM, BODY_JSON, BODY_MULTIPART };

struct route {
	const char *method;  /* "GET" (HEAD too) or "POST" */
	const char *pattern; /* "/don-vi/{code}": a {…} part is one path segment */
	web_handler fn;
	unsigned cap;        /* what the caller must hold; CAP_PUBLIC for everyone */
	enum body_kind body;
	size_t body_max;
	const char *summary;
};
extern const struct route routes[]; /* ends with a NULL method */
/* The route for method and path, with its {…} parts in args (malloc'd,
 * owned by the caller); *path_known tells whether another method would
 * match (405 rather than 404). */
const struct route *route_find(const char *method, const char *path, char **args, int *nargs,
			       int *path_known);
/* The methods path answers to, for a 405's Allow header. */
void route_allow(const char *path, struct buf *out);
/* The table as JSON (for `ansinh serve --routes` and the tests). */
void routes_json(struct buf *out);

/* ---- the server (server.c) ---- */
struct web_options {
	const char *db_path;
	const char *listen;        /* "127.0.0.1:8080", "[::1]:8080" */
	const char *trusted_proxy; /* address whose X-Forwarded-* headers count */
	int threads;
};
int web_serve(const struct web_options *o, struct err *e);
/* A request header (NULL when absent). */
const char *web_header(struct web_req *rq, const char *name);
/* A cookie's value (NULL when absent). */
const char *web_cookie(struct web_req *rq, const char *name);
/* Embedded assets (assets.c): computes their versions once at start. */
void assets_init(void);
/* "/static/NAME?v=VERSION": the URL of an embedded asset. */
const char *asset_url(const char *name);

/* ---- dispatch (dispatch.c) ---- */
void web_dispatch(struct web_req *rq, struct web_resp *rs);

/* ---- input (http.c): typed getters over the form (POST) or the query
 * (GET).  Each returns 0 with the value, or -1 with a Vietnamese message in
 * e naming the field; absent or empty fields give dflt / NULL. ---- */
const struct web_params *web_input(const struct web_req *rq);
const char *web_raw(const struct web_req *rq, const char *key);
/* One-line text (UTF-8 checked, NFC, trimmed, no control characters), at
 * most max bytes; *out is NULL when absent or empty, else owned by rq. */
int web_text(struct web_req *rq, const char *key, const char *label, size_t max, char **out,
	     struct err *e);
int web_int(struct web_req *rq, const char *key, const char *label, int64_t min, int64_t max,
	    int64_t dflt, int64_t *out, struct err *e);
/* "5.000.000", "5000000", "5.000.000 đ" ... ; *present tells whether given. */
int web_money(struct web_req *rq, const char *key, const char *label, int64_t *out,
	      int *present, struct err *e);
/* dd/mm/yyyy or ISO into iso[11]; empty when absent. */
int web_date(struct web_req *rq, const char *key, const char *label, char iso[11],
	     struct err *e);
int web_flag(struct web_req *rq, const char *key);
char *web_keep(struct web_req *rq, char *s);

/* Parsers used by dispatch: application/x-www-form-urlencoded and a JSON
 * object of scalars, into params.  -1 with a message on bad input. */
int params_parse_form(struct web_params *p, const char *s, size_t n, struct err *e);
/* A multipart/form-data body of Content-Type ctype (multipart.c): its text
 * fields into form, its one file (if any) into file, pointing into data. */
int multipart_parse(const char *ctype, const char *data, size_t n, struct web_params *form,
		    struct web_upload *file, struct err *e);
int params_parse_json(struct web_params *p, const char *s, size_t n, struct err *e);
int params_add(struct web_params *p, const char *key, size_t klen, const char *val, size_t vlen,
	       struct err *e);
void params_free(struct web_params *p);
/* Percent-encodes s for a URL query argument. */
void url_arg(struct buf *out, const char *s);

/* ---- responses (dispatch.c) ---- */
void resp_header(struct web_resp *rs, const char *name, const char *value);
void resp_redirect(struct web_resp *rs, const char *location);
void resp_json(struct web_resp *rs, int status, struct buf *body);
/* An error as a page or as {"error": msg}, by the route's kind. */
int web_fail(struct web_req *rq, struct web_resp *rs, int status, const char *msg);
void resp_free(struct web_resp *rs);

/* ---- sessions and login (session.c) ---- */
#define COOKIE_SESSION "asx_session"
#define COOKIE_PRELOGIN "asx_pre"
/* Finds the caller from the session cookie or (API only) the Bearer token.
 * 0 with rq->who set (WHO_NOBODY when none), -1 on a database failure;
 * *bad_token is set for a Bearer token that is not valid. */
int auth_resolve(struct web_req *rq, struct web_resp *rs, int *bad_token);
/* The CSRF token forms of this request must carry ("" when none). */
const char *auth_csrf(struct web_req *rq);
/* Starts a session for user: the cookie goes on rs. */
int session_start(struct web_req *rq, struct web_resp *rs, const struct web_user_row *u);
int session_end(struct web_req *rq, struct web_resp *rs);
void cookie_set(struct web_req *rq, struct web_resp *rs, const char *name, const char *value,
		long max_age);

/* ---- login rate limits (ratelimit.c) ---- */
/* Seconds to wait before key may try again (0: may try now). */
long ratelimit_wait(const char *key, int max_failures);
void ratelimit_fail(const char *key);
void ratelimit_clear(const char *key);
void ratelimit_reset_all(void);

/* ---- handlers (one file per feature) ---- */
int page_home(struct web_req *rq, struct web_resp *rs);          /* portal.c */
int page_public_list(struct web_req *rq, struct web_resp *rs);   /* portal.c */
int page_unit(struct web_req *rq, struct web_resp *rs);          /* portal.c */
int page_media(struct web_req *rq, struct web_resp *rs);         /* media.c */
int api_summary(struct web_req *rq, struct web_resp *rs);        /* api_public.c */
int api_public_list(struct web_req *rq, struct web_resp *rs);    /* api_public.c */
int api_fund(struct web_req *rq, struct web_resp *rs);           /* api_fund.c */
int page_asset(struct web_req *rq, struct web_resp *rs);         /* assets.c */
int page_login(struct web_req *rq, struct web_resp *rs);         /* login.c */
int post_login(struct web_req *rq, struct web_resp *rs);
int post_logout(struct web_req *rq, struct web_resp *rs);
int page_password(struct web_req *rq, struct web_resp *rs);
int post_password(struct web_req *rq, struct web_resp *rs);
int api_me(struct web_req *rq, struct web_resp *rs);
int page_dashboard(struct web_req *rq, struct web_resp *rs);     /* dashboard.c */
int page_contributions(struct web_req *rq, struct web_resp *rs); /* contribution.c */
int page_contribution_new(struct web_req *rq, struct web_resp *rs);
int post_contribution_new(struct web_req *rq, struct web_resp *rs);
int page_contribution(struct web_req *rq, struct web_resp *rs);
int post_contribution_reverse(struct web_req *rq, struct web_resp *rs);
int api_contribution_add(struct web_req *rq, struct web_resp *rs);
int api_words(struct web_req *rq, struct web_resp *rs);
int page_donors(struct web_req *rq, struct web_resp *rs);        /* donor.c */
int page_donor_new(struct web_req *rq, struct web_resp *rs);
int post_donor_new(struct web_req *rq, struct web_resp *rs);
int api_donor_search(struct web_req *rq, struct web_resp *rs);
int api_donor_add(struct web_req *rq, struct web_resp *rs);
int page_goods(struct web_req *rq, struct web_resp *rs);         /* goods.c */
int page_goods_new(struct web_req *rq, struct web_resp *rs);
int post_goods_new(struct web_req *rq, struct web_resp *rs);
int page_goods_item(struct web_req *rq, struct web_resp *rs);
int post_goods_handover(struct web_req *rq, struct web_resp *rs);
int post_goods_distribute(struct web_req *rq, struct web_resp *rs);
int page_fund(struct web_req *rq, struct web_resp *rs);          /* fund.c */
int page_fund_handover(struct web_req *rq, struct web_resp *rs);
int post_fund_handover(struct web_req *rq, struct web_resp *rs);
int page_fund_disburse(struct web_req *rq, struct web_resp *rs);
int post_fund_disburse(struct web_req *rq, struct web_resp *rs);
int page_fund_one(struct web_req *rq, struct web_resp *rs);
int post_fund_reverse(struct web_req *rq, struct web_resp *rs);
int post_fund_outcome(struct web_req *rq, struct web_resp *rs);
int page_public_fund(struct web_req *rq, struct web_resp *rs);   /* portal_fund.c */
int page_committee(struct web_req *rq, struct web_resp *rs);     /* committee.c */
int page_committee_new(struct web_req *rq, struct web_resp *rs);
int post_committee_new(struct web_req *rq, struct web_resp *rs);
int page_committee_member(struct web_req *rq, struct web_resp *rs);
int post_committee_member(struct web_req *rq, struct web_resp *rs);
int page_canvass(struct web_req *rq, struct web_resp *rs);       /* canvass.c */
int page_canvass_new(struct web_req *rq, struct web_resp *rs);
int post_canvass_new(struct web_req *rq, struct web_resp *rs);
int page_canvass_one(struct web_req *rq, struct web_resp *rs);
int post_canvass_one(struct web_req *rq, struct web_resp *rs);
int page_units(struct web_req *rq, struct web_resp *rs);         /* units.c */
int page_unit_new(struct web_req *rq, struct web_resp *rs);
int post_unit_new(struct web_req *rq, struct web_resp *rs);
int page_unit_edit(struct web_req *rq, struct web_resp *rs);
int post_unit_edit(struct web_req *rq, struct web_resp *rs);
int post_unit_target(struct web_req *rq, struct web_resp *rs);
int page_targets(struct web_req *rq, struct web_resp *rs);
int page_users(struct web_req *rq, struct web_resp *rs);         /* accounts.c */
int page_user_new(struct web_req *rq, struct web_resp *rs);
int post_user_new(struct web_req *rq, struct web_resp *rs);
int page_user(struct web_req *rq, struct web_resp *rs);
int post_user_role(struct web_req *rq, struct web_resp *rs);
int post_user_password(struct web_req *rq, struct web_resp *rs);
int post_user_disable(struct web_req *rq, struct web_resp *rs);
int post_user_token(struct web_req *rq, struct web_resp *rs);
int post_token_revoke(struct web_req *rq, struct web_resp *rs);
int page_audit(struct web_req *rq, struct web_resp *rs);         /* audit.c */
int page_log(struct web_req *rq, struct web_resp *rs);           /* log.c */
int web_log_fresh(struct web_req *rq);
int page_verify(struct web_req *rq, struct web_resp *rs);        /* verify.c */
int api_proof(struct web_req *rq, struct web_resp *rs);
int page_pledges(struct web_req *rq, struct web_resp *rs);       /* pledge.c */
int page_pledge(struct web_req *rq, struct web_resp *rs);
int page_pledge_vietqr(struct web_req *rq, struct web_resp *rs);
int page_pledge_new(struct web_req *rq, struct web_resp *rs);
int post_pledge_new(struct web_req *rq, struct web_resp *rs);
int api_pledge_add(struct web_req *rq, struct web_resp *rs);
int page_reconcile(struct web_req *rq, struct web_resp *rs);     /* bank.c */
int page_statements(struct web_req *rq, struct web_resp *rs);    /* bank.c */
int post_statement(struct web_req *rq, struct web_resp *rs);     /* bank.c */
int post_reconcile_confirm(struct web_req *rq, struct web_resp *rs);
int post_reconcile_reject(struct web_req *rq, struct web_resp *rs);
int page_templates(struct web_req *rq, struct web_resp *rs);     /* templates.c */
int page_template(struct web_req *rq, struct web_resp *rs);
int post_template(struct web_req *rq, struct web_resp *rs);
int page_receipt_pdf(struct web_req *rq, struct web_resp *rs);

#endif
