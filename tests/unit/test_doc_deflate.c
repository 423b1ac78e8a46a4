/* Tests for doc/deflate.c: cairo's streams at level 1, buffered until
 * Z_FINISH and served from a memo when the same input was compressed
 * before.  The bytes must be zlib's own, with the memo on or off, and a
 * different input must never get another's output, even with the same
 * length and CRC-32.  (A whole page with the memo on and off: test_doc_layout.c.) */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "doc/pdf.h"

#define TEXT_LEN 40000

/* Text like a font subset's: repetitive but not trivially so. */
static unsigned char *sample(unsigned seed)
{
	unsigned char *p = malloc(TEXT_LEN);
	uint32_t x = seed * 2654435761u + 1;
	for (size_t i = 0; i < TEXT_LEN; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = (unsigned char)("glyf loca hmtx cvt fpgm prep "[(x >> 16) % 29] ^ (i % 97 == 0));
	}
	return p;
}

/* Compresses in through deflateInit (the program's, memoised) with chunks of
 * in_step bytes and an output buffer of out_step bytes, as cairo does. */
static size_t squeeze(const unsigned char *in, size_t len, size_t in_step, size_t out_step,
		      unsigned char *out, size_t cap)
{
	z_stream s;
	unsigned char *ob = malloc(out_step);
	size_t done = 0, n = 0;
	int rc;
	memset(&s, 0, sizeof s);
	assert_int_equal(deflateInit(&s, Z_DEFAULT_COMPRESSION), Z_OK);
	while (done < len) {
		size_t k = len - done < in_step ? len - done : in_step;
		s.next_in = (unsigned char *)in + done;
		s.avail_in = (uInt)k;
		s.next_out = ob;
		s.avail_out = (uInt)out_step;
		assert_int_equal(deflate(&s, Z_NO_FLUSH), Z_OK);
		assert_int_equal(s.avail_in, 0);
		size_t got = out_step - s.avail_out;
		assert_true(n + got <= cap);
		memcpy(out + n, ob, got);
		n += got;
		done += k;
	}
	do {
		s.next_out = ob;
		s.avail_out = (uInt)out_step;
		rc = deflate(&s, Z_FINISH);
		assert_true(rc == Z_OK || rc == Z_STREAM_END);
		size_t got = out_step - s.avail_out;
		assert_true(n + got <= cap);
		memcpy(out + n, ob, got);
		n += got;
	} while (rc != Z_STREAM_END);
	assert_int_equal(s.total_in, len);
	assert_int_equal(s.total_out, n);
	assert_int_equal(s.adler, adler32(adler32(0, NULL, 0), in, (uInt)len));
	assert_int_equal(deflateEnd(&s), Z_OK);
	free(ob);
	return n;
}

/* zlib's own: deflateInit2_ is not the program's, nor are its streams memoised. */
static size_t reference(const unsigned char *in, size_t len, unsigned char *out, size_t cap)
{
	z_stream s;
	memset(&s, 0, sizeof s);
	assert_int_equal(deflateInit2(&s, 1, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
	s.next_in = (unsigned char *)in;
	s.avail_in = (uInt)len;
	s.next_out = out;
	s.avail_out = (uInt)cap;
	assert_int_equal(deflate(&s, Z_FINISH), Z_STREAM_END);
	size_t n = s.total_out;
	assert_int_equal(deflateEnd(&s), Z_OK);
	return n;
}

static void inflates_to(const unsigned char *z, size_t n, const unsigned char *want, size_t len)
{
	unsigned char *back = malloc(len + 1);
	uLongf got = len + 1;
	assert_int_equal(uncompress(back, &got, z, n), Z_OK);
	assert_int_equal(got, len);
	assert_memory_equal(back, want, len);
	free(back);
}

static void test_bytes_are_zlibs_memo_on_and_off(void **state)
{
	(void)state;
	size_t cap = 2 * TEXT_LEN;
	unsigned char *in = sample(1), *ref = malloc(cap), *out = malloc(cap);
	size_t nref = reference(in, TEXT_LEN, ref, cap);
	assert_int_equal(ref[0], 0x78);
	assert_int_equal(ref[1], 0x01); /* level 1 */
	for (int on = 0; on <= 1; on++) {
		pdf_deflate_memo(on);
		/* seen once, kept the second time, served the third and fourth */
		size_t steps[][2] = {{16384, 16384}, {1000, 7}, {TEXT_LEN, 1}, {7, 16384}};
		for (size_t i = 0; i < 4; i++) {
			size_t n = squeeze(in, TEXT_LEN, steps[i][0], steps[i][1], out, cap);
			assert_int_equal(n, nref);
			assert_memory_equal(out, ref, nref);
		}
		struct pdf_deflate_stats st = pdf_deflate_stats();
		assert_int_equal(st.hits, on ? 2 : 0);
		assert_int_equal(st.kept, on ? 1 : 0);
	}
	pdf_deflate_memo(1);
	free(in);
	free(ref);
	free(out);
}

/* Flips bits of in so that its CRC-32 stays the same: the CRC of equal
 * lengths is affine in the bits, so 33 single-bit changes are linearly
 * dependent and some of them cancel out (Gaussian elimination). */
static void same_crc(unsigned char *in, size_t len)
{
	unsigned char *zero = calloc(1, len);
	uint32_t c0 = (uint32_t)crc32(0, zero, (uInt)len), basis[32] = {0};
	uint64_t bmask[32] = {0}, found = 0;
	for (int i = 0; i < 64 && !found; i++) {
		zero[i / 8] ^= (unsigned char)(1u << (i % 8));
		uint32_t v = (uint32_t)crc32(0, zero, (uInt)len) ^ c0;
		zero[i / 8] ^= (unsigned char)(1u << (i % 8));
		uint64_t m = 1ull << i;
		for (int b = 31; b >= 0; b--) {
			if (!(v >> b & 1))
				continue;
			if (!basis[b]) { /* independent of the earlier ones: kept */
				basis[b] = v;
				bmask[b] = m;
				break;
			}
			v ^= basis[b];
			m ^= bmask[b];
		}
		if (!v)
			found = m; /* has bit i: not empty */
	}
	assert_true(found != 0);
	for (int i = 0; i < 64; i++)
		if (found >> i & 1)
			in[i / 8] ^= (unsigned char)(1u << (i % 8));
	free(zero);
}

static void test_never_serves_another_input(void **state)
{
	(void)state;
	size_t cap = 2 * TEXT_LEN;
	unsigned char *a = sample(2), *b = sample(2), *out = malloc(cap);
	same_crc(b, TEXT_LEN);
	assert_true(memcmp(a, b, TEXT_LEN) != 0);
	assert_int_equal(crc32(0, a, TEXT_LEN), crc32(0, b, TEXT_LEN));
	pdf_deflate_memo(1);
	for (int i = 0; i < 3; i++) { /* a kept and served */
		size_t n = squeeze(a, TEXT_LEN, 16384, 16384, out, cap);
		inflates_to(out, n, a, TEXT_LEN);
	}
	assert_int_equal(pdf_deflate_stats().hits, 1);
	size_t n = squeeze(b, TEXT_LEN, 16384, 16384, out, cap);
	inflates_to(out, n, b, TEXT_LEN);
	/* one byte more, one byte less */
	n = squeeze(a, TEXT_LEN - 1, 16384, 16384, out, cap);
	inflates_to(out, n, a, TEXT_LEN - 1);
	assert_int_equal(pdf_deflate_stats().hits, 1);
	free(a);
	free(b);
	free(out);
}

/* A flush other than Z_FINISH hands the stream to zlib; compress() (which
 * goes through deflateInit at the default level) still works. */
static void test_other_flushes_and_compress(void **state)
{
	(void)state;
	unsigned char *in = sample(3), out[2 * TEXT_LEN];
	z_stream s;
	int rc;
	size_t n = 0;
	memset(&s, 0, sizeof s);
	assert_int_equal(deflateInit(&s, Z_DEFAULT_COMPRESSION), Z_OK);
	s.next_in = in;
	s.avail_in = TEXT_LEN / 2;
	s.next_out = out;
	s.avail_out = 10;
	assert_int_equal(deflate(&s, Z_NO_FLUSH), Z_OK);
	do { /* 10 bytes at a time, until zlib has room to spare */
		s.avail_out = 10;
		rc = deflate(&s, Z_SYNC_FLUSH);
		assert_true(rc == Z_OK || rc == Z_BUF_ERROR);
	} while (s.avail_out == 0);
	assert_int_equal(s.avail_in, 0);
	n = s.total_out;
	assert_memory_equal(out + n - 4, "\0\0\xff\xff", 4); /* the sync marker */
	s.avail_in = TEXT_LEN - TEXT_LEN / 2;
	do {
		s.avail_out = 1000;
		rc = deflate(&s, Z_FINISH);
	} while (rc == Z_OK);
	assert_int_equal(rc, Z_STREAM_END);
	assert_int_equal(s.total_in, TEXT_LEN);
	inflates_to(out, s.total_out, in, TEXT_LEN);
	assert_int_equal(deflateEnd(&s), Z_OK);

	uLongf len = sizeof out;
	assert_int_equal(compress(out, &len, in, TEXT_LEN), Z_OK);
	inflates_to(out, len, in, TEXT_LEN);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bytes_are_zlibs_memo_on_and_off),
		cmocka_unit_test(test_never_serves_another_input),
		cmocka_unit_test(test_other_flushes_and_compress),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
