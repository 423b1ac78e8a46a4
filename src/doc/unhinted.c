/* Liberation Serif without its hinting, for the subsets cairo embeds
 * (doc/pdf.h).
 *
 * Hinting is TrueType bytecode that moves outline points onto a screen's
 * pixel grid at small sizes: the tables fpgm, prep and cvt, and each
 * glyph's own instructions, 42-45 % of Liberation Serif's glyf table.
 * cairo's subsetter copies all of it into every subset of every file
 * (eight subsets per letter), where it was half of the font bytes a batch
 * compresses, and none of it changes an outline: the PDF's pages are drawn
 * from the same points (cairo itself lays out and measures with hinting
 * off, doc/pdf.c).
 *
 * cairo opens a font file with FreeType's FT_New_Face.  Defined here, in
 * the program, FT_New_Face takes the place of FreeType's for cairo (the
 * dynamic linker looks in the executable first): for a file registered
 * by pdf_font_unhinted (the four Liberation Serif faces fontconfig found),
 * it opens a copy made once per process in memory without hinting (glyph
 * instructions removed, fpgm/prep/cvt/gasp/hdmx/LTSH/VDMX dropped, loca
 * rewritten, checksums recomputed); any other file, or one this code does
 * not understand, is opened as it is.  pango shapes with HarfBuzz from the
 * file itself, so line breaks and positions do not change. */
#define _GNU_SOURCE
#include "doc/pdf.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#define UNHINTED_FILES 8
#define FONT_BYTES_MAX (32u << 20)

static pthread_mutex_t unhinted_lock = PTHREAD_MUTEX_INITIALIZER;
static struct unhinted {
	char *path;
	unsigned char *data; /* the copy, or NULL: not made yet, or not possible */
	size_t len;
	int tried;
} files[UNHINTED_FILES];

void pdf_font_unhinted(const char *path)
{
	pthread_mutex_lock(&unhinted_lock);
	for (size_t i = 0; i < UNHINTED_FILES; i++) {
		if (files[i].path && strcmp(files[i].path, path) == 0)
			break;
		if (!files[i].path) {
			files[i].path = xstrdup(path);
			break;
		}
	}
	pthread_mutex_unlock(&unhinted_lock);
}

/* ---- reading and writing big-endian sfnt data ----------------------------- */

static uint32_t get16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t sfnt_sum(const unsigned char *p, size_t len)
{
	uint32_t s = 0;
	for (size_t i = 0; i < len; i += 4) {
		unsigned char w[4] = {0};
		memcpy(w, p + i, len - i < 4 ? len - i : 4);
		s += get32(w);
	}
	return s;
}

struct table {
	uint32_t tag;
	const unsigned char *p;
	size_t len;
	unsigned char *own; /* rewritten here (freed with the copy's making) */
};

#define TAG(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

static struct table *find(struct table *t, size_t n, uint32_t tag)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].tag == tag)
			return &t[i];
	return NULL;
}

/* The length of glyph g (at p, len bytes) without its instructions, the
 * instructions cut out of out (which has room for len bytes); -1 when the
 * glyph is not what the format says. */
static long glyph_strip(const unsigned char *p, size_t len, unsigned char *out)
{
	if (len == 0)
		return 0;
	if (len < 10)
		return -1;
	int contours = (int16_t)get16(p);
	if (contours >= 0) {
		size_t at = 10 + 2 * (size_t)contours; /* after endPtsOfContours */
		if (at + 2 > len)
			return -1;
		size_t ins = get16(p + at);
		if (at + 2 + ins > len)
			return -1;
		memcpy(out, p, at);
		put16(out + at, 0);
		memcpy(out + at + 2, p + at + 2 + ins, len - at - 2 - ins);
		return (long)(len - ins);
	}
	/* composite: components, then the instructions if a flag says so */
	size_t at = 10;
	uint32_t flags;
	memcpy(out, p, len);
	do {
		if (at + 4 > len)
			return -1;
		flags = get16(p + at);
		put16(out + at, flags & ~0x100u); /* WE_HAVE_INSTRUCTIONS */
		at += 4 + (flags & 1 ? 4 : 2);
		at += flags & 8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0;
	} while (flags & 0x20); /* MORE_COMPONENTS */
	return at <= len ? (long)at : -1;
}

unsigned char *pdf_font_unhint(const unsigned char *data, size_t len, size_t *out_len)
{
	struct table t[64];
	unsigned char *out = NULL, *glyf = NULL, *loca = NULL, *head = NULL, *maxp = NULL;
	size_t n = 0;
	if (len < 12 || (get32(data) != 0x00010000u && get32(data) != TAG('t', 'r', 'u', 'e')))
		return NULL;
	size_t count = get16(data + 4);
	if (count > 64 || 12 + 16 * count > len)
		return NULL;
	for (size_t i = 0; i < count; i++) {
		const unsigned char *r = data + 12 + 16 * i;
		uint32_t tag = get32(r), off = get32(r + 8), tlen = get32(r + 12);
		if (off > len || tlen > len - off)
			return NULL;
		if (tag == TAG('f', 'p', 'g', 'm') || tag == TAG('p', 'r', 'e', 'p') ||
		    tag == TAG('c', 'v', 't', ' ') || tag == TAG('g', 'a', 's', 'p') ||
		    tag == TAG('h', 'd', 'm', 'x') || tag == TAG('L', 'T', 'S', 'H') ||
		    tag == TAG('V', 'D', 'M', 'X') || tag == TAG('D', 'S', 'I', 'G'))
			continue;
		t[n++] = (struct table){tag, data + off, tlen, NULL};
	}
	struct table *tg = find(t, n, TAG('g', 'l', 'y', 'f')), *tl = find(t, n, TAG('l', 'o', 'c', 'a'));
	struct table *th = find(t, n, TAG('h', 'e', 'a', 'd')), *tm = find(t, n, TAG('m', 'a', 'x', 'p'));
	if (!tg || !tl || !th || !tm || th->len < 54 || tm->len < 6)
		return NULL;
	size_t glyphs = get16(tm->p + 4);
	int long_loca = get16(th->p + 50) != 0;
	if (tl->len < (glyphs + 1) * (long_loca ? 4 : 2))
		return NULL;
	glyf = xmalloc(tg->len + 4 * glyphs + 4);
	loca = xmalloc(4 * (glyphs + 1));
	size_t at = 0;
	for (size_t g = 0; g < glyphs; g++) {
		size_t a = long_loca ? get32(tl->p + 4 * g) : 2 * get16(tl->p + 2 * g);
		size_t b = long_loca ? get32(tl->p + 4 * g + 4) : 2 * get16(tl->p + 2 * g + 2);
		put32(loca + 4 * g, (uint32_t)at);
		if (b < a || b > tg->len)
			goto fail;
		long k = glyph_strip(tg->p + a, b - a, glyf + at);
		if (k < 0)
			goto fail;
		at += (size_t)k;
		while (at % 4)
			glyf[at++] = 0;
	}
	put32(loca + 4 * glyphs, (uint32_t)at);
	head = xmalloc(th->len);
	memcpy(head, th->p, th->len);
	put32(head + 8, 0); /* checkSumAdjustment, set below */
	put16(head + 50, 1); /* long loca */
	maxp = xmalloc(tm->len);
	memcpy(maxp, tm->p, tm->len);
	if (tm->len >= 28)
		put16(maxp + 26, 0); /* maxSizeOfInstructions */
	*tg = (struct table){tg->tag, glyf, at, glyf};
	*tl = (struct table){tl->tag, loca, 4 * (glyphs + 1), loca};
	*th = (struct table){th->tag, head, th->len, head};
	*tm = (struct table){tm->tag, maxp, tm->len, maxp};

	size_t size = 12 + 16 * n;
	for (size_t i = 0; i < n; i++)
		size += (t[i].len + 3) & ~(size_t)3;
	out = xcalloc(1, size);
	uint32_t sel = 0;
	while ((2u << sel) <= n)
		sel++;
	memcpy(out, data, 4);
	put16(out + 4, (uint32_t)n);
	put16(out + 6, 16u << sel);
	put16(out + 8, sel);
	put16(out + 10, (uint32_t)(16 * n - (16u << sel)));
	size_t off = 12 + 16 * n, head_at = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char *r = out + 12 + 16 * i;
		memcpy(out + off, t[i].p, t[i].len);
		put32(r, t[i].tag);
		put32(r + 4, sfnt_sum(t[i].p, t[i].len));
		put32(r + 8, (uint32_t)off);
		put32(r + 12, (uint32_t)t[i].len);
		if (t[i].tag == TAG('h', 'e', 'a', 'd'))
			head_at = off;
		off += (t[i].len + 3) & ~(size_t)3;
	}
	put32(out + head_at + 8, 0xB1B0AFBAu - sfnt_sum(out, size));
	*out_len = size;
fail:
	free(glyf);
	free(loca);
	free(head);
	free(maxp);
	return out;
}

/* The unhinted copy of the file at path, made on first use; NULL when the
 * file is not registered or the copy cannot be made. */
static const struct unhinted *copy_for(const char *path)
{
	const struct unhinted *u = NULL;
	pthread_mutex_lock(&unhinted_lock);
	for (size_t i = 0; i < UNHINTED_FILES && files[i].path; i++) {
		struct unhinted *f = &files[i];
		if (strcmp(f->path, path) != 0)
			continue;
		if (!f->tried) {
			f->tried = 1;
			FILE *fp = fopen(path, "rb");
			unsigned char *raw = NULL;
			long len = -1;
			if (fp && fseek(fp, 0, SEEK_END) == 0 && (len = ftell(fp)) > 0 &&
			    (size_t)len <= FONT_BYTES_MAX && fseek(fp, 0, SEEK_SET) == 0) {
				raw = xmalloc((size_t)len);
				if (fread(raw, 1, (size_t)len, fp) == (size_t)len)
					f->data = pdf_font_unhint(raw, (size_t)len, &f->len);
				free(raw);
			}
			if (fp)
				fclose(fp);
		}
		if (f->data)
			u = f;
		break;
	}
	pthread_mutex_unlock(&unhinted_lock);
	return u;
}

static FT_Error (*real_new_face)(FT_Library, const char *, FT_Long, FT_Face *);
static pthread_once_t real_once = PTHREAD_ONCE_INIT;

static void real_find(void)
{
	*(void **)&real_new_face = dlsym(RTLD_NEXT, "FT_New_Face");
	if (!real_new_face)
		fatal("freetype: FT_New_Face not found (dlsym: %s)", dlerror());
}

FT_Error FT_New_Face(FT_Library library, const char *path, FT_Long index, FT_Face *face)
{
	pthread_once(&real_once, real_find);
	const struct unhinted *u = path ? copy_for(path) : NULL;
	if (u)
		return FT_New_Memory_Face(library, u->data, (FT_Long)u->len, index, face);
	return real_new_face(library, path, index, face);
}
