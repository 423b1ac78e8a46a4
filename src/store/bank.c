/* SQL of the bank statements and their reconciliation (store/bank.h). */
#include <string.h>

#include "store/bank.h"

#define STANDING(k) "NOT EXISTS (SELECT 1 FROM journal_entry r WHERE r.reverses_id = " k ".id)"

static const char SQL_DONORS[] =
	"SELECT id, name, name_fold, coalesce(tax_code,''), unit_id FROM donor ORDER BY id";

int store_bank_donors_each(struct db *db, bank_donor_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_DONORS, e);
	int rc;
	if (s == NULL)
		return -1;
	while ((rc = db_step(s, e)) == DB_ROW) {
		const char *tax = db_col_text(s, 3);
		if (fn(ctx, db_col_i64(s, 0), db_col_text(s, 1), db_col_text(s, 2),
		       tax[0] ? tax : NULL, db_col_i64(s, 4)) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc < 0 ? -1 : 0;
}

static const char SQL_PLEDGES_OPEN[] =
	"SELECT p.id, p.donor_id, p.campaign_id, p.amount - coalesce((SELECT sum(k.amount)"
	"  FROM contribution k WHERE k.pledge_id = p.id AND " STANDING("k") "), 0) AS left"
	" FROM pledge p WHERE p.amount > 0 AND left > 0 ORDER BY p.id";

int store_bank_pledges_open(struct db *db, bank_pledge_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_PLEDGES_OPEN, e);
	int rc;
	if (s == NULL)
		return -1;
	while ((rc = db_step(s, e)) == DB_ROW)
		if (fn(ctx, db_col_i64(s, 0), db_col_i64(s, 1), db_col_i64(s, 2),
		       db_col_i64(s, 3)) < 0) {
			db_reset(s);
			return -1;
		}
	return rc < 0 ? -1 : 0;
}

static const char SQL_SENDERS[] = "SELECT account, donor_id FROM bank_sender";

int store_bank_senders_each(struct db *db, bank_sender_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SENDERS, e);
	int rc;
	if (s == NULL)
		return -1;
	while ((rc = db_step(s, e)) == DB_ROW)
		if (fn(ctx, db_col_text(s, 0), db_col_i64(s, 1)) < 0) {
			db_reset(s);
			return -1;
		}
	return rc < 0 ? -1 : 0;
}

/* The latest confirmation wins: an account can change hands. */
static const char SQL_SENDER_LEARN[] =
	"INSERT INTO bank_sender(account, donor_id, learnt_at) VALUES (?1, ?2, ?3)"
	" ON CONFLICT(account) DO UPDATE SET donor_id = ?2, learnt_at = ?3";

int store_bank_sender_learn(struct db *db, const char *account, int64_t donor_id, const char *now,
			    struct err *e)
{
	struct stmt *s = db_prep(db, SQL_SENDER_LEARN, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, account);
	db_bind_i64(s, 2, donor_id);
	db_bind_text(s, 3, now);
	return db_step(s, e) < 0 ? -1 : 0;
}

static const char SQL_STATEMENT_INSERT[] =
	"INSERT INTO bank_statement(account, profile, file_name, sha256, actor, imported_at)"
	" VALUES (?,?,?,?,?,?)";

int store_bank_statement_insert(struct db *db, const char *account, const char *profile,
				const char *file, const char *sha256, const char *actor,
				const char *now, int64_t *id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_STATEMENT_INSERT, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, account);
	db_bind_text(s, 2, profile);
	db_bind_text(s, 3, file);
	db_bind_text(s, 4, sha256);
	db_bind_text(s, 5, actor);
	db_bind_text(s, 6, now);
	if (db_step(s, e) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

static const char SQL_STATEMENT_FINISH[] =
	"UPDATE bank_statement SET lines_read = ?, lines_new = ? WHERE id = ?";

int store_bank_statement_finish(struct db *db, int64_t id, int64_t read, int64_t stored,
				struct err *e)
{
	struct stmt *s = db_prep(db, SQL_STATEMENT_FINISH, e);
	if (s == NULL)
		return -1;
	db_bind_i64(s, 1, read);
	db_bind_i64(s, 2, stored);
	db_bind_i64(s, 3, id);
	return db_step(s, e) < 0 ? -1 : 0;
}

static void bind_id_or_null(struct stmt *s, int idx, int64_t v)
{
	if (v)
		db_bind_i64(s, idx, v);
	else
		db_bind_null(s, idx);
}

static const char SQL_LINE_INSERT[] =
	"INSERT INTO bank_line(account, txn_no, statement_id, source_line, txn_date, debit, credit,"
	" balance, description, sender_account, status, suggest_donor, suggest_pledge, score,"
	" reason, contribution_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

int store_bank_line_insert(struct db *db, const struct bank_line_row *l, struct err *e)
{
	const struct db_val v[] = {
		db_val_text(l->account), db_val_text(l->txn_no), db_val_int(l->statement_id),
		db_val_int(l->source_line), db_val_text(l->date), db_val_int(l->debit),
		db_val_int(l->credit),
		l->has_balance ? db_val_int(l->balance) : db_val_text(NULL),
		db_val_text(l->description), db_val_text(l->sender && l->sender[0] ? l->sender : NULL),
		db_val_text(l->status), db_val_id(l->suggest_donor), db_val_id(l->suggest_pledge),
		db_val_int(l->score), db_val_text(l->reason && l->reason[0] ? l->reason : NULL),
		db_val_id(l->contribution_id),
	};
	return db_insert(db, SQL_LINE_INSERT, v, (int)(sizeof v / sizeof v[0]), e);
}

#define LINE_COLS                                                                              \
	"l.id, l.statement_id, l.source_line, l.account, l.txn_no, l.txn_date, l.description,"  \
	" coalesce(l.sender_account,''), l.status, coalesce(l.reason,''), l.debit, l.credit,"   \
	" l.balance, coalesce(l.suggest_donor,0), coalesce(l.suggest_pledge,0),"                \
	" coalesce(l.contribution_id,0), l.score, coalesce(sd.name,''), coalesce(cd.name,''),"  \
	" coalesce(k.donor_id,0)"
#define LINE_FROM                                                                              \
	" FROM bank_line l LEFT JOIN donor sd ON sd.id = l.suggest_donor"                        \
	" LEFT JOIN contribution k ON k.id = l.contribution_id"                                  \
	" LEFT JOIN donor cd ON cd.id = k.donor_id"

static int line_read(struct stmt *s, bank_line_fn fn, void *ctx)
{
	struct bank_line_row l = {
		.id = db_col_i64(s, 0),
		.statement_id = db_col_i64(s, 1),
		.source_line = db_col_i64(s, 2),
		.account = db_col_text(s, 3),
		.txn_no = db_col_text(s, 4),
		.date = db_col_text(s, 5),
		.description = db_col_text(s, 6),
		.sender = db_col_text(s, 7),
		.status = db_col_text(s, 8),
		.reason = db_col_text(s, 9),
		.debit = db_col_i64(s, 10),
		.credit = db_col_i64(s, 11),
		.has_balance = !db_col_null(s, 12),
		.balance = db_col_i64(s, 12),
		.suggest_donor = db_col_i64(s, 13),
		.suggest_pledge = db_col_i64(s, 14),
		.contribution_id = db_col_i64(s, 15),
		.score = (int)db_col_i64(s, 16),
		.suggest_name = db_col_text(s, 17),
		.donor_name = db_col_text(s, 18),
		.donor_id = db_col_i64(s, 19),
	};
	return fn(ctx, &l);
}

static const char SQL_LINE_KNOWN[] = "SELECT id FROM bank_line WHERE account = ? AND txn_no = ?";

/* Most lines of a statement are new: a look-up in the unique index alone
 * says so before the whole row is read. */
static int line_known(struct db *db, const char *account, const char *txn_no, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_LINE_KNOWN, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, account);
	db_bind_text(s, 2, txn_no);
	if ((rc = db_step(s, e)) == DB_ROW)
		db_reset(s);
	return rc;
}

static const char SQL_LINE_GET[] =
	"SELECT " LINE_COLS LINE_FROM " WHERE (?1 <> 0 AND l.id = ?1)"
	" OR (?1 = 0 AND l.account = ?2 AND l.txn_no = ?3)";

int store_bank_line_get(struct db *db, int64_t id, const char *account, const char *txn_no,
			bank_line_fn fn, void *ctx, struct err *e)
{
	struct stmt *s;
	int rc;
	if (id == 0 && (rc = line_known(db, account, txn_no, e)) <= 0)
		return rc;
	if ((s = db_prep(db, SQL_LINE_GET, e)) == NULL)
		return -1;
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, account ? account : "");
	db_bind_text(s, 3, txn_no ? txn_no : "");
	if ((rc = db_step(s, e)) != DB_ROW)
		return rc < 0 ? -1 : 0;
	rc = line_read(s, fn, ctx);
	db_reset(s);
	return rc < 0 ? -1 : 1;
}

static const char SQL_LINE_DECIDE[] =
	"UPDATE bank_line SET status = ?, suggest_donor = ?, suggest_pledge = ?, score = ?,"
	" reason = ?, contribution_id = ? WHERE id = ?";

int store_bank_line_decide(struct db *db, int64_t id, const char *status, int64_t suggest_donor,
			   int64_t suggest_pledge, int score, const char *reason,
			   int64_t contribution_id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_LINE_DECIDE, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, status);
	bind_id_or_null(s, 2, suggest_donor);
	bind_id_or_null(s, 3, suggest_pledge);
	db_bind_i64(s, 4, score);
	db_bind_text(s, 5, reason && reason[0] ? reason : NULL);
	bind_id_or_null(s, 6, contribution_id);
	db_bind_i64(s, 7, id);
	return db_step(s, e) < 0 ? -1 : 0;
}

/* ?1: 'all' or one status; ?2 statement (0 = all).  The waiting lines
 * (?1 NULL) are asked for in the words of the partial index
 * bank_line_status (migration 0013), so the clerk's queue reads that index
 * instead of every line ever imported (0.02 s instead of 0.3 s for the
 * count at 1 M lines). */
#define LINE_WHERE_WAITING                                                                     \
	" WHERE (l.status = 'pending' OR l.status = 'unmatched' OR l.status = 'rejected')"      \
	" AND (?2 = 0 OR l.statement_id = ?2)"
#define LINE_WHERE " WHERE (?1 = 'all' OR l.status = ?1) AND (?2 = 0 OR l.statement_id = ?2)"
#define LINES(where) "SELECT " LINE_COLS LINE_FROM where " ORDER BY l.id LIMIT ?3 OFFSET ?4"
#define LINES_COUNT(where) "SELECT count(*) FROM bank_line l" where
static const char SQL_LINES[] = LINES(LINE_WHERE);
static const char SQL_LINES_WAITING[] = LINES(LINE_WHERE_WAITING);
static const char SQL_LINES_COUNT[] = LINES_COUNT(LINE_WHERE);
static const char SQL_LINES_COUNT_WAITING[] = LINES_COUNT(LINE_WHERE_WAITING);

int store_bank_lines_each(struct db *db, const struct bank_line_filter *f, bank_line_fn fn,
			  void *ctx, int64_t *total, struct err *e)
{
	struct stmt *s;
	int rc, waiting = f->status == NULL;
	if (total) {
		if ((s = db_prep(db, waiting ? SQL_LINES_COUNT_WAITING : SQL_LINES_COUNT, e)) == NULL)
			return -1;
		db_bind_text(s, 1, f->status);
		db_bind_i64(s, 2, f->statement_id);
		if ((rc = db_step(s, e)) != DB_ROW)
			return -1;
		*total = db_col_i64(s, 0);
		db_reset(s);
	}
	if ((s = db_prep(db, waiting ? SQL_LINES_WAITING : SQL_LINES, e)) == NULL)
		return -1;
	db_bind_text(s, 1, f->status);
	db_bind_i64(s, 2, f->statement_id);
	db_bind_i64(s, 3, f->limit > 0 ? f->limit : -1);
	db_bind_i64(s, 4, f->offset);
	while ((rc = db_step(s, e)) == DB_ROW)
		if (line_read(s, fn, ctx) < 0) {
			db_reset(s);
			return -1;
		}
	return rc < 0 ? -1 : 0;
}

static const char SQL_REF_CONTRIBUTION[] =
	"SELECT c.id FROM contribution c WHERE c.bank_ref = ? AND " STANDING("c") " LIMIT 1";

int store_bank_ref_contribution(struct db *db, const char *bank_ref, int64_t *id, struct err *e)
{
	return db_scalar_i64(db, SQL_REF_CONTRIBUTION, bank_ref, 0, id, e) < 0 ? -1 : *id != 0;
}

/* Whether contribution id was recorded for a line of another account with
 * this transaction number (the accounts come from the few statements, so
 * each look-up is one probe of bank_line's (account, txn_no) key). */
static const char SQL_REF_ELSEWHERE[] =
	"SELECT count(*) FROM bank_line l WHERE l.account IN (SELECT DISTINCT account FROM"
	" bank_statement WHERE account <> ?2) AND l.txn_no = ?1 AND l.contribution_id = ?3";

int store_bank_ref_elsewhere(struct db *db, const char *txn_no, const char *account,
			     int64_t contribution_id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_REF_ELSEWHERE, e);
	int rc;
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, txn_no);
	db_bind_text(s, 2, account);
	db_bind_i64(s, 3, contribution_id);
	if ((rc = db_step(s, e)) != DB_ROW)
		return rc < 0 ? -1 : 0;
	int64_t n = db_col_i64(s, 0);
	db_reset(s);
	return n > 0;
}

static const char SQL_ROOT_UNIT[] =
	"SELECT id FROM unit WHERE parent_id IS NULL ORDER BY id LIMIT 1";

int store_bank_root_unit(struct db *db, int64_t *id, struct err *e)
{
	return db_scalar_i64(db, SQL_ROOT_UNIT, NULL, 0, id, e) < 0 ? -1 : *id != 0;
}
