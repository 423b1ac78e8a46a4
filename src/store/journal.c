#include <stdio.h>
#include <string.h>

#include "store/store.h"

static const char SQL_NEXT[] = "SELECT coalesce(max(id), 0) + 1 FROM journal_entry";

int store_journal_next_id(struct db *db, int64_t *id, struct err *e)
{
	return db_scalar_i64(db, SQL_NEXT, NULL, 1, id, e);
}

static const char SQL_ENTRY[] =
	"INSERT INTO journal_entry(id, campaign_id, kind, entry_date, recorded_at, debit_account,"
	" credit_account, amount, unit_id, reverses_id, actor, memo) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";

int store_journal_insert(struct db *db, const struct entry_row *en, struct err *e)
{
	const struct db_val v[] = {
		db_val_int(en->id), db_val_int(en->campaign_id), db_val_text(en->kind),
		db_val_text(en->entry_date), db_val_text(en->recorded_at),
		db_val_int(en->debit_account), db_val_int(en->credit_account), db_val_int(en->amount),
		db_val_id(en->unit_id), db_val_id(en->reverses_id), db_val_text(en->actor),
		db_val_text(en->memo),
	};
	return db_insert(db, SQL_ENTRY, v, (int)(sizeof v / sizeof v[0]), e);
}

static const char SQL_GET[] =
	"SELECT id, campaign_id, kind, entry_date, recorded_at, debit_account, credit_account, amount,"
	" coalesce(unit_id,0), coalesce(reverses_id,0), actor, coalesce(memo,'')"
	" FROM journal_entry WHERE id = ?";

/* The entry's strings are copied into *strings (NUL-separated) and the row's
 * pointers point there, so they live as long as the buffer. */
int store_journal_get(struct db *db, int64_t id, struct entry_row *out, struct buf *strings,
		      struct err *e)
{
	struct stmt *s = db_prep(db, SQL_GET, e);
	static const int cols[5] = {2, 3, 4, 10, 11};
	size_t off[5];
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	if ((rc = db_step(s, e)) != DB_ROW)
		return rc;
	memset(out, 0, sizeof *out);
	out->id = db_col_i64(s, 0);
	out->campaign_id = db_col_i64(s, 1);
	out->debit_account = (int)db_col_i64(s, 5);
	out->credit_account = (int)db_col_i64(s, 6);
	out->amount = db_col_i64(s, 7);
	out->unit_id = db_col_i64(s, 8);
	out->reverses_id = db_col_i64(s, 9);
	buf_reset(strings);
	for (int i = 0; i < 5; i++) {
		off[i] = strings->len;
		buf_puts(strings, db_col_text(s, cols[i]));
		buf_putc(strings, '\0');
	}
	db_reset(s);
	out->kind = strings->p + off[0];
	out->entry_date = strings->p + off[1];
	out->recorded_at = strings->p + off[2];
	out->actor = strings->p + off[3];
	out->memo = strings->p + off[4];
	return 1;
}

static const char SQL_REVERSED_BY[] = "SELECT id FROM journal_entry WHERE reverses_id = ?";

int store_journal_reversed_by(struct db *db, int64_t entry_id, int64_t *rev_id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_REVERSED_BY, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, entry_id);
	if ((rc = db_step(s, e)) == DB_ROW) {
		*rev_id = db_col_i64(s, 0);
		db_reset(s);
	}
	return rc;
}
