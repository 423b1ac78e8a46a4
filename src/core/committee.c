/* The steering committee's register (see canvass.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/canvass.h"
#include "store/store.h"
#include "text/collate.h"
#include "text/fold.h"

static int too_long(const char *field, const char *v, size_t max, struct err *e)
{
	if (v && strlen(v) > max)
		return err_fail(e, "%s: at most %zu bytes", field, max);
	return 0;
}

/* Checks the input and resolves the unit and account, inside the caller's
 * transaction; m's strings point into in and the buffers. */
static int member_row(struct db *db, const struct committee_input *in, struct committee_row *m,
		      struct buf *key, char **fold, struct err *e)
{
	struct unit_row u;
	struct web_user_row w;
	int found;

	memset(m, 0, sizeof *m);
	if (in->name == NULL || !in->name[0])
		return err_fail(e, "name: required");
	if (!code_label(committee_roles, in->role)[0])
		return err_fail(e, "role: '%s' is not one of head, deputy, member, assistant, "
				"collaborator", in->role ? in->role : "");
	if (too_long("name", in->name, COMMITTEE_TEXT_MAX, e) < 0 ||
	    too_long("title", in->title, COMMITTEE_TEXT_MAX, e) < 0 ||
	    too_long("organisation", in->organisation, COMMITTEE_TEXT_MAX, e) < 0 ||
	    too_long("phone", in->phone, 40, e) < 0 ||
	    too_long("duties", in->duties, COMMITTEE_DUTIES_MAX, e) < 0)
		return -1;
	if (in->unit_code && in->unit_code[0]) {
		if ((found = store_unit_by_code(db, in->unit_code, &u, e)) <= 0)
			return found < 0 ? -1 : err_fail(e, "unit: no unit with code '%s'", in->unit_code);
		m->unit_id = u.id;
	}
	if (in->user && in->user[0]) {
		if ((found = store_web_user_by_name(db, in->user, &w, e)) < 0)
			return -1;
		if (!found || w.disabled)
			return err_fail(e, "user: no active account '%s'", in->user);
		m->user_id = w.id;
	}
	collate_key_given_first(key, in->name);
	*fold = text_fold_dup(in->name);
	m->name = in->name;
	m->name_fold = *fold;
	m->sort_key = key->p;
	m->sort_key_len = key->len;
	m->role = in->role;
	m->title = in->title;
	m->organisation = in->organisation;
	m->duties = in->duties;
	m->phone = in->phone;
	return 0;
}

static int exists(void *ctx, const struct committee_view *m)
{
	(void)ctx;
	(void)m;
	return 0;
}

static int member_write(struct db *db, const struct actor *a, int64_t *id,
			const struct committee_input *in, int update, struct err *e)
{
	struct committee_row m;
	struct buf key = BUF_INIT;
	char *fold = NULL, now[32], object[48];
	int rc = -1;

	core_now(now);
	if (db_begin(db, e) < 0)
		return -1;
	if (member_row(db, in, &m, &key, &fold, e) < 0)
		goto fail;
	if (update) {
		int found = store_committee_get(db, *id, 0, exists, NULL, e);
		if (found <= 0) {
			if (found == 0)
				err_fail(e, "no committee member %lld", (long long)*id);
			goto fail;
		}
	}
	if ((update ? store_committee_update(db, *id, &m, now, e)
		    : store_committee_insert(db, &m, now, id, e)) < 0)
		goto fail;
	snprintf(object, sizeof object, "committee:%lld", (long long)*id);
	if (store_audit(db, now, a->name, update ? "committee.update" : "committee.add", object,
			in->name, e) < 0 ||
	    db_commit(db, e) < 0)
		goto fail;
	rc = 0;
	goto cleanup;
fail:
	db_rollback(db);
cleanup:
	buf_free(&key);
	free(fold);
	return rc;
}

int committee_add(struct db *db, const struct actor *a, const struct committee_input *in,
		  int64_t *id, struct err *e)
{
	return member_write(db, a, id, in, 0, e);
}

int committee_update(struct db *db, const struct actor *a, int64_t id,
		     const struct committee_input *in, struct err *e)
{
	return member_write(db, a, &id, in, 1, e);
}
