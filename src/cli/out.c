#include "cli/out.h"

#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/json.h"
#include "core/core.h"
#include "doc/xlsx.h"
#include "text/date.h"
#include "text/money.h"
#include "text/utf8.h"

void out_begin(struct out *o, enum out_format fmt, FILE *f, const struct out_col *cols, int ncols)
{
	memset(o, 0, sizeof *o);
	o->fmt = fmt;
	o->f = f;
	o->cols = cols;
	o->ncols = ncols;
	if (fmt == OUT_CSV) {
		for (int i = 0; i < ncols; i++)
			fprintf(f, "%s%s", i ? "," : "", cols[i].key);
		fputc('\n', f);
	} else if (fmt == OUT_JSON) {
		fputc('[', f);
	}
}

/* A row for the workbook: timestamps become what a person reads
 * (dd/mm/yyyy HH:MM, Asia/Ho_Chi_Minh); everything else goes as it is. */
static void xlsx_row_vn(struct out *o, const char *const vals[])
{
	const char **v = xcalloc((size_t)o->ncols, sizeof *v);
	struct buf *t = xcalloc((size_t)o->ncols, sizeof *t);
	for (int i = 0; i < o->ncols; i++) {
		v[i] = vals[i];
		if (o->cols[i].type == COL_TIME && vals[i] && vals[i][0]) {
			time_format_vn(&t[i], vals[i]);
			v[i] = t[i].p;
		}
	}
	xlsx_row(o->xlsx, v);
	for (int i = 0; i < o->ncols; i++)
		buf_free(&t[i]);
	free(t);
	free(v);
}

void out_row(struct out *o, const char *const vals[])
{
	struct buf *b = &o->line;
	buf_reset(b);
	switch (o->fmt) {
	case OUT_CSV:
		for (int i = 0; i < o->ncols; i++) {
			if (i)
				buf_putc(b, ',');
			csv_put_cell(b, vals[i] ? vals[i] : "", 0);
		}
		buf_putc(b, '\n');
		fwrite(b->p, 1, b->len, o->f);
		break;
	case OUT_JSON:
		buf_puts(b, o->nrows ? ",\n{" : "\n{");
		for (int i = 0; i < o->ncols; i++) {
			if (i)
				buf_putc(b, ',');
			json_string(b, o->cols[i].key);
			buf_putc(b, ':');
			const char *v = vals[i];
			if (v == NULL || (!v[0] && o->cols[i].type != COL_TEXT))
				buf_puts(b, "null");
			else if (o->cols[i].type == COL_BOOL)
				buf_puts(b, strcmp(v, "0") ? "true" : "false");
			else if (o->cols[i].type == COL_TEXT || o->cols[i].type == COL_DATE ||
				 o->cols[i].type == COL_TIME)
				json_string(b, v);
			else
				buf_puts(b, v);
		}
		buf_putc(b, '}');
		fwrite(b->p, 1, b->len, o->f);
		break;
	case OUT_XLSX:
		if (o->xlsx)
			xlsx_row_vn(o, vals);
		break;
	case OUT_TEXT:
		if (o->nrows == o->cap) {
			o->cap = o->cap ? o->cap * 2 : 64;
			o->cells = xrealloc(o->cells, (size_t)o->cap * (size_t)o->ncols * sizeof(char *));
		}
		for (int i = 0; i < o->ncols; i++) {
			const char *v = vals[i] ? vals[i] : "";
			if (o->cols[i].type == COL_MONEY && v[0]) {
				buf_reset(b);
				money_format_plain(b, strtoll(v, NULL, 10));
				v = b->p;
			} else if (o->cols[i].type == COL_BOOL) {
				v = strcmp(v, "0") && v[0] ? "có" : "";
			} else if (o->cols[i].type == COL_DATE && v[0]) {
				buf_reset(b);
				date_format_vn(b, v);
				v = b->p;
			} else if (o->cols[i].type == COL_TIME && v[0]) {
				buf_reset(b);
				time_format_vn(b, v);
				v = b->p;
			} else if ((o->cols[i].type == COL_NUM || o->cols[i].type == COL_PCT) &&
				   strchr(v, '.')) {
				/* Vietnamese decimal comma for people; programs get '.' */
				buf_reset(b);
				buf_puts(b, v);
				*strchr(b->p, '.') = ',';
				v = b->p;
			}
			o->cells[o->nrows * o->ncols + i] = xstrdup(v);
		}
		break;
	}
	o->nrows++;
}

static void pad(FILE *f, size_t n)
{
	while (n--)
		fputc(' ', f);
}

void out_end(struct out *o)
{
	if (o->fmt == OUT_JSON) {
		fputs(o->nrows ? "\n]\n" : "]\n", o->f);
	} else if (o->fmt == OUT_TEXT) {
		size_t *w = xcalloc((size_t)o->ncols, sizeof *w);
		for (int i = 0; i < o->ncols; i++)
			w[i] = text_width(o->cols[i].title);
		for (int r = 0; r < o->nrows; r++)
			for (int i = 0; i < o->ncols; i++) {
				size_t cw = text_width(o->cells[r * o->ncols + i]);
				if (cw > w[i])
					w[i] = cw;
			}
		for (int r = -1; r < o->nrows; r++) {
			for (int i = 0; i < o->ncols; i++) {
				const char *v = r < 0 ? o->cols[i].title : o->cells[r * o->ncols + i];
				size_t gap = w[i] - text_width(v);
				enum col_type t = o->cols[i].type;
				int right = t != COL_TEXT && t != COL_BOOL && t != COL_DATE &&
					    t != COL_TIME;
				if (i)
					fputs("  ", o->f);
				if (right)
					pad(o->f, gap);
				fputs(v, o->f);
				if (!right && i + 1 < o->ncols)
					pad(o->f, gap);
			}
			fputc('\n', o->f);
		}
		if (o->nrows == 0)
			fputs("(không có dòng nào)\n", o->f);
		free(w);
		for (int k = 0; k < o->nrows * o->ncols; k++)
			free(o->cells[k]);
		free(o->cells);
	}
	buf_free(&o->line);
	fflush(o->f);
}

const char *fmt_i64(char tmp[24], int64_t v)
{
	snprintf(tmp, 24, "%lld", (long long)v);
	return tmp;
}

const char *fmt_pct(char tmp[32], int64_t p)
{
	if (p < 0)
		return NULL;
	snprintf(tmp, 32, "%lld.%02lld", (long long)(p / 100), (long long)(p % 100));
	return tmp;
}

int out_dest_check(struct out_dest *d, struct err *e)
{
	static const char *const names[] = {[OUT_TEXT] = "text", [OUT_CSV] = "csv",
		[OUT_JSON] = "json", [OUT_XLSX] = "xlsx"};
	int i = 0;
	while (d->format && i < (int)(sizeof names / sizeof names[0]) && strcmp(d->format, names[i]))
		i++;
	if (i == (int)(sizeof names / sizeof names[0]))
		return err_usage(e, "--format: '%s' is not text, csv, json or xlsx", d->format);
	d->fmt = (enum out_format)i;
	if (d->fmt == OUT_XLSX && (d->path == NULL || !d->path[0]))
		return err_usage(e, "--format xlsx writes a workbook, not a terminal's text: "
			  "give the file with --out FILE.xlsx");
	if (d->path && !d->path[0])
		return err_usage(e, "--out: no file name");
	return 0;
}

/* The export time: $SOURCE_DATE_EPOCH when set (reproducible files), else
 * ansinh's clock ($ANSINH_NOW in tests). */
static time_t export_time(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	if (sde && *sde) {
		long long t = strtoll(sde, &end, 10);
		if (!*end && t >= 0)
			return (time_t)t;
	}
	return core_time();
}

static enum xlsx_type xlsx_type_of(enum col_type t)
{
	switch (t) {
	case COL_INT: return XLSX_INT;
	case COL_MONEY: return XLSX_MONEY;
	case COL_NUM: return XLSX_NUM;
	case COL_BOOL: return XLSX_BOOL;
	case COL_DATE: return XLSX_DATE;
	case COL_PCT: return XLSX_PERCENT;
	case COL_TIME: /* written as Vietnamese local time text (xlsx_row_vn) */
	case COL_TEXT: break;
	}
	return XLSX_TEXT;
}

int out_open(struct out *o, const struct out_dest *d, FILE *f, const char *title,
	     const char *campaign, const struct out_col *cols, int ncols, struct err *e)
{
	struct afile file = {0};
	if (d->fmt == OUT_XLSX) {
		struct xlsx_col *xc = xcalloc((size_t)ncols, sizeof *xc);
		for (int i = 0; i < ncols; i++)
			xc[i] = (struct xlsx_col){cols[i].title, xlsx_type_of(cols[i].type)};
		struct xlsx_meta m = {title, campaign, export_time()};
		struct xlsx_table *x;
		if (xlsx_open(&x, d->path, &m, xc, ncols, e) < 0) {
			free(xc);
			return -1;
		}
		out_begin(o, OUT_XLSX, NULL, cols, ncols);
		o->xlsx = x;
		o->xcols = xc;
		return 0;
	}
	if (d->path && afile_open(&file, d->path, e) < 0)
		return -1;
	out_begin(o, d->fmt, d->path ? file.f : f, cols, ncols);
	o->file = file;
	return 0;
}

void out_total(struct out *o, const char *const vals[])
{
	if (o->fmt == OUT_XLSX)
		xlsx_total(o->xlsx, vals);
}

int out_close(struct out *o, int rc, struct err *e)
{
	if (o->fmt == OUT_XLSX) {
		if (rc < 0)
			xlsx_discard(o->xlsx);
		else
			rc = xlsx_close(o->xlsx, e);
		o->xlsx = NULL;
		free(o->xcols);
		o->xcols = NULL;
		return rc;
	}
	out_end(o);
	if (o->file.f == NULL)
		return rc;
	if (rc < 0) {
		afile_abort(&o->file);
		return rc;
	}
	return afile_commit(&o->file, e);
}

const char *out_code(const struct out *o, const struct code_label *table, const char *code)
{
	const char *label = code_label(table, code);
	return (o->fmt == OUT_TEXT || o->fmt == OUT_XLSX) && label[0] ? label : code;
}

