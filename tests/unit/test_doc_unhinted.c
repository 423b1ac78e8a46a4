/* Tests for doc/unhinted.c: the copy of Liberation Serif without hinting
 * has no hinting tables nor glyph instructions, and every glyph's outline
 * and advance are those of the font file; cairo's FT_New_Face gets the
 * copy for a face pdf_font_check found; what is not a TrueType font is
 * refused, not read past its end. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H

#include "doc/pdf.h"

/* The file of a Liberation Serif face, or NULL (freed by the caller). */
static char *face_file(const char *style)
{
	char name[64];
	snprintf(name, sizeof name, "%s:style=%s", PDF_FONT, style);
	FcPattern *p = FcNameParse((const FcChar8 *)name), *m;
	FcResult res;
	FcChar8 *file = NULL;
	char *path = NULL;
	FcConfigSubstitute(NULL, p, FcMatchPattern);
	FcDefaultSubstitute(p);
	m = FcFontMatch(NULL, p, &res);
	if (m && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch &&
	    strstr((const char *)file, "LiberationSerif"))
		path = strdup((const char *)file);
	if (m)
		FcPatternDestroy(m);
	FcPatternDestroy(p);
	return path;
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *p = malloc(*len);
	assert_int_equal(fread(p, 1, *len, f), *len);
	fclose(f);
	return p;
}

static int has_table(FT_Face face, FT_ULong tag)
{
	FT_ULong len = 0;
	return FT_Load_Sfnt_Table(face, tag, 0, NULL, &len) == 0 && len > 0;
}

static void test_outlines_are_the_fonts(void **state)
{
	(void)state;
	const char *styles[] = {"Regular", "Bold", "Italic", "Bold Italic"};
	FT_Library lib;
	assert_int_equal(FT_Init_FreeType(&lib), 0);
	for (size_t s = 0; s < 4; s++) {
		char *path = face_file(styles[s]);
		if (!path)
			skip();
		size_t len, ulen = 0;
		unsigned char *raw = slurp(path, &len);
		unsigned char *un = pdf_font_unhint(raw, len, &ulen);
		assert_non_null(un);
		assert_true(ulen < len * 3 / 4);
		FT_Face a, b;
		assert_int_equal(FT_New_Memory_Face(lib, raw, (FT_Long)len, 0, &a), 0);
		assert_int_equal(FT_New_Memory_Face(lib, un, (FT_Long)ulen, 0, &b), 0);
		assert_true(has_table(a, TTAG_fpgm) && has_table(a, TTAG_prep));
		assert_false(has_table(b, TTAG_fpgm) || has_table(b, TTAG_prep) ||
			     has_table(b, TTAG_cvt));
		assert_true(has_table(b, TTAG_glyf) && has_table(b, TTAG_GPOS));
		assert_int_equal(a->num_glyphs, b->num_glyphs);
		assert_string_equal(a->family_name, b->family_name);
		for (FT_Long g = 0; g < a->num_glyphs; g++) {
			FT_Int32 fl = FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING;
			assert_int_equal(FT_Load_Glyph(a, (FT_UInt)g, fl), 0);
			assert_int_equal(FT_Load_Glyph(b, (FT_UInt)g, fl), 0);
			FT_Outline *oa = &a->glyph->outline, *ob = &b->glyph->outline;
			assert_int_equal(a->glyph->metrics.horiAdvance, b->glyph->metrics.horiAdvance);
			assert_int_equal(oa->n_points, ob->n_points);
			assert_int_equal(oa->n_contours, ob->n_contours);
			assert_memory_equal(oa->points, ob->points, sizeof *oa->points * (size_t)oa->n_points);
			assert_memory_equal(oa->contours, ob->contours,
					    sizeof *oa->contours * (size_t)oa->n_contours);
			for (short k = 0; k < oa->n_points; k++) /* on/off curve, not the other bits */
				assert_int_equal(FT_CURVE_TAG(oa->tags[k]), FT_CURVE_TAG(ob->tags[k]));
		}
		FT_Done_Face(a);
		FT_Done_Face(b);
		free(raw);
		free(un);
		free(path);
	}
	FT_Done_FreeType(lib);
}

/* Through pdf_font_check's registration: FT_New_Face (cairo's way in)
 * opens the copy for the font's file, the file itself for another. */
static void test_cairo_gets_the_copy(void **state)
{
	(void)state;
	struct err e = {0};
	if (pdf_font_check(&e) < 0)
		skip();
	char *path = face_file("Bold");
	assert_non_null(path);
	FT_Library lib;
	FT_Face f;
	assert_int_equal(FT_Init_FreeType(&lib), 0);
	assert_int_equal(FT_New_Face(lib, path, 0, &f), 0);
	assert_false(has_table(f, TTAG_fpgm));
	assert_true(has_table(f, TTAG_glyf));
	FT_Done_Face(f);
	pdf_font_unhinted("/nonexistent/font.ttf"); /* registered, unreadable: refused as FreeType does */
	assert_int_not_equal(FT_New_Face(lib, "/nonexistent/font.ttf", 0, &f), 0);
	FT_Done_FreeType(lib);
	free(path);
}

static void test_refuses_what_it_does_not_understand(void **state)
{
	(void)state;
	size_t ulen;
	unsigned char junk[64] = "OTTO";
	assert_null(pdf_font_unhint(junk, sizeof junk, &ulen));
	char *path = face_file("Regular");
	if (!path)
		skip();
	size_t len;
	unsigned char *raw = slurp(path, &len);
	/* cut short: the table directory points past the end */
	for (size_t cut = 0; cut < 400; cut += 7) {
		unsigned char *part = malloc(cut + 1);
		memcpy(part, raw, cut);
		assert_null(pdf_font_unhint(part, cut, &ulen));
		free(part);
	}
	assert_null(pdf_font_unhint(raw, len / 2, &ulen));
	free(raw);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outlines_are_the_fonts),
		cmocka_unit_test(test_cairo_gets_the_copy),
		cmocka_unit_test(test_refuses_what_it_does_not_understand),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
