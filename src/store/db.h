/* The thin database layer: every SQL statement in ansinh goes through these
 * calls with bound parameters.  SQL text lives in src/store/ only; the domain
 * code calls the store_* functions built on top of this.
 *
 * Statements are cached per connection, keyed by the address of the SQL
 * string, so callers pass string literals or static arrays and never
 * finalize.  db_prep() hands out the statement reset and unbound; db_step()
 * resets it by itself when it returns DB_DONE or an error, so a caller that
 * stops reading early must call db_reset(). */
#ifndef ANSINH_STORE_DB_H
#define ANSINH_STORE_DB_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct db;
struct stmt;

enum { DB_DONE = 0, DB_ROW = 1 };

enum db_open_mode {
	DB_OPEN_EXISTING, /* refuse when the file does not exist */
	DB_OPEN_CREATE,   /* create a new database (init) */
};

/* Opens the database, sets WAL, foreign keys and synchronous=FULL, checks it
 * is an ansinh database and brings its schema up to date (refusing one from a
 * newer ansinh).  *out is owned by the caller: db_close(). */
int db_open(struct db **out, const char *path, enum db_open_mode mode, struct err *e);
void db_close(struct db *db);
const char *db_path(const struct db *db);

/* Runs SQL with no parameters (several statements allowed). */
int db_exec(struct db *db, const char *sql, struct err *e);

struct stmt *db_prep(struct db *db, const char *sql, struct err *e);
int db_step(struct stmt *s, struct err *e);
void db_reset(struct stmt *s);

void db_bind_i64(struct stmt *s, int idx, int64_t v);
void db_bind_text(struct stmt *s, int idx, const char *v); /* NULL binds NULL */
/* The same without a copy, for the rows of bulk writes: v must stay
 * unchanged until the db_step() that follows has returned. */
void db_bind_text_static(struct stmt *s, int idx, const char *v);
void db_bind_blob(struct stmt *s, int idx, const void *p, size_t n);
void db_bind_null(struct stmt *s, int idx);

int db_col_null(struct stmt *s, int col);
int64_t db_col_i64(struct stmt *s, int col);
const char *db_col_text(struct stmt *s, int col); /* "" for NULL */
const void *db_col_blob(struct stmt *s, int col, size_t *n);

/* Writers: BEGIN IMMEDIATE so two writers never deadlock half-way. */
int db_begin(struct db *db, struct err *e);
int db_commit(struct db *db, struct err *e);
/* A read transaction (ended by db_rollback): every read sees the database
 * as it was at the first one, and takes no lock of its own. */
int db_begin_read(struct db *db, struct err *e);
void db_rollback(struct db *db);
int db_in_tx(struct db *db);
/* Bulk loads (one transaction of many rows whose references the caller has
 * resolved itself) relax durability to NORMAL and turn foreign-key
 * enforcement off for that transaction; `ansinh verify` checks every foreign
 * key afterwards.  Call before db_begin; db_commit/db_rollback restore the
 * defaults. */
void db_bulk_mode(struct db *db, int on);

/* Inserts of many rows.  db_insert() runs sql, a one-row INSERT whose
 * VALUES are n parameters, with v; NULL text binds NULL.  While deferring
 * (db_defer(), inside a bulk transaction) the row is kept instead and the
 * rows of one statement are written DB_DEFER_ROWS at a time by one
 * multi-row INSERT: one statement run instead of DB_DEFER_ROWS, the
 * tables' cursors opened once.  Kept rows are not visible to reads until
 * db_defer_flush(), which db_commit() runs first; db_rollback() drops them
 * and stops deferring, as db_commit() does.  A constraint failing in a kept
 * row is reported by the flush (the caller checks its rows before). */
#define DB_DEFER_ROWS 128
#define DB_DEFER_COLS 16
enum db_val_type { DB_VAL_NULL, DB_VAL_INT, DB_VAL_TEXT };
struct db_val {
	enum db_val_type type;
	int len; /* of a text in bytes, -1 unknown */
	int64_t i;
	const char *s;
};
static inline struct db_val db_val_int(int64_t v) { return (struct db_val){DB_VAL_INT, -1, v, NULL}; }
/* 0 binds NULL: an optional reference */
static inline struct db_val db_val_id(int64_t v)
{
	return (struct db_val){v ? DB_VAL_INT : DB_VAL_NULL, -1, v, NULL};
}
static inline struct db_val db_val_text(const char *v)
{
	return (struct db_val){v ? DB_VAL_TEXT : DB_VAL_NULL, -1, 0, v};
}
int db_insert(struct db *db, const char *sql, const struct db_val *v, int n, struct err *e);
void db_defer(struct db *db);
int db_defer_flush(struct db *db, struct err *e);

int64_t db_last_id(struct db *db);
int db_changes(struct db *db);

/* Scalar helpers: run sql with one optional text parameter and read one
 * integer.  Return 0 and set *out (to dflt when no row), or -1 with e set. */
int db_scalar_i64(struct db *db, const char *sql, const char *param, int64_t dflt,
		  int64_t *out, struct err *e);

#endif
