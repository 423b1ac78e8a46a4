#include "cli/out.h"

#include <stdlib.h>
#include <string.h>

#include "base/json.h"
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

static void csv_cell(struct buf *b, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ') {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
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
			csv_cell(b, vals[i] ? vals[i] : "");
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
			} else if (o->cols[i].type == COL_NUM && strchr(v, '.')) {
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
