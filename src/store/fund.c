/* The fund's use: handovers and disbursements (migration 0014). */
#include "store/fund.h"

static const char SQL_INSERT[] =
	"INSERT INTO fund_use(id, kind, campaign_id, amount, use_date, document, source,"
	" organisation, purpose, beneficiary_kind, beneficiary, unit_id, publish_name, note,"
	" actor, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

int store_fund_insert(struct db *db, const struct fund_row *r, const char *now, struct err *e)
{
	const struct db_val v[] = {
		db_val_int(r->id), db_val_text(r->kind), db_val_int(r->campaign_id),
		db_val_int(r->amount), db_val_text(r->date), db_val_text(r->document),
		db_val_text(r->source), db_val_text(r->organisation), db_val_text(r->purpose),
		db_val_text(r->beneficiary_kind), db_val_text(r->beneficiary), db_val_id(r->unit_id),
		db_val_int(r->publish_name ? 1 : 0), db_val_text(r->note), db_val_text(r->actor),
		db_val_text(now),
	};
	return db_insert(db, SQL_INSERT, v, (int)(sizeof v / sizeof v[0]), e);
}

/* The district each unit that received money lies in: the nearest unit of
 * kind district at or above it, or the unit itself when none is. */
#define DISTRICT_CTE                                                                              \
	"WITH RECURSIVE up(unit_id, anc, depth) AS ("                                              \
	" SELECT id, id, 0 FROM unit WHERE id IN (SELECT unit_id FROM fund_use)"                   \
	" UNION ALL SELECT up.unit_id, u.parent_id, up.depth + 1 FROM up JOIN unit u"              \
	"  ON u.id = up.anc WHERE u.parent_id IS NOT NULL AND u.kind <> 'district'),"              \
	" district(unit_id, district_id) AS (SELECT w.unit_id, coalesce((SELECT x.anc FROM up x"   \
	"  JOIN unit v ON v.id = x.anc WHERE x.unit_id = w.unit_id AND v.kind = 'district'"        \
	"  ORDER BY x.depth LIMIT 1), w.unit_id) FROM (SELECT DISTINCT unit_id FROM up) w)"

#define REVERSED(f) "EXISTS (SELECT 1 FROM journal_entry r WHERE r.reverses_id = " f ".id)"

#define SQL_EACH                                                                                  \
	DISTRICT_CTE ", sub(id) AS (SELECT ?7 UNION SELECT u.id FROM unit u JOIN sub"              \
	" ON u.parent_id = sub.id)"                                                                \
	" SELECT f.id, f.campaign_id, f.amount, coalesce(f.unit_id, 0), f.kind, f.use_date,"       \
	" f.document, f.note, f.actor, f.source, f.organisation, f.purpose, f.beneficiary_kind,"   \
	" f.beneficiary, f.publish_name, c.code, u.code, u.name, du.name, f.created_at,"           \
	" coalesce((SELECT r.id FROM journal_entry r WHERE r.reverses_id = f.id), 0),"             \
	" (SELECT o.status FROM fund_outcome o WHERE o.disbursement_id = f.id"                     \
	"  ORDER BY o.review_date DESC, o.id DESC LIMIT 1),"                                       \
	" (SELECT o.review_date FROM fund_outcome o WHERE o.disbursement_id = f.id"                \
	"  ORDER BY o.review_date DESC, o.id DESC LIMIT 1)"                                        \
	" FROM fund_use f JOIN campaign c ON c.id = f.campaign_id"                                 \
	" LEFT JOIN unit u ON u.id = f.unit_id LEFT JOIN district d ON d.unit_id = f.unit_id"      \
	" LEFT JOIN unit du ON du.id = d.district_id"                                              \
	" WHERE (?1 = 0 OR f.campaign_id = ?1) AND (?2 = 0 OR f.id = ?2)"                          \
	" AND (?3 = '' OR f.kind = ?3) AND (?4 = '' OR f.purpose = ?4)"                            \
	" AND (?5 = '' OR f.use_date >= ?5) AND (?6 = '' OR f.use_date <= ?6)"                     \
	" AND (?7 = 0 OR f.unit_id IN (SELECT id FROM sub))"                                       \
	" AND (?8 = 0 OR NOT " REVERSED("f") ")"
static const char SQL_EACH_OLD[] = SQL_EACH " ORDER BY f.use_date, f.id";
static const char SQL_EACH_NEW[] = SQL_EACH " ORDER BY f.use_date DESC, f.id DESC";

static const char *opt_text(struct stmt *s, int col)
{
	return db_col_null(s, col) ? NULL : db_col_text(s, col);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

int store_fund_each(struct db *db, const struct fund_filter *f, fund_fn fn, void *ctx,
		    struct err *e)
{
	struct stmt *s = db_prep(db, f->oldest_first ? SQL_EACH_OLD : SQL_EACH_NEW, e);
	int rc, n = 0;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, f->campaign_id);
	db_bind_i64(s, 2, f->id);
	db_bind_text(s, 3, or_empty(f->kind));
	db_bind_text(s, 4, or_empty(f->purpose));
	db_bind_text(s, 5, or_empty(f->from));
	db_bind_text(s, 6, or_empty(f->to));
	db_bind_i64(s, 7, f->unit_id);
	db_bind_i64(s, 8, f->standing);
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct fund_row r = {
			.id = db_col_i64(s, 0),
			.campaign_id = db_col_i64(s, 1),
			.amount = db_col_i64(s, 2),
			.unit_id = db_col_i64(s, 3),
			.kind = db_col_text(s, 4),
			.date = db_col_text(s, 5),
			.document = db_col_text(s, 6),
			.note = opt_text(s, 7),
			.actor = db_col_text(s, 8),
			.source = opt_text(s, 9),
			.organisation = opt_text(s, 10),
			.purpose = opt_text(s, 11),
			.beneficiary_kind = opt_text(s, 12),
			.beneficiary = opt_text(s, 13),
			.publish_name = (int)db_col_i64(s, 14),
			.campaign_code = db_col_text(s, 15),
			.unit_code = db_col_text(s, 16),
			.unit_name = db_col_text(s, 17),
			.district_name = db_col_text(s, 18),
			.created_at = db_col_text(s, 19),
			.reversed_by = db_col_i64(s, 20),
			.outcome = opt_text(s, 21),
			.outcome_date = opt_text(s, 22),
		};
		n++;
		if (fn(ctx, &r) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : n > 0;
}

static const char SQL_USED[] =
	"SELECT coalesce(sum(amount) FILTER (WHERE kind = 'handover'), 0),"
	" coalesce(sum(amount) FILTER (WHERE kind = 'disbursement'), 0)"
	" FROM fund_use f WHERE campaign_id = ? AND NOT " REVERSED("f");

static const char SQL_RECEIVED[] =
	"SELECT coalesce(sum(k.amount), 0) FROM contribution k WHERE k.campaign_id = ?"
	" AND k.channel <> 'goods' AND NOT " REVERSED("k");

static int two_i64(struct db *db, const char *sql, int64_t campaign_id, int64_t *a, int64_t *b,
		   struct err *e)
{
	struct stmt *s = db_prep(db, sql, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	if ((rc = db_step(s, e)) != DB_ROW)
		return rc < 0 ? -1 : err_fail(e, "fund: no totals");
	*a = db_col_i64(s, 0);
	if (b)
		*b = db_col_i64(s, 1);
	db_reset(s);
	return 0;
}

int store_fund_used(struct db *db, int64_t campaign_id, struct fund_totals *t, struct err *e)
{
	return two_i64(db, SQL_USED, campaign_id, &t->handed, &t->spent, e);
}

int store_fund_totals(struct db *db, int64_t campaign_id, struct fund_totals *t, struct err *e)
{
	if (two_i64(db, SQL_RECEIVED, campaign_id, &t->received, NULL, e) < 0)
		return -1;
	return store_fund_used(db, campaign_id, t, e);
}

static const char SQL_CONTRIBUTION[] =
	"SELECT k.campaign_id, CASE WHEN k.channel = 'goods' OR " REVERSED("k") " THEN 0"
	" ELSE k.amount END FROM contribution k WHERE k.id = ?";

int store_fund_contribution(struct db *db, int64_t id, int64_t *campaign_id, int64_t *money,
			    struct err *e)
{
	struct stmt *s = db_prep(db, SQL_CONTRIBUTION, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	*campaign_id = *money = 0;
	if ((rc = db_step(s, e)) != DB_ROW)
		return rc < 0 ? -1 : 0;
	*campaign_id = db_col_i64(s, 0);
	*money = db_col_i64(s, 1);
	db_reset(s);
	return 0;
}

static int each_sum(struct db *db, const char *sql, int64_t campaign_id, fund_sum_fn fn,
		    void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, sql, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct fund_sum r = {
			.key = db_col_text(s, 0),
			.name = db_col_text(s, 1),
			.amount = db_col_i64(s, 2),
			.count = db_col_i64(s, 3),
		};
		if (fn(ctx, &r) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

static const char SQL_BY_PURPOSE[] =
	"SELECT f.purpose, f.purpose, sum(f.amount) AS total, count(*) FROM fund_use f"
	" WHERE f.kind = 'disbursement' AND f.campaign_id = ?1 AND NOT " REVERSED("f")
	" GROUP BY f.purpose ORDER BY total DESC, f.purpose";

int store_fund_by_purpose(struct db *db, int64_t campaign_id, fund_sum_fn fn, void *ctx,
			  struct err *e)
{
	return each_sum(db, SQL_BY_PURPOSE, campaign_id, fn, ctx, e);
}

static const char SQL_BY_DISTRICT[] =
	DISTRICT_CTE
	" SELECT du.code, du.name, sum(f.amount) AS total, count(*) FROM fund_use f"
	" JOIN district d ON d.unit_id = f.unit_id JOIN unit du ON du.id = d.district_id"
	" WHERE f.kind = 'disbursement' AND f.campaign_id = ?1 AND NOT " REVERSED("f")
	" GROUP BY du.id ORDER BY total DESC, du.code";

int store_fund_by_district(struct db *db, int64_t campaign_id, fund_sum_fn fn, void *ctx,
			   struct err *e)
{
	return each_sum(db, SQL_BY_DISTRICT, campaign_id, fn, ctx, e);
}

/* ---- outcomes ---- */

static const char SQL_OUTCOME_INSERT[] =
	"INSERT INTO fund_outcome(disbursement_id, status, review_date, note, actor, created_at)"
	" VALUES (?,?,?,?,?,?)";

int store_outcome_insert(struct db *db, const struct fund_outcome_row *r, const char *now,
			 int64_t *id, struct err *e)
{
	const struct db_val v[] = {
		db_val_int(r->disbursement_id), db_val_text(r->status), db_val_text(r->date),
		db_val_text(r->note), db_val_text(r->actor), db_val_text(now),
	};
	if (db_insert(db, SQL_OUTCOME_INSERT, v, (int)(sizeof v / sizeof v[0]), e) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

static const char SQL_OUTCOME_EACH[] =
	"SELECT id, disbursement_id, status, review_date, note, actor, created_at FROM fund_outcome"
	" WHERE disbursement_id = ? ORDER BY review_date, id";

int store_outcome_each(struct db *db, int64_t disbursement_id, fund_outcome_fn fn, void *ctx,
		       struct err *e)
{
	struct stmt *s = db_prep(db, SQL_OUTCOME_EACH, e);
	int rc, n = 0;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, disbursement_id);
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct fund_outcome_row r = {
			.id = db_col_i64(s, 0),
			.disbursement_id = db_col_i64(s, 1),
			.status = db_col_text(s, 2),
			.date = db_col_text(s, 3),
			.note = opt_text(s, 4),
			.actor = db_col_text(s, 5),
			.created_at = db_col_text(s, 6),
		};
		n++;
		if (fn(ctx, &r) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : n > 0;
}

/* A household: its commune and its name as recorded.  Its latest outcome
 * is the latest over all its disbursements. */
static const char SQL_HOUSEHOLDS[] =
	DISTRICT_CTE ","
	" hh(id, unit_id, beneficiary, publish_name, amount) AS (SELECT f.id, f.unit_id,"
	"  f.beneficiary, f.publish_name, f.amount FROM fund_use f WHERE f.kind = 'disbursement'"
	"  AND f.beneficiary_kind = 'household' AND f.purpose <> 'heart_surgery'"
	"  AND f.campaign_id = ?1 AND NOT " REVERSED("f") "),"
	" seen(unit_id, beneficiary, status, review_date, n) AS (SELECT hh.unit_id, hh.beneficiary,"
	"  o.status, o.review_date, row_number() OVER (PARTITION BY hh.unit_id, hh.beneficiary"
	"  ORDER BY o.review_date DESC, o.id DESC) FROM hh JOIN fund_outcome o"
	"  ON o.disbursement_id = hh.id)"
	" SELECT hh.unit_id, hh.beneficiary, min(hh.publish_name), sum(hh.amount), count(*),"
	" max(hh.id), u.name, du.code, du.name, s.status, s.review_date"
	" FROM hh JOIN unit u ON u.id = hh.unit_id JOIN district d ON d.unit_id = hh.unit_id"
	" JOIN unit du ON du.id = d.district_id LEFT JOIN seen s ON s.unit_id = hh.unit_id"
	" AND s.beneficiary = hh.beneficiary AND s.n = 1"
	" GROUP BY hh.unit_id, hh.beneficiary"
	" ORDER BY du.sort_key, du.code, u.sort_key, u.code, hh.beneficiary"; /* Vietnamese order */

int store_fund_households(struct db *db, int64_t campaign_id, fund_household_fn fn, void *ctx,
			  struct err *e)
{
	struct stmt *s = db_prep(db, SQL_HOUSEHOLDS, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct fund_household h = {
			.unit_id = db_col_i64(s, 0),
			.beneficiary = db_col_text(s, 1),
			.publish_name = (int)db_col_i64(s, 2),
			.amount = db_col_i64(s, 3),
			.count = db_col_i64(s, 4),
			.last_id = db_col_i64(s, 5),
			.unit_name = db_col_text(s, 6),
			.district_code = db_col_text(s, 7),
			.district_name = db_col_text(s, 8),
			.status = opt_text(s, 9),
			.date = opt_text(s, 10),
		};
		if (fn(ctx, &h) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

/* A handover: source -> fund_handed (10); a disbursement: fund_handed ->
 * fund_spent (11).  Any other entry on those accounts is a reversal of one
 * of them or a row that is missing. */
static const char SQL_VERIFY_ROWS[] =
	"SELECT coalesce((SELECT f.id FROM fund_use f LEFT JOIN journal_entry j ON j.id = f.id"
	"  WHERE j.id IS NULL OR j.kind <> f.kind OR j.amount <> f.amount"
	"   OR j.campaign_id <> f.campaign_id OR coalesce(j.unit_id, 0) <> coalesce(f.unit_id, 0)"
	"   OR (f.kind = 'handover' AND (j.debit_account <> 10 OR j.credit_account <>"
	"       CASE f.source WHEN 'bank' THEN 2 ELSE 1 END))"
	"   OR (f.kind = 'disbursement' AND (j.debit_account <> 11 OR j.credit_account <> 10))"
	"  ORDER BY f.id LIMIT 1),"
	" (SELECT j.id FROM journal_entry j WHERE j.kind <> 'reversal'"
	"  AND (j.debit_account IN (10, 11) OR j.credit_account IN (10, 11))"
	"  AND NOT EXISTS (SELECT 1 FROM fund_use f WHERE f.id = j.id) ORDER BY j.id LIMIT 1), 0)";

int store_verify_fund_rows(struct db *db, int64_t *bad, struct err *e)
{
	return db_scalar_i64(db, SQL_VERIFY_ROWS, NULL, 0, bad, e);
}

static const char SQL_VERIFY_OUTCOMES[] =
	"SELECT coalesce((SELECT o.id FROM fund_outcome o LEFT JOIN fund_use f"
	"  ON f.id = o.disbursement_id WHERE f.id IS NULL OR f.kind <> 'disbursement'"
	"  OR f.beneficiary_kind <> 'household' OR f.purpose = 'heart_surgery'"
	"  OR o.review_date < f.use_date ORDER BY o.id LIMIT 1), 0)";

int store_verify_fund_outcomes(struct db *db, int64_t *bad, struct err *e)
{
	return db_scalar_i64(db, SQL_VERIFY_OUTCOMES, NULL, 0, bad, e);
}

static const char SQL_VERIFY_BALANCES[] =
	"SELECT coalesce((SELECT id FROM (SELECT id,"
	"  sum(CASE WHEN debit_account = 10 THEN amount WHEN credit_account = 10 THEN -amount"
	"      ELSE 0 END) OVER w AS handed,"
	"  sum(CASE WHEN debit_account = 11 THEN amount WHEN credit_account = 11 THEN -amount"
	"      ELSE 0 END) OVER w AS spent"
	"  FROM journal_entry WHERE debit_account IN (10, 11) OR credit_account IN (10, 11)"
	"  WINDOW w AS (PARTITION BY campaign_id ORDER BY id ROWS UNBOUNDED PRECEDING))"
	" WHERE handed < 0 OR spent < 0 ORDER BY id LIMIT 1), 0)";

int store_verify_fund_balances(struct db *db, int64_t *bad, struct err *e)
{
	return db_scalar_i64(db, SQL_VERIFY_BALANCES, NULL, 0, bad, e);
}
