/* Documents' rows (store/document.h).  SQL only; src/core/document.c
 * decides what goes on paper. */
#include "store/document.h"

#include <stdio.h>
#include <string.h>

/* ---- settings ---------------------------------------------------------- */

static const char SQL_SET[] =
	"INSERT INTO doc_setting(campaign_id, key, value, updated_at) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT(campaign_id, key) DO UPDATE SET value = excluded.value,"
	" updated_at = excluded.updated_at";
static const char SQL_EACH_SETTING[] =
	"SELECT key, value FROM doc_setting WHERE campaign_id = ? ORDER BY key";

int store_doc_setting_set(struct db *db, int64_t campaign_id, const char *key, const char *value,
			  const char *now, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SET, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	db_bind_text(s, 2, key);
	db_bind_text(s, 3, value);
	db_bind_text(s, 4, now);
	return db_step(s, e) < 0 ? -1 : 0;
}

int store_doc_setting_each(struct db *db, int64_t campaign_id, doc_kv_fn fn, void *ctx,
			   struct err *e)
{
	struct stmt *s = db_prep(db, SQL_EACH_SETTING, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	while ((rc = db_step(s, e)) == DB_ROW)
		if (fn(ctx, db_col_text(s, 0), db_col_text(s, 1)) < 0) {
			db_reset(s);
			return -1;
		}
	return rc;
}

/* ---- templates ---------------------------------------------------------- */

#define TEMPLATE_COLS "SELECT id, version, name, body, actor, created_at FROM doc_template"
static const char SQL_T_LATEST[] = TEMPLATE_COLS " WHERE name = ? ORDER BY version DESC LIMIT 1";
static const char SQL_T_ID[] = TEMPLATE_COLS " WHERE id = ?";
static const char SQL_T_VERSIONS[] = TEMPLATE_COLS " WHERE name = ? ORDER BY version DESC";
static const char SQL_T_ALL[] = TEMPLATE_COLS " t WHERE version ="
				" (SELECT max(version) FROM doc_template u WHERE u.name = t.name)"
				" ORDER BY name";
static const char SQL_T_INSERT[] =
	"INSERT INTO doc_template(name, version, body, actor, created_at) VALUES (?,?,?,?,?)";

static int template_rows(struct stmt *s, doc_template_fn fn, void *ctx, struct err *e)
{
	int rc, n = 0;
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct doc_template_row t = {
			.id = db_col_i64(s, 0), .version = db_col_i64(s, 1),
			.name = db_col_text(s, 2), .body = db_col_text(s, 3),
			.actor = db_col_text(s, 4), .created_at = db_col_text(s, 5)};
		n++;
		if (fn(ctx, &t) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : n;
}

int store_doc_template_latest(struct db *db, const char *name, doc_template_fn fn, void *ctx,
			      struct err *e)
{
	struct stmt *s = db_prep(db, SQL_T_LATEST, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, name);
	return template_rows(s, fn, ctx, e);
}

int store_doc_template_by_id(struct db *db, int64_t id, doc_template_fn fn, void *ctx,
			     struct err *e)
{
	struct stmt *s = db_prep(db, SQL_T_ID, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	return template_rows(s, fn, ctx, e);
}

int store_doc_template_each(struct db *db, const char *name, doc_template_fn fn, void *ctx,
			    struct err *e)
{
	struct stmt *s = db_prep(db, name ? SQL_T_VERSIONS : SQL_T_ALL, e);
	if (s == NULL)
		return -1;
	if (name)
		db_bind_text(s, 1, name);
	return template_rows(s, fn, ctx, e) < 0 ? -1 : 0;
}

int store_doc_template_insert(struct db *db, const char *name, int64_t version, const char *body,
			      const char *actor, const char *now, int64_t *id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_T_INSERT, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, name);
	db_bind_i64(s, 2, version);
	db_bind_text(s, 3, body);
	db_bind_text(s, 4, actor);
	db_bind_text(s, 5, now);
	if (db_step(s, e) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

/* ---- documents ------------------------------------------------------------ */

static const char SQL_DOC_INSERT[] =
	"INSERT INTO document(kind, campaign_id, donor_id, contribution_id, template_id, copy, vars,"
	" actor, created_at) VALUES (?,?,?,?,?,?,?,?,?)";
#define DOC_COLS                                                                           \
	"SELECT d.id, d.campaign_id, coalesce(d.donor_id,0), coalesce(d.contribution_id,0),"   \
	" coalesce(d.template_id,0), d.kind, d.vars, d.actor, d.created_at, d.copy, c.code,"  \
	" coalesce(o.name,''), coalesce(t.name,''), coalesce(t.version,0)"                   \
	" FROM document d JOIN campaign c ON c.id = d.campaign_id"                           \
	" LEFT JOIN donor o ON o.id = d.donor_id LEFT JOIN doc_template t ON t.id = d.template_id"
static const char SQL_DOC_ID[] = DOC_COLS " WHERE d.id = ?";
static const char SQL_DOC_EACH[] = DOC_COLS " WHERE (?1 = 0 OR d.campaign_id = ?1)"
				   " AND (?2 IS NULL OR d.kind = ?2) ORDER BY d.id DESC"
				   " LIMIT CASE WHEN ?3 > 0 THEN ?3 ELSE -1 END";
static const char SQL_PRINTED[] =
	"SELECT 1 FROM document WHERE contribution_id = ? AND kind = 'receipt' AND copy = 0";
static const char SQL_COUNT[] =
	"SELECT count(*) FROM document WHERE campaign_id = ? AND kind = ? AND copy = 0";

static void bind_opt(struct stmt *s, int i, int64_t v)
{
	if (v)
		db_bind_i64(s, i, v);
	else
		db_bind_null(s, i);
}

int store_document_insert(struct db *db, const struct document_row *d, int64_t *id,
			  struct err *e)
{
	struct stmt *s = db_prep(db, SQL_DOC_INSERT, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, d->kind);
	db_bind_i64(s, 2, d->campaign_id);
	bind_opt(s, 3, d->donor_id);
	bind_opt(s, 4, d->contribution_id);
	bind_opt(s, 5, d->template_id);
	db_bind_i64(s, 6, d->copy);
	db_bind_text(s, 7, d->vars);
	db_bind_text(s, 8, d->actor);
	db_bind_text(s, 9, d->created_at);
	if (db_step(s, e) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

static int document_rows(struct stmt *s, document_fn fn, void *ctx, struct err *e)
{
	int rc, n = 0;
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct document_row d = {
			.id = db_col_i64(s, 0), .campaign_id = db_col_i64(s, 1),
			.donor_id = db_col_i64(s, 2), .contribution_id = db_col_i64(s, 3),
			.template_id = db_col_i64(s, 4), .kind = db_col_text(s, 5),
			.vars = db_col_text(s, 6), .actor = db_col_text(s, 7),
			.created_at = db_col_text(s, 8), .copy = (int)db_col_i64(s, 9),
			.campaign_code = db_col_text(s, 10), .donor_name = db_col_text(s, 11),
			.template_name = db_col_text(s, 12), .template_version = db_col_i64(s, 13)};
		n++;
		if (fn(ctx, &d) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : n;
}

int store_document_by_id(struct db *db, int64_t id, document_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_DOC_ID, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	return document_rows(s, fn, ctx, e);
}

int store_document_each(struct db *db, int64_t campaign_id, const char *kind, int64_t limit,
			document_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_DOC_EACH, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	db_bind_text(s, 2, kind);
	db_bind_i64(s, 3, limit);
	return document_rows(s, fn, ctx, e) < 0 ? -1 : 0;
}

int store_receipt_printed(struct db *db, int64_t contribution_id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_PRINTED, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, contribution_id);
	if ((rc = db_step(s, e)) == DB_ROW)
		db_reset(s);
	return rc;
}

int store_document_count(struct db *db, int64_t campaign_id, const char *kind, int64_t *n,
			 struct err *e)
{
	struct stmt *s = db_prep(db, SQL_COUNT, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, campaign_id);
	db_bind_text(s, 2, kind);
	if (db_step(s, e) != DB_ROW)
		return -1;
	*n = db_col_i64(s, 0);
	db_reset(s);
	return 0;
}

/* ---- reads for documents ------------------------------------------------------ */

/* Every read below binds the whole filter (?1 campaign, ?2 since, ?3 until,
 * ?4 min, ?5 contribution or donor, ?6 receipt, ?7 area, ?8 scope, ?9 donor
 * kind, ?10 named gifts only); a statement that does not use one of them
 * ignores it (binding past a statement's last parameter is a no-op). */

/* The subtrees of the filter's area (?7) and of a unit officer's scope
 * (?8); 0 = everywhere. */
#define AREA_CTE                                                                            \
	"WITH RECURSIVE area(id) AS (SELECT ?7 WHERE ?7 <> 0"                                 \
	" UNION ALL SELECT u.id FROM unit u JOIN area a ON u.parent_id = a.id),"             \
	" scope(id) AS (SELECT ?8 WHERE ?8 <> 0"                                              \
	" UNION ALL SELECT u.id FROM unit u JOIN scope a ON u.parent_id = a.id) "
#define IN_AREA(col)                                                                        \
	" (?7 = 0 OR " col " IN (SELECT id FROM area)) AND (?8 = 0 OR " col                  \
	" IN (SELECT id FROM scope))"
#define REVERSED(k) "EXISTS (SELECT 1 FROM journal_entry r WHERE r.reverses_id = " k ".id)"

static const char SQL_CONTRIBS[] =
	AREA_CTE
	"SELECT k.id, k.campaign_id, k.donor_id, k.unit_id, k.amount, k.receipt_no, k.contrib_date,"
	" k.channel, coalesce(k.goods,''), coalesce(k.goods_qty,''), j.actor, d.name, d.kind,"
	" coalesce(d.gender,''), coalesce(d.address,''), u.name, " REVERSED("k") ", c.code"
	" FROM contribution k JOIN journal_entry j ON j.id = k.id JOIN donor d ON d.id = k.donor_id"
	" JOIN campaign c ON c.id = k.campaign_id"
	" JOIN unit u ON u.id = k.unit_id"
	" WHERE (?1 = 0 OR k.campaign_id = ?1) AND (?2 IS NULL OR k.contrib_date >= ?2)"
	" AND (?3 IS NULL OR k.contrib_date <= ?3) AND k.amount >= ?4"
	" AND (?5 = 0 OR k.id = ?5) AND (?6 IS NULL OR k.receipt_no = ?6)"
	" AND (?9 IS NULL OR d.kind = ?9) AND" IN_AREA("k.unit_id")
	" AND (?5 <> 0 OR ?6 IS NOT NULL OR NOT " REVERSED("k") ")"
	" ORDER BY k.receipt_no";

static void bind_filter(struct stmt *s, const struct doc_filter *f)
{
	db_bind_i64(s, 1, f->campaign_id);
	db_bind_text(s, 2, f->since);
	db_bind_text(s, 3, f->until);
	db_bind_i64(s, 4, f->min);
	db_bind_i64(s, 5, f->contribution_id);
	db_bind_text(s, 6, f->receipt_no);
	db_bind_i64(s, 7, f->unit_id);
	db_bind_i64(s, 8, f->scope_unit);
	db_bind_text(s, 9, f->donor_kind);
	db_bind_i64(s, 10, f->named_only);
}

int store_doc_contributions(struct db *db, const struct doc_filter *f, doc_contribution_fn fn,
			    void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_CONTRIBS, e);
	int rc, n = 0;
	if (s == NULL)
		return -1;
	bind_filter(s, f);
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct doc_contribution c = {
			.id = db_col_i64(s, 0), .campaign_id = db_col_i64(s, 1),
			.donor_id = db_col_i64(s, 2), .unit_id = db_col_i64(s, 3),
			.amount = db_col_i64(s, 4), .receipt_no = db_col_text(s, 5),
			.date = db_col_text(s, 6), .channel = db_col_text(s, 7),
			.goods = db_col_text(s, 8), .goods_qty = db_col_text(s, 9),
			.actor = db_col_text(s, 10), .donor_name = db_col_text(s, 11),
			.donor_kind = db_col_text(s, 12), .gender = db_col_text(s, 13),
			.address = db_col_text(s, 14), .unit_name = db_col_text(s, 15),
			.reversed = (int)db_col_i64(s, 16), .campaign_code = db_col_text(s, 17)};
		n++;
		if (fn(ctx, &c) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : n;
}

#define DONOR_COLS                                                                          \
	"d.id, d.name, d.kind, coalesce(d.gender,''), coalesce(d.address,''), u.name,"         \
	" d.publish_name"
static const char SQL_TOTALS[] =
	AREA_CTE
	"SELECT " DONOR_COLS ", sum(k.amount) AS total, count(*)"
	" FROM contribution k JOIN donor d ON d.id = k.donor_id JOIN unit u ON u.id = d.unit_id"
	" WHERE k.campaign_id = ?1 AND (?2 IS NULL OR k.contrib_date >= ?2)"
	" AND (?3 IS NULL OR k.contrib_date <= ?3) AND (?5 = 0 OR k.donor_id = ?5)"
	" AND (?9 IS NULL OR d.kind = ?9)"
	" AND" IN_AREA("d.unit_id") " AND NOT " REVERSED("k") " AND (?10 = 0 OR k.anonymous = 0)"
	" GROUP BY d.id HAVING total >= ?4 ORDER BY total DESC, d.sort_key, d.id";
static const char SQL_DONORS[] =
	AREA_CTE
	"SELECT " DONOR_COLS ", coalesce((SELECT sum(k.amount) FROM contribution k"
	" WHERE k.donor_id = d.id AND k.campaign_id = ?1 AND NOT " REVERSED("k") "),0), 0"
	" FROM donor d JOIN unit u ON u.id = d.unit_id"
	" WHERE (?9 IS NULL OR d.kind = ?9) AND (?5 = 0 OR d.id = ?5) AND" IN_AREA("d.unit_id")
	" ORDER BY d.sort_key, d.id";

static int donor_rows(struct db *db, const char *sql, const struct doc_filter *f, doc_donor_fn fn,
		      void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, sql, e);
	int rc;
	if (s == NULL)
		return -1;
	bind_filter(s, f);
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct doc_donor d = {
			.id = db_col_i64(s, 0), .name = db_col_text(s, 1), .kind = db_col_text(s, 2),
			.gender = db_col_text(s, 3), .address = db_col_text(s, 4),
			.unit_name = db_col_text(s, 5), .publish_name = (int)db_col_i64(s, 6),
			.total = db_col_i64(s, 7), .count = db_col_i64(s, 8)};
		if (fn(ctx, &d) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

int store_doc_donor_totals(struct db *db, const struct doc_filter *f, doc_donor_fn fn, void *ctx,
			   struct err *e)
{
	return donor_rows(db, SQL_TOTALS, f, fn, ctx, e);
}

int store_doc_donors(struct db *db, const struct doc_filter *f, doc_donor_fn fn, void *ctx,
		     struct err *e)
{
	return donor_rows(db, SQL_DONORS, f, fn, ctx, e);
}
