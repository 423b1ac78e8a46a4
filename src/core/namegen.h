/* Deterministic generator of realistic donors for the Trà Vinh demo and the
 * benchmarks: Vietnamese (Kinh) and Khmer person names, businesses,
 * cooperatives, organisations, pagodas and parishes, collectives, with tax
 * codes, the unit each is credited to, and amounts as people really give.
 *
 * Nothing here touches global state: every call takes the struct rng it
 * draws from, so the same seed gives the same donors on every machine (the
 * benchmark CSV and the unit tests depend on it).  All text is NFC UTF-8. */
#ifndef ANSINH_CORE_NAMEGEN_H
#define ANSINH_CORE_NAMEGEN_H

#include <stddef.h>
#include <stdint.h>

/* xoshiro256** state; seed it with rng_seed, never with zeros. */
struct rng {
	uint64_t s[4];
};

/* Expands a 64-bit seed (any value, 0 included) through splitmix64. */
void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* Uniform in [0, n) without modulo bias; 0 when n is 0. */
uint64_t rng_below(struct rng *r, uint64_t n);

/* Longest generated name is ~100 bytes; the rest is headroom. */
#define NAMEGEN_NAME_MAX 160
/* "0100112437-019": 10 digits, or 13 with a dash for a branch. */
#define NAMEGEN_TAX_MAX 16

/* The donor kinds, exactly as the database stores them. */
#define NAMEGEN_KIND_COUNT 7
extern const char *const namegen_kinds[NAMEGEN_KIND_COUNT];

struct gen_donor {
	const char *kind;            /* one of namegen_kinds (static) */
	char name[NAMEGEN_NAME_MAX];
	char gender;                 /* 'M', 'F'; 0 for organisations */
	char tax_code[NAMEGEN_TAX_MAX]; /* businesses, cooperatives; else "" */
	int in_province;             /* 1 when based in Trà Vinh */
	int khmer;                   /* individuals with a Khmer name */
	int anonymous;               /* asks that the name not be published */
	int large;                   /* bank, joint-stock company: canvassed by the province */
	const char *place;           /* "Trà Vinh", "Hà Nội", "TP. Hồ Chí Minh", ... */
	const char *unit;            /* demo unit code it is credited to (static) */
};

/* Fills *out with one donor.  Kind, name and gender come from r; the rest
 * (tax code, place, unit, anonymous) is derived from the name alone, so
 * two draws that produce the same name describe the same donor. */
void namegen_donor(struct rng *r, struct gen_donor *out);

/* As namegen_donor for a given kind.  Returns -1 (out untouched) when kind
 * is not one of namegen_kinds. */
int namegen_donor_of(struct rng *r, const char *kind, struct gen_donor *out);

/* A contribution amount in whole đồng for a donor of this kind, rounded the
 * way people give (200.000, 1.500.000, 50.000.000); collectives give payroll
 * sums such as one day's salary of each member of staff.  Unknown kinds are
 * treated as individuals.  Always > 0. */
int64_t namegen_amount(struct rng *r, const char *kind);

/* A gift in kind: writes a description such as "500 kg gạo" into desc
 * (NUL-terminated, cut to cap on a character boundary) and returns its
 * value in đồng at 2019 prices.  Any size, up to houses by the ten. */
int64_t namegen_goods(struct rng *r, char *desc, size_t cap);

/* As namegen_goods, sized for a donor of this kind: an individual gives at
 * most 20 triệu in kind, a commune's association 50 triệu, a business
 * anything. */
int64_t namegen_goods_for(struct rng *r, const char *kind, char *desc, size_t cap);

#endif
