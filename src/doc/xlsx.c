#include "doc/xlsx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "base/afile.h"
#include "text/date.h"

/* Money: integer cells with the format "#,##0".  The separators in a format
 * code are placeholders that Excel and LibreOffice draw with the reader's
 * own locale: a Vietnamese Windows shows 1.000.000, an English one
 * 1,000,000 — what that clerk sees in every other sheet they use and what
 * they type.  A format forcing literal dots (#"."##0 and the like) would show
 * 1.000.000 everywhere but is a format Excel cannot extend past a fixed
 * number of groups, and on an English-locale machine it would put a dot
 * where that reader expects a decimal point.  The cell stays a number either
 * way, so sums, filters and pivot tables work.  Doubles hold every đồng
 * amount exactly up to 2^53 (9 triệu tỷ). */
static const char *const num_format[XLSX_NTYPES] = {
	[XLSX_TEXT] = NULL,        [XLSX_INT] = "0",           [XLSX_MONEY] = "#,##0",
	[XLSX_NUM] = "#,##0.00",   [XLSX_PERCENT] = "0.00%",  [XLSX_DATE] = "dd/mm/yyyy",
	[XLSX_BOOL] = NULL,
};

/* Column titles' row (0-based), after the title, the date and a blank row. */
#define HEAD_ROW 3
#define HEAD_FILL 0xDDEBF7 /* light blue, readable when printed in grey */
/* Extra width: cell padding, and in the titles' row the filter's button. */
#define PAD_CELL 2
#define PAD_HEAD 4

struct xlsx_table {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	const struct xlsx_col *cols;
	int ncols;
	lxw_format *cell[XLSX_NTYPES][2]; /* [type][0: body, 1: totals row] */
	lxw_format *title, *subtitle, *head;
	int *width;          /* widest cell per column, in characters */
	lxw_row_t row;       /* the next row to write */
	lxw_row_t rows_end;  /* the row after the last xlsx_row() (before the totals) */
	int filtered;        /* the autofilter is set */
	char *path, *tmp;    /* where it goes; where it is written first */
	char *dir;           /* its directory, for libxlsxwriter's temporary files */
	int remove;          /* path is xlsx_temp_open's: xlsx_discard removes it */
	struct buf title_text, sheet, campaign;
	time_t now;
	struct err err;      /* the first write error, for xlsx_close */
};

/* Code points of s (its bytes that do not continue a UTF-8 sequence). */
static int chars(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

void xlsx_sheet_name(struct buf *out, const char *title)
{
	size_t start = out->len;
	int n = 0;
	for (const char *s = title; *s && n < XLSX_SHEET_NAME_MAX; n++) {
		size_t len = 1;
		while (((unsigned char)s[len] & 0xC0) == 0x80)
			len++;
		if (len == 1 && strchr("[]:*?/\\", *s))
			buf_putc(out, '-');
		else
			buf_put(out, s, len);
		s += len;
	}
	while (out->len > start && out->p[out->len - 1] == ' ')
		out->len--;
	if (out->len > start && out->p[out->len - 1] == '\'')
		out->p[out->len - 1] = '-';
	if (out->len > start && out->p[start] == '\'')
		out->p[start] = '-';
	if (out->len == start)
		buf_puts(out, "Sheet1");
	buf_cstr(out);
}

static lxw_format *new_format(lxw_workbook *wb, enum xlsx_type type, int bold)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	if (num_format[type])
		format_set_num_format(f, num_format[type]);
	if (type == XLSX_BOOL || type == XLSX_DATE)
		format_set_align(f, LXW_ALIGN_CENTER);
	if (bold)
		format_set_bold(f);
	return f;
}

static void add_formats(struct xlsx_table *t)
{
	for (int ty = 0; ty < XLSX_NTYPES; ty++)
		for (int bold = 0; bold < 2; bold++)
			t->cell[ty][bold] = new_format(t->wb, (enum xlsx_type)ty, bold);
	t->title = workbook_add_format(t->wb);
	format_set_bold(t->title);
	format_set_font_size(t->title, 14);
	t->subtitle = workbook_add_format(t->wb);
	format_set_italic(t->subtitle);
	t->head = workbook_add_format(t->wb);
	format_set_bold(t->head);
	format_set_bg_color(t->head, HEAD_FILL);
	format_set_border(t->head, LXW_BORDER_THIN);
	format_set_align(t->head, LXW_ALIGN_CENTER);
	format_set_align(t->head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(t->head);
}

static void keep_error(struct xlsx_table *t, lxw_error rc)
{
	if (rc != LXW_NO_ERROR && !err_is_set(&t->err))
		err_fail(&t->err, "cannot write row %lu of %s: %s", (unsigned long)t->row + 1,
			 t->path, lxw_strerror(rc));
}

static void write_heading(struct xlsx_table *t, const struct xlsx_meta *m)
{
	struct buf when = BUF_INIT, iso = BUF_INIT;
	time_utc_iso(&iso, m->now);
	buf_puts(&when, "Ngày xuất: ");
	time_format_vn(&when, iso.p);
	keep_error(t, worksheet_write_string(t->ws, 0, 0, t->title_text.p, t->title));
	keep_error(t, worksheet_write_string(t->ws, 1, 0, when.p, t->subtitle));
	for (int i = 0; i < t->ncols; i++) {
		keep_error(t, worksheet_write_string(t->ws, HEAD_ROW, (lxw_col_t)i,
						     t->cols[i].title, t->head));
		t->width[i] = chars(t->cols[i].title) + PAD_HEAD;
	}
	t->row = t->rows_end = HEAD_ROW + 1;
	buf_free(&when);
	buf_free(&iso);
}

int xlsx_open(struct xlsx_table **out, const char *path, const struct xlsx_meta *m,
	      const struct xlsx_col *cols, int ncols, struct err *e)
{
	struct xlsx_table *t = xcalloc(1, sizeof *t);
	t->cols = cols;
	t->ncols = ncols;
	t->now = m->now;
	t->path = xstrdup(path);
	t->width = xcalloc((size_t)ncols, sizeof *t->width);
	if ((t->tmp = afile_temp_beside(path, e)) == NULL)
		goto fail;
	/* constant_memory's row files go beside the output too: /tmp may be
	 * a RAM disk, and the output's disk is the one known to have room */
	const char *slash = strrchr(path, '/');
	t->dir = slash ? xstrndup(path, (size_t)(slash - path) + 1) : xstrdup(".");
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = t->dir};
	t->wb = workbook_new_opt(t->tmp, &opt);
	if (t->wb == NULL) {
		err_fail(e, "cannot start the workbook %s", path);
		goto fail;
	}
	buf_puts(&t->title_text, m->title);
	if (m->campaign && m->campaign[0]) {
		buf_printf(&t->title_text, " — %s", m->campaign);
		buf_puts(&t->campaign, m->campaign);
	}
	buf_cstr(&t->campaign);
	xlsx_sheet_name(&t->sheet, m->title);
	t->ws = workbook_add_worksheet(t->wb, t->sheet.p);
	if (t->ws == NULL) {
		err_fail(e, "cannot name a sheet '%s'", t->sheet.p);
		goto fail;
	}
	add_formats(t);
	write_heading(t, m);
	*out = t;
	return 0;
fail:
	xlsx_discard(t);
	*out = NULL;
	return -1;
}

/* Digits of an integer with its thousands separators (and sign). */
static int grouped_width(const char *digits)
{
	int neg = digits[0] == '-', n = (int)strlen(digits) - neg;
	return neg + n + (n - 1) / 3;
}

/* Writes one cell; returns the width it shows, in characters. */
static int write_cell(struct xlsx_table *t, int col, const char *v, int bold)
{
	enum xlsx_type ty = t->cols[col].type;
	lxw_format *f = t->cell[ty][bold];
	lxw_col_t c = (lxw_col_t)col;
	char *end;
	if (v == NULL || v[0] == '\0') {
		keep_error(t, worksheet_write_blank(t->ws, t->row, c, f));
		return 0;
	}
	switch (ty) {
	case XLSX_INT:
	case XLSX_MONEY: {
		errno = 0;
		long long n = strtoll(v, &end, 10);
		if (*end || errno)
			break;
		keep_error(t, worksheet_write_number(t->ws, t->row, c, (double)n, f));
		return ty == XLSX_MONEY ? grouped_width(v) : (int)strlen(v);
	}
	case XLSX_NUM:
	case XLSX_PERCENT: {
		double d = strtod(v, &end);
		if (*end || end == v)
			break;
		keep_error(t, worksheet_write_number(t->ws, t->row, c,
						     ty == XLSX_PERCENT ? d / 100 : d, f));
		size_t whole = strcspn(v, ".");
		char digits[32];
		snprintf(digits, sizeof digits, "%.*s", (int)(whole < 31 ? whole : 31), v);
		return grouped_width(digits) + (ty == XLSX_PERCENT ? 4 : 3);
	}
	case XLSX_DATE: {
		int y, m, d, len = 0;
		if (sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &len) != 3 || len != 10 || v[len])
			break;
		lxw_datetime dt = {.year = y, .month = m, .day = d};
		keep_error(t, worksheet_write_datetime(t->ws, t->row, c, &dt, f));
		return 10;
	}
	case XLSX_BOOL: {
		const char *s = strcmp(v, "0") ? "có" : "không";
		keep_error(t, worksheet_write_string(t->ws, t->row, c, s, f));
		return chars(s);
	}
	case XLSX_TEXT:
	case XLSX_NTYPES:
		break;
	}
	/* text, or a value that is not what its column says: kept as text */
	keep_error(t, worksheet_write_string(t->ws, t->row, c, v, t->cell[XLSX_TEXT][bold]));
	return chars(v);
}

static void put_row(struct xlsx_table *t, const char *const vals[], int bold)
{
	if (err_is_set(&t->err))
		return;
	if (t->row >= XLSX_SHEET_ROWS) {
		err_fail(&t->err, "%s: more rows than an Excel sheet holds (%d)", t->path,
			 XLSX_SHEET_ROWS);
		return;
	}
	for (int i = 0; i < t->ncols; i++) {
		int w = write_cell(t, i, vals[i], bold) + PAD_CELL;
		if (w > t->width[i])
			t->width[i] = w;
	}
	t->row++;
}

void xlsx_row(struct xlsx_table *t, const char *const vals[])
{
	put_row(t, vals, 0);
	t->rows_end = t->row;
}

/* The filter covers the rows, not a totals row (which it would hide).  Set
 * before the totals row is written: in constant_memory mode libxlsxwriter
 * refuses ranges that end above the current row. */
static void set_filter(struct xlsx_table *t)
{
	lxw_row_t last = t->rows_end > HEAD_ROW + 1 ? t->rows_end - 1 : HEAD_ROW;
	keep_error(t, worksheet_autofilter(t->ws, HEAD_ROW, 0, last, (lxw_col_t)(t->ncols - 1)));
	t->filtered = 1;
}

void xlsx_total(struct xlsx_table *t, const char *const vals[])
{
	if (!t->filtered)
		set_filter(t);
	put_row(t, vals, 1);
}

static void finish_sheet(struct xlsx_table *t)
{
	for (int i = 0; i < t->ncols; i++) {
		int w = t->width[i] < XLSX_WIDTH_MAX ? t->width[i] : XLSX_WIDTH_MAX;
		worksheet_set_column(t->ws, (lxw_col_t)i, (lxw_col_t)i, w, NULL);
	}
	worksheet_freeze_panes(t->ws, HEAD_ROW + 1, 0);
	if (!t->filtered)
		set_filter(t);
	worksheet_set_landscape(t->ws);
	worksheet_fit_to_pages(t->ws, 1, 0);
	worksheet_repeat_rows(t->ws, HEAD_ROW, HEAD_ROW);
	worksheet_set_paper(t->ws, 9); /* A4 */
	lxw_doc_properties props = {
		.title = t->title_text.p, .subject = t->campaign.p, .author = "ansinh",
		.comments = "ansinh", .created = t->now,
	};
	workbook_set_properties(t->wb, &props);
}

int xlsx_close(struct xlsx_table *t, struct err *e)
{
	int rc = -1;
	if (!err_is_set(&t->err))
		finish_sheet(t);
	if (err_is_set(&t->err)) {
		*e = t->err;
		xlsx_discard(t);
		return -1;
	}
	lxw_error lrc = workbook_close(t->wb);
	t->wb = NULL;
	if (lrc != LXW_NO_ERROR)
		err_fail(e, "cannot write %s: %s", t->path, lxw_strerror(lrc));
	else
		rc = afile_publish(t->tmp, t->path, e);
	xlsx_discard(t);
	return rc;
}

/* Also the common end of xlsx_close: after a rename the temporary name no
 * longer exists and the unlink fails harmlessly. */
void xlsx_discard(struct xlsx_table *t)
{
	if (t == NULL)
		return;
	if (t->wb)
		lxw_workbook_free(t->wb);
	if (t->remove && t->path)
		unlink(t->path);
	if (t->tmp)
		unlink(t->tmp);
	free(t->tmp);
	free(t->path);
	free(t->dir);
	free(t->width);
	buf_free(&t->title_text);
	buf_free(&t->sheet);
	buf_free(&t->campaign);
	free(t);
}

static int read_whole(struct buf *out, const char *path, struct err *e)
{
	FILE *f = fopen(path, "rb");
	char block[65536];
	size_t n;
	if (f == NULL)
		return err_fail(e, "cannot read %s: %s", path, strerror(errno));
	while ((n = fread(block, 1, sizeof block, f)) > 0)
		buf_put(out, block, n);
	int bad = ferror(f);
	fclose(f);
	return bad ? err_fail(e, "cannot read %s", path) : 0;
}

int xlsx_temp_open(struct xlsx_table **out, const struct xlsx_meta *m,
		   const struct xlsx_col *cols, int ncols, struct err *e)
{
	char *tmp = afile_temp("ansinh.xlsx", e); /* a name nobody else uses */
	int rc = tmp ? xlsx_open(out, tmp, m, cols, ncols, e) : -1;
	if (rc == 0)
		(*out)->remove = 1;
	else if (tmp)
		unlink(tmp);
	free(tmp);
	return rc;
}

int xlsx_temp_finish(struct xlsx_table *t, struct buf *out, struct err *e)
{
	char *path = xstrdup(t->path);
	t->remove = 0; /* xlsx_close publishes it; it is removed below once read */
	int rc = xlsx_close(t, e);
	if (rc == 0)
		rc = read_whole(out, path, e);
	unlink(path);
	free(path);
	return rc;
}
