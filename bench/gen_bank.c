/* gen_bank DB DONORS PLEDGES PROFILE ACCOUNT LINES OUT.csv TRUTH.csv [SEED]
 *   Adds DONORS generated donors and PLEDGES pledges to DB (which holds a
 *   campaign and a unit, e.g. made by `ansinh demo --donors 1
 *   --contributions 0`), then writes a statement of LINES lines in the
 *   layout of PROFILE for ACCOUNT, and for each credit line
 *   "txn,donor_id,decidable" (donor 0 = nobody known sent it;
 *   decidable 1 = the line tells its donor from every other) to TRUTH.
 * gen_bank --score DB TRUTH.csv
 *   Precision and recall of the automatic matches stored in DB, and the
 *   ceiling on recall: the share of lines from donors that the statement
 *   can tell apart at all.
 * (core/bank_gen.c does the work; bench/bank.sh runs both.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bank_gen.h"

int main(int argc, char **argv)
{
	struct actor a = {"bench"};
	struct err e = {0};
	struct db *db = NULL;
	struct bank_gen g = {0};
	FILE *out = NULL, *truth = NULL;
	int rc = 1;

	if (argc == 4 && !strcmp(argv[1], "--score")) {
		struct bank_gen_score s;
		if (db_open(&db, argv[2], DB_OPEN_EXISTING, &e) < 0 ||
		    bank_gen_score(db, argv[3], &s, &e) < 0)
			goto fail;
		double known = s.with_donor ? (double)s.with_donor : 1;
		printf("credits %lld, from known donors %lld, automatic %lld (right %lld), waiting "
		       "%lld (suggestion right %lld)\nprecision %.3f %%  recall %.3f %%\n"
		       "ceiling on recall %.3f %% (lines from donors whose donor the statement can "
		       "tell at all: %lld)\n",
		       (long long)s.credits, (long long)s.with_donor, (long long)s.auto_n,
		       (long long)s.auto_right, (long long)s.waiting, (long long)s.suggested_right,
		       s.auto_n ? 100.0 * (double)s.auto_right / (double)s.auto_n : 0.0,
		       100.0 * (double)s.auto_right / known, 100.0 * (double)s.decidable / known,
		       (long long)s.decidable);
		db_close(db);
		return 0;
	}
	if (argc < 9) {
		fprintf(stderr, "usage: gen_bank DB DONORS PLEDGES PROFILE ACCOUNT LINES OUT TRUTH [SEED]\n"
				"       gen_bank --score DB TRUTH\n");
		return 2;
	}
	if (db_open(&db, argv[1], DB_OPEN_EXISTING, &e) < 0 ||
	    bank_gen_setup(db, &a, atoll(argv[2]), atoll(argv[3]),
			   argc > 9 ? strtoull(argv[9], NULL, 10) : 2019, &g, &e) < 0)
		goto fail;
	out = fopen(argv[7], "w");
	truth = fopen(argv[8], "w");
	if (out == NULL || truth == NULL) {
		err_fail(&e, "cannot write %s or %s", argv[7], argv[8]);
		goto fail;
	}
	if (bank_gen_statement(&g, argv[4], argv[5], atoll(argv[6]), out, truth, &e) < 0)
		goto fail;
	fprintf(stderr, "%lld donors, statement of %s lines written\n", (long long)g.nd, argv[6]);
	rc = 0;
fail:
	if (rc)
		fprintf(stderr, "gen_bank: %s\n", e.msg);
	if (out)
		fclose(out);
	if (truth)
		fclose(truth);
	bank_gen_free(&g);
	db_close(db);
	return rc;
}
