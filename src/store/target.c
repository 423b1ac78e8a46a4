#include <stdio.h>
#include "store/store.h"

static const char SQL_OLD[] = "SELECT amount FROM target WHERE campaign_id = ? AND unit_id = ?";
static const char SQL_UPSERT[] =
	"INSERT INTO target(campaign_id, unit_id, amount, updated_at) VALUES (?,?,?,?)"
	" ON CONFLICT(campaign_id, unit_id) DO UPDATE SET amount = excluded.amount,"
	" updated_at = excluded.updated_at";

int store_target_set(struct db *db, int64_t campaign_id, int64_t unit_id, int64_t amount,
		     const char *now, int64_t *old_amount, int *had_old, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_OLD, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	db_bind_i64(s, 2, unit_id);
	if ((rc = db_step(s, e)) < 0)
		return -1;
	*had_old = rc == DB_ROW;
	*old_amount = rc == DB_ROW ? db_col_i64(s, 0) : 0;
	if (rc == DB_ROW)
		db_reset(s);
	if ((s = db_prep(db, SQL_UPSERT, e)) == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	db_bind_i64(s, 2, unit_id);
	db_bind_i64(s, 3, amount);
	db_bind_text(s, 4, now);
	return db_step(s, e) < 0 ? -1 : 0;
}

static const char SQL_EACH[] =
	"SELECT t.unit_id, u.code, u.name, t.amount FROM target t JOIN unit u ON u.id = t.unit_id"
	" WHERE t.campaign_id = ? ORDER BY u.sort_key, u.code";

int store_target_each(struct db *db, int64_t campaign_id, target_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_EACH, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct target_row t = {
			.unit_id = db_col_i64(s, 0),
			.unit_code = db_col_text(s, 1),
			.unit_name = db_col_text(s, 2),
			.amount = db_col_i64(s, 3),
		};
		if (fn(ctx, &t) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc;
}
