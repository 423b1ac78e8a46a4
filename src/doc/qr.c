/* QR codes through libqrencode: one encoder call, three ways to draw the
 * modules (cairo path, PNG via cairo, SVG path). */
#include <errno.h>
#include <qrencode.h>
#include <string.h>

#include "doc/qr.h"

#define QR_MODULE_PX_MAX 64

static QRcode *encode(const char *text, struct err *e)
{
	QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (q == NULL)
		err_fail(e, "QR code: cannot encode %zu bytes (%s)", strlen(text),
			 errno == ERANGE ? "too long for a QR code" : strerror(errno));
	return q;
}

static int dark(const QRcode *q, int x, int y)
{
	return q->data[y * q->width + x] & 1;
}

/* White square with the dark modules on it, one module = m user units. */
static void draw_modules(cairo_t *cr, const QRcode *q, double x, double y, double m)
{
	double side = (q->width + 2 * QR_QUIET_ZONE) * m;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, side, side);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int r = 0; r < q->width; r++)
		for (int c = 0; c < q->width; c++)
			if (dark(q, c, r))
				cairo_rectangle(cr, x + (c + QR_QUIET_ZONE) * m, y + (r + QR_QUIET_ZONE) * m,
						m, m);
	cairo_fill(cr);
	cairo_restore(cr);
}

int qr_draw(cairo_t *cr, const char *text, double x, double y, double size, struct err *e)
{
	QRcode *q = encode(text, e);
	if (q == NULL)
		return -1;
	draw_modules(cr, q, x, y, size / (q->width + 2 * QR_QUIET_ZONE));
	QRcode_free(q);
	return 0;
}

int qr_write_png(const char *path, const char *text, int module_px, struct err *e)
{
	if (module_px < 1 || module_px > QR_MODULE_PX_MAX)
		return err_fail(e, "QR code: %d pixels per module is outside 1 to %d", module_px,
				QR_MODULE_PX_MAX);
	QRcode *q = encode(text, e);
	if (q == NULL)
		return -1;
	int side = (q->width + 2 * QR_QUIET_ZONE) * module_px;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side);
	cairo_t *cr = cairo_create(s);
	cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
	draw_modules(cr, q, 0, 0, module_px);
	cairo_destroy(cr);
	cairo_status_t st = cairo_surface_write_to_png(s, path);
	cairo_surface_destroy(s);
	QRcode_free(q);
	if (st != CAIRO_STATUS_SUCCESS)
		return err_fail(e, "%s: cannot write the PNG: %s", path, cairo_status_to_string(st));
	return 0;
}

int qr_svg(struct buf *out, const char *text, struct err *e)
{
	QRcode *q = encode(text, e);
	if (q == NULL)
		return -1;
	int side = q->width + 2 * QR_QUIET_ZONE;
	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		   "shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR\">"
		   "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
		   side, side, side, side);
	/* one horizontal run of dark modules per subpath */
	for (int r = 0; r < q->width; r++)
		for (int c = 0; c < q->width;) {
			if (!dark(q, c, r)) {
				c++;
				continue;
			}
			int run = 1;
			while (c + run < q->width && dark(q, c + run, r))
				run++;
			buf_printf(out, "M%d %dh%dv1h-%dz", c + QR_QUIET_ZONE, r + QR_QUIET_ZONE, run, run);
			c += run;
		}
	buf_puts(out, "\"/></svg>");
	QRcode_free(q);
	return 0;
}
