/* Private to src/store/: the one SELECT list and reader of struct
 * contribution_view, shared by the CLI listings (contribution.c) and the
 * web's scoped listings (web_list.c), so the columns cannot drift apart. */
#ifndef ANSINH_STORE_CONTRIBUTION_VIEW_H
#define ANSINH_STORE_CONTRIBUTION_VIEW_H

#include "store/store.h"

#define CONTRIBUTION_VIEW_COLS                                                                 \
	"SELECT k.id, k.id, k.donor_id, k.amount, coalesce(k.pledge_id,0),"                   \
	" coalesce((SELECT r.id FROM journal_entry r WHERE r.reverses_id = k.id),0),"        \
	" k.contrib_date, c.code, d.name, d.kind, u.code, k.channel, k.receipt_no,"           \
	" coalesce(k.bank_ref,''), coalesce(k.goods,''), coalesce(k.goods_qty,''),"           \
	" coalesce(k.note,''), k.anonymous, d.publish_name"
#define CONTRIBUTION_VIEW_FROM                                                                 \
	" FROM contribution k JOIN campaign c ON c.id = k.campaign_id"                        \
	" JOIN donor d ON d.id = k.donor_id JOIN unit u ON u.id = k.unit_id"

/* Steps s (selecting CONTRIBUTION_VIEW_COLS) and calls fn per row; returns
 * the number of rows, or -1. */
int store_contribution_rows(struct stmt *s, contribution_fn fn, void *ctx, struct err *e);

#endif
