/* Donor search (issue #3): diacritic- and case-insensitive, đ = d, words in
 * any order, each typed word a prefix of a word of the name.
 *
 * Order: the exact name first, then names containing every typed word as a
 * whole word, then the remaining prefix matches; within each tier,
 * Vietnamese name order.  The cost must not grow with how common a name is
 * ("nguyen" matches a third of all Vietnamese), so each tier picks one of
 * two strategies from a capped count of its FTS matches:
 *  - few matches (at most SPARSE_MAX): fetch them, sort by the stored
 *    collation key, take the page;
 *  - many: walk all donors in Vietnamese order through a covering index and
 *    test each folded name in C; the matches are dense, so the page fills
 *    after a short walk. */
#include <stdlib.h>
#include <string.h>

#include "base/strmap.h"
#include "core/core.h"
#include "store/store.h"
#include "text/fold.h"

#define SPARSE_MAX 2000
#define MAX_WORDS 8

struct query {
	char *fold;                 /* the folded query, words separated by ' ' */
	const char *word[MAX_WORDS];
	size_t len[MAX_WORDS];
	int nwords;
};

enum tier { TIER_EXACT, TIER_WORDS, TIER_PREFIX, TIER_NONE };

/* Finds word w (length n) among the space-separated words of s: 2 as a
 * whole word, 1 as a prefix only, 0 not at all. */
static int word_in(const char *s, const char *w, size_t n)
{
	int found = 0;
	for (const char *p = s; *p;) {
		const char *end = strchr(p, ' ');
		size_t wl = end ? (size_t)(end - p) : strlen(p);
		if (wl >= n && memcmp(p, w, n) == 0) {
			if (wl == n)
				return 2;
			found = 1;
		}
		if (end == NULL)
			break;
		p = end + 1;
	}
	return found;
}

/* Which tier a donor (folded name, tax code) falls in for this query. */
static enum tier classify(const struct query *q, const char *fold, const char *tax)
{
	int whole = 1;
	if (strcmp(fold, q->fold) == 0)
		return TIER_EXACT;
	for (int i = 0; i < q->nwords; i++) {
		int in_name = word_in(fold, q->word[i], q->len[i]);
		int in_tax = tax[0] ? word_in(tax, q->word[i], q->len[i]) : 0;
		int best = in_name > in_tax ? in_name : in_tax;
		if (best == 0)
			return TIER_NONE;
		whole &= best == 2;
	}
	return whole ? TIER_WORDS : TIER_PREFIX;
}

struct results {
	int64_t *ids;
	int64_t n, need;
	struct strmap seen;
};

static void add(struct results *r, int64_t id)
{
	char key[sizeof id];
	memcpy(key, &id, sizeof id);
	int64_t unused;
	if (r->n >= r->need || strmap_get(&r->seen, key, sizeof key, &unused))
		return;
	strmap_put(&r->seen, key, sizeof key, 1);
	r->ids[r->n++] = id;
}

struct sparse_hit {
	int64_t id;
	char *key;
	size_t keylen;
};

static int hit_cmp(const void *a, const void *b)
{
	const struct sparse_hit *x = a, *y = b;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int c = memcmp(x->key, y->key, n);
	if (c)
		return c;
	if (x->keylen != y->keylen)
		return x->keylen < y->keylen ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static int tier_sparse(struct db *db, const struct query *q, enum tier t, const int64_t *ids,
		       int64_t n, struct results *r, struct err *e)
{
	struct sparse_hit *hits = xcalloc((size_t)n, sizeof *hits);
	struct buf key = BUF_INIT, fold = BUF_INIT, tax = BUF_INIT;
	int64_t nh = 0;
	int rc = -1;
	for (int64_t i = 0; i < n; i++) {
		int found = store_donor_key(db, ids[i], &key, &fold, &tax, e);
		if (found < 0)
			goto cleanup;
		if (found == 0 || classify(q, fold.p, tax.p) != t)
			continue;
		hits[nh].id = ids[i];
		hits[nh].keylen = key.len;
		hits[nh].key = xmalloc(key.len + 1);
		memcpy(hits[nh].key, key.p ? key.p : "", key.len);
		nh++;
	}
	qsort(hits, (size_t)nh, sizeof *hits, hit_cmp);
	for (int64_t i = 0; i < nh; i++)
		add(r, hits[i].id);
	rc = 0;
cleanup:
	for (int64_t i = 0; i < nh; i++)
		free(hits[i].key);
	free(hits);
	buf_free(&key);
	buf_free(&fold);
	buf_free(&tax);
	return rc;
}

struct walk {
	const struct query *q;
	enum tier t;
	struct results *r;
};

static int walk_one(void *ctx, int64_t id, const char *fold, const char *tax)
{
	struct walk *w = ctx;
	if (classify(w->q, fold, tax) == w->t)
		add(w->r, id);
	return w->r->n < w->r->need;
}

static void build_match(struct buf *m, const struct query *q, int prefix)
{
	buf_reset(m);
	for (int i = 0; i < q->nwords; i++) {
		buf_printf(m, "%s\"%.*s\"%s", i ? " AND " : "", (int)q->len[i], q->word[i],
			   prefix ? "*" : "");
	}
}

int donor_search(struct db *db, const char *text, int64_t limit, int64_t offset, int64_t **ids_out,
		 int64_t *n_out, struct err *e)
{
	struct query q = {0};
	struct results r = {0};
	struct buf match = BUF_INIT;
	int64_t *fts = NULL, nfts;
	int rc = -1;

	*ids_out = NULL;
	*n_out = 0;
	if (limit <= 0 || offset < 0)
		return err_usage(e, "search: bad page");
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
	if (q.nwords == 0) {
		err_fail(e, "search: '%s' has no letters or digits to search for", text);
		goto cleanup;
	}
	r.need = offset + limit;
	r.ids = xcalloc((size_t)r.need, sizeof *r.ids);
	fts = xcalloc(SPARSE_MAX + 1, sizeof *fts);

	if (store_donor_exact(db, q.fold, r.need, fts, &nfts, e) < 0)
		goto cleanup;
	for (int64_t i = 0; i < nfts; i++)
		add(&r, fts[i]);
	for (enum tier t = TIER_WORDS; t <= TIER_PREFIX && r.n < r.need; t++) {
		build_match(&match, &q, t == TIER_PREFIX);
		if (store_donor_search_ids(db, match.p, SPARSE_MAX + 1, fts, &nfts, e) < 0)
			goto cleanup;
		if (nfts <= SPARSE_MAX) {
			if (tier_sparse(db, &q, t, fts, nfts, &r, e) < 0)
				goto cleanup;
		} else {
			struct walk w = {&q, t, &r};
			if (store_donor_walk_sorted(db, walk_one, &w, e) < 0)
				goto cleanup;
		}
	}
	/* hand back the requested page */
	int64_t from = offset < r.n ? offset : r.n;
	*n_out = r.n - from;
	*ids_out = xcalloc((size_t)(*n_out > 0 ? *n_out : 1), sizeof **ids_out);
	memcpy(*ids_out, r.ids + from, (size_t)*n_out * sizeof **ids_out);
	rc = 0;
cleanup:
	free(q.fold);
	free(r.ids);
	free(fts);
	strmap_free(&r.seen);
	buf_free(&match);
	return rc;
}
