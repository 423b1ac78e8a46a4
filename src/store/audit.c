#include <stdio.h>
#include "store/store.h"

static const char SQL_INSERT[] =
	"INSERT INTO audit_event(at, actor, action, object, detail) VALUES (?,?,?,?,?)";

int store_audit(struct db *db, const char *now, const char *actor, const char *action,
		const char *object, const char *detail, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_INSERT, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, now);
	db_bind_text(s, 2, actor);
	db_bind_text(s, 3, action);
	db_bind_text(s, 4, object);
	db_bind_text(s, 5, detail);
	return db_step(s, e) < 0 ? -1 : 0;
}
