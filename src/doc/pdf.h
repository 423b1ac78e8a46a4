/* PDF output: cairo PDF surfaces, text shaped by pango (Vietnamese stacked
 * diacritics need real shaping), the font Liberation Serif (metrically
 * Times New Roman, the font of Vietnamese official papers) embedded.
 *
 * A small layout layer over that: a cursor that flows down a page,
 * paragraphs (justified, first-line indent, split across pages line by
 * line), rules, and tables whose header row repeats on every page.  Text is
 * pango markup; data must go through pdf_esc() (or pdf_mk) so that a name
 * with '<' or '&' stays text.  Units are PostScript points (1/72 inch). */
#ifndef ANSINH_DOC_PDF_H
#define ANSINH_DOC_PDF_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "base/buf.h"
#include "base/err.h"

#define PDF_MM(x) ((x) * 72.0 / 25.4)
#define PDF_A4_W PDF_MM(210.0)
#define PDF_A4_H PDF_MM(297.0)
#define PDF_FONT "Liberation Serif"
#define PDF_FONT_PACKAGE "fonts-liberation2"

/* 0 when Liberation Serif (regular, bold, italic, bold italic) is installed;
 * else -1 and a message naming the Debian package.  Checked once. */
int pdf_font_check(struct err *e);

/* A PDF file being written.  The date (ISO, may be NULL) is the document's
 * creation date in its metadata, so that the same document gives the same
 * bytes (no clock time in the file). */
struct pdf_file {
	cairo_surface_t *surface;
	cairo_t *cr;
	char *path;
	struct buf *sink; /* pdf_file_open_buf: where the bytes go */
};
int pdf_file_open(struct pdf_file *f, const char *path, double w, double h, const char *date_iso,
		  struct err *e);
/* The same, the bytes appended to out (a web response). */
int pdf_file_open_buf(struct pdf_file *f, struct buf *out, double w, double h,
		      const char *date_iso, struct err *e);
/* The size of the pages drawn from now on. */
void pdf_file_page_size(struct pdf_file *f, double w, double h);
/* Finishes the file; -1 with e set when cairo could not write it. */
int pdf_file_close(struct pdf_file *f, struct err *e);

/* The fonts are embedded without their hinting (doc/unhinted.c):
 * pdf_font_unhinted registers a font file to be opened so by cairo (done
 * by pdf_font_check for the four faces).  pdf_font_unhint returns a
 * copy of the TrueType font in data without hinting (malloc'd, *out_len
 * bytes), or NULL when it is not a TrueType font this code understands. */
void pdf_font_unhinted(const char *path);
unsigned char *pdf_font_unhint(const unsigned char *data, size_t len, size_t *out_len);

/* cairo's streams are compressed by doc/deflate.c: zlib's fastest level,
 * and an input compressed before in this process served from a memo (the
 * same bytes).  pdf_deflate_setup finds zlib's own functions (called by
 * pdf_file_open).  pdf_deflate_memo turns the memo on (the default) or
 * off and empties it; the statistics count since then.  For tests. */
void pdf_deflate_setup(void);
void pdf_deflate_memo(int on);
struct pdf_deflate_stats {
	long hits, misses, kept;
	long long bytes_saved; /* input not compressed again */
};
struct pdf_deflate_stats pdf_deflate_stats(void);

enum pdf_align { PDF_LEFT, PDF_CENTER, PDF_RIGHT, PDF_JUSTIFY };

struct pdf_style {
	double size;        /* points */
	enum pdf_align align;
	double indent;      /* first line, points */
	double spacing;     /* line height factor (0: the font's own) */
	double before, after; /* space around a paragraph, points */
};

struct lay;
typedef void (*lay_page_fn)(struct lay *L, void *ctx);

/* The layout cursor over one cairo context. */
struct lay {
	cairo_t *cr;
	PangoContext *pc;
	PangoLayout *pl;
	double w, h;                     /* page size */
	double left, right, top, bottom; /* margins */
	double y;                        /* next free line, from the page's top */
	int page;                        /* 1 for the first */
	lay_page_fn on_page;             /* called after each new page (table headers) */
	void *on_page_ctx;
	struct buf m;                    /* scratch markup */
};

/* Starts laying out on cr (page size w x h); lay_end frees what it made. */
void lay_begin(struct lay *L, cairo_t *cr, double w, double h);
void lay_end(struct lay *L);
double lay_width(const struct lay *L); /* between the margins */
/* Ends the page and starts the next one (calls on_page). */
void lay_new_page(struct lay *L);
/* Starts a new page unless h points are left on this one. */
void lay_need(struct lay *L, double h);

/* Height of markup set in width with style (no drawing). */
double lay_measure(struct lay *L, const char *markup, double width, const struct pdf_style *st);
/* Draws markup in the box starting at (x, y) of the given width; returns
 * its height.  Does not move the cursor or break pages. */
double lay_text_at(struct lay *L, const char *markup, double x, double y, double width,
		   const struct pdf_style *st);
/* Width of one line of markup (its logical extent). */
double lay_text_width(struct lay *L, const char *markup, double size);
/* A paragraph at the cursor across the width between the margins (or
 * [x, x + width) when width > 0), breaking pages between lines. */
void lay_para(struct lay *L, const char *markup, const struct pdf_style *st);
void lay_para_in(struct lay *L, const char *markup, double x, double width,
		 const struct pdf_style *st);
/* A horizontal rule, centred on cx, of the given length, at y. */
void lay_rule(struct lay *L, double cx, double len, double y, double thickness);

/* Tables: column widths in points, header cells (markup) repeated on each
 * page the table runs onto. */
#define LAY_COLS_MAX 8
struct lay_table {
	int ncols;
	double width[LAY_COLS_MAX];
	enum pdf_align align[LAY_COLS_MAX];
	const char *head[LAY_COLS_MAX];
	double size;  /* text size */
	double pad;   /* cell padding */
	double x;     /* left edge */
};
void lay_table_begin(struct lay *L, struct lay_table *t);
/* One row; cells are markup.  A row never splits across pages. */
void lay_table_row(struct lay *L, struct lay_table *t, const char *const cells[]);
/* A row spanning every column (a tier heading), markup. */
void lay_table_span(struct lay *L, struct lay_table *t, const char *markup);
void lay_table_end(struct lay *L, struct lay_table *t);

/* Markup helpers: pdf_esc appends s escaped for pango markup; pdf_mk
 * appends a format whose %s arguments are escaped (only %s and %%). */
void pdf_esc(struct buf *out, const char *s);
void pdf_mk(struct buf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
