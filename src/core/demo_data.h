/* Static data of the Trà Vinh demo: the unit tree as it was in 2019, the
 * 2017 and 2019 campaigns, the 2019 targets and how the 2017 result of
 * "gần 232 tỷ" split over the units.  Read-only tables; nothing allocated.
 *
 * Communes, wards and towns are real ones (a few per district, not all);
 * targets and the 2017 split are plausible inventions, not official figures. */
#ifndef ANSINH_CORE_DEMO_DATA_H
#define ANSINH_CORE_DEMO_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "core/namegen.h"

/* kind is one of: province district commune department organisation party
 * armed_forces other.  parent is NULL for the root; parents come before
 * their children, so the table can be inserted in order. */
struct demo_unit {
	const char *code;
	const char *name;
	const char *kind;
	const char *parent;
};

/* Dates are ISO yyyy-mm-dd; goal in đồng. */
struct demo_campaign {
	const char *code;
	const char *name;
	const char *start;
	const char *end;
	const char *ceremony;
	const char *deadline;   /* pledges collected ("thu dứt điểm") by then */
	const char *report;     /* final report to the Standing Committee */
	int64_t goal;
};

struct demo_target {
	const char *unit;
	int64_t amount;
};

extern const struct demo_unit demo_units[];
extern const size_t demo_units_count;

extern const struct demo_campaign demo_campaigns[];
extern const size_t demo_campaigns_count;

/* Targets of campaign TV2019, one row per unit. */
extern const struct demo_target demo_targets_2019[];
extern const size_t demo_targets_2019_count;

/* What each unit raised in campaign TV2017; sums to 231.9xx.xxx.xxx đ. */
extern const struct demo_target demo_results_2017[];
extern const size_t demo_results_2017_count;

/* The people and goods of the demo (demo_work.c): committee, canvassing of
 * the businesses given (ids, in the demo's order), collection accounts,
 * goods, a payroll list.  Each write its own transaction. */
struct actor;
struct db;
struct err;
int demo_work(struct db *db, const struct actor *a, const int64_t *business, int nbusiness,
	      struct err *e);

/* The fund handed over and spent across the districts (demo_fund.c),
 * when the latest campaign received enough; after demo_work. */
int demo_fund(struct db *db, const struct actor *a, struct err *e);

/* The unit with this code, or NULL. */
const struct demo_unit *demo_unit_find(const char *code);

/* A unit of this kind drawn uniformly; NULL when there is none.  When
 * parent is not NULL only its children are candidates. */
const struct demo_unit *demo_unit_pick(struct rng *r, const char *kind, const char *parent);

/* The code of the unit whose target a generated donor counts toward:
 * people mostly to the commune they live in (districts weighted by
 * population), some cadres to their department; collectives to departments
 * and organisations; large and out-of-province businesses to the province,
 * local ones to their district.  Returns a static string. */
const char *demo_pick_unit(struct rng *r, const struct gen_donor *d);

#endif
