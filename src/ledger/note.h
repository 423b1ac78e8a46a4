/* Signed notes (C2SP signed-note) with Ed25519 keys, and the transparency log
 * checkpoint carried in them (C2SP tlog-checkpoint).  Key strings use the
 * encoding of Go's golang.org/x/mod/sumdb/note, so keys and notes made by Go
 * tools (and by witnesses) work here and the other way round:
 *
 *   verifier key  <name>+<key hash, 8 hex>+<base64(0x01 || 32-byte public key)>
 *   signer key    PRIVATE+KEY+<name>+<key hash, 8 hex>+<base64(0x01 || 32-byte seed)>
 *   key hash      first 4 bytes, big-endian, of SHA-256(name || "\n" || 0x01 || public key)
 *
 *   signed note   <text ending in "\n">  "\n"  one or more signature lines:
 *                 "— " <name> " " base64(key hash || 64-byte signature) "\n"
 *                 (U+2014 em dash, then a space); the signature covers the text.
 *
 *   checkpoint    <origin>\n<tree size, decimal>\n<base64 root hash>\n[extension lines]
 *
 * Uses libsodium; call nothing else first (sodium_init is done here). */
#ifndef ANSINH_LEDGER_NOTE_H
#define ANSINH_LEDGER_NOTE_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct err;

#define NOTE_NAME_MAX 255           /* bytes in a key name we hold */
#define NOTE_ORIGIN_MAX 255         /* bytes in a checkpoint origin line */
#define NOTE_MAX_SIZE 65536         /* bytes in a signed note we accept or make */
#define NOTE_MAX_SIGNATURES 100     /* signature lines in a note (spec: at least 16) */
#define NOTE_ALG_ED25519 0x01       /* signature type byte, signed-note section 3 */
#define NOTE_PUBLIC_KEY_SIZE 32
#define NOTE_SECRET_KEY_SIZE 64     /* libsodium's expanded key: seed || public key */
#define NOTE_HASH_SIZE 32           /* checkpoint root hash */

/* A key that can verify signatures. */
struct note_verifier {
	char name[NOTE_NAME_MAX + 1];
	uint32_t key_hash;
	uint8_t pub[NOTE_PUBLIC_KEY_SIZE];
};

/* A key that can sign.  Holds the secret key: wipe it with note_signer_clear
 * when done. */
struct note_signer {
	char name[NOTE_NAME_MAX + 1];
	uint32_t key_hash;
	uint8_t pub[NOTE_PUBLIC_KEY_SIZE];
	uint8_t sec[NOTE_SECRET_KEY_SIZE];
};

/* Makes a new Ed25519 key named `name` (non-empty, at most NOTE_NAME_MAX bytes
 * of UTF-8, no spaces and no '+'; by convention a schema-less URL such as
 * the log's origin) and appends its signer key string to skey and its
 * verifier key string to vkey.  skey is a secret: the caller stores it away
 * and wipes the buffer. */
int note_generate_key(const char *name, struct buf *skey, struct buf *vkey, struct err *e);

/* Parses a signer key string (strict: exact layout, algorithm byte 0x01, a
 * 32-byte seed, and a key hash that matches the derived public key). */
int note_signer_parse(const char *skey, struct note_signer *s, struct err *e);

/* Wipes the secret key from memory. */
void note_signer_clear(struct note_signer *s);

/* The verifier that checks s's signatures. */
void note_signer_verifier(const struct note_signer *s, struct note_verifier *v);

/* Parses a verifier key string (strict, as note_signer_parse). */
int note_verifier_parse(const char *vkey, struct note_verifier *v, struct err *e);

/* Appends v's verifier key string. */
void note_verifier_format(const struct note_verifier *v, struct buf *out);

/* Appends the signed note: text (len bytes; valid UTF-8, no control
 * characters but newline, ending in a newline), a blank line, then one
 * signature line per signer, in order. */
int note_sign(const char *text, size_t len, const struct note_signer *signers, int nsigners,
	struct buf *out, struct err *e);

/* Opens the signed note msg (len bytes) with the known verifiers.  Signatures
 * by keys not in `known` (by name and key hash) are ignored; a signature by a
 * known key must verify or the whole note is rejected; at least one known key
 * must have signed.  On success *text_len is the length of the signed text
 * (msg[0, *text_len), including its final newline) and, when verified is not
 * NULL, verified[i] is set to 1 if known[i] signed and 0 if not. */
int note_verify(const char *msg, size_t len, const struct note_verifier *known, int nknown,
	size_t *text_len, int *verified, struct err *e);

/* The tree head of a log, as a checkpoint's note text carries it. */
struct note_checkpoint {
	char origin[NOTE_ORIGIN_MAX + 1];
	int64_t size;
	uint8_t root[NOTE_HASH_SIZE];
	/* Set by note_checkpoint_parse: where the extension lines are in the
	 * parsed text (ext_len 0 when there are none).  Ignored when formatting. */
	size_t ext_off, ext_len;
};

/* Appends the checkpoint's note text "<origin>\n<size>\n<base64 root>\n". */
int note_checkpoint_format(const struct note_checkpoint *c, struct buf *out, struct err *e);

/* Parses a checkpoint note text of len bytes: at least three lines, each
 * ending in a newline; a non-empty origin; the size in decimal without
 * leading zeros; the root as canonical base64 of 32 bytes; then any number of
 * non-empty extension lines. */
int note_checkpoint_parse(const char *text, size_t len, struct note_checkpoint *c, struct err *e);

/* Returns the next line of text[*at, len) without its newline, or NULL when
 * the text is exhausted or the line is not newline-terminated. */
const char *note_next_line(const char *text, size_t len, size_t *at, size_t *linelen);

/* Formats c and signs it with s: appends the signed checkpoint to out. */
int note_checkpoint_sign(const struct note_checkpoint *c, const struct note_signer *s,
	struct buf *out, struct err *e);

/* note_verify then note_checkpoint_parse of the signed text. */
int note_checkpoint_open(const char *msg, size_t len, const struct note_verifier *known,
	int nknown, struct note_checkpoint *c, struct err *e);

#endif
