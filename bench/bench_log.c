/* Benchmark of the transparency log (issue #5), each part against a
 * baseline measured in the same run:
 *
 *  1. append N leaves (argv[1], default 10,000,000) through the log layer
 *     alone (log_append_data into the tile rows, one transaction, commit
 *     included) vs raw SHA-256: the same leaf bytes hashed twice per leaf
 *     (leaf hash + one node hash, what an append costs at the least),
 *     through the same functions; three times in alternation, the best of
 *     each compared;
 *  2. inclusion and consistency proofs at that size, read from the
 *     database (10,000 random ones each), and a checkpoint signature;
 *  3. recording M contributions (argv[2], default 1,000,000) through the
 *     store functions of the journal path (journal row + contribution row)
 *     with and without the log's append (leaf, commitment, salt, hashes,
 *     strips, one checkpoint at the end), each into a fresh database and in
 *     a fresh process, five times in alternation; the medians are compared
 *     (in one process the runs drift by up to 25 %).  The difference
 *     (the log's cost) is then set against recording M contributions
 *     through the real journal path (contribution_record in a write batch,
 *     flushed and committed, as an import does).  Then a full proof
 *     document (leaf rebuilt from its rows) at size M;
 *  4. `ansinh verify` (books_verify) over V contributions (argv[3], default
 *     0: skipped) recorded with the log, timed.
 *
 * `bench_log --record M on|off` records M contributions as part 3 does, once,
 * into a fresh database, and prints the wall and CPU microseconds per
 * contribution: bench/log_ablation.sh alternates such processes, a fresh
 * one per measurement, and compares medians.
 *
 * Each figure is given as wall time and as the process's CPU time: on a
 * machine shared with other work the CPU time is the steadier of the two.
 *
 * Scratch databases go to $BENCH_OUT (default bench/out).  Run:
 *   make build/bench/bench_log && build/bench/bench_log [leaves] [contributions] [verified]
 * (a count of 0 skips its parts). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/core.h"
#include "ledger/log.h"
#include "ledger/merkle.h"
#include "store/store.h"

#define PROOF_RUNS 10000
#define DONORS 1000
#define NOW "2019-12-01T03:00:00Z"

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* The process's CPU time (user + system): on a machine shared with other
 * work, wall time measures the neighbours too; CPU time far less so. */
static double cpu_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
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

static void die(const char *what, const struct err *e)
{
	fprintf(stderr, "bench_log: %s: %s\n", what, e->msg);
	exit(1);
}

static struct db *fresh_db(const char *dir, const char *name)
{
	char path[512];
	struct db *db;
	struct err e = {0};
	static const char *const sfx[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s%s", dir, name, sfx[i]);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (db_open(&db, path, DB_OPEN_CREATE, &e) < 0)
		die(path, &e);
	return db;
}

/* A leaf as a contribution writes it, the id's digits changed per leaf:
 * both loops of part 1 pay the same for making their bytes. */
struct leaf_bytes {
	char data[512];
	size_t len, id_at;
};

static void leaf_template(struct leaf_bytes *b)
{
	static const uint8_t identity[32] = {1, 2, 3};
	struct log_leaf l = {
		.id = 1000000000, .kind = "contribution", .campaign = "TV2019", .date = "2019-09-15",
		.recorded = NOW, .debit = "bank", .credit = "contributions", .amount = 2500000,
		.unit = "TV-CL-X1", .receipt = "TV2019-0001000", .identity = identity,
	};
	long n = log_leaf_format(&l, b->data, sizeof b->data);
	if (n < 0)
		exit(1);
	b->len = (size_t)n;
	b->id_at = (size_t)(strstr(b->data, "id ") - b->data) + 3;
}

static void leaf_set(struct leaf_bytes *b, int64_t i)
{
	int64_t v = 1000000000 + i;
	for (int d = 9; d >= 0; d--) {
		b->data[b->id_at + (size_t)d] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* Raw SHA-256 over the leaves: two per leaf, the least an append costs.
 * Returns the seconds taken, *cpu the CPU seconds. */
static double raw_hashes(struct leaf_bytes *b, int64_t n, uint8_t *sink, double *cpu)
{
	uint8_t h[32];
	double t0 = now_s(), c0 = cpu_s();
	for (int64_t i = 0; i < n; i++) {
		leaf_set(b, i);
		merkle_leaf_hash((const uint8_t *)b->data, b->len, h);
		merkle_node_hash(h, h, h);
		*sink ^= h[0];
	}
	*cpu = cpu_s() - c0;
	return now_s() - t0;
}

/* The same leaves appended through the log layer into a fresh database,
 * one transaction.  Returns the seconds taken with the commit; *inside
 * and *inside_cpu receive the time before it, *cpu the CPU seconds. */
static double log_appends(const char *dir, struct leaf_bytes *b, int64_t n, double *cpu,
			  double *inside, double *inside_cpu)
{
	struct err e = {0};
	struct db *db = fresh_db(dir, "log-append.db");
	struct log_batch *lb = calloc(1, sizeof *lb);
	db_bulk_mode(db, 1);
	double t0 = now_s(), c0 = cpu_s();
	if (db_begin(db, &e) < 0)
		die("begin", &e);
	for (int64_t i = 0; i < n; i++) {
		leaf_set(b, i);
		if (log_append_data(db, lb, (const uint8_t *)b->data, b->len, &e) < 0)
			die("append", &e);
	}
	*inside = now_s() - t0;
	*inside_cpu = cpu_s() - c0;
	if (log_batch_write(db, lb, &e) < 0 || db_commit(db, &e) < 0)
		die("commit", &e);
	double t = now_s() - t0;
	*cpu = cpu_s() - c0;
	free(lb);
	db_close(db);
	return t;
}

/* Part 1: three times in alternation, the best of each (as part 3). */
static int64_t append_part(const char *dir, int64_t n)
{
	struct leaf_bytes b;
	uint8_t sink = 0;
	double raw = 1e9, raw_cpu = 1e9, logged = 1e9, logged_cpu = 1e9, inside = 1e9, inside_cpu = 1e9;
	leaf_template(&b);
	for (int run = 0; run < 3; run++) {
		double rc, rw = raw_hashes(&b, n, &sink, &rc);
		raw = rw < raw ? rw : raw;
		raw_cpu = rc < raw_cpu ? rc : raw_cpu;
		double c, in, in_cpu, w = log_appends(dir, &b, n, &c, &in, &in_cpu);
		printf("   run %d: raw %.2f s (cpu %.2f), log %.2f s (cpu %.2f, of which commit %.2f)\n",
		       run + 1, rw, rc, w, c, c - in_cpu);
		logged = w < logged ? w : logged;
		logged_cpu = c < logged_cpu ? c : logged_cpu;
		inside = in < inside ? in : inside;
		inside_cpu = in_cpu < inside_cpu ? in_cpu : inside_cpu;
	}
	printf("1. append %" PRId64 " leaves of %zu bytes (sink %u), best of 3  wall        cpu\n", n,
	       b.len, sink);
	printf("   raw SHA-256, 2 per leaf:     %7.3f us/leaf  %7.3f us/leaf\n",
	       raw / (double)n * 1e6, raw_cpu / (double)n * 1e6);
	printf("   log layer, inside the tx:    %7.3f us/leaf  %7.3f us/leaf\n",
	       inside / (double)n * 1e6, inside_cpu / (double)n * 1e6);
	printf("   log layer, commit included:  %7.3f us/leaf  %7.3f us/leaf\n",
	       logged / (double)n * 1e6, logged_cpu / (double)n * 1e6);
	printf("   ratio log / raw:             %7.2f x        %7.2f x  (goal <= 1.5)\n", logged / raw,
	       logged_cpu / raw_cpu);
	return n;
}

static void proof_part(const char *dir, int64_t n)
{
	char path[512];
	struct db *db;
	struct err e = {0};
	struct merkle_reader r;
	uint8_t proof[MERKLE_MAX_PROOF][32], root[32], old[32];
	int len;
	snprintf(path, sizeof path, "%s/log-append.db", dir);
	if (db_open(&db, path, DB_OPEN_EXISTING, &e) < 0)
		die(path, &e);
	log_reader_open(db, &r);
	if (merkle_tree_hash(n, &r, root, &e) < 0)
		die("tree hash", &e);
	double t0 = now_s(), c0 = cpu_s();
	for (int i = 0; i < PROOF_RUNS; i++)
		if (merkle_prove_leaf(n, rnd_below(n), &r, proof, &len, &e) < 0)
			die("inclusion", &e);
	double incl = (now_s() - t0) / PROOF_RUNS, incl_cpu = (cpu_s() - c0) / PROOF_RUNS;
	t0 = now_s();
	c0 = cpu_s();
	for (int i = 0; i < PROOF_RUNS; i++)
		if (merkle_prove_tree(n, 1 + rnd_below(n - 1), &r, proof, &len, &e) < 0)
			die("consistency", &e);
	double cons = (now_s() - t0) / PROOF_RUNS, cons_cpu = (cpu_s() - c0) / PROOF_RUNS;
	/* one checked for good measure */
	int64_t m = n / 3;
	if (merkle_tree_hash(m, &r, old, &e) < 0 || merkle_prove_tree(n, m, &r, proof, &len, &e) < 0 ||
	    merkle_check_tree(proof, len, n, root, m, old, &e) < 0)
		die("consistency check", &e);
	t0 = now_s();
	if (db_begin(db, &e) < 0 || log_sign(db, NOW, NULL, &e) < 0 || db_commit(db, &e) < 0)
		die("sign", &e);
	double sign = now_s() - t0;
	log_reader_close(&r);
	db_close(db);
	printf("2. proofs at size %" PRId64 ", from the database (%d random each)\n", n, PROOF_RUNS);
	printf("   inclusion proof:          %6.1f us wall  %6.1f us cpu  (goal < 50)\n", incl * 1e6,
	       incl_cpu * 1e6);
	printf("   consistency proof:        %6.1f us wall  %6.1f us cpu  (goal < 50)\n", cons * 1e6,
	       cons_cpu * 1e6);
	printf("   first checkpoint (key made, root, sign, store): %.1f ms\n", sign * 1e3);
}

/* The database part 3 records into: a campaign, a unit, donors. */
struct books {
	struct db *db;
	int64_t campaign, unit;
	int64_t donor[DONORS];
	char name[DONORS][32];
};

static void books_open(struct books *bk, const char *dir, const char *file)
{
	struct err e = {0};
	struct actor a = {"bench"};
	struct campaign_input c = {.code = "TV2019", .name = "Bench", .start = "2019-01-01",
				   .end = "2019-12-31"};
	char now[32];
	bk->db = fresh_db(dir, file);
	core_now(now);
	if (campaign_add(bk->db, &a, &c, &bk->campaign, &e) < 0 ||
	    unit_add(bk->db, &a, "TV-CL-X1", "Xã", NULL, NULL, &bk->unit, &e) < 0 ||
	    db_begin(bk->db, &e) < 0)
		die("setup", &e);
	for (int i = 0; i < DONORS; i++) {
		int created;
		snprintf(bk->name[i], sizeof bk->name[i], "Nguyễn Văn %d", i);
		struct donor_input d = {.name = bk->name[i], .kind = "individual"};
		if (donor_find_or_create(bk->db, &d, bk->unit, now, &bk->donor[i], &created, &e) < 0)
			die("donor", &e);
	}
	if (log_key_ensure(bk->db, NOW, &e) < 0 || db_commit(bk->db, &e) < 0)
		die("setup", &e);
}

/* Signs the entries a flush left to the next checkpoint (a flush signs at
 * most once a second per process). */
static void sign(struct db *db)
{
	struct err e = {0};
	if (db_begin(db, &e) < 0 || log_sign(db, NOW, NULL, &e) < 0 || db_commit(db, &e) < 0)
		die("sign", &e);
}

/* Fresh books in bulk mode, inside the transaction the recording runs in. */
static void books_begin(struct books *bk, const char *dir, const char *file)
{
	struct err e = {0};
	books_open(bk, dir, file);
	db_bulk_mode(bk->db, 1);
	if (db_begin(bk->db, &e) < 0)
		die("begin", &e);
}

/* Records m contributions as contribution_record does, through the store
 * functions; with_log adds the log's append and the batch's checkpoint.
 * Returns the seconds taken, commit included. */
static double record(const char *dir, int64_t m, int with_log, double *cpu)
{
	struct books *bk = calloc(1, sizeof *bk);
	struct log_batch *lb = calloc(1, sizeof *lb);
	struct err e = {0};
	char receipt[32];
	books_begin(bk, dir, with_log ? "log-record-on.db" : "log-record-off.db");
	double t0 = now_s(), c0 = cpu_s();
	for (int64_t i = 0; i < m; i++) {
		int d = (int)(i % DONORS);
		snprintf(receipt, sizeof receipt, "TV2019-%07lld", (long long)i + 1);
		struct entry_row en = {
			.id = i + 1, .campaign_id = bk->campaign, .kind = "contribution",
			.entry_date = "2019-09-15", .recorded_at = NOW, .debit_account = ACC_BANK,
			.credit_account = ACC_CONTRIBUTIONS, .amount = 100000 + i, .unit_id = bk->unit,
			.actor = "bench",
		};
		struct contribution_row c = {
			.entry_id = i + 1, .campaign_id = bk->campaign, .donor_id = bk->donor[d],
			.unit_id = bk->unit, .channel = "transfer", .amount = en.amount,
			.date = en.entry_date, .receipt_no = receipt,
		};
		struct log_extra x = {receipt, bk->donor[d], bk->name[d], NULL};
		int64_t id;
		if (store_journal_insert(bk->db, &en, &e) < 0 ||
		    (with_log && log_append_entry(bk->db, lb, &en, &x, &e) < 0) ||
		    store_contribution_insert(bk->db, &c, &id, &e) < 0)
			die("record", &e);
	}
	if ((with_log && log_batch_flush(bk->db, lb, NOW, &e) < 0) || db_commit(bk->db, &e) < 0)
		die("commit", &e);
	double t = now_s() - t0;
	*cpu = cpu_s() - c0;
	db_close(bk->db);
	free(bk);
	free(lb);
	return t;
}

/* Records m contributions through the real journal path: contribution_record
 * in one write batch (checks, receipt series, journal_post_log with the
 * log's append, the contribution row), flushed (receipt counters, tile rows,
 * a checkpoint) and committed, as `ansinh import contributions` does.
 * Returns the CPU seconds taken. */
static double record_real(const char *dir, int64_t m, double *wall)
{
	struct books *bk = calloc(1, sizeof *bk);
	struct write_batch *wb = calloc(1, sizeof *wb);
	struct actor a = {"bench"};
	struct buf receipt = BUF_INIT;
	struct err e = {0};
	char now[32];
	books_begin(bk, dir, "log-record-real.db");
	core_now(now);
	double t0 = now_s(), c0 = cpu_s();
	for (int64_t i = 0; i < m; i++) {
		int d = (int)(i % DONORS);
		struct contribution_input in = {
			.campaign_id = bk->campaign, .donor_id = bk->donor[d], .unit_id = bk->unit,
			.channel = "transfer", .amount = 100000 + i, .date = "2019-09-15",
			.donor_name = bk->name[d],
		};
		int64_t id;
		if (contribution_record(bk->db, &a, &in, now, wb, &id, &receipt, &e) < 0)
			die("contribution_record", &e);
	}
	if (write_batch_flush(bk->db, wb, &e) < 0 || db_commit(bk->db, &e) < 0)
		die("commit", &e);
	*wall = now_s() - t0;
	double cpu = cpu_s() - c0;
	db_close(bk->db);
	buf_free(&receipt);
	free(wb);
	free(bk);
	return cpu;
}

/* The database record() last wrote with the log, open again. */
static struct db *recorded_on(const char *dir)
{
	struct db *db;
	struct err e = {0};
	char path[512];
	snprintf(path, sizeof path, "%s/log-record-on.db", dir);
	if (db_open(&db, path, DB_OPEN_EXISTING, &e) < 0)
		die(path, &e);
	return db;
}

/* What one measurement of part 3 returns from its process. */
struct measure {
	double wall, cpu;
};

/* Runs kind (0 without the log, 1 with it, 2 the real journal path) in a
 * child process of its own: a fresh heap and allocator each time, since in
 * one process the runs drift (up to 25 % from the first to the third). */
static struct measure measure_fresh(const char *dir, int64_t m, int kind)
{
	struct measure r = {0, 0};
	int fd[2];
	if (pipe(fd) != 0) {
		perror("bench_log: pipe");
		exit(1);
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("bench_log: fork");
		exit(1);
	}
	if (pid == 0) {
		close(fd[0]);
		if (kind == 2)
			r.cpu = record_real(dir, m, &r.wall);
		else
			r.wall = record(dir, m, kind, &r.cpu);
		_exit(write(fd[1], &r, sizeof r) == (ssize_t)sizeof r ? 0 : 1);
	}
	close(fd[1]);
	ssize_t got = read(fd[0], &r, sizeof r);
	int status = 0;
	close(fd[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    got != (ssize_t)sizeof r) {
		fprintf(stderr, "bench_log: a measurement of part 3 failed\n");
		exit(1);
	}
	return r;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define RECORD_ROUNDS 5

static void record_part(const char *dir, int64_t m)
{
	struct db *kept;
	struct err e = {0};
	double w[3][RECORD_ROUNDS], c[3][RECORD_ROUNDS];
	for (int run = 0; run < RECORD_ROUNDS; run++) {
		for (int kind = 0; kind < 3; kind++) {
			struct measure r = measure_fresh(dir, m, kind);
			w[kind][run] = r.wall;
			c[kind][run] = r.cpu;
		}
		printf("   round %d: without the log %.2f s (cpu %.2f), with it %.2f s (cpu %.2f), "
		       "real path %.2f s (cpu %.2f)\n", run + 1, w[0][run], c[0][run], w[1][run],
		       c[1][run], w[2][run], c[2][run]);
	}
	double off = median(w[0], RECORD_ROUNDS), off_cpu = median(c[0], RECORD_ROUNDS);
	double on = median(w[1], RECORD_ROUNDS), on_cpu = median(c[1], RECORD_ROUNDS);
	double real_wall = median(w[2], RECORD_ROUNDS), real_cpu = median(c[2], RECORD_ROUNDS);
	printf("3. recording %" PRId64 " contributions (journal row + contribution row, one "
	       "transaction), median of %d, each in a fresh process     wall      cpu\n", m,
	       RECORD_ROUNDS);
	printf("   without the log:             %7.2f us  %7.2f us per contribution\n",
	       off / (double)m * 1e6, off_cpu / (double)m * 1e6);
	printf("   with the log:                %7.2f us  %7.2f us per contribution\n",
	       on / (double)m * 1e6, on_cpu / (double)m * 1e6);
	printf("   the log adds:                %7.1f %%   %7.1f %%  (goal < 10)\n",
	       (on / off - 1) * 100, (on_cpu / off_cpu - 1) * 100);
	/* The log's cost (with - without, above) against what recording costs
	 * through the real journal path, which has more to do per contribution
	 * than the two rows alone. */
	double log_cpu = on_cpu - off_cpu, log_wall = on - off;
	printf("   real journal path (contribution_record, batch, flush), median of %d:\n",
	       RECORD_ROUNDS);
	printf("   recording with the log:      %7.2f us  %7.2f us per contribution\n",
	       real_wall / (double)m * 1e6, real_cpu / (double)m * 1e6);
	printf("   of which the log (above):    %7.2f us  %7.2f us\n", log_wall / (double)m * 1e6,
	       log_cpu / (double)m * 1e6);
	printf("   the log adds:                %7.1f %%   %7.1f %%  (goal < 10)\n",
	       log_wall / (real_wall - log_wall) * 100, log_cpu / (real_cpu - log_cpu) * 100);

	kept = recorded_on(dir);
	struct log_proof p;
	struct verify_result v;
	sign(kept);
	double t0 = now_s(), c0 = cpu_s();
	for (int i = 0; i < 1000; i++) {
		if (log_prove_leaf(kept, rnd_below(m), 0, &p, &e) < 0)
			die("prove", &e);
		log_proof_free(&p);
	}
	double doc = (now_s() - t0) / 1000, doc_cpu = (cpu_s() - c0) / 1000;
	t0 = now_s();
	c0 = cpu_s();
	if (books_verify(kept, &v, &e) < 0)
		die("verify", &e);
	double ver = now_s() - t0, ver_cpu = cpu_s() - c0;
	printf("   proof document (leaf rebuilt from its rows) at size %" PRId64 ": %.1f us wall, "
	       "%.1f us cpu\n", m, doc * 1e6, doc_cpu * 1e6);
	printf("   ansinh verify (books and every leaf and hash): %.2f s wall, %.2f s cpu\n", ver,
	       ver_cpu);
	db_close(kept);
}

/* Part 4: `ansinh verify` (books_verify: the books, every leaf rebuilt and
 * every hash recomputed, every checkpoint) over v contributions recorded
 * with the log, against recomputing the same hashes alone (raw SHA-256:
 * a leaf hash and a node hash per entry, as part 1's baseline). */
static void verify_part(const char *dir, int64_t v)
{
	struct verify_result r;
	struct err e = {0};
	double cpu;
	double rec = record(dir, v, 1, &cpu);
	struct db *kept = recorded_on(dir);
	sign(kept);
	double t0 = now_s(), c0 = cpu_s();
	if (books_verify(kept, &r, &e) < 0)
		die("verify", &e);
	double wall = now_s() - t0, vcpu = cpu_s() - c0;
	printf("4. ansinh verify over %" PRId64 " contributions (recorded in %.1f s, cpu %.1f s)\n",
	       v, rec, cpu);
	printf("   verify:                      %7.2f s wall  %7.2f s cpu  %.2f us/entry (cpu)\n",
	       wall, vcpu, vcpu / (double)v * 1e6);
	db_close(kept);
}

/* One measurement of part 3 in a process of its own. */
static int record_once(int argc, char **argv, const char *dir)
{
	int64_t m = argc > 2 ? strtoll(argv[2], NULL, 10) : 0;
	int on = argc > 3 && strcmp(argv[3], "on") == 0;
	if (m < 2 || argc != 4 || (!on && strcmp(argv[3], "off") != 0)) {
		fprintf(stderr, "usage: bench_log --record CONTRIBUTIONS on|off\n");
		return 2;
	}
	double cpu, wall = record(dir, m, on, &cpu);
	printf("%s %.3f %.3f\n", on ? "on" : "off", wall / (double)m * 1e6, cpu / (double)m * 1e6);
	return 0;
}

int main(int argc, char **argv)
{
	int64_t n = argc > 1 ? strtoll(argv[1], NULL, 10) : 10000000;
	int64_t m = argc > 2 ? strtoll(argv[2], NULL, 10) : 1000000;
	int64_t v = argc > 3 ? strtoll(argv[3], NULL, 10) : 0;
	const char *dir = getenv("BENCH_OUT");
	if (dir == NULL || !*dir)
		dir = "bench/out";
	if (argc > 1 && strcmp(argv[1], "--record") == 0) {
		setenv("ANSINH_NOW", NOW, 1);
		return record_once(argc, argv, dir);
	}
	if ((n != 0 && n < 2) || (m != 0 && m < 2) || v < 0) {
		fprintf(stderr, "usage: bench_log [leaves >= 2] [contributions >= 2] [verified "
			"contributions]  (0 skips a part)\n");
		return 2;
	}
	setenv("ANSINH_NOW", NOW, 1);
	if (n) {
		append_part(dir, n);
		proof_part(dir, n);
	}
	if (m)
		record_part(dir, m);
	if (v)
		verify_part(dir, v);
	return 0;
}
