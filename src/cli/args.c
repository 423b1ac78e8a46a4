#include "cli/args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/utf8.h"

static char *keep(struct args *a, char *s)
{
	if (a->nowned < (int)(sizeof a->owned / sizeof a->owned[0]))
		a->owned[a->nowned++] = s;
	else
		fatal("too many arguments");
	return s;
}

static char *clean_arg(struct args *a, const char *what, const char *raw, struct err *e)
{
	char *s = text_clean(raw, strlen(raw), e);
	if (s == NULL) {
		err_prefix(e, "%s: ", what);
		e->kind = ERR_USAGE;
		return NULL;
	}
	return keep(a, s);
}

static const struct arg_spec *find_spec(const struct arg_spec *specs, const char *name,
					size_t nlen)
{
	for (const struct arg_spec *s = specs; s && s->name; s++)
		if (strlen(s->name) == nlen && memcmp(s->name, name, nlen) == 0)
			return s;
	return NULL;
}

int args_parse(struct args *a, int argc, char **argv, const struct arg_spec *specs,
	       int max_pos, struct err *e)
{
	memset(a, 0, sizeof *a);
	int only_pos = 0;
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];
		/* -x: the spec named "x" */
		int dash = !only_pos && w[0] == '-' && w[1] && w[1] != '-' && !w[2] ? 1 : 2;
		if (dash == 1 && !find_spec(specs, w + 1, 1))
			dash = 0;
		if (dash == 0 || only_pos || (dash == 2 && (w[0] != '-' || w[1] != '-'))) {
			if (!only_pos && w[0] == '-' && w[1] != '\0' && (w[1] < '0' || w[1] > '9'))
				return err_usage(e, "unknown option '%s'", w);
			if (a->npos >= max_pos || a->npos >= ARGS_MAX_POS)
				return err_usage(e, "unexpected argument '%s'", w);
			char *v = clean_arg(a, "argument", w, e);
			if (v == NULL)
				return -1;
			a->pos[a->npos++] = v;
			continue;
		}
		if (dash == 2 && w[2] == '\0') {
			only_pos = 1;
			continue;
		}
		const char *name = w + dash;
		const char *eq = dash == 2 ? strchr(name, '=') : NULL;
		size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
		const struct arg_spec *s = find_spec(specs, name, nlen);
		if (s == NULL)
			return err_usage(e, "unknown option '--%.*s'", (int)nlen, name);
		if (s->kind == ARG_FLAG) {
			if (eq)
				return err_usage(e, "option --%s takes no value", s->name);
			*(int *)s->dest = 1;
			continue;
		}
		char label[80];
		snprintf(label, sizeof label, "%.*s%s", dash, "--", s->name);
		const char *raw;
		if (eq)
			raw = eq + 1;
		else if (i + 1 < argc)
			raw = argv[++i];
		else
			return err_usage(e, "option %s needs a value", label);
		char *v = clean_arg(a, label, raw, e);
		if (v == NULL)
			return -1;
		*(char **)s->dest = v;
	}
	return 0;
}

void args_free(struct args *a)
{
	for (int i = 0; i < a->nowned; i++)
		free(a->owned[i]);
	a->nowned = 0;
	a->npos = 0;
}

int args_id(const char *field, const char *s, int64_t *out, struct err *e)
{
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (s == NULL || *end || v <= 0)
		return err_usage(e, "%s: '%s' is not an id", field, s ? s : "");
	*out = v;
	return 0;
}

int args_count(const char *opt, const char *s, int64_t min, int64_t *out, struct err *e)
{
	char *end;
	errno = 0;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (s == NULL || !*s || *end || errno || v < min)
		return err_usage(e, "%s: '%s' is not a number of at least %lld", opt, s ? s : "",
				 (long long)min);
	*out = v;
	return 0;
}
