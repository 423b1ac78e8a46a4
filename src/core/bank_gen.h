/* Generated bank statements with known truth, for the matcher's tests and
 * the benchmark (issue #6): donors and pledges written into a database,
 * then statement lines in a bank's layout whose descriptions are typed the
 * way donors type them (no diacritics, upper case, bank prefixes, middle
 * names left out, words swapped, strangers, lines with no name at all).
 * Deterministic: the same seed gives the same bytes. */
#ifndef ANSINH_CORE_BANK_GEN_H
#define ANSINH_CORE_BANK_GEN_H

#include <stdint.h>
#include <stdio.h>

#include "core/core.h"

struct bank_gen_donor {
	int64_t id;
	char *upper;        /* folded, upper case: NGUYEN VAN DUC */
	int64_t pledge_id;  /* 0 = none */
	int64_t pledge_amount;
};
struct bank_gen {
	struct bank_gen_donor *d;
	int64_t nd;
	uint64_t seed;
};
/* Adds ndonors generated donors (same name, kind and unit merge, so fewer
 * may result) and npledges pledges of distinct donors, in one transaction,
 * to a database holding a campaign and a unit. */
int bank_gen_setup(struct db *db, const struct actor *a, int64_t ndonors, int64_t npledges,
		   uint64_t seed, struct bank_gen *g, struct err *e);
void bank_gen_free(struct bank_gen *g);
/* Writes nlines statement lines in the layout of profile (vcb, bidv,
 * vietinbank, agribank) for account to out, and "txn,donor_id,decidable"
 * for each credit line to truth (may be NULL): donor_id 0 = no donor should
 * be found; decidable 1 = something on the line tells its donor from every
 * other (the generous oracle behind the ceiling on recall, bank_gen.c). */
int bank_gen_statement(const struct bank_gen *g, const char *profile, const char *account,
		       int64_t nlines, FILE *out, FILE *truth, struct err *e);

/* Precision and recall of the automatic matches of the lines stored for
 * account, against a truth file of bank_gen_statement. */
struct bank_gen_score {
	int64_t credits, with_donor, auto_n, auto_right, waiting, suggested_right;
	int64_t decidable; /* lines from donors the statement can tell at all */
};
int bank_gen_score(struct db *db, const char *truth_path, struct bank_gen_score *s, struct err *e);

#endif
