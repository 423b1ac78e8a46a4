/* Collection accounts (where a campaign or a unit collects transfers) and
 * the pledge figures a VietQR code is filled from. */
#include "store/money_in.h"

static const char SQL_FIND[] =
	"SELECT id FROM collection_account WHERE campaign_id = ? AND coalesce(unit_id, 0) = ?";
static const char SQL_UPDATE[] =
	"UPDATE collection_account SET bank_bin = ?, account_no = ?, account_name = ?,"
	" updated_at = ? WHERE id = ?";
static const char SQL_INSERT[] =
	"INSERT INTO collection_account(bank_bin, account_no, account_name, updated_at,"
	" campaign_id, unit_id) VALUES (?,?,?,?,?,?)";

int store_collection_account_set(struct db *db, int64_t campaign_id, int64_t unit_id,
				 const char *bin, const char *account, const char *name,
				 const char *now, int *had_old, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_FIND, e);
	int64_t id = 0;
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	db_bind_i64(s, 2, unit_id);
	if ((rc = db_step(s, e)) < 0)
		return -1;
	if (rc == DB_ROW) {
		id = db_col_i64(s, 0);
		db_reset(s);
	}
	*had_old = id != 0;
	if ((s = db_prep(db, id ? SQL_UPDATE : SQL_INSERT, e)) == NULL)
		return -1;
	db_bind_text(s, 1, bin);
	db_bind_text(s, 2, account);
	db_bind_text(s, 3, name);
	db_bind_text(s, 4, now);
	if (id) {
		db_bind_i64(s, 5, id);
	} else {
		db_bind_i64(s, 5, campaign_id);
		if (unit_id)
			db_bind_i64(s, 6, unit_id);
		else
			db_bind_null(s, 6);
	}
	return db_step(s, e) < 0 ? -1 : 0;
}

#define COLS \
	"SELECT a.campaign_id, coalesce(a.unit_id, 0), c.code, coalesce(u.code, ''),"          \
	" coalesce(u.name, ''), a.bank_bin, a.account_no, a.account_name, a.updated_at"       \
	" FROM collection_account a JOIN campaign c ON c.id = a.campaign_id"                   \
	" LEFT JOIN unit u ON u.id = a.unit_id"

/* The unit's ancestors with their distance; the campaign's account (unit
 * NULL) comes last. */
static const char SQL_FOR[] =
	"WITH RECURSIVE up(id, parent, depth) AS ("
	"  SELECT id, parent_id, 0 FROM unit WHERE id = ?2"
	"  UNION ALL SELECT u.id, u.parent_id, up.depth + 1 FROM unit u JOIN up ON u.id = up.parent)"
	" " COLS " LEFT JOIN up ON up.id = a.unit_id WHERE a.campaign_id = ?1"
	" AND (a.unit_id IS NULL OR up.id IS NOT NULL)"
	" ORDER BY a.unit_id IS NULL, up.depth LIMIT 1";
static const char SQL_EACH[] =
	COLS " WHERE ?1 = 0 OR a.campaign_id = ?1 ORDER BY c.code, a.unit_id IS NOT NULL, u.sort_key";

static int each(struct stmt *s, collection_account_fn fn, void *ctx, struct err *e)
{
	int rc, n = 0;
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct collection_account_row r = {
			.campaign_id = db_col_i64(s, 0),
			.unit_id = db_col_i64(s, 1),
			.campaign_code = db_col_text(s, 2),
			.unit_code = db_col_text(s, 3),
			.unit_name = db_col_text(s, 4),
			.bin = db_col_text(s, 5),
			.account = db_col_text(s, 6),
			.name = db_col_text(s, 7),
			.updated_at = db_col_text(s, 8),
		};
		n++;
		if (fn(ctx, &r) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : n > 0;
}

int store_collection_account_for(struct db *db, int64_t campaign_id, int64_t unit_id,
				 collection_account_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_FOR, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	db_bind_i64(s, 2, unit_id);
	return each(s, fn, ctx, e);
}

int store_collection_account_each(struct db *db, int64_t campaign_id, collection_account_fn fn,
				  void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_EACH, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	return each(s, fn, ctx, e) < 0 ? -1 : 0;
}

static const char SQL_DUE[] =
	"SELECT p.campaign_id, p.donor_id, d.unit_id, p.amount,"
	" (SELECT coalesce(sum(k.amount),0) FROM contribution k WHERE k.pledge_id = p.id AND NOT"
	"   EXISTS (SELECT 1 FROM journal_entry r WHERE r.reverses_id = k.id))"
	" FROM pledge p JOIN donor d ON d.id = p.donor_id WHERE p.id = ?";

int store_pledge_due(struct db *db, int64_t pledge_id, struct pledge_due *out, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_DUE, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, pledge_id);
	if ((rc = db_step(s, e)) == DB_ROW) {
		out->id = pledge_id;
		out->campaign_id = db_col_i64(s, 0);
		out->donor_id = db_col_i64(s, 1);
		out->unit_id = db_col_i64(s, 2);
		out->amount = db_col_i64(s, 3);
		out->paid = db_col_i64(s, 4);
		db_reset(s);
	}
	return rc;
}
