/* The documents: receipts, letters (thank-you, invitation, open letter),
 * certificates of merit, the honour roll and the ceremony list, laid out as
 * Vietnamese administrative and Party documents are (Nghị định
 * 30/2020/NĐ-CP; Hướng dẫn 36-HD/VPTW for the Party's), A4.
 *
 * A document is drawn from its kind, its template (letters and
 * certificates) and its values (doc/vars.h): nothing is read from the
 * database here, so the same inputs give the same pages.  Values used:
 * the campaign's settings (doc/template.h), ngay_van_ban_iso (the date of
 * the document), so (its number), and per kind the keys listed in
 * docs/documents.md. */
#ifndef ANSINH_DOC_RENDER_H
#define ANSINH_DOC_RENDER_H

#include <cairo.h>

#include "base/buf.h"
#include "base/err.h"
#include "doc/vars.h"

/* The kinds, as stored in document.kind. */
#define DOC_KINDS "receipt thanks invite open certificate honour_roll ceremony"
int doc_kind_valid(const char *kind);
/* Vietnamese name of a kind ("Biên nhận", "Thư cảm ơn", ...). */
const char *doc_kind_label(const char *kind);
/* The file name stem for a kind: "bien-nhan", "thu-cam-on", ... */
const char *doc_kind_stem(const char *kind);
/* Landscape for certificates, else portrait A4. */
void doc_page_size(const char *kind, double *w, double *h);

/* Draws the document on cr, whose surface is at its first (empty) page;
 * ends with the last page shown.  tmpl_name/tmpl_body: the template
 * (letters and certificates; NULL otherwise). */
int doc_render(cairo_t *cr, const char *kind, const char *tmpl_name, const char *tmpl_body,
	       const struct vars *v, struct err *e);

/* "Trà Vinh, ngày 10 tháng 01 năm 2020", "ngày 05 tháng 9 năm 2019" (a 0
 * before days 1-9 and months 1-2 only; no place: "Ngày 10 tháng 01 năm
 * 2020"). */
void doc_date_line(struct buf *out, const char *place, const char *iso);

/* The campaign's name to follow the words "cuộc vận động": without its own
 * leading "Cuộc vận động " ("quỹ An sinh xã hội năm 2020"), else whole. */
const char *doc_campaign_short(const char *name);

#endif
