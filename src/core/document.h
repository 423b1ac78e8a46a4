/* Documents (issue #7): receipts, letters, honours.  Gathers what goes on
 * paper from the database (campaign settings, contributions, donors,
 * templates), records every document generated with all the values it was
 * made from (so it can be reproduced exactly), and writes the PDF files
 * through src/doc/.  Each run is one transaction: the records are
 * committed only when every file was written, and the files appear (are
 * renamed into place) only after the commit. */
#ifndef ANSINH_CORE_DOCUMENT_H
#define ANSINH_CORE_DOCUMENT_H

#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "core/core.h"
#include "doc/vars.h"
#include "store/db.h"

/* Vietnamese form of address from a donor's kind and gender (M, F or ""):
 * Ông, Bà, Ông/Bà, Quý Công ty, Quý doanh nghiệp, Quý Hợp tác xã, Quý cơ
 * quan, Quý đơn vị, Quý tập thể, Quý cơ sở tôn giáo.  name decides between
 * "Quý Công ty" and "Quý doanh nghiệp". */
const char *doc_address_form(const char *kind, const char *gender, const char *name);
/* How the addressee is named: "Ông Nguyễn Văn Đức", "Quý Công ty TNHH An
 * Phú" (the word the form repeats is not written twice). */
void doc_addressee(struct buf *out, const char *form, const char *name);
/* "Tiền mặt", "Chuyển khoản", "Trích lương", "Hiện vật". */
const char *doc_channel_label(const char *channel);

/* ---- settings ---- */
/* The campaign's settings for papers, defaults filled in, into v. */
int doc_settings(struct db *db, int64_t campaign_id, struct vars *v, struct err *e);
/* Checks and stores one setting (audit event doc.setting). */
int doc_setting_set(struct db *db, const struct actor *a, const char *campaign_code,
		    const char *key, const char *value, struct err *e);
/* The honour tiers of a setting value, highest first: at most
 * DOC_TIERS_MAX amounts, strictly decreasing, > 0. */
#define DOC_TIERS_MAX 8
int doc_tiers_parse(const char *s, int64_t *tier, int *n, struct err *e);

/* ---- templates ---- */
/* The current version of a template: its id, version and body (the
 * default shipped is stored as version 1 the first time it is asked for,
 * so every document names a stored version). */
int doc_template_current(struct db *db, const struct actor *a, const char *name, int64_t *id,
			 int64_t *version, struct buf *body, struct err *e);
/* Saves body as the next version after checking it (unknown placeholder =
 * error naming the template and line).  *version: the new version. */
int doc_template_save(struct db *db, const struct actor *a, const char *name, const char *body,
		      int64_t *version, struct err *e);

/* ---- generating ---- */
struct doc_request {
	const char *kind;          /* thanks, invite, open (letters) */
	const char *campaign_code; /* NULL: the latest campaign */
	const char *date;          /* ISO date printed on the documents; NULL: today */
	const char *since, *until; /* ISO; contributions in this period */
	int64_t min;               /* amount at least */
	const char *donor_kind;    /* open letters: this kind of donor only */
	const char *unit_code;     /* open letters: donors of this unit's subtree */
	const char *guests;        /* invite: a CSV of guests (leaders ...): name, gender,
				    * title, xung_ho; with --min, donors too */
	int per_donor;             /* thanks: one letter per donor for the period */
	int certificates;          /* honours: certificates too */
	int progress;              /* a progress bar on stderr */
	const char *out_dir;
};
struct doc_result {
	int64_t documents, first_id, last_id;
	char combined[4096];       /* path of the combined PDF, "" when none */
};
/* Letters of req->kind, one PDF each plus one combined, into out_dir. */
int doc_letters(struct db *db, const struct actor *a, const struct doc_request *req,
		struct doc_result *res, struct err *e);
/* The honour roll and the ceremony list (and certificates) into out_dir. */
int doc_honours(struct db *db, const struct actor *a, const struct doc_request *req,
		struct doc_result *res, struct err *e);

/* A receipt: ref is a receipt number (TV2019-000123) or, all digits, a
 * contribution id.  date: the date line (NULL: the contribution's date).
 * Written to path, or (path NULL) appended to pdf.  scope_unit: a unit
 * officer's subtree (0: all), outside which the receipt is "not found".
 * The first print is the original; every later one is marked BẢN SAO.
 * Returns 1 when printed, 0 when there is no such receipt. */
int doc_receipt(struct db *db, const struct actor *a, const char *ref, const char *date,
		int64_t scope_unit, const char *path, struct buf *pdf, int64_t *doc_id, int *copy,
		struct err *e);

/* Draws a recorded document again, byte for byte, to path. */
int doc_reproduce(struct db *db, int64_t id, const char *path, struct err *e);

#endif
