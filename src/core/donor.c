#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "store/store.h"
#include "text/collate.h"
#include "text/fold.h"
#include "text/utf8.h"

/* Vietnamese tax codes (mã số thuế): 10 digits, or 10 digits, '-' and 3
 * digits for a dependent unit. */
static int check_tax_code(const char *t, struct err *e)
{
	size_t n = strlen(t);
	int ok = n == 10 || (n == 14 && t[10] == '-');
	for (size_t i = 0; ok && i < n; i++)
		if (i != 10 && (t[i] < '0' || t[i] > '9'))
			ok = 0;
	return ok ? 0 : err_fail(e, "tax_code: '%s' is not a tax code (10 digits, or 10-3)", t);
}

static int parse_gender(const char *g, const char **out, struct err *e)
{
	*out = NULL;
	if (g == NULL || !g[0])
		return 0;
	if (!strcmp(g, "M") || !strcmp(g, "m") || !strcmp(g, "nam") || !strcmp(g, "Nam"))
		*out = "M";
	else if (!strcmp(g, "F") || !strcmp(g, "f") || !strcmp(g, "nữ") || !strcmp(g, "Nữ"))
		*out = "F";
	else
		return err_fail(e, "gender: '%s' is not M (nam) or F (nữ)", g);
	return 0;
}

int donor_find_or_create(struct db *db, const struct donor_input *in, int64_t unit_id,
			 const char *now, int64_t *id, int *created, struct err *e)
{
	struct donor_row d = {0};
	struct buf fold = BUF_INIT, key = BUF_INIT;
	char *match = NULL;
	int rc = -1, found;

	*created = 0;
	if (in->name == NULL || !in->name[0]) {
		err_fail(e, "donor: missing name");
		goto cleanup;
	}
	if (strlen(in->name) > NAME_MAX_BYTES) {
		err_fail(e, "donor: name longer than %d bytes", NAME_MAX_BYTES);
		goto cleanup;
	}
	if (in->kind == NULL || !kind_is_donor(in->kind)) {
		err_fail(e, "kind: '%s' is not one of individual, business, cooperative, "
			 "political_org, professional_org, religious_org, collective",
			 in->kind ? in->kind : "");
		goto cleanup;
	}
	if (in->tax_code && in->tax_code[0]) {
		if (check_tax_code(in->tax_code, e) < 0)
			goto cleanup;
		if ((found = store_donor_by_tax_code(db, in->tax_code, id, e)) != 0) {
			rc = found < 0 ? -1 : 0;
			goto cleanup;
		}
	}
	match = text_lower(in->name);
	text_fold(&fold, in->name, strlen(in->name));
	if (!(in->tax_code && in->tax_code[0])) {
		found = store_donor_by_match(db, buf_cstr(&fold), match, in->kind, unit_id, id, e);
		if (found != 0) {
			rc = found < 0 ? -1 : 0;
			goto cleanup;
		}
	}
	if (parse_gender(in->gender, &d.gender, e) < 0)
		goto cleanup;
	if (strcmp(in->kind, "individual") == 0)
		collate_key_given_first(&key, in->name);
	else
		collate_key(&key, in->name);
	snprintf(d.kind, sizeof d.kind, "%s", in->kind);
	d.name = in->name;
	d.match_key = match;
	d.name_fold = buf_cstr(&fold);
	d.sort_key = key.p;
	d.sort_key_len = key.len;
	d.tax_code = in->tax_code && in->tax_code[0] ? in->tax_code : NULL;
	d.in_province = !in->outside_province;
	d.unit_id = unit_id;
	d.phone = in->phone;
	d.email = in->email;
	d.address = in->address;
	d.publish_name = !in->anonymous;
	if (store_donor_insert(db, &d, now, id, e) < 0)
		goto cleanup;
	*created = 1;
	rc = 0;
cleanup:
	free(match);
	buf_free(&fold);
	buf_free(&key);
	return rc;
}

int donor_add(struct db *db, const struct actor *a, const struct donor_input *in, int64_t *id,
	      struct err *e)
{
	struct unit_row u;
	char now[32], object[32];
	int created, found;

	if (in->unit_code == NULL || !in->unit_code[0])
		return err_usage(e, "--unit is required (the unit whose target the donor counts toward)");
	core_now(now);
	if (db_begin(db, e) < 0)
		return -1;
	if ((found = store_unit_by_code(db, in->unit_code, &u, e)) <= 0) {
		if (found == 0)
			err_fail(e, "--unit: no unit with code '%s'", in->unit_code);
		goto fail;
	}
	if (donor_find_or_create(db, in, u.id, now, id, &created, e) < 0)
		goto fail;
	if (!created) {
		if (in->tax_code && in->tax_code[0])
			err_conflict(e, "donor exists already as id %lld (same tax code)",
				     (long long)*id);
		else
			err_conflict(e, "donor exists already as id %lld (same name, kind and unit)",
				     (long long)*id);
		goto fail;
	}
	snprintf(object, sizeof object, "donor:%lld", (long long)*id);
	if (store_audit(db, now, a->name, "donor.add", object, in->name, e) < 0 ||
	    db_commit(db, e) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}
