/* Signed notes and checkpoints (see note.h for the formats).  Parsing is
 * strict throughout: a key or note that another implementation would read
 * differently is rejected rather than guessed at. */
#include "ledger/note.h"

#include "base/buf.h"
#include "base/err.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(NOTE_PUBLIC_KEY_SIZE == crypto_sign_PUBLICKEYBYTES, "ed25519 public key");
_Static_assert(NOTE_SECRET_KEY_SIZE == crypto_sign_SECRETKEYBYTES, "ed25519 secret key");

#define SEED_SIZE crypto_sign_SEEDBYTES
#define SIG_SIZE crypto_sign_BYTES
#define KEY_ID_SIZE 4
/* "— ": U+2014 em dash in UTF-8, then a space. */
#define SIG_PREFIX "\xe2\x80\x94 "
#define SIG_PREFIX_LEN 4
#define PRIVATE_PREFIX "PRIVATE+KEY+"

static int sodium_ready(struct err *e)
{
	/* Idempotent and thread-safe; 1 means it was already done. */
	if (sodium_init() < 0)
		return err_fail(e, "note: libsodium failed to initialise");
	return 0;
}

/* ---- text rules ----------------------------------------------------------- */

/* Decodes one UTF-8 sequence at s[0, n): returns its length and sets *cp, or
 * returns 0 for an invalid, overlong or surrogate sequence. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		len = 2, c &= 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, c &= 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Unicode White_Space, which Go's unicode.IsSpace tests and key names must
 * not contain. */
static int is_unicode_space(uint32_t c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0x85 || c == 0xa0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f ||
	       c == 0x205f || c == 0x3000;
}

/* A note must be UTF-8 without ASCII control characters other than newline. */
static int text_valid(const char *s, size_t n, struct err *e, const char *what)
{
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t l = utf8_next((const unsigned char *)s + i, n - i, &c);
		if (l == 0)
			return err_fail(e, "note: %s: invalid UTF-8 at byte %zu", what, i);
		if (c < 0x20 && c != '\n')
			return err_fail(e, "note: %s: control character 0x%02x at byte %zu",
				what, (unsigned)c, i);
		i += l;
	}
	return 0;
}

/* Key names: non-empty UTF-8 without Unicode spaces or '+' (Go's
 * isValidName), nor the ASCII control characters a note cannot carry. */
static int name_valid(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t l = utf8_next((const unsigned char *)s + i, n - i, &c);
		if (l == 0 || c == '+' || c < 0x20 || is_unicode_space(c))
			return 0;
		i += l;
	}
	return 1;
}

/* ---- small encodings ------------------------------------------------------ */

static void put_base64(struct buf *out, const uint8_t *p, size_t n)
{
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	buf_grow(out, cap);
	sodium_bin2base64(out->p + out->len, cap, p, n, sodium_base64_VARIANT_ORIGINAL);
	out->len += cap - 1; /* cap counts the terminating NUL */
}

/* Decodes standard, padded base64 s[0, n) into out (room for max bytes).
 * libsodium rejects bad characters, wrong padding and non-zero leftover bits,
 * so only the canonical encoding of a value is accepted. */
static int get_base64(const char *s, size_t n, uint8_t *out, size_t max, size_t *len)
{
	const char *end = NULL;
	if (n == 0 || n % 4 != 0)
		return -1;
	if (sodium_base642bin(out, max, s, n, NULL, len, &end, sodium_base64_VARIANT_ORIGINAL) != 0)
		return -1;
	return end == s + n ? 0 : -1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int get_hex32(const char *s, size_t n, uint32_t *out)
{
	uint32_t v = 0;
	if (n != 8)
		return -1;
	for (size_t i = 0; i < 8; i++) {
		int d = hexval(s[i]);
		if (d < 0)
			return -1;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return 0;
}

static uint32_t key_hash(const char *name, const uint8_t pub[NOTE_PUBLIC_KEY_SIZE])
{
	crypto_hash_sha256_state st;
	uint8_t h[crypto_hash_sha256_BYTES];
	const uint8_t alg[2] = {'\n', NOTE_ALG_ED25519};

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const uint8_t *)name, strlen(name));
	crypto_hash_sha256_update(&st, alg, sizeof alg);
	crypto_hash_sha256_update(&st, pub, NOTE_PUBLIC_KEY_SIZE);
	crypto_hash_sha256_final(&st, h);
	return (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
}

/* ---- keys ----------------------------------------------------------------- */

static int set_name(char dst[NOTE_NAME_MAX + 1], const char *s, size_t n, struct err *e,
	const char *what)
{
	if (n > NOTE_NAME_MAX)
		return err_fail(e, "note: %s: key name longer than %d bytes", what, NOTE_NAME_MAX);
	if (!name_valid(s, n))
		return err_fail(e, "note: %s: bad key name (must be non-empty UTF-8 without "
			"spaces, '+' or control characters)", what);
	/* Zero-padded, so that whole structs compare and copy cleanly. */
	memset(dst, 0, NOTE_NAME_MAX + 1);
	memcpy(dst, s, n);
	return 0;
}

static void put_key(struct buf *out, const char *prefix, const char *name, uint32_t hash,
	const uint8_t *key)
{
	uint8_t raw[1 + SEED_SIZE];
	_Static_assert(SEED_SIZE == NOTE_PUBLIC_KEY_SIZE, "seed and public key sizes");

	raw[0] = NOTE_ALG_ED25519;
	memcpy(raw + 1, key, SEED_SIZE);
	buf_printf(out, "%s%s+%08x+", prefix, name, (unsigned)hash);
	put_base64(out, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

int note_generate_key(const char *name, struct buf *skey, struct buf *vkey, struct err *e)
{
	struct note_signer s;
	struct note_verifier v;
	uint8_t seed[SEED_SIZE];
	int rc = -1;

	if (sodium_ready(e) != 0 || set_name(s.name, name, strlen(name), e, "new key") != 0)
		goto cleanup;
	randombytes_buf(seed, sizeof seed);
	if (crypto_sign_seed_keypair(s.pub, s.sec, seed) != 0) {
		err_fail(e, "note: Ed25519 key generation failed");
		goto cleanup;
	}
	s.key_hash = key_hash(s.name, s.pub);
	/* Grow first so the secret is not left behind in a block realloc frees. */
	buf_grow(skey, sizeof PRIVATE_PREFIX + strlen(name) + 64);
	put_key(skey, PRIVATE_PREFIX, s.name, s.key_hash, seed);
	note_signer_verifier(&s, &v);
	note_verifier_format(&v, vkey);
	rc = 0;
cleanup:
	sodium_memzero(seed, sizeof seed);
	note_signer_clear(&s);
	return rc;
}

/* Splits "<name>+<hash>+<base64 key>" (the part after PRIVATE+KEY+ for a
 * signer) and decodes the algorithm byte and 32 key bytes into key.  The
 * name cannot contain '+' but base64 can, so split at the first two. */
static int parse_key(const char *s, const char *what, char name[NOTE_NAME_MAX + 1],
	uint32_t *hash, uint8_t key[32], struct err *e)
{
	uint8_t raw[1 + 64]; /* room to report a too-long key as such */
	size_t rawlen = 0;
	int rc = -1;

	const char *p1 = strchr(s, '+');
	const char *p2 = p1 ? strchr(p1 + 1, '+') : NULL;
	if (p2 == NULL) {
		err_fail(e, "note: %s: expected <name>+<hash>+<key>", what);
		goto cleanup;
	}
	if (set_name(name, s, (size_t)(p1 - s), e, what) != 0)
		goto cleanup;
	if (get_hex32(p1 + 1, (size_t)(p2 - p1 - 1), hash) != 0) {
		err_fail(e, "note: %s: key hash must be 8 hex digits", what);
		goto cleanup;
	}
	if (get_base64(p2 + 1, strlen(p2 + 1), raw, sizeof raw, &rawlen) != 0) {
		err_fail(e, "note: %s: key is not valid base64 of a key", what);
		goto cleanup;
	}
	if (rawlen == 0 || raw[0] != NOTE_ALG_ED25519) {
		err_fail(e, "note: %s: unknown key algorithm 0x%02x (only Ed25519, 0x01)",
			what, rawlen ? raw[0] : 0);
		goto cleanup;
	}
	if (rawlen != 1 + 32) {
		err_fail(e, "note: %s: Ed25519 key of %zu bytes, want 32", what, rawlen - 1);
		goto cleanup;
	}
	memcpy(key, raw + 1, 32);
	rc = 0;
cleanup:
	sodium_memzero(raw, sizeof raw);
	return rc;
}

int note_verifier_parse(const char *vkey, struct note_verifier *v, struct err *e)
{
	struct note_verifier r;
	uint32_t want;

	if (sodium_ready(e) != 0 || parse_key(vkey, "verifier key", r.name, &r.key_hash, r.pub, e) != 0)
		return -1;
	want = key_hash(r.name, r.pub);
	if (want != r.key_hash)
		return err_fail(e, "note: verifier key: key hash %08x does not match the key (%08x)",
			(unsigned)r.key_hash, (unsigned)want);
	*v = r;
	return 0;
}

int note_signer_parse(const char *skey, struct note_signer *s, struct err *e)
{
	struct note_signer r;
	uint8_t seed[SEED_SIZE];
	int rc = -1;

	if (sodium_ready(e) != 0)
		goto cleanup;
	if (strncmp(skey, PRIVATE_PREFIX, strlen(PRIVATE_PREFIX)) != 0) {
		err_fail(e, "note: signer key: does not start with " PRIVATE_PREFIX);
		goto cleanup;
	}
	if (parse_key(skey + strlen(PRIVATE_PREFIX), "signer key", r.name, &r.key_hash, seed, e) != 0)
		goto cleanup;
	if (crypto_sign_seed_keypair(r.pub, r.sec, seed) != 0) {
		err_fail(e, "note: signer key: Ed25519 key derivation failed");
		goto cleanup;
	}
	/* The hash names the public key, so it can only be checked now. */
	if (key_hash(r.name, r.pub) != r.key_hash) {
		err_fail(e, "note: signer key: key hash %08x does not match the key",
			(unsigned)r.key_hash);
		goto cleanup;
	}
	*s = r;
	rc = 0;
cleanup:
	sodium_memzero(seed, sizeof seed);
	sodium_memzero(&r, sizeof r);
	return rc;
}

void note_signer_clear(struct note_signer *s)
{
	sodium_memzero(s, sizeof *s);
}

void note_signer_verifier(const struct note_signer *s, struct note_verifier *v)
{
	memcpy(v->name, s->name, sizeof v->name);
	v->key_hash = s->key_hash;
	memcpy(v->pub, s->pub, sizeof v->pub);
}

void note_verifier_format(const struct note_verifier *v, struct buf *out)
{
	put_key(out, "", v->name, v->key_hash, v->pub);
}

/* ---- notes ---------------------------------------------------------------- */

int note_sign(const char *text, size_t len, const struct note_signer *signers, int nsigners,
	struct buf *out, struct err *e)
{
	uint8_t sig[KEY_ID_SIZE + SIG_SIZE];

	if (sodium_ready(e) != 0)
		return -1;
	if (nsigners < 1 || nsigners > NOTE_MAX_SIGNATURES)
		return err_fail(e, "note: %d signers, want 1 to %d", nsigners, NOTE_MAX_SIGNATURES);
	if (len == 0 || text[len - 1] != '\n')
		return err_fail(e, "note: text must end with a newline");
	if (len > NOTE_MAX_SIZE)
		return err_fail(e, "note: text longer than %d bytes", NOTE_MAX_SIZE);
	if (text_valid(text, len, e, "text") != 0)
		return -1;
	size_t start = out->len;
	buf_put(out, text, len);
	buf_putc(out, '\n');
	for (int i = 0; i < nsigners; i++) {
		if (!name_valid(signers[i].name, strnlen(signers[i].name, sizeof signers[i].name))) {
			buf_truncate(out, start);
			return err_fail(e, "note: signer %d has a bad key name", i + 1);
		}
	}
	for (int i = 0; i < nsigners; i++) {
		const struct note_signer *s = &signers[i];
		uint32_t h = s->key_hash;
		sig[0] = (uint8_t)(h >> 24), sig[1] = (uint8_t)(h >> 16);
		sig[2] = (uint8_t)(h >> 8), sig[3] = (uint8_t)h;
		/* Ed25519 is deterministic: the same key and text always give the
		 * same note, byte for byte. */
		crypto_sign_detached(sig + KEY_ID_SIZE, NULL, (const uint8_t *)text, len, s->sec);
		buf_puts(out, SIG_PREFIX);
		buf_puts(out, s->name);
		buf_putc(out, ' ');
		put_base64(out, sig, sizeof sig);
		buf_putc(out, '\n');
	}
	if (out->len - start > NOTE_MAX_SIZE) {
		buf_truncate(out, start);
		return err_fail(e, "note: signed note longer than %d bytes", NOTE_MAX_SIZE);
	}
	return 0;
}

/* Finds the known verifier for a signature's name and key hash: its index,
 * -1 when unknown, -2 when two different keys in the list claim both. */
static int find_known(const struct note_verifier *known, int nknown, const char *name,
	size_t namelen, uint32_t hash)
{
	int found = -1;
	for (int i = 0; i < nknown; i++) {
		if (known[i].key_hash != hash || strlen(known[i].name) != namelen ||
		    memcmp(known[i].name, name, namelen) != 0)
			continue;
		if (found >= 0 && memcmp(known[found].pub, known[i].pub, NOTE_PUBLIC_KEY_SIZE) != 0)
			return -2;
		if (found < 0)
			found = i;
	}
	return found;
}

int note_verify(const char *msg, size_t len, const struct note_verifier *known, int nknown,
	size_t *text_len, int *verified, struct err *e)
{
	uint8_t *raw = NULL;
	int *seen = NULL;
	int nsig = 0, ngood = 0, rc = -1;

	if (sodium_ready(e) != 0)
		goto cleanup;
	if (len > NOTE_MAX_SIZE) {
		err_fail(e, "note: longer than %d bytes", NOTE_MAX_SIZE);
		goto cleanup;
	}
	if (text_valid(msg, len, e, "signed note") != 0)
		goto cleanup;
	/* The text ends at the last blank line; signature lines follow. */
	size_t split = len;
	for (size_t i = len; i >= 2; i--) {
		if (msg[i - 1] == '\n' && msg[i - 2] == '\n') {
			split = i - 1;
			break;
		}
	}
	if (split == len || split + 1 == len || msg[len - 1] != '\n') {
		err_fail(e, "note: malformed: no signature lines after a blank line");
		goto cleanup;
	}
	raw = xmalloc(len);
	seen = xcalloc((size_t)(nknown > 0 ? nknown : 1), sizeof *seen);

	for (size_t at = split + 1; at < len;) {
		const char *line = msg + at;
		const char *eol = memchr(line, '\n', len - at);
		size_t linelen = (size_t)(eol - line);
		at += linelen + 1;

		if (++nsig > NOTE_MAX_SIGNATURES) {
			err_fail(e, "note: more than %d signatures", NOTE_MAX_SIGNATURES);
			goto cleanup;
		}
		if (linelen < SIG_PREFIX_LEN || memcmp(line, SIG_PREFIX, SIG_PREFIX_LEN) != 0) {
			err_fail(e, "note: malformed: signature line %d does not start with an em dash",
				nsig);
			goto cleanup;
		}
		const char *name = line + SIG_PREFIX_LEN;
		const char *sp = memchr(name, ' ', (size_t)(eol - name));
		size_t rawlen = 0;
		if (sp == NULL || !name_valid(name, (size_t)(sp - name)) ||
		    get_base64(sp + 1, (size_t)(eol - sp - 1), raw, len, &rawlen) != 0 ||
		    rawlen <= KEY_ID_SIZE) {
			err_fail(e, "note: malformed: signature line %d", nsig);
			goto cleanup;
		}
		size_t namelen = (size_t)(sp - name);
		uint32_t hash = (uint32_t)raw[0] << 24 | (uint32_t)raw[1] << 16 |
				(uint32_t)raw[2] << 8 | raw[3];
		int k = find_known(known, nknown, name, namelen, hash);
		if (k == -1)
			continue; /* someone else's signature, e.g. a witness we do not use */
		if (k == -2) {
			err_fail(e, "note: ambiguous key %.*s+%08x", (int)namelen, name, (unsigned)hash);
			goto cleanup;
		}
		/* A known key that fails to verify means the note was tampered with
		 * or the key is misconfigured: either way, reject the note. */
		if (rawlen != KEY_ID_SIZE + SIG_SIZE ||
		    crypto_sign_verify_detached(raw + KEY_ID_SIZE, (const uint8_t *)msg, split,
			known[k].pub) != 0) {
			err_fail(e, "note: invalid signature for key %s+%08x", known[k].name,
				(unsigned)hash);
			goto cleanup;
		}
		if (!seen[k]++)
			ngood++;
	}
	if (ngood == 0) {
		err_fail(e, "note: not signed by any known key");
		goto cleanup;
	}
	*text_len = split;
	if (verified != NULL)
		for (int i = 0; i < nknown; i++)
			verified[i] = seen[i] > 0;
	rc = 0;
cleanup:
	free(raw);
	free(seen);
	return rc;
}

/* ---- checkpoints ------------------------------------------------------------ */

static int origin_valid(const char *s, size_t n, struct err *e)
{
	if (n == 0)
		return err_fail(e, "checkpoint: empty origin");
	if (n > NOTE_ORIGIN_MAX)
		return err_fail(e, "checkpoint: origin longer than %d bytes", NOTE_ORIGIN_MAX);
	if (memchr(s, '\n', n) != NULL)
		return err_fail(e, "checkpoint: origin contains a newline");
	return text_valid(s, n, e, "checkpoint origin");
}

int note_checkpoint_format(const struct note_checkpoint *c, struct buf *out, struct err *e)
{
	if (origin_valid(c->origin, strnlen(c->origin, sizeof c->origin), e) != 0)
		return -1;
	if (c->size < 0)
		return err_fail(e, "checkpoint: negative tree size %lld", (long long)c->size);
	buf_puts(out, c->origin);
	buf_putc(out, '\n');
	buf_put_i64(out, c->size);
	buf_putc(out, '\n');
	put_base64(out, c->root, NOTE_HASH_SIZE);
	buf_putc(out, '\n');
	return 0;
}

/* Returns the next line of text[*at, len) without its newline, or NULL when
 * the text is exhausted or the line is not newline-terminated. */
const char *note_next_line(const char *text, size_t len, size_t *at, size_t *linelen)
{
	if (*at >= len)
		return NULL;
	const char *line = text + *at;
	const char *eol = memchr(line, '\n', len - *at);
	if (eol == NULL)
		return NULL;
	*linelen = (size_t)(eol - line);
	*at += *linelen + 1;
	return line;
}

int note_checkpoint_parse(const char *text, size_t len, struct note_checkpoint *c, struct err *e)
{
	struct note_checkpoint r;
	size_t at = 0, n;
	const char *line;
	uint8_t root[NOTE_HASH_SIZE + 2];
	size_t rootlen = 0;

	memset(&r, 0, sizeof r);
	if (sodium_ready(e) != 0)
		return -1;
	if (len == 0 || text[len - 1] != '\n')
		return err_fail(e, "checkpoint: text must end with a newline");
	if (text_valid(text, len, e, "checkpoint") != 0)
		return -1;

	if ((line = note_next_line(text, len, &at, &n)) == NULL)
		return err_fail(e, "checkpoint: missing origin line");
	if (origin_valid(line, n, e) != 0)
		return -1;
	memcpy(r.origin, line, n);
	r.origin[n] = '\0';

	if ((line = note_next_line(text, len, &at, &n)) == NULL)
		return err_fail(e, "checkpoint: missing tree size line");
	if (n == 0 || n > 19 || (n > 1 && line[0] == '0'))
		return err_fail(e, "checkpoint: tree size \"%.*s\" is not a decimal number "
			"without leading zeros", (int)(n < 32 ? n : 32), line);
	for (size_t i = 0; i < n; i++) {
		int d = line[i] - '0';
		if (d < 0 || d > 9 || r.size > (INT64_MAX - d) / 10)
			return err_fail(e, "checkpoint: tree size \"%.*s\" is not a decimal number "
				"within range", (int)n, line);
		r.size = r.size * 10 + d;
	}

	if ((line = note_next_line(text, len, &at, &n)) == NULL)
		return err_fail(e, "checkpoint: missing root hash line");
	if (get_base64(line, n, root, sizeof root, &rootlen) != 0 || rootlen != NOTE_HASH_SIZE)
		return err_fail(e, "checkpoint: root hash is not base64 of %d bytes", NOTE_HASH_SIZE);
	memcpy(r.root, root, NOTE_HASH_SIZE);

	r.ext_off = at;
	r.ext_len = len - at;
	while ((line = note_next_line(text, len, &at, &n)) != NULL)
		if (n == 0)
			return err_fail(e, "checkpoint: empty extension line");
	*c = r;
	return 0;
}

int note_checkpoint_sign(const struct note_checkpoint *c, const struct note_signer *s,
	struct buf *out, struct err *e)
{
	struct buf text = BUF_INIT;
	int rc = -1;

	if (note_checkpoint_format(c, &text, e) != 0)
		goto cleanup;
	if (note_sign(text.p, text.len, s, 1, out, e) != 0)
		goto cleanup;
	rc = 0;
cleanup:
	buf_free(&text);
	return rc;
}

int note_checkpoint_open(const char *msg, size_t len, const struct note_verifier *known,
	int nknown, struct note_checkpoint *c, struct err *e)
{
	size_t text_len;

	if (note_verify(msg, len, known, nknown, &text_len, NULL, e) != 0)
		return -1;
	return note_checkpoint_parse(msg, text_len, c, e);
}
