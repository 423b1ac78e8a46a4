#include "store/migrate.h"

#include <stdio.h>

#include "store/db.h"

static const char SQL_CREATE[] =
	"CREATE TABLE IF NOT EXISTS schema_migration("
	" version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
	" applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))";
static const char SQL_VERSION[] = "SELECT max(version) FROM schema_migration";
static const char SQL_RECORD[] = "INSERT INTO schema_migration(version, name) VALUES (?, ?)";

int db_schema_version(struct db *db, int *out, struct err *e)
{
	int64_t v;
	if (db_scalar_i64(db, SQL_VERSION, NULL, 0, &v, e) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

int db_migrate(struct db *db, struct err *e)
{
	int have;
	if (db_exec(db, SQL_CREATE, e) < 0 || db_schema_version(db, &have, e) < 0)
		return -1;
	if (have > migrations_count)
		return err_fail(e, "%s has schema version %d, newer than this ansinh knows (%d): "
				"use a newer ansinh", db_path(db), have, migrations_count);
	/* versions are consecutive from 1 (tools/embed.c checks the file names) */
	for (int i = have; i < migrations_count; i++) {
		const struct migration *m = &migrations[i];
		if (db_begin(db, e) < 0)
			return -1;
		if (db_exec(db, m->sql, e) < 0) {
			err_prefix(e, "migration %s: ", m->name);
			db_rollback(db);
			return -1;
		}
		struct stmt *s = db_prep(db, SQL_RECORD, e);
		if (s == NULL)
			goto fail;
		db_bind_i64(s, 1, m->version);
		db_bind_text(s, 2, m->name);
		if (db_step(s, e) < 0 || db_commit(db, e) < 0)
			goto fail;
	}
	return 0;
fail:
	db_rollback(db);
	return -1;
}
