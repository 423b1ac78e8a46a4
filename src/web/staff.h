/* Pieces shared by the staff pages and the staff API. */
#ifndef ANSINH_WEB_STAFF_H
#define ANSINH_WEB_STAFF_H

#include "web/html.h"
#include "web/web.h"

/* A donor as the staff pages show it (copied out of the store's row). */
struct donor_card {
	int64_t id, unit_id, given, contributions;
	char name[NAME_MAX_BYTES + 1];
	char kind[20];
	char unit_code[CODE_MAX + 1];
	char unit_name[NAME_MAX_BYTES + 1];
	char tax_code[24];
	int publish_name;
};
/* 1 and the donor when it exists within the caller's scope, 0 when not. */
int staff_donor_get(struct web_req *rq, int64_t id, struct donor_card *out);
/* Donors matching text within the caller's scope, a page at a time; fn is
 * called for each.  *more tells whether another page follows. */
int staff_donor_find(struct web_req *rq, const char *text, int64_t limit, int64_t offset,
		     int (*fn)(void *ctx, const struct donor_card *d), void *ctx, int *more);

/* The staff table of contributions (names shown, reversals marked): one
 * page of q, no count (store_web_staff_rows). */
int staff_contribution_table(struct web_req *rq, struct html *h, const struct web_list_query *q,
			     int donor_plan);

/* One-time nonces of the forms that move money or goods (core.h's
 * struct form_once): staff_nonce_field() writes a fresh one as a hidden
 * field; staff_form_once() reads the posted one into once (0), or -1 when
 * it is missing or not of our shape (43 characters of URL-safe base64). */
void staff_nonce_field(struct html *h);
int staff_form_once(struct web_req *rq, struct form_once *once);
int staff_nonce_shape(const char *nonce);

/* Reads the named fields (keys ends with NULL) as one-line text of at most
 * 300 bytes into *out[i]; -1 with e set. */
int staff_read_fields(struct web_req *rq, const char *const keys[], char **out[], struct err *e);

/* <option>s of the units in the caller's scope, selected one marked. */
int staff_unit_options(struct web_req *rq, struct html *h, int64_t selected);

/* The route's first {id} part as a positive id: 1 and *id, 0 when it is not one. */
int staff_path_id(struct web_req *rq, int64_t *id);

/* The field's name for messages: the JSON key on the API, else Vietnamese. */
static inline const char *field_label(const struct web_req *rq, const char *key, const char *vi)
{
	return rq->api ? key : vi;
}

#endif
