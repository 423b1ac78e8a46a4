/* The one growable byte buffer used to build strings, rows and bodies.
 * The contents are always NUL-terminated after any append, so b->p can be
 * used as a C string.  A zeroed struct buf is a valid empty buffer. */
#ifndef ANSINH_BUF_H
#define ANSINH_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct buf {
	char *p;
	size_t len;
	size_t cap;
};

#define BUF_INIT {NULL, 0, 0}

void buf_grow(struct buf *b, size_t extra);
void buf_put(struct buf *b, const void *data, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_put_i64(struct buf *b, int64_t v);
/* Empties the buffer but keeps its memory. */
void buf_reset(struct buf *b);
void buf_truncate(struct buf *b, size_t len);
/* Returns the contents (never NULL) as a C string owned by the buffer. */
const char *buf_cstr(struct buf *b);
/* Hands the malloc'd string to the caller and leaves the buffer empty. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);

#endif
