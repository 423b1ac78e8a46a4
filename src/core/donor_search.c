/* Donor search (issue #3): diacritic- and case-insensitive, đ = d, words in
 * any order, each typed word a prefix of a word of the name or tax code.
 *
 * Order: the exact name first, then donors with every typed word as a whole
 * word, then the other prefix matches; within a tier, Vietnamese name
 * order.  The cost must not grow with how common a name is ("nguyen"
 * matches a third of all Vietnamese), so each tier is read one of two ways,
 * chosen by a capped count of its index matches:
 *  - sparse (at most SPARSE_MAX matches): all are read and sorted by the
 *    stored collation key, so the order is exact over the whole tier;
 *  - dense: matches are read in the order donors were registered until the
 *    page is full, and kept in that order, so pages never overlap.  Work is
 *    proportional to the page, never to the number of matches.
 * The matches of a tier come from the word index, or, for two typed words or
 * more, from the word-pair index (build_match): candidates there are a
 * superset, each checked by classify(), and the count is of candidates. */
#include <stdlib.h>
#include <string.h>

#include "base/strmap.h"
#include "core/core.h"
#include "store/store.h"
#include "text/fold.h"

#define SPARSE_MAX 300
#define SEARCH_PAGE_MAX 1000
#define SEARCH_OFFSET_MAX 100000
#define MAX_WORDS 8
/* Pair candidates a dense walk reads, beyond 4 per result wanted, before it
 * gives up for the word index. */
#define WALK_BUDGET 200

struct query {
	char *fold;                 /* the folded query, words separated by ' ' */
	const char *word[MAX_WORDS];
	size_t len[MAX_WORDS];
	int nwords;
};

enum tier { TIER_EXACT, TIER_WORDS, TIER_PREFIX, TIER_NONE };

/* Which tier a donor (folded name, tax code) falls in for this query. */
static enum tier classify(const struct query *q, const char *fold, const char *tax)
{
	int whole = 1;
	if (strcmp(fold, q->fold) == 0)
		return TIER_EXACT;
	for (int i = 0; i < q->nwords; i++) {
		int in_name = text_word_in(fold, q->word[i], q->len[i]);
		int in_tax = tax[0] ? text_word_in(tax, q->word[i], q->len[i]) : 0;
		int best = in_name > in_tax ? in_name : in_tax;
		if (best == 0)
			return TIER_NONE;
		whole &= best == 2;
	}
	return whole ? TIER_WORDS : TIER_PREFIX;
}

/* Donors of one tier with their collation keys, to be sorted by name. */
struct hit {
	int64_t id;
	char *key;
	size_t keylen;
};

struct tier_read {
	struct db *db;
	const struct query *q;
	enum tier t;
	struct hit *hits;
	int64_t n, cap;          /* cap: stop after this many hits (dense) */
	int64_t seen, budget;    /* candidates read; give up after budget (0: never) */
	struct buf key, fold, tax;
	struct err *e;
};

static int hit_cmp(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int c = memcmp(x->key, y->key, n);
	if (c)
		return c;
	if (x->keylen != y->keylen)
		return x->keylen < y->keylen ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* Reads one candidate; returns 1 to go on, 0 when the page is full. */
static int consider(void *ctx, int64_t id)
{
	struct tier_read *tr = ctx;
	if (tr->budget && ++tr->seen > tr->budget)
		return 0;
	int found = store_donor_key(tr->db, id, &tr->key, &tr->fold, &tr->tax, tr->e);
	if (found < 0)
		return -1;
	/* the index holds the tax code as words ("0301234567-001" is two) */
	for (char *p = tr->tax.p; p && *p; p++)
		if (*p == '-')
			*p = ' ';
	if (found == 0 || classify(tr->q, tr->fold.p, tr->tax.p ? tr->tax.p : "") != tr->t)
		return 1;
	struct hit *h = &tr->hits[tr->n++];
	h->id = id;
	h->keylen = tr->key.len;
	h->key = xmalloc(tr->key.len + 1);
	memcpy(h->key, tr->key.p ? tr->key.p : "", tr->key.len);
	return tr->n < tr->cap;
}

struct results {
	int64_t *ids;
	int64_t n, need;
	struct strmap seen;
};

static void add(struct results *r, int64_t id)
{
	char key[sizeof id];
	int64_t unused;
	memcpy(key, &id, sizeof id);
	if (r->n >= r->need || strmap_get(&r->seen, key, sizeof key, &unused))
		return;
	strmap_put(&r->seen, key, sizeof key, 1);
	r->ids[r->n++] = id;
}

/* Which typed words a pair query may be built around, best first: the
 * words of at least min characters, from the last typed (most often the
 * given name, the least common) to the first.  A typed word that starts
 * another typed word is left out: both may match one word of the name. */
static int pair_centers(const struct query *q, size_t min, int keep[], int centers[])
{
	int n = 0;
	for (int i = 0; i < q->nwords; i++) {
		keep[i] = 1;
		for (int j = 0; j < q->nwords && keep[i]; j++)
			if (j != i && q->len[j] >= q->len[i] &&
			    memcmp(q->word[j], q->word[i], q->len[i]) == 0 &&
			    (q->len[j] > q->len[i] || j < i))
				keep[i] = 0;
	}
	for (int i = q->nwords - 1; i >= 0; i--)
		if (keep[i] && text_chars(q->word[i], q->len[i]) >= min)
			centers[n++] = i;
	return n;
}

/* The FTS5 query for a tier around its nth pair center, or on the word
 * index when there is no such center (nth < 0 asks for the word index);
 * returns 1 for a pair query.  A pair query asks the word-pair index
 * (text_pair_tokens) for the center paired with each other typed word: as
 * whole words for the whole-word tier; for the prefix tier, a center of 3
 * characters or more with the other words of 2 or more.  Pair tokens are
 * exact, so the doclists read are small even when every word is common;
 * they find a superset of the tier, which classify() narrows.  The word
 * index query has each typed word, whole or as a prefix. */
static int build_match(struct buf *m, const struct query *q, int prefix, int nth)
{
	int keep[MAX_WORDS], centers[MAX_WORDS], others = 0, center = -1;
	size_t min_other = prefix ? 2 : 1;
	buf_reset(m);
	if (nth >= 0 && nth < pair_centers(q, prefix ? 3 : 1, keep, centers))
		center = centers[nth];
	for (int i = 0; i < q->nwords && center >= 0; i++)
		others += i != center && keep[i] &&
			  text_chars(q->word[i], q->len[i]) >= min_other;
	if (others > 0) {
		buf_puts(m, "pairs:");
		for (int i = 0, n = 0; i < q->nwords; i++) {
			if (i == center || !keep[i] ||
			    text_chars(q->word[i], q->len[i]) < min_other)
				continue;
			buf_puts(m, n++ ? " AND \"" : "\"");
			text_pair_token(m, q->word[center], q->len[center], q->word[i], q->len[i],
					!prefix);
			buf_putc(m, '"');
		}
		buf_puts(m, " OR \"" TEXT_PAIR_LONG "\"");
		return 1;
	}
	for (int i = 0; i < q->nwords; i++)
		buf_printf(m, "%s\"%.*s\"%s", i ? " AND " : "", (int)q->len[i], q->word[i],
			   prefix ? "*" : "");
	return 0;
}

/* Reads tier t into r: sparse or dense as described at the top.  A dense
 * walk over pair candidates that are mostly not of the tier (the pair
 * "tha_ho" stands for "thai hoi" and for "thanh hong") gives up after a
 * bounded number of reads, and the tier is read from the word index. */
static int read_tier(struct db *db, const struct query *q, enum tier t, struct results *r,
		     int64_t *scratch, struct err *e)
{
	struct buf match = BUF_INIT;
	struct tier_read tr = {.db = db, .q = q, .t = t, .e = e};
	int64_t n;
	int rc = -1, dense = 0, nth = 0, pairs;

	/* The prefix tier tries each center until one finds few candidates,
	 * else takes the first; a walk that gives up goes to the word index. */
	for (;;) {
		pairs = build_match(&match, q, t == TIER_PREFIX, nth);
		if (store_donor_search_ids(db, match.p, SPARSE_MAX + 1, scratch, &n, e) < 0)
			goto cleanup;
		dense = n > SPARSE_MAX;
		if (pairs && dense && t == TIER_PREFIX && nth >= 0 &&
		    build_match(&match, q, 1, nth + 1)) {
			nth++;
			continue;
		}
		if (pairs && dense && nth > 0) { /* none was sparse: the first */
			nth = -2;
			build_match(&match, q, t == TIER_PREFIX, 0);
		}
		/* enough room for every hit of this tier that the page can use;
		 * ids already taken by an earlier tier are skipped by add() */
		tr.cap = dense ? r->need : n;
		tr.hits = xcalloc((size_t)(tr.cap > 0 ? tr.cap : 1), sizeof *tr.hits);
		tr.seen = 0;
		tr.budget = dense && pairs ? WALK_BUDGET + 4 * tr.cap : 0;
		if (!dense) {
			for (int64_t i = 0; i < n && tr.n < tr.cap; i++)
				if (consider(&tr, scratch[i]) < 0)
					goto cleanup;
		} else if (tr.cap > 0 &&
			   store_donor_search_each(db, match.p, consider, &tr, e) < 0) {
			goto cleanup;
		}
		if (tr.budget == 0 || tr.seen <= tr.budget)
			break;
		for (int64_t i = 0; i < tr.n; i++)
			free(tr.hits[i].key);
		free(tr.hits);
		tr.hits = NULL;
		tr.n = 0;
		nth = -1;
	}
	/* A dense tier stays in registration order: sorting only the part read
	 * would make consecutive pages overlap. */
	if (!dense)
		qsort(tr.hits, (size_t)tr.n, sizeof *tr.hits, hit_cmp);
	for (int64_t i = 0; i < tr.n; i++)
		add(r, tr.hits[i].id);
	rc = 0;
cleanup:
	for (int64_t i = 0; i < tr.n; i++)
		free(tr.hits[i].key);
	free(tr.hits);
	buf_free(&tr.key);
	buf_free(&tr.fold);
	buf_free(&tr.tax);
	buf_free(&match);
	return rc;
}

int donor_search_check(const char *text, struct err *e)
{
	char *f = text_fold_dup(text);
	int ok = f[0] != '\0';
	free(f);
	return ok ? 0 : err_usage(e, "--search: '%s' has no letters or digits to search for", text);
}

int donor_search(struct db *db, const char *text, int64_t limit, int64_t offset, int64_t **ids_out,
		 int64_t *n_out, struct err *e)
{
	struct query q = {0};
	struct results r = {0};
	int64_t *scratch = NULL, nexact;
	int rc = -1;

	*ids_out = NULL;
	*n_out = 0;
	if (limit <= 0 || limit > SEARCH_PAGE_MAX || offset < 0 || offset > SEARCH_OFFSET_MAX)
		return err_usage(e, "search: a page is 1 to %d results from offset 0 to %d",
				 SEARCH_PAGE_MAX, SEARCH_OFFSET_MAX);
	if (donor_search_check(text, e) < 0)
		return -1;
	q.fold = text_fold_dup(text);
	for (char *p = q.fold; *p && q.nwords < MAX_WORDS;) {
		char *end = strchr(p, ' ');
		q.word[q.nwords] = p;
		q.len[q.nwords] = end ? (size_t)(end - p) : strlen(p);
		q.nwords++;
		if (end == NULL)
			break;
		p = end + 1;
	}
	r.need = offset + limit;
	r.ids = xcalloc((size_t)r.need, sizeof *r.ids);
	scratch = xcalloc((size_t)(SPARSE_MAX + 1 > r.need ? SPARSE_MAX + 1 : r.need),
			  sizeof *scratch);

	if (store_donor_exact(db, q.fold, r.need, scratch, &nexact, e) < 0)
		goto cleanup;
	for (int64_t i = 0; i < nexact; i++)
		add(&r, scratch[i]);
	for (enum tier t = TIER_WORDS; t <= TIER_PREFIX && r.n < r.need; t++)
		if (read_tier(db, &q, t, &r, scratch, e) < 0)
			goto cleanup;
	/* hand back the requested page */
	int64_t from = offset < r.n ? offset : r.n;
	*n_out = r.n - from;
	*ids_out = xcalloc((size_t)(*n_out > 0 ? *n_out : 1), sizeof **ids_out);
	memcpy(*ids_out, r.ids + from, (size_t)*n_out * sizeof **ids_out);
	rc = 0;
cleanup:
	free(q.fold);
	free(r.ids);
	free(scratch);
	strmap_free(&r.seen);
	return rc;
}
