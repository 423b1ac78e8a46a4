#include <stdio.h>
#include <string.h>

#include "base/csv.h"
#include "core/canvass.h"
#include "core/core.h"
#include "store/store.h"
#include "text/collate.h"
#include "text/utf8.h"

/* Inside a transaction. */
static int unit_insert(struct db *db, const char *code, const char *name, const char *parent_code,
		       const char *kind, const char *now, int64_t *id, struct err *e)
{
	struct unit_row u = {0}, parent;
	struct buf key = BUF_INIT;
	int rc = -1;

	if (code_check(code, e) < 0) {
		err_prefix(e, "code: ");
		goto cleanup;
	}
	if (name == NULL || !name[0] || strlen(name) > NAME_MAX_BYTES) {
		err_fail(e, "name: must be 1 to %d bytes", NAME_MAX_BYTES);
		goto cleanup;
	}
	if (kind == NULL || !kind[0])
		kind = parent_code && parent_code[0] ? "other" : "province";
	if (!kind_is_unit(kind)) {
		err_fail(e, "kind: unknown unit kind '%s' (province, district, commune, department, "
			 "organisation, party, armed_forces, other)", kind);
		goto cleanup;
	}
	if (parent_code && parent_code[0]) {
		int found = store_unit_by_code(db, parent_code, &parent, e);
		if (found < 0)
			goto cleanup;
		if (!found) {
			err_fail(e, "parent: no unit with code '%s'", parent_code);
			goto cleanup;
		}
		u.parent_id = parent.id;
	}
	struct unit_row existing;
	int dup = store_unit_by_code(db, code, &existing, e);
	if (dup < 0)
		goto cleanup;
	if (dup) {
		err_conflict(e, "code: a unit with code '%s' exists already", code);
		goto cleanup;
	}
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "%s", name);
	snprintf(u.kind, sizeof u.kind, "%s", kind);
	collate_key(&key, name);
	if (store_unit_insert(db, &u, key.p, key.len, now, id, e) < 0)
		goto cleanup;
	rc = 0;
cleanup:
	buf_free(&key);
	return rc;
}

int unit_add(struct db *db, const struct actor *a, const char *code, const char *name,
	     const char *parent_code, const char *kind, int64_t *id, struct err *e)
{
	char now[32];
	core_now(now);
	if (db_begin(db, e) < 0)
		return -1;
	if (unit_insert(db, code, name, parent_code, kind, now, id, e) < 0 ||
	    store_audit(db, now, a->name, "unit.add", code, name, e) < 0 || db_commit(db, e) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

enum { U_CODE, U_NAME, U_PARENT, U_KIND, U_NCOLS };

int unit_import(struct db *db, const struct actor *a, const char *path, int64_t *count,
		struct err *e)
{
	static const char *const names[U_NCOLS] = {"code", "name", "parent", "kind"};
	static const int required[U_NCOLS] = {1, 1, 0, 0};
	struct csv_reader *r = NULL;
	struct csv_row row;
	int idx[U_NCOLS], rc = -1, got;
	char *cell[U_NCOLS] = {0};
	char now[32];

	*count = 0;
	core_now(now);
	if (csv_open_mapped(&r, path, names, required, U_NCOLS, idx, e) < 0)
		return -1;
	if (db_begin(db, e) < 0)
		goto cleanup;
	while ((got = csv_next(r, &row, e)) == 1) {
		if (row.blank)
			continue;
		if (csv_clean_cells(&row, path, idx, names, U_NCOLS, cell, e) < 0)
			goto rollback;
		int64_t id;
		if (unit_insert(db, cell[U_CODE] ? cell[U_CODE] : "", cell[U_NAME], cell[U_PARENT],
				cell[U_KIND], now, &id, e) < 0) {
			err_prefix(e, "%s:%ld: ", path, row.line);
			goto rollback;
		}
		(*count)++;
	}
	if (got < 0)
		goto rollback;
	char detail[64];
	snprintf(detail, sizeof detail, "%lld units", (long long)*count);
	if (store_audit(db, now, a->name, "unit.import", path, detail, e) < 0 ||
	    db_commit(db, e) < 0)
		goto rollback;
	rc = 0;
	goto cleanup;
rollback:
	db_rollback(db);
	*count = 0;
cleanup:
	csv_free_cells(cell, U_NCOLS);
	csv_close(r);
	return rc;
}

int unit_update(struct db *db, const struct actor *a, const char *code, const char *name,
		const char *kind, struct err *e)
{
	struct unit_row u;
	struct buf key = BUF_INIT;
	char now[32], detail[NAME_MAX_BYTES + 64];
	int found;

	if (name == NULL || !name[0] || strlen(name) > NAME_MAX_BYTES)
		return err_fail(e, "name: must be 1 to %d bytes", NAME_MAX_BYTES);
	if (kind && !kind_is_unit(kind))
		return err_fail(e, "kind: unknown unit kind '%s'", kind);
	core_now(now);
	if (db_begin(db, e) < 0)
		return -1;
	if ((found = store_unit_by_code(db, code, &u, e)) <= 0) {
		if (found == 0)
			err_notfound(e, "no unit with code '%s'", code);
		goto fail;
	}
	collate_key(&key, name);
	snprintf(detail, sizeof detail, "%s -> %s", u.name, name);
	if (store_unit_update(db, u.id, name, key.p, key.len, kind ? kind : u.kind, e) < 0 ||
	    store_audit(db, now, a->name, "unit.update", code, detail, e) < 0 ||
	    db_commit(db, e) < 0)
		goto fail;
	buf_free(&key);
	return 0;
fail:
	buf_free(&key);
	db_rollback(db);
	return -1;
}
