#include "base/xlsx_read.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "base/buf.h"

#define FEED (64 * 1024)
#define DATE_FMT 1
#define TIME_FMT 2

struct xlsx_reader {
	char *path;
	zip_t *zip;
	int date1904;
	/* shared strings: NUL-terminated texts in sst, offsets in sst_at */
	struct buf sst;
	size_t *sst_at;
	size_t nsst, capsst;
	/* style (cellXfs index) -> DATE_FMT | TIME_FMT */
	unsigned char *xf;
	size_t nxf;
	/* the sheet, streamed */
	char *sheet;
	zip_file_t *zf;
	XML_Parser p;
	uint64_t sheet_size, read;
	int done;
	long rows, last_row;
	/* the cell being read */
	int in_v, in_t, in_rph, col, last_col, cell_fmt;
	char ctype[12];
	struct buf text;
	/* the row being built: cell texts (NUL-terminated) and their starts */
	struct buf row;
	size_t *start;
	int ncells, capcells;
	long row_no;
	/* rows finished by the last chunk: a queue serialised in q */
	struct buf q;
	size_t q_at;
	const char **cells;
	size_t *lens;
	/* an error found inside a callback */
	struct buf fail;
};

static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (; atts[0]; atts += 2)
		if (strcmp(local(atts[0]), name) == 0 && (strchr(atts[0], ':') == NULL ||
							  strcmp(name, "id") == 0))
			return atts[1];
	return NULL;
}

int xlsx_is_zip(const char *path)
{
	unsigned char m[4];
	FILE *f = fopen(path, "rb");
	int zip = 0;
	if (f) {
		zip = fread(m, 1, 4, f) == 4 && memcmp(m, "PK\x03\x04", 4) == 0;
		fclose(f);
	}
	return zip;
}

/* Runs parser p over the zip member name: 1 parsed, 0 no such member,
 * -1 error. */
static int parse_member(struct xlsx_reader *x, const char *name, XML_Parser p, struct err *e)
{
	zip_stat_t st;
	char chunk[FEED];
	uint64_t total = 0;
	zip_int64_t n;
	if (zip_stat(x->zip, name, 0, &st) < 0)
		return 0;
	if ((st.valid & ZIP_STAT_SIZE) && st.size > XLSX_MAX_PART)
		return err_fail(e, "%s: %s is larger than %llu MB uncompressed", x->path, name,
				(unsigned long long)(XLSX_MAX_PART >> 20));
	zip_file_t *zf = zip_fopen(x->zip, name, 0);
	if (zf == NULL)
		return err_fail(e, "%s: %s: %s", x->path, name, zip_strerror(x->zip));
	int rc = 1;
	while ((n = zip_fread(zf, chunk, sizeof chunk)) > 0) {
		total += (uint64_t)n;
		if (total > XLSX_MAX_PART) {
			rc = err_fail(e, "%s: %s is larger than %llu MB uncompressed", x->path, name,
				      (unsigned long long)(XLSX_MAX_PART >> 20));
			break;
		}
		if (XML_Parse(p, chunk, (int)n, 0) != XML_STATUS_OK)
			break;
	}
	if (rc > 0 && n < 0)
		rc = err_fail(e, "%s: %s: corrupt zip data: %s", x->path, name,
			      zip_file_strerror(zf));
	else if (rc > 0 && n == 0 && XML_GetErrorCode(p) == XML_ERROR_NONE)
		XML_Parse(p, "", 0, 1);
	if (rc > 0 && x->fail.len)
		rc = err_fail(e, "%s: %s", x->path, buf_cstr(&x->fail));
	else if (rc > 0 && XML_GetErrorCode(p) != XML_ERROR_NONE)
		rc = err_fail(e, "%s: %s: bad XML at line %lu: %s", x->path, name,
			      (unsigned long)XML_GetCurrentLineNumber(p),
			      XML_ErrorString(XML_GetErrorCode(p)));
	zip_fclose(zf);
	return rc;
}

static XML_Parser new_parser(struct xlsx_reader *x, XML_StartElementHandler start,
			     XML_EndElementHandler end, XML_CharacterDataHandler text)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	if (p == NULL)
		fatal("out of memory (expat)");
	XML_SetUserData(p, x);
	XML_SetElementHandler(p, start, end);
	XML_SetCharacterDataHandler(p, text);
	return p;
}

static void fail_in(struct xlsx_reader *x, XML_Parser p, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail_in(struct xlsx_reader *x, XML_Parser p, const char *fmt, ...)
{
	va_list ap;
	if (x->fail.len == 0) {
		va_start(ap, fmt);
		buf_vprintf(&x->fail, fmt, ap);
		va_end(ap);
	}
	XML_StopParser(p, XML_FALSE);
}

/* --- xl/workbook.xml and its relationships: which part is sheet one --- */

struct wb {
	struct xlsx_reader *x;
	XML_Parser p;
	char *rid, *target;
	int workbook;
};

static void wb_start(void *ud, const char *name, const char **atts)
{
	struct wb *w = ud;
	const char *n = local(name), *v;
	if (strcmp(n, "workbook") == 0)
		w->workbook = 1;
	else if (strcmp(n, "workbookPr") == 0 && (v = attr(atts, "date1904")) != NULL)
		w->x->date1904 = strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0;
	else if (strcmp(n, "sheet") == 0 && w->rid == NULL && (v = attr(atts, "id")) != NULL)
		w->rid = xstrdup(v);
	else if (strcmp(n, "Relationship") == 0 && w->rid && w->target == NULL &&
		 (v = attr(atts, "Id")) != NULL && strcmp(v, w->rid) == 0 &&
		 (v = attr(atts, "Target")) != NULL) {
		if (v[0] == '/')
			w->target = xstrdup(v + 1);
		else {
			struct buf t = BUF_INIT;
			buf_printf(&t, "xl/%s", v);
			w->target = buf_detach(&t);
		}
	}
}

static void no_end(void *ud, const char *name) { (void)ud, (void)name; }
static void no_text(void *ud, const char *s, int len) { (void)ud, (void)s, (void)len; }

static int find_sheet(struct xlsx_reader *x, struct err *e)
{
	struct wb w = {.x = x};
	int rc;
	w.p = new_parser(x, wb_start, no_end, no_text);
	XML_SetUserData(w.p, &w);
	rc = parse_member(x, "xl/workbook.xml", w.p, e);
	XML_ParserFree(w.p);
	if (rc == 0 || (rc > 0 && !w.workbook))
		rc = err_fail(e, "%s: not an Excel workbook (.xlsx): no xl/workbook.xml", x->path);
	if (rc > 0 && w.rid) {
		w.p = new_parser(x, wb_start, no_end, no_text);
		XML_SetUserData(w.p, &w);
		rc = parse_member(x, "xl/_rels/workbook.xml.rels", w.p, e);
		XML_ParserFree(w.p);
	}
	if (rc >= 0) {
		x->sheet = w.target ? w.target : xstrdup("xl/worksheets/sheet1.xml");
		w.target = NULL;
		rc = 1;
	}
	free(w.rid);
	free(w.target);
	return rc;
}

/* --- xl/sharedStrings.xml --- */

static void sst_start(void *ud, const char *name, const char **atts)
{
	struct xlsx_reader *x = ud;
	const char *n = local(name);
	(void)atts;
	if (strcmp(n, "si") == 0)
		buf_reset(&x->text);
	else if (strcmp(n, "t") == 0 && !x->in_rph)
		x->in_t = 1;
	else if (strcmp(n, "rPh") == 0)
		x->in_rph = 1;
}

static void sst_end(void *ud, const char *name)
{
	struct xlsx_reader *x = ud;
	const char *n = local(name);
	if (strcmp(n, "t") == 0)
		x->in_t = 0;
	else if (strcmp(n, "rPh") == 0)
		x->in_rph = 0;
	else if (strcmp(n, "si") == 0) {
		if (x->nsst == x->capsst) {
			x->capsst = x->capsst ? 2 * x->capsst : 256;
			x->sst_at = xrealloc(x->sst_at, x->capsst * sizeof *x->sst_at);
		}
		x->sst_at[x->nsst++] = x->sst.len;
		buf_put(&x->sst, x->text.p ? x->text.p : "", x->text.len);
		buf_putc(&x->sst, '\0');
	}
}

static void collect(void *ud, const char *s, int len)
{
	struct xlsx_reader *x = ud;
	if (!(x->in_t || x->in_v) || x->fail.len)
		return;
	if (x->text.len + (size_t)len > XLSX_MAX_CELL) {
		fail_in(x, x->p, "a cell longer than %d bytes", XLSX_MAX_CELL);
		return;
	}
	buf_put(&x->text, s, (size_t)len);
}

/* --- xl/styles.xml: which cell styles show dates --- */

/* DATE_FMT and/or TIME_FMT for a number format code: d, m, y (h, s)
 * outside quoted text, [brackets] and escaped characters; an m with h or s
 * and no d or y is minutes. */
static int code_kind(const char *c)
{
	int date = 0, month = 0, time = 0, q = 0;
	for (; *c; c++) {
		if (q) {
			q = *c != '"';
			continue;
		}
		switch (*c) {
		case '"': q = 1; break;
		case '\\': case '_': case '*': if (c[1]) c++; break;
		case '[': c += strcspn(c, "]"); if (!*c) c--; break;
		case 'd': case 'D': case 'y': case 'Y': date = 1; break;
		case 'm': case 'M': month = 1; break;
		case 'h': case 'H': case 's': case 'S': time = 1; break;
		default: break;
		}
	}
	if (date)
		return DATE_FMT | (time ? TIME_FMT : 0);
	if (time)
		return TIME_FMT;
	return month ? DATE_FMT : 0;
}

static int builtin_kind(long id)
{
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) ||
	    (id >= 50 && id <= 58))
		return DATE_FMT;
	if (id == 22)
		return DATE_FMT | TIME_FMT;
	if ((id >= 18 && id <= 21) || (id >= 32 && id <= 33) || (id >= 45 && id <= 47))
		return TIME_FMT;
	return 0;
}

struct st {
	struct xlsx_reader *x;
	long ids[256];
	unsigned char kinds[256];
	int ncustom, in_xfs;
};

static void st_start(void *ud, const char *name, const char **atts)
{
	struct st *s = ud;
	struct xlsx_reader *x = s->x;
	const char *n = local(name), *v, *code;
	if (strcmp(n, "numFmt") == 0 && s->ncustom < 256 && (v = attr(atts, "numFmtId")) &&
	    (code = attr(atts, "formatCode"))) {
		s->ids[s->ncustom] = strtol(v, NULL, 10);
		s->kinds[s->ncustom++] = (unsigned char)code_kind(code);
	} else if (strcmp(n, "cellXfs") == 0)
		s->in_xfs = 1;
	else if (strcmp(n, "xf") == 0 && s->in_xfs) {
		long id = (v = attr(atts, "numFmtId")) ? strtol(v, NULL, 10) : 0;
		int k = builtin_kind(id);
		for (int i = 0; i < s->ncustom; i++)
			if (s->ids[i] == id)
				k = s->kinds[i];
		x->xf = xrealloc(x->xf, x->nxf + 1);
		x->xf[x->nxf++] = (unsigned char)k;
	}
}

static void st_end(void *ud, const char *name)
{
	struct st *s = ud;
	if (strcmp(local(name), "cellXfs") == 0)
		s->in_xfs = 0;
}

/* --- the sheet --- */

static long col_of(const char *ref)
{
	long c = 0;
	for (; (*ref >= 'A' && *ref <= 'Z') || (*ref >= 'a' && *ref <= 'z'); ref++) {
		c = c * 26 + ((*ref | 0x20) - 'a' + 1);
		if (c > XLSX_MAX_COLS)
			return -1;
	}
	return c ? c : -1;
}

static void sheet_start(void *ud, const char *name, const char **atts)
{
	struct xlsx_reader *x = ud;
	const char *n = local(name), *v;
	if (x->fail.len)
		return;
	if (strcmp(n, "row") == 0) {
		long r = (v = attr(atts, "r")) ? strtol(v, NULL, 10) : x->last_row + 1;
		if (r <= x->last_row || r > XLSX_MAX_ROWS) {
			fail_in(x, x->p, "%s: row number %ld out of order or out of range", x->sheet,
				r);
			return;
		}
		if (++x->rows > XLSX_MAX_ROWS) {
			fail_in(x, x->p, "%s: more than %ld rows", x->sheet, (long)XLSX_MAX_ROWS);
			return;
		}
		x->row_no = x->last_row = r;
		buf_reset(&x->row);
		x->ncells = 0;
		x->last_col = 0;
	} else if (strcmp(n, "c") == 0) {
		long c = (v = attr(atts, "r")) ? col_of(v) : x->last_col + 1;
		if (c <= x->last_col || c > XLSX_MAX_COLS) {
			fail_in(x, x->p, "%s: cell %s out of order or out of range", x->sheet,
				v ? v : "?");
			return;
		}
		x->col = (int)c;
		snprintf(x->ctype, sizeof x->ctype, "%s", (v = attr(atts, "t")) ? v : "n");
		long s = (v = attr(atts, "s")) ? strtol(v, NULL, 10) : 0;
		x->cell_fmt = s >= 0 && (size_t)s < x->nxf ? x->xf[s] : 0;
		buf_reset(&x->text);
	} else if (strcmp(n, "v") == 0)
		x->in_v = 1;
	else if (strcmp(n, "t") == 0 && !x->in_rph)
		x->in_t = 1;
	else if (strcmp(n, "rPh") == 0)
		x->in_rph = 1;
}

/* A number as a spreadsheet shows it: 15 significant digits, no exponent. */
static void put_number(struct buf *out, const char *s)
{
	char tmp[64], *end;
	double v = strtod(s, &end);
	if (end == s || *end || !isfinite(v)) {
		buf_puts(out, s);
		return;
	}
	snprintf(tmp, sizeof tmp, "%.15g", v);
	if (strpbrk(tmp, "eE") == NULL) {
		buf_puts(out, strcmp(tmp, "-0") == 0 ? "0" : tmp);
		return;
	}
	if (fabs(v) >= 1) {
		buf_printf(out, "%.0f", v);
		return;
	}
	snprintf(tmp, sizeof tmp, "%.20f", v);
	size_t n = strlen(tmp);
	while (n && tmp[n - 1] == '0')
		n--;
	if (n && tmp[n - 1] == '.')
		n--;
	buf_put(out, tmp, n);
}

static void put_value(struct xlsx_reader *x)
{
	const char *v = buf_cstr(&x->text), *t = x->ctype;
	if (strcmp(t, "s") == 0) {
		char *end;
		long i = strtol(v, &end, 10);
		if (end == v || *end || i < 0 || (size_t)i >= x->nsst) {
			fail_in(x, x->p, "%s: shared string %s does not exist", x->sheet, v);
			return;
		}
		buf_puts(&x->row, x->sst.p + x->sst_at[i]);
	} else if (strcmp(t, "b") == 0)
		buf_puts(&x->row, strcmp(v, "1") == 0 ? "TRUE" : v[0] ? "FALSE" : "");
	else if (strcmp(t, "d") == 0 && strlen(v) >= 10 && v[4] == '-' && v[7] == '-')
		buf_printf(&x->row, "%.2s/%.2s/%.4s%s%.8s", v + 8, v + 5, v,
			   v[10] == 'T' && v[11] ? " " : "", v[10] == 'T' ? v + 11 : "");
	else if (strcmp(t, "n") == 0 && x->cell_fmt && v[0]) {
		char *end;
		double d = strtod(v, &end);
		if (*end || d < 0 || d > 2958465)
			put_number(&x->row, v);
		else if (x->cell_fmt == TIME_FMT)
			xlsx_serial_date(&x->row, d - floor(d), -1, 1);
		else
			xlsx_serial_date(&x->row, d, x->date1904, (x->cell_fmt & TIME_FMT) != 0);
	} else if (strcmp(t, "n") == 0 && v[0])
		put_number(&x->row, v);
	else
		buf_puts(&x->row, v); /* str, inlineStr, e (an error like #N/A) */
}

static void push_row(struct xlsx_reader *x)
{
	long no = x->row_no;
	int n = x->ncells;
	buf_put(&x->q, &no, sizeof no);
	buf_put(&x->q, &n, sizeof n);
	for (int i = 0; i < n; i++) {
		size_t end = i + 1 < n ? x->start[i + 1] : x->row.len;
		size_t len = end - x->start[i] - 1;
		buf_put(&x->q, &len, sizeof len);
		buf_put(&x->q, x->row.p + x->start[i], len + 1);
	}
}

static void sheet_end(void *ud, const char *name)
{
	struct xlsx_reader *x = ud;
	const char *n = local(name);
	if (x->fail.len)
		return;
	if (strcmp(n, "v") == 0)
		x->in_v = 0;
	else if (strcmp(n, "t") == 0)
		x->in_t = 0;
	else if (strcmp(n, "rPh") == 0)
		x->in_rph = 0;
	else if (strcmp(n, "c") == 0) {
		if (x->col > x->capcells) {
			x->capcells = x->col + 16;
			x->start = xrealloc(x->start, (size_t)x->capcells * sizeof *x->start);
		}
		while (x->ncells < x->col) { /* empty cells in the gap, then this one */
			x->start[x->ncells++] = x->row.len;
			if (x->ncells < x->col)
				buf_putc(&x->row, '\0');
		}
		put_value(x);
		buf_putc(&x->row, '\0');
		x->last_col = x->col;
	} else if (strcmp(n, "row") == 0)
		push_row(x);
}

int xlsx_read_open(struct xlsx_reader **out, const char *path, struct err *e)
{
	int zerr = 0, rc;
	zip_stat_t st;
	*out = NULL;
	zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
	if (z == NULL) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		err_fail(e, "%s: not a readable .xlsx workbook: %s", path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return -1;
	}
	struct xlsx_reader *x = xcalloc(1, sizeof *x);
	x->path = xstrdup(path);
	x->zip = z;
	if ((rc = find_sheet(x, e)) < 0)
		goto fail;
	x->p = new_parser(x, sst_start, sst_end, collect);
	rc = parse_member(x, "xl/sharedStrings.xml", x->p, e);
	XML_ParserFree(x->p);
	if (rc < 0)
		goto fail;
	struct st s = {.x = x};
	x->p = new_parser(x, st_start, st_end, no_text);
	XML_SetUserData(x->p, &s);
	rc = parse_member(x, "xl/styles.xml", x->p, e);
	XML_ParserFree(x->p);
	x->p = NULL;
	if (rc < 0)
		goto fail;
	if (zip_stat(z, x->sheet, 0, &st) < 0 || (x->zf = zip_fopen(z, x->sheet, 0)) == NULL) {
		err_fail(e, "%s: not an Excel workbook (.xlsx): no sheet %s", path, x->sheet);
		goto fail;
	}
	x->sheet_size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
	if (x->sheet_size > XLSX_MAX_SHEET) {
		err_fail(e, "%s: the sheet is larger than %llu GB uncompressed", path,
			 (unsigned long long)(XLSX_MAX_SHEET >> 30));
		goto fail;
	}
	x->in_t = x->in_v = x->in_rph = 0;
	x->p = new_parser(x, sheet_start, sheet_end, collect);
	*out = x;
	return 0;
fail:
	xlsx_read_close(x);
	return -1;
}

/* Feeds the next chunk of the sheet to the parser: 1 fed, 0 end, -1 error. */
static int feed(struct xlsx_reader *x, struct err *e)
{
	char chunk[FEED];
	zip_int64_t n = zip_fread(x->zf, chunk, sizeof chunk);
	if (n < 0)
		return err_fail(e, "%s: %s: corrupt zip data: %s", x->path, x->sheet,
				zip_file_strerror(x->zf));
	x->read += (uint64_t)n;
	if (x->read > XLSX_MAX_SHEET)
		return err_fail(e, "%s: the sheet is larger than %llu GB uncompressed", x->path,
				(unsigned long long)(XLSX_MAX_SHEET >> 30));
	if (XML_Parse(x->p, chunk, (int)n, n == 0) != XML_STATUS_OK) {
		if (x->fail.len)
			return err_fail(e, "%s:%ld: %s", x->path, x->row_no, buf_cstr(&x->fail));
		return err_fail(e, "%s: %s: bad XML at line %lu: %s", x->path, x->sheet,
				(unsigned long)XML_GetCurrentLineNumber(x->p),
				XML_ErrorString(XML_GetErrorCode(x->p)));
	}
	return n > 0;
}

int xlsx_read_next(struct xlsx_reader *x, struct xlsx_row *row, struct err *e)
{
	if (x->q_at == x->q.len) {
		buf_reset(&x->q);
		x->q_at = 0;
		while (x->q.len == 0 && !x->done) {
			int got = feed(x, e);
			if (got < 0)
				return -1;
			x->done = got == 0;
		}
		if (x->q.len == 0)
			return 0;
	}
	const char *q = x->q.p + x->q_at;
	int n;
	memcpy(&row->row, q, sizeof row->row);
	q += sizeof row->row;
	memcpy(&n, q, sizeof n);
	q += sizeof n;
	x->cells = xrealloc(x->cells, (size_t)(n ? n : 1) * sizeof *x->cells);
	x->lens = xrealloc(x->lens, (size_t)(n ? n : 1) * sizeof *x->lens);
	for (int i = 0; i < n; i++) {
		memcpy(&x->lens[i], q, sizeof x->lens[i]);
		q += sizeof x->lens[i];
		x->cells[i] = q;
		q += x->lens[i] + 1;
	}
	x->q_at = (size_t)(q - x->q.p);
	row->ncells = n;
	row->cell = x->cells;
	row->len = x->lens;
	return 1;
}

double xlsx_read_progress(const struct xlsx_reader *x)
{
	if (x->done)
		return 1;
	if (x->sheet_size == 0)
		return 0;
	return x->read >= x->sheet_size ? 1 : (double)x->read / (double)x->sheet_size;
}

void xlsx_read_close(struct xlsx_reader *x)
{
	if (x == NULL)
		return;
	if (x->p)
		XML_ParserFree(x->p);
	if (x->zf)
		zip_fclose(x->zf);
	if (x->zip)
		zip_discard(x->zip);
	free(x->path);
	free(x->sheet);
	buf_free(&x->sst);
	free(x->sst_at);
	free(x->xf);
	buf_free(&x->text);
	buf_free(&x->row);
	free(x->start);
	buf_free(&x->q);
	free(x->cells);
	free(x->lens);
	buf_free(&x->fail);
	free(x);
}

/* Days from 1970-01-01 to y-m-d's inverse (Howard Hinnant's civil_from_days). */
static void civil(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void xlsx_serial_date(struct buf *out, double serial, int date1904, int time)
{
	long secs = lround((serial - floor(serial)) * 86400.0);
	long day = (long)floor(serial);
	if (secs >= 86400)
		day++, secs -= 86400;
	if (date1904 >= 0) {
		int y, m, d;
		/* 1900 system: serial 1 = 01/01/1900, with Lotus's 29/02/1900 (60) */
		long unix_day = date1904 ? day - 24107 : day < 60 ? day - 25568 : day - 25569;
		civil(unix_day, &y, &m, &d);
		buf_printf(out, "%02d/%02d/%04d", d, m, y);
		if (!time)
			return;
		buf_putc(out, ' ');
	}
	buf_printf(out, "%02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
}
