/* Errors are values: functions return 0 or a negative code and describe what
 * went wrong in a struct err the caller owns.  The message is one line that
 * names the place (file, line, field) whenever the failing code knows it. */
#ifndef ANSINH_ERR_H
#define ANSINH_ERR_H

#include <stddef.h>

enum err_kind {
	ERR_NONE = 0,
	ERR_FAIL = 1,   /* the operation failed: exit status 1 */
	ERR_USAGE = 2,  /* the command was called wrongly: exit status 2 */
	/* Failures the web answers with their own HTTP status (exit status 1,
	 * like ERR_FAIL): decided from the kind, never from the text, which
	 * may be translated. */
	ERR_NOTFOUND = 3, /* what the caller named does not exist (404) */
	ERR_CONFLICT = 4, /* it exists already, or its state forbids it (409) */
};

#define ERR_MSG_MAX 1024

struct err {
	enum err_kind kind;
	char msg[ERR_MSG_MAX];
	/* The English format msg was made from, whatever the language it is
	 * in: code that must tell one failure from another and has no kind for
	 * it reads this, never msg (NULL when no format). */
	const char *fmt;
};

/* Records the first error only; later calls keep the original message so the
 * root cause is what the user sees.  Always returns -1 so callers can write
 * `return err_set(e, ...)`. */
int err_set(struct err *e, enum err_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int err_fail(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int err_usage(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

int err_notfound(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int err_conflict(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prefixes the existing message, e.g. with "file.csv:12: amount: ". */
void err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void err_clear(struct err *e);

/* The language of the messages the calling thread formats from now on
 * (thread-local; English until set).  In Vietnamese, every format given to
 * err_set/err_fail/err_usage/err_notfound/err_conflict/err_prefix is looked
 * up in the catalogue (src/text/messages_vi.c, keyed by the English format)
 * and its Vietnamese format, which has the same conversions in the same
 * order, is used; a format without a translation stays English.  See
 * docs/vietnamese.md. */
enum err_lang {
	ERR_LANG_EN = 0,
	ERR_LANG_VI = 1,
};
void err_lang_set(enum err_lang lang);
enum err_lang err_lang_get(void);
/* ERR_LANG_VI when the first set of LC_ALL, LC_MESSAGES, LANG starts with
 * "vi" (the CLI's choice), else ERR_LANG_EN. */
enum err_lang err_lang_from_env(void);

/* The catalogue (src/text/messages_vi.c): the Vietnamese format of an
 * English one, or NULL when it has none. */
const char *err_msg_vi(const char *fmt);
struct err_msg_pair {
	const char *en, *vi;
};
extern const struct err_msg_pair err_msgs_vi[];
extern const size_t err_msgs_vi_count;
static inline int err_is_set(const struct err *e) { return e->kind != ERR_NONE; }

/* For conditions that cannot be handled (out of memory): print and abort. */
_Noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
