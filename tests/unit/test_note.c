/* Tests for ledger/note: the known answers of Go's sumdb/note tests (same
 * key, same text, same signature byte for byte), key string manglings, note
 * tampering, and checkpoints. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "ledger/note.h"

/* From golang.org/x/mod/sumdb/note/note_test.go. */
static const char peter_skey[] =
	"PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
static const char peter_vkey[] =
	"PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
static const char enoch_vkey[] =
	"EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
static const char text[] =
	"If you think cryptography is the answer to your problem,\n"
	"then you don't know what your problem is.\n";
static const char peter_sig[] =
	"\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
static const char enoch_sig[] =
	"\xe2\x80\x94 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

/* Opens msg with the given verifier key strings; returns note_verify's result
 * and leaves the message in e. */
static int open_with(const char *msg, size_t len, const char *const *vkeys, int n,
	size_t *text_len, int *verified, struct err *e)
{
	struct note_verifier v[4];
	struct err pe = {0};
	assert_true(n <= 4);
	for (int i = 0; i < n; i++)
		assert_int_equal(note_verifier_parse(vkeys[i], &v[i], &pe), 0);
	err_clear(e);
	return note_verify(msg, len, v, n, text_len, verified, e);
}

/* Concatenates the strings up to a NULL into a malloc'd string. */
static char *cat(const char *first, ...)
{
	struct buf x = BUF_INIT;
	va_list ap;
	va_start(ap, first);
	for (const char *s = first; s != NULL; s = va_arg(ap, const char *))
		buf_puts(&x, s);
	va_end(ap);
	buf_cstr(&x);
	return buf_detach(&x);
}

static void test_go_verifier_key(void **state)
{
	(void)state;
	struct note_verifier v;
	struct buf b = BUF_INIT;
	struct err e = {0};

	assert_int_equal(note_verifier_parse(peter_vkey, &v, &e), 0);
	assert_string_equal(v.name, "PeterNeumann");
	assert_int_equal(v.key_hash, 0xc74f20a3);
	note_verifier_format(&v, &b);
	assert_string_equal(buf_cstr(&b), peter_vkey);

	/* Every proper substring and every single-byte change is rejected, as in
	 * Go's TestNewVerifier. */
	char k[sizeof peter_vkey];
	size_t n = strlen(peter_vkey);
	for (size_t i = 0; i <= n; i++) {
		for (size_t j = i + 1; j <= n; j++) {
			if (i == 0 && j == n)
				continue;
			memcpy(k, peter_vkey + i, j - i);
			k[j - i] = '\0';
			err_clear(&e);
			if (note_verifier_parse(k, &v, &e) == 0)
				fail_msg("accepted verifier key \"%s\"", k);
		}
	}
	memcpy(k, peter_vkey, sizeof k);
	for (size_t i = 0; i < n; i++) {
		k[i]++;
		err_clear(&e);
		if (note_verifier_parse(k, &v, &e) == 0)
			fail_msg("accepted verifier key \"%s\"", k);
		k[i]--;
	}

	/* Go's wrong-length and unknown-algorithm keys, each with a matching
	 * hash.  The first is also non-canonical base64 ("EY==" leaves bits
	 * set), which Go tolerates and we do not. */
	err_clear(&e);
	assert_int_equal(note_verifier_parse(
		"PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==", &v, &e), -1);
	err_clear(&e);
	assert_int_equal(note_verifier_parse(
		"PeterNeumann+c74f20a3+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", &v, &e), -1);
	assert_non_null(strstr(e.msg, "Ed25519 key of 31 bytes"));
	err_clear(&e);
	assert_int_equal(note_verifier_parse(
		"PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", &v, &e), -1);
	assert_non_null(strstr(e.msg, "unknown key algorithm"));
	err_clear(&e);
	assert_int_equal(note_verifier_parse(
		"PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", &v, &e), -1);
	assert_non_null(strstr(e.msg, "does not match"));
	err_clear(&e);
	assert_int_equal(note_verifier_parse(
		"PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T=", &v, &e), -1);
	assert_non_null(strstr(e.msg, "base64"));
	err_clear(&e);
	assert_int_equal(note_verifier_parse(
		"Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", &v, &e), -1);
	assert_non_null(strstr(e.msg, "bad key name"));
	err_clear(&e);
	assert_int_equal(note_verifier_parse(
		"PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", &v, &e), -1);
	assert_non_null(strstr(e.msg, "8 hex digits"));
	err_clear(&e);
	assert_int_equal(note_verifier_parse("PeterNeumann", &v, &e), -1);
	buf_free(&b);
}

static void test_go_signer_key(void **state)
{
	(void)state;
	struct note_signer s;
	struct note_verifier v, w;
	struct err e = {0};

	assert_int_equal(note_signer_parse(peter_skey, &s, &e), 0);
	assert_string_equal(s.name, "PeterNeumann");
	assert_int_equal(s.key_hash, 0xc74f20a3);
	note_signer_verifier(&s, &v);
	assert_int_equal(note_verifier_parse(peter_vkey, &w, &e), 0);
	assert_memory_equal(&v, &w, sizeof v);
	note_signer_clear(&s);

	/* Manglings, as in Go's TestNewSigner. */
	char k[sizeof peter_skey];
	size_t n = strlen(peter_skey);
	for (size_t i = 0; i <= n; i++) {
		for (size_t j = i + 1; j <= n; j++) {
			if (i == 0 && j == n)
				continue;
			memcpy(k, peter_skey + i, j - i);
			k[j - i] = '\0';
			err_clear(&e);
			if (note_signer_parse(k, &s, &e) == 0)
				fail_msg("accepted signer key \"%s\"", k);
		}
	}
	memcpy(k, peter_skey, sizeof k);
	for (size_t i = 0; i < n; i++) {
		k[i]++;
		err_clear(&e);
		if (note_signer_parse(k, &s, &e) == 0)
			fail_msg("accepted signer key \"%s\"", k);
		k[i]--;
	}
	/* A verifier key is not a signer key, and the other way round. */
	err_clear(&e);
	assert_int_equal(note_signer_parse(peter_vkey, &s, &e), -1);
	assert_non_null(strstr(e.msg, "PRIVATE+KEY+"));
	err_clear(&e);
	assert_int_equal(note_verifier_parse(peter_skey, &v, &e), -1);
	/* A secret seed never shows up in an error message. */
	err_clear(&e);
	assert_int_equal(note_signer_parse(
		"PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", &s, &e), -1);
	assert_null(strstr(e.msg, "AYEK"));
	assert_non_null(strstr(e.msg, "does not match"));
}

static void test_go_sign(void **state)
{
	(void)state;
	struct note_signer s;
	struct buf out = BUF_INIT;
	struct err e = {0};

	assert_int_equal(note_signer_parse(peter_skey, &s, &e), 0);
	assert_int_equal(note_sign(text, strlen(text), &s, 1, &out, &e), 0);
	char *want = cat(text, "\n", peter_sig, NULL);
	assert_string_equal(buf_cstr(&out), want);
	free(want);

	/* Text that is no note text. */
	buf_reset(&out);
	assert_int_equal(note_sign("abc", 3, &s, 1, &out, &e), -1);
	assert_non_null(strstr(e.msg, "newline"));
	err_clear(&e);
	assert_int_equal(note_sign("", 0, &s, 1, &out, &e), -1);
	err_clear(&e);
	assert_int_equal(note_sign("a\tb\n", 4, &s, 1, &out, &e), -1);
	assert_non_null(strstr(e.msg, "control character"));
	err_clear(&e);
	assert_int_equal(note_sign("a\xff\n", 3, &s, 1, &out, &e), -1);
	assert_non_null(strstr(e.msg, "UTF-8"));
	err_clear(&e);
	assert_int_equal(note_sign("a\0b\n", 4, &s, 1, &out, &e), -1);
	err_clear(&e);
	assert_int_equal(note_sign(text, strlen(text), &s, 0, &out, &e), -1);
	err_clear(&e);
	struct note_signer odd = s;
	snprintf(odd.name, sizeof odd.name, "has space");
	assert_int_equal(note_sign(text, strlen(text), &odd, 1, &out, &e), -1);
	assert_non_null(strstr(e.msg, "bad key name"));
	note_signer_clear(&odd);
	err_clear(&e);
	assert_int_equal(out.len, 0);

	/* The size limit counts the signatures too. */
	size_t big = NOTE_MAX_SIZE - 10;
	char *t = malloc(big);
	memset(t, 'a', big);
	t[big - 1] = '\n';
	assert_int_equal(note_sign(t, big, &s, 1, &out, &e), -1);
	assert_non_null(strstr(e.msg, "longer than"));
	assert_int_equal(out.len, 0);
	err_clear(&e);
	assert_int_equal(note_sign(t, NOTE_MAX_SIZE - 200, &s, 1, &out, &e), -1); /* no newline */
	err_clear(&e);
	t[NOTE_MAX_SIZE - 201] = '\n';
	assert_int_equal(note_sign(t, NOTE_MAX_SIZE - 200, &s, 1, &out, &e), 0);
	size_t tl;
	assert_int_equal(open_with(out.p, out.len, (const char *const[]){peter_vkey}, 1, &tl,
		NULL, &e), 0);
	assert_int_equal(tl, NOTE_MAX_SIZE - 200);
	free(t);
	note_signer_clear(&s);
	buf_free(&out);
}

static void test_go_open(void **state)
{
	(void)state;
	struct err e = {0};
	size_t tl;
	int ver[2];
	const char *const peter[] = {peter_vkey};
	const char *const both[] = {peter_vkey, enoch_vkey};
	char *msg = cat(text, "\n", peter_sig, enoch_sig, NULL), *m;

	/* One signature verified, one by a key we do not know. */
	assert_int_equal(open_with(msg, strlen(msg), peter, 1, &tl, ver, &e), 0);
	assert_int_equal(tl, strlen(text));
	assert_int_equal(ver[0], 1);
	/* Both known and verified. */
	assert_int_equal(open_with(msg, strlen(msg), both, 2, &tl, ver, &e), 0);
	assert_int_equal(ver[0], 1);
	assert_int_equal(ver[1], 1);
	/* Enoch alone is known and did sign. */
	assert_int_equal(open_with(msg, strlen(msg), both + 1, 1, &tl, ver, &e), 0);
	/* No known key. */
	assert_int_equal(open_with(msg, strlen(msg), NULL, 0, &tl, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "not signed by any known key"));
	/* Only Peter signed, Enoch is also trusted: fine, Enoch marked unsigned. */
	m = cat(text, "\n", peter_sig, NULL);
	assert_int_equal(open_with(m, strlen(m), both, 2, &tl, ver, &e), 0);
	assert_int_equal(ver[0], 1);
	assert_int_equal(ver[1], 0);
	free(m);

	/* Too many signatures. */
	struct buf b = BUF_INIT;
	buf_puts(&b, text);
	buf_putc(&b, '\n');
	for (int i = 0; i < 101; i++)
		buf_puts(&b, peter_sig);
	assert_int_equal(open_with(b.p, b.len, peter, 1, &tl, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "more than 100"));
	buf_truncate(&b, b.len - strlen(peter_sig)); /* 100 is allowed */
	assert_int_equal(open_with(b.p, b.len, peter, 1, &tl, NULL, &e), 0);

	/* A known key's bad signature rejects the note. */
	char bad[sizeof peter_sig + 4];
	snprintf(bad, sizeof bad, "%.60sABCD%s", peter_sig, peter_sig + 60);
	m = cat(text, "\n", bad, NULL);
	assert_int_equal(open_with(m, strlen(m), peter, 1, &tl, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "invalid signature for key PeterNeumann+c74f20a3"));
	free(m);
	/* ... but an unknown key's bad signature is nobody's business. */
	snprintf(bad, sizeof bad, "%.60sABCD%s", enoch_sig, enoch_sig + 60);
	buf_reset(&b);
	buf_printf(&b, "%s\n%s%s%s%s%s", text, peter_sig, peter_sig, enoch_sig, enoch_sig, bad);
	assert_int_equal(open_with(b.p, b.len, peter, 1, &tl, NULL, &e), 0);

	/* Malformed notes (Go's badMsgs). */
	const char *bads[] = {
		text,
		cat(text, "\n", "", NULL),
		cat(text, "\n", peter_sig, NULL), /* truncated below */
		cat("\x01", text, "\n", peter_sig, NULL),
		cat("\xff", text, "\n", peter_sig, NULL),
		cat(text, "\n", "\xe2\x80\x94 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=", NULL),
		cat(text, "\n", peter_sig, "Unexpected line.\n", NULL),
		cat(text, "\n", "- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n", NULL),
		cat(text, "\n", "\xe2\x80\x94 PeterNeumann\n", NULL),
		cat(text, "\n", "\xe2\x80\x94 PeterNeumann AAAA\n", NULL),
		cat(text, "\n", "\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM\n", NULL),
		cat(text, "\n", "\xe2\x80\x94  PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n", NULL),
		cat(text, "\n", "\xe2\x80\x94 Peter+Neumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n", NULL),
		cat(text, "\n", peter_sig, "\n", NULL),
		cat(text, "\r\n", peter_sig, NULL),
	};
	for (size_t i = 0; i < sizeof bads / sizeof *bads; i++) {
		size_t n = strlen(bads[i]);
		if (i == 2)
			n--; /* signature block without its final newline */
		if (open_with(bads[i], n, peter, 1, &tl, NULL, &e) == 0)
			fail_msg("opened malformed note %zu", i);
		if (i > 0)
			free((void *)bads[i]);
	}

	/* Right key name with the wrong hash, or the other way round: unknown. */
	m = cat(text, "\n", "\xe2\x80\x94 CarmenSandiego x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n", NULL);
	assert_int_equal(open_with(m, strlen(m), peter, 1, &tl, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "not signed by any known key"));
	free(m);
	m = cat(text, "\n", "\xe2\x80\x94 PeterNeumann xxxxo/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n", NULL);
	assert_int_equal(open_with(m, strlen(m), peter, 1, &tl, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "not signed by any known key"));
	free(m);

	/* Two different keys under one name and hash cannot be told apart. */
	struct note_verifier v[2];
	err_clear(&e);
	assert_int_equal(note_verifier_parse(peter_vkey, &v[0], &e), 0);
	v[1] = v[0];
	v[1].pub[0] ^= 1;
	assert_int_equal(note_verify(msg, strlen(msg), v, 2, &tl, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "ambiguous key PeterNeumann+c74f20a3"));
	err_clear(&e);
	/* The same key listed twice is merely redundant. */
	v[1] = v[0];
	assert_int_equal(note_verify(msg, strlen(msg), v, 2, &tl, ver, &e), 0);

	buf_free(&b);
	free(msg);
}

/* Any change to any byte of a signed note's text or signature rejects it. */
static void test_tamper(void **state)
{
	(void)state;
	struct note_signer s;
	struct note_verifier v;
	struct buf out = BUF_INIT;
	struct err e = {0};
	size_t tl;

	assert_int_equal(note_signer_parse(peter_skey, &s, &e), 0);
	note_signer_verifier(&s, &v);
	assert_int_equal(note_sign(text, strlen(text), &s, 1, &out, &e), 0);
	for (size_t i = 0; i < out.len; i++) {
		for (int bit = 0; bit < 8; bit++) {
			out.p[i] ^= (char)(1 << bit);
			err_clear(&e);
			if (note_verify(out.p, out.len, &v, 1, &tl, NULL, &e) == 0)
				fail_msg("tampered note accepted (byte %zu bit %d)", i, bit);
			out.p[i] ^= (char)(1 << bit);
		}
	}
	/* Truncation and extension. */
	for (size_t n = 0; n < out.len; n++) {
		err_clear(&e);
		assert_int_equal(note_verify(out.p, n, &v, 1, &tl, NULL, &e), -1);
	}
	buf_puts(&out, "x");
	assert_int_equal(note_verify(out.p, out.len, &v, 1, &tl, NULL, &e), -1);
	note_signer_clear(&s);
	buf_free(&out);
}

static void test_generate_round_trip(void **state)
{
	(void)state;
	struct buf sk = BUF_INIT, vk = BUF_INIT, out = BUF_INIT, again = BUF_INIT;
	struct note_signer s[2];
	struct note_verifier v[2], w;
	struct err e = {0};
	size_t tl;
	int ver[2];

	const char *names[] = {"ansinh.example/log", "quỹ.example/nhật-ký"};
	for (int i = 0; i < 2; i++) {
		buf_reset(&sk);
		buf_reset(&vk);
		assert_int_equal(note_generate_key(names[i], &sk, &vk, &e), 0);
		assert_int_equal(strncmp(sk.p, "PRIVATE+KEY+", 12), 0);
		assert_int_equal(note_signer_parse(buf_cstr(&sk), &s[i], &e), 0);
		assert_int_equal(note_verifier_parse(buf_cstr(&vk), &v[i], &e), 0);
		assert_string_equal(v[i].name, names[i]);
		note_signer_verifier(&s[i], &w);
		assert_memory_equal(&w, &v[i], sizeof w);
		buf_reset(&again);
		note_verifier_format(&v[i], &again);
		assert_string_equal(buf_cstr(&again), buf_cstr(&vk));
	}
	/* Two signers, verified together and separately. */
	const char *t = "ansinh.example/log\n7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
	assert_int_equal(note_sign(t, strlen(t), s, 2, &out, &e), 0);
	assert_int_equal(note_verify(out.p, out.len, v, 2, &tl, ver, &e), 0);
	assert_int_equal(tl, strlen(t));
	assert_memory_equal(out.p, t, tl);
	assert_true(ver[0] && ver[1]);
	assert_int_equal(note_verify(out.p, out.len, v + 1, 1, &tl, ver, &e), 0);
	/* Signing is deterministic. */
	buf_reset(&again);
	assert_int_equal(note_sign(t, strlen(t), s, 2, &again, &e), 0);
	assert_int_equal(again.len, out.len);
	assert_memory_equal(again.p, out.p, out.len);
	/* Keys differ each time. */
	buf_reset(&again);
	buf_reset(&vk);
	assert_int_equal(note_generate_key(names[0], &again, &vk, &e), 0);
	assert_string_not_equal(buf_cstr(&again), buf_cstr(&sk));

	/* Names a key cannot have. */
	const char *badnames[] = {"", "a b", "a+b", "a\tb", "a\nb", "tab\x01", "nb\xc2\xa0sp",
		"ideo\xe3\x80\x80sp", "bad\xffutf8", "over\xc0\xaflong"};
	for (size_t i = 0; i < sizeof badnames / sizeof *badnames; i++) {
		err_clear(&e);
		if (note_generate_key(badnames[i], &sk, &vk, &e) == 0)
			fail_msg("accepted key name %zu", i);
		assert_non_null(strstr(e.msg, "bad key name"));
	}
	char longname[NOTE_NAME_MAX + 2];
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	err_clear(&e);
	assert_int_equal(note_generate_key(longname, &sk, &vk, &e), -1);
	longname[NOTE_NAME_MAX] = '\0';
	assert_int_equal(note_generate_key(longname, &sk, &vk, &e), 0);

	for (int i = 0; i < 2; i++)
		note_signer_clear(&s[i]);
	buf_free(&sk);
	buf_free(&vk);
	buf_free(&out);
	buf_free(&again);
}

/* ---- checkpoints ------------------------------------------------------------ */

/* The tlog-checkpoint specification's example body. */
static const char sofa[] =
	"example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

static void test_checkpoint_parse_format(void **state)
{
	(void)state;
	struct note_checkpoint c;
	struct buf b = BUF_INIT;
	struct err e = {0};

	assert_int_equal(note_checkpoint_parse(sofa, strlen(sofa), &c, &e), 0);
	assert_string_equal(c.origin, "example.com/behind-the-sofa");
	assert_int_equal(c.size, 20852163);
	assert_int_equal(c.root[0], 0x0a);
	assert_int_equal(c.root[31], 0x62);
	assert_int_equal(c.ext_len, 0);
	assert_int_equal(note_checkpoint_format(&c, &b, &e), 0);
	assert_string_equal(buf_cstr(&b), sofa);

	/* Extension lines are allowed and located. */
	char *ext = cat(sofa, "ext one\n", "ext two\n", NULL);
	assert_int_equal(note_checkpoint_parse(ext, strlen(ext), &c, &e), 0);
	assert_int_equal(c.ext_off, strlen(sofa));
	assert_int_equal(c.ext_len, 16);
	free(ext);

	/* Size 0, and the largest size. */
	const char *zero = "o\n0\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
	assert_int_equal(note_checkpoint_parse(zero, strlen(zero), &c, &e), 0);
	assert_int_equal(c.size, 0);
	const char *max = "o\n9223372036854775807\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
	assert_int_equal(note_checkpoint_parse(max, strlen(max), &c, &e), 0);
	assert_int_equal(c.size, INT64_MAX);

	const char *bad[] = {
		"",
		"example.com/behind-the-sofa\n",
		"example.com/behind-the-sofa\n20852163\n",
		"example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=",
		"\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		"o\n020852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		"o\n00\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		"o\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		"o\n+1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		"o\n1 \nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		"o\n\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		"o\n9223372036854775808\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		"o\n99999999999999999999\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		"o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n",
		"o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n", /* non-canonical */
		"o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I==\n",
		"o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2IA\n",  /* 33 bytes */
		"o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jx\n",      /* 30 bytes */
		"o\n1\n\n",
		"o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n",   /* empty extension */
		"o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\next", /* unterminated */
		"o\t\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		"o\r\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		err_clear(&e);
		if (note_checkpoint_parse(bad[i], strlen(bad[i]), &c, &e) == 0)
			fail_msg("parsed bad checkpoint %zu", i);
		assert_true(err_is_set(&e));
	}
	char origin[NOTE_ORIGIN_MAX + 64];
	memset(origin, 'o', NOTE_ORIGIN_MAX + 1);
	snprintf(origin + NOTE_ORIGIN_MAX + 1, 63, "\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
	err_clear(&e);
	assert_int_equal(note_checkpoint_parse(origin, strlen(origin), &c, &e), -1);
	assert_non_null(strstr(e.msg, "origin longer"));

	/* Formatting refuses what parsing would refuse. */
	memset(&c, 0, sizeof c);
	err_clear(&e);
	assert_int_equal(note_checkpoint_format(&c, &b, &e), -1);
	snprintf(c.origin, sizeof c.origin, "a\nb");
	err_clear(&e);
	assert_int_equal(note_checkpoint_format(&c, &b, &e), -1);
	snprintf(c.origin, sizeof c.origin, "ok");
	c.size = -1;
	err_clear(&e);
	assert_int_equal(note_checkpoint_format(&c, &b, &e), -1);
	buf_free(&b);
}

static void test_checkpoint_signed(void **state)
{
	(void)state;
	struct note_signer s;
	struct note_verifier v, other;
	struct note_checkpoint c = {.size = 70000}, got;
	struct buf out = BUF_INIT, sk = BUF_INIT, vk = BUF_INIT;
	struct err e = {0};

	assert_int_equal(note_generate_key("ansinh.example/log", &sk, &vk, &e), 0);
	assert_int_equal(note_signer_parse(sk.p, &s, &e), 0);
	assert_int_equal(note_verifier_parse(vk.p, &v, &e), 0);
	assert_int_equal(note_verifier_parse(peter_vkey, &other, &e), 0);
	snprintf(c.origin, sizeof c.origin, "ansinh.example/log");
	for (int i = 0; i < NOTE_HASH_SIZE; i++)
		c.root[i] = (uint8_t)(i * 37);

	assert_int_equal(note_checkpoint_sign(&c, &s, &out, &e), 0);
	assert_int_equal(note_checkpoint_open(out.p, out.len, &v, 1, &got, &e), 0);
	assert_string_equal(got.origin, c.origin);
	assert_int_equal(got.size, c.size);
	assert_memory_equal(got.root, c.root, NOTE_HASH_SIZE);
	/* Not by a key we trust. */
	assert_int_equal(note_checkpoint_open(out.p, out.len, &other, 1, &got, &e), -1);
	err_clear(&e);
	/* A different size under the same signature. */
	char *p = strstr(out.p, "\n70000\n");
	assert_non_null(p);
	p[1] = '8';
	assert_int_equal(note_checkpoint_open(out.p, out.len, &v, 1, &got, &e), -1);
	assert_non_null(strstr(e.msg, "invalid signature"));

	note_signer_clear(&s);
	buf_free(&out);
	buf_free(&sk);
	buf_free(&vk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_go_verifier_key),
		cmocka_unit_test(test_go_signer_key),
		cmocka_unit_test(test_go_sign),
		cmocka_unit_test(test_go_open),
		cmocka_unit_test(test_tamper),
		cmocka_unit_test(test_generate_round_trip),
		cmocka_unit_test(test_checkpoint_parse_format),
		cmocka_unit_test(test_checkpoint_signed),
	};
	return cmocka_run_group_tests_name("note", tests, NULL, NULL);
}
