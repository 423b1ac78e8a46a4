/* The transparency log (log.h, docs/transparency-log.md "Salts").
 * Salts: drawn LOG_SALT_RUN at a time from ChaCha20 under a fresh random
 * seed, stored as that seed (one row per run instead of 32 bytes per
 * contribution), derived again when read, and written out one by one when
 * an erasure blanks the seed of a run (migrations/0012_log_salt.sql). */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/log_int.h"
#include "store/store.h"

_Static_assert(LOG_SALTS % LOG_SALT_RUN == 0, "a salt row holds whole groups of runs");

/* The salts of slots 0 .. slots-1 of a run's group: the first bytes of the
 * keystream of randombytes_buf_deterministic (ChaCha20) under its seed. */
static void run_salts(const uint8_t seed[randombytes_SEEDBYTES], int slots,
		      uint8_t out[LOG_SALT_RUN][LOG_SALT_SIZE])
{
	lg_sodium_ready();
	randombytes_buf_deterministic(out, (size_t)slots * LOG_SALT_SIZE, seed);
}

/* Salts come LOG_SALT_RUN at a time from ChaCha20 under a fresh 32-byte
 * seed from the system: one small getrandom and one stored row per run
 * instead of 32 bytes written per contribution.  A run starts at the
 * batch's first contribution and at each multiple of LOG_SALT_RUN, so it
 * never holds leaves of another batch or another group. */
int lg_take_salt(struct db *db, struct log_batch *lb, uint8_t out[LOG_SALT_SIZE], struct err *e)
{
	int64_t leaf = lb->size;
	if (leaf >= lb->run_end) {
		uint8_t seed[randombytes_SEEDBYTES];
		lg_sodium_ready();
		randombytes_buf(seed, sizeof seed);
		int rc = store_log_seed_insert(db, leaf, seed, e);
		run_salts(seed, LOG_SALT_RUN, lb->run);
		sodium_memzero(seed, sizeof seed);
		if (rc < 0)
			return -1;
		lb->run_end = (leaf / LOG_SALT_RUN + 1) * LOG_SALT_RUN;
	}
	memcpy(out, lb->run[leaf % LOG_SALT_RUN], LOG_SALT_SIZE);
	sodium_memzero(lb->run[leaf % LOG_SALT_RUN], LOG_SALT_SIZE);
	return 0;
}

/* The runs of one salt row, in order: each fills the slots from its first
 * leaf to the next run's (or its group's end) that hold no salt written
 * out.  A blank seed (erased) fills nothing. */
struct runs {
	int64_t base; /* the row's first leaf */
	uint8_t (*salts)[LOG_SALT_SIZE];
	int64_t leaf; /* the pending run: first leaf, -1 none */
	uint8_t seed[randombytes_SEEDBYTES];
	uint8_t keys[LOG_SALT_RUN][LOG_SALT_SIZE];
};

static void fill_run(struct runs *r, int64_t end)
{
	int64_t group_end = (r->leaf / LOG_SALT_RUN + 1) * LOG_SALT_RUN;
	if (r->leaf < 0 || lg_is_zero(r->seed, sizeof r->seed))
		return;
	if (end > group_end)
		end = group_end;
	run_salts(r->seed, (int)(end - (group_end - LOG_SALT_RUN)), r->keys);
	for (int64_t i = r->leaf; i < end; i++) {
		uint8_t *s = r->salts[i - r->base];
		if (lg_is_zero(s, LOG_SALT_SIZE))
			memcpy(s, r->keys[i % LOG_SALT_RUN], LOG_SALT_SIZE);
	}
}

static int take_run(void *ctx, int64_t leaf, const uint8_t *seed)
{
	struct runs *r = ctx;
	fill_run(r, leaf);
	r->leaf = leaf;
	/* a seed of another length (changed behind our back) derives nothing */
	if (seed)
		memcpy(r->seed, seed, sizeof r->seed);
	else
		memset(r->seed, 0, sizeof r->seed);
	return 0;
}

int lg_salts_load(struct db *db, int64_t n, uint8_t salts[LOG_SALTS][LOG_SALT_SIZE], struct err *e)
{
	struct runs *r = xmalloc(sizeof *r);
	int count, rc = -1;
	r->base = n * LOG_SALTS;
	r->salts = salts;
	r->leaf = -1;
	if (store_log_salt_get(db, n, &salts[0][0], &count, e) < 0 ||
	    store_log_seeds(db, r->base, r->base + LOG_SALTS, take_run, r, e) < 0)
		goto cleanup;
	fill_run(r, r->base + LOG_SALTS);
	rc = 0;
cleanup:
	sodium_memzero(r, sizeof *r);
	free(r);
	return rc;
}

int lg_leaf_salt(struct db *db, int64_t leaf, uint8_t salt[LOG_SALT_SIZE], struct err *e)
{
	uint8_t (*salts)[LOG_SALT_SIZE] = xmalloc(LOG_SALTS * LOG_SALT_SIZE);
	int rc = lg_salts_load(db, leaf / LOG_SALTS, salts, e);
	if (rc >= 0) {
		memcpy(salt, salts[leaf % LOG_SALTS], LOG_SALT_SIZE);
		rc = !lg_is_zero(salt, LOG_SALT_SIZE);
	}
	sodium_memzero(salts, LOG_SALTS * LOG_SALT_SIZE);
	free(salts);
	return rc;
}

/* ---- erasure ------------------------------------------------------------------ */

/* The runs of a group: the one holding a leaf and where the next begins. */
struct group_runs {
	int64_t leaf, start, next;
	uint8_t seed[randombytes_SEEDBYTES];
	int found;
};

static int find_run(void *ctx, int64_t leaf, const uint8_t *seed)
{
	struct group_runs *g = ctx;
	if (leaf <= g->leaf) {
		g->start = leaf;
		g->found = seed != NULL;
		if (seed)
			memcpy(g->seed, seed, sizeof g->seed);
	} else if (g->next < 0) {
		g->next = leaf;
	}
	return 0;
}

/* Which leaves of a run are contributions (the only ones with salts). */
struct contributions {
	int64_t from;
	uint8_t is[LOG_SALT_RUN];
};

static int take_contribution(void *ctx, const struct log_entry_row *r, const uint8_t *data,
			     size_t len, const uint8_t commit[32], enum identity_source src)
{
	struct contributions *c = ctx;
	(void)data;
	(void)len;
	(void)commit;
	(void)src;
	if (r->receipt && r->id - 1 >= c->from && r->id - 1 < c->from + LOG_SALT_RUN)
		c->is[r->id - 1 - c->from] = 1;
	return 0;
}

int lg_salt_erase(struct db *db, int64_t leaf, struct err *e)
{
	struct group_runs g = {.leaf = leaf, .start = -1, .next = -1};
	struct contributions *c = xcalloc(1, sizeof *c);
	uint8_t (*row)[LOG_SALT_SIZE] = xmalloc(LOG_SALTS * LOG_SALT_SIZE);
	uint8_t (*keys)[LOG_SALT_SIZE] = xmalloc(LOG_SALT_RUN * LOG_SALT_SIZE);
	int64_t n = leaf / LOG_SALTS, group = leaf - leaf % LOG_SALT_RUN, size;
	int count, rc = -1;

	if (store_log_salt_get(db, n, &row[0][0], &count, e) < 0)
		goto cleanup;
	/* written out (an older database, or a run erased before): blanked */
	if (!lg_is_zero(row[leaf % LOG_SALTS], LOG_SALT_SIZE)) {
		rc = store_log_salt_blank(db, n, (int)(leaf % LOG_SALTS), e);
		goto cleanup;
	}
	if (store_log_seeds(db, group, group + LOG_SALT_RUN, find_run, &g, e) < 0 ||
	    log_size(db, &size, e) < 0)
		goto cleanup;
	if (!g.found || lg_is_zero(g.seed, sizeof g.seed)) {
		rc = 0;
		goto cleanup;
	}
	/* The run's other contributions keep their salts, written out; then
	 * its seed is blanked, and with it the erased salt. */
	int64_t end = g.next >= 0 ? g.next : group + LOG_SALT_RUN;
	if (end > size)
		end = size;
	c->from = g.start;
	if (end > g.start && lg_rebuild(db, g.start + 1, end, take_contribution, c, e) < 0)
		goto cleanup;
	run_salts(g.seed, (int)(end - group), keys);
	for (int64_t i = g.start; i < end; i++) {
		if (i == leaf || !c->is[i - g.start])
			continue;
		memcpy(row[i % LOG_SALTS], keys[i % LOG_SALT_RUN], LOG_SALT_SIZE);
		if (count < i % LOG_SALTS + 1)
			count = (int)(i % LOG_SALTS) + 1;
	}
	if ((count > 0 && store_log_salt_put(db, n, &row[0][0], count, e) < 0) ||
	    (rc = store_log_seed_blank(db, g.start, e)) < 0)
		goto cleanup;
cleanup:
	sodium_memzero(&g, sizeof g);
	sodium_memzero(row, LOG_SALTS * LOG_SALT_SIZE);
	sodium_memzero(keys, LOG_SALT_RUN * LOG_SALT_SIZE);
	free(row);
	free(keys);
	free(c);
	return rc;
}
