#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local enum err_lang err_lang;

void err_lang_set(enum err_lang lang)
{
	err_lang = lang;
}

enum err_lang err_lang_get(void)
{
	return err_lang;
}

enum err_lang err_lang_from_env(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v != NULL && v[0] != '\0')
			return strncmp(v, "vi", 2) == 0 ? ERR_LANG_VI : ERR_LANG_EN;
	}
	return ERR_LANG_EN;
}

/* The format to use in the thread's language.  Only a failing call pays
 * the look-up.  The compiler checks the English format against the
 * arguments; tests/unit/test_text_messages_vi.c checks that the Vietnamese
 * one has the same conversions. */
static const char *err_local(const char *fmt)
{
	const char *vi;
	if (err_lang == ERR_LANG_VI && (vi = err_msg_vi(fmt)) != NULL)
		return vi;
	return fmt;
}

static int err_vset(struct err *e, enum err_kind kind, const char *fmt, va_list ap)
{
	if (e == NULL || e->kind != ERR_NONE)
		return -1;
	e->kind = kind;
	e->fmt = fmt;
	vsnprintf(e->msg, sizeof e->msg, err_local(fmt), ap);
	return -1;
}

int err_set(struct err *e, enum err_kind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(e, kind, fmt, ap);
	va_end(ap);
	return -1;
}

int err_fail(struct err *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(e, ERR_FAIL, fmt, ap);
	va_end(ap);
	return -1;
}

int err_usage(struct err *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(e, ERR_USAGE, fmt, ap);
	va_end(ap);
	return -1;
}

int err_notfound(struct err *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(e, ERR_NOTFOUND, fmt, ap);
	va_end(ap);
	return -1;
}

int err_conflict(struct err *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(e, ERR_CONFLICT, fmt, ap);
	va_end(ap);
	return -1;
}

void err_prefix(struct err *e, const char *fmt, ...)
{
	char head[ERR_MSG_MAX], old[ERR_MSG_MAX];
	va_list ap;

	if (e == NULL || e->kind == ERR_NONE)
		return;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, err_local(fmt), ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof old);
	/* Truncation is acceptable: the head names the place, the tail the cause. */
	size_t n = strlen(head);
	if (n >= sizeof e->msg)
		n = sizeof e->msg - 1;
	memcpy(e->msg, head, n);
	size_t rest = strlen(old);
	if (rest > sizeof e->msg - 1 - n)
		rest = sizeof e->msg - 1 - n;
	memcpy(e->msg + n, old, rest);
	e->msg[n + rest] = '\0';
}


void err_clear(struct err *e)
{
	e->kind = ERR_NONE;
	e->msg[0] = '\0';
	e->fmt = NULL;
}

_Noreturn void fatal(const char *fmt, ...)
{
	va_list ap;
	fputs("ansinh: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		fatal("out of memory (%zu bytes)", n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		fatal("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		fatal("out of memory (%zu bytes)", n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
