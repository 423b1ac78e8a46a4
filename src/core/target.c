#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "core/core.h"
#include "store/store.h"
#include "text/money.h"
#include "text/utf8.h"

/* Inside a transaction: sets one target and records old -> new. */
static int target_write(struct db *db, const struct actor *a, const struct campaign_row *c,
			const char *unit_code, const char *amount_text, const char *now,
			struct err *e)
{
	struct unit_row u;
	int64_t amount, old;
	int had_old, found;
	char detail[160];

	if (unit_code == NULL || !unit_code[0])
		return err_fail(e, "unit: missing unit code");
	if ((found = store_unit_by_code(db, unit_code, &u, e)) <= 0)
		return found < 0 ? -1 : err_fail(e, "unit: no unit with code '%s'", unit_code);
	if (amount_text == NULL || money_parse(amount_text, &amount, e) < 0) {
		if (amount_text == NULL)
			err_fail(e, "missing amount");
		err_prefix(e, "amount: ");
		return -1;
	}
	if (store_target_set(db, c->id, u.id, amount, now, &old, &had_old, e) < 0)
		return -1;
	if (had_old)
		snprintf(detail, sizeof detail, "%s: %lld -> %lld", c->code, (long long)old,
			 (long long)amount);
	else
		snprintf(detail, sizeof detail, "%s: %lld", c->code, (long long)amount);
	return store_audit(db, now, a->name, "target.set", unit_code, detail, e);
}

int target_set(struct db *db, const struct actor *a, const char *campaign_code,
	       const char *unit_code, const char *amount, struct err *e)
{
	struct campaign_row c;
	char now[32];
	core_now(now);
	if (campaign_resolve(db, campaign_code, NULL, &c, e) < 0)
		return -1;
	if (db_begin(db, e) < 0)
		return -1;
	if (target_write(db, a, &c, unit_code, amount, now, e) < 0 || db_commit(db, e) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

enum { T_UNIT, T_AMOUNT, T_CAMPAIGN, T_NCOLS };

int target_import(struct db *db, const struct actor *a, const char *campaign_code,
		  const char *path, int64_t *count, struct err *e)
{
	static const char *const names[T_NCOLS] = {"unit", "amount", "campaign"};
	static const int required[T_NCOLS] = {1, 1, 0};
	struct csv_reader *r = NULL;
	struct csv_row row;
	struct campaign_row c;
	int idx[T_NCOLS], rc = -1, got;
	char *cell[T_NCOLS] = {0};
	char now[32];

	*count = 0;
	core_now(now);
	if (csv_open_mapped(&r, path, names, required, T_NCOLS, idx, e) < 0)
		return -1;
	if (idx[T_CAMPAIGN] < 0 && campaign_resolve(db, campaign_code, NULL, &c, e) < 0)
		goto cleanup;
	if (db_begin(db, e) < 0)
		goto cleanup;
	while ((got = csv_next(r, &row, e)) == 1) {
		if (row.blank)
			continue;
		if (csv_clean_cells(&row, path, idx, names, T_NCOLS, cell, e) < 0)
			goto rollback;
		if (idx[T_CAMPAIGN] >= 0 && campaign_resolve(db, cell[T_CAMPAIGN] ? cell[T_CAMPAIGN] : "?",
							     NULL, &c, e) < 0) {
			err_prefix(e, "%s:%ld: campaign: ", path, row.line);
			goto rollback;
		}
		if (target_write(db, a, &c, cell[T_UNIT], cell[T_AMOUNT], now, e) < 0) {
			err_prefix(e, "%s:%ld: ", path, row.line);
			goto rollback;
		}
		(*count)++;
	}
	if (got < 0 || db_commit(db, e) < 0)
		goto rollback;
	rc = 0;
	goto cleanup;
rollback:
	db_rollback(db);
	*count = 0;
cleanup:
	csv_free_cells(cell, T_NCOLS);
	csv_close(r);
	return rc;
}
