#include <stdio.h>

#include "store/contribution_view.h"

static const char SQL_INSERT[] =
	"INSERT INTO pledge(campaign_id, donor_id, amount, goods, made_at, pledge_date, due_date,"
	" canvasser, note, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)";

int store_pledge_insert(struct db *db, const struct pledge_row *p, const char *now, int64_t *id,
			struct err *e)
{
	struct stmt *s = db_prep(db, SQL_INSERT, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, p->campaign_id);
	db_bind_i64(s, 2, p->donor_id);
	db_bind_i64(s, 3, p->amount);
	db_bind_text(s, 4, p->goods);
	db_bind_text(s, 5, p->made_at);
	db_bind_text(s, 6, p->pledge_date);
	db_bind_text(s, 7, p->due_date);
	db_bind_text(s, 8, p->canvasser);
	db_bind_text(s, 9, p->note);
	db_bind_text(s, 10, now);
	if (db_step(s, e) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

static const char SQL_EXISTS[] = "SELECT donor_id, campaign_id FROM pledge WHERE id = ?";

int store_pledge_exists(struct db *db, int64_t id, int64_t *donor_id, int64_t *campaign_id,
			struct err *e)
{
	struct stmt *s = db_prep(db, SQL_EXISTS, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	if ((rc = db_step(s, e)) == DB_ROW) {
		*donor_id = db_col_i64(s, 0);
		*campaign_id = db_col_i64(s, 1);
		db_reset(s);
	}
	return rc;
}

static const char SQL_INSTALMENT[] =
	"INSERT INTO pledge_instalment(pledge_id, seq, due_date, amount) VALUES (?,?,?,?)";

int store_pledge_instalment_insert(struct db *db, int64_t pledge_id, int seq, const char *due,
				   int64_t amount, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_INSTALMENT, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, pledge_id);
	db_bind_i64(s, 2, seq);
	db_bind_text(s, 3, due);
	db_bind_i64(s, 4, amount);
	return db_step(s, e) < 0 ? -1 : 0;
}

/* paid: what the non-reversed contributions matched to the pledge bring.
 * The scope is the recursive subtree of ?2 (0 = every unit), as in
 * store/web_list.c: rows outside it are never read. */
static const char SQL_EACH[] =
	"WITH RECURSIVE scope(id) AS (SELECT ?2 WHERE ?2 <> 0"
	" UNION ALL SELECT u.id FROM unit u JOIN scope s ON u.parent_id = s.id)"
	" SELECT p.id, c.code, d.name, p.made_at, p.pledge_date, coalesce(p.due_date,''),"
	" coalesce(p.canvasser,''), coalesce(p.note,''), coalesce(p.goods,''), p.donor_id, p.amount,"
	" (SELECT coalesce(sum(k.amount),0) FROM contribution k WHERE k.pledge_id = p.id AND NOT"
	"   EXISTS (SELECT 1 FROM journal_entry r WHERE r.reverses_id = k.id)),"
	" coalesce(c.deadline_date,''), un.code, un.name,"
	" coalesce((SELECT group_concat(x, ';') FROM (SELECT i.due_date || '=' || i.amount AS x"
	"   FROM pledge_instalment i WHERE i.pledge_id = p.id ORDER BY i.seq)), '')"
	" FROM pledge p JOIN campaign c ON c.id = p.campaign_id JOIN donor d ON d.id = p.donor_id"
	" JOIN unit un ON un.id = d.unit_id"
	" WHERE (?1 = 0 OR p.campaign_id = ?1) AND (?2 = 0 OR d.unit_id IN (SELECT id FROM scope))"
	" AND (?3 = 0 OR p.id = ?3)"
	" ORDER BY CASE WHEN ?4 THEN d.sort_key END, p.id";

int store_pledge_each(struct db *db, const struct pledge_filter *f, pledge_fn fn, void *ctx,
		      struct err *e)
{
	struct stmt *s = db_prep(db, SQL_EACH, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, f->campaign_id);
	db_bind_i64(s, 2, f->scope_unit);
	db_bind_i64(s, 3, f->id);
	db_bind_i64(s, 4, f->by_name);
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct pledge_view p = {
			.id = db_col_i64(s, 0),
			.campaign_code = db_col_text(s, 1),
			.donor_name = db_col_text(s, 2),
			.made_at = db_col_text(s, 3),
			.pledge_date = db_col_text(s, 4),
			.due_date = db_col_text(s, 5),
			.canvasser = db_col_text(s, 6),
			.note = db_col_text(s, 7),
			.goods = db_col_text(s, 8),
			.donor_id = db_col_i64(s, 9),
			.amount = db_col_i64(s, 10),
			.paid = db_col_i64(s, 11),
			.campaign_deadline = db_col_text(s, 12),
			.unit_code = db_col_text(s, 13),
			.unit_name = db_col_text(s, 14),
			.schedule = db_col_text(s, 15),
		};
		if (fn(ctx, &p) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

static const char SQL_PAYMENTS[] =
	CONTRIBUTION_VIEW_COLS CONTRIBUTION_VIEW_FROM " WHERE k.pledge_id = ? ORDER BY k.id";

int store_pledge_payments(struct db *db, int64_t pledge_id, contribution_fn fn, void *ctx,
			  struct err *e)
{
	struct stmt *s = db_prep(db, SQL_PAYMENTS, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, pledge_id);
	return store_contribution_rows(s, fn, ctx, e) < 0 ? -1 : 0;
}
