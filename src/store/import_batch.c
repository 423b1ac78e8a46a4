#include <stdio.h>

#include "store/store.h"

static const char SQL_FIND[] =
	"SELECT imported_at FROM import_batch WHERE kind = ? AND sha256 = ? ORDER BY id LIMIT 1";

int store_import_find(struct db *db, const char *kind, const char *sha256, char *when,
		      size_t when_len, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_FIND, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, kind);
	db_bind_text(s, 2, sha256);
	if ((rc = db_step(s, e)) == DB_ROW) {
		snprintf(when, when_len, "%s", db_col_text(s, 0));
		db_reset(s);
	}
	return rc;
}

static const char SQL_INSERT[] =
	"INSERT INTO import_batch(kind, file_name, sha256, rows_read, rows_stored, rows_skipped,"
	" actor, imported_at) VALUES (?,?,?,0,0,0,?,?)";

int store_import_insert(struct db *db, const char *kind, const char *file, const char *sha256,
			const char *actor, const char *now, int64_t *id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_INSERT, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, kind);
	db_bind_text(s, 2, file);
	db_bind_text(s, 3, sha256);
	db_bind_text(s, 4, actor);
	db_bind_text(s, 5, now);
	if (db_step(s, e) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

static const char SQL_FINISH[] =
	"UPDATE import_batch SET rows_read = ?, rows_stored = ?, rows_skipped = ? WHERE id = ?";

int store_import_finish(struct db *db, int64_t id, int64_t read, int64_t stored, int64_t skipped,
			struct err *e)
{
	struct stmt *s = db_prep(db, SQL_FINISH, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, read);
	db_bind_i64(s, 2, stored);
	db_bind_i64(s, 3, skipped);
	db_bind_i64(s, 4, id);
	return db_step(s, e) < 0 ? -1 : 0;
}
