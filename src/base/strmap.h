/* A string -> int64_t hash map (open addressing, linear probing) for
 * per-operation caches such as "unit code -> id" during an import.  Keys are
 * copied; nothing is ever removed. */
#ifndef ANSINH_STRMAP_H
#define ANSINH_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_slot;

struct strmap {
	struct strmap_slot *slots;
	size_t cap;   /* power of two */
	size_t count;
};

/* 1 and *val when present, 0 when not. */
int strmap_get(const struct strmap *m, const char *key, size_t len, int64_t *val);
void strmap_put(struct strmap *m, const char *key, size_t len, int64_t val);
void strmap_free(struct strmap *m);

#endif
