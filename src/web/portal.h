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
};
int portal_list_input(struct web_req *rq, struct portal_list *pl, struct err *e);
void portal_list_free(struct portal_list *pl);

#endif
