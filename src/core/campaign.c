#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "store/store.h"
#include "text/date.h"
#include "text/money.h"

static int parse_date_opt(const char *field, const char *in, char out[DATE_MAX], struct err *e)
{
	out[0] = '\0';
	if (in == NULL || !in[0])
		return 0;
	if (date_parse(in, out, e) < 0) {
		err_prefix(e, "%s: ", field);
		return -1;
	}
	return 0;
}

/* R1: the period, the ceremony, the deadline for collecting pledges (three
 * months after the ceremony unless given) and the report date. */
int campaign_add(struct db *db, const struct actor *a, const struct campaign_input *in,
		 int64_t *id, struct err *e)
{
	struct campaign_row c = {0}, existing;
	char now[32];

	if (in->code == NULL)
		return err_usage(e, "--code is required");
	if (code_check(in->code, e) < 0) {
		err_prefix(e, "--code: ");
		return -1;
	}
	if (in->name == NULL || !in->name[0])
		return err_usage(e, "--name is required");
	if (strlen(in->name) > NAME_MAX_BYTES)
		return err_fail(e, "--name: longer than %d bytes", NAME_MAX_BYTES);
	if (in->start == NULL || in->end == NULL)
		return err_usage(e, "--start and --end are required");
	snprintf(c.code, sizeof c.code, "%s", in->code);
	snprintf(c.name, sizeof c.name, "%s", in->name);
	if (parse_date_opt("--start", in->start, c.start, e) < 0 ||
	    parse_date_opt("--end", in->end, c.end, e) < 0 ||
	    parse_date_opt("--ceremony", in->ceremony, c.ceremony, e) < 0 ||
	    parse_date_opt("--deadline", in->deadline, c.deadline, e) < 0 ||
	    parse_date_opt("--report", in->report, c.report, e) < 0)
		return -1;
	if (strcmp(c.end, c.start) < 0)
		return err_fail(e, "--end: %s is before the start %s", c.end, c.start);
	if (c.ceremony[0] && strcmp(c.ceremony, c.start) < 0)
		return err_fail(e, "--ceremony: %s is before the start %s", c.ceremony, c.start);
	if (!c.deadline[0] && c.ceremony[0])
		date_add_months(c.ceremony, 3, c.deadline);
	if (c.deadline[0] && strcmp(c.deadline, c.start) < 0)
		return err_fail(e, "--deadline: %s is before the start %s", c.deadline, c.start);
	if (c.report[0] && strcmp(c.report, c.start) < 0)
		return err_fail(e, "--report: %s is before the start %s", c.report, c.start);
	if (in->goal && in->goal[0] && money_parse(in->goal, &c.goal, e) < 0) {
		err_prefix(e, "--goal: ");
		return -1;
	}

	core_now(now);
	if (db_begin(db, e) < 0)
		return -1;
	int dup = store_campaign_by_code(db, c.code, &existing, e);
	if (dup > 0)
		err_conflict(e, "--code: a campaign with code '%s' exists already", c.code);
	if (dup != 0 || store_campaign_insert(db, &c, now, id, e) < 0 ||
	    store_audit(db, now, a->name, "campaign.add", c.code, c.name, e) < 0 ||
	    db_commit(db, e) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int campaign_resolve(struct db *db, const char *code, const char *date, struct campaign_row *out,
		     struct err *e)
{
	int found;
	if (code && code[0]) {
		found = store_campaign_by_code(db, code, out, e);
		if (found == 0)
			return err_fail(e, "no campaign with code '%s'", code);
		return found < 0 ? -1 : 0;
	}
	if (date && date[0]) {
		found = store_campaign_for_date(db, date, out, e);
		if (found != 0)
			return found < 0 ? -1 : 0;
	}
	found = store_campaign_latest(db, out, e);
	if (found == 0)
		return err_fail(e, "no campaign yet (add one with `ansinh campaign add`)");
	return found < 0 ? -1 : 0;
}
