/* The values a document is rendered from: an ordered list of key=value
 * pairs (a key may repeat, e.g. one "row" per line of an honour roll).
 * Stored with each generated document, so a reproduction needs nothing
 * else. */
#ifndef ANSINH_DOC_VARS_H
#define ANSINH_DOC_VARS_H

#include "base/buf.h"
#include "base/err.h"

struct vars {
	char **k, **v;
	int n, cap;
};

/* Replaces the value of key (or appends it). */
void vars_set(struct vars *vs, const char *key, const char *val);
/* Appends, even when key is there already. */
void vars_add(struct vars *vs, const char *key, const char *val);
/* The (first) value of key, NULL when absent. */
const char *vars_get(const struct vars *vs, const char *key);
/* The value, "" when absent. */
const char *vars_str(const struct vars *vs, const char *key);
void vars_free(struct vars *vs);
/* "key=value\n" per pair; backslash and newline in values as \\ and \n. */
void vars_dump(const struct vars *vs, struct buf *out);
int vars_load(struct vars *vs, const char *text, struct err *e);

#endif
