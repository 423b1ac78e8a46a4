#include "base/csv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/escape.h"
#include "base/xlsx_read.h"

#define CHUNK (1 << 20)

struct csv_reader {
	FILE *f;
	char *path;
	char *chunk;
	size_t pos, end;
	uint64_t offset; /* bytes consumed */
	uint64_t size;
	long line;       /* current physical line */
	int first;       /* BOM not yet checked */
	int width;       /* columns of the header once mapped, else 0 */
	int eof;
	struct xlsx_reader *x; /* an .xlsx: its first sheet's rows instead */
	struct buf rec;  /* field bytes, each NUL-terminated */
	size_t start[CSV_MAX_FIELDS];
};

/* An .xlsx by its name or its zip signature; an old binary .xls is named. */
static int open_sheet(struct csv_reader *r, FILE *f, struct err *e)
{
	unsigned char m[8] = {0};
	size_t n = strlen(r->path), got = fread(m, 1, sizeof m, f);
	rewind(f);
	if (got == 8 && memcmp(m, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return err_fail(e, "%s: an old Excel .xls file: save it as .xlsx or CSV", r->path);
	if ((got >= 4 && memcmp(m, "PK\x03\x04", 4) == 0) ||
	    (n > 5 && strcasecmp(r->path + n - 5, ".xlsx") == 0))
		return xlsx_read_open(&r->x, r->path, e);
	return 0;
}

int csv_open(struct csv_reader **out, const char *path, struct err *e)
{
	struct stat st;
	FILE *f = fopen(path, "rb");
	*out = NULL;
	if (f == NULL)
		return err_fail(e, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return err_fail(e, "%s: not a regular file", path);
	}
	struct csv_reader *r = xcalloc(1, sizeof *r);
	r->path = xstrdup(path);
	r->f = f;
	if (open_sheet(r, f, e) < 0) {
		csv_close(r);
		return -1;
	}
	r->chunk = xmalloc(CHUNK);
	r->size = (uint64_t)st.st_size;
	r->line = 1;
	r->first = 1;
	*out = r;
	return 0;
}

void csv_close(struct csv_reader *r)
{
	if (r == NULL)
		return;
	fclose(r->f);
	xlsx_read_close(r->x);
	free(r->path);
	free(r->chunk);
	buf_free(&r->rec);
	free(r);
}

uint64_t csv_offset(const struct csv_reader *r)
{
	return r->x ? (uint64_t)(xlsx_read_progress(r->x) * (double)r->size) : r->offset;
}
uint64_t csv_size(const struct csv_reader *r) { return r->size; }
const char *csv_path(const struct csv_reader *r) { return r->path; }

/* Next byte, or -1 at end of file. */
static int next_byte(struct csv_reader *r)
{
	if (r->pos == r->end) {
		if (r->eof)
			return -1;
		r->end = fread(r->chunk, 1, CHUNK, r->f);
		r->pos = 0;
		if (r->end == 0) {
			r->eof = 1;
			return -1;
		}
		if (r->first) {
			r->first = 0;
			if (r->end >= 3 && memcmp(r->chunk, "\xEF\xBB\xBF", 3) == 0) {
				r->pos = 3;
				r->offset += 3;
			}
			if (r->pos == r->end)
				return next_byte(r);
		}
	}
	r->offset++;
	return (unsigned char)r->chunk[r->pos++];
}

static int peek_byte(struct csv_reader *r)
{
	int c = next_byte(r);
	if (c >= 0) {
		r->pos--;
		r->offset--;
	}
	return c;
}

static int finish_row(struct csv_reader *r, struct csv_row *row, int nf, struct err *e);

/* A sheet row as a record: line = the row's number, trailing empty cells
 * (formatted but blank) left out. */
static int next_sheet_row(struct csv_reader *r, struct csv_row *row, struct err *e)
{
	struct xlsx_row x;
	int got = xlsx_read_next(r->x, &x, e), nf;
	if (got <= 0)
		return got;
	row->line = x.row;
	for (nf = x.ncells; nf > 0 && x.len[nf - 1] == 0; nf--)
		;
	if (nf > CSV_MAX_FIELDS)
		return err_fail(e, "%s:%ld: more than %d columns", r->path, row->line,
				CSV_MAX_FIELDS);
	if (nf == 0)
		nf = 1; /* an empty row is one empty cell, as in a CSV file */
	for (int i = 0; i < nf; i++) {
		r->start[i] = r->rec.len;
		if (i < x.ncells)
			buf_put(&r->rec, x.cell[i], x.len[i]);
		buf_putc(&r->rec, '\0');
	}
	if (r->rec.len > CSV_MAX_RECORD)
		return err_fail(e, "%s:%ld: record longer than %d bytes", r->path, row->line,
				CSV_MAX_RECORD);
	return finish_row(r, row, nf, e);
}

int csv_next(struct csv_reader *r, struct csv_row *row, struct err *e)
{
	int c, nf = 0;
	buf_reset(&r->rec);
	if (r->x)
		return next_sheet_row(r, row, e);
	row->line = r->line;
	c = next_byte(r);
	if (c < 0)
		return 0;
	for (;;) {
		/* one field */
		if (nf == CSV_MAX_FIELDS)
			return err_fail(e, "%s:%ld: more than %d columns", r->path, row->line,
					CSV_MAX_FIELDS);
		r->start[nf] = r->rec.len;
		if (c == '"') {
			long qline = r->line;
			for (;;) {
				c = next_byte(r);
				if (c < 0)
					return err_fail(e, "%s:%ld: unterminated quoted field", r->path,
							qline);
				if (c == '"') {
					if (peek_byte(r) == '"') {
						next_byte(r);
						buf_putc(&r->rec, '"');
						continue;
					}
					c = next_byte(r);
					break;
				}
				if (c == 0)
					goto binary;
				if (c == '\n')
					r->line++;
				buf_putc(&r->rec, (char)c);
			}
			if (c >= 0 && c != ',' && c != '\n' && c != '\r')
				return err_fail(e, "%s:%ld: text after a closing quote in column %d",
						r->path, r->line, nf + 1);
		} else {
			while (c >= 0 && c != ',' && c != '\n' && c != '\r') {
				if (c == 0)
					goto binary;
				if (c == '"')
					return err_fail(e, "%s:%ld: stray quote in unquoted column %d",
							r->path, r->line, nf + 1);
				buf_putc(&r->rec, (char)c);
				c = next_byte(r);
			}
		}
		if (r->rec.len > CSV_MAX_RECORD)
			return err_fail(e, "%s:%ld: record longer than %d bytes", r->path, row->line,
					CSV_MAX_RECORD);
		buf_putc(&r->rec, '\0');
		nf++;
		if (c == ',') {
			c = next_byte(r);
			continue;
		}
		if (c == '\r') {
			if (peek_byte(r) == '\n')
				next_byte(r);
			else
				return err_fail(e, "%s:%ld: bare carriage return", r->path, r->line);
		}
		if (c == '\r' || c == '\n')
			r->line++;
		break;
	}
	return finish_row(r, row, nf, e);
binary:
	return err_fail(e, "%s:%ld: not a CSV text file (contains NUL bytes)", r->path, r->line);
}

static int finish_row(struct csv_reader *r, struct csv_row *row, int nf, struct err *e)
{
	row->nfields = nf;
	for (int i = 0; i < nf; i++) {
		row->field[i] = r->rec.p + r->start[i];
		size_t endpos = (i + 1 < nf ? r->start[i + 1] : r->rec.len) - 1;
		row->len[i] = endpos - r->start[i];
	}
	row->blank = 1;
	for (size_t i = 0; i < r->rec.len && row->blank; i++) {
		char ch = r->rec.p[i];
		if (ch != '\0' && ch != ' ' && ch != '\t')
			row->blank = 0;
	}
	/* Spreadsheets export empty rows as ",,,,"; they carry nothing. */
	if (row->blank)
		return 1;
	/* More cells than the header means the data has shifted; fewer is how
	 * many tools write rows whose trailing optional cells are empty. */
	if (r->width && nf > r->width)
		return err_fail(e, "%s:%ld: %d columns, but the header has only %d", r->path,
				row->line, nf, r->width);
	return 1;
}

/* 1 when the header cell h (len bytes) is one of the '|'-separated
 * alternatives of name. */
static int header_is(const char *name, const char *h, size_t len)
{
	for (;;) {
		size_t n = strcspn(name, "|");
		if (n == len && strncasecmp(name, h, len) == 0)
			return 1;
		if (name[n] == '\0')
			return 0;
		name += n + 1;
	}
}

static int map_header(struct csv_reader *r, const struct csv_row *hdr, const char *const names[],
		      const int required[], int n, int idx[], csv_norm_fn norm, struct err *e)
{
	struct buf key = BUF_INIT;
	int rc = -1;
	for (int i = 0; i < n; i++)
		idx[i] = -1;
	for (int c = 0; c < hdr->nfields; c++) {
		const char *h = hdr->field[c];
		size_t len = hdr->len[c];
		while (len && (*h == ' ' || *h == '\t'))
			h++, len--;
		while (len && (h[len - 1] == ' ' || h[len - 1] == '\t'))
			len--;
		if (len == 0 && hdr->nfields == 1)
			break;
		const char *k = h;
		size_t klen = len;
		if (norm) {
			buf_reset(&key);
			norm(&key, h, len);
			k = buf_cstr(&key);
			klen = key.len;
		}
		int found = -1;
		for (int i = 0; i < n; i++)
			if (header_is(names[i], k, klen))
				found = i;
		if (found < 0) {
			struct buf q = BUF_INIT, all = BUF_INIT;
			buf_put_printable(&q, h, len, 60);
			for (int i = 0; i < n; i++)
				buf_printf(&all, "%s%.*s", i ? ", " : "", (int)strcspn(names[i], "|"),
					   names[i]);
			err_fail(e, "%s:%ld: unknown column '%s' (columns: %s)", r->path, hdr->line,
				 buf_cstr(&q), buf_cstr(&all));
			buf_free(&q);
			buf_free(&all);
			goto cleanup;
		}
		if (idx[found] >= 0) {
			err_fail(e, "%s:%ld: column '%.*s' appears twice", r->path, hdr->line,
				 (int)strcspn(names[found], "|"), names[found]);
			goto cleanup;
		}
		idx[found] = c;
	}
	for (int i = 0; i < n; i++)
		if (required[i] && idx[i] < 0) {
			err_fail(e, "%s:%ld: missing required column '%.*s'", r->path, hdr->line,
				 (int)strcspn(names[i], "|"), names[i]);
			goto cleanup;
		}
	r->width = hdr->nfields;
	rc = 0;
cleanup:
	buf_free(&key);
	return rc;
}

int csv_map_header(struct csv_reader *r, const struct csv_row *hdr, const char *const names[],
		   const int required[], int n, int idx[], struct err *e)
{
	return map_header(r, hdr, names, required, n, idx, NULL, e);
}

int csv_open_mapped(struct csv_reader **out, const char *path, const char *const names[],
		    const int required[], int n, int idx[], struct err *e)
{
	return csv_open_mapped_norm(out, path, names, required, n, idx, NULL, e);
}

int csv_open_mapped_norm(struct csv_reader **out, const char *path, const char *const names[],
			 const int required[], int n, int idx[], csv_norm_fn norm, struct err *e)
{
	struct csv_row hdr;
	int got;
	if (csv_open(out, path, e) < 0)
		return -1;
	if ((got = csv_next(*out, &hdr, e)) == 0)
		err_fail(e, "%s:1: empty file (expected a header row)", path);
	if (got > 0 && hdr.blank)
		got = err_fail(e, "%s:%ld: the first line must be the header row, not an empty one",
			       path, hdr.line);
	if (got <= 0 || map_header(*out, &hdr, names, required, n, idx, norm, e) < 0) {
		csv_close(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

void csv_put_cell(struct buf *out, const char *s, int guard)
{
	int formula = guard && s[0] && strchr("=+-@\t\r", s[0]) != NULL;
	if (!formula && strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ') {
		buf_puts(out, s);
		return;
	}
	buf_putc(out, '"');
	if (formula)
		buf_putc(out, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(out, '"');
		buf_putc(out, *s);
	}
	buf_putc(out, '"');
}
