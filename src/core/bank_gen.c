/* Generated statements with known truth (core/bank_gen.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/strmap.h"
#include "core/bank_gen.h"
#include "core/namegen.h"
#include "store/bank.h"
#include "text/fold.h"

static char *upper_fold(const char *name)
{
	char *f = text_fold_dup(name);
	for (char *p = f; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return f;
}

int bank_gen_setup(struct db *db, const struct actor *a, int64_t ndonors, int64_t npledges,
		   uint64_t seed, struct bank_gen *g, struct err *e)
{
	struct rng r;
	struct strmap seen = {0};
	struct campaign_row c;
	char now[32], today[11];
	int64_t unit;
	int rc = -1;

	(void)a; /* the pledges are written directly: they carry no audit event */
	memset(g, 0, sizeof *g);
	g->seed = seed;
	rng_seed(&r, seed);
	core_now(now);
	if (campaign_resolve(db, NULL, NULL, &c, e) < 0)
		return -1;
	snprintf(today, sizeof today, "%s", c.start);
	db_bulk_mode(db, 1);
	if (db_begin(db, e) < 0) {
		db_bulk_mode(db, 0);
		return -1;
	}
	int found = store_bank_root_unit(db, &unit, e);
	if (found <= 0) {
		if (found == 0)
			err_fail(e, "no unit to put the donors in");
		goto cleanup;
	}
	g->d = xcalloc((size_t)ndonors, sizeof *g->d);
	/* namegen repeats common names (which then merge): draw until there
	 * are ndonors distinct donors, or give up after many draws */
	for (int64_t i = 0; g->nd < ndonors && i < 20 * ndonors; i++) {
		struct gen_donor gd;
		struct donor_input in = {0};
		int64_t id, ix;
		int created;
		namegen_donor(&r, &gd);
		in.name = gd.name;
		in.kind = gd.kind;
		in.tax_code = gd.tax_code[0] ? gd.tax_code : NULL;
		if (donor_find_or_create(db, &in, unit, now, &id, &created, e) < 0)
			goto cleanup;
		char key[8];
		memcpy(key, &id, 8);
		if (strmap_get(&seen, key, 8, &ix))
			continue; /* the same donor drawn twice */
		strmap_put(&seen, key, 8, g->nd);
		g->d[g->nd].id = id;
		g->d[g->nd].upper = upper_fold(gd.name);
		g->nd++;
	}
	for (int64_t i = 0; i < npledges && i < g->nd; i++) {
		struct bank_gen_donor *d = &g->d[(i * 7919) % g->nd];
		struct pledge_row p = {.campaign_id = c.id, .donor_id = d->id, .made_at = "ceremony",
				       .pledge_date = today, .due_date = c.deadline[0] ? c.deadline : NULL};
		if (d->pledge_id)
			continue;
		p.amount = namegen_amount(&r, "individual") * 5;
		if (store_pledge_insert(db, &p, now, &d->pledge_id, e) < 0)
			goto cleanup;
		d->pledge_amount = p.amount;
	}
	if (db_commit(db, e) < 0)
		goto cleanup;
	rc = 0;
cleanup:
	if (rc < 0)
		db_rollback(db);
	strmap_free(&seen);
	return rc;
}

void bank_gen_free(struct bank_gen *g)
{
	for (int64_t i = 0; i < g->nd; i++)
		free(g->d[i].upper);
	free(g->d);
	memset(g, 0, sizeof *g);
}

/* How a donor typed their name on a line. */
enum typed { TYPED_FULL, TYPED_NO_MIDDLE, TYPED_GIVEN_FIRST };

/* The name as a donor types it: sometimes without the middle name(s),
 * sometimes with the given name first. */
static enum typed typed_name(struct rng *r, const char *upper, struct buf *out)
{
	char *copy = xstrdup(upper);
	const char *w[16];
	int n = 0;
	enum typed how = TYPED_FULL;
	for (char *t = strtok(copy, " "); t && n < 16; t = strtok(NULL, " "))
		w[n++] = t;
	buf_reset(out);
	uint64_t v = rng_below(r, 100);
	if (n >= 3 && n <= 4 && v < 6) { /* family + given name */
		buf_printf(out, "%s %s", w[0], w[n - 1]);
		how = TYPED_NO_MIDDLE;
	} else if (n >= 2 && n <= 4 && v < 9) { /* given name first */
		buf_puts(out, w[n - 1]);
		for (int i = 0; i < n - 1; i++)
			buf_printf(out, " %s", w[i]);
		how = TYPED_GIVEN_FIRST;
	} else {
		buf_puts(out, upper);
	}
	free(copy);
	return how;
}

/* "FAMILY GIVEN" of a folded name: the key a name typed without its
 * middle fits. */
static void pair_key(const char *upper, struct buf *out)
{
	const char *sp = strchr(upper, ' '), *last = strrchr(upper, ' ');
	buf_reset(out);
	if (sp == NULL) {
		buf_puts(out, upper);
		return;
	}
	buf_printf(out, "%.*s%s", (int)(sp - upper), upper, last);
}

static int64_t count_of(const struct strmap *m, const char *k)
{
	int64_t n = 0;
	strmap_get(m, k, strlen(k), &n);
	return n;
}

static void count_up(struct strmap *m, const char *k)
{
	strmap_put(m, k, strlen(k), count_of(m, k) + 1);
}

/* Returns 1 when the text carries the sender's account. */
static int description(struct rng *r, const char *profile, const char *name, const char *ref,
		       const char *sender, struct buf *out)
{
	buf_reset(out);
	if (ref) {
		buf_printf(out, "%s UH ASXH %s %s", rng_below(r, 2) ? "IBFT" : "CK", ref, name);
		return 0;
	}
	switch (rng_below(r, 6)) {
	case 0:
		if (!strcmp(profile, "vcb")) {
			buf_printf(out, "MBVCB.%llu.%s chuyen tien.CT tu %s %s toi 0071000123456 QUY AN "
				   "SINH XA HOI", (unsigned long long)rng_below(r, 10000000000ULL),
				   name, sender, name);
			return 1;
		}
		/* fall through */
	case 1:
		buf_printf(out, "IBFT %s UNG HO QUY AN SINH XA HOI", name);
		break;
	case 2:
		buf_printf(out, "CT nhanh 247 %s ung ho quy an sinh", name);
		break;
	case 3:
		buf_printf(out, "%s chuyen tien", name);
		break;
	case 4:
		buf_printf(out, "UNG HO %s", name);
		break;
	default:
		buf_printf(out, "FT19%08llu %s CK UNG HO ASXH TRA VINH",
			   (unsigned long long)rng_below(r, 100000000), name);
	}
	return 0;
}

/* Whether anything on a donor's line tells them from every other donor —
 * the oracle behind the ceiling on recall (docs/benchmarks.md): a payment
 * reference; a name typed in full (in any order) that no other donor bears
 * once folded, or typed without its middle when no other donor has that
 * family and given name; the sender's account on the line, once a line
 * that told the donor for sure carried it; the amount the donor still owes
 * on their pledge (pays_pledge: a reference or that amount).  Generous on
 * purpose (a common name that one donor bears counts, though a stranger may
 * bear it too; so does a round pledge amount another namesake may owe too),
 * so it bounds what any matcher could reach from the statement. */
static int line_decidable(const struct bank_gen_donor *d, enum typed how, int pays_pledge,
			  int vouched_account, const struct strmap *full, const struct strmap *pair,
			  struct buf *key)
{
	if (pays_pledge || vouched_account)
		return 1;
	if (how != TYPED_NO_MIDDLE)
		return count_of(full, d->upper) == 1;
	pair_key(d->upper, key);
	return count_of(pair, buf_cstr(key)) == 1;
}

static void amount(struct buf *b, int64_t v, char sep)
{
	char digits[24], out[32];
	int n = snprintf(digits, sizeof digits, "%lld", (long long)v), k = 0;
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[k++] = sep;
		out[k++] = digits[i];
	}
	out[k] = '\0';
	csv_put_cell(b, out, 0);
}

int bank_gen_statement(const struct bank_gen *g, const char *profile, const char *account,
		       int64_t nlines, FILE *out, FILE *truth, struct err *e)
{
	struct rng r, strangers;
	struct buf b = BUF_INIT, name = BUF_INIT, desc = BUF_INIT;
	int64_t balance = 1000000000;
	int vcb = !strcmp(profile, "vcb"), bidv = !strcmp(profile, "bidv"),
	    vtb = !strcmp(profile, "vietinbank"), agri = !strcmp(profile, "agribank");
	char sep = vcb || agri ? '.' : ',';
	unsigned char *paid;    /* the donor's pledge is paid */
	unsigned char *vouched; /* the donor's account was on a line that named them for sure */
	struct strmap full = {0}, pair = {0}; /* folded names, "FAMILY GIVEN" -> donors */
	struct buf key = BUF_INIT;

	if (!(vcb || bidv || vtb || agri))
		return err_usage(e, "no generator layout for profile '%s'", profile);
	if (g->nd == 0)
		return err_fail(e, "no donors to generate lines for");
	paid = xcalloc((size_t)g->nd, 1);
	vouched = xcalloc((size_t)g->nd, 1);
	for (int64_t i = 0; i < g->nd; i++) {
		count_up(&full, g->d[i].upper);
		pair_key(g->d[i].upper, &key);
		count_up(&pair, buf_cstr(&key));
	}
	rng_seed(&r, g->seed * 31 + 7);
	rng_seed(&strangers, g->seed * 97 + 13);
	if (vcb)
		buf_printf(&b, "NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM\nSAO KÊ TÀI KHOẢN\n"
			   "Số tài khoản: %s\nNgày GD,Số CT,Ghi nợ,Ghi có,Số dư,Nội dung\n", account);
	else if (bidv)
		buf_printf(&b, "Số tài khoản,%s\nSTT,Ngày hiệu lực,Ngày giao dịch,Số tham chiếu,"
			   "Số tiền ghi nợ,Số tiền ghi có,Số dư,Tài khoản đối ứng,Mô tả giao dịch\n",
			   account);
	else if (vtb)
		buf_printf(&b, "Tài khoản: %s\nSTT,Thời gian giao dịch,Số giao dịch,Nội dung giao dịch,"
			   "Nợ TK (VND),Có TK (VND),Số dư (VND)\n", account);
	else
		buf_printf(&b, "Số tài khoản: %s\nSTT,Ngày giao dịch,Số bút toán,Diễn giải,"
			   "Phát sinh nợ,Phát sinh có,Số dư cuối\n", account);
	for (int64_t i = 0; i < nlines; i++) {
		uint64_t kind = rng_below(&r, 1000);
		int64_t truth_id = 0, credit = 0, debit = 0;
		int decidable = 0;
		char txn[32], sender[24], ref[16], date[32];
		const char *refp = NULL;
		uint64_t dix = rng_below(&r, (uint64_t)g->nd);
		const struct bank_gen_donor *d = &g->d[dix];
		int day = 1 + (int)(i * 120 / (nlines > 0 ? nlines : 1));
		int month = 8 + (day - 1) / 30, dom = 1 + (day - 1) % 30;

		snprintf(txn, sizeof txn, "%s%09lld", vcb ? "" : "FT", (long long)(i + 1));
		/* each donor sends from an account of their own */
		snprintf(sender, sizeof sender, "%010lld", (long long)(d->id * 7 + 1000000000LL));
		if (kind < 20) { /* a debit: fees, transfers out */
			debit = (int64_t)(1 + rng_below(&r, 50)) * 10000;
			buf_reset(&desc);
			buf_puts(&desc, "Phi quan ly tai khoan");
		} else if (kind < 40) { /* money with no name in it */
			credit = namegen_amount(&r, "individual");
			buf_reset(&desc);
			buf_puts(&desc, rng_below(&r, 2) ? "UNG HO QUY ASXH" : "CK UNG HO");
		} else if (kind < 50) { /* someone who is not a donor yet */
			struct gen_donor gd;
			namegen_donor_of(&strangers, "individual", &gd);
			char *u = upper_fold(gd.name);
			/* from the stranger's own account, not a donor's */
			snprintf(sender, sizeof sender, "%010llu",
				 (unsigned long long)(2000000000ULL + rng_below(&strangers, 7000000000ULL)));
			credit = namegen_amount(&r, "individual");
			description(&r, profile, u, NULL, sender, &desc);
			free(u);
		} else {
			int pays = 0;
			truth_id = d->id;
			if (d->pledge_id && kind < 250 && !paid[dix]) { /* a pledge is paid once */
				pays = 1;
				pledge_ref(ref, d->pledge_id);
				refp = kind < 200 ? ref : NULL;
				credit = d->pledge_amount;
				paid[dix] = 1;
			} else {
				credit = namegen_amount(&r, "individual");
			}
			enum typed how = typed_name(&r, d->upper, &name);
			int has_sender = description(&r, profile, name.p, refp, sender, &desc) || bidv;
			decidable = line_decidable(d, how, refp != NULL || pays, has_sender && vouched[dix],
						   &full, &pair, &key);
			if (decidable && has_sender)
				vouched[dix] = 1;
		}
		balance += credit - debit;
		snprintf(date, sizeof date, "%02d/%02d/2019%s", dom, month,
			 bidv ? " 09:15:00" : vtb ? " 14:02" : "");
		if (vcb) {
			buf_printf(&b, "%s,%s,", date, txn);
			debit ? amount(&b, debit, sep) : (void)0;
			buf_putc(&b, ',');
			credit ? amount(&b, credit, sep) : (void)0;
			buf_putc(&b, ',');
			amount(&b, balance, sep);
			buf_putc(&b, ',');
		} else if (bidv) {
			buf_printf(&b, "%lld,%.10s,%s,%s,", (long long)(i + 1), date, date, txn);
			amount(&b, debit, sep);
			buf_putc(&b, ',');
			amount(&b, credit, sep);
			buf_putc(&b, ',');
			amount(&b, balance, sep);
			buf_printf(&b, ",%s,", credit ? sender : "");
		} else {
			buf_printf(&b, "%lld,%s,%s,", (long long)(i + 1), date, txn);
			csv_put_cell(&b, desc.p, 0);
			buf_putc(&b, ',');
			debit ? amount(&b, debit, sep) : (void)0;
			buf_putc(&b, ',');
			credit ? amount(&b, credit, sep) : (void)0;
			buf_putc(&b, ',');
			amount(&b, balance, sep);
			buf_putc(&b, '\n');
		}
		if (vcb || bidv) {
			csv_put_cell(&b, desc.p, 0);
			buf_putc(&b, '\n');
		}
		if (truth && credit)
			fprintf(truth, "%s,%lld,%d\n", txn, (long long)truth_id, decidable);
		if (b.len > (1u << 20)) {
			fwrite(b.p, 1, b.len, out);
			buf_reset(&b);
		}
	}
	if (b.len)
		fwrite(b.p, 1, b.len, out);
	buf_free(&b);
	buf_free(&name);
	buf_free(&desc);
	buf_free(&key);
	strmap_free(&full);
	strmap_free(&pair);
	free(paid);
	free(vouched);
	return ferror(out) ? err_fail(e, "write error") : 0;
}

struct score_run {
	struct strmap truth;
	struct bank_gen_score *s;
};

static int score_line(void *ctx, const struct bank_line_row *l)
{
	struct score_run *r = ctx;
	int64_t want;
	if (!l->credit || !strmap_get(&r->truth, l->txn_no, strlen(l->txn_no), &want))
		return 0;
	r->s->credits++;
	r->s->decidable += want & 1;
	want >>= 1;
	r->s->with_donor += want != 0;
	if (!strcmp(l->status, "auto")) {
		r->s->auto_n++;
		r->s->auto_right += want != 0 && l->donor_id == want;
	} else {
		r->s->waiting++;
		r->s->suggested_right += want != 0 && l->suggest_donor == want;
	}
	return 0;
}

int bank_gen_score(struct db *db, const char *truth_path, struct bank_gen_score *s, struct err *e)
{
	struct score_run r = {.s = s};
	struct bank_line_filter f = {.status = "all"};
	char line[128];
	FILE *t = fopen(truth_path, "r");
	int rc;
	memset(s, 0, sizeof *s);
	if (t == NULL)
		return err_fail(e, "%s: cannot open", truth_path);
	while (fgets(line, sizeof line, t)) {
		char *comma = strchr(line, ',');
		if (comma == NULL)
			continue;
		*comma = '\0';
		/* "txn,donor,decidable": kept as donor * 2 + decidable */
		char *next;
		int64_t donor = strtoll(comma + 1, &next, 10);
		int decidable = *next == ',' && next[1] == '1';
		strmap_put(&r.truth, line, strlen(line), donor * 2 + decidable);
	}
	fclose(t);
	rc = store_bank_lines_each(db, &f, score_line, &r, NULL, e);
	strmap_free(&r.truth);
	return rc;
}
