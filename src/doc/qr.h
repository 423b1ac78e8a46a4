/* QR codes (libqrencode, error correction level M) as cairo drawings, PNG
 * files and SVG for web pages.  Each draws the quiet zone of 4 light modules
 * around the code.  Errors (text too long for a QR code, a file that cannot
 * be written) are returned in e. */
#ifndef ANSINH_DOC_QR_H
#define ANSINH_DOC_QR_H

#include <cairo.h>

#include "base/buf.h"
#include "base/err.h"

#define QR_QUIET_ZONE 4

/* QR code of text (ECC level M) drawn with cairo: a square of side size (user units) with its top-left at (x, y), quiet zone of 4 modules included. */
int qr_draw(cairo_t *cr, const char *text, double x, double y, double size, struct err *e);
/* The same as a PNG file, module_px pixels per module. */
int qr_write_png(const char *path, const char *text, int module_px, struct err *e);
/* The same as an SVG document appended to out (one <path>, no script), for web pages. */
int qr_svg(struct buf *out, const char *text, struct err *e);

#endif
