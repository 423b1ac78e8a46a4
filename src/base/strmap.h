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

/* A set of strings kept as their 64-bit hashes only (8 bytes a slot, at
 * most half full): a file of a million keys checked for repeats in 16 MB.
 * A repeat is certain to be found; a "seen" answer may, once in about
 * 2^64 / n, be two different strings, so a caller confirms it (e.g. in
 * the database) before calling it a repeat. */
struct hashset {
	uint64_t *slots; /* 0 = empty */
	size_t cap, count;
};
/* Adds the string; 1 when its hash was there already, else 0. */
int hashset_add(struct hashset *h, const char *key, size_t len);
void hashset_free(struct hashset *h);

#endif
