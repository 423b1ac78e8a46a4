/* Payroll lists: one contribution of an agency, with its members' lines. */
#include "store/money_in.h"

static const char SQL_TRANSFER[] =
	"SELECT k.id, k.donor_id, k.amount, EXISTS (SELECT 1 FROM payroll_list p"
	"  WHERE p.contribution_id = k.id)"
	" FROM contribution k WHERE k.bank_ref = ? AND NOT EXISTS"
	"  (SELECT 1 FROM journal_entry r WHERE r.reverses_id = k.id) LIMIT 1";

int store_payroll_transfer(struct db *db, const char *ref, int64_t *contribution_id,
			   int64_t *donor_id, int64_t *amount, int *has_list, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_TRANSFER, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, ref);
	if ((rc = db_step(s, e)) == DB_ROW) {
		*contribution_id = db_col_i64(s, 0);
		*donor_id = db_col_i64(s, 1);
		*amount = db_col_i64(s, 2);
		*has_list = (int)db_col_i64(s, 3);
		db_reset(s);
	}
	return rc;
}

static const char SQL_INSERT[] =
	"INSERT INTO payroll_list(contribution_id, donor_id, period, transfer_ref, total, members,"
	" import_id, created_at) VALUES (?,?,?,?,?,?,?,?)";

int store_payroll_insert(struct db *db, const struct payroll_row *p, const char *now, int64_t *id,
			 struct err *e)
{
	struct stmt *s = db_prep(db, SQL_INSERT, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, p->contribution_id);
	db_bind_i64(s, 2, p->donor_id);
	db_bind_text(s, 3, p->period);
	db_bind_text(s, 4, p->transfer_ref);
	db_bind_i64(s, 5, p->total);
	db_bind_i64(s, 6, p->members);
	db_bind_i64(s, 7, p->import_id);
	db_bind_text(s, 8, now);
	if (db_step(s, e) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

static const char SQL_LINE[] =
	"INSERT INTO payroll_line(payroll_id, line_no, name, name_fold, position, staff_no,"
	" department, amount, note) VALUES (?,?,?,?,?,?,?,?,?)";

int store_payroll_line_insert(struct db *db, const struct payroll_line_row *l, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_LINE, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, l->payroll_id);
	db_bind_i64(s, 2, l->line_no);
	db_bind_text(s, 3, l->name);
	db_bind_text(s, 4, l->name_fold);
	db_bind_text(s, 5, l->position);
	db_bind_text(s, 6, l->staff_no);
	db_bind_text(s, 7, l->department);
	db_bind_i64(s, 8, l->amount);
	db_bind_text(s, 9, l->note);
	return db_step(s, e) < 0 ? -1 : 0;
}

#define LIST_COLS \
	"p.id, p.contribution_id, p.donor_id, p.total, p.members, d.name, u.code, p.period,"   \
	" p.transfer_ref, k.contrib_date, k.receipt_no, c.code,"                               \
	" EXISTS (SELECT 1 FROM journal_entry r WHERE r.reverses_id = k.id)"
#define LIST_FROM \
	" FROM payroll_list p JOIN contribution k ON k.id = p.contribution_id"                 \
	" JOIN donor d ON d.id = p.donor_id JOIN unit u ON u.id = k.unit_id"                   \
	" JOIN campaign c ON c.id = k.campaign_id"

static void view_from(struct stmt *s, int c0, struct payroll_view *v)
{
	v->id = db_col_i64(s, c0);
	v->contribution_id = db_col_i64(s, c0 + 1);
	v->donor_id = db_col_i64(s, c0 + 2);
	v->total = db_col_i64(s, c0 + 3);
	v->members = db_col_i64(s, c0 + 4);
	v->agency = db_col_text(s, c0 + 5);
	v->unit_code = db_col_text(s, c0 + 6);
	v->period = db_col_text(s, c0 + 7);
	v->transfer_ref = db_col_null(s, c0 + 8) ? NULL : db_col_text(s, c0 + 8);
	v->date = db_col_text(s, c0 + 9);
	v->receipt_no = db_col_text(s, c0 + 10);
	v->campaign_code = db_col_text(s, c0 + 11);
	v->reversed = (int)db_col_i64(s, c0 + 12);
}

static const char SQL_EACH[] =
	"SELECT " LIST_COLS LIST_FROM " WHERE ?1 = 0 OR p.id = ?1 ORDER BY p.id";

int store_payroll_each(struct db *db, int64_t id, payroll_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_EACH, e);
	int rc, n = 0;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct payroll_view v;
		view_from(s, 0, &v);
		n++;
		if (fn(ctx, &v) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : n > 0;
}

static const char SQL_LINES[] =
	"SELECT l.line_no, l.amount, l.name, l.name_fold, l.position, l.staff_no, l.department,"
	" l.note, " LIST_COLS LIST_FROM " JOIN payroll_line l ON l.payroll_id = p.id"
	" WHERE (?1 > 0 AND l.payroll_id = ?1)"
	"  OR (?1 = 0 AND instr(l.name_fold, ?2) > 0)"
	" ORDER BY l.payroll_id, l.line_no";

static const char *opt_text(struct stmt *s, int col)
{
	return db_col_null(s, col) ? NULL : db_col_text(s, col);
}

int store_payroll_lines(struct db *db, int64_t payroll_id, const char *word, payroll_line_fn fn,
			void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_LINES, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, payroll_id);
	db_bind_text(s, 2, word ? word : "");
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct payroll_line_row l = {
			.payroll_id = db_col_i64(s, 8),
			.line_no = db_col_i64(s, 0),
			.amount = db_col_i64(s, 1),
			.name = db_col_text(s, 2),
			.name_fold = db_col_text(s, 3),
			.position = opt_text(s, 4),
			.staff_no = opt_text(s, 5),
			.department = opt_text(s, 6),
			.note = opt_text(s, 7),
		};
		struct payroll_view v;
		view_from(s, 8, &v);
		if (fn(ctx, &l, &v) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}
