#include <stdio.h>
#include <string.h>

#include "store/store.h"

#define CAMPAIGN_COLS "id, code, name, start_date, end_date, coalesce(ceremony_date,''), " \
	"coalesce(deadline_date,''), coalesce(report_date,''), goal"

static void read_campaign(struct stmt *s, struct campaign_row *c)
{
	c->id = db_col_i64(s, 0);
	snprintf(c->code, sizeof c->code, "%s", db_col_text(s, 1));
	snprintf(c->name, sizeof c->name, "%s", db_col_text(s, 2));
	snprintf(c->start, sizeof c->start, "%s", db_col_text(s, 3));
	snprintf(c->end, sizeof c->end, "%s", db_col_text(s, 4));
	snprintf(c->ceremony, sizeof c->ceremony, "%s", db_col_text(s, 5));
	snprintf(c->deadline, sizeof c->deadline, "%s", db_col_text(s, 6));
	snprintf(c->report, sizeof c->report, "%s", db_col_text(s, 7));
	c->goal = db_col_i64(s, 8);
}

static void bind_date(struct stmt *s, int idx, const char *d)
{
	db_bind_text(s, idx, d && d[0] ? d : NULL);
}

static const char SQL_INSERT[] =
	"INSERT INTO campaign(code, name, start_date, end_date, ceremony_date, deadline_date,"
	" report_date, goal, created_at) VALUES (?,?,?,?,?,?,?,?,?)";

int store_campaign_insert(struct db *db, const struct campaign_row *c, const char *now,
			  int64_t *id, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_INSERT, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, c->code);
	db_bind_text(s, 2, c->name);
	db_bind_text(s, 3, c->start);
	db_bind_text(s, 4, c->end);
	bind_date(s, 5, c->ceremony);
	bind_date(s, 6, c->deadline);
	bind_date(s, 7, c->report);
	db_bind_i64(s, 8, c->goal);
	db_bind_text(s, 9, now);
	if (db_step(s, e) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

static int one(struct stmt *s, struct campaign_row *out, struct err *e)
{
	int rc = db_step(s, e);
	if (rc == DB_ROW) {
		read_campaign(s, out);
		db_reset(s);
	}
	return rc;
}

static const char SQL_BY_CODE[] = "SELECT " CAMPAIGN_COLS " FROM campaign WHERE code = ?";
static const char SQL_FOR_DATE[] = "SELECT " CAMPAIGN_COLS " FROM campaign"
	" WHERE ? BETWEEN start_date AND end_date ORDER BY start_date DESC, id DESC LIMIT 1";
static const char SQL_LATEST[] = "SELECT " CAMPAIGN_COLS " FROM campaign"
	" ORDER BY start_date DESC, id DESC LIMIT 1";
static const char SQL_EACH[] = "SELECT " CAMPAIGN_COLS " FROM campaign ORDER BY start_date, id";

int store_campaign_by_code(struct db *db, const char *code, struct campaign_row *out, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_BY_CODE, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, code);
	return one(s, out, e);
}

int store_campaign_for_date(struct db *db, const char *date, struct campaign_row *out, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_FOR_DATE, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, date);
	return one(s, out, e);
}

int store_campaign_latest(struct db *db, struct campaign_row *out, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_LATEST, e);
	if (s == NULL)
		return -1;
	return one(s, out, e);
}

int store_campaign_each(struct db *db, campaign_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = db_prep(db, SQL_EACH, e);
	int rc;
	if (s == NULL)
		return -1;
	while ((rc = db_step(s, e)) == DB_ROW) {
		struct campaign_row c;
		read_campaign(s, &c);
		if (fn(ctx, &c) < 0) {
			db_reset(s);
			return -1;
		}
	}
	return rc;
}
