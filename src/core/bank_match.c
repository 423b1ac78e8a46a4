/* Who sent a bank transfer.  Donors type the description themselves,
 * without diacritics, behind whatever their bank puts first:
 *   MBVCB.3612345678.NGUYEN VAN DUC chuyen tien.CT tu 0071000123456 NGUYEN VAN DUC toi ...
 *   IBFT UH ASXH P001234 TRAN THI MAI
 *   CT nhanh 247 LE MINH TAM ung ho quy an sinh
 * The matcher folds the text (src/text/fold: case, diacritics, đ -> d),
 * takes the payment reference (P + pledge id), the sender account ("tu"
 * followed by digits, or the statement's column), drops bank prefixes,
 * numbers and the usual phrases, and looks the remaining runs of words up
 * among the donors' folded names — the same folded names the donor search
 * index holds — in memory:
 *  - every word of a name, in any order (sorted words as the key);
 *  - family and given name with the middle name(s) left out (first and
 *    last word as the key, then every typed word must be in the name).
 * A trailing word that is not part of the name ("NGUYEN VAN DUC GUI") is
 * tolerated by trying the run's shorter beginnings too.
 *
 * A short number between name words stays ("PHUONG 2"); when some run
 * names a donor fully, partial matches on other runs ("ASXH TRA VINH")
 * are dropped.
 *
 * Scores (core/bank.h) are roughly ten times the log of the odds:
 * reference 100; full name 70 (in order, or the given name first), partial
 * 55 (never sure without the account), the words in another order 45 (so
 * no rival to a name typed in order); +30 when the sender account was
 * learnt for that donor and the text names nobody else (60 when only the
 * account points to a donor); up to +20 when the amount equals what is
 * still outstanding on one of the donor's open pledges, less the more
 * common the amount is among the lines; up to +15 when no other candidate
 * comes within 15, cut by 10 for every factor of ten that the chance of a
 * stranger bearing the name exceeds 2 % (from the name's expected bearers
 * among as many people as there are donors).  Candidates within 15 of each
 * other are ambiguous and never matched automatically.  Accounts are learnt
 * from clerks' confirmations (matcher_add_sender) and from the lines a run
 * records automatically (matcher_learn); an account seen with two donors
 * is trusted for neither.  docs/bank.md tells it for clerks,
 * docs/benchmarks.md measures it. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/checked.h"
#include "core/bank.h"
#include "core/core.h"
#include "store/bank.h"
#include "text/fold.h"
#include "text/money.h"

#define MAX_WORDS 48
#define MAX_RUN 24       /* words of the longest name tried */
#define MAX_CANDIDATES 64

struct mdonor {
	int64_t id;
	uint32_t name, fold, tax; /* offsets into the arena */
	int64_t next_full, next_pair; /* index + 1 of the next donor with the same key */
	int64_t pledges;          /* index + 1 of the donor's first pledge */
	int64_t unit_id;
	int accounts;             /* sender accounts known for the donor */
};
struct mpledge {
	int64_t id, donor_ix, campaign_id, outstanding;
	int64_t next; /* index + 1 of the donor's next pledge */
};

void matcher_init(struct matcher *m)
{
	memset(m, 0, sizeof *m);
	buf_putc(&m->arena, '\0'); /* offset 0 is "" */
}

void matcher_free(struct matcher *m)
{
	free(m->d);
	free(m->p);
	strmap_free(&m->full);
	strmap_free(&m->pair);
	strmap_free(&m->by_id);
	strmap_free(&m->units);
	strmap_free(&m->pledges);
	strmap_free(&m->senders);
	strmap_free(&m->words);
	strmap_free(&m->amounts);
	buf_free(&m->arena);
	buf_free(&m->key);
	memset(m, 0, sizeof *m);
}

static uint32_t arena_put(struct matcher *m, const char *s)
{
	if (s == NULL || !s[0])
		return 0;
	uint32_t off = (uint32_t)m->arena.len;
	buf_put(&m->arena, s, strlen(s) + 1);
	return off;
}

static const char *arena_at(const struct matcher *m, uint32_t off)
{
	return m->arena.p + off;
}

static int word_cmp(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	return strcmp(*x, *y);
}

/* Key of a set of words: sorted, joined by spaces (the words point into
 * NUL-separated storage). */
static void key_sorted(struct buf *k, const char **w, int n)
{
	const char *s[MAX_RUN];
	if (n > MAX_RUN)
		n = MAX_RUN;
	memcpy(s, w, (size_t)n * sizeof *s);
	qsort(s, (size_t)n, sizeof *s, word_cmp);
	buf_reset(k);
	for (int i = 0; i < n; i++) {
		if (i)
			buf_putc(k, ' ');
		buf_puts(k, s[i]);
	}
}

static void key_pair(struct buf *k, const char *first, const char *last)
{
	buf_reset(k);
	buf_puts(k, first);
	buf_putc(k, ' ');
	buf_puts(k, last);
}

/* Splits folded text in place into words. */
static int split_words(char *s, const char **w, int max)
{
	int n = 0;
	for (char *p = s; *p && n < max;) {
		char *end = strchr(p, ' ');
		w[n++] = p;
		if (end == NULL)
			break;
		*end = '\0';
		p = end + 1;
	}
	return n;
}

static void id_key(int64_t id, char k[8])
{
	memcpy(k, &id, 8);
}

/* Words are counted by where they stand in a name: family name first
 * ('f'), given name last ('l'), middle names between ('m'); the key is the
 * position letter and the word. */
static void word_key(struct buf *k, char pos, const char *w, size_t l)
{
	buf_reset(k);
	buf_putc(k, pos);
	buf_put(k, w, l);
}

static void word_count(struct matcher *m, char pos, const char *w)
{
	int64_t count = 0;
	word_key(&m->key, pos, w, strlen(w));
	strmap_get(&m->words, m->key.p, m->key.len, &count);
	strmap_put(&m->words, m->key.p, m->key.len, count + 1);
}

void matcher_add_donor(struct matcher *m, int64_t id, const char *name, const char *fold,
		       const char *tax, int64_t unit_id)
{
	if (m->nd == m->capd) {
		m->capd = m->capd ? m->capd * 2 : 1024;
		m->d = xrealloc(m->d, (size_t)m->capd * sizeof *m->d);
	}
	int64_t ix = m->nd++;
	struct mdonor *d = &m->d[ix];
	char k[8];
	memset(d, 0, sizeof *d);
	d->id = id;
	d->unit_id = unit_id;
	d->name = arena_put(m, name);
	d->fold = arena_put(m, fold);
	d->tax = arena_put(m, tax);
	id_key(id, k);
	strmap_put(&m->by_id, k, 8, ix);

	char *copy = xstrdup(fold ? fold : "");
	const char *w[MAX_WORDS];
	int n = split_words(copy, w, MAX_WORDS);
	int64_t head;
	for (int i = 0; i < n; i++)
		word_count(m, i == n - 1 ? 'l' : i == 0 ? 'f' : 'm', w[i]);
	if (n > 0 && n <= MAX_RUN) {
		key_sorted(&m->key, w, n);
		d->next_full = strmap_get(&m->full, m->key.p, m->key.len, &head) ? head : 0;
		strmap_put(&m->full, m->key.p, m->key.len, ix + 1);
	}
	if (n >= 3) {
		key_pair(&m->key, w[0], w[n - 1]);
		d->next_pair = strmap_get(&m->pair, m->key.p, m->key.len, &head) ? head : 0;
		strmap_put(&m->pair, m->key.p, m->key.len, ix + 1);
	}
	free(copy);
}

static int64_t donor_ix(const struct matcher *m, int64_t id)
{
	char k[8];
	int64_t ix;
	id_key(id, k);
	return strmap_get(&m->by_id, k, 8, &ix) ? ix : -1;
}

void matcher_add_pledge(struct matcher *m, int64_t id, int64_t donor_id, int64_t campaign_id,
			int64_t outstanding)
{
	int64_t dix = donor_ix(m, donor_id);
	char k[8];
	if (dix < 0)
		return;
	if (m->np == m->capp) {
		m->capp = m->capp ? m->capp * 2 : 1024;
		m->p = xrealloc(m->p, (size_t)m->capp * sizeof *m->p);
	}
	int64_t ix = m->np++;
	m->p[ix] = (struct mpledge){id, dix, campaign_id, outstanding, m->d[dix].pledges};
	m->d[dix].pledges = ix + 1;
	id_key(id, k);
	strmap_put(&m->pledges, k, 8, ix);
}

static void sender_put(struct matcher *m, const char *account, int64_t donor_id)
{
	int64_t ix = donor_id > 0 ? donor_ix(m, donor_id) : -1;
	strmap_put(&m->senders, account, strlen(account), donor_id);
	if (ix >= 0)
		m->d[ix].accounts++;
}

void matcher_add_sender(struct matcher *m, const char *account, int64_t donor_id)
{
	sender_put(m, account, donor_id);
}

void matcher_learn(struct matcher *m, const char *account, int64_t donor_id)
{
	int64_t known;
	if (account == NULL || !account[0])
		return;
	if (!strmap_get(&m->senders, account, strlen(account), &known))
		sender_put(m, account, donor_id);
	else if (known != donor_id)
		strmap_put(&m->senders, account, strlen(account), -1); /* two names: trust neither */
}

void matcher_pay(struct matcher *m, int64_t pledge_id, int64_t amount)
{
	char k[8];
	int64_t ix;
	id_key(pledge_id, k);
	if (strmap_get(&m->pledges, k, 8, &ix))
		m->p[ix].outstanding = m->p[ix].outstanding > amount ? m->p[ix].outstanding - amount : 0;
}

int matcher_identity(const struct matcher *m, int64_t donor_id, const char **name,
		     const char **tax, int64_t *unit_id)
{
	int64_t ix = donor_ix(m, donor_id);
	if (ix < 0)
		return 0;
	*name = arena_at(m, m->d[ix].name);
	*tax = m->d[ix].tax ? arena_at(m, m->d[ix].tax) : NULL;
	*unit_id = m->d[ix].unit_id;
	return 1;
}

static int add_donor_cb(void *ctx, int64_t id, const char *name, const char *fold,
			const char *tax, int64_t unit_id)
{
	matcher_add_donor(ctx, id, name, fold, tax, unit_id);
	return 0;
}

static int add_pledge_cb(void *ctx, int64_t id, int64_t donor_id, int64_t campaign_id,
			 int64_t outstanding)
{
	matcher_add_pledge(ctx, id, donor_id, campaign_id, outstanding);
	return 0;
}

void matcher_add_unit(struct matcher *m, int64_t id, const char *name)
{
	char k[8];
	id_key(id, k);
	strmap_put(&m->units, k, 8, arena_put(m, name));
}

/* "Xã Long Đức", or "đơn vị 8" for a unit the matcher was not told of. */
static void unit_name(const struct matcher *m, int64_t id, struct buf *out)
{
	char k[8];
	int64_t off;
	id_key(id, k);
	if (strmap_get(&m->units, k, 8, &off))
		buf_puts(out, arena_at(m, (uint32_t)off));
	else
		buf_printf(out, "đơn vị %lld", (long long)id);
}

static int add_unit_cb(void *ctx, const struct unit_row *u)
{
	matcher_add_unit(ctx, u->id, u->name);
	return 0;
}

static int add_sender_cb(void *ctx, const char *account, int64_t donor_id)
{
	matcher_add_sender(ctx, account, donor_id);
	return 0;
}

int matcher_load(struct db *db, struct matcher *m, struct err *e)
{
	if (store_bank_donors_each(db, add_donor_cb, m, e) < 0 ||
	    store_bank_pledges_open(db, add_pledge_cb, m, e) < 0 ||
	    store_bank_senders_each(db, add_sender_cb, m, e) < 0 ||
	    store_unit_each(db, add_unit_cb, m, e) < 0)
		return -1;
	return 0;
}

/* ---- reading the description ---- */

/* Phrases that are never part of a name, longest first where one starts
 * another.  Single words here must not be Vietnamese names: "tien" (Tiến),
 * "quy" (Quý), "ho" (Hồ), "nam", "an", "tu" (Tú) only go inside phrases. */
static const char *const noise[] = {
	"ung ho quy an sinh xa hoi", "ung ho quy asxh", "ung ho quy an sinh", "ung ho quy",
	"quy an sinh xa hoi", "quy an sinh", "quy asxh", "an sinh xa hoi", "an sinh",
	"ung ho", "uh", "asxh", "xa hoi", "chuyen tien", "chuyen khoan", "nop tien", "gui tien",
	"ct nhanh", "nhanh", "ck", "ct", "ibft", "mbvcb", "vcb", "bidv", "vietinbank", "vtb",
	"agribank", "techcombank", "tcb", "mbbank", "acb", "vpbank", "sacombank", "napas",
	"ft", "tk", "stk", "so tk", "ma gd", "gd", "ref", "trace", "qr", "vietqr", "ib",
	"mobile banking", "internet banking", "smartbanking", "dong gop", "ho tro",
	"gui", "toi", "cho", "ngan hang", "nhan dip", "thanh toan cho",
	NULL,
};

static int noise_len(const char **w, int n, int at)
{
	for (const char *const *p = noise; *p; p++) {
		const char *s = *p;
		int k = 0;
		if (s[0] != w[at][0])
			continue;
		while (at + k < n) {
			size_t l = strlen(w[at + k]);
			if (strncmp(s, w[at + k], l) != 0 || (s[l] != ' ' && s[l] != '\0'))
				break;
			k++;
			s += l;
			if (*s == '\0')
				return k;
			s++;
		}
	}
	return 0;
}

static int has_digit(const char *s)
{
	for (; *s; s++)
		if (isdigit((unsigned char)*s))
			return 1;
	return 0;
}

/* A payment reference: p and 6 to 9 digits ("p001234"). */
static int is_ref(const char *w)
{
	size_t n = strlen(w);
	return w[0] == 'p' && n >= 7 && n <= 10 && core_all_digits(w + 1);
}

struct parsed {
	struct buf fold;
	const char *w[MAX_WORDS];
	int n;
	unsigned char keep[MAX_WORDS]; /* 1: may be part of a name */
	const char *ref, *sender;
};

static void desc_parse(const char *desc, struct parsed *p)
{
	buf_reset(&p->fold);
	text_fold(&p->fold, desc, strlen(desc));
	buf_putc(&p->fold, '\0');
	p->n = split_words(p->fold.p, p->w, MAX_WORDS);
	p->ref = p->sender = NULL;
	for (int i = 0; i < p->n; i++)
		p->keep[i] = 1;
	for (int i = 0; i < p->n;) {
		const char *w = p->w[i];
		if (is_ref(w) && p->ref == NULL)
			p->ref = w;
		/* "tu 0071000123456": the sender's account; "toi ...": ours */
		if ((!strcmp(w, "tu") || !strcmp(w, "toi")) && i + 1 < p->n &&
		    core_all_digits(p->w[i + 1])) {
			size_t l = strlen(p->w[i + 1]);
			if (w[1] == 'u' && p->sender == NULL && l >= 6 && l <= 19)
				p->sender = p->w[i + 1];
			p->keep[i] = p->keep[i + 1] = 0;
			i += 2;
			continue;
		}
		if (has_digit(w)) {
			p->keep[i++] = 0;
			continue;
		}
		int k = noise_len(p->w, p->n, i);
		if (k > 0) {
			for (int j = 0; j < k; j++)
				p->keep[i + j] = 0;
			i += k;
			continue;
		}
		i++;
	}
	/* A short number between name words is part of an organisation's
	 * name: "CAN BO CONG CHUC PHUONG 2 THANH PHO TRA VINH". */
	for (int i = 1; i + 1 < p->n; i++)
		if (!p->keep[i] && p->keep[i - 1] && p->keep[i + 1] && strlen(p->w[i]) <= 3 &&
		    core_all_digits(p->w[i]))
			p->keep[i] = 1;
}

void bank_desc_names(const char *desc, struct buf *out)
{
	struct parsed p = {0};
	desc_parse(desc, &p);
	buf_reset(out);
	for (int i = 0; i < p.n; i++) {
		if (!p.keep[i])
			continue;
		if (out->len && (i == 0 || !p.keep[i - 1]))
			buf_putc(out, '|');
		else if (out->len)
			buf_putc(out, ' ');
		buf_puts(out, p.w[i]);
	}
	buf_free(&p.fold);
}

/* ---- candidates and scores ---- */

struct cand {
	int64_t ix; /* donor index */
	int run;    /* which run of words named it (-1: the sender account) */
	int base, score;
	int name_base; /* what the name alone scored (0: only the account) */
	int account;   /* the sender account, seen before for the donor */
	int64_t pledge_id, campaign_id;
	const char *how;
};

struct cands {
	struct cand c[MAX_CANDIDATES];
	int n;
	int run; /* the run being looked up */
};

static struct cand *cand_add(struct cands *cs, int64_t ix, int base, const char *how)
{
	for (int i = 0; i < cs->n; i++)
		if (cs->c[i].ix == ix) {
			if (base > cs->c[i].base) {
				cs->c[i].base = cs->c[i].name_base = base;
				cs->c[i].how = how;
			}
			return &cs->c[i];
		}
	if (cs->n == MAX_CANDIDATES)
		return NULL;
	cs->c[cs->n] = (struct cand){.ix = ix, .run = cs->run, .base = base, .name_base = base,
				     .how = how};
	return &cs->c[cs->n++];
}

/* Every word of the run is a whole word of the donor's name. */
static int words_in(const char *fold, const char **w, int n)
{
	for (int i = 0; i < n; i++)
		if (text_word_in(fold, w[i], strlen(w[i])) != 2)
			return 0;
	return 1;
}

/* The typed words are the name's in its order, or with the given name
 * (the last word) moved first: "DUC NGUYEN VAN" for Nguyễn Văn Đức. */
static int in_order(const char *fold, const char **w, int n)
{
	const char *p = fold;
	for (int pass = 0; pass < 2; pass++) {
		int ok = 1;
		p = fold;
		for (int i = 0; i < n && ok; i++) {
			const char *t = w[pass ? (i + 1) % n : i];
			size_t l = strlen(t);
			ok = strncmp(p, t, l) == 0 && (p[l] == ' ' || p[l] == '\0');
			p += l;
			if (*p == ' ')
				p++;
		}
		if (ok && *p == '\0')
			return 1;
	}
	return 0;
}

/* Looks one run of words up: the longest beginning that names donors
 * fully, else the longest that names them partly.  Returns how many
 * candidates were added. */
static int run_lookup(struct matcher *m, const char **w, int n, struct cands *cs)
{
	int64_t head;
	int added = 0, exact_len = 0;
	if (n > MAX_RUN)
		n = MAX_RUN;
	for (int len = n; len >= 2 && !added; len--) {
		exact_len = len;
		key_sorted(&m->key, w, len);
		if (!strmap_get(&m->full, m->key.p, m->key.len, &head))
			continue;
		for (int64_t i = head; i; i = m->d[i - 1].next_full) {
			int ordered = in_order(arena_at(m, m->d[i - 1].fold), w, len);
			if (m->d[i - 1].id != m->unidentified &&
			    cand_add(cs, i - 1, ordered ? MATCH_EXACT : MATCH_REORDERED,
				     ordered ? "đủ họ tên" : "đủ họ tên, khác thứ tự"))
				added++;
		}
	}
	/* Two words name a two-word donor fully, and as well any longer name
	 * typed without its middle: both are candidates then. */
	int partial_too = added && exact_len == 2;
	for (int len = partial_too ? 2 : n; len >= 2 && (!added || partial_too); len--) {
		key_pair(&m->key, w[0], w[len - 1]);
		if (!strmap_get(&m->pair, m->key.p, m->key.len, &head))
			continue;
		for (int64_t i = head; i; i = m->d[i - 1].next_pair) {
			const struct mdonor *d = &m->d[i - 1];
			if (d->id != m->unidentified && words_in(arena_at(m, d->fold), w, len) &&
			    cand_add(cs, i - 1, MATCH_PARTIAL, "họ và tên, thiếu tên đệm"))
				added++;
		}
	}
	return added;
}

/* How many people among as many as there are donors are expected to bear
 * this name: the number of donors times how often its family name stands
 * first in the donors' names, its given name last, and each middle name
 * between (the positions matter: "Thị" is a middle name, "Nguyễn" a family
 * name). */
static double name_expected(struct matcher *m, const char *fold)
{
	double nd = (double)(m->nd > 0 ? m->nd : 1), x = nd;
	const char *p = fold;
	while (*p) {
		size_t l = strcspn(p, " ");
		const char *next = p + l;
		while (*next == ' ')
			next++;
		int64_t count = 0;
		word_key(&m->key, !*next ? 'l' : p == fold ? 'f' : 'm', p, l);
		strmap_get(&m->words, m->key.p, m->key.len, &count);
		x *= (double)(count > 0 ? count : 1) / nd;
		p = next;
	}
	return x;
}

/* The chance that a sender typing this full name, which `bearers`
 * registered donors bear, is none of them but someone not registered:
 * strangers send MATCH_STRANGER_ODDS transfers for every one from a donor,
 * and as many of them bear the name as the name's expected bearers among as
 * many people as there are donors. */
static double stranger_chance(double expected, int bearers)
{
	double s = MATCH_STRANGER_ODDS * expected;
	return s / (s + (bearers > 0 ? bearers : 1));
}

/* The uniqueness bonus, less 10 points for every factor of ten the
 * stranger chance exceeds MATCH_STRANGER_ACCEPT (scores are roughly ten
 * times the log of the odds: a bonus of 20 for an amount equal to the
 * pledge outweighs a hundredfold doubt). */
static int unique_bonus(double stranger)
{
	if (stranger <= MATCH_STRANGER_ACCEPT)
		return MATCH_UNIQUE_BONUS;
	int cut = (int)ceil(10.0 * log10(stranger / MATCH_STRANGER_ACCEPT));
	return cut >= MATCH_UNIQUE_BONUS ? 0 : MATCH_UNIQUE_BONUS - cut;
}

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->score != y->score)
		return y->score - x->score;
	return (x->ix > y->ix) - (x->ix < y->ix);
}

/* The open pledge of the donor the amount pays: one whose outstanding
 * amount equals it (*exact = 1), else the only open pledge when the amount
 * does not exceed it. */
static int64_t pledge_for(const struct matcher *m, int64_t dix, int64_t amount, int *exact,
			  int64_t *campaign_id)
{
	int64_t only = -1, open = 0;
	*exact = 0;
	for (int64_t i = m->d[dix].pledges; i; i = m->p[i - 1].next) {
		const struct mpledge *p = &m->p[i - 1];
		if (p->outstanding <= 0)
			continue;
		if (p->outstanding == amount) {
			*exact = 1;
			*campaign_id = p->campaign_id;
			return p->id;
		}
		open++;
		only = i - 1;
	}
	if (open == 1 && amount <= m->p[only].outstanding) {
		*campaign_id = m->p[only].campaign_id;
		return m->p[only].id;
	}
	return 0;
}

/* What the donor still owes on all open pledges. */
static int64_t outstanding(const struct matcher *m, int64_t dix)
{
	int64_t sum = 0;
	for (int64_t i = m->d[dix].pledges; i; i = m->p[i - 1].next)
		if (m->p[i - 1].outstanding > 0 && i64_add(sum, m->p[i - 1].outstanding, &sum) < 0)
			return INT64_MAX;
	return sum;
}

static void match_ref(struct matcher *m, const char *ref, int64_t amount, struct match *out)
{
	char k[8];
	int64_t ix, id = strtoll(ref + 1, NULL, 10);
	id_key(id, k);
	if (!strmap_get(&m->pledges, k, 8, &ix)) {
		buf_printf(&out->reason, "mã %s: không có cam kết đang mở; ", out->ref);
		return;
	}
	const struct mpledge *p = &m->p[ix];
	out->donor_id = m->d[p->donor_ix].id;
	out->pledge_id = p->id;
	out->campaign_id = p->campaign_id;
	out->score = MATCH_REF;
	out->candidates = 1;
	buf_printf(&out->reason, "mã thanh toán %s → cam kết %lld", out->ref, (long long)p->id);
	if (amount != p->outstanding)
		buf_printf(&out->reason, " (còn lại %lld đ)", (long long)p->outstanding);
}

/* Counts the amount among the credit lines matched and returns what an
 * amount equal to a donor's outstanding pledge is worth: ten times the log
 * of how much likelier that amount is from a donor who pays the pledge
 * (MATCH_PLEDGE_PAYS of such donors' transfers do) than from anyone giving
 * that much anyway (how often it occurs among the lines, starting from a
 * prior of 10 % over the first hundred).  Round amounts are common: half a
 * million đồng pledged and half a million given by a namesake is no
 * evidence of who sent it. */
static int amount_seen(struct matcher *m, int64_t amount)
{
	char k[8];
	int64_t count = 0;
	id_key(amount, k);
	strmap_get(&m->amounts, k, 8, &count);
	strmap_put(&m->amounts, k, 8, count + 1);
	m->amount_lines++;
	double f = ((double)count + 10.0) / ((double)m->amount_lines + 100.0);
	int bonus = (int)lround(10.0 * log10(1.0 + MATCH_PLEDGE_PAYS / f));
	return bonus < MATCH_PLEDGE_BONUS ? bonus : MATCH_PLEDGE_BONUS;
}

/* Rivals of the best candidate: candidates within the margin that the
 * same words named, or that another run named at least as firmly (a
 * partial match on words elsewhere in the text does not put a full name in
 * doubt). */
static int is_rival(const struct cand *best, const struct cand *c)
{
	return c->score >= best->score - MATCH_MARGIN && (c->run == best->run || c->base >= best->base);
}

/* A full name found: partial matches on other runs of words (a place
 * after the fund's name, "UNG HO ASXH TRA VINH") are dropped. */
static void drop_partial_elsewhere(struct cands *cs)
{
	int full = 0, k = 0;
	for (int i = 0; i < cs->n; i++)
		full |= cs->c[i].base != MATCH_PARTIAL;
	for (int i = 0; i < cs->n && full; i++) {
		int keep = cs->c[i].base != MATCH_PARTIAL;
		for (int j = 0; j < cs->n && !keep; j++)
			keep = cs->c[j].base != MATCH_PARTIAL && cs->c[j].run == cs->c[i].run;
		if (keep)
			cs->c[k++] = cs->c[i];
	}
	if (full)
		cs->n = k;
}

/* The sender account, when seen before for a donor, vouches for that
 * donor, but only when the text names nobody else: an account seen with
 * one name is not trusted for a different one (a relative's account, or a
 * number typed wrong).  1 when it vouches, -1 when it was seen with another
 * donor (or with several), 0 when it is new. */
static int sender_account(struct matcher *m, const char *account, struct cands *cs,
			  int64_t *donor)
{
	if (!strmap_get(&m->senders, account, strlen(account), donor))
		return 0;
	int64_t six = *donor > 0 ? donor_ix(m, *donor) : -1;
	if (six < 0)
		return -1;
	for (int i = 0; i < cs->n; i++)
		if (cs->c[i].ix == six) {
			cs->c[i].base += MATCH_ACCOUNT_BONUS;
			cs->c[i].account = 1;
			return 1;
		}
	if (cs->n > 0)
		return -1;
	cs->run = -1;
	struct cand *c = cand_add(cs, six, MATCH_ACCOUNT, "tài khoản");
	if (c) {
		c->name_base = 0;
		c->account = 1;
	}
	return 1;
}

void matcher_match(struct matcher *m, const char *desc, const char *sender, int64_t amount,
		   struct match *out)
{
	struct parsed p = {0};
	struct cands *cs = xmalloc(sizeof *cs);
	int64_t sender_donor = 0;
	int account = 0;

	cs->n = 0;
	buf_reset(&out->reason);
	out->donor_id = out->pledge_id = out->campaign_id = 0;
	out->score = out->ambiguous = out->candidates = 0;
	out->ref[0] = out->sender[0] = '\0';
	desc_parse(desc ? desc : "", &p);
	if (sender && sender[0])
		p.sender = sender;
	if (p.sender)
		snprintf(out->sender, sizeof out->sender, "%s", p.sender);
	if (p.ref) {
		snprintf(out->ref, sizeof out->ref, "P%s", p.ref + 1);
		match_ref(m, p.ref, amount, out);
		if (out->donor_id)
			goto done;
	}

	/* runs of name words */
	for (int i = 0; i < p.n;) {
		if (!p.keep[i]) {
			i++;
			continue;
		}
		int j = i;
		while (j < p.n && p.keep[j])
			j++;
		cs->run = i;
		if (j - i >= 2)
			run_lookup(m, p.w + i, j - i, cs);
		i = j;
	}
	drop_partial_elsewhere(cs);
	if (out->sender[0])
		account = sender_account(m, out->sender, cs, &sender_donor);
	int pledge_bonus = amount_seen(m, amount);
	for (int i = 0; i < cs->n; i++) {
		struct cand *c = &cs->c[i];
		int exact;
		c->score = c->base;
		c->pledge_id = pledge_for(m, c->ix, amount, &exact, &c->campaign_id);
		if (exact)
			c->score += pledge_bonus;
	}
	out->candidates = cs->n;
	if (cs->n == 0) {
		buf_puts(&out->reason, account < 0 ? "tài khoản đã gặp với người khác; " : "");
		buf_puts(&out->reason, "không tìm thấy nhà hảo tâm theo nội dung");
		goto done;
	}
	qsort(cs->c, (size_t)cs->n, sizeof cs->c[0], cand_cmp);
	struct cand *best = &cs->c[0];
	const struct mdonor *bd = &m->d[best->ix];
	int rivals = 0;
	for (int i = 1; i < cs->n; i++)
		rivals += is_rival(best, &cs->c[i]);
	out->ambiguous = rivals > 0;
	out->donor_id = bd->id;
	out->pledge_id = best->pledge_id;
	out->campaign_id = best->campaign_id;
	/* The uniqueness bonus: whole when the sender account vouches for the
	 * donor; for a full name, cut by the chance that a stranger bears it
	 * (more likely when the donor is known to send from another account);
	 * none for a name without its middle. */
	double expected = 0, stranger = 0;
	int bonus = 0, by_account = best->account;
	if (!out->ambiguous && by_account) {
		bonus = MATCH_UNIQUE_BONUS;
	} else if (!out->ambiguous && best->name_base != MATCH_PARTIAL) {
		expected = name_expected(m, arena_at(m, bd->fold));
		if (out->sender[0] && bd->accounts)
			expected *= MATCH_OTHER_ACCOUNT_ODDS;
		stranger = stranger_chance(expected, 1);
		bonus = unique_bonus(stranger);
	}
	out->score = best->score + bonus;
	if (out->score > 100)
		out->score = 100;
	buf_printf(&out->reason, "%s", best->how);
	if (by_account)
		buf_puts(&out->reason, ", tài khoản đã biết");
	else if (account < 0)
		buf_puts(&out->reason, ", tài khoản đã gặp với người khác");
	if (best->score > best->base)
		buf_puts(&out->reason, ", số tiền bằng cam kết còn lại");
	if (!out->ambiguous && bonus < MATCH_UNIQUE_BONUS && best->name_base != MATCH_PARTIAL)
		buf_printf(&out->reason, ", tên phổ biến (ước %.1f người cùng tên, %.1f %% là người ngoài)",
			   expected, 100 * stranger);
	if (out->ambiguous) {
		buf_printf(&out->reason, "; %d nhà hảo tâm gần giống:", rivals + 1);
		for (int i = 0, shown = 0; i < cs->n && shown < 4; i++) {
			const struct cand *c = &cs->c[i];
			if (i && !is_rival(best, c))
				continue;
			buf_printf(&out->reason, "%s %s (#%lld, ", shown++ ? "," : "",
				   arena_at(m, m->d[c->ix].name), (long long)m->d[c->ix].id);
			unit_name(m, m->d[c->ix].unit_id, &out->reason);
			int64_t owed = outstanding(m, c->ix);
			if (owed > 0) {
				buf_puts(&out->reason, ", cam kết còn ");
				money_format(&out->reason, owed);
			}
			buf_putc(&out->reason, ')');
		}
	} else if (cs->n > 1) {
		buf_printf(&out->reason, "; hơn hẳn %d người khác", cs->n - 1);
	}
done:
	buf_free(&p.fold);
	free(cs);
}
