/* QR codes: libqrencode makes the matrix; the three writers below draw its
 * dark modules, each as a run of adjacent modules on a row, so a code is a
 * few hundred rectangles in one path. */
#include "doc/qr.h"

#include <errno.h>
#include <qrencode.h>
#include <string.h>

static QRcode *encode(const char *text, struct err *e)
{
	size_t n = strlen(text);
	if (n == 0 || n > QR_TEXT_MAX) {
		err_fail(e, "QR code: text of %zu bytes (1 to %d)", n, QR_TEXT_MAX);
		return NULL;
	}
	QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (q == NULL)
		err_fail(e, "QR code: cannot encode %zu bytes: %s", n, strerror(errno));
	return q;
}

/* Calls fn for every run of dark modules: row y, columns [x, x + len). */
static void runs(const QRcode *q, void (*fn)(void *ctx, int x, int y, int len), void *ctx)
{
	int w = q->width;
	for (int y = 0; y < w; y++) {
		const unsigned char *row = q->data + (size_t)y * (size_t)w;
		for (int x = 0; x < w;) {
			if (!(row[x] & 1)) {
				x++;
				continue;
			}
			int x0 = x;
			while (x < w && (row[x] & 1))
				x++;
			fn(ctx, x0, y, x - x0);
		}
	}
}

struct cairo_runs {
	cairo_t *cr;
	double x, y, m;
};

static void cairo_run(void *ctx, int x, int y, int len)
{
	struct cairo_runs *c = ctx;
	cairo_rectangle(c->cr, c->x + (x + QR_QUIET) * c->m, c->y + (y + QR_QUIET) * c->m,
			len * c->m, c->m);
}

int qr_draw(cairo_t *cr, const char *text, double x, double y, double size, struct err *e)
{
	QRcode *q = encode(text, e);
	if (q == NULL)
		return -1;
	struct cairo_runs c = {cr, x, y, size / (q->width + 2 * QR_QUIET)};
	cairo_save(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, size, size);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	/* Modules meet exactly: no anti-aliasing seams between runs. */
	cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
	runs(q, cairo_run, &c);
	cairo_fill(cr);
	cairo_restore(cr);
	QRcode_free(q);
	return 0;
}

int qr_write_png(const char *path, const char *text, int module_px, struct err *e)
{
	if (module_px < 1 || module_px > 64)
		return err_fail(e, "QR code: %d pixels per module (1 to 64)", module_px);
	QRcode *q = encode(text, e);
	if (q == NULL)
		return -1;
	int side = (q->width + 2 * QR_QUIET) * module_px;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side);
	cairo_t *cr = cairo_create(s);
	struct cairo_runs c = {cr, 0, 0, module_px};
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
	runs(q, cairo_run, &c);
	cairo_fill(cr);
	cairo_destroy(cr);
	cairo_status_t st = cairo_surface_write_to_png(s, path);
	cairo_surface_destroy(s);
	QRcode_free(q);
	if (st != CAIRO_STATUS_SUCCESS)
		return err_fail(e, "%s: cannot write PNG: %s", path, cairo_status_to_string(st));
	return 0;
}

static void svg_run(void *ctx, int x, int y, int len)
{
	buf_printf(ctx, "M%d %dh%dv1h-%dz", x + QR_QUIET, y + QR_QUIET, len, len);
}

int qr_svg(struct buf *out, const char *text, struct err *e)
{
	QRcode *q = encode(text, e);
	if (q == NULL)
		return -1;
	int side = q->width + 2 * QR_QUIET;
	buf_printf(out,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		   "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		   "<path fill=\"#000\" d=\"",
		   side, side, side, side);
	runs(q, svg_run, out);
	buf_puts(out, "\"/></svg>");
	QRcode_free(q);
	return 0;
}
