#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/checked.h"
#include "core/core.h"
#include "store/store.h"

struct load {
	struct progress *p;
	int cap;
	int64_t *index_of; /* unit id -> position + 1, sized max id + 1 */
	int64_t max_id;
	struct err *e;
};

static int add_unit(void *ctx, const struct unit_row *u)
{
	struct load *l = ctx;
	struct progress *p = l->p;
	if (p->nunits == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		p->units = xrealloc(p->units, (size_t)l->cap * sizeof *p->units);
	}
	struct progress_unit *pu = &p->units[p->nunits++];
	memset(pu, 0, sizeof *pu);
	pu->id = u->id;
	pu->parent_id = u->parent_id;
	snprintf(pu->code, sizeof pu->code, "%s", u->code);
	snprintf(pu->name, sizeof pu->name, "%s", u->name);
	snprintf(pu->kind, sizeof pu->kind, "%s", u->kind);
	if (u->id > l->max_id)
		l->max_id = u->id;
	return 0;
}

static struct progress_unit *unit_at(struct load *l, int64_t id)
{
	if (id <= 0 || id > l->max_id || l->index_of[id] == 0)
		return NULL;
	return &l->p->units[l->index_of[id] - 1];
}

static int add_target(void *ctx, const struct target_row *t)
{
	struct load *l = ctx;
	struct progress_unit *u = unit_at(l, t->unit_id);
	if (u) {
		u->target = t->amount;
		u->has_target = 1;
	}
	return 0;
}

static int add_received(void *ctx, int64_t unit_id, int64_t amount)
{
	struct load *l = ctx;
	struct progress_unit *u = unit_at(l, unit_id);
	if (u == NULL)
		return err_fail(l->e, "report: money credited to unknown unit %lld", (long long)unit_id);
	u->own = amount;
	return 0;
}

/* R3/R14: target, received and percent per unit, received rolled up the
 * tree so a district includes its communes and the province everything. */
int report_progress(struct db *db, const char *campaign_code, struct progress *out, struct err *e)
{
	struct load l = {.p = out, .e = e};
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (campaign_resolve(db, campaign_code, NULL, &out->campaign, e) < 0)
		return -1;
	if (store_unit_each(db, add_unit, &l, e) < 0)
		goto cleanup;
	l.index_of = xcalloc((size_t)l.max_id + 1, sizeof *l.index_of);
	for (int i = 0; i < out->nunits; i++)
		l.index_of[out->units[i].id] = i + 1;
	for (int i = 0; i < out->nunits; i++) {
		struct progress_unit *parent = unit_at(&l, out->units[i].parent_id);
		out->units[i].depth = parent ? parent->depth + 1 : 0;
	}
	if (store_target_each(db, out->campaign.id, add_target, &l, e) < 0 ||
	    store_received_by_unit(db, out->campaign.id, add_received, &l, e) < 0)
		goto cleanup;
	/* Children follow their parents, so walking backwards sees every child
	 * before its parent. */
	for (int i = out->nunits - 1; i >= 0; i--) {
		struct progress_unit *u = &out->units[i];
		if (i64_add(u->received, u->own, &u->received) < 0)
			goto overflow;
		struct progress_unit *parent = unit_at(&l, u->parent_id);
		if (parent) {
			if (i64_add(parent->received, u->received, &parent->received) < 0)
				goto overflow;
		} else {
			if (i64_add(out->total_received, u->received, &out->total_received) < 0 ||
			    i64_add(out->total_target, u->target, &out->total_target) < 0)
				goto overflow;
		}
	}
	rc = 0;
	goto cleanup;
overflow:
	err_fail(e, "report: totals overflow");
cleanup:
	free(l.index_of);
	if (rc < 0)
		progress_free(out);
	return rc;
}

void progress_free(struct progress *p)
{
	free(p->units);
	p->units = NULL;
	p->nunits = 0;
}

int64_t progress_percent_x100(int64_t received, int64_t target)
{
	if (target <= 0)
		return -1;
	__int128 v = (__int128)received * 10000 / target;
	return v > INT64_MAX ? INT64_MAX : (int64_t)v;
}
