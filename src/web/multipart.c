/* multipart/form-data bodies (RFC 7578), for the one form that sends a
 * file: the bank statement upload.  Text parts join rq->form, so the CSRF
 * check and the typed getters work as for any form; the one file part is
 * kept as a pointer into the request body (rq->upload), which lives as long
 * as the request.  Anything malformed is refused whole, with a reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/utf8.h"
#include "web/web.h"

#define BOUNDARY_MAX 70 /* RFC 2046 */
#define PART_HEADERS_MAX 4096

/* The boundary parameter of a multipart/form-data Content-Type, quoted or
 * not; 0, or -1 when it is missing or not a valid boundary. */
static int boundary_of(const char *ctype, char *out, size_t n)
{
	const char *b = NULL;
	size_t len;
	for (const char *c = ctype; c && *c && b == NULL; c++)
		if (strncasecmp(c, "boundary=", 9) == 0)
			b = c;
	if (b == NULL)
		return -1;
	b += 9;
	if (*b == '"') {
		const char *q = strchr(++b, '"');
		if (q == NULL)
			return -1;
		len = (size_t)(q - b);
	} else {
		len = strcspn(b, "; \t");
	}
	if (len == 0 || len > BOUNDARY_MAX || len >= n)
		return -1;
	memcpy(out, b, len);
	out[len] = '\0';
	return 0;
}

/* The value of param (name= or filename=) in a Content-Disposition line:
 * quoted (browsers send %22 for a quote inside) or a bare token.  The
 * match must start a parameter: "filename=" is not "name=". */
static int disposition_param(const char *line, size_t n, const char *param, struct buf *out)
{
	size_t plen = strlen(param);
	for (size_t i = 0; i + plen < n; i++) {
		if (strncasecmp(line + i, param, plen) != 0 || line[i + plen] != '=' ||
		    (i > 0 && line[i - 1] != ' ' && line[i - 1] != ';' && line[i - 1] != '\t'))
			continue;
		size_t j = i + plen + 1;
		buf_reset(out);
		if (j < n && line[j] == '"') {
			for (j++; j < n && line[j] != '"'; j++)
				buf_putc(out, line[j]);
			if (j == n)
				return -1;
		} else {
			for (; j < n && line[j] != ';' && line[j] != ' '; j++)
				buf_putc(out, line[j]);
		}
		buf_cstr(out);
		return 1;
	}
	return 0;
}

/* The file name as the user's computer named it, without any directory
 * (some browsers send C:\fakepath\x.csv), as valid UTF-8 of at most 200
 * bytes; "" when none is left. */
static void clean_filename(struct buf *name)
{
	const char *p = buf_cstr(name), *slash = strrchr(p, '/'), *back = strrchr(p, '\\');
	const char *base = slash > back ? slash + 1 : back ? back + 1 : p;
	size_t n = strlen(base);
	char *copy;
	if (n > 200 || !text_is_utf8(base, n) || memchr(base, '\0', n)) {
		buf_reset(name);
		buf_cstr(name);
		return;
	}
	copy = xstrndup(base, n);
	for (char *c = copy; *c; c++)
		if ((unsigned char)*c < 0x20)
			*c = '_';
	buf_reset(name);
	buf_puts(name, copy);
	free(copy);
}

/* needle in hay[0..n), or NULL (memmem is a GNU extension). */
static const char *find(const char *hay, size_t n, const char *needle, size_t m)
{
	const char *end = hay + n;
	for (const char *p = hay; m && (size_t)(end - p) >= m; p++) {
		if ((p = memchr(p, needle[0], (size_t)(end - p) - m + 1)) == NULL)
			return NULL;
		if (memcmp(p, needle, m) == 0)
			return p;
	}
	return NULL;
}

int multipart_parse(const char *ctype, const char *data, size_t n, struct web_params *form,
		    struct web_upload *file, struct err *e)
{
	char boundary[BOUNDARY_MAX + 1], delim[BOUNDARY_MAX + 5];
	const char *p = data ? data : "", *end = p + n;
	struct buf name = BUF_INIT, fname = BUF_INIT;
	int rc = -1;

	memset(file, 0, sizeof *file);
	if (boundary_of(ctype, boundary, sizeof boundary) < 0)
		return err_fail(e, "biểu mẫu gửi tệp thiếu tham số boundary hợp lệ");
	/* every part but the first starts after CRLF--boundary */
	int dlen = snprintf(delim, sizeof delim, "\r\n--%s", boundary);
	if (n < (size_t)dlen - 2 || memcmp(p, delim + 2, (size_t)dlen - 2) != 0) {
		err_fail(e, "biểu mẫu gửi tệp không bắt đầu bằng ranh giới của nó");
		goto cleanup;
	}
	p += dlen - 2;
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
			rc = 0; /* the closing delimiter; an epilogue is ignored */
			break;
		}
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n') {
			err_fail(e, "biểu mẫu gửi tệp bị cắt hoặc sai định dạng");
			goto cleanup;
		}
		p += 2;
		const char *hend = find(p, (size_t)(end - p) < PART_HEADERS_MAX ? (size_t)(end - p)
										 : PART_HEADERS_MAX,
					"\r\n\r\n", 4);
		if (hend == NULL) {
			err_fail(e, "một phần của biểu mẫu gửi tệp không có tiêu đề hợp lệ");
			goto cleanup;
		}
		int has_name = 0, has_file = 0;
		for (const char *l = p; l < hend;) {
			const char *le = find(l, (size_t)(hend - l), "\r\n", 2);
			size_t ln = le ? (size_t)(le - l) : (size_t)(hend - l);
			if (ln > 20 && strncasecmp(l, "Content-Disposition:", 20) == 0) {
				if ((has_name = disposition_param(l, ln, "name", &name)) < 0 ||
				    (has_file = disposition_param(l, ln, "filename", &fname)) < 0) {
					err_fail(e, "tiêu đề Content-Disposition không hợp lệ");
					goto cleanup;
				}
			}
			l = le ? le + 2 : hend;
		}
		const char *body = hend + 4;
		const char *next = find(body, (size_t)(end - body), delim, (size_t)dlen);
		if (!has_name || next == NULL) {
			err_fail(e, has_name ? "biểu mẫu gửi tệp bị cắt (thiếu ranh giới cuối)"
					     : "một phần của biểu mẫu không có tên trường");
			goto cleanup;
		}
		size_t len = (size_t)(next - body);
		if (has_file) {
			if (file->data != NULL) {
				err_fail(e, "chỉ nhận một tệp mỗi lần gửi");
				goto cleanup;
			}
			clean_filename(&fname);
			snprintf(file->field, sizeof file->field, "%.*s", 63, name.p);
			snprintf(file->filename, sizeof file->filename, "%s", fname.p);
			file->data = body;
			file->len = len;
		} else if (params_add(form, name.p, name.len, body, len, e) < 0) {
			goto cleanup;
		}
		p = next + dlen;
	}
cleanup:
	buf_free(&name);
	buf_free(&fname);
	return rc;
}
