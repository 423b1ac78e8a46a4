/* Canvassing assignments (see canvass.h). */
#include <stdio.h>
#include <string.h>

#include "core/canvass.h"
#include "store/store.h"
#include "text/date.h"

/* Checks the text fields of in and puts them in row (date as ISO into iso). */
static int check_fields(const struct canvass_input *in, struct canvass_row *row, char iso[11],
			struct err *e)
{
	if (in->status && !code_label(canvass_statuses, in->status)[0])
		return err_fail(e, "status: '%s' is not one of new, contacted, meeting, pledged, "
				"declined", in->status);
	if ((in->next_step && strlen(in->next_step) > CANVASS_TEXT_MAX) ||
	    (in->note && strlen(in->note) > CANVASS_TEXT_MAX))
		return err_fail(e, "%s: at most %d bytes",
				in->note && strlen(in->note) > CANVASS_TEXT_MAX ? "note" : "next",
				CANVASS_TEXT_MAX);
	if (in->next_date && in->next_date[0]) {
		if (date_parse(in->next_date, iso, e) < 0) {
			err_prefix(e, "next date: ");
			return -1;
		}
		row->next_date = iso;
	}
	row->status = in->status;
	row->next_step = in->next_step && in->next_step[0] ? in->next_step : NULL;
	row->note = in->note && in->note[0] ? in->note : NULL;
	return 0;
}

/* The donor exists and lies in the scope. */
static int donor_in_scope(struct db *db, int64_t scope_unit, int64_t donor_id, struct err *e)
{
	int64_t unit_id;
	int found = store_donor_unit(db, donor_id, &unit_id, e);
	if (found > 0)
		found = store_web_unit_in_scope(db, scope_unit, unit_id, e);
	if (found < 0)
		return -1;
	if (found)
		return 0;
	if (scope_unit)
		return err_notfound(e, "donor: no donor %lld in your scope", (long long)donor_id);
	return err_notfound(e, "donor: no donor %lld", (long long)donor_id);
}

static int found_member(void *ctx, const struct committee_view *m)
{
	(void)ctx;
	(void)m;
	return 0;
}

int canvass_add(struct db *db, const struct actor *a, int64_t scope_unit,
		const struct canvass_input *in, int64_t *id, struct err *e)
{
	struct canvass_row row = {0};
	struct campaign_row c;
	char iso[11], now[32], object[48], detail[96];
	int64_t old;
	int found;

	if (check_fields(in, &row, iso, e) < 0)
		return -1;
	if (row.status == NULL)
		row.status = "new";
	if (campaign_resolve(db, in->campaign_code, NULL, &c, e) < 0)
		return -1;
	row.campaign_id = c.id;
	row.donor_id = in->donor_id;
	row.member_id = in->member_id;
	core_now(now);
	if (db_begin(db, e) < 0)
		return -1;
	if (donor_in_scope(db, scope_unit, in->donor_id, e) < 0)
		goto fail;
	if ((found = store_committee_get(db, in->member_id, 0, found_member, NULL, e)) <= 0) {
		if (found == 0)
			err_fail(e, "canvasser: no committee member %lld", (long long)in->member_id);
		goto fail;
	}
	if ((found = store_canvass_find(db, &row, &old, e)) != 0) {
		if (found > 0)
			err_fail(e, "donor %lld is already assigned to member %lld in %s (assignment %lld)",
				 (long long)in->donor_id, (long long)in->member_id, c.code, (long long)old);
		goto fail;
	}
	if (store_canvass_insert(db, &row, now, a->name, id, e) < 0)
		goto fail;
	snprintf(object, sizeof object, "canvass:%lld", (long long)*id);
	snprintf(detail, sizeof detail, "donor:%lld member:%lld %s %s", (long long)in->donor_id,
		 (long long)in->member_id, c.code, row.status);
	if (store_audit(db, now, a->name, "canvass.add", object, detail, e) < 0 ||
	    db_commit(db, e) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

struct current {
	char status[16], next_step[CANVASS_TEXT_MAX + 1], next_date[11], note[CANVASS_TEXT_MAX + 1];
	int found;
};

static int keep_current(void *ctx, const struct canvass_view *v)
{
	struct current *c = ctx;
	snprintf(c->status, sizeof c->status, "%s", v->status);
	snprintf(c->next_step, sizeof c->next_step, "%s", v->next_step);
	snprintf(c->next_date, sizeof c->next_date, "%s", v->next_date);
	snprintf(c->note, sizeof c->note, "%s", v->note);
	c->found = 1;
	return 0;
}

int canvass_update(struct db *db, const struct actor *a, int64_t scope_unit, int64_t id,
		   const struct canvass_input *in, int keep, struct err *e)
{
	struct canvass_row row = {0};
	struct current cur = {0};
	char iso[11], now[32], today[11], object[48], detail[64];

	if (check_fields(in, &row, iso, e) < 0)
		return -1;
	core_now(now);
	core_today(today);
	if (db_begin(db, e) < 0)
		return -1;
	if (store_canvass_get(db, id, scope_unit, today, keep_current, &cur, e) < 0)
		goto fail;
	if (!cur.found) {
		if (scope_unit)
			err_notfound(e, "no canvassing assignment %lld in your scope",
				     (long long)id);
		else
			err_notfound(e, "no canvassing assignment %lld", (long long)id);
		goto fail;
	}
	if (row.status == NULL)
		row.status = cur.status;
	if (keep) {
		if (in->next_step == NULL)
			row.next_step = cur.next_step[0] ? cur.next_step : NULL;
		if (in->next_date == NULL)
			row.next_date = cur.next_date[0] ? cur.next_date : NULL;
		if (in->note == NULL)
			row.note = cur.note[0] ? cur.note : NULL;
	}
	if (store_canvass_update(db, id, &row, now, a->name, e) < 0)
		goto fail;
	snprintf(object, sizeof object, "canvass:%lld", (long long)id);
	snprintf(detail, sizeof detail, "%s -> %s", cur.status, row.status);
	if (store_audit(db, now, a->name, "canvass.update", object, detail, e) < 0 ||
	    db_commit(db, e) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}
