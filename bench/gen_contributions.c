/* gen_contributions ROWS [SEED] [DONORS]
 *
 * Writes a contributions CSV for the bulk-import benchmark to stdout: ROWS
 * rows (default 1.000.000) dated 01/08/2019 - 31/12/2019 in date order,
 * given by DONORS distinct donors (default 100.000) drawn with namegen,
 * credited to units of the Trà Vinh demo so that the file imports into the
 * demo database.  The same arguments always give the same bytes.
 *
 * Columns: date,donor,kind,unit,amount,channel,anonymous,tax_code,pledge,
 * bank_ref,goods,note.  Amounts come as "1.000.000", "1,000,000" or
 * "1000000", as clerks type them; a field with a comma or a quote is
 * quoted per RFC 4180.  A donor always has the same kind, unit, tax code
 * and anonymity; bank_ref is unique per transfer row. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "core/demo_data.h"
#include "core/namegen.h"

#define DEFAULT_ROWS 1000000
#define DEFAULT_SEED 2019
#define DEFAULT_DONORS 100000
/* Beyond these the arithmetic below (day counts, bank references) would
 * need wider types; nobody benchmarks a trillion rows. */
#define MAX_ROWS UINT64_C(10000000000)
#define MAX_DONORS UINT64_C(10000000)
/* Output is written in blocks of this size: one fwrite per block, not per
 * field. */
#define FLUSH_AT (1u << 20)

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* 01/08/2019 .. 31/12/2019. */
#define DAYS 153
#define FIRST_YDAY 213 /* 1 August 2019 is day 213 of the year */

struct pool_donor {
	uint32_t name_off;   /* CSV-ready (quoted if need be) name in the arena */
	uint32_t name_len;
	const char *kind;
	const char *unit;
	char tax_code[NAMEGEN_TAX_MAX];
	uint8_t anonymous;
	uint8_t agency;      /* credited to an agency, so payroll is likely */
};

struct pool {
	struct pool_donor *d;
	size_t n;
	struct buf names;
};

static uint64_t hash_str(const char *s, size_t n)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h ^ (h >> 29);
}

/* Open-addressing set of strings; slots hold index + 1 into a caller's
 * array, 0 = empty.  The caller supplies the key text for comparison. */
struct strset {
	uint32_t *slot;
	size_t mask;
};

static void strset_init(struct strset *s, size_t expected)
{
	size_t cap = 16;
	while (cap < expected * 2)
		cap *= 2;
	s->slot = xcalloc(cap, sizeof *s->slot);
	s->mask = cap - 1;
}

static void append_csv_field(struct buf *b, const char *s, size_t n)
{
	int quote = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = 1;
	if (!quote) {
		buf_put(b, s, n);
		return;
	}
	buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_putc(b, '"');
		buf_putc(b, s[i]);
	}
	buf_putc(b, '"');
}

static int is_agency_kind(const char *unit)
{
	const struct demo_unit *u = demo_unit_find(unit);
	return u && strcmp(u->kind, "commune") != 0 && strcmp(u->kind, "district") != 0
		&& strcmp(u->kind, "province") != 0;
}

/* Draws donors until `want` distinct names are found.  A name drawn again
 * is simply skipped (namegen gives it the same attributes anyway); a new
 * name whose tax code is already taken is skipped too, so tax codes are
 * unique in the file.  Returns -1 when the names run out first. */
static int pool_build(struct pool *p, struct rng *r, size_t want, struct err *e)
{
	struct strset names, taxes;
	struct buf raw = BUF_INIT; /* unescaped names, to compare against */
	uint32_t *raw_off = xmalloc((want + 1) * sizeof *raw_off);
	int rc = -1;

	strset_init(&names, want);
	strset_init(&taxes, want);
	p->d = xmalloc(want * sizeof *p->d);
	p->n = 0;

	uint64_t tries = 0, max_tries = (uint64_t)want * 40 + 1000;
	while (p->n < want) {
		if (++tries > max_tries) {
			err_fail(e, "only %zu distinct donors after %" PRIu64 " draws; ask for fewer",
				p->n, max_tries);
			goto cleanup;
		}
		struct gen_donor g;
		namegen_donor(r, &g);
		size_t len = strlen(g.name);

		uint64_t h = hash_str(g.name, len);
		size_t i = (size_t)h & names.mask;
		int dup = 0;
		while (names.slot[i]) {
			uint32_t k = names.slot[i] - 1;
			size_t klen = raw_off[k + 1] - raw_off[k];
			if (klen == len && memcmp(raw.p + raw_off[k], g.name, len) == 0) {
				dup = 1;
				break;
			}
			i = (i + 1) & names.mask;
		}
		if (dup)
			continue;

		size_t tslot = 0;
		size_t tlen = strlen(g.tax_code);
		if (tlen) {
			tslot = (size_t)hash_str(g.tax_code, tlen) & taxes.mask;
			int taken = 0;
			while (taxes.slot[tslot]) {
				if (strcmp(p->d[taxes.slot[tslot] - 1].tax_code, g.tax_code) == 0) {
					taken = 1;
					break;
				}
				tslot = (tslot + 1) & taxes.mask;
			}
			if (taken)
				continue;
			taxes.slot[tslot] = (uint32_t)p->n + 1;
		}

		names.slot[i] = (uint32_t)p->n + 1;
		raw_off[p->n] = (uint32_t)raw.len;
		buf_put(&raw, g.name, len);
		raw_off[p->n + 1] = (uint32_t)raw.len;

		struct pool_donor *d = &p->d[p->n];
		d->name_off = (uint32_t)p->names.len;
		append_csv_field(&p->names, g.name, len);
		d->name_len = (uint32_t)(p->names.len - d->name_off);
		d->kind = g.kind;
		d->unit = g.unit;
		memcpy(d->tax_code, g.tax_code, sizeof d->tax_code);
		d->anonymous = (uint8_t)g.anonymous;
		d->agency = (uint8_t)is_agency_kind(g.unit);
		p->n++;
	}
	rc = 0;
cleanup:
	free(names.slot);
	free(taxes.slot);
	free(raw_off);
	buf_free(&raw);
	return rc;
}

/* How many rows fall on each day: more toward the end of the year (the
 * ceremony is in January and units hurry to reach their targets), fewer
 * on weekends, a burst on the launch day.  Integer weights and an exact
 * split, so the counts always add up to rows. */
static void day_counts(uint64_t rows, uint64_t counts[DAYS])
{
	uint64_t w[DAYS], total = 0;
	for (int d = 0; d < DAYS; d++) {
		uint64_t x = 100 + (uint64_t)(150 * d / (DAYS - 1));
		int dow = (4 + d) % 7; /* 0 = Sunday; 01/08/2019 was a Thursday */
		if (dow == 0)
			x = x * 4 / 10;
		else if (dow == 6)
			x = x * 7 / 10;
		if (d == 19) /* 20/08/2019: launch of the campaign (Lễ phát động) */
			x *= 4;
		w[d] = x;
		total += x;
	}
	uint64_t cum = 0, prev = 0;
	for (int d = 0; d < DAYS; d++) {
		cum += w[d];
		uint64_t upto = (uint64_t)((unsigned __int128)rows * cum / total);
		counts[d] = upto - prev;
		prev = upto;
	}
}

/* "dd/mm/2019," for day d of the campaign. */
static void date_field(int d, char out[12])
{
	static const int month_days[] = {31, 30, 31, 30, 31}; /* Aug..Dec */
	int m = 0;
	while (d >= month_days[m]) {
		d -= month_days[m];
		m++;
	}
	int day = d + 1, month = m + 8;
	out[0] = (char)('0' + day / 10);
	out[1] = (char)('0' + day % 10);
	out[2] = '/';
	out[3] = (char)('0' + month / 10);
	out[4] = (char)('0' + month % 10);
	memcpy(out + 5, "/2019,", 6);
}

/* Digits of v with `sep` every three from the right (sep 0: none). */
static void put_amount(struct buf *b, int64_t v, char sep)
{
	char tmp[32];
	size_t i = sizeof tmp, n = 0;
	uint64_t u = (uint64_t)v;
	do {
		if (sep && n && n % 3 == 0)
			tmp[--i] = sep;
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
		n++;
	} while (u);
	buf_put(b, tmp + i, sizeof tmp - i);
}

static void put_u64_width(struct buf *b, uint64_t v, int width)
{
	char tmp[24];
	for (int i = width - 1; i >= 0; i--) {
		tmp[i] = (char)('0' + v % 10);
		v /= 10;
	}
	buf_put(b, tmp, (size_t)width);
}

/* 36^7 references; more than MAX_ROWS transfers cannot happen. */
#define REF_SPACE UINT64_C(78364164096)

static void put_base36(struct buf *b, uint64_t v, int width)
{
	static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	char tmp[16];
	for (int i = width - 1; i >= 0; i--) {
		tmp[i] = digits[v % 36];
		v /= 36;
	}
	buf_put(b, tmp, (size_t)width);
}

enum channel { CH_CASH, CH_TRANSFER, CH_PAYROLL, CH_GOODS };
static const char *const channel_names[] = {"cash", "transfer", "payroll", "goods"};

/* Per-mille shares of cash, transfer, payroll, goods. */
static enum channel pick_channel(struct rng *r, const struct pool_donor *d)
{
	static const unsigned person[4] = {580, 380, 20, 20};
	static const unsigned cadre[4] = {250, 200, 540, 10};
	static const unsigned firm[4] = {100, 820, 0, 80};
	static const unsigned local_org[4] = {450, 450, 0, 100};
	static const unsigned staff[4] = {100, 200, 700, 0};
	const unsigned *t = local_org;
	if (strcmp(d->kind, "individual") == 0)
		t = d->agency ? cadre : person;
	else if (strcmp(d->kind, "business") == 0)
		t = firm;
	else if (strcmp(d->kind, "collective") == 0)
		t = staff;
	uint64_t x = rng_below(r, 1000);
	for (int c = 0; c < 4; c++) {
		if (x < t[c])
			return (enum channel)c;
		x -= t[c];
	}
	return CH_CASH;
}

/* Notes clerks write; some carry commas and quotes on purpose, to test
 * the CSV reader. */
static const char *const notes[] = {
	"Ủng hộ quỹ An sinh xã hội",
	"Ủng hộ xây nhà đại đoàn kết",
	"Hỗ trợ mổ tim cho trẻ em",
	"Ủng hộ xây cầu, đường nông thôn",
	"Nộp tại Ban Chỉ đạo",
	"Trích 01 ngày lương",
	"Ủng hộ quỹ \"An sinh xã hội\" tỉnh Trà Vinh",
	"Hỗ trợ hộ nghèo, hộ cận nghèo",
	"Chuyển khoản qua Kho bạc",
};

static int usage(void)
{
	fprintf(stderr, "usage: gen_contributions ROWS [SEED] [DONORS]\n"
		"  defaults: %d rows, seed %d, %d distinct donors\n",
		DEFAULT_ROWS, DEFAULT_SEED, DEFAULT_DONORS);
	return 2;
}

static int parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
	if (!*s || *s == '-' || *s == '+')
		return -1;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int flush(struct buf *out)
{
	if (out->len && fwrite(out->p, 1, out->len, stdout) != out->len)
		return -1;
	buf_reset(out);
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t rows = DEFAULT_ROWS, seed = DEFAULT_SEED, ndonors = DEFAULT_DONORS;
	if (argc < 2 || argc > 4)
		return usage();
	if (parse_u64(argv[1], 0, MAX_ROWS, &rows) < 0)
		return usage();
	if (argc > 2 && parse_u64(argv[2], 0, UINT64_MAX, &seed) < 0)
		return usage();
	if (argc > 3 && parse_u64(argv[3], 1, MAX_DONORS, &ndonors) < 0)
		return usage();

	struct err e = {0};
	struct pool pool = {0};
	struct buf out = BUF_INIT;
	uint64_t counts[DAYS];
	int status = 1;

	struct rng r;
	rng_seed(&r, seed);
	if (pool_build(&pool, &r, (size_t)ndonors, &e) < 0)
		goto cleanup;
	/* Rows use their own stream, so a row depends only on the seed. */
	rng_seed(&r, seed ^ UINT64_C(0x636f6e7472696275));

	day_counts(rows, counts);
	buf_grow(&out, FLUSH_AT + 4096);
	buf_puts(&out, "date,donor,kind,unit,amount,channel,anonymous,tax_code,pledge,bank_ref,goods,note\n");

	/* Bank references look like Vietcombank's: "FT19" + day of year + 7
	 * letters and digits, a permutation of the transfer number modulo 36^7
	 * (2654435761 is prime to 36), so they are unique without looking
	 * sequential.  14 characters, so they never equal the all-digit
	 * references that `ansinh demo` makes. */
	uint64_t transfer_no = 0;
	size_t hot = pool.n / 10 ? pool.n / 10 : 1;

	for (int day = 0; day < DAYS; day++) {
		char date[12];
		date_field(day, date);
		for (uint64_t k = 0; k < counts[day]; k++) {
			/* Three rows in ten come from the tenth of donors who give
			 * again and again. */
			size_t di = rng_below(&r, 10) < 3 ? (size_t)rng_below(&r, hot)
				: (size_t)rng_below(&r, pool.n);
			const struct pool_donor *d = &pool.d[di];
			enum channel ch = pick_channel(&r, d);
			char goods[96];
			int64_t amount;
			if (ch == CH_GOODS)
				amount = namegen_goods_for(&r, d->kind, goods, sizeof goods);
			else
				amount = namegen_amount(&r, d->kind);

			buf_put(&out, date, 11);
			buf_put(&out, pool.names.p + d->name_off, d->name_len);
			buf_putc(&out, ',');
			buf_puts(&out, d->kind);
			buf_putc(&out, ',');
			buf_puts(&out, d->unit);
			buf_putc(&out, ',');
			uint64_t style = rng_below(&r, 20);
			if (style < 9) {
				put_amount(&out, amount, '.');
			} else if (style < 13) {
				buf_putc(&out, '"');
				put_amount(&out, amount, ',');
				buf_putc(&out, '"');
			} else {
				put_amount(&out, amount, 0);
			}
			buf_putc(&out, ',');
			buf_puts(&out, channel_names[ch]);
			buf_put(&out, d->anonymous ? ",1," : ",0,", 3);
			buf_puts(&out, d->tax_code);
			buf_put(&out, ",,", 2); /* pledge: none in this file */
			if (ch == CH_TRANSFER) {
				uint64_t ref = (uint64_t)(((unsigned __int128)transfer_no * UINT64_C(2654435761)
					+ UINT64_C(19012020)) % REF_SPACE);
				transfer_no++;
				buf_put(&out, "FT19", 4);
				put_u64_width(&out, (uint64_t)(FIRST_YDAY + day), 3);
				put_base36(&out, ref, 7);
			}
			buf_putc(&out, ',');
			if (ch == CH_GOODS)
				append_csv_field(&out, goods, strlen(goods));
			buf_putc(&out, ',');
			if (rng_below(&r, 100) < 6) {
				const char *n = notes[rng_below(&r, COUNT(notes))];
				append_csv_field(&out, n, strlen(n));
			}
			buf_putc(&out, '\n');
			if (out.len >= FLUSH_AT && flush(&out) < 0) {
				err_fail(&e, "writing stdout: %s", strerror(errno));
				goto cleanup;
			}
		}
	}
	if (flush(&out) < 0 || fflush(stdout) != 0) {
		err_fail(&e, "writing stdout: %s", strerror(errno));
		goto cleanup;
	}
	status = 0;
cleanup:
	if (status)
		fprintf(stderr, "gen_contributions: %s\n", e.msg);
	free(pool.d);
	buf_free(&pool.names);
	buf_free(&out);
	return status;
}
