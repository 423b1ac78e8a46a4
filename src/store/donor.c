#include <stdio.h>
#include <string.h>

#include "store/store.h"

static const char SQL_INSERT[] =
	"INSERT INTO donor(kind, name, match_key, name_fold, sort_key, tax_code, in_province, unit_id,"
	" gender, phone, email, address, publish_name, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

int store_donor_insert(struct db *db, const struct donor_row *d, const char *now, int64_t *id,
		       struct err *e)
{
	struct stmt *s = db_prep(db, SQL_INSERT, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, d->kind);
	db_bind_text(s, 2, d->name);
	db_bind_text(s, 3, d->match_key);
	db_bind_text(s, 4, d->name_fold);
	db_bind_blob(s, 5, d->sort_key, d->sort_key_len);
	db_bind_text(s, 6, d->tax_code);
	db_bind_i64(s, 7, d->in_province);
	db_bind_i64(s, 8, d->unit_id);
	db_bind_text(s, 9, d->gender);
	db_bind_text(s, 10, d->phone);
	db_bind_text(s, 11, d->email);
	db_bind_text(s, 12, d->address);
	db_bind_i64(s, 13, d->publish_name);
	db_bind_text(s, 14, now);
	if (db_step(s, e) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

static int find_id(struct stmt *s, int64_t *id, struct err *e)
{
	int rc = db_step(s, e);
	if (rc == DB_ROW) {
		*id = db_col_i64(s, 0);
		db_reset(s);
	}
	return rc;
}

static const char SQL_BY_TAX[] = "SELECT id FROM donor WHERE tax_code = ?";
static const char SQL_BY_MATCH[] =
	"SELECT id FROM donor WHERE match_key = ? AND kind = ? AND unit_id = ? ORDER BY id LIMIT 1";

int store_donor_by_tax_code(struct db *db, const char *tax_code, int64_t *id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_BY_TAX, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, tax_code);
	return find_id(s, id, e);
}

int store_donor_by_match(struct db *db, const char *match_key, const char *kind, int64_t unit_id,
			 int64_t *id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_BY_MATCH, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, match_key);
	db_bind_text(s, 2, kind);
	db_bind_i64(s, 3, unit_id);
	return find_id(s, id, e);
}

/* Totals count only contributions that have not been reversed. */
#define DONOR_VIEW_COLS \
	"d.id, d.kind, d.name, coalesce(d.tax_code,''), u.code, u.name, coalesce(d.gender,''),"      \
	" coalesce(d.phone,''), coalesce(d.email,''), coalesce(d.address,''), d.in_province,"       \
	" d.publish_name,"                                                                          \
	" (SELECT coalesce(sum(c.amount),0) FROM contribution c WHERE c.donor_id = d.id AND NOT"     \
	"   EXISTS (SELECT 1 FROM journal_entry r WHERE r.reverses_id = c.id)),"              \
	" (SELECT count(*) FROM contribution c WHERE c.donor_id = d.id AND NOT"                      \
	"   EXISTS (SELECT 1 FROM journal_entry r WHERE r.reverses_id = c.id))"

static const char SQL_EACH[] =
	"SELECT " DONOR_VIEW_COLS " FROM donor d JOIN unit u ON u.id = d.unit_id"
	" WHERE (?1 IS NULL OR (' ' || d.name_fold) LIKE ?1)"
	" ORDER BY d.sort_key, d.id LIMIT ?2";
static const char SQL_BY_ID[] =
	"SELECT " DONOR_VIEW_COLS " FROM donor d JOIN unit u ON u.id = d.unit_id WHERE d.id = ?";

static void read_view(struct stmt *s, struct donor_view *d)
{
	*d = (struct donor_view){
		.id = db_col_i64(s, 0),
		.kind = db_col_text(s, 1),
		.name = db_col_text(s, 2),
		.tax_code = db_col_text(s, 3),
		.unit_code = db_col_text(s, 4),
		.unit_name = db_col_text(s, 5),
		.gender = db_col_text(s, 6),
		.phone = db_col_text(s, 7),
		.email = db_col_text(s, 8),
		.address = db_col_text(s, 9),
		.in_province = (int)db_col_i64(s, 10),
		.publish_name = (int)db_col_i64(s, 11),
		.given = db_col_i64(s, 12),
		.contributions = db_col_i64(s, 13),
	};
}

/* Calls fn for each row; returns the number of rows or -1. */
static int each_row(struct stmt *s, donor_fn fn, void *ctx, struct err *e)
{
	int rc, n = 0;
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct donor_view d;
		read_view(s, &d);
		n++;
		if (fn(ctx, &d) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : n;
}

/* The LIKE pattern asks every folded query word to start a word of the
 * folded name, in the order typed.  (The search index of issue #3 replaces
 * this scan.) */
int store_donor_each(struct db *db, const char *fold_query, int64_t limit, donor_fn fn, void *ctx,
		     struct err *e)
{
	struct stmt *s = db_prep(db, SQL_EACH, e);
	struct buf pat = BUF_INIT;
	int rc;
	if (s == NULL)
		return -1;
	if (fold_query && fold_query[0]) {
		buf_puts(&pat, "% ");
		for (const char *p = fold_query; *p; p++) {
			if (*p == '%' || *p == '_')
				continue;
			buf_puts(&pat, *p == ' ' ? "% " : (char[]){*p, 0});
		}
		buf_putc(&pat, '%');
		db_bind_text(s, 1, pat.p);
	} else {
		db_bind_null(s, 1);
	}
	db_bind_i64(s, 2, limit > 0 ? limit : -1);
	rc = each_row(s, fn, ctx, e);
	buf_free(&pat);
	return rc < 0 ? -1 : 0;
}

int store_donor_by_id(struct db *db, int64_t id, donor_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_BY_ID, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	int n = each_row(s, fn, ctx, e);
	return n < 0 ? -1 : n > 0;
}

static const char SQL_UNIT_OF[] = "SELECT unit_id FROM donor WHERE id = ?";

int store_donor_unit(struct db *db, int64_t id, int64_t *unit_id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_UNIT_OF, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	return find_id(s, unit_id, e);
}
