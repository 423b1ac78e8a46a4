#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "text/fold.h"

static int store_donor_index(struct db *db, int64_t id, const char *name_fold,
			     const char *tax_code, struct err *e);

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
	return store_donor_index(db, *id, d->name_fold, d->tax_code, e);
}

static const char SQL_INDEX[] = "INSERT INTO donor_search(rowid, text) VALUES (?, ?)";
static const char SQL_PAIRS[] = "INSERT INTO donor_pair(rowid, text) VALUES (?, ?)";

/* The donor's words in the search index (folded name and tax code), and
 * their pairs in the pair index (text_pair_tokens). */
static int store_donor_index(struct db *db, int64_t id, const char *name_fold,
			     const char *tax_code, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_INDEX, e);
	struct buf text = BUF_INIT;
	if (s == NULL)
		return -1;
	buf_puts(&text, name_fold);
	if (tax_code && tax_code[0]) {
		buf_putc(&text, ' ');
		buf_puts(&text, tax_code);
	}
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, buf_cstr(&text));
	int rc = db_step(s, e);
	if (rc >= 0) {
		struct buf pairs = BUF_INIT;
		for (char *p = text.p; *p; p++)
			if (*p == '-')
				*p = ' ';
		text_pair_tokens(&pairs, text.p);
		if (pairs.len && (s = db_prep(db, SQL_PAIRS, e)) == NULL)
			rc = -1;
		else if (pairs.len) {
			db_bind_i64(s, 1, id);
			db_bind_text(s, 2, buf_cstr(&pairs));
			rc = db_step(s, e);
		}
		buf_free(&pairs);
	}
	buf_free(&text);
	return rc < 0 ? -1 : 0;
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
	"SELECT id FROM donor WHERE name_fold = ? AND kind = ? AND unit_id = ? AND match_key = ?"
	" ORDER BY id LIMIT 1";

int store_donor_by_tax_code(struct db *db, const char *tax_code, int64_t *id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_BY_TAX, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, tax_code);
	return find_id(s, id, e);
}

int store_donor_by_match(struct db *db, const char *name_fold, const char *match_key,
			 const char *kind, int64_t unit_id, int64_t *id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_BY_MATCH, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, name_fold);
	db_bind_text(s, 2, kind);
	db_bind_i64(s, 3, unit_id);
	db_bind_text(s, 4, match_key);
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
	" ORDER BY d.sort_key, d.id LIMIT ?1 OFFSET ?2";
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

int store_donor_each(struct db *db, int64_t limit, int64_t offset, donor_fn fn, void *ctx,
		     struct err *e)
{
	struct stmt *s = db_prep(db, SQL_EACH, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, limit > 0 ? limit : -1);
	db_bind_i64(s, 2, offset);
	return each_row(s, fn, ctx, e) < 0 ? -1 : 0;
}

/* ---- search primitives (the strategy is in core/donor_search.c) ---- */

static const char SQL_FTS_IDS[] =
	"SELECT rowid FROM donor_search WHERE donor_search MATCH ? LIMIT ?";
static const char SQL_PAIR_IDS[] = "SELECT rowid FROM donor_pair WHERE donor_pair MATCH ? LIMIT ?";
static const char PAIRS[] = "pairs:";

/* The statement for a match on either index, with the match bound. */
static struct stmt *prep_match(struct db *db, const char *match, const char *words_sql,
			       const char *pairs_sql, struct err *e)
{
	int pairs = strncmp(match, PAIRS, sizeof PAIRS - 1) == 0;
	struct stmt *s = db_prep(db, pairs ? pairs_sql : words_sql, e);
	if (s != NULL)
		db_bind_text(s, 1, pairs ? match + sizeof PAIRS - 1 : match);
	return s;
}

int store_donor_search_ids(struct db *db, const char *match, int64_t cap, int64_t *ids,
			   int64_t *n, struct err *e)
{
	struct stmt *s = prep_match(db, match, SQL_FTS_IDS, SQL_PAIR_IDS, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 2, cap);
	*n = 0;
	while ((rc = db_step(s, e)) == DB_ROW)
		ids[(*n)++] = db_col_i64(s, 0);
	return rc < 0 ? -1 : 0;
}

static const char SQL_FTS_ALL[] = "SELECT rowid FROM donor_search WHERE donor_search MATCH ?";
static const char SQL_PAIR_ALL[] = "SELECT rowid FROM donor_pair WHERE donor_pair MATCH ?";

int store_donor_search_each(struct db *db, const char *match, int (*fn)(void *ctx, int64_t id),
			    void *ctx, struct err *e)
{
	struct stmt *s = prep_match(db, match, SQL_FTS_ALL, SQL_PAIR_ALL, e);
	int rc;
	if (s == NULL)
		return -1;
	while ((rc = db_step(s, e)) == DB_ROW) {
		int more = fn(ctx, db_col_i64(s, 0));
		if (more <= 0) {
			db_reset(s);
			return more;
		}
	}
	return rc < 0 ? -1 : 0;
}

static const char SQL_KEY_OF[] =
	"SELECT sort_key, name_fold, coalesce(tax_code,'') FROM donor WHERE id = ?";

int store_donor_key(struct db *db, int64_t id, struct buf *key, struct buf *fold, struct buf *tax,
		    struct err *e)
{
	struct stmt *s = db_prep(db, SQL_KEY_OF, e);
	size_t n;
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	if ((rc = db_step(s, e)) != DB_ROW)
		return rc;
	const void *k = db_col_blob(s, 0, &n);
	buf_reset(key);
	buf_put(key, k, n);
	buf_reset(fold);
	buf_puts(fold, db_col_text(s, 1));
	buf_reset(tax);
	buf_puts(tax, db_col_text(s, 2));
	db_reset(s);
	return 1;
}

static const char SQL_EXACT[] =
	"SELECT id FROM donor WHERE name_fold = ? ORDER BY sort_key, id LIMIT ?";

int store_donor_exact(struct db *db, const char *fold, int64_t cap, int64_t *ids, int64_t *n,
		      struct err *e)
{
	struct stmt *s = db_prep(db, SQL_EXACT, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, fold);
	db_bind_i64(s, 2, cap);
	*n = 0;
	while ((rc = db_step(s, e)) == DB_ROW)
		ids[(*n)++] = db_col_i64(s, 0);
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
