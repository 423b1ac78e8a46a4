/* Vietnamese collation through ICU.
 *
 * ICU's "vi" tailoring gives the dictionary order: ă and â are letters of
 * their own after a, đ after d, ê after e, ô and ơ after o, ư after u, and
 * tones compare at the secondary level in the order none, huyền, hỏi, ngã,
 * sắc, nặng.  A UCollator may not be used by two threads at once, so each
 * thread gets its own clone of one collator opened once per process; the
 * clone is closed when the thread exits. */
#include "text/collate.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/ustring.h>

#include "base/err.h"

/* UTF-16 units kept on the stack; longer text is converted on the heap. */
#define COLLATE_STACK_UNITS 256

static pthread_once_t collate_once = PTHREAD_ONCE_INIT;
static UCollator *collate_base;
static pthread_key_t collate_key_tls;

static void close_clone(void *p)
{
	ucol_close(p);
}

static void collate_init(void)
{
	UErrorCode st = U_ZERO_ERROR;
	collate_base = ucol_open("vi", &st);
	/* Falling back to the root order would silently mis-sort (ă after a
	 * with the accents at the end) and store wrong keys: refuse instead. */
	if (U_FAILURE(st) || st == U_USING_DEFAULT_WARNING)
		fatal("ICU has no Vietnamese collation: %s", u_errorName(st));
	/* Text is stored NFC, but a decomposed spelling that slipped through
	 * must still get the same key; for NFC input the check is nearly free. */
	st = U_ZERO_ERROR;
	ucol_setAttribute(collate_base, UCOL_NORMALIZATION_MODE, UCOL_ON, &st);
	if (U_FAILURE(st))
		fatal("ucol_setAttribute: %s", u_errorName(st));
	if (pthread_key_create(&collate_key_tls, close_clone) != 0)
		fatal("pthread_key_create failed");
}

/* This thread's collator, created on first use. */
static UCollator *collator(void)
{
	pthread_once(&collate_once, collate_init);
	UCollator *c = pthread_getspecific(collate_key_tls);
	if (c != NULL)
		return c;
	UErrorCode st = U_ZERO_ERROR;
	c = ucol_clone(collate_base, &st);
	if (U_FAILURE(st))
		fatal("ucol_clone: %s", u_errorName(st));
	if (pthread_setspecific(collate_key_tls, c) != 0)
		fatal("pthread_setspecific failed");
	return c;
}

/* s as UTF-16 in *u (stack or heap: the caller frees it when it is not
 * stack).  Invalid UTF-8 becomes U+FFFD rather than failing, so every string
 * has a key. */
static int32_t to_utf16(const char *s, size_t len, UChar *stack, UChar **u)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = 0;
	if (len > INT32_MAX / 2)
		len = INT32_MAX / 2;
	*u = stack;
	u_strFromUTF8WithSub(stack, COLLATE_STACK_UNITS, &n, s, (int32_t)len, 0xFFFD, NULL, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR || st == U_STRING_NOT_TERMINATED_WARNING) {
		st = U_ZERO_ERROR;
		*u = xmalloc(((size_t)n + 1) * sizeof **u);
		u_strFromUTF8WithSub(*u, n + 1, &n, s, (int32_t)len, 0xFFFD, NULL, &st);
	}
	if (U_FAILURE(st))
		fatal("u_strFromUTF8: %s", u_errorName(st));
	return n;
}

static void key_of(struct buf *out, const char *s, size_t len)
{
	UChar stack[COLLATE_STACK_UNITS], *u;
	int32_t n = to_utf16(s, len, stack, &u);
	UCollator *c = collator();

	/* Keys are usually a little longer than the text; write straight into
	 * the buffer and grow once if ICU says it needs more. */
	size_t avail = (size_t)n * 4 + 16;
	buf_grow(out, avail);
	int32_t k = ucol_getSortKey(c, u, n, (uint8_t *)out->p + out->len, (int32_t)avail);
	if (k > (int32_t)avail) {
		avail = (size_t)k;
		buf_grow(out, avail);
		k = ucol_getSortKey(c, u, n, (uint8_t *)out->p + out->len, (int32_t)avail);
	}
	/* k counts the key's terminating zero byte, which is left out so that
	 * keys can be concatenated; buf keeps a NUL after the contents anyway. */
	if (k > 0)
		out->len += (size_t)k - 1;
	out->p[out->len] = '\0';
	if (u != stack)
		free(u);
}

void collate_key(struct buf *out, const char *s)
{
	key_of(out, s, strlen(s));
}

/* Rewrites "Trần Văn An" as "An Trần Văn" and takes the key of that: the
 * given name decides first, the family and middle names break ties, all at
 * every collation level. */
void collate_key_given_first(struct buf *out, const char *s)
{
	size_t len = strlen(s);
	while (len > 0 && s[len - 1] == ' ')
		len--;
	size_t start = 0;
	while (start < len && s[start] == ' ')
		start++;
	size_t sp = len;
	while (sp > start && s[sp - 1] != ' ')
		sp--;
	if (sp == start) { /* one word */
		key_of(out, s + start, len - start);
		return;
	}
	size_t rest_end = sp;
	while (rest_end > start && s[rest_end - 1] == ' ')
		rest_end--;
	struct buf tmp = BUF_INIT;
	buf_put(&tmp, s + sp, len - sp);
	buf_putc(&tmp, ' ');
	buf_put(&tmp, s + start, rest_end - start);
	key_of(out, tmp.p, tmp.len);
	buf_free(&tmp);
}

int collate_cmp(const char *a, const char *b)
{
	UErrorCode st = U_ZERO_ERROR;
	UCollationResult r = ucol_strcollUTF8(collator(), a, -1, b, -1, &st);
	if (U_SUCCESS(st))
		return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;

	/* Invalid UTF-8: compare the keys, which substitute U+FFFD. */
	struct buf ka = BUF_INIT, kb = BUF_INIT;
	collate_key(&ka, a);
	collate_key(&kb, b);
	size_t n = ka.len < kb.len ? ka.len : kb.len;
	int c = memcmp(ka.p, kb.p, n);
	if (c == 0)
		c = ka.len < kb.len ? -1 : ka.len > kb.len;
	buf_free(&ka);
	buf_free(&kb);
	return c < 0 ? -1 : c > 0;
}
