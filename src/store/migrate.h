/* Schema migrations: src/store/migrations/NNNN_name.sql, compiled into the
 * binary by tools/embed.c.  Versions are the files' numbers, consecutive
 * from 1. */
#ifndef ANSINH_STORE_MIGRATE_H
#define ANSINH_STORE_MIGRATE_H

#include "base/err.h"

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration migrations[];
extern const int migrations_count;

struct db;
/* Applies every migration newer than the database's version, each in its
 * own transaction; refuses a database whose version is newer than ours. */
int db_migrate(struct db *db, struct err *e);
int db_schema_version(struct db *db, int *out, struct err *e);

#endif
