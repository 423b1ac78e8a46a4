/* Long-option parsing for command handlers: `--name VALUE`, `--name=VALUE`
 * and flags; a spec with a one-letter name is the short form `-x VALUE`
 * (list it beside the long one with the same dest: "out" and "o").  Every option value is validated as UTF-8 and normalised (NFC,
 * trimmed) by args_parse, so handlers only ever see clean text.  Unknown
 * options, missing values and extra positionals are usage errors. */
#ifndef ANSINH_CLI_ARGS_H
#define ANSINH_CLI_ARGS_H

#include <stdint.h>

#include "base/err.h"

enum arg_kind {
	ARG_STR,  /* --name VALUE -> *(char **)dest (malloc'd, owned by args) */
	ARG_FLAG, /* --name       -> *(int *)dest = 1 */
};

struct arg_spec {
	const char *name; /* without the dashes */
	enum arg_kind kind;
	void *dest;
};

#define ARGS_MAX_POS 8

struct args {
	char *pos[ARGS_MAX_POS]; /* positionals, cleaned */
	int npos;
	char *owned[64];         /* every string handed out, freed by args_free */
	int nowned;
};

/* Parses argv[0..argc) (argv[0] is the first word after the command name:
 * sub-command words are positionals).  max_pos bounds the positionals. */
int args_parse(struct args *a, int argc, char **argv, const struct arg_spec *specs,
	       int max_pos, struct err *e);
void args_free(struct args *a);
/* A positive id typed as text ("17"); a usage error naming field when not. */
int args_id(const char *field, const char *s, int64_t *out, struct err *e);
/* A whole number of at least min given to option opt (a usage error otherwise). */
int args_count(const char *opt, const char *s, int64_t min, int64_t *out, struct err *e);

#endif
