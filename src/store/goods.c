/* Goods: items received (each a goods contribution) and their movements. */
#include "store/money_in.h"

static const char SQL_ITEM[] =
	"INSERT INTO goods_item(contribution_id, description, measure, quantity, valued_by,"
	" created_at) VALUES (?,?,?,?,?,?)";

int store_goods_item_insert(struct db *db, int64_t contribution_id, const char *description,
			    const char *measure, int64_t quantity, const char *valued_by,
			    const char *now, int64_t *id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_ITEM, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, contribution_id);
	db_bind_text(s, 2, description);
	db_bind_text(s, 3, measure);
	db_bind_i64(s, 4, quantity);
	db_bind_text(s, 5, valued_by);
	db_bind_text(s, 6, now);
	if (db_step(s, e) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

static const char SQL_EACH[] =
	"SELECT g.id, g.contribution_id, k.campaign_id, k.unit_id, k.donor_id, c.code, u.code,"
	" d.name, k.contrib_date, k.receipt_no, g.description, g.measure, g.valued_by,"
	" g.quantity, k.amount,"
	" coalesce(sum(m.quantity) FILTER (WHERE m.kind = 'handover'), 0),"
	" coalesce(sum(m.value) FILTER (WHERE m.kind = 'handover'), 0),"
	" coalesce(sum(m.quantity) FILTER (WHERE m.kind = 'distribution'), 0),"
	" coalesce(sum(m.value) FILTER (WHERE m.kind = 'distribution'), 0),"
	" EXISTS (SELECT 1 FROM journal_entry r WHERE r.reverses_id = k.id)"
	" FROM goods_item g JOIN contribution k ON k.id = g.contribution_id"
	" JOIN campaign c ON c.id = k.campaign_id JOIN unit u ON u.id = k.unit_id"
	" JOIN donor d ON d.id = k.donor_id LEFT JOIN goods_movement m ON m.item_id = g.id"
	" WHERE (?1 = 0 OR k.campaign_id = ?1) AND (?2 = 0 OR g.id = ?2)"
	" GROUP BY g.id ORDER BY g.id";

int store_goods_each(struct db *db, int64_t campaign_id, int64_t item_id, goods_fn fn, void *ctx,
		     struct err *e)
{
	struct stmt *s = db_prep(db, SQL_EACH, e);
	int rc, n = 0;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	db_bind_i64(s, 2, item_id);
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct goods_view g = {
			.id = db_col_i64(s, 0),
			.contribution_id = db_col_i64(s, 1),
			.campaign_id = db_col_i64(s, 2),
			.unit_id = db_col_i64(s, 3),
			.donor_id = db_col_i64(s, 4),
			.campaign_code = db_col_text(s, 5),
			.unit_code = db_col_text(s, 6),
			.donor_name = db_col_text(s, 7),
			.date = db_col_text(s, 8),
			.receipt_no = db_col_text(s, 9),
			.description = db_col_text(s, 10),
			.measure = db_col_text(s, 11),
			.valued_by = db_col_text(s, 12),
			.quantity = db_col_i64(s, 13),
			.value = db_col_i64(s, 14),
			.handed_qty = db_col_i64(s, 15),
			.handed_value = db_col_i64(s, 16),
			.given_qty = db_col_i64(s, 17),
			.given_value = db_col_i64(s, 18),
			.reversed = (int)db_col_i64(s, 19),
		};
		n++;
		if (fn(ctx, &g) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : n > 0;
}

static const char SQL_MOVE[] =
	"INSERT INTO goods_movement(item_id, kind, entry_id, quantity, value, move_date,"
	" recipient_kind, recipient, recipient_unit, document, note, actor, created_at)"
	" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";

static void bind_id_or_null(struct stmt *s, int idx, int64_t v)
{
	if (v)
		db_bind_i64(s, idx, v);
	else
		db_bind_null(s, idx);
}

int store_goods_movement_insert(struct db *db, const struct goods_movement_row *m,
				const char *now, int64_t *id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_MOVE, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, m->item_id);
	db_bind_text(s, 2, m->kind);
	bind_id_or_null(s, 3, m->entry_id);
	db_bind_i64(s, 4, m->quantity);
	db_bind_i64(s, 5, m->value);
	db_bind_text(s, 6, m->date);
	db_bind_text(s, 7, m->recipient_kind);
	db_bind_text(s, 8, m->recipient);
	bind_id_or_null(s, 9, m->recipient_unit);
	db_bind_text(s, 10, m->document);
	db_bind_text(s, 11, m->note);
	db_bind_text(s, 12, m->actor);
	db_bind_text(s, 13, now);
	if (db_step(s, e) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

static const char SQL_MOVES[] =
	"SELECT m.id, m.item_id, coalesce(m.entry_id, 0), m.quantity, m.value,"
	" coalesce(m.recipient_unit, 0), m.kind, m.move_date, m.recipient_kind, m.recipient,"
	" m.document, m.note, m.actor, u.code"
	" FROM goods_movement m LEFT JOIN unit u ON u.id = m.recipient_unit"
	" WHERE m.item_id = ? ORDER BY m.id";

static const char *opt_text(struct stmt *s, int col)
{
	return db_col_null(s, col) ? NULL : db_col_text(s, col);
}

int store_goods_movements(struct db *db, int64_t item_id, goods_movement_fn fn, void *ctx,
			  struct err *e)
{
	struct stmt *s = db_prep(db, SQL_MOVES, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, item_id);
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct goods_movement_row m = {
			.id = db_col_i64(s, 0),
			.item_id = db_col_i64(s, 1),
			.entry_id = db_col_i64(s, 2),
			.quantity = db_col_i64(s, 3),
			.value = db_col_i64(s, 4),
			.recipient_unit = db_col_i64(s, 5),
			.kind = db_col_text(s, 6),
			.date = db_col_text(s, 7),
			.recipient_kind = opt_text(s, 8),
			.recipient = opt_text(s, 9),
			.document = opt_text(s, 10),
			.note = opt_text(s, 11),
			.actor = db_col_text(s, 12),
			.recipient_unit_code = opt_text(s, 13),
		};
		if (fn(ctx, &m) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

static const char SQL_MOVED[] =
	"SELECT count(*) FROM goods_movement m JOIN goods_item g ON g.id = m.item_id"
	" WHERE g.contribution_id = ?";

int store_goods_moved(struct db *db, int64_t contribution_id, int64_t *n, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_MOVED, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, contribution_id);
	if ((rc = db_step(s, e)) != DB_ROW)
		return rc < 0 ? -1 : err_fail(e, "goods: no count");
	*n = db_col_i64(s, 0);
	db_reset(s);
	return 0;
}

/* A movement must agree with its entry (handover: goods -> goods_handed;
 * distribution: goods_handed -> goods_distributed), no stage may hold
 * less than nothing, and goods that moved may not have had their receipt
 * reversed. */
static const char SQL_VERIFY[] =
	"SELECT coalesce((SELECT m.id FROM goods_movement m LEFT JOIN journal_entry j"
	"  ON j.id = m.entry_id WHERE m.value > 0 AND (j.id IS NULL OR j.amount <> m.value"
	"  OR (m.kind = 'handover' AND (j.kind <> 'handover' OR j.debit_account <> 8"
	"      OR j.credit_account <> 4))"
	"  OR (m.kind = 'distribution' AND (j.kind <> 'disbursement' OR j.debit_account <> 9"
	"      OR j.credit_account <> 8))) ORDER BY m.id LIMIT 1),"
	" (SELECT g.id FROM goods_item g JOIN contribution k ON k.id = g.contribution_id"
	"  WHERE (SELECT coalesce(sum(quantity),0) FROM goods_movement WHERE item_id = g.id"
	"         AND kind = 'handover') > g.quantity"
	"   OR (SELECT coalesce(sum(value),0) FROM goods_movement WHERE item_id = g.id"
	"         AND kind = 'handover') > k.amount"
	"   OR (SELECT coalesce(sum(quantity),0) FROM goods_movement WHERE item_id = g.id"
	"         AND kind = 'distribution') >"
	"      (SELECT coalesce(sum(quantity),0) FROM goods_movement WHERE item_id = g.id"
	"         AND kind = 'handover') ORDER BY g.id LIMIT 1),"
	/* goods that moved were received: their contribution stands */
	" (SELECT g.id FROM goods_item g WHERE EXISTS (SELECT 1 FROM goods_movement m"
	"   WHERE m.item_id = g.id) AND EXISTS (SELECT 1 FROM journal_entry r"
	"   WHERE r.reverses_id = g.contribution_id) ORDER BY g.id LIMIT 1), 0)";

int store_verify_goods(struct db *db, int64_t *bad, struct err *e)
{
	return db_scalar_i64(db, SQL_VERIFY, NULL, 0, bad, e);
}
