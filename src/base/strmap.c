#include "base/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"

struct strmap_slot {
	char *key; /* NULL = empty */
	size_t len;
	uint64_t hash;
	int64_t val;
};

/* FNV-1a: short keys, no adversary (keys come from the operator's own file). */
static uint64_t hash_of(const char *k, size_t n)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)k[i];
		h *= 1099511628211u;
	}
	return h;
}

int strmap_get(const struct strmap *m, const char *key, size_t len, int64_t *val)
{
	if (m->cap == 0)
		return 0;
	uint64_t h = hash_of(key, len);
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		const struct strmap_slot *s = &m->slots[i];
		if (s->key == NULL)
			return 0;
		if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0) {
			*val = s->val;
			return 1;
		}
	}
}

static void grow(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 256;
	struct strmap_slot *slots = xcalloc(cap, sizeof *slots);
	for (size_t i = 0; i < m->cap; i++) {
		struct strmap_slot *s = &m->slots[i];
		if (s->key == NULL)
			continue;
		size_t j = s->hash & (cap - 1);
		while (slots[j].key)
			j = (j + 1) & (cap - 1);
		slots[j] = *s;
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
}

void strmap_put(struct strmap *m, const char *key, size_t len, int64_t val)
{
	if ((m->count + 1) * 4 > m->cap * 3)
		grow(m);
	uint64_t h = hash_of(key, len);
	size_t i = h & (m->cap - 1);
	for (;; i = (i + 1) & (m->cap - 1)) {
		struct strmap_slot *s = &m->slots[i];
		if (s->key == NULL)
			break;
		if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0) {
			s->val = val;
			return;
		}
	}
	m->slots[i] = (struct strmap_slot){xstrndup(key, len), len, h, val};
	m->count++;
}

void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->count = 0;
}

int hashset_add(struct hashset *h, const char *key, size_t len)
{
	uint64_t v = hash_of(key, len);
	v += v == 0; /* 0 marks an empty slot */
	if ((h->count + 1) * 2 > h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 1024;
		uint64_t *t = xcalloc(cap, sizeof *t);
		for (size_t i = 0; i < h->cap; i++) {
			if (h->slots[i] == 0)
				continue;
			size_t j = h->slots[i] & (cap - 1);
			while (t[j])
				j = (j + 1) & (cap - 1);
			t[j] = h->slots[i];
		}
		free(h->slots);
		h->slots = t;
		h->cap = cap;
	}
	size_t i = v & (h->cap - 1);
	for (; h->slots[i]; i = (i + 1) & (h->cap - 1))
		if (h->slots[i] == v)
			return 1;
	h->slots[i] = v;
	h->count++;
	return 0;
}

void hashset_free(struct hashset *h)
{
	free(h->slots);
	h->slots = NULL;
	h->cap = h->count = 0;
}
