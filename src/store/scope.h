/* Private to src/store/: the unit officer's scope as SQL, and the count
 * step of a paged listing.  The one place that says what a unit's subtree
 * is; every scoped query of the store (web lists, committee, canvassing,
 * accounts) is built from these.
 *
 * SCOPE_CTE_NAMED(name, p) is a recursive table naming the subtree of the
 * unit bound at p (empty when p is 0, the province); IN_SUBTREE(name, p,
 * col) holds when p is 0 or col lies in it.  SCOPE_CTE(p) opens a WITH
 * RECURSIVE with the table "scope", and IN_SCOPE(p, col) tests it: the
 * common case of one scope per statement.  The bound unit id is always a
 * parameter, so a row outside the subtree is never read, not merely hidden
 * afterwards. */
#ifndef ANSINH_STORE_SCOPE_H
#define ANSINH_STORE_SCOPE_H

#define SCOPE_CTE_NAMED(name, p)                                                        \
	name "(id) AS (SELECT " p " WHERE " p " <> 0"                                   \
	" UNION ALL SELECT u.id FROM unit u JOIN " name " s ON u.parent_id = s.id)"
#define IN_SUBTREE(name, p, col) "(" p " = 0 OR " col " IN (SELECT id FROM " name "))"
#define SCOPE_CTE(p) "WITH RECURSIVE " SCOPE_CTE_NAMED("scope", p) " "
#define IN_SCOPE(p, col) IN_SUBTREE("scope", p, col)

#include "store/db.h"

/* Steps a "SELECT count(*)" statement into *total. */
static inline int store_count(struct stmt *s, int64_t *total, struct err *e)
{
	int rc = db_step(s, e);
	if (rc < 0)
		return -1;
	*total = rc == DB_ROW ? db_col_i64(s, 0) : 0;
	if (rc == DB_ROW)
		db_reset(s);
	return 0;
}

#endif
