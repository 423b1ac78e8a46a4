/* Staff lists as HTML tables, CSV files or Excel workbooks (see listing.h). */
#include "web/listing.h"

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

/* Keeps one xlsx cell's text. */
static void xlsx_cell(struct listing *l, const char *v)
{
	if (l->noffs == l->capoffs) {
		size_t cap = l->capoffs ? 2 * l->capoffs : 256;
		size_t *p = realloc(l->offs, cap * sizeof *p);
		if (p == NULL)
			abort(); /* as buf does when memory runs out */
		l->offs = p;
		l->capoffs = cap;
	}
	l->offs[l->noffs++] = l->cells.len;
	buf_puts(&l->cells, v);
	buf_putc(&l->cells, '\0');
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

void listing_row(struct listing *l, const char *const vals[], const char *href, int marked)
{
	struct buf tmp = BUF_INIT;
	if (l->csv_mode == LISTING_XLSX) {
		for (int i = 0; i < l->ncols; i++) {
			const char *v = vals[i] ? vals[i] : "";
			if (v[0] && l->cols[i].type == LC_TIME)
				v = when(&tmp, LC_TIME, v); /* dates stay ISO: xlsx makes them dates */
			xlsx_cell(l, v);
		}
		l->n++;
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

static enum xlsx_type xlsx_type_of(enum lcol_type t)
{
	switch (t) {
	case LC_MONEY: return XLSX_MONEY;
	case LC_INT: return XLSX_INT;
	case LC_DATE: return XLSX_DATE;
	default: return XLSX_TEXT; /* LC_TIME is shown as dd/mm/yyyy HH:MM text */
	}
}

/* The workbook of the rows kept by listing_row, as the response. */
static int send_xlsx(struct listing *l, struct web_resp *rs, const char *filename)
{
	char disp[160], name[120];
	struct xlsx_col cols[32];
	int ncols = l->ncols < 32 ? l->ncols : 32;
	const char **cells = malloc((l->noffs ? l->noffs : 1) * sizeof *cells);
	struct buf body = BUF_INIT;
	size_t stem = strlen(filename);
	int rc;

	if (stem > 4 && strcmp(filename + stem - 4, ".csv") == 0)
		stem -= 4;
	snprintf(name, sizeof name, "%.*s", (int)stem, filename);
	for (int i = 0; i < ncols; i++)
		cols[i] = (struct xlsx_col){l->cols[i].title, xlsx_type_of(l->cols[i].type)};
	for (size_t i = 0; cells && i < l->noffs; i++)
		cells[i] = l->cells.p + l->offs[i];
	struct xlsx_meta m = {l->title ? l->title : name, l->campaign, core_time()};
	rc = cells ? xlsx_table_to_buf(&body, &m, cols, ncols, cells, l->n, &l->rq->e) : -1;
	free(cells);
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
	buf_free(&l->cells);
	free(l->offs);
	l->offs = NULL;
	l->noffs = l->capoffs = 0;
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
