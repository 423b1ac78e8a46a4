/* The one way HTML is written.
 *
 * html_printf() takes its markup from a string literal (the compiler checks:
 * -Wformat=2 refuses a format that is not a literal) and escapes every %s
 * argument for HTML text and quoted attributes alike (& < > " ' escaped,
 * invalid UTF-8 replaced), so data can never become markup.  html_raw()
 * accepts only a string literal, for constant markup.  There is no other
 * way to put bytes into a page. */
#ifndef ANSINH_WEB_HTML_H
#define ANSINH_WEB_HTML_H

#include <stdint.h>

#include "base/buf.h"

struct html {
	struct buf b;
};

/* Conversions: %s (escaped), %d %u %ld %lld %zu, %%.  Any other is a
 * programming error (fatal). */
void html_printf(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Constant markup: the argument must be a string literal. */
#define html_raw(h, lit) html_raw_((h), "" lit "", sizeof(lit) - 1)
void html_raw_(struct html *h, const char *lit, size_t n);
/* Constant markup written only when cond holds (a class, a badge). */
#define html_raw_if(h, cond, lit) \
	do { \
		if (cond) \
			html_raw(h, lit); \
	} while (0)
/* Appends a fragment written by this writer (already safe). */
void html_append(struct html *h, const struct html *fragment);
/* Escapes s into out (for writers that are not pages). */
void html_escape(struct buf *out, const char *s);

/* Formatted values, escaped like any data. */
void html_money(struct html *h, int64_t dong);     /* 1.000.000 đ */
void html_money_short(struct html *h, int64_t dong); /* 232 tỷ */
/* A count with dot thousands separators: 20.223. */
void html_number(struct html *h, int64_t n);
void html_date(struct html *h, const char *iso);   /* dd/mm/yyyy */
/* percent in hundredths as "90,46 %", or "—" when negative (no target). */
void html_percent(struct html *h, int64_t pct_x100);
/* <progress> bar (styled by CSS; no inline style is allowed). */
void html_progress(struct html *h, int64_t received, int64_t target);

#endif
