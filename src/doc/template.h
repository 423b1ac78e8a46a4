/* Letter templates: text files with placeholders, and the settings that put
 * a campaign's issuing body and signer on its papers.
 *
 * A template is a few header lines, a line "---", then the body:
 *
 *     # a comment
 *     tieu_de: THƯ CẢM ƠN
 *     kinh_gui: {{xung_ho}} {{ten}}
 *     noi_nhan: Như trên;
 *     noi_nhan: Lưu: VT.
 *     ---
 *     Ban Chỉ đạo trân trọng cảm ơn {{xung_ho}} **{{ten}}** đã đóng góp ...
 *
 *     (a blank line starts a new paragraph)
 *
 * Header keys: tieu_de (title), trich_yeu (subtitle), kinh_gui (addressee),
 * noi_nhan (one recipient per line).  In the body **bold** and *italic*;
 * {{name}} is replaced by a value (escaped: a value is never markup).  An
 * unknown placeholder or header key is an error naming the template and
 * the line. */
#ifndef ANSINH_DOC_TEMPLATE_H
#define ANSINH_DOC_TEMPLATE_H

#include "base/buf.h"
#include "base/err.h"
#include "doc/vars.h"

#define TMPL_BODY_MAX 65536
#define TMPL_PARAS_MAX 200
#define TMPL_RECIPIENTS_MAX 20

/* A placeholder or setting: its name and what it holds. */
struct tmpl_key {
	const char *name;
	const char *help;
	const char *dflt; /* settings only: the default value (NULL: not a setting) */
};
/* Every placeholder a template may use (document values, then the
 * campaign's settings); ends with a NULL name. */
extern const struct tmpl_key tmpl_keys[];
/* The setting's entry, NULL when key is not a setting. */
const struct tmpl_key *tmpl_setting(const char *key);

/* Templates shipped in the binary: name, document kind, default text. */
struct tmpl_default {
	const char *name;  /* "thu-cam-on" */
	const char *kind;  /* "thanks" */
	const char *title; /* for lists */
	const char *body;
};
extern const struct tmpl_default tmpl_defaults[]; /* ends with a NULL name */
const struct tmpl_default *tmpl_default_find(const char *name);
const struct tmpl_default *tmpl_default_for_kind(const char *kind);

/* A template filled in: pango markup, owned by the struct. */
struct tmpl_doc {
	char *title, *subtitle, *to;
	char *recipient[TMPL_RECIPIENTS_MAX];
	int nrecipient;
	char *para[TMPL_PARAS_MAX];
	int npara;
};
/* Fills template body (name for messages) with values v.  Errors:
 * "NAME:LINE: unknown placeholder {{x}}", unclosed markers, bad header. */
int tmpl_fill(const char *name, const char *body, const struct vars *v, struct tmpl_doc *out,
	      struct err *e);
void tmpl_doc_free(struct tmpl_doc *d);
/* Checks a template before it is saved: filled with sample values. */
int tmpl_check(const char *name, const char *body, struct err *e);
/* The template filled as plain paragraphs of text (markup removed) into
 * out, for a preview. */
void tmpl_doc_text(const struct tmpl_doc *d, struct buf *out);

#endif
