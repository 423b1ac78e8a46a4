/* Contribution search (issue #3: "search on donor names, units, receipt
 * numbers, notes"): receipt number prefixes, then donors' names through
 * donor_search, then note words through the note index — every source
 * index-backed, each asked for at most one page. */
#include <stdlib.h>
#include <string.h>

#include "base/strmap.h"
#include "core/core.h"
#include "core/web_support.h"
#include "store/store.h"

#define SEARCH_DONORS 200

struct found {
	struct strmap seen;
	int64_t n, limit;
	contribution_fn fn;
	void *ctx;
};

/* Passes each contribution on once, up to the limit. */
static int pass_once(void *p, const struct contribution_view *c)
{
	struct found *f = p;
	char key[sizeof c->id];
	int64_t unused;
	memcpy(key, &c->id, sizeof key);
	if (f->n >= f->limit || strmap_get(&f->seen, key, sizeof key, &unused))
		return 0;
	strmap_put(&f->seen, key, sizeof key, 1);
	f->n++;
	return f->fn(f->ctx, c) < 0 ? -1 : 0;
}

/* Receipt numbers are ASCII, stored in upper case, with no spaces. */
static int by_receipt(struct db *db, const char *text, int64_t campaign_id, struct found *f,
		      struct err *e)
{
	char prefix[80];
	size_t n = strlen(text);
	while (n && text[n - 1] == ' ')
		n--;
	while (n && *text == ' ')
		text++, n--;
	if (n == 0 || n >= sizeof prefix || memchr(text, ' ', n))
		return 0;
	for (size_t i = 0; i < n; i++)
		prefix[i] = text[i] >= 'a' && text[i] <= 'z' ? (char)(text[i] - 'a' + 'A') : text[i];
	prefix[n] = '\0';
	return store_contribution_by_receipt(db, prefix, campaign_id, f->limit, pass_once, f, e);
}

static int by_donor(struct db *db, const char *text, int64_t campaign_id, struct found *f,
		    struct err *e)
{
	int64_t *ids = NULL, n = 0;
	int rc = -1;
	if (donor_search(db, text, SEARCH_DONORS, 0, &ids, &n, e) < 0)
		return -1;
	for (int64_t i = 0; i < n && f->n < f->limit; i++) {
		struct contribution_filter flt = {.campaign_id = campaign_id, .donor_id = ids[i],
						  .limit = f->limit};
		if (store_contribution_each(db, &flt, pass_once, f, e) < 0)
			goto cleanup;
	}
	rc = 0;
cleanup:
	free(ids);
	return rc;
}

int contribution_search(struct db *db, const char *text, int64_t campaign_id, int64_t limit,
			int (*fn)(void *ctx, const struct contribution_view *c), void *ctx,
			struct err *e)
{
	struct found f = {.limit = limit, .fn = fn, .ctx = ctx};
	struct buf match = BUF_INIT;
	int rc = -1;

	if (limit < 1 || limit > CONTRIBUTION_SEARCH_MAX)
		return err_usage(e, "search: 1 to %d contributions at a time",
				 CONTRIBUTION_SEARCH_MAX);
	if (search_match(&match, text) == 0)
		return donor_search_check(text, e);
	if (by_receipt(db, text, campaign_id, &f, e) < 0)
		goto cleanup;
	if (f.n < f.limit && by_donor(db, text, campaign_id, &f, e) < 0)
		goto cleanup;
	if (f.n < f.limit &&
	    store_contribution_by_note(db, match.p, campaign_id, f.limit, pass_once, &f, e) < 0)
		goto cleanup;
	rc = 0;
cleanup:
	strmap_free(&f.seen);
	buf_free(&match);
	return rc < 0 ? -1 : (int)f.n;
}
