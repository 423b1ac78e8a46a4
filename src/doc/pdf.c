/* PDF files and the layout cursor (doc/pdf.h). */
#include "doc/pdf.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- fonts ------------------------------------------------------------- */

static int font_missing;      /* 0 ok, else which face is missing */
static PangoFontMap *font_map; /* see lay_begin */
static pthread_mutex_t lay_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t font_once = PTHREAD_ONCE_INIT;
static const struct {
	int weight, slant;
	const char *name;
} faces[] = {
	{FC_WEIGHT_REGULAR, FC_SLANT_ROMAN, "Regular"},
	{FC_WEIGHT_BOLD, FC_SLANT_ROMAN, "Bold"},
	{FC_WEIGHT_REGULAR, FC_SLANT_ITALIC, "Italic"},
	{FC_WEIGHT_BOLD, FC_SLANT_ITALIC, "Bold Italic"},
};

/* fontconfig substitutes another family when one is missing, so the match
 * is checked for the family and the face asked for. */
static void font_map_free(void);

static void font_probe(void)
{
	if (!FcInit()) {
		font_missing = 1;
		return;
	}
	atexit(font_map_free);
	for (size_t i = 0; i < sizeof faces / sizeof faces[0]; i++) {
		FcPattern *p = FcPatternCreate();
		FcResult res;
		FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)PDF_FONT);
		FcPatternAddInteger(p, FC_WEIGHT, faces[i].weight);
		FcPatternAddInteger(p, FC_SLANT, faces[i].slant);
		FcConfigSubstitute(NULL, p, FcMatchPattern);
		FcDefaultSubstitute(p);
		FcPattern *m = FcFontMatch(NULL, p, &res);
		FcChar8 *fam = NULL, *file = NULL;
		int w = -1, s = -1;
		int ok = m && FcPatternGetString(m, FC_FAMILY, 0, &fam) == FcResultMatch &&
			 strcmp((const char *)fam, PDF_FONT) == 0 &&
			 FcPatternGetInteger(m, FC_WEIGHT, 0, &w) == FcResultMatch &&
			 FcPatternGetInteger(m, FC_SLANT, 0, &s) == FcResultMatch &&
			 w == faces[i].weight && s == faces[i].slant;
		if (ok && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch)
			pdf_font_unhinted((const char *)file);
		if (m)
			FcPatternDestroy(m);
		FcPatternDestroy(p);
		if (!ok) {
			font_missing = (int)i + 1;
			return;
		}
	}
}

int pdf_font_check(struct err *e)
{
	pthread_once(&font_once, font_probe);
	if (font_missing)
		return err_fail(e,
				"font %s %s is not installed: install the Debian package %s "
				"(apt-get install %s)",
				PDF_FONT, faces[font_missing - 1].name, PDF_FONT_PACKAGE,
				PDF_FONT_PACKAGE);
	return 0;
}

/* ---- files ------------------------------------------------------------- */

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	buf_put(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static int file_open(struct pdf_file *f, const char *path, struct buf *sink, double w, double h,
		     const char *date_iso, struct err *e)
{
	memset(f, 0, sizeof *f);
	if (pdf_font_check(e) < 0)
		return -1;
	pdf_deflate_setup();
	f->surface = path ? cairo_pdf_surface_create(path, w, h)
			  : cairo_pdf_surface_create_for_stream(to_buf, sink, w, h);
	cairo_status_t st = cairo_surface_status(f->surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(f->surface);
		f->surface = NULL;
		return err_fail(e, "%s: cannot create PDF: %s", path ? path : "(memory)",
				cairo_status_to_string(st));
	}
	/* No clock time in the file: the document's own date. */
	char date[32];
	snprintf(date, sizeof date, "%.10sT00:00:00", date_iso && *date_iso ? date_iso : "2000-01-01");
	cairo_pdf_surface_set_metadata(f->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(f->surface, CAIRO_PDF_METADATA_CREATOR, "ansinh");
	f->cr = cairo_create(f->surface);
	f->path = xstrdup(path ? path : "(memory)");
	f->sink = sink;
	return 0;
}

int pdf_file_open(struct pdf_file *f, const char *path, double w, double h, const char *date_iso,
		  struct err *e)
{
	return file_open(f, path, NULL, w, h, date_iso, e);
}

int pdf_file_open_buf(struct pdf_file *f, struct buf *out, double w, double h,
		      const char *date_iso, struct err *e)
{
	return file_open(f, NULL, out, w, h, date_iso, e);
}

void pdf_file_page_size(struct pdf_file *f, double w, double h)
{
	cairo_pdf_surface_set_size(f->surface, w, h);
}

int pdf_file_close(struct pdf_file *f, struct err *e)
{
	int rc = 0;
	if (f->cr) {
		cairo_destroy(f->cr);
		cairo_surface_finish(f->surface);
		cairo_status_t st = cairo_surface_status(f->surface);
		if (st != CAIRO_STATUS_SUCCESS)
			rc = err_fail(e, "%s: cannot write PDF: %s", f->path, cairo_status_to_string(st));
		cairo_surface_destroy(f->surface);
	}
	free(f->path);
	memset(f, 0, sizeof *f);
	return rc;
}

/* ---- markup ------------------------------------------------------------ */

void pdf_esc(struct buf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(out, "&amp;"); break;
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '"': buf_puts(out, "&quot;"); break;
		case '\'': buf_puts(out, "&#39;"); break;
		default: buf_putc(out, *s);
		}
	}
}

void pdf_mk(struct buf *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			buf_putc(out, *p);
			continue;
		}
		p++;
		if (*p == 's')
			pdf_esc(out, va_arg(ap, const char *));
		else if (*p == '%')
			buf_putc(out, '%');
		else
			fatal("pdf_mk: unsupported conversion %%%c", *p);
	}
	va_end(ap);
}

/* ---- layout ------------------------------------------------------------ */

/* One font map for the process, made once and kept: pango's default map
 * is one per thread, made and destroyed with each of the web server's
 * threads.  A font map is not thread-safe, so laying out holds a lock
 * from lay_begin to lay_end (documents are drawn one at a time per process;
 * a batch runs in several processes). */
static pthread_once_t font_map_once = PTHREAD_ONCE_INIT;

/* Laid-out text, kept for the next document: most of a batch's letters
 * is the same text (the header, the body's fixed sentences, the signature),
 * and shaping it (HarfBuzz, pango) was a quarter of a batch's CPU.  A
 * layout depends only on its markup, width and style and on the one
 * context below (points, no hinting: the same on every PDF surface), so a
 * layout made for one document draws the same glyphs at the same places
 * in the next.  Direct-mapped by a hash of all that: a slot is replaced
 * when other text lands in it, so the memory stays bounded.  Used under
 * lay_lock, like the font map. */
#define LAY_CACHE_SLOTS 256

static PangoContext *cache_pc;
static cairo_font_options_t *cache_fo; /* as last given to pango_cairo_update_context */
static cairo_matrix_t cache_mx;
static struct slot {
	uint64_t hash;
	char *markup;
	int width;
	struct pdf_style st;
	PangoLayout *pl;
} cache[LAY_CACHE_SLOTS];

static void cache_free(void)
{
	for (size_t i = 0; i < LAY_CACHE_SLOTS; i++) {
		if (cache[i].pl)
			g_object_unref(cache[i].pl);
		free(cache[i].markup);
	}
	memset(cache, 0, sizeof cache);
	if (cache_pc)
		g_object_unref(cache_pc);
	cache_pc = NULL;
	if (cache_fo)
		cairo_font_options_destroy(cache_fo);
	cache_fo = NULL;
}

/* At exit: the font map, cairo's font caches and fontconfig's, released in
 * that order, so that a leak checker sees only real leaks. */
static void font_map_free(void)
{
	pthread_mutex_lock(&lay_lock);
	cache_free();
	/* Another holder (pango's font-config start-up task, in a thread of
	 * its own) may still have the map, and with it fonts in use: then
	 * cairo's reset would abort on them, so it is left out. */
	PangoFontMap *map = font_map;
	if (map) {
		g_object_add_weak_pointer(G_OBJECT(map), (gpointer *)&map);
		g_object_unref(font_map);
	}
	font_map = NULL;
	if (map) {
		g_object_remove_weak_pointer(G_OBJECT(map), (gpointer *)&map);
	} else {
		cairo_debug_reset_static_data();
		FcFini();
	}
	pthread_mutex_unlock(&lay_lock);
}

static void font_map_make(void)
{
	pthread_once(&font_once, font_probe);
	font_map = pango_cairo_font_map_new();
	cache_pc = pango_font_map_create_context(font_map);
	/* Points as user units, and no hinting: the same line breaks on
	 * every surface and at every resolution. */
	pango_cairo_context_set_resolution(cache_pc, 72);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(cache_pc, fo);
	cairo_font_options_destroy(fo);
}

void lay_begin(struct lay *L, cairo_t *cr, double w, double h)
{
	memset(L, 0, sizeof *L);
	L->cr = cr;
	L->w = w;
	L->h = h;
	L->page = 1;
	pthread_once(&font_map_once, font_map_make);
	pthread_mutex_lock(&lay_lock);
	L->pc = cache_pc;
	/* pango_cairo_update_context() marks the context changed, and so every
	 * cached layout stale, each time it is called: it is called only when
	 * this surface's font options or the transformation differ from those
	 * it was last called with (every PDF page starts the same). */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_matrix_t mx;
	cairo_surface_get_font_options(cairo_get_target(cr), fo);
	cairo_get_matrix(cr, &mx);
	if (!cache_fo || !cairo_font_options_equal(fo, cache_fo) ||
	    memcmp(&mx, &cache_mx, sizeof mx) != 0) {
		pango_cairo_update_context(cr, L->pc);
		if (cache_fo)
			cairo_font_options_destroy(cache_fo);
		cache_fo = fo;
		cache_mx = mx;
	} else {
		cairo_font_options_destroy(fo);
	}
}

void lay_end(struct lay *L)
{
	buf_free(&L->m);
	memset(L, 0, sizeof *L);
	pthread_mutex_unlock(&lay_lock);
}

double lay_width(const struct lay *L)
{
	return L->w - L->left - L->right;
}

void lay_new_page(struct lay *L)
{
	cairo_show_page(L->cr);
	L->page++;
	L->y = L->top;
	if (L->on_page)
		L->on_page(L, L->on_page_ctx);
}

void lay_need(struct lay *L, double h)
{
	if (L->y + h > L->h - L->bottom && L->y > L->top)
		lay_new_page(L);
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	for (const unsigned char *c = p; n--; c++)
		h = (h ^ *c) * 1099511628211u;
	return h;
}

/* Points L->pl at the layout of markup in width and style, from the cache
 * or made (the layout is the slot's: valid until the next setup). */
static void setup(struct lay *L, const char *markup, double width, const struct pdf_style *st)
{
	int w = width > 0 ? (int)(width * PANGO_SCALE) : -1;
	struct pdf_style key;
	memset(&key, 0, sizeof key); /* hashed and compared whole, padding too */
	key.size = st->size;
	key.align = st->align;
	key.indent = st->indent;
	key.spacing = st->spacing;
	uint64_t h = fnv(14695981039346656037u, markup, strlen(markup));
	h = fnv(h, &w, sizeof w);
	h = fnv(h, &key, sizeof key);
	struct slot *sl = &cache[h % LAY_CACHE_SLOTS];
	if (sl->pl && sl->hash == h && sl->width == w && memcmp(&sl->st, &key, sizeof key) == 0 &&
	    strcmp(sl->markup, markup) == 0) {
		L->pl = sl->pl;
		return;
	}
	/* A new layout, not the slot's old one changed: lay_para_in may still
	 * be going through that one's lines (a table header on a new page). */
	if (sl->pl)
		g_object_unref(sl->pl);
	free(sl->markup);
	sl->hash = h;
	sl->markup = xstrdup(markup);
	sl->width = w;
	sl->st = key;
	PangoLayout *pl = sl->pl = L->pl = pango_layout_new(L->pc);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family_static(fd, PDF_FONT);
	pango_font_description_set_absolute_size(fd, st->size * PANGO_SCALE);
	pango_layout_set_font_description(pl, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(pl, w);
	pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(pl, st->align == PDF_CENTER  ? PANGO_ALIGN_CENTER
				       : st->align == PDF_RIGHT ? PANGO_ALIGN_RIGHT
								: PANGO_ALIGN_LEFT);
	pango_layout_set_justify(pl, st->align == PDF_JUSTIFY);
	pango_layout_set_indent(pl, (int)(st->indent * PANGO_SCALE));
	pango_layout_set_line_spacing(pl, (float)st->spacing);
	pango_layout_set_markup(pl, markup, -1);
}

double lay_measure(struct lay *L, const char *markup, double width, const struct pdf_style *st)
{
	PangoRectangle r;
	setup(L, markup, width, st);
	pango_layout_get_extents(L->pl, NULL, &r);
	return (double)r.height / PANGO_SCALE;
}

double lay_text_at(struct lay *L, const char *markup, double x, double y, double width,
		   const struct pdf_style *st)
{
	PangoRectangle r;
	setup(L, markup, width, st);
	pango_layout_get_extents(L->pl, NULL, &r);
	cairo_move_to(L->cr, x, y);
	pango_cairo_show_layout(L->cr, L->pl);
	return (double)r.height / PANGO_SCALE;
}

double lay_text_width(struct lay *L, const char *markup, double size)
{
	PangoRectangle r;
	struct pdf_style st = {.size = size};
	setup(L, markup, -1, &st);
	pango_layout_get_extents(L->pl, NULL, &r);
	return (double)r.width / PANGO_SCALE;
}

void lay_para_in(struct lay *L, const char *markup, double x, double width,
		 const struct pdf_style *st)
{
	PangoRectangle r;
	L->y += st->before;
	setup(L, markup, width, st);
	pango_layout_get_extents(L->pl, NULL, &r);
	double h = (double)r.height / PANGO_SCALE;
	if (L->y + h <= L->h - L->bottom) {
		cairo_move_to(L->cr, x, L->y);
		pango_cairo_show_layout(L->cr, L->pl);
		L->y += h + st->after;
		return;
	}
	/* Line by line, onto as many pages as it takes (holding the layout:
	 * a new page's table header may take its cache slot). */
	PangoLayout *pl = g_object_ref(L->pl);
	PangoLayoutIter *it = pango_layout_get_iter(pl);
	double off = 0; /* layout y at the top of the current page's part */
	double top = L->y;
	do {
		PangoRectangle lr;
		pango_layout_iter_get_line_extents(it, NULL, &lr);
		double ly = (double)lr.y / PANGO_SCALE, lh = (double)lr.height / PANGO_SCALE;
		if (top + (ly - off) + lh > L->h - L->bottom && ly > off) {
			lay_new_page(L);
			top = L->y;
			off = ly;
		}
		double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		cairo_move_to(L->cr, x + (double)lr.x / PANGO_SCALE, top + base - off);
		pango_cairo_show_layout_line(L->cr, pango_layout_iter_get_line_readonly(it));
		L->y = top + (ly - off) + lh;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(pl);
	L->y += st->after;
}

void lay_para(struct lay *L, const char *markup, const struct pdf_style *st)
{
	lay_para_in(L, markup, L->left, lay_width(L), st);
}

void lay_rule(struct lay *L, double cx, double len, double y, double thickness)
{
	cairo_save(L->cr);
	cairo_set_line_width(L->cr, thickness);
	cairo_move_to(L->cr, cx - len / 2, y);
	cairo_line_to(L->cr, cx + len / 2, y);
	cairo_stroke(L->cr);
	cairo_restore(L->cr);
}

/* ---- tables ------------------------------------------------------------- */

static double table_width(const struct lay_table *t)
{
	double w = 0;
	for (int i = 0; i < t->ncols; i++)
		w += t->width[i];
	return w;
}

/* Height of a row of cells. */
static double row_height(struct lay *L, struct lay_table *t, const char *const cells[])
{
	double h = 0;
	for (int i = 0; i < t->ncols; i++) {
		struct pdf_style st = {.size = t->size, .align = t->align[i]};
		double ch = lay_measure(L, cells[i] ? cells[i] : "", t->width[i] - 2 * t->pad, &st);
		if (ch > h)
			h = ch;
	}
	return h + 2 * t->pad;
}

static void draw_row(struct lay *L, struct lay_table *t, const char *const cells[], double h)
{
	double x = t->x;
	for (int i = 0; i < t->ncols; i++) {
		struct pdf_style st = {.size = t->size, .align = t->align[i]};
		cairo_rectangle(L->cr, x, L->y, t->width[i], h);
		if (cells[i])
			lay_text_at(L, cells[i], x + t->pad, L->y + t->pad, t->width[i] - 2 * t->pad, &st);
		x += t->width[i];
	}
	cairo_set_line_width(L->cr, 0.6);
	cairo_stroke(L->cr);
	L->y += h;
}

static void table_head(struct lay *L, void *ctx)
{
	struct lay_table *t = ctx;
	const char *cells[LAY_COLS_MAX];
	for (int i = 0; i < t->ncols; i++) {
		cells[i] = t->head[i];
	}
	struct lay_table th = *t;
	for (int i = 0; i < t->ncols; i++)
		th.align[i] = PDF_CENTER;
	draw_row(L, &th, cells, row_height(L, &th, cells));
}

void lay_table_begin(struct lay *L, struct lay_table *t)
{
	if (t->x <= 0)
		t->x = L->left + (lay_width(L) - table_width(t)) / 2;
	lay_need(L, 3 * t->size * 2);
	table_head(L, t);
	L->on_page = table_head;
	L->on_page_ctx = t;
}

void lay_table_row(struct lay *L, struct lay_table *t, const char *const cells[])
{
	double h = row_height(L, t, cells);
	lay_need(L, h);
	draw_row(L, t, cells, h);
}

void lay_table_span(struct lay *L, struct lay_table *t, const char *markup)
{
	struct pdf_style st = {.size = t->size, .align = PDF_LEFT};
	double w = table_width(t);
	double h = lay_measure(L, markup, w - 2 * t->pad, &st) + 2 * t->pad;
	/* A heading is not left alone at the foot of a page. */
	lay_need(L, h + 2 * t->size + 2 * t->pad);
	cairo_rectangle(L->cr, t->x, L->y, w, h);
	cairo_set_line_width(L->cr, 0.6);
	cairo_stroke(L->cr);
	lay_text_at(L, markup, t->x + t->pad, L->y + t->pad, w - 2 * t->pad, &st);
	L->y += h;
}

void lay_table_end(struct lay *L, struct lay_table *t)
{
	(void)t;
	L->on_page = NULL;
	L->on_page_ctx = NULL;
}
