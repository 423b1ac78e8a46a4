/* QR codes (libqrencode, ECC level M) drawn with cairo, written as PNG, or
 * as SVG for web pages.  The receipt prints the URL of the portal's
 * /verify page for the receipt's verification code; VietQR uses the same
 * functions for payment codes. */
#ifndef ANSINH_DOC_QR_H
#define ANSINH_DOC_QR_H

#include <cairo.h>

#include "base/buf.h"
#include "base/err.h"

#define QR_QUIET 4          /* modules of white border on each side */
#define QR_TEXT_MAX 2048    /* bytes of text we encode */

/* QR code of text (ECC level M) drawn with cairo: a square of side size (user units) with its top-left at (x, y), quiet zone of 4 modules included. */
int qr_draw(cairo_t *cr, const char *text, double x, double y, double size, struct err *e);
/* The same as a PNG file, module_px pixels per module. */
int qr_write_png(const char *path, const char *text, int module_px, struct err *e);
/* The same as an SVG document appended to out (one <path>, no script), for web pages. */
int qr_svg(struct buf *out, const char *text, struct err *e);

#endif
