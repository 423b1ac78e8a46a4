/* ansinh demo: the Trà Vinh 2019 campaign with its units, targets, donors,
 * contributions and pledges, and the 2017 campaign's result for comparison.
 * Deterministic (fixed seed); goes through the same core functions as real
 * use, so the demo is also a smoke test of the whole write path. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/demo_data.h"
#include "core/namegen.h"
#include "store/store.h"
#include "text/date.h"

#define DEMO_SEED 2019

/* name and tax are the donor row's, for the log's identity commitment
 * (malloc'd; tax NULL when none). */
struct demo_donor {
	int64_t id;
	const char *kind;
	int large;
	char *name, *tax;
};

static int add_campaigns_units_targets(struct db *db, const struct actor *a, struct err *e)
{
	char goal[32];
	int64_t id;
	for (size_t i = 0; i < demo_campaigns_count; i++) {
		const struct demo_campaign *c = &demo_campaigns[i];
		snprintf(goal, sizeof goal, "%lld", (long long)c->goal);
		struct campaign_input in = {c->code, c->name, c->start, c->end, c->ceremony,
					    c->deadline, c->report, goal};
		if (campaign_add(db, a, &in, &id, e) < 0)
			return -1;
	}
	for (size_t i = 0; i < demo_units_count; i++) {
		const struct demo_unit *u = &demo_units[i];
		if (unit_add(db, a, u->code, u->name, u->parent, u->kind, &id, e) < 0)
			return -1;
	}
	for (size_t i = 0; i < demo_targets_2019_count; i++) {
		char amount[32];
		snprintf(amount, sizeof amount, "%lld", (long long)demo_targets_2019[i].amount);
		if (target_set(db, a, "TV2019", demo_targets_2019[i].unit, amount, e) < 0)
			return -1;
	}
	return 0;
}

static int unit_id_of(struct db *db, const char *code, int64_t *id, struct err *e)
{
	struct unit_row u;
	int found = store_unit_by_code(db, code, &u, e);
	if (found <= 0)
		return found < 0 ? -1 : err_fail(e, "demo: no unit %s", code);
	*id = u.id;
	return 0;
}

/* The 2017 campaign is summarised: one collective entry per unit with what
 * it raised, so the reports can compare 2019 with 2017. */
static int add_2017(struct db *db, const struct actor *a, const char *now,
		    struct write_batch *wb, struct buf *receipt, struct err *e)
{
	struct campaign_row c;
	if (campaign_resolve(db, "TV2017", NULL, &c, e) < 0)
		return -1;
	for (size_t i = 0; i < demo_results_2017_count; i++) {
		const struct demo_target *r = &demo_results_2017[i];
		const struct demo_unit *u = demo_unit_find(r->unit);
		char name[400];
		int64_t unit_id = 0, donor_id, cid;
		int created;
		if (u == NULL || unit_id_of(db, r->unit, &unit_id, e) < 0)
			return u ? -1 : err_fail(e, "demo: no unit %s", r->unit);
		snprintf(name, sizeof name, "Tổng hợp đóng góp năm 2017 - %s", u->name);
		struct donor_input d = {.name = name, .kind = "collective"};
		if (donor_find_or_create(db, &d, unit_id, now, &donor_id, &created, e) < 0)
			return -1;
		struct contribution_input in = {
			.campaign_id = c.id, .donor_id = donor_id, .unit_id = unit_id,
			.channel = "transfer", .amount = r->amount, .date = c.ceremony[0] ? c.ceremony : c.end,
			.note = "Số liệu tổng hợp cuộc vận động năm 2017",
			.donor_name = created ? name : NULL,
		};
		if (contribution_record(db, a, &in, now, wb, &cid, receipt, e) < 0)
			return -1;
	}
	return 0;
}

static int add_donors(struct db *db, struct rng *r, int64_t n, struct demo_donor *out,
		      int64_t *count, const char *now, struct err *e)
{
	char gender[2] = {0};
	*count = 0;
	for (int64_t i = 0; i < n; i++) {
		struct gen_donor g;
		int64_t unit_id = 0;
		int created;
		namegen_donor(r, &g);
		if (unit_id_of(db, demo_pick_unit(r, &g), &unit_id, e) < 0)
			return -1;
		gender[0] = g.gender;
		struct donor_input d = {
			.name = g.name, .kind = g.kind, .tax_code = g.tax_code[0] ? g.tax_code : NULL,
			.gender = g.gender ? gender : NULL, .outside_province = !g.in_province,
			.anonymous = g.anonymous,
		};
		int64_t id;
		if (donor_find_or_create(db, &d, unit_id, now, &id, &created, e) < 0)
			return -1;
		if (!created)
			continue; /* the generator drew a name twice: same donor */
		out[*count] = (struct demo_donor){id, g.kind, g.large, xstrdup(g.name),
						  d.tax_code ? xstrdup(d.tax_code) : NULL};
		(*count)++;
	}
	return 0;
}

static const char *channel_for(struct rng *r, const char *kind)
{
	unsigned x = (unsigned)rng_below(r, 100);
	if (x < 3)
		return "goods";
	if (!strcmp(kind, "collective"))
		return x < 80 ? "payroll" : "transfer";
	if (!strcmp(kind, "individual"))
		return x < 55 ? "cash" : "transfer";
	return x < 85 ? "transfer" : "cash";
}

/* A date in [from, to] (ISO), uniformly. */
static void date_between(struct rng *r, const char *from, const char *to, char out[11])
{
	long a = date_days(from), b = date_days(to);
	long d = a + (long)rng_below(r, (uint64_t)(b - a + 1));
	/* days since 1970-01-01 back to a civil date */
	long z = d + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153, dd = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	iso_date(out, y + (m <= 2), m, dd);
}

/* One generated contribution, before scaling. */
struct draw {
	const struct demo_donor *donor;
	const char *channel;
	int64_t amount;
	char date[11], ref[32], goods[128];
};

static void draw_contribution(struct rng *r, const struct demo_donor *donors, int64_t ndonors,
			      const struct campaign_row *c, int64_t i, struct draw *d)
{
	/* Skewed toward the first donors: regular givers give often. */
	uint64_t k = rng_below(r, (uint64_t)ndonors);
	if (rng_below(r, 3) == 0)
		k = rng_below(r, k + 1);
	d->donor = &donors[k];
	d->channel = channel_for(r, d->donor->kind);
	d->amount = namegen_amount(r, d->donor->kind);
	date_between(r, c->start, c->end, d->date);
	d->goods[0] = d->ref[0] = '\0';
	if (!strcmp(d->channel, "goods"))
		d->amount = namegen_goods(r, d->goods, sizeof d->goods);
	if (!strcmp(d->channel, "transfer"))
		snprintf(d->ref, sizeof d->ref, "FT19%03d%08lld", (int)rng_below(r, 366),
			 (long long)i);
}

/* The generator's amounts are realistic one by one, but their sum depends on
 * how many are drawn; the demo scales them so that the campaign ends where a
 * real one would: contributions near DEMO_RECEIVED_PERMILLE of the goal by
 * the end of the period (pledges being collected bring more), some units
 * above target and some below.  Two passes over the same random stream. */
#define DEMO_RECEIVED_PERMILLE 820

static int add_contributions(struct db *db, const struct actor *a, struct rng *r,
			     const struct demo_donor *donors, int64_t ndonors, int64_t n,
			     const char *now, struct write_batch *wb, struct buf *receipt,
			     struct err *e)
{
	struct campaign_row c;
	struct draw d;
	__int128 sum = 0;
	if (campaign_resolve(db, "TV2019", NULL, &c, e) < 0)
		return -1;
	struct rng probe = *r;
	for (int64_t i = 0; i < n; i++) {
		draw_contribution(&probe, donors, ndonors, &c, i, &d);
		sum += d.amount;
	}
	__int128 want = (__int128)c.goal * DEMO_RECEIVED_PERMILLE / 1000;
	for (int64_t i = 0; i < n; i++) {
		draw_contribution(r, donors, ndonors, &c, i, &d);
		struct contribution_input in = {.campaign_id = c.id, .donor_id = d.donor->id,
						.donor_name = d.donor->name,
						.donor_tax_code = d.donor->tax};
		int64_t amount = d.amount;
		if (sum > want && want > 0) {
			/* scaled, then rounded to a whole thousand as people give */
			amount = (int64_t)((__int128)d.amount * want / sum);
			amount = amount >= 1000 ? amount / 1000 * 1000 : 1000;
		}
		in.channel = d.channel;
		in.amount = amount;
		in.date = d.date;
		in.goods = d.goods[0] ? d.goods : NULL;
		in.bank_ref = d.ref[0] ? d.ref : NULL;
		int64_t id;
		if (contribution_record(db, a, &in, now, wb, &id, receipt, e) < 0)
			return -1;
	}
	return 0;
}

/* R6: businesses and organisations register at the campaign or at the
 * ceremony; about half have paid in full, some in part, the rest are
 * still outstanding before the collection deadline. */
static int add_pledges(struct db *db, const struct actor *a, struct rng *r,
		       const struct demo_donor *donors, int64_t ndonors, const char *now,
		       struct write_batch *wb, struct buf *receipt, struct err *e)
{
	struct campaign_row c;
	char date[11];
	static const char *const canvassers[] = {
		"Đồng chí Trần Văn Lộc", "Đồng chí Nguyễn Thị Hồng", "Đồng chí Kim Ngọc Thái",
		"Đồng chí Lê Văn Hẳn", "Đồng chí Đồng Văn Lâm",
	};
	if (campaign_resolve(db, "TV2019", NULL, &c, e) < 0)
		return -1;
	int made = 0;
	for (int64_t i = 0; i < ndonors && made < 300; i++) {
		const struct demo_donor *d = &donors[i];
		if (!strcmp(d->kind, "individual") && rng_below(r, 40))
			continue;
		int at_ceremony = rng_below(r, 3) == 0;
		struct pledge_row p = {
			.campaign_id = c.id, .donor_id = d->id,
			.amount = namegen_amount(r, d->kind) * (int64_t)(2 + rng_below(r, 4)),
			.made_at = at_ceremony ? "ceremony" : "campaign",
			.due_date = c.deadline[0] ? c.deadline : NULL,
			.canvasser = canvassers[rng_below(r, 5)],
		};
		if (at_ceremony)
			snprintf(date, sizeof date, "%s", c.ceremony);
		else
			date_between(r, c.start, c.end, date);
		p.pledge_date = date;
		int64_t pid;
		if (store_pledge_insert(db, &p, now, &pid, e) < 0)
			return -1;
		made++;
		/* payments against it: full, part, or none yet */
		unsigned state = (unsigned)rng_below(r, 4);
		if (state == 3)
			continue;
		int64_t pay = state < 2 ? p.amount : p.amount / 2;
		char paid_on[11];
		date_between(r, date, c.deadline[0] ? c.deadline : c.end, paid_on);
		struct contribution_input in = {
			.campaign_id = c.id, .donor_id = d->id, .pledge_id = pid,
			.channel = "transfer", .amount = pay, .date = paid_on,
			.note = "Nộp theo đăng ký", .donor_name = d->name, .donor_tax_code = d->tax,
		};
		int64_t cid;
		if (contribution_record(db, a, &in, now, wb, &cid, receipt, e) < 0)
			return -1;
	}
	return 0;
}

int demo_build(struct db *db, const struct actor *a, int64_t ndonors, int64_t ncontrib,
	       int money_only, struct err *e)
{
	struct rng r;
	struct demo_donor *donors = NULL;
	struct buf receipt = BUF_INIT;
	struct write_batch wb = {0};
	char now[32];
	int64_t have = 0;
	int rc = -1;

	if (ndonors < 1 || ncontrib < 0)
		return err_usage(e, "demo: at least one donor, and no negative counts");
	if (store_campaign_latest(db, &(struct campaign_row){0}, e) != 0) {
		if (!err_is_set(e))
			err_fail(e, "demo: the database has campaigns already; the demo needs an empty "
				 "one (ansinh init --force)");
		return -1;
	}
	if (add_campaigns_units_targets(db, a, e) < 0)
		return -1;
	rng_seed(&r, DEMO_SEED);
	donors = xcalloc((size_t)ndonors, sizeof *donors);
	core_now(now);
	db_bulk_mode(db, 1);
	if (db_begin(db, e) < 0) {
		db_bulk_mode(db, 0);
		goto cleanup;
	}
	if (add_2017(db, a, now, &wb, &receipt, e) < 0 ||
	    add_donors(db, &r, ndonors, donors, &have, now, e) < 0 ||
	    add_contributions(db, a, &r, donors, have, ncontrib, now, &wb, &receipt, e) < 0 ||
	    add_pledges(db, a, &r, donors, have, now, &wb, &receipt, e) < 0 ||
	    write_batch_flush(db, &wb, e) < 0 ||
	    store_audit(db, now, a->name, "demo", "TV2019", "demo data", e) < 0 ||
	    db_commit(db, e) < 0) {
		db_rollback(db);
		goto cleanup;
	}
	/* the businesses of Trà Vinh (not the large out-of-province ones) are
	 * the ones the committee approaches in person */
	int64_t business[16];
	int nbusiness = 0;
	for (int64_t i = 0; i < have && nbusiness < 16; i++)
		if (!strcmp(donors[i].kind, "business"))
			business[nbusiness++] = donors[i].id;
	if (!money_only && demo_work(db, a, business, nbusiness, e) < 0)
		goto cleanup;
	rc = 0;
cleanup:
	for (int64_t i = 0; donors && i < have; i++) {
		free(donors[i].name);
		free(donors[i].tax);
	}
	free(donors);
	buf_free(&receipt);
	return rc;
}
