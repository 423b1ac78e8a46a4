#include <stdio.h>
#include "store/db.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "store/migrate.h"

/* 'ANSH': marks the SQLite file as ours so that another application's
 * database is refused instead of being "migrated". */
#define ANSINH_APPLICATION_ID 0x414E5348
#define STMT_CACHE_SIZE 512 /* power of two */

struct stmt {
	sqlite3_stmt *st;
	struct db *db;
};

struct stmt_slot {
	const char *sql;
	struct stmt s;
};

#define DEFER_TABLES 8

/* The rows kept for one INSERT statement; their texts in text, the
 * value's i the offset. */
struct deferred {
	const char *sql;
	char *multi; /* the same INSERT for DB_DEFER_ROWS rows */
	int ncols, nrows;
	struct db_val val[DB_DEFER_ROWS * DB_DEFER_COLS];
	struct buf text;
};

struct db {
	sqlite3 *h;
	char *path;
	int in_tx;
	int bulk;
	int defer;
	struct deferred *dt[DEFER_TABLES]; /* in the order of their first row */
	int ndt;
	struct stmt_slot cache[STMT_CACHE_SIZE];
};

static int sqlite_fail(struct db *db, struct err *e, const char *what)
{
	return err_fail(e, "%s: %s", what, sqlite3_errmsg(db->h));
}

const char *db_path(const struct db *db)
{
	return db->path;
}

int db_exec(struct db *db, const char *sql, struct err *e)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_fail(e, "database: %s", msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Before SQLite initialises itself: no global count of the memory it
 * allocates, whose mutex every allocation would take — threads of one
 * process (the web server's, an import's reader and writer) would contend
 * for it.  Nothing reads the count. */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int db_open(struct db **out, const char *path, enum db_open_mode mode, struct err *e)
{
	static pthread_once_t setup_once = PTHREAD_ONCE_INIT;
	struct db *db = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	*out = NULL;
	pthread_once(&setup_once, sqlite_setup);
	if (mode == DB_OPEN_EXISTING && !file_exists(path))
		return err_fail(e, "no database at %s (create one with `ansinh init`, or pass --db PATH)", path);
	if (mode == DB_OPEN_CREATE) {
		if (file_exists(path))
			return err_fail(e, "%s already exists", path);
		flags |= SQLITE_OPEN_CREATE;
	}
	db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		err_fail(e, "cannot open %s: %s", path, db->h ? sqlite3_errmsg(db->h) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 10000);
	/* Statement journals (every statement that may abort keeps one) stay in
	 * memory instead of temporary files. */
	int64_t app_id = 0;
	/* Reads go through a memory map (address space only; the kernel's page
	 * cache is shared by every process serving the database) instead of a
	 * pread() and a copy per page. */
	if (db_exec(db, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY;"
		    " PRAGMA mmap_size=4294967296;", e) < 0 ||
	    db_scalar_i64(db, "PRAGMA application_id", NULL, 0, &app_id, e) < 0) {
		/* the first read of the header is where a foreign file shows */
		char why[256];
		snprintf(why, sizeof why, "%s", sqlite3_errmsg(db->h));
		err_clear(e);
		err_fail(e, "%s is not an ansinh database (%s)", path, why);
		goto fail;
	}
	if (mode == DB_OPEN_CREATE) {
		char sql[96];
		snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA journal_mode=WAL;",
			 ANSINH_APPLICATION_ID);
		if (db_exec(db, sql, e) < 0)
			goto fail;
	} else if (app_id != ANSINH_APPLICATION_ID) {
		err_fail(e, "%s is not an ansinh database", path);
		goto fail;
	} else if (db_exec(db, "PRAGMA journal_mode=WAL;", e) < 0) {
		goto fail;
	}
	if (db_migrate(db, e) < 0)
		goto fail;
	*out = db;
	return 0;
fail:
	db_close(db);
	return -1;
}

void db_close(struct db *db)
{
	if (db == NULL)
		return;
	for (int i = 0; i < STMT_CACHE_SIZE; i++)
		if (db->cache[i].sql)
			sqlite3_finalize(db->cache[i].s.st);
	if (db->in_tx)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db->h);
	for (int i = 0; i < db->ndt; i++) {
		free(db->dt[i]->multi);
		buf_free(&db->dt[i]->text);
		free(db->dt[i]);
	}
	free(db->path);
	free(db);
}

/* The cached statement of sql, reset; its parameters cleared when clear
 * (a caller that binds every one of them skips that: the INSERT of
 * DB_DEFER_ROWS rows has thousands). */
static struct stmt *prep(struct db *db, const char *sql, int clear, struct err *e)
{
	size_t h = ((uintptr_t)sql >> 3) * 0x9E3779B97F4A7C15u;
	for (size_t n = 0; n < STMT_CACHE_SIZE; n++) {
		struct stmt_slot *slot = &db->cache[(h + n) & (STMT_CACHE_SIZE - 1)];
		if (slot->sql == sql) {
			sqlite3_reset(slot->s.st);
			if (clear)
				sqlite3_clear_bindings(slot->s.st);
			return &slot->s;
		}
		if (slot->sql == NULL) {
			if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT,
					       &slot->s.st, NULL) != SQLITE_OK) {
				sqlite_fail(db, e, "database");
				return NULL;
			}
			slot->sql = sql;
			slot->s.db = db;
			return &slot->s;
		}
	}
	fatal("statement cache full (%d statements)", STMT_CACHE_SIZE);
}

struct stmt *db_prep(struct db *db, const char *sql, struct err *e)
{
	return prep(db, sql, 1, e);
}

int db_step(struct stmt *s, struct err *e)
{
	int rc = sqlite3_step(s->st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s->st);
		return DB_DONE;
	}
	/* Trigger RAISE messages and constraint names are the useful part. */
	err_fail(e, "database: %s", sqlite3_errmsg(s->db->h));
	sqlite3_reset(s->st);
	return -1;
}

void db_reset(struct stmt *s)
{
	sqlite3_reset(s->st);
}

void db_bind_i64(struct stmt *s, int idx, int64_t v)
{
	sqlite3_bind_int64(s->st, idx, v);
}

void db_bind_text(struct stmt *s, int idx, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(s->st, idx);
	else
		sqlite3_bind_text(s->st, idx, v, -1, SQLITE_TRANSIENT);
}

void db_bind_text_static(struct stmt *s, int idx, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(s->st, idx);
	else
		sqlite3_bind_text(s->st, idx, v, -1, SQLITE_STATIC);
}

void db_bind_blob(struct stmt *s, int idx, const void *p, size_t n)
{
	sqlite3_bind_blob64(s->st, idx, p, n, SQLITE_TRANSIENT);
}

void db_bind_null(struct stmt *s, int idx)
{
	sqlite3_bind_null(s->st, idx);
}

int db_col_null(struct stmt *s, int col)
{
	return sqlite3_column_type(s->st, col) == SQLITE_NULL;
}

int64_t db_col_i64(struct stmt *s, int col)
{
	return sqlite3_column_int64(s->st, col);
}

const char *db_col_text(struct stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s->st, col);
	return t ? (const char *)t : "";
}

const void *db_col_blob(struct stmt *s, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(s->st, col);
	*n = (size_t)sqlite3_column_bytes(s->st, col);
	return p;
}

static int begin(struct db *db, const char *sql, struct err *e)
{
	if (db->in_tx)
		fatal("nested transaction");
	if (db_exec(db, sql, e) < 0)
		return -1;
	db->in_tx = 1;
	return 0;
}

int db_begin(struct db *db, struct err *e)
{
	return begin(db, "BEGIN IMMEDIATE", e);
}

int db_begin_read(struct db *db, struct err *e)
{
	return begin(db, "BEGIN", e);
}

/* Called after COMMIT or ROLLBACK, outside the transaction. */
static void restore_durability(struct db *db)
{
	for (int i = 0; i < db->ndt; i++) {
		db->dt[i]->nrows = 0;
		buf_reset(&db->dt[i]->text);
	}
	db->defer = 0;
	if (db->bulk) {
		sqlite3_exec(db->h, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
		sqlite3_exec(db->h, "PRAGMA cache_size=-2000", NULL, NULL, NULL);
		sqlite3_exec(db->h, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
		db->bulk = 0;
	}
}

int db_commit(struct db *db, struct err *e)
{
	int rc = db_defer_flush(db, e) < 0 ? -1 : db_exec(db, "COMMIT", e);
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	db->in_tx = 0;
	restore_durability(db);
	return 0;
}

void db_rollback(struct db *db)
{
	if (db->in_tx)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
	restore_durability(db);
}

int db_in_tx(struct db *db)
{
	return db->in_tx;
}

/* Foreign keys: the bulk writers (import, demo) take every id they write
 * from the database or from rows they have just inserted, so the per-row
 * checks only cost time (about a fifth of an import); verify runs
 * foreign_key_check over everything.
 *
 * A bulk import is one transaction: with WAL, synchronous=NORMAL still makes
 * the commit atomic (a crash loses the whole import or nothing), it only
 * gives up durability of the very last commit, which the user sees as "the
 * import did not happen" and can rerun safely. */
void db_bulk_mode(struct db *db, int on)
{
	if (on && !db->bulk) {
		/* SQLite refuses to change synchronous inside a transaction. */
		if (db->in_tx)
			fatal("db_bulk_mode must be called before db_begin");
		/* and a 64 MiB page cache so a big import does not spill to the WAL
		 * half-way through */
		if (sqlite3_exec(db->h, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(db->h, "PRAGMA cache_size=-65536", NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(db->h, "PRAGMA foreign_keys=OFF", NULL, NULL, NULL) != SQLITE_OK)
			fatal("bulk mode: %s", sqlite3_errmsg(db->h));
		db->bulk = 1;
	} else if (!on) {
		restore_durability(db);
	}
}

int64_t db_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int db_changes(struct db *db)
{
	return sqlite3_changes(db->h);
}

int db_scalar_i64(struct db *db, const char *sql, const char *param, int64_t dflt,
		  int64_t *out, struct err *e)
{
	struct stmt *s = db_prep(db, sql, e);
	if (s == NULL)
		return -1;
	if (param)
		db_bind_text(s, 1, param);
	int rc = db_step(s, e);
	if (rc < 0)
		return -1;
	*out = (rc == DB_ROW && !db_col_null(s, 0)) ? db_col_i64(s, 0) : dflt;
	if (rc == DB_ROW)
		db_reset(s);
	return 0;
}

/* ---- inserts of many rows ----------------------------------------------- */

static void bind_val(struct stmt *s, int idx, const struct db_val *v)
{
	if (v->type == DB_VAL_INT)
		sqlite3_bind_int64(s->st, idx, v->i);
	else if (v->type == DB_VAL_TEXT)
		sqlite3_bind_text(s->st, idx, v->s, v->len, SQLITE_STATIC);
	else
		sqlite3_bind_null(s->st, idx);
}

static int insert_now(struct db *db, const char *sql, const struct db_val *v, int n,
		      struct err *e)
{
	struct stmt *s = prep(db, sql, 0, e); /* every parameter bound below */
	if (s == NULL)
		return -1;
	if (sqlite3_bind_parameter_count(s->st) != n)
		fatal("db_insert: %d values for %d parameters: %s", n,
		      sqlite3_bind_parameter_count(s->st), sql);
	for (int i = 0; i < n; i++)
		bind_val(s, i + 1, &v[i]);
	return db_step(s, e) < 0 ? -1 : 0;
}

/* sql with its "(?,...)" repeated for DB_DEFER_ROWS rows, as INSERT OR
 * ROLLBACK: a constraint failing ends the whole transaction (what a bulk
 * writer does with any error anyway), so SQLite keeps no statement
 * journal to undo the statement's first rows, a copy of every page it
 * touches. */
static char *multi_row_sql(const char *sql)
{
	const char *tuple = strstr(sql, " VALUES (");
	struct buf b = BUF_INIT;
	if (strncmp(sql, "INSERT INTO ", 12) != 0 || tuple == NULL || strchr(tuple, ')') == NULL)
		fatal("db_insert: not a one-row INSERT: %s", sql);
	tuple += strlen(" VALUES ");
	size_t len = (size_t)(strchr(tuple, ')') - tuple) + 1;
	buf_puts(&b, "INSERT OR ROLLBACK INTO ");
	buf_puts(&b, sql + 12);
	for (int r = 1; r < DB_DEFER_ROWS; r++) {
		buf_putc(&b, ',');
		buf_put(&b, tuple, len);
	}
	return buf_detach(&b);
}

static struct deferred *deferred_for(struct db *db, const char *sql, int n)
{
	for (int i = 0; i < db->ndt; i++)
		if (db->dt[i]->sql == sql)
			return db->dt[i];
	if (db->ndt == DEFER_TABLES || n > DB_DEFER_COLS)
		fatal("db_insert: more than %d statements or %d columns deferred", DEFER_TABLES,
		      DB_DEFER_COLS);
	struct deferred *d = xcalloc(1, sizeof *d);
	d->sql = sql;
	d->ncols = n;
	d->multi = multi_row_sql(sql);
	return db->dt[db->ndt++] = d;
}

static int deferred_flush(struct db *db, struct deferred *d, struct err *e)
{
	struct db_val *v = d->val;
	for (int i = 0; i < d->nrows * d->ncols; i++)
		if (v[i].type == DB_VAL_TEXT)
			v[i].s = d->text.p + v[i].i;
	int rc = 0;
	if (d->nrows == DB_DEFER_ROWS) {
		rc = insert_now(db, d->multi, v, d->nrows * d->ncols, e);
	} else {
		for (int r = 0; r < d->nrows && rc == 0; r++)
			rc = insert_now(db, d->sql, v + r * d->ncols, d->ncols, e);
	}
	d->nrows = 0;
	buf_reset(&d->text);
	return rc;
}

int db_insert(struct db *db, const char *sql, const struct db_val *v, int n, struct err *e)
{
	if (!db->defer)
		return insert_now(db, sql, v, n, e);
	struct deferred *d = deferred_for(db, sql, n);
	if (d->ncols != n)
		fatal("db_insert: %d values for a statement of %d", n, d->ncols);
	struct db_val *row = d->val + d->nrows * n;
	for (int i = 0; i < n; i++) {
		row[i] = v[i];
		if (v[i].type == DB_VAL_TEXT) {
			size_t len = v[i].len >= 0 ? (size_t)v[i].len : strlen(v[i].s);
			if (len > INT32_MAX)
				fatal("db_insert: a text of %zu bytes", len);
			row[i].i = (int64_t)d->text.len;
			row[i].len = (int)len;
			row[i].s = NULL;
			buf_put(&d->text, v[i].s, len + 1);
		}
	}
	if (++d->nrows < DB_DEFER_ROWS)
		return 0;
	return deferred_flush(db, d, e);
}

void db_defer(struct db *db)
{
	if (!db->in_tx || !db->bulk)
		fatal("db_defer outside a bulk transaction");
	db->defer = 1;
}

int db_defer_flush(struct db *db, struct err *e)
{
	for (int i = 0; i < db->ndt; i++)
		if (db->dt[i]->nrows && deferred_flush(db, db->dt[i], e) < 0)
			return -1;
	return 0;
}
