/* zlib's deflate as cairo's PDF streams use it: the fastest level, and a
 * stream already compressed in this process served again (doc/pdf.h).
 *
 * cairo compresses every stream of a PDF (the page contents, and above
 * all the font subsets embedded in each file: eight per letter) through
 * deflateInit(), always at zlib's default level, and has no setting for
 * it.  Defined here, in the program, deflateInit_, deflate, deflateReset
 * and deflateEnd take the place of zlib's for cairo (the dynamic linker
 * looks in the executable first) and call zlib's own (dlsym RTLD_NEXT).
 *
 * Level: only deflateInit_ at the default level is changed, to level 1:
 * the same pages, files about 4 % larger, an eighth less CPU for a batch of
 * letters.  Code that chooses its own level calls deflateInit2_ (minizip
 * for libxlsxwriter, libpng), which is zlib's own; its streams pass
 * through deflate() untouched.
 *
 * Memo: most of a batch's font subsets are the same bytes in every letter
 * (the bold italic face draws only "Nơi nhận", the italic one a few fixed
 * words).  A stream opened by this deflateInit_ keeps its input until
 * Z_FINISH and is then compressed in one call; when the same input (same
 * length and bytes, compared in full: the hash only finds the candidate)
 * was compressed before, its output is served again.  Every such stream
 * has the same parameters (level 1, zlib wrapper, 32 KB window, memLevel 8),
 * so the output is a function of the input alone: the bytes are those zlib
 * gives.  An input is kept only the second time it is seen (a letter's own
 * page is never seen twice), within MEMO_SLOTS entries and MEMO_BYTES,
 * the least recently used dropped first.
 *
 * Only Z_NO_FLUSH and Z_FINISH are buffered; any other flush hands the
 * buffered input to zlib and the stream goes on as zlib's own.  cairo and
 * compress() use nothing else on these streams (no deflateParams,
 * deflateSetDictionary, deflateCopy). */
#define _GNU_SOURCE
#include "doc/pdf.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define PDF_DEFLATE_LEVEL Z_BEST_SPEED
#define MEMO_SLOTS 256          /* compressed streams kept */
#define MEMO_BYTES (16u << 20)  /* their input and output, at most */
#define MEMO_SEEN 4096          /* inputs seen once, remembered by hash */

static int (*real_deflate)(z_streamp, int);
static int (*real_deflate_end)(z_streamp);
static int (*real_deflate_reset)(z_streamp);
static pthread_once_t real_once = PTHREAD_ONCE_INIT;

static void real_find(void)
{
	*(void **)&real_deflate = dlsym(RTLD_NEXT, "deflate");
	*(void **)&real_deflate_end = dlsym(RTLD_NEXT, "deflateEnd");
	*(void **)&real_deflate_reset = dlsym(RTLD_NEXT, "deflateReset");
	if (!real_deflate || !real_deflate_end || !real_deflate_reset)
		fatal("zlib: deflate not found (dlsym: %s)", dlerror());
}

void pdf_deflate_setup(void)
{
	pthread_once(&real_once, real_find);
}

/* ---- the memo ------------------------------------------------------------ */

static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;
static struct memo {
	uint32_t crc;
	size_t in_len, out_len;
	unsigned char *in, *out;
	uLong adler;
	uint64_t used; /* memo_clock when last served */
} memo[MEMO_SLOTS];
static size_t memo_bytes;
static uint64_t memo_clock;
static uint64_t seen[MEMO_SEEN];
static int memo_off;
static struct pdf_deflate_stats memo_stats;

void pdf_deflate_memo(int on)
{
	pthread_mutex_lock(&memo_lock);
	memo_off = !on;
	for (size_t i = 0; i < MEMO_SLOTS; i++) {
		free(memo[i].in);
		free(memo[i].out);
	}
	memset(memo, 0, sizeof memo);
	memset(seen, 0, sizeof seen);
	memo_bytes = 0;
	memset(&memo_stats, 0, sizeof memo_stats);
	pthread_mutex_unlock(&memo_lock);
}

struct pdf_deflate_stats pdf_deflate_stats(void)
{
	pthread_mutex_lock(&memo_lock);
	struct pdf_deflate_stats s = memo_stats;
	pthread_mutex_unlock(&memo_lock);
	return s;
}

static uint64_t seen_key(uint32_t crc, size_t len)
{
	return ((uint64_t)crc << 32 | (len & 0xffffffffu)) | 1; /* never 0, the empty slot */
}

/* The entry for this input, or NULL; under memo_lock. */
static struct memo *memo_find(uint32_t crc, const unsigned char *in, size_t len)
{
	for (size_t i = 0; i < MEMO_SLOTS; i++) {
		struct memo *m = &memo[i];
		if (m->in && m->crc == crc && m->in_len == len && memcmp(m->in, in, len) == 0)
			return m;
	}
	return NULL;
}

/* Keeps in -> out if this input was seen before (else notes it as seen);
 * under memo_lock. */
static void memo_add(uint32_t crc, const unsigned char *in, size_t len, const unsigned char *out,
		     size_t out_len, uLong adler)
{
	uint64_t k = seen_key(crc, len);
	uint64_t *s = &seen[k % MEMO_SEEN];
	size_t need = len + out_len;
	if (*s != k) {
		*s = k;
		return;
	}
	if (need > MEMO_BYTES / 4)
		return;
	for (;;) {
		struct memo *lru = NULL, *free_slot = NULL;
		for (size_t i = 0; i < MEMO_SLOTS; i++) {
			if (!memo[i].in)
				free_slot = free_slot ? free_slot : &memo[i];
			else if (!lru || memo[i].used < lru->used)
				lru = &memo[i];
		}
		if (free_slot && memo_bytes + need <= MEMO_BYTES) {
			struct memo *m = free_slot;
			m->crc = crc;
			m->in_len = len;
			m->out_len = out_len;
			m->in = xmalloc(len ? len : 1);
			m->out = xmalloc(out_len ? out_len : 1);
			memcpy(m->in, in, len);
			memcpy(m->out, out, out_len);
			m->adler = adler;
			m->used = ++memo_clock;
			memo_bytes += need;
			memo_stats.kept++;
			return;
		}
		memo_bytes -= lru->in_len + lru->out_len;
		free(lru->in);
		free(lru->out);
		memset(lru, 0, sizeof *lru);
	}
}

/* ---- streams ------------------------------------------------------------- */

/* A stream opened by deflateInit_ below: its input until Z_FINISH, then
 * its output as it is handed out. */
struct zs {
	z_streamp strm;
	struct zs *next;
	enum { ZS_BUFFER, ZS_DRAIN, ZS_PASS } mode;
	unsigned char *in, *out;
	size_t in_len, in_cap, out_len, out_cap, pos;
};

static pthread_mutex_t zs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct zs *zs_list;

static struct zs *zs_find(z_streamp strm)
{
	pthread_mutex_lock(&zs_lock);
	struct zs *z = zs_list;
	while (z && z->strm != strm)
		z = z->next;
	pthread_mutex_unlock(&zs_lock);
	return z;
}

static void zs_clear(struct zs *z)
{
	free(z->in);
	free(z->out);
	z->in = z->out = NULL;
	z->in_len = z->in_cap = z->out_len = z->out_cap = z->pos = 0;
	z->mode = ZS_BUFFER;
}

/* Takes the caller's input into z->in (counted in total_in now). */
static void zs_take(struct zs *z, z_streamp strm)
{
	size_t n = strm->avail_in;
	if (!n)
		return;
	if (z->in_len + n > z->in_cap) {
		z->in_cap = z->in_cap ? z->in_cap : 16384;
		while (z->in_len + n > z->in_cap)
			z->in_cap *= 2;
		z->in = xrealloc(z->in, z->in_cap);
	}
	memcpy(z->in + z->in_len, strm->next_in, n);
	z->in_len += n;
	strm->next_in += n;
	strm->avail_in = 0;
	strm->total_in += n;
}

/* Hands z->in to zlib with flush, the output into z->out (replacing it).
 * The caller's view of the stream (next/avail/total) is kept: the input
 * was counted when taken, the output is counted when handed out. */
static int zs_feed(struct zs *z, z_streamp strm, int flush)
{
	z_stream save = *strm;
	size_t done = 0;
	int rc;
	z->out_len = z->pos = 0;
	if (!z->out_cap) {
		z->out_cap = 16384;
		z->out = xmalloc(z->out_cap);
	}
	for (;;) {
		size_t chunk = z->in_len - done > UINT_MAX ? UINT_MAX : z->in_len - done;
		size_t room = z->out_cap - z->out_len > UINT_MAX ? UINT_MAX : z->out_cap - z->out_len;
		strm->next_in = z->in + done;
		strm->avail_in = (uInt)chunk;
		strm->next_out = z->out + z->out_len;
		strm->avail_out = (uInt)room;
		rc = real_deflate(strm, done + chunk < z->in_len ? Z_NO_FLUSH : flush);
		done += chunk - strm->avail_in;
		z->out_len += room - strm->avail_out;
		if (rc != Z_OK && rc != Z_BUF_ERROR)
			break;
		if (done == z->in_len && strm->avail_out > 0 && flush != Z_FINISH)
			break;
		if (z->out_len == z->out_cap) {
			z->out_cap *= 2;
			z->out = xrealloc(z->out, z->out_cap);
		}
	}
	uLong adler = strm->adler;
	int data_type = strm->data_type;
	const char *msg = strm->msg;
	*strm = save;
	strm->adler = adler;
	strm->data_type = data_type;
	strm->msg = (char *)msg;
	z->in_len = 0;
	return rc == Z_STREAM_END || rc == Z_OK || rc == Z_BUF_ERROR ? Z_OK : rc;
}

/* Compresses the whole input, from the memo when it was seen before. */
static int zs_finish(struct zs *z, z_streamp strm)
{
	uint32_t crc = (uint32_t)crc32_z(0, z->in, z->in_len);
	pthread_mutex_lock(&memo_lock);
	int off = memo_off;
	struct memo *m = off ? NULL : memo_find(crc, z->in, z->in_len);
	if (m) {
		if (m->out_len > z->out_cap) {
			z->out_cap = m->out_len;
			z->out = xrealloc(z->out, z->out_cap);
		}
		memcpy(z->out, m->out, m->out_len);
		z->out_len = m->out_len;
		z->pos = 0;
		strm->adler = m->adler;
		m->used = ++memo_clock;
		memo_stats.hits++;
		memo_stats.bytes_saved += z->in_len;
		z->in_len = 0;
		pthread_mutex_unlock(&memo_lock);
		return Z_OK;
	}
	memo_stats.misses++;
	pthread_mutex_unlock(&memo_lock);
	/* kept before zs_feed consumes it */
	unsigned char *in = z->in;
	size_t len = z->in_len;
	int rc = zs_feed(z, strm, Z_FINISH);
	if (rc == Z_OK && !off) {
		pthread_mutex_lock(&memo_lock);
		memo_add(crc, in, len, z->out, z->out_len, strm->adler);
		pthread_mutex_unlock(&memo_lock);
	}
	return rc;
}

/* Copies what fits of z->out into the caller's output. */
static void zs_drain(struct zs *z, z_streamp strm)
{
	size_t n = z->out_len - z->pos;
	if (n > strm->avail_out)
		n = strm->avail_out;
	memcpy(strm->next_out, z->out + z->pos, n);
	z->pos += n;
	strm->next_out += n;
	strm->avail_out -= (uInt)n;
	strm->total_out += n;
}

int deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
	pdf_deflate_setup();
	int memo_it = level == Z_DEFAULT_COMPRESSION;
	if (memo_it)
		level = PDF_DEFLATE_LEVEL;
	int rc = deflateInit2_(strm, level, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY, version,
			       stream_size);
	if (rc != Z_OK || !memo_it)
		return rc;
	struct zs *z = xcalloc(1, sizeof *z);
	z->strm = strm;
	pthread_mutex_lock(&zs_lock);
	z->next = zs_list;
	zs_list = z;
	pthread_mutex_unlock(&zs_lock);
	return rc;
}

int deflate(z_streamp strm, int flush)
{
	pdf_deflate_setup();
	struct zs *z = strm ? zs_find(strm) : NULL;
	if (!z)
		return real_deflate(strm, flush);
	switch (z->mode) {
	case ZS_BUFFER:
		if (!strm->next_out || (!strm->next_in && strm->avail_in))
			return Z_STREAM_ERROR;
		if (flush == Z_NO_FLUSH || flush == Z_FINISH) {
			zs_take(z, strm);
			if (flush == Z_NO_FLUSH)
				return Z_OK;
			int rc = zs_finish(z, strm);
			if (rc != Z_OK)
				return rc;
			z->mode = ZS_DRAIN;
			break;
		}
		/* another flush: zlib's own from here on */
		zs_take(z, strm);
		z->mode = ZS_PASS;
		int rc = zs_feed(z, strm, Z_NO_FLUSH);
		if (rc != Z_OK)
			return rc;
		/* fall through */
	case ZS_PASS:
		zs_drain(z, strm);
		if (z->pos < z->out_len)
			return Z_OK;
		return real_deflate(strm, flush);
	case ZS_DRAIN:
		if (flush != Z_FINISH)
			return Z_STREAM_ERROR;
		if (strm->avail_in)
			return Z_BUF_ERROR;
		break;
	}
	zs_drain(z, strm);
	return z->pos < z->out_len ? Z_OK : Z_STREAM_END;
}

int deflateReset(z_streamp strm)
{
	pdf_deflate_setup();
	struct zs *z = strm ? zs_find(strm) : NULL;
	if (z)
		zs_clear(z);
	return real_deflate_reset(strm);
}

int deflateEnd(z_streamp strm)
{
	pdf_deflate_setup();
	struct zs *z = NULL;
	pthread_mutex_lock(&zs_lock);
	for (struct zs **p = &zs_list; *p; p = &(*p)->next) {
		if ((*p)->strm == strm) {
			z = *p;
			*p = z->next;
			break;
		}
	}
	pthread_mutex_unlock(&zs_lock);
	if (z) {
		zs_clear(z);
		free(z);
	}
	return real_deflate_end(strm);
}
