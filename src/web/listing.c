/* Staff lists as HTML tables, CSV files or Excel workbooks (see listing.h). */
#include "web/listing.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "core/core.h"
#include "doc/xlsx.h"
#include "text/date.h"

int listing_wants_csv(struct web_req *rq)
{
	const char *f = web_raw(rq, "format");
	if (f && strcmp(f, "csv") == 0)
		return LISTING_CSV;
	if (f && strcmp(f, "xlsx") == 0)
		return LISTING_XLSX;
	return LISTING_HTML;
}

void listing_title(struct listing *l, const char *title, const char *campaign)
{
	l->title = title;
	l->campaign = campaign;
}

void listing_begin(struct listing *l, struct web_req *rq, struct html *h, const struct lcol *cols,
		   int ncols)
{
	memset(l, 0, sizeof *l);
	l->rq = rq;
	l->h = h;
	l->cols = cols;
	l->ncols = ncols;
	l->csv_mode = listing_wants_csv(rq);
	if (l->csv_mode == LISTING_CSV) {
		buf_puts(&l->csv, "\xEF\xBB\xBF");
		for (int i = 0; i < ncols; i++) {
			if (i)
				buf_putc(&l->csv, ',');
			csv_put_cell(&l->csv, cols[i].title, 1);
		}
		buf_puts(&l->csv, "\r\n");
	}
}

static int right(enum lcol_type t)
{
	return t == LC_MONEY || t == LC_INT;
}

/* The text of a date or time cell, for both outputs. */
static const char *when(struct buf *tmp, enum lcol_type t, const char *v)
{
	buf_reset(tmp);
	if (t == LC_DATE)
		date_format_vn(tmp, v);
	else
		time_format_vn(tmp, v);
	return buf_cstr(tmp);
}

static enum xlsx_type xlsx_type_of(enum lcol_type t)
{
	switch (t) {
	case LC_MONEY: return XLSX_MONEY;
	case LC_INT: return XLSX_INT;
	case LC_DATE: return XLSX_DATE;
	default: return XLSX_TEXT; /* LC_TIME is shown as dd/mm/yyyy HH:MM text */
	}
}

/* The file name without its .csv, the workbook's name and, without a
 * listing_title, its title. */
static void stem_of(char *out, size_t n, const char *filename)
{
	size_t stem = strlen(filename);
	if (stem > 4 && strcmp(filename + stem - 4, ".csv") == 0)
		stem -= 4;
	snprintf(out, n, "%.*s", (int)stem, filename);
}

/* Starts the workbook (at the first row, or when sending an empty list):
 * rows are written as they come, never held in memory. */
static int xlsx_start(struct listing *l, const char *fallback_title)
{
	if (l->xt || err_is_set(&l->xerr))
		return l->xt ? 0 : -1;
	int ncols = l->ncols < 32 ? l->ncols : 32;
	for (int i = 0; i < ncols; i++)
		l->xcols[i] = (struct xlsx_col){l->cols[i].title, xlsx_type_of(l->cols[i].type)};
	struct xlsx_meta m = {l->title ? l->title : fallback_title, l->campaign, core_time()};
	return xlsx_temp_open(&l->xt, &m, l->xcols, ncols, &l->xerr);
}

void listing_row(struct listing *l, const char *const vals[], const char *href, int marked)
{
	struct buf tmp = BUF_INIT;
	if (l->csv_mode == LISTING_XLSX) {
		const char *row[32];
		struct buf times = BUF_INIT;
		size_t at[32];
		int ncols = l->ncols < 32 ? l->ncols : 32;
		for (int i = 0; i < ncols; i++) {
			const char *v = vals[i] ? vals[i] : "";
			at[i] = SIZE_MAX;
			if (v[0] && l->cols[i].type == LC_TIME) { /* dates stay ISO: xlsx makes them dates */
				at[i] = times.len;
				buf_puts(&times, when(&tmp, LC_TIME, v));
				buf_putc(&times, '\0');
			}
			row[i] = v;
		}
		for (int i = 0; i < ncols; i++)
			if (at[i] != SIZE_MAX)
				row[i] = times.p + at[i];
		if (xlsx_start(l, "Danh sách") == 0)
			xlsx_row(l->xt, row);
		l->n++;
		buf_free(&times);
		buf_free(&tmp);
		return;
	}
	if (l->csv_mode) {
		for (int i = 0; i < l->ncols; i++) {
			const char *v = vals[i] ? vals[i] : "";
			if (v[0] && (l->cols[i].type == LC_DATE || l->cols[i].type == LC_TIME))
				v = when(&tmp, l->cols[i].type, v);
			if (i)
				buf_putc(&l->csv, ',');
			csv_put_cell(&l->csv, v, 1);
		}
		buf_puts(&l->csv, "\r\n");
		l->n++;
		buf_free(&tmp);
		return;
	}
	struct html *h = l->h;
	if (l->n++ == 0) {
		html_raw(h, "<div class=\"table-wrap\"><table class=\"list\"><thead><tr>");
		for (int i = 0; i < l->ncols; i++)
			html_printf(h, "<th scope=\"col\"%s>%s</th>",
				    right(l->cols[i].type) ? " class=\"num\"" : "", l->cols[i].title);
		html_raw(h, "</tr></thead><tbody>");
	}
	html_raw(h, "<tr");
	html_raw_if(h, marked, " class=\"marked\"");
	html_raw(h, ">");
	for (int i = 0; i < l->ncols; i++) {
		const char *v = vals[i] ? vals[i] : "";
		enum lcol_type t = l->cols[i].type;
		/* data-label names the cell on a phone, where the header is hidden */
		html_printf(h, "<td%s", right(t) ? " class=\"num\"" : t == LC_CODE ? " class=\"code\"" : "");
		if (i > 0)
			html_printf(h, " data-label=\"%s\"", l->cols[i].title);
		html_raw(h, ">");
		if (i == 0 && href)
			html_printf(h, "<a href=\"%s\">", href);
		if (v[0] && l->cols[i].type == LC_MONEY)
			html_money(h, strtoll(v, NULL, 10));
		else if (v[0] && (l->cols[i].type == LC_DATE || l->cols[i].type == LC_TIME))
			html_printf(h, "%s", when(&tmp, l->cols[i].type, v));
		else
			html_printf(h, "%s", v);
		html_raw_if(h, i == 0 && href, "</a>");
		html_raw(h, "</td>");
	}
	html_raw(h, "</tr>");
	buf_free(&tmp);
}

void listing_end(struct listing *l, const char *empty_msg)
{
	if (l->csv_mode)
		return;
	if (l->n)
		html_raw(l->h, "</tbody></table></div>");
	else
		html_printf(l->h, "<p class=\"empty\">%s</p>", empty_msg);
}

/* The workbook of the rows listing_row wrote, as the response. */
static int send_xlsx(struct listing *l, struct web_resp *rs, const char *filename)
{
	char disp[160], name[120];
	struct buf body = BUF_INIT;

	stem_of(name, sizeof name, filename);
	if (xlsx_start(l, name) < 0) {
		l->rq->e = l->xerr;
		return -1;
	}
	int rc = xlsx_temp_finish(l->xt, &body, &l->rq->e);
	l->xt = NULL;
	if (rc < 0) {
		buf_free(&body);
		return -1;
	}
	rs->status = 200;
	rs->ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	buf_free(&rs->body);
	rs->body = body;
	snprintf(disp, sizeof disp, "attachment; filename=\"%s.xlsx\"", name);
	resp_header(rs, "Content-Disposition", disp);
	return 0;
}

int listing_send_csv(struct listing *l, struct web_resp *rs, const char *filename)
{
	char disp[160];
	if (l->csv_mode == LISTING_XLSX)
		return send_xlsx(l, rs, filename);
	rs->status = 200;
	rs->ctype = "text/csv; charset=utf-8";
	buf_free(&rs->body);
	rs->body = l->csv;
	l->csv = (struct buf)BUF_INIT;
	snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", filename);
	resp_header(rs, "Content-Disposition", disp);
	return 0;
}

void listing_free(struct listing *l)
{
	buf_free(&l->csv);
	xlsx_discard(l->xt); /* an export that failed half-way leaves no file */
	l->xt = NULL;
}

/* path?k=v&... of the current query without the keys in drop. */
static void query_without(struct buf *out, struct web_req *rq, const char *path,
			  const char *const drop[])
{
	const struct web_params *p = &rq->query;
	char sep = '?';
	buf_puts(out, path);
	for (int i = 0; i < p->n; i++) {
		int skip = !p->v[i].val[0];
		for (int k = 0; drop[k]; k++)
			skip |= strcmp(p->v[i].key, drop[k]) == 0;
		if (skip)
			continue;
		buf_putc(out, sep);
		url_arg(out, p->v[i].key);
		buf_putc(out, '=');
		url_arg(out, p->v[i].val);
		sep = '&';
	}
	buf_putc(out, sep);
}

void listing_csv_link(struct html *h, struct web_req *rq, const char *path)
{
	static const char *const drop[] = {"page", "format", NULL};
	struct buf u = BUF_INIT;
	query_without(&u, rq, path, drop);
	html_printf(h, "<p class=\"export\"><a class=\"button\" href=\"%sformat=csv\" download>"
		    "Xuất CSV</a> <a class=\"button\" href=\"%sformat=xlsx\" download>Xuất Excel</a></p>",
		    buf_cstr(&u), buf_cstr(&u));
	buf_free(&u);
}

void listing_pager(struct html *h, struct web_req *rq, const char *path, int64_t page,
		   int64_t total, int64_t per_page)
{
	static const char *const drop[] = {"page", "format", NULL};
	int64_t pages = per_page > 0 ? (total + per_page - 1) / per_page : 1;
	struct buf u = BUF_INIT;
	if (pages <= 1)
		return;
	query_without(&u, rq, path, drop);
	html_raw(h, "<nav class=\"pager\" aria-label=\"Phân trang\">");
	if (page > 1)
		html_printf(h, "<a rel=\"prev\" href=\"%spage=%lld\">← Trang trước</a>", buf_cstr(&u),
			    (long long)(page - 1));
	html_printf(h, "<span>Trang %lld / %lld</span>", (long long)page, (long long)pages);
	if (page < pages)
		html_printf(h, "<a rel=\"next\" href=\"%spage=%lld\">Trang sau →</a>", buf_cstr(&u),
			    (long long)(page + 1));
	html_raw(h, "</nav>");
	buf_free(&u);
}

void html_options(struct html *h, const struct code_label *pairs, const char *selected,
		  const char *first)
{
	if (first)
		html_printf(h, "<option value=\"\">%s</option>", first);
	for (int i = 0; pairs[i].code; i++)
		html_printf(h, "<option value=\"%s\"%s>%s</option>", pairs[i].code,
			    selected && !strcmp(selected, pairs[i].code) ? " selected" : "",
			    pairs[i].label);
}

void form_input(struct html *h, const char *name, const char *label, const char *value,
		int maxlen, int required)
{
	html_printf(h, "<label for=\"%s\">%s</label><input id=\"%s\" name=\"%s\" maxlength=\"%d\" "
		    "value=\"%s\"%s>", name, label, name, name, maxlen, value ? value : "",
		    required ? " required" : "");
}

void form_select(struct html *h, const char *name, const char *label, const struct code_label *pairs,
		 const char *selected, const char *first)
{
	html_printf(h, "<label for=\"%s\">%s</label><select id=\"%s\" name=\"%s\">", name, label,
		    name, name);
	html_options(h, pairs, selected, first);
	html_raw(h, "</select>");
}

const char *form_value(struct web_req *rq, const char *name, const char *dflt)
{
	if (strcmp(rq->method, "POST") == 0)
		return web_raw(rq, name);
	return dflt;
}

int64_t web_path_id(struct web_req *rq)
{
	char *end;
	long long v = rq->narg ? strtoll(rq->arg[0], &end, 10) : 0;
	return rq->narg && !*end && v > 0 ? v : 0;
}
