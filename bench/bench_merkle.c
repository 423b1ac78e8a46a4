/* Benchmark of the log layer alone (ledger/merkle, no database): appends N
 * leaves (argv[1], default 10,000,000) to an in-memory stored-hash array and
 * reports leaves per second, then the average time to make and to check an
 * inclusion proof and a consistency proof at that size, over 10,000 random
 * cases each.  Storage is allocated up front (merkle_stored_count), so the
 * append figure is hashing plus the layout arithmetic, not realloc.
 *
 * Build: gcc -O2 -Isrc bench/bench_merkle.c src/ledger/merkle.c, the
 * src/base objects, -lcrypto; run: bench_merkle [leaves]. */
#include "base/err.h"
#include "ledger/merkle.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PROOF_RUNS 10000
#define LEAF_BYTES 64 /* a plausible serialised ledger entry */

struct store {
	uint8_t (*h)[MERKLE_HASH_SIZE];
	int64_t n;
};

static int store_read(void *ctx, const int64_t *idx, int n, uint8_t (*out)[MERKLE_HASH_SIZE],
	struct err *e)
{
	struct store *s = ctx;
	for (int i = 0; i < n; i++) {
		if (idx[i] < 0 || idx[i] >= s->n)
			return err_fail(e, "index %" PRId64 " not stored", idx[i]);
		memcpy(out[i], s->h[idx[i]], MERKLE_HASH_SIZE);
	}
	return 0;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static int64_t rnd_below(int64_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (int64_t)(rng % (uint64_t)n);
}

static void die(const struct err *e)
{
	fprintf(stderr, "bench_merkle: %s\n", e->msg);
	exit(1);
}

int main(int argc, char **argv)
{
	int64_t n = argc > 1 ? strtoll(argv[1], NULL, 10) : 10000000;
	struct store s = {NULL, 0};
	struct merkle_reader r = {&s, store_read};
	struct err e = {0};
	uint8_t leaf[LEAF_BYTES] = {0}, lh[MERKLE_HASH_SIZE], root[MERKLE_HASH_SIZE];
	uint8_t out[MERKLE_MAX_STORED][MERKLE_HASH_SIZE], proof[MERKLE_MAX_PROOF][MERKLE_HASH_SIZE];
	int64_t count, *a, *b;
	int k, len;

	if (n < 2 || merkle_stored_count(n, &count) != 0) {
		fprintf(stderr, "usage: bench_merkle [leaves >= 2]\n");
		return 2;
	}
	s.h = malloc((size_t)count * MERKLE_HASH_SIZE);
	a = malloc(sizeof *a * PROOF_RUNS);
	b = malloc(sizeof *b * PROOF_RUNS);
	if (s.h == NULL || a == NULL || b == NULL) {
		fprintf(stderr, "bench_merkle: out of memory for %" PRId64 " hashes\n", count);
		return 1;
	}

	double t0 = now();
	for (int64_t i = 0; i < n; i++) {
		memcpy(leaf, &i, sizeof i);
		merkle_leaf_hash(leaf, sizeof leaf, lh);
		if (merkle_stored_hashes(i, lh, &r, out, &k, &e) != 0)
			die(&e);
		memcpy(s.h[s.n], out, (size_t)k * MERKLE_HASH_SIZE);
		s.n += k;
	}
	double t1 = now();
	printf("append: %" PRId64 " leaves (%" PRId64 " stored hashes, %.0f MiB) in %.2f s: "
	       "%.0f leaves/s\n", n, s.n, (double)s.n * 32 / (1 << 20), t1 - t0, (double)n / (t1 - t0));

	t0 = now();
	for (int i = 0; i < PROOF_RUNS; i++)
		if (merkle_tree_hash(n - rnd_below(1000), &r, root, &e) != 0)
			die(&e);
	t1 = now();
	printf("tree hash:               %6.2f us\n", (t1 - t0) / PROOF_RUNS * 1e6);
	if (merkle_tree_hash(n, &r, root, &e) != 0)
		die(&e);

	/* Inclusion: random leaf in the tree of size n. */
	for (int i = 0; i < PROOF_RUNS; i++)
		a[i] = rnd_below(n);
	t0 = now();
	for (int i = 0; i < PROOF_RUNS; i++)
		if (merkle_prove_leaf(n, a[i], &r, proof, &len, &e) != 0)
			die(&e);
	t1 = now();
	printf("inclusion proof:         %6.2f us (%d hashes at the last)\n",
		(t1 - t0) / PROOF_RUNS * 1e6, len);
	double check = 0;
	for (int i = 0; i < PROOF_RUNS; i++) {
		int64_t x = merkle_stored_index(0, a[i]);
		if (merkle_prove_leaf(n, a[i], &r, proof, &len, &e) != 0)
			die(&e);
		t0 = now();
		if (merkle_check_leaf((const uint8_t (*)[32])proof, len, n, root, a[i], s.h[x], &e) != 0)
			die(&e);
		check += now() - t0;
	}
	printf("inclusion proof check:   %6.2f us\n", check / PROOF_RUNS * 1e6);

	/* Consistency: random older size m against n. */
	for (int i = 0; i < PROOF_RUNS; i++)
		b[i] = 1 + rnd_below(n);
	t0 = now();
	for (int i = 0; i < PROOF_RUNS; i++)
		if (merkle_prove_tree(n, b[i], &r, proof, &len, &e) != 0)
			die(&e);
	t1 = now();
	printf("consistency proof:       %6.2f us (%d hashes at the last)\n",
		(t1 - t0) / PROOF_RUNS * 1e6, len);
	check = 0;
	for (int i = 0; i < PROOF_RUNS; i++) {
		uint8_t old[MERKLE_HASH_SIZE];
		if (merkle_tree_hash(b[i], &r, old, &e) != 0 ||
		    merkle_prove_tree(n, b[i], &r, proof, &len, &e) != 0)
			die(&e);
		t0 = now();
		if (merkle_check_tree((const uint8_t (*)[32])proof, len, n, root, b[i], old, &e) != 0)
			die(&e);
		check += now() - t0;
	}
	printf("consistency proof check: %6.2f us\n", check / PROOF_RUNS * 1e6);

	free(s.h);
	free(a);
	free(b);
	return 0;
}
