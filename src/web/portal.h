/* Pieces of the public portal shared by its pages and its JSON API. */
#ifndef ANSINH_WEB_PORTAL_H
#define ANSINH_WEB_PORTAL_H

#include "web/html.h"
#include "web/web.h"

/* The campaign the portal shows (the latest); *found 0 when none yet. */
int portal_campaign(struct web_req *rq, struct campaign_row *c, int *found);
int portal_no_campaign(struct web_req *rq, struct web_resp *rs);
/* "Còn 131 ngày đến hạn thu dứt điểm (10/04/2020)". */
void portal_days_left(struct html *h, const struct campaign_row *c);

/* A page of the public list: q, page and per_page read and checked, and
 * the store query built from them (the caller sets campaign and scope). */
struct portal_list {
	char *q;
	int64_t page, per_page;
	struct buf match;
	struct web_list_query query;
	char before_date[11];       /* ?before=YYYY-MM-DD.ID: keyset paging */
};
/* Pages deeper than this many rows are refused unless asked by keyset
 * (?before=), which stays fast at any depth. */
#define PORTAL_OFFSET_MAX 10000
int portal_list_input(struct web_req *rq, struct portal_list *pl, struct err *e);
void portal_list_free(struct portal_list *pl);
struct portal_data;
/* Runs a page of the list over the portal's figures: 0 with *total and the
 * rows given to fn, 1 when the page lies deeper than PORTAL_OFFSET_MAX
 * (nothing read), -1 on a failure (rq->e). */
int portal_list_run(struct web_req *rq, const struct portal_data *d, struct portal_list *pl,
		    web_public_fn fn, void *ctx, int64_t *total);
/* "K|q|page|per_page|scope|before": the cache key of a list's answer. */
void portal_list_key(struct buf *key, const char *kind, const struct portal_list *pl);

/* The portal's figures (portal_data.c), current as of the database's
 * last write.  portal_data_get() brings them up to date and holds them for
 * reading until portal_data_release(); NULL with e set on a failure. */
struct portal_data {
	struct web_data_version v;  /* what they cover */
	int found;                  /* a campaign exists */
	struct campaign_row c;
	struct progress p;          /* as report_progress() gives it */
	struct web_campaign_stats st;
	int prev_found;             /* the campaign before, for comparison */
	struct campaign_row prev;
	int64_t prev_income;
	/* private: standing rows per unit (whole subtree, parallel to p.units),
	 * unit id -> position + 1, rows and named rows per donor id */
	int64_t *unit_rows, *unit_pos, unit_pos_n;
	int32_t *donor_rows, *donor_named;
	int64_t ndonor;
};
const struct portal_data *portal_data_get(struct db *db, struct err *e);
void portal_data_release(void);
/* Forgets everything (tests; a server start). */
void portal_data_reset(void);
/* Standing contributions of a unit's subtree (0: the campaign). */
int64_t portal_unit_rows(const struct portal_data *d, int64_t unit_id);
/* Standing contributions of a donor that show the donor's name. */
int64_t portal_donor_named(const struct portal_data *d, int64_t donor_id);

/* Public answers by key, valid while d's figures are: 1 and the body
 * appended to out on a hit. */
int portal_cache_get(const char *key, const struct portal_data *d, struct buf *out);
void portal_cache_put(const char *key, const struct portal_data *d, const char *body, size_t len);
void portal_cache_clear(void);

/* The fund's figures (portal_fund.c): received, handed over, spent, left
 * at each stage; the public page and the staff list show the same. */
struct fund_totals;
void fund_figures(struct html *h, const struct fund_totals *t);
/* The campaign on the portal and its money received, handed over and spent
 * (as the page /su-dung-quy shows them): 1 with them, 0 when there is no
 * campaign (the answer saying so is in rs), -1 on error. */
int fund_public_totals(struct web_req *rq, struct web_resp *rs, struct campaign_row *c,
		       struct fund_totals *t);

#endif
