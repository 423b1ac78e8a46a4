/* The statements imported (bank_statement), newest first, for the staff's
 * upload page (web/bank.c). */
#include "store/bank.h"

static const char SQL_STATEMENTS[] =
	"SELECT id, account, profile, file_name, lines_read, lines_new, actor, imported_at"
	" FROM bank_statement ORDER BY id DESC LIMIT ?";

int store_bank_statements_each(struct db *db, int limit, bank_statement_fn fn, void *ctx,
			       struct err *e)
{
	struct stmt *s = db_prep(db, SQL_STATEMENTS, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, limit);
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct bank_statement_row r = {
			.id = db_col_i64(s, 0), .account = db_col_text(s, 1), .profile = db_col_text(s, 2),
			.file_name = db_col_text(s, 3), .lines_read = db_col_i64(s, 4),
			.lines_new = db_col_i64(s, 5), .actor = db_col_text(s, 6),
			.imported_at = db_col_text(s, 7),
		};
		if (fn(ctx, &r) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}
