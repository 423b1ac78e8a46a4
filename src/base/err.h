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
};

#define ERR_MSG_MAX 1024

struct err {
	enum err_kind kind;
	char msg[ERR_MSG_MAX];
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

/* Prefixes the existing message, e.g. with "file.csv:12: amount: ". */
void err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void err_clear(struct err *e);
static inline int err_is_set(const struct err *e) { return e->kind != ERR_NONE; }

/* For conditions that cannot be handled (out of memory): print and abort. */
_Noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
