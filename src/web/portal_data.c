/* The portal's figures in memory, for a portal read by many over a
 * database of millions of contributions (issue #4 phase 2).
 *
 * What the public pages need — progress per unit, the campaign's totals,
 * how many standing contributions each unit and each donor has — is built
 * once by reading the campaign (a second or two for 1,000,000 rows), then
 * kept current from what was written since: the journal and the audit
 * trail only grow, so their last ids tell whether anything changed and the
 * entries after the last id seen tell what.  A request costs one look at
 * those two ids; nothing counts a million rows per request.  Anything the
 * entries cannot describe (a target set, a unit or campaign added, an
 * action this file does not know) rebuilds the figures from the database.
 *
 * Public answers (the list pages' results, the JSON list) are also kept,
 * by their query, for as long as the figures they were made from are
 * current: a bounded direct-mapped cache. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "web/portal.h"

static struct portal_data data;
static pthread_rwlock_t data_lock = PTHREAD_RWLOCK_INITIALIZER;
static int data_ready;

static int64_t unit_pos(const struct portal_data *d, int64_t unit_id)
{
	if (unit_id <= 0 || unit_id >= d->unit_pos_n)
		return -1;
	return d->unit_pos[unit_id] - 1;
}

int64_t portal_unit_rows(const struct portal_data *d, int64_t unit_id)
{
	if (unit_id == 0)
		return d->st.contributions;
	int64_t i = unit_pos(d, unit_id);
	return i < 0 ? 0 : d->unit_rows[i];
}

int64_t portal_donor_named(const struct portal_data *d, int64_t donor_id)
{
	return donor_id > 0 && donor_id < d->ndonor ? d->donor_named[donor_id] : 0;
}

static void data_free(struct portal_data *d)
{
	progress_free(&d->p);
	free(d->unit_rows);
	free(d->unit_pos);
	free(d->donor_rows);
	free(d->donor_named);
	memset(d, 0, sizeof *d);
}

static void donor_grow(struct portal_data *d, int64_t id)
{
	if (id < d->ndonor)
		return;
	int64_t n = d->ndonor ? d->ndonor : 1024;
	while (n <= id)
		n *= 2;
	d->donor_rows = xrealloc(d->donor_rows, (size_t)n * sizeof *d->donor_rows);
	d->donor_named = xrealloc(d->donor_named, (size_t)n * sizeof *d->donor_named);
	memset(d->donor_rows + d->ndonor, 0, (size_t)(n - d->ndonor) * sizeof *d->donor_rows);
	memset(d->donor_named + d->ndonor, 0, (size_t)(n - d->ndonor) * sizeof *d->donor_named);
	d->ndonor = n;
}

static int channel_index(const char *ch)
{
	static const char *const names[] = {"cash", "transfer", "payroll", "goods"};
	for (int i = 0; i < 4; i++)
		if (!strcmp(ch, names[i]))
			return i;
	return -1;
}

/* Adds v to the unit and every unit above it. */
static void add_up(struct portal_data *d, int64_t unit_id, int64_t v, int rows)
{
	for (int64_t i = unit_pos(d, unit_id); i >= 0;) {
		struct progress_unit *u = &d->p.units[i];
		if (rows)
			d->unit_rows[i] += v;
		else
			u->received += v;
		i = unit_pos(d, u->parent_id);
	}
}

struct apply {
	struct portal_data *d;
	int incremental;
	int rebuild; /* something happened that the counters cannot follow */
};

/* One contribution (sign +1) or its reversal (sign -1). */
static int apply_fact(void *ctx, const struct web_contrib_fact *f)
{
	struct apply *a = ctx;
	struct portal_data *d = a->d;
	if (f->entry_id > d->v.journal)
		d->v.journal = f->entry_id;
	if (a->incremental && d->prev_found && f->campaign_id == d->prev.id)
		d->prev_income += f->received;
	if (f->campaign_id != d->c.id)
		return 0;
	if (a->incremental && f->received) {
		if (unit_pos(d, f->unit_id) < 0 && f->unit_id) {
			a->rebuild = 1;
			return 0;
		}
		add_up(d, f->unit_id, f->received, 0);
		d->p.total_received += f->received;
	}
	if (!f->contrib_id)
		return 0;
	struct web_campaign_stats *st = &d->st;
	int s = f->sign;
	if (s < 0 && (f->amount >= st->largest || !strcmp(f->date, st->first_date) ||
		      !strcmp(f->date, st->last_date))) {
		a->rebuild = 1; /* the largest or the first/last date may change */
		return 0;
	}
	if (unit_pos(d, f->unit_id) < 0) {
		a->rebuild = 1;
		return 0;
	}
	donor_grow(d, f->donor_id);
	if (s > 0 && d->donor_rows[f->donor_id]++ == 0)
		st->donors++;
	if (s < 0 && --d->donor_rows[f->donor_id] == 0)
		st->donors--;
	d->donor_named[f->donor_id] += f->named ? s : 0;
	st->contributions += s;
	st->anonymous += f->named ? 0 : s;
	int ch = channel_index(f->channel);
	if (ch >= 0)
		st->by_channel[ch] += s * f->amount;
	if (s > 0) {
		if (f->amount > st->largest)
			st->largest = f->amount;
		if (!st->first_date[0] || strcmp(f->date, st->first_date) < 0)
			snprintf(st->first_date, sizeof st->first_date, "%s", f->date);
		if (strcmp(f->date, st->last_date) > 0)
			snprintf(st->last_date, sizeof st->last_date, "%s", f->date);
	}
	add_up(d, f->unit_id, s, 1);
	return 0;
}

/* The latest campaign that started before the current one. */
static int previous_campaign(void *ctx, const struct campaign_row *c)
{
	struct portal_data *d = ctx;
	if (strcmp(c->start, d->c.start) < 0 && (!d->prev_found || strcmp(c->start, d->prev.start) > 0)) {
		d->prev = *c;
		d->prev_found = 1;
	}
	return 0;
}

/* Everything from the database, within the caller's read transaction. */
static int build_all(struct db *db, struct portal_data *d, struct err *e)
{
	struct apply a = {.d = d};
	int rc = store_campaign_latest(db, &d->c, e);
	if (rc < 0)
		return -1;
	d->found = rc;
	if (!d->found)
		return 0;
	if (report_progress(db, d->c.code, &d->p, e) < 0 ||
	    store_campaign_each(db, previous_campaign, d, e) < 0 ||
	    (d->prev_found && store_campaign_income(db, d->prev.id, &d->prev_income, e) < 0))
		return -1;
	for (int i = 0; i < d->p.nunits; i++)
		if (d->p.units[i].id >= d->unit_pos_n)
			d->unit_pos_n = d->p.units[i].id + 1;
	d->unit_pos = xcalloc((size_t)d->unit_pos_n + 1, sizeof *d->unit_pos);
	d->unit_rows = xcalloc((size_t)d->p.nunits + 1, sizeof *d->unit_rows);
	for (int i = 0; i < d->p.nunits; i++)
		d->unit_pos[d->p.units[i].id] = i + 1;
	int64_t journal = d->v.journal;
	if (store_web_contrib_scan(db, d->c.id, apply_fact, &a, e) < 0)
		return -1;
	d->v.journal = journal; /* the scan's ids are contributions, not the journal's end */
	return a.rebuild ? err_fail(e, "portal: contribution of an unknown unit") : 0;
}

/* build_all, and a line on stderr (the server's log) saying so: reading
 * everything again is the expensive case, and operators should see when
 * and how often it happens. */
static int build(struct db *db, struct portal_data *d, struct err *e)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = build_all(db, d, e);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc == 0)
		fprintf(stderr, "ansinh serve: portal figures read afresh: %lld contributions in %.0f ms\n",
			(long long)d->st.contributions,
			(t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
	return rc;
}

struct audit_check {
	int rebuild;
};

/* Actions whose effect on the portal is wholly in the journal entries
 * (or that have none: logins, documents, canvassing, keys).  Anything else
 * (targets, units, campaigns, erasures, actions added later) rebuilds. */
static int check_action(void *ctx, const char *action)
{
	static const char *const follow[] = {
		"contribution.add", "contribution.reverse", "import.contributions", "import.bank",
		"import.payroll", "reconcile.", "goods.", "donor.add", "pledge.add", "user.", "token.",
		"session.", "login", "login.", "logout", "doc.", "committee.", "canvass.",
		"account.set", "log.key.", "log.origin",
		/* the fund's use: its entries move no income, and its page reads
		 * fund_use itself (portal_fund.c) */
		"fund.", NULL,
	};
	struct audit_check *c = ctx;
	for (int i = 0; follow[i]; i++)
		if (!strncmp(action, follow[i], strlen(follow[i])) &&
		    (follow[i][strlen(follow[i]) - 1] == '.' || !action[strlen(follow[i])]))
			return 0;
	c->rebuild = 1;
	return 0;
}

enum { FOLLOWED, MUST_REBUILD };

/* Brings data up to v from what was written since (read within the same
 * transaction, under the write lock): FOLLOWED, or MUST_REBUILD with data
 * untouched when the audit trail names something the entries cannot
 * describe.  When an entry itself cannot be followed half-way (a reversal of
 * the largest gift, say) the figures are rebuilt here and now. */
static int follow_changes(struct db *db, const struct web_data_version *v, struct err *e)
{
	struct portal_data *d = &data;
	if (!data_ready || v->journal < d->v.journal || v->audit < d->v.audit)
		return MUST_REBUILD;
	struct audit_check ac = {0};
	struct apply a = {.d = d, .incremental = 1};
	if (store_web_audit_after(db, d->v.audit, check_action, &ac, e) < 0)
		return -1;
	if (ac.rebuild)
		return MUST_REBUILD;
	if (!d->found) {
		d->v = *v;
		return FOLLOWED;
	}
	if (store_web_journal_after(db, d->v.journal, apply_fact, &a, e) < 0)
		return -1;
	if (!a.rebuild) {
		d->v.audit = v->audit;
		return FOLLOWED;
	}
	data_free(d);
	data_ready = 0;
	d->v = *v;
	if (build(db, d, e) < 0) {
		data_free(d);
		return -1;
	}
	data_ready = 1;
	return FOLLOWED;
}

static int newer(const struct web_data_version *a, const struct web_data_version *b)
{
	return a->journal > b->journal || a->audit > b->audit;
}

/* One request at a time brings the figures up to date.  A whole rebuild
 * (seconds over a million contributions) is read into a new copy while
 * the pages go on being served from the old one, then swapped in: a target
 * set or a unit added does not stall the portal. */
static pthread_mutex_t refresh_lock = PTHREAD_MUTEX_INITIALIZER;
static int rebuilding; /* under data_lock */

static int bring_up_to_date(struct db *db, const struct web_data_version *asked, struct err *e)
{
	struct web_data_version v;
	int rc;
	pthread_rwlock_rdlock(&data_lock);
	int current = data_ready && !newer(asked, &data.v); /* another request did it */
	pthread_rwlock_unlock(&data_lock);
	if (current)
		return 0;
	/* the version and what it covers are read in one snapshot */
	if (store_web_read_begin(db, e) < 0)
		return -1;
	if ((rc = store_web_data_version(db, &v, e)) == 0) {
		pthread_rwlock_wrlock(&data_lock);
		rc = follow_changes(db, &v, e);
		rebuilding = rc == MUST_REBUILD && data_ready;
		pthread_rwlock_unlock(&data_lock);
	}
	if (rc == MUST_REBUILD) {
		struct portal_data fresh = {.v = v};
		rc = build(db, &fresh, e);
		pthread_rwlock_wrlock(&data_lock);
		if (rc == 0) {
			data_free(&data);
			data = fresh;
			data_ready = 1;
		} else {
			data_free(&fresh);
		}
		rebuilding = 0;
		pthread_rwlock_unlock(&data_lock);
	}
	store_web_read_end(db);
	return rc < 0 ? -1 : 0;
}

const struct portal_data *portal_data_get(struct db *db, struct err *e)
{
	struct web_data_version v;
	if (store_web_data_version(db, &v, e) < 0)
		return NULL;
	pthread_rwlock_rdlock(&data_lock);
	if (data_ready && (!newer(&v, &data.v) || rebuilding))
		return &data; /* current, or the last figures while new ones are read */
	pthread_rwlock_unlock(&data_lock);

	pthread_mutex_lock(&refresh_lock);
	int rc = bring_up_to_date(db, &v, e);
	pthread_mutex_unlock(&refresh_lock);
	if (rc < 0)
		return NULL;
	pthread_rwlock_rdlock(&data_lock);
	if (!data_ready) {
		pthread_rwlock_unlock(&data_lock);
		err_fail(e, "portal: figures not available");
		return NULL;
	}
	return &data;
}

void portal_data_release(void)
{
	pthread_rwlock_unlock(&data_lock);
}

void portal_data_reset(void)
{
	pthread_rwlock_wrlock(&data_lock);
	data_free(&data);
	data_ready = 0;
	pthread_rwlock_unlock(&data_lock);
	portal_cache_clear();
}

/* ---- answers kept by their query ---- */
#define CACHE_SLOTS 1024
#define CACHE_BODY_MAX (32 * 1024) /* at most 32 MiB in all */

struct slot {
	uint64_t hash;
	char *key;
	struct web_data_version v;
	char *body;
	size_t len;
};
static struct slot cache[CACHE_SLOTS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

int portal_cache_get(const char *key, const struct portal_data *d, struct buf *out)
{
	uint64_t h = fnv1a(key);
	struct slot *sl = &cache[h % CACHE_SLOTS];
	int hit = 0;
	pthread_mutex_lock(&cache_lock);
	if (sl->key && sl->hash == h && !strcmp(sl->key, key) && sl->v.journal == d->v.journal &&
	    sl->v.audit == d->v.audit) {
		buf_put(out, sl->body, sl->len);
		hit = 1;
	}
	pthread_mutex_unlock(&cache_lock);
	return hit;
}

void portal_cache_put(const char *key, const struct portal_data *d, const char *body, size_t len)
{
	if (len > CACHE_BODY_MAX)
		return;
	uint64_t h = fnv1a(key);
	struct slot *sl = &cache[h % CACHE_SLOTS];
	char *k = xstrdup(key), *b = xmalloc(len + 1);
	memcpy(b, body, len);
	pthread_mutex_lock(&cache_lock);
	char *old_k = sl->key, *old_b = sl->body;
	sl->hash = h;
	sl->key = k;
	sl->body = b;
	sl->len = len;
	sl->v = d->v;
	pthread_mutex_unlock(&cache_lock);
	free(old_k);
	free(old_b);
}

void portal_cache_clear(void)
{
	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < CACHE_SLOTS; i++) {
		free(cache[i].key);
		free(cache[i].body);
		memset(&cache[i], 0, sizeof cache[i]);
	}
	pthread_mutex_unlock(&cache_lock);
}
