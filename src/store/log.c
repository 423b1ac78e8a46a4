/* The transparency log's rows (schema: migrations/0002_log.sql).  SQL only;
 * src/ledger/log.c decides what the rows mean. */
#include <stdio.h>
#include <string.h>

#include "store/store.h"

#define HASH 32

/* ---- settings ------------------------------------------------------------ */

static const char SQL_SETTING_GET[] = "SELECT value FROM setting WHERE key = ?";
static const char SQL_SETTING_SET[] =
	"INSERT INTO setting(key, value) VALUES (?1, ?2)"
	" ON CONFLICT(key) DO UPDATE SET value = excluded.value";

int store_setting_get(struct db *db, const char *key, struct buf *out, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SETTING_GET, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, key);
	if ((rc = db_step(s, e)) == DB_ROW) {
		buf_reset(out);
		buf_puts(out, db_col_text(s, 0));
		db_reset(s);
	}
	return rc;
}

int store_setting_set(struct db *db, const char *key, const char *value, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SETTING_SET, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, key);
	db_bind_text(s, 2, value);
	return db_step(s, e) < 0 ? -1 : 0;
}

/* ---- tile rows --------------------------------------------------------------- */

#define SALT_BYTES (STORE_LOG_SALTS * HASH)
/* id of a tile row: level * 2^56 + n (the schema checks it). */
#define ROW_ID(level, n) (((int64_t)(level) << 56) + (n))

static const char SQL_ROW_GET[] = "SELECT hashes, upper FROM log_tile WHERE id = ?";
static const char SQL_ROW_NEW[] =
	"INSERT INTO log_tile(id, level, n, hashes, upper) VALUES (?1, ?2, ?3, ?4, ?5)";
/* `||` yields TEXT even between blobs; CAST keeps the bytes and makes it a
 * blob again (length() of a text stops at the first zero byte).
 * Appends only when the row holds exactly what the caller has, so two
 * writers (or a bug) can never leave a hole or overwrite. */
static const char SQL_ROW_ADD[] =
	"UPDATE log_tile SET hashes = CAST(hashes || ?2 AS BLOB), upper = CAST(upper || ?3 AS BLOB)"
	" WHERE id = ?1 AND length(hashes) = ?4 AND length(upper) = ?5";
static const char SQL_ROW_LAST[] = "SELECT n, length(hashes), length(upper) FROM log_tile"
				   " WHERE id >= ?1 AND id < ?2 ORDER BY id DESC LIMIT 1";

/* Copies a blob of whole hashes into out, at most max of them. */
static void copy_hashes(struct stmt *s, int col, uint8_t *out, int max, int *count)
{
	size_t n;
	const void *p = db_col_blob(s, col, &n);
	if (n > (size_t)max * HASH)
		n = (size_t)max * HASH;
	n -= n % HASH;
	if (n)
		memcpy(out, p, n);
	*count = (int)(n / HASH);
}

int store_log_row_get(struct db *db, int level, int64_t n, struct store_log_row *out,
		      struct err *e)
{
	struct stmt *s = db_prep(db, SQL_ROW_GET, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, ROW_ID(level, n));
	out->nb = out->nu = 0;
	if ((rc = db_step(s, e)) == DB_ROW) {
		copy_hashes(s, 0, &out->b[0][0], STORE_LOG_TILE_WIDTH, &out->nb);
		copy_hashes(s, 1, &out->u[0][0], STORE_LOG_TILE_UPPER, &out->nu);
		db_reset(s);
	}
	return rc;
}

int store_log_row_append(struct db *db, int level, int64_t n, int boff, const uint8_t *b, int bcnt,
			 int uoff, const uint8_t *u, int ucnt, struct err *e)
{
	static const uint8_t none[1];
	struct stmt *s;
	/* a blob bound from NULL would be SQL NULL, not an empty blob */
	if (ucnt == 0)
		u = none;
	if (boff == 0) {
		if ((s = db_prep(db, SQL_ROW_NEW, e)) == NULL)
			return -1;
		db_bind_i64(s, 1, ROW_ID(level, n));
		db_bind_i64(s, 2, level);
		db_bind_i64(s, 3, n);
		db_bind_blob(s, 4, b, (size_t)bcnt * HASH);
		db_bind_blob(s, 5, u, (size_t)ucnt * HASH);
		if (db_step(s, e) < 0) {
			err_prefix(e, "log: tile row %d/%lld: ", level, (long long)n);
			return -1;
		}
		return 0;
	}
	if (bcnt == 0)
		b = none;
	if ((s = db_prep(db, SQL_ROW_ADD, e)) == NULL)
		return -1;
	db_bind_i64(s, 1, ROW_ID(level, n));
	db_bind_blob(s, 2, b, (size_t)bcnt * HASH);
	db_bind_blob(s, 3, u, (size_t)ucnt * HASH);
	db_bind_i64(s, 4, (int64_t)boff * HASH);
	db_bind_i64(s, 5, (int64_t)uoff * HASH);
	if (db_step(s, e) < 0)
		return -1;
	if (db_changes(db) != 1)
		return err_fail(e, "log: tile row %d/%lld does not hold %d and %d hashes: the stored "
				"tree is out of step", level, (long long)n, boff, uoff);
	return 0;
}

int store_log_row_last(struct db *db, int level, int64_t *n, int *nb, int *nu, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_ROW_LAST, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, ROW_ID(level, 0));
	db_bind_i64(s, 2, ROW_ID(level + 1, 0));
	if ((rc = db_step(s, e)) == DB_ROW) {
		*n = db_col_i64(s, 0);
		*nb = (int)(db_col_i64(s, 1) / HASH);
		*nu = (int)(db_col_i64(s, 2) / HASH);
		db_reset(s);
	}
	return rc;
}

/* ---- salts ------------------------------------------------------------------- */

static const char SQL_SALT_GET[] = "SELECT salts FROM log_salt WHERE n = ?";
static const char SQL_SALT_BLANK[] =
	"UPDATE log_salt SET salts = CAST(substr(salts, 1, ?2) || zeroblob(32) || substr(salts, ?2 + 33)"
	" AS BLOB) WHERE n = ?1 AND length(salts) >= ?2 + 32 AND substr(salts, ?2 + 1, 32) <> zeroblob(32)";
static const char SQL_SALT_LAST[] = "SELECT n, length(salts) FROM log_salt ORDER BY n DESC LIMIT 1";
static const char SQL_ERASED_NEW[] =
	"INSERT INTO log_erased(leaf, commitment, erased_at) VALUES (?, ?, ?)";
static const char SQL_ERASED_GET[] = "SELECT commitment FROM log_erased WHERE leaf = ?";

int store_log_salt_get(struct db *db, int64_t n, uint8_t *salts, int *count, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SALT_GET, e);
	int rc;
	if (s == NULL)
		return -1;
	memset(salts, 0, SALT_BYTES);
	*count = 0;
	db_bind_i64(s, 1, n);
	if ((rc = db_step(s, e)) == DB_ROW) {
		copy_hashes(s, 0, salts, STORE_LOG_SALTS, count);
		db_reset(s);
	}
	return rc;
}

int store_log_salt_blank(struct db *db, int64_t n, int slot, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SALT_BLANK, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, n);
	db_bind_i64(s, 2, (int64_t)slot * HASH);
	if (db_step(s, e) < 0)
		return -1;
	return db_changes(db) == 1;
}

int store_log_salt_last(struct db *db, int64_t *n, int *count, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SALT_LAST, e);
	int rc;
	if (s == NULL)
		return -1;
	if ((rc = db_step(s, e)) == DB_ROW) {
		*n = db_col_i64(s, 0);
		*count = (int)(db_col_i64(s, 1) / HASH);
		db_reset(s);
	}
	return rc;
}

int store_log_erased_insert(struct db *db, int64_t leaf, const uint8_t commitment[32],
			    const char *now, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_ERASED_NEW, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, leaf);
	db_bind_blob(s, 2, commitment, HASH);
	db_bind_text(s, 3, now);
	return db_step(s, e) < 0 ? -1 : 0;
}

int store_log_erased_get(struct db *db, int64_t leaf, uint8_t commitment[32], struct err *e)
{
	struct stmt *s = db_prep(db, SQL_ERASED_GET, e);
	int rc, count = 0;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, leaf);
	if ((rc = db_step(s, e)) == DB_ROW) {
		copy_hashes(s, 0, commitment, 1, &count);
		db_reset(s);
		if (count != 1)
			memset(commitment, 0, HASH);
	}
	return rc;
}

/* A statement over the rows from ?1 to ?2, bound. */
static struct stmt *prep_range(struct db *db, const char *sql, int64_t from, int64_t to,
			       struct err *e)
{
	struct stmt *s = db_prep(db, sql, e);
	if (s) {
		db_bind_i64(s, 1, from);
		db_bind_i64(s, 2, to);
	}
	return s;
}

/* ---- salt seeds (schema 12) ------------------------------------------------- */

static const char SQL_SALT_PUT[] =
	"INSERT INTO log_salt(n, salts) VALUES (?1, ?2)"
	" ON CONFLICT(n) DO UPDATE SET salts = excluded.salts";
static const char SQL_SEED_NEW[] = "INSERT INTO log_seed(leaf, seed) VALUES (?, ?)";
static const char SQL_SEED_EACH[] =
	"SELECT leaf, seed FROM log_seed WHERE leaf >= ?1 AND leaf < ?2 ORDER BY leaf";
static const char SQL_SEED_BLANK[] = "UPDATE log_seed SET seed = zeroblob(32)"
				     " WHERE leaf = ? AND seed <> zeroblob(32)";
static const char SQL_SEED_LAST[] = "SELECT coalesce(max(leaf), -1) FROM log_seed";

int store_log_salt_put(struct db *db, int64_t n, const uint8_t *salts, int count, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SALT_PUT, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, n);
	db_bind_blob(s, 2, salts, (size_t)count * HASH);
	return db_step(s, e) < 0 ? -1 : 0;
}

int store_log_seed_insert(struct db *db, int64_t leaf, const uint8_t seed[32], struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SEED_NEW, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, leaf);
	db_bind_blob(s, 2, seed, HASH);
	if (db_step(s, e) < 0) {
		err_prefix(e, "log: salt seed of leaf %lld: ", (long long)leaf);
		return -1;
	}
	return 0;
}

int store_log_seeds(struct db *db, int64_t from, int64_t to, log_seed_fn fn, void *ctx,
		    struct err *e)
{
	struct stmt *s = prep_range(db, SQL_SEED_EACH, from, to, e);
	int rc;
	if (s == NULL)
		return -1;
	while ((rc = db_step(s, e)) == DB_ROW) {
		size_t n;
		const void *seed = db_col_blob(s, 1, &n);
		if (fn(ctx, db_col_i64(s, 0), n == HASH ? seed : NULL) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

int store_log_seed_blank(struct db *db, int64_t leaf, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SEED_BLANK, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, leaf);
	if (db_step(s, e) < 0)
		return -1;
	return db_changes(db) == 1;
}

int store_log_seed_last(struct db *db, int64_t *leaf, struct err *e)
{
	return db_scalar_i64(db, SQL_SEED_LAST, NULL, 0, leaf, e);
}

/* ---- codes, donors, receipts ----------------------------------------------- */

static const char SQL_CAMPAIGN_CODE[] = "SELECT code FROM campaign WHERE id = ?";
static const char SQL_UNIT_CODE[] = "SELECT code FROM unit WHERE id = ?";
static const char SQL_ACCOUNTS[] = "SELECT id, code FROM account ORDER BY id";
static const char SQL_DONOR_IDENTITY[] =
	"SELECT name, coalesce(tax_code, '') FROM donor WHERE id = ?";
static const char SQL_RECEIPT[] = "SELECT id, donor_id FROM contribution WHERE receipt_no = ?";
static const char SQL_EXTENT[] = "SELECT coalesce(max(id), 0), count(*) FROM journal_entry";

static int code_by_id(struct db *db, const char *sql, int64_t id, char out[CODE_MAX + 1],
		      struct err *e)
{
	struct stmt *s = db_prep(db, sql, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	if ((rc = db_step(s, e)) == DB_ROW) {
		snprintf(out, CODE_MAX + 1, "%s", db_col_text(s, 0));
		db_reset(s);
	}
	return rc;
}

int store_log_campaign_code(struct db *db, int64_t id, char out[CODE_MAX + 1], struct err *e)
{
	return code_by_id(db, SQL_CAMPAIGN_CODE, id, out, e);
}

int store_log_unit_code(struct db *db, int64_t id, char out[CODE_MAX + 1], struct err *e)
{
	return code_by_id(db, SQL_UNIT_CODE, id, out, e);
}

int store_log_accounts(struct db *db, log_account_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_ACCOUNTS, e);
	int rc;
	if (s == NULL)
		return -1;
	while ((rc = db_step(s, e)) == DB_ROW) {
		if (fn(ctx, db_col_i64(s, 0), db_col_text(s, 1)) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

int store_log_donor_identity(struct db *db, int64_t donor_id, struct buf *name, struct buf *tax,
			     struct err *e)
{
	struct stmt *s = db_prep(db, SQL_DONOR_IDENTITY, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, donor_id);
	if ((rc = db_step(s, e)) == DB_ROW) {
		buf_reset(name);
		buf_puts(name, db_col_text(s, 0));
		buf_reset(tax);
		buf_puts(tax, db_col_text(s, 1));
		db_reset(s);
	}
	return rc;
}

int store_log_receipt(struct db *db, const char *receipt, int64_t *entry_id, int64_t *donor_id,
		      struct err *e)
{
	struct stmt *s = db_prep(db, SQL_RECEIPT, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, receipt);
	if ((rc = db_step(s, e)) == DB_ROW) {
		*entry_id = db_col_i64(s, 0);
		*donor_id = db_col_i64(s, 1);
		db_reset(s);
	}
	return rc;
}

int store_log_journal_extent(struct db *db, int64_t *max_id, int64_t *count, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_EXTENT, e);
	int rc;
	if (s == NULL)
		return -1;
	if ((rc = db_step(s, e)) != DB_ROW)
		return rc < 0 ? -1 : err_fail(e, "log: cannot count the journal");
	*max_id = db_col_i64(s, 0);
	*count = db_col_i64(s, 1);
	db_reset(s);
	return 0;
}

/* LEFT JOINs throughout: a row whose campaign, unit or donor has gone
 * (foreign keys off) still comes back, and its leaf then fails to match. */
static const char SQL_ENTRIES[] =
	"SELECT j.id, j.kind, j.entry_date, j.recorded_at, c.code, j.debit_account,"
	" j.credit_account, j.amount, u.code, coalesce(j.reverses_id, 0), k.receipt_no,"
	" coalesce(k.donor_id, 0), d.name, d.tax_code"
	" FROM journal_entry j LEFT JOIN campaign c ON c.id = j.campaign_id"
	" LEFT JOIN unit u ON u.id = j.unit_id LEFT JOIN contribution k ON k.id = j.id"
	" LEFT JOIN donor d ON d.id = k.donor_id"
	" WHERE j.id >= ?1 AND j.id <= ?2 ORDER BY j.id";

static const char *text_or_null(struct stmt *s, int col)
{
	return db_col_null(s, col) ? NULL : db_col_text(s, col);
}

int store_log_entries(struct db *db, int64_t from, int64_t to, log_entry_fn fn, void *ctx,
		      struct err *e)
{
	struct stmt *s = prep_range(db, SQL_ENTRIES, from, to, e);
	int rc;
	if (s == NULL)
		return -1;
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct log_entry_row r = {
			.id = db_col_i64(s, 0),
			.kind = db_col_text(s, 1),
			.date = db_col_text(s, 2),
			.recorded = db_col_text(s, 3),
			.campaign = text_or_null(s, 4),
			.debit_account = db_col_i64(s, 5),
			.credit_account = db_col_i64(s, 6),
			.amount = db_col_i64(s, 7),
			.unit = text_or_null(s, 8),
			.reverses_id = db_col_i64(s, 9),
			.receipt = text_or_null(s, 10),
			.donor_id = db_col_i64(s, 11),
			.donor_name = text_or_null(s, 12),
			.donor_tax = text_or_null(s, 13),
		};
		if (fn(ctx, &r) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

/* ---- keys -------------------------------------------------------------------- */

#define KEY_COLS "SELECT id, name, vkey, skey, created_at, retired_at FROM log_key"
static const char SQL_KEY_EACH[] = KEY_COLS " ORDER BY id";
static const char SQL_KEY_ACTIVE[] = KEY_COLS " WHERE retired_at IS NULL ORDER BY id DESC LIMIT 1";
static const char SQL_KEY_INSERT[] =
	"INSERT INTO log_key(name, vkey, skey, created_at) VALUES (?, ?, ?, ?)";
static const char SQL_KEY_RETIRE[] =
	"UPDATE log_key SET retired_at = ?2, skey = NULL WHERE id = ?1 AND retired_at IS NULL";

static int key_rows(struct stmt *s, log_key_fn fn, void *ctx, struct err *e)
{
	int rc, n = 0;
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct log_key_row k = {
			.id = db_col_i64(s, 0),
			.name = db_col_text(s, 1),
			.vkey = db_col_text(s, 2),
			.skey = text_or_null(s, 3),
			.created_at = db_col_text(s, 4),
			.retired_at = text_or_null(s, 5),
		};
		n++;
		if (fn(ctx, &k) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : n;
}

int store_log_key_each(struct db *db, log_key_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_KEY_EACH, e);
	if (s == NULL)
		return -1;
	return key_rows(s, fn, ctx, e) < 0 ? -1 : 0;
}

int store_log_key_active(struct db *db, log_key_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_KEY_ACTIVE, e);
	if (s == NULL)
		return -1;
	int n = key_rows(s, fn, ctx, e);
	return n < 0 ? -1 : n > 0;
}

int store_log_key_insert(struct db *db, const char *name, const char *vkey, const char *skey,
			 const char *now, int64_t *id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_KEY_INSERT, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, name);
	db_bind_text(s, 2, vkey);
	db_bind_text(s, 3, skey);
	db_bind_text(s, 4, now);
	if (db_step(s, e) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

int store_log_key_retire(struct db *db, int64_t id, const char *now, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_KEY_RETIRE, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, now);
	return db_step(s, e) < 0 ? -1 : 0;
}

/* ---- checkpoints ------------------------------------------------------------- */

#define CP_COLS "SELECT id, size, root, key_id, signed_at, note FROM log_checkpoint"
static const char SQL_CP_INSERT[] =
	"INSERT INTO log_checkpoint(size, root, key_id, signed_at, note) VALUES (?, ?, ?, ?, ?)";
static const char SQL_CP_LATEST[] = CP_COLS " ORDER BY id DESC LIMIT 1";
static const char SQL_CP_BY_SIZE[] = CP_COLS " WHERE size = ? ORDER BY id DESC LIMIT 1";
static const char SQL_CP_EACH[] = CP_COLS " ORDER BY id";

static int checkpoint_rows(struct stmt *s, log_checkpoint_fn fn, void *ctx, struct err *e)
{
	int rc, n = 0;
	while ((rc = db_step(s, e)) == DB_ROW) {
		size_t rootlen;
		const void *root = db_col_blob(s, 2, &rootlen);
		const char *note = db_col_text(s, 5);
		struct log_checkpoint_row c = {
			.id = db_col_i64(s, 0),
			.size = db_col_i64(s, 1),
			.root = rootlen == HASH ? root : NULL,
			.key_id = db_col_i64(s, 3),
			.signed_at = db_col_text(s, 4),
			.note = note,
			.note_len = strlen(note),
		};
		n++;
		if (fn(ctx, &c) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : n;
}

int store_log_checkpoint_insert(struct db *db, int64_t size, const uint8_t root[32], int64_t key_id,
				const char *now, const char *note, size_t note_len, int64_t *id,
				struct err *e)
{
	struct stmt *s = db_prep(db, SQL_CP_INSERT, e);
	(void)note_len;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, size);
	db_bind_blob(s, 2, root, HASH);
	db_bind_i64(s, 3, key_id);
	db_bind_text(s, 4, now);
	db_bind_text(s, 5, note);
	if (db_step(s, e) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

int store_log_checkpoint_latest(struct db *db, int64_t size, log_checkpoint_fn fn, void *ctx,
				struct err *e)
{
	struct stmt *s = db_prep(db, size > 0 ? SQL_CP_BY_SIZE : SQL_CP_LATEST, e);
	if (s == NULL)
		return -1;
	if (size > 0)
		db_bind_i64(s, 1, size);
	int n = checkpoint_rows(s, fn, ctx, e);
	return n < 0 ? -1 : n > 0;
}

int store_log_checkpoint_each(struct db *db, log_checkpoint_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_CP_EACH, e);
	if (s == NULL)
		return -1;
	return checkpoint_rows(s, fn, ctx, e) < 0 ? -1 : 0;
}
