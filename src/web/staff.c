/* Markup shared by several staff pages: the contributions table and the
 * list of units a form may choose from (the caller's scope only). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/web_support.h"
#include "web/page.h"
#include "web/staff.h"

struct table {
	struct html *h;
	int n;
};

static int contribution_row(void *ctx, const struct contribution_view *c)
{
	struct table *t = ctx;
	struct html *h = t->h;
	if (t->n++ == 0)
		html_raw(h, "<div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
			    "<th scope=\"col\">Ngày</th><th scope=\"col\">Biên nhận</th>"
			    "<th scope=\"col\">Nhà hảo tâm</th><th scope=\"col\" class=\"opt\">Đơn vị</th>"
			    "<th scope=\"col\" class=\"opt\">Hình thức</th><th scope=\"col\" class=\"num\">Số tiền</th>"
			    "<th scope=\"col\">Tình trạng</th></tr></thead><tbody>");
	html_raw(h, "<tr");
	html_raw_if(h, c->reversal_entry, " class=\"reversed\"");
	html_raw(h, "><td class=\"date\">");
	html_date(h, c->date);
	html_printf(h, "</td><td class=\"receipt\"><a href=\"/quan-ly/dong-gop/%lld\">%s</a></td><td>%s",
		    (long long)c->id, c->receipt_no, c->donor_name);
	if (c->anonymous || !c->publish_name)
		html_raw(h, " <span class=\"tag\">ẩn danh trên cổng</span>");
	html_printf(h, "</td><td class=\"opt\">%s</td><td class=\"opt\">%s</td><td class=\"num\">",
		    c->unit_code,
		    channel_label(c->channel));
	html_money(h, c->amount);
	html_printf(h, "</td><td>%s</td></tr>", c->reversal_entry ? "Đã hủy" : "");
	return 0;
}

int staff_contribution_table(struct web_req *rq, struct html *h, const struct web_list_query *q,
			     int donor_plan)
{
	struct table t = {.h = h};
	if (store_web_staff_rows(rq->db, q, donor_plan, contribution_row, &t, &rq->e) < 0)
		return -1;
	if (t.n)
		html_raw(h, "</tbody></table></div>");
	else
		html_raw(h, "<p class=\"empty\">Chưa có khoản đóng góp nào.</p>");
	return 0;
}

struct options {
	struct html *h;
	int64_t selected;
	int64_t stack[16];
	int depth;
};

static int option(void *ctx, const struct unit_row *u)
{
	struct options *o = ctx;
	/* units come parents first: the depth is how many ancestors are open */
	while (o->depth > 0 && o->stack[o->depth - 1] != u->parent_id)
		o->depth--;
	if (o->depth < 16)
		o->stack[o->depth++] = u->id;
	static const char *const indent[] = {"", "— ", "— — ", "— — — "};
	int d = o->depth - 1 < 3 ? o->depth - 1 : 3;
	html_printf(o->h, "<option value=\"%s\"%s>%s%s (%s)</option>", u->code,
		    u->id == o->selected ? " selected" : "", indent[d < 0 ? 0 : d], u->name, u->code);
	return 0;
}

int staff_unit_options(struct web_req *rq, struct html *h, int64_t selected)
{
	struct options o = {.h = h, .selected = selected};
	return store_web_unit_each_scoped(rq->db, rq->who.scope, option, &o, &rq->e);
}

int staff_read_fields(struct web_req *rq, const char *const keys[], char **out[], struct err *e)
{
	for (int i = 0; keys[i]; i++)
		if (web_text(rq, keys[i], keys[i], 300, out[i], e) < 0)
			return -1;
	return 0;
}

int staff_path_id(struct web_req *rq, int64_t *id)
{
	char *end;
	long long v = strtoll(rq->arg[0], &end, 10);
	if (rq->arg[0][0] < '1' || rq->arg[0][0] > '9' || *end || v <= 0)
		return 0;
	*id = v;
	return 1;
}
void staff_nonce_field(struct html *h)
{
	struct buf nonce = BUF_INIT;
	secret_new(&nonce, "");
	html_printf(h, "<input type=\"hidden\" name=\"nonce\" value=\"%s\">", nonce.p);
	buf_free(&nonce);
}

int staff_nonce_shape(const char *n)
{
	size_t len = n ? strlen(n) : 0;
	if (len < 16 || len > 64)
		return 0;
	for (; *n; n++)
		if (!((*n >= 'a' && *n <= 'z') || (*n >= 'A' && *n <= 'Z') || (*n >= '0' && *n <= '9') ||
		      *n == '-' || *n == '_'))
			return 0;
	return 1;
}

int staff_form_once(struct web_req *rq, struct form_once *once)
{
	const char *nonce = web_raw(rq, "nonce");
	if (!staff_nonce_shape(nonce))
		return -1;
	*once = (struct form_once){nonce, rq->who.row.user_id, 0};
	return 0;
}
