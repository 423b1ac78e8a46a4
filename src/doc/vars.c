#include "doc/vars.h"

#include <stdlib.h>
#include <string.h>

void vars_add(struct vars *vs, const char *key, const char *val)
{
	if (vs->n == vs->cap) {
		vs->cap = vs->cap ? vs->cap * 2 : 32;
		vs->k = xrealloc(vs->k, sizeof *vs->k * (size_t)vs->cap);
		vs->v = xrealloc(vs->v, sizeof *vs->v * (size_t)vs->cap);
	}
	vs->k[vs->n] = xstrdup(key);
	vs->v[vs->n] = xstrdup(val ? val : "");
	vs->n++;
}

void vars_set(struct vars *vs, const char *key, const char *val)
{
	for (int i = 0; i < vs->n; i++)
		if (strcmp(vs->k[i], key) == 0) {
			free(vs->v[i]);
			vs->v[i] = xstrdup(val ? val : "");
			return;
		}
	vars_add(vs, key, val);
}

const char *vars_get(const struct vars *vs, const char *key)
{
	for (int i = 0; i < vs->n; i++)
		if (strcmp(vs->k[i], key) == 0)
			return vs->v[i];
	return NULL;
}

const char *vars_str(const struct vars *vs, const char *key)
{
	const char *v = vars_get(vs, key);
	return v ? v : "";
}

void vars_free(struct vars *vs)
{
	for (int i = 0; i < vs->n; i++) {
		free(vs->k[i]);
		free(vs->v[i]);
	}
	free(vs->k);
	free(vs->v);
	memset(vs, 0, sizeof *vs);
}

void vars_dump(const struct vars *vs, struct buf *out)
{
	for (int i = 0; i < vs->n; i++) {
		buf_puts(out, vs->k[i]);
		buf_putc(out, '=');
		for (const char *p = vs->v[i]; *p; p++) {
			if (*p == '\\')
				buf_puts(out, "\\\\");
			else if (*p == '\n')
				buf_puts(out, "\\n");
			else
				buf_putc(out, *p);
		}
		buf_putc(out, '\n');
	}
}

int vars_load(struct vars *vs, const char *text, struct err *e)
{
	struct buf val = BUF_INIT;
	int line = 0;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		line++;
		if (eq == NULL || eq == p) {
			buf_free(&val);
			return err_fail(e, "document values, line %d: not key=value", line);
		}
		buf_reset(&val);
		for (const char *q = eq + 1; q < p + len; q++) {
			if (*q == '\\' && q + 1 < p + len) {
				q++;
				buf_putc(&val, *q == 'n' ? '\n' : *q);
			} else {
				buf_putc(&val, *q);
			}
		}
		char *key = xstrndup(p, (size_t)(eq - p));
		vars_add(vs, key, buf_cstr(&val));
		free(key);
		p += len + (nl != NULL);
	}
	buf_free(&val);
	return 0;
}
