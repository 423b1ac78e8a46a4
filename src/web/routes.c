/* The route table: every page and endpoint of `ansinh serve`, in one place,
 * with the capability it requires.  A route without a capability cannot be
 * written (the field is not optional: CAP_PUBLIC says "anyone" out loud),
 * and `ansinh serve --routes` prints this table for the role × route test,
 * so no route escapes it.
 *
 * Paths are Vietnamese without diacritics, as Vietnamese public sites
 * write them.  GET routes answer HEAD too. */
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "web/web.h"

#define FORM BODY_FORM, WEB_BODY_MAX
#define JSON BODY_JSON, WEB_BODY_MAX
#define NOBODY BODY_NONE, 0
#define UPLOAD BODY_MULTIPART, WEB_UPLOAD_MAX

const struct route routes[] = {
	/* the public portal (R8, R15): no login */
	{"GET", "/", page_home, CAP_PUBLIC, NOBODY, "portal: totals, progress per unit"},
	{"GET", "/dong-gop", page_public_list, CAP_PUBLIC, NOBODY,
	 "portal: every contribution, searchable"},
	{"GET", "/don-vi/{code}", page_unit, CAP_PUBLIC, NOBODY, "portal: one unit and its subtree"},
	{"GET", "/bao-chi", page_media, CAP_PUBLIC, NOBODY, "portal: figures for the press"},
	{"GET", "/su-dung-quy", page_public_fund, CAP_PUBLIC, NOBODY,
	 "portal: the fund handed over and spent, by purpose and district"},
	{"GET", "/static/{name}", page_asset, CAP_PUBLIC, NOBODY, "embedded CSS and JavaScript"},
	{"GET", "/api/public/summary", api_summary, CAP_PUBLIC, NOBODY, "JSON: totals per unit"},
	{"GET", "/api/public/contributions", api_public_list, CAP_PUBLIC, NOBODY,
	 "JSON: contributions as published"},
	{"GET", "/api/public/fund", api_fund, CAP_PUBLIC, NOBODY,
	 "JSON: the fund handed over and spent, outcomes, disbursements as published"},

	/* signing in and out */
	{"GET", "/dang-nhap", page_login, CAP_PUBLIC, NOBODY, "login form"},
	{"POST", "/dang-nhap", post_login, CAP_PUBLIC, FORM, "login"},
	{"POST", "/dang-xuat", post_logout, CAP_STAFF, FORM, "logout"},
	{"GET", "/quan-ly/mat-khau", page_password, CAP_STAFF, NOBODY, "password change form"},
	{"POST", "/quan-ly/mat-khau", post_password, CAP_STAFF, FORM, "password change"},
	{"GET", "/api/staff/me", api_me, CAP_STAFF, NOBODY, "JSON: the caller's account"},

	/* the staff workspace */
	{"GET", "/quan-ly", page_dashboard, CAP_STAFF, NOBODY, "dashboard"},
	{"GET", "/quan-ly/dong-gop", page_contributions, CAP_CONTRIB_READ, NOBODY,
	 "contributions, searchable"},
	{"GET", "/quan-ly/dong-gop/moi", page_contribution_new, CAP_CONTRIB_WRITE, NOBODY,
	 "contribution entry: donor look-up and form"},
	{"POST", "/quan-ly/dong-gop/moi", post_contribution_new, CAP_CONTRIB_WRITE, FORM,
	 "contribution entry: preview, then save"},
	{"GET", "/quan-ly/dong-gop/{id}", page_contribution, CAP_CONTRIB_READ, NOBODY,
	 "one contribution"},
	{"POST", "/quan-ly/dong-gop/{id}/huy", post_contribution_reverse, CAP_CONTRIB_REVERSE, FORM,
	 "reverse a contribution, with a reason"},
	{"GET", "/quan-ly/nha-hao-tam", page_donors, CAP_DONOR_READ, NOBODY, "donors, searchable"},
	{"GET", "/quan-ly/nha-hao-tam/moi", page_donor_new, CAP_DONOR_WRITE, NOBODY, "new donor form"},
	{"POST", "/quan-ly/nha-hao-tam/moi", post_donor_new, CAP_DONOR_WRITE, FORM, "add a donor"},
	{"GET", "/quan-ly/cam-ket", page_pledges, CAP_PLEDGE_READ, NOBODY,
	 "pledges to collect: filters, pages, CSV export"},
	{"GET", "/quan-ly/cam-ket/moi", page_pledge_new, CAP_PLEDGE_WRITE, NOBODY, "new pledge form"},
	{"POST", "/quan-ly/cam-ket/moi", post_pledge_new, CAP_PLEDGE_WRITE, FORM, "record a pledge"},
	{"GET", "/quan-ly/cam-ket/{id}", page_pledge, CAP_PLEDGE_READ, NOBODY,
	 "one pledge: schedule, payments, payment reference"},
	{"GET", "/quan-ly/cam-ket/{id}/vietqr.svg", page_pledge_vietqr, CAP_PLEDGE_READ, NOBODY,
	 "a pledge's VietQR code (what is still owed) as SVG"},
	{"GET", "/quan-ly/sao-ke", page_statements, CAP_BANK, NOBODY,
	 "bank statements imported, and the form to upload one"},
	{"POST", "/quan-ly/sao-ke", post_statement, CAP_BANK, UPLOAD,
	 "upload a bank statement (CSV or .xlsx): imported and reconciled"},
	{"GET", "/quan-ly/doi-soat", page_reconcile, CAP_BANK, NOBODY,
	 "reconciliation queue of bank credit lines"},
	{"POST", "/quan-ly/doi-soat/xac-nhan", post_reconcile_confirm, CAP_BANK, FORM,
	 "confirm statement lines (to the suggestion or a chosen donor)"},
	{"POST", "/quan-ly/doi-soat/tu-choi", post_reconcile_reject, CAP_BANK, FORM,
	 "reject the suggestion of statement lines"},

	/* goods: received, handed over to the fund manager, distributed (R7, R11) */
	{"GET", "/quan-ly/hien-vat", page_goods, CAP_GOODS, NOBODY, "goods in stock at each stage"},
	{"GET", "/quan-ly/hien-vat/moi", page_goods_new, CAP_GOODS, NOBODY, "goods received: form"},
	{"POST", "/quan-ly/hien-vat/moi", post_goods_new, CAP_GOODS, FORM, "record goods received"},
	{"GET", "/quan-ly/hien-vat/{id}", page_goods_item, CAP_GOODS, NOBODY,
	 "one item: movements, handover and distribution forms"},
	{"POST", "/quan-ly/hien-vat/{id}/ban-giao", post_goods_handover, CAP_GOODS, FORM,
	 "hand goods over to the fund manager"},
	{"POST", "/quan-ly/hien-vat/{id}/phan-phoi", post_goods_distribute, CAP_GOODS, FORM,
	 "distribute goods to a household, person or unit"},
	/* money out: the fund handed over and spent (R11, R12) */
	{"GET", "/quan-ly/su-dung-quy", page_fund, CAP_FUND_READ, NOBODY,
	 "the fund handed over and spent: totals, filters, CSV and Excel export"},
	{"GET", "/quan-ly/su-dung-quy/ban-giao", page_fund_handover, CAP_FUND_WRITE, NOBODY,
	 "fund handover: form"},
	{"POST", "/quan-ly/su-dung-quy/ban-giao", post_fund_handover, CAP_FUND_WRITE, FORM,
	 "record a handover of the fund to its manager"},
	{"GET", "/quan-ly/su-dung-quy/chi", page_fund_disburse, CAP_FUND_WRITE, NOBODY,
	 "disbursement: form"},
	{"POST", "/quan-ly/su-dung-quy/chi", post_fund_disburse, CAP_FUND_WRITE, FORM,
	 "record a disbursement from the fund"},
	{"GET", "/quan-ly/su-dung-quy/{id}", page_fund_one, CAP_FUND_READ, NOBODY,
	 "one handover or disbursement, with the reversal form"},
	{"POST", "/quan-ly/su-dung-quy/{id}/huy", post_fund_reverse, CAP_FUND_WRITE, FORM,
	 "reverse a handover or disbursement, with a reason"},
	{"POST", "/quan-ly/su-dung-quy/{id}/ket-qua", post_fund_outcome, CAP_FUND_WRITE, FORM,
	 "record what the annual review of poor households found for a household supported"},
	/* the staff workspace, phase 2: committee, canvassing, units and
	 * targets, accounts, audit trail (every list also as ?format=csv) */
	{"GET", "/quan-ly/ban-chi-dao", page_committee, CAP_CANVASS_READ, NOBODY,
	 "steering committee members, their roles and duties"},
	{"GET", "/quan-ly/ban-chi-dao/moi", page_committee_new, CAP_SETUP, NOBODY,
	 "new committee member form"},
	{"POST", "/quan-ly/ban-chi-dao/moi", post_committee_new, CAP_SETUP, FORM,
	 "add a committee member"},
	{"GET", "/quan-ly/ban-chi-dao/{id}", page_committee_member, CAP_CANVASS_READ, NOBODY,
	 "one committee member (edit form for setup)"},
	{"POST", "/quan-ly/ban-chi-dao/{id}", post_committee_member, CAP_SETUP, FORM,
	 "edit a committee member"},
	{"GET", "/quan-ly/van-dong", page_canvass, CAP_CANVASS_READ, NOBODY,
	 "canvassing assignments, overdue first, filters"},
	{"GET", "/quan-ly/van-dong/moi", page_canvass_new, CAP_CANVASS_WRITE, NOBODY,
	 "new canvassing assignment form"},
	{"POST", "/quan-ly/van-dong/moi", post_canvass_new, CAP_CANVASS_WRITE, FORM,
	 "add a canvassing assignment"},
	{"GET", "/quan-ly/van-dong/{id}", page_canvass_one, CAP_CANVASS_READ, NOBODY,
	 "one assignment with its history"},
	{"POST", "/quan-ly/van-dong/{id}", post_canvass_one, CAP_CANVASS_WRITE, FORM,
	 "update an assignment's status and next step"},
	{"GET", "/quan-ly/don-vi", page_units, CAP_STAFF, NOBODY,
	 "units with targets and progress, searchable"},
	{"GET", "/quan-ly/chi-tieu", page_targets, CAP_STAFF, NOBODY, "targets of a campaign"},
	{"GET", "/quan-ly/don-vi/moi", page_unit_new, CAP_SETUP, NOBODY, "new unit form"},
	{"POST", "/quan-ly/don-vi/moi", post_unit_new, CAP_SETUP, FORM, "add a unit"},
	{"GET", "/quan-ly/don-vi/{code}", page_unit_edit, CAP_SETUP, NOBODY,
	 "edit a unit and set its target"},
	{"POST", "/quan-ly/don-vi/{code}", post_unit_edit, CAP_SETUP, FORM, "rename a unit"},
	{"POST", "/quan-ly/don-vi/{code}/chi-tieu", post_unit_target, CAP_SETUP, FORM,
	 "set a unit's target"},
	{"GET", "/quan-ly/tai-khoan", page_users, CAP_USER_ADMIN, NOBODY,
	 "accounts and API tokens"},
	{"GET", "/quan-ly/tai-khoan/moi", page_user_new, CAP_USER_ADMIN, NOBODY, "new account form"},
	{"POST", "/quan-ly/tai-khoan/moi", post_user_new, CAP_USER_ADMIN, FORM,
	 "add an account (password changed at first login)"},
	{"GET", "/quan-ly/tai-khoan/{name}", page_user, CAP_USER_ADMIN, NOBODY, "one account"},
	{"POST", "/quan-ly/tai-khoan/{name}/vai-tro", post_user_role, CAP_USER_ADMIN, FORM,
	 "change an account's role and unit"},
	{"POST", "/quan-ly/tai-khoan/{name}/mat-khau", post_user_password, CAP_USER_ADMIN, FORM,
	 "reset an account's password"},
	{"POST", "/quan-ly/tai-khoan/{name}/vo-hieu", post_user_disable, CAP_USER_ADMIN, FORM,
	 "disable an account (sessions and tokens end)"},
	{"POST", "/quan-ly/tai-khoan/{name}/token", post_user_token, CAP_USER_ADMIN, FORM,
	 "create an API token (shown once)"},
	{"POST", "/quan-ly/token/{id}/thu-hoi", post_token_revoke, CAP_USER_ADMIN, FORM,
	 "revoke an API token"},
	{"GET", "/quan-ly/nhat-ky", page_audit, CAP_AUDIT_READ, NOBODY,
	 "the audit trail, filters and paging"},

	/* documents (issue #7): letter templates, receipts */
	{"GET", "/quan-ly/mau-van-ban", page_templates, CAP_DOC_READ, NOBODY, "letter templates"},
	{"GET", "/quan-ly/mau-van-ban/{name}", page_template, CAP_DOC_READ, NOBODY,
	 "one letter template: text, placeholders, preview, versions"},
	{"POST", "/quan-ly/mau-van-ban/{name}", post_template, CAP_DOC_WRITE, FORM,
	 "preview or save a new version of a letter template"},
	{"GET", "/quan-ly/bien-nhan/{file}", page_receipt_pdf, CAP_DOC_READ, NOBODY,
	 "a receipt as PDF: {receipt number or contribution id}.pdf"},

	/* the staff JSON API (Bearer token, or the session with X-CSRF-Token) */
	{"GET", "/api/staff/donors", api_donor_search, CAP_DONOR_READ, NOBODY, "JSON: donor search"},
	{"POST", "/api/staff/donors", api_donor_add, CAP_DONOR_WRITE, JSON, "JSON: add a donor"},
	{"POST", "/api/staff/pledges", api_pledge_add, CAP_PLEDGE_WRITE, JSON, "JSON: add a pledge"},
	{"POST", "/api/staff/contributions", api_contribution_add, CAP_CONTRIB_WRITE, JSON,
	 "JSON: record a contribution"},
	{"GET", "/api/staff/words", api_words, CAP_STAFF, NOBODY, "JSON: an amount in words"},

	/* the transparency log (C2SP tlog-tiles) and the donors' check of a receipt */
	{"GET", "/log/{*}", page_log, CAP_PUBLIC, NOBODY,
	 "transparency log: checkpoint, tiles, entry bundles (C2SP tlog-tiles)"},
	{"GET", "/verify", page_verify, CAP_PUBLIC, NOBODY, "portal: check a receipt's code in the log"},
	{"GET", "/xac-minh", page_verify, CAP_PUBLIC, NOBODY, "portal: /verify in Vietnamese"},
	{"GET", "/api/public/proof", api_proof, CAP_PUBLIC, NOBODY,
	 "JSON: a receipt code's entry and inclusion proof"},

	{NULL, NULL, NULL, 0, BODY_NONE, 0, NULL},
};

/* Matches path against pattern; {…} takes one non-empty segment. */
static int match(const char *pattern, const char *path, char **args, int *nargs)
{
	const char *p = pattern, *s = path;
	int n = 0;
	while (*p && *s) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			/* {*} takes the rest of the path, slashes and all */
			size_t len = close - p == 2 && p[1] == '*' ? strlen(s) : strcspn(s, "/");
			if (len == 0 || n == 4)
				goto fail;
			args[n++] = xstrndup(s, len);
			p = close + 1;
			s += len;
		} else if (*p++ != *s++) {
			goto fail;
		}
	}
	if (*p || *s)
		goto fail;
	*nargs = n;
	return 1;
fail:
	while (n > 0)
		free(args[--n]);
	return 0;
}

const struct route *route_find(const char *method, const char *path, char **args, int *nargs,
			       int *path_known)
{
	const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
	*path_known = 0;
	*nargs = 0;
	for (const struct route *r = routes; r->method; r++) {
		int n;
		if (!match(r->pattern, path, args, &n))
			continue;
		if (strcmp(r->method, m) == 0) {
			*nargs = n;
			return r;
		}
		*path_known = 1;
		while (n > 0)
			free(args[--n]);
	}
	return NULL;
}

void route_allow(const char *path, struct buf *out)
{
	char *args[4];
	int n;
	for (const struct route *r = routes; r->method; r++) {
		if (!match(r->pattern, path, args, &n))
			continue;
		while (n > 0)
			free(args[--n]);
		if (strstr(out->p ? out->p : "", r->method))
			continue;
		if (out->len)
			buf_puts(out, ", ");
		buf_puts(out, strcmp(r->method, "GET") == 0 ? "GET, HEAD" : r->method);
	}
}

static void caps_json(struct buf *out, unsigned caps)
{
	int first = 1;
	buf_putc(out, '[');
	for (const struct cap_info *c = cap_names; c->name; c++) {
		if (c->cap == CAP_PUBLIC || (caps & c->cap) != c->cap)
			continue;
		if (!first)
			buf_putc(out, ',');
		json_string(out, c->name);
		first = 0;
	}
	buf_putc(out, ']');
}

void routes_json(struct buf *out)
{
	buf_puts(out, "{\"roles\":{");
	for (const struct role_info *r = account_roles; r->name; r++) {
		if (r != account_roles)
			buf_putc(out, ',');
		buf_puts(out, "\n  ");
		json_string(out, r->name);
		buf_putc(out, ':');
		caps_json(out, role_caps(r->name));
	}
	buf_puts(out, "\n},\n\"routes\":[");
	for (const struct route *r = routes; r->method; r++) {
		buf_puts(out, r == routes ? "\n  {" : ",\n  {");
		buf_puts(out, "\"method\":");
		json_string(out, r->method);
		buf_puts(out, ",\"pattern\":");
		json_string(out, r->pattern);
		buf_puts(out, ",\"capability\":");
		json_string(out, cap_name(r->cap));
		buf_puts(out, ",\"body\":");
		json_string(out, r->body == BODY_FORM ? "form" : r->body == BODY_JSON ? "json"
				 : r->body == BODY_MULTIPART ? "multipart" : "none");
		buf_printf(out, ",\"body_max\":%zu,\"api\":%s,\"summary\":", r->body_max,
			   strncmp(r->pattern, "/api/", 5) == 0 ? "true" : "false");
		json_string(out, r->summary);
		buf_puts(out, ",\"roles\":[");
		int first = 1;
		for (const struct role_info *ro = account_roles; ro->name; ro++) {
			if ((role_caps(ro->name) & r->cap) != r->cap)
				continue;
			if (!first)
				buf_putc(out, ',');
			json_string(out, ro->name);
			first = 0;
		}
		buf_puts(out, "]}");
	}
	buf_puts(out, "\n]}\n");
}
